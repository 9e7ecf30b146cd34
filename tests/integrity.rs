//! Resumes that try to game the screener (issue 12): hidden text, look-alike characters, keyword
//! stuffing and ties. Each attack is a committed fixture; these tests pin what a reviewer sees.

mod common;
mod schema;

use common::{bin, AS_OF};
use schema::Report;

fn screen(paths: &[&str]) -> Report {
    let out = bin()
        .arg("screen")
        .args(paths)
        .args(["--as-of", AS_OF, "--quiet", "--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "report does not match the schema: {e}\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

#[test]
fn hidden_docx_text_changes_nothing_but_the_hidden_text_flag() {
    let report = screen(&[
        "fixtures/documents/hidden-text.docx",
        "fixtures/resumes/tutorial-only.txt",
    ]);
    let hidden = report
        .candidates
        .iter()
        .find(|c| c.path.ends_with("hidden-text.docx"))
        .unwrap();
    let plain = report
        .candidates
        .iter()
        .find(|c| c.path.ends_with("tutorial-only.txt"))
        .unwrap();
    assert_eq!(hidden.score, plain.score);
    let ids = |flags: &[schema::Flag]| flags.iter().map(|f| f.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&hidden.green), ids(&plain.green));
    assert_eq!(ids(&hidden.yellow), ["tutorial-only", "hidden-text"]);
    let flag = hidden
        .yellow
        .iter()
        .find(|f| f.id == "hidden-text")
        .unwrap();
    assert_eq!(flag.category, "integrity");
    assert_eq!(flag.weight, 0.0);
    let hows: Vec<&str> = flag
        .evidence
        .iter()
        .map(|e| e.how.as_deref().unwrap())
        .collect();
    assert_eq!(
        hows,
        [
            "vanish",
            "vanish",
            "same-colour-as-page",
            "tiny-font",
            "same-colour-as-shading",
            "same-colour-as-page"
        ]
    );
    assert!(flag.evidence.iter().all(|e| e.text.contains("FastAPI")));
    assert!(flag.note.as_deref().unwrap().contains("not screened"));
}

#[test]
fn a_colourful_genuine_docx_has_no_hidden_text() {
    let report = screen(&["fixtures/documents/visible-colours.docx"]);
    let candidate = &report.candidates[0];
    assert!(candidate.yellow.iter().all(|f| f.category != "integrity"));
}

#[test]
fn extract_shows_hidden_text_apart_and_marked() {
    let out = bin()
        .args(["extract", "fixtures/documents/hidden-text.docx"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let (visible, hidden) = text
        .split_once("--- hidden text (not screened) ---\n")
        .expect("a hidden-text section");
    assert!(!visible.contains("FastAPI"), "{visible}");
    assert!(visible.contains("References on request."));
    assert_eq!(hidden.lines().count(), 6, "{hidden}");
    assert!(
        hidden.starts_with("[line 3, vanish] Senior backend engineer"),
        "{hidden}"
    );
}

#[test]
fn explain_and_csv_show_the_hidden_text_flag() {
    let out = bin()
        .args([
            "explain",
            "fixtures/documents/hidden-text.docx",
            "--as-of",
            AS_OF,
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("hidden-text  Text a reader cannot see (not screened)  weight 0 (integrity, not scored)"),
        "{text}"
    );
    assert!(
        text.contains("line 7: font under 4 pt: Senior backend engineer"),
        "{text}"
    );
    let out = bin()
        .args(["screen", "--format", "csv", "--quiet", "--as-of", AS_OF])
        .arg("fixtures/documents/hidden-text.docx")
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.contains("tutorial-only;hidden-text"), "{csv}");
}

#[test]
fn lookalike_and_invisible_spellings_do_not_dodge_rules_and_are_flagged() {
    let report = screen(&[
        "fixtures/resumes/lookalike-tutorial.txt",
        "fixtures/resumes/tutorial-only.txt",
        "fixtures/resumes/russian-developer.txt",
    ]);
    let find = |name: &str| {
        report
            .candidates
            .iter()
            .find(|c| c.path.ends_with(name))
            .unwrap()
    };
    let disguised = find("lookalike-tutorial.txt");
    assert_eq!(disguised.score, find("tutorial-only.txt").score);
    let ids: Vec<&str> = disguised.yellow.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["tutorial-only", "lookalike-characters"]);
    let flag = &disguised.yellow[1];
    assert_eq!((flag.category.as_str(), flag.weight), ("integrity", 0.0));
    let originals: Vec<&str> = flag.evidence.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        originals,
        [
            "b\u{43e}\u{43e}tc\u{430}mp",
            "tuto<U+2063>rial",
            "Ud\u{435}my",
            "Cap<U+034F>stone",
            "Boot<U+180E>camp",
            "cour<U+200E>se"
        ]
    );
    assert_eq!(flag.evidence[0].line, 5);
    assert_eq!(flag.evidence[0].how.as_deref(), Some("mixed-script"));
    let russian = find("russian-developer.txt");
    assert!(russian.yellow.iter().all(|f| f.category != "integrity"));
}

#[test]
fn extract_shows_the_folded_text_the_rules_see() {
    let out = bin()
        .args(["extract", "fixtures/resumes/lookalike-tutorial.txt"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("recent bootcamp graduate"), "{text}");
    assert!(text.contains("YouTube tutorial;"), "{text}");
}
