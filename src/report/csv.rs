//! An estimate as CSV: one row per channel, then a `total` row.

use std::io::{self, Write};

use super::printable;
use crate::estimate::Estimate;

/// Writes `id,name,status,low,high,in_total,currency,basis,opt_in,tier`, a row per channel,
/// and a total row. Amounts are plain numbers in the currency's minor unit (`1234.50`, or
/// `1235` for the yen); a channel with no amount has empty cells, as has `tier` for a channel
/// not priced by tier. The last three columns came later, so they follow the first seven.
pub fn write(estimate: &Estimate, out: &mut dyn Write) -> io::Result<()> {
    let flag = |b: bool| if b { "true" } else { "false" };
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "id", "name", "status", "low", "high", "in_total", "currency", "basis", "opt_in", "tier",
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
            flag(channel.in_total),
            currency,
            channel.basis.key(),
            flag(channel.opt_in),
            channel.tier.unwrap_or_default(),
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
        "",
        "",
        "",
    ])?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use crate::estimate::{Input, estimate};
    use crate::rates;

    #[test]
    fn a_row_per_channel_says_its_basis_whether_it_is_opt_in_and_its_tier() {
        let table = rates::built_in_for_tests();
        let input = Input {
            views: 250_000,
            followers: Some(60_000),
            with: vec!["sponsorship".into()],
            ..Input::default()
        };
        let e = estimate(table, &input).unwrap();
        let mut out = Vec::new();
        super::write(&e, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\
id,name,status,low,high,in_total,currency,basis,opt_in,tier
creator_fund,Creator Fund,closed,5.00,10.00,false,USD,views,false,
creator_rewards,Creator Rewards,assumed,30.00,225.00,false,USD,qualified_views,false,
sponsorship,Sponsorship,eligible,125.00,5000.00,true,USD,posts,true,mid
affiliate,Affiliate,assumed,250.00,1250.00,false,USD,views,true,
gifts,LIVE gifts,needs_input,,,false,USD,diamonds,true,
total,Total,,125.00,5000.00,,USD,,,
"
        );
    }
}
