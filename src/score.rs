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
    round1((100.0 * (green - yellow) / max).clamp(-100.0, 100.0))
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
    fn rounds_to_one_decimal() {
        assert_eq!(round1(66.666), 66.7);
        assert_eq!(round1(0.04), 0.0);
    }
}
