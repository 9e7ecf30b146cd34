//! Loading packs: parse every file, merge them in order, validate the result.
//!
//! All problems are collected (not just the first) with `file:line:col`, so `rules check` can list
//! them and `screen` can refuse to start before reading a single resume.

use super::file::{Kind, RawPack, RawPackMeta, RawRule};
use super::pattern::{build_pattern, PATTERN_SIZE_LIMIT};
use crate::role::Role;
use crate::suggest::did_you_mean;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
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
    /// One of the packs built into the binary: its warnings are the project's to fix, not the
    /// user's, so `rules check --strict` does not count them.
    pub embedded: bool,
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
    /// Which check raised it, for warnings a command treats specially.
    pub lint: Option<Lint>,
    /// Raised at a position in an embedded default pack.
    pub embedded: bool,
}

/// The checks whose warnings commands single out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lint {
    /// A rule or skill matches text stating a protected attribute (see [`protected`]).
    ///
    /// [`protected`]: super::protected
    ProtectedAttribute,
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
    /// In an embedded default pack.
    pub embedded: bool,
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
    /// Where the category was written.
    pub category_at: Origin,
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
    /// Rules one of which must match on the same line for a match to count.
    pub only_if_line_has: Vec<Located<String>>,
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
            .chain(&self.only_if_line_has)
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

/// One competency of a role's fit model, after merging.
#[derive(Debug, Clone)]
pub struct Competency {
    /// Id, unique per role.
    pub id: String,
    /// The role.
    pub role: Role,
    /// What the breakdown shows.
    pub title: String,
    /// Points at full strength.
    pub points: f64,
    /// Whether a candidate without it is capped.
    pub must_have: bool,
    /// Distinct pieces of evidence for full strength.
    pub depth: u32,
    /// Skill categories that count.
    pub skill_categories: Vec<Located<String>>,
    /// Skills that count.
    pub skills: Vec<Located<String>>,
    /// Rules whose evidence counts.
    pub rules: Vec<Located<String>>,
    /// Where it was defined.
    pub at: Origin,
}

/// A role's fit model besides its competencies, after merging.
#[derive(Debug, Clone)]
pub struct FitSettings {
    /// The role.
    pub role: Role,
    /// Points for relevant years, all of them at `seniority_years`.
    pub seniority: f64,
    /// Years that earn all the seniority points.
    pub seniority_years: f64,
    /// Points for the green flags' share of the green weight.
    pub flags: f64,
    /// Points off per unit of a concern's weight.
    pub concern_points: f64,
    /// Yellow rules counted as concerns.
    pub concerns: Vec<Located<String>>,
    /// The most a candidate missing a must-have scores.
    pub must_have_cap: f64,
    /// Where it was defined.
    pub at: Origin,
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
    /// Competencies of every role's fit model, in pack order.
    pub competencies: Vec<Competency>,
    /// Fit model settings per role (at most one per role).
    pub fits: Vec<FitSettings>,
    /// Ids switched off by a pack's `disable`: references to them are valid and never fire.
    pub disabled: BTreeSet<String>,
    /// Qualifiers that make a skill mention weak, from every pack's `[proficiency]`.
    pub weak_qualifiers: Vec<String>,
    /// Skill categories declared by the packs' `[pack] skill_categories`.
    pub declared_categories: Vec<Located<String>>,
}

/// Reports a negative number (NaN and infinities are refused for the whole pack elsewhere).
fn non_negative(loader: &mut Loader, map: &SourceMap<'_>, value: &Spanned<f64>, what: &str) {
    if *value.get_ref() < 0.0 {
        loader.error(
            &map.origin(value.span().start),
            format!("{what} must not be negative"),
        );
    }
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
    /// Ids of rules and names of skills that were written but could not be read: references to
    /// them are not reported again as unknown.
    unreadable: BTreeSet<String>,
    /// Rules read with a field left out: checked for what they name, never merged.
    damaged_rules: Vec<Rule>,
    /// Run the checks that only help pack authors (the protected-attribute probe, the cost of
    /// each pattern) on the embedded packs too. They cannot change for a given binary, a unit
    /// test runs them, and every run paid for them at start-up.
    author_checks_on_embedded: bool,
    /// The lowercased names of the skills merged so far: a later pack's skill of the same name
    /// replaces the earlier one, and looking for one among hundreds by lowercasing each was
    /// most of the allocations of a start.
    skill_keys: HashSet<String>,
}

impl Loader {
    /// Whether the author checks run on what was written at `at`.
    fn author_checks(&self, at: &Origin) -> bool {
        !at.embedded || self.author_checks_on_embedded
    }
}

impl Loader {
    fn push(&mut self, at: &Origin, severity: Severity, message: String) {
        self.diagnostics.push(Diagnostic {
            file: at.file.to_string(),
            line: at.line,
            col: at.col,
            severity,
            message,
            lint: None,
            embedded: at.embedded,
        });
    }

