//! Structure stage: what a resume says where. Sections by their headings, dated positions inside
//! the experience sections (title, employer, range, months), and for any offset of the text the
//! section and position it belongs to, so the rules read every piece of evidence in its context
//! and never re-parse the text themselves.
//!
//! Runs after normalization, on the normalized [`Document`]; never fails. Which positions are
//! relevant to a technical role is decided with the rule stage's skills
//! ([`Structure::mark_relevant`]), since only it knows the catalogue.

pub mod dates;
pub mod sections;

pub use dates::{DateRange, RangeEnd, YearMonth};
pub use sections::SectionKind;

use crate::normalize::Document;
use std::sync::LazyLock;

/// Positions read from one document. A long career has a few dozen; a text with thousands of
/// dated lines is a log or an attack, and listing every line would bloat the report.
const MAX_POSITIONS: usize = 60;

/// A part of the text under one heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    /// What it is.
    pub kind: SectionKind,
    /// Byte offset of its heading (or 0 for the text before the first heading).
    pub start: usize,
    /// Byte offset where its body starts: past its heading, which may share a line with the
    /// body ("EXPERIENCE Software Engineer ...").
    pub body_start: usize,
    /// Byte offset where the next section's heading starts.
    pub end: usize,
}

/// A dated position inside an experience section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// Job title as written ("Senior Backend Engineer"), empty when none was found.
    pub title: String,
    /// Employer as written, empty when none was found.
    pub employer: String,
    /// Its date range.
    pub range: DateRange,
    /// Byte offset of the position's first line (its title or date line).
    pub start: usize,
    /// Byte offset where the next position or section starts.
    pub end: usize,
    /// Whether the title or the lines of the position show technical work. Set by
    /// [`Structure::mark_relevant`]; a technical title alone sets it at analysis.
    pub relevant: bool,
}

/// Sections and positions of one document.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    sections: Vec<Section>,
    positions: Vec<Position>,
    /// Byte ranges read as a skills list wherever they are (keyword stuffing): their mentions
    /// count as named in a skills list and belong to no position.
    skills_lists: Vec<(usize, usize)>,
}

/// Lines that start like a bullet point: part of a position's body, never its title.
fn is_bullet(line: &str) -> bool {
    line.starts_with([
        '•', '-', '*', '–', '▪', '■', '●', '◦', '○', '\u{f0b7}', '➢', '►', '✓', '·',
    ]) || line.starts_with("o ")
}

/// Compiles the stage's regexes now. They are Unicode-aware and take about 3 ms to build,
/// which the first resume of every run would otherwise wait for; a command calls this on
/// another thread while it loads the packs, so the build runs on a core that is idle then.
pub fn warm_up() {
    for regex in [&TITLE_WORD, &TECHNICAL_TITLE, &EDUCATION_LINE, &JOB_TITLE] {
        LazyLock::force(regex);
    }
    dates::warm_up();
    sections::warm_up();
}

// The stems below ("entwickler~", "ingénieur~": "Entwickler_in") take endings of Latin-1
// letters, digits and "_", and every word stands between characters that are none of those (or
// a line's ends), see [`word_regex`]: the languages of the headings are written in Latin-1 letters, a
// class of every Unicode word character made these regexes several milliseconds each to compile
// at every start, and a Unicode `\b` sends a regex off its DFA onto a backtracker on every line
// with an "é" or a "–" (a tenth of the engine's time). The ASCII `\b` is no substitute: it
// holds inside "Início" before "cio" and never after "università".

/// A regex that only says whether a short text (a header part, a line) holds one of its words.
type WordRegex = regex_automata::meta::Regex;

