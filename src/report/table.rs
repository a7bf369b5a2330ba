//! The human-readable table: a header naming the inputs and the rate table, a row per channel,
//! the total, and footnotes for anything assumed or left out.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::printable;
use crate::estimate::{ChannelEstimate, Estimate, Reason, ResolvedInput, Status};
use crate::explain;
use crate::money::group_thousands;
use crate::rates::{Grade, RateTable};

const GAP: &str = "  ";

/// Writes the estimate as an aligned table; `color` adds ANSI styles (the caller decides when
/// that is wanted).
pub fn write(
    estimate: &Estimate,
    table: &RateTable,
    out: &mut dyn Write,
    color: bool,
    explain: bool,
) -> io::Result<()> {
    let paint = painter(color);
    let mut headline = vec![count(estimate.input.views, "view")];
    headline.extend(input_parts(&estimate.input, table));
    writeln!(out, "{}", paint(Style::new().bold(), &headline.join(" · ")))?;
    writeln!(out)?;

    let rows: Vec<Row> = estimate.channels.iter().map(Row::from).collect();
    let total = Row::total(
        estimate.total.low.to_string(),
        estimate.total.high.to_string(),
    );
    write_grid(
        out,
        ["CHANNEL", "LOW", "HIGH", "GRADE", "STATUS", "WHY"],
        &rows,
        &total,
        &paint,
    )?;

    let mut notes = vec!["Only eligible and assumed channels count in the total.".to_string()];
    notes.extend(super::fx_note(table, &estimate.input.currency));
    notes.extend(evidence_notes(
        estimate
            .channels
            .iter()
            .map(|c| (c.grade, c.reasons.as_slice())),
    ));
    write_notes(out, &notes, &paint)?;
    if explain {
        write_explanations(estimate, table, out, &paint)?;
    }
    Ok(())
}

/// Styles text when colour is wanted, and leaves it plain otherwise.
pub(super) fn painter(color: bool) -> impl Fn(Style, &str) -> String {
    move |style: Style, text: &str| {
        if color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }
}

/// The aligned rows under a dimmed header, then the total in bold.
pub(super) fn write_grid(
    out: &mut dyn Write,
    header: [&str; 6],
    rows: &[Row],
    total: &Row,
    paint: &dyn Fn(Style, &str) -> String,
) -> io::Result<()> {
    let width = |column: fn(&Row) -> usize, title: &str| {
        rows.iter()
            .chain(std::iter::once(total))
            .map(column)
            .max()
            .unwrap_or(0)
            .max(title.chars().count())
    };
    let name_w = width(|r| r.name.chars().count(), header[0]);
    let low_w = width(|r| r.low.chars().count(), header[1]);
    let high_w = width(|r| r.high.chars().count(), header[2]);
    let grade_w = header[3].len();
    let status_w = width(|r| r.status.map_or(0, |s| status_label(s).len()), header[4]);

    let heading = format!(
        "{:<name_w$}{GAP}{:>low_w$}{GAP}{:>high_w$}{GAP}{:<grade_w$}{GAP}{:<status_w$}{GAP}{}",
        header[0], header[1], header[2], header[3], header[4], header[5]
    );
    writeln!(out, "{}", paint(Style::new().dimmed(), heading.trim_end()))?;
    for row in rows {
        let status = row.status.map_or(String::new(), |s| {
            let label = format!("{:<status_w$}", status_label(s));
            paint(status_style(s), &label)
        });
        let line = format!(
            "{:<name_w$}{GAP}{:>low_w$}{GAP}{:>high_w$}{GAP}{:<grade_w$}{GAP}{status}{GAP}{}",
            row.name, row.low, row.high, row.grade, row.why
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    let line = format!(
        "{:<name_w$}{GAP}{:>low_w$}{GAP}{:>high_w$}",
        total.name, total.low, total.high
    );
    writeln!(out, "{}", paint(Style::new().bold(), &line))
}

/// Footnotes, dimmed, after a blank line.
pub(super) fn write_notes(
    out: &mut dyn Write,
    notes: &[String],
    paint: &dyn Fn(Style, &str) -> String,
) -> io::Result<()> {
    if !notes.is_empty() {
        writeln!(out)?;
        for note in notes {
            writeln!(out, "{}", paint(Style::new().dimmed(), note))?;
        }
    }
    Ok(())
}

/// Under each channel's name: the formula with its numbers, each threshold, each source.
fn write_explanations(
    estimate: &Estimate,
    table: &RateTable,
    out: &mut dyn Write,
    paint: &dyn Fn(Style, &str) -> String,
) -> io::Result<()> {
    for channel in &estimate.channels {
        let Some(x) = explain::explain(table, estimate, channel) else {
            continue;
        };
        write_heading(out, channel.name, channel.status, paint)?;
        match &x.terms {
            Some(terms) => writeln!(out, "  {}", explain::formula(table, terms, channel.amount))?,
            None => writeln!(out, "  {}", printable(&why(&channel.reasons)))?,
        }
        for check in &x.thresholds {
            writeln!(out, "  {}", explain::threshold_line(check))?;
        }
        if let Some(minimum) = &x.minimum {
            writeln!(out, "  {}", explain::minimum_line(minimum))?;
        }
        for cited in &x.sources {
            let line = format!(
                "  {}: {}",
                cited.figure,
                printable(&explain::source_line(cited.source))
            );
            writeln!(out, "{}", paint(Style::new().dimmed(), &line))?;
        }
    }
    Ok(())
}

/// A channel's heading in an explanation, after a blank line: "Creator Rewards (assumed)".
pub(super) fn write_heading(
    out: &mut dyn Write,
    name: &str,
    status: Status,
    paint: &dyn Fn(Style, &str) -> String,
) -> io::Result<()> {
    writeln!(out)?;
    let heading = format!("{} ({})", printable(name), status_label(status));
    writeln!(out, "{}", paint(Style::new().bold(), &heading))
}

/// One line of the table: a channel's name, its two figures, grade, status and why.
pub(super) struct Row {
    pub name: String,
    pub low: String,
    pub high: String,
    pub grade: String,
    pub status: Option<Status>,
    pub why: String,
}

impl Row {
    pub fn total(low: String, high: String) -> Row {
        Row {
            name: "Total".to_string(),
            low,
            high,
            grade: String::new(),
            status: None,
            why: String::new(),
        }
    }
}

impl From<&ChannelEstimate<'_>> for Row {
    fn from(channel: &ChannelEstimate<'_>) -> Row {
        let (low, high) = channel.amount.map_or_else(
            || ("—".to_string(), "—".to_string()),
            |a| (a.low.to_string(), a.high.to_string()),
        );
        Row {
            name: printable(channel.name).into_owned(),
            low,
            high,
            grade: channel.grade.map_or("?", |g| g.letter()).to_string(),
            status: Some(channel.status),
            why: printable(&why(&channel.reasons)).into_owned(),
        }
    }
}

pub(super) fn status_label(status: Status) -> &'static str {
    match status {
        Status::NeedsInput => "needs input",
        other => other.key(),
    }
}

