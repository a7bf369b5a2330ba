//! The working behind one channel's amount: the product with its actual numbers, each
//! threshold checked, what decides whether it counts (an opt-in condition, an exclusion), a
//! comparison price that is never counted, and the sources behind each figure used.
//!
//! The terms shown are the terms the estimate multiplied (`estimate::terms`), so the arithmetic
//! shown is the arithmetic done.

use crate::decimal::Decimal;
use crate::estimate::{
    ChannelEstimate, Check, Estimate, Multiplier, QUALIFIED_SHARE, Range, Reason, Status, Terms,
    checks, figures_at, quantity, terms,
};
use crate::money::{Money, Unit, group_thousands, priced};
use crate::rates::{Basis, Ceiling, Channel, CrossCheck, Exclusion, RateTable, Source, Tier};

#[derive(Debug, Clone, PartialEq)]
pub struct Explanation<'t> {
    /// `None` when the basis input is missing (LIVE gifts without diamonds).
    pub terms: Option<Terms<'t>>,
    /// For a fee per post: the tier the account's followers put it in.
    pub tier: Option<TierUsed<'t>>,
    pub thresholds: Vec<Check>,
    /// The channel's per-video minimum, checked against this video (`None` if it has none).
    pub minimum: Option<Minimum>,
    /// For an opt-in channel: what it needs to count, and whether the user named it.
    pub opt_in: Option<OptIn<'t>>,
    /// The channel's own exclusions of others, whether or not they applied, then the others'
    /// exclusions that left this one out.
    pub exclusions: Vec<Excluding<'t>>,
    /// A second price on another basis: shown for comparison, never counted.
    pub cross_check: Option<Compared<'t>>,
    pub sources: Vec<Cited<'t>>,
}

/// The tier a fee per post is priced in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TierUsed<'t> {
    pub tier: &'t Tier,
    /// The last follower count in the tier; `None` for the top tier.
    pub to: Option<u64>,
    /// The account's followers.
    pub followers: u64,
}

/// An opt-in channel's condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptIn<'t> {
    pub id: &'t str,
    /// Completes "counts only when": "the video is a paid brand deal".
    pub needs: &'t str,
    /// Named with `--with`, so it counts when eligible.
    pub named: bool,
}

/// One channel leaving another out of the total when it counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Excluding<'t> {
    /// The channel that counts.
    pub by: &'t Channel,
    /// The channel left out.
    pub of: &'t Channel,
    pub exclusion: &'t Exclusion,
    /// Whether it left `of` out of this estimate's total.
    pub applied: bool,
}

/// A channel's cross-check priced for this video.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared<'t> {
    pub check: &'t CrossCheck,
    /// The check's figure times the channel's own factors, for this video's quantity; `None`
    /// where the channel is unavailable, the basis input is missing, or a factor has no entry.
    pub terms: Option<Terms<'t>>,
    /// `None` without terms, or when the amount is too large to compute exactly.
    pub amount: Option<Range>,
}

/// A per-video minimum and what this video brings to it: its quantity after the low and the
/// high qualified share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Minimum {
    pub needed: u64,
    /// `views`, `qualified views` or `diamonds`.
    pub unit: &'static str,
    pub low: u64,
    pub high: u64,
}

/// A source and the figure it stands behind (`rate`, `qualified_share`, `eligibility`,
/// `availability`, `unavailable`, `fx`, a factor id, `exclusion` or `cross_check`).
#[derive(Debug, Clone, PartialEq)]
pub struct Cited<'t> {
    pub figure: String,
    pub source: &'t Source,
}

