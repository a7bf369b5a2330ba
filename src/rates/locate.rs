//! Where a problem is in a rates file: the line and column of the key it is about.
//!
//! Problems are found in the merged table, which has no positions, so each is tied to a path of
//! keys (`channel`, `affiliate`, `rate`, `low`) and the path is looked up in an index of the
//! file's keys. The index names an element of `[[channel]]` and the other arrays with an id by
//! that id, as messages do, and any array element also by its place (from 0). A path the file
//! does not have is found at its longest prefix that it has, so a problem in a figure the file
//! does not set points at the part of the file that changed it, or nowhere.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Arrays whose elements are named by one of their keys: (the array's key, the id's key).
const NAMED_BY: [(&str, &str); 9] = [
    ("channel", "id"),
    ("factor", "id"),
    ("group", "id"),
    ("milestone", "id"),
    ("unmodelled", "id"),
    ("region", "code"),
    ("currency", "code"),
    ("tier", "id"),
    ("excludes", "channel"),
];

/// The positions of a file's keys and array elements, by path.
#[derive(Debug, Default)]
pub(super) struct Spans {
    starts: HashMap<Vec<String>, usize>,
}

impl Spans {
    /// Indexes a parsed document.
    pub(super) fn of(document: &DeTable<'_>) -> Spans {
        let mut spans = Spans::default();
        // Own stack, not recursion: the depth of a document is limited, but only after this.
        let mut stack: Vec<(Vec<String>, &DeTable<'_>)> = vec![(Vec::new(), document)];
        while let Some((path, table)) = stack.pop() {
            for (key, value) in table {
                let mut here = path.clone();
                here.push(key.get_ref().to_string());
                // A bare array of tables (`[[channel]]`) says nothing about which element.
                let named = path.is_empty()
                    && value.get_ref().is_array()
                    && NAMED_BY.iter().any(|(k, _)| *k == key.get_ref());
                if !named {
                    spans.starts.insert(here.clone(), key.span().start);
                }
                spans.value(here, value, &mut stack);
            }
        }
        spans
    }

    fn value<'a>(
        &mut self,
        path: Vec<String>,
        value: &'a Spanned<DeValue<'_>>,
        stack: &mut Vec<(Vec<String>, &'a DeTable<'a>)>,
    ) {
        match value.get_ref() {
            DeValue::Table(table) => stack.push((path, table)),
            DeValue::Array(items) => {
                let id_key = path
                    .last()
                    .and_then(|last| NAMED_BY.iter().find(|(k, _)| k == last).map(|(_, id)| *id));
                for (index, item) in items.iter().enumerate() {
                    let mut at = path.clone();
                    at.push(index.to_string());
                    self.starts.insert(at.clone(), item.span().start);
                    let id = id_key
                        .and_then(|id| item.get_ref().as_table()?.get(id)?.get_ref().as_str());
                    if let Some(id) = id {
                        let mut named = path.clone();
                        named.push(id.to_string());
                        self.starts
                            .entry(named.clone())
                            .or_insert(item.span().start);
                        if let DeValue::Table(table) = item.get_ref() {
                            stack.push((named, table));
                        }
                    }
                    if let DeValue::Table(table) = item.get_ref() {
                        stack.push((at, table));
                    } else {
                        self.value(at, item, stack);
                    }
                }
            }
            _ => {}
        }
    }

    /// The byte offset of the longest prefix of `path` that the file has. A list of one may
    /// be written as its one table (`closed = { on = … }`), so the first element of a list is
    /// also looked for as the table itself.
    pub(super) fn find(&self, path: &[String]) -> Option<usize> {
        (1..=path.len()).rev().find_map(|len| {
            let prefix = &path[..len];
            self.starts.get(prefix).copied().or_else(|| {
                let alone: Vec<String> = prefix.iter().filter(|k| *k != "0").cloned().collect();
                (alone.len() < prefix.len())
                    .then(|| self.starts.get(&alone).copied())
                    .flatten()
            })
        })
    }
}

