//! `resume-screen merge`: rank the JSON Lines of several `screen --format jsonl` runs (shards)
//! into one report, as a single run over all their inputs would have written it.
//!
//! Every shard starts with a header record (role, rule fingerprint, settings, tool and schema
//! versions). The shards must agree on all of it, and with whatever merge's own flags require
//! (`--role`, `--rules`, `--as-of`, `--score-sensitive`, `--redact`); otherwise nothing is
//! written and the message names the field, both values and both shards. Settings merge's flags
//! leave open are taken from the headers. Shards without a header (older output) are refused
//! unless `--allow-headerless` takes their settings from the flags.
//!
//! Paths are told apart by their bytes (the escaped `path` and `path_bytes` of
//! [`crate::report::path`]), never by lossy text.
//!
//! Each record is checked against the report schema and re-serialized, then kept in compact form
//! in a [`CandidateStore`] (ranking keys in memory, records spilling to a temporary file), like a
//! ranked `screen` batch, so merging many large shards does not need memory for every
//! candidate's evidence. The report goes through the writer `screen` uses. The files the shards'
//! walks skipped are carried through, each path once, so the report lists them as one run would.

use crate::cli::MergeArgs;
use crate::exit::Exit;
use crate::report::{
    Candidate, CandidateStore, CompactCandidate, CompactReport, ErrorEntry, EvidenceEntry,
    Experience, FlagEntry, Header, Scorecard, Settings, SkillEntry, SkippedEntry, Summary, Tool,
    SCHEMA_VERSION,
};
use anyhow::{bail, Context, Result};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::time::Instant;

/// Individual duplicate-path warnings printed before they are only counted.
const DUPLICATE_WARNINGS: usize = 10;

/// Runs `merge`.
pub fn run(args: MergeArgs) -> Result<Exit> {
    let started = Instant::now();
    // The scorecard columns do not depend on the role or the settings, only on the packs.
    let (set, engine, _) = super::load_engine(
        &args.rules,
        args.role.unwrap_or(crate::role::Role::Backend),
        args.score_sensitive,
        args.as_of,
    )?;
    let columns: Vec<String> = engine.scorecard_categories().map(str::to_string).collect();
    // Open the destination first: an unwritable output must fail before any shard is read.
    let mut sink = super::screen::Sink::open(args.output.as_deref())?;

    let mut merged = Merged::default();
    for shard in &args.shards {
        merged.read_shard(shard)?;
    }
    let (role, settings) = merged.agreed_settings(&args, &set.fingerprint)?;
    merged.finish_warnings(&columns);
    merged.mark_duplicates();
    let Merged {
        mut candidates,
        mut errors,
        mut skipped,
        ..
    } = merged;

    let screened = candidates.len();
    candidates.rank();
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    // Trimming happens after ranking so ranks stay those of the whole batch, as in `screen`.
    if let Some(min) = args.min_score {
        candidates.retain_min_score(min);
    }
    let kept_for_ties = super::trim_top(&mut candidates, args.top, false);
    let failed = errors.len();
    let mut header = Header::new(
        args.role.unwrap_or(crate::role::Role::Backend),
        &set,
        settings,
        Summary {
            inputs: screened + failed,
            screened,
            failed,
            skipped: skipped.len(),
            elapsed_ms: started.elapsed().as_millis() as u64,
            kept_for_ties,
        },
    );
    header.role = role;
    let report = CompactReport {
        header,
        candidates,
        errors,
        skipped,
        scorecard_columns: columns,
    };
    let (format, options) = super::report_style(args.format, &args.style, args.output.as_deref());
    report
        .write_with(format, &options, sink.writer())
        .context("cannot write report")?;
    sink.finish()?;
    Ok(if failed == 0 {
        Exit::Success
    } else {
        Exit::Partial
    })
}

