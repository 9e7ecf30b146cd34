//! Loading packs: parse every file, merge them in order, validate the result.
//!
//! All problems are collected (not just the first) with `file:line:col`, so `rules check` can list
//! them and `screen` can refuse to start before reading a single resume.

use super::file::{line_col, Kind, RawPack, RawRule};
use crate::role::Role;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::Path;
use std::sync::Arc;
use toml::Spanned;

/// A pack's text and the name it is reported under.
#[derive(Debug, Clone)]
pub struct PackSource {
    /// Path as shown in diagnostics (`rules/backend.toml` for embedded packs).
    pub name: String,
    /// The TOML text.
    pub text: String,
}

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The pack cannot be used.
    Error,
    /// The pack works but probably not as its author meant.
    Warning,
}

/// A problem in a pack, at a position.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Pack file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {level}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

/// Where a definition came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Pack file.
    pub file: Arc<str>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
}

/// A value with the position it was written at.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Its position.
    pub at: Origin,
}

/// A catalogue skill after merging.
#[derive(Debug, Clone)]
pub struct Skill {
    /// Canonical name.
    pub name: String,
    /// Category.
    pub category: String,
    /// Other spellings.
    pub aliases: Vec<Located<String>>,
    /// Needs technical context on its line to count.
    pub ambiguous: bool,
    /// Phrases that make a mention another thing.
    pub not_within: Vec<Located<String>>,
    /// Where it was defined.
    pub at: Origin,
}

/// A rule definition after merging.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable id.
    pub id: String,
    /// green, yellow or signal.
    pub kind: Kind,
    /// Title for reports.
    pub title: String,
    /// Report category.
    pub category: String,
    /// Default weight.
    pub weight: f64,
    /// Per-role weights.
    pub weights: BTreeMap<Role, f64>,
    /// Roles it applies to; empty means all.
    pub roles: Vec<Role>,
    /// Unscored unless `--score-sensitive`.
    pub sensitive: bool,
    /// Skill names.
    pub skills: Vec<Located<String>>,
    /// Skill categories (`*` for any).
    pub skill_categories: Vec<Located<String>>,
    /// Literal phrases.
    pub phrases: Vec<Located<String>>,
    /// Regular expressions (validated).
    pub patterns: Vec<Located<String>>,
    /// Rules that must all fire.
    pub all: Vec<Located<String>>,
    /// Rules of which one must fire.
    pub any: Vec<Located<String>>,
    /// Rules that must not fire.
    pub none: Vec<Located<String>>,
    /// Distinct matches needed.
    pub min_matches: u32,
    /// Years of experience needed.
    pub min_years: Option<f64>,
    /// Sections its own matches count in; empty means all.
    pub sections: Vec<crate::structure::SectionKind>,
    /// Phrases inside which a match does not count.
    pub not_within: Vec<Located<String>>,
    /// Rules whose match on the same line voids a match.
    pub unless_line_has: Vec<Located<String>>,
    /// Matches count only in technical context.
    pub technical_context: bool,
    /// Months of relevant use a skill needs to count.
    pub min_months: Option<f64>,
    /// Note shown with the evidence.
    pub note: Option<String>,
    /// Longer explanation.
    pub description: String,
    /// Position of the id.
    pub at: Origin,
}

impl Rule {
    /// True when the rule applies to `role`.
    pub fn applies_to(&self, role: Role) -> bool {
        self.roles.is_empty() || self.roles.contains(&role)
    }

    /// The weight for `role`.
    pub fn weight_for(&self, role: Role) -> f64 {
        self.weights.get(&role).copied().unwrap_or(self.weight)
    }

    /// True when the rule has its own match terms (skills, phrases, patterns).
    pub fn has_terms(&self) -> bool {
        !(self.skills.is_empty()
            && self.skill_categories.is_empty()
            && self.phrases.is_empty()
            && self.patterns.is_empty())
    }

    fn overlaps(&self, other: &Rule) -> bool {
        self.roles.is_empty()
            || other.roles.is_empty()
            || self.roles.iter().any(|r| other.roles.contains(r))
    }

    fn references(&self) -> impl Iterator<Item = &Located<String>> {
        self.all
            .iter()
            .chain(&self.any)
            .chain(&self.none)
            .chain(&self.unless_line_has)
    }
}

