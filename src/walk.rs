//! Discovery stage: command-line paths to the sorted list of input files.
//!
//! Folders are walked recursively; files named explicitly are always taken. Every file a walk
//! sees is accounted for: taken as an input, reported as a problem, or [`Skipped`] with the
//! reason, so nothing vanishes without a word. Symbolic links are followed only inside the
//! folders given (unless [`WalkOptions::follow`]), and never back into a folder being walked.
//! This stage reads at most a small prefix of a file ([`SNIFF_BYTES`]), to recognise reports.

use std::collections::BTreeSet;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Extensions taken from folders as documents the extractors read: PDF, the Word OOXML family
/// (documents and templates, with and without macros) and plain text.
const READABLE_EXTENSIONS: &[&str] = &[
    "pdf", "docx", "docm", "dotx", "dotm", "txt", "text", "md", "markdown",
];

/// Extensions taken from folders although they cannot be screened: they are resumes too (images,
/// legacy and other word-processor formats, web pages), and the report says what to do with them.
const UNSUPPORTED_RESUME_EXTENSIONS: &[&str] = &[
    "doc", "dot", "rtf", "odt", "pages", "htm", "html", "png", "jpg", "jpeg", "tif", "tiff", "gif",
    "heic", "heif", "webp",
];

/// Extensions of files that are not resumes. A name whose last dot is followed by none of these
/// and none of the resume extensions (`Jane.Doe`, `CV v2.1`) has no extension at all: its text
/// after the dot is part of the name, and the file is sniffed by content.
const OTHER_EXTENSIONS: &[&str] = &[
    // Spreadsheets, slides, data and reports.
    "xls",
    "xlsx",
    "xlsm",
    "xlsb",
    "ods",
    "numbers",
    "csv",
    "tsv",
    "ppt",
    "pptx",
    "odp",
    "key",
    "json",
    "jsonl",
    "ndjson",
    "xml",
    "yaml",
    "yml",
    "toml",
    "ini",
    "cfg",
    "conf",
    "log",
    "sql",
    "db",
    "sqlite",
    "parquet",
    "ipynb",
    "tex",
    "bib",
    "rst",
    "adoc",
    "org",
    "epub",
    "mobi",
    // Archives and installers.
    "zip",
    "gz",
    "tgz",
    "tar",
    "bz2",
    "xz",
    "zst",
    "7z",
    "rar",
    "jar",
    "whl",
    "deb",
    "rpm",
    "msi",
    "dmg",
    "iso",
    "apk",
    "exe",
    "dll",
    "so",
    "dylib",
    "bin",
    "o",
    "a",
    "class",
    "pyc",
    // Source code and scripts.
    "py",
    "rs",
    "js",
    "mjs",
    "ts",
    "tsx",
    "jsx",
    "java",
    "kt",
    "go",
    "rb",
    "php",
    "pl",
    "c",
    "h",
    "cc",
    "cpp",
    "hpp",
    "cs",
    "swift",
    "scala",
    "r",
    "m",
    "sh",
    "bash",
    "zsh",
    "ps1",
    "bat",
    "cmd",
    "css",
    "scss",
    "vue",
    "lock",
    // Media, fonts and graphics that are not scans.
    "mp3",
    "mp4",
    "m4a",
    "mov",
    "avi",
    "mkv",
    "webm",
    "wav",
    "flac",
    "ogg",
    "svg",
    "ico",
    "bmp",
    "psd",
    "ai",
    "eps",
    "ttf",
    "otf",
    "woff",
    "woff2",
    // Mail, calendar, shortcuts and leftovers.
    "eml",
    "msg",
    "mbox",
    "ics",
    "vcf",
    "url",
    "lnk",
    "webloc",
    "torrent",
    "tmp",
    "bak",
    "swp",
    "part",
    "crdownload",
    "download",
    "ds_store",
];

/// Extensions a folder's readme has (or none): a `README.pdf` is a candidate's file, not one.
const README_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "rst", "adoc", "org"];

/// How much of a file the walk reads to recognise a resume-screen report.
pub const SNIFF_BYTES: usize = 4096;

