//! Batch records as NDJSON lines, written directly rather than through serde.
//!
//! A batch writes one record of about a kilobyte per input row, and building the serde document
//! for each (a vector of channels, a string per reason, a boxed raw value per amount) cost more
//! than the estimate itself. The parts that are the same on every row (the currency, the
//! exchange rate, the table's name, each channel's id and name) are written to text once; each
//! row adds only its numbers and reasons. The bytes are exactly those serde writes for the
//! estimate's JSON document with `line` and `extra` added, which the tests compare them with.

use std::fmt::{self, Write as _};

use serde_json::{Map, Value};

use super::json::{Fx, Rates, SCHEMA_VERSION};
use crate::decimal::Decimal;
use crate::duration::duration_words;
use crate::estimate::{
    ChannelEstimate, Check, Conversion, Estimate, Range, Reason, Requirement, ResolvedInput, Status,
};
use crate::money::{Grouped, push_digits};
use crate::rates::{Basis, Grade, RateTable};

/// The columns a record carries from its input row, as its `extra` object.
#[derive(Debug, Clone, Copy)]
pub enum Carried<'a> {
    /// Some fields of a CSV row: `names` pairs each carried column's name, already a JSON
    /// string, with its place in `fields`, sorted by name (the order of a JSON object here).
    Columns {
        names: &'a [(Vec<u8>, usize)],
        fields: &'a [&'a str],
    },
    /// The keys of an NDJSON row that are not inputs.
    Object(&'a Map<String, Value>),
}

impl Carried<'_> {
    /// Nothing carried.
    pub const NONE: Carried<'static> = Carried::Columns {
        names: &[],
        fields: &[],
    };
}

/// `,"total_leaves_out":[…]`: the ids of the channels the total leaves out.
pub(crate) fn push_leaves_out<'t>(out: &mut Vec<u8>, ids: impl Iterator<Item = &'t str>) {
    out.extend_from_slice(b",\"total_leaves_out\":[");
    for (i, id) in ids.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_str(out, id);
    }
    out.push(b']');
}

/// The names of carried CSV columns (`(name, column)`) as [`Carried::Columns`] wants them:
/// quoted for JSON and sorted by name.
pub fn carried_names(columns: impl IntoIterator<Item = (String, usize)>) -> Vec<(Vec<u8>, usize)> {
    let mut names: Vec<(String, usize)> = columns.into_iter().collect();
    names.sort();
    names
        .into_iter()
        .map(|(name, column)| {
            let mut quoted = Vec::with_capacity(name.len() + 2);
            push_str(&mut quoted, &name);
            (quoted, column)
        })
        .collect()
}

/// Writes batch records for one rate table into a byte buffer, keeping the text that does not
/// change from row to row.
pub struct RowWriter<'t> {
    table: &'t RateTable,
    /// The currency `head` was written for, as the table holds its code.
    currency: &'t str,
    /// `{"schema_version":2,…,"input":{"views":`
    head: Vec<u8>,
    /// The text of each enabled channel's record that recurs.
    channels: Vec<ChannelText<'t>>,
    reasons: ReasonText,
    /// `,"country":"us","audience":"us"` for each pair of places seen, by where the table
    /// holds their codes: a roster has a few regions, and escaping two codes on every row cost
    /// about 170 instructions.
    places: Vec<(&'t str, &'t str, Vec<u8>)>,
}

/// The most pairs of places [`RowWriter::places`] keeps.
const MAX_PLACES: usize = 64;

/// What the writer keeps for writing reasons (a month's writer keeps one too).
#[derive(Default)]
pub(crate) struct ReasonText {
    /// Room to write a reason in before it is escaped.
    pub(crate) scratch: String,
    /// The openings of unmet thresholds' reasons (`"needs 10,000 followers, has `), as JSON
    /// text without the closing quote, by requirement and threshold.
    needs: Vec<(Requirement, u64, Vec<u8>)>,
}

/// The most such openings kept: a table has a few thresholds per channel and region.
const MAX_NEEDS: usize = 64;

/// The most record endings kept per channel: a brand deal's differ by fee tier and, priced in
/// one market, by audience region, so a roster of 8 regions has about 40 of them (kept to 16,
/// most were written afresh, and a batch ran 3% more instructions).
pub(crate) const MAX_ENDINGS: usize = 64;

struct ChannelText<'t> {
    id: &'t str,
    /// For each status (by `Status::index`), the record's opening up to its low amount, after
    /// the comma that separates it from the channel before:
    /// `,{"id":…,"name":…,"basis":…,"opt_in":…,"status":…,"low":`.
    openings: [Vec<u8>; Status::ALL.len()],
    /// Endings already written, from after the high amount to the closing brace, for the
    /// reasons (and grade, tier, and whether the channel counts) that recur from row to row.
    endings: Vec<Ending<'t>>,
}

struct Ending<'t> {
    in_total: bool,
    tier: Option<&'t str>,
    reasons: Vec<Reason<'t>>,
    grade: Option<Grade>,
    text: Vec<u8>,
}

