//! `resume-screen explain`: one resume, explained for a person rather than a spreadsheet.
//!
//! `screen` answers "who first?"; this answers "why this score?". It shows every flag that fired
//! with its evidence in the context of the resume line it came from (the match highlighted), the
//! scorecard, the skills found, and the reported rules that looked for something and did not
//! find it, which is usually what a recruiter or a rule author wants to know next.
//!
//! The output is for reading, not parsing: use `screen --format json` for machines. It is still
//! deterministic so it can be diffed and pasted into a review.

use crate::cli::{ColorChoice, ExplainArgs};
use crate::exit::Exit;
use crate::extract::{ExtractError, Extracted};
use crate::integrity::IntegrityFlag;
use crate::normalize::Document;
use crate::redact::{Identity, Redactor};
use crate::report::terminal_safe as clean;
use crate::rules::engine::{CompiledRule, Span};
use crate::rules::file::Kind;
use crate::rules::{Engine, Evaluation, Evidence, Flag};
use anyhow::Result;
use std::borrow::Cow;
use std::io::{IsTerminal, Write};

/// Longest evidence line shown, in characters; longer lines are cut around the match so the
/// match stays in view on an ordinary terminal.
const MAX_LINE_CHARS: usize = 120;

/// Runs `explain`.
pub fn run(args: ExplainArgs) -> Result<Exit> {
    // Rules first, as in `screen`: an invalid pack must fail before any file is read.
    let (_, engine, _) =
        super::load_engine(&args.rules, args.role, args.score_sensitive, args.as_of)?;
    let extractor = crate::extract::Extractor::for_this_executable(args.limits.limits());
    // Written and hashed as `screen` writes it, so a redacted id matches the report's.
    let (path, _) = crate::report::display_path(&args.file);

    // The same stages, isolation and CPU budget `screen` gives each file: a panic or a timeout
    // is this file's error, reported the same way, not a crash.
    let redactor = args.redact.then(Redactor::new);
    let processed =
        match crate::pipeline::process_file(&args.file, &engine, &extractor, redactor.as_ref()) {
            Ok(processed) => processed,
            Err(err) => return Ok(could_not_screen(&args.file, &err, redactor.as_ref())),
        };
    let shown_path = match redactor {
        Some(_) => crate::redact::candidate_id(&processed.sha256, &path),
        None => path.clone(),
    };

    let style = Style {
        colour: use_colour(args.color),
    };
    let explanation = Explanation {
        path: &shown_path,
        redaction: redactor.as_ref().map(|r| (r, &processed.identity)),
        extracted: &processed.extracted,
        document: &processed.document,
        engine: &engine,
        evaluation: &processed.evaluation,
        integrity: &processed.integrity,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    explanation.write(&mut out, style)?;
    out.flush()?;
    Ok(Exit::Success)
}

/// Same exit code as a batch with failed inputs: the command ran, this input could not be read.
fn could_not_screen(
    path: &std::path::Path,
    err: &ExtractError,
    redactor: Option<&Redactor>,
) -> Exit {
    let entry = crate::pipeline::redacted_error_entry(path, err, redactor);
    eprintln!(
        "{}: could not be screened: {}: {}",
        clean(&entry.path),
        entry.kind,
        clean(&entry.message)
    );
    Exit::Partial
}

/// Colour only for a person at a terminal who has not opted out (https://no-color.org).
fn use_colour(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::io::stdout().is_terminal() && super::colour_wanted(),
    }
}

/// How text is decorated: ANSI SGR codes in colour mode, visible ASCII markers otherwise so the
/// highlight survives `| less`, `> file` and copy-paste.
#[derive(Debug, Clone, Copy)]
struct Style {
    colour: bool,
}

const BOLD: &str = "1";
const GREEN: &str = "32";
const YELLOW: &str = "33";
const BOLD_GREEN: &str = "1;32";
const BOLD_YELLOW: &str = "1;33";
const DIM: &str = "2";