/// Explains one channel of an estimate made with `table`.
pub fn explain<'t>(
    table: &'t RateTable,
    estimate: &Estimate<'t>,
    channel: &ChannelEstimate<'_>,
) -> Option<Explanation<'t>> {
    let definition = table.channel(channel.id)?;
    let input = &estimate.input;
    let terms = terms(table, definition, input);
    let thresholds: Vec<Check> = checks(
        definition.eligibility.for_region(input.country),
        input.profile(),
    )
    .collect();
    let tier = match (definition.basis, input.followers) {
        (Basis::Posts, Some(followers)) => tier_used(definition, followers),
        _ => None,
    };
    let opt_in = definition.opt_in.as_deref().map(|needs| OptIn {
        id: &definition.id,
        needs,
        named: channel.named,
    });
    let exclusions = exclusions(table, estimate, definition);
    let cross_check = definition
        .cross_check
        .as_ref()
        .map(|check| Compared::of(table, estimate, definition, check, channel.status));

    let mut sources = Vec::new();
    let mut cite = |figure: &str, list: &'t [Source]| {
        sources.extend(list.iter().map(|source| Cited {
            figure: figure.to_string(),
            source,
        }));
    };
    cite("rate", &definition.rate.sources);
    if let (Some(share), None) = (&definition.qualified_share, input.qualified_share) {
        cite("qualified_share", &share.sources);
    }
    if !thresholds.is_empty() {
        cite("eligibility", &definition.eligibility.sources);
    }
    cite("availability", &definition.availability.sources);
    if let Some(ban) = input.ban {
        cite("unavailable", &ban.unavailable.sources);
    }
    for x in &exclusions {
        cite("exclusion", &x.exclusion.sources);
    }
    if let Some(compared) = &cross_check {
        cite("cross_check", &compared.check.sources);
    }
    if input.currency.rate.is_some() {
        cite("fx", &table.fx.sources);
    }
    // The factors of the amount and of the cross-check, each entry once. A factor of exactly
    // 1 changed nothing, so nothing stands behind it.
    let mut applied: Vec<&Multiplier> = Vec::new();
    let used = terms
        .iter()
        .chain(cross_check.iter().filter_map(|c| c.terms.as_ref()))
        .flat_map(|t| &t.multipliers)
        .filter(|m| m.low != Decimal::ONE || m.high != Decimal::ONE);
    for multiplier in used {
        if !applied
            .iter()
            .any(|m| m.name == multiplier.name && m.key == multiplier.key)
        {
            applied.push(multiplier);
        }
    }
    for multiplier in applied {
        if let Some(factor) = table.factor(multiplier.name) {
            sources.extend(
                factor
                    .sources_for(multiplier.key)
                    .into_iter()
                    .map(|source| Cited {
                        figure: factor.id.clone(),
                        source,
                    }),
            );
        }
    }
    let minimum = terms.as_ref().and_then(|t| {
        t.min_quantity.map(|needed| Minimum {
            needed,
            unit: t.basis.plural(),
            low: t.counted_quantity(|m| m.low),
            high: t.counted_quantity(|m| m.high),
        })
    });
    Some(Explanation {
        terms,
        tier,
        thresholds,
        minimum,
        opt_in,
        exclusions,
        cross_check,
        sources,
    })
}

/// The tier of `channel` an account of `followers` is in, and where that tier ends.
fn tier_used(channel: &Channel, followers: u64) -> Option<TierUsed<'_>> {
    let index = channel
        .rate
        .tiers
        .iter()
        .rposition(|t| t.start() <= followers)?;
    Some(TierUsed {
        tier: &channel.rate.tiers[index],
        to: tier_end(channel, index),
        followers,
    })
}

/// The last follower count of a channel's tier: one below the next tier's start; `None` for
/// the top tier.
pub fn tier_end(channel: &Channel, index: usize) -> Option<u64> {
    channel
        .rate
        .tiers
        .get(index + 1)
        .map(|next| next.start().saturating_sub(1))
}

/// The channel's exclusions of others, and those of others that left it out of this total.
fn exclusions<'t>(
    table: &'t RateTable,
    estimate: &Estimate<'t>,
    definition: &'t Channel,
) -> Vec<Excluding<'t>> {
    // Applied when the excluded channel carries the reason: it would have counted, and the
    // excluding one did.
    let left_out = |by: &Channel, of: &Channel, exclusion: &Exclusion| {
        estimate
            .channels
            .iter()
            .find(|c| c.id == of.id)
            .is_some_and(|c| {
                c.reasons.iter().any(|r| {
                    matches!(r, Reason::Excluded { by: name, why }
                        if *name == by.name && *why == exclusion.why)
                })
            })
    };
    let own = definition.excludes.iter().filter_map(|exclusion| {
        let of = table.channel(&exclusion.channel)?;
        Some(Excluding {
            by: definition,
            of,
            exclusion,
            applied: left_out(definition, of, exclusion),
        })
    });
    let by_others = table
        .video_channels()
        .flat_map(|by| by.excludes.iter().map(move |exclusion| (by, exclusion)))
        .filter(|(by, exclusion)| {
            exclusion.channel == definition.id && left_out(by, definition, exclusion)
        })
        .map(|(by, exclusion)| Excluding {
            by,
            of: definition,
            exclusion,
            applied: true,
        });
    own.chain(by_others).collect()
}

