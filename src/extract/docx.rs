//! DOCX (Office Open XML word-processing) text extraction.
//!
//! The package is opened from memory, the main document part is located through
//! `[Content_Types].xml` and `_rels/.rels` (falling back to the conventional `word/document.xml`),
//! and headers, body and footers are streamed through quick-xml into one page of text: one line
//! per paragraph, table rows on one line with their cells separated by tabs, text boxes included
//! once. Every part is decompressed through a hard byte budget, never trusting declared sizes, so a
//! zip bomb costs at most `Limits::max_decompressed_bytes`.

use super::{contrast_ratio, ExtractError, HiddenHow, HiddenText, Limits, MIN_CONTRAST};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use zip::result::ZipError;
use zip::ZipArchive;

/// Content types of a main part this extractor reads (document, template, macro-enabled variants).
const WORD_MAIN_CONTENT_TYPES: &[&str] = &[
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
];

/// Where Word puts the main part when nothing in the package says otherwise.
const CONVENTIONAL_MAIN_PART: &str = "word/document.xml";

/// Most header and footer parts read from one document (a real one has at most six per section).
const MAX_HEADER_FOOTER_PARTS: usize = 32;

/// Most entries accepted in the zip directory; a resume has a few dozen.
const MAX_ZIP_ENTRIES: u64 = 10_000;

/// Largest up-front buffer reservation made on the strength of a (possibly lying) declared size.
const MAX_PREALLOC: u64 = 4 * 1024 * 1024;

const NOT_A_WORD_DOCUMENT: &str = "zip archive is not a Word document (.docx)";

/// Extracts the text of a DOCX file as one page: header text first, then the body, then footers.
/// Text a reader cannot see (hidden runs, text in the page or shading colour, fonts under 4 pt)
/// is returned apart, with its line, and never mixed into the page.
pub(crate) fn extract_docx(
    bytes: &[u8],
    limits: &Limits,
) -> Result<(Vec<String>, Vec<HiddenText>), ExtractError> {
    let mut package = Package::open(bytes, limits)?;
    let mut buf = Vec::new();
    let main = package.main_part(&mut buf)?;

    let (headers, footers, styles_part) = package.related_parts(&main, &mut buf)?;
    let styles = match styles_part {
        Some(part) if package.read(&part, &mut buf)? => Styles::parse(&buf, &part)?,
        _ => Styles::default(),
    };

    let mut main_xml = Vec::new();
    if !package.read(&main, &mut main_xml)? {
        return Err(ExtractError::Corrupt(format!(
            "DOCX main document part '{main}' is missing from the archive"
        )));
    }
    let background = page_background(&main_xml, &main)?;
    let mut reader = PartReader {
        styles: &styles,
        background,
    };

    let mut out = String::new();
    let mut hidden: Vec<(usize, HiddenText)> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let mut part = PartText::default();
    for name in &headers {
        package.append_unique_part(
            name,
            &mut reader,
            &mut buf,
            &mut part,
            &mut seen,
            &mut out,
            &mut hidden,
        )?;
    }

    out.reserve((main_xml.len() / 8).min(package.text_limit));
    let start = out.len();
    part.clear();
    let limit = package.text_limit.saturating_sub(out.len());
    reader.append(&main_xml, &main, &mut part, limit)?;
    out.push_str(&part.text);
    hidden.extend(part.hidden.drain(..).map(|(at, h)| (start + at, h)));
    drop(main_xml);
    end_line(&mut out);

    for name in &footers {
        package.append_unique_part(
            name,
            &mut reader,
            &mut buf,
            &mut part,
            &mut seen,
            &mut out,
            &mut hidden,
        )?;
    }

    if out.trim().is_empty() {
        return Err(ExtractError::NoText(
            "Word document contains no text (only images or shapes?): run OCR or save it as a \
             searchable PDF"
                .into(),
        ));
    }
    // Offsets into the text become line numbers in one pass (offsets are in order).
    let mut line = 1u32;
    let mut counted = 0usize;
    let hidden = hidden
        .into_iter()
        .map(|(at, mut h)| {
            let at = at.min(out.len());
            if at > counted {
                line += out.as_bytes()[counted..at]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count() as u32;
                counted = at;
            }
            h.line = line;
            h
        })
        .collect();
    Ok((vec![out], hidden))
}

/// A zip package read from memory under a decompression budget.
struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Bytes that may still be decompressed.
    remaining: u64,
    /// The whole budget, for messages.
    limit: u64,
    /// Most bytes of text taken from one part.
    text_limit: usize,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8], limits: &Limits) -> Result<Package<'a>, ExtractError> {
        if let Some(entries) = declared_entry_count(bytes) {
            if entries > MAX_ZIP_ENTRIES {
                return Err(ExtractError::TooLarge(format!(
                    "DOCX archive lists {entries} entries (more than {MAX_ZIP_ENTRIES}); not a resume"
                )));
            }
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|err| match err {
            ZipError::UnsupportedArchive(msg) => {
                ExtractError::Unsupported(format!("unsupported zip archive variant: {msg}"))
            }
            ZipError::Io(err) => ExtractError::Corrupt(format!(
                "not a readable zip archive (damaged or truncated DOCX): {err}"
            )),
            other => ExtractError::Corrupt(format!(
                "not a readable zip archive (damaged or truncated DOCX): {other}"
            )),
        })?;
        Ok(Package {
            zip,
            remaining: limits.max_decompressed_bytes,
            limit: limits.max_decompressed_bytes,
            text_limit: limits.max_text_bytes,
        })
    }

    /// The archive index of a part, matched the way OPC names parts: case-insensitively, with
    /// percent-encoding and stray leading or back slashes tolerated.
    fn find(&self, part: &str) -> Option<usize> {
        if let Some(index) = self.zip.index_for_name(part) {
            return Some(index);
        }
        let decoded = percent_decode(part);
        self.zip.file_names().position(|name| {
            let name = name.trim_start_matches(['/', '\\']);
            same_part_name(name, part) || same_part_name(name, &decoded)
        })
    }

    /// Decompresses a part into `buf`, charging it to the budget. `Ok(false)` when it is absent.
    fn read(&mut self, part: &str, buf: &mut Vec<u8>) -> Result<bool, ExtractError> {
        let Some(index) = self.find(part) else {
            return Ok(false);
        };
        buf.clear();
        let mut file = self
            .zip
            .by_index(index)
            .map_err(|err| entry_error(part, err))?;
        // The declared size only sizes the first allocation; the budget decides how much is read.
        let hint = file.size().min(self.remaining).min(MAX_PREALLOC);
        buf.reserve(hint as usize);
        file.by_ref()
            .take(self.remaining.saturating_add(1))
            .read_to_end(buf)
            .map_err(|err| {
                ExtractError::Corrupt(format!("DOCX part '{part}' is damaged: {err}"))
            })?;
        drop(file);
        let read = buf.len() as u64;
        if read > self.remaining {
            return Err(ExtractError::TooLarge(format!(
                "DOCX decompresses to more than {} (zip bomb?)",
                human_size(self.limit)
            )));
        }
        self.remaining -= read;
        Ok(true)
    }

    /// Finds the main document part, or says why this zip is not a Word document.
    fn main_part(&mut self, buf: &mut Vec<u8>) -> Result<String, ExtractError> {
        let mut overrides: Vec<(String, String)> = Vec::new();
        let mut defaults: Vec<(String, String)> = Vec::new();
        if self.read("[Content_Types].xml", buf)? {
            parse_content_types(buf, &mut overrides, &mut defaults)?;
        }
        let mut office_documents: Vec<String> = Vec::new();
        if self.read("_rels/.rels", buf)? {
            for rel in parse_relationships(buf, "_rels/.rels")? {
                if rel.kind.ends_with("/officeDocument") && !rel.external {
                    office_documents.push(resolve_target("", &rel.target));
                }
            }
        }
        let content_type_of = |part: &str| -> Option<&str> {
            let specific = overrides
                .iter()
                .find(|(name, _)| same_part_name(name, part))
                .map(|(_, ct)| ct.as_str());
            let by_extension = || {
                let ext = part.rsplit_once('.').map(|(_, ext)| ext)?;
                defaults
                    .iter()
                    .find(|(e, _)| e.eq_ignore_ascii_case(ext))
                    .map(|(_, ct)| ct.as_str())
            };
            // Generic XML types say nothing about what the part is.
            specific
                .or_else(by_extension)
                .filter(|ct| !is_generic_xml(ct))
        };

        let chosen = if let Some(part) = office_documents
            .iter()
            .find(|part| content_type_of(part).is_some_and(is_word_main))
        {
            part.clone()
        } else if let Some((part, _)) = overrides.iter().find(|(_, ct)| is_word_main(ct)) {
            part.clone()
        } else if let Some(part) = office_documents.first() {
            if content_type_of(part).is_some() {
                // The package names its main part, and it is a workbook, presentation, ...
                return Err(ExtractError::Unsupported(NOT_A_WORD_DOCUMENT.into()));
            }
            part.clone()
        } else if self.find(CONVENTIONAL_MAIN_PART).is_some() {
            CONVENTIONAL_MAIN_PART.to_string()
        } else {
            return Err(ExtractError::Unsupported(NOT_A_WORD_DOCUMENT.into()));
        };

        if self.find(&chosen).is_none() && self.find(CONVENTIONAL_MAIN_PART).is_some() {
            // A package naming a part it lacks: Word itself would still open word/document.xml.
            return Ok(CONVENTIONAL_MAIN_PART.to_string());
        }
        Ok(chosen)
    }

    /// Header and footer parts named by the main part's relationships, in relationship order,
    /// and the styles part (`word/styles.xml` when no relationship names one).
    #[allow(clippy::type_complexity)]
    fn related_parts(
        &mut self,
        main: &str,
        buf: &mut Vec<u8>,
    ) -> Result<(Vec<String>, Vec<String>, Option<String>), ExtractError> {
        let (dir, name) = main.rsplit_once('/').unwrap_or(("", main));
        let rels_part = if dir.is_empty() {
            format!("_rels/{name}.rels")
        } else {
            format!("{dir}/_rels/{name}.rels")
        };
        let mut headers = Vec::new();
        let mut footers = Vec::new();
        let conventional_styles = || {
            let part = if dir.is_empty() {
                "styles.xml".to_string()
            } else {
                format!("{dir}/styles.xml")
            };
            Some(part)
        };
        if !self.read(&rels_part, buf)? {
            return Ok((headers, footers, conventional_styles()));
        }
        let mut styles = None;
        for rel in parse_relationships(buf, &rels_part)? {
            if rel.external {
                continue;
            }
            if rel.kind.ends_with("/styles") && styles.is_none() {
                styles = Some(resolve_target(dir, &rel.target));
                continue;
            }
            if headers.len() + footers.len() >= MAX_HEADER_FOOTER_PARTS {
                continue;
            }
            let list = if rel.kind.ends_with("/header") {
                &mut headers
            } else if rel.kind.ends_with("/footer") {
                &mut footers
            } else {
                continue;
            };
            let part = resolve_target(dir, &rel.target);
            if !list.contains(&part) {
                list.push(part);
            }
        }
        Ok((headers, footers, styles.or_else(conventional_styles)))
    }

    /// Appends a header or footer's text unless an identical one was already appended (Word keeps
    /// separate first-page, even-page and default headers that often say the same thing).
    #[allow(clippy::too_many_arguments)]
    fn append_unique_part(
        &mut self,
        name: &str,
        reader: &mut PartReader<'_>,
        buf: &mut Vec<u8>,
        part: &mut PartText,
        seen: &mut Vec<String>,
        out: &mut String,
        hidden: &mut Vec<(usize, HiddenText)>,
    ) -> Result<(), ExtractError> {
        if !self.read(name, buf)? {
            return Ok(());
        }
        part.clear();
        // Headers and footers share the document's text budget.
        let limit = self.text_limit.saturating_sub(out.len());
        reader.append(buf, name, part, limit)?;
        let trimmed = part.text.trim();
        let hidden_key: String = part.hidden.iter().map(|(_, h)| h.text.as_str()).collect();
        let key = format!("{trimmed}\u{0}{hidden_key}");
        if (trimmed.is_empty() && part.hidden.is_empty()) || seen.contains(&key) {
            return Ok(());
        }
        seen.push(key);
        let start = out.len();
        out.push_str(&part.text);
        hidden.extend(part.hidden.drain(..).map(|(at, h)| (start + at, h)));
        end_line(out);
        Ok(())
    }
}