impl Style {
    fn paint<'a>(self, sgr: &str, text: &'a str) -> Cow<'a, str> {
        if self.colour && !text.is_empty() {
            Cow::Owned(format!("\x1b[{sgr}m{text}\x1b[0m"))
        } else {
            Cow::Borrowed(text)
        }
    }

    fn highlight(self, kind: Kind, text: &str) -> String {
        if self.colour {
            let sgr = if kind == Kind::Yellow {
                BOLD_YELLOW
            } else {
                BOLD_GREEN
            };
            self.paint(sgr, text).into_owned()
        } else {
            format!("[[{text}]]")
        }
    }

    fn kind_colour(kind: Kind) -> &'static str {
        if kind == Kind::Yellow {
            YELLOW
        } else {
            GREEN
        }
    }
}

/// Everything one explanation is made of.
struct Explanation<'a> {
    path: &'a str,
    /// Under `--redact`: how to mask each line shown, and whose name to mask.
    redaction: Option<(&'a Redactor, &'a Identity)>,
    extracted: &'a Extracted,
    document: &'a Document,
    engine: &'a Engine,
    evaluation: &'a Evaluation,
    /// Integrity flags (hidden text, look-alike characters, keyword stuffing): yellow, unscored.
    integrity: &'a [IntegrityFlag],
}

