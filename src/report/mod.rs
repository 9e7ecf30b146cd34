//! Report stage: the serde types of the report schema (DESIGN.md, `schema_version` 2) and the
//! writers for each output format. The types are serialize-only and kept apart from the logic so
//! the schema is visible in one place; tests read reports back with `deny_unknown_fields`.
//!
//! A [`Report`] holds whole [`Candidate`]s; `screen` builds a [`CompactReport`] instead, which
//! keeps each candidate as its serialized record (see [`compact`]) and writes the same bytes.

pub mod compact;
mod csv;
mod html;
pub mod path;
mod table;

pub use compact::{
    write_jsonl_header, write_jsonl_record, write_jsonl_record_marked, CandidateStore,
    CompactCandidate, CompactReport, Header, PrettyWriter,
};
pub use csv::CsvOptions;
pub use path::display_path;
pub use table::{terminal_safe, TableOptions, DEFAULT_WIDTH};

use crate::rules::set::PackInfo;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Version of the report schema; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 2;

/// Visits each candidate of a report in order; called once per pass over the candidates.
type ForEach<'a> =
    dyn Fn(&mut dyn FnMut(compact::Row<'_>) -> io::Result<()>) -> io::Result<()> + 'a;

/// What the writers that read candidates as records (CSV, table, HTML) are given, whichever
/// report holds the records: one writer per format for the compact store and for the
/// reference [`Report`] alike.
struct Records<'a> {
    /// Everything before the candidates.
    pub header: &'a Header,
    /// The candidates, in report order.
    pub for_each: &'a ForEach<'a>,
    /// Every candidate's score in report order, known without a pass over the records (the
    /// HTML histogram comes before the table).
    pub scores: &'a [f64],
    /// Inputs that could not be screened.
    pub errors: &'a [ErrorEntry],
    /// Files the walk left out.
    pub skipped: &'a [SkippedEntry],
    /// Scorecard categories in pack order.
    pub scorecard_columns: &'a [String],
}

/// Writes `records` as CSV, a table or HTML.
fn write_records(
    format: OutputFormat,
    records: &Records<'_>,
    options: &WriteOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Csv => csv::write(records, options.csv, out),
        OutputFormat::Table => table::write(records, options.table, out),
        OutputFormat::Html => html::write(records, out),
        OutputFormat::Json | OutputFormat::Jsonl => {
            unreachable!("JSON is written from the report itself, not its records")
        }
    }
}

/// How a report is written, beyond its format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// CSV only.
    pub csv: CsvOptions,
    /// Table only.
    pub table: TableOptions,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// One JSON document.
    Json,
    /// JSON Lines: a header record, then one object per candidate, then one per error, then one
    /// per skipped file.
    Jsonl,
    /// CSV, one row per input, for spreadsheets.
    Csv,
    /// An aligned table of the ranking for a terminal, then the inputs not screened.
    Table,
    /// One self-contained HTML page (no network, no external files): the ranked table with
    /// sorting and filters, a score histogram, each candidate's evidence, errors and skipped files.
    Html,
}

impl OutputFormat {
    /// The format a report file's extension asks for: `.json`, `.jsonl` or `.ndjson`, `.csv`,
    /// `.html` or `.htm`.
    pub fn from_extension(path: &std::path::Path) -> Option<OutputFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "json" => Some(OutputFormat::Json),
            "jsonl" | "ndjson" => Some(OutputFormat::Jsonl),
            "csv" => Some(OutputFormat::Csv),
            "html" | "htm" => Some(OutputFormat::Html),
            _ => None,
        }
    }

    /// The format to write: `--format` when given, else the one `-o FILE`'s extension names,
    /// else a table for a person at a terminal (no `-o`, stdout a terminal), else JSON, so
    /// scripts and pipes get what they always got. (`-o shortlist.csv` alone writes CSV, not
    /// JSON into a file named .csv.)
    pub fn resolve(
        explicit: Option<OutputFormat>,
        output: Option<&std::path::Path>,
        stdout_is_terminal: bool,
    ) -> OutputFormat {
        explicit
            .or_else(|| output.and_then(OutputFormat::from_extension))
            .unwrap_or(if output.is_none() && stdout_is_terminal {
                OutputFormat::Table
            } else {
                OutputFormat::Json
            })
    }
}

