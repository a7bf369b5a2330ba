//! Merging a user's layer over the built-in one.
//!
//! Merging is key by key: a user file may change one number or replace everything. Arrays of
//! tables that carry an id (`[[channel]]`, `[[factor]]`, `[[group]]`, `[[region]]`) are merged
//! element by element, matched by id; a new id is appended. Factor entries merge key by key.
//! Any other value, arrays included, replaces the one below it: `[fx]`, the exchange rates,
//! is one dated set from one source, so a file's `[fx]` replaces the built-in set whole, and
//! must name its source (validation refuses it otherwise).
//!
//! Provenance follows the figures. A figure's grade, sources and notes describe that figure:
//! when a user file replaces it, the built-in ones go with it, and the file's own are kept; a
//! figure the file changes without giving sources gets a line saying which file set what. A
//! factor's entries are figures of their own: the file's grade and sources go to the entries it
//! gives, and the built-in ones stay with the entries it leaves. A channel or factor a user file
//! adds without sources is shown as coming from that file.
//!
//! A file may price the table in its own currency, when every money figure of the table comes
//! from it; relabelling figures it leaves in place would change what they mean.

use serde::Deserialize;
use toml::{Table, Value};

use super::form::{RESERVED_ID, is_identifier};
use super::parse::Aside;
use super::validate::Invalid;
use super::{Basis, DUMP_COMMAND};
use crate::decimal::Decimal;
use crate::suggest::{did_you_mean, names};

/// Arrays of tables matched by an id when merging: (array key, id key).
const KEYED_ARRAYS: [(&str, &str); 6] = [
    ("channel", "id"),
    ("factor", "id"),
    ("group", "id"),
    ("region", "code"),
    ("milestone", "id"),
    ("unmodelled", "id"),
];
/// The parts of a channel that hold figures and carry their own sources.
const CHANNEL_FIGURES: [&str; 5] = [
    "rate",
    "qualified_share",
    "eligibility",
    "availability",
    "cross_check",
];
/// Keys of a sourced table that describe a figure rather than state it (`known_in` says where
/// its sources state the thresholds, which it leaves as they are).
const DESCRIPTIVE: [&str; 12] = [
    "sources",
    "grade",
    "notes",
    "priced_in",
    "caveat",
    "name",
    "id",
    "keyed_by",
    "unlocks",
    "mentions",
    "why",
    "known_in",
];
/// What describes a figure, and goes with it when it is replaced.
const PROVENANCE: [&str; 4] = ["grade", "sources", "notes", "priced_in"];
/// The money figures of a channel, in the table's currency: (part, keys).
const MONEY: [(&str, &[&str]); 2] = [
    ("rate", &["low", "high", "tier"]),
    ("cross_check", &["low", "high"]),
];

/// The parts of [`MONEY`] a channel of `basis` has: a commission on sales is a share of them,
/// the same in any currency, so its rate is not money.
fn money_of(
    basis: Option<&str>,
) -> impl Iterator<Item = &'static (&'static str, &'static [&'static str])> {
    MONEY
        .iter()
        .filter(move |(part, _)| !(*part == "rate" && basis == Some(Basis::Sales.key())))
}

/// The basis of a channel, as the file sets it or else as the table below does.
fn basis_of<'a>(above: Option<&'a Table>, below: &'a Table) -> Option<&'a str> {
    above
        .and_then(|c| c.get("basis"))
        .or_else(|| below.get("basis"))
        .and_then(Value::as_str)
}
/// What a new element must have, since nothing below it gives it: (array key, keys).
const NEW_NEEDS: [(&str, &[&str]); 2] = [
    ("channel", &["name", "basis", "rate"]),
    ("factor", &["name", "keyed_by", "entries"]),
];

