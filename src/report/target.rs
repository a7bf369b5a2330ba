//! `earn target` output: the views needed for an amount, as a table or as JSON.

use std::io::{self, Write};

use anstyle::Style;
use serde::Serialize;

use super::json::{Fx, Profile, Rates};
use super::printable;
use super::table::{
    Row, evidence_notes, input_parts, painter, why, write_grid, write_heading, write_lines,
    write_notes, write_working,
};
use super::wrap;
use crate::decimal::Decimal;
use crate::estimate::{Reason, Status, Terms};
use crate::explain::term;
use crate::money::{Money, group_thousands, plural};
use crate::rates::{Grade, RateTable};
use crate::target::{Bound, ChannelTarget, Found, Reach, Target, Unreachable, exact_views};

/// The version of the target JSON layout.
pub const SCHEMA_VERSION: u32 = 4;

/// Writes the views needed as an aligned table, every line within `width` columns when there
/// is one; `explain` adds each channel's working.
pub fn write_table(
    target: &Target,
    table: &RateTable,
    out: &mut dyn Write,
    color: bool,
    width: Option<usize>,
    explain: bool,
) -> io::Result<()> {
    let paint = painter(color);
    let mut headline = vec![format!("Views for one video to earn {}", target.amount)];
    headline.extend(input_parts(&target.input, table));
    write_lines(
        out,
        &wrap::parts(&headline, width),
        Style::new().bold(),
        &paint,
    )?;
    writeln!(out)?;

    // As in the estimate: the opt-in channels not named come after the total.
    let (aside, counted): (Vec<&ChannelTarget>, Vec<&ChannelTarget>) =
        target.channels.iter().partition(|c| c.set_aside);
    let row = |c: &&ChannelTarget| Row {
        name: printable(c.name).into_owned(),
        low: shown(&c.views.fewest),
        high: shown(&c.views.most),
        grade: c.grade.map_or("?", Grade::letter).to_string(),
        status: Some(c.status),
        why: reason(c, target.amount, table)
            .map_or_else(String::new, |r| printable(&r).into_owned()),
    };
    let rows: Vec<Row> = counted.iter().map(row).collect();
    let aside: Vec<Row> = aside.iter().map(row).collect();
    let total = Row::total(shown(&target.total.fewest), shown(&target.total.most));
    write_grid(
        out,
        [
            "CHANNEL",
            "FEWEST VIEWS",
            "MOST VIEWS",
            "GRADE",
            "STATUS",
            "WHY",
        ],
        (&rows, &aside),
        &total,
        &paint,
        width,
    )?;
    write_notes(out, &notes(target, table), &paint, width)?;
    if explain {
        write_explanations(target, table, out, &paint, width)?;
    }
    Ok(())
}

/// A number of views, or a dash when none reaches the amount.
fn shown(reach: &Reach) -> String {
    reach
        .views()
        .map_or_else(|| "—".to_string(), group_thousands)
}

/// Why a channel cannot reach the amount (at either bound), or else what its status assumes.
fn reason(channel: &ChannelTarget, amount: Money, table: &RateTable) -> Option<String> {
    // Whose market a fee's figures are is said after the rest.
    let (priced, reasons): (Vec<Reason>, Vec<Reason>) = channel
        .reasons
        .iter()
        .cloned()
        .partition(|r| matches!(r, Reason::PricedIn { .. }));
    let flat = table
        .channel(channel.id)
        .map(|c| c.basis)
        .filter(|b| !b.per_view());
    let unpriced = matches!(channel.status, Status::NeedsInput | Status::Unpriced);
    let reason = match (&channel.views.fewest, &channel.views.most, flat) {
        // No amount for want of an input or a priced figure: that is why, not how it is paid.
        _ if unpriced => Some(why(&reasons)).filter(|w| !w.is_empty()),
        // A fee short of the amount even at its high figure.
        (Reach::Never(Unreachable::NotPerView(basis, Some(pays))), _, _) => {
            let pays = if pays.low == pays.high {
                pays.low.to_string()
            } else {
                format!("{}–{}", pays.low, pays.high)
            };
            Some(format!(
                "{}: {pays} whatever the views, short of {amount}",
                basis.paid()
            ))
        }
        (Reach::Never(never), _, _) => Some(never.to_string()),
        // A fee that reaches the amount at its high figure and not at its low.
        (Reach::Views(high), Reach::Never(Unreachable::NotPerView(basis, Some(pays))), _) => {
            Some(format!(
                "{}: {}–{} whatever the views; its high figures reach {amount} with no \
                 views at all, its low figures never do",
                basis.paid(),
                pays.low,
                high.earns
            ))
        }
        (_, Reach::Never(never), _) => Some(format!("at its low figures: {never}")),
        // A fee that is the amount or more, reached with no views: how it is paid says why.
        (Reach::Views(high), Reach::Views(low), Some(basis)) => {
            let range = crate::estimate::Range {
                low: low.earns,
                high: high.earns,
            };
            let pays = Unreachable::NotPerView(basis, Some(range));
            Some(match why(&reasons) {
                rest if rest.is_empty() => pays.to_string(),
                rest => format!("{pays}; {rest}"),
            })
        }
        _ => Some(why(&reasons)).filter(|w| !w.is_empty()),
    };
    // Said beside a fee's amount, which a channel that cannot count does not show.
    let shows_a_fee = (flat.is_some() && channel.views.fewest.views().is_some())
        || matches!(
            channel.views.fewest,
            Reach::Never(Unreachable::NotPerView(_, Some(_)))
        );
    let priced = (shows_a_fee && !priced.is_empty()).then(|| why(&priced));
    match (reason, priced) {
        (Some(reason), Some(priced)) => Some(format!("{reason}; {priced}")),
        (reason, priced) => reason.or(priced),
    }
}

