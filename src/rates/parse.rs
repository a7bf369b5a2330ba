//! Reading one TOML layer, and placing the problems found in it.
//!
//! A layer is read once into a document that keeps the position of every key, and read as the
//! table's types. Unknown keys, wrong types, values their own checks refuse (`form`) and
//! duplicate ids are refused here; when the file has any, each of its tables is read on its
//! own as well, so that all of them are reported at once, not one per run, and the pieces at
//! fault are set aside so that the rest of the file is still checked for what it means (a
//! misspelt channel id beside a misspelt key is found in the same run). A key the file does not
//! give is no problem here: a file changes part of the table, and the merged table is checked
//! for what it lacks.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

use serde::Deserialize;
use toml::de::{DeArray, DeTable, DeValue, Deserializer};
use toml::{Spanned, Table, Value};

use super::form::{HINT, PLACED, WHOLE_FX};
use super::locate::{self, Spans, Step, describe, id_key};
use super::validate::Invalid;
use super::{Layer, Problem, RateTable, RatesError, limits};
use crate::suggest::{did_you_mean, names};
use crate::text::unsafe_to_show;

/// One layer, read.
pub(super) struct Parsed {
    /// Without the pieces set aside.
    pub table: Table,
    /// Where each piece set aside is, and why.
    pub problems: Vec<Problem>,
    /// Elements set aside for an id given twice, or none: placed with the table's problems.
    pub repeated: Vec<Invalid>,
    /// What was set aside.
    pub aside: Vec<Aside>,
}

/// A piece of a file set aside for a problem of its own.
#[derive(Debug, Clone)]
pub(super) struct Aside {
    /// What was taken out: a key, a list within an element, or a whole element.
    removed: Vec<Step>,
    /// Whether it was a list (sources, tiers): what is said of the part that held it then
    /// follows from the problem too.
    list: bool,
}

impl Aside {
    /// Whether a problem about `path` follows from this piece's being set aside.
    pub(super) fn explains(&self, path: &[String]) -> bool {
        let removed = locate::path_of_steps(&self.removed);
        let reach = if self.list {
            &removed[..removed.len().saturating_sub(1)]
        } else {
            &removed[..]
        };
        !reach.is_empty() && path.starts_with(reach)
    }

    /// Whether the key at `path` was given but set aside: it is this piece, within it, or
    /// holds it (a tier of `rate.tier`), but is not beside it (a rate's `sources` set aside
    /// leave its `low` not given).
    pub(super) fn covers(&self, path: &[String]) -> bool {
        let removed = locate::path_of_steps(&self.removed);
        !removed.is_empty() && (path.starts_with(&removed) || removed.starts_with(path))
    }

    /// Whether this is the key `key` of the element `kind` `id`.
    pub(super) fn is_key(&self, kind: &str, id: &str, key: &str) -> bool {
        locate::path_of_steps(&self.removed) == [kind, id, key]
    }

    /// The kind and id of the element the piece was in (`channel`, `gifts`).
    pub(super) fn element(&self) -> Option<(&str, &str)> {
        match self.removed.as_slice() {
            [Step::Key(kind), Step::Element(_, Some(id)), ..] => Some((kind, id)),
            _ => None,
        }
    }
}

