//! The views a video needs to earn an amount: the estimate run backwards.
//!
//! Pure: no I/O, no printing. The answer is defined by the estimate itself: the fewest whole
//! views whose estimate, rounded to cents per channel exactly as `earn VIEWS` rounds it,
//! reaches the amount. It is found by bisection over the views with the estimate's own
//! arithmetic (`Terms::amount` for a channel, an `Estimator` for the total), so per-video
//! minimums, factors, groups and rounding all hold as they do in the estimate, and the answer
//! `V` always satisfies the round trip: the estimate of `V` views reaches the amount and the
//! estimate of `V − 1` does not.
//!
//! For each channel: the fewest views at its high figures (`fewest`) and at its low figures
//! (`most`), from that channel alone. A channel that does not count in a total (closed,
//! unavailable, ineligible), one not paid per view, and one whose figure is zero cannot reach
//! the amount. For the total: the same over the estimate's total, at its high and its low.

use std::fmt;

use crate::decimal::Decimal;
use crate::estimate::{
    self, ChannelEstimate, EstimateError, Input, Multiplier, Range, Reason, ResolvedInput, Status,
    Terms, terms,
};
use crate::money::{Money, group_digits, group_thousands};
use crate::rates::{Basis, Channel, Grade, RateTable};

/// The answer for one amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target<'t> {
    pub amount: Money,
    /// The profile the views are for; its `views` is 0 and means nothing here.
    pub input: ResolvedInput<'t>,
    pub channels: Vec<ChannelTarget<'t>>,
    pub total: ViewsNeeded<'t>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelTarget<'t> {
    pub id: &'t str,
    pub name: &'t str,
    pub status: Status,
    /// Whether the channel counts in the estimate's total (an exclusive group still counts only
    /// one of its members at any number of views).
    pub in_total: bool,
    /// An opt-in channel not named with `--with`: what the video would earn if it had it, shown
    /// apart from the total.
    pub set_aside: bool,
    /// The reasons for the status, as the estimate gives them.
    pub reasons: Vec<Reason<'t>>,
    pub grade: Option<Grade>,
    pub views: ViewsNeeded<'t>,
    /// The terms multiplied, with a quantity of 0; `None` when the channel has no amount.
    pub terms: Option<Terms<'t>>,
}

/// The views needed: the fewest at the high figures, the most at the low ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewsNeeded<'t> {
    pub fewest: Reach<'t>,
    pub most: Reach<'t>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach<'t> {
    Views(Found),
    Never(Unreachable<'t>),
}

impl Reach<'_> {
    pub fn views(&self) -> Option<u64> {
        match self {
            Reach::Views(found) => Some(found.views),
            Reach::Never(_) => None,
        }
    }
}

/// The views found, with the round trip that makes them the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub views: u64,
    /// What the estimate gives for `views`: at least the amount.
    pub earns: Money,
    /// What it gives for one view fewer: less than the amount; `None` when `views` is 0.
    pub one_fewer_earns: Option<Money>,
}

/// Why no number of views reaches the amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreachable<'t> {
    /// The channel does not count: closed, unavailable, ineligible or missing an input.
    NotCounted(Vec<Reason<'t>>),
    /// Paid per diamond (or another unit), not per view; with what it pays, when the estimate
    /// prices it, which no number of views changes.
    NotPerView(Basis, Option<Range>),
    /// A figure multiplied is zero at this bound.
    ZeroFigure { name: String, key: String },
    /// The estimate has no amount for the channel.
    NoAmount,
    /// Not reached by `limit` views, the most the estimate can compute here.
    BeyondViews { limit: u64 },
    /// No channel counts in the total.
    NothingCounts,
    /// Nothing that counts in the total is paid per view; with what the total is at any views.
    NoChannelPerView(Range),
    /// Every channel that counts and is paid per view has a figure of 0 at this bound: the
    /// first of them, its zero figure, and what the total is at any views.
    NothingPerView {
        channel: &'t str,
        name: String,
        key: String,
        total: Money,
    },
}

