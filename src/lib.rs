//! `earn`: what a TikTok video could earn, channel by channel, from a sourced rate table.
//!
//! The library is the whole tool but the command line: the rate-table model and its validation
//! (`rates`), exact numbers (`decimal`, `money`), the estimate itself (`estimate`, pure: inputs
//! and a table in, a result out), and renderers from a result to bytes (`report`). It does no
//! I/O of its own beyond writing to the `Write` a renderer is given.

pub mod count;
pub mod decimal;
pub mod estimate;
pub mod money;
pub mod rates;
pub mod report;
pub mod suggest;

pub use decimal::Decimal;
pub use estimate::{Estimate, EstimateError, Input, Status, estimate};
pub use money::Money;
pub use rates::{RateTable, RatesError};
