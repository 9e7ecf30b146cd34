//! End-to-end throughput of `resume-screen screen` on synthetic two-page PDFs and DOCX files, with
//! PDF isolation on, exactly as a user runs it; per-file latency through the library; peak memory
//! of the whole process tree (the screen process plus its `__extract-worker` children); and
//! `pdftotext` over the same PDFs as the reference; the same per producer on PDFs made by real
//! producers (benches/pdf-corpus).
//!
//! Run: `cargo bench --bench throughput` (builds the release binary it drives). Sized by:
//!
//! | variable      | default        | meaning                                                  |
//! |---------------|----------------|----------------------------------------------------------|
//! | `BENCH_PDFS`  | 1000           | two-page resume PDFs                                     |
//! | `BENCH_DOCX`  | 2000           | DOCX resumes                                             |
//! | `BENCH_JOBS`  | all cores      | `-j` of the screen runs, library threads, pdftotext jobs |
//! | `BENCH_DIR`   | a temp dir     | corpus folder, kept and reused across runs               |
//! | `BENCH_BIG`   | unset          | `1`: also screen a 10,000-file mixed batch (memory check) |
//! | `BENCH_BIG_FILES` | 10000      | size of that batch                                       |
//! | `BENCH_RUNS`  | 1              | timed runs of each command; the fastest is reported      |
//! | `BENCH_BIN`   | cargo's build  | the `resume-screen` binary to measure                    |
//!
//! | `BENCH_REAL_DIR` | target/pdf-corpus | realistic corpus from `benches/pdf-corpus/make.sh` |
//! | `BENCH_REAL_FILES` | all       | at most this many PDFs per producer                      |
//!
//! The realistic corpus (LibreOffice, Chromium, wkhtmltopdf, pdfLaTeX, XeLaTeX, reportlab) is
//! measured per producer first: files/s, p50/p99, peak tree RSS, the ratio to pdftotext over the
//! same files in the same run, and word agreement with pdftotext's text. A full run generates it
//! when it is missing and the tools are installed.
//!
//! Run any other way (e.g. `cargo test --benches`), it does a 20 + 20 file smoke run.
//! Targets (2 cores, isolation on): PDF files/s >= 1.5x pdftotext's; DOCX >= 1,000 files/s; peak
//! tree memory < 300 MB on the 10,000-file batch.

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};
use rayon::prelude::*;
use resume_screen::extract::{Extractor, Limits};
use resume_screen::pipeline::{screen_file, Outcome};
use resume_screen::role::Role;
use resume_screen::rules::{embedded_sources, Engine, EngineOptions, RuleSet, YearMonth};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const PDF_TARGET_RATIO: f64 = 1.5;
/// Issue 13: on PDFs from real producers, per producer.
const REAL_TARGET_RATIO: f64 = 2.5;
const DOCX_TARGET_FILES_PER_SEC: f64 = 1000.0;
const BIG_TARGET_MB: f64 = 300.0;
/// Lines per PDF page and paragraphs per DOCX body.
const PDF_LINES_PER_PAGE: usize = 40;
const DOCX_PARAGRAPHS: usize = 60;
/// How often the memory sampler walks the process tree.
const SAMPLE_EVERY: Duration = Duration::from_millis(10);

