//! An estimate in two steps. The first depends only on the situation (the region, the niche,
//! the engagement band, a given qualified share and the currency): for each channel, whether
//! the region offers it and which thresholds apply, its grade, and its figures multiplied out
//! into one exact fraction per bound. The second takes a video's counts: its status against
//! the thresholds and its amounts from those fractions.
//!
//! A single estimate takes both steps, computing each amount as the full product. A batch of
//! many rows in a few situations keeps the first step's result for each situation
//! ([`Estimator`]), which is most of the work, with the figures multiplied out once.

use super::{
    ChannelEstimate, Estimate, EstimateError, Gate, Multiplier, Range, Reason, ResolvedInput,
    Status, Terms, counted, figures, figures_at, grade, high_lowered, lowered_highs, quantity,
    total,
};
use crate::decimal::Decimal;
use crate::money::{Money, OutOfRange, Scale};
use crate::rates::{Basis, Ceiling, Channel, Factor, FactorInput, Grade, RateTable};

/// The low figure of a term, then the high.
const BOUNDS: [fn(&Multiplier) -> Decimal; 2] = [|m| m.low, |m| m.high];

/// What one situation decides for each enabled channel, in table order.
#[derive(Debug)]
pub(crate) struct Plan<'t> {
    table: &'t RateTable,
    channels: Vec<ChannelPlan<'t>>,
    /// The channels paid by the month, which only an account's month has.
    monthly: Vec<ChannelPlan<'t>>,
    groups: Vec<GroupPlan<'t>>,
}

/// An exclusive group: its name (its id when it has none) and its members' places among
/// the video channels, in table order.
#[derive(Debug)]
struct GroupPlan<'t> {
    name: &'t str,
    members: Vec<usize>,
}

#[derive(Debug)]
struct ChannelPlan<'t> {
    channel: &'t Channel,
    gate: Gate<'t>,
    grade: Option<Grade>,
    /// `None` when a factor has no entry for the situation, so there is no amount; for a fee
    /// per post, whose rate follows the account's tier, see `tiers`.
    figures: Option<Figures<'t>>,
    /// For a fee per post: the figures of each tier (`None` where the situation cannot price
    /// it), with its fixed low and, where it has one, with its low per follower. A fee that
    /// follows the followers is kept per follower, priced on the posts times the account's
    /// followers (see `fill`).
    tiers: Vec<TierPlan<'t>>,
    /// The places of the channels this one leaves out of the total when it counts, and why.
    excludes: Vec<(usize, &'t str)>,
    /// The channel's factors whose high needs some followers: an account below that is priced
    /// afresh, as the figures above are for an account that has them.
    high_needs: Vec<&'t Factor>,
    /// The region whose market the figures are, when no region factor adapts them to the
    /// situation's audience.
    priced_in: Option<&'t str>,
    /// What the figures are not, said beside every amount priced from them.
    caveat: Option<&'t str>,
}

#[derive(Debug)]
struct Figures<'t> {
    /// The terms with a quantity of 0, for an amount whose scale was not worked out.
    terms: Terms<'t>,
    /// The qualified share at each bound (1 without one), for the per-video minimum.
    share: [Decimal; 2],
    /// The terms multiplied out at each bound; `None` when not worked out (a plan for one
    /// estimate).
    scale: [Option<Scale>; 2],
}