/// Compiles a [`WordRegex`]. Without a prefilter: the texts are a line or less, where a literal
/// search first gains nothing, and building one for a long case-insensitive alternation of
/// words was most of each regex's compile time at every start (1.3 → 0.6 ms for job titles).
/// `words` is an alternation of words, each standing between characters that are not
/// [`WORD_CHARS`]; a `~` stands for a stem's ending, any run of them ("entwickler~").
fn word_regex(words: &str) -> Result<WordRegex, Box<regex_automata::meta::BuildError>> {
    let words = words.replace('~', &format!("[{WORD_CHARS}]*"));
    regex_automata::meta::Regex::builder()
        .configure(regex_automata::meta::Config::new().auto_prefilter(false))
        .build(&format!(
            "(?i)(?:^|[^{WORD_CHARS}])(?:{words})(?:[^{WORD_CHARS}]|$)"
        ))
        .map_err(Box::new)
}

/// The characters of a word in the languages of the headings, as a class's contents: Latin-1
/// letters, digits and "_".
const WORD_CHARS: &str = "a-zà-öø-ÿ0-9_";

/// Words of job titles, in the languages of the section headings.
static TITLE_WORD: LazyLock<WordRegex> = LazyLock::new(|| {
    word_regex(
        r"engineer|developer|programmer|manager|analyst|scientist|intern|internship|consultant|lead|architect|administrator|admin|specialist|director|designer|officer|assistant|associate|technician|head|founder|co-founder|cto|ceo|cio|vp|president|teacher|lecturer|professor|researcher|research|representative|coordinator|supervisor|clerk|agent|cashier|nurse|accountant|owner|freelancer|freelance|contractor|trainee|apprentice|student|fellow|sre|devops|entwickler~|ingenieur~|berater~|leiter~|werkstudent~|praktikant~|informatiker~|d[ée]velopp(?:eur|euse)~|ing[ée]nieur~|chef|stagiaire|responsable|sviluppatore|ingegnere|programmatore|desarrollador~|ingeniero~|programador~|analista|desenvolvedor~|ontwikkelaar|medewerker|keeper|zookeeper|cook|driver|waiter|waitress|sales",
    )
    .expect("title regex")
});

/// Titles that say the work was technical whatever the lines under them name.
static TECHNICAL_TITLE: LazyLock<WordRegex> = LazyLock::new(|| {
    word_regex(
        r"software|developer|programmer|programming|coder|backend|back-end|frontend|front-end|full[- ]?stack|web|devops|dev ops|sre|site reliability|cloud|platform engineer|infrastructure|data engineer|data scientist|data analyst|machine learning|ml|mlops|ai engineer|deep learning|python|java|golang|django|sysadmin|system administrator|systems administrator|systems engineer|network engineer|database|dba|qa engineer|test automation|sdet|security engineer|it support|it specialist|information technology|it (?:manager|program manager|director|technician|administrator|consultant|analyst|engineer)|entwickler~|softwareentwickler~|informatiker~|d[ée]velopp(?:eur|euse)~|desarrollador~|sviluppatore|programador~|desenvolvedor~|ontwikkelaar",
    )
    .expect("technical title regex")
});

/// Words that say a line is about technical work ("led a team of 6 engineers", "mentored
/// junior developers"), for rules that count only in technical context. The rule engine finds
/// them as whole words, in any case, in the same pass as the catalogue's skills.
pub const TECHNICAL_WORDS: &[&str] = &[
    "software",
    "engineer",
    "engineers",
    "engineering",
    "developer",
    "developers",
    "development team",
    "programmer",
    "programmers",
    "devs",
    "data scientist",
    "data scientists",
    "ml",
    "machine learning",
    "devops",
    "sre",
    "infrastructure",
    "platform",
    "backend",
    "back-end",
    "frontend",
    "front-end",
    "fullstack",
    "full-stack",
    "api",
    "apis",
    "microservice",
    "microservices",
    "services",
    "codebase",
    "code review",
    "code reviews",
    "architecture",
    "deployment",
    "deployments",
    "technical",
    "tech",
];

