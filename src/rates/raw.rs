//! The rate table as written in TOML, before merging and validation.
//!
//! Every field is optional because a user's rates file states only what it changes; whether the
//! merged table is complete is decided by `validate`. Unknown keys are refused here, with the
//! position the TOML parser reports.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::decimal::Decimal;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTable {
    pub schema_version: Option<i64>,
    pub name: Option<String>,
    pub as_of: Option<String>,
    pub default_region: Option<String>,
    /// The currency the table's money figures are in.
    pub currency: Option<String>,
    pub notes: Option<String>,
    #[serde(default)]
    pub account: Option<RawAccount>,
    #[serde(default)]
    pub platform: Option<RawPlatform>,
    #[serde(default)]
    pub fx: Option<RawFx>,
    #[serde(default)]
    pub region: Vec<RawRegion>,
    #[serde(default)]
    pub milestone: Vec<RawMilestone>,
    #[serde(default)]
    pub group: Vec<RawGroup>,
    #[serde(default)]
    pub channel: Vec<RawChannel>,
    #[serde(default)]
    pub factor: Vec<RawFactor>,
    #[serde(default)]
    pub unmodelled: Vec<RawUnmodelled>,
}

/// What TikTok asks of anyone who holds an account, whatever they earn from.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAccount {
    pub min_age: Option<i64>,
    pub notes: Option<String>,
    pub sources: Option<Vec<RawSource>>,
}

/// How many people TikTok says it reaches, against which a count of views is checked.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlatform {
    pub monthly_people: Option<i64>,
    pub notes: Option<String>,
    pub sources: Option<Vec<RawSource>>,
}

