//! `resume-screen __extract-worker` (hidden): the isolated side of extraction.
//!
//! Reads framed requests (format tag + file bytes) on stdin and answers each with a framed JSON
//! [`WireResult`] on the original stdout. It caps its own address space first, so a hostile file
//! makes this process fail, never the batch. Library code that prints to stdout cannot corrupt
//! the protocol: stdout is moved to a private descriptor and fd 1 points at stderr.

use crate::app::Exit;
use crate::cli::WorkerArgs;
use crate::extract::worker::{read_frame, tag_format, write_frame, WireResult};
use crate::extract::{extract_format, ExtractError};
use anyhow::{Context, Result};
use std::io::{BufReader, BufWriter};

/// Runs the worker loop until stdin closes.
pub fn run(args: WorkerArgs) -> Result<Exit> {
    let limits = args.limits.limits();
    cap_address_space(limits.max_memory_bytes);
    // Panics are answered as `extract_panic` replies; the default hook's message is noise.
    std::panic::set_hook(Box::new(|_| {}));
    let protocol_out = private_stdout().context("cannot set up worker output")?;
    let mut output = BufWriter::new(protocol_out);
    let mut input = BufReader::new(std::io::stdin().lock());
    while let Some(frame) = read_frame(&mut input).context("cannot read request")? {
        let result = match frame
            .split_first()
            .and_then(|(tag, bytes)| Some((tag_format(*tag)?, bytes)))
        {
            Some((format, bytes)) => {
                std::panic::catch_unwind(|| extract_format(format, bytes, &limits)).unwrap_or_else(
                    |payload| {
                        Err(ExtractError::Panic(format!(
                            "extractor panicked: {}",
                            crate::pipeline::panic_message(&payload)
                        )))
                    },
                )
            }
            None => Err(ExtractError::Panic("malformed request".into())),
        };
        let reply = serde_json::to_vec(&WireResult::from_result(&result))?;
        write_frame(&mut output, &reply).context("cannot send reply")?;
    }
    Ok(Exit::Success)
}

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