/// Words that make a line about education even outside an education section.
static EDUCATION_LINE: LazyLock<WordRegex> = LazyLock::new(|| {
    word_regex(
        r"university|universit[äaà]t?|universidad|universidade|università|université|college|school|schule|gymnasium|lyc[ée]e|academy|akademie|hochschule|fachhochschule|bootcamp|b\.?sc|m\.?sc|b\.a\.|m\.a\.|bachelor|master'?s?|ph\.?d|doctorate|degree|diploma|diplom~|laurea|licence|licenciatura|abitur|course|coursework|student|studium|studies",
    )
    .expect("education regex")
});

/// Words that make a line a job's header: a title or "working as".
static JOB_TITLE: LazyLock<WordRegex> = LazyLock::new(|| {
    word_regex(
        r"engineer|developer|programmer|administrator|admin|architect|consultant|analyst|scientist|intern|manager|lead|specialist|officer|associate|designer|technician|executive|assistant|director|working as|worked as",
    )
    .expect("job title regex")
});

/// The line `line_no` and the one above and below it: a position's header puts its title, its
/// employer and its dates on one to three lines.
fn nearby_lines<'a>(text: &'a str, lines: &[(usize, usize)], line_no: usize) -> &'a str {
    let first = lines[line_no.saturating_sub(1)].0;
    let last = lines[(line_no + 1).min(lines.len() - 1)].1;
    &text[first..last]
}

/// What splits a position's header into parts: "Title | Employer", "Title at Employer". The
/// words stand between spaces; whitespace around any of them goes with the parts, which are
/// cleaned.
const HEADER_SEPARATORS: &[&str] = &[
    "|", "•", "·", "\t", ",", " - ", " – ", " — ", " at ", " @ ", " bei ", " chez ", " presso ",
    " en ",
];

