//! Compact candidates: the report of a large batch without keeping every [`Candidate`] alive.
//!
//! A screened candidate is serialized once, as soon as it is ready, to its compact JSON record
//! with the rank left out ([`CompactCandidate`]). The batch keeps only what ranking needs (score,
//! yellow count, path) plus that record, and the records themselves stay in a small memory budget
//! and spill to an unnamed temporary file beyond it ([`CandidateStore`]), so the memory of a
//! ranked batch does not grow with the size of the batch's reports. When the report is written,
//! the rank is spliced into each record; the JSON report is pretty-printed from the compact
//! records by [`PrettyWriter`], byte for byte as `serde_json::to_writer_pretty` prints a
//! the reference `Report` (plain serde), and CSV rows and the HTML page read back the few
//! fields they need.

use super::WriteOptions;
use super::{
    Candidate, ErrorEntry, OutputFormat, RulesInfo, Settings, SkippedEntry, Summary, Tool,
};
use serde::Serialize;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::ops::Range;

/// Record bytes kept in memory before the store spills to a temporary file.
pub const MEMORY_BUDGET: usize = 8 * 1024 * 1024;

/// A screened candidate reduced to what ranking needs and its report record.
#[derive(Debug, Clone)]
pub struct CompactCandidate {
    /// 0–100.
    pub score: f64,
    /// Number of yellow flags (the ranking's tie-breaker).
    pub yellow: usize,
    /// Path as given or found.
    pub path: String,
    /// The candidate's compact JSON object without its `rank` field: `{"path":...}`.
    pub record: Vec<u8>,
    /// SHA-256 of the normalized text, to find the same resume under two names.
    pub text_sha256: [u8; 32],
    /// SHA-256 of the file's bytes in lowercase hex: the order inside a tie.
    pub sha256: String,
}

impl CompactCandidate {
    /// Serializes `candidate` (whatever its `rank`) into its compact record.
    pub fn new(candidate: &Candidate) -> serde_json::Result<CompactCandidate> {
        let mut record = serde_json::to_vec(candidate)?;
        // `rank` is the first field and a plain integer: drop `"rank":N,` after the brace.
        let prefix = b"{\"rank\":";
        let comma = match record.iter().position(|&b| b == b',') {
            Some(comma) if record.starts_with(prefix) => comma,
            _ => {
                return Err(serde::ser::Error::custom(
                    "candidate record does not start with its rank",
                ))
            }
        };
        record.drain(1..=comma);
        Ok(CompactCandidate {
            score: candidate.score,
            yellow: candidate.yellow.len(),
            path: candidate.path.clone(),
            record,
            text_sha256: candidate.text_sha256,
            sha256: candidate.sha256.clone(),
        })
    }
}

/// A hex digest as fixed-size bytes (ranking keys stay one allocation-free entry each); anything
/// but 64 bytes orders as zeros.
fn hex_digest(hex: &str) -> [u8; 64] {
    hex.as_bytes().try_into().unwrap_or([b'0'; 64])
}

/// Writes a compact candidate record as one JSON Lines record with `rank`, exactly as
/// serde writes the [`Candidate`] it came from as a JSON Lines record.
pub fn write_jsonl_record(out: &mut dyn Write, rank: usize, record: &[u8]) -> io::Result<()> {
    write_jsonl_record_marked(out, rank, record, None)
}

/// [`write_jsonl_record`], with `duplicate_of` added when the batch found a duplicate.
pub fn write_jsonl_record_marked(
    out: &mut dyn Write,
    rank: usize,
    record: &[u8],
    duplicate_of: Option<&str>,
) -> io::Result<()> {
    write!(out, "{{\"type\":\"candidate\",\"rank\":{rank}")?;
    write_record_fields(out, record, duplicate_of)?;
    out.write_all(b"\n")
}

/// The record's fields after a spliced-in first field: `,"path":...}`, or `}` if it has none;
/// `duplicate_of`, the record's last field, is spliced in before the closing brace.
fn write_record_fields(
    out: &mut dyn Write,
    record: &[u8],
    duplicate_of: Option<&str>,
) -> io::Result<()> {
    let fields = record.get(1..).unwrap_or_default();
    if fields.first().is_some_and(|&b| b != b'}') {
        out.write_all(b",")?;
    }
    match duplicate_of {
        Some(other) if fields.ends_with(b"}") => {
            out.write_all(&fields[..fields.len() - 1])?;
            out.write_all(b",\"duplicate_of\":")?;
            serde_json::to_writer(&mut *out, other)?;
            out.write_all(b"}")
        }
        _ => out.write_all(fields),
    }
}

/// Where a record is kept.
#[derive(Debug, Clone, Copy)]
enum Place {
    Memory(usize),
    File(u64),
}

