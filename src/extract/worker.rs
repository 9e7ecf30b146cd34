//! Isolated extraction: long-lived worker processes (this same binary, hidden subcommand
//! `__extract-worker`) fed over pipes.
//!
//! A worker runs under an address-space cap and enforces each request's CPU-time budget itself
//! (a watchdog thread, with RLIMIT_CPU behind it), so a file's fate does not depend on how busy the
//! machine is. The parent keeps only a generous wall-clock backstop for a worker stuck without
//! using CPU. When a file crashes its worker (abort, stack overflow, out of memory) or runs past
//! its budget, that file becomes an error, the worker is replaced, and the batch goes on. A worker
//! is killed when the thread that started it ends (PR_SET_PDEATHSIG on Linux), so killing the
//! parent never leaves a busy worker behind. Frames on the pipes are a little-endian u64 length
//! followed by the payload.

use super::{ExtractError, Extracted, Format, HiddenText, Limits};
use serde::{Deserialize, Serialize};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Largest frame accepted on a pipe: a little over the biggest input plus its text.
const MAX_FRAME: u64 = 1 << 31;

/// The parent's wall-clock backstop is this many times the CPU budget: a worker that is past it
/// is hung without computing (blocked I/O, stopped), not merely slowed down by a busy machine.
pub const WALL_CLOCK_FACTOR: u32 = 10;

/// The message of a file that ran past its CPU budget, from the worker or from rule evaluation.
pub fn cpu_timeout_message(stage: &str, budget: Duration) -> String {
    format!(
        "{stage} used more than {:.1} s of CPU time (--timeout); the file was skipped",
        budget.as_secs_f64()
    )
}

/// What a worker sends back for one file.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum WireResult {
    /// Text by page, and the extractor that produced it.
    Ok {
        /// Extractor name.
        extractor: String,
        /// Page texts.
        pages: Vec<String>,
        /// What extraction noted (see [`Extracted::notes`]).
        #[serde(default)]
        notes: Vec<String>,
        /// Text a reader cannot see (see [`Extracted::hidden`]).
        #[serde(default)]
        hidden: Vec<HiddenText>,
    },
    /// A typed failure.
    Err {
        /// Stable kind.
        kind: String,
        /// Message.
        message: String,
    },
}

impl WireResult {
    pub(crate) fn from_result(result: &Result<Extracted, ExtractError>) -> WireResult {
        match result {
            Ok(extracted) => WireResult::Ok {
                extractor: extracted.extractor.to_string(),
                pages: extracted.pages.clone(),
                notes: extracted.notes.clone(),
                hidden: extracted.hidden.clone(),
            },
            Err(err) => WireResult::Err {
                kind: err.kind().to_string(),
                message: err.to_string(),
            },
        }
    }

    fn into_result(self, format: Format) -> Result<Extracted, ExtractError> {
        match self {
            WireResult::Ok {
                extractor,
                pages,
                notes,
                hidden,
            } => Ok(Extracted {
                format,
                extractor: super::extractor_name(&extractor),
                pages,
                notes,
                hidden,
            }),
            WireResult::Err { kind, message } => Err(ExtractError::from_kind(&kind, message)),
        }
    }
}

/// Writes one frame.
pub(crate) fn write_frame(out: &mut impl Write, payload: &[u8]) -> io::Result<()> {
    out.write_all(&(payload.len() as u64).to_le_bytes())?;
    out.write_all(payload)?;
    out.flush()
}

/// Reads one frame; `Ok(None)` at a clean end of stream.
pub(crate) fn read_frame(input: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 8];
    match input.read_exact(&mut len) {
        Ok(()) => {}
        Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(err) => return Err(err),
    }
    let len = u64::from_le_bytes(len);
    if len > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "frame too large",
        ));
    }
    let mut payload = vec![0u8; len as usize];
    input.read_exact(&mut payload)?;
    Ok(Some(payload))
}

/// Format tags on the wire.
pub(crate) fn format_tag(format: Format) -> u8 {
    match format {
        Format::Pdf => b'p',
        Format::Docx => b'd',
        Format::Text => b't',
    }
}

/// The inverse of [`format_tag`].
pub(crate) fn tag_format(tag: u8) -> Option<Format> {
    match tag {
        b'p' => Some(Format::Pdf),
        b'd' => Some(Format::Docx),
        b't' => Some(Format::Text),
        _ => None,
    }
}

