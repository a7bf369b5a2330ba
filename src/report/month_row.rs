//! Batch records of accounts' months, written without serde: byte for byte the record
//! `report::month`'s `write_record` writes through serde (a test holds the two together), with
//! the text that recurs from row to row kept.
//!
//! Through serde a month's record cost about 2.5 µs, most of it escaping the same names and
//! allocating each amount's text: a roster of accounts ran at a ninth of the rows per second
//! of a roster of videos. See docs/PERFORMANCE.md.

use super::month::SCHEMA_VERSION;
use super::row::{
    Carried, ReasonText, held, held_alike, push_amounts, push_carried, push_display,
    push_leaves_out, push_opt_u64, push_rare_tail, push_str, push_u64, record_head, with_counts,
};
use crate::estimate::{Reason, Status};
use crate::month::{Cadence, Month, MonthChannel, MonthReason, ViewsFrom};
use crate::rates::{Grade, RateTable};

/// Writes month records for one rate table into a byte buffer.
pub struct MonthWriter<'t> {
    table: &'t RateTable,
    /// The currency `head` was written for, as the table holds its code.
    currency: &'t str,
    /// `{"schema_version":1,…,"input":{"avg_views":`
    head: Vec<u8>,
    /// For each channel of a month, in its order, and each status (by `Status::index`): the
    /// record's opening, up to the value of `videos_a_year`.
    openings: Vec<[Vec<u8>; Status::ALL.len()]>,
    reasons: ReasonText,
    /// For each channel, the endings of its records (from `in_total` to the closing brace)
    /// whose reasons name no count of the row's own (a closure, a missing input, an opt-in),
    /// as they recur from row to row.
    endings: Vec<Vec<Ending<'t>>>,
}

/// A channel record's ending, and what it was written from. The status is not written in it,
/// but a status has reasons of its own kinds, so endings are told apart by it first.
struct Ending<'t> {
    status: Status,
    in_total: bool,
    grade: Option<Grade>,
    reasons: Vec<MonthReason<'t>>,
    text: Vec<u8>,
}

/// The most endings kept per channel.
const MAX_ENDINGS: usize = 16;