impl<'t> Plan<'t> {
    /// The plan for the situation of `input`. With `scaled`, each channel's figures are also
    /// multiplied out into a [`Scale`] per bound, which pays off only for many estimates; a
    /// plan without computes each amount as the full product.
    pub(crate) fn new(table: &'t RateTable, input: &ResolvedInput<'t>, scaled: bool) -> Plan<'t> {
        let place = |id: &str| table.video_channels().position(|c| c.id == id);
        // The figures are an account's that every high is open to: the followers and the
        // 30-day views are a row's.
        let open = &ResolvedInput {
            followers: None,
            views_30d: None,
            ..input.clone()
        };
        let plan = |channel: &'t Channel| {
            let tiers = channel
                .rate
                .tiers
                .iter()
                .map(|tier| {
                    // A fee that follows the followers is kept per follower: the fee is then
                    // that figure for as many followers as the account has.
                    let high = match tier.ceiling() {
                        Ceiling::Fixed(high) | Ceiling::PerFollower(high) => high,
                    };
                    let at = |low: Option<Decimal>| {
                        let rate = Multiplier {
                            name: "rate",
                            key: &tier.id,
                            low: low?,
                            high,
                        };
                        figures_at(table, channel, &channel.factors, open, rate)
                            .map(|terms| Figures::of(terms, scaled))
                    };
                    TierPlan {
                        figures: [at(Some(tier.low)), at(tier.low_per_follower)],
                        grows_from: tier.grows_from(),
                        high_per_follower: matches!(tier.ceiling(), Ceiling::PerFollower(_)),
                    }
                })
                .collect();
            ChannelPlan {
                channel,
                gate: Gate::of(channel, input),
                grade: grade(table, channel, input),
                figures: figures(table, channel, open).map(|terms| Figures::of(terms, scaled)),
                tiers,
                excludes: channel
                    .excludes
                    .iter()
                    .filter_map(|e| Some((place(&e.channel)?, e.why.as_str())))
                    .collect(),
                high_needs: channel
                    .factors
                    .iter()
                    .filter_map(|id| table.factor(id))
                    .filter(|f| f.high_needs.is_some())
                    .collect(),
                priced_in: table.priced_elsewhere(&channel.id, input.audience),
                caveat: channel.rate.caveat.as_deref(),
            }
        };
        let channels = table.video_channels().map(plan).collect();
        let monthly = table.monthly_channels().map(plan).collect();
        let groups = table
            .groups
            .iter()
            .map(|group| GroupPlan {
                name: group.name.as_deref().unwrap_or(&group.id),
                members: table
                    .video_channels()
                    .enumerate()
                    .filter(|(_, c)| c.group.as_deref() == Some(group.id.as_str()))
                    .map(|(i, _)| i)
                    .collect(),
            })
            .collect();
        Plan {
            table,
            channels,
            monthly,
            groups,
        }
    }

    /// Writes the channels of the estimate of `input` into `channels`, reusing what it holds,
    /// and returns the total. `input` must be in this plan's situation.
    pub(crate) fn fill(
        &self,
        input: &ResolvedInput<'t>,
        channels: &mut Vec<ChannelEstimate<'t>>,
    ) -> Result<Range, EstimateError> {
        channels.resize_with(self.channels.len(), empty_channel);
        // Most videos name no opt-in channel: that is settled once, not per channel.
        let with = (!input.with.is_empty()).then_some(input.with);
        for (i, (plan, estimate)) in self.channels.iter().zip(channels.iter_mut()).enumerate() {
            let named = with.is_some_and(|with| with.contains(i));
            plan.fill(self.table, input, named, estimate)?;
        }
        self.apply_exclusions(channels);
        self.apply_groups(channels);
        total(channels, input.currency.unit)
    }

    /// Writes the channels paid by the month for `input` into `channels`, as [`Plan::fill`]
    /// does the video's.
    fn fill_monthly(
        &self,
        input: &ResolvedInput<'t>,
        channels: &mut Vec<ChannelEstimate<'t>>,
    ) -> Result<(), EstimateError> {
        channels.resize_with(self.monthly.len(), empty_channel);
        for (plan, estimate) in self.monthly.iter().zip(channels.iter_mut()) {
            plan.fill(self.table, input, false, estimate)?;
        }
        Ok(())
    }

    /// A channel the video has (named with `--with`) leaves out of the total the channels it
    /// cannot share a video with, whether or not it counts itself: a sponsored video earns no
    /// Creator Rewards even where the brand's fee cannot be priced.
    fn apply_exclusions(&self, channels: &mut [ChannelEstimate<'t>]) {
        for (i, plan) in self.channels.iter().enumerate() {
            if plan.excludes.is_empty() || !channels[i].named {
                continue;
            }
            let by = channels[i].name;
            for &(j, why) in &plan.excludes {
                let excluded = &mut channels[j];
                if excluded.in_total {
                    excluded.in_total = false;
                    excluded.reasons.push(Reason::Excluded { by, why });
                }
            }
        }
    }

    /// Of each exclusive group, only the counting member with the largest high figure (the
    /// first in table order on a tie) stays in the total; the others say which one counts.
    fn apply_groups(&self, channels: &mut [ChannelEstimate<'t>]) {
        for group in &self.groups {
            let high = |i: usize| channels[i].amount.map(|a| a.high);
            let mut winner: Option<usize> = None;
            for &i in &group.members {
                if channels[i].in_total && winner.is_none_or(|w| high(i) > high(w)) {
                    winner = Some(i);
                }
            }
            let Some(winner) = winner else { continue };
            let counted = channels[winner].name;
            for &i in &group.members {
                let channel = &mut channels[i];
                if i != winner && channel.in_total {
                    channel.in_total = false;
                    channel.reasons.push(Reason::NotCounted {
                        group: group.name,
                        counted,
                    });
                }
            }
        }
    }
}

/// The estimate of `input` by `plan`, written over the `last` one.
fn fill<'e, 't>(
    plan: &Plan<'t>,
    last: &'e mut Option<Estimate<'t>>,
    input: ResolvedInput<'t>,
) -> Result<&'e Estimate<'t>, EstimateError> {
    // The last estimate's room is reused in place: an estimate is a few hundred bytes, and
    // moving it in and out cost more than filling it.
    let last = last.get_or_insert_with(|| Estimate {
        total: Range::zero(input.currency.unit),
        input: input.clone(),
        channels: Vec::new(),
    });
    last.input = input;
    last.total = plan.fill(&last.input, &mut last.channels)?;
    Ok(last)
}

/// The place of the tier whose figures a fee per post takes for the account. Below the first
/// tier, a channel open to the creator has no price: it becomes `Unpriced`, saying so.
fn tier<'t>(
    channel: &Channel,
    input: &ResolvedInput<'t>,
    status: &mut Status,
    reasons: &mut Vec<Reason<'t>>,
) -> Option<usize> {
    if channel.basis != Basis::Posts {
        return None;
    }
    let have = input.followers?;
    let tier = channel.tier_index(have);
    if let (None, Some(first)) = (tier, channel.rate.tiers.first()) {
        if status.counts() {
            reasons.clear();
            reasons.push(Reason::Unpriced {
                first: first.start(),
                have,
            });
            *status = Status::Unpriced;
        }
    }
    tier
}

