//! The rates-file loader and validator, then the estimate on whatever table it accepts.
#![no_main]

use earn::estimate::{Input, estimate};
use earn::rates::{self, Layer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(table) = rates::load(Some(Layer {
        origin: "fuzz.toml",
        text,
    })) else {
        return;
    };
    // Any accepted table estimates without panicking, at small and extreme inputs.
    for views in [0, 1, 999, 1_000_000, u64::MAX] {
        let input = Input {
            views,
            diamonds: Some(views),
            ..Input::default()
        };
        if let Ok(e) = estimate(&table, &input) {
            for c in &e.channels {
                if let Some(a) = c.amount {
                    assert!(a.low <= a.high);
                }
            }
        }
    }
    // And its TOML dump reads back to the same table.
    let dump = rates::to_toml(&table);
    let again = rates::load(Some(Layer {
        origin: "dump.toml",
        text: &dump,
    }))
    .expect("a dump reloads");
    assert_eq!(again, table);
});