impl<'t> Compared<'t> {
    /// The cross-check of `definition` priced for the estimate's video: its figure times the
    /// channel's own factors (and the exchange rate), with the exact arithmetic of an amount.
    fn of(
        table: &'t RateTable,
        estimate: &Estimate<'t>,
        definition: &'t Channel,
        check: &'t CrossCheck,
        status: Status,
    ) -> Compared<'t> {
        let input = &estimate.input;
        let rate = Multiplier {
            name: "rate",
            key: check.basis.key(),
            low: check.low,
            high: check.high,
        };
        let terms = (status != Status::Unavailable)
            .then(|| {
                let quantity = quantity(check.basis, input)?;
                let mut figures = figures_at(table, definition, &check.factors, input, rate)?;
                // A qualified share belongs to the channel's own basis.
                if check.basis != Basis::QualifiedViews {
                    figures.multipliers.retain(|m| m.name != QUALIFIED_SHARE);
                }
                Some(Terms {
                    basis: check.basis,
                    quantity,
                    per: check.per,
                    min_quantity: None,
                    // Priced in the table's currency, whatever the channel's own basis.
                    fx: input.currency.rate,
                    ..figures
                })
            })
            .flatten();
        let amount = terms.as_ref().and_then(|t| {
            Some(Range {
                low: t.amount(|m| m.low).ok()?,
                high: t.amount(|m| m.high).ok()?,
            })
        });
        Compared {
            check,
            terms,
            amount,
        }
    }
}

/// `1,000,000 views ÷ 1,000 × $0.40–$1.00 × qualified 0.30–0.90 × region gb 0.70–0.90 =
/// $84.00–$810.00`; for a fee per post, `1 post × micro tier $30.00–$120.00 = $30.00–$120.00`.
pub fn formula(table: &RateTable, terms: &Terms, amount: Option<Range>) -> String {
    let mut parts = product(table, terms);
    // Under the per-video minimum a figure earns nothing: the product, then what is paid.
    let product = terms.min_quantity.and_then(|_| {
        let whole = Terms {
            min_quantity: None,
            ..terms.clone()
        };
        Some(Range {
            low: whole.amount(|m| m.low).ok()?,
            high: whole.amount(|m| m.high).ok()?,
        })
    });
    parts.push(match (amount, product) {
        (Some(a), Some(p)) if p != a => {
            format!("= {} → {} (nothing under the minimum)", shown(p), shown(a))
        }
        (Some(a), _) => format!("= {}", shown(a)),
        (None, _) => "(no amount: unavailable to this creator)".to_string(),
    });
    parts.join(" ")
}

/// The terms of a product as they read in a formula, up to the `=`.
fn product(table: &RateTable, terms: &Terms) -> Vec<String> {
    let unit = match (terms.basis, terms.quantity) {
        (Basis::Views | Basis::QualifiedViews, 1) => "view",
        (Basis::Views | Basis::QualifiedViews, _) => "views",
        (Basis::Diamonds, _) => "diamonds",
        (Basis::Sales, _) => "of sales",
        (Basis::Posts, 1) => "post",
        (Basis::Posts, _) => "posts",
        (Basis::Subscribers, 1) => "subscriber",
        (Basis::Subscribers, _) => "subscribers",
    };
    // Sales are money, in the amounts' currency.
    let quantity = match terms.basis {
        Basis::Sales => Money::from_minor(terms.quantity, terms.unit).to_string(),
        _ => group_thousands(terms.quantity),
    };
    let mut parts = vec![format!("{quantity} {unit}")];
    if terms.per != 1 {
        parts.push(format!("÷ {}", group_thousands(terms.per)));
    }
    for (i, m) in terms.multipliers.iter().enumerate() {
        // A factor of exactly 1 changes nothing; showing it would only lengthen the line.
        if i > 0 && m.low == Decimal::ONE && m.high == Decimal::ONE {
            continue;
        }
        let shown = if i == 0 && terms.basis == Basis::Sales {
            // A commission is a share: so many per so much sold, in any currency.
            span(m.low, m.high, |d| d.to_string())
        } else {
            term(table, i, m, m.low, m.high)
        };
        parts.push(format!("× {shown}"));
    }
    if let Some(fx) = terms.fx {
        parts.push(format!("× fx {} ÷ {}", fx.to_per_base, fx.from_per_base));
    }
    parts
}

/// `$25.00–$500.00`, or one figure when both are the same.
fn shown(amount: Range) -> String {
    if amount.low == amount.high {
        amount.low.to_string()
    } else {
        format!("{}–{}", amount.low, amount.high)
    }
}

