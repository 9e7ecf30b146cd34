//! Integrity flags: signs that a resume was written to game a screener rather than to be read.
//!
//! These flags do not come from the rule packs: they are about how the document is made, not
//! about what it says, so no pack can switch them off by accident. They are yellow, category
//! `integrity`, weight 0: they are **reported for review and never change the score**. The attack
//! itself is neutralised elsewhere (hidden text is not in the text the rules see; look-alike
//! letters are folded before matching), so a false alarm costs a reviewer a glance, never a
//! candidate their rank.
//!
//! This stage must never put hidden text back into anything the rules or the score read.

use crate::extract::{Extracted, HiddenText};
use crate::normalize::Document;
use crate::report::{EvidenceEntry, FlagEntry};
use crate::rules::Evaluation;
use std::collections::BTreeMap;

/// Rule id of the hidden-text flag (fixed by DESIGN.md).
pub const HIDDEN_TEXT: &str = "hidden-text";
/// Rule id of the look-alike-characters flag (fixed by DESIGN.md).
pub const LOOKALIKE_CHARACTERS: &str = "lookalike-characters";
/// Rule id of the keyword-stuffing flag (fixed by DESIGN.md).
pub const KEYWORD_STUFFING: &str = "keyword-stuffing";

/// The category of every integrity flag.
pub const CATEGORY: &str = "integrity";

/// Most evidence items one integrity flag lists; the note gives the full count.
pub const MAX_EVIDENCE: usize = 20;

/// Characters of hidden text shown in one evidence item.
const SNIPPET_CHARS: usize = 160;

/// One integrity flag, ready for the report.
#[derive(Debug, Clone)]
pub struct IntegrityFlag {
    /// `hidden-text`, `lookalike-characters` or `keyword-stuffing`.
    pub id: &'static str,
    /// What a reviewer reads.
    pub title: &'static str,
    /// Counts and what was done about it.
    pub note: String,
    /// Where it is.
    pub evidence: Vec<EvidenceEntry>,
}

impl IntegrityFlag {
    /// The report entry: yellow, category `integrity`, weight 0 (never scored).
    pub fn to_entry(&self) -> FlagEntry {
        FlagEntry {
            id: self.id.to_string(),
            title: self.title.to_string(),
            category: CATEGORY.to_string(),
            weight: 0.0,
            sensitive: false,
            evidence: self.evidence.clone(),
            note: Some(self.note.clone()),
        }
    }
}

/// The `hidden-text` flag of a document, if it hides any text. `mask` masks contact details
/// in what is shown (under `--redact`).
pub fn hidden_text(extracted: &Extracted, mask: &dyn Fn(&str) -> String) -> Option<IntegrityFlag> {
    let hidden: Vec<&HiddenText> = extracted
        .hidden
        .iter()
        .filter(|h| !h.text.trim().is_empty())
        .collect();
    if hidden.is_empty() {
        return None;
    }
    let paged = extracted.format == crate::extract::Format::Pdf;
    let mut by_how: BTreeMap<&str, usize> = BTreeMap::new();
    let mut chars = 0usize;
    for h in &hidden {
        *by_how.entry(h.how.as_str()).or_default() += 1;
        chars += h.text.chars().count();
    }
    let evidence = hidden
        .iter()
        .take(MAX_EVIDENCE)
        .map(|h| {
            let text = mask(&one_line(&h.text));
            EvidenceEntry {
                snippet: format!("{}: {}", h.how.describe(), cut(&text, SNIPPET_CHARS)),
                text: cut(&text, SNIPPET_CHARS),
                line: h.line,
                page: paged.then_some(h.page),
                // Hidden text is outside the text the structure stage reads: it stands in no
                // section of its own.
                section: crate::structure::SectionKind::Other.as_str().to_string(),
                position: None,
                how: Some(h.how.as_str().to_string()),
            }
        })
        .collect();
    let hows: Vec<String> = by_how
        .iter()
        .map(|(how, n)| format!("{how} ×{n}"))
        .collect();
    let shown = if hidden.len() > MAX_EVIDENCE {
        format!(", first {MAX_EVIDENCE} shown")
    } else {
        String::new()
    };
    Some(IntegrityFlag {
        id: HIDDEN_TEXT,
        title: "Text a reader cannot see (not screened)",
        note: format!(
            "{} hidden stretch(es), {chars} characters ({}){shown}; hidden text is not screened \
             and counts for nothing",
            hidden.len(),
            hows.join(", ")
        ),
        evidence,
    })
}

