//! Years of experience from date ranges ("Mar 2019 – present", "2015-2018", "06/2020 to 05/2022").
//!
//! Ranges are merged so overlapping jobs are not counted twice; open ends ("present") resolve
//! against a fixed reference date so a run can be reproduced later. Lines about education are
//! skipped: a degree is not work experience.

use crate::normalize::{floor_char_boundary, Document};
use crate::rules::engine::Span;
use regex::Regex;
use std::fmt;
use std::sync::LazyLock;

/// A calendar month, the precision of resume dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    /// Four-digit year.
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl YearMonth {
    /// Parses `YYYY-MM-DD` or `YYYY-MM`.
    pub fn parse(text: &str) -> Option<YearMonth> {
        let mut parts = text.trim().split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        if let Some(day) = parts.next() {
            let day: u32 = day.parse().ok()?;
            if !(1..=31).contains(&day) {
                return None;
            }
        }
        if parts.next().is_some() || !(1..=12).contains(&month) || !(1900..=2200).contains(&year) {
            return None;
        }
        Some(YearMonth { year, month })
    }

    /// Today's month, from the system clock (UTC).
    pub fn today() -> YearMonth {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let (year, month, _) = civil_from_days(secs.div_euclid(86_400));
        YearMonth { year, month }
    }

    fn index(self) -> i64 {
        self.year as i64 * 12 + (self.month as i64 - 1)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Gregorian date from days since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// Years found and the date ranges they came from.
#[derive(Debug, Clone, Default)]
pub struct YearsFound {
    /// Total length of the merged ranges, in years.
    pub years: f64,
    /// The ranges' positions, for evidence.
    pub ranges: Vec<Span>,
}

const MONTH: &str = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?";

/// A range from its first year on: starting at the year lets the regex engine jump between
/// "19"/"20" literals instead of trying every position. The month before it is read separately.
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    let end = format!(
        r"(?:{MONTH}\s+|(\d{{1,2}})\s*[/.]\s*)?(?:((?:19|20)\d\d)|(present|current|now|today|ongoing))"
    );
    Regex::new(&format!(
        r"(?i-u)((?:19|20)\d\d)\s*(?:-|–|—|to|until|till)\s*{end}\b"
    ))
    .expect("date range regex")
});

/// The start month written before a range's first year: "Mar 2019", "03/2019".
static START_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i-u)(?:\b{MONTH}\s+|\b(\d{{1,2}})\s*[/.]\s*)$"))
        .expect("start month regex")
});

static EDUCATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i-u)\b(university|college|school|academy|bootcamp|b\.?sc|m\.?sc|bachelor|master'?s?|ph\.?d|degree|diploma|course|student)\b",
    )
    .expect("education regex")
});

fn month_number(name: Option<regex::Match<'_>>, numeric: Option<regex::Match<'_>>) -> Option<u32> {
    if let Some(name) = name {
        let months = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let lower = name.as_str().to_ascii_lowercase();
        return months
            .iter()
            .position(|m| lower.starts_with(m))
            .map(|i| i as u32 + 1);
    }
    numeric
        .and_then(|m| m.as_str().parse().ok())
        .filter(|m| (1..=12).contains(m))
}

/// Sums the work date ranges of a document, as of `as_of`.
pub fn experience_years(doc: &Document, as_of: YearMonth) -> YearsFound {
    let text = doc.text();
    let mut intervals: Vec<(i64, i64)> = Vec::new();
    let mut ranges = Vec::new();
    // One scan of the whole text; the per-line education check runs only where a range matched.
    let mut education_line: Option<(usize, bool)> = None;
    for caps in RANGE.captures_iter(text) {
        let core = caps.get(0).expect("match");
        if core.as_str().contains('\n')
            || text[..core.start()]
                .bytes()
                .next_back()
                .is_some_and(|b| b.is_ascii_alphanumeric())
        {
            continue;
        }
        let before_from = core.start().saturating_sub(16);
        let before = &text[floor_char_boundary(text, before_from)..core.start()];
        let start_month = START_MONTH.captures(before);
        let whole_start = start_month.as_ref().map_or(core.start(), |m| {
            core.start() - (before.len() - m.get(0).expect("match").start())
        });
        let location = doc.locate(whole_start);
        let is_education = match education_line {
            Some((line_start, known)) if line_start == location.line_start => known,
            _ => {
                let line = &text[location.line_start..location.line_end];
                let known = EDUCATION.is_match(line);
                education_line = Some((location.line_start, known));
                known
            }
        };
        if is_education {
            continue;
        }
        let Ok(from_year) = caps[1].parse::<i32>() else {
            continue;
        };
        let from_month = start_month
            .as_ref()
            .and_then(|m| month_number(m.get(1), m.get(2)))
            .unwrap_or(1);
        let from = YearMonth {
            year: from_year,
            month: from_month,
        };
        let to = if caps.get(5).is_some() {
            as_of
        } else {
            let Some(Ok(year)) = caps.get(4).map(|m| m.as_str().parse::<i32>()) else {
                continue;
            };
            // A year alone as the end means "until some time that year": count it to December.
            let month = month_number(caps.get(2), caps.get(3)).unwrap_or(12);
            YearMonth { year, month }
        };
        let to = to.min(as_of);
        if from > to {
            continue;
        }
        intervals.push((from.index(), to.index() + 1));
        ranges.push(Span {
            start: whole_start,
            end: core.end(),
        });
    }
    intervals.sort();
    let mut months = 0;
    let mut current: Option<(i64, i64)> = None;
    for (lo, hi) in intervals {
        match current {
            Some((clo, chi)) if lo <= chi => current = Some((clo, chi.max(hi))),
            Some((clo, chi)) => {
                months += chi - clo;
                current = Some((lo, hi));
            }
            None => current = Some((lo, hi)),
        }
    }
    if let Some((lo, hi)) = current {
        months += hi - lo;
    }
    YearsFound {
        years: crate::score::round1(months as f64 / 12.0),
        ranges,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(text: &str) -> f64 {
        let as_of = YearMonth {
            year: 2026,
            month: 6,
        };
        experience_years(&Document::from_text(text), as_of).years
    }

    #[test]
    fn parses_dates() {
        assert_eq!(
            YearMonth::parse("2026-11-21"),
            Some(YearMonth {
                year: 2026,
                month: 11
            })
        );
        assert_eq!(YearMonth::parse("2026-13"), None);
        assert_eq!(YearMonth::parse("soon"), None);
        assert!(YearMonth::today().year >= 2024);
    }

    #[test]
    fn sums_and_merges_ranges() {
        assert_eq!(years("Acme, Jan 2020 – Dec 2021"), 2.0);
        assert_eq!(years("Acme 2019 - present"), 7.5);
        // Overlapping jobs count once.
        assert_eq!(years("A: 2018-2020\nB: 2019-2020"), 3.0);
        assert_eq!(years("06/2020 to 05/2022"), 2.0);
    }

    #[test]
    fn skips_education_and_future() {
        assert_eq!(
            years("BSc Computer Science, University of Nowhere, 2012 – 2016"),
            0.0
        );
        assert_eq!(years("Planned: 2030 - 2031"), 0.0);
    }
}
