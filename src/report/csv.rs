//! CSV output: one row per input (and per skipped file), fixed columns
//! `rank,path,score,green,yellow,error`, then one column per scorecard category (as DESIGN.md
//! fixes them, so readers by position keep working), then `name,email,experience_years,
//! duplicate_of,top_evidence,missing`. RFC 4180 quoting comes from the
//! csv crate, and a UTF-8 byte-order mark leads by default: without it Excel's default import
//! reads the file as the system's legacy code page ("ZoÃ«" for "Zoë").
//!
//! A spreadsheet does not keep a cell as written: it runs one that starts with `=`, `+`, `-` or
//! `@` (after any whitespace) as a formula, and turns `0042` into 42, `1e5` into 100000,
//! `2024-05-01` or `1-May` into a date and `TRUE` into a boolean. A file name is whatever arrived
//! in the inbox, so every text cell a spreadsheet would read as anything but text is written as a
//! formula that yields the text itself, `="0042"`: the sheet shows `0042`, with no stray quote,
//! and nothing in it runs (the text is a string constant). The JSON report keeps every value as
//! it is; the CSV is for people.

use super::compact::Row;
use super::{ErrorEntry, Records, SkippedEntry};
use serde::Deserialize;
use std::borrow::Cow;
use std::io::{self, Write};

/// How the CSV is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvOptions {
    /// Start with a UTF-8 byte-order mark.
    pub bom: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions { bom: true }
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The columns every report has, before the scorecard's.
const FIXED_COLUMNS: [&str; 6] = ["rank", "path", "score", "green", "yellow", "error"];
/// The columns after the scorecard's.
const EXTRA_COLUMNS: [&str; 6] = [
    "name",
    "email",
    "experience_years",
    "duplicate_of",
    "top_evidence",
    "missing",
];
const PATH: usize = 1;
const ERROR: usize = 5;

/// The fields of a candidate record a row is made of.
#[derive(Deserialize)]
struct Fields {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    breakdown: Vec<Part>,
    /// Set when the candidate was marked before it was stored; a batch marks it later.
    #[serde(default)]
    duplicate_of: Option<String>,
    green: Vec<Flag>,
    yellow: Vec<Flag>,
    experience: Experience,
    scorecard: std::collections::BTreeMap<String, u8>,
}

#[derive(Deserialize)]
struct Part {
    title: String,
    #[serde(default)]
    missing: bool,
}

#[derive(Deserialize)]
struct Flag {
    id: String,
    weight: f64,
    evidence: Vec<Evidence>,
}

#[derive(Deserialize)]
struct Evidence {
    snippet: String,
}

#[derive(Deserialize)]
struct Experience {
    years: f64,
}

/// Writes the CSV of a report: the header row, a row per candidate, error and skipped file.
pub(super) fn write(
    records: &Records<'_>,
    options: CsvOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut writer = CsvWriter::new(out, records.scorecard_columns, options)?;
    (records.for_each)(&mut |row| writer.candidate(&row))?;
    for error in records.errors {
        writer.error(error)?;
    }
    for skipped in records.skipped {
        writer.skipped(skipped)?;
    }
    writer.finish()
}

/// Writes the header row first, then one row per candidate or error.
pub(super) struct CsvWriter<'a> {
    writer: csv::Writer<&'a mut dyn Write>,
    columns: &'a [String],
}

impl<'a> CsvWriter<'a> {
    /// Starts the CSV: the byte-order mark when asked for, then the header row.
    pub(super) fn new(
        out: &'a mut dyn Write,
        columns: &'a [String],
        options: CsvOptions,
    ) -> io::Result<Self> {
        if options.bom {
            out.write_all(BOM)?;
        }
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        let mut header: Vec<Cow<'_, str>> = FIXED_COLUMNS.into_iter().map(Cow::Borrowed).collect();
        // Scorecard categories come from rule packs, which anyone can write: guarded like paths.
        header.extend(columns.iter().map(|column| text_cell(column)));
        header.extend(EXTRA_COLUMNS.into_iter().map(Cow::Borrowed));
        writer
            .write_record(header.iter().map(|cell| cell.as_bytes()))
            .map_err(io_error)?;
        Ok(CsvWriter { writer, columns })
    }

