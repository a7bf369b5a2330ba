//! The JSON contract of an estimate (`schema_version` 4).

use std::io::{self, Write};

use serde::Serialize;

use crate::decimal::Decimal;
use crate::estimate::{ChannelEstimate, Conversion, Estimate, Range, ResolvedInput};
use crate::explain;
use crate::money::Money;
use crate::rates::{Basis, Ceiling, Grade, RateTable};

/// The version of this JSON layout; it changes only when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 4;

#[derive(Serialize)]
pub(super) struct Document<'a> {
    schema_version: u32,
    currency: &'a str,
    /// Null when the amounts are in the table's own currency.
    fx: Option<Fx<'a>>,
    rates: Rates<'a>,
    input: Input<'a>,
    channels: Vec<Channel<'a>>,
    total: Amounts,
    /// The channels the video has that the total leaves out, for want of an input, a priced
    /// figure or a threshold, or where they are not open: `[]` when it is complete.
    total_leaves_out: Vec<&'a str>,
}

/// The rate table an answer comes from.
#[derive(Serialize)]
pub(super) struct Rates<'a> {
    name: &'a str,
    as_of: &'a str,
}

impl<'a> Rates<'a> {
    pub fn of(table: &'a RateTable) -> Rates<'a> {
        Rates {
            name: &table.name,
            as_of: &table.as_of,
        }
    }
}

/// The exchange rate amounts were converted at, and where it comes from.
#[derive(Serialize)]
pub(super) struct Fx<'a> {
    from: &'a str,
    to: &'a str,
    /// Units of `to` per one `from`, rounded to 6 places for reading. Amounts are converted
    /// with the exact quotient `to_per_base / from_per_base`.
    rate: Option<Decimal>,
    base: &'a str,
    from_per_base: Decimal,
    to_per_base: Decimal,
    as_of: &'a str,
    source: &'a str,
    url: Option<&'a str>,
    grade: Option<&'static str>,
}

impl<'a> Fx<'a> {
    pub fn of(table: &'a RateTable, conversion: &'a Conversion) -> Option<Fx<'a>> {
        let rate = conversion.rate?;
        let source = table.fx.sources.first();
        Some(Fx {
            from: &table.currency,
            to: conversion.code,
            rate: rate.shown(),
            base: &table.fx.base,
            from_per_base: rate.from_per_base,
            to_per_base: rate.to_per_base,
            as_of: &table.fx.as_of,
            source: source.map_or("", |s| s.title.as_str()),
            url: source.and_then(|s| s.url.as_deref()),
            grade: table.fx.grade.map(Grade::letter),
        })
    }
}

#[derive(Serialize)]
struct Input<'a> {
    views: u64,
    #[serde(flatten)]
    profile: Profile<'a>,
}

/// Every input but the views.
#[derive(Serialize)]
pub(super) struct Profile<'a> {
    followers: Option<u64>,
    /// Where the creator lives.
    country: &'a str,
    /// Where the viewers are.
    audience: &'a str,
    age: Option<u64>,
    views_30d: Option<u64>,
    /// The video's length in seconds.
    length: Option<u64>,
    diamonds: Option<u64>,
    /// What the video's product links sold, in the amounts' currency.
    sales: Option<Money>,
    qualified_share: Option<Decimal>,
    niche: Option<&'a str>,
    /// A share of views: 0.045 is 4.5%.
    engagement: Option<Decimal>,
    /// The opt-in channels named as something the video has.
    with: Vec<&'a str>,
}

impl<'a> Profile<'a> {
    pub fn of(input: &'a ResolvedInput<'_>, table: &'a RateTable) -> Profile<'a> {
        Profile {
            followers: input.followers,
            country: input.country,
            audience: input.audience,
            age: input.age,
            views_30d: input.views_30d,
            length: input.length,
            diamonds: input.diamonds,
            sales: input.sales,
            qualified_share: input.qualified_share,
            niche: input.niche,
            engagement: input.engagement.map(Decimal::percent_to_fraction),
            with: input.with.ids(table).collect(),
        }
    }
}

#[derive(Serialize)]
struct Channel<'a> {
    id: &'a str,
    name: &'a str,
    /// What the rate multiplies: `views`, `qualified_views`, `diamonds` or `posts`.
    basis: &'static str,
    /// Counts only when the user says the video has it (`--with`).
    opt_in: bool,
    status: &'static str,
    low: Option<Money>,
    high: Option<Money>,
    /// The amounts as integers in the currency's minor units (cents; yen), for sums that
    /// need no decimal arithmetic.
    low_minor: Option<u64>,
    high_minor: Option<u64>,
    in_total: bool,
    /// For a fee per post: the follower tier the account is priced in.
    tier: Option<&'a str>,
    reasons: Vec<String>,
    /// The weakest evidence grade among the figures used, or null if one is ungraded.
    grade: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<Explain<'a>>,
}

