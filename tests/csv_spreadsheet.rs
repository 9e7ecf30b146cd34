//! The CSV report in a spreadsheet: file names with commas, double quotes, a newline and
//! non-ASCII letters survive RFC 4180 quoting cell for cell, and names a spreadsheet would turn
//! into a formula, a number, a date or a boolean stay text. Checked with the csv crate against
//! the JSON report of the same run and, when LibreOffice (`soffice`) is installed, after Calc has
//! imported the CSV with its default options (only the separator and quote given; charset,
//! number detection and formula evaluation left to Calc) and saved it as .xlsx: every cell reads
//! back as the report has it.

mod common;

use common::{bin, AS_OF};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const HEADER: &str = "rank,path,score,green,yellow,error,python,api,databases,testing,\
     infrastructure,observability,name,email,experience_years,duplicate_of,top_evidence,missing";
/// Where the scorecard columns start, and where they end (the extra columns follow).
const SCORECARD_AT: usize = 6;
const EXTRA_AT: usize = 12;

/// Resumes with awkward names, copied from fixtures: (name, fixture). The last is empty, so it
/// is an error row.
const AWKWARD: &[(&str, &str)] = &[
    ("Smith, Jane.txt", "senior-backend-fastapi.txt"),
    ("Jane \"JJ\" Doe.txt", "generic-python.txt"),
    ("line\nbreak.txt", "python2-legacy.txt"),
    (
        "semi;colon, and \"both\".txt",
        "bootcamp-then-production.txt",
    ),
    ("Zoë Müller – CV.txt", "data-scripting-no-web.txt"),
    // Names a spreadsheet would read as a number, a date, a boolean or a formula.
    ("0042", "tutorial-only.txt"),
    ("1e5", "python-docker-aws.txt"),
    ("2024-05-01", "senior-with-coursera.txt"),
    ("TRUE", "selenium-with-python.txt"),
    (" =1+2.txt", "scale-latency-p95.txt"),
    ("-5.txt", "student-coursework.txt"),
    ("cv;=1+1;x.txt", "hyphenated-line-end.txt"),
    ("empty, \"quoted\".txt", "empty.txt"),
];

/// Names that must reach the spreadsheet as text formulas.
const CONVERTED: &[&str] = &[
    "0042",
    "1e5",
    "2024-05-01",
    "TRUE",
    " =1+2.txt",
    "-5.txt",
    "cv;=1+1;x.txt",
];

/// The text a CSV cell shows in a spreadsheet: the cell itself, or the value of a text formula
/// `="…"` (string constants joined with `&`, `CHAR(10)` for a line break, `CHAR(59)` for `;`).
fn shown(cell: &str) -> String {
    let Some(formula) = cell.strip_prefix('=') else {
        return cell.to_string();
    };
    let mut text = String::new();
    let mut rest = formula;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("CHAR(10)") {
            text.push('\n');
            rest = after;
        } else if let Some(after) = rest.strip_prefix("CHAR(13)") {
            text.push('\r');
            rest = after;
        } else if let Some(after) = rest.strip_prefix("CHAR(59)") {
            text.push(';');
            rest = after;
        } else {
            let body = rest.strip_prefix('"').unwrap_or_else(|| panic!("{cell:?}"));
            let mut chars = body.char_indices();
            let end = loop {
                match chars.next() {
                    Some((i, '"')) if body[i + 1..].starts_with('"') => {
                        text.push('"');
                        chars.next();
                    }
                    Some((i, '"')) => break i + 1,
                    Some((_, c)) => text.push(c),
                    None => panic!("unterminated constant in {cell:?}"),
                }
            };
            rest = &body[end..];
        }
        rest = rest.strip_prefix('&').unwrap_or(rest);
    }
    text
}

/// Copies the awkward resumes into `dir`; returns the paths made (a name the filesystem refuses,
/// such as one with a newline on some systems, is left out with a note).
fn make_inputs(dir: &Path) -> Vec<PathBuf> {
    let mut made = Vec::new();
    for (name, fixture) in AWKWARD {
        let path = dir.join(name);
        match std::fs::copy(Path::new("fixtures/resumes").join(fixture), &path) {
            Ok(_) => made.push(path),
            Err(err) => eprintln!("note: cannot create {name:?} here ({err}); left out"),
        }
    }
    assert!(made.len() >= 4, "the filesystem refused most names");
    made
}

