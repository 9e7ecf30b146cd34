//! `resume-screen screen`: the main job.

use crate::app::Exit;
use crate::cli::ScreenArgs;
use crate::extract::Extractor;
use crate::pipeline::{self, Outcome};
use crate::report::{Report, RulesInfo, Settings, Summary, Tool, SCHEMA_VERSION};
use crate::rules::{Engine, EngineOptions, YearMonth};
use anyhow::{Context, Result};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Runs `screen`.
pub fn run(args: ScreenArgs) -> Result<Exit> {
    let started = Instant::now();
    let (set, _warnings) = super::load_rules(&args.rules)?;
    let options = EngineOptions {
        role: args.role,
        score_sensitive: args.score_sensitive,
        as_of: args.as_of.unwrap_or_else(YearMonth::today),
    };
    let engine = Engine::new(&set, options);
    // Open the destination first: an unwritable output must fail before any work is done.
    let mut sink = Sink::open(args.output.as_deref())?;

    let paths = expand_stdin(&args.paths)?;
    let inputs = crate::walk::discover(&paths);
    let extractor = make_extractor(args.limits.limits());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let outcomes = pool.install(|| pipeline::screen_all(&inputs.files, &engine, &extractor));

    let mut candidates = Vec::new();
    let mut errors: Vec<_> = inputs
        .problems
        .iter()
        .map(|p| crate::report::ErrorEntry {
            path: p.path.display().to_string(),
            kind: "io".to_string(),
            message: p.message.clone(),
        })
        .collect();
    for outcome in outcomes {
        match outcome {
            Outcome::Candidate(c) => candidates.push(*c),
            Outcome::Error(e) => errors.push(e),
        }
    }
    pipeline::rank(&mut candidates, &mut errors);
    let screened = candidates.len();
    // Trimming happens after ranking so ranks stay those of the whole batch.
    if let Some(min) = args.min_score {
        candidates.retain(|c| c.score >= min);
    }
    if let Some(top) = args.top {
        candidates.truncate(top);
    }
    let report = Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool::default(),
        role: args.role.to_string(),
        rules: RulesInfo {
            packs: set.packs.clone(),
            fingerprint: set.fingerprint.clone(),
        },
        settings: Settings {
            as_of: options.as_of.to_string(),
            score_sensitive: args.score_sensitive,
            redact: false,
        },
        summary: Summary {
            inputs: screened + errors.len(),
            screened,
            failed: errors.len(),
            elapsed_ms: started.elapsed().as_millis() as u64,
        },
        candidates,
        errors,
        scorecard_columns: engine.scorecard_categories().map(str::to_string).collect(),
    };
    report
        .write(args.format, sink.writer())
        .context("cannot write report")?;
    sink.finish()?;
    if !args.quiet {
        eprintln!(
            "resume-screen: {} screened, {} failed, {:.2}s",
            report.summary.screened,
            report.summary.failed,
            started.elapsed().as_secs_f64()
        );
        if report.summary.inputs == 0 {
            eprintln!("resume-screen: warning: no resume files found in the given paths");
        }
    }
    Ok(if report.errors.is_empty() {
        Exit::Success
    } else {
        Exit::Partial
    })
}

/// `-` among the paths means: read newline-separated paths from stdin.
fn expand_stdin(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            for line in std::io::stdin().lock().lines() {
                let line = line.context("cannot read paths from stdin")?;
                let trimmed = line.trim_end_matches('\r');
                if !trimmed.is_empty() {
                    out.push(PathBuf::from(trimmed));
                }
            }
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// Where the report goes: stdout, or a temp file renamed over the destination at the end so a
/// crash never leaves a half-written report.
pub enum Sink {
    /// Standard output.
    Stdout(std::io::BufWriter<std::io::Stdout>),
    /// A temp file beside the destination.
    File(std::io::BufWriter<tempfile::NamedTempFile>, PathBuf),
    /// A device or pipe (`/dev/null`, a FIFO): written in place, never replaced by a rename.
    Special(std::io::BufWriter<std::fs::File>),
}

impl Sink {
    /// Opens stdout or a temp file beside `path`.
    pub fn open(path: Option<&Path>) -> Result<Sink> {
        let Some(path) = path else {
            return Ok(Sink::Stdout(std::io::BufWriter::new(std::io::stdout())));
        };
        let special = std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir());
        if special {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("cannot write report to {}", path.display()))?;
            return Ok(Sink::Special(std::io::BufWriter::new(file)));
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".resume-screen-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .with_context(|| format!("cannot write report to {}", path.display()))?;
        Ok(Sink::File(
            std::io::BufWriter::new(temp),
            path.to_path_buf(),
        ))
    }

    /// The writer to write the report into.
    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Sink::Stdout(w) => w,
            Sink::File(w, _) => w,
            Sink::Special(w) => w,
        }
    }

    /// Flushes and, for a file, renames it into place.
    pub fn finish(self) -> Result<()> {
        match self {
            Sink::Stdout(mut w) => w.flush().context("cannot write report"),
            Sink::Special(mut w) => w.flush().context("cannot write report"),
            Sink::File(w, path) => {
                let temp = w
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .context("cannot write report")?;
                temp.as_file().sync_all().ok();
                temp.persist(&path)
                    .with_context(|| format!("cannot write report to {}", path.display()))?;
                Ok(())
            }
        }
    }
}

/// PDFs are extracted in isolated worker processes started from this executable.
pub fn make_extractor(limits: crate::extract::Limits) -> Extractor {
    match std::env::current_exe() {
        Ok(exe) => Extractor::isolated(limits, exe),
        // Without a path to ourselves there is nothing to isolate with; panics are still caught.
        Err(_) => Extractor::in_process(limits),
    }
}
