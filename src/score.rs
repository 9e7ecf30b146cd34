//! Scoring and ranking. The score is a share of the greens a resume could earn, less its yellows:
//! `100 × (Σ green − Σ yellow) ÷ Σ all greens in force`, clamped to −100…100 and rounded to one
//! decimal so output is stable across platforms. It goes negative when yellow flags outweigh
//! green ones, so a resume with concerns ranks below one with nothing to say. Sensitive rules
//! count only when asked to.

use crate::rules::file::Kind;
use crate::rules::{Engine, Evaluation};
use std::cmp::Ordering;

/// The score of an evaluated document under the engine's role and options.
pub fn score(engine: &Engine, evaluation: &Evaluation) -> f64 {
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
    bounded(raw)
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

/// Rounds to one decimal place.
pub fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// The ranking order: score descending, then fewer yellow flags, then path.
pub fn rank_order(a: (f64, usize, &str), b: (f64, usize, &str)) -> Ordering {
    b.0.total_cmp(&a.0)
        .then(a.1.cmp(&b.1))
        .then_with(|| a.2.cmp(b.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_by_score_then_yellows_then_path() {
        let mut items = vec![
            (50.0, 1, "b"),
            (70.0, 3, "z"),
            (50.0, 0, "c"),
            (50.0, 1, "a"),
        ];
        items.sort_by(|a, b| rank_order(*a, *b));
        assert_eq!(
            items,
            vec![
                (70.0, 3, "z"),
                (50.0, 0, "c"),
                (50.0, 1, "a"),
                (50.0, 1, "b")
            ]
        );
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

    #[test]
    fn rounds_to_one_decimal() {
        assert_eq!(round1(66.666), 66.7);
        assert_eq!(round1(0.04), 0.0);
    }
}
