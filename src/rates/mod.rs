//! The rate table: every figure earn uses, with its sources.
//!
//! A table is read from TOML in layers: the built-in `rates/default.toml`, then optionally a
//! user's file merged over it key by key (see `merge`). Each layer is read as the types below
//! for what it holds (see `parse` and `form`); the merged result is read into the typed
//! `RateTable` and checked as a whole (see `validate`); a table that fails is an error, never
//! partly used. The built-in table alone goes through the same reading when earn is built
//! (`build.rs`), which stores the result; a run without a user's file only decodes it.

mod form;
pub mod limits;
mod locate;
mod merge;
mod parse;
mod validate;

pub use validate::SHARE_PLACES;

use std::fmt;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::decimal::{Decimal, MAX_SCALE};
use crate::duration::format_duration;
use crate::suggest::{did_you_mean, did_you_mean_place};
use crate::unit::Unit;

/// Serde for a closed set of names (`ALL`, each with its `key`): its key in a rates file, its
/// place in the set in the compact form. `$what` completes "'likes' is not …", `$label` names
/// the set in the hint.
macro_rules! closed_set {
    ($type:ident, $what:literal, $label:literal) => {
        impl Serialize for $type {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                form::key(&$type::ALL, *self, $type::key, serializer)
            }
        }

        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<$type, D::Error> {
                form::one_of(deserializer, &$type::ALL, $type::key, $what, $label)
            }
        }
    };
}

/// The table compiled into the binary.
pub const BUILT_IN: &str = include_str!("../../rates/default.toml");
/// How the built-in table is named in messages.
pub const BUILT_IN_ORIGIN: &str = "built-in rate table";
/// The table format this program reads.
pub const SCHEMA_VERSION: u32 = 1;

/// A validated rate table, in the shape of a rates file. Its `Serialize` writes the file, and
/// its `Deserialize` reads one with each value's own checks (see `form`), but not the table as
/// a whole: read a table with [`load`], and write one with [`to_toml`] or [`to_value`]. In a
/// compact format they carry the table `build.rs` stores for the program (all of it but
/// `own_name`, which is the built-in table's: false).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateTable {
    #[serde(deserialize_with = "form::version")]
    pub schema_version: u32,
    #[serde(deserialize_with = "form::text")]
    pub name: String,
    #[serde(deserialize_with = "form::date")]
    pub as_of: String,
    pub default_region: String,
    /// The code of the currency the table's money figures are in; one of `fx`'s currencies.
    pub currency: String,
    #[serde(default)]
    pub notes: Option<String>,
    /// Whether a rates file gave the table a name of its own. Otherwise the name is the
    /// built-in table's, with the file it was changed by (`earn default rates with card.toml`),
    /// and a dump leaves it out, so that the file it becomes is named the same way.
    #[serde(skip)]
    pub own_name: bool,
    /// What the rates file that made the table should be told, though the table is valid: the
    /// built-in entries its lists leave out (`rates::load` sets it).
    #[serde(skip)]
    pub notices: Vec<String>,
    /// The most decimal places a qualified share given as input may have for every product of
    /// the figures to be worked out exactly: at least [`SHARE_PLACES`], which the loader makes
    /// room for (`rates::load` sets it, from [`RateTable::room_for_share`]).
    #[serde(skip)]
    pub share_places: u32,
    /// What TikTok asks of every account holder.
    pub account: Account,
    /// How many people TikTok reaches; `None` when a table does not say.
    #[serde(default)]
    pub platform: Option<Platform>,
    /// The exchange rates estimates are converted with.
    pub fx: Fx,
    #[serde(rename = "region")]
    #[serde(default)]
    pub regions: Vec<Region>,
    /// In table order.
    #[serde(rename = "milestone")]
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    #[serde(rename = "group")]
    #[serde(default)]
    pub groups: Vec<Group>,
    /// In display order, including disabled channels (`enabled` is false for those).
    #[serde(rename = "channel")]
    #[serde(default)]
    pub channels: Vec<Channel>,
    #[serde(rename = "factor")]
    #[serde(default)]
    pub factors: Vec<Factor>,
    /// Income streams the estimate leaves out, and why.
    #[serde(default)]
    pub unmodelled: Vec<Unmodelled>,
}

impl Serialize for RateTable {
    /// As a rates file has it, leaving out a name that is not the table's own (see
    /// `own_name`). A compact format gets every field.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let named = self.own_name || !serializer.is_human_readable();
        let mut table = serializer.serialize_struct("RateTable", 15)?;
        table.serialize_field("schema_version", &self.schema_version)?;
        if named {
            table.serialize_field("name", &self.name)?;
        }
        table.serialize_field("as_of", &self.as_of)?;
        table.serialize_field("default_region", &self.default_region)?;
        table.serialize_field("currency", &self.currency)?;
        table.serialize_field("notes", &self.notes)?;
        table.serialize_field("account", &self.account)?;
        table.serialize_field("platform", &self.platform)?;
        table.serialize_field("fx", &self.fx)?;
        table.serialize_field("region", &self.regions)?;
        table.serialize_field("milestone", &self.milestones)?;
        table.serialize_field("group", &self.groups)?;
        table.serialize_field("channel", &self.channels)?;
        table.serialize_field("factor", &self.factors)?;
        table.serialize_field("unmodelled", &self.unmodelled)?;
        table.end()
    }
}

/// Who can hold an account: an age below `min_age` (TikTok's) or above `max_age` (anyone's)
/// is not an input that can be true of a creator, and is refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    #[serde(deserialize_with = "form::count")]
    pub min_age: u64,
    /// Past it, an age is more likely a year of birth (`1995`) than years.
    #[serde(default, deserialize_with = "form::some_count")]
    pub max_age: Option<u64>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// How many people TikTok says come to it each month. Views count replays, so a video may
/// pass it, but a count of views far beyond it is more likely a slip: it is warned about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    #[serde(deserialize_with = "form::count")]
    pub monthly_people: u64,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// One dated set of exchange rates from one source: each currency's units per one unit of
/// `base` (a central bank's reference rates, say).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fx {
    pub base: String,
    #[serde(deserialize_with = "form::date")]
    pub as_of: String,
    #[serde(default)]
    pub grade: Option<Grade>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub sources: Vec<Source>,
    /// In table order.
    #[serde(rename = "currency")]
    #[serde(default)]
    pub currencies: Vec<Currency>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Currency {
    /// ISO 4217: three upper-case letters.
    pub code: String,
    #[serde(deserialize_with = "form::text")]
    pub name: String,
    /// What an amount is written with (`¥`), and the places of its smallest unit (0 for yen).
    #[serde(deserialize_with = "form::text")]
    pub symbol: String,
    #[serde(deserialize_with = "form::places")]
    pub decimals: u32,
    /// Units of this currency per one unit of the set's base.
    pub per_base: Decimal,
}

impl Currency {
    /// How amounts in the currency are written. Validation makes sure the symbol and places fit
    /// a `Unit`.
    pub fn unit(&self) -> Unit {
        Unit::new(&self.symbol, self.decimals).unwrap_or(Unit::DOLLARS)
    }
}