fn entry_error(part: &str, err: ZipError) -> ExtractError {
    match err {
        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) => ExtractError::Encrypted(
            format!("DOCX archive entry '{part}' is password-protected (zip encryption)"),
        ),
        ZipError::UnsupportedArchive(msg) => {
            ExtractError::Unsupported(format!("DOCX part '{part}' cannot be read: {msg}"))
        }
        ZipError::Io(err) => ExtractError::Corrupt(format!("DOCX part '{part}' is damaged: {err}")),
        other => ExtractError::Corrupt(format!("DOCX part '{part}' is damaged: {other}")),
    }
}

/// The entry count the end-of-central-directory record declares, if it can be found cheaply.
/// Zip64 archives (count 0xFFFF) are left to the zip reader.
fn declared_entry_count(bytes: &[u8]) -> Option<u64> {
    const EOCD_LEN: usize = 22;
    if bytes.len() < EOCD_LEN {
        return None;
    }
    let window_start = bytes.len().saturating_sub(EOCD_LEN + u16::MAX as usize);
    let last_start = bytes.len() - EOCD_LEN;
    (window_start..=last_start)
        .rev()
        .find(|&i| bytes[i..].starts_with(b"PK\x05\x06"))
        .map(|i| u16::from_le_bytes([bytes[i + 10], bytes[i + 11]]))
        .filter(|&n| n != u16::MAX)
        .map(u64::from)
}

fn human_size(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else {
        format!("{bytes} bytes")
    }
}

fn is_word_main(content_type: &str) -> bool {
    WORD_MAIN_CONTENT_TYPES
        .iter()
        .any(|ct| ct.eq_ignore_ascii_case(content_type.trim()))
}

fn is_generic_xml(content_type: &str) -> bool {
    let ct = content_type.trim();
    ct.eq_ignore_ascii_case("application/xml") || ct.eq_ignore_ascii_case("text/xml")
}

/// Compares OPC part names (ASCII case-insensitive, `\` read as `/`, leading `/` ignored).
fn same_part_name(a: &str, b: &str) -> bool {
    let a = a.trim_start_matches(['/', '\\']).as_bytes();
    let b = b.trim_start_matches(['/', '\\']).as_bytes();
    a.len() == b.len()
        && a.iter().zip(b).all(|(&x, &y)| {
            let x = if x == b'\\' { b'/' } else { x };
            let y = if y == b'\\' { b'/' } else { y };
            x.eq_ignore_ascii_case(&y)
        })
}

fn percent_decode(name: &str) -> Cow<'_, str> {
    if !name.contains('%') {
        return Cow::Borrowed(name);
    }
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => Cow::Owned(s),
        Err(_) => Cow::Borrowed(name),
    }
}

/// Resolves a relationship target against the folder of its source part, giving a part name
/// relative to the package root.
fn resolve_target(base_dir: &str, target: &str) -> String {
    let target = target.split(['#', '?']).next().unwrap_or_default();
    let (base, target) = match target.strip_prefix('/') {
        Some(absolute) => ("", absolute),
        None => (base_dir, target),
    };
    let mut segments: Vec<&str> = Vec::new();
    for segment in base.split('/').chain(target.split('/')) {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

/// Transcodes UTF-16 parts (allowed by OPC, rare in practice) to UTF-8; UTF-8 passes through.
fn as_utf8(xml: &[u8]) -> Cow<'_, [u8]> {
    match encoding_rs::Encoding::for_bom(xml) {
        Some((encoding, bom_len)) if encoding != encoding_rs::UTF_8 => {
            let (text, _) = encoding.decode_without_bom_handling(&xml[bom_len..]);
            Cow::Owned(text.into_owned().into_bytes())
        }
        _ => Cow::Borrowed(xml),
    }
}

fn xml_error(part: &str, position: u64, err: impl std::fmt::Display) -> ExtractError {
    ExtractError::Corrupt(format!(
        "malformed XML in DOCX part '{part}' at byte {position}: {err}"
    ))
}

/// The value of the attribute with this local name, unescaped.
fn attribute<'e>(
    element: &'e BytesStart<'_>,
    local_name: &[u8],
    part: &str,
    position: u64,
) -> Result<Option<Cow<'e, str>>, ExtractError> {
    for attr in element.attributes() {
        let attr = attr.map_err(|err| xml_error(part, position, err))?;
        if attr.key.local_name().as_ref() == local_name {
            let value = attr
                .unescape_value()
                .map_err(|err| xml_error(part, position, err))?;
            return Ok(Some(value));
        }
    }
    Ok(None)
}

