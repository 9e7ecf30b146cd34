//! How pack text is matched, for the engine that runs the packs and for the checks that
//! validate them: pattern compilation and whole-word, spelling-tolerant phrase matching. It
//! depends on nothing else in the crate, so loading and running packs share it without
//! importing each other.

use regex::bytes::Regex;

/// Largest compiled form of one pattern (the regex crate's `size_limit`; its default is 10 MiB).
/// A resume pattern needs a few KiB; past this a pattern is rejected, not merely slow.
pub const PATTERN_SIZE_LIMIT: usize = 8 << 20;

/// Compiles a pattern as the engine runs it (case-insensitive, ASCII classes), with at most
/// `size_limit` bytes of compiled program.
pub fn build_pattern(
    pattern: &str,
    size_limit: usize,
) -> Result<regex::bytes::Regex, regex::Error> {
    regex::bytes::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .unicode(false)
        .size_limit(size_limit)
        .build()
}

/// Compiles a pack pattern as the engine runs it: case-insensitive, with ASCII classes and word
/// boundaries. Unicode-aware `\b` would push the regex engine off its fast path on any non-ASCII
/// text (every resume with an "é" or a "–"), for no gain on technical vocabulary.
///
/// Compiled patterns are kept for the life of the process: loading validates every pattern by
/// compiling it and the engine then needs the same regex, and compiling them all twice was a
/// fifth of the start-up time of every run. The key is the pattern alone: a size limit decides
/// only whether a pattern compiles, never what it compiles to.
pub fn compile_pattern(pattern: &str) -> Result<Regex, regex::Error> {
    if let Some(regex) = compiled().lock().ok().and_then(|c| c.get(pattern).cloned()) {
        return Ok(regex);
    }
    let regex = build_pattern(pattern, PATTERN_SIZE_LIMIT)?;
    remember_pattern(pattern, &regex);
    Ok(regex)
}

/// The shortest literal a pattern may be found through (see [`start_literals`]): shorter ones
/// ("py", a digit) start so many words that checking each costs more than one scan.
const MIN_START_LITERAL: usize = 3;

/// At most this many literals per pattern: an alternation of a few dozen words is fine, a
/// class expanded into hundreds is better scanned.
const MAX_START_LITERALS: usize = 64;

/// The literals every match of `pattern` begins with, when it has a small finite set of them,
/// none shorter than [`MIN_START_LITERAL`]: the engine's literal automaton, which reads every
/// resume anyway, finds where those begin, and the pattern is tried only there, anchored
/// ([`anchored_pattern`], [`match_at`]), instead of scanning the text again for its own prefix.
///
/// The literals are ASCII-lowercased and deduplicated, read from the pattern parsed without
/// case folding: under the engine's case-insensitive matching every match, lowercased, still
/// begins with one of them, and reading them from the case-folded pattern would list every case
/// variant of every letter.
pub fn start_literals(pattern: &str) -> Option<Vec<String>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .ok()?;
    // Classes are not expanded into literals: "[kmgtp]b" would multiply them, and a class
    // that opens a pattern ("\\d") leaves no literal to find it by.
    let seq = Extractor::new()
        .kind(ExtractKind::Prefix)
        .limit_class(1)
        .extract(&hir);
    let mut literals: Vec<String> = seq
        .literals()?
        .iter()
        .map(|l| {
            std::str::from_utf8(l.as_bytes())
                .ok()
                .map(str::to_ascii_lowercase)
        })
        .collect::<Option<_>>()?;
    literals.sort();
    literals.dedup();
    let usable = !literals.is_empty()
        && literals.len() <= MAX_START_LITERALS
        && literals.iter().all(|l| l.len() >= MIN_START_LITERAL);
    usable.then_some(literals)
}

/// `pattern` compiled as [`build_pattern`] compiles it, for anchored searches ([`match_at`]).
pub fn anchored_pattern(pattern: &str) -> Option<regex_automata::meta::Regex> {
    regex_automata::meta::Regex::builder()
        .syntax(
            regex_automata::util::syntax::Config::new()
                .case_insensitive(true)
                .unicode(false)
                .utf8(false),
        )
        .configure(regex_automata::meta::Config::new().nfa_size_limit(Some(PATTERN_SIZE_LIMIT)))
        .build(pattern)
        .ok()
}

