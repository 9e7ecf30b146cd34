//! `screen --no-rank` streaming, closed pipes downstream, and progress output on stderr.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_resume-screen"));
    command.stdin(Stdio::null());
    command
}

/// A folder of `copies` text resumes made from the fixtures, plus an empty file and an
/// unsupported `.rtf` (which must come out as errors). Returns the folder and its input count.
fn batch(copies: usize) -> (tempfile::TempDir, usize) {
    let dir = tempfile::tempdir().unwrap();
    let sources: Vec<PathBuf> = std::fs::read_dir("fixtures/resumes")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter(|p| std::fs::read(p).unwrap().trim_ascii().len() > 20)
        .collect();
    assert!(!sources.is_empty());
    for i in 0..copies {
        let source = &sources[i % sources.len()];
        std::fs::copy(source, dir.path().join(format!("resume-{i:04}.txt"))).unwrap();
    }
    std::fs::write(dir.path().join("blank.txt"), "  \n").unwrap();
    std::fs::write(dir.path().join("letter.rtf"), "{\\rtf1 hello}").unwrap();
    (dir, copies + 2)
}

fn screen(dir: &Path, args: &[&str]) -> Output {
    bin()
        .arg("screen")
        .arg(dir)
        .args(["--as-of", "2026-06-30"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn no_rank_jsonl_streams_one_unranked_line_per_input() {
    let (dir, inputs) = batch(30);
    let out = screen(dir.path(), &["--format", "jsonl", "--no-rank", "--quiet"]);
    assert_eq!(out.status.code(), Some(1), "two inputs must fail");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut paths = Vec::new();
    let (mut candidates, mut errors) = (0, 0);
    let mut lines = stdout.lines();
    let header: Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(header["type"], "header", "{header}");
    for line in lines {
        let record: Value = serde_json::from_str(line).unwrap();
        match record["type"].as_str() {
            Some("candidate") => {
                candidates += 1;
                assert_eq!(record["rank"], 0, "{line}");
                assert!(record["score"].is_f64(), "{line}");
            }
            Some("error") => {
                errors += 1;
                assert!(record.get("rank").is_none(), "{line}");
                assert!(record["kind"].is_string(), "{line}");
            }
            other => panic!("unexpected record type {other:?}: {line}"),
        }
        paths.push(record["path"].as_str().unwrap().to_string());
    }
    assert_eq!(paths.len(), inputs);
    assert_eq!((candidates, errors), (inputs - 2, 2));
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), inputs, "a path appears twice");
}

#[test]
fn streamed_and_ranked_jsonl_start_with_the_same_header() {
    let (dir, _) = batch(3);
    let first_record = |args: &[&str]| -> Value {
        let out = screen(dir.path(), args);
        let stdout = String::from_utf8(out.stdout).unwrap();
        serde_json::from_str(stdout.lines().next().unwrap()).unwrap()
    };
    let flags = [
        "--format",
        "jsonl",
        "--quiet",
        "--role",
        "data",
        "--score-sensitive",
    ];
    let streamed = first_record(&[&flags[..], &["--no-rank"]].concat());
    let ranked = first_record(&flags);
    assert_eq!(streamed, ranked);
    assert_eq!(streamed["type"], "header");
    assert_eq!(streamed["schema_version"], 2);
    assert_eq!(streamed["tool"]["name"], "resume-screen");
    assert_eq!(streamed["role"], "data");
    assert_eq!(streamed["settings"]["as_of"], "2026-06");
    assert_eq!(streamed["settings"]["score_sensitive"], true);
    assert_eq!(streamed["settings"]["redact"], false);
    assert!(streamed["rules"]["fingerprint"].is_string());
    assert!(!streamed["rules"]["packs"].as_array().unwrap().is_empty());
    // The counts come at the end of a batch, which a stream's first line cannot know.
    assert!(streamed.get("summary").is_none());

    // Even an empty batch says what it was screened with.
    let empty = tempfile::tempdir().unwrap();
    let out = screen(empty.path(), &["--format", "jsonl", "--no-rank", "--quiet"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("{\"type\":\"header\","), "{stdout}");
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_stream_losslessly() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let resume = std::fs::read("fixtures/resumes/generic-python.txt").unwrap();
    for name in [&b"cv-\xff.txt"[..], b"cv-\xfe.txt"] {
        let path = dir.path().join(std::ffi::OsStr::from_bytes(name));
        std::fs::write(path, &resume).unwrap();
    }
    std::fs::write(
        dir.path()
            .join(std::ffi::OsStr::from_bytes(b"empty-\xff.txt")),
        "",
    )
    .unwrap();
    let out = screen(dir.path(), &["--format", "jsonl", "--no-rank", "--quiet"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut records: Vec<(String, String, String)> = stdout
        .lines()
        .skip(1)
        .map(|line| {
            let r: Value = serde_json::from_str(line).unwrap();
            let name = r["path"].as_str().unwrap().rsplit('/').next().unwrap();
            let bytes = r["path_bytes"].as_str().unwrap_or_else(|| panic!("{line}"));
            (
                r["type"].as_str().unwrap().into(),
                name.into(),
                bytes.into(),
            )
        })
        .collect();
    records.sort();
    let names: Vec<(&str, &str)> = records
        .iter()
        .map(|(kind, name, _)| (kind.as_str(), name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("candidate", r"cv-\xFE.txt"),
            ("candidate", r"cv-\xFF.txt"),
            ("error", r"empty-\xFF.txt"),
        ]
    );
    // path_bytes is the base64 of the whole path as given, the folder included.
    let folder = dir.path().as_os_str().as_bytes();
    for (_, name, bytes) in &records {
        let mut expected = folder.to_vec();
        expected.push(b'/');
        expected.extend(
            name.replace(r"\xFF", "\u{FF}")
                .replace(r"\xFE", "\u{FE}")
                .chars()
                .map(|c| c as u8),
        );
        assert_eq!(base64(&expected), *bytes, "{name}");
    }
}

/// Standard base64, written out here so the test does not trust the tool's own encoder.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = String::new();
    for byte in bytes {
        bits.push_str(&format!("{byte:08b}"));
    }
    while !bits.len().is_multiple_of(6) {
        bits.push('0');
    }
    let mut out: String = bits
        .as_bytes()
        .chunks(6)
        .map(|six| {
            ALPHABET[usize::from_str_radix(std::str::from_utf8(six).unwrap(), 2).unwrap()] as char
        })
        .collect();
    while !out.len().is_multiple_of(4) {
        out.push('=');
    }
    out
}

#[test]
fn no_rank_json_and_csv_keep_input_order_with_rank_zero() {
    let (dir, inputs) = batch(12);
    let out = screen(dir.path(), &["--no-rank", "--quiet"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let candidates = report["candidates"].as_array().unwrap();
    assert_eq!(
        candidates.len() + report["errors"].as_array().unwrap().len(),
        inputs
    );
    let paths: Vec<&str> = candidates
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "not in input order");
    assert!(candidates.iter().all(|c| c["rank"] == 0));

    let out = screen(dir.path(), &["--no-rank", "--quiet", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), inputs);
    let csv_paths: Vec<&str> = rows
        .iter()
        .filter(|r| r[5].is_empty())
        .map(|r| {
            assert_eq!(&r[0], "0");
            &r[1]
        })
        .collect();
    assert_eq!(csv_paths, paths);

    // Ranked, the same candidates get competition ranks from 1: one more than the number of
    // candidates scoring above.
    let out = screen(dir.path(), &["--quiet"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let candidates = report["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), paths.len());
    for c in candidates {
        let above = candidates
            .iter()
            .filter(|o| o["score"].as_f64() > c["score"].as_f64())
            .count() as u64;
        assert_eq!(c["rank"].as_u64(), Some(above + 1), "{c}");
    }
}

#[test]
fn no_rank_refuses_top() {
    let (dir, _) = batch(1);
    let out = screen(dir.path(), &["--no-rank", "--top", "3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--top"));
}

/// Reads one line of the report, closes the pipe and waits: the tool must stop quietly.
fn read_one_line_then_close(dir: &Path, args: &[&str]) {
    let mut child = bin()
        .arg("screen")
        .arg(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    assert!(!first.is_empty(), "{args:?}: no output");
    // The reader (and the pipe's read end with it) is gone here.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    assert!(!stderr.contains("error"), "{args:?}: {stderr}");
    // The batch has inputs that fail, and a stream cut short leaves inputs unscreened: either
    // way the report the reader got is not one of every input screened.
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
}

#[test]
fn a_closed_pipe_ends_the_run_quietly_with_exit_1_for_an_incomplete_report() {
    // Far more output than a pipe buffer holds, so the tool must write after the close.
    let (dir, _) = batch(600);
    read_one_line_then_close(dir.path(), &["--format", "jsonl", "--no-rank"]);
    read_one_line_then_close(dir.path(), &["--format", "jsonl"]);
    read_one_line_then_close(dir.path(), &["--format", "json", "--quiet"]);
    read_one_line_then_close(dir.path(), &["--format", "csv", "--no-rank"]);
}

#[test]
fn without_a_terminal_stderr_has_only_the_summary_line() {
    let (dir, inputs) = batch(40);
    for args in [
        &["--format", "jsonl", "--no-rank"][..],
        &["--format", "json"][..],
    ] {
        let out = screen(dir.path(), args);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8(out.stderr).unwrap();
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{args:?}: {stderr:?}");
        let summary = format!("resume-screen: {} screened, 2 failed, ", inputs - 2);
        assert!(lines[0].starts_with(&summary), "{args:?}: {stderr:?}");
        assert!(lines[0].ends_with('s'), "{args:?}: {stderr:?}");
        assert!(
            !stderr.contains('\r') && !stderr.contains('\x1b'),
            "{stderr:?}"
        );
    }
    let out = screen(dir.path(), &["--format", "jsonl", "--no-rank", "--quiet"]);
    assert!(out.stderr.is_empty());
}

/// Runs `command` with a terminal for its stdin, stdout and stderr (`script` from util-linux)
/// and returns what the terminal showed, or `None` where `script` is not installed.
fn in_terminal(command: &str) -> Option<String> {
    let log = tempfile::NamedTempFile::new().unwrap();
    let status = Command::new("script")
        .args(["-q", "-e", "-c", command])
        .arg(log.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match status {
        Ok(status) => {
            assert!(status.code().is_some_and(|c| c <= 1), "{command}: {status}");
            Some(String::from_utf8_lossy(&std::fs::read(log.path()).unwrap()).into_owned())
        }
        Err(_) => {
            // `.ci/run` sets this, so CI never passes without running the check.
            assert!(
                std::env::var_os("RESUME_SCREEN_REQUIRE_TOOLS").is_none(),
                "`script` (util-linux) is required here"
            );
            eprintln!("note: `script` (util-linux) is not installed; terminal check skipped");
            None
        }
    }
}

#[test]
fn on_a_terminal_a_progress_bar_shows_and_is_cleared_before_the_summary() {
    let (dir, inputs) = batch(200);
    let report = dir.path().join("report.jsonl");
    let command = format!(
        "{} screen {} --format jsonl --no-rank -o {}",
        env!("CARGO_BIN_EXE_resume-screen"),
        dir.path().display(),
        report.display()
    );
    let Some(screen) = in_terminal(&command) else {
        return;
    };
    assert!(screen.contains(&format!("/{inputs} files")), "{screen:?}");
    assert!(
        screen.contains("files/s") && screen.contains("ETA"),
        "{screen:?}"
    );
    // The summary starts its own line: nothing of the bar is left before it but escapes.
    let summary = format!("resume-screen: {} screened, 2 failed, ", inputs - 2);
    let at = screen
        .find(&summary)
        .unwrap_or_else(|| panic!("{screen:?}"));
    let line_start = screen[..at].rfind(['\r', '\n']).map_or(0, |i| i + 1);
    let before = strip_escapes(&screen[line_start..at]);
    assert!(
        before.is_empty(),
        "bar not cleared: {before:?} in {screen:?}"
    );
    let lines = std::fs::read_to_string(&report).unwrap().lines().count();
    assert_eq!(lines, inputs + 1, "a header, then one record per input");

    let quiet = in_terminal(&format!("{command} --quiet")).unwrap();
    assert!(
        !quiet.contains("files/s") && !quiet.contains("screened"),
        "{quiet:?}"
    );
}

/// `text` without its CSI escape sequences (`ESC [ ... letter`).
fn strip_escapes(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
