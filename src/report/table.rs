//! The ranked list as an aligned table for a terminal: rank, score, years of relevant
//! experience, the candidate's name (or file), and the heaviest flags. Errors follow the table
//! with what to do about them, then one line of counts that points at the full reports.
//!
//! Widths are measured in terminal columns (wide CJK letters count two), the candidate and flag
//! columns share what the terminal has left and are cut with `…`, and every string from a resume
//! or a file name has its control characters replaced, so a hostile name cannot move the cursor
//! or recolour the terminal.

use super::compact::Row;
use super::{ErrorEntry, Records, SkippedEntry};
use serde::Deserialize;
use std::borrow::Cow;
use std::io::{self, Write};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How the table is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableOptions {
    /// Terminal columns available.
    pub width: usize,
    /// ANSI colours (green and yellow flags, bold scores).
    pub colour: bool,
}

impl Default for TableOptions {
    fn default() -> Self {
        TableOptions {
            width: DEFAULT_WIDTH,
            colour: false,
        }
    }
}

/// The width when the output is not a terminal that says how wide it is.
pub const DEFAULT_WIDTH: usize = 100;
/// Narrower than this, columns would be cut to nothing: the table is drawn this wide anyway, and
/// a narrower terminal wraps its lines.
const MIN_WIDTH: usize = 60;
/// Flags shown per candidate, heaviest first; the rest are counted.
const SHOWN_GREEN: usize = 3;
const SHOWN_YELLOW: usize = 2;

/// The fields of a candidate record a row is made of.
#[derive(Deserialize)]
struct Fields {
    #[serde(default)]
    name: Option<String>,
    /// Set when the candidate was marked before it was stored; a batch marks it later.
    #[serde(default)]
    duplicate_of: Option<String>,
    green: Vec<Flag>,
    yellow: Vec<Flag>,
    experience: Experience,
}

#[derive(Deserialize)]
struct Flag {
    id: String,
    weight: f64,
}

#[derive(Deserialize)]
struct Experience {
    years: f64,
}

/// One line of the table before layout.
struct Line {
    rank: usize,
    score: f64,
    years: f64,
    who: String,
    green: Vec<String>,
    yellow: Vec<String>,
    more: usize,
}

/// Writes the table of a report: the ranking, the inputs not screened, the counts.
pub(super) fn write(
    records: &Records<'_>,
    options: TableOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut writer = TableWriter::new(options);
    (records.for_each)(&mut |row| writer.candidate(&row))?;
    writer.finish(
        records.header.summary.screened,
        records.errors,
        records.skipped,
        out,
    )
}

/// Collects the rows of a report, then writes the table, its errors and the closing counts.
pub(super) struct TableWriter {
    options: TableOptions,
    rows: Vec<Line>,
}

impl TableWriter {
    /// An empty table drawn with `options`.
    fn new(options: TableOptions) -> TableWriter {
        TableWriter {
            options,
            rows: Vec::new(),
        }
    }

    /// Adds a candidate from its JSON record.
    fn candidate(&mut self, row: &Row<'_>) -> io::Result<()> {
        let Row {
            rank,
            path,
            score,
            record,
            duplicate_of,
        } = *row;
        let fields: Fields = serde_json::from_slice(record)?;
        let heaviest = |flags: &[Flag], n: usize| {
            let mut sorted: Vec<&Flag> = flags.iter().collect();
            // Stable: equal weights keep report order (by id), so the table leads with the flag
            // whose line the CSV's top_evidence shows.
            sorted.sort_by(|a, b| b.weight.total_cmp(&a.weight));
            sorted
                .into_iter()
                .take(n)
                .map(|f| terminal_safe(&f.id).into_owned())
                .collect::<Vec<_>>()
        };
        let green = heaviest(&fields.green, SHOWN_GREEN);
        let yellow = heaviest(&fields.yellow, SHOWN_YELLOW);
        let more = fields.green.len() + fields.yellow.len() - green.len() - yellow.len();
        let mut who = match fields.name.as_deref() {
            Some(name) => format!("{name} · {}", file_name(path)),
            None => path.to_string(),
        };
        // The whole path of the original: copies often share a file name in other folders.
        if let Some(original) = duplicate_of.or(fields.duplicate_of.as_deref()) {
            who.push_str(&format!(" (copy of {original})"));
        }
        self.rows.push(Line {
            rank,
            score,
            years: fields.experience.years,
            who: terminal_safe(&who).into_owned(),
            green,
            yellow,
            more,
        });
        Ok(())
    }

