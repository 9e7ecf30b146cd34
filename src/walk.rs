//! Discovery stage: command-line paths to the sorted list of input files.
//!
//! Folders are walked recursively for resume-like files; files named explicitly are always taken.
//! A path that cannot be read becomes an input error, never a silent omission.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Extensions taken from folders. Images and legacy formats are included on purpose: they are
/// resumes too, and the report should say why they could not be screened.
const RESUME_EXTENSIONS: &[&str] = &[
    "pdf", "docx", "doc", "txt", "text", "md", "markdown", "rtf", "odt", "png", "jpg", "jpeg",
    "tif", "tiff",
];

/// A path that could not be walked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkProblem {
    /// The path as the user gave it or as found in the folder.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

/// The inputs of a batch.
#[derive(Debug, Default, Clone)]
pub struct Inputs {
    /// Files to screen, sorted and without duplicates.
    pub files: Vec<PathBuf>,
    /// Paths that could not be walked; each is reported as an `io` error.
    pub problems: Vec<WalkProblem>,
}

/// True when a file found in a folder looks like a resume by its name.
pub fn is_resume_name(path: &Path) -> bool {
    // Names that are not UTF-8 are judged by their readable part: such a file is still a
    // resume, and the report shows its name with the unreadable bytes replaced.
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    if name.starts_with('.') || name.ends_with(".expect.toml") {
        return false;
    }
    // A folder's README describes the folder; it is not one of the resumes in it.
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    if stem.eq_ignore_ascii_case("readme") {
        return false;
    }
    match path.extension().map(|e| e.to_string_lossy()) {
        None => true,
        Some(ext) => RESUME_EXTENSIONS
            .iter()
            .any(|known| known.eq_ignore_ascii_case(&ext)),
    }
}

/// Expands files and folders (recursively) into the batch's inputs.
pub fn discover(paths: &[PathBuf]) -> Inputs {
    let mut files = BTreeSet::new();
    let mut problems = Vec::new();
    for path in paths {
        let metadata = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(err) => {
                problems.push(WalkProblem {
                    path: path.clone(),
                    message: format!("cannot read path: {err}"),
                });
                continue;
            }
        };
        if !metadata.is_dir() {
            files.insert(path.clone());
            continue;
        }
        let walker = walkdir::WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            match entry {
                // Pipes, sockets and devices with a resume's name are taken too, so the report
                // says why they were not read instead of leaving them out.
                Ok(entry) if !entry.file_type().is_dir() && is_resume_name(entry.path()) => {
                    files.insert(entry.into_path());
                }
                Ok(_) => {}
                Err(err) => problems.push(WalkProblem {
                    path: err.path().map_or_else(|| path.clone(), Path::to_path_buf),
                    message: format!(
                        "cannot read folder entry: {}",
                        err.io_error()
                            .map_or_else(|| err.to_string(), |e| e.to_string())
                    ),
                }),
            }
        }
    }
    Inputs {
        files: files.into_iter().collect(),
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_resume_like_names_only() {
        assert!(is_resume_name(Path::new("a/cv.PDF")));
        assert!(is_resume_name(Path::new("a/~$cv.docx")));
        assert!(is_resume_name(Path::new("a/RESUME")));
        assert!(!is_resume_name(Path::new("a/cv.expect.toml")));
        assert!(!is_resume_name(Path::new("a/.DS_Store")));
        assert!(!is_resume_name(Path::new("a/notes.json")));
        assert!(!is_resume_name(Path::new("a/README.md")));
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
        let names: Vec<_> = inputs
            .files
            .iter()
            .map(|p| {
                p.strip_prefix(dir.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["a.pdf", "b.txt", "sub/c.docx"]);
        assert_eq!(inputs.problems.len(), 1);
        assert_eq!(inputs.problems[0].path, missing);
    }
}
