//! PDF text: the fast content-stream reader (`pdf_fast`) first; pdf-extract for what it declines
//! or reads badly; lopdf's own text extraction as the last resort.
//!
//! Both libraries panic on unexpected input, and hostile files can overflow the stack, exhaust
//! memory or loop for minutes; this module only catches panics. Callers that need more run it
//! inside an isolated worker process (see `worker`). The document is parsed once and all pages
//! are extracted in one pass (pdf-extract's per-page API reparses fonts for every page).

use super::{ExtractError, Extracted, Format, HiddenText, Limits};
use lopdf::Document;
use pdf_extract::{MediaBox, OutputDev, OutputError, PlainTextOutput, Transform};
use std::cell::RefCell;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;

/// Fewer letters and digits than this and the text is treated as missing.
const MIN_TEXT_CHARS: usize = 20;
/// Below this share of readable characters, a text layer is mostly unmappable glyphs.
const MIN_READABLE_SHARE: f64 = 0.6;

/// Extracts the text of a PDF, page by page.
pub(crate) fn extract_pdf(bytes: &[u8], limits: &Limits) -> Result<Extracted, ExtractError> {
    // Readers accept junk before the header; lopdf does not, so start at the header.
    let start = super::sniff::pdf_header_offset(bytes).unwrap_or(0);
    // The structure tree of a tagged PDF is most of what lopdf would parse and nothing any
    // reader here uses. Pruning reads the hostile bytes too, so it is under the same guard.
    let doc = match catch_unwind(|| {
        Document::load_mem(&super::pdf_tags::without_structure_elements(
            &bytes[start..],
        ))
    }) {
        Ok(Ok(doc)) => doc,
        Ok(Err(err)) => return Err(load_error(&err)),
        Err(payload) => {
            return Err(ExtractError::Panic(format!(
                "PDF parser crashed: {}",
                crate::extract::panic_message(&payload)
            )))
        }
    };
    if doc.is_encrypted() {
        return Err(ExtractError::Encrypted(
            "PDF needs a password to open: ask the candidate for an unprotected copy".into(),
        ));
    }
    let page_count = doc.get_pages().len();
    if page_count == 0 {
        return Err(ExtractError::Corrupt("PDF has no pages".into()));
    }
    if page_count > limits.max_pages {
        return Err(ExtractError::TooLarge(format!(
            "PDF has {page_count} pages, over the limit of {} (--max-pages)",
            limits.max_pages
        )));
    }

    // The fast path: most resumes. It declines fonts it cannot map and text it finds unreadable.
    // Only it sees how text is drawn, so only it finds hidden text: what it declines goes to
    // pdf-extract, which screens hidden text as if it were visible.
    let fast = catch_unwind(AssertUnwindSafe(|| {
        super::pdf_fast::extract_text(&doc, limits.max_text_bytes)
    }));
    match fast {
        // Judged with the hidden text: a document whose every word is hidden was read well,
        // and must not go to a reader that would screen those words.
        Ok(Ok(text)) if fast_text_is_good(&text.pages, &text.hidden) => {
            return finish(text.pages, "pdf-fast", text.hidden);
        }
        Ok(Err(super::pdf_fast::Unsupported::TooMuchText)) => {
            return Err(super::text_too_large("PDF has", limits.max_text_bytes));
        }
        _ => {}
    }

    let primary = catch_unwind(AssertUnwindSafe(|| {
        with_pdf_extract(&doc, limits.max_text_bytes)
    }));
    let primary = match primary {
        Ok(Err(TextError::TooMuch)) => {
            // The fallback would only read the same flood of text, unbounded.
            return Err(super::text_too_large("PDF has", limits.max_text_bytes));
        }
        Ok(Err(TextError::Output(err))) => Err(ExtractError::Corrupt(format!(
            "cannot read PDF content: {err}"
        ))),
        Ok(Ok(pages)) => Ok(pages),
        Err(payload) => Err(ExtractError::Panic(format!(
            "pdf-extract crashed: {}",
            crate::extract::panic_message(&payload)
        ))),
    };
    if let Ok(pages) = &primary {
        if readable_chars(pages) >= MIN_TEXT_CHARS {
            return finish(pages.clone(), "pdf-extract", Vec::new());
        }
    }
    // pdf-extract failed or found almost nothing: a second reader often does better (CJK fonts
    // with predefined CMaps, unusual encodings, one bad page stopping the whole document).
    let fallback = catch_unwind(AssertUnwindSafe(|| with_lopdf(&doc)));
    match (primary, fallback) {
        (_, Ok(pages)) if readable_chars(&pages) >= MIN_TEXT_CHARS => {
            finish(pages, "lopdf", Vec::new())
        }
        (Ok(pages), _) => finish(pages, "pdf-extract", Vec::new()),
        (Err(err), _) => Err(err),
    }
}