impl fmt::Display for Unreachable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unreachable::NotCounted(reasons) => {
                let reasons: Vec<String> = reasons.iter().map(ToString::to_string).collect();
                f.write_str(&reasons.join("; "))
            }
            Unreachable::NotPerView(basis, None) => {
                write!(f, "{}, not per view", basis.paid())
            }
            Unreachable::NotPerView(basis, Some(Range { low, high })) if low == high => write!(
                f,
                "{}, not per view: it pays {low} whatever the views",
                basis.paid()
            ),
            Unreachable::NotPerView(basis, Some(Range { low, high })) => write!(
                f,
                "{}, not per view: it pays {low}–{high} whatever the views",
                basis.paid()
            ),
            Unreachable::ZeroFigure { name, key } => {
                let name = name.replace('_', " ");
                write!(f, "pays nothing: its {name} ({key}) is 0")
            }
            Unreachable::NoAmount => f.write_str("the estimate gives it no amount"),
            Unreachable::BeyondViews { limit } if *limit == u64::MAX => {
                write!(f, "needs more than {} views", group_thousands(*limit))
            }
            Unreachable::BeyondViews { limit } => write!(
                f,
                "not reached by {} views, the most the estimate can compute with these rates",
                group_thousands(*limit)
            ),
            Unreachable::NothingCounts => f.write_str("no channel counts in the total"),
            Unreachable::NothingPerView {
                channel,
                name,
                key,
                total,
            } => {
                write!(
                    f,
                    "nothing that counts in the total pays per view: {channel} pays nothing, as its {} ({key}) is 0",
                    name.replace('_', " ")
                )?;
                if total.minor() > 0 {
                    write!(f, "; the total is {total} whatever the views")?;
                }
                Ok(())
            }
            Unreachable::NoChannelPerView(Range { low, high }) => {
                f.write_str("nothing that counts in the total is paid per view: ")?;
                if low == high {
                    write!(f, "it is {low} whatever the views")
                } else {
                    write!(f, "it is {low}–{high} whatever the views")
                }
            }
        }
    }
}

/// Which figure of every term: the low figures give the most views, the high the fewest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Low,
    High,
}

impl Bound {
    pub fn pick(self) -> fn(&Multiplier) -> Decimal {
        match self {
            Bound::Low => |m| m.low,
            Bound::High => |m| m.high,
        }
    }

    fn of(self, range: estimate::Range) -> Money {
        match self {
            Bound::Low => range.low,
            Bound::High => range.high,
        }
    }

    /// The views needed at this bound: the most at the low figures, the fewest at the high.
    fn reach<'v, 't>(self, views: &'v ViewsNeeded<'t>) -> &'v Reach<'t> {
        match self {
            Bound::Low => &views.most,
            Bound::High => &views.fewest,
        }
    }
}

/// The views `input`'s creator needs to earn `amount` (views in `input` are ignored).
pub fn target<'t>(
    table: &'t RateTable,
    input: &Input,
    amount: Money,
) -> Result<Target<'t>, EstimateError> {
    let input = ResolvedInput {
        views: 0,
        ..estimate::resolve(table, input)?
    };
    // What counts does not change with the views, but for an exclusive group's winner: the
    // estimate with no views says which channels count and why the others do not.
    let at_zero = estimate::estimate_resolved(table, input.clone())?;
    let channels: Vec<ChannelTarget> = table
        .video_channels()
        .zip(&at_zero.channels)
        .map(|(channel, estimated)| channel_target(table, channel, estimated, &input, amount))
        .collect();
    let counted = channels.iter().filter(|c| c.in_total);
    let per_view: Vec<&ChannelTarget> = counted
        .clone()
        .filter(|c| table.channel(c.id).is_some_and(|ch| ch.basis.per_view()))
        .collect();
    // Why the total can stay short of the amount whatever the views at a bound, if it can.
    let stuck = |bound: Bound| match (counted.clone().count(), per_view.as_slice()) {
        (0, _) => Some(Unreachable::NothingCounts),
        (_, []) => Some(Unreachable::NoChannelPerView(at_zero.total)),
        (_, per_view) => {
            // Each of them has a figure of 0 at this bound (`--qualified-share 0`).
            let zeros: Option<Vec<_>> = per_view
                .iter()
                .map(|c| match bound.reach(&c.views) {
                    Reach::Never(Unreachable::ZeroFigure { name, key }) => {
                        Some((c.name, name, key))
                    }
                    _ => None,
                })
                .collect();
            let (channel, name, key) = zeros?.into_iter().next()?;
            Some(Unreachable::NothingPerView {
                channel,
                name: name.clone(),
                key: key.clone(),
                total: bound.of(at_zero.total),
            })
        }
    };
    let total = total(table, &input, amount, stuck)?;
    Ok(Target {
        amount,
        input,
        channels,
        total,
    })
}

