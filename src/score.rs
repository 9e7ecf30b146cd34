//! Scoring and ranking.
//!
//! With a fit model for the role (`[[competency]]` and `[[fit]]` in the role packs) the score is
//! a sum of components, each shown in the report's `breakdown` with its points, its maximum and
//! its evidence:
//!
//! - each **competency** earns `points × strength`. A piece of evidence (a skill of the
//!   competency, or a rule of it that fired) is worth by where it stands: in a dated relevant
//!   position 0.7, rising to 1.0 with three years of use; in experience without dates 0.7, in
//!   projects 0.6, a summary 0.5, a skills list 0.4, elsewhere 0.35, in education or
//!   certifications 0.25; a mention with a qualifier ("basic") counts 0.3 of that, and a skill
//!   last used more than two years ago loses up to half, linearly to ten years. Pieces are
//!   sorted by worth and weighed 1, ½, ¼, …; `depth` of them at full worth make strength 1;
//! - **seniority**: `seniority × min(1, years / seniority_years)^0.75`, and **flags**:
//!   `flags × (green weight earned ÷ green weight in force)`, both times the share of the
//!   competency points earned, so years and general signals add to a fit for the role and do
//!   not make one (a platform engineer's ten years do not make an ML engineer);
//! - **must-have cap**: without any evidence of a must-have competency only a tenth of what the
//!   components above total over `must_have_cap` counts, so a candidate without what the role
//!   needs never outranks a comparable one who has it, and capped candidates still do not tie;
//! - **concerns**: `−concern_points × weight` for each concern rule that fired, taking away at
//!   most what the components above kept after the cap, so a concern weighs the same with or
//!   without the cap and a fit score is never below 0, where a resume with no evidence for the
//!   role stands.
//!
//! Without a fit model the score is the share of the greens a resume could earn, less its
//! yellows: `100 × (Σ green − Σ yellow) ÷ Σ all greens in force`. Either way it is clamped to
//! −100…100 and each component is rounded to one decimal, so the components sum exactly to the
//! score and output is stable across platforms. Sensitive rules count only when asked to.

use crate::rules::file::Kind;
use crate::rules::{Engine, Evaluation, FitCompetency, FitModel};
use crate::structure::{round1, SectionKind, YearMonth};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// One part of a score: what it earned, what it could earn, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// Stable id: a competency's id, or `seniority`, `flags`, `concerns`, `must-have-cap`,
    /// `bounds`.
    pub id: String,
    /// What a reader sees.
    pub title: String,
    /// Points earned (negative for concerns and the cap), rounded to one decimal.
    pub points: f64,
    /// The most it can earn (0 for the parts that only take away).
    pub max: f64,
    /// What earned or cost the points, strongest first.
    pub evidence: Vec<String>,
    /// A must-have competency without strong evidence (listed with a qualifier at most): what
    /// caps the score. Absent when false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub missing: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// The score of an evaluated document and the components it is the sum of.
pub fn assess(engine: &Engine, evaluation: &Evaluation) -> (f64, Vec<Component>) {
    let mut components = match engine.fit() {
        Some(fit) => fit_components(engine, fit, evaluation),
        None => vec![Component {
            id: "flags".to_string(),
            title: "Green flags less yellow flags".to_string(),
            points: share_score(engine, evaluation),
            max: 100.0,
            evidence: flag_ids(engine, evaluation, |kind| kind != Kind::Signal),
            missing: false,
        }],
    };
    for component in &mut components {
        component.points = round1(component.points);
    }
    let sum = round1(components.iter().map(|c| c.points).sum());
    let score = bounded(sum);
    if score != sum {
        components.push(Component {
            id: "bounds".to_string(),
            title: "Kept within -100..100".to_string(),
            points: round1(score - sum),
            max: 0.0,
            evidence: Vec::new(),
            missing: false,
        });
    }
    (score, components)
}

/// The score of an evaluated document under the engine's role and options.
pub fn score(engine: &Engine, evaluation: &Evaluation) -> f64 {
    assess(engine, evaluation).0
}