/// Merges `overlay` (from the file `origin`) over `base`, and returns what it refuses: a
/// currency the file cannot give, and new channels or factors that look like misspelt ids.
pub(super) fn merge(
    base: &mut Table,
    mut overlay: Table,
    origin: &str,
    aside: &[Aside],
) -> Vec<Invalid> {
    let mut problems = Vec::new();
    let relabelled = relabels(base, &overlay);
    if let Some(problem) = own_currency(base, &overlay, aside) {
        problems.push(problem);
    } else if relabelled {
        drop_notes_of_another_currency(base, &mut overlay);
    }
    for (kind, needs) in NEW_NEEDS {
        if let (Some(Value::Array(below)), Some(Value::Array(above))) =
            (base.get(kind), overlay.get_mut(kind))
        {
            above.retain(|item| match incomplete(below, item, kind, needs, aside) {
                Some(problem) => {
                    problems.push(problem);
                    false
                }
                None => true,
            });
        }
    }
    // A region factor's neutral entry is the table's default region.
    let default_region = overlay
        .get("default_region")
        .or_else(|| base.get("default_region"))
        .and_then(Value::as_str)
        .map(str::to_string);
    for (key, value) in overlay {
        let keyed = KEYED_ARRAYS.iter().find(|(array, _)| *array == key);
        match (keyed, value) {
            (Some(&(kind, id_key)), Value::Array(items)) => {
                let slot = base.entry(key).or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(base_items) = slot {
                    let at = Merging {
                        kind,
                        origin,
                        default_region: default_region.as_deref(),
                        relabelled,
                    };
                    merge_keyed(base_items, items, id_key, &at);
                }
            }
            // What TikTok asks of an account, and the people it reaches, are figures with their
            // sources, like a rate.
            (None, Value::Table(above)) if key == "account" || key == "platform" => {
                let prefix = format!("{key}.");
                if let Some(Value::Table(below)) = base.get_mut(&key) {
                    // A source of one figure alone (`keys = ["min_age"]`) stays with it when
                    // the file changes another.
                    let others = sources_of_others(below, &above);
                    merge_figure(below, above, origin, &prefix, &[]);
                    if let Some(Value::Array(sources)) = below.get_mut("sources") {
                        for source in others {
                            if !sources.iter().any(|s| same(s, &source)) {
                                sources.push(source);
                            }
                        }
                    }
                } else {
                    let mut fresh = above;
                    mark_sourced(&mut fresh, origin);
                    base.insert(key, Value::Table(fresh));
                }
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
    problems
}

/// What a file's list of closures or exclusions leaves out of the built-in one it replaces:
/// "channel 'fund': its availability.closed replaces the built-in closures and leaves
/// out: on 2023-12-16 in de, fr, gb, us". A list replaces the one below it whole, so that one
/// closure given for a new region would otherwise reopen a programme everywhere else, one
/// exclusion given would let two channels that cannot pay one video both count, and one factor
/// given would price every region as the rate's own, without a word. (A fee's tiers are replaced whole on purpose by a rate card of its own, so they are
/// not among these.)
pub(super) fn left_out_of_lists(base: &Table, overlay: &Table) -> Vec<String> {
    let above = channels(overlay);
    let mut found = Vec::new();
    // In the table's order of channels, whatever the file's.
    for under in channels(base) {
        let id = under.get("id").and_then(Value::as_str).unwrap_or_default();
        let Some(above) = above
            .iter()
            .find(|c| c.get("id").and_then(Value::as_str) == Some(id))
        else {
            continue;
        };
        let closed = |channel: &Table| {
            match channel
                .get("availability")
                .and_then(Value::as_table)?
                .get("closed")?
            {
                Value::Array(items) => Some(items.iter().flat_map(closure).collect()),
                // A single closure may be written as a table.
                one => Some(closure(one)),
            }
        };
        // A list of codes or ids, in lower case.
        let codes = |list: Option<&Value>| match list? {
            Value::Array(codes) => Some(
                (codes.iter().filter_map(Value::as_str))
                    .map(str::to_ascii_lowercase)
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        };
        let offered =
            |channel: &Table| codes(channel.get("availability")?.as_table()?.get("regions"));
        let overrides = |channel: &Table| match channel
            .get("eligibility")
            .and_then(Value::as_table)?
            .get("override")?
        {
            Value::Array(items) => Some(items.iter().flat_map(eligibility_override).collect()),
            _ => None,
        };
        // A list of tables, as the text of each one's `key`.
        let named = |list: Option<&Value>, key: &str| match list? {
            Value::Array(items) => Some(
                items
                    .iter()
                    .filter_map(|item| item.get(key)?.as_str().map(str::to_string))
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        };
        let excluded = |channel: &Table| named(channel.get("excludes"), "channel");
        let factors = |channel: &Table| codes(channel.get("factors"));
        let tiers = |channel: &Table| {
            let rate = channel.get("rate").and_then(Value::as_table);
            named(rate.and_then(|rate| rate.get("tier")), "id")
        };
        for (list, what, was, now) in [
            (
                "availability.closed",
                "closures",
                closed(&under),
                closed(above),
            ),
            ("excludes", "exclusions", excluded(&under), excluded(above)),
            ("factors", "factors", factors(&under), factors(above)),
            (
                "availability.regions",
                "regions",
                offered(&under),
                offered(above),
            ),
            (
                "eligibility.override",
                "overrides",
                overrides(&under),
                overrides(above),
            ),
            ("rate.tier", "tiers", tiers(&under), tiers(above)),
        ] {
            if let (Some(was), Some(now)) = (was, now) {
                found.extend(left_out(id, (list, what), was, &now));
            }
        }
    }
    found
}

/// What the file's `list` of `what` (`("excludes", "exclusions")`), `now`, leaves out of the
/// built-in one, `was`, for the channel `id`; `None` when nothing, or on purpose.
fn left_out(
    id: &str,
    (list, what): (&str, &str),
    was: Vec<String>,
    now: &[String],
) -> Option<String> {
    // `tier = []` takes the tiers away on purpose: a card that prices the channel another way
    // has no tiers to give. Another empty list still drops rules of TikTok's (a closure, an
    // exclusion, Korea's age), so it is said.
    if list == "rate.tier" && now.is_empty() {
        return None;
    }
    // A rate card's own ladder (two tiers or more, none named like a built-in one) replaces the
    // built-in tiers on purpose; one tier, or a ladder that keeps some built-in tiers and not
    // others, looks like an edit that lost some.
    let own_ladder = now.len() > 1 && !now.iter().any(|tier| was.contains(tier));
    if list == "rate.tier" && own_ladder {
        return None;
    }
    // An override is kept where the file's overrides set the same thresholds for its regions,
    // at whatever figures, in whatever grouping of regions.
    let kept = |w: &String| match list {
        "eligibility.override" => now
            .iter()
            .any(|n| n.split(" = ").next() == w.split(" = ").next()),
        // A region's closure is kept by one on its date there or everywhere.
        "availability.closed" => {
            now.contains(w)
                || (w.split_once(" in "))
                    .is_some_and(|(on, _)| now.contains(&format!("{on} everywhere")))
        }
        _ => now.contains(w),
    };
    let gone = regrouped(was.into_iter().filter(|w| !kept(w)).collect()).join("; ");
    if gone.is_empty() {
        None
    } else if now.is_empty() {
        Some(format!(
            "channel '{id}': its `{list}` list is empty, which removes the built-in {what}: \
             {gone}. Give them to keep them ({DUMP_COMMAND} writes them)"
        ))
    } else {
        Some(format!(
            "channel '{id}': its `{list}` list replaces the built-in {what} and leaves out: \
             {gone}. Give them too to keep them ({DUMP_COMMAND} writes them)"
        ))
    }
}

/// An eligibility override as each threshold it sets in each of its regions, whatever the
/// file's order of them: `in kr: min_age = 19`.
fn eligibility_override(value: &Value) -> Vec<String> {
    let Some(table) = value.as_table() else {
        return Vec::new();
    };
    let regions = table.get("regions").and_then(Value::as_array);
    let mut regions: Vec<String> = (regions.into_iter().flatten())
        .filter_map(Value::as_str)
        .map(str::to_ascii_lowercase)
        .collect();
    regions.sort();
    let sets: Vec<_> = table
        .iter()
        .filter(|(key, _)| !matches!(key.as_str(), "regions" | "sources"))
        .collect();
    regions
        .iter()
        .flat_map(|region| {
            (sets.iter()).map(move |(key, value)| format!("in {region}: {key} = {value}"))
        })
        .collect()
}

/// A closure as its kind, date and regions, one entry a region, whatever the file's order or
/// form of them: "on 2023-12-16 in de", or "to new creators on 2023-02-20 everywhere".
fn closure(value: &Value) -> Vec<String> {
    let Some(table) = value.as_table() else {
        return Vec::new();
    };
    // A date may be written as a string or as a TOML date.
    let on = match table.get("on") {
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => return Vec::new(),
    };
    let mut regions: Vec<String> = match table.get("regions") {
        Some(Value::Array(codes)) => codes
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_ascii_lowercase)
            .collect(),
        _ => Vec::new(),
    };
    regions.sort();
    // A closure to new creators only is another closure than a full one on the same date.
    let on = if table.get("new_creators_only").and_then(Value::as_bool) == Some(true) {
        format!("to new creators on {on}")
    } else {
        format!("on {on}")
    };
    if regions.is_empty() {
        vec![format!("{on} everywhere")]
    } else {
        (regions.iter()).map(|r| format!("{on} in {r}")).collect()
    }
}

/// Closures region by region, as one each date again: "on 2023-12-16 in de, fr, gb". Other
/// entries are as they are.
fn regrouped(entries: Vec<String>) -> Vec<String> {
    let mut grouped: Vec<String> = Vec::new();
    for entry in entries {
        if let (Some(last), Some((on, region))) = (grouped.last_mut(), entry.split_once(" in ")) {
            if last
                .split_once(" in ")
                .is_some_and(|(last_on, _)| last_on == on)
            {
                last.push_str(", ");
                last.push_str(region);
                continue;
            }
        }
        grouped.push(entry);
    }
    grouped
}

/// The milestones a file moves that built-in figures name, and those figures: they move with
/// it, though their sources state the count they were written for. A figure the file gives
/// itself is its own.
pub(super) fn moved_milestones(base: &Table, overlay: &Table) -> Vec<String> {
    let list = |table: &Table, key: &str| -> Vec<Table> {
        match table.get(key) {
            Some(Value::Array(items)) => {
                items.iter().filter_map(Value::as_table).cloned().collect()
            }
            _ => Vec::new(),
        }
    };
    let text =
        |table: &Table, key: &str| table.get(key).and_then(Value::as_str).map(str::to_string);
    let below = list(base, "milestone");
    let mut found = Vec::new();
    for milestone in list(overlay, "milestone") {
        let (Some(id), Some(at)) = (text(&milestone, "id"), milestone.get("at")) else {
            continue;
        };
        let Some(was) = (below.iter())
            .find(|m| text(m, "id").as_deref() == Some(id.as_str()))
            .and_then(|m| m.get("at"))
            .filter(|was| *was != at)
        else {
            continue;
        };
        let mut moved = Vec::new();
        for (kind, key) in [("channel", "channel"), ("factor", "factor")] {
            let above = list(overlay, key);
            for item in list(base, key) {
                let item_id = text(&item, "id").unwrap_or_default();
                let given =
                    (above.iter()).find(|a| text(a, "id").as_deref() == Some(item_id.as_str()));
                for (part, value) in &item {
                    // The file's own part is its own; an id and a milestone's words name nothing.
                    if given.is_some_and(|g| g.contains_key(part))
                        || part == "id"
                        || !names_milestone(value, &id)
                    {
                        continue;
                    }
                    let tiers: Vec<String> = (value
                        .get("tier")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten())
                    .filter(|tier| names_milestone(tier, &id))
                    .filter_map(|tier| Some(format!("tier '{}'", tier.get("id")?.as_str()?)))
                    .collect();
                    let tiers = if tiers.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", tiers.join(", "))
                    };
                    moved.push(format!("{kind} '{item_id}' {part}{tiers}"));
                }
            }
        }
        if !moved.is_empty() {
            found.push(format!(
                "milestone '{id}' is at {at} in the file ({was} built in); the built-in figures \
                 that name it move with it, though their sources state the count they were \
                 written for: {}. To keep one where it was, give it a number of its own",
                moved.join(", ")
            ));
        }
    }
    found
}

/// The channels whose followers threshold a file takes away from the built-in milestone that
/// stated it, while that milestone's `unlocks` still speaks of the channel as opened there.
pub(super) fn left_milestones(base: &Table, overlay: &Table) -> Vec<String> {
    let followers = |channel: &Table| -> Option<Value> {
        channel
            .get("eligibility")?
            .as_table()?
            .get("min_followers")
            .cloned()
    };
    let above = channels(overlay);
    let given_unlocks = |id: &str| {
        (overlay
            .get("milestone")
            .and_then(Value::as_array)
            .into_iter()
            .flatten())
        .any(|m| m.get("id").and_then(Value::as_str) == Some(id) && m.get("unlocks").is_some())
    };
    let mut found = Vec::new();
    for under in channels(base) {
        let id = under.get("id").and_then(Value::as_str).unwrap_or_default();
        let Some(Value::String(milestone)) = followers(&under) else {
            continue;
        };
        let now = (above.iter())
            .find(|c| c.get("id").and_then(Value::as_str) == Some(id))
            .and_then(followers);
        let Some(now) = now.filter(|now| now.as_str() != Some(milestone.as_str())) else {
            continue;
        };
        if given_unlocks(&milestone) {
            continue;
        }
        let now = now
            .as_str()
            .map_or_else(|| now.to_string(), |m| format!("milestone '{m}'"));
        found.push(format!(
            "channel '{id}': its eligibility.min_followers is {now} in the file, where milestone \
             '{milestone}' states it built in, and that milestone's `unlocks` still speaks of it: \
             give the milestone an `unlocks` of your own, so that `earn milestones` does not say \
             the channel opens there"
        ));
    }
    found
}

/// Whether `value` names the milestone `id`: a count given by its id, anywhere within.
fn names_milestone(value: &Value, id: &str) -> bool {
    match value {
        Value::String(text) => text == id,
        Value::Array(items) => items.iter().any(|v| names_milestone(v, id)),
        Value::Table(table) => {
            (table.iter()).any(|(key, v)| key != "mentions" && names_milestone(v, id))
        }
        _ => false,
    }
}

/// A layer's channels, as tables.
fn channels(table: &Table) -> Vec<Table> {
    match table.get("channel") {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_table).cloned().collect(),
        _ => Vec::new(),
    }
}

/// Whether the file names a currency other than the table's.
fn relabels(base: &Table, overlay: &Table) -> bool {
    match (base.get("currency"), overlay.get("currency")) {
        (Some(Value::String(own)), Some(Value::String(given))) => !own.eq_ignore_ascii_case(given),
        _ => false,
    }
}

/// In a currency of the file's own, the built-in notes speak of another: they go, given again
/// or not, unless the file gives notes of its own.
fn drop_notes_of_another_currency(base: &mut Table, overlay: &mut Table) {
    if overlay.get("notes") == base.get("notes") {
        overlay.remove("notes");
    }
    if !overlay.contains_key("notes") {
        base.remove("notes");
    }
}

/// Whether the file changes a figure of a channel's rate (its fees, its per, its minimum).
fn changes_rate(base: &Table, overlay: &Table) -> bool {
    let (Some(Value::Table(above)), Some(Value::Table(below))) =
        (overlay.get("rate"), base.get("rate"))
    else {
        return false;
    };
    above.iter().any(|(k, v)| {
        !DESCRIPTIVE.contains(&k.as_str()) && !below.get(k).is_some_and(|b| same(b, v))
    })
}

/// A channel's notes below, which quote its figures below, said to be about them where a file
/// changes the rate and gives no notes of its own: kept, as they say how the channel is paid,
/// but not read as about the file's figures.
fn mark_notes_of_other_figures(base: &mut Table, origin: &str) {
    if let Some(Value::String(notes)) = base.get_mut("notes") {
        *notes = format!("(Written for the rate before {origin} changed it.) {notes}");
    }
}

/// A file may name its own currency only when it prices every money figure of the table: the
/// ones it leaves in place are in the table's currency, and relabelling them would change their
/// meaning without converting them.
/// A figure the file gave but that was set aside (`aside`) for a problem of its own counts as
/// given: that problem is the one to report.
fn own_currency(base: &Table, overlay: &Table, aside: &[Aside]) -> Option<Invalid> {
    if !relabels(base, overlay) {
        return None;
    }
    let own = base.get("currency").and_then(Value::as_str)?;
    let given = overlay.get("currency").and_then(Value::as_str)?;
    // `--currency` converts only to a currency of the exchange rates in effect.
    let fx = overlay.get("fx").or_else(|| base.get("fx"));
    let currencies: Vec<&Table> = fx
        .and_then(|fx| fx.get("currency")?.as_array())
        .into_iter()
        .flatten()
        .filter_map(Value::as_table)
        .collect();
    let converts = currencies
        .iter()
        .any(|c| text(c, "code").eq_ignore_ascii_case(given));
    // A currency not written as a code ("€", "yen"), or close to one ("gpb", "jpn"), is
    // refused as such by validation, with the code it stands for (as `--currency` finds it):
    // what this one would say of it is beside the point.
    let sorted = |text: &str| {
        let mut letters: Vec<u8> = text.to_ascii_uppercase().into_bytes();
        letters.sort_unstable();
        letters
    };
    let a_slip = given.len() != 3
        || !given.bytes().all(|b| b.is_ascii_alphabetic())
        || currencies.iter().any(|c| {
            text(c, "symbol").trim().eq_ignore_ascii_case(given)
                || sorted(text(c, "code")) == sorted(given)
                || text(c, "name")
                    .split_whitespace()
                    .any(|word| word.eq_ignore_ascii_case(given))
        })
        || did_you_mean(
            given,
            currencies
                .iter()
                .flat_map(|c| [text(c, "code"), text(c, "name")].map(|t| (t, t))),
        )
        .is_some();
    if a_slip && !converts {
        return None;
    }
    let above = channels(overlay);
    let mut left = Vec::new();
    for channel in channels(base) {
        let Some(id) = channel.get("id").and_then(Value::as_str) else {
            continue;
        };
        let mine = above
            .iter()
            .find(|c| c.get("id").and_then(Value::as_str) == Some(id));
        let mut keys = Vec::new();
        for &(part, money) in money_of(basis_of(mine, &channel)) {
            let Some(Value::Table(figure)) = channel.get(part) else {
                continue;
            };
            let given = mine.and_then(|c| c.get(part)).and_then(Value::as_table);
            for key in money.iter().filter(|k| figure.contains_key(**k)) {
                // A figure the file gave, set aside for a problem of its own, is given.
                let path = ["channel", id, part, key].map(str::to_string);
                let set_aside = aside.iter().any(|piece| piece.covers(&path));
                if !set_aside && !given.is_some_and(|g| g.contains_key(*key)) {
                    keys.push(if *key == "tier" {
                        format!("{part}.tier (every fee)")
                    } else {
                        format!("{part}.{key}")
                    });
                }
            }
        }
        if !keys.is_empty() {
            left.push(format!("channel '{id}' {}", keys.join(", ")));
        }
    }
    if left.is_empty() {
        return None;
    }
    let given = given.to_ascii_uppercase();
    let or_convert = if converts {
        format!(
            "; or write the file's own figures in {own} too, remove `currency`, and use \
             --currency {} to see amounts in {given}",
            given.to_ascii_lowercase()
        )
    } else {
        String::new()
    };
    Some(Invalid {
        message: format!(
            "currency = \"{given}\": the table's figures are in {own}, and a rates file cannot relabel them; it may give them all in {given} itself, but this one leaves {} in {own}",
            left.join("; "),
        ),
        hint: Some(format!(
            "give each of them in {given} in the file ({DUMP_COMMAND} writes them all, to edit){or_convert}"
        )),
        path: vec!["currency".to_string()],
        echo: false,
    })
}

/// A string a table gives at `key`, or none.
fn text<'a>(table: &'a Table, key: &str) -> &'a str {
    table.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// A new element that lacks what only a new one needs is taken for a misspelt id of an
/// existing one, when one is close, and refused either way with all it lacks (`aside`: where
/// the file's pieces set aside for problems of their own were).
fn incomplete(
    below: &[Value],
    item: &Value,
    kind: &str,
    needs: &[&str],
    aside: &[Aside],
) -> Option<Invalid> {
    let item = item.as_table()?;
    let id = item.get("id").and_then(Value::as_str)?;
    // An id that no element may have is refused as such by validation.
    if !is_identifier(id) || id == RESERVED_ID {
        return None;
    }
    let ids: Vec<&str> = below
        .iter()
        .filter_map(|b| b.get("id").and_then(Value::as_str))
        .collect();
    if ids.contains(&id) {
        return None;
    }
    // A key the file gave, but that was set aside for a problem of its own, is given.
    let missing: Vec<&str> = needs
        .iter()
        .copied()
        .filter(|k| !item.contains_key(*k))
        .filter(|k| !aside.iter().any(|piece| piece.is_key(kind, id, k)))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let has = if missing.len() == needs.len() {
        "none of them".to_string()
    } else {
        format!("no {}", missing.join(" or "))
    };
    let needs_text = match needs {
        [a, b, c] => format!("{a}, {b} and {c}"),
        _ => needs.join(", "),
    };
    let plural = if kind == "factor" {
        "factors"
    } else {
        "channels"
    };
    let hint = match did_you_mean(id, names(ids.iter().copied())) {
        Some(near) => format!(
            "did you mean '{near}'? to change a {kind}, give the id as the built-in table has it; to add one, give it {needs_text}"
        ),
        None => format!(
            "the built-in {plural} are {}; to add a {kind}, give it {needs_text} ({DUMP_COMMAND} shows how the built-in ones are written)",
            ids.join(", ")
        ),
    };
    Some(Invalid {
        message: format!(
            "{kind} '{id}' is not one of the built-in {plural}, and a new {kind} needs {needs_text}: it has {has}"
        ),
        hint: Some(hint),
        path: vec![kind.to_string(), id.to_string(), "id".to_string()],
        echo: false,
    })
}

/// What a merge of one array's elements needs to know.
struct Merging<'a> {
    kind: &'a str,
    origin: &'a str,
    default_region: Option<&'a str>,
    /// The file prices the table in a currency of its own.
    relabelled: bool,
}