impl Fx {
    /// A currency by its code, in any case.
    pub fn currency(&self, code: &str) -> Option<&Currency> {
        self.currencies
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(code))
    }

    /// A currency the set does not have, with the codes it has and the nearest one.
    pub fn unknown(&self, given: &str) -> UnknownName {
        // "jpn" finds JPY by its code, "yen" by a word of its name that no other currency's
        // name has ("peso" names two), and "gpb" as the same letters in another order.
        let words = self.currencies.iter().flat_map(|c| {
            c.name
                .split_whitespace()
                .map(move |word| (word, c.code.as_str()))
        });
        let unique_words: Vec<(&str, &str)> = words
            .clone()
            .filter(|(word, _)| words.clone().filter(|(w, _)| w == word).count() == 1)
            .collect();
        let candidates = self
            .currencies
            .iter()
            .flat_map(|c| {
                [
                    (c.code.as_str(), c.code.as_str()),
                    (c.name.as_str(), c.code.as_str()),
                ]
            })
            .chain(unique_words);
        let sorted = |text: &str| {
            let mut letters: Vec<char> = text.to_ascii_uppercase().chars().collect();
            letters.sort_unstable();
            letters
        };
        let reordered = self
            .currencies
            .iter()
            .find(|c| sorted(&c.code) == sorted(given))
            .map(|c| c.code.clone());
        // "€" is the euro's sign and no other's; "$" may be several currencies'. A sign of
        // letters is told in any case ("rp").
        let signed: Vec<&Currency> = self
            .currencies
            .iter()
            .filter(|c| c.unit().symbol().eq_ignore_ascii_case(given.trim()))
            .collect();
        let by_sign = match signed.as_slice() {
            [one] => Some(one.code.clone()),
            _ => None,
        };
        UnknownName {
            kind: "currencies",
            given: given.to_string(),
            valid: self.currencies.iter().map(|c| c.code.clone()).collect(),
            suggestion: by_sign
                .or(reordered)
                .or_else(|| did_you_mean(given, candidates).map(str::to_string)),
            otherwise: None,
        }
    }
}

/// What a creator's followers, or a video's views, open up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    #[serde(deserialize_with = "form::identifier")]
    pub id: String,
    pub kind: MilestoneKind,
    #[serde(deserialize_with = "form::count")]
    pub at: u64,
    #[serde(deserialize_with = "form::text")]
    pub unlocks: String,
    /// Channels `unlocks` speaks of at a count that is not their threshold ("Creator Rewards
    /// on such a video runs to tens of dollars"): for a country where one is not open, the
    /// milestone says so, as it does for the channels it is the threshold of.
    #[serde(serialize_with = "form::unless_empty")]
    #[serde(default)]
    pub mentions: Vec<String>,
    #[serde(default)]
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MilestoneKind {
    /// The account's followers.
    Followers,
    /// One video's views.
    Views,
}

closed_set!(MilestoneKind, "a milestone kind", "kinds");

/// One of the counts of videos a month is given, besides its plain videos: those that are paid
/// brand deals, and those that carry a product link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthCount {
    Sponsored,
    Linked,
}

closed_set!(MonthCount, "a month's count of videos", "counts");

impl MonthCount {
    pub const ALL: [MonthCount; 2] = [MonthCount::Sponsored, MonthCount::Linked];

    /// As a rates file writes it.
    pub fn key(self) -> &'static str {
        match self {
            MonthCount::Sponsored => "sponsored",
            MonthCount::Linked => "linked",
        }
    }

    /// The flag of `earn month` that gives it (and the column of a roster of accounts).
    pub fn flag(self) -> &'static str {
        match self {
            MonthCount::Sponsored => "--sponsored",
            MonthCount::Linked => "--linked",
        }
    }
}

impl MilestoneKind {
    pub const ALL: [MilestoneKind; 2] = [MilestoneKind::Followers, MilestoneKind::Views];

    pub fn key(self) -> &'static str {
        match self {
            MilestoneKind::Followers => "followers",
            MilestoneKind::Views => "views",
        }
    }
}

/// An income stream that is not estimated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unmodelled {
    #[serde(deserialize_with = "form::identifier")]
    pub id: String,
    #[serde(deserialize_with = "form::text")]
    pub name: String,
    #[serde(deserialize_with = "form::text")]
    pub why: String,
    #[serde(default)]
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    #[serde(deserialize_with = "form::identifier")]
    pub code: String,
    #[serde(deserialize_with = "form::text")]
    pub name: String,
    #[serde(serialize_with = "form::unless_empty")]
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The currency a creator there spends (ISO 4217): an estimate for such a creator in
    /// another says how to see it in this one, when the exchange rates have it.
    #[serde(default, deserialize_with = "form::currency_code")]
    pub currency: Option<String>,
    /// Set when TikTok itself cannot be used there: no channel pays a creator in the region,
    /// and no audience watches from it.
    #[serde(default)]
    pub unavailable: Option<Unavailable>,
    /// Stands for every country no other region is: named to one who gives a country the
    /// table does not list.
    #[serde(serialize_with = "form::unless_false")]
    #[serde(default)]
    pub rest_of_world: bool,
}

/// TikTok is not available in a region, from a date, for a stated reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unavailable {
    #[serde(deserialize_with = "form::date")]
    pub since: String,
    /// Why, in a few words: "banned by India's government".
    #[serde(deserialize_with = "form::text")]
    pub why: String,
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// Channels of one exclusive group: only one of them counts in a total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    #[serde(deserialize_with = "form::identifier")]
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// What a channel's rate multiplies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The video's views.
    Views,
    /// The share of the video's views that qualify (see `Channel::qualified_share`).
    QualifiedViews,
    /// LIVE diamonds received, an input of their own.
    Diamonds,
    /// What the video's product links sold, an amount of the amounts' currency (no exchange
    /// rate applies to a share of it), as buyers paid it: an input of its own.
    Sales,
    /// One post: a fee for the video, priced by the account's follower tier
    /// (see `Channel::tiers`), whatever its views.
    Posts,
    /// Paying subscribers, each for a month: paid by the month, not by a video.
    Subscribers,
}

closed_set!(Basis, "a basis", "bases");

impl Basis {
    pub const ALL: [Basis; 6] = [
        Basis::Views,
        Basis::QualifiedViews,
        Basis::Diamonds,
        Basis::Sales,
        Basis::Posts,
        Basis::Subscribers,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Basis::Views => "views",
            Basis::QualifiedViews => "qualified_views",
            Basis::Diamonds => "diamonds",
            Basis::Sales => "sales",
            Basis::Posts => "posts",
            Basis::Subscribers => "subscribers",
        }
    }

    /// Units of the basis, in words: "views", "qualified views", "diamonds", "posts".
    pub fn plural(self) -> &'static str {
        match self {
            Basis::Views => "views",
            Basis::QualifiedViews => "qualified views",
            Basis::Diamonds => "diamonds",
            Basis::Sales => "units of sales",
            Basis::Posts => "posts",
            Basis::Subscribers => "subscribers",
        }
    }

    /// One unit of the basis, in words.
    pub fn unit(self) -> &'static str {
        match self {
            Basis::Views => "view",
            Basis::QualifiedViews => "qualified view",
            Basis::Diamonds => "diamond",
            Basis::Sales => "unit of sales",
            Basis::Posts => "post",
            Basis::Subscribers => "subscriber",
        }
    }

    /// How the channel is paid, in words: "paid per diamond", "paid on sales".
    pub fn paid(self) -> String {
        match self {
            Basis::Sales => "paid on sales".to_string(),
            basis => format!("paid per {}", basis.unit()),
        }
    }

    /// Whether the amount follows the video's views.
    pub fn per_view(self) -> bool {
        matches!(self, Basis::Views | Basis::QualifiedViews)
    }

    /// Whether what the channel is paid on is an input of its own (`--diamonds`, `--sales`),
    /// given for the video or, in a month, once for the whole month.
    pub fn own_input(self) -> bool {
        matches!(self, Basis::Diamonds | Basis::Sales)
    }

    /// Whether the channel pays by the month rather than by the video: it is estimated for
    /// an account's month (`earn month`), never for one video.
    pub fn monthly(self) -> bool {
        matches!(self, Basis::Subscribers)
    }
}

