//! End-to-end tests of what a folder walk takes, skips and refuses: the output never names an
//! input, reports are not screened, every file is accounted for, symbolic links stay inside the
//! folders given.

mod common;
mod schema;

use common::{bin, comparable, jsonl, AS_OF};
use std::path::Path;
use std::process::Output;

const RESUME: &str = "Jane Doe\nBackend engineer\nPython 3, FastAPI, PostgreSQL, pytest, mypy\n";

/// Runs `resume-screen` in `dir` with the pinned date.
fn run(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .args(args)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn parse(out: &Output) -> schema::Report {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "report does not match the schema: {e}\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            stderr(out)
        )
    })
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn skipped(report: &schema::Report) -> Vec<(&str, &str)> {
    report
        .skipped
        .iter()
        .map(|s| (s.path.as_str(), s.reason.as_str()))
        .collect()
}

fn candidates(report: &schema::Report) -> Vec<&str> {
    let mut paths: Vec<&str> = report.candidates.iter().map(|c| c.path.as_str()).collect();
    paths.sort();
    paths
}

#[test]
fn a_shell_glob_as_output_no_longer_overwrites_a_resume() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "inbox/alice.txt", RESUME);
    write(dir.path(), "inbox/bob.txt", RESUME.replace("Jane", "Bob"));
    // `screen -q -o inbox/*`, as the shell expands it.
    let out = run(
        dir.path(),
        &["screen", "-q", "-o", "inbox/alice.txt", "inbox/bob.txt"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("-o inbox/alice.txt"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("inbox/alice.txt")).unwrap(),
        RESUME
    );
    // No temporary file is left beside it either.
    assert_eq!(
        std::fs::read_dir(dir.path().join("inbox")).unwrap().count(),
        2
    );
}

#[test]
fn the_output_is_refused_inside_an_input_folder_with_a_resume_name() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "inbox/alice.txt", RESUME);
    for output in ["inbox/alice.txt", "inbox/report", "inbox/report.txt"] {
        let out = run(dir.path(), &["screen", "inbox", "-q", "-o", output]);
        assert_eq!(out.status.code(), Some(2), "{output}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("inside the input folder inbox"),
            "{}",
            stderr(&out)
        );
        assert!(out.stdout.is_empty());
    }
    assert!(!dir.path().join("inbox/report").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("inbox/alice.txt")).unwrap(),
        RESUME
    );

    // A report name is fine, and the next run lists the report instead of screening it.
    for run_number in 0..2 {
        let out = run(
            dir.path(),
            &["screen", "inbox", "-q", "-o", "inbox/report.json"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let written = std::fs::read(dir.path().join("inbox/report.json")).unwrap();
        let written: schema::Report = serde_json::from_slice(&written).unwrap();
        // The report's own temporary file beside it is not listed; the earlier report is.
        assert_eq!(written.skipped.len(), run_number, "{:?}", written.skipped);
    }
    let out = run(dir.path(), &["screen", "inbox", "-q"]);
    let report = parse(&out);
    assert_eq!(candidates(&report), ["inbox/alice.txt"]);
    assert_eq!(
        skipped(&report),
        [("inbox/report.json", "a resume-screen report")]
    );
}

#[cfg(unix)]
#[test]
fn the_output_is_refused_through_a_symbolic_link() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "inbox/alice.txt", RESUME);
    std::os::unix::fs::symlink("inbox/alice.txt", dir.path().join("out.json")).unwrap();
    let out = run(dir.path(), &["screen", "inbox", "-q", "-o", "out.json"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("inbox/alice.txt")).unwrap(),
        RESUME
    );
}