fn main() {
    let cfg = Config::from_env();
    println!(
        "throughput: {} PDFs + {} DOCX, {} jobs, binary {}",
        cfg.pdfs,
        cfg.docx,
        cfg.jobs,
        cfg.bin.display()
    );
    println!("corpus: {}", cfg.dir.display());
    if !cfg.full {
        println!("(smoke run: not started by `cargo bench`; set BENCH_PDFS/BENCH_DOCX to size it)");
    }

    let started = Instant::now();
    let pdf_dir = cfg.dir.join(format!("pdf-{}", cfg.pdfs));
    let docx_dir = cfg.dir.join(format!("docx-{}", cfg.docx));
    let pdfs = populate(&pdf_dir, Kind::Pdf, 0..cfg.pdfs, None);
    let docx = populate(&docx_dir, Kind::Docx, 0..cfg.docx, None);
    println!(
        "corpus ready in {:.1} s: {:.1} MB of PDF, {:.1} MB of DOCX",
        started.elapsed().as_secs_f64(),
        total_mb(&pdfs),
        total_mb(&docx)
    );
    let pdftotext = pdftotext_version();
    match (&pdftotext, pdfs.first()) {
        (Some(_), Some(sample)) => check_text_layer(sample, 0),
        (None, _) => println!(
            "pdftotext not installed (apt-get install poppler-utils): no text-layer check, no reference"
        ),
        _ => {}
    }

    // 1. The command line, as a user runs it.
    let pdf_cli = best_of(cfg.runs, || screen_cli(&cfg, &pdf_dir, pdfs.len()));
    let docx_cli = best_of(cfg.runs, || screen_cli(&cfg, &docx_dir, docx.len()));

    // 2. The reference: one `pdftotext FILE -` per PDF, `jobs` at a time.
    let reference = pdftotext
        .as_ref()
        .map(|_| best_of(cfg.runs, || run_pdftotext(&pdfs, cfg.jobs)));

    // 3. Per-file latency through the library, PDFs in isolated workers like the CLI.
    let (set, _) = RuleSet::load(&embedded_sources());
    let set = set.expect("embedded rule packs load");
    let engine = Engine::new(
        &set,
        EngineOptions {
            role: Role::Backend,
            score_sensitive: false,
            as_of: YearMonth {
                year: 2026,
                month: 6,
            },
        },
    );
    // 0. Real producers' PDFs, per producer (benches/pdf-corpus/make.sh).
    let real = realistic(&cfg, &engine, pdftotext.is_some());

    let extractor = Extractor::isolated(Limits::default(), cfg.bin.clone());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.jobs)
        .build()
        .expect("rayon pool");
    let pdf_lat = pool.install(|| latencies(&pdfs, &engine, &extractor));
    let docx_lat = pool.install(|| latencies(&docx, &engine, &extractor));
    drop(extractor);

    // 4. Memory growth: the same mix at a tenth of the size and at full size.
    let big = cfg.big.map(|files| {
        let small = big_batch(&cfg, files / 10, &pdf_dir, &docx_dir);
        let large = big_batch(&cfg, files, &pdf_dir, &docx_dir);
        (small, large)
    });

    print_realistic(&real);
    println!();
    println!("synthetic set (lopdf, base-14 Helvetica, no embedded font):");
    print_row("PDF ", &pdf_cli, Some(&pdf_lat));
    print_row("DOCX", &docx_cli, Some(&docx_lat));
    let mut ratio = None;
    match &reference {
        Some(r) => {
            let x = pdf_cli.files_per_sec() / r.files_per_sec();
            ratio = Some(x);
            println!(
                "pdftotext {} files  {:.2} s  {:.0} files/s   -> resume-screen is {:.2}x pdftotext on the Helvetica set{}",
                r.files,
                r.wall.as_secs_f64(),
                r.files_per_sec(),
                x,
                if r.failures > 0 {
                    format!("  ({} pdftotext failures)", r.failures)
                } else {
                    String::new()
                }
            );
        }
        None => println!("pdftotext: not installed, ratio skipped"),
    }
    if let Some((small, large)) = &big {
        print_row(&small.0, &small.1, None);
        print_row(&large.0, &large.1, None);
        let extra_files = large.1.files.saturating_sub(small.1.files).max(1);
        let growth_mb = large.1.peak_mb() - small.1.peak_mb();
        println!(
            "memory growth {} -> {} files: {growth_mb:+.0} MB ({:.1} KB per extra file)",
            small.1.files,
            large.1.files,
            growth_mb * 1024.0 / extra_files as f64
        );
    }
    println!(
        "library, {} threads: PDF {:.0} files/s, DOCX {:.0} files/s (no process start, no report)",
        cfg.jobs,
        pdf_lat.files_per_sec(),
        docx_lat.files_per_sec()
    );

    println!();
    let verdict = |ok: bool| if ok { "ok" } else { "MISSED" };
    match ratio {
        Some(x) => println!(
            "target PDF >= {PDF_TARGET_RATIO}x pdftotext: {x:.2}x {}",
            verdict(x >= PDF_TARGET_RATIO)
        ),
        None => println!("target PDF >= {PDF_TARGET_RATIO}x pdftotext: not measured"),
    }
    for r in &real {
        if let Some(x) = &r.reference {
            let x = r.cli.files_per_sec() / x.files_per_sec();
            println!(
                "target {} >= {REAL_TARGET_RATIO}x pdftotext: {x:.2}x {}",
                r.name,
                verdict(x >= REAL_TARGET_RATIO)
            );
        }
    }
    println!(
        "target DOCX >= {DOCX_TARGET_FILES_PER_SEC:.0} files/s: {:.0} {}",
        docx_cli.files_per_sec(),
        verdict(docx_cli.files_per_sec() >= DOCX_TARGET_FILES_PER_SEC)
    );
    match &big {
        Some((_, (_, large))) => println!(
            "target peak tree RSS < {BIG_TARGET_MB:.0} MB on {} files: {:.0} MB {}",
            large.files,
            large.peak_mb(),
            verdict(large.peak_mb() < BIG_TARGET_MB)
        ),
        None => println!(
            "target peak tree RSS < {BIG_TARGET_MB:.0} MB on 10000 files: not run (BENCH_BIG=1)"
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Configuration

struct Config {
    dir: PathBuf,
    /// Removes the corpus at exit when it is a temp dir.
    _temp: Option<tempfile::TempDir>,
    pdfs: usize,
    docx: usize,
    jobs: usize,
    big: Option<usize>,
    runs: usize,
    bin: PathBuf,
    full: bool,
}

impl Config {
    fn from_env() -> Config {
        // `cargo bench` passes --bench; `cargo test --benches` does not: keep that run tiny.
        let full = std::env::args().any(|a| a == "--bench");
        let small = if full { None } else { Some(20) };
        let pdfs = env_usize("BENCH_PDFS").or(small).unwrap_or(1000);
        let docx = env_usize("BENCH_DOCX").or(small).unwrap_or(2000);
        let jobs = env_usize("BENCH_JOBS")
            .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
            .unwrap_or(2)
            .max(1);
        let big = match std::env::var("BENCH_BIG").as_deref() {
            Ok("1") | Ok("true") | Ok("yes") => {
                Some(env_usize("BENCH_BIG_FILES").unwrap_or(10_000))
            }
            _ => None,
        };
        let runs = env_usize("BENCH_RUNS").unwrap_or(1).max(1);
        // Before any temp dir exists: this may exit.
        let bin = find_binary();
        let (dir, temp) = match std::env::var_os("BENCH_DIR") {
            Some(dir) => {
                let dir = PathBuf::from(dir);
                std::fs::create_dir_all(&dir).expect("create BENCH_DIR");
                (dir, None)
            }
            None => {
                let temp = tempfile::Builder::new()
                    .prefix("resume-screen-bench-")
                    .tempdir()
                    .expect("temp dir");
                (temp.path().to_path_buf(), Some(temp))
            }
        };
        Config {
            dir,
            _temp: temp,
            pdfs,
            docx,
            jobs,
            big,
            runs,
            bin,
            full,
        }
    }
}

fn env_usize(name: &str) -> Option<usize> {
    let value = std::env::var(name).ok()?;
    match value.trim().replace('_', "").parse() {
        Ok(n) => Some(n),
        Err(_) => {
            eprintln!("throughput: ignoring {name}={value:?}: not a number");
            None
        }
    }
}

/// The binary cargo built for this bench (the release one under `cargo bench`), `BENCH_BIN`, or
/// `target/release/resume-screen`.
fn find_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("BENCH_BIN").map(PathBuf::from) {
        if path.is_file() {
            return path;
        }
        eprintln!("throughput: BENCH_BIN={} is not a file", path.display());
        std::process::exit(2);
    }
    let candidates = [
        option_env!("CARGO_BIN_EXE_resume-screen").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/resume-screen")),
    ];
    for path in candidates.into_iter().flatten() {
        if path.is_file() {
            return path;
        }
    }
    eprintln!(
        "throughput: no resume-screen binary found; build it first with `cargo build --release` \
         (or point BENCH_BIN at one)"
    );
    std::process::exit(2);
}

// ---------------------------------------------------------------------------------------------
// Synthetic corpus

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pdf,
    Docx,
}

