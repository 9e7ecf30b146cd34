//! End-to-end tests: the binary on the committed fixtures and on files made in temp folders.

mod common;
mod schema;

use common::{bin, comparable, jsonl, AS_OF};
use schema::Report;

fn screen(args: &[&str]) -> (Report, i32, String) {
    let out = bin()
        .arg("screen")
        .args(args)
        .args(["--as-of", AS_OF, "--quiet"])
        .output()
        .unwrap();
    let report: Report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "report does not match the schema: {e}\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (
        report,
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn fixture_suite_passes() {
    let out = bin().args(["test", "fixtures"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let last = stdout.lines().last().unwrap();
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
    let passed: usize = last.split(' ').next().unwrap().parse().unwrap();
    assert!(passed >= 50, "{last}");
}

#[test]
fn every_fixture_is_accounted_for_once_with_evidence() {
    let (report, code, _) = screen(&["fixtures", "--role", "backend"]);
    assert_eq!(code, 1, "the fixtures include files that must fail");
    // Every file is screened, an error or skipped with a reason (the expectation files, the
    // README, the Word lock file): none is left out silently.
    let walked = walkdir::WalkDir::new("fixtures")
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    let taken = walkdir::WalkDir::new("fixtures")
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| resume_screen::walk::is_resume_name(e.path()))
        .count();
    assert_eq!(report.summary.inputs, taken);
    assert_eq!(report.summary.skipped, walked - taken);
    assert_eq!(
        report.candidates.len() + report.errors.len() + report.skipped.len(),
        walked
    );
    assert!(report.skipped.iter().all(|s| !s.reason.is_empty()));
    let mut paths: Vec<&str> = report
        .candidates
        .iter()
        .map(|c| c.path.as_str())
        .chain(report.errors.iter().map(|e| e.path.as_str()))
        .chain(report.skipped.iter().map(|s| s.path.as_str()))
        .collect();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), walked, "a path appears twice");
    for candidate in &report.candidates {
        for flag in candidate.green.iter().chain(&candidate.yellow) {
            assert!(!flag.evidence.is_empty(), "{} {}", candidate.path, flag.id);
            for evidence in &flag.evidence {
                assert!(evidence.line > 0, "{} {}", candidate.path, flag.id);
                // A match that runs across a line break is shown on its first line.
                let first_line = evidence.text.lines().next().unwrap_or_default();
                assert!(
                    evidence.snippet.contains(first_line),
                    "{} {}: {:?} not in {:?}",
                    candidate.path,
                    flag.id,
                    evidence.text,
                    evidence.snippet
                );
            }
        }
    }
    // Competition ranks: each candidate's rank is one more than the number scoring above it.
    for candidate in &report.candidates {
        let above = report
            .candidates
            .iter()
            .filter(|other| other.score > candidate.score)
            .count();
        assert_eq!(candidate.rank, above + 1, "{}", candidate.path);
    }
    for pair in report.candidates.windows(2) {
        assert!(pair[0].score >= pair[1].score, "ranking out of order");
    }
    let kinds = [
        "empty",
        "no_text",
        "encrypted",
        "corrupt",
        "unsupported_format",
        "too_large",
        "timeout",
        "io",
        "extract_panic",
    ];
    for error in &report.errors {
        assert!(kinds.contains(&error.kind.as_str()), "{error:?}");
        assert!(!error.message.is_empty());
    }
}

#[test]
fn strong_candidates_rank_above_generic_ones() {
    let (report, _, _) = screen(&["fixtures/resumes"]);
    let rank = |name: &str| {
        report
            .candidates
            .iter()
            .find(|c| c.path.ends_with(name))
            .map(|c| c.rank)
            .unwrap()
    };
    assert!(rank("senior-backend-fastapi.txt") < rank("generic-python.txt"));
    assert!(rank("generic-python.txt") < rank("pastry-chef.txt"));
    // No one ranks below a resume without Python (others may tie with it).
    let pastry = report
        .candidates
        .iter()
        .find(|c| c.path.ends_with("pastry-chef.txt"))
        .unwrap();
    assert!(report.candidates.iter().all(|c| c.score >= pastry.score));
}

