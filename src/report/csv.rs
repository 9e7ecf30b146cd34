//! CSV output: one row per input, fixed columns `rank,path,score,green,yellow,error`, then one
//! column per scorecard category. RFC 4180 quoting comes from the csv crate.

use super::ErrorEntry;
#[cfg(test)]
use super::Report;
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
    /// Level of a scorecard category, if the candidate has it.
    pub level: &'a dyn Fn(&str) -> Option<u8>,
}

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
        let mut header = vec!["rank", "path", "score", "green", "yellow", "error"];
        header.extend(columns.iter().map(String::as_str));
        writer.write_record(&header).map_err(io_error)?;
        Ok(CsvWriter { writer, columns })
    }

    pub(super) fn candidate(&mut self, candidate: &CsvCandidate<'_>) -> io::Result<()> {
        let mut row = vec![
            candidate.rank.to_string(),
            candidate.path.to_string(),
            format!("{:.1}", candidate.score),
            candidate.green.to_string(),
            candidate.yellow.to_string(),
            String::new(),
        ];
        row.extend(self.columns.iter().map(|column| {
            (candidate.level)(column).map_or(String::new(), |level| level.to_string())
        }));
        self.writer.write_record(&row).map_err(io_error)?;
        Ok(())
    }

    pub(super) fn error(&mut self, error: &ErrorEntry) -> io::Result<()> {
        let mut row = vec![
            String::new(),
            error.path.clone(),
            String::new(),
            String::new(),
            String::new(),
            format!("{}: {}", error.kind, error.message),
        ];
        row.extend(self.columns.iter().map(|_| String::new()));
        self.writer.write_record(&row).map_err(io_error)?;
        Ok(())
    }

    pub(super) fn finish(mut self) -> io::Result<()> {
        self.writer.flush()
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
