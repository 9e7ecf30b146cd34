//! Redaction for blind first-pass review (DESIGN.md, "Fairness and audit").
//!
//! Masks contact data and the candidate's name in the text a report prints, so a reviewer judges
//! the evidence rather than the person. Pure functions over strings: no I/O, and every regex is
//! compiled once in [`Redactor::new`].
//!
//! The masks are fixed tokens (`[email]`, `[phone]`, `[address]`, `[url]`, `[name]`, `[path]`)
//! rather than removals, so a reviewer can still see that a contact detail was there and the
//! snippet keeps its shape. The tokens hold no digits, `@` or capitalized words, so no pattern
//! ever matches a token.
//!
//! Every pass finds ranges in the original text and the ranges are merged before anything is
//! replaced, so one pass cannot hide a contact detail from another by rewriting part of it, and
//! a caller can map offsets of the original text into the masked one ([`Masked`]). A snippet is
//! cut from the masked line ([`Redactor::redact_snippet`]): a detail cut in half by the snippet
//! window would otherwise slip past patterns that need all of it.
//!
//! The patterns lean towards leaving numbers alone: a resume is full of years, versions and
//! metrics ("2019 – 2024", "Python 3.11", "38,000 requests/second") that are the evidence a
//! reviewer needs. A phone number is a run of 7–15 digits in groups with phone separators that
//! does not read as dates, a version, an IP address, a thousands-grouped quantity or a range of
//! numbers with a unit.

use regex::Regex;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::ops::Range;

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

/// Top-level domains of a bare domain without a path ("oscar-lindgren.se"). Narrower than
/// [`BARE_TLDS`]: without a path, a file name looks the same ("deploy.sh", "main.rs",
/// "model.pt", "README.md"), so the endings that are also common file extensions are left out.
const DOMAIN_TLDS: &[&str] = &[
    "com",
    "org",
    "net",
    "io",
    "dev",
    "me",
    "co",
    "ai",
    "app",
    "info",
    "biz",
    "eu",
    "us",
    "uk",
    "ca",
    "de",
    "fr",
    "nl",
    "be",
    "ch",
    "at",
    "se",
    "no",
    "dk",
    "fi",
    "es",
    "it",
    "pl",
    "br",
    "jp",
    "in",
    "au",
    "nz",
    "ie",
    "xyz",
    "tech",
    "site",
    "page",
    "blog",
    "online",
    "pro",
    "name",
    "website",
    "space",
    "codes",
    "cz",
    "ru",
    "cn",
    "kr",
    "sg",
    "hk",
    "tw",
    "mx",
    "ar",
    "cl",
    "za",
    "il",
    "gr",
    "hu",
    "ro",
    "tr",
    "ua",
    "lt",
    "lv",
    "ee",
    "is",
    "lu",
    "portfolio",
    "engineer",
    "email",
    "cloud",
    "works",
    "studio",
    "design",
    "digital",
    "ng",
    "ke",
    "gh",
    "pk",
    "bd",
    "vn",
    "th",
    "ph",
    "sa",
    "ae",
    "qa",
    "eg",
    "pe",
    "ve",
    "uy",
    "ec",
    "hr",
    "si",
    "sk",
    "bg",
    "by",
    "kz",
    "ge",
    "id",
];

/// Domains of services and projects, not people: naming them says nothing about the candidate
/// ("socket.io", "crates.io", "pypi.org"), and they are often the evidence itself.
const SERVICE_DOMAINS: &[&str] = &[
    "socket.io",
    "crates.io",
    "draw.io",
    "readthedocs.io",
    "readthedocs.org",
    "pypi.org",
    "python.org",
    "npmjs.com",
    "docs.rs",
    "dev.to",
    "asp.net",
    "djangoproject.com",
    "stackoverflow.com",
    "kaggle.com",
    "leetcode.com",
    "hackerrank.com",
    "medium.com",
    "linkedin.com",
    "twitter.com",
    "x.com",
    "coursera.org",
    "udemy.com",
    "edx.org",
    "heroku.com",
    "amazon.com",
    "google.com",
    "microsoft.com",
    "apple.com",
    "docker.com",
    "kubernetes.io",
];

/// Words after a short phone-shaped match that are still contact context; any other lower-case
/// word after it ("200-5000 users") means a numeric range, not a phone number.
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
    "whatsapp",
    "mob",
];

/// Words that make a short or unseparated digit run a phone number when they come just before
/// it ("Tel 1234567"); without one, such a run is more likely an id or a quantity.
const PHONE_CUES: &[&str] = &[
    "tel",
    "phone",
    "mobile",
    "mob",
    "cell",
    "call",
    "fax",
    "whatsapp",
    "handy",
    "telefon",
    "téléphone",
    "tél",
    "móvil",
    "celular",
    "ph",
    "contact",
    "☎",
    "📞",
    "📱",
];

/// Identifiers written like phone numbers ("ISBN 978-3-16-148410-0") that identify no one.
const NUMBER_IDS: &[&str] = &["isbn", "issn", "doi", "pmid", "arxiv", "ean", "upc"];

/// Honorifics and suffixes on a name line identify no one, and masking them everywhere would
/// damage ordinary text ("Sr Engineer", "Baltimore, MD").
const NAME_AFFIXES: &[&str] = &[
    "dr", "mr", "mrs", "ms", "mx", "miss", "prof", "sir", "rev", "jr", "sr", "ii", "iii", "iv",
    "phd", "md", "mba", "esq", "msc", "bsc", "ba", "ma", "beng", "meng", "ceng", "cpa", "pe",
    "dipl", "ing", "herr", "frau", "mme", "mlle", "m", "sra", "dott",
];

/// Lower-case particles inside names ("Ludwig van Beethoven", "María de la Cruz"): masking them
/// everywhere would hit ordinary words in several languages.
const NAME_PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "la", "le", "du", "des", "di", "da", "del", "dos", "das",
    "bin", "binti", "al", "el", "ibn", "ter", "ten", "y", "e", "zu",
];

/// Name words that are also everyday words: masked only where written with a capital, so a
/// candidate called "An" or "Do" does not turn every "an" and "do" into `[name]`.
const COMMON_WORDS: &[&str] = &[
    "an", "do", "le", "la", "so", "to", "in", "on", "at", "by", "as", "or", "be", "he", "me", "we",
    "us", "it", "is", "no", "go", "my", "of", "up", "ha", "ho", "ma", "mi", "oh", "un", "am", "if",
    "the", "and", "for", "will", "may", "can", "long", "young", "king", "rich", "hope", "joy",
    "art", "max", "bill",
];

/// Lower-case words that mark a top line as a heading, a job title or a list of technologies
/// rather than a name ("CURRICULUM VITAE", "Senior Backend Engineer", "Django REST Framework").
/// Taking such a line for the name would mask "Engineer" in every snippet, so it is skipped.
const NOT_NAME_WORDS: &[&str] = &[
    "resume",
    "résumé",
    "resumé",
    "curriculum",
    "vitae",
    "vitæ",
    "lebenslauf",
    "cv",
    "summary",
    "profile",
    "objective",
    "contact",
    "information",
    "details",
    "personal",
    "experience",
    "employment",
    "history",
    "education",
    "skills",
    "projects",
    "certifications",
    "languages",
    "interests",
    "references",
    "publications",
    "achievements",
    "about",
    "engineer",
    "engineering",
    "developer",
    "development",
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
    "head",
    "backend",
    "frontend",
    "full-stack",
    "fullstack",
    "software",
    "web",
    "data",
    "devops",
    "cloud",
    "platform",
    "machine",
    "learning",
    "python",
    "django",
    "flask",
    "fastapi",
    "react",
    "framework",
    "rest",
    "api",
    "sql",
    "java",
    "javascript",
    "typescript",
    "golang",
    "rust",
    "aws",
    "docker",
    "kubernetes",
    "linux",
    "university",
    "université",
    "universität",
    "universidad",
    "università",
    "universidade",
    "hochschule",
    "école",
    "college",
    "school",
    "institute",
    "inc",
    "ltd",
    "gmbh",
    "llc",
    "street",
    "road",
    "avenue",
    "phone",
    "email",
    "e-mail",
    "mobile",
    "address",
    "location",
    "linkedin",
    "github",
    "portfolio",
    "website",
];

/// Mailbox words and technology names that make up many local parts ("info@", "python.dev@"):
/// not names, and masking them would blank out evidence.
const NOT_NAME_LOCAL_PARTS: &[&str] = &[
    "info",
    "contact",
    "mail",
    "email",
    "hello",
    "hi",
    "hey",
    "me",
    "jobs",
    "job",
    "career",
    "careers",
    "work",
    "office",
    "admin",
    "dev",
    "code",
    "coder",
    "hire",
    "hireme",
    "resume",
    "cv",
    "apply",
    "team",
    "support",
    "sales",
    "the",
    "my",
    "real",
    "its",
    "im",
    "iam",
    "test",
    "user",
    "web",
    "home",
    "personal",
    "pro",
    "private",
    "business",
    "inbox",
    "post",
    "official",
    "dr",
    "mr",
    "ms",
    "mrs",
    "python",
    "django",
    "java",
    "rust",
    "golang",
    "data",
    "engineer",
    "developer",
    "tech",
    "hack",
    "hacker",
    "online",
    "net",
    "box",
    "and",
    "hr",
    "noreply",
    "no",
    "reply",
    "recruiting",
    "recruitment",
    "talent",
    "people",
    "press",
    "media",
    "marketing",
    "billing",
    "accounts",
    "service",
    "services",
    "help",
    "feedback",
    "webmaster",
    "postmaster",
    "root",
    "hiring",
];

/// How many non-empty lines from the top [`name_line`] looks at. Names sit at the very top; a
/// deeper line that happens to look like a name is more likely a heading or an employer.
const NAME_LINE_WINDOW: usize = 3;

/// Longest name segment, in characters: a name line is short; a long one is prose.
const MAX_NAME_CHARS: usize = 60;

/// What a masked range stood for; the order is the priority when ranges overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Path,
    Email,
    Url,
    Address,
    Phone,
    Name,
}