#[derive(Debug, Clone)]
struct Entry {
    /// Position of the file among the batch's inputs.
    input: usize,
    rank: usize,
    score: f64,
    yellow: usize,
    /// Range of the path in [`CandidateStore::paths`].
    path: Range<usize>,
    place: Place,
    len: usize,
    text_sha256: [u8; 32],
    /// The file's SHA-256 in hex.
    sha256: [u8; 64],
    /// Range in [`CandidateStore::paths`] of another input with the same text.
    duplicate_of: Option<Range<usize>>,
}

/// The candidates of a batch in compact form: ranking keys in memory, report records in a bounded
/// memory buffer and then in an unnamed temporary file (deleted when the store is dropped). If no
/// temporary file can be made or written, records stay in memory: the report is never lost.
#[derive(Debug)]
pub struct CandidateStore {
    entries: Vec<Entry>,
    /// Every path, back to back: one allocation instead of one per candidate.
    paths: String,
    memory: Vec<u8>,
    budget: usize,
    file: Option<File>,
    file_len: u64,
    file_failed: bool,
}

impl Default for CandidateStore {
    fn default() -> Self {
        CandidateStore::with_memory_budget(MEMORY_BUDGET)
    }
}

impl CandidateStore {
    /// A store keeping up to [`MEMORY_BUDGET`] bytes of records in memory.
    pub fn new() -> CandidateStore {
        CandidateStore::default()
    }

    /// A store keeping up to `budget` bytes of records in memory.
    pub fn with_memory_budget(budget: usize) -> CandidateStore {
        CandidateStore {
            entries: Vec::new(),
            paths: String::new(),
            memory: Vec::new(),
            budget,
            file: None,
            file_len: 0,
            file_failed: false,
        }
    }

    /// Number of candidates.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no candidates.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds the candidate of input number `input` (its position in the batch), unranked.
    pub fn push(&mut self, input: usize, candidate: CompactCandidate) {
        let start = self.paths.len();
        self.paths.push_str(&candidate.path);
        let place = self.keep(&candidate.record);
        self.entries.push(Entry {
            input,
            rank: 0,
            score: candidate.score,
            yellow: candidate.yellow,
            path: start..self.paths.len(),
            place,
            len: candidate.record.len(),
            text_sha256: candidate.text_sha256,
            sha256: hex_digest(&candidate.sha256),
            duplicate_of: None,
        });
    }

    fn keep(&mut self, record: &[u8]) -> Place {
        if self.memory.len() + record.len() > self.budget && !self.file_failed {
            if self.file.is_none() {
                match tempfile::tempfile() {
                    Ok(file) => self.file = Some(file),
                    Err(_) => self.file_failed = true,
                }
            }
            if let Some(file) = &mut self.file {
                // One write per record: a record is either wholly in the file or not used.
                match file.write_all(record) {
                    Ok(()) => {
                        let offset = self.file_len;
                        self.file_len += record.len() as u64;
                        return Place::File(offset);
                    }
                    Err(_) => self.file_failed = true,
                }
            }
        }
        let offset = self.memory.len();
        self.memory.extend_from_slice(record);
        Place::Memory(offset)
    }

    /// Marks every candidate whose normalized text another candidate shares (same bytes, or the
    /// same resume saved under another name or format): each points at the first other member of
    /// its group by path. Both are kept and reported; nothing is merged.
    pub fn mark_duplicates(&mut self) {
        let mut first_with_text: std::collections::HashMap<[u8; 32], usize> =
            std::collections::HashMap::new();
        let groups: Vec<usize> = (0..self.entries.len())
            .map(|i| {
                *first_with_text
                    .entry(self.entries[i].text_sha256)
                    .or_insert(i)
            })
            .collect();
        self.mark_groups(&groups);
    }

    /// Marks duplicates given the group of every candidate, in the order they were pushed
    /// (before [`CandidateStore::rank`]): each member of a group of two or more points at the
    /// first other member by path.
    pub fn mark_groups(&mut self, group_of: &[usize]) {
        let mut groups: std::collections::HashMap<usize, Vec<usize>> =
            std::collections::HashMap::new();
        for (i, &group) in group_of.iter().enumerate().take(self.entries.len()) {
            groups.entry(group).or_default().push(i);
        }
        for mut members in groups.into_values().filter(|m| m.len() > 1) {
            members.sort_by(|&a, &b| {
                self.paths[self.entries[a].path.clone()]
                    .cmp(&self.paths[self.entries[b].path.clone()])
            });
            for &member in &members {
                let other = members
                    .iter()
                    .copied()
                    .find(|&o| o != member)
                    .expect("a group has two members");
                self.entries[member].duplicate_of = Some(self.entries[other].path.clone());
            }
        }
    }

