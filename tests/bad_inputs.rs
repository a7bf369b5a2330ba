//! The bad-input matrix: every case in `bad_inputs.toml` runs the real binary and must end with
//! the status it names, a message containing its fragment, and the shape every error has —
//! exactly two lines on stderr, `error: …` then `hint: …`, nothing on stdout, no panic. A rates
//! file with several problems has one indented line for each between the two; a case that
//! expects them lists a fragment of each, in order.
//!
//! Adding a case is adding a `[[case]]` to the TOML file; this runner needs no change unless
//! the case needs a new kind of hostile file.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Matrix {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// Arguments after `earn`; placeholders are replaced (see `Places`).
    args: Vec<String>,
    /// Text written to the file `{rates}` names.
    rates: Option<String>,
    /// Text written to the file `{input}` names (a batch's rows).
    input: Option<String>,
    /// Environment variables to set (values take placeholders too). `EARN_RATES` and
    /// `NO_COLOR` are removed unless set here.
    #[serde(default)]
    env: BTreeMap<String, String>,
    /// Where stdout goes: "pipe" (default, captured) or "full" (/dev/full).
    #[serde(default)]
    stdout: Stdout,
    status: i32,
    /// A fragment the `error:` line must contain.
    error: String,
    /// A fragment the `hint:` line must contain.
    hint: String,
    /// Fragments of the indented lines between the two, one for each, in order; when empty,
    /// there must be none.
    #[serde(default)]
    details: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Stdout {
    #[default]
    Pipe,
    Full,
}

/// The hostile files a case can name.
struct Places {
    dir: tempfile::TempDir,
}

impl Places {
    fn new() -> Places {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let root = dir.path();
        // Just over the 1 MiB limit, and otherwise a valid (empty) rates file.
        let comment = format!("#{}\n", "x".repeat(1023));
        fs::write(root.join("big.toml"), comment.repeat(1025)).expect("write big.toml");
        fs::write(root.join("latin1.toml"), b"name = \"caf\xe9\"\n").expect("write latin1.toml");
        let fifo = root.join("fifo.toml");
        let made = Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("run mkfifo");
        assert!(made.success(), "mkfifo failed");
        Places { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn fill(&self, text: &str, rates: &Path, input: &Path) -> String {
        let show = |p: PathBuf| p.display().to_string();
        text.replace("{rates}", &show(rates.to_path_buf()))
            .replace("{input}", &show(input.to_path_buf()))
            .replace("{dir}", &show(self.dir.path().to_path_buf()))
            .replace("{missing}", &show(self.path("missing.toml")))
            .replace("{fifo}", &show(self.path("fifo.toml")))
            .replace("{big}", &show(self.path("big.toml")))
            .replace("{latin1}", &show(self.path("latin1.toml")))
            .replace("{long}", &"x".repeat(4097))
            .replace("{channels101}", &channels(101))
    }
}

/// A rates file adding `n` channels, each complete.
fn channels(n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        writeln!(
            text,
            "[[channel]]\nid = \"c{i}\"\nname = \"C{i}\"\nbasis = \"views\""
        )
        .expect("writing to a String");
        text += "rate = { low = 1, high = 1 }\n";
    }
    text
}

fn matrix() -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs.toml");
    let text = fs::read_to_string(&path).expect("read tests/bad_inputs.toml");
    let matrix: Matrix = toml::from_str(&text).expect("tests/bad_inputs.toml is valid");
    matrix.case
}

/// Runs one case; returns what is wrong with the outcome, if anything.
fn run(case: &Case, places: &Places, index: usize) -> Result<(), String> {
    let rates = places.path(&format!("case-{index}.toml"));
    let input = places.path(&format!("case-{index}.csv"));
    let fill = |text: &str| places.fill(text, &rates, &input);
    if let Some(text) = &case.rates {
        fs::write(&rates, fill(text)).map_err(|e| format!("cannot write its rates file: {e}"))?;
    }
    if let Some(text) = &case.input {
        fs::write(&input, fill(text)).map_err(|e| format!("cannot write its input file: {e}"))?;
    }
    let mut command = Command::new(env!("CARGO_BIN_EXE_earn"));
    command
        .args(case.args.iter().map(|a| fill(a)))
        .env_remove("EARN_RATES")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .stdin(Stdio::null())
        .stderr(Stdio::piped());
    for (key, value) in &case.env {
        command.env(key, fill(value));
    }
    match case.stdout {
        Stdout::Pipe => command.stdout(Stdio::piped()),
        Stdout::Full => command.stdout(File::create("/dev/full").map_err(|e| e.to_string())?),
    };
    let output = command
        .output()
        .map_err(|e| format!("cannot run earn: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let said = || format!("\n  stdout: {stdout:?}\n  stderr: {stderr:?}");

    if output.status.code() != Some(case.status) {
        return Err(format!(
            "exit status {:?}, expected {}{}",
            output.status.code(),
            case.status,
            said()
        ));
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        return Err(format!("panicked{}", said()));
    }
    if case.status == 2 && !stdout.is_empty() {
        return Err(format!("printed a result as well as an error{}", said()));
    }
    let lines: Vec<&str> = stderr.lines().collect();
    let [error, details @ .., hint] = &lines[..] else {
        return Err(format!("stderr is not two lines{}", said()));
    };
    if details.len() != case.details.len() {
        return Err(format!(
            "stderr has {} lines between error and hint, expected {}{}",
            details.len(),
            case.details.len(),
            said()
        ));
    }
    for (line, fragment) in details.iter().zip(&case.details) {
        let fragment = fill(fragment);
        if !line.starts_with("  ") || !line.contains(&fragment) {
            return Err(format!(
                "the line {line:?} is not an indented problem containing {fragment:?}{}",
                said()
            ));
        }
    }
    let (error, hint) = (*error, *hint);
    let Some(error) = error.strip_prefix("error: ") else {
        return Err(format!("the first line is not `error: …`{}", said()));
    };
    let Some(hint) = hint.strip_prefix("hint: ") else {
        return Err(format!("the second line is not `hint: …`{}", said()));
    };
    let fragment = fill(&case.error);
    if !error.contains(&fragment) {
        return Err(format!("the error does not contain {fragment:?}{}", said()));
    }
    if !hint.contains(&case.hint) {
        return Err(format!(
            "the hint does not contain {:?}{}",
            case.hint,
            said()
        ));
    }
    // A message that can be acted on: longer than a bare "invalid input", and it quotes
    // or names the thing that was wrong.
    if hint.len() < 10 || error.len() < 20 {
        return Err(format!("the message is too thin to act on{}", said()));
    }
    Ok(())
}

#[test]
fn every_bad_input_gets_one_clear_error_and_status() {
    let cases = matrix();
    assert!(cases.len() >= 60, "the matrix has {} cases", cases.len());
    let mut names = std::collections::BTreeSet::new();
    for case in &cases {
        assert!(
            names.insert(&case.name),
            "two cases are named {:?}",
            case.name
        );
    }

    let places = Places::new();
    let failures: Vec<String> = cases
        .iter()
        .enumerate()
        .filter_map(|(i, case)| {
            run(case, &places, i)
                .err()
                .map(|why| format!("{}: {why}", case.name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
