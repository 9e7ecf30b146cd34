//! Matching and evaluation: a rule set compiled for one role, run over normalized documents.
//!
//! All literals (skill names, aliases, rule phrases) go into one Aho-Corasick automaton and are
//! found in a single pass; each pack pattern is its own regex, so the regex engine can find its
//! literal parts with a vectorized search. Everything is compiled once per batch; evaluating a
//! document allocates only its hits and evidence. This stage never fails and never panics on input text.

use super::file::Kind;
use super::pattern::{
    anchored_pattern, compile_pattern, is_word_char, match_at, on_word_boundaries,
    spelling_variants, start_literals,
};
use super::set::{Rule, RuleSet};
use crate::normalize::{ceil_char_boundary, floor_char_boundary, Document};
use crate::role::Role;
use crate::structure::{SectionKind, Structure, YearMonth};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::bytes::Regex;
use std::collections::{BTreeSet, HashMap};

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
    /// A phrase that makes a mention of this skill another thing ("Burmese python").
    SkillGuard(usize),
    /// A phrase inside which this rule's matches do not count.
    RuleGuard(usize),
    /// A proficiency qualifier ("basic", "familiar with") that weakens the skills it names.
    Qualifier(usize),
    /// A word about technical work ("engineers", "code reviews").
    TechnicalWord,
    /// A unit of duration ("years", "yrs", "months"), also inside a token ("5yrs"): where
    /// experience may be stated.
    DurationWord,
    /// A literal that every match of this pattern (by index) begins with: where to try it.
    PatternStart(usize),
}

impl Target {
    /// Found wherever its literal stands, also inside a token ("5yrs", "€80k"), instead of on
    /// word boundaries.
    fn inside_tokens(self) -> bool {
        matches!(self, Target::DurationWord | Target::PatternStart(_))
    }

    /// Matched as written: a pattern's start literal, which the pattern itself then checks,
    /// gets no spelling variants and is never a one-letter name for the capital-letter scan.
    fn as_written(self) -> bool {
        matches!(self, Target::PatternStart(_))
    }
}

/// What one literal of the automaton stands for: a slice of the engine's flat target list, the
/// targets counted wherever the literal stands first, then those counted only on word
/// boundaries. Kept small and flat because it is read once per match, tens of thousands of
/// times per resume.
#[derive(Debug, Clone, Copy)]
struct LiteralTargets {
    /// Where this literal's targets start in the flat list.
    first: u32,
    /// Counted wherever the literal stands, also inside a token ("5yrs"): duration units.
    anywhere: u16,
    /// Counted only when the match stands on word boundaries (where `left` and `right` say the
    /// literal's ends need one): skills, phrases, guards, qualifiers, technical words.
    whole_word: u16,
    left: bool,
    right: bool,
}

/// Units that every statement of experience names ("5+ years of Python", "Django (3 yrs)",
/// "Python - Experience - 31 months").
const DURATION_WORDS: &[&str] = &["year", "yr", "month"];

#[derive(Debug, Clone)]
struct SkillInfo {
    name: std::sync::Arc<str>,
    category: std::sync::Arc<str>,
    /// Place in the order skills are reported in: by category, then name.
    rank: usize,
}

/// One competency of the role's fit model, compiled against the engine's rules and catalogue.
#[derive(Debug, Clone)]
pub struct FitCompetency {
    /// Id.
    pub id: String,
    /// What the breakdown shows.
    pub title: String,
    /// Points at full strength.
    pub points: f64,
    /// A candidate without any evidence of it is capped.
    pub must_have: bool,
    /// Distinct pieces of evidence for full strength.
    pub depth: u32,
    /// Skill categories that count.
    pub categories: Vec<String>,
    /// Catalogue indices of the skills that count.
    pub skills: Vec<usize>,
    /// Indices in [`Engine::rules`] of the rules whose evidence counts (rules switched off or
    /// not in force for the role are left out).
    pub rules: Vec<usize>,
}

/// A role's fit model, compiled: what the score is made of (the score stage computes from it).
#[derive(Debug, Clone)]
pub struct FitModel {
    /// Competencies, in pack order.
    pub competencies: Vec<FitCompetency>,
    /// Points for relevant years.
    pub seniority: f64,
    /// Years that earn all the seniority points.
    pub seniority_years: f64,
    /// Points for the green flags' share of the green weight.
    pub flags: f64,
    /// Points off per unit of a concern's weight.
    pub concern_points: f64,
    /// Indices in [`Engine::rules`] of the concerns.
    pub concerns: Vec<usize>,
    /// The most a candidate missing a must-have scores.
    pub must_have_cap: f64,
    /// Every rule some competency names, sorted: their evidence is kept even for signals.
    pub rules: Vec<usize>,
}

impl FitModel {
    fn compile(set: &RuleSet, role: Role, rules: &[CompiledRule]) -> Option<FitModel> {
        let settings = set.fits.iter().find(|f| f.role == role)?;
        let rule_index = |id: &str| rules.iter().position(|r| r.id == id);
        let competencies: Vec<FitCompetency> = set
            .competencies
            .iter()
            .filter(|c| c.role == role)
            .map(|c| FitCompetency {
                id: c.id.clone(),
                title: c.title.clone(),
                points: c.points,
                must_have: c.must_have,
                depth: c.depth,
                categories: c.skill_categories.iter().map(|l| l.value.clone()).collect(),
                skills: c
                    .skills
                    .iter()
                    .filter_map(|l| {
                        set.skills
                            .iter()
                            .position(|s| s.name.eq_ignore_ascii_case(&l.value))
                    })
                    .collect(),
                rules: c
                    .rules
                    .iter()
                    .filter_map(|l| rule_index(&l.value))
                    .collect(),
            })
            .collect();
        let mut all_rules: Vec<usize> = competencies
            .iter()
            .flat_map(|c| c.rules.iter().copied())
            .collect();
        all_rules.sort_unstable();
        all_rules.dedup();
        Some(FitModel {
            rules: all_rules,
            competencies,
            seniority: settings.seniority,
            seniority_years: settings.seniority_years,
            flags: settings.flags,
            concern_points: settings.concern_points,
            concerns: settings
                .concerns
                .iter()
                .filter_map(|l| rule_index(&l.value))
                .collect(),
            must_have_cap: settings.must_have_cap,
        })
    }
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
    sections: Vec<SectionKind>,
    unless_line_has: Vec<usize>,
    only_if_line_has: Vec<usize>,
    technical_context: bool,
    min_months: Option<f64>,
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

/// Text an engine reads with its first automaton before it builds the faster one: about 400
/// resumes, after which the 6 ms the build costs are won back within the next 2 MB.
const DFA_AFTER_BYTES: usize = 2 << 20;

/// The one automaton over every literal of the packs (skill spellings, phrases, guards,
/// qualifiers, technical words). A contiguous NFA is built with the engine; a DFA, which
/// searches about 1.8 times as fast (250 against 140 MB/s on the engine benchmark) but takes
/// 6 ms longer to build, replaces it once a batch has read enough text to pay for it, so a run
/// over a few resumes does not wait for it at start-up. Both find exactly the same matches.
///
/// The literals are lowercased (ASCII) and each text is read through an ASCII-lowercased copy,
/// which finds what a case-insensitive automaton finds at the same offsets with half the
/// memory: upper-case bytes need no byte classes of their own (the default packs' DFA is 2.2 MB
/// instead of 4.3 MB).
#[derive(Debug)]
struct LiteralAutomaton {
    nfa: AhoCorasick,
    literals: Vec<String>,
    /// `None` inside when the DFA would be too large to build.
    dfa: std::sync::OnceLock<Option<AhoCorasick>>,
    /// Bytes read with the NFA so far, by every thread.
    scanned: std::sync::atomic::AtomicUsize,
}

impl LiteralAutomaton {
    fn builder(kind: AhoCorasickKind) -> aho_corasick::AhoCorasickBuilder {
        let mut builder = AhoCorasick::builder();
        builder.match_kind(MatchKind::Standard).kind(Some(kind));
        builder
    }

