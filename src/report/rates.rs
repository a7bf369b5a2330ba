//! `earn rates`: the effective rate table, readable, with every figure's sources.

use std::io::{self, Write};

use anstyle::Style;

use super::table::{wrap_to, write_lines};
use super::wrap::{self, pad_right};
use super::{and_list, printable};
use crate::decimal::Decimal;
use crate::duration::duration_words;
use crate::estimate::FxRate;
use crate::explain::{follower_range, source_line, tier_end, tier_fee};
use crate::money::{Unit, group_thousands, priced};
use crate::rates::{
    Availability, Basis, Channel, Factor, FactorInput, Followers, Fx, Grade, RateTable, Source,
    Thresholds,
};

const LABEL: usize = 13;

/// The table's data as JSON, in the shape of the TOML.
pub fn write_json(table: &RateTable, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &crate::rates::to_value(table))?;
    writeln!(out)
}

/// The table as a rates file that `--rates` reads back to the same figures. The built-in
/// table's name is left out, so that a card edited from it is named after its file.
pub fn write_toml(table: &RateTable, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(crate::rates::to_toml(table).as_bytes())
}

/// Writes the table for people: each channel, factor, milestone, group, region and exchange
/// rate with its sources, every line within `width` columns when there is one.
pub fn write_table(
    table: &RateTable,
    out: &mut dyn Write,
    color: bool,
    width: Option<usize>,
) -> io::Result<()> {
    let paint = super::table::painter(color);
    let page = &mut Page {
        out,
        width,
        paint: &paint,
    };
    page.heading(&format!(
        "{} · as of {} · default region {}",
        printable(&table.name),
        printable(&table.as_of),
        table.default_region
    ))?;
    if let Some(notes) = &table.notes {
        page.text(&printable(notes))?;
    }
    page.text("Grades: A TikTok's own pages, B reputable press, C vendor data, D folklore.")?;

    page.section("ACCOUNT")?;
    page.blank()?;
    let account = &table.account;
    page.field(
        "min_age",
        &format!("{}: a younger age is refused as input", account.min_age),
    )?;
    if let Some(max_age) = account.max_age {
        page.field(
            "max_age",
            &format!("{max_age}: an older age is refused as input"),
        )?;
    }
    if let Some(notes) = &account.notes {
        page.field("", notes)?;
    }
    page.sources(&[("", &account.sources)])?;

    if let Some(platform) = &table.platform {
        page.section("PLATFORM")?;
        page.blank()?;
        page.field(
            "people",
            &format!(
                "{} a month (monthly_people): more views than this are warned about",
                group_thousands(platform.monthly_people)
            ),
        )?;
        if let Some(notes) = &platform.notes {
            page.field("", notes)?;
        }
        page.sources(&[("", &platform.sources)])?;
    }

    page.section("CHANNELS")?;
    for channel in &table.channels {
        page.blank()?;
        write_channel(table, channel, page)?;
    }

    page.section("FACTORS")?;
    for factor in &table.factors {
        page.blank()?;
        write_factor(table, factor, page)?;
    }

    page.section("MILESTONES")?;
    page.blank()?;
    for m in &table.milestones {
        page.field(
            &m.id,
            &format!("{} {}: {}", group_thousands(m.at), m.kind.key(), m.unlocks),
        )?;
        page.sources(&[("", &m.sources)])?;
    }

    if !table.groups.is_empty() {
        page.section("EXCLUSIVE GROUPS")?;
        page.blank()?;
        for g in &table.groups {
            let members: Vec<&str> = table
                .channels
                .iter()
                .filter(|c| c.group.as_deref() == Some(g.id.as_str()))
                .map(|c| c.id.as_str())
                .collect();
            page.field(&g.id, &format!("only one of {} counts", members.join(", ")))?;
            if let Some(notes) = &g.notes {
                page.field("", notes)?;
            }
        }
    }

    page.section("REGIONS")?;
    page.blank()?;
    write_regions(table, page)?;

    page.section(&format!(
        "EXCHANGE RATES · figures are in {}; --currency converts",
        table.currency
    ))?;
    page.blank()?;
    write_fx(table, page)?;

    page.section("NOT MODELLED")?;
    for u in &table.unmodelled {
        page.blank()?;
        page.heading(&format!("{} · {}", u.id, printable(&u.name)))?;
        page.field("why", &u.why)?;
        page.sources(&[("", &u.sources)])?;
    }
    Ok(())
}