/// Records gathered from every shard, first occurrence of each path kept.
#[derive(Default)]
struct Merged {
    candidates: CandidateStore,
    errors: Vec<ErrorEntry>,
    /// Files the shards' walks left out, each path once.
    skipped: Vec<SkippedEntry>,
    /// Path bytes of the skipped files kept.
    skipped_keys: HashSet<Vec<u8>>,
    /// Path bytes → where it was first read: index in `shards`, line.
    seen: HashMap<Vec<u8>, (usize, usize)>,
    /// The shards read so far.
    shards: Vec<Shard>,
    duplicates: usize,
    /// Where the first candidate was read and its scorecard categories.
    first_scorecard: Option<(String, Vec<String>)>,
    /// For each candidate, in the order read: what tells its duplicates.
    identities: Vec<Identity>,
}

/// What one shard said about itself.
#[derive(Default)]
struct Shard {
    name: String,
    /// The line of its first header record and that header's fields by dotted name
    /// (`settings.as_of`); arrays such as `rules.packs` are one field.
    header: Option<(usize, BTreeMap<String, Value>)>,
    /// The first record whose path is a file name rather than a redacted id: line and path.
    raw_path: Option<(usize, String)>,
}

/// The header fields every header must have.
const REQUIRED_FIELDS: [&str; 7] = [
    "schema_version",
    "tool.version",
    "role",
    "rules.fingerprint",
    "settings.as_of",
    "settings.score_sensitive",
    "settings.redact",
];

/// The header's fields by dotted name, in the order they are compared: the schema and tool
/// first (a mismatch there explains any other), then the rest by name.
fn flatten(header: BTreeMap<String, Value>) -> BTreeMap<String, Value> {
    fn walk(prefix: &str, value: Value, out: &mut BTreeMap<String, Value>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    walk(&format!("{prefix}{key}."), value, out);
                }
            }
            other => {
                out.insert(prefix.trim_end_matches('.').to_string(), other);
            }
        }
    }
    let mut out = BTreeMap::new();
    for (key, value) in header {
        walk(&format!("{key}."), value, &mut out);
    }
    out
}

fn comparison_order(fields: &BTreeMap<String, Value>) -> Vec<&str> {
    let first = ["schema_version", "tool.name", "tool.version"];
    let mut order: Vec<&str> = first
        .iter()
        .copied()
        .filter(|f| fields.contains_key(*f))
        .collect();
    order.extend(
        fields
            .keys()
            .map(String::as_str)
            .filter(|f| !first.contains(f)),
    );
    order
}

/// True for the ids `screen --redact` writes instead of paths (`cand-…`, `input-…`).
fn is_redacted_id(path: &str) -> bool {
    let id = path
        .strip_prefix("cand-")
        .or_else(|| path.strip_prefix("input-"));
    id.is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'))
}

/// A header value as messages show it: strings bare, everything else as JSON.
fn shown(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "(none)".to_string(),
    }
}

/// What a candidate's record says about its duplicates.
struct Identity {
    path: String,
    /// SHA-256 of the file bytes.
    sha256: String,
    /// The path its shard found the same text in.
    duplicate_of: Option<String>,
}

impl Merged {
    fn read_shard(&mut self, shard: &Path) -> Result<()> {
        if shard.as_os_str() == "-" {
            let stdin = std::io::stdin();
            return self.read_records("<stdin>", stdin.lock());
        }
        let name = shard.display().to_string();
        let file =
            std::fs::File::open(shard).with_context(|| format!("cannot read shard {name}"))?;
        self.read_records(&name, BufReader::new(file))
    }

