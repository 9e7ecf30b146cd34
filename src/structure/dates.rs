//! Date ranges as resumes write them: "Jan 2022 – Present", "01/2020 - 03/2023", "2021/03 –
//! 2023/04", "05.2023 – heute", "2019–now", "since 2020", "März 2019 bis Juni 2021", ranges broken
//! over a line end, in English, German, French, Spanish, Italian, Portuguese and Dutch.
//!
//! Month arithmetic is on month indices (`year * 12 + month - 1`). A range covers whole months:
//! "Jan 2020 – Dec 2021" is 24 months. A year written alone stands for its middle (July), so
//! "2021 – 2022" is 12 months and "2015 – 2019" 48: a person who writes only years may have
//! started in January or in December, and the middle is the unbiased guess. A range inside one
//! year written with years only ("2021 – 2021") counts six months.

use regex::Regex;
use std::fmt;
use std::sync::LazyLock;

/// A calendar month, the precision of resume dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

    /// Months since year 0: consecutive months have consecutive indices.
    pub fn index(self) -> i64 {
        self.year as i64 * 12 + (self.month as i64 - 1)
    }

    /// The month of a month index.
    pub fn from_index(index: i64) -> YearMonth {
        YearMonth {
            year: index.div_euclid(12) as i32,
            month: index.rem_euclid(12) as u32 + 1,
        }
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

/// The end of a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeEnd {
    /// A written date.
    Date(YearMonth),
    /// "present", "heute", "now": resolved against the run's reference date.
    Present,
}

impl fmt::Display for RangeEnd {
    /// "YYYY-MM", or "present".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RangeEnd::Date(month) => month.fmt(f),
            RangeEnd::Present => f.write_str("present"),
        }
    }
}

/// A date range found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    /// Byte offset of the range's first character in the text.
    pub start: usize,
    /// Byte offset just past its last character.
    pub end: usize,
    /// First month (July of the year when only the year was written).
    pub from: YearMonth,
    /// Whether the start was written with its month.
    pub from_has_month: bool,
    /// Last month or "present".
    pub to: RangeEnd,
    /// Whether the end was written with its month (true for "present").
    pub to_has_month: bool,
}

impl DateRange {
    /// The range as half-open month indices `[first, past_last)`, with "present" and any later
    /// date cut at `as_of`. `None` when it lies wholly after `as_of` or runs backwards.
    pub fn interval(&self, as_of: YearMonth) -> Option<(i64, i64)> {
        let cap = as_of.index() + 1;
        let mut first = self.from.index();
        let mut past_last = match self.to {
            RangeEnd::Present => cap,
            // A month written is counted whole; a year alone ends at its middle.
            RangeEnd::Date(to) if self.to_has_month => to.index() + 1,
            RangeEnd::Date(to) => to.index(),
        };
        let years_only = !self.from_has_month && !self.to_has_month;
        if years_only && self.to != RangeEnd::Present && past_last == first {
            // "2021 – 2021": some months of that year; half of it is the honest guess.
            first -= 3;
            past_last += 3;
        }
        past_last = past_last.min(cap);
        (first < past_last).then_some((first, past_last))
    }

    /// Months the range covers as of `as_of` (0 when it is in the future).
    pub fn months(&self, as_of: YearMonth) -> u32 {
        self.interval(as_of).map_or(0, |(a, b)| (b - a) as u32)
    }
}

