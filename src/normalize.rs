//! Normalization stage: the text the rules see.
//!
//! Unicode NFKC (so the ligature "ﬂ" reads "fl" and full-width letters read as ASCII), removal of
//! invisible characters, words hyphenated across line ends joined again, whitespace collapsed,
//! blank lines dropped. A line index maps every offset back to the original line and page, so
//! evidence can point at the source. This stage never fails.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Normalized text of one document plus the index back to its source lines and pages.
#[derive(Debug, Clone, Default)]
pub struct Document {
    text: String,
    lines: Vec<LineInfo>,
    paged: bool,
    /// Words normalization had to repair: look-alike letters folded, invisible characters
    /// removed from inside them.
    disguised: Vec<DisguisedWord>,
}

/// A word written to look like one thing and match as another: Cyrillic or Greek letters that
/// look Latin inside an otherwise Latin word ("bооtcamp" with Cyrillic о), or invisible
/// characters between its letters ("tuto\u{2063}rial"). The text holds the repaired word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisguisedWord {
    /// Byte range of the repaired word in [`Document::text`].
    pub start: usize,
    /// End of that range (exclusive).
    pub end: usize,
    /// The word as written, invisible characters shown as `<U+2063>`.
    pub original: String,
    /// Look-alike letters were folded to Latin.
    pub lookalike: bool,
    /// Invisible characters were removed from inside it.
    pub invisible: bool,
}

#[derive(Debug, Clone, Copy)]
struct LineInfo {
    /// Byte offset of the line's first character in the normalized text.
    start: usize,
    /// 1-based line number in the extracted text (pages concatenated).
    line: u32,
    /// 1-based page number.
    page: u32,
}

/// Where an offset of the normalized text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// 1-based line number in the extracted text.
    pub line: u32,
    /// 1-based page, for paged formats (PDF).
    pub page: Option<u32>,
    /// Byte range of the whole normalized line that holds the offset.
    pub line_start: usize,
    /// End of that line (exclusive, before its newline).
    pub line_end: usize,
}

impl Document {
    /// Normalizes extracted pages. `paged` says whether page numbers mean anything (PDF).
    pub fn new<S: AsRef<str>>(pages: &[S], paged: bool) -> Document {
        let capacity = pages.iter().map(|p| p.as_ref().len()).sum();
        let mut doc = Document {
            text: String::with_capacity(capacity),
            lines: Vec::new(),
            paged,
            disguised: Vec::new(),
        };
        let mut line_no: u32 = 0;
        let mut scratch = String::new();
        let mut found: Vec<DisguisedWord> = Vec::new();
        for (page_index, page) in pages.iter().enumerate() {
            for raw_line in source_lines(page.as_ref()) {
                line_no += 1;
                found.clear();
                let line = if is_normalized_ascii(raw_line.as_bytes()) {
                    raw_line
                } else {
                    scratch.clear();
                    normalize_line(raw_line, &mut scratch, &mut found);
                    &scratch
                };
                if line.is_empty() {
                    continue;
                }
                doc.push_line(line, line_no, page_index as u32 + 1);
                // The line is now the end of the text (a hyphenated join only removed a '-').
                let start = doc.text.len() - line.len();
                doc.disguised.extend(found.drain(..).map(|w| DisguisedWord {
                    start: start + w.start,
                    end: start + w.end,
                    ..w
                }));
            }
        }
        doc
    }

    /// Words whose look-alike letters were folded or whose invisible characters were removed,
    /// in text order.
    pub fn disguised_words(&self) -> &[DisguisedWord] {
        &self.disguised
    }

    /// Normalizes a single text (a one-page, unpaged document).
    pub fn from_text(text: &str) -> Document {
        Document::new(&[text], false)
    }

    fn push_line(&mut self, line: &str, line_no: u32, page: u32) {
        if self.joins_hyphenated(line) {
            self.text.pop();
            self.text.push_str(line);
            return;
        }
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.lines.push(LineInfo {
            start: self.text.len(),
            line: line_no,
            page,
        });
        self.text.push_str(line);
    }