    /// An automaton over `literals`, which are ASCII-lowercased already.
    fn new(literals: Vec<String>) -> LiteralAutomaton {
        debug_assert!(literals.iter().all(|l| *l == l.to_ascii_lowercase()));
        let nfa = Self::builder(AhoCorasickKind::ContiguousNFA)
            .build(&literals)
            .or_else(|_| {
                // A very large catalogue may exceed the contiguous NFA's limits; the default
                // choice is still correct.
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&literals)
            })
            .expect("literal automaton builds");
        LiteralAutomaton {
            nfa,
            literals,
            dfa: std::sync::OnceLock::new(),
            scanned: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// Calls `each` with every match in `text`, overlapping ones included, in the order the
    /// automaton reports them.
    fn for_each_match(&self, text: &str, mut each: impl FnMut(aho_corasick::Match)) {
        thread_local! {
            static LOWERCASED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        LOWERCASED.with(|buffer| {
            let mut lowered = buffer.borrow_mut();
            lowered.clear();
            lowered.extend(text.bytes().map(|b| b.to_ascii_lowercase()));
            for m in self
                .for_text(text.len())
                .find_overlapping_iter(&lowered[..])
            {
                each(m);
            }
            // A huge text does not keep its buffer for the life of the thread.
            if lowered.capacity() > 1 << 20 {
                *lowered = Vec::new();
            }
        });
    }

    /// Whether the batch has read enough text to have built the DFA: what else is built for
    /// long batches only is worth building too.
    fn is_warm(&self) -> bool {
        self.dfa.get().is_some()
    }

    /// The automaton to read a text of `len` bytes with.
    fn for_text(&self, len: usize) -> &AhoCorasick {
        if let Some(dfa) = self.dfa.get() {
            return dfa.as_ref().unwrap_or(&self.nfa);
        }
        let before = self
            .scanned
            .fetch_add(len, std::sync::atomic::Ordering::Relaxed);
        if before + len < DFA_AFTER_BYTES {
            return &self.nfa;
        }
        self.dfa
            .get_or_init(|| {
                Self::builder(AhoCorasickKind::DFA)
                    .build(&self.literals)
                    .ok()
            })
            .as_ref()
            .unwrap_or(&self.nfa)
    }
}

impl Clone for LiteralAutomaton {
    fn clone(&self) -> LiteralAutomaton {
        LiteralAutomaton {
            nfa: self.nfa.clone(),
            literals: self.literals.clone(),
            dfa: self.dfa.clone(),
            scanned: std::sync::atomic::AtomicUsize::new(
                self.scanned.load(std::sync::atomic::Ordering::Relaxed),
            ),
        }
    }
}

/// A [`RuleSet`] compiled for one role: build once, evaluate many documents (it is `Sync`).
#[derive(Debug, Clone)]
pub struct Engine {
    options: EngineOptions,
    skills: Vec<SkillInfo>,
    automaton: LiteralAutomaton,
    /// Case-sensitive scan for one-letter skill names, with their targets by letter.
    letter_regex: Option<Regex>,
    letters: Vec<(char, Target)>,
    /// For each automaton pattern: what it stands for, and whether its ends need word boundaries.
    pattern_targets: Vec<LiteralTargets>,
    /// Every literal's targets, one slice each (see [`LiteralTargets`]).
    targets: Vec<Target>,
    regexes: Vec<CompiledPattern>,
    rules: Vec<CompiledRule>,
    order: Vec<usize>,
    scorecard: Vec<CompiledScorecard>,
    /// The sum of scored green weights, fixed by the rules and options.
    max_green: f64,
    /// Qualifiers that make a skill mention weak ("basic", "familiar with").
    /// The role's fit model, when the packs define one (`[[fit]]` for the role).
    fit: Option<FitModel>,
    /// Rules some rule's `unless_line_has` or `only_if_line_has` names: their lines are looked
    /// up per document.
    line_rules: Vec<usize>,
    /// For each catalogue skill, the rules that count it: a resume names a few dozen skills and
    /// each rule a handful, so matching goes from the skills found to their rules.
    rules_of_skill: Vec<Vec<usize>>,
}

/// One pack pattern as the engine runs it.
#[derive(Debug, Clone)]
struct CompiledPattern {
    regex: Regex,
    /// Every match begins with one of a few literals, which the literal automaton finds.
    has_starts: bool,
    /// The pattern compiled for anchored searches at those literals, built like the
    /// automaton's DFA once a batch has read enough text to pay for it (0.2 ms a pattern or so):
    /// until then the pattern scans.
    anchored: std::sync::OnceLock<Option<regex_automata::meta::Regex>>,
}

/// A matching stage that [`Engine::run_stage`] can run alone.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum Stage {
    /// The literal automaton (skills, aliases, phrases).
    Literals,
    /// The pack patterns, each scanning the whole text: what they would cost without start
    /// literals (evaluation scans only the patterns that have none, and tries the others where
    /// the literal automaton found their start).
    Patterns,
    /// The structure stage: sections, date ranges and positions.
    Structure,
}

/// A match in a document's normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    /// Byte offset of the first matched byte.
    pub start: usize,
    /// Byte offset after the last matched byte.
    pub end: usize,
}

/// Rule evaluation ran past its CPU-time budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverBudget;

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
    /// The kind of section it was found in.
    pub section: SectionKind,
    /// Index of the position (in [`Evaluation::structure`]) whose lines hold it.
    pub position: Option<usize>,
}

/// How one skill is used in a resume: where it is named and for how long.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillUse {
    /// Index of the skill in the catalogue.
    pub skill: usize,
    /// Canonical name.
    pub name: std::sync::Arc<str>,
    /// Catalogue category.
    pub category: std::sync::Arc<str>,
    /// Months of the relevant dated positions whose lines name it (overlaps counted once).
    pub months: u32,
    /// The last month of those positions ("present" resolved against `--as-of`).
    pub last_used: Option<YearMonth>,
    /// Kinds of section it is named in, in report order.
    pub sections: Vec<SectionKind>,
    /// Named only with a qualifier such as "basic" or "familiar with", or only in a keyword
    /// dump.
    pub weak: bool,
    /// Named only in keyword dumps: listed, and worth nothing to the fit model.
    pub stuffed: bool,
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
    /// Fired signals the fit model's competencies name, with their evidence, in rule-id order.
    pub signals: Vec<Flag>,
    /// Level 0–3 per scorecard category, in scorecard order.
    pub scorecard: Vec<(String, u8)>,
    /// Years of relevant dated experience (or a larger figure the resume states, e.g.
    /// "6+ years of Python", shown as evidence).
    pub years: f64,
    /// Every skill found with where and how long it was used, sorted by category then name.
    pub skill_uses: Vec<SkillUse>,
    /// Sections and positions of the document.
    pub structure: Structure,
    /// Keyword-stuffed stretches (read as a skills list whatever section they are in).
    pub stuffing: Vec<Stuffing>,
}

/// A stretch of a resume that lists technologies to be matched rather than read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stuffing {
    /// Byte range in the normalized text.
    pub start: usize,
    /// End of that range (exclusive).
    pub end: usize,
    /// Why it is stuffing, with the figures.
    pub reason: String,
    /// A keyword dump (a line of dozens of technologies, or one repeated): nothing in it is
    /// evidence for any rule; its skills are still listed. A skills section whose skills are
    /// used nowhere else is not a dump: it counts as the skills list it is.
    pub dump: bool,
}

/// Whether `offset` is in one of these sorted, disjoint ranges.
fn in_ranges(ranges: &[(usize, usize)], offset: usize) -> bool {
    let index = ranges.partition_point(|&(s, _)| s <= offset);
    index > 0 && offset < ranges[index - 1].1
}

/// A line naming at least this many distinct technologies is a keyword dump: a real skills line
/// groups a handful ("Python, Django, PostgreSQL, Redis"), and even a long one rarely passes
/// fifteen; the issue's attack is a line of 40.
pub const STUFFED_LINE_SKILLS: usize = 20;

