//! The rates-file loader and validator, then the estimate and its inverse, `target`, and the
//! milestones, on whatever table it accepts.
#![no_main]

use earn::Money;
use earn::estimate::{EstimateError, Input, estimate};
use earn::milestones::milestones;
use earn::money::OutOfRange;
use earn::rates::{self, Layer};
use earn::report;
use earn::target::{Reach, target};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(table) = rates::load(Some(Layer {
        origin: "fuzz.toml",
        text,
    })) else {
        return;
    };
    // Any accepted table estimates without panicking, at small and extreme inputs, and every
    // amount is either given or too large: the loader's bound on decimal places holds, in the
    // table's currency and in the one whose rate has the most places, and a share given to
    // nine places is refused when it is read if the table leaves no room for it.
    let long_share = "0.123456789".parse().ok();
    let longest_rate = table
        .fx
        .currencies
        .iter()
        .max_by_key(|c| c.per_base.scale());
    let currencies = [None, longest_rate.map(|c| c.code.as_str().into())];
    for views in [0, 1, 999, 1_000_000, u64::MAX] {
        for (qualified_share, currency) in [None, long_share]
            .into_iter()
            .flat_map(|share| currencies.iter().map(move |c| (share, c.clone())))
        {
            let input = Input {
                views,
                diamonds: Some(views),
                // Sales are an amount, counted in cents: a hundredth of the views, so that the
                // largest is the largest amount of dollars.
                sales: earn::count::parse_sales(&(views / 100).to_string()).ok(),
                followers: Some(views),
                qualified_share,
                currency,
                ..Input::default()
            };
            match estimate(&table, &input) {
                Ok(e) => {
                    for c in &e.channels {
                        if let Some(a) = c.amount {
                            assert!(a.low <= a.high);
                        }
                    }
                }
                Err(EstimateError::OutOfRange {
                    source: OutOfRange::TooLong,
                    ..
                }) => panic!("an accepted table's product passed its bound"),
                Err(EstimateError::ShareTooLong { .. }) => assert!(!table.products_fit(9)),
                Err(_) => {}
            }
        }
    }
    // The views target finds for an amount round-trip through the estimate's total: they
    // reach the amount and one view fewer does not.
    for cents in [1, 100_000, u64::MAX / 3] {
        let amount = Money::from_cents(cents);
        let Ok(answer) = target(&table, &Input::default(), amount) else {
            continue;
        };
        for (reach, high) in [(&answer.total.fewest, true), (&answer.total.most, false)] {
            let Reach::Views(found) = reach else { continue };
            let total = |views| {
                let e = estimate(
                    &table,
                    &Input {
                        views,
                        ..Input::default()
                    },
                )
                .expect("found views estimate");
                if high { e.total.high } else { e.total.low }
            };
            assert!(total(found.views) >= amount);
            if found.views > 0 {
                assert!(total(found.views - 1) < amount);
            }
        }
    }
    // Its milestones, with and without counts and a region, render without panicking.
    let regions = [None, table.regions.first()];
    for (followers, views, region) in [
        (None, None, regions[0]),
        (Some(4_200), Some(u64::MAX), regions[1]),
    ] {
        let report = milestones(&table, followers, views, region, Some(18));
        let mut out = Vec::new();
        report::milestones::write_table(&report, &table, &mut out, false, Some(60)).unwrap();
        report::milestones::write_json(&report, &table, &mut out).unwrap();
    }
    // And its TOML dump reads back to the same table: from a file of the same name, since a
    // table the file did not name is named after the file it is read from.
    let dump = rates::to_toml(&table);
    let again = rates::load(Some(Layer {
        origin: "fuzz.toml",
        text: &dump,
    }))
    .expect("a dump reloads");
    assert_eq!(again, table);
});
