//! Rendering an account's month: a table, JSON (`schema/month.schema.json`) or CSV.

use std::io::{self, Write};

use anstyle::Style;
use serde::Serialize;

use super::csv::{flag, grade};
use super::json::{Amounts, Fx, Profile, Rates};
use super::printable;
use super::table::{
    evidence_notes, input_parts, left_out, painter, status_label, status_style, wrap_to,
    write_heading, write_lines, write_notes, write_working,
};
use super::wrap::{self, Reasons, UNDER, columns, pad_left, pad_right};
use crate::estimate::{self, Estimate, Range, Reason};
use crate::explain;
use crate::money::{Money, group_thousands, plural};
use crate::month::{Cadence, Month, MonthChannel, MonthReason, Period, ViewsFrom};
use crate::rates::{Grade, RateTable};

/// The version of the month's JSON layout.
pub const SCHEMA_VERSION: u32 = 3;

/// Writes the month as a table: the counted channels and the total, then the opt-in ones left
/// out, then notes, every line within `width` columns when there is one. With `video`, the
/// one-video estimate the month is built from follows, with its working.
pub fn write_table(
    month: &Month,
    table: &RateTable,
    out: &mut dyn Write,
    color: bool,
    width: Option<usize>,
    video: Option<&Estimate>,
) -> io::Result<()> {
    let paint = painter(color);
    let bold = Style::new().bold();
    write_lines(
        out,
        &wrap::parts(&headline(month, table), width),
        bold,
        &paint,
    )?;
    write_lines(
        out,
        &wrap_to(&views_line(month), width),
        Style::new(),
        &paint,
    )?;
    writeln!(out)?;
    let layout = write_channels(month, out, &paint, width)?;
    write_notes(out, &notes(month, table, layout), &paint, width)?;
    if let Some(estimate) = video {
        writeln!(out)?;
        write_lines(
            out,
            &wrap_to("How the month is worked out:", width),
            bold,
            &paint,
        )?;
        if month.input.cadence.periods_a_year() != 12 {
            let weekly = format!(
                "{} videos a year ({} a week × 52); a month is a twelfth of them",
                group_thousands(month.input.videos_a_year),
                group_thousands(month.input.cadence.videos())
            );
            write_lines(out, &wrap_to(&weekly, width), Style::new(), &paint)?;
        }
        for channel in &month.channels {
            write_heading(out, channel.name, channel.status, &paint, width)?;
            for line in working(month, table, channel) {
                write_working(out, &printable(&line), Style::new(), &paint, width)?;
            }
        }
        writeln!(out)?;
        let heading = format!(
            "One video of the month ({}), as the estimate works it out:",
            plural(month.input.video.views, "view")
        );
        write_lines(out, &wrap_to(&heading, width), bold, &paint)?;
        super::table::write_explanations(estimate, table, out, &paint, width, false)?;
    }
    Ok(())
}

