//! What a rates file may cost. Rates files are shared between people, so they are untrusted:
//! each limit below is checked before or while the file is read, with its own message, so a
//! hostile or broken file fails fast instead of exhausting memory or time.

use toml::{Table, Value};

/// Largest rates file, in bytes.
pub const MAX_BYTES: usize = 1024 * 1024;
/// Deepest nesting of tables and arrays (the format itself needs 6).
pub const MAX_DEPTH: usize = 10;
/// Longest string value, in characters (notes, titles, URLs).
pub const MAX_STRING_CHARS: usize = 4096;
/// Longest key, in characters (ids, region codes, entry names).
pub const MAX_KEY_CHARS: usize = 64;
/// Longest array (a list of regions, of factors, of sources).
pub const MAX_ARRAY_LEN: usize = 1000;
/// Most channels in a table.
pub const MAX_CHANNELS: usize = 100;
/// Most factor tables in a table.
pub const MAX_FACTORS: usize = 20;
/// Most entries in one factor table.
pub const MAX_FACTOR_ENTRIES: usize = 500;
/// Most sources behind one figure.
pub const MAX_SOURCES: usize = 50;
/// Most regions, milestones, groups, unmodelled streams or currencies, each.
pub const MAX_OTHER_ITEMS: usize = 500;
/// Most unknown keys and wrong types listed for one file: each is placed by its line, and a
/// file of nothing but misspelt keys would otherwise take minutes to list.
pub const MAX_SHAPE_PROBLEMS: usize = 50;

/// Checked before parsing.
pub(super) fn check_size(text: &str) -> Result<(), String> {
    if text.len() > MAX_BYTES {
        return Err(format!(
            "the file is {} bytes; a rates file may be at most {MAX_BYTES} bytes (1 MiB)",
            text.len()
        ));
    }
    Ok(())
}

/// Checked on the parsed document: depth, string, key and array lengths. The walk uses its own
/// stack, not recursion, so no document can exhaust the call stack here.
pub(super) fn check_document(table: &Table) -> Result<(), String> {
    let mut stack: Vec<(&Value, usize, String)> =
        table.iter().map(|(k, v)| (v, 1, k.clone())).collect();
    for key in table.keys() {
        check_key(key, "")?;
    }
    while let Some((value, depth, path)) = stack.pop() {
        if depth > MAX_DEPTH {
            return Err(format!(
                "{path} is nested {depth} levels deep; a rates file may nest at most {MAX_DEPTH}"
            ));
        }
        match value {
            Value::String(s) => {
                let chars = s.chars().count();
                if chars > MAX_STRING_CHARS {
                    return Err(format!(
                        "{path} is {chars} characters long; strings may be at most {MAX_STRING_CHARS}"
                    ));
                }
            }
            Value::Array(items) => {
                if items.len() > MAX_ARRAY_LEN {
                    return Err(format!(
                        "{path} has {} items; a list may have at most {MAX_ARRAY_LEN}",
                        items.len()
                    ));
                }
                stack.extend(items.iter().map(|v| (v, depth + 1, format!("{path}[]"))));
            }
            Value::Table(t) => {
                for (k, v) in t {
                    check_key(k, &path)?;
                    stack.push((v, depth + 1, format!("{path}.{k}")));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn check_key(key: &str, path: &str) -> Result<(), String> {
    let chars = key.chars().count();
    if chars > MAX_KEY_CHARS {
        let shown: String = key.chars().take(20).collect();
        let place = if path.is_empty() {
            String::new()
        } else {
            format!(" in {path}")
        };
        return Err(format!(
            "key '{shown}…'{place} is {chars} characters long; keys may be at most {MAX_KEY_CHARS}"
        ));
    }
    Ok(())
}

/// Checked on each file's content, and again on the merged table.
pub(super) fn check_counts(table: &Table) -> Result<(), String> {
    let count = |what: &str, n: usize, max: usize| {
        if n > max {
            Err(format!(
                "the table has {n} {what}; at most {max} are allowed"
            ))
        } else {
            Ok(())
        }
    };
    let top = |key: &str| {
        table
            .get(key)
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice)
    };
    count("channels", top("channel").len(), MAX_CHANNELS)?;
    count("factor tables", top("factor").len(), MAX_FACTORS)?;
    count("regions", top("region").len(), MAX_OTHER_ITEMS)?;
    count("milestones", top("milestone").len(), MAX_OTHER_ITEMS)?;
    count("groups", top("group").len(), MAX_OTHER_ITEMS)?;
    count(
        "unmodelled streams",
        top("unmodelled").len(),
        MAX_OTHER_ITEMS,
    )?;
    if let Some(fx) = table.get("fx") {
        count(
            "currencies",
            list(Some(fx), "currency").len(),
            MAX_OTHER_ITEMS,
        )?;
        sources("fx", list(Some(fx), "sources"))?;
    }
    let id = |item: &Value| {
        item.get("id")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string()
    };
    for factor in top("factor") {
        let id = id(factor);
        let entries = factor
            .get("entries")
            .and_then(Value::as_table)
            .map_or(0, Table::len);
        if entries > MAX_FACTOR_ENTRIES {
            return Err(format!(
                "factor '{id}' has {entries} entries; a factor may have at most {MAX_FACTOR_ENTRIES}"
            ));
        }
        sources(&format!("factor '{id}'"), list(Some(factor), "sources"))?;
    }
    for channel in top("channel") {
        let id = id(channel);
        for figure in [
            "rate",
            "qualified_share",
            "eligibility",
            "availability",
            "cross_check",
        ] {
            let sources_of = list(channel.get(figure), "sources");
            sources(&format!("channel '{id}': {figure}"), sources_of)?;
        }
    }
    for milestone in top("milestone") {
        let id = id(milestone);
        sources(
            &format!("milestone '{id}'"),
            list(Some(milestone), "sources"),
        )?;
    }
    Ok(())
}

/// The list under `key` of a table, or none.
fn list<'v>(value: Option<&'v Value>, key: &str) -> &'v [Value] {
    value
        .and_then(|v| v.get(key))
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn sources(what: &str, list: &[Value]) -> Result<(), String> {
    let n = list.len();
    if n > MAX_SOURCES {
        return Err(format!(
            "{what} has {n} sources; a figure may have at most {MAX_SOURCES}"
        ));
    }
    Ok(())
}
