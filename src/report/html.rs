//! HTML output: one self-contained page (styles, script and data inline; nothing fetched), so it
//! opens from a `file://` URL or an e-mail attachment.
//!
//! The ranked table and the score histogram are plain HTML written here, so they are complete
//! without JavaScript and when printed. Each candidate's details (breakdown, flags with their
//! evidence, positions, skills) travel as a compact JSON model in one
//! `<script type="application/json">` block that the page's script turns into a panel only when
//! it is opened: 10,000 candidates stay one fast page. Strings shared by many candidates (flag
//! titles, section and skill names) are stored once in dictionaries.
//!
//! Everything in a report may come from a resume or a file name, so every string is escaped:
//! for HTML in the markup, and inside the JSON block `<`, `>`, `&`, U+2028 and U+2029 become
//! `\uXXXX` escapes, so no string can close the script element.

use super::compact::Row;
use super::{ErrorEntry, ForEach, Header, Records, SkippedEntry};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

const CSS: &str = include_str!("html/report.css");
/// The page's script element content, exactly as hashed for the Content-Security-Policy.
const SCRIPT: &str = concat!("\n", include_str!("html/report.js"));

/// Base64 of the SHA-256 of [`SCRIPT`], as a CSP `script-src` source.
fn script_hash() -> String {
    use sha2::{Digest, Sha256};
    super::path::base64_encode(&Sha256::digest(SCRIPT.as_bytes()))
}

/// Writes the page: head, histogram, table (first pass over the candidates), errors, skipped
/// files, then the data model (second pass) and the script.
pub(super) fn write(records: &Records<'_>, out: &mut dyn Write) -> io::Result<()> {
    let header = records.header;
    let for_each = records.for_each;
    let redact = header.settings.redact;
    let mut html = Html::new(out);
    html.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")?;
    // Within the first bytes, so a folder walk knows the page for a report, not a resume.
    html.raw("<meta name=\"generator\" content=\"")?;
    html.text(&header.tool.name)?;
    html.raw(" ")?;
    html.text(&header.tool.version)?;
    html.raw("\">\n")?;
    html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")?;
    // No network: a policy that forbids loading anything. Only the page's own script may run
    // (by its hash), so even markup that escaped escaping could not run an inline handler.
    writeln!(
        html,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'sha256-{}'\">",
        script_hash()
    )?;
    html.raw("<title>Screening report: ")?;
    html.text(&header.role)?;
    html.raw("</title>\n<style>\n")?;
    html.raw(CSS)?;
    html.raw("</style>\n</head>\n<body>\n")?;
    write_head(&mut html, header)?;
    write_histogram(&mut html, records.scores)?;
    write_table(&mut html, records.scores.len(), for_each, redact)?;
    write_errors(&mut html, records.errors)?;
    write_skipped(&mut html, records.skipped)?;
    html.raw("<script type=\"application/json\" id=\"data\">")?;
    write_data(&mut html, for_each, redact)?;
    html.raw("</script>\n<script>")?;
    html.raw(SCRIPT)?;
    html.raw("</script>\n</body>\n</html>\n")?;
    html.finish()
}