/// Where the table is written: every line within `width` columns, if there is a width.
struct Page<'a> {
    out: &'a mut dyn Write,
    width: Option<usize>,
    paint: &'a dyn Fn(Style, &str) -> String,
}

impl Page<'_> {
    fn blank(&mut self) -> io::Result<()> {
        writeln!(self.out)
    }

    /// Plain text, broken at the width.
    fn text(&mut self, text: &str) -> io::Result<()> {
        let lines = wrap_to(text, self.width);
        write_lines(self.out, &lines, Style::new(), self.paint)
    }

    /// A bold heading, broken at the width.
    fn heading(&mut self, text: &str) -> io::Result<()> {
        let lines = wrap_to(text, self.width);
        write_lines(self.out, &lines, Style::new().bold(), self.paint)
    }

    /// A blank line, then a bold heading.
    fn section(&mut self, title: &str) -> io::Result<()> {
        self.blank()?;
        self.heading(title)
    }

    /// `  label         value`: a value broken at the width goes on under itself, past the
    /// labels, so that the labels' column stays clear.
    fn field(&mut self, label: &str, value: &str) -> io::Result<()> {
        let first = format!("  {} ", pad_right(label, LABEL));
        let rest = " ".repeat(LABEL + 3);
        let lines = wrap::indented(&first, &rest, &printable(value), self.width);
        write_lines(self.out, &lines, Style::new(), self.paint)
    }

    /// Writes `(figure, sources)` groups under one "sources" label.
    fn sources(&mut self, groups: &[(&str, &[Source])]) -> io::Result<()> {
        let mut lines = Vec::new();
        for (figure, list) in groups {
            let prefix = if figure.is_empty() {
                String::new()
            } else {
                format!("{figure}: ")
            };
            if list.is_empty() {
                lines.push(format!("{prefix}none given"));
            }
            lines.extend(list.iter().map(|s| format!("{prefix}{}", source_text(s))));
        }
        self.labelled("sources", &lines)
    }

    /// Lines under one label, the label on the first only.
    fn labelled(&mut self, label: &str, lines: &[String]) -> io::Result<()> {
        for (i, line) in lines.iter().enumerate() {
            self.field(if i == 0 { label } else { "" }, line)?;
        }
        Ok(())
    }
}

/// The title, date and grade, then the link and the note when there are any.
fn source_text(source: &Source) -> String {
    let url = source
        .url
        .as_ref()
        .map(|u| format!(" <{u}>"))
        .unwrap_or_default();
    let note = source
        .note
        .as_ref()
        .map(|n| format!(" — {n}"))
        .unwrap_or_default();
    format!("{}{url}{note}", source_line(source))
}

/// `age 18+`, `10,000 followers (milestone followers_10k)`, `100,000 views in the last 30 days`.
fn thresholds(t: &Thresholds, followers: Option<&Followers>) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(age) = t.min_age {
        parts.push(format!("age {age}+"));
    }
    if let Some(n) = t.min_followers {
        let named = followers
            .and_then(|f| f.milestone.as_ref())
            .map(|m| format!(" (milestone {m})"))
            .unwrap_or_default();
        parts.push(format!("{} followers{named}", group_thousands(n)));
    }
    if let Some(n) = t.min_views_30d {
        parts.push(format!("{} views in the last 30 days", group_thousands(n)));
    }
    if let Some(seconds) = t.video_over {
        parts.push(format!("a video over {}", duration_words(seconds)));
    }
    parts
}

