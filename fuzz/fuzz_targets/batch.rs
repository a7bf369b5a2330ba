//! The batch reader: arbitrary bytes as CSV or NDJSON rows, to either output. The first byte
//! chooses the formats and `--strict`; the rest is the input.
#![no_main]

use earn::batch::{self, Event, InputFormat, Options, OutputFormat};
use earn::rates::{self, RateTable};
use libfuzzer_sys::fuzz_target;

/// Loaded once: the batch, not the table, is under test here.
static TABLE: std::sync::OnceLock<RateTable> = std::sync::OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Some((&more, input)) = rest.split_first() else {
        return;
    };
    let table = TABLE.get_or_init(|| rates::built_in().expect("the built-in table loads"));
    let options = Options {
        input: if mode & 1 == 0 {
            InputFormat::Csv
        } else {
            InputFormat::Ndjson
        },
        output: if mode & 2 == 0 {
            OutputFormat::Ndjson
        } else {
            OutputFormat::Csv
        },
        strict: mode & 4 != 0,
        carry: Vec::new(),
        // The built-in table's own currency, or a conversion.
        currency: (mode & 8 != 0).then(|| "jpy".to_string()),
        // Rows of accounts, each estimated as a month.
        month: mode & 16 != 0,
        // Defaults for what rows leave out.
        defaults: if mode & 32 != 0 {
            earn::Input {
                region: Some("gb".into()),
                followers: Some(12_000),
                niche: Some("tech".into()),
                ..earn::Input::default()
            }
        } else {
            earn::Input::default()
        },
        // Flushing whenever the next row is not yet read must not change what is written.
        live: mode & 64 != 0,
        // Fields between semicolons, and numbers with a decimal comma, as a spreadsheet set
        // to a decimal comma saves them; each without the other too.
        delimiter: (mode & 128 != 0).then_some(b';'),
        decimal_mark: if more & 1 != 0 {
            batch::DecimalMark::Comma
        } else {
            batch::DecimalMark::Point
        },
        // CSV records with each channel's reasons.
        reasons: more & 2 != 0,
    };
    let mut out = Vec::new();
    let mut failed = 0;
    let result = batch::run(table, input, &mut out, &options, &mut |event| {
        if let Event::RowFailed { .. } = event {
            failed += 1;
        }
    });
    if let Ok(summary) = result {
        // Every row read was either estimated or reported, and nothing is dropped.
        assert_eq!(summary.read, summary.estimated + summary.failed);
        assert_eq!(summary.failed, failed);
        if options.output == OutputFormat::Ndjson {
            let records = out.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
            assert_eq!(records as u64, summary.read);
        } else {
            // Every record, an error's too, is as wide as the header, its fields separated as
            // the input's were (by the flag, or a `sep=` line): the delimiter whose header has
            // the output's own `currency` column, with `error` after it.
            let header_with = |delimiter: u8| {
                let mut reader = csv::ReaderBuilder::new()
                    .delimiter(delimiter)
                    .has_headers(false)
                    .from_reader(&out[..]);
                reader.byte_records().next()?.ok()
            };
            let delimiter = (0..=u8::MAX)
                .filter(|&b| batch::is_delimiter(b))
                .find(|&d| {
                    header_with(d).is_some_and(|header| {
                        let cells: Vec<&[u8]> = header.iter().collect();
                        cells
                            .windows(2)
                            .any(|w| w == [&b"currency"[..], &b"error"[..]])
                    })
                })
                .unwrap_or(b',');
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .from_reader(&out[..]);
            let width = reader.byte_headers().map(csv::ByteRecord::len).unwrap_or(0);
            for record in reader.byte_records() {
                assert_eq!(record.expect("a CSV record").len(), width);
            }
        }
    }
});
