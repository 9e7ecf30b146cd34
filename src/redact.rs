//! Redaction for blind first-pass review (DESIGN.md, "Fairness and audit").
//!
//! Masks contact data and the candidate's name in the snippets a report prints, so a reviewer
//! judges the evidence rather than the person. Pure functions over strings: no I/O, and every
//! regex is compiled once in [`Redactor::new`].
//!
//! The masks are fixed tokens (`[email]`, `[phone]`, `[address]`, `[url]`, `[name]`) rather than
//! removals, so a reviewer can still see that a contact detail was there and the snippet keeps
//! its shape. The tokens hold no digits, `@` or capitalized words, so a later pass never
//! re-matches an earlier pass's output.
//!
//! The patterns lean towards leaving numbers alone: a resume is full of years, versions and
//! metrics ("2019 – 2024", "Python 3.11", "38,000 requests/second") that are the evidence a
//! reviewer needs, so phone numbers are recognised only in their common shapes and a candidate
//! match is rejected when it touches other digits, letters or decimal points.

use regex::Regex;
use sha2::{Digest, Sha256};

/// Code-hosting sites stay visible: reviewers may want to read the candidate's code, which is the
/// point of listing it. A handle can still hint at the name; DESIGN.md accepts that trade-off.
const CODE_HOSTS: &[&str] = &[
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "codeberg.org",
    "sr.ht",
];

/// Top-level domains accepted for a bare `domain/path` without scheme or `www.`. A closed,
/// lower-case list because "Node.js/React", "ASP.NET/Core" and "py.test/tox" look like
/// domains with paths too; a real personal link almost always uses one of these.
const BARE_TLDS: &str = "com|org|net|io|dev|me|co|ai|app|info|biz|edu|gov|us|uk|ca|de|fr|nl|eu|\
                         in|au|ch|se|no|es|it|pl|br|jp|xyz|tech|site|page|blog|online|pro|ly|sh|\
                         ht|so|tv|cc|name|website|space|codes|gg";

/// Words after a bare "555-0100"-shaped match that are still contact context; any other
/// lower-case word after it ("200-5000 users") means a numeric range, not a phone number.
const PHONE_CONTEXT_WORDS: &[&str] = &[
    "or",
    "and",
    "ext",
    "extension",
    "x",
    "mobile",
    "cell",
    "home",
    "work",
    "office",
    "tel",
    "phone",
    "fax",
];

/// Honorifics and suffixes on a name line identify no one, and masking them everywhere would
/// damage ordinary text ("Sr Engineer", "Baltimore, MD").
const NAME_AFFIXES: &[&str] = &[
    "Dr", "Mr", "Mrs", "Ms", "Mx", "Miss", "Prof", "Sir", "Rev", "Jr", "Sr", "II", "III", "IV",
    "PhD", "MD", "MBA", "Esq",
];

/// Lower-case words that mark a top line as a heading or a job title rather than a name
/// ("CURRICULUM VITAE", "Senior Backend Engineer"). Taking such a line for the name would mask
/// "Engineer" in every snippet, so it is skipped instead.
const NOT_NAME_WORDS: &[&str] = &[
    "resume",
    "résumé",
    "resumé",
    "curriculum",
    "vitae",
    "vitæ",
    "cv",
    "summary",
    "profile",
    "objective",
    "contact",
    "information",
    "experience",
    "education",
    "skills",
    "references",
    "engineer",
    "developer",
    "programmer",
    "analyst",
    "scientist",
    "manager",
    "consultant",
    "architect",
    "designer",
    "administrator",
    "technician",
    "intern",
    "senior",
    "junior",
    "lead",
    "staff",
    "principal",
    "backend",
    "frontend",
    "full-stack",
    "software",
    "python",
    "data",
];

/// How many non-empty lines from the top [`name_line`] looks at. Names sit at the very top; a
/// deeper line that happens to look like a name is more likely a heading or an employer.
const NAME_LINE_WINDOW: usize = 3;