/// Whether the fast path's text (visible and hidden) can be used as it is: enough readable
/// characters, almost no replacement or private-use characters (a font it mapped wrongly).
fn fast_text_is_good(pages: &[String], hidden: &[HiddenText]) -> bool {
    let texts = || {
        pages
            .iter()
            .map(String::as_str)
            .chain(hidden.iter().map(|h| h.text.as_str()))
    };
    let readable: usize = texts().map(readable_in).sum();
    let suspect: usize = texts()
        .map(|p| {
            p.chars()
                .filter(|&c| {
                    c == '\u{FFFD}' || is_private_use(c) || (c.is_control() && !c.is_whitespace())
                })
                .count()
        })
        .sum();
    readable >= MIN_TEXT_CHARS && suspect * 50 <= readable
}

fn load_error(err: &lopdf::Error) -> ExtractError {
    match err {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => {
            ExtractError::Encrypted(format!("PDF encryption not supported: {err}"))
        }
        _ => ExtractError::Corrupt(format!("damaged or truncated PDF: {err}")),
    }
}

/// Checks that the text is real text before handing it on.
fn finish(
    pages: Vec<String>,
    extractor: &'static str,
    hidden: Vec<HiddenText>,
) -> Result<Extracted, ExtractError> {
    let readable = readable_chars(&pages);
    let visible: usize = pages
        .iter()
        .map(|p| p.chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    // Many glyphs but few readable characters: a text layer of unmapped fonts, not a scan.
    if visible >= MIN_TEXT_CHARS && (readable as f64) < MIN_READABLE_SHARE * visible as f64 {
        return Err(ExtractError::NoText(format!(
            "text layer is mostly unmappable glyphs ({readable} of {visible} characters readable): \
             run OCR, e.g. `ocrmypdf --force-ocr in.pdf out.pdf`"
        )));
    }
    if readable < MIN_TEXT_CHARS {
        return Err(ExtractError::NoText(
            "no extractable text (image-only or scanned PDF?): run OCR first, e.g. `ocrmypdf in.pdf out.pdf`"
                .into(),
        ));
    }
    Ok(Extracted {
        format: Format::Pdf,
        extractor,
        pages,
        notes: Vec::new(),
        hidden,
    })
}

fn readable_chars(pages: &[String]) -> usize {
    pages.iter().map(|p| readable_in(p)).sum()
}

fn readable_in(text: &str) -> usize {
    text.chars()
        .filter(|c| c.is_alphanumeric() && !is_private_use(*c))
        .count()
}

fn is_private_use(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

fn with_lopdf(doc: &Document) -> Vec<String> {
    doc.get_pages()
        .keys()
        .map(|&page| doc.extract_text(&[page]).unwrap_or_default())
        .collect()
}

/// A byte buffer shared between pdf-extract's writer and the page splitter, refusing to grow past
/// its limit: a small PDF can draw megabytes of text, which is stopped while it is drawn.
#[derive(Clone)]
struct SharedBuffer {
    bytes: Rc<RefCell<Vec<u8>>>,
    limit: usize,
    overflowed: Rc<RefCell<bool>>,
}

impl SharedBuffer {
    fn new(limit: usize) -> SharedBuffer {
        SharedBuffer {
            bytes: Rc::default(),
            limit,
            overflowed: Rc::default(),
        }
    }
}

impl Write for SharedBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut bytes = self.bytes.borrow_mut();
        if bytes.len() + buf.len() > self.limit {
            *self.overflowed.borrow_mut() = true;
            return Err(std::io::Error::other("text limit reached"));
        }
        bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// pdf-extract's plain-text layout, with page boundaries recorded.
struct PagedOutput<'a> {
    inner: PlainTextOutput<&'a mut dyn Write>,
    buffer: SharedBuffer,
    page_starts: Vec<usize>,
}

impl OutputDev for PagedOutput<'_> {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page_starts.push(self.buffer.bytes.borrow().len());
        self.inner.begin_page(page_num, media_box, art_box)
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        self.inner.end_page()
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        self.inner
            .output_character(trm, width, spacing, font_size, char)
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.inner.begin_word()
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        self.inner.end_word()
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        self.inner.end_line()
    }
}