/// A path that could not be walked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkProblem {
    /// The path as the user gave it or as found in the folder.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

/// Why a walk left a file out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// A file whose name starts with a dot.
    HiddenFile,
    /// A folder whose name starts with a dot; its contents are not walked.
    HiddenFolder,
    /// A report this tool wrote (recognised by content).
    Report,
    /// A lock file an office suite leaves beside an open document.
    LockFile,
    /// A `NAME.expect.toml` of the rule regression suite.
    Expectation,
    /// A `README` (text, markdown or no extension) describing the folder.
    FolderReadme,
    /// A file whose extension is not that of a resume.
    NotResume,
    /// A symbolic link out of every input folder (not followed without `--follow`).
    LinkOutside {
        /// The link's resolved target.
        target: PathBuf,
        /// Whether the target is a folder.
        folder: bool,
    },
    /// A symbolic link to a folder being walked or one that contains it: following it would
    /// walk the same files again, forever or until the path is too long.
    LinkToAncestor {
        /// The link's resolved target.
        target: PathBuf,
    },
}

impl SkipReason {
    /// The reason as the report states it; `show_target` leaves link targets out when false
    /// (a blind review hides names, and a target path may hold one).
    pub fn describe(&self, show_target: bool) -> String {
        let target = |target: &Path| {
            if show_target {
                format!(" ({})", target.display())
            } else {
                String::new()
            }
        };
        match self {
            SkipReason::HiddenFile => "hidden file".into(),
            SkipReason::HiddenFolder => "hidden folder (not walked)".into(),
            SkipReason::Report => "a resume-screen report".into(),
            SkipReason::LockFile => "Office lock file (left while a document is open)".into(),
            SkipReason::Expectation => "fixture expectation file".into(),
            SkipReason::FolderReadme => "folder readme".into(),
            SkipReason::NotResume => "not a resume file type".into(),
            SkipReason::LinkOutside {
                target: t,
                folder: false,
            } => format!(
                "symbolic link to a file outside the input folders{}; use --follow to read it",
                target(t)
            ),
            SkipReason::LinkOutside {
                target: t,
                folder: true,
            } => format!(
                "symbolic link to a folder outside the input folders{}; use --follow to walk it",
                target(t)
            ),
            SkipReason::LinkToAncestor { target: t } => format!(
                "symbolic link to the folder being walked or one above it{}; following it would \
                 screen the folder again",
                target(t)
            ),
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(true))
    }
}

/// A file or folder a walk saw and left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The path as found in the folder.
    pub path: PathBuf,
    /// Why it was left out.
    pub reason: SkipReason,
}

/// How folders are walked.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Follow every symbolic link, also out of the input folders (links back into a folder being
    /// walked are still skipped).
    pub follow: bool,
    /// Files never taken nor listed, e.g. the temporary file the report is being written to.
    pub ignore: Vec<PathBuf>,
}

/// The inputs of a batch.
#[derive(Debug, Default, Clone)]
pub struct Inputs {
    /// Files to screen, sorted and without duplicates.
    pub files: Vec<PathBuf>,
    /// Paths that could not be walked; each is reported as an `io` error.
    pub problems: Vec<WalkProblem>,
    /// Files and folders the walk left out, sorted by path.
    pub skipped: Vec<Skipped>,
}

/// What the walk does with a file, judged by its name alone.
fn judge_name(name: &str) -> Result<(), SkipReason> {
    let lower = name.to_ascii_lowercase();
    // Word writes `~$name.docx`, LibreOffice `.~lock.name#`, beside the document while it is open.
    if name.starts_with("~$") || (name.starts_with(".~lock.") && name.ends_with('#')) {
        return Err(SkipReason::LockFile);
    }
    if name.starts_with('.') {
        return Err(SkipReason::HiddenFile);
    }
    if lower.ends_with(".expect.toml") {
        return Err(SkipReason::Expectation);
    }
    let (stem, extension) = split_extension(name);
    if stem.eq_ignore_ascii_case("readme")
        && extension
            .as_deref()
            .is_none_or(|e| README_EXTENSIONS.contains(&e))
    {
        return Err(SkipReason::FolderReadme);
    }
    match extension {
        Some(e) if OTHER_EXTENSIONS.contains(&e.as_str()) => Err(SkipReason::NotResume),
        _ => Ok(()),
    }
}

