//! `resume-screen screen`: the main job.
//!
//! Results flow from the rayon workers to this thread through a bounded channel
//! ([`pipeline::screen_streaming`]). Ranked reports keep each candidate only in compact form
//! ([`CandidateStore`]) until the batch is done; `--no-rank --format jsonl` writes each result the
//! moment it arrives, so memory stays flat whatever the size of the batch.

use crate::cli::ScreenArgs;
use crate::exit::Exit;
use crate::extract::Extractor;
use crate::pipeline::{self, CompactOutcome};
use crate::report::{
    CandidateStore, CompactReport, ErrorEntry, Header, OutputFormat, Settings, SkippedEntry,
    Summary,
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
    pipeline::warm_up_in_background();
    let (set, engine, options) =
        super::load_engine(&args.rules, args.role, args.score_sensitive, args.as_of)?;
    // Open the destination first: an unwritable output must fail before any work is done.
    let mut sink = Sink::open(args.output.as_deref())?;

    let paths = expand_stdin(&args.paths)?;
    if let Some(output) = &args.output {
        crate::walk::check_output(output, &paths).map_err(anyhow::Error::msg)?;
    }
    let walk_options = crate::walk::WalkOptions {
        follow: args.follow,
        // The report's own temporary file may sit in an input folder: it is not an input.
        ignore: sink
            .temp_path()
            .map(Path::to_path_buf)
            .into_iter()
            .collect(),
    };
    let inputs = crate::walk::discover_with(&paths, &walk_options);
    let extractor = Extractor::for_this_executable(args.limits.limits());
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
            let error = crate::extract::ExtractError::Io(p.message.clone());
            pipeline::redacted_error_entry(&p.path, &error, redactor.as_ref())
        })
        .collect();
    let mut skipped: Vec<SkippedEntry> = inputs
        .skipped
        .iter()
        .map(|s| {
            let (path, path_bytes) = pipeline::unscreened_name(&s.path, args.redact);
            SkippedEntry {
                path,
                path_bytes,
                reason: s.reason.describe(!args.redact),
            }
        })
        .collect();
    // By the path as written (an id when redacting), as errors are and as `merge` sorts them.
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    let skipped_count = skipped.len();
    let mut progress = Progress::new(inputs.files.len(), args.quiet);
    let batch = Batch {
        files: &inputs.files,
        engine: &engine,
        extractor: &extractor,
        pool: &pool,
        redactor: redactor.as_ref(),
    };

    let (format, write_options) =
        super::report_style(args.format, &args.style, args.output.as_deref());
    let mut counts = Counts::default();
    let written = if args.no_rank && format == OutputFormat::Jsonl {
        // The counts are not known before the stream ends: the header record has none.
        let header = Header::new(
            args.role,
            &set,
            settings(&args, options),
            Summary::default(),
        );
        stream(
            &batch,
            (problems, &skipped),
            &args,
            &header,
            &mut sink,
            &mut progress,
            &mut counts,
        )
    } else {
        let (store, errors) = collect(&batch, problems, &mut progress);
        counts.screened = store.len();
        counts.failed = errors.len();
        counts.complete = true;
        let found = Found {
            store,
            errors,
            skipped,
        };
        let report = compact_report(&args, &set, options, &engine, found, started);
        progress.clear();
        report
            .write_with(format, &write_options, sink.writer())
            .context("cannot write report")
    };
    progress.clear();
    let delivered = sink.delivered();
    if let Err(err) = written.and_then(|()| sink.finish()) {
        if !crate::exit::is_broken_pipe(&err) {
            return Err(err);
        }
        // A reader that stops early (`| head`) got what it wanted; one that was gone before the
        // first byte got nothing, and the exit code must not say the report was delivered.
        if delivered == 0 {
            eprintln!(
                "resume-screen: error: standard output was closed before the report was written"
            );
            return Ok(Exit::Fatal);
        }
        // A stream cut short left inputs unscreened, whatever the counts so far say.
        if !counts.complete {
            return Ok(Exit::Partial);
        }
        return Ok(counts.exit());
    }
    let Counts {
        screened, failed, ..
    } = counts;
    if !args.quiet {
        eprintln!(
            "resume-screen: {screened} screened, {failed} failed, {skipped_count} skipped, {:.2}s",
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
    Ok(counts.exit())
}

/// How many inputs were screened and how many failed, so far.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    screened: usize,
    failed: usize,
    /// Every input has been screened (a stream stopped by a closed pipe has not).
    complete: bool,
}