/// Parses one layer: its table, without the pieces that have an unknown key, a wrong type or
/// a value its own check refuses, a problem for each of those, with the file, line and column,
/// and where they were; an element that repeats an id, or has none, is set aside too. Limits are checked first: the size before
/// parsing, the shape of the document (depth, lengths) before it is read into the table's
/// types, the counts of channels, factors and sources before anything is merged.
pub(super) fn layer(layer: Layer<'_>) -> Result<Parsed, RatesError> {
    let fail = |message: String| RatesError::one(layer.origin, message, None);
    limits::check_size(layer.text).map_err(fail)?;
    let document = DeTable::parse(layer.text)
        .map_err(|e| RatesError::of(layer.origin, vec![problem(layer.text, &e, &[])]))?;
    let mut table = Table::deserialize(Deserializer::from(document.clone()))
        .map_err(|e| RatesError::of(layer.origin, vec![problem(layer.text, &e, &[])]))?;
    limits::check_document(&table).map_err(fail)?;
    // Text from a rates file reaches terminals through every output, JSON and TOML included,
    // which cannot escape it: a file with such text is read no further, but each is placed.
    let Unusable { floats, texts } = Unusable::of(layer.text, document.get_ref());
    if !texts.is_empty() {
        return Err(RatesError::of(layer.origin, texts));
    }
    let mut shape = floats;
    let mut aside = Vec::new();
    // A whole table reads at once; a file that changes part of one lacks keys it need not
    // give, and is read piece by piece for what is wrong in it.
    let unread = match read(document.clone()) {
        // Keys of the table itself that the file need not give: the rest was read.
        Err((_, Some(0))) | Ok(()) => None,
        Err((first, _)) => Some(first),
    };
    if let Some(first) = unread {
        let pieces = every_shape_problem(layer.text, document.get_ref());
        let found = !pieces.is_empty();
        // An element whose id does not read is set aside whole, once the other pieces are:
        // taking it out moves the elements after it.
        let mut elements = Vec::new();
        for (problem, piece) in pieces {
            match piece.0.as_slice() {
                [
                    kind @ Step::Key(k),
                    element @ Step::Element(index, _),
                    Step::Key(id),
                ] if id_key(k) == Some(id.as_str()) => {
                    elements.push((k.clone(), *index));
                    aside.push(Aside {
                        removed: vec![kind.clone(), element.clone()],
                        list: false,
                    });
                }
                _ => aside.extend(piece.remove_from(&mut table)),
            }
            shape.push(problem);
        }
        elements.sort_unstable_by(|a, b| b.cmp(a));
        for (kind, index) in elements {
            if let Some(items) = table.get_mut(&kind).and_then(Value::as_array_mut) {
                if index < items.len() {
                    items.remove(index);
                }
            }
        }
        // What is left reads, but for keys the file need not give, unless a problem was not
        // found piece by piece (or more were found than are listed).
        if !found && !is_missing(&first) {
            shape.push(problem(layer.text, &first, &[]));
            return Err(RatesError::of(layer.origin, shape));
        }
        if let Err(left) = Value::Table(table.clone()).try_into::<RateTable>() {
            if !is_missing(&left) {
                return Err(RatesError::of(layer.origin, shape));
            }
        }
    }
    limits::check_counts(&table).map_err(fail)?;
    // The element that repeats an id, or has none, is set aside; the rest is still checked.
    let (repeated, at) = check_ids(&table);
    for (kind, index) in at.into_iter().rev() {
        if let Some(items) = table.get_mut(&kind).and_then(Value::as_array_mut) {
            items.remove(index);
        }
    }
    // Pieces set aside from an element that repeats an id went with it: the element kept
    // under that id does not have its own problems taken for theirs.
    if !repeated.is_empty() {
        aside.retain(|piece| match piece.removed.as_slice() {
            [Step::Key(kind), Step::Element(index, Some(id)), ..] => {
                first_with_id(document.get_ref(), kind, id).is_none_or(|first| first == *index)
            }
            _ => true,
        });
    }
    Ok(Parsed {
        table,
        problems: shape,
        repeated,
        aside,
    })
}

/// The place of the first element of the array `kind` whose id is `id`, in the document.
fn first_with_id(document: &DeTable<'_>, kind: &str, id: &str) -> Option<usize> {
    let id_name = id_key(kind)?;
    let (_, items) = document.iter().find(|(key, _)| key.get_ref() == kind)?;
    let DeValue::Array(items) = items.get_ref() else {
        return None;
    };
    items.iter().position(|item| {
        let DeValue::Table(element) = item.get_ref() else {
            return false;
        };
        element
            .iter()
            .find(|(key, _)| key.get_ref() == id_name)
            .and_then(|(_, value)| value.get_ref().as_str())
            == Some(id)
    })
}

/// Values that read but cannot be used as written, each a problem at its place: floats with
/// a digit other than 0 that TOML reads as 0 (`1e-400`, too small for a binary float), which
/// would silently be nothing; and texts holding a character a terminal would act on.
#[derive(Default)]
struct Unusable {
    floats: Vec<Problem>,
    texts: Vec<Problem>,
}