/// What a rate multiplies: a count, or for a commission the sales, an amount of money.
#[derive(Serialize)]
#[serde(untagged)]
enum Quantity {
    Count(u64),
    Amount(Money),
}

/// The working behind one channel, as data.
#[derive(Serialize)]
struct Explain<'a> {
    basis: &'static str,
    /// Views, diamonds, sales (an amount) or posts; null when the basis input was not given.
    quantity: Option<Quantity>,
    rate: Rate,
    /// For a fee per post: the follower tier the account is priced in; null otherwise, and
    /// without --followers.
    tier: Option<TierUsed<'a>>,
    /// Every multiplier after the rate: the qualified share, then each factor.
    factors: Vec<FactorTerm>,
    /// The same arithmetic as one line for people.
    formula: Option<String>,
    thresholds: Vec<Threshold>,
    /// The per-video minimum checked against this video; null when the channel has none or
    /// the basis input was not given.
    minimum: Option<Minimum>,
    /// For an opt-in channel: what it needs to count; null for a channel that always counts
    /// when eligible.
    opt_in: Option<OptIn<'a>>,
    /// The channel's exclusions of others, then others' exclusions that left it out.
    exclusions: Vec<ExclusionUsed<'a>>,
    /// Another price for the channel, for comparison only: never counted in any total.
    cross_check: Option<CrossCheck<'a>>,
    sources: Vec<SourceRef<'a>>,
}

#[derive(Serialize)]
struct TierUsed<'a> {
    id: &'a str,
    /// The tier's first follower count.
    from: u64,
    /// Its last; null for the top tier.
    to: Option<u64>,
    /// The fee per post at the tier's fixed low and, for this account, its high (its low is
    /// the rate's).
    low: Decimal,
    high: Option<Decimal>,
    /// Set for a tier whose low fee is so much per follower where that is more than its
    /// fixed low.
    low_per_follower: Option<Decimal>,
    /// Set for a tier whose high fee is so much per follower.
    high_per_follower: Option<Decimal>,
}

impl<'a> TierUsed<'a> {
    fn of(used: &crate::explain::TierUsed<'a>) -> TierUsed<'a> {
        let tier = used.tier;
        TierUsed {
            id: &tier.id,
            from: tier.start(),
            to: used.to,
            low: tier.low,
            high: tier.high_for(used.followers),
            low_per_follower: tier.low_per_follower,
            high_per_follower: match tier.ceiling() {
                Ceiling::PerFollower(rate) => Some(rate),
                Ceiling::Fixed(_) => None,
            },
        }
    }
}

#[derive(Serialize)]
struct OptIn<'a> {
    /// Completes "counts only when".
    needs: &'a str,
    /// Named with --with, so it counts when eligible.
    named: bool,
}

#[derive(Serialize)]
struct ExclusionUsed<'a> {
    /// The channel that counts.
    by: &'a str,
    /// The channel it leaves out of the total.
    channel: &'a str,
    why: &'a str,
    /// Whether it left the channel out of this total.
    applied: bool,
}

#[derive(Serialize)]
struct CrossCheck<'a> {
    basis: &'static str,
    per: u64,
    low: Decimal,
    high: Decimal,
    grade: Option<&'static str>,
    /// The check's figure times the channel's factors for this video; null where it is not
    /// priced (the channel unavailable, or an input or factor entry missing) or too large.
    amount: Option<Amounts>,
    formula: Option<String>,
    notes: Option<&'a str>,
}

#[derive(Serialize)]
struct Minimum {
    needed: u64,
    /// The video's quantity after the low and the high qualified share.
    have_low: u64,
    have_high: u64,
    /// Whether the low and the high figure reach it.
    met_low: bool,
    met_high: bool,
}

#[derive(Serialize)]
struct Rate {
    /// The rate multiplied: for a fee per post, the tier's fee for this account (null
    /// without --followers).
    low: Option<Decimal>,
    high: Option<Decimal>,
    per: u64,
    /// A video whose quantity after the qualified share is below this earns nothing.
    min_quantity: Option<u64>,
}

#[derive(Serialize)]
struct FactorTerm {
    name: String,
    key: String,
    low: Decimal,
    high: Decimal,
}

#[derive(Serialize)]
struct Threshold {
    requirement: &'static str,
    needed: u64,
    have: Option<u64>,
    /// null when the input was not given.
    met: Option<bool>,
}