    /// Writes everything: the table, then the errors, then the counts; `screened` is the
    /// batch's count, which `--top` and `--min-score` may have cut to fewer rows.
    fn finish(
        self,
        screened: usize,
        errors: &[ErrorEntry],
        skipped: &[SkippedEntry],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let width = self.options.width.max(MIN_WIDTH);
        let paint = |sgr: &str, text: &str| -> String {
            if self.options.colour && !text.is_empty() {
                format!("\x1b[{sgr}m{text}\x1b[0m")
            } else {
                text.to_string()
            }
        };
        // rank, score and years are right-aligned numbers; the candidate column gets up to
        // 40% of what is left and never more than its longest entry.
        let rank_width = self
            .rows
            .iter()
            .map(|r| r.rank.to_string().len())
            .max()
            .unwrap_or(0)
            .max("RANK".len());
        let fixed = rank_width + 2 + 6 + 2 + 5 + 2;
        let rest = width.saturating_sub(fixed + 2);
        let longest = self
            .rows
            .iter()
            .map(|r| r.who.width())
            .max()
            .unwrap_or(0)
            .max("CANDIDATE".len());
        let who_width = longest.min(rest * 40 / 100).max(12);
        let flags_width = rest.saturating_sub(who_width).max(12);

        if !self.rows.is_empty() {
            let header = format!(
                "{:>rank_width$}  {:>6}  {:>5}  {}  {}",
                "RANK",
                "SCORE",
                "YEARS",
                pad("CANDIDATE", who_width),
                "FLAGS"
            );
            writeln!(out, "{}", paint("1", header.trim_end()))?;
        }
        for row in &self.rows {
            let rank = if row.rank == 0 {
                "-".to_string()
            } else {
                row.rank.to_string()
            };
            let score = format!("{:>6.1}", row.score);
            let flags = flag_cell(row, flags_width, self.options.colour);
            let line = format!(
                "{rank:>rank_width$}  {}  {:>5.1}  {}  {flags}",
                paint("1", &score),
                row.years,
                pad(&cut(&row.who, who_width), who_width),
            );
            writeln!(out, "{}", line.trim_end())?;
        }
        if !errors.is_empty() {
            writeln!(out)?;
            writeln!(
                out,
                "{}",
                paint("1;31", &format!("NOT SCREENED ({})", errors.len()))
            )?;
            for error in errors {
                let line = format!(
                    "  {}  {}: {}",
                    terminal_safe(&error.path),
                    error.kind,
                    terminal_safe(&error.message),
                );
                writeln!(out, "{}", cut(&line, width))?;
            }
        }
        writeln!(out)?;
        let shown = if self.rows.len() < screened {
            format!("{} shown of {screened} screened", self.rows.len())
        } else {
            format!("{screened} screened")
        };
        let mut counts = format!(
            "{shown}, {} not screened, {} skipped",
            errors.len(),
            skipped.len()
        );
        if !skipped.is_empty() {
            counts.push_str(" (the reasons: -o report.json)");
        }
        writeln!(out, "{}", cut(&counts, width))?;
        writeln!(
            out,
            "{}",
            paint(
                "2",
                &cut(
                    "The evidence for every point: -o report.html, -o report.csv, or \
                     `resume-screen explain FILE`.",
                    width
                )
            )
        )?;
        Ok(())
    }
}