/// Month names and their common abbreviations, by language, as (prefix, month): a word that
/// starts with one of these (and is at most a few letters longer) names that month.
const MONTH_WORDS: &[(&str, u32)] = &[
    // English
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    // German
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("maerz", 3),
    ("mär", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("okt", 10),
    ("dezember", 12),
    ("dez", 12),
    // French
    ("janvier", 1),
    ("janv", 1),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("fév", 2),
    ("mars", 3),
    ("avril", 4),
    ("avr", 4),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("déc", 12),
    // Spanish
    ("enero", 1),
    ("ene", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("abr", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("ago", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("dic", 12),
    // Italian
    ("gennaio", 1),
    ("gen", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("mag", 5),
    ("giugno", 6),
    ("giu", 6),
    ("luglio", 7),
    ("lug", 7),
    ("settembre", 9),
    ("set", 9),
    ("ottobre", 10),
    ("ott", 10),
    ("dicembre", 12),
    // Portuguese
    ("janeiro", 1),
    ("fevereiro", 2),
    ("fev", 2),
    ("março", 3),
    ("marco", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("out", 10),
    ("novembro", 11),
    ("dezembro", 12),
    // Dutch
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    ("oktober", 10),
];

/// The month a word names, if it is a month name or abbreviation in one of the languages:
/// a listed spelling, or a longer word that is still the start of that month's full name
/// ("Septemb"). "Marketing" starts like "Mar" but is no month.
fn month_of_word(word: &str) -> Option<u32> {
    let lower = word.trim_end_matches('.').to_lowercase();
    if lower.chars().count() < 3 {
        return None;
    }
    if let Some((_, month)) = MONTH_WORDS.iter().find(|(name, _)| *name == lower) {
        return Some(*month);
    }
    MONTH_WORDS
        .iter()
        .find(|(name, _)| name.starts_with(lower.as_str()) && name.chars().count() > 4)
        .map(|(_, month)| *month)
}

/// The first year from 1950 to 2099 written in `bytes[from..to]` (its four digits inside that
/// window), as a byte range. Digits are ASCII: Unicode digits ("20٢٢") are read by no date
/// parser. A plain scan, not a regex: it runs over every byte of every resume.
fn find_year(bytes: &[u8], from: usize, to: usize) -> Option<(usize, usize)> {
    let window = bytes.get(from..to.min(bytes.len()))?;
    // Vectorized search for the first digit, then a look at the three after it.
    memchr::memchr2_iter(b'1', b'2', window)
        .find(|&at| {
            matches!(
                window.get(at..at + 4),
                Some(
                    [b'1', b'9', b'5'..=b'9', b'0'..=b'9'] | [b'2', b'0', b'0'..=b'9', b'0'..=b'9']
                )
            )
        })
        .map(|at| (from + at, from + at + 4))
}

/// Compiles the regexes of date ranges (see [`super::warm_up`]).
pub(super) fn warm_up() {
    for regex in [
        &MONTH_BEFORE,
        &MONTH_AFTER,
        &SINCE_BEFORE,
        &SEPARATOR,
        &PRESENT,
        &MONTH_DASH_BEFORE,
    ] {
        LazyLock::force(regex);
    }
}

/// A letter of a month name: every name [`month_of_word`] knows is written in Latin-1 letters.
/// A class of every Unicode letter, repeated up to ten times, made these regexes a few
/// milliseconds each to compile at every start, for words that could never be a month.
const MONTH_LETTER: &str = "[a-zà-öø-ÿ]";

/// What may stand just before a year as its month: "Mar ", "März ", "Aug-", "enero de ", "03/",
/// "3.", "12.05." (a day and a month).
static MONTH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:(?-u:\b)({MONTH_LETTER}{{3,10}})\.?,?\s*(?:-\s*)?(?:de\s+|del\s+)?|(?-u:\b)(?:[0-9]{{1,2}}[./]\s*)?([0-9]{{1,2}})\s*[./\-]\s*)$"))
        .expect("month-before regex")
});

/// A month written after a year ("2021/03", "2023-05"), not the start of another number.
static MONTH_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[/.\-]([0-9]{1,2})(?:[^0-9]|$)").expect("month-after regex"));

/// Words that open a range with no written end: "since 2020", "seit März 2019", "depuis 2021".
static SINCE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        &format!(r"(?i)(?-u:\b)(?:since|seit|depuis|desde|dal|dall'|sinds|vanaf|from)\s+(?:(?:{MONTH_LETTER}{{3,10}}\.?|[0-9]{{1,2}}\s*[./\-])\s*)?$"),
    )
    .expect("since regex")
});

/// What joins the two ends of a range, a line break included.
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:[-–—‒―~→]+|->|to|till|until|through|thru|bis|au|à|a|al|hasta|tot|t/m|jusqu'?à|fino\s+al?|ate|até)\s*",
    )
    .expect("separator regex")
});

