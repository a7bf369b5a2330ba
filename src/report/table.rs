//! The human-readable table: a header naming the inputs and the rate table, a row per channel,
//! the total, and footnotes for anything assumed or left out.

use std::borrow::Cow;
use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::printable;
use super::wrap::{self, Reasons, columns, pad_left, pad_right};
use crate::duration::duration_words;
use crate::estimate::{ChannelEstimate, Estimate, Reason, ResolvedInput, Status};
use crate::explain;
use crate::money::{group_thousands, plural};
use crate::rates::{Grade, RateTable};

const GAP: &str = "  ";

/// The legend of the brackets every table puts around an amount the total leaves out, so that
/// no such amount reads as money earned; `reasons` says where the table put the reasons.
pub(super) fn left_out(reasons: Reasons) -> &'static str {
    match reasons {
        Reasons::Beside(_) => "[ ]: an amount the total leaves out; WHY says why.",
        Reasons::Under(_) => {
            "[ ]: an amount the total leaves out; the lines under its row say why."
        }
    }
}

/// Writes the estimate as an aligned table; `color` adds ANSI styles and `width` is the
/// terminal's columns, which every line fits (the caller decides when either is wanted).
///
/// The channels come in two groups, so that nobody reads a deal as earned: first those that
/// count or could count for the video as described (every channel that is not opt-in, and the
/// opt-in ones named with `--with`), then the total, then the opt-in channels not named, each
/// with what it needs. An amount the total leaves out is shown in brackets.
pub fn write(
    estimate: &Estimate,
    table: &RateTable,
    out: &mut dyn Write,
    color: bool,
    width: Option<usize>,
    explain: bool,
) -> io::Result<()> {
    let paint = painter(color);
    let mut headline = vec![plural(estimate.input.views, "view")];
    headline.extend(input_parts(&estimate.input, table));
    write_lines(
        out,
        &wrap::parts(&headline, width),
        Style::new().bold(),
        &paint,
    )?;
    writeln!(out)?;

    let (aside, counted): (Vec<&ChannelEstimate>, Vec<&ChannelEstimate>) =
        estimate.channels.iter().partition(|c| c.opt_in && !c.named);
    let rows: Vec<Line> = counted.iter().map(|c| Line::of(c, table)).collect();
    let aside: Vec<Line> = aside.iter().map(|c| Line::of(c, table)).collect();
    let total = Row::total(
        estimate.total.low.to_string(),
        estimate.total.high.to_string(),
    );
    let header = ["CHANNEL", "LOW", "HIGH", "GRADE", "STATUS", "WHY"];
    let every: Vec<&Line> = rows.iter().chain(&aside).collect();
    let grid = Grid::of(header, &every, &total, width);
    grid.heading(out, &paint)?;
    for line in &rows {
        grid.row(out, line, &paint)?;
    }
    grid.total(out, &total, &paint)?;
    write_aside(out, &grid, &aside, &paint, width)?;

    let mut notes = vec![total_note(estimate)];
    if grid.hang {
        notes.push(left_out(grid.reasons).to_string());
    }
    notes.extend(super::fx_note(table, &estimate.input.currency));
    notes.extend(evidence_notes(
        estimate
            .channels
            .iter()
            .map(|c| (c.grade, c.reasons.as_slice())),
    ));
    write_notes(out, &notes, &paint, width)?;
    if explain {
        write_explanations(estimate, table, out, &paint, width, true)?;
    }
    Ok(())
}

/// Text in lines of `width` columns, or whole without one.
pub(super) fn wrap_to(text: &str, width: Option<usize>) -> Vec<String> {
    width.map_or_else(|| vec![text.to_string()], |width| wrap::wrap(text, width))
}

/// Each line in one style.
pub(super) fn write_lines(
    out: &mut dyn Write,
    lines: &[String],
    style: Style,
    paint: &dyn Fn(Style, &str) -> String,
) -> io::Result<()> {
    for line in lines {
        writeln!(out, "{}", paint(style, line))?;
    }
    Ok(())
}

