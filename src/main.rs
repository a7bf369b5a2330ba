//! The `earn` command: parse, run, map the outcome to an exit status.

mod app;
mod cli;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use app::Failure;

fn main() -> ExitCode {
    let outcome = match cli::Cli::try_parse() {
        Ok(cli) => app::run(&cli),
        // --help, --version, and `earn` alone (which prints help) are clap's to show.
        Err(e)
            if !e.use_stderr()
                || e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand =>
        {
            e.exit()
        }
        Err(e) => Err(Failure::usage(&e)),
    };
    match outcome {
        Ok(app::Outcome::Done) => ExitCode::SUCCESS,
        // Like grep: 1 is an answer ("not eligible"), not an error.
        Ok(app::Outcome::NotEligible) => ExitCode::from(1),
        // The reader went away (`earn 1m | head -c 1`): nothing left to say to anyone.
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(failure) => {
            let mut stderr = io::stderr().lock();
            let _ = match failure {
                Failure::Input { message, hint } => writeln!(stderr, "error: {message}")
                    .and_then(|()| hint.map_or(Ok(()), |h| writeln!(stderr, "hint: {h}"))),
                Failure::Output(e) => writeln!(stderr, "error: writing output: {e}"),
            };
            ExitCode::from(2)
        }
    }
}
