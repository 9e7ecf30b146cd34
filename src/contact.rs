//! Contact details a report shows beside the score: the candidate's name and e-mail address.
//!
//! Both are read from the normalized text the rules see. The name is the name line that
//! redaction masks ([`crate::redact::name_line`]), so what a redacted report hides and what an
//! open one shows are the same words. Redacted runs never call this.

/// What a resume says about whom to contact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    /// The name on the name line, if one looks like a name.
    pub name: Option<String>,
    /// The first e-mail address in the text.
    pub email: Option<String>,
}

/// Reads the candidate's name and e-mail address from `text`.
pub fn contact(text: &str) -> Contact {
    Contact {
        name: crate::redact::name_line(text).map(str::to_string),
        email: first_email(text),
    }
}

/// The first e-mail address in `text` (`jane.doe@example.com`): a local part of letters,
/// digits and `._%+-`, a domain of dot-separated labels and a top-level domain of two or more
/// letters. A byte scan
/// around each `@` rather than a regex: the text can be megabytes long and holds few `@`.
pub fn first_email(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let is_local = |b: u8| b.is_ascii_alphanumeric() || b"._%+-".contains(&b);
    let is_domain = |b: u8| b.is_ascii_alphanumeric() || b == b'.' || b == b'-';
    for (at, _) in text.match_indices('@') {
        let mut start = at;
        while start > 0 && is_local(bytes[start - 1]) {
            start -= 1;
        }
        // A local part cannot start or end with a dot; leading punctuation is the sentence's.
        while start < at && bytes[start] == b'.' {
            start += 1;
        }
        let mut end = at + 1;
        while end < bytes.len() && is_domain(bytes[end]) {
            end += 1;
        }
        // A sentence's full stop or a dash after the address is not part of it.
        while end > at + 1 && matches!(bytes[end - 1], b'.' | b'-') {
            end -= 1;
        }
        if start == at || bytes[at - 1] == b'.' {
            continue;
        }
        let domain = &text[at + 1..end];
        let mut labels = domain.split('.');
        let tld = domain.rsplit('.').next().unwrap_or("");
        let well_formed = domain.contains('.')
            && labels
                .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
            && tld.len() >= 2
            && tld.bytes().all(|b| b.is_ascii_alphabetic());
        if well_formed {
            return Some(text[start..end].to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_well_formed_address() {
        let cases = [
            (
                "Mail: jane.doe+cv@mail.example.net.",
                Some("jane.doe+cv@mail.example.net"),
            ),
            (
                "(ops-team@sub.example.org)",
                Some("ops-team@sub.example.org"),
            ),
            ("@handle then real@example.com", Some("real@example.com")),
            ("python@3.11 and x@y", None),
            ("no address here", None),
            ("..lead@example.com", Some("lead@example.com")),
            (
                "me@-bad-.example.com or ok@example.net",
                Some("ok@example.net"),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(first_email(text).as_deref(), expected, "{text}");
        }
    }

    #[test]
    fn reads_name_and_email_from_a_resume_head() {
        let found = contact("Zoë Ünal | Backend Engineer\nzoe.unal@example.com · Berlin\n\nSkills");
        assert_eq!(found.name.as_deref(), Some("Zoë Ünal"));
        assert_eq!(found.email.as_deref(), Some("zoe.unal@example.com"));
        assert_eq!(contact("SKILLS\nPython"), Contact::default());
    }
}
