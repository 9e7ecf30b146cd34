//! End-to-end tests of input validation: rule packs (numbers, patterns) and text decoding.

mod common;

use common::{bin, AS_OF};

const RULE: &str = "[pack]\nid = \"team\"\nversion = \"1\"\n\n[[rule]]\nid = \"fastapi-named\"\nkind = \"green\"\ntitle = \"Names FastAPI\"\ncategory = \"frameworks\"\nphrases = [\"fastapi\"]\n";

fn pack(dir: &tempfile::TempDir, body: &str) -> std::path::PathBuf {
    let path = dir.path().join("team.toml");
    std::fs::write(&path, format!("{RULE}{body}")).unwrap();
    path
}

#[test]
fn non_finite_weights_are_errors_and_block_screening() {
    let dir = tempfile::tempdir().unwrap();
    for (body, at) in [
        ("weight = nan\n", "team.toml:11:10: error: `weight` is nan"),
        ("weight = inf\n", "team.toml:11:10: error: `weight` is inf"),
        (
            "weight = 1\nmin_years = nan\n",
            "team.toml:12:13: error: `min_years` is nan",
        ),
        (
            "weight = 1\nweights = { data = -inf }\n",
            "team.toml:12:20: error: `data` is -inf",
        ),
    ] {
        let path = pack(&dir, body);
        let out = bin()
            .args(["rules", "check", "--rules"])
            .arg(&path)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{body}: {stdout}");
        assert!(stdout.contains(at), "{body}: {stdout}");

        let out = bin()
            .args(["screen", "fixtures/resumes/generic-python.txt", "--quiet"])
            .args(["--as-of", AS_OF, "--rules"])
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{body}: {stderr}");
        assert!(out.stdout.is_empty(), "{body}: no report is written");
        assert!(stderr.contains(at), "{body}: {stderr}");
    }
}

#[test]
fn replaced_invalid_utf8_bytes_are_noted_on_the_candidate_and_by_extract() {
    let out = bin()
        .args(["screen", "fixtures/resumes/utf8-stray-byte.txt", "--quiet"])
        .args(["--as-of", AS_OF, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["candidates"][0]["notes"],
        serde_json::json!(["1 invalid UTF-8 byte replaced with U+FFFD"])
    );
    let out = bin()
        .args(["screen", "fixtures/resumes/windows-1252.txt", "--quiet"])
        .args(["--as-of", AS_OF, "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["candidates"][0].get("notes").is_none(), "{report}");

    let out = bin()
        .args(["extract", "fixtures/resumes/utf8-stray-byte.txt"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("utf8-stray-byte.txt: 1 invalid UTF-8 byte replaced with U+FFFD"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Zakopane Travel | 2016 \u{2013} 2019"),
        "{stdout}"
    );
    assert!(stdout.contains("routing rules.\u{fffd}"), "{stdout}");
}

#[test]
fn twenty_huge_patterns_are_warnings_and_fail_strict_checks() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("[pack]\nid = \"team\"\nversion = \"1\"\n");
    for i in 0..20 {
        text.push_str(&format!(
            "\n[[rule]]\nid = \"slow-{i}\"\nkind = \"green\"\ntitle = \"T\"\ncategory = \"c\"\n\
             weight = 1\npatterns = ['e[a-z ]{{{}}}q']\n",
            60_000 + i
        ));
    }
    let path = dir.path().join("team.toml");
    std::fs::write(&path, text).unwrap();
    for (strict, code) in [(false, 0), (true, 1)] {
        let out = bin()
            .args(["rules", "check", "--rules"])
            .arg(&path)
            .args(strict.then_some("--strict"))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(code), "{stdout}");
        let costly: Vec<&str> = stdout.lines().filter(|l| l.contains("is costly")).collect();
        assert_eq!(costly.len(), 20, "{stdout}");
        assert!(costly[0].contains("team.toml:11:13: warning: pattern in rule 'slow-0'"));
        assert!(
            costly[0].contains("compiles to more than 256 KiB"),
            "{stdout}"
        );
        assert!(costly[0].contains("ms per KB of resume text"), "{stdout}");
    }
}
