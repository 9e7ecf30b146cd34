//! `resume-screen screen`: the main job.
//!
//! Results flow from the rayon workers to this thread through a bounded channel
//! ([`pipeline::screen_streaming`]). Ranked reports keep each candidate only in compact form
//! ([`CandidateStore`]) until the batch is done; `--no-rank --format jsonl` writes each result the
//! moment it arrives, so memory stays flat whatever the size of the batch.

use crate::app::Exit;
use crate::cli::ScreenArgs;
use crate::extract::Extractor;
use crate::pipeline::{self, CompactOutcome};
use crate::report::{
    CandidateStore, CompactReport, ErrorEntry, Header, OutputFormat, Settings, Summary,
};
use crate::rules::{Engine, EngineOptions};
use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressState, ProgressStyle};
use std::collections::HashMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Batches of at most this many files get no progress bar: they are over before it would help.
const PROGRESS_MIN_FILES: usize = 20;

/// Runs `screen`.
pub fn run(args: ScreenArgs) -> Result<Exit> {
    let started = Instant::now();
    if args.no_rank && args.top.is_some() {
        bail!("--top needs a ranking and cannot be used with --no-rank (rank later with `merge --top`, or use --min-score)");
    }
    let (set, engine, options) =
        super::load_engine(&args.rules, args.role, args.score_sensitive, args.as_of)?;
    // Open the destination first: an unwritable output must fail before any work is done.
    let mut sink = Sink::open(args.output.as_deref())?;

    let paths = expand_stdin(&args.paths)?;
    let inputs = crate::walk::discover(&paths);
    let extractor = make_extractor(args.limits.limits());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let redactor = args.redact.then(crate::redact::Redactor::new);
    let problems: Vec<ErrorEntry> = inputs
        .problems
        .iter()
        .map(|p| {
            // A blind review hides every file name, those of unreadable paths included.
            pipeline::redacted_error_entry(
                &p.path.display().to_string(),
                &crate::extract::ExtractError::Io(p.message.clone()),
                redactor.as_ref(),
            )
        })
        .collect();
    let mut progress = Progress::new(inputs.files.len(), args.quiet);
    let batch = Batch {
        files: &inputs.files,
        engine: &engine,
        extractor: &extractor,
        pool: &pool,
        redactor: redactor.as_ref(),
    };

    let format = OutputFormat::resolve(args.format, args.output.as_deref());
    let (screened, failed) = if args.no_rank && format == OutputFormat::Jsonl {
        stream(&batch, problems, &args, &mut sink, &mut progress)?
    } else {
        let (store, errors) = collect(&batch, problems, &mut progress);
        let screened = store.len();
        let failed = errors.len();
        let report = compact_report(&args, &set, options, &engine, store, errors, started);
        progress.clear();
        report
            .write(format, sink.writer())
            .context("cannot write report")?;
        (screened, failed)
    };
    progress.clear();
    sink.finish()?;
    if !args.quiet {
        eprintln!(
            "resume-screen: {screened} screened, {failed} failed, {:.2}s",
            started.elapsed().as_secs_f64()
        );
    }
    if screened + failed == 0 {
        // An empty report is correct, but most often the folder was not the one meant; said
        // even with --quiet, which silences progress, not warnings.
        eprintln!(
            "resume-screen: warning: no resume files (.pdf, .docx, .txt, .md, ...) in {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(if failed == 0 {
        Exit::Success
    } else {
        Exit::Partial
    })
}

/// What a batch screens with.
struct Batch<'a> {
    files: &'a [PathBuf],
    engine: &'a Engine,
    extractor: &'a Extractor,
    pool: &'a rayon::ThreadPool,
    redactor: Option<&'a crate::redact::Redactor>,
}

/// `--no-rank --format jsonl`: every result written the moment it is ready, with `"rank": 0`
/// (unranked), candidates and errors in the order they finish (walk problems first). Returns the
/// counts of screened and failed inputs.
///
/// A resume whose text an earlier-finished one had is marked `duplicate_of` that one; the earlier
/// one is already written and stays unmarked. `merge` completes the marks on both sides.
fn stream(
    batch: &Batch<'_>,
    problems: Vec<ErrorEntry>,
    args: &ScreenArgs,
    sink: &mut Sink,
    progress: &mut Progress,
) -> Result<(usize, usize)> {
    // On a terminal, each line is shown at once, and the progress bar steps aside for it.
    let interactive = matches!(sink, Sink::Stdout(_)) && std::io::stdout().is_terminal();
    let out = sink.writer();
    let (mut screened, mut failed) = (0, problems.len());
    let mut first_with_text: HashMap<[u8; 32], String> = HashMap::new();
    for problem in &problems {
        crate::report::write_jsonl_error(out, problem).context("cannot write report")?;
    }
    pipeline::screen_streaming(
        batch.files,
        batch.engine,
        batch.extractor,
        batch.pool,
        batch.redactor,
        |_, outcome| {
            progress.record(matches!(outcome, CompactOutcome::Error(_)));
            match outcome {
                CompactOutcome::Candidate(candidate) => {
                    screened += 1;
                    let first = first_with_text.get(&candidate.text_sha256);
                    if args.min_score.is_none_or(|min| candidate.score >= min) {
                        crate::report::write_jsonl_record_marked(
                            out,
                            0,
                            &candidate.record,
                            first.map(String::as_str),
                        )?;
                    }
                    if first.is_none() {
                        first_with_text.insert(candidate.text_sha256, candidate.path);
                    }
                }
                CompactOutcome::Error(error) => {
                    failed += 1;
                    crate::report::write_jsonl_error(out, &error)?;
                }
            }
            if interactive {
                progress.suspend(|| out.flush())?;
            }
            Ok::<(), std::io::Error>(())
        },
    )
    .context("cannot write report")?;
    Ok((screened, failed))
}