impl<'t> RowWriter<'t> {
    pub fn new(table: &'t RateTable) -> RowWriter<'t> {
        let channels = table
            .video_channels()
            .map(|c| ChannelText {
                id: &c.id,
                openings: Status::ALL.map(|status| {
                    channel_opening(&c.id, &c.name, c.basis, c.opt_in.is_some(), status)
                }),
                endings: Vec::new(),
            })
            .collect();
        RowWriter {
            table,
            currency: "",
            head: Vec::new(),
            channels,
            reasons: ReasonText::default(),
            places: Vec::new(),
        }
    }

    /// Appends the record of an estimated row, and a newline, to `out`.
    pub fn estimate(
        &mut self,
        estimate: &Estimate<'t>,
        line: u64,
        carried: Carried<'_>,
        out: &mut Vec<u8>,
    ) -> serde_json::Result<()> {
        let input = &estimate.input;
        if self.head.is_empty() || !held(self.currency, input.currency.code) {
            self.head = head(self.table, &input.currency)?;
            self.currency = input.currency.code;
        }
        out.extend_from_slice(&self.head);
        self.push_input(input, out)?;
        for (i, channel) in estimate.channels.iter().enumerate() {
            // The estimate has the table's enabled channels, in order; anything else is written
            // as it comes. An opening starts with the comma that follows the channel before.
            let first = usize::from(i == 0);
            let text = self.channels.get_mut(i).filter(|t| held(t.id, channel.id));
            if let Some(text) = &text {
                out.extend_from_slice(&text.openings[channel.status.index()][first..]);
            } else {
                let opening = channel_opening(
                    channel.id,
                    channel.name,
                    channel.basis,
                    channel.opt_in,
                    channel.status,
                );
                out.extend_from_slice(&opening[first..]);
            }
            match channel.amount {
                Some(amount) => push_bounds(out, &amount),
                None => out.extend_from_slice(
                    b"null,\"high\":null,\"low_minor\":null,\"high_minor\":null",
                ),
            }
            let Some(text) = text else {
                self.reasons.push_ending(out, channel);
                continue;
            };
            let kept = text.endings.iter().find(|e| {
                e.in_total == channel.in_total
                    && e.grade == channel.grade
                    && same_tier(e.tier, channel.tier)
                    && written_alike(&e.reasons, &channel.reasons)
            });
            if let Some(ending) = kept {
                out.extend_from_slice(&ending.text);
                continue;
            }
            let start = out.len();
            self.reasons.push_ending(out, channel);
            // A reason with the row's own counts in it will not recur.
            let recurs = !channel.reasons.iter().any(with_counts);
            if recurs && text.endings.len() < MAX_ENDINGS {
                text.endings.push(Ending {
                    in_total: channel.in_total,
                    tier: channel.tier,
                    reasons: channel.reasons.clone(),
                    grade: channel.grade,
                    text: out[start..].to_vec(),
                });
            }
        }
        out.extend_from_slice(b"],\"total\":");
        push_amounts(out, Some(&estimate.total));
        push_leaves_out(out, estimate.total_leaves_out());
        out.extend_from_slice(b",\"line\":");
        push_u64(out, line);
        out.extend_from_slice(b",\"extra\":");
        push_carried(out, carried)?;
        out.extend_from_slice(b"}\n");
        Ok(())
    }

    /// The input's fields, from the views to the opening of the list of channels. Marked
    /// inline: left out of [`RowWriter::estimate`], a batch ran 2% more instructions.
    #[inline]
    fn push_input(
        &mut self,
        input: &ResolvedInput<'t>,
        out: &mut Vec<u8>,
    ) -> serde_json::Result<()> {
        push_u64(out, input.views);
        out.extend_from_slice(b",\"followers\":");
        push_opt_u64(out, input.followers);
        let (country, audience) = (input.country, input.audience);
        let kept = self
            .places
            .iter()
            .find(|(c, a, _)| held(*c, country) && held(*a, audience));
        if let Some((_, _, text)) = kept {
            out.extend_from_slice(text);
        } else {
            let start = out.len();
            out.extend_from_slice(b",\"country\":");
            push_str(out, country);
            out.extend_from_slice(b",\"audience\":");
            push_str(out, audience);
            if self.places.len() < MAX_PLACES {
                self.places.push((country, audience, out[start..].to_vec()));
            }
        }
        out.extend_from_slice(b",\"age\":");
        push_opt_u64(out, input.age);
        out.extend_from_slice(b",\"views_30d\":");
        push_opt_u64(out, input.views_30d);
        out.extend_from_slice(b",\"length\":");
        push_opt_u64(out, input.length);
        if input.diamonds.is_none()
            && input.sales.is_none()
            && input.qualified_share.is_none()
            && input.niche.is_none()
            && input.engagement.is_none()
            && input.with.is_empty()
        {
            // The usual roster gives none of these: one piece of text for all six.
            out.extend_from_slice(
                concat!(
                    ",\"diamonds\":null,\"sales\":null,\"qualified_share\":null,\"niche\":null,",
                    "\"engagement\":null,\"with\":[]},\"channels\":["
                )
                .as_bytes(),
            );
        } else {
            out.extend_from_slice(b",\"diamonds\":");
            push_opt_u64(out, input.diamonds);
            push_rare_tail(out, input, self.table)?;
        }
        Ok(())
    }
}

/// Whether a kept ending's reasons are certainly written as `reasons` are. This runs for
/// every channel of every row, so the writer keys what it keeps by where the table holds each
/// name rather than by the name's bytes: a name held elsewhere with equal text is a miss, which
/// costs only writing the text afresh. Reasons with a row's own counts in them are never kept,
/// so they never match.
pub(crate) fn written_alike(kept: &[Reason<'_>], reasons: &[Reason<'_>]) -> bool {
    kept.len() == reasons.len()
        && kept
            .iter()
            .zip(reasons)
            .all(|(kept, reason)| !with_counts(kept) && held_alike(kept, reason))
}

/// The same text, known from where it is held: one place of the table.
pub(crate) fn held<T: ?Sized>(a: &T, b: &T) -> bool {
    std::ptr::eq(a, b)
}

/// Whether two reasons are the same, their names held at the same places (see
/// [`written_alike`]).
pub(crate) fn held_alike(kept: &Reason<'_>, reason: &Reason<'_>) -> bool {
    match (kept, reason) {
        (Reason::Banned(kept), Reason::Banned(other)) => {
            held(kept.region, other.region) && kept.side == other.side
        }
        (Reason::OptIn { id }, Reason::OptIn { id: other }) => held(*id, *other),
        (Reason::Excluded { by, why }, Reason::Excluded { by: by2, why: why2 }) => {
            held(*by, *by2) && held(*why, *why2)
        }
        (
            Reason::NotOffered {
                region,
                offered,
                closed,
            },
            Reason::NotOffered {
                region: region2,
                offered: offered2,
                closed: closed2,
            },
        ) => {
            held(*region, *region2)
                && held(*offered, *offered2)
                && match (closed, closed2) {
                    (Some(a), Some(b)) => held(*a, *b),
                    (a, b) => a.is_none() && b.is_none(),
                }
        }
        (
            Reason::Closed {
                region,
                on,
                new_creators_only,
            },
            Reason::Closed {
                region: region2,
                on: on2,
                new_creators_only: new_creators_only2,
            },
        ) => held(*region, *region2) && held(*on, *on2) && new_creators_only == new_creators_only2,
        (
            Reason::NotCounted { group, counted },
            Reason::NotCounted {
                group: group2,
                counted: counted2,
            },
        ) => held(*group, *group2) && held(*counted, *counted2),
        (
            Reason::AssumedRule { region, known },
            Reason::AssumedRule {
                region: region2,
                known: known2,
            },
        ) => held(*region, *region2) && held(*known, *known2),
        (
            Reason::PricedIn { region, audience },
            Reason::PricedIn {
                region: region2,
                audience: audience2,
            },
        ) => held(*region, *region2) && held(*audience, *audience2),
        // The rest hold no names of the table's.
        _ => kept == reason,
    }
}

/// Whether a reason names the row's own counts, so that its text will not recur.
pub(crate) fn with_counts(reason: &Reason<'_>) -> bool {
    matches!(
        reason,
        Reason::Below(_)
            | Reason::BelowMinimum { .. }
            | Reason::HighNeeds { .. }
            | Reason::Unpriced { .. }
    )
}

/// Appends the record of a row that could not be estimated, and a newline, to `out`.
pub fn error(
    line: u64,
    message: &str,
    carried: Carried<'_>,
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    out.extend_from_slice(b"{\"line\":");
    push_u64(out, line);
    out.extend_from_slice(b",\"error\":");
    push_str(out, message);
    out.extend_from_slice(b",\"extra\":");
    push_carried(out, carried)?;
    out.extend_from_slice(b"}\n");
    Ok(())
}

/// Everything of a record before the input's views: the parts fixed by the table and the
/// currency.
fn head(table: &RateTable, conversion: &Conversion) -> serde_json::Result<Vec<u8>> {
    record_head(table, conversion, SCHEMA_VERSION, "views")
}

/// A record's opening up to the value of its input's first key (`first`), for a layout of
/// `schema_version`: a month's record opens the same way.
pub(crate) fn record_head(
    table: &RateTable,
    conversion: &Conversion,
    schema_version: u32,
    first: &str,
) -> serde_json::Result<Vec<u8>> {
    let mut head = format!("{{\"schema_version\":{schema_version},\"currency\":").into_bytes();
    push_str(&mut head, conversion.code);
    head.extend_from_slice(b",\"fx\":");
    serde_json::to_writer(&mut head, &Fx::of(table, conversion))?;
    head.extend_from_slice(b",\"rates\":");
    serde_json::to_writer(&mut head, &Rates::of(table))?;
    head.extend_from_slice(b",\"input\":{");
    push_str(&mut head, first);
    head.push(b':');
    Ok(head)
}

/// Whether two tiers are held at the same place of the table (see [`written_alike`]).
fn same_tier(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => held(a, b),
        (a, b) => a.is_none() && b.is_none(),
    }
}

