//! Reading one TOML layer, and placing the problems found in it.
//!
//! A layer is read once into a document that keeps the position of every key. Unknown keys,
//! wrong types and duplicate ids are refused here; when the file has any, each of its tables is
//! read on its own as well, so that all of them are reported at once, not one per run.

use std::collections::HashSet;

use serde::Deserialize;
use toml::de::{DeArray, DeTable, DeValue, Deserializer};
use toml::{Spanned, Table};

use super::locate::{self, Spans};
use super::raw::RawTable;
use super::validate::Invalid;
use super::{Layer, Problem, RatesError, limits};
use crate::suggest::{did_you_mean, names};

/// Parses one layer, refusing unknown keys, wrong types and duplicate ids with the file, line
/// and column of each.
/// Limits are checked first: the size before parsing, the shape of the document (depth,
/// lengths) before it is read into the table's types, the counts of channels, factors and
/// sources before anything is merged.
pub(super) fn layer(layer: Layer<'_>) -> Result<Table, RatesError> {
    let fail = |message: String| RatesError::one(layer.origin, message, None);
    limits::check_size(layer.text).map_err(fail)?;
    let document = DeTable::parse(layer.text)
        .map_err(|e| RatesError::of(layer.origin, vec![problem(layer.text, &e)]))?;
    let table = Table::deserialize(Deserializer::from(document.clone()))
        .map_err(|e| RatesError::of(layer.origin, vec![problem(layer.text, &e)]))?;
    limits::check_document(&table).map_err(fail)?;
    let raw = match RawTable::deserialize(Deserializer::from(document.clone())) {
        Ok(raw) => raw,
        Err(first) => {
            let mut problems = every_shape_problem(layer.text, document.get_ref());
            if problems.is_empty() {
                problems.push(problem(layer.text, &first));
            }
            return Err(RatesError::of(layer.origin, problems));
        }
    };
    limits::check_counts(&raw).map_err(fail)?;
    let duplicates = check_ids(&raw);
    if !duplicates.is_empty() {
        return Err(located(layer, duplicates));
    }
    Ok(table)
}

/// Gives each problem the line and column of the key it is about, in `layer`'s text.
pub(super) fn located(layer: Layer<'_>, problems: Vec<Invalid>) -> RatesError {
    // A problem that only follows from another (a channel naming a factor that is itself
    // invalid) is left out when that other one is reported.
    let (echoes, problems): (Vec<Invalid>, Vec<Invalid>) =
        problems.into_iter().partition(|p| p.echo);
    let problems = if problems.is_empty() {
        echoes
    } else {
        problems
    };
    // Positions are looked up only now, when something is wrong: a valid file costs nothing.
    let spans = DeTable::parse(layer.text)
        .map(|document| Spans::of(document.get_ref()))
        .unwrap_or_default();
    let placed = problems
        .into_iter()
        .map(|p| {
            let path = p
                .path
                .clone()
                .unwrap_or_else(|| locate::path_of(&p.message));
            Problem {
                location: spans
                    .find(&path)
                    .map(|offset| locate::line_column(layer.text, offset)),
                message: p.message,
                hint: p.hint,
            }
        })
        .collect();
    RatesError::of(layer.origin, placed)
}

/// A parser's or reader's error, with its place and, for an unknown name, the nearest one.
fn problem(text: &str, error: &toml::de::Error) -> Problem {
    let message = in_file_terms(&error.message().trim().replace('\n', " "));
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
    Problem {
        location: error.span().map(|span| locate::start_of(text, &span)),
        hint,
        message,
    }
}

/// serde names the program's types (`expected struct RawRate`); a file has tables.
fn in_file_terms(message: &str) -> String {
    match message.split_once("expected struct Raw") {
        Some((head, tail)) => {
            let rest = tail.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
            format!("{head}expected a table{rest}")
        }
        None => message.to_string(),
    }
}