    /// Orders the candidates as the report ranks them (score descending, then fewer yellow
    /// flags, then the file's content hash, then path; copies of one file in input order) and
    /// gives them competition ranks: equal scores share the rank of the first of them.
    pub fn rank(&mut self) {
        let paths = &self.paths;
        fn key<'a>(e: &'a Entry, paths: &'a str) -> crate::score::RankKey<'a> {
            crate::score::RankKey {
                score: e.score,
                yellow: e.yellow,
                content: &e.sha256,
                path: &paths[e.path.clone()],
            }
        }
        self.entries.sort_unstable_by(|a, b| {
            crate::score::rank_order(key(a, paths), key(b, paths)).then(a.input.cmp(&b.input))
        });
        let ranks: Vec<usize> =
            crate::score::competition_ranks(self.entries.iter().map(|e| e.score)).collect();
        for (entry, rank) in self.entries.iter_mut().zip(ranks) {
            entry.rank = rank;
        }
    }

    /// Orders the candidates by input, all with rank 0 (unranked).
    pub fn unranked(&mut self) {
        self.entries.sort_unstable_by_key(|e| e.input);
        for entry in &mut self.entries {
            entry.rank = 0;
        }
    }

    /// Keeps only candidates scoring at least `min`.
    pub fn retain_min_score(&mut self, min: f64) {
        self.entries.retain(|e| e.score >= min);
    }

    /// Keeps the first `n` candidates of the ranking and every candidate tied with the last of
    /// them (a cut never falls inside a tie); returns how many were kept past `n` for that.
    pub fn truncate_keeping_ties(&mut self, n: usize) -> usize {
        // Only after `rank`: `--top` is refused for an unranked batch.
        let ranks: Vec<usize> = self.entries.iter().map(|e| e.rank).collect();
        let keep = crate::score::top_with_ties(&ranks, n);
        self.entries.truncate(keep);
        keep.saturating_sub(n)
    }

    /// Each candidate's path and the path it is marked a duplicate of, in order.
    #[cfg(test)]
    pub fn duplicate_marks(&self) -> Vec<(&str, Option<&str>)> {
        self.entries
            .iter()
            .map(|e| {
                let path = &self.paths[e.path.clone()];
                (path, e.duplicate_of.clone().map(|r| &self.paths[r]))
            })
            .collect()
    }

    /// Every candidate's score, in order, without reading the records.
    pub fn scores(&self) -> Vec<f64> {
        self.entries.iter().map(|e| e.score).collect()
    }

    /// Calls `f` with each candidate in order.
    fn for_each(&self, mut f: impl FnMut(Row<'_>) -> io::Result<()>) -> io::Result<()> {
        let mut buffer = Vec::new();
        for entry in &self.entries {
            let record: &[u8] = match entry.place {
                Place::Memory(offset) => &self.memory[offset..offset + entry.len],
                Place::File(offset) => {
                    let mut file = self.file.as_ref().ok_or_else(|| {
                        io::Error::other("candidate store lost its temporary file")
                    })?;
                    file.seek(SeekFrom::Start(offset))?;
                    buffer.resize(entry.len, 0);
                    file.read_exact(&mut buffer)?;
                    &buffer
                }
            };
            f(Row {
                rank: entry.rank,
                path: &self.paths[entry.path.clone()],
                score: entry.score,
                record,
                duplicate_of: entry.duplicate_of.clone().map(|r| &self.paths[r]),
            })?;
        }
        Ok(())
    }
}

/// One candidate as the writers see it.
#[derive(Clone, Copy)]
pub(super) struct Row<'a> {
    /// Competition rank, or 0 when unranked.
    pub rank: usize,
    /// Path as the report writes it.
    pub path: &'a str,
    /// The candidate's score.
    pub score: f64,
    /// The candidate's JSON object (no `rank`; `duplicate_of` only if the record has one).
    pub record: &'a [u8],
    /// The duplicate mark the batch found.
    pub duplicate_of: Option<&'a str>,
}

/// The head of a report: the fields of the reference `Report` (plain serde) before `candidates`, in its order.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    /// Always [`super::SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The tool that wrote it.
    pub tool: Tool,
    /// The role screened for.
    pub role: String,
    /// The packs in force.
    pub rules: RulesInfo,
    /// Settings that change results, for reproducing the run.
    pub settings: Settings,
    /// Counts and time.
    pub summary: Summary,
}

impl Header {
    /// The head of a report for `role` under the packs of `set`.
    pub fn new(
        role: crate::role::Role,
        set: &crate::rules::RuleSet,
        settings: Settings,
        summary: Summary,
    ) -> Header {
        Header {
            schema_version: super::SCHEMA_VERSION,
            tool: Tool::default(),
            role: role.to_string(),
            rules: RulesInfo {
                packs: set.packs.clone(),
                fingerprint: set.fingerprint.clone(),
            },
            settings,
            summary,
        }
    }
}

