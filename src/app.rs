//! Running a parsed command line: read the rates, estimate, render.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use earn::rates::{self, Layer, RateTable};
use earn::report;

use crate::cli::{Cli, ColorChoice, Format};

/// The largest rates file read, so that a wrong path (a device, a huge file) fails fast.
const MAX_RATES_BYTES: u64 = 1024 * 1024;

/// Why a run failed.
#[derive(Debug)]
pub enum Failure {
    /// Bad input of any kind: one line, and perhaps a hint.
    Input {
        message: String,
        hint: Option<String>,
    },
    /// Writing the result failed.
    Output(io::Error),
}

impl Failure {
    fn input(message: impl Into<String>, hint: Option<String>) -> Failure {
        Failure::Input {
            message: message.into(),
            hint,
        }
    }
}

impl Failure {
    /// A command-line error from clap, cut to our shape: its first line, and its tip (such as
    /// a similar flag's name) as the hint.
    pub fn usage(error: &clap::Error) -> Failure {
        let text = error.render().to_string();
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        let message = lines
            .next()
            .unwrap_or("invalid arguments")
            .trim_start_matches("error: ")
            .to_string();
        let hint = lines
            .find_map(|l| l.strip_prefix("tip: "))
            .map_or_else(|| "see 'earn --help'".to_string(), str::to_string);
        Failure::input(message, Some(hint))
    }
}

impl From<earn::RatesError> for Failure {
    fn from(e: earn::RatesError) -> Failure {
        let hint = e.hint.clone();
        Failure::input(format!("invalid rates: {e}"), hint)
    }
}

impl From<earn::EstimateError> for Failure {
    fn from(e: earn::EstimateError) -> Failure {
        let hint = e.hint();
        Failure::input(e.to_string(), hint)
    }
}

/// The environment variable naming a rates file when --rates is not given.
const RATES_ENV: &str = "EARN_RATES";

pub fn run(cli: &Cli) -> Result<(), Failure> {
    let table = load_rates(cli.rates.as_deref())?;
    let input = earn::Input {
        views: cli.views,
        followers: cli.followers,
        region: cli.region.clone(),
        age: cli.age,
        views_30d: cli.views_30d,
        diamonds: cli.diamonds,
        qualified_share: cli.qualified_share,
        niche: cli.niche.clone(),
        engagement: cli.engagement,
    };
    let estimate = earn::estimate(&table, &input)?;

    let stdout = io::stdout();
    let color = use_color(cli.color, stdout.is_terminal());
    let mut out = BufWriter::new(stdout.lock());
    match cli.format() {
        Format::Table => report::table::write(&estimate, &table, &mut out, color),
        Format::Json => report::json::write(&estimate, &table, &mut out),
        Format::Csv => report::csv::write(&estimate, &mut out),
    }
    .and_then(|()| out.flush())
    .map_err(Failure::Output)
}

fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            terminal
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    }
}

/// The flag wins over the environment; an empty variable counts as unset.
fn load_rates(flag: Option<&Path>) -> Result<RateTable, Failure> {
    let from_env = std::env::var_os(RATES_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    let (path, given_by) = match (flag, &from_env) {
        (Some(path), _) => (path, "--rates"),
        (None, Some(path)) => (path.as_path(), RATES_ENV),
        (None, None) => return Ok(rates::built_in()?),
    };
    let text = read_rates_file(path, given_by)?;
    let origin = path.display().to_string();
    Ok(rates::load(Some(Layer {
        origin: &origin,
        text: &text,
    }))?)
}

fn read_rates_file(path: &Path, given_by: &str) -> Result<String, Failure> {
    let from_env = given_by == RATES_ENV;
    let fail = |what: String| {
        Failure::input(
            format!(
                "cannot read rates file '{}' (from {given_by}): {what}",
                path.display()
            ),
            Some(format!(
                "give {given_by} the path of a TOML rates file{}",
                if from_env {
                    ", or unset EARN_RATES"
                } else {
                    ""
                }
            )),
        )
    };
    let file = File::open(path).map_err(|e| fail(e.to_string()))?;
    let metadata = file.metadata().map_err(|e| fail(e.to_string()))?;
    if !metadata.is_file() {
        return Err(fail("not a regular file".to_string()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_RATES_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(e.to_string()))?;
    if bytes.len() as u64 > MAX_RATES_BYTES {
        return Err(fail(format!(
            "larger than the {} KiB a rates file may be",
            MAX_RATES_BYTES / 1024
        )));
    }
    String::from_utf8(bytes).map_err(|_| fail("not UTF-8 text".to_string()))
}