impl Explanation<'_> {
    fn write(&self, out: &mut dyn Write, style: Style) -> std::io::Result<()> {
        // Scored once: the header's figure is the breakdown's total.
        let (score, components) = crate::score::assess(self.engine, self.evaluation);
        self.write_header(out, style, score)?;
        self.write_breakdown(out, style, score, &components)?;
        self.write_structure(out, style)?;
        for kind in [Kind::Green, Kind::Yellow] {
            self.write_flags(out, style, kind)?;
        }
        self.write_scorecard(out, style)?;
        self.write_skills(out, style)?;
        self.write_not_found(out, style)
    }

    fn rule(&self, flag: &Flag) -> &CompiledRule {
        &self.engine.rules()[flag.rule]
    }

    fn flags_of(&self, kind: Kind) -> impl Iterator<Item = &Flag> {
        self.evaluation
            .flags
            .iter()
            .filter(move |f| self.rule(f).kind == kind)
    }

    fn write_header(&self, out: &mut dyn Write, style: Style, score: f64) -> std::io::Result<()> {
        let options = self.engine.options();
        writeln!(out, "{}", style.paint(BOLD, &clean(self.path)))?;
        writeln!(
            out,
            "  format:  {} ({} extractor)",
            self.extracted.format.as_str(),
            self.extracted.extractor
        )?;
        writeln!(out, "  role:    {} (as of {})", options.role, options.as_of)?;

        writeln!(
            out,
            "  score:   {}  (the sum of the breakdown below)",
            style.paint(BOLD, &format!("{score:.1}")),
        )?;
        let unscored: Vec<&str> = self
            .evaluation
            .flags
            .iter()
            .map(|f| self.rule(f))
            .filter(|r| r.sensitive && !self.engine.is_scored(r))
            .map(|r| r.id.as_str())
            .collect();
        if !unscored.is_empty() {
            writeln!(
                out,
                "  note:    sensitive flags not scored: {} (--score-sensitive counts them)",
                unscored.join(", ")
            )?;
        }
        Ok(())
    }

    fn write_flags(&self, out: &mut dyn Write, style: Style, kind: Kind) -> std::io::Result<()> {
        let flags: Vec<&Flag> = self.flags_of(kind).collect();
        let integrity: &[IntegrityFlag] = match kind {
            Kind::Yellow => self.integrity,
            _ => &[],
        };
        let (heading, marker) = match kind {
            Kind::Yellow => ("Yellow flags", "!"),
            _ => ("Green flags", "✔"),
        };
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            style.paint(
                BOLD,
                &format!("{heading} ({})", flags.len() + integrity.len())
            )
        )?;
        if flags.is_empty() && integrity.is_empty() {
            writeln!(out, "  (none)")?;
        }
        for flag in flags {
            let rule = self.rule(flag);
            let scoring = match (rule.sensitive, self.engine.is_scored(rule)) {
                (true, false) => " (sensitive, not scored)",
                (true, true) => " (sensitive)",
                _ => "",
            };
            writeln!(
                out,
                "  {} {}  {}  weight {}{scoring}",
                style.paint(&format!("{BOLD};{}", Style::kind_colour(kind)), marker),
                style.paint(BOLD, &rule.id),
                clean(&rule.title),
                rule.weight,
            )?;
            if let Some(note) = &flag.note {
                writeln!(out, "      note: {}", clean(note))?;
            }
            if flag.evidence.is_empty() {
                // Absence flags may have nothing to point at; say so rather than print nothing.
                writeln!(
                    out,
                    "      (no evidence line: the flag is about what is missing)"
                )?;
            }
            for group in group_by_line(self.document, &flag.evidence) {
                self.write_evidence(out, style, kind, &group)?;
            }
        }
        for flag in integrity {
            writeln!(
                out,
                "  {} {}  {}  weight 0 (integrity, not scored)",
                style.paint(&format!("{BOLD};{}", Style::kind_colour(kind)), marker),
                style.paint(BOLD, flag.id),
                flag.title,
            )?;
            writeln!(out, "      note: {}", clean(&flag.note))?;
            for evidence in &flag.evidence {
                let location = match evidence.page {
                    Some(page) => format!("line {} (page {page}):", evidence.line),
                    None => format!("line {}:", evidence.line),
                };
                writeln!(
                    out,
                    "      {} {}",
                    style.paint(DIM, &location),
                    clean(&evidence.snippet)
                )?;
            }
        }
        Ok(())
    }

    fn write_evidence(
        &self,
        out: &mut dyn Write,
        style: Style,
        kind: Kind,
        group: &LineGroup,
    ) -> std::io::Result<()> {
        let mut place = group.section.as_str().to_string();
        if let Some(index) = group.position {
            place.push_str(&format!(" #{index}"));
        }
        let location = match group.page {
            Some(page) => format!("line {} (page {page}, {place}):", group.line),
            None => format!("line {} ({place}):", group.line),
        };
        let (line, marks) = line_marks(self.document, &group.spans);
        let masked;
        let (line, marks, tokens) = match self.redaction {
            // The whole line is masked before it is cut to fit, and the matches move with it.
            Some((redactor, identity)) => {
                masked = redactor.mask(line, identity);
                let marks = marks
                    .iter()
                    .map(|&(start, end)| (masked.map_start(start), masked.map_end(end)))
                    .collect();
                (masked.text(), marks, masked.tokens().collect())
            }
            None => (line, marks, Vec::new()),
        };
        let context = in_context(line, &marks, &tokens);
        let mut shown = String::new();
        if context.cut_before {
            shown.push('…');
        }
        for (piece, matched) in context.pieces {
            if matched {
                shown.push_str(&style.highlight(kind, &clean(piece)));
            } else {
                shown.push_str(&clean(piece));
            }
        }
        if context.cut_after {
            shown.push('…');
        }
        writeln!(out, "      {} {shown}", style.paint(DIM, &location))
    }

    /// The score's components as a table: points of maximum, a bar, and the evidence, so the
    /// number can be checked line by line.
    fn write_breakdown(
        &self,
        out: &mut dyn Write,
        style: Style,
        score: f64,
        components: &[crate::score::Component],
    ) -> std::io::Result<()> {
        writeln!(out)?;
        writeln!(out, "{}", style.paint(BOLD, "Score breakdown"))?;
        let width = name_width(components.iter().map(|c| c.title.as_str()));
        for component in components {
            let bar = if component.max > 0.0 {
                let filled =
                    ((component.points / component.max).clamp(0.0, 1.0) * 10.0).round() as usize;
                format!(
                    "{}{}",
                    style.paint(GREEN, &"█".repeat(filled)),
                    "░".repeat(10 - filled)
                )
            } else {
                " ".repeat(10)
            };
            let evidence = component
                .evidence
                .iter()
                .map(|e| clean(e))
                .collect::<Vec<_>>()
                .join("; ");
            writeln!(
                out,
                "  {:width$}  {:>6.1} / {:<5}  {bar}  {}",
                clean(&component.title),
                component.points,
                format!("{:.0}", component.max),
                style.paint(DIM, &evidence),
            )?;
        }
        writeln!(out, "  {:width$}  {score:>6.1}", "total")?;
        Ok(())
    }

    fn write_scorecard(&self, out: &mut dyn Write, style: Style) -> std::io::Result<()> {
        writeln!(out)?;
        writeln!(out, "{}", style.paint(BOLD, "Scorecard"))?;
        if self.evaluation.scorecard.is_empty() {
            writeln!(out, "  (no scorecard in the rule packs)")?;
        }
        let width = name_width(self.evaluation.scorecard.iter().map(|(c, _)| c.as_str()));
        for (category, level) in &self.evaluation.scorecard {
            let level = usize::from((*level).min(3));
            let filled = "█".repeat(level);
            let empty = "░".repeat(3 - level);
            writeln!(
                out,
                "  {:width$}  {}{} {level}/3",
                clean(category),
                style.paint(GREEN, &filled),
                empty,
            )?;
        }
        Ok(())
    }

    /// The sections the resume was read as, and its dated positions with their months.
    fn write_structure(&self, out: &mut dyn Write, style: Style) -> std::io::Result<()> {
        let structure = &self.evaluation.structure;
        let as_of = self.engine.options().as_of;
        writeln!(out)?;
        writeln!(out, "{}", style.paint(BOLD, "Sections"))?;
        for section in structure.sections() {
            let line = self.document.locate(section.start).line;
            writeln!(out, "  line {line:>4}  {}", section.kind.as_str())?;
        }
        writeln!(out)?;
        writeln!(
            out,
            "{}  {:.1} relevant years (as of {as_of})",
            style.paint(BOLD, "Experience"),
            self.evaluation.years
        )?;
        if structure.positions().is_empty() {
            writeln!(out, "  (no dated positions found)")?;
        }
        for (i, position) in structure.positions().iter().enumerate() {
            let to = position.range.to;
            let what = [position.title.as_str(), position.employer.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .map(|s| clean(s).into_owned())
                .collect::<Vec<_>>()
                .join(", ");
            let relevance = if position.relevant {
                "relevant"
            } else {
                "not technical: not counted"
            };
            writeln!(
                out,
                "  #{i} {} .. {to}  {:>3} months  {what}  {}",
                position.range.from,
                position.range.months(as_of),
                style.paint(
                    DIM,
                    &format!(
                        "({relevance}, line {})",
                        self.document.locate(position.range.start).line
                    )
                )
            )?;
        }
        Ok(())
    }

    fn write_skills(&self, out: &mut dyn Write, style: Style) -> std::io::Result<()> {
        writeln!(out)?;
        writeln!(out, "{}", style.paint(BOLD, "Skills found"))?;
        let uses = &self.evaluation.skill_uses;
        if uses.is_empty() {
            writeln!(out, "  (none)")?;
        }
        let width = name_width(uses.iter().map(|u| &*u.category));
        // Uses are sorted by category, then name.
        for group in uses.chunk_by(|a, b| a.category == b.category) {
            let category = &group[0].category;
            // Months of dated use where the resume shows them: a skill named once in a list and
            // one used for years read differently.
            let names: Vec<Cow<str>> = group
                .iter()
                .map(|u| {
                    if u.months > 0 {
                        Cow::Owned(format!("{} ({} mo)", clean(&u.name), u.months))
                    } else if u.weak {
                        Cow::Owned(format!("{} (basic)", clean(&u.name)))
                    } else {
                        clean(&u.name)
                    }
                })
                .collect();
            writeln!(
                out,
                "  {:width$}  {}",
                format!("{}:", clean(category)),
                names.join(", "),
                width = width + 1
            )?;
        }
        Ok(())
    }

    /// Green rules here are the points the resume could still earn; yellow ones are concerns
    /// that were checked for and cleared.
    fn write_not_found(&self, out: &mut dyn Write, style: Style) -> std::io::Result<()> {
        let fired: std::collections::BTreeSet<usize> =
            self.evaluation.flags.iter().map(|f| f.rule).collect();
        let mut missing: Vec<&CompiledRule> = self
            .engine
            .rules()
            .iter()
            .enumerate()
            .filter(|(i, r)| r.is_reported() && !fired.contains(i))
            .map(|(_, r)| r)
            .collect();
        missing.sort_by(|a, b| (a.kind != Kind::Green, &a.id).cmp(&(b.kind != Kind::Green, &b.id)));
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            style.paint(
                BOLD,
                &format!("Looked for and not found ({})", missing.len())
            )
        )?;
        if missing.is_empty() {
            writeln!(out, "  (every reported rule fired)")?;
        }
        let width = name_width(missing.iter().map(|r| r.id.as_str()));
        for rule in missing {
            let kind = if rule.kind == Kind::Yellow {
                "yellow"
            } else {
                "green "
            };
            let looks_for = if rule.looks_for.is_empty() {
                String::new()
            } else {
                format!(" (looks for {})", clean(&rule.looks_for))
            };
            writeln!(
                out,
                "  {} {:width$}  {}{looks_for}",
                style.paint(Style::kind_colour(rule.kind), kind),
                rule.id,
                clean(&rule.title),
            )?;
        }
        Ok(())
    }
}