impl Unusable {
    /// Each kind listed up to the most shape problems listed, with a note when more follow:
    /// placing each costs a pass over the text before it.
    fn of(text: &str, document: &DeTable<'_>) -> Unusable {
        let mut found = Unusable::default();
        for (key, value) in in_file_order(document) {
            found.walk(text, key.get_ref(), value);
        }
        let most = limits::MAX_SHAPE_PROBLEMS;
        for (list, what) in [
            (&mut found.floats, "floats that read as 0"),
            (&mut found.texts, "texts with a control character"),
        ] {
            if list.len() > most {
                list.truncate(most);
                list.push(Problem::more_follow(what, most));
            }
        }
        found
    }

    fn walk(&mut self, text: &str, key: &str, value: &Spanned<DeValue<'_>>) {
        let at = || Some(locate::start_of(text, &value.span()));
        // One past the most listed, to say that more follow.
        let room = |list: &Vec<Problem>| list.len() <= limits::MAX_SHAPE_PROBLEMS;
        match value.get_ref() {
            DeValue::Float(_) if !room(&self.floats) => {}
            DeValue::String(_) if !room(&self.texts) => {}
            DeValue::Float(float) => {
                let written = float.as_str();
                let mantissa = written.split(['e', 'E']).next().unwrap_or_default();
                let read = written.parse::<f64>().unwrap_or(f64::NAN);
                if read == 0.0 && mantissa.chars().any(|c| matches!(c, '1'..='9')) {
                    self.floats.push(Problem {
                        location: at(),
                        message: format!(
                            "{written} is too small to be held: a TOML float this small reads as 0"
                        ),
                        hint: Some(format!(
                            "write 0 for nothing, or a figure of at most {} decimal places",
                            crate::decimal::MAX_SCALE
                        )),
                        more_follow: false,
                    });
                }
            }
            DeValue::String(string) => {
                let acted_on = |c: &char| *c != '\n' && *c != '\t' && unsafe_to_show(*c);
                if let Some(c) = string.chars().find(acted_on) {
                    self.texts.push(Problem {
                        location: at(),
                        message: format!(
                            "{key} contains the control character U+{:04X}; text in a rates file \
                             may not hold control or text-direction characters (newlines and \
                             tabs are fine)",
                            u32::from(c)
                        ),
                        hint: None,
                        more_follow: false,
                    });
                }
            }
            DeValue::Table(table) => {
                for (key, value) in in_file_order(table) {
                    self.walk(text, key.get_ref(), value);
                }
            }
            DeValue::Array(items) => items.iter().for_each(|v| self.walk(text, key, v)),
            _ => {}
        }
    }
}

/// Where a piece of a layer is: the keys and the places in arrays of tables that lead to it.
struct Piece(Vec<Step>);

impl Piece {
    /// Sets the piece aside, so that the rest of the layer can be read. A whole element of an
    /// array of tables is left in place: taking it out would move the elements after it. A
    /// piece of a list within an element (a source, a tier) takes the whole list with it: what
    /// the list would say without it is not what the file says.
    fn remove_from(&self, table: &mut Table) -> Option<Aside> {
        fn table_at<'t>(value: &'t mut toml::Value, path: &[Step]) -> Option<&'t mut Table> {
            match path.split_first() {
                None => value.as_table_mut(),
                Some((Step::Key(key), rest)) => table_at(value.as_table_mut()?.get_mut(key)?, rest),
                Some((Step::Element(i, _), rest)) => {
                    table_at(value.as_array_mut()?.get_mut(*i)?, rest)
                }
            }
        }
        let within = self
            .0
            .iter()
            .skip(2)
            .position(|s| matches!(s, Step::Element(..)));
        let piece = match within {
            Some(at) => &self.0[..at + 2],
            None => &self.0[..],
        };
        let (Step::Key(last), path) = piece.split_last()? else {
            return None;
        };
        let parent = match path.split_first() {
            None => Some(table),
            Some((Step::Key(first), rest)) => table.get_mut(first).and_then(|v| table_at(v, rest)),
            Some((Step::Element(..), _)) => None,
        };
        parent?.remove(last)?;
        Some(Aside {
            removed: piece.to_vec(),
            list: within.is_some(),
        })
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
    let problems = if problems.is_empty() && placed.is_empty() {
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
            Problem {
                location: spans
                    .find(&p.path)
                    .map(|offset| locate::line_column(layer.text, offset)),
                message: p.message,
                hint: p.hint,
                more_follow: false,
            }
        }))
        .collect();
    RatesError::of(layer.origin, placed)
}

