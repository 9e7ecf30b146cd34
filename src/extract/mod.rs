//! Extraction stage: file bytes in, page texts out, or a typed [`ExtractError`].
//!
//! The format is sniffed from the content, not trusted from the extension. This stage must never
//! panic or hang the caller: formats whose parsers are not trustworthy run in isolated worker
//! processes (see [`worker`]), and every failure becomes an error with a stable kind.

mod docx;
mod pdf;
pub mod pdf_fast;
mod pdf_tags;
mod sniff;
mod txt;
pub mod worker;

pub use sniff::{sniff, Format};

use std::path::Path;
use std::time::Duration;

/// Text extracted from one input, page by page (text files have a single page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// The sniffed format.
    pub format: Format,
    /// Which extractor produced the text, e.g. `text`, `pdf-extract`, `lopdf`, `docx`.
    pub extractor: &'static str,
    /// One string per page; page breaks in PDFs are kept so evidence can name its page.
    pub pages: Vec<String>,
    /// What extraction had to repair, for the reader of the report (e.g. replaced bytes).
    pub notes: Vec<String>,
    /// Text the document holds but a reader cannot see (vanished runs, white on white, a tiny
    /// font...). It is never in [`Extracted::pages`], so no rule sees it; the report shows it
    /// under the `hidden-text` flag.
    pub hidden: Vec<HiddenText>,
}

/// One stretch of text a reader of the document cannot see.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HiddenText {
    /// The hidden text itself (whole; the report cuts a snippet).
    pub text: String,
    /// 1-based page (1 for formats without pages).
    pub page: u32,
    /// 1-based line of the extracted text (pages concatenated) where it would have been.
    pub line: u32,
    /// How it was hidden.
    pub how: HiddenHow,
}

/// How a piece of text was hidden. The kebab-case names are stable: they travel between
/// processes and are shown in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HiddenHow {
    /// A DOCX run marked hidden (`w:vanish`, `w:specVanish`), directly or through a style.
    Vanish,
    /// Text coloured like the page it is on (white on white).
    SameColourAsPage,
    /// Text coloured like the shading or highlight behind it.
    SameColourAsShading,
    /// A font too small to read (under 4 pt).
    TinyFont,
    /// PDF text drawn in an invisible render mode (3, or 7 without a later fill).
    InvisibleRenderMode,
    /// Text outside the page's visible box.
    OffPage,
    /// Text covered by an opaque shape drawn over it.
    Covered,
    /// Text clipped away.
    Clipped,
}

impl HiddenHow {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            HiddenHow::Vanish => "vanish",
            HiddenHow::SameColourAsPage => "same-colour-as-page",
            HiddenHow::SameColourAsShading => "same-colour-as-shading",
            HiddenHow::TinyFont => "tiny-font",
            HiddenHow::InvisibleRenderMode => "invisible-render-mode",
            HiddenHow::OffPage => "off-page",
            HiddenHow::Covered => "covered",
            HiddenHow::Clipped => "clipped",
        }
    }

    /// What a reviewer reads.
    pub fn describe(self) -> &'static str {
        match self {
            HiddenHow::Vanish => "hidden run (w:vanish)",
            HiddenHow::SameColourAsPage => "text in the page colour (e.g. white on white)",
            HiddenHow::SameColourAsShading => "text in the colour of its shading or highlight",
            HiddenHow::TinyFont => "font under 4 pt",
            HiddenHow::InvisibleRenderMode => "invisible render mode",
            HiddenHow::OffPage => "outside the page",
            HiddenHow::Covered => "covered by a shape",
            HiddenHow::Clipped => "clipped away",
        }
    }
}

/// Text whose contrast with what is behind it is under this ratio (WCAG 2 contrast: 1 is the
/// same colour, 21 black on white, 4.5 the minimum for body text) cannot be read: #EEEEEE or
/// #DDDDDD on white is under it, #CCCCCC (1.6) already a faint but readable grey. DOCX and PDF
/// share it, so one document hides the same way whatever it was saved as.
pub(crate) const MIN_CONTRAST: f64 = 1.5;