/// A channel's month worked out: for one paid per video, its videos × one video's amount;
/// for one paid by the month, its formula, thresholds and sources (a one-video estimate has
/// none of these for it).
fn working(month: &Month, table: &RateTable, channel: &MonthChannel) -> Vec<String> {
    let Some(definition) = table.channel(channel.id) else {
        return Vec::new();
    };
    // A year of weeks is the cadence's videos; a count given by the month (sponsored posts,
    // diamonds, subscribers) is twelve of its months.
    let by_week = month.input.cadence.periods_a_year() != 12
        && definition.month_count.is_none()
        && !definition.basis.monthly()
        && channel.videos_a_year.is_some();
    let year = |p: Period| {
        if by_week {
            format!("; {} a year (52 weeks)", span(p.year))
        } else {
            format!("; × 12 = {} a year", span(p.year))
        }
    };
    if !definition.basis.monthly() {
        let videos = if definition.basis == crate::rates::Basis::Posts {
            "posts"
        } else {
            "videos"
        };
        let mut lines = match (channel.videos_a_year, channel.each, channel.amount) {
            (Some(n), Some(each), Some(amount)) => vec![format!(
                "{} × {} = {} a month{}",
                per_month(n, videos),
                span(each),
                span(amount.month),
                year(amount)
            )],
            // Paid on the month's own quantity (its diamonds): one video's formula on them.
            (None, _, Some(amount)) => match estimate::terms(table, definition, &month.input.video)
            {
                Some(terms) => vec![format!(
                    "{} a month{}",
                    explain::formula(table, &terms, Some(amount.month)),
                    year(amount)
                )],
                None => return vec![why_none(&channel.reasons)],
            },
            // No amount: the reasons say why, all of them.
            _ => return vec![why_none(&channel.reasons)],
        };
        lines.extend(
            channel
                .reasons
                .iter()
                .filter(|r| !matches!(r, MonthReason::Video(_)))
                .map(ToString::to_string),
        );
        return lines;
    }
    let input = &month.input.video;
    let terms = estimate::terms(table, definition, input);
    let mut lines = vec![match &terms {
        Some(terms) => {
            let formula = explain::formula(table, terms, channel.amount.map(|p| p.month));
            match channel.amount {
                Some(p) => format!("{formula} a month{}", year(p)),
                None => formula,
            }
        }
        None => why(&channel.reasons),
    }];
    lines.extend(
        channel
            .reasons
            .iter()
            .filter_map(MonthReason::video)
            .filter(|r| matches!(r, Reason::Caveat(_)))
            .map(ToString::to_string),
    );
    let thresholds = definition.eligibility.for_region(input.country);
    lines
        .extend(estimate::checks(thresholds, input.profile()).map(|c| explain::threshold_line(&c)));
    let figures = [
        ("rate", &definition.rate.sources),
        ("eligibility", &definition.eligibility.sources),
        ("availability", &definition.availability.sources),
    ];
    for (figure, sources) in figures {
        lines.extend(
            sources
                .iter()
                .map(|s| format!("{figure}: {}", explain::source_line(s))),
        );
    }
    // Each factor's sources for the entry used.
    let used = terms.iter().flat_map(|t| &t.multipliers);
    for m in used {
        let Some(factor) = table.factor(m.name) else {
            continue;
        };
        lines.extend(
            factor
                .sources_for(m.key)
                .into_iter()
                .map(|s| format!("{}: {}", factor.id, explain::source_line(s))),
        );
    }
    lines
}

/// "50,000 views a video · 20 videos a month · … · rates: …": what the month was worked out
/// from, but the 30-day views, which have a line of their own.
fn headline(month: &Month, table: &RateTable) -> Vec<String> {
    let input = &month.input;
    let cadence = input.cadence;
    let mut headline = vec![
        format!("{} a video", plural(input.video.views, "view")),
        format!("{} a {}", plural(cadence.videos(), "video"), cadence.per()),
    ];
    // The month's counts are a month's whatever the cadence: beside "7 videos a week", "30
    // sponsored" would read as a week's.
    let a_month = match cadence {
        Cadence::Month(_) => "",
        Cadence::Week(_) => " a month",
    };
    if input.sponsored > 0 {
        headline.push(format!(
            "{} sponsored{a_month}",
            group_thousands(input.sponsored)
        ));
    }
    if input.linked > 0 {
        headline.push(format!(
            "{} with a product link{a_month}",
            group_thousands(input.linked)
        ));
    }
    if let Some(n) = input.video.subscribers {
        headline.push(plural(n, "subscriber"));
    }
    let mut parts = input_parts(&input.video, table);
    parts.retain(|p| !p.ends_with("views in 30 days"));
    headline.extend(parts);
    headline
}

/// Whether a channel's row shows amounts the total leaves out, which are bracketed: one
/// video's amount counts as much as the month's.
fn bracketed(c: &MonthChannel) -> bool {
    !c.in_total && (c.each.is_some() || c.amount.is_some())
}