    /// A word broken as "develop-" / "ment" is joined; "Django-" / "REST" keeps its hyphen
    /// (capitalized continuations are usually compounds, not breaks).
    fn joins_hyphenated(&self, next: &str) -> bool {
        let mut tail = self.text.chars().rev();
        let (Some('-'), Some(before)) = (tail.next(), tail.next()) else {
            return false;
        };
        before.is_alphabetic() && next.chars().next().is_some_and(char::is_lowercase)
    }

    /// The normalized text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// True when the document has no text at all.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Finds the source line and page of a byte offset of [`Document::text`].
    pub fn locate(&self, offset: usize) -> Location {
        let index = self
            .lines
            .partition_point(|l| l.start <= offset)
            .saturating_sub(1);
        let Some(info) = self.lines.get(index) else {
            return Location {
                line: 1,
                page: self.paged.then_some(1),
                line_start: 0,
                line_end: 0,
            };
        };
        // The next line starts after this one's newline; searching for the newline instead
        // would make every lookup on a huge one-line file scan to its end.
        let line_end = self
            .lines
            .get(index + 1)
            .map_or(self.text.len(), |next| next.start - 1);
        Location {
            line: info.line,
            page: self.paged.then_some(info.page),
            line_start: info.start,
            line_end,
        }
    }

    /// The byte ranges of the normalized lines, in order.
    pub fn line_ranges(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.lines.iter().enumerate().map(|(i, l)| {
            let end = self
                .lines
                .get(i + 1)
                .map_or(self.text.len(), |next| next.start - 1);
            (l.start, end)
        })
    }

    /// The 1-based page of each normalized line, for printing page markers.
    pub fn line_pages(&self) -> impl Iterator<Item = u32> + '_ {
        self.lines.iter().map(|l| l.page)
    }
}

/// How many lines [`Document::new`] counts in a page's text (its line numbers run on across
/// pages), so an extractor can give text it keeps apart the line the report would use.
pub(crate) fn line_count(text: &str) -> u32 {
    source_lines(text).count() as u32
}

/// The lines of extracted text, ended by `\n`, `\r\n` or a lone `\r` (classic Mac OS files and
/// some exporters end lines with CR alone; `str::lines` would see one long line and lose every
/// date range that sits on its own line).
fn source_lines(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        // A vectorized search: every byte of every resume passes through here.
        match memchr::memchr2(b'\r', b'\n', current.as_bytes()) {
            Some(end) => {
                let after = if current[end..].starts_with("\r\n") {
                    end + 2
                } else {
                    end + 1
                };
                rest = (after < current.len()).then(|| &current[after..]);
                Some(&current[..end])
            }
            None => {
                rest = None;
                (!current.is_empty()).then_some(current)
            }
        }
    })
}

/// The last char boundary of `text` at or before `i` (`text.len()` when `i` is past the end).
pub(crate) fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The first char boundary of `text` at or after `i` (`text.len()` when `i` is past the end).
pub(crate) fn ceil_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Characters that render as nothing (or as nothing but a direction change or a glyph variant)
/// but break words apart for matching: soft hyphen, combining grapheme joiner, Mongolian vowel
/// separator, zero-width spaces and joiners, direction marks and embeddings (U+200E–U+200F,
/// U+202A–U+202E, U+2066–U+2069, U+061C), word joiner and invisible operators (U+2060–U+2064),
/// variation selectors, the byte-order mark, Hangul fillers and the tag characters.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{E0000}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// Invisible characters that real text puts inside words: the soft hyphen (hyphenation hints)
/// and the zero-width (non-)joiners that Persian and Indic scripts need. Removing them is
/// harmless, but they are no sign of disguise.
fn is_innocent_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200C}' | '\u{200D}')
}