/// The whole report as plain serde renders it: the reference the compact writers
/// ([`CompactReport`]) must reproduce byte for byte. Batches never hold one; tests do.
#[cfg(test)]
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Everything before the candidates.
    #[serde(flatten)]
    pub header: Header,
    /// Screened inputs, ranked.
    pub candidates: Vec<Candidate>,
    /// Inputs that could not be screened, by path.
    pub errors: Vec<ErrorEntry>,
    /// Files the walk left out, by path.
    pub skipped: Vec<SkippedEntry>,
    /// Scorecard categories in pack order: the CSV's last columns, even with no candidates.
    #[serde(skip)]
    pub scorecard_columns: Vec<String>,
}

/// Tool name and version.
#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    /// `resume-screen`.
    pub name: String,
    /// Crate version.
    pub version: String,
}

impl Default for Tool {
    fn default() -> Self {
        Tool {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// Packs and their fingerprint.
#[derive(Debug, Clone, Serialize)]
pub struct RulesInfo {
    /// Packs in load order.
    pub packs: Vec<PackInfo>,
    /// SHA-256 over the packs.
    pub fingerprint: String,
}

/// Settings that change results.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    /// Reference month for "present" in date ranges.
    pub as_of: String,
    /// Whether sensitive rules were scored.
    pub score_sensitive: bool,
    /// Whether snippets were redacted.
    pub redact: bool,
}

/// Batch counts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Files screened or failed (skipped files are not inputs).
    pub inputs: usize,
    /// Files screened.
    pub screened: usize,
    /// Files that failed.
    pub failed: usize,
    /// Files the walk saw and left out, each listed under `skipped` with the reason.
    pub skipped: usize,
    /// Wall-clock time of the batch.
    pub elapsed_ms: u64,
    /// Candidates kept past `--top N` because they tie with the N-th: a cut never falls
    /// inside a tie. Absent when nothing was kept for that.
    #[serde(skip_serializing_if = "is_zero")]
    pub kept_for_ties: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One screened resume.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    /// 1-based position in the ranking, or 0 when the batch was not ranked (`screen --no-rank`:
    /// records in input order, or in the order they were screened when streamed as JSON Lines).
    pub rank: usize,
    /// Path as given or found, in the escaped form of [`display_path`] (a redacted id with
    /// `--redact`).
    pub path: String,
    /// Base64 of the path's raw bytes, only when the name is not UTF-8 (never with `--redact`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_bytes: Option<String>,
    /// The candidate's name as the resume's name line gives it; absent when none looks like a
    /// name, and always with `--redact`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The first e-mail address in the resume; absent when there is none, and with `--redact`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// SHA-256 of the file bytes.
    pub sha256: String,
    /// Sniffed format: `pdf`, `docx` or `txt`.
    pub format: String,
    /// Which extractor produced the text.
    pub extractor: String,
    /// −100…100: the sum of `breakdown`.
    pub score: f64,
    /// What the score is made of: one entry per component, with its points, maximum and
    /// evidence, summing exactly to `score`.
    pub breakdown: Vec<crate::score::Component>,
    /// Green flags, by id.
    pub green: Vec<FlagEntry>,
    /// Yellow flags, by id.
    pub yellow: Vec<FlagEntry>,
    /// Relevant dated experience and the positions it was read from.
    pub experience: Experience,
    /// Skills found by category, sorted by name: where each was named and for how long.
    pub skills: BTreeMap<String, Vec<SkillEntry>>,
    /// Level 0–3 per scorecard category, in pack order.
    pub scorecard: Scorecard,
    /// What extraction had to repair (e.g. invalid UTF-8 bytes replaced); absent when nothing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Path of another input with the same bytes or the same normalized text, if any, written
    /// as that input's `path` is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
    /// SHA-256 of the normalized text: two files with equal text are the same resume.
    #[serde(skip)]
    pub text_sha256: [u8; 32],
}

/// Years of relevant experience and the dated positions behind them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Experience {
    /// Years of relevant dated work, overlaps counted once (or a larger figure the resume states
    /// outright, e.g. "6+ years of Python"), as of `--as-of`.
    pub years: f64,
    /// Positions found in the experience sections, in resume order.
    pub positions: Vec<PositionEntry>,
}