fn total_reason(target: &Target) -> Option<String> {
    let amount = target.amount;
    match (&target.total.fewest, &target.total.most) {
        (Reach::Never(never @ Unreachable::NoChannelPerView(_)), _) => {
            Some(format!("no number of views reaches {amount}: {never}"))
        }
        (Reach::Views(_), Reach::Never(Unreachable::NoChannelPerView(pays))) => Some(format!(
            "at the low figures, the total is {} whatever the views, short of {amount}",
            pays.low
        )),
        (Reach::Never(Unreachable::NothingCounts), _) => {
            // A channel the video has that cannot be priced: the input or figure it lacks.
            let lacking = (target.channels.iter()).find(|c| {
                !c.set_aside && matches!(c.status, Status::NeedsInput | Status::Unpriced)
            });
            if let Some(c) = lacking {
                return Some(format!(
                    "{}; the video has {}, which the total leaves out: {}",
                    Unreachable::NothingCounts,
                    c.name,
                    super::table::why(&c.reasons)
                ));
            }
            // What would count if the video had it: an opt-in channel that reaches the amount.
            let would: Vec<&ChannelTarget> = target
                .channels
                .iter()
                .filter(|c| matches!(c.views.fewest, Reach::Views(_)))
                .filter(|c| c.reasons.iter().any(|r| matches!(r, Reason::OptIn { .. })))
                .collect();
            let nothing = Unreachable::NothingCounts;
            Some(match would.as_slice() {
                [] => nothing.to_string(),
                [one] => format!(
                    "{nothing}; {} would, if the video has it (--with {})",
                    one.name, one.id
                ),
                several => format!(
                    "{nothing}; {} would, if the video has them (--with {})",
                    super::and_list(&several.iter().map(|c| c.name).collect::<Vec<_>>()),
                    several.iter().map(|c| c.id).collect::<Vec<_>>().join(",")
                ),
            })
        }
        (Reach::Never(never), _) => Some(never.to_string()),
        (_, Reach::Never(never)) => Some(format!("at the low figures: {never}")),
        _ => None,
    }
}

fn notes(target: &Target, table: &RateTable) -> Vec<String> {
    let mut notes = vec![
        format!(
            "Each figure is the fewest whole views whose estimate, rounded to {}, reaches {}:",
            Money::from_minor(1, target.amount.unit()),
            target.amount
        ),
        "FEWEST VIEWS at each channel's high figures, MOST VIEWS at its low figures.".to_string(),
        "The total counts what the video earns as described (eligible and assumed \
         channels), and opt-in channels only when named with --with."
            .to_string(),
    ];
    notes.extend(super::fx_note(table, &target.input.currency));
    for group in &table.groups {
        let members: Vec<&str> = target
            .channels
            .iter()
            .filter(|c| {
                c.in_total
                    && table
                        .channel(c.id)
                        .is_some_and(|ch| ch.group.as_deref() == Some(group.id.as_str()))
            })
            .map(|c| c.name)
            .collect();
        if members.len() > 1 {
            notes.push(printable(&format!(
                "Of {}, the total counts only the one paying more at each number of views (group {}).",
                super::and_list(&members),
                group.id
            ))
            .into_owned());
        }
    }
    notes.extend(evidence_notes(
        target
            .channels
            .iter()
            .map(|c| (c.grade, c.reasons.as_slice())),
    ));
    if let Some(why) = total_reason(target) {
        notes.push(format!("Total: {why}."));
    }
    notes
}