/// A channel's cells, amounts bracketed where the total leaves them out; an amount priced
/// from another region's market says so.
fn cells(c: &MonthChannel) -> [String; 8] {
    let why = why(&c.reasons);
    let bracket = |text: String| {
        if !bracketed(c) || text == "—" {
            text
        } else {
            format!("[{text}]")
        }
    };
    [
        printable(c.name).into_owned(),
        c.videos_a_year.map_or("—".into(), per_period),
        bracket(c.each.map_or("—".into(), span)),
        bracket(c.amount.map_or("—".into(), |p| span(p.month))),
        bracket(c.amount.map_or("—".into(), |p| span(p.year))),
        grade(c.grade).to_string(),
        status_label(c.status).to_string(),
        printable(&why).into_owned(),
    ]
}

/// How the channels are laid out, by the width they have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Every column, the reasons beside each row or under it.
    Columns(Reasons),
    /// Too narrow for every column: the month and the year in columns, and under each row its
    /// videos, one video's amount, grade, status and reasons, in lines of this width.
    Compact(usize),
}

impl Layout {
    /// Where the reasons are.
    fn reasons(self) -> Reasons {
        match self {
            Layout::Columns(reasons) => reasons,
            Layout::Compact(width) => Reasons::Under(width),
        }
    }
}

const GAP: &str = "  ";

/// The channels in aligned columns: those the total may count, the total, then the opt-in
/// ones whose count was not given.
fn write_channels(
    month: &Month,
    out: &mut dyn Write,
    paint: &dyn Fn(Style, &str) -> String,
    width: Option<usize>,
) -> io::Result<Layout> {
    let header = [
        "CHANNEL", "VIDEOS", "EACH", "A MONTH", "A YEAR", "GRADE", "STATUS", "WHY",
    ]
    .map(str::to_string);
    // Apart: the opt-in channels whose month's count was not given (no videos of theirs, or
    // no diamonds). One given a count stays among the others, bracketed if it does not count,
    // and where it is not offered too.
    let not_given = |c: &&MonthChannel| c.opt_in && !c.given;
    let (aside, counted): (Vec<&MonthChannel>, Vec<&MonthChannel>) =
        month.channels.iter().partition(not_given);
    let rows: Vec<([String; 8], &MonthChannel)> = counted.iter().map(|c| (cells(c), *c)).collect();
    let aside: Vec<([String; 8], &MonthChannel)> = aside.iter().map(|c| (cells(c), *c)).collect();
    let mut total: [String; 8] = Default::default();
    total[0] = "Total".into();
    total[3] = span(month.total.month);
    total[4] = span(month.total.year);
    let mut widths = header.clone().map(|h| columns(&h));
    for cells in rows.iter().chain(&aside).map(|(c, _)| c).chain([&total]) {
        for (width, cell) in widths.iter_mut().zip(cells.iter()) {
            *width = (*width).max(columns(cell));
        }
    }
    let before: usize = widths[..7].iter().map(|w| w + GAP.len()).sum();
    let layout = match Reasons::placed(before, width) {
        Reasons::Under(width) if before - GAP.len() > width => Layout::Compact(width),
        reasons => Layout::Columns(reasons),
    };
    // The cells before the reasons, each ending in a gap. Counts and amounts are
    // right-aligned; a status is coloured, and amounts the total leaves out are dimmed.
    let columns_shown: &[usize] = match layout {
        Layout::Columns(_) => &[0, 1, 2, 3, 4, 5, 6],
        Layout::Compact(_) => &[0, 3, 4],
    };
    let prefix = |cells: &[String; 8], channel: Option<&MonthChannel>| {
        let mut text = String::new();
        for &i in columns_shown {
            let cell = match i {
                1..=4 => pad_left(&cells[i], widths[i]),
                _ => pad_right(&cells[i], widths[i]),
            };
            let cell = match (i, channel) {
                (6, Some(c)) => paint(status_style(c.status), &cell),
                (2..=4, Some(c)) if bracketed(c) => paint(Style::new().dimmed(), &cell),
                _ => cell,
            };
            text.push_str(&cell);
            text.push_str(GAP);
        }
        text
    };
    let mut heading = prefix(&header, None);
    if let Layout::Columns(Reasons::Beside(_)) = layout {
        heading.push_str(&header[7]);
    }
    writeln!(out, "{}", paint(Style::new().dimmed(), heading.trim_end()))?;
    let write_row = |out: &mut dyn Write, (cells, channel): &([String; 8], &MonthChannel)| {
        let row = prefix(cells, Some(channel));
        let lines = match layout {
            Layout::Columns(reasons) => {
                let before = columns_shown.iter().map(|&i| widths[i] + GAP.len()).sum();
                reasons.lines(&row, before, &cells[7])
            }
            Layout::Compact(width) => {
                let mut lines = vec![row.trim_end().to_string()];
                lines.extend(wrap::indented(UNDER, UNDER, &under(cells), Some(width)));
                lines
            }
        };
        lines.iter().try_for_each(|line| writeln!(out, "{line}"))
    };
    for row in &rows {
        write_row(out, row)?;
    }
    writeln!(
        out,
        "{}",
        paint(Style::new().bold(), prefix(&total, None).trim_end())
    )?;
    if !aside.is_empty() {
        writeln!(out)?;
        let title = "Not in the total — each counts only with the month's count or amount (the flag in WHY):";
        write_lines(out, &wrap_to(title, width), Style::new().bold(), paint)?;
        for row in &aside {
            write_row(out, row)?;
        }
    }
    Ok(layout)
}