/// How strong the evidence behind a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grade {
    /// TikTok's own pages, or a TikTok spokesperson quoted by name or role.
    A,
    /// Reputable press, or research with a stated method.
    B,
    /// Vendor or agency data.
    C,
    /// Folklore: guides and calculators that cite no data.
    D,
}

impl Serialize for Grade {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        form::key(&Grade::ALL, *self, Grade::letter, serializer)
    }
}

impl<'de> Deserialize<'de> for Grade {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Grade, D::Error> {
        form::grade(deserializer)
    }
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::A, Grade::B, Grade::C, Grade::D];

    pub fn letter(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.letter())
    }
}

/// Where a figure comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    #[serde(deserialize_with = "form::text")]
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; absent only for figures a user file set without one.
    #[serde(default, deserialize_with = "form::some_date")]
    pub date: Option<String>,
    #[serde(default)]
    pub grade: Option<Grade>,
    #[serde(default)]
    pub note: Option<String>,
    /// For factor tables: the entries this source supports (empty: all of them).
    #[serde(serialize_with = "form::unless_empty")]
    #[serde(default)]
    pub keys: Vec<String>,
}

/// A low/high pair of exact figures, with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub low: Decimal,
    pub high: Decimal,
    /// `None` when a user file changed the figure without grading it.
    #[serde(default)]
    pub grade: Option<Grade>,
    #[serde(default)]
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    #[serde(deserialize_with = "form::channel_id")]
    pub id: String,
    #[serde(deserialize_with = "form::text")]
    pub name: String,
    #[serde(default = "form::yes")]
    pub enabled: bool,
    pub basis: Basis,
    #[serde(default)]
    pub group: Option<String>,
    /// Ids of the factors that apply, in order.
    #[serde(default)]
    pub factors: Vec<String>,
    #[serde(default)]
    pub notes: Option<String>,
    pub rate: Rate,
    /// For `Basis::QualifiedViews`: the share of views that qualify.
    #[serde(default)]
    pub qualified_share: Option<Figure>,
    #[serde(default)]
    pub eligibility: Eligibility,
    #[serde(default)]
    pub availability: Availability,
    /// Set for a channel that pays only when the creator does more than post (a brand deal,
    /// a product link, a LIVE): what that is, in words that follow "counts only when". Such
    /// a channel is shown but left out of the total unless the user names it.
    #[serde(default, deserialize_with = "form::some_text")]
    pub opt_in: Option<String>,
    /// For an opt-in channel paid by the video: which of a month's counts of videos gives the
    /// videos that have it. Without one, a month has no count of them and leaves it out.
    #[serde(default)]
    pub month_count: Option<MonthCount>,
    /// Channels that cannot pay the same video as this one, when this one counts.
    #[serde(serialize_with = "form::unless_empty")]
    #[serde(default)]
    pub excludes: Vec<Exclusion>,
    /// Another way of pricing the channel, shown beside the estimate but never counted.
    #[serde(default)]
    pub cross_check: Option<CrossCheck>,
}

/// What a channel pays: so much per `per` units of its basis, in the table's currency, or for
/// a fee per post, by the account's follower tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rate {
    /// `None` for a fee per post.
    #[serde(default, deserialize_with = "form::some_count")]
    pub per: Option<u64>,
    /// The least basis quantity (after the qualified share) one video must reach to earn at
    /// all; below it the channel pays nothing for that video.
    #[serde(default, deserialize_with = "form::some_count")]
    pub min_quantity: Option<u64>,
    /// `None` for a fee per post, whose tiers give the fees.
    #[serde(default)]
    pub low: Option<Decimal>,
    #[serde(default)]
    pub high: Option<Decimal>,
    /// The region whose market the figures come from, for a rate no region factor adapts
    /// (brand-deal fees quoted from one market for deals anywhere): an estimate for an
    /// audience elsewhere says so. It describes the figures, like their sources, and goes
    /// when a file replaces them.
    #[serde(default)]
    pub priced_in: Option<String>,
    /// What the amounts priced from the rate are not, which every estimate says beside them
    /// (a share of a price after fees no source gives: "before app-store and payment fees").
    /// It stays when a file replaces the figures, as what it says of them does; a file's own
    /// replaces it, and an empty one (`caveat = ""`) takes it away.
    #[serde(default, deserialize_with = "form::text_or_none")]
    pub caveat: Option<String>,
    /// `None` when a user file changed the figure without grading it.
    #[serde(default)]
    pub grade: Option<Grade>,
    /// For `Basis::Posts`: the fee per post by follower tier, lowest tier first.
    #[serde(rename = "tier", default, serialize_with = "form::unless_empty")]
    pub tiers: Vec<Tier>,
    #[serde(default)]
    pub sources: Vec<Source>,
}

impl Rate {
    /// How many units of the basis the rate is for: 1 for a fee per post.
    pub fn per(&self) -> u64 {
        self.per.unwrap_or(1)
    }
}

/// A number of followers, as a file gives it: a number, or the id of the followers milestone
/// that states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Followers {
    pub count: u64,
    pub milestone: Option<String>,
}

impl Serialize for Followers {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            return (self.count, &self.milestone).serialize(serializer);
        }
        match &self.milestone {
            Some(id) => serializer.serialize_str(id),
            None => serializer.serialize_u64(self.count),
        }
    }
}

/// A length of time in seconds, which a file writes as `1m` or `1h30m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seconds(pub u64);

impl Serialize for Seconds {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&format_duration(self.0))
        } else {
            serializer.serialize_u64(self.0)
        }
    }
}

/// A fee per post for accounts from `from` followers up to the next tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    #[serde(deserialize_with = "form::identifier")]
    pub id: String,
    pub from: Followers,
    /// The low fee: at least this, and so much per follower where that is more.
    pub low: Decimal,
    #[serde(default)]
    pub low_per_follower: Option<Decimal>,
    /// The high fee: fixed, or else `high_per_follower`; validation sees that one is set.
    #[serde(default)]
    pub high: Option<Decimal>,
    #[serde(default)]
    pub high_per_follower: Option<Decimal>,
}

/// The high fee of a tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ceiling {
    Fixed(Decimal),
    /// So much per follower of the account: it grows with the account within the tier.
    PerFollower(Decimal),
}

impl Tier {
    /// The followers an account needs to be in the tier.
    pub fn start(&self) -> u64 {
        self.from.count
    }

