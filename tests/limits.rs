//! End-to-end tests of the per-file limits and of the process around them: text bombs under a
//! memory limit, CPU-time budgets, workers that die with their parent, and the `-o` file
//! (temp file removed on signals, umask, symbolic links).

mod common;

use common::AS_OF;
use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_resume-screen");

/// A good resume from the fixtures, to show the rest of a batch is still screened.
const GOOD: &str = "fixtures/resumes/bootcamp-then-production.txt";

/// The binary under an address-space limit of `bytes` (what `prlimit --as=` does).
fn under_memory_limit(bytes: u64) -> Command {
    let mut command = Command::new(BIN);
    // SAFETY: setrlimit is async-signal-safe and only reads the struct.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes as libc::rlim_t,
                rlim_max: bytes as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    command
}

/// A small DOCX whose document part inflates to about `text_mb` MB of text: the kind of file
/// that took the whole process to ~900 MB when extracted without a text limit.
fn docx_text_bomb(path: &Path, text_mb: usize) {
    use zip::write::SimpleFileOptions;
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"#,
    )
    .unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>"#,
    )
    .unwrap();
    let chunk = "Python developer Django ".repeat(40_000);
    for _ in 0..(text_mb * 1024 * 1024 / chunk.len()) {
        zip.write_all(chunk.as_bytes()).unwrap();
    }
    zip.write_all(b"</w:t></w:r></w:p></w:body></w:document>")
        .unwrap();
    zip.finish().unwrap();
}

/// A small PDF (one Flate-compressed content stream) that draws about `text_mb` MB of text.
fn pdf_text_bomb(path: &Path, text_mb: usize) {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
    });
    let line = format!("({}) Tj T*\n", "Python developer Django ".repeat(40));
    let mut content = String::from("BT /F1 10 Tf 12 TL 72 720 Td\n");
    for _ in 0..(text_mb * 1024 * 1024 / line.len() + 1) {
        content.push_str(&line);
    }
    content.push_str("ET\n");
    let mut stream = Stream::new(dictionary! {}, content.into_bytes());
    stream.compress().unwrap();
    let content_id = doc.add_object(stream);
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    doc.save(path).unwrap();
}

fn report_of(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The error entry of the input whose path ends with `name`.
fn error_for<'a>(report: &'a serde_json::Value, name: &str) -> Option<&'a serde_json::Value> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"].as_str().unwrap().ends_with(name))
}

#[test]
fn text_bombs_are_too_large_and_the_batch_completes_under_a_1_gb_limit() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("bomb.docx");
    docx_text_bomb(&docx, 60);
    let docx_size = std::fs::metadata(&docx).unwrap().len();
    assert!(docx_size < 1024 * 1024, "a small file: {docx_size} bytes");
    let pdf = dir.path().join("bomb.pdf");
    pdf_text_bomb(&pdf, 8);
    let dense = dir.path().join("dense.txt");
    std::fs::write(&dense, "Python Django FastAPI 2019 - 2024 ".repeat(560_000)).unwrap();
    assert!(std::fs::metadata(&dense).unwrap().len() > 19_000_000);

    let started = Instant::now();
    let out = under_memory_limit(1 << 30)
        .args(["screen", "--quiet", "--as-of", AS_OF])
        .args([&docx, &pdf, &dense])
        .arg(GOOD)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(started.elapsed() < Duration::from_secs(120));
    let report = report_of(&out);
    for name in ["bomb.docx", "bomb.pdf", "dense.txt"] {
        let error = error_for(&report, name).unwrap_or_else(|| panic!("{name}: {report}"));
        assert_eq!(error["kind"], "too_large", "{name}: {error}");
        assert!(
            error["message"].as_str().unwrap().contains("MB of text"),
            "{name}: {error}"
        );
    }
    assert_eq!(report["candidates"].as_array().unwrap().len(), 1);
}

#[test]
fn evidence_per_rule_stays_small_on_a_resume_full_of_matches() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("repetitive.txt");
    std::fs::write(
        &path,
        "Python Django FastAPI PostgreSQL 2019 - 2024 served 40,000 users\n".repeat(20_000),
    )
    .unwrap();
    let out = Command::new(BIN)
        .args(["screen", "--quiet", "--as-of", AS_OF])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report = report_of(&out);
    let candidate = &report["candidates"][0];
    let flags = candidate["green"]
        .as_array()
        .unwrap()
        .iter()
        .chain(candidate["yellow"].as_array().unwrap());
    for flag in flags {
        let evidence = flag["evidence"].as_array().unwrap().len();
        assert!((1..=5).contains(&evidence), "{flag}");
    }
    assert!(out.stdout.len() < 64 * 1024, "{} bytes", out.stdout.len());
}