/// A long line is a dump only when under this share of its technologies appear in experience
/// or projects: a developer who lists the stack of their jobs on one line is not stuffing.
pub const DUMP_USED_SHARE: f64 = 0.5;

/// One technology named this many times on a single line is repetition for a matcher.
pub const STUFFED_LINE_REPEATS: usize = 5;

/// A skills section naming at least this many technologies, of which under
/// [`UNUSED_SKILLS_SHARE`] appear anywhere in experience or projects, lists what was never used.
/// Ten to thirty skills, most of them in dated positions, is a real developer's section.
pub const STUFFED_SECTION_SKILLS: usize = 12;

/// See [`STUFFED_SECTION_SKILLS`]: the share of a skills section's technologies that must also
/// appear in experience or projects for it to be a real one.
pub const UNUSED_SKILLS_SHARE: f64 = 0.2;

/// Finds keyword-stuffed lines and skills sections from the skill mentions (in text order, with
/// their sections read).
fn find_stuffing(doc: &Document, structure: &Structure, mentions: &[Mention]) -> Vec<Stuffing> {
    let by_start = mentions;
    // Technologies used in experience or projects, sorted.
    let mut used: Vec<usize> = mentions
        .iter()
        .filter(|m| matches!(m.section, SectionKind::Experience | SectionKind::Projects))
        .map(|m| m.skill)
        .collect();
    used.sort_unstable();
    used.dedup();
    let is_used = |skill: &usize| used.binary_search(skill).is_ok();
    let mut found = Vec::new();
    // Only the lines that hold a mention are looked at, each once.
    let mut next = 0usize;
    while next < by_start.len() {
        let line = doc.locate(by_start[next].span.start);
        let (start, end) = (line.line_start, line.line_end);
        let from = next;
        let to = from + by_start[from..].partition_point(|m| m.span.start < end);
        next = to.max(from + 1);
        let on_line = &by_start[from..to];
        // Too few mentions to reach either threshold: most lines, decided without counting.
        if on_line.len() < STUFFED_LINE_SKILLS.min(STUFFED_LINE_REPEATS) {
            continue;
        }
        // A list, not prose: at most one other word per technology named. A resume extracted
        // as one long line of sentences is never a dump, however many technologies it names.
        let mut other_words = 0usize;
        let mut at = start;
        for m in on_line {
            let from = m.span.start.max(at);
            if from > at {
                other_words += doc.text()[at..from]
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .count();
            }
            at = at.max(m.span.end.min(end));
        }
        other_words += doc.text()[at..end]
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .count();
        if other_words > on_line.len() {
            continue;
        }
        let mut skills: Vec<usize> = on_line.iter().map(|m| m.skill).collect();
        skills.sort_unstable();
        let most = skills
            .chunk_by(|a, b| a == b)
            .map(<[usize]>::len)
            .max()
            .unwrap_or(0);
        skills.dedup();
        let distinct = skills.len();
        let in_use = skills.iter().filter(|s| is_used(s)).count();
        let reason = if distinct >= STUFFED_LINE_SKILLS
            && (in_use as f64) < DUMP_USED_SHARE * distinct as f64
        {
            Some(format!(
                "one line names {distinct} technologies, {in_use} of them used in experience or \
                 projects"
            ))
        } else if most >= STUFFED_LINE_REPEATS {
            Some(format!("one line names the same technology {most} times"))
        } else {
            None
        };
        if let Some(reason) = reason {
            found.push(Stuffing {
                start,
                end,
                reason,
                dump: true,
            });
        }
    }
    for section in structure.sections() {
        if section.kind != SectionKind::Skills {
            continue;
        }
        let from = mentions.partition_point(|m| m.span.start < section.start);
        let to = mentions.partition_point(|m| m.span.start < section.end);
        let listed: std::collections::BTreeSet<usize> =
            mentions[from..to].iter().map(|m| m.skill).collect();
        if listed.len() < STUFFED_SECTION_SKILLS {
            continue;
        }
        let in_use = listed.iter().filter(|s| is_used(s)).count();
        if (in_use as f64) < UNUSED_SKILLS_SHARE * listed.len() as f64 {
            let end = section.end.min(doc.text().len());
            // A dump inside the section already points at it.
            if !found.iter().any(|s| s.start < end && s.end > section.start) {
                found.push(Stuffing {
                    start: section.start,
                    end,
                    reason: format!(
                        "a skills section names {} technologies, {in_use} of them used in \
                         experience or projects",
                        listed.len()
                    ),
                    dump: false,
                });
            }
        }
    }
    found.sort_by_key(|s| s.start);
    found
}

impl Engine {
    /// Compiles the rules in force for `options.role`.
    ///
    /// The set must come from [`RuleSet::load`], which has validated every regex and reference.
    pub fn new(set: &RuleSet, options: EngineOptions) -> Engine {
        let role = options.role;
        let mut skills: Vec<SkillInfo> = set
            .skills
            .iter()
            .map(|s| SkillInfo {
                name: s.name.as_str().into(),
                category: s.category.as_str().into(),
                rank: 0,
            })
            .collect();
        let mut by_report_order: Vec<usize> = (0..skills.len()).collect();
        by_report_order.sort_by(|&a, &b| {
            (&skills[a].category, &skills[a].name, a).cmp(&(
                &skills[b].category,
                &skills[b].name,
                b,
            ))
        });
        for (rank, skill) in by_report_order.into_iter().enumerate() {
            skills[skill].rank = rank;
        }
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
            if trimmed.chars().count() == 1 && !target.as_written() {
                let letter = trimmed.chars().next().expect("one char");
                letters.push((letter, target));
                return;
            }
            let variants = if target.as_written() {
                vec![text.to_string()]
            } else {
                spelling_variants(text)
            };
            for variant in variants {
                // The automaton reads lowercased text (see `LiteralAutomaton`): spellings that
                // differ only in case are one literal, whose match is handled once.
                let variant = variant.to_ascii_lowercase();
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
            for guard in &skill.not_within {
                add_literal(&guard.value, Target::SkillGuard(i));
            }
        }

        let by_id: HashMap<&str, &Rule> = in_force.iter().map(|r| (r.id.as_str(), *r)).collect();
        let mut regexes = Vec::new();
        let mut rules = Vec::new();
        for (ri, rule) in in_force.iter().enumerate() {
            for phrase in &rule.phrases {
                add_literal(&phrase.value, Target::Phrase(ri));
            }
            for guard in &rule.not_within {
                add_literal(&guard.value, Target::RuleGuard(ri));
            }
            // One regex per pattern: a pattern with a literal in it ("requests", "python") is
            // found through a vectorized search for that literal, which an alternation of
            // unrelated patterns would defeat, leaving a byte-at-a-time scan.
            let mut regex_ids = Vec::new();
            for pattern in &rule.patterns {
                let regex = compile_pattern(&pattern.value)
                    .expect("patterns are validated when packs load");
                let starts = start_literals(&pattern.value);
                for literal in starts.iter().flatten() {
                    add_literal(literal, Target::PatternStart(regexes.len()));
                }
                regex_ids.push(regexes.len());
                regexes.push(CompiledPattern {
                    regex,
                    has_starts: starts.is_some(),
                    anchored: std::sync::OnceLock::new(),
                });
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
                        .filter(|(_, s)| category.value == "*" || *s.category == *category.value)
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
                sections: rule.sections.clone(),
                unless_line_has: lookup(&rule.unless_line_has),
                only_if_line_has: lookup(&rule.only_if_line_has),
                technical_context: rule.technical_context,
                min_months: rule.min_months,
            });
        }

