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
    self, ChannelEstimate, ChannelSet, Conversion, EstimateError, Estimator, Input, Range, Reason,
    Requirement, ResolvedInput, Status,
};
use crate::money::{Grouped, Money, OutOfRange};
use crate::rates::{Basis, Channel, Grade, MonthCount, RateTable};

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
    /// The month's views the cadence projects: the average views × the videos of a month,
    /// rounded down; the 30-day views when they were not given.
    pub projected: u64,
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
    /// The count of a month's videos of this kind; `None` for its plain videos.
    fn count(self) -> Option<MonthCount> {
        match self {
            Kind::Plain => None,
            Kind::Sponsored => Some(MonthCount::Sponsored),
            Kind::Linked => Some(MonthCount::Linked),
        }
    }

    /// `count` of the month's videos of this kind, in words: "sponsored posts".
    pub fn words(self, count: u64) -> &'static str {
        match (self, count == 1) {
            (Kind::Plain, true) => "other video",
            (Kind::Plain, false) => "other videos",
            (Kind::Sponsored, true) => "sponsored post",
            (Kind::Sponsored, false) => "sponsored posts",
            (Kind::Linked, true) => "video with a product link",
            (Kind::Linked, false) => "videos with a product link",
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
    /// An opt-in channel that none of a month's counts gives the videos of.
    Uncounted,
    /// Left out on the month's videos of one kind, for this reason (a sponsored post earns no
    /// Creator Rewards).
    NotOn {
        kind: Kind,
        /// Videos of the kind a month.
        count: u64,
        why: &'t str,
    },
    /// A 30-day views threshold the month's projected views fall short of, and what a month
    /// would need to reach it; `alone` when it is the only threshold the channel misses, so
    /// that reaching it would make the channel pay.
    Short {
        projected: u64,
        more: More,
        alone: bool,
    },
}

/// What would lift a month's projected views to a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct More {
    /// More views a month.
    pub views: u64,
    /// The average views a video would need at this cadence; `None` with no videos.
    pub views_a_video: Option<u64>,
    /// The videos a period (the cadence's) would need at these views; `None` when the videos
    /// have no views.
    pub videos: Option<u64>,
    pub per: &'static str,
}

impl<'t> MonthReason<'t> {
    /// The one-video estimate's reason this is, if it is one.
    pub fn video(&self) -> Option<&Reason<'t>> {
        match self {
            MonthReason::Video(reason) => Some(reason),
            _ => None,
        }
    }
}

impl fmt::Display for MonthReason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MonthReason::Video(reason) => reason.fmt(f),
            MonthReason::NotGiven { flag } => {
                write!(f, "opt-in: counts only with {flag} N, the month's count")
            }
            MonthReason::Uncounted => f.write_str(
                "opt-in: a month has no count of the videos that have it (the rate table gives it no month_count)",
            ),
            MonthReason::NotOn { kind, count, why } => write!(
                f,
                "not on the {} {} a month: {why}",
                Grouped(*count),
                kind.words(*count)
            ),
            MonthReason::Short {
                projected,
                more,
                alone,
            } => {
                let would = if *alone {
                    "would qualify"
                } else {
                    "would meet this threshold"
                };
                write!(
                    f,
                    "{} projected views in 30 days: {} more a month {would}",
                    Grouped(*projected),
                    Grouped(more.views),
                )?;
                match (more.views_a_video, more.videos) {
                    (Some(views), Some(videos)) => write!(
                        f,
                        " ({} views a video, or {} {} a {})",
                        Grouped(views),
                        Grouped(videos),
                        videos_word(videos),
                        more.per
                    ),
                    (Some(views), None) => write!(f, " ({} views a video)", Grouped(views)),
                    (None, Some(videos)) => write!(
                        f,
                        " ({} {} a {})",
                        Grouped(videos),
                        videos_word(videos),
                        more.per
                    ),
                    (None, None) => Ok(()),
                }
            }
        }
    }
}

/// "video" or "videos", for a count of them.
fn videos_word(count: u64) -> &'static str {
    if count == 1 { "video" } else { "videos" }
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
    /// Its count was given: for an opt-in channel, the videos it is paid on (sponsored posts,
    /// linked videos) or the diamonds; for one paid by the month, what it is paid on (the
    /// subscribers).
    pub given: bool,
    pub reasons: Vec<MonthReason<'t>>,
    pub grade: Option<Grade>,
}

impl MonthChannel<'_> {
    /// A channel to be written over: the room a month's channels are built in.
    fn empty() -> Self {
        MonthChannel {
            id: "",
            name: "",
            basis: Basis::Views,
            opt_in: false,
            status: Status::Eligible,
            each: None,
            videos_a_year: None,
            amount: None,
            in_total: false,
            given: false,
            reasons: Vec::new(),
            grade: None,
        }
    }
}