/// The hidden worker, fed one request by hand: no parent watches its clock.
fn worker_reply(args: &[&str], format: u8, bytes: &[u8]) -> (serde_json::Value, Duration) {
    let mut child = Command::new(BIN)
        .arg("__extract-worker")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(&((bytes.len() + 1) as u64).to_le_bytes())
        .unwrap();
    stdin.write_all(&[format]).unwrap();
    stdin.write_all(bytes).unwrap();
    stdin.flush().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::Read;
        let mut stdout = stdout;
        let mut len = [0u8; 8];
        let reply = stdout.read_exact(&mut len).ok().map(|()| {
            let mut payload = vec![0u8; u64::from_le_bytes(len) as usize];
            stdout.read_exact(&mut payload).unwrap();
            payload
        });
        let _ = sender.send(reply);
    });
    let reply = receiver.recv_timeout(Duration::from_secs(60));
    let elapsed = started.elapsed();
    let _ = child.kill();
    let _ = child.wait();
    let payload = reply
        .expect("the worker must answer by itself within its CPU budget")
        .expect("a reply frame");
    (serde_json::from_slice(&payload).unwrap(), elapsed)
}

#[test]
fn the_worker_enforces_its_cpu_budget_itself() {
    let slow = std::fs::read("fixtures/documents/slow.pdf").unwrap();
    let (reply, elapsed) = worker_reply(&["--timeout", "1"], b'p', &slow);
    let err = &reply["Err"];
    assert_eq!(err["kind"], "timeout", "{reply}");
    let message = err["message"].as_str().unwrap();
    assert!(message.contains("1.0 s of CPU time"), "{message}");
    assert!(elapsed < Duration::from_secs(30), "{elapsed:?}");

    // A good file under the same budget is answered normally.
    let good = std::fs::read("fixtures/documents/one-column.pdf").unwrap();
    let (reply, _) = worker_reply(&["--timeout", "1"], b'p', &good);
    assert!(reply.get("Ok").is_some(), "{reply}");
}

#[test]
fn a_timeout_in_a_batch_names_the_cpu_budget() {
    let out = Command::new(BIN)
        .args(["screen", "--quiet", "--as-of", AS_OF, "--timeout", "1"])
        .args(["fixtures/documents/slow.pdf", GOOD])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report = report_of(&out);
    let error = error_for(&report, "slow.pdf").unwrap();
    assert_eq!(error["kind"], "timeout");
    assert!(
        error["message"].as_str().unwrap().contains("CPU time"),
        "{error}"
    );
    assert_eq!(report["candidates"].as_array().unwrap().len(), 1);
}

#[test]
fn rule_evaluation_counts_toward_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("slow.toml");
    // Patterns with no literal to search for, that never match: each one is a full scan of the
    // text, and hundreds of them cost seconds of CPU on a long resume.
    let patterns: Vec<String> = (30..630).map(|n| format!("'\\b[a-z]{{{n}}}\\b'")).collect();
    std::fs::write(
        &pack,
        format!(
            "[pack]\nid = \"slow\"\nversion = \"1.0.0\"\n\n[[rule]]\nid = \"slow-rule\"\n\
             kind = \"green\"\ntitle = \"Slow\"\ncategory = \"slow\"\nweight = 1\n\
             patterns = [{}]\n",
            patterns.join(", ")
        ),
    )
    .unwrap();
    let resume = dir.path().join("long.txt");
    std::fs::write(
        &resume,
        format!(
            "Python developer\n{}",
            "experienced python engineer with django and fastapi ".repeat(36_000)
        ),
    )
    .unwrap();
    let started = Instant::now();
    let out = Command::new(BIN)
        // A second of CPU: far less than the long resume needs, and several times what the short
        // one needs in a debug build on a busy machine, whose first evaluation on a thread also
        // builds the 600 patterns' automata.
        .args(["screen", "--quiet", "--as-of", AS_OF, "--timeout", "1"])
        .arg("--rules")
        .arg(&pack)
        .arg(&resume)
        .arg(GOOD)
        .output()
        .unwrap();
    let report = report_of(&out);
    let error = error_for(&report, "long.txt").unwrap_or_else(|| panic!("{report}"));
    assert_eq!(error["kind"], "timeout");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("rule evaluation used more than 1.0 s of CPU time"),
        "{error}"
    );
    // The short resume is evaluated well within the same budget.
    assert_eq!(report["candidates"].as_array().unwrap().len(), 1);
    assert_eq!(out.status.code(), Some(1));
    assert!(started.elapsed() < Duration::from_secs(60));
}

/// The pids of the children of `pid`, from /proc.
fn children_of(pid: u32) -> Vec<u32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    tasks
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("children")).ok())
        .flat_map(|list| {
            list.split_whitespace()
                .filter_map(|p| p.parse().ok())
                .collect::<Vec<u32>>()
        })
        .collect()
}

