//! The on-disk pack format: serde types that mirror the TOML exactly.
//!
//! Flat structs with `deny_unknown_fields` (not a tagged enum) so a typo is reported at its own
//! line and column. Values that later checks may reject keep their [`Spanned`] position.

use crate::role::Role;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// One pack file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPack {
    /// Identity of the pack, recorded in every report.
    pub pack: RawPackMeta,
    /// Skills catalogue entries.
    #[serde(default)]
    pub skill: Vec<RawSkill>,
    /// Flag and signal rules.
    #[serde(default)]
    pub rule: Vec<RawRule>,
    /// Scorecard categories.
    #[serde(default)]
    pub scorecard: Vec<RawScorecard>,
    /// The competencies of a role's fit model.
    #[serde(default)]
    pub competency: Vec<RawCompetency>,
    /// The rest of a role's fit model: seniority, flags, concerns, the must-have cap.
    #[serde(default)]
    pub fit: Vec<RawFit>,
    /// Ids of rules from earlier packs to switch off.
    #[serde(default)]
    pub disable: Vec<Spanned<String>>,
    /// Words that weaken a skill named right after or before them ("basic", "familiar with").
    #[serde(default)]
    pub proficiency: Option<RawProficiency>,
}

/// `[proficiency]`: qualifiers that make a mention of a skill weak.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProficiency {
    /// A skill mention with one of these before it in its clause ("familiar with Docker"), or in
    /// brackets or after a dash right behind it ("SQL (basic)"), is weak: listed among the
    /// skills but no evidence for any rule.
    #[serde(default)]
    pub weak: Vec<Spanned<String>>,
}

/// `[pack]`: identity and version.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPackMeta {
    /// Stable pack id.
    pub id: Spanned<String>,
    /// The pack's own version, bumped by its authors.
    pub version: String,
    /// What the pack is for.
    #[serde(default)]
    pub description: String,
    /// Skill categories this pack introduces. A skill's category must be one of the embedded
    /// catalogue's or one declared here (by any pack), so a misspelt category is an error rather
    /// than a new, empty column.
    #[serde(default)]
    pub skill_categories: Vec<Spanned<String>>,
}

/// `[[skill]]`: a canonical skill name, its spellings and its category.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSkill {
    /// Canonical name, as shown in reports; also matched.
    pub name: Spanned<String>,
    /// Category, e.g. `web-frameworks`; reports group skills by it. One of the embedded
    /// catalogue's categories or one declared in a pack's `[pack] skill_categories`.
    pub category: Spanned<String>,
    /// Other spellings matched as the same skill.
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    /// An everyday word too ("Go", "Spark", "Flask"): counted only on a line that names another,
    /// unambiguous skill.
    #[serde(default)]
    pub ambiguous: bool,
    /// Phrases around a spelling that make it another thing ("Burmese python", "Franz Kafka",
    /// "Erlenmeyer flask"): a mention inside a match of one of them is not the skill.
    #[serde(default)]
    pub not_within: Vec<Spanned<String>>,
}

/// Whether a rule is a reported flag or an internal building block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A reported positive flag.
    Green,
    /// A reported flag for a human to review.
    Yellow,
    /// Not reported; other rules refer to it.
    Signal,
}