    /// Writes a screened candidate's row.
    fn candidate(&mut self, candidate: &Row<'_>) -> io::Result<()> {
        let fields: Fields = serde_json::from_slice(candidate.record)?;
        let ids = |flags: &[Flag]| {
            flags
                .iter()
                .map(|f| f.id.as_str())
                .collect::<Vec<_>>()
                .join(";")
        };
        let missing = fields
            .breakdown
            .iter()
            .filter(|part| part.missing)
            .map(|part| part.title.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        let mut row: Vec<String> = vec![
            candidate.rank.to_string(),
            text_cell(candidate.path).into_owned(),
            format!("{:.1}", candidate.score),
            text_cell(&ids(&fields.green)).into_owned(),
            text_cell(&ids(&fields.yellow)).into_owned(),
            String::new(),
        ];
        row.extend(self.columns.iter().map(|column| {
            fields
                .scorecard
                .get(column)
                .map_or(String::new(), u8::to_string)
        }));
        let duplicate_of = candidate
            .duplicate_of
            .or(fields.duplicate_of.as_deref())
            .unwrap_or("");
        row.extend([
            text_cell(fields.name.as_deref().unwrap_or("")).into_owned(),
            text_cell(fields.email.as_deref().unwrap_or("")).into_owned(),
            format!("{:.1}", fields.experience.years),
            text_cell(duplicate_of).into_owned(),
            text_cell(&top_evidence(&fields.green)).into_owned(),
            text_cell(&missing).into_owned(),
        ]);
        self.writer.write_record(&row).map_err(io_error)?;
        Ok(())
    }

    /// An unscreened input's row: its kind and message in the `error` column, the kind first.
    fn error(&mut self, error: &ErrorEntry) -> io::Result<()> {
        self.unscreened(&error.path, format!("{}: {}", error.kind, error.message))
    }

    /// A skipped file's row: no rank or score, the reason in the `error` column.
    fn skipped(&mut self, skipped: &SkippedEntry) -> io::Result<()> {
        self.unscreened(&skipped.path, format!("skipped: {}", skipped.reason))
    }

    /// The row of an input that was not screened: only its path and the `error` cell.
    fn unscreened(&mut self, path: &str, error_cell: String) -> io::Result<()> {
        let mut row =
            vec![String::new(); FIXED_COLUMNS.len() + self.columns.len() + EXTRA_COLUMNS.len()];
        row[PATH] = text_cell(path).into_owned();
        row[ERROR] = text_cell(&error_cell).into_owned();
        self.writer.write_record(&row).map_err(io_error)?;
        Ok(())
    }

    /// Flushes what the csv writer still buffers.
    pub(super) fn finish(mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// The line a recruiter reads first: the snippet of the heaviest green flag (the first of equal
/// weight, in report order), after its id; its title when it has no evidence.
fn top_evidence(green: &[Flag]) -> String {
    let mut top: Option<&Flag> = None;
    for flag in green {
        if top.is_none_or(|best| flag.weight > best.weight) {
            top = Some(flag);
        }
    }
    match top {
        Some(flag) => match flag.evidence.first() {
            Some(evidence) => format!("{}: {}", flag.id, evidence.snippet),
            None => flag.id.clone(),
        },
        None => String::new(),
    }
}

/// `text` as a cell a spreadsheet shows exactly as written: unchanged when it would be read as
/// text anyway, else as a formula whose value is the text (see the module docs).
fn text_cell(text: &str) -> Cow<'_, str> {
    if spreadsheet_converts(text) {
        Cow::Owned(as_text_formula(text))
    } else {
        Cow::Borrowed(text)
    }
}

/// Excel and LibreOffice limit a string constant inside a formula to 255 characters; longer
/// text is joined from pieces.
const MAX_CONSTANT_CHARS: usize = 200;

/// `="…"` with `"` doubled, long text joined from pieces with `&`, line breaks as
/// `CHAR(10)`/`CHAR(13)` (a formula's string constant cannot hold one) and `;` as `CHAR(59)`
/// (where `;` separates fields, as in German or French Excel, it would split the formula).
fn as_text_formula(text: &str) -> String {
    let mut formula = String::with_capacity(text.len() + 8);
    formula.push('=');
    let mut open = false;
    let mut in_piece = 0;
    for c in text.chars() {
        let code = match c {
            '\n' => Some("CHAR(10)"),
            '\r' => Some("CHAR(13)"),
            ';' => Some("CHAR(59)"),
            _ => None,
        };
        if let Some(code) = code {
            if open {
                formula.push('"');
                open = false;
            }
            if formula.len() > 1 {
                formula.push('&');
            }
            formula.push_str(code);
            continue;
        }
        if open && in_piece == MAX_CONSTANT_CHARS {
            formula.push('"');
            open = false;
        }
        if !open {
            if formula.len() > 1 {
                formula.push('&');
            }
            formula.push('"');
            open = true;
            in_piece = 0;
        }
        if c == '"' {
            formula.push('"');
        }
        formula.push(c);
        in_piece += 1;
    }
    if open {
        formula.push('"');
    }
    if formula.len() == 1 {
        formula.push_str("\"\"");
    }
    formula
}

/// Whether a spreadsheet's default import would read `text` as something other than that text:
/// a formula, a number, a date or time, a percentage or amount, a boolean or an error value.
/// A `;` followed by a formula start counts too: spreadsheets whose list separator is `;`
/// (German, French, ...) start a new cell there.
fn spreadsheet_converts(text: &str) -> bool {
    let formula_start = |part: &str| {
        matches!(
            part.trim_start().chars().next(),
            Some('=' | '+' | '-' | '@')
        )
    };
    if formula_start(text) || text.split(';').skip(1).any(formula_start) {
        return true;
    }
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return false;
    }
    const WORDS: [&str; 9] = [
        "true",
        "false",
        "wahr",
        "falsch",
        "vrai",
        "faux",
        "verdadero",
        "falso",
        "vero",
    ];
    if WORDS.iter().any(|word| trimmed.eq_ignore_ascii_case(word))
        || (trimmed.starts_with('#')
            && trimmed.ends_with(['!', '?', 'A', 'a'])
            && trimmed.len() <= 15)
    {
        // Booleans, and error values (#N/A, #DIV/0!, #REF!, #NAME?, #SPILL!, #CALC!, ...).
        return true;
    }
    // Numbers in any grouping and any script's digits, exponents, fractions, dates and times
    // written in digits (with AM/PM), percentages, amounts and accounting negatives.
    let lower = trimmed.to_ascii_lowercase();
    let bare = lower
        .strip_suffix("am")
        .or_else(|| lower.strip_suffix("pm"))
        .unwrap_or(&lower);
    let numeric = bare.chars().any(char::is_numeric)
        && bare
            .chars()
            .all(|c| c.is_numeric() || " .,:/-+%()'e$€£¥".contains(c));
    numeric || month_date(trimmed)
}

/// "1-May", "May-2024", "May 1", "3 Jan 2024": dates that spreadsheets read from a month name.
fn month_date(text: &str) -> bool {
    // English, and the other spellings of the languages resumes come in (de, fr, es, it, nl).
    const MONTHS: [&str; 27] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "mär",
        "mai", "okt", "dez", "fév", "avr", "jui", "aoû", "déc", "ene", "abr", "ago", "dic", "gen",
        "mag",
    ];
    let parts: Vec<&str> = text
        .split([' ', '-', '/', '.', ','])
        .filter(|p| !p.is_empty())
        .collect();
    if !(2..=3).contains(&parts.len()) {
        return false;
    }
    let is_month = |p: &str| {
        let lower = p.to_lowercase();
        p.chars().count() >= 3
            && p.chars().count() <= 9
            && MONTHS.iter().any(|m| lower.starts_with(m))
            && p.chars().all(char::is_alphabetic)
    };
    let is_number = |p: &str| p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit());
    parts.iter().all(|p| is_month(p) || is_number(p))
        && parts.iter().filter(|p| is_month(p)).count() == 1
        && parts.iter().any(|p| is_number(p))
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
    use super::{as_text_formula, text_cell, CsvOptions};

    #[test]
    fn cells_a_spreadsheet_would_convert_are_written_as_text_formulas() {
        for (risky, cell) in [
            ("=HYPERLINK(\"x\")", "=\"=HYPERLINK(\"\"x\"\")\""),
            ("+1", "=\"+1\""),
            ("-2+3", "=\"-2+3\""),
            ("@SUM(A1)", "=\"@SUM(A1)\""),
            ("\t=1", "=\"\t=1\""),
            (" =1+2", "=\" =1+2\""),
            ("0042", "=\"0042\""),
            ("1e5", "=\"1e5\""),
            ("2024-05-01", "=\"2024-05-01\""),
            ("12/05/2024", "=\"12/05/2024\""),
            ("00:30", "=\"00:30\""),
            ("5%", "=\"5%\""),
            ("TRUE", "=\"TRUE\""),
            ("false", "=\"false\""),
            ("#N/A", "=\"#N/A\""),
            ("1-May", "=\"1-May\""),
            ("May 2024", "=\"May 2024\""),
            ("=a\nb", "=\"=a\"&CHAR(10)&\"b\""),
            (
                "a;=1+1;b.pdf",
                "=\"a\"&CHAR(59)&\"=1+1\"&CHAR(59)&\"b.pdf\"",
            ),
            ("10:30 AM", "=\"10:30 AM\""),
            ("#SPILL!", "=\"#SPILL!\""),
            ("０４２", "=\"０４２\""),
            ("1 Mai 2024", "=\"1 Mai 2024\""),
            ("déc. 2023", "=\"déc. 2023\""),
        ] {
            assert_eq!(text_cell(risky), cell, "{risky:?}");
        }
        for plain in [
            "resumes/jane.pdf",
            "",
            "   ",
            "'quoted",
            "a=b",
            "Zoë",
            "0042.pdf",
            "Jan 2024 CV.pdf",
            "specific-framework;type-hints",
            "line\nbreak.txt",
            "1.2.3-notes",
            "a;b;c",
            "#hashtag notes",
        ] {
            assert_eq!(text_cell(plain), plain, "{plain:?}");
        }
    }

    #[test]
    fn long_text_is_joined_from_constants_a_spreadsheet_accepts() {
        let long = format!("={}", "x".repeat(450));
        let formula = as_text_formula(&long);
        let pieces: Vec<&str> = formula[1..].split('&').collect();
        assert_eq!(pieces.len(), 3, "{formula}");
        assert!(pieces.iter().all(|p| p.len() <= 202));
        let joined: String = pieces.iter().map(|p| p.trim_matches('"')).collect();
        assert_eq!(joined, long);
    }

    #[test]
    fn the_header_guards_pack_columns_and_the_mark_can_be_dropped() {
        let columns = vec!["=cmd|' /C calc'!A0".to_string(), "python".to_string()];
        let header = |bom| {
            let mut out = Vec::new();
            super::CsvWriter::new(&mut out, &columns, CsvOptions { bom })
                .unwrap()
                .finish()
                .unwrap();
            out
        };
        assert_eq!(
            String::from_utf8(header(false)).unwrap(),
            "rank,path,score,green,yellow,error,\"=\"\"=cmd|' /C calc'!A0\"\"\",python,name,email,\
             experience_years,duplicate_of,top_evidence,missing\r\n"
        );
        assert!(header(true).starts_with(b"\xEF\xBB\xBFrank,"));
    }
}