        // Qualifiers and technical words ride the same automaton: a document is scanned once
        // for everything.
        for (i, qualifier) in set.weak_qualifiers.iter().enumerate() {
            add_literal(qualifier, Target::Qualifier(i));
        }
        for word in crate::structure::TECHNICAL_WORDS {
            add_literal(word, Target::TechnicalWord);
        }
        for word in DURATION_WORDS {
            add_literal(word, Target::DurationWord);
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
        let automaton = LiteralAutomaton::new(literals.clone());
        let mut targets: Vec<Target> = Vec::new();
        let pattern_targets = literals
            .iter()
            .zip(literal_targets)
            .map(|(lit, own)| {
                let first = targets.len() as u32;
                let (anywhere, whole_word): (Vec<Target>, Vec<Target>) =
                    own.into_iter().partition(|t| t.inside_tokens());
                let slot = LiteralTargets {
                    first,
                    anywhere: anywhere.len() as u16,
                    whole_word: whole_word.len() as u16,
                    left: lit.chars().next().is_some_and(is_word_char),
                    right: lit.chars().last().is_some_and(is_word_char),
                };
                targets.extend(anywhere);
                targets.extend(whole_word);
                slot
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
                            .any(|c| *c.value == *s.category)
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
            targets,
            regexes,
            rules,
            order,
            scorecard,
            max_green: 0.0,
            line_rules: Vec::new(),
            rules_of_skill: Vec::new(),
            fit: None,
        };
        engine.fit = FitModel::compile(set, role, &engine.rules);
        let mut line_rules: Vec<usize> = engine
            .rules
            .iter()
            .flat_map(|r| r.unless_line_has.iter().chain(&r.only_if_line_has).copied())
            .collect();
        line_rules.sort_unstable();
        line_rules.dedup();
        engine.line_rules = line_rules;
        engine.rules_of_skill = (0..engine.skills.len())
            .map(|skill| {
                (0..engine.rules.len())
                    .filter(|&ri| engine.rules[ri].skills.contains(skill))
                    .collect()
            })
            .collect();
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
        rule.is_reported() && self.may_score(rule)
    }

    /// True unless the rule may proxy a protected attribute and such rules are not scored: what
    /// decides whether a rule's evidence, a signal's too, counts toward a fit competency.
    pub fn may_score(&self, rule: &CompiledRule) -> bool {
        !rule.sensitive || self.options.score_sensitive
    }

    /// The sum of scored green weights, fixed by the rules and options.
    pub fn max_green(&self) -> f64 {
        self.max_green
    }

    /// The role's fit model, if the packs define one.
    pub fn fit(&self) -> Option<&FitModel> {
        self.fit.as_ref()
    }

    /// Runs one matching stage alone over a document and returns its number of matches: the
    /// engine benchmark uses it to show what each stage costs, and so the ceiling it sets.
    #[doc(hidden)]
    pub fn run_stage(&self, doc: &Document, stage: Stage) -> usize {
        let text = doc.text();
        match stage {
            Stage::Literals => {
                let mut matches = 0;
                self.automaton.for_each_match(text, |_| matches += 1);
                matches
            }
            Stage::Patterns => self
                .regexes
                .iter()
                .map(|pattern| pattern.regex.find_iter(text.as_bytes()).count())
                .sum(),
            Stage::Structure => Structure::analyze(doc).positions().len(),
        }
    }

    /// Finds every literal and regex match and evaluates every rule over one document.
    pub fn evaluate(&self, doc: &Document) -> Evaluation {
        match self.evaluate_within(doc, None) {
            Ok(evaluation) => evaluation,
            Err(OverBudget) => unreachable!("no budget was given"),
        }
    }

    /// [`Engine::evaluate`] under a CPU-time budget, checked between patterns and rules: a pack
    /// with a pathological pattern costs a file its `timeout`, not the batch its progress.
    pub fn evaluate_within(
        &self,
        doc: &Document,
        deadline: Option<&crate::extract::cpu::Deadline>,
    ) -> Result<Evaluation, OverBudget> {
        let check = || match deadline {
            Some(deadline) if deadline.passed() => Err(OverBudget),
            _ => Ok(()),
        };
        let text = doc.text();
        let mut hits = self.find_literals(doc);
        // Each rule regex scans on its own: most start with a literal ("python", "github", "pep")
        // that the regex crate finds with a vectorized prefilter, which a RegexSet cannot use.
        let mut regex_hits: Vec<Vec<Span>> = Vec::with_capacity(self.regexes.len());
        for index in 0..self.regexes.len() {
            check()?;
            regex_hits.push(self.pattern_spans(index, text, &hits.pattern_starts));
        }
        check()?;

        let mut structure = Structure::analyze(doc);
        hits.read_sections(&structure);
        let stuffing = find_stuffing(doc, &structure, &hits.in_text_order);
        if !stuffing.is_empty() {
            structure.read_as_skills_list(
                &stuffing
                    .iter()
                    .map(|s| (s.start, s.end))
                    .collect::<Vec<_>>(),
            );
            hits.read_sections(&structure);
        }
        hits.group_by_skill();
        // In text order, so sorted.
        let strong_starts: Vec<usize> = hits
            .in_text_order
            .iter()
            .filter(|m| !m.weak && !structure.in_skills_list(m.span.start))
            .map(|m| m.span.start)
            .collect();
        structure.mark_relevant(|a, b| any_within(&strong_starts, a, b));
        let dumps: Vec<(usize, usize)> = stuffing
            .iter()
            .filter(|s| s.dump)
            .map(|s| (s.start, s.end))
            .collect();
        let context = Context {
            technical_words: &hits.technical_words,
            doc,
            structure: &structure,
            dumps: &dumps,
            strong_starts: &strong_starts,
            rule_guards: &hits.rule_guards,
            line_hits: self.line_hits(doc, &hits, &regex_hits),
        };
        let as_of = self.options.as_of;
        let skill_uses = self.skill_uses(&hits.mentions, &structure, &dumps);
        let months_of = |skill: usize| -> f64 {
            skill_uses
                .iter()
                .find(|u| u.skill == skill)
                .map_or(0.0, |u| f64::from(u.months))
        };
        let relevant_years = structure.relevant_months(as_of) as f64 / 12.0;
        let stated = stated_years(doc, &structure, &hits.duration_words, &strong_starts);
        let years = crate::structure::round1(
            stated
                .map_or(relevant_years, |(y, _)| y.max(relevant_years))
                .min(60.0),
        );

        let mut fired: Vec<Option<Vec<Span>>> = vec![None; self.rules.len()];
        // The first mention of each skill that counts for a rule stands for the skill there,
        // found from the skills present to the rules that count them.
        let mut skill_hits: Vec<IndexedSpan> = Vec::new();
        for group in hits.mentions.chunk_by(|a, b| a.skill == b.skill) {
            let skill = group[0].skill;
            for &ri in &self.rules_of_skill[skill] {
                let rule = &self.rules[ri];
                if rule.min_months.is_some_and(|min| months_of(skill) < min) {
                    continue;
                }
                if let Some(mention) = group
                    .iter()
                    .find(|m| !m.weak && context.counts(rule, ri, m.span))
                {
                    skill_hits.push((ri, mention.span));
                }
            }
        }
        skill_hits.sort_unstable_by_key(|&(ri, _)| ri);
        for &ri in &self.order {
            check()?;
            let rule = &self.rules[ri];
            let mut own: Vec<Span> = entries_of(&skill_hits, ri)
                .iter()
                .map(|&(_, span)| span)
                .collect();
            if rule.has_phrases {
                own.extend(
                    entries_of(&hits.phrases, ri)
                        .iter()
                        .map(|&(_, span)| span)
                        .filter(|&span| context.counts(rule, ri, span)),
                );
            }
            for &regex in &rule.regexes {
                own.extend(
                    regex_hits[regex]
                        .iter()
                        .copied()
                        .filter(|&span| context.counts(rule, ri, span)),
                );
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
                if years < min_years {
                    continue;
                }
                evidence.extend(
                    structure
                        .positions()
                        .iter()
                        .filter(|p| p.relevant)
                        .map(|p| Span {
                            start: p.range.start,
                            end: p.range.end,
                        }),
                );
                evidence.extend(stated.map(|(_, span)| span));
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

        let mut evaluation = Evaluation {
            years,
            stuffing,
            ..Evaluation::default()
        };
        let fit_rules: &[usize] = self.fit.as_ref().map_or(&[], |f| &f.rules);
        let mut flags: Vec<Flag> = fired
            .iter()
            .enumerate()
            .filter(|(ri, _)| self.rules[*ri].is_reported() || fit_rules.contains(ri))
            .filter_map(|(ri, hits)| {
                let hits = hits.as_ref()?;
                let rule = &self.rules[ri];
                let mut note = rule.note.clone();
                if rule.min_years.is_some() {
                    note = Some(format!(
                        "{years:.1} years of relevant experience in dated positions (as of {as_of})"
                    ));
                }
                Some(Flag {
                    rule: ri,
                    evidence: hits
                        .iter()
                        .map(|&span| evidence_at(doc, &structure, span))
                        .collect(),
                    note,
                })
            })
            .collect();
        flags.sort_by(|a, b| self.rules[a.rule].id.cmp(&self.rules[b.rule].id));
        let (flags, signals) = flags
            .into_iter()
            .partition(|f| self.rules[f.rule].is_reported());
        evaluation.flags = flags;
        evaluation.signals = signals;

        evaluation.scorecard = self
            .scorecard
            .iter()
            .map(|card| {
                let skills = skill_uses
                    .iter()
                    .filter(|u| !u.weak && card.skills.contains(u.skill))
                    .count();
                let rules = card.rules.iter().filter(|&&r| fired[r].is_some()).count();
                let items = (skills + rules) as u32;
                let level = card.levels.iter().filter(|&&l| items >= l).count() as u8;
                (card.category.clone(), level)
            })
            .collect();
        evaluation.skill_uses = skill_uses;
        evaluation.structure = structure;
        Ok(evaluation)
    }

    /// The matches of pattern `index` in `text`, as a scan finds them, at most
    /// `MAX_EVIDENCE * 4`: tried only where its start literals begin (`starts`, from the literal
    /// pass) when it has them.
    fn pattern_spans(&self, index: usize, text: &str, starts: &[(usize, usize)]) -> Vec<Span> {
        let pattern = &self.regexes[index];
        let whole = |(start, end): (usize, usize)| {
            (text.is_char_boundary(start) && text.is_char_boundary(end))
                .then_some(Span { start, end })
        };
        let warm = pattern.has_starts && self.automaton.is_warm();
        let anchored = pattern.anchored.get().or_else(|| {
            warm.then(|| {
                pattern
                    .anchored
                    .get_or_init(|| anchored_pattern(pattern.regex.as_str()))
            })
        });
        match anchored.and_then(Option::as_ref) {
            Some(anchored) => {
                // Where the literals begin, in order, the way a scan meets them: a match ends
                // the search for the starts inside it.
                let mut searched_to = 0;
                entries_of(starts, index)
                    .iter()
                    .filter_map(|&(_, at)| {
                        if at < searched_to {
                            return None;
                        }
                        let found = match_at(anchored, text.as_bytes(), at)?;
                        searched_to = found.1;
                        Some(found)
                    })
                    .filter_map(whole)
                    .take(MAX_EVIDENCE * 4)
                    .collect()
            }
            None => pattern
                .regex
                .find_iter(text.as_bytes())
                .filter_map(|m| whole((m.start(), m.end())))
                .take(MAX_EVIDENCE * 4)
                .collect(),
        }
    }

    /// Where and how long each skill found was used.
    fn skill_uses(
        &self,
        mentions: &[Mention],
        structure: &Structure,
        dumps: &[(usize, usize)],
    ) -> Vec<SkillUse> {
        let as_of = self.options.as_of;
        // One buffer for every skill's strong mentions.
        let mut strong: Vec<usize> = Vec::new();
        let mut uses: Vec<SkillUse> = mentions
            .chunk_by(|a, b| a.skill == b.skill)
            .map(|group| {
                let info = &self.skills[group[0].skill];
                let outside_dumps = || group.iter().filter(|m| !in_ranges(dumps, m.span.start));
                strong.clear();
                strong.extend(outside_dumps().filter(|m| !m.weak).map(|m| m.span.start));
                let stuffed = outside_dumps().next().is_none();
                let (months, last_used) =
                    structure.months_where(as_of, |a, b| any_within(&strong, a, b));
                // A keyword dump stands in no section: it is read as a skills list at most.
                let mut sections: Vec<SectionKind> = if stuffed {
                    vec![SectionKind::Skills]
                } else {
                    outside_dumps().map(|m| m.section).collect()
                };
                sections.sort_unstable();
                sections.dedup();
                SkillUse {
                    skill: group[0].skill,
                    name: info.name.clone(),
                    category: info.category.clone(),
                    months: months.max(0) as u32,
                    last_used,
                    sections,
                    weak: strong.is_empty(),
                    stuffed,
                }
            })
            .collect();
        uses.sort_unstable_by_key(|u| self.skills[u.skill].rank);
        uses
    }

    /// The line starts of the matches of each rule named in some `unless_line_has` or
    /// `only_if_line_has`.
    fn line_hits(
        &self,
        doc: &Document,
        hits: &Hits,
        regex_hits: &[Vec<Span>],
    ) -> Vec<(usize, Vec<usize>)> {
        self.line_rules
            .iter()
            .map(|&ri| {
                let rule = &self.rules[ri];
                let spans = entries_of(&hits.phrases, ri)
                    .iter()
                    .map(|&(_, span)| span)
                    .chain(
                        rule.regexes
                            .iter()
                            .flat_map(|&r| regex_hits[r].iter().copied()),
                    )
                    .chain(
                        hits.mentions
                            .iter()
                            .filter(|m| rule.skills.contains(m.skill))
                            .map(|m| m.span),
                    );
                let mut lines: Vec<usize> = spans
                    .map(|span| doc.locate(span.start).line_start)
                    .collect();
                lines.sort_unstable();
                lines.dedup();
                (ri, lines)
            })
            .collect()
    }

    /// One pass of the automaton: skill mentions (ambiguous ones only in technical context, none
    /// inside a phrase that makes them another thing), phrase hits per rule and rule guards.
    fn find_literals(&self, doc: &Document) -> Hits {
        let text = doc.text();
        let mut skills: Vec<(Span, usize, bool)> = Vec::with_capacity(text.len() / 32);
        let mut phrases: Vec<(usize, Span)> = Vec::new();
        let mut skill_guards: Vec<(usize, Span)> = Vec::new();
        let mut rule_guards: Vec<(usize, Span)> = Vec::new();
        let mut qualifiers: Vec<QualifierHit> = Vec::new();
        let mut technical_words: Vec<usize> = Vec::new();
        let mut duration_words: Vec<usize> = Vec::new();
        let mut pattern_starts: Vec<(usize, usize)> = Vec::new();
        let mut push = |target: Target, span: Span| match target {
            Target::Skill(s, ambiguous) => skills.push((span, s, ambiguous)),
            Target::Phrase(r) => phrases.push((r, span)),
            Target::SkillGuard(s) => skill_guards.push((s, span)),
            Target::RuleGuard(r) => rule_guards.push((r, span)),
            Target::Qualifier(q) => qualifiers.push(QualifierHit {
                start: span.start,
                end: span.end,
                qualifier: q,
            }),
            Target::TechnicalWord => technical_words.push(span.start),
            Target::DurationWord => duration_words.push(span.start),
            Target::PatternStart(p) => pattern_starts.push((p, span.start)),
        };
        self.automaton.for_each_match(text, |m| {
            let slot = self.pattern_targets[m.pattern().as_usize()];
            let span = Span {
                start: m.start(),
                end: m.end(),
            };
            let first = slot.first as usize;
            let anywhere_end = first + usize::from(slot.anywhere);
            for &target in &self.targets[first..anywhere_end] {
                push(target, span);
            }
            if slot.whole_word > 0
                && on_word_boundaries(text, m.start(), m.end(), slot.left, slot.right)
            {
                let end = anywhere_end + usize::from(slot.whole_word);
                for &target in &self.targets[anywhere_end..end] {
                    push(target, span);
                }
            }
        });
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
                    if *c == letter {
                        push(*target, span);
                    }
                }
            }
        }
        skills.sort();
        skill_guards.sort_unstable();
        let guarded = |skill: usize, span: Span| inside_guard(&skill_guards, skill, span);
        let mut mentions: Vec<Mention> = Vec::new();
        for (i, &(span, skill, ambiguous)) in skills.iter().enumerate() {
            if guarded(skill, span) || (ambiguous && !in_technical_context(text, &skills, i)) {
                continue;
            }
            mentions.push(Mention {
                skill,
                span,
                weak: false,
                section: SectionKind::Summary,
            });
        }
        if !qualifiers.is_empty() {
            qualifiers.sort_unstable_by_key(|hit| (hit.start, hit.end));
            let spans: Vec<Span> = mentions.iter().map(|m| m.span).collect();
            for mention in &mut mentions {
                mention.weak = is_weak(text, doc, mention.span, &spans, &qualifiers);
            }
        }
        // Equal mentions are neighbours in text order (the matches were sorted by span, then
        // skill).
        mentions.dedup_by_key(|m| (m.skill, m.span));
        phrases.sort_unstable();
        rule_guards.sort_unstable();
        technical_words.sort_unstable();
        technical_words.dedup();
        duration_words.sort_unstable();
        duration_words.dedup();
        pattern_starts.sort_unstable();
        pattern_starts.dedup();
        Hits {
            mentions: Vec::new(),
            in_text_order: mentions,
            phrases,
            rule_guards,
            technical_words,
            duration_words,
            pattern_starts,
        }
    }
}

