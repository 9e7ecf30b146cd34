//! `resume-screen rules check` and `rules list`: the tools of rule authors.

use crate::cli::{ListFormat, RulesCheckArgs, RulesListArgs};
use crate::exit::Exit;
use crate::role::Role;
use crate::rules::file::Kind;
use crate::rules::{RuleSet, Severity};
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// Runs `rules check`: every diagnostic, errors and warnings, then a count.
///
/// `--strict` fails on warnings in the user's own packs only: the embedded defaults are the
/// project's to fix, and a user's CI must not break when a new release warns about them.
pub fn check(args: RulesCheckArgs) -> Result<Exit> {
    let sources = super::pack_sources(&args.rules)?;
    let (_, diagnostics) = RuleSet::load(&sources);
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let default_warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning && d.embedded)
        .count();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for diagnostic in &diagnostics {
        writeln!(out, "{diagnostic}")?;
    }
    let in_defaults = if default_warnings > 0 {
        format!(" ({default_warnings} in the embedded default packs, not counted by --strict)")
    } else {
        String::new()
    };
    writeln!(
        out,
        "{} pack(s) checked: {errors} error(s), {warnings} warning(s){in_defaults}",
        sources.len()
    )?;
    Ok(if errors > 0 {
        Exit::Fatal
    } else if warnings > default_warnings && args.strict {
        Exit::Partial
    } else {
        Exit::Success
    })
}

#[derive(Serialize)]
struct ListedRule<'a> {
    id: &'a str,
    kind: &'static str,
    weight: f64,
    category: &'a str,
    roles: Vec<&'static str>,
    sensitive: bool,
    title: &'a str,
    pack_file: &'a str,
    line: usize,
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Green => "green",
        Kind::Yellow => "yellow",
        Kind::Signal => "signal",
    }
}

/// Runs `rules list`: one rule definition per line (per role when `--role` is given).
pub fn list(args: RulesListArgs) -> Result<Exit> {
    let (set, _) = super::load_rules(&args.rules)?;
    let mut listed: Vec<ListedRule> = set
        .rules
        .iter()
        .filter(|r| args.role.is_none_or(|role| r.applies_to(role)))
        .map(|r| ListedRule {
            id: &r.id,
            kind: kind_name(r.kind),
            weight: args.role.map_or(r.weight, |role| r.weight_for(role)),
            category: &r.category,
            roles: if r.roles.is_empty() {
                Role::ALL.iter().map(|r| r.as_str()).collect()
            } else {
                r.roles.iter().map(|r| r.as_str()).collect()
            },
            sensitive: r.sensitive,
            title: &r.title,
            pack_file: &r.at.file,
            line: r.at.line,
        })
        .collect();
    listed.sort_by(|a, b| {
        (a.kind != "green", a.kind != "yellow", a.id, &a.roles).cmp(&(
            b.kind != "green",
            b.kind != "yellow",
            b.id,
            &b.roles,
        ))
    });
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &listed)?;
            writeln!(out)?;
        }
        ListFormat::Text => {
            let width = listed.iter().map(|r| r.id.len()).max().unwrap_or(2);
            for rule in &listed {
                writeln!(
                    out,
                    "{:<width$}  {:<6}  {:>4}  {:<14}  {:<26}  {:<9}  {}",
                    rule.id,
                    rule.kind,
                    rule.weight,
                    if rule.category.is_empty() {
                        "-"
                    } else {
                        rule.category
                    },
                    rule.roles.join(","),
                    if rule.sensitive { "sensitive" } else { "-" },
                    if rule.title.is_empty() {
                        "-"
                    } else {
                        rule.title
                    },
                )?;
            }
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}
