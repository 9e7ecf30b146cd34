//! Extraction stage: file bytes in, page texts out, or a typed [`ExtractError`].
//!
//! The format is sniffed from the content, not trusted from the extension. This stage must never
//! panic or hang the caller: formats whose parsers are not trustworthy run in isolated worker
//! processes (see [`worker`]), and every failure becomes an error with a stable kind.

mod docx;
mod pdf;
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

/// Resource limits applied to each input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest input file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Wall-clock limit for extracting one file.
    pub timeout: Duration,
    /// Address-space cap for an extraction worker process, in bytes.
    pub max_memory_bytes: u64,
    /// Most pages read from one document.
    pub max_pages: usize,
    /// Most bytes decompressed from one DOCX (zip bomb guard).
    pub max_decompressed_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 20 * 1024 * 1024,
            timeout: Duration::from_secs(10),
            max_memory_bytes: 1024 * 1024 * 1024,
            max_pages: 50,
            max_decompressed_bytes: 64 * 1024 * 1024,
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
    ["pdf-extract", "lopdf", "docx", "text"]
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
    let mut notes = Vec::new();
    let pages = match format {
        Format::Text => {
            let decoded = txt::decode_noted(bytes)?;
            notes = decoded.notes;
            vec![decoded.text]
        }
        Format::Pdf => return pdf::extract_pdf(bytes, limits),
        Format::Docx => docx::extract_docx(bytes, limits)?,
    };
    let extracted = Extracted {
        format,
        extractor: format.default_extractor(),
        pages,
        notes,
    };
    if extracted.pages.iter().all(|p| p.trim().is_empty()) {
        return Err(ExtractError::Empty("file contains only whitespace".into()));
    }
    Ok(extracted)
}

/// The extraction service a batch shares across its threads.
///
/// PDFs go to isolated worker processes when a [`worker::WorkerPool`] is attached; text and DOCX
/// are read in process (their readers are bounded and do not crash on hostile input).
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

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Extracts one file's text from its bytes.
    pub fn extract(&self, path: &Path, bytes: &[u8]) -> Result<Extracted, ExtractError> {
        let format = sniff(path, bytes)?;
        match (&self.pool, format) {
            (Some(pool), Format::Pdf) => pool.extract(format, bytes),
            _ => extract_format(format, bytes, &self.limits),
        }
    }
}
