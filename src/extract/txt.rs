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

/// Decodes text bytes to a `String`.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, ExtractError> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(text.into_owned());
    }
    if let Some(encoding) = bomless_utf16(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return Ok(text.into_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        // Invalid UTF-8 from a text file is almost always a legacy Windows/Latin-1 file.
        Err(_) => Ok(encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned()),
    }
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
