//! The estimate: inputs and a rate table in, channel-by-channel amounts and a total out.
//!
//! Pure: no I/O, no printing. The rules, in order, for each enabled channel:
//! 1. TikTok unavailable in the creator's country or the audience's region → `Unavailable`;
//! 2. not offered in the creator's country → `Unavailable` (no amount);
//! 3. closed there → `Closed`;
//! 4. its basis needs an input that was not given (diamonds; followers for a fee per post) →
//!    `NeedsInput` (no amount);
//! 5. a given input below a threshold → `Ineligible`, one reason per unmet threshold;
//! 6. a threshold whose input was not given → `Assumed` (met, and the reason says which flag
//!    would settle it);
//! 7. otherwise `Eligible`.
//!
//! Only eligible and assumed channels count in the total, and of those:
//! - an opt-in channel (a brand deal, a product link, a LIVE) only when the user names it;
//! - not a channel that a counted channel excludes (a sponsored video earns no Creator Rewards);
//! - of an exclusive group, only the member with the largest high figure (the first in table
//!   order on a tie).

use std::borrow::Cow;
use std::fmt;

mod plan;

pub use plan::Estimator;
use plan::Plan;

use crate::count::Amount;
use crate::decimal::Decimal;
use crate::duration::duration_words;
use crate::fraction::{Product, inverse, part};
use crate::money::{Grouped, Money, OutOfRange, Scale, Unit, group_thousands, u64_power_of_ten};
use crate::rates::{
    Account, Basis, Channel, Closure, Factor, FactorInput, Grade, HighNeeds, RateTable, Region,
    Thresholds, Unavailable, UnknownName,
};
use crate::suggest::{did_you_mean, names};

/// What the user told us. Everything but the views is optional. Names may be borrowed (a
/// batch borrows them from the row it read) or owned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input<'a> {
    pub views: u64,
    pub followers: Option<u64>,
    /// A region code or alias for both the creator's country and the audience, where those
    /// are not given apart.
    pub region: Option<Cow<'a, str>>,
    /// Where the creator lives, which decides the programmes open to them.
    pub country: Option<Cow<'a, str>>,
    /// Where the video's viewers are, which decides what a view is worth.
    pub audience: Option<Cow<'a, str>>,
    pub age: Option<u64>,
    pub views_30d: Option<u64>,
    /// The video's length in seconds.
    pub length: Option<u64>,
    pub diamonds: Option<u64>,
    /// What the video's product links sold, in the amounts' currency (a sign written with it
    /// must be that currency's).
    pub sales: Option<Amount>,
    /// Paying subscribers in a month (for a channel paid by the month).
    pub subscribers: Option<u64>,
    /// Overrides the table's qualified share (0–1).
    pub qualified_share: Option<Decimal>,
    pub niche: Option<Cow<'a, str>>,
    /// Engagement rate in percent (0–100).
    pub engagement: Option<Decimal>,
    /// The code of the currency to give amounts in; the table's own when absent.
    pub currency: Option<Cow<'a, str>>,
    /// The opt-in channels this video has (a brand deal, a product link, a LIVE), by id.
    pub with: Vec<Cow<'a, str>>,
}

/// The input as used: the region resolved to its canonical code, the niche to the table's
/// spelling (lower case). Names are borrowed from the table, so that resolving and estimating
/// copy no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedInput<'t> {
    pub views: u64,
    pub followers: Option<u64>,
    /// The creator's country, as its canonical code.
    pub country: &'t str,
    /// The audience's region, as its canonical code.
    pub audience: &'t str,
    /// Set when TikTok is unavailable in the country or the audience's region.
    pub ban: Option<Ban<'t>>,
    pub age: Option<u64>,
    pub views_30d: Option<u64>,
    pub length: Option<u64>,
    pub diamonds: Option<u64>,
    /// What the video's product links sold, in the amounts' currency.
    pub sales: Option<Money>,
    pub subscribers: Option<u64>,
    pub qualified_share: Option<Decimal>,
    pub niche: Option<&'t str>,
    pub engagement: Option<Decimal>,
    pub currency: Conversion<'t>,
    /// The opt-in channels named, by their place among the table's video channels.
    pub with: ChannelSet,
}

/// Which of the two places a region was given for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Where the creator lives.
    Country,
    /// Where the viewers are.
    Audience,
}

impl Side {
    /// The stable name used in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Side::Country => "country",
            Side::Audience => "audience",
        }
    }
}

/// TikTok is unavailable where the creator lives or where the audience would be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ban<'t> {
    pub region: &'t Region,
    /// What the table says of it: since when, why, and the sources.
    pub unavailable: &'t Unavailable,
    pub side: Side,
}

/// A set of channels, by their place among the table's video channels (a table has at most
/// `rates::limits::MAX_CHANNELS`, fewer than 128).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ChannelSet(u128);

impl ChannelSet {
    pub fn contains(self, index: usize) -> bool {
        index < 128 && self.0 & (1 << index) != 0
    }

    #[must_use]
    pub fn with(self, index: usize) -> ChannelSet {
        debug_assert!(index < 128, "a table has fewer than 128 channels");
        ChannelSet(
            self.0
                | 1_u128
                    .checked_shl(u32::try_from(index).unwrap_or(u32::MAX))
                    .unwrap_or(0),
        )
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The ids of the channels in the set, in table order.
    pub fn ids(self, table: &RateTable) -> impl Iterator<Item = &str> {
        table
            .video_channels()
            .enumerate()
            .filter(move |(i, _)| self.contains(*i))
            .map(|(_, c)| c.id.as_str())
    }
}

/// The currency amounts are given in, and how they are reached from the table's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conversion<'t> {
    /// The currency's code, as the table spells it.
    pub code: &'t str,
    pub unit: Unit,
    /// `None` when the currency is the table's own.
    pub rate: Option<FxRate>,
    /// Whether the currency was asked for (even if it is the table's own).
    pub asked: bool,
}

/// An exchange rate as the quotient of two rates of one set: an amount in the table's
/// currency is multiplied by `to_per_base` and divided by `from_per_base`, exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FxRate {
    /// The table currency's units per one unit of the set's base.
    pub from_per_base: Decimal,
    /// The wanted currency's units per one unit of the base.
    pub to_per_base: Decimal,
}

impl FxRate {
    /// Places an exchange rate is shown to.
    pub const SHOWN_PLACES: u32 = 6;

    /// The wanted currency's units per one of the table's, rounded to `SHOWN_PLACES` for
    /// reading; amounts are converted with the exact quotient.
    pub fn shown(self) -> Option<Decimal> {
        self.to_per_base
            .divided_to(self.from_per_base, Self::SHOWN_PLACES)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Eligible,
    Assumed,
    Ineligible,
    Closed,
    Unavailable,
    NeedsInput,
    /// Open to the creator, but the table prices nothing for them: a fee per post for an
    /// account below the first tier.
    Unpriced,
}

impl Status {
    /// Every status, in the order of `index`.
    pub(crate) const ALL: [Status; 7] = [
        Status::Eligible,
        Status::Assumed,
        Status::Ineligible,
        Status::Closed,
        Status::Unavailable,
        Status::NeedsInput,
        Status::Unpriced,
    ];

    /// Its place in `ALL`.
    pub(crate) fn index(self) -> usize {
        match self {
            Status::Eligible => 0,
            Status::Assumed => 1,
            Status::Ineligible => 2,
            Status::Closed => 3,
            Status::Unavailable => 4,
            Status::NeedsInput => 5,
            Status::Unpriced => 6,
        }
    }

    /// The stable name used in JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            Status::Eligible => "eligible",
            Status::Assumed => "assumed",
            Status::Ineligible => "ineligible",
            Status::Closed => "closed",
            Status::Unavailable => "unavailable",
            Status::NeedsInput => "needs_input",
            Status::Unpriced => "unpriced",
        }
    }

    /// Whether the channel's amount can count in a total.
    pub fn counts(self) -> bool {
        matches!(self, Status::Eligible | Status::Assumed)
    }

    /// Whether the creator cannot have the channel: a threshold they miss, or a region where
    /// it is not open (not offered, closed, or TikTok itself unavailable).
    pub fn keeps_out(self) -> bool {
        matches!(
            self,
            Status::Ineligible | Status::Closed | Status::Unavailable
        )
    }
}

/// A creator (or video) attribute a channel may require a minimum of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    Age,
    Followers,
    Views30d,
    /// The video's length: it must be longer than the figure, in seconds.
    Length,
}

impl Requirement {
    /// The flag (and batch column) that gives this input.
    pub fn flag(self) -> &'static str {
        match self {
            Requirement::Age => "--age",
            Requirement::Followers => "--followers",
            Requirement::Views30d => "--views-30d",
            Requirement::Length => "--length",
        }
    }

    /// "age 18+", "10,000 followers", "100,000 views in the last 30 days".
    pub fn describe(self, needed: u64) -> Described {
        Described {
            requirement: self,
            number: needed,
            whole: true,
        }
    }

    /// The stable name used in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Requirement::Age => "age",
            Requirement::Followers => "followers",
            Requirement::Views30d => "views_30d",
            Requirement::Length => "length",
        }
    }

    /// What the creator has: "21" for an age, "9,999" for a count.
    pub fn have(self, have: u64) -> Described {
        Described {
            requirement: self,
            number: have,
            whole: false,
        }
    }

    /// "5,800 to go", "1 year to go", "16 seconds longer".
    pub fn gap(self, gap: u64) -> String {
        match (self, gap) {
            (Requirement::Age, 1) => "1 year to go".to_string(),
            (Requirement::Age, n) => format!("{n} years to go"),
            (Requirement::Length, n) => format!("{} longer", duration_words(n)),
            (_, n) => format!("{} to go", group_thousands(n)),
        }
    }
}

/// A number of a requirement as text: the whole requirement ([`Requirement::describe`]) or
/// only the number ([`Requirement::have`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Described {
    requirement: Requirement,
    number: u64,
    /// With the words around the number.
    whole: bool,
}

impl fmt::Display for Described {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.number;
        match (self.requirement, self.whole) {
            (Requirement::Age, true) => write!(f, "age {n}+"),
            (Requirement::Age, false) => write!(f, "{n}"),
            (Requirement::Followers, true) => write!(f, "{} followers", Grouped(n)),
            (Requirement::Views30d, true) => {
                write!(f, "{} views in the last 30 days", Grouped(n))
            }
            (Requirement::Length, true) => write!(f, "a video over {}", duration_words(n)),
            (Requirement::Length, false) => f.write_str(&duration_words(n)),
            (_, false) => write!(f, "{}", Grouped(n)),
        }
    }
}

/// One threshold of a channel and the input that answers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    pub requirement: Requirement,
    pub needed: u64,
    /// `None` when the input was not given.
    pub have: Option<u64>,
}

impl Check {
    pub fn met(self) -> Option<bool> {
        self.have.map(|have| match self.requirement {
            // "Longer than a minute": a video of exactly 60 seconds is not.
            Requirement::Length => have > self.needed,
            _ => have >= self.needed,
        })
    }

    /// How far the input is from meeting the threshold, when it is given and short.
    pub fn shortfall(self) -> Option<u64> {
        let have = self.have?;
        let needed = match self.requirement {
            Requirement::Length => self.needed.checked_add(1)?,
            _ => self.needed,
        };
        (have < needed).then(|| needed - have)
    }
}

/// The attributes thresholds are checked against: the creator's, and the video's length.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Profile {
    pub age: Option<u64>,
    pub followers: Option<u64>,
    pub views_30d: Option<u64>,
    pub length: Option<u64>,
}

impl ResolvedInput<'_> {
    pub fn profile(&self) -> Profile {
        Profile {
            age: self.age,
            followers: self.followers,
            views_30d: self.views_30d,
            length: self.length,
        }
    }
}