/// "1,000 views", or "diamond" for one; "subscriber a month" for a channel paid by the month.
fn per(per: u64, basis: Basis) -> String {
    let unit = if per == 1 {
        basis.unit().to_string()
    } else {
        format!("{} {}", group_thousands(per), basis.plural())
    };
    if basis.monthly() {
        format!("{unit} a month")
    } else {
        unit
    }
}

/// A line per region: its code, name and aliases, and where TikTok is unavailable, since when,
/// why and on whose word.
fn write_regions(table: &RateTable, page: &mut Page) -> io::Result<()> {
    for region in &table.regions {
        let aliases = if region.aliases.is_empty() {
            String::new()
        } else {
            format!(" (also {})", region.aliases.join(", "))
        };
        let default = if region.code == table.default_region {
            " (default)"
        } else {
            ""
        };
        let currency = region
            .currency
            .as_ref()
            .map(|code| format!(", {code}"))
            .unwrap_or_default();
        let unavailable = region
            .unavailable
            .as_ref()
            .map(|u| {
                format!(
                    ": TikTok unavailable since {}, {}; no channel pays a creator here, and no audience watches from here",
                    u.since, u.why
                )
            })
            .unwrap_or_default();
        page.field(
            &region.code,
            &format!("{}{aliases}{currency}{default}{unavailable}", region.name),
        )?;
        for source in region.unavailable.iter().flat_map(|u| &u.sources) {
            page.field("", &format!("source: {}", source_text(source)))?;
        }
    }
    Ok(())
}

fn grade(grade: Option<Grade>) -> String {
    grade.map_or_else(|| "ungraded".to_string(), |g: Grade| format!("grade {g}"))
}

fn money_span(low: Decimal, high: Decimal, unit: Unit) -> String {
    if low == high {
        priced(low, unit)
    } else {
        format!("{}–{}", priced(low, unit), priced(high, unit))
    }
}

/// `5–20`: figures as written.
fn plain_span(low: Decimal, high: Decimal) -> String {
    if low == high {
        low.to_string()
    } else {
        format!("{low}–{high}")
    }
}

fn span(low: Decimal, high: Decimal) -> String {
    if low == high {
        low.with_places(2)
    } else {
        format!("{}–{}", low.with_places(2), high.with_places(2))
    }
}

/// The set's date and source, then a line per currency.
fn write_fx(table: &RateTable, page: &mut Page) -> io::Result<()> {
    let fx: &Fx = &table.fx;
    let own = fx.currency(&table.currency).map(|c| c.per_base);
    let grade = fx
        .grade
        .map_or_else(|| "ungraded".to_string(), |g| format!("grade {g}"));
    page.field(
        "as of",
        &format!("{} ({grade}), per 1 {}", fx.as_of, fx.base),
    )?;
    if let Some(notes) = &fx.notes {
        page.field("notes", notes)?;
    }
    for c in &fx.currencies {
        let places = match c.unit().decimals() {
            0 => "whole units".to_string(),
            1 => "1 decimal".to_string(),
            n => format!("{n} decimals"),
        };
        // Per one unit of the table's currency too, as --currency converts (unless that is
        // the set's base, which the line already gives it per).
        let per_own = own
            .filter(|_| c.code != table.currency && table.currency != fx.base)
            .and_then(|own| c.per_base.divided_to(own, FxRate::SHOWN_PLACES))
            .map(|rate| format!(", {rate} per {}", table.currency))
            .unwrap_or_default();
        page.field(
            &c.code,
            &format!(
                "{} ({}, {places}): {} per {}{per_own}",
                c.name,
                c.unit().symbol(),
                c.per_base,
                fx.base
            ),
        )?;
    }
    page.sources(&[("", &fx.sources)])
}

