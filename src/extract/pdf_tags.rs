//! Tagged PDFs without their structure tree, before lopdf parses them.
//!
//! Chromium, Word and LibreOffice write an accessibility structure tree: one `StructElem`
//! dictionary per heading, paragraph, list item and span. lopdf parses every object of a file
//! eagerly, and on Chromium's resumes those dictionaries are most of the objects and 58% of the
//! extraction time, for a tree no reader of ours uses (the text comes from the pages' content
//! streams). Each `StructElem` object written in the file's body is overwritten with `null` and
//! spaces to its old length, so every cross-reference offset stays right; objects inside
//! compressed object streams are left alone.
//!
//! The scan is a small PDF lexer over untrusted bytes: strings (with escapes and nested
//! parentheses), hex strings, comments and nested dictionaries are skipped as PDF defines them,
//! every index is checked, and an object it cannot read to its `endobj` is left as it was.

use std::borrow::Cow;

/// A `StructElem` dictionary longer than this is left alone (they hold a few hundred bytes).
const MAX_DICT_BYTES: usize = 64 * 1024;
/// How far before a `/StructElem` name its object's `obj` keyword may stand.
const MAX_HEADER_DISTANCE: usize = 4 * 1024;
/// Bytes the scans may look at in all, per byte of the file: a file made of `/StructElem`
/// names outside any object must not cost a scan per name.
const WORK_PER_BYTE: usize = 4;

/// `bytes` with every `StructElem` object of the file body replaced by `null`; borrowed when
/// there is none.
pub(super) fn without_structure_elements(bytes: &[u8]) -> Cow<'_, [u8]> {
    let needle = b"/StructElem";
    let finder = memchr::memmem::Finder::new(needle);
    let mut out: Option<Vec<u8>> = None;
    let mut from = 0;
    let mut budget = bytes.len().saturating_mul(WORK_PER_BYTE).max(1 << 20);
    // Every PDF passes through here: a vectorized search, so files without tags cost nothing.
    while let Some(found) = bytes
        .get(from..)
        .and_then(|rest| finder.find(rest))
        .map(|at| at + from)
    {
        // Backwards no further than the last name looked at: every byte is walked back once.
        let floor = from.max(found.saturating_sub(MAX_HEADER_DISTANCE));
        from = found + needle.len();
        let Some(dict_start) = object_dict_before(bytes, found, floor) else {
            continue;
        };
        let Some(dict) = scan_dict(bytes, dict_start) else {
            budget = budget.saturating_sub(MAX_DICT_BYTES);
            if budget == 0 {
                break;
            }
            continue;
        };
        budget = budget.saturating_sub(dict.end - dict_start);
        if budget == 0 {
            break;
        }
        if !dict.is_struct_elem || !followed_by_endobj(bytes, dict.end) {
            continue;
        }
        let copy = out.get_or_insert_with(|| bytes.to_vec());
        copy[dict_start..dict_start + 4].copy_from_slice(b"null");
        copy[dict_start + 4..dict.end].fill(b' ');
        from = from.max(dict.end);
    }
    match out {
        Some(copy) => Cow::Owned(copy),
        None => Cow::Borrowed(bytes),
    }
}

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// Where the dictionary of the object whose body holds `at` starts: the `<<` right after the
/// last `N G obj` between `floor` and `at`.
fn object_dict_before(bytes: &[u8], at: usize, floor: usize) -> Option<usize> {
    let mut i = at;
    while i > floor {
        i -= 1;
        if bytes.get(i..i + 3) != Some(b"obj") {
            continue;
        }
        // `endobj` closes the object before; `obj` must stand alone, after a generation number.
        let before = i.checked_sub(1).and_then(|j| bytes.get(j)).copied();
        if !before.is_some_and(is_whitespace) || bytes.get(i.wrapping_sub(3)..i) == Some(b"end") {
            return None;
        }
        let mut j = i + 3;
        while bytes.get(j).copied().is_some_and(is_whitespace) {
            j += 1;
        }
        return (bytes.get(j..j + 2) == Some(b"<<")).then_some(j);
    }
    None
}

/// The end (one past `>>`) of the dictionary at `start`, and whether its own `/Type` is
/// `/StructElem`.
struct Dict {
    end: usize,
    is_struct_elem: bool,
}