/// What a compact row has under it: "20 videos, $6.00–$45.00 each · grade D · assumed ·
/// assumes a video over 1 minute".
fn under(cells: &[String; 8]) -> String {
    let [_, videos, each, _, _, grade, status, why] = cells;
    let mut parts = Vec::new();
    let noun = if videos == "1" { "video" } else { "videos" };
    match (videos.as_str(), each.as_str()) {
        ("—", "—") => {}
        ("—", each) => parts.push(format!("{each} each")),
        (videos, "—") => parts.push(format!("{videos} {noun}")),
        (videos, each) => parts.push(format!("{videos} {noun}, {each} each")),
    }
    parts.push(format!("grade {grade}"));
    parts.push(status.clone());
    if !why.is_empty() {
        parts.push(why.clone());
    }
    parts.join(" · ")
}

/// What the total and the columns mean, the exchange rate, and the grades.
fn notes(month: &Month, table: &RateTable, layout: Layout) -> Vec<String> {
    let input = &month.input;
    let (year, videos) = if input.cadence.periods_a_year() == 12 {
        ("A year is 12 such months.".to_string(), "")
    } else {
        let smallest = Money::from_minor(1, month.total.month.low.unit());
        (
            format!(
                "A year is 52 weeks, summed exactly; a month is a twelfth of it, rounded to {smallest}, so 12 months can be a few {smallest} off the year."
            ),
            " For a weekly cadence VIDEOS is a month's average, shown to one place.",
        )
    };
    let mut notes = vec![
        format!(
            "Total: what the account's month earns as described; only eligible and assumed channels count. {year}"
        ),
        match layout {
            Layout::Columns(_) => format!(
                "VIDEOS: the month's videos a channel is paid on; EACH: one video's (or post's) amount, from the estimate of one video of {} views.{videos}",
                group_thousands(input.video.views)
            ),
            Layout::Compact(_) => format!(
                "Under each channel: the month's videos it is paid on and one video's (or post's) amount, from the estimate of one video of {} views; its grade, status and why.{}",
                group_thousands(input.video.views),
                videos.replace("VIDEOS is", "the videos are")
            ),
        },
    ];
    if month.channels.iter().any(bracketed) {
        notes.push(left_out(layout.reasons()).to_string());
    }
    notes.extend(super::fx_note(table, &input.video.currency));
    let video_reasons: Vec<Vec<Reason>> = month
        .channels
        .iter()
        .map(|c| video_reasons(&c.reasons))
        .collect();
    notes.extend(evidence_notes(
        month
            .channels
            .iter()
            .zip(&video_reasons)
            .map(|(c, r)| (c.grade, r.as_slice())),
    ));
    notes
}