/// A channel to be written over: the room an estimate's channels are filled in.
fn empty_channel<'t>() -> ChannelEstimate<'t> {
    ChannelEstimate {
        id: "",
        name: "",
        basis: Basis::Views,
        tier: None,
        opt_in: false,
        named: false,
        status: Status::Eligible,
        amount: None,
        in_total: false,
        reasons: Vec::new(),
        grade: None,
    }
}

impl<'t> ChannelPlan<'t> {
    fn fill(
        &self,
        table: &'t RateTable,
        input: &ResolvedInput<'t>,
        named: bool,
        estimate: &mut ChannelEstimate<'t>,
    ) -> Result<(), EstimateError> {
        let channel = self.channel;
        let reasons = &mut estimate.reasons;
        reasons.clear();
        let mut status = self.gate.status(channel.basis, input, reasons);
        let tier = tier(channel, input, &mut status, reasons);
        // An account below what a factor's high needs is priced afresh, that high lowered.
        let lowered = !self.high_needs.is_empty()
            && status != Status::Unavailable
            && quantity(channel.basis, input).is_some()
            && self
                .high_needs
                .iter()
                .any(|f| high_lowered(f, input.profile()));
        let afresh = lowered
            .then(|| figures(table, channel, input).map(|terms| Figures::of(terms, false)))
            .flatten();
        // Priced afresh, the fee is the account's.
        let per_follower = match tier.map(|i| &self.tiers[i]) {
            Some(tier) if !lowered => tier.per_follower(input.followers),
            _ => [false; 2],
        };
        let own = match (channel.basis, tier) {
            _ if lowered => afresh.as_ref(),
            (Basis::Posts, None) => None,
            (Basis::Posts, Some(i)) => self.tiers[i].figures[usize::from(per_follower[0])].as_ref(),
            _ => self.figures.as_ref(),
        };
        let tier = tier.map(|i| channel.rate.tiers[i].id.as_str());
        let figures = own.zip(quantity(channel.basis, input));
        // The quantity after the share at each bound, for a channel with a minimum.
        let minimum =
            channel
                .rate
                .min_quantity
                .zip(figures)
                .map(|(needed, (figures, quantity))| {
                    (needed, figures.share.map(|share| counted(quantity, share)))
                });
        if let Some((needed, [low, high])) = minimum {
            if low < needed && status != Status::Unavailable {
                reasons.push(Reason::BelowMinimum {
                    needed,
                    unit: channel.basis.plural(),
                    low,
                    high,
                });
            }
        }
        let amount = match (status, figures) {
            (Status::Unavailable | Status::NeedsInput | Status::Unpriced, _) | (_, None) => None,
            (_, Some((figures, quantity))) => {
                let out_of_range = |source| EstimateError::OutOfRange {
                    channel: channel.id.clone(),
                    source,
                };
                let below = |bound: usize| minimum.is_some_and(|(needed, c)| c[bound] < needed);
                let [low, high] = per_follower.map(|per| match input.followers {
                    Some(followers) if per => quantity.checked_mul(followers),
                    _ => Some(quantity),
                });
                let too_large = OutOfRange::TooLarge(figures.terms.unit);
                Some(Range {
                    low: (low.ok_or(too_large))
                        .and_then(|q| figures.amount(q, 0, below(0)))
                        .map_err(out_of_range)?,
                    high: (high.ok_or(too_large))
                        .and_then(|q| figures.amount(q, 1, below(1)))
                        .map_err(out_of_range)?,
                })
            }
        };
        if let Some(region) = self.priced_in.filter(|_| amount.is_some()) {
            reasons.push(Reason::PricedIn {
                region,
                audience: input.audience,
            });
        }
        if amount.is_some() && !self.high_needs.is_empty() {
            reasons.extend(lowered_highs(
                self.high_needs.iter().copied(),
                input.profile(),
            ));
        }
        // A channel that counts always has its basis input, so always has an amount; an
        // opt-in one counts only when named.
        let counts = status.counts() && amount.is_some();
        let opt_in = channel.opt_in.as_deref();
        if counts && !named && opt_in.is_some() {
            reasons.push(Reason::OptIn { id: &channel.id });
        }
        // Last: what is particular to the creator and the video comes first.
        if let Some(caveat) = self.caveat.filter(|_| amount.is_some()) {
            reasons.push(Reason::Caveat(caveat));
        }
        estimate.id = &channel.id;
        estimate.name = &channel.name;
        estimate.basis = channel.basis;
        estimate.tier = tier;
        estimate.opt_in = opt_in.is_some();
        estimate.named = named;
        estimate.status = status;
        estimate.amount = amount;
        estimate.in_total = counts && (named || opt_in.is_none());
        estimate.grade = self.grade;
        Ok(())
    }
}

