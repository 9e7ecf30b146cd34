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

/// The PDF variants of the bootcamp resume and how each hides its keyword paragraph.
const PDF_HIDINGS: [(&str, &str); 6] = [
    ("hidden-white.pdf", "same-colour-as-page"),
    ("hidden-tiny.pdf", "tiny-font"),
    ("hidden-off-page.pdf", "off-page"),
    ("hidden-covered.pdf", "covered"),
    ("hidden-render-mode.pdf", "invisible-render-mode"),
    ("hidden-clipped.pdf", "clipped"),
];

#[test]
fn hidden_pdf_text_changes_nothing_but_the_hidden_text_flag() {
    let mut paths = vec!["fixtures/documents/bootcamp.pdf".to_string()];
    paths.extend(
        PDF_HIDINGS
            .iter()
            .map(|(name, _)| format!("fixtures/documents/{name}")),
    );
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let report = screen(&paths);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let find = |name: &str| {
        report
            .candidates
            .iter()
            .find(|c| c.path.ends_with(name))
            .unwrap()
    };
    let plain = find("bootcamp.pdf");
    let ids = |flags: &[schema::Flag]| flags.iter().map(|f| f.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&plain.yellow), ["tutorial-only"]);
    for (name, how) in PDF_HIDINGS {
        let hidden = find(name);
        assert_eq!(hidden.score, plain.score, "{name}");
        assert_eq!(ids(&hidden.green), ids(&plain.green), "{name}");
        assert_eq!(
            ids(&hidden.yellow),
            ["tutorial-only", "hidden-text"],
            "{name}"
        );
        let flag = &hidden.yellow[1];
        assert_eq!((flag.category.as_str(), flag.weight), ("integrity", 0.0));
        assert_eq!(flag.evidence.len(), 1, "{name}: {:?}", flag.evidence);
        let evidence = &flag.evidence[0];
        assert_eq!(evidence.how.as_deref(), Some(how), "{name}");
        assert_eq!((evidence.page, evidence.line), (Some(1), 5), "{name}");
        assert!(
            evidence.text.starts_with(
                "Senior Python engineer, 10 years in production: Django, FastAPI, Kubernetes"
            ),
            "{name}: {}",
            evidence.text
        );
    }
}

#[test]
fn a_colourful_genuine_pdf_has_no_hidden_text() {
    // White text on a dark header and sidebar, a highlight, an underline, table borders drawn
    // over the cells, a page-size white rectangle and clip, a 5 pt footer.
    let report = screen(&["fixtures/documents/colourful-layout.pdf"]);
    let candidate = &report.candidates[0];
    assert!(candidate.yellow.iter().all(|f| f.category != "integrity"));
    let out = bin()
        .args(["extract", "fixtures/documents/colourful-layout.pdf"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("hidden text"), "{text}");
    assert!(
        text.contains("Morgan Example - Senior Python Developer"),
        "{text}"
    );
    assert!(text.contains("References available on request."), "{text}");
}

#[test]
fn extract_shows_hidden_pdf_text_apart_with_its_page_and_line() {
    for (name, how) in PDF_HIDINGS {
        let out = bin()
            .arg("extract")
            .arg(format!("fixtures/documents/{name}"))
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let (visible, hidden) = text
            .split_once("--- hidden text (not screened) ---\n")
            .unwrap_or_else(|| panic!("{name}: no hidden-text section\n{text}"));
        assert!(!visible.contains("Kubernetes"), "{name}: {visible}");
        assert!(
            visible.contains("recent bootcamp graduate.\nSKILLS\n"),
            "{name}: {visible}"
        );
        assert_eq!(hidden.lines().count(), 1, "{name}: {hidden}");
        assert!(
            hidden.starts_with(&format!(
                "[page 1, line 5, {how}] Senior Python engineer, 10 years in production"
            )),
            "{name}: {hidden}"
        );
    }
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
