//! The batch: inputs in, one [`Outcome`] per input out, in parallel with rayon.
//!
//! Each file is independent: whatever goes wrong with one becomes its own error entry and the
//! rest of the batch goes on. Nothing in here may panic across a file boundary.

use crate::extract::{ExtractError, Extracted, Extractor, Format};
use crate::integrity::IntegrityFlag;
use crate::normalize::Document;
use crate::redact::Redactor;
use crate::report::{
    Candidate, CompactCandidate, ErrorEntry, EvidenceEntry, Experience, FlagEntry, PositionEntry,
    Scorecard, SkillEntry,
};
use crate::rules::file::Kind;
use crate::rules::{Engine, Evaluation};
use crate::score;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The result for one input.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Screened.
    Candidate(Box<Candidate>),
    /// Not screened, and why.
    Error(ErrorEntry),
}

/// Runs one stage of one file so that a panic in it becomes that file's `extract_panic` error
/// instead of unwinding into the batch.
pub fn isolated<T>(stage: impl FnOnce() -> Result<T, ExtractError>) -> Result<T, ExtractError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(stage)).unwrap_or_else(|payload| {
        Err(ExtractError::Panic(format!(
            "internal error: {}",
            crate::extract::panic_message(&payload)
        )))
    })
}

/// Reads, extracts and normalizes one file: the text the rules see. Never panics: a panic in
/// extraction or normalization becomes an `extract_panic` error.
pub fn load_document(
    path: &Path,
    extractor: &Extractor,
) -> Result<(Extracted, Document, String), ExtractError> {
    isolated(|| load_document_unguarded(path, extractor))
}