/// A counted mention of a catalogue skill.
#[derive(Debug, Clone, Copy)]
struct Mention {
    skill: usize,
    span: Span,
    /// Qualified as "basic", "familiar with" and the like.
    weak: bool,
    /// The kind of section it stands in, once the structure is known.
    section: SectionKind,
}

/// What the literal pass found in one document.
struct Hits {
    /// Skill mentions, grouped by skill, each skill's in text order ([`Hits::group_by_skill`]
    /// fills it once their sections are known).
    mentions: Vec<Mention>,
    /// Phrase matches by rule.
    phrases: Vec<IndexedSpan>,
    /// Spans inside which a rule's matches do not count, by rule.
    rule_guards: Vec<IndexedSpan>,
    /// Starts of words about technical work, sorted.
    technical_words: Vec<usize>,
    /// Starts of duration units, sorted.
    duration_words: Vec<usize>,
    /// Where the start literals of patterns begin, by pattern index, sorted.
    pattern_starts: Vec<(usize, usize)>,
    /// The same mentions as `mentions`, in text order.
    in_text_order: Vec<Mention>,
}

impl Hits {
    /// Records the section of every mention, in one walk along the structure.
    fn read_sections(&mut self, structure: &Structure) {
        let mut cursor = structure.cursor();
        for mention in &mut self.in_text_order {
            mention.section = cursor.at(mention.span.start);
        }
    }