/// The reasons the one-video estimate gave.
fn video_reasons<'t>(reasons: &[MonthReason<'t>]) -> Vec<Reason<'t>> {
    reasons
        .iter()
        .filter_map(MonthReason::video)
        .cloned()
        .collect()
}

/// "30-day views: 1,000,000 projected (50,000 a video × 20 videos a month) …"
fn views_line(month: &Month) -> String {
    let input = &month.input;
    let views = input.video.views_30d.unwrap_or(0);
    match input.views_from {
        // The cadence's own projection beside it, so that a figure that disagrees shows.
        ViewsFrom::Given => format!(
            "30-day views: {} as given (--views-30d; the cadence projects {}); thresholds are checked against them",
            group_thousands(views),
            group_thousands(input.projected)
        ),
        ViewsFrom::Projected => format!(
            "30-day views: {} projected ({} a video × {} a {}); thresholds are checked against them, or pass --views-30d",
            group_thousands(views),
            group_thousands(input.video.views),
            plural(input.cadence.videos(), "video"),
            input.cadence.per()
        ),
    }
}

/// The videos of a month: "20", or for a weekly cadence to one place, "21.7".
fn per_period(a_year: u64) -> String {
    if a_year % 12 == 0 {
        group_thousands(a_year / 12)
    } else {
        let tenths = (u128::from(a_year) * 10 + 6) / 12;
        let whole = u64::try_from(tenths / 10).unwrap_or(u64::MAX);
        format!("{}.{}", group_thousands(whole), tenths % 10)
    }
}

/// A channel's videos a month, as a factor the month's amount is exactly: "20 videos a month",
/// or for a weekly cadence, whose months are not whole, "236 videos a year ÷ 12".
fn per_month(a_year: u64, videos: &str) -> String {
    if a_year == 12 {
        format!("1 {} a month", videos.trim_end_matches('s'))
    } else if a_year % 12 == 0 {
        format!("{} {videos} a month", group_thousands(a_year / 12))
    } else {
        format!("{} {videos} a year ÷ 12", group_thousands(a_year))
    }
}

fn span(range: Range) -> String {
    if range.low == range.high {
        range.low.to_string()
    } else {
        format!("{}–{}", range.low, range.high)
    }
}

/// Why a month has no amount for a channel: its reasons but whose market the fee is, which the
/// video's working below says beside the fee.
fn why_none(reasons: &[MonthReason]) -> String {
    let priced = |r: &&MonthReason| matches!(r, MonthReason::Video(Reason::PricedIn { .. }));
    let reasons: Vec<MonthReason> = reasons.iter().filter(|r| !priced(r)).cloned().collect();
    why(&reasons)
}

/// The reasons in short, as the estimate's table gives them, the month's own after the
/// video's, and a rate's caveat last.
fn why(reasons: &[MonthReason]) -> String {
    let (caveats, video): (Vec<Reason>, Vec<Reason>) = video_reasons(reasons)
        .into_iter()
        .partition(|r| matches!(r, Reason::Caveat(_)));
    let mut parts = vec![super::table::why(&video)];
    parts.extend(
        reasons
            .iter()
            .filter(|r| !matches!(r, MonthReason::Video(_)))
            .map(ToString::to_string),
    );
    parts.extend(caveats.iter().map(ToString::to_string));
    parts.retain(|p| !p.is_empty());
    parts.join("; ")
}

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    currency: &'a str,
    fx: Option<Fx<'a>>,
    rates: Rates<'a>,
    input: Input<'a>,
    channels: Vec<Channel<'a>>,
    total: Periods,
    /// The channels the month has that the total leaves out: `[]` when it is complete.
    total_leaves_out: Vec<&'a str>,
    /// With --explain: the one-video estimate the month is built from, with its working.
    #[serde(skip_serializing_if = "Option::is_none")]
    video: Option<super::json::Document<'a>>,
}

