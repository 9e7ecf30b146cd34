//! The `resume-screen` binary: arguments in, exit code out. All logic lives in the library.

fn main() {
    let exit = resume_screen::app::run(std::env::args_os().collect());
    std::process::exit(exit as i32);
}