/// Collects `Override` (part name, content type) and `Default` (extension, content type) entries.
fn parse_content_types(
    xml: &[u8],
    overrides: &mut Vec<(String, String)>,
    defaults: &mut Vec<(String, String)>,
) -> Result<(), ExtractError> {
    const PART: &str = "[Content_Types].xml";
    let xml = as_utf8(xml);
    let mut reader = Reader::from_reader(xml.as_ref());
    loop {
        let event = reader
            .read_event()
            .map_err(|err| xml_error(PART, reader.error_position(), err))?;
        let pos = reader.buffer_position();
        match event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"Override" => {
                    let name = attribute(&e, b"PartName", PART, pos)?;
                    let ct = attribute(&e, b"ContentType", PART, pos)?;
                    if let (Some(name), Some(ct)) = (name, ct) {
                        let name = name.trim_start_matches('/').to_string();
                        overrides.push((name, ct.into_owned()));
                    }
                }
                b"Default" => {
                    let ext = attribute(&e, b"Extension", PART, pos)?;
                    let ct = attribute(&e, b"ContentType", PART, pos)?;
                    if let (Some(ext), Some(ct)) = (ext, ct) {
                        defaults.push((ext.into_owned(), ct.into_owned()));
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

struct Relationship {
    kind: String,
    target: String,
    external: bool,
}

fn parse_relationships(xml: &[u8], part: &str) -> Result<Vec<Relationship>, ExtractError> {
    let xml = as_utf8(xml);
    let mut reader = Reader::from_reader(xml.as_ref());
    let mut rels = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|err| xml_error(part, reader.error_position(), err))?;
        let pos = reader.buffer_position();
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                let kind = attribute(&e, b"Type", part, pos)?;
                let target = attribute(&e, b"Target", part, pos)?;
                let mode = attribute(&e, b"TargetMode", part, pos)?;
                if let (Some(kind), Some(target)) = (kind, target) {
                    rels.push(Relationship {
                        kind: kind.into_owned(),
                        target: target.into_owned(),
                        external: mode.is_some_and(|m| m.eq_ignore_ascii_case("External")),
                    });
                }
            }
            Event::Eof => return Ok(rels),
            _ => {}
        }
    }
}

/// Ends the current line unless the text is empty or already ends with one.
fn end_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Namespaces Word (2010 to 365) understands, by URI: an `mc:Choice` requiring only these is the
/// branch it renders. An attacker can declare a made-up namespace and put text in a Choice that
/// requires it; Word shows the Fallback, and so must we.
const KNOWN_NAMESPACES: &[&str] = &[
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://schemas.openxmlformats.org/drawingml/2006/main",
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "http://schemas.microsoft.com/office/word/2010/wordml",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingInk",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "http://schemas.microsoft.com/office/word/2012/wordml",
    "http://schemas.microsoft.com/office/word/2015/wordml/symex",
    "http://schemas.microsoft.com/office/word/2016/wordml/cid",
    "http://schemas.microsoft.com/office/word/2018/wordml",
    "http://schemas.microsoft.com/office/word/2018/wordml/cex",
    "http://schemas.microsoft.com/office/word/2020/wordml/sdtdatahash",
    "http://schemas.microsoft.com/office/drawing/2010/main",
    "http://schemas.microsoft.com/office/drawing/2014/chartex",
    "http://schemas.microsoft.com/office/drawing/2016/ink",
    "http://schemas.microsoft.com/office/drawing/2017/model3d",
    "urn:schemas-microsoft-com:vml",
    "urn:schemas-microsoft-com:office:office",
    "urn:schemas-microsoft-com:office:word",
];

/// Conventional prefixes of [`KNOWN_NAMESPACES`], for a `Requires` naming a prefix the part
/// never declares (invalid, but written by some generators).
const KNOWN_PREFIXES: &[&str] = &[
    "w", "r", "m", "a", "wp", "pic", "mc", "w14", "wps", "wpg", "wpc", "wpi", "wp14", "w15",
    "w16se", "w16cid", "w16", "w16cex", "w16sdtdh", "a14", "cx", "aink", "am3d", "v", "o", "w10",
];

/// Fonts under this many half-points (4 pt) cannot be read on a page (w:sz is in half-points).
const MIN_HALF_POINTS: u32 = 8;

/// An sRGB colour.
type Rgb = [u8; 3];

/// A run's text colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Colour {
    /// Word picks black or white against the background: always readable.
    Auto,
    Rgb(Rgb),
}

/// The run properties that can hide text; `None` inherits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct RunProps {
    vanish: Option<bool>,
    colour: Option<Colour>,
    half_points: Option<u32>,
    /// Run shading (`w:shd w:fill`); `Some(None)` is an explicit "no fill".
    fill: Option<Option<Rgb>>,
    /// Highlight (`w:highlight`); `Some(None)` is "none".
    highlight: Option<Option<Rgb>>,
}

impl RunProps {
    /// Lays `over` on top of these properties.
    fn apply(&mut self, over: &RunProps) {
        self.vanish = over.vanish.or(self.vanish);
        self.colour = over.colour.or(self.colour);
        self.half_points = over.half_points.or(self.half_points);
        self.fill = over.fill.or(self.fill);
        self.highlight = over.highlight.or(self.highlight);
    }
}

/// One style of styles.xml.
#[derive(Debug, Clone, Default)]
struct Style {
    based_on: Option<String>,
    run: RunProps,
    /// Paragraph shading of a paragraph style.
    para_fill: Option<Option<Rgb>>,
}

/// The styles part: document defaults, styles by id, the default paragraph style.
#[derive(Debug, Default)]
struct Styles {
    defaults: RunProps,
    styles: HashMap<String, Style>,
    default_paragraph: Option<String>,
}

/// Deepest `w:basedOn` chain followed (Word allows far fewer; this also stops cycles).
const MAX_STYLE_DEPTH: usize = 16;