#[derive(Serialize)]
struct Input<'a> {
    avg_views: u64,
    videos: u64,
    per: &'static str,
    videos_a_year: u64,
    sponsored: u64,
    linked: u64,
    subscribers: Option<u64>,
    /// Where `views_30d` came from: `given` or `projected`.
    views_30d_from: &'static str,
    #[serde(flatten)]
    profile: Profile<'a>,
}

#[derive(Serialize)]
struct Channel<'a> {
    id: &'a str,
    name: &'a str,
    basis: &'static str,
    opt_in: bool,
    status: &'static str,
    videos_a_year: Option<u64>,
    each: Option<Amounts>,
    month: Option<Amounts>,
    year: Option<Amounts>,
    in_total: bool,
    reasons: Vec<String>,
    grade: Option<&'static str>,
    /// With --explain: the channel's month worked out, line by line.
    #[serde(skip_serializing_if = "Option::is_none")]
    working: Option<Vec<String>>,
}

#[derive(Serialize)]
struct Periods {
    month: Amounts,
    year: Amounts,
}

impl From<Period> for Periods {
    fn from(period: Period) -> Periods {
        Periods {
            month: period.month.into(),
            year: period.year.into(),
        }
    }
}

fn document<'a>(
    month: &'a Month,
    table: &'a RateTable,
    video: Option<&'a Estimate>,
) -> Document<'a> {
    let input = &month.input;
    Document {
        schema_version: SCHEMA_VERSION,
        currency: input.video.currency.code,
        fx: Fx::of(table, &input.video.currency),
        rates: Rates::of(table),
        input: Input {
            avg_views: input.video.views,
            videos: input.cadence.videos(),
            per: input.cadence.per(),
            videos_a_year: input.videos_a_year,
            sponsored: input.sponsored,
            linked: input.linked,
            subscribers: input.video.subscribers,
            views_30d_from: input.views_from.key(),
            profile: Profile::of(&input.video, table),
        },
        channels: month
            .channels
            .iter()
            .map(|c| Channel {
                id: c.id,
                name: c.name,
                basis: c.basis.key(),
                opt_in: c.opt_in,
                status: c.status.key(),
                videos_a_year: c.videos_a_year,
                each: c.each.map(Into::into),
                month: c.amount.map(|p| p.month.into()),
                year: c.amount.map(|p| p.year.into()),
                in_total: c.in_total,
                reasons: c.reasons.iter().map(ToString::to_string).collect(),
                grade: c.grade.map(Grade::letter),
                working: video.map(|_| working(month, table, c)),
            })
            .collect(),
        total: month.total.into(),
        total_leaves_out: month.total_leaves_out().collect(),
        video: video.map(|e| super::json::document(e, table, true)),
    }
}

/// Writes the month as one pretty-printed JSON object and a newline; with `video`, the
/// one-video estimate it is built from, with its working.
pub fn write_json(
    month: &Month,
    table: &RateTable,
    out: &mut dyn Write,
    video: Option<&Estimate>,
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(month, table, video))?;
    writeln!(out)
}

/// Writes the month as one JSON line with the row's `line` and carried columns (`extra`): a
/// batch record through serde. Batches write records with [`super::month_row::MonthWriter`],
/// which is tested to give these same bytes.
#[cfg(test)]
pub(crate) fn write_record(
    month: &Month,
    table: &RateTable,
    line: u64,
    carried: super::row::Carried<'_>,
    out: &mut Vec<u8>,
) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &document(month, table, None))?;
    // The object is reopened to add the row's own keys, as the estimate's records have them.
    out.pop();
    out.extend_from_slice(b",\"line\":");
    out.extend_from_slice(line.to_string().as_bytes());
    out.extend_from_slice(b",\"extra\":");
    super::row::push_carried(out, carried)?;
    out.extend_from_slice(b"}\n");
    Ok(())
}