fn merge_keyed(base: &mut Vec<Value>, items: Vec<Value>, id_key: &str, at: &Merging<'_>) {
    for item in items {
        let Value::Table(item) = item else { continue };
        let id = item.get(id_key).and_then(Value::as_str).map(str::to_string);
        let existing = base.iter_mut().find_map(|b| match b {
            Value::Table(t) if t.get(id_key).and_then(Value::as_str) == id.as_deref() => Some(t),
            _ => None,
        });
        if let Some(existing) = existing {
            merge_item(existing, item, at);
        } else {
            let mut item = item;
            mark_new(&mut item, at.kind, at.origin);
            base.push(Value::Table(item));
        }
    }
}

fn merge_item(existing: &mut Table, overlay: Table, at: &Merging<'_>) {
    match at.kind {
        "factor" => merge_factor(existing, overlay, at),
        "milestone" => merge_figure(existing, overlay, at.origin, "", &[]),
        "channel" => {
            let mut overlay = overlay;
            let basis = basis_of(Some(&overlay), existing).map(str::to_string);
            if at.relabelled {
                drop_notes_of_another_currency(existing, &mut overlay);
            } else if changes_rate(existing, &overlay) && !overlay.contains_key("notes") {
                mark_notes_of_other_figures(existing, at.origin);
            }
            for (key, value) in overlay {
                if CHANNEL_FIGURES.contains(&key.as_str()) {
                    if let Value::Table(above) = value {
                        if let Some(Value::Table(below)) = existing.get_mut(&key) {
                            // In a currency of the file's own, its money figures are its own,
                            // even where the number is the one below, which was in another.
                            let money = money_of(basis.as_deref())
                                .find(|(part, _)| at.relabelled && *part == key)
                                .map_or(&[][..], |(_, keys)| keys);
                            let prefix = format!("{key}.");
                            merge_figure(below, above, at.origin, &prefix, money);
                        } else {
                            let mut fresh = above;
                            mark_sourced(&mut fresh, at.origin);
                            existing.insert(key, Value::Table(fresh));
                        }
                        continue;
                    }
                }
                existing.insert(key, value);
            }
        }
        _ => existing.extend(overlay),
    }
}

