//! The working behind one channel's amount: the product with its actual numbers, each
//! threshold checked, and the sources behind each figure used.
//!
//! The terms shown are the terms the estimate multiplied (`estimate::terms`), so the arithmetic
//! shown is the arithmetic done.

use crate::decimal::Decimal;
use crate::estimate::{ChannelEstimate, Check, Estimate, Multiplier, Range, Terms, checks, terms};
use crate::money::{group_thousands, priced};
use crate::rates::{Basis, FactorInput, RateTable, Source};

#[derive(Debug, Clone, PartialEq)]
pub struct Explanation<'t> {
    /// `None` when the basis input is missing (LIVE gifts without diamonds).
    pub terms: Option<Terms<'t>>,
    pub thresholds: Vec<Check>,
    /// The channel's per-video minimum, checked against this video (`None` if it has none).
    pub minimum: Option<Minimum>,
    pub sources: Vec<Cited<'t>>,
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
/// `availability`, or a factor id).
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
    if input.currency.rate.is_some() {
        cite("fx", &table.fx.sources);
    }
    if let Some(terms) = &terms {
        // A factor of exactly 1 changed nothing, so nothing stands behind it.
        let applied = terms
            .multipliers
            .iter()
            .filter(|m| m.low != Decimal::ONE || m.high != Decimal::ONE);
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
        thresholds,
        minimum,
        sources,
    })
}

/// `1,000,000 views ÷ 1,000 × $0.40–$1.00 × qualified 0.30–0.90 × region gb 0.70–0.90 =
/// $84.00–$810.00`
pub fn formula(table: &RateTable, terms: &Terms, amount: Option<Range>) -> String {
    let unit = match (terms.basis, terms.quantity) {
        (Basis::Views | Basis::QualifiedViews, _) => "views",
        (Basis::Diamonds, _) => "diamonds",
        (Basis::Posts, 1) => "post",
        (Basis::Posts, _) => "posts",
    };
    let mut parts = vec![format!("{} {unit}", group_thousands(terms.quantity))];
    if terms.per != 1 {
        parts.push(format!("÷ {}", group_thousands(terms.per)));
    }
    for (i, m) in terms.multipliers.iter().enumerate() {
        // A factor of exactly 1 changes nothing; showing it would only lengthen the line.
        if i > 0 && m.low == Decimal::ONE && m.high == Decimal::ONE {
            continue;
        }
        parts.push(format!("× {}", term(table, i, m, m.low, m.high)));
    }
    if let Some(fx) = terms.fx {
        parts.push(format!("× fx {} ÷ {}", fx.to_per_base, fx.from_per_base));
    }
    parts.push(match amount {
        Some(a) if a.low == a.high => format!("= {}", a.low),
        Some(a) => format!("= {}–{}", a.low, a.high),
        None => "(no amount: not offered here)".to_string(),
    });
    parts.join(" ")
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
        return match table
            .channels
            .iter()
            .find_map(|c| c.tiers.iter().find(|t| std::ptr::eq(t.id.as_str(), m.key)))
        {
            Some(tier) => format!("{} tier {fee}", tier.id),
            None => fee,
        };
    }
    let label = match table.factor(m.name) {
        Some(f) if f.keyed_by == FactorInput::Engagement => format!("engagement {}", m.key),
        Some(f) => format!("{} {}", f.keyed_by.key(), m.key),
        None if m.key == "input" => "qualified (given)".to_string(),
        None => "qualified".to_string(),
    };
    format!("{label} {}", span(low, high, |d| d.with_places(2)))
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
    match check.have {
        Some(have) if have >= check.needed => {
            format!("✓ {needed} (has {})", requirement.have(have))
        }
        Some(have) => format!(
            "✗ {needed} (has {}: {})",
            requirement.have(have),
            requirement.gap(check.needed - have)
        ),
        None => format!(
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
    use crate::estimate::{Input, estimate};
    use crate::rates;

    fn channel<'e>(estimate: &'e Estimate<'_>, id: &str) -> &'e ChannelEstimate<'e> {
        estimate.channels.iter().find(|c| c.id == id).unwrap()
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
}
