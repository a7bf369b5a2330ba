//! `earn milestones` output: what each level of followers or views unlocks.

use std::io::{self, Write};

use anstyle::Style;
use serde::Serialize;

use super::json::Rates;
use super::printable;
use super::table::{wrap_to, write_lines, write_working};
use super::wrap;
use crate::decimal::Decimal;
use crate::explain::tier_fee;
use crate::milestones::{MilestoneProgress, MilestoneReport, Next, TierStart, Unstated};
use crate::money::{Unit, group_thousands};
use crate::rates::{Ceiling, Grade, MilestoneKind, RateTable, Source};

/// The version of the milestones JSON layout: 2 added `thresholds`, and `next`'s `id` is `null`
/// for one of them; 3 added `tiers`, the fee tiers starting at each, and a threshold may be a
/// tier's start alone (its `channels` empty). (The input's `age` and each milestone's
/// `too_young` came between 2 and 3: adding a field alone does not change the version.)
pub const SCHEMA_VERSION: u32 = 3;

/// Writes each kind of milestone under its heading, a line each, every line within `width`
/// columns when there is a width (what a milestone unlocks goes on under itself).
pub fn write_table(
    report: &MilestoneReport<'_>,
    table: &RateTable,
    out: &mut dyn Write,
    color: bool,
    width: Option<usize>,
) -> io::Result<()> {
    let paint = super::table::painter(color);
    let bold = Style::new().bold();
    let columns = width;
    if let Some(region) = report.country {
        let heading = format!(
            "Creators in {} ({}): the channels open there, at its thresholds",
            printable(&region.name),
            printable(&region.code)
        );
        write_lines(out, &wrap_to(&heading, columns), bold, &paint)?;
        if region.unavailable.is_some() {
            writeln!(
                out,
                "TikTok is unavailable there: no programme opens, so no milestone is reached."
            )?;
        }
        writeln!(out)?;
    }
    let width = report
        .milestones
        .iter()
        .map(|p| p.milestone.at)
        .chain(report.unstated.iter().map(|t| t.at))
        .map(|at| group_thousands(at).len())
        .max()
        .unwrap_or(0);
    for (i, kind) in MilestoneKind::ALL.into_iter().enumerate() {
        let (title, have, next) = match kind {
            MilestoneKind::Followers => ("Followers", report.followers, &report.next_followers),
            MilestoneKind::Views => ("Views of a video", report.views, &report.next_views),
        };
        let mut rows: Vec<Row<'_, '_>> = report
            .milestones
            .iter()
            .filter(|p| p.milestone.kind == kind)
            .map(Row::Milestone)
            .chain(
                report
                    .unstated
                    .iter()
                    .filter(|t| t.kind == kind)
                    .map(Row::Unstated),
            )
            .collect();
        // Stable: a milestone before a threshold at the same count (none is).
        rows.sort_by_key(Row::at);
        if rows.is_empty() {
            continue;
        }
        if i > 0 {
            writeln!(out)?;
        }
        let heading = match (have, report.age) {
            (Some(n), Some(age)) => {
                format!("{title} (you have {}, at age {age})", group_thousands(n))
            }
            (Some(n), None) => format!("{title} (you have {})", group_thousands(n)),
            (None, Some(age)) => format!("{title} (at age {age})"),
            (None, None) => title.to_string(),
        };
        write_lines(out, &wrap_to(&heading, columns), bold, &paint)?;
        let all_reached = rows.iter().all(|row| row.reached() == Some(true));
        for row in &rows {
            let country = report.country.map(|region| region.code.as_str());
            row.write(out, width, columns, country, table.unit())?;
        }
        let last = match next {
            Some(next) => Some(next_line(kind, next, report)),
            None if all_reached => {
                have.map(|_| format!("Every {} milestone is reached.", kind.key()))
            }
            // Those left are about programmes the creator cannot join, which their lines mark.
            None => have.map(|_| {
                format!(
                    "No {} milestone left opens a programme to this creator: the lines above say why.",
                    kind.key()
                )
            }),
        };
        if let Some(line) = last {
            write_working(out, &line, Style::new(), &paint, columns)?;
        }
    }
    writeln!(out)?;
    let note = format!(
        "The letter is the weakest evidence behind the milestone's line (A TikTok, B press, C vendor data, D folklore; ? one not graded), as an estimate's GRADE is its weakest figure's. Rates: {}, as of {}.",
        printable(&table.name),
        printable(&table.as_of)
    );
    write_lines(out, &wrap_to(&note, columns), Style::new(), &paint)
}

