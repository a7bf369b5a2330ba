//! The JSON contract of an estimate (`schema_version` 1).

use std::io::{self, Write};

use serde::Serialize;

use crate::decimal::Decimal;
use crate::estimate::{Estimate, Range};
use crate::money::Money;
use crate::rates::{Grade, RateTable};

/// The version of this JSON layout; it changes only when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    currency: &'static str,
    rates: Rates<'a>,
    input: Input<'a>,
    channels: Vec<Channel<'a>>,
    total: Amounts,
}

#[derive(Serialize)]
struct Rates<'a> {
    name: &'a str,
    as_of: &'a str,
}

#[derive(Serialize)]
struct Input<'a> {
    views: u64,
    followers: Option<u64>,
    region: &'a str,
    age: Option<u64>,
    views_30d: Option<u64>,
    diamonds: Option<u64>,
    qualified_share: Option<Decimal>,
    niche: Option<&'a str>,
    /// Percent of views.
    engagement: Option<Decimal>,
}

#[derive(Serialize)]
struct Channel<'a> {
    id: &'a str,
    name: &'a str,
    status: &'static str,
    low: Option<Money>,
    high: Option<Money>,
    in_total: bool,
    reasons: Vec<String>,
    /// The weakest evidence grade among the figures used, or null if one is ungraded.
    grade: Option<&'static str>,
}

#[derive(Serialize)]
struct Amounts {
    low: Money,
    high: Money,
}

impl From<Range> for Amounts {
    fn from(range: Range) -> Amounts {
        Amounts {
            low: range.low,
            high: range.high,
        }
    }
}

/// Writes the estimate as one pretty-printed JSON object and a newline.
pub fn write(estimate: &Estimate, table: &RateTable, out: &mut dyn Write) -> io::Result<()> {
    let input = &estimate.input;
    let document = Document {
        schema_version: SCHEMA_VERSION,
        currency: "USD",
        rates: Rates {
            name: &table.name,
            as_of: &table.as_of,
        },
        input: Input {
            views: input.views,
            followers: input.followers,
            region: &input.region,
            age: input.age,
            views_30d: input.views_30d,
            diamonds: input.diamonds,
            qualified_share: input.qualified_share,
            niche: input.niche.as_deref(),
            engagement: input.engagement,
        },
        channels: estimate
            .channels
            .iter()
            .map(|c| Channel {
                id: &c.id,
                name: &c.name,
                status: c.status.key(),
                low: c.amount.map(|a| a.low),
                high: c.amount.map(|a| a.high),
                in_total: c.in_total,
                reasons: c.reasons.iter().map(ToString::to_string).collect(),
                grade: c.grade.map(Grade::letter),
            })
            .collect(),
        total: estimate.total.into(),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
