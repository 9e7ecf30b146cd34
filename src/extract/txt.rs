//! Plain-text decoding: UTF-8 (with or without BOM), UTF-16 LE/BE (with a BOM, or without one
//! when the zero bytes give it away), and a Windows-1252 fallback for legacy files, all through
//! encoding_rs.

use super::ExtractError;
use content_inspector::ContentType;

/// True when the bytes read as text in one of the supported encodings.
pub(crate) fn looks_like_text(bytes: &[u8]) -> bool {
    if bomless_utf16(bytes).is_some() {
        return true;
    }
    match content_inspector::inspect(bytes) {
        ContentType::BINARY => false,
        // UTF-32 is not a resume encoding anyone saves; treat it as binary.
        ContentType::UTF_32LE | ContentType::UTF_32BE => false,
        _ => true,
    }
}

/// Decoded text and what decoding had to repair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    /// The text.
    pub text: String,
    /// Repairs a reader should know of, e.g. "3 invalid UTF-8 bytes replaced with U+FFFD".
    pub notes: Vec<String>,
}

/// Decodes text bytes, noting replaced bytes.
///
/// Invalid UTF-8 mostly means a legacy Windows-1252 file, but one stray byte (a truncated copy,
/// a bad merge) in a UTF-8 file must not turn its en dashes and accents into mojibake: the file
/// stays UTF-8, with U+FFFD for the bad bytes, when its valid multi-byte characters outnumber
/// its invalid bytes at least two to one. Windows-1252 text almost never holds a valid
/// multi-byte UTF-8 sequence (it would take a letter like "Ã" followed by a symbol like "©").
pub(crate) fn decode_noted(bytes: &[u8]) -> Result<Decoded, ExtractError> {
    let utf16 = |encoding: &'static encoding_rs::Encoding, body: &[u8]| {
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        let notes = if had_errors {
            vec![format!(
                "invalid {} code units replaced with U+FFFD",
                encoding.name()
            )]
        } else {
            Vec::new()
        };
        Decoded {
            text: text.into_owned(),
            notes,
        }
    };
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        return Ok(utf16(encoding, &bytes[bom_len..]));
    }
    if let Some(encoding) = bomless_utf16(bytes) {
        return Ok(utf16(encoding, bytes));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_owned(),
            notes: Vec::new(),
        });
    }
    let (mut valid_multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    if valid_multibyte >= 2 * invalid {
        let plural = if invalid == 1 { "" } else { "s" };
        return Ok(Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            notes: vec![format!(
                "{invalid} invalid UTF-8 byte{plural} replaced with U+FFFD"
            )],
        });
    }
    Ok(Decoded {
        text: encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
        notes: Vec::new(),
    })
}

/// UTF-16 saved without a byte-order mark, as some export tools write it: mostly-Latin text has
/// a zero byte in every other position and almost none in the others. The whole file must then
/// decode without a single invalid code unit.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.len() < 8 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let pairs = sample.len() / 2;
    let (even, odd) = (zeros_at(0), zeros_at(1));
    let encoding = if odd * 10 >= pairs * 9 && even * 20 <= pairs {
        encoding_rs::UTF_16LE
    } else if even * 10 >= pairs * 9 && odd * 20 <= pairs {
        encoding_rs::UTF_16BE
    } else {
        return None;
    };
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|_| encoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> Result<String, ExtractError> {
        decode_noted(bytes).map(|decoded| decoded.text)
    }

    #[test]
    fn decodes_supported_encodings() {
        assert_eq!(decode(b"caf\xc3\xa9").unwrap(), "café");
        assert_eq!(decode(b"\xef\xbb\xbfcaf\xc3\xa9").unwrap(), "café");
        assert_eq!(decode(b"\xff\xfeh\x00i\x00").unwrap(), "hi");
        assert_eq!(decode(b"\xfe\xff\x00h\x00i").unwrap(), "hi");
        assert_eq!(
            decode(b"caf\xe9 \x93quoted\x94").unwrap(),
            "café \u{201c}quoted\u{201d}"
        );
    }

    #[test]
    fn utf8_with_a_few_invalid_bytes_stays_utf8_and_is_noted() {
        let decoded =
            decode_noted(b"Backend engineer 2019\xe2\x80\x932023 \xff Caf\xc3\xa9").unwrap();
        assert_eq!(
            decoded.text,
            "Backend engineer 2019\u{2013}2023 \u{fffd} Caf\u{e9}"
        );
        assert_eq!(decoded.notes, ["1 invalid UTF-8 byte replaced with U+FFFD"]);
        let decoded = decode_noted(
            "\u{2013} \u{2013} \u{2013} \u{2013} \u{2013} \u{2013} x"
                .bytes()
                .chain(*b"\xfe\xff\x80")
                .collect::<Vec<u8>>()
                .as_slice(),
        )
        .unwrap();
        assert_eq!(
            decoded.notes,
            ["3 invalid UTF-8 bytes replaced with U+FFFD"]
        );
        assert!(
            decoded.text.ends_with("x\u{fffd}\u{fffd}\u{fffd}"),
            "{}",
            decoded.text
        );
    }

    #[test]
    fn windows_1252_text_is_still_windows_1252() {
        let decoded = decode_noted(b"Caf\xe9 \x96 R\xe9sum\xe9 2019\x962023 na\xefve").unwrap();
        assert_eq!(
            decoded.text,
            "Caf\u{e9} \u{2013} R\u{e9}sum\u{e9} 2019\u{2013}2023 na\u{ef}ve"
        );
        assert!(decoded.notes.is_empty());
        // One UTF-8-looking pair among many cp1252 bytes does not make the file UTF-8.
        let decoded = decode_noted(b"\xc3\xa9t\xe9 \xe0 Z\xfcrich, \xe9cole").unwrap();
        assert!(
            decoded.text.starts_with("\u{c3}\u{a9}t\u{e9}"),
            "{}",
            decoded.text
        );
        assert!(decoded.notes.is_empty());
    }

    #[test]
    fn utf16_with_bom_is_text() {
        assert!(looks_like_text(b"\xff\xfeh\x00i\x00"));
        assert!(looks_like_text(b"caf\xe9"));
        assert!(!looks_like_text(b"\x00\x01\x02\x03\x00\x00"));
    }

    #[test]
    fn utf16_without_bom_is_recognized_by_its_zero_bytes() {
        let text = "Python developer – Django, café";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [&le, &be] {
            assert!(looks_like_text(bytes));
            assert_eq!(decode(bytes).unwrap(), text);
        }
        // Binary data with zero bytes in every other position is not text: an unpaired
        // surrogate does not decode.
        let mut binary = le.clone();
        binary[0..2].copy_from_slice(&0xD800u16.to_le_bytes());
        assert!(bomless_utf16(&binary).is_none());
        // ASCII text is never taken for UTF-16.
        assert!(bomless_utf16(b"Python developer").is_none());
    }
}