fn write_head(html: &mut Html<'_>, header: &Header) -> io::Result<()> {
    let settings = &header.settings;
    let summary = &header.summary;
    html.raw("<header>\n<h1>Screening report: <span class=\"role\">")?;
    html.text(&header.role)?;
    html.raw("</span></h1>\n<dl class=\"meta\">\n<div><dt>Rules</dt><dd><code title=\"")?;
    html.text(&header.rules.fingerprint)?;
    html.raw("\">")?;
    html.text(
        header
            .rules
            .fingerprint
            .get(..12)
            .unwrap_or(&header.rules.fingerprint),
    )?;
    html.raw("</code> ")?;
    for (i, pack) in header.rules.packs.iter().enumerate() {
        html.raw(if i == 0 { "" } else { ", " })?;
        html.text(&pack.id)?;
        html.raw(" ")?;
        html.text(&pack.version)?;
    }
    html.raw("</dd></div>\n<div><dt>As of</dt><dd>")?;
    html.text(&settings.as_of)?;
    html.raw("</dd></div>\n<div><dt>Redacted</dt><dd>")?;
    html.raw(yes_no(settings.redact))?;
    html.raw("</dd></div>\n<div><dt>Sensitive rules scored</dt><dd>")?;
    html.raw(yes_no(settings.score_sensitive))?;
    html.raw("</dd></div>\n<div><dt>Tool</dt><dd>")?;
    html.text(&header.tool.name)?;
    html.raw(" ")?;
    html.text(&header.tool.version)?;
    write!(
        html,
        " (report schema {})</dd></div>\n</dl>\n<ul class=\"counts\">\n",
        header.schema_version
    )?;
    let counts = [
        ("inputs", summary.inputs),
        ("screened", summary.screened),
        ("failed", summary.failed),
        ("skipped", summary.skipped),
    ];
    for (label, n) in counts {
        writeln!(html, "<li><b>{n}</b> {label}</li>")?;
    }
    if summary.kept_for_ties > 0 {
        writeln!(
            html,
            "<li><b>{}</b> kept past the cut for ties</li>",
            summary.kept_for_ties
        )?;
    }
    write!(
        html,
        "<li><b>{:.1}</b> s</li>\n</ul>\n",
        summary.elapsed_ms as f64 / 1000.0
    )?;
    if settings.redact {
        html.raw(
            "<p class=\"note\">Blind review: candidates are shown by id only; names, e-mail \
             addresses, phone numbers, street addresses and links other than code-hosting profiles \
             were masked in every snippet.</p>\n",
        )?;
    }
    html.raw("</header>\n")
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

/// Width of a histogram bin, in score points.
const BIN: f64 = 10.0;

/// Counts per bin of [`BIN`] points, bins aligned on multiples of ten and covering only the
/// range the scores fill: `(lowest edge, counts)`. A score on the top edge (100) falls in the
/// last bin.
fn bins(scores: &[f64]) -> (f64, Vec<usize>) {
    let finite = || scores.iter().copied().filter(|s| s.is_finite());
    let (Some(min), Some(max)) = (
        finite().reduce(f64::min).map(|s| s.clamp(-100.0, 100.0)),
        finite().reduce(f64::max).map(|s| s.clamp(-100.0, 100.0)),
    ) else {
        return (0.0, Vec::new());
    };
    let low = (min / BIN).floor() * BIN;
    // Half-open bins, but the top score 100 closes the last one instead of opening a bin above.
    let n = (((max.min(100.0 - 1e-9) - low) / BIN).floor() as usize + 1).clamp(1, 20);
    let mut counts = vec![0; n];
    for score in finite() {
        let bin = ((score.clamp(-100.0, 100.0) - low) / BIN).floor().max(0.0) as usize;
        counts[bin.min(n - 1)] += 1;
    }
    (low, counts)
}

fn write_histogram(html: &mut Html<'_>, scores: &[f64]) -> io::Result<()> {
    let (low, counts) = bins(scores);
    html.raw("<section class=\"distribution\" aria-labelledby=\"dist-h\">\n<h2 id=\"dist-h\">Score distribution</h2>\n")?;
    if counts.is_empty() {
        return html.raw("<p>No candidates were screened.</p>\n</section>\n");
    }
    let tallest = counts.iter().copied().max().unwrap_or(1).max(1);
    // Room at the sides for the edge labels, which are centred on the bin edges.
    let (bar_w, gap, side, plot_h, top, bottom) =
        (36usize, 4usize, 14usize, 120usize, 16usize, 18usize);
    let width = 2 * side + counts.len() * (bar_w + gap) - gap;
    let height = top + plot_h + bottom;
    let label = counts
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .map(|(i, n)| {
            let from = low + i as f64 * BIN;
            format!("{from} to {}: {n}", from + BIN)
        })
        .collect::<Vec<_>>()
        .join("; ");
    write!(
        html,
        "<svg class=\"hist\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"hist-t\">\n<title id=\"hist-t\">Candidates per score band of {BIN}: {label}</title>\n"
    )?;
    let edge_y = height - 4;
    for (i, &n) in counts.iter().enumerate() {
        let x = side + i * (bar_w + gap);
        let h = if n == 0 {
            0
        } else {
            (n * plot_h).div_ceil(tallest).max(2)
        };
        let y = top + plot_h - h;
        let from = low + i as f64 * BIN;
        write!(
            html,
            "<g><title>{from} to {}: {n}</title><rect x=\"{x}\" y=\"{y}\" width=\"{bar_w}\" height=\"{h}\"/>",
            from + BIN
        )?;
        if n > 0 {
            write!(
                html,
                "<text x=\"{}\" y=\"{}\">{n}</text>",
                x + bar_w / 2,
                y - 3
            )?;
        }
        writeln!(
            html,
            "<text x=\"{}\" y=\"{edge_y}\">{from}</text></g>",
            x.saturating_sub(gap / 2)
        )?;
    }
    write!(
        html,
        "<text x=\"{}\" y=\"{edge_y}\">{}</text>\n</svg>\n</section>\n",
        width - side + gap / 2,
        low + counts.len() as f64 * BIN
    )
}

/// The fields of a candidate record the table shows.
#[derive(Deserialize)]
struct RowFields {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    green: Vec<FlagId>,
    #[serde(default)]
    yellow: Vec<FlagId>,
    #[serde(default)]
    experience: Years,
    #[serde(default)]
    duplicate_of: Option<String>,
}

#[derive(Deserialize)]
struct FlagId {
    id: String,
}

#[derive(Deserialize, Default)]
struct Years {
    #[serde(default)]
    years: f64,
}

/// The table's columns: sort key (read by the script) and heading.
const COLUMNS: [(&str, &str); 7] = [
    ("rank", "Rank"),
    ("score", "Score"),
    ("name", "Candidate"),
    ("years", "Years"),
    ("green", "Green flags"),
    ("yellow", "Yellow flags"),
    ("dup", "Duplicate of"),
];

fn write_table(
    html: &mut Html<'_>,
    count: usize,
    for_each: &ForEach<'_>,
    redact: bool,
) -> io::Result<()> {
    html.raw("<main>\n<h2 id=\"ranking-h\">Ranking</h2>\n")?;
    html.raw(
        "<noscript><p class=\"note\">Sorting, filters and each candidate's details need \
         JavaScript; the table below is complete without it.</p></noscript>\n",
    )?;
    html.raw(
        "<div class=\"controls\" hidden>\n<label>Search <input type=\"search\" id=\"q\" \
         placeholder=\"name, file, flag, evidence\" autocomplete=\"off\"></label>\n\
         <label>Flag <select id=\"flag\"><option value=\"\">any flag</option></select></label>\n\
         <output id=\"shown\" aria-live=\"polite\"></output>\n</div>\n",
    )?;
    write!(
        html,
        "<table id=\"ranking\" aria-labelledby=\"ranking-h\">\n<caption>{count} candidates. Select a column heading to sort, a candidate for the evidence.</caption>\n<thead><tr>"
    )?;
    for (key, heading) in COLUMNS {
        let sort = if key == "rank" {
            " aria-sort=\"ascending\""
        } else {
            ""
        };
        write!(
            html,
            "<th scope=\"col\" data-k=\"{key}\"{sort}><button type=\"button\">{heading}</button></th>"
        )?;
    }
    html.raw("</tr></thead>\n<tbody>\n")?;
    let mut index = 0usize;
    for_each(&mut |row| {
        let fields: RowFields = serde_json::from_slice(row.record)?;
        let duplicate_of = row.duplicate_of.map(str::to_string).or(fields.duplicate_of);
        write!(html, "<tr data-i=\"{index}\"><td>")?;
        index += 1;
        if row.rank > 0 {
            write!(html, "{}", row.rank)?;
        } else {
            html.raw("–")?;
        }
        write!(html, "</td><td>{:.1}</td><th scope=\"row\"><button type=\"button\" class=\"open\" aria-expanded=\"false\">", row.score)?;
        match fields
            .name
            .as_deref()
            .filter(|n| !redact && !n.trim().is_empty())
        {
            Some(name) => {
                html.text(name)?;
                html.raw("</button><span class=\"path\">")?;
                html.text(row.path)?;
                html.raw("</span>")?;
            }
            None => {
                html.text(row.path)?;
                html.raw("</button>")?;
            }
        }
        write!(html, "</th><td>{:.1}</td><td>", fields.experience.years)?;
        html.ids(&fields.green)?;
        html.raw("</td><td>")?;
        html.ids(&fields.yellow)?;
        html.raw("</td><td>")?;
        if let Some(other) = &duplicate_of {
            html.text(other)?;
        }
        html.raw("</td></tr>\n")
    })?;
    html.raw("</tbody>\n</table>\n</main>\n")
}

/// What to do about a file that could not be screened, by its error kind.
fn hint(kind: &str) -> &'static str {
    match kind {
        "empty" => "The file is empty: ask for the resume again.",
        "no_text" => "Scanned image: run OCR first (e.g. ocrmypdf), then screen it again.",
        "encrypted" => "Password-protected: ask for an unprotected copy.",
        "corrupt" => "Damaged or mislabelled: ask for a fresh copy, or re-save it as PDF.",
        "unsupported_format" => "Save it as PDF, DOCX or plain text and screen it again.",
        "too_large" => "Over the size or page limit: check it is a resume, or raise --max-file-size / --max-pages.",
        "timeout" => "Extraction took too long: print it to a new PDF, or raise --timeout.",
        "io" => "Could not be read: check that the file exists and is readable.",
        "extract_panic" => "The extractor crashed on it: print it to a new PDF and screen it again.",
        _ => "Open it by hand.",
    }
}

