//! End-to-end tests of `explain`: the human-readable account of one resume.

mod common;

use assert_cmd::Command;
use common::{bin, AS_OF};
use predicates::prelude::*;

fn explain(args: &[&str]) -> Command {
    let mut cmd = bin();
    cmd.arg("explain")
        .args(args)
        .args(["--as-of", AS_OF])
        // The developer's own environment must not decide whether colour is tested.
        .env_remove("NO_COLOR");
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "exit {:?}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The text between a heading line starting with `heading` and the next blank line.
fn section<'a>(stdout: &'a str, heading: &str) -> &'a str {
    let start = stdout
        .find(&format!("\n{heading}"))
        .unwrap_or_else(|| panic!("no {heading:?} section in:\n{stdout}"));
    let rest = &stdout[start + 1..];
    rest.find("\n\n").map_or(rest, |end| &rest[..end])
}

const SENIOR: &str = "fixtures/resumes/senior-backend-fastapi.txt";

#[test]
fn piped_output_marks_matches_without_escape_codes() {
    let stdout = stdout_of(&mut explain(&[SENIOR]));
    assert!(!stdout.contains('\x1b'), "{stdout}");
    assert!(stdout.starts_with(SENIOR), "{stdout}");
    assert!(stdout.contains("[[FastAPI]]"), "{stdout}");
    // Evidence is shown in its whole line, not just as the matched words.
    assert!(
        stdout.contains(
            "services in [[FastAPI]] and [[Django]] and run them in production at scale."
        ),
        "{stdout}"
    );
    let green = section(&stdout, "Green flags");
    for id in [
        "specific-framework",
        "production-scale",
        "type-hints",
        "testing-framework",
    ] {
        assert!(
            green.contains(&format!("✔ {id} ")),
            "{id} missing:\n{green}"
        );
    }
    assert!(stdout.contains("score:"), "{stdout}");
    assert!(section(&stdout, "Scorecard").contains("/3"), "{stdout}");
    assert!(
        section(&stdout, "Skills found").contains("FastAPI"),
        "{stdout}"
    );
    let not_found = section(&stdout, "Looked for and not found");
    assert!(not_found.contains("generic-python"), "{not_found}");
    // Fired rules are not listed as missing.
    assert!(!not_found.contains("specific-framework"), "{not_found}");
}

#[test]
fn conditions_name_signals_by_what_they_mean() {
    let stdout = stdout_of(&mut explain(&["fixtures/resumes/generic-python.txt"]));
    let not_found = section(&stdout, "Looked for and not found");
    let python2_only = not_found
        .lines()
        .find(|l| l.contains("python2-only"))
        .unwrap_or_else(|| panic!("python2-only not listed:\n{not_found}"));
    assert!(
        python2_only.contains("all of [\"Python 2 named explicitly\"]")
            && python2_only.contains("none of [\"Recent Python 3\"]"),
        "{python2_only}"
    );
    // Internal signal ids stay internal; reported ids may be named.
    assert!(!not_found.contains("[python3]"), "{not_found}");
    assert!(!not_found.contains("mentions-python"), "{not_found}");
}

#[test]
fn output_is_deterministic() {
    let first = stdout_of(&mut explain(&[SENIOR]));
    let second = stdout_of(&mut explain(&[SENIOR]));
    assert_eq!(first, second);
}

#[test]
fn color_always_uses_ansi_codes() {
    let stdout = stdout_of(&mut explain(&[SENIOR, "--color", "always"]));
    assert!(stdout.contains("\x1b["), "{stdout}");
    // Green evidence in bold green, and no plain markers when colour does the highlighting.
    assert!(stdout.contains("\x1b[1;32mFastAPI\x1b[0m"), "{stdout}");
    assert!(!stdout.contains("[[FastAPI]]"), "{stdout}");
}

#[test]
fn color_never_and_no_color_turn_colour_off() {
    let stdout = stdout_of(explain(&[SENIOR, "--color", "auto"]).env("NO_COLOR", "1"));
    assert!(!stdout.contains('\x1b'), "{stdout}");
    let stdout = stdout_of(&mut explain(&[SENIOR, "--color", "never"]));
    assert!(!stdout.contains('\x1b'), "{stdout}");
}

#[test]
fn sensitive_yellow_flag_shows_its_note_and_is_not_scored() {
    let stdout = stdout_of(&mut explain(&["fixtures/resumes/python2-legacy.txt"]));
    let yellow = section(&stdout, "Yellow flags");
    assert!(yellow.contains("! python2-only "), "{yellow}");
    assert!(yellow.contains("(sensitive, not scored)"), "{yellow}");
    assert!(
        yellow.contains("note: no mention of Python 3 found"),
        "{yellow}"
    );
    assert!(yellow.contains("[[Python 2.7]]"), "{yellow}");
    assert!(
        stdout.contains("sensitive flags not scored: python2-only"),
        "{stdout}"
    );

    let scored = stdout_of(&mut explain(&[
        "fixtures/resumes/python2-legacy.txt",
        "--score-sensitive",
    ]));
    assert!(!scored.contains("not scored"), "{scored}");
}

#[test]
fn unreadable_document_is_reported_on_stderr_with_exit_1() {
    explain(&["fixtures/documents/image-only.pdf"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "fixtures/documents/image-only.pdf: could not be screened: no_text: ",
        ));
}

#[test]
fn missing_file_is_an_io_error_with_exit_1() {
    explain(&["fixtures/resumes/does-not-exist.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("could not be screened: io: "));
}

#[test]
fn control_characters_in_a_resume_cannot_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil.txt");
    std::fs::write(
        &path,
        "Python developer\nBuilt APIs in FastAPI \x1b[2J\x1b]0;owned\x07 with pytest\n",
    )
    .unwrap();
    let stdout = stdout_of(&mut explain(&[path.to_str().unwrap()]));
    assert!(!stdout.contains('\x1b'), "{stdout:?}");
    assert!(!stdout.contains('\x07'), "{stdout:?}");
    assert!(stdout.contains("[[FastAPI]]"), "{stdout}");
}