/// A file name's stem and its extension (lowercase), if it has one. Text after the last dot is
/// an extension only when it is a known one: in `Resume - John Q. Public`, `CV v2.1` and
/// `Jane.Doe` the dot is part of the name.
pub fn split_extension(name: &str) -> (&str, Option<String>) {
    let Some(dot) = name.rfind('.').filter(|&dot| dot > 0) else {
        return (name, None);
    };
    let extension = name[dot + 1..].to_ascii_lowercase();
    let known = [
        READABLE_EXTENSIONS,
        UNSUPPORTED_RESUME_EXTENSIONS,
        OTHER_EXTENSIONS,
    ]
    .iter()
    .any(|list| list.contains(&extension.as_str()));
    if known {
        (&name[..dot], Some(extension))
    } else {
        (name, None)
    }
}

/// True when a walk takes a file with this name (before looking at its content): resume
/// extensions and names without a known extension. Names that are not UTF-8 are judged by
/// their readable part: such a file is still a resume, and the report shows its name with the
/// unreadable bytes replaced.
pub fn is_resume_name(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| judge_name(&name.to_string_lossy()).is_ok())
}

/// True when these first bytes of a file are those of a resume-screen report: JSON with the
/// report's head, JSON Lines whose first record is one of the report's, CSV with its header, or
/// the HTML page with its generator line.
pub fn looks_like_report(prefix: &[u8]) -> bool {
    let prefix = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    if prefix.starts_with(b"rank,path,score,green,yellow,error") {
        let rest = &prefix[b"rank,path,score,green,yellow,error".len()..];
        return matches!(rest.first(), None | Some(b',' | b'\r' | b'\n'));
    }
    // Whitespace is dropped everywhere, inside strings too: what is looked for holds none, and
    // pretty-printed JSON then reads as compact JSON.
    let compact: Vec<u8> = prefix
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let contains = |needle: &[u8]| compact.windows(needle.len()).any(|w| w == needle);
    let by_this_tool = contains(b"\"tool\":{\"name\":\"resume-screen\"");
    if compact.starts_with(b"{\"schema_version\":") {
        return by_this_tool;
    }
    if compact.starts_with(b"{\"type\":\"header\"") {
        return by_this_tool;
    }
    if compact.len() >= 14 && compact[..14].eq_ignore_ascii_case(b"<!DOCTYPEhtml>") {
        return contains(b"<metaname=\"generator\"content=\"resume-screen");
    }
    [
        &b"{\"type\":\"candidate\",\"rank\":"[..],
        b"{\"type\":\"error\",\"path\":",
        b"{\"type\":\"skipped\",\"path\":",
    ]
    .iter()
    .any(|start| compact.starts_with(start))
}

/// Up to [`SNIFF_BYTES`] from the start of a regular file; `None` if it cannot be read (the
/// batch then reads it and reports why it failed).
fn read_prefix(path: &Path) -> Option<Vec<u8>> {
    let file = std::fs::File::open(path).ok()?;
    let mut prefix = Vec::with_capacity(SNIFF_BYTES);
    file.take(SNIFF_BYTES as u64)
        .read_to_end(&mut prefix)
        .ok()?;
    Some(prefix)
}

/// Expands files and folders (recursively) into the batch's inputs, with the default options.
pub fn discover(paths: &[PathBuf]) -> Inputs {
    discover_with(paths, &WalkOptions::default())
}