impl<'t> MonthWriter<'t> {
    pub fn new(table: &'t RateTable) -> MonthWriter<'t> {
        let openings: Vec<[Vec<u8>; Status::ALL.len()]> = table
            .video_channels()
            .chain(table.monthly_channels())
            .map(|c| {
                Status::ALL.map(|status| {
                    let mut opening = b"{\"id\":".to_vec();
                    push_str(&mut opening, &c.id);
                    opening.extend_from_slice(b",\"name\":");
                    push_str(&mut opening, &c.name);
                    opening.extend_from_slice(b",\"basis\":");
                    push_str(&mut opening, c.basis.key());
                    opening.extend_from_slice(if c.opt_in.is_some() {
                        b",\"opt_in\":true,\"status\":"
                    } else {
                        b",\"opt_in\":false,\"status\":"
                    });
                    push_str(&mut opening, status.key());
                    opening.extend_from_slice(b",\"videos_a_year\":");
                    opening
                })
            })
            .collect();
        MonthWriter {
            table,
            currency: "",
            head: Vec::new(),
            endings: openings.iter().map(|_| Vec::new()).collect(),
            openings,
            reasons: ReasonText::default(),
        }
    }

    /// Appends the month's record, with the row's `line` and carried columns, to `out`.
    pub fn write(
        &mut self,
        month: &Month<'t>,
        line: u64,
        carried: Carried<'_>,
        out: &mut Vec<u8>,
    ) -> serde_json::Result<()> {
        let input = &month.input;
        let video = &input.video;
        let currency = &video.currency;
        if !held(self.currency, currency.code) || self.head.is_empty() {
            self.head = record_head(self.table, currency, SCHEMA_VERSION, "avg_views")?;
            self.currency = currency.code;
        }
        out.extend_from_slice(&self.head);
        push_u64(out, video.views);
        out.extend_from_slice(b",\"videos\":");
        push_u64(out, input.cadence.videos());
        out.extend_from_slice(match input.cadence {
            Cadence::Month(_) => b",\"per\":\"month\",\"videos_a_year\":",
            Cadence::Week(_) => b",\"per\":\"week\",\"videos_a_year\":",
        });
        push_u64(out, input.videos_a_year);
        // Most accounts of a roster have no opt-in videos, subscribers or the rarer inputs:
        // those runs of the record are written whole.
        if (input.sponsored, input.linked, video.subscribers) == (0, 0, None) {
            out.extend_from_slice(b",\"sponsored\":0,\"linked\":0,\"subscribers\":null");
        } else {
            out.extend_from_slice(b",\"sponsored\":");
            push_u64(out, input.sponsored);
            out.extend_from_slice(b",\"linked\":");
            push_u64(out, input.linked);
            out.extend_from_slice(b",\"subscribers\":");
            push_opt_u64(out, video.subscribers);
        }
        out.extend_from_slice(match input.views_from {
            ViewsFrom::Projected => b",\"views_30d_from\":\"projected\",\"followers\":",
            ViewsFrom::Given => b",\"views_30d_from\":\"given\",\"followers\":",
        });
        push_opt_u64(out, video.followers);
        out.extend_from_slice(b",\"country\":");
        push_str(out, video.country);
        out.extend_from_slice(b",\"audience\":");
        push_str(out, video.audience);
        out.extend_from_slice(b",\"age\":");
        push_opt_u64(out, video.age);
        out.extend_from_slice(b",\"views_30d\":");
        push_opt_u64(out, video.views_30d);
        let rare = (video.length, video.diamonds, video.sales);
        if rare == (None, None, None)
            && video.qualified_share.is_none()
            && video.niche.is_none()
            && video.engagement.is_none()
            && video.with.is_empty()
        {
            out.extend_from_slice(b",\"length\":null,\"diamonds\":null,\"sales\":null,\"qualified_share\":null,\"niche\":null,\"engagement\":null,\"with\":[]},\"channels\":[");
        } else {
            self.push_rare(month, out)?;
        }
        for (i, channel) in month.channels.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(&self.openings[i][channel.status.index()]);
            push_opt_u64(out, channel.videos_a_year);
            match (&channel.each, &channel.amount) {
                // A channel with no amount (unavailable, or an input missing): one piece.
                (None, None) => {
                    out.extend_from_slice(b",\"each\":null,\"month\":null,\"year\":null");
                }
                (each, amount) => {
                    out.extend_from_slice(b",\"each\":");
                    push_amounts(out, each.as_ref());
                    out.extend_from_slice(b",\"month\":");
                    push_amounts(out, amount.as_ref().map(|p| &p.month));
                    out.extend_from_slice(b",\"year\":");
                    push_amounts(out, amount.as_ref().map(|p| &p.year));
                }
            }
            self.push_ending(i, channel, out);
        }
        out.extend_from_slice(b"],\"total\":{\"month\":");
        push_amounts(out, Some(&month.total.month));
        out.extend_from_slice(b",\"year\":");
        push_amounts(out, Some(&month.total.year));
        out.push(b'}');
        push_leaves_out(out, month.total_leaves_out());
        out.extend_from_slice(b",\"line\":");
        push_u64(out, line);
        out.extend_from_slice(b",\"extra\":");
        push_carried(out, carried)?;
        out.extend_from_slice(b"}\n");
        Ok(())
    }
}

impl<'t> MonthWriter<'t> {
    /// The input's rarer fields, from `length` to the opening of `channels`.
    fn push_rare(&self, month: &Month<'t>, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let video = &month.input.video;
        out.extend_from_slice(b",\"length\":");
        push_opt_u64(out, video.length);
        out.extend_from_slice(b",\"diamonds\":");
        push_opt_u64(out, video.diamonds);
        push_rare_tail(out, video, self.table)
    }

