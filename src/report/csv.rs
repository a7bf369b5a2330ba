//! An estimate as CSV: one row per channel, then a `total` row.

use std::io::{self, Write};

use super::printable;
use crate::estimate::Estimate;

/// Writes `id,name,status,low,high,in_total,currency`, a row per channel, and a total row.
/// Amounts are plain numbers in the currency's minor unit (`1234.50`, or `1235` for the yen);
/// a channel with no amount has empty cells.
pub fn write(estimate: &Estimate, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "id", "name", "status", "low", "high", "in_total", "currency",
    ])?;
    let currency = estimate.input.currency.code;
    for channel in &estimate.channels {
        let (low, high) = channel
            .amount
            .map(|a| (a.low.plain(), a.high.plain()))
            .unwrap_or_default();
        // A name from a rates file may hold control characters; CSV is often read on a
        // terminal, so they are escaped as in the table.
        writer.write_record([
            channel.id,
            &printable(channel.name),
            channel.status.key(),
            &low,
            &high,
            if channel.in_total { "true" } else { "false" },
            currency,
        ])?;
    }
    writer.write_record([
        "total",
        "Total",
        "",
        &estimate.total.low.plain(),
        &estimate.total.high.plain(),
        "",
        currency,
    ])?;
    writer.flush()
}