/// Words for "until now", also as Indian and British resumes write it after "to": "to till
/// date", "- till now", "to date".
static PRESENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:till|until|up\s+to|to)\s+(?:date|now|present|today)|present|current(?:ly)?|now|today|ongoing|date|heute|jetzt|aktuell|derzeit|dato|aujourd['’]hui|ce\s+jour|pr[ée]sent|maintenant|actualidad|actualmente|actual|presente|hoy|la\s+fecha|oggi|attuale|in\s+corso|atual|atualmente|hoje|o\s+momento|heden|nu|huidig)(?-u:\b)",
    )
    .expect("present regex")
});

/// One written date: where it is and what it says.
#[derive(Debug, Clone, Copy)]
struct Endpoint {
    start: usize,
    end: usize,
    date: YearMonth,
    has_month: bool,
}

/// True when `b` may touch a year without making it part of a longer token.
fn is_boundary(b: Option<u8>) -> bool {
    b.is_none_or(|b| !b.is_ascii_alphanumeric())
}

/// Whether [`MONTH_BEFORE`] can match `before`: it ends in a letter, '.', ',', '-' or '/' and
/// then spaces.
fn may_end_month_before(before: &str) -> bool {
    ends_in_letter_or(before, &['.', ',', '-', '/'])
}

/// Whether [`SINCE_BEFORE`] can match `before`: it ends in a word ("dall'" with its
/// apostrophe), a month or a numeric month, and then spaces.
fn may_end_since_before(before: &str) -> bool {
    ends_in_letter_or(before, &['.', '-', '/', '\''])
}

/// Whether the last character of `text` before trailing spaces is a letter or one of `others`.
fn ends_in_letter_or(text: &str, others: &[char]) -> bool {
    text.trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphabetic() || others.contains(&c))
}

/// The date around the year found at `year_start..year_end`.
fn endpoint_at(
    text: &str,
    year_start: usize,
    year_end: usize,
    line_start: usize,
) -> Option<Endpoint> {
    let year: i32 = text[year_start..year_end].parse().ok()?;
    let mut endpoint = Endpoint {
        start: year_start,
        end: year_end,
        date: YearMonth { year, month: 7 },
        has_month: false,
    };
    let look_from =
        crate::normalize::floor_char_boundary(text, year_start.saturating_sub(24)).max(line_start);
    let before = &text[look_from..year_start];
    // MONTH_BEFORE ends in a letter, '.', ',', '-' or '/' and then spaces: most years are
    // preceded by none ("2019 – 2021", "(2019", a year that opens its line), and need no regex.
    if let Some(caps) = may_end_month_before(before)
        .then(|| MONTH_BEFORE.captures(before))
        .flatten()
    {
        let month = caps
            .get(1)
            .and_then(|w| month_of_word(w.as_str()))
            .or_else(|| {
                caps.get(2)
                    .and_then(|n| n.as_str().parse::<u32>().ok())
                    .filter(|m| (1..=12).contains(m))
            });
        if let Some(month) = month {
            endpoint.start = look_from + caps.get(0).expect("match").start();
            endpoint.date.month = month;
            endpoint.has_month = true;
            return Some(endpoint);
        }
    }
    let may_have_month_after = matches!(text.as_bytes().get(year_end), Some(b'/' | b'.' | b'-'));
    if let Some(caps) = may_have_month_after
        .then(|| MONTH_AFTER.captures(&text[year_end..]))
        .flatten()
    {
        let digits = caps.get(1).expect("group");
        if let Some(month) = digits
            .as_str()
            .parse::<u32>()
            .ok()
            .filter(|m| (1..=12).contains(m))
        {
            endpoint.end = year_end + digits.end();
            endpoint.date.month = month;
            endpoint.has_month = true;
        }
    }
    Some(endpoint)
}

