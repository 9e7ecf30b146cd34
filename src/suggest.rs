//! Closest-name suggestions for typos: a mistyped subcommand, an unknown skill, category or rule
//! id. Shared by argument parsing and pack checks, so it sits below both.

/// Levenshtein distance over characters (names are short, so the quadratic table is fine).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// `" (did you mean 'x'?)"` for the candidate closest to `word`, when one is close enough to be
/// a likely typo; empty otherwise. Case, `_` and spaces for `-` count as no edit at all.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let fold = |s: &str| s.to_lowercase().replace(['_', ' '], "-");
    let folded = fold(word);
    let allowed = match folded.chars().count() {
        0..=4 => 1,
        5..=9 => 2,
        _ => 3,
    };
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(&folded, &fold(candidate)), candidate))
        .filter(|&(distance, _)| distance <= allowed)
        .min()
        .map_or_else(String::new, |(_, best)| {
            format!(" (did you mean '{best}'?)")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        assert_eq!(edit_distance("screen", "screen"), 0);
        assert_eq!(edit_distance("scren", "screen"), 1);
        assert_eq!(edit_distance("sceern", "screen"), 2);
        assert_eq!(edit_distance("", "test"), 4);
    }

    #[test]
    fn suggestions_are_offered_for_near_misses_only() {
        let names = ["web-frameworks", "databases", "testing"];
        assert_eq!(
            did_you_mean("web_framework", names),
            " (did you mean 'web-frameworks'?)"
        );
        assert_eq!(did_you_mean("Testng", names), " (did you mean 'testing'?)");
        assert_eq!(did_you_mean("kubernetes", names), "");
    }
}