/// Merges a table that states one figure (a rate, a share, a channel's thresholds, a
/// milestone). Once the file changes any of its numbers, the grade, sources and notes below
/// described another figure: they are dropped, and the file's own are kept; without sources of
/// its own, the figure is shown as set by the file. Sources the file gives as they were below
/// are copied, not its own (a table written by `earn rates --format toml` and edited): they are
/// dropped too, with the grade given with them, as are notes given as they were. A number given
/// as it was is not a change, but for the keys `restated`, which the file gives anew whatever
/// their number (money figures, in a currency of the file's own).
fn merge_figure(
    base: &mut Table,
    mut overlay: Table,
    origin: &str,
    prefix: &str,
    restated: &[&str],
) {
    let changed: Vec<String> = overlay
        .iter()
        .filter(|(k, v)| {
            !DESCRIPTIVE.contains(&k.as_str())
                && (restated.contains(&k.as_str()) || !base.get(*k).is_some_and(|b| same(b, v)))
        })
        .map(|(k, _)| format!("{prefix}{k}"))
        .collect();
    if !changed.is_empty() {
        drop_copied(base, &mut overlay);
        for key in PROVENANCE {
            if !overlay.contains_key(key) {
                base.remove(key);
            }
        }
    }
    base.extend(overlay);
    if !changed.is_empty() && !base.contains_key("sources") {
        let title = format!("{origin} sets {} with no source", changed.join(", "));
        base.insert(
            "sources".to_string(),
            Value::Array(vec![Value::Table(marker(title))]),
        );
    }
}