/// Every date range of `text`, in order. `line_start_of(offset)` gives the start of the line
/// holding an offset, so a start month is never read from the line before.
pub fn find_ranges(text: &str, line_start_of: impl Fn(usize) -> usize) -> Vec<DateRange> {
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    let mut consumed_to = 0;
    let mut search_from = 0;
    // Years are taken left to right without overlap, each search going on after the last year.
    while let Some((year_start, year_end)) = find_year(bytes, search_from, bytes.len()) {
        search_from = year_end;
        if year_start < consumed_to
            || !is_boundary(year_start.checked_sub(1).map(|i| bytes[i]))
            || bytes.get(year_end).is_some_and(u8::is_ascii_alphanumeric)
        {
            continue;
        }
        let line_start = line_start_of(year_start);
        let Some(first) = endpoint_at(text, year_start, year_end, line_start) else {
            continue;
        };
        if let Some(range) = month_to_month(text, &first, line_start) {
            consumed_to = range.end;
            ranges.push(range);
            continue;
        }
        let rest = &text[first.end..];
        let Some(separator) = SEPARATOR.find(rest) else {
            if let Some(range) = open_range(text, &first, line_start) {
                consumed_to = range.end;
                ranges.push(range);
            }
            continue;
        };
        // A range joins its ends on one line or across one line break, not across paragraphs.
        if separator.as_str().matches('\n').count() > 1 || separator.as_str().trim().is_empty() {
            if let Some(range) = open_range(text, &first, line_start) {
                consumed_to = range.end;
                ranges.push(range);
            }
            continue;
        }
        let after = first.end + separator.end();
        if let Some(present) = PRESENT.find(&text[after..]) {
            let range = DateRange {
                start: first.start,
                end: after + present.end(),
                from: first.date,
                from_has_month: first.has_month,
                to: RangeEnd::Present,
                to_has_month: true,
            };
            consumed_to = range.end;
            ranges.push(range);
            continue;
        }
        // The end: the next year, if it begins within a month's width of the separator.
        let Some((next_start, next_end)) = find_year(bytes, after, after + 16 + 4) else {
            continue;
        };
        if bytes.get(next_end).is_some_and(u8::is_ascii_alphanumeric)
            || !is_boundary(next_start.checked_sub(1).map(|i| bytes[i]))
        {
            continue;
        }
        let Some(second) = endpoint_at(text, next_start, next_end, after) else {
            continue;
        };
        if second.start != after {
            continue;
        }
        ranges.push(DateRange {
            start: first.start,
            end: second.end,
            from: first.date,
            from_has_month: first.has_month,
            to: RangeEnd::Date(second.date),
            to_has_month: second.has_month,
        });
        consumed_to = second.end;
    }
    ranges
}

/// A month and a separator before a month and year ("June - August 2017", "Nov – Feb 2019"):
/// a range within one year, or from the year before when the first month comes later.
static MONTH_DASH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)({MONTH_LETTER}{{3,10}})\.?\s*(?:[-–—]|to|bis|au|a)\s*$"
    ))
    .expect("month-dash regex")
});

/// "June - August 2017": the range whose end is `last` (a month and year) and whose start is a
/// month named just before it on the same line.
fn month_to_month(text: &str, last: &Endpoint, line_start: usize) -> Option<DateRange> {
    if !last.has_month || last.start <= line_start {
        return None;
    }
    let look_from =
        crate::normalize::floor_char_boundary(text, last.start.saturating_sub(24)).max(line_start);
    let before = &text[look_from..last.start];
    // Most dates have no separator just before them: decided without the regex.
    let tail = before.trim_end().as_bytes();
    let ends_like_separator = tail.ends_with(b"-")
        || tail.ends_with("–".as_bytes())
        || tail.ends_with("—".as_bytes())
        || tail
            .last()
            .is_some_and(|b| matches!(b.to_ascii_lowercase(), b'o' | b's' | b'u' | b'a'));
    if !ends_like_separator {
        return None;
    }
    let caps = MONTH_DASH_BEFORE.captures(before)?;
    let month = month_of_word(caps.get(1)?.as_str())?;
    let year = if month > last.date.month {
        last.date.year - 1
    } else {
        last.date.year
    };
    Some(DateRange {
        start: look_from + caps.get(0)?.start(),
        end: last.end,
        from: YearMonth { year, month },
        from_has_month: true,
        to: RangeEnd::Date(last.date),
        to_has_month: true,
    })
}

