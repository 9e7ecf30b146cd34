//! Format sniffing by content. Extensions lie (a DOCX renamed `.pdf`, a PDF with junk before its
//! header), so the bytes decide; the extension only sharpens error messages.

use super::ExtractError;
use std::path::Path;

/// A format the tool can extract text from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Portable Document Format.
    Pdf,
    /// Office Open XML word-processing document.
    Docx,
    /// Plain text (UTF-8, UTF-16 with BOM, or Windows-1252).
    Text,
}

impl Format {
    /// The format's name in the report.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Text => "txt",
        }
    }

    pub(crate) fn default_extractor(self) -> &'static str {
        match self {
            Format::Pdf => "pdf-extract",
            Format::Docx => "docx",
            Format::Text => "text",
        }
    }
}

/// How far into a file a `%PDF-` header is looked for; readers accept leading junk.
const PDF_HEADER_WINDOW: usize = 1024;

/// Decides a file's format from its content.
pub fn sniff(path: &Path, bytes: &[u8]) -> Result<Format, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty("file is empty (0 bytes)".into()));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.starts_with("~$") && !bytes.starts_with(b"PK\x03\x04") {
        return Err(ExtractError::Unsupported(
            "Word lock file (left behind while a document is open), not a resume: skip or delete it"
                .into(),
        ));
    }
    if pdf_header_offset(bytes).is_some() {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        if let Some(kind) = other_zip_document(path, bytes) {
            return Err(ExtractError::Unsupported(format!(
                "{kind}, not Word: save it as .docx or PDF and screen again"
            )));
        }
        return Ok(Format::Docx);
    }
    if bytes.starts_with(&CFB_MAGIC) {
        let names = cfb_entry_names(bytes);
        if ["EncryptionInfo", "EncryptedPackage"]
            .iter()
            .all(|wanted| names.iter().any(|name| name == wanted))
        {
            return Err(ExtractError::Encrypted(
                "password-protected Word document: save it without a password \
                 (File > Info > Protect Document > Encrypt with Password, clear it) and screen again"
                    .into(),
            ));
        }
        return Err(ExtractError::Unsupported(
            "legacy binary Word/Office document (.doc): save it as .docx or PDF and screen again"
                .into(),
        ));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(ExtractError::Unsupported(
            "RTF document: save it as .docx or PDF and screen again".into(),
        ));
    }
    if let Some(kind) = image_kind(bytes) {
        return Err(ExtractError::Unsupported(format!(
            "{kind} image, not a document: run OCR (e.g. `ocrmypdf`) to make a searchable PDF"
        )));
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if super::txt::looks_like_text(bytes) {
        // Markup read as text would score its tags and scripts, not the resume.
        if is_html(bytes) || matches!(extension.as_deref(), Some("htm" | "html")) {
            return Err(ExtractError::Unsupported(
                "HTML page: open it in a browser and print it to PDF (or save it as .docx), then \
                 screen again"
                    .into(),
            ));
        }
        return Ok(Format::Text);
    }
    match extension.as_deref() {
        // The name promises a document the bytes do not hold: damaged, not merely unknown.
        Some("pdf") => Err(ExtractError::Corrupt(
            "not a valid PDF: no %PDF header in the first 1 KB (damaged or mislabelled file)"
                .into(),
        )),
        Some("docx") => Err(ExtractError::Corrupt(
            "not a valid DOCX: not a zip archive (damaged or mislabelled file)".into(),
        )),
        _ => Err(ExtractError::Unsupported(
            "binary file of unknown format: expected PDF, DOCX or plain text".into(),
        )),
    }
}

/// The word processor of a zip that is not an OOXML package: OpenDocument names its type in the
/// stored `mimetype` entry that must come first; an Apple Pages bundle holds `Index/Document.iwa`.
fn other_zip_document(path: &Path, bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(256)];
    let contains = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    if contains(head, b"application/vnd.oasis.opendocument") {
        return Some("OpenDocument file (.odt, LibreOffice/OpenOffice)");
    }
    let pages_name = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pages"));
    if pages_name || has_entry(bytes, "Index/Document.iwa") {
        return Some("Apple Pages document (File > Export To > Word or PDF)");
    }
    None
}