    /// Fills `mentions`: the mentions grouped by skill, each skill's in text order.
    fn group_by_skill(&mut self) {
        self.mentions.clone_from(&self.in_text_order);
        self.mentions.sort_unstable_by_key(|m| (m.skill, m.span));
    }
}

/// What a rule's match is judged against: the document's structure and its other matches.
struct Context<'a> {
    /// Starts of words about technical work, sorted.
    technical_words: &'a [usize],
    doc: &'a Document,
    structure: &'a Structure,
    /// Keyword dumps (stuffed lines): nothing in them is evidence for any rule.
    dumps: &'a [(usize, usize)],
    strong_starts: &'a [usize],
    rule_guards: &'a [IndexedSpan],
    line_hits: Vec<(usize, Vec<usize>)>,
}

impl Context<'_> {
    /// True when a match at `span` counts for `rule` (index `ri`) where it stands.
    fn counts(&self, rule: &CompiledRule, ri: usize, span: Span) -> bool {
        if in_ranges(self.dumps, span.start) {
            return false;
        }
        if !rule.sections.is_empty()
            && !rule
                .sections
                .contains(&self.structure.section_at(span.start))
        {
            return false;
        }
        if inside_guard(self.rule_guards, ri, span) {
            return false;
        }
        if !rule.unless_line_has.is_empty()
            || !rule.only_if_line_has.is_empty()
            || rule.technical_context
        {
            let location = self.doc.locate(span.start);
            let on_line = |other: &usize| {
                self.line_hits
                    .iter()
                    .find(|(r, _)| r == other)
                    .is_some_and(|(_, lines)| lines.binary_search(&location.line_start).is_ok())
            };
            if rule.unless_line_has.iter().any(on_line) {
                return false;
            }
            if !rule.only_if_line_has.is_empty() && !rule.only_if_line_has.iter().any(on_line) {
                return false;
            }
            if rule.technical_context {
                let in_relevant_position = self
                    .structure
                    .position_at(span.start)
                    .is_some_and(|p| self.structure.positions()[p].relevant);
                let technical_line =
                    any_within(self.strong_starts, location.line_start, location.line_end)
                        || any_within(self.technical_words, location.line_start, location.line_end);
                if !(in_relevant_position || technical_line) {
                    return false;
                }
            }
        }
        true
    }
}

/// True when a sorted list of offsets has one in `start..end`.
fn any_within(sorted: &[usize], start: usize, end: usize) -> bool {
    let i = sorted.partition_point(|&s| s < start);
    sorted.get(i).is_some_and(|&s| s < end)
}

/// Words that may stand between a proficiency qualifier and the skill it weakens.
const QUALIFIER_GAP_WORDS: &[&str] = &[
    "knowledge",
    "of",
    "in",
    "with",
    "to",
    "and",
    "or",
    "understanding",
    "skills",
    "level",
    "usage",
    "use",
    "de",
    "en",
    "di",
    "von",
    "mit",
];

/// A whole-word occurrence of a weak qualifier in a document.
#[derive(Debug, Clone, Copy)]
struct QualifierHit {
    start: usize,
    end: usize,
    qualifier: usize,
}

/// True when a skill mention is qualified as weak: "SQL (basic)", "SQL - beginner", "familiar
/// with Docker, Kubernetes", "basic knowledge of SQL". The qualifier must stand in the mention's
/// clause with nothing but joining words and other skills between them.
fn is_weak(
    text: &str,
    doc: &Document,
    span: Span,
    mentions: &[Span],
    found: &[QualifierHit],
) -> bool {
    let location = doc.locate(span.start);
    let after_end = ceil_char_boundary(text, (span.end + 24).min(location.line_end.max(span.end)));
    let after = text[span.end..after_end].trim_start();
    if let Some(rest) = after.strip_prefix(['(', '[', '-', '–', ':']) {
        // A qualifier right after the bracket or dash is one of the document's hits starting there.
        let rest_start = after_end - rest.trim_start().len();
        let at = found.partition_point(|hit| hit.start < rest_start);
        if found.get(at).is_some_and(|hit| hit.start == rest_start) {
            return true;
        }
    }
    let before_start =
        floor_char_boundary(text, span.start.saturating_sub(64)).max(location.line_start);
    let before = &text[before_start..span.start];
    let clause_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '.' | ';' | '|' | '•' | '(' | ')' | '!' | '?'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let clause = &before[clause_start..];
    let clause_offset = before_start + clause_start;
    // Each qualifier's last occurrence in the clause is the one that can reach the mention.
    let from = found.partition_point(|hit| hit.start < clause_offset);
    let mut last: Vec<(usize, usize)> = Vec::new();
    for hit in found[from..]
        .iter()
        .take_while(|hit| hit.start < span.start)
    {
        if hit.end > span.start {
            continue;
        }
        match last.iter_mut().find(|(q, _)| *q == hit.qualifier) {
            Some(entry) => entry.1 = entry.1.max(hit.end - clause_offset),
            None => last.push((hit.qualifier, hit.end - clause_offset)),
        }
    }
    for (_, gap_start) in last {
        let gap = &clause[gap_start.min(clause.len())..];
        // "Visual Basic, SQL": a qualifier closed by a comma qualifies nothing after it.
        if gap.trim_start().starts_with(',') {
            continue;
        }
        let mut only_joiners = true;
        let mut offset = clause_offset + gap_start;
        for word in gap.split_inclusive(|c: char| c.is_whitespace() || ",/&:".contains(c)) {
            let trimmed = word.trim_matches(|c: char| c.is_whitespace() || ",/&:".contains(c));
            let word_start = offset + word.find(trimmed).unwrap_or(0);
            if !trimmed.is_empty()
                && !QUALIFIER_GAP_WORDS
                    .iter()
                    .any(|w| w.eq_ignore_ascii_case(trimmed))
                && !covered(mentions, word_start)
            {
                only_joiners = false;
                break;
            }
            offset += word.len();
        }
        if only_joiners {
            return true;
        }
    }
    false
}