/// Expands files and folders (recursively) into the batch's inputs.
pub fn discover_with(paths: &[PathBuf], options: &WalkOptions) -> Inputs {
    let roots: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.is_dir())
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let ignore: Vec<PathBuf> = options
        .ignore
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let mut walk = Walk {
        options,
        roots: &roots,
        ignore: &ignore,
        files: BTreeSet::new(),
        problems: Vec::new(),
        skipped: Vec::new(),
    };
    for path in paths {
        let metadata = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(err) => {
                walk.problem(path, format!("cannot read path: {err}"));
                continue;
            }
        };
        if !metadata.is_dir() {
            walk.files.insert(path.clone());
            continue;
        }
        let mut ancestors = Vec::new();
        walk.folder(path, &mut ancestors);
    }
    let mut skipped = walk.skipped;
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.dedup_by(|a, b| a.path == b.path);
    Inputs {
        files: walk.files.into_iter().collect(),
        problems: walk.problems,
        skipped,
    }
}

struct Walk<'a> {
    options: &'a WalkOptions,
    /// The input folders, canonical.
    roots: &'a [PathBuf],
    ignore: &'a [PathBuf],
    files: BTreeSet<PathBuf>,
    problems: Vec<WalkProblem>,
    skipped: Vec<Skipped>,
}

impl Walk<'_> {
    fn problem(&mut self, path: &Path, message: String) {
        self.problems.push(WalkProblem {
            path: path.to_path_buf(),
            message,
        });
    }

    fn skip(&mut self, path: PathBuf, reason: SkipReason) {
        self.skipped.push(Skipped { path, reason });
    }

    /// Walks `dir`; `ancestors` holds the canonical folders from the walk's root to `dir`.
    fn folder(&mut self, dir: &Path, ancestors: &mut Vec<PathBuf>) {
        let canonical = match std::fs::canonicalize(dir) {
            Ok(c) => c,
            Err(err) => return self.problem(dir, format!("cannot read folder: {err}")),
        };
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(err) => return self.problem(dir, format!("cannot read folder: {err}")),
        };
        let mut found = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => found.push(entry),
                Err(err) => self.problem(dir, format!("cannot read folder entry: {err}")),
            }
        }
        found.sort_by_key(|e| e.file_name());
        ancestors.push(canonical);
        for entry in found {
            self.entry(&entry, ancestors);
        }
        ancestors.pop();
    }

    fn entry(&mut self, entry: &std::fs::DirEntry, ancestors: &mut Vec<PathBuf>) {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let file_type = match entry.file_type() {
            Ok(t) => t,
            Err(err) => return self.problem(&path, format!("cannot read folder entry: {err}")),
        };
        let mut target = None;
        let is_dir = if file_type.is_symlink() {
            let metadata = std::fs::metadata(&path);
            let resolved = std::fs::canonicalize(&path);
            let (Ok(metadata), Ok(resolved)) = (metadata, resolved) else {
                return self.problem(
                    &path,
                    "broken symbolic link: its target does not exist or cannot be read".into(),
                );
            };
            let is_dir = metadata.is_dir();
            target = Some(resolved);
            is_dir
        } else {
            file_type.is_dir()
        };
        if is_dir {
            if name.starts_with('.') {
                return self.skip(path, SkipReason::HiddenFolder);
            }
            if let Some(target) = target {
                // A folder that holds one being walked (or is one): the walk would never end, or
                // with loop detection would still screen that folder a second time.
                let loops = ancestors
                    .iter()
                    .chain(self.roots)
                    .any(|a| a.starts_with(&target));
                if loops {
                    return self.skip(path, SkipReason::LinkToAncestor { target });
                }
                if !self.options.follow && !self.inside_roots(&target) {
                    return self.skip(
                        path,
                        SkipReason::LinkOutside {
                            target,
                            folder: true,
                        },
                    );
                }
            }
            return self.folder(&path, ancestors);
        }
        let mut verdict = judge_name(&name);
        if verdict == Err(SkipReason::LockFile) && name.starts_with("~$") && self.is_zip(&path) {
            // Word's lock files are never zip archives: this is a document under an odd name.
            verdict = Ok(());
        }
        if let Err(reason) = verdict {
            let ours = name.starts_with('.') && self.is_ignored(&path);
            if !ours {
                let reason = match reason {
                    // A report saved as `report.json` is better named for what it is.
                    SkipReason::NotResume if self.is_report(&path) => SkipReason::Report,
                    reason => reason,
                };
                self.skip(path, reason);
            }
            return;
        }
        if let Some(target) = target {
            if !self.options.follow && !self.inside_roots(&target) {
                return self.skip(
                    path,
                    SkipReason::LinkOutside {
                        target,
                        folder: false,
                    },
                );
            }
        }
        if self.is_report(&path) {
            return self.skip(path, SkipReason::Report);
        }
        // Pipes, sockets and devices with a resume's name are taken too, so the report says why
        // they were not read instead of leaving them out.
        self.files.insert(path);
    }

    fn inside_roots(&self, target: &Path) -> bool {
        self.roots.iter().any(|root| target.starts_with(root))
    }

    fn is_ignored(&self, path: &Path) -> bool {
        !self.ignore.is_empty()
            && std::fs::canonicalize(path).is_ok_and(|c| self.ignore.contains(&c))
    }

    fn is_zip(&self, path: &Path) -> bool {
        std::fs::metadata(path).is_ok_and(|m| m.is_file())
            && read_prefix(path).is_some_and(|prefix| prefix.starts_with(b"PK\x03\x04"))
    }

    /// True when `path` is a regular file whose first bytes are a resume-screen report's. Only
    /// regular files are opened: opening a named pipe would wait for a writer.
    fn is_report(&self, path: &Path) -> bool {
        std::fs::metadata(path).is_ok_and(|m| m.is_file())
            && read_prefix(path).is_some_and(|prefix| looks_like_report(&prefix))
    }
}