fn write_errors(html: &mut Html<'_>, errors: &[ErrorEntry]) -> io::Result<()> {
    write!(
        html,
        "<section class=\"errors\" aria-labelledby=\"errors-h\">\n<h2 id=\"errors-h\">Not screened ({})</h2>\n",
        errors.len()
    )?;
    if errors.is_empty() {
        return html.raw("<p>Every input was screened.</p>\n</section>\n");
    }
    html.raw("<table>\n<thead><tr><th scope=\"col\">File</th><th scope=\"col\">Kind</th><th scope=\"col\">What happened</th><th scope=\"col\">What to do</th></tr></thead>\n<tbody>\n")?;
    for error in errors {
        html.raw("<tr><th scope=\"row\">")?;
        html.text(&error.path)?;
        html.raw("</th><td><code>")?;
        html.text(&error.kind)?;
        html.raw("</code></td><td>")?;
        html.text(&error.message)?;
        html.raw("</td><td>")?;
        html.raw(hint(&error.kind))?;
        html.raw("</td></tr>\n")?;
    }
    html.raw("</tbody>\n</table>\n</section>\n")
}

fn write_skipped(html: &mut Html<'_>, skipped: &[SkippedEntry]) -> io::Result<()> {
    write!(
        html,
        "<section class=\"skipped\">\n<details>\n<summary><h2>Skipped files ({})</h2></summary>\n",
        skipped.len()
    )?;
    if skipped.is_empty() {
        return html.raw("<p>No file was left out.</p>\n</details>\n</section>\n");
    }
    html.raw("<table>\n<thead><tr><th scope=\"col\">File</th><th scope=\"col\">Why it was left out</th></tr></thead>\n<tbody>\n")?;
    for entry in skipped {
        html.raw("<tr><th scope=\"row\">")?;
        html.text(&entry.path)?;
        html.raw("</th><td>")?;
        html.text(&entry.reason)?;
        html.raw("</td></tr>\n")?;
    }
    html.raw("</tbody>\n</table>\n</details>\n</section>\n")
}