/// `[[rule]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// Stable kebab-case id, never reused.
    pub id: Spanned<String>,
    /// green, yellow or signal.
    pub kind: Kind,
    /// One-line title shown in reports.
    #[serde(default)]
    pub title: String,
    /// Report category, e.g. `frameworks`.
    #[serde(default)]
    pub category: String,
    /// Contribution to the score (green adds, yellow subtracts).
    #[serde(default)]
    pub weight: f64,
    /// Per-role weight overrides.
    #[serde(default)]
    pub weights: BTreeMap<Role, f64>,
    /// Roles the rule applies to; empty means every role.
    #[serde(default)]
    pub roles: Vec<Spanned<Role>>,
    /// A possible proxy for a protected attribute: reported, but unscored by default.
    #[serde(default)]
    pub sensitive: bool,
    /// Matches when any of these catalogue skills is found.
    #[serde(default)]
    pub skills: Vec<Spanned<String>>,
    /// Matches when any skill of these categories is found (`*`: any skill).
    #[serde(default)]
    pub skill_categories: Vec<Spanned<String>>,
    /// Literal phrases, case-insensitive, on word boundaries.
    #[serde(default)]
    pub phrases: Vec<Spanned<String>>,
    /// Regular expressions, case-insensitive.
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    /// Every one of these rules must fire.
    #[serde(default)]
    pub all: Vec<Spanned<String>>,
    /// At least one of these rules must fire.
    #[serde(default)]
    pub any: Vec<Spanned<String>>,
    /// None of these rules may fire.
    #[serde(default)]
    pub none: Vec<Spanned<String>>,
    /// At least this many distinct matches (skills, phrases, pattern texts) are needed.
    #[serde(default)]
    pub min_matches: Option<Spanned<u32>>,
    /// Fires when the years of experience found in date ranges reach this.
    #[serde(default)]
    pub min_years: Option<Spanned<f64>>,
    /// The rule's own matches count only in these sections (`experience`, `projects`, `skills`,
    /// `education`, `certifications`, `summary`, `other`); empty means everywhere.
    #[serde(default)]
    pub sections: Vec<Spanned<String>>,
    /// A match inside a match of one of these phrases does not count ("drift detection" inside
    /// "Terraform drift detection").
    #[serde(default)]
    pub not_within: Vec<Spanned<String>>,
    /// A match on a line where one of these rules matched does not count ("Followed a Django
    /// tutorial": a tutorial line is no framework experience).
    #[serde(default)]
    pub unless_line_has: Vec<Spanned<String>>,
    /// A match counts only on a line where one of these rules matched too ("Python and
    /// Selenium" is testing only on a line about tests).
    #[serde(default)]
    pub only_if_line_has: Vec<Spanned<String>>,
    /// Matches count only in technical context: inside a position that shows technical work,
    /// or on a line that names a catalogued skill or technical work ("led a team of engineers",
    /// not "led a team of 12 sales associates").
    #[serde(default)]
    pub technical_context: bool,
    /// Skill matches count only for skills used at least this many months in dated, relevant
    /// positions.
    #[serde(default)]
    pub min_months: Option<Spanned<f64>>,
    /// Said in the report next to the evidence, typically what was looked for and not found.
    #[serde(default)]
    pub note: Option<String>,
    /// Longer explanation for rule authors and `rules list`.
    #[serde(default)]
    pub description: String,
    /// Some field could not be read and was left out (the problem is reported): the rule is
    /// checked but not used, since what is left of it may mean something else.
    #[serde(skip)]
    pub damaged: bool,
}

/// `[[scorecard]]`: one category of the scorecard and what counts toward it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScorecard {
    /// Category name, a column of the CSV.
    pub category: Spanned<String>,
    /// Skills of these categories count.
    #[serde(default)]
    pub skill_categories: Vec<Spanned<String>>,
    /// These rules count when they fire.
    #[serde(default)]
    pub rules: Vec<Spanned<String>>,
    /// How many distinct items reach levels 1, 2 and 3.
    #[serde(default = "default_levels")]
    pub levels: [u32; 3],
}

/// `[[competency]]`: one thing a role needs, and the skills and rules that show it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCompetency {
    /// Kebab-case id, unique per role.
    pub id: Spanned<String>,
    /// The role it belongs to.
    pub role: Role,
    /// What the breakdown shows.
    pub title: String,
    /// Points at full strength.
    pub points: Spanned<f64>,
    /// A candidate without any evidence of it is capped (see `[[fit]] must_have_cap`).
    #[serde(default)]
    pub must_have: bool,
    /// Distinct pieces of evidence that make it full strength (more count with halving weight).
    #[serde(default = "default_depth")]
    pub depth: u32,
    /// Skills of these categories count.
    #[serde(default)]
    pub skill_categories: Vec<Spanned<String>>,
    /// These skills count.
    #[serde(default)]
    pub skills: Vec<Spanned<String>>,
    /// These rules count when they fire, by where their evidence stands.
    #[serde(default)]
    pub rules: Vec<Spanned<String>>,
}

fn default_depth() -> u32 {
    1
}

/// `[[fit]]`: the fit model's settings for one role besides its competencies.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFit {
    /// The role.
    pub role: Role,
    /// Points for relevant dated experience, reached at `seniority_years`.
    pub seniority: Spanned<f64>,
    /// Years of relevant experience that earn all the seniority points.
    pub seniority_years: Spanned<f64>,
    /// Points for the green flags' share of the green weight in force.
    pub flags: Spanned<f64>,
    /// Points off per unit of weight of each concern that fires.
    pub concern_points: Spanned<f64>,
    /// Yellow rules that count as concerns.
    #[serde(default)]
    pub concerns: Vec<Spanned<String>>,
    /// The most a candidate missing a must-have competency scores.
    pub must_have_cap: Spanned<f64>,
}

fn default_levels() -> [u32; 3] {
    [1, 2, 4]
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = source[line_start..offset].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let src = "a = 1\nbé = 2\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, src.find('=').unwrap()), (1, 3));
        assert_eq!(line_col(src, src.rfind('=').unwrap()), (2, 4));
    }
}
