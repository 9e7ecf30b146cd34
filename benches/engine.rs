//! Rule-engine throughput: normalization + one matching pass + rule evaluation over a synthetic
//! corpus of at least 100 MB, on one thread, with the default packs. Prints MB/s per core.
//!
//! Run: `cargo bench --bench engine` (set `CORPUS_MB` to change the corpus size).

use resume_screen::normalize::Document;
use resume_screen::role::Role;
use resume_screen::rules::engine::Stage;
use resume_screen::rules::{embedded_sources, Engine, EngineOptions, RuleSet, YearMonth};
use std::time::Instant;

/// Builds varied resume texts from the committed fixtures: each copy gets its own numbers so the
/// corpus is not one document repeated.
fn corpus(target_bytes: usize) -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/resumes");
    let mut seeds: Vec<String> = std::fs::read_dir(dir)
        .expect("fixtures/resumes")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter(|t| !t.trim().is_empty())
        .collect();
    seeds.sort();
    let mut docs = Vec::new();
    let mut total = 0;
    let mut i = 0usize;
    while total < target_bytes {
        // Fixtures are one-page sketches; a real two-page resume is about five of them.
        let body: Vec<&str> = (0..5)
            .map(|k| seeds[(i * 5 + k) % seeds.len()].as_str())
            .collect();
        let doc = format!(
            "{}\nServed {} requests/second for {} users; reduced latency by {}%.\n",
            body.join("\n"),
            1000 + i % 9000,
            i * 7 % 100_000,
            i % 90
        );
        total += doc.len();
        docs.push(doc);
        i += 1;
    }
    docs
}

/// The engine for `role` with the defaults of a screening run, dated so figures do not drift.
fn engine_for(set: &RuleSet, role: Role) -> Engine {
    Engine::new(
        set,
        EngineOptions {
            role,
            score_sensitive: false,
            as_of: YearMonth {
                year: 2026,
                month: 6,
            },
        },
    )
}

fn main() {
    let target_mb: usize = std::env::var("CORPUS_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let (set, _) = RuleSet::load(&embedded_sources());
    let set = set.expect("embedded packs load");
    let docs = corpus(target_mb * 1024 * 1024);
    let bytes: usize = docs.iter().map(String::len).sum();
    println!(
        "corpus: {} documents, {:.1} MB",
        docs.len(),
        bytes as f64 / 1e6
    );
    let started = Instant::now();
    let mut lines = 0usize;
    for doc in &docs {
        lines += Document::from_text(doc).line_ranges().count();
    }
    println!(
        "normalization alone      {:>7.1} MB/s per core | {lines} lines",
        bytes as f64 / 1e6 / started.elapsed().as_secs_f64()
    );
    // Each matching stage alone, with the backend packs. The patterns line scans the text with
    // every pattern; evaluation scans with only those that have no start literals and tries the
    // others where the literal automaton found their start, so it costs less than that line.
    let backend = engine_for(&set, Role::Backend);
    let documents: Vec<Document> = docs.iter().map(|d| Document::from_text(d)).collect();
    for (name, stage) in [
        ("literal automaton alone", Stage::Literals),
        ("pack patterns, each scanning", Stage::Patterns),
        (
            "structure alone (sections, date ranges, positions)",
            Stage::Structure,
        ),
    ] {
        let started = Instant::now();
        let matches: usize = documents.iter().map(|d| backend.run_stage(d, stage)).sum();
        println!(
            "{name:<24} {:>7.1} MB/s per core | {matches} matches",
            bytes as f64 / 1e6 / started.elapsed().as_secs_f64()
        );
    }
    drop(documents);
    for role in Role::ALL {
        let started = Instant::now();
        let engine = engine_for(&set, role);
        let compile = started.elapsed();
        let started = Instant::now();
        let mut flags = 0usize;
        for doc in &docs {
            let document = Document::from_text(doc);
            flags += engine.evaluate(&document).flags.len();
        }
        let secs = started.elapsed().as_secs_f64();
        println!(
            "role {:<8} engine build {:>6.1} ms | {:>7.1} MB/s per core | {:>8.0} docs/s | {} flags",
            role.as_str(),
            compile.as_secs_f64() * 1e3,
            bytes as f64 / 1e6 / secs,
            docs.len() as f64 / secs,
            flags
        );
    }
}
