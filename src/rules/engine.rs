//! Matching and evaluation: a rule set compiled for one role, run over normalized documents.
//!
//! All literals (skill names, aliases, rule phrases) go into one Aho-Corasick automaton and are
//! found in a single pass; each pack pattern is its own regex, so the regex engine can find its
//! literal parts with a vectorized search. Everything is compiled once per batch; evaluating a
//! document allocates only its hits and evidence. This stage never fails and never panics on input text.

use super::file::Kind;
use super::set::{Rule, RuleSet};
use super::years::{experience_years, YearMonth};
use crate::normalize::{ceil_char_boundary, floor_char_boundary, Document};
use crate::role::Role;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::bytes::Regex;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Evidence items kept per flag; more would drown the reader without adding information.
pub const MAX_EVIDENCE: usize = 5;
/// Largest gap, in bytes, between an ambiguous skill ("Go", "Spark") and an unambiguous one on the
/// same line for the ambiguous one to count: close enough to be the same list or clause.
const CONTEXT_GAP: usize = 24;
/// Characters of context kept on each side of a match in a snippet.
pub const SNIPPET_CONTEXT: usize = 60;

/// Options that change what a compiled engine reports.
#[derive(Debug, Clone, Copy)]
pub struct EngineOptions {
    /// The role being hired for.
    pub role: Role,
    /// Count sensitive rules in the score.
    pub score_sensitive: bool,
    /// Reference date for open-ended date ranges ("2019 – present").
    pub as_of: YearMonth,
}

#[derive(Debug, Clone, Copy)]
enum Target {
    /// A skill spelling; `true` when it is an ambiguous one-word spelling.
    Skill(usize, bool),
    Phrase(usize),
}

#[derive(Debug, Clone)]
struct SkillInfo {
    name: String,
    category: String,
}

/// A rule compiled for one role.
#[derive(Debug, Clone)]
pub struct CompiledRule {
    /// Stable id.
    pub id: String,
    /// green, yellow or signal.
    pub kind: Kind,
    /// Title.
    pub title: String,
    /// Report category.
    pub category: String,
    /// Weight for this role.
    pub weight: f64,
    /// Possible proxy for a protected attribute.
    pub sensitive: bool,
    /// Note shown with evidence.
    pub note: Option<String>,
    /// What the rule looks for, in words, for `explain`.
    pub looks_for: String,
    /// Bit set over the catalogue: which skills count for this rule.
    skills: SkillSet,
    has_phrases: bool,
    regexes: Vec<usize>,
    has_terms: bool,
    all: Vec<Option<usize>>,
    any: Vec<Option<usize>>,
    none: Vec<usize>,
    min_matches: usize,
    min_years: Option<f64>,
}

impl CompiledRule {
    /// True for green and yellow rules.
    pub fn is_reported(&self) -> bool {
        self.kind != Kind::Signal
    }
}

#[derive(Debug, Clone)]
struct CompiledScorecard {
    category: String,
    skills: SkillSet,
    rules: Vec<usize>,
    levels: [u32; 3],
}

/// A [`RuleSet`] compiled for one role: build once, evaluate many documents (it is `Sync`).
#[derive(Debug, Clone)]
pub struct Engine {
    options: EngineOptions,
    skills: Vec<SkillInfo>,
    automaton: AhoCorasick,
    /// Case-sensitive scan for one-letter skill names, with their targets by letter.
    letter_regex: Option<Regex>,
    letters: Vec<(char, Target)>,
    /// For each automaton pattern: what it stands for, and whether its ends need word boundaries.
    pattern_targets: Vec<(Vec<Target>, bool, bool)>,
    regexes: Vec<(Regex, usize)>,
    rules: Vec<CompiledRule>,
    order: Vec<usize>,
    scorecard: Vec<CompiledScorecard>,
    /// The sum of scored green weights, fixed by the rules and options.
    max_green: f64,
}