/// One dated position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PositionEntry {
    /// Job title as written; empty when none was found.
    pub title: String,
    /// Employer as written; empty when none was found.
    pub employer: String,
    /// First month, "YYYY-MM" (July when only the year was written).
    pub from: String,
    /// Last month, "YYYY-MM", or "present".
    pub to: String,
    /// Months covered, as of `--as-of`.
    pub months: u32,
    /// Whether the position shows technical work (a technical title or skill in its lines);
    /// only relevant positions count toward `years`.
    pub relevant: bool,
    /// 1-based line of its date range.
    pub line: u32,
}

/// A skill found, with where and how long it was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillEntry {
    /// Canonical name.
    pub name: String,
    /// Months of the relevant dated positions whose lines name it, overlaps counted once.
    pub months: u32,
    /// Last month of those positions, "YYYY-MM"; absent when no dated position names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used: Option<String>,
    /// Kinds of section it is named in.
    pub sections: Vec<String>,
    /// Named only with a qualifier such as "basic" or "familiar with": listed, never evidence.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub weak: bool,
}

/// Scorecard levels in pack order (serialized as a JSON object).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scorecard(pub Vec<(String, u8)>);

impl Serialize for Scorecard {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (category, level) in &self.0 {
            map.serialize_entry(category, level)?;
        }
        map.end()
    }
}

/// A fired flag.
#[derive(Debug, Clone, Serialize)]
pub struct FlagEntry {
    /// Rule id.
    pub id: String,
    /// Rule title.
    pub title: String,
    /// Rule category.
    pub category: String,
    /// Weight for the role.
    pub weight: f64,
    /// Possible proxy for a protected attribute; unscored unless `--score-sensitive`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sensitive: bool,
    /// What fired it.
    pub evidence: Vec<EvidenceEntry>,
    /// What was looked for and missing, or figures the rule computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One piece of evidence.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceEntry {
    /// Matched text.
    pub text: String,
    /// 1-based line in the extracted text.
    pub line: u32,
    /// 1-based page (PDF only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// The line around the match.
    pub snippet: String,
    /// The kind of section it was found in (`experience`, `projects`, `skills`, `education`,
    /// `certifications`, `summary`, `other`).
    pub section: String,
    /// Index into `experience.positions` of the position whose lines hold it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
    /// Integrity evidence only: how the text was hidden (`hidden-text`: `vanish`,
    /// `same-colour-as-page`, `tiny-font`, ...) or disguised (`lookalike-characters`:
    /// `mixed-script`, `invisible-characters`). Hidden text is never evidence for anything else.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub how: Option<String>,
}

/// An input that could not be screened.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ErrorEntry {
    /// Path as given or found, escaped as a candidate's `path` is.
    pub path: String,
    /// Base64 of the path's raw bytes, only when the name is not UTF-8 (never with `--redact`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_bytes: Option<String>,
    /// Stable snake_case kind.
    pub kind: String,
    /// What happened and what to do.
    pub message: String,
}

/// A file a folder walk saw and left out (hidden, a report, a lock file, not a resume's type, a
/// symbolic link out of the input folders...), so that every file is accounted for.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SkippedEntry {
    /// Path as found, escaped like every path of the report.
    pub path: String,
    /// Base64 of the raw name when it is not UTF-8 (never under `--redact`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_bytes: Option<String>,
    /// Why it was left out.
    pub reason: String,
}

#[derive(Serialize)]
struct Line<'a, T> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    item: &'a T,
}

/// Writes a candidate as one JSON Lines record.
#[cfg(test)]
pub fn write_jsonl_candidate(out: &mut dyn Write, candidate: &Candidate) -> io::Result<()> {
    write_line(out, "candidate", candidate)
}