    fn read_records(&mut self, name: &str, mut reader: impl BufRead) -> Result<()> {
        let shard = self.shards.len();
        self.shards.push(Shard {
            name: name.to_string(),
            ..Shard::default()
        });
        let mut buf = Vec::new();
        let mut number = 0usize;
        loop {
            buf.clear();
            let read = reader
                .read_until(b'\n', &mut buf)
                .with_context(|| format!("cannot read shard {name}"))?;
            if read == 0 {
                return Ok(());
            }
            number += 1;
            let at = format!("{name}:{number}");
            let Ok(line) = std::str::from_utf8(&buf) else {
                bail!("{at}: not UTF-8 text; expected JSON Lines from `screen --format jsonl`");
            };
            if line.trim().is_empty() {
                continue;
            }
            let record: Record = serde_json::from_str(line)
                .with_context(|| format!("{at}: not a record of `screen --format jsonl`"))?;
            let record = match record {
                Record::Header(header) => {
                    self.read_header(&at, number, header)?;
                    continue;
                }
                record => record,
            };
            let (path, path_bytes) = match &record {
                Record::Candidate(c) => (&c.path, c.path_bytes.as_deref()),
                Record::Error(e) => (&e.path, e.path_bytes.as_deref()),
                Record::Skipped(s) => (&s.path, s.path_bytes.as_deref()),
                Record::Header(_) => unreachable!("headers are read above"),
            };
            let key = crate::report::path::path_key(path, path_bytes)
                .map_err(|e| anyhow::anyhow!("{at}: {e}"))?;
            let this = &mut self.shards[shard];
            if this.raw_path.is_none() && (path_bytes.is_some() || !is_redacted_id(path)) {
                this.raw_path = Some((number, path.clone()));
            }
            if let Record::Skipped(s) = record {
                // Shards walking overlapping folders see the same file: one run lists it once.
                if self.skipped_keys.insert(key) {
                    self.skipped.push(SkippedEntry {
                        path: s.path,
                        path_bytes: s.path_bytes,
                        reason: s.reason,
                    });
                }
                continue;
            }
            if let Some(&(first_shard, first_line)) = self.seen.get(&key) {
                self.duplicates += 1;
                if self.duplicates <= DUPLICATE_WARNINGS {
                    eprintln!(
                        "resume-screen: warning: {at}: {path} was already read at {}:{first_line}; \
                         keeping the first",
                        self.shards[first_shard].name
                    );
                }
                continue;
            }
            self.seen.insert(key, (shard, number));
            match record {
                Record::Candidate(mut c) => {
                    // The merge marks duplicates again over all shards (see `mark_duplicates`).
                    self.identities.push(Identity {
                        path: c.path.clone(),
                        sha256: c.sha256.clone(),
                        duplicate_of: c.duplicate_of.take(),
                    });
                    let candidate = c.into_candidate();
                    self.note_scorecard(&at, &candidate);
                    let compact = CompactCandidate::new(&candidate)
                        .with_context(|| format!("{at}: cannot keep this record"))?;
                    let input = self.candidates.len();
                    self.candidates.push(input, compact);
                }
                Record::Error(e) => self.errors.push(ErrorEntry {
                    path: e.path,
                    path_bytes: e.path_bytes,
                    kind: e.kind,
                    message: e.message,
                }),
                Record::Header(_) | Record::Skipped(_) => {
                    unreachable!("headers and skipped records are read above")
                }
            }
        }
    }

    /// Keeps the shard's first header; a later one (shards joined with `cat`, or sorted) must
    /// say the same.
    fn read_header(
        &mut self,
        at: &str,
        number: usize,
        header: BTreeMap<String, Value>,
    ) -> Result<()> {
        let fields = flatten(header);
        if let Some(missing) = REQUIRED_FIELDS.iter().find(|f| !fields.contains_key(**f)) {
            bail!("{at}: header record has no {missing}");
        }
        let shard = self.shards.last_mut().expect("the shard being read");
        match &shard.header {
            None => shard.header = Some((number, fields)),
            Some((line, first)) => {
                for field in comparison_order(first) {
                    if first.get(field) != fields.get(field) {
                        bail!(
                            "{at}: header says {field} {} but the header at line {line} says {}: \
                             one shard file holds the output of different runs",
                            shown(fields.get(field)),
                            shown(first.get(field)),
                        );
                    }
                }
            }
        }
        Ok(())
    }