    pub fn ceiling(&self) -> Ceiling {
        match (self.high, self.high_per_follower) {
            (None, Some(rate)) => Ceiling::PerFollower(rate),
            (high, _) => Ceiling::Fixed(high.unwrap_or(Decimal::ZERO)),
        }
    }

    /// The fewest followers whose low fee is the `low_per_follower`, that being more than
    /// `low`; `None` without one, or past any account.
    pub fn grows_from(&self) -> Option<u64> {
        self.low.fewest_past(self.low_per_follower?)
    }

    /// Whether the low fee of an account of `followers` is its `low_per_follower`.
    pub fn grows_at(&self, followers: u64) -> bool {
        self.grows_from().is_some_and(|from| followers >= from)
    }

    /// The low fee for an account of `followers`; `None` past the exact range.
    pub fn low_for(&self, followers: u64) -> Option<Decimal> {
        match self.low_per_follower {
            Some(rate) if self.grows_at(followers) => {
                rate.checked_mul(Decimal::from_int(followers))
            }
            _ => Some(self.low),
        }
    }

    /// The high fee for an account of `followers`; `None` past the exact range.
    pub fn high_for(&self, followers: u64) -> Option<Decimal> {
        match self.ceiling() {
            Ceiling::Fixed(high) => Some(high),
            Ceiling::PerFollower(rate) => rate.checked_mul(Decimal::from_int(followers)),
        }
    }
}

/// A channel another leaves out of the total for the same video.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    #[serde(deserialize_with = "form::identifier")]
    pub channel: String,
    /// Why, in words that complete "not counted: ".
    #[serde(deserialize_with = "form::text")]
    pub why: String,
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// A second price for a channel, on another basis: shown for comparison, never counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossCheck {
    pub basis: Basis,
    /// Ids of the factors that apply to it, in order: its own when the table gives them, else
    /// the channel's (a price per view can follow the audience where a fee per post does not).
    #[serde(default)]
    pub factors: Vec<String>,
    #[serde(deserialize_with = "form::count")]
    pub per: u64,
    pub low: Decimal,
    pub high: Decimal,
    #[serde(default)]
    pub grade: Option<Grade>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub sources: Vec<Source>,
}

impl Channel {
    /// The place of the tier an account of `followers` is in: the last whose start it has
    /// reached.
    pub fn tier_index(&self, followers: u64) -> Option<usize> {
        self.rate.tiers.iter().rposition(|t| t.start() <= followers)
    }

    /// The tier an account of `followers` is in.
    pub fn tier(&self, followers: u64) -> Option<&Tier> {
        self.tier_index(followers).map(|i| &self.rate.tiers[i])
    }
}

/// Minimums a creator (or a video) must meet; an absent one does not apply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Thresholds {
    pub min_age: Option<u64>,
    pub min_followers: Option<u64>,
    pub min_views_30d: Option<u64>,
    /// The video must be longer than this many seconds.
    pub video_over: Option<u64>,
}

/// Who a channel pays: its thresholds, and where they differ by region.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    #[serde(default, deserialize_with = "form::some_count")]
    pub min_age: Option<u64>,
    #[serde(default)]
    pub min_followers: Option<Followers>,
    #[serde(default, deserialize_with = "form::some_count")]
    pub min_views_30d: Option<u64>,
    #[serde(default)]
    pub video_over: Option<Seconds>,
    /// The regions whose thresholds a source states; elsewhere the same are assumed, and a
    /// creator who meets them is `assumed`, not `eligible`. `None`: stated everywhere.
    #[serde(default)]
    pub known_in: Option<Vec<String>>,
    /// Regional exceptions; the first that lists a region replaces the thresholds it names.
    #[serde(serialize_with = "form::unless_empty")]
    #[serde(rename = "override")]
    #[serde(default)]
    pub overrides: Vec<Override>,
    #[serde(default)]
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub regions: Vec<String>,
    #[serde(default, deserialize_with = "form::some_count")]
    pub min_age: Option<u64>,
    #[serde(default)]
    pub min_followers: Option<Followers>,
    #[serde(default, deserialize_with = "form::some_count")]
    pub min_views_30d: Option<u64>,
    #[serde(default)]
    pub video_over: Option<Seconds>,
}

impl Thresholds {
    fn of(
        min_age: Option<u64>,
        min_followers: Option<&Followers>,
        min_views_30d: Option<u64>,
        video_over: Option<Seconds>,
    ) -> Thresholds {
        Thresholds {
            min_age,
            min_followers: min_followers.map(|f| f.count),
            min_views_30d,
            video_over: video_over.map(|s| s.0),
        }
    }
}

impl Override {
    /// The thresholds the override sets.
    pub fn thresholds(&self) -> Thresholds {
        Thresholds::of(
            self.min_age,
            self.min_followers.as_ref(),
            self.min_views_30d,
            self.video_over,
        )
    }
}

impl Eligibility {
    /// The thresholds that apply where no override does.
    pub fn thresholds(&self) -> Thresholds {
        Thresholds::of(
            self.min_age,
            self.min_followers.as_ref(),
            self.min_views_30d,
            self.video_over,
        )
    }

