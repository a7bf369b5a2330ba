//! An estimate as CSV: one row per channel, then a `total` row.

use std::io::{self, Write};

use super::printable;
use crate::estimate::Estimate;
use crate::rates::Grade;

/// The estimate's CSV columns. Columns are only ever added at the end, so that a script
/// reading them by position keeps working.
pub const HEADER: [&str; 12] = [
    "id", "name", "status", "low", "high", "in_total", "currency", "basis", "opt_in", "tier",
    "grade", "reasons",
];

/// A yes or no in a CSV cell.
pub(crate) fn flag(yes: bool) -> &'static str {
    if yes { "true" } else { "false" }
}

/// A grade in a CSV cell (or a table's): its letter, or `?` for a figure a rates file changed
/// without giving one.
pub(crate) fn grade(grade: Option<Grade>) -> &'static str {
    grade.map_or("?", Grade::letter)
}

/// Writes [`HEADER`], a row per channel, and a total row. Amounts are plain numbers in the
/// currency's minor unit (`1234.50`, or `1235` for the yen); a channel with no amount has empty
/// cells, as has `tier` for a channel not priced by tier. `grade` is `?` for a figure a rates
/// file changed without one, and `reasons` are the JSON's, joined with "; ", as the month's
/// CSV joins them, so that a row says why it does or does not count without the table.
pub fn write(estimate: &Estimate, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HEADER)?;
    let currency = estimate.input.currency.code;
    for channel in &estimate.channels {
        let reasons: Vec<String> = channel.reasons.iter().map(ToString::to_string).collect();
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
            grade(channel.grade),
            &printable(&reasons.join("; ")),
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
        "",
        &leaves_out(estimate.total_leaves_out(), "video"),
    ])?;
    writer.flush()
}

/// The total row's reasons: "leaves out sponsorship, which the video has", or nothing when the
/// total is complete (`has`: what has the channels, the video or the month).
pub(crate) fn leaves_out<'i>(ids: impl Iterator<Item = &'i str>, has: &str) -> String {
    let ids: Vec<&str> = ids.collect();
    if ids.is_empty() {
        return String::new();
    }
    format!("leaves out {}, which the {has} has", ids.join(", "))
}

#[cfg(test)]
mod tests {
    use crate::estimate::{Input, estimate};
    use crate::rates;

    #[test]
    fn a_row_per_channel_says_its_basis_whether_it_is_opt_in_its_tier_grade_and_reasons() {
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
            r#"id,name,status,low,high,in_total,currency,basis,opt_in,tier,grade,reasons
creator_fund,Creator Fund,closed,3.00,12.50,false,USD,views,false,,B,closed in region us since 2023-12-16
creator_rewards,Creator Rewards,assumed,30.00,225.00,false,USD,qualified_views,false,,D,"assumes age 18+: pass --age to check; assumes 100,000 views in the last 30 days: pass --views-30d to check; assumes a video over 1 minute: pass --length to check; not counted: a sponsored video does not earn Creator Rewards (the video has Sponsorship)"
sponsorship,Sponsorship,eligible,150.00,600.00,true,USD,posts,true,mid,C,
affiliate,Affiliate,needs_input,,,false,USD,sales,true,,B,needs --sales: it is a commission on what the video's product links sell
gifts,LIVE gifts,needs_input,,,false,USD,diamonds,true,,D,needs --diamonds: it is paid per diamond received
total,Total,,150.00,600.00,,USD,,,,,
"#
        );
    }

    #[test]
    fn every_channel_keeps_its_status_grade_and_reasons() {
        let table = rates::built_in_for_tests();
        let input = Input {
            views: 1_000_000,
            followers: Some(900),
            with: vec!["sponsorship".into()],
            ..Input::default()
        };
        let e = estimate(table, &input).unwrap();
        let mut out = Vec::new();
        super::write(&e, &mut out).unwrap();
        let mut reader = csv::Reader::from_reader(out.as_slice());
        assert_eq!(
            reader.headers().unwrap(),
            &csv::StringRecord::from(&super::HEADER[..])
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(
            rows.len(),
            e.channels.len() + 1,
            "a row per channel and the total"
        );
        for (row, channel) in rows.iter().zip(&e.channels) {
            assert_eq!(&row[0], channel.id);
            assert_eq!(&row[2], channel.status.key());
            assert_eq!(&row[10], channel.grade.unwrap().letter());
            let reasons: Vec<String> = channel.reasons.iter().map(ToString::to_string).collect();
            assert_eq!(&row[11], reasons.join("; "), "{}", channel.id);
        }
        // The unpriced sponsorship says why, though it has no amount to show.
        assert_eq!(&rows[2][2], "unpriced");
        assert_eq!(
            &rows[2][11],
            "no fee is priced below 1,000 followers, where the tiers start; has 900"
        );
        // The total has no grade; its reasons say what it leaves out that the video has.
        assert_eq!(
            (&rows[5][10], &rows[5][11]),
            ("", "leaves out sponsorship, which the video has")
        );
    }
}