/// Screens the batch, keeping candidates in compact form and errors in report order (by path;
/// ties in input order, walk problems first).
fn collect(
    batch: &Batch<'_>,
    problems: Vec<ErrorEntry>,
    progress: &mut Progress,
) -> (CandidateStore, Vec<ErrorEntry>) {
    let mut store = CandidateStore::new();
    let mut failures: Vec<(usize, ErrorEntry)> = Vec::new();
    let result: Result<(), std::convert::Infallible> = pipeline::screen_streaming(
        batch.files,
        batch.engine,
        batch.extractor,
        batch.pool,
        batch.redactor,
        |index, outcome| {
            progress.record(matches!(outcome, CompactOutcome::Error(_)));
            match outcome {
                CompactOutcome::Candidate(candidate) => store.push(index, candidate),
                CompactOutcome::Error(error) => failures.push((index, error)),
            }
            Ok(())
        },
    );
    let Ok(()) = result;
    failures.sort_by_key(|(index, _)| *index);
    let mut errors = problems;
    errors.extend(failures.into_iter().map(|(_, error)| error));
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    (store, errors)
}

/// Ranks (or, with `--no-rank`, orders by input), trims and heads the batch's report.
fn compact_report(
    args: &ScreenArgs,
    set: &crate::rules::RuleSet,
    options: EngineOptions,
    engine: &Engine,
    mut store: CandidateStore,
    errors: Vec<ErrorEntry>,
    started: Instant,
) -> CompactReport {
    let screened = store.len();
    store.mark_duplicates();
    if args.no_rank {
        store.unranked();
    } else {
        store.rank();
    }
    // Trimming happens after ranking so ranks stay those of the whole batch.
    if let Some(min) = args.min_score {
        store.retain_min_score(min);
    }
    if let Some(top) = args.top {
        store.truncate(top);
    }
    CompactReport {
        header: Header::new(
            args.role,
            set,
            Settings {
                as_of: options.as_of.to_string(),
                score_sensitive: args.score_sensitive,
                redact: args.redact,
            },
            Summary {
                inputs: screened + errors.len(),
                screened,
                failed: errors.len(),
                elapsed_ms: started.elapsed().as_millis() as u64,
            },
        ),
        candidates: store,
        errors,
        scorecard_columns: engine.scorecard_categories().map(str::to_string).collect(),
    }
}

/// The progress bar on stderr: files done of total, files/s, ETA and errors so far. Shown only
/// when stderr is a terminal, the batch is larger than [`PROGRESS_MIN_FILES`] and `--quiet` is not
/// given; cleared before the report is written and when dropped (e.g. on an error).
struct Progress {
    bar: Option<ProgressBar>,
    errors: usize,
}

impl Progress {
    fn new(files: usize, quiet: bool) -> Progress {
        let show = !quiet && files > PROGRESS_MIN_FILES && std::io::stderr().is_terminal();
        let bar = show.then(|| {
            let style = ProgressStyle::with_template(
                "{bar:30.cyan/blue} {pos}/{len} files  {rate}  ETA {eta}  {msg}",
            )
            .expect("valid progress template")
            .with_key(
                "rate",
                |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0} files/s", state.per_sec());
                },
            )
            .progress_chars("=> ");
            let bar = ProgressBar::new(files as u64).with_style(style);
            bar.set_message("0 errors");
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        });
        Progress { bar, errors: 0 }
    }

    /// One more file done.
    fn record(&mut self, failed: bool) {
        let Some(bar) = &self.bar else { return };
        if failed {
            self.errors += 1;
            bar.set_message(match self.errors {
                1 => "1 error".to_string(),
                n => format!("{n} errors"),
            });
        }
        bar.inc(1);
    }

    /// Runs `f` with the bar hidden.
    fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Removes the bar from the terminal.
    fn clear(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.clear();
    }
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
        if path.is_dir() {
            bail!(
                "cannot write report to {}: it is a folder; name a file inside it",
                path.display()
            );
        }
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
                // The persist error's message repeats its I/O error: report the I/O error alone.
                temp.persist(&path)
                    .map_err(|e| e.error)
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