/// A matching stage that [`Engine::run_stage`] can run alone.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum Stage {
    /// The literal automaton (skills, aliases, phrases).
    Literals,
    /// The pack patterns, each over the whole text.
    Patterns,
    /// Date ranges for years of experience.
    DateRanges,
}

/// A match in a document's normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    /// Byte offset of the first matched byte.
    pub start: usize,
    /// Byte offset after the last matched byte.
    pub end: usize,
}

/// One piece of evidence, located in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The matched text.
    pub text: String,
    /// 1-based line in the extracted text.
    pub line: u32,
    /// 1-based page, for paged formats.
    pub page: Option<u32>,
    /// The line around the match.
    pub snippet: String,
    /// Where the match is in the normalized text.
    pub span: Span,
}

/// A reported rule that fired, with its evidence.
#[derive(Debug, Clone)]
pub struct Flag {
    /// Index of the rule in [`Engine::rules`].
    pub rule: usize,
    /// Evidence, in document order.
    pub evidence: Vec<Evidence>,
    /// The rule's note, completed with figures where the rule computes them.
    pub note: Option<String>,
}

/// The outcome of evaluating one document.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// Fired green and yellow rules, in rule-id order.
    pub flags: Vec<Flag>,
    /// Skills found, by category, canonical names sorted.
    pub skills: BTreeMap<String, BTreeSet<String>>,
    /// Level 0–3 per scorecard category, in scorecard order.
    pub scorecard: Vec<(String, u8)>,
    /// Years of experience computed from date ranges (0 when no rule needed them).
    pub years: f64,
}