impl Kind {
    fn ext(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Docx => "docx",
        }
    }
}

fn file_name(kind: Kind, index: usize) -> String {
    format!("resume-{index:05}.{}", kind.ext())
}

/// Makes `to` the file `from` by a hard link, or a copy across file systems.
fn link_or_copy(from: &Path, to: &Path) {
    std::fs::hard_link(from, to)
        .or_else(|_| std::fs::copy(from, to).map(drop))
        .expect("link or copy a corpus file");
}

/// Makes `dir` hold one file per index, reusing what is already there. With `pool`, an index
/// whose file exists in that folder becomes a hard link to it, or a copy (same content: files
/// are a pure function of kind and index). Not a symbolic link: the walk does not follow those
/// out of the folder it screens, so the batch would screen fewer files than it holds.
fn populate(
    dir: &Path,
    kind: Kind,
    indices: std::ops::Range<usize>,
    pool: Option<&Path>,
) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).expect("create corpus folder");
    let paths: Vec<PathBuf> = indices
        .into_par_iter()
        .map(|i| {
            let path = dir.join(file_name(kind, i));
            let meta = std::fs::symlink_metadata(&path);
            if meta.as_ref().is_ok_and(|m| m.is_file() && m.len() > 0) {
                return path;
            }
            if meta.is_ok() {
                // A symbolic link left by an older run of this benchmark.
                let _ = std::fs::remove_file(&path);
            }
            if let Some(target) = pool.map(|p| p.join(file_name(kind, i))) {
                if target.is_file() {
                    link_or_copy(&target, &path);
                    return path;
                }
            }
            let bytes = match kind {
                Kind::Pdf => make_pdf(&resume(i as u64 * 2, 2 * PDF_LINES_PER_PAGE)),
                Kind::Docx => make_docx(&resume(i as u64 * 2 + 1, DOCX_PARAGRAPHS), i as u64),
            };
            // Dot-prefixed temp name: the tool skips it, and a killed run leaves no half file.
            let temp = dir.join(format!(".{}.tmp", file_name(kind, i)));
            std::fs::write(&temp, bytes).expect("write corpus file");
            std::fs::rename(&temp, &path).expect("rename corpus file");
            path
        })
        .collect();
    paths
}

fn total_mb(paths: &[PathBuf]) -> f64 {
    paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum::<u64>() as f64
        / 1e6
}

/// splitmix64: deterministic variety per file.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut rng = Rng(seed ^ 0x5EED_2026_0000_0001);
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    fn some<'a>(&mut self, items: &[&'a str], lo: usize, hi: usize) -> Vec<&'a str> {
        let mut pool = items.to_vec();
        let k = (self.range(lo as u64, hi as u64) as usize).min(pool.len());
        for i in 0..k {
            let j = i + (self.next() % (pool.len() - i) as u64) as usize;
            pool.swap(i, j);
        }
        pool.truncate(k);
        pool
    }
}

const FIRST: &[&str] = &[
    "Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Robin", "Avery",
    "Quinn", "Kai", "Noor", "Mina", "Lena", "Tomas", "Priya", "Chen", "Ana", "Yusuf", "Ines",
    "Marek", "Sofia", "Ravi",
];
const LAST: &[&str] = &[
    "Example",
    "Sample",
    "Placeholder",
    "Tester",
    "Fixture",
    "Mockford",
    "Dummy",
    "Specimen",
    "Prototype",
    "Template",
    "Draft",
    "Stub",
];
const CITIES: &[&str] = &[
    "Berlin",
    "Lisbon",
    "Austin",
    "Toronto",
    "Warsaw",
    "Bangalore",
    "Madrid",
    "Dublin",
    "Remote",
    "Amsterdam",
    "Singapore",
    "Denver",
];
const COMPANIES: &[&str] = &[
    "Acme Corp",
    "Globex",
    "Initech",
    "Umbrella Analytics",
    "Hooli",
    "Vandelay Industries",
    "Stark Logistics",
    "Wayne Fintech",
    "Soylent Data",
    "Tyrell Systems",
    "Cyberdyne Cloud",
    "Wonka Retail",
];
const TITLES: &[&str] = &[
    "Senior Backend Engineer",
    "Python Developer",
    "Software Engineer",
    "Backend Developer",
    "Staff Engineer",
    "Platform Engineer",
    "Data Engineer",
    "Lead Python Engineer",
];
const LANGUAGES: &[&str] = &[
    "Python",
    "SQL",
    "Go",
    "TypeScript",
    "Rust",
    "Java",
    "Bash",
    "C",
    "Scala",
];
const FRAMEWORKS: &[&str] = &[
    "Django",
    "FastAPI",
    "Flask",
    "Celery",
    "SQLAlchemy",
    "Pydantic",
    "asyncio",
    "aiohttp",
    "Django REST Framework",
    "pandas",
    "NumPy",
    "Airflow",
];
const DATA: &[&str] = &[
    "PostgreSQL",
    "MySQL",
    "Redis",
    "Kafka",
    "RabbitMQ",
    "Elasticsearch",
    "MongoDB",
    "BigQuery",
    "Snowflake",
    "ClickHouse",
];
const OPS: &[&str] = &[
    "AWS",
    "GCP",
    "Azure",
    "Docker",
    "Kubernetes",
    "Terraform",
    "GitHub Actions",
    "GitLab CI",
    "Prometheus",
    "Grafana",
    "Sentry",
    "Linux",
    "Ansible",
    "Helm",
];
const PRACTICES: &[&str] = &[
    "pytest",
    "type hints (mypy)",
    "code review",
    "CI/CD",
    "TDD",
    "REST API design",
    "gRPC",
    "GraphQL",
    "OpenAPI",
    "profiling",
    "observability",
];
const COMPONENTS: &[&str] = &[
    "checkout",
    "search",
    "billing",
    "auth",
    "reporting",
    "ingestion",
    "notification",
    "pricing",
    "inventory",
    "recommendation",
];
const MONTHS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const UNIVERSITIES: &[&str] = &[
    "State University",
    "Institute of Technology",
    "City College",
    "Polytechnic University",
    "University of Examples",
];
const DEGREES: &[&str] = &[
    "B.Sc. in Computer Science",
    "M.Sc. in Software Engineering",
    "B.Eng. in Electrical Engineering",
    "B.Sc. in Mathematics",
    "M.Sc. in Data Science",
];