/// The Latin letter a Cyrillic, Greek or IPA letter is drawn like (Unicode TR39 confusables,
/// the single-letter cases that fonts render the same as a Latin letter).
fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        // Cyrillic
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'һ' => 'h',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'ӏ' => 'l',
        'ѵ' => 'v',
        'к' => 'k',
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        'У' => 'Y',
        'Ү' => 'Y',
        'І' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        'Ԁ' => 'D',
        'Ԛ' => 'Q',
        'Ԝ' => 'W',
        'Ӏ' => 'I',
        // Greek
        'α' => 'a',
        'ο' => 'o',
        'ν' => 'v',
        'ι' => 'i',
        'κ' => 'k',
        'ρ' => 'p',
        'υ' => 'u',
        'χ' => 'x',
        'ϲ' => 'c',
        'ϳ' => 'j',
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        'Ϲ' => 'C',
        // Latin letters of the IPA block that pass for ASCII ones
        'ɡ' => 'g',
        'ɑ' => 'a',
        'ɩ' => 'i',
        _ => return None,
    })
}

/// A letter of a script other than Latin (Cyrillic, Greek, Armenian, ... anything alphabetic
/// outside the Latin blocks).
fn is_non_latin_letter(c: char) -> bool {
    c.is_alphabetic()
        && !c.is_ascii()
        && !matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' | '\u{2C60}'..='\u{2C7F}' | '\u{A720}'..='\u{A7FF}')
}

/// Folds look-alike letters in words that are otherwise Latin, and records the words that
/// needed it or that had invisible characters removed from between their letters (`cuts`:
/// byte offsets in `line` where one was removed, each with what it was). A word with no ASCII
/// letter, or with a non-Latin letter that has no Latin look-alike, is real text in its own
/// script (a Russian or Greek resume, a name in Cyrillic) and is left alone.
fn repair_words(line: &mut String, cuts: &[(usize, char)], found: &mut Vec<DisguisedWord>) {
    let suspicious = !cuts.is_empty() || line.chars().any(|c| latin_lookalike(c).is_some());
    if !suspicious {
        return;
    }
    let is_word_char = |c: char| c.is_alphanumeric() || c == '\'';
    let mut out = String::with_capacity(line.len());
    let mut rest = line.as_str();
    let mut offset = 0usize;
    while !rest.is_empty() {
        let word_len = rest
            .char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(rest.len(), |(i, _)| i);
        if word_len == 0 {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
            offset += c.len_utf8();
            continue;
        }
        let word = &rest[..word_len];
        let (start, end) = (offset, offset + word_len);
        let has_ascii = word.chars().any(|c| c.is_ascii_alphabetic());
        let lookalikes = word
            .chars()
            .filter(|&c| latin_lookalike(c).is_some())
            .count();
        let foreign = word
            .chars()
            .any(|c| is_non_latin_letter(c) && latin_lookalike(c).is_none());
        let fold = has_ascii && lookalikes > 0 && !foreign;
        let hidden_cuts: Vec<&(usize, char)> = cuts
            .iter()
            .filter(|(at, c)| *at > start && *at < end && !is_innocent_invisible(*c))
            .collect();
        let out_start = out.len();
        if fold {
            out.extend(word.chars().map(|c| latin_lookalike(c).unwrap_or(c)));
        } else {
            out.push_str(word);
        }
        if fold || !hidden_cuts.is_empty() {
            let mut original = String::new();
            for (i, c) in word.char_indices() {
                for (_, cut) in hidden_cuts.iter().filter(|(at, _)| *at == start + i) {
                    original.push_str(&format!("<U+{:04X}>", *cut as u32));
                }
                original.push(c);
            }
            found.push(DisguisedWord {
                start: out_start,
                end: out.len(),
                original,
                lookalike: fold,
                invisible: !hidden_cuts.is_empty(),
            });
        }
        rest = &rest[word_len..];
        offset = end;
    }
    *line = out;
}

/// True for a line that normalization would leave as it is: printable ASCII, single spaces, no
/// space at either end. Most lines of most resumes are; they are copied without a second look.
fn is_normalized_ascii(line: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (line.first(), line.last()) else {
        return true;
    };
    // Folds without early exit, so the compiler can check many bytes per instruction.
    let printable = line
        .iter()
        .fold(true, |ok, &b| ok & (b.wrapping_sub(0x20) < 0x5f));
    let double_space = line
        .iter()
        .zip(&line[1..])
        .fold(false, |found, (&a, &b)| found | ((a == b' ') & (b == b' ')));
    printable && !double_space && first != b' ' && last != b' '
}

