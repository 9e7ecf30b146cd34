//! Blind review end to end: resumes holding every form of the contact corpus
//! (`tests/fixtures/redaction/contact-forms.tsv`) are screened with `--redact`, and no form leaves
//! anything behind in any format, while the evidence (frameworks, date ranges, metrics) stays.

mod common;

use common::{bin, jsonl, AS_OF};
use std::path::Path;

/// The name every resume without a name form is written under; it must never show either.
const HOLDER: &str = "Ingrid Solberg-Maas";

/// One corpus entry.
struct Form {
    kind: String,
    form: String,
    secrets: Vec<String>,
}

fn corpus() -> Vec<Form> {
    std::fs::read_to_string("tests/fixtures/redaction/contact-forms.tsv")
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let fields: Vec<&str> = l.split('\t').collect();
            Form {
                kind: fields[0].to_string(),
                form: fields[1].to_string(),
                secrets: fields[2].split(',').map(str::to_string).collect(),
            }
        })
        .collect()
}

/// The lines of evidence every resume carries, with `detail` where a contact detail goes: right
/// after a match, where the engine's snippet window cuts it in half on the right, and on the
/// left, so a snippet is cut inside the detail on both sides.
fn evidence_lines(detail: &str, mention: &str) -> String {
    format!(
        "SUMMARY\n\
         Backend engineer writing Python 3.12 services in Django and FastAPI since 2019 – 2023.\n\
         EXPERIENCE\n\
         Built Django REST Framework services, contact {detail} | handling 10,000 requests per second.\n\
         Ran PostgreSQL upgrades 01/2020 - 03/2023 {pad} {detail} and {mention} led pytest adoption.\n\
         {detail}{pad2} monitored with Sentry, typed with mypy.\n\
         {mention} wrote the Celery jobs.\n",
        pad = "z".repeat(27),
        pad2 = " w".repeat(20),
    )
}

/// A resume for one form, and the words its name is written with.
fn resume(form: &Form) -> (String, Vec<String>) {
    let holder: Vec<String> = vec!["Ingrid".into(), "Solberg".into(), "Maas".into()];
    match form.kind.as_str() {
        "name-line" => {
            let mention = form.secrets.join(" ");
            (
                format!("{}\n{}", form.form, evidence_lines("", &mention)),
                form.secrets.clone(),
            )
        }
        "name-local" => {
            let (email, name) = form.form.split_once(" → ").unwrap();
            (
                format!(
                    "CURRICULUM VITAE\n{email}\n{}",
                    evidence_lines("", &name.to_uppercase())
                ),
                form.secrets.clone(),
            )
        }
        "name-signature" => {
            let (closing, name) = form.form.split_once(" → ").unwrap();
            (
                format!("RESUME\n{}{closing}\n{name}\n", evidence_lines("", name)),
                form.secrets.clone(),
            )
        }
        "name-field" => {
            let name = form.form.split_once(": ").unwrap().1;
            (
                format!(
                    "RESUME\nSKILLS\nPython\n{}\n{}",
                    form.form,
                    evidence_lines("", name)
                ),
                form.secrets.clone(),
            )
        }
        _ => (
            format!("{HOLDER}\n{}", evidence_lines(&form.form, "Ingrid")),
            holder,
        ),
    }
}

/// The corpus as an inbox: one resume per form (`cand-NN.txt`) and what each must hide.
fn inbox() -> (tempfile::TempDir, Vec<(String, Form, Vec<String>)>) {
    let dir = tempfile::tempdir().unwrap();
    let forms = corpus();
    assert!(forms.len() >= 60, "{} forms", forms.len());
    let mut cases = Vec::new();
    for (i, form) in forms.into_iter().enumerate() {
        let (text, names) = resume(&form);
        let name = format!("cand-{i:02}.txt");
        std::fs::write(dir.path().join(&name), &text).unwrap();
        cases.push((text, form, names));
    }
    (dir, cases)
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// True when `secret` shows in `text`: as digits with every separator removed for phones and
/// addresses, as a whole word in any case for a one-word name, else as text in any case.
fn shows(kind: &str, secret: &str, text: &str) -> bool {
    if matches!(kind, "phone" | "address") {
        return digits(text).contains(secret);
    }
    let text = text.to_lowercase();
    let secret = secret.to_lowercase();
    if secret.chars().all(char::is_alphabetic) && secret.is_ascii() {
        return text
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| word == secret);
    }
    text.contains(&secret)
}

