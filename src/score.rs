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