/// The parts of `header` between separators, left to right, each separator taken where it
/// starts first.
fn header_parts(header: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(header);
    std::iter::from_fn(move || {
        let current = rest?;
        let split = current.char_indices().find_map(|(at, _)| {
            let tail = &current[at..];
            // Every separator starts with one of these bytes; most characters are letters.
            if !matches!(tail.as_bytes()[0], b'|' | b'\t' | b',' | b' ' | 0xC2 | 0xE2) {
                return None;
            }
            HEADER_SEPARATORS
                .iter()
                .find(|sep| tail.starts_with(**sep))
                .map(|sep| (at, at + sep.len()))
        });
        match split {
            Some((at, after)) => {
                rest = Some(&current[after..]);
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

impl Structure {
    /// Finds the sections and positions of `doc`.
    pub fn analyze(doc: &Document) -> Structure {
        let text = doc.text();
        let lines: Vec<(usize, usize)> = doc.line_ranges().collect();
        let mut sections = vec![Section {
            kind: SectionKind::Summary,
            start: 0,
            body_start: 0,
            end: text.len(),
        }];
        let mut index = 0;
        while index < lines.len() {
            let (start, end) = lines[index];
            let next = lines.get(index + 1).map(|&(s, e)| &text[s..e]);
            let heading = sections::heading_at(&text[start..end], start, next).filter(|(h, _)| {
                // Inside a skills block "Languages: Java, Python" or "Certifications: AWS" is a
                // labelled list of that block, not a new section.
                !(h.body_start < end
                    && sections
                        .last()
                        .is_some_and(|s| s.kind == SectionKind::Skills))
            });
            match heading {
                Some((heading, taken)) => {
                    if let Some(last) = sections.last_mut() {
                        last.end = heading.start;
                    }
                    // The text before the first heading is an empty summary when the resume opens
                    // with a heading; drop it so it never holds evidence.
                    if sections.len() == 1 && sections[0].end == 0 {
                        sections.clear();
                    }
                    sections.push(Section {
                        kind: heading.kind,
                        start: heading.start,
                        body_start: heading.body_start,
                        end: text.len(),
                    });
                    index += taken;
                }
                None => index += 1,
            }
        }
        let mut structure = Structure {
            sections,
            positions: Vec::new(),
            skills_lists: Vec::new(),
        };
        structure.positions = structure.find_positions(doc, &lines);
        structure
    }

    fn find_positions(&self, doc: &Document, lines: &[(usize, usize)]) -> Vec<Position> {
        let text = doc.text();
        let has_experience = self
            .sections
            .iter()
            .any(|s| s.kind == SectionKind::Experience);
        let line_index_of = |offset: usize| {
            lines
                .partition_point(|&(s, _)| s <= offset)
                .saturating_sub(1)
        };
        let ranges = dates::find_ranges(text, |offset| {
            lines.get(line_index_of(offset)).map_or(0, |&(s, _)| s)
        });
        let mut positions: Vec<Position> = Vec::new();
        let mut last_line: Option<usize> = None;
        for range in ranges {
            if positions.len() == MAX_POSITIONS {
                break;
            }
            let section = self.section_at(range.start);
            let line_no = line_index_of(range.start);
            // One position per line: a second range on it is a detail of the same job (and a
            // line is read once, however many ranges a huge one holds).
            if last_line == Some(line_no) {
                continue;
            }
            last_line = Some(line_no);
            let (line_start, line_end) = lines[line_no];
            let work = match section {
                SectionKind::Experience => true,
                // Without an experience heading, dated lines that are not about a school are
                // the work history (the plain resumes that have no headings at all).
                SectionKind::Summary | SectionKind::Other | SectionKind::Skills => {
                    let nearby = nearby_lines(text, lines, line_no);
                    // With an experience heading elsewhere, a dated line outside it is work
                    // only when a job title stands on it or beside it: extraction often drops
                    // or misplaces a heading ("Software Engineer / August 2018 - Present" read
                    // under a skills block), and "Working as a Cloud Admin at Acme from May
                    // 2019 to till date" needs no heading at all.
                    !EDUCATION_LINE.is_match(&text[line_start..line_end])
                        && (!has_experience || JOB_TITLE.is_match(nearby))
                }
                _ => false,
            };
            if !work {
                continue;
            }
            let section = self.section_containing(range.start);
            let earliest = positions
                .last()
                .map_or(section.start, |p| p.range.end.max(p.start))
                .max(section.start);
            let (start, header) =
                header_lines(text, lines, line_no, earliest, section.body_start, &range);
            let (title, employer) = split_header(&header);
            let relevant = TECHNICAL_TITLE.is_match(&title);
            if let Some(previous) = positions.last_mut() {
                previous.end = start;
            }
            positions.push(Position {
                title,
                employer,
                range,
                start,
                end: self.section_containing(range.start).end,
                relevant,
            });
        }
        positions
    }

    /// The sections, in text order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// The positions, in text order.
    pub fn positions(&self) -> &[Position] {
        &self.positions
    }

    /// The positions, to mask their titles and employers for a blind review.
    pub fn positions_mut(&mut self) -> &mut [Position] {
        &mut self.positions
    }

    fn section_containing(&self, offset: usize) -> Section {
        let index = self
            .sections
            .partition_point(|s| s.start <= offset)
            .saturating_sub(1);
        self.sections.get(index).copied().unwrap_or(Section {
            kind: SectionKind::Summary,
            start: 0,
            body_start: 0,
            end: usize::MAX,
        })
    }

    /// The kind of section that holds `offset`.
    pub fn section_at(&self, offset: usize) -> SectionKind {
        if self.in_skills_list(offset) {
            return SectionKind::Skills;
        }
        self.section_containing(offset).kind
    }

    /// Reads these byte ranges as a skills list wherever they sit (a stuffed keyword block):
    /// what they name counts at most as named in a skills list, never as used in a position.
    pub fn read_as_skills_list(&mut self, ranges: &[(usize, usize)]) {
        self.skills_lists.extend_from_slice(ranges);
        self.skills_lists.sort_unstable();
    }

    /// A reader of [`Structure::section_at`] for offsets in increasing order, in one pass.
    pub fn cursor(&self) -> SectionCursor<'_> {
        SectionCursor {
            structure: self,
            section: 0,
            list: 0,
        }
    }

    /// Whether `offset` is inside a range read as a skills list.
    pub fn in_skills_list(&self, offset: usize) -> bool {
        let index = self.skills_lists.partition_point(|&(s, _)| s <= offset);
        index > 0 && offset < self.skills_lists[index - 1].1
    }

    /// The index of the position whose lines hold `offset`, if any.
    pub fn position_at(&self, offset: usize) -> Option<usize> {
        if self.in_skills_list(offset) {
            return None;
        }
        let index = self.positions.partition_point(|p| p.start <= offset);
        let candidate = index.checked_sub(1)?;
        (offset < self.positions[candidate].end).then_some(candidate)
    }

    /// Marks as relevant each position for which `technical(start, end)` says its lines show
    /// technical work (a technical title already made it relevant).
    pub fn mark_relevant(&mut self, mut technical: impl FnMut(usize, usize) -> bool) {
        for position in &mut self.positions {
            if !position.relevant {
                position.relevant = technical(position.start, position.end);
            }
        }
    }

    /// Months of relevant work, overlaps counted once, as of `as_of`.
    pub fn relevant_months(&self, as_of: YearMonth) -> i64 {
        let mut intervals: Vec<(i64, i64)> = self
            .positions
            .iter()
            .filter(|p| p.relevant)
            .filter_map(|p| p.range.interval(as_of))
            .collect();
        dates::union_months(&mut intervals)
    }

    /// Months of the relevant positions whose lines `holds(start, end)` (e.g. name a skill),
    /// overlaps counted once, and the last month among them.
    pub fn months_where(
        &self,
        as_of: YearMonth,
        mut holds: impl FnMut(usize, usize) -> bool,
    ) -> (i64, Option<YearMonth>) {
        // On the stack: asked once per skill of every resume, and positions are capped.
        let mut intervals = [(0i64, 0i64); MAX_POSITIONS];
        let mut count = 0;
        let mut last: Option<YearMonth> = None;
        for position in self.positions.iter().filter(|p| p.relevant) {
            if !holds(position.start, position.end) {
                continue;
            }
            if let Some(interval) = position.range.interval(as_of) {
                intervals[count] = interval;
                count += 1;
                let end = YearMonth::from_index(interval.1 - 1);
                last = Some(last.map_or(end, |l| l.max(end)));
            }
        }
        (dates::union_months(&mut intervals[..count]), last)
    }
}

/// Reads the section kind of offsets that never decrease, as [`Structure::section_at`] would:
/// a resume's skill mentions are looked up by the thousand, in text order, and a walk along
/// the sections costs less than a search for each.
pub struct SectionCursor<'a> {
    structure: &'a Structure,
    section: usize,
    list: usize,
}

impl SectionCursor<'_> {
    /// The kind of section that holds `offset`, no smaller than the offset asked before.
    pub fn at(&mut self, offset: usize) -> SectionKind {
        let lists = &self.structure.skills_lists;
        while lists.get(self.list + 1).is_some_and(|&(s, _)| s <= offset) {
            self.list += 1;
        }
        if lists
            .get(self.list)
            .is_some_and(|&(s, e)| s <= offset && offset < e)
        {
            return SectionKind::Skills;
        }
        let sections = &self.structure.sections;
        while sections
            .get(self.section + 1)
            .is_some_and(|s| s.start <= offset)
        {
            self.section += 1;
        }
        sections
            .get(self.section)
            .map_or(SectionKind::Summary, |s| s.kind)
    }
}

/// The lines that head the position whose range is on line `line_no`: the range's own line and
/// up to two short, non-bullet lines above it (not before `earliest`), or the line below when
/// the range stands alone; the own line from `section_body` on when the section's heading
/// shares it. Returns the header's first byte and its text without the range.
fn header_lines(
    text: &str,
    lines: &[(usize, usize)],
    line_no: usize,
    earliest: usize,
    section_body: usize,
    range: &DateRange,
) -> (usize, String) {
    let (line_start, line_end) = lines[line_no];
    // "EXPERIENCE Software Engineer 2018 - Present": the section's heading, when it shares the
    // line, is not part of the title.
    let own_start = section_body.clamp(line_start, range.start.max(line_start));
    let own = format!(
        "{} {}",
        &text[own_start..range.start.max(line_start)],
        &text[range.end.min(line_end).max(line_start)..line_end]
    );
    let mut start = line_start;
    // Up to two lines above, nearest first.
    let mut above_lines: [&str; 2] = [""; 2];
    let mut taken = 0;
    let mut above = line_no;
    while above > 0 && taken < 2 {
        let (s, e) = lines[above - 1];
        let line = text[s..e].trim();
        if s < earliest
            || is_bullet(line)
            || line.len() > 90
            || line.ends_with('.')
            || sections::heading_at(line, s, None).is_some()
        {
            break;
        }
        above_lines[taken] = line;
        taken += 1;
        start = s;
        above -= 1;
    }
    let mut header =
        String::with_capacity(above_lines.iter().map(|l| l.len() + 3).sum::<usize>() + own.len());
    for line in above_lines[..taken].iter().rev() {
        if !header.is_empty() {
            header.push_str(" | ");
        }
        header.push_str(line);
    }
    let before_own = header.len();
    if !header.is_empty() {
        header.push_str(" | ");
    }
    if !push_cleaned(&mut header, &own) {
        header.truncate(before_own);
    }
    if header.is_empty() {
        if let Some(&(s, e)) = lines.get(line_no + 1) {
            let line = text[s..e].trim();
            if !is_bullet(line) {
                header.push_str(line);
            }
        }
    }
    (start, header)
}

/// A header part without the decoration left around a removed date range.
fn trim_header(text: &str) -> &str {
    text.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '|' | ',' | '(' | ')' | '-' | '–' | '—' | '·' | '•' | ':')
    })
}

