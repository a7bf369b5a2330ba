//! `earn check` output: a line per channel, or JSON.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use super::json::Rates;
use super::printable;
use super::wrap;
use crate::check::{ChannelCheck, CheckReport};
use crate::estimate::{Check, Reason, Side};
use crate::rates::RateTable;

/// The version of the check JSON layout.
pub const SCHEMA_VERSION: u32 = 2;

/// One line per channel: its id, ✓ or ✗, and why, the why broken at `width` columns (when
/// there is a width) and going on under itself. On a `terminal`, for a person, a line after
/// them says why when no channel decides, and one names `rates`, the table a rates file made;
/// elsewhere a script reads the channels' lines alone.
pub fn write_lines(
    report: &CheckReport,
    (rates, terminal): (Option<&RateTable>, bool),
    out: &mut dyn Write,
    color: bool,
    width: Option<usize>,
) -> io::Result<()> {
    let ids = report
        .channels
        .iter()
        .map(|c| wrap::columns(&c.id))
        .max()
        .unwrap_or(0);
    // The id, two spaces, the mark, two spaces.
    let before = ids + 5;
    let paint = super::table::painter(color);
    for channel in &report.channels {
        let (mark, style, aside) = match (channel.eligible(), channel.decides) {
            (true, _) => (
                "✓",
                Style::new().fg_color(Some(AnsiColor::Green.into())),
                "",
            ),
            (false, true) => ("✗", Style::new().fg_color(Some(AnsiColor::Red.into())), ""),
            // Listed for what it says, but the answer does not rest on it.
            (false, false) => ("·", Style::new().dimmed(), " (does not decide the answer)"),
        };
        let mark = paint(style, mark);
        let why = format!("{}{aside}", printable(&detail(channel)));
        // Beside the mark, or under it where too little room is left, as the estimate's
        // reasons are.
        let row = format!("{}  {mark}  ", wrap::pad_right(&channel.id, ids));
        for line in wrap::Reasons::placed(before, width).lines(&row, before, &why) {
            writeln!(out, "{line}")?;
        }
    }
    if !terminal {
        return Ok(());
    }
    if !report.channels.is_empty() && !report.channels.iter().any(|c| c.decides) {
        // Every line is marked as not deciding: say what the answer rests on instead.
        let no_audience = report
            .channels
            .iter()
            .all(|c| matches!(&c.reason, Some(Reason::Banned(ban)) if ban.side == Side::Audience));
        let why = if no_audience {
            "TikTok is unavailable to the audience, so no channel can pay"
        } else {
            "none of these is open to the creator, so none can pay them"
        };
        writeln!(out, "{why}: not eligible")?;
    }
    if let Some(table) = rates {
        writeln!(
            out,
            "rates: {}, as of {}",
            printable(&table.name),
            printable(&table.as_of)
        )?;
    }
    Ok(())
}

/// "eligible", "closed in region us since 2023-12-16",
/// "needs 10,000 followers, has 4,200 — 5,800 to go; needs --age: … requires age 18+", each
/// followed by its notes (whose thresholds are assumed; a fee no tier prices).
fn detail(channel: &ChannelCheck) -> String {
    let mut parts = reasons(channel);
    if parts.is_empty() {
        parts.push("eligible".to_string());
    }
    parts.extend(notes(channel));
    parts.join("; ")
}

/// Why a channel is not eligible: its closure, or what it misses (the JSON's `reasons`).
fn reasons(channel: &ChannelCheck) -> Vec<String> {
    if let Some(reason) = &channel.reason {
        return vec![reason.to_string()];
    }
    channel
        .unmet
        .iter()
        .map(|check| unmet(&channel.id, check))
        .collect()
}

/// What the answer rests on beside the thresholds (the JSON's `notes`).
fn notes(channel: &ChannelCheck) -> Vec<String> {
    channel.notes.iter().map(ToString::to_string).collect()
}

