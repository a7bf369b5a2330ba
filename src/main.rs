//! The `earn` command: parse, run, map the outcome to an exit status.

mod app;
mod cli;

use std::ffi::OsString;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use clap::CommandFactory;
use clap::error::ErrorKind;

use app::Failure;
use earn::report::printable;

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let outcome = match app::parse(&args) {
        Ok(cli) => {
            let stdout = io::stdout();
            let terminal = stdout.is_terminal();
            let terminal_width = terminal_size::terminal_size_of(&stdout)
                .map(|(width, _)| usize::from(width.0))
                .filter(|&width| width > 0);
            let mut out = BufWriter::new(stdout.lock());
            let stderr = io::stderr();
            let mut run_io = app::Io {
                out: &mut out,
                terminal,
                terminal_width,
                stdin: &mut io::stdin().lock(),
                err: &mut stderr.lock(),
                err_terminal: stderr.is_terminal(),
                stdin_waits: app::stdin_waits(),
                env: app::Env::from_process(),
            };
            let outcome = app::run(&cli, &mut run_io);
            // The result is complete only once it is flushed; an error here is an error of the
            // run's (a full disk, a closed pipe).
            outcome.and_then(|o| out.flush().map(|()| o).map_err(Failure::Output))
        }
        Err(e) => clap_outcome(&e, &args),
    };
    match outcome {
        Ok(app::Outcome::Done) => ExitCode::SUCCESS,
        // Like grep: 1 is an answer ("not eligible"), not an error.
        Ok(app::Outcome::NotEligible) => ExitCode::from(1),
        // The reader went away (`earn 1m | head -c 1`): nothing left to say to anyone.
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        // Already explained: a batch's failed rows were reported as they came.
        Ok(app::Outcome::RowsFailed) | Err(Failure::Silent) => ExitCode::from(2),
        Err(failure) => {
            let mut stderr = io::stderr().lock();
            // Messages can quote what the user typed; never pass control characters through.
            let _ = match failure {
                Failure::Input {
                    message,
                    details,
                    hint,
                } => {
                    let details: String = details
                        .iter()
                        .flat_map(|d| ["  ", &*printable(d), "\n"].map(str::to_string))
                        .collect();
                    writeln!(
                        stderr,
                        "error: {}\n{details}hint: {}",
                        printable(&message),
                        printable(&hint)
                    )
                }
                Failure::Output(e) => writeln!(
                    stderr,
                    "error: writing output: {e}\nhint: check that the file or pipe the output goes to can be written (a full disk, a closed file)"
                ),
                Failure::Silent => Ok(()),
            };
            ExitCode::from(2)
        }
    }
}

/// The same parse error without clap's styling. Rendering a styled error as plain text strips
/// every escape sequence, the user's own included, so `earn $'\e[31m'` would be reported as
/// `''`; unstyled, the user's text stays whole and is escaped when printed.
fn plain_error(e: &clap::Error, args: &[OsString]) -> Option<clap::Error> {
    let plain = cli::Cli::command().styles(clap::builder::Styles::plain());
    match plain.try_get_matches_from(args) {
        Err(again) if again.kind() == e.kind() => Some(again),
        _ => None,
    }
}

/// `earn -1m`: clap reads a negative number with a suffix or separators as the flags `-1` and
/// `-m`; this finds the number it was, so the error can say what is wrong with it.
fn negative_positional(e: &clap::Error, args: &[OsString]) -> Option<String> {
    if e.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    args.iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .find_map(|a| {
            let mut chars = a.chars();
            (chars.next() == Some('-') && chars.next().is_some_and(|c| c.is_ascii_digit()))
                .then(|| a.to_string())
        })
}

/// The command a command line runs, `earn target` or `earn`, for the hint under a usage error.
fn command_of(args: &[OsString]) -> String {
    let command = cli::Cli::command();
    let subcommand = args
        .get(1)
        .and_then(|a| a.to_str())
        .and_then(|a| command.find_subcommand(a));
    match subcommand {
        Some(sub) => format!("earn {}", sub.get_name()),
        None => "earn".to_string(),
    }
}

/// Help and version go to stdout (and a failure to write them is an error like any other);
/// `earn` alone prints the help to stderr, as a usage error; anything else is a usage error.
fn clap_outcome(e: &clap::Error, args: &[OsString]) -> Result<app::Outcome, Failure> {
    let help_only = e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand;
    if e.use_stderr() && !help_only {
        if let Some(negative) = negative_positional(e, args) {
            return Err(Failure::Input {
                details: Vec::new(),
                message: format!("'{negative}' is negative: counts and amounts start at 0"),
                hint: format!("see '{} --help'", command_of(args)),
            });
        }
        let plain = plain_error(e, args);
        return Err(Failure::usage(
            plain.as_ref().unwrap_or(e),
            &command_of(args),
        ));
    }
    let rendered = e.render();
    let show = |out: &mut dyn Write, terminal: bool| {
        let text = if terminal {
            rendered.ansi().to_string()
        } else {
            rendered.to_string()
        };
        out.write_all(text.as_bytes()).and_then(|()| out.flush())
    };
    let written = if help_only {
        let stderr = io::stderr();
        show(&mut stderr.lock(), stderr.is_terminal())
    } else {
        let stdout = io::stdout();
        show(&mut stdout.lock(), stdout.is_terminal())
    };
    written.map_err(Failure::Output)?;
    if help_only {
        // Not an error line: the help is the message. The status still tells a script that
        // `earn` was called without what it needs.
        Err(Failure::Silent)
    } else {
        Ok(app::Outcome::Done)
    }
}