#[test]
fn evidence_points_at_lines_and_pages() {
    let (report, code, _) = screen(&["fixtures/documents/one-column.pdf"]);
    assert_eq!(code, 0);
    let candidate = &report.candidates[0];
    assert_eq!(candidate.format, "pdf");
    let framework = candidate
        .green
        .iter()
        .find(|f| f.id == "specific-framework")
        .unwrap();
    assert!(framework.evidence.iter().all(|e| e.page == Some(1)));
    let all_pages: Vec<u32> = candidate
        .green
        .iter()
        .flat_map(|f| &f.evidence)
        .filter_map(|e| e.page)
        .collect();
    assert!(all_pages.iter().all(|p| (1..=2).contains(p)));
}

#[test]
fn sensitive_flags_are_shown_but_unscored_by_default() {
    let (plain, _, _) = screen(&["fixtures/resumes/python2-legacy.txt"]);
    let (scored, _, _) = screen(&["fixtures/resumes/python2-legacy.txt", "--score-sensitive"]);
    let flag = plain.candidates[0]
        .yellow
        .iter()
        .find(|f| f.id == "python2-only")
        .expect("python2-only is reported");
    assert!(flag.sensitive);
    assert_eq!(flag.note.as_deref(), Some("no mention of Python 3 found"));
    assert!(scored.candidates[0].score < plain.candidates[0].score);
    assert!(scored.settings.score_sensitive);
}

#[test]
fn output_is_deterministic() {
    let run = || {
        let out = bin()
            .args([
                "screen",
                "fixtures/resumes",
                "--as-of",
                AS_OF,
                "--quiet",
                "-j",
                "2",
            ])
            .output()
            .unwrap();
        comparable(&out.stdout)
    };
    assert_eq!(run(), run());
}

#[test]
fn exit_codes_follow_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "Python developer: FastAPI, pytest, mypy.").unwrap();
    bin()
        .args(["screen", "--quiet"])
        .arg(&good)
        .assert()
        .code(0);
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    bin()
        .args(["screen", "--quiet"])
        .arg(&good)
        .arg(&empty)
        .assert()
        .code(1);
    // Nothing screened is exit 2, whether every input failed or there was none at all.
    let out = bin()
        .args(["screen", "--quiet"])
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let report: Report = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report.errors.len(), 1, "the report still lists the failure");
    bin()
        .args(["screen", "--quiet", "-"])
        .write_stdin("")
        .assert()
        .code(2);
    bin()
        .args(["screen", "--role", "astronaut"])
        .arg(&good)
        .assert()
        .code(2);
    bin()
        .args(["screen", "-o", "/nonexistent-dir/report.json"])
        .arg(&good)
        .assert()
        .code(2);
    // A folder as the output fails before any file is read, saying so once.
    let out = bin()
        .args(["screen", "-o"])
        .arg(dir.path())
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("it is a folder"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn no_subcommand_acts_as_screen() {
    bin()
        .args(["fixtures/resumes/generic-python.txt", "--quiet"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("\"generic-python\""));
}

#[test]
fn invalid_packs_are_rejected_with_positions_before_screening() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("bad.toml");
    std::fs::write(
        &pack,
        "[pack]\nid = \"bad\"\nversion = \"1\"\n\n[[rule]]\nid = \"x\"\nkind = \"green\"\ntitle = \"X\"\ncategory = \"c\"\nwieght = 2\n",
    )
    .unwrap();
    let out = bin()
        .args(["screen", "fixtures/resumes"])
        .arg("--rules")
        .arg(&pack)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no report when rules are invalid");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.toml:10:1: error: unknown field `wieght`"),
        "{stderr}"
    );

    std::fs::write(
        &pack,
        "[pack]\nid = \"bad\"\nversion = \"1\"\n\n[[rule]]\nid = \"x\"\nkind = \"green\"\ntitle = \"X\"\ncategory = \"c\"\npatterns = ['(unclosed']\nall = [\"nope\"]\n",
    )
    .unwrap();
    let out = bin()
        .args(["screen", "fixtures/resumes"])
        .arg("--rules")
        .arg(&pack)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("bad.toml:10:13: error: invalid regex"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad.toml:11:8: error: unknown rule id 'nope'"),
        "{stderr}"
    );
}

