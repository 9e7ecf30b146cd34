//! `resume-screen extract`: the normalized text the rules see, with page markers, so a rule
//! author can see why a rule did or did not fire. `--redact` masks it as a blind review would.

use crate::cli::ExtractArgs;
use crate::exit::Exit;
use crate::redact::Redactor;
use anyhow::{bail, Result};
use std::io::Write;

/// Runs `extract`.
pub fn run(args: ExtractArgs) -> Result<Exit> {
    let extractor = crate::extract::Extractor::for_this_executable(args.limits.limits());
    let redactor = args.redact.then(Redactor::new);
    let (extracted, document, sha256) = match crate::pipeline::load_document(&args.file, &extractor)
    {
        Ok(loaded) => loaded,
        Err(err) => {
            // Named, and masked, as `screen` reports the same failure.
            let entry = crate::pipeline::redacted_error_entry(&args.file, &err, redactor.as_ref());
            bail!("{}: {} ({})", entry.path, entry.message, entry.kind)
        }
    };
    // A note names the file; a blind review shows the id `screen --redact` gives it.
    let (path, _) = crate::report::display_path(&args.file);
    let shown = match &redactor {
        Some(_) => crate::redact::candidate_id(&sha256, &path),
        None => path,
    };
    for note in &extracted.notes {
        eprintln!("warning: {shown}: {note}");
    }
    let identity = redactor
        .as_ref()
        .map(|r| r.identity(document.text()))
        .unwrap_or_default();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let paged = extracted.pages.len() > 1 || extracted.format == crate::extract::Format::Pdf;
    let mut current_page = 0;
    let text = document.text();
    for ((start, end), page) in document.line_ranges().zip(document.line_pages()) {
        if paged && page != current_page {
            writeln!(out, "--- page {page} ---")?;
            current_page = page;
        }
        let line = &text[start..end];
        match &redactor {
            Some(redactor) => writeln!(out, "{}", redactor.redact_with(line, &identity))?,
            None => writeln!(out, "{line}")?,
        }
    }
    // Hidden text is shown apart and marked, never mixed into what the rules see.
    if !extracted.hidden.is_empty() {
        writeln!(out, "--- hidden text (not screened) ---")?;
        for hidden in &extracted.hidden {
            let text = hidden.text.split_whitespace().collect::<Vec<_>>().join(" ");
            if text.is_empty() {
                continue;
            }
            let text = match &redactor {
                Some(redactor) => redactor.redact_with(&text, &identity),
                None => text,
            };
            let location = if paged {
                format!("page {}, line {}", hidden.page, hidden.line)
            } else {
                format!("line {}", hidden.line)
            };
            writeln!(out, "[{location}, {}] {text}", hidden.how.as_str())?;
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}
