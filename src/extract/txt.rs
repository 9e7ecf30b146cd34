//! Plain-text decoding: UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, and a Windows-1252
//! fallback for legacy files, all through encoding_rs.

use super::ExtractError;
use content_inspector::ContentType;

/// True when the bytes read as text in one of the supported encodings.
pub(crate) fn looks_like_text(bytes: &[u8]) -> bool {
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
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        // Invalid UTF-8 from a text file is almost always a legacy Windows/Latin-1 file.
        Err(_) => Ok(encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned()),
    }
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
}