impl Styles {
    fn parse(xml: &[u8], part: &str) -> Result<Styles, ExtractError> {
        let xml = as_utf8(xml);
        let mut reader = Reader::from_reader(xml.as_ref());
        let mut styles = Styles::default();
        let mut current: Option<(String, Style)> = None;
        let mut in_rpr_default = false;
        loop {
            let event = reader
                .read_event()
                .map_err(|err| xml_error(part, reader.error_position(), err))?;
            let pos = reader.buffer_position();
            match event {
                Event::Start(e) => match e.local_name().as_ref() {
                    b"rPrDefault" => in_rpr_default = true,
                    b"style" => {
                        let id = attribute(&e, b"styleId", part, pos)?.unwrap_or_default();
                        let kind = attribute(&e, b"type", part, pos)?;
                        if kind.as_deref() == Some("paragraph")
                            && attribute(&e, b"default", part, pos)?
                                .is_some_and(|v| is_on(Some(&v)))
                        {
                            styles.default_paragraph = Some(id.to_string());
                        }
                        current = Some((id.into_owned(), Style::default()));
                    }
                    b"rPr" => {
                        let props = read_run_props(&mut reader, part)?;
                        if let Some((_, style)) = &mut current {
                            style.run.apply(&props);
                        } else if in_rpr_default {
                            styles.defaults.apply(&props);
                        }
                    }
                    b"pPr" => {
                        let para = read_para_props(&mut reader, part)?;
                        if let Some((_, style)) = &mut current {
                            style.para_fill = para.fill.or(style.para_fill);
                        }
                    }
                    _ => {}
                },
                Event::Empty(e) if e.local_name().as_ref() == b"basedOn" => {
                    if let Some((_, style)) = &mut current {
                        style.based_on = attribute(&e, b"val", part, pos)?.map(Cow::into_owned);
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    b"rPrDefault" => in_rpr_default = false,
                    b"style" => {
                        if let Some((id, style)) = current.take() {
                            styles.styles.entry(id).or_insert(style);
                        }
                    }
                    _ => {}
                },
                Event::Eof => return Ok(styles),
                _ => {}
            }
        }
    }

    /// The run properties a style gives, its `basedOn` ancestors first.
    fn run_props(&self, id: &str) -> RunProps {
        let mut chain = Vec::new();
        let mut next = Some(id);
        while let Some(id) = next {
            if chain.len() >= MAX_STYLE_DEPTH {
                break;
            }
            let Some(style) = self.styles.get(id) else {
                break;
            };
            chain.push(style);
            next = style.based_on.as_deref();
        }
        let mut props = RunProps::default();
        for style in chain.iter().rev() {
            props.apply(&style.run);
        }
        props
    }

    /// The paragraph shading a paragraph style gives, through its ancestors.
    fn para_fill(&self, id: &str) -> Option<Rgb> {
        let mut next = Some(id);
        for _ in 0..MAX_STYLE_DEPTH {
            let Some(style) = next.and_then(|id| self.styles.get(id)) else {
                break;
            };
            if let Some(fill) = style.para_fill {
                return fill;
            }
            next = style.based_on.as_deref();
        }
        None
    }
}

/// A toggle property's value: absent `w:val`, `1`, `true`, `on` are on.
fn is_on(val: Option<&str>) -> bool {
    !matches!(val, Some("0" | "false" | "off" | "none"))
}

fn parse_rgb(value: &str) -> Option<Rgb> {
    let value = value.trim();
    if value.len() != 6 || !value.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&value[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// The colours of `w:highlight` (ST_HighlightColor).
fn highlight_rgb(name: &str) -> Option<Rgb> {
    Some(match name {
        "black" => [0, 0, 0],
        "blue" => [0, 0, 255],
        "cyan" => [0, 255, 255],
        "green" => [0, 255, 0],
        "magenta" => [255, 0, 255],
        "red" => [255, 0, 0],
        "yellow" => [255, 255, 0],
        "white" => [255, 255, 255],
        "darkBlue" => [0, 0, 128],
        "darkCyan" => [0, 128, 128],
        "darkGreen" => [0, 128, 0],
        "darkMagenta" => [128, 0, 128],
        "darkRed" => [128, 0, 0],
        "darkYellow" => [128, 128, 0],
        "darkGray" => [128, 128, 128],
        "lightGray" => [192, 192, 192],
        _ => return None,
    })
}

/// WCAG 2 contrast ratio of two sRGB colours (1 to 21).
fn contrast(a: Rgb, b: Rgb) -> f64 {
    let unit = |c: Rgb| c.map(|v| f64::from(v) / 255.0);
    contrast_ratio(unit(a), unit(b))
}

/// A `w:shd` fill: `auto` or absent is no fill.
fn shading_fill(e: &BytesStart<'_>, part: &str, pos: u64) -> Result<Option<Rgb>, ExtractError> {
    Ok(attribute(e, b"fill", part, pos)?.and_then(|v| parse_rgb(&v)))
}

/// Reads a `w:rPr` up to its end tag (the reader is just past its start tag).
fn read_run_props(reader: &mut Reader<&[u8]>, part: &str) -> Result<RunProps, ExtractError> {
    let mut props = RunProps::default();
    let mut rstyle = None;
    read_run_props_into(reader, part, &mut props, &mut rstyle)?;
    Ok(props)
}

fn read_run_props_into(
    reader: &mut Reader<&[u8]>,
    part: &str,
    props: &mut RunProps,
    rstyle: &mut Option<String>,
) -> Result<(), ExtractError> {
    loop {
        let event = reader
            .read_event()
            .map_err(|err| xml_error(part, reader.error_position(), err))?;
        let pos = reader.buffer_position();
        match event {
            Event::Start(_) | Event::Empty(_) => {
                let (e, is_start) = match event {
                    Event::Start(e) => (e, true),
                    Event::Empty(e) => (e, false),
                    _ => unreachable!("matched above"),
                };
                match e.local_name().as_ref() {
                    b"vanish" | b"specVanish" => {
                        let val = attribute(&e, b"val", part, pos)?;
                        props.vanish = Some(is_on(val.as_deref()));
                    }
                    b"color" => {
                        if let Some(val) = attribute(&e, b"val", part, pos)? {
                            props.colour = if val.eq_ignore_ascii_case("auto") {
                                Some(Colour::Auto)
                            } else {
                                parse_rgb(&val).map(Colour::Rgb)
                            };
                        }
                    }
                    b"sz" => {
                        if let Some(val) = attribute(&e, b"val", part, pos)? {
                            props.half_points = val.trim().parse().ok();
                        }
                    }
                    b"shd" => props.fill = Some(shading_fill(&e, part, pos)?),
                    b"highlight" => {
                        let val = attribute(&e, b"val", part, pos)?;
                        props.highlight = Some(val.as_deref().and_then(highlight_rgb));
                    }
                    b"rStyle" => {
                        *rstyle = attribute(&e, b"val", part, pos)?.map(Cow::into_owned);
                    }
                    _ => {}
                }
                // Tracked changes hold the *old* properties; anything else nested is skipped.
                if is_start {
                    let end = e.to_end().into_owned();
                    reader
                        .read_to_end(end.name())
                        .map_err(|err| xml_error(part, reader.error_position(), err))?;
                }
            }
            Event::End(_) => return Ok(()),
            Event::Eof => return Err(xml_error(part, reader.error_position(), "unclosed rPr")),
            _ => {}
        }
    }
}

/// What a `w:pPr` says about hiding: its style and shading.
#[derive(Debug, Default)]
struct ParaProps {
    style: Option<String>,
    fill: Option<Option<Rgb>>,
}

/// Reads a `w:pPr` (or `w:tcPr`) up to its end tag, keeping its style and its own shading;
/// nested properties (the paragraph mark's `w:rPr`, tab stops, tracked changes) are skipped.
fn read_para_props(reader: &mut Reader<&[u8]>, part: &str) -> Result<ParaProps, ExtractError> {
    let mut props = ParaProps::default();
    loop {
        let event = reader
            .read_event()
            .map_err(|err| xml_error(part, reader.error_position(), err))?;
        let pos = reader.buffer_position();
        match event {
            Event::Start(_) | Event::Empty(_) => {
                let (e, is_start) = match event {
                    Event::Start(e) => (e, true),
                    Event::Empty(e) => (e, false),
                    _ => unreachable!("matched above"),
                };
                match e.local_name().as_ref() {
                    b"pStyle" => {
                        props.style = attribute(&e, b"val", part, pos)?.map(Cow::into_owned)
                    }
                    b"shd" => props.fill = Some(shading_fill(&e, part, pos)?),
                    _ => {}
                }
                if is_start {
                    let end = e.to_end().into_owned();
                    reader
                        .read_to_end(end.name())
                        .map_err(|err| xml_error(part, reader.error_position(), err))?;
                }
            }
            Event::End(_) => return Ok(props),
            Event::Eof => return Err(xml_error(part, reader.error_position(), "unclosed pPr")),
            _ => {}
        }
    }
}

/// The page colour (`w:background`, before the body), white when none is set.
fn page_background(xml: &[u8], part: &str) -> Result<Rgb, ExtractError> {
    const WHITE: Rgb = [255, 255, 255];
    let xml = as_utf8(xml);
    let mut reader = Reader::from_reader(xml.as_ref());
    loop {
        let event = reader
            .read_event()
            .map_err(|err| xml_error(part, reader.error_position(), err))?;
        let pos = reader.buffer_position();
        match event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"background" => {
                    let colour = attribute(&e, b"color", part, pos)?;
                    return Ok(colour.and_then(|c| parse_rgb(&c)).unwrap_or(WHITE));
                }
                b"body" => return Ok(WHITE),
                _ => {}
            },
            Event::Eof => return Ok(WHITE),
            _ => {}
        }
    }
}

/// The text of one part: visible text, and hidden stretches keyed by the offset in `text`
/// where they would have been.
#[derive(Debug, Default)]
struct PartText {
    text: String,
    hidden: Vec<(usize, HiddenText)>,
    hidden_bytes: usize,
    /// Index in `hidden` of the stretch still growing (the previous run was hidden the same way).
    open: Option<usize>,
}

impl PartText {
    fn clear(&mut self) {
        self.text.clear();
        self.hidden.clear();
        self.hidden_bytes = 0;
        self.open = None;
    }

    fn push(&mut self, text: &str, how: Option<HiddenHow>) {
        let Some(how) = how else {
            self.text.push_str(text);
            if !text.trim().is_empty() {
                self.open = None;
            }
            return;
        };
        self.hidden_bytes += text.len();
        match self.open.and_then(|i| self.hidden.get_mut(i)) {
            Some((_, open)) if open.how == how => open.text.push_str(text),
            _ => {
                self.hidden.push((
                    self.text.len(),
                    HiddenText {
                        text: text.to_string(),
                        page: 1,
                        line: 0,
                        how,
                    },
                ));
                self.open = Some(self.hidden.len() - 1);
            }
        }
    }

    /// A paragraph ended: the next hidden text is a new stretch.
    fn close(&mut self) {
        self.open = None;
    }

    fn len(&self) -> usize {
        self.text.len() + self.hidden_bytes
    }
}

/// An open paragraph: the run properties and shading its style and `w:pPr` give.
#[derive(Debug, Clone, Default)]
struct Paragraph {
    run: RunProps,
    fill: Option<Rgb>,
}

/// An open run: how its text is hidden, if it is.
#[derive(Debug, Clone, Copy, Default)]
struct Run {
    how: Option<HiddenHow>,
}

/// Reads WordprocessingML parts with the document's styles and page colour.
struct PartReader<'s> {
    styles: &'s Styles,
    background: Rgb,
}

