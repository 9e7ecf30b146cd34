//! `resume-screen merge`: rank the JSON Lines of several `screen --format jsonl` runs (shards)
//! into one report, as a single run over all their inputs would have written it.
//!
//! JSON Lines records carry no header, so the header is rebuilt from the merge flags (role,
//! `--rules`, `--as-of`, `--score-sensitive`, `--redact`) exactly as `screen` builds it; pass the
//! flags the shards were screened with.
//!
//! Each record is checked against the report schema and re-serialized, then kept in compact form
//! in a [`CandidateStore`] (ranking keys in memory, records spilling to a temporary file), like a
//! ranked `screen` batch, so merging many large shards does not need memory for every
//! candidate's evidence. The report goes through the writer `screen` uses.

use crate::app::Exit;
use crate::cli::MergeArgs;
use crate::report::{
    Candidate, CandidateStore, CompactCandidate, CompactReport, ErrorEntry, EvidenceEntry,
    FlagEntry, Header, OutputFormat, Scorecard, Settings, Summary,
};
use anyhow::{bail, Context, Result};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::time::Instant;

/// Individual duplicate-path warnings printed before they are only counted.
const DUPLICATE_WARNINGS: usize = 10;

/// Runs `merge`.
pub fn run(args: MergeArgs) -> Result<Exit> {
    let started = Instant::now();
    let (set, engine, options) =
        super::load_engine(&args.rules, args.role, args.score_sensitive, args.as_of)?;
    let columns: Vec<String> = engine.scorecard_categories().map(str::to_string).collect();
    // Open the destination first: an unwritable output must fail before any shard is read.
    let mut sink = super::screen::Sink::open(args.output.as_deref())?;

    let mut merged = Merged::default();
    for shard in &args.shards {
        merged.read_shard(shard)?;
    }
    merged.finish_warnings(&columns);
    merged.mark_duplicates();
    let Merged {
        mut candidates,
        mut errors,
        ..
    } = merged;

    let screened = candidates.len();
    candidates.rank();
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    // Trimming happens after ranking so ranks stay those of the whole batch, as in `screen`.
    if let Some(min) = args.min_score {
        candidates.retain_min_score(min);
    }
    if let Some(top) = args.top {
        candidates.truncate(top);
    }
    let failed = errors.len();
    let report = CompactReport {
        header: Header::new(
            args.role,
            &set,
            Settings {
                as_of: options.as_of.to_string(),
                score_sensitive: args.score_sensitive,
                redact: args.redact,
            },
            Summary {
                inputs: screened + failed,
                screened,
                failed,
                elapsed_ms: started.elapsed().as_millis() as u64,
            },
        ),
        candidates,
        errors,
        scorecard_columns: columns,
    };
    report
        .write(
            OutputFormat::resolve(args.format, args.output.as_deref()),
            sink.writer(),
        )
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
    /// Path → where it was first read: index in `shards`, line.
    seen: HashMap<String, (usize, usize)>,
    /// Names of the shards read so far.
    shards: Vec<String>,
    duplicates: usize,
    /// Where the first candidate was read and its scorecard categories.
    first_scorecard: Option<(String, Vec<String>)>,
    /// For each candidate, in the order read: what tells its duplicates.
    identities: Vec<Identity>,
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
        self.shards.push(name.to_string());
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
            let path = match &record {
                Record::Candidate(c) => &c.path,
                Record::Error(e) => &e.path,
            };
            if let Some(&(first_shard, first_line)) = self.seen.get(path) {
                self.duplicates += 1;
                if self.duplicates <= DUPLICATE_WARNINGS {
                    eprintln!(
                        "resume-screen: warning: {at}: {path} was already read at {}:{first_line}; \
                         keeping the first",
                        self.shards[first_shard]
                    );
                }
                continue;
            }
            self.seen.insert(path.clone(), (shard, number));
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
                    kind: e.kind,
                    message: e.message,
                }),
            }
        }
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

/// One JSON Lines record, as `report::write_jsonl_candidate`/`write_jsonl_error` write it.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Record {
    Candidate(Box<CandidateIn>),
    Error(ErrorIn),
}

// Deserialize-side mirrors of the report types (which are serialize-only). Unknown fields are
// rejected so a schema change can never be dropped silently by a merge; building the report
// types with struct literals makes a new field there a compile error here.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CandidateIn {
    rank: usize,
    path: String,
    sha256: String,
    format: String,
    extractor: String,
    score: f64,
    green: Vec<FlagIn>,
    yellow: Vec<FlagIn>,
    skills: BTreeMap<String, Vec<String>>,
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
            sha256: self.sha256,
            format: self.format,
            extractor: self.extractor,
            score: self.score,
            green: self.green.into_iter().map(FlagIn::into_flag).collect(),
            yellow: self.yellow.into_iter().map(FlagIn::into_flag).collect(),
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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrorIn {
    path: String,
    kind: String,
    message: String,
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

    const CANDIDATE: &str = r#"{"type":"candidate","rank":0,"path":"a.txt","sha256":"00","format":"txt","extractor":"text","score":66.7,"green":[{"id":"type-hints","title":"T","category":"python","weight":2.0,"sensitive":true,"evidence":[{"text":"mypy","line":3,"snippet":"uses mypy"}],"note":"n"}],"yellow":[],"skills":{"testing":["pytest"]},"scorecard":{"zeta":1,"alpha":3}}"#;

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
