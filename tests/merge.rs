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
fn header_comes_from_the_shards_and_flags_only_require() {
    let shards = shards(&["--score-sensitive"]);
    // No --score-sensitive, no --as-of: the shards' headers say what they were screened with.
    let out = run(&[
        "merge",
        shards[0].to_str().unwrap(),
        shards[1].to_str().unwrap(),
    ]);
    let merged = comparable(&out);
    let single = comparable(&single_run(&["--score-sensitive"]));
    assert_eq!(merged, single);
    assert_eq!(merged["settings"]["score_sensitive"], true);
    assert_eq!(merged["settings"]["as_of"], "2026-06");
    // Flags that agree are accepted.
    let again = merge(&shards, &["--score-sensitive", "--role", "backend"]);
    assert_eq!(comparable(&again), single);
}

/// Asserts that `out` is a refusal (exit 2, no report) whose message contains every one of
/// `parts`.
fn assert_refused(out: &Output, parts: &[&str]) {
    let err = stderr(out);
    assert_eq!(code(out), 2, "{err}");
    assert!(out.stdout.is_empty(), "a refused merge writes no report");
    for part in parts {
        assert!(err.contains(part), "{part:?} not in: {err}");
    }
}

#[test]
fn flags_that_contradict_the_headers_are_refused_naming_the_field() {
    let shards = shards(&[]);
    let out = merge(&shards, &["--role", "data"]);
    assert_refused(
        &out,
        &["--role data", "role backend", shards[0].to_str().unwrap()],
    );

    let out = run(&[
        "merge",
        "--as-of",
        "2025-01-31",
        shards[0].to_str().unwrap(),
    ]);
    assert_refused(&out, &["--as-of 2025-01", "settings.as_of 2026-06"]);

    let out = merge(&shards, &["--score-sensitive"]);
    assert_refused(&out, &["settings.score_sensitive false"]);

    // Other packs than the shards were screened with: a different fingerprint.
    let dir = tempfile::tempdir().unwrap();
    let pack = common::write_pytest_override_pack(dir.path());
    let out = merge(&shards, &["--rules", pack.to_str().unwrap()]);
    assert_refused(&out, &["rules.fingerprint", "--rules"]);
}

#[test]
fn merge_redact_over_unredacted_shards_refuses_and_never_prints_raw_paths() {
    let shards = shards(&[]);
    let out = merge(&shards, &["--redact"]);
    assert_refused(
        &out,
        &["--redact but", "settings.redact false", "screen --redact"],
    );

    // Redacted shards merge blind without the flag too: the header says so and no name shows.
    let blind = shards_redacted();
    let out = merge(&blind, &[]);
    let report = comparable(&out);
    assert_eq!(report["settings"]["redact"], true);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("fixtures/resumes"), "{text}");
    assert_eq!(report, comparable(&merge(&blind, &["--redact"])));

    // Headerless shards taken on the word of --redact must hold ids, not file names.
    let dir = tempfile::tempdir().unwrap();
    let bare = without_header(&shards[0], &dir.path().join("bare.jsonl"));
    let out = merge(
        std::slice::from_ref(&bare),
        &["--allow-headerless", "--redact"],
    );
    assert_refused(
        &out,
        &[&format!("{}:1:", bare.display()), "not a redacted id"],
    );
}

fn shards_redacted() -> Vec<PathBuf> {
    shards(&["--redact"])
}

/// Copies `shard` to `to` without its header record.
fn without_header(shard: &Path, to: &Path) -> PathBuf {
    let text = std::fs::read_to_string(shard).unwrap();
    let records: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("{\"type\":\"header\""))
        .collect();
    assert_eq!(records.len() + 1, text.lines().count());
    std::fs::write(to, records.join("\n") + "\n").unwrap();
    to.to_path_buf()
}

/// A change to a header record.
type HeaderEdit = fn(&mut serde_json::Value);

/// `shard` with its header record edited by `edit`.
fn with_header(shard: &Path, to: &Path, edit: impl Fn(&mut serde_json::Value)) -> PathBuf {
    let text = std::fs::read_to_string(shard).unwrap();
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let mut record: serde_json::Value = serde_json::from_str(line).unwrap();
            if record["type"] == "header" {
                edit(&mut record);
                serde_json::to_string(&record).unwrap()
            } else {
                line.to_string()
            }
        })
        .collect();
    std::fs::write(to, lines.join("\n") + "\n").unwrap();
    to.to_path_buf()
}