/// Masks contact data in a snippet for blind review.
#[derive(Debug, Clone)]
pub struct Redactor {
    email: Regex,
    url: Regex,
    address: Regex,
    phone: Regex,
}

impl Default for Redactor {
    fn default() -> Self {
        Redactor::new()
    }
}

impl Redactor {
    /// Compiles the patterns. Build one per run and share it; `redact` takes `&self`.
    pub fn new() -> Redactor {
        // Standard addresses, plus the common anti-scraper spelling "name [at] example [dot] com"
        // (brackets, parentheses or braces). A bare "name at example dot com" is left alone:
        // "at" and "dot" are ordinary words in resume prose. An apostrophe is allowed inside the
        // local part ("o'neil@") but not at its ends, so a quoted address keeps its quotes.
        let email = Regex::new(
            r"(?x)
            [\w.%+-]+ (?: '[\w.%+-]+ )* @ [\w-]+ (?: \.[\w-]+ )* \.\p{L}{2,}
            | [\w.%+-]+ (?: '[\w.%+-]+ )*
              (?: [\ \t]* [\[({] [\ \t]* (?i:at) [\ \t]* [\])}] [\ \t]* | @ )
              [\w-]+
              (?: [\ \t]* [\[({] [\ \t]* (?i:dot) [\ \t]* [\])}] [\ \t]* [\w-]+ | \.[\w-]+ )+
            ",
        )
        .expect("e-mail regex");

        // A scheme or "www." makes anything a URL. Without them only `domain.tld/path` with a
        // known TLD counts: a bare "example.com" is too often an employer ("Booking.com") to
        // mask, while a path makes it a link. Trailing punctuation is trimmed afterwards.
        let url = Regex::new(&format!(
            r#"(?x)
            (?i: https?:// | www\. ) [^\s<>"'|]+
            | (?-u:\b) [A-Za-z0-9] [A-Za-z0-9-]* (?: \.[A-Za-z0-9-]+ )* \. (?: {BARE_TLDS} ) / [^\s<>"'|]*
            "#
        ))
        .expect("url regex");

        // House number, one to four capitalized street-name words (or "42nd"), a street suffix,
        // then an optional unit and an optional ", City, ST 12345" (or a UK postcode). Requiring
        // a capitalized name word before the suffix keeps "led 5 Court cases" out; the ZIP is
        // taken here so the phone pass never sees it.
        let address = Regex::new(
            r"(?x)
            (?-u:\b) [0-9]{1,6} [A-Za-z]? (?: -[0-9]{1,4} )?
            [\ \t]+
            (?: (?: \p{Lu}[\p{L}'.-]* | [0-9]{1,4}(?:st|nd|rd|th) ) [\ \t]+ ){1,4}?
            (?: Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl
              | Terrace|Square|Sq ) \b \.?
            (?: ,? [\ \t]* (?: Apt|Apartment|Suite|Ste|Unit|Floor|Fl|Room|Rm|\# ) \.? [\ \t]* \#?
                [0-9A-Za-z-]+ )?
            (?: , [\ \t]* \p{Lu}[\p{L}.'-]* (?: [\ \t]+ \p{Lu}[\p{L}.'-]* ){0,3} ,? [\ \t]+
                (?: [A-Z]{2} \b (?: [\ \t]+ [0-9]{5} (?: -[0-9]{4} )? )?
                  | [A-Z]{1,2}[0-9][A-Z0-9]? [\ \t]+ [0-9][A-Z]{2} \b ) )?
            ",
        )
        .expect("address regex");

        // Only the shapes phone numbers are written in, each with separators, so a plain number
        // never matches. Area and exchange codes start with 2-9 (North American numbering), which
        // keeps ranges like "100-1000" out; trunk-prefix numbers start with 0. Context checks in
        // `accept_phone` reject matches glued to other digits, letters or decimals.
        let phone = Regex::new(
            r"(?x)
            (?:
                # International: +44 20 7946 0958, +1 (555) 010-0123, +44 (0) 20 7946 0958
                \+[0-9]{1,3} (?: [\ .-]? \([0-9]{1,5}\) | [\ .-][0-9]{1,5} ) (?: [\ .-][0-9]{2,8} ){1,4}
              | \+[0-9]{8,15}
                # North American ten digits: (555) 010-0123, 555.010.0123, 555 010 0123
              | (?: \([2-9][0-9]{2}\)[\ .-]? | (?-u:\b)[2-9][0-9]{2}[\ .-] ) [0-9]{3}[\ .-][0-9]{4}
                # Seven digits with an area code in parentheses: (555) 0100
              | \([2-9][0-9]{2}\)\ ?[0-9]{4}
                # Seven digits: 555-0100 (hyphen only: 555.0100 reads as a decimal)
              | (?-u:\b)[2-9][0-9]{2}-[0-9]{4}
                # Trunk prefix 0 (UK, much of Europe): 0151 496 0000, (020) 7946 0958
              | (?: \(0[0-9]{2,4}\) | (?-u:\b)0[0-9]{2,4} ) [\ -][0-9]{3,4}[\ -]?[0-9]{3,4}
            )
            # Extension: x12, ext. 12, extension 12
            (?: [\ ,]* (?i: ext\.? | extension | x ) \ ? [0-9]{1,6} )?
            ",
        )
        .expect("phone regex");

        Redactor {
            email,
            url,
            address,
            phone,
        }
    }

    /// `name_line`: the candidate's name line (first non-empty line of the resume, normalized),
    /// if known; occurrences of that whole line, and of each of its words of 2+ letters that start
    /// with an uppercase letter, are masked too.
    pub fn redact(&self, text: &str, name_line: Option<&str>) -> String {
        // Order matters: e-mails before URLs (the domain of an address is not a link), URLs
        // before phones (digits in a path), addresses before phones (the ZIP), names last (a
        // name inside an e-mail is already gone with the e-mail).
        let text = self.email.replace_all(text, "[email]");
        let text = self.url.replace_all(&text, |caps: &regex::Captures<'_>| {
            let matched = &caps[0];
            // Sentence punctuation after a link is not part of it.
            let url = matched.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '}']);
            let tail = &matched[url.len()..];
            if is_code_host(url) {
                matched.to_owned()
            } else {
                format!("[url]{tail}")
            }
        });
        let text = self.address.replace_all(&text, "[address]");
        let text = self.mask_phones(&text);
        match name_line.map(str::trim).filter(|l| !l.is_empty()) {
            Some(line) => mask_name(&text, line),
            None => text,
        }
    }

    fn mask_phones(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut at = 0;
        while let Some(m) = self.phone.find_at(text, at) {
            if accept_phone(text, m.start(), m.end()) {
                out.push_str(&text[copied..m.start()]);
                out.push_str("[phone]");
                copied = m.end();
                at = m.end();
            } else {
                // A rejected match may hide a real number starting inside it; retry one
                // character on.
                at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
        out.push_str(&text[copied..]);
        out
    }
}

/// Context checks a regex without look-around cannot do.
fn accept_phone(text: &str, start: usize, end: usize) -> bool {
    let matched = &text[start..end];
    // Glued to a word, a decimal, a path or another number: part of something else
    // ("v2.555-0100", "1.555.010.0123.4", "id_555-0100").
    let before = text[..start].chars().next_back();
    if before.is_some_and(|c| {
        c.is_alphanumeric() || matches!(c, '.' | ',' | '/' | '-' | '+' | '_' | '@' | '$')
    }) {
        return false;
    }
    let rest = &text[end..];
    let mut after = rest.chars();
    match after.next() {
        Some(c) if c.is_alphanumeric() || c == '%' || c == '_' => return false,
        Some('.' | ',' | '-' | '/') if after.next().is_some_and(|c| c.is_ascii_digit()) => {
            return false
        }
        _ => {}
    }
    let digits = matched.bytes().filter(u8::is_ascii_digit).count();
    if !(7..=21).contains(&digits) {
        return false;
    }
    // "555-0100" is also how a range is written ("200-5000 users"); a following lower-case word
    // that is not contact context says it is a range.
    let bare_seven = matched.len() == 8
        && matched.as_bytes()[3] == b'-'
        && digits == 7
        && !matched.contains(' ');
    if bare_seven {
        let word: String = rest
            .trim_start_matches([' ', '\t'])
            .chars()
            .take_while(char::is_ascii_lowercase)
            .collect();
        if !word.is_empty() && !PHONE_CONTEXT_WORDS.contains(&word.as_str()) {
            return false;
        }
    }
    true
}

/// True when a URL's host is a code-hosting site or one of its subdomains (gist.github.com,
/// git.sr.ht). Matching on the host, not a substring, keeps "github.com.example.net" masked.
fn is_code_host(url: &str) -> bool {
    let rest = url.find("://").map_or(url, |i| &url[i + 3..]);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    CODE_HOSTS.iter().any(|domain| {
        host.strip_suffix(domain)
            .is_some_and(|prefix| prefix.is_empty() || prefix.ends_with('.'))
    })
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// The name line's maskable words: 2+ letters, capitalized, not an honorific. Each also in upper
/// case and title case, since a header may be set in capitals ("PRIYA RAMAN") and prose not.
/// Matching stays case-sensitive otherwise: "Grace" is a name, "grace period" is not.
fn name_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    for word in line.split(|c: char| !(c.is_alphanumeric() || is_apostrophe(c))) {
        let word = word.trim_matches(is_apostrophe);
        let starts_upper = word.chars().next().is_some_and(char::is_uppercase);
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 2 || !starts_upper || NAME_AFFIXES.contains(&word) {
            continue;
        }
        let mut chars = word.chars();
        let title: String = chars
            .next()
            .into_iter()
            .chain(chars.flat_map(char::to_lowercase))
            .collect();
        for variant in [word.to_owned(), word.to_uppercase(), title] {
            if !words.contains(&variant) {
                words.push(variant);
            }
        }
    }
    words
}

/// Masks the whole name line, then each name word as a whole word ("Patrick's" keeps its "'s";
/// "Raman-Okafor" masks both halves). A word scan rather than a regex: the name changes with every
/// resume and compiling a regex per snippet would dominate the cost of `--redact`.
fn mask_name(text: &str, line: &str) -> String {
    let text = text.replace(line, "[name]");
    let words = name_words(line);
    if words.is_empty() {
        return text;
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_alphanumeric() {
            i += 1;
            continue;
        }
        // A run of letters and digits, with apostrophes inside it ("O'Brien", "Patrick's").
        let start = i;
        let mut end = i + 1;
        while end < chars.len() {
            let c = chars[end].1;
            let inner_apostrophe =
                is_apostrophe(c) && chars.get(end + 1).is_some_and(|n| n.1.is_alphanumeric());
            if c.is_alphanumeric() || inner_apostrophe {
                end += 1;
            } else {
                break;
            }
        }
        let from = chars[start].0;
        let to = chars.get(end).map_or(text.len(), |c| c.0);
        let run = &text[from..to];
        if words.iter().any(|w| w == run) {
            out.push_str(&text[copied..from]);
            out.push_str("[name]");
            copied = to;
        } else if run.contains(is_apostrophe) {
            let mut part_start = from;
            for part in run.split(is_apostrophe) {
                let part_end = part_start + part.len();
                if words.iter().any(|w| w == part) {
                    out.push_str(&text[copied..part_start]);
                    out.push_str("[name]");
                    copied = part_end;
                }
                // Skip the apostrophe (both kinds are one char; ’ is 3 bytes).
                part_start = part_end + text[part_end..].chars().next().map_or(0, char::len_utf8);
            }
        }
        i = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// The id that stands for a screened file in a redacted report: "cand-", the first 10 hex digits
/// of the file's SHA-256, "-", and 6 of its path's.
///
/// The content part says nothing about the person (file names are often "Jane_Doe_CV.pdf") and
/// is the same for every copy of a resume, so copies stand out; the path part keeps copies apart,
/// so every input keeps its own entry (and `merge` its own record). Ten hex digits are 40 bits:
/// two different resumes among 10,000 share them with odds of about 1 in 20 million.
pub fn candidate_id(sha256_hex: &str, path: &str) -> String {
    format!(
        "cand-{}-{}",
        short_hex(sha256_hex, 10),
        &path_digest(path)[..6]
    )
}

/// The id that stands for an input that could not be screened in a redacted report: "input-"
/// and the first 10 hex digits of its path's SHA-256 (the content may not have been read).
pub fn input_id(path: &str) -> String {
    format!("input-{}", &path_digest(path)[..10])
}

fn path_digest(path: &str) -> String {
    format!("{:x}", Sha256::digest(path.as_bytes()))
}

fn short_hex(hex: &str, len: usize) -> String {
    hex.chars()
        .filter(char::is_ascii_hexdigit)
        .take(len)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The likely name line: the first line of the normalized text that is not a heading like
/// "RESUME"/"CURRICULUM VITAE", has 2–5 words, mostly letters, no digits/@.
///
/// Only the first few non-empty lines are considered (see `NAME_LINE_WINDOW`), and lines with
/// heading or job-title words are skipped rather than taken: a wrong name line masks ordinary
/// words in every snippet, a missing one only leaves the name to the reviewer's discretion.
pub fn name_line(text: &str) -> Option<&str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .take(NAME_LINE_WINDOW)
        .find(|line| looks_like_name(line))
}

fn looks_like_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) {
        return false;
    }
    if line.chars().any(|c| c.is_ascii_digit() || c == '@') {
        return false;
    }
    // Contact and skills lines carry separators a name does not.
    if line.contains(['|', ':', '/', '•', '·', ';']) {
        return false;
    }
    let visible = line.chars().filter(|c| !c.is_whitespace()).count();
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    if letters * 5 < visible * 4 {
        return false;
    }
    if !line.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    // Particles ("van", "de la") are lower case, but most words of a name are capitalized.
    let capitalized = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    if capitalized * 2 < words.len() {
        return false;
    }
    !words.iter().any(|w| {
        let bare = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        NOT_NAME_WORDS.contains(&bare.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(cases: &[(&str, &str)], name: Option<&str>) {
        let redactor = Redactor::new();
        let mut failures = Vec::new();
        for (input, expected) in cases {
            let got = redactor.redact(input, name);
            if got != *expected {
                failures.push(format!(
                    "  input:    {input}\n  expected: {expected}\n  got:      {got}"
                ));
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
    }

    #[test]
    fn masks_email_addresses() {
        check(
            &[
                (
                    "samira.haddad@example.com | 555-0126 | Detroit, MI",
                    "[email] | [phone] | Detroit, MI",
                ),
                (
                    "Contact: jane.o'neil+jobs@mail.example.co.uk.",
                    "Contact: [email].",
                ),
                ("E-mail: Tomasz.W@Example.COM", "E-mail: [email]"),
                (
                    "write to jane [at] example [dot] com today",
                    "write to [email] today",
                ),
                ("jane(at)example(dot)org", "[email]"),
                ("jane.doe {AT} mail.example {DOT} com", "[email]"),
                ("mailto:renee.dubois@example.com", "mailto:[email]"),
                // "at" and "dot" as plain words stay: they are prose.
                (
                    "Looked at the example dot plot with the team",
                    "Looked at the example dot plot with the team",
                ),
                ("Twitter @janedoe", "Twitter @janedoe"),
            ],
            None,
        );
    }

    #[test]
    fn masks_phone_numbers() {
        check(
            &[
                ("Phone: +1 (555) 010-0123", "Phone: [phone]"),
                ("Cell 555-0100", "Cell [phone]"),
                ("555.010.0123", "[phone]"),
                ("555-010-0123 | Denver, CO", "[phone] | Denver, CO"),
                ("555 010 0123", "[phone]"),
                ("Tel. +44 20 7946 0958", "Tel. [phone]"),
                ("+44 (0) 20 7946 0958", "[phone]"),
                ("+33 1 23 45 67 89", "[phone]"),
                ("+1-555-010-0123", "[phone]"),
                ("+15550100123", "[phone]"),
                ("(555) 0100", "[phone]"),
                ("Office: 0151 496 0000", "Office: [phone]"),
                ("(020) 7946 0958", "[phone]"),
                ("07700 900123", "[phone]"),
                ("555-0100 x12", "[phone]"),
                ("(555) 010-0123 ext. 4567", "[phone]"),
                ("+1 555 010 0123, extension 89.", "[phone]."),
                ("555-0100 or 555-0101", "[phone] or [phone]"),
                ("555-0100 (mobile)", "[phone] (mobile)"),
                ("Call 555-0100.", "Call [phone]."),
            ],
            None,
        );
    }

    #[test]
    fn numbers_that_are_not_phones_survive() {
        let keep = [
            "Backend Developer, Motor City Logistics | 2023 – present",
            "Help Desk Technician, Prairie Schools | 2016 – 2019",
            "2019 – 2024",
            "2019-2024",
            "Jan 2019 - Mar 2024",
            "01/2019 – 03/2024",
            "2019-03-01 to 2024-06-30",
            "Python 3.11, Django 1.6, Java 17, JUnit 5",
            "Migrated a monolith from Python 2.7 to 3.11 (1.1 million lines) with no downtime.",
            "Languages: Python 2.7, 3.8, SQL",
            "Scaled the bid API (Flask behind Gunicorn) to 38,000 requests/second.",
            "Own the Django feed service behind an app with 2.3M monthly active users.",
            "Brought the geocoding endpoint p95 from 1.8 s to 240 ms by batching PostgreSQL lookups.",
            "Cut p99 latency from 900 ms to 120 ms.",
            "kept 99.95% uptime for the customer portal",
            "accepts 3.5 TB per day from field sensors",
            "Built Django REST Framework services for 1.2 million monthly active users.",
            "Introduced mypy --strict and type hints across 400k lines",
            "served 1,200,000 users; 10.000.000 events",
            "grew the fleet from 200-5000 nodes",
            "scaled from 100-1000 users",
            "Refrigerant recovery (EPA 608); 250 mL Erlenmeyer flask",
            "Full-Stack Python Bootcamp (12 weeks)",
            "v2.555-0100 build",
            "IP 192.168.100.1000",
            "reduced deploy time by 70%; 4,000 customers; 12% cost",
            "ISBN 978-3-16-148410-0",
        ];
        let cases: Vec<(&str, &str)> = keep.iter().map(|s| (*s, *s)).collect();
        check(&cases, None);
    }

    #[test]
    fn masks_street_addresses() {
        check(
            &[
                ("123 Main Street", "[address]"),
                ("Lives at 42 Example Avenue, Apt 4.", "Lives at [address]."),
                ("221B Baker St.", "[address]"),
                ("221B Baker St., London NW1 6XE", "[address]"),
                (
                    "1600 Example Blvd, Suite 200, Springfield, IL 62704 | 555-0100",
                    "[address] | [phone]",
                ),
                ("77 Old Mill Rd, New York, NY 10001-1234", "[address]"),
                ("9 W 42nd St, Apt #5", "[address]"),
                ("12 Rosewood Terrace, Leeds", "[address], Leeds"),
                ("5 Harbour Sq", "[address]"),
                // Street-like words without a house number, or a number without a street, stay.
                (
                    "Pastry Cook, Magazine Street Bistro | 2010 – 2018",
                    "Pastry Cook, Magazine Street Bistro | 2010 – 2018",
                ),
                (
                    "led 5 Court cases to settlement",
                    "led 5 Court cases to settlement",
                ),
                ("Won 1st Place in 2019", "Won 1st Place in 2019"),
            ],
            None,
        );
    }

    #[test]
    fn masks_urls_but_keeps_code_hosting() {
        check(
            &[
                (
                    "Portfolio: https://janedoe.dev/projects.",
                    "Portfolio: [url].",
                ),
                ("www.janedoe.me", "[url]"),
                ("(see http://example.com/talk?id=7)", "(see [url])"),
                ("example.com/foo", "[url]"),
                ("LinkedIn: linkedin.com/in/priya-raman", "LinkedIn: [url]"),
                ("https://www.linkedin.com/in/jane-doe-555/", "[url]"),
                (
                    "555-0101 | Denver, CO | github.com/praman-example",
                    "[phone] | Denver, CO | github.com/praman-example",
                ),
                (
                    "https://github.com/jdoe/parser.",
                    "https://github.com/jdoe/parser.",
                ),
                ("gitlab.com/jdoe", "gitlab.com/jdoe"),
                (
                    "https://bitbucket.org/jdoe/tool",
                    "https://bitbucket.org/jdoe/tool",
                ),
                ("codeberg.org/jdoe/tool", "codeberg.org/jdoe/tool"),
                (
                    "https://git.sr.ht/~jdoe/tool",
                    "https://git.sr.ht/~jdoe/tool",
                ),
                (
                    "https://gist.github.com/jdoe/1",
                    "https://gist.github.com/jdoe/1",
                ),
                // Look-alike hosts are not code hosting.
                ("https://github.com.example.net/x", "[url]"),
                ("https://notgithub.com/x", "[url]"),
                // Tech names with dots are not links, nor is a bare employer domain.
                (
                    "React and Node.js/Express, ASP.NET/Core, py.test/tox",
                    "React and Node.js/Express, ASP.NET/Core, py.test/tox",
                ),
                ("Engineer at Booking.com", "Engineer at Booking.com"),
            ],
            None,
        );
    }

    #[test]
    fn masks_the_name_line_and_its_words() {
        check(
            &[
                ("Priya Raman-Okafor", "[name]"),
                (
                    "Priya's team adopted FastAPI",
                    "[name]'s team adopted FastAPI",
                ),
                (
                    "Raman-Okafor led the rewrite",
                    "[name]-[name] led the rewrite",
                ),
                ("PRIYA RAMAN-OKAFOR, Denver", "[name] [name]-[name], Denver"),
                ("priya.raman@example.com", "[email]"),
                // Lower-case look-alikes and substrings are not the name.
                ("Ramanujan graph; priya", "Ramanujan graph; priya"),
            ],
            Some("Priya Raman-Okafor"),
        );
        check(
            &[
                ("Dr. Amara O'Brien Lindgren", "[name]"),
                // The honorific is not masked on its own: it identifies no one.
                ("Dr. Amara Lindgren", "Dr. [name] [name]"),
                (
                    "Dr. Lindgren trained four analysts",
                    "Dr. [name] trained four analysts",
                ),
                ("Nancy O'Brien and Amara", "Nancy [name] and [name]"),
            ],
            Some("Dr. Amara O'Brien Lindgren"),
        );
        check(
            &[(
                "Grace Mbatha wrote the guide; grace period of 30 days",
                "[name] wrote the guide; grace period of 30 days",
            )],
            Some("Grace Mbatha"),
        );
        check(
            &[("Zoë Castellanos-Ibáñez, Málaga", "[name], Málaga")],
            Some("Zoë Castellanos-Ibáñez"),
        );
        // Without a name line nothing but contact data is touched.
        check(&[("Priya Raman-Okafor", "Priya Raman-Okafor")], None);
    }

    #[test]
    fn name_line_finds_the_name() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "Samira Haddad\nsamira.haddad@example.com | 555-0126",
                Some("Samira Haddad"),
            ),
            (
                "Dr. Amara Lindgren\namara@example.com",
                Some("Dr. Amara Lindgren"),
            ),
            ("RESUME\nMei-Lin Zhou\nSan Jose", Some("Mei-Lin Zhou")),
            (
                "CURRICULUM VITAE\nLudwig van Beethoven",
                Some("Ludwig van Beethoven"),
            ),
            (
                "Curriculum Vitae\n\nRenée Dubois-Fontaine",
                Some("Renée Dubois-Fontaine"),
            ),
            ("PATRICK OSEI\nIT analyst", Some("PATRICK OSEI")),
            (
                "Senior Backend Engineer\nPriya Raman-Okafor\nDenver",
                Some("Priya Raman-Okafor"),
            ),
            // No name at the top: better none than a wrong one.
            (
                "SUMMARY\nBackend developer with six years of web development.",
                None,
            ),
            ("jane@example.com | 555-0100\nSKILLS\nPython, Django", None),
            ("Python 3.11, Django, PostgreSQL", None),
            ("Madonna\nSinger", None),
            ("", None),
            ("RESUME\nSUMMARY\nSKILLS\nPython Django\nJane Doe", None),
        ];
        for (text, expected) in cases {
            assert_eq!(name_line(text), *expected, "text: {text:?}");
        }
    }

    #[test]
    fn candidate_id_is_a_short_stable_prefix() {
        let hex = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";
        let id = candidate_id(hex, "inbox/a.pdf");
        assert!(id.starts_with("cand-9f86d08188-"), "{id}");
        assert_eq!(id.len(), "cand-9f86d08188-".len() + 6);
        assert_eq!(candidate_id(&hex.to_lowercase(), "inbox/a.pdf"), id);
        // Copies of one file share the content part and keep their own ids.
        let copy = candidate_id(hex, "inbox/a-copy.pdf");
        assert_ne!(copy, id);
        assert_eq!(copy[..16], id[..16]);
        assert!(input_id("inbox/Jane_Doe.pdf").starts_with("input-"));
        assert_eq!(input_id("inbox/Jane_Doe.pdf").len(), "input-".len() + 10);
    }

    /// Every fixture resume, decoded and normalized the way the pipeline does it: no e-mail or
    /// 555-style phone number found by a simple, independent pattern survives redaction, and
    /// neither does the name line.
    #[test]
    fn fixtures_keep_no_contact_data() {
        let independent_email = Regex::new(r"[^\s|@]+@[^\s|@]+\.[A-Za-z]+").unwrap();
        let independent_phone = Regex::new(r"\(?555\)?[-. ]?[0-9]{3}(?:[-. ][0-9]{4})?").unwrap();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/resumes");
        let redactor = Redactor::new();
        let (mut files, mut emails, mut phones) = (0, 0, 0);
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .expect("fixtures/resumes")
            .map(|e| e.expect("dir entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        entries.sort();
        for path in entries {
            let bytes = std::fs::read(&path).expect("read fixture");
            let limits = crate::extract::Limits::default();
            // Empty and whitespace-only fixtures have nothing to redact.
            let Ok(extracted) = crate::extract::extract_bytes(&path, &bytes, &limits) else {
                continue;
            };
            let doc = crate::normalize::Document::new(&extracted.pages, false);
            let name = name_line(doc.text());
            assert!(name.is_some(), "{}: no name line found", path.display());
            files += 1;
            for line in doc.text().lines() {
                let redacted = redactor.redact(line, name);
                for m in independent_email.find_iter(line) {
                    emails += 1;
                    assert!(
                        !redacted.contains(m.as_str()),
                        "{}: e-mail {} survived in {redacted:?}",
                        path.display(),
                        m.as_str()
                    );
                }
                for m in independent_phone.find_iter(line) {
                    phones += 1;
                    assert!(
                        !redacted.contains(m.as_str()),
                        "{}: phone {} survived in {redacted:?}",
                        path.display(),
                        m.as_str()
                    );
                }
                if let Some(name) = name {
                    assert!(
                        !redacted.contains(name),
                        "{}: name line survived in {redacted:?}",
                        path.display()
                    );
                }
            }
        }
        assert!(files >= 30, "only {files} fixtures read");
        assert!(
            emails >= files && phones >= files,
            "{emails} e-mails, {phones} phones"
        );
    }
}