/// The thresholds of `thresholds`, each paired with the input that answers it.
pub fn checks(thresholds: Thresholds, profile: Profile) -> impl Iterator<Item = Check> + Clone {
    [
        (Requirement::Age, thresholds.min_age, profile.age),
        (
            Requirement::Followers,
            thresholds.min_followers,
            profile.followers,
        ),
        (
            Requirement::Views30d,
            thresholds.min_views_30d,
            profile.views_30d,
        ),
        (Requirement::Length, thresholds.video_over, profile.length),
    ]
    .into_iter()
    .filter_map(|(requirement, needed, have)| {
        needed.map(|needed| Check {
            requirement,
            needed,
            have,
        })
    })
}

/// Why a channel has its status, or why it does not count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason<'t> {
    /// TikTok itself is unavailable in the creator's country or the audience's region.
    Banned(Ban<'t>),
    /// Not offered to creators in their country; with the closure of every region, if the
    /// channel has since closed where it was offered too.
    NotOffered {
        region: &'t str,
        offered: &'t [String],
        closed: Option<&'t Closure>,
    },
    Closed {
        region: &'t str,
        on: &'t str,
        /// Closed only to creators who had not joined by then.
        new_creators_only: bool,
    },
    NeedsInput {
        flag: &'static str,
        basis: Basis,
    },
    /// An opt-in channel the user did not name: shown, not counted.
    /// (What the channel needs is the table's `opt_in`, which the table output gives; a batch
    /// writes this reason on most rows, so it is kept short.)
    OptIn {
        id: &'t str,
    },
    /// Left out because a counted channel cannot pay the same video.
    Excluded {
        /// The counted channel's name.
        by: &'t str,
        why: &'t str,
    },
    Below(Check),
    Assumed(Check),
    NotCounted {
        /// The group's name, or its id when it has none.
        group: &'t str,
        counted: &'t str,
    },
    /// No source states the channel's thresholds for the creator's region: those stated for
    /// the `known` regions are assumed.
    AssumedRule {
        region: &'t str,
        known: &'t [String],
    },
    /// A factor's high figure needs thresholds met (followers, 30-day views): the account is
    /// short of them, so the factor's low is used at both ends, or their inputs were not
    /// given, so the high assumes them. `second` is the other threshold, said alike.
    HighNeeds {
        /// The factor's name.
        factor: &'t str,
        first: Check,
        second: Option<Check>,
    },
    /// A channel the table sets no threshold on in the creator's region: eligibility alone
    /// says nothing of the creator (`earn check`).
    NoThreshold,
    /// A fee per post for an account below the first tier, where the table prices none.
    Unpriced {
        /// The followers the first tier starts at.
        first: u64,
        have: u64,
    },
    /// The channel's figures are one region's market's (its rate's `priced_in`), and no region
    /// factor adapts them to the audience's region.
    PricedIn {
        region: &'t str,
        audience: &'t str,
    },
    /// What the channel's figures are not (the rate's `caveat`), beside every amount priced
    /// from them.
    Caveat(&'t str),
    /// The channel pays only on viewers in the creator's region, and the audience's is another.
    AwayAudience {
        region: &'t str,
        audience: &'t str,
    },
    /// The video is under the channel's per-video minimum at the low figure, or at both.
    BelowMinimum {
        needed: u64,
        unit: &'static str,
        low: u64,
        high: u64,
    },
}

impl Reason<'_> {
    /// Whether this says why a channel is left out of the total: an input or a priced figure
    /// it lacks, a threshold the creator misses, or a region where it is not open. A warning
    /// about a channel left out names the first such reason.
    pub fn leaves_out(&self) -> bool {
        matches!(
            self,
            Reason::NeedsInput { .. }
                | Reason::Unpriced { .. }
                | Reason::Below(_)
                | Reason::Banned(_)
                | Reason::NotOffered { .. }
                | Reason::Closed { .. }
                | Reason::AwayAudience { .. }
        )
    }
}

impl fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Banned(ban) => match ban.side {
                Side::Country => write!(
                    f,
                    "TikTok is unavailable in {} since {}: {}",
                    ban.region.name, ban.unavailable.since, ban.unavailable.why
                ),
                Side::Audience => write!(
                    f,
                    "no audience in {}: TikTok is unavailable there since {}: {}",
                    ban.region.name, ban.unavailable.since, ban.unavailable.why
                ),
            },
            Reason::OptIn { id } => write!(f, "opt-in: counts only with --with {id}"),
            Reason::Caveat(caveat) => f.write_str(caveat),
            Reason::Excluded { by, why } => write!(f, "not counted: {why} (the video has {by})"),
            Reason::NotOffered {
                region,
                offered,
                closed,
            } => not_offered(f, region, offered, *closed),
            Reason::Closed {
                region,
                on,
                new_creators_only: false,
            } => write!(f, "closed in region {region} since {on}"),
            Reason::Closed {
                region,
                on,
                new_creators_only: true,
            } => write!(f, "closed to new creators in region {region} since {on}"),
            Reason::NeedsInput { flag, basis } => needs_input(f, flag, *basis),
            Reason::NoThreshold => {
                f.write_str("no threshold in the rate table: open to any account")
            }
            Reason::Unpriced { first, have } => write!(
                f,
                "no fee is priced below {} followers, where the tiers start; has {}",
                Grouped(*first),
                Grouped(*have)
            ),
            Reason::Below(check) => write!(
                f,
                "needs {}, has {}",
                check.requirement.describe(check.needed),
                check.requirement.have(check.have.unwrap_or(0))
            ),
            Reason::Assumed(check) => write!(
                f,
                "assumes {}: pass {} to check",
                check.requirement.describe(check.needed),
                check.requirement.flag()
            ),
            Reason::NotCounted { group, counted } => write!(
                f,
                "not counted: {counted} counts instead (only one channel of {group} counts)"
            ),
            Reason::HighNeeds {
                factor,
                first,
                second,
            } => high_needs(f, factor, *first, *second),
            Reason::AssumedRule { region, known } => write!(
                f,
                "assumes the thresholds stated for {} apply in region {region}",
                crate::text::and_list(known)
            ),
            Reason::PricedIn { region, audience } => write!(
                f,
                "priced as in region {region}: no figures for audience region {audience}"
            ),
            Reason::AwayAudience { region, audience } => write!(
                f,
                "pays only on viewers in the creator's region {region}, not on an audience in \
                 region {audience}"
            ),
            Reason::BelowMinimum {
                needed,
                unit,
                low,
                high,
            } => below_minimum(f, *needed, unit, *low, *high),
        }
    }
}

/// "needs --followers: a fee per post is priced from the account's followers".
fn needs_input(f: &mut fmt::Formatter<'_>, flag: &str, basis: Basis) -> fmt::Result {
    match basis {
        Basis::Posts => write!(
            f,
            "needs {flag}: a fee per post is priced from the account's followers"
        ),
        Basis::Subscribers => write!(f, "needs {flag}: it is paid per subscriber a month"),
        Basis::Sales => write!(
            f,
            "needs {flag}: it is a commission on what the video's product links sell"
        ),
        _ => write!(f, "needs {flag}: it is paid per {} received", basis.unit()),
    }
}

/// "earns nothing: a video needs 1,000 qualified views to earn, this one has 300-900".
fn below_minimum(
    f: &mut fmt::Formatter<'_>,
    needed: u64,
    unit: &str,
    low: u64,
    high: u64,
) -> fmt::Result {
    let needed = Grouped(needed);
    if high < needed.0 {
        write!(
            f,
            "earns nothing: a video needs {needed} {unit} to earn, this one has {}",
            Grouped(low)
        )?;
        if low != high {
            write!(f, "-{}", Grouped(high))?;
        }
        Ok(())
    } else {
        write!(
            f,
            "low is 0: a video needs {needed} {unit} to earn, and at the low share this one has {}",
            Grouped(low)
        )
    }
}

/// "Subscription creator share at its low at both ends: its high needs 10,000 followers, has
/// 2,400, and 100,000 views in the last 30 days, has 36,000", or what the high assumes.
fn high_needs(
    f: &mut fmt::Formatter<'_>,
    factor: &str,
    first: Check,
    second: Option<Check>,
) -> fmt::Result {
    let needed = |check: Check| check.requirement.describe(check.needed);
    if first.have.is_some() {
        let short = |check: Check| {
            let have = check.requirement.have(check.have.unwrap_or(0));
            format!("{}, has {have}", needed(check))
        };
        write!(
            f,
            "{factor} at its low at both ends: its high needs {}",
            short(first)
        )?;
        match second {
            Some(second) => write!(f, ", and {}", short(second)),
            None => Ok(()),
        }
    } else {
        write!(f, "high assumes {}", needed(first))?;
        if let Some(second) = second {
            write!(f, " and {}", needed(second))?;
        }
        write!(
            f,
            ", which the {factor}'s high needs: pass {}",
            first.requirement.flag()
        )?;
        if let Some(second) = second {
            write!(f, " and {}", second.requirement.flag())?;
        }
        f.write_str(" to check")
    }
}

/// A low/high pair of amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub low: Money,
    pub high: Money,
}

impl Range {
    /// Nothing to nothing, in `unit`.
    pub fn zero(unit: Unit) -> Range {
        Range {
            low: Money::zero(unit),
            high: Money::zero(unit),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelEstimate<'t> {
    pub id: &'t str,
    pub name: &'t str,
    /// What the rate multiplies.
    pub basis: Basis,
    /// For a fee per post: the follower tier the account is priced in.
    pub tier: Option<&'t str>,
    /// An opt-in channel: it counts only when the user names it.
    pub opt_in: bool,
    /// Named by the user as something this video has.
    pub named: bool,
    pub status: Status,
    /// `None` for `Unavailable` and `NeedsInput`, and wherever the basis input is missing.
    pub amount: Option<Range>,
    pub in_total: bool,
    pub reasons: Vec<Reason<'t>>,
    /// The weakest evidence grade among the figures multiplied; `None` if one of them is
    /// ungraded (a user file changed it without grading it).
    pub grade: Option<Grade>,
}

impl ChannelEstimate<'_> {
    /// Whether the total lacks this channel for want of an input or of a figure: the video
    /// has it (it is not opt-in, or the user named it), but its amount needs an input that was
    /// not given, or the table prices nothing for the creator, so the total is not all the
    /// video earns as described.
    pub fn missing_from_total(&self) -> bool {
        matches!(self.status, Status::NeedsInput | Status::Unpriced) && (!self.opt_in || self.named)
    }

    /// Whether the total leaves out a channel the video has: one `missing_from_total`, or one
    /// the user named that a threshold keeps from the creator (LIVE gifts for a 17-year-old)
    /// or that is not open where they are (affiliate in Canada).
    pub fn left_out(&self) -> bool {
        self.missing_from_total() || (self.named && self.status.keeps_out())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Estimate<'t> {
    pub input: ResolvedInput<'t>,
    pub channels: Vec<ChannelEstimate<'t>>,
    pub total: Range,
}

/// "not offered to creators in region mx (only in us, gb, and closed to new creators
/// everywhere since 2023-02-20)".
fn not_offered(
    f: &mut fmt::Formatter<'_>,
    region: &str,
    offered: &[String],
    closed: Option<&Closure>,
) -> fmt::Result {
    write!(f, "not offered to creators in region {region} (only in ")?;
    for (i, code) in offered.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        f.write_str(code)?;
    }
    match closed {
        Some(c) if c.new_creators_only => {
            write!(f, ", and closed to new creators everywhere since {})", c.on)
        }
        Some(c) => write!(f, ", and closed everywhere since {})", c.on),
        None => f.write_str(")"),
    }
}

impl<'t> Estimate<'t> {
    /// The ids of the channels the video has that the total leaves out (see
    /// [`ChannelEstimate::left_out`]): none when the total is all the video earns as described.
    pub fn total_leaves_out(&self) -> impl Iterator<Item = &'t str> + '_ {
        (self.channels.iter())
            .filter(|c| c.left_out())
            .map(|c| c.id)
    }

    /// The channels an input of their own prices (diamonds, sales) that the total leaves out
    /// for not being named (LIVE gifts without `--with gifts`), though they could count: the
    /// input given would otherwise read as worth nothing.
    pub fn priced_not_named(&self) -> impl Iterator<Item = &ChannelEstimate<'t>> {
        self.channels.iter().filter(move |c| {
            c.basis.own_input()
                && quantity(c.basis, &self.input).is_some_and(|q| q > 0)
                && c.opt_in
                && !c.named
                && matches!(c.status, Status::Eligible | Status::Assumed)
        })
    }
}