/// The first record of a JSON Lines report: the report header without its summary (a stream
/// cannot know the counts before it ends), so that `merge` can check that its shards agree.
#[derive(Serialize)]
struct HeaderRecord<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    schema_version: u32,
    tool: &'a Tool,
    role: &'a str,
    rules: &'a RulesInfo,
    settings: &'a Settings,
}

/// Writes the header record that starts every JSON Lines report:
/// `{"type":"header","schema_version":..,"tool":..,"role":..,"rules":..,"settings":..}`.
pub fn write_jsonl_header(out: &mut dyn Write, header: &Header) -> io::Result<()> {
    let record = HeaderRecord {
        kind: "header",
        schema_version: header.schema_version,
        tool: &header.tool,
        role: &header.role,
        rules: &header.rules,
        settings: &header.settings,
    };
    serde_json::to_writer(&mut *out, &record)?;
    out.write_all(b"\n")
}

/// A report whose candidates are compact: written byte for byte as the equivalent
/// the reference `Report` (plain serde) would be.
#[derive(Debug)]
pub struct CompactReport {
    /// Everything before the candidates.
    pub header: Header,
    /// Screened inputs, in report order.
    pub candidates: CandidateStore,
    /// Inputs that could not be screened, in report order.
    pub errors: Vec<ErrorEntry>,
    /// Files the walk left out, by path.
    pub skipped: Vec<SkippedEntry>,
    /// Scorecard categories in pack order: the CSV's last columns.
    pub scorecard_columns: Vec<String>,
}

impl CompactReport {
    /// Writes the report in `format` with the default options.
    pub fn write(&self, format: OutputFormat, out: &mut dyn Write) -> io::Result<()> {
        self.write_with(format, &WriteOptions::default(), out)
    }

    /// Writes the report in `format`.
    pub fn write_with(
        &self,
        format: OutputFormat,
        options: &WriteOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        match format {
            OutputFormat::Json => self.write_json(out),
            OutputFormat::Jsonl => {
                write_jsonl_header(out, &self.header)?;
                self.candidates.for_each(|row| {
                    write_jsonl_record_marked(out, row.rank, row.record, row.duplicate_of)
                })?;
                for error in &self.errors {
                    super::write_jsonl_error(out, error)?;
                }
                for skipped in &self.skipped {
                    super::write_jsonl_skipped(out, skipped)?;
                }
                Ok(())
            }
            OutputFormat::Csv | OutputFormat::Table | OutputFormat::Html => {
                let scores = self.candidates.scores();
                let records = super::Records {
                    header: &self.header,
                    for_each: &|f| self.candidates.for_each(f),
                    scores: &scores,
                    errors: &self.errors,
                    skipped: &self.skipped,
                    scorecard_columns: &self.scorecard_columns,
                };
                super::write_records(format, &records, options, out)
            }
        }
    }

    fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut pretty = PrettyWriter::new(&mut *out);
        let header = serde_json::to_vec(&self.header)?;
        // `{...,"summary":{...}}` without its closing brace, then the rest of the object.
        pretty.write_all(&header[..header.len() - 1])?;
        pretty.write_all(b",\"candidates\":[")?;
        let mut first = true;
        self.candidates.for_each(|row| {
            if !first {
                pretty.write_all(b",")?;
            }
            first = false;
            write!(pretty, "{{\"rank\":{}", row.rank)?;
            write_record_fields(&mut pretty, row.record, row.duplicate_of)
        })?;
        pretty.write_all(b"],\"errors\":")?;
        serde_json::to_writer(&mut pretty, &self.errors)?;
        pretty.write_all(b",\"skipped\":")?;
        serde_json::to_writer(&mut pretty, &self.skipped)?;
        pretty.write_all(b"}")?;
        pretty.flush()?;
        out.write_all(b"\n")
    }
}

/// Turns the compact JSON that `serde_json::to_writer` prints into what
/// `serde_json::to_writer_pretty` prints for the same value (two-space indent, `": "` after
/// keys, `[]` and `{}` for empty containers). It only re-spaces: strings and numbers pass through
/// untouched. Call [`Write::flush`] at the end.
pub struct PrettyWriter<'a> {
    out: &'a mut dyn Write,
    buffer: Vec<u8>,
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// Just after `{` or `[`: the line break waits until the container proves non-empty.
    opened: bool,
}

