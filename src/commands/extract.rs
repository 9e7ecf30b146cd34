//! `resume-screen extract`: the normalized text the rules see, with page markers, so a rule
//! author can see why a rule did or did not fire. `--redact` masks it as a blind review would.

use crate::app::Exit;
use crate::cli::ExtractArgs;
use crate::redact::Redactor;
use anyhow::{bail, Result};
use std::io::Write;

/// Runs `extract`.
pub fn run(args: ExtractArgs) -> Result<Exit> {
    let extractor = super::screen::make_extractor(args.limits.limits());
    let path = args.file.display().to_string();
    let redactor = args.redact.then(Redactor::new);
    let (extracted, document, _) = match crate::pipeline::load_document(&args.file, &extractor) {
        Ok(loaded) => loaded,
        Err(err) => match &redactor {
            // A file name often is the candidate's name.
            Some(redactor) => bail!(
                "{}: {} ({})",
                crate::redact::input_id(&path),
                redactor.redact_message(&err.to_string(), &path),
                err.kind()
            ),
            None => bail!("{path}: {err} ({})", err.kind()),
        },
    };
    // A note names the file; a blind review shows its id instead.
    let shown = match &redactor {
        Some(_) => crate::redact::input_id(&path),
        None => path.clone(),
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