/// Reads every top-level key, every key of a top-level table and every key of each element of
/// an array of tables on its own, so that each unknown key or wrong type is found, not only the
/// first. Deeper tables give their first problem each.
fn every_shape_problem(text: &str, document: &DeTable<'_>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut read = |key: &Spanned<std::borrow::Cow<'_, str>>, value: Spanned<DeValue<'_>>| {
        let mut alone = DeTable::new();
        alone.insert(key.clone(), value);
        if let Err(e) = RawTable::deserialize(Deserializer::from(Spanned::new(0..0, alone))) {
            problems.push(problem(text, &e));
        }
    };
    for (key, value) in document {
        match value.get_ref() {
            DeValue::Table(table) => {
                for (inner_key, inner) in table {
                    let mut one = DeTable::new();
                    one.insert(inner_key.clone(), inner.clone());
                    read(key, Spanned::new(value.span(), DeValue::Table(one)));
                }
            }
            DeValue::Array(items) if items.iter().all(|i| i.get_ref().is_table()) => {
                for item in items {
                    let Some(table) = item.get_ref().as_table() else {
                        continue;
                    };
                    for (inner_key, inner) in table {
                        let mut one = DeTable::new();
                        one.insert(inner_key.clone(), inner.clone());
                        let mut list = DeArray::new();
                        list.push(Spanned::new(item.span(), DeValue::Table(one)));
                        read(key, Spanned::new(value.span(), DeValue::Array(list)));
                    }
                }
            }
            _ => read(key, value.clone()),
        }
    }
    problems
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
fn check_ids(raw: &RawTable) -> Vec<Invalid> {
    fn unique<'a>(
        kind: &str,
        id_key: &str,
        ids: impl Iterator<Item = Option<&'a String>>,
        problems: &mut Vec<Invalid>,
    ) {
        let mut seen = HashSet::new();
        for (index, id) in ids.enumerate() {
            let place = vec![kind.to_string(), index.to_string(), id_key.to_string()];
            let Some(id) = id else {
                problems.push(Invalid::at(
                    place,
                    format!(
                        "[[{kind}]] number {} has no `{id_key}`: every {kind} needs one",
                        index + 1
                    ),
                ));
                continue;
            };
            if !seen.insert(id) {
                problems.push(Invalid::at(
                    place,
                    format!(
                        "duplicate {kind} {id_key} '{id}': each {kind} may appear once per file"
                    ),
                ));
            }
        }
    }
    let mut problems = Vec::new();
    let p = &mut problems;
    unique(
        "channel",
        "id",
        raw.channel.iter().map(|c| c.id.as_ref()),
        p,
    );
    unique("factor", "id", raw.factor.iter().map(|f| f.id.as_ref()), p);
    unique("group", "id", raw.group.iter().map(|g| g.id.as_ref()), p);
    unique(
        "region",
        "code",
        raw.region.iter().map(|r| r.code.as_ref()),
        p,
    );
    let milestones = raw.milestone.iter().map(|m| m.id.as_ref());
    unique("milestone", "id", milestones, p);
    let unmodelled = raw.unmodelled.iter().map(|u| u.id.as_ref());
    unique("unmodelled", "id", unmodelled, p);
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_key() {
        let hint = unknown_name_hint("unknown field `rat`, expected one of `rate`, `per`");
        assert_eq!(hint.as_deref(), Some("did you mean `rate`?"));
        let none = unknown_name_hint("unknown field `zzz`, expected `low` or `high`");
        assert_eq!(none.as_deref(), Some("valid keys here: low, high"));
        assert_eq!(unknown_name_hint("invalid type"), None);
    }

    #[test]
    fn types_are_named_as_the_file_has_them() {
        assert_eq!(
            in_file_terms("invalid type: integer `3`, expected struct RawRate"),
            "invalid type: integer `3`, expected a table"
        );
        assert_eq!(in_file_terms("expected a string"), "expected a string");
    }

    #[test]
    fn every_unknown_key_and_wrong_type_is_found_at_once() {
        let text = "nonsense = 1\n[[channel]]\nid = \"gifts\"\nrat = 1\nenabled = \"yes\"\n[[channel]]\nid = \"affiliate\"\nnotse = \"x\"\n";
        let err = layer(Layer {
            origin: "user.toml",
            text,
        })
        .expect_err("refused");
        let found: Vec<(Option<usize>, String)> = err
            .problems()
            .into_iter()
            .map(|p| (p.location.map(|l| l.0), p.message))
            .collect();
        assert_eq!(
            found,
            [
                (Some(1), "unknown field `nonsense`".to_string()),
                (Some(4), "unknown field `rat`".to_string()),
                (
                    Some(5),
                    "invalid type: string \"yes\", expected a boolean".to_string()
                ),
                (Some(8), "unknown field `notse`".to_string()),
            ]
        );
    }
}