/// How deep matches nest ("Spark" inside "Apache Spark", a guard phrase inside a longer one):
/// a span enclosing another starts among the few spans just before it.
const NESTING: usize = 8;

/// True when one of `spans` (sorted by start) encloses `start..end`.
fn encloses(spans: &[Span], start: usize, end: usize) -> bool {
    let after = spans.partition_point(|s| s.start <= start);
    spans[after.saturating_sub(NESTING)..after]
        .iter()
        .any(|s| end <= s.end)
}

/// True when `offset` lies inside one of `spans` (sorted by start).
fn covered(spans: &[Span], offset: usize) -> bool {
    encloses(spans, offset, offset + 1)
}

/// True when a guard of `id` (in `guards`, sorted by id then span) encloses `span`: the match
/// is inside a phrase that makes it another thing.
fn inside_guard(guards: &[IndexedSpan], id: usize, span: Span) -> bool {
    let of_id = entries_of(guards, id);
    let after = of_id.partition_point(|&(_, g)| g.start <= span.start);
    of_id[after.saturating_sub(NESTING)..after]
        .iter()
        .any(|&(_, g)| span.end <= g.end)
}

/// "6+ years of Python", "over 10 years of software development": experience the resume states
/// outright, outside education. Returns the figure and where it is written.
fn stated_years(
    doc: &Document,
    structure: &Structure,
    duration_words: &[usize],
    skill_starts: &[usize],
) -> Option<(f64, Span)> {
    // ASCII classes: Unicode `\b` and `\w` would push the regex off its fast path on every
    // resume with an "é" or a "–" (see `compile_pattern`).
    static STATED: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        compile_pattern(
            r"\b(\d{1,2}(?:\.\d)?)\s?\+?\s?(?:years?|yrs?)\+?(?:\s+of)?(?:\s+(?:professional|industry|hands-on|commercial|relevant|work|working))?(?:\s+experience)?(?:\s+(?:in|with|as|of|building|developing|writing))?\s+(?:[\w-]+\s+){0,2}?(?:python|software|backend|back-end|data\s+engineering|machine\s+learning|devops|cloud|web\s+development|programming|development|engineering)\b",
        )
        .expect("stated years regex")
    });
    // Python or a web framework with a duration: "Python (3 years)", "Django: 2+ yrs" (a skills
    // table's rows with months are TABLE_ROW's, below).
    static STATED_FOR_SKILL: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        compile_pattern(
            r"\b(?:python|django|flask|fastapi)\s?[-:(]\s?(\d{1,2}(?:\.\d)?)\s?\+?\s?(?:years?|yrs?)\b",
        )
        .expect("stated years for a skill regex")
    });
    let text = doc.text();
    // Every statement names a duration unit: only the lines around one are read, the unit's
    // line, the one before and the one after (a statement may wrap). A window runs from a line
    // start to a line end, where `\b` reads the same as in the whole text.
    let mut windows: Vec<(usize, usize)> = Vec::new();
    for &at in duration_words {
        let line = doc.locate(at);
        let start = match line.line_start {
            0 => 0,
            after_break => doc.locate(after_break - 1).line_start,
        };
        let end = if line.line_end < text.len() {
            doc.locate(line.line_end + 1).line_end
        } else {
            line.line_end
        };
        match windows.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => windows.push((start, end)),
        }
    }
    let in_windows = |regex: &'static Regex| {
        windows.iter().flat_map(move |&(start, end)| {
            regex
                .captures_iter(&text.as_bytes()[start..end])
                .map(move |caps| (start, caps))
        })
    };
    let for_skill = in_windows(&STATED_FOR_SKILL).filter_map(|(offset, caps)| {
        let number = |i: usize| -> Option<f64> {
            std::str::from_utf8(caps.get(i)?.as_bytes())
                .ok()?
                .parse()
                .ok()
        };
        let years = number(1)?;
        let whole = caps.get(0).expect("match");
        Some((
            offset + whole.start(),
            (years * 10.0).round() / 10.0,
            Span {
                start: offset + whole.start(),
                end: offset + whole.end(),
            },
        ))
    });
    // A skills table's row with months ("PYTHON- Experience - 31 months", "MS SQL SERVER-
    // Experience - 48 months") counts when it names a catalogued skill in the text before it,
    // back to the previous row or the line's start: a soft skill's months are no technical work.
    // Found from the row's fixed words and read backwards, so no pattern tries a skill name at
    // every word.
    static TABLE_ROW: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        compile_pattern(r"-\s?experience\s?-\s?(\d{1,3})\s?months\b").expect("table row regex")
    });
    let mut row_end = 0;
    let table_rows: Vec<(usize, f64, Span)> = in_windows(&TABLE_ROW)
        .filter_map(|(offset, caps)| {
            let whole = caps.get(0).expect("match");
            let (start, end) = (offset + whole.start(), offset + whole.end());
            let name_from = doc
                .locate(start)
                .line_start
                .max(ceil_char_boundary(
                    text,
                    start.saturating_sub(TABLE_ROW_NAME_BYTES),
                ))
                .max(row_end);
            row_end = end;
            if !any_within(skill_starts, name_from, start) {
                return None;
            }
            let months: f64 = std::str::from_utf8(caps.get(1)?.as_bytes())
                .ok()?
                .parse()
                .ok()?;
            let years = (months / 12.0 * 10.0).round() / 10.0;
            Some((
                name_from,
                years,
                Span {
                    start: name_from,
                    end,
                },
            ))
        })
        .collect();
    let in_sentences = in_windows(&STATED).filter_map(|(offset, caps)| {
        let years: f64 = std::str::from_utf8(&caps[1]).ok()?.parse().ok()?;
        let whole = caps.get(0).expect("match");
        Some((
            offset + whole.start(),
            years,
            Span {
                start: offset + whole.start(),
                end: offset + whole.end(),
            },
        ))
    });
    in_sentences
        .chain(for_skill)
        .chain(table_rows)
        .filter(|&(at, years, _)| {
            years > 0.0
                && years <= 50.0
                && !matches!(
                    structure.section_at(at),
                    SectionKind::Education | SectionKind::Certifications
                )
        })
        .map(|(_, years, span)| (years, span))
        .max_by(|a, b| a.0.total_cmp(&b.0))
}

/// How far before "- Experience - N months" a skills table's row may name its skill.
const TABLE_ROW_NAME_BYTES: usize = 40;

/// A skill's or rule's index with a match of it.
type IndexedSpan = (usize, Span);

/// The entries of `index` in a list sorted by index first.
fn entries_of<T>(sorted: &[(usize, T)], index: usize) -> &[(usize, T)] {
    let from = sorted.partition_point(|&(i, _)| i < index);
    let to = from + sorted[from..].partition_point(|&(i, _)| i == index);
    &sorted[from..to]
}

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

/// Sorts hits, keeps one per distinct text (case-insensitive), at most `cap`, in place: it runs
/// for every rule of every resume, and reuses the vector it is given.
fn distinct_hits(text: &str, mut hits: Vec<Span>, cap: usize) -> Vec<Span> {
    hits.sort_unstable();
    hits.dedup();
    let mut kept = 0;
    for i in 0..hits.len() {
        if kept == cap {
            break;
        }
        // A linear scan beats hashing here: a rule keeps a handful of distinct texts.
        let candidate = &text[hits[i].start..hits[i].end];
        let seen = hits[..kept]
            .iter()
            .any(|o| text[o.start..o.end].eq_ignore_ascii_case(candidate));
        if !seen {
            hits[kept] = hits[i];
            kept += 1;
        }
    }
    hits.truncate(kept);
    hits
}