/// A scorecard category after merging.
#[derive(Debug, Clone)]
pub struct ScorecardCategory {
    /// Name (a report key and CSV column).
    pub category: String,
    /// Skill categories that count.
    pub skill_categories: Vec<Located<String>>,
    /// Rules that count when fired.
    pub rules: Vec<Located<String>>,
    /// Distinct items needed for levels 1, 2, 3.
    pub levels: [u32; 3],
}

/// A loaded pack's identity.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PackInfo {
    /// Pack id.
    pub id: String,
    /// Pack version.
    pub version: String,
}

/// Every pack merged and validated: the rules in force for all roles.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Packs in load order.
    pub packs: Vec<PackInfo>,
    /// SHA-256 over the pack names and texts, for audit.
    pub fingerprint: String,
    /// The skills catalogue.
    pub skills: Vec<Skill>,
    /// Rule definitions (an id may have one definition per disjoint role set).
    pub rules: Vec<Rule>,
    /// Scorecard categories in order.
    pub scorecard: Vec<ScorecardCategory>,
    /// Ids switched off by a pack's `disable`: references to them are valid and never fire.
    pub disabled: BTreeSet<String>,
    /// Qualifiers that make a skill mention weak, from every pack's `[proficiency]`.
    pub weak_qualifiers: Vec<String>,
}

/// Id of a kebab-case rule: lowercase ASCII letters, digits and single dashes.
fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

struct Loader {
    diagnostics: Vec<Diagnostic>,
}

impl Loader {
    fn push(&mut self, at: &Origin, severity: Severity, message: String) {
        self.diagnostics.push(Diagnostic {
            file: at.file.to_string(),
            line: at.line,
            col: at.col,
            severity,
            message,
        });
    }

    fn error(&mut self, at: &Origin, message: String) {
        self.push(at, Severity::Error, message);
    }

    fn warn(&mut self, at: &Origin, message: String) {
        self.push(at, Severity::Warning, message);
    }
}

/// Converts spans of one source into [`Origin`]s.
struct SourceMap<'a> {
    file: Arc<str>,
    text: &'a str,
}

impl SourceMap<'_> {
    fn origin(&self, offset: usize) -> Origin {
        let (line, col) = line_col(self.text, offset);
        Origin {
            file: self.file.clone(),
            line,
            col,
        }
    }

    fn located<T: Clone>(&self, spanned: &Spanned<T>) -> Located<T> {
        Located {
            value: spanned.get_ref().clone(),
            at: self.origin(spanned.span().start),
        }
    }

    fn all_located(&self, items: &[Spanned<String>]) -> Vec<Located<String>> {
        items.iter().map(|s| self.located(s)).collect()
    }
}

impl RuleSet {
    /// Parses, merges and validates packs in order (later packs override earlier ones).
    ///
    /// Returns the set when there is no error, plus every diagnostic (errors and warnings).
    pub fn load(sources: &[PackSource]) -> (Option<RuleSet>, Vec<Diagnostic>) {
        let mut loader = Loader {
            diagnostics: Vec::new(),
        };
        let mut set = RuleSet {
            packs: Vec::new(),
            fingerprint: fingerprint(sources),
            skills: Vec::new(),
            rules: Vec::new(),
            scorecard: Vec::new(),
            disabled: BTreeSet::new(),
            weak_qualifiers: Vec::new(),
        };
        for source in sources {
            let map = SourceMap {
                file: Arc::from(source.name.as_str()),
                text: &source.text,
            };
            match toml::from_str::<RawPack>(&source.text) {
                Ok(raw) => set.merge_pack(&mut loader, &map, raw),
                Err(err) => {
                    let at = map.origin(err.span().map_or(0, |s| s.start));
                    loader.error(&at, err.message().trim_end().to_string());
                }
            }
        }
        set.validate(&mut loader);
        let mut diagnostics = loader.diagnostics;
        diagnostics.sort();
        diagnostics.dedup();
        let ok = !diagnostics.iter().any(|d| d.severity == Severity::Error);
        (ok.then_some(set), diagnostics)
    }