impl MonthChannel<'_> {
    /// Whether the month's total lacks this channel for want of an input or a figure: it is
    /// paid on some of the month's videos, but its amount needs an input that was not given (a
    /// sponsored post's fee needs the followers), or the table prices none for the account.
    pub fn missing_from_total(&self) -> bool {
        matches!(self.status, Status::NeedsInput | Status::Unpriced)
            && self.videos_a_year.is_some_and(|n| n > 0)
    }

    /// Whether the total leaves out a channel the month has: one `missing_from_total`, or an
    /// opt-in one, or one paid by the month, whose count was given (sponsored posts, diamonds,
    /// subscribers) that a threshold or the creator's region keeps out (LIVE gifts or
    /// Subscriptions at 16).
    pub fn left_out(&self) -> bool {
        self.missing_from_total()
            || ((self.opt_in || self.basis.monthly()) && self.given && self.status.keeps_out())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month<'t> {
    pub input: MonthResolved<'t>,
    pub channels: Vec<MonthChannel<'t>>,
    pub total: Period,
}

impl<'t> Month<'t> {
    /// The ids of the channels the month has that the total leaves out (see
    /// [`MonthChannel::left_out`]).
    pub fn total_leaves_out(&self) -> impl Iterator<Item = &'t str> + '_ {
        (self.channels.iter())
            .filter(|c| c.left_out())
            .map(|c| c.id)
    }
}

/// Why no month could be estimated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MonthError {
    #[error(transparent)]
    Estimate(#[from] EstimateError),
    #[error("{}", too_many(*.sponsored, *.linked, *.cadence))]
    TooManyOptIn {
        sponsored: u64,
        linked: u64,
        cadence: Cadence,
    },
    /// With the opt-in channels a month pays on an input of their own instead, by name and
    /// that input's key: `("Affiliate", "sales")`.
    #[error(
        "{} was given but no opt-in channel of the rate table is counted by it",
        .0.flag()
    )]
    NoChannelFor(MonthCount, Vec<(String, &'static str)>),
    #[error("a month names its opt-in videos by count, not with --with")]
    With,
    /// What is too large: "the videos of a year", "the projected views", "the amounts".
    #[error("the month is too large to estimate: {0} pass the largest number earn can hold")]
    TooLarge(&'static str),
}

/// "3 sponsored videos and 2 with a product link a month are more than the month's 4 videos".
fn too_many(sponsored: u64, linked: u64, cadence: Cadence) -> String {
    let videos = |n: u64, kind: &str| {
        let plural = if n == 1 { "video" } else { "videos" };
        format!("{} {kind}{plural}", Grouped(n))
    };
    let (given, one) = match (sponsored, linked) {
        (s, 0) => (videos(s, "sponsored "), s == 1),
        (0, l) => (format!("{} with a product link", videos(l, "")), l == 1),
        (s, l) => (
            format!(
                "{} and {} with a product link",
                videos(s, "sponsored "),
                Grouped(l)
            ),
            false,
        ),
    };
    let verb = if one { "is" } else { "are" };
    let cadence = match cadence {
        Cadence::Month(n) => format!("the month's {}", videos(n, "")),
        Cadence::Week(n) => format!("a month's videos at {} a week (52 weeks ÷ 12)", Grouped(n)),
    };
    format!("{given} a month {verb} more than {cadence}")
}

impl MonthError {
    /// A second line telling the user what would work.
    pub fn hint(&self) -> String {
        match self {
            MonthError::Estimate(EstimateError::OutOfRange { .. }) => {
                "give fewer views, videos, followers, diamonds or subscribers (or less in sales), or check the rates file's figures".into()
            }
            MonthError::Estimate(e) => e.hint(),
            MonthError::TooManyOptIn {
                sponsored, linked, ..
            } if *sponsored > 0 && *linked > 0 => {
                "the month counts them as different videos: give fewer, or more videos".into()
            }
            MonthError::TooManyOptIn { .. } => "give fewer, or more videos".into(),
            MonthError::NoChannelFor(count, own) => {
                let own: Vec<String> = (own.iter())
                    .map(|(name, key)| format!("{name} is paid on the month's --{key}"))
                    .collect();
                let own = if own.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", crate::text::and_list(&own))
                };
                format!(
                    "drop {}{own}, or give an opt-in channel month_count = \"{}\" in the rates file",
                    count.flag(),
                    count.key()
                )
            }
            MonthError::With => {
                "give --sponsored N (videos a month), --sales AMOUNT or --diamonds N instead".into()
            }
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
    /// Why a channel the video has left this one out of it.
    excluded: Option<&'t str>,
}

/// A count of videos given where no opt-in channel of the table is paid on them: with, for
/// videos with a product link, the channels paid on the month's sales instead.
fn uncounted(table: &RateTable, input: &MonthInput) -> Result<(), MonthError> {
    for (given, count) in [
        (input.sponsored, MonthCount::Sponsored),
        (input.linked, MonthCount::Linked),
    ] {
        let paid = |c: &Channel| c.opt_in.is_some() && c.month_count == Some(count);
        if given > 0 && !table.video_channels().any(paid) {
            let own = (table.video_channels())
                .filter(|c| count == MonthCount::Linked && c.opt_in.is_some())
                .filter(|c| c.basis == Basis::Sales)
                .map(|c| (c.name.clone(), c.basis.key()))
                .collect();
            return Err(MonthError::NoChannelFor(count, own));
        }
    }
    Ok(())
}

/// Checks the month's counts and resolves its typical video, whose 30-day views are the
/// account's own or the projected month's; with the videos a year that are neither sponsored
/// nor linked.
fn counts<'t>(
    table: &'t RateTable,
    input: &MonthInput,
    currency: Option<Conversion<'t>>,
) -> Result<(MonthResolved<'t>, u64), MonthError> {
    if !input.video.with.is_empty() {
        return Err(MonthError::With);
    }
    uncounted(table, input)?;
    let cadence = input.cadence;
    let videos_a_year = cadence
        .a_year()
        .ok_or(MonthError::TooLarge("the videos of a year"))?;
    let opt_in_a_year = input
        .sponsored
        .checked_add(input.linked)
        .and_then(|n| n.checked_mul(12))
        .filter(|n| *n <= videos_a_year)
        .ok_or(MonthError::TooManyOptIn {
            sponsored: input.sponsored,
            linked: input.linked,
            cadence,
        })?;
    // In 64 bits when it fits: see `period`.
    let projected = match input.video.views.checked_mul(videos_a_year) {
        Some(views) => views / 12,
        None => u64::try_from(u128::from(input.video.views) * u128::from(videos_a_year) / 12)
            .map_err(|_| MonthError::TooLarge("the projected views"))?,
    };
    let (views_30d, views_from) = match input.video.views_30d {
        Some(given) => (given, ViewsFrom::Given),
        None => (projected, ViewsFrom::Projected),
    };
    // `with` is empty (checked above), and the 30-day views are the month's.
    let video = ResolvedInput {
        views_30d: Some(views_30d),
        ..estimate::resolve_with(table, &input.video, currency)?
    };
    let resolved = MonthResolved {
        video,
        cadence,
        videos_a_year,
        sponsored: input.sponsored,
        linked: input.linked,
        views_from,
        projected,
    };
    Ok((resolved, videos_a_year - opt_in_a_year))
}

/// The opt-in channels of a video whose basis is `wanted`.
fn opt_in_set(table: &RateTable, wanted: impl Fn(&Channel) -> bool) -> ChannelSet {
    table
        .video_channels()
        .enumerate()
        .filter(|(_, c)| c.opt_in.is_some() && wanted(c))
        .fold(ChannelSet::default(), |set, (i, _)| set.with(i))
}

/// One video of a kind, estimated, `with` the opt-in channels it has.
fn kind<'t>(
    table: &'t RateTable,
    estimator: &mut Estimator<'t>,
    plain: &ResolvedInput<'t>,
    (kind, count_a_year, with): (Kind, u64, ChannelSet),
) -> Result<KindResult<'t>, MonthError> {
    let estimate = estimator.estimate(ResolvedInput {
        with,
        ..plain.clone()
    })?;
    let mut channels: Vec<Paid> = estimate
        .channels
        .iter()
        .map(|c| Paid {
            amount: c.amount,
            in_total: c.in_total,
            excluded: None,
        })
        .collect();
    // A channel the video has leaves out the channels it excludes, whether or not either
    // counts: an ineligible channel's amount, shown apart, is left out too.
    for (counted, definition) in estimate.channels.iter().zip(table.video_channels()) {
        if !counted.named {
            continue;
        }
        for exclusion in &definition.excludes {
            let place = table
                .video_channels()
                .position(|c| c.id == exclusion.channel);
            if let Some(paid) = place.and_then(|i| channels.get_mut(i)) {
                paid.excluded = Some(exclusion.why.as_str());
            }
        }
    }
    Ok(KindResult {
        kind,
        count_a_year,
        channels,
    })
}