    /// The ending of channel `index`'s record: whether it counts, its reasons and grade.
    fn push_ending(&mut self, index: usize, channel: &MonthChannel<'t>, out: &mut Vec<u8>) {
        // Reasons that name the row's own counts are written anew on every row.
        let recurs = channel.reasons.iter().all(|r| match r {
            MonthReason::Short { .. } => false,
            MonthReason::Video(reason) => !with_counts(reason),
            _ => true,
        });
        let endings = &mut self.endings[index];
        let kept = endings.iter().filter(|_| recurs).find(|e| {
            e.status == channel.status
                && e.in_total == channel.in_total
                && e.grade == channel.grade
                && e.reasons.len() == channel.reasons.len()
                && e.reasons
                    .iter()
                    .zip(&channel.reasons)
                    .all(|(a, b)| month_alike(a, b))
        });
        if let Some(ending) = kept {
            out.extend_from_slice(&ending.text);
            return;
        }
        let start = out.len();
        out.extend_from_slice(if channel.in_total {
            b",\"in_total\":true,\"reasons\":["
        } else {
            b",\"in_total\":false,\"reasons\":["
        });
        for (j, reason) in channel.reasons.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            match reason {
                MonthReason::Video(Reason::Below(check)) => self.reasons.push_below(out, *check),
                other => push_display(out, &mut self.reasons.scratch, other),
            }
        }
        out.extend_from_slice(b"],\"grade\":");
        match channel.grade {
            Some(grade) => push_str(out, Grade::letter(grade)),
            None => out.extend_from_slice(b"null"),
        }
        out.push(b'}');
        if recurs && endings.len() < MAX_ENDINGS {
            endings.push(Ending {
                status: channel.status,
                in_total: channel.in_total,
                grade: channel.grade,
                reasons: channel.reasons.clone(),
                text: out[start..].to_vec(),
            });
        }
    }
}

/// Whether two reasons of a month are the same, their names held at the same places of the
/// table, as the writer keys what it keeps (see `row::written_alike`).
fn month_alike(kept: &MonthReason<'_>, reason: &MonthReason<'_>) -> bool {
    match (kept, reason) {
        (MonthReason::Video(kept), MonthReason::Video(reason)) => held_alike(kept, reason),
        (
            MonthReason::NotOn { kind, count, why },
            MonthReason::NotOn {
                kind: other_kind,
                count: other_count,
                why: other_why,
            },
        ) => kind == other_kind && count == other_count && held(*why, *other_why),
        _ => kept == reason,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::MonthWriter;
    use crate::estimate::{Estimator, Input};
    use crate::month::{Cadence, MonthInput, month};
    use crate::rates;
    use crate::report::month::write_record;
    use crate::report::row::{Carried, carried_names};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The writer's record is serde's, byte for byte, over accounts that reach every
        /// field: each status, reason and currency, weekly cadences and the rare inputs.
        #[test]
        fn records_are_the_ones_serde_writes(
            accounts in prop::collection::vec((
                0_u64..3_000_000,
                0_u64..40,
                any::<bool>(),
                (0_u64..3, proptest::option::of(0_u64..100_000)),
                proptest::option::of(0_u64..2_000_000),
                proptest::option::of(0_u64..60),
                prop::sample::select(vec!["us", "gb", "jp", "in", "it", "other"]),
                (proptest::option::of(0_u64..50_000), proptest::option::of(0_u64..5_000)),
                proptest::option::of(prop::sample::select(vec!["tech", "general"])),
                proptest::option::of(prop::sample::select(vec!["jpy", "usd", "eur"])),
                proptest::option::of(0_u64..200),
            ), 1..8),
        ) {
            let table = rates::built_in_for_tests();
            let mut writer = MonthWriter::new(table);
            let mut estimator = Estimator::new(table);
            let names = carried_names([("handle".to_string(), 0)]);
            for (line, account) in accounts.into_iter().enumerate() {
                let (views, videos, weekly, (sponsored, sales), followers, age, region,
                     (diamonds, subscribers), niche, currency, length) = account;
                let input = MonthInput {
                    video: Input {
                        views,
                        followers,
                        age,
                        region: Some(region.into()),
                        diamonds,
                        sales: sales.and_then(crate::report::row::tests::amount),
                        subscribers,
                        niche: niche.map(Into::into),
                        currency: currency.map(Into::into),
                        length,
                        engagement: (views % 3 == 0).then(|| "4.5".parse().unwrap()),
                        qualified_share: (views % 5 == 0).then(|| "0.45".parse().unwrap()),
                        ..Input::default()
                    },
                    cadence: if weekly { Cadence::Week(videos) } else { Cadence::Month(videos) },
                    sponsored,
                    // The built-in table pays no channel on linked videos.
                    linked: 0,
                };
                let Ok(month) = month(table, &input, &mut estimator) else { continue };
                let fields = ["@a \"quoted\""];
                let carried = Carried::Columns { names: &names, fields: &fields };
                let (mut fast, mut serde) = (Vec::new(), Vec::new());
                writer.write(&month, line as u64, carried, &mut fast).unwrap();
                write_record(&month, table, line as u64, carried, &mut serde).unwrap();
                prop_assert_eq!(String::from_utf8(fast).unwrap(), String::from_utf8(serde).unwrap());
            }
        }
    }
}