fn name_width<'a>(names: impl Iterator<Item = &'a str>) -> usize {
    names.map(|n| n.chars().count()).max().unwrap_or(0)
}

/// Evidence from one normalized line, shown together so a line with three matches is printed
/// once with three highlights rather than three times.
struct LineGroup {
    line: u32,
    page: Option<u32>,
    /// Where the group's first piece of evidence stands, as the engine placed it.
    section: crate::structure::SectionKind,
    position: Option<usize>,
    line_start: usize,
    spans: Vec<Span>,
}

/// Groups evidence by line, in order of first appearance. Matches too far apart to fit in one
/// cut line stay in separate groups, so every match is always in view.
fn group_by_line(document: &Document, evidence: &[Evidence]) -> Vec<LineGroup> {
    let text = document.text();
    let mut groups: Vec<LineGroup> = Vec::new();
    for item in evidence {
        let line_start = document.locate(item.span.start).line_start;
        let fits = |group: &LineGroup| {
            let lo = group
                .spans
                .iter()
                .map(|s| s.start)
                .min()
                .unwrap_or(item.span.start);
            let hi = group
                .spans
                .iter()
                .map(|s| s.end)
                .max()
                .unwrap_or(item.span.end);
            let (lo, hi) = (lo.min(item.span.start), hi.max(item.span.end));
            text.get(lo..hi)
                .is_some_and(|s| s.chars().count() <= MAX_LINE_CHARS)
        };
        match groups
            .iter_mut()
            .find(|g| g.line_start == line_start && fits(g))
        {
            Some(group) => group.spans.push(item.span),
            None => groups.push(LineGroup {
                line: item.line,
                page: item.page,
                section: item.section,
                position: item.position,
                line_start,
                spans: vec![item.span],
            }),
        }
    }
    groups
}

