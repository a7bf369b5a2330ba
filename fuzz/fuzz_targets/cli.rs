//! The whole command line: argument parsing, then the run, against a buffer. The input is an
//! argument vector with arguments separated by NUL bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../src/app.rs"]
mod app;
#[allow(dead_code)]
#[path = "../../src/cli.rs"]
mod cli;

fuzz_target!(|data: &[u8]| {
    let args = data
        .split(|b| *b == 0)
        .map(|a| String::from_utf8_lossy(a).into_owned());
    let argv: Vec<std::ffi::OsString> = std::iter::once("earn".to_string())
        .chain(args)
        .map(Into::into)
        .collect();
    let Ok(cli) = app::parse(&argv) else {
        return;
    };
    let mut sink = Vec::new();
    let mut diagnostics = Vec::new();
    let mut io = app::Io {
        out: &mut sink,
        terminal: false,
        terminal_width: None,
        stdin: &mut std::io::empty(),
        err: &mut diagnostics,
        err_terminal: false,
        stdin_is: app::Stdin::File,
        env: app::Env::default(),
    };
    let _ = app::run(&cli, &mut io);
});
