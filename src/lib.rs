//! resume-screen: fast, offline, explainable screening of resumes for Python developer roles.
//!
//! The pipeline has one module per stage, each usable on its own from tests and benches:
//! [`walk`] (discover inputs) → [`extract`] (bytes to text, isolated and time-limited) →
//! [`normalize`] (NFKC, de-hyphenation, whitespace, line/page index) → [`structure`] (sections,
//! dated positions, relevant years) → [`rules`] (match and evaluate the packs) → [`score`]
//! (score and rank) → [`report`] (JSON, JSON Lines, CSV).
//! [`pipeline`] ties them together, one file at a time ([`pipeline::process_file`], which every
//! command that reads resumes goes through) and for a batch; [`app`] and [`commands`] only parse
//! arguments and print. Shared leaves ([`exit`], [`suggest`], [`rules::pattern`]) sit below
//! every stage, so no module imports one that imports it back.

pub mod app;
pub mod cli;
pub mod commands;
pub mod contact;
pub mod exit;
pub mod extract;
pub mod integrity;
pub mod normalize;
pub mod pipeline;
pub mod redact;
pub mod report;
pub mod role;
pub mod rules;
pub mod score;
pub mod structure;
pub mod suggest;
pub mod walk;