/// The sources in `base` that name the figures they support (`keys`), none of which `overlay`
/// changes.
fn sources_of_others(base: &Table, overlay: &Table) -> Vec<Value> {
    let changes = |key: &str| {
        overlay
            .get(key)
            .is_some_and(|given| !base.get(key).is_some_and(|below| same(below, given)))
    };
    let Some(Value::Array(sources)) = base.get("sources") else {
        return Vec::new();
    };
    sources
        .iter()
        .filter(|source| {
            let keys = source.get("keys").and_then(Value::as_array);
            keys.is_some_and(|keys| {
                !keys.is_empty() && !keys.iter().filter_map(Value::as_str).any(changes)
            })
        })
        .cloned()
        .collect()
}

/// Takes out of `overlay` the provenance it copied from `base`: sources given as they were
/// below are not the file's own, and then neither is the grade given with them; notes given as
/// they were are dropped too. Sources of the file's own keep
/// the grade it gives with them, whatever it is (and a grade given with no sources at all is
/// refused by validation).
fn drop_copied(base: &Table, overlay: &mut Table) {
    let copied = |key: &str, overlay: &Table| {
        overlay
            .get(key)
            .is_some_and(|given| base.get(key).is_some_and(|below| same(below, given)))
    };
    if copied("sources", overlay) {
        overlay.remove("sources");
        overlay.remove("grade");
    }
    // Notes written for the figures below; a market given again is the file's word on its own
    // figures, whatever the one below (a US agency's card for a UK roster keeps its caveat).
    if copied("notes", overlay) {
        overlay.remove("notes");
    }
}