    fn lint(&mut self, at: &Origin, lint: Lint, message: String) {
        self.push(at, Severity::Warning, message);
        if let Some(last) = self.diagnostics.last_mut() {
            last.lint = Some(lint);
        }
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
    embedded: bool,
    /// Byte offset of the start of each line: every item of a pack gets an origin, and counting
    /// lines from the top for each one made loading quadratic in the pack's size.
    line_starts: Vec<usize>,
}

impl<'a> SourceMap<'a> {
    fn new(file: &str, text: &'a str, embedded: bool) -> SourceMap<'a> {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceMap {
            file: Arc::from(file),
            text,
            embedded,
            line_starts,
        }
    }

    fn origin(&self, offset: usize) -> Origin {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        let col = self.text[start..]
            .char_indices()
            .take_while(|&(i, _)| start + i < offset)
            .count()
            + 1;
        Origin {
            file: self.file.clone(),
            line,
            col,
            embedded: self.embedded,
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
        RuleSet::load_checked(sources, false)
    }

    fn load_checked(
        sources: &[PackSource],
        author_checks_on_embedded: bool,
    ) -> (Option<RuleSet>, Vec<Diagnostic>) {
        let mut loader = Loader {
            diagnostics: Vec::new(),
            unreadable: BTreeSet::new(),
            damaged_rules: Vec::new(),
            author_checks_on_embedded,
            skill_keys: HashSet::new(),
        };
        let mut set = RuleSet {
            packs: Vec::new(),
            fingerprint: fingerprint(sources),
            skills: Vec::new(),
            rules: Vec::new(),
            scorecard: Vec::new(),
            competencies: Vec::new(),
            fits: Vec::new(),
            disabled: BTreeSet::new(),
            weak_qualifiers: Vec::new(),
            declared_categories: Vec::new(),
        };
        for source in sources {
            let map = SourceMap::new(&source.name, &source.text, source.embedded);
            let mut error_offsets = Vec::new();
            if let Some(raw) = parse_pack(&mut loader, &map, &mut error_offsets) {
                set.merge_pack(&mut loader, &map, raw);
            }
            check_finite_numbers(&mut loader, &map, &error_offsets);
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
        for declared in map.all_located(&raw.pack.skill_categories) {
            if declared.value.trim().is_empty() || declared.value == "*" {
                loader.error(
                    &declared.at,
                    format!("'{}' cannot be a skill category name", declared.value),
                );
                continue;
            }
            self.declared_categories.push(declared);
        }

        for raw_skill in raw.skill {
            let skill = Skill {
                name: raw_skill.name.get_ref().trim().to_string(),
                category: raw_skill.category.get_ref().clone(),
                category_at: map.origin(raw_skill.category.span().start),
                aliases: map.all_located(&raw_skill.aliases),
                ambiguous: raw_skill.ambiguous,
                not_within: map.all_located(&raw_skill.not_within),
                at: map.origin(raw_skill.name.span().start),
            };
            for guard in &skill.not_within {
                let names_it = std::iter::once(skill.name.as_str())
                    .chain(skill.aliases.iter().map(|a| a.value.as_str()))
                    .any(|spelling| super::pattern::contains_term(&guard.value, spelling));
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
            if loader.skill_keys.contains(&key) {
                self.skills.retain(|s| s.name.to_lowercase() != key);
            } else {
                loader.skill_keys.insert(key);
            }
            self.skills.push(skill);
        }

        let mut pack_rules: Vec<Rule> = Vec::new();
        for raw_rule in raw.rule {
            let damaged = raw_rule.damaged;
            let rule = convert_rule(loader, map, raw_rule);
            if damaged {
                loader.unreadable.insert(rule.id.clone());
                loader.damaged_rules.push(rule);
                continue;
            }
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

        for raw_competency in raw.competency {
            let at = map.origin(raw_competency.id.span().start);
            let id = raw_competency.id.get_ref().clone();
            if !is_valid_id(&id) {
                loader.error(&at, format!("competency id '{id}' must be kebab-case"));
            }
            non_negative(
                loader,
                map,
                &raw_competency.points,
                &format!("competency '{id}': `points`"),
            );
            if raw_competency.depth == 0 {
                loader.error(
                    &at,
                    format!("competency '{id}': `depth` must be at least 1"),
                );
            }
            let competency = Competency {
                id,
                role: raw_competency.role,
                title: raw_competency.title,
                points: *raw_competency.points.get_ref(),
                must_have: raw_competency.must_have,
                depth: raw_competency.depth.max(1),
                skill_categories: map.all_located(&raw_competency.skill_categories),
                skills: map.all_located(&raw_competency.skills),
                rules: map.all_located(&raw_competency.rules),
                at,
            };
            // A later pack's competency with the same id and role replaces it.
            match self
                .competencies
                .iter_mut()
                .find(|c| c.id == competency.id && c.role == competency.role)
            {
                Some(existing) => *existing = competency,
                None => self.competencies.push(competency),
            }
        }

        for raw_fit in raw.fit {
            let at = map.origin(raw_fit.seniority.span().start);
            let role = raw_fit.role;
            for (value, name) in [
                (&raw_fit.seniority, "seniority"),
                (&raw_fit.seniority_years, "seniority_years"),
                (&raw_fit.flags, "flags"),
                (&raw_fit.concern_points, "concern_points"),
                (&raw_fit.must_have_cap, "must_have_cap"),
            ] {
                non_negative(loader, map, value, &format!("fit for {role}: `{name}`"));
            }
            let fit = FitSettings {
                role,
                seniority: *raw_fit.seniority.get_ref(),
                seniority_years: *raw_fit.seniority_years.get_ref(),
                flags: *raw_fit.flags.get_ref(),
                concern_points: *raw_fit.concern_points.get_ref(),
                concerns: map.all_located(&raw_fit.concerns),
                must_have_cap: *raw_fit.must_have_cap.get_ref(),
                at,
            };
            match self.fits.iter_mut().find(|f| f.role == role) {
                Some(existing) => *existing = fit,
                None => self.fits.push(fit),
            }
        }
    }

    fn validate(&self, loader: &mut Loader) {
        let skill_names: BTreeSet<String> =
            self.skills.iter().map(|s| s.name.to_lowercase()).collect();
        let categories = self.known_categories();
        // A disabled rule is known but off: rules and the scorecard that name it stay valid.
        let rule_ids: BTreeSet<&str> = self
            .rules
            .iter()
            .map(|r| r.id.as_str())
            .chain(self.disabled.iter().map(String::as_str))
            .collect();
        let check_category = |loader: &mut Loader, cat: &Located<String>| {
            if cat.value != "*" && !categories.contains(cat.value.as_str()) {
                loader.error(
                    &cat.at,
                    format!(
                        "unknown skill category '{}'{}",
                        cat.value,
                        did_you_mean(&cat.value, categories.iter().copied())
                    ),
                );
            }
        };
        for skill in self.skills.iter().filter(|s| !s.category_at.embedded) {
            if !categories.contains(skill.category.as_str()) {
                loader.error(
                    &skill.category_at,
                    format!(
                        "unknown skill category '{}' for skill '{}'{}; a new category must be \
                         declared in `[pack] skill_categories = [\"{}\"]`",
                        skill.category,
                        skill.name,
                        did_you_mean(&skill.category, categories.iter().copied()),
                        skill.category
                    ),
                );
            }
        }

        // Every reference to a skill or a rule, wherever it stands (`owner` says where, e.g.
        // " in competency 'x'"), is checked and reported the same way.
        let check_skill = |loader: &mut Loader, skill: &Located<String>, owner: &str| {
            if !skill_names.contains(&skill.value.to_lowercase())
                && !loader.unreadable.contains(&skill.value.to_lowercase())
            {
                let suggestion =
                    did_you_mean(&skill.value, self.skills.iter().map(|s| s.name.as_str()));
                loader.error(
                    &skill.at,
                    format!("unknown skill '{}'{owner}{suggestion}", skill.value),
                );
            }
        };
        let check_rule = |loader: &mut Loader, reference: &Located<String>, owner: &str| {
            if !rule_ids.contains(reference.value.as_str())
                && !loader.unreadable.contains(&reference.value)
            {
                loader.error(
                    &reference.at,
                    format!(
                        "unknown rule id '{}'{owner}{}",
                        reference.value,
                        did_you_mean(&reference.value, rule_ids.iter().copied())
                    ),
                );
            }
        };
        let damaged = std::mem::take(&mut loader.damaged_rules);
        for rule in self.rules.iter().chain(&damaged) {
            for skill in &rule.skills {
                check_skill(loader, skill, "");
            }
            for cat in &rule.skill_categories {
                check_category(loader, cat);
            }
            for reference in rule.references() {
                if loader.unreadable.contains(&reference.value) {
                    continue;
                }
                if !rule_ids.contains(reference.value.as_str()) {
                    loader.error(
                        &reference.at,
                        format!(
                            "unknown rule id '{}' in rule '{}'{}",
                            reference.value,
                            rule.id,
                            did_you_mean(&reference.value, rule_ids.iter().copied())
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
                check_rule(
                    loader,
                    reference,
                    &format!(" in scorecard '{}'", card.category),
                );
            }
        }
        for competency in &self.competencies {
            for cat in &competency.skill_categories {
                if cat.value == "*" {
                    loader.error(
                        &cat.at,
                        format!(
                            "competency '{}': `*` (every category) is for rules; name the categories it covers",
                            competency.id
                        ),
                    );
                    continue;
                }
                check_category(loader, cat);
            }
            if !self.fits.iter().any(|f| f.role == competency.role) {
                loader.warn(
                    &competency.at,
                    format!(
                        "competency '{}' is for {}, which has no [[fit]]: it is never scored",
                        competency.id, competency.role
                    ),
                );
            }
            let owner = format!(" in competency '{}'", competency.id);
            for skill in &competency.skills {
                check_skill(loader, skill, &owner);
            }
            for reference in &competency.rules {
                check_rule(loader, reference, &owner);
            }
        }
        for fit in &self.fits {
            for reference in &fit.concerns {
                // A concern must be a yellow flag: signals are never reported, greens are no
                // concern.
                let kinds: Vec<Kind> = self
                    .rules
                    .iter()
                    .filter(|r| r.id == reference.value)
                    .map(|r| r.kind)
                    .collect();
                if !kinds.is_empty() && !kinds.contains(&Kind::Yellow) {
                    loader.error(
                        &reference.at,
                        format!(
                            "concern '{}' of the {} fit is not a yellow rule",
                            reference.value, fit.role
                        ),
                    );
                }
                check_rule(
                    loader,
                    reference,
                    &format!(" in the concerns of the {} fit", fit.role),
                );
            }
        }
        self.check_cycles(loader);
        self.warn_never_fires(loader);
        self.warn_unused_signals(loader);
        self.warn_duplicate_aliases(loader);
        self.warn_protected_attributes(loader);
    }

    /// The skill categories a skill may be in and a rule or the scorecard may name: the
    /// embedded catalogue's (even under `--no-default-rules`: they are the vocabulary reports and
    /// spreadsheets are built on), those of skills from embedded packs, and those declared.
    pub fn known_categories(&self) -> BTreeSet<&str> {
        embedded_categories()
            .iter()
            .map(String::as_str)
            .chain(
                self.skills
                    .iter()
                    .filter(|s| s.category_at.embedded)
                    .map(|s| s.category.as_str()),
            )
            .chain(self.declared_categories.iter().map(|c| c.value.as_str()))
            .collect()
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
            .chain(
                self.competencies
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
                        "signal '{}' is never used by a rule, the scorecard or a competency",
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
        let advice = "rules must not use protected attributes or their proxies";
        let on_embedded = loader.author_checks_on_embedded;
        let checked = |at: &Origin| !at.embedded || on_embedded;
        for rule in &self.rules {
            let phrase_hits = rule
                .phrases
                .iter()
                .filter(|phrase| checked(&phrase.at))
                .filter_map(|phrase| Some((phrase, super::protected::phrase_hit(&phrase.value)?)));
            // A pattern that does not compile is already an error; compiled once, not per probe.
            let pattern_hits = rule
                .patterns
                .iter()
                .filter(|pattern| checked(&pattern.at))
                .filter_map(|pattern| {
                    let regex = super::pattern::compile_pattern(&pattern.value).ok()?;
                    Some((pattern, super::protected::pattern_hit(&regex)?))
                });
            for (term, probe) in phrase_hits.chain(pattern_hits) {
                loader.lint(
                    &term.at,
                    Lint::ProtectedAttribute,
                    format!(
                        "rule '{}' matches protected-attribute text \"{}\" ({}); {advice}",
                        rule.id, probe.text, probe.attribute
                    ),
                );
            }
        }
        // A catalogue skill is listed in every report that mentions it, rule or not.
        for skill in &self.skills {
            let name = Located {
                value: skill.name.clone(),
                at: skill.at.clone(),
            };
            let checked = std::iter::once(&name)
                .chain(&skill.aliases)
                .filter(|spelling| checked(&spelling.at));
            for spelling in checked {
                if let Some(probe) = super::protected::phrase_hit(&spelling.value) {
                    loader.lint(
                        &spelling.at,
                        Lint::ProtectedAttribute,
                        format!(
                            "skill '{}' is spelled like protected-attribute text \"{}\" ({}); \
                             reports list skills, so {advice}",
                            skill.name, probe.text, probe.attribute
                        ),
                    );
                }
            }
        }
    }
}

/// The skill categories of the embedded packs' catalogue, read from their `category = "…"`
/// lines in `[[skill]]` tables: parsing the packs a second time for them was a tenth of every
/// start. The embedded packs write each skill's category that way, which a test holds against
/// the parsed packs.
fn embedded_categories() -> &'static BTreeSet<String> {
    static CATEGORIES: std::sync::OnceLock<BTreeSet<String>> = std::sync::OnceLock::new();
    CATEGORIES.get_or_init(|| {
        let mut categories = BTreeSet::new();
        for (_, text) in super::EMBEDDED_PACKS {
            let mut in_skill = false;
            for line in text.lines().map(str::trim) {
                if line.starts_with('[') {
                    in_skill = line == "[[skill]]";
                } else if let Some(value) = line.strip_prefix("category = \"") {
                    if let (true, Some(end)) = (in_skill, value.find('"')) {
                        categories.insert(value[..end].to_string());
                    }
                }
            }
        }
        categories
    })
}

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

/// Compiled size above which a pattern is reported as huge: every `{n}` repeats its item n
/// times in the compiled program, and such programs overflow the lazy DFA's cache and fall back
/// to a far slower engine.
const PATTERN_SIZE_WARNING: usize = 256 << 10;

/// How much slower the regex crate is when built without optimizations (debug builds, the unit
/// tests): the thresholds below scale with it so a test sees what a user would.
const UNOPTIMIZED_SLOWDOWN: f64 = if cfg!(debug_assertions) { 20.0 } else { 1.0 };

/// Matching cost, in CPU milliseconds per KB of resume text, above which a pattern is reported.
/// Ordinary patterns take hundredths of a millisecond.
const PATTERN_COST_WARNING_MS_PER_KB: f64 = 1.0 * UNOPTIMIZED_SLOWDOWN;

/// Compile time, in CPU milliseconds, above which a pattern is reported: every run compiles
/// every pattern, and ordinary ones take well under a millisecond.
const PATTERN_COMPILE_WARNING_MS: f64 = 20.0 * UNOPTIMIZED_SLOWDOWN;

/// Resume-like text the cost of a pattern is measured on: prose lines (long runs of letters and
/// spaces, where runaway repetitions do the most work), skills, dates and figures. Fixed, so
/// measurements compare across packs.
const PATTERN_PROBE: &str = "\
Jordan Example | jordan.example@example.com | 555-0100 | github.com/jordan-example
Senior Backend Engineer with eight years of experience designing and operating python services
SUMMARY
Experienced engineer who enjoys building reliable web services and data pipelines for teams that
care about quality and performance and who believes that every feature deserves a test
SKILLS
Python 3.12, FastAPI, Django, Flask, SQLAlchemy, PostgreSQL, Redis, Kafka, Celery, pytest, mypy
Docker, Kubernetes, Terraform, AWS (ECS, Lambda, S3), GitHub Actions, Prometheus, Grafana
EXPERIENCE
Staff Engineer, Example Payments Ltd | 2019 \u{2013} present
- Led the redesign of the payment authorisation service which now serves 38,000 requests/second
- Reduced the p99 latency from 900 ms to 120 ms by rewriting the slowest database queries
- Introduced type hints and strict checking across the whole code base and mentored five engineers
Backend Developer, Sample Media GmbH | 2015 \u{2013} 2019
- Maintained the content delivery platform and the editorial tools used by three hundred editors
- Wrote integration tests for the billing system and moved the nightly jobs onto a task queue
- Migrated the legacy python 2.7 services to python 3 without any downtime for the customers
EDUCATION
B.Sc. Computer Science, Example State University, 2011 \u{2013} 2015
Languages: English (native), German (fluent), Spanish (basic); open source maintainer since 2016
";

/// CPU milliseconds per KB `regex` takes to find all its matches in [`PATTERN_PROBE`].
///
/// A quarter of the probe is tried first, so a pattern that takes seconds per KB is judged on
/// that and validation stays quick.
fn pattern_cost_ms_per_kb(regex: &regex::bytes::Regex) -> f64 {
    let measure = |text: &str| {
        let start = crate::extract::cpu::thread_time().unwrap_or_default();
        std::hint::black_box(regex.find_iter(text.as_bytes()).count());
        let spent = crate::extract::cpu::thread_time()
            .unwrap_or_default()
            .saturating_sub(start)
            .as_secs_f64()
            * 1000.0;
        spent / (text.len() as f64 / 1024.0)
    };
    let quarter = crate::normalize::floor_char_boundary(PATTERN_PROBE, PATTERN_PROBE.len() / 4);
    let first = measure(&PATTERN_PROBE[..quarter]);
    if first > PATTERN_COST_WARNING_MS_PER_KB {
        return first;
    }
    measure(PATTERN_PROBE)
}

/// Validates one pattern: it must compile within [`PATTERN_SIZE_LIMIT`]; a huge or slow one is
/// a warning that gives its size and its measured cost.
fn check_pattern(loader: &mut Loader, id: &str, pattern: &Located<String>) {
    // Most patterns fit the warning size: compiling with it first costs them one compile and
    // stops a huge one early.
    let started = crate::extract::cpu::thread_time().unwrap_or_default();
    let compile_ms = || {
        crate::extract::cpu::thread_time()
            .unwrap_or_default()
            .saturating_sub(started)
            .as_secs_f64()
            * 1000.0
    };
    let (regex, huge) = match build_pattern(&pattern.value, PATTERN_SIZE_WARNING) {
        Ok(regex) => (regex, false),
        Err(regex::Error::CompiledTooBig(_)) => {
            match build_pattern(&pattern.value, PATTERN_SIZE_LIMIT) {
                Ok(regex) => (regex, true),
                Err(regex::Error::CompiledTooBig(limit)) => {
                    loader.error(
                        &pattern.at,
                        format!(
                            "pattern in rule '{id}' compiles to more than {} MiB, the limit: \
                             lower its repetition counts (`x{{n}}` repeats x n times)",
                            limit >> 20
                        ),
                    );
                    return;
                }
                Err(err) => return invalid_regex(loader, id, pattern, &err),
            }
        }
        Err(err) => return invalid_regex(loader, id, pattern, &err),
    };
    let compiled_in = compile_ms();
    super::pattern::remember_pattern(&pattern.value, &regex);
    if !loader.author_checks(&pattern.at) {
        return;
    }
    let cost = pattern_cost_ms_per_kb(&regex);
    let mut excess = Vec::new();
    if huge {
        excess.push(format!(
            "compiles to more than {} KiB",
            PATTERN_SIZE_WARNING >> 10
        ));
    }
    if compiled_in > PATTERN_COMPILE_WARNING_MS {
        excess.push(format!("takes {compiled_in:.0} ms to compile"));
    }
    if cost > PATTERN_COST_WARNING_MS_PER_KB {
        excess.push(format!("takes {cost:.1} ms per KB of resume text"));
    }
    if !excess.is_empty() {
        loader.warn(
            &pattern.at,
            format!(
                "pattern in rule '{id}' is costly: it {} (measured: {compiled_in:.0} ms to \
                 compile, {cost:.1} ms per KB of resume text, CPU time); lower its repetition \
                 counts (`x{{n}}` repeats x n times) and avoid nested quantifiers over broad \
                 classes",
                excess.join(" and ")
            ),
        );
    }
}

fn invalid_regex(loader: &mut Loader, id: &str, pattern: &Located<String>, err: &regex::Error) {
    let detail = err.to_string();
    let last = detail.lines().last().unwrap_or("invalid regex").trim();
    loader.error(&pattern.at, format!("invalid regex in rule '{id}': {last}"));
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
    // What a damaged rule lacks may be the field that was left out: only what is there is checked.
    let damaged = raw.damaged;
    let reported = raw.kind != Kind::Signal && !damaged;
    if reported && raw.title.trim().is_empty() {
        loader.error(&at, format!("rule '{id}' needs a `title` (it is reported)"));
    }
    if reported && raw.category.trim().is_empty() {
        loader.error(
            &at,
            format!("rule '{id}' needs a `category` (it is reported)"),
        );
    }
    // Non-finite weights are reported where they stand (check_finite_numbers).
    if raw.weight < 0.0 && raw.weight.is_finite()
        || raw.weights.values().any(|&w| w < 0.0 && w.is_finite())
    {
        loader.error(
            &at,
            format!("rule '{id}': weights are magnitudes and must not be negative (yellow flags subtract)"),
        );
    }
    if let Some(years) = &raw.min_years {
        let value = *years.get_ref();
        if value < 0.0 && value.is_finite() {
            loader.error(
                &map.origin(years.span().start),
                format!("rule '{id}': `min_years` must not be negative (every resume has 0 or more years)"),
            );
        }
    }
    let patterns = map.all_located(&raw.patterns);
    for pattern in &patterns {
        check_pattern(loader, &id, pattern);
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
        only_if_line_has: map.all_located(&raw.only_if_line_has),
        technical_context: raw.technical_context,
        min_months: raw.min_months.as_ref().map(|m| *m.get_ref()),
        note: raw.note,
        description: raw.description,
        at: at.clone(),
    };
    let positive = damaged || rule.has_terms() || !rule.all.is_empty() || !rule.any.is_empty();
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

/// Reads one pack, reporting every problem rather than the first.
///
/// Syntax errors are all reported (the parser recovers), and then the pack is not read further:
/// what follows a syntax error is guesswork. Otherwise every `[[skill]]`, `[[rule]]` and
/// `[[scorecard]]` is read on its own, so a typo in one does not hide the others, and a field
/// that cannot be read is reported and dropped so the rest of its table is still checked.
/// `error_offsets` receives where each reported problem starts.
fn parse_pack(
    loader: &mut Loader,
    map: &SourceMap<'_>,
    error_offsets: &mut Vec<usize>,
) -> Option<RawPack> {
    use toml::de::DeValue;
    let (root, syntax_errors) = toml::de::DeTable::parse_recoverable(map.text);
    if !syntax_errors.is_empty() {
        for err in syntax_errors {
            let offset = err.span().map_or(0, |s| s.start);
            error_offsets.push(offset);
            loader.error(&map.origin(offset), err.message().trim_end().to_string());
        }
        return None;
    }
    let mut root = root.into_inner();
    // Each array of tables is taken out of the document and read element by element.
    let mut take = |name: &str| -> Vec<Spanned<DeValue<'_>>> {
        let key = root.keys().find(|k| k.get_ref().as_ref() == name).cloned();
        let Some(key) = key else {
            return Vec::new();
        };
        match root.remove(&key) {
            Some(value) => match value.into_inner() {
                DeValue::Array(items) => items.into_iter().collect(),
                other => {
                    // Not an array: put back, to be reported with the other top-level keys.
                    let span = key.span();
                    root.insert(key, Spanned::new(span, other));
                    Vec::new()
                }
            },
            None => Vec::new(),
        }
    };
    let skills = take("skill");
    let rules = take("rule");
    let scorecards = take("scorecard");
    let competencies = take("competency");
    let fits = take("fit");
    let mut raw = RawPack {
        pack: RawPackMeta {
            // Stands in for a `[pack]` that is missing or unreadable (already reported), so the
            // rest of the file is still checked.
            id: Spanned::new(0..0, "unreadable-pack".to_string()),
            version: String::new(),
            description: String::new(),
            skill_categories: Vec::new(),
        },
        skill: skills
            .into_iter()
            .filter_map(|item| read_item(loader, map, item, ("skill", "name"), error_offsets))
            .map(|(skill, _)| skill)
            .collect(),
        rule: rules
            .into_iter()
            .filter_map(|item| {
                read_item(loader, map, item, ("rule", "id"), error_offsets).map(
                    |(mut rule, damaged): (RawRule, bool)| {
                        rule.damaged = damaged;
                        rule
                    },
                )
            })
            .collect(),
        scorecard: scorecards
            .into_iter()
            .filter_map(|item| {
                read_item(loader, map, item, ("scorecard", "category"), error_offsets)
            })
            .map(|(card, _)| card)
            .collect(),
        competency: competencies
            .into_iter()
            .filter_map(|item| read_item(loader, map, item, ("competency", "id"), error_offsets))
            .map(|(competency, _)| competency)
            .collect(),
        fit: fits
            .into_iter()
            .filter_map(|item| read_item(loader, map, item, ("fit", "role"), error_offsets))
            .map(|(fit, _)| fit)
            .collect(),
        disable: Vec::new(),
        proficiency: None,
    };
    let mut has_pack = false;
    for (key, value) in root {
        let offset = key.span().start;
        match key.get_ref().as_ref() {
            "pack" => {
                has_pack = true;
                if let Some((meta, _)) = read_item(loader, map, value, ("", ""), error_offsets) {
                    raw.pack = meta;
                }
            }
            "disable" => {
                raw.disable = read_item(loader, map, value, ("", ""), error_offsets)
                    .map(|(ids, _)| ids)
                    .unwrap_or_default();
            }
            "proficiency" => {
                raw.proficiency =
                    read_item(loader, map, value, ("", ""), error_offsets).map(|(words, _)| words);
            }
            // Present but not an array of tables.
            "skill" | "rule" | "scorecard" | "competency" | "fit" => {
                error_offsets.push(offset);
                loader.error(
                    &map.origin(offset),
                    format!(
                        "`{}` must be written as [[{}]] tables",
                        key.get_ref(),
                        key.get_ref()
                    ),
                );
            }
            other => {
                error_offsets.push(offset);
                loader.error(
                    &map.origin(offset),
                    format!(
                        "unknown field `{other}`, expected one of `pack`, `skill`, `rule`, \
                         `scorecard`, `competency`, `fit`, `disable`, `proficiency`"
                    ),
                );
            }
        }
    }
    if !has_pack {
        error_offsets.push(0);
        loader.error(&map.origin(0), "missing field `pack`".into());
    }
    Some(raw)
}

/// Reads one table as `T`, reporting each field that cannot be read and reading on without it;
/// the flag says whether a field was left out.
///
/// `named` is what the table is and the key that names it (`("rule", "id")`): messages say
/// which rule they are about. Gives `None` when the table is unusable (a required field is
/// missing or unreadable); then its name is remembered as unreadable, so references to it do
/// not add errors of their own.
fn read_item<T: serde::de::DeserializeOwned>(
    loader: &mut Loader,
    map: &SourceMap<'_>,
    mut item: Spanned<toml::de::DeValue<'_>>,
    (what, name_key): (&str, &str),
    error_offsets: &mut Vec<usize>,
) -> Option<(T, bool)> {
    use serde::de::IntoDeserializer;
    use toml::de::DeValue;
    let name: Option<String> = item
        .get_ref()
        .as_table()
        .and_then(|table| {
            table
                .iter()
                .find(|(key, _)| !name_key.is_empty() && key.get_ref().as_ref() == name_key)
        })
        .and_then(|(_, value)| value.get_ref().as_str())
        .map(str::to_string);
    let context = name
        .as_ref()
        .map_or_else(String::new, |name| format!(" in {what} '{name}'"));
    let mut dropped: Vec<String> = Vec::new();
    loop {
        let err = match T::deserialize(item.clone().into_deserializer()) {
            Ok(value) => return Some((value, !dropped.is_empty())),
            Err(err) => err,
        };
        let message = err.message().trim_end().to_string();
        // Reading on without a field makes serde call it missing: already said.
        let already_said = dropped
            .iter()
            .any(|field| message == format!("missing field `{field}`"));
        let offset = err.span().map_or(item.span().start, |s| s.start);
        if !already_said {
            error_offsets.push(offset);
            let located = match message.split_once(", expected") {
                Some((what_is_wrong, expected)) => {
                    format!("{what_is_wrong}{context}, expected{expected}")
                }
                None => format!("{message}{context}"),
            };
            loader.error(&map.origin(offset), located);
        }
        let DeValue::Table(table) = item.get_mut() else {
            return None;
        };
        // A missing field is not one to drop; any other error is dropped with its field, once.
        let culprit = (!message.starts_with("missing field"))
            .then(|| {
                table.iter().find(|(key, value)| {
                    key.span().contains(&offset)
                        || value.span().contains(&offset)
                        || value.span().start == offset
                })
            })
            .flatten()
            .map(|(key, _)| key.clone())
            .filter(|key| !dropped.iter().any(|d| d == key.get_ref().as_ref()));
        if let Some(key) = culprit {
            dropped.push(key.get_ref().to_string());
            table.remove(&key);
            continue;
        }
        let name = name.map(|name| {
            if name_key == "name" {
                name.trim().to_lowercase()
            } else {
                name
            }
        });
        loader.unreadable.extend(name);
        return None;
    }
}

/// Reports every NaN or infinite float in a pack, wherever it stands.
///
/// TOML accepts `nan` and `inf` as floats and serde takes them into any `f64` field, where they
/// poison scores (NaN compares false with everything, so it even slips past `weight < 0`). The
/// raw document is walked rather than the typed fields so no float field, present or future, is
/// missed. `skip_at` are the offsets of parse errors already reported, for the same values.
fn check_finite_numbers(loader: &mut Loader, map: &SourceMap<'_>, skip_at: &[usize]) {
    use toml::de::{DeTable, DeValue};
    fn walk(value: &Spanned<DeValue<'_>>, key: &str, found: &mut Vec<(usize, String, String)>) {
        match value.get_ref() {
            DeValue::Float(float) => {
                let finite = float.as_str().parse::<f64>().is_ok_and(f64::is_finite);
                if !finite {
                    found.push((
                        value.span().start,
                        key.to_string(),
                        float.as_str().to_string(),
                    ));
                }
            }
            DeValue::Array(items) => items.iter().for_each(|item| walk(item, key, found)),
            DeValue::Table(table) => {
                for (name, item) in table.iter() {
                    walk(item, name.get_ref(), found);
                }
            }
            _ => {}
        }
    }
    let Ok(root) = DeTable::parse(map.text) else {
        // A syntax error: already reported by the typed parse.
        return;
    };
    let mut found = Vec::new();
    for (name, item) in root.get_ref().iter() {
        walk(item, name.get_ref(), &mut found);
    }
    for (offset, key, literal) in found {
        if skip_at.contains(&offset) {
            continue;
        }
        loader.error(
            &map.origin(offset),
            format!("`{key}` is {literal}: numbers in a pack must be finite"),
        );
    }
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
                embedded: false,
            });
        }
    }
    Ok(sources)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_categories_are_those_of_the_parsed_packs() {
        let parsed: BTreeSet<String> = super::super::EMBEDDED_PACKS
            .iter()
            .map(|(_, text)| toml::from_str::<RawPack>(text).expect("embedded pack parses"))
            .flat_map(|pack| pack.skill)
            .map(|skill| skill.category.into_inner())
            .collect();
        assert!(parsed.len() > 10);
        assert_eq!(*embedded_categories(), parsed);
    }

    fn load_one(text: &str) -> (Option<RuleSet>, Vec<Diagnostic>) {
        RuleSet::load(&[PackSource {
            name: "team.toml".into(),
            text: text.into(),
            embedded: false,
        }])
    }

    fn errors(diagnostics: &[Diagnostic]) -> Vec<String> {
        diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.to_string())
            .collect()
    }

    const HEAD: &str = "[pack]\nid = \"team\"\nversion = \"1\"\n\n[[rule]]\nid = \"r\"\nkind = \"green\"\ntitle = \"T\"\ncategory = \"c\"\nphrases = [\"fastapi\"]\n";

    #[test]
    fn the_embedded_packs_pass_the_author_checks_runs_skip() {
        let (set, diagnostics) = RuleSet::load_checked(&crate::rules::embedded_sources(), true);
        assert!(set.is_some());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        // A user's pack still gets them.
        let team = PackSource {
            name: "team.toml".into(),
            text: "[pack]\nid = \"team\"\nversion = \"1.0.0\"\n\n[[rule]]\nid = \"married\"\n\
                   kind = \"yellow\"\ntitle = \"x\"\ncategory = \"x\"\nweight = 1\n\
                   phrases = [\"married\"]\n"
                .into(),
            embedded: false,
        };
        let mut sources = crate::rules::embedded_sources();
        sources.push(team);
        let (_, diagnostics) = RuleSet::load(&sources);
        assert!(
            diagnostics
                .iter()
                .any(|d| d.lint == Some(Lint::ProtectedAttribute) && d.file == "team.toml"),
            "{diagnostics:?}"
        );
    }

    #[test]
    fn origins_count_lines_and_characters_from_one() {
        let text = "a = 1\nbé = \"ü\"\n\nlast";
        let map = SourceMap::new("p.toml", text, false);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let origin = map.origin(offset);
            assert_eq!(
                (origin.line, origin.col),
                super::super::file::line_col(text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn a_fit_model_is_checked_like_the_rules() {
        let pack = format!(
            "{HEAD}weight = 1.0\n\n[[competency]]\nid = \"Bad Id\"\nrole = \"backend\"\ntitle = \"T\"\n\
             points = -3\ndepth = 0\nskill_categories = [\"web_framework\"]\nskills = [\"Djangoo\"]\n\
             rules = [\"nope\"]\n\n[[competency]]\nid = \"all\"\nrole = \"backend\"\ntitle = \"T\"\n\
             points = 1\nskill_categories = [\"*\"]\n\n[[fit]]\nrole = \"backend\"\nseniority = 15\n\
             seniority_years = 8\nflags = 10\nconcern_points = -1\nconcerns = [\"missing\", \"r\"]\n\
             must_have_cap = 30\n"
        );
        let (set, diagnostics) = load_one(&pack);
        assert!(set.is_none());
        let errors = errors(&diagnostics).join("\n");
        for expected in [
            "competency id 'Bad Id' must be kebab-case",
            "competency 'Bad Id': `points` must not be negative",
            "`depth` must be at least 1",
            "unknown skill category 'web_framework'",
            "unknown skill 'Djangoo' in competency",
            "unknown rule id 'nope' in competency",
            "fit for backend: `concern_points` must not be negative",
            "unknown rule id 'missing' in the concerns of the backend fit",
            "concern 'r' of the backend fit is not a yellow rule",
            "competency 'all': `*` (every category) is for rules",
        ] {
            assert!(errors.contains(expected), "{expected} not in:\n{errors}");
        }
    }

    #[test]
    fn a_later_competency_replaces_one_with_its_id_and_role() {
        let (set, diagnostics) = RuleSet::load(&[
            crate::rules::embedded_sources(),
            vec![PackSource {
                name: "team.toml".into(),
                text: "[pack]\nid = \"team\"\nversion = \"1\"\n\n[[competency]]\nid = \"web-framework\"\n\
                       role = \"backend\"\ntitle = \"FastAPI\"\npoints = 40\nmust_have = true\nskills = [\"FastAPI\"]\n"
                    .into(),
                embedded: false,
            }],
        ]
        .concat());
        let set = set.unwrap_or_else(|| panic!("{diagnostics:?}"));
        let web: Vec<&Competency> = set
            .competencies
            .iter()
            .filter(|c| c.id == "web-framework" && c.role == Role::Backend)
            .collect();
        assert_eq!(web.len(), 1);
        assert_eq!((web[0].title.as_str(), web[0].points), ("FastAPI", 40.0));
    }

    #[test]
    fn non_finite_numbers_are_errors_at_their_position() {
        for literal in ["nan", "inf", "-inf", "+nan"] {
            let (set, diagnostics) = load_one(&format!("{HEAD}weight = {literal}\n"));
            assert!(set.is_none(), "{literal}");
            let found = errors(&diagnostics);
            assert_eq!(
                found,
                [format!(
                    "team.toml:11:10: error: `weight` is {literal}: numbers in a pack must be finite"
                )],
                "{literal}"
            );
        }
        let (set, diagnostics) = load_one(&format!(
            "{HEAD}weight = 1.0\nmin_years = nan\n[rule.weights]\ndata = -inf\n"
        ));
        assert!(set.is_none());
        assert_eq!(
            errors(&diagnostics),
            [
                "team.toml:12:13: error: `min_years` is nan: numbers in a pack must be finite",
                "team.toml:14:8: error: `data` is -inf: numbers in a pack must be finite",
            ]
        );
    }

    #[test]
    fn non_finite_number_in_an_integer_field_is_reported_once() {
        let (_, diagnostics) = load_one(&format!("{HEAD}min_matches = nan\n"));
        let found = errors(&diagnostics);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("team.toml:11:15: error:"), "{found:?}");
    }

    fn pack_of_patterns(patterns: &[String]) -> String {
        let mut text = String::from("[pack]\nid = \"team\"\nversion = \"1\"\n");
        for (i, pattern) in patterns.iter().enumerate() {
            text.push_str(&format!(
                "\n[[rule]]\nid = \"p{i}\"\nkind = \"green\"\ntitle = \"T\"\ncategory = \"c\"\nweight = 1\npatterns = ['{pattern}']\n"
            ));
        }
        text
    }

    fn costly(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
        diagnostics
            .iter()
            .filter(|d| d.message.contains("is costly"))
            .collect()
    }

    #[test]
    fn twenty_pathological_patterns_are_each_flagged_with_their_cost() {
        let mut patterns: Vec<String> = (0..14)
            .map(|i| format!("e[a-z ]{{{}}}q", 10_000 + 500 * i))
            .collect();
        patterns.extend((0..3).map(|i| format!("(?:[a-z ]{{1,{}}}){{1,50}}z", 200 + i)));
        patterns.extend((0..3).map(|i| format!("(?:[a-z, ]{{1,{}}}){{1,40}}[0-9]", 150 + i)));
        patterns.push(r"\brequests?/s(?:ec(?:ond)?)?\b".into());
        let (set, diagnostics) = load_one(&pack_of_patterns(&patterns));
        assert!(
            set.is_some(),
            "costly patterns are warnings: {diagnostics:#?}"
        );
        let flagged = costly(&diagnostics);
        assert_eq!(flagged.len(), 20, "{diagnostics:#?}");
        for (i, d) in flagged.iter().enumerate() {
            assert_eq!(d.severity, Severity::Warning);
            assert_eq!((d.line, d.col), (11 + 8 * i, 13), "{d}");
            assert!(d.message.contains("ms per KB of resume text"), "{d}");
        }
        assert!(flagged[0].message.contains("compiles to more than 256 KiB"));
        for d in &flagged[14..] {
            assert!(
                d.message.contains("ms per KB of resume text (measured"),
                "slow to match: {d}"
            );
        }
    }

    #[test]
    fn absurd_patterns_are_rejected_by_the_size_limit() {
        let (set, diagnostics) = load_one(&pack_of_patterns(&["e[a-z ]{300000}q".into()]));
        assert!(set.is_none());
        assert_eq!(
            errors(&diagnostics),
            ["team.toml:11:13: error: pattern in rule 'p0' compiles to more than 8 MiB, the limit: \
              lower its repetition counts (`x{n}` repeats x n times)"]
        );
        assert!(super::super::pattern::compile_pattern("e[a-z ]{300000}q").is_err());
    }

    #[test]
    fn negative_weights_and_years_are_errors() {
        let (_, diagnostics) = load_one(&format!("{HEAD}weight = -1.0\n"));
        assert!(errors(&diagnostics)[0].contains("must not be negative"));
        let (_, diagnostics) = load_one(&format!("{HEAD}weight = 1.0\nmin_years = -2.0\n"));
        assert_eq!(
            errors(&diagnostics),
            ["team.toml:12:13: error: rule 'r': `min_years` must not be negative (every resume has 0 or more years)"]
        );
        let (set, diagnostics) = load_one(&format!("{HEAD}weight = 1.5\nmin_years = 0.0\n"));
        assert!(set.is_some(), "{diagnostics:?}");
    }

    const SKILL_PACK: &str =
        "[pack]\nid = \"team\"\nversion = \"1\"\n\n[[skill]]\nname = \"Litestar\"\n";

    #[test]
    fn a_misspelt_skill_category_is_an_error_with_a_suggestion() {
        let (set, diagnostics) = load_one(&format!("{SKILL_PACK}category = \"web_framework\"\n"));
        assert!(set.is_none());
        assert_eq!(
            errors(&diagnostics),
            ["team.toml:7:12: error: unknown skill category 'web_framework' for skill 'Litestar' \
              (did you mean 'web-frameworks'?); a new category must be declared in \
              `[pack] skill_categories = [\"web_framework\"]`"]
        );
        let (_, diagnostics) = load_one(&format!("{SKILL_PACK}category = \"in-house\"\n"));
        let found = errors(&diagnostics);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            !found[0].contains("did you mean"),
            "nothing is close: {found:?}"
        );
    }

    #[test]
    fn declared_skill_categories_are_known_to_skills_rules_and_the_scorecard() {
        let text = "[pack]\nid = \"team\"\nversion = \"1\"\nskill_categories = [\"in-house\"]\n\n\
                    [[skill]]\nname = \"Acme RPC\"\ncategory = \"in-house\"\n\n\
                    [[rule]]\nid = \"acme\"\nkind = \"green\"\ntitle = \"T\"\ncategory = \"c\"\n\
                    weight = 1\nskill_categories = [\"in-house\"]\n\n\
                    [[scorecard]]\ncategory = \"acme\"\nskill_categories = [\"in-house\"]\n";
        let (set, diagnostics) = load_one(text);
        assert!(set.is_some(), "{diagnostics:#?}");
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        // Under --no-default-rules the embedded catalogue's categories stay known.
        let (set, diagnostics) = load_one(&format!("{SKILL_PACK}category = \"web-frameworks\"\n"));
        assert!(set.is_some(), "{diagnostics:#?}");
    }

    #[test]
    fn an_unknown_category_in_a_rule_suggests_the_closest() {
        let (_, diagnostics) = load_one(&format!("{HEAD}skill_categories = [\"databse\"]\n"));
        assert_eq!(
            errors(&diagnostics),
            ["team.toml:11:21: error: unknown skill category 'databse' (did you mean 'databases'?)"]
        );
        let (_, diagnostics) =
            load_one(&format!("{HEAD}skill_categories = [\"Web Frameworks\"]\n"));
        assert!(errors(&diagnostics)[0].ends_with("(did you mean 'web-frameworks'?)"));
    }

    #[test]
    fn suggestions_only_for_close_words() {
        let known = ["web-frameworks", "databases", "iac", "ci-cd"];
        assert_eq!(
            did_you_mean("web-framework", known),
            " (did you mean 'web-frameworks'?)"
        );
        assert_eq!(did_you_mean("IAC", known), " (did you mean 'iac'?)");
        assert_eq!(did_you_mean("ci_cd", known), " (did you mean 'ci-cd'?)");
        assert_eq!(did_you_mean("mobile", known), "");
        assert_eq!(did_you_mean("xyz", known), "");
    }

    #[test]
    fn unknown_skills_and_rule_ids_suggest_the_closest() {
        let (_, diagnostics) = load_one(&format!(
            "{HEAD}weight = 1\nskills = [\"Djnago\"]\nall = [\"specific-framwork\"]\n"
        ));
        assert_eq!(
            errors(&diagnostics),
            [
                "team.toml:12:11: error: unknown skill 'Djnago'",
                "team.toml:13:8: error: unknown rule id 'specific-framwork' in rule 'r'",
            ],
            "no skills or other rules in this pack: nothing to suggest"
        );
        let mut sources = super::super::embedded_sources();
        sources.push(PackSource {
            name: "team.toml".into(),
            text: format!(
                "{HEAD}weight = 1\nskills = [\"Djnago\"]\nall = [\"specific-framwork\"]\n"
            ),
            embedded: false,
        });
        let (_, diagnostics) = RuleSet::load(&sources);
        assert_eq!(
            errors(&diagnostics),
            [
                "team.toml:12:11: error: unknown skill 'Djnago' (did you mean 'Django'?)",
                "team.toml:13:8: error: unknown rule id 'specific-framwork' in rule 'r' \
                 (did you mean 'specific-framework'?)",
            ]
        );
    }

    /// Asserts the errors are at `expected` positions, each message starting as given.
    fn assert_errors(diagnostics: &[Diagnostic], expected: &[(usize, usize, &str)]) {
        let found: Vec<(usize, usize, &str)> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| (d.line, d.col, d.message.as_str()))
            .collect();
        let matches = found.len() == expected.len()
            && found
                .iter()
                .zip(expected)
                .all(|(f, e)| f.0 == e.0 && f.1 == e.1 && f.2.starts_with(e.2));
        assert!(matches, "expected {expected:#?}\nfound {found:#?}");
    }

    #[test]
    fn every_problem_of_a_file_is_reported_in_one_run() {
        let text = "[pack]\nid = \"team\"\nversion = \"1\"\ncolour = \"red\"\n\n\
                    [[rule]]\nid = \"a\"\nkind = \"green\"\ntitle = \"A\"\ncategory = \"c\"\n\
                    wieght = 2\npatterns = ['(unclosed']\nall = [\"broken\"]\n\n\
                    [[rule]]\nid = \"broken\"\nkind = \"blue\"\ntitle = \"B\"\ncategory = \"c\"\nphrases = [\"y\"]\n\n\
                    [[rule]]\nid = \"c\"\nkind = \"green\"\ntitle = \"C\"\ncategory = \"c\"\n\
                    roles = [\"frontend\"]\nskills = [\"Nope\"]\n\n\
                    [[rule]]\nid = \"c\"\nkind = \"green\"\ntitle = \"C\"\ncategory = \"c\"\nphrases = [\"z\"]\n";
        let (set, diagnostics) = load_one(text);
        assert!(set.is_none());
        assert_errors(
            &diagnostics,
            &[
                (4, 1, "unknown field `colour`, expected one of `id`"),
                (11, 1, "unknown field `wieght` in rule 'a', expected"),
                (12, 13, "invalid regex in rule 'a': error: unclosed group"),
                (17, 8, "unknown variant `blue` in rule 'broken', expected"),
                (27, 10, "unknown variant `frontend` in rule 'c', expected"),
                (28, 11, "unknown skill 'Nope'"),
            ],
        );
        // Not reported: 'broken' as an unknown id (it is there, only unreadable), and the two
        // 'c' as duplicates (the first lost its `roles`, so what is left is not what was meant).
    }

    #[test]
    fn every_syntax_error_is_reported() {
        let (set, diagnostics) =
            load_one("[pack\nid = \"team\"\nversion = \"1\"\n\n[[rule]]\nid = = \"a\"\n");
        assert!(set.is_none());
        let at: Vec<(usize, usize)> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| (d.line, d.col))
            .collect();
        assert!(at.len() >= 2, "{diagnostics:#?}");
        assert_eq!(at[0], (1, 6));
        assert_eq!(at[1].0, 6);
    }

    #[test]
    fn top_level_mistakes_are_reported_with_the_rest() {
        let (_, diagnostics) = load_one("rule = 3\nextra = 1\n");
        assert_errors(
            &diagnostics,
            &[
                (1, 1, "`rule` must be written as [[rule]] tables"),
                (1, 1, "missing field `pack`"),
                (2, 1, "unknown field `extra`, expected one of `pack`"),
            ],
        );
    }
}