/// Matches in their normalized line, cut to [`MAX_LINE_CHARS`] around the matches when the line
/// is longer. `pieces` alternate between plain text and matches (`true`).
#[derive(Debug, PartialEq, Eq)]
struct Context<'a> {
    cut_before: bool,
    pieces: Vec<(&'a str, bool)>,
    cut_after: bool,
}

/// The line the first of `spans` is on, and the spans as ranges of that line. `spans` must be
/// non-empty and start on one line.
fn line_marks<'a>(document: &'a Document, spans: &[Span]) -> (&'a str, Vec<(usize, usize)>) {
    let text = document.text();
    let location = document.locate(spans.first().map_or(0, |s| s.start));
    let floor = |i: usize| crate::normalize::floor_char_boundary(text, i);
    let line_start = floor(location.line_start);
    let line_end = floor(location.line_end.max(line_start));
    // A regex may match across a line break (`\s`); only the part on this line is shown.
    let marks = spans
        .iter()
        .map(|s| {
            let start = floor(s.start.clamp(line_start, line_end));
            (
                start - line_start,
                floor(s.end.clamp(start, line_end)) - line_start,
            )
        })
        .collect();
    (&text[line_start..line_end], marks)
}

/// `marks`: the matches, as ranges of `text` (one line) on char boundaries. A cut never falls
/// inside one of `whole` (the mask tokens of a redacted line).
fn in_context<'a>(
    text: &'a str,
    marks: &[(usize, usize)],
    whole: &[std::ops::Range<usize>],
) -> Context<'a> {
    let (line_start, line_end) = (0, text.len());
    let mut marks = marks.to_vec();
    marks.sort_unstable();
    // "Django" inside "Django REST Framework" is one highlight, not two interleaved ones.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in marks {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    let (union_start, union_end) = (
        merged.first().map_or(line_start, |m| m.0),
        merged.last().map_or(line_start, |m| m.1),
    );

    let chars = |from: usize, to: usize| text[from..to].chars().count();
    let (window_start, window_end) = if chars(line_start, line_end) <= MAX_LINE_CHARS {
        (line_start, line_end)
    } else {
        let union_n = chars(union_start, union_end);
        let (before_n, after_n) = (chars(line_start, union_start), chars(union_end, line_end));
        let budget = MAX_LINE_CHARS.saturating_sub(union_n);
        // Centre the matches, giving one side's unused share to the other near a line end.
        let keep_after = after_n
            .min(budget - budget / 2)
            .max(budget.saturating_sub(before_n))
            .min(after_n);
        let keep_before = before_n.min(budget - keep_after);
        let from = union_start - last_chars(&text[line_start..union_start], keep_before).len();
        let to = if union_n > MAX_LINE_CHARS {
            union_start + first_chars(&text[union_start..union_end], MAX_LINE_CHARS).len()
        } else {
            union_end + first_chars(&text[union_end..line_end], keep_after).len()
        };
        let from = whole
            .iter()
            .find(|t| t.start < from && from < t.end)
            .map_or(from, |t| t.start);
        let to = whole
            .iter()
            .find(|t| t.start < to && to < t.end)
            .map_or(to, |t| t.end);
        (from, to)
    };

    let mut pieces = Vec::new();
    let mut at = window_start;
    for (start, end) in merged {
        let (start, end) = (start.clamp(at, window_end), end.clamp(at, window_end));
        if start > at {
            pieces.push((&text[at..start], false));
        }
        if end > start {
            pieces.push((&text[start..end], true));
        }
        at = end;
    }
    if window_end > at {
        pieces.push((&text[at..window_end], false));
    }
    Context {
        cut_before: window_start > line_start,
        pieces,
        cut_after: window_end < line_end,
    }
}