fn channel_target<'t>(
    table: &'t RateTable,
    channel: &'t Channel,
    estimated: &ChannelEstimate<'t>,
    input: &ResolvedInput<'t>,
    amount: Money,
) -> ChannelTarget<'t> {
    let status = estimated.status;
    // An exclusive group's member may count at other views, and a per-video minimum is met
    // at some: those reasons are about the views, which are the answer here.
    let reasons: Vec<Reason<'t>> = estimated
        .reasons
        .iter()
        .filter(|r| !matches!(r, Reason::NotCounted { .. } | Reason::BelowMinimum { .. }))
        .cloned()
        .collect();
    let in_total = estimated.in_total
        || estimated
            .reasons
            .iter()
            .any(|r| matches!(r, Reason::NotCounted { .. }));
    let terms = terms(table, channel, input);
    let never = |why: Unreachable<'t>| ViewsNeeded {
        fewest: Reach::Never(why.clone()),
        most: Reach::Never(why),
    };
    // A channel not open here, or to this creator, says so first: that it is paid per post is
    // beside the point.
    let closed = matches!(
        status,
        Status::Closed | Status::Unavailable | Status::Ineligible | Status::Unpriced
    );
    // Why a channel does not count: whose market its figures are is beside that.
    let not_counted = || {
        Unreachable::NotCounted(
            reasons
                .iter()
                .filter(|r| !matches!(r, Reason::PricedIn { .. }))
                .cloned()
                .collect(),
        )
    };
    let views = match &terms {
        _ if closed => never(not_counted()),
        _ if !channel.basis.per_view() => {
            let pays = estimated.amount.filter(|_| status.counts());
            let reach = |bound: Bound| match pays {
                // A fee that is the amount or more needs no views at all.
                Some(range) if bound.of(range) >= amount => Reach::Views(Found {
                    views: 0,
                    earns: bound.of(range),
                    one_fewer_earns: None,
                }),
                _ => Reach::Never(Unreachable::NotPerView(channel.basis, pays)),
            };
            ViewsNeeded {
                fewest: reach(Bound::High),
                most: reach(Bound::Low),
            }
        }
        _ if !status.counts() => never(not_counted()),
        None => never(Unreachable::NoAmount),
        Some(terms) => ViewsNeeded {
            fewest: channel_reach(terms, amount, Bound::High),
            most: channel_reach(terms, amount, Bound::Low),
        },
    };
    ChannelTarget {
        id: &channel.id,
        name: &channel.name,
        status,
        in_total,
        set_aside: estimated.opt_in && !estimated.named,
        reasons,
        grade: estimate::grade(table, channel, input),
        views,
        terms,
    }
}

/// The fewest views at which one bound of a channel's amount reaches `amount`.
fn channel_reach<'t>(terms: &Terms<'_>, amount: Money, bound: Bound) -> Reach<'t> {
    let pick = bound.pick();
    if let Some(zero) = terms.multipliers.iter().find(|m| pick(m) == Decimal::ZERO) {
        return Reach::Never(Unreachable::ZeroFigure {
            name: zero.name.to_string(),
            key: zero.key.to_string(),
        });
    }
    let at = |views: u64| {
        Terms {
            quantity: views,
            ..terms.clone()
        }
        .amount(pick)
    };
    let limit = computable_limit(|views| at(views).is_ok());
    // Within the limit every amount is computable; a failure cannot happen and would only
    // count as not reaching.
    fewest_views(limit, amount, |views| {
        at(views).unwrap_or(Money::zero(amount.unit()))
    })
}