#[derive(Serialize)]
struct SourceRef<'a> {
    figure: String,
    title: &'a str,
    url: Option<&'a str>,
    date: Option<&'a str>,
    grade: Option<&'static str>,
    note: Option<&'a str>,
}

fn explain_channel<'a>(
    table: &'a RateTable,
    estimate: &Estimate<'a>,
    channel: &ChannelEstimate<'_>,
) -> Option<Explain<'a>> {
    let definition = table.channel(channel.id)?;
    let x = explain::explain(table, estimate, channel)?;
    let terms = x.terms.as_ref();
    // The rate multiplied; a fee per post's own low and high only stand in for its tiers'.
    let rate = match (terms.and_then(|t| t.multipliers.first()), definition.basis) {
        (Some(m), _) => Some((m.low, m.high)),
        (None, Basis::Posts) => None,
        (None, _) => definition.rate.low.zip(definition.rate.high),
    };
    Some(Explain {
        basis: definition.basis.key(),
        // Sales are counted in minor units; they are shown as the amount they are.
        quantity: terms.map(|t| match t.basis {
            Basis::Sales => Quantity::Amount(Money::from_minor(t.quantity, t.unit)),
            _ => Quantity::Count(t.quantity),
        }),
        rate: Rate {
            low: rate.map(|r| r.0),
            high: rate.map(|r| r.1),
            per: definition.rate.per(),
            min_quantity: definition.rate.min_quantity,
        },
        tier: x.tier.as_ref().map(TierUsed::of),
        opt_in: x.opt_in.map(|o| OptIn {
            needs: o.needs,
            named: o.named,
        }),
        exclusions: x
            .exclusions
            .iter()
            .map(|e| ExclusionUsed {
                by: &e.by.id,
                channel: &e.of.id,
                why: &e.exclusion.why,
                applied: e.applied,
            })
            .collect(),
        cross_check: x.cross_check.as_ref().map(|c| CrossCheck {
            basis: c.check.basis.key(),
            per: c.check.per,
            low: c.check.low,
            high: c.check.high,
            grade: c.check.grade.map(Grade::letter),
            amount: c.amount.map(Amounts::from),
            formula: explain::cross_check_formula(table, c),
            notes: c.check.notes.as_deref(),
        }),
        factors: terms
            .map(|t| {
                t.multipliers
                    .iter()
                    .skip(1)
                    .map(|m| FactorTerm {
                        name: m.name.to_string(),
                        key: m.key.to_string(),
                        low: m.low,
                        high: m.high,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        formula: terms.map(|t| explain::formula(table, t, channel.amount)),
        thresholds: x
            .thresholds
            .iter()
            .map(|c| Threshold {
                requirement: c.requirement.key(),
                needed: c.needed,
                have: c.have,
                met: c.met(),
            })
            .collect(),
        minimum: x.minimum.map(|m| Minimum {
            needed: m.needed,
            have_low: m.low,
            have_high: m.high,
            met_low: m.low >= m.needed,
            met_high: m.high >= m.needed,
        }),
        sources: x
            .sources
            .iter()
            .map(|c| SourceRef {
                figure: c.figure.clone(),
                title: &c.source.title,
                url: c.source.url.as_deref(),
                date: c.source.date.as_deref(),
                grade: c.source.grade.map(Grade::letter),
                note: c.source.note.as_deref(),
            })
            .collect(),
    })
}

/// A range of money, each bound also in the currency's minor units.
#[derive(Serialize)]
pub(super) struct Amounts {
    low: Money,
    high: Money,
    low_minor: u64,
    high_minor: u64,
}

impl From<Range> for Amounts {
    fn from(range: Range) -> Amounts {
        Amounts {
            low: range.low,
            high: range.high,
            low_minor: range.low.minor(),
            high_minor: range.high.minor(),
        }
    }
}

/// Writes the estimate as one pretty-printed JSON object and a newline; `explain` adds each
/// channel's working.
pub fn write(
    estimate: &Estimate,
    table: &RateTable,
    out: &mut dyn Write,
    explain: bool,
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(estimate, table, explain))?;
    writeln!(out)
}

/// A batch row through serde: the estimate's JSON on one line, with the input's `line` and the
/// columns it carried (`extra`). Batches write rows with [`super::row::RowWriter`], which is
/// tested to give these same bytes.
#[cfg(test)]
pub(crate) fn write_row(
    estimate: &Estimate,
    table: &RateTable,
    line: u64,
    extra: &serde_json::Map<String, serde_json::Value>,
    out: &mut impl Write,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Row<'a> {
        #[serde(flatten)]
        document: Document<'a>,
        line: u64,
        extra: &'a serde_json::Map<String, serde_json::Value>,
    }
    let row = Row {
        document: document(estimate, table, false),
        line,
        extra,
    };
    serde_json::to_writer(&mut *out, &row)?;
    writeln!(out)
}

pub(super) fn document<'a>(
    estimate: &'a Estimate,
    table: &'a RateTable,
    explain: bool,
) -> Document<'a> {
    let input = &estimate.input;
    Document {
        schema_version: SCHEMA_VERSION,
        currency: input.currency.code,
        fx: Fx::of(table, &input.currency),
        rates: Rates::of(table),
        input: Input {
            views: input.views,
            profile: Profile::of(input, table),
        },
        channels: estimate
            .channels
            .iter()
            .map(|c| Channel {
                id: c.id,
                name: c.name,
                basis: c.basis.key(),
                opt_in: c.opt_in,
                status: c.status.key(),
                low: c.amount.map(|a| a.low),
                high: c.amount.map(|a| a.high),
                low_minor: c.amount.map(|a| a.low.minor()),
                high_minor: c.amount.map(|a| a.high.minor()),
                in_total: c.in_total,
                tier: c.tier,
                reasons: c.reasons.iter().map(ToString::to_string).collect(),
                grade: c.grade.map(Grade::letter),
                explain: explain
                    .then(|| explain_channel(table, estimate, c))
                    .flatten(),
            })
            .collect(),
        total: estimate.total.into(),
        total_leaves_out: estimate.total_leaves_out().collect(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::estimate::{Input, estimate};
    use crate::rates;

    /// The explain object of one channel of the estimate of `input`.
    fn explained(input: &Input, id: &str) -> Value {
        let table = rates::built_in_for_tests();
        let e = estimate(table, input).unwrap();
        let mut out = Vec::new();
        super::write(&e, table, &mut out, true).unwrap();
        let doc: Value = serde_json::from_slice(&out).unwrap();
        let channels = doc["channels"].as_array().unwrap();
        channels.iter().find(|c| c["id"] == id).unwrap()["explain"].clone()
    }

    #[test]
    fn a_fee_per_post_gives_its_tier_opt_in_exclusion_and_cross_check() {
        let input = Input {
            views: 1_000_000,
            followers: Some(12_000),
            with: vec!["sponsorship".into()],
            ..Input::default()
        };
        let x = explained(&input, "sponsorship");
        // The tier's fee, not the placeholder the rate table keeps for a fee per post.
        assert_eq!(
            x["rate"],
            json!({ "low": 30, "high": 120, "per": 1, "min_quantity": null })
        );
        assert_eq!(
            x["tier"],
            json!({
                "id": "micro", "from": 10000, "to": 49999,
                "low": 25, "high": 120, "low_per_follower": 0.0025, "high_per_follower": 0.01
            })
        );
        assert_eq!(
            x["opt_in"],
            json!({ "needs": "the video is a paid brand deal", "named": true })
        );
        assert_eq!(
            x["exclusions"],
            json!([{
                "by": "sponsorship",
                "channel": "creator_rewards",
                "why": "a sponsored video does not earn Creator Rewards",
                "applied": true
            }])
        );
        let check = &x["cross_check"];
        // Money is written with exactly its unit's decimals.
        assert_eq!(check["amount"]["low"].to_string(), "5000.00");
        assert_eq!(check["amount"]["high"].to_string(), "15000.00");
        assert_eq!(check["grade"], "D");
        assert_eq!(
            check["formula"],
            "1,000,000 views ÷ 1,000 × $5.00–$15.00 = $5,000.00–$15,000.00"
        );
        let figures: Vec<&str> = x["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["figure"].as_str().unwrap())
            .collect();
        assert!(figures.contains(&"exclusion") && figures.contains(&"cross_check"));
        // The channel left out says so too.
        let rewards = explained(&input, "creator_rewards");
        assert_eq!(rewards["exclusions"][0]["applied"], true);
        assert_eq!(rewards["cross_check"], Value::Null);
        assert_eq!(rewards["tier"], Value::Null);
    }

    #[test]
    fn without_followers_a_fee_per_post_has_no_rate_to_give() {
        let input = Input {
            views: 1_000_000,
            ..Input::default()
        };
        let x = explained(&input, "sponsorship");
        assert_eq!(x["rate"]["low"], Value::Null);
        assert_eq!(x["rate"]["high"], Value::Null);
        assert_eq!(x["tier"], Value::Null);
        assert_eq!(x["opt_in"]["named"], false);
        assert_eq!(x["exclusions"][0]["applied"], false);
        assert_eq!(x["cross_check"]["amount"]["low"].to_string(), "5000.00");
    }
}
