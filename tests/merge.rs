//! `merge`: shards screened separately as JSON Lines and merged give the report one `screen` run
//! over all the inputs gives (apart from `elapsed_ms`).

mod common;

use common::{bin, AS_OF};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Mutex, OnceLock};

/// Runs the binary. Outputs are cached by arguments: every run here is deterministic (apart from
/// `elapsed_ms`) and one run costs over a second in a debug build, so tests share them.
fn run(args: &[&str]) -> Output {
    static CACHE: Mutex<BTreeMap<Vec<String>, Output>> = Mutex::new(BTreeMap::new());
    let key: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    if let Some(out) = CACHE.lock().unwrap().get(&key) {
        return out.clone();
    }
    let out = bin().args(args).output().unwrap();
    CACHE.lock().unwrap().insert(key, out.clone());
    out
}

/// A folder for this test process's files, under Cargo's temp folder for integration tests
/// (statics are never dropped, so the folders of earlier runs are removed after an hour).
fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"));
        for entry in std::fs::read_dir(root).into_iter().flatten().flatten() {
            let stale = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 3600);
            if stale && entry.file_name().to_string_lossy().starts_with("merge-") {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        let dir = root.join(format!("merge-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The text fixtures, sorted, as strings.
fn resumes() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir("fixtures/resumes")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    files.sort();
    assert!(files.len() >= 10, "expected the text fixtures");
    files
}

/// Odd and even files, each screened with `screen --format jsonl` (plus `extra` flags) into a
/// shard; made once per set of flags.
fn shards(extra: &[&str]) -> Vec<PathBuf> {
    static MADE: Mutex<BTreeMap<Vec<String>, Vec<PathBuf>>> = Mutex::new(BTreeMap::new());
    let key: Vec<String> = extra.iter().map(|a| a.to_string()).collect();
    let mut made = MADE.lock().unwrap();
    if let Some(paths) = made.get(&key) {
        return paths.clone();
    }
    let dir = scratch().join(format!("shards{}", key.concat()));
    std::fs::create_dir_all(&dir).unwrap();
    let files = resumes();
    let halves: [Vec<&str>; 2] = [
        files.iter().step_by(2).map(String::as_str).collect(),
        files
            .iter()
            .skip(1)
            .step_by(2)
            .map(String::as_str)
            .collect(),
    ];
    let mut paths = Vec::new();
    for (i, half) in halves.iter().enumerate() {
        let shard = dir.join(format!("shard-{i}.jsonl"));
        let mut args = vec!["screen", "--format", "jsonl", "--as-of", AS_OF, "--quiet"];
        args.extend(extra);
        args.push("-o");
        args.push(shard.to_str().unwrap());
        args.extend(half);
        let out = run(&args);
        assert!(code(&out) <= 1, "screen failed: {}", stderr(&out));
        paths.push(shard);
    }
    made.insert(key, paths.clone());
    paths
}

fn merge(shards: &[PathBuf], extra: &[&str]) -> Output {
    let mut args = vec!["merge", "--as-of", AS_OF];
    args.extend(extra);
    args.extend(shards.iter().map(|p| p.to_str().unwrap()));
    run(&args)
}

/// One run over the files of both shards, named as the shards name them (a walk of the folder
/// would also list its expectation files as skipped, which named files never are).
fn single_run(extra: &[&str]) -> Output {
    let files = resumes();
    let mut args = vec!["screen", "--as-of", AS_OF, "--quiet"];
    args.extend(files.iter().map(String::as_str));
    args.extend(extra);
    run(&args)
}

/// The report a run printed, as [`common::comparable`] gives it.
fn comparable(out: &Output) -> serde_json::Value {
    assert!(!out.stdout.is_empty(), "no report: {}", stderr(out));
    common::comparable(&out.stdout)
}

#[test]
fn merged_shards_equal_one_run_as_json() {
    let shards = shards(&[]);
    let merged = merge(&shards, &[]);
    let single = single_run(&[]);
    assert_eq!(code(&merged), code(&single), "{}", stderr(&merged));
    let (merged, single) = (comparable(&merged), comparable(&single));
    assert!(single["candidates"].as_array().unwrap().len() >= 10);
    assert_eq!(merged, single);
}

#[test]
fn merged_shards_equal_one_run_as_csv_and_jsonl() {
    let shards = shards(&[]);
    for format in ["csv", "jsonl"] {
        let merged = merge(&shards, &["--format", format]);
        let single = single_run(&["--format", format]);
        assert_eq!(code(&merged), code(&single), "{}", stderr(&merged));
        assert!(!single.stdout.is_empty());
        assert!(
            merged.stdout == single.stdout,
            "{format} differs:\n--- merged\n{}\n--- single\n{}",
            String::from_utf8_lossy(&merged.stdout),
            String::from_utf8_lossy(&single.stdout)
        );
    }
}

#[test]
fn trimming_applies_after_ranking_like_screen() {
    let shards = shards(&[]);
    for trim in [&["--top", "3"][..], &["--min-score", "40"], &["--top", "0"]] {
        let merged = comparable(&merge(&shards, trim));
        let single = comparable(&single_run(trim));
        assert_eq!(merged, single, "with {trim:?}");
    }
}

#[test]
fn header_follows_the_merge_flags() {
    let shards = shards(&["--score-sensitive"]);
    let merged = comparable(&merge(&shards, &["--score-sensitive"]));
    let single = comparable(&single_run(&["--score-sensitive"]));
    assert_eq!(merged, single);
    assert_eq!(merged["settings"]["score_sensitive"], true);
    assert_eq!(merged["settings"]["as_of"], single["settings"]["as_of"]);

    let out = merge(&shards, &["--role", "data", "--redact"]);
    let report = comparable(&out);
    assert_eq!(report["role"], "data");
    assert_eq!(report["settings"]["redact"], true);
}

#[test]
fn unranked_shards_in_any_order_merge_to_the_ranked_report() {
    let dir = tempfile::tempdir().unwrap();
    // Made by hand, so this holds whatever `screen --no-rank` does: ranks 0, order reversed.
    let ranked = shards(&[]);
    let mut unranked = Vec::new();
    for (i, shard) in ranked.iter().enumerate() {
        let text = std::fs::read_to_string(shard).unwrap();
        let mut lines: Vec<String> = text
            .lines()
            .map(|line| {
                let mut record: serde_json::Value = serde_json::from_str(line).unwrap();
                if record["type"] == "candidate" {
                    record["rank"] = 0.into();
                }
                serde_json::to_string(&record).unwrap()
            })
            .collect();
        lines.reverse();
        let path = dir.path().join(format!("unranked-{i}.jsonl"));
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        unranked.push(path);
    }
    assert_eq!(
        comparable(&merge(&unranked, &[])),
        comparable(&single_run(&[]))
    );
}

#[test]
fn no_rank_shards_from_screen_merge_to_the_ranked_report() {
    let shards = shards(&["--no-rank"]);
    for format in ["json", "csv"] {
        let merged = merge(&shards, &["--format", format]);
        let single = single_run(&["--format", format]);
        if format == "json" {
            assert_eq!(comparable(&merged), comparable(&single));
        } else {
            assert_eq!(
                String::from_utf8_lossy(&merged.stdout),
                String::from_utf8_lossy(&single.stdout)
            );
        }
    }
}

#[test]
fn stdin_shard_and_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let shards = shards(&[]);
    let output = dir.path().join("merged.json");
    let out = bin()
        .args(["merge", "--as-of", AS_OF, "-o", output.to_str().unwrap()])
        .arg(&shards[0])
        .arg("-")
        .write_stdin(std::fs::read(&shards[1]).unwrap())
        .output()
        .unwrap();
    assert!(out.stdout.is_empty(), "the report goes to -o only");
    let single = single_run(&[]);
    assert_eq!(code(&out), code(&single), "{}", stderr(&out));
    let merged = common::comparable(&std::fs::read(&output).unwrap());
    assert_eq!(merged, comparable(&single));
}

#[test]
fn duplicate_paths_keep_the_first_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let shards = shards(&[]);
    // The first shard's first record again, with another score: the first one must win.
    let first = std::fs::read_to_string(&shards[0]).unwrap();
    let mut record: serde_json::Value =
        serde_json::from_str(first.lines().next().unwrap()).unwrap();
    let path = record["path"].as_str().unwrap().to_string();
    record["score"] = (-99.0).into();
    let extra = dir.path().join("again.jsonl");
    std::fs::write(&extra, serde_json::to_string(&record).unwrap() + "\n").unwrap();

    let all = [shards[0].clone(), shards[1].clone(), extra.clone()];
    let out = merge(&all, &[]);
    let err = stderr(&out);
    assert!(err.contains("warning"), "{err}");
    assert!(err.contains(&path), "{err}");
    assert!(err.contains(&format!("{}:1", extra.display())), "{err}");
    assert_eq!(comparable(&out), comparable(&single_run(&[])));
}