/// A row of a kind's list: a milestone of the table, or a threshold none states.
enum Row<'r, 't> {
    Milestone(&'r MilestoneProgress<'t>),
    Unstated(&'r Unstated<'t>),
}

impl Row<'_, '_> {
    /// Its line (what it unlocks goes on under itself), the count right-aligned in `width`.
    /// `country`: the code of the creator's country, when the report is for one; `unit`, the
    /// table's, which fee tiers are priced in.
    fn write(
        &self,
        out: &mut dyn Write,
        width: usize,
        columns: Option<usize>,
        country: Option<&str>,
        unit: Unit,
    ) -> io::Result<()> {
        let mark = match self.reached() {
            Some(true) => "✓",
            Some(false) => "·",
            None => " ",
        };
        let (sources, unlocks, open, not_open, too_young, tiers) = match self {
            Row::Milestone(p) => (
                &p.milestone.sources.iter().collect::<Vec<_>>(),
                Some(printable(&p.milestone.unlocks)),
                &p.channels[..],
                &p.not_open[..],
                &p.too_young[..],
                &p.tiers[..],
            ),
            Row::Unstated(t) => (
                &t.sources,
                (!t.channels.is_empty())
                    .then(|| "A threshold no milestone of the rate table states".into()),
                &t.channels[..],
                &[][..],
                &t.too_young[..],
                &t.tiers[..],
            ),
        };
        let grades = (sources.iter().map(|s| s.grade)).chain(tiers.iter().map(TierStart::grade));
        let grade = weakest(grades).map_or("?", Grade::letter);
        let tiers = tiers.iter().map(|t| {
            let TierStart { channel, tier } = t;
            let (name, id) = (printable(&channel.name), printable(&tier.id));
            // Fees quoted from one market, for deals anywhere, say which.
            let market = (channel.rate.priced_in.as_deref())
                .filter(|&market| country != Some(market))
                .map(|market| format!(", priced as in region {}", printable(market)))
                .unwrap_or_default();
            format!("{name}, {id} tier: {}{market}", tier_fee(tier, unit))
        });
        let unlocks: Vec<String> = unlocks.map(String::from).into_iter().chain(tiers).collect();
        let unlocks = unlocks.join("; ");
        let mut channels = Vec::new();
        if !open.is_empty() {
            channels.push(format!(" [thresholds of: {}]", open.join(", ")));
        }
        if !not_open.is_empty() {
            // With a country, the one named in the heading.
            let place = if country.is_some() {
                "there"
            } else {
                "anywhere"
            };
            channels.push(format!(" [not open {place}: {}]", not_open.join(", ")));
        }
        // Only with an age, named in the heading; by the age each needs.
        let mut ages: Vec<u64> = too_young.iter().map(|&(_, age)| age).collect();
        ages.sort_unstable();
        ages.dedup();
        for age in ages {
            let ids: Vec<&str> = too_young
                .iter()
                .filter(|&&(_, a)| a == age)
                .map(|&(id, _)| id)
                .collect();
            channels.push(format!(" [needs age {age}: {}]", ids.join(", ")));
        }
        let channels = channels.concat();
        let first = format!("  {mark} {:>width$}  {grade}  ", group_thousands(self.at()));
        let rest = " ".repeat(wrap::columns(&first));
        let unlocks = format!("{unlocks}{channels}");
        for line in wrap::indented(&first, &rest, &unlocks, columns) {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }

    fn at(&self) -> u64 {
        match self {
            Row::Milestone(p) => p.milestone.at,
            Row::Unstated(t) => t.at,
        }
    }

    fn reached(&self) -> Option<bool> {
        match self {
            Row::Milestone(p) => p.reached,
            Row::Unstated(t) => t.reached,
        }
    }
}

/// "next: 10,000 followers, 5,800 to go": a milestone's line above says what it opens; a
/// threshold no milestone states is named by its channels and the fee tiers starting there.
fn next_line(kind: MilestoneKind, next: &Next<'_>, report: &MilestoneReport<'_>) -> String {
    let unstated = (report.unstated.iter()).find(|t| t.kind == kind && t.at == next.at);
    let what = match unstated.filter(|_| next.milestone.is_none()) {
        Some(t) => {
            let channels = (!t.channels.is_empty())
                .then(|| format!("a threshold of {}", t.channels.join(", ")));
            let tiers = (t.tiers.iter()).map(|TierStart { channel, tier }| {
                format!("the {} tier of {}", tier.id, channel.name)
            });
            let named: Vec<String> = channels.into_iter().chain(tiers).collect();
            format!(" ({})", printable(&named.join("; ")))
        }
        None => String::new(),
    };
    format!(
        "next: {} {}{what}, {} to go",
        group_thousands(next.at),
        kind.key(),
        group_thousands(next.to_go)
    )
}

/// The weakest grade of a line's sources and fee tiers: a line that names several programmes
/// and prices is as sure as its least-sourced part (a nano-tier fee beside TikTok's LIVE rule).
/// `None` when one is ungraded (a rates file's), as an estimate's grade is then unknown.
fn weakest(grades: impl IntoIterator<Item = Option<Grade>>) -> Option<Grade> {
    grades
        .into_iter()
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .max()
}

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    rates: Rates<'a>,
    input: Input<'a>,
    milestones: Vec<Milestone<'a>>,
    /// The channels' thresholds no milestone states.
    thresholds: Vec<Threshold<'a>>,
    next: NextByKind<'a>,
}