    /// Checks the shards' headers against each other and against what merge's flags require,
    /// and gives the role and settings of the merged report. Refuses headerless shards unless
    /// `--allow-headerless`, and a redacted report over records with file names.
    fn agreed_settings(&self, args: &MergeArgs, fingerprint: &str) -> Result<(String, Settings)> {
        let headed: Vec<&Shard> = self.shards.iter().filter(|s| s.header.is_some()).collect();
        if let Some(bare) = self.shards.iter().find(|s| s.header.is_none()) {
            if !args.allow_headerless {
                bail!(
                    "{}: no header record (written by an older resume-screen, or not by \
                     `screen --format jsonl`); without it merge cannot check that the shards were \
                     screened alike. Re-run `screen --format jsonl` for it, or pass \
                     --allow-headerless to merge it on the word of merge's flags",
                    bare.name
                );
            }
        }
        if let Some(first) = headed.first() {
            let (_, reference) = first.header.as_ref().expect("headed");
            for other in &headed[1..] {
                let (_, fields) = other.header.as_ref().expect("headed");
                let mut names = comparison_order(reference);
                names.extend(fields.keys().map(String::as_str));
                if let Some(field) = names
                    .into_iter()
                    .find(|f| reference.get(*f) != fields.get(*f))
                {
                    bail!(
                        "shards disagree on {field}: {} in {} but {} in {}; merge only shards \
                         screened with the same role, rules, settings and resume-screen version",
                        shown(reference.get(field)),
                        first.name,
                        shown(fields.get(field)),
                        other.name
                    );
                }
            }
        }
        let header = headed.first().and_then(|s| {
            s.header
                .as_ref()
                .map(|(_, fields)| (s.name.as_str(), fields))
        });
        let get = |field: &str| header.and_then(|(_, fields)| fields.get(field));
        if let Some((name, fields)) = header {
            let own = Tool::default();
            let expected: [(&str, Value, String); 4] = [
                (
                    "schema_version",
                    SCHEMA_VERSION.into(),
                    "this resume-screen reads only its own schema version: re-run the shards \
                     with it"
                        .to_string(),
                ),
                (
                    "tool.name",
                    own.name.clone().into(),
                    "not a resume-screen shard".to_string(),
                ),
                (
                    "tool.version",
                    own.version.clone().into(),
                    format!(
                        "merge with the resume-screen version that screened the shards, or \
                         re-run them with {}",
                        own.version
                    ),
                ),
                (
                    "rules.fingerprint",
                    fingerprint.into(),
                    "pass merge the --rules (and --no-default-rules) the shards were screened \
                     with"
                        .to_string(),
                ),
            ];
            for (field, want, hint) in expected {
                if fields.get(field) != Some(&want) {
                    bail!(
                        "{name} has {field} {} but this merge has {}: {hint}",
                        shown(fields.get(field)),
                        shown(Some(&want))
                    );
                }
            }
            let required: [(&str, Option<Value>, &str); 4] = [
                ("role", args.role.map(|r| r.as_str().into()), "--role"),
                (
                    "settings.as_of",
                    args.as_of.map(|d| d.to_string().into()),
                    "--as-of",
                ),
                (
                    "settings.score_sensitive",
                    args.score_sensitive.then_some(true.into()),
                    "--score-sensitive",
                ),
                (
                    "settings.redact",
                    args.redact.then_some(true.into()),
                    "--redact",
                ),
            ];
            for (field, want, flag) in required {
                let Some(want) = want else { continue };
                if fields.get(field) != Some(&want) {
                    let hint = if flag == "--redact" {
                        "its records lack the resume text that redaction needs (the name line), \
                         so merge cannot make them blind; re-run the shards with \
                         `screen --redact`"
                    } else {
                        "leave the flag out to take the shards' value, or re-run the shards"
                    };
                    // A switch is named alone: "--redact", not "--redact true".
                    let given = match want {
                        Value::Bool(_) => flag.to_string(),
                        _ => format!("{flag} {}", shown(Some(&want))),
                    };
                    bail!(
                        "{given} but {name} was screened with {field} {}: {hint}",
                        shown(fields.get(field))
                    );
                }
            }
        }
        let flag_or_header =
            |flag: bool, field: &str| flag || get(field) == Some(&Value::Bool(true));
        let settings = Settings {
            as_of: match get("settings.as_of") {
                Some(value) => shown(Some(value)),
                None => args
                    .as_of
                    .unwrap_or_else(crate::rules::YearMonth::today)
                    .to_string(),
            },
            score_sensitive: flag_or_header(args.score_sensitive, "settings.score_sensitive"),
            redact: flag_or_header(args.redact, "settings.redact"),
        };
        if settings.redact {
            // The header must never say redacted while a file name is printed.
            if let Some((shard, (line, path))) = self
                .shards
                .iter()
                .find_map(|s| s.raw_path.as_ref().map(|raw| (s, raw)))
            {
                bail!(
                    "{}:{line}: {path} is a file name, not a redacted id, but the merged report \
                     would be redacted; re-run that shard with `screen --redact`",
                    shard.name
                );
            }
        }
        let role = match get("role") {
            Some(role) => shown(Some(role)),
            None => args.role.unwrap_or(crate::role::Role::Backend).to_string(),
        };
        Ok((role, settings))
    }