#[test]
fn exit_codes_follow_the_merged_errors() {
    let dir = tempfile::tempdir().unwrap();
    let shard = dir.path().join("ok.jsonl");
    let out = run(&[
        "screen",
        "--format",
        "jsonl",
        "--quiet",
        "-o",
        shard.to_str().unwrap(),
        "fixtures/resumes/generic-python.txt",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let merged = merge(std::slice::from_ref(&shard), &[]);
    assert_eq!(code(&merged), 0, "{}", stderr(&merged));
    assert_eq!(comparable(&merged)["summary"]["failed"], 0);

    let failing = dir.path().join("failing.jsonl");
    std::fs::write(
        &failing,
        "{\"type\":\"error\",\"path\":\"x.pdf\",\"kind\":\"no_text\",\"message\":\"run OCR\"}\n",
    )
    .unwrap();
    let merged = merge(&[shard, failing], &["--format", "csv"]);
    assert_eq!(code(&merged), 1, "{}", stderr(&merged));
    let csv = String::from_utf8(merged.stdout).unwrap();
    assert!(csv.contains(",x.pdf,,,,no_text: run OCR,"), "{csv}");
}

#[test]
fn bad_input_names_file_and_line_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let shards = shards(&[]);
    let good = std::fs::read_to_string(&shards[0]).unwrap();
    let first = good.lines().next().unwrap();
    let cases = [
        (
            "truncated.jsonl",
            format!("{first}\n{}\n", &first[..first.len() / 2]),
        ),
        (
            "unknown-type.jsonl",
            format!("{first}\n{{\"type\":\"summary\"}}\n"),
        ),
        ("report.jsonl", format!("{first}\n[1, 2]\n")),
    ];
    let output = dir.path().join("never.json");
    for (name, text) in cases {
        let bad = dir.path().join(name);
        std::fs::write(&bad, text).unwrap();
        let out = run(&[
            "merge",
            "-o",
            output.to_str().unwrap(),
            shards[1].to_str().unwrap(),
            bad.to_str().unwrap(),
        ]);
        assert_eq!(code(&out), 2, "{name}");
        let err = stderr(&out);
        assert!(err.contains(&format!("{}:2: ", bad.display())), "{err}");
        assert!(!output.exists(), "no report is written for bad input");
    }

    let missing = dir.path().join("missing.jsonl");
    let out = merge(std::slice::from_ref(&missing), &[]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains(missing.to_str().unwrap()));

    let binary = dir.path().join("binary.jsonl");
    std::fs::write(&binary, b"\xff\xfe{}\n").unwrap();
    let out = merge(std::slice::from_ref(&binary), &[]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains(&format!("{}:1: ", binary.display())));
}

#[test]
fn empty_shards_give_an_empty_report() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.jsonl");
    std::fs::write(&empty, "\n").unwrap();
    let out = merge(&[empty], &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report = comparable(&out);
    assert_eq!(report["summary"]["inputs"], 0);
    assert_eq!(report["candidates"], serde_json::json!([]));
}

#[test]
fn the_same_file_in_two_shards_is_marked_as_in_one_run() {
    let dir = scratch().join("duplicates");
    std::fs::create_dir_all(&dir).unwrap();
    let file = |name: &str, fixture: &str| -> String {
        let path = dir.join(name);
        std::fs::copy(Path::new("fixtures/resumes").join(fixture), &path).unwrap();
        path.to_str().unwrap().to_string()
    };
    let first = file("a-first.txt", "senior-backend-fastapi.txt");
    let copy = file("b-copy.txt", "senior-backend-fastapi.txt");
    let other = file("c-other.txt", "generic-python.txt");
    let shard = |name: &str, inputs: &[&str]| -> PathBuf {
        let path = dir.join(name);
        let mut args = vec!["screen", "--format", "jsonl", "--as-of", AS_OF, "--quiet"];
        args.extend(["-o", path.to_str().unwrap()]);
        args.extend(inputs);
        assert_eq!(code(&run(&args)), 0);
        path
    };
    let shards = [
        shard("one.jsonl", &[&first]),
        shard("two.jsonl", &[&copy, &other]),
    ];

    let merged = comparable(&merge(&shards, &[]));
    let single = comparable(&run(&[
        "screen", "--as-of", AS_OF, "--quiet", &first, &copy, &other,
    ]));
    assert_eq!(merged, single);
    let marks: BTreeMap<&str, Option<&str>> = merged["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["path"].as_str().unwrap(), c["duplicate_of"].as_str()))
        .collect();
    assert_eq!(marks[first.as_str()], Some(copy.as_str()));
    assert_eq!(marks[copy.as_str()], Some(first.as_str()));
    assert_eq!(marks[other.as_str()], None);
}
