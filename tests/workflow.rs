//! Blind review (`--redact`) and duplicate submissions, end to end.

mod common;

use common::{bin, comparable, jsonl, AS_OF};
use regex::Regex;

/// Every e-mail address and 555-style phone number written in the fixture resumes.
fn contact_data() -> Vec<String> {
    let email = Regex::new(r"[\w.+-]+@[\w-]+\.[\w.]+").unwrap();
    let phone = Regex::new(r"(?:\+1[ .-]?)?(?:\(555\)|555)[ .-]?\d{3,4}(?:[ .-]\d{4})?").unwrap();
    let mut found = Vec::new();
    for entry in std::fs::read_dir("fixtures/resumes").unwrap() {
        let path = entry.unwrap().path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        found.extend(email.find_iter(&text).map(|m| m.as_str().to_string()));
        found.extend(phone.find_iter(&text).map(|m| m.as_str().to_string()));
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn redacted_reports_leak_no_contact_data_in_any_format() {
    let secrets = contact_data();
    assert!(
        secrets.len() >= 20,
        "the fixtures hold contact data to hide"
    );
    for format in ["json", "jsonl", "csv"] {
        let out = bin()
            .args([
                "screen",
                "fixtures/resumes",
                "--redact",
                "--quiet",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(!report.is_empty());
        for secret in &secrets {
            assert!(
                !report.contains(secret.as_str()),
                "{format} report leaks {secret}"
            );
        }
        assert!(
            !report.contains("fixtures/resumes/"),
            "{format} report shows file names"
        );
    }
    let out = bin()
        .args(["screen", "fixtures/resumes", "--redact", "--quiet"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["settings"]["redact"], true);
    let candidate = &report["candidates"][0];
    assert!(candidate["path"].as_str().unwrap().starts_with("cand-"));
    // Rules still saw the full text: the redacted run ranks exactly like the plain one.
    let plain = bin()
        .args(["screen", "fixtures/resumes", "--quiet"])
        .output()
        .unwrap();
    let plain: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    let scores = |r: &serde_json::Value| -> Vec<f64> {
        r["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["score"].as_f64().unwrap())
            .collect()
    };
    assert_eq!(scores(&report), scores(&plain));
}

/// Three copies of one resume (same bytes; same text reflowed under another name) and another.
fn duplicate_submissions() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string("fixtures/resumes/senior-backend-fastapi.txt").unwrap();
    std::fs::write(dir.path().join("alex.txt"), &original).unwrap();
    std::fs::write(dir.path().join("alex-copy.txt"), &original).unwrap();
    // The same text with other line breaks and spacing, under another name and extension.
    let reflowed = original.replace('\n', "\n\n").replace(", ", ",  ");
    std::fs::write(dir.path().join("resume-final.md"), reflowed).unwrap();
    std::fs::write(
        dir.path().join("other.txt"),
        std::fs::read_to_string("fixtures/resumes/generic-python.txt").unwrap(),
    )
    .unwrap();
    dir
}

#[test]
fn duplicate_submissions_are_marked_on_both_not_merged() {
    let dir = duplicate_submissions();
    let out = bin()
        .args(["screen", "--quiet"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let candidates = report["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), 4, "duplicates are kept, not merged");
    let mark = |name: &str| -> Option<String> {
        let c = candidates
            .iter()
            .find(|c| c["path"].as_str().unwrap().ends_with(name))
            .unwrap();
        c["duplicate_of"].as_str().map(|p| {
            std::path::Path::new(p)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
    };
    assert_eq!(mark("alex-copy.txt").as_deref(), Some("alex.txt"));
    assert_eq!(mark("alex.txt").as_deref(), Some("alex-copy.txt"));
    assert_eq!(mark("resume-final.md").as_deref(), Some("alex-copy.txt"));
    assert_eq!(mark("other.txt"), None);
}

#[test]
fn streamed_duplicates_point_back_and_merge_completes_the_marks() {
    let dir = duplicate_submissions();
    let streamed = bin()
        .args([
            "screen",
            "--quiet",
            "--no-rank",
            "--format",
            "jsonl",
            "--as-of",
            AS_OF,
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(streamed.status.code(), Some(0));
    let records = jsonl(&streamed.stdout);
    // Records come in the order files finish: the first copy to finish is unmarked and the two
    // later ones point at it.
    let marked: Vec<&serde_json::Value> = records
        .iter()
        .filter(|r| r.get("duplicate_of").is_some())
        .collect();
    assert_eq!(marked.len(), 2, "{records:?}");
    let first = marked[0]["duplicate_of"].as_str().unwrap();
    assert!(marked.iter().all(|r| r["duplicate_of"] == first));
    assert!(records
        .iter()
        .any(|r| r["path"] == first && r.get("duplicate_of").is_none()));

    // Merged, the stream gives the ranked report of one run, marks on every copy.
    let shards = tempfile::tempdir().unwrap();
    let shard = shards.path().join("shard.jsonl");
    std::fs::write(&shard, &streamed.stdout).unwrap();
    let merged = bin()
        .args(["merge", "--as-of", AS_OF])
        .arg(&shard)
        .output()
        .unwrap();
    let ranked = bin()
        .args(["screen", "--quiet", "--as-of", AS_OF])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(comparable(&merged.stdout), comparable(&ranked.stdout));
}

#[test]
fn redacted_copies_keep_their_own_ids_and_unreadable_paths_their_names_hidden() {
    let dir = duplicate_submissions();
    // A broken link named like its owner: the walk cannot read it.
    std::os::unix::fs::symlink(
        dir.path().join("gone.pdf"),
        dir.path().join("Jane_Doe_CV.pdf"),
    )
    .unwrap();
    let streamed = bin()
        .args([
            "screen",
            "--quiet",
            "--redact",
            "--no-rank",
            "--format",
            "jsonl",
        ])
        .args(["--as-of", AS_OF])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&streamed.stdout);
    assert!(!text.contains("Jane_Doe"), "{text}");
    let records: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Five inputs, five distinct ids: the two byte-identical copies are not one record.
    assert_eq!(records[0]["type"], "header");
    assert_eq!(records[0]["settings"]["redact"], true);
    let mut ids: Vec<&str> = records[1..]
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5, "{ids:?}");
    assert!(ids.iter().any(|id| id.starts_with("input-")), "{ids:?}");

    // Merged, every input is still there, and no copy is marked a duplicate of itself.
    let shards = tempfile::tempdir().unwrap();
    let shard = shards.path().join("blind.jsonl");
    std::fs::write(&shard, &streamed.stdout).unwrap();
    let merged = bin()
        .args(["merge", "--redact", "--as-of", AS_OF])
        .arg(&shard)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&merged.stdout).unwrap();
    assert_eq!(report["summary"]["inputs"], 5, "{report}");
    for candidate in report["candidates"].as_array().unwrap() {
        assert_ne!(candidate["duplicate_of"], candidate["path"], "{candidate}");
    }
}