/// True when the zip's central directory lists `name`. Reading the directory costs a few
/// entries; searching the bytes for the name would read every DOCX whole, and could find the
/// name inside some stored file's contents.
fn has_entry(bytes: &[u8], name: &str) -> bool {
    zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .is_ok_and(|archive| archive.index_for_name(name).is_some())
}

/// True when text starts (after a byte-order mark, blank space or an XML declaration) like an
/// HTML page.
fn is_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = head[start..].to_ascii_lowercase();
    head.starts_with(b"<!doctype html")
        || head.starts_with(b"<html")
        || (head.starts_with(b"<?xml") && head.windows(5).any(|w| w == b"<html"))
}

/// Signature of an OLE2 compound file (CFB): legacy `.doc`, and the container Word writes a
/// password-protected DOCX into.
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Most directory sectors read; a resume's container has one or two, and a hostile file must
/// not make sniffing walk a long or cyclic chain.
const CFB_MAX_DIRECTORY_SECTORS: usize = 64;

/// The names of the storages and streams in a compound file's directory ([MS-CFB] 2.2, 2.6).
///
/// A minimal, bounded reader: it follows the directory's sector chain through the FAT sectors the
/// header lists (enough for files under about 7 MB) and gives up quietly on anything malformed,
/// so the caller falls back to treating the file as a legacy document.
fn cfb_entry_names(bytes: &[u8]) -> Vec<String> {
    const END_OF_CHAIN: u32 = 0xFFFF_FFFA; // this and above: special markers, not sectors
    let u16_at = |at: usize| -> Option<u16> {
        Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
    };
    let u32_at = |at: usize| -> Option<u32> {
        Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
    };
    let mut names = Vec::new();
    let Some(shift @ (9 | 12)) = u16_at(30) else {
        return names;
    };
    let sector_size = 1usize << shift;
    // Sector n starts after the header, which fills the first sector.
    let sector_at = |n: u32| (n as usize + 1) * sector_size;
    let next_sector = |n: u32| -> Option<u32> {
        let per_fat_sector = sector_size / 4;
        let fat_index = n as usize / per_fat_sector;
        if fat_index >= 109 {
            return None;
        }
        let fat_sector = u32_at(76 + fat_index * 4)?;
        if fat_sector >= END_OF_CHAIN {
            return None;
        }
        u32_at(sector_at(fat_sector) + (n as usize % per_fat_sector) * 4)
    };
    let mut sector = match u32_at(48) {
        Some(first) if first < END_OF_CHAIN => first,
        _ => return names,
    };
    for _ in 0..CFB_MAX_DIRECTORY_SECTORS {
        let start = sector_at(sector);
        let Some(directory) = bytes.get(start..start + sector_size) else {
            break;
        };
        for entry in directory.chunks_exact(128) {
            let name_bytes = u16::from_le_bytes([entry[64], entry[65]]) as usize;
            // Object type 0 is an unused slot; lengths count the terminating NUL.
            if entry[66] == 0 || !(2..=64).contains(&name_bytes) {
                continue;
            }
            let units: Vec<u16> = entry[..name_bytes - 2]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            names.push(String::from_utf16_lossy(&units));
        }
        match next_sector(sector) {
            Some(next) if next < END_OF_CHAIN => sector = next,
            _ => break,
        }
    }
    names
}

fn image_kind(bytes: &[u8]) -> Option<&'static str> {
    // HEIF (iPhone photos, `.heic`) and AVIF are ISO media files: `ftyp` and a brand at byte 4.
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        if [
            b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis",
        ]
        .iter()
        .any(|b| brand == *b)
        {
            return Some("HEIC");
        }
        if brand == b"avif" || brand == b"avis" {
            return Some("AVIF");
        }
    }
    if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        return Some("WebP");
    }
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"\xFF\xD8\xFF", "JPEG"),
        (b"GIF8", "GIF"),
        (b"II*\x00", "TIFF"),
        (b"MM\x00*", "TIFF"),
    ];
    SIGNATURES
        .iter()
        .find(|(sig, _)| bytes.starts_with(sig))
        .map(|(_, kind)| *kind)
}

