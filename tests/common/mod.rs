//! Helpers shared by the end-to-end test binaries (each `tests/*.rs` file is its own binary and
//! uses some of them).
#![allow(dead_code)]

use assert_cmd::Command;

/// The reference date every run that depends on "today" is pinned to.
pub const AS_OF: &str = "2026-06-30";

/// The `resume-screen` binary of this build.
pub fn bin() -> Command {
    Command::cargo_bin("resume-screen").expect("binary builds")
}

/// A JSON report as a value with `summary.elapsed_ms` zeroed: the one field two runs over the
/// same inputs may differ in.
pub fn comparable(report: &[u8]) -> serde_json::Value {
    let mut value: serde_json::Value = serde_json::from_slice(report).unwrap_or_else(|e| {
        panic!(
            "not a JSON report ({e}): {}",
            String::from_utf8_lossy(report)
        )
    });
    value["summary"]["elapsed_ms"] = 0.into();
    value
}

/// The records of a JSON Lines report.
pub fn jsonl(report: &[u8]) -> Vec<serde_json::Value> {
    report
        .split(|&b| b == b'\n')
        .filter(|line| !line.is_empty())
        .map(|line| serde_json::from_slice(line).expect("a JSON Lines record"))
        .collect()
}

/// Writes a team pack that replaces `testing-framework` with a pytest-only rule of weight 5 into
/// `dir`, and returns its path.
pub fn write_pytest_override_pack(dir: &std::path::Path) -> std::path::PathBuf {
    let pack = dir.join("team.toml");
    std::fs::write(
        &pack,
        r#"[pack]
id = "team"
version = "1"

[[rule]]
id = "testing-framework"
kind = "green"
title = "Uses pytest specifically"
category = "testing"
weight = 5
skills = ["pytest"]
"#,
    )
    .unwrap();
    pack
}
