//! An account's month: what a posting cadence earns, channel by channel, built from the
//! one-video estimate.
//!
//! A month is made of kinds of video, each estimated once as one video of the account's
//! average views: plain videos, sponsored posts (with the opt-in channels paid per post) and
//! videos with a product link (with the opt-in channels paid per view). A channel's month is
//! its one-video amount times the videos of each kind it counts on, so the per-video rules
//! (eligibility, opt-in, exclusions, exclusive groups) hold unchanged: a sponsored post earns
//! its fee and no Creator Rewards, as one sponsored video does. LIVE diamonds and paying
//! subscribers are counts of the month; a channel paid by the month (Subscriptions) is
//! estimated once for it.
//!
//! The 30-day views a threshold asks for are the account's own when given, else the month's
//! projected views: the average views times the videos of a month.
//!
//! Amounts are summed over a year in minor units, exactly: a year is 12 months or 52 weeks,
//! and a month is a twelfth of the year. With a monthly cadence every month is exact; with a
//! weekly one a month is rounded once, half up, to the minor unit.

use std::fmt;

use crate::estimate::{
    self, ChannelSet, EstimateError, Estimator, Input, Range, Reason, ResolvedInput, Status,
};
use crate::money::{Grouped, Money, OutOfRange};
use crate::rates::{Basis, Grade, RateTable};

/// How often the account posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    /// Videos a month.
    Month(u64),
    /// Videos a week.
    Week(u64),
}

impl Cadence {
    /// The videos of one period.
    pub fn videos(self) -> u64 {
        match self {
            Cadence::Month(n) | Cadence::Week(n) => n,
        }
    }

    /// "month" or "week".
    pub fn per(self) -> &'static str {
        match self {
            Cadence::Month(_) => "month",
            Cadence::Week(_) => "week",
        }
    }

    /// Periods in a year: 12 months or 52 weeks.
    pub fn periods_a_year(self) -> u64 {
        match self {
            Cadence::Month(_) => 12,
            Cadence::Week(_) => 52,
        }
    }

    /// Videos in a year; `None` past `u64`.
    pub fn a_year(self) -> Option<u64> {
        self.videos().checked_mul(self.periods_a_year())
    }
}

/// What the user told us about the account's month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthInput<'a> {
    /// One typical video: `views` is the average views per video. `views_30d`, when given, is
    /// the account's own count; `diamonds` and `subscribers` are the month's. `with` must be
    /// empty: the month names its opt-in videos by count.
    pub video: Input<'a>,
    pub cadence: Cadence,
    /// Videos a month that are paid brand deals.
    pub sponsored: u64,
    /// Videos a month that carry a product link that sells.
    pub linked: u64,
}

/// Where the 30-day views the thresholds were checked against came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewsFrom {
    /// `--views-30d`.
    Given,
    /// The average views times the videos of a month.
    Projected,
}

impl ViewsFrom {
    pub fn key(self) -> &'static str {
        match self {
            ViewsFrom::Given => "given",
            ViewsFrom::Projected => "projected",
        }
    }
}

/// The input as used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthResolved<'t> {
    /// One typical video, resolved; its `views_30d` is what the thresholds were checked
    /// against, and `views_from` says where it came from.
    pub video: ResolvedInput<'t>,
    pub cadence: Cadence,
    pub videos_a_year: u64,
    pub sponsored: u64,
    pub linked: u64,
    pub views_from: ViewsFrom,
}

/// A month's and a year's amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub month: Range,
    pub year: Range,
}

/// The kinds of video a month is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Plain,
    Sponsored,
    Linked,
}

impl Kind {
    /// The month's videos of this kind, in words: "sponsored posts".
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Plain => "other videos",
            Kind::Sponsored => "sponsored posts",
            Kind::Linked => "videos with a product link",
        }
    }
}

/// Why a channel of the month has its status, or is counted as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MonthReason<'t> {
    /// As the one-video estimate says.
    Video(Reason<'t>),
    /// An opt-in channel whose count was not given: the flag that gives it.
    NotGiven { flag: &'static str },
    /// Left out on the month's videos of one kind, for this reason (a sponsored post earns no
    /// Creator Rewards).
    NotOn {
        kind: Kind,
        /// Videos of the kind a month.
        count: u64,
        by: &'t str,
        why: &'t str,
    },
    /// A 30-day views threshold, checked against the month's projected views.
    Projected {
        needed: u64,
        projected: u64,
        /// When short: what a month would need.
        more: Option<More>,
    },
}

/// What would lift a month's projected views to a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct More {
    /// More views a month.
    pub views: u64,
    /// The average views a video would need at this cadence.
    pub views_a_video: u64,
    /// The videos a period (the cadence's) would need at these views; `None` when the videos
    /// have no views.
    pub videos: Option<u64>,
    pub per: &'static str,
}