/// The `lookalike-characters` flag: words written with Cyrillic or Greek letters that look
/// Latin, or with invisible characters between their letters. Normalization already repaired
/// them (the rules match what a person reads); this shows the original spelling.
pub fn lookalike_characters(
    document: &Document,
    structure: &crate::structure::Structure,
    mask: &dyn Fn(&str) -> String,
) -> Option<IntegrityFlag> {
    let words = document.disguised_words();
    if words.is_empty() {
        return None;
    }
    let text = document.text();
    let lookalike = words.iter().filter(|w| w.lookalike).count();
    let invisible = words.iter().filter(|w| w.invisible).count();
    let evidence = words
        .iter()
        .take(MAX_EVIDENCE)
        .map(|w| {
            let location = document.locate(w.start);
            let line = &text[location.line_start..location.line_end];
            let how = match (w.lookalike, w.invisible) {
                (true, true) => "mixed-script, invisible-characters",
                (true, false) => "mixed-script",
                _ => "invisible-characters",
            };
            EvidenceEntry {
                text: mask(&w.original),
                line: location.line,
                page: location.page,
                snippet: format!(
                    "{} (read as '{}'): {}",
                    mask(&w.original),
                    &text[w.start..w.end],
                    cut(&mask(line), SNIPPET_CHARS)
                ),
                section: structure.section_at(w.start).as_str().to_string(),
                position: structure.position_at(w.start),
                how: Some(how.to_string()),
            }
        })
        .collect();
    let shown = if words.len() > MAX_EVIDENCE {
        format!(", first {MAX_EVIDENCE} shown")
    } else {
        String::new()
    };
    Some(IntegrityFlag {
        id: LOOKALIKE_CHARACTERS,
        title: "Words disguised with look-alike or invisible characters",
        note: format!(
            "{} word(s): {lookalike} with look-alike letters of another script, {invisible} with \
             invisible characters inside{shown}; the rules read them as spelled in Latin",
            words.len()
        ),
        evidence,
    })
}

/// The `keyword-stuffing` flag: lines or skills sections that list technologies to be matched
/// rather than read (see `rules::engine::find_stuffing` for the thresholds). The engine already
/// read them as a skills list: what they name counts at most as named in a skills list.
pub fn keyword_stuffing(
    evaluation: &Evaluation,
    document: &Document,
    mask: &dyn Fn(&str) -> String,
) -> Option<IntegrityFlag> {
    if evaluation.stuffing.is_empty() {
        return None;
    }
    let text = document.text();
    let evidence = evaluation
        .stuffing
        .iter()
        .take(MAX_EVIDENCE)
        .map(|s| {
            let location = document.locate(s.start);
            let end = crate::normalize::floor_char_boundary(text, s.end);
            let shown = cut(&mask(&one_line(&text[s.start..end])), SNIPPET_CHARS);
            EvidenceEntry {
                text: shown.clone(),
                line: location.line,
                page: location.page,
                snippet: format!("{}: {shown}", s.reason),
                section: evaluation
                    .structure
                    .section_at(s.start)
                    .as_str()
                    .to_string(),
                position: evaluation.structure.position_at(s.start),
                how: None,
            }
        })
        .collect();
    Some(IntegrityFlag {
        id: KEYWORD_STUFFING,
        title: "Technologies listed to be matched rather than used",
        note: format!(
            "{} stuffed stretch(es); what they name counts at most as named in a skills list, \
             never as used in a position",
            evaluation.stuffing.len()
        ),
        evidence,
    })
}

/// Whitespace runs (line breaks, tabs) read as one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first `max` characters, with an ellipsis when cut.
pub fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Format, HiddenHow};

    fn extracted(hidden: Vec<HiddenText>) -> Extracted {
        Extracted {
            format: Format::Docx,
            extractor: "docx",
            pages: vec!["Retail associate\n".into()],
            notes: Vec::new(),
            hidden,
        }
    }

    #[test]
    fn hidden_text_flag_shows_what_where_and_how() {
        let none = extracted(Vec::new());
        assert!(hidden_text(&none, &|s| s.to_string()).is_none());
        let doc = extracted(vec![
            HiddenText {
                text: "Django\tFastAPI\nKubernetes".into(),
                page: 1,
                line: 4,
                how: HiddenHow::Vanish,
            },
            HiddenText {
                text: "   ".into(),
                page: 1,
                line: 5,
                how: HiddenHow::TinyFont,
            },
            HiddenText {
                text: "x".repeat(400),
                page: 1,
                line: 9,
                how: HiddenHow::SameColourAsPage,
            },
        ]);
        let flag = hidden_text(&doc, &|s| s.to_string()).unwrap();
        let entry = flag.to_entry();
        assert_eq!(entry.id, "hidden-text");
        assert_eq!(entry.category, "integrity");
        assert_eq!(entry.weight, 0.0);
        assert_eq!(entry.evidence.len(), 2);
        let first = &entry.evidence[0];
        assert_eq!(first.text, "Django FastAPI Kubernetes");
        assert_eq!(first.line, 4);
        assert_eq!(first.page, None);
        assert_eq!(first.how.as_deref(), Some("vanish"));
        assert_eq!(
            first.snippet,
            "hidden run (w:vanish): Django FastAPI Kubernetes"
        );
        assert_eq!(entry.evidence[1].text.chars().count(), SNIPPET_CHARS + 1);
        let note = entry.note.unwrap();
        assert!(
            note.starts_with(
                "2 hidden stretch(es), 425 characters (same-colour-as-page ×1, vanish ×1)"
            ),
            "{note}"
        );
    }
}