impl Counts {
    /// The exit code DESIGN.md gives these counts: 2 when nothing was screened (no input at all,
    /// or every input failed), 1 when some inputs failed, 0 when all were screened.
    fn exit(self) -> Exit {
        if self.screened == 0 {
            Exit::Fatal
        } else if self.failed > 0 {
            Exit::Partial
        } else {
            Exit::Success
        }
    }
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
/// (unranked), candidates and errors in the order they finish (walk problems first), then the
/// skipped files. Returns the counts of screened and failed inputs.
///
/// A resume whose text an earlier-finished one had is marked `duplicate_of` that one; the earlier
/// one is already written and stays unmarked. `merge` completes the marks on both sides.
fn stream(
    batch: &Batch<'_>,
    (problems, skipped): (Vec<ErrorEntry>, &[SkippedEntry]),
    args: &ScreenArgs,
    header: &Header,
    sink: &mut Sink,
    progress: &mut Progress,
    counts: &mut Counts,
) -> Result<()> {
    // On a terminal, each line is shown at once, and the progress bar steps aside for it.
    let interactive = matches!(sink, Sink::Stdout(_)) && std::io::stdout().is_terminal();
    let out = sink.writer();
    counts.failed = problems.len();
    let mut first_with_text: HashMap<[u8; 32], String> = HashMap::new();
    crate::report::write_jsonl_header(out, header).context("cannot write report")?;
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
                    counts.screened += 1;
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
                    counts.failed += 1;
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
    counts.complete = true;
    for entry in skipped {
        crate::report::write_jsonl_skipped(out, entry).context("cannot write report")?;
    }
    Ok(())
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

/// What a batch found: candidates, errors (in report order) and the files the walk skipped.
struct Found {
    store: CandidateStore,
    errors: Vec<ErrorEntry>,
    skipped: Vec<SkippedEntry>,
}

/// Ranks (or, with `--no-rank`, orders by input), trims and heads the batch's report.
fn compact_report(
    args: &ScreenArgs,
    set: &crate::rules::RuleSet,
    options: EngineOptions,
    engine: &Engine,
    found: Found,
    started: Instant,
) -> CompactReport {
    let Found {
        mut store,
        errors,
        skipped,
    } = found;
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
    let kept_for_ties = super::trim_top(&mut store, args.top, args.quiet);
    CompactReport {
        header: Header::new(
            args.role,
            set,
            settings(args, options),
            Summary {
                inputs: screened + errors.len(),
                screened,
                failed: errors.len(),
                skipped: skipped.len(),
                elapsed_ms: started.elapsed().as_millis() as u64,
                kept_for_ties,
            },
        ),
        candidates: store,
        errors,
        skipped,
        scorecard_columns: engine.scorecard_categories().map(str::to_string).collect(),
    }
}

/// The settings the report header records.
fn settings(args: &ScreenArgs, options: EngineOptions) -> Settings {
    Settings {
        as_of: options.as_of.to_string(),
        score_sensitive: args.score_sensitive,
        redact: args.redact,
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
///
/// The temp file is removed on an error (when the sink is dropped) and on SIGINT, SIGTERM and
/// SIGHUP (see [`temp_cleanup`]). The report gets the mode of the file it replaces, or, for a new
/// file, 0666 less the umask, like any file a shell redirection creates. A destination that is a
/// symbolic link is written through: its target is replaced and the link stays.
pub enum Sink {
    /// Standard output.
    Stdout(std::io::BufWriter<CountingStdout>),
    /// A temp file beside the destination (the link's target, for a link).
    File(
        std::io::BufWriter<tempfile::NamedTempFile>,
        PathBuf,
        temp_cleanup::Registration,
    ),
    /// A device or pipe (`/dev/null`, a FIFO): written in place, never replaced by a rename.
    Special(std::io::BufWriter<std::fs::File>),
}

impl Sink {
    /// Opens stdout or a temp file beside `path`.
    pub fn open(path: Option<&Path>) -> Result<Sink> {
        let Some(path) = path else {
            return Ok(Sink::Stdout(std::io::BufWriter::new(CountingStdout {
                out: std::io::stdout(),
                written: 0,
            })));
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
        // The file the output names, through any chain of links: the same resolution the
        // check that it names no input used, so the file checked is the file written.
        let target = crate::walk::resolve(path).with_context(|| {
            format!(
                "cannot write report to {}: its folder does not exist, or it is a loop of links",
                path.display()
            )
        })?;
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".resume-screen-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .with_context(|| format!("cannot write report to {}", path.display()))?;
        let registration = temp_cleanup::register(temp.path());
        set_report_mode(temp.as_file(), &target)
            .with_context(|| format!("cannot write report to {}", path.display()))?;
        Ok(Sink::File(
            std::io::BufWriter::new(temp),
            target,
            registration,
        ))
    }

    /// The temporary file the report is written to before the rename, if there is one.
    pub fn temp_path(&self) -> Option<&Path> {
        match self {
            Sink::File(w, _, _) => Some(w.get_ref().path()),
            _ => None,
        }
    }

    /// The writer to write the report into.
    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Sink::Stdout(w) => w,
            Sink::File(w, _, _) => w,
            Sink::Special(w) => w,
        }
    }

    /// Bytes that reached standard output so far (0 for a file: it is only delivered when
    /// renamed into place).
    pub fn delivered(&self) -> u64 {
        match self {
            Sink::Stdout(w) => w.get_ref().written,
            Sink::File(..) | Sink::Special(_) => 0,
        }
    }

    /// Flushes and, for a file, renames it into place.
    pub fn finish(self) -> Result<()> {
        match self {
            Sink::Stdout(mut w) => w.flush().context("cannot write report"),
            Sink::Special(mut w) => w.flush().context("cannot write report"),
            Sink::File(w, path, registration) => {
                let temp = w
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .context("cannot write report")?;
                temp.as_file().sync_all().ok();
                // The persist error's message repeats its I/O error: report the I/O error alone.
                let result = temp.persist(&path);
                // Renamed or removed: nothing is left for a signal handler to clean up.
                drop(registration);
                result
                    .map_err(|e| e.error)
                    .with_context(|| format!("cannot write report to {}", path.display()))?;
                Ok(())
            }
        }
    }
}

/// Standard output, counting the bytes it accepted.
pub struct CountingStdout {
    out: std::io::Stdout,
    written: u64,
}

impl Write for CountingStdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Gives the temp file the mode the report should end with: that of the file it replaces, else
/// 0666 less the umask (tempfile creates 0600, which would hide a shared report).
#[cfg(unix)]
fn set_report_mode(file: &std::fs::File, target: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = match std::fs::metadata(target) {
        Ok(meta) => meta.permissions().mode() & 0o7777,
        Err(_) => 0o666 & !current_umask(),
    };
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_report_mode(_file: &std::fs::File, _target: &Path) -> std::io::Result<()> {
    Ok(())
}

/// The process's umask. Read from /proc where it is shown, as reading it with umask(2) means
/// setting it for a moment, which another thread creating a file could observe.
#[cfg(unix)]
fn current_umask() -> u32 {
    let from_proc = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("Umask:"))?;
            u32::from_str_radix(line["Umask:".len()..].trim(), 8).ok()
        });
    from_proc.unwrap_or_else(|| {
        // SAFETY: umask cannot fail; the old mask is put back at once.
        unsafe {
            let mask = libc::umask(0o022);
            libc::umask(mask);
            mask as u32
        }
    })
}

/// Removal of the report's temp file when the process is ended by SIGINT, SIGTERM or SIGHUP.
///
/// The handler only does what is safe in a signal handler: unlink the registered path, restore
/// the default action and raise the signal again, so the process still ends by that signal (the
/// exit status a shell or supervisor expects) and its worker processes die with it.
pub mod temp_cleanup {
    use std::ffi::CString;
    use std::path::Path;
    use std::sync::atomic::{AtomicPtr, Ordering};
    use std::sync::Once;