fn unmet(id: &str, check: &Check) -> String {
    let requirement = check.requirement;
    let needed = requirement.describe(check.needed);
    match check.have {
        Some(have) => format!(
            "needs {needed}, has {} — {}",
            requirement.have(have),
            requirement.gap(check.shortfall().unwrap_or_default())
        ),
        None => format!("needs {}: {id} requires {needed}", requirement.flag()),
    }
}

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    rates: Rates<'a>,
    input: Input<'a>,
    channels: Vec<Channel<'a>>,
    eligible: bool,
}

#[derive(Serialize)]
struct Input<'a> {
    followers: Option<u64>,
    /// Where the creator lives.
    country: &'a str,
    /// Where the viewers are.
    audience: &'a str,
    age: Option<u64>,
    views_30d: Option<u64>,
    /// The video's length in seconds.
    length: Option<u64>,
}

#[derive(Serialize)]
struct Channel<'a> {
    id: &'a str,
    name: &'a str,
    eligible: bool,
    /// Whether this channel decides the answer (see `eligible` at the top level).
    decides: bool,
    status: &'static str,
    unmet: Vec<Unmet>,
    reasons: Vec<String>,
    notes: Vec<String>,
}

#[derive(Serialize)]
struct Unmet {
    requirement: &'static str,
    needed: u64,
    /// null when the input was not given.
    have: Option<u64>,
}

pub fn write_json(report: &CheckReport, table: &RateTable, out: &mut dyn Write) -> io::Result<()> {
    let document = Document {
        schema_version: SCHEMA_VERSION,
        rates: Rates::of(table),
        input: Input {
            followers: report.profile.followers,
            country: report.country,
            audience: report.audience,
            age: report.profile.age,
            views_30d: report.profile.views_30d,
            length: report.profile.length,
        },
        channels: report
            .channels
            .iter()
            .map(|c| Channel {
                id: &c.id,
                name: &c.name,
                eligible: c.eligible(),
                decides: c.decides,
                status: c.status.key(),
                unmet: c
                    .unmet
                    .iter()
                    .map(|u| Unmet {
                        requirement: u.requirement.key(),
                        needed: u.needed,
                        have: u.have,
                    })
                    .collect(),
                reasons: reasons(c),
                notes: notes(c),
            })
            .collect(),
        eligible: report.eligible(),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::write_lines;
    use crate::check::{CheckReport, Places, check, check_in};
    use crate::estimate::Profile;
    use crate::rates::{RateTable, built_in_for_tests};

    fn lines(report: &CheckReport, rates: Option<&RateTable>, terminal: bool) -> String {
        let mut out = Vec::new();
        write_lines(report, (rates, terminal), &mut out, false, None).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn on_a_terminal_a_last_line_names_a_files_table() {
        let table = built_in_for_tests();
        let profile = Profile {
            followers: Some(5_000),
            age: Some(30),
            ..Profile::default()
        };
        let report = check(table, &["gifts".to_string()], None, profile).unwrap();
        assert_eq!(lines(&report, None, true), "gifts  ✓  eligible\n");
        assert_eq!(
            lines(&report, Some(table), true),
            "gifts  ✓  eligible\nrates: earn default rates, as of 2026-12\n"
        );
        // Piped, a script reads one line a channel.
        assert_eq!(lines(&report, Some(table), false), "gifts  ✓  eligible\n");
    }

    #[test]
    fn on_a_terminal_a_last_line_says_why_no_channel_decides() {
        let table = built_in_for_tests();
        let why = |places: Places| {
            let report = check_in(table, &[], places, Profile::default()).unwrap();
            let (person, script) = (lines(&report, None, true), lines(&report, None, false));
            assert!(person.starts_with(&script), "{person}");
            person[script.len()..].to_string()
        };
        let in_india = Places {
            region: Some("in"),
            ..Places::default()
        };
        assert_eq!(
            why(in_india),
            "none of these is open to the creator, so none can pay them: not eligible\n"
        );
        let watched_from_india = Places {
            country: Some("us"),
            audience: Some("in"),
            ..Places::default()
        };
        assert_eq!(
            why(watched_from_india),
            "TikTok is unavailable to the audience, so no channel can pay: not eligible\n"
        );
    }
}