struct Worker {
    child: Child,
    stdin: BufWriter<ChildStdin>,
    responses: Receiver<Vec<u8>>,
    stderr_tail: Arc<Mutex<String>>,
}

enum Failure {
    /// The request could not be sent: the worker was already gone.
    Stale,
    /// No answer within the wall-clock backstop.
    Hung,
    /// Killed by the kernel at its RLIMIT_CPU.
    CpuLimit,
    Died(String),
}

impl Worker {
    fn spawn(exe: &PathBuf, args: &[String]) -> io::Result<Worker> {
        let mut command = Command::new(exe);
        command
            .arg("__extract-worker")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        die_with_parent(&mut command);
        let mut child = command.spawn()?;
        let stdin = BufWriter::new(child.stdin.take().expect("piped stdin"));
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut stderr = child.stderr.take().expect("piped stderr");
        let (sender, responses) = mpsc::channel();
        std::thread::Builder::new()
            .name("extract-worker-reader".into())
            .spawn(move || {
                while let Ok(Some(frame)) = read_frame(&mut stdout) {
                    if sender.send(frame).is_err() {
                        break;
                    }
                }
            })?;
        let stderr_tail = Arc::new(Mutex::new(String::new()));
        let tail = stderr_tail.clone();
        std::thread::Builder::new()
            .name("extract-worker-stderr".into())
            .spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = stderr.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    let mut tail = tail.lock().unwrap_or_else(|e| e.into_inner());
                    tail.push_str(&String::from_utf8_lossy(&buf[..n]));
                    // Only the last words matter: why the process died.
                    if tail.len() > 2048 {
                        let cut = tail.len() - 1024;
                        let cut = (cut..tail.len())
                            .find(|&i| tail.is_char_boundary(i))
                            .unwrap_or(0);
                        tail.drain(..cut);
                    }
                }
            })?;
        Ok(Worker {
            child,
            stdin,
            responses,
            stderr_tail,
        })
    }

    fn request(
        &mut self,
        format: Format,
        bytes: &[u8],
        timeout: Duration,
    ) -> Result<WireResult, Failure> {
        let mut frame = Vec::with_capacity(bytes.len() + 1);
        frame.push(format_tag(format));
        frame.extend_from_slice(bytes);
        if write_frame(&mut self.stdin, &frame).is_err() {
            return Err(Failure::Stale);
        }
        match self.responses.recv_timeout(timeout) {
            Ok(payload) => serde_json::from_slice(&payload)
                .map_err(|e| Failure::Died(format!("unreadable reply from worker: {e}"))),
            Err(RecvTimeoutError::Timeout) => Err(Failure::Hung),
            Err(RecvTimeoutError::Disconnected) => {
                let status = self.child.wait().ok();
                if killed_for_cpu(status) {
                    return Err(Failure::CpuLimit);
                }
                Err(Failure::Died(self.death_notice(status)))
            }
        }
    }

    /// Waits for a dead worker and describes how it died.
    fn death_notice(&mut self, status: Option<std::process::ExitStatus>) -> String {
        // The stderr thread may still be draining the last words.
        std::thread::sleep(Duration::from_millis(20));
        let tail = self
            .stderr_tail
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let cause = describe_death(&tail, status);
        format!("extractor crashed on this file ({cause}); the batch went on")
    }
}

/// Makes the worker get SIGKILL when the thread that spawned it ends, for whatever reason (the
/// parent killed by SIGKILL included), so no worker outlives its batch.
#[cfg(target_os = "linux")]
fn die_with_parent(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: getpid before the fork; in the child only async-signal-safe calls (prctl, getppid,
    // _exit) run before exec.
    let parent = unsafe { libc::getpid() };
    unsafe {
        command.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(io::Error::last_os_error());
            }
            // The parent may have died between fork and prctl: then nobody would kill us.
            if libc::getppid() != parent {
                libc::_exit(1);
            }
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn die_with_parent(_command: &mut Command) {}

/// True when the worker was killed by the kernel for passing its RLIMIT_CPU.
fn killed_for_cpu(status: Option<std::process::ExitStatus>) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        status.and_then(|s| s.signal()) == Some(libc::SIGXCPU)
    }
    #[cfg(not(unix))]
    {
        let _ = status;
        false
    }
}