/// One term of a product as it reads in a formula, with the figures given: the rate (the first
/// term) in dollars, `$0.40–$1.00`; any other with its label, `qualified 0.30–0.90`,
/// `region gb 0.70–0.90`, `engagement high 1.50`.
pub fn term(
    table: &RateTable,
    index: usize,
    m: &Multiplier,
    low: Decimal,
    high: Decimal,
) -> String {
    if index == 0 {
        let fee = span(low, high, |d| priced(d, table.unit()));
        // A fee per post is the tier's: name it.
        return match table.channels.iter().find_map(|c| {
            c.rate
                .tiers
                .iter()
                .find(|t| std::ptr::eq(t.id.as_str(), m.key))
        }) {
            Some(tier) => format!("{} tier {fee}", tier.id),
            None => fee,
        };
    }
    // A factor by its id, which tells apart two keyed by the same input.
    let label = match table.factor(m.name) {
        Some(f) => format!("{} {}", f.id.replace('_', " "), m.key),
        None if m.key == "input" => "qualified (given)".to_string(),
        None => "qualified".to_string(),
    };
    format!("{label} {}", span(low, high, |d| d.with_places(2)))
}

/// "micro tier: 10,000–49,999 followers (has 12,000), $0.0025–$0.01 per follower a post, at
/// least $25.00".
pub fn tier_line(table: &RateTable, used: &TierUsed) -> String {
    let tier = used.tier;
    format!(
        "{} tier: {} followers (has {}), {}",
        tier.id,
        follower_range(tier.start(), used.to),
        group_thousands(used.followers),
        tier_fee(tier, table.unit())
    )
}

/// "10,000–49,999", or "1,000,000+" for the top tier.
pub fn follower_range(from: u64, to: Option<u64>) -> String {
    match to {
        Some(to) => format!("{}–{}", group_thousands(from), group_thousands(to)),
        None => format!("{}+", group_thousands(from)),
    }
}

/// A tier's fee per post: "$25.00–$500.00 per post", for a ceiling that follows the
/// followers "$2,500.00 per post, up to $0.01 per follower", and for a floor that does too
/// "$0.0025–$0.01 per follower a post, at least $2,500.00".
pub fn tier_fee(tier: &Tier, unit: Unit) -> String {
    let priced = |d: Decimal| priced(d, unit);
    match (tier.low_per_follower, tier.ceiling()) {
        // Validation refuses a low per follower under a fixed high.
        (_, Ceiling::Fixed(high)) => format!("{} per post", span(tier.low, high, priced)),
        (None, Ceiling::PerFollower(rate)) => format!(
            "{} per post, up to {} per follower",
            priced(tier.low),
            priced(rate)
        ),
        (Some(low), Ceiling::PerFollower(high)) => format!(
            "{} per follower a post, at least {}",
            span(low, high, priced),
            priced(tier.low)
        ),
    }
}

/// "counts only when the video is a paid brand deal: named with --with sponsorship", or, not
/// named, "…: not named, so not in the total (add --with sponsorship if it is)".
pub fn opt_in_line(opt_in: &OptIn) -> String {
    let OptIn { id, needs, named } = *opt_in;
    if named {
        format!("counts only when {needs}: named with --with {id}")
    } else {
        format!(
            "counts only when {needs}: not named, so not in the total (add --with {id} if it is)"
        )
    }
}

/// How an exclusion reads under `channel_id`, the channel explained: from the channel that
/// the video has, "leaves Creator Rewards out of the total: …" (or, not applied here, "would
/// leave … if both counted: …"); from the one left out, "left out of the total: … (the video
/// has Sponsorship)".
pub fn exclusion_line(x: &Excluding, channel_id: &str) -> String {
    let why = &x.exclusion.why;
    if x.of.id == channel_id {
        format!("left out of the total: {why} (the video has {})", x.by.name)
    } else if x.applied {
        format!("leaves {} out of the total: {why}", x.of.name)
    } else {
        format!(
            "would leave {} out of the total if both counted: {why}",
            x.of.name
        )
    }
}