    /// The thresholds of each override, in table order.
    pub fn override_thresholds(&self) -> impl Iterator<Item = Thresholds> + '_ {
        self.overrides.iter().map(Override::thresholds)
    }

    fn override_in(&self, region: &str) -> Option<&Override> {
        self.overrides
            .iter()
            .find(|o| o.regions.iter().any(|r| same_key(r, region)))
    }

    /// The regions whose thresholds a source states, when `region` is not among them (nor
    /// given thresholds of its own by an override): its thresholds are then assumed to be
    /// theirs.
    pub fn assumed_in(&self, region: &str) -> Option<&[String]> {
        self.known_in
            .as_deref()
            .filter(|known| !known.iter().any(|code| same_key(code, region)))
            .filter(|_| self.override_in(region).is_none())
    }

    /// The thresholds that apply in `region`.
    pub fn for_region(&self, region: &str) -> Thresholds {
        let base = self.thresholds();
        match self.override_in(region).map(Override::thresholds) {
            Some(o) => Thresholds {
                min_age: o.min_age.or(base.min_age),
                min_followers: o.min_followers.or(base.min_followers),
                min_views_30d: o.min_views_30d.or(base.min_views_30d),
                video_over: o.video_over.or(base.video_over),
            },
            None => base,
        }
    }

    /// The followers threshold in `region`: an override's own when it sets the followers
    /// there, else the channel's.
    pub fn followers_in(&self, region: &str) -> Option<&Followers> {
        match self
            .override_in(region)
            .and_then(|o| o.min_followers.as_ref())
        {
            Some(own) => Some(own),
            None => self.min_followers.as_ref(),
        }
    }

    /// Every followers threshold: the channel's, then each override's.
    pub fn every_followers(&self) -> impl Iterator<Item = &Followers> {
        std::iter::once(&self.min_followers)
            .chain(self.overrides.iter().map(|o| &o.min_followers))
            .flatten()
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Availability {
    /// Where the channel exists; `None` means everywhere.
    #[serde(default)]
    pub regions: Option<Vec<String>>,
    /// In table order; where several apply to a region, see [`Availability::closed_in`].
    #[serde(serialize_with = "form::unless_empty")]
    #[serde(default, deserialize_with = "form::closures")]
    pub closed: Vec<Closure>,
    /// Pays only on viewers in the creator's own region: a shop that sells market by market.
    #[serde(serialize_with = "form::unless_false")]
    #[serde(default)]
    pub home_audience_only: bool,
    #[serde(default)]
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closure {
    #[serde(deserialize_with = "form::date")]
    pub on: String,
    /// Where it closed; `None` means everywhere.
    #[serde(default)]
    pub regions: Option<Vec<String>>,
    /// Closed to creators who had not joined by then; those already in may still be paid.
    #[serde(serialize_with = "form::unless_false")]
    #[serde(default)]
    pub new_creators_only: bool,
}

impl Availability {
    pub fn offered_in(&self, region: &str) -> bool {
        self.regions
            .as_ref()
            .is_none_or(|list| list.iter().any(|r| same_key(r, region)))
    }

    /// A closure of every region, if the channel has one: where it is not offered, what it
    /// was elsewhere is then closed too.
    pub fn closed_everywhere(&self) -> Option<&Closure> {
        let everywhere = || self.closed.iter().filter(|c| c.regions.is_none());
        // Closed to every creator says more than closed to new ones.
        everywhere()
            .find(|c| !c.new_creators_only)
            .or_else(|| everywhere().next())
    }

    /// How the channel closed in `region`, if it did: where several closures apply (a
    /// programme closed in some regions, then everywhere), a full closure before one to new
    /// creators, and of those the earliest, when it first closed so.
    pub fn closed_in(&self, region: &str) -> Option<&Closure> {
        self.closed
            .iter()
            .filter(|closure| {
                closure
                    .regions
                    .as_ref()
                    .is_none_or(|list| list.iter().any(|r| same_key(r, region)))
            })
            .min_by(|a, b| (a.new_creators_only, &a.on).cmp(&(b.new_creators_only, &b.on)))
    }
}

/// Whether two keys (region codes, factor entries, ids) are equal. Keys of one list mostly
/// differ in their first byte, so it is compared first: the estimate looks keys up a few dozen
/// times per video, and this spares most of those comparisons a call to `memcmp`.
fn same_key(a: &str, b: &str) -> bool {
    a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// The input a factor table is keyed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactorInput {
    Region,
    Niche,
    /// Engagement rate in percent; entries are bands starting at `from`.
    Engagement,
    /// The creator's country (not the audience's region): a figure that follows where the
    /// creator is paid, such as a programme's share. Entries are region codes.
    Country,
}

closed_set!(FactorInput, "an input a factor can be keyed by", "inputs");

impl FactorInput {
    pub const ALL: [FactorInput; 4] = [
        FactorInput::Region,
        FactorInput::Niche,
        FactorInput::Engagement,
        FactorInput::Country,
    ];

    pub fn key(self) -> &'static str {
        match self {
            FactorInput::Region => "region",
            FactorInput::Niche => "niche",
            FactorInput::Engagement => "engagement",
            FactorInput::Country => "country",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Factor {
    #[serde(deserialize_with = "form::identifier")]
    pub id: String,
    #[serde(deserialize_with = "form::text")]
    pub name: String,
    pub keyed_by: FactorInput,
    /// Whether the entries are shares of a whole (a creator's share of a price), each at most 1.
    #[serde(default)]
    pub share: bool,
    /// The entry used when the input is not given (for region: the table's default region).
    #[serde(default)]
    pub neutral: Option<String>,
    /// The grade of the entries that have none of their own.
    #[serde(default)]
    pub grade: Option<Grade>,
    #[serde(default)]
    pub notes: Option<String>,
    /// Sorted by key, or for engagement bands by `from`.
    #[serde(default, deserialize_with = "form::entries")]
    pub entries: Vec<FactorEntry>,
    #[serde(default)]
    pub sources: Vec<Source>,
    /// What an account needs for the entries' high figures: below it, the high is the low.
    #[serde(default)]
    pub high_needs: Option<HighNeeds>,
}

/// What an account must reach for a factor's high figure (a bonus on a base share, say): an
/// account known to be below any of it gets the low figure at both ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HighNeeds {
    #[serde(default)]
    pub min_followers: Option<Followers>,
    #[serde(default, deserialize_with = "form::some_count")]
    pub min_views_30d: Option<u64>,
    #[serde(default)]
    pub sources: Vec<Source>,
}

impl HighNeeds {
    /// The thresholds the high needs, as a channel's are checked.
    pub fn thresholds(&self) -> Thresholds {
        Thresholds {
            min_followers: self.min_followers.as_ref().map(|f| f.count),
            min_views_30d: self.min_views_30d,
            ..Thresholds::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactorEntry {
    pub key: String,
    pub low: Decimal,
    pub high: Decimal,
    /// For engagement bands: the lowest percentage in the band.
    pub from: Option<Decimal>,
    /// The entry's own grade, or else the factor's: an entry a user file set has the file's.
    pub grade: Option<Grade>,
}

impl Serialize for Factor {
    /// A rates file keys the entries by name, writes one whose low and high agree as a single
    /// number (`gb = 0.8`), and gives an entry a grade only where it is not the factor's. A
    /// compact format gets every field.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Entry<'a> {
            low: Decimal,
            high: Decimal,
            #[serde(skip_serializing_if = "Option::is_none")]
            from: Option<Decimal>,
            #[serde(skip_serializing_if = "Option::is_none")]
            grade: Option<&'a str>,
        }
        struct Entries<'a>(&'a Factor);
        impl Serialize for Entries<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.entries.len()))?;
                for e in &self.0.entries {
                    let grade = e.grade.filter(|g| Some(*g) != self.0.grade);
                    if e.low == e.high && e.from.is_none() && grade.is_none() {
                        map.serialize_entry(&e.key, &e.low)?;
                    } else {
                        let entry = Entry {
                            low: e.low,
                            high: e.high,
                            from: e.from,
                            grade: grade.map(Grade::letter),
                        };
                        map.serialize_entry(&e.key, &entry)?;
                    }
                }
                map.end()
            }
        }
        let human = serializer.is_human_readable();
        let mut factor = serializer.serialize_struct("Factor", 10)?;
        factor.serialize_field("id", &self.id)?;
        factor.serialize_field("name", &self.name)?;
        factor.serialize_field("keyed_by", &self.keyed_by)?;
        if self.share || !human {
            factor.serialize_field("share", &self.share)?;
        } else {
            factor.skip_field("share")?;
        }
        factor.serialize_field("neutral", &self.neutral)?;
        factor.serialize_field("grade", &self.grade)?;
        factor.serialize_field("notes", &self.notes)?;
        if human {
            factor.serialize_field("entries", &Entries(self))?;
        } else {
            factor.serialize_field("entries", &self.entries)?;
        }
        factor.serialize_field("sources", &self.sources)?;
        factor.serialize_field("high_needs", &self.high_needs)?;
        factor.end()
    }
}

impl Factor {
    pub fn entry(&self, key: &str) -> Option<&FactorEntry> {
        self.entries.iter().find(|e| same_key(&e.key, key))
    }

