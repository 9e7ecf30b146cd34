//! The protected-attribute probe: resume lines that state a protected attribute or a proxy for
//! one (`protected.toml`, data rather than code), and the test of whether a rule's terms or a
//! skill's spellings match them.
//!
//! The probe works on what a term would match, not on what it says: a phrase `married`, a
//! pattern `born in \d{4}` and a skill spelled "Catholic" are all caught because each matches a
//! probe line, however the rule is titled.

use serde::Deserialize;
use std::sync::OnceLock;

/// One probe line and the attribute it states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// The attribute, as named in warnings ("age", "religion").
    pub attribute: String,
    /// The resume text.
    pub text: String,
    /// `text` ASCII-lowercased, as phrases are matched.
    lowercased: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProbeFile {
    attribute: Vec<ProbeAttribute>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProbeAttribute {
    name: String,
    probes: Vec<String>,
}

const PROBES: &str = include_str!("protected.toml");

/// Every probe, in file order.
pub fn probes() -> &'static [Probe] {
    static PARSED: OnceLock<Vec<Probe>> = OnceLock::new();
    PARSED.get_or_init(|| {
        // Built into the binary and covered by a unit test, so a parse failure is a build bug.
        let file: ProbeFile = toml::from_str(PROBES).expect("src/rules/protected.toml parses");
        file.attribute
            .into_iter()
            .flat_map(|attribute| {
                let name = attribute.name;
                attribute.probes.into_iter().map(move |text| Probe {
                    attribute: name.clone(),
                    lowercased: text.to_ascii_lowercase(),
                    text,
                })
            })
            .collect()
    })
}

/// The first probe a literal phrase (or skill spelling) matches, on word boundaries.
pub fn phrase_hit(phrase: &str) -> Option<&'static Probe> {
    let term = super::pattern::TermMatcher::new(phrase);
    probes().iter().find(|probe| term.is_in(&probe.lowercased))
}

/// The first probe a compiled pattern matches anywhere.
pub fn pattern_hit(regex: &regex::bytes::Regex) -> Option<&'static Probe> {
    probes()
        .iter()
        .find(|probe| regex.is_match(probe.text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attribute_of_phrase(phrase: &str) -> Option<&'static str> {
        phrase_hit(phrase).map(|p| p.attribute.as_str())
    }

    fn attribute_of_pattern(pattern: &str) -> Option<&'static str> {
        let regex = super::super::pattern::compile_pattern(pattern).unwrap();
        pattern_hit(&regex).map(|p| p.attribute.as_str())
    }

    #[test]
    fn probe_file_parses_and_names_every_attribute() {
        let attributes: std::collections::BTreeSet<&str> =
            probes().iter().map(|p| p.attribute.as_str()).collect();
        for attribute in [
            "age",
            "sex",
            "nationality",
            "religion",
            "race",
            "veteran status",
            "marital or family status",
            "photo",
            "disability",
        ] {
            assert!(attributes.contains(attribute), "{attribute}");
        }
    }

    #[test]
    fn phrases_stating_protected_attributes_are_caught() {
        for (phrase, attribute) in [
            ("US citizen", "nationality"),
            ("citizen", "nationality"),
            ("German national", "nationality"),
            ("native English speaker", "nationality"),
            ("Muslim", "religion"),
            ("hindu", "religion"),
            ("Jewish", "religion"),
            ("Christian", "religion"),
            ("Catholic", "religion"),
            ("race", "race"),
            ("veteran", "veteran status"),
            ("age 25", "age"),
            ("year of birth", "age"),
            ("headshot", "photo"),
            ("wife", "marital or family status"),
            ("husband", "marital or family status"),
            ("children", "marital or family status"),
            ("married", "marital or family status"),
        ] {
            assert_eq!(attribute_of_phrase(phrase), Some(attribute), "{phrase}");
        }
    }

    #[test]
    fn patterns_stating_protected_attributes_are_caught() {
        assert_eq!(attribute_of_pattern(r"\bage:?\s*\d{2}\b"), Some("age"));
        assert_eq!(attribute_of_pattern(r"born in \d{4}"), Some("age"));
        assert_eq!(
            attribute_of_pattern(r"\b(?:us|u\.s\.) citizen"),
            Some("nationality")
        );
        assert_eq!(attribute_of_pattern(r"\bmuslim|hindu\b"), Some("religion"));
    }

    #[test]
    fn technical_terms_are_not_caught() {
        for phrase in [
            "Python",
            "Django",
            "engineering manager",
            "national scale",
            "page",
            "usage",
            "storage",
            "marriage of two systems",
            "race condition",
            "native apps",
            "children processes",
        ] {
            // "race condition" and "children processes" name the probed word inside a longer
            // phrase, which the probe line does not contain: no match.
            assert_eq!(attribute_of_phrase(phrase), None, "{phrase}");
        }
        for pattern in [
            r"\bpython ?3(?:\.\d+)?\b",
            r"\d+ ?(?:rps|requests/s)",
            r"\bk8s\b",
        ] {
            assert_eq!(attribute_of_pattern(pattern), None, "{pattern}");
        }
    }
}