    fn merge_pack(&mut self, loader: &mut Loader, map: &SourceMap<'_>, raw: RawPack) {
        let pack_id = map.located(&raw.pack.id);
        if !is_valid_id(&pack_id.value) {
            loader.error(
                &pack_id.at,
                format!("pack id '{}' must be kebab-case", pack_id.value),
            );
        }
        self.packs.push(PackInfo {
            id: pack_id.value,
            version: raw.pack.version,
        });

        for raw_skill in raw.skill {
            let skill = Skill {
                name: raw_skill.name.get_ref().trim().to_string(),
                category: raw_skill.category.get_ref().clone(),
                aliases: map.all_located(&raw_skill.aliases),
                ambiguous: raw_skill.ambiguous,
                not_within: map.all_located(&raw_skill.not_within),
                at: map.origin(raw_skill.name.span().start),
            };
            for guard in &skill.not_within {
                let names_it = std::iter::once(skill.name.as_str())
                    .chain(skill.aliases.iter().map(|a| a.value.as_str()))
                    .any(|spelling| super::engine::contains_term(&guard.value, spelling));
                if !names_it {
                    loader.error(
                        &guard.at,
                        format!(
                            "`not_within` phrase \"{}\" of skill '{}' does not contain any of its spellings, so it can never apply",
                            guard.value, skill.name
                        ),
                    );
                }
            }
            if skill.name.is_empty() {
                loader.error(&skill.at, "skill name is empty".into());
            }
            for alias in &skill.aliases {
                if alias.value.trim().is_empty() {
                    loader.error(&alias.at, "alias is empty".into());
                }
            }
            let key = skill.name.to_lowercase();
            self.skills.retain(|s| s.name.to_lowercase() != key);
            self.skills.push(skill);
        }

        let mut pack_rules: Vec<Rule> = Vec::new();
        for raw_rule in raw.rule {
            let rule = convert_rule(loader, map, raw_rule);
            if let Some(twin) = pack_rules
                .iter()
                .find(|r| r.id == rule.id && r.overlaps(&rule))
            {
                loader.error(
                    &rule.at,
                    format!(
                        "duplicate rule id '{}' (first defined at line {}); give each definition \
                         of an id its own, disjoint `roles`",
                        rule.id, twin.at.line
                    ),
                );
                continue;
            }
            pack_rules.push(rule);
        }
        for rule in pack_rules {
            // An override replaces earlier definitions of the id for the roles it covers.
            self.rules
                .retain(|earlier| earlier.id != rule.id || !earlier.overlaps(&rule));
            self.rules.push(rule);
        }

        if let Some(proficiency) = &raw.proficiency {
            for qualifier in map.all_located(&proficiency.weak) {
                if qualifier.value.trim().is_empty() {
                    loader.error(&qualifier.at, "empty proficiency qualifier".into());
                    continue;
                }
                let value = qualifier.value.trim().to_lowercase();
                if !self.weak_qualifiers.contains(&value) {
                    self.weak_qualifiers.push(value);
                }
            }
        }

        for disabled in &raw.disable {
            let id = map.located(disabled);
            let before = self.rules.len();
            self.rules.retain(|r| r.id != id.value);
            if self.rules.len() == before {
                loader.error(
                    &id.at,
                    format!("cannot disable unknown rule id '{}'", id.value),
                );
            } else {
                self.disabled.insert(id.value);
            }
        }

        for raw_card in raw.scorecard {
            let card = ScorecardCategory {
                category: raw_card.category.get_ref().clone(),
                skill_categories: map.all_located(&raw_card.skill_categories),
                rules: map.all_located(&raw_card.rules),
                levels: raw_card.levels,
            };
            if !(card.levels[0] <= card.levels[1] && card.levels[1] <= card.levels[2]) {
                loader.error(
                    &map.origin(raw_card.category.span().start),
                    format!("scorecard '{}': levels must not decrease", card.category),
                );
            }
            if let Some(existing) = self
                .scorecard
                .iter_mut()
                .find(|c| c.category == card.category)
            {
                *existing = card;
            } else {
                self.scorecard.push(card);
            }
        }
    }