fn load_document_unguarded(
    path: &Path,
    extractor: &Extractor,
) -> Result<(Extracted, Document, String), ExtractError> {
    let limits = extractor.limits();
    let metadata = std::fs::metadata(path).map_err(|e| ExtractError::io(&e))?;
    if !metadata.is_file() {
        // Reading a named pipe would wait for a writer forever; devices never end.
        return Err(ExtractError::Io(
            "not a regular file (a pipe, socket or device); not read".into(),
        ));
    }
    if metadata.len() > limits.max_file_bytes {
        return Err(ExtractError::TooLarge(format!(
            "file is {} bytes, over the {} byte limit (--max-file-size)",
            metadata.len(),
            limits.max_file_bytes
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| ExtractError::io(&e))?;
    let sha256 = format!("{:x}", Sha256::digest(&bytes));
    let extracted = extractor.extract(path, &bytes)?;
    let document = Document::new(&extracted.pages, extracted.format == Format::Pdf);
    if document.is_empty() {
        return Err(match extracted.format {
            Format::Text => ExtractError::Empty("file contains only whitespace".into()),
            _ => ExtractError::NoText(
                "no extractable text (image-only or scanned document?): run OCR first, e.g. `ocrmypdf in.pdf out.pdf`"
                    .into(),
            ),
        });
    }
    Ok((extracted, document, sha256))
}

/// Screens one file. Never panics: a panic in any stage becomes an `extract_panic` error.
pub fn screen_file(path: &Path, engine: &Engine, extractor: &Extractor) -> Outcome {
    screen_file_with(path, engine, extractor, None)
}

/// One file through every stage up to the score: what `screen` turns into a report entry and
/// `explain` prints, so both see the same text, evaluation and integrity flags.
#[derive(Debug)]
pub struct Processed {
    /// The extracted text and how it was read.
    pub extracted: Extracted,
    /// The normalized text the rules saw.
    pub document: Document,
    /// What the rules found (masked when redacting).
    pub evaluation: Evaluation,
    /// Integrity flags no rule pack produces (masked when redacting).
    pub integrity: Vec<IntegrityFlag>,
    /// The file's SHA-256, lowercase hex.
    pub sha256: String,
    /// The candidate's own name and contact details, found once when redacting.
    pub identity: crate::redact::Identity,
}

/// Reads, extracts, normalizes, structures and evaluates one file within the CPU budget of
/// `--timeout`, masking what the evaluation shows when `redactor` is given (rules still see the
/// full text). Never panics: a panic in any stage becomes an `extract_panic` error.
pub fn process_file(
    path: &Path,
    engine: &Engine,
    extractor: &Extractor,
    redactor: Option<&Redactor>,
) -> Result<Processed, ExtractError> {
    isolated(|| {
        let (extracted, document, sha256) = load_document_unguarded(path, extractor)?;
        let budget = extractor.limits().timeout;
        let deadline = crate::extract::cpu::Deadline::start(budget);
        let mut evaluation = engine
            .evaluate_within(&document, Some(&deadline))
            .map_err(|_| {
                ExtractError::Timeout(crate::extract::worker::cpu_timeout_message(
                    "rule evaluation",
                    budget,
                ))
            })?;
        let identity = redactor
            .map(|r| r.identity(document.text()))
            .unwrap_or_default();
        if let Some(redactor) = redactor {
            redact_evaluation(&mut evaluation, redactor, &identity, &document);
        }
        let integrity = integrity_flags(&extracted, &document, &evaluation, redactor);
        Ok(Processed {
            extracted,
            document,
            evaluation,
            integrity,
            sha256,
            identity,
        })
    })
}

/// Builds the stages' lazily compiled tables on a thread of its own, so that a command can load
/// its packs meanwhile on the other core instead of having its first resume wait for them.
/// Whoever needs a table first still waits for it; nothing is built twice.
pub fn warm_up_in_background() {
    // A thread that cannot start only means the first resume builds the tables itself.
    let _ = std::thread::Builder::new()
        .name("warm-up".into())
        .spawn(crate::structure::warm_up);
}

/// Screens one file, masking contact data in snippets and the file name when `redactor` is given
/// (rules still see the full text). Never panics.
pub fn screen_file_with(
    path: &Path,
    engine: &Engine,
    extractor: &Extractor,
    redactor: Option<&Redactor>,
) -> Outcome {
    // The escaped form is one-to-one with the name's bytes, so ids hashed from it differ for
    // names that differ only in bytes that are not UTF-8.
    let (display, path_bytes) = crate::report::display_path(path);
    let built = process_file(path, engine, extractor, redactor).and_then(|processed| {
        // Building the entry is guarded like the stages before it.
        isolated(|| {
            let text_sha256 = Sha256::digest(processed.document.text().as_bytes()).into();
            let id = redactor.map(|_| crate::redact::candidate_id(&processed.sha256, &display));
            let mut candidate = build_candidate(
                display,
                processed.sha256,
                &processed.extracted,
                &processed.document,
                engine,
                &processed.evaluation,
                &processed.integrity,
            );
            candidate.text_sha256 = text_sha256;
            candidate.path_bytes = path_bytes;
            if redactor.is_none() {
                let contact = crate::contact::contact(processed.document.text());
                candidate.name = contact.name;
                candidate.email = contact.email;
            }
            if let Some(id) = id {
                candidate.path = id;
                candidate.path_bytes = None;
            }
            Ok(candidate)
        })
    });
    match built {
        Ok(candidate) => Outcome::Candidate(Box::new(candidate)),
        Err(err) => Outcome::Error(redacted_error_entry(path, &err, redactor)),
    }
}

/// Bytes of a line masked on each side of a match beyond the snippet: far more than any contact
/// detail is long, and little enough that a line of megabytes costs no more than a short one.
const MASK_REACH: usize = 4096;

/// Masks contact data and the candidate's name (`identity`, found once per document) in every
/// piece of evidence, note and position header. Each snippet is cut again from its whole masked
/// line: a detail cut in half by the engine's snippet window would slip past the patterns.
pub fn redact_evaluation(
    evaluation: &mut Evaluation,
    redactor: &Redactor,
    identity: &crate::redact::Identity,
    document: &Document,
) {
    let text = document.text();
    // A position's header lines can hold contact details or the name as well. They are masked
    // whole (an address split at its commas no longer looks like one), and a title or employer
    // that does not survive the masking verbatim is not shown.
    for position in evaluation.structure.positions_mut() {
        let end = document.locate(position.range.end.min(text.len())).line_end;
        let header = redactor.redact_with(&text[position.start.min(end)..end], identity);
        for field in [&mut position.title, &mut position.employer] {
            let kept = redactor.redact_with(field, identity);
            if kept != *field || !header.contains(kept.as_str()) {
                *field = "[redacted]".to_string();
            }
        }
    }
    for flag in &mut evaluation.flags {
        if let Some(note) = &flag.note {
            flag.note = Some(redactor.redact_with(note, identity));
        }
        for evidence in &mut flag.evidence {
            let location = document.locate(evidence.span.start);
            // A line is masked whole, but a huge one (a file without line breaks) only far
            // enough around the match that no contact detail could reach into the snippet.
            let line_start = crate::normalize::floor_char_boundary(
                text,
                location
                    .line_start
                    .max(evidence.span.start.saturating_sub(MASK_REACH)),
            )
            .min(evidence.span.start);
            let line_end = crate::normalize::ceil_char_boundary(
                text,
                location
                    .line_end
                    .min(evidence.span.end + MASK_REACH)
                    .max(evidence.span.end),
            );
            let line = &text[line_start..line_end];
            let span = evidence.span.start - line_start..evidence.span.end - line_start;
            let (matched, snippet) = redactor.redact_snippet(
                line,
                span,
                crate::rules::engine::SNIPPET_CONTEXT,
                identity,
            );
            evidence.text = matched;
            evidence.snippet = snippet;
        }
    }
}

/// Builds the error entry of a failed input; `path` is already in the report's escaped form
/// (set `path_bytes` for a name that is not UTF-8).
pub fn error_entry(path: String, err: &ExtractError) -> ErrorEntry {
    ErrorEntry {
        path,
        path_bytes: None,
        kind: err.kind().to_string(),
        message: err.to_string(),
    }
}

/// How the report names an input that was not screened: its escaped path and, for a name that
/// is not UTF-8, its raw bytes; under redaction an `input-` id alone, since a file or folder
/// name is often the candidate's name.
pub fn unscreened_name(path: &Path, redacting: bool) -> (String, Option<String>) {
    let (display, path_bytes) = crate::report::display_path(path);
    if redacting {
        (crate::redact::input_id(&display), None)
    } else {
        (display, path_bytes)
    }
}

/// Builds the error entry of a failed input; with a `redactor` (a blind review), the path is an
/// id and the message is masked.
pub fn redacted_error_entry(
    path: &Path,
    err: &ExtractError,
    redactor: Option<&Redactor>,
) -> ErrorEntry {
    let (shown, path_bytes) = unscreened_name(path, redactor.is_some());
    let message = match redactor {
        Some(redactor) => {
            redactor.redact_message(&err.to_string(), &crate::report::display_path(path).0)
        }
        None => err.to_string(),
    };
    ErrorEntry {
        path: shown,
        path_bytes,
        kind: err.kind().to_string(),
        message,
    }
}

/// The integrity flags of a document (hidden text, look-alike characters, keyword stuffing),
/// which no rule pack produces; with a `redactor`, what they show is masked.
pub fn integrity_flags(
    extracted: &Extracted,
    document: &Document,
    evaluation: &Evaluation,
    redactor: Option<&Redactor>,
) -> Vec<IntegrityFlag> {
    let identity = redactor.map(|r| r.identity(document.text()));
    let mask = |text: &str| match (redactor, &identity) {
        (Some(redactor), Some(identity)) => redactor.redact_with(text, identity),
        _ => text.to_string(),
    };
    let mut flags = Vec::new();
    flags.extend(crate::integrity::hidden_text(extracted, &mask));
    flags.extend(crate::integrity::lookalike_characters(
        document,
        &evaluation.structure,
        &mask,
    ));
    flags.extend(crate::integrity::keyword_stuffing(
        evaluation, document, &mask,
    ));
    flags
}

fn build_candidate(
    path: String,
    sha256: String,
    extracted: &Extracted,
    document: &Document,
    engine: &Engine,
    evaluation: &Evaluation,
    integrity: &[IntegrityFlag],
) -> Candidate {
    let mut green = Vec::new();
    let mut yellow = Vec::new();
    for flag in &evaluation.flags {
        let rule = &engine.rules()[flag.rule];
        let entry = FlagEntry {
            id: rule.id.clone(),
            title: rule.title.clone(),
            category: rule.category.clone(),
            weight: rule.weight,
            sensitive: rule.sensitive,
            evidence: flag
                .evidence
                .iter()
                .map(|e| EvidenceEntry {
                    text: e.text.clone(),
                    line: e.line,
                    page: e.page,
                    snippet: e.snippet.clone(),
                    section: e.section.as_str().to_string(),
                    position: e.position,
                    how: None,
                })
                .collect(),
            note: flag.note.clone(),
        };
        match rule.kind {
            Kind::Green => green.push(entry),
            Kind::Yellow => yellow.push(entry),
            Kind::Signal => {}
        }
    }
    // Integrity flags come last, after the pack's yellows; they weigh nothing (see integrity).
    yellow.extend(integrity.iter().map(IntegrityFlag::to_entry));
    let (score, breakdown) = score::assess(engine, evaluation);
    Candidate {
        rank: 0,
        path,
        path_bytes: None,
        name: None,
        email: None,
        sha256,
        format: extracted.format.as_str().to_string(),
        extractor: extracted.extractor.to_string(),
        score,
        breakdown,
        green,
        yellow,
        experience: experience_of(document, engine, evaluation),
        skills: skills_of(evaluation),
        scorecard: Scorecard(evaluation.scorecard.clone()),
        notes: extracted.notes.clone(),
        duplicate_of: None,
        text_sha256: [0; 32],
    }
}

/// The report's view of the structure stage's positions and the relevant years.
fn experience_of(document: &Document, engine: &Engine, evaluation: &Evaluation) -> Experience {
    let as_of = engine.options().as_of;
    let positions = evaluation
        .structure
        .positions()
        .iter()
        .map(|p| PositionEntry {
            title: p.title.clone(),
            employer: p.employer.clone(),
            from: p.range.from.to_string(),
            to: p.range.to.to_string(),
            months: p.range.months(as_of),
            relevant: p.relevant,
            line: document.locate(p.range.start).line,
        })
        .collect();
    Experience {
        years: evaluation.years,
        positions,
    }
}

/// Skills by category, each with its months, last use and sections.
fn skills_of(evaluation: &Evaluation) -> BTreeMap<String, Vec<SkillEntry>> {
    let mut skills: BTreeMap<String, Vec<SkillEntry>> = BTreeMap::new();
    for used in &evaluation.skill_uses {
        skills
            .entry(used.category.to_string())
            .or_default()
            .push(SkillEntry {
                name: used.name.to_string(),
                months: used.months,
                last_used: used.last_used.map(|m| m.to_string()),
                sections: used
                    .sections
                    .iter()
                    .map(|k| k.as_str().to_string())
                    .collect(),
                weak: used.weak,
            });
    }
    for entries in skills.values_mut() {
        entries.sort_by(|a, b| a.name.cmp(&b.name));
    }
    skills
}

/// Screens every file in parallel on the current rayon pool; outcomes in input order.
pub fn screen_all(files: &[PathBuf], engine: &Engine, extractor: &Extractor) -> Vec<Outcome> {
    files
        .par_iter()
        .map(|path| screen_file(path, engine, extractor))
        .collect()
}

/// The result for one input, with a screened candidate already in compact form.
#[derive(Debug, Clone)]
pub enum CompactOutcome {
    /// Screened.
    Candidate(CompactCandidate),
    /// Not screened, and why.
    Error(ErrorEntry),
}

/// Screens one file and serializes its candidate at once, so the full [`Candidate`] (flags,
/// evidence, snippets) is freed on the thread that built it. Never panics.
pub fn screen_file_compact(
    path: &Path,
    engine: &Engine,
    extractor: &Extractor,
    redactor: Option<&Redactor>,
) -> CompactOutcome {
    match screen_file_with(path, engine, extractor, redactor) {
        Outcome::Candidate(candidate) => match CompactCandidate::new(&candidate) {
            Ok(compact) => CompactOutcome::Candidate(compact),
            Err(err) => CompactOutcome::Error(ErrorEntry {
                path_bytes: candidate.path_bytes.clone(),
                ..error_entry(
                    candidate.path.clone(),
                    &ExtractError::Panic(format!("internal error: cannot serialize result: {err}")),
                )
            }),
        },
        Outcome::Error(error) => CompactOutcome::Error(error),
    }
}

/// Screens every file in parallel on `pool` and hands each result to `on_result` on the calling
/// thread as soon as it is ready, with the file's index in `files`. Results come in completion
/// order, not input order. At most a few results per worker wait in between, so memory does not
/// grow with the batch however slow `on_result` is (e.g. a slow pipe downstream).
///
/// When `on_result` fails (e.g. the reader of the output went away), no new file is started, the
/// files in progress are finished and dropped, and the error is returned.
pub fn screen_streaming<E>(
    files: &[PathBuf],
    engine: &Engine,
    extractor: &Extractor,
    pool: &rayon::ThreadPool,
    redactor: Option<&Redactor>,
    mut on_result: impl FnMut(usize, CompactOutcome) -> Result<(), E>,
) -> Result<(), E> {
    let capacity = 4 * pool.current_num_threads().max(1);
    let (sender, receiver) = std::sync::mpsc::sync_channel(capacity);
    std::thread::scope(|scope| {
        let workers = scope.spawn(move || {
            pool.install(|| {
                // `Err` only once the receiver is gone: stop starting files then.
                files
                    .par_iter()
                    .enumerate()
                    .try_for_each_with(sender, |sender, (index, path)| {
                        // The unsent result is of no use once the receiver is gone.
                        sender
                            .send((
                                index,
                                screen_file_compact(path, engine, extractor, redactor),
                            ))
                            .map_err(drop)
                    })
            })
        });
        let mut result = Ok(());
        for (index, outcome) in receiver.iter() {
            if let Err(err) = on_result(index, outcome) {
                result = Err(err);
                break;
            }
        }
        // Unblocks workers waiting to send and makes them stop.
        drop(receiver);
        if let Err(payload) = workers.join() {
            std::panic::resume_unwind(payload);
        }
        result
    })
}

/// Sorts candidates into ranking order and gives them competition ranks (equal scores share
/// one); sorts errors by path.
pub fn rank(candidates: &mut [Candidate], errors: &mut [ErrorEntry]) {
    fn key(c: &Candidate) -> score::RankKey<'_> {
        score::RankKey {
            score: c.score,
            yellow: c.yellow.len(),
            content: c.sha256.as_bytes(),
            path: &c.path,
        }
    }
    candidates.sort_by(|a, b| score::rank_order(key(a), key(b)));
    let ranks: Vec<usize> = score::competition_ranks(candidates.iter().map(|c| c.score)).collect();
    for (candidate, rank) in candidates.iter_mut().zip(ranks) {
        candidate.rank = rank;
    }
    errors.sort_by(|a, b| a.path.cmp(&b.path));
}