fn describe_death(stderr: &str, status: Option<std::process::ExitStatus>) -> String {
    let lower = stderr.to_lowercase();
    if lower.contains("memory allocation") || lower.contains("out of memory") {
        return "ran out of memory under the --max-memory cap".into();
    }
    if lower.contains("stack overflow") {
        return "stack overflow".into();
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.and_then(|s| s.signal()) {
            return format!("killed by signal {signal}");
        }
    }
    match status.and_then(|s| s.code()) {
        Some(code) => format!("exit code {code}"),
        None => "unknown cause".into(),
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Worker processes shared by a batch's threads. Each thread borrows one worker per file, so
/// there are never more workers than threads.
pub struct WorkerPool {
    exe: PathBuf,
    args: Vec<String>,
    timeout: Duration,
    idle: Mutex<Vec<Worker>>,
}

impl std::fmt::Debug for WorkerPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkerPool")
            .field("exe", &self.exe)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl WorkerPool {
    /// A pool that starts `exe __extract-worker` with the given limits.
    pub fn new(exe: PathBuf, limits: &Limits) -> WorkerPool {
        // All limits as the parent holds them: flags would round sizes to megabytes, drop the
        // text and decompression caps, and refuse values the flags' ranges do not allow.
        let args = vec![
            "--limits-json".to_string(),
            serde_json::to_string(limits).expect("limits serialize"),
        ];
        WorkerPool {
            exe,
            args,
            timeout: limits.timeout,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Extracts in a worker; crashes and time-outs become errors of this file only.
    pub fn extract(&self, format: Format, bytes: &[u8]) -> Result<Extracted, ExtractError> {
        let reused = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut worker = match reused {
            Some(worker) => worker,
            None => self.spawn()?,
        };
        let backstop = self.timeout.saturating_mul(WALL_CLOCK_FACTOR);
        let mut reply = worker.request(format, bytes, backstop);
        if let Err(Failure::Stale) = reply {
            // An idle worker died between files; that is not this file's fault.
            worker = self.spawn()?;
            reply = worker.request(format, bytes, backstop);
        }
        match reply {
            Ok(reply) => {
                // A worker that timed out exits after its reply; it is not reused.
                let timed_out = matches!(&reply, WireResult::Err { kind, .. } if kind == "timeout");
                if !timed_out {
                    self.idle
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(worker);
                }
                reply.into_result(format)
            }
            Err(Failure::CpuLimit) => Err(ExtractError::Timeout(cpu_timeout_message(
                "extraction",
                self.timeout,
            ))),
            Err(Failure::Hung) => {
                // Dropping a worker kills it: a hung extraction cannot be interrupted otherwise.
                drop(worker);
                Err(ExtractError::Timeout(format!(
                    "extraction gave no answer within {:.0} s of wall-clock time ({}x --timeout) \
                     while using little CPU (stuck on I/O?); the file was skipped",
                    backstop.as_secs_f64(),
                    WALL_CLOCK_FACTOR
                )))
            }
            Err(Failure::Died(notice)) => Err(ExtractError::Panic(notice)),
            Err(Failure::Stale) => Err(ExtractError::Panic(
                "extraction worker exited before reading the file".into(),
            )),
        }
    }

    fn spawn(&self) -> Result<Worker, ExtractError> {
        Worker::spawn(&self.exe, &self.args).map_err(|e| {
            ExtractError::Io(format!(
                "cannot start extraction worker {}: {e}",
                self.exe.display()
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::HiddenHow;

    #[test]
    fn hidden_text_and_notes_travel_through_the_wire_format() {
        let extracted = Extracted {
            format: Format::Docx,
            extractor: "docx",
            pages: vec!["Retail associate\n".into()],
            notes: vec!["a note".into()],
            hidden: vec![HiddenText {
                text: "Django FastAPI".into(),
                page: 1,
                line: 2,
                how: HiddenHow::Vanish,
            }],
        };
        let wire = serde_json::to_vec(&WireResult::from_result(&Ok(extracted.clone()))).unwrap();
        assert!(String::from_utf8_lossy(&wire).contains("\"how\":\"vanish\""));
        let back: WireResult = serde_json::from_slice(&wire).unwrap();
        assert_eq!(back.into_result(Format::Docx).unwrap(), extracted);
        // A reply without the newer fields (an older worker) still reads.
        let old: WireResult =
            serde_json::from_str(r#"{"Ok":{"extractor":"docx","pages":["x"]}}"#).unwrap();
        assert!(old.into_result(Format::Docx).unwrap().hidden.is_empty());
    }
}