/// WCAG 2 contrast ratio (1 to 21) of two sRGB colours with channels in 0..=1.
pub(crate) fn contrast_ratio(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// WCAG 2 relative luminance of an sRGB colour with channels in 0..=1.
pub(crate) fn relative_luminance(c: [f64; 3]) -> f64 {
    let channel = |v: f64| {
        let v = v.clamp(0.0, 1.0);
        if v <= 0.03928 {
            v / 12.92
        } else if v >= 1.0 {
            // White (and a white channel) is common enough to skip `powf` for.
            1.0
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])
}

/// Why a file yielded no text. [`ExtractError::kind`] is the stable word in the report.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum ExtractError {
    /// Zero bytes, or nothing but whitespace.
    #[error("{0}")]
    Empty(String),
    /// A document without a usable text layer.
    #[error("{0}")]
    NoText(String),
    /// A document that needs a password.
    #[error("{0}")]
    Encrypted(String),
    /// A damaged or malformed document.
    #[error("{0}")]
    Corrupt(String),
    /// Not a format the tool reads; the message says what to do instead.
    #[error("{0}")]
    Unsupported(String),
    /// Over a size limit (file size, decompressed size, page count).
    #[error("{0}")]
    TooLarge(String),
    /// Extraction ran past the per-file time limit.
    #[error("{0}")]
    Timeout(String),
    /// The file could not be read.
    #[error("{0}")]
    Io(String),
    /// The extractor crashed (panic, abort, stack overflow, out of memory).
    #[error("{0}")]
    Panic(String),
}

impl ExtractError {
    /// The stable snake_case kind written to the report.
    pub fn kind(&self) -> &'static str {
        match self {
            ExtractError::Empty(_) => "empty",
            ExtractError::NoText(_) => "no_text",
            ExtractError::Encrypted(_) => "encrypted",
            ExtractError::Corrupt(_) => "corrupt",
            ExtractError::Unsupported(_) => "unsupported_format",
            ExtractError::TooLarge(_) => "too_large",
            ExtractError::Timeout(_) => "timeout",
            ExtractError::Io(_) => "io",
            ExtractError::Panic(_) => "extract_panic",
        }
    }

    /// Rebuilds an error from its kind and message (as sent by a worker process).
    pub fn from_kind(kind: &str, message: String) -> Self {
        match kind {
            "empty" => ExtractError::Empty(message),
            "no_text" => ExtractError::NoText(message),
            "encrypted" => ExtractError::Encrypted(message),
            "corrupt" => ExtractError::Corrupt(message),
            "unsupported_format" => ExtractError::Unsupported(message),
            "too_large" => ExtractError::TooLarge(message),
            "timeout" => ExtractError::Timeout(message),
            "io" => ExtractError::Io(message),
            _ => ExtractError::Panic(message),
        }
    }

    /// Builds the error for a failed read, with the OS reason.
    pub fn io(err: &std::io::Error) -> Self {
        ExtractError::Io(format!("cannot read file: {err}"))
    }
}

/// Default of [`Limits::max_text_bytes`]: 2 MB, hundreds of pages of dense text.
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;

/// The error of a file whose text is over [`Limits::max_text_bytes`].
pub(crate) fn text_too_large(what: &str, limit: usize) -> ExtractError {
    ExtractError::TooLarge(format!(
        "{what} more than {} MB of text, over the per-file text limit; a resume is a few KB \
         of text (a text bomb, or not a resume)",
        limit / (1024 * 1024)
    ))
}