    /// Marks duplicates over all shards: candidates with the same file bytes (the `sha256` of
    /// their records), and those a shard found to share their text with another (the same resume
    /// as PDF and DOCX, say), are one group; each member points at the first other one by path,
    /// as `screen` marks them. The same text in different bytes in two different shards cannot
    /// be seen here: records do not carry the text.
    fn mark_duplicates(&mut self) {
        let count = self.identities.len();
        let mut parent: Vec<usize> = (0..count).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        fn join(parent: &mut [usize], a: usize, b: usize) {
            let (ra, rb) = (root(parent, a), root(parent, b));
            parent[ra.max(rb)] = ra.min(rb);
        }
        let mut first_with_bytes: HashMap<&str, usize> = HashMap::new();
        for (i, identity) in self.identities.iter().enumerate() {
            let first = *first_with_bytes
                .entry(identity.sha256.as_str())
                .or_insert(i);
            join(&mut parent, first, i);
        }
        let index_of_path: HashMap<&str, usize> = self
            .identities
            .iter()
            .enumerate()
            .map(|(i, identity)| (identity.path.as_str(), i))
            .collect();
        for (i, identity) in self.identities.iter().enumerate() {
            let other = identity.duplicate_of.as_deref();
            if let Some(&other) = other.and_then(|p| index_of_path.get(p)) {
                join(&mut parent, other, i);
            }
        }
        let groups: Vec<usize> = (0..count).map(|i| root(&mut parent, i)).collect();
        self.candidates.mark_groups(&groups);
    }

    fn note_scorecard(&mut self, at: &str, candidate: &Candidate) {
        if self.first_scorecard.is_none() {
            let categories = candidate
                .scorecard
                .0
                .iter()
                .map(|(k, _)| k.clone())
                .collect();
            self.first_scorecard = Some((at.to_string(), categories));
        }
    }

    /// Warns about skipped duplicates beyond the first few, and about shards whose scorecard
    /// categories are not those of the rules given to `merge` (a missing `--role`/`--rules`).
    fn finish_warnings(&self, columns: &[String]) {
        if self.duplicates > DUPLICATE_WARNINGS {
            eprintln!(
                "resume-screen: warning: {} duplicate paths skipped in all (first {} shown)",
                self.duplicates, DUPLICATE_WARNINGS
            );
        }
        if let Some((at, categories)) = &self.first_scorecard {
            if categories != columns {
                eprintln!(
                    "resume-screen: warning: {at}: scorecard categories ({}) differ from those \
                     of the rules in force ({}); were the shards screened with other --role or \
                     --rules?",
                    categories.join(", "),
                    columns.join(", ")
                );
            }
        }
    }
}

/// One JSON Lines record, as `report::write_jsonl_header`/`write_jsonl_candidate`/
/// `write_jsonl_error`/`write_jsonl_skipped` write it. The header is kept as plain fields so
/// that a setting added to the report is compared without a change here.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Record {
    Header(BTreeMap<String, Value>),
    Candidate(Box<CandidateIn>),
    Error(ErrorIn),
    Skipped(SkippedIn),
}