/// A channel record's opening, after the comma that separates it from the one before.
fn channel_opening(id: &str, name: &str, basis: Basis, opt_in: bool, status: Status) -> Vec<u8> {
    let mut opening = b",{\"id\":".to_vec();
    push_str(&mut opening, id);
    opening.extend_from_slice(b",\"name\":");
    push_str(&mut opening, name);
    opening.extend_from_slice(b",\"basis\":\"");
    opening.extend_from_slice(basis.key().as_bytes());
    opening.extend_from_slice(if opt_in {
        b"\",\"opt_in\":true"
    } else {
        b"\",\"opt_in\":false"
    });
    opening.extend_from_slice(b",\"status\":\"");
    opening.extend_from_slice(status.key().as_bytes());
    opening.extend_from_slice(b"\",\"low\":");
    opening
}

impl ReasonText {
    /// A channel record's ending: from after its high amount to its closing brace.
    fn push_ending(&mut self, out: &mut Vec<u8>, channel: &ChannelEstimate) {
        out.extend_from_slice(if channel.in_total {
            b",\"in_total\":true,\"tier\":"
        } else {
            b",\"in_total\":false,\"tier\":"
        });
        match channel.tier {
            Some(tier) => push_str(out, tier),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"reasons\":[");
        for (j, reason) in channel.reasons.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            match reason {
                Reason::Below(check) => self.push_below(out, *check),
                other => push_display(out, &mut self.scratch, other),
            }
        }
        out.extend_from_slice(b"],\"grade\":");
        match channel.grade {
            Some(grade) => {
                out.push(b'"');
                out.extend_from_slice(Grade::letter(grade).as_bytes());
                out.extend_from_slice(b"\"}");
            }
            None => out.extend_from_slice(b"null}"),
        }
    }

    /// An unmet threshold's reason: its kept opening, then the creator's count, which needs
    /// no escaping.
    pub(crate) fn push_below(&mut self, out: &mut Vec<u8>, check: Check) {
        let key = (check.requirement, check.needed);
        if let Some((_, _, opening)) = self.needs.iter().find(|(r, n, _)| (*r, *n) == key) {
            out.extend_from_slice(opening);
        } else {
            let start = out.len();
            let needs = format!("needs {}, has ", check.requirement.describe(check.needed));
            push_display(out, &mut self.scratch, &needs);
            // Without its closing quote: the count goes before it.
            out.pop();
            if self.needs.len() < MAX_NEEDS {
                self.needs.push((key.0, key.1, out[start..].to_vec()));
            }
        }
        push_have(out, check.requirement, check.have.unwrap_or(0));
        out.push(b'"');
    }
}