/// Why no estimate could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EstimateError {
    #[error("unknown region '{}' for {flag}", .name.given)]
    UnknownRegion {
        /// The flag (or column) that gave it: --region, --country or --audience.
        flag: &'static str,
        /// Boxed: the rarest error need not make every estimate's result larger.
        name: Box<UnknownName>,
    },
    #[error("unknown currency '{}' for --currency", .0.given)]
    UnknownCurrency(UnknownName),
    #[error("unknown niche '{}' for --niche", .0.given)]
    UnknownNiche(UnknownName),
    #[error("--niche was given but the rate table has no niche factor")]
    NoNicheFactor,
    #[error("--engagement was given but the rate table has no engagement factor")]
    NoEngagementFactor,
    #[error("--qualified-share is {0}: it must be between 0 and 1")]
    ShareOutOfRange(Decimal),
    #[error(
        "the qualified share {share} has {} decimal places, more than these rates' figures leave room for ({room}) to multiply exactly",
        share.scale()
    )]
    ShareTooLong { share: Decimal, room: u32 },
    #[error("--engagement is {0}: it must be between 0 and 100 percent")]
    EngagementOutOfRange(Decimal),
    #[error("unknown channel '{}'", .0.given)]
    UnknownChannel(UnknownName),
    #[error("unknown channel '{}' for --with", .0.given)]
    UnknownWith(UnknownName),
    #[error("--with names '{id}', which is not opt-in: it counts whenever it is eligible")]
    NotOptIn { id: String, opt_in: Vec<String> },
    #[error("--with names '{0}', which is paid by the month, not by a video")]
    PaidByMonth(String),
    #[error("channel '{0}' is switched off in the rate table (enabled = false)")]
    DisabledChannel(String),
    #[error("{channel}: {source}")]
    OutOfRange { channel: String, source: OutOfRange },
    #[error("age {age} {}", under_the_youngest(*min_age))]
    TooYoung { age: u64, min_age: u64 },
    #[error("age {age} {}", over_the_oldest(*max_age))]
    TooOld { age: u64, max_age: u64 },
    /// What was sold, not an amount of the currency `code`: `message` says why; `owners` are
    /// the currencies whose sign it was written with, when it is another's.
    #[error("--sales {message}")]
    Sales {
        message: String,
        code: String,
        owners: Vec<String>,
    },
}

/// What an age under the account minimum is, after the age itself.
pub(crate) fn under_the_youngest(min_age: u64) -> String {
    format!(
        "is under {min_age}, the youngest a TikTok account holder may be (the rate table's \
         [account] min_age)"
    )
}

/// What an age over the table's maximum is, after the age itself.
pub(crate) fn over_the_oldest(max_age: u64) -> String {
    format!("is over {max_age}, the oldest the rate table takes ([account] max_age)")
}

impl EstimateError {
    /// A second line telling the user what would work.
    pub fn hint(&self) -> String {
        match self {
            EstimateError::UnknownRegion { name, .. } => name.hint(),
            EstimateError::UnknownCurrency(name)
            | EstimateError::UnknownNiche(name)
            | EstimateError::UnknownChannel(name)
            | EstimateError::UnknownWith(name) => name.hint(),
            EstimateError::NotOptIn { opt_in, .. } if opt_in.is_empty() => {
                "drop --with: the rate table has no opt-in channel".into()
            }
            EstimateError::NotOptIn { opt_in, .. } => {
                format!("--with takes the opt-in channels: {}", opt_in.join(", "))
            }
            EstimateError::NoNicheFactor => {
                "drop --niche, or add a [[factor]] with keyed_by = \"niche\" to the rates file".into()
            }
            EstimateError::NoEngagementFactor => {
                "drop --engagement, or add a [[factor]] with keyed_by = \"engagement\" to the rates file"
                    .into()
            }
            EstimateError::ShareOutOfRange(_) => "give a share like 0.45 or 45%".into(),
            EstimateError::ShareTooLong { room, .. } => {
                format!("give the share to at most {room} decimal places")
            }
            EstimateError::EngagementOutOfRange(_) => "give a share like 6% or 0.06".into(),
            EstimateError::TooYoung { .. } => "check the creator's age in years: under it, TikTok offers only a separate experience for younger users, which no programme pays (`earn rates` shows the source)".into(),
            EstimateError::TooOld { .. } => "give the creator's age in whole years, like 22, not a year of birth".into(),
            EstimateError::PaidByMonth(_) => {
                "estimate an account's month with `earn month` (--subscribers N for subscriptions)"
                    .into()
            }
            EstimateError::DisabledChannel(id) => {
                format!("set enabled = true for '{id}' in the rates file, or leave it out")
            }
            EstimateError::Sales { owners, code, .. } => match owners.as_slice() {
                [] => format!("give what the product links sold in {code}, the amounts' currency"),
                [code] => format!("or give the currency whose sign it is: --currency {code}"),
                codes => format!(
                    "or give the currency it is in: --currency {}",
                    codes.join(", --currency ")
                ),
            },
            EstimateError::OutOfRange { .. } => {
                "estimate fewer views, diamonds or followers (or less in sales), or check the rates file's figures".into()
            }
        }
    }
}

/// Estimates one video.
pub fn estimate<'t>(table: &'t RateTable, input: &Input) -> Result<Estimate<'t>, EstimateError> {
    estimate_resolved(table, resolve(table, input)?)
}

/// Estimates one video from an input already resolved against `table`.
pub fn estimate_resolved<'t>(
    table: &'t RateTable,
    input: ResolvedInput<'t>,
) -> Result<Estimate<'t>, EstimateError> {
    let mut channels = Vec::new();
    let total = Plan::new(table, &input, false).fill(&input, &mut channels)?;
    Ok(Estimate {
        input,
        channels,
        total,
    })
}

/// The table's default region, with the regions whose creators spend `code`, when amounts in
/// `code` are for a creator who does not: the default region spends another currency, and some
/// region (where TikTok can be used) spends this one. A creator priced in the default region
/// only because no region was given is then probably not the one meant.
pub fn currency_elsewhere<'t>(
    table: &'t RateTable,
    code: &str,
) -> Option<(&'t Region, Vec<&'t Region>)> {
    let home = table.region(&table.default_region)?;
    if code == table.currency || home.currency.as_deref() == Some(code) {
        return None;
    }
    let spent: Vec<&Region> = table
        .regions
        .iter()
        .filter(|r| r.currency.as_deref() == Some(code) && r.unavailable.is_none())
        .collect();
    (!spent.is_empty()).then_some((home, spent))
}

/// The people TikTok says come to it each month (the table's `[platform]`), when `views` are
/// more than that. Views count replays, so a video may pass it; a count far beyond it is more
/// likely a slip of the keyboard, which its amounts would follow into the trillions.
pub fn beyond_platform(table: &RateTable, views: u64) -> Option<u64> {
    table
        .platform
        .as_ref()
        .map(|p| p.monthly_people)
        .filter(|&people| views > people)
}

/// An input that only some channels use, which a rates file may leave none of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Used {
    Diamonds,
    Sales,
    Subscribers,
    Niche,
    Engagement,
    QualifiedShare,
    Length,
}

impl Used {
    const ALL: [Used; 7] = [
        Used::Diamonds,
        Used::Sales,
        Used::Subscribers,
        Used::Niche,
        Used::Engagement,
        Used::QualifiedShare,
        Used::Length,
    ];

    /// Whether `input` gives it.
    pub fn given(self, input: &Input) -> bool {
        match self {
            Used::Diamonds => input.diamonds.is_some(),
            Used::Sales => input.sales.is_some(),
            Used::Subscribers => input.subscribers.is_some(),
            Used::Niche => input.niche.is_some(),
            Used::Engagement => input.engagement.is_some(),
            Used::QualifiedShare => input.qualified_share.is_some(),
            Used::Length => input.length.is_some(),
        }
    }

    /// Its key, as a batch column has it: `diamonds`, `qualified_share`.
    pub fn key(self) -> &'static str {
        match self {
            Used::Diamonds => Basis::Diamonds.key(),
            Used::Sales => Basis::Sales.key(),
            Used::Subscribers => Basis::Subscribers.key(),
            Used::Niche => FactorInput::Niche.key(),
            Used::Engagement => FactorInput::Engagement.key(),
            Used::QualifiedShare => QUALIFIED_SHARE,
            Used::Length => "length",
        }
    }

    /// What a channel must have to use it: "is paid on diamonds", "is priced by niche".
    pub fn by(self) -> String {
        match self {
            Used::Diamonds | Used::Sales | Used::Subscribers => {
                format!("is paid on {}", self.key())
            }
            Used::Niche | Used::Engagement => format!("is priced by {}", self.key()),
            Used::QualifiedShare => "counts a qualified share of views".to_string(),
            Used::Length => "has a video length threshold".to_string(),
        }
    }

    /// The warning for a flag that gives it where the channels that would use it are
    /// unavailable to the creator (`names`).
    pub fn flag_not_used_here(self, names: &[&str]) -> String {
        let lines = if names.len() == 1 {
            "its reasons"
        } else {
            "their reasons"
        };
        format!(
            "--{} is not used: no channel open to this creator {} ({} unavailable: see {lines})",
            self.key().replace('_', "-"),
            self.by(),
            crate::text::and_list(names)
        )
    }

    /// The warning for a flag that gives it where no channel uses it.
    pub fn flag_not_used(self) -> String {
        format!(
            "--{} is not used: no channel the rates switch on {} (`earn rates` lists the channels)",
            self.key().replace('_', "-"),
            self.by()
        )
    }

    fn used_by(self, table: &RateTable, channel: &Channel) -> bool {
        let priced_by = |input: FactorInput| {
            (channel.factors.iter())
                .filter_map(|id| table.factor(id))
                .any(|factor| factor.keyed_by == input)
        };
        match self {
            Used::Diamonds => channel.basis == Basis::Diamonds,
            Used::Sales => channel.basis == Basis::Sales,
            Used::Subscribers => channel.basis == Basis::Subscribers,
            Used::Niche => priced_by(FactorInput::Niche),
            Used::Engagement => priced_by(FactorInput::Engagement),
            Used::QualifiedShare => channel.qualified_share.is_some(),
            Used::Length => {
                let eligibility = &channel.eligibility;
                eligibility.video_over.is_some()
                    || eligibility.overrides.iter().any(|o| o.video_over.is_some())
            }
        }
    }
}

/// The inputs no channel the table switches on uses: a rates file switched their channels off
/// or left them out, so the amounts cannot use them.
pub fn unusable(table: &RateTable) -> Vec<Used> {
    (Used::ALL.into_iter())
        .filter(|used| !table.enabled_channels().any(|c| used.used_by(table, c)))
        .collect()
}

/// Of the inputs `input` gives that a channel of the table uses, those whose every such channel
/// is unavailable to the creator (Creator Rewards, not offered in Italy, for `--niche`), given
/// the `channels` of their estimate (or month) by id, name and status: each with the names of
/// those channels. Not where TikTok itself is unavailable (`banned`), which every line says.
pub fn unused_here<'t>(
    table: &RateTable,
    input: &Input,
    banned: bool,
    channels: &[(&str, &'t str, Status)],
) -> Vec<(Used, Vec<&'t str>)> {
    if banned {
        return Vec::new();
    }
    let table_wide = unusable(table);
    let users = |used: Used| {
        (channels.iter())
            .filter(move |(id, ..)| table.channel(id).is_some_and(|c| used.used_by(table, c)))
    };
    (Used::ALL.into_iter())
        .filter(|used| used.given(input) && !table_wide.contains(used))
        .filter(|&used| {
            let mut users = users(used).peekable();
            users.peek().is_some() && users.all(|&(.., status)| status == Status::Unavailable)
        })
        .map(|used| (used, users(used).map(|&(_, name, _)| name).collect()))
        .collect()
}

/// Of the [`unusable`] inputs, those `input` gives.
pub fn unused_inputs(table: &RateTable, input: &Input) -> Vec<Used> {
    unusable(table)
        .into_iter()
        .filter(|used| used.given(input))
        .collect()
}

/// The region given by code or alias (with the flag that gave it), or the table's default
/// region. Its code is the table's own, so that one region is always one pointer (a batch's
/// estimator tells situations apart by it).
fn resolve_region<'t>(
    table: &'t RateTable,
    given: Option<(&'static str, &str)>,
) -> Result<&'t Region, EstimateError> {
    // Validation makes sure the default region is one of the table's.
    let (flag, code) = given.unwrap_or(("--region", &table.default_region));
    table
        .region(code)
        .ok_or_else(|| EstimateError::UnknownRegion {
            flag,
            name: Box::new(table.unknown_region(code)),
        })
}