fn alive(pid: u32) -> bool {
    // A zombie has exited; only its parent's wait is missing.
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        !stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .trim()
            .starts_with('Z')
    })
}

/// Starts a batch on the slow PDF (with a generous budget) and waits until its worker is busy.
/// The caller signals and waits for the returned process.
#[allow(clippy::zombie_processes)]
fn start_slow_batch(extra: &[&str]) -> (Child, u32) {
    let mut child = Command::new(BIN)
        .args(["screen", "--quiet", "--as-of", AS_OF, "--timeout", "60"])
        .args(extra)
        .arg("fixtures/documents/slow.pdf")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(&worker) = children_of(child.id()).first() {
            // Let the worker start on the file.
            std::thread::sleep(Duration::from_millis(500));
            return (child, worker);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("no worker was started");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn wait_gone(pid: u32) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if !alive(pid) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn workers_die_with_their_parent() {
    for signal in [libc::SIGKILL, libc::SIGTERM, libc::SIGINT] {
        let (mut parent, worker) = start_slow_batch(&[]);
        assert!(alive(worker));
        // SAFETY: a signal to the process this test started.
        unsafe { libc::kill(parent.id() as i32, signal) };
        let _ = parent.wait();
        assert!(
            wait_gone(worker),
            "worker {worker} survived signal {signal} to its parent"
        );
    }
}

#[test]
fn signals_remove_the_temp_file_and_end_the_process_by_that_signal() {
    use std::os::unix::process::ExitStatusExt;
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("report.json");
        let (mut parent, _) = start_slow_batch(&["-o", out.to_str().unwrap()]);
        let names = || -> Vec<String> {
            std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        };
        assert!(
            names().iter().any(|n| n.ends_with(".tmp")),
            "the temp file exists while the batch runs: {:?}",
            names()
        );
        // SAFETY: a signal to the process this test started.
        unsafe { libc::kill(parent.id() as i32, signal) };
        let status = parent.wait().unwrap();
        assert_eq!(status.signal(), Some(signal), "{status:?}");
        assert_eq!(names(), Vec::<String>::new(), "signal {signal}");
    }
}

fn screen_to(output: &Path) -> Output {
    Command::new(BIN)
        .args(["screen", "--quiet", "--as-of", AS_OF, GOOD, "-o"])
        .arg(output)
        .output()
        .unwrap()
}

fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn output_files_respect_the_umask_and_keep_an_existing_mode() {
    let dir = tempfile::tempdir().unwrap();
    for (umask, expected) in [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)] {
        let path = dir.path().join(format!("report-{umask:o}.json"));
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask:o} && exec \"$0\" screen --quiet --as-of {AS_OF} {GOOD} -o \"$1\""
            ))
            .arg(BIN)
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert_eq!(mode_of(&path), expected, "umask {umask:o}");
    }
    // Replacing a report keeps the mode its owner gave it.
    let path = dir.path().join("shared.json");
    std::fs::write(&path, "old").unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    assert_eq!(screen_to(&path).status.code(), Some(0));
    assert_eq!(mode_of(&path), 0o640);
    assert_ne!(std::fs::read_to_string(&path).unwrap(), "old");
}

#[test]
fn an_output_symlink_is_written_through_to_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let target = reports.join("latest.json");
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("report.json");
    std::os::unix::fs::symlink("reports/latest.json", &link).unwrap();

    assert_eq!(screen_to(&link).status.code(), Some(0));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        PathBuf::from("reports/latest.json")
    );
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(written["candidates"].as_array().unwrap().len(), 1);
    // No temp file is left beside the link or the target.
    for folder in [dir.path(), reports.as_path()] {
        let leftovers: Vec<_> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n.to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    // A dangling link creates its target.
    let dangling = dir.path().join("new.json");
    std::os::unix::fs::symlink("reports/new-target.json", &dangling).unwrap();
    assert_eq!(screen_to(&dangling).status.code(), Some(0));
    assert!(reports.join("new-target.json").is_file());
    assert!(std::fs::symlink_metadata(&dangling)
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn every_limit_reaches_the_worker_unrounded() {
    use resume_screen::extract::{Extractor, Limits};
    // A text cap the command line cannot express: before, the worker kept its 2 MB default.
    let limits = Limits {
        max_text_bytes: 100,
        timeout: Duration::from_millis(2500),
        ..Limits::default()
    };
    let extractor = Extractor::isolated(limits, BIN.into());
    let path = std::path::Path::new("fixtures/documents/resume.docx");
    let bytes = std::fs::read(path).unwrap();
    let err = extractor.extract(path, &bytes).unwrap_err();
    assert_eq!(err.kind(), "too_large", "{err}");
}