/// What the total is: TikTok's pay for the video as described, and the channels named, those
/// it counts apart from those it cannot (ineligible, unavailable, or short of an input).
fn total_note(estimate: &Estimate) -> String {
    let named = |counted: bool| -> Vec<String> {
        estimate
            .channels
            .iter()
            .filter(|c| c.named && c.in_total == counted)
            .map(|c| printable(c.name).into_owned())
            .collect()
    };
    let (counted, left_out) = (named(true), named(false));
    let including = if counted.is_empty() {
        String::new()
    } else {
        format!(
            ", including {} (named with --with)",
            super::and_list(&counted)
        )
    };
    let except = match left_out.as_slice() {
        [] => String::new(),
        [one] => format!(" {one} is named with --with but not counted: WHY says why."),
        many => format!(
            " {} are named with --with but not counted: WHY says why.",
            super::and_list(many)
        ),
    };
    format!(
        "Total: what this video earns as described{including}; only eligible and assumed channels count.{except}"
    )
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

/// The aligned rows under a dimmed header, then the total in bold, within `width` columns.
pub(super) fn write_grid(
    out: &mut dyn Write,
    header: [&str; 6],
    (rows, aside): (&[Row], &[Row]),
    total: &Row,
    paint: &dyn Fn(Style, &str) -> String,
    width: Option<usize>,
) -> io::Result<Reasons> {
    let line = |row| Line {
        row: Cow::Borrowed(row),
        left_out: false,
    };
    let lines: Vec<Line> = rows.iter().map(line).collect();
    let aside: Vec<Line> = aside.iter().map(line).collect();
    let every: Vec<&Line> = lines.iter().chain(&aside).collect();
    let grid = Grid::of(header, &every, total, width);
    grid.heading(out, paint)?;
    for line in &lines {
        grid.row(out, line, paint)?;
    }
    grid.total(out, total, paint)?;
    write_aside(out, &grid, &aside, paint, width)?;
    Ok(grid.reasons)
}

/// The opt-in channels not named, after the total and under a title that says why.
fn write_aside(
    out: &mut dyn Write,
    grid: &Grid,
    aside: &[Line],
    paint: &dyn Fn(Style, &str) -> String,
    width: Option<usize>,
) -> io::Result<()> {
    if aside.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    let title = "Not in the total — each counts only if this video has it (add --with ID):";
    write_lines(out, &wrap_to(title, width), Style::new().bold(), paint)?;
    for line in aside {
        grid.row(out, line, paint)?;
    }
    Ok(())
}

/// A row, and whether its amounts are left out of the total (shown in brackets).
struct Line<'r> {
    row: Cow<'r, Row>,
    left_out: bool,
}

impl Line<'_> {
    fn of(channel: &ChannelEstimate, table: &RateTable) -> Line<'static> {
        Line {
            row: Cow::Owned(row(channel, table)),
            left_out: channel.amount.is_some() && !channel.in_total,
        }
    }

    /// The low or high figure as shown: `[$20.00` when left out, the `]` hanging past the
    /// column so that the digits of every row line up.
    fn cell(&self, text: &str) -> String {
        if self.left_out && text != "—" {
            format!("[{text}")
        } else {
            text.to_string()
        }
    }
}

/// The columns' widths, fitted to every row and the total, and where the reasons go.
struct Grid<'h> {
    header: [&'h str; 6],
    name: usize,
    low: usize,
    high: usize,
    grade: usize,
    status: usize,
    /// Room after each amount for a bracket that closes it.
    hang: bool,
    /// The columns before WHY.
    before: usize,
    reasons: Reasons,
    /// Too narrow for GRADE and STATUS: they go under the row with its reasons.
    compact: bool,
}