/// The fields of a candidate record its panel shows.
#[derive(Deserialize)]
struct Fields {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    breakdown: Vec<Component>,
    #[serde(default)]
    green: Vec<Flag>,
    #[serde(default)]
    yellow: Vec<Flag>,
    #[serde(default)]
    experience: Experience,
    #[serde(default)]
    skills: BTreeMap<String, Vec<Skill>>,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default)]
    duplicate_of: Option<String>,
}

#[derive(Deserialize)]
struct Component {
    id: String,
    title: String,
    points: f64,
    max: f64,
    #[serde(default)]
    evidence: Vec<String>,
}

#[derive(Deserialize)]
struct Flag {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    weight: f64,
    #[serde(default)]
    sensitive: bool,
    #[serde(default)]
    evidence: Vec<Evidence>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
struct Evidence {
    #[serde(default)]
    text: String,
    #[serde(default)]
    line: u32,
    #[serde(default)]
    page: Option<u32>,
    #[serde(default)]
    snippet: String,
    #[serde(default)]
    section: String,
    #[serde(default)]
    position: Option<usize>,
    #[serde(default)]
    how: Option<String>,
}

#[derive(Deserialize, Default)]
struct Experience {
    #[serde(default)]
    years: f64,
    #[serde(default)]
    positions: Vec<Position>,
}

#[derive(Deserialize)]
struct Position {
    #[serde(default)]
    title: String,
    #[serde(default)]
    employer: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    months: u32,
    #[serde(default)]
    relevant: bool,
    #[serde(default)]
    line: u32,
}

#[derive(Deserialize)]
struct Skill {
    name: String,
    #[serde(default)]
    months: u32,
    #[serde(default)]
    last_used: Option<String>,
    #[serde(default)]
    sections: Vec<String>,
    #[serde(default)]
    weak: bool,
}

/// A flag rule as the data model's dictionary keeps it: id, title, `g` or `y`, category,
/// weight, sensitive (0/1).
type FlagKey = (String, String, &'static str, String, f64, u8);

/// The strings many candidates share, each stored once; the model refers to them by index, in
/// the order first met (so the bytes depend only on the report).
#[derive(Default)]
struct Dictionary {
    flags: Vec<FlagKey>,
    flag_index: HashMap<(String, String, &'static str), usize>,
    words: Vec<String>,
    word_index: HashMap<String, usize>,
}

impl Dictionary {
    fn word(&mut self, word: &str) -> usize {
        if let Some(&i) = self.word_index.get(word) {
            return i;
        }
        self.words.push(word.to_string());
        self.word_index
            .insert(word.to_string(), self.words.len() - 1);
        self.words.len() - 1
    }

    fn flag(&mut self, flag: &Flag, kind: &'static str) -> usize {
        let key = (flag.id.clone(), flag.title.clone(), kind);
        if let Some(&i) = self.flag_index.get(&key) {
            return i;
        }
        self.flags.push((
            flag.id.clone(),
            flag.title.clone(),
            kind,
            flag.category.clone(),
            flag.weight,
            u8::from(flag.sensitive),
        ));
        self.flag_index.insert(key, self.flags.len() - 1);
        self.flags.len() - 1
    }
}

/// One piece of evidence: text, line, page (0 when none), section (word), position in
/// `positions` (-1 when none), snippet (index into the candidate's snippets), how.
type EvidenceModel<'a> = (&'a str, u32, u32, usize, i64, usize, Option<&'a str>);

/// One candidate in the data model; see `report.js` for the reading side.
type CandidateModel<'a> = (
    // rank, score, path, name, e-mail, years, duplicate_of
    usize,
    f64,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    f64,
    Option<&'a str>,
    // flags: dictionary index, note, evidence
    Vec<(usize, Option<&'a str>, Vec<EvidenceModel<'a>>)>,
    // breakdown: id (word), title (word), points, max, evidence (words)
    Vec<(usize, usize, f64, f64, Vec<usize>)>,
    // positions: title, employer, from, to, months, relevant (0/1), line
    Vec<(&'a str, &'a str, &'a str, &'a str, u32, u8, u32)>,
    // skills: category (word), then name (word), months, last used, sections (words), weak
    Vec<(usize, Vec<(usize, u32, Option<&'a str>, Vec<usize>, u8)>)>,
    // notes, snippets
    &'a [String],
    Vec<&'a str>,
);

/// Writes the data model: `{"c":[candidate...],"f":[flag...],"w":[word...]}`, escaped for a
/// script element.
fn write_data(html: &mut Html<'_>, for_each: &ForEach<'_>, redact: bool) -> io::Result<()> {
    let mut dictionary = Dictionary::default();
    let mut buffer = Vec::new();
    html.raw("{\"c\":[")?;
    let mut first = true;
    for_each(&mut |row| {
        let fields: Fields = serde_json::from_slice(row.record)?;
        let model = candidate_model(&row, &fields, redact, &mut dictionary);
        buffer.clear();
        serde_json::to_writer(&mut buffer, &model)?;
        if !first {
            html.raw(",")?;
        }
        first = false;
        html.script_json(&buffer)
    })?;
    html.raw("],\"f\":")?;
    buffer.clear();
    serde_json::to_writer(&mut buffer, &dictionary.flags)?;
    html.script_json(&buffer)?;
    html.raw(",\"w\":")?;
    buffer.clear();
    serde_json::to_writer(&mut buffer, &dictionary.words)?;
    html.script_json(&buffer)?;
    html.raw("}")
}

fn candidate_model<'a>(
    row: &Row<'a>,
    fields: &'a Fields,
    redact: bool,
    dictionary: &mut Dictionary,
) -> CandidateModel<'a> {
    let mut snippets: Vec<&'a str> = Vec::new();
    let mut snippet_index: HashMap<&'a str, usize> = HashMap::new();
    let mut flags = Vec::with_capacity(fields.green.len() + fields.yellow.len());
    let kinds = [("g", &fields.green), ("y", &fields.yellow)];
    for (kind, list) in kinds {
        for flag in list.iter() {
            let evidence = flag
                .evidence
                .iter()
                .map(|e| {
                    let snippet = *snippet_index.entry(e.snippet.as_str()).or_insert_with(|| {
                        snippets.push(e.snippet.as_str());
                        snippets.len() - 1
                    });
                    (
                        e.text.as_str(),
                        e.line,
                        e.page.unwrap_or(0),
                        dictionary.word(&e.section),
                        e.position.map_or(-1, |p| p as i64),
                        snippet,
                        e.how.as_deref(),
                    )
                })
                .collect();
            flags.push((dictionary.flag(flag, kind), flag.note.as_deref(), evidence));
        }
    }
    let breakdown = fields
        .breakdown
        .iter()
        .map(|c| {
            (
                dictionary.word(&c.id),
                dictionary.word(&c.title),
                c.points,
                c.max,
                c.evidence.iter().map(|e| dictionary.word(e)).collect(),
            )
        })
        .collect();
    let positions = fields
        .experience
        .positions
        .iter()
        .map(|p| {
            (
                p.title.as_str(),
                p.employer.as_str(),
                p.from.as_str(),
                p.to.as_str(),
                p.months,
                u8::from(p.relevant),
                p.line,
            )
        })
        .collect();
    let skills = fields
        .skills
        .iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(category, list)| {
            let entries = list
                .iter()
                .map(|s| {
                    (
                        dictionary.word(&s.name),
                        s.months,
                        s.last_used.as_deref(),
                        s.sections.iter().map(|x| dictionary.word(x)).collect(),
                        u8::from(s.weak),
                    )
                })
                .collect();
            (dictionary.word(category), entries)
        })
        .collect();
    // A blind review shows ids only, whatever the record carries.
    let personal =
        |value: &'a Option<String>| value.as_deref().filter(|v| !redact && !v.trim().is_empty());
    (
        row.rank,
        row.score,
        row.path,
        personal(&fields.name),
        personal(&fields.email),
        fields.experience.years,
        row.duplicate_of.or(fields.duplicate_of.as_deref()),
        flags,
        breakdown,
        positions,
        skills,
        &fields.notes,
        snippets,
    )
}

/// A buffered writer with HTML and script-JSON escaping.
struct Html<'a> {
    out: &'a mut dyn Write,
    buffer: Vec<u8>,
}