/// Appends what a creator has of `requirement` as [`Requirement::have`] writes it, without
/// allocating for a count or an age: a batch writes one on most rows that miss a threshold.
fn push_have(out: &mut Vec<u8>, requirement: Requirement, have: u64) {
    match requirement {
        Requirement::Age => out.extend_from_slice(itoa::Buffer::new().format(have).as_bytes()),
        Requirement::Length => out.extend_from_slice(duration_words(have).as_bytes()),
        Requirement::Followers | Requirement::Views30d => Grouped(have).push(out),
    }
}

/// The input's last fields, from `sales` to the opening of `channels`, when any of
/// them is given: a month's record ends its input the same way.
pub(crate) fn push_rare_tail(
    out: &mut Vec<u8>,
    input: &ResolvedInput,
    table: &RateTable,
) -> serde_json::Result<()> {
    out.extend_from_slice(b",\"sales\":");
    match input.sales {
        Some(sales) => sales.push_plain(out),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"qualified_share\":");
    push_decimal(out, input.qualified_share)?;
    out.extend_from_slice(b",\"niche\":");
    match input.niche {
        Some(niche) => push_str(out, niche),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"engagement\":");
    push_decimal(out, input.engagement.map(Decimal::percent_to_fraction))?;
    out.extend_from_slice(b",\"with\":[");
    for (i, id) in input.with.ids(table).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_str(out, id);
    }
    out.extend_from_slice(b"]},\"channels\":[");
    Ok(())
}

pub(crate) fn push_carried(out: &mut Vec<u8>, carried: Carried<'_>) -> serde_json::Result<()> {
    match carried {
        Carried::Columns { names, fields } => {
            out.push(b'{');
            // A row shorter than the header (an error row) carries only the columns it has.
            let present = names
                .iter()
                .filter_map(|(name, column)| Some((name, *fields.get(*column)?)));
            for (i, (name, field)) in present.enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(name);
                out.push(b':');
                push_str(out, field);
            }
            out.push(b'}');
        }
        Carried::Object(map) => serde_json::to_writer(&mut *out, map)?,
    }
    Ok(())
}