impl Kind {
    fn token(self) -> &'static str {
        match self {
            Kind::Path => "[path]",
            Kind::Email => "[email]",
            Kind::Url => "[url]",
            Kind::Address => "[address]",
            Kind::Phone => "[phone]",
            Kind::Name => "[name]",
        }
    }
}

/// A range of the original text to replace.
#[derive(Debug, Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    kind: Kind,
}

/// The candidate's name, as the words to mask wherever they appear.
///
/// Built from the whole document ([`Redactor::identity`]): the name line at the top, a
/// "Name: …" field, the name under a closing ("Kind regards,") and the local part of the
/// candidate's e-mail address ("jane.doe@" names "Jane Doe"), so a name written further down
/// is masked even when the top line is a heading.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    /// Lower-case words matched as whole words, in any case.
    words: BTreeSet<String>,
    /// Lower-case words that are also everyday words, matched only when capitalized.
    capitalized: BTreeSet<String>,
    /// Names in scripts written without spaces (Chinese, Japanese, Korean), matched anywhere.
    unspaced: BTreeSet<String>,
}

impl Identity {
    /// The identity of a name line alone (no document to look further in).
    pub fn from_name_line(line: Option<&str>) -> Identity {
        let mut identity = Identity::default();
        if let Some(line) = line {
            identity.add_name(line);
        }
        identity
    }

    /// True when no name is known.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.capitalized.is_empty() && self.unspaced.is_empty()
    }

    /// Adds every word of a name: 2+ letters, not an honorific or a particle. Adjacent words are
    /// added joined too ("JaneDoe", "janedoe" in handles and file names).
    fn add_name(&mut self, name: &str) {
        let words: Vec<&str> = name_words(name).collect();
        let mut kept = Vec::new();
        for word in words {
            let lower = word.to_lowercase();
            if is_unspaced_script(word) {
                if word.chars().count() >= 2 {
                    self.unspaced.insert(lower);
                }
                continue;
            }
            let letters = word.chars().filter(|c| is_word_char(*c)).count();
            // A particle is skipped in any case: "VAN" in a name set in capitals is still "van".
            if letters < 2
                || NAME_AFFIXES.contains(&lower.as_str())
                || NAME_PARTICLES.contains(&lower.as_str())
            {
                continue;
            }
            self.add_word(lower.clone());
            kept.push(lower);
        }
        for pair in kept.windows(2) {
            self.add_word(format!("{}{}", pair[0], pair[1]));
        }
        if kept.len() > 2 {
            self.add_word(kept.concat());
        }
    }

    fn add_word(&mut self, lower: String) {
        if COMMON_WORDS.contains(&lower.as_str()) {
            self.capitalized.insert(lower);
        } else {
            self.words.insert(lower);
        }
    }

    /// Adds the name words of an e-mail local part ("samuel.whitfield.ortega", "jane_doe92",
    /// "JaneDoe"): pieces of 2+ letters that are not mailbox or technology words.
    fn add_local_part(&mut self, local: &str) {
        let mut pieces = Vec::new();
        for piece in local.split(|c: char| !c.is_alphabetic()) {
            // camelCase: "JaneDoe" is two names.
            let mut start = 0;
            let chars: Vec<(usize, char)> = piece.char_indices().collect();
            for w in 1..chars.len() {
                if chars[w].1.is_uppercase() && chars[w - 1].1.is_lowercase() {
                    pieces.push(&piece[start..chars[w].0]);
                    start = chars[w].0;
                }
            }
            pieces.push(&piece[start..]);
        }
        for piece in pieces {
            let lower = piece.to_lowercase();
            if lower.chars().count() >= 2 && !NOT_NAME_LOCAL_PARTS.contains(&lower.as_str()) {
                self.add_word(lower);
            }
        }
    }
}

/// Masks contact data in text for blind review.
#[derive(Debug, Clone)]
pub struct Redactor {
    email: Regex,
    obfuscated_email: Regex,
    url: Regex,
    domain: Regex,
    addresses: Vec<Regex>,
    postcode_city: Regex,
    phone: Regex,
    extension: Regex,
    name_field: Regex,
    closing: Regex,
}

impl Default for Redactor {
    fn default() -> Self {
        Redactor::new()
    }
}

/// Horizontal white space as phone separators and inside patterns, including the no-break
/// spaces that word processors put between digit groups.
const SP: &str = r"[\ \t\x{A0}\x{2007}\x{202F}]";
/// A town after a postcode: capitalized words, with the particles of names like "Frankfurt am
/// Main" or "Stratford upon Avon".
const CITY: &str = r"\p{Lu}[\p{L}-]+ (?: \ (?: (?: am | an | im | der | de | la | le | les | sur | en | del | di | upon | on ) \ )? \p{Lu}[\p{L}-]+ ){0,2}";
/// Hyphen and the Unicode dashes and minus sign.
const DASH: &str = r"[\-\x{2010}-\x{2015}\x{2212}]";

