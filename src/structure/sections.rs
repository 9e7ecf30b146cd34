//! Section headings: "Experience", "WORK HISTORY", "Berufserfahrung:", "Expérience
//! professionnelle", "E D U C A T I O N", a heading split over two lines by PDF extraction
//! ("PROFESSIONAL" / "EXPERIENCE") or glued to the next line ("EXPERIENCESenior Engineer").

use serde::Serialize;

/// What a part of a resume is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    /// Work history: positions with dates.
    Experience,
    /// Projects, personal or professional.
    Projects,
    /// Skills lists.
    Skills,
    /// Degrees and schools.
    Education,
    /// Certifications, courses, trainings.
    Certifications,
    /// Profile, summary, objective, and the contact block before the first heading.
    Summary,
    /// Publications, languages, interests, volunteering, references, awards.
    Other,
}

impl SectionKind {
    /// The report's name for the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Experience => "experience",
            SectionKind::Projects => "projects",
            SectionKind::Skills => "skills",
            SectionKind::Education => "education",
            SectionKind::Certifications => "certifications",
            SectionKind::Summary => "summary",
            SectionKind::Other => "other",
        }
    }

    /// Parses a report name.
    pub fn parse(name: &str) -> Option<SectionKind> {
        ALL_KINDS.iter().copied().find(|k| k.as_str() == name)
    }
}

/// Every kind, in report order.
pub const ALL_KINDS: [SectionKind; 7] = [
    SectionKind::Experience,
    SectionKind::Projects,
    SectionKind::Skills,
    SectionKind::Education,
    SectionKind::Certifications,
    SectionKind::Summary,
    SectionKind::Other,
];

