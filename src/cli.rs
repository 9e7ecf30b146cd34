//! Command-line definitions (clap derive). Doc comments here are the `--help` text.

use crate::report::OutputFormat;
use crate::role::Role;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Screen resumes (PDF, DOCX, text) for Python developer roles: green and yellow flags with the
/// evidence that fired them, ranked, as JSON, JSON Lines or CSV.
#[derive(Debug, Parser)]
#[command(name = "resume-screen", version, about, long_about = None)]
#[command(
    after_help = "Examples:\n  resume-screen screen resumes/ --role data -o report.json\n  resume-screen resumes/ --format csv > report.csv\n  resume-screen rules check --rules team-rules/"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Screen files and folders (recursively) and write a ranked report.
    #[command(
        after_help = "Example:\n  resume-screen screen inbox/ --role backend -o shortlist.csv"
    )]
    Screen(ScreenArgs),
    /// Explain one resume: flags with their evidence in context, scorecard, skills, what is missing.
    #[command(after_help = "Example:\n  resume-screen explain inbox/alex.pdf --role data")]
    Explain(ExplainArgs),
    /// Print the normalized text the rules see, with page markers.
    #[command(after_help = "Example:\n  resume-screen extract inbox/alex.pdf | less")]
    Extract(ExtractArgs),
    /// Rank the JSON Lines of several runs (shards) into one report, as one run would have.
    #[command(
        after_help = "Example:\n  resume-screen merge shard-*.jsonl --format csv -o report.csv"
    )]
    Merge(MergeArgs),
    /// Print shell completions (bash, zsh, fish, elvish, powershell) or the man page (`man`).
    #[command(
        after_help = "Example:\n  resume-screen completions bash > /etc/bash_completion.d/resume-screen\n  resume-screen completions man > resume-screen.1"
    )]
    Completions(CompletionsArgs),
    /// Check or list rule packs.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Run rule regression tests: fixtures with NAME.expect.toml expectations.
    #[command(after_help = "Example:\n  resume-screen test --rules team-rules/ team-fixtures/")]
    Test(TestArgs),
    /// Hidden: an isolated extraction worker fed over stdin (started by `screen`).
    #[command(name = "__extract-worker", hide = true)]
    ExtractWorker(WorkerArgs),
}

/// Options that choose and load rule packs.
#[derive(Debug, Args, Clone, Default)]
pub struct RuleArgs {
    /// Extra or replacement rule pack (a .toml file or a folder of them); repeatable.
    #[arg(long = "rules", value_name = "FILE|DIR")]
    pub rules: Vec<PathBuf>,
    /// Use only the packs given with --rules, not the embedded defaults.
    #[arg(long)]
    pub no_default_rules: bool,
}

/// Per-file resource limits.
#[derive(Debug, Args, Clone)]
pub struct LimitArgs {
    /// Largest input file accepted, in MB (1 to 1024).
    #[arg(long, value_name = "MB", default_value_t = 20, value_parser = parse_range::<u64>(1, MAX_FILE_MB, "MB"))]
    pub max_file_size: u64,
    /// CPU-time limit for one file, in seconds (0.1 to 3600): extraction and rule evaluation
    /// each get this much CPU time, whatever the load of the machine.
    #[arg(long, value_name = "SECS", default_value_t = 10.0, value_parser = parse_timeout)]
    pub timeout: f64,
    /// Memory cap of an extraction worker process, in MB (64 to 1048576).
    #[arg(long, value_name = "MB", default_value_t = 1024, value_parser = parse_range::<u64>(64, 1 << 20, "MB"))]
    pub max_memory: u64,
    /// Most pages read from one PDF (1 to 100000).
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = parse_range::<usize>(1, 100_000, "pages"))]
    pub max_pages: usize,
}

/// Largest `--max-file-size`: a request to a worker must fit in one pipe frame.
const MAX_FILE_MB: u64 = 1024;

/// Longest `--timeout`: an hour of CPU time for one resume is already a hang.
const MAX_TIMEOUT_SECS: f64 = 3600.0;

/// Most `-j` threads: more than this only adds worker processes competing for the same cores
/// (and a huge count exhausts threads or processes instead of failing).
pub const MAX_JOBS: usize = 256;

