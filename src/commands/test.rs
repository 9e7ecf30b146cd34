//! `resume-screen test`: rule regression tests. Each fixture is a resume plus an expectation file
//! beside it (`NAME.expect.toml`); every fixture × role is one case, reported as a readable diff.
//!
//! Expectation keys: `error = "kind"` or `error_any = ["kind", "ok", ...]` for files that must
//! fail; `text_contains`, `text_order` and `pages` on the extracted text; and one table per role
//! (`[backend]`, `[data]`, ...) with the exact `green` and `yellow` flag ids, optional `score_min`,
//! `score_max`, `rank_above` (fixture file names that must rank below this one), `years` (relevant
//! years of experience, within 0.1) and `positions` (the number of dated positions found).

use crate::cli::TestArgs;
use crate::exit::Exit;
use crate::extract::Extractor;
use crate::pipeline::{self, Outcome};
use crate::report::{Candidate, ErrorEntry, FlagEntry};
use crate::role::Role;
use crate::rules::{Engine, EngineOptions, RuleSet, YearMonth};
use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Flags and score expected under one role.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleExpectation {
    #[serde(default)]
    green: Vec<String>,
    #[serde(default)]
    yellow: Vec<String>,
    score_min: Option<f64>,
    score_max: Option<f64>,
    #[serde(default)]
    rank_above: Vec<String>,
    years: Option<f64>,
    positions: Option<usize>,
}

/// Everything one expectation file says.
#[derive(Debug, Default)]
struct Expectation {
    /// Allowed error kinds; `ok` allows success too. Empty: the file must screen.
    errors: Vec<String>,
    text_contains: Vec<String>,
    text_order: Vec<String>,
    pages: Option<usize>,
    roles: BTreeMap<Role, RoleExpectation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpectation {
    error: Option<String>,
    error_any: Option<Vec<String>>,
    #[serde(default)]
    text_contains: Vec<String>,
    #[serde(default)]
    text_order: Vec<String>,
    pages: Option<usize>,
    backend: Option<RoleExpectation>,
    data: Option<RoleExpectation>,
    ml: Option<RoleExpectation>,
    devops: Option<RoleExpectation>,
}

impl Expectation {
    fn parse(path: &Path) -> Result<Expectation> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let raw: RawExpectation = toml::from_str(&text).map_err(|e| {
            let (line, col) = e
                .span()
                .map_or((1, 1), |s| crate::rules::file::line_col(&text, s.start));
            anyhow::anyhow!(
                "{}:{line}:{col}: {}",
                path.display(),
                e.message().trim_end()
            )
        })?;
        let mut errors: Vec<String> = raw.error.into_iter().collect();
        errors.extend(raw.error_any.unwrap_or_default());
        let roles = [
            (Role::Backend, raw.backend),
            (Role::Data, raw.data),
            (Role::Ml, raw.ml),
            (Role::Devops, raw.devops),
        ]
        .into_iter()
        .filter_map(|(role, e)| Some((role, e?)))
        .collect();
        Ok(Expectation {
            errors,
            text_contains: raw.text_contains,
            text_order: raw.text_order,
            pages: raw.pages,
            roles,
        })
    }

    fn must_fail(&self) -> bool {
        !self.errors.is_empty() && !self.errors.iter().any(|e| e == "ok")
    }
}

/// The expectation file of a fixture: `NAME.expect.toml` for `NAME.ext`, or the full file name
/// with `.expect.toml` appended.
pub fn expectation_path(fixture: &Path) -> Option<PathBuf> {
    let name = fixture.file_name()?.to_str()?;
    let dir = fixture.parent().unwrap_or(Path::new(""));
    let full = dir.join(format!("{name}.expect.toml"));
    if full.is_file() {
        return Some(full);
    }
    let stem = fixture.file_stem()?.to_str()?;
    let short = dir.join(format!("{stem}.expect.toml"));
    short.is_file().then_some(short)
}

struct Fixture {
    path: PathBuf,
    expectation: Expectation,
}