/// The CSV columns of a month: a row per channel, then a total row.
pub const CSV_HEADER: [&str; 14] = [
    "id",
    "name",
    "status",
    "in_total",
    "videos_a_year",
    "each_low",
    "each_high",
    "month_low",
    "month_high",
    "year_low",
    "year_high",
    "currency",
    "grade",
    "reasons",
];

/// Writes the month as CSV: `CSV_HEADER`, a row per channel and a `total` row. Amounts are
/// plain numbers with the currency's decimals (`627.90`, or `47347` for the yen); reasons are
/// joined with "; ".
pub fn write_csv(month: &Month, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(CSV_HEADER)?;
    let currency = month.input.video.currency.code;
    let plain = |range: Option<Range>| {
        range.map_or((String::new(), String::new()), |r| {
            (r.low.plain(), r.high.plain())
        })
    };
    for c in &month.channels {
        let each = plain(c.each);
        let months = plain(c.amount.map(|p| p.month));
        let years = plain(c.amount.map(|p| p.year));
        let reasons: Vec<String> = c.reasons.iter().map(ToString::to_string).collect();
        writer.write_record([
            c.id,
            &printable(c.name),
            c.status.key(),
            flag(c.in_total),
            &c.videos_a_year.map(|n| n.to_string()).unwrap_or_default(),
            &each.0,
            &each.1,
            &months.0,
            &months.1,
            &years.0,
            &years.1,
            currency,
            grade(c.grade),
            &printable(&reasons.join("; ")),
        ])?;
    }
    let total = month.total;
    writer.write_record([
        "total",
        "Total",
        "",
        "",
        "",
        "",
        "",
        &total.month.low.plain(),
        &total.month.high.plain(),
        &total.year.low.plain(),
        &total.year.high.plain(),
        currency,
        "",
        &super::csv::leaves_out(month.total_leaves_out(), "month"),
    ])?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::{Estimator, Input};
    use crate::month::{Cadence, MonthInput};
    use crate::rates;
    use crate::report::wrap::assert_fits;

    fn shown(input: &MonthInput) -> String {
        shown_in(input, None, false)
    }

    fn shown_in(input: &MonthInput, width: Option<usize>, explain: bool) -> String {
        let table = rates::built_in_for_tests();
        let month = crate::month::month(table, input, &mut Estimator::new(table)).unwrap();
        let video = explain
            .then(|| crate::estimate::estimate_resolved(table, month.input.video.clone()).unwrap());
        let mut out = Vec::new();
        write_table(&month, table, &mut out, false, width, video.as_ref()).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn account(region: &'static str, followers: u64) -> MonthInput<'static> {
        MonthInput {
            video: Input {
                views: 50_000,
                followers: Some(followers),
                age: Some(22),
                region: Some(region.into()),
                ..Input::default()
            },
            cadence: Cadence::Month(20),
            sponsored: 0,
            linked: 0,
        }
    }

    #[test]
    fn a_weekly_months_working_multiplies_out() {
        // 5 a week is 260 videos a year, 21.67 a month: the working gives the year's videos
        // over 12, which multiplies out to the month's amount, not a rounded 21.7.
        let mut input = account("us", 12_000);
        input.cadence = Cadence::Week(5);
        let out = shown_in(&input, None, true);
        assert!(
            out.contains(
                "\n  260 videos a year ÷ 12 × $6.00–$45.00 = $130.00–$975.00 a month; \
                 $1,560.00–$11,700.00 a year (52 weeks)\n"
            ),
            "{out}"
        );
        // Posts counted by the month are twelve months' worth, whatever the cadence.
        input.sponsored = 2;
        let out = shown_in(&input, None, true);
        assert!(
            out.contains(
                "\n  2 posts a month × $30.00–$120.00 = $60.00–$240.00 a month; × 12 = \
                 $720.00–$2,880.00 a year\n"
            ),
            "{out}"
        );
        // A monthly cadence's months are whole, and one post is one post.
        let mut input = account("us", 12_000);
        input.sponsored = 1;
        let out = shown_in(&input, None, true);
        assert!(
            out.contains("\n  19 videos a month × $6.00–$45.00 = $114.00–$855.00 a month;"),
            "{out}"
        );
        assert!(
            out.contains("\n  1 post a month × $30.00–$120.00 = $30.00–$120.00 a month;"),
            "{out}"
        );
    }

    #[test]
    fn brackets_always_come_with_their_legend() {
        // In Japan the Creator Fund never opened, so only the opt-in channels set aside below
        // the total show an amount the total leaves out: one video's fee.
        let out = shown(&account("jp", 12_000));
        let sponsorship = out.lines().find(|l| l.starts_with("Sponsorship")).unwrap();
        assert!(sponsorship.contains("[$30.00–$120.00]"), "{out}");
        let legend = left_out(Reasons::Beside(None));
        assert!(out.contains(&format!("\n{legend}\n")), "{out}");
    }

    #[test]
    fn at_80_columns_the_month_and_year_keep_their_columns_and_the_rest_goes_under() {
        let out = shown_in(&account("us", 12_000), Some(80), false);
        assert_fits(&out, 80);
        let at = out.find("\nCHANNEL").unwrap() + 1;
        let grid: Vec<&str> = out[at..].lines().take(7).collect();
        assert_eq!(
            grid,
            [
                "CHANNEL                  A MONTH                A YEAR",
                "Creator Fund     [$12.00–$50.00]     [$144.00–$600.00]",
                "    20 videos, [$0.60–$2.50] each · grade B · closed · closed in region us since",
                "    2023-12-16",
                "Creator Rewards  $120.00–$900.00  $1,440.00–$10,800.00",
                "    20 videos, $6.00–$45.00 each · grade D · assumed · assumes a video over 1",
                "    minute",
            ]
        );
        assert!(out.contains("\nUnder each channel: the month's videos it is paid on"));
        // One video is one.
        let mut one = account("us", 12_000);
        one.cadence = Cadence::Month(1);
        let out = shown_in(&one, Some(80), false);
        assert!(
            out.contains("\n    1 video, [$6.00–$45.00] each · grade D"),
            "{out}"
        );
        assert!(
            !out.contains("VIDEOS:"),
            "no column is called VIDEOS any more"
        );
        assert!(
            out.contains(
                "\n[ ]: an amount the total leaves out; the lines under its row say why.\n"
            )
        );
    }

    #[test]
    fn with_room_for_every_column_the_reasons_wrap_beside_or_go_under() {
        let wide = shown_in(&account("us", 12_000), Some(150), false);
        assert_fits(&wide, 150);
        assert!(wide.contains("  GRADE  STATUS       WHY\n"), "{wide}");
        let middle = shown_in(&account("us", 12_000), Some(120), false);
        assert_fits(&middle, 120);
        assert!(middle.contains("  GRADE  STATUS\n"), "{middle}");
        assert!(
            middle.contains("\n    closed in region us since 2023-12-16\n"),
            "{middle}"
        );
    }

    #[test]
    fn every_line_fits_80_columns_whatever_the_account() {
        let mut busy = account("gb", 2_000_000);
        busy.video.views = 1_000_000;
        let accounts = [
            account("us", 12_000),
            account("jp", 900),
            MonthInput {
                sponsored: 2,
                video: Input {
                    subscribers: Some(300),
                    diamonds: Some(50_000),
                    sales: crate::count::parse_amount("12500").ok(),
                    length: Some(75),
                    ..account("us", 12_000).video
                },
                ..account("us", 12_000)
            },
            MonthInput {
                cadence: Cadence::Week(5),
                sponsored: 4,
                ..busy
            },
        ];
        for input in &accounts {
            for explain in [false, true] {
                assert_fits(&shown_in(input, Some(80), explain), 80);
            }
        }
    }
}
