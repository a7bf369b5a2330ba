//! Reading one TOML layer, and merging a user's layer over the built-in one.
//!
//! Merging is key by key: a user file may change one number or replace everything. Arrays of
//! tables that carry an id (`[[channel]]`, `[[factor]]`, `[[group]]`, `[[region]]`) are merged
//! element by element, matched by id; a new id is appended. Factor entries merge key by key.
//! Any other value, arrays included, replaces the one below it: `[fx]`, the exchange rates,
//! is one dated set from one source, so a file's `[fx]` replaces the built-in set whole, and
//! must name its source (validation refuses it otherwise).
//!
//! Provenance follows the figures: when a user file changes a figure without giving sources,
//! the figure's sources gain a line saying which file set what, and its grade is dropped (the
//! built-in grade described the built-in number). A channel or factor a user file adds without
//! sources is shown as coming from that file.

use std::collections::HashSet;

use toml::{Table, Value};

use super::raw::RawTable;
use super::{Layer, RatesError, limits};
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
/// Keys of a sourced table that describe a figure rather than state it.
const DESCRIPTIVE: [&str; 8] = [
    "sources", "grade", "notes", "name", "id", "keyed_by", "unlocks", "why",
];

/// Parses one layer, refusing unknown keys, wrong types and duplicate ids with the file, line
/// and column where the parser gives them.
/// Limits are checked first: the size before parsing, the shape of the document (depth,
/// lengths) before it is read into the table's types, the counts of channels, factors and
/// sources before anything is merged.
pub(super) fn parse_layer(layer: Layer<'_>) -> Result<Table, RatesError> {
    let fail = |message: String| RatesError {
        origin: layer.origin.to_string(),
        location: None,
        message,
        hint: None,
    };
    limits::check_size(layer.text).map_err(fail)?;
    let document = layer
        .text
        .parse::<Table>()
        .map_err(|e| parse_error(layer, &e))?;
    limits::check_document(&document).map_err(fail)?;
    let raw: RawTable = toml::from_str(layer.text).map_err(|e| parse_error(layer, &e))?;
    limits::check_counts(&raw).map_err(fail)?;
    check_ids(&raw).map_err(fail)?;
    Ok(document)
}

fn parse_error(layer: Layer<'_>, error: &toml::de::Error) -> RatesError {
    let message = error.message().trim().replace('\n', " ");
    // The parser stops runaway nesting itself; say so in the file's terms.
    let message = if message.contains("recurs") {
        format!(
            "tables or arrays are nested too deeply; a rates file may nest at most {} levels",
            limits::MAX_DEPTH
        )
    } else {
        message
    };
    let hint = unknown_name_hint(&message);
    // The hint carries the suggestion or the list of valid keys, so the message need not.
    let message = match (&hint, message.split_once(", expected")) {
        (Some(_), Some((head, _))) => head.to_string(),
        _ => message,
    };
    RatesError {
        origin: layer.origin.to_string(),
        location: error.span().map(|span| line_column(layer.text, span.start)),
        hint,
        message,
    }
}

/// Line and column, counted from 1, of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(before.chars().count(), |nl| {
        before[nl + 1..].chars().count()
    }) + 1;
    (line, column)
}

/// For serde's "unknown field `x`, expected one of `a`, `b`", suggests the nearest of the
/// expected names.
fn unknown_name_hint(message: &str) -> Option<String> {
    if !message.starts_with("unknown field") && !message.starts_with("unknown variant") {
        return None;
    }
    let mut quoted = message.split('`').skip(1).step_by(2);
    let given = quoted.next()?;
    let expected: Vec<&str> = quoted.collect();
    let nearest = did_you_mean(given, names(expected.iter().copied()));
    Some(match nearest {
        Some(name) => format!("did you mean `{name}`?"),
        None => format!("valid keys here: {}", expected.join(", ")),
    })
}

/// Every keyed element has its id, and no id appears twice in one file.
fn check_ids(raw: &RawTable) -> Result<(), String> {
    fn unique<'a>(
        kind: &str,
        id_key: &str,
        ids: impl Iterator<Item = Option<&'a String>>,
    ) -> Result<(), String> {
        let mut seen = HashSet::new();
        for (index, id) in ids.enumerate() {
            let id = id.ok_or_else(|| {
                format!(
                    "[[{kind}]] number {} has no `{id_key}`: every {kind} needs one",
                    index + 1
                )
            })?;
            if !seen.insert(id) {
                return Err(format!(
                    "duplicate {kind} {id_key} '{id}': each {kind} may appear once per file"
                ));
            }
        }
        Ok(())
    }
    unique("channel", "id", raw.channel.iter().map(|c| c.id.as_ref()))?;
    unique("factor", "id", raw.factor.iter().map(|f| f.id.as_ref()))?;
    unique("group", "id", raw.group.iter().map(|g| g.id.as_ref()))?;
    unique("region", "code", raw.region.iter().map(|r| r.code.as_ref()))?;
    unique(
        "milestone",
        "id",
        raw.milestone.iter().map(|m| m.id.as_ref()),
    )?;
    unique(
        "unmodelled",
        "id",
        raw.unmodelled.iter().map(|u| u.id.as_ref()),
    )
}

