//! The report schema of DESIGN.md as `deny_unknown_fields` types: a field added, renamed or
//! dropped in the report fails these tests, so the schema cannot drift silently.

#![allow(dead_code)]

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub role: String,
    pub rules: Rules,
    pub settings: Settings,
    pub summary: Summary,
    pub candidates: Vec<Candidate>,
    pub errors: Vec<ErrorEntry>,
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub packs: Vec<Pack>,
    pub fingerprint: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    pub id: String,
    pub version: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub as_of: String,
    pub score_sensitive: bool,
    pub redact: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub inputs: usize,
    pub screened: usize,
    pub failed: usize,
    pub skipped: usize,
    pub elapsed_ms: u64,
    /// Present (and above zero) only when `--top` kept candidates tied at the cut.
    #[serde(default)]
    pub kept_for_ties: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    #[serde(rename = "type", default)]
    pub record_type: Option<String>,
    pub rank: usize,
    pub path: String,
    pub path_bytes: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub sha256: String,
    pub format: String,
    pub extractor: String,
    pub score: f64,
    pub breakdown: Vec<Component>,
    pub green: Vec<Flag>,
    pub yellow: Vec<Flag>,
    pub experience: Experience,
    pub skills: BTreeMap<String, Vec<Skill>>,
    pub scorecard: BTreeMap<String, u8>,
    #[serde(default)]
    pub notes: Vec<String>,
    pub duplicate_of: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Experience {
    pub years: f64,
    pub positions: Vec<Position>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub title: String,
    pub employer: String,
    pub from: String,
    pub to: String,
    pub months: u32,
    pub relevant: bool,
    pub line: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    pub name: String,
    pub months: u32,
    pub last_used: Option<String>,
    pub sections: Vec<String>,
    #[serde(default)]
    pub weak: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flag {
    pub id: String,
    pub title: String,
    pub category: String,
    pub weight: f64,
    #[serde(default)]
    pub sensitive: bool,
    pub evidence: Vec<Evidence>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub text: String,
    pub line: u32,
    pub page: Option<u32>,
    pub snippet: String,
    pub section: String,
    pub position: Option<usize>,
    pub how: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorEntry {
    #[serde(rename = "type", default)]
    pub record_type: Option<String>,
    pub path: String,
    pub path_bytes: Option<String>,
    pub kind: String,
    pub message: String,
}

/// The first record of a JSON Lines report: the report's header without the summary.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderRecord {
    #[serde(rename = "type")]
    pub record_type: String,
    pub schema_version: u32,
    pub tool: Tool,
    pub role: String,
    pub rules: Rules,
    pub settings: Settings,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skipped {
    #[serde(rename = "type", default)]
    pub record_type: Option<String>,
    pub path: String,
    pub path_bytes: Option<String>,
    pub reason: String,
}

/// One part of a score.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub id: String,
    pub title: String,
    pub points: f64,
    pub max: f64,
    pub evidence: Vec<String>,
    #[serde(default)]
    pub missing: bool,
}