/// Screens the inputs made in `dir` by their bare names (as a recruiter working in the folder
/// would), and the fixtures.
fn screen(dir: &Path, made: &[PathBuf], format: &str) -> Vec<u8> {
    let fixtures = std::fs::canonicalize("fixtures/resumes").unwrap();
    let out = bin()
        .current_dir(dir)
        .args(["screen", "--as-of", AS_OF, "--quiet", "--format", format])
        .arg(fixtures)
        .arg("--")
        .args(made.iter().map(|p| p.file_name().unwrap()))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "empty files are errors: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn ids(flags: &Value) -> String {
    flags
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect::<Vec<_>>()
        .join(";")
}

/// The snippet of the heaviest green flag (the first of equal weight), after its id.
fn top_evidence(candidate: &Value) -> String {
    let mut top: Option<&Value> = None;
    for flag in candidate["green"].as_array().unwrap() {
        if top.is_none_or(|best| flag["weight"].as_f64() > best["weight"].as_f64()) {
            top = Some(flag);
        }
    }
    top.map_or(String::new(), |flag| {
        format!(
            "{}: {}",
            flag["id"].as_str().unwrap(),
            flag["evidence"][0]["snippet"].as_str().unwrap()
        )
    })
}

/// The must-have competencies the breakdown marks missing.
fn missing(candidate: &Value) -> String {
    candidate["breakdown"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|part| part["missing"] == true)
        .map(|part| part["title"].as_str().unwrap())
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn csv_cells_match_the_report_for_awkward_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let made = make_inputs(dir.path());
    let csv_bytes = screen(dir.path(), &made, "csv");
    let report: Value = serde_json::from_slice(&screen(dir.path(), &made, "json")).unwrap();

    // A byte-order mark, so spreadsheets read UTF-8; RFC 4180: CRLF line ends, and the header
    // exactly.
    let text = String::from_utf8(csv_bytes.clone()).expect("UTF-8");
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    assert!(text.starts_with(&format!("{HEADER}\r\n")), "{text}");
    assert!(text.ends_with("\r\n"));
    let (header, rows) = read_csv(&csv_bytes);
    assert_eq!(header.join(","), HEADER);

    // One row per input and per skipped file (the fixtures' expectation files); paths
    // round-trip exactly; candidates in rank order, then errors, then skipped files.
    let candidates = report["candidates"].as_array().unwrap();
    let errors = report["errors"].as_array().unwrap();
    let skipped = report["skipped"].as_array().unwrap();
    assert_eq!(
        rows.len(),
        (report["summary"]["inputs"].as_u64().unwrap()
            + report["summary"]["skipped"].as_u64().unwrap()) as usize
    );
    assert_eq!(rows.len(), candidates.len() + errors.len() + skipped.len());
    let csv_paths: BTreeSet<String> = rows.iter().map(|r| shown(&r[1])).collect();
    assert_eq!(csv_paths.len(), rows.len(), "every input exactly once");
    for path in &made {
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(csv_paths.contains(name), "{name:?} not in the CSV");
    }
    for name in CONVERTED {
        let row = rows.iter().find(|r| shown(&r[1]) == *name).unwrap();
        assert!(
            row[1].starts_with("=\""),
            "{name:?} is written as {:?}",
            row[1]
        );
    }
    let fixtures = std::fs::read_dir("fixtures/resumes")
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "txt")
        })
        .count();
    assert_eq!(rows.len() - skipped.len(), made.len() + fixtures);

    let by_path: BTreeMap<String, &Value> = candidates
        .iter()
        .map(|c| (c["path"].as_str().unwrap().to_string(), c))
        .collect();
    let scorecard_columns = &header[SCORECARD_AT..EXTRA_AT];
    let text_of = |value: &Value| value.as_str().unwrap_or("").to_string();
    let (mut joined, mut named, mut evidenced, mut lacking) = (false, false, false, false);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row.len(), header.len(), "row {i}: {row:?}");
        if i < candidates.len() {
            let c = by_path[&shown(&row[1])];
            assert_eq!(c, &candidates[i], "row {i} out of rank order");
            assert_eq!(row[0], c["rank"].to_string());
            assert_eq!(row[2], format!("{:.1}", c["score"].as_f64().unwrap()));
            assert_eq!(row[3], ids(&c["green"]), "green of {:?}", row[1]);
            assert_eq!(row[4], ids(&c["yellow"]), "yellow of {:?}", row[1]);
            assert_eq!(row[5], "", "error cell of a candidate");
            let extra = &row[EXTRA_AT..];
            assert_eq!(
                shown(&extra[0]),
                text_of(&c["name"]),
                "name of {:?}",
                row[1]
            );
            assert_eq!(
                shown(&extra[1]),
                text_of(&c["email"]),
                "email of {:?}",
                row[1]
            );
            assert_eq!(
                extra[2],
                format!("{:.1}", c["experience"]["years"].as_f64().unwrap()),
                "experience_years of {:?}",
                row[1]
            );
            assert_eq!(shown(&extra[3]), text_of(&c["duplicate_of"]));
            assert_eq!(
                shown(&extra[4]),
                top_evidence(c),
                "top evidence of {:?}",
                row[1]
            );
            assert_eq!(shown(&extra[5]), missing(c), "missing of {:?}", row[1]);
            named |= !extra[0].is_empty() && !extra[1].is_empty();
            evidenced |= !extra[4].is_empty();
            lacking |= !extra[5].is_empty();
            for (column, cell) in scorecard_columns.iter().zip(&row[SCORECARD_AT..EXTRA_AT]) {
                assert_eq!(cell, &c["scorecard"][column].to_string(), "{column}");
            }
            joined |= row[3].contains(';');
        } else if i >= candidates.len() + errors.len() {
            let s = &skipped[i - candidates.len() - errors.len()];
            assert_eq!(shown(&row[1]), s["path"].as_str().unwrap());
            assert_eq!(
                row[5],
                format!("skipped: {}", s["reason"].as_str().unwrap())
            );
            assert!(
                row[0].is_empty() && row[2].is_empty(),
                "skipped row {row:?}"
            );
        } else {
            let e = &errors[i - candidates.len()];
            assert_eq!(shown(&row[1]), e["path"].as_str().unwrap());
            assert_eq!(
                row[5],
                format!(
                    "{}: {}",
                    e["kind"].as_str().unwrap(),
                    e["message"].as_str().unwrap()
                )
            );
            let others: Vec<&String> = [&row[0], &row[2], &row[3], &row[4]]
                .into_iter()
                .chain(&row[6..])
                .collect();
            assert!(others.iter().all(|c| c.is_empty()), "error row {row:?}");
        }
    }
    assert!(joined, "some row joins several flag ids with ';'");
    assert!(
        named && evidenced && lacking,
        "the extra columns are filled somewhere"
    );

    let empty_awkward = made.last().unwrap().file_name().unwrap().to_str().unwrap();
    assert!(errors.iter().any(|e| e["path"] == empty_awkward));

    match soffice() {
        Some(soffice) => check_in_calc(&soffice, &csv_bytes, &header, &rows),
        None => {
            // `.ci/run` installs LibreOffice and sets this, so CI never skips the round trip.
            assert!(
                std::env::var_os("RESUME_SCREEN_REQUIRE_TOOLS").is_none(),
                "soffice (LibreOffice) is required here"
            );
            eprintln!(
                "note: soffice (LibreOffice) is not on PATH; the spreadsheet round trip was skipped"
            )
        }
    }
}