    /// The temp path to remove, as a C string owned by the registration; null when none.
    static TEMP_PATH: AtomicPtr<libc::c_char> = AtomicPtr::new(std::ptr::null_mut());
    static INSTALL: Once = Once::new();

    /// Keeps a path registered for removal on a signal until dropped.
    pub struct Registration(Option<CString>);

    /// Registers `path` for removal on SIGINT, SIGTERM and SIGHUP (installing the handler once).
    pub fn register(path: &Path) -> Registration {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let Ok(c_path) = CString::new(path.as_os_str().as_bytes()) else {
                return Registration(None);
            };
            INSTALL.call_once(install);
            TEMP_PATH.store(c_path.as_ptr() as *mut libc::c_char, Ordering::SeqCst);
            Registration(Some(c_path))
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            Registration(None)
        }
    }

    impl Drop for Registration {
        fn drop(&mut self) {
            if let Some(path) = &self.0 {
                // Only clear our own path; the CString is freed after this.
                let _ = TEMP_PATH.compare_exchange(
                    path.as_ptr() as *mut libc::c_char,
                    std::ptr::null_mut(),
                    Ordering::SeqCst,
                    Ordering::SeqCst,
                );
            }
        }
    }

    #[cfg(unix)]
    fn install() {
        for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            // SAFETY: a zeroed sigaction is a valid "no flags, empty mask" value; the handler is
            // an extern "C" fn that only calls async-signal-safe functions.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = handle as extern "C" fn(libc::c_int) as libc::sighandler_t;
                libc::sigemptyset(&mut action.sa_mask);
                let mut old: libc::sigaction = std::mem::zeroed();
                libc::sigaction(signal, std::ptr::null(), &mut old);
                // A signal the caller chose to ignore (nohup, a shell's `&`) stays ignored.
                if old.sa_sigaction == libc::SIG_IGN {
                    continue;
                }
                libc::sigaction(signal, &action, std::ptr::null_mut());
            }
        }
    }

    #[cfg(not(unix))]
    fn install() {}

    #[cfg(unix)]
    extern "C" fn handle(signal: libc::c_int) {
        let path = TEMP_PATH.swap(std::ptr::null_mut(), Ordering::SeqCst);
        // SAFETY: unlink, signal and raise are async-signal-safe; the path stays allocated while
        // registered, and the process ends right after.
        unsafe {
            if !path.is_null() {
                libc::unlink(path);
            }
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }
}