impl Redactor {
    /// Compiles the patterns. Build one per run and share it; every method takes `&self`.
    pub fn new() -> Redactor {
        // Standard addresses, with white space around "@" as some write it ("jane.doe @
        // example.com"; checked in `email_hits`) and the full-width "＠" of unnormalized text.
        // An apostrophe is allowed inside the local part ("o'neil@") but not at its ends.
        let email = Regex::new(&format!(
            r"(?x)
            [\w.%+-]+ (?: '[\w.%+-]+ )* {SP}* [@＠] {SP}* [\w-]+ (?: [.．][\w-]+ )* [.．] \p{{L}}{{2,}}
            "
        ))
        .expect("e-mail regex");

        // Spelled-out addresses: "jane [at] example [dot] com", "jane(at)example.de",
        // "jane at example dot com", "jane dot doe at example dot com". The bare-word form is
        // checked further in `email_hits` ("at" and "dot" are ordinary words).
        let dot = format!(
            r"(?: \. | {SP}* [\[({{<] {SP}* (?: dot | punkt | point ) {SP}* [\])}}>] {SP}* | {SP}+ dot {SP}+ )"
        );
        let obfuscated_email = Regex::new(&format!(
            r"(?xi)
            (?P<local> [\w%+-]+ (?: {dot} [\w%+-]+ )* )
            (?P<at> {SP}* [\[({{<] {SP}* (?: at | @ ) {SP}* [\])}}>] {SP}* | {SP}+ at {SP}+ )
            (?P<domain> [\w-]+ (?: {dot} [\w-]+ )+ )
            "
        ))
        .expect("obfuscated e-mail regex");

        // A scheme or "www." makes anything a URL. Without them only `domain.tld/path` with a
        // known TLD counts here; bare domains without a path are the `domain` pass. Trailing
        // punctuation is trimmed afterwards.
        let domain_tlds = DOMAIN_TLDS.join("|");
        let url = Regex::new(&format!(
            r#"(?x)
            (?i: https?:// | ftp:// | www\. ) [^\s<>"'|]+
            | (?-u:\b) [A-Za-z0-9] [A-Za-z0-9-]* (?: \.[A-Za-z0-9-]+ )* \. (?: {BARE_TLDS}|{domain_tlds} ) / [^\s<>"'|]*
            "#
        ))
        .expect("url regex");

        // A bare domain: labels of letters, digits and inner hyphens and a lower-case TLD.
        // `domain_hits` checks the TLD, the brand spelling and the services.
        let domain = Regex::new(
            r"(?x)
            (?-u:\b) [A-Za-z0-9] (?: [A-Za-z0-9-]* [A-Za-z0-9] )?
            (?: \. [A-Za-z0-9] (?: [A-Za-z0-9-]* [A-Za-z0-9] )? )*
            \. (?P<tld> [a-z]{2,12} ) (?-u:\b)
            ",
        )
        .expect("domain regex");

        let addresses = address_patterns();

        // A postcode and a town standing as one item of a contact line ("10115 Berlin",
        // "1015 CJ Amsterdam", "1100-053 Lisboa", "Bengaluru 560001", "Springfield, IL 62704",
        // "SW1A 2AA"); `address_hits` requires separators or line ends around the first four.
        let postcode_city = Regex::new(
            &r"(?x)
              (?P<item>
                (?: [A-Z]{1,2}- )? [0-9]{5} \ {city} (?: \ CEDEX (?: \ [0-9]{1,2} )? )?
              | [0-9]{4} \ ? [A-Z]{2} \ {city}
              | [0-9]{4} - [0-9]{3} \ {city}
              | [0-9]{5} - [0-9]{3} \ {city}
              | [0-9]{2} - [0-9]{3} \ {city}
              | \p{Lu}[\p{L}]+ (?: \ \p{Lu}[\p{L}]+ )? \ ? [-–]? \ ? [0-9]{3} \ ? [0-9]{3}
              )
            | (?P<zip> \p{Lu}[\p{L}.'-]* (?: \ \p{Lu}[\p{L}.'-]* ){0,3} ,? \ [A-Z]{2} \ [0-9]{5} (?: -[0-9]{4} )? (?-u:\b) )
            | (?P<uk> (?-u:\b) (?: [A-Z]{1,2} [0-9] [A-Z0-9]? \ [0-9] [A-Z]{2} | [A-Z][0-9][A-Z] \ ? [0-9][A-Z][0-9] ) (?-u:\b) )
            | (?P<au> \p{Lu}\p{L}+ \ (?: NSW | VIC | QLD | WA | SA | TAS | ACT | NT ) \ [0-9]{4} (?-u:\b) )
            "
            .replace("{city}", CITY),
        )
        .expect("postcode regex");

        // Digit groups with phone separators between them: white space, a dash, a dot or a
        // slash, parentheses around a group. Which runs are phone numbers is decided in
        // `phone_hits`, group by group.
        let group = r"(?: \( [0-9]{1,5} \) | [0-9]+ )";
        let phone = Regex::new(&format!(
            r"(?x)
            \+? {SP}? {group} (?: (?: {SP}* (?: {DASH} | / ) {SP}* | {SP}+ | \. )? {group} )*
            "
        ))
        .expect("phone regex");
        let extension = Regex::new(&format!(
            r"(?xi) \A {SP}* ,? {SP}* (?: ext\.? | extension | x | poste | durchwahl | \# ) {SP}* [0-9]{{1,6}} (?-u:\b)"
        ))
        .expect("extension regex");

        let name_field = Regex::new(
            r"(?xim)
            (?: ^ [\ \t]* (?: full \ name | candidate \ name | name | nom | nombre | naam | nome | имя | 姓名 | 氏名 | 이름 )
              [\ \t]* [:：] | (?-u:\b) my \ name \ is ) [\ \t]* (?P<value> [^\n]+ )
            ",
        )
        .expect("name field regex");
        let closing = Regex::new(
            r"(?xi)
            ^ [\ \t]* (?: (?: best | kind | warm | warmest | with \ best )? \ ? (?: regards | wishes )
              | sincerely | yours (?: \ (?: sincerely | truly | faithfully ) )? | many \ thanks | thanks
              | thank \ you | cheers | respectfully | best
              | mit \ freundlichen \ grüßen | viele \ grüße | cordialement | bien \ à \ vous
              | atentamente | saludos | met \ vriendelijke \ groet | distinti \ saluti )
            [\ \t]* [,.!]? [\ \t]* (?P<rest> [^\n]* ) $
            ",
        )
        .expect("closing regex");

        Redactor {
            email,
            obfuscated_email,
            url,
            domain,
            addresses,
            postcode_city,
            phone,
            extension,
            name_field,
            closing,
        }
    }

    /// Masks contact data in `text`. `name_line`: the candidate's name line (see [`name_line`]),
    /// if known; each of its words is masked too, as a whole word in any case. The pipeline
    /// masks through [`Redactor::redact_with`] with an identity found once per document.
    #[cfg(test)]
    pub fn redact(&self, text: &str, name_line: Option<&str>) -> String {
        self.redact_with(text, &Identity::from_name_line(name_line))
    }

    /// Masks contact data and the words of `identity` in `text`.
    pub fn redact_with(&self, text: &str, identity: &Identity) -> String {
        self.mask(text, identity).text
    }

    /// Masks `text` and keeps where each mask went, to map offsets of `text` into the result.
    pub fn mask(&self, text: &str, identity: &Identity) -> Masked {
        let mut hits = Vec::new();
        self.email_hits(text, &mut hits);
        self.url_hits(text, &mut hits);
        self.domain_hits(text, &mut hits);
        self.address_hits(text, &mut hits);
        self.phone_hits(text, &mut hits);
        name_hits(text, identity, &mut hits);
        Masked::new(text, hits)
    }

    /// The `text` and `snippet` of one piece of evidence, masked: `line` is the whole line the
    /// match is on, `span` the match within it, `context` the bytes of context kept on each side
    /// (as the rule engine cuts snippets). The line is masked whole and then cut, and the cut
    /// never splits a mask token.
    pub fn redact_snippet(
        &self,
        line: &str,
        span: Range<usize>,
        context: usize,
        identity: &Identity,
    ) -> (String, String) {
        let masked = self.mask(line, identity);
        let start = masked.map_start(span.start);
        let end = masked.map_end(span.end).max(start);
        let out = masked.text();
        let mut from = crate::normalize::floor_char_boundary(out, start.saturating_sub(context));
        let mut to = crate::normalize::ceil_char_boundary(out, (end + context).min(out.len()));
        for piece in &masked.pieces {
            if piece.out.start < from && from < piece.out.end {
                from = piece.out.start;
            }
            if piece.out.start < to && to < piece.out.end {
                to = piece.out.end;
            }
        }
        let mut snippet = String::new();
        if from > 0 {
            snippet.push_str("...");
        }
        snippet.push_str(&out[from..to]);
        if to < out.len() {
            snippet.push_str("...");
        }
        (out[start..end].to_string(), snippet)
    }

    /// Masks an error message about the input at `path`: the path, each of its folder and file
    /// names and the words in them ("Jane_Doe/cv.pdf" hides "Jane" and "Doe" too), anything else
    /// shaped like a path, and contact data.
    pub fn redact_message(&self, message: &str, path: &str) -> String {
        let mut hits = Vec::new();
        let mut needles: Vec<&str> = vec![path];
        for component in path.split(['/', '\\']) {
            if !matches!(component, "" | "." | "..") {
                needles.push(component);
                if let Some((stem, _)) = component.rsplit_once('.') {
                    needles.push(stem);
                }
            }
        }
        for needle in needles.iter().filter(|n| n.len() >= 2) {
            for (at, _) in message.match_indices(needle) {
                hits.push(Hit {
                    start: at,
                    end: at + needle.len(),
                    kind: Kind::Path,
                });
            }
        }
        // Quoted or absolute paths the message holds besides the input's own.
        let mut offset = 0;
        for word in message.split_inclusive(char::is_whitespace) {
            let trimmed = word.trim_end();
            if trimmed.contains(['/', '\\']) && trimmed.chars().any(char::is_alphanumeric) {
                hits.push(Hit {
                    start: offset,
                    end: offset + trimmed.len(),
                    kind: Kind::Path,
                });
            }
            offset += word.len();
        }
        let mut identity = Identity::default();
        for component in needles.iter().skip(1) {
            for word in name_words(component) {
                let lower = word.to_lowercase();
                if word.chars().filter(|c| c.is_alphabetic()).count() >= 2
                    && !FILE_WORDS.contains(&lower.as_str())
                {
                    identity.add_word(lower);
                }
            }
        }
        self.email_hits(message, &mut hits);
        self.url_hits(message, &mut hits);
        self.domain_hits(message, &mut hits);
        self.phone_hits(message, &mut hits);
        name_hits(message, &identity, &mut hits);
        Masked::new(message, hits).text
    }

    /// Finds the candidate's name in a whole (normalized) document: the name line at the top, a
    /// "Name: …" field, the line under a closing, and the local parts of its e-mail addresses.
    pub fn identity(&self, text: &str) -> Identity {
        let mut identity = Identity::from_name_line(name_line(text));
        for caps in self.name_field.captures_iter(text) {
            if let Some(name) = first_name_segment(&caps["value"]) {
                identity.add_name(name);
            }
        }
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(caps) = self.closing.captures(line) else {
                continue;
            };
            let rest = caps["rest"].trim();
            let next = lines[i + 1..]
                .iter()
                .map(|l| l.trim())
                .find(|l| !l.is_empty());
            // "Best regards, Jane Doe", or the name on the next line ("Sincerely yours,").
            if let Some(name) =
                first_name_segment(rest).or_else(|| next.and_then(first_name_segment))
            {
                identity.add_name(name);
            }
        }
        // A cover letter or a resume may end with the name alone.
        if let Some(name) = lines
            .iter()
            .rev()
            .map(|l| l.trim())
            .find(|l| !l.is_empty())
            .filter(|l| looks_like_name(l) && all_capitalized(l))
        {
            identity.add_name(name);
        }
        let mut hits = Vec::new();
        self.email_hits(text, &mut hits);
        for hit in hits {
            if let Some(local) = local_part(&text[hit.start..hit.end]) {
                identity.add_local_part(local);
            }
        }
        identity
    }

    fn email_hits(&self, text: &str, hits: &mut Vec<Hit>) {
        for m in self.email.find_iter(text) {
            let matched = m.as_str();
            let (local, domain) = matched.split_once(['@', '＠']).unwrap_or((matched, ""));
            let spaced =
                local.ends_with(char::is_whitespace) || domain.starts_with(char::is_whitespace);
            let local = local.trim_end();
            // "Engineer @ Booking.com" is a job, "jane.doe @ example.com" an address.
            let plausible = !spaced
                || local.contains(['.', '_'])
                || local.chars().any(|c| c.is_ascii_digit())
                || !local.chars().any(char::is_uppercase);
            if plausible {
                hits.push(hit(m.start(), m.end(), Kind::Email));
            }
        }
        for caps in self.obfuscated_email.captures_iter(text) {
            let whole = caps.get(0).expect("match");
            let bracketed = caps["at"].trim().starts_with(['[', '(', '{', '<']);
            let domain = &caps["domain"];
            let tld = domain
                .rsplit(|c: char| c == '.' || c.is_whitespace() || "[](){}<>".contains(c))
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            let spelled_dot = domain.to_ascii_lowercase().contains("dot");
            let local = &caps["local"];
            // "jane at example.com": a lower-case mailbox at a lower-case personal domain, not
            // "Engineer at Booking.com" or "work at pypi.org".
            let plain = !spelled_dot
                && !local.chars().any(char::is_uppercase)
                && !domain.chars().any(char::is_uppercase)
                && !is_service(domain);
            // The bare form needs a real TLD: "looked at the data" is prose.
            // A spelled-out "dot" is deliberate, so any alphabetic TLD will do ("dot pt").
            let tld_ok = DOMAIN_TLDS.contains(&tld.as_str())
                || (spelled_dot
                    && (2..=6).contains(&tld.len())
                    && tld.chars().all(|c| c.is_ascii_alphabetic()));
            if bracketed || ((spelled_dot || plain) && tld_ok) {
                hits.push(hit(whole.start(), whole.end(), Kind::Email));
            }
        }
    }

    fn url_hits(&self, text: &str, hits: &mut Vec<Hit>) {
        for m in self.url.find_iter(text) {
            let matched = m.as_str();
            // Sentence punctuation after a link is not part of it.
            let url = matched.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '}']);
            if !is_code_host(url) {
                hits.push(hit(m.start(), m.start() + url.len(), Kind::Url));
            }
        }
    }

    fn domain_hits(&self, text: &str, hits: &mut Vec<Hit>) {
        for caps in self.domain.captures_iter(text) {
            let m = caps.get(0).expect("match");
            let domain = m.as_str();
            let tld = &caps["tld"];
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            if before.is_some_and(|c| matches!(c, '@' | '.' | '/' | '-' | '_' | '\\' | '＠'))
                || after.is_some_and(|c| matches!(c, '@' | '-' | '_' | '＠'))
                || !DOMAIN_TLDS.contains(&tld)
            {
                continue;
            }
            let lower = domain.to_ascii_lowercase();
            let labels = &domain[..domain.len() - tld.len() - 1];
            // "Booking.com" and "Salesforce.com" are employers written as brands.
            let brand = labels.chars().any(|c| c.is_ascii_uppercase())
                && matches!(tld, "com" | "net" | "org");
            if !brand
                && !is_service(&lower)
                && !labels.chars().all(|c| c.is_ascii_digit() || c == '.')
            {
                hits.push(hit(m.start(), m.end(), Kind::Url));
            }
        }
    }

    fn address_hits(&self, text: &str, hits: &mut Vec<Hit>) {
        for pattern in &self.addresses {
            for m in pattern.find_iter(text) {
                hits.push(hit(m.start(), m.end(), Kind::Address));
            }
        }
        for caps in self.postcode_city.captures_iter(text) {
            if let Some(item) = caps.name("item") {
                let postcode = item.as_str();
                let year = postcode
                    .get(..4)
                    .and_then(|y| y.parse::<u32>().ok())
                    .is_some_and(|y| (1900..=2099).contains(&y))
                    && !postcode[4..].starts_with(|c: char| c.is_ascii_digit());
                if year || !stands_alone(text, item.start(), item.end()) {
                    continue;
                }
                let start = address_start(text, item.start());
                hits.push(hit(start, item.end(), Kind::Address));
            } else {
                let m = caps.get(0).expect("match");
                let start = address_start(text, m.start());
                hits.push(hit(start, m.end(), Kind::Address));
            }
        }
    }

    fn phone_hits(&self, text: &str, hits: &mut Vec<Hit>) {
        for m in self.phone.find_iter(text) {
            let groups = digit_groups(text, m.start(), m.end());
            // A spaced dash or slash ("2019 – 2023", "… / …") separates items, never groups of
            // one number.
            let mut segment_start = 0;
            for i in 0..=groups.len() {
                if i == groups.len() || (i > 0 && groups[i].sep == Sep::Hard) {
                    self.phones_in(text, &groups[segment_start..i], hits);
                    segment_start = i;
                }
            }
        }
    }

    /// The phone numbers among consecutive digit groups: the longest valid run from each group
    /// on, left to right.
    fn phones_in(&self, text: &str, groups: &[Group], hits: &mut Vec<Hit>) {
        /// Phone numbers have at most seven groups ("+33 6 12 34 56 78" has six).
        const MAX_GROUPS: usize = 8;
        let mut first = 0;
        while first < groups.len() {
            let last = groups.len().min(first + MAX_GROUPS);
            let found = (first + 1..=last).rev().find_map(|end| {
                self.accept_phone(text, &groups[first..end], first == 0)
                    .map(|stop| (end, stop))
            });
            match found {
                Some((end, stop)) => {
                    hits.push(hit(groups[first].start_with_plus, stop, Kind::Phone));
                    first = end;
                }
                None => first += 1,
            }
        }
    }

    /// Where a phone number made of `run` ends (after its extension), or `None` when the run is
    /// not one. `leading`: the run starts its candidate, so a "+" before it belongs to it.
    fn accept_phone(&self, text: &str, run: &[Group], leading: bool) -> Option<usize> {
        let plus = leading && run[0].plus;
        let start = if plus {
            run[0].start_with_plus
        } else {
            run[0].start
        };
        let mut end = run[run.len() - 1].end;
        let digits: usize = run.iter().map(|g| g.digits).sum();
        if !(7..=15).contains(&digits) {
            return None;
        }
        let seps: Vec<Sep> = run[1..].iter().map(|g| g.sep).collect();
        let kinds: BTreeSet<Sep> = seps.iter().copied().filter(|s| *s != Sep::None).collect();
        if kinds.len() > 2 {
            return None;
        }
        // Glued to a word, a decimal, a path or an amount: part of something else
        // ("v2.555-0100", "1.555.010.0123", "id_5550100", "$1 200 000").
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| {
            c.is_alphanumeric()
                || matches!(
                    c,
                    '.' | ',' | '/' | '+' | '_' | '@' | '$' | '€' | '£' | '¥' | '₹' | '#' | '\\'
                )
                || (is_dash(c) && !plus)
        }) {
            return None;
        }
        if let Some(ext) = self.extension.find(&text[end..]) {
            end += ext.end();
        }
        let rest = &text[end..];
        let mut after = rest.chars();
        match after.next() {
            Some(c) if c.is_alphanumeric() || matches!(c, '%' | '_' | '@' | '‰') => return None,
            Some(c)
                if (matches!(c, '.' | ',' | '/') || is_dash(c))
                    && after.next().is_some_and(|c| c.is_ascii_digit()) =>
            {
                return None
            }
            _ => {}
        }
        let paren = run.iter().any(|g| g.paren);
        let values: Vec<&str> = run.iter().map(|g| g.text(text)).collect();
        // Dates and ranges of years: "2019-2023", "01/2020", "12.03.2019", "2019 2020".
        let years = values
            .iter()
            .filter(|v| v.len() == 4 && v.parse::<u32>().is_ok_and(|y| (1950..=2039).contains(&y)))
            .count();
        let small = values
            .iter()
            .filter(|v| v.len() <= 2 && v.parse::<u32>().is_ok_and(|d| d <= 31))
            .count();
        if years > 0 && years + small == run.len() && small <= 2 * years {
            return None;
        }
        // Dotted numbers are phones only as "06.12.34.56.78" or "415.555.0134": three or more
        // groups of two or more digits. "3.11", "10.000.000" and "192.168.0.10" are not.
        if kinds.contains(&Sep::Dot) {
            let only_dots = seps
                .iter()
                .enumerate()
                .all(|(i, s)| *s == Sep::Dot || (i == 0 && plus && *s == Sep::Space));
            let dotted: Vec<&Group> = run
                .iter()
                .enumerate()
                .filter(|(i, _)| !(plus && *i == 0))
                .map(|(_, g)| g)
                .collect();
            let ip_like = run.len() == 4
                && run[..3].iter().all(|g| {
                    let v = g.text(text);
                    v.len() <= 3
                        && (v == "0" || !v.starts_with('0'))
                        && v.parse::<u32>().is_ok_and(|n| n <= 255)
                });
            if !only_dots || dotted.len() < 3 || dotted.iter().any(|g| g.digits < 2) || ip_like {
                return None;
            }
        }
        // Thousands grouping: "1 200 000", "10.000.000" are quantities.
        let thousands = run.len() >= 2
            && !paren
            && (1..=3).contains(&run[0].digits)
            && run[1..].iter().all(|g| g.digits == 3)
            && kinds.len() == 1;
        let next_word: String = rest
            .trim_start_matches(|c: char| c.is_whitespace())
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        let unit_word = next_word.chars().next().is_some_and(char::is_lowercase)
            && !PHONE_CONTEXT_WORDS.contains(&next_word.as_str());
        if thousands && !plus && (kinds.contains(&Sep::Dot) || run[0].digits <= 2 || unit_word) {
            return None;
        }
        // "Top 100 2021": a number and a year side by side.
        if run.len() == 2 && !plus && !paren && seps[0] == Sep::Space && years > 0 {
            return None;
        }
        // "200-5000 users", "1000000 requests": a range or a count with its unit.
        if run.len() <= 2 && !plus && !paren && unit_word {
            return None;
        }
        let before_text = &text[..start];
        let cue_window = &before_text[crate::normalize::floor_char_boundary(
            before_text,
            before_text.len().saturating_sub(24),
        )..];
        let cue_window = cue_window.to_lowercase();
        let previous_word: String = cue_window
            .trim_end_matches(|c: char| !c.is_alphanumeric())
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_string();
        if NUMBER_IDS.contains(&previous_word.as_str()) {
            return None;
        }
        // One unbroken run: a phone number at ten digits or more, below that only after "+" or
        // a cue ("Tel 1234567"); otherwise an id, a count or a date ("20230115").
        if run.len() == 1
            && !plus
            && digits < 10
            && !PHONE_CUES.iter().any(|c| cue_window.contains(c))
        {
            return None;
        }
        Some(end)
    }
}

