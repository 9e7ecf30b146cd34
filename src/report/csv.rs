//! CSV output: one row per input (and per skipped file), fixed columns `rank,path,score,green,yellow,error`, then one
//! column per scorecard category. RFC 4180 quoting comes from the csv crate.
//!
//! A file name is whatever arrived in the inbox, and a spreadsheet runs a cell that starts with
//! `=` as a formula: text cells that start like a formula get a leading `'`, which spreadsheets
//! read as "this is text" (the usual guard against CSV formula injection).

#[cfg(test)]
use super::Report;
use super::{ErrorEntry, SkippedEntry};
use std::borrow::Cow;
use std::io::{self, Write};

/// The reference CSV rendering of a whole [`Report`], for tests of the compact writer.
#[cfg(test)]
pub(super) fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = CsvWriter::new(out, &report.scorecard_columns)?;
    let ids = |flags: &[super::FlagEntry]| {
        flags
            .iter()
            .map(|f| f.id.as_str())
            .collect::<Vec<_>>()
            .join(";")
    };
    for candidate in &report.candidates {
        writer.candidate(&CsvCandidate {
            rank: candidate.rank,
            path: &candidate.path,
            score: candidate.score,
            green: &ids(&candidate.green),
            yellow: &ids(&candidate.yellow),
            experience_years: candidate.experience.years,
            level: &|column: &str| {
                candidate
                    .scorecard
                    .0
                    .iter()
                    .find(|(k, _)| k == column)
                    .map(|(_, level)| *level)
            },
        })?;
    }
    for error in &report.errors {
        writer.error(error)?;
    }
    for skipped in &report.skipped {
        writer.skipped(skipped)?;
    }
    writer.finish()
}

/// What a candidate's row is made of.
pub(super) struct CsvCandidate<'a> {
    pub rank: usize,
    pub path: &'a str,
    pub score: f64,
    /// Green flag ids in report order, joined with `;`.
    pub green: &'a str,
    /// Yellow flag ids in report order, joined with `;`.
    pub yellow: &'a str,
    /// Years of relevant dated experience.
    pub experience_years: f64,
    /// Level of a scorecard category, if the candidate has it.
    pub level: &'a dyn Fn(&str) -> Option<u8>,
}

/// The columns every report has, before the scorecard's.
const FIXED_COLUMNS: [&str; 7] = [
    "rank",
    "path",
    "score",
    "green",
    "yellow",
    "error",
    "experience_years",
];

/// Writes the header row first, then one row per candidate or error.
pub(super) struct CsvWriter<'a> {
    writer: csv::Writer<&'a mut dyn Write>,
    columns: &'a [String],
}

impl<'a> CsvWriter<'a> {
    pub(super) fn new(out: &'a mut dyn Write, columns: &'a [String]) -> io::Result<Self> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        let mut header: Vec<Cow<'_, str>> = FIXED_COLUMNS.into_iter().map(Cow::Borrowed).collect();
        // Scorecard categories come from rule packs, which anyone can write: guarded like paths.
        header.extend(columns.iter().map(|column| text_cell(column)));
        writer
            .write_record(header.iter().map(|cell| cell.as_bytes()))
            .map_err(io_error)?;
        Ok(CsvWriter { writer, columns })
    }

    pub(super) fn candidate(&mut self, candidate: &CsvCandidate<'_>) -> io::Result<()> {
        let mut row = vec![
            candidate.rank.to_string(),
            text_cell(candidate.path).into_owned(),
            format!("{:.1}", candidate.score),
            text_cell(candidate.green).into_owned(),
            text_cell(candidate.yellow).into_owned(),
            String::new(),
            format!("{:.1}", candidate.experience_years),
        ];
        row.extend(self.columns.iter().map(|column| {
            (candidate.level)(column).map_or(String::new(), |level| level.to_string())
        }));
        self.writer.write_record(&row).map_err(io_error)?;
        Ok(())
    }

    pub(super) fn error(&mut self, error: &ErrorEntry) -> io::Result<()> {
        // The kind leads, so the message cannot start a formula.
        self.unscreened(&error.path, format!("{}: {}", error.kind, error.message))
    }

    /// A skipped file's row: no rank or score, the reason in the `error` column.
    pub(super) fn skipped(&mut self, skipped: &SkippedEntry) -> io::Result<()> {
        self.unscreened(&skipped.path, format!("skipped: {}", skipped.reason))
    }

    /// The row of an input that was not screened: only its path and the `error` cell.
    fn unscreened(&mut self, path: &str, error_cell: String) -> io::Result<()> {
        let mut row = vec![String::new(); FIXED_COLUMNS.len() + self.columns.len()];
        row[1] = text_cell(path).into_owned();
        row[5] = error_cell;
        self.writer.write_record(&row).map_err(io_error)?;
        Ok(())
    }

    pub(super) fn finish(mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// `text` as a cell a spreadsheet shows as text: with a leading `'` when its first character
/// other than whitespace makes spreadsheets read a formula (`=`, `+`, `-`, `@`). Spreadsheets
/// skip leading spaces, tabs and line breaks before looking, so " =1+2" is a formula too.
fn text_cell(text: &str) -> Cow<'_, str> {
    match text.trim_start().chars().next() {
        Some('=' | '+' | '-' | '@') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// A csv error as the I/O error it carries, if it is one, so that a closed pipe stays
/// recognizable as `BrokenPipe` (the csv crate's own conversion hides it behind `Other`).
fn io_error(err: csv::Error) -> io::Error {
    if !err.is_io_error() {
        return io::Error::other(err);
    }
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        other => io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::text_cell;

    #[test]
    fn cells_that_start_like_formulas_are_marked_as_text() {
        for risky in [
            "=HYPERLINK(\"x\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            " =1+2",
            "\u{a0}\n-3",
        ] {
            assert_eq!(text_cell(risky), format!("'{risky}"));
        }
        for plain in ["resumes/jane.pdf", "", "   ", "'quoted", "a=b", "Zoë"] {
            assert_eq!(text_cell(plain), plain);
        }
    }

    #[test]
    fn scorecard_columns_from_a_pack_cannot_start_a_formula_in_the_header() {
        let columns = vec!["=cmd|' /C calc'!A0".to_string(), "python".to_string()];
        let mut out = Vec::new();
        super::CsvWriter::new(&mut out, &columns)
            .unwrap()
            .finish()
            .unwrap();
        let header = String::from_utf8(out).unwrap();
        assert_eq!(
            header,
            "rank,path,score,green,yellow,error,experience_years,'=cmd|' /C calc'!A0,python\r\n"
        );
    }
}