/// Headings by kind, lowercase, accents kept (the text is NFKC and compared lowercased).
/// A heading is one of these alone on its line, possibly with a colon, numbering or
/// decoration around it.
const HEADINGS: &[(&str, SectionKind)] = &[
    // experience
    ("experience", SectionKind::Experience),
    ("work experience", SectionKind::Experience),
    ("company details", SectionKind::Experience),
    ("employment details", SectionKind::Experience),
    ("experience details", SectionKind::Experience),
    ("professional experience", SectionKind::Experience),
    ("relevant experience", SectionKind::Experience),
    ("industry experience", SectionKind::Experience),
    ("technical experience", SectionKind::Experience),
    ("work history", SectionKind::Experience),
    ("employment", SectionKind::Experience),
    ("employment history", SectionKind::Experience),
    ("career history", SectionKind::Experience),
    ("career", SectionKind::Experience),
    ("professional background", SectionKind::Experience),
    ("professional history", SectionKind::Experience),
    ("experience summary", SectionKind::Experience),
    ("internships", SectionKind::Experience),
    ("internship", SectionKind::Experience),
    ("internship experience", SectionKind::Experience),
    ("work experience and internships", SectionKind::Experience),
    ("berufserfahrung", SectionKind::Experience),
    ("berufliche erfahrung", SectionKind::Experience),
    ("beruflicher werdegang", SectionKind::Experience),
    ("werdegang", SectionKind::Experience),
    ("berufspraxis", SectionKind::Experience),
    ("praxiserfahrung", SectionKind::Experience),
    ("expérience", SectionKind::Experience),
    ("expériences", SectionKind::Experience),
    ("expérience professionnelle", SectionKind::Experience),
    ("expériences professionnelles", SectionKind::Experience),
    ("parcours professionnel", SectionKind::Experience),
    ("esperienza", SectionKind::Experience),
    ("esperienze", SectionKind::Experience),
    ("esperienza professionale", SectionKind::Experience),
    ("esperienze professionali", SectionKind::Experience),
    ("esperienza lavorativa", SectionKind::Experience),
    ("esperienze lavorative", SectionKind::Experience),
    ("experiencia", SectionKind::Experience),
    ("experiencia profesional", SectionKind::Experience),
    ("experiencia laboral", SectionKind::Experience),
    ("experiência", SectionKind::Experience),
    ("experiência profissional", SectionKind::Experience),
    ("werkervaring", SectionKind::Experience),
    ("ervaring", SectionKind::Experience),
    ("werkervaring en stages", SectionKind::Experience),
    // projects
    ("projects", SectionKind::Projects),
    ("project", SectionKind::Projects),
    ("personal projects", SectionKind::Projects),
    ("selected projects", SectionKind::Projects),
    ("academic projects", SectionKind::Projects),
    ("side projects", SectionKind::Projects),
    ("key projects", SectionKind::Projects),
    ("project experience", SectionKind::Projects),
    ("open source", SectionKind::Projects),
    ("open source contributions", SectionKind::Projects),
    ("projekte", SectionKind::Projects),
    ("projekterfahrung", SectionKind::Projects),
    ("projets", SectionKind::Projects),
    ("projets personnels", SectionKind::Projects),
    ("progetti", SectionKind::Projects),
    ("proyectos", SectionKind::Projects),
    ("projetos", SectionKind::Projects),
    ("projecten", SectionKind::Projects),
    // Practice work a student or a career changer lists, often under an experience heading:
    // projects, not positions.
    ("hands-on practice", SectionKind::Projects),
    ("hands-on projects", SectionKind::Projects),
    ("practice projects", SectionKind::Projects),
    ("course projects", SectionKind::Projects),
    ("capstone projects", SectionKind::Projects),
    ("university projects", SectionKind::Projects),
    ("school projects", SectionKind::Projects),
    ("pet projects", SectionKind::Projects),
    ("portfolio projects", SectionKind::Projects),
    // skills
    ("skills", SectionKind::Skills),
    ("technical skills", SectionKind::Skills),
    ("skill details", SectionKind::Skills),
    ("key skills", SectionKind::Skills),
    ("core skills", SectionKind::Skills),
    ("skill set", SectionKind::Skills),
    ("skillset", SectionKind::Skills),
    ("skills summary", SectionKind::Skills),
    ("skills and tools", SectionKind::Skills),
    ("skills & tools", SectionKind::Skills),
    ("core competencies", SectionKind::Skills),
    ("competencies", SectionKind::Skills),
    ("technologies", SectionKind::Skills),
    ("tech stack", SectionKind::Skills),
    ("technical expertise", SectionKind::Skills),
    ("areas of expertise", SectionKind::Skills),
    ("expertise", SectionKind::Skills),
    ("tools", SectionKind::Skills),
    ("tools and technologies", SectionKind::Skills),
    ("keywords", SectionKind::Skills),
    ("kenntnisse", SectionKind::Skills),
    ("it-kenntnisse", SectionKind::Skills),
    ("edv-kenntnisse", SectionKind::Skills),
    ("fachkenntnisse", SectionKind::Skills),
    ("technische kenntnisse", SectionKind::Skills),
    ("fähigkeiten", SectionKind::Skills),
    ("kompetenzen", SectionKind::Skills),
    ("compétences", SectionKind::Skills),
    ("compétences techniques", SectionKind::Skills),
    ("competenze", SectionKind::Skills),
    ("competenze tecniche", SectionKind::Skills),
    ("habilidades", SectionKind::Skills),
    ("competencias", SectionKind::Skills),
    ("conocimientos", SectionKind::Skills),
    ("aptitudes", SectionKind::Skills),
    ("competências", SectionKind::Skills),
    ("vaardigheden", SectionKind::Skills),
    // education
    ("education", SectionKind::Education),
    ("education details", SectionKind::Education),
    ("educational details", SectionKind::Education),
    ("academic background", SectionKind::Education),
    ("academic qualifications", SectionKind::Education),
    ("qualifications", SectionKind::Education),
    ("education and training", SectionKind::Education),
    ("education & training", SectionKind::Education),
    ("academics", SectionKind::Education),
    ("ausbildung", SectionKind::Education),
    ("studium", SectionKind::Education),
    ("bildung", SectionKind::Education),
    ("bildungsweg", SectionKind::Education),
    ("schulbildung", SectionKind::Education),
    ("akademischer werdegang", SectionKind::Education),
    ("formation", SectionKind::Education),
    ("études", SectionKind::Education),
    ("formation académique", SectionKind::Education),
    ("istruzione", SectionKind::Education),
    ("istruzione e formazione", SectionKind::Education),
    ("formazione", SectionKind::Education),
    ("formación", SectionKind::Education),
    ("formación académica", SectionKind::Education),
    ("educación", SectionKind::Education),
    ("estudios", SectionKind::Education),
    ("formação", SectionKind::Education),
    ("formação acadêmica", SectionKind::Education),
    ("educação", SectionKind::Education),
    ("opleiding", SectionKind::Education),
    ("opleidingen", SectionKind::Education),
    // certifications, courses, training
    ("certifications", SectionKind::Certifications),
    ("certification", SectionKind::Certifications),
    ("certificates", SectionKind::Certifications),
    ("licenses and certifications", SectionKind::Certifications),
    ("licenses & certifications", SectionKind::Certifications),
    ("certifications and courses", SectionKind::Certifications),
    ("certifications & courses", SectionKind::Certifications),
    ("courses and certifications", SectionKind::Certifications),
    ("courses & certifications", SectionKind::Certifications),
    ("courses and certificates", SectionKind::Certifications),
    ("courses & certificates", SectionKind::Certifications),
    ("certificates and courses", SectionKind::Certifications),
    ("courses and training", SectionKind::Certifications),
    ("training and certifications", SectionKind::Certifications),
    ("training & certifications", SectionKind::Certifications),
    ("courses", SectionKind::Certifications),
    ("online courses", SectionKind::Certifications),
    ("relevant coursework", SectionKind::Certifications),
    ("coursework", SectionKind::Certifications),
    ("training", SectionKind::Certifications),
    ("trainings", SectionKind::Certifications),
    ("professional development", SectionKind::Certifications),
    ("zertifikate", SectionKind::Certifications),
    ("zertifizierungen", SectionKind::Certifications),
    ("weiterbildung", SectionKind::Certifications),
    ("weiterbildungen", SectionKind::Certifications),
    ("fortbildungen", SectionKind::Certifications),
    ("kurse", SectionKind::Certifications),
    ("certificats", SectionKind::Certifications),
    ("certifications et formations", SectionKind::Certifications),
    ("formations", SectionKind::Certifications),
    ("certificazioni", SectionKind::Certifications),
    ("corsi", SectionKind::Certifications),
    ("certificaciones", SectionKind::Certifications),
    ("cursos", SectionKind::Certifications),
    ("certificações", SectionKind::Certifications),
    ("cursussen", SectionKind::Certifications),
    ("certificaten", SectionKind::Certifications),
    // summary
    ("summary", SectionKind::Summary),
    ("professional summary", SectionKind::Summary),
    ("career summary", SectionKind::Summary),
    ("profile", SectionKind::Summary),
    ("professional profile", SectionKind::Summary),
    ("personal profile", SectionKind::Summary),
    ("about", SectionKind::Summary),
    ("about me", SectionKind::Summary),
    ("objective", SectionKind::Summary),
    ("career objective", SectionKind::Summary),
    ("personal statement", SectionKind::Summary),
    ("overview", SectionKind::Summary),
    ("profil", SectionKind::Summary),
    ("kurzprofil", SectionKind::Summary),
    ("zusammenfassung", SectionKind::Summary),
    ("über mich", SectionKind::Summary),
    ("profil professionnel", SectionKind::Summary),
    ("à propos", SectionKind::Summary),
    ("profilo", SectionKind::Summary),
    ("profilo professionale", SectionKind::Summary),
    ("sommario", SectionKind::Summary),
    ("perfil", SectionKind::Summary),
    ("perfil profesional", SectionKind::Summary),
    ("resumen", SectionKind::Summary),
    ("sobre mí", SectionKind::Summary),
    ("acerca de mí", SectionKind::Summary),
    ("samenvatting", SectionKind::Summary),
    ("profiel", SectionKind::Summary),
    // other
    ("publications", SectionKind::Other),
    ("publikationen", SectionKind::Other),
    ("veröffentlichungen", SectionKind::Other),
    ("pubblicazioni", SectionKind::Other),
    ("publicaciones", SectionKind::Other),
    ("publicações", SectionKind::Other),
    ("volunteering", SectionKind::Other),
    ("volunteer experience", SectionKind::Other),
    ("volunteer work", SectionKind::Other),
    ("ehrenamt", SectionKind::Other),
    ("ehrenamtliches engagement", SectionKind::Other),
    ("bénévolat", SectionKind::Other),
    ("volontariato", SectionKind::Other),
    ("voluntariado", SectionKind::Other),
    ("vrijwilligerswerk", SectionKind::Other),
    ("languages", SectionKind::Other),
    ("language skills", SectionKind::Other),
    ("sprachen", SectionKind::Other),
    ("sprachkenntnisse", SectionKind::Other),
    ("langues", SectionKind::Other),
    ("lingue", SectionKind::Other),
    ("idiomas", SectionKind::Other),
    ("talen", SectionKind::Other),
    ("interests", SectionKind::Other),
    ("hobbies", SectionKind::Other),
    ("hobbies and interests", SectionKind::Other),
    ("interessen", SectionKind::Other),
    ("hobbys", SectionKind::Other),
    ("centres d'intérêt", SectionKind::Other),
    ("loisirs", SectionKind::Other),
    ("interessi", SectionKind::Other),
    ("intereses", SectionKind::Other),
    ("interesses", SectionKind::Other),
    ("awards", SectionKind::Other),
    ("honors", SectionKind::Other),
    ("honours", SectionKind::Other),
    ("awards and honors", SectionKind::Other),
    ("achievements", SectionKind::Other),
    ("activities", SectionKind::Other),
    ("extracurricular activities", SectionKind::Other),
    ("references", SectionKind::Other),
    ("referenzen", SectionKind::Other),
    ("contact", SectionKind::Other),
    ("personal information", SectionKind::Other),
    ("personal details", SectionKind::Other),
    ("persönliche daten", SectionKind::Other),
    ("informations personnelles", SectionKind::Other),
    ("dati personali", SectionKind::Other),
    ("datos personales", SectionKind::Other),
];