/// File-name words that say nothing about the person ("cv", "final").
const FILE_WORDS: &[&str] = &[
    "cv",
    "resume",
    "résumé",
    "lebenslauf",
    "pdf",
    "docx",
    "doc",
    "txt",
    "md",
    "final",
    "copy",
    "new",
    "old",
    "draft",
    "updated",
    "version",
    "inbox",
    "tmp",
    "home",
    "users",
    "applications",
];

/// The patterns of street addresses and post-office boxes, per addressing convention.
fn address_patterns() -> Vec<Regex> {
    let patterns = [
        // US/UK: house number, capitalized street words, a street suffix, an optional unit and
        // an optional ", City, ST 12345" or UK postcode. A capitalized name word before the
        // suffix keeps "led 5 Court cases" out.
        r"(?x)
        (?-u:\b) [0-9]{1,6} [A-Za-z]? (?: -[0-9]{1,4} )?
        [\ \t]+
        (?: (?: \p{Lu}[\p{L}'.-]* | [0-9]{1,4}(?:st|nd|rd|th) ) [\ \t]+ ){1,4}?
        (?: Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl
          | Terrace|Square|Sq|Close|Crescent|Gardens|Grove|Parkway|Pkwy|Highway|Hwy|Circle|Mews
          | Loop|Row|Plaza|Trail|Alley ) \b \.?
        (?: ,? [\ \t]* (?: Apt|Apartment|Suite|Ste|Unit|Floor|Fl|Room|Rm|\# ) \.? [\ \t]* \#?
            [0-9A-Za-z-]+ )?
        (?: , [\ \t]* \p{Lu}[\p{L}.'-]* (?: [\ \t]+ \p{Lu}[\p{L}.'-]* ){0,3} ,? [\ \t]+
            (?: [A-Z]{2} \b (?: [\ \t]+ [0-9]{5} (?: -[0-9]{4} )? )?
              | [A-Z]{1,2}[0-9][A-Z0-9]? [\ \t]+ [0-9][A-Z]{2} \b ) )?
        ",
        // German, Dutch, Nordic: the street type is the end of one word ("Hauptstraße 12",
        // "Keizersgracht 123") or a word of its own ("Berliner Straße 5"), the number after it,
        // then an optional postcode and town ("10115 Berlin", "1015 CJ Amsterdam").
        r"(?x)
        (?: \p{Lu}\p{L}+ [\ -] )?
        (?: \p{Lu} [\p{L}-]*? (?i: straße | strasse | str\. | weg | allee | platz | gasse | damm | ufer
          | chaussee | steig | pfad | graben | gracht | straat | laan | plein | kade | singel | dijk
          | steeg | gade | vej | gatan | vägen | veien | gata )
          | Straße | Strasse | Str\. | Weg | Allee | Platz | Gasse | Damm | Ufer )
        [\ \t]+ [0-9]{1,4} [\ ]? [a-zA-Z]? (?: [-/][0-9]{1,4}[a-zA-Z]? )? (?-u:\b)
        (?: ,? [\ \t]+ (?: [A-Z]{1,2}- )? [0-9]{4,5} (?: [\ ]?[A-Z]{2} )? [\ \t]+ \p{Lu}[\p{L}-]* (?: [\ \t]+ \p{Lu}[\p{L}-]* )? )?
        ",
        // French and Belgian: "12 rue de la Paix, 75002 Paris", "3 bis avenue Foch".
        r"(?x)
        (?-u:\b) [0-9]{1,4} (?: [\ ]? (?: bis | ter | [A-Z] ) )? ,? [\ \t]+
        (?i: rue | avenue | av\. | boulevard | bd | place | chemin | allée | impasse | quai | route
          | cours | square | passage | voie | faubourg | esplanade | rond-point )
        (?: [\ \t]+ (?: (?: l' | d' )? \p{Lu}[\p{L}'-]* | des | de | du | les | la | le | l' ) )+
        (?: ,? [\ \t]+ [0-9]{5} [\ \t]+ \p{Lu}[\p{L}-]* (?: [\ \t]+ \p{Lu}[\p{L}-]* )? (?: [\ \t]+ CEDEX )? )?
        ",
        // Spanish, Catalan, Italian, Portuguese: the type first ("Calle Mayor 5, 28013 Madrid",
        // "Via Roma 10", "Rua Augusta 100, 1100-053 Lisboa"), an optional floor ("3º 2ª").
        r"(?x)
        (?: Calle | C/ | Avenida | Avda\.? | Av\. | Plaza | Pza\. | Paseo | Carrer | Camino | Ronda
          | Travesía | Carretera | Rua | Rúa | Gran\ Vía | Gran\ Via | Vía | Viale | Via | Piazza
          | Corso | Largo | Vicolo | Praça | Avinguda | Passeig | Plaça | Rue | Avenue | Boulevard
          | Chemin | Allée | Quai | Impasse )
        (?: [\ \t]+ (?: della | dei | del | de | las | los | la | el | di | dos | das | do | da
          | des | du | \p{Lu}[\p{L}'.-]* ) ){1,5}
        ,? [\ \t]+ (?: n\.?º? [\ ]? )? [0-9]{1,4} [a-zA-Z]? (?-u:\b)
        (?: ,? [\ \t]+ [0-9]{1,2} [ºª°o]? (?: [\ ]? [0-9A-Za-z] [ºª°o]? )?
            (?: [\ ]? (?: Izq | Izqda | Dcha | Dch | Der | Izda ) \.? )? )?
        (?: ,? [\ \t]+ [0-9]{4,5} (?: -[0-9]{3} )? [\ \t]+ \p{Lu}[\p{L}-]* (?: [\ \t]+ \p{Lu}[\p{L}-]* )? )?
        ",
        // India: a flat or house number, then up to five comma-separated parts and a six-digit
        // PIN ("Flat 4B, MG Road, Bengaluru 560001"); the unit alone when there is no PIN.
        r"(?x)
        (?i: flat | house | h\.[\ ]?no\.? | plot | door [\ ] no\.? | block | apartment | apt\. | d\.no\. )
        [\ \t]* (?: (?i: no ) \.? [\ ]? )? [\w/-]* [0-9] [\w/-]*
        (?: (?: ,? [\ \t]* [^,|;•\n]{2,40}? ){0,5} ,? [\ \t]* \p{Lu}\p{L}+ [\ \t]* [-–]? [\ \t]* [0-9]{3} [\ ]? [0-9]{3} (?-u:\b) )?
        ",
        // Japan: "〒100-0001" and the rest of the item, kanji addresses, romanized wards.
        r"〒[\ \t]?[0-9]{3}-?[0-9]{4}[^|;•\n]*",
        r"(?:\p{Han}{1,4}[都道府県])?\p{Han}{1,6}[市区町村郡][\p{Han}\p{Hiragana}\p{Katakana}0-9０-９ー−\-丁目番地号]*",
        r"(?x)
        (?: [0-9]{1,2} - [0-9]{1,2} (?: - [0-9]{1,3} )? [\ \t]+ \p{Lu}\p{L}+ , [\ \t]+ )?
        \p{Lu}\p{L}+ - (?: ku | shi | cho | machi | gun ) (?-u:\b)
        (?: ,? [\ \t]+ [0-9]{1,2} - [0-9]{1,2} (?: - [0-9]{1,3} )? )?
        ",
        // Post-office boxes, with an optional postcode and town after them.
        r"(?x)
        (?-u:\b) (?: (?i: p \.? [\ ]? o \.? [\ ]? box | post [\ ] office [\ ] box | postfach | postbus
              | apartado (?: [\ ] de [\ ] correos )? | casella [\ ] postale | caixa [\ ] postal
              | case [\ ] postale | gpo [\ ] box | postboks | box )
          | BP | B\.P\. | CP | C\.P\. )
        [\ \t]* [0-9]{1,6} (?: [\ ][0-9]{1,4} )*
        (?: ,? [\ \t]+ (?: [0-9]{4,5} [\ \t]+ \p{Lu}[\p{L}-]* | \p{Lu}[\p{L}-]* [\ \t]+ [0-9]{4,6} (?-u:\b) ) )?
        ",
    ];
    patterns
        .iter()
        .map(|p| Regex::new(p).expect("address regex"))
        .collect()
}

/// Masked text, with where each mask of the original went so offsets can be carried over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Masked {
    text: String,
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    /// The masked range of the original text.
    orig: Range<usize>,
    /// Its token in the masked text.
    out: Range<usize>,
}

impl Masked {
    /// Merges overlapping hits (the highest-priority kind names the merged range), and name
    /// hits only a space or hyphen apart ("Jane Doe" is one `[name]`), then replaces them.
    fn new(text: &str, mut hits: Vec<Hit>) -> Masked {
        hits.retain(|h| h.start < h.end && h.end <= text.len());
        hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        let mut merged: Vec<Hit> = Vec::new();
        for h in hits {
            if let Some(last) = merged.last_mut() {
                let gap = text.get(last.end..h.start).unwrap_or("");
                let joins_names = last.kind == Kind::Name
                    && h.kind == Kind::Name
                    && h.start >= last.end
                    && !gap.is_empty()
                    && gap.chars().all(|c| c == ' ' || is_dash(c));
                if h.start < last.end || joins_names {
                    last.end = last.end.max(h.end);
                    last.kind = last.kind.min(h.kind);
                    continue;
                }
            }
            merged.push(h);
        }
        let mut out = String::with_capacity(text.len());
        let mut pieces = Vec::with_capacity(merged.len());
        let mut copied = 0;
        for h in merged {
            out.push_str(&text[copied..h.start]);
            let token_start = out.len();
            out.push_str(h.kind.token());
            pieces.push(Piece {
                orig: h.start..h.end,
                out: token_start..out.len(),
            });
            copied = h.end;
        }
        out.push_str(&text[copied..]);
        Masked { text: out, pieces }
    }

    /// The masked text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The ranges of the mask tokens in [`Masked::text`], so a cut can keep them whole.
    pub fn tokens(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.pieces.iter().map(|p| p.out.clone())
    }

    /// Where an offset of the original text that starts a range lands: inside a mask, at the
    /// start of its token.
    pub fn map_start(&self, offset: usize) -> usize {
        self.map(offset, false)
    }

    /// Where an offset of the original text that ends a range lands: inside a mask, at the end
    /// of its token, so the range shows the whole token.
    pub fn map_end(&self, offset: usize) -> usize {
        self.map(offset, true)
    }

    fn map(&self, offset: usize, end: bool) -> usize {
        let mut shift: isize = 0;
        for piece in &self.pieces {
            if offset <= piece.orig.start {
                break;
            }
            if offset < piece.orig.end {
                return if end { piece.out.end } else { piece.out.start };
            }
            shift = piece.out.end as isize - piece.orig.end as isize;
        }
        (offset as isize + shift).clamp(0, self.text.len() as isize) as usize
    }
}

fn hit(start: usize, end: usize, kind: Kind) -> Hit {
    Hit { start, end, kind }
}

/// What separates a digit group from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Sep {
    /// Nothing: "(0)20".
    None,
    Space,
    Dot,
    Dash,
    Slash,
    /// A dash or slash with white space around it: a boundary between two items.
    Hard,
}

/// One group of digits of a phone candidate (with its parentheses, if any).
#[derive(Debug, Clone, Copy)]
struct Group {
    /// Where the group starts, after a "(".
    start: usize,
    /// Where a "+" before the first group starts (`start` otherwise).
    start_with_plus: usize,
    end: usize,
    digits: usize,
    paren: bool,
    plus: bool,
    sep: Sep,
}

impl Group {
    fn text<'a>(&self, text: &'a str) -> &'a str {
        text[self.start..self.end].trim_matches(['(', ')'])
    }
}

/// Splits a phone candidate into its digit groups and the separators between them.
fn digit_groups(text: &str, start: usize, end: usize) -> Vec<Group> {
    let s = &text[..end];
    let mut groups: Vec<Group> = Vec::new();
    let mut i = start;
    let mut plus_at = None;
    let mut sep_start = start;
    while i < end {
        let c = s[i..].chars().next().expect("in range");
        if c == '+' && groups.is_empty() {
            plus_at = Some(i);
            i += 1;
            sep_start = i;
            continue;
        }
        if c.is_ascii_digit() || c == '(' {
            let paren = c == '(';
            let group_start = i;
            let mut j = if paren { i + 1 } else { i };
            while j < end && s.as_bytes()[j].is_ascii_digit() {
                j += 1;
            }
            let digits = j - if paren { i + 1 } else { i };
            if paren && j < end && s.as_bytes()[j] == b')' {
                j += 1;
            }
            let between = &s[sep_start..group_start];
            let sep = match groups.as_slice() {
                [] => Sep::None,
                // "089 / 123 456 78": a trunk code set off by a spaced slash (Germany).
                [only]
                    if between.trim() == "/"
                        && s[only.start..only.end].starts_with('0')
                        && (2..=5).contains(&only.digits) =>
                {
                    Sep::Slash
                }
                _ => classify_sep(between),
            };
            groups.push(Group {
                start: group_start,
                start_with_plus: if groups.is_empty() {
                    plus_at.unwrap_or(group_start)
                } else {
                    group_start
                },
                end: j,
                digits,
                paren,
                plus: groups.is_empty() && plus_at.is_some(),
                sep,
            });
            i = j;
            sep_start = j;
        } else {
            i += c.len_utf8();
        }
    }
    groups
}

fn classify_sep(between: &str) -> Sep {
    let spaced = between.chars().any(char::is_whitespace);
    let punct = between.chars().find(|c| !c.is_whitespace());
    match punct {
        None if spaced => Sep::Space,
        None => Sep::None,
        // A spaced dash joins groups ("+44 20 7946 – 0958"); date ranges written so are told
        // apart by their years. A spaced slash separates two items.
        Some(c) if spaced && is_dash(c) => Sep::Dash,
        Some(_) if spaced => Sep::Hard,
        Some('.') => Sep::Dot,
        Some('/') => Sep::Slash,
        Some(_) => Sep::Dash,
    }
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

/// True when `start..end` is a whole item of a contact line: only separators (or nothing)
/// between it and the line ends or the neighbouring items.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let is_sep = |c: char| matches!(c, ',' | '|' | '•' | '·' | ';' | '–' | '—' | '(' | ')' | '/');
    let before = text[..start].trim_end_matches([' ', '\t']);
    let after = text[end..].trim_start_matches([' ', '\t']);
    let before_ok = before
        .chars()
        .next_back()
        .is_none_or(|c| is_sep(c) || c == '\n' || c == ':');
    let after_ok = after
        .chars()
        .next()
        .is_none_or(|c| is_sep(c) || c == '\n' || c == '.');
    before_ok && after_ok
}

/// Where the address that ends in a postcode starting at `postcode` begins: the comma-separated
/// parts before it on the same item of a contact line ("B-12, Sector 62, Noida, Uttar Pradesh
/// 201301"), so house and street forms the patterns do not know are masked with the postcode.
fn address_start(text: &str, postcode: usize) -> usize {
    /// Parts of an address line are short; a long one is prose that happens to end in a town.
    const MAX_PART: usize = 40;
    const MAX_PARTS: usize = 5;
    let mut start = postcode;
    for _ in 0..MAX_PARTS {
        let before = text[..start].trim_end_matches([' ', '\t']);
        let Some(comma_free) = before.strip_suffix(',') else {
            break;
        };
        let part_start = comma_free
            .rfind([',', '|', '•', '·', ';', ':', '\n', '(', '—', '–'])
            .map_or(0, |i| {
                i + comma_free[i..].chars().next().map_or(1, char::len_utf8)
            });
        let part = comma_free[part_start..].trim_start();
        if part.is_empty() || part.chars().count() > MAX_PART || part.contains(". ") {
            break;
        }
        start = comma_free.len() - part.len();
    }
    start
}

/// The local part of a found e-mail address, in any of its spellings.
fn local_part(email: &str) -> Option<&str> {
    let lower = email.to_ascii_lowercase();
    let cut = [
        lower.find('@'),
        lower.find('＠'),
        lower.find("[at]"),
        lower.find("(at)"),
        lower.find("{at}"),
        lower.find("<at>"),
        lower.find(" at "),
    ]
    .into_iter()
    .flatten()
    .min()?;
    let local = email.get(..cut)?.trim();
    Some(local)
}

/// Letters, digits and the combining marks of scripts such as Devanagari ("शर्मा" is one word).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// Han, kana and Hangul names are written without spaces inside running text, so they are
/// matched as substrings rather than whole words.
fn is_unspaced_script(word: &str) -> bool {
    word.chars().any(|c| {
        matches!(c,
            '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
            | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}')
    })
}

/// A letter of a script without case (Arabic, Devanagari, Han, …).
fn is_uncased_letter(c: char) -> bool {
    c.is_alphabetic() && !c.is_uppercase() && !c.is_lowercase()
}

/// The words of a name, apostrophes inside them kept ("O'Brien").
fn name_words(line: &str) -> impl Iterator<Item = &str> {
    line.split(|c: char| !(is_word_char(c) || is_apostrophe(c)))
        .map(|w| w.trim_matches(is_apostrophe))
        .filter(|w| !w.is_empty())
}

/// Finds every whole-word occurrence of the identity's words (in any case; common words only
/// when capitalized) and every occurrence of its unspaced names. A word scan rather than a
/// regex: the name changes with every resume and compiling a regex per snippet would dominate
/// the cost of `--redact`.
fn name_hits(text: &str, identity: &Identity, hits: &mut Vec<Hit>) {
    if identity.is_empty() {
        return;
    }
    for name in &identity.unspaced {
        for (at, _) in text.match_indices(name.as_str()) {
            hits.push(hit(at, at + name.len(), Kind::Name));
        }
    }
    let matches = |word: &str| {
        let lower = word.to_lowercase();
        identity.words.contains(&lower)
            || (identity.capitalized.contains(&lower)
                && word.chars().next().is_some_and(char::is_uppercase))
    };
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if !is_word_char(chars[i].1) {
            i += 1;
            continue;
        }
        // A run of letters and digits, with apostrophes inside it ("O'Brien", "Patrick's").
        let start = i;
        let mut end = i + 1;
        while end < chars.len() {
            let c = chars[end].1;
            let inner_apostrophe =
                is_apostrophe(c) && chars.get(end + 1).is_some_and(|n| is_word_char(n.1));
            if is_word_char(c) || inner_apostrophe {
                end += 1;
            } else {
                break;
            }
        }
        let from = chars[start].0;
        let to = chars.get(end).map_or(text.len(), |c| c.0);
        let run = &text[from..to];
        if matches(run) {
            hits.push(hit(from, to, Kind::Name));
        } else if run.contains(is_apostrophe) {
            let mut part_start = from;
            for part in run.split(is_apostrophe) {
                let part_end = part_start + part.len();
                if matches(part) {
                    hits.push(hit(part_start, part_end, Kind::Name));
                }
                // Skip the apostrophe (both kinds are one char; ’ is 3 bytes).
                part_start = part_end + text[part_end..].chars().next().map_or(0, char::len_utf8);
            }
        }
        i = end;
    }
}

/// True for a service's or project's domain, or a code host's ("pypi.org", "docs.github.com").
fn is_service(domain: &str) -> bool {
    let lower = domain.to_ascii_lowercase();
    SERVICE_DOMAINS
        .iter()
        .chain(CODE_HOSTS)
        .any(|s| is_host_or_subdomain(&lower, s))
}

/// True when `host` (lowercase) is `domain` or one of its subdomains.
fn is_host_or_subdomain(host: &str, domain: &str) -> bool {
    host.strip_suffix(domain)
        .is_some_and(|prefix| prefix.is_empty() || prefix.ends_with('.'))
}

/// True when a URL's host is a code-hosting site or one of its subdomains (gist.github.com,
/// git.sr.ht). Matching on the host, not a substring, keeps "github.com.example.net" masked.
fn is_code_host(url: &str) -> bool {
    let rest = url.find("://").map_or(url, |i| &url[i + 3..]);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    CODE_HOSTS
        .iter()
        .any(|domain| is_host_or_subdomain(&host, domain))
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

/// The likely name on the name line: within the first few non-empty lines of the normalized
/// text, the first item that looks like a name. A line is split into items at separators, so
/// "Jane Doe | Backend Engineer", "JANE DOE — Senior Developer" and "Dr. Jane Doe, PhD" give
/// the name alone.
///
/// Only the first few non-empty lines are considered (see `NAME_LINE_WINDOW`), and items with
/// heading or job-title words are skipped rather than taken: a wrong name masks ordinary words
/// in every snippet, a missing one only leaves the name to the reviewer's discretion (names
/// further down are found by [`Redactor::identity`]).
pub fn name_line(text: &str) -> Option<&str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .take(NAME_LINE_WINDOW)
        .find_map(first_name_segment)
}

/// The first item of a line that looks like a name, or the name words that open an item
/// written without a separator ("Jane Doe Backend Engineer").
fn first_name_segment(line: &str) -> Option<&str> {
    line.split([
        '|', '•', '·', '—', '–', ',', ';', '/', '\t', '(', ')', '[', ']',
    ])
    .flat_map(|part| part.split(" - "))
    .map(str::trim)
    .find_map(|segment| {
        if looks_like_name(segment) {
            return Some(segment);
        }
        let cut = segment
            .split_whitespace()
            .find(|w| is_not_name_word(w))
            .and_then(|w| segment.find(w))?;
        let prefix = segment[..cut].trim_end();
        looks_like_name(prefix).then_some(prefix)
    })
}

fn is_not_name_word(word: &str) -> bool {
    let bare = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    NOT_NAME_WORDS.contains(&bare.as_str())
}

/// Every word capitalized (or of a script without case), particles aside: a stricter test for a
/// line that has no heading or closing to say it is a name.
fn all_capitalized(line: &str) -> bool {
    let plain = |w: &str| {
        w.chars()
            .all(|c| is_word_char(c) || c == '-' || is_apostrophe(c))
            || (w.ends_with('.') && w.chars().count() <= 3)
    };
    line.split_whitespace().count() <= 4
        && line.split_whitespace().all(plain)
        && line.split_whitespace().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || is_uncased_letter(c))
                || NAME_PARTICLES.contains(&w)
        })
}