fn write_channel(table: &RateTable, channel: &Channel, page: &mut Page) -> io::Result<()> {
    let switched_off = if channel.enabled {
        ""
    } else {
        " (switched off)"
    };
    page.heading(&format!(
        "{} · {}{switched_off}",
        channel.id,
        printable(&channel.name)
    ))?;
    let counts = match (&channel.opt_in, channel.month_count) {
        (Some(needs), Some(count)) => format!(
            "only when {needs} (opt-in: --with {}; in a month, {} N)",
            channel.id,
            count.flag()
        ),
        (Some(needs), None) => format!("only when {needs} (opt-in: --with {})", channel.id),
        (None, _) => "whenever eligible".to_string(),
    };
    page.field("counts", &counts)?;
    write_rate(channel, table, page)?;

    let e = &channel.eligibility;
    let needs = thresholds(&e.thresholds(), e.min_followers.as_ref());
    let mut eligibility = vec![if needs.is_empty() {
        "no threshold".to_string()
    } else {
        needs.join("; ")
    }];
    eligibility.extend(e.overrides.iter().map(|o| {
        let parts = thresholds(&o.thresholds(), o.min_followers.as_ref());
        format!("in {}: {}", o.regions.join(", "), parts.join("; "))
    }));
    if let Some(known) = &e.known_in {
        eligibility.push(format!(
            "stated for {} only (and regions with an override); elsewhere they are assumed, so \
             a creator who meets them is assumed, not eligible",
            super::and_list(known)
        ));
    }
    page.labelled("eligibility", &eligibility)?;

    let a = &channel.availability;
    write_availability(a, page)?;
    if let Some(group) = &channel.group {
        page.field("group", group)?;
    }
    let factors = if channel.factors.is_empty() {
        "none".to_string()
    } else {
        channel.factors.join(", ")
    };
    page.field("factors", &factors)?;
    write_counting(table, channel, page)?;
    let exclusions: Vec<String> = channel
        .excludes
        .iter()
        .map(|e| format!("excludes {}", e.channel))
        .collect();
    let mut groups: Vec<(&str, &[Source])> = vec![("rate", &channel.rate.sources)];
    if let Some(share) = &channel.qualified_share {
        groups.push(("qualified share", &share.sources));
    }
    if !needs.is_empty() {
        groups.push(("eligibility", &e.sources));
    }
    if a.regions.is_some() || !a.closed.is_empty() {
        groups.push(("availability", &a.sources));
    }
    for (label, exclusion) in exclusions.iter().zip(&channel.excludes) {
        groups.push((label, &exclusion.sources));
    }
    if let Some(check) = &channel.cross_check {
        groups.push(("cross-check", &check.sources));
    }
    page.sources(&groups)?;
    if let Some(notes) = &channel.notes {
        page.field("notes", notes)?;
    }
    Ok(())
}

/// Where the channel is offered, and each closure.
fn write_availability(a: &Availability, page: &mut Page) -> io::Result<()> {
    let regions = (a.regions.as_ref()).map_or_else(|| "everywhere".to_string(), |r| r.join(", "));
    let audience = if a.home_audience_only {
        "; pays only on viewers in the creator's own region"
    } else {
        ""
    };
    page.field("regions", &format!("{regions}{audience}"))?;
    let closures: Vec<String> = a
        .closed
        .iter()
        .map(|c| {
            format!(
                "closed{} on {} in {}",
                if c.new_creators_only {
                    " to new creators"
                } else {
                    ""
                },
                c.on,
                c.regions
                    .as_ref()
                    .map_or_else(|| "every region".to_string(), |r| r.join(", "))
            )
        })
        .collect();
    let status = if closures.is_empty() {
        "open".to_string()
    } else {
        closures.join("; ")
    };
    page.field("status", &status)
}