/// Resource limits applied to each input file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Limits {
    /// Largest input file accepted, in bytes.
    pub max_file_bytes: u64,
    /// CPU-time budget for one file: extraction in its worker, and rule evaluation.
    pub timeout: Duration,
    /// Address-space cap for an extraction worker process, in bytes.
    pub max_memory_bytes: u64,
    /// Most pages read from one document.
    pub max_pages: usize,
    /// Most bytes decompressed from one DOCX (zip bomb guard).
    pub max_decompressed_bytes: u64,
    /// Most bytes of text accepted from one file (a text file's size, a document's extracted
    /// text). A resume is a few kilobytes of text; megabytes are a bomb or not a resume, and
    /// would only cost memory in every later stage.
    pub max_text_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 20 * 1024 * 1024,
            timeout: Duration::from_secs(10),
            max_memory_bytes: 1024 * 1024 * 1024,
            max_pages: 50,
            max_decompressed_bytes: 64 * 1024 * 1024,
            max_text_bytes: MAX_TEXT_BYTES,
        }
    }
}

/// Extracts text from a file's bytes. `path` is only used for messages and lock-file names.
pub fn extract_bytes(
    path: &Path,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Extracted, ExtractError> {
    let format = sniff(path, bytes)?;
    extract_format(format, bytes, limits)
}

/// The static name of an extractor reported by a worker.
pub(crate) fn extractor_name(name: &str) -> &'static str {
    ["pdf-fast", "pdf-extract", "lopdf", "docx", "text"]
        .into_iter()
        .find(|known| *known == name)
        .unwrap_or("unknown")
}