/// Where `path` really is: canonical when it exists (through symbolic links), else its
/// canonical folder joined with its name (through a dangling link's target too). `None` when
/// the folder does not exist or the links loop.
pub fn resolve(path: &Path) -> Option<PathBuf> {
    let mut path = path.to_path_buf();
    // A chain of links longer than the kernel follows cannot be written through either.
    for _ in 0..40 {
        if let Ok(canonical) = std::fs::canonicalize(&path) {
            return Some(canonical);
        }
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        match std::fs::read_link(&path) {
            Ok(target) => path = parent.join(target),
            Err(_) => return Some(std::fs::canonicalize(parent).ok()?.join(path.file_name()?)),
        }
    }
    None
}

/// Refuses an output path that would overwrite an input or be screened as one on the next run:
/// one of the input files; a file a walk of an input folder would take as a resume; or an
/// existing file beside an input file that is not a report (the slip `-o inbox/*`, where the
/// shell makes the first file of the inbox the output). The output is resolved through
/// symbolic links. Only the output's first bytes are read, and no input.
pub fn check_output(output: &Path, inputs: &[PathBuf]) -> Result<(), String> {
    let Some(resolved) = resolve(output) else {
        return Ok(());
    };
    let shown = output.display();
    let existing = std::fs::metadata(&resolved).ok();
    for input in inputs {
        let Ok(canonical) = std::fs::canonicalize(input) else {
            continue;
        };
        if canonical == resolved {
            return Err(format!(
                "-o {shown} is one of the inputs ({}): the report would overwrite it; write the \
                 report elsewhere",
                input.display()
            ));
        }
        if canonical.is_dir() {
            let Ok(inside) = resolved.strip_prefix(&canonical) else {
                continue;
            };
            let walked = inside.parent().is_none_or(|dirs| {
                dirs.components()
                    .all(|c| !c.as_os_str().to_string_lossy().starts_with('.'))
            });
            if walked && is_resume_name(&resolved) {
                return Err(format!(
                    "-o {shown} is inside the input folder {} with a name screened as a resume: \
                     the report would be read as a candidate by the next run; write it \
                     elsewhere or name it .json, .jsonl or .csv",
                    input.display()
                ));
            }
        } else if canonical.parent() == resolved.parent() {
            let at_risk = existing
                .as_ref()
                .is_some_and(|m| m.is_file() && m.len() > 0)
                && !read_prefix(&resolved).is_some_and(|p| looks_like_report(&p));
            if at_risk {
                return Err(format!(
                    "-o {shown} is an existing file beside the input {} and not a resume-screen \
                     report: it would be overwritten (did a shell pattern such as `-o inbox/*` \
                     make a resume the output?); write the report elsewhere",
                    input.display()
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path, paths: impl IntoIterator<Item = PathBuf>) -> Vec<String> {
        paths
            .into_iter()
            .map(|p| p.strip_prefix(dir).unwrap().to_string_lossy().into_owned())
            .collect()
    }

    fn skipped(dir: &Path, inputs: &Inputs) -> Vec<(String, SkipReason)> {
        inputs
            .skipped
            .iter()
            .map(|s| (names(dir, [s.path.clone()]).remove(0), s.reason.clone()))
            .collect()
    }

    #[test]
    fn takes_resume_like_names_only() {
        assert!(is_resume_name(Path::new("a/cv.PDF")));
        assert!(is_resume_name(Path::new("a/RESUME")));
        for name in [
            "cv.docm", "cv.dotx", "cv.DOTM", "cv.htm", "cv.heic", "cv.webp",
        ] {
            assert!(is_resume_name(Path::new(name)), "{name}");
        }
        assert!(!is_resume_name(Path::new("a/~$cv.docx")));
        assert!(!is_resume_name(Path::new("a/.~lock.cv.docx#")));
        assert!(!is_resume_name(Path::new("a/cv.expect.toml")));
        assert!(!is_resume_name(Path::new("a/.DS_Store")));
        assert!(!is_resume_name(Path::new("a/notes.json")));
        assert!(!is_resume_name(Path::new("a/scores.xlsx")));
        assert!(!is_resume_name(Path::new("a/README.md")));
        assert!(!is_resume_name(Path::new("a/ReadMe")));
    }

    #[test]
    fn a_candidates_readme_document_is_a_resume() {
        assert!(is_resume_name(Path::new("a/README.pdf")));
        assert!(is_resume_name(Path::new("a/readme.docx")));
        assert_eq!(judge_name("README.txt"), Err(SkipReason::FolderReadme));
    }

    #[test]
    fn dots_inside_names_are_not_extensions() {
        for name in [
            "Resume - John Q. Public",
            "CV v2.1",
            "Jane.Doe",
            "cv.final2024",
            "Dr. Smith",
        ] {
            assert_eq!(split_extension(name), (name, None), "{name}");
            assert!(is_resume_name(Path::new(name)), "{name}");
        }
        assert_eq!(split_extension("cv.PDF"), ("cv", Some("pdf".into())));
        assert_eq!(split_extension("data.py"), ("data", Some("py".into())));
        assert_eq!(split_extension(".profile"), (".profile", None));
    }

    #[test]
    fn recognises_reports_by_their_first_bytes() {
        let json = "{\n  \"schema_version\": 1,\n  \"tool\": {\n    \"name\": \"resume-screen\",\n";
        assert!(looks_like_report(json.as_bytes()));
        assert!(looks_like_report(
            br#"{"type":"header","schema_version":2,"tool":{"name":"resume-screen","version":"0.1.0"}}"#
        ));
        assert!(looks_like_report(
            br#"{"type":"candidate","rank":1,"path":"a.txt","sha256":"#
        ));
        assert!(looks_like_report(
            br#"{"type":"error","path":"a.pdf","kind":"io"}"#
        ));
        assert!(looks_like_report(
            b"rank,path,score,green,yellow,error,python\r\n1,a,2"
        ));
        assert!(looks_like_report(
            b"\xEF\xBB\xBFrank,path,score,green,yellow,error\n"
        ));
        // Not ours, or a resume that merely talks about JSON.
        assert!(!looks_like_report(
            br#"{"schema_version": 1, "tool": {"name": "other"}}"#
        ));
        assert!(!looks_like_report(b"rank,path,score,green,yellow,errors\n"));
        assert!(!looks_like_report(
            b"Jane Doe\n{\"type\":\"candidate\",\"rank\":1}"
        ));
        assert!(!looks_like_report(b"Python developer, 5 years"));
        // The HTML page is known by its generator line; another web page is a resume.
        assert!(looks_like_report(
            b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"generator\" content=\"resume-screen 0.1.0\">\n"
        ));
        assert!(!looks_like_report(
            b"<!doctype html><html><head><title>Jane Doe, resume-screen tester</title>"
        ));
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_taken() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let name = std::ffi::OsStr::from_bytes(b"cv-\xff.txt");
        std::fs::write(dir.path().join(name), "Python").unwrap();
        let inputs = discover(&[dir.path().to_path_buf()]);
        assert_eq!(inputs.files, [dir.path().join(name)]);
    }

    #[test]
    fn walks_folders_sorted_and_reports_missing_paths() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        for name in ["b.txt", "a.pdf", "sub/c.docx", "skip.json", ".hidden.txt"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let missing = dir.path().join("missing.pdf");
        let inputs = discover(&[dir.path().to_path_buf(), missing.clone()]);
        assert_eq!(
            names(dir.path(), inputs.files.clone()),
            ["a.pdf", "b.txt", "sub/c.docx"]
        );
        assert_eq!(inputs.problems.len(), 1);
        assert_eq!(inputs.problems[0].path, missing);
    }

    #[test]
    fn every_file_left_out_is_listed_with_its_reason() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".git/objects")).unwrap();
        let report = "{\n  \"schema_version\": 1,\n  \"tool\": {\"name\": \"resume-screen\"}}";
        for (name, text) in [
            (".git/objects/x", "x"),
            (".git/config", "x"),
            (".DS_Store", "x"),
            ("~$cv.docx", "lock"),
            ("~$real.docx", "PK\x03\x04 a document under an odd name"),
            (".~lock.cv.docx#", "lock"),
            ("cv.expect.toml", "x"),
            ("README.md", "x"),
            ("scores.xlsx", "x"),
            ("tool.py", "x"),
            ("old-report", report),
            ("report.json", report),
            ("Jane.Doe", "Python"),
            ("README.pdf", "Python"),
        ] {
            std::fs::write(root.join(name), text).unwrap();
        }
        let inputs = discover(&[root.to_path_buf()]);
        assert_eq!(
            names(root, inputs.files.clone()),
            ["Jane.Doe", "README.pdf", "~$real.docx"]
        );
        assert!(inputs.problems.is_empty());
        assert_eq!(
            skipped(root, &inputs),
            [
                (".DS_Store".to_string(), SkipReason::HiddenFile),
                (".git".to_string(), SkipReason::HiddenFolder),
                (".~lock.cv.docx#".to_string(), SkipReason::LockFile),
                ("README.md".to_string(), SkipReason::FolderReadme),
                ("cv.expect.toml".to_string(), SkipReason::Expectation),
                ("old-report".to_string(), SkipReason::Report),
                ("report.json".to_string(), SkipReason::Report),
                ("scores.xlsx".to_string(), SkipReason::NotResume),
                ("tool.py".to_string(), SkipReason::NotResume),
                ("~$cv.docx".to_string(), SkipReason::LockFile),
            ]
        );
    }

    #[test]
    fn ignored_files_are_neither_taken_nor_listed() {
        let dir = tempfile::tempdir().unwrap();
        let temp = dir.path().join(".resume-screen-abc.tmp");
        std::fs::write(&temp, "").unwrap();
        std::fs::write(dir.path().join(".other"), "").unwrap();
        let options = WalkOptions {
            ignore: vec![temp],
            ..WalkOptions::default()
        };
        let inputs = discover_with(&[dir.path().to_path_buf()], &options);
        assert_eq!(skipped(dir.path(), &inputs).len(), 1);
        assert_eq!(inputs.skipped[0].path, dir.path().join(".other"));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_only_inside_the_input_folders() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "Python").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("inbox");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/real.txt"), "Python").unwrap();
        symlink(outside.path().join("secret.txt"), root.join("passwd.txt")).unwrap();
        symlink(outside.path(), root.join("elsewhere")).unwrap();
        symlink(root.join("sub/real.txt"), root.join("alias.txt")).unwrap();
        symlink(&root, root.join("sub/up")).unwrap();
        symlink(dir.path(), root.join("top")).unwrap();
        symlink(root.join("gone"), root.join("dangling.txt")).unwrap();

        let inputs = discover(std::slice::from_ref(&root));
        assert_eq!(
            names(&root, inputs.files.clone()),
            ["alias.txt", "sub/real.txt"]
        );
        let secret = std::fs::canonicalize(outside.path().join("secret.txt")).unwrap();
        let reasons = skipped(&root, &inputs);
        assert_eq!(reasons.len(), 4, "{reasons:?}");
        assert_eq!(
            reasons[0],
            (
                "elsewhere".to_string(),
                SkipReason::LinkOutside {
                    target: std::fs::canonicalize(outside.path()).unwrap(),
                    folder: true
                }
            )
        );
        assert_eq!(
            reasons[1].1.to_string(),
            format!(
                "symbolic link to a file outside the input folders ({}); use --follow to read it",
                secret.display()
            )
        );
        // A blind review hides the target, which may hold a name.
        let blind = reasons[1].1.describe(false);
        assert!(!blind.contains(&*secret.to_string_lossy()), "{blind}");
        assert!(blind.contains("--follow"), "{blind}");
        assert!(matches!(reasons[2], (ref p, SkipReason::LinkToAncestor { .. }) if p == "sub/up"));
        assert!(matches!(reasons[3], (ref p, SkipReason::LinkToAncestor { .. }) if p == "top"));
        assert_eq!(inputs.problems.len(), 1);
        assert_eq!(inputs.problems[0].path, root.join("dangling.txt"));

        // --follow reads what is outside, and still never walks a folder twice.
        let options = WalkOptions {
            follow: true,
            ..WalkOptions::default()
        };
        let inputs = discover_with(std::slice::from_ref(&root), &options);
        assert_eq!(
            names(&root, inputs.files.clone()),
            [
                "alias.txt",
                "elsewhere/secret.txt",
                "passwd.txt",
                "sub/real.txt"
            ]
        );
        let reasons = skipped(&root, &inputs);
        assert_eq!(reasons.len(), 2, "{reasons:?}");
    }

    #[test]
    fn the_output_never_names_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("inbox");
        std::fs::create_dir_all(inbox.join(".cache")).unwrap();
        std::fs::write(inbox.join("alice.txt"), "Alice, Python").unwrap();
        std::fs::write(inbox.join("bob.txt"), "Bob, Python").unwrap();
        let folder = std::slice::from_ref(&inbox);
        let refused = |output: PathBuf, inputs: &[PathBuf]| check_output(&output, inputs).is_err();

        assert!(refused(inbox.join("alice.txt"), folder));
        assert!(refused(inbox.join("report"), folder));
        assert!(refused(inbox.join(".cache/../new.txt"), folder));
        assert!(!refused(inbox.join("report.json"), folder));
        assert!(!refused(inbox.join(".cache/report.txt"), folder));
        assert!(!refused(dir.path().join("report.txt"), folder));
        // An input file, and the shell's `-o inbox/*`: the first file became the output.
        let files = [inbox.join("alice.txt")];
        assert!(refused(inbox.join("alice.txt"), &files));
        assert!(refused(inbox.join("alice.txt"), &[inbox.join("bob.txt")]));
        // Beside the inputs, a new file or an earlier report may be written.
        std::fs::write(
            inbox.join("run.txt"),
            "{\"schema_version\":1,\"tool\":{\"name\":\"resume-screen\"}}",
        )
        .unwrap();
        assert!(!refused(inbox.join("run.txt"), &files));
        assert!(!refused(inbox.join("new.csv"), &files));
    }

    #[cfg(unix)]
    #[test]
    fn the_output_is_resolved_through_links() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("inbox");
        std::fs::create_dir(&inbox).unwrap();
        std::fs::write(inbox.join("alice.txt"), "Alice").unwrap();
        symlink(inbox.join("alice.txt"), dir.path().join("out.json")).unwrap();
        symlink(inbox.join("new.txt"), dir.path().join("dangling.json")).unwrap();
        let folder = [inbox];
        assert!(check_output(&dir.path().join("out.json"), &folder).is_err());
        assert!(check_output(&dir.path().join("dangling.json"), &folder).is_err());
    }
}