    /// The band a percentage falls in: the entry with the largest `from` not above it.
    pub fn band(&self, percent: Decimal) -> Option<&FactorEntry> {
        self.entries
            .iter()
            .filter(|e| e.from.is_some_and(|from| from <= percent))
            .max_by_key(|e| e.from)
    }

    /// The sources that support one entry, then those of what its high needs.
    pub fn sources_for(&self, key: &str) -> Vec<&Source> {
        self.sources
            .iter()
            .filter(|s| s.keys.is_empty() || s.keys.iter().any(|k| k == key))
            .chain(self.high_needs.iter().flat_map(|needs| &needs.sources))
            .collect()
    }
}

impl RateTable {
    /// Resolves a region code or alias, in any case, to the region.
    pub fn region(&self, code: &str) -> Option<&Region> {
        // A batch looks a region up on every row, nearly always by the table's own lower-case
        // code. Those bytes are matched before the case-folding scan below; validation keeps
        // codes and aliases distinct, so both find the same region. The few bytes of a code are
        // compared inline, which is cheaper than a call to compare them.
        let spelt = |name: &str| name.len() == code.len() && name.bytes().eq(code.bytes());
        if let Some(region) = self.regions.iter().find(|r| spelt(&r.code)) {
            return Some(region);
        }
        // Codes and aliases are lower case (validation sees to it), and mostly differ in their
        // first letter, which is compared first.
        let first = code.as_bytes().first()?.to_ascii_lowercase();
        let named =
            |name: &str| name.as_bytes().first() == Some(&first) && name.eq_ignore_ascii_case(code);
        let found =
            (self.regions.iter()).find(|r| named(&r.code) || r.aliases.iter().any(|a| named(a)));
        // Or by its name or an alias of letters not ASCII, as people call it (`japan`,
        // `United Kingdom`, `MÉXICO`), in any case, as validation keeps names distinct and
        // aliases lower case.
        found
            .or_else(|| {
                let given = code.trim().to_lowercase();
                (self.regions.iter())
                    .find(|r| r.name.trim().to_lowercase() == given || r.aliases.contains(&given))
            })
            // Or with the dots of an abbreviation (`U.S.`, `U.K.`) left out.
            .or_else(|| {
                let plain: String = code.chars().filter(|&c| c != '.').collect();
                (!plain.is_empty() && plain.len() < code.len())
                    .then(|| self.region(&plain))
                    .flatten()
            })
    }

    /// A region the table does not know, with the valid codes and the nearest one.
    pub fn unknown_region(&self, given: &str) -> UnknownName {
        // A code is suggested for a slip in a code, not in a name (`myanmar` is not `my`); an
        // alias of words, such as `republic of korea`, would draw every "republic of".
        let short = given.trim().chars().count() <= 4;
        let candidates = self.regions.iter().flat_map(|r| {
            let code = &r.code;
            (short.then_some((code.as_str(), code.as_str())).into_iter())
                .chain(std::iter::once((r.name.as_str(), code.as_str())))
                .chain(
                    (r.aliases.iter())
                        .filter(|a| !a.contains(' '))
                        .map(|a| (a.as_str(), code.as_str())),
                )
        });
        UnknownName {
            kind: "regions",
            given: given.to_string(),
            valid: self
                .regions
                .iter()
                .map(|r| {
                    if r.rest_of_world {
                        format!("{} for any other country", r.code)
                    } else {
                        // A short form people use (`uk`); the names a region goes by are too
                        // many to list.
                        match r.aliases.iter().find(|a| a.chars().count() <= 3) {
                            Some(short) => format!("{} ({short})", r.code),
                            None => r.code.clone(),
                        }
                    }
                })
                .collect(),
            suggestion: did_you_mean_place(given, candidates).map(str::to_string),
            otherwise: (self.regions.iter())
                .find(|r| r.rest_of_world)
                .map(|r| r.code.as_str().into()),
        }
    }

    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| c.id == id)
    }

    /// The region whose market channel `id`'s figures come from, when the audience is
    /// elsewhere and no region factor adapts them to it.
    pub fn priced_elsewhere(&self, id: &str, audience: &str) -> Option<&str> {
        let channel = self.channel(id)?;
        let region = channel.rate.priced_in.as_deref()?;
        (region != audience && !self.adapted_to_region(channel)).then_some(region)
    }

    /// Whether a region factor prices `channel`'s figures for each region, so that where they
    /// come from (`priced_in`) is not said beside an estimate.
    pub fn adapted_to_region(&self, channel: &Channel) -> bool {
        channel
            .factors
            .iter()
            .filter_map(|factor| self.factor(factor))
            .any(|factor| factor.keyed_by == FactorInput::Region)
    }

    pub fn factor(&self, id: &str) -> Option<&Factor> {
        self.factors.iter().find(|f| same_key(&f.id, id))
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    pub fn milestone(&self, id: &str) -> Option<&Milestone> {
        self.milestones.iter().find(|m| m.id == id)
    }

    /// The unit of the table's own currency, which its money figures are in.
    pub fn unit(&self) -> Unit {
        // Validation makes sure the table's currency is in the set.
        self.fx
            .currency(&self.currency)
            .map_or(Unit::DOLLARS, Currency::unit)
    }

    /// Whether every product of each channel's figures has a denominator an amount can be
    /// worked out over, with a qualified share given to `share_places` decimal places: the
    /// loader requires it of every table for [`SHARE_PLACES`].
    pub fn products_fit(&self, share_places: u32) -> bool {
        self.channels
            .iter()
            .all(|channel| validate::exact_products(channel, self, share_places).is_ok())
    }

    /// The most decimal places, up to a figure's most, a qualified share given as input may
    /// have for the products of every channel that takes part in estimates to fit
    /// ([`RateTable::products_fit`]); worked out once, when the table is loaded, into
    /// [`RateTable::share_places`].
    pub fn room_for_share(&self) -> u32 {
        // Only a channel that takes part, with a qualified share, multiplies a share given.
        self.enabled_channels()
            .filter(|channel| channel.qualified_share.is_some())
            .map(|channel| {
                (SHARE_PLACES..=MAX_SCALE)
                    .rev()
                    .find(|&places| validate::exact_products(channel, self, places).is_ok())
                    .unwrap_or(SHARE_PLACES)
            })
            .min()
            .unwrap_or(MAX_SCALE)
    }

    /// The channels that take part in estimates.
    pub fn enabled_channels(&self) -> impl Iterator<Item = &Channel> {
        self.channels.iter().filter(|c| c.enabled)
    }

    /// The enabled channels that pay a video: those of a one-video estimate, in table order.
    pub fn video_channels(&self) -> impl Iterator<Item = &Channel> {
        self.enabled_channels().filter(|c| !c.basis.monthly())
    }

    /// The enabled channels that pay by the month, which only an account's month has.
    pub fn monthly_channels(&self) -> impl Iterator<Item = &Channel> {
        self.enabled_channels().filter(|c| c.basis.monthly())
    }
}

/// The table as TOML, in the shape a rates file has. Merged over the built-in table with
/// `--rates`, it gives the same table, named after the file it is then read from unless a file
/// had named it.
pub fn to_toml(table: &RateTable) -> String {
    // Plain data with string keys always makes a document.
    toml::to_string(table).unwrap_or_default()
}