/// Under each channel's name: the amount divided by its figures, then the views found and one
/// view fewer, as the estimate gives them.
fn write_explanations(
    target: &Target,
    table: &RateTable,
    out: &mut dyn Write,
    paint: &dyn Fn(Style, &str) -> String,
    width: Option<usize>,
) -> io::Result<()> {
    for channel in &target.channels {
        write_heading(out, channel.name, channel.status, paint, width)?;
        if let (Reach::Never(never), Reach::Never(_)) = (&channel.views.fewest, &channel.views.most)
        {
            let line = format!("cannot reach: {}", printable(&never.to_string()));
            write_working(out, &line, Style::new(), paint, width)?;
            continue;
        }
        for (label, reach, bound) in sides(&channel.views.fewest, &channel.views.most) {
            let step = channel_step(target.amount, channel, reach, bound, table);
            write_step(out, label, reach, step.as_ref(), width)?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", paint(Style::new().bold(), "Total"))?;
    for (label, reach, _) in sides(&target.total.fewest, &target.total.most) {
        let step = total_step(reach, " in total");
        write_step(out, label, reach, step.as_ref(), width)?;
    }
    Ok(())
}

fn sides<'r, 't>(
    fewest: &'r Reach<'t>,
    most: &'r Reach<'t>,
) -> [(&'static str, &'r Reach<'t>, Bound); 2] {
    [("fewest", fewest, Bound::High), ("most", most, Bound::Low)]
}

fn write_step(
    out: &mut dyn Write,
    label: &str,
    reach: &Reach,
    step: Option<&Step>,
    width: Option<usize>,
) -> io::Result<()> {
    // "fewest: " and "most:   " line up, and so do the lines under them.
    let label = format!("  {:<8}", format!("{label}:"));
    let indent = " ".repeat(label.len());
    let write = |out: &mut dyn Write, first: &str, text: &str| {
        let lines = wrap::indented(first, &indent, text, width);
        lines.iter().try_for_each(|line| writeln!(out, "{line}"))
    };
    match (reach, step) {
        (Reach::Never(never), _) => write(out, &label, &printable(&never.to_string())),
        (Reach::Views(_), Some(step)) => match &step.formula {
            Some(formula) => {
                write(out, &label, &printable(formula))?;
                write(out, &indent, &step.check)
            }
            None => write(out, &label, &step.check),
        },
        (Reach::Views(_), None) => Ok(()),
    }
}

/// The working behind one bound: the exact division, when there is one, and the check.
#[derive(Serialize)]
struct Step {
    /// `$1,000.00 ÷ $1.00 × 1,000 ÷ qualified 0.90 ≈ 1,111,111.11 views`
    formula: Option<String>,
    views: u64,
    earns: Money,
    one_fewer_earns: Option<Money>,
    /// The two amounts in the currency's minor units.
    earns_minor: u64,
    one_fewer_earns_minor: Option<u64>,
    /// `1,111,106 views earn $1,000.00; 1,111,105 earn $999.99`
    #[serde(skip)]
    check: String,
}

fn channel_step(
    amount: Money,
    channel: &ChannelTarget,
    reach: &Reach,
    bound: Bound,
    table: &RateTable,
) -> Option<Step> {
    let Reach::Views(found) = reach else {
        return None;
    };
    let terms = channel.terms.as_ref()?;
    if !terms.basis.per_view() {
        // A fee of the amount or more: no division to show, as no views are needed.
        let paid = format!(", {} whatever the views", terms.basis.paid());
        return Some(Step {
            formula: None,
            ..total_step(reach, &paid)?
        });
    }
    let mut check = check_line(found, "");
    // When one view fewer falls under the per-video minimum, the minimum decided the answer.
    if let (Some(min), Some(fewer)) = (terms.min_quantity, found.views.checked_sub(1)) {
        let counted = Terms {
            quantity: fewer,
            ..terms.clone()
        }
        .counted_quantity(bound.pick());
        if counted < min {
            let basis = table
                .channel(channel.id)
                .map_or("views", |c| c.basis.plural());
            let min = group_thousands(min);
            check = format!("{check} (a video earns nothing under {min} {basis})");
        }
    }
    Some(Step {
        formula: formula(table, amount, terms, bound),
        views: found.views,
        earns: found.earns,
        one_fewer_earns: found.one_fewer_earns,
        earns_minor: found.earns.minor(),
        one_fewer_earns_minor: found.one_fewer_earns.map(Money::minor),
        check,
    })
}

fn total_step(reach: &Reach, scope: &str) -> Option<Step> {
    let Reach::Views(found) = reach else {
        return None;
    };
    Some(Step {
        formula: None,
        views: found.views,
        earns: found.earns,
        one_fewer_earns: found.one_fewer_earns,
        earns_minor: found.earns.minor(),
        one_fewer_earns_minor: found.one_fewer_earns.map(Money::minor),
        check: check_line(found, scope),
    })
}

/// `$1,000.00 ÷ $1.00 × 1,000 ÷ qualified 0.90 ≈ 1,111,111.11 views`: the views before the
/// estimate's rounding to the cent. A figure of exactly 1 changes nothing and is left out.
pub fn formula(table: &RateTable, amount: Money, terms: &Terms, bound: Bound) -> Option<String> {
    let exact = exact_views(amount, terms, bound)?;
    let pick = bound.pick();
    let mut parts = vec![amount.to_string()];
    for (i, m) in terms.multipliers.iter().enumerate() {
        let figure = pick(m);
        if i > 0 && figure == Decimal::ONE {
            continue;
        }
        parts.push(format!("÷ {}", term(table, i, m, figure, figure)));
        if i == 0 && terms.per != 1 {
            parts.push(format!("× {}", group_thousands(terms.per)));
        }
    }
    if let Some(fx) = terms.fx {
        // Back from the currency to the table's: the inverse of the estimate's × to ÷ from.
        parts.push(format!("÷ fx {} × {}", fx.to_per_base, fx.from_per_base));
    }
    let relation = if exact.exact { "=" } else { "≈" };
    parts.push(format!("{relation} {exact} views"));
    Some(parts.join(" "))
}

/// `1,111,106 views earn $1,000.00; 1,111,105 earn $999.99`.
fn check_line(found: &Found, scope: &str) -> String {
    let verb = |n: u64| if n == 1 { "earns" } else { "earn" };
    let reached = format!(
        "{} {} {}{scope}",
        plural(found.views, "view"),
        verb(found.views),
        found.earns
    );
    match found.one_fewer_earns {
        Some(less) => {
            let fewer = found.views - 1;
            format!(
                "{reached}; {} {} {less}",
                group_thousands(fewer),
                verb(fewer)
            )
        }
        None => reached,
    }
}

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    currency: &'a str,
    /// Null when the amounts are in the table's own currency.
    fx: Option<Fx<'a>>,
    rates: Rates<'a>,
    input: Profile<'a>,
    amount: Money,
    /// The amount in the currency's minor units (cents; yen).
    amount_minor: u64,
    channels: Vec<Channel<'a>>,
    total: Needed,
}

#[derive(Serialize)]
struct Channel<'a> {
    id: &'a str,
    name: &'a str,
    status: &'static str,
    in_total: bool,
    grade: Option<&'static str>,
    #[serde(flatten)]
    views: Needed,
}

/// The views needed, for a channel or the total.
#[derive(Serialize)]
struct Needed {
    /// The fewest views, at the high figures; null when no number of views reaches the amount.
    views_low: Option<u64>,
    /// The most views, at the low figures.
    views_high: Option<u64>,
    /// Why the amount cannot be reached, or else what is assumed.
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<Explain>,
}

#[derive(Serialize)]
struct Explain {
    fewest: Option<Step>,
    most: Option<Step>,
}

/// Writes the views needed as one pretty-printed JSON object and a newline; `explain` adds each
/// bound's working.
pub fn write_json(
    target: &Target,
    table: &RateTable,
    out: &mut dyn Write,
    explain: bool,
) -> io::Result<()> {
    let document = Document {
        schema_version: SCHEMA_VERSION,
        currency: target.input.currency.code,
        fx: Fx::of(table, &target.input.currency),
        rates: Rates::of(table),
        input: super::json::Profile::of(&target.input, table),
        amount: target.amount,
        amount_minor: target.amount.minor(),
        channels: target
            .channels
            .iter()
            .map(|c| Channel {
                id: c.id,
                name: c.name,
                status: c.status.key(),
                in_total: c.in_total,
                grade: c.grade.map(Grade::letter),
                views: Needed {
                    views_low: c.views.fewest.views(),
                    views_high: c.views.most.views(),
                    reason: reason(c, target.amount, table),
                    explain: explain.then(|| {
                        let [fewest, most] =
                            sides(&c.views.fewest, &c.views.most).map(|(_, reach, bound)| {
                                channel_step(target.amount, c, reach, bound, table)
                            });
                        Explain { fewest, most }
                    }),
                },
            })
            .collect(),
        total: Needed {
            views_low: target.total.fewest.views(),
            views_high: target.total.most.views(),
            reason: total_reason(target),
            explain: explain.then(|| Explain {
                fewest: total_step(&target.total.fewest, " in total"),
                most: total_step(&target.total.most, " in total"),
            }),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