/// Whether the reader found only a key missing, which a file that changes part of a table need
/// not give: the merged table is checked for it.
fn is_missing(error: &toml::de::Error) -> bool {
    error.message().starts_with("missing field")
}

/// A reader's message about the value at `steps`, in the file's terms, and its hint: a value's
/// own check gets its place in front (see `form`), and a missing key is named by its place.
pub(super) fn worded(message: &str, steps: &[Step]) -> (String, Option<String>) {
    let (message, hint) = match message.split_once(HINT) {
        Some((message, hint)) => (message, Some(hint.to_string())),
        None => (message, None),
    };
    if let Some(own) = message.strip_prefix(PLACED) {
        let place = describe(steps);
        let joint = if own.starts_with(':') { "" } else { " " };
        return (format!("{place}{joint}{own}"), hint);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or_default();
        let mut at = steps.to_vec();
        at.push(Step::Key(key.to_string()));
        // A file's [fx] is a whole set, not changes to the built-in one.
        let hint =
            matches!(steps.first(), Some(Step::Key(k)) if k == "fx").then(|| WHOLE_FX.to_string());
        return (format!("{} is missing", describe(&at)), hint);
    }
    // A wrong value is named by its place, which the reader's message does not give. (Where
    // the value is a table or a list, the reader's path has already gone into it.)
    let scalar = message
        .strip_prefix("invalid type: ")
        .is_some_and(|rest| !rest.starts_with("map") && !rest.starts_with("sequence"));
    if !steps.is_empty() && scalar {
        return (
            format!("{}: {}", describe(steps), in_file_terms(message)),
            hint,
        );
    }
    (in_file_terms(message), hint)
}

/// A parser's or reader's error, with its place and, for an unknown name, the nearest one.
fn problem(text: &str, error: &toml::de::Error, steps: &[Step]) -> Problem {
    let (message, own_hint) = worded(&error.message().trim().replace('\n', " "), steps);
    // The parser stops runaway nesting itself; say so in the file's terms.
    let message = if message.contains("recurs") {
        format!(
            "tables or arrays are nested too deeply; a rates file may nest at most {} levels",
            limits::MAX_DEPTH
        )
    } else if ["as i128", "u64 value was too large", "number overflowed"]
        .iter()
        .any(|m| message.contains(m))
    {
        // Past what TOML's integers and floats hold, in the words of a figure too large.
        let written = error
            .span()
            .and_then(|span| text.get(span))
            .map_or("", str::trim);
        if written.starts_with('-') {
            format!("{written} is negative: a figure is 0 or more")
        } else if message.contains("overflowed") {
            format!("{written} is too large: a figure must be below 1e18")
        } else {
            format!(
                "{written} is too large: a whole number in a rates file is at most {}",
                i64::MAX
            )
        }
    } else {
        message
    };
    // serde sees a TOML date or time as a map: one where another value belongs is named so.
    let written = error.span().and_then(|span| text.get(span)).map(str::trim);
    let datetime = written.and_then(|w| Some((w, w.parse::<toml::value::Datetime>().ok()?)));
    let message = match datetime {
        Some((written, datetime)) if message.starts_with("invalid type: table,") => {
            let kind = if datetime.date.is_some() {
                "date"
            } else {
                "time"
            };
            message.replacen(
                "invalid type: table",
                &format!("invalid type: {kind} {written}"),
                1,
            )
        }
        _ => message,
    };
    let hint = own_hint.or_else(|| unknown_name_hint(&message));
    // The hint carries the suggestion or the list of valid keys, so the message need not.
    let message = match (&hint, message.split_once(", expected")) {
        (Some(_), Some((head, _))) => head.to_string(),
        _ => message,
    };
    Problem {
        location: error.span().map(|span| locate::start_of(text, &span)),
        hint,
        message,
        more_follow: false,
    }
}

/// serde names the program's types (`expected struct Rate`); a file has tables.
fn in_file_terms(message: &str) -> String {
    let message = match message.split_once("expected struct ") {
        Some((head, tail)) => {
            let rest = tail.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
            format!("{head}expected a table{rest}")
        }
        None => message.to_string(),
    };
    // TOML's words for what serde calls a map and a sequence.
    message
        .replace("invalid type: map", "invalid type: table")
        .replace("invalid type: sequence", "invalid type: list")
        .replace("expected a map", "expected a table")
        .replace(
            "expected a sequence",
            "expected a list: [a, b], or [[key]] for each table of one",
        )
        .replace("expected a boolean", "expected true or false")
}