/// Runs `test`.
pub fn run(args: TestArgs) -> Result<Exit> {
    crate::pipeline::warm_up_in_background();
    let (set, _) = super::load_rules(&args.rules)?;
    let roots = if args.fixtures.is_empty() {
        vec![PathBuf::from("fixtures")]
    } else {
        args.fixtures.clone()
    };
    let inputs = crate::walk::discover(&roots);
    if let Some(problem) = inputs.problems.first() {
        bail!("{}: {}", problem.path.display(), problem.message);
    }
    // A file with an expectation beside it is a fixture, whatever its name: a suite may pin how
    // a lock file or a hidden file is read when named on the command line.
    let mut candidates = inputs.files;
    candidates.extend(inputs.skipped.into_iter().map(|s| s.path));
    candidates.sort();
    let mut fixtures = Vec::new();
    for path in candidates {
        if let Some(expect) = expectation_path(&path) {
            fixtures.push(Fixture {
                expectation: Expectation::parse(&expect)?,
                path,
            });
        }
    }
    if fixtures.is_empty() {
        bail!("no fixtures found: a fixture is a resume with a NAME.expect.toml beside it");
    }
    let as_of = args.as_of.unwrap_or(YearMonth {
        year: 2026,
        month: 6,
    });
    let extractor = crate::extract::Extractor::for_this_executable(args.limits.limits());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;

    let mut report = String::new();
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut record = |name: String, problems: Vec<String>| {
        if problems.is_empty() {
            passed += 1;
        } else {
            failed += 1;
            let _ = writeln!(report, "FAIL {name}");
            for problem in problems {
                let _ = writeln!(report, "  {}", problem.replace('\n', "\n  "));
            }
        }
    };

    // Role-independent checks: errors and extracted text.
    let text_checks: Vec<(String, Vec<String>)> = pool.install(|| {
        use rayon::prelude::*;
        fixtures
            .par_iter()
            .filter(|f| {
                f.expectation.roles.is_empty()
                    || !f.expectation.errors.is_empty()
                    || !f.expectation.text_contains.is_empty()
                    || !f.expectation.text_order.is_empty()
                    || f.expectation.pages.is_some()
            })
            .map(|f| (f.path.display().to_string(), check_text(f, &extractor)))
            .collect()
    });
    for (name, problems) in text_checks {
        record(format!("{name} [extraction]"), problems);
    }

    for role in Role::ALL {
        let cases: Vec<&Fixture> = fixtures
            .iter()
            .filter(|f| f.expectation.roles.contains_key(&role))
            .collect();
        if cases.is_empty() {
            continue;
        }
        let engine = engine_for(&set, role, as_of);
        let files: Vec<PathBuf> = cases.iter().map(|f| f.path.clone()).collect();
        let outcomes = pool.install(|| pipeline::screen_all(&files, &engine, &extractor));
        let mut candidates: Vec<Candidate> = Vec::new();
        let mut errors: Vec<ErrorEntry> = Vec::new();
        for outcome in outcomes {
            match outcome {
                Outcome::Candidate(c) => candidates.push(*c),
                Outcome::Error(e) => errors.push(e),
            }
        }
        pipeline::rank(&mut candidates, &mut errors);
        for fixture in cases {
            let path = fixture.path.display().to_string();
            let expected = &fixture.expectation.roles[&role];
            let problems = match candidates.iter().find(|c| c.path == path) {
                Some(candidate) => check_flags(expected, candidate, &candidates, &fixture.path),
                None => {
                    let error = errors.iter().find(|e| e.path == path);
                    vec![format!(
                        "expected a screened resume, got error {}",
                        error.map_or("?".to_string(), |e| format!("{}: {}", e.kind, e.message))
                    )]
                }
            };
            record(format!("{path} [{role}]"), problems);
        }
    }

    print!("{report}");
    println!("{passed} passed, {failed} failed");
    Ok(if failed == 0 {
        Exit::Success
    } else {
        Exit::Partial
    })
}

fn engine_for(set: &RuleSet, role: Role, as_of: YearMonth) -> Engine {
    Engine::new(
        set,
        EngineOptions {
            role,
            score_sensitive: false,
            as_of,
        },
    )
}