fn bullet(rng: &mut Rng) -> String {
    let fw = rng.pick(FRAMEWORKS);
    let data = rng.pick(DATA);
    let ops = rng.pick(OPS);
    let comp = rng.pick(COMPONENTS);
    let text = match rng.next() % 10 {
        0 => format!(
            "- Built a {fw} REST API serving {},{:03} requests/second at p99 {} ms",
            rng.range(1, 40),
            rng.range(0, 999),
            rng.range(8, 180)
        ),
        1 => format!(
            "- Cut {comp} latency by {}% by caching hot paths in {data} and profiling with py-spy",
            rng.range(15, 85)
        ),
        2 => format!(
            "- Migrated {} services from Python 2 to Python 3.{} with zero downtime",
            rng.range(3, 40),
            rng.range(8, 12)
        ),
        3 => format!(
            "- Led a team of {} engineers; mentored {} juniors through code review and pairing",
            rng.range(3, 12),
            rng.range(1, 6)
        ),
        4 => format!(
            "- Designed {data} schemas for {} million rows; wrote {} Alembic migrations",
            rng.range(2, 900),
            rng.range(10, 300)
        ),
        5 => format!(
            "- Automated deployments with {ops} and Terraform, shipping {} releases a week",
            rng.range(2, 40)
        ),
        6 => format!(
            "- Wrote {} pytest tests for the {comp} service, raising coverage from {}% to {}%",
            rng.range(100, 4000),
            rng.range(20, 60),
            rng.range(70, 98)
        ),
        7 => format!(
            "- Processed {} GB of events a day with Kafka consumers written in {fw}",
            rng.range(5, 2000)
        ),
        8 => format!(
            "- On call for {} services; reduced incidents by {}% with {ops} alerts and runbooks",
            rng.range(4, 60),
            rng.range(10, 70)
        ),
        _ => format!(
            "- Rewrote the {comp} pipeline in {fw} on {ops}, saving ${},{:03} a month",
            rng.range(1, 90),
            rng.range(0, 999)
        ),
    };
    text.chars().take(95).collect()
}

/// A resume of exactly `lines` lines: header, summary and skills, experience filling the middle,
/// then projects, education and languages. Headings are upper case.
fn resume(seed: u64, lines: usize) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let first = rng.pick(FIRST);
    let last = rng.pick(LAST);
    let years = rng.range(2, 18);
    let handle = format!(
        "{}{}{}",
        first.to_lowercase(),
        last.to_lowercase(),
        seed % 1000
    );
    let mut head = vec![
        format!("{first} {last}"),
        format!(
            "{handle}@example.com | +1 555-01{:02} | {} | github.com/{handle}",
            rng.range(0, 99),
            rng.pick(CITIES)
        ),
        format!("{} - {years} years of experience", rng.pick(TITLES)),
        "SUMMARY".to_string(),
        format!(
            "Python engineer with {years} years building {} and {} systems for {} users.",
            rng.pick(COMPONENTS),
            rng.pick(COMPONENTS),
            rng.range(1, 900) * 1000
        ),
        format!(
            "Enjoys {} work, {} and clear documentation; ID {seed:08}.",
            rng.pick(PRACTICES),
            rng.pick(PRACTICES)
        ),
        "SKILLS".to_string(),
    ];
    let skills = [
        ("Languages", LANGUAGES, 2, 4),
        ("Frameworks", FRAMEWORKS, 2, 5),
        ("Data", DATA, 2, 4),
        ("Cloud and DevOps", OPS, 2, 5),
        ("Practices", PRACTICES, 2, 4),
    ];
    for (label, items, lo, hi) in skills {
        let mut picked = rng.some(items, lo, hi);
        if label == "Languages" && !picked.contains(&"Python") {
            picked.insert(0, "Python");
        }
        head.push(format!("{label}: {}", picked.join(", ")));
    }
    head.push("EXPERIENCE".to_string());

    let grad = 2025 - years as i64 - rng.range(0, 2) as i64;
    let tail = vec![
        "PROJECTS".to_string(),
        format!(
            "- {}-{}: open-source {} plugin with {} GitHub stars",
            rng.pick(COMPONENTS),
            rng.range(1, 99),
            rng.pick(FRAMEWORKS),
            rng.range(10, 5000)
        ),
        format!(
            "- Conference talk on {} and {} at PyCon {}",
            rng.pick(FRAMEWORKS),
            rng.pick(DATA),
            rng.range(2016, 2025)
        ),
        "EDUCATION".to_string(),
        format!(
            "{}, {}, {} - {}",
            rng.pick(DEGREES),
            rng.pick(UNIVERSITIES),
            grad - 4,
            grad
        ),
        "LANGUAGES".to_string(),
        format!(
            "English (fluent), {} (native)",
            rng.pick(&[
                "Spanish",
                "German",
                "Polish",
                "Hindi",
                "Portuguese",
                "French"
            ])
        ),
    ];

    // Jobs back from the present until the experience section is full.
    let room = lines.saturating_sub(head.len() + tail.len());
    let mut body = Vec::with_capacity(room);
    let (mut end_year, mut end_month) = (2026i64, 0u64);
    while body.len() < room {
        let span = rng.range(14, 48) as i64;
        let start_month = rng.range(0, 11);
        let start_year = end_year - span / 12 - 1;
        let end = if body.is_empty() {
            "present".to_string()
        } else {
            format!("{} {end_year}", MONTHS[end_month as usize])
        };
        body.push(format!(
            "{}, {} - {}    {} {start_year} - {end}",
            rng.pick(TITLES),
            rng.pick(COMPANIES),
            rng.pick(CITIES),
            MONTHS[start_month as usize]
        ));
        for _ in 0..rng.range(4, 8) {
            if body.len() < room {
                body.push(bullet(&mut rng));
            }
        }
        (end_year, end_month) = (start_year, start_month);
    }
    let mut out = head;
    out.extend(body);
    out.extend(tail);
    out.truncate(lines);
    out
}

