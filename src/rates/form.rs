//! How a rates file writes the values the model holds: the checks each value has on its own
//! (a count is not negative, a date is a date, an id is a word), made as it is read.
//!
//! A message here says what is wrong with the value, in words that follow its place (`is -5: it
//! must not be negative` follows `channel 'gifts': eligibility: min_age`, after a space unless
//! it starts with `:`): it is marked with [`PLACED`], and the reader puts the place in front. A
//! hint follows [`HINT`]. The compact
//! form the build stores the built-in table in is read without the checks, which the table
//! passed when it was built.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::{Closure, FactorEntry, Followers, Grade, Seconds};
use crate::decimal::Decimal;
use crate::duration::parse_duration;
use crate::suggest::{did_you_mean, names};

/// Starts a message that the reader puts the value's place in front of.
pub(super) const PLACED: char = '\u{1}';
/// Separates a message from its hint.
pub(super) const HINT: char = '\u{2}';

/// What to do about a file's `[fx]` that is not a whole set.
pub(super) const WHOLE_FX: &str = "a rates file's [fx] replaces the built-in set whole: give base, \
                                   as_of, sources and every [[fx.currency]]";

/// A message to be put after the value's place.
fn placed<E: de::Error>(message: impl fmt::Display) -> E {
    E::custom(format!("{PLACED}{message}"))
}

/// Whether the deserializer reads a rates file, not the stored snapshot.
fn from_file<'de, D: Deserializer<'de>>(deserializer: &D) -> bool {
    deserializer.is_human_readable()
}

/// A value as a file writes it (`T`), checked into what the model holds (`U`); the compact
/// form holds `U` already.
fn checked<'de, D, T, U>(
    deserializer: D,
    check: fn(T) -> Result<U, D::Error>,
) -> Result<U, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
    U: Deserialize<'de>,
{
    if !from_file(&deserializer) {
        return U::deserialize(deserializer);
    }
    check(T::deserialize(deserializer)?)
}

/// An optional value, checked when it is there.
fn some_checked<'de, D, T, U>(
    deserializer: D,
    check: fn(T) -> Result<U, D::Error>,
) -> Result<Option<U>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
    U: Deserialize<'de>,
{
    if !from_file(&deserializer) {
        return Option::deserialize(deserializer);
    }
    Option::<T>::deserialize(deserializer)?
        .map(check)
        .transpose()
}

/// A count: a whole number, not negative.
pub(super) fn count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    checked(deserializer, not_negative)
}

pub(super) fn some_count<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<u64>, D::Error> {
    some_checked(deserializer, not_negative)
}

/// A whole number as a file writes it, for the message when it is not one.
struct Whole(i64);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Whole, D::Error> {
        struct WholeVisitor;

        impl Visitor<'_> for WholeVisitor {
            type Value = Whole;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number, like 1000 (digits alone, or with _ between them)")
            }

            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Whole, E> {
                Ok(Whole(n))
            }

            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Whole, E> {
                i64::try_from(n)
                    .map(Whole)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(n), &self))
            }
        }

        deserializer.deserialize_i64(WholeVisitor)
    }
}

fn not_negative<E: de::Error>(Whole(given): Whole) -> Result<u64, E> {
    u64::try_from(given).map_err(|_| placed(format!("is {given}: it must not be negative")))
}

/// A currency's decimal places: a count (validation says how many a currency may have).
pub(super) fn places<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    checked(deserializer, |given: Whole| {
        not_negative(given).map(|places| u32::try_from(places).unwrap_or(u32::MAX))
    })
}

/// The table format's version, any whole number (validation says which one earn reads).
pub(super) fn version<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    checked(deserializer, |Whole(given)| {
        u32::try_from(given).map_err(|_| {
            placed(format!(
                "{given} is not supported: this version of earn reads schema_version {}",
                super::SCHEMA_VERSION
            ))
        })
    })
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real calendar date.
pub(super) fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    checked(deserializer, a_date)
}

pub(super) fn some_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    some_checked(deserializer, a_date)
}

/// A date as a file writes it: text (`"2026-05-01"`), or a TOML date (`2026-05-01`), which is
/// kept as its text.
struct DateText(String);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<DateText, D::Error> {
        struct DateVisitor;