pub(crate) fn push_u64(out: &mut Vec<u8>, n: u64) {
    push_digits(n, 0, out);
}

pub(crate) fn push_opt_u64(out: &mut Vec<u8>, n: Option<u64>) {
    match n {
        Some(n) => push_u64(out, n),
        None => out.extend_from_slice(b"null"),
    }
}

/// `{"low":1.00,"high":2.00,"low_minor":100,"high_minor":200}`, or `null`.
pub(crate) fn push_amounts(out: &mut Vec<u8>, range: Option<&Range>) {
    match range {
        Some(range) => {
            out.extend_from_slice(b"{\"low\":");
            push_bounds(out, range);
            out.push(b'}');
        }
        None => out.extend_from_slice(b"null"),
    }
}

/// A range's values from its low amount on: `1.00,"high":2.00,"low_minor":100,"high_minor":200`.
fn push_bounds(out: &mut Vec<u8>, range: &Range) {
    range.low.push_plain(out);
    out.extend_from_slice(b",\"high\":");
    range.high.push_plain(out);
    out.extend_from_slice(b",\"low_minor\":");
    push_u64(out, range.low.minor());
    out.extend_from_slice(b",\"high_minor\":");
    push_u64(out, range.high.minor());
}

/// A decimal input as serde writes it: these are rare in a batch, so serde writes them.
pub(crate) fn push_decimal(out: &mut Vec<u8>, value: Option<Decimal>) -> serde_json::Result<()> {
    match value {
        Some(value) => serde_json::to_writer(&mut *out, &value)?,
        None => out.extend_from_slice(b"null"),
    }
    Ok(())
}

