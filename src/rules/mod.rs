//! Rule stage: the packs (skills catalogue, flag rules, scorecard), their loading and validation
//! ([`set`]), and their compilation and evaluation over documents ([`engine`]).

pub mod engine;
pub mod file;
pub mod set;
pub mod years;

pub use engine::{Engine, EngineOptions, Evaluation, Evidence, Flag};
pub use set::{Diagnostic, PackSource, RuleSet, Severity};
pub use years::YearMonth;

/// The default packs, embedded in the binary; loaded in this order before any `--rules` pack.
pub const EMBEDDED_PACKS: &[(&str, &str)] = &[
    ("rules/skills.toml", include_str!("../../rules/skills.toml")),
    (
        "rules/python-core.toml",
        include_str!("../../rules/python-core.toml"),
    ),
];

/// The embedded packs as sources.
pub fn embedded_sources() -> Vec<PackSource> {
    EMBEDDED_PACKS
        .iter()
        .map(|(name, text)| PackSource {
            name: (*name).to_string(),
            text: (*text).to_string(),
        })
        .collect()
}
