//! File names in the report, written so that every name keeps its bytes.
//!
//! Unix file names are bytes, not text: unzipping an archive made on an old Windows machine
//! (cp437) gives names like `cv-\xff.txt` and `cv-\xfe.txt` that are not UTF-8. Printed lossily,
//! both read `cv-�.txt`, and a merge or a redacted id can no longer tell them apart. The report
//! therefore writes each path in an escaped form that is a one-to-one function of the bytes
//! ([`escape_bytes`]): UTF-8 passes through, a literal backslash becomes `\\`, and every byte
//! that is not part of valid UTF-8 becomes `\xHH` (upper-case hex). Names that are not UTF-8
//! also carry `path_bytes`, the raw bytes in standard base64, for tools that want them without
//! parsing the escapes.

use std::path::Path;

/// How a path is written in the report: its escaped form (the `path` field) and, only when the
/// name is not valid UTF-8, the base64 of its raw bytes (the `path_bytes` field).
///
/// Outside Unix, where names are not raw bytes, the path is written as the platform displays it.
pub fn display_path(path: &Path) -> (String, Option<String>) {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        let raw = std::str::from_utf8(bytes)
            .is_err()
            .then(|| base64_encode(bytes));
        (escape_bytes(bytes), raw)
    }
    #[cfg(not(unix))]
    {
        (path.display().to_string(), None)
    }
}

/// The escaped form of `bytes`: valid UTF-8 as is, `\` as `\\`, any other byte as `\xHH`.
pub fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\\\");
            } else {
                out.push(c);
            }
        }
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
    out
}

/// The bytes an escaped form stands for, or `None` if `text` is not one [`escape_bytes`] writes
/// (a lone backslash, a bad escape, or `\xHH` escapes that spell valid UTF-8).
pub fn unescape(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        if byte != b'\\' {
            out.push(byte);
            rest = tail;
            continue;
        }
        match tail {
            [b'\\', tail @ ..] => {
                out.push(b'\\');
                rest = tail;
            }
            [b'x', high, low, tail @ ..] => {
                let hex = |d: u8| match d {
                    b'0'..=b'9' => Some(d - b'0'),
                    b'A'..=b'F' => Some(d - b'A' + 10),
                    _ => None,
                };
                out.push(hex(*high)? << 4 | hex(*low)?);
                rest = tail;
            }
            _ => return None,
        }
    }
    // Only the canonical form counts: otherwise two spellings would name one file.
    (escape_bytes(&out) == text).then_some(out)
}

/// The raw bytes of a report path: `path_bytes` when given (it must agree with `path`), else
/// what the escaped `path` stands for. The error says what is wrong.
pub fn path_key(path: &str, path_bytes: Option<&str>) -> Result<Vec<u8>, String> {
    let bytes = unescape(path).ok_or_else(|| {
        format!("path {path:?} is not in the report's escaped form (a stray backslash?)")
    })?;
    if let Some(encoded) = path_bytes {
        let raw = base64_decode(encoded)
            .ok_or_else(|| format!("path_bytes of {path:?} is not base64"))?;
        if raw != bytes {
            return Err(format!("path_bytes of {path:?} does not match the path"));
        }
    }
    Ok(bytes)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 (RFC 4648, with `=` padding).
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard padded base64; `None` if `text` is not that.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.as_bytes();
    if !text.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    for (index, quad) in text.chunks(4).enumerate() {
        let last = index + 1 == text.len() / 4;
        let padding = quad.iter().rev().take_while(|&&b| b == b'=').count();
        if padding > 2 || (padding > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for &b in &quad[..4 - padding] {
            let value = ALPHABET.iter().position(|&a| a == b)?;
            n = n << 6 | value as u32;
        }
        n <<= 6 * padding;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - padding]);
    }
    // Reject non-canonical encodings (stray bits in the last symbol).
    (base64_encode(&out).as_bytes() == text).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_names_pass_through_and_backslashes_are_doubled() {
        assert_eq!(
            escape_bytes("inbox/Zoë Ünal.pdf".as_bytes()),
            "inbox/Zoë Ünal.pdf"
        );
        assert_eq!(escape_bytes(br"a\b.txt"), r"a\\b.txt");
        assert_eq!(escape_bytes(b"cv-\xff.txt"), r"cv-\xFF.txt");
        // A truncated UTF-8 sequence is escaped byte by byte.
        assert_eq!(escape_bytes(b"\xe2\x82-"), r"\xE2\x82-");
    }

    #[test]
    fn two_names_never_print_the_same() {
        let names: [&[u8]; 6] = [
            b"cv-\xff.txt",
            b"cv-\xfe.txt",
            b"cv-\\xFF.txt",
            b"cv-\\xff.txt",
            "cv-ÿ.txt".as_bytes(),
            "cv-\u{FFFD}.txt".as_bytes(),
        ];
        let mut printed: Vec<String> = names.iter().map(|n| escape_bytes(n)).collect();
        printed.sort();
        printed.dedup();
        assert_eq!(printed.len(), names.len(), "{printed:?}");
    }

    #[test]
    fn escaped_form_and_path_bytes_decode_to_the_same_bytes() {
        let names: [&[u8]; 7] = [
            b"",
            b"plain.txt",
            b"cv-\xff.txt",
            b"\\\\x41\\",
            b"\x80\x81\xfe\xff",
            "r\u{e9}sum\u{e9}-\u{1F600}.pdf".as_bytes(),
            b"mixed-\xc3\xa9-\xc3-\\.docx",
        ];
        for name in names {
            let escaped = escape_bytes(name);
            assert_eq!(unescape(&escaped).as_deref(), Some(name), "{escaped}");
            let encoded = base64_encode(name);
            assert_eq!(base64_decode(&encoded).as_deref(), Some(name), "{encoded}");
            assert_eq!(path_key(&escaped, Some(&encoded)).unwrap(), name);
        }
    }

    #[cfg(unix)]
    #[test]
    fn display_path_adds_bytes_only_for_names_that_are_not_utf8() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(b"in/cv-\xff.txt"));
        let (text, bytes) = display_path(path);
        assert_eq!(text, r"in/cv-\xFF.txt");
        assert_eq!(
            base64_decode(bytes.as_deref().unwrap()).unwrap(),
            b"in/cv-\xff.txt"
        );
        assert_eq!(
            display_path(Path::new("in/a.txt")),
            ("in/a.txt".to_string(), None)
        );
    }

    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
            assert_eq!(base64_decode(encoded).unwrap(), plain.as_bytes());
        }
        assert_eq!(base64_encode(b"\xff\xfe"), "//4=");
        for bad in ["Zg=", "Z===", "Zh==", "Zm9v=Zm9", "Zm9*", "Zg==Zg=="] {
            assert_eq!(base64_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn unescape_rejects_what_escape_never_writes() {
        for bad in [r"a\b", r"a\", r"\xff", r"\xC3\xA9", r"\x4", r"\xZZ"] {
            assert_eq!(unescape(bad), None, "{bad}");
        }
        assert!(path_key(r"cv-\xFF.txt", Some("Y3Yt/i50eHQ=")).is_err());
        assert!(path_key(r"cv-\xFF.txt", Some("not base64")).is_err());
    }
}
