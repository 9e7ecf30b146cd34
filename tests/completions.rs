//! `completions`: shell scripts and the man page, generated from the clap definitions.

mod common;

use common::bin;

fn completions(target: &str) -> String {
    let out = bin().args(["completions", target]).output().unwrap();
    assert!(
        out.status.success(),
        "{target}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty(), "{target}: nothing on stderr");
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn every_shell_gets_a_script_naming_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = completions(shell);
        for word in [
            "resume-screen",
            "screen",
            "merge",
            "completions",
            "min-score",
        ] {
            assert!(script.contains(word), "{shell} script lacks {word}");
        }
        assert!(
            !script.contains("__extract-worker"),
            "{shell} offers the hidden worker"
        );
    }
}

#[test]
fn unknown_target_is_a_usage_error() {
    bin().args(["completions", "tcsh"]).assert().code(2);
}

/// What bash offers for the words typed so far (the last one being completed), by running the
/// generated completion function; `None` when bash is not installed.
fn bash_complete(script: &str, words: &[&str]) -> Option<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("resume-screen.bash");
    std::fs::write(&path, script).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let cword = words.len() - 1;
    let prev = if cword > 0 { words[cword - 1] } else { "" };
    let program = format!(
        "source '{}'\n\
         COMP_WORDS=({})\nCOMP_CWORD={cword}\n\
         func=$(complete -p resume-screen | sed -E 's/.*-F ([^ ]+).*/\\1/')\n\
         \"$func\" resume-screen '{}' '{prev}'\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        path.display(),
        quoted.join(" "),
        words[cword],
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect(),
    )
}

#[test]
fn bash_completes_subcommands_their_options_and_values() {
    let script = completions("bash");
    let Some(top) = bash_complete(&script, &["resume-screen", "me"]) else {
        eprintln!("skipped: bash is not installed");
        return;
    };
    assert_eq!(top, ["merge"]);
    // Past a subcommand (clap-rs/clap#6421: broken for hyphenated names without our fix).
    let options = bash_complete(&script, &["resume-screen", "merge", "--mi"]).unwrap();
    assert_eq!(options, ["--min-score"]);
    let roles = bash_complete(&script, &["resume-screen", "screen", "--role", ""]).unwrap();
    assert_eq!(roles, ["backend", "data", "ml", "devops"]);
    let nested = bash_complete(&script, &["resume-screen", "rules", "list", "--fo"]).unwrap();
    assert_eq!(nested, ["--format"]);
    let targets = bash_complete(&script, &["resume-screen", "completions", "m"]).unwrap();
    assert_eq!(targets, ["man"]);
}

#[test]
fn man_page_is_roff_for_the_whole_tool() {
    let page = completions("man");
    let title = page
        .lines()
        .find(|l| !l.starts_with(".ie") && !l.starts_with(".el"))
        .unwrap();
    assert!(title.starts_with(".TH resume-screen 1 "), "{title}");
    assert!(page.contains("resume\\-screen"));
    // One page, with a section for every visible subcommand and its options.
    for command in [
        "screen",
        "explain",
        "extract",
        "merge",
        "completions",
        "rules",
        "rules check",
        "rules list",
        "test",
    ] {
        let heading = format!(".SH \"COMMAND: resume\\-screen {command}\"");
        assert!(page.contains(&heading), "no section {heading}");
    }
    assert!(page.contains("\\-\\-min\\-score"));
    assert!(!page.contains("extract\\-worker"));
    assert!(
        !page.contains("resume\\-screen\\-screen(1)"),
        "no dangling see-also pages"
    );

    // When man is installed, the page renders without warnings.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("resume-screen.1");
    std::fs::write(&path, &page).unwrap();
    let rendered = std::process::Command::new("man")
        .arg("-l")
        .arg(&path)
        .env("MANWIDTH", "100")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output();
    match rendered {
        Ok(out) if out.status.success() => {
            // Drop nroff's overstrike bold ("N\x08N").
            let mut text = String::new();
            for ch in String::from_utf8_lossy(&out.stdout).chars() {
                if ch == '\u{8}' {
                    text.pop();
                } else {
                    text.push(ch);
                }
            }
            assert!(text.contains("COMMAND: resume-screen merge"), "{text}");
            assert!(
                out.stderr.is_empty(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        _ => eprintln!("skipped rendering: man is not installed"),
    }
}