impl<'a> Html<'a> {
    fn new(out: &'a mut dyn Write) -> Html<'a> {
        Html {
            out,
            buffer: Vec::with_capacity(64 * 1024),
        }
    }

    fn spill(&mut self) -> io::Result<()> {
        if self.buffer.len() >= 60 * 1024 {
            self.out.write_all(&self.buffer)?;
            self.buffer.clear();
        }
        Ok(())
    }

    /// Markup written as is.
    fn raw(&mut self, markup: &str) -> io::Result<()> {
        self.buffer.extend_from_slice(markup.as_bytes());
        self.spill()
    }

    /// Text escaped for element content and quoted attribute values alike.
    fn text(&mut self, text: &str) -> io::Result<()> {
        escape_html(text, &mut self.buffer);
        self.spill()
    }

    /// Flag ids, comma-separated.
    fn ids(&mut self, flags: &[FlagId]) -> io::Result<()> {
        for (i, flag) in flags.iter().enumerate() {
            if i > 0 {
                self.buffer.extend_from_slice(b", ");
            }
            escape_html(&flag.id, &mut self.buffer);
        }
        self.spill()
    }

    /// Compact JSON made safe inside `<script>`.
    fn script_json(&mut self, json: &[u8]) -> io::Result<()> {
        escape_script_json(json, &mut self.buffer);
        self.spill()
    }

    fn finish(mut self) -> io::Result<()> {
        self.out.write_all(&self.buffer)?;
        self.buffer.clear();
        self.out.flush()
    }
}

impl Write for Html<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        self.spill()?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn escape_html(text: &str, out: &mut Vec<u8>) {
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity: &[u8] = match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.extend_from_slice(&text.as_bytes()[start..i]);
        out.extend_from_slice(entity);
        start = i + 1;
    }
    out.extend_from_slice(&text.as_bytes()[start..]);
}