    fn validate(&self, loader: &mut Loader) {
        let skill_names: BTreeSet<String> =
            self.skills.iter().map(|s| s.name.to_lowercase()).collect();
        let categories: BTreeSet<&str> = self.skills.iter().map(|s| s.category.as_str()).collect();
        // A disabled rule is known but off: rules and the scorecard that name it stay valid.
        let rule_ids: BTreeSet<&str> = self
            .rules
            .iter()
            .map(|r| r.id.as_str())
            .chain(self.disabled.iter().map(String::as_str))
            .collect();
        let check_category = |loader: &mut Loader, cat: &Located<String>| {
            if cat.value != "*" && !categories.contains(cat.value.as_str()) {
                loader.error(&cat.at, format!("unknown skill category '{}'", cat.value));
            }
        };

        for rule in &self.rules {
            for skill in &rule.skills {
                if !skill_names.contains(&skill.value.to_lowercase()) {
                    loader.error(&skill.at, format!("unknown skill '{}'", skill.value));
                }
            }
            for cat in &rule.skill_categories {
                check_category(loader, cat);
            }
            for reference in rule.references() {
                if !rule_ids.contains(reference.value.as_str()) {
                    loader.error(
                        &reference.at,
                        format!(
                            "unknown rule id '{}' in rule '{}'",
                            reference.value, rule.id
                        ),
                    );
                } else if reference.value == rule.id {
                    loader.error(
                        &reference.at,
                        format!("rule '{}' refers to itself", rule.id),
                    );
                }
            }
        }
        for card in &self.scorecard {
            for cat in &card.skill_categories {
                check_category(loader, cat);
            }
            for reference in &card.rules {
                if !rule_ids.contains(reference.value.as_str()) {
                    loader.error(
                        &reference.at,
                        format!(
                            "unknown rule id '{}' in scorecard '{}'",
                            reference.value, card.category
                        ),
                    );
                }
            }
        }
        self.check_cycles(loader);
        self.warn_never_fires(loader);
        self.warn_unused_signals(loader);
        self.warn_duplicate_aliases(loader);
        self.warn_protected_attributes(loader);
    }

    /// Definitions in force for `role`, by id.
    pub fn rules_for(&self, role: Role) -> BTreeMap<&str, &Rule> {
        self.rules
            .iter()
            .filter(|r| r.applies_to(role))
            .map(|r| (r.id.as_str(), r))
            .collect()
    }

    fn check_cycles(&self, loader: &mut Loader) {
        let mut reported = BTreeSet::new();
        for role in Role::ALL {
            let rules = self.rules_for(role);
            let mut state: HashMap<&str, u8> = HashMap::new();
            for &id in rules.keys() {
                let mut path = Vec::new();
                if let Some(cycle) = find_cycle(id, &rules, &mut state, &mut path) {
                    let first = cycle[0];
                    if reported.insert(first.to_string()) {
                        loader.error(
                            &rules[first].at,
                            format!("rule cycle: {}", cycle.join(" -> ")),
                        );
                    }
                }
            }
        }
    }

    fn warn_never_fires(&self, loader: &mut Loader) {
        for rule in &self.rules {
            let roles: Vec<Role> = if rule.roles.is_empty() {
                Role::ALL.to_vec()
            } else {
                rule.roles.clone()
            };
            for needed in &rule.all {
                let available = self
                    .rules
                    .iter()
                    .any(|r| r.id == needed.value && roles.iter().any(|&role| r.applies_to(role)));
                if self.disabled.contains(&needed.value) {
                    loader.warn(
                        &needed.at,
                        format!(
                            "rule '{}' can never fire: '{}' is disabled",
                            rule.id, needed.value
                        ),
                    );
                }
                if !available && self.rules.iter().any(|r| r.id == needed.value) {
                    loader.warn(
                        &needed.at,
                        format!(
                            "rule '{}' can never fire: '{}' does not apply to its roles",
                            rule.id, needed.value
                        ),
                    );
                }
                if rule.none.iter().any(|n| n.value == needed.value) {
                    loader.warn(
                        &needed.at,
                        format!(
                            "rule '{}' can never fire: '{}' is in both `all` and `none`",
                            rule.id, needed.value
                        ),
                    );
                }
            }
        }
    }

    fn warn_unused_signals(&self, loader: &mut Loader) {
        let used: BTreeSet<&str> = self
            .rules
            .iter()
            .flat_map(|r| r.references())
            .map(|l| l.value.as_str())
            .chain(
                self.scorecard
                    .iter()
                    .flat_map(|c| &c.rules)
                    .map(|l| l.value.as_str()),
            )
            .collect();
        for rule in &self.rules {
            if rule.kind == Kind::Signal && !used.contains(rule.id.as_str()) {
                loader.warn(
                    &rule.at,
                    format!(
                        "signal '{}' is never used by a rule or the scorecard",
                        rule.id
                    ),
                );
            }
        }
    }