/// The score without a fit model: the share of the green weight earned, less the yellow.
fn share_score(engine: &Engine, evaluation: &Evaluation) -> f64 {
    let max = engine.max_green();
    if max <= 0.0 {
        return 0.0;
    }
    let (green, yellow) = totals(engine, evaluation);
    let raw = 100.0 * (green - yellow) / max;
    debug_assert!(
        raw.is_finite(),
        "score {raw} from green {green}, yellow {yellow}, max {max}: packs must be validated"
    );
    raw
}

/// Ids of the scored flags of these kinds.
fn flag_ids(engine: &Engine, evaluation: &Evaluation, kind: impl Fn(Kind) -> bool) -> Vec<String> {
    evaluation
        .flags
        .iter()
        .map(|f| &engine.rules()[f.rule])
        .filter(|r| kind(r.kind) && engine.is_scored(r) && r.weight > 0.0)
        .map(|r| r.id.clone())
        .collect()
}

/// Worth of evidence by the kind of section it stands in (dated experience is worked out from
/// its months).
fn section_worth(section: SectionKind) -> f64 {
    match section {
        SectionKind::Experience => 0.7,
        SectionKind::Projects => 0.6,
        SectionKind::Summary => 0.5,
        SectionKind::Skills => 0.4,
        SectionKind::Education | SectionKind::Certifications => 0.25,
        SectionKind::Other => 0.35,
    }
}

/// Worth of use in dated relevant positions: 0.7, rising to 1.0 at three years.
fn dated_worth(months: u32) -> f64 {
    0.7 + 0.3 * (f64::from(months) / 36.0).min(1.0)
}

/// What a skill last used at `last_used` keeps of its worth: all of it for two years, then
/// down to half at ten.
fn recency(last_used: Option<YearMonth>, as_of: YearMonth) -> f64 {
    let Some(last) = last_used else {
        return 1.0;
    };
    let years = (as_of.index() - last.index()) as f64 / 12.0;
    if years <= 2.0 {
        1.0
    } else {
        (1.0 - 0.5 * (years - 2.0) / 8.0).max(0.5)
    }
}

/// A piece of evidence for a competency: its worth and how a reader sees it.
struct Piece {
    worth: f64,
    shown: String,
    /// Not only named with a qualifier: evidence that the competency is there at all.
    strong: bool,
}