fn evidence_at(doc: &Document, structure: &Structure, span: Span) -> Evidence {
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
        section: structure.section_at(span.start),
        position: structure.position_at(span.start),
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
pub(crate) mod tests {
    use super::*;
    use crate::rules::embedded_sources;

    /// The engine of the embedded packs for `role`, dated so results do not drift (the other
    /// stages' tests build theirs with it too).
    pub(crate) fn engine_for(role: Role) -> Engine {
        let (set, _) = RuleSet::load(&embedded_sources());
        engine_of(&set.expect("embedded packs load"), role)
    }

    /// The engine of `set` for `role`, dated so results do not drift.
    fn engine_of(set: &RuleSet, role: Role) -> Engine {
        Engine::new(
            set,
            EngineOptions {
                role,
                score_sensitive: false,
                as_of: YearMonth {
                    year: 2026,
                    month: 6,
                },
            },
        )
    }

    fn skills_in(text: &str) -> Vec<String> {
        let engine = engine_for(Role::Backend);
        let evaluation = engine.evaluate(&Document::from_text(text));
        evaluation
            .skill_uses
            .into_iter()
            .map(|u| u.name.to_string())
            .collect()
    }

    /// A pattern whose start literal is one character ("€") is tried where that character
    /// stands, even inside a token: the one-letter scan for "C" and "R" does not take it.
    #[test]
    fn a_one_character_start_literal_is_found_where_it_stands() {
        let team = crate::rules::set::PackSource {
            name: "team.toml".into(),
            text: "[pack]\nid = \"team\"\nversion = \"1.0.0\"\n\n[[rule]]\nid = \"salary\"\n\
                   kind = \"yellow\"\ntitle = \"x\"\ncategory = \"x\"\nweight = 1\n\
                   patterns = ['€\\d+k']\n"
                .into(),
            embedded: false,
        };
        let mut sources = embedded_sources();
        sources.push(team);
        let (set, diagnostics) = RuleSet::load(&sources);
        let set = set.unwrap_or_else(|| panic!("{diagnostics:?}"));
        let engine = engine_of(&set, Role::Backend);
        let doc = Document::from_text("Expected salary €80k");
        let hits = engine.find_literals(&doc);
        let index = engine
            .regexes
            .iter()
            .position(|p| p.regex.as_str().contains('€'))
            .expect("the team pattern");
        let pattern = &engine.regexes[index];
        assert!(pattern.has_starts);
        pattern
            .anchored
            .get_or_init(|| anchored_pattern(pattern.regex.as_str()));
        let found = engine.pattern_spans(index, doc.text(), &hits.pattern_starts);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&doc.text()[found[0].start..found[0].end], "€80k");
    }

    /// A pattern tried only where its start literals begin finds what a scan of the whole
    /// text finds, on every fixture, in every role; and most of the default packs' patterns
    /// that begin with a word are read that way.
    #[test]
    fn patterns_tried_at_their_start_literals_find_what_a_scan_finds() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/resumes");
        let texts: Vec<String> = std::fs::read_dir(dir)
            .expect("fixtures")
            .filter_map(|e| std::fs::read_to_string(e.expect("entry").path()).ok())
            .collect();
        for role in Role::ALL {
            let engine = engine_for(role);
            let anchored = engine.regexes.iter().filter(|p| p.has_starts).count();
            assert!(
                anchored >= 8,
                "{anchored} of {} patterns",
                engine.regexes.len()
            );
            for pattern in &engine.regexes {
                if pattern.has_starts {
                    let built = pattern
                        .anchored
                        .get_or_init(|| anchored_pattern(pattern.regex.as_str()));
                    assert!(built.is_some(), "{}", pattern.regex.as_str());
                }
            }
            for text in &texts {
                let doc = Document::from_text(text);
                let hits = engine.find_literals(&doc);
                for (index, pattern) in engine.regexes.iter().enumerate() {
                    let scanned: Vec<Span> = pattern
                        .regex
                        .find_iter(doc.text().as_bytes())
                        .map(|m| Span {
                            start: m.start(),
                            end: m.end(),
                        })
                        .take(MAX_EVIDENCE * 4)
                        .collect();
                    let found = engine.pattern_spans(index, doc.text(), &hits.pattern_starts);
                    assert_eq!(found, scanned, "{} in {role:?}", pattern.regex.as_str());
                }
            }
        }
    }

    #[test]
    fn the_faster_automaton_finds_what_the_first_one_found() {
        let engine = engine_for(Role::Data);
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/resumes");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .expect("fixtures")
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .collect();
        texts.sort();
        let outcome = |engine: &Engine| -> Vec<String> {
            texts
                .iter()
                .map(|text| format!("{:?}", engine.evaluate(&Document::from_text(text))))
                .collect()
        };
        let with_nfa = outcome(&engine);
        assert!(engine.automaton.dfa.get().is_none(), "built too early");
        engine.automaton.for_text(DFA_AFTER_BYTES);
        assert!(engine.automaton.dfa.get().is_some_and(Option::is_some));
        assert_eq!(with_nfa, outcome(&engine));
    }

    fn stated(text: &str) -> Option<f64> {
        let doc = Document::from_text(text);
        let structure = Structure::analyze(&doc);
        let hits = engine_for(Role::Backend).find_literals(&doc);
        let strong: Vec<usize> = hits
            .in_text_order
            .iter()
            .filter(|m| !m.weak)
            .map(|m| m.span.start)
            .collect();
        stated_years(&doc, &structure, &hits.duration_words, &strong).map(|(years, _)| years)
    }

    #[test]
    fn durations_stated_in_a_skills_table_or_a_sentence_are_years() {
        assert_eq!(
            stated("Skill Details\nPYTHON- Experience - 31 months"),
            Some(2.6)
        );
        assert_eq!(stated("Skills\nPython (3 years), SQL"), Some(3.0));
        assert_eq!(stated("Django: 2+ yrs"), Some(2.0));
        assert_eq!(stated("6+ years of Python development"), Some(6.0));
        // Read around the unit: the figure before a line break, the subject after one, and the
        // largest of several statements far apart.
        assert_eq!(
            stated("Summary\nBuilt APIs for 7\nyears of Python work"),
            Some(7.0)
        );
        assert_eq!(
            stated("Over 4 years of hands-on\npython development"),
            Some(4.0)
        );
        let far_apart = format!(
            "3 years of Python development\n{}9 yrs in software engineering\n",
            "Built data pipelines.\n".repeat(50)
        );
        assert_eq!(stated(&far_apart), Some(9.0));
        assert_eq!(stated("8YRS of Python programming"), Some(8.0));
        // Not about Python work, or in education: no stated years.
        assert_eq!(stated("FIREWALLS- Experience - 97 months"), None);
        // A row whose 40 bytes before it start inside a character still reads, and a rule that
        // shows the statement as evidence does not slice the text there.
        let accented = format!(
            "Skill Details\n{} Python- Experience - 120 months\nExperience\n\
             Python Developer, Acme, Jan 2019 - Dec 2023\n",
            "é".repeat(30)
        );
        assert_eq!(stated(&accented), Some(10.0));
        let evaluation = engine_for(Role::Backend).evaluate(&Document::from_text(&accented));
        assert!(evaluation.years >= 10.0, "{}", evaluation.years);
        assert_eq!(
            stated("Skill Details\nCOMMUNICATION- Experience - 60 months"),
            None
        );
        // Any catalogued skill's row of such a table is technical work.
        assert_eq!(
            stated("Skill Details\nMS SQL SERVER- Experience - 48 months\nJira- Experience - 36 months"),
            Some(4.0)
        );
        assert_eq!(stated("Education\nBSc, Python (3 years) course"), None);
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
