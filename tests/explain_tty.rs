//! `explain` and `screen` in a real terminal: colours on when stdout is a TTY, off when NO_COLOR
//! is set; `screen` draws its table there and keeps JSON for pipes.
//! Runs under tmux (installed by `.ci/run`, where its absence fails the test); skipped with a
//! note elsewhere when tmux is missing.

use std::process::Command;
use std::time::{Duration, Instant};

fn tmux(args: &[&str]) -> std::process::Output {
    Command::new("tmux").args(args).output().expect("tmux runs")
}

/// Runs `command` in a detached 160x50 tmux session and returns the screen with its escapes.
fn run_in_terminal(session: &str, command: &str) -> String {
    let _ = tmux(&["kill-session", "-t", session]);
    let started = tmux(&[
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "160",
        "-y",
        "50",
        "sh",
        "-c",
        &format!("{command}; echo __done__; sleep 30"),
    ]);
    assert!(started.status.success(), "{started:?}");
    let deadline = Instant::now() + Duration::from_secs(60);
    let screen = loop {
        let out = tmux(&["capture-pane", "-e", "-p", "-S", "-200", "-t", session]);
        let screen = String::from_utf8_lossy(&out.stdout).into_owned();
        if screen.contains("__done__") || Instant::now() > deadline {
            break screen;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let _ = tmux(&["kill-session", "-t", session]);
    screen
}

/// Whether tmux can run here; without it a test skips with a note, except where
/// `RESUME_SCREEN_REQUIRE_TOOLS` is set (`.ci/run` installs tmux and sets it, so CI never passes
/// without running the terminal tests).
fn tmux_installed() -> bool {
    if Command::new("tmux").arg("-V").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("RESUME_SCREEN_REQUIRE_TOOLS").is_none(),
        "tmux is required here"
    );
    eprintln!("tmux not installed: terminal test skipped");
    false
}

#[test]
fn explain_uses_colour_in_a_terminal_and_respects_no_color() {
    if !tmux_installed() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_resume-screen");
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/resumes/senior-backend-fastapi.txt"
    );
    let base =
        format!("env -u NO_COLOR TERM=xterm-256color {bin} explain {fixture} --as-of 2026-06-30");
    let screen = run_in_terminal(&format!("rs-colour-{}", std::process::id()), &base);
    assert!(screen.contains("specific-framework"), "{screen}");
    assert!(
        screen.contains("\u{1b}["),
        "no colour in a terminal:\n{screen}"
    );
    assert!(
        !screen.contains("[[FastAPI]]"),
        "plain markers in a terminal:\n{screen}"
    );

    let plain =
        format!("NO_COLOR=1 TERM=xterm-256color {bin} explain {fixture} --as-of 2026-06-30");
    let screen = run_in_terminal(&format!("rs-plain-{}", std::process::id()), &plain);
    assert!(screen.contains("specific-framework"), "{screen}");
    assert!(screen.contains("[[FastAPI]]"), "{screen}");
    let coloured_text = screen.contains("\u{1b}[1;32m") || screen.contains("\u{1b}[32m");
    assert!(!coloured_text, "NO_COLOR ignored:\n{screen}");
}

#[test]
fn screen_draws_a_table_in_a_terminal_and_writes_json_to_a_pipe() {
    if !tmux_installed() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_resume-screen");
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/resumes");
    let base = format!(
        "env -u NO_COLOR -u COLUMNS TERM=xterm-256color {bin} screen {fixtures} --quiet \
         --as-of 2026-06-30"
    );
    let screen = run_in_terminal(&format!("rs-table-{}", std::process::id()), &base);
    assert!(screen.contains("RANK"), "{screen}");
    assert!(
        screen.contains("SCORE") && screen.contains("CANDIDATE"),
        "{screen}"
    );
    assert!(
        screen.contains("\u{1b}["),
        "no colour in a terminal:\n{screen}"
    );
    assert!(
        !screen.contains("schema_version"),
        "JSON in a terminal:\n{screen}"
    );
    assert!(screen.contains("+specific-framework"), "{screen}");
    // Drawn to the terminal's 160 columns: no row wraps onto a second line.
    let plain = |line: &str| {
        let mut text = String::new();
        let mut escape = false;
        for c in line.chars() {
            match c {
                '\u{1b}' => escape = true,
                'm' if escape => escape = false,
                _ if !escape => text.push(c),
                _ => {}
            }
        }
        text
    };
    let rows: Vec<String> = screen
        .lines()
        .map(plain)
        .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert!(rows.len() > 20, "{screen}");
    assert!(rows.iter().all(|l| l.chars().count() <= 160), "{rows:?}");

    let piped = format!("{base} | head -c 40");
    let screen = run_in_terminal(&format!("rs-piped-{}", std::process::id()), &piped);
    assert!(screen.contains("\"schema_version\": 2"), "{screen}");
    assert!(!screen.contains("RANK"), "{screen}");
}