#[test]
fn override_pack_replaces_a_rule_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let pack = common::write_pytest_override_pack(dir.path());
    let (report, _, _) = screen(&[
        "fixtures/resumes/senior-backend-fastapi.txt",
        "--rules",
        pack.to_str().unwrap(),
    ]);
    let flag = report.candidates[0]
        .green
        .iter()
        .find(|f| f.id == "testing-framework")
        .unwrap();
    assert_eq!(flag.title, "Uses pytest specifically");
    assert_eq!(flag.weight, 5.0);
    assert_eq!(report.rules.packs.last().unwrap().id, "team");
}

#[test]
fn jsonl_and_csv_carry_every_input() {
    let out = bin()
        .args(["screen", "fixtures/resumes", "--format", "jsonl", "--quiet"])
        .output()
        .unwrap();
    let lines = jsonl(&out.stdout);
    let kinds: Vec<&str> = lines.iter().map(|l| l["type"].as_str().unwrap()).collect();
    assert_eq!(kinds[0], "header");
    let header: schema::HeaderRecord = serde_json::from_value(lines[0].clone()).unwrap();
    assert_eq!(header.role, "backend");
    assert_eq!(kinds.iter().filter(|k| **k == "header").count(), 1);
    let first_error = kinds.iter().position(|k| *k == "error").unwrap();
    let first_skipped = kinds.iter().position(|k| *k == "skipped").unwrap();
    assert!(kinds[first_error..first_skipped]
        .iter()
        .all(|k| *k == "error"));
    assert!(kinds[first_skipped..].iter().all(|k| *k == "skipped"));
    for line in &lines[1..] {
        let text = line.to_string();
        match line["type"].as_str() {
            Some("candidate") => drop(serde_json::from_str::<schema::Candidate>(&text).unwrap()),
            Some("error") => drop(serde_json::from_str::<schema::ErrorEntry>(&text).unwrap()),
            _ => drop(serde_json::from_str::<schema::Skipped>(&text).unwrap()),
        }
    }

    let out = bin()
        .args(["screen", "fixtures/resumes", "--format", "csv", "--quiet"])
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "rank",
            "path",
            "score",
            "green",
            "yellow",
            "error",
            "python",
            "api",
            "databases",
            "testing",
            "infrastructure",
            "observability",
            "name",
            "email",
            "experience_years",
            "duplicate_of",
            "top_evidence",
            "missing"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.len(),
        lines.len() - 1,
        "one row per input; JSON Lines adds its header"
    );
    let errors = rows.iter().filter(|r| !r[5].is_empty()).count();
    assert_eq!(errors, kinds.len() - first_error);
    let skipped = rows
        .iter()
        .filter(|r| r[5].starts_with("skipped: "))
        .count();
    assert_eq!(skipped, kinds.len() - first_skipped);
}

#[test]
fn output_file_is_written_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.json");
    bin()
        .args([
            "screen",
            "fixtures/resumes/generic-python.txt",
            "--quiet",
            "-o",
        ])
        .arg(&target)
        .assert()
        .code(0)
        .stdout("");
    let report: Report = serde_json::from_slice(&std::fs::read(&target).unwrap()).unwrap();
    assert_eq!(report.candidates.len(), 1);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temp file left behind");
}