impl fmt::Display for MonthReason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MonthReason::Video(reason) => reason.fmt(f),
            MonthReason::NotGiven { flag } => {
                write!(f, "opt-in: counts only with {flag} N, the month's count")
            }
            MonthReason::NotOn {
                kind,
                count,
                by,
                why,
            } => write!(
                f,
                "not on the {} {} a month: {why} ({by} counts)",
                Grouped(*count),
                kind.plural()
            ),
            MonthReason::Projected {
                needed,
                projected,
                more: None,
            } => write!(
                f,
                "checked against {} projected views in 30 days (needs {})",
                Grouped(*projected),
                Grouped(*needed)
            ),
            MonthReason::Projected {
                projected,
                more: Some(more),
                ..
            } => {
                write!(
                    f,
                    "{} projected views in 30 days: {} more a month would qualify ({} views a video",
                    Grouped(*projected),
                    Grouped(more.views),
                    Grouped(more.views_a_video)
                )?;
                if let Some(videos) = more.videos {
                    write!(f, ", or {} videos a {}", Grouped(videos), more.per)?;
                }
                f.write_str(")")
            }
        }
    }
}

/// One channel of the month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthChannel<'t> {
    pub id: &'t str,
    pub name: &'t str,
    pub basis: Basis,
    pub opt_in: bool,
    pub status: Status,
    /// One video's (or one post's) amount, for a channel paid per video.
    pub each: Option<Range>,
    /// The year's videos it is paid on, for a channel paid per video.
    pub videos_a_year: Option<u64>,
    /// `None` where the one-video estimate has no amount, and for an opt-in channel whose
    /// count was not given.
    pub amount: Option<Period>,
    pub in_total: bool,
    pub reasons: Vec<MonthReason<'t>>,
    pub grade: Option<Grade>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month<'t> {
    pub input: MonthResolved<'t>,
    pub channels: Vec<MonthChannel<'t>>,
    pub total: Period,
}

/// Why no month could be estimated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MonthError {
    #[error(transparent)]
    Estimate(#[from] EstimateError),
    #[error("{sponsored} sponsored and {linked} linked videos a month are more than the {videos} videos a {per}")]
    TooManyOptIn {
        sponsored: u64,
        linked: u64,
        videos: u64,
        per: &'static str,
    },
    #[error("{flag} was given but the rate table has no opt-in channel paid {what}")]
    NoChannelFor {
        flag: &'static str,
        what: &'static str,
    },
    #[error("a month names its opt-in videos by count, not with --with")]
    With,
    #[error("the month is too large to estimate: {0} views or amounts overflow")]
    TooLarge(&'static str),
}

impl MonthError {
    /// A second line telling the user what would work.
    pub fn hint(&self) -> String {
        match self {
            MonthError::Estimate(e) => e.hint(),
            MonthError::TooManyOptIn { .. } => "sponsored posts and videos with a product link are videos of the month: give fewer, or more videos".into(),
            MonthError::NoChannelFor { flag, .. } => format!("drop {flag}, or add such a channel to the rates file"),
            MonthError::With => "give --sponsored N and --linked N (videos a month) instead".into(),
            MonthError::TooLarge(_) => "give fewer views or videos".into(),
        }
    }
}

/// One kind of video's estimate, per channel: its amount, whether it counts, and what left it
/// out of the total.
struct KindResult<'t> {
    kind: Kind,
    count_a_year: u64,
    channels: Vec<Paid<'t>>,
}

#[derive(Clone, Copy)]
struct Paid<'t> {
    amount: Option<Range>,
    in_total: bool,
    excluded: Option<(&'t str, &'t str)>,
}