/// The fewest views at which one bound of the estimate's total reaches `amount`.
fn total<'t>(
    table: &'t RateTable,
    input: &ResolvedInput<'t>,
    amount: Money,
    stuck: impl Fn(Bound) -> Option<Unreachable<'t>>,
) -> Result<ViewsNeeded<'t>, EstimateError> {
    // Every estimate here is in one situation, so the estimator works it out once.
    let mut estimator = estimate::Estimator::new(table);
    let mut at = |views: u64| {
        estimator
            .estimate(ResolvedInput {
                views,
                ..input.clone()
            })
            .map(|e| e.total)
    };
    // With no views the estimate fails only if it fails whatever the views (too many diamonds).
    at(0)?;
    let limit = computable_limit(|views| at(views).is_ok());
    let mut reach = |bound: Bound| {
        let reach = fewest_views(limit, amount, |views| {
            at(views).map_or(Money::zero(amount.unit()), |total| bound.of(total))
        });
        match (reach, stuck(bound)) {
            (Reach::Never(_), Some(why)) => Reach::Never(why),
            (reach, _) => reach,
        }
    };
    Ok(ViewsNeeded {
        fewest: reach(Bound::High),
        most: reach(Bound::Low),
    })
}

/// The most views for which `computes` holds, given that it holds for 0 views and, once it
/// fails, fails for every larger number: an amount only grows with the views, and it fails to
/// compute only when it outgrows `u64` cents.
fn computable_limit(mut computes: impl FnMut(u64) -> bool) -> u64 {
    if computes(u64::MAX) {
        return u64::MAX;
    }
    // computes(ok) holds and computes(fails) does not.
    let (mut ok, mut fails) = (0, u64::MAX);
    while fails - ok > 1 {
        let mid = ok + (fails - ok) / 2;
        if computes(mid) {
            ok = mid;
        } else {
            fails = mid;
        }
    }
    ok
}

/// The fewest views in `0..=limit` at which `earns` reaches `amount`, by bisection.
///
/// Where `earns` never decreases as views grow (a channel's amount, and the total's high),
/// this is the fewest views of all. The total's low can drop where an exclusive group's
/// counted member changes (the member with the larger high figure can have the smaller low);
/// there the bisection still returns views that reach the amount one view after views that do
/// not, which is the round trip the answer promises.
fn fewest_views<'t>(limit: u64, amount: Money, mut earns: impl FnMut(u64) -> Money) -> Reach<'t> {
    let found = |views: u64, earned: Money, earns: &mut dyn FnMut(u64) -> Money| Found {
        views,
        earns: earned,
        one_fewer_earns: views.checked_sub(1).map(earns),
    };
    let at_zero = earns(0);
    if at_zero >= amount {
        return Reach::Views(found(0, at_zero, &mut earns));
    }
    let at_limit = earns(limit);
    if at_limit < amount {
        return Reach::Never(Unreachable::BeyondViews { limit });
    }
    // earns(short) < amount <= earns(reached), and earned == earns(reached).
    let (mut short, mut reached, mut earned) = (0, limit, at_limit);
    while reached - short > 1 {
        let mid = short + (reached - short) / 2;
        let at_mid = earns(mid);
        if at_mid >= amount {
            (reached, earned) = (mid, at_mid);
        } else {
            short = mid;
        }
    }
    Reach::Views(found(reached, earned, &mut earns))
}

/// The views at which one bound of a channel earns `amount` before rounding: amount ÷ the
/// product of its figures for one view (÷ per, × the exchange rate), to the hundredth. `None`
/// when a figure is zero, or when the arithmetic would pass `u128` (figures whose product
/// passes it, or views in hundredths past it): then the working leaves the line out.
pub fn exact_views(amount: Money, terms: &Terms, bound: Bound) -> Option<ExactViews> {
    let (hundredths, exact) = terms
        .product(bound.pick())
        .hundredths_of(amount.minor(), amount.unit())?;
    Some(ExactViews { hundredths, exact })
}