/// Appends `text` trimmed as [`trim_header`] does, with its runs of whitespace made one space;
/// whether anything was appended.
fn push_cleaned(out: &mut String, text: &str) -> bool {
    let before = out.len();
    for (i, word) in trim_header(text).split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.len() > before
}

/// A header part trimmed, with its runs of whitespace made one space.
fn clean_header(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len());
    push_cleaned(&mut cleaned, text);
    cleaned
}

/// Title and employer from a position's header text.
fn split_header(header: &str) -> (String, String) {
    // "(Denver, CO)", "(remote)": a bracketed aside is a place or a note, never the title.
    let unbracketed: std::borrow::Cow<str> = if header.contains(['(', '[', ')', ']']) {
        let mut kept = String::with_capacity(header.len());
        let mut depth = 0usize;
        for c in header.chars() {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth = depth.saturating_sub(1),
                _ if depth == 0 => kept.push(c),
                _ => {}
            }
        }
        kept.into()
    } else {
        header.into()
    };
    // Whitespace inside a part does not change what TITLE_WORD finds in it: only the two parts
    // kept are cleaned.
    let parts = || {
        header_parts(&unbracketed)
            .map(trim_header)
            .filter(|p| p.chars().any(char::is_alphabetic))
    };
    let title_index = parts().position(|p| TITLE_WORD.is_match(p));
    let title = parts().nth(title_index.unwrap_or(0)).unwrap_or_default();
    let employer = parts()
        .enumerate()
        .find(|(i, _)| Some(*i) != title_index.or(Some(0)))
        .map_or("", |(_, p)| p);
    (clean_header(title), clean_header(employer))
}