impl PartReader<'_> {
    fn paragraph(&self, style: Option<&str>, fill: Option<Option<Rgb>>) -> Paragraph {
        let style = style.or(self.styles.default_paragraph.as_deref());
        let mut run = self.styles.defaults.clone();
        if let Some(style) = style {
            run.apply(&self.styles.run_props(style));
        }
        let fill = match fill {
            Some(fill) => fill,
            None => style.and_then(|s| self.styles.para_fill(s)),
        };
        Paragraph { run, fill }
    }

    /// How a run with these properties, in this paragraph and cell, is hidden.
    fn how(
        &self,
        paragraph: Option<&Paragraph>,
        cell_fill: Option<Rgb>,
        rstyle: Option<&str>,
        direct: &RunProps,
    ) -> Option<HiddenHow> {
        let mut props = match paragraph {
            Some(p) => p.run.clone(),
            None => self.styles.defaults.clone(),
        };
        if let Some(rstyle) = rstyle {
            props.apply(&self.styles.run_props(rstyle));
        }
        props.apply(direct);
        if props.vanish == Some(true) {
            return Some(HiddenHow::Vanish);
        }
        if props.half_points.is_some_and(|hp| hp < MIN_HALF_POINTS) {
            return Some(HiddenHow::TinyFont);
        }
        let Some(Colour::Rgb(colour)) = props.colour else {
            return None;
        };
        let shading = props
            .highlight
            .flatten()
            .or(props.fill.flatten())
            .or(paragraph.and_then(|p| p.fill))
            .or(cell_fill);
        let (behind, how) = match shading {
            Some(fill) => (fill, HiddenHow::SameColourAsShading),
            None => (self.background, HiddenHow::SameColourAsPage),
        };
        (contrast(colour, behind) < MIN_CONTRAST).then_some(how)
    }

    /// Streams one WordprocessingML part (document, header, footer) and appends its text to
    /// `out`; hidden text goes to `out.hidden` instead.
    ///
    /// Elements are matched by local name, so any namespace prefix works (and Strict OOXML too).
    ///
    /// Stops with `too_large` as soon as `out` holds more than `limit` bytes: a small zip can
    /// inflate to tens of megabytes of text, which must never be held, let alone screened.
    fn append(
        &mut self,
        xml: &[u8],
        part: &str,
        out: &mut PartText,
        limit: usize,
    ) -> Result<(), ExtractError> {
        let xml = as_utf8(xml);
        let mut reader = Reader::from_reader(xml.as_ref());
        // Depth inside text-bearing elements (`w:t`, plus `m:t` math and `a:t` DrawingML text).
        let mut in_text: u32 = 0;
        // One entry per open `mc:AlternateContent`: whether one of its branches was taken.
        let mut alternate_taken: Vec<bool> = Vec::new();
        // Namespace prefixes declared on the root and on markup-compatibility elements.
        let mut namespaces: HashMap<String, String> = HashMap::new();
        let mut paragraphs: Vec<Paragraph> = Vec::new();
        let mut runs: Vec<Run> = Vec::new();
        let mut cells: Vec<Option<Rgb>> = Vec::new();
        let mut root_seen = false;
        loop {
            if out.len() > limit {
                return Err(super::text_too_large("Word document has", limit));
            }
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(err) => return Err(xml_error(part, reader.error_position(), err)),
            };
            let how = runs.last().and_then(|r| r.how);
            let pos = reader.buffer_position();
            match event {
                Event::Text(text) if in_text > 0 => out.push(&utf8(&text), how),
                Event::CData(text) if in_text > 0 => out.push(&utf8(&text), how),
                Event::GeneralRef(reference) if in_text > 0 => {
                    let mut s = String::new();
                    push_reference(&mut s, &reference);
                    out.push(&s, how);
                }
                Event::Start(e) => {
                    let name = e.local_name();
                    if !root_seen || matches!(name.as_ref(), b"AlternateContent" | b"Choice") {
                        root_seen = true;
                        declare_namespaces(&e, &mut namespaces, part, pos)?;
                    }
                    let skip = match name.as_ref() {
                        b"t" => {
                            in_text += 1;
                            false
                        }
                        b"tab" | b"ptab" => {
                            out.push(if how.is_some() { " " } else { "\t" }, how);
                            false
                        }
                        b"br" | b"cr" => {
                            out.push(if how.is_some() { " " } else { "\n" }, how);
                            false
                        }
                        b"txbxContent" => {
                            end_line(&mut out.text);
                            false
                        }
                        b"p" => {
                            paragraphs.push(self.paragraph(None, None));
                            false
                        }
                        b"r" => {
                            let how = self.how(
                                paragraphs.last(),
                                cell_fill(&cells),
                                None,
                                &RunProps::default(),
                            );
                            runs.push(Run { how });
                            false
                        }
                        b"tc" => {
                            cells.push(None);
                            false
                        }
                        b"tcPr" => {
                            let props = read_para_props(&mut reader, part)?;
                            if let (Some(cell), Some(fill)) = (cells.last_mut(), props.fill) {
                                *cell = fill;
                            }
                            continue;
                        }
                        b"pPr" => {
                            let props = read_para_props(&mut reader, part)?;
                            if let Some(paragraph) = paragraphs.last_mut() {
                                *paragraph = self.paragraph(props.style.as_deref(), props.fill);
                            }
                            continue;
                        }
                        b"rPr" if !runs.is_empty() => {
                            let mut direct = RunProps::default();
                            let mut rstyle = None;
                            read_run_props_into(&mut reader, part, &mut direct, &mut rstyle)?;
                            let how = self.how(
                                paragraphs.last(),
                                cell_fill(&cells),
                                rstyle.as_deref(),
                                &direct,
                            );
                            if let Some(run) = runs.last_mut() {
                                run.how = how;
                            }
                            continue;
                        }
                        b"AlternateContent" => {
                            alternate_taken.push(false);
                            false
                        }
                        // The first Choice whose namespaces Word knows is rendered; the others,
                        // and the Fallback, are not.
                        b"Choice" => match alternate_taken.last_mut() {
                            Some(taken) if !*taken => {
                                let requires = attribute(&e, b"Requires", part, pos)?;
                                let understood = requires.as_deref().is_none_or(|r| {
                                    r.split_whitespace().all(|p| understood(p, &namespaces))
                                });
                                *taken |= understood;
                                !understood
                            }
                            _ => true,
                        },
                        b"Fallback" => match alternate_taken.last_mut() {
                            Some(taken) if !*taken => {
                                *taken = true;
                                false
                            }
                            _ => true,
                        },
                        // Subtrees with no visible text, or with text that is not the document's:
                        // properties, field codes, deleted and moved-away text.
                        b"rPr" | b"tabs" | b"instrText" | b"delText" | b"delInstrText"
                        | b"moveFrom" => true,
                        _ => false,
                    };
                    if skip {
                        let end = e.to_end().into_owned();
                        reader
                            .read_to_end(end.name())
                            .map_err(|err| xml_error(part, reader.error_position(), err))?;
                    }
                }
                Event::Empty(e) => match e.local_name().as_ref() {
                    b"tab" | b"ptab" => out.push(if how.is_some() { " " } else { "\t" }, how),
                    b"br" | b"cr" => out.push(if how.is_some() { " " } else { "\n" }, how),
                    b"noBreakHyphen" => out.push("-", how),
                    b"p" => {
                        out.text.push('\n');
                        out.close();
                    }
                    b"tc" => end_cell(&mut out.text),
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    b"t" => in_text = in_text.saturating_sub(1),
                    b"p" => {
                        paragraphs.pop();
                        out.text.push('\n');
                        out.close();
                    }
                    b"r" => {
                        runs.pop();
                    }
                    b"tc" => {
                        cells.pop();
                        end_cell(&mut out.text);
                    }
                    b"tr" => end_row(&mut out.text),
                    b"txbxContent" => end_line(&mut out.text),
                    b"AlternateContent" => {
                        alternate_taken.pop();
                    }
                    _ => {}
                },
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }
}

/// The shading of the innermost open table cell.
fn cell_fill(cells: &[Option<Rgb>]) -> Option<Rgb> {
    cells.iter().rev().find_map(|c| *c)
}