/// A tier of a fee per post, for the situation.
#[derive(Debug)]
struct TierPlan<'t> {
    /// With the tier's fixed low, and with its low per follower where it has one.
    figures: [Option<Figures<'t>>; 2],
    /// Where the low per follower passes the fixed low
    /// ([`crate::rates::Tier::grows_from`]), kept so that an estimate does not divide for it.
    grows_from: Option<u64>,
    high_per_follower: bool,
}

impl TierPlan<'_> {
    /// Whether the fee at each bound is kept per follower, and so priced on the posts times
    /// the account's followers.
    fn per_follower(&self, followers: Option<u64>) -> [bool; 2] {
        let grows = self
            .grows_from
            .zip(followers)
            .is_some_and(|(from, f)| f >= from);
        [grows, self.high_per_follower]
    }
}

impl<'t> Figures<'t> {
    /// The figures of `terms`; with `scaled`, multiplied out for many estimates.
    fn of(terms: Terms<'t>, scaled: bool) -> Figures<'t> {
        Figures {
            share: BOUNDS.map(|pick| terms.share(pick)),
            scale: BOUNDS.map(|pick| scaled.then(|| terms.scale(pick))),
            terms,
        }
    }
}

impl Figures<'_> {
    /// The amount for `quantity` at bound `bound` (0 low, 1 high), nothing when it is
    /// `below_minimum`: what [`Terms::amount`] gives.
    fn amount(
        &self,
        quantity: u64,
        bound: usize,
        below_minimum: bool,
    ) -> Result<Money, OutOfRange> {
        let terms = &self.terms;
        if below_minimum {
            return Ok(Money::zero(terms.unit));
        }
        match &self.scale[bound] {
            Some(scale) => scale.apply(quantity),
            None => terms.scale(BOUNDS[bound]).apply(quantity),
        }
    }
}

/// The most situations an [`Estimator`] keeps plans for: enough for every region of the
/// built-in table with each niche and engagement band given or not. A batch with more (a share
/// given per row, say) replaces the oldest, and still gets the right answer, more slowly.
const MAX_PLANS: usize = 256;