        impl<'de> Visitor<'de> for DateVisitor {
            type Value = DateText;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date, like \"2026-05-01\"")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<DateText, E> {
                Ok(DateText(text.to_string()))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<DateText, A::Error> {
                let date =
                    toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(DateText(date.to_string()))
            }
        }

        deserializer.deserialize_any(DateVisitor)
    }
}

fn a_date<E: de::Error>(DateText(text): DateText) -> Result<String, E> {
    // Written as a date, but not one of the calendar's (`2026-11-31`, `2026-13`).
    let shaped = text
        .split('-')
        .zip([4, 2, 2])
        .all(|(part, len)| part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
        && text.split('-').count() <= 3;
    if is_date(&text) {
        Ok(text)
    } else if shaped {
        // The month, if it is not one of the twelve; else the day.
        let month_ok = text
            .get(5..7)
            .and_then(|m| m.parse::<u32>().ok())
            .is_some_and(|m| (1..=12).contains(&m));
        let part = if month_ok { "day" } else { "month" };
        Err(placed(format!(
            "'{text}' is not a date of the calendar: check its {part}"
        )))
    } else {
        Err(placed(format!(
            "'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"
        )))
    }
}

/// Text with something in it.
pub(super) fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    checked(deserializer, some_words)
}

pub(super) fn some_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    some_checked(deserializer, some_words)
}

fn some_words<E: de::Error>(text: String) -> Result<String, E> {
    if text.trim().is_empty() {
        Err(placed("is empty"))
    } else {
        Ok(text)
    }
}

/// Text that may be taken away: an empty string (`caveat = ""` over a table that has one) is
/// none.
pub(super) fn text_or_none<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    Ok(text.filter(|t| !t.trim().is_empty()))
}

/// An ISO 4217 code, three letters, written in capitals whatever the file's case (`"gbp"`).
pub(super) fn currency_code<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    some_checked(deserializer, |code: String| {
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
            Ok(code.to_ascii_uppercase())
        } else {
            Err(placed(format!(
                "'{code}' is not a currency code: write its three ISO 4217 letters, like GBP"
            )))
        }
    })
}

/// Ids and codes are lower-case ASCII words, so they are safe in JSON keys and CSV headers.
pub(super) fn identifier<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    checked(deserializer, a_word)
}

fn a_word<E: de::Error>(text: String) -> Result<String, E> {
    if is_identifier(&text) {
        return Ok(text);
    }
    let lower = text.to_ascii_lowercase();
    let write = if is_identifier(&lower) {
        format!(": write '{lower}'")
    } else {
        String::new()
    };
    Err(placed(format!(
        "'{text}' must be lower-case letters, digits and '_', starting with a letter{write}"
    )))
}

/// The output's total row uses this id, so no channel may.
pub(super) const RESERVED_ID: &str = "total";

/// A channel's id: an identifier, and not the total row's.
pub(super) fn channel_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let id = identifier(deserializer)?;
    if id == RESERVED_ID {
        return Err(placed(format!(
            "'{RESERVED_ID}' is reserved for the total row of the output; choose another id"
        )));
    }
    Ok(id)
}

/// Lower-case ASCII letters, digits and `_`, starting with a letter.
pub(super) fn is_identifier(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_lowercase())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Whether date `a` is not after date `b`, comparing at the precision both have: `2026-06-30`
/// is not after `2026-06`, whose month it is in.
pub(super) fn not_after(a: &str, b: &str) -> bool {
    let len = a.len().min(b.len());
    a[..len] <= b[..len]
}

pub(super) fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let Some(year) = number(parts[0], 4) else {
        return false;
    };
    match parts[1..] {
        [] => true,
        [month] => number(month, 2).is_some_and(|m| (1..=12).contains(&m)),
        [month, day] => match (number(month, 2), number(day, 2)) {
            (Some(m), Some(d)) if (1..=12).contains(&m) => {
                let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
                let days = match m {
                    2 if leap => 29,
                    2 => 28,
                    4 | 6 | 9 | 11 => 30,
                    _ => 31,
                };
                (1..=days).contains(&d)
            }
            _ => false,
        },
        _ => false,
    }
}

/// "did you mean 'x'? bases: a, b, c" — or just the list when nothing is close.
pub(super) fn options_hint(given: &str, options: &[&str], label: &str) -> String {
    let list = format!("{label}: {}", options.join(", "));
    match did_you_mean(given, names(options.iter().copied())) {
        Some(s) => format!("did you mean '{s}'? {list}"),
        None => list,
    }
}