/// The flags of a row, green with `+`, yellow with `!`: whole flags while they fit in `width`
/// columns, and a count of the rest; coloured flag by flag, so a cut never splits a colour.
fn flag_cell(row: &Line, width: usize, colour: bool) -> String {
    let flags: Vec<(String, &str)> = row
        .green
        .iter()
        .map(|id| (format!("+{id}"), "32"))
        .chain(row.yellow.iter().map(|id| (format!("!{id}"), "33")))
        .collect();
    let mut cell = String::new();
    let mut used = 0;
    let mut hidden = row.more;
    for (shown, (flag, sgr)) in flags.iter().enumerate() {
        let rest = row.more + flags.len() - shown - 1;
        let tail = if rest > 0 {
            format!(" +{rest} more").width()
        } else {
            0
        };
        let gap = usize::from(used > 0);
        if used + gap + flag.width() + tail > width {
            hidden = row.more + flags.len() - shown;
            break;
        }
        if gap == 1 {
            cell.push(' ');
        }
        used += gap + flag.width();
        if colour {
            cell.push_str(&format!("\x1b[{sgr}m{flag}\x1b[0m"));
        } else {
            cell.push_str(flag);
        }
    }
    if hidden > 0 {
        let more = format!("+{hidden} more");
        if used > 0 {
            cell.push(' ');
            used += 1;
        }
        // Only a column too narrow for one flag cuts the count itself.
        cell.push_str(&cut(&more, width.saturating_sub(used)));
    }
    cell
}