/// The sponsored posts and the videos with a product link of the month, each kind estimated
/// as one video with its opt-in channels.
fn opt_in_kinds<'t>(
    table: &'t RateTable,
    input: &MonthInput,
    estimator: &mut Estimator<'t>,
    plain: &ResolvedInput<'t>,
) -> Result<Vec<KindResult<'t>>, MonthError> {
    let mut kinds = Vec::new();
    for (given, kind_of, count) in [
        (input.sponsored, Kind::Sponsored, MonthCount::Sponsored),
        (input.linked, Kind::Linked, MonthCount::Linked),
    ] {
        if given == 0 {
            continue;
        }
        // Not empty: `uncounted` refused a count no channel is paid on.
        let set = opt_in_set(table, |c| c.month_count == Some(count));
        kinds.push(kind(table, estimator, plain, (kind_of, given * 12, set))?);
    }
    Ok(kinds)
}

/// Estimates an account's month. The estimator's kept plans make a roster of accounts cheap.
pub fn month<'t>(
    table: &'t RateTable,
    input: &MonthInput,
    estimator: &mut Estimator<'t>,
) -> Result<Month<'t>, MonthError> {
    month_in(table, input, estimator, &mut Room::default()).cloned()
}

/// What a batch keeps from row to row.
#[derive(Debug, Default)]
pub struct Room<'t> {
    /// The currency, resolved once; when `None`, the input's own is resolved.
    pub currency: Option<Conversion<'t>>,
    /// The last month, written over by the next: its channels and their reasons allocate
    /// nothing once a roster is under way, and a month (about a kilobyte) is not moved.
    last: Option<Month<'t>>,
}