fn first_chars(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

fn last_chars(s: &str, n: usize) -> &str {
    if n == 0 {
        return "";
    }
    s.char_indices()
        .rev()
        .nth(n - 1)
        .map_or(s, |(i, _)| &s[i..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_of(doc: &Document, needle: &str) -> Span {
        let start = doc.text().find(needle).unwrap();
        Span {
            start,
            end: start + needle.len(),
        }
    }

    fn context_of<'a>(doc: &'a Document, spans: &[Span]) -> Context<'a> {
        let (line, marks) = line_marks(doc, spans);
        in_context(line, &marks, &[])
    }

    fn render(c: &Context) -> String {
        let mut s = String::new();
        if c.cut_before {
            s.push('…');
        }
        for (piece, matched) in &c.pieces {
            if *matched {
                s.push_str(&format!("[[{piece}]]"));
            } else {
                s.push_str(piece);
            }
        }
        if c.cut_after {
            s.push('…');
        }
        s
    }

    #[test]
    fn short_lines_are_shown_whole() {
        let doc = Document::from_text("first line\nBuilt APIs in FastAPI daily\nlast");
        let c = context_of(&doc, &[span_of(&doc, "FastAPI")]);
        assert_eq!(render(&c), "Built APIs in [[FastAPI]] daily");
    }

    #[test]
    fn several_matches_on_a_line_are_highlighted_together_and_overlaps_merged() {
        let doc = Document::from_text("Web: Django REST Framework and Flask");
        let spans = [
            span_of(&doc, "Flask"),
            span_of(&doc, "Django REST Framework"),
            span_of(&doc, "Django"),
        ];
        let c = context_of(&doc, &spans);
        assert_eq!(render(&c), "Web: [[Django REST Framework]] and [[Flask]]");
    }

    #[test]
    fn long_lines_are_cut_around_the_match() {
        let line = format!("{} FastAPI {}", "é".repeat(300), "x".repeat(300));
        let doc = Document::from_text(&line);
        let c = context_of(&doc, &[span_of(&doc, "FastAPI")]);
        let shown: usize = c.pieces.iter().map(|(p, _)| p.chars().count()).sum();
        assert_eq!(shown, MAX_LINE_CHARS);
        assert!(c.pieces.contains(&("FastAPI", true)));
        assert!(c.cut_before && c.cut_after);
    }

    #[test]
    fn a_match_near_a_line_end_gets_the_whole_budget_on_the_other_side() {
        let line = format!("{} FastAPI", "a".repeat(300));
        let doc = Document::from_text(&line);
        let c = context_of(&doc, &[span_of(&doc, "FastAPI")]);
        assert_eq!(c.pieces.last(), Some(&("FastAPI", true)));
        assert_eq!(c.pieces[0].0.chars().count(), MAX_LINE_CHARS - 7);
        assert!(c.cut_before && !c.cut_after);
    }

    #[test]
    fn a_match_across_a_line_break_is_shown_on_its_first_line() {
        let doc = Document::from_text("Python 2.7 to\n3.11 migration");
        let start = doc.text().find("Python").unwrap();
        let span = Span {
            start,
            end: doc.text().find("3.11").unwrap() + 4,
        };
        assert_eq!(render(&context_of(&doc, &[span])), "[[Python 2.7 to]]");
    }

    #[test]
    fn matches_too_far_apart_on_a_long_line_are_shown_separately() {
        let line = format!("FastAPI {} Django", "x".repeat(300));
        let doc = Document::from_text(&line);
        let groups = group_by_line(&doc, &evidence_of(&doc, &["FastAPI", "Django"]));
        assert_eq!(groups.len(), 2);
        let short = Document::from_text("FastAPI and Django");
        let evidence = evidence_of(&short, &["FastAPI", "Django"]);
        assert_eq!(group_by_line(&short, &evidence).len(), 1);
    }

    /// Evidence for the first occurrence of each of `texts` in `doc`, on line 1.
    fn evidence_of(doc: &Document, texts: &[&str]) -> Vec<Evidence> {
        texts
            .iter()
            .map(|text| Evidence {
                text: text.to_string(),
                line: 1,
                page: None,
                snippet: String::new(),
                span: span_of(doc, text),
                section: crate::structure::SectionKind::Summary,
                position: None,
            })
            .collect()
    }

    #[test]
    fn a_cut_never_splits_a_mask_token() {
        let line = format!("[email]{} FastAPI", "b".repeat(110));
        let start = line.find("FastAPI").unwrap();
        let marks = [(start, start + 7)];
        // Without the token the cut falls inside "[email]".
        let cut = in_context(&line, &marks, &[]);
        assert!(
            cut.cut_before && cut.pieces[0].0.starts_with("l]"),
            "{cut:?}"
        );
        let token = 0..7;
        let kept = in_context(&line, &marks, std::slice::from_ref(&token));
        assert!(!kept.cut_before, "{kept:?}");
        assert!(kept.pieces[0].0.starts_with("[email]"), "{kept:?}");
    }

    #[test]
    fn control_characters_are_neutralised() {
        assert_eq!(clean("a\x1b[31mb\u{202E}c"), "a\u{FFFD}[31mb\u{FFFD}c");
        assert!(matches!(clean("plain – text"), Cow::Borrowed(_)));
    }
}