fn is_heading(line: &str) -> bool {
    line.len() > 3 && line.bytes().all(|b| b.is_ascii_uppercase() || b == b' ')
}

/// A PDF with 40 lines per page, Helvetica (WinAnsi) text set with `Tf`/`Td`/`Tj`, compressed
/// content streams: what a word processor's "export to PDF" of a plain resume looks like.
fn make_pdf(lines: &[String]) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let regular = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let bold = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica-Bold",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => regular, "F2" => bold },
    });
    let mut kids: Vec<Object> = Vec::new();
    for (page, page_lines) in lines.chunks(PDF_LINES_PER_PAGE).enumerate() {
        let mut ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Td", vec![54.into(), 740.into()]),
        ];
        for (k, line) in page_lines.iter().enumerate() {
            let (font, size) = if page == 0 && k == 0 {
                ("F2", 16)
            } else if is_heading(line) {
                ("F2", 11)
            } else {
                ("F1", 10)
            };
            if k > 0 {
                ops.push(Operation::new("Td", vec![0.into(), (-17).into()]));
            }
            ops.push(Operation::new("Tf", vec![font.into(), size.into()]));
            ops.push(Operation::new(
                "Tj",
                vec![Object::string_literal(line.as_str())],
            ));
        }
        ops.push(Operation::new("ET", vec![]));
        let content = Content { operations: ops }
            .encode()
            .expect("encode content");
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save PDF");
    out
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A DOCX with one paragraph per line (headings bold, in a heading style) and, after the skills,
/// a skills table (skill, years, last used).
fn make_docx(lines: &[String], seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(!seed);
    let mut xml = String::with_capacity(16 * 1024);
    xml.push_str(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    let paragraph = |xml: &mut String, text: &str, heading: bool| {
        if heading {
            xml.push_str(
                r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>"#,
            );
        } else {
            xml.push_str("<w:p><w:r>");
        }
        xml.push_str(r#"<w:t xml:space="preserve">"#);
        xml.push_str(&xml_escape(text));
        xml.push_str("</w:t></w:r></w:p>");
    };
    for (k, line) in lines.iter().enumerate() {
        if line == "EXPERIENCE" {
            // The skills table goes between the skills lines and the experience.
            xml.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/></w:tblPr>");
            let skills = rng.some(&[FRAMEWORKS, DATA, OPS].concat(), 4, 8);
            let rows = std::iter::once(["Skill".to_string(), "Years".into(), "Last used".into()])
                .chain(skills.iter().map(|s| {
                    [
                        s.to_string(),
                        rng.range(1, 12).to_string(),
                        rng.range(2018, 2026).to_string(),
                    ]
                }));
            for row in rows {
                xml.push_str("<w:tr>");
                for cell in row {
                    xml.push_str("<w:tc>");
                    paragraph(&mut xml, &cell, false);
                    xml.push_str("</w:tc>");
                }
                xml.push_str("</w:tr>");
            }
            xml.push_str("</w:tbl>");
        }
        paragraph(&mut xml, line, k == 0 || is_heading(line));
    }
    xml.push_str("<w:sectPr/></w:body></w:document>");

    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("word/document.xml", xml.as_str()),
    ] {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(body.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}

/// `pdftotext -v`'s first line, or `None` when it is not installed.
fn pdftotext_version() -> Option<String> {
    let out = Command::new("pdftotext").arg("-v").output().ok()?;
    let text =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    Some(
        text.lines()
            .next()
            .unwrap_or("pdftotext")
            .trim()
            .to_string(),
    )
}

/// Checks with pdftotext that the generated PDFs carry a real text layer: every line of the
/// generated resume must come back out.
fn check_text_layer(sample: &Path, index: usize) {
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let expected = resume(index as u64 * 2, 2 * PDF_LINES_PER_PAGE);
    let out = Command::new("pdftotext")
        .arg("-raw")
        .arg(sample)
        .arg("-")
        .output()
        .expect("run pdftotext");
    let raw = String::from_utf8_lossy(&out.stdout);
    let pages = raw.matches('\u{c}').count();
    let text = squash(&raw);
    let found = expected
        .iter()
        .filter(|line| text.contains(&squash(line)))
        .count();
    let ok = out.status.success() && found == expected.len() && pages == 2;
    println!(
        "text layer check: pdftotext {} -> {pages} pages, {found} of {} lines found: {}",
        sample.file_name().unwrap_or_default().to_string_lossy(),
        expected.len(),
        if ok { "ok" } else { "BROKEN" }
    );
}

// ---------------------------------------------------------------------------------------------
// Measurements

struct CliRun {
    files: usize,
    wall: Duration,
    peak_rss_kb: u64,
    peak_procs: usize,
    candidates: usize,
    errors: usize,
}

impl CliRun {
    fn files_per_sec(&self) -> f64 {
        self.files as f64 / self.wall.as_secs_f64()
    }
    fn peak_mb(&self) -> f64 {
        self.peak_rss_kb as f64 / 1024.0
    }
}

trait Timed {
    fn wall(&self) -> Duration;
}
impl Timed for CliRun {
    fn wall(&self) -> Duration {
        self.wall
    }
}
impl Timed for RefRun {
    fn wall(&self) -> Duration {
        self.wall
    }
}

fn best_of<T: Timed>(runs: usize, mut run: impl FnMut() -> T) -> T {
    let mut best = run();
    for _ in 1..runs {
        let next = run();
        if next.wall() < best.wall() {
            best = next;
        }
    }
    best
}

/// `resume-screen screen DIR --format jsonl --quiet -j N`, report read from stdout (the report is
/// checked: one candidate line per file, no error lines).
fn screen_cli(cfg: &Config, dir: &Path, expected: usize) -> CliRun {
    let started = Instant::now();
    let mut child = Command::new(&cfg.bin)
        .arg("screen")
        .arg(dir)
        .args(["--format", "jsonl", "--quiet", "-j"])
        .arg(cfg.jobs.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start resume-screen");
    let sampler = Sampler::start(child.id());
    let (mut candidates, mut errors, mut first_error) = (0, 0, None);
    let stdout = child.stdout.take().expect("piped stdout");
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("read report");
        if line.starts_with(r#"{"type":"candidate""#) {
            candidates += 1;
        } else if line.starts_with(r#"{"type":"error""#) {
            errors += 1;
            first_error.get_or_insert(line);
        }
    }
    let status = child.wait().expect("wait for resume-screen");
    let wall = started.elapsed();
    let (peak_rss_kb, peak_procs) = sampler.stop();
    check_status(status, dir, expected, candidates, errors, first_error);
    CliRun {
        files: expected,
        wall,
        peak_rss_kb,
        peak_procs,
        candidates,
        errors,
    }
}

fn check_status(
    status: ExitStatus,
    dir: &Path,
    expected: usize,
    candidates: usize,
    errors: usize,
    first_error: Option<String>,
) {
    if candidates != expected || errors > 0 || !status.success() {
        eprintln!(
            "throughput: WARNING: {} ({status}): {candidates} candidates, {errors} errors, \
             {expected} files expected; first error: {}",
            dir.display(),
            first_error.as_deref().unwrap_or("-")
        );
    }
}

/// Polls the summed VmRSS of a process and all its descendants.
struct Sampler {
    stop: Arc<AtomicBool>,
    handle: std::thread::JoinHandle<(u64, usize)>,
}

impl Sampler {
    fn start(root: u32) -> Sampler {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let handle = std::thread::spawn(move || {
            let (mut peak, mut procs) = (0, 0);
            loop {
                let (rss, n) = tree_rss_kb(root);
                peak = peak.max(rss);
                procs = procs.max(n);
                if flag.load(Ordering::Relaxed) {
                    return (peak, procs);
                }
                std::thread::sleep(SAMPLE_EVERY);
            }
        });
        Sampler { stop, handle }
    }

    /// Peak kB and the most processes seen at once.
    fn stop(self) -> (u64, usize) {
        self.stop.store(true, Ordering::Relaxed);
        self.handle.join().expect("sampler thread")
    }
}

/// Summed VmRSS (kB) of `root` and its descendants, and how many of them are alive.
fn tree_rss_kb(root: u32) -> (u64, usize) {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|s| s.parse::<u32>().ok())
            else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                continue;
            };
            // The command name may hold spaces and parentheses: fields follow the last ')'.
            let ppid = stat
                .rfind(')')
                .and_then(|i| stat[i + 1..].split_whitespace().nth(1))
                .and_then(|p| p.parse::<u32>().ok());
            if let Some(ppid) = ppid {
                children.entry(ppid).or_default().push(pid);
            }
        }
    }
    let (mut total, mut alive) = (0, 0);
    let mut stack = vec![root];
    while let Some(pid) = stack.pop() {
        if let Some(kb) = vm_rss_kb(pid) {
            total += kb;
            alive += 1;
        }
        if let Some(kids) = children.get(&pid) {
            stack.extend(kids);
        }
    }
    (total, alive)
}