/// The currency given by code (in any case), or the table's own, and how to convert to it.
pub fn resolve_currency<'t>(
    table: &'t RateTable,
    given: Option<&str>,
) -> Result<Conversion<'t>, EstimateError> {
    let fx = &table.fx;
    let lookup = |code: &str| {
        fx.currency(code)
            .ok_or_else(|| EstimateError::UnknownCurrency(fx.unknown(code)))
    };
    // Validation makes sure the table's own currency is in the set.
    let own = lookup(&table.currency)?;
    let wanted = match given {
        Some(code) => lookup(code)?,
        None => own,
    };
    Ok(Conversion {
        code: &wanted.code,
        unit: wanted.unit(),
        rate: (wanted.code != own.code).then_some(FxRate {
            from_per_base: own.per_base,
            to_per_base: wanted.per_base,
        }),
        asked: given.is_some(),
    })
}

/// The currencies of the table (codes, in lower case) whose sign or code is `sign`, when it is
/// not the sign of `unit`, the amounts' currency: who an amount written with it is in.
pub fn sign_owners(table: &RateTable, sign: Option<&str>, unit: Unit) -> Vec<String> {
    sign.filter(|&sign| sign != unit.symbol())
        .map(|sign| {
            table
                .fx
                .currencies
                .iter()
                .filter(|c| c.unit().symbol() == sign || c.code.eq_ignore_ascii_case(sign))
                .map(|c| c.code.to_ascii_lowercase())
                .collect()
        })
        .unwrap_or_default()
}

/// Checks the input against the table: the region, niche and currency exist, the share and
/// engagement are in range.
pub fn resolve<'t>(
    table: &'t RateTable,
    input: &Input,
) -> Result<ResolvedInput<'t>, EstimateError> {
    resolve_with(table, input, None)
}

/// As [`resolve`], but with the currency already resolved when `currency` is given (a batch
/// resolves it once for every row), and `input.currency` then not read.
pub fn resolve_with<'t>(
    table: &'t RateTable,
    input: &Input,
    currency: Option<Conversion<'t>>,
) -> Result<ResolvedInput<'t>, EstimateError> {
    plausible_age(table, input.age)?;
    // Each place stands for the other when only one is given.
    let (country, audience) = places(
        table,
        input.region.as_deref(),
        input.country.as_deref(),
        input.audience.as_deref(),
    )?;
    let ban = ban(country, Side::Country).or_else(|| ban(audience, Side::Audience));
    let (country, audience) = (country.code.as_str(), audience.code.as_str());
    let with = resolve_with_channels(table, &input.with)?;
    let currency = match currency {
        Some(currency) => currency,
        None => resolve_currency(table, input.currency.as_deref())?,
    };
    let niche = input
        .niche
        .as_ref()
        .map(|given| resolve_niche(table, given))
        .transpose()?;
    let sales = input
        .sales
        .as_ref()
        .map(|sales| {
            let owners = sign_owners(table, sales.sign(), currency.unit);
            sales
                .in_unit_or_zero(currency.unit, currency.code, |_| !owners.is_empty())
                .map_err(|message| EstimateError::Sales {
                    message,
                    code: currency.code.to_string(),
                    owners,
                })
        })
        .transpose()?;
    if let Some(share) = input.qualified_share {
        if share.is_negative() || share > Decimal::ONE {
            return Err(EstimateError::ShareOutOfRange(share));
        }
        if share.scale() > table.share_places {
            return Err(EstimateError::ShareTooLong {
                share,
                room: table.share_places,
            });
        }
    }
    if let Some(engagement) = input.engagement {
        if engagement.is_negative() || engagement > Decimal::from_int(100) {
            return Err(EstimateError::EngagementOutOfRange(engagement));
        }
        if !table
            .factors
            .iter()
            .any(|f| f.keyed_by == FactorInput::Engagement)
        {
            return Err(EstimateError::NoEngagementFactor);
        }
    }
    Ok(ResolvedInput {
        views: input.views,
        followers: input.followers,
        country,
        audience,
        ban,
        age: input.age,
        views_30d: input.views_30d,
        length: input.length,
        diamonds: input.diamonds,
        sales,
        subscribers: input.subscribers,
        qualified_share: input.qualified_share,
        niche,
        engagement: input.engagement,
        currency,
        with,
    })
}

/// The creator's country and the audience's region: each as given, or the one given of the
/// two (or `--region`) for both, or the table's default region.
pub fn places<'t>(
    table: &'t RateTable,
    region: Option<&str>,
    country: Option<&str>,
    audience: Option<&str>,
) -> Result<(&'t Region, &'t Region), EstimateError> {
    let region = region.map(|r| ("--region", r));
    // A region both places override is not used, but a name no region has is still wrong.
    if country.is_some() && audience.is_some() && region.is_some() {
        resolve_region(table, region)?;
    }
    let country = country
        .map(|c| ("--country", c))
        .or(region)
        .or(audience.map(|a| ("--audience", a)));
    let audience = audience.map(|a| ("--audience", a)).or(region).or(country);
    let found = resolve_region(table, country)?;
    // Nearly always one place given for both, the same text: it is looked up once.
    let same = match (country, audience) {
        (Some((_, c)), Some((_, a))) => c == a,
        (c, a) => c.is_none() && a.is_none(),
    };
    Ok((
        found,
        if same {
            found
        } else {
            resolve_region(table, audience)?
        },
    ))
}

/// TikTok's unavailability in a region, if the table records it.
pub(crate) fn ban(region: &Region, side: Side) -> Option<Ban<'_>> {
    Some(Ban {
        region,
        unavailable: region.unavailable.as_ref()?,
        side,
    })
}

/// Refuses an age below the youngest a TikTok account holder may be, or above the oldest the
/// table takes (a year of birth, more likely than years).
pub fn plausible_age(table: &RateTable, age: Option<u64>) -> Result<(), EstimateError> {
    let Account {
        min_age, max_age, ..
    } = table.account;
    match (age, max_age) {
        (Some(age), _) if age < min_age => Err(EstimateError::TooYoung { age, min_age }),
        (Some(age), Some(max_age)) if age > max_age => Err(EstimateError::TooOld { age, max_age }),
        _ => Ok(()),
    }
}

/// The opt-in channels named with `--with`, as a set; any other name is an error.
pub fn resolve_with_channels(
    table: &RateTable,
    given: &[Cow<'_, str>],
) -> Result<ChannelSet, EstimateError> {
    let mut set = ChannelSet::default();
    let opt_in = || -> Vec<String> {
        table
            .video_channels()
            .filter(|c| c.opt_in.is_some())
            .map(|c| c.id.clone())
            .collect()
    };
    for name in given {
        let id = name.trim().to_ascii_lowercase();
        let found = table.video_channels().enumerate().find(|(_, c)| c.id == id);
        match found {
            Some((i, channel)) if channel.opt_in.is_some() => set = set.with(i),
            Some(_) => {
                return Err(EstimateError::NotOptIn {
                    id,
                    opt_in: opt_in(),
                });
            }
            None if table.channels.iter().any(|c| c.id == id && !c.enabled) => {
                return Err(EstimateError::DisabledChannel(id));
            }
            None if table.monthly_channels().any(|c| c.id == id) => {
                return Err(EstimateError::PaidByMonth(id));
            }
            None => {
                let valid = opt_in();
                return Err(EstimateError::UnknownWith(UnknownName {
                    kind: "opt-in channels",
                    given: name.to_string(),
                    suggestion: did_you_mean(name, names(valid.iter().map(String::as_str)))
                        .map(str::to_string)
                        .or_else(|| described_by(table, name)),
                    valid,
                    otherwise: None,
                }));
            }
        }
    }
    Ok(set)
}

/// The one opt-in channel that a word of `given` describes: a word of its name (of four
/// letters or more: `live` for LIVE gifts), or of five or more of its opt-in text (`brand` for
/// a sponsorship), that no other channel's name or text has (`creator`, `video`).
fn described_by(table: &RateTable, given: &str) -> Option<String> {
    let words = |text: &str, least: usize| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= least)
            .map(str::to_lowercase)
            .collect()
    };
    let own = |c: &Channel| {
        let text = c.opt_in.as_deref().unwrap_or_default();
        [words(&c.name, 4), words(text, 5)].concat()
    };
    let asked = words(given, 4);
    let describes = |c: &Channel, word: &String| {
        own(c).contains(word)
            && !(table.enabled_channels())
                .filter(|other| other.id != c.id)
                .any(|other| own(other).contains(word))
    };
    let mut found = (table.video_channels())
        .filter(|c| c.opt_in.is_some())
        .filter(|c| asked.iter().any(|word| describes(c, word)));
    match (found.next(), found.next()) {
        (Some(channel), None) => Some(channel.id.clone()),
        _ => None,
    }
}

/// A niche must be an entry of every niche factor in the table; it is given as the first such
/// factor spells it.
fn resolve_niche<'t>(table: &'t RateTable, given: &str) -> Result<&'t str, EstimateError> {
    let niche = given.to_lowercase();
    let mut spelt = None;
    let mut niche_factors = table
        .factors
        .iter()
        .filter(|f| f.keyed_by == FactorInput::Niche)
        .peekable();
    if niche_factors.peek().is_none() {
        return Err(EstimateError::NoNicheFactor);
    }
    for factor in niche_factors {
        let Some(entry) = factor.entry(&niche) else {
            let keys: Vec<&str> = factor.entries.iter().map(|e| e.key.as_str()).collect();
            return Err(EstimateError::UnknownNiche(UnknownName {
                kind: "niches",
                given: given.to_string(),
                suggestion: did_you_mean(given, names(keys.iter().copied())).map(str::to_string),
                valid: keys.iter().map(|k| (*k).to_string()).collect(),
                otherwise: None,
            }));
        };
        spelt.get_or_insert(entry.key.as_str());
    }
    // At least one niche factor was found above, so the niche has a spelling.
    Ok(spelt.unwrap_or_default())
}

/// The weakest grade of the figures this estimate multiplies: the rate, the table's qualified
/// share (unless the user gave their own), the exchange rates (when converting), and each
/// factor whose entry is not the neutral one.
pub fn grade(table: &RateTable, channel: &Channel, input: &ResolvedInput) -> Option<Grade> {
    // `None` as soon as one figure used is ungraded.
    let mut weakest = channel.rate.grade?;
    if let (Some(share), None) = (&channel.qualified_share, input.qualified_share) {
        weakest = weakest.max(share.grade?);
    }
    if input.currency.rate.is_some() && channel.basis != Basis::Sales {
        weakest = weakest.max(table.fx.grade?);
    }
    for factor in channel.factors.iter().filter_map(|id| table.factor(id)) {
        // The entry that applies, or `None` when it is the neutral one (which changes nothing).
        let used = match factor.keyed_by {
            FactorInput::Region => {
                (input.audience != table.default_region).then(|| factor.entry(input.audience))
            }
            FactorInput::Niche => input
                .niche
                .filter(|n| Some(*n) != factor.neutral.as_deref())
                .map(|n| factor.entry(n)),
            FactorInput::Engagement => {
                let band = input.engagement.and_then(|p| factor.band(p));
                band.filter(|b| Some(&b.key) != factor.neutral.as_ref())
                    .map(Some)
            }
            // A figure that follows the creator's country is a figure of its own there.
            FactorInput::Country => (factor.neutral.as_deref() != Some(input.country))
                .then(|| factor.entry(input.country)),
        };
        if let Some(entry) = used {
            // Each entry carries its own grade (the factor's, unless a user file set it).
            weakest = weakest.max(entry.map_or(factor.grade, |e| e.grade)?);
        }
    }
    Some(weakest)
}