/// Where the `%PDF-` header starts, if it starts within the first [`PDF_HEADER_WINDOW`] bytes.
pub(crate) fn pdf_header_offset(bytes: &[u8]) -> Option<usize> {
    const HEADER: &[u8] = b"%PDF-";
    let head = &bytes[..bytes.len().min(PDF_HEADER_WINDOW + HEADER.len() - 1)];
    head.windows(HEADER.len()).position(|w| w == HEADER)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniff_bytes(name: &str, bytes: &[u8]) -> Result<Format, String> {
        sniff(Path::new(name), bytes).map_err(|e| e.kind().to_string())
    }

    #[test]
    fn content_beats_extension() {
        assert_eq!(sniff_bytes("a.pdf", b"PK\x03\x04rest"), Ok(Format::Docx));
        assert_eq!(sniff_bytes("a.docx", b"%PDF-1.7\n"), Ok(Format::Pdf));
        assert_eq!(
            sniff_bytes("a.pdf", b"junk junk\n%PDF-1.4\n"),
            Ok(Format::Pdf)
        );
        assert_eq!(sniff_bytes("a.pdf", b"hello resume"), Ok(Format::Text));
    }

    #[test]
    fn rejects_what_it_cannot_read() {
        assert_eq!(sniff_bytes("a.txt", b""), Err("empty".into()));
        assert_eq!(
            sniff_bytes("~$cv.docx", b"\x05a\x00l\x00e\x00x\x00\x00\x00"),
            Err("unsupported_format".into())
        );
        assert_eq!(
            sniff_bytes(
                "cv.doc",
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]
            ),
            Err("unsupported_format".into())
        );
        assert_eq!(
            sniff_bytes("cv.docx", &minimal_cfb(&["WordDocument", "1Table"])),
            Err("unsupported_format".into())
        );
        assert_eq!(
            sniff_bytes("scan.png", b"\x89PNG\r\n\x1a\n\0\0"),
            Err("unsupported_format".into())
        );
        assert_eq!(
            sniff_bytes("blob", &[0u8, 1, 2, 3, 0, 0, 0xff, 0xfe, 7, 0]),
            Err("unsupported_format".into())
        );
    }

    fn message(name: &str, bytes: &[u8]) -> String {
        match sniff(Path::new(name), bytes) {
            Err(ExtractError::Unsupported(message)) => message,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn word_templates_and_macro_documents_are_docx() {
        for name in ["cv.docm", "cv.dotx", "cv.dotm", "~$cv.docx"] {
            assert_eq!(
                sniff_bytes(name, b"PK\x03\x04\x14\x00rest"),
                Ok(Format::Docx)
            );
        }
    }

    #[test]
    fn other_resume_formats_say_what_to_do() {
        let html = b"<!DOCTYPE html>\n<html><body><h1>Jane Doe</h1>Python</body></html>";
        assert!(message("cv.txt", html).starts_with("HTML page: "));
        assert!(message("cv.htm", b"<p>Jane Doe, Python developer</p>").contains("print it to PDF"));
        assert_eq!(
            sniff_bytes("notes.txt", b"Uses <html> templates in Django"),
            Ok(Format::Text)
        );
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        assert!(message("IMG_0001.HEIC", heic).starts_with("HEIC image"));
        assert!(message("cv.webp", b"RIFF\x10\0\0\0WEBPVP8 ").starts_with("WebP image"));
        let mut odt = b"PK\x03\x04\x14\0\0\0\0\0".to_vec();
        odt.extend_from_slice(&[0; 18]);
        odt.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        assert!(message("cv.odt", &odt).starts_with("OpenDocument file"));
        assert!(message("cv.pages", b"PK\x03\x04 zip").starts_with("Apple Pages document"));
        // A Pages bundle saved as one file is a zip whose directory lists Index/Document.iwa.
        let mut pages = Vec::new();
        {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut pages));
            let stored = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            zip.start_file("Index/Document.iwa", stored).unwrap();
            std::io::Write::write_all(&mut zip, b"iwa").unwrap();
            zip.finish().unwrap();
        }
        assert!(message("cv", &pages).contains("Export To"));
        assert!(message("cv.rtf", b"{\\rtf1\\ansi Jane").starts_with("RTF document"));
    }

    /// A compound file of 512-byte sectors: sector 0 is the FAT, the directory starts at sector 1
    /// and runs on through as many sectors as the entries need (four entries a sector).
    fn minimal_cfb(streams: &[&str]) -> Vec<u8> {
        let mut entries = vec!["Root Entry"];
        entries.extend_from_slice(streams);
        let dir_sectors = entries.len().div_ceil(4);
        let mut file = vec![0u8; 512 * (2 + dir_sectors)];
        file[..8].copy_from_slice(&CFB_MAGIC);
        file[30..32].copy_from_slice(&9u16.to_le_bytes());
        file[48..52].copy_from_slice(&1u32.to_le_bytes());
        for slot in 0..109 {
            let id: u32 = if slot == 0 { 0 } else { 0xFFFF_FFFF };
            file[76 + slot * 4..80 + slot * 4].copy_from_slice(&id.to_le_bytes());
        }
        let fat = 512;
        file[fat..fat + 4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes());
        for d in 0..dir_sectors {
            let sector = 1 + d;
            let next: u32 = if d + 1 == dir_sectors {
                0xFFFF_FFFE
            } else {
                sector as u32 + 1
            };
            file[fat + sector * 4..fat + sector * 4 + 4].copy_from_slice(&next.to_le_bytes());
        }
        for (i, name) in entries.iter().enumerate() {
            let at = 1024 + i * 128;
            let units: Vec<u16> = name.encode_utf16().collect();
            for (k, unit) in units.iter().enumerate() {
                file[at + 2 * k..at + 2 * k + 2].copy_from_slice(&unit.to_le_bytes());
            }
            let len = (units.len() as u16 + 1) * 2;
            file[at + 64..at + 66].copy_from_slice(&len.to_le_bytes());
            file[at + 66] = if i == 0 { 5 } else { 2 };
        }
        file
    }

    #[test]
    fn password_protected_docx_is_encrypted_not_legacy() {
        // The encrypted streams come after the first directory sector, as Word lays them out.
        let cfb = minimal_cfb(&[
            "\u{6}DataSpaces",
            "DataSpaceMap",
            "Version",
            "EncryptionInfo",
            "EncryptedPackage",
        ]);
        assert_eq!(sniff_bytes("cv.docx", &cfb), Err("encrypted".into()));
        let real = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/documents/password.docx"
        ))
        .unwrap();
        let names = cfb_entry_names(&real);
        assert!(names.iter().any(|n| n == "EncryptedPackage"), "{names:?}");
        let err = sniff(Path::new("cv.docx"), &real).unwrap_err();
        assert_eq!(err.kind(), "encrypted");
        assert!(err.to_string().contains("without a password"), "{err}");
    }

    #[test]
    fn malformed_compound_files_stay_unsupported() {
        let mut cfb = minimal_cfb(&["EncryptionInfo", "EncryptedPackage"]);
        // A directory chain that loops on itself is read a bounded number of times.
        cfb[512 + 4..512 + 8].copy_from_slice(&1u32.to_le_bytes());
        assert_eq!(sniff_bytes("cv.docx", &cfb), Err("encrypted".into()));
        for cut in [8, 40, 100, 600, 1100] {
            assert_eq!(
                sniff_bytes("cv.docx", &cfb[..cut]),
                Err("unsupported_format".into()),
                "cut at {cut}"
            );
        }
        cfb[30] = 7;
        assert_eq!(
            sniff_bytes("cv.docx", &cfb),
            Err("unsupported_format".into())
        );
    }
}
