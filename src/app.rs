//! Command dispatch: parsed arguments in, exit code out. Library code returns typed errors;
//! here they become messages on stderr and the exit codes DESIGN.md fixes.

use crate::cli::{Cli, Command};
use crate::commands;
use crate::exit::is_broken_pipe;
pub use crate::exit::Exit;
use clap::Parser;
use std::ffi::OsString;

/// Runs the tool with these arguments (the first is the program name).
pub fn run(args: Vec<OsString>) -> Exit {
    let args = crate::cli::with_default_subcommand(args);
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                Exit::Fatal
            } else {
                Exit::Success
            };
        }
    };
    let result = match cli.command {
        Command::Screen(args) => commands::screen::run(args),
        Command::Test(args) => commands::test::run(args),
        Command::Explain(args) => commands::explain::run(args),
        Command::Merge(args) => commands::merge::run(args),
        Command::Completions(args) => commands::completions::run(args),
        Command::Extract(args) => commands::extract::run(args),
        Command::Rules(crate::cli::RulesCommand::Check(args)) => commands::rules::check(args),
        Command::Rules(crate::cli::RulesCommand::List(args)) => commands::rules::list(args),
        Command::ExtractWorker(args) => commands::worker::run(args),
    };
    match result {
        Ok(exit) => exit,
        Err(err) => {
            if is_broken_pipe(&err) {
                return Exit::Success;
            }
            eprintln!("resume-screen: error: {err:#}");
            Exit::Fatal
        }
    }
}