#[test]
fn hostile_pdfs_are_isolated_and_time_limited() {
    let started = std::time::Instant::now();
    let (report, code, _) = screen(&[
        "fixtures/documents/xobject-cycle.pdf",
        "fixtures/documents/slow.pdf",
        "fixtures/documents/memory-bomb.pdf",
        "fixtures/documents/panics-pdf-extract.pdf",
        "fixtures/documents/one-column.pdf",
        "--timeout",
        "3",
        "--max-memory",
        "512",
        "-j",
        "2",
    ]);
    assert_eq!(code, 1);
    assert!(started.elapsed().as_secs() < 60, "the batch must not hang");
    let kind = |name: &str| {
        report
            .errors
            .iter()
            .find(|e| e.path.ends_with(name))
            .map(|e| e.kind.as_str())
    };
    // The fast reader caps form XObject depth and skips the cycle, so the page text is read.
    assert_eq!(kind("xobject-cycle.pdf"), None);
    assert_eq!(kind("slow.pdf"), Some("timeout"));
    assert!(matches!(
        kind("memory-bomb.pdf"),
        Some("extract_panic" | "timeout")
    ));
    // pdf-extract panics on this one; the panic is caught and the fallback reads the text.
    let candidate = |name: &str| report.candidates.iter().find(|c| c.path.ends_with(name));
    assert_eq!(
        candidate("panics-pdf-extract.pdf").map(|c| c.extractor.as_str()),
        Some("lopdf"),
        "{:?}",
        kind("panics-pdf-extract.pdf")
    );
    // The good file after the crashes is still screened, by a restarted worker.
    assert!(candidate("one-column.pdf").is_some());
    assert_eq!(report.candidates.len() + report.errors.len(), 5);
}

#[test]
fn owner_password_pdfs_extract_and_user_password_pdfs_do_not() {
    let (report, _, _) = screen(&[
        "fixtures/documents/owner-rc4.pdf",
        "fixtures/documents/owner-aes128.pdf",
        "fixtures/documents/owner-aes256.pdf",
        "fixtures/documents/user-password.pdf",
        "fixtures/documents/image-only.pdf",
    ]);
    assert_eq!(report.candidates.len(), 3);
    assert!(report.candidates.iter().all(|c| !c.green.is_empty()));
    let kinds: Vec<&str> = report.errors.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["no_text", "encrypted"]);
    assert!(report.errors[0].message.contains("OCR"));
}

#[test]
fn rules_check_reports_every_problem_and_warnings() {
    bin()
        .args(["rules", "check"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("0 error(s), 0 warning(s)"));

    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("team.toml");
    std::fs::write(
        &pack,
        r#"[pack]
id = "team"
version = "1"

[[rule]]
id = "unused-signal"
kind = "signal"
phrases = ["kubernetes operator"]

[[rule]]
id = "birth-year"
kind = "yellow"
title = "Mentions a birth date"
category = "personal"
weight = 1
patterns = ['date of birth']
"#,
    )
    .unwrap();
    let out = bin()
        .args(["rules", "check", "--strict", "--rules"])
        .arg(&pack)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("team.toml:6:6: warning: signal 'unused-signal' is never used"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "team.toml:16:13: warning: rule 'birth-year' matches protected-attribute text"
        ),
        "{stdout}"
    );

    std::fs::write(
        &pack,
        "[pack]\nid = \"team\"\nversion = \"1\"\n\n[[rule]]\nid = \"a\"\nkind = \"signal\"\nall = [\"b\"]\n\n[[rule]]\nid = \"b\"\nkind = \"signal\"\nall = [\"a\"]\nskills = [\"Nope\"]\n",
    )
    .unwrap();
    let out = bin()
        .args(["rules", "check", "--rules"])
        .arg(&pack)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains("team.toml:6:6: error: rule cycle: a -> b -> a"),
        "{stdout}"
    );
    assert!(
        stdout.contains("team.toml:14:11: error: unknown skill 'Nope'"),
        "{stdout}"
    );
}

