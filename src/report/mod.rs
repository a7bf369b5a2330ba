//! Rendering an estimate: each format is one function from a result to bytes on a `Write`.

pub mod check;
pub mod csv;
pub mod json;
pub mod milestones;
pub mod month;
pub mod month_row;
pub mod rates;
pub mod row;
pub mod table;
pub mod target;
pub mod wrap;

use crate::estimate::Conversion;
use crate::rates::RateTable;
pub use crate::text::{and_list, printable};

/// "Amounts in JPY, converted from USD at 159.33252 JPY per USD (fx rates of 2026-03-13: …)",
/// for tables; `None` when the amounts are in the table's own currency.
pub fn fx_note(table: &RateTable, conversion: &Conversion) -> Option<String> {
    let rate = conversion.rate?;
    let exact = format!("{} ÷ {}", rate.to_per_base, rate.from_per_base);
    let shown = match rate.shown() {
        Some(rounded) => format!("{exact} (≈ {rounded})"),
        None => exact,
    };
    let source = table
        .fx
        .sources
        .first()
        .map(|s| format!(": {}", s.title))
        .unwrap_or_default();
    Some(printable(&format!(
        "Amounts in {to}, converted exactly from {from} at {shown} {to} per {from} (exchange rates of {as_of}{source}), then rounded once.",
        to = conversion.code,
        from = table.currency,
        as_of = table.fx.as_of,
    ))
    .into_owned())
}