impl LimitArgs {
    /// The limits these options describe (their ranges are checked when parsing).
    pub fn limits(&self) -> crate::extract::Limits {
        crate::extract::Limits {
            max_file_bytes: self.max_file_size.saturating_mul(1024 * 1024),
            timeout: std::time::Duration::from_secs_f64(self.timeout),
            max_memory_bytes: self.max_memory.saturating_mul(1024 * 1024),
            max_pages: self.max_pages,
            ..crate::extract::Limits::default()
        }
    }
}

/// A whole number between `min` and `max`, as a clap value parser.
fn parse_range<T>(
    min: T,
    max: T,
    unit: &'static str,
) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy + Send + Sync + 'static,
{
    move |text: &str| {
        let value: T = text
            .trim()
            .parse()
            .map_err(|_| format!("'{text}' is not a whole number from {min} to {max} {unit}"))?;
        if value < min || value > max {
            return Err(format!("{text} is out of range: use {min} to {max} {unit}"));
        }
        Ok(value)
    }
}

fn parse_timeout(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a number of seconds"))?;
    if !value.is_finite() {
        return Err(format!(
            "'{text}' is not a finite number of seconds: use 0.1 to {MAX_TIMEOUT_SECS}"
        ));
    }
    if !(0.1..=MAX_TIMEOUT_SECS).contains(&value) {
        return Err(format!(
            "{text} is out of range: use 0.1 to {MAX_TIMEOUT_SECS} seconds"
        ));
    }
    Ok(value)
}

/// `-j`: 1 to [`MAX_JOBS`].
fn parse_jobs(text: &str) -> Result<usize, String> {
    parse_range::<usize>(1, MAX_JOBS, "jobs")(text)
}

/// `screen` options.
#[derive(Debug, Args)]
pub struct ScreenArgs {
    /// Files and folders to screen; `-` reads newline-separated paths from stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The role being hired for.
    #[arg(long, value_enum, default_value_t = Role::Backend)]
    pub role: Role,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Report format [default: the -o file's extension (.json, .jsonl, .ndjson, .csv, .html), else
    /// table when stdout is a terminal, else json].
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    #[command(flatten)]
    pub style: StyleArgs,
    /// Write the report to FILE (atomically) instead of stdout. Refused when FILE is an input,
    /// would be screened as one (a resume's name inside an input folder), or is an existing
    /// file beside an input that is not a report.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Parallel jobs, 1 to 256 (default: all cores).
    #[arg(short, long, value_name = "N", value_parser = parse_jobs)]
    pub jobs: Option<usize>,
    /// Count sensitive rules (possible proxies for protected attributes) in the score.
    #[arg(long)]
    pub score_sensitive: bool,
    /// Keep only the N best-ranked candidates (errors are always reported).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Keep only candidates scoring at least S (errors are always reported).
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    pub min_score: Option<f64>,
    /// Reference date for "present" in date ranges, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<crate::rules::YearMonth>,
    /// No progress or summary on stderr.
    #[arg(short, long)]
    pub quiet: bool,
    /// Do not rank: records keep input order with `"rank": 0`. With `--format jsonl` each result
    /// is written as soon as it is ready (candidates and errors interleaved), so huge batches
    /// stream with flat memory; `merge` ranks the shards later. Not allowed with `--top`.
    #[arg(long)]
    pub no_rank: bool,
    /// Blind review: mask e-mail addresses, phone numbers, street addresses, non-code-hosting
    /// URLs and the name line in every snippet, and show candidate ids instead of file names.
    #[arg(long)]
    pub redact: bool,
    /// Follow every symbolic link in the folders, also to files and folders outside them
    /// (without it such links are listed under `skipped`). Links back into a folder being walked
    /// are never followed.
    #[arg(long)]
    pub follow: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// How a report is drawn, beyond its format.
#[derive(Debug, Args)]
pub struct StyleArgs {
    /// Start a CSV report with a UTF-8 byte-order mark, which spreadsheets need to read it as
    /// UTF-8 (Excel otherwise shows "ZoÃ«" for "Zoë").
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = CsvBom::Always)]
    pub csv_bom: CsvBom,
    /// Colour in the table format: auto (a terminal and no NO_COLOR), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Whether a CSV report starts with a byte-order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CsvBom {
    /// Always (the default: what spreadsheets need).
    Always,
    /// Never (for tools that do not expect one).
    Never,
}