fn vm_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

struct RefRun {
    files: usize,
    wall: Duration,
    failures: usize,
}

impl RefRun {
    fn files_per_sec(&self) -> f64 {
        self.files as f64 / self.wall.as_secs_f64()
    }
}

/// `pdftotext FILE -` once per file, `jobs` processes at a time.
fn run_pdftotext(files: &[PathBuf], jobs: usize) -> RefRun {
    let next = AtomicUsize::new(0);
    let failures = AtomicUsize::new(0);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(file) = files.get(i) else { break };
                let ok = Command::new("pdftotext")
                    .arg(file)
                    .arg("-")
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success());
                if !ok {
                    failures.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    RefRun {
        files: files.len(),
        wall: started.elapsed(),
        failures: failures.into_inner(),
    }
}

struct Latency {
    files: usize,
    wall: Duration,
    p50: Duration,
    p99: Duration,
    errors: usize,
}

impl Latency {
    fn files_per_sec(&self) -> f64 {
        self.files as f64 / self.wall.as_secs_f64()
    }
}

/// Times `screen_file` per file on the current rayon pool.
fn latencies(files: &[PathBuf], engine: &Engine, extractor: &Extractor) -> Latency {
    let started = Instant::now();
    let results: Vec<(Duration, bool)> = files
        .par_iter()
        .map(|path| {
            let t = Instant::now();
            let outcome = screen_file(path, engine, extractor);
            (t.elapsed(), matches!(outcome, Outcome::Error(_)))
        })
        .collect();
    let wall = started.elapsed();
    let mut times: Vec<Duration> = results.iter().map(|r| r.0).collect();
    times.sort();
    let errors = results.iter().filter(|r| r.1).count();
    if errors > 0 {
        eprintln!("throughput: WARNING: {errors} files failed in the library run");
    }
    Latency {
        files: files.len(),
        wall,
        p50: percentile(&times, 50.0),
        p99: percentile(&times, 99.0),
        errors,
    }
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Screens a mixed folder of `files` entries (PDF share as in the main corpus), reusing the main
/// corpus by hard links and generating the rest.
fn big_batch(cfg: &Config, files: usize, pdf_dir: &Path, docx_dir: &Path) -> (String, CliRun) {
    let pdf_share = cfg.pdfs as f64 / (cfg.pdfs + cfg.docx).max(1) as f64;
    let pdfs = (files as f64 * pdf_share).round() as usize;
    let dir = cfg.dir.join(format!("mixed-{files}"));
    let started = Instant::now();
    let n_pdf = populate(&dir, Kind::Pdf, 0..pdfs, Some(pdf_dir)).len();
    let n_docx = populate(&dir, Kind::Docx, 0..files - pdfs, Some(docx_dir)).len();
    println!(
        "mixed batch {} ready in {:.1} s ({n_pdf} PDF + {n_docx} DOCX)",
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    let run = best_of(cfg.runs, || screen_cli(cfg, &dir, files));
    (format!("mixed {n_pdf} PDF + {n_docx} DOCX:"), run)
}

fn print_row(label: &str, run: &CliRun, latency: Option<&Latency>) {
    let lat = latency
        .map(|l| {
            format!(
                "  p50 {:.1} ms  p99 {:.1} ms{}",
                l.p50.as_secs_f64() * 1e3,
                l.p99.as_secs_f64() * 1e3,
                if l.errors > 0 {
                    format!(" ({} failed)", l.errors)
                } else {
                    String::new()
                }
            )
        })
        .unwrap_or_default();
    let failed = if run.errors > 0 || run.candidates != run.files {
        format!("  [{} screened, {} errors]", run.candidates, run.errors)
    } else {
        String::new()
    };
    println!(
        "{label} {} files  {:.2} s  {:.0} files/s{lat}  peak tree RSS {:.0} MB ({} procs){failed}",
        run.files,
        run.wall.as_secs_f64(),
        run.files_per_sec(),
        run.peak_mb(),
        run.peak_procs,
    );
}

// ---------------------------------------------------------------------------------------------
// Realistic corpus: PDFs from real producers (benches/pdf-corpus/make.sh)

/// Where `make.sh` writes by default.
fn real_corpus_dir() -> PathBuf {
    std::env::var_os("BENCH_REAL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pdf-corpus"))
}

/// One producer's PDFs, sorted.
struct Producer {
    name: String,
    files: Vec<PathBuf>,
    /// The folder the screen run reads: the producer's own, or a subset of hard links.
    dir: PathBuf,
}

/// The producers of the realistic corpus, generating it first when it is missing and the tools
/// are there (full runs only).
fn real_producers(cfg: &Config) -> Vec<Producer> {
    let root = real_corpus_dir();
    let make = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/pdf-corpus/make.sh");
    if !root.is_dir() {
        let have_tools = Command::new("python3")
            .args(["-c", "import sys"])
            .status()
            .is_ok_and(|s| s.success())
            && Command::new("pdftotext").arg("-v").output().is_ok();
        if cfg.full && have_tools {
            println!(
                "realistic corpus missing: generating it with {}",
                make.display()
            );
            let ok = Command::new(&make)
                .arg(&root)
                .status()
                .is_ok_and(|s| s.success());
            if !ok {
                println!("realistic corpus: {} failed", make.display());
            }
        } else {
            println!(
                "realistic corpus: none at {} (make it with `{}`; see README)",
                root.display(),
                make.display()
            );
            return Vec::new();
        }
    }
    let cap = env_usize("BENCH_REAL_FILES").or(if cfg.full { None } else { Some(5) });
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .map(|d| {
            d.flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n != "text" && !n.starts_with('.') && !n.starts_with("subset-"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let dir = root.join(&name);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|d| {
                d.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        if files.is_empty() {
            continue;
        }
        let dir = match cap {
            Some(cap) if cap < files.len() => {
                files.truncate(cap);
                let sub = cfg.dir.join(format!("subset-{name}-{cap}"));
                std::fs::create_dir_all(&sub).expect("create subset folder");
                for f in &files {
                    let link = sub.join(f.file_name().expect("file name"));
                    // Hard links (or copies): the walk does not follow symbolic links out of
                    // the folder it screens, so a folder of symlinks would screen nothing.
                    let is_file = std::fs::symlink_metadata(&link).is_ok_and(|m| m.is_file());
                    if !is_file {
                        let _ = std::fs::remove_file(&link);
                        link_or_copy(f, &link);
                    }
                }
                sub
            }
            _ => dir,
        };
        out.push(Producer { name, files, dir });
    }
    out
}

/// What one producer's measurements came to.
struct ProducerRow {
    name: String,
    cli: CliRun,
    lat: Latency,
    reference: Option<RefRun>,
    quality: Quality,
}

/// Text agreement with pdftotext and with the source text, and which extractor ran.
#[derive(Default)]
struct Quality {
    /// pdftotext's words (multiset) also found in ours.
    recall_hits: usize,
    recall_total: usize,
    /// Our words also found in pdftotext's.
    precision_hits: usize,
    precision_total: usize,
    /// Source lines found whole (whitespace squashed) in our text, and in pdftotext's.
    lines_ours: usize,
    lines_ref: usize,
    lines_total: usize,
    extractors: std::collections::BTreeMap<String, usize>,
    failed: usize,
}

/// Words for comparison: NFKC (ligatures), lower case, punctuation trimmed.
fn words(text: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let text: String = text.nfkc().collect::<String>().to_lowercase();
    text.split(|c: char| c.is_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

fn squash(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let text: String = text.nfkc().collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Multiset overlap: how many of `a` are matched in `b`.
fn overlap(a: &[String], b: &[String]) -> usize {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in b {
        *counts.entry(w).or_default() += 1;
    }
    a.iter()
        .filter(|w| match counts.get_mut(w.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .count()
}

fn quality(producer: &Producer) -> Quality {
    let extractor = Extractor::in_process(Limits::default());
    let text_dir = real_corpus_dir().join("text").join(&producer.name);
    let mut q = Quality::default();
    for file in &producer.files {
        let bytes = std::fs::read(file).expect("read corpus PDF");
        let ours = match extractor.extract(file, &bytes) {
            Ok(x) => {
                *q.extractors.entry(x.extractor.to_string()).or_default() += 1;
                x.pages.join("\n")
            }
            Err(err) => {
                eprintln!("throughput: {}: {err}", file.display());
                q.failed += 1;
                String::new()
            }
        };
        let reference = Command::new("pdftotext")
            .arg(file)
            .arg("-")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        let (w_ours, w_ref) = (words(&ours), words(&reference));
        q.recall_hits += overlap(&w_ref, &w_ours);
        q.recall_total += w_ref.len();
        q.precision_hits += overlap(&w_ours, &w_ref);
        q.precision_total += w_ours.len();
        let stem = file.file_stem().unwrap_or_default().to_string_lossy();
        if let Ok(source) = std::fs::read_to_string(text_dir.join(format!("{stem}.txt"))) {
            let (s_ours, s_ref) = (squash(&ours), squash(&reference));
            for line in source.lines().map(squash).filter(|l| !l.is_empty()) {
                q.lines_total += 1;
                q.lines_ours += s_ours.contains(&line) as usize;
                q.lines_ref += s_ref.contains(&line) as usize;
            }
        }
    }
    q
}

/// Screens each producer's PDFs with the CLI, times pdftotext over the same files right after,
/// and checks the text against pdftotext's.
fn realistic(cfg: &Config, engine: &Engine, have_pdftotext: bool) -> Vec<ProducerRow> {
    let producers = real_producers(cfg);
    if producers.is_empty() {
        return Vec::new();
    }
    let extractor = Extractor::isolated(Limits::default(), cfg.bin.clone());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.jobs)
        .build()
        .expect("rayon pool");
    let mut rows = Vec::new();
    for p in producers {
        let cli = best_of(cfg.runs, || screen_cli(cfg, &p.dir, p.files.len()));
        let reference =
            have_pdftotext.then(|| best_of(cfg.runs, || run_pdftotext(&p.files, cfg.jobs)));
        let lat = pool.install(|| latencies(&p.files, engine, &extractor));
        let quality = if have_pdftotext {
            quality(&p)
        } else {
            Quality::default()
        };
        rows.push(ProducerRow {
            name: p.name,
            cli,
            lat,
            reference,
            quality,
        });
    }
    rows
}

fn print_realistic(rows: &[ProducerRow]) {
    if rows.is_empty() {
        return;
    }
    println!();
    println!(
        "realistic corpus ({}), isolation on: resume-screen screen vs pdftotext, same files, same -j",
        real_corpus_dir().display()
    );
    println!(
        "{:<12} {:>5} {:>8} {:>7} {:>7} {:>8} {:>9} {:>6}  {:>7} {:>7} {:>6} {:>6}  extractor",
        "producer",
        "files",
        "files/s",
        "p50 ms",
        "p99 ms",
        "peak MB",
        "pdftotext",
        "ratio",
        "recall",
        "prec",
        "lines",
        "ref"
    );
    for r in rows {
        let q = &r.quality;
        let share = |a: usize, b: usize| {
            if b == 0 {
                "-".to_string()
            } else {
                format!("{:.4}", a as f64 / b as f64)
            }
        };
        let (reference, ratio) = match &r.reference {
            Some(x) => (
                format!("{:.0}", x.files_per_sec()),
                format!("{:.2}x", r.cli.files_per_sec() / x.files_per_sec()),
            ),
            None => ("-".into(), "-".into()),
        };
        let extractors = q
            .extractors
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .chain((q.failed > 0).then(|| format!("failed {}", q.failed)))
            .collect::<Vec<_>>()
            .join(", ");
        let failed = if r.cli.errors > 0 || r.cli.candidates != r.cli.files {
            format!("  [{} screened, {} errors]", r.cli.candidates, r.cli.errors)
        } else {
            String::new()
        };
        println!(
            "{:<12} {:>5} {:>8.0} {:>7.1} {:>7.1} {:>8.0} {:>9} {:>6}  {:>7} {:>7} {:>6} {:>6}  {extractors}{failed}",
            r.name,
            r.cli.files,
            r.cli.files_per_sec(),
            r.lat.p50.as_secs_f64() * 1e3,
            r.lat.p99.as_secs_f64() * 1e3,
            r.cli.peak_mb(),
            reference,
            ratio,
            share(q.recall_hits, q.recall_total),
            share(q.precision_hits, q.precision_total),
            share(q.lines_ours, q.lines_total),
            share(q.lines_ref, q.lines_total),
        );
    }
    println!(
        "recall/prec: word multiset agreement with pdftotext (NFKC, lower case); lines/ref: source \
         lines found whole in our text / in pdftotext's"
    );
}