/// The kind of a heading text, if it is one.
fn heading_kind(text: &str) -> Option<SectionKind> {
    let mut key = KeyBuffer::new();
    heading_key(text, &mut key)?;
    HEADING_INDEX.kinds.get(key.as_str()).copied()
}

/// The kind of the heading spelled by `text` in any case, with nothing removed.
fn heading_kind_exact(text: &str) -> Option<SectionKind> {
    let mut key = KeyBuffer::new();
    for c in text.chars() {
        key.push_lowercase(c)?;
    }
    HEADING_INDEX.kinds.get(key.as_str()).copied()
}

/// A heading key built on the stack: every line of every resume is looked up, and almost none
/// is a heading, so the lookup must not allocate.
struct KeyBuffer {
    bytes: [u8; MAX_KEY_BYTES],
    len: usize,
}

impl KeyBuffer {
    fn new() -> KeyBuffer {
        KeyBuffer {
            bytes: [0; MAX_KEY_BYTES],
            len: 0,
        }
    }

    /// Appends `c` lowercased; `None` once the key is longer than any heading.
    fn push_lowercase(&mut self, c: char) -> Option<()> {
        if c.is_ascii() {
            self.push(c.to_ascii_lowercase())
        } else {
            c.to_lowercase().try_for_each(|lower| self.push(lower))
        }
    }