/// The channel's status and the reasons for it, which do not depend on the views.
pub fn eligibility<'t>(
    channel: &'t Channel,
    input: &ResolvedInput<'t>,
) -> (Status, Vec<Reason<'t>>) {
    let mut reasons = Vec::new();
    let status = Gate::of(channel, input).status(channel.basis, input, &mut reasons);
    (status, reasons)
}

/// What the creator's country (and the audience's region) decides about a channel's status:
/// whether TikTok is there at all, whether the channel is offered there, closed there, or open
/// with the thresholds that apply there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gate<'t> {
    Banned(Ban<'t>),
    /// Offered only in these regions.
    NotOffered(&'t [String], Option<&'t Closure>),
    /// Closed on this date.
    Closed {
        on: &'t str,
        new_creators_only: bool,
    },
    /// Open to the creator, but paying only on viewers in the creator's own region, which the
    /// audience is not in.
    AwayAudience,
    /// Open with these thresholds; with the regions whose thresholds a source states, when
    /// this one is not among them (its thresholds are then assumed to be theirs).
    Open(Thresholds, Option<&'t [String]>),
}

impl<'t> Gate<'t> {
    pub(crate) fn of(channel: &'t Channel, input: &ResolvedInput<'t>) -> Gate<'t> {
        Gate::at(channel, input.ban, input.country, input.audience)
    }

    /// The gate for a creator in `region` whose viewers are in `audience`, where `ban` says
    /// whether TikTok is unavailable to either.
    pub(crate) fn at(
        channel: &'t Channel,
        ban: Option<Ban<'t>>,
        region: &'t str,
        audience: &str,
    ) -> Gate<'t> {
        if let Some(ban) = ban {
            return Gate::Banned(ban);
        }
        let availability = &channel.availability;
        if !availability.offered_in(region) {
            return Gate::NotOffered(
                availability.regions.as_deref().unwrap_or_default(),
                availability.closed_everywhere(),
            );
        }
        if let Some(closure) = availability.closed_in(region) {
            return Gate::Closed {
                on: &closure.on,
                new_creators_only: closure.new_creators_only,
            };
        }
        if availability.home_audience_only && audience != region {
            return Gate::AwayAudience;
        }
        let eligibility = &channel.eligibility;
        Gate::Open(
            eligibility.for_region(region),
            eligibility.assumed_in(region),
        )
    }

    /// The status of a channel of this `basis` for `input`, whose region this gate is for;
    /// the reasons for it are added to `reasons`.
    ///
    /// A batch asks this for every channel of every row, and the compiler keeps it a call
    /// unless told.
    #[expect(
        clippy::inline_always,
        reason = "inlined into the plan's fill, a batch row costs about 115 fewer instructions"
    )]
    #[inline(always)]
    pub(crate) fn status(
        &self,
        basis: Basis,
        input: &ResolvedInput<'t>,
        reasons: &mut Vec<Reason<'t>>,
    ) -> Status {
        let region = input.country;
        let (thresholds, assumed) = match *self {
            Gate::Banned(ban) => {
                reasons.push(Reason::Banned(ban));
                return Status::Unavailable;
            }
            Gate::NotOffered(offered, closed) => {
                reasons.push(Reason::NotOffered {
                    region,
                    offered,
                    closed,
                });
                return Status::Unavailable;
            }
            Gate::Closed {
                on,
                new_creators_only,
            } => {
                reasons.push(Reason::Closed {
                    region,
                    on,
                    new_creators_only,
                });
                return Status::Closed;
            }
            Gate::AwayAudience => {
                reasons.push(Reason::AwayAudience {
                    region,
                    audience: input.audience,
                });
                return Status::Unavailable;
            }
            Gate::Open(thresholds, assumed) => (thresholds, assumed),
        };
        // One pass: thresholds not given are assumed, until one given is unmet; then only
        // the unmet ones are reasons. A threshold known to be missed outranks a missing input:
        // the creator is told what blocks the channel, not asked for a figure it cannot use.
        let before = reasons.len();
        let mut unmet = false;
        for check in checks(thresholds, input.profile()) {
            match check.met() {
                Some(false) => {
                    if !unmet {
                        reasons.truncate(before);
                        unmet = true;
                    }
                    reasons.push(Reason::Below(check));
                }
                None if !unmet => reasons.push(Reason::Assumed(check)),
                _ => {}
            }
        }
        if !unmet {
            if let Some(flag) = missing_input(basis, input) {
                reasons.truncate(before);
                reasons.push(Reason::NeedsInput { flag, basis });
                return Status::NeedsInput;
            }
        }
        // Thresholds no source states for the region are assumed to be those it states
        // elsewhere: met, they make the channel assumed, not eligible.
        if let Some(known) = assumed {
            reasons.push(Reason::AssumedRule { region, known });
        }
        if unmet {
            Status::Ineligible
        } else if reasons.len() > before {
            Status::Assumed
        } else {
            Status::Eligible
        }
    }
}

/// The terms of one channel's product, low and high: quantity ÷ per × share × rate × factors.
/// `explain` shows these same terms, so the arithmetic shown is the arithmetic done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms<'t> {
    pub basis: Basis,
    pub quantity: u64,
    pub per: u64,
    /// The least quantity (after the qualified share) a video must reach to earn at all.
    pub min_quantity: Option<u64>,
    /// The rate, then the qualified share (if any), then each factor, in order.
    pub multipliers: Vec<Multiplier<'t>>,
    /// The currency's unit, which the amount is rounded to.
    pub unit: Unit,
    /// The exchange rate, when the amount is converted from the table's currency.
    pub fx: Option<FxRate>,
}

/// One term of a product: what it is (`rate`, `qualified_share`, a factor id), which entry was
/// used (the basis; `table` or `input` for the share; a region code, niche or band), and its
/// low and high figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Multiplier<'t> {
    /// Borrowed from the table (or static), so that building the terms allocates only the list.
    pub name: &'t str,
    pub key: &'t str,
    pub low: Decimal,
    pub high: Decimal,
}

impl Terms<'_> {
    /// The quantity after the qualified share, rounded down: what a per-video minimum is
    /// compared with. `pick` chooses the low or the high share.
    pub fn counted_quantity(&self, pick: fn(&Multiplier) -> Decimal) -> u64 {
        counted(self.quantity, self.share(pick))
    }

    /// The qualified share's low or high figure; 1 for a channel without one.
    pub(crate) fn share(&self, pick: fn(&Multiplier) -> Decimal) -> Decimal {
        self.multipliers
            .iter()
            .find(|m| m.name == QUALIFIED_SHARE)
            .map_or(Decimal::ONE, pick)
    }
}

/// `quantity × share`, rounded down.
pub(crate) fn counted(quantity: u64, share: Decimal) -> u64 {
    if share == Decimal::ONE {
        return quantity;
    }
    // A share is at most 1 with at most 9 decimal places, so neither product overflows in
    // u128, and most fit in u64, where division is several times quicker.
    let (mantissa, scale) = (share.unsigned_mantissa(), share.scale());
    let narrow = u64::try_from(mantissa)
        .ok()
        .and_then(|m| quantity.checked_mul(m))
        .zip(u64_power_of_ten(scale));
    if let Some((scaled, power)) = narrow {
        return scaled / power;
    }
    let counted = u128::from(quantity) * mantissa / 10_u128.pow(scale);
    u64::try_from(counted).unwrap_or(u64::MAX)
}

impl Terms<'_> {
    /// One bound of the amount, `pick` choosing the low or the high figure of every term: the
    /// quantity ÷ per × each term (× the exchange rate), rounded once to the currency's minor
    /// unit; nothing below the per-video minimum.
    pub fn amount(&self, pick: fn(&Multiplier) -> Decimal) -> Result<Money, OutOfRange> {
        if self.counted_quantity(pick) < self.min_quantity.unwrap_or(0) {
            return Ok(Money::zero(self.unit));
        }
        self.scale(pick).apply(self.quantity)
    }

    /// 1 ÷ per, each term (and the exchange rate): one unit of the quantity, as exact fractions.
    pub(crate) fn parts(
        &self,
        pick: fn(&Multiplier) -> Decimal,
    ) -> impl Iterator<Item = (u128, u128)> + Clone + '_ {
        let fx = self
            .fx
            .into_iter()
            .flat_map(|fx| [part(fx.to_per_base), inverse(fx.from_per_base)]);
        // Sales are counted in minor units (cents), and priced per so many major ones.
        let minor = match self.basis {
            Basis::Sales => self.unit.minor_per_major(),
            _ => 1,
        };
        std::iter::once((1, u128::from(self.per.max(1)) * u128::from(minor)))
            .chain(self.multipliers.iter().map(move |m| part(pick(m))))
            .chain(fx)
    }

    /// The product of [`Terms::parts`], exactly, unrounded.
    pub(crate) fn product(&self, pick: fn(&Multiplier) -> Decimal) -> Product {
        Product::of(self.parts(pick))
    }

    /// The product of [`Terms::parts`], set up to price quantities.
    pub(crate) fn scale(&self, pick: fn(&Multiplier) -> Decimal) -> Scale {
        Scale::of(self.parts(pick), self.unit)
    }
}

/// The name of the qualified-share term among a channel's multipliers.
pub const QUALIFIED_SHARE: &str = "qualified_share";

/// The terms of a channel whose basis input is present.
pub fn terms<'t>(
    table: &'t RateTable,
    channel: &'t Channel,
    input: &ResolvedInput<'t>,
) -> Option<Terms<'t>> {
    let quantity = quantity(channel.basis, input)?;
    Some(Terms {
        quantity,
        ..figures(table, channel, input)?
    })
}

/// The flag of the input a channel of this basis is paid on, when it was not given.
fn missing_input(basis: Basis, input: &ResolvedInput) -> Option<&'static str> {
    match basis {
        Basis::Diamonds if input.diamonds.is_none() => Some("--diamonds"),
        Basis::Sales if input.sales.is_none() => Some("--sales"),
        Basis::Posts if input.followers.is_none() => Some("--followers"),
        Basis::Subscribers if input.subscribers.is_none() => Some("--subscribers"),
        _ => None,
    }
}

/// The quantity a channel of this basis is paid for, if it was given.
pub(crate) fn quantity(basis: Basis, input: &ResolvedInput) -> Option<u64> {
    match basis {
        Basis::Views | Basis::QualifiedViews => Some(input.views),
        Basis::Diamonds => input.diamonds,
        // In the currency's minor units: the terms divide them back (see `Terms::parts`).
        Basis::Sales => input.sales.map(Money::minor),
        // One post, priced by the account's tier: without followers there is no tier.
        Basis::Posts => input.followers.map(|_| 1),
        Basis::Subscribers => input.subscribers,
    }
}

/// The rate term of a channel: its rate, or for a fee per post the fee of the account's tier
/// (`None` without followers, below the first tier, or past the exact range).
pub(crate) fn rate_term<'t>(channel: &'t Channel, input: &ResolvedInput) -> Option<Multiplier<'t>> {
    if channel.basis != Basis::Posts {
        return Some(Multiplier {
            name: "rate",
            key: channel.basis.key(),
            low: channel.rate.low?,
            high: channel.rate.high?,
        });
    }
    let followers = input.followers?;
    let tier = channel.tier(followers)?;
    Some(Multiplier {
        name: "rate",
        key: &tier.id,
        low: tier.low_for(followers)?,
        high: tier.high_for(followers)?,
    })
}

/// The terms of a channel for a quantity of 0: everything but the video's own counts.
/// `None` when a factor has no entry for the input, or there is no rate for it.
pub(crate) fn figures<'t>(
    table: &'t RateTable,
    channel: &'t Channel,
    input: &ResolvedInput<'t>,
) -> Option<Terms<'t>> {
    figures_at(
        table,
        channel,
        &channel.factors,
        input,
        rate_term(channel, input)?,
    )
}