#[test]
fn reports_in_the_inbox_are_skipped_by_their_content() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "inbox/alice.txt", RESUME);
    for (format, name) in [
        ("json", "old-report"),
        ("jsonl", "run.txt"),
        ("csv", "shortlist"),
    ] {
        let out = run(dir.path(), &["screen", "inbox", "-q", "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        std::fs::write(dir.path().join("saved").with_extension(name), &out.stdout).unwrap();
    }
    for name in ["old-report", "run.txt", "shortlist"] {
        std::fs::rename(
            dir.path().join("saved").with_extension(name),
            dir.path().join("inbox").join(name),
        )
        .unwrap();
    }
    let out = run(dir.path(), &["screen", "inbox", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = parse(&out);
    assert_eq!(candidates(&report), ["inbox/alice.txt"]);
    assert_eq!(
        skipped(&report),
        [
            ("inbox/old-report", "a resume-screen report"),
            ("inbox/run.txt", "a resume-screen report"),
            ("inbox/shortlist", "a resume-screen report"),
        ]
    );
    assert_eq!(report.summary.skipped, 3);
    assert_eq!(report.summary.inputs, 1);
}

/// An inbox with one file of every kind the walk skips, and resumes under unusual names.
fn mixed_inbox(dir: &Path) {
    for name in [
        "inbox/alice.txt",
        "inbox/README.pdf",
        "inbox/Resume - John Q. Public",
        "inbox/CV v2.1",
        "inbox/Jane.Doe",
    ] {
        write(dir, name, RESUME);
    }
    write(dir, "inbox/.DS_Store", "\0\0\0\x01Bud1");
    write(dir, "inbox/.git/config", "[core]");
    write(dir, "inbox/.git/objects/ab", "x");
    write(dir, "inbox/~$cv.docx", b"\x05Jane\0\0\0");
    write(dir, "inbox/.~lock.cv.docx#", ",Jane,host,01.01.2026 10:00,");
    write(dir, "inbox/cv.expect.toml", "green = []");
    write(dir, "inbox/scores.xlsx", b"PK\x03\x04xlsx");
    write(dir, "inbox/tool.py", "print('hi')");
    write(
        dir,
        "inbox/README.md",
        "# Applications for the backend role",
    );
}

const MIXED_SKIPPED: [(&str, &str); 8] = [
    ("inbox/.DS_Store", "hidden file"),
    ("inbox/.git", "hidden folder (not walked)"),
    (
        "inbox/.~lock.cv.docx#",
        "Office lock file (left while a document is open)",
    ),
    ("inbox/README.md", "folder readme"),
    ("inbox/cv.expect.toml", "fixture expectation file"),
    ("inbox/scores.xlsx", "not a resume file type"),
    ("inbox/tool.py", "not a resume file type"),
    (
        "inbox/~$cv.docx",
        "Office lock file (left while a document is open)",
    ),
];

#[test]
fn every_file_the_walk_sees_is_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    mixed_inbox(dir.path());
    let out = run(dir.path(), &["screen", "inbox"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "skipped files do not fail the batch"
    );
    let report = parse(&out);
    assert_eq!(
        candidates(&report),
        [
            "inbox/CV v2.1",
            "inbox/Jane.Doe",
            "inbox/README.pdf",
            "inbox/Resume - John Q. Public",
            "inbox/alice.txt",
        ]
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(skipped(&report), MIXED_SKIPPED);
    assert_eq!(report.summary.skipped, 8);
    let summary = stderr(&out);
    assert!(
        summary.starts_with("resume-screen: 5 screened, 0 failed, 8 skipped, "),
        "{summary}"
    );
}

#[test]
fn skipped_files_close_the_jsonl_and_csv_reports() {
    let dir = tempfile::tempdir().unwrap();
    mixed_inbox(dir.path());
    write(dir.path(), "inbox/empty.txt", "");
    for no_rank in [false, true] {
        let mut args = vec!["screen", "inbox", "-q", "--format", "jsonl"];
        if no_rank {
            args.push("--no-rank");
        }
        let out = run(dir.path(), &args);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let records = jsonl(&out.stdout);
        let kinds: Vec<&str> = records
            .iter()
            .map(|r| r["type"].as_str().unwrap())
            .collect();
        let first = kinds.iter().position(|k| *k == "skipped").unwrap();
        assert!(kinds[..first].contains(&"error"), "{kinds:?}");
        assert!(kinds[first..].iter().all(|k| *k == "skipped"), "{kinds:?}");
        let listed: Vec<(&str, &str)> = records[first..]
            .iter()
            .map(|r| {
                let skipped: schema::Skipped = serde_json::from_value(r.clone()).unwrap();
                assert_eq!(skipped.record_type.as_deref(), Some("skipped"));
                (r["path"].as_str().unwrap(), r["reason"].as_str().unwrap())
            })
            .collect();
        assert_eq!(listed, MIXED_SKIPPED);
    }

    let out = run(dir.path(), &["screen", "inbox", "-q", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let skipped_rows: Vec<_> = rows
        .iter()
        .filter(|r| r[5].starts_with("skipped: "))
        .collect();
    assert_eq!(skipped_rows.len(), 8);
    assert_eq!(&skipped_rows[0][1], "inbox/.DS_Store");
    assert_eq!(&skipped_rows[0][5], "skipped: hidden file");
    assert!(skipped_rows
        .iter()
        .all(|r| r[0].is_empty() && r[2].is_empty()));
    // Candidates, then the error, then the skipped files.
    assert_eq!(rows.len(), 5 + 1 + 8);
    assert!(rows[5][5].starts_with("empty: "), "{:?}", rows[5]);
}

#[test]
fn word_variants_are_screened_and_other_formats_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let docx = std::fs::read("fixtures/documents/resume.docx").unwrap();
    for name in ["cv.docm", "cv.dotx", "cv.dotm"] {
        write(dir.path(), &format!("inbox/{name}"), &docx);
    }
    let mut odt = b"PK\x03\x04\x14\0\0\0\0\0".to_vec();
    odt.extend_from_slice(&[0; 18]);
    odt.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
    let unsupported: [(&str, &[u8]); 8] = [
        (
            "cv.htm",
            b"<!DOCTYPE html><html><body>Jane Doe, Python</body></html>",
        ),
        ("cv.html", b"<p>Jane Doe, Python developer</p>"),
        ("IMG_0042.heic", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"),
        ("scan.webp", b"RIFF\x10\0\0\0WEBPVP8 \0\0"),
        ("cv.odt", &odt),
        ("cv.rtf", b"{\\rtf1\\ansi Jane Doe, Python}"),
        ("cv.doc", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0"),
        ("cv.pages", b"PK\x03\x04\x14\0\0\0Index/Document.iwa"),
    ];
    for (name, bytes) in unsupported {
        write(dir.path(), &format!("inbox/{name}"), bytes);
    }
    let out = run(dir.path(), &["screen", "inbox", "-q"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = parse(&out);
    assert_eq!(
        candidates(&report),
        ["inbox/cv.docm", "inbox/cv.dotm", "inbox/cv.dotx"]
    );
    assert!(report.candidates.iter().all(|c| c.format == "docx"));
    let mut errors: Vec<&str> = report.errors.iter().map(|e| e.path.as_str()).collect();
    errors.sort();
    let mut expected: Vec<String> = unsupported
        .iter()
        .map(|(name, _)| format!("inbox/{name}"))
        .collect();
    expected.sort();
    assert_eq!(errors, expected);
    for error in &report.errors {
        assert_eq!(error.kind, "unsupported_format", "{error:?}");
        let says_what_to_do = ["save it as", "OCR", "print it to PDF", "Export To"]
            .iter()
            .any(|hint| error.message.contains(hint));
        assert!(says_what_to_do, "{error:?}");
    }
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_followed_only_inside_the_input_folders() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "inbox/alice.txt", RESUME);
    write(
        dir.path(),
        "outside/secret.txt",
        RESUME.replace("Jane", "Secret"),
    );
    write(
        dir.path(),
        "inbox/sub/bob.txt",
        RESUME.replace("Jane", "Bob"),
    );
    symlink(
        dir.path().join("outside/secret.txt"),
        dir.path().join("inbox/passwd.txt"),
    )
    .unwrap();
    symlink(dir.path().join("inbox"), dir.path().join("inbox/sub/up")).unwrap();
    symlink(dir.path(), dir.path().join("inbox/top")).unwrap();
    symlink("sub/bob.txt", dir.path().join("inbox/bob-again.txt")).unwrap();

    let out = run(dir.path(), &["screen", "inbox", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = parse(&out);
    assert_eq!(
        candidates(&report),
        [
            "inbox/alice.txt",
            "inbox/bob-again.txt",
            "inbox/sub/bob.txt"
        ]
    );
    let secret = std::fs::canonicalize(dir.path().join("outside/secret.txt")).unwrap();
    let reasons = skipped(&report);
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert_eq!(reasons[0].0, "inbox/passwd.txt");
    assert_eq!(
        reasons[0].1,
        format!(
            "symbolic link to a file outside the input folders ({}); use --follow to read it",
            secret.display()
        )
    );
    assert_eq!(reasons[1].0, "inbox/sub/up");
    assert!(
        reasons[1].1.contains("folder being walked"),
        "{}",
        reasons[1].1
    );
    assert_eq!(reasons[2].0, "inbox/top");
    assert!(
        reasons[2].1.contains("folder being walked"),
        "{}",
        reasons[2].1
    );

    // --follow reads the file outside; the links back up still never screen a file twice.
    let out = run(dir.path(), &["screen", "inbox", "-q", "--follow"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = parse(&out);
    assert_eq!(
        candidates(&report),
        [
            "inbox/alice.txt",
            "inbox/bob-again.txt",
            "inbox/passwd.txt",
            "inbox/sub/bob.txt"
        ]
    );
    assert_eq!(report.skipped.len(), 2);

    // A blind review hides the names and the link's target.
    let out = run(dir.path(), &["screen", "inbox", "-q", "--redact"]);
    let report = parse(&out);
    assert_eq!(report.skipped.len(), 3);
    assert!(report.skipped.iter().all(|s| s.path.starts_with("input-")));
    let target = secret.to_string_lossy();
    assert!(report.skipped.iter().all(|s| !s.reason.contains(&*target)));
    let mut paths: Vec<&str> = report.skipped.iter().map(|s| s.path.as_str()).collect();
    paths.sort();
    assert_eq!(
        paths,
        skipped(&report).iter().map(|s| s.0).collect::<Vec<_>>()
    );

    // Named on the command line, a link is read as it always was.
    let out = run(dir.path(), &["screen", "inbox/passwd.txt", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(candidates(&parse(&out)), ["inbox/passwd.txt"]);
}

#[test]
fn merged_shards_carry_skipped_files_like_one_run() {
    let dir = tempfile::tempdir().unwrap();
    for shard in ["a", "b"] {
        write(dir.path(), &format!("inbox/{shard}/cv.txt"), RESUME);
        write(dir.path(), &format!("inbox/{shard}/.hidden"), "x");
        write(dir.path(), &format!("inbox/{shard}/scores.xlsx"), "x");
        write(dir.path(), &format!("inbox/{shard}/empty.txt"), "");
    }
    for shard in ["a", "b"] {
        let folder = format!("inbox/{shard}");
        let output = format!("{shard}.jsonl");
        let out = run(
            dir.path(),
            &[
                "screen",
                &folder,
                "-q",
                "--no-rank",
                "--format",
                "jsonl",
                "-o",
                &output,
            ],
        );
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    }
    let single = run(dir.path(), &["screen", "inbox", "-q"]);
    let merged = run(dir.path(), &["merge", "a.jsonl", "b.jsonl"]);
    assert_eq!(merged.status.code(), Some(1), "{}", stderr(&merged));
    let value = comparable(&merged.stdout);
    assert_eq!(value["summary"]["skipped"], 4);
    assert_eq!(value, comparable(&single.stdout));
    for format in ["csv", "jsonl"] {
        let single = run(dir.path(), &["screen", "inbox", "-q", "--format", format]);
        let merged = run(
            dir.path(),
            &["merge", "a.jsonl", "b.jsonl", "--format", format],
        );
        assert_eq!(
            String::from_utf8_lossy(&merged.stdout),
            String::from_utf8_lossy(&single.stdout),
            "{format}"
        );
    }
}