#[test]
fn names_that_start_like_formulas_stay_text() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "=1+2.txt",
        "@SUM(A1).txt",
        "+cmd.txt",
        " =2.txt",
        "plain.txt",
    ];
    for name in names {
        std::fs::copy("fixtures/resumes/generic-python.txt", dir.path().join(name)).unwrap();
    }
    let out = bin()
        .current_dir(dir.path())
        .args(["screen", "--quiet", "--format", "csv", "--csv-bom", "never"])
        .args(names)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let (_, rows) = read_csv(&out.stdout);
    let cells: BTreeSet<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    // Each is a formula whose value is the name: a string constant, which runs nothing.
    assert_eq!(
        cells,
        BTreeSet::from([
            "=\" =2.txt\"",
            "=\"+cmd.txt\"",
            "=\"=1+2.txt\"",
            "=\"@SUM(A1).txt\"",
            "plain.txt"
        ])
    );
    // Only the CSV cell changes: the JSON report keeps the path as it is.
    let json = bin()
        .current_dir(dir.path())
        .args(["screen", "--quiet"])
        .args(names)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();
    let paths: BTreeSet<&str> = report["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, BTreeSet::from(names));
}

/// The `soffice` on PATH, if any.
fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("soffice"))
        .find(|candidate| candidate.is_file())
}