/// What else decides whether the channel counts: the channels it leaves out, those that leave
/// it out, and a comparison price that never counts.
fn write_counting(table: &RateTable, channel: &Channel, page: &mut Page) -> io::Result<()> {
    let excludes: Vec<String> = channel
        .excludes
        .iter()
        .map(|e| format!("{} when the video has this: {}", e.channel, e.why))
        .collect();
    page.labelled("excludes", &excludes)?;
    let left_out_by: Vec<String> = table
        .channels
        .iter()
        .filter(|by| by.excludes.iter().any(|e| e.channel == channel.id))
        .map(|by| format!("{} when it counts (see there)", by.id))
        .collect();
    page.labelled("left out by", &left_out_by)?;
    if let Some(check) = &channel.cross_check {
        let factors: String = check
            .factors
            .iter()
            .flat_map(|f| [" × ", f.as_str()])
            .collect();
        page.field(
            "cross-check",
            &format!(
                "{} per {}{factors} ({}), for comparison only: never counted",
                money_span(check.low, check.high, table.unit()),
                per(check.per, check.basis),
                grade(check.grade)
            ),
        )?;
        if let Some(notes) = &check.notes {
            page.field("", notes)?;
        }
    }
    Ok(())
}

/// The rate (for a fee per post, each tier's), the per-video minimum and the qualified share.
fn write_rate(channel: &Channel, table: &RateTable, page: &mut Page) -> io::Result<()> {
    let unit = table.unit();
    if channel.basis == Basis::Posts {
        // The rate's own low and high only stand in for the tiers'.
        page.field(
            "rate",
            &format!(
                "a fee per post, by the account's followers ({})",
                grade(channel.rate.grade)
            ),
        )?;
        let tiers: Vec<String> = channel
            .rate
            .tiers
            .iter()
            .enumerate()
            .map(|(i, tier)| {
                let milestone = tier
                    .from
                    .milestone
                    .as_ref()
                    .map(|m| format!(" (milestone {m})"))
                    .unwrap_or_default();
                format!(
                    "{}: {} followers{milestone}, {}",
                    tier.id,
                    follower_range(tier.start(), tier_end(channel, i)),
                    tier_fee(tier, unit)
                )
            })
            .collect();
        page.labelled("tiers", &tiers)?;
    } else {
        let (low, high) = (
            channel.rate.low.unwrap_or(Decimal::ZERO),
            channel.rate.high.unwrap_or(Decimal::ZERO),
        );
        // A commission is a share of what was sold, in any currency: no currency sign, its
        // figures as written, and per 100 a percentage.
        let shown = match (channel.basis, channel.rate.per()) {
            (Basis::Sales, 100) => format!("{}% of sales", plain_span(low, high)),
            (Basis::Sales, n) => format!("{} per {}", plain_span(low, high), per(n, Basis::Sales)),
            (_, n) => format!(
                "{} per {}",
                money_span(low, high, unit),
                per(n, channel.basis)
            ),
        };
        page.field("rate", &format!("{shown} ({})", grade(channel.rate.grade)))?;
    }
    if let Some(region) = &channel.rate.priced_in {
        let market = if table.adapted_to_region(channel) {
            format!(
                "region {region}, adapted to each region by a region factor (so no estimate \
                 says it)"
            )
        } else {
            format!(
                "priced as in region {region}, for audiences anywhere (an estimate for another \
                 region says so)"
            )
        };
        page.field("market", &market)?;
    }
    if let Some(caveat) = &channel.rate.caveat {
        page.field("caveat", caveat)?;
    }
    if let Some(min) = channel.rate.min_quantity {
        page.field(
            "minimum",
            &format!(
                "a video earns nothing below {} {}",
                group_thousands(min),
                channel.basis.plural()
            ),
        )?;
    }
    if let Some(share) = &channel.qualified_share {
        page.field(
            "qualified",
            &format!(
                "{} of views ({}); --qualified-share overrides",
                span(share.low, share.high),
                grade(share.grade)
            ),
        )?;
    }
    Ok(())
}