/// Whether two values say the same: numbers by their value (`1`, `1.0` and `"1.00"` alike, as
/// a dump writes a whole number without its point), the rest as written.
fn same(a: &Value, b: &Value) -> bool {
    let number = |v: &Value| match v {
        Value::Integer(_) | Value::Float(_) | Value::String(_) => {
            Decimal::deserialize(v.clone()).ok()
        }
        _ => None,
    };
    match (a, b) {
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (Value::Table(a), Value::Table(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        _ => match (number(a), number(b)) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        },
    }
}

/// Merges a factor. Each entry is a figure: the entries the file gives take the file's grade
/// and sources (a source of the file's without `keys` is about the file's entries), and the
/// built-in sources keep only the entries they still describe. Without entries, the file
/// restates the factor as a whole. What the high needs is one more figure, with its own
/// sources.
fn merge_factor(base: &mut Table, mut overlay: Table, at: &Merging<'_>) {
    merge_high_needs(base, &mut overlay, at.origin);
    // Entries given as they already were are no change.
    if let (Some(Value::Table(above)), Some(Value::Table(below))) =
        (overlay.get_mut("entries"), base.get("entries"))
    {
        above.retain(|key, entry| !below.get(key).is_some_and(|was| same(was, entry)));
        if above.is_empty() {
            overlay.remove("entries");
        }
    }
    let given: Vec<String> = match overlay.get("entries") {
        Some(Value::Table(entries)) => entries.keys().cloned().collect(),
        _ => Vec::new(),
    };
    if given.is_empty() {
        merge_figure(base, overlay, at.origin, "", &[]);
        return;
    }
    drop_copied(base, &mut overlay);
    let neutral = match base.get("keyed_by").and_then(Value::as_str) {
        Some("region") => at.default_region.map(str::to_string),
        _ => base
            .get("neutral")
            .and_then(Value::as_str)
            .map(str::to_string),
    };
    let kept: Vec<String> = match base.get("entries") {
        Some(Value::Table(entries)) => entries
            .keys()
            .filter(|k| !given.contains(k))
            .cloned()
            .collect(),
        _ => Vec::new(),
    };

    keep_described(base, &given, &kept);

    // The file's grade is its entries' own; the factor's stays with the built-in ones.
    let grade = overlay.remove("grade");
    let mut ungraded = false;
    if let Some(Value::Table(entries)) = overlay.get_mut("entries") {
        for (_, entry) in entries.iter_mut() {
            match &grade {
                Some(grade) => set_grade(entry, grade),
                None => ungraded |= !has_grade(entry),
            }
        }
    }
    if ungraded {
        // An entry without a grade cannot sit under a graded factor: the factor's grade
        // becomes each built-in entry's own, and the factor has none.
        if let (Some(grade), Some(Value::Table(entries))) =
            (base.remove("grade"), base.get_mut("entries"))
        {
            for (key, entry) in entries.iter_mut() {
                if Some(key) != neutral.as_ref() && !has_grade(entry) {
                    set_grade(entry, &grade);
                }
            }
        }
    }

    let mut sources = match overlay.remove("sources") {
        Some(Value::Array(sources)) => sources,
        _ => vec![{
            let mut marker = marker(format!(
                "{} sets {} with no source",
                at.origin,
                given
                    .iter()
                    .map(|k| format!("entries.{k}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            marker.insert("keys".to_string(), strings(&given));
            Value::Table(marker)
        }],
    };
    // A source of the file's without `keys` is about all of the file's entries, which are all
    // of the factor's when the file leaves none of the built-in ones. One given as it is below
    // (as a dump gives every source) is the built-in one, and keeps what it is about.
    let below = match base.get("sources") {
        Some(Value::Array(below)) => below.clone(),
        _ => Vec::new(),
    };
    for source in &mut sources {
        let copied = below.iter().any(|was| same(was, source));
        if let Some(source) = source
            .as_table_mut()
            .filter(|_| !kept.is_empty() && !copied)
        {
            source.entry("keys").or_insert_with(|| strings(&given));
        }
    }
    // The file's sources first: a problem found in one of them is then at its place in the
    // file (`source 3`), and the built-in ones kept follow, but for those the file gives again
    // (as a dump of the table does), which would otherwise be listed twice, and once more on
    // each reading of a dump of a dump.
    if let Some(Value::Array(below)) = base.get_mut("sources") {
        below.retain(|was| !sources.iter().any(|given| same(was, given)));
        sources.append(below);
    }
    base.insert("sources".to_string(), Value::Array(sources));

    for (key, value) in overlay {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(below)), Value::Table(above)) if key == "entries" => {
                below.extend(above);
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// What a factor's high needs is a figure of its own: its sources are not the entries'.
fn merge_high_needs(factor: &mut Table, overlay: &mut Table, origin: &str) {
    let Some(above) = overlay.remove("high_needs") else {
        return;
    };
    let Value::Table(above) = above else {
        // Not a table: validation says so.
        factor.insert("high_needs".to_string(), above);
        return;
    };
    let below = factor
        .entry("high_needs")
        .or_insert_with(|| Value::Table(Table::new()));
    if let Value::Table(below) = below {
        merge_figure(below, above, origin, "high_needs.", &[]);
    }
}

/// Leaves each of a factor's sources with the entries it still describes once the file gives
/// `given`: a source about none of the `kept` ones goes.
fn keep_described(base: &mut Table, given: &[String], kept: &[String]) {
    if let Some(Value::Array(sources)) = base.get_mut("sources") {
        sources.retain_mut(|source| {
            let Some(source) = source.as_table_mut() else {
                return false;
            };
            let keys: Vec<String> = match source.get("keys") {
                Some(Value::Array(keys)) => keys
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|k| !given.iter().any(|g| g == k))
                    .map(str::to_string)
                    .collect(),
                _ => kept.to_vec(),
            };
            let all_kept = !source.contains_key("keys") && keys.len() == kept.len();
            if !all_kept {
                source.insert("keys".to_string(), strings(&keys));
            }
            !keys.is_empty()
        });
    }
}

/// Whether a factor entry states its own grade.
fn has_grade(entry: &Value) -> bool {
    entry.as_table().is_some_and(|t| t.contains_key("grade"))
}

/// Gives a factor entry its own grade, unless it states one.
fn set_grade(entry: &mut Value, grade: &Value) {
    if let Value::Table(table) = entry {
        table.entry("grade").or_insert_with(|| grade.clone());
    } else {
        let mut table = Table::new();
        table.insert("low".to_string(), entry.clone());
        table.insert("high".to_string(), entry.clone());
        table.insert("grade".to_string(), grade.clone());
        *entry = Value::Table(table);
    }
}

fn strings(list: &[String]) -> Value {
    Value::Array(list.iter().cloned().map(Value::String).collect())
}

/// Gives every figure of a newly added channel or factor that has no sources a line naming the
/// file it came from.
fn mark_new(item: &mut Table, kind: &str, origin: &str) {
    match kind {
        "factor" | "milestone" | "unmodelled" => mark_sourced(item, origin),
        "channel" => {
            for key in CHANNEL_FIGURES {
                if let Some(Value::Table(figure)) = item.get_mut(key) {
                    mark_sourced(figure, origin);
                }
            }
        }
        _ => {}
    }
}

fn mark_sourced(figure: &mut Table, origin: &str) {
    if !figure.contains_key("sources") {
        let title = format!("{origin}, which gives no source");
        figure.insert(
            "sources".to_string(),
            Value::Array(vec![Value::Table(marker(title))]),
        );
    }
}

fn marker(title: String) -> Table {
    let mut source = Table::new();
    source.insert("title".to_string(), Value::String(title));
    source
}
