//! The `earn` command: parse, run, map the outcome to an exit status.

mod app;
mod cli;
mod usage;

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use app::{Failure, Outcome};

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let outcome = match app::parse(&args) {
        Ok(cli) => run(&cli),
        // Help, a version, or a usage error.
        Err(error) => usage::outcome(&error, &args),
    };
    let status = match outcome {
        Ok(outcome) => outcome.status(),
        Err(failure) => failure.report(&mut io::stderr().lock()),
    };
    ExitCode::from(status)
}

/// Runs `cli` against this process's stdout, stdin, stderr and environment.
fn run(cli: &cli::Cli) -> Result<Outcome, Failure> {
    let stdout = io::stdout();
    let (terminal, stderr) = (stdout.is_terminal(), io::stderr());
    let terminal_width = terminal_size::terminal_size_of(&stdout)
        .map(|(width, _)| usize::from(width.0))
        .filter(|&width| width > 0);
    let mut out = io::BufWriter::new(stdout.lock());
    let outcome = app::run(
        cli,
        &mut app::Io {
            out: &mut out,
            terminal,
            terminal_width,
            stdin: &mut io::stdin().lock(),
            err: &mut stderr.lock(),
            err_terminal: stderr.is_terminal(),
            stdin_waits: app::stdin_waits(),
            env: app::Env::from_process(),
        },
    )?;
    // The result is complete only once it is flushed: an error then is the run's (a full disk).
    // A reader that went away ends the run with status 0, but for an answer the status gives:
    // a batch's failed row, a check's "not eligible".
    match out.flush() {
        Err(e) if outcome != Outcome::Done && e.kind() == io::ErrorKind::BrokenPipe => Ok(outcome),
        Err(e) => Err(Failure::Output(e)),
        Ok(()) => Ok(outcome),
    }
}