/// Reads each key of the document on its own, and of a key that does not read, each key
/// within it (through tables and arrays of tables), so that every unknown key and wrong type is
/// found, not only the first; each with the piece it is in, to be set aside.
fn every_shape_problem(text: &str, document: &DeTable<'_>) -> Vec<(Problem, Piece)> {
    let mut found = Vec::new();
    for (key, value) in in_file_order(document) {
        let mut frames = vec![Frame::Key(key.clone(), 0..0)];
        shape_problems(text, &mut frames, value, &mut found);
    }
    if found.len() > limits::MAX_SHAPE_PROBLEMS {
        found.truncate(limits::MAX_SHAPE_PROBLEMS);
        let more = Problem::more_follow("unknown keys or wrong types", limits::MAX_SHAPE_PROBLEMS);
        // Not set aside: what is left does not read, and the file is refused with these.
        found.push((more, Piece(Vec::new())));
    }
    found
}

/// The keys of a table as the file writes them, where the reader keeps them sorted: the
/// problems listed, up to the most, are then the file's first.
fn in_file_order<'t, 'i>(
    table: &'t DeTable<'i>,
) -> Vec<(
    &'t Spanned<toml::de::DeString<'i>>,
    &'t Spanned<DeValue<'i>>,
)> {
    let mut keys: Vec<_> = table.iter().collect();
    keys.sort_by_key(|(key, _)| key.span().start);
    keys
}

/// One step down from the document to a piece: a key of a table (with the table's span), or
/// an element of an array of tables (with the array's span, and the element's id).
enum Frame<'a> {
    Key(Spanned<Cow<'a, str>>, Range<usize>),
    Element(usize, Range<usize>, Option<String>),
}

/// The steps to a piece, with the ids of the elements on the way.
fn steps(frames: &[Frame<'_>]) -> Vec<Step> {
    frames
        .iter()
        .map(|frame| match frame {
            Frame::Key(key, _) => Step::Key(key.get_ref().to_string()),
            Frame::Element(index, _, id) => Step::Element(*index, id.clone()),
        })
        .collect()
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
    let (error, missing) = match read_alone(frames, value) {
        Ok(()) => return,
        // A piece read alone lacks the keys around it, or keys the file need not give: no
        // problem of the file's. When a table around the piece, or the piece, lacks one, the
        // piece was read whole; when a table within it does, what followed that table in the
        // piece was not read, and the piece's parts are.
        Err((_, Some(depth))) if depth <= frames.len() => return,
        Err((error, depth)) => (error, depth.is_some()),
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
            for (key, inner) in in_file_order(table) {
                frames.push(Frame::Key(key.clone(), value.span()));
                shape_problems(text, frames, inner, found);
                frames.pop();
            }
        }
        DeValue::Array(items) if items.iter().all(|i| i.get_ref().is_table()) => {
            let id_name = match frames.last() {
                Some(Frame::Key(key, _)) => id_key(key.get_ref()),
                _ => None,
            };
            for (index, item) in items.iter().enumerate() {
                let id = id_name
                    .and_then(|id| item.get_ref().as_table()?.get(id)?.get_ref().as_str())
                    .map(str::to_string);
                frames.push(Frame::Element(index, value.span(), id));
                shape_problems(text, frames, item, found);
                frames.pop();
            }
        }
        _ => {}
    }
    if found.len() == before && !missing {
        let piece = steps(frames);
        let mut problem = problem(text, &error, &piece);
        // A value's own check is about the key that holds it, where the reader points at the
        // value.
        if error.message().starts_with(PLACED) {
            if let Some(Frame::Key(key, _)) = frames.last() {
                problem.location = Some(locate::start_of(text, &key.span()));
            }
        }
        found.push((problem, Piece(piece)));
    }
}