/// Estimates many videos against one table, keeping what each situation decides so that a
/// video in a situation already seen costs only its own arithmetic.
#[derive(Debug)]
pub struct Estimator<'t> {
    table: &'t RateTable,
    /// The edges of every engagement factor's bands, merged and sorted: two percentages with
    /// the same number of edges at or below them are in the same band of every factor.
    edges: Vec<Decimal>,
    plans: Vec<(Situation<'t>, Plan<'t>)>,
    /// Which plan a new one replaces once there are `MAX_PLANS`.
    oldest: usize,
    /// The last estimate, whose room the next one reuses.
    last: Option<Estimate<'t>>,
    /// The last month's channels paid by the month, whose room the next reuses.
    monthly: Vec<ChannelEstimate<'t>>,
}

/// What a plan depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Situation<'t> {
    country: &'t str,
    audience: &'t str,
    niche: Option<&'t str>,
    /// The engagement band, as a count of edges.
    engagement: Option<usize>,
    qualified_share: Option<Decimal>,
    currency: super::Conversion<'t>,
}

impl<'t> Estimator<'t> {
    pub fn new(table: &'t RateTable) -> Estimator<'t> {
        let mut edges: Vec<Decimal> = table
            .factors
            .iter()
            .filter(|f| f.keyed_by == FactorInput::Engagement)
            .flat_map(|f| f.entries.iter().filter_map(|e| e.from))
            .collect();
        edges.sort_unstable();
        edges.dedup();
        Estimator {
            table,
            edges,
            plans: Vec::new(),
            oldest: 0,
            last: None,
            monthly: Vec::new(),
        }
    }

    /// Keeps `plan`, replacing the oldest once there are `MAX_PLANS`; returns its place.
    fn keep(&mut self, situation: Situation<'t>, plan: Plan<'t>) -> usize {
        if self.plans.len() < MAX_PLANS {
            self.plans.push((situation, plan));
            return self.plans.len() - 1;
        }
        let index = self.oldest;
        self.plans[index] = (situation, plan);
        self.oldest = (index + 1) % MAX_PLANS;
        index
    }

    /// Estimates one video, as [`super::estimate_resolved`] does; `input` must be resolved
    /// against this estimator's table.
    pub fn estimate(&mut self, input: ResolvedInput<'t>) -> Result<&Estimate<'t>, EstimateError> {
        let index = self.plan_for(&input);
        fill(&self.plans[index].1, &mut self.last, input)
    }

    /// Estimates an account's typical video, as [`Estimator::estimate`] does, and the
    /// channels paid by the month (Subscriptions) for the account, in table order.
    pub fn account(
        &mut self,
        input: ResolvedInput<'t>,
    ) -> Result<(&Estimate<'t>, &[ChannelEstimate<'t>]), EstimateError> {
        let index = self.plan_for(&input);
        let plan = &self.plans[index].1;
        plan.fill_monthly(&input, &mut self.monthly)?;
        Ok((fill(plan, &mut self.last, input)?, &self.monthly))
    }

    /// The place of the plan for the situation of `input`, made and kept when there is none.
    fn plan_for(&mut self, input: &ResolvedInput<'t>) -> usize {
        let situation = Situation {
            country: input.country,
            audience: input.audience,
            niche: input.niche,
            engagement: input
                .engagement
                .map(|percent| self.edges.partition_point(|&e| e <= percent)),
            qualified_share: input.qualified_share,
            currency: input.currency,
        };
        match self.plans.iter().position(|(s, _)| *s == situation) {
            Some(index) => index,
            None => self.keep(situation, Plan::new(self.table, input, true)),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::estimate::{Input, eligibility, estimate_resolved, resolve, terms};
    use crate::rates::{self, Layer};

    /// The built-in table with a second engagement factor whose bands have other edges, so
    /// that a band is one of each factor's.
    fn two_ladders() -> RateTable {
        rates::load(Some(Layer {
            origin: "ladders.toml",
            text: r#"
[[factor]]
id = "reach"
name = "Reach"
keyed_by = "engagement"
neutral = "mid"
grade = "C"
entries.low = { from = 0, low = 0.9, high = 0.95 }
entries.mid = { from = 3, low = 1, high = 1 }
entries.top = { from = 5.5, low = 1.1, high = 1.3 }
sources = [{ title = "An engagement ladder for tests", date = "2026", grade = "C" }]

[[channel]]
id = "sponsorship"
factors = ["region", "niche", "engagement", "reach"]
"#,
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn decimal(hundredths: u32) -> Decimal {
        format!("{}.{:02}", hundredths / 100, hundredths % 100)
            .parse()
            .unwrap()
    }

    prop_compose! {
        fn input()(
            views in prop_oneof![0_u64..5_000_000, any::<u64>()],
            followers in proptest::option::of(0_u64..200_000),
            region in proptest::option::of(prop::sample::select(
                vec!["us", "gb", "uk", "jp", "kr", "br", "in", "other"],
            )),
            age in proptest::option::of(13_u64..60),
            views_30d in proptest::option::of(0_u64..2_000_000),
            (diamonds, subscribers) in (
                proptest::option::of(prop_oneof![0_u64..5_000_000, any::<u64>()]),
                proptest::option::of(prop_oneof![0_u64..50_000, any::<u64>()]),
            ),
            niche in proptest::option::of(prop::sample::select(
                vec!["beauty", "business", "general", "tech", "Tech"],
            )),
            // Edges of both ladders, either side of them, and anything else.
            engagement in proptest::option::of(prop_oneof![
                prop::sample::select(vec![0, 199, 200, 201, 299, 300, 399, 400, 549, 550, 600]),
                0_u32..=10_000,
            ]),
            share in proptest::option::of(prop_oneof![Just(100_u32), 0_u32..=100]),
            currency in proptest::option::of(prop::sample::select(vec!["usd", "jpy", "EUR"])),
            (country, audience, length) in (
                proptest::option::of(prop::sample::select(vec!["us", "gb", "it", "in"])),
                proptest::option::of(prop::sample::select(vec!["us", "jp", "in", "other"])),
                proptest::option::of(0_u64..200),
            ),
            with in prop::sample::subsequence(vec!["sponsorship", "affiliate", "gifts"], 0..=3),
        ) -> Input<'static> {
            Input {
                views,
                followers,
                region: region.map(Into::into),
                country: country.map(Into::into),
                audience: audience.map(Into::into),
                age,
                views_30d,
                length,
                with: with.into_iter().map(Into::into).collect(),
                diamonds,
                sales: None,
                subscribers,
                qualified_share: share.map(decimal),
                niche: niche.map(Into::into),
                engagement: engagement.map(decimal),
                currency: currency.map(Into::into),
            }
        }
    }

    /// Runs `inputs` through one estimator and checks each estimate against one made from
    /// scratch (whose amounts are full products, where the estimator's come from scales), and
    /// each amount against the product of its channel's terms.
    fn agrees(table: &RateTable, inputs: &[Input]) -> Result<(), TestCaseError> {
        let mut estimator = Estimator::new(table);
        for input in inputs {
            let resolved = resolve(table, input).unwrap();
            let fresh = estimate_resolved(table, resolved.clone());
            let kept = estimator.estimate(resolved.clone()).cloned();
            prop_assert_eq!(&kept, &fresh);
            // An account's estimate is the video's, with the channels paid by the month.
            let account = estimator
                .account(resolved.clone())
                .map(|(video, monthly)| (video.clone(), monthly.to_vec()));
            match &account {
                Ok((video, monthly)) => {
                    prop_assert_eq!(Ok(video), fresh.as_ref());
                    prop_assert_eq!(monthly.len(), table.monthly_channels().count());
                    for (definition, channel) in table.monthly_channels().zip(monthly) {
                        let (status, mut reasons) = eligibility(definition, &resolved);
                        prop_assert_eq!(channel.status, status);
                        prop_assert_eq!(channel.grade, grade(table, definition, &resolved));
                        let expected = match status {
                            Status::Unavailable | Status::NeedsInput => None,
                            _ => terms(table, definition, &resolved).map(|t| Range {
                                low: t.amount(|m| m.low).unwrap(),
                                high: t.amount(|m| m.high).unwrap(),
                            }),
                        };
                        // A priced channel says what its high takes from the followers, and
                        // what its amounts are not (its rate's caveat).
                        if expected.is_some() {
                            let factors = definition.factors.iter().filter_map(|f| table.factor(f));
                            reasons.extend(lowered_highs(factors, resolved.profile()));
                            reasons.extend(definition.rate.caveat.as_deref().map(Reason::Caveat));
                        }
                        prop_assert_eq!(&channel.reasons, &reasons);
                        prop_assert_eq!(channel.amount, expected, "{}", channel.id);
                        prop_assert_eq!(channel.in_total, status.counts() && expected.is_some());
                    }
                }
                // Too many subscribers for the currency: the month's channel is out of range.
                Err(EstimateError::OutOfRange { channel, .. })
                    if table.monthly_channels().any(|c| c.id == *channel) =>
                {
                    let definition = table.monthly_channels().find(|c| c.id == *channel);
                    let terms = terms(table, definition.unwrap(), &resolved).unwrap();
                    prop_assert!(terms.amount(|m| m.high).is_err());
                }
                Err(e) => prop_assert_eq!(Err(e), fresh.as_ref().map(|_| ())),
            }
            let Ok(estimate) = fresh else { continue };
            for (definition, channel) in table.video_channels().zip(&estimate.channels) {
                let expected = match channel.status {
                    Status::Unavailable | Status::NeedsInput => None,
                    _ => terms(table, definition, &resolved).map(|t| Range {
                        low: t.amount(|m| m.low).unwrap(),
                        high: t.amount(|m| m.high).unwrap(),
                    }),
                };
                prop_assert_eq!(channel.amount, expected, "{}", channel.id);
            }
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn an_estimator_agrees_with_a_fresh_estimate_and_the_terms(
            inputs in proptest::collection::vec(input(), 1..40),
        ) {
            agrees(rates::built_in_for_tests(), &inputs)?;
        }

        #[test]
        fn engagement_bands_are_told_apart_across_factors(
            inputs in proptest::collection::vec(input(), 1..40),
        ) {
            agrees(&two_ladders(), &inputs)?;
        }
    }

    #[test]
    fn a_full_estimator_replaces_its_oldest_plan() {
        let table = rates::built_in_for_tests();
        let mut estimator = Estimator::new(table);
        let share = |thousandths: u64| {
            Decimal::from_int(thousandths).divided_to(Decimal::from_int(1000), 3)
        };
        // More situations than it keeps: shares from 0 to 0.3 in thousandths, twice over.
        let situations = u64::try_from(MAX_PLANS).unwrap() + 45;
        for round in 0..2 {
            for thousandths in 0..situations {
                let input = Input {
                    views: 1_000_000 + round,
                    qualified_share: share(thousandths),
                    ..Input::default()
                };
                let resolved = resolve(table, &input).unwrap();
                let fresh = estimate_resolved(table, resolved.clone()).unwrap();
                assert_eq!(estimator.estimate(resolved).unwrap(), &fresh);
                assert!(estimator.plans.len() <= MAX_PLANS);
            }
        }
        // The plans kept are those of the last situations seen.
        assert_eq!(estimator.plans.len(), MAX_PLANS);
        let kept: std::collections::BTreeSet<_> = estimator
            .plans
            .iter()
            .map(|(situation, _)| situation.qualified_share)
            .collect();
        let last: std::collections::BTreeSet<_> = (situations - u64::try_from(MAX_PLANS).unwrap()
            ..situations)
            .map(share)
            .collect();
        assert_eq!(kept, last);
    }

    #[test]
    fn percentages_in_one_band_of_every_factor_share_a_plan() {
        let table = two_ladders();
        let mut estimator = Estimator::new(&table);
        let mut plans = |percent: u32| {
            let input = Input {
                views: 1000,
                engagement: Some(decimal(percent)),
                ..Input::default()
            };
            estimator
                .estimate(resolve(&table, &input).unwrap())
                .unwrap();
            estimator.plans.len()
        };
        // Edges at 0, 2, 3, 5.5 and 6: [0, 2) [2, 3) [3, 5.5) [5.5, 6) [6, …).
        assert_eq!(plans(0), 1);
        assert_eq!(plans(199), 1);
        assert_eq!(plans(200), 2);
        assert_eq!(plans(299), 2);
        assert_eq!(plans(300), 3);
        assert_eq!(plans(400), 3);
        assert_eq!(plans(549), 3);
        assert_eq!(plans(550), 4);
        assert_eq!(plans(600), 5);
        assert_eq!(plans(10_000), 5);
        assert_eq!(plans(250), 5);
    }
}