/// `explain` options.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The resume to explain.
    pub file: PathBuf,
    /// The role being hired for.
    #[arg(long, value_enum, default_value_t = Role::Backend)]
    pub role: Role,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Count sensitive rules in the score.
    #[arg(long)]
    pub score_sensitive: bool,
    /// Reference date for "present" in date ranges, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<crate::rules::YearMonth>,
    /// Colour: auto (terminal and no NO_COLOR), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Blind review: mask contact details and the candidate's name in the evidence, and show a
    /// candidate id instead of the file name (as `screen --redact`).
    #[arg(long)]
    pub redact: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// `extract` options.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The file to extract.
    pub file: PathBuf,
    /// Mask contact details and the candidate's name in the text (as `screen --redact` does in
    /// snippets), and the file name in errors.
    #[arg(long)]
    pub redact: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// `merge` options.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// JSON Lines files written by `screen --format jsonl` (`-` for stdin).
    #[arg(required = true, value_name = "SHARD.jsonl")]
    pub shards: Vec<PathBuf>,
    /// Report format [default: the -o file's extension (.json, .jsonl, .ndjson, .csv, .html), else
    /// table when stdout is a terminal, else json].
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    #[command(flatten)]
    pub style: StyleArgs,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Keep only the N best-ranked candidates (errors are always reported).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Keep only candidates scoring at least S (errors are always reported).
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    pub min_score: Option<f64>,
    /// Require shards screened for this role [default: the role in the shards' headers].
    #[arg(long, value_enum)]
    pub role: Option<Role>,
    /// The packs the shards were screened with: their fingerprint must match the shards'.
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Require shards screened with this --as-of [default: the shards' headers].
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<crate::rules::YearMonth>,
    /// Require shards screened with --score-sensitive [default: the shards' headers].
    #[arg(long)]
    pub score_sensitive: bool,
    /// Require a blind report: shards must have been screened with --redact (their records lack
    /// the resume text redaction needs, so merge cannot redact them itself).
    #[arg(long)]
    pub redact: bool,
    /// Also merge shards without a header record (written before JSON Lines had one), taking
    /// their settings on the word of the flags above.
    #[arg(long)]
    pub allow_headerless: bool,
}

/// What `completions` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompletionTarget {
    /// Bash completions.
    Bash,
    /// Zsh completions.
    Zsh,
    /// Fish completions.
    Fish,
    /// Elvish completions.
    Elvish,
    /// PowerShell completions.
    Powershell,
    /// The man page, in roff.
    Man,
}

/// `completions` options.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell, or `man` for the man page.
    #[arg(value_enum)]
    pub shell: CompletionTarget,
}

/// `rules` subcommands.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Validate packs: every problem as file:line:col, warnings for rules that never fire,
    /// unused signals, duplicate aliases and rules that match protected attributes.
    #[command(after_help = "Example:\n  resume-screen rules check --rules team-rules/ --strict")]
    Check(RulesCheckArgs),
    /// List the rules in force, one per line.
    #[command(after_help = "Example:\n  resume-screen rules list --role data --format json")]
    List(RulesListArgs),
}

/// `rules check` options.
#[derive(Debug, Args)]
pub struct RulesCheckArgs {
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Exit 1 when your packs have warnings (warnings in the embedded defaults do not count).
    #[arg(long)]
    pub strict: bool,
}

/// Format of `rules list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// One rule per line, aligned columns.
    Text,
    /// A JSON array, for tools.
    Json,
}

/// `rules list` options.
#[derive(Debug, Args)]
pub struct RulesListArgs {
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Only rules in force for this role.
    #[arg(long, value_enum)]
    pub role: Option<Role>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// `test` options.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Fixture files or folders (default: ./fixtures).
    #[arg(value_name = "FIXTURES")]
    pub fixtures: Vec<PathBuf>,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Reference date for "present" in date ranges (default: 2026-06-30, so suites are stable).
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<crate::rules::YearMonth>,
    /// Parallel jobs, 1 to 256 (default: all cores).
    #[arg(short, long, value_name = "N", value_parser = parse_jobs)]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Options of the hidden worker.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Every limit at once, exactly as the parent holds them (JSON); overrides the flags.
    /// The pool passes this so no limit is lost or rounded on the way.
    #[arg(long, value_name = "JSON")]
    pub limits_json: Option<String>,
}