/// One of a closed set of names, as a file writes it (its key) or as the compact form does
/// (its place in the set).
pub(super) fn key<S: Serializer, T: Copy + PartialEq>(
    all: &[T],
    value: T,
    key: fn(T) -> &'static str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if serializer.is_human_readable() {
        return serializer.serialize_str(key(value));
    }
    let place = all.iter().position(|&t| t == value).unwrap_or_default();
    serializer.serialize_u8(u8::try_from(place).unwrap_or(u8::MAX))
}

fn by_place<'de, D: Deserializer<'de>, T: Copy>(deserializer: D, all: &[T]) -> Result<T, D::Error> {
    let place = u8::deserialize(deserializer)?;
    all.get(usize::from(place))
        .copied()
        .ok_or_else(|| de::Error::custom(format!("no name at place {place}")))
}

/// One of a closed set of names, by its key: `what` completes "'likes' is not a …", and
/// `label` names them all in the hint.
pub(super) fn one_of<'de, D: Deserializer<'de>, T: Copy>(
    deserializer: D,
    all: &[T],
    key: fn(T) -> &'static str,
    what: &str,
    label: &str,
) -> Result<T, D::Error> {
    if !from_file(&deserializer) {
        return by_place(deserializer, all);
    }
    let text = String::deserialize(deserializer)?;
    all.iter()
        .copied()
        .find(|&t| key(t) == text)
        .ok_or_else(|| {
            let keys: Vec<&str> = all.iter().map(|&t| key(t)).collect();
            let hint = options_hint(&text, &keys, label);
            placed(format!("'{text}' is not {what}{HINT}{hint}"))
        })
}

/// A grade, in either case.
pub(super) fn grade<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Grade, D::Error> {
    if !from_file(&deserializer) {
        return by_place(deserializer, &Grade::ALL);
    }
    let text = String::deserialize(deserializer)?;
    Grade::ALL
        .into_iter()
        .find(|g| g.letter().eq_ignore_ascii_case(&text))
        .ok_or_else(|| {
            placed(format!(
                "'{text}' is not a grade: use A (TikTok), B (press), C (vendor data) or D (folklore)"
            ))
        })
}

impl<'de> Deserialize<'de> for Followers {
    /// A number, or the id of the followers milestone that states it, whose number validation
    /// fills in.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Followers, D::Error> {
        struct CountVisitor;

        impl Visitor<'_> for CountVisitor {
            type Value = Followers;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number, or the id of a [[milestone]]")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Followers, E> {
                Ok(Followers {
                    count: not_negative(Whole(v))?,
                    milestone: None,
                })
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Followers, E> {
                Ok(Followers {
                    count: 0,
                    milestone: Some(v.to_string()),
                })
            }
        }

        if !from_file(&deserializer) {
            let (count, milestone) = <(u64, Option<String>)>::deserialize(deserializer)?;
            return Ok(Followers { count, milestone });
        }
        deserializer.deserialize_any(CountVisitor)
    }
}

impl<'de> Deserialize<'de> for Seconds {
    /// A length as text (`"1m"`, `"75"`), or a whole number of seconds (`75`).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Seconds, D::Error> {
        struct LengthVisitor;

        impl Visitor<'_> for LengthVisitor {
            type Value = Seconds;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a length like \"1m\" or \"75s\", or a whole number of seconds")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Seconds, E> {
                not_negative(Whole(v)).map(Seconds)
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Seconds, E> {
                parse_duration(v)
                    .map(Seconds)
                    .map_err(|e| placed(format!(": {e}")))
            }
        }

        if !from_file(&deserializer) {
            return u64::deserialize(deserializer).map(Seconds);
        }
        deserializer.deserialize_any(LengthVisitor)
    }
}

/// A factor entry as a file writes it: one multiplier (`gb = 0.8`) or a table (`gb = { low =
/// 0.7, high = 0.9 }`, with `from` for bands of a numeric input, and `grade` for an entry
/// graded apart from its factor).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryTable {
    low: Option<Decimal>,
    high: Option<Decimal>,
    from: Option<Decimal>,
    #[serde(default, deserialize_with = "some_grade")]
    grade: Option<Grade>,
}