/// Estimates an account's month. The estimator's kept plans make a roster of accounts cheap.
pub fn month<'t>(
    table: &'t RateTable,
    input: &MonthInput,
    estimator: &mut Estimator<'t>,
) -> Result<Month<'t>, MonthError> {
    if !input.video.with.is_empty() {
        return Err(MonthError::With);
    }
    let cadence = input.cadence;
    let videos_a_year = cadence.a_year().ok_or(MonthError::TooLarge("videos"))?;
    let opt_in_a_year = input
        .sponsored
        .checked_add(input.linked)
        .and_then(|n| n.checked_mul(12))
        .filter(|n| *n <= videos_a_year)
        .ok_or(MonthError::TooManyOptIn {
            sponsored: input.sponsored,
            linked: input.linked,
            videos: cadence.videos(),
            per: cadence.per(),
        })?;
    let projected = u64::try_from(u128::from(input.video.views) * u128::from(videos_a_year) / 12)
        .map_err(|_| MonthError::TooLarge("views"))?;
    let (views_30d, views_from) = match input.video.views_30d {
        Some(given) => (given, ViewsFrom::Given),
        None => (projected, ViewsFrom::Projected),
    };
    let plain = estimate::resolve(
        table,
        &Input {
            views_30d: Some(views_30d),
            with: Vec::new(),
            ..input.video.clone()
        },
    )?;

    let set = |wanted: fn(Basis) -> bool| {
        table
            .video_channels()
            .enumerate()
            .filter(|(_, c)| c.opt_in.is_some() && wanted(c.basis))
            .fold(ChannelSet::default(), |set, (i, _)| set.with(i))
    };
    let sponsored = set(|b| b == Basis::Posts);
    let linked = set(Basis::per_view);
    for (given, set, flag, what) in [
        (input.sponsored, sponsored, "--sponsored", "per post"),
        (input.linked, linked, "--linked", "per view"),
    ] {
        if given > 0 && set.is_empty() {
            return Err(MonthError::NoChannelFor { flag, what });
        }
    }

    let mut estimate_kind = |kind: Kind, count_a_year: u64, with: ChannelSet| {
        let estimate = estimator.estimate(ResolvedInput {
            with,
            ..plain.clone()
        })?;
        Ok::<_, MonthError>(KindResult {
            kind,
            count_a_year,
            channels: estimate
                .channels
                .iter()
                .map(|c| Paid {
                    amount: c.amount,
                    in_total: c.in_total,
                    excluded: c.reasons.iter().find_map(|r| match r {
                        Reason::Excluded { by, why } => Some((*by, *why)),
                        _ => None,
                    }),
                })
                .collect(),
        })
    };
    let mut kinds = Vec::with_capacity(2);
    if input.sponsored > 0 {
        kinds.push(estimate_kind(Kind::Sponsored, input.sponsored * 12, sponsored)?);
    }
    if input.linked > 0 {
        kinds.push(estimate_kind(Kind::Linked, input.linked * 12, linked)?);
    }
    // A LIVE is one of the month's: its diamonds are the month's, counted once.
    let live = match input.video.diamonds {
        Some(_) => Some(estimate_kind(Kind::Plain, 12, set(|b| b == Basis::Diamonds))?),
        None => None,
    };
    let unit = plain.currency.unit;
    let plain_count = videos_a_year - opt_in_a_year;
    // The plain video's estimate last, as its statuses and reasons are the month's.
    let estimate = estimator.estimate(plain.clone())?;

    let mut channels = Vec::with_capacity(table.channels.len());
    for (i, (definition, estimated)) in table
        .video_channels()
        .zip(&estimate.channels)
        .enumerate()
    {
        let (basis, opt_in) = (definition.basis, definition.opt_in.is_some());
        let own = Paid {
            amount: estimated.amount,
            in_total: estimated.in_total,
            excluded: None,
        };
        // The kinds of video the channel is paid on, each with its count a year.
        let mut on: Vec<(Kind, u64, Paid)> = Vec::with_capacity(3);
        if basis == Basis::Diamonds {
            let paid = live.as_ref().filter(|_| opt_in).map_or(own, |l| l.channels[i]);
            on.push((Kind::Plain, 12, paid));
        } else {
            if !opt_in {
                on.push((Kind::Plain, plain_count, own));
            }
            for kind in &kinds {
                let paid_here = !opt_in
                    || (kind.kind == Kind::Sponsored && basis == Basis::Posts)
                    || (kind.kind == Kind::Linked && basis.per_view());
                if paid_here {
                    on.push((kind.kind, kind.count_a_year, kind.channels[i]));
                }
            }
        }
        let mut reasons = Vec::new();
        let (mut counted, mut would, mut counts) = ((0, 0), (0, 0), false);
        for (kind, count, paid) in &on {
            let Some(amount) = paid.amount else { continue };
            let sum = times(*count, amount);
            would = (would.0 + sum.0, would.1 + sum.1);
            if paid.in_total && *count > 0 {
                counts = true;
                counted = (counted.0 + sum.0, counted.1 + sum.1);
            }
            if let (false, Some((by, why))) = (paid.in_total, paid.excluded) {
                reasons.push(MonthReason::NotOn {
                    kind: *kind,
                    count: count / 12,
                    by,
                    why,
                });
            }
        }
        let given = !on.is_empty();
        let flag = match basis {
            Basis::Posts => "--sponsored",
            Basis::Diamonds => "--diamonds",
            _ => "--linked",
        };
        let mut own_reasons: Vec<MonthReason> = estimated
            .reasons
            .iter()
            .filter_map(|r| match r {
                Reason::OptIn { .. } if given => None,
                Reason::OptIn { .. } => Some(MonthReason::NotGiven { flag }),
                r => Some(MonthReason::Video(r.clone())),
            })
            .collect();
        own_reasons.append(&mut reasons);
        let amount = match (estimated.amount, given) {
            (Some(_), true) => Some(
                period(if counts { counted } else { would }, unit).map_err(|source| {
                    EstimateError::OutOfRange {
                        channel: definition.id.clone(),
                        source,
                    }
                })?,
            ),
            _ => None,
        };
        let per_video = basis != Basis::Diamonds;
        channels.push(MonthChannel {
            id: estimated.id,
            name: estimated.name,
            basis,
            opt_in,
            status: estimated.status,
            each: estimated.amount.filter(|_| per_video),
            // The videos it is paid on: not those of a kind that leaves it out.
            videos_a_year: per_video.then(|| {
                on.iter()
                    .filter(|(_, _, paid)| paid.excluded.is_none())
                    .map(|(_, count, _)| count)
                    .sum()
            }),
            amount,
            in_total: counts,
            reasons: own_reasons,
            grade: estimated.grade,
        });
    }
    for definition in table.monthly_channels() {
        let estimated = estimate::channel_alone(table, definition, &plain)?;
        let amount = estimated
            .amount
            .map(|a| period(times(12, a), unit))
            .transpose()
            .map_err(|source| EstimateError::OutOfRange {
                channel: definition.id.clone(),
                source,
            })?;
        channels.push(MonthChannel {
            id: estimated.id,
            name: estimated.name,
            basis: estimated.basis,
            opt_in: false,
            status: estimated.status,
            each: None,
            videos_a_year: None,
            amount,
            in_total: estimated.in_total,
            reasons: estimated.reasons.into_iter().map(MonthReason::Video).collect(),
            grade: estimated.grade,
        });
    }
    if views_from == ViewsFrom::Projected {
        for (channel, definition) in channels.iter_mut().zip(
            table
                .video_channels()
                .chain(table.monthly_channels()),
        ) {
            let open = matches!(
                channel.status,
                Status::Eligible | Status::Assumed | Status::Ineligible
            );
            let needed = definition.eligibility.for_region(plain.country).min_views_30d;
            if let (true, Some(needed)) = (open, needed) {
                channel.reasons.push(MonthReason::Projected {
                    needed,
                    projected,
                    more: more(needed, projected, input),
                });
            }
        }
    }
    let total = total(&channels, unit).ok_or(MonthError::TooLarge("amounts"))?;
    Ok(Month {
        input: MonthResolved {
            video: plain,
            cadence,
            videos_a_year,
            sponsored: input.sponsored,
            linked: input.linked,
            views_from,
        },
        channels,
        total,
    })
}