impl WorkerArgs {
    /// The limits the worker runs under.
    pub fn limits(&self) -> Result<crate::extract::Limits, String> {
        match &self.limits_json {
            Some(json) => serde_json::from_str(json).map_err(|e| format!("--limits-json: {e}")),
            None => Ok(self.limits.limits()),
        }
    }
}

fn parse_as_of(text: &str) -> Result<crate::rules::YearMonth, String> {
    crate::rules::YearMonth::parse(text)
        .ok_or_else(|| format!("'{text}' is not a date like 2026-06-30"))
}

/// Inserts `screen` when the first argument is not a subcommand or a top-level flag, like `rg`.
pub fn with_default_subcommand(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    if let Some(first) = args.get(1).and_then(|a| a.to_str()) {
        let top_level_flag = matches!(first, "-h" | "--help" | "-V" | "--version");
        // The subcommand list comes from the parser itself, so a new subcommand is never read
        // as a path to screen.
        let is_subcommand = first == "help"
            || <Cli as clap::CommandFactory>::command()
                .get_subcommands()
                .any(|c| c.get_name() == first || c.get_all_aliases().any(|a| a == first));
        // A misspelled subcommand ("scren") that names no file is a typo, not a path: leave it
        // to the parser, which says which subcommand was meant, instead of screening the rest.
        let typo = !std::path::Path::new(first).exists() && close_to_a_subcommand(first);
        if !top_level_flag && !is_subcommand && !typo {
            args.insert(1, "screen".into());
        }
    }
    args
}

/// True when `word` is one or two edits away from a public subcommand's name (or a prefix of
/// one typed with a slip), the distance at which a typo is far likelier than a real path.
fn close_to_a_subcommand(word: &str) -> bool {
    if word.is_empty() || word.contains(['/', '.', '\\']) {
        return false;
    }
    <Cli as clap::CommandFactory>::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .any(|c| {
            let name = c.get_name();
            let allowed = if name.len() <= 4 { 1 } else { 2 };
            crate::suggest::edit_distance(&word.to_ascii_lowercase(), name) <= allowed
        })
}

#[cfg(test)]
mod default_subcommand_tests {
    use super::with_default_subcommand;

    fn second(args: &[&str]) -> String {
        let args = args.iter().map(Into::into).collect();
        with_default_subcommand(args)[1]
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn paths_get_screen_and_subcommands_stay() {
        assert_eq!(second(&["resume-screen", "inbox/"]), "screen");
        assert_eq!(second(&["resume-screen", "--version"]), "--version");
        for name in [
            "screen",
            "explain",
            "extract",
            "rules",
            "test",
            "merge",
            "completions",
            "help",
            "__extract-worker",
        ] {
            assert_eq!(second(&["resume-screen", name]), name);
        }
    }

    #[test]
    fn a_misspelled_subcommand_is_left_for_the_parser_to_correct() {
        for typo in ["scren", "screeen", "explian", "merg", "Screen", "rulse"] {
            assert_eq!(second(&["resume-screen", typo, "inbox/"]), typo);
        }
        // Words far from every subcommand, and anything shaped like a path, are paths.
        for path in ["inbox", "resumes", "cv.pdf", "./scren", "applicants"] {
            assert_eq!(second(&["resume-screen", path]), "screen");
        }
    }
}

#[cfg(test)]
mod limit_tests {
    use super::*;

    #[test]
    fn limit_values_are_checked_when_parsed() {
        assert_eq!(parse_timeout("2.5"), Ok(2.5));
        for bad in ["inf", "-inf", "nan", "NaN", "0", "0.05", "-1", "3601", "x"] {
            assert!(parse_timeout(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_jobs("256"), Ok(256));
        for bad in ["0", "257", "100000", "-1", "two"] {
            assert!(parse_jobs(bad).is_err(), "{bad}");
        }
        let pages = parse_range::<usize>(1, 10, "pages");
        assert_eq!(pages("10"), Ok(10));
        assert!(pages("11").unwrap_err().contains("1 to 10 pages"));
    }
}