impl Engine {
    /// Compiles the rules in force for `options.role`.
    ///
    /// The set must come from [`RuleSet::load`], which has validated every regex and reference.
    pub fn new(set: &RuleSet, options: EngineOptions) -> Engine {
        let role = options.role;
        let skills: Vec<SkillInfo> = set
            .skills
            .iter()
            .map(|s| SkillInfo {
                name: s.name.clone(),
                category: s.category.clone(),
            })
            .collect();
        let skill_index: HashMap<String, usize> = skills
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.to_lowercase(), i))
            .collect();

        let in_force: Vec<&Rule> = set.rules_for(role).into_values().collect();
        let rule_index: HashMap<&str, usize> = in_force
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();

        let mut literals: Vec<String> = Vec::new();
        let mut literal_targets: Vec<Vec<Target>> = Vec::new();
        let mut literal_ids: HashMap<String, usize> = HashMap::new();
        // One-letter names ("C", "R") would match inside every word of the automaton's input and
        // dominate its work; they get their own case-sensitive scan for the capital letter alone.
        let mut letters: Vec<(char, Target)> = Vec::new();
        let mut add_literal = |text: &str, target: Target| {
            let trimmed = text.trim();
            if trimmed.chars().count() == 1 {
                let letter = trimmed.chars().next().expect("one char");
                letters.push((letter, target));
                return;
            }
            for variant in spelling_variants(text) {
                let id = *literal_ids.entry(variant.clone()).or_insert_with(|| {
                    literals.push(variant);
                    literal_targets.push(Vec::new());
                    literals.len() - 1
                });
                literal_targets[id].push(target);
            }
        };
        for (i, skill) in set.skills.iter().enumerate() {
            let spellings = std::iter::once(skill.name.as_str())
                .chain(skill.aliases.iter().map(|a| a.value.as_str()));
            for spelling in spellings {
                // "Apache Spark" is specific even though "Spark" alone is an everyday word.
                let ambiguous = skill.ambiguous && spelling.chars().all(char::is_alphanumeric);
                add_literal(spelling, Target::Skill(i, ambiguous));
            }
        }

        let by_id: HashMap<&str, &Rule> = in_force.iter().map(|r| (r.id.as_str(), *r)).collect();
        let mut regexes = Vec::new();
        let mut rules = Vec::new();
        for (ri, rule) in in_force.iter().enumerate() {
            for phrase in &rule.phrases {
                add_literal(&phrase.value, Target::Phrase(ri));
            }
            // One regex per pattern: a pattern with a literal in it ("requests", "python") is
            // found through a vectorized search for that literal, which an alternation of
            // unrelated patterns would defeat, leaving a byte-at-a-time scan.
            let mut regex_ids = Vec::new();
            for pattern in &rule.patterns {
                let regex = compile_pattern(&pattern.value)
                    .expect("patterns are validated when packs load");
                regex_ids.push(regexes.len());
                regexes.push((regex, ri));
            }
            let mut rule_skills: BTreeSet<usize> = rule
                .skills
                .iter()
                .filter_map(|s| skill_index.get(&s.value.to_lowercase()).copied())
                .collect();
            for category in &rule.skill_categories {
                rule_skills.extend(
                    skills
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| category.value == "*" || s.category == category.value)
                        .map(|(i, _)| i),
                );
            }
            let lookup = |ids: &[super::set::Located<String>]| -> Vec<usize> {
                ids.iter()
                    .filter_map(|l| rule_index.get(l.value.as_str()).copied())
                    .collect()
            };
            rules.push(CompiledRule {
                id: rule.id.clone(),
                kind: rule.kind,
                title: rule.title.clone(),
                category: rule.category.clone(),
                weight: rule.weight_for(role),
                sensitive: rule.sensitive,
                note: rule.note.clone(),
                looks_for: describe(rule, &by_id),
                skills: SkillSet::from_indices(skills.len(), rule_skills),
                has_phrases: !rule.phrases.is_empty(),
                regexes: regex_ids,
                has_terms: rule.has_terms(),
                all: rule
                    .all
                    .iter()
                    .map(|l| rule_index.get(l.value.as_str()).copied())
                    .collect(),
                any: rule
                    .any
                    .iter()
                    .map(|l| rule_index.get(l.value.as_str()).copied())
                    .collect(),
                none: lookup(&rule.none),
                min_matches: rule.min_matches.max(1) as usize,
                min_years: rule.min_years,
            });
        }

        let letter_regex = if letters.is_empty() {
            None
        } else {
            let mut alternatives: Vec<String> = letters
                .iter()
                .map(|(c, _)| regex::escape(&c.to_string()))
                .collect();
            alternatives.sort();
            alternatives.dedup();
            Some(
                regex::bytes::RegexBuilder::new(&format!("(?:{})", alternatives.join("|")))
                    .unicode(false)
                    .build()
                    .expect("letter regex"),
            )
        };
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&literals)
            .or_else(|_| {
                // A very large catalogue may exceed the DFA size limit; the NFA is still correct.
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(&literals)
            })
            .expect("literal automaton builds");
        let pattern_targets = literals
            .iter()
            .zip(literal_targets)
            .map(|(lit, targets)| {
                let first = lit.chars().next().is_some_and(is_word_char);
                let last = lit.chars().last().is_some_and(is_word_char);
                (targets, first, last)
            })
            .collect();
        let order = topological_order(&rules);
        let scorecard = set
            .scorecard
            .iter()
            .map(|card| CompiledScorecard {
                category: card.category.clone(),
                skills: SkillSet::from_indices(
                    skills.len(),
                    skills.iter().enumerate().filter_map(|(i, s)| {
                        card.skill_categories
                            .iter()
                            .any(|c| c.value == s.category)
                            .then_some(i)
                    }),
                ),
                rules: card
                    .rules
                    .iter()
                    .filter_map(|l| rule_index.get(l.value.as_str()).copied())
                    .collect(),
                levels: card.levels,
            })
            .collect();

        let mut engine = Engine {
            options,
            skills,
            automaton,
            letter_regex,
            letters,
            pattern_targets,
            regexes,
            rules,
            order,
            scorecard,
            max_green: 0.0,
        };
        engine.max_green = engine
            .rules
            .iter()
            .filter(|r| r.kind == Kind::Green && engine.is_scored(r))
            .map(|r| r.weight)
            .sum();
        engine
    }

    /// The options the engine was built with.
    pub fn options(&self) -> EngineOptions {
        self.options
    }

    /// The rules in force, indexed as [`Flag::rule`] refers to them.
    pub fn rules(&self) -> &[CompiledRule] {
        &self.rules
    }

    /// Scorecard category names in order.
    pub fn scorecard_categories(&self) -> impl Iterator<Item = &str> {
        self.scorecard.iter().map(|c| c.category.as_str())
    }

    /// True when the rule's weight counts toward the score.
    pub fn is_scored(&self, rule: &CompiledRule) -> bool {
        rule.is_reported() && (!rule.sensitive || self.options.score_sensitive)
    }

    /// The highest score a document could reach: the sum of scored green weights.
    pub fn max_green(&self) -> f64 {
        self.max_green
    }

    /// Runs one matching stage alone over a document and returns its number of matches: the
    /// engine benchmark uses it to show what each stage costs, and so the ceiling it sets.
    #[doc(hidden)]
    pub fn run_stage(&self, doc: &Document, stage: Stage) -> usize {
        let text = doc.text();
        match stage {
            Stage::Literals => self.automaton.find_overlapping_iter(text).count(),
            Stage::Patterns => self
                .regexes
                .iter()
                .map(|(regex, _)| regex.find_iter(text.as_bytes()).count())
                .sum(),
            Stage::DateRanges => experience_years(doc, self.options.as_of).ranges.len(),
        }
    }

    /// Finds every literal and regex match and evaluates every rule over one document.
    pub fn evaluate(&self, doc: &Document) -> Evaluation {
        let text = doc.text();
        let (skill_hits, phrase_hits) = self.find_literals(doc);
        // Each rule regex scans on its own: most start with a literal ("python", "github", "pep")
        // that the regex crate finds with a vectorized prefilter, which a RegexSet cannot use.
        let regex_hits: Vec<Vec<Span>> = self
            .regexes
            .iter()
            .map(|(regex, _)| {
                regex
                    .find_iter(text.as_bytes())
                    .filter(|m| text.is_char_boundary(m.start()) && text.is_char_boundary(m.end()))
                    .take(MAX_EVIDENCE * 4)
                    .map(|m| Span {
                        start: m.start(),
                        end: m.end(),
                    })
                    .collect()
            })
            .collect();
        // Dated experience is computed only when a rule needs it and its other conditions held.
        let mut years_found: Option<super::years::YearsFound> = None;

        let mut fired: Vec<Option<Vec<Span>>> = vec![None; self.rules.len()];
        for &ri in &self.order {
            let rule = &self.rules[ri];
            let mut own: Vec<Span> = Vec::new();
            // Few skills are found in a document; test each against the rule's set.
            for &(skill, first) in &skill_hits {
                if rule.skills.contains(skill) {
                    own.push(first);
                }
            }
            if rule.has_phrases {
                let from = phrase_hits.partition_point(|&(r, _)| r < ri);
                let to = phrase_hits.partition_point(|&(r, _)| r <= ri);
                own.extend(phrase_hits[from..to].iter().map(|&(_, span)| span));
            }
            for &regex in &rule.regexes {
                own.extend(regex_hits[regex].iter().copied());
            }
            let own = distinct_hits(text, own, usize::MAX);
            if rule.has_terms && own.len() < rule.min_matches {
                continue;
            }
            let all_ok = rule
                .all
                .iter()
                .all(|r| r.is_some_and(|r| fired[r].is_some()));
            let any_ok = rule.any.is_empty()
                || rule
                    .any
                    .iter()
                    .any(|r| r.is_some_and(|r| fired[r].is_some()));
            let none_ok = rule.none.iter().all(|&r| fired[r].is_none());
            if !(all_ok && any_ok && none_ok) {
                continue;
            }
            let mut evidence = own;
            if let Some(min_years) = rule.min_years {
                let found =
                    years_found.get_or_insert_with(|| experience_years(doc, self.options.as_of));
                if found.years < min_years {
                    continue;
                }
                evidence.extend(found.ranges.iter().copied());
            }
            if evidence.is_empty() {
                let borrowed = rule
                    .all
                    .iter()
                    .chain(&rule.any)
                    .flatten()
                    .filter_map(|&r| fired[r].as_ref())
                    .flatten()
                    .copied()
                    .collect();
                evidence = borrowed;
            }
            fired[ri] = Some(distinct_hits(text, evidence, MAX_EVIDENCE));
        }

        let years = years_found.as_ref().map_or(0.0, |y| y.years);
        let mut evaluation = Evaluation {
            years,
            ..Evaluation::default()
        };
        for &(skill, _) in &skill_hits {
            let info = &self.skills[skill];
            evaluation
                .skills
                .entry(info.category.clone())
                .or_default()
                .insert(info.name.clone());
        }
        let mut flags: Vec<Flag> = fired
            .iter()
            .enumerate()
            .filter(|(ri, _)| self.rules[*ri].is_reported())
            .filter_map(|(ri, hits)| {
                let hits = hits.as_ref()?;
                let rule = &self.rules[ri];
                let mut note = rule.note.clone();
                if rule.min_years.is_some() {
                    note = Some(format!(
                        "{:.1} years of experience in dated roles (as of {})",
                        years, self.options.as_of
                    ));
                }
                Some(Flag {
                    rule: ri,
                    evidence: hits.iter().map(|&span| evidence_at(doc, span)).collect(),
                    note,
                })
            })
            .collect();
        flags.sort_by(|a, b| self.rules[a.rule].id.cmp(&self.rules[b.rule].id));
        evaluation.flags = flags;

        evaluation.scorecard = self
            .scorecard
            .iter()
            .map(|card| {
                let skills = skill_hits
                    .iter()
                    .filter(|&&(s, _)| card.skills.contains(s))
                    .count();
                let rules = card.rules.iter().filter(|&&r| fired[r].is_some()).count();
                let items = (skills + rules) as u32;
                let level = card.levels.iter().filter(|&&l| items >= l).count() as u8;
                (card.category.clone(), level)
            })
            .collect();
        evaluation
    }

    /// One pass of the automaton: skill hits (ambiguous ones only in technical context) and
    /// phrase hits per rule.
    fn find_literals(&self, doc: &Document) -> (Vec<IndexedSpan>, Vec<IndexedSpan>) {
        let text = doc.text();
        let mut skills: Vec<(Span, usize, bool)> = Vec::new();
        let mut phrases: Vec<(usize, Span)> = Vec::new();
        for m in self.automaton.find_overlapping_iter(text) {
            let (targets, left, right) = &self.pattern_targets[m.pattern().as_usize()];
            if !on_word_boundaries(text, m.start(), m.end(), *left, *right) {
                continue;
            }
            let span = Span {
                start: m.start(),
                end: m.end(),
            };
            for target in targets {
                match *target {
                    Target::Skill(s, ambiguous) => skills.push((span, s, ambiguous)),
                    Target::Phrase(r) => phrases.push((r, span)),
                }
            }
        }
        if let Some(letter_regex) = &self.letter_regex {
            for m in letter_regex.find_iter(text.as_bytes()) {
                // "C" is not the C in "C++" or "C#", which are other languages.
                let names_other_language =
                    matches!(text.as_bytes().get(m.end()), Some(b'+' | b'#'));
                if names_other_language || !on_word_boundaries(text, m.start(), m.end(), true, true)
                {
                    continue;
                }
                let span = Span {
                    start: m.start(),
                    end: m.end(),
                };
                let letter = text[m.start()..].chars().next().expect("matched");
                for (c, target) in &self.letters {
                    if *c != letter {
                        continue;
                    }
                    match *target {
                        Target::Skill(s, ambiguous) => skills.push((span, s, ambiguous)),
                        Target::Phrase(r) => phrases.push((r, span)),
                    }
                }
            }
        }
        skills.sort();
        // Each skill's first counted mention, by skill: rules and reports need no more.
        let mut first_by_skill: Vec<(usize, Span)> = Vec::new();
        for (i, &(span, skill, ambiguous)) in skills.iter().enumerate() {
            if ambiguous && !in_technical_context(text, &skills, i) {
                continue;
            }
            first_by_skill.push((skill, span));
        }
        // Stable: mentions were in text order, so each skill's first one stays first.
        first_by_skill.sort_by_key(|&(skill, _)| skill);
        first_by_skill.dedup_by_key(|&mut (skill, _)| skill);
        phrases.sort_unstable();
        (first_by_skill, phrases)
    }
}