/// Why pdf-extract gave no pages.
enum TextError {
    /// More text than the limit.
    TooMuch,
    /// pdf-extract's own failure.
    Output(OutputError),
}

fn with_pdf_extract(doc: &Document, limit: usize) -> Result<Vec<String>, TextError> {
    let buffer = SharedBuffer::new(limit);
    let mut writer = buffer.clone();
    let page_starts = {
        let mut output = PagedOutput {
            inner: PlainTextOutput::new(&mut writer as &mut dyn Write),
            buffer: buffer.clone(),
            page_starts: Vec::new(),
        };
        let result = pdf_extract::output_doc(doc, &mut output);
        if *buffer.overflowed.borrow() {
            return Err(TextError::TooMuch);
        }
        result.map_err(TextError::Output)?;
        output.page_starts
    };
    let bytes = buffer.bytes.borrow();
    let mut pages = Vec::with_capacity(page_starts.len());
    for (i, &start) in page_starts.iter().enumerate() {
        let end = page_starts.get(i + 1).copied().unwrap_or(bytes.len());
        pages.push(String::from_utf8_lossy(&bytes[start..end]).into_owned());
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tagged_pdf_reads_the_same_without_its_structure_tree() {
        let bytes = std::fs::read("fixtures/documents/tagged-chromium.pdf").unwrap();
        let pruned = super::super::pdf_tags::without_structure_elements(&bytes);
        assert!(
            matches!(pruned, std::borrow::Cow::Owned(_)),
            "nothing pruned"
        );
        let left = pruned.windows(11).filter(|w| w == b"/StructElem").count();
        assert_eq!(left, 0, "every structure element pruned");
        let read = |bytes: &[u8]| {
            let doc = Document::load_mem(bytes).unwrap();
            super::super::pdf_fast::extract_text(&doc, 1 << 20)
                .unwrap()
                .pages
        };
        let whole = read(&bytes);
        assert_eq!(read(&pruned), whole);
        assert!(whole.concat().contains("Northwind Freight"));
    }

    #[test]
    fn text_layers_must_be_readable_text() {
        let real = vec!["Alex Example, backend engineer: FastAPI and PostgreSQL".to_string()];
        assert_eq!(
            finish(real, "pdf-extract", Vec::new()).unwrap().extractor,
            "pdf-extract"
        );

        // Fonts without a Unicode mapping come out as private-use glyphs and replacement marks.
        let glyphs: String = (0..200)
            .map(|i| char::from_u32(0xE000 + i).unwrap())
            .chain("\u{FFFD}".repeat(50).chars())
            .chain("Page 1 of 2 ".chars())
            .collect();
        let err = finish(vec![glyphs], "pdf-extract", Vec::new()).unwrap_err();
        assert_eq!(err.kind(), "no_text");
        assert!(err.to_string().contains("unmappable"), "{err}");

        let err = finish(
            vec!["  \n ".to_string(), String::new()],
            "lopdf",
            Vec::new(),
        )
        .unwrap_err();
        assert_eq!(err.kind(), "no_text");
        assert!(err.to_string().contains("OCR"));
    }
}