impl<'t> Room<'t> {
    /// Room for a roster's months, whose currency is resolved once.
    pub fn new(currency: Option<Conversion<'t>>) -> Room<'t> {
        Room {
            currency,
            ..Room::default()
        }
    }
}

/// [`month`], with what a batch keeps from row to row: the currency resolved once, and the
/// last month, which this one is written over.
pub fn month_in<'t, 'r>(
    table: &'t RateTable,
    input: &MonthInput,
    estimator: &mut Estimator<'t>,
    room: &'r mut Room<'t>,
) -> Result<&'r Month<'t>, MonthError> {
    let (resolved, plain_a_year) = counts(table, input, room.currency)?;
    // The last month's channels are written over in place, their reasons' room kept.
    let channels = room
        .last
        .take()
        .map(|last| last.channels)
        .unwrap_or_default();
    let unit = resolved.video.currency.unit;
    let month = room.last.insert(Month {
        input: resolved,
        channels,
        total: Period {
            month: Range::zero(unit),
            year: Range::zero(unit),
        },
    });
    let Month {
        input: resolved,
        channels,
        total: month_total,
    } = month;
    let plain = &resolved.video;
    let kinds = opt_in_kinds(table, input, estimator, plain)?;
    // A LIVE's diamonds, or what product links sold, are the month's: counted once.
    let given =
        |c: &Channel| c.basis.own_input() && crate::estimate::quantity(c.basis, plain).is_some();
    let set = opt_in_set(table, given);
    let live = if set.is_empty() {
        None
    } else {
        Some(kind(table, estimator, plain, (Kind::Plain, 12, set))?)
    };
    // The plain video's estimate last, as its statuses and reasons are the month's.
    let (estimate, monthly) = estimator.account(plain.clone())?;
    let mut filled = 0;
    let slot = |channels: &mut Vec<MonthChannel<'t>>, at: usize| -> usize {
        if at == channels.len() {
            channels.push(MonthChannel::empty());
        }
        at
    };
    for (i, (definition, estimated)) in table.video_channels().zip(&estimate.channels).enumerate() {
        let own = Paid {
            amount: estimated.amount,
            in_total: estimated.in_total,
            excluded: None,
        };
        let (basis, opt_in) = (definition.basis, definition.opt_in.is_some());
        // The kinds of video the channel is paid on, each with its count a year: the month's
        // diamonds (or sales) once, or the plain videos and the kinds of opt-in video it is
        // paid on. Without the month's diamonds, an opt-in LIVE channel is on none of the month.
        let live_given = crate::estimate::quantity(basis, plain).is_some() || !opt_in;
        let diamonds = (basis.own_input() && live_given).then(|| {
            let paid = live
                .as_ref()
                .filter(|_| opt_in)
                .map_or(own, |l| l.channels[i]);
            (Kind::Plain, 12, paid)
        });
        let per_video = !basis.own_input();
        let plain_videos = (per_video && !opt_in).then_some((Kind::Plain, plain_a_year, own));
        let month_count = definition.month_count;
        let opt_in_videos = kinds
            .iter()
            .filter(move |kind| per_video && (!opt_in || kind.kind.count() == month_count))
            .map(move |kind| (kind.kind, kind.count_a_year, kind.channels[i]));
        let on = diamonds
            .into_iter()
            .chain(plain_videos)
            .chain(opt_in_videos);
        let at = slot(channels, filled);
        video_channel(&mut channels[at], definition, estimated, on)?;
        filled += 1;
    }
    for estimated in monthly {
        let at = slot(channels, filled);
        // As a month's sponsored posts are: none is none given.
        let given = crate::estimate::quantity(estimated.basis, plain).is_some_and(|n| n > 0);
        monthly_channel(&mut channels[at], estimated, given)?;
        filled += 1;
    }
    channels.truncate(filled);
    if resolved.views_from == ViewsFrom::Projected {
        shortfalls(table, channels, &resolved.video, resolved.projected, input);
    }
    // A rate's caveat is last among a channel's reasons, after the month's own, as it is last
    // among a video's.
    for channel in channels.iter_mut() {
        let caveat = |r: &MonthReason| matches!(r, MonthReason::Video(Reason::Caveat(_)));
        if let Some(at) = channel.reasons.iter().position(caveat) {
            channel.reasons[at..].rotate_left(1);
        }
    }
    *month_total =
        total(channels, plain.currency.unit).ok_or(MonthError::TooLarge("the amounts"))?;
    Ok(month)
}

/// A channel paid by the month: its month as the estimate decides it, and twelve of them;
/// `given`, whether what it is paid on (the subscribers) was.
fn monthly_channel<'t>(
    slot: &mut MonthChannel<'t>,
    estimated: &ChannelEstimate<'t>,
    given: bool,
) -> Result<(), MonthError> {
    let amount = estimated
        .amount
        .map(|a| period(times(12, a), a.low.unit()))
        .transpose()
        .map_err(|source| EstimateError::OutOfRange {
            channel: estimated.id.to_string(),
            source,
        })?;
    slot.id = estimated.id;
    slot.name = estimated.name;
    slot.basis = estimated.basis;
    slot.opt_in = false;
    slot.status = estimated.status;
    slot.each = None;
    slot.videos_a_year = None;
    slot.amount = amount;
    slot.in_total = estimated.in_total;
    slot.given = given;
    slot.reasons.clear();
    slot.reasons
        .extend(estimated.reasons.iter().cloned().map(MonthReason::Video));
    slot.grade = estimated.grade;
    Ok(())
}

