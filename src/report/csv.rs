//! CSV output: one row per input, fixed columns `rank,path,score,green,yellow,error`, then one
//! column per scorecard category. RFC 4180 quoting comes from the csv crate.

use super::Report;
use std::io::{self, Write};

pub(super) fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let columns = &report.scorecard_columns;
    let mut header = vec!["rank", "path", "score", "green", "yellow", "error"];
    header.extend(columns.iter().map(String::as_str));
    writer.write_record(&header)?;
    for candidate in &report.candidates {
        let ids = |flags: &[super::FlagEntry]| {
            flags
                .iter()
                .map(|f| f.id.as_str())
                .collect::<Vec<_>>()
                .join(";")
        };
        let mut row = vec![
            candidate.rank.to_string(),
            candidate.path.clone(),
            format!("{:.1}", candidate.score),
            ids(&candidate.green),
            ids(&candidate.yellow),
            String::new(),
        ];
        row.extend(columns.iter().map(|column| {
            candidate
                .scorecard
                .0
                .iter()
                .find(|(k, _)| k == column)
                .map_or(String::new(), |(_, level)| level.to_string())
        }));
        writer.write_record(&row)?;
    }
    for error in &report.errors {
        let mut row = vec![
            String::new(),
            error.path.clone(),
            String::new(),
            String::new(),
            String::new(),
            format!("{}: {}", error.kind, error.message),
        ];
        row.extend(columns.iter().map(|_| String::new()));
        writer.write_record(&row)?;
    }
    writer.flush()
}
