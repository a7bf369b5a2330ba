//! The core without the process around it: one estimate (from scratch, and as a batch row
//! makes it, with its situation's plan kept), and a batch of 100,000 rows read from memory and
//! written to nowhere. `scripts/bench.sh` measures the binary end to end.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use earn::batch::{self, InputFormat, Options, OutputFormat};
use earn::estimate::{Estimator, resolve};
use earn::{Input, estimate, rates};

const ROWS: u64 = 100_000;

fn one_estimate(c: &mut Criterion) {
    let table = rates::built_in().expect("the built-in table loads");
    let input = Input {
        views: 1_000_000,
        followers: Some(12_000),
        region: Some("gb".into()),
        age: Some(21),
        ..Input::default()
    };
    c.bench_function("estimate 1m views, gb", |b| {
        b.iter(|| estimate(black_box(&table), black_box(&input)));
    });
    // What a batch row costs the estimate: its situation's plan is kept from earlier rows.
    let resolved = resolve(&table, &input).expect("the input resolves");
    let mut estimator = Estimator::new(&table);
    c.bench_function("estimate 1m views, gb, plan kept", |b| {
        b.iter(|| {
            estimator
                .estimate(black_box(resolved.clone()))
                .map(|e| e.total)
        });
    });
}

/// A roster like `scripts/bench.sh` generates: a handle and every profile column.
fn roster(rows: u64) -> String {
    let regions = ["us", "gb", "de", "fr", "jp", "br", "in", "other"];
    let mut text = String::from("handle,views,followers,region,age,views_30d\n");
    for i in 0..rows {
        let region = regions[usize::try_from(i % 8).unwrap_or(0)];
        writeln!(
            text,
            "@creator{i},{},{},{region},{},{}",
            (i * 7_919) % 5_000_000,
            (i * 104_729) % 200_000,
            13 + i % 40,
            (i * 1_299_709) % 2_000_000
        )
        .expect("writing to a String");
    }
    text
}

fn batch_in_memory(c: &mut Criterion) {
    let table = rates::built_in().expect("the built-in table loads");
    let input = roster(ROWS);
    let mut group = c.benchmark_group("batch 100k rows");
    group.sample_size(10).throughput(Throughput::Elements(ROWS));
    for (name, output) in [
        ("to ndjson", OutputFormat::Ndjson),
        ("to csv", OutputFormat::Csv),
    ] {
        let options = Options {
            input: InputFormat::Csv,
            output,
            strict: false,
            carry: Vec::new(),
            currency: None,
            month: false,
            defaults: Input::default(),
            live: false,
            delimiter: None,
            decimal_mark: batch::DecimalMark::Point,
            reasons: false,
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                let summary = batch::run(
                    &table,
                    input.as_bytes(),
                    &mut std::io::sink(),
                    &options,
                    &mut |_| {},
                )
                .expect("the roster is valid");
                assert_eq!(summary.estimated, ROWS);
            });
        });
    }
    group.finish();
}

criterion_group!(benches, one_estimate, batch_in_memory);
criterion_main!(benches);