    /// Appends `c`; `None` once the key is longer than any heading or its first
    /// [`PREFIX_BYTES`] bytes begin none.
    fn push(&mut self, c: char) -> Option<()> {
        let width = c.len_utf8();
        if self.len + width > MAX_KEY_BYTES {
            return None;
        }
        c.encode_utf8(&mut self.bytes[self.len..self.len + width]);
        let before = self.len;
        self.len += width;
        if before < PREFIX_BYTES && self.len >= PREFIX_BYTES {
            // Almost no line is a heading: most give up here, after a few bytes, instead of
            // being read to the end and hashed.
            let prefix = prefix_of(&self.bytes);
            if !HEADING_INDEX.prefixes.contains(prefix) {
                return None;
            }
        }
        Some(())
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).expect("whole characters were written")
    }
}

/// The longest key of [`HEADINGS`], in bytes: a line whose key grows past it is no heading.
const MAX_KEY_BYTES: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < HEADINGS.len() {
        if HEADINGS[i].0.len() > longest {
            longest = HEADINGS[i].0.len();
        }
        i += 1;
    }
    longest
};

/// The longest heading of [`HEADINGS`], in bytes (lowercase and uppercase spellings of these
/// letters have the same length).
const MAX_HEADING_BYTES: usize = 48;

/// Builds the heading index (see [`super::warm_up`]).
pub(super) fn warm_up() {
    std::sync::LazyLock::force(&HEADING_INDEX);
}