fn some_grade<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Grade>, D::Error> {
    Option::<String>::deserialize(deserializer)?
        .map(|text| grade(de::value::StringDeserializer::<D::Error>::new(text)))
        .transpose()
}

struct Entry(FactorEntry);

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Entry, D::Error> {
        struct EntryVisitor;

        fn single<E: de::Error>(value: Result<Decimal, E>) -> Result<Entry, E> {
            let value = value?;
            Ok(Entry(FactorEntry {
                key: String::new(),
                low: value,
                high: value,
                from: None,
                grade: None,
            }))
        }

        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = Entry;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a multiplier, or a table like { low = 0.7, high = 0.9 }")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Entry, E> {
                single(Decimal::deserialize(de::value::I64Deserializer::new(v)))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Entry, E> {
                single(Decimal::deserialize(de::value::U64Deserializer::new(v)))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Entry, E> {
                single(Decimal::deserialize(de::value::F64Deserializer::new(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Entry, E> {
                single(v.parse::<Decimal>().map_err(E::custom))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Entry, A::Error> {
                let table = EntryTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                let (low, high) = match (table.low, table.high) {
                    (Some(low), Some(high)) => (low, high),
                    (None, _) => return Err(de::Error::missing_field("low")),
                    (_, None) => return Err(de::Error::missing_field("high")),
                };
                Ok(Entry(FactorEntry {
                    key: String::new(),
                    low,
                    high,
                    from: table.from,
                    grade: table.grade,
                }))
            }
        }

        deserializer.deserialize_any(EntryVisitor)
    }
}

/// A factor's entries: a table keyed by entry in a file, a list in the compact form.
pub(super) fn entries<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<FactorEntry>, D::Error> {
    if !from_file(&deserializer) {
        return Vec::deserialize(deserializer);
    }
    let entries = BTreeMap::<String, Entry>::deserialize(deserializer)?;
    Ok(entries
        .into_iter()
        .map(|(key, Entry(entry))| FactorEntry { key, ..entry })
        .collect())
}

/// A channel's closures: one (`closed = { on = … }`) or several
/// (`[[channel.availability.closed]]`) in a file.
pub(super) fn closures<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<Closure>, D::Error> {
    struct ClosuresVisitor;

    impl<'de> Visitor<'de> for ClosuresVisitor {
        type Value = Vec<Closure>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a table, or an array of tables")
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<Closure>, A::Error> {
            Closure::deserialize(de::value::MapAccessDeserializer::new(map)).map(|one| vec![one])
        }

        fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Vec<Closure>, A::Error> {
            Vec::deserialize(de::value::SeqAccessDeserializer::new(seq))
        }
    }

    if !from_file(&deserializer) {
        return Vec::deserialize(deserializer);
    }
    deserializer.deserialize_any(ClosuresVisitor)
}

/// Writes an empty list as nothing where a rates file would leave the key out (a TOML
/// document has no null: the key is not written); the compact form gets the list.
pub(super) fn unless_empty<T: Serialize, S: Serializer>(
    list: &[T],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if list.is_empty() && serializer.is_human_readable() {
        serializer.serialize_none()
    } else {
        list.serialize(serializer)
    }
}

/// Writes `false` as nothing, where a rates file would leave the key out; the compact form
/// gets it.
#[allow(clippy::trivially_copy_pass_by_ref)] // serde hands the field by reference
pub(super) fn unless_false<S: Serializer>(flag: &bool, serializer: S) -> Result<S::Ok, S::Error> {
    if !flag && serializer.is_human_readable() {
        serializer.serialize_none()
    } else {
        serializer.serialize_bool(*flag)
    }
}

pub(super) fn yes() -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::{is_date, not_after};

    #[test]
    fn dates() {
        for ok in ["2023", "2023-12", "2023-12-16", "2024-02-29"] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "23",
            "2023-13",
            "2023-02-30",
            "2023-2",
            "2023-12-16-1",
            "",
            "2023-00",
            "2025-02-29",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn dates_compare_at_the_precision_both_have() {
        assert!(not_after("2023-12-16", "2026-06"));
        assert!(not_after("2026-06-30", "2026-06"));
        assert!(not_after("2026", "2026-06"));
        assert!(!not_after("2026-07-01", "2026-06"));
        assert!(!not_after("2027", "2026-06-30"));
    }
}