/// [`figures`] with the rate term and the factors given (a cross-check has its own).
pub(crate) fn figures_at<'t>(
    table: &'t RateTable,
    channel: &'t Channel,
    factors: &'t [String],
    input: &ResolvedInput<'t>,
    rate: Multiplier<'t>,
) -> Option<Terms<'t>> {
    let mut multipliers = Vec::with_capacity(2 + factors.len());
    multipliers.push(rate);
    if let Some(share) = &channel.qualified_share {
        let (key, low, high) = match input.qualified_share {
            Some(given) => ("input", given, given),
            None => ("table", share.low, share.high),
        };
        multipliers.push(Multiplier {
            name: QUALIFIED_SHARE,
            key,
            low,
            high,
        });
    }
    for id in factors {
        let factor = table.factor(id)?;
        let entry = match factor.keyed_by {
            FactorInput::Region => factor.entry(input.audience),
            FactorInput::Niche => factor.entry(input.niche.or(factor.neutral.as_deref())?),
            FactorInput::Engagement => match input.engagement {
                Some(percent) => factor.band(percent),
                None => factor.entry(factor.neutral.as_deref()?),
            },
            FactorInput::Country => factor.entry(input.country),
        }?;
        // An account short of what the high needs gets the low at both ends.
        let high = if high_lowered(factor, input.profile()) {
            entry.low
        } else {
            entry.high
        };
        multipliers.push(Multiplier {
            name: &factor.id,
            key: &entry.key,
            low: entry.low,
            high,
        });
    }
    Some(Terms {
        basis: channel.basis,
        quantity: 0,
        per: channel.rate.per(),
        min_quantity: channel.rate.min_quantity,
        multipliers,
        unit: input.currency.unit,
        // Sales are given in the amounts' currency, and a commission is a share of them: no
        // exchange rate stands between the two.
        fx: input
            .currency
            .rate
            .filter(|_| channel.basis != Basis::Sales),
    })
}

/// The thresholds a factor's high needs, checked against the profile.
fn high_checks(factor: &Factor, profile: Profile) -> impl Iterator<Item = Check> + Clone {
    let thresholds = factor
        .high_needs
        .as_ref()
        .map(HighNeeds::thresholds)
        .unwrap_or_default();
    checks(thresholds, profile)
}

/// Whether the profile is known to fall short of what a factor's high needs, which then gives
/// way to the low.
pub(crate) fn high_lowered(factor: &Factor, profile: Profile) -> bool {
    high_checks(factor, profile).any(|check| check.met() == Some(false))
}

/// What a channel's high takes from the profile: for each of its factors whose high the
/// account is known to fall short of, the thresholds it misses; for the others, those whose
/// input was not given, which the high assumes (unless every account meets them).
pub(crate) fn lowered_highs<'t>(
    factors: impl IntoIterator<Item = &'t Factor>,
    profile: Profile,
) -> impl Iterator<Item = Reason<'t>> {
    factors.into_iter().filter_map(move |factor| {
        let lowered = high_lowered(factor, profile);
        let mut said = high_checks(factor, profile).filter(move |check| match check.met() {
            Some(met) => lowered && !met,
            None => !lowered && check.needed > 0,
        });
        Some(Reason::HighNeeds {
            factor: &factor.name,
            first: said.next()?,
            second: said.next(),
        })
    })
}