    fn warn_duplicate_aliases(&self, loader: &mut Loader) {
        let mut owner: HashMap<String, &str> = HashMap::new();
        for skill in &self.skills {
            owner.insert(skill.name.to_lowercase(), &skill.name);
        }
        for skill in &self.skills {
            for alias in &skill.aliases {
                let key = alias.value.to_lowercase();
                match owner.get(&key) {
                    Some(&other) if other != skill.name => loader.warn(
                        &alias.at,
                        format!(
                            "alias '{}' of skill '{}' is also a spelling of '{}'",
                            alias.value, skill.name, other
                        ),
                    ),
                    Some(_) => {}
                    None => {
                        owner.insert(key, &skill.name);
                    }
                }
            }
        }
    }

    fn warn_protected_attributes(&self, loader: &mut Loader) {
        for rule in &self.rules {
            for term in rule.phrases.iter().chain(&rule.patterns) {
                let is_pattern = rule.patterns.iter().any(|p| std::ptr::eq(p, term));
                let matcher = |probe: &str| -> bool {
                    if is_pattern {
                        super::engine::compile_pattern(&term.value)
                            .map(|re| re.is_match(probe.as_bytes()))
                            .unwrap_or(false)
                    } else {
                        super::engine::contains_term(probe, &term.value)
                    }
                };
                if let Some((probe, attribute)) =
                    PROTECTED_PROBES.iter().find(|(probe, _)| matcher(probe))
                {
                    loader.warn(
                        &term.at,
                        format!(
                            "rule '{}' matches protected-attribute text \"{probe}\" ({attribute}); \
                             rules must not use protected attributes or their proxies",
                            rule.id
                        ),
                    );
                }
            }
        }
    }
}

/// Lines that state a protected attribute or an obvious proxy. A rule that matches any of them
/// is screening on it.
const PROTECTED_PROBES: &[(&str, &str)] = &[
    ("Date of birth: 12.03.1980", "age"),
    ("Born in 1975", "age"),
    ("Age: 45", "age"),
    ("45 years old", "age"),
    ("Gender: female", "sex"),
    ("Sex: male", "sex"),
    ("Nationality: Canadian", "nationality"),
    ("Citizenship: Brazilian citizen", "nationality"),
    ("Religion: Christian", "religion"),
    ("Marital status: married", "marital status"),
    ("Married with two children", "marital status"),
    ("Photo attached", "photo"),
    ("Ethnicity: Hispanic", "race"),
    ("Disability: none", "disability"),
    ("Pregnant", "sex"),
];

fn find_cycle<'a>(
    id: &'a str,
    rules: &BTreeMap<&'a str, &'a Rule>,
    state: &mut HashMap<&'a str, u8>,
    path: &mut Vec<&'a str>,
) -> Option<Vec<&'a str>> {
    const VISITING: u8 = 1;
    const DONE: u8 = 2;
    match state.get(id) {
        Some(&DONE) => return None,
        Some(&VISITING) => {
            let start = path.iter().position(|&p| p == id).unwrap_or(0);
            let mut cycle = path[start..].to_vec();
            cycle.push(id);
            return Some(cycle);
        }
        _ => {}
    }
    let rule = rules.get(id)?;
    state.insert(id, VISITING);
    path.push(id);
    for reference in rule.references() {
        if let Some((&next, _)) = rules.get_key_value(reference.value.as_str()) {
            if let Some(cycle) = find_cycle(next, rules, state, path) {
                return Some(cycle);
            }
        }
    }
    path.pop();
    state.insert(id, DONE);
    None
}