#[test]
fn shards_whose_headers_disagree_are_refused_naming_field_values_and_shards() {
    let dir = tempfile::tempdir().unwrap();
    let data = shards(&["--role", "data"]);
    let sensitive = shards(&["--score-sensitive"]);
    let shards = shards(&[]);
    let out = merge(&[shards[0].clone(), data[1].clone()], &[]);
    assert_refused(
        &out,
        &[
            "shards disagree on role",
            &format!("backend in {}", shards[0].display()),
            &format!("data in {}", data[1].display()),
        ],
    );

    let out = merge(&[shards[0].clone(), sensitive[1].clone()], &[]);
    assert_refused(&out, &["settings.score_sensitive", "false in", "true in"]);

    let blind = shards_redacted();
    let out = merge(&[shards[0].clone(), blind[1].clone()], &[]);
    assert_refused(&out, &["settings.redact"]);

    let edits: [(&str, HeaderEdit, &str); 4] = [
        (
            "as-of",
            |h| h["settings"]["as_of"] = "2020-01".into(),
            "settings.as_of",
        ),
        (
            "rules",
            |h| h["rules"]["fingerprint"] = "0".repeat(64).into(),
            "rules.fingerprint",
        ),
        (
            "tool",
            |h| h["tool"]["version"] = "0.0.9".into(),
            "tool.version",
        ),
        (
            "schema",
            |h| h["schema_version"] = 99.into(),
            "schema_version",
        ),
    ];
    for (name, edit, field) in edits {
        let other = with_header(&shards[1], &dir.path().join(format!("{name}.jsonl")), edit);
        let out = merge(&[shards[0].clone(), other.clone()], &[]);
        assert_refused(&out, &[field, &other.display().to_string()]);
        // Alone, the shard disagrees with what merge itself has.
        if name != "as-of" {
            let out = run(&["merge", other.to_str().unwrap()]);
            assert_refused(&out, &[field, "this merge has"]);
        }
    }
}