/// Whether `text` has a byte a JSON string cannot hold as it is: a control character, `"` or
/// `\\`.
fn needs_escape(text: &[u8]) -> bool {
    text.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// A JSON string: quoted, and escaped as serde escapes.
pub(crate) fn push_str(out: &mut Vec<u8>, text: &str) {
    if needs_escape(text.as_bytes()) {
        // Rare (a name from a rates file with a quote in it): serde writes it, so the escapes
        // are serde's. Serialising a `&str` into a vector cannot fail.
        let _ = serde_json::to_writer(&mut *out, text);
    } else {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    }
}

/// Text written with `Display`, as a JSON string. It is written whole into `scratch` and then
/// escaped in one pass, which is quicker than escaping each of its pieces.
pub(crate) fn push_display(out: &mut Vec<u8>, scratch: &mut String, value: &impl fmt::Display) {
    scratch.clear();
    // Writing to a `String` cannot fail.
    let _ = write!(scratch, "{value}");
    push_str(out, scratch);
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeSet;

    use proptest::prelude::*;
    use serde::Serialize;

    use super::*;
    use crate::estimate::{Input, Side, estimate};
    use crate::rates::{self, Layer};

    fn built_in() -> RateTable {
        rates::built_in().expect("the built-in table is valid")
    }

    /// The built-in table with names that need escaping in JSON.
    fn odd_names() -> RateTable {
        rates::load(Some(Layer {
            origin: "odd.toml",
            text: "name = \"rates \\\"2026\\\" \\\\ tab\\there\"\n\
                   [[channel]]\nid = \"sponsorship\"\nname = \"Spons\\norship \u{e9}\u{1f600}\"\n",
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn through_serde(
        estimate: &Estimate,
        table: &RateTable,
        line: u64,
        extra: &Map<String, Value>,
    ) -> String {
        let mut bytes = Vec::new();
        super::super::json::write_row(estimate, table, line, extra, &mut bytes).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    fn written<'t>(
        writer: &mut RowWriter<'t>,
        estimate: &Estimate<'t>,
        line: u64,
        carried: Carried<'_>,
    ) -> String {
        let mut out = Vec::new();
        writer.estimate(estimate, line, carried, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn inputs() -> Vec<Input<'static>> {
        let mut all = Vec::new();
        for region in [None, Some("gb"), Some("jp"), Some("br"), Some("other")] {
            for currency in [None, Some("jpy"), Some("EUR"), Some("idr")] {
                all.push(Input {
                    views: 1_234_567,
                    region: region.map(Into::into),
                    currency: currency.map(Into::into),
                    ..Input::default()
                });
            }
        }
        all.push(Input {
            views: 999,
            followers: Some(10),
            age: Some(14),
            views_30d: Some(0),
            diamonds: Some(12_345),
            sales: crate::count::parse_amount("0").ok(),
            qualified_share: Some("0.45".parse().unwrap()),
            niche: Some("Tech".into()),
            engagement: Some("6.5".parse().unwrap()),
            ..Input::default()
        });
        all.push(Input {
            views: u64::MAX / 1_000_000,
            followers: Some(u64::MAX),
            diamonds: Some(0),
            qualified_share: Some(Decimal::ONE),
            engagement: Some(Decimal::ZERO),
            ..Input::default()
        });
        // Every opt-in channel named, the fee per post priced in a tier, a creator in one
        // country and an audience in another, and a video over a minute.
        all.push(Input {
            views: 2_000_000,
            followers: Some(12_000),
            country: Some("us".into()),
            audience: Some("gb".into()),
            length: Some(75),
            diamonds: Some(5_000),
            sales: crate::count::parse_amount("2500.50").ok(),
            with: vec!["sponsorship".into(), "Affiliate".into(), " gifts ".into()],
            ..Input::default()
        });
        // Another tier, a video too short for Creator Rewards, and a sponsorship without the
        // followers that price it.
        for followers in [Some(2_500_000), Some(0), None] {
            all.push(Input {
                views: 40_000,
                followers,
                region: Some("jp".into()),
                length: Some(30),
                with: vec!["sponsorship".into()],
                currency: Some("jpy".into()),
                ..Input::default()
            });
        }
        // TikTok unavailable where the creator lives, where the audience is, or both.
        for (region, country, audience) in [
            (Some("in"), None, None),
            (None, Some("gb"), Some("in")),
            (None, Some("in"), Some("us")),
            (Some("br"), Some("in"), None),
        ] {
            all.push(Input {
                views: 1_000_000,
                followers: Some(50_000),
                region: region.map(Into::into),
                country: country.map(Into::into),
                audience: audience.map(Into::into),
                with: vec!["affiliate".into()],
                ..Input::default()
            });
        }
        all
    }

    /// The rows above are worth comparing only while they hold what the JSON gained: guards
    /// against an input that silently stops covering it.
    #[test]
    fn the_inputs_cover_what_the_schema_gained() {
        let table = built_in();
        let estimates: Vec<Estimate> = inputs()
            .iter()
            .map(|input| estimate(&table, input).unwrap())
            .collect();
        let channels = || estimates.iter().flat_map(|e| &e.channels);
        assert!(
            estimates
                .iter()
                .any(|e| e.input.with.ids(&table).count() == 3)
        );
        assert!(
            estimates
                .iter()
                .any(|e| e.input.country != e.input.audience)
        );
        let tiers: BTreeSet<&str> = channels().filter_map(|c| c.tier).collect();
        assert!(tiers.len() >= 2, "{tiers:?}");
        assert!(channels().any(|c| c.tier.is_some() && c.in_total));
        assert!(channels().any(|c| c.status == Status::NeedsInput && c.basis == Basis::Posts));
        for side in [Side::Country, Side::Audience] {
            assert!(
                channels().any(|c| c
                    .reasons
                    .iter()
                    .any(|r| matches!(r, Reason::Banned(ban) if ban.side == side))),
                "{side:?}"
            );
        }
        assert!(channels().any(|c| {
            c.reasons.iter().any(
                |r| matches!(r, Reason::Below(check) if check.requirement == Requirement::Length),
            )
        }));
        assert!(channels().any(|c| {
            c.reasons
                .iter()
                .any(|r| matches!(r, Reason::Excluded { .. }))
        }));
    }

    #[test]
    fn rows_are_the_bytes_serde_writes() {
        for table in [built_in(), odd_names()] {
            let mut writer = RowWriter::new(&table);
            for (line, input) in inputs().iter().enumerate() {
                let estimate = estimate(&table, input).unwrap();
                let line = line as u64 + 2;
                let want = through_serde(&estimate, &table, line, &Map::new());
                assert_eq!(written(&mut writer, &estimate, line, Carried::NONE), want);
            }
        }
    }

    /// The writer keeps the endings of channel records by their reasons, grade and whether
    /// they count; rows that differ in only one of these must not share an ending.
    #[test]
    fn kept_endings_are_told_apart() {
        let table = built_in();
        let input = Input {
            views: 1_000_000,
            followers: Some(50_000),
            age: Some(30),
            views_30d: Some(500_000),
            ..Input::default()
        };
        let first = estimate(&table, &input).unwrap();
        let mut regraded = first.clone();
        let mut uncounted = first.clone();
        for channel in &mut regraded.channels {
            channel.grade = match channel.grade {
                Some(Grade::A) => None,
                _ => Some(Grade::A),
            };
        }
        for channel in &mut uncounted.channels {
            channel.in_total = !channel.in_total;
        }
        let mut writer = RowWriter::new(&table);
        for (line, estimate) in [&first, &regraded, &uncounted, &first]
            .into_iter()
            .enumerate()
        {
            let line = line as u64;
            assert_eq!(
                written(&mut writer, estimate, line, Carried::NONE),
                through_serde(estimate, &table, line, &Map::new())
            );
        }
    }

    /// A fee per post's ending holds its tier: rows in different tiers, with the same reasons,
    /// must not share one, nor a tier held elsewhere share one with the table's.
    #[test]
    fn kept_endings_are_told_apart_by_tier() {
        fn tier<'t>(estimate: &Estimate<'t>) -> Option<&'t str> {
            estimate.channels.iter().find_map(|c| c.tier)
        }
        let table = built_in();
        let row = |followers| Input {
            views: 1_000_000,
            followers: Some(followers),
            age: Some(30),
            views_30d: Some(500_000),
            length: Some(90),
            with: vec!["sponsorship".into()],
            ..Input::default()
        };
        let small = estimate(&table, &row(12_000)).unwrap();
        let large = estimate(&table, &row(2_000_000)).unwrap();
        assert_ne!(tier(&small), tier(&large));
        let elsewhere = tier(&small).unwrap().to_string();
        let mut retiered = small.clone();
        for channel in &mut retiered.channels {
            if channel.tier.is_some() {
                channel.tier = Some(&elsewhere);
            }
        }
        let mut writer = RowWriter::new(&table);
        for (line, estimate) in [&small, &large, &small, &retiered, &large]
            .into_iter()
            .enumerate()
        {
            let line = line as u64;
            assert_eq!(
                written(&mut writer, estimate, line, Carried::NONE),
                through_serde(estimate, &table, line, &Map::new())
            );
        }
    }

    #[test]
    fn endings_are_matched_by_where_their_names_are_held() {
        let offered = vec!["us".to_string()];
        let not_offered = |region| Reason::NotOffered {
            region,
            offered: &offered,
            closed: None,
        };
        let jp = "jp";
        let jp_elsewhere = String::from("jp");
        assert!(written_alike(&[not_offered(jp)], &[not_offered(jp)]));
        // Equal text held elsewhere is not known to be alike: it is written afresh.
        assert!(!written_alike(
            &[not_offered(jp)],
            &[not_offered(&jp_elsewhere)]
        ));
        assert!(!written_alike(&[not_offered(jp)], &[not_offered("br")]));
        assert!(!written_alike(&[not_offered(jp)], &[]));
        // Whose market a fee is, by where the table holds both regions.
        let priced = |audience| Reason::PricedIn {
            region: "us",
            audience,
        };
        assert!(written_alike(&[priced(jp)], &[priced(jp)]));
        assert!(!written_alike(&[priced(jp)], &[priced(&jp_elsewhere)]));
        assert!(!written_alike(&[priced(jp)], &[priced("gb")]));
        let check = Check {
            requirement: Requirement::Followers,
            needed: 10_000,
            have: None,
        };
        assert!(written_alike(
            &[Reason::Assumed(check)],
            &[Reason::Assumed(check)]
        ));
        // A reason with the row's own count is never kept, so never matched.
        let below = [Reason::Below(Check {
            have: Some(5),
            ..check
        })];
        assert!(!written_alike(&below, &below));
    }

    #[test]
    fn an_unmet_threshold_is_written_as_its_reason_says() {
        for (requirement, needed, have) in [
            (Requirement::Followers, 10_000, 9_999),
            (Requirement::Age, 18, 17),
            (Requirement::Views30d, 100_000, 1_234_567),
            (Requirement::Length, 60, 75),
        ] {
            let check = Check {
                requirement,
                needed,
                have: Some(have),
            };
            let mut text = ReasonText::default();
            let mut out = Vec::new();
            // Twice: once written afresh, once from the kept opening.
            for _ in 0..2 {
                out.clear();
                text.push_below(&mut out, check);
                assert_eq!(out, format!("\"{}\"", Reason::Below(check)).into_bytes());
            }
        }
    }

    #[test]
    fn carried_columns_are_the_object_serde_writes() {
        let table = built_in();
        let estimate = estimate(
            &table,
            &Input {
                views: 1,
                ..Input::default()
            },
        )
        .unwrap();
        // Columns in file order, not name order; one with a quote, one empty.
        let headers = ["zeta", "views", "\"handle\"", "Alpha", "é"];
        let fields = ["z\n", "1", "@a\u{7}", "", "\u{1f600}"];
        let names = carried_names(
            headers
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != 1)
                .map(|(i, h)| ((*h).to_string(), i)),
        );
        let map: Map<String, Value> = headers
            .iter()
            .zip(fields)
            .filter(|(h, _)| **h != "views")
            .map(|(h, f)| ((*h).to_string(), Value::String(f.to_string())))
            .collect();
        let carried = Carried::Columns {
            names: &names,
            fields: &fields,
        };
        let mut writer = RowWriter::new(&table);
        assert_eq!(
            written(&mut writer, &estimate, 7, carried),
            through_serde(&estimate, &table, 7, &map)
        );
        assert_eq!(
            written(&mut writer, &estimate, 7, Carried::Object(&map)),
            through_serde(&estimate, &table, 7, &map)
        );
        // A short row (an error row) carries only the columns it has; an unreadable one none.
        for short in [&fields[..3], &[]] {
            let map: Map<String, Value> = headers
                .iter()
                .zip(short)
                .filter(|(h, _)| **h != "views")
                .map(|(h, f)| ((*h).to_string(), Value::String((*f).to_string())))
                .collect();
            let carried = Carried::Columns {
                names: &names,
                fields: short,
            };
            assert_eq!(
                written(&mut writer, &estimate, 7, carried),
                through_serde(&estimate, &table, 7, &map)
            );
        }
    }

    #[test]
    fn error_records_are_the_bytes_serde_writes() {
        #[derive(Serialize)]
        struct ErrorRecord<'a> {
            line: u64,
            error: &'a str,
            extra: &'a Map<String, Value>,
        }
        let mut map = Map::new();
        map.insert("handle".into(), Value::String("@a".into()));
        map.insert("n".into(), Value::from(3));
        let message = "views: not a whole number: 'a\"b\\\\c\t'";
        let mut out = Vec::new();
        error(17, message, Carried::Object(&map), &mut out).unwrap();
        let want = serde_json::to_string(&ErrorRecord {
            line: 17,
            error: message,
            extra: &map,
        })
        .unwrap();
        assert_eq!(out, (want + "\n").into_bytes());
    }

    /// Sales of `hundredths`, written as a whole amount when they are one, else to the cent.
    pub(crate) fn amount(hundredths: u64) -> Option<crate::count::Amount> {
        let text = match hundredths % 100 {
            0 => (hundredths / 100).to_string(),
            cents => format!("{}.{cents:02}", hundredths / 100),
        };
        crate::count::parse_amount(&text).ok()
    }

    prop_compose! {
        fn row()(
            views in any::<u64>(),
            followers in proptest::option::of(any::<u64>()),
            age in proptest::option::of(0_u64..120),
            views_30d in proptest::option::of(0_u64..2_000_000),
            (diamonds, sales) in (
                proptest::option::of(0_u64..10_000_000_000),
                proptest::option::of(0_u64..10_000_000_000),
            ),
            region in proptest::sample::select(vec!["us", "gb", "de", "jp", "kr", "br", "in", "other"]),
            (country, audience) in (place(), place()),
            length in proptest::option::of(0_u64..200),
            niche in proptest::option::of(proptest::sample::select(vec!["beauty", "Tech", "general"])),
            share in proptest::option::of(0_u32..=100),
            engagement in proptest::option::of(0_u32..=2_000),
            with in proptest::sample::subsequence(vec!["sponsorship", "affiliate", "gifts"], 0..=3),
            line in any::<u64>(),
        ) -> (Input<'static>, u64) {
            let hundredths = |n: u32| format!("{}.{:02}", n / 100, n % 100).parse().ok();
            let input = Input {
                views,
                followers,
                age,
                views_30d,
                length,
                diamonds,
                sales: sales.and_then(amount),
                region: Some(region.into()),
                country: country.map(Into::into),
                audience: audience.map(Into::into),
                niche: niche.map(Into::into),
                qualified_share: share.and_then(hundredths),
                engagement: engagement.and_then(hundredths),
                with: with.into_iter().map(Into::into).collect(),
                ..Input::default()
            };
            (input, line)
        }
    }

    /// A creator's country or an audience's region, mostly not given.
    fn place() -> impl Strategy<Value = Option<&'static str>> {
        prop_oneof![
            2 => Just(None),
            1 => proptest::sample::select(vec!["us", "gb", "uk", "jp", "br", "in", "other"]).prop_map(Some),
        ]
    }

    #[test]
    fn a_byte_that_needs_escaping_is_found_wherever_it_is() {
        for len in 0..=10 {
            assert!(!needs_escape(&vec![b'a'; len]), "{len} bytes of a");
            for at in 0..len {
                for (byte, escaped) in [
                    (0, true),
                    (b'\n', true),
                    (0x1f, true),
                    (b'"', true),
                    (b'\\', true),
                    (b' ', false),
                    (b'#', false),
                    (b']', false),
                    (0x7f, false),
                    (0xff, false),
                ] {
                    let mut text = vec![b'a'; len];
                    text[at] = byte;
                    assert_eq!(needs_escape(&text), escaped, "{byte:#x} at {at} of {len}");
                }
            }
        }
    }

    proptest! {
        /// Rows through one writer, so that the text it keeps from earlier rows is used.
        #[test]
        fn any_rows_are_the_bytes_serde_writes(
            rows in proptest::collection::vec(row(), 1..30),
            currency in proptest::sample::select(vec!["usd", "jpy", "eur", "krw", "inr"]),
        ) {
            let table = built_in();
            let mut writer = RowWriter::new(&table);
            for (input, line) in rows {
                let input = Input { currency: Some(currency.into()), ..input };
                // Too large to compute is an error before any record; not a case here.
                if let Ok(estimate) = estimate(&table, &input) {
                    prop_assert_eq!(
                        written(&mut writer, &estimate, line, Carried::NONE),
                        through_serde(&estimate, &table, line, &Map::new())
                    );
                }
            }
        }
    }
}