/// What would lift `projected` views a month to `needed`; `None` when they reach it.
fn more(needed: u64, projected: u64, input: &MonthInput) -> Option<More> {
    if projected >= needed {
        return None;
    }
    let cadence = input.cadence;
    // projected = views × videos × periods ÷ 12, so each needs 12 × needed ÷ (the other ×
    // periods), rounded up.
    let twelve_needed = u128::from(needed) * 12;
    let per = |other: u64| {
        let divisor = u128::from(other) * u128::from(cadence.periods_a_year());
        (divisor > 0)
            .then(|| u64::try_from(twelve_needed.div_ceil(divisor)).unwrap_or(u64::MAX))
    };
    Some(More {
        views: needed - projected,
        views_a_video: per(cadence.videos()).unwrap_or(needed),
        videos: per(input.video.views),
        per: cadence.per(),
    })
}

/// The sum of the counted channels, month and year.
fn total(channels: &[MonthChannel], unit: crate::money::Unit) -> Option<Period> {
    let mut sums = [0_u64; 4];
    for period in channels.iter().filter(|c| c.in_total).filter_map(|c| c.amount) {
        let parts = [period.month.low, period.month.high, period.year.low, period.year.high];
        for (sum, money) in sums.iter_mut().zip(parts) {
            *sum = sum.checked_add(money.minor())?;
        }
    }
    let range = |low, high| Range {
        low: Money::from_minor(low, unit),
        high: Money::from_minor(high, unit),
    };
    Some(Period {
        month: range(sums[0], sums[1]),
        year: range(sums[2], sums[3]),
    })
}

/// `count` videos' amounts, summed exactly.
fn times(count: u64, amount: Range) -> (u128, u128) {
    (
        u128::from(count) * u128::from(amount.low.minor()),
        u128::from(count) * u128::from(amount.high.minor()),
    )
}

/// A year's minor units as a period: the year, and the month as its twelfth, rounded half up.
fn period(year: (u128, u128), unit: crate::money::Unit) -> Result<Period, OutOfRange> {
    let money = |minor: u128| {
        u64::try_from(minor)
            .map(|m| Money::from_minor(m, unit))
            .map_err(|_| OutOfRange(unit))
    };
    let month = |minor: u128| money((minor * 2 + 12) / 24);
    Ok(Period {
        month: Range {
            low: month(year.0)?,
            high: month(year.1)?,
        },
        year: Range {
            low: money(year.0)?,
            high: money(year.1)?,
        },
    })
}
