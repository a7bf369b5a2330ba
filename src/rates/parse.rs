//! Reading one TOML layer, and placing the problems found in it.
//!
//! A layer is read once into a document that keeps the position of every key. Unknown keys,
//! wrong types and duplicate ids are refused here; when the file has any, each of its tables is
//! read on its own as well, so that all of them are reported at once, not one per run, and the
//! pieces at fault are set aside so that the rest of the file is still checked for what it
//! means (a misspelt channel id beside a misspelt key is found in the same run).

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

use serde::Deserialize;
use toml::de::{DeArray, DeTable, DeValue, Deserializer};
use toml::{Spanned, Table};

use super::locate::{self, Spans};
use super::raw::RawTable;
use super::validate::Invalid;
use super::{Layer, Problem, RatesError, limits};
use crate::suggest::{did_you_mean, names};

/// Parses one layer: its table, without the pieces that have an unknown key or a wrong type,
/// and a problem for each of those, with the file, line and column. Duplicate ids refuse it.
/// Limits are checked first: the size before parsing, the shape of the document (depth,
/// lengths) before it is read into the table's types, the counts of channels, factors and
/// sources before anything is merged.
pub(super) fn layer(layer: Layer<'_>) -> Result<(Table, Vec<Problem>), RatesError> {
    let fail = |message: String| RatesError::one(layer.origin, message, None);
    limits::check_size(layer.text).map_err(fail)?;
    let document = DeTable::parse(layer.text)
        .map_err(|e| RatesError::of(layer.origin, vec![problem(layer.text, &e)]))?;
    let mut table = Table::deserialize(Deserializer::from(document.clone()))
        .map_err(|e| RatesError::of(layer.origin, vec![problem(layer.text, &e)]))?;
    limits::check_document(&table).map_err(fail)?;
    let mut shape = Vec::new();
    vanishing_floats(layer.text, document.get_ref(), &mut shape);
    let raw = match RawTable::deserialize(Deserializer::from(document.clone())) {
        Ok(raw) => raw,
        Err(first) => {
            let pieces = every_shape_problem(layer.text, document.get_ref());
            let found = !pieces.is_empty();
            for (problem, piece) in pieces {
                piece.remove_from(&mut table);
                shape.push(problem);
            }
            // What is left reads, unless a problem was not found piece by piece.
            match toml::Value::Table(table.clone()).try_into::<RawTable>() {
                Ok(raw) if found => raw,
                _ => {
                    if !found {
                        shape.push(problem(layer.text, &first));
                    }
                    return Err(RatesError::of(layer.origin, shape));
                }
            }
        }
    };
    limits::check_counts(&raw).map_err(fail)?;
    let duplicates = check_ids(&raw);
    if !duplicates.is_empty() {
        return Err(located(layer, shape, duplicates));
    }
    Ok((table, shape))
}

/// A float written with a digit other than 0 that TOML reads as 0 (`1e-400`, too small for a
/// binary float) would silently be nothing; each is a problem at its place.
fn vanishing_floats(text: &str, document: &DeTable<'_>, found: &mut Vec<Problem>) {
    fn walk(text: &str, value: &Spanned<DeValue<'_>>, found: &mut Vec<Problem>) {
        match value.get_ref() {
            DeValue::Float(float) => {
                let written = float.as_str();
                let mantissa = written.split(['e', 'E']).next().unwrap_or_default();
                let read = written.parse::<f64>().unwrap_or(f64::NAN);
                if read == 0.0 && mantissa.chars().any(|c| matches!(c, '1'..='9')) {
                    found.push(Problem {
                        location: Some(locate::start_of(text, &value.span())),
                        message: format!(
                            "{written} is too small to be held: a TOML float this small reads as 0"
                        ),
                        hint: Some(format!(
                            "write 0 for nothing, or a figure of at most {} decimal places",
                            crate::decimal::MAX_SCALE
                        )),
                    });
                }
            }
            DeValue::Table(table) => table.values().for_each(|v| walk(text, v, found)),
            DeValue::Array(items) => items.iter().for_each(|v| walk(text, v, found)),
            _ => {}
        }
    }
    for value in document.values() {
        walk(text, value, found);
    }
}

/// Where a piece of a layer is: the keys and the places in arrays of tables that lead to it.
struct Piece(Vec<Step>);

enum Step {
    Key(String),
    Element(usize),
}

impl Piece {
    /// Sets the piece aside, so that the rest of the layer can be read. A whole element of an
    /// array of tables is left in place: taking it out would move the elements after it.
    fn remove_from(&self, table: &mut Table) {
        fn table_at<'t>(value: &'t mut toml::Value, path: &[Step]) -> Option<&'t mut Table> {
            match path.split_first() {
                None => value.as_table_mut(),
                Some((Step::Key(key), rest)) => table_at(value.as_table_mut()?.get_mut(key)?, rest),
                Some((Step::Element(i), rest)) => {
                    table_at(value.as_array_mut()?.get_mut(*i)?, rest)
                }
            }
        }
        let Some((Step::Key(last), path)) = self.0.split_last() else {
            return;
        };
        let parent = match path.split_first() {
            None => Some(table),
            Some((Step::Key(first), rest)) => table.get_mut(first).and_then(|v| table_at(v, rest)),
            Some((Step::Element(_), _)) => None,
        };
        if let Some(parent) = parent {
            parent.remove(last);
        }
    }
}

