//! `resume-screen extract`: the normalized text the rules see, with page markers, so a rule
//! author can see why a rule did or did not fire.

use crate::app::Exit;
use crate::cli::ExtractArgs;
use anyhow::{bail, Result};
use std::io::Write;

/// Runs `extract`.
pub fn run(args: ExtractArgs) -> Result<Exit> {
    let extractor = super::screen::make_extractor(args.limits.limits());
    let (extracted, document, _) = match crate::pipeline::load_document(&args.file, &extractor) {
        Ok(loaded) => loaded,
        Err(err) => bail!("{}: {} ({})", args.file.display(), err, err.kind()),
    };
    for note in &extracted.notes {
        eprintln!("warning: {}: {note}", args.file.display());
    }
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
        writeln!(out, "{}", &text[start..end])?;
    }
    out.flush()?;
    Ok(Exit::Success)
}
