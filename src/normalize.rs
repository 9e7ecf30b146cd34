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
        };
        let mut line_no: u32 = 0;
        let mut scratch = String::new();
        for (page_index, page) in pages.iter().enumerate() {
            for raw_line in source_lines(page.as_ref()) {
                line_no += 1;
                let line = if is_normalized_ascii(raw_line.as_bytes()) {
                    raw_line
                } else {
                    scratch.clear();
                    normalize_line(raw_line, &mut scratch);
                    &scratch
                };
                if line.is_empty() {
                    continue;
                }
                doc.push_line(line, line_no, page_index as u32 + 1);
            }
        }
        doc
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

/// The lines of extracted text, ended by `\n`, `\r\n` or a lone `\r` (classic Mac OS files and
/// some exporters end lines with CR alone; `str::lines` would see one long line and lose every
/// date range that sits on its own line).
fn source_lines(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.find(['\r', '\n']) {
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

/// Characters that render as nothing but break words apart for matching.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
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

/// NFKC, invisible characters removed, whitespace runs collapsed to one space, trimmed.
fn normalize_line(raw: &str, out: &mut String) {
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
    let mut push = |c: char, out: &mut String| {
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
        } else if !is_invisible(c) {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    };
    if needs_nfkc {
        for c in raw.nfkc() {
            push(c, out);
        }
    } else {
        for c in raw.chars() {
            push(c, out);
        }
    }
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