/// Every string of a JSON value except hashes and ids, which are hex and say nothing.
fn strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => {
            let hex = s.len() == 64 && s.chars().all(|c| c.is_ascii_hexdigit());
            if !hex && !s.starts_with("cand-") && !s.starts_with("input-") {
                out.push(s.clone());
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

fn screen(dir: &Path, format: &str) -> Vec<u8> {
    let out = bin()
        .args(["screen", "--redact", "--quiet", "--format", format])
        .args(["--as-of", AS_OF])
        .arg(dir)
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    out.stdout
}

#[test]
fn the_contact_corpus_leaks_nothing_in_any_format_and_the_evidence_stays() {
    let (dir, cases) = inbox();
    // The check can fail only because of the detail: no other line of a resume holds any of its
    // secrets (each snippet is one line).
    for (_, form, names) in &cases {
        let (clean, _) = resume(&Form {
            kind: "phone".into(),
            form: String::new(),
            secrets: Vec::new(),
        });
        for secret in &form.secrets {
            assert!(
                clean.lines().all(|line| !shows(&form.kind, secret, line))
                    || form.kind.starts_with("name"),
                "the template holds {secret}"
            );
        }
        assert!(!names.is_empty());
    }
    let json: serde_json::Value = serde_json::from_slice(&screen(dir.path(), "json")).unwrap();
    let records = jsonl(&screen(dir.path(), "jsonl"));
    let csv = String::from_utf8(screen(dir.path(), "csv")).unwrap();
    let candidates = json["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), cases.len(), "every resume is screened");

    let mut failures = Vec::new();
    for (format, values) in [("json", vec![json.clone()]), ("jsonl", records)] {
        let mut texts = Vec::new();
        for value in &values {
            strings(value, &mut texts);
        }
        for (_, form, names) in &cases {
            let name_kind = if form.kind.starts_with("name") {
                "name"
            } else {
                "holder"
            };
            for text in &texts {
                for secret in &form.secrets {
                    if shows(&form.kind, secret, text) {
                        failures.push(format!(
                            "{format}: {} {:?} in {text:?}",
                            form.kind, form.form
                        ));
                    }
                }
                for name in names {
                    if shows(name_kind, name, text) {
                        failures.push(format!("{format}: name {name} in {text:?}"));
                    }
                }
            }
        }
    }
    for (_, form, names) in &cases {
        for secret in form.secrets.iter().chain(names) {
            let kind = if matches!(form.kind.as_str(), "phone" | "address") {
                "text"
            } else {
                form.kind.as_str()
            };
            for cell in csv.split([',', '\n']) {
                let id = cell.starts_with("cand-") || cell.starts_with("input-");
                if !id && shows(kind, secret, cell) {
                    failures.push(format!("csv: {secret} in {cell:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));

    // The evidence a reviewer needs is still there.
    let report = json.to_string();
    for evidence in [
        "Django REST Framework",
        "2019 – 2023",
        "01/2020 - 03/2023",
        "10,000 requests per second",
        "PostgreSQL",
        "pytest",
        "mypy",
        "Python 3.12",
    ] {
        assert!(report.contains(evidence), "{evidence} is gone");
    }
    // Masks stand where the details were.
    for token in ["[phone]", "[email]", "[address]", "[url]", "[name]"] {
        assert!(report.contains(token), "no {token} in the report");
    }
}

#[test]
fn error_messages_do_not_name_the_candidate_in_any_format() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Jane_Doe");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("cv.txt"),
        "Jane Doe\nPython developer with Django.\n",
    )
    .unwrap();
    // A link to the folder itself: the walk's skip reason quotes the folder. A dangling link
    // named after the candidate is an error entry.
    std::os::unix::fs::symlink(&folder, folder.join("loop")).unwrap();
    std::os::unix::fs::symlink(folder.join("gone.pdf"), folder.join("Jane_Doe_CV.pdf")).unwrap();
    let plain = bin()
        .args(["screen", "--quiet", "--format", "jsonl"])
        .arg(&folder)
        .output()
        .unwrap();
    let plain = String::from_utf8_lossy(&plain.stdout);
    assert!(
        plain
            .lines()
            .any(|l| l.contains("\"skipped\"") && l.contains("Jane_Doe")),
        "the unredacted reason names the folder: {plain}"
    );
    for format in ["json", "jsonl", "csv"] {
        let out = bin()
            .args(["screen", "--quiet", "--redact", "--format", format])
            .arg(&folder)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("input-"), "{format}: {text}");
        assert!(
            !text.contains("Jane") && !text.contains("Doe"),
            "{format}: {text}"
        );
    }
}

#[test]
fn explain_and_extract_redact_their_output() {
    let (dir, cases) = inbox();
    let pick = |kind: &str| {
        cases
            .iter()
            .position(|(_, f, _)| f.kind == kind)
            .map(|i| dir.path().join(format!("cand-{i:02}.txt")))
            .unwrap()
    };
    for (kind, secret, path) in [
        ("phone", "2079460958", pick("phone")),
        ("email", "jane.doe", pick("email")),
        ("name", "Jane", pick("name-line")),
    ] {
        let explain = bin()
            .args(["explain", "--redact", "--color", "never", "--as-of", AS_OF])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(explain.status.code(), Some(0), "{explain:?}");
        let shown = String::from_utf8_lossy(&explain.stdout);
        assert!(!shows(kind, secret, &shown), "explain: {shown}");
        assert!(!shows("name", "Ingrid", &shown), "explain: {shown}");
        assert!(shown.starts_with("cand-"), "explain shows an id: {shown}");
        assert!(
            !shown.contains("cand-0") && !shown.contains(".txt"),
            "{shown}"
        );
        assert!(shown.contains("Django REST Framework"), "{shown}");

        let extract = bin()
            .args(["extract", "--redact"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(extract.status.code(), Some(0), "{extract:?}");
        let text = String::from_utf8_lossy(&extract.stdout);
        assert!(!shows(kind, secret, &text), "extract: {text}");
        assert!(!shows("name", "Ingrid", &text), "extract: {text}");
        assert!(
            text.contains("2019 – 2023") && text.contains("10,000 requests"),
            "{text}"
        );

        // Without the flag both show the text as it is.
        let plain = bin().args(["extract"]).arg(&path).output().unwrap();
        assert!(shows(kind, secret, &String::from_utf8_lossy(&plain.stdout)));
    }

    // A failure names an id and hides the folder, not the file.
    let folder = dir.path().join("Jane_Doe");
    std::fs::create_dir(&folder).unwrap();
    let empty = folder.join("cv.txt");
    std::fs::write(&empty, "").unwrap();
    for command in ["explain", "extract"] {
        let out = bin()
            .args([command, "--redact"])
            .arg(&empty)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("Jane"), "{command}: {stderr}");
        assert!(stderr.contains("input-"), "{command}: {stderr}");
    }
}