/// A channel paid per video (or on the month's diamonds), from the plain video's estimate of
/// it and the kinds of video it is paid `on`, each with its count a year.
fn video_channel<'t>(
    slot: &mut MonthChannel<'t>,
    definition: &Channel,
    estimated: &ChannelEstimate<'t>,
    on: impl Iterator<Item = (Kind, u64, Paid<'t>)> + Clone,
) -> Result<(), MonthError> {
    let mut left_out = Vec::new();
    let (mut counted, mut would, mut counts) = ((0, 0), (0, 0), false);
    // An opt-in channel is paid on no kind of video when its count was not given.
    let mut given = false;
    for (kind, count, paid) in on.clone() {
        given = true;
        if let Some(why) = paid.excluded {
            left_out.push(MonthReason::NotOn {
                kind,
                count: count / 12,
                why,
            });
            continue;
        }
        let Some(amount) = paid.amount else { continue };
        let sum = times(count, amount);
        would = (would.0 + sum.0, would.1 + sum.1);
        if paid.in_total && count > 0 {
            counts = true;
            counted = (counted.0 + sum.0, counted.1 + sum.1);
        }
    }
    let basis = estimated.basis;
    // The count that gives the videos with it: the month's diamonds for a LIVE.
    let flag = match (definition.month_count, basis) {
        (_, Basis::Diamonds) => Some("--diamonds"),
        (_, Basis::Sales) => Some("--sales"),
        (count, _) => count.map(MonthCount::flag),
    };
    let reasons = &mut slot.reasons;
    reasons.clear();
    reasons.extend(estimated.reasons.iter().filter_map(|r| match r {
        Reason::OptIn { .. } if given => None,
        Reason::OptIn { .. } => Some(match flag {
            Some(flag) => MonthReason::NotGiven { flag },
            None => MonthReason::Uncounted,
        }),
        r => Some(MonthReason::Video(r.clone())),
    }));
    // Which videos it leaves out says nothing where it is not offered at all.
    let offered = estimated.status != Status::Unavailable;
    if offered {
        reasons.append(&mut left_out);
    }
    let unit = estimated.amount.map(|a| a.low.unit());
    let amount = match (unit, given) {
        (Some(unit), true) => Some(period(if counts { counted } else { would }, unit).map_err(
            |source| EstimateError::OutOfRange {
                channel: definition.id.clone(),
                source,
            },
        )?),
        _ => None,
    };
    let per_video = !basis.own_input();
    slot.id = estimated.id;
    slot.name = estimated.name;
    slot.basis = basis;
    slot.opt_in = estimated.opt_in;
    slot.status = estimated.status;
    slot.each = estimated.amount.filter(|_| per_video);
    // The videos it is paid on: not those of a kind that leaves it out, and none where it is
    // not offered.
    slot.videos_a_year = (per_video && offered).then(|| {
        on.filter(|(_, _, paid)| paid.excluded.is_none())
            .map(|(_, count, _)| count)
            .sum()
    });
    slot.amount = amount;
    slot.in_total = counts;
    slot.given = given;
    slot.grade = estimated.grade;
    Ok(())
}

/// For each channel whose 30-day views threshold the projected views fall short of: what a
/// month would need to reach it, in videos that earn.
fn shortfalls(
    table: &RateTable,
    channels: &mut [MonthChannel],
    video: &ResolvedInput,
    projected: u64,
    input: &MonthInput,
) {
    // Only an ineligible channel has a threshold unmet.
    for channel in channels
        .iter_mut()
        .filter(|c| c.status == Status::Ineligible)
    {
        let needed = channel.reasons.iter().find_map(|r| match r {
            MonthReason::Video(Reason::Below(check))
                if check.requirement == Requirement::Views30d =>
            {
                Some(check.needed)
            }
            _ => None,
        });
        let Some(mut more) = needed.and_then(|needed| more(needed, projected, input)) else {
            continue;
        };
        // A video under the channel's per-video minimum earns nothing, however many there are:
        // more videos like it are no offer, and more views a video must reach the minimum too.
        let earning = table
            .channel(channel.id)
            .and_then(|definition| earning_views(table, definition, video));
        match earning {
            Some(Earning::Never) => (more.videos, more.views_a_video) = (None, None),
            Some(Earning::From(earning)) => {
                if video.views < earning {
                    more.videos = None;
                }
                more.views_a_video = more.views_a_video.map(|views| views.max(earning));
            }
            None => {}
        }
        let alone = channel
            .reasons
            .iter()
            .filter(|r| matches!(r, MonthReason::Video(Reason::Below(_))))
            .count()
            == 1;
        channel.reasons.push(MonthReason::Short {
            projected,
            more,
            alone,
        });
    }
}

/// From how many views a video earns under its channel's per-video minimum.
enum Earning {
    /// At the high qualified share.
    From(u64),
    /// No number: the share is 0.
    Never,
}