/// The table as a value of the TOML's shape, with its name, for other formats to write: absent
/// keys are left out, not written as null.
pub fn to_value(table: &RateTable) -> toml::Value {
    // Plain data with string keys always makes a value.
    let mut value = toml::Value::try_from(table).unwrap_or(toml::Value::Table(toml::Table::new()));
    if let toml::Value::Table(top) = &mut value {
        top.insert("name".to_string(), toml::Value::String(table.name.clone()));
    }
    value
}

/// A name that is not in the table, with what would have been valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// What the valid names are, in the plural: "regions", "niches".
    pub kind: &'static str,
    pub given: String,
    pub valid: Vec<String>,
    pub suggestion: Option<String>,
    /// What stands for every name the table does not list (a region's `other`), offered when
    /// no name is near.
    pub otherwise: Option<Box<str>>,
}

impl UnknownName {
    /// "valid regions: us (usa), gb (uk), …".
    pub fn valid_list(&self) -> String {
        format!("valid {}: {}", self.kind, self.valid.join(", "))
    }

    /// "did you mean 'gb'? valid regions: us (usa), gb (uk), …", or with nothing near, "for a
    /// country not listed, give 'other'; valid regions: …".
    pub fn hint(&self) -> String {
        let valid = self.valid_list();
        match (&self.suggestion, &self.otherwise) {
            (Some(s), _) => format!("did you mean '{s}'? {valid}"),
            (None, Some(other)) => format!("for a country not listed, give '{other}'; {valid}"),
            (None, None) => valid,
        }
    }
}

/// One thing wrong with a rates file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Line and column, from 1, of the key it is about, when the file has that key.
    pub location: Option<(usize, usize)>,
    pub message: String,
    /// What to do about it, when there is more to say than "correct the file".
    pub hint: Option<String>,
    /// A note that more problems of a kind were found than are listed: not one itself.
    pub more_follow: bool,
}

impl Problem {
    /// The note that more `what` follow than the `most` listed.
    pub(crate) fn more_follow(what: &str, most: usize) -> Problem {
        Problem {
            location: None,
            message: format!("more {what} follow: earn lists {most} of them"),
            hint: None,
            more_follow: true,
        }
    }
}

/// A rates file, or the merged table, is unusable: every problem found in it, in the order of
/// the file (those without a place last).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{origin}{}: {message}{}",
    location.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default(),
    and_more(more)
)]
pub struct RatesError {
    /// The file (or `BUILT_IN_ORIGIN`) at fault.
    pub origin: String,
    /// The first problem: line and column, from 1, where they are known.
    pub location: Option<(usize, usize)>,
    pub message: String,
    pub hint: Option<String>,
    /// The problems after the first.
    pub more: Vec<Problem>,
}

impl RatesError {
    /// One problem with no place in the file.
    pub(crate) fn one(origin: &str, message: String, hint: Option<String>) -> RatesError {
        RatesError::of(
            origin,
            vec![Problem {
                location: None,
                message,
                hint,
                more_follow: false,
            }],
        )
    }

    /// Every problem, sorted by place; `problems` must not be empty.
    pub(crate) fn of(origin: &str, mut problems: Vec<Problem>) -> RatesError {
        // Stable: problems at one place keep the order they were found in.
        problems.sort_by_key(|p| p.location.unwrap_or((usize::MAX, usize::MAX)));
        problems.dedup();
        let mut problems = problems.into_iter();
        let first = problems.next().unwrap_or(Problem {
            location: None,
            message: "the table is invalid".to_string(),
            hint: None,
            more_follow: false,
        });
        RatesError {
            origin: origin.to_string(),
            location: first.location,
            message: first.message,
            hint: first.hint,
            more: problems.collect(),
        }
    }

    /// Every problem, the first included.
    pub fn problems(&self) -> Vec<Problem> {
        let first = Problem {
            location: self.location,
            message: self.message.clone(),
            hint: self.hint.clone(),
            more_follow: false,
        };
        std::iter::once(first)
            .chain(self.more.iter().cloned())
            .collect()
    }

    /// How many problems there are, as a header says it: "3 problems", or, when more were
    /// found than are listed, "more than 100 problems".
    pub fn count(&self) -> String {
        let listed = self.problems().iter().filter(|p| !p.more_follow).count();
        let unlisted = self.more.iter().any(|p| p.more_follow);
        let more_than = if unlisted { "more than " } else { "" };
        format!("{more_than}{}", problems(listed, ""))
    }

    /// Where a problem is: the file, and its line and column when known.
    pub fn place(&self, problem: &Problem) -> String {
        match problem.location {
            Some((line, column)) => format!("{}:{line}:{column}", self.origin),
            None => self.origin.clone(),
        }
    }
}

/// The end of a one-line message for the problems after the first: " (and 2 more problems)".
fn and_more(more: &[Problem]) -> String {
    let listed = more.iter().filter(|p| !p.more_follow).count();
    match (listed, more.iter().any(|p| p.more_follow)) {
        (0, false) => String::new(),
        (n, false) => format!(" (and {})", problems(n, "more ")),
        (n, true) => format!(" (and more than {})", problems(n, "more ")),
    }
}

/// "1 problem", "2 more problems".
fn problems(n: usize, more: &str) -> String {
    format!("{n} {more}problem{}", if n == 1 { "" } else { "s" })
}

/// The command that prints the built-in table as a rates file, as messages name it.
pub const DUMP_COMMAND: &str = "`earn rates --format toml`";

/// One TOML text to be read into the table.
#[derive(Debug, Clone, Copy)]
pub struct Layer<'a> {
    /// How the text is named in messages: its path, or `BUILT_IN_ORIGIN`.
    pub origin: &'a str,
    pub text: &'a str,
}

/// Reads the built-in table and, if given, a user's file merged over it.
pub fn load(user: Option<Layer<'_>>) -> Result<RateTable, RatesError> {
    match user {
        Some(layer) => read(Some(layer), None),
        None => built_in(),
    }
}

/// [`load`], refusing too a date the file gives after `today` (`YYYY-MM-DD`: the latest
/// date it is anywhere, for a file dated where its maintainer is) that its `as_of` would let
/// through: an `as_of` in the future, or a closure later in the month of an `as_of` written as
/// a month. Sources the file keeps from the built-in table, as a dump of it does, are not
/// compared.
pub fn load_on(user: Option<Layer<'_>>, today: &str) -> Result<RateTable, RatesError> {
    if today.len() != "YYYY-MM-DD".len() || !form::is_date(today) {
        return Err(RatesError::one(
            user.map_or(BUILT_IN_ORIGIN, |layer| layer.origin),
            format!("today's date '{today}' is not a date written YYYY-MM-DD"),
            None,
        ));
    }
    match user {
        Some(layer) => read(Some(layer), Some(today)),
        None => built_in(),
    }
}

/// The built-in table alone. It was read from its TOML and checked when earn was built
/// (`build.rs`), which stored it in a compact form with the places a given share may have;
/// here it is only decoded.
pub fn built_in() -> Result<RateTable, RatesError> {
    let (mut table, share_places): (RateTable, u32) =
        postcard::from_bytes(crate::BUILT_IN_SNAPSHOT).map_err(|e| {
            RatesError::one(
                BUILT_IN_ORIGIN,
                format!("the table stored when earn was built cannot be read: {e}"),
                Some("build earn again from its sources".to_string()),
            )
        })?;
    table.share_places = share_places;
    Ok(table)
}