/// A rates file may restate the table's currency (in any case) but not change it: every money
/// figure it inherits is in the built-in table's currency, and relabelling them would change
/// their meaning without converting them.
pub(super) fn same_currency(
    base: &Table,
    overlay: &Table,
    layer: Layer<'_>,
) -> Result<(), RatesError> {
    let (Some(Value::String(own)), Some(Value::String(given))) =
        (base.get("currency"), overlay.get("currency"))
    else {
        return Ok(());
    };
    if own.eq_ignore_ascii_case(given) {
        return Ok(());
    }
    Err(RatesError {
        origin: layer.origin.to_string(),
        location: None,
        message: format!(
            "currency = \"{given}\": the table's figures are in {own}, and a rates file cannot relabel them"
        ),
        hint: Some(format!(
            "remove `currency` from the file, and use --currency {} to see amounts in {}",
            given.to_ascii_lowercase(),
            given.to_ascii_uppercase()
        )),
    })
}

/// Merges `overlay` (from the file `origin`) over `base`.
pub(super) fn merge(base: &mut Table, overlay: Table, origin: &str) {
    for (key, value) in overlay {
        let keyed = KEYED_ARRAYS.iter().find(|(array, _)| *array == key);
        match (keyed, value) {
            (Some(&(kind, id_key)), Value::Array(items)) => {
                let slot = base.entry(key).or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(base_items) = slot {
                    merge_keyed(base_items, items, kind, id_key, origin);
                }
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

fn merge_keyed(base: &mut Vec<Value>, items: Vec<Value>, kind: &str, id_key: &str, origin: &str) {
    for item in items {
        let Value::Table(item) = item else { continue };
        let id = item.get(id_key).and_then(Value::as_str).map(str::to_string);
        let existing = base.iter_mut().find_map(|b| match b {
            Value::Table(t) if t.get(id_key).and_then(Value::as_str) == id.as_deref() => Some(t),
            _ => None,
        });
        if let Some(existing) = existing {
            merge_item(existing, item, kind, origin);
        } else {
            let mut item = item;
            mark_new(&mut item, kind, origin);
            base.push(Value::Table(item));
        }
    }
}

fn merge_item(existing: &mut Table, overlay: Table, kind: &str, origin: &str) {
    match kind {
        "factor" => merge_sourced(existing, overlay, origin, ""),
        // A milestone states one figure: once it changes, the sources below were about
        // another number and no longer stand behind this one.
        "milestone" => {
            let restated = overlay.keys().any(|k| !DESCRIPTIVE.contains(&k.as_str()));
            if restated && !overlay.contains_key("sources") {
                existing.remove("sources");
            }
            merge_sourced(existing, overlay, origin, "");
        }
        "channel" => {
            for (key, value) in overlay {
                if CHANNEL_FIGURES.contains(&key.as_str()) {
                    if let Value::Table(above) = value {
                        if let Some(Value::Table(below)) = existing.get_mut(&key) {
                            merge_sourced(below, above, origin, &format!("{key}."));
                        } else {
                            let mut fresh = above;
                            mark_sourced(&mut fresh, origin);
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

/// Merges a table of figures that has its own `sources`, recording the change if the overlay
/// gives none.
fn merge_sourced(base: &mut Table, overlay: Table, origin: &str, prefix: &str) {
    let mut changed = Vec::new();
    let gives_sources = overlay.contains_key("sources");
    let gives_grade = overlay.contains_key("grade");
    for (key, value) in overlay {
        if !DESCRIPTIVE.contains(&key.as_str()) {
            match &value {
                Value::Table(entries) if key == "entries" => {
                    changed.extend(entries.keys().map(|k| format!("{prefix}entries.{k}")));
                }
                _ => changed.push(format!("{prefix}{key}")),
            }
        }
        match (base.get_mut(&key), value) {
            (Some(Value::Table(below)), Value::Table(above)) if key == "entries" => {
                below.extend(above);
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
    if changed.is_empty() {
        return;
    }
    // The grade below described the number that was replaced.
    if !gives_grade {
        base.remove("grade");
    }
    if !gives_sources {
        let title = format!("{origin} sets {} with no source", changed.join(", "));
        let sources = base
            .entry("sources")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = sources {
            list.push(Value::Table(marker(title)));
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_from_one() {
        let text = "a = 1\nbb = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        assert_eq!(line_column(text, 9), (2, 4));
    }

    #[test]
    fn suggests_the_nearest_key() {
        let hint = unknown_name_hint("unknown field `rat`, expected one of `rate`, `per`");
        assert_eq!(hint.as_deref(), Some("did you mean `rate`?"));
        let none = unknown_name_hint("unknown field `zzz`, expected `low` or `high`");
        assert_eq!(none.as_deref(), Some("valid keys here: low, high"));
        assert_eq!(unknown_name_hint("invalid type"), None);
    }
}