/// One dated set of exchange rates, each currency's units per one unit of `base`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFx {
    pub base: Option<String>,
    pub as_of: Option<String>,
    pub grade: Option<String>,
    pub notes: Option<String>,
    pub sources: Option<Vec<RawSource>>,
    pub currency: Option<Vec<RawCurrency>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCurrency {
    pub code: Option<String>,
    pub name: Option<String>,
    pub symbol: Option<String>,
    pub decimals: Option<i64>,
    pub per_base: Option<Decimal>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMilestone {
    pub id: Option<String>,
    pub kind: Option<String>,
    pub at: Option<i64>,
    pub unlocks: Option<String>,
    pub sources: Option<Vec<RawSource>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnmodelled {
    pub id: Option<String>,
    pub name: Option<String>,
    pub why: Option<String>,
    pub sources: Option<Vec<RawSource>>,
}

/// A follower threshold: a number, or the id of a milestone that states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawCount {
    Number(i64),
    Milestone(String),
}

impl<'de> Deserialize<'de> for RawCount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RawCount, D::Error> {
        struct CountVisitor;

        impl Visitor<'_> for CountVisitor {
            type Value = RawCount;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number, or the id of a [[milestone]]")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawCount, E> {
                Ok(RawCount::Number(v))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawCount, E> {
                Ok(RawCount::Milestone(v.to_string()))
            }
        }

        deserializer.deserialize_any(CountVisitor)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRegion {
    pub code: Option<String>,
    pub name: Option<String>,
    pub aliases: Option<Vec<String>>,
    #[serde(default)]
    pub unavailable: Option<RawUnavailable>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnavailable {
    pub since: Option<String>,
    pub why: Option<String>,
    pub sources: Option<Vec<RawSource>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    pub id: Option<String>,
    pub name: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChannel {
    pub id: Option<String>,
    pub name: Option<String>,
    pub enabled: Option<bool>,
    pub basis: Option<String>,
    pub group: Option<String>,
    pub factors: Option<Vec<String>>,
    pub notes: Option<String>,
    pub rate: Option<RawRate>,
    pub qualified_share: Option<RawRange>,
    pub eligibility: Option<RawEligibility>,
    pub availability: Option<RawAvailability>,
    #[serde(default)]
    pub opt_in: Option<String>,
    #[serde(default)]
    pub excludes: Option<Vec<RawExclusion>>,
    #[serde(default)]
    pub cross_check: Option<RawCrossCheck>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRate {
    pub per: Option<i64>,
    pub min_quantity: Option<i64>,
    pub low: Option<Decimal>,
    pub high: Option<Decimal>,
    pub grade: Option<String>,
    #[serde(default)]
    pub tier: Option<Vec<RawTier>>,
    pub sources: Option<Vec<RawSource>>,
}

/// A fee per post for accounts from `from` followers (a number or a milestone id).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTier {
    pub id: Option<String>,
    pub from: Option<RawCount>,
    pub low: Option<Decimal>,
    #[serde(default)]
    pub high: Option<Decimal>,
    #[serde(default)]
    pub high_per_follower: Option<Decimal>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExclusion {
    pub channel: Option<String>,
    pub why: Option<String>,
    pub sources: Option<Vec<RawSource>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCrossCheck {
    pub basis: Option<String>,
    pub factors: Option<Vec<String>>,
    pub per: Option<i64>,
    pub low: Option<Decimal>,
    pub high: Option<Decimal>,
    pub grade: Option<String>,
    pub notes: Option<String>,
    pub sources: Option<Vec<RawSource>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRange {
    pub low: Option<Decimal>,
    pub high: Option<Decimal>,
    pub grade: Option<String>,
    pub sources: Option<Vec<RawSource>>,
}

// The three thresholds are spelled out in both structs below rather than flattened: serde's
// `flatten` cannot be combined with `deny_unknown_fields`, and unknown keys must be refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEligibility {
    pub min_age: Option<i64>,
    pub min_followers: Option<RawCount>,
    pub min_views_30d: Option<i64>,
    #[serde(default)]
    pub video_over: Option<String>,
    #[serde(rename = "override")]
    pub overrides: Option<Vec<RawOverride>>,
    pub sources: Option<Vec<RawSource>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOverride {
    pub regions: Option<Vec<String>>,
    pub min_age: Option<i64>,
    pub min_followers: Option<RawCount>,
    pub min_views_30d: Option<i64>,
    #[serde(default)]
    pub video_over: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAvailability {
    pub regions: Option<Vec<String>>,
    pub closed: Option<RawClosures>,
    pub sources: Option<Vec<RawSource>>,
}

/// One closure (`closed = { on = … }`), or several (`[[channel.availability.closed]]`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawClosures {
    One(RawClosed),
    Many(Vec<RawClosed>),
}

impl RawClosures {
    pub fn into_list(self) -> Vec<RawClosed> {
        match self {
            RawClosures::One(one) => vec![one],
            RawClosures::Many(many) => many,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClosed {
    pub on: Option<String>,
    pub regions: Option<Vec<String>>,
    #[serde(default)]
    pub new_creators_only: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFactor {
    pub id: Option<String>,
    pub name: Option<String>,
    pub keyed_by: Option<String>,
    pub neutral: Option<String>,
    pub grade: Option<String>,
    pub notes: Option<String>,
    pub entries: Option<BTreeMap<String, RawEntry>>,
    pub sources: Option<Vec<RawSource>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub title: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    pub grade: Option<String>,
    pub note: Option<String>,
    pub keys: Option<Vec<String>>,
}

/// A factor entry: one multiplier (`gb = 0.8`) or a table (`gb = { low = 0.7, high = 0.9 }`,
/// with `from` for bands of a numeric input, and `grade` for an entry graded apart from its
/// factor).
#[derive(Debug, Default)]
pub struct RawEntry {
    pub low: Option<Decimal>,
    pub high: Option<Decimal>,
    pub from: Option<Decimal>,
    pub grade: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntryTable {
    low: Option<Decimal>,
    high: Option<Decimal>,
    from: Option<Decimal>,
    grade: Option<String>,
}

impl<'de> Deserialize<'de> for RawEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RawEntry, D::Error> {
        struct EntryVisitor;

        impl EntryVisitor {
            fn single<E: de::Error>(value: Result<Decimal, E>) -> Result<RawEntry, E> {
                let value = value?;
                Ok(RawEntry {
                    low: Some(value),
                    high: Some(value),
                    from: None,
                    grade: None,
                })
            }
        }

        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = RawEntry;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a multiplier, or a table like { low = 0.7, high = 0.9 }")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawEntry, E> {
                EntryVisitor::single(Decimal::deserialize(de::value::I64Deserializer::new(v)))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawEntry, E> {
                EntryVisitor::single(Decimal::deserialize(de::value::U64Deserializer::new(v)))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawEntry, E> {
                EntryVisitor::single(Decimal::deserialize(de::value::F64Deserializer::new(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawEntry, E> {
                EntryVisitor::single(v.parse::<Decimal>().map_err(E::custom))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawEntry, A::Error> {
                let table = RawEntryTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawEntry {
                    low: table.low,
                    high: table.high,
                    from: table.from,
                    grade: table.grade,
                })
            }
        }

        deserializer.deserialize_any(EntryVisitor)
    }
}