/// The sum of the amounts that count.
fn total(channels: &[ChannelEstimate], unit: Unit) -> Result<Range, EstimateError> {
    // Summed as plain minor units, all in `unit`: passing a `Money`, and its unit, through
    // every partial sum cost more than the additions, once per channel of every row of a batch.
    let minor = |money: Money| {
        debug_assert_eq!(money.unit(), unit, "amounts of one currency only");
        money.minor()
    };
    let sum = channels
        .iter()
        .filter(|c| c.in_total)
        .filter_map(|c| c.amount)
        .try_fold((0_u64, 0_u64), |(low, high), amount| {
            Some((
                low.checked_add(minor(amount.low))?,
                high.checked_add(minor(amount.high))?,
            ))
        });
    sum.map(|(low, high)| Range {
        low: Money::from_minor(low, unit),
        high: Money::from_minor(high, unit),
    })
    .ok_or_else(|| EstimateError::OutOfRange {
        channel: "total".to_string(),
        source: OutOfRange::TooLarge(unit),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rates::{self, Layer};

    fn table() -> &'static RateTable {
        rates::built_in_for_tests()
    }

    fn with(text: &str) -> RateTable {
        rates::load(Some(Layer {
            origin: "test.toml",
            text,
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_currency_the_default_region_does_not_spend_names_who_does() {
        let codes = |code: &str| {
            currency_elsewhere(table(), code).map(|(home, spent)| {
                let spent: Vec<&str> = spent.iter().map(|r| r.code.as_str()).collect();
                (home.code.as_str(), spent)
            })
        };
        assert_eq!(codes("CAD"), Some(("us", vec!["ca"])));
        assert_eq!(codes("EUR"), Some(("us", vec!["de", "fr", "es", "it"])));
        // The table's own currency, and one no region where TikTok works spends (India's).
        assert_eq!(codes("USD"), None);
        assert_eq!(codes("INR"), None);
    }

    fn views(n: u64) -> Input<'static> {
        Input {
            views: n,
            ..Input::default()
        }
    }

    fn channel<'a>(estimate: &'a Estimate<'_>, id: &str) -> &'a ChannelEstimate<'a> {
        estimate.channels.iter().find(|c| c.id == id).unwrap()
    }

    fn dollars(cents: u64) -> Money {
        Money::from_cents(cents * 100)
    }

    /// A factor's high that needs followers and views says so where they are short (only
    /// what is short: the high is lowered) or not given (what the high assumes), and one that
    /// needs none (a file's 0) never does.
    #[test]
    fn a_high_that_needs_followers_and_views_says_what_it_takes() {
        let reasons =
            |table: &RateTable, followers: Option<u64>, views_30d: Option<u64>| -> Vec<String> {
                let share = table.factor("subscription_share").unwrap();
                let profile = Profile {
                    followers,
                    views_30d,
                    ..Profile::default()
                };
                lowered_highs([share], profile)
                    .map(|r| r.to_string())
                    .collect()
            };
        let lowered = |followers: Option<u64>, views_30d: Option<u64>| {
            let profile = Profile {
                followers,
                views_30d,
                ..Profile::default()
            };
            high_lowered(table().factor("subscription_share").unwrap(), profile)
        };
        assert!(lowered(Some(9_999), None) && lowered(None, Some(99_999)));
        assert!(!lowered(Some(10_000), Some(100_000)) && !lowered(None, None));
        let met = (Some(10_000), Some(100_000));
        assert_eq!(reasons(table(), met.0, met.1), Vec::<String>::new());
        assert_eq!(
            reasons(table(), Some(9_999), met.1),
            [
                "Subscription creator share at its low at both ends: its high needs 10,000 \
              followers, has 9,999"
            ]
        );
        // Short of the views, the followers unknown: the high is lowered for the views alone.
        assert_eq!(
            reasons(table(), None, Some(60_000)),
            [
                "Subscription creator share at its low at both ends: its high needs 100,000 \
              views in the last 30 days, has 60,000"
            ]
        );
        assert_eq!(
            reasons(table(), None, None),
            [
                "high assumes 10,000 followers and 100,000 views in the last 30 days, which the \
              Subscription creator share's high needs: pass --followers and --views-30d to check"
            ]
        );
        assert_eq!(
            reasons(table(), Some(2_400), Some(36_000)),
            [
                "Subscription creator share at its low at both ends: its high needs 10,000 \
              followers, has 2,400, and 100,000 views in the last 30 days, has 36,000"
            ]
        );
        assert_eq!(
            reasons(table(), Some(12_000), None),
            [
                "high assumes 100,000 views in the last 30 days, which the Subscription creator \
              share's high needs: pass --views-30d to check"
            ]
        );
        let open = with(
            "[[factor]]\nid = \"subscription_share\"\n\
             high_needs = { min_followers = 0, min_views_30d = 0 }\n",
        );
        assert_eq!(reasons(&open, None, None), Vec::<String>::new());
        assert_eq!(reasons(&open, Some(0), Some(0)), Vec::<String>::new());
    }

    /// Affiliate's thresholds are TikTok's US rules: a German creator who meets them is
    /// assumed eligible, and told whose rules they are; one who misses them is still told so.
    #[test]
    fn thresholds_stated_for_other_regions_are_assumed() {
        let status = |region: &str, followers: u64| {
            let input = Input {
                region: Some(region.into()),
                followers: Some(followers),
                age: Some(25),
                sales: crate::count::parse_amount("1000").ok(),
                with: vec!["affiliate".into()],
                ..views(300_000)
            };
            let estimate = estimate(table(), &input).unwrap();
            let affiliate = channel(&estimate, "affiliate");
            let reasons: Vec<String> = affiliate.reasons.iter().map(ToString::to_string).collect();
            (affiliate.status, reasons)
        };
        let assumed = "assumes the thresholds stated for us and th apply in region de".to_string();
        assert_eq!(status("us", 15_000), (Status::Eligible, vec![]));
        assert_eq!(
            status("de", 15_000),
            (Status::Assumed, vec![assumed.clone()])
        );
        assert_eq!(
            status("de", 500),
            (
                Status::Ineligible,
                vec!["needs 1,000 followers, has 500".to_string(), assumed]
            )
        );
        // A file that states the thresholds for Germany too.
        let table =
            with("[[channel]]\nid = \"affiliate\"\neligibility.known_in = [\"us\", \"de\"]\n");
        let input = Input {
            region: Some("de".into()),
            followers: Some(15_000),
            age: Some(25),
            sales: crate::count::parse_amount("1000").ok(),
            ..views(300_000)
        };
        let stated = estimate(&table, &input).unwrap();
        assert_eq!(channel(&stated, "affiliate").status, Status::Eligible);
        // An override states a region's own thresholds: they are not assumed there.
        let table = with(
            "[[channel]]\nid = \"affiliate\"\n[[channel.eligibility.override]]\nregions = [\"de\"]\nmin_followers = 5000\n",
        );
        let overridden = estimate(&table, &input).unwrap();
        assert_eq!(channel(&overridden, "affiliate").status, Status::Eligible);
    }

    #[test]
    fn million_views_in_the_us() {
        let e = estimate(table(), &views(1_000_000)).unwrap();
        let fund = channel(&e, "creator_fund");
        assert_eq!(fund.status, Status::Closed);
        assert_eq!(
            fund.amount,
            Some(Range {
                low: dollars(12),
                high: dollars(50)
            })
        );
        assert!(!fund.in_total);
        let rewards = channel(&e, "creator_rewards");
        // 1,000 × $0.40 × 0.30 and 1,000 × $1.00 × 0.90
        assert_eq!(rewards.amount.unwrap().low, dollars(120));
        assert_eq!(rewards.amount.unwrap().high, dollars(900));
        assert_eq!(rewards.status, Status::Assumed);
        assert!(rewards.in_total);
        // A fee per post cannot be priced without the account's followers.
        let sponsorship = channel(&e, "sponsorship");
        assert_eq!(sponsorship.status, Status::NeedsInput);
        assert_eq!(sponsorship.amount, None);
        assert_eq!(
            sponsorship.reasons[0].to_string(),
            "needs --followers: a fee per post is priced from the account's followers"
        );
        // Affiliate is shown, but an organic post has no product link that sells, and its
        // commission is priced only from the sales given.
        let affiliate = channel(&e, "affiliate");
        assert_eq!(affiliate.status, Status::NeedsInput);
        assert_eq!(affiliate.amount, None);
        assert!(affiliate.opt_in && !affiliate.named && !affiliate.in_total);
        assert_eq!(
            affiliate.reasons[0].to_string(),
            "needs --sales: it is a commission on what the video's product links sell"
        );
        assert_eq!(channel(&e, "gifts").status, Status::NeedsInput);
        assert_eq!(channel(&e, "gifts").amount, None);
        // What TikTok pays an organic post: Creator Rewards alone.
        assert_eq!((e.total.low, e.total.high), (dollars(120), dollars(900)));
    }

    /// A creator who cannot have a channel is told what blocks it, not asked for the input its
    /// amount needs: a 16-year-old is not asked for the diamonds of a LIVE they cannot host.
    #[test]
    fn a_threshold_missed_outranks_a_missing_input() {
        let mut input = views(50_000);
        input.age = Some(16);
        let e = estimate(table(), &input).unwrap();
        let gifts = channel(&e, "gifts");
        assert_eq!(gifts.status, Status::Ineligible);
        assert_eq!(gifts.amount, None, "no diamonds, no amount");
        let reasons: Vec<String> = gifts.reasons.iter().map(ToString::to_string).collect();
        assert_eq!(reasons, ["needs age 18+, has 16"]);
        // Old enough, with the followers not given: the input is still what is missing.
        input.age = Some(30);
        let e = estimate(table(), &input).unwrap();
        assert_eq!(channel(&e, "gifts").status, Status::NeedsInput);
    }

    #[test]
    fn a_brand_deal_is_a_fee_per_post_by_follower_tier_whatever_the_views() {
        let mut input = views(1_000_000);
        input.followers = Some(12_000);
        let fee = |input: &Input| {
            let e = estimate(table(), input).unwrap();
            let sponsorship = channel(&e, "sponsorship");
            assert_eq!(sponsorship.tier, Some("micro"));
            assert_eq!(sponsorship.basis, Basis::Posts);
            sponsorship.amount.unwrap()
        };
        // The micro tier's quarter cent to a cent per follower: $30-$120 for 12,000.
        let million = fee(&input);
        assert_eq!((million.low, million.high), (dollars(30), dollars(120)));
        for n in [1_000, 10_000_000, 0] {
            input.views = n;
            assert_eq!(fee(&input), million, "{n} views");
        }
        // Tiers start where the table says: 50,000 followers is the mid tier, and a mega
        // account's fee is a quarter cent to a cent per follower.
        input.followers = Some(50_000);
        let e = estimate(table(), &input).unwrap();
        assert_eq!(channel(&e, "sponsorship").tier, Some("mid"));
        input.followers = Some(2_000_000);
        let e = estimate(table(), &input).unwrap();
        let mega = channel(&e, "sponsorship");
        assert_eq!(mega.tier, Some("mega"));
        assert_eq!(
            (mega.amount.unwrap().low, mega.amount.unwrap().high),
            (dollars(5_000), dollars(20_000))
        );
        // Below the first tier no fee is priced, though no rule keeps the account from a
        // brand deal: unpriced, with no tier, and saying where the tiers start.
        input.followers = Some(999);
        let e = estimate(table(), &input).unwrap();
        let none = channel(&e, "sponsorship");
        assert_eq!(none.status, Status::Unpriced);
        assert_eq!(none.tier, None);
        assert_eq!(none.amount, None);
        assert_eq!(
            none.reasons,
            [Reason::Unpriced {
                first: 1_000,
                have: 999
            }]
        );
        assert_eq!(
            none.reasons[0].to_string(),
            "no fee is priced below 1,000 followers, where the tiers start; has 999"
        );
        // Named, it is what the total lacks.
        input.with = vec!["sponsorship".into()];
        let e = estimate(table(), &input).unwrap();
        assert!(channel(&e, "sponsorship").missing_from_total());
        // A channel not open to the creator says that instead.
        input.region = Some("in".into());
        let e = estimate(table(), &input).unwrap();
        assert_eq!(channel(&e, "sponsorship").status, Status::Unavailable);
    }

    #[test]
    fn a_named_sponsorship_counts_and_leaves_creator_rewards_out() {
        let mut input = views(1_000_000);
        input.followers = Some(12_000);
        input.with = vec!["Sponsorship".into()];
        let e = estimate(table(), &input).unwrap();
        let sponsorship = channel(&e, "sponsorship");
        assert!(sponsorship.named && sponsorship.in_total);
        let rewards = channel(&e, "creator_rewards");
        assert!(!rewards.in_total);
        assert_eq!(
            rewards.reasons.last().unwrap().to_string(),
            "not counted: a sponsored video does not earn Creator Rewards (the video has Sponsorship)"
        );
        assert_eq!((e.total.low, e.total.high), (dollars(30), dollars(120)));
        // Named but not priceable (no followers, so no tier): the video is still sponsored,
        // so Creator Rewards is still left out; the fee needs --followers to count.
        input.followers = None;
        let e = estimate(table(), &input).unwrap();
        let sponsorship = channel(&e, "sponsorship");
        assert_eq!(sponsorship.status, Status::NeedsInput);
        assert!(!sponsorship.in_total);
        assert!(!channel(&e, "creator_rewards").in_total);
        assert_eq!((e.total.low, e.total.high), (dollars(0), dollars(0)));
    }

    #[test]
    fn with_takes_only_opt_in_channels() {
        let mut input = views(1);
        input.with = vec!["creator_rewards".into()];
        let err = estimate(table(), &input).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--with names 'creator_rewards', which is not opt-in: it counts whenever it is eligible"
        );
        assert_eq!(
            err.hint(),
            "--with takes the opt-in channels: sponsorship, affiliate, gifts"
        );
        input.with = vec!["sponsorhip".into()];
        let err = estimate(table(), &input).unwrap_err();
        assert!(
            err.hint().starts_with("did you mean 'sponsorship'?"),
            "{}",
            err.hint()
        );
    }

    #[test]
    fn creator_rewards_needs_a_video_over_a_minute() {
        let mut input = views(1_000_000);
        for (seconds, status) in [
            (45, Status::Ineligible),
            (60, Status::Ineligible),
            (61, Status::Assumed),
        ] {
            input.length = Some(seconds);
            let e = estimate(table(), &input).unwrap();
            let rewards = channel(&e, "creator_rewards");
            assert_eq!(rewards.status, status, "{seconds}s");
            assert_eq!(rewards.in_total, status == Status::Assumed);
        }
        input.length = Some(45);
        let e = estimate(table(), &input).unwrap();
        assert_eq!(
            channel(&e, "creator_rewards").reasons[0].to_string(),
            "needs a video over 1 minute, has 45 seconds"
        );
        assert_eq!(e.total, Range::zero(Unit::DOLLARS));
    }

    #[test]
    fn in_india_nothing_is_available() {
        let mut input = views(1_000_000);
        input.region = Some("in".into());
        input.followers = Some(50_000);
        input.diamonds = Some(1_000);
        input.with = vec!["sponsorship".into(), "gifts".into()];
        let e = estimate(table(), &input).unwrap();
        for c in &e.channels {
            assert_eq!(c.status, Status::Unavailable, "{}", c.id);
            assert_eq!(c.amount, None, "{}", c.id);
            assert_eq!(
                c.reasons[0].to_string(),
                "TikTok is unavailable in India since 2020-06-29: banned by India's government"
            );
        }
        assert_eq!(e.total, Range::zero(Unit::DOLLARS));
        // An audience there is no audience at all.
        input.region = None;
        input.country = Some("us".into());
        input.audience = Some("in".into());
        let e = estimate(table(), &input).unwrap();
        assert!(
            channel(&e, "creator_rewards").reasons[0]
                .to_string()
                .starts_with("no audience in India:")
        );
    }

    #[test]
    fn the_country_decides_programmes_and_the_audience_the_rate() {
        let mut input = views(1_000_000);
        input.country = Some("us".into());
        input.audience = Some("gb".into());
        let e = estimate(table(), &input).unwrap();
        assert_eq!((e.input.country, e.input.audience), ("us", "gb"));
        // Offered to a US creator, at the UK rate: 1,000 × $0.40 × 0.30 × 0.70 = $84.00.
        let rewards = channel(&e, "creator_rewards");
        assert_eq!(rewards.status, Status::Assumed);
        assert_eq!(rewards.amount.unwrap().low, dollars(84));
        // A creator in Italy cannot join it, whatever the audience.
        input.country = Some("it".into());
        input.audience = Some("us".into());
        let e = estimate(table(), &input).unwrap();
        assert_eq!(channel(&e, "creator_rewards").status, Status::Unavailable);
        assert_eq!(
            channel(&e, "creator_rewards").reasons[0].to_string(),
            "not offered to creators in region it (only in us, gb, de, fr, jp, kr, br, mx)"
        );
        // One given stands for both.
        input.country = Some("gb".into());
        input.audience = None;
        let e = estimate(table(), &input).unwrap();
        assert_eq!(e.input.audience, "gb");
        let mut input = views(1);
        input.country = Some("zz".into());
        assert_eq!(
            estimate(table(), &input).unwrap_err().to_string(),
            "unknown region 'zz' for --country"
        );
    }

    #[test]
    fn thresholds_are_inclusive_and_each_unmet_one_is_a_reason() {
        let t = table();
        let mut input = views(1_000_000);
        input.followers = Some(10_000);
        input.age = Some(18);
        input.views_30d = Some(100_000);
        input.length = Some(61);
        let e = estimate(t, &input).unwrap();
        assert_eq!(channel(&e, "creator_rewards").status, Status::Eligible);
        assert!(channel(&e, "creator_rewards").reasons.is_empty());

        input.followers = Some(9_999);
        input.age = Some(17);
        let e = estimate(t, &input).unwrap();
        let rewards = channel(&e, "creator_rewards");
        assert_eq!(rewards.status, Status::Ineligible);
        let reasons: Vec<String> = rewards.reasons.iter().map(ToString::to_string).collect();
        assert_eq!(
            reasons,
            ["needs age 18+, has 17", "needs 10,000 followers, has 9,999"]
        );
        assert!(
            rewards.amount.is_some(),
            "ineligible channels still show their figure"
        );
        assert!(!rewards.in_total);
    }

    #[test]
    fn counted_rounds_down_in_both_widths() {
        let share = |text: &str| text.parse::<Decimal>().unwrap();
        assert_eq!(counted(1000, share("0.455")), 455);
        assert_eq!(counted(999, share("0.001")), 0);
        assert_eq!(counted(12_345, Decimal::ONE), 12_345);
        assert_eq!(counted(12_345, Decimal::ZERO), 0);
        // Past u64 before the division: the wide path, exactly.
        assert_eq!(counted(u64::MAX, share("0.5")), u64::MAX / 2);
        assert_eq!(
            counted(u64::MAX, share("0.999999999")),
            18_446_744_055_262_807_541
        );
    }

    #[test]
    fn every_status_is_at_its_index() {
        for (i, status) in Status::ALL.iter().enumerate() {
            assert_eq!(status.index(), i, "{status:?}");
        }
    }

    #[test]
    fn reasons_are_equal_by_content_not_by_pointer() {
        let (a, b) = (String::from("jp"), String::from("jp"));
        let offered = [String::from("us"), String::from("gb")];
        let copied = offered.clone();
        let not_offered = |region, offered| Reason::NotOffered {
            region,
            offered,
            closed: None,
        };
        assert_eq!(not_offered(&a, &offered), not_offered(&b, &copied));
        assert_ne!(not_offered(&a, &offered), not_offered(&a, &copied[..1]));
        assert_ne!(not_offered(&a, &offered), not_offered("kr", &offered));
        let closed = |region, on| Reason::Closed {
            region,
            on,
            new_creators_only: false,
        };
        assert_eq!(closed(&a, "2023-12-16"), closed(&b, "2023-12-16"));
        assert_ne!(closed(&a, "2023-12-16"), closed(&a, "2023-12-17"));
        assert_ne!(closed(&a, "2023-12-16"), not_offered(&a, &offered));
        let check = Check {
            requirement: Requirement::Followers,
            needed: 10_000,
            have: Some(9_999),
        };
        assert_eq!(Reason::Below(check), Reason::Below(check));
        assert_ne!(Reason::Below(check), Reason::Assumed(check));
        let counted = |group, counted| Reason::NotCounted { group, counted };
        assert_eq!(counted(&a, "x"), counted(&b, "x"));
        assert_ne!(counted(&a, "x"), counted(&a, "y"));
    }

    #[test]
    fn an_unmet_reason_is_its_opening_and_the_count() {
        for (requirement, needed, have, text) in [
            (
                Requirement::Followers,
                10_000,
                9_999,
                "needs 10,000 followers, has 9,999",
            ),
            (Requirement::Age, 18, 17, "needs age 18+, has 17"),
            (
                Requirement::Views30d,
                100_000,
                1_234,
                "needs 100,000 views in the last 30 days, has 1,234",
            ),
        ] {
            let check = Check {
                requirement,
                needed,
                have: Some(have),
            };
            assert_eq!(Reason::Below(check).to_string(), text);
        }
    }

    #[test]
    fn unmet_beats_assumed() {
        let mut input = views(1000);
        input.followers = Some(500);
        let e = estimate(table(), &input).unwrap();
        let affiliate = channel(&e, "affiliate");
        assert_eq!(affiliate.status, Status::Ineligible);
        assert_eq!(
            affiliate.reasons.len(),
            1,
            "only the unmet threshold is a reason"
        );
    }

    #[test]
    fn region_precedes_closure_and_closure_precedes_inputs() {
        let mut input = views(1000);
        input.region = Some("jp".into());
        let e = estimate(table(), &input).unwrap();
        let fund = channel(&e, "creator_fund");
        assert_eq!(fund.status, Status::Unavailable);
        assert_eq!(fund.amount, None);
        assert_eq!(
            fund.reasons[0].to_string(),
            "not offered to creators in region jp (only in us, gb, de, fr, it, es, and closed \
             to new creators everywhere since 2023-02-20)",
            "what it was elsewhere is closed too, so that the list is not read as a way in"
        );
        // Open in Italy only to creators who joined before its successor launched: closed,
        // whatever the inputs.
        input.region = Some("it".into());
        input.age = Some(16);
        let e = estimate(table(), &input).unwrap();
        let fund = channel(&e, "creator_fund");
        assert_eq!(fund.status, Status::Closed);
        assert_eq!(
            fund.reasons[0].to_string(),
            "closed to new creators in region it since 2023-02-20"
        );
        assert!(!fund.in_total);
        input.region = Some("UK".into());
        let e = estimate(table(), &input).unwrap();
        assert_eq!(
            e.input.country, "gb",
            "aliases resolve to the canonical code"
        );
        assert_eq!(channel(&e, "creator_fund").status, Status::Closed);
    }

    #[test]
    fn a_regional_override_changes_one_threshold() {
        let mut input = views(1000);
        input.age = Some(18);
        input.region = Some("kr".into());
        let e = estimate(table(), &input).unwrap();
        let rewards = channel(&e, "creator_rewards");
        assert_eq!(rewards.status, Status::Ineligible);
        assert_eq!(rewards.reasons[0].to_string(), "needs age 19+, has 18");
    }

    #[test]
    fn factors_multiply_low_and_high() {
        let mut input = views(1_000_000);
        input.region = Some("gb".into());
        let e = estimate(table(), &input).unwrap();
        // 1,000 × $0.40 × 0.30 × 0.70 = $84.00; 1,000 × $1.00 × 0.90 × 0.90 = $810.00
        let rewards = channel(&e, "creator_rewards").amount.unwrap();
        assert_eq!((rewards.low, rewards.high), (dollars(84), dollars(810)));
        input.niche = Some("Tech".into());
        input.engagement = Some("6".parse().unwrap());
        let e = estimate(table(), &input).unwrap();
        assert_eq!(e.input.niche, Some("tech"));
        // × 1.5 (tech) × 1.5 (6%+ engagement)
        let rewards = channel(&e, "creator_rewards").amount.unwrap();
        assert_eq!(rewards.low, dollars(189));
        assert_eq!(rewards.high, Money::from_cents(182_250));
    }

    #[test]
    fn the_grade_is_the_weakest_figure_used() {
        let mut input = views(1000);
        input.region = Some("gb".into());
        let e = estimate(table(), &input).unwrap();
        assert_eq!(
            channel(&e, "creator_fund").grade,
            Some(Grade::D),
            "region ladder is D"
        );
        let t = with("[[channel]]\nid = \"affiliate\"\nrate = { high = 150 }\n");
        let e = estimate(&t, &views(1000)).unwrap();
        assert_eq!(channel(&e, "affiliate").grade, None, "an ungraded figure");
    }

    #[test]
    fn qualified_share_overrides_the_table() {
        let mut input = views(1_000_000);
        input.qualified_share = Some("0.5".parse().unwrap());
        let e = estimate(table(), &input).unwrap();
        let rewards = channel(&e, "creator_rewards").amount.unwrap();
        assert_eq!((rewards.low, rewards.high), (dollars(200), dollars(500)));
    }

    #[test]
    fn gifts_need_diamonds() {
        let mut input = views(0);
        input.diamonds = Some(1001);
        let e = estimate(table(), &input).unwrap();
        let gifts = channel(&e, "gifts");
        assert_eq!(gifts.status, Status::Assumed);
        // 1,001 × $0.005 = $5.005 → $5.01, rounded half away from zero, once.
        assert_eq!(gifts.amount.unwrap().low, Money::from_cents(501));
    }

    #[test]
    fn a_group_counts_only_its_largest_member() {
        let t = with(
            r#"
            [[channel]]
            id = "creator_fund"
            availability = { regions = ["us", "gb"], closed = { on = "2023-12-16", regions = ["gb"] } }
            "#,
        );
        let e = estimate(&t, &views(1_000_000)).unwrap();
        let fund = channel(&e, "creator_fund");
        assert_eq!(fund.status, Status::Assumed);
        assert!(!fund.in_total);
        assert_eq!(
            fund.reasons.last().unwrap().to_string(),
            "not counted: Creator Rewards counts instead (only one channel of TikTok's per-view payout counts)"
        );
        assert!(channel(&e, "creator_rewards").in_total);
    }

    #[test]
    fn a_tie_goes_to_the_first_in_table_order() {
        let t = with(
            r#"
            [[channel]]
            id = "creator_fund"
            factors = []
            availability = { regions = ["us", "gb"], closed = { on = "2023-12-16", regions = ["gb"] } }
            rate = { low = 1, high = 1 }
            [[channel]]
            id = "creator_rewards"
            factors = []
            rate = { low = 1, high = 1 }
            qualified_share = { low = 1, high = 1 }
            "#,
        );
        let e = estimate(&t, &views(1000)).unwrap();
        assert!(channel(&e, "creator_fund").in_total);
        assert!(!channel(&e, "creator_rewards").in_total);
    }

    #[test]
    fn a_total_too_large_for_its_unit_is_an_error() {
        // 10^18 views at $100 per 1,000 (and Creator Rewards at $100 per 1,000 of the 90% that
        // qualify): each channel's high figure, about 10^19 cents, fits in a u64, and the two
        // together do not.
        let t = with(
            "[[channel]]\nid = \"affiliate\"\nbasis = \"views\"\nrate = { per = 1000, low = 10, high = 100 }\n\
             [[channel]]\nid = \"creator_rewards\"\nrate = { per = 1000, low = 10, high = 100 }\n",
        );
        let mut input = views(1_000_000_000_000_000_000);
        input.with = vec!["affiliate".into()];
        let err = estimate(&t, &input).unwrap_err();
        assert!(
            matches!(&err, EstimateError::OutOfRange { channel, .. } if channel == "total"),
            "{err:?}"
        );
        // A tenth of the views fits.
        input.views = 100_000_000_000_000_000;
        assert!(estimate(&t, &input).is_ok());
    }

    #[test]
    fn total_is_the_sum_of_counted_channels() {
        let mut input = views(123_457);
        input.diamonds = Some(777);
        input.region = Some("br".into());
        let e = estimate(table(), &input).unwrap();
        let counted = e.channels.iter().filter(|c| c.in_total);
        let low: u64 = counted.clone().map(|c| c.amount.unwrap().low.minor()).sum();
        let high: u64 = counted.map(|c| c.amount.unwrap().high.minor()).sum();
        assert_eq!((e.total.low.minor(), e.total.high.minor()), (low, high));
    }

    #[test]
    fn a_closed_channel_without_its_basis_input_has_no_amount() {
        // (LIVE gifts off: one count of diamonds pays one channel.)
        let t = with(
            "[[channel]]\nid = \"creator_fund\"\nbasis = \"diamonds\"\nrate = { per = 1 }\n\
             [[channel]]\nid = \"gifts\"\nenabled = false\n",
        );
        let e = estimate(&t, &views(1_000_000)).unwrap();
        let fund = channel(&e, "creator_fund");
        assert_eq!(fund.status, Status::Closed);
        assert_eq!(fund.amount, None);
    }

    #[test]
    fn a_video_below_the_minimum_earns_nothing_for_that_bound() {
        // 2,000 views × 0.30 = 600 qualified views: under 1,000, so the low is $0; × 0.90 =
        // 1,800 qualifies: 2 × $1.00 × 0.90 = $1.80.
        let e = estimate(table(), &views(2000)).unwrap();
        let rewards = channel(&e, "creator_rewards");
        assert_eq!(rewards.amount.unwrap().low, Money::from_cents(0));
        assert_eq!(rewards.amount.unwrap().high, Money::from_cents(180));
        assert!(rewards.reasons.iter().any(|r| r.to_string()
            == "low is 0: a video needs 1,000 qualified views to earn, and at the low share this one has 600"));
        // Exactly at the minimum earns: 1,000 views at a share of 1.
        let mut input = views(1000);
        input.qualified_share = Some(Decimal::ONE);
        let e = estimate(table(), &input).unwrap();
        assert_eq!(
            channel(&e, "creator_rewards").amount.unwrap().low,
            Money::from_cents(40)
        );
        // One qualified view short earns nothing at all.
        input.views = 999;
        let e = estimate(table(), &input).unwrap();
        let rewards = channel(&e, "creator_rewards");
        assert_eq!(rewards.amount.unwrap().high, Money::from_cents(0));
        assert!(
            rewards
                .reasons
                .last()
                .unwrap()
                .to_string()
                .starts_with("earns nothing")
        );
    }

    #[test]
    fn disabled_channels_are_left_out() {
        let t = with("[[channel]]\nid = \"gifts\"\nenabled = false\n");
        let e = estimate(&t, &views(1)).unwrap();
        assert!(e.channels.iter().all(|c| c.id != "gifts"));
    }

    /// An opt-in channel asked for by a word that only it has: of its name, or of what it
    /// takes; a word shared with another channel, or too short to mean much, suggests none.
    #[test]
    fn a_word_of_one_opt_in_channel_suggests_it() {
        let table = rates::built_in_for_tests();
        for (word, id) in [
            ("live", Some("gifts")),
            ("LIVE", Some("gifts")),
            ("brand deal", Some("sponsorship")),
            ("product", Some("affiliate")),
            ("creator", None),
            ("creator-fund", None),
            ("video", None),
            ("paid", None),
            ("that", None),
        ] {
            assert_eq!(described_by(table, word).as_deref(), id, "{word}");
        }
    }

    #[test]
    fn unknown_names_are_errors_with_suggestions() {
        let mut input = views(1);
        input.region = Some("uss".into());
        let err = estimate(table(), &input).unwrap_err();
        assert_eq!(err.to_string(), "unknown region 'uss' for --region");
        assert!(
            err.hint()
                .starts_with("did you mean 'us'? valid regions: us (usa), gb (uk)")
        );
        let mut input = views(1);
        input.niche = Some("beuaty".into());
        let err = estimate(table(), &input).unwrap_err();
        assert!(err.hint().starts_with("did you mean 'beauty'?"));
    }

    #[test]
    fn overflow_is_reported_not_wrapped() {
        let t = with(
            "[[channel]]\nid = \"affiliate\"\nbasis = \"views\"\nrate = { per = 1, low = 999999999, high = 999999999 }\n",
        );
        let err = estimate(&t, &views(u64::MAX)).unwrap_err();
        assert!(matches!(err, EstimateError::OutOfRange { .. }), "{err}");
        assert!(err.to_string().contains("too large to compute exactly"));
    }
}
