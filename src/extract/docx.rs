//! DOCX (Office Open XML word-processing) text extraction.
//!
//! The package is opened from memory, the main document part is located through
//! `[Content_Types].xml` and `_rels/.rels` (falling back to the conventional `word/document.xml`),
//! and headers, body and footers are streamed through quick-xml into one page of text: one line
//! per paragraph, table rows on one line with their cells separated by tabs, text boxes included
//! once. Every part is decompressed through a hard byte budget, never trusting declared sizes, so a
//! zip bomb costs at most `Limits::max_decompressed_bytes`.

use super::{ExtractError, Limits};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;
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
pub(crate) fn extract_docx(bytes: &[u8], limits: &Limits) -> Result<Vec<String>, ExtractError> {
    let mut package = Package::open(bytes, limits)?;
    let mut buf = Vec::new();
    let main = package.main_part(&mut buf)?;

    let (headers, footers) = package.header_footer_parts(&main, &mut buf)?;

    let mut out = String::new();
    let mut seen: Vec<String> = Vec::new();
    let mut part_text = String::new();
    for part in &headers {
        package.append_unique_part(part, &mut buf, &mut part_text, &mut seen, &mut out)?;
    }

    if !package.read(&main, &mut buf)? {
        return Err(ExtractError::Corrupt(format!(
            "DOCX main document part '{main}' is missing from the archive"
        )));
    }
    out.reserve((buf.len() / 8).min(package.text_limit));
    append_part_text(&buf, &main, &mut out, package.text_limit)?;
    end_line(&mut out);

    for part in &footers {
        package.append_unique_part(part, &mut buf, &mut part_text, &mut seen, &mut out)?;
    }

    if out.trim().is_empty() {
        return Err(ExtractError::NoText(
            "Word document contains no text (only images or shapes?): run OCR or save it as a \
             searchable PDF"
                .into(),
        ));
    }
    Ok(vec![out])
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

    /// Header and footer parts named by the main part's relationships, in relationship order.
    fn header_footer_parts(
        &mut self,
        main: &str,
        buf: &mut Vec<u8>,
    ) -> Result<(Vec<String>, Vec<String>), ExtractError> {
        let (dir, name) = main.rsplit_once('/').unwrap_or(("", main));
        let rels_part = if dir.is_empty() {
            format!("_rels/{name}.rels")
        } else {
            format!("{dir}/_rels/{name}.rels")
        };
        let mut headers = Vec::new();
        let mut footers = Vec::new();
        if !self.read(&rels_part, buf)? {
            return Ok((headers, footers));
        }
        for rel in parse_relationships(buf, &rels_part)? {
            if rel.external {
                continue;
            }
            if headers.len() + footers.len() >= MAX_HEADER_FOOTER_PARTS {
                break;
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
        Ok((headers, footers))
    }

    /// Appends a header or footer's text unless an identical one was already appended (Word keeps
    /// separate first-page, even-page and default headers that often say the same thing).
    fn append_unique_part(
        &mut self,
        part: &str,
        buf: &mut Vec<u8>,
        part_text: &mut String,
        seen: &mut Vec<String>,
        out: &mut String,
    ) -> Result<(), ExtractError> {
        if !self.read(part, buf)? {
            return Ok(());
        }
        part_text.clear();
        // Headers and footers share the document's text budget.
        let limit = self.text_limit.saturating_sub(out.len());
        append_part_text(buf, part, part_text, limit)?;
        let trimmed = part_text.trim();
        if trimmed.is_empty() || seen.iter().any(|s| s == trimmed) {
            return Ok(());
        }
        seen.push(trimmed.to_string());
        out.push_str(part_text);
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

/// Streams one WordprocessingML part (document, header, footer) and appends its text to `out`.
///
/// Elements are matched by local name, so any namespace prefix works (and Strict OOXML too).
///
/// Stops with `too_large` as soon as `out` holds more than `limit` bytes: a small zip can inflate
/// to tens of megabytes of text, which must never be held, let alone screened.
fn append_part_text(
    xml: &[u8],
    part: &str,
    out: &mut String,
    limit: usize,
) -> Result<(), ExtractError> {
    let xml = as_utf8(xml);
    let mut reader = Reader::from_reader(xml.as_ref());
    // Depth inside text-bearing elements (`w:t`, plus `m:t` math and `a:t` DrawingML text).
    let mut in_text: u32 = 0;
    // One entry per open `mc:AlternateContent`: whether one of its `mc:Choice`s was read.
    let mut alternate_choice: Vec<bool> = Vec::new();
    loop {
        if out.len() > limit {
            return Err(super::text_too_large("Word document has", limit));
        }
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(err) => return Err(xml_error(part, reader.error_position(), err)),
        };
        match event {
            Event::Text(text) if in_text > 0 => push_utf8(out, &text),
            Event::CData(text) if in_text > 0 => push_utf8(out, &text),
            Event::GeneralRef(reference) if in_text > 0 => push_reference(out, &reference),
            Event::Start(e) => match e.local_name().as_ref() {
                b"t" => in_text += 1,
                b"tab" | b"ptab" => out.push('\t'),
                b"br" | b"cr" => out.push('\n'),
                b"txbxContent" => end_line(out),
                b"AlternateContent" => alternate_choice.push(false),
                b"Choice" => {
                    if let Some(seen) = alternate_choice.last_mut() {
                        *seen = true;
                    }
                }
                // Fallback repeats the Choice's content (e.g. a text box as DrawingML and as VML).
                b"Fallback" if alternate_choice.last() != Some(&true) => {}
                // Subtrees with no visible text, or with text that is not the document's:
                // properties (tab stops are `w:tab` too), field codes, deleted and moved-away text.
                b"Fallback" | b"pPr" | b"rPr" | b"tabs" | b"instrText" | b"delText"
                | b"delInstrText" | b"moveFrom" => {
                    let end = e.to_end().into_owned();
                    reader
                        .read_to_end(end.name())
                        .map_err(|err| xml_error(part, reader.error_position(), err))?;
                }
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"tab" | b"ptab" => out.push('\t'),
                b"br" | b"cr" => out.push('\n'),
                b"noBreakHyphen" => out.push('-'),
                b"p" => out.push('\n'),
                b"tc" => end_cell(out),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = in_text.saturating_sub(1),
                b"p" => out.push('\n'),
                b"tc" => end_cell(out),
                b"tr" => end_row(out),
                b"txbxContent" => end_line(out),
                b"AlternateContent" => {
                    alternate_choice.pop();
                }
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
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
        let pages = extract_docx(bytes, &Limits::default()).unwrap();
        assert_eq!(pages.len(), 1);
        pages.into_iter().next().unwrap()
    }

    fn kind_of(bytes: &[u8], limits: &Limits) -> String {
        extract_docx(bytes, limits).unwrap_err().kind().to_string()
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