/// NFKC, invisible characters removed, whitespace runs collapsed to one space, trimmed; then
/// look-alike letters folded in otherwise-Latin words, and disguised words recorded in `found`
/// (offsets in `out`).
fn normalize_line(raw: &str, out: &mut String, found: &mut Vec<DisguisedWord>) {
    // The common case, plain ASCII without stray control characters, needs no per-character work.
    let plain_ascii = raw
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) || matches!(b, b'\t' | b'\x0c' | b'\r' | b'\x0b'));
    if plain_ascii {
        for word in raw.split_ascii_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        return;
    }
    // Most of the rest is already NFKC: skip the decomposition machinery for it.
    let needs_nfkc = !raw.is_ascii() && is_nfkc_quick(raw.chars()) != IsNormalized::Yes;
    let mut pending_space = false;
    // Where an invisible character was removed, and which.
    let mut cuts: Vec<(usize, char)> = Vec::new();
    let mut push = |c: char, out: &mut String| {
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
        } else if is_invisible(c) {
            if !pending_space {
                cuts.push((out.len(), c));
            }
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    };
    // Invisible characters are matched before NFKC, which would fold some of them away.
    if needs_nfkc {
        for c in raw.chars().filter(|&c| !is_invisible(c)).nfkc() {
            push(c, out);
        }
        // NFKC moved offsets: find the cuts again on the raw text's words.
        cuts.clear();
        if raw.chars().any(is_invisible) {
            let mut probe = String::new();
            let mut pending = false;
            for c in raw.chars() {
                if c.is_whitespace() || c.is_control() {
                    pending = !probe.is_empty();
                } else if is_invisible(c) {
                    if !pending {
                        cuts.push((probe.len(), c));
                    }
                } else {
                    if pending {
                        probe.push(' ');
                        pending = false;
                    }
                    probe.extend(std::iter::once(c).nfkc());
                }
            }
            if probe != *out {
                // NFKC across character boundaries (rare): no positions to trust.
                cuts.clear();
            }
        }
    } else {
        for c in raw.chars() {
            push(c, out);
        }
    }
    repair_words(out, &cuts, found);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfkc_folds_ligatures_and_widths() {
        let doc = Document::from_text("ﬂask and ｆａｓｔａｐｉ with con\u{FB01}g");
        assert_eq!(doc.text(), "flask and fastapi with config");
    }

    #[test]
    fn collapses_whitespace_and_drops_blank_lines() {
        let doc = Document::from_text("  Python\t\t developer \r\n\n\n  pytest\u{00A0}user ");
        assert_eq!(doc.text(), "Python developer\npytest user");
        assert_eq!(doc.locate(doc.text().find("pytest").unwrap()).line, 4);
    }

    #[test]
    fn joins_words_hyphenated_across_lines() {
        let doc = Document::from_text("built a develop-\nment pipeline in Django-\nREST");
        assert_eq!(doc.text(), "built a development pipeline in Django-\nREST");
    }

    #[test]
    fn clean_ascii_lines_are_recognized() {
        for line in ["Python developer", "a", "", "C++ / Go, 5 years."] {
            assert!(is_normalized_ascii(line.as_bytes()), "{line:?}");
        }
        for line in [
            " lead",
            "trail ",
            "two  spaces",
            "tab\there",
            "bell\x07",
            "caf\u{e9}",
        ] {
            assert!(!is_normalized_ascii(line.as_bytes()), "{line:?}");
        }
    }

    #[test]
    fn removes_invisible_characters() {
        let doc = Document::from_text("Dja\u{00AD}ngo and Fast\u{200B}API");
        assert_eq!(doc.text(), "Django and FastAPI");
    }

    #[test]
    fn removes_every_default_ignorable_inside_words_and_records_the_disguise() {
        for invisible in [
            '\u{2063}',
            '\u{034F}',
            '\u{180E}',
            '\u{200B}',
            '\u{200E}',
            '\u{200F}',
            '\u{202C}',
            '\u{2066}',
            '\u{2069}',
            '\u{FE0F}',
            '\u{2060}',
            '\u{E0041}',
        ] {
            let doc = Document::from_text(&format!("Udemy and tuto{invisible}rials done"));
            assert_eq!(doc.text(), "Udemy and tutorials done", "{invisible:?}");
            let words = doc.disguised_words();
            assert_eq!(words.len(), 1, "{invisible:?}");
            assert_eq!(&doc.text()[words[0].start..words[0].end], "tutorials");
            assert_eq!(
                words[0].original,
                format!("tuto<U+{:04X}>rials", invisible as u32)
            );
            assert!(words[0].invisible && !words[0].lookalike);
        }
        // A soft hyphen is a hyphenation hint, not a disguise; an invisible between words
        // disguises nothing either.
        let doc = Document::from_text("Dja\u{00AD}ngo and \u{200B} Flask\u{FE0F} ok");
        assert_eq!(doc.text(), "Django and Flask ok");
        assert!(doc.disguised_words().is_empty());
    }

    #[test]
    fn lookalike_letters_in_latin_words_are_folded_and_recorded() {
        // "bootcamp" with Cyrillic о о, "Udemy" with Cyrillic е, "tutorials" with Greek ο.
        let doc =
            Document::from_text("Full-stack b\u{43e}\u{43e}tcamp, Ud\u{435}my; tut\u{3bf}rials");
        assert_eq!(doc.text(), "Full-stack bootcamp, Udemy; tutorials");
        let words: Vec<(&str, &str)> = doc
            .disguised_words()
            .iter()
            .map(|w| (&doc.text()[w.start..w.end], w.original.as_str()))
            .collect();
        assert_eq!(
            words,
            [
                ("bootcamp", "b\u{43e}\u{43e}tcamp"),
                ("Udemy", "Ud\u{435}my"),
                ("tutorials", "tut\u{3bf}rials")
            ]
        );
        // Offsets stay right on later lines, and with NFKC in the same line.
        let doc = Document::from_text("ﬁrst line\nﬂask and \u{440}ytest");
        assert_eq!(doc.text(), "first line\nflask and pytest");
        let w = &doc.disguised_words()[0];
        assert_eq!(&doc.text()[w.start..w.end], "pytest");
        assert_eq!(doc.locate(w.start).line, 2);
    }

    #[test]
    fn text_in_its_own_script_is_left_alone() {
        for text in [
            "Разработчик Python, опыт 5 лет: Django, PostgreSQL",
            "Иван Петров, Москва",
            "Μηχανικός λογισμικού, Αθήνα",
            "Python-разработчик; 1С; iOS-разработчик",
            "latency 200 μs, Zoë Ørsted, Kraków, İstanbul, Straße",
        ] {
            let doc = Document::from_text(text);
            assert_eq!(doc.text(), text);
            assert!(doc.disguised_words().is_empty(), "{text}");
        }
    }

    #[test]
    fn every_line_ending_ends_a_line() {
        fn lines(t: &str) -> Vec<&str> {
            source_lines(t).collect()
        }
        assert_eq!(lines("a\rb\r\nc\nd"), ["a", "b", "c", "d"]);
        assert_eq!(lines("a\r\rb\r"), ["a", "", "b"]);
        assert_eq!(lines("a\n"), ["a"]);
        assert!(lines("").is_empty());
        let doc = Document::from_text("Acme\r2019 \u{2013} 2021\rBeta Corp\r2021 \u{2013} 2023\r");
        assert_eq!(
            doc.text(),
            "Acme\n2019 \u{2013} 2021\nBeta Corp\n2021 \u{2013} 2023"
        );
        let at = doc.text().find("2021 \u{2013} 2023").unwrap();
        assert_eq!(doc.locate(at).line, 4);
    }

    #[test]
    fn locates_lines_and_pages() {
        let pages = vec!["first\nsecond".to_string(), "\nthird".to_string()];
        let doc = Document::new(&pages, true);
        let loc = doc.locate(doc.text().find("third").unwrap());
        assert_eq!((loc.line, loc.page), (4, Some(2)));
        assert_eq!(&doc.text()[loc.line_start..loc.line_end], "third");
        let ranges: Vec<_> = doc.line_ranges().map(|(s, e)| &doc.text()[s..e]).collect();
        assert_eq!(ranges, ["first", "second", "third"]);
    }
}