/// A skill's or rule's index with a match of it.
type IndexedSpan = (usize, Span);

/// A set of catalogue skills as bits: membership tests cost one shift, not a tree lookup.
#[derive(Debug, Clone, Default)]
struct SkillSet(Vec<u64>);

impl SkillSet {
    fn from_indices(len: usize, indices: impl IntoIterator<Item = usize>) -> SkillSet {
        let mut bits = vec![0u64; len.div_ceil(64)];
        for i in indices {
            bits[i / 64] |= 1 << (i % 64);
        }
        SkillSet(bits)
    }

    fn contains(&self, i: usize) -> bool {
        self.0
            .get(i / 64)
            .is_some_and(|word| word & (1 << (i % 64)) != 0)
    }
}

/// An ambiguous spelling counts when it sits in a list of skills: a run of skill mentions on one
/// line joined only by separators ("Python, Flask and Go", "Spark / Airflow on AWS") that holds
/// at least one unambiguous skill. "samples in an Erlenmeyer flask to Python" is no such run.
fn in_technical_context(text: &str, skills: &[(Span, usize, bool)], at: usize) -> bool {
    let joined = |a: Span, b: Span| -> bool {
        let (lo, hi) = if a.end <= b.start {
            (a.end, b.start)
        } else if b.end <= a.start {
            (b.end, a.start)
        } else {
            return true; // overlapping mentions ("Spark" in "Apache Spark")
        };
        hi - lo <= CONTEXT_GAP && is_separator_gap(&text[lo..hi])
    };
    let unambiguous_in = |range: &mut dyn Iterator<Item = &(Span, usize, bool)>| -> bool {
        let mut last = skills[at].0;
        for &(span, _, ambiguous) in range {
            if !joined(last, span) {
                return false;
            }
            if !ambiguous {
                return true;
            }
            last = span;
        }
        false
    };
    unambiguous_in(&mut skills[..at].iter().rev()) || unambiguous_in(&mut skills[at + 1..].iter())
}