/// Reads a document as the table's types: the reader's error, and for a table that lacks a
/// key, how deep that table is (0 for the document's own).
fn read(document: Spanned<DeTable<'_>>) -> Result<(), (toml::de::Error, Option<usize>)> {
    // The path is followed only for a document that does not read: following it costs.
    if RateTable::deserialize(Deserializer::from(document.clone())).is_ok() {
        return Ok(());
    }
    match serde_path_to_error::deserialize::<_, RateTable>(Deserializer::from(document)) {
        Ok(_) => Ok(()),
        Err(error) => {
            let depth = error.path().iter().count();
            let error = error.into_inner();
            let depth = is_missing(&error).then_some(depth);
            Err((error, depth))
        }
    }
}

/// Reads `value` as the table's types, alone at its place in the document.
fn read_alone<'a>(
    frames: &[Frame<'a>],
    value: &Spanned<DeValue<'a>>,
) -> Result<(), (toml::de::Error, Option<usize>)> {
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
            Frame::Element(_, span, _) => {
                let mut list = DeArray::new();
                list.push(current);
                Spanned::new(span.clone(), DeValue::Array(list))
            }
        };
    }
    let mut document = DeTable::new();
    document.insert(top.clone(), current);
    read(Spanned::new(0..0, document))
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

/// Every keyed element has its id, and no id appears twice in one file: a problem for each
/// element that breaks this, and where they are (kind and place, in order).
fn check_ids(table: &Table) -> (Vec<Invalid>, Vec<(String, usize)>) {
    let mut problems = Vec::new();
    let mut at = Vec::new();
    for (kind, value) in table {
        let (Some(id_key), Value::Array(items)) = (id_key(kind), value) else {
            continue;
        };
        let mut seen = HashSet::new();
        for (index, item) in items.iter().enumerate() {
            let place = vec![kind.clone(), index.to_string(), id_key.to_string()];
            let Some(id) = item.get(id_key).and_then(Value::as_str) else {
                problems.push(Invalid::at(
                    place,
                    format!(
                        "[[{kind}]] number {} has no `{id_key}`: every {kind} needs one",
                        index + 1
                    ),
                ));
                at.push((kind.clone(), index));
                continue;
            };
            if !seen.insert(id) {
                problems.push(Invalid::at(
                    place,
                    format!(
                        "duplicate {kind} {id_key} '{id}': each {kind} may appear once per file"
                    ),
                ));
                at.push((kind.clone(), index));
            }
        }
    }
    (problems, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_a_terminal_would_act_on_are_each_placed_up_to_the_most_listed() {
        let most = limits::MAX_SHAPE_PROBLEMS;
        let found = |regions: usize| {
            let region = |i| format!("[[region]]\ncode = \"r{i}\"\nname = \"a\\u0007\"");
            let text = (0..regions).map(region).collect::<Vec<_>>().join("\n");
            Unusable::of(&text, DeTable::parse(&text).unwrap().get_ref())
        };
        // As many as are listed: each at its place, and no note.
        let all = found(most);
        assert!(all.floats.is_empty());
        assert_eq!(all.texts.len(), most);
        assert_eq!(all.texts[0].location, Some((3, 8)));
        assert_eq!(all.texts[most - 1].location, Some((3 * most, 8)));
        // One more: a note that more follow.
        let more = found(most + 1);
        assert_eq!(more.texts.len(), most + 1);
        assert_eq!(more.texts[most].location, None);
        assert_eq!(
            more.texts[most].message,
            format!("more texts with a control character follow: earn lists {most} of them")
        );
    }

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
            in_file_terms("invalid type: integer `3`, expected struct Rate"),
            "invalid type: integer `3`, expected a table"
        );
        assert_eq!(in_file_terms("expected a string"), "expected a string");
        // TOML's words, not serde's.
        assert_eq!(
            in_file_terms("invalid type: map, expected a sequence"),
            "invalid type: table, expected a list: [a, b], or [[key]] for each table of one"
        );
    }

    #[test]
    fn every_unknown_key_and_wrong_type_is_found_at_once_and_set_aside() {
        let text = "nonsense = 1\n[[channel]]\nid = \"gifts\"\nrat = 1\nenabled = \"yes\"\n[[channel]]\nid = \"affiliate\"\nnotse = \"x\"\n[channel.rate]\nlow = \"cheap\"\nhihg = 3\nhigh = 2\n";
        let Parsed {
            table, problems, ..
        } = layer(Layer {
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
                    "channel 'gifts': enabled: invalid type: string \"yes\", expected true or false"
                        .to_string()
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