/// Records the `xmlns:prefix` declarations of an element.
fn declare_namespaces(
    e: &BytesStart<'_>,
    namespaces: &mut HashMap<String, String>,
    part: &str,
    pos: u64,
) -> Result<(), ExtractError> {
    for attr in e.attributes() {
        let attr = attr.map_err(|err| xml_error(part, pos, err))?;
        let key = attr.key.as_ref();
        if let Some(prefix) = key.strip_prefix(b"xmlns:") {
            let uri = attr
                .unescape_value()
                .map_err(|err| xml_error(part, pos, err))?;
            namespaces.insert(
                String::from_utf8_lossy(prefix).into_owned(),
                uri.into_owned(),
            );
        }
    }
    Ok(())
}

/// Whether Word understands the namespace a `Requires` prefix names.
fn understood(prefix: &str, namespaces: &HashMap<String, String>) -> bool {
    match namespaces.get(prefix) {
        Some(uri) => KNOWN_NAMESPACES.contains(&uri.as_str()),
        None => KNOWN_PREFIXES.contains(&prefix),
    }
}

fn utf8<'b>(bytes: &'b [u8]) -> Cow<'b, str> {
    String::from_utf8_lossy(bytes)
}

/// A cell's last paragraph ended the line; the row goes on, so that becomes a cell separator.
fn end_cell(out: &mut String) {
    if out.ends_with('\n') {
        out.pop();
    }
    out.push('\t');
}

/// The row ends where its last cell's separator was.
fn end_row(out: &mut String) {
    if out.ends_with('\t') {
        out.pop();
    }
    out.push('\n');
}

fn push_utf8(out: &mut String, bytes: &[u8]) {
    match std::str::from_utf8(bytes) {
        Ok(text) => out.push_str(text),
        Err(_) => out.push_str(&String::from_utf8_lossy(bytes)),
    }
}

