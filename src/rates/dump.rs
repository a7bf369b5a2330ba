//! The effective table written back out, as TOML (which `--rates` reads back to the same
//! table) or as JSON of the same shape.

use super::raw::{
    RawAccount, RawAvailability, RawChannel, RawClosed, RawClosures, RawCount, RawCrossCheck,
    RawCurrency, RawEligibility, RawEntry, RawExclusion, RawFactor, RawFx, RawGroup, RawMilestone,
    RawOverride, RawPlatform, RawRange, RawRate, RawRegion, RawSource, RawTable, RawTier,
    RawUnavailable, RawUnmodelled,
};
use super::{Basis, Ceiling, Eligibility, Figure, RateTable, Source, Thresholds};
use crate::duration::format_duration;

/// The table as TOML. Merged over the built-in table with `--rates`, it gives the same table,
/// named after the file it is then read from unless a file had named it.
pub fn to_toml(table: &RateTable) -> String {
    let mut raw = to_raw(table);
    if !table.own_name {
        raw.name = None;
    }
    // Serialising plain data with string keys cannot fail.
    toml::to_string(&raw).unwrap_or_default()
}

/// The table as a value of the TOML's shape, with its name, for other formats to write:
/// absent keys are left out, not written as null.
pub fn to_value(table: &RateTable) -> toml::Value {
    // Plain data with string keys always makes a value.
    toml::Value::try_from(to_raw(table)).unwrap_or(toml::Value::Table(toml::Table::new()))
}

fn to_raw(table: &RateTable) -> RawTable {
    RawTable {
        schema_version: Some(i64::from(table.schema_version)),
        name: Some(table.name.clone()),
        as_of: Some(table.as_of.clone()),
        default_region: Some(table.default_region.clone()),
        currency: Some(table.currency.clone()),
        notes: table.notes.clone(),
        account: Some(RawAccount {
            min_age: i64::try_from(table.account.min_age).ok(),
            notes: table.account.notes.clone(),
            sources: Some(sources(&table.account.sources)),
        }),
        platform: table.platform.as_ref().map(|p| RawPlatform {
            monthly_people: i64::try_from(p.monthly_people).ok(),
            notes: p.notes.clone(),
            sources: Some(sources(&p.sources)),
        }),
        fx: Some(RawFx {
            base: Some(table.fx.base.clone()),
            as_of: Some(table.fx.as_of.clone()),
            grade: table.fx.grade.map(|g| g.letter().to_string()),
            notes: table.fx.notes.clone(),
            sources: Some(sources(&table.fx.sources)),
            currency: Some(
                table
                    .fx
                    .currencies
                    .iter()
                    .map(|c| RawCurrency {
                        code: Some(c.code.clone()),
                        name: Some(c.name.clone()),
                        symbol: Some(c.unit.symbol().to_string()),
                        decimals: Some(i64::from(c.unit.decimals())),
                        per_base: Some(c.per_base),
                    })
                    .collect(),
            ),
        }),
        region: table
            .regions
            .iter()
            .map(|r| RawRegion {
                code: Some(r.code.clone()),
                name: Some(r.name.clone()),
                aliases: (!r.aliases.is_empty()).then(|| r.aliases.clone()),
                unavailable: r.unavailable.as_ref().map(|u| RawUnavailable {
                    since: Some(u.since.clone()),
                    why: Some(u.why.clone()),
                    sources: Some(sources(&u.sources)),
                }),
            })
            .collect(),
        milestone: table
            .milestones
            .iter()
            .map(|m| RawMilestone {
                id: Some(m.id.clone()),
                kind: Some(m.kind.key().to_string()),
                at: i64::try_from(m.at).ok(),
                unlocks: Some(m.unlocks.clone()),
                sources: Some(sources(&m.sources)),
            })
            .collect(),
        group: table
            .groups
            .iter()
            .map(|g| RawGroup {
                id: Some(g.id.clone()),
                name: g.name.clone(),
                notes: g.notes.clone(),
            })
            .collect(),
        channel: table.channels.iter().map(channel).collect(),
        factor: table.factors.iter().map(factor).collect(),
        unmodelled: table
            .unmodelled
            .iter()
            .map(|u| RawUnmodelled {
                id: Some(u.id.clone()),
                name: Some(u.name.clone()),
                why: Some(u.why.clone()),
                sources: Some(sources(&u.sources)),
            })
            .collect(),
    }
}

fn factor(f: &super::Factor) -> RawFactor {
    RawFactor {
        id: Some(f.id.clone()),
        name: Some(f.name.clone()),
        keyed_by: Some(f.keyed_by.key().to_string()),
        neutral: f.neutral.clone(),
        grade: f.grade.map(|g| g.letter().to_string()),
        notes: f.notes.clone(),
        entries: Some(
            f.entries
                .iter()
                .map(|e| {
                    let entry = RawEntry {
                        low: Some(e.low),
                        high: Some(e.high),
                        from: e.from,
                        // Only an entry graded apart from its factor says so.
                        grade: (e.grade != f.grade)
                            .then(|| e.grade.map(|g| g.letter().to_string()))
                            .flatten(),
                    };
                    (e.key.clone(), entry)
                })
                .collect(),
        ),
        sources: Some(sources(&f.sources)),
    }
}