/// Runs `soffice` headless with a private profile, failing after a generous time limit.
fn run_soffice(soffice: &Path, profile: &Path, args: &[&str]) {
    let mut child = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--norestore", "--nolockcheck"])
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "soffice {args:?}: {status}");
            return;
        }
        if started.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("soffice {args:?} did not finish in 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Imports the CSV into Calc (comma and double quote given, all else Calc's defaults), saves it
/// as .xlsx, and checks every cell of the sheet: text cells show what the CSV cell means (the
/// value of a text formula), numbers equal it as numbers, empty cells stay empty, and no cell
/// became a date or a boolean.
fn check_in_calc(soffice: &Path, csv_bytes: &[u8], header: &[String], rows: &[Vec<String>]) {
    let work = tempfile::tempdir().unwrap();
    let csv_path = work.path().join("report.csv");
    std::fs::write(&csv_path, csv_bytes).unwrap();
    let started = Instant::now();
    run_soffice(
        soffice,
        &work.path().join("profile"),
        &[
            // Separator and quote only: the charset, number and date detection and formula
            // evaluation are Calc's defaults.
            "--infilter=CSV:44,34",
            "--convert-to",
            "xlsx",
            "--outdir",
            work.path().to_str().unwrap(),
            csv_path.to_str().unwrap(),
        ],
    );
    eprintln!(
        "note: LibreOffice converted the CSV in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    let sheet = read_xlsx(&work.path().join("report.xlsx"));

    let mut expected: Vec<&[String]> = vec![header];
    expected.extend(rows.iter().map(Vec::as_slice));
    let mut checked = 0;
    for (r, row) in expected.iter().enumerate() {
        for (c, want) in row.iter().enumerate() {
            let got = sheet.get(&(r, c));
            let at = format!("row {} column {} ({})", r + 1, c + 1, header[c]);
            match got {
                None => assert!(want.is_empty(), "{at}: {want:?} is missing in Calc"),
                Some(Cell::Text(text)) => assert_eq!(text, &shown(want), "{at}"),
                Some(Cell::Number(n)) => {
                    let want_n: f64 = want
                        .parse()
                        .unwrap_or_else(|_| panic!("{at}: text {want:?} became number {n}"));
                    assert_eq!(*n, want_n, "{at}");
                }
            }
            checked += 1;
        }
    }
    let extra: Vec<_> = sheet
        .keys()
        .filter(|(r, c)| *r >= expected.len() || *c >= header.len())
        .collect();
    assert!(extra.is_empty(), "cells beyond the CSV: {extra:?}");
    // The paths must be text in the sheet, whatever they look like.
    for r in 1..expected.len() {
        assert!(matches!(sheet.get(&(r, 1)), Some(Cell::Text(_))), "row {r}");
    }
    assert!(checked > 100);
}

#[derive(Debug)]
enum Cell {
    Text(String),
    Number(f64),
}

/// The first sheet of an .xlsx as (row, column) → cell, both 0-based; empty cells are absent.
fn read_xlsx(path: &Path) -> BTreeMap<(usize, usize), Cell> {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut part = |name: &str| -> Option<String> {
        let mut entry = zip.by_name(name).ok()?;
        let mut text = String::new();
        std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
        Some(text)
    };
    let shared = part("xl/sharedStrings.xml")
        .map(|xml| shared_strings(&xml))
        .unwrap_or_default();
    let sheet = part("xl/worksheets/sheet1.xml").expect("a first sheet");
    sheet_cells(&sheet, &shared)
}

use quick_xml::events::{BytesRef, Event};
use quick_xml::Reader;

fn push_ref(out: &mut String, reference: &BytesRef<'_>) {
    let ch = match &**reference {
        b"amp" => '&',
        b"lt" => '<',
        b"gt" => '>',
        b"quot" => '"',
        b"apos" => '\'',
        _ => reference
            .resolve_char_ref()
            .unwrap()
            .expect("a character reference"),
    };
    out.push(ch);
}

/// `<si>` items: the text of their `<t>` elements (outside phonetic runs), concatenated.
fn shared_strings(xml: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut strings = Vec::new();
    let mut current = String::new();
    let (mut in_t, mut in_phonetic) = (false, false);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => match e.local_name().as_ref() {
                b"si" => current.clear(),
                b"t" => in_t = true,
                b"rPh" => in_phonetic = true,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"si" => strings.push(std::mem::take(&mut current)),
                b"t" => in_t = false,
                b"rPh" => in_phonetic = false,
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == b"si" => strings.push(String::new()),
            Event::Text(t) if in_t && !in_phonetic => current.push_str(&t.decode().unwrap()),
            Event::CData(t) if in_t && !in_phonetic => {
                current.push_str(std::str::from_utf8(&t).unwrap())
            }
            Event::GeneralRef(r) if in_t && !in_phonetic => push_ref(&mut current, &r),
            Event::Eof => return strings,
            _ => {}
        }
    }
}

/// "BC12" → (11, 54): 0-based row and column.
fn cell_ref(reference: &str) -> (usize, usize) {
    let letters: String = reference
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let column = letters.bytes().fold(0usize, |n, b| {
        n * 26 + (b.to_ascii_uppercase() - b'A' + 1) as usize
    });
    let row: usize = reference[letters.len()..].parse().unwrap();
    (row - 1, column - 1)
}

fn sheet_cells(xml: &str, shared: &[String]) -> BTreeMap<(usize, usize), Cell> {
    let mut reader = Reader::from_str(xml);
    let mut cells = BTreeMap::new();
    // The open cell: its position, type attribute and collected value text.
    let mut cell: Option<((usize, usize), String, String)> = None;
    let mut in_value = false;
    let (mut row, mut column) = (0usize, 0usize);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"row" => {
                if let Some(r) = e.try_get_attribute("r").unwrap() {
                    row = r.unescape_value().unwrap().parse::<usize>().unwrap() - 1;
                }
                column = 0;
            }
            Event::Start(e) if e.local_name().as_ref() == b"c" => {
                let at = match e.try_get_attribute("r").unwrap() {
                    Some(r) => cell_ref(&r.unescape_value().unwrap()),
                    None => (row, column),
                };
                column = at.1 + 1;
                let kind = e
                    .try_get_attribute("t")
                    .unwrap()
                    .map(|t| t.unescape_value().unwrap().into_owned())
                    .unwrap_or_else(|| "n".to_string());
                cell = Some((at, kind, String::new()));
            }
            Event::Empty(e) if e.local_name().as_ref() == b"c" => column += 1,
            Event::Start(e) if matches!(e.local_name().as_ref(), b"v" | b"t") => in_value = true,
            Event::End(e) => match e.local_name().as_ref() {
                b"v" | b"t" => in_value = false,
                b"c" => {
                    let (at, kind, value) = cell.take().unwrap();
                    if value.is_empty() {
                        continue;
                    }
                    let parsed = match kind.as_str() {
                        "s" => Cell::Text(shared[value.parse::<usize>().unwrap()].clone()),
                        "str" | "inlineStr" => Cell::Text(value),
                        "n" => Cell::Number(value.parse().unwrap()),
                        other => panic!("unexpected cell type {other:?} at {at:?}: {value:?}"),
                    };
                    if !matches!(&parsed, Cell::Text(t) if t.is_empty()) {
                        cells.insert(at, parsed);
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_value => {
                cell.as_mut().unwrap().2.push_str(&t.decode().unwrap());
            }
            Event::GeneralRef(r) if in_value => push_ref(&mut cell.as_mut().unwrap().2, &r),
            Event::Eof => return cells,
            _ => {}
        }
    }
}