/// "cross-check, not counted: 1,000,000 views ÷ 1,000 × $5.00–$15.00 = $5,000.00–$15,000.00
/// (grade D)": what the comparison figure would price this video at; and, where that does not
/// meet the channel's `own` amount, that it is apart from it.
pub fn cross_check_line(table: &RateTable, compared: &Compared, own: Option<Range>) -> String {
    let check = compared.check;
    let grade = check
        .grade
        .map_or_else(|| "ungraded".to_string(), |g| format!("grade {g}"));
    let priced_at = cross_check_formula(table, compared).unwrap_or_else(|| {
        let per = if check.per == 1 {
            check.basis.unit().to_string()
        } else {
            format!("{} {}", group_thousands(check.per), check.basis.plural())
        };
        format!(
            "{} per {per}, not priced for this video",
            span(check.low, check.high, |d| priced(d, table.unit()))
        )
    });
    let apart = match (compared.amount, own) {
        (Some(check), Some(own)) if check.low > own.high || check.high < own.low => {
            format!(", apart from the channel's own figure, {}", shown(own))
        }
        _ => String::new(),
    };
    format!("cross-check, not counted: {priced_at} ({grade}){apart}")
}

/// The cross-check's product for this video, as [`formula`] gives an amount's; `None` where
/// it is not priced.
pub fn cross_check_formula(table: &RateTable, compared: &Compared) -> Option<String> {
    let terms = compared.terms.as_ref()?;
    let amount = compared
        .amount
        .map_or_else(|| "too large to compute exactly".to_string(), shown);
    Some(format!("{} = {amount}", product(table, terms).join(" ")))
}

fn span(low: Decimal, high: Decimal, show: impl Fn(Decimal) -> String) -> String {
    if low == high {
        show(low)
    } else {
        format!("{}–{}", show(low), show(high))
    }
}

/// "✓ age 18+ (has 21)", "✗ 10,000 followers (has 9,999: 1 to go)",
/// "? age 18+ (not given: assumed met; pass --age)".
pub fn threshold_line(check: &Check) -> String {
    let requirement = check.requirement;
    let needed = requirement.describe(check.needed);
    match (check.have, check.met()) {
        (Some(have), Some(true)) => format!("✓ {needed} (has {})", requirement.have(have)),
        // A video of exactly the length is not over it: the gap is what the check says.
        (Some(have), _) => format!(
            "✗ {needed} (has {}: {})",
            requirement.have(have),
            requirement.gap(check.shortfall().unwrap_or(0))
        ),
        (None, _) => format!(
            "? {needed} (not given: assumed met; pass {})",
            requirement.flag()
        ),
    }
}

/// "✓ 1,000 qualified views per video (has 300,000–900,000)"; "~" when only the high share
/// reaches it (the low figure is then 0); "✗" when neither does.
pub fn minimum_line(minimum: &Minimum) -> String {
    let needed = format!(
        "{} {} per video",
        group_thousands(minimum.needed),
        minimum.unit
    );
    let has = if minimum.low == minimum.high {
        group_thousands(minimum.low)
    } else {
        format!(
            "{}–{}",
            group_thousands(minimum.low),
            group_thousands(minimum.high)
        )
    };
    if minimum.low >= minimum.needed {
        format!("✓ {needed} (has {has})")
    } else if minimum.high >= minimum.needed {
        format!("~ {needed} (has {has}: reached only at the high share, so the low figure is 0)")
    } else {
        format!("✗ {needed} (has {has}: earns nothing)")
    }
}