/// JSON whose strings cannot end the script element: `<`, `>` and `&` (which only occur inside
/// strings in JSON) become `\u` escapes, and so do U+2028 and U+2029, which older JavaScript
/// parsers read as line ends.
fn escape_script_json(json: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < json.len() {
        match json[i] {
            b'<' => out.extend_from_slice(b"\\u003c"),
            b'>' => out.extend_from_slice(b"\\u003e"),
            b'&' => out.extend_from_slice(b"\\u0026"),
            0xE2 if json.get(i + 1) == Some(&0x80)
                && matches!(json.get(i + 2), Some(0xA8 | 0xA9)) =>
            {
                out.extend_from_slice(if json[i + 2] == 0xA8 {
                    b"\\u2028"
                } else {
                    b"\\u2029"
                });
                i += 2;
            }
            byte => out.push(byte),
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_in_a_script_cannot_close_it() {
        let value = serde_json::json!([
            "</script><img src=x onerror=alert(1)>",
            "a&b",
            "\u{2028}\u{2029}é"
        ]);
        let mut out = Vec::new();
        escape_script_json(&serde_json::to_vec(&value).unwrap(), &mut out);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            r#"["\u003c/script\u003e\u003cimg src=x onerror=alert(1)\u003e","a\u0026b","\u2028\u2029é"]"#
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn the_inline_script_and_styles_cannot_end_their_elements_early() {
        let script = SCRIPT.to_ascii_lowercase();
        assert!(!script.contains("</script") && !script.contains("<!--"));
        assert!(!CSS.to_ascii_lowercase().contains("</style"));
    }

    #[test]
    fn html_text_is_escaped() {
        let mut out = Vec::new();
        escape_html("<a href='x'>\"R&D\"</a>", &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "&lt;a href=&#39;x&#39;&gt;&quot;R&amp;D&quot;&lt;/a&gt;"
        );
    }

    #[test]
    fn bins_cover_only_the_filled_range() {
        assert_eq!(bins(&[]), (0.0, vec![]));
        assert_eq!(bins(&[83.9]), (80.0, vec![1]));
        assert_eq!(bins(&[100.0, 90.0, 95.5]), (90.0, vec![3]));
        assert_eq!(
            bins(&[-12.3, 0.0, 9.9, 10.0, 55.0]),
            (-20.0, vec![1, 0, 2, 1, 0, 0, 0, 1])
        );
        let (low, counts) = bins(&[-100.0, 100.0]);
        assert_eq!(
            (low, counts.len(), counts.iter().sum::<usize>()),
            (-100.0, 20, 2)
        );
    }
}