#[test]
fn rules_list_shows_role_weights() {
    let out = bin()
        .args(["rules", "list", "--role", "data", "--format", "json"])
        .output()
        .unwrap();
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let sql = rules.iter().find(|r| r["id"] == "sql-depth").unwrap();
    assert_eq!(sql["weight"], 4.0);
    assert!(rules.iter().all(|r| r["id"] != "no-web-framework"));
    let text = bin().args(["rules", "list"]).output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text
        .lines()
        .any(|l| l.starts_with("python2-only") && l.contains("sensitive")));
}

#[test]
fn extract_shows_the_text_rules_see_with_page_markers() {
    let out = bin()
        .args(["extract", "fixtures/documents/one-column.pdf"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("--- page 1 ---\n"), "{text}");
    assert!(text.contains("--- page 2 ---"));
    assert!(text.contains("38,000 requests/second"));
    let out = bin()
        .args(["extract", "fixtures/documents/resume.docx"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("R&D"));
}

#[test]
fn top_and_min_score_trim_the_ranking_but_keep_errors() {
    let (full, _, _) = screen(&["fixtures/resumes"]);
    let (top, _, _) = screen(&["fixtures/resumes", "--top", "3"]);
    // The cut keeps the first three and everyone tied with the third, and says how many.
    let third = full.candidates[2].score;
    let tied_past = full.candidates[3..]
        .iter()
        .take_while(|c| c.score == third)
        .count();
    assert_eq!(top.candidates.len(), 3 + tied_past);
    assert_eq!(
        top.summary.kept_for_ties,
        (tied_past > 0).then_some(tied_past)
    );
    let kept: Vec<&str> = top.candidates.iter().map(|c| c.path.as_str()).collect();
    let expected: Vec<&str> = full.candidates[..3 + tied_past]
        .iter()
        .map(|c| c.path.as_str())
        .collect();
    assert_eq!(kept, expected);
    assert_eq!(top.errors.len(), full.errors.len());
    assert_eq!(top.summary.screened, full.summary.screened);
    let (min, _, _) = screen(&["fixtures/resumes", "--min-score", "50"]);
    assert!(min.candidates.iter().all(|c| c.score >= 50.0));
    assert!(!min.candidates.is_empty());
    assert_eq!(min.errors.len(), full.errors.len());
}

#[test]
fn output_to_a_device_writes_in_place() {
    bin()
        .args([
            "screen",
            "fixtures/resumes/generic-python.txt",
            "--quiet",
            "-o",
            "/dev/null",
        ])
        .assert()
        .code(0);
    let meta = std::fs::metadata("/dev/null").unwrap();
    assert!(!meta.is_file(), "/dev/null must stay a device");
}

#[test]
fn team_pack_gives_partial_credit_to_an_adjacent_framework() {
    let out = bin()
        .args([
            "test",
            "--rules",
            "examples/fastapi-team/fastapi-team.toml",
            "examples/fastapi-team",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert_eq!(stdout.lines().last(), Some("3 passed, 0 failed"));
}

#[test]
fn test_command_fails_with_a_readable_diff_when_a_rule_changes() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("quiet.toml");
    std::fs::write(
        &pack,
        "disable = [\"type-hints\"]\n\n[pack]\nid = \"quiet\"\nversion = \"1\"\n",
    )
    .unwrap();
    let out = bin()
        .args([
            "test",
            "fixtures/resumes/senior-backend-fastapi.txt",
            "--rules",
        ])
        .arg(&pack)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("FAIL fixtures/resumes/senior-backend-fastapi.txt [backend]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("- type-hints (expected, did not fire)"),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .last()
            .unwrap()
            .ends_with(" passed, 1 failed"),
        "{stdout}"
    );
}

#[test]
fn a_named_pipe_in_a_folder_is_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "fixtures/resumes/generic-python.txt",
        dir.path().join("cv.txt"),
    )
    .unwrap();
    let pipe = dir.path().join("pipe.txt");
    let c_path = std::ffi::CString::new(pipe.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates the pipe.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    // Nobody writes to the pipe: opening it to read would wait forever.
    let out = bin()
        .args(["screen", "--quiet"])
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Report = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report.candidates.len(), 1);
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].path, pipe.to_str().unwrap());
    assert_eq!(report.errors[0].kind, "io");
    assert!(report.errors[0].message.contains("not a regular file"));
}