/// "Protocol: … (2022-01, grade B)".
pub fn source_line(source: &Source) -> String {
    let date = source.date.as_deref().unwrap_or("undated");
    let grade = source
        .grade
        .map_or_else(|| "ungraded".to_string(), |g| format!("grade {g}"));
    format!("{} ({date}, {grade})", source.title)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::{Input, Requirement, estimate};
    use crate::money::Money;
    use crate::rates;

    fn views(views: u64) -> Input<'static> {
        Input {
            views,
            ..Input::default()
        }
    }

    fn channel<'e>(estimate: &'e Estimate<'_>, id: &str) -> &'e ChannelEstimate<'e> {
        estimate.channels.iter().find(|c| c.id == id).unwrap()
    }

    /// Under the per-video minimum the product is shown, then what is paid: the working
    /// matches the amounts, and the product is still the product.
    #[test]
    fn a_formula_under_the_minimum_shows_the_product_and_what_is_paid() {
        let table = rates::built_in().unwrap();
        let e = estimate(
            &table,
            &Input {
                views: 2_000,
                ..Input::default()
            },
        )
        .unwrap();
        let rewards = channel(&e, "creator_rewards");
        let x = explain(&table, &e, rewards).unwrap();
        assert_eq!(
            formula(&table, x.terms.as_ref().unwrap(), rewards.amount),
            "2,000 views ÷ 1,000 × $0.40–$1.00 × qualified 0.30–0.90 = $0.24–$1.80 → \
             $0.00–$1.80 (nothing under the minimum)"
        );
        let e = estimate(
            &table,
            &Input {
                views: 1,
                ..Input::default()
            },
        )
        .unwrap();
        let fund = channel(&e, "creator_fund");
        let x = explain(&table, &e, fund).unwrap();
        assert_eq!(
            formula(&table, x.terms.as_ref().unwrap(), fund.amount),
            "1 view ÷ 1,000 × $0.012–$0.05 = $0.00"
        );
    }

    #[test]
    fn the_formula_shows_the_numbers_multiplied() {
        let table = rates::built_in().unwrap();
        let input = Input {
            views: 1_000_000,
            region: Some("gb".into()),
            followers: Some(12_000),
            ..Input::default()
        };
        let e = estimate(&table, &input).unwrap();
        let rewards = channel(&e, "creator_rewards");
        let x = explain(&table, &e, rewards).unwrap();
        let text = formula(&table, x.terms.as_ref().unwrap(), rewards.amount);
        assert_eq!(
            text,
            "1,000,000 views ÷ 1,000 × $0.40–$1.00 × qualified 0.30–0.90 × region gb 0.70–0.90 \
             = $84.00–$810.00"
        );
        let lines: Vec<String> = x.thresholds.iter().map(threshold_line).collect();
        assert_eq!(
            lines,
            [
                "? age 18+ (not given: assumed met; pass --age)",
                "✓ 10,000 followers (has 12,000)",
                "? 100,000 views in the last 30 days (not given: assumed met; pass --views-30d)",
                "? a video over 1 minute (not given: assumed met; pass --length)",
            ]
        );
        assert_eq!(
            minimum_line(x.minimum.as_ref().unwrap()),
            "✓ 1,000 qualified views per video (has 300,000–900,000)"
        );
        let figures: Vec<&str> = x.sources.iter().map(|c| c.figure.as_str()).collect();
        assert!(
            figures.contains(&"rate") && figures.contains(&"region"),
            "{figures:?}"
        );
        assert!(figures.contains(&"qualified_share") && figures.contains(&"eligibility"));
    }

    #[test]
    fn a_factor_is_named_by_its_id_not_the_input_it_is_keyed_by() {
        // A second factor keyed by region, as an agency's uplift: its term must not read as a
        // second "region gb".
        let table = rates::load(Some(rates::Layer {
            origin: "uplift.toml",
            text: "[[factor]]\nid = \"agency_uplift\"\nname = \"Uplift\"\nkeyed_by = \"region\"\n\
                   [factor.entries]\nus = 1\ngb = 1.2\nca = 1\nau = 1\nde = 1\nfr = 1\nes = 1\n\
                   it = 1\njp = 1\nkr = 1\nbr = 1\nmx = 1\nid = 1\nph = 1\nth = 1\nmy = 1\nsg = 1\n\
                   vn = 1\nother = 1\n\
                   [[channel]]\nid = \"creator_rewards\"\nfactors = [\"region\", \"agency_uplift\"]\n",
        }))
        .unwrap();
        let input = Input {
            region: Some("gb".into()),
            ..views(1_000_000)
        };
        let e = estimate(&table, &input).unwrap();
        let rewards = channel(&e, "creator_rewards");
        let x = explain(&table, &e, rewards).unwrap();
        assert_eq!(
            formula(&table, x.terms.as_ref().unwrap(), rewards.amount),
            "1,000,000 views ÷ 1,000 × $0.40–$1.00 × qualified 0.30–0.90 × region gb 0.70–0.90 \
             × agency uplift gb 1.20 = $100.80–$972.00"
        );
    }

    #[test]
    fn the_per_video_minimum_is_checked_at_both_shares() {
        let table = rates::built_in().unwrap();
        let line = |views| {
            let input = Input {
                views,
                ..Input::default()
            };
            let e = estimate(&table, &input).unwrap();
            let x = explain(&table, &e, channel(&e, "creator_rewards")).unwrap();
            minimum_line(&x.minimum.unwrap())
        };
        // The built-in share is 0.30–0.90 of views.
        assert_eq!(
            line(1_000),
            "✗ 1,000 qualified views per video (has 300–900: earns nothing)"
        );
        assert_eq!(
            line(2_000),
            "~ 1,000 qualified views per video (has 600–1,800: reached only at the high share, \
             so the low figure is 0)"
        );
        assert_eq!(
            line(3_334),
            "✓ 1,000 qualified views per video (has 1,000–3,000)"
        );
    }

    #[test]
    fn gifts_show_one_figure_and_no_division() {
        let table = rates::built_in().unwrap();
        let input = Input {
            views: 10,
            diamonds: Some(1_001),
            ..Input::default()
        };
        let e = estimate(&table, &input).unwrap();
        let gifts = channel(&e, "gifts");
        let x = explain(&table, &e, gifts).unwrap();
        assert_eq!(
            formula(&table, x.terms.as_ref().unwrap(), gifts.amount),
            "1,001 diamonds × $0.005 = $5.01"
        );
    }

    fn sponsored(followers: u64, with: &[&'static str]) -> Input<'static> {
        Input {
            views: 1_000_000,
            followers: Some(followers),
            with: with.iter().map(|&id| id.into()).collect(),
            ..Input::default()
        }
    }

    #[test]
    fn a_fee_per_post_shows_its_tier_and_the_cross_check_is_not_counted() {
        let table = rates::built_in_for_tests();
        let e = estimate(table, &sponsored(12_000, &["sponsorship"])).unwrap();
        let sponsorship = channel(&e, "sponsorship");
        let x = explain(table, &e, sponsorship).unwrap();
        assert_eq!(
            formula(table, x.terms.as_ref().unwrap(), sponsorship.amount),
            "1 post × micro tier $30.00–$120.00 = $30.00–$120.00"
        );
        assert_eq!(
            tier_line(table, x.tier.as_ref().unwrap()),
            "micro tier: 10,000–49,999 followers (has 12,000), $0.0025–$0.01 per follower a post, at least $25.00"
        );
        assert_eq!(
            opt_in_line(x.opt_in.as_ref().unwrap()),
            "counts only when the video is a paid brand deal: named with --with sponsorship"
        );
        // The folklore figure prices the views, exactly, and stays out of the amount and the
        // total.
        let compared = x.cross_check.as_ref().unwrap();
        assert_eq!(
            cross_check_line(table, compared, None),
            "cross-check, not counted: 1,000,000 views ÷ 1,000 × $5.00–$15.00 \
             = $5,000.00–$15,000.00 (grade D)"
        );
        // Far from the fee the estimate uses, which is said.
        assert_eq!(
            cross_check_line(table, compared, sponsorship.amount),
            "cross-check, not counted: 1,000,000 views ÷ 1,000 × $5.00–$15.00 \
             = $5,000.00–$15,000.00 (grade D), apart from the channel's own figure, \
             $30.00–$120.00"
        );
        assert_eq!(
            compared.amount,
            Some(Range {
                low: Money::from_cents(500_000),
                high: Money::from_cents(1_500_000),
            })
        );
        assert_eq!(sponsorship.amount.unwrap().high, Money::from_cents(12_000));
        assert_eq!(e.total.high, Money::from_cents(12_000));
        // The exclusion it applied, from both sides, with its source.
        let lines: Vec<String> = x
            .exclusions
            .iter()
            .map(|x| exclusion_line(x, "sponsorship"))
            .collect();
        assert_eq!(
            lines,
            [
                "leaves Creator Rewards out of the total: a sponsored video does not earn Creator Rewards"
            ]
        );
        let rewards = channel(&e, "creator_rewards");
        let left_out = explain(table, &e, rewards).unwrap();
        let lines: Vec<String> = left_out
            .exclusions
            .iter()
            .map(|x| exclusion_line(x, "creator_rewards"))
            .collect();
        assert_eq!(
            lines,
            [
                "left out of the total: a sponsored video does not earn Creator Rewards (the video has Sponsorship)"
            ]
        );
        for x in [&x, &left_out] {
            let cited = |figure: &str| x.sources.iter().filter(|c| c.figure == figure).count();
            assert_eq!(cited("exclusion"), 1, "{:?}", x.sources);
        }
        let cross_checks: Vec<&str> = x
            .sources
            .iter()
            .filter(|c| c.figure == "cross_check")
            .map(|c| c.source.title.as_str())
            .collect();
        assert_eq!(cross_checks.len(), 3, "{cross_checks:?}");
        assert!(cross_checks[0].starts_with("influenceflow.io"));
    }

    #[test]
    fn the_top_tier_ends_nowhere_and_its_high_follows_the_followers() {
        let table = rates::built_in_for_tests();
        let mut input = sponsored(2_000_000, &["sponsorship"]);
        input.region = Some("gb".into());
        let e = estimate(table, &input).unwrap();
        let sponsorship = channel(&e, "sponsorship");
        let x = explain(table, &e, sponsorship).unwrap();
        assert_eq!(
            tier_line(table, x.tier.as_ref().unwrap()),
            "mega tier: 1,000,000+ followers (has 2,000,000), $0.0025–$0.01 per follower a post, \
             at least $2,500.00"
        );
        // 2,000,000 followers × $0.0025-$0.01 = $5,000-$20,000, wherever the audience: the tiers are US
        // rates quoted for deals anywhere.
        assert_eq!(
            formula(table, x.terms.as_ref().unwrap(), sponsorship.amount),
            "1 post × mega tier $5,000.00–$20,000.00 = $5,000.00–$20,000.00"
        );
        // The cross-check, a price per view, follows the audience: it has the region factor.
        assert_eq!(
            cross_check_line(table, x.cross_check.as_ref().unwrap(), None),
            "cross-check, not counted: 1,000,000 views ÷ 1,000 × $5.00–$15.00 × region gb \
             0.70–0.90 = $3,500.00–$13,500.00 (grade D)"
        );
    }

    #[test]
    fn an_opt_in_not_named_says_what_it_needs_and_applies_no_exclusion() {
        let table = rates::built_in_for_tests();
        let e = estimate(table, &sponsored(12_000, &[])).unwrap();
        let x = explain(table, &e, channel(&e, "sponsorship")).unwrap();
        assert_eq!(
            opt_in_line(x.opt_in.as_ref().unwrap()),
            "counts only when the video is a paid brand deal: not named, so not in the total \
             (add --with sponsorship if it is)"
        );
        assert_eq!(x.exclusions.len(), 1);
        assert!(!x.exclusions[0].applied);
        assert_eq!(
            exclusion_line(&x.exclusions[0], "sponsorship"),
            "would leave Creator Rewards out of the total if both counted: a sponsored video \
             does not earn Creator Rewards"
        );
        let rewards = explain(table, &e, channel(&e, "creator_rewards")).unwrap();
        assert!(rewards.exclusions.is_empty(), "{:?}", rewards.exclusions);
        assert!(rewards.opt_in.is_none() && rewards.cross_check.is_none());
    }

    #[test]
    fn without_followers_the_cross_check_is_still_priced() {
        let table = rates::built_in_for_tests();
        let e = estimate(table, &views(1_000_000)).unwrap();
        let sponsorship = channel(&e, "sponsorship");
        let x = explain(table, &e, sponsorship).unwrap();
        assert!(x.terms.is_none() && x.tier.is_none());
        assert_eq!(
            x.cross_check.unwrap().amount.unwrap().low,
            Money::from_cents(500_000)
        );
    }

    #[test]
    fn where_tiktok_is_unavailable_its_source_is_cited_and_nothing_is_priced() {
        let table = rates::built_in_for_tests();
        let mut input = views(1_000_000);
        input.region = Some("in".into());
        let e = estimate(table, &input).unwrap();
        let x = explain(table, &e, channel(&e, "sponsorship")).unwrap();
        let compared = x.cross_check.as_ref().unwrap();
        assert!(compared.terms.is_none() && compared.amount.is_none());
        assert_eq!(
            cross_check_line(table, compared, None),
            "cross-check, not counted: $5.00–$15.00 per 1,000 views, not priced for this \
             video (grade D)"
        );
        let unavailable: Vec<&str> = x
            .sources
            .iter()
            .filter(|c| c.figure == "unavailable")
            .map(|c| c.source.title.as_str())
            .collect();
        assert_eq!(
            unavailable,
            ["Moneycontrol (IANS): TikTok banned in India since 29 June 2020"]
        );
    }

    #[test]
    fn a_video_must_be_longer_than_the_length_not_as_long() {
        let check = |have| Check {
            requirement: Requirement::Length,
            needed: 60,
            have: Some(have),
        };
        assert_eq!(
            threshold_line(&check(60)),
            "✗ a video over 1 minute (has 1 minute: 1 second longer)"
        );
        assert_eq!(
            threshold_line(&check(61)),
            "✓ a video over 1 minute (has 1 minute 1 second)"
        );
        assert_eq!(
            threshold_line(&check(45)),
            "✗ a video over 1 minute (has 45 seconds: 16 seconds longer)"
        );
    }
}