/// Line and column, counted from 1, of a byte offset.
pub(super) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(before.chars().count(), |nl| {
        before[nl + 1..].chars().count()
    }) + 1;
    (line, column)
}

/// The line and column of a byte range's start.
pub(super) fn start_of(text: &str, span: &Range<usize>) -> (usize, usize) {
    line_column(text, span.start)
}

/// One step from the document to a value: a key of a table, or an element of an array, with
/// the element's id when it has one (see `NAMED_BY`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Step {
    Key(String),
    Element(usize, Option<String>),
}

/// The id of an element of the array under `key`, when the array is one whose elements are
/// named (`[[channel]]` by its `id`).
pub(super) fn id_key(key: &str) -> Option<&'static str> {
    NAMED_BY.iter().find(|(k, _)| *k == key).map(|(_, id)| *id)
}

/// A path as the index of a file's keys has it: an element by its id, else by its place.
pub(super) fn path_of_steps(steps: &[Step]) -> Vec<String> {
    steps
        .iter()
        .map(|step| match step {
            Step::Key(key) => key.clone(),
            Step::Element(_, Some(id)) => id.clone(),
            Step::Element(index, None) => index.to_string(),
        })
        .collect()
}

/// A place in words, as messages name it: `channel 'gifts': rate source 2: title`,
/// `[account] min_age`, `factor 'region': entry 'gb'`, `channel id` (for the id itself).
pub(super) fn describe(steps: &[Step]) -> String {
    let mut words = String::new();
    // Whether the next word joins the last with a space rather than ": ".
    let mut spaced = false;
    let push = |words: &mut String, word: &str, spaced: bool| {
        if !words.is_empty() {
            words.push_str(if spaced { " " } else { ": " });
        }
        words.push_str(word);
    };
    let mut i = 0;
    while i < steps.len() {
        let step = &steps[i];
        let next = steps.get(i + 1);
        match (step, next) {
            (Step::Key(key), None) if key == "name" && i == 0 => {
                push(&mut words, "the table's name", false);
            }
            (Step::Key(key), _) if i == 0 && (key == "account" || key == "platform") => {
                push(&mut words, &format!("[{key}]"), false);
                spaced = true;
                i += 1;
                continue;
            }
            (Step::Key(key), Some(Step::Key(inner))) if key == "closed" => {
                push(&mut words, &format!("closed.{inner}"), spaced);
                i += 1;
            }
            (Step::Key(key), Some(Step::Key(entry))) if key == "entries" => {
                push(&mut words, &format!("entry '{entry}'"), spaced);
                i += 1;
            }
            (Step::Key(key), Some(Step::Element(index, id))) => {
                let (name, joined) = match key.as_str() {
                    "sources" => ("source", true),
                    "currency" => ("currency", true),
                    "closed" => ("closed", false),
                    other => (other, false),
                };
                let after = steps.get(i + 2);
                // An id that is there, about its own value: `channel id 'Bad Id' …`.
                let id_itself = id.is_some()
                    && matches!(
                        (id_key(key), after),
                        (Some(id_name), Some(Step::Key(k))) if k == id_name && i + 3 == steps.len()
                    );
                if id_itself {
                    push(
                        &mut words,
                        &format!("{name} {}", id_key(key).unwrap_or("id")),
                        joined || spaced,
                    );
                    return words;
                }
                if key == "closed" {
                    // Closures are named by what they hold: `closed.on`.
                    if let Some(Step::Key(k)) = after {
                        push(&mut words, &format!("closed.{k}"), spaced);
                        i += 3;
                        spaced = false;
                        continue;
                    }
                }
                let label = match id {
                    Some(id) => format!("{name} '{id}'"),
                    None => format!("{name} {}", index + 1),
                };
                push(&mut words, &label, joined || spaced);
                i += 1;
            }
            (Step::Key(key), _) => push(&mut words, key, spaced),
            (Step::Element(index, _), _) => push(&mut words, &(index + 1).to_string(), true),
        }
        spaced = false;
        i += 1;
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Spans {
        Spans::of(DeTable::parse(text).expect("valid TOML").get_ref())
    }

    fn path(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|p| (*p).to_string()).collect()
    }

    #[test]
    fn positions_count_from_one() {
        let text = "a = 1\nbb = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        assert_eq!(line_column(text, 9), (2, 4));
        assert_eq!(line_column("é", 1), (1, 1), "inside a character");
    }

    #[test]
    fn places_are_named_as_messages_name_them() {
        let key = |k: &str| Step::Key(k.to_string());
        let named = |i: usize, id: &str| Step::Element(i, Some(id.to_string()));
        let nth = |i: usize| Step::Element(i, None);
        for (steps, want) in [
            (vec![key("name")], "the table's name"),
            (vec![key("account"), key("min_age")], "[account] min_age"),
            (
                vec![key("account"), key("sources"), nth(0), key("title")],
                "[account] source 1: title",
            ),
            (vec![key("fx"), key("base")], "fx: base"),
            (
                vec![key("fx"), key("currency"), named(2, "JPY"), key("symbol")],
                "fx currency 'JPY': symbol",
            ),
            (
                vec![
                    key("channel"),
                    named(0, "gifts"),
                    key("rate"),
                    key("sources"),
                    nth(1),
                    key("date"),
                ],
                "channel 'gifts': rate source 2: date",
            ),
            (
                vec![
                    key("channel"),
                    named(0, "gifts"),
                    key("eligibility"),
                    key("override"),
                    nth(0),
                    key("min_age"),
                ],
                "channel 'gifts': eligibility: override 1: min_age",
            ),
            (
                vec![
                    key("channel"),
                    named(0, "gifts"),
                    key("availability"),
                    key("closed"),
                    nth(0),
                    key("on"),
                ],
                "channel 'gifts': availability: closed.on",
            ),
            (
                vec![
                    key("channel"),
                    named(0, "gifts"),
                    key("rate"),
                    key("tier"),
                    nth(0),
                    key("id"),
                ],
                "channel 'gifts': rate: tier 1: id",
            ),
            (
                vec![key("channel"), named(3, "Bad Id"), key("id")],
                "channel id",
            ),
            (
                vec![
                    key("factor"),
                    named(1, "region"),
                    key("entries"),
                    key("gb"),
                    key("low"),
                ],
                "factor 'region': entry 'gb': low",
            ),
        ] {
            assert_eq!(describe(&steps), want);
        }
    }

    #[test]
    fn a_path_is_found_at_its_longest_prefix_in_the_file() {
        let text = "name = \"x\"\n[[channel]]\nid = \"a\"\nrate = { low = 5, high = 1 }\n\n[[channel]]\nid = \"b\"\n[channel.rate]\nlow = 1\n[[channel.rate.sources]]\ntitle = \"t\"\n";
        let spans = spans(text);
        let line = |parts: &[&str]| spans.find(&path(parts)).map(|o| line_column(text, o).0);
        assert_eq!(line(&["channel", "a", "rate", "low"]), Some(4));
        assert_eq!(line(&["channel", "b", "rate", "low"]), Some(9));
        assert_eq!(
            line(&["channel", "b", "rate", "sources", "0", "title"]),
            Some(11)
        );
        assert_eq!(line(&["channel", "b", "eligibility", "min_age"]), Some(6));
        assert_eq!(line(&["channel", "1", "id"]), Some(7));
        assert_eq!(line(&["channel", "zz", "rate"]), None, "not in the file");
        assert_eq!(line(&["name"]), Some(1));
        // A list of one written as its table is found as the list's first element.
        let text = "[[channel]]\nid = \"a\"\n[channel.availability.closed]\non = \"2030\"\n";
        let spans = super::Spans::of(DeTable::parse(text).expect("valid TOML").get_ref());
        let found = spans.find(&path(&[
            "channel",
            "a",
            "availability",
            "closed",
            "0",
            "on",
        ]));
        assert_eq!(found.map(|o| line_column(text, o).0), Some(4));
    }
}