#[test]
fn a_huge_one_line_resume_is_screened_in_linear_time() {
    // Every date range and piece of evidence is located by its line; on a file that is one
    // 1.9 MB line (just under the per-file text limit), a lookup that scanned the line would
    // make the run quadratic (hours, not seconds).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one-line.txt");
    std::fs::write(
        &path,
        "Python Django 2019 - 2021 served 40,000 users, 40% faster builds; ".repeat(29_000),
    )
    .unwrap();
    let out = bin()
        .args(["screen", "--quiet", "--as-of", AS_OF])
        .arg(&path)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "timed out or failed");
    let report: Report = serde_json::from_slice(&out.stdout).unwrap();
    let green: Vec<&str> = report.candidates[0]
        .green
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert!(green.contains(&"production-scale"), "{green:?}");
}

#[test]
fn output_extension_picks_the_format_unless_format_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, extra: &[&str]| -> String {
        let target = dir.path().join(name);
        let out = bin()
            .args([
                "screen",
                "--quiet",
                "fixtures/resumes/generic-python.txt",
                "-o",
            ])
            .arg(&target)
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}");
        std::fs::read_to_string(&target).unwrap()
    };
    // Spreadsheets need the byte-order mark to read UTF-8; tools can do without it.
    assert!(run("shortlist.csv", &[]).starts_with("\u{feff}rank,path,score,"));
    assert!(run("plain.csv", &["--csv-bom", "never"]).starts_with("rank,path,score,"));
    assert!(run("shard.jsonl", &[]).starts_with("{\"type\":\"header\""));
    assert!(run("report.json", &[]).starts_with("{\n  \"schema_version\": 2"));
    assert!(run("report.out", &[]).starts_with("{\n  \"schema_version\": 2"));
    // An explicit --format wins.
    assert!(run("forced.csv", &["--format", "jsonl"]).starts_with("{\"type\":"));
}

#[test]
fn a_folder_without_resumes_gives_an_empty_report_and_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.json"), "{}").unwrap();
    let out = bin()
        .args(["screen", "--quiet"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "nothing was screened");
    let report: Report = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report.candidates.is_empty() && report.errors.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning: no resume files"), "{stderr}");
}

