//! `resume-screen completions`: shell completions and the man page, generated from the clap
//! definitions so they never drift from `--help`.

use crate::cli::{Cli, CompletionTarget, CompletionsArgs};
use crate::exit::Exit;
use anyhow::{Context, Result};
use clap::{Command, CommandFactory};
use clap_complete::Shell;
use clap_mangen::Man;
use std::io::Write;

/// Runs `completions`: writes the script (or the roff man page) to stdout.
pub fn run(args: CompletionsArgs) -> Result<Exit> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    write(args.shell, &mut out)?;
    out.flush().context("cannot write to stdout")?;
    Ok(Exit::Success)
}

/// Writes the completions (or the man page) for `target` into `out`.
pub fn write(target: CompletionTarget, out: &mut dyn Write) -> Result<()> {
    let shell = match target {
        CompletionTarget::Bash => Shell::Bash,
        CompletionTarget::Zsh => Shell::Zsh,
        CompletionTarget::Fish => Shell::Fish,
        CompletionTarget::Elvish => Shell::Elvish,
        CompletionTarget::Powershell => Shell::PowerShell,
        CompletionTarget::Man => return man_page(out).context("cannot write the man page"),
    };
    let mut command = without_hidden_subcommands(Cli::command());
    let name = command.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, &name, &mut script);
    if shell == Shell::Bash {
        script = fix_bash_hyphenated_name(&script, &name);
    }
    out.write_all(&script).context("cannot write completions")
}

/// Works around clap-rs/clap#6421: for a binary name with a hyphen, clap_complete's bash script
/// spells a subcommand's state `resume__subcmd__screen__subcmd__merge` in its case arms but
/// `resume__screen__subcmd__merge` in the loop that computes it, so nothing after a subcommand
/// ever completes. Spell the arms the way the loop does.
fn fix_bash_hyphenated_name(script: &[u8], name: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(script);
    if !name.contains('-') {
        return text.into_owned().into_bytes();
    }
    let wrong = format!("{}__subcmd__", name.replace('-', "__subcmd__"));
    let right = format!("{}__subcmd__", name.replace('-', "__"));
    text.replace(&wrong, &right).into_bytes()
}

/// The top-level command without hidden subcommands (the extraction worker), which
/// clap_complete would otherwise offer.
fn without_hidden_subcommands(command: Command) -> Command {
    let visible: Vec<Command> = command
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .cloned()
        .collect();
    // clap's names are `&'static str` (no "string" feature): these are the ones `Cli` uses.
    debug_assert_eq!(command.get_name(), env!("CARGO_PKG_NAME"));
    let mut bare = Command::new(env!("CARGO_PKG_NAME")).version(env!("CARGO_PKG_VERSION"));
    if let Some(about) = command.get_about() {
        bare = bare.about(about.clone());
    }
    bare.args(command.get_arguments().cloned())
        .subcommand_required(command.is_subcommand_required_set())
        .arg_required_else_help(command.is_arg_required_else_help_set())
        .subcommands(visible)
}

/// One man page for the whole tool: the top level, then a section per subcommand (with its
/// synopsis, description, options and examples), since `completions man` writes to stdout.
fn man_page(out: &mut dyn Write) -> std::io::Result<()> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let top = Man::new(command.clone());
    top.render_title(out)?;
    top.render_name_section(out)?;
    top.render_synopsis_section(out)?;
    top.render_description_section(out)?;
    top.render_options_section(out)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        subcommand_sections(sub, out)?;
    }
    if command.get_after_help().is_some() {
        let mut extra = Vec::new();
        top.render_extra_section(&mut extra)?;
        out.write_all(&retitle(&extra, "EXAMPLES"))?;
    }
    top.render_version_section(out)
}

/// `.SH "COMMAND: resume-screen screen"` followed by the subcommand's own sections demoted
/// to `.SS`; nested subcommands (`rules check`) follow their parent.
fn subcommand_sections(sub: &Command, out: &mut dyn Write) -> std::io::Result<()> {
    let name = sub.get_bin_name().unwrap_or(sub.get_name());
    writeln!(out, ".SH \"COMMAND: {}\"", name.replace('-', "\\-"))?;
    let man = Man::new(sub.clone());
    let mut body = Vec::new();
    man.render_synopsis_section(&mut body)?;
    man.render_description_section(&mut body)?;
    if sub.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut body)?;
    }
    if sub.get_after_help().is_some() {
        let mut extra = Vec::new();
        man.render_extra_section(&mut extra)?;
        body.extend(retitle(&extra, "EXAMPLE"));
    }
    out.write_all(&demote(&body))?;
    for nested in sub.get_subcommands().filter(|s| !s.is_hide_set()) {
        subcommand_sections(nested, out)?;
    }
    Ok(())
}

/// Turns section headers (`.SH`) into subsection headers (`.SS`). Text lines never start with
/// a control character: the roff writer escapes them.
fn demote(roff: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(roff);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        match line.strip_prefix(".SH ") {
            Some(rest) => {
                out.push_str(".SS ");
                out.push_str(rest);
            }
            None => out.push_str(line),
        }
    }
    out.into_bytes()
}

/// Renames clap_mangen's `EXTRA` section (our after-help text is examples).
fn retitle(roff: &[u8], title: &str) -> Vec<u8> {
    String::from_utf8_lossy(roff)
        .replacen(".SH EXTRA", &format!(".SH {title}"), 1)
        .into_bytes()
}