#[test]
fn headerless_shards_are_refused_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let shards = shards(&[]);
    let bare = without_header(&shards[1], &dir.path().join("old.jsonl"));
    let out = merge(&[shards[0].clone(), bare.clone()], &[]);
    assert_refused(
        &out,
        &[
            &bare.display().to_string(),
            "no header record",
            "--allow-headerless",
            "Re-run",
        ],
    );
    let out = merge(&[shards[0].clone(), bare], &["--allow-headerless"]);
    assert_eq!(comparable(&out), comparable(&single_run(&[])));
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
    // The first shard's first candidate again, with another score: the first one must win.
    let first = std::fs::read_to_string(&shards[0]).unwrap();
    let header = first.lines().next().unwrap();
    let mut record: serde_json::Value =
        serde_json::from_str(first.lines().nth(1).unwrap()).unwrap();
    let path = record["path"].as_str().unwrap().to_string();
    record["score"] = (-99.0).into();
    let extra = dir.path().join("again.jsonl");
    let text = format!("{}\n{header}\n", serde_json::to_string(&record).unwrap());
    std::fs::write(&extra, text).unwrap();

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
        "--as-of",
        AS_OF,
        "-o",
        shard.to_str().unwrap(),
        "fixtures/resumes/generic-python.txt",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let merged = merge(std::slice::from_ref(&shard), &[]);
    assert_eq!(code(&merged), 0, "{}", stderr(&merged));
    assert_eq!(comparable(&merged)["summary"]["failed"], 0);

    let failing = dir.path().join("failing.jsonl");
    let header = std::fs::read_to_string(&shard).unwrap();
    let header = header.lines().next().unwrap();
    std::fs::write(
        &failing,
        format!("{header}\n{{\"type\":\"error\",\"path\":\"x.pdf\",\"kind\":\"no_text\",\"message\":\"run OCR\"}}\n"),
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
    // A shard of a batch with no inputs holds only its header.
    let empty = dir.path().join("empty.jsonl");
    let shard = std::fs::read_to_string(&shards(&[])[0]).unwrap();
    let header = shard.lines().next().unwrap();
    assert!(header.starts_with("{\"type\":\"header\""), "{header}");
    std::fs::write(&empty, format!("{header}\n")).unwrap();
    let out = merge(std::slice::from_ref(&empty), &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report = comparable(&out);
    assert_eq!(report["summary"]["inputs"], 0);
    assert_eq!(report["candidates"], serde_json::json!([]));

    // A file with no record at all says nothing about how it was screened.
    let blank = dir.path().join("blank.jsonl");
    std::fs::write(&blank, "\n").unwrap();
    assert_refused(
        &merge(std::slice::from_ref(&blank), &[]),
        &["no header record"],
    );
    let out = merge(&[blank], &["--allow-headerless"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(comparable(&out)["summary"]["inputs"], 0);
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

#[cfg(unix)]
#[test]
fn names_that_differ_only_in_bytes_that_are_not_utf8_are_two_candidates() {
    use std::os::unix::ffi::OsStrExt;
    // As unzipping a cp437 archive makes them: both print `cv-�.txt` lossily.
    let dir = scratch().join("bytes");
    std::fs::create_dir_all(&dir).unwrap();
    let name = |bytes: &[u8]| -> String {
        let path = dir.join(std::ffi::OsStr::from_bytes(bytes));
        std::fs::copy("fixtures/resumes/senior-backend-fastapi.txt", &path).unwrap();
        path.as_os_str()
            .as_bytes()
            .iter()
            .map(|&b| b as char)
            .collect()
    };
    let _ = (name(b"cv-\xff.txt"), name(b"cv-\xfe.txt"));
    let shard = |name: &str, file: &[u8], extra: &[&str]| -> PathBuf {
        let path = dir.join(name);
        let mut command = bin();
        command.args(["screen", "--format", "jsonl", "--as-of", AS_OF, "--quiet"]);
        command.args(extra).arg("-o").arg(&path);
        command.arg(dir.join(std::ffi::OsStr::from_bytes(file)));
        let out = command.output().unwrap();
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        path
    };
    let plain = [
        shard("ff.jsonl", b"cv-\xff.txt", &[]),
        shard("fe.jsonl", b"cv-\xfe.txt", &[]),
    ];
    let out = merge(&plain, &[]);
    assert!(!stderr(&out).contains("already read"), "{}", stderr(&out));
    let report = comparable(&out);
    let candidates = report["candidates"].as_array().unwrap();
    let folder = dir.to_str().unwrap();
    let mut paths: Vec<(&str, &str, &str)> = candidates
        .iter()
        .map(|c| {
            (
                c["path"].as_str().unwrap(),
                c["path_bytes"].as_str().unwrap(),
                c["duplicate_of"].as_str().unwrap(),
            )
        })
        .collect();
    paths.sort();
    let fe = format!(r"{folder}/cv-\xFE.txt");
    let ff = format!(r"{folder}/cv-\xFF.txt");
    assert_eq!(paths.len(), 2, "{report}");
    assert_eq!((paths[0].0, paths[0].2), (fe.as_str(), ff.as_str()));
    assert_eq!((paths[1].0, paths[1].2), (ff.as_str(), fe.as_str()));
    assert_ne!(paths[0].1, paths[1].1);

    // One run over both files gives the same report.
    let mut command = bin();
    command.args(["screen", "--as-of", AS_OF, "--quiet"]);
    command.arg(dir.join(std::ffi::OsStr::from_bytes(b"cv-\xff.txt")));
    command.arg(dir.join(std::ffi::OsStr::from_bytes(b"cv-\xfe.txt")));
    assert_eq!(
        report,
        common::comparable(&command.output().unwrap().stdout)
    );

    // Redacted, their ids differ too, and merged they stay two.
    let blind = [
        shard("ff-blind.jsonl", b"cv-\xff.txt", &["--redact"]),
        shard("fe-blind.jsonl", b"cv-\xfe.txt", &["--redact"]),
    ];
    let report = comparable(&merge(&blind, &[]));
    let ids: Vec<&str> = report["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            assert!(c.get("path_bytes").is_none(), "{c}");
            c["path"].as_str().unwrap()
        })
        .collect();
    assert_eq!(ids.len(), 2, "{report}");
    assert_ne!(ids[0], ids[1]);
    assert!(ids.iter().all(|id| id.starts_with("cand-")), "{ids:?}");
}

#[test]
fn skipped_names_that_differ_only_in_bytes_stay_two_through_merge() {
    use std::os::unix::ffi::OsStrExt;
    let root = scratch().join("skipped-bytes");
    let mut shards = Vec::new();
    for (i, name) in [&b"notes-\xff.xlsx"[..], &b"notes-\xfe.xlsx"[..]]
        .iter()
        .enumerate()
    {
        // Each shard walks its own folder, which holds one resume and one skipped file.
        let dir = root.join(format!("inbox{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy("fixtures/resumes/generic-python.txt", dir.join("cv.txt")).unwrap();
        std::fs::write(dir.join(std::ffi::OsStr::from_bytes(name)), b"PK").unwrap();
        let shard = root.join(format!("shard{i}.jsonl"));
        let out = bin()
            .args([
                "screen", "--format", "jsonl", "--as-of", AS_OF, "--quiet", "-o",
            ])
            .arg(&shard)
            .arg(&dir)
            .output()
            .unwrap();
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        shards.push(shard);
    }
    let report = comparable(&merge(&shards, &[]));
    let skipped = report["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 2, "{report}");
    let bytes: Vec<&str> = skipped
        .iter()
        .map(|s| s["path_bytes"].as_str().unwrap())
        .collect();
    assert_ne!(bytes[0], bytes[1]);
    assert!(skipped
        .iter()
        .all(|s| s["path"].as_str().unwrap().contains(r"notes-\xF")));
}
