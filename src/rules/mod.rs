//! Rule stage: the packs (skills catalogue, flag rules, scorecard), their loading and validation
//! ([`set`]), and their compilation and evaluation over documents ([`engine`]).

pub mod engine;
pub mod file;
pub mod pattern;
pub mod protected;
pub mod set;

pub use crate::structure::YearMonth;
pub use engine::{
    Engine, EngineOptions, Evaluation, Evidence, FitCompetency, FitModel, Flag, OverBudget,
};
pub use set::{Diagnostic, Lint, PackSource, RuleSet, Severity};

/// The default packs, embedded in the binary; loaded in this order before any `--rules` pack.
pub const EMBEDDED_PACKS: &[(&str, &str)] = &[
    ("rules/skills.toml", include_str!("../../rules/skills.toml")),
    (
        "rules/python-core.toml",
        include_str!("../../rules/python-core.toml"),
    ),
    ("rules/roles.toml", include_str!("../../rules/roles.toml")),
];

/// The embedded packs as sources.
pub fn embedded_sources() -> Vec<PackSource> {
    EMBEDDED_PACKS
        .iter()
        .map(|(name, text)| PackSource {
            name: (*name).to_string(),
            text: (*text).to_string(),
            embedded: true,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_packs_load_without_any_diagnostic() {
        let (set, diagnostics) = RuleSet::load(&embedded_sources());
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        let set = set.expect("embedded packs load");
        for id in [
            "specific-framework",
            "production-scale",
            "type-hints",
            "testing-framework",
            "generic-python",
            "tutorial-only",
            "python2-only",
            "no-web-framework",
        ] {
            assert!(
                set.rules.iter().any(|r| r.id == id),
                "missing fixed rule id {id}"
            );
        }
    }

    #[test]
    fn every_pack_in_rules_folder_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| format!("rules/{}", e.unwrap().file_name().to_string_lossy()))
            .filter(|name| name.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = EMBEDDED_PACKS.iter().map(|(n, _)| n.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
    }
}
