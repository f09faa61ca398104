//! The `editscope` binary: [`editscope_cli::run_args`] with the process's arguments.

use std::process::ExitCode;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("editscope: internal error: {info}\nThis is a bug; please report it with the input that caused it.");
    }));
    ExitCode::from(editscope_cli::run_args(std::env::args_os()))
}