/// Gives each problem the line and column of the key it is about, in `layer`'s text, after
/// the problems already `placed`.
pub(super) fn located(
    layer: Layer<'_>,
    placed: Vec<Problem>,
    problems: Vec<Invalid>,
) -> RatesError {
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
    let placed = placed
        .into_iter()
        .chain(problems.into_iter().map(|p| {
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
        }))
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

/// Reads each key of the document on its own, and of a key that does not read, each key
/// within it (through tables and arrays of tables), so that every unknown key and wrong type is
/// found, not only the first; each with the piece it is in, to be set aside.
fn every_shape_problem(text: &str, document: &DeTable<'_>) -> Vec<(Problem, Piece)> {
    let mut found = Vec::new();
    for (key, value) in document {
        let mut frames = vec![Frame::Key(key.clone(), 0..0)];
        shape_problems(text, &mut frames, value, &mut found);
    }
    if found.len() > limits::MAX_SHAPE_PROBLEMS {
        found.truncate(limits::MAX_SHAPE_PROBLEMS);
        let more = Problem {
            location: None,
            message: format!(
                "more unknown keys or wrong types follow: earn lists {} of them",
                limits::MAX_SHAPE_PROBLEMS
            ),
            hint: None,
        };
        // Not set aside: what is left does not read, and the file is refused with these.
        found.push((more, Piece(Vec::new())));
    }
    found
}

/// One step down from the document to a piece: a key of a table (with the table's span), or
/// an element of an array of tables (with the array's span).
enum Frame<'a> {
    Key(Spanned<Cow<'a, str>>, Range<usize>),
    Element(usize, Range<usize>),
}

/// Finds the problems of `value`, at `frames` in the document: its own when none of its keys
/// (or elements) has one alone.
fn shape_problems<'a>(
    text: &str,
    frames: &mut Vec<Frame<'a>>,
    value: &Spanned<DeValue<'a>>,
    found: &mut Vec<(Problem, Piece)>,
) {
    // One past the most listed, to say that more follow.
    if found.len() > limits::MAX_SHAPE_PROBLEMS {
        return;
    }
    let Err(error) = read_alone(frames, value) else {
        return;
    };
    let before = found.len();
    // An unknown key is at fault itself, whatever it holds: what is inside it would only
    // repeat the problem one level down, and setting that aside would leave the key.
    let unknown_key = matches!(
        frames.last(),
        Some(Frame::Key(key, _)) if error.message().starts_with(&format!("unknown field `{}`", key.get_ref()))
    );
    match value.get_ref() {
        _ if unknown_key => {}
        DeValue::Table(table) => {
            for (key, inner) in table {
                frames.push(Frame::Key(key.clone(), value.span()));
                shape_problems(text, frames, inner, found);
                frames.pop();
            }
        }
        DeValue::Array(items) if items.iter().all(|i| i.get_ref().is_table()) => {
            for (index, item) in items.iter().enumerate() {
                frames.push(Frame::Element(index, value.span()));
                shape_problems(text, frames, item, found);
                frames.pop();
            }
        }
        _ => {}
    }
    if found.len() == before {
        let piece = frames
            .iter()
            .map(|frame| match frame {
                Frame::Key(key, _) => Step::Key(key.get_ref().to_string()),
                Frame::Element(index, _) => Step::Element(*index),
            })
            .collect();
        found.push((problem(text, &error), Piece(piece)));
    }
}

/// Reads `value` as the table's types, alone at its place in the document.
fn read_alone<'a>(
    frames: &[Frame<'a>],
    value: &Spanned<DeValue<'a>>,
) -> Result<(), toml::de::Error> {
    // The first frame is always a key of the document itself.
    let Some((Frame::Key(top, _), inner)) = frames.split_first() else {
        return Ok(());
    };
    let mut current = value.clone();
    for frame in inner.iter().rev() {
        current = match frame {
            Frame::Key(key, span) => {
                let mut table = DeTable::new();
                table.insert(key.clone(), current);
                Spanned::new(span.clone(), DeValue::Table(table))
            }
            Frame::Element(_, span) => {
                let mut list = DeArray::new();
                list.push(current);
                Spanned::new(span.clone(), DeValue::Array(list))
            }
        };
    }
    let mut document = DeTable::new();
    document.insert(top.clone(), current);
    RawTable::deserialize(Deserializer::from(Spanned::new(0..0, document))).map(|_| ())
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
    fn every_unknown_key_and_wrong_type_is_found_at_once_and_set_aside() {
        let text = "nonsense = 1\n[[channel]]\nid = \"gifts\"\nrat = 1\nenabled = \"yes\"\n[[channel]]\nid = \"affiliate\"\nnotse = \"x\"\n[channel.rate]\nlow = \"cheap\"\nhihg = 3\nhigh = 2\n";
        let (table, problems) = layer(Layer {
            origin: "user.toml",
            text,
        })
        .expect("read, with its problems");
        let mut found: Vec<(Option<usize>, String)> = problems
            .into_iter()
            .map(|p| (p.location.map(|l| l.0), p.message))
            .collect();
        found.sort();
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
                (
                    Some(10),
                    "'cheap' is not a decimal number (write digits with an optional '.', like 0.25)"
                        .to_string()
                ),
                (Some(11), "unknown field `hihg`".to_string()),
            ]
        );
        // What is left is the rest of the file, to be checked for what it means.
        let expected: Table = toml::from_str(
            "[[channel]]\nid = \"gifts\"\n[[channel]]\nid = \"affiliate\"\n[channel.rate]\nhigh = 2\n",
        )
        .unwrap();
        assert_eq!(table, expected);
    }
}
