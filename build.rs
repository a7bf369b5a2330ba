//! Checks the built-in rate table when earn is built, and stores it ready to use.
//!
//! `rates/default.toml` is read and validated here by the same code that reads a user's rates
//! file, so a broken built-in table fails the build with the table's own messages instead of
//! every run. The checked table is stored in a compact binary form that `rates::built_in`
//! decodes, which costs a run far less than parsing and validating the TOML.

// The loader's modules are compiled here for the table alone; most of what they offer the
// program goes unused.
#![allow(dead_code, unused_imports, clippy::wrong_self_convention)]

use std::env;
use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

#[path = "src/count.rs"]
mod count;
#[path = "src/decimal.rs"]
mod decimal;
#[path = "src/money.rs"]
mod money;
#[path = "src/rates/mod.rs"]
mod rates;
#[path = "src/suggest.rs"]
mod suggest;
#[path = "src/text.rs"]
mod text;

/// What the program reads; `rates` names it, and the build only writes it.
const BUILT_IN_SNAPSHOT: &[u8] = &[];

/// Where the program's `include_bytes!` finds the table.
const SNAPSHOT: &str = "built-in-rates.postcard";

fn main() -> ExitCode {
    for input in [
        "rates/default.toml",
        "src/rates",
        "src/count.rs",
        "src/decimal.rs",
        "src/money.rs",
        "src/suggest.rs",
        "src/text.rs",
    ] {
        println!("cargo::rerun-if-changed={input}");
    }
    let table = match rates::read(None) {
        Ok(table) => table,
        Err(mut error) => {
            // Named by its path here: it is the file the maintainer has to correct.
            error.origin = "rates/default.toml".to_string();
            for problem in error.problems() {
                eprintln!("error: {}: {}", error.place(&problem), problem.message);
                if let Some(hint) = &problem.hint {
                    eprintln!("hint: {hint}");
                }
            }
            return ExitCode::FAILURE;
        }
    };
    let bytes = match postcard::to_allocvec(&table) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("error: the built-in rate table cannot be stored: {error}");
            return ExitCode::FAILURE;
        }
    };
    // What is stored must read back as the same table, or a run would use another one.
    if postcard::from_bytes::<rates::RateTable>(&bytes)
        .ok()
        .as_ref()
        != Some(&table)
    {
        eprintln!("error: the built-in rate table does not read back as it was stored");
        return ExitCode::FAILURE;
    }
    let Some(out_dir) = env::var_os("OUT_DIR") else {
        eprintln!("error: OUT_DIR is not set: build earn with cargo");
        return ExitCode::FAILURE;
    };
    let path = PathBuf::from(out_dir).join(SNAPSHOT);
    if let Err(error) = fs::write(&path, bytes) {
        eprintln!("error: cannot write {}: {error}", path.display());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
