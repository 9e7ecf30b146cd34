//! How a run ends: the exit codes DESIGN.md fixes, and the one failure that is not worth a
//! message. Commands and the dispatcher both need them, so they sit below both.

/// Exit codes of the tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Every input screened (or every check passed).
    Success = 0,
    /// The report is complete but some inputs could not be screened (or checks failed).
    Partial = 1,
    /// Nothing was done: bad arguments, invalid rules, unwritable output.
    Fatal = 2,
}

/// True when the error chain ends in a closed pipe (e.g. `| head`): not worth a message.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
