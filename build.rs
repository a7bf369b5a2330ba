//! Checks the built-in rate table when earn is built, and stores it ready to use.
//!
//! `rates/default.toml` is read and validated here by the same code that reads a user's rates
//! file, so a broken built-in table fails the build with the table's own messages instead of
//! every run. The checked table is stored in a compact binary form that `rates::built_in`
//! decodes, which costs a run far less than parsing and validating the TOML.

use std::env;
use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

// The loader and the leaf modules it uses, compiled here for the built-in table alone: much
// of what they offer the program goes unused here.
#[allow(dead_code)]
#[path = "src/decimal.rs"]
mod decimal;
#[allow(dead_code)]
#[path = "src/duration.rs"]
mod duration;
#[allow(dead_code)]
#[path = "src/fraction.rs"]
mod fraction;
#[allow(dead_code, unused_imports)]
#[path = "src/rates/mod.rs"]
mod rates;
#[path = "src/suggest.rs"]
mod suggest;
#[allow(dead_code)]
#[path = "src/text.rs"]
mod text;
#[allow(dead_code)]
#[path = "src/unit.rs"]
mod unit;

/// Only so that `src/rates/mod.rs`, which decodes the program's stored table, compiles here;
/// the build writes that table and never reads it.
#[allow(dead_code)]
const BUILT_IN_SNAPSHOT: &[u8] = &[];

/// The file the program's `include_bytes!` (in `src/lib.rs`) reads the table from.
const SNAPSHOT: &str = "built-in-rates.postcard";

fn main() -> ExitCode {
    for input in [
        "rates/default.toml",
        "src/rates",
        "src/decimal.rs",
        "src/duration.rs",
        "src/fraction.rs",
        "src/suggest.rs",
        "src/text.rs",
        "src/unit.rs",
    ] {
        println!("cargo::rerun-if-changed={input}");
    }
    let table = match rates::read(None, None) {
        Ok(table) => table,
        Err(mut error) => {
            // Named by its path here: it is the file the maintainer has to correct.
            error.origin = "rates/default.toml".to_string();
            for problem in error.problems() {
                let hint = problem
                    .hint
                    .as_ref()
                    .map(|hint| format!(" (hint: {hint})"))
                    .unwrap_or_default();
                println!(
                    "cargo::error={}: {}{hint}",
                    error.place(&problem),
                    problem.message
                );
            }
            return ExitCode::FAILURE;
        }
    };
    // With the places a given share may have, which the table's own format does not carry.
    let bytes = match postcard::to_allocvec(&(&table, table.share_places)) {
        Ok(bytes) => bytes,
        Err(error) => {
            println!("cargo::error=the built-in rate table cannot be stored: {error}");
            return ExitCode::FAILURE;
        }
    };
    // What is stored must read back as the same table, or a run would use another one.
    let read_back =
        postcard::from_bytes::<(rates::RateTable, u32)>(&bytes).map(|(mut stored, places)| {
            stored.share_places = places;
            stored
        });
    match read_back {
        Ok(stored) if stored == table => {}
        Ok(_) => {
            println!("cargo::error=the built-in rate table reads back as another table");
            return ExitCode::FAILURE;
        }
        Err(error) => {
            println!("cargo::error=the built-in rate table does not read back: {error}");
            return ExitCode::FAILURE;
        }
    }
    let Some(out_dir) = env::var_os("OUT_DIR") else {
        println!("cargo::error=OUT_DIR is not set: build earn with cargo");
        return ExitCode::FAILURE;
    };
    let path = PathBuf::from(out_dir).join(SNAPSHOT);
    if let Err(error) = fs::write(&path, bytes) {
        println!("cargo::error=cannot write {}: {error}", path.display());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
