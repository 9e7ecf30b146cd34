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

#[test]
fn strict_checks_count_warnings_in_the_users_packs_only() {
    let dir = tempfile::tempdir().unwrap();
    // Disabling `python2` leaves the embedded `python2-only` unable to fire: a warning at a
    // position in an embedded pack, which --strict must not count.
    let path = pack(&dir, "weight = 1\n");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("disable = [\"python2\"]\n{text}")).unwrap();
    let out = bin()
        .args(["rules", "check", "--strict", "--rules"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let in_defaults = stdout
        .lines()
        .find(|l| l.contains("warning: rule 'python2-only' can never fire: 'python2' is disabled"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        in_defaults.starts_with("rules/python-core.toml:"),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 warning(s) (1 in the embedded default packs, not counted by --strict)"),
        "{stdout}"
    );

    // The same kind of warning in the user's own pack still fails.
    std::fs::write(
        &path,
        format!("{text}\n[[rule]]\nid = \"lonely\"\nkind = \"signal\"\nphrases = [\"flask\"]\n"),
    )
    .unwrap();
    let out = bin()
        .args(["rules", "check", "--strict", "--rules"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("signal 'lonely' is never used"), "{stdout}");
}

#[test]
fn rules_on_protected_attributes_warn_in_check_and_screen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.toml");
    std::fs::write(
        &path,
        "[pack]\nid = \"team\"\nversion = \"1\"\n\n\
         [[skill]]\nname = \"Catholic\"\ncategory = \"languages\"\n\n\
         [[rule]]\nid = \"citizens\"\nkind = \"green\"\ntitle = \"T\"\ncategory = \"c\"\nweight = 1\n\
         phrases = [\"US citizen\", \"Python\"]\npatterns = ['\\bage \\d{2}\\b']\n\n\
         [[rule]]\nid = \"family\"\nkind = \"yellow\"\ntitle = \"T\"\ncategory = \"c\"\nweight = 1\n\
         phrases = [\"married\", \"wife\", \"headshot\", \"veteran\", \"native English speaker\"]\n",
    )
    .unwrap();
    let expected = [
        "team.toml:6:8: warning: skill 'Catholic' is spelled like protected-attribute text \"Catholic\" (religion)",
        "team.toml:15:12: warning: rule 'citizens' matches protected-attribute text \"US citizen\" (nationality)",
        "team.toml:16:13: warning: rule 'citizens' matches protected-attribute text \"age 25\" (age)",
        "team.toml:24:12: warning: rule 'family' matches protected-attribute text \"Marital status: married\"",
        "team.toml:24:23: warning: rule 'family' matches protected-attribute text \"my wife\"",
        "team.toml:24:31: warning: rule 'family' matches protected-attribute text \"headshot\" (photo)",
        "team.toml:24:43: warning: rule 'family' matches protected-attribute text \"veteran\" (veteran status)",
        "team.toml:24:54: warning: rule 'family' matches protected-attribute text \"native English speaker\" (nationality)",
    ];
    let out = bin()
        .args(["rules", "check", "--rules"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "warnings only: {stdout}");
    for line in expected {
        assert!(stdout.contains(line), "{line}\n{stdout}");
    }
    assert!(!stdout.contains("\"Python\""), "{stdout}");
    assert!(stdout.contains("0 error(s), 8 warning(s)"), "{stdout}");

    let out = bin()
        .args(["screen", "fixtures/resumes/generic-python.txt", "--quiet"])
        .args(["--as-of", AS_OF, "--format", "json", "--rules"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    for line in expected {
        assert!(stderr.contains(line), "{line}\n{stderr}");
    }
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["candidates"].as_array().unwrap().len(), 1);

    // The defaults alone print nothing to stderr.
    let out = bin()
        .args(["screen", "fixtures/resumes/generic-python.txt", "--quiet"])
        .args(["--as-of", AS_OF, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn rules_check_lists_every_error_of_a_file_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.toml");
    std::fs::write(
        &path,
        "[pack]\nid = \"team\"\nversion = \"1\"\n\n\
         [[skill]]\nname = \"Litestar\"\ncategory = \"web_framework\"\n\n\
         [[rule]]\nid = \"a\"\nkind = \"green\"\ntitle = \"A\"\ncategory = \"c\"\n\
         wieght = 2\npatterns = ['(unclosed']\nskill_categories = [\"databse\"]\n\n\
         [[rule]]\nid = \"b\"\nkind = \"green\"\ntitle = \"B\"\ncategory = \"c\"\nweight = -1\n\
         phrases = [\"x\"]\n\n\
         [[rule]]\nid = \"b\"\nkind = \"green\"\ntitle = \"B\"\ncategory = \"c\"\nphrases = [\"y\"]\n",
    )
    .unwrap();
    let out = bin()
        .args(["rules", "check", "--rules"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    for expected in [
        "team.toml:7:12: error: unknown skill category 'web_framework' for skill 'Litestar' (did you mean 'web-frameworks'?)",
        "team.toml:14:1: error: unknown field `wieght` in rule 'a', expected one of",
        "team.toml:15:13: error: invalid regex in rule 'a'",
        "team.toml:16:21: error: unknown skill category 'databse' (did you mean 'databases'?)",
        "team.toml:19:6: error: rule 'b': weights are magnitudes and must not be negative",
        "team.toml:27:6: error: duplicate rule id 'b' (first defined at line 19)",
        "4 pack(s) checked: 6 error(s), 0 warning(s)",
    ] {
        assert!(stdout.contains(expected), "{expected}\n{stdout}");
    }

    // screen refuses the pack with the same list on stderr.
    let out = bin()
        .args(["screen", "fixtures/resumes/generic-python.txt", "--quiet"])
        .args(["--as-of", AS_OF, "--rules"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("invalid rule packs (6 error(s))"),
        "{stderr}"
    );
}

#[test]
fn a_declared_skill_category_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.toml");
    std::fs::write(
        &path,
        "[pack]\nid = \"team\"\nversion = \"1\"\nskill_categories = [\"in-house\"]\n\n\
         [[skill]]\nname = \"Acme RPC\"\ncategory = \"in-house\"\n",
    )
    .unwrap();
    bin()
        .args(["rules", "check", "--strict", "--rules"])
        .arg(&path)
        .assert()
        .code(0)
        .stdout(predicates::str::contains("0 error(s), 0 warning(s)"));
}