/// Writes an error as one JSON Lines record.
pub fn write_jsonl_error(out: &mut dyn Write, error: &ErrorEntry) -> io::Result<()> {
    write_line(out, "error", error)
}

/// Writes a skipped file as one JSON Lines record.
pub fn write_jsonl_skipped(out: &mut dyn Write, skipped: &SkippedEntry) -> io::Result<()> {
    write_line(out, "skipped", skipped)
}

fn write_line<T: Serialize>(out: &mut dyn Write, kind: &'static str, item: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &Line { kind, item })?;
    out.write_all(b"\n")
}

#[cfg(test)]
impl Report {
    /// Writes the report in `format`.
    pub fn write(&self, format: OutputFormat, out: &mut dyn Write) -> io::Result<()> {
        match format {
            OutputFormat::Json => {
                serde_json::to_writer_pretty(&mut *out, self)?;
                out.write_all(b"\n")
            }
            OutputFormat::Jsonl => {
                write_jsonl_header(out, &self.header)?;
                for candidate in &self.candidates {
                    write_jsonl_candidate(out, candidate)?;
                }
                for error in &self.errors {
                    write_jsonl_error(out, error)?;
                }
                for skipped in &self.skipped {
                    write_jsonl_skipped(out, skipped)?;
                }
                Ok(())
            }
            OutputFormat::Csv | OutputFormat::Table | OutputFormat::Html => {
                let records: Vec<Vec<u8>> = self
                    .candidates
                    .iter()
                    .map(serde_json::to_vec)
                    .collect::<serde_json::Result<_>>()?;
                let scores: Vec<f64> = self.candidates.iter().map(|c| c.score).collect();
                let for_each = |f: &mut dyn FnMut(compact::Row<'_>) -> io::Result<()>| {
                    for (candidate, record) in self.candidates.iter().zip(&records) {
                        f(compact::Row {
                            rank: candidate.rank,
                            path: &candidate.path,
                            score: candidate.score,
                            record,
                            duplicate_of: candidate.duplicate_of.as_deref(),
                        })?;
                    }
                    Ok(())
                };
                let view = Records {
                    header: &self.header,
                    for_each: &for_each,
                    scores: &scores,
                    errors: &self.errors,
                    skipped: &self.skipped,
                    scorecard_columns: &self.scorecard_columns,
                };
                write_records(format, &view, &WriteOptions::default(), out)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::OutputFormat;
    use std::path::Path;

    #[test]
    fn format_comes_from_the_flag_then_the_output_extension() {
        let resolve = |explicit, output: Option<&str>| {
            OutputFormat::resolve(explicit, output.map(Path::new), false)
        };
        assert_eq!(resolve(None, None), OutputFormat::Json);
        assert_eq!(resolve(None, Some("short.CSV")), OutputFormat::Csv);
        assert_eq!(resolve(None, Some("out/run.ndjson")), OutputFormat::Jsonl);
        assert_eq!(resolve(None, Some("run.jsonl")), OutputFormat::Jsonl);
        assert_eq!(resolve(None, Some("out/report.html")), OutputFormat::Html);
        assert_eq!(resolve(None, Some("REPORT.HTM")), OutputFormat::Html);
        assert_eq!(resolve(None, Some("report.txt")), OutputFormat::Json);
        assert_eq!(resolve(None, Some("/dev/null")), OutputFormat::Json);
        // The flag wins over the extension.
        assert_eq!(
            resolve(Some(OutputFormat::Jsonl), Some("a.csv")),
            OutputFormat::Jsonl
        );
    }

    #[test]
    fn a_terminal_gets_a_table_unless_a_file_or_format_is_named() {
        let at_terminal = |explicit, output: Option<&str>| {
            OutputFormat::resolve(explicit, output.map(Path::new), true)
        };
        assert_eq!(at_terminal(None, None), OutputFormat::Table);
        assert_eq!(at_terminal(None, Some("r.txt")), OutputFormat::Json);
        assert_eq!(at_terminal(None, Some("r.csv")), OutputFormat::Csv);
        assert_eq!(
            at_terminal(Some(OutputFormat::Json), None),
            OutputFormat::Json
        );
    }
}