/// How many leading key bytes a heading prefix holds: every heading key is longer.
const PREFIX_BYTES: usize = 4;

const _: () = {
    let mut i = 0;
    while i < HEADINGS.len() {
        assert!(
            HEADINGS[i].0.len() > PREFIX_BYTES,
            "a heading key shorter than its prefix"
        );
        i += 1;
    }
};

/// The first [`PREFIX_BYTES`] bytes of a key as one number.
fn prefix_of(bytes: &[u8]) -> u32 {
    u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

/// [`HEADINGS`] by text, and the prefixes they begin with: every line of every resume is looked
/// up.
struct HeadingIndex {
    kinds: std::collections::HashMap<&'static str, SectionKind, std::hash::BuildHasherDefault<Fnv>>,
    prefixes: PrefixSet,
}

/// A set of key prefixes as an open-addressing table: asked once or more for every line of
/// every resume, where a binary search's unpredictable branches cost more than the rest of the
/// lookup. Prefixes are never 0 (keys hold no NUL), so 0 marks a free slot.
struct PrefixSet {
    slots: Vec<u32>,
}

impl PrefixSet {
    fn new(prefixes: impl IntoIterator<Item = u32>) -> PrefixSet {
        let prefixes: Vec<u32> = prefixes.into_iter().collect();
        // At most a quarter full, so a probe sequence stays short.
        let len = (prefixes.len() * 4).next_power_of_two().max(16);
        let mut set = PrefixSet {
            slots: vec![0; len],
        };
        for prefix in prefixes {
            let mut slot = set.slot_of(prefix);
            while set.slots[slot] != 0 && set.slots[slot] != prefix {
                slot = (slot + 1) & (len - 1);
            }
            set.slots[slot] = prefix;
        }
        set
    }

    fn slot_of(&self, prefix: u32) -> usize {
        (prefix.wrapping_mul(0x9E37_79B1) as usize >> 8) & (self.slots.len() - 1)
    }

    fn contains(&self, prefix: u32) -> bool {
        let mut slot = self.slot_of(prefix);
        loop {
            match self.slots[slot] {
                0 => return false,
                found if found == prefix => return true,
                _ => slot = (slot + 1) & (self.slots.len() - 1),
            }
        }
    }
}

static HEADING_INDEX: std::sync::LazyLock<HeadingIndex> =
    std::sync::LazyLock::new(|| HeadingIndex {
        kinds: HEADINGS.iter().copied().collect(),
        prefixes: PrefixSet::new(HEADINGS.iter().map(|(key, _)| prefix_of(key.as_bytes()))),
    });

/// FNV-1a: keys are a few bytes long and come from the packs' own table, so a keyed hash buys
/// nothing and costs more than the rest of the lookup.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

/// The ASCII decoration around a heading ("== Skills ==", "## Experience", "-- Education --"),
/// which its key drops: [`heading_key`] and the quick no of [`begins_no_heading`] read the same.
const ASCII_DECORATION: &[u8] = b":|-_=#*>";

/// A line reduced to what a heading would say: lowercase, decoration, numbering and a
/// trailing colon removed, letter-spacing ("E X P E R I E N C E") closed up, "&" and "and"
/// kept, written into `key`. `None` for lines too long to be a heading.
fn heading_key(line: &str, key: &mut KeyBuffer) -> Option<()> {
    let trimmed = line.trim_matches(|c: char| {
        c.is_whitespace()
            || (c.is_ascii() && ASCII_DECORATION.contains(&(c as u8)))
            || matches!(c, '•' | '·' | '–' | '—' | '■' | '▪' | '●')
    });
    let trimmed = trimmed.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')');
    let trimmed = trimmed.trim();
    if trimmed.is_empty() || trimmed.len() > MAX_HEADING_BYTES {
        return None;
    }
    // "E X P E R I E N C E" or "W O R K  H I S T O R Y": single letters spaced out.
    // Stops at the first word of two letters, which is on most lines the first.
    let mut words = 0usize;
    let all_single = trimmed.split_whitespace().all(|word| {
        words += 1;
        word.chars().nth(1).is_none()
    });
    let spaced = words >= 4 && all_single;
    for word in trimmed.split_whitespace() {
        if !key.is_empty() && !spaced {
            key.push(' ')?;
        }
        for c in word.chars() {
            key.push_lowercase(c)?;
        }
    }
    Some(())
}