fn status_style(status: Status) -> Style {
    let color = match status {
        Status::Eligible => AnsiColor::Green,
        Status::Assumed => AnsiColor::Yellow,
        Status::Ineligible => AnsiColor::Red,
        Status::NeedsInput => AnsiColor::Cyan,
        Status::Closed | Status::Unavailable => return Style::new().dimmed(),
    };
    Style::new().fg_color(Some(color.into()))
}

/// The reasons in short: assumed thresholds folded into one phrase, the rest as they are.
pub(super) fn why(reasons: &[Reason]) -> String {
    let assumed: Vec<String> = reasons
        .iter()
        .filter_map(|r| match r {
            Reason::Assumed(check) => Some(check.requirement.describe(check.needed).to_string()),
            _ => None,
        })
        .collect();
    let mut parts: Vec<String> = reasons
        .iter()
        .filter(|r| !matches!(r, Reason::Assumed(_)))
        .map(ToString::to_string)
        .collect();
    if !assumed.is_empty() {
        parts.push(format!("assumes {}", assumed.join(", ")));
    }
    parts.join("; ")
}

/// "region us (United States) · 12,000 followers · … · rates: earn default rates, as of 2026-06":
/// everything an answer was computed from but the views.
pub(super) fn input_parts(input: &ResolvedInput<'_>, table: &RateTable) -> Vec<String> {
    let named = |code: &str| {
        table
            .region(code)
            .map_or(code.to_string(), |r| format!("{} ({})", r.code, r.name))
    };
    let mut parts = if input.country == input.audience {
        vec![format!("region {}", named(input.country))]
    } else {
        vec![
            format!("creator in {}", named(input.country)),
            format!("audience in {}", named(input.audience)),
        ]
    };
    if let Some(n) = input.followers {
        parts.push(count(n, "follower"));
    }
    if let Some(n) = input.age {
        parts.push(format!("age {n}"));
    }
    if let Some(n) = input.views_30d {
        parts.push(format!("{} views in 30 days", group_thousands(n)));
    }
    if let Some(n) = input.diamonds {
        parts.push(count(n, "diamond"));
    }
    if let Some(share) = input.qualified_share {
        parts.push(format!("qualified share {share}"));
    }
    if let Some(niche) = &input.niche {
        parts.push(format!("niche {niche}"));
    }
    if let Some(engagement) = input.engagement {
        parts.push(format!("engagement {engagement}%"));
    }
    parts.push(format!(
        "rates: {}, as of {}",
        printable(&table.name),
        printable(&table.as_of)
    ));
    parts
}

/// "1 view", "1,000 views".
pub(super) fn count(n: u64, noun: &str) -> String {
    let plural = if n == 1 { "" } else { "s" };
    format!("{} {noun}{plural}", group_thousands(n))
}

/// What the grades mean, and which flags would settle what was assumed.
pub(super) fn evidence_notes<'a, 't: 'a>(
    channels: impl Iterator<Item = (Option<Grade>, &'a [Reason<'t>])> + Clone,
) -> Vec<String> {
    let mut notes = vec![
        "GRADE: the weakest evidence behind the figures used (A TikTok, B press, C vendor data, D folklore).".to_string(),
    ];
    if channels.clone().any(|(grade, _)| grade.is_none()) {
        notes.push("?: a figure was changed by a rates file without a grade.".to_string());
    }
    let mut flags: Vec<&str> = Vec::new();
    for reason in channels.flat_map(|(_, reasons)| reasons) {
        if let Reason::Assumed(check) = reason {
            let flag = check.requirement.flag();
            if !flags.contains(&flag) {
                flags.push(flag);
            }
        }
    }
    if !flags.is_empty() {
        notes.push(format!(
            "Assumed: thresholds whose inputs were not given are taken as met; pass {} to check them.",
            flags.join(", ")
        ));
    }
    notes
}