fn scan_dict(bytes: &[u8], start: usize) -> Option<Dict> {
    let limit = bytes.len().min(start.saturating_add(MAX_DICT_BYTES));
    let mut depth = 0usize;
    let mut i = start;
    // The last name seen at the dictionary's own level, to pair `/Type` with its value.
    let mut last_name: &[u8] = b"";
    let mut is_struct_elem = false;
    while i < limit {
        match bytes[i] {
            b'(' => i = skip_string(bytes, i, limit)?,
            b'%' => {
                while i < limit && !matches!(bytes[i], b'\r' | b'\n') {
                    i += 1;
                }
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 2;
            }
            b'<' => {
                // A hex string.
                while i < limit && bytes[i] != b'>' {
                    i += 1;
                }
                i += 1;
            }
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.checked_sub(1)?;
                i += 2;
                if depth == 0 {
                    return Some(Dict {
                        end: i,
                        is_struct_elem,
                    });
                }
            }
            b'/' => {
                let name_start = i;
                i += 1;
                while i < limit && !is_whitespace(bytes[i]) && !is_delimiter(bytes[i]) {
                    i += 1;
                }
                let name = &bytes[name_start..i];
                if depth == 1 {
                    if last_name == b"/Type" && name == b"/StructElem" {
                        is_struct_elem = true;
                    }
                    last_name = name;
                }
            }
            b if is_whitespace(b) => i += 1,
            _ => {
                // Any other token ends a `/Type` pairing at this level.
                if depth == 1 {
                    last_name = b"";
                }
                i += 1;
            }
        }
    }
    None
}

/// One past the `)` that closes the literal string opening at `start`.
fn skip_string(bytes: &[u8], start: usize, limit: usize) -> Option<usize> {
    let mut nesting = 0usize;
    let mut i = start;
    while i < limit {
        match bytes[i] {
            b'\\' => i += 1,
            b'(' => nesting += 1,
            b')' => {
                nesting -= 1;
                if nesting == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether only whitespace stands between `at` and an `endobj` keyword (a stream's dictionary
/// is followed by `stream` and is never a structure element).
fn followed_by_endobj(bytes: &[u8], mut at: usize) -> bool {
    while bytes.get(at).copied().is_some_and(is_whitespace) {
        at += 1;
    }
    bytes.get(at..at + 6) == Some(b"endobj")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_elements_become_null_of_the_same_length() {
        let pdf: &[u8] = b"%PDF-1.7\n\
            1 0 obj\n<</Type /Catalog /Pages 2 0 R /StructTreeRoot 5 0 R>>\nendobj\n\
            5 0 obj\n<</Type /StructTreeRoot /K [6 0 R]>>\nendobj\n\
            6 0 obj\n<</Type /StructElem /S /P /P 5 0 R /Alt (a >> b \\) endobj (nested) c)\n\
            /A <</O /Layout>> /ActualText <3E3E>>>\nendobj\n\
            7 0 obj\n<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>\nendobj\n";
        let pruned = without_structure_elements(pdf);
        assert_eq!(pruned.len(), pdf.len());
        let text = String::from_utf8_lossy(&pruned);
        assert!(text.contains("6 0 obj\nnull "), "{text}");
        assert!(!text.contains("StructElem"), "{text}");
        // Everything else is as it was, byte for byte.
        let kept = |t: &str| t.find("7 0 obj").map(|at| t[at..].to_string());
        assert_eq!(kept(&text), kept(&String::from_utf8_lossy(pdf)));
        assert!(text.contains("/StructTreeRoot /K [6 0 R]"));
    }

    #[test]
    fn a_file_of_loose_names_costs_one_pass() {
        // Names outside any object, and unclosed dictionaries: neither scan may go quadratic.
        let loose = b"/Type /StructElem ".repeat(200_000);
        assert!(matches!(
            without_structure_elements(&loose),
            Cow::Borrowed(_)
        ));
        // Each dictionary here is unclosed: the work budget stops the scans after a few passes.
        let unclosed = b"1 0 obj\n<</Type /StructElem /K [".repeat(50_000);
        assert!(matches!(
            without_structure_elements(&unclosed),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn what_is_not_a_whole_structure_element_is_left_alone() {
        for pdf in [
            // The name inside a string, a nested dictionary, or a stream's dictionary.
            &b"1 0 obj\n<</Title (/Type /StructElem)>>\nendobj\n"[..],
            b"1 0 obj\n<</A <</Type /StructElem>> /B 1>>\nendobj\n",
            b"1 0 obj\n<</Type /StructElem /Length 3>>\nstream\nabc\nendstream\nendobj\n",
            // Cut short, unbalanced, or with no object header.
            b"1 0 obj\n<</Type /StructElem /Alt (unclosed",
            b"<</Type /StructElem>>\n",
            b"1 0 obj\n<</Type /StructElem >> >> >>\nendobj\n",
        ] {
            assert!(
                matches!(without_structure_elements(pdf), Cow::Borrowed(_)),
                "{}",
                String::from_utf8_lossy(pdf)
            );
        }
    }
}