#[derive(Serialize)]
struct Threshold<'a> {
    kind: &'static str,
    at: u64,
    reached: Option<bool>,
    channels: &'a [&'a str],
    tiers: Vec<TierRef<'a>>,
    too_young: Vec<TooYoung<'a>>,
    sources: Vec<SourceRef<'a>>,
}

/// A fee tier that starts at a milestone or threshold: its prices are in `earn rates`.
#[derive(Serialize)]
struct TierRef<'a> {
    channel: &'a str,
    tier: &'a str,
    /// The fee per post: from `low` (or `low_per_follower` × the account's followers, where
    /// that is more) to a fixed `high`, or to `high_per_follower` × the account's followers;
    /// in the rate table's `currency`.
    low: Decimal,
    low_per_follower: Option<Decimal>,
    high: Option<Decimal>,
    high_per_follower: Option<Decimal>,
    currency: &'a str,
    /// The region whose market the fees come from, when they are one market's.
    priced_in: Option<&'a str>,
    grade: Option<&'static str>,
}

fn too_young_refs<'a>(too_young: &[(&'a str, u64)]) -> Vec<TooYoung<'a>> {
    (too_young.iter())
        .map(|&(id, min_age)| TooYoung { id, min_age })
        .collect()
}

fn tier_refs<'a>(tiers: &[TierStart<'a>], currency: &'a str) -> Vec<TierRef<'a>> {
    (tiers.iter())
        .map(|t| {
            let (high, high_per_follower) = match t.tier.ceiling() {
                Ceiling::Fixed(high) => (Some(high), None),
                Ceiling::PerFollower(rate) => (None, Some(rate)),
            };
            TierRef {
                channel: &t.channel.id,
                tier: &t.tier.id,
                low: t.tier.low,
                low_per_follower: t.tier.low_per_follower,
                high,
                high_per_follower,
                currency,
                priced_in: t.channel.rate.priced_in.as_deref(),
                grade: t.grade().map(Grade::letter),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct Input<'a> {
    country: Option<&'a str>,
    followers: Option<u64>,
    views: Option<u64>,
    age: Option<u64>,
}

#[derive(Serialize)]
struct Milestone<'a> {
    id: &'a str,
    kind: &'static str,
    at: u64,
    unlocks: &'a str,
    reached: Option<bool>,
    channels: &'a [&'a str],
    /// With a country: channels whose threshold this is elsewhere, not open there.
    not_open: &'a [&'a str],
    /// With an age: channels it opens that need an older creator.
    too_young: Vec<TooYoung<'a>>,
    tiers: Vec<TierRef<'a>>,
    sources: Vec<SourceRef<'a>>,
}