/// The fewest views of a video that its channel's per-video minimum lets earn; `None` for a
/// channel without a minimum.
fn earning_views(table: &RateTable, channel: &Channel, video: &ResolvedInput) -> Option<Earning> {
    let needed = channel.rate.min_quantity?;
    let share = crate::estimate::terms(table, channel, video)?.share(|m| m.high);
    // quantity × share, rounded down, reaches `needed` from ⌈needed ÷ share⌉.
    let scaled = u128::from(needed).checked_mul(10_u128.checked_pow(share.scale())?)?;
    let mantissa = share.unsigned_mantissa();
    Some(if mantissa == 0 {
        Earning::Never
    } else {
        Earning::From(u64::try_from(scaled.div_ceil(mantissa)).unwrap_or(u64::MAX))
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
        (divisor > 0).then(|| u64::try_from(twelve_needed.div_ceil(divisor)).unwrap_or(u64::MAX))
    };
    Some(More {
        views: needed - projected,
        views_a_video: per(cadence.videos()),
        videos: per(input.video.views),
        per: cadence.per(),
    })
}

/// The sum of the counted channels, month and year.
fn total(channels: &[MonthChannel], unit: crate::money::Unit) -> Option<Period> {
    let mut sums = [0_u64; 4];
    for period in channels
        .iter()
        .filter(|c| c.in_total)
        .filter_map(|c| c.amount)
    {
        let parts = [
            period.month.low,
            period.month.high,
            period.year.low,
            period.year.high,
        ];
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
            .map_err(|_| OutOfRange::TooLarge(unit))
    };
    // A year's amount nearly always fits in 63 bits, where dividing by a constant is a
    // multiplication; a division of 128 bits is a loop of its own, and a roster of accounts
    // asks for four per channel (it cost about a quarter of a batch's time).
    let month = |minor: u128| match u64::try_from(minor) {
        Ok(small) if small < 1 << 62 => money(u128::from((small * 2 + 12) / 24)),
        _ => money((minor * 2 + 12) / 24),
    };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rates;

    fn account(avg_views: u64, videos: u64) -> MonthInput<'static> {
        MonthInput {
            video: Input {
                views: avg_views,
                followers: Some(12_000),
                age: Some(22),
                length: Some(75),
                region: Some("us".into()),
                ..Input::default()
            },
            cadence: Cadence::Month(videos),
            sponsored: 0,
            linked: 0,
        }
    }

    fn run(input: &MonthInput) -> Result<Month<'static>, MonthError> {
        let table = rates::built_in_for_tests();
        month(table, input, &mut Estimator::new(table))
    }

    fn channel<'a>(month: &'a Month, id: &str) -> &'a MonthChannel<'a> {
        month.channels.iter().find(|c| c.id == id).unwrap()
    }

    fn dollars(cents: u64) -> Money {
        Money::from_cents(cents)
    }

    /// What the month is told would reach a channel's 30-day threshold.
    fn shortfall(channel: &MonthChannel) -> Option<More> {
        channel.reasons.iter().find_map(|r| match r {
            MonthReason::Short { more, .. } => Some(*more),
            _ => None,
        })
    }

    /// A channel's reasons, as its WHY column gives them.
    fn why(month: &Month, id: &str) -> String {
        channel(month, id)
            .reasons
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    }

    #[test]
    fn the_cadence_projects_the_30_day_views_the_thresholds_are_checked_against() {
        let month = run(&account(50_000, 20)).unwrap();
        assert_eq!(month.input.views_from, ViewsFrom::Projected);
        assert_eq!(month.input.video.views_30d, Some(1_000_000));
        let rewards = channel(&month, "creator_rewards");
        assert_eq!(rewards.status, Status::Eligible);
        assert!(rewards.in_total);
        // Met: the projection is the input's, and no reason of the channel's.
        assert!(
            !rewards
                .reasons
                .iter()
                .any(|r| matches!(r, MonthReason::Short { .. }))
        );
        // Twenty videos of $6.00-$45.00 each.
        let each = rewards.each.unwrap();
        assert_eq!((each.low, each.high), (dollars(600), dollars(4500)));
        let amount = rewards.amount.unwrap();
        assert_eq!(
            (amount.month.low, amount.month.high),
            (dollars(12_000), dollars(90_000))
        );
        assert_eq!(
            (amount.year.low, amount.year.high),
            (dollars(144_000), dollars(1_080_000))
        );
        assert_eq!(month.total, amount);
    }

    #[test]
    fn a_cadence_short_of_a_threshold_says_what_would_reach_it() {
        let month = run(&account(2_000, 20)).unwrap();
        let rewards = channel(&month, "creator_rewards");
        assert_eq!(rewards.status, Status::Ineligible);
        assert!(!rewards.in_total);
        assert_eq!(
            shortfall(rewards),
            Some(More {
                views: 60_000,
                views_a_video: Some(5_000),
                videos: Some(50),
                per: "month"
            })
        );
        let text = why(&month, "creator_rewards");
        assert!(text.contains("has 40,000"), "{text}");
        assert!(text.contains("60,000 more a month would qualify"), "{text}");
        assert!(text.contains("or 50 videos a month)"), "{text}");
        assert_eq!(month.total.month.high, dollars(0));
        // One more video is "1 video".
        let month = run(&account(500_000, 0)).unwrap();
        let text = why(&month, "creator_rewards");
        assert!(text.ends_with("(1 video a month)"), "{text}");
        // With another threshold missed too, the views alone would not qualify the account.
        let mut young = account(2_000, 20);
        young.video.age = Some(16);
        let text = why(&run(&young).unwrap(), "creator_rewards");
        assert!(text.contains("needs age 18+, has 16"), "{text}");
        assert!(
            text.contains("60,000 more a month would meet this threshold (5,000 views a video"),
            "{text}"
        );
    }

    #[test]
    fn more_videos_are_not_offered_when_each_earns_nothing() {
        // 500 views give 150-450 qualified views, under the 1,000 a video needs: 200 such videos
        // would meet the 30-day threshold and still earn nothing.
        let month = run(&account(500, 10)).unwrap();
        let rewards = channel(&month, "creator_rewards");
        assert_eq!(
            shortfall(rewards),
            Some(More {
                views: 95_000,
                views_a_video: Some(10_000),
                videos: None,
                per: "month"
            })
        );
        let text = rewards.reasons.last().unwrap().to_string();
        assert!(
            text.ends_with("would qualify (10,000 views a video)"),
            "{text}"
        );
    }

    #[test]
    fn more_views_a_video_are_offered_only_as_many_as_earn() {
        // 100 videos of 900 views: 1,000 a video would meet the 30-day threshold, but a video
        // of 1,000 views has 300-900 qualified views and earns nothing. At the high share of
        // 0.90 a video earns from 1,112 views.
        let month = run(&account(900, 100)).unwrap();
        assert_eq!(
            shortfall(channel(&month, "creator_rewards")),
            Some(More {
                views: 10_000,
                views_a_video: Some(1_112),
                videos: None,
                per: "month"
            })
        );
        // At a share of 0 no number of views earns: nothing is offered.
        let mut input = account(900, 100);
        input.video.qualified_share = Some(crate::decimal::Decimal::ZERO);
        let month = run(&input).unwrap();
        let rewards = channel(&month, "creator_rewards");
        assert_eq!(
            shortfall(rewards),
            Some(More {
                views: 10_000,
                views_a_video: None,
                videos: None,
                per: "month"
            })
        );
        assert!(
            why(&month, "creator_rewards").ends_with("10,000 more a month would qualify"),
            "{}",
            why(&month, "creator_rewards")
        );
    }

    #[test]
    fn one_video_of_a_kind_is_one_video() {
        for (sponsored, words) in [
            (1, "the 1 sponsored post a"),
            (2, "the 2 sponsored posts a"),
        ] {
            let mut input = account(30_000, 4);
            input.sponsored = sponsored;
            let text = why(&run(&input).unwrap(), "creator_rewards");
            assert!(text.contains(&format!("not on {words} month:")), "{text}");
        }
    }

    #[test]
    fn given_30_day_views_are_used_as_they_are() {
        let mut input = account(2_000, 20);
        input.video.views_30d = Some(150_000);
        let month = run(&input).unwrap();
        assert_eq!(month.input.views_from, ViewsFrom::Given);
        let rewards = channel(&month, "creator_rewards");
        assert_eq!(rewards.status, Status::Eligible);
        assert!(
            !rewards
                .reasons
                .iter()
                .any(|r| matches!(r, MonthReason::Short { .. }))
        );
    }

    #[test]
    fn subscriptions_take_the_share_of_the_creators_country() {
        let mut input = account(50_000, 20);
        let without = run(&input).unwrap();
        let subscriptions = channel(&without, "subscriptions");
        assert_eq!(subscriptions.status, Status::NeedsInput);
        assert_eq!(subscriptions.amount, None);
        input.video.subscribers = Some(300);
        let us = run(&input).unwrap();
        let month = channel(&us, "subscriptions").amount.unwrap().month;
        // 300 × $2.99 × 70% and 300 × $5.99 × 90%.
        assert_eq!((month.low, month.high), (dollars(62_790), dollars(161_730)));
        input.video.region = Some("gb".into());
        let gb = run(&input).unwrap();
        let month = channel(&gb, "subscriptions").amount.unwrap().month;
        // 50% and 70% outside the US and Canada.
        assert_eq!((month.low, month.high), (dollars(44_850), dollars(125_790)));
        assert!(channel(&gb, "subscriptions").in_total);
    }

    #[test]
    fn the_subscription_share_follows_the_creators_country_not_the_audience() {
        let mut input = account(50_000, 20);
        input.video.subscribers = Some(100);
        input.video.region = None;
        input.video.country = Some("gb".into());
        input.video.audience = Some("us".into());
        let month = run(&input).unwrap();
        let low = channel(&month, "subscriptions").amount.unwrap().month.low;
        // 100 × $2.99 × 50%: the UK creator's share, though the viewers are in the US.
        assert_eq!(low, dollars(14_950));
    }

    #[test]
    fn a_channel_not_offered_is_paid_on_no_video() {
        let mut input = account(50_000, 20);
        input.video.region = Some("ca".into());
        let month = run(&input).unwrap();
        let rewards = channel(&month, "creator_rewards");
        assert_eq!(rewards.status, Status::Unavailable);
        assert_eq!(rewards.videos_a_year, None);
        // Nor is it said to leave out the sponsored ones.
        input.sponsored = 2;
        let month = run(&input).unwrap();
        let rewards = channel(&month, "creator_rewards");
        assert!(
            !rewards
                .reasons
                .iter()
                .any(|r| matches!(r, MonthReason::NotOn { .. })),
            "{:?}",
            rewards.reasons
        );
        // Where it is offered, the same month pays it on each video.
        input.sponsored = 0;
        input.video.region = Some("us".into());
        let month = run(&input).unwrap();
        assert_eq!(
            channel(&month, "creator_rewards").videos_a_year,
            Some(20 * 12)
        );
    }

    #[test]
    fn sponsored_posts_earn_their_fee_and_no_creator_rewards() {
        let mut input = account(50_000, 20);
        input.sponsored = 2;
        input.video.sales = crate::count::parse_amount("2000").ok();
        input.video.diamonds = Some(10_000);
        let month = run(&input).unwrap();
        let rewards = channel(&month, "creator_rewards");
        assert_eq!(rewards.videos_a_year, Some(18 * 12));
        assert_eq!(rewards.amount.unwrap().month.low, dollars(18 * 600));
        assert!(rewards.reasons.iter().any(|r| matches!(
            r,
            MonthReason::NotOn {
                kind: Kind::Sponsored,
                count: 2,
                ..
            }
        )));
        let sponsorship = channel(&month, "sponsorship");
        assert!(sponsorship.in_total);
        assert_eq!(sponsorship.videos_a_year, Some(24));
        // Two posts of the micro tier's quarter cent to a cent per follower ($30-$120 for
        // 12,000).
        let fee = sponsorship.amount.unwrap().month;
        assert_eq!((fee.low, fee.high), (dollars(6_000), dollars(24_000)));
        // The month's sales once, at 5-20%: $100-$400, on no count of videos.
        let affiliate = channel(&month, "affiliate");
        assert!(affiliate.in_total);
        assert_eq!(affiliate.videos_a_year, None);
        let commission = affiliate.amount.unwrap().month;
        assert_eq!(
            (commission.low, commission.high),
            (dollars(10_000), dollars(40_000))
        );
        let gifts = channel(&month, "gifts");
        assert!(gifts.in_total);
        assert_eq!(gifts.amount.unwrap().month.low, dollars(5_000));
    }

    #[test]
    fn an_opt_in_channel_without_its_count_is_shown_not_counted() {
        let month = run(&account(50_000, 20)).unwrap();
        let sponsorship = channel(&month, "sponsorship");
        assert!(!sponsorship.in_total);
        assert_eq!(sponsorship.amount, None);
        assert!(sponsorship.each.is_some());
        assert!(sponsorship.reasons.contains(&MonthReason::NotGiven {
            flag: "--sponsored"
        }));
    }

    #[test]
    fn a_weekly_cadence_is_52_weeks_a_year() {
        let mut input = account(50_000, 0);
        input.cadence = Cadence::Week(5);
        let month = run(&input).unwrap();
        assert_eq!(month.input.videos_a_year, 260);
        // 50,000 × 260 ÷ 12, rounded down.
        assert_eq!(month.input.video.views_30d, Some(1_083_333));
        let amount = channel(&month, "creator_rewards").amount.unwrap();
        assert_eq!(amount.year.low, dollars(260 * 600));
        // $1,560 ÷ 12 = $130 exactly; $11,700 ÷ 12 = $975.
        assert_eq!(amount.month.low, dollars(13_000));
        assert_eq!(amount.month.high, dollars(97_500));
    }

    #[test]
    fn opt_in_videos_are_videos_of_the_month() {
        let mut input = account(50_000, 4);
        input.sponsored = 5;
        assert!(matches!(
            run(&input),
            Err(MonthError::TooManyOptIn {
                cadence: Cadence::Month(4),
                ..
            })
        ));
        input.sponsored = 4;
        assert!(run(&input).is_ok());
        input.video.with = vec!["sponsorship".into()];
        assert_eq!(run(&input), Err(MonthError::With));
    }

    /// The built-in table pays no channel on a count of linked videos: a product link's
    /// commission is priced from the month's sales, which the hint names.
    #[test]
    fn a_count_no_channel_is_paid_on_says_what_is() {
        let mut input = account(50_000, 4);
        input.linked = 1;
        let err = run(&input).unwrap_err();
        assert!(matches!(
            err,
            MonthError::NoChannelFor(MonthCount::Linked, _)
        ));
        assert_eq!(
            err.hint(),
            "drop --linked (Affiliate is paid on the month's --sales), or give an opt-in channel \
             month_count = \"linked\" in the rates file"
        );
        // Checked before the counts are added up: the videos are not the trouble.
        input.linked = 9;
        assert!(matches!(
            run(&input),
            Err(MonthError::NoChannelFor(MonthCount::Linked, _))
        ));
    }
}