impl<'h> Grid<'h> {
    fn of(header: [&'h str; 6], lines: &[&Line], total: &Row, width: Option<usize>) -> Grid<'h> {
        let fit = |column: &dyn Fn(&Line) -> usize, total_width: usize, title: &str| {
            lines
                .iter()
                .map(|l| column(l))
                .max()
                .unwrap_or(0)
                .max(total_width)
                .max(columns(title))
        };
        let hang = lines.iter().any(|l| l.left_out);
        let mut grid = Grid {
            header,
            name: fit(&|l| columns(&l.row.name), columns(&total.name), header[0]),
            low: fit(
                &|l| columns(&l.cell(&l.row.low)),
                columns(&total.low),
                header[1],
            ),
            high: fit(
                &|l| columns(&l.cell(&l.row.high)),
                columns(&total.high),
                header[2],
            ),
            grade: fit(&|l| columns(&l.row.grade), 0, header[3]),
            status: fit(
                &|l| l.row.status.map_or(0, |s| columns(status_label(s))),
                0,
                header[4],
            ),
            hang,
            before: 0,
            reasons: Reasons::Beside(None),
            compact: false,
        };
        let close = grid.close(false).len();
        grid.before = [
            grid.name,
            grid.low + close,
            grid.high + close,
            grid.grade,
            grid.status,
        ]
        .iter()
        .map(|w| w + GAP.len())
        .sum();
        grid.reasons = Reasons::placed(grid.before, width);
        if let Reasons::Under(width) = grid.reasons {
            grid.compact = grid.before - GAP.len() > width;
        }
        grid
    }

    /// What follows an amount: its closing bracket, or room for one.
    fn close(&self, bracketed: bool) -> &'static str {
        match (self.hang, bracketed) {
            (_, true) => "]",
            (true, false) => " ",
            (false, false) => "",
        }
    }

    fn heading(
        &self,
        out: &mut dyn Write,
        paint: &dyn Fn(Style, &str) -> String,
    ) -> io::Result<()> {
        let h = self.header;
        let pad = self.close(false);
        let mut heading = [
            pad_right(h[0], self.name),
            format!("{}{pad}", pad_left(h[1], self.low)),
            format!("{}{pad}", pad_left(h[2], self.high)),
        ]
        .join(GAP);
        if !self.compact {
            heading = [
                heading,
                pad_right(h[3], self.grade),
                pad_right(h[4], self.status),
            ]
            .join(GAP);
        }
        // Under the rows, the reasons need no heading.
        if let Reasons::Beside(_) = self.reasons {
            heading = format!("{heading}{GAP}{}", h[5]);
        }
        writeln!(out, "{}", paint(Style::new().dimmed(), heading.trim_end()))
    }

    fn row(
        &self,
        out: &mut dyn Write,
        line: &Line,
        paint: &dyn Fn(Style, &str) -> String,
    ) -> io::Result<()> {
        let row = &line.row;
        let shown = |text: &str| {
            let bracketed = line.left_out && text != "—";
            format!("{}{}", line.cell(text), self.close(bracketed))
        };
        // The widths hold the cell before its bracket.
        let close = self.close(false).len();
        let amounts = format!(
            "{}{GAP}{}",
            pad_left(&shown(&row.low), self.low + close),
            pad_left(&shown(&row.high), self.high + close)
        );
        let amounts = if line.left_out {
            paint(Style::new().dimmed(), &amounts)
        } else {
            amounts
        };
        let name = pad_right(&row.name, self.name);
        let (text, why) = if self.compact {
            let mut under = vec![format!("grade {}", row.grade)];
            under.extend(row.status.map(|s| status_label(s).to_string()));
            under.push(row.why.clone());
            under.retain(|part| !part.is_empty());
            (format!("{name}{GAP}{amounts}"), under.join(" · "))
        } else {
            let status = row.status.map_or(String::new(), |s| {
                paint(status_style(s), &pad_right(status_label(s), self.status))
            });
            let grade = pad_right(&row.grade, self.grade);
            let text = format!("{name}{GAP}{amounts}{GAP}{grade}{GAP}{status}{GAP}");
            (text, row.why.clone())
        };
        for line in self.reasons.lines(&text, self.before, &why) {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }

    fn total(
        &self,
        out: &mut dyn Write,
        total: &Row,
        paint: &dyn Fn(Style, &str) -> String,
    ) -> io::Result<()> {
        let pad = self.close(false);
        let line = format!(
            "{}{GAP}{}{pad}{GAP}{}{pad}",
            pad_right(&total.name, self.name),
            pad_left(&total.low, self.low),
            pad_left(&total.high, self.high)
        );
        writeln!(out, "{}", paint(Style::new().bold(), line.trim_end()))
    }
}

/// Footnotes, dimmed, after a blank line; a note broken over lines is indented after its
/// first, so that each note's start shows.
pub(super) fn write_notes(
    out: &mut dyn Write,
    notes: &[String],
    paint: &dyn Fn(Style, &str) -> String,
    width: Option<usize>,
) -> io::Result<()> {
    if !notes.is_empty() {
        writeln!(out)?;
        for note in notes {
            let lines = wrap::indented("", "  ", note, width);
            write_lines(out, &lines, Style::new().dimmed(), paint)?;
        }
    }
    Ok(())
}

/// Under each channel's name: the formula with its numbers, each threshold, each source; with
/// `opt_in`, what an opt-in channel needs to count (`--with`), which a month says otherwise
/// (without it, the estimate is a month's typical video).
pub(super) fn write_explanations(
    estimate: &Estimate,
    table: &RateTable,
    out: &mut dyn Write,
    paint: &dyn Fn(Style, &str) -> String,
    width: Option<usize>,
    opt_in: bool,
) -> io::Result<()> {
    let plain = Style::new();
    for channel in &estimate.channels {
        let Some(x) = explain::explain(table, estimate, channel) else {
            continue;
        };
        write_heading(out, channel.name, channel.status, paint, width)?;
        let mut lines = vec![match &x.terms {
            Some(terms) => explain::formula(table, terms, channel.amount),
            None => printable(&why(&channel.reasons)).into_owned(),
        }];
        if let Some(tier) = &x.tier {
            lines.push(printable(&explain::tier_line(table, tier)).into_owned());
        }
        lines.extend(
            channel
                .reasons
                .iter()
                .filter(|r| matches!(r, Reason::PricedIn { .. } | Reason::Caveat(_)))
                .map(ToString::to_string),
        );
        lines.extend(x.thresholds.iter().map(explain::threshold_line));
        // Whose thresholds they are, where no source states the creator's country's.
        lines.extend(
            (channel.reasons.iter())
                .filter(|r| matches!(r, Reason::AssumedRule { .. }))
                .map(|r| printable(&r.to_string()).into_owned()),
        );
        lines.extend(x.minimum.as_ref().map(explain::minimum_line));
        if let Some(line) = x.opt_in.as_ref().filter(|_| opt_in) {
            lines.push(printable(&explain::opt_in_line(line)).into_owned());
        }
        for exclusion in &x.exclusions {
            let line = explain::exclusion_line(exclusion, channel.id);
            lines.push(printable(&line).into_owned());
        }
        // A month's diamonds or sales are the month's, not this one video's: a cross-check
        // priced on the video's views would compare unlike things.
        let own_month = !opt_in && channel.basis.own_input();
        if let Some(compared) = x.cross_check.as_ref().filter(|_| !own_month) {
            let line = explain::cross_check_line(table, compared, channel.amount);
            lines.push(printable(&line).into_owned());
        }
        for line in &lines {
            write_working(out, line, plain, paint, width)?;
        }
        for cited in &x.sources {
            let line = format!(
                "{}: {}",
                cited.figure,
                printable(&explain::source_line(cited.source))
            );
            write_working(out, &line, Style::new().dimmed(), paint, width)?;
        }
    }
    Ok(())
}

/// One line of a channel's working, indented under its heading, and further where it breaks.
pub(super) fn write_working(
    out: &mut dyn Write,
    line: &str,
    style: Style,
    paint: &dyn Fn(Style, &str) -> String,
    width: Option<usize>,
) -> io::Result<()> {
    let lines = wrap::indented("  ", "    ", line, width);
    write_lines(out, &lines, style, paint)
}

/// A channel's heading in an explanation, after a blank line: "Creator Rewards (assumed)".
pub(super) fn write_heading(
    out: &mut dyn Write,
    name: &str,
    status: Status,
    paint: &dyn Fn(Style, &str) -> String,
    width: Option<usize>,
) -> io::Result<()> {
    writeln!(out)?;
    let heading = format!("{} ({})", printable(name), status_label(status));
    write_lines(out, &wrap_to(&heading, width), Style::new().bold(), paint)
}

/// One line of the table: a channel's name, its two figures, grade, status and why.
#[derive(Debug, Clone)]
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

/// A channel's row. A fee per post names its tier first, and figures from another region's
/// market say so; an opt-in channel not named says what it needs, which is why it is left out.
fn row(channel: &ChannelEstimate<'_>, table: &RateTable) -> Row {
    let (low, high) = channel.amount.map_or_else(
        || ("—".to_string(), "—".to_string()),
        |a| (a.low.to_string(), a.high.to_string()),
    );
    let definition = table.channel(channel.id);
    let mut parts = Vec::new();
    let tier = channel
        .tier
        .zip(definition)
        .and_then(|(id, d)| d.rate.tiers.iter().find(|t| t.id == id));
    if let (Some(tier), Some(_)) = (tier, channel.amount) {
        let from = group_thousands(tier.start());
        parts.push(format!("{} tier ({from}+ followers)", tier.id));
    }
    let aside = channel.opt_in && !channel.named;
    if let (true, Some(needs)) = (aside, definition.and_then(|d| d.opt_in.as_deref())) {
        parts.push(format!("only when {needs} (--with {})", channel.id));
    }
    // Set aside under a heading that says so, the opt-in reason would only repeat it.
    let reasons: Vec<Reason> = channel
        .reasons
        .iter()
        .filter(|r| !(aside && matches!(r, Reason::OptIn { .. })))
        .cloned()
        .collect();
    parts.push(why(&reasons));
    parts.retain(|p| !p.is_empty());
    Row {
        name: printable(channel.name).into_owned(),
        low,
        high,
        grade: channel.grade.map_or("?", |g| g.letter()).to_string(),
        status: Some(channel.status),
        why: printable(&parts.join("; ")).into_owned(),
    }
}

pub(super) fn status_label(status: Status) -> &'static str {
    match status {
        Status::NeedsInput => "needs input",
        other => other.key(),
    }
}

pub(super) fn status_style(status: Status) -> Style {
    let color = match status {
        Status::Eligible => AnsiColor::Green,
        Status::Assumed => AnsiColor::Yellow,
        Status::Ineligible => AnsiColor::Red,
        Status::NeedsInput | Status::Unpriced => AnsiColor::Cyan,
        Status::Closed | Status::Unavailable => return Style::new().dimmed(),
    };
    Style::new().fg_color(Some(color.into()))
}

/// The reasons in short: assumed thresholds folded into one phrase after the rest, and a
/// rate's caveat last, as in every other output.
pub(super) fn why(reasons: &[Reason]) -> String {
    let assumed: Vec<String> = reasons
        .iter()
        .filter_map(|r| match r {
            Reason::Assumed(check) => Some(check.requirement.describe(check.needed).to_string()),
            _ => None,
        })
        .collect();
    let (caveats, others): (Vec<&Reason>, Vec<&Reason>) = reasons
        .iter()
        .filter(|r| !matches!(r, Reason::Assumed(_)))
        .partition(|r| matches!(r, Reason::Caveat(_)));
    let mut parts: Vec<String> = others.iter().map(ToString::to_string).collect();
    if !assumed.is_empty() {
        parts.push(format!("assumes {}", assumed.join(", ")));
    }
    parts.extend(caveats.iter().map(ToString::to_string));
    parts.join("; ")
}

/// "region us (United States) · 12,000 followers · … · rates: earn default rates, as of 2026-12":
/// everything an answer was computed from but the views.
pub(super) fn input_parts(input: &ResolvedInput<'_>, table: &RateTable) -> Vec<String> {
    let named = |code: &str| {
        table.region(code).map_or(code.to_string(), |r| {
            format!("{} ({})", r.code, printable(&r.name))
        })
    };
    let mut parts = if input.country == input.audience {
        vec![format!("region {}", named(input.country))]
    } else {
        vec![
            format!("creator region {}", named(input.country)),
            format!("audience region {}", named(input.audience)),
        ]
    };
    // The currency, when asked for and converted or not the creator's own; unasked, the
    // creator's own, when the amounts are in the table's currency and the rates can convert to
    // it (`$` is also the Canadian, Australian and Mexican sign).
    let code = input.currency.code;
    let own = table
        .region(input.country)
        .and_then(|r| r.currency.as_deref())
        .filter(|own| *own != code)
        .and_then(|own| table.fx.currencies.iter().find(|c| c.code == own));
    match (input.currency.asked, own) {
        (true, own) if own.is_some() || input.currency.rate.is_some() => {
            parts.push(format!("amounts in {code}"));
        }
        (false, Some(own)) => parts.push(format!(
            "amounts in {code} (--currency {} for {})",
            own.code.to_ascii_lowercase(),
            own.code
        )),
        _ => {}
    }
    if let Some(n) = input.followers {
        parts.push(plural(n, "follower"));
    }
    if let Some(n) = input.age {
        parts.push(format!("age {n}"));
    }
    if let Some(n) = input.views_30d {
        parts.push(format!("{} views in 30 days", group_thousands(n)));
    }
    if let Some(seconds) = input.length {
        parts.push(format!("a video of {}", duration_words(seconds)));
    }
    if let Some(n) = input.diamonds {
        parts.push(plural(n, "diamond"));
    }
    if let Some(sales) = input.sales {
        parts.push(format!("{sales} in sales"));
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
    if !input.with.is_empty() {
        let named: Vec<&str> = input.with.ids(table).collect();
        parts.push(format!("with {}", named.join(", ")));
    }
    parts.push(format!(
        "rates: {}, as of {}",
        printable(&table.name),
        printable(&table.as_of)
    ));
    parts
}

/// What the grades mean, and which flags would settle what was assumed.
pub(super) fn evidence_notes<'a, 't: 'a>(
    channels: impl Iterator<Item = (Option<Grade>, &'a [Reason<'t>])> + Clone,
) -> Vec<String> {
    let mut notes = vec![
        "GRADE: the weakest evidence behind the figures used (A TikTok, B press, C vendor data, D folklore).".to_string(),
    ];
    if channels.clone().any(|(grade, _)| grade.is_none()) {
        notes.push("?: a figure a rates file changed without a grade of its own (a grade copied from the figure it replaced does not count).".to_string());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::{Input, estimate};
    use crate::rates;
    use crate::report::wrap::assert_fits;

    fn shown(input: &Input, explain: bool) -> String {
        shown_in(input, explain, None)
    }

    fn shown_in(input: &Input, explain: bool, width: Option<usize>) -> String {
        let table = rates::built_in_for_tests();
        let e = estimate(table, input).unwrap();
        let mut out = Vec::new();
        write(&e, table, &mut out, false, width, explain).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn us(views: u64) -> Input<'static> {
        Input {
            views,
            region: Some("us".into()),
            ..Input::default()
        }
    }

    #[test]
    fn what_counts_comes_first_and_opt_in_channels_not_named_are_set_aside() {
        let out = shown(&us(1_000_000), false);
        let grid: Vec<&str> = out.lines().skip(2).take(10).collect();
        assert_eq!(
            grid,
            [
                "CHANNEL              LOW      HIGH   GRADE  STATUS       WHY",
                "Creator Fund     [$12.00]  [$50.00]  B      closed       closed in region us since 2023-12-16",
                "Creator Rewards  $120.00   $900.00   D      assumed      assumes age 18+, 10,000 followers, 100,000 views in the last 30 days, a video over 1 minute",
                "Total            $120.00   $900.00",
                "",
                "Not in the total — each counts only if this video has it (add --with ID):",
                "Sponsorship            —         —   C      needs input  only when the video is a paid brand deal (--with sponsorship); needs --followers: a fee per post is priced from the account's followers",
                "Affiliate              —         —   B      needs input  only when the video carries a product link that sells (--with affiliate); needs --sales: it is a commission on what the video's product links sell",
                "LIVE gifts             —         —   D      needs input  only when the creator goes LIVE and is sent gifts (--with gifts); needs --diamonds: it is paid per diamond received",
                "",
            ]
        );
        assert!(out.contains(
            "\nTotal: what this video earns as described; only eligible and assumed channels count.\n"
        ));
        assert!(out.contains("\n[ ]: an amount the total leaves out; WHY says why.\n"));
        assert!(out.contains("pass --age, --followers, --views-30d, --length to check them."));
    }

    #[test]
    fn a_named_channel_counts_above_the_total_with_its_tier() {
        let input = Input {
            followers: Some(12_000),
            with: vec!["sponsorship".into()],
            ..us(1_000_000)
        };
        let out = shown(&input, false);
        let lines: Vec<&str> = out.lines().collect();
        let at = |start: &str| lines.iter().position(|l| l.starts_with(start)).unwrap();
        assert!(at("Sponsorship") < at("Total ") && at("Total ") < at("Not in the total"));
        assert_eq!(
            lines[at("Sponsorship")],
            "Sponsorship        $30.00    $120.00   C      eligible     micro tier (10,000+ followers)"
        );
        // Left out because the sponsorship counts: bracketed, and the total is the fee alone.
        assert!(
            lines[at("Creator Rewards")].starts_with("Creator Rewards  [$120.00]  [$900.00]"),
            "{out}"
        );
        assert_eq!(lines[at("Total ")], "Total              $30.00    $120.00");
        assert!(
            lines[0].contains(" · 12,000 followers · with sponsorship · "),
            "{}",
            lines[0]
        );
        assert!(out.contains(
            "\nTotal: what this video earns as described, including Sponsorship (named with --with); only eligible and assumed channels count.\n"
        ));
    }

    #[test]
    fn a_named_channel_the_total_cannot_count_is_not_said_to_be_in_it() {
        // 500 followers: too few for a brand deal or a product link, named or not.
        let input = Input {
            followers: Some(500),
            with: vec!["sponsorship".into(), "affiliate".into()],
            ..us(500_000)
        };
        let out = shown(&input, false);
        assert!(
            out.contains(
                "\nTotal: what this video earns as described; only eligible and assumed channels \
                 count. Sponsorship and Affiliate are named with --with but not counted: WHY says \
                 why.\n"
            ),
            "{out}"
        );
        let one = Input {
            with: vec!["sponsorship".into()],
            ..input
        };
        assert!(
            shown(&one, false).contains(
                "count. Sponsorship is named with --with but not counted: WHY says why.\n"
            )
        );
    }

    #[test]
    fn the_digits_of_every_amount_end_under_their_heading() {
        let input = Input {
            followers: Some(12_000),
            diamonds: Some(5_000),
            with: vec!["sponsorship".into()],
            ..us(1_000_000)
        };
        let out = shown(&input, false);
        let lines: Vec<&str> = out.lines().collect();
        let heading = lines[2];
        for column in ["LOW", "HIGH"] {
            let end = heading.find(column).unwrap() + column.len();
            let amounts = lines[3..]
                .iter()
                .take_while(|l| !l.starts_with("GRADE:"))
                .filter(|l| !l.starts_with("Not in the total"))
                .filter(|l| l.contains('$') || l.contains('—'));
            for line in amounts {
                let cell: String = line.chars().take(end).collect();
                assert!(
                    cell.ends_with(".00") || cell.ends_with('—'),
                    "{column}: {line:?}"
                );
            }
        }
    }

    #[test]
    fn with_nothing_left_out_the_grid_keeps_no_room_for_brackets() {
        let rows = [Row {
            name: "Creator Rewards".to_string(),
            low: "1,234".to_string(),
            high: "—".to_string(),
            grade: "D".to_string(),
            status: Some(Status::Assumed),
            why: String::new(),
        }];
        let total = Row::total("1,234".to_string(), "—".to_string());
        let mut out = Vec::new();
        let header = ["CHANNEL", "FEWEST", "MOST", "GRADE", "STATUS", "WHY"];
        write_grid(
            &mut out,
            header,
            (&rows, &[]),
            &total,
            &painter(false),
            None,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\
CHANNEL          FEWEST  MOST  GRADE  STATUS   WHY
Creator Rewards   1,234     —  D      assumed
Total             1,234     —
"
        );
    }

    #[test]
    fn the_explanation_of_a_fee_per_post_shows_its_tier_exclusion_and_cross_check() {
        let input = Input {
            followers: Some(12_000),
            with: vec!["sponsorship".into()],
            ..us(1_000_000)
        };
        let out = shown(&input, true);
        let start = out.find("\nSponsorship (eligible)\n").unwrap();
        let section: Vec<&str> = out[start..].lines().skip(2).take(5).collect();
        assert_eq!(
            section,
            [
                "  1 post × micro tier $30.00–$120.00 = $30.00–$120.00",
                "  micro tier: 10,000–49,999 followers (has 12,000), $0.0025–$0.01 per follower a post, at least $25.00",
                "  counts only when the video is a paid brand deal: named with --with sponsorship",
                "  leaves Creator Rewards out of the total: a sponsored video does not earn Creator Rewards",
                "  cross-check, not counted: 1,000,000 views ÷ 1,000 × $5.00–$15.00 = $5,000.00–$15,000.00 (grade D), apart from the channel's own figure, $30.00–$120.00",
            ]
        );
        assert!(out.contains("\n  exclusion: TikTok support: the Creativity Program counts"));
        assert!(out.contains("\n  cross_check: influenceflow.io: sponsorship CPM"));
        assert!(out.contains(
            "\n  left out of the total: a sponsored video does not earn Creator Rewards (the video has Sponsorship)\n"
        ));
    }

    #[test]
    fn a_creator_and_an_audience_in_two_regions_are_each_named_as_a_region() {
        let out = shown(
            &Input {
                views: 1_000_000,
                country: Some("us".into()),
                audience: Some("in".into()),
                ..Input::default()
            },
            false,
        );
        // Not "audience in in (India)".
        assert!(
            out.starts_with(
                "1,000,000 views · creator region us (United States) · audience region in (India) ·"
            ),
            "{out}"
        );
    }

    #[test]
    fn at_80_columns_the_reasons_go_under_their_row() {
        let out = shown_in(&us(1_000_000), false, Some(80));
        assert_fits(&out, 80);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[..12],
            [
                "1,000,000 views · region us (United States) ·",
                "rates: earn default rates, as of 2026-12",
                "",
                "CHANNEL              LOW      HIGH   GRADE  STATUS",
                "Creator Fund     [$12.00]  [$50.00]  B      closed",
                "    closed in region us since 2023-12-16",
                "Creator Rewards  $120.00   $900.00   D      assumed",
                "    assumes age 18+, 10,000 followers, 100,000 views in the last 30 days, a",
                "    video over 1 minute",
                "Total            $120.00   $900.00",
                "",
                "Not in the total — each counts only if this video has it (add --with ID):",
            ]
        );
        // The legend says where the reasons are now, and a long note goes on indented.
        assert!(
            out.contains(
                "\n[ ]: an amount the total leaves out; the lines under its row say why.\n"
            )
        );
        assert!(out.contains(
            "\nTotal: what this video earns as described; only eligible and assumed channels\n  count.\n"
        ));
    }

    #[test]
    fn with_room_the_reasons_stay_beside_their_row_and_wrap_there() {
        let out = shown_in(&us(1_000_000), false, Some(120));
        assert_fits(&out, 120);
        let at = out.find("\nCreator Rewards").unwrap() + 1;
        let rewards: Vec<&str> = out[at..].lines().take(2).collect();
        assert_eq!(
            rewards,
            [
                "Creator Rewards  $120.00   $900.00   D      assumed      assumes age 18+, 10,000 followers, 100,000 views in the last 30",
                "                                                         days, a video over 1 minute",
            ]
        );
        assert!(out.contains("\n[ ]: an amount the total leaves out; WHY says why.\n"));
    }

    #[test]
    fn too_narrow_for_grade_and_status_they_go_under_the_row_too() {
        let out = shown_in(&us(1_000_000), false, Some(54));
        assert_fits(&out, 54);
        let at = out.find("\nCHANNEL").unwrap() + 1;
        let grid: Vec<&str> = out[at..].lines().take(4).collect();
        assert_eq!(
            grid,
            [
                "CHANNEL              LOW      HIGH",
                "Creator Fund     [$12.00]  [$50.00]",
                "    grade B · closed · closed in region us since",
                "    2023-12-16",
            ]
        );
    }

    #[test]
    fn every_line_fits_80_columns_whatever_the_input() {
        let inputs = [
            us(1_000_000),
            Input {
                region: Some("gb".into()),
                followers: Some(12_000),
                age: Some(22),
                ..us(1_000_000)
            },
            Input {
                followers: Some(2_000_000),
                diamonds: Some(1_000_000),
                with: vec!["sponsorship".into(), "affiliate".into(), "gifts".into()],
                currency: Some("idr".into()),
                ..us(u64::from(u32::MAX))
            },
        ];
        for input in &inputs {
            for explain in [false, true] {
                assert_fits(&shown_in(input, explain, Some(80)), 80);
            }
        }
    }

    #[test]
    fn without_a_width_lines_are_never_broken() {
        let out = shown(&us(1_000_000), false);
        assert!(out.lines().any(|l| columns(l) > 150), "{out}");
        assert_eq!(out, shown_in(&us(1_000_000), false, None));
    }
}
