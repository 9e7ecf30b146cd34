//! One module per subcommand.

pub mod completions;
pub mod explain;
pub mod extract;
pub mod merge;
pub mod rules;
pub mod screen;
pub mod test;
pub mod worker;

use crate::cli::{ColorChoice, CsvBom, RuleArgs, StyleArgs};
use crate::report::{CsvOptions, OutputFormat, TableOptions, WriteOptions};
use crate::rules::{embedded_sources, Diagnostic, Lint, RuleSet, Severity};
use anyhow::{bail, Result};
use std::path::Path;

/// The pack sources `--rules`/`--no-default-rules` select: embedded defaults first, then the
/// given files and folders in order.
pub fn pack_sources(args: &RuleArgs) -> Result<Vec<crate::rules::PackSource>> {
    let mut sources = if args.no_default_rules {
        Vec::new()
    } else {
        embedded_sources()
    };
    sources.extend(crate::rules::set::read_pack_paths(&args.rules).map_err(anyhow::Error::msg)?);
    if sources.is_empty() {
        bail!("no rule packs: --no-default-rules needs at least one --rules pack");
    }
    Ok(sources)
}

/// Loads the selected packs; prints every error and fails on errors, before any resume is read.
///
/// A user's rule that matches protected-attribute text is printed to stderr too: such a rule is
/// still allowed to run, but whoever screens with it should hear about it, not only whoever runs
/// `rules check`.
pub fn load_rules(args: &RuleArgs) -> Result<(RuleSet, Vec<Diagnostic>)> {
    let sources = pack_sources(args)?;
    let (set, diagnostics) = RuleSet::load(&sources);
    match set {
        Some(set) => {
            for d in diagnostics
                .iter()
                .filter(|d| d.lint == Some(Lint::ProtectedAttribute) && !d.embedded)
            {
                eprintln!("{d}");
            }
            Ok((set, diagnostics))
        }
        None => {
            for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
                eprintln!("{d}");
            }
            let count = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            bail!("invalid rule packs ({count} error(s)); nothing was screened")
        }
    }
}

/// Applies `--top` to a ranked store: keeps the first `top` and everyone tied with the last of
/// them, says on stderr (unless `quiet`) how many more that kept, and returns that number for
/// `summary.kept_for_ties`.
pub fn trim_top(
    store: &mut crate::report::compact::CandidateStore,
    top: Option<usize>,
    quiet: bool,
) -> usize {
    let Some(top) = top else {
        return 0;
    };
    let kept_for_ties = store.truncate_keeping_ties(top);
    if kept_for_ties > 0 && !quiet {
        eprintln!(
            "resume-screen: note: --top {top} kept {} candidates: {kept_for_ties} more tie with the last of the first {top} (summary.kept_for_ties)",
            top + kept_for_ties
        );
    }
    kept_for_ties
}

/// Loads the packs and compiles them for one role: what `screen`, `explain` and `merge` share.
/// `as_of` defaults to today.
pub fn load_engine(
    rules: &RuleArgs,
    role: crate::role::Role,
    score_sensitive: bool,
    as_of: Option<crate::rules::YearMonth>,
) -> Result<(RuleSet, crate::rules::Engine, crate::rules::EngineOptions)> {
    let (set, _warnings) = load_rules(rules)?;
    let options = crate::rules::EngineOptions {
        role,
        score_sensitive,
        as_of: as_of.unwrap_or_else(crate::rules::YearMonth::today),
    };
    let engine = crate::rules::Engine::new(&set, options);
    Ok((set, engine, options))
}

/// The format and drawing options of a report written to `output` (stdout when `None`).
pub fn report_style(
    format: Option<OutputFormat>,
    style: &StyleArgs,
    output: Option<&Path>,
) -> (OutputFormat, WriteOptions) {
    use std::io::IsTerminal;
    let to_terminal = output.is_none() && std::io::stdout().is_terminal();
    let format = OutputFormat::resolve(format, output, to_terminal);
    let colour = match style.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && colour_wanted(),
    };
    // COLUMNS first: it is how a user (or a test) says how wide to draw.
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&c: &usize| c > 0)
        .or_else(|| {
            to_terminal
                .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
                .flatten()
        })
        .unwrap_or(crate::report::DEFAULT_WIDTH);
    let options = WriteOptions {
        csv: CsvOptions {
            bom: style.csv_bom == CsvBom::Always,
        },
        table: TableOptions { width, colour },
    };
    (format, options)
}

/// Colour unless the user opted out (https://no-color.org) or the terminal cannot show it.
pub fn colour_wanted() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    // A dumb terminal would print the escape codes as garbage.
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    !no_color && !dumb
}