/// A number of views to the hundredth, and whether that is exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExactViews {
    pub hundredths: u128,
    pub exact: bool,
}

impl fmt::Display for ExactViews {
    /// `1,111,111.11`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, fraction) = (self.hundredths / 100, self.hundredths % 100);
        write!(f, "{}.{fraction:0>2}", group_digits(&whole.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::estimate;
    use crate::rates;

    fn table() -> RateTable {
        rates::built_in().unwrap()
    }

    fn with(toml: &str) -> RateTable {
        rates::load(Some(rates::Layer {
            origin: "test.toml",
            text: toml,
        }))
        .unwrap()
    }

    /// The built-in table with Affiliate paid per view, at the guides' $1-$5 per 1,000: a
    /// channel that pays in half cents.
    fn affiliate_per_view() -> RateTable {
        with(
            "[[channel]]\nid = \"affiliate\"\nbasis = \"views\"\n\
             rate = { per = 1000, low = 1, high = 5 }\n",
        )
    }

    fn dollars(cents: u64) -> Money {
        Money::from_cents(cents)
    }

    fn channel<'a>(t: &'a Target<'a>, id: &str) -> &'a ChannelTarget<'a> {
        t.channels.iter().find(|c| c.id == id).unwrap()
    }

    /// One bound of one channel's estimate at `views`.
    fn earns(table: &RateTable, input: &Input, id: &str, views: u64, bound: Bound) -> Money {
        let e = estimate(
            table,
            &Input {
                views,
                ..input.clone()
            },
        )
        .unwrap();
        let c = e.channels.iter().find(|c| c.id == id).unwrap();
        bound.of(c.amount.unwrap())
    }

    fn total_earns(table: &RateTable, input: &Input, views: u64, bound: Bound) -> Money {
        bound.of(estimate(
            table,
            &Input {
                views,
                ..input.clone()
            },
        )
        .unwrap()
        .total)
    }

    /// The round trip: the views reach the amount, one fewer does not.
    fn assert_round_trip(earned: impl Fn(u64) -> Money, reach: &Reach, amount: Money) {
        let Reach::Views(found) = reach else {
            panic!("not reached: {reach:?}");
        };
        assert!(earned(found.views) >= amount, "{found:?}");
        assert_eq!(earned(found.views), found.earns);
        if found.views > 0 {
            assert!(earned(found.views - 1) < amount, "{found:?}");
            assert_eq!(Some(earned(found.views - 1)), found.one_fewer_earns);
        }
    }

    #[test]
    fn every_answer_round_trips_through_the_estimate() {
        let t = table();
        for region in ["us", "gb", "br", "it", "kr", "in"] {
            for cents in [1, 99, 100_000, 123_456_789, 50_000_000_000] {
                let amount = dollars(cents);
                let input = Input {
                    region: Some(region.into()),
                    followers: Some(20_000),
                    ..Input::default()
                };
                let answer = target(&t, &input, amount).unwrap();
                // Nothing counts for a creator in Italy (the Creator Fund closed to new
                // creators, Creator Rewards not offered) or in India.
                if ["it", "in"].contains(&region) {
                    assert_eq!(
                        answer.total.fewest,
                        Reach::Never(Unreachable::NothingCounts)
                    );
                    continue;
                }
                for c in answer
                    .channels
                    .iter()
                    .filter(|c| c.views.fewest.views().is_some())
                {
                    for (reach, bound) in
                        [(&c.views.fewest, Bound::High), (&c.views.most, Bound::Low)]
                    {
                        assert_round_trip(|v| earns(&t, &input, c.id, v, bound), reach, amount);
                    }
                }
                assert_round_trip(
                    |v| total_earns(&t, &input, v, Bound::High),
                    &answer.total.fewest,
                    amount,
                );
                assert_round_trip(
                    |v| total_earns(&t, &input, v, Bound::Low),
                    &answer.total.most,
                    amount,
                );
            }
        }
    }

    #[test]
    fn rounding_to_the_cent_counts_as_the_estimate_does() {
        // Affiliate at $5 per 1,000 views is half a cent a view: 199,999 views earn $999.995,
        // which rounds to $1,000.00 as the estimate rounds it; at $1 per 1,000 views, 999,995
        // views earn the same.
        let t = affiliate_per_view();
        let answer = target(&t, &Input::default(), dollars(100_000)).unwrap();
        let affiliate = channel(&answer, "affiliate");
        assert_eq!(affiliate.views.fewest.views(), Some(199_999));
        assert_eq!(affiliate.views.most.views(), Some(999_995));
        // It is opt-in: shown, but not in the total unless named.
        assert!(!affiliate.in_total);
        // Affiliate's $1 per 1,000 views: $0.01 needs 5 views ($0.005 rounds up to a cent).
        let answer = target(&t, &Input::default(), dollars(1)).unwrap();
        assert_eq!(channel(&answer, "affiliate").views.most.views(), Some(5));
    }

    #[test]
    fn creator_rewards_needs_its_minimum_of_qualified_views() {
        // $0.01 would need 12 views at the high figures, but a video earns nothing under 1,000
        // qualified views: at a share of 0.90 that is 1,112 views.
        let t = table();
        let answer = target(&t, &Input::default(), dollars(1)).unwrap();
        let rewards = channel(&answer, "creator_rewards");
        assert_eq!(rewards.views.fewest.views(), Some(1_112));
        // At the low share of 0.30: 3,334 views.
        assert_eq!(rewards.views.most.views(), Some(3_334));
    }

    #[test]
    fn a_channel_not_paid_per_view_says_what_it_pays_whatever_the_views() {
        let t = table();
        let input = Input {
            followers: Some(40_000),
            diamonds: Some(10_000),
            ..Input::default()
        };
        let answer = target(&t, &input, dollars(100_000)).unwrap();
        let why = |id: &str| match &channel(&answer, id).views.fewest {
            Reach::Never(why) => why.to_string(),
            Reach::Views(_) => panic!("{id} reached the amount by views"),
        };
        assert_eq!(
            why("sponsorship"),
            "paid per post, not per view: it pays $100.00–$400.00 whatever the views"
        );
        assert_eq!(
            why("gifts"),
            "paid per diamond, not per view: it pays $50.00 whatever the views"
        );
    }

    #[test]
    fn channels_that_cannot_count_say_why() {
        let t = table();
        let input = Input {
            followers: Some(500),
            ..Input::default()
        };
        let answer = target(&t, &input, dollars(100_000)).unwrap();
        let fund = channel(&answer, "creator_fund");
        assert_eq!(
            fund.views.fewest,
            Reach::Never(Unreachable::NotCounted(fund.reasons.clone()))
        );
        assert_eq!(
            fund.views.most.clone(),
            fund.views.fewest.clone(),
            "closed at both figures"
        );
        let Reach::Never(why) = &channel(&answer, "affiliate").views.fewest else {
            panic!("an ineligible channel reached the amount");
        };
        assert_eq!(why.to_string(), "needs 1,000 followers, has 500");
        // A fee per post the account is too small to be priced for says so, not how it is
        // paid.
        let Reach::Never(why) = &channel(&answer, "sponsorship").views.fewest else {
            panic!("a fee per post reached the amount by views");
        };
        assert_eq!(
            why.to_string(),
            "no fee is priced below 1,000 followers, where the tiers start; has 500"
        );
        // A threshold the account misses is said before how the channel is paid.
        let Reach::Never(why) = &channel(&answer, "gifts").views.most else {
            panic!("gifts reached the amount by views");
        };
        assert_eq!(why.to_string(), "needs 1,000 followers, has 500");
        let input = Input {
            followers: Some(2_000),
            ..Input::default()
        };
        let answer = target(&t, &input, dollars(100_000)).unwrap();
        let Reach::Never(why) = &channel(&answer, "gifts").views.most else {
            panic!("gifts reached the amount by views");
        };
        assert_eq!(why.to_string(), "paid per diamond, not per view");
        // Where TikTok is unavailable, that is the reason for every channel, per post or not.
        let input = Input {
            region: Some("in".into()),
            ..Input::default()
        };
        let answer = target(&t, &input, dollars(100_000)).unwrap();
        for id in ["creator_rewards", "sponsorship", "gifts"] {
            let Reach::Never(why) = &channel(&answer, id).views.fewest else {
                panic!("{id} reached the amount where TikTok is unavailable");
            };
            assert!(
                why.to_string().contains("unavailable in India"),
                "{id}: {why}"
            );
        }
    }

    #[test]
    fn a_zero_figure_never_reaches_and_names_the_figure() {
        let t = table();
        let input = Input {
            qualified_share: Some(Decimal::ZERO),
            ..Input::default()
        };
        let answer = target(&t, &input, dollars(100)).unwrap();
        let Reach::Never(why) = &channel(&answer, "creator_rewards").views.fewest else {
            panic!("a share of 0 reached the amount");
        };
        assert_eq!(
            why.to_string(),
            "pays nothing: its qualified share (input) is 0"
        );
        // Nothing else that counts is paid per view: the total names the zero, not a scale.
        for reach in [&answer.total.fewest, &answer.total.most] {
            let Reach::Never(why) = reach else {
                panic!("the total reached the amount");
            };
            assert_eq!(
                why.to_string(),
                "nothing that counts in the total pays per view: Creator Rewards pays nothing, \
                 as its qualified share (input) is 0"
            );
        }
        // Beside a fixed amount (a LIVE's diamonds), the total says what it stays at.
        let input = Input {
            diamonds: Some(1_000),
            with: vec!["gifts".into()],
            ..input
        };
        let answer = target(&t, &input, dollars(10_000)).unwrap();
        let Reach::Never(why) = &answer.total.fewest else {
            panic!("the total reached the amount");
        };
        assert!(
            why.to_string()
                .ends_with("is 0; the total is $5.00 whatever the views"),
            "{why}"
        );
    }

    #[test]
    fn an_amount_past_u64_views_is_unreachable() {
        // Creator Rewards at a UK creator's rate for a Brazilian audience pays at most $1.00 per
        // 1,000 views × 0.90 × 0.50: u64::MAX views earn about $4.2 quadrillion, short of the
        // largest amount.
        let t = table();
        let input = Input {
            country: Some("gb".into()),
            audience: Some("br".into()),
            ..Input::default()
        };
        let answer = target(&t, &input, Money::from_cents(u64::MAX)).unwrap();
        let rewards = channel(&answer, "creator_rewards");
        assert_eq!(
            rewards.views.fewest,
            Reach::Never(Unreachable::BeyondViews { limit: u64::MAX })
        );
    }

    #[test]
    fn the_total_stops_where_the_estimate_stops() {
        // Affiliate at $100 per 1,000 views outgrows u64 cents long before u64 views; the
        // total is searched only as far as the estimate can go, and still reaches large sums.
        let t = with(
            "[[channel]]\nid = \"affiliate\"\nbasis = \"views\"\n\
             rate = { per = 1000, low = 10, high = 100 }\n",
        );
        let amount = dollars(u64::MAX / 2);
        let input = Input {
            with: vec!["affiliate".into()],
            ..Input::default()
        };
        let answer = target(&t, &input, amount).unwrap();
        assert_round_trip(
            |v| total_earns(&t, &input, v, Bound::High),
            &answer.total.fewest,
            amount,
        );
        let affiliate = channel(&answer, "affiliate");
        assert!(affiliate.in_total);
        assert_round_trip(
            |v| earns(&t, &input, "affiliate", v, Bound::High),
            &affiliate.views.fewest,
            amount,
        );
    }

    #[test]
    fn gifts_alone_can_reach_the_amount_with_no_views() {
        let t = table();
        let mut input = Input {
            diamonds: Some(1_000_000),
            ..Input::default()
        };
        // 1,000,000 diamonds × $0.005 = $5,000, once the user says the video had a LIVE;
        // without that, only Creator Rewards counts: 1,111,106 views × 0.90 × $1.00 per 1,000
        // is $999.9954, which rounds to $1,000.00.
        let answer = target(&t, &input, dollars(100_000)).unwrap();
        assert_eq!(answer.total.fewest.views(), Some(1_111_106));
        input.with = vec!["gifts".into()];
        let answer = target(&t, &input, dollars(100_000)).unwrap();
        assert_eq!(answer.total.fewest.views(), Some(0));
        // With nothing per view in the total, more than the gifts is out of reach.
        let t = with(
            "[[channel]]\nid = \"sponsorship\"\nenabled = false\n\
             [[channel]]\nid = \"affiliate\"\nenabled = false\n\
             [[channel]]\nid = \"creator_rewards\"\nenabled = false\n",
        );
        let answer = target(&t, &input, dollars(1_000_000)).unwrap();
        let Reach::Never(why) = &answer.total.fewest else {
            panic!("views reached more than the gifts pay");
        };
        assert_eq!(
            why.to_string(),
            "nothing that counts in the total is paid per view: it is $5,000.00 whatever the views"
        );
    }

    #[test]
    fn a_fee_that_is_the_amount_needs_no_views() {
        // A 12,000-follower account's brand deal pays $30.00–$120.00 a post, whatever the
        // views: $20 is reached with none at either figure, $100 only at the high one, and
        // $1,000 by no views, in the channel's row as in the total.
        let t = table();
        let input = Input {
            followers: Some(12_000),
            with: vec!["sponsorship".into()],
            ..Input::default()
        };
        let at = |cents: u64| target(&t, &input, dollars(cents)).unwrap();
        let zero = |earns: u64| {
            Reach::Views(Found {
                views: 0,
                earns: dollars(earns),
                one_fewer_earns: None,
            })
        };
        let answer = at(2_000);
        let fee = &channel(&answer, "sponsorship").views;
        assert_eq!((&fee.fewest, &fee.most), (&zero(12_000), &zero(3_000)));
        assert_eq!(answer.total.fewest.views(), Some(0));
        assert_eq!(answer.total.most.views(), Some(0));
        let answer = at(10_000);
        let fee = &channel(&answer, "sponsorship").views;
        assert_eq!(fee.fewest, zero(12_000));
        let Reach::Never(why) = &fee.most else {
            panic!("$30.00 reached $100.00");
        };
        assert_eq!(
            why.to_string(),
            "paid per post, not per view: it pays $30.00–$120.00 whatever the views"
        );
        let answer = at(100_000);
        let Reach::Never(why) = &answer.total.fewest else {
            panic!("views reached $1,000 though the video earns only its fee");
        };
        assert_eq!(
            why.to_string(),
            "nothing that counts in the total is paid per view: it is $30.00–$120.00 whatever \
             the views"
        );
    }

    #[test]
    fn exact_views_are_the_amount_over_the_figures() {
        let t = affiliate_per_view();
        let answer = target(&t, &Input::default(), dollars(100_000)).unwrap();
        let rewards = channel(&answer, "creator_rewards");
        let terms = rewards.terms.as_ref().unwrap();
        // $1,000 × 1,000 ÷ ($1.00 × 0.90) = 1,111,111.11…
        let high = exact_views(dollars(100_000), terms, Bound::High).unwrap();
        assert_eq!(
            (high.to_string(), high.exact),
            ("1,111,111.11".into(), false)
        );
        // $1,000 × 1,000 ÷ ($0.40 × 0.30) = 8,333,333.33…
        let low = exact_views(dollars(100_000), terms, Bound::Low).unwrap();
        assert_eq!(low.to_string(), "8,333,333.33");
        // $1,000 × 1,000 ÷ $5.00 = 200,000 exactly.
        let affiliate = channel(&answer, "affiliate").terms.as_ref().unwrap();
        let exact = exact_views(dollars(100_000), affiliate, Bound::High).unwrap();
        assert_eq!(
            (exact.to_string(), exact.exact),
            ("200,000.00".into(), true)
        );
    }
}