/// The evidence for one competency, strongest first.
fn pieces(engine: &Engine, competency: &FitCompetency, evaluation: &Evaluation) -> Vec<Piece> {
    let as_of = engine.options().as_of;
    let mut pieces: Vec<Piece> = Vec::new();
    for skill in &evaluation.skill_uses {
        if skill.stuffed
            || !competency.categories.iter().any(|c| **c == *skill.category)
                && !competency.skills.contains(&skill.skill)
        {
            continue;
        }
        let mut worth = skill
            .sections
            .iter()
            .map(|&s| section_worth(s))
            .fold(0.0, f64::max);
        if skill.months > 0 {
            worth = worth.max(dated_worth(skill.months));
        }
        if skill.weak {
            worth *= 0.3;
        }
        worth *= recency(skill.last_used, as_of);
        let shown = if skill.months > 0 {
            format!(
                "{} ({} months in dated positions)",
                skill.name, skill.months
            )
        } else {
            let sections: Vec<&str> = skill.sections.iter().map(|s| s.as_str()).collect();
            format!("{} ({})", skill.name, sections.join(", "))
        };
        pieces.push(Piece {
            worth,
            shown,
            strong: !skill.weak,
        });
    }
    let positions = evaluation.structure.positions();
    for flag in evaluation.flags.iter().chain(&evaluation.signals) {
        // Signals are not reported but are evidence all the same ("ETL", "stream processing").
        if !competency.rules.contains(&flag.rule) || !engine.may_score(&engine.rules()[flag.rule]) {
            continue;
        }
        let best = flag
            .evidence
            .iter()
            .map(|e| {
                let dated = e
                    .position
                    .and_then(|p| positions.get(p))
                    .filter(|p| p.relevant)
                    .map(|p| dated_worth(p.range.months(as_of)));
                (dated.unwrap_or(0.0).max(section_worth(e.section)), e)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((worth, evidence)) = best {
            pieces.push(Piece {
                worth,
                shown: format!(
                    "{}: {} ({})",
                    engine.rules()[flag.rule].id,
                    evidence.text,
                    evidence.section.as_str()
                ),
                strong: true,
            });
        }
    }
    pieces.sort_by(|a, b| {
        b.worth
            .total_cmp(&a.worth)
            .then_with(|| a.shown.cmp(&b.shown))
    });
    pieces
}

/// Strength 0..=1 of sorted pieces: weighed 1, ½, ¼, …, full at `depth` pieces of full worth.
fn strength(pieces: &[Piece], depth: u32) -> f64 {
    let full: f64 = (0..depth.max(1)).map(|i| 0.5f64.powi(i as i32)).sum();
    let got: f64 = pieces
        .iter()
        .enumerate()
        .map(|(i, p)| p.worth * 0.5f64.powi(i.min(60) as i32))
        .sum();
    (got / full).min(1.0)
}

/// The share of the points above `must_have_cap` a candidate without a must-have keeps.
const CAP_EXCESS_KEPT: f64 = 0.1;

/// How many pieces of evidence a breakdown entry shows.
const SHOWN_PIECES: usize = 4;

fn fit_components(engine: &Engine, fit: &FitModel, evaluation: &Evaluation) -> Vec<Component> {
    // The parts' maxima are scaled to sum to 100 when a pack's add up to more (a team pack that
    // adds a competency), so strong candidates are not clamped into a tie at 100.
    let total_max: f64 =
        fit.competencies.iter().map(|c| c.points).sum::<f64>() + fit.seniority + fit.flags;
    let scale = if total_max > 100.0 {
        100.0 / total_max
    } else {
        1.0
    };
    let mut components = Vec::new();
    let (mut earned, mut possible) = (0.0, 0.0);
    let mut missing: Vec<&str> = Vec::new();
    for competency in &fit.competencies {
        let pieces = pieces(engine, competency, evaluation);
        let strength = strength(&pieces, competency.depth);
        // A mention with a qualifier ("basic Django") is listed, not had: the cap stays, as
        // the matching yellow flag says.
        let lacking = competency.must_have && !pieces.iter().any(|p| p.strong && p.worth > 0.0);
        if lacking {
            missing.push(&competency.title);
        }
        let points = competency.points * scale * strength;
        earned += points;
        possible += competency.points * scale;
        components.push(Component {
            id: competency.id.clone(),
            title: competency.title.clone(),
            points,
            max: round1(competency.points * scale),
            evidence: pieces
                .into_iter()
                .take(SHOWN_PIECES)
                .map(|p| p.shown)
                .collect(),
            missing: lacking,
        });
    }
    let share = if possible > 0.0 {
        earned / possible
    } else {
        1.0
    };
    let years = evaluation.years;
    let seniority = if fit.seniority_years > 0.0 {
        (years / fit.seniority_years).clamp(0.0, 1.0).powf(0.75)
    } else {
        1.0
    };
    components.push(Component {
        id: "seniority".to_string(),
        title: "Relevant years (times the competency share)".to_string(),
        points: fit.seniority * scale * seniority * share,
        max: round1(fit.seniority * scale),
        evidence: vec![format!("{years:.1} years of relevant experience")],
        missing: false,
    });
    let (green, _) = totals(engine, evaluation);
    let flag_share = if engine.max_green() > 0.0 {
        (green / engine.max_green()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    components.push(Component {
        id: "flags".to_string(),
        title: "Green flags (times the competency share)".to_string(),
        points: fit.flags * scale * flag_share * share,
        max: round1(fit.flags * scale),
        evidence: flag_ids(engine, evaluation, |kind| kind == Kind::Green),
        missing: false,
    });
    let concerns: Vec<&crate::rules::engine::CompiledRule> = evaluation
        .flags
        .iter()
        .filter(|f| fit.concerns.contains(&f.rule))
        .map(|f| &engine.rules()[f.rule])
        .filter(|r| engine.is_scored(r))
        .collect();
    // The cap applies to what the evidence earned, before any concern, so a concern weighs the
    // same with the cap as without it.
    let earned_total: f64 = components.iter().map(|c| round1(c.points)).sum();
    let cap = (!missing.is_empty() && earned_total > fit.must_have_cap).then(|| {
        // Above the cap a tenth of the excess still counts, so capped candidates keep their
        // order among themselves instead of tying; one who also has the must-have scores at
        // least the whole total, which is more.
        Component {
            id: "must-have-cap".to_string(),
            title: format!("Capped near {} without a must-have", fit.must_have_cap),
            points: -(earned_total - fit.must_have_cap) * (1.0 - CAP_EXCESS_KEPT),
            max: 0.0,
            evidence: missing.iter().map(|m| format!("missing: {m}")).collect(),
            missing: false,
        }
    });
    let kept = earned_total + cap.as_ref().map_or(0.0, |c| round1(c.points));
    // A concern takes away at most what the evidence kept: a resume with evidence and a
    // concern is still no worse a fit than one with no evidence for the role at all, which
    // stands at 0. Below 0, "Python, but only in passing" ranked under every non-candidate.
    let concern_total = fit.concern_points * concerns.iter().map(|r| r.weight).sum::<f64>();
    components.push(Component {
        id: "concerns".to_string(),
        title: "Concerns (at most what the evidence kept)".to_string(),
        points: -round1(concern_total).min(round1(kept).max(0.0)),
        max: 0.0,
        evidence: concerns.iter().map(|r| r.id.clone()).collect(),
        missing: false,
    });
    components.extend(cap);
    components
}

/// Clamps a raw score into −100…100, rounded; NaN becomes 0. Validation keeps weights finite,
/// but a NaN score would serialize as `null` and sort first, so it is never let through.
fn bounded(raw: f64) -> f64 {
    if raw.is_nan() {
        return 0.0;
    }
    round1(raw.clamp(-100.0, 100.0))
}

/// The scored weights of a document's green flags and of its yellow flags.
pub fn totals(engine: &Engine, evaluation: &Evaluation) -> (f64, f64) {
    let (mut green, mut yellow) = (0.0, 0.0);
    for flag in &evaluation.flags {
        let rule = &engine.rules()[flag.rule];
        if !engine.is_scored(rule) {
            continue;
        }
        match rule.kind {
            Kind::Green => green += rule.weight,
            Kind::Yellow => yellow += rule.weight,
            Kind::Signal => {}
        }
    }
    (green, yellow)
}

/// What the ranking orders a candidate by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankKey<'a> {
    /// The score (higher first).
    pub score: f64,
    /// Number of yellow flags (fewer first).
    pub yellow: usize,
    /// SHA-256 of the file's bytes in lowercase hex: the order inside a tie. Unlike the file
    /// name, a candidate cannot pick it to sort first (a name starting with "A" would), and it
    /// does not change when the file is renamed or moved.
    pub content: &'a [u8],
    /// The path: only copies of one file reach it, and their order does not matter.
    pub path: &'a str,
}

/// The ranking order: score descending, then fewer yellow flags, then the content hash, then
/// path.
pub fn rank_order(a: RankKey<'_>, b: RankKey<'_>) -> Ordering {
    b.score
        .total_cmp(&a.score)
        .then(a.yellow.cmp(&b.yellow))
        .then_with(|| a.content.cmp(b.content))
        .then_with(|| a.path.cmp(b.path))
}

/// Competition ranks ("1, 2, 2, 4") of scores already in ranking order: equal scores share the
/// rank of the first of them, and the next score's rank counts everyone above it.
pub fn competition_ranks(scores: impl IntoIterator<Item = f64>) -> impl Iterator<Item = usize> {
    let mut previous: Option<(f64, usize)> = None;
    scores.into_iter().enumerate().map(move |(i, score)| {
        let rank = match previous {
            Some((last, rank)) if last.total_cmp(&score).is_eq() => rank,
            _ => i + 1,
        };
        previous = Some((score, rank));
        rank
    })
}

/// How many of `ranks` (competition ranks, in ranking order) a `--top n` cut keeps: the first
/// `n` and everyone tied with the last of them, so a cut never falls inside a tie.
pub fn top_with_ties(ranks: &[usize], n: usize) -> usize {
    ranks.iter().take_while(|&&rank| rank <= n).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key<'a>(score: f64, yellow: usize, content: &'a [u8], path: &'a str) -> RankKey<'a> {
        RankKey {
            score,
            yellow,
            content,
            path,
        }
    }

    #[test]
    fn ranks_by_score_then_yellows_then_content_then_path() {
        let (low, high) = ("1".repeat(64), "2".repeat(64));
        let mut items = [
            key(50.0, 1, low.as_bytes(), "b"),
            key(70.0, 3, high.as_bytes(), "z"),
            key(50.0, 0, high.as_bytes(), "c"),
            key(50.0, 1, low.as_bytes(), "a"),
            key(50.0, 1, high.as_bytes(), "0"),
        ];
        items.sort_by(|a, b| rank_order(*a, *b));
        let order: Vec<&str> = items.iter().map(|k| k.path).collect();
        assert_eq!(order, ["z", "c", "a", "b", "0"]);
    }

    #[test]
    fn the_order_inside_a_tie_follows_the_content_not_the_name() {
        let (first, second) = ("1a".repeat(32), "e0".repeat(32));
        for (name_of_first, name_of_second) in [("Zed.pdf", "Aaron.pdf"), ("Aaron.pdf", "Zed.pdf")]
        {
            let mut items = [
                key(42.0, 0, second.as_bytes(), name_of_second),
                key(42.0, 0, first.as_bytes(), name_of_first),
            ];
            items.sort_by(|a, b| rank_order(*a, *b));
            assert_eq!(
                items[0].content,
                first.as_bytes(),
                "renaming moved the candidate"
            );
        }
    }

    #[test]
    fn equal_scores_share_a_competition_rank() {
        let ranks: Vec<usize> =
            competition_ranks([90.0, 80.5, 80.5, 70.0, 70.0, 70.0, -3.0]).collect();
        assert_eq!(ranks, [1, 2, 2, 4, 4, 4, 7]);
        assert_eq!(competition_ranks([]).count(), 0);
    }

    #[test]
    fn a_top_cut_keeps_the_whole_tie_at_the_cut() {
        let ranks = [1, 2, 2, 4, 4, 4, 7];
        assert_eq!(top_with_ties(&ranks, 1), 1);
        assert_eq!(top_with_ties(&ranks, 2), 3);
        assert_eq!(top_with_ties(&ranks, 3), 3);
        assert_eq!(top_with_ties(&ranks, 4), 6);
        assert_eq!(top_with_ties(&ranks, 6), 6);
        assert_eq!(top_with_ties(&ranks, 7), 7);
        assert_eq!(top_with_ties(&ranks, 100), 7);
        assert_eq!(top_with_ties(&ranks, 0), 0);
    }

    #[test]
    fn scores_are_always_finite_and_bounded() {
        assert_eq!(bounded(f64::NAN), 0.0);
        assert_eq!(bounded(f64::INFINITY), 100.0);
        assert_eq!(bounded(f64::NEG_INFINITY), -100.0);
        assert_eq!(bounded(42.04), 42.0);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "packs must be validated")]
    fn a_non_finite_weight_trips_the_debug_assertion() {
        let (set, _) = crate::rules::RuleSet::load(&crate::rules::embedded_sources());
        let mut set = set.unwrap();
        let index = set
            .rules
            .iter()
            .position(|r| r.id == "specific-framework")
            .unwrap();
        set.rules[index].weight = f64::NAN;
        set.rules[index].weights.clear();
        // The share formula, which the fit model falls back to without a `[[fit]]`.
        set.fits.clear();
        let options = crate::rules::EngineOptions {
            role: crate::role::Role::Backend,
            score_sensitive: false,
            as_of: crate::rules::YearMonth {
                year: 2026,
                month: 6,
            },
        };
        let engine = Engine::new(&set, options);
        let doc = crate::normalize::Document::from_text("Built REST APIs in FastAPI and Django.");
        score(&engine, &engine.evaluate(&doc));
    }

    use crate::rules::engine::tests::engine_for;

    fn backend_engine() -> Engine {
        engine_for(crate::role::Role::Backend)
    }

    fn assess_text(engine: &Engine, text: &str) -> (f64, Vec<Component>) {
        let doc = crate::normalize::Document::from_text(text);
        assess(engine, &engine.evaluate(&doc))
    }

    fn points_of(components: &[Component], id: &str) -> f64 {
        components
            .iter()
            .find(|c| c.id == id)
            .map_or(0.0, |c| c.points)
    }

    const HEAD: &str = "Ada Byte\nada@example.com\n";

    /// A competency's rules count whether they are reported flags or signals: an ETL developer's
    /// "ETL" and "data warehouse" are ETL evidence, a student's "logistic regression" is ML
    /// evidence; and a signal kept to technical context does not give a monitoring competency
    /// to a nurse who monitors patients.
    #[test]
    fn signals_are_competency_evidence_in_technical_context() {
        let data = engine_for(crate::role::Role::Data);
        let etl = format!(
            "{HEAD}Experience\nETL Developer, Example Bank, Jan 2019 - Dec 2023\n\
             - Built ETL mappings in Informatica loading SQL Server tables into the data warehouse.\n"
        );
        let (_, components) = assess_text(&data, &etl);
        assert!(points_of(&components, "etl") > 5.0, "{components:?}");
        let devops = engine_for(crate::role::Role::Devops);
        let nurse = format!(
            "{HEAD}Experience\nNurse, Example Clinic, Jan 2019 - Dec 2023\n\
             - Monitoring of patients, alerting the doctor, keeping dashboards of medication.\n"
        );
        let (_, components) = assess_text(&devops, &nurse);
        assert_eq!(points_of(&components, "monitoring"), 0.0, "{components:?}");
        let sre = format!(
            "{HEAD}Experience\nSite Reliability Engineer, Example Cloud, Jan 2019 - Dec 2023\n\
             - Monitoring and alerting for Kubernetes services with Python automation.\n"
        );
        let (_, components) = assess_text(&devops, &sre);
        assert!(points_of(&components, "monitoring") > 5.0, "{components:?}");
        // Machine-learning methods by name are ML evidence before any framework is named; a
        // web developer's Python is not.
        let ml = engine_for(crate::role::Role::Ml);
        let student = format!(
            "{HEAD}Projects\nChurn prediction, Sep 2024 - Dec 2024\n\
             - Logistic regression and random forest models in Python, compared by ROC AUC.\n"
        );
        let (_, components) = assess_text(&ml, &student);
        assert!(points_of(&components, "ml-methods") > 3.0, "{components:?}");
        let web = format!(
            "{HEAD}Experience\nPython Developer, Example Shop, Jan 2019 - Dec 2023\n\
             - Built the checkout in Python and Flask.\n"
        );
        let (_, components) = assess_text(&ml, &web);
        assert_eq!(points_of(&components, "ml-methods"), 0.0, "{components:?}");
    }

    #[test]
    fn the_breakdown_sums_exactly_to_the_score() {
        let engine = backend_engine();
        for text in [
            "Experience\nBackend Engineer, Acme | 2018 - present\n- Django REST APIs on PostgreSQL, pytest, Docker\nSkills\nPython, Django, FastAPI, Redis",
            "Store manager. Sales, rota planning, stock control.",
            "Skills\nPython",
            "",
        ] {
            let (score, components) = assess_text(&engine, text);
            let sum = round1(components.iter().map(|c| c.points).sum());
            assert_eq!(score, sum, "{text:?}: {components:?}");
            for c in &components {
                assert_eq!(c.points, round1(c.points));
                assert!(c.max == 0.0 || c.points <= c.max + 1e-9, "{c:?}");
            }
        }
    }

    #[test]
    fn evidence_counts_by_where_it_stands() {
        let engine = backend_engine();
        let framework = |body: &str| {
            let (_, components) = assess_text(&engine, &format!("{HEAD}{body}"));
            points_of(&components, "web-framework")
        };
        let dated =
            framework("Experience\nDeveloper, Acme | 2019 - 2024\n- Built Django services\n");
        let projects = framework("Projects\n- Built a Django site for a club\n");
        let listed = framework("Skills\nPython, Django, SQL\n");
        let schooled = framework("Education\nBSc, State University, 2015 - 2018, Django module\n");
        assert!(
            dated > projects && projects > listed && listed > schooled && schooled > 0.0,
            "{dated} {projects} {listed} {schooled}"
        );
        let (_, components) = assess_text(&engine, "");
        let max = components
            .iter()
            .find(|c| c.id == "web-framework")
            .unwrap()
            .max;
        assert_eq!(dated, max, "five years of dated use is full strength");
    }

    #[test]
    fn recent_use_counts_more_than_use_long_ago() {
        let engine = backend_engine();
        let framework = |range: &str| {
            let text = format!("{HEAD}Experience\nDeveloper, Acme | {range}\n- Django services\n");
            points_of(&assess_text(&engine, &text).1, "web-framework")
        };
        assert!(framework("2021 - 2024") > framework("2008 - 2011"));
    }

    #[test]
    fn a_missing_must_have_caps_the_score() {
        let engine = backend_engine();
        let body = "Experience\nSenior Backend Engineer, Acme | 2012 - present\n\
                    - REST APIs in Python on PostgreSQL and Redis, 40,000 requests per second\n\
                    - pytest, mypy, Docker, Kubernetes, GitHub Actions, Prometheus\n\
                    - Led a team of six engineers\n";
        let (without, components) = assess_text(&engine, &format!("{HEAD}{body}"));
        let cap = engine.fit().unwrap().must_have_cap;
        assert!(without <= cap + 10.0, "{without} {components:?}");
        assert!(points_of(&components, "must-have-cap") < 0.0);
        let with = assess_text(&engine, &format!("{HEAD}{body}- Django admin tools\n")).0;
        assert!(with > without + 20.0, "{with} vs {without}");
    }

    /// Concerns take away what the evidence earned and no more: a student who names Python once
    /// scores 0 for ML, like a resume with no evidence for the role, never below it.
    #[test]
    fn concerns_never_take_a_fit_score_below_zero() {
        let engine = engine_for(crate::role::Role::Ml);
        let student = format!(
            "{HEAD}Summary\nComputer science student.\nEducation\nBSc Computer Science, 2022 - 2026\nCoursework: Python tutorial exercises\n"
        );
        let (score, components) = assess_text(&engine, &student);
        let concerns = points_of(&components, "concerns");
        assert!(concerns < 0.0, "{components:?}");
        assert!(score >= 0.0, "{score} {components:?}");
        let earned: f64 = components
            .iter()
            .filter(|c| c.id != "concerns" && c.id != "must-have-cap")
            .map(|c| c.points)
            .sum();
        // The concerns outweigh what the Python mention earned: they take exactly that.
        assert!(earned > 0.0, "{components:?}");
        assert_eq!(round1(concerns), -round1(earned), "{components:?}");
        assert_eq!(score, 0.0);
        let nothing = assess_text(&engine, &format!("{HEAD}Summary\nStore manager.\n")).0;
        assert_eq!(nothing, 0.0);
        assert!(score >= nothing);
    }

    #[test]
    fn a_weak_mention_of_a_must_have_does_not_lift_the_cap() {
        let engine = backend_engine();
        let (_, components) = assess_text(
            &engine,
            &format!("{HEAD}Experience\nBackend Engineer, Acme | 2012 - present\n- REST APIs in Python on PostgreSQL, pytest, Docker\nSkills\nbasic Django\n"),
        );
        assert!(
            points_of(&components, "must-have-cap") < 0.0,
            "{components:?}"
        );
    }

    #[test]
    fn the_maxima_add_up_to_at_most_100() {
        let engine = backend_engine();
        let (_, components) = assess_text(&engine, "");
        let total: f64 = components.iter().map(|c| c.max).sum();
        // Each maximum is rounded to one decimal, off by at most 0.05.
        let rounding = 0.05 * components.len() as f64 + 1e-9;
        assert!((total - 100.0).abs() <= rounding, "{total}");
    }

    #[test]
    fn years_and_flags_add_to_a_fit_and_do_not_make_one() {
        let engine = backend_engine();
        let (_, components) = assess_text(
            &engine,
            "Experience\nOffice Manager, Acme | 2006 - present\n- Led a team of 12, open source advocate\n",
        );
        assert_eq!(points_of(&components, "seniority"), 0.0);
        assert_eq!(points_of(&components, "flags"), 0.0);
    }

    #[test]
    fn rounds_to_one_decimal() {
        assert_eq!(round1(66.666), 66.7);
        assert_eq!(round1(0.04), 0.0);
    }
}