/// The match of `regex` that begins at `at`, if any, with the text before `at` seen by its
/// word boundaries.
pub fn match_at(
    regex: &regex_automata::meta::Regex,
    haystack: &[u8],
    at: usize,
) -> Option<(usize, usize)> {
    let input = regex_automata::Input::new(haystack)
        .range(at..)
        .anchored(regex_automata::Anchored::Yes);
    regex.search(&input).map(|m| (m.start(), m.end()))
}

/// Keeps `regex`, compiled from `pattern` as [`build_pattern`] compiles it, for
/// [`compile_pattern`].
pub fn remember_pattern(pattern: &str, regex: &Regex) {
    if let Ok(mut cache) = compiled().lock() {
        cache.insert(pattern.to_string(), regex.clone());
    }
}

fn compiled() -> &'static std::sync::Mutex<std::collections::HashMap<String, Regex>> {
    static COMPILED: std::sync::OnceLock<
        std::sync::Mutex<std::collections::HashMap<String, Regex>>,
    > = std::sync::OnceLock::new();
    COMPILED.get_or_init(Default::default)
}

/// Letters, digits and `_`.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True when `text[start..end]` has no word character just outside it on the sides asked for
/// (`left`, `right`): a term that begins or ends with punctuation ("C++", ".NET") needs no
/// boundary on that side.
pub(crate) fn on_word_boundaries(
    text: &str,
    start: usize,
    end: usize,
    left: bool,
    right: bool,
) -> bool {
    // Most neighbours are ASCII: their byte says it all, without decoding a character.
    let is_word_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = text.as_bytes();
    let before_ok = !left
        || match start.checked_sub(1).map(|i| bytes[i]) {
            None => true,
            Some(b) if b.is_ascii() => !is_word_byte(b),
            Some(_) => text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word_char(c)),
        };
    let after_ok = !right
        || match bytes.get(end) {
            None => true,
            Some(&b) if b.is_ascii() => !is_word_byte(b),
            Some(_) => text[end..].chars().next().is_none_or(|c| !is_word_char(c)),
        };
    before_ok && after_ok
}

/// True when `term` occurs in `haystack`, case-insensitively, on word boundaries.
///
/// It matches as the engine matches phrases: ASCII case ignored, spaces and dashes
/// interchangeable ("date-of-birth" is found in "Date of birth").
pub fn contains_term(haystack: &str, term: &str) -> bool {
    TermMatcher::new(term).is_in(&haystack.to_ascii_lowercase())
}

/// A term prepared once for [`contains_term`]-style tests against many texts (the protected
/// probe tests every phrase of every pack against every probe line).
pub struct TermMatcher {
    /// Lowercased spelling variants, each with whether it needs a word boundary on the left and
    /// on the right.
    needles: Vec<(String, bool, bool)>,
}

impl TermMatcher {
    /// Prepares `term`.
    pub fn new(term: &str) -> TermMatcher {
        let needles = spelling_variants(term)
            .into_iter()
            .map(|variant| {
                let needle = variant.to_ascii_lowercase();
                let left = needle.chars().next().is_some_and(is_word_char);
                let right = needle.chars().last().is_some_and(is_word_char);
                (needle, left, right)
            })
            .collect();
        TermMatcher { needles }
    }

    /// True when the term occurs in `lowercased` (a text already ASCII-lowercased), on word
    /// boundaries.
    pub fn is_in(&self, lowercased: &str) -> bool {
        self.needles.iter().any(|(needle, left, right)| {
            lowercased
                .match_indices(needle.as_str())
                .any(|(i, m)| on_word_boundaries(lowercased, i, i + m.len(), *left, *right))
        })
    }
}

/// Lowercased literal and its separator variants: "fast api" also matches "fast-api" and
/// "fastapi" is left alone; "django-rest-framework" also matches "django rest framework".
pub(crate) fn spelling_variants(text: &str) -> Vec<String> {
    let base: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let mut variants = vec![base.clone()];
    if base.contains(' ') {
        variants.push(base.replace(' ', "-"));
    }
    if base.contains('-') {
        variants.push(base.replace('-', " "));
    }
    variants.retain(|v| !v.is_empty());
    variants.dedup();
    variants
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_found_as_the_engine_finds_phrases() {
        assert!(contains_term("Date of birth: 1980", "date-of-birth"));
        assert!(contains_term("DATE-OF-BIRTH", "date of birth"));
        assert!(!contains_term("Djangoesque", "Django"));
    }
}
