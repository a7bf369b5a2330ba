//! `earn`: what a TikTok video could earn, channel by channel, from a sourced rate table.
//!
//! The library is the whole tool but the command line: the rate-table model and its validation
//! (`rates`, with the leaves it reads through: `unit`, `duration`), exact numbers (`decimal`,
//! `fraction`, `money`), the estimate itself (`estimate`, pure: inputs and a table in, a result out), the
//! views needed for an amount (`target`, the estimate run backwards), and renderers from a
//! result to bytes (`report`). It does no I/O of its own beyond writing to the `Write` a
//! renderer is given.
//!
//! ```
//! use earn::{Input, Money, Status, estimate, rates};
//!
//! let table = rates::built_in()?;
//! let input = Input { views: 1_000_000, ..Input::default() };
//! let result = estimate(&table, &input)?;
//!
//! let fund = result.channels.iter().find(|c| c.id == "creator_fund").unwrap();
//! assert_eq!(fund.status, Status::Closed); // in the US since 2023-12-16
//! let amount = fund.amount.unwrap();
//! assert_eq!((amount.low, amount.high), (Money::from_cents(1200), Money::from_cents(5000)));
//!
//! let mut json = Vec::new();
//! earn::report::json::write(&result, &table, &mut json, false)?;
//! assert!(String::from_utf8(json)?.contains("\"total\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod batch;
pub mod check;
pub mod count;
pub mod decimal;
pub mod duration;
pub mod estimate;
pub mod explain;
pub mod fraction;
pub mod milestones;
pub mod money;
pub mod month;
pub mod rates;
pub mod report;
pub mod suggest;
pub mod target;
pub mod text;
pub mod unit;

pub use decimal::Decimal;
pub use estimate::{Estimate, EstimateError, Input, Status, estimate};
pub use money::Money;
pub use rates::{RateTable, RatesError};

/// The built-in rate table as `build.rs` checked and stored it: see `rates::built_in`.
const BUILT_IN_SNAPSHOT: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/built-in-rates.postcard"));