/// Text between two skills of the same list: punctuation, spaces and a few joining words.
fn is_separator_gap(gap: &str) -> bool {
    const JOINERS: &[&str] = &["and", "or", "with", "on", "plus", "via", "using", "in", "&"];
    gap.split(|c: char| c.is_whitespace() || ",;/|+()[]·•:-–—.".contains(c))
        .filter(|word| !word.is_empty())
        .all(|word| JOINERS.iter().any(|j| j.eq_ignore_ascii_case(word)))
        && !gap.contains('\n')
}

/// Compiles a pack pattern as the engine runs it: case-insensitive, with ASCII classes and word
/// boundaries. Unicode-aware `\b` would push the regex engine off its fast path on any non-ASCII
/// text (every resume with an "é" or a "–"), for no gain on technical vocabulary.
pub fn compile_pattern(pattern: &str) -> Result<Regex, regex::Error> {
    regex::bytes::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .unicode(false)
        .build()
}

/// Letters, digits and `_`.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn on_word_boundaries(text: &str, start: usize, end: usize, left: bool, right: bool) -> bool {
    let before_ok = !left
        || text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word_char(c));
    let after_ok = !right || text[end..].chars().next().is_none_or(|c| !is_word_char(c));
    before_ok && after_ok
}

/// True when `term` occurs in `haystack`, case-insensitively, on word boundaries.
///
/// It matches as the engine matches phrases: ASCII case ignored, spaces and dashes
/// interchangeable ("date-of-birth" is found in "Date of birth").
pub fn contains_term(haystack: &str, term: &str) -> bool {
    let hay = haystack.to_ascii_lowercase();
    spelling_variants(term).iter().any(|variant| {
        let needle = variant.to_ascii_lowercase();
        let left = needle.chars().next().is_some_and(is_word_char);
        let right = needle.chars().last().is_some_and(is_word_char);
        hay.match_indices(&needle)
            .any(|(i, m)| on_word_boundaries(&hay, i, i + m.len(), left, right))
    })
}