#[derive(Serialize)]
struct TooYoung<'a> {
    id: &'a str,
    min_age: u64,
}

#[derive(Serialize)]
struct SourceRef<'a> {
    title: &'a str,
    url: Option<&'a str>,
    date: Option<&'a str>,
    grade: Option<&'static str>,
    note: Option<&'a str>,
}

impl<'a> SourceRef<'a> {
    fn of(s: &'a Source) -> SourceRef<'a> {
        SourceRef {
            title: &s.title,
            url: s.url.as_deref(),
            date: s.date.as_deref(),
            grade: s.grade.map(Grade::letter),
            note: s.note.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct NextByKind<'a> {
    followers: Option<NextRef<'a>>,
    views: Option<NextRef<'a>>,
}

#[derive(Serialize)]
struct NextRef<'a> {
    /// `None` for a threshold no milestone states.
    id: Option<&'a str>,
    at: u64,
    to_go: u64,
}

fn next_ref<'a>(next: Option<&Next<'a>>) -> Option<NextRef<'a>> {
    next.map(|n| NextRef {
        id: n.milestone.map(|m| m.id.as_str()),
        at: n.at,
        to_go: n.to_go,
    })
}

pub fn write_json(
    report: &MilestoneReport<'_>,
    table: &RateTable,
    out: &mut dyn Write,
) -> io::Result<()> {
    let document = Document {
        schema_version: SCHEMA_VERSION,
        rates: Rates::of(table),
        input: Input {
            country: report.country.map(|r| r.code.as_str()),
            followers: report.followers,
            views: report.views,
            age: report.age,
        },
        milestones: report
            .milestones
            .iter()
            .map(|p| Milestone {
                id: &p.milestone.id,
                kind: p.milestone.kind.key(),
                at: p.milestone.at,
                unlocks: &p.milestone.unlocks,
                reached: p.reached,
                channels: &p.channels,
                not_open: &p.not_open,
                too_young: too_young_refs(&p.too_young),
                tiers: tier_refs(&p.tiers, &table.currency),
                sources: p.milestone.sources.iter().map(SourceRef::of).collect(),
            })
            .collect(),
        thresholds: report
            .unstated
            .iter()
            .map(|t| Threshold {
                kind: t.kind.key(),
                at: t.at,
                reached: t.reached,
                channels: &t.channels,
                tiers: tier_refs(&t.tiers, &table.currency),
                too_young: too_young_refs(&t.too_young),
                sources: t.sources.iter().copied().map(SourceRef::of).collect(),
            })
            .collect(),
        next: NextByKind {
            followers: next_ref(report.next_followers.as_ref()),
            views: next_ref(report.next_views.as_ref()),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::weakest;
    use crate::rates::{Grade, Source};

    fn source(grade: Option<Grade>) -> Source {
        Source {
            title: "t".to_string(),
            url: None,
            date: None,
            grade,
            note: None,
            keys: Vec::new(),
        }
    }

    /// A line is as sure as its least-sourced part, and unknown beside an ungraded source.
    #[test]
    fn a_milestones_letter_is_its_weakest_source() {
        let of = |sources: &[Source]| sources.iter().map(|s| s.grade).collect::<Vec<_>>();
        let graded = [source(Some(Grade::A)), source(Some(Grade::C))];
        assert_eq!(weakest(of(&graded)), Some(Grade::C));
        let ungraded = [source(Some(Grade::A)), source(None)];
        assert_eq!(weakest(of(&ungraded)), None);
        assert_eq!(weakest([]), None);
    }
}
