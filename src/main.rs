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
    ExitCode::from(outcome.map_or_else(|f| f.report(&mut io::stderr().lock()), Outcome::status))
}

/// Runs `cli` against this process's stdout, stdin, stderr and environment.
fn run(cli: &cli::Cli) -> Result<Outcome, Failure> {
    let (stdout, stderr) = (io::stdout(), io::stderr());
    let mut out = io::BufWriter::new(stdout.lock());
    let mut io = app::Io {
        out: &mut out,
        terminal: stdout.is_terminal(),
        terminal_width: terminal_size::terminal_size_of(&stdout)
            .map(|(width, _)| usize::from(width.0))
            .filter(|&width| width > 0),
        stdin: &mut io::stdin().lock(),
        err: &mut stderr.lock(),
        err_terminal: stderr.is_terminal(),
        stdin_is: app::Stdin::of_process(),
        env: app::Env::from_process(),
    };
    let outcome = app::run(cli, &mut io)?;
    app::flushed(outcome, out.flush())
}