/// Resolves `&name;` / `&#n;` / `&#xh;`. DOCX has no DTD, so other names are kept verbatim and
/// invalid character references dropped, rather than failing the whole document.
fn push_reference(out: &mut String, reference: &BytesRef<'_>) {
    let ch = match &**reference {
        b"amp" => '&',
        b"lt" => '<',
        b"gt" => '>',
        b"quot" => '"',
        b"apos" => '\'',
        name => match reference.resolve_char_ref() {
            Ok(Some(ch)) => ch,
            Ok(None) => {
                out.push('&');
                push_utf8(out, name);
                out.push(';');
                return;
            }
            Err(_) => return,
        },
    };
    out.push(ch);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};

    const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const MAIN_CT: &str =
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

    /// A zip holding these (name, content) entries, deflated.
    fn zip_bytes(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        for (name, content) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(content).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn wrap(root: &str, inner: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:{root} xmlns:w="{W_NS}" xmlns:r="{REL_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml">{inner}</w:{root}>"#
        )
    }

    fn content_types(main: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/{main}" ContentType="{MAIN_CT}"/>
</Types>"#
        )
    }

    fn package_rels(main: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="{main}"/>
</Relationships>"#
        )
    }

    /// A minimal DOCX whose body holds `body` (WordprocessingML inside `w:body`), plus extra parts.
    fn docx(body: &str, extra: &[(&str, &str)]) -> Vec<u8> {
        let document = wrap("document", &format!("<w:body>{body}</w:body>"));
        let ct = content_types("word/document.xml");
        let rels = package_rels("word/document.xml");
        let mut entries: Vec<(&str, &[u8])> = vec![
            ("[Content_Types].xml", ct.as_bytes()),
            ("_rels/.rels", rels.as_bytes()),
            ("word/document.xml", document.as_bytes()),
        ];
        entries.extend(extra.iter().map(|(n, c)| (*n, c.as_bytes())));
        zip_bytes(&entries)
    }

    fn para(text: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    fn text_of(bytes: &[u8]) -> String {
        let (pages, _) = extract_docx(bytes, &Limits::default()).unwrap();
        assert_eq!(pages.len(), 1);
        pages.into_iter().next().unwrap()
    }

    fn kind_of(bytes: &[u8], limits: &Limits) -> String {
        extract_docx(bytes, limits).unwrap_err().kind().to_string()
    }

    fn run(props: &str, text: &str) -> String {
        format!("<w:r><w:rPr>{props}</w:rPr><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
    }

    fn hidden_of(bytes: &[u8]) -> (String, Vec<(String, u32, &'static str)>) {
        let (pages, hidden) = extract_docx(bytes, &Limits::default()).unwrap();
        let hidden = hidden
            .into_iter()
            .map(|h| (h.text, h.line, h.how.as_str()))
            .collect();
        (pages.into_iter().next().unwrap(), hidden)
    }

    fn styles_part(inner: &str) -> String {
        wrap("styles", inner)
    }

    #[test]
    fn hidden_runs_are_kept_apart_with_line_and_how() {
        let body = format!(
            "{}<w:p>{}{}</w:p><w:p>{}{}</w:p><w:p>{}{}</w:p><w:p>{}</w:p><w:p>{}{}</w:p>",
            para("Jane Doe"),
            run("", "Retail associate. "),
            run("<w:vanish/>", "Django FastAPI in production"),
            run("<w:color w:val=\"FFFFFF\"/>", "Kubernetes Kafka"),
            run("<w:color w:val=\"auto\"/>", "Visible"),
            run("<w:sz w:val=\"2\"/>", "Airflow Spark"),
            run("<w:sz w:val=\"22\"/>", " Customer service"),
            run("<w:color w:val=\"FAFAFA\"/>", "near white"),
            run(
                "<w:color w:val=\"1F3864\"/><w:shd w:val=\"clear\" w:fill=\"1F3864\"/>",
                "navy on navy"
            ),
            run("<w:specVanish/>", "spec"),
        );
        let (text, hidden) = hidden_of(&docx(&body, &[]));
        assert_eq!(
            text,
            "Jane Doe\nRetail associate. \nVisible\n Customer service\n\n\n"
        );
        assert_eq!(
            hidden,
            vec![
                ("Django FastAPI in production".into(), 2, "vanish"),
                ("Kubernetes Kafka".into(), 3, "same-colour-as-page"),
                ("Airflow Spark".into(), 4, "tiny-font"),
                ("near white".into(), 5, "same-colour-as-page"),
                ("navy on navy".into(), 6, "same-colour-as-shading"),
                ("spec".into(), 6, "vanish"),
            ]
        );
    }

    #[test]
    fn readable_colours_and_a_toggled_off_vanish_stay_visible() {
        let body = format!(
            "<w:p>{}{}{}</w:p><w:p><w:pPr><w:shd w:val=\"clear\" w:fill=\"000000\"/></w:pPr>{}</w:p>{}",
            run("<w:color w:val=\"CCCCCC\"/>", "grey "),
            run("<w:vanish w:val=\"0\"/>", "shown "),
            run("<w:color w:val=\"FFFFFF\"/><w:highlight w:val=\"black\"/>", "white on black"),
            run("<w:color w:val=\"FFFFFF\"/>", "white on a black paragraph"),
            para("end"),
        );
        let (text, hidden) = hidden_of(&docx(&body, &[]));
        assert_eq!(
            text,
            "grey shown white on black\nwhite on a black paragraph\nend\n"
        );
        assert!(hidden.is_empty(), "{hidden:?}");
    }

    #[test]
    fn a_page_background_changes_what_is_invisible() {
        let document = wrap(
            "document",
            &format!(
                "<w:background w:color=\"000000\"/><w:body><w:p>{}{}</w:p></w:body>",
                run("<w:color w:val=\"FFFFFF\"/>", "white on a black page "),
                run("<w:color w:val=\"000000\"/>", "black on black"),
            ),
        );
        let bytes = zip_bytes(&[
            (
                "[Content_Types].xml",
                content_types("word/document.xml").as_bytes(),
            ),
            ("word/document.xml", document.as_bytes()),
        ]);
        let (text, hidden) = hidden_of(&bytes);
        assert_eq!(text, "white on a black page \n");
        assert_eq!(
            hidden,
            vec![("black on black".into(), 1, "same-colour-as-page")]
        );
    }

    #[test]
    fn hidden_through_styles_defaults_and_based_on() {
        let styles = styles_part(
            "<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"22\"/></w:rPr></w:rPrDefault></w:docDefaults>\
             <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:rPr><w:color w:val=\"000000\"/></w:rPr></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"Secret\"><w:basedOn w:val=\"Normal\"/><w:rPr><w:vanish/></w:rPr></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"Secret2\"><w:basedOn w:val=\"Secret\"/></w:style>\
             <w:style w:type=\"paragraph\" w:styleId=\"Loop\"><w:basedOn w:val=\"Loop\"/></w:style>\
             <w:style w:type=\"character\" w:styleId=\"Ghost\"><w:rPr><w:color w:val=\"FFFFFF\"/></w:rPr></w:style>\
             <w:style w:type=\"character\" w:styleId=\"Shown\"><w:rPr><w:vanish w:val=\"false\"/></w:rPr></w:style>",
        );
        let body = format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Secret2\"/></w:pPr>{}</w:p>\
             <w:p><w:pPr><w:pStyle w:val=\"Loop\"/></w:pPr>{}{}</w:p>\
             <w:p><w:pPr><w:pStyle w:val=\"Secret\"/></w:pPr>{}</w:p>{}",
            run("", "Kubernetes"),
            run("", "Visible "),
            run("<w:rStyle w:val=\"Ghost\"/>", "Terraform"),
            run("<w:rStyle w:val=\"Shown\"/>", "shown again"),
            para("Retail"),
        );
        let rels = format!(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL_NS}/styles" Target="styles.xml"/></Relationships>"#
        );
        let bytes = docx(
            &body,
            &[
                ("word/_rels/document.xml.rels", &rels),
                ("word/styles.xml", &styles),
            ],
        );
        let (text, hidden) = hidden_of(&bytes);
        assert_eq!(text, "\nVisible \nshown again\nRetail\n");
        assert_eq!(
            hidden,
            vec![
                ("Kubernetes".into(), 1, "vanish"),
                ("Terraform".into(), 2, "same-colour-as-page"),
            ]
        );
        // styles.xml is read at its conventional place without a relationship too.
        let bytes = docx(&body, &[("word/styles.xml", &styles)]);
        assert_eq!(hidden_of(&bytes).1.len(), 2);
    }

    #[test]
    fn alternate_content_reads_only_the_branch_word_renders() {
        let alternate = |requires: &str, ns: &str| {
            format!(
                "<w:p><w:r><mc:AlternateContent {ns}><mc:Choice Requires=\"{requires}\">\
                 <w:r><w:t>Choice text</w:t></w:r></mc:Choice>\
                 <mc:Fallback><w:r><w:t>Fallback text</w:t></w:r></mc:Fallback>\
                 </mc:AlternateContent></w:r></w:p>"
            )
        };
        // A namespace Word knows: the Choice.
        assert_eq!(text_of(&docx(&alternate("wps", ""), &[])), "Choice text\n");
        // A made-up prefix, or a known prefix bound to a made-up namespace: the Fallback.
        assert_eq!(
            text_of(&docx(
                &alternate("xyz", "xmlns:xyz=\"urn:example:nothing\""),
                &[]
            )),
            "Fallback text\n"
        );
        assert_eq!(
            text_of(&docx(
                &alternate("w14", "xmlns:w14=\"urn:example:fake\""),
                &[]
            )),
            "Fallback text\n"
        );
        assert_eq!(
            text_of(&docx(&alternate("wps xyz", ""), &[])),
            "Fallback text\n"
        );
        // Of two Choices Word reads the first it understands, never both.
        let two = "<w:p><w:r><mc:AlternateContent>\
             <mc:Choice Requires=\"zz\"><w:r><w:t>A</w:t></w:r></mc:Choice>\
             <mc:Choice Requires=\"wps\"><w:r><w:t>B</w:t></w:r></mc:Choice>\
             <mc:Choice Requires=\"wps\"><w:r><w:t>C</w:t></w:r></mc:Choice>\
             <mc:Fallback><w:r><w:t>D</w:t></w:r></mc:Fallback></mc:AlternateContent></w:r></w:p>";
        assert_eq!(text_of(&docx(two, &[])), "B\n");
    }

    #[test]
    fn paragraphs_runs_tabs_and_breaks() {
        let body = format!(
            "{}<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>\
             <w:r><w:t>Python</w:t></w:r><w:r><w:tab/><w:t>2019</w:t><w:br/><w:t>Django</w:t>\
             <w:cr/><w:t>Flask</w:t></w:r></w:p>{}",
            para("Jane Doe"),
            "<w:p><w:r><w:t xml:space=\"preserve\">Senior </w:t></w:r>\
             <w:r><w:rPr><w:b/></w:rPr><w:t>Engineer</w:t></w:r></w:p>"
        );
        let text = text_of(&docx(&body, &[]));
        assert_eq!(
            text,
            "Jane Doe\nPython\t2019\nDjango\nFlask\nSenior Engineer\n"
        );
    }

    #[test]
    fn header_body_footer_order() {
        let doc_rels = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId9" Type="{REL_NS}/footer" Target="footer1.xml"/>
<Relationship Id="rId8" Type="{REL_NS}/header" Target="/word/header1.xml"/>
<Relationship Id="rId7" Type="{REL_NS}/header" Target="../word/header2.xml"/>
<Relationship Id="rId6" Type="{REL_NS}/styles" Target="styles.xml"/>
<Relationship Id="rId5" Type="{REL_NS}/hyperlink" Target="https://example.com/" TargetMode="External"/>
</Relationships>"#
        );
        let header1 = wrap("hdr", &para("Jane Doe | jane@example.com"));
        let header2 = wrap("hdr", &para("Jane Doe | jane@example.com"));
        let footer = wrap("ftr", &para("Page 1"));
        let bytes = docx(
            &para("Experience"),
            &[
                ("word/_rels/document.xml.rels", &doc_rels),
                ("word/header1.xml", &header1),
                ("word/header2.xml", &header2),
                ("word/footer1.xml", &footer),
            ],
        );
        assert_eq!(
            text_of(&bytes),
            "Jane Doe | jane@example.com\nExperience\nPage 1\n"
        );
    }

    #[test]
    fn table_rows_read_one_per_line() {
        let cell = |t: &str| {
            format!(
                "<w:tc><w:tcPr><w:tcW w:w=\"100\"/></w:tcPr>{}</w:tc>",
                para(t)
            )
        };
        let body = format!(
            "{}<w:tbl><w:tblPr/><w:tr>{}{}{}</w:tr><w:tr>{}<w:tc><w:p/></w:tc>{}</w:tr></w:tbl>{}",
            para("Skills"),
            cell("Python"),
            cell("Django"),
            cell("PostgreSQL"),
            cell("Languages"),
            cell("English"),
            para("Education"),
        );
        assert_eq!(
            text_of(&docx(&body, &[])),
            "Skills\nPython\tDjango\tPostgreSQL\nLanguages\t\tEnglish\nEducation\n"
        );
    }

    #[test]
    fn entities_and_character_references() {
        let body = format!(
            "{}{}{}",
            para("R&amp;D &lt;lead&gt; &quot;x&quot; &apos;y&apos;"),
            para("C&#x26;C &#38; caf&#233;"),
            para("AT&amp;T"),
        );
        assert_eq!(
            text_of(&docx(&body, &[])),
            "R&D <lead> \"x\" 'y'\nC&C & café\nAT&T\n"
        );
    }

    #[test]
    fn skips_field_codes_deleted_and_moved_text() {
        let body = "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
             <w:r><w:instrText xml:space=\"preserve\"> HYPERLINK \"mailto:a@b.c\" </w:instrText></w:r>\
             <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>a@b.c</w:t></w:r>\
             <w:r><w:fldChar w:fldCharType=\"end\"/></w:r>\
             <w:del w:id=\"1\"><w:r><w:delText>old</w:delText></w:r></w:del>\
             <w:moveFrom w:id=\"2\"><w:r><w:t>moved</w:t></w:r></w:moveFrom>\
             <w:ins w:id=\"3\"><w:r><w:t> new</w:t></w:r></w:ins></w:p>";
        assert_eq!(text_of(&docx(body, &[])), "a@b.c new\n");
    }

    #[test]
    fn text_box_in_alternate_content_appears_once() {
        let body = format!(
            "{}<w:p><w:r><w:t>Anchor</w:t></w:r><w:r><mc:AlternateContent>\
             <mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>{}\
             </w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>\
             <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{}</w:txbxContent>\
             </v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>\
             <w:p><w:r><mc:AlternateContent><mc:Fallback><w:pict><v:textbox><w:txbxContent>{}\
             </w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>",
            para("Summary"),
            para("Boxed skills: Python"),
            para("Boxed skills: Python"),
            para("Only in fallback"),
        );
        assert_eq!(
            text_of(&docx(&body, &[])),
            "Summary\nAnchor\nBoxed skills: Python\n\nOnly in fallback\n\n"
        );
    }

    #[test]
    fn main_part_named_only_in_content_types() {
        let document = wrap(
            "document",
            &format!("<w:body>{}</w:body>", para("Custom main")),
        );
        let decoy = wrap("document", &format!("<w:body>{}</w:body>", para("Decoy")));
        let bytes = zip_bytes(&[
            (
                "[Content_Types].xml",
                content_types("word/main.xml").as_bytes(),
            ),
            ("word/main.xml", document.as_bytes()),
            ("word/document.xml", decoy.as_bytes()),
        ]);
        assert_eq!(text_of(&bytes), "Custom main\n");
    }

    #[test]
    fn main_part_named_by_relationship_with_custom_folder() {
        let document = wrap("document", &format!("<w:body>{}</w:body>", para("Body")));
        let header = wrap("hdr", &para("Head"));
        let rels = format!(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL_NS}/header" Target="h.xml"/></Relationships>"#
        );
        let bytes = zip_bytes(&[
            (
                "[Content_Types].xml",
                content_types("doc/body.xml").as_bytes(),
            ),
            ("_rels/.rels", package_rels("/doc/body.xml").as_bytes()),
            ("doc/body.xml", document.as_bytes()),
            ("doc/_rels/body.xml.rels", rels.as_bytes()),
            ("doc/h.xml", header.as_bytes()),
        ]);
        assert_eq!(text_of(&bytes), "Head\nBody\n");
    }

    #[test]
    fn zip_bomb_is_too_large() {
        let limits = Limits {
            max_decompressed_bytes: 1024 * 1024,
            ..Limits::default()
        };
        let padding = " ".repeat(3 * 1024 * 1024);
        let bytes = docx(&format!("{}{padding}", para("x")), &[]);
        assert!(bytes.len() < 64 * 1024, "compressed bomb is small");
        assert_eq!(kind_of(&bytes, &limits), "too_large");
        let message = extract_docx(&bytes, &limits).unwrap_err().to_string();
        assert!(message.contains("1 MB"), "{message}");
        // The same file under the default budget reads fine.
        assert_eq!(text_of(&bytes), "x\n");
    }

    #[test]
    fn text_past_the_text_limit_is_too_large_and_reading_stops() {
        let limits = Limits {
            max_text_bytes: 64 * 1024,
            ..Limits::default()
        };
        // Well under the decompression budget, but far more text than a resume holds.
        let body = para(&"Python developer ".repeat(20_000));
        let bytes = docx(&body, &[]);
        let err = extract_docx(&bytes, &limits).unwrap_err();
        assert_eq!(err.kind(), "too_large");
        assert!(err.to_string().contains("of text"), "{err}");
        // Many small paragraphs are stopped too, not only one huge run.
        let body = para("Python developer").repeat(10_000);
        assert_eq!(kind_of(&docx(&body, &[]), &limits), "too_large");
        // Headers count toward the same budget.
        let doc_rels = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId8" Type="{REL_NS}/header" Target="header1.xml"/>
</Relationships>"#
        );
        let header = wrap("hdr", &para(&"Jane Doe ".repeat(5_000)));
        let body = para(&"Python ".repeat(5_000));
        let bytes = docx(
            &body,
            &[
                ("word/_rels/document.xml.rels", &doc_rels),
                ("word/header1.xml", &header),
            ],
        );
        assert_eq!(kind_of(&bytes, &limits), "too_large");
        assert!(extract_docx(&bytes, &Limits::default()).is_ok());
    }

    #[test]
    fn zip_bomb_with_lying_sizes_is_still_caught() {
        let limits = Limits {
            max_decompressed_bytes: 1024 * 1024,
            ..Limits::default()
        };
        // A 4 MB part whose local and central headers both claim 10 bytes.
        let zeros = vec![0u8; 4 * 1024 * 1024];
        let ct = content_types("word/document.xml");
        let mut bytes = zip_bytes(&[
            ("[Content_Types].xml", ct.as_bytes()),
            ("word/document.xml", &zeros),
        ]);
        patch_sizes(&mut bytes, "word/document.xml", 10);
        assert_eq!(kind_of(&bytes, &limits), "too_large");
    }

    /// Overwrites the uncompressed size of `name` in its local and central headers.
    fn patch_sizes(bytes: &mut [u8], name: &str, size: u32) {
        let mut i = 0;
        while i + 4 <= bytes.len() {
            let (offset, name_at) = match &bytes[i..i + 4] {
                b"PK\x03\x04" => (22, 30),
                b"PK\x01\x02" => (24, 46),
                _ => {
                    i += 1;
                    continue;
                }
            };
            if bytes[i + name_at..].starts_with(name.as_bytes()) {
                bytes[i + offset..i + offset + 4].copy_from_slice(&size.to_le_bytes());
            }
            i += 4;
        }
    }

    /// Sets the "encrypted" flag of `name` in its local and central headers.
    fn mark_encrypted(bytes: &mut [u8], name: &str) {
        let mut i = 0;
        while i + 4 <= bytes.len() {
            let (flags_at, name_at) = match &bytes[i..i + 4] {
                b"PK\x03\x04" => (6, 30),
                b"PK\x01\x02" => (8, 46),
                _ => {
                    i += 1;
                    continue;
                }
            };
            if bytes[i + name_at..].starts_with(name.as_bytes()) {
                bytes[i + flags_at] |= 1;
            }
            i += 4;
        }
    }

    #[test]
    fn encrypted_entry_is_encrypted() {
        let mut bytes = docx(&para("secret"), &[]);
        mark_encrypted(&mut bytes, "word/document.xml");
        assert_eq!(kind_of(&bytes, &Limits::default()), "encrypted");
    }

    #[test]
    fn other_zips_are_unsupported() {
        let xlsx_ct = r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
        let xlsx = zip_bytes(&[
            ("[Content_Types].xml", xlsx_ct.as_bytes()),
            ("_rels/.rels", package_rels("xl/workbook.xml").as_bytes()),
            ("xl/workbook.xml", b"<workbook/>"),
        ]);
        assert_eq!(kind_of(&xlsx, &Limits::default()), "unsupported_format");
        let random = zip_bytes(&[("photo.jpg", b"\xff\xd8\xff"), ("notes.txt", b"hello")]);
        assert_eq!(kind_of(&random, &Limits::default()), "unsupported_format");
        assert_eq!(
            extract_docx(&random, &Limits::default())
                .unwrap_err()
                .to_string(),
            NOT_A_WORD_DOCUMENT
        );
    }

    #[test]
    fn conventional_main_part_without_package_metadata() {
        let document = wrap("document", &format!("<w:body>{}</w:body>", para("Bare")));
        let bytes = zip_bytes(&[("word/document.xml", document.as_bytes())]);
        assert_eq!(text_of(&bytes), "Bare\n");
    }

    #[test]
    fn damaged_input_is_corrupt() {
        let limits = Limits::default();
        assert_eq!(
            kind_of(b"PK\x03\x04 this is not really a zip", &limits),
            "corrupt"
        );
        let good = docx(&para("Jane"), &[]);
        assert_eq!(kind_of(&good[..good.len() / 2], &limits), "corrupt");
        let bad_xml = docx("<w:p><w:r><w:t>unclosed</w:r></w:p>", &[]);
        let err = extract_docx(&bad_xml, &limits).unwrap_err();
        assert_eq!(err.kind(), "corrupt");
        assert!(err.to_string().contains("at byte"), "{err}");
    }

    #[test]
    fn utf16_part_is_transcoded() {
        let document = wrap(
            "document",
            &format!("<w:body>{}</w:body>", para("Zoë &amp; co")),
        )
        .replace("UTF-8", "UTF-16");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(document.encode_utf16().flat_map(u16::to_le_bytes));
        let bytes = zip_bytes(&[
            (
                "[Content_Types].xml",
                content_types("word/document.xml").as_bytes(),
            ),
            ("word/document.xml", &utf16),
        ]);
        assert_eq!(text_of(&bytes), "Zoë & co\n");
    }

    #[test]
    fn document_without_text_is_no_text() {
        let body = "<w:p><w:r><w:drawing/></w:r></w:p>";
        assert_eq!(kind_of(&docx(body, &[]), &Limits::default()), "no_text");
    }

    #[test]
    fn part_names_and_targets() {
        assert_eq!(resolve_target("word", "header1.xml"), "word/header1.xml");
        assert_eq!(resolve_target("word", "/word/h.xml"), "word/h.xml");
        assert_eq!(
            resolve_target("word/sub", "../media/./x.xml"),
            "word/media/x.xml"
        );
        assert_eq!(resolve_target("", "word/document.xml"), "word/document.xml");
        assert!(same_part_name("/Word/Document.xml", "word/document.xml"));
        assert!(!same_part_name("word/document.xml", "word/document.xm"));
        assert_eq!(percent_decode("word/my%20doc.xml"), "word/my doc.xml");
        assert_eq!(percent_decode("bad%zz%"), "bad%zz%");
    }
}