fn convert_rule(loader: &mut Loader, map: &SourceMap<'_>, raw: RawRule) -> Rule {
    let at = map.origin(raw.id.span().start);
    let id = raw.id.get_ref().clone();
    if !is_valid_id(&id) {
        loader.error(
            &at,
            format!("rule id '{id}' must be kebab-case (a-z, 0-9, single dashes)"),
        );
    }
    let reported = raw.kind != Kind::Signal;
    if reported && raw.title.trim().is_empty() {
        loader.error(&at, format!("rule '{id}' needs a `title` (it is reported)"));
    }
    if reported && raw.category.trim().is_empty() {
        loader.error(
            &at,
            format!("rule '{id}' needs a `category` (it is reported)"),
        );
    }
    if raw.weight < 0.0 || raw.weights.values().any(|&w| w < 0.0) {
        loader.error(
            &at,
            format!("rule '{id}': weights are magnitudes and must not be negative (yellow flags subtract)"),
        );
    }
    let patterns = map.all_located(&raw.patterns);
    for pattern in &patterns {
        if let Err(err) = super::engine::compile_pattern(&pattern.value) {
            let detail = err.to_string();
            let last = detail.lines().last().unwrap_or("invalid regex").trim();
            loader.error(&pattern.at, format!("invalid regex in rule '{id}': {last}"));
        }
    }
    let phrases = map.all_located(&raw.phrases);
    for phrase in &phrases {
        if phrase.value.trim().is_empty() {
            loader.error(&phrase.at, format!("empty phrase in rule '{id}'"));
        }
    }
    let rule = Rule {
        id: id.clone(),
        kind: raw.kind,
        title: raw.title,
        category: raw.category,
        weight: raw.weight,
        weights: raw.weights,
        roles: raw.roles.iter().map(|r| *r.get_ref()).collect(),
        sensitive: raw.sensitive,
        skills: map.all_located(&raw.skills),
        skill_categories: map.all_located(&raw.skill_categories),
        phrases,
        patterns,
        all: map.all_located(&raw.all),
        any: map.all_located(&raw.any),
        none: map.all_located(&raw.none),
        min_matches: raw.min_matches.as_ref().map_or(1, |m| *m.get_ref()),
        min_years: raw.min_years.as_ref().map(|m| *m.get_ref()),
        sections: raw
            .sections
            .iter()
            .filter_map(|name| {
                let kind = crate::structure::SectionKind::parse(name.get_ref());
                if kind.is_none() {
                    loader.error(
                        &map.origin(name.span().start),
                        format!(
                            "rule '{id}': unknown section '{}' (one of experience, projects, skills, education, certifications, summary, other)",
                            name.get_ref()
                        ),
                    );
                }
                kind
            })
            .collect(),
        not_within: map.all_located(&raw.not_within),
        unless_line_has: map.all_located(&raw.unless_line_has),
        technical_context: raw.technical_context,
        min_months: raw.min_months.as_ref().map(|m| *m.get_ref()),
        note: raw.note,
        description: raw.description,
        at: at.clone(),
    };
    let positive = rule.has_terms() || !rule.all.is_empty() || !rule.any.is_empty();
    if rule.kind != Kind::Signal && !positive && rule.min_years.is_none() {
        loader.error(
            &at,
            format!(
                "rule '{id}' has nothing to show as evidence: give it match terms \
                 (skills, phrases, patterns) or an `all`/`any` condition"
            ),
        );
    }
    if rule.kind == Kind::Signal && !positive && rule.min_years.is_none() {
        loader.error(
            &at,
            format!("signal '{id}' has no condition, so it always fires"),
        );
    }
    rule
}

fn fingerprint(sources: &[PackSource]) -> String {
    let mut hasher = Sha256::new();
    for source in sources {
        hasher.update(source.name.as_bytes());
        hasher.update([0]);
        hasher.update(source.text.as_bytes());
        hasher.update([0]);
    }
    format!("{:x}", hasher.finalize())
}

/// Reads pack files: a file, or every `*.toml` in a folder (sorted, not recursive).
pub fn read_pack_paths(paths: &[impl AsRef<Path>]) -> Result<Vec<PackSource>, String> {
    let mut sources = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let mut files = Vec::new();
        if path.is_dir() {
            let entries = std::fs::read_dir(path)
                .map_err(|e| format!("{}: cannot read rules folder: {e}", path.display()))?;
            for entry in entries {
                let entry = entry
                    .map_err(|e| format!("{}: cannot read rules folder: {e}", path.display()))?;
                let file = entry.path();
                if file.extension().is_some_and(|ext| ext == "toml")
                    && !file.to_string_lossy().ends_with(".expect.toml")
                {
                    files.push(file);
                }
            }
            files.sort();
            if files.is_empty() {
                return Err(format!(
                    "{}: no *.toml rule packs in folder",
                    path.display()
                ));
            }
        } else {
            files.push(path.to_path_buf());
        }
        for file in files {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("{}: cannot read rule pack: {e}", file.display()))?;
            sources.push(PackSource {
                name: file.display().to_string(),
                text,
            });
        }
    }
    Ok(sources)
}
