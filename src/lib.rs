//! resume-screen: fast, offline, explainable screening of resumes for Python developer roles.
//!
//! The pipeline has one module per stage, each usable on its own from tests and benches:
//! [`walk`] (discover inputs) → [`extract`] (bytes to text, isolated and time-limited) →
//! [`normalize`] (NFKC, de-hyphenation, whitespace, line/page index) → [`rules`] (match and
//! evaluate the packs) → [`score`] (score and rank) → [`report`] (JSON, JSON Lines, CSV).
//! [`pipeline`] ties them together for a batch; the binary in `main.rs` only parses arguments.

pub mod app;
pub mod cli;
pub mod commands;
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
pub mod walk;