/// Reads the built-in table's TOML, checks it and, if given, merges a user's file over it:
/// what `load` does for a user's file, and what the build does for the built-in table.
pub(crate) fn read(user: Option<Layer<'_>>, today: Option<&str>) -> Result<RateTable, RatesError> {
    let built_in = Layer {
        origin: BUILT_IN_ORIGIN,
        text: BUILT_IN,
    };
    let parse::Parsed {
        table: mut merged,
        problems: mut shape,
        repeated,
        mut aside,
    } = parse::layer(built_in)?;
    let late = merged
        .get("as_of")
        .and_then(|as_of| validate::dated_after(&merged, as_of, (None, &[]), None));
    if !shape.is_empty() || !repeated.is_empty() || late.is_some() {
        return Err(parse::located(
            built_in,
            shape,
            repeated.into_iter().chain(late).collect(),
        ));
    }
    let mut problems = Vec::new();
    // A file that does not name its table is still named in it: the figures are not all the
    // built-in ones, and every output that names the table should say so.
    let mut renamed = None;
    let mut notices = Vec::new();
    // The built-in events a file's as_of is before: one problem says so for them all.
    let mut explained = Vec::new();
    let at = match user {
        Some(layer) => {
            // A file's unknown keys and wrong types are reported with what the rest of it
            // means: the pieces at fault are left out of the merge.
            let read = parse::layer(layer)?;
            let overlay = read.table;
            (shape, aside, problems) = (read.problems, read.aside, read.repeated);
            // The built-in name copied into a file (an older dump, say) does not name it.
            let own = overlay
                .get("name")
                .is_some_and(|name| Some(name) != merged.get("name"));
            if !own {
                renamed = Some(layer.origin);
            }
            // An empty file (a save cut short, a step that wrote nothing) is no rate card: the
            // built-in figures, in dollars, would pass for the file's.
            if overlay.is_empty() && shape.is_empty() && problems.is_empty() {
                return Err(RatesError::one(
                    layer.origin,
                    "sets nothing: it is empty, or only comments".to_string(),
                    Some(format!(
                        "give it the figures it changes ({DUMP_COMMAND} writes the whole table), \
                         or give no rates file to use the built-in table"
                    )),
                ));
            }
            notices = merge::left_out_of_lists(&merged, &overlay);
            notices.extend(merge::moved_milestones(&merged, &overlay));
            notices.extend(merge::left_milestones(&merged, &overlay));
            if let Some(as_of) = overlay.get("as_of").or_else(|| merged.get("as_of")) {
                // The built-in sources a file gives again, found once for both checks.
                let copies = validate::sources_of(Some(&merged));
                let below = (Some(&merged), copies.as_slice());
                problems.extend(validate::dated_after(&overlay, as_of, below, today));
                let late =
                    today.and_then(|t| validate::dated_after_today(&overlay, as_of, &copies, t));
                problems.extend(late);
            }
            problems.extend(validate::undated_sources(&overlay));
            let (own_events, as_of) = (validate::events(&overlay), overlay.get("as_of").cloned());
            problems.extend(merge::merge(&mut merged, overlay, layer.origin, &aside));
            if let Some((problem, paths)) =
                as_of.and_then(|as_of| validate::before_events(&merged, &own_events, &as_of))
            {
                problems.push(problem);
                explained = paths;
            }
            echo_aside(&mut problems, &aside);
            layer
        }
        None => built_in,
    };
    let table = validate::validate(merged, &aside).map(|mut table| {
        match renamed {
            Some(origin) => {
                // A path may hold any character: none that a terminal acts on reaches an
                // output, JSON included, which escapes only the first 32.
                table.name = format!("{} with {}", table.name, crate::text::printable(origin));
            }
            None => table.own_name = user.is_some(),
        }
        notices.extend(validate::notices(&table));
        table.notices = notices;
        table.share_places = table.room_for_share();
        table
    });
    if let Err(found) = &table {
        let mut found = found.clone();
        echo_aside(&mut found, &aside);
        for problem in &mut found {
            problem.echo |= explained.contains(&problem.path);
        }
        problems.extend(found);
    }
    match table {
        Ok(table) if problems.is_empty() && shape.is_empty() => Ok(table),
        _ => Err(parse::located(at, shape, problems)),
    }
}

/// What is said of a part of the table whose piece of the file was set aside for a problem of
/// its own (a key it now lacks, a grade its sources no longer bear) follows from that problem.
fn echo_aside(problems: &mut [validate::Invalid], aside: &[parse::Aside]) {
    for problem in problems {
        problem.echo |= aside.iter().any(|piece| piece.explains(&problem.path));
    }
}

/// The built-in table, loaded once for the tests that borrow from it.
#[cfg(test)]
pub(crate) fn built_in_for_tests() -> &'static RateTable {
    static TABLE: std::sync::LazyLock<RateTable> =
        std::sync::LazyLock::new(|| built_in().expect("the built-in table is valid"));
    &TABLE
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_table_stored_at_build_time_is_the_one_its_toml_gives() {
        let stored = super::built_in().expect("the stored table reads");
        assert_eq!(
            stored,
            super::read(None, None).expect("the built-in TOML is valid")
        );
    }

    #[test]
    fn a_region_is_found_by_its_code_or_an_alias_in_any_case() {
        let table = super::built_in_for_tests();
        for (given, code) in [
            ("gb", "gb"),
            ("GB", "gb"),
            ("Gb", "gb"),
            ("uk", "gb"),
            ("UK", "gb"),
            ("us", "us"),
            ("US", "us"),
            // By name, in any case and spacing.
            ("Japan", "jp"),
            ("united kingdom", "gb"),
            ("south KOREA", "kr"),
            // As a spreadsheet's country column writes it.
            ("USA", "us"),
            ("U.S.", "us"),
            ("u.s.a.", "us"),
            ("U.K.", "gb"),
            ("England", "gb"),
            ("Scotland", "gb"),
            // Long forms, and names in the country's own language, accented in any case.
            ("United States of America", "us"),
            ("Great Britain", "gb"),
            ("Northern Ireland", "gb"),
            ("Korea", "kr"),
            ("Deutschland", "de"),
            ("España", "es"),
            ("MÉXICO", "mx"),
            ("Brasil", "br"),
        ] {
            let found = table.region(given).map(|r| r.code.as_str());
            assert_eq!(found, Some(code), "{given}");
        }
        assert!(table.region("zz").is_none());
        assert!(table.region("g").is_none());
        assert!(table.region("").is_none());
        assert!(table.region("...").is_none());
        assert!(table.region("z.z.").is_none());
        // A country the table does not list is not suggested one alike in part, nor one whose
        // code or alias of words it shares letters with; a slip in a name or code is.
        for (given, suggested) in [
            ("Ireland", None),
            ("Republic of India", None),
            ("North Korea", None),
            ("Myanmar", None),
            ("Taiwan", None),
            ("germny", Some("de")),
            ("United Kingdm", Some("gb")),
            ("jpn", Some("jp")),
        ] {
            let unknown = table.unknown_region(given);
            assert_eq!(unknown.suggestion.as_deref(), suggested, "{given}");
        }
    }
}