impl<'a> PrettyWriter<'a> {
    /// Pretty-prints into `out`.
    pub fn new(out: &'a mut dyn Write) -> PrettyWriter<'a> {
        PrettyWriter {
            out,
            buffer: Vec::with_capacity(64 * 1024),
            depth: 0,
            in_string: false,
            escaped: false,
            opened: false,
        }
    }

    fn push(&mut self, byte: u8) {
        if self.in_string {
            self.buffer.push(byte);
            if self.escaped {
                self.escaped = false;
            } else if byte == b'\\' {
                self.escaped = true;
            } else if byte == b'"' {
                self.in_string = false;
            }
            return;
        }
        if self.opened {
            self.opened = false;
            if byte == b'}' || byte == b']' {
                self.depth = self.depth.saturating_sub(1);
                self.buffer.push(byte);
                return;
            }
            self.newline();
        }
        match byte {
            b'{' | b'[' => {
                self.buffer.push(byte);
                self.depth += 1;
                self.opened = true;
            }
            b'}' | b']' => {
                self.depth = self.depth.saturating_sub(1);
                self.newline();
                self.buffer.push(byte);
            }
            b',' => {
                self.buffer.push(byte);
                self.newline();
            }
            b':' => self.buffer.extend_from_slice(b": "),
            b'"' => {
                self.in_string = true;
                self.buffer.push(byte);
            }
            _ => self.buffer.push(byte),
        }
    }

    fn newline(&mut self) {
        self.buffer.push(b'\n');
        for _ in 0..self.depth {
            self.buffer.extend_from_slice(b"  ");
        }
    }
}

impl Write for PrettyWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.buffer.len() >= 32 * 1024 {
            self.out.write_all(&self.buffer)?;
            self.buffer.clear();
        }
        for &byte in bytes {
            self.push(byte);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.write_all(&self.buffer)?;
        self.buffer.clear();
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{EvidenceEntry, FlagEntry, Report, Scorecard, SCHEMA_VERSION};
    use crate::rules::set::PackInfo;
    use std::collections::BTreeMap;

    fn flag(id: &str, snippet: &str, note: Option<&str>, sensitive: bool) -> FlagEntry {
        FlagEntry {
            id: id.to_string(),
            title: format!("Title of {id}: \"quoted\", {{braces}} [brackets]"),
            category: "frameworks".to_string(),
            weight: 3.0,
            sensitive,
            evidence: vec![
                EvidenceEntry {
                    text: "FastAPI".to_string(),
                    line: 12,
                    page: Some(1),
                    snippet: snippet.to_string(),
                    section: "experience".to_string(),
                    position: Some(0),
                    how: None,
                },
                EvidenceEntry {
                    text: "C:\\path\\ü".to_string(),
                    line: 3,
                    page: None,
                    snippet: "tab\there, newline\nthere, \u{1} control, emoji \u{1F600}".into(),
                    section: "skills".to_string(),
                    position: None,
                    how: Some("vanish".into()),
                },
            ],
            note: note.map(str::to_string),
        }
    }

    fn candidate(path: &str, score: f64, yellow: usize) -> Candidate {
        let mut skills = BTreeMap::new();
        let skill = |name: &str, months: u32| crate::report::SkillEntry {
            name: name.to_string(),
            months,
            last_used: (months > 0).then(|| "2026-06".to_string()),
            sections: vec!["experience".to_string(), "skills".to_string()],
            weak: months == 0,
        };
        skills.insert(
            "web-frameworks".to_string(),
            vec![skill("Django", 0), skill("FastAPI", 30)],
        );
        skills.insert("empty".to_string(), Vec::new());
        Candidate {
            rank: 0,
            path: path.to_string(),
            path_bytes: crate::report::path::unescape(path)
                .filter(|bytes| std::str::from_utf8(bytes).is_err())
                .map(|bytes| crate::report::path::base64_encode(&bytes)),
            name: Some(format!("Name of {path}")),
            email: None,
            sha256: "ab".repeat(32),
            format: "pdf".to_string(),
            extractor: "pdf-extract".to_string(),
            score,
            breakdown: vec![crate::score::Component {
                id: "web-framework".to_string(),
                title: "Web \"framework\"".to_string(),
                points: score,
                max: 25.0,
                evidence: vec!["Django (experience, 36 months)".to_string()],
                missing: false,
            }],
            green: vec![
                flag(
                    "specific-framework",
                    "...in FastAPI, on \"x\": [1, 2]...",
                    None,
                    false,
                ),
                flag("type-hints", "", Some("note: {a} , [b]"), false),
            ],
            yellow: (0..yellow)
                .map(|i| flag(&format!("y{i}"), "\\\"", None, i % 2 == 0))
                .collect(),
            experience: crate::report::Experience {
                years: 2.5,
                positions: vec![crate::report::PositionEntry {
                    title: "Backend \"Engineer\"".to_string(),
                    employer: "Ünïcode GmbH".to_string(),
                    from: "2024-01".to_string(),
                    to: "present".to_string(),
                    months: 30,
                    relevant: true,
                    line: 7,
                }],
            },
            skills,
            scorecard: Scorecard(vec![("python".into(), 3), ("api".into(), 0)]),
            notes: (yellow > 1)
                .then(|| "2 invalid UTF-8 bytes replaced with U+FFFD".to_string())
                .into_iter()
                .collect(),
            duplicate_of: (score < 0.0).then(|| "first.pdf".to_string()),
            text_sha256: [0; 32],
        }
    }

    fn bare(path: &str, score: f64) -> Candidate {
        Candidate {
            skills: BTreeMap::new(),
            green: Vec::new(),
            yellow: Vec::new(),
            scorecard: Scorecard::default(),
            ..candidate(path, score, 0)
        }
    }

    fn header() -> Header {
        Header {
            schema_version: SCHEMA_VERSION,
            tool: Tool::default(),
            role: "backend".to_string(),
            rules: RulesInfo {
                packs: vec![PackInfo {
                    id: "python-core".to_string(),
                    version: "2026.1".to_string(),
                }],
                fingerprint: "f".repeat(64),
            },
            settings: Settings {
                as_of: "2026-06".to_string(),
                score_sensitive: false,
                redact: false,
            },
            summary: Summary {
                inputs: 7,
                screened: 5,
                failed: 2,
                skipped: 2,
                elapsed_ms: 41,
                kept_for_ties: 0,
            },
        }
    }

    /// The same batch as a [`Report`] (ranked as `pipeline::rank` ranks) and as a
    /// [`CompactReport`] with the given memory budget.
    fn both(
        candidates: Vec<Candidate>,
        errors: Vec<ErrorEntry>,
        budget: usize,
        ranked: bool,
    ) -> (Report, CompactReport) {
        let mut store = CandidateStore::with_memory_budget(budget);
        for (i, c) in candidates.iter().enumerate() {
            store.push(i, CompactCandidate::new(c).unwrap());
        }
        let mut sorted = candidates;
        let mut sorted_errors = errors.clone();
        if ranked {
            crate::pipeline::rank(&mut sorted, &mut sorted_errors);
            store.rank();
        } else {
            store.unranked();
        }
        let h = header();
        let columns = vec!["python".to_string(), "api".to_string(), "x".to_string()];
        let report = Report {
            header: h.clone(),
            candidates: sorted,
            errors: sorted_errors.clone(),
            skipped: skipped(),
            scorecard_columns: columns.clone(),
        };
        let compact = CompactReport {
            header: h,
            candidates: store,
            errors: sorted_errors,
            skipped: skipped(),
            scorecard_columns: columns,
        };
        (report, compact)
    }

    fn render(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        write(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn assert_same(report: &Report, compact: &CompactReport) {
        for format in [
            OutputFormat::Json,
            OutputFormat::Jsonl,
            OutputFormat::Csv,
            OutputFormat::Table,
            OutputFormat::Html,
        ] {
            let expected = render(|out| report.write(format, out));
            let got = render(|out| compact.write(format, out));
            assert_eq!(got, expected, "{format:?}");
        }
    }

    fn batch() -> Vec<Candidate> {
        vec![
            candidate("b.pdf", 50.0, 1),
            candidate("z.pdf", 70.0, 3),
            bare("c.txt", 50.0),
            candidate("a \"quoted\",path.docx", 50.0, 1),
            candidate("neg.pdf", -12.345678901234567, 2),
            bare("third.txt", 100.0 / 3.0),
            candidate(r"cv-\xFF-\\.txt", 50.0, 1),
        ]
    }

    fn errors() -> Vec<ErrorEntry> {
        vec![
            ErrorEntry {
                path: "scan.pdf".into(),
                path_bytes: None,
                kind: "no_text".into(),
                message: "no text, \"run OCR\": {now}".into(),
            },
            ErrorEntry {
                path: r"a-\xFE.doc".into(),
                path_bytes: Some(crate::report::path::base64_encode(b"a-\xfe.doc")),
                kind: "unsupported_format".into(),
                message: "convert it".into(),
            },
        ]
    }

    fn skipped() -> Vec<SkippedEntry> {
        vec![
            SkippedEntry {
                path: ".git".into(),
                path_bytes: None,
                reason: "hidden folder (not walked)".into(),
            },
            SkippedEntry {
                path: "=cmd|x.xlsx".into(),
                path_bytes: None,
                reason: "not a resume file type".into(),
            },
        ]
    }

    #[test]
    fn skipped_files_close_every_format() {
        let (_, compact) = both(Vec::new(), errors(), 0, true);
        let json: serde_json::Value =
            serde_json::from_str(&render(|out| compact.write(OutputFormat::Json, out))).unwrap();
        assert_eq!(json["skipped"][0]["path"], ".git");
        assert_eq!(json["skipped"][1]["reason"], "not a resume file type");
        let jsonl = render(|out| compact.write(OutputFormat::Jsonl, out));
        let last = jsonl.lines().last().unwrap();
        assert_eq!(
            last,
            r#"{"type":"skipped","path":"=cmd|x.xlsx","reason":"not a resume file type"}"#
        );
        let csv = render(|out| compact.write(OutputFormat::Csv, out));
        assert!(
            csv.ends_with(
                "\r\n,\"=\"\"=cmd|x.xlsx\"\"\",,,,skipped: not a resume file type,,,,,,,,,\r\n"
            ),
            "{csv}"
        );
    }

    #[test]
    fn compact_reports_are_byte_identical_in_every_format() {
        for budget in [0, 3000, MEMORY_BUDGET] {
            for ranked in [true, false] {
                let (report, compact) = both(batch(), errors(), budget, ranked);
                assert_same(&report, &compact);
            }
        }
    }

    #[test]
    fn empty_batches_and_trimming_match() {
        let (report, compact) = both(Vec::new(), Vec::new(), 0, true);
        assert_same(&report, &compact);
        let (report, compact) = both(Vec::new(), errors(), 0, true);
        assert_same(&report, &compact);
        let (mut report, mut compact) = both(batch(), errors(), 100, true);
        report.candidates.retain(|c| c.score >= 40.0);
        // 70, then three candidates at 50: a cut at two keeps the whole tie.
        report.candidates.truncate(5);
        compact.candidates.retain_min_score(40.0);
        assert_eq!(compact.candidates.truncate_keeping_ties(2), 3);
        assert_same(&report, &compact);
    }

    #[test]
    fn ties_share_a_rank_and_order_by_content_not_name() {
        let mut batch = batch();
        // Two equal candidates: the one whose file hashes lower ranks first, whatever its name.
        batch[0].sha256 = "f".repeat(64);
        batch[3].sha256 = "0".repeat(64);
        batch[6].sha256 = "8".repeat(64);
        let (report, compact) = both(batch, Vec::new(), 0, true);
        assert_same(&report, &compact);
        let ranked: Vec<(usize, &str)> = report
            .candidates
            .iter()
            .map(|c| (c.rank, c.path.as_str()))
            .collect();
        assert_eq!(
            ranked,
            [
                (1, "z.pdf"),
                (2, "c.txt"),
                (2, "a \"quoted\",path.docx"),
                (2, r"cv-\xFF-\\.txt"),
                (2, "b.pdf"),
                (6, "third.txt"),
                (7, "neg.pdf"),
            ]
        );
    }

    #[test]
    fn unranked_keeps_input_order_with_rank_zero() {
        let (_, compact) = both(batch(), Vec::new(), 0, false);
        let jsonl = render(|out| compact.write(OutputFormat::Jsonl, out));
        let paths: Vec<String> = jsonl
            .lines()
            .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
            .filter(|value| value["type"] == "candidate")
            .map(|value| {
                assert_eq!(value["rank"], 0);
                value["path"].as_str().unwrap().to_string()
            })
            .collect();
        let expected: Vec<String> = batch().into_iter().map(|c| c.path).collect();
        assert_eq!(paths, expected);
    }

    #[test]
    fn jsonl_starts_with_the_header_without_summary() {
        for jsonl in [
            render(|out| {
                both(batch(), errors(), 0, true)
                    .1
                    .write(OutputFormat::Jsonl, out)
            }),
            render(|out| {
                both(Vec::new(), Vec::new(), 0, false)
                    .1
                    .write(OutputFormat::Jsonl, out)
            }),
        ] {
            let first: serde_json::Value =
                serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
            let mut expected = serde_json::to_value(header()).unwrap();
            expected.as_object_mut().unwrap().remove("summary");
            expected["type"] = "header".into();
            assert_eq!(first, expected);
            assert!(jsonl.starts_with("{\"type\":\"header\",\"schema_version\":"));
            assert_eq!(jsonl.matches("\"type\":\"header\"").count(), 1);
        }
    }

    #[test]
    fn names_that_are_not_utf8_keep_their_bytes_in_every_format() {
        let (_, compact) = both(batch(), errors(), 0, true);
        let jsonl = render(|out| compact.write(OutputFormat::Jsonl, out));
        let record = jsonl.lines().find(|l| l.contains("cv-")).unwrap();
        let value: serde_json::Value = serde_json::from_str(record).unwrap();
        assert_eq!(value["path"], r"cv-\xFF-\\.txt");
        let bytes = crate::report::path::base64_decode(value["path_bytes"].as_str().unwrap());
        assert_eq!(bytes.unwrap(), b"cv-\xff-\\.txt");
        // UTF-8 names carry no path_bytes.
        assert!(!jsonl.lines().nth(1).unwrap().contains("path_bytes"));
        let csv = render(|out| compact.write(OutputFormat::Csv, out));
        assert!(csv.contains(r",cv-\xFF-\\.txt,"), "{csv}");
        assert!(csv.contains(r",a-\xFE.doc,"), "{csv}");
    }

    #[test]
    fn jsonl_records_match_the_candidate_writer() {
        for c in batch() {
            let mut c = c;
            c.rank = 17;
            let expected = render(|out| crate::report::write_jsonl_candidate(out, &c));
            let record = CompactCandidate::new(&c).unwrap().record;
            assert!(record.starts_with(b"{\"path\":"));
            let got = render(|out| write_jsonl_record(out, 17, &record));
            assert_eq!(got, expected);
        }
    }

    /// The HTML page's data block, parsed back.
    fn html_data(html: &str) -> serde_json::Value {
        let start = html
            .find("<script type=\"application/json\" id=\"data\">")
            .unwrap();
        let json = &html[start..];
        let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn hostile_names_and_snippets_stay_text_in_html() {
        let hostile = "</script><img src=x onerror=alert(1)>";
        let mut c = candidate(&format!("{hostile}.pdf"), 50.0, 1);
        c.green[0].evidence[0].snippet = format!("built {hostile} in FastAPI \u{2028}");
        c.green[0].evidence[0].text = hostile.to_string();
        c.experience.positions[0].employer = hostile.to_string();
        let (_, compact) = both(vec![c, bare("<b>.txt", 3.0)], Vec::new(), 0, true);
        let html = render(|out| compact.write(OutputFormat::Html, out));
        // Only the page's own two script elements close, and no markup came from the data.
        assert_eq!(html.matches("</script>").count(), 2, "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b>.txt"));
        assert!(html.contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;.pdf"));
        assert!(!html.contains('\u{2028}'));
        let data = html_data(&html);
        let first = &data["c"][0];
        assert_eq!(first[2], format!("{hostile}.pdf"));
        assert_eq!(first[7][0][2][0][0], hostile);
        let snippet = first[7][0][2][0][5].as_u64().unwrap() as usize;
        assert_eq!(
            first[12][snippet],
            format!("built {hostile} in FastAPI \u{2028}")
        );
        assert_eq!(first[9][0][1], hostile);
    }

    #[test]
    fn html_shows_names_unless_redacted() {
        let mut store = CandidateStore::new();
        let mut named = candidate("cand-0001", 40.0, 0);
        named.name = Some("Zoë Example".to_string());
        named.email = Some("zoe@example.org".to_string());
        store.push(0, CompactCandidate::new(&named).unwrap());
        store.rank();
        let mut report = CompactReport {
            header: header(),
            candidates: store,
            errors: errors(),
            skipped: skipped(),
            scorecard_columns: Vec::new(),
        };
        let html = render(|out| report.write(OutputFormat::Html, out));
        assert!(
            html.contains(
                "aria-expanded=\"false\">Zoë Example</button><span class=\"path\">cand-0001</span>"
            ),
            "{html}"
        );
        assert_eq!(html_data(&html)["c"][0][4], "zoe@example.org");
        // Every error kind gets its hint.
        assert!(html.contains("Scanned image: run OCR first"));
        report.header.settings.redact = true;
        let html = render(|out| report.write(OutputFormat::Html, out));
        assert!(!html.contains("Zoë") && !html.contains("zoe@"), "{html}");
        assert!(html.contains("aria-expanded=\"false\">cand-0001</button>"));
        assert_eq!(html_data(&html)["c"][0][3], serde_json::Value::Null);
    }

    #[test]
    fn html_is_the_same_bytes_for_the_same_report() {
        let (_, compact) = both(batch(), errors(), 0, true);
        let first = render(|out| compact.write(OutputFormat::Html, out));
        let second = render(|out| compact.write(OutputFormat::Html, out));
        assert_eq!(first, second);
        assert!(first.starts_with("<!DOCTYPE html>"));
        // Nothing is fetched: no external URL in any src or href.
        assert!(!first.contains("src=\"http") && !first.contains("href=\"http"));
        // The policy lets the page's own script run: its hash is of what the element holds.
        use sha2::{Digest, Sha256};
        let start = first.rfind("<script>").unwrap() + "<script>".len();
        let end = first.rfind("</script>").unwrap();
        let hash = crate::report::path::base64_encode(&Sha256::digest(&first[start..end]));
        assert!(first.contains(&format!("script-src 'sha256-{hash}'")));
    }

    #[test]
    fn pretty_writer_matches_serde_json() {
        let values = [
            serde_json::json!({}),
            serde_json::json!([]),
            serde_json::json!({"a": [], "b": {}, "c": [[], [{}], {"d": [1, 2.5, -3e-7]}]}),
            serde_json::json!({"s": "\"{[,:]}\"\\", "t": null, "u": true, "v": "é\u{7}"}),
            serde_json::json!([1, "two", [3, [4, [5]]], {"k": "v"}]),
            serde_json::json!("just a string, with: [] {}"),
            serde_json::json!(42),
        ];
        for value in values {
            let expected = serde_json::to_string_pretty(&value).unwrap();
            let got = render(|out| {
                let mut pretty = PrettyWriter::new(out);
                serde_json::to_writer(&mut pretty, &value)?;
                pretty.flush()
            });
            assert_eq!(got, expected);
        }
    }
}