/// Extracts text from bytes whose format is already known, in this process.
pub fn extract_format(
    format: Format,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Extracted, ExtractError> {
    let extracted = match format {
        Format::Text => {
            // Decoding never shrinks text much (cp1252 and UTF-16 grow it), so the raw size
            // bounds it before anything is allocated.
            if bytes.len() > limits.max_text_bytes {
                return Err(text_too_large("text file has", limits.max_text_bytes));
            }
            let decoded = txt::decode_noted(bytes)?;
            Extracted {
                format,
                extractor: format.default_extractor(),
                pages: vec![decoded.text],
                notes: decoded.notes,
                hidden: Vec::new(),
            }
        }
        Format::Pdf => pdf::extract_pdf(bytes, limits)?,
        Format::Docx => {
            let (pages, hidden) = docx::extract_docx(bytes, limits)?;
            Extracted {
                format,
                extractor: format.default_extractor(),
                pages,
                notes: Vec::new(),
                hidden,
            }
        }
    };
    // Every extractor bounds its own output; this catches the last page that crossed the line
    // and any text a fallback produced without a bound.
    if extracted.pages.iter().map(String::len).sum::<usize>() > limits.max_text_bytes {
        return Err(text_too_large("document has", limits.max_text_bytes));
    }
    if extracted.pages.iter().all(|p| p.trim().is_empty()) {
        return Err(ExtractError::Empty("file contains only whitespace".into()));
    }
    Ok(extracted)
}

/// The extraction service a batch shares across its threads.
///
/// PDFs and DOCX go to isolated worker processes when a [`worker::WorkerPool`] is attached, so
/// their parsers and decompressors run under the worker's memory and CPU limits; text files are
/// read in process (their size is capped before decoding).
#[derive(Debug)]
pub struct Extractor {
    limits: Limits,
    pool: Option<worker::WorkerPool>,
}

impl Extractor {
    /// An extractor that runs everything in this process (for tests, benches and workers).
    pub fn in_process(limits: Limits) -> Extractor {
        Extractor { limits, pool: None }
    }

    /// An extractor that sends PDFs to worker processes started from `exe`.
    pub fn isolated(limits: Limits, exe: std::path::PathBuf) -> Extractor {
        let pool = worker::WorkerPool::new(exe, &limits);
        Extractor {
            limits,
            pool: Some(pool),
        }
    }

    /// The extractor a command uses: PDFs and DOCX go to isolated workers started from this
    /// executable; without a path to ourselves there is nothing to isolate with, and panics are
    /// still caught in process.
    pub fn for_this_executable(limits: Limits) -> Extractor {
        match std::env::current_exe() {
            Ok(exe) => Extractor::isolated(limits, exe),
            Err(_) => Extractor::in_process(limits),
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Extracts one file's text from its bytes.
    pub fn extract(&self, path: &Path, bytes: &[u8]) -> Result<Extracted, ExtractError> {
        let format = sniff(path, bytes)?;
        match (&self.pool, format) {
            (Some(pool), Format::Pdf | Format::Docx) => pool.extract(format, bytes),
            _ => extract_format(format, bytes, &self.limits),
        }
    }
}

/// The text of a panic payload.
pub fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
}

/// CPU time clocks: limits are measured in CPU time, so a file's fate does not depend on how
/// busy the machine is.
pub mod cpu {
    use std::time::Duration;

    #[cfg(unix)]
    fn clock(id: libc::clockid_t) -> Option<Duration> {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime writes only into the timespec we own.
        let rc = unsafe { libc::clock_gettime(id, &mut ts) };
        (rc == 0).then(|| Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32))
    }

    /// CPU time used so far by the calling thread; `None` where the system cannot tell.
    pub fn thread_time() -> Option<Duration> {
        #[cfg(unix)]
        return clock(libc::CLOCK_THREAD_CPUTIME_ID);
        #[cfg(not(unix))]
        None
    }

    /// CPU time used so far by this whole process (all threads).
    pub fn process_time() -> Option<Duration> {
        #[cfg(unix)]
        return clock(libc::CLOCK_PROCESS_CPUTIME_ID);
        #[cfg(not(unix))]
        None
    }

    /// A CPU-time budget for work done on the calling thread.
    #[derive(Debug, Clone, Copy)]
    pub struct Deadline {
        start: Option<Duration>,
        budget: Duration,
    }

    impl Deadline {
        /// Starts a budget of `budget` CPU time on this thread now.
        pub fn start(budget: Duration) -> Deadline {
            Deadline {
                start: thread_time(),
                budget,
            }
        }

        /// True once this thread has used more than the budget since [`Deadline::start`].
        pub fn passed(&self) -> bool {
            match (self.start, thread_time()) {
                (Some(start), Some(now)) => now.saturating_sub(start) > self.budget,
                _ => false,
            }
        }

        /// The budget, for messages.
        pub fn budget(&self) -> Duration {
            self.budget
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small_text_limit() -> Limits {
        Limits {
            max_text_bytes: 1024,
            ..Limits::default()
        }
    }

    #[test]
    fn text_files_over_the_text_limit_are_too_large_before_decoding() {
        let limits = small_text_limit();
        let ok = "Python developer\n".repeat(60);
        assert!(extract_format(Format::Text, ok.as_bytes(), &limits).is_ok());
        let big = "Python developer\n".repeat(61);
        let err = extract_format(Format::Text, big.as_bytes(), &limits).unwrap_err();
        assert_eq!(err.kind(), "too_large");
        assert!(err.to_string().contains("of text"), "{err}");
        // The default limit is far above any resume and far below a text bomb.
        assert_eq!(Limits::default().max_text_bytes, 2 * 1024 * 1024);
    }

    #[test]
    fn a_cpu_deadline_passes_only_after_its_budget_of_this_threads_cpu_time() {
        let deadline = cpu::Deadline::start(Duration::from_millis(50));
        assert!(!deadline.passed());
        // Sleeping uses no CPU time: a busy machine or a pause does not spend the budget.
        std::thread::sleep(Duration::from_millis(100));
        assert!(!deadline.passed());
        let start = cpu::thread_time().unwrap();
        let mut x = 0u64;
        while cpu::thread_time().unwrap() - start < Duration::from_millis(80) {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        assert!(deadline.passed());
        assert_eq!(deadline.budget(), Duration::from_millis(50));
    }
}