fn check_text(fixture: &Fixture, extractor: &Extractor) -> Vec<String> {
    let expect = &fixture.expectation;
    let mut problems = Vec::new();
    match pipeline::load_document(&fixture.path, extractor) {
        Err(err) => {
            if !expect.errors.iter().any(|k| k == err.kind()) {
                problems.push(format!(
                    "expected {}, got error {}: {err}",
                    if expect.errors.is_empty() {
                        "text".to_string()
                    } else {
                        format!("one of [{}]", expect.errors.join(", "))
                    },
                    err.kind()
                ));
            }
        }
        Ok((extracted, document, _)) => {
            if expect.must_fail() {
                problems.push(format!(
                    "expected error [{}], but the file screened (extractor {})",
                    expect.errors.join(", "),
                    extracted.extractor
                ));
            }
            let flat = document
                .text()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let mut cursor = 0;
            for needle in &expect.text_contains {
                if !flat.contains(needle.as_str()) {
                    problems.push(format!("text does not contain {needle:?}"));
                }
            }
            for needle in &expect.text_order {
                match flat[cursor..].find(needle.as_str()) {
                    Some(at) => cursor += at + needle.len(),
                    None => problems.push(format!(
                        "text order: {needle:?} not found after the previous phrase"
                    )),
                }
            }
            if let Some(pages) = expect.pages {
                if extracted.pages.len() != pages {
                    problems.push(format!(
                        "expected {pages} page(s), got {}",
                        extracted.pages.len()
                    ));
                }
            }
        }
    }
    problems
}

fn check_flags(
    expected: &RoleExpectation,
    got: &Candidate,
    ranked: &[Candidate],
    path: &Path,
) -> Vec<String> {
    let mut problems = Vec::new();
    diff_flags("green", &expected.green, &got.green, &mut problems);
    diff_flags("yellow", &expected.yellow, &got.yellow, &mut problems);
    if expected.score_min.is_some_and(|min| got.score < min)
        || expected.score_max.is_some_and(|max| got.score > max)
    {
        problems.push(format!(
            "score {} outside [{}, {}]",
            got.score,
            expected.score_min.map_or("-".into(), |v| v.to_string()),
            expected.score_max.map_or("-".into(), |v| v.to_string())
        ));
    }
    if let Some(years) = expected.years {
        // Years are rounded to one decimal; a tenth either way is the rounding, not a change.
        if (got.experience.years - years).abs() > 0.1 + 1e-9 {
            problems.push(format!(
                "years: expected {years}, got {}",
                got.experience.years
            ));
        }
    }
    if let Some(positions) = expected.positions {
        if got.experience.positions.len() != positions {
            problems.push(format!(
                "positions: expected {positions}, got {} ({})",
                got.experience.positions.len(),
                got.experience
                    .positions
                    .iter()
                    .map(|p| format!("{} {}..{}", p.title, p.from, p.to))
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
        }
    }
    let dir = path.parent().unwrap_or(Path::new(""));
    for below in &expected.rank_above {
        let other = dir.join(below).display().to_string();
        match ranked.iter().find(|c| c.path == other) {
            Some(o) if o.rank > got.rank => {}
            Some(o) => problems.push(format!(
                "rank: expected above {below} (rank {}, score {}), got rank {} (score {})",
                o.rank, o.score, got.rank, got.score
            )),
            None => problems.push(format!(
                "rank: {below} is not a screened fixture of this role"
            )),
        }
    }
    problems
}

fn diff_flags(kind: &str, expected: &[String], got: &[FlagEntry], problems: &mut Vec<String>) {
    let want: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
    let have: BTreeSet<&str> = got.iter().map(|f| f.id.as_str()).collect();
    if want == have {
        return;
    }
    let mut text = format!(
        "{kind}: expected [{}]\n{kind}:      got [{}]",
        want.iter().copied().collect::<Vec<_>>().join(", "),
        have.iter().copied().collect::<Vec<_>>().join(", ")
    );
    for missing in want.difference(&have) {
        let _ = write!(text, "\n  - {missing} (expected, did not fire)");
    }
    for extra in have.difference(&want) {
        let _ = write!(text, "\n  + {extra} (fired unexpectedly)");
        if let Some(flag) = got.iter().find(|f| f.id == *extra) {
            for e in &flag.evidence {
                let _ = write!(
                    text,
                    "\n      line {}: {:?} in {:?}",
                    e.line, e.text, e.snippet
                );
            }
        }
    }
    problems.push(text);
}