// Deserialize-side mirrors of the report types (which are serialize-only). Unknown fields are
// rejected so a schema change can never be dropped silently by a merge; building the report
// types with struct literals makes a new field there a compile error here.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CandidateIn {
    rank: usize,
    path: String,
    #[serde(default)]
    path_bytes: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    email: Option<String>,
    sha256: String,
    format: String,
    extractor: String,
    score: f64,
    // Shards of an older version have none; merge then reports none.
    #[serde(default)]
    breakdown: Vec<crate::score::Component>,
    green: Vec<FlagIn>,
    yellow: Vec<FlagIn>,
    experience: Experience,
    skills: BTreeMap<String, Vec<SkillEntry>>,
    scorecard: ScorecardIn,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default)]
    duplicate_of: Option<String>,
}

impl CandidateIn {
    fn into_candidate(self) -> Candidate {
        Candidate {
            rank: self.rank,
            path: self.path,
            path_bytes: self.path_bytes,
            name: self.name,
            email: self.email,
            sha256: self.sha256,
            format: self.format,
            extractor: self.extractor,
            score: self.score,
            breakdown: self.breakdown,
            green: self.green.into_iter().map(FlagIn::into_flag).collect(),
            yellow: self.yellow.into_iter().map(FlagIn::into_flag).collect(),
            experience: self.experience,
            skills: self.skills,
            scorecard: Scorecard(self.scorecard.0),
            notes: self.notes,
            duplicate_of: self.duplicate_of,
            // Shards carry their own duplicate marks; the text hash is not in the records.
            text_sha256: [0; 32],
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FlagIn {
    id: String,
    title: String,
    category: String,
    weight: f64,
    #[serde(default)]
    sensitive: bool,
    evidence: Vec<EvidenceIn>,
    #[serde(default)]
    note: Option<String>,
}

impl FlagIn {
    fn into_flag(self) -> FlagEntry {
        FlagEntry {
            id: self.id,
            title: self.title,
            category: self.category,
            weight: self.weight,
            sensitive: self.sensitive,
            evidence: self
                .evidence
                .into_iter()
                .map(|e| EvidenceEntry {
                    text: e.text,
                    line: e.line,
                    page: e.page,
                    snippet: e.snippet,
                    section: e.section,
                    position: e.position,
                    how: e.how,
                })
                .collect(),
            note: self.note,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EvidenceIn {
    text: String,
    line: u32,
    #[serde(default)]
    page: Option<u32>,
    snippet: String,
    section: String,
    #[serde(default)]
    position: Option<usize>,
    #[serde(default)]
    how: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrorIn {
    path: String,
    #[serde(default)]
    path_bytes: Option<String>,
    kind: String,
    message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SkippedIn {
    path: String,
    #[serde(default)]
    path_bytes: Option<String>,
    reason: String,
}

/// Scorecard levels in the order the record lists them (a JSON object read as pairs).
struct ScorecardIn(Vec<(String, u8)>);

impl<'de> Deserialize<'de> for ScorecardIn {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Pairs;
        impl<'de> Visitor<'de> for Pairs {
            type Value = ScorecardIn;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of scorecard levels")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ScorecardIn, A::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(pair) = map.next_entry::<String, u8>()? {
                    pairs.push(pair);
                }
                Ok(ScorecardIn(pairs))
            }
        }
        deserializer.deserialize_map(Pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Merged> {
        let mut merged = Merged::default();
        merged.read_records("shard.jsonl", text.as_bytes())?;
        Ok(merged)
    }

    const CANDIDATE: &str = r#"{"type":"candidate","rank":0,"path":"a.txt","sha256":"00","format":"txt","extractor":"text","score":66.7,"green":[{"id":"type-hints","title":"T","category":"python","weight":2.0,"sensitive":true,"evidence":[{"text":"mypy","line":3,"snippet":"uses mypy","section":"skills"}],"note":"n"}],"yellow":[],"experience":{"years":0.0,"positions":[]},"skills":{"testing":[{"name":"pytest","months":0,"sections":["skills"]}]},"scorecard":{"zeta":1,"alpha":3}}"#;

    #[test]
    fn reads_candidates_keeping_scorecard_order() {
        let Ok(Record::Candidate(c)) = serde_json::from_str::<Record>(CANDIDATE) else {
            panic!("a candidate record");
        };
        let c = c.into_candidate();
        assert_eq!(
            c.scorecard.0,
            vec![("zeta".to_string(), 1), ("alpha".to_string(), 3)]
        );
        assert_eq!(c.score, 66.7);
        assert!(c.green[0].sensitive);
        assert_eq!(c.green[0].evidence[0].page, None);
        // Re-serialized as the report writes it (rank first, `type` gone).
        let again = serde_json::to_string(&c).unwrap();
        assert!(again.starts_with(r#"{"rank":0,"path":"a.txt","#), "{again}");
        assert!(
            again.contains(r#""scorecard":{"zeta":1,"alpha":3}"#),
            "{again}"
        );
    }

    #[test]
    fn reads_candidates_and_errors_skipping_blank_lines() {
        let text = format!(
            "{CANDIDATE}\n\n{}\r\n",
            r#"{"type":"error","path":"b.pdf","kind":"no_text","message":"m"}"#
        );
        let merged = read(&text).unwrap();
        assert_eq!(merged.candidates.len(), 1);
        assert_eq!(merged.errors.len(), 1);
        assert_eq!(merged.errors[0].kind, "no_text");
    }

    #[test]
    fn carries_skipped_files_through_once() {
        let skipped =
            r#"{"type":"skipped","path":"inbox/.git","reason":"hidden folder (not walked)"}"#;
        let text = format!("{CANDIDATE}\n{skipped}\n{skipped}\n");
        let merged = read(&text).unwrap();
        assert_eq!(merged.candidates.len(), 1);
        assert_eq!(
            merged.skipped,
            [SkippedEntry {
                path: "inbox/.git".into(),
                path_bytes: None,
                reason: "hidden folder (not walked)".into()
            }]
        );
        let extra = r#"{"type":"skipped","path":"x","reason":"r","kind":"io"}"#;
        assert!(read(extra).is_err());
    }

    #[test]
    fn marks_duplicates_by_file_bytes_and_by_the_shards_marks() {
        let record = |path: &str, sha256: &str, duplicate_of: Option<&str>| {
            let mut line = CANDIDATE
                .replace("\"a.txt\"", &format!("{path:?}"))
                .replace("\"sha256\":\"00\"", &format!("\"sha256\":{sha256:?}"));
            if let Some(other) = duplicate_of {
                line.truncate(line.len() - 1);
                line.push_str(&format!(",\"duplicate_of\":{other:?}}}"));
            }
            line
        };
        let text = [
            record("a.txt", "00", None),
            // The same resume as PDF and DOCX: different bytes, marked by their shard.
            record("b.pdf", "11", Some("c.docx")),
            record("c.docx", "22", Some("b.pdf")),
            // The same bytes as a.txt, from another shard.
            record("d.txt", "00", None),
            record("e.txt", "33", None),
        ]
        .join("\n");
        let mut merged = read(&text).unwrap();
        merged.mark_duplicates();
        assert_eq!(
            merged.candidates.duplicate_marks(),
            [
                ("a.txt", Some("d.txt")),
                ("b.pdf", Some("c.docx")),
                ("c.docx", Some("b.pdf")),
                ("d.txt", Some("a.txt")),
                ("e.txt", None),
            ]
        );
    }

    #[test]
    fn keeps_the_first_of_duplicate_paths() {
        let second = CANDIDATE.replace("66.7", "10.0");
        let merged = read(&format!("{CANDIDATE}\n{second}\n")).unwrap();
        assert_eq!(merged.candidates.len(), 1);
        assert_eq!(merged.duplicates, 1);
    }

    const HEADER: &str = r#"{"type":"header","schema_version":1,"tool":{"name":"resume-screen","version":"0.1.0"},"role":"backend","rules":{"packs":[],"fingerprint":"ff"},"settings":{"as_of":"2026-06","score_sensitive":false,"redact":false}}"#;

    #[test]
    fn names_differing_only_in_bytes_that_are_not_utf8_are_two_inputs() {
        let first = CANDIDATE.replace(
            r#""path":"a.txt""#,
            r#""path":"cv-\\xFF.txt","path_bytes":"Y3Yt/y50eHQ=""#,
        );
        let second = CANDIDATE.replace(
            r#""path":"a.txt""#,
            r#""path":"cv-\\xFE.txt","path_bytes":"Y3Yt/i50eHQ=""#,
        );
        let error = r#"{"type":"error","path":"cv-\\xFF.txt","path_bytes":"Y3Yt/y50eHQ=","kind":"io","message":"m"}"#;
        let merged = read(&format!("{first}\n{second}\n{error}\n")).unwrap();
        assert_eq!(merged.candidates.len(), 2);
        // The error names the same bytes as the first candidate: one input, read twice.
        assert_eq!(merged.duplicates, 1);
        let error = error.replace("FF", "FD").replace("/y50", "/S50");
        let merged = read(&format!("{first}\n{second}\n{error}\n")).unwrap();
        assert_eq!(merged.duplicates, 0);
        assert_eq!(merged.errors[0].path, r"cv-\xFD.txt");
        assert_eq!(merged.errors[0].path_bytes.as_deref(), Some("Y3Yt/S50eHQ="));

        // path_bytes that do not spell the path are refused, not trusted.
        let lying = CANDIDATE.replace(
            r#""path":"a.txt""#,
            r#""path":"cv-\\xFF.txt","path_bytes":"Y3Yt/i50eHQ=""#,
        );
        let err = read(&lying).err().unwrap();
        assert!(format!("{err:#}").contains("does not match"), "{err:#}");
    }

    #[test]
    fn headers_are_kept_per_shard_and_must_agree_within_one() {
        let merged = read(&format!("{CANDIDATE}\n{HEADER}\n{HEADER}\n")).unwrap();
        let (line, fields) = merged.shards[0].header.as_ref().unwrap();
        assert_eq!(*line, 2);
        assert_eq!(fields["settings.as_of"], "2026-06");
        assert_eq!(fields["tool.version"], "0.1.0");
        assert!(fields["rules.packs"].is_array());

        let other = HEADER.replace("backend", "data");
        let err = read(&format!("{HEADER}\n{CANDIDATE}\n{other}\n"))
            .err()
            .unwrap();
        let err = format!("{err:#}");
        assert!(
            err.starts_with("shard.jsonl:3: header says role data"),
            "{err}"
        );
        assert!(err.contains("line 1 says backend"), "{err}");

        let err = read(&HEADER.replace(r#""role":"backend","#, ""))
            .err()
            .unwrap();
        assert!(format!("{err:#}").contains("has no role"), "{err:#}");
    }

    #[test]
    fn redacted_ids_are_told_from_file_names() {
        assert!(is_redacted_id("cand-9f86d08188-1a2b3c"));
        assert!(is_redacted_id("input-9f86d08188"));
        for name in [
            "cand-",
            "cand-Jane.pdf",
            "inbox/cand-00",
            "input-ab/c",
            "a.txt",
        ] {
            assert!(!is_redacted_id(name), "{name}");
        }
        let merged = read(CANDIDATE).unwrap();
        assert_eq!(merged.shards[0].raw_path, Some((1, "a.txt".to_string())));
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        for bad in [
            "{not json",
            r#"{"type":"summary"}"#,
            r#"{"type":"error","path":"x","kind":"io"}"#,
            r#"{"type":"error","path":"x","kind":"io","message":"m","extra":1}"#,
        ] {
            let err = read(&format!("{CANDIDATE}\n\n{bad}\n")).err().unwrap();
            assert!(format!("{err:#}").starts_with("shard.jsonl:3: "), "{err:#}");
        }
    }
}