fn looks_like_name(segment: &str) -> bool {
    if segment.chars().count() > MAX_NAME_CHARS {
        return false;
    }
    let words: Vec<&str> = segment.split_whitespace().collect();
    let unspaced = words.len() == 1
        && is_unspaced_script(words[0])
        && (2..=5).contains(&words[0].chars().count());
    if !unspaced && !(2..=5).contains(&words.len()) {
        return false;
    }
    if segment
        .chars()
        .any(|c| c.is_numeric() || c == '@' || c == ':')
    {
        return false;
    }
    let visible = segment.chars().filter(|c| !c.is_whitespace()).count();
    let letters = segment.chars().filter(|c| is_word_char(*c)).count();
    if letters * 5 < visible * 4 {
        return false;
    }
    let capital = |w: &&str| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || is_uncased_letter(c))
    };
    if !words.first().is_some_and(capital) {
        return false;
    }
    // Particles ("van", "de la") are lower case; every other word of a name is capitalized
    // ("DOCX extraction" is not a name).
    if !words
        .iter()
        .all(|w| capital(w) || NAME_PARTICLES.contains(w))
    {
        return false;
    }
    !words.iter().any(|w| is_not_name_word(w))
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

    fn digits(s: &str) -> String {
        s.chars().filter(char::is_ascii_digit).collect()
    }

    /// The corpus the end-to-end test screens too: every phone, e-mail, address and domain
    /// form, in a line of prose, leaves none of its secrets behind.
    #[test]
    fn the_contact_corpus_leaves_nothing_behind() {
        let corpus = include_str!("../tests/fixtures/redaction/contact-forms.tsv");
        let redactor = Redactor::new();
        let mut failures = Vec::new();
        let mut forms = 0;
        for line in corpus
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let fields: Vec<&str> = line.split('\t').collect();
            let (kind, form, secrets) = (fields[0], fields[1], fields[2]);
            if kind.starts_with("name") {
                continue;
            }
            forms += 1;
            for text in [
                form.to_string(),
                format!("Contact: {form} | Denver"),
                format!("Reach me on {form}."),
            ] {
                let got = redactor.redact(&text, None);
                for secret in secrets.split(',') {
                    let leaked = if matches!(kind, "phone" | "address") {
                        digits(&got).contains(secret)
                    } else {
                        got.to_lowercase().contains(&secret.to_lowercase())
                    };
                    if leaked {
                        failures.push(format!("{kind} {text:?} -> {got:?} keeps {secret}"));
                    }
                }
            }
        }
        assert!(forms >= 50, "{forms} forms");
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
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
                ("jane at example dot com", "[email]"),
                ("mail jane.doe @ example.com now", "mail [email] now"),
                ("jane(at)example.de", "[email]"),
                ("mail: jane at example.com", "mail: [email]"),
                ("sofia dot marques at example dot pt", "[email]"),
                ("work at pypi.org", "work at pypi.org"),
                ("jane.doe＠example.com", "[email]"),
                // "at" and "dot" as plain words stay: they are prose.
                (
                    "Looked at the example dot plot with the team",
                    "Looked at the example dot plot with the team",
                ),
                ("Twitter @janedoe", "Twitter @janedoe"),
                (
                    "Engineer @ Booking.com since 2019",
                    "Engineer @ Booking.com since 2019",
                ),
            ],
            None,
        );
    }

    #[test]
    fn masks_phone_numbers_of_many_countries() {
        check(
            &[
                ("Phone: +1 (555) 010-0123", "Phone: [phone]"),
                ("Cell 555-0100", "Cell [phone]"),
                ("555.010.0123", "[phone]"),
                ("555-010-0123 | Denver, CO", "[phone] | Denver, CO"),
                ("Tel. +44 20 7946 0958", "Tel. [phone]"),
                ("+44 (0)20 7946 0958", "[phone]"),
                ("020 7946 0958", "[phone]"),
                ("07700 900123", "[phone]"),
                ("06 12 34 56 78", "[phone]"),
                ("+33 6 12 34 56 78", "[phone]"),
                ("06.12.34.56.78", "[phone]"),
                ("0171/1234567", "[phone]"),
                ("+49 30 1234567", "[phone]"),
                ("030-12345678", "[phone]"),
                ("98765 43210", "[phone]"),
                ("9876543210", "[phone]"),
                ("+91-98765-43210", "[phone]"),
                ("138 0013 8000", "[phone]"),
                ("+86 138-0013-8000", "[phone]"),
                ("(11) 91234-5678", "[phone]"),
                ("+55 11 91234 5678", "[phone]"),
                ("1-800-555-0199", "[phone]"),
                ("+1 (415) 555-0134 ext. 22", "[phone]"),
                ("415.555.0134 x12", "[phone]"),
                ("020\u{2012}7946\u{2012}0958", "[phone]"),
                ("+44\u{a0}20\u{a0}7946\u{a0}0958", "[phone]"),
                ("+15550100123", "[phone]"),
                ("555-0100 or 555-0101", "[phone] or [phone]"),
                ("555-0100 (mobile)", "[phone] (mobile)"),
                ("Call 555-0100.", "Call [phone]."),
                ("Tel 1234567", "Tel [phone]"),
                ("Festnetz 089 / 123 456 78", "Festnetz [phone]"),
                ("+44 20 7946 – 0958", "[phone]"),
                ("+81 3-1234-5678 | +7 (495) 123-45-67", "[phone] | [phone]"),
                ("06 12 34 56 78 / 01 23 45 67 89", "[phone] / [phone]"),
            ],
            None,
        );
    }

    #[test]
    fn numbers_that_are_not_phones_survive() {
        let keep = [
            "Backend Developer, Motor City Logistics | 2023 – present",
            "Help Desk Technician, Prairie Schools | 2016 – 2019",
            "2019 – 2023",
            "2019-2024",
            "2019–2023",
            "Jan 2019 - Mar 2024",
            "01/2020 - 03/2023",
            "01/2019 – 03/2024",
            "12.03.2019 – 15.06.2023",
            "2019-03-01 to 2024-06-30",
            "2015 2016 2017",
            "Python 3.11 2019 – 2023",
            "Python 3.11, Django 1.6, Java 17, JUnit 5",
            "Migrated a monolith from Python 2.7 to 3.11 (1.1 million lines) with no downtime.",
            "Scaled the bid API (Flask behind Gunicorn) to 38,000 requests/second.",
            "Handled 10,000 requests per second at peak",
            "Brought the geocoding endpoint p95 from 1.8 s to 240 ms by batching PostgreSQL lookups.",
            "kept 99.95% uptime for the customer portal",
            "served 1,200,000 users; 10.000.000 events",
            "served 1 200 000 users and 10 000 000 events",
            "grew the fleet from 200-5000 nodes",
            "scaled from 100-1000 users",
            "processed 12000000 rows a day",
            "v2.555-0100 build",
            "IP 192.168.100.1000",
            "Kubernetes 1.28.4, Windows 10.0.19041",
            "reduced deploy time by 70%; 4,000 customers; 12% cost",
            "ISBN 978-3-16-148410-0",
            "budget of $1 200 000",
            "Order 20230115 shipped",
            "Top 100 2021; PyCon 2019; ISO 27001",
            "09.2019 – 08.2021 | 2018/09 - 2020/06 | 2020.01 - 2022.06",
            "127.0.0.1:8000; IPv4 10.0.0.1; TLS 1.3; CVE-2021-44228",
        ];
        let cases: Vec<(&str, &str)> = keep.iter().map(|s| (*s, *s)).collect();
        check(&cases, None);
    }

    #[test]
    fn masks_street_addresses_and_post_boxes() {
        check(
            &[
                ("123 Main Street", "[address]"),
                ("Lives at 42 Example Avenue, Apt 4.", "Lives at [address]."),
                ("221B Baker St., London NW1 6XE", "[address]"),
                (
                    "1600 Example Blvd, Suite 200, Springfield, IL 62704 | 555-0100",
                    "[address] | [phone]",
                ),
                ("12 Rosewood Terrace, Leeds", "[address], Leeds"),
                ("Hauptstraße 12, 10115 Berlin", "[address]"),
                ("Berliner Straße 45a | Berlin", "[address] | Berlin"),
                ("12 rue de la Paix, 75002 Paris", "[address]"),
                ("Calle Mayor 5, 28013 Madrid", "[address]"),
                ("Keizersgracht 123, 1015 CJ Amsterdam", "[address]"),
                ("Flat 4B, MG Road, Bengaluru 560001", "[address]"),
                (
                    "〒100-0001 Tokyo, Chiyoda-ku 1-2-3 | Tokyo",
                    "[address]| Tokyo",
                ),
                ("PO Box 123", "[address]"),
                ("P.O. Box 123, Springfield", "[address], Springfield"),
                ("Postfach 12 34", "[address]"),
                ("BP 123", "[address]"),
                ("Denver, CO | 10115 Berlin", "Denver, CO | [address]"),
                ("Toronto, ON M5V 2T6", "Toronto, ON [address]"),
                ("Sydney NSW 2000", "[address]"),
                ("Am Hauptbahnhof 3, 60329 Frankfurt am Main", "[address]"),
                ("PO Box 12345, Nairobi 00100", "[address]"),
                ("Austin TX 78701 | Python", "[address] | Python"),
                (
                    "01310-100 São Paulo | 00-950 Warszawa",
                    "[address] | [address]",
                ),
                ("Unter den Linden 77, 10117 Berlin", "[address]"),
                ("Rue du Faubourg Saint-Honoré 55, 75008 Paris", "[address]"),
                ("45 avenue des Champs-Élysées", "[address]"),
                (
                    "Address: Gran Vía 28, 3o Izq., 28013 Madrid",
                    "Address: [address]",
                ),
                // The parts before a postcode belong to the address, whatever their form.
                (
                    "B-12, Sector 62, Noida, Uttar Pradesh 201301 | Python",
                    "[address] | Python",
                ),
                (
                    "House No. 42, 2nd Cross, Indiranagar, Bengaluru - 560038",
                    "[address]",
                ),
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
                (
                    "Spring 2019 intern, Xbox 360 tools",
                    "Spring 2019 intern, Xbox 360 tools",
                ),
                ("2019 Berlin | 2021 Paris", "2019 Berlin | 2021 Paris"),
            ],
            None,
        );
    }

    #[test]
    fn masks_urls_and_domains_but_keeps_code_hosting_and_tech_names() {
        check(
            &[
                (
                    "Portfolio: https://janedoe.dev/projects.",
                    "Portfolio: [url].",
                ),
                ("www.janedoe.me", "[url]"),
                ("www.janedoe.dev", "[url]"),
                ("linktr.ee/janedoe", "[url]"),
                ("oscar-lindgren.se | Stockholm", "[url] | Stockholm"),
                ("site: JaneDoe.dev", "site: [url]"),
                ("(see http://example.com/talk?id=7)", "(see [url])"),
                ("LinkedIn: linkedin.com/in/priya-raman", "LinkedIn: [url]"),
                (
                    "555-0101 | Denver, CO | github.com/praman-example",
                    "[phone] | Denver, CO | github.com/praman-example",
                ),
                (
                    "https://github.com/jdoe/parser.",
                    "https://github.com/jdoe/parser.",
                ),
                ("gitlab.com/jdoe", "gitlab.com/jdoe"),
                ("codeberg.org/jdoe/tool", "codeberg.org/jdoe/tool"),
                (
                    "https://gist.github.com/jdoe/1",
                    "https://gist.github.com/jdoe/1",
                ),
                ("https://github.com.example.net/x", "[url]"),
                (
                    "React and Node.js/Express, ASP.NET/Core, py.test/tox",
                    "React and Node.js/Express, ASP.NET/Core, py.test/tox",
                ),
                (
                    "Node.js, ASP.NET, Vue.js, socket.io, setup.py, deploy.sh, main.rs",
                    "Node.js, ASP.NET, Vue.js, socket.io, setup.py, deploy.sh, main.rs",
                ),
                ("Engineer at Booking.com", "Engineer at Booking.com"),
                (
                    "published on crates.io and pypi.org",
                    "published on crates.io and pypi.org",
                ),
            ],
            None,
        );
    }

    #[test]
    fn masks_the_name_words_in_any_case() {
        check(
            &[
                ("Priya Raman-Okafor", "[name]"),
                (
                    "Priya's team adopted FastAPI",
                    "[name]'s team adopted FastAPI",
                ),
                ("Raman-Okafor led the rewrite", "[name] led the rewrite"),
                ("PRIYA RAMAN-OKAFOR, Denver", "[name], Denver"),
                (
                    "priya wrote it; see PriyaRaman",
                    "[name] wrote it; see [name]",
                ),
                ("priya.raman@example.com", "[email]"),
                ("Ramanujan graph", "Ramanujan graph"),
            ],
            Some("Priya Raman-Okafor"),
        );
        check(
            &[
                ("Dr. Amara O'Brien Lindgren", "Dr. [name]"),
                (
                    "Dr. Lindgren trained four analysts",
                    "Dr. [name] trained four analysts",
                ),
                ("Nancy O'Brien and amara", "Nancy [name] and [name]"),
            ],
            Some("Dr. Amara O'Brien Lindgren"),
        );
        check(
            &[("Zoë Castellanos-Ibáñez, Málaga", "[name], Málaga")],
            Some("Zoë Castellanos-Ibáñez"),
        );
        check(
            &[("An Nguyen wrote an API", "[name] wrote an API")],
            Some("An Nguyen"),
        );
        check(
            &[("王小明负责后端; 王小明", "[name]负责后端; [name]")],
            Some("王小明"),
        );
        check(
            &[("राहुल शर्मा led Django work", "[name] led Django work")],
            Some("राहुल शर्मा"),
        );
        // Without a name nothing but contact data is touched.
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
            ("PATRICK OSEI\nIT analyst", Some("PATRICK OSEI")),
            (
                "Senior Backend Engineer\nPriya Raman-Okafor\nDenver",
                Some("Priya Raman-Okafor"),
            ),
            ("Jane Doe | Backend Engineer", Some("Jane Doe")),
            ("JANE DOE — Senior Developer", Some("JANE DOE")),
            ("Dr. Jane Doe, PhD", Some("Dr. Jane Doe")),
            ("Jane Doe (she/her)", Some("Jane Doe")),
            ("Jane Doe Backend Engineer", Some("Jane Doe")),
            ("Иван Петров\nPython", Some("Иван Петров")),
            ("王小明\n后端工程师", Some("王小明")),
            ("محمد العلي", Some("محمد العلي")),
            ("राहुल शर्मा", Some("राहुल शर्मा")),
            // No name at the top: better none than a wrong one.
            (
                "SUMMARY\nBackend developer with six years of web development.",
                None,
            ),
            ("jane@example.com | 555-0100\nSKILLS\nPython, Django", None),
            ("Python 3.11, Django, PostgreSQL", None),
            ("Django REST Framework", None),
            ("Madonna\nSinger", None),
            ("", None),
            ("RESUME\nSUMMARY\nSKILLS\nPython Django\nJane Doe", None),
        ];
        for (text, expected) in cases {
            assert_eq!(name_line(text), *expected, "text: {text:?}");
        }
    }

    #[test]
    fn identity_finds_names_beyond_the_top_lines() {
        let redactor = Redactor::new();
        let cases: &[(&str, &str)] = &[
            (
                "CURRICULUM VITAE\njane.doe@example.com\nSKILLS\nPython\nJane Doe built it",
                "Jane Doe built it",
            ),
            (
                "RESUME\nSKILLS\nPython\nName: Ngozi Adeyemi\nAdeyemi built it",
                "Adeyemi built it",
            ),
            (
                "ABOUT\nHello, my name is Ngozi Adeyemi.\nAdeyemi built it",
                "Adeyemi built it",
            ),
            (
                "RESUME\nSKILLS\nPython\nKind regards,\nTobias Wendt\nWendt built it",
                "Wendt built it",
            ),
            (
                "RESUME\nSKILLS\nPython\nBest regards, Tobias Wendt\ntobias built it",
                "tobias built it",
            ),
            (
                "RESUME\nSKILLS\nPython\nSincerely yours,\nTobias Wendt\nWENDT built it",
                "WENDT built it",
            ),
            (
                "RESUME\nSKILLS\nPython\nWendt built it\nTobias Wendt",
                "Wendt built it",
            ),
        ];
        for (document, line) in cases {
            let identity = redactor.identity(document);
            assert_eq!(
                redactor.redact_with(line, &identity),
                "[name] built it",
                "{document:?}"
            );
        }
        // Mailbox and technology words of a local part are not names.
        let identity =
            redactor.identity("info@example.com\npython.dev@example.com\nhr.team@example.com");
        assert!(identity.is_empty(), "{identity:?}");
    }

    #[test]
    fn snippets_are_cut_after_masking() {
        let redactor = Redactor::new();
        let line = format!(
            "Built Django services {} samuel.whitfield.ortega@bigcorp-mail.example.com",
            "x".repeat(40)
        );
        let start = line.find("Django").unwrap();
        let (text, snippet) =
            redactor.redact_snippet(&line, start..start + 6, 60, &Identity::default());
        assert_eq!(text, "Django");
        assert!(snippet.ends_with("[email]"), "{snippet}");
        assert!(!snippet.contains("samuel"), "{snippet}");
        // A cut never splits a token.
        let line = format!("{} +44 20 7946 0958 Django", "y".repeat(80));
        let start = line.find("Django").unwrap();
        let (_, snippet) =
            redactor.redact_snippet(&line, start..start + 6, 4, &Identity::default());
        assert_eq!(snippet, "...[phone] Django");
        // A match inside a masked detail shows the token.
        let line = "mail python.fan@example.com";
        let start = line.find("python").unwrap();
        let (text, _) = redactor.redact_snippet(line, start..start + 6, 60, &Identity::default());
        assert_eq!(text, "[email]");
    }

    #[test]
    fn masked_offsets_map_into_the_result() {
        let redactor = Redactor::new();
        let masked = redactor.mask("a jane@example.com b", &Identity::default());
        assert_eq!(masked.text(), "a [email] b");
        assert_eq!(masked.map_start(0), 0);
        assert_eq!(masked.map_start(4), 2);
        assert_eq!(masked.map_end(4), 9);
        assert_eq!(masked.map_start(19), 10);
    }

    #[test]
    fn error_messages_hide_the_path_and_its_words() {
        let redactor = Redactor::new();
        let message = "cannot read folder entry: File system loop found: inbox/Jane_Doe/link \
                       points to an ancestor inbox/Jane_Doe";
        let got = redactor.redact_message(message, "inbox/Jane_Doe/link");
        assert!(!got.contains("Jane") && !got.contains("Doe"), "{got}");
        assert!(
            got.starts_with("cannot read folder entry: File system loop found:"),
            "{got}"
        );
        let got = redactor.redact_message("Jane Doe's file is locked", "in/Jane Doe CV.pdf");
        assert!(!got.contains("Jane") && !got.contains("Doe"), "{got}");
        assert_eq!(
            redactor.redact_message("file is 80 bytes, over the 64 byte limit", "a/Jane.pdf"),
            "file is 80 bytes, over the 64 byte limit"
        );
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
    /// neither does the name.
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
            let identity = redactor.identity(doc.text());
            files += 1;
            for line in doc.text().lines() {
                let redacted = redactor.redact_with(line, &identity);
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
                        "{}: name survived in {redacted:?}",
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