fn write_factor(table: &RateTable, factor: &Factor, page: &mut Page) -> io::Result<()> {
    let by_entry = factor.grade.is_none() && factor.entries.iter().any(|e| e.grade.is_some());
    let grade = match factor.grade {
        Some(g) => format!("grade {g}"),
        None if by_entry => "graded by entry".to_string(),
        None => "ungraded".to_string(),
    };
    page.heading(&format!(
        "{} · {} (keyed by {}, {grade})",
        factor.id,
        printable(&factor.name),
        factor.keyed_by.key()
    ))?;
    // A country factor has no neutral entry: each is the figure for that country.
    let neutral = match factor.keyed_by {
        FactorInput::Country => factor.neutral.as_deref(),
        _ => Some(factor.neutral.as_deref().unwrap_or(&table.default_region)),
    };
    for entry in &factor.entries {
        let band = entry
            .from
            .map(|from| format!(" (from {from}%)"))
            .unwrap_or_default();
        let default = if Some(entry.key.as_str()) == neutral {
            " (default)"
        } else {
            ""
        };
        // An entry graded apart from its factor (one a rates file set) says so; the default
        // entry changes nothing, so its grade does not matter.
        let own_grade = match entry.grade {
            _ if !default.is_empty() => String::new(),
            _ if entry.grade == factor.grade && !by_entry => String::new(),
            Some(g) => format!(" (grade {g})"),
            None => " (ungraded)".to_string(),
        };
        page.field(
            &entry.key,
            &format!(
                "× {}{band}{default}{own_grade}",
                span(entry.low, entry.high)
            ),
        )?;
    }
    let users: Vec<&str> = table
        .channels
        .iter()
        .filter(|c| c.factors.contains(&factor.id))
        .map(|c| c.id.as_str())
        .collect();
    page.field(
        "applies to",
        &if users.is_empty() {
            "no channel".to_string()
        } else {
            users.join(", ")
        },
    )?;
    if let Some(needs) = &factor.high_needs {
        let followers = needs.min_followers.as_ref().map(|followers| {
            let named = followers
                .milestone
                .as_ref()
                .map(|m| format!(" (milestone {m})"))
                .unwrap_or_default();
            format!("{} followers{named}", group_thousands(followers.count))
        });
        let views = needs
            .min_views_30d
            .map(|views| format!("{} views in the last 30 days", group_thousands(views)));
        let needed: Vec<String> = followers.into_iter().chain(views).collect();
        let short = if needed.len() > 1 { "either" } else { "it" };
        page.field(
            "high needs",
            &format!(
                "{}: an account short of {short} gets the low at both ends",
                and_list(&needed)
            ),
        )?;
    }
    let lines: Vec<String> = factor
        .sources
        .iter()
        .map(|source| {
            let keys = if source.keys.is_empty() {
                String::new()
            } else {
                format!("{}: ", source.keys.join(", "))
            };
            format!("{keys}{}", source_text(source))
        })
        .chain(factor.high_needs.iter().flat_map(|needs| {
            needs
                .sources
                .iter()
                .map(|source| format!("high needs: {}", source_text(source)))
        }))
        .collect();
    page.labelled("sources", &lines)?;
    if let Some(notes) = &factor.notes {
        page.field("notes", notes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rates;

    fn shown() -> String {
        shown_in(None)
    }

    fn shown_in(width: Option<usize>) -> String {
        let mut out = Vec::new();
        write_table(rates::built_in_for_tests(), &mut out, false, width).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The lines of one channel's block, from its heading to the blank line after it.
    fn block<'a>(out: &'a str, id: &str) -> Vec<&'a str> {
        let start = out.find(&format!("\n{id} · ")).unwrap() + 1;
        out[start..].lines().take_while(|l| !l.is_empty()).collect()
    }

    #[test]
    fn a_fee_per_post_lists_its_tiers_not_its_placeholder_rate() {
        let out = shown();
        let sponsorship = block(&out, "sponsorship");
        let tiers: Vec<&str> = sponsorship
            .iter()
            .skip_while(|l| !l.starts_with("  tiers"))
            .take(5)
            .copied()
            .collect();
        assert_eq!(
            tiers,
            [
                "  tiers         nano: 1,000–9,999 followers (milestone followers_1k), $0.0025–$0.01 per follower a post, at least $5.00",
                "                micro: 10,000–49,999 followers (milestone followers_10k), $0.0025–$0.01 per follower a post, at least $25.00",
                "                mid: 50,000–499,999 followers, $0.0025–$0.01 per follower a post, at least $125.00",
                "                macro: 500,000–999,999 followers, $0.0025–$0.01 per follower a post, at least $1,250.00",
                "                mega: 1,000,000+ followers, $0.0025–$0.01 per follower a post, at least $2,500.00",
            ]
        );
        assert!(
            sponsorship
                .contains(&"  rate          a fee per post, by the account's followers (grade C)"),
            "{sponsorship:#?}"
        );
        assert!(sponsorship.contains(
            &"  counts        only when the video is a paid brand deal (opt-in: --with sponsorship; in a month, --sponsored N)"
        ));
    }

    #[test]
    fn exclusions_and_the_cross_check_come_with_their_sources() {
        let out = shown();
        let sponsorship = block(&out, "sponsorship");
        let has = |line: &str| sponsorship.iter().any(|l| l.starts_with(line));
        assert!(has(
            "  excludes      creator_rewards when the video has this: a sponsored video does not earn Creator Rewards"
        ));
        assert!(has(
            "  cross-check   $5.00–$15.00 per 1,000 views × region (grade D), for comparison only: never counted"
        ));
        assert!(has(
            "                excludes creator_rewards: TikTok support: the Creativity Program counts original content"
        ));
        assert!(has(
            "                cross-check: sponsorrate: TikTok sponsored video, average CPM $6"
        ));
        assert!(has(
            "                cross-check: influenceflow.io: sponsorship CPM"
        ));
        let rewards = block(&out, "creator_rewards");
        assert!(rewards.contains(&"  left out by   sponsorship when it counts (see there)"));
        assert!(rewards.contains(&"  counts        whenever eligible"));
    }

    #[test]
    fn eligibility_closures_and_unavailable_regions_are_listed() {
        let out = shown();
        let rewards = block(&out, "creator_rewards");
        assert!(rewards.contains(
            &"  eligibility   age 18+; 10,000 followers (milestone followers_10k); 100,000 views in the last 30 days; a video over 1 minute"
        ), "{rewards:#?}");
        let fund = block(&out, "creator_fund");
        assert!(fund.contains(
            &"  status        closed on 2023-12-16 in us, gb, de, fr; closed to new creators on 2023-02-20 in every region"
        ), "{fund:#?}");
        assert!(out.contains(
            "\n  in            India: TikTok unavailable since 2020-06-29, banned by India's government; no channel pays a creator here, and no audience watches from here\n                source: Moneycontrol (IANS): TikTok banned in India since 29 June 2020 (2020-07-28, grade B)\n"
        ), "{out}");
        assert!(out.contains(
            "\n  gb            United Kingdom (also uk, great britain, britain, england, scotland, wales, northern ireland), GBP\n"
        ));
        // A commission per 100 of sales is a percentage, with no currency sign.
        assert!(
            out.contains("\n  rate          5–20% of sales (grade B)\n"),
            "{out}"
        );
    }

    #[test]
    fn at_80_columns_each_value_goes_on_under_itself_past_the_labels() {
        let out = shown_in(Some(80));
        crate::report::wrap::assert_fits(&out, 80);
        let rewards = block(&out, "creator_rewards");
        let at = rewards
            .iter()
            .position(|l| l.starts_with("  eligibility"))
            .unwrap();
        assert_eq!(
            rewards[at..at + 3],
            [
                "  eligibility   age 18+; 10,000 followers (milestone followers_10k); 100,000",
                "                views in the last 30 days; a video over 1 minute",
                "                in kr: age 19+",
            ]
        );
        // Nothing is lost: the same words, in the same order.
        let words = |text: &str| {
            text.split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let joined = |text: &str| words(text).concat();
        assert_eq!(joined(&out), joined(&shown()));
    }

    #[test]
    fn every_line_fits_whatever_the_width() {
        for width in [40, 60, 100, 120] {
            crate::report::wrap::assert_fits(&shown_in(Some(width)), width);
        }
    }
}