/// A heading found on a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading {
    /// Kind of the section it opens.
    pub kind: SectionKind,
    /// Byte offset where the section's body starts: the next line, or just past the heading
    /// when it was glued to the start of its line.
    pub body_start: usize,
    /// Byte offset of the heading's first character.
    pub start: usize,
}

/// The heading on line `line` (its text) starting at `line_start`, with `next` the following
/// line if any: a whole-line heading, a heading split over this line and the next, or a heading
/// glued to the text after it ("EXPERIENCESenior Engineer", "SKILLS:Python, SQL").
/// Returns the heading and how many lines it took.
pub fn heading_at(line: &str, line_start: usize, next: Option<&str>) -> Option<(Heading, usize)> {
    if begins_no_heading(line) {
        return None;
    }
    read_heading(line, line_start, next)
}

/// A quick no for most lines, from their first bytes: the first [`PREFIX_BYTES`] bytes of the
/// key that every way of reading a heading would build (a whole line, a line joined to the next,
/// a heading glued to its text) begin no heading. `false` means only "maybe": the full reading
/// decides. It runs for every line of every resume, where the full reading decodes, trims and
/// lowercases characters; anything outside plain ASCII, and letter-spaced or short lines, are
/// left to the full reading.
fn begins_no_heading(line: &str) -> bool {
    let bytes = line.as_bytes();
    let mut i = 0;
    // The decoration and numbering the key drops from the start, in the order it drops them.
    while i < bytes.len() && (bytes[i] == b' ' || ASCII_DECORATION.contains(&bytes[i])) {
        i += 1;
    }
    while i < bytes.len() && matches!(bytes[i], b'0'..=b'9' | b'.' | b')') {
        i += 1;
    }
    while i < bytes.len() && bytes[i] == b' ' {
        i += 1;
    }
    let rest = &bytes[i..];
    // A key of PREFIX_BYTES or fewer is no heading's, but its reading may differ from the
    // bytes (an end trimmed, a next line joined): left to the full reading. So are letter-spaced
    // headings ("E X P E R I E N C E"), whose key closes up the spaces.
    if rest.len() <= PREFIX_BYTES || rest[1] == b' ' {
        return false;
    }
    let mut prefix = [0u8; PREFIX_BYTES];
    for (k, &b) in rest[..PREFIX_BYTES].iter().enumerate() {
        // Other whitespace, control bytes, a run of spaces and non-ASCII characters are read by
        // rules the bytes alone do not follow.
        let plain = b.is_ascii_graphic() || (b == b' ' && k > 0 && rest[k - 1] != b' ');
        if !plain {
            return false;
        }
        prefix[k] = b.to_ascii_lowercase();
    }
    !HEADING_INDEX.prefixes.contains(prefix_of(&prefix))
}

/// [`heading_at`] without its quick no.
fn read_heading(line: &str, line_start: usize, next: Option<&str>) -> Option<(Heading, usize)> {
    if let Some(kind) = heading_kind(line) {
        return Some((
            Heading {
                kind,
                body_start: line_start + line.len() + 1,
                start: line_start,
            },
            1,
        ));
    }
    if let Some(next) = next {
        // "PROFESSIONAL" / "EXPERIENCE": two short lines that are one heading. Both must be
        // short, so a sentence ending with "work" above a line "History" does not qualify.
        if line.len() <= 24 && next.len() <= 24 && !line.ends_with(['.', ',']) {
            let (first, second) = (line.trim(), next.trim());
            let mut joined = [0u8; 64];
            joined[..first.len()].copy_from_slice(first.as_bytes());
            joined[first.len()] = b' ';
            joined[first.len() + 1..first.len() + 1 + second.len()]
                .copy_from_slice(second.as_bytes());
            let joined = std::str::from_utf8(&joined[..first.len() + 1 + second.len()])
                .expect("two whole strings and a space");
            if let Some(kind) = heading_kind(joined) {
                return Some((
                    Heading {
                        kind,
                        body_start: line_start + line.len() + 1 + next.len() + 1,
                        start: line_start,
                    },
                    2,
                ));
            }
        }
    }
    glued_heading(line, line_start)
}