/// Lowercased literal and its separator variants: "fast api" also matches "fast-api" and
/// "fastapi" is left alone; "django-rest-framework" also matches "django rest framework".
fn spelling_variants(text: &str) -> Vec<String> {
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

/// Sorts hits, keeps one per distinct text (case-insensitive), at most `cap`.
fn distinct_hits(text: &str, mut hits: Vec<Span>, cap: usize) -> Vec<Span> {
    hits.sort_unstable();
    hits.dedup();
    let mut out: Vec<Span> = Vec::with_capacity(hits.len().min(cap));
    for hit in hits {
        if out.len() == cap {
            break;
        }
        // A linear scan beats hashing here: a rule keeps a handful of distinct texts.
        let candidate = &text[hit.start..hit.end];
        let seen = out
            .iter()
            .any(|o| text[o.start..o.end].eq_ignore_ascii_case(candidate));
        if !seen {
            out.push(hit);
        }
    }
    out
}

fn evidence_at(doc: &Document, span: Span) -> Evidence {
    let text = doc.text();
    let location = doc.locate(span.start);
    let line_end = location.line_end.max(span.end).min(text.len());
    let from = floor_char_boundary(text, span.start.saturating_sub(SNIPPET_CONTEXT))
        .max(location.line_start);
    let to = ceil_char_boundary(text, (span.end + SNIPPET_CONTEXT).min(line_end));
    let mut snippet = String::new();
    if from > location.line_start {
        snippet.push_str("...");
    }
    snippet.push_str(&text[from..to]);
    if to < line_end {
        snippet.push_str("...");
    }
    Evidence {
        text: text[span.start..span.end].to_string(),
        line: location.line,
        page: location.page,
        snippet,
        span,
    }
}

/// Rules ordered so each comes after the rules it refers to (packs are validated acyclic).
fn topological_order(rules: &[CompiledRule]) -> Vec<usize> {
    fn visit(i: usize, rules: &[CompiledRule], seen: &mut [bool], order: &mut Vec<usize>) {
        if seen[i] {
            return;
        }
        seen[i] = true;
        let rule = &rules[i];
        for &dep in rule.all.iter().chain(&rule.any).flatten().chain(&rule.none) {
            visit(dep, rules, seen, order);
        }
        order.push(i);
    }
    let mut seen = vec![false; rules.len()];
    let mut order = Vec::with_capacity(rules.len());
    for i in 0..rules.len() {
        visit(i, rules, &mut seen, &mut order);
    }
    order
}

/// A short description of what a rule looks for, for humans. Rules it refers to are named by id
/// when they are reported (the reader sees those ids in the report), and by what they mean when
/// they are signals, whose ids are internal: "none of [Recent Python 3]", not "none of [python3]".
fn describe(rule: &Rule, rules: &HashMap<&str, &Rule>) -> String {
    describe_within(rule, rules, 0)
}

fn describe_within(rule: &Rule, rules: &HashMap<&str, &Rule>, depth: usize) -> String {
    let mut parts = Vec::new();
    let list = |names: Vec<String>, limit: usize| -> String {
        let mut shown: Vec<String> = names.iter().take(limit).cloned().collect();
        if names.len() > limit {
            shown.push("…".to_string());
        }
        shown.join(", ")
    };
    let values =
        |items: &[super::set::Located<String>]| items.iter().map(|l| l.value.clone()).collect();
    let references = |items: &[super::set::Located<String>]| -> Vec<String> {
        items
            .iter()
            .map(|l| match rules.get(l.value.as_str()) {
                Some(referred) if referred.kind == Kind::Signal => {
                    format!("\"{}\"", signal_label(referred, rules, depth))
                }
                _ => l.value.clone(),
            })
            .collect()
    };
    if !rule.skills.is_empty() {
        parts.push(format!("skills {}", list(values(&rule.skills), 6)));
    }
    if !rule.skill_categories.is_empty() {
        parts.push(format!(
            "any skill in {}",
            list(values(&rule.skill_categories), 6)
        ));
    }
    if !rule.phrases.is_empty() {
        parts.push(format!("phrases {}", list(values(&rule.phrases), 6)));
    }
    if !rule.patterns.is_empty() {
        parts.push(format!("{} pattern(s)", rule.patterns.len()));
    }
    if let Some(years) = rule.min_years {
        parts.push(format!("at least {years} years in dated roles"));
    }
    if !rule.all.is_empty() {
        parts.push(format!("all of [{}]", list(references(&rule.all), 8)));
    }
    if !rule.any.is_empty() {
        parts.push(format!("any of [{}]", list(references(&rule.any), 8)));
    }
    if !rule.none.is_empty() {
        parts.push(format!("none of [{}]", list(references(&rule.none), 8)));
    }
    parts.join("; ")
}

/// A signal as a reader can understand it: the start of its description ("Recent Python 3"), or
/// else what it looks for, or, deep in a chain of signals, its id.
fn signal_label(signal: &Rule, rules: &HashMap<&str, &Rule>, depth: usize) -> String {
    let summary = signal
        .description
        .split([':', '(', '.'])
        .next()
        .unwrap_or("")
        .trim();
    if !summary.is_empty() {
        return summary.to_string();
    }
    if depth < 2 {
        let inner = describe_within(signal, rules, depth + 1);
        if !inner.is_empty() {
            return inner;
        }
    }
    signal.id.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::embedded_sources;

    fn skills_in(text: &str) -> Vec<String> {
        let (set, _) = RuleSet::load(&embedded_sources());
        let engine = Engine::new(
            &set.expect("embedded packs load"),
            EngineOptions {
                role: Role::Backend,
                score_sensitive: false,
                as_of: YearMonth {
                    year: 2026,
                    month: 6,
                },
            },
        );
        let evaluation = engine.evaluate(&Document::from_text(text));
        evaluation.skills.into_values().flatten().collect()
    }

    #[test]
    fn terms_are_found_as_the_engine_finds_phrases() {
        assert!(contains_term("Date of birth: 1980", "date-of-birth"));
        assert!(contains_term("DATE-OF-BIRTH", "date of birth"));
        assert!(!contains_term("Djangoesque", "Django"));
    }

    #[test]
    fn a_plus_or_hash_ends_a_name_except_a_one_letter_one() {
        let found = skills_in("Skills: Python+Django, PostgreSQL#1 pick; C++ and C# only");
        for skill in ["Python", "Django", "PostgreSQL"] {
            assert!(found.iter().any(|s| s == skill), "{skill} in {found:?}");
        }
        assert!(!found.iter().any(|s| s == "C"), "{found:?}");
    }
}