/// Rounds to one decimal place.
pub fn round1(value: f64) -> f64 {
    // Adding zero turns a rounded −0.0 into 0.0, which prints without its sign.
    (value * 10.0).round() / 10.0 + 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const AS_OF: YearMonth = YearMonth {
        year: 2026,
        month: 6,
    };

    fn analyze(text: &str) -> Structure {
        Structure::analyze(&Document::from_text(text))
    }

    #[test]
    fn sections_and_positions_of_an_english_resume() {
        let text = "Jane Roe\njane@example.com\nSUMMARY\nBackend developer.\nEXPERIENCE\nSenior Backend Engineer, Acme Corp | Jan 2020 – Present\n• Built APIs in Django\nData Analyst\nGlobex | 03/2017 - 12/2019\n• SQL reports\nEDUCATION\nBSc Computer Science, Uni of Somewhere, 2013 – 2017\nSKILLS\nPython, Django";
        let s = analyze(text);
        let kinds: Vec<SectionKind> = s.sections().iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SectionKind::Summary,
                SectionKind::Summary,
                SectionKind::Experience,
                SectionKind::Education,
                SectionKind::Skills
            ]
        );
        let positions = s.positions();
        assert_eq!(positions.len(), 2, "{positions:#?}");
        assert_eq!(positions[0].title, "Senior Backend Engineer");
        assert_eq!(positions[0].employer, "Acme Corp");
        assert_eq!(positions[0].range.months(AS_OF), 78);
        assert_eq!(positions[1].title, "Data Analyst");
        assert_eq!(positions[1].employer, "Globex");
        assert_eq!(positions[1].range.months(AS_OF), 34);
        let django = text.find("Django").unwrap();
        assert_eq!(s.section_at(django), SectionKind::Experience);
        assert_eq!(s.position_at(django), Some(0));
        assert_eq!(s.position_at(text.find("SQL reports").unwrap()), Some(1));
        assert_eq!(s.position_at(text.find("BSc").unwrap()), None);
        assert_eq!(
            s.section_at(text.rfind("Django").unwrap()),
            SectionKind::Skills
        );
    }

    #[test]
    fn education_ranges_are_never_positions() {
        let s = analyze("Ausbildung\nDiplom-Informatiker, Universität Hamburg, 1997 – 2003\nBerufserfahrung\nSoftwareentwickler, Beispiel GmbH, 05.2019 – heute\n- Python, Django");
        assert_eq!(s.positions().len(), 1);
        assert_eq!(s.positions()[0].title, "Softwareentwickler");
        assert!(s.positions()[0].relevant, "a technical title");
        assert_eq!(s.relevant_months(AS_OF), 86);
    }

    #[test]
    fn a_range_over_a_line_break_and_titles_above_the_date() {
        let s = analyze(
            "Work History\nAcme Corp\nPlatform Engineer\nJan 2022 –\npresent\n- Terraform modules",
        );
        assert_eq!(s.positions().len(), 1, "{:#?}", s.positions());
        let p = &s.positions()[0];
        assert_eq!(p.range.months(AS_OF), 54);
        assert_eq!(p.title, "Platform Engineer");
        assert_eq!(p.employer, "Acme Corp");
    }

    #[test]
    fn overlapping_positions_count_once_and_non_technical_ones_not_at_all() {
        let mut s = analyze("Experience\nStore Manager, ShopCo, 2010 – 2018\n- Led a team of 12 sales associates\nPython Developer, Beta, 2016 – 2020\n- Flask services\nFreelance, 2019 – 2020\n- Django sites");
        assert_eq!(s.positions().len(), 3);
        let text = "Experience\nStore Manager, ShopCo, 2010 – 2018\n- Led a team of 12 sales associates\nPython Developer, Beta, 2016 – 2020\n- Flask services\nFreelance, 2019 – 2020\n- Django sites";
        s.mark_relevant(|a, b| text[a..b].contains("Django"));
        let relevant: Vec<bool> = s.positions().iter().map(|p| p.relevant).collect();
        assert_eq!(relevant, [false, true, true]);
        assert_eq!(s.relevant_months(AS_OF), 48);
    }

    #[test]
    fn dated_job_lines_outside_the_experience_section_are_work() {
        let s = analyze(
            "Jane Roe\nObjective\nWorking as a Cloud Admin at Acme from May 2019 to till date.\n\
             Skills\nPython, AWS\nSoftware Engineer\nAugust 2016 - April 2019\nInitech\n\
             Experience\nEducation\nBSc, State University, 2012 - 2016\nHobbies\nChess club 2010 - 2014",
        );
        let titles: Vec<&str> = s.positions().iter().map(|p| p.title.as_str()).collect();
        assert_eq!(s.positions().len(), 2, "{titles:?}");
    }

    #[test]
    fn labelled_lists_inside_a_skills_block_stay_in_it() {
        let s = analyze(
            "Skills\nLanguages: Java, Python, SQL\nCertifications: AWS Solutions Architect\n\
             Experience\nSoftware Engineer, Acme | 2019 - 2023\n- Django\nLanguages\nGerman, English",
        );
        let kinds: Vec<SectionKind> = s.sections().iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SectionKind::Skills,
                SectionKind::Experience,
                SectionKind::Other
            ]
        );
        assert_eq!(s.positions().len(), 1);
    }

    #[test]
    fn a_heading_glued_to_the_first_position_is_not_its_title() {
        let s = analyze("EXPERIENCE Software Engineer August 2018 - Present\nAcme | Berlin\n");
        assert_eq!(s.sections()[0].kind, SectionKind::Experience);
        assert_eq!(s.positions()[0].title, "Software Engineer");
    }

    #[test]
    fn headers_split_at_bars_bullets_commas_dashes_and_words() {
        let parts: Vec<&str> =
            header_parts("Engineer  | Acme•Berlin, remote - contract at Initech chez X").collect();
        assert_eq!(
            parts,
            [
                "Engineer  ",
                " Acme",
                "Berlin",
                " remote",
                "contract",
                "Initech",
                "X"
            ]
        );
        assert_eq!(
            header_parts("Data-Analyst").collect::<Vec<_>>(),
            ["Data-Analyst"]
        );
        assert_eq!(
            split_header("Backend Engineer at Acme (remote)").0,
            "Backend Engineer"
        );
    }

    #[test]
    fn resumes_without_headings_keep_dated_lines_as_work() {
        let s = analyze(
            "John Doe\nPython developer at Initech 2018 - 2022\nBSc, State University, 2014 - 2018",
        );
        assert_eq!(s.positions().len(), 1);
        assert_eq!(s.relevant_months(AS_OF), 48);
    }

    #[test]
    fn ascii_word_boundaries_still_end_words_in_accented_letters() {
        for line in [
            "Laurea, Università di Bologna, 2003 – 2008",
            "Master, Université Lyon 2",
            "Universität Wien",
            "B.A. in History",
            "M.A. Linguistics",
        ] {
            assert!(EDUCATION_LINE.is_match(line), "{line}");
        }
        assert!(!EDUCATION_LINE.is_match("Schooling of fish, the universe"));
        for title in [
            "Ingénieur logiciel",
            "Développeuse Python",
            "Entwickler_in",
            "Analista",
        ] {
            assert!(TITLE_WORD.is_match(title), "{title}");
        }
        assert!(!TITLE_WORD.is_match("Leadership, chefs"));
        // A word starts after no Latin-1 letter: "cio" is not a title inside "Início".
        for not_a_title in ["Início", "Negócio", "Chefärztin"] {
            assert!(!TITLE_WORD.is_match(not_a_title), "{not_a_title}");
        }
        assert_eq!(
            split_header("Início | Desenvolvedor Python").0,
            "Desenvolvedor Python"
        );
        // A state's abbreviation is no degree.
        assert!(!EDUCATION_LINE.is_match("Acme, Boston, MA. 2019 – 2021"));
    }
}