/// A capitalised heading glued to the text after it: the longest heading that the line's
/// start spells in capitals, followed by a colon or by a capitalised word with no space.
fn glued_heading(line: &str, line_start: usize) -> Option<(Heading, usize)> {
    if !line.chars().next()?.is_uppercase() {
        return None;
    }
    // "Skills: Python, SQL": a heading in any case before a colon.
    let colon = memchr::memchr(b':', &line.as_bytes()[..line.len().min(49)])
        .and_then(|at| Some((at, heading_kind_exact(&line[..at])?)));
    // "EXPERIENCESenior Engineer": the longest heading the capitals at the line's start spell,
    // followed by a capital or a digit. Only the capitals are tried, not every heading.
    // No heading is longer than MAX_HEADING_BYTES, so a long capitalised line costs no more.
    let capitals = line
        .char_indices()
        .take_while(|&(at, _)| at <= MAX_HEADING_BYTES)
        .find(|&(_, c)| !(c.is_uppercase() || c == ' ' || c == '&'))
        .map_or(line.len(), |(at, _)| at)
        .min(MAX_HEADING_BYTES);
    let glued = (5..=capitals)
        .rev()
        .filter(|&length| length < line.len() && line.is_char_boundary(length))
        .find_map(|length| {
            let mut after = line[length..].chars();
            let next = after.next()?;
            // "EXPERIENCE Software Engineer ...": a heading in capitals, a space, then a word
            // in title case (a line in capitals throughout is a title, not a heading).
            let title_case_after_space = next == ' ' && {
                let mut word = after.skip_while(|&c| c == ' ');
                word.next().is_some_and(char::is_uppercase)
                    && word.next().is_some_and(char::is_lowercase)
            };
            if !(next.is_uppercase()
                || next.is_ascii_digit()
                || next == ':'
                || title_case_after_space)
            {
                return None;
            }
            let kind = heading_kind_exact(&line[..length])?;
            Some((length, kind))
        });
    let (length, kind) = match (colon, glued) {
        (Some(c), Some(g)) => {
            if g.0 > c.0 {
                g
            } else {
                c
            }
        }
        (c, g) => c.or(g)?,
    };
    let after = &line[length..];
    let skip = after.len() - after.trim_start_matches([':', ' ']).len();
    Some((
        Heading {
            kind,
            body_start: line_start + length + skip,
            start: line_start,
        },
        1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(line: &str) -> Option<SectionKind> {
        heading_at(line, 0, None).map(|(h, _)| h.kind)
    }

    /// The quick no never turns down a line the full reading takes for a heading: every line
    /// of every fixture, each with the line after it, and lines made to sit on its edges.
    #[test]
    fn the_quick_no_agrees_with_the_full_reading() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/resumes");
        let mut lines: Vec<String> = Vec::new();
        for entry in std::fs::read_dir(dir).expect("fixtures") {
            let path = entry.expect("entry").path();
            if let Ok(text) = std::fs::read_to_string(&path) {
                lines.extend(text.lines().map(str::to_string));
            }
        }
        let edges = [
            "Work",
            "Work:",
            "WORK:Python",
            "EXPERIENCESenior Engineer",
            "Skills:Python",
            "1. Experience",
            "1.-Experience",
            "--- Education ---",
            "  Projects",
            "S K I L L S",
            "Work  History",
            "Work\tHistory",
            "Expérience professionnelle",
            "IT Skills",
            "Professional",
            "Skills & Tools",
            "Wor:: x",
            "# Summary",
            "> Profile",
            "Ausbildung",
            "Acme Corp | 2019 - 2023",
            "E D U",
            "Certifications:",
            "PROFESSIONAL EXPERIENCE",
        ];
        lines.extend(edges.iter().map(|e| e.to_string()));
        assert!(lines.len() > 1000, "{} lines", lines.len());
        let mut rejected = 0;
        for (i, line) in lines.iter().enumerate() {
            let next = lines.get(i + 1).map(String::as_str);
            if begins_no_heading(line) {
                rejected += 1;
                assert_eq!(read_heading(line, 0, next), None, "{line:?} then {next:?}");
            }
        }
        // It must also say no to most lines, or it saves nothing.
        assert!(rejected * 2 > lines.len(), "{rejected} of {}", lines.len());
    }

    #[test]
    fn headings_in_any_case_with_decoration() {
        assert_eq!(kind("Experience"), Some(SectionKind::Experience));
        assert_eq!(kind("WORK HISTORY"), Some(SectionKind::Experience));
        assert_eq!(kind("Employment:"), Some(SectionKind::Experience));
        assert_eq!(
            kind("— Professional Experience —"),
            Some(SectionKind::Experience)
        );
        assert_eq!(kind("2. Education"), Some(SectionKind::Education));
        assert_eq!(kind("E D U C A T I O N"), Some(SectionKind::Education));
        assert_eq!(kind("Technical Skills"), Some(SectionKind::Skills));
        assert_eq!(kind("Company Details"), Some(SectionKind::Experience));
        assert_eq!(kind("Skill Details"), Some(SectionKind::Skills));
        assert_eq!(kind("Education Details"), Some(SectionKind::Education));
        assert_eq!(
            kind("Licenses & Certifications"),
            Some(SectionKind::Certifications)
        );
        assert_eq!(kind("Profile"), Some(SectionKind::Summary));
        assert_eq!(kind("Languages"), Some(SectionKind::Other));
    }

    #[test]
    fn european_headings() {
        assert_eq!(kind("BERUFSERFAHRUNG"), Some(SectionKind::Experience));
        assert_eq!(
            kind("Expérience professionnelle"),
            Some(SectionKind::Experience)
        );
        assert_eq!(kind("Esperienza lavorativa"), Some(SectionKind::Experience));
        assert_eq!(
            kind("Experiencia profesional"),
            Some(SectionKind::Experience)
        );
        assert_eq!(kind("Ausbildung"), Some(SectionKind::Education));
        assert_eq!(kind("Formation"), Some(SectionKind::Education));
        assert_eq!(kind("Formación académica"), Some(SectionKind::Education));
        assert_eq!(kind("Kenntnisse"), Some(SectionKind::Skills));
        assert_eq!(kind("Compétences"), Some(SectionKind::Skills));
        assert_eq!(kind("Weiterbildung"), Some(SectionKind::Certifications));
    }

    #[test]
    fn sentences_are_not_headings() {
        assert_eq!(kind("Experience with Django and PostgreSQL"), None);
        assert_eq!(kind("Skills in Python, SQL and Go are my strength"), None);
        assert_eq!(kind("Senior Engineer, Acme"), None);
    }

    #[test]
    fn headings_fit_the_length_a_heading_is_looked_for_in() {
        assert!(HEADINGS.iter().all(|(h, _)| h.len() <= MAX_HEADING_BYTES));
    }

    #[test]
    fn a_long_line_of_capitals_is_read_in_linear_time() {
        let line = "ABCDEFGHIJ ".repeat(60_000);
        let started = std::time::Instant::now();
        assert!(heading_at(&line, 0, None).is_none());
        // Quadratic work on 660 KB takes tens of seconds; linear work takes milliseconds.
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn split_and_glued_headings() {
        let (heading, lines) = heading_at("PROFESSIONAL", 0, Some("EXPERIENCE")).unwrap();
        assert_eq!((heading.kind, lines), (SectionKind::Experience, 2));
        let (heading, _) = heading_at("EXPERIENCESenior Engineer", 0, None).unwrap();
        assert_eq!(heading.kind, SectionKind::Experience);
        assert_eq!(heading.body_start, "EXPERIENCE".len());
        let (heading, _) = heading_at("Skills: Python, SQL", 0, None).unwrap();
        assert_eq!(heading.kind, SectionKind::Skills);
        assert_eq!(heading.body_start, "Skills: ".len());
        assert!(heading_at("Experienced engineer", 0, None).is_none());
        assert!(heading_at("Projects I led", 0, None).is_none());
        let line = "EXPERIENCE Software Engineer August 2018 - Present";
        let (heading, _) = heading_at(line, 0, None).unwrap();
        assert_eq!(heading.kind, SectionKind::Experience);
        assert_eq!(heading.body_start, "EXPERIENCE ".len());
        assert!(heading_at("SKILLS MATRIX FOR PYTHON", 0, None).is_none());
        assert!(heading_at("Experience Software", 0, None).is_none());
    }
}