#[test]
fn a_misspelled_subcommand_is_corrected_not_screened() {
    let out = bin().args(["scren", "fixtures/resumes"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing was screened");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("'screen'"),
        "names the subcommand meant: {stderr}"
    );
    // A file that really has such a name is screened.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("scren"),
        "Python developer: Django, pytest.",
    )
    .unwrap();
    bin()
        .current_dir(dir.path())
        .args(["scren", "--quiet"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("\"path\": \"scren\""));
}

#[test]
fn a_closed_stdout_is_an_error_not_a_lost_report() {
    let binary = assert_cmd::cargo::cargo_bin("resume-screen");
    // A reader gone before the first byte: said, exit 2.
    let mut child = std::process::Command::new(&binary)
        .args(["screen", "--quiet", "fixtures/resumes"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("closed before the report was written"),
        "{stderr}"
    );

    // A reader that stops early (`| head`) got part of it: quiet, and the exit code still says
    // some inputs failed (the fixture documents include broken ones).
    let mut child = std::process::Command::new(&binary)
        .args(["screen", "--quiet", "fixtures"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn limits_and_jobs_reject_non_finite_zero_and_absurd_values() {
    for (flag, value, says) in [
        ("--timeout", "inf", "not a finite number"),
        ("--timeout", "nan", "not a finite number"),
        ("--timeout", "0", "out of range"),
        ("--timeout=-1", "", "out of range"),
        ("--timeout", "1e9", "out of range"),
        ("--timeout", "soon", "not a number"),
        ("--max-memory", "0", "out of range"),
        ("--max-memory", "99999999999", "out of range"),
        ("--max-file-size", "0", "out of range"),
        ("--max-file-size", "100000", "out of range"),
        ("--max-pages", "0", "out of range"),
        ("-j", "0", "out of range"),
        ("-j", "100000", "out of range"),
        ("--jobs=-3", "", "not a whole number"),
    ] {
        let mut command = bin();
        command.args(["screen", "--quiet", "fixtures/resumes"]);
        if value.is_empty() {
            command.arg(flag);
        } else {
            command.args([flag, value]);
        }
        let out = command
            .timeout(std::time::Duration::from_secs(30))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}: {stderr}");
        assert!(stderr.contains(says), "{flag} {value}: {stderr}");
        assert!(out.stdout.is_empty(), "{flag} {value}: nothing screened");
    }
    // The same checks hold wherever the limits are accepted.
    let out = bin()
        .args(["extract", "--timeout", "inf", "fixtures/resumes/empty.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Values in range still work.
    let out = bin()
        .args(["screen", "--quiet", "-j", "256", "--timeout", "5"])
        .args([
            "--max-memory",
            "64",
            "--max-file-size",
            "1024",
            "--max-pages",
            "1",
        ])
        .arg("fixtures/resumes/bootcamp-then-production.txt")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

/// Three resumes with the same evidence in different words: they tie.
fn write_tied_resumes(dir: &std::path::Path, names: [&str; 3]) {
    let bodies = [
        "Backend developer\nExperience\nDeveloper, Acme (2019 - 2024)\nBuilt Django services in Python 3 with pytest.\n",
        "Backend developer\nExperience\nDeveloper, Beta (2019 - 2024)\nWrote Django services in Python 3 and tested them with pytest.\n",
        "Backend developer\nExperience\nDeveloper, Gamma (2019 - 2024)\nMaintained Django services in Python 3, covered by pytest.\n",
    ];
    for (name, body) in names.iter().zip(bodies) {
        std::fs::write(dir.join(name), body).unwrap();
    }
}

#[test]
fn ties_share_a_rank_in_content_order_and_top_keeps_the_whole_tie() {
    let mut orders = Vec::new();
    for names in [["a.txt", "b.txt", "c.txt"], ["c.txt", "b.txt", "a.txt"]] {
        let dir = tempfile::tempdir().unwrap();
        write_tied_resumes(dir.path(), names);
        let (report, _, _) = screen(&[dir.path().to_str().unwrap()]);
        let scores: Vec<f64> = report.candidates.iter().map(|c| c.score).collect();
        assert!(
            scores.windows(2).all(|w| w[0] == w[1]),
            "the fixture must tie: {scores:?}"
        );
        assert!(report.candidates.iter().all(|c| c.rank == 1));
        // The order inside the tie is that of the file hashes, whatever the names.
        let hashes: Vec<String> = report.candidates.iter().map(|c| c.sha256.clone()).collect();
        let mut sorted = hashes.clone();
        sorted.sort();
        assert_eq!(hashes, sorted);
        orders.push(hashes);

        let out = bin()
            .args(["screen", dir.path().to_str().unwrap(), "--top", "1"])
            .args(["--as-of", AS_OF])
            .output()
            .unwrap();
        let top: Report = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(top.candidates.len(), 3, "a --top cut never splits a tie");
        assert_eq!(top.summary.kept_for_ties, Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("--top 1 kept 3 candidates"), "{stderr}");
    }
    assert_eq!(orders[0], orders[1], "renaming the files changed the order");
}