/// "since 2020": a range from the date to the present.
fn open_range(text: &str, first: &Endpoint, line_start: usize) -> Option<DateRange> {
    let look_from =
        crate::normalize::floor_char_boundary(text, first.start.saturating_sub(24)).max(line_start);
    let before = &text[look_from..first.start];
    // SINCE_BEFORE ends in a word ("dall'" with its apostrophe), a month or a numeric month,
    // and then spaces.
    let since = may_end_since_before(before)
        .then(|| SINCE_BEFORE.find(before))
        .flatten()?;
    Some(DateRange {
        start: look_from + since.start(),
        end: first.end,
        from: first.date,
        from_has_month: first.has_month,
        to: RangeEnd::Present,
        to_has_month: true,
    })
}

/// Total months of the ranges' union: overlapping positions are not counted twice.
pub fn union_months(intervals: &mut [(i64, i64)]) -> i64 {
    intervals.sort_unstable();
    let mut months = 0;
    let mut current: Option<(i64, i64)> = None;
    for &(lo, hi) in intervals.iter() {
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
    months
}

#[cfg(test)]
mod tests {
    use super::*;

    const AS_OF: YearMonth = YearMonth {
        year: 2026,
        month: 6,
    };

    fn line_start(text: &str) -> impl Fn(usize) -> usize + '_ {
        move |offset| text[..offset].rfind('\n').map_or(0, |i| i + 1)
    }

    /// The single range of `text`, as (from, to, months).
    fn one(text: &str) -> (String, String, u32) {
        let ranges = find_ranges(text, line_start(text));
        assert_eq!(ranges.len(), 1, "{text:?}: {ranges:?}");
        let range = ranges[0];
        (
            range.from.to_string(),
            range.to.to_string(),
            range.months(AS_OF),
        )
    }

    #[test]
    fn english_month_ranges() {
        assert_eq!(one("Jan 2022 – Present").2, 54);
        assert_eq!(one("January 2022 - present").2, 54);
        assert_eq!(one("Sept. 2019 to Aug 2021").2, 24);
        assert_eq!(one("Acme, Jan 2020 – Dec 2021").2, 24);
        assert_eq!(one("Mar 2019 - Current").0, "2019-03");
        assert_eq!(one("2019–now").1, "present");
        assert_eq!(one("2019 - Current").1, "present");
    }

    #[test]
    fn till_date_and_hyphenated_months() {
        assert_eq!(
            one("Working at Acme from May 2019 to till date").1,
            "present"
        );
        assert_eq!(one("Sep 2017 to till now.").1, "present");
        assert_eq!(one("Aug-2020 to till Present").0, "2020-08");
        assert_eq!(one("Jun 2019 – till date").1, "present");
        assert_eq!(one("11/2012 to Current").0, "2012-11");
        assert_eq!(
            one("March-2019 to July-2020"),
            ("2019-03".into(), "2020-07".into(), 17)
        );
        assert_eq!(one("May 2015 to January 2016").2, 9);
        assert_eq!(one("Duration : Aug 2017-Feb 2018").1, "2018-02");
    }

    #[test]
    fn numeric_ranges_in_every_order() {
        assert_eq!(
            one("01/2020 - 03/2023"),
            ("2020-01".into(), "2023-03".into(), 39)
        );
        assert_eq!(
            one("2021/03 – 2023/04"),
            ("2021-03".into(), "2023-04".into(), 26)
        );
        assert_eq!(
            one("05.2023 – heute"),
            ("2023-05".into(), "present".into(), 38)
        );
        assert_eq!(one("2019-03 to 2020-02").2, 12);
        assert_eq!(one("15.03.2018 - 31.12.2019").0, "2018-03");
    }

    #[test]
    fn localized_months_and_present_words() {
        assert_eq!(one("März 2019 bis Juni 2021").2, 28);
        assert_eq!(one("Okt. 2020 – heute").0, "2020-10");
        assert_eq!(one("janvier 2020 – aujourd'hui").0, "2020-01");
        assert_eq!(one("févr. 2018 à déc. 2019").2, 23);
        assert_eq!(one("enero de 2019 - actualidad").0, "2019-01");
        assert_eq!(one("gennaio 2017 – oggi").1, "present");
        assert_eq!(one("maio 2016 - atual").0, "2016-05");
        assert_eq!(one("mei 2015 - heden").0, "2015-05");
    }

    #[test]
    fn years_alone_count_from_middle_to_middle() {
        assert_eq!(one("2021 – 2022").2, 12);
        assert_eq!(one("2015 – 2019").2, 48);
        assert_eq!(one("2021 - 2021").2, 6);
        assert_eq!(one("2019 - present").2, 84);
    }

    /// The quick checks before the regexes never skip a text a regex would match: every
    /// 24-byte window before a year in the fixtures, and texts made to end on each character.
    #[test]
    fn the_checks_before_the_date_regexes_skip_only_what_they_cannot_match() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/resumes");
        let mut befores: Vec<String> = Vec::new();
        for entry in std::fs::read_dir(dir).expect("fixtures") {
            let Ok(text) = std::fs::read_to_string(entry.expect("entry").path()) else {
                continue;
            };
            let mut from = 0;
            while let Some((start, end)) = find_year(text.as_bytes(), from, text.len()) {
                let look_from =
                    crate::normalize::floor_char_boundary(&text, start.saturating_sub(24));
                befores.push(text[look_from..start].to_string());
                from = end;
            }
        }
        for tail in [
            "Mar ",
            "März ",
            "Aug-",
            "enero de ",
            "03/",
            "3.",
            "12.05.",
            "since ",
            "dall' ",
            "seit März ",
            "from 03/",
            "Jan, ",
            "Sept. ",
            "(",
            "| ",
            "– ",
            "",
            "\u{a0}",
        ] {
            befores.push(format!("Engineer {tail}"));
            befores.push(tail.to_string());
        }
        assert!(befores.len() > 200, "{} texts", befores.len());
        for before in &befores {
            if !may_end_month_before(before) {
                assert!(MONTH_BEFORE.captures(before).is_none(), "{before:?}");
            }
            if !may_end_since_before(before) {
                assert!(SINCE_BEFORE.find(before).is_none(), "{before:?}");
            }
        }
    }

    #[test]
    fn open_ranges_and_ranges_over_a_line_break() {
        assert_eq!(one("since 2020"), ("2020-07".into(), "present".into(), 72));
        assert_eq!(one("seit März 2019").0, "2019-03");
        assert_eq!(one("depuis 2021").1, "present");
        assert_eq!(one("dall' 2018").1, "present");
        assert_eq!(one("(since 2020)").1, "present");
        assert_eq!(one("Engineer, Jan 2022 –\npresent").2, 54);
        assert_eq!(one("Jan 2022\n– Mar 2023").2, 15);
    }

    #[test]
    fn two_months_before_one_year() {
        assert_eq!(
            one("Software Engineer Intern June - August 2017"),
            ("2017-06".into(), "2017-08".into(), 3)
        );
        assert_eq!(one("Nov – Feb 2019").0, "2018-11");
        assert_eq!(one("Werkstudent März bis Juli 2021").2, 5);
        // A word that is no month before a dated month is no range start.
        assert_eq!(one("Marketing - May 2019 - present").0, "2019-05");
    }

    #[test]
    fn numbers_that_are_not_ranges() {
        for text in [
            "Reduced latency by 2019 ms",
            "ISO 9001 – 2015 edition",
            "Call 2020-555-0199",
            "Graduated 2015",
            "Order #12019 - 2020x",
            "2019\n\n2020",
        ] {
            let ranges = find_ranges(text, line_start(text));
            assert!(
                ranges.iter().all(|r| r.months(AS_OF) < 200),
                "{text:?}: {ranges:?}"
            );
        }
        assert!(find_ranges("Graduated 2015", line_start("Graduated 2015")).is_empty());
    }

    #[test]
    fn digits_of_other_scripts_are_no_year() {
        // Arabic-Indic digits after "20": no range, and no panic reading them as a number.
        let text = "Engineer 20\u{662}\u{662} - 2024 and 2019 – 2020";
        let ranges = find_ranges(text, line_start(text));
        assert_eq!(ranges.len(), 1, "{ranges:?}");
        assert_eq!(ranges[0].months(AS_OF), 12);
    }

    #[test]
    fn future_ranges_count_nothing_and_present_is_cut_at_as_of() {
        assert_eq!(one("2030 - 2031").2, 0);
        assert_eq!(one("Jan 2026 - Dec 2027").2, 6);
    }

    #[test]
    fn union_counts_overlaps_once() {
        assert_eq!(union_months(&mut [(0, 12), (6, 18), (30, 36)]), 24);
    }
}