/// The last component of a path as the report writes it (`/`-separated; a backslash there
/// escapes a byte of the name).
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `text` cut to at most `width` terminal columns, with `…` where it was cut.
fn cut(text: &str, width: usize) -> Cow<'_, str> {
    if text.width() <= width {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// `text` padded with spaces to `width` terminal columns.
fn pad(text: &str, width: usize) -> String {
    let mut padded = text.to_string();
    padded.extend(std::iter::repeat_n(' ', width.saturating_sub(text.width())));
    padded
}

/// Resume text and file names are untrusted: control characters could move the cursor or
/// recolour the terminal, and bidirectional overrides could make shown text read differently
/// from what was matched. They are shown as U+FFFD instead.
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if s.chars().any(unsafe_char) {
        Cow::Owned(
            s.chars()
                .map(|c| if unsafe_char(c) { '\u{FFFD}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(
        writer: &mut TableWriter,
        rank: usize,
        path: &str,
        score: f64,
        record: &[u8],
        duplicate_of: Option<&str>,
    ) -> io::Result<()> {
        writer.candidate(&Row {
            rank,
            path,
            score,
            record,
            duplicate_of,
        })
    }

    fn record(name: Option<&str>, green: &[(&str, f64)], yellow: &[(&str, f64)]) -> Vec<u8> {
        let flags = |flags: &[(&str, f64)]| {
            flags
                .iter()
                .map(|(id, weight)| serde_json::json!({"id": id, "weight": weight}))
                .collect::<Vec<_>>()
        };
        serde_json::to_vec(&serde_json::json!({
            "name": name,
            "green": flags(green),
            "yellow": flags(yellow),
            "experience": {"years": 4.5, "positions": []},
        }))
        .unwrap()
    }

    fn render(writer: TableWriter, errors: &[ErrorEntry]) -> String {
        let mut out = Vec::new();
        let screened = writer.rows.len();
        writer.finish(screened, errors, &[], &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn rows_align_and_show_the_heaviest_flags_first() {
        let mut writer = TableWriter::new(TableOptions::default());
        let green = [
            ("a-light", 1.0),
            ("b-heavy", 3.0),
            ("c-mid", 2.0),
            ("d", 1.0),
        ];
        add(
            &mut writer,
            1,
            "in/jane.pdf",
            83.46,
            &record(Some("Jane Doe"), &green, &[("gap", 1.0)]),
            None,
        )
        .unwrap();
        add(
            &mut writer,
            2,
            "in/张伟.txt",
            5.0,
            &record(None, &[], &[("gap", 1.0)]),
            Some("in/x.txt"),
        )
        .unwrap();
        let table = render(writer, &[]);
        let lines: Vec<&str> = table.lines().collect();
        assert!(table.contains("2 screened"), "{table}");
        assert!(
            lines[0].starts_with("RANK   SCORE  YEARS  CANDIDATE"),
            "{table}"
        );
        assert!(
            lines[1].starts_with("   1    83.5    4.5  Jane Doe · jane.pdf"),
            "{table}"
        );
        assert!(
            lines[1].ends_with("+b-heavy +c-mid +a-light !gap +1 more"),
            "{table}"
        );
        // The flags start in the same terminal column on every row, wide letters included.
        let flags_at = |line: &str| {
            let at = line.find(['+', '!']).unwrap();
            line[..at].width()
        };
        assert!(
            lines[2].contains("in/张伟.txt (copy of in/x.txt)"),
            "{table}"
        );
        assert_eq!(flags_at(lines[1]), flags_at(lines[2]), "{table}");
        assert!(flags_at(lines[1]) > 20);
        assert!(table.contains("2 screened, 0 not screened, 0 skipped"));
    }

    #[test]
    fn a_narrow_terminal_cuts_columns_and_hostile_names_stay_inert() {
        let options = TableOptions {
            width: 60,
            colour: false,
        };
        let mut writer = TableWriter::new(options);
        let name = format!("Evil\x1b[2J{}", "x".repeat(80));
        let green: Vec<(String, f64)> = (0..6).map(|i| (format!("flag-{i}"), 1.0)).collect();
        let green: Vec<(&str, f64)> = green.iter().map(|(id, w)| (id.as_str(), *w)).collect();
        add(
            &mut writer,
            1,
            "a.txt",
            1.0,
            &record(Some(&name), &green, &[]),
            None,
        )
        .unwrap();
        let error = ErrorEntry {
            path: "scan.pdf".to_string(),
            path_bytes: None,
            kind: "no_text".to_string(),
            message: "no extractable text".to_string(),
        };
        let table = render(writer, &[error]);
        assert!(!table.contains('\x1b'), "{table:?}");
        for line in table.lines() {
            assert!(line.width() <= 60, "{line:?}");
        }
        assert!(table.contains('…'));
        assert!(table.contains("NOT SCREENED (1)"));
        assert!(table.contains("scan.pdf  no_text: no extractable text"));
    }

    #[test]
    fn a_trimmed_ranking_says_how_many_were_screened_and_wide_ranks_align() {
        let mut writer = TableWriter::new(TableOptions::default());
        for rank in [9_999, 10_000] {
            add(
                &mut writer,
                rank,
                "a.txt",
                1.0,
                &record(None, &[("x", 1.0)], &[]),
                None,
            )
            .unwrap();
        }
        let mut out = Vec::new();
        writer.finish(12_000, &[], &[], &mut out).unwrap();
        let table = String::from_utf8(out).unwrap();
        assert!(table.contains("2 shown of 12000 screened"), "{table}");
        let lines: Vec<&str> = table.lines().collect();
        assert!(lines[0].starts_with(" RANK   SCORE"), "{table}");
        assert_eq!(lines[1].find('+'), lines[2].find('+'), "{table}");
        assert!(lines[2].starts_with("10000 "), "{table}");
    }

    #[test]
    fn colour_marks_flags_and_scores() {
        let mut writer = TableWriter::new(TableOptions {
            width: 100,
            colour: true,
        });
        add(
            &mut writer,
            1,
            "a.txt",
            50.0,
            &record(None, &[("fast", 2.0)], &[("slow", 1.0)]),
            None,
        )
        .unwrap();
        let table = render(writer, &[]);
        assert!(table.contains("\x1b[32m+fast\x1b[0m"), "{table:?}");
        assert!(table.contains("\x1b[33m!slow\x1b[0m"), "{table:?}");
        assert!(table.contains("\x1b[1m  50.0\x1b[0m"), "{table:?}");
    }
}