fn channel(c: &super::Channel) -> RawChannel {
    let rate = range(&c.rate);
    let tiered = c.basis == Basis::Posts;
    let tiers = c.tiers.iter().map(|t| {
        let (high, high_per_follower) = match t.high {
            Ceiling::Fixed(high) => (Some(high), None),
            Ceiling::PerFollower(rate) => (None, Some(rate)),
        };
        RawTier {
            id: Some(t.id.clone()),
            from: Some(match &t.from_milestone {
                Some(id) => RawCount::Milestone(id.clone()),
                None => RawCount::Number(i64::try_from(t.from).unwrap_or(i64::MAX)),
            }),
            low: Some(t.low),
            high,
            high_per_follower,
        }
    });
    RawChannel {
        id: Some(c.id.clone()),
        name: Some(c.name.clone()),
        enabled: Some(c.enabled),
        basis: Some(c.basis.key().to_string()),
        group: c.group.clone(),
        factors: Some(c.factors.clone()),
        notes: c.notes.clone(),
        rate: Some(RawRate {
            per: (!tiered).then(|| i64::try_from(c.per).ok()).flatten(),
            min_quantity: count(c.min_quantity),
            low: rate.low.filter(|_| !tiered),
            high: rate.high.filter(|_| !tiered),
            grade: rate.grade,
            tier: tiered.then(|| tiers.collect()),
            sources: rate.sources,
        }),
        qualified_share: c.qualified_share.as_ref().map(range),
        eligibility: Some(eligibility(&c.eligibility)),
        availability: Some(RawAvailability {
            regions: c.availability.regions.clone(),
            closed: (!c.availability.closed.is_empty()).then(|| {
                RawClosures::Many(
                    c.availability
                        .closed
                        .iter()
                        .map(|closed| RawClosed {
                            on: Some(closed.on.clone()),
                            regions: closed.regions.clone(),
                            new_creators_only: closed.new_creators_only.then_some(true),
                        })
                        .collect(),
                )
            }),
            sources: Some(sources(&c.availability.sources)),
        }),
        opt_in: c.opt_in.clone(),
        excludes: (!c.excludes.is_empty()).then(|| {
            c.excludes
                .iter()
                .map(|e| RawExclusion {
                    channel: Some(e.channel.clone()),
                    why: Some(e.why.clone()),
                    sources: Some(sources(&e.sources)),
                })
                .collect()
        }),
        cross_check: c.cross_check.as_ref().map(|x| {
            let figure = range(&x.figure);
            RawCrossCheck {
                basis: Some(x.basis.key().to_string()),
                factors: Some(x.factors.clone()),
                per: i64::try_from(x.per).ok(),
                low: figure.low,
                high: figure.high,
                grade: figure.grade,
                notes: x.notes.clone(),
                sources: figure.sources,
            }
        }),
    }
}

fn range(figure: &Figure) -> RawRange {
    RawRange {
        low: Some(figure.low),
        high: Some(figure.high),
        grade: figure.grade.map(|g| g.letter().to_string()),
        sources: Some(sources(&figure.sources)),
    }
}

fn count(value: Option<u64>) -> Option<i64> {
    value.and_then(|v| i64::try_from(v).ok())
}

fn followers(thresholds: &Thresholds, milestone: Option<&String>) -> Option<RawCount> {
    match milestone {
        Some(id) => Some(RawCount::Milestone(id.clone())),
        None => count(thresholds.min_followers).map(RawCount::Number),
    }
}

fn eligibility(e: &Eligibility) -> RawEligibility {
    RawEligibility {
        min_age: count(e.thresholds.min_age),
        min_followers: followers(&e.thresholds, e.followers_milestone.as_ref()),
        min_views_30d: count(e.thresholds.min_views_30d),
        video_over: e.thresholds.video_over.map(format_duration),
        overrides: (!e.overrides.is_empty()).then(|| {
            e.overrides
                .iter()
                .map(|o| RawOverride {
                    regions: Some(o.regions.clone()),
                    min_age: count(o.thresholds.min_age),
                    min_followers: followers(&o.thresholds, o.followers_milestone.as_ref()),
                    min_views_30d: count(o.thresholds.min_views_30d),
                    video_over: o.thresholds.video_over.map(format_duration),
                })
                .collect()
        }),
        sources: Some(sources(&e.sources)),
    }
}

fn sources(list: &[Source]) -> Vec<RawSource> {
    list.iter()
        .map(|s| RawSource {
            title: Some(s.title.clone()),
            url: s.url.clone(),
            date: s.date.clone(),
            grade: s.grade.map(|g| g.letter().to_string()),
            note: s.note.clone(),
            keys: (!s.keys.is_empty()).then(|| s.keys.clone()),
        })
        .collect()
}
