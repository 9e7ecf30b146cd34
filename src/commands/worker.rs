//! `resume-screen __extract-worker` (hidden): the isolated side of extraction.
//!
//! Reads framed requests (format tag + file bytes) on stdin and answers each with a framed JSON
//! [`WireResult`] on the original stdout. It caps its own address space first, so a hostile file
//! makes this process fail, never the batch. Library code that prints to stdout cannot corrupt
//! the protocol: stdout is moved to a private descriptor and fd 1 points at stderr.
//!
//! Each request has a CPU-time budget (`--timeout`), enforced here rather than by the parent's
//! clock so that a busy machine does not turn a slow file into a timeout: a watchdog thread
//! answers `timeout` and exits once the process has used the budget on one file, and RLIMIT_CPU,
//! set a little past the budget, has the kernel kill the process if even that fails.

use crate::cli::WorkerArgs;
use crate::exit::Exit;
use crate::extract::worker::{
    cpu_timeout_message, read_frame, tag_format, write_frame, WireResult,
};
use crate::extract::{cpu, extract_format, ExtractError};
use anyhow::{Context, Result};
use std::io::{BufReader, BufWriter};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How often the watchdog looks at the process's CPU time.
const WATCHDOG_PERIOD: Duration = Duration::from_millis(10);

/// Runs the worker loop until stdin closes.
pub fn run(args: WorkerArgs) -> Result<Exit> {
    let limits = args.limits().map_err(anyhow::Error::msg)?;
    cap_address_space(limits.max_memory_bytes);
    // Panics are answered as `extract_panic` replies; the default hook's message is noise.
    std::panic::set_hook(Box::new(|_| {}));
    let protocol_out = private_stdout().context("cannot set up worker output")?;
    let output = Arc::new(Mutex::new(BufWriter::new(protocol_out)));
    // The CPU time at which the request in progress started; `None` between requests. Whoever
    // takes it (the loop with a result, or the watchdog with a timeout) answers the request.
    let started: Arc<Mutex<Option<Duration>>> = Arc::new(Mutex::new(None));
    start_watchdog(limits.timeout, started.clone(), output.clone())?;
    let mut input = BufReader::new(std::io::stdin().lock());
    while let Some(frame) = read_frame(&mut input).context("cannot read request")? {
        let now = cpu::process_time();
        if let Some(now) = now {
            cap_cpu_time(now + limits.timeout);
        }
        *lock(&started) = now;
        let result = match frame
            .split_first()
            .and_then(|(tag, bytes)| Some((tag_format(*tag)?, bytes)))
        {
            Some((format, bytes)) => {
                std::panic::catch_unwind(|| extract_format(format, bytes, &limits)).unwrap_or_else(
                    |payload| {
                        Err(ExtractError::Panic(format!(
                            "extractor panicked: {}",
                            crate::extract::panic_message(&payload)
                        )))
                    },
                )
            }
            None => Err(ExtractError::Panic("malformed request".into())),
        };
        let reply = serde_json::to_vec(&WireResult::from_result(&result))?;
        let mut request = lock(&started);
        *request = None;
        write_frame(&mut *lock(&output), &reply).context("cannot send reply")?;
        drop(request);
    }
    Ok(Exit::Success)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The thread that ends a request once the process has spent `budget` of CPU time on it: it
/// answers `timeout` itself and exits, since an extraction cannot be interrupted any other way.
fn start_watchdog(
    budget: Duration,
    started: Arc<Mutex<Option<Duration>>>,
    output: Arc<Mutex<BufWriter<std::fs::File>>>,
) -> Result<()> {
    let reply = serde_json::to_vec(&WireResult::Err {
        kind: "timeout".into(),
        message: cpu_timeout_message("extraction", budget),
    })?;
    std::thread::Builder::new()
        .name("cpu-watchdog".into())
        .spawn(move || loop {
            std::thread::sleep(WATCHDOG_PERIOD);
            let request = lock(&started);
            let Some(start) = *request else { continue };
            let Some(now) = cpu::process_time() else {
                continue;
            };
            if now.saturating_sub(start) > budget {
                // The request stays taken: the loop can never answer it a second time.
                let _ = write_frame(&mut *lock(&output), &reply);
                // SAFETY: ends the process at once without unwinding the busy thread.
                unsafe { libc::_exit(0) };
            }
        })
        .context("cannot start the CPU watchdog")?;
    Ok(())
}

/// Sets the soft RLIMIT_CPU to a little past `until` (process CPU time): the kernel's SIGXCPU
/// ends a worker whose watchdog could not. The hard limit is left alone so it can be raised again
/// for the next file.
#[cfg(unix)]
fn cap_cpu_time(until: Duration) {
    // SAFETY: getrlimit/setrlimit only read and write the struct we own.
    unsafe {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_CPU, &mut limit) != 0 {
            return;
        }
        let soft = (until.as_secs() + 2) as libc::rlim_t;
        limit.rlim_cur = if limit.rlim_max == libc::RLIM_INFINITY {
            soft
        } else {
            soft.min(limit.rlim_max)
        };
        libc::setrlimit(libc::RLIMIT_CPU, &limit);
    }
}

#[cfg(not(unix))]
fn cap_cpu_time(_until: Duration) {}

#[cfg(unix)]
fn cap_address_space(bytes: u64) {
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit only reads the struct we pass; failure leaves the old limit in place,
    // which the wall-clock limit still backs up.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &limit);
    }
}

#[cfg(not(unix))]
fn cap_address_space(_bytes: u64) {}

#[cfg(unix)]
fn private_stdout() -> std::io::Result<std::fs::File> {
    use std::os::fd::FromRawFd;
    // SAFETY: dup/dup2 on the process's own standard descriptors; the duplicated descriptor is
    // owned by the returned File and closed with it.
    unsafe {
        let fd = libc::dup(1);
        if fd < 0 {
            return Err(std::io::Error::last_os_error());
        }
        if libc::dup2(2, 1) < 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(std::fs::File::from_raw_fd(fd))
    }
}

#[cfg(not(unix))]
fn private_stdout() -> std::io::Result<std::fs::File> {
    Err(std::io::Error::other(
        "isolated extraction needs a Unix system",
    ))
}
