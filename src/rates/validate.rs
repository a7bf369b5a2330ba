//! From the merged TOML to a `RateTable`, refusing anything incomplete or inconsistent.
//!
//! serde reads the table into the model, with the checks each value has on its own (`form`);
//! what is checked here is what no value says alone: the parts of the table that name each
//! other, grades against their sources, and the rules that follow from a channel's basis.
//! Each message names the part of the table at fault (`channel 'sponsorship': rate: …`) and
//! what would fix it.

use std::collections::HashSet;

use toml::{Table, Value};

use super::form::{WHOLE_FX, is_date, not_after, options_hint};
use super::locate::{Step, id_key, path_of_steps};
use super::parse::Aside;
use super::{
    Account, Availability, Basis, Ceiling, Channel, CrossCheck, Eligibility, Factor, FactorEntry,
    FactorInput, Followers, Fx, Grade, Milestone, MilestoneKind, Platform, RateTable, Region,
    SCHEMA_VERSION, Source, Tier,
};
use crate::decimal::Decimal;
use crate::fraction::Product;
use crate::suggest::{did_you_mean, names};
use crate::unit::{MAX_DECIMALS, MAX_SYMBOL_BYTES, Unit};

/// Why a merged table is unusable.
#[derive(Debug, Clone)]
pub(super) struct Invalid {
    pub message: String,
    pub hint: Option<String>,
    /// The keys it is about (`channel`, `gifts`, `rate`, `low`), which find its line in the
    /// file; empty for a problem of the table as a whole.
    pub path: Vec<String>,
    /// It follows from another problem (a reference to an element that is itself invalid),
    /// and is not worth reporting beside it.
    pub echo: bool,
}

impl Invalid {
    /// A problem about the keys `path`.
    pub(super) fn at(path: Vec<String>, message: String) -> Invalid {
        Invalid {
            path,
            ..invalid(message)
        }
    }

    fn hinted(self, hint: String) -> Invalid {
        Invalid {
            hint: Some(hint),
            ..self
        }
    }
}

/// Where in the table a problem is: the words its message names it by (`channel 'gifts':
/// rate`), and the keys that lead to it in the file.
#[derive(Debug, Clone)]
struct Place {
    words: String,
    keys: Vec<String>,
}

impl Place {
    /// A key of the table, named as it is: `fx`.
    fn key(key: &str) -> Place {
        Place {
            words: key.to_string(),
            keys: vec![key.to_string()],
        }
    }

    /// An element of one of the table's arrays, named by its id: `channel 'gifts'`.
    fn element(array: &str, id: &str) -> Place {
        Place {
            words: format!("{array} '{id}'"),
            keys: vec![array.to_string(), id.to_string()],
        }
    }

    /// A key within it, named as it is: `channel 'gifts': rate`.
    fn then(&self, key: &str) -> Place {
        self.then_as(&format!(": {key}"), &[key])
    }

    /// Keys within it, named by `words` after its own.
    fn then_as(&self, words: &str, keys: &[&str]) -> Place {
        Place {
            words: format!("{}{words}", self.words),
            keys: self.at(keys),
        }
    }

    /// The path to the keys `keys` within it.
    fn at(&self, keys: &[&str]) -> Vec<String> {
        let mut path = self.keys.clone();
        path.extend(keys.iter().map(ToString::to_string));
        path
    }

    /// A problem with the keys `keys` within it (itself, for none).
    fn invalid(&self, keys: &[&str], message: String) -> Invalid {
        Invalid::at(self.at(keys), message)
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words)
    }
}

type Result<T> = std::result::Result<T, Invalid>;

/// Collects problems, so that one does not hide the next.
#[derive(Default)]
struct Problems(Vec<Invalid>);

impl Problems {
    fn check(&mut self, result: Result<()>) {
        if let Err(e) = result {
            self.0.push(e);
        }
    }
}

/// A problem of the table as a whole, at no one key.
fn invalid(message: impl Into<String>) -> Invalid {
    Invalid {
        message: message.into(),
        hint: None,
        path: Vec::new(),
        echo: false,
    }
}

/// A reference to an element that is itself invalid: reported through that element.
fn echo() -> Invalid {
    Invalid {
        echo: true,
        ..invalid("refers to an invalid element")
    }
}

/// Validates the merged table, finding every problem rather than the first.
pub(super) fn validate(
    merged: Table,
    aside: &[Aside],
) -> std::result::Result<RateTable, Vec<Invalid>> {
    super::limits::check_counts(&merged).map_err(|e| vec![invalid(e)])?;
    let mut p = Problems::default();
    let given = Given::of(&merged, aside);
    let Some((mut table, replaced)) = read(merged, &mut p) else {
        return Err(p.0);
    };
    check(&mut table, &given, &replaced, &mut p);
    if p.0.is_empty() { Ok(table) } else { Err(p.0) }
}

/// The sources a layer gives (`layer`) dated after the `as_of` of the table it makes (`as_of`,
/// the layer's own or the one below), and an `[fx]` set it gives dated after it: a table
/// states what was known by its date. One problem for them all, at the latest, so that a file
/// that gives many is not a list of them. Sources a file keeps from the table below (`below`),
/// or gives again as they are there (a dump of the table, edited), are that table's, checked
/// against its own date.
pub(super) fn dated_after(
    layer: &Table,
    as_of: &Value,
    (below, copies): (Option<&Table>, &[&Table]),
    today: Option<&str>,
) -> Option<Invalid> {
    let as_of = date_of(as_of)?;
    let as_of = as_of.as_str();
    let mut late: Vec<(Vec<String>, String)> = Vec::new();
    // As for sources: the exchange rates below, given again as they are, are that table's.
    let fx_of = |table: &Table| table.get("fx").and_then(|fx| date_of(fx.get("as_of")?));
    let fx_as_of = fx_of(layer).filter(|date| below.and_then(fx_of).as_ref() != Some(date));
    if let Some(date) = fx_as_of.filter(|date| !not_after(date, as_of)) {
        late.push((vec!["fx".into(), "as_of".into()], date));
    }
    each_table(layer, |path, table| {
        let own = path.len() > 1 && path[path.len() - 2] == "sources" && !copies.contains(&table);
        if let Some(date) = table.get("date").and_then(date_of) {
            if own && !not_after(&date, as_of) {
                late.push(([path, &["date".to_string()]].concat(), date));
            }
        }
    });
    let count = late.len();
    let (path, latest) = late.into_iter().max_by(|a, b| a.1.cmp(&b.1))?;
    let more = match count {
        1 => String::new(),
        n => format!(" (and {} more dated after it)", n - 1),
    };
    let what = if path[0] == "fx" && path[1] == "as_of" {
        format!("[fx] is dated {latest}")
    } else {
        format!("{}: a source is dated {latest}", words_of(&path))
    };
    Some(
        Invalid::at(
            path,
            format!("{what}, after the table's as_of ({as_of}){more}: a table states what was known by its date"),
        )
        .hinted(match today.filter(|today| !not_after(&latest, today)) {
            // Moving as_of there would date the table after today.
            Some(today) => format!("correct the date: {latest} is after today ({today})"),
            None => format!("move as_of to {latest} or later, or correct the date"),
        }),
    )
}

/// The events a table states (a closure, a region's unavailability), each with its path and
/// date.
pub(super) fn events(table: &Table) -> Vec<(Vec<String>, String)> {
    let mut found = Vec::new();
    each_table(table, |path, table| {
        let key = match path {
            [.., list, _] if list == "closed" => "on",
            [.., last] if last == "unavailable" => "since",
            _ => return,
        };
        if let Some(date) = table.get(key).and_then(date_of) {
            found.push(([path, &[key.to_string()]].concat(), date));
        }
    });
    found
}

/// The events of the built-in table a file keeps (`merged`, less the events the file gives
/// itself, `own`) dated after the `as_of` the file gives: the file dates them too, and only
/// moving its `as_of` mends that. One problem, at `as_of`, naming the latest; and the paths of
/// the events, whose own problems (each "after the table's `as_of`") follow from it.
pub(super) fn before_events(
    merged: &Table,
    own: &[(Vec<String>, String)],
    as_of: &Value,
) -> Option<(Invalid, Vec<Vec<String>>)> {
    let as_of = date_of(as_of).filter(|date| is_date(date))?;
    let late: Vec<(Vec<String>, String)> = events(merged)
        .into_iter()
        .filter(|(path, date)| {
            !not_after(date, &as_of) && !own.iter().any(|(given, _)| given == path)
        })
        .collect();
    let count = late.len();
    let (path, latest) = late.iter().max_by(|a, b| a.1.cmp(&b.1))?.clone();
    let more = match count {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    let (key, parent) = path.split_last()?;
    let event = match parent {
        [within @ .., list, _] if list == "closed" => {
            format!("{}: {list}.{key} is {latest}", words_of(within))
        }
        _ => format!("{}: {key} is {latest}", words_of(parent)),
    };
    // The file's own events after as_of, told of apart, may ask for a later date still.
    let to = own
        .iter()
        .map(|(_, date)| date)
        .filter(|date| !not_after(date, &as_of))
        .chain([&latest])
        .max()
        .unwrap_or(&latest);
    let problem = Invalid::at(
        vec!["as_of".to_string()],
        format!(
            "as_of is {as_of}, but the built-in table, which this file changes, has events after it: {event}{more}"
        ),
    )
    .hinted(format!(
        "move as_of to {to} or later: a file's as_of dates the whole table it makes"
    ));
    Some((problem, late.into_iter().map(|(path, _)| path).collect()))
}

/// Every source of the table below a layer, which the layer may give again as it is (a dump
/// of the table, edited): those are the table's, not the layer's.
pub(super) fn sources_of(below: Option<&Table>) -> Vec<&Table> {
    let mut sources: Vec<&Table> = Vec::new();
    let mut stack: Vec<&Table> = below.into_iter().collect();
    while let Some(table) = stack.pop() {
        for (key, value) in table {
            match value {
                Value::Table(inner) => stack.push(inner),
                Value::Array(items) => {
                    for item in items {
                        let Value::Table(inner) = item else { continue };
                        if key == "sources" {
                            sources.push(inner);
                        } else {
                            stack.push(inner);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    sources
}

/// A date is a string or a TOML date.
fn date_of(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Datetime(date) => Some(date.to_string()),
        _ => None,
    }
}

/// Calls `visit` with every table of `layer`, its own among them, and the path of keys that
/// leads to it: an element of an array by its id (`channel`, `gifts`), else by its place.
fn each_table<'a>(layer: &'a Table, mut visit: impl FnMut(&[String], &'a Table)) {
    // Own stack, not recursion, as the file's index of keys is built.
    let mut stack: Vec<(Vec<String>, &Table)> = vec![(Vec::new(), layer)];
    while let Some((path, table)) = stack.pop() {
        visit(&path, table);
        for (key, value) in table {
            let mut here = path.clone();
            here.push(key.clone());
            match value {
                Value::Table(inner) => stack.push((here, inner)),
                Value::Array(items) => {
                    for (index, item) in items.iter().enumerate() {
                        let Value::Table(inner) = item else { continue };
                        let id = id_key(key).and_then(|id| inner.get(id)?.as_str());
                        let mut at = here.clone();
                        at.push(id.map_or_else(|| index.to_string(), str::to_string));
                        stack.push((at, inner));
                    }
                }
                _ => {}
            }
        }
    }
}

/// The dates a layer gives after `today` that its table's `as_of` does not already rule out:
/// `as_of` itself, and, when `as_of` is a month or a year, the later days of it. One problem,
/// at the latest. (Dates after `as_of` are problems of their own, with their own hints.) The
/// sources the layer gives again as the table below has them (`copies`) are not its own.
pub(super) fn dated_after_today(
    layer: &Table,
    as_of: &Value,
    copies: &[&Table],
    today: &str,
) -> Option<Invalid> {
    let as_of = date_of(as_of)?;
    let mut late: Vec<(Vec<String>, String)> = Vec::new();
    each_table(layer, |path, table| {
        if copies.contains(&table) {
            return;
        }
        for key in ["as_of", "date", "on", "since"] {
            let Some(date) = table.get(key).and_then(date_of) else {
                continue;
            };
            if is_date(&date) && !not_after(&date, today) && not_after(&date, &as_of) {
                late.push(([path, &[key.to_string()]].concat(), date));
            }
        }
    });
    let count = late.len();
    let (path, latest) = late.into_iter().max_by(|a, b| a.1.cmp(&b.1))?;
    let more = match count {
        1 => String::new(),
        n => format!(" (and {} more dated after today)", n - 1),
    };
    let (what, hint) = if path == ["as_of"] {
        (
            format!("as_of is {latest}"),
            "date the table when its figures were gathered, today or earlier",
        )
    } else {
        let (key, mut parent) = path.split_last()?;
        let what = if key == "date" {
            format!("{}: a source is dated {latest}", words_of(&path))
        } else {
            // An element of a list is named as its key, as a closure is elsewhere:
            // `availability: closed.on`; a table's key after it: `unavailable: since`.
            let element = parent
                .last()
                .is_some_and(|k| k.bytes().all(|b| b.is_ascii_digit()));
            if element {
                parent = &parent[..parent.len() - 1];
            }
            let joint = if element { "." } else { ": " };
            format!("{}{joint}{key} is {latest}", words_of(parent))
        };
        (
            what,
            "correct the date, or leave out what has not happened yet",
        )
    };
    Some(
        Invalid::at(
            path,
            format!(
                "{what}, after today ({today}, the latest date anywhere by this computer's clock)\
                 {more}: a table states what has happened by its date"
            ),
        )
        .hinted(hint.to_string()),
    )
}

/// The sources a layer gives with a grade and no date, each a problem: a grade is of evidence
/// as it stood when it was published or consulted.
pub(super) fn undated_sources(layer: &Table) -> Vec<Invalid> {
    let mut undated: Vec<Invalid> = Vec::new();
    each_table(layer, |path, table| {
        let source = path.len() > 1 && path[path.len() - 2] == "sources";
        if source && table.contains_key("grade") && !table.contains_key("date") {
            undated.push(
                Invalid::at(
                    path.to_vec(),
                    format!(
                        "{}: a source is graded but not dated: a grade is of the evidence as it \
                         stood on a date",
                        words_of(path)
                    ),
                )
                .hinted(
                    "add its date, when it was published or consulted: YYYY, YYYY-MM or \
                     YYYY-MM-DD"
                        .to_string(),
                ),
            );
        }
    });
    undated
}

/// How messages name the place of a source, from its path of keys: `channel 'gifts': rate:
/// sources`.
fn words_of(path: &[String]) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut keys = path.iter().peekable();
    while let Some(key) = keys.next() {
        if key == "sources" {
            words.push(key.clone());
            break;
        }
        match keys.peek() {
            Some(id) if id_key(key).is_some() => {
                words.push(format!("{key} '{id}'"));
                keys.next();
            }
            _ => words.push(key.clone()),
        }
    }
    words.join(": ")
}

/// What the merged table gives, whether it reads or not, and the elements of a file with a
/// piece set aside: a reference to an element that did not read is reported through that
/// element.
struct Given {
    regions: Vec<String>,
    factors: Vec<String>,
    milestones: Vec<String>,
    channels: Vec<String>,
    /// The channels whose cross-check names no factors of its own, and takes the channel's.
    inheriting: Vec<String>,
}

impl Given {
    fn of(merged: &Table, aside: &[Aside]) -> Given {
        let ids = |key: &str| -> Vec<String> {
            let id_name = id_key(key).unwrap_or("id");
            let items = merged.get(key).and_then(Value::as_array);
            let read = items
                .into_iter()
                .flatten()
                .filter_map(|item| item.get(id_name)?.as_str());
            let set_aside = aside
                .iter()
                .filter_map(|piece| piece.element().filter(|(kind, _)| *kind == key))
                .map(|(_, id)| id);
            let mut ids: Vec<String> = Vec::new();
            for id in read.chain(set_aside) {
                if !ids.iter().any(|seen| seen == id) {
                    ids.push(id.to_string());
                }
            }
            ids
        };
        let inheriting = merged
            .get("channel")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|c| {
                c.get("cross_check")
                    .is_some_and(|x| x.get("factors").is_none())
            })
            .filter_map(|c| c.get("id")?.as_str().map(str::to_string))
            .collect();
        Given {
            regions: ids("region"),
            factors: ids("factor"),
            milestones: ids("milestone"),
            channels: ids("channel"),
            inheriting,
        }
    }
}

/// Reads the table. An element that does not read (one a file added without a key it needs)
/// is reported and set aside, and the rest read again, so that each such element is reported
/// and the others still checked; a table of the table's own (`[fx]`) that does not read is
/// replaced by the built-in one for the rest to be checked, and named with the table read.
fn read(merged: Table, p: &mut Problems) -> Option<(RateTable, Vec<String>)> {
    let mut rest = merged;
    let mut replaced = Vec::new();
    let found = p.0.len();
    // The path is followed only for a table that does not read: following it costs.
    if let Ok(table) = Value::Table(rest.clone()).try_into() {
        return Some((table, replaced));
    }
    loop {
        let error = match serde_path_to_error::deserialize(Value::Table(rest.clone())) {
            Ok(table) => return Some((table, replaced)),
            Err(error) => error,
        };
        let steps = steps(error.path(), &rest);
        let said = error.inner().message().trim();
        let (message, hint) = super::parse::worded(said, &steps);
        // A missing key is about the key, in the table the reader was in.
        let mut path = path_of_steps(&steps);
        if let Some(key) = said.strip_prefix("missing field `") {
            path.extend(key.split('`').next().map(str::to_string));
        }
        p.0.push(Invalid {
            hint,
            ..Invalid::at(path, message)
        });
        if p.0.len() - found > super::limits::MAX_SHAPE_PROBLEMS {
            return None;
        }
        if !set_aside(&mut rest, &steps) && !built_in_in_place(&mut rest, &steps, &mut replaced) {
            return None;
        }
    }
}

/// The steps of a reader's path, with the id of each element on the way.
fn steps(path: &serde_path_to_error::Path, table: &Table) -> Vec<Step> {
    use serde_path_to_error::Segment;
    let mut steps = Vec::new();
    let mut here: Option<&Value> = None;
    let mut last_key = String::new();
    for segment in path {
        match segment {
            Segment::Map { key } => {
                here = match here {
                    None => table.get(key),
                    Some(value) => value.get(key),
                };
                last_key.clone_from(key);
                steps.push(Step::Key(key.clone()));
            }
            Segment::Seq { index } => {
                here = here.and_then(|v| v.get(*index));
                let id = id_key(&last_key)
                    .and_then(|id| here?.get(id)?.as_str())
                    .map(str::to_string);
                steps.push(Step::Element(*index, id));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    steps
}

/// Takes out the element of the table's arrays (a channel, a region) that `steps` lead into,
/// whole: what is left of it would not be what the file says. False when they lead into
/// none.
fn set_aside(table: &mut Table, steps: &[Step]) -> bool {
    let [Step::Key(key), Step::Element(index, _), ..] = steps else {
        return false;
    };
    match table.get_mut(key).and_then(Value::as_array_mut) {
        Some(items) if *index < items.len() => {
            items.remove(*index);
            true
        }
        _ => false,
    }
}

/// Puts the built-in table's own `[fx]`, `[account]` or `[platform]` in place of the one that
/// `steps` lead into; false when there is none, or it is already in place.
fn built_in_in_place(table: &mut Table, steps: &[Step], replaced: &mut Vec<String>) -> bool {
    let Some(Step::Key(key)) = steps.first() else {
        return false;
    };
    let built_in = super::parse::layer(super::Layer {
        origin: super::BUILT_IN_ORIGIN,
        text: super::BUILT_IN,
    });
    let Some(own) = built_in.ok().and_then(|b| b.table.get(key).cloned()) else {
        return false;
    };
    if table.get(key) == Some(&own) {
        return false;
    }
    table.insert(key.clone(), own);
    replaced.push(key.clone());
    true
}

/// Every rule between the parts of a table read whole, and what follows from them: a
/// threshold named by a milestone gets its number, a factor entry the factor's grade, a
/// cross-check the channel's factors. `replaced`: the tables of the table's own that did not
/// read and are the built-in ones here.
fn check(table: &mut RateTable, given: &Given, replaced: &[String], p: &mut Problems) {
    p.check(version(table.schema_version));
    table.currency = table.currency.to_ascii_uppercase();
    // The table's currency is looked for in a set without problems of its own.
    if !replaced.iter().any(|key| key == "fx") && fx(&table.fx, p) {
        p.check(in_fx(&table.fx, &table.currency));
    }
    p.check(ages(&table.account));
    p.check(people(table.platform.as_ref()));
    regions(&mut table.regions, &table.as_of, p);
    // References are checked against every code the table gives, so that a region with a
    // problem of its own is not also reported as missing wherever it is named.
    let codes = Codes {
        codes: given.regions.iter().map(String::as_str).collect(),
        aliases: table
            .regions
            .iter()
            .flat_map(|r| r.aliases.iter().map(|a| (a.as_str(), r.code.as_str())))
            .collect(),
    };
    p.check(known_region(
        &table.default_region,
        &codes,
        &Place::key("default_region"),
    ));
    let default = table
        .regions
        .iter()
        .find(|r| r.code == table.default_region);
    if let Some(region) = default.filter(|r| r.unavailable.is_some()) {
        p.0.push(Place::key("default_region").invalid(
            &[],
            format!(
                "default_region '{}': TikTok is unavailable there, so every estimate given no \
                 region would pay nothing: make the default a region where it is available",
                region.code
            ),
        ));
    }
    // A region where TikTok cannot be used needs no factor entry: nothing is estimated there.
    let open: Vec<&str> = table
        .regions
        .iter()
        .filter(|r| r.unavailable.is_none())
        .map(|r| r.code.as_str())
        .collect();
    let mut valid_factors = Vec::new();
    for factor in &mut table.factors {
        match self::factor(factor, &codes, &open, &table.default_region) {
            Ok(()) => valid_factors.push(factor.id.clone()),
            Err(found) => p.0.extend(found),
        }
        if let Some(needs) = &mut factor.high_needs {
            let what = Place::element("factor", &factor.id).then("high_needs");
            if let Some(count) = &mut needs.min_followers {
                p.check(followers(
                    count,
                    &table.milestones,
                    given,
                    &what.then("min_followers"),
                ));
            } else if needs.min_views_30d.is_none() {
                p.0.push(what.invalid(&[], format!(
                    "{what}: names no threshold: give min_followers, min_views_30d or both, or remove high_needs"
                )));
            }
        }
    }
    let context = Context {
        codes: &codes,
        open: &open,
        groups: &table
            .groups
            .iter()
            .map(|g| g.id.as_str())
            .collect::<Vec<_>>(),
        factors: &table.factors,
        valid_factors: &valid_factors,
        milestones: &table.milestones,
        given,
        as_of: &table.as_of,
    };
    for channel in &mut table.channels {
        self::channel(channel, &context, p);
    }
    // Bounds on figures that are each valid: checked once nothing else is wrong.
    if p.0.is_empty() {
        for channel in &table.channels {
            p.check(exact_products(channel, table, SHARE_PLACES));
        }
    }
    exclusions_name_channels(&table.channels, &given.channels, p);
    mentions_name_channels(&table.milestones, &given.channels, p);
    one_channel_per_count(&table.channels, p);
    // An element set aside may be the enabled one.
    let whole = table.channels.len() == given.channels.len();
    if whole && table.channels.iter().all(|c| !c.enabled) {
        p.0.push(invalid(
            "no channel is enabled: a table needs at least one channel with enabled = true",
        ));
    }
}

/// The oldest age a table takes is above its youngest.
fn ages(account: &Account) -> Result<()> {
    match account.max_age {
        Some(max_age) if max_age <= account.min_age => Err(Invalid::at(
            vec!["account".into(), "max_age".into()],
            format!(
                "[account] max_age is {max_age}, not above min_age ({}): no age would be left",
                account.min_age
            ),
        )),
        _ => Ok(()),
    }
}

/// The people a month a table says TikTok reaches are some.
fn people(platform: Option<&Platform>) -> Result<()> {
    match platform {
        Some(platform) if platform.monthly_people == 0 => Err(Invalid::at(
            vec!["platform".into(), "monthly_people".into()],
            "[platform] monthly_people is 0: give the people a month, at least 1".into(),
        )),
        _ => Ok(()),
    }
}

fn version(version: u32) -> Result<()> {
    if version == SCHEMA_VERSION {
        return Ok(());
    }
    Err(Place::key("schema_version").invalid(&[], format!(
        "schema_version {version} is not supported: this version of earn reads schema_version {SCHEMA_VERSION}"
    )))
}

/// The table's figures are in one of the set's currencies, which `--currency` converts from.
fn in_fx(fx: &Fx, currency: &str) -> Result<()> {
    if fx.currencies.iter().any(|c| c.code == currency) {
        return Ok(());
    }
    let codes: Vec<&str> = fx.currencies.iter().map(|c| c.code.as_str()).collect();
    // A sign or a name of one of them ("€", "euro") is a slip for its code, not a new currency.
    let hint = match fx.unknown(currency).suggestion {
        Some(code) => format!(
            "did you mean currency = \"{code}\"? a currency is named by its code: {}",
            codes.join(", ")
        ),
        None => format!(
            "add a [[fx.currency]] with code = \"{currency}\" to [fx] (it has {}); a rates file's [fx] replaces the built-in set whole, so give the whole set",
            codes.join(", ")
        ),
    };
    Err(Place::key("currency").invalid(&[], format!(
            "currency '{currency}' is not among [fx]'s currencies: the table's figures must be in one of them, so that they can be converted"
        )).hinted(hint))
}

/// The exchange rates: one dated, sourced set, whole. Whether they have no problem.
fn fx(fx: &Fx, p: &mut Problems) -> bool {
    let found = p.0.len();
    let at = Place::key("fx");
    let whole = |keys: &[&str], message: &str| {
        at.invalid(keys, message.to_string())
            .hinted(WHOLE_FX.to_string())
    };
    if fx.sources.is_empty() {
        p.0.push(whole(
            &[],
            "fx: sources is missing: a set of exchange rates needs its source",
        ));
    } else {
        p.check(check_grade(fx.grade, &fx.sources, &at));
    }
    if fx.currencies.is_empty() {
        p.0.push(whole(&[], "fx: no [[fx.currency]] is defined"));
    }
    let mut seen = HashSet::new();
    let iso = |code: &str| code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase());
    for (i, c) in fx.currencies.iter().enumerate() {
        let code = &c.code;
        // Each currency by its place: its code may be the problem, or given twice.
        let place = i.to_string();
        let here = |key: &str| at.at(&["currency", &place, key]);
        if !iso(code) {
            p.0.push(Invalid::at(here("code"), format!(
                "fx currency code '{code}' must be three upper-case letters, as in ISO 4217 (EUR, JPY)"
            )));
        } else if !seen.insert(code) {
            p.0.push(Invalid::at(
                here("code"),
                format!("fx currency '{code}' appears twice: each currency may appear once"),
            ));
        }
        let what = format!("fx currency '{code}'");
        let symbol = &c.symbol;
        // A symbol sits right before the digits of every amount, so it may not hold digits,
        // separators or line breaks that would change how the amount reads.
        if let Some(bad) = symbol
            .chars()
            .find(|&ch| ch.is_ascii_digit() || ch == ',' || ch == '.' || ch.is_control())
        {
            p.0.push(Invalid::at(here("symbol"), format!(
                "{what}: symbol {symbol:?} holds {bad:?}; a symbol may not hold digits, ',', '.' or control characters"
            )));
        } else if Unit::new(symbol, c.decimals).is_none() {
            p.0.push(Invalid::at(here("decimals"), format!(
                "{what}: a symbol of at most {MAX_SYMBOL_BYTES} bytes and 0 to {MAX_DECIMALS} decimals are needed; it has '{symbol}' and {}",
                c.decimals
            )));
        }
        if c.per_base <= Decimal::ZERO {
            p.0.push(Invalid::at(
                here("per_base"),
                format!("{what}: per_base is {}: a rate must be above 0", c.per_base),
            ));
        }
    }
    let base = &fx.base;
    match fx.currencies.iter().position(|c| &c.code == base) {
        Some(i) if fx.currencies[i].per_base != Decimal::ONE => {
            p.0.push(Invalid::at(
                at.at(&["currency", &i.to_string(), "per_base"]),
                format!(
                    "fx: the base {base} has per_base {}; one {base} is 1 {base}, so it must be 1",
                    fx.currencies[i].per_base
                ),
            ));
        }
        // A base spelt otherwise than its currency's code is that code's problem.
        Some(_) => {}
        None if fx
            .currencies
            .iter()
            .any(|c| !iso(&c.code) && c.code.eq_ignore_ascii_case(base)) => {}
        None => p.0.push(at.invalid(&["base"], format!(
            "fx: base '{base}' is not among the [[fx.currency]] entries; add it with per_base = 1"
        ))),
    }
    p.0.len() == found
}

/// Codes and aliases name one region each; an alias is matched in any case.
fn regions(regions: &mut [Region], as_of: &str, p: &mut Problems) {
    if regions.is_empty() {
        p.0.push(Place::key("region").invalid(
            &[],
            "no [[region]] is defined: a table needs at least one".into(),
        ));
    }
    let mut seen = HashSet::new();
    // A region is named once: a second with the same name is most often a misspelt code
    // (`gbr` for `gb`), meant to change the first. Which was meant is the file's to say, so the
    // message names both (placed at the later, most often the one the file adds).
    let mut named: Vec<(String, String)> = Vec::new();
    for region in regions.iter_mut() {
        let code = region.code.clone();
        let at = Place::element("region", &code);
        let name = region.name.trim().to_lowercase();
        match named.iter().find(|(n, _)| *n == name) {
            Some((_, first)) => p.0.push(
                at.invalid(
                    &["name"],
                    format!(
                        "regions '{first}' and '{code}' are both named {}: a region is named \
                         once",
                        region.name
                    ),
                )
                .hinted(format!(
                    "to change region '{first}', give its code, \"{first}\"; to add a region, \
                     give it a name of its own"
                )),
            ),
            None => named.push((name, code.clone())),
        }
        for alias in &mut region.aliases {
            *alias = alias.to_lowercase();
            if !is_alias(alias) {
                p.0.push(at.invalid(&["aliases"], format!(
                    "region '{code}': alias '{alias}' must be a name of letters, digits, '_' and single spaces, starting with a letter"
                )));
            }
        }
        for name in std::iter::once(&region.code).chain(&region.aliases) {
            if !seen.insert(name.clone()) {
                p.0.push(at.invalid(
                    &["aliases"],
                    format!(
                        "region code or alias '{name}' is used twice: each must name one region"
                    ),
                ));
            }
        }
        if let Some(u) = &region.unavailable {
            if !not_after(&u.since, as_of) {
                p.0.push(at.invalid(&["unavailable", "since"], format!(
                    "region '{code}': unavailable: since is {}, after the table's as_of ({as_of}): a table states what has happened by its date",
                    u.since
                )));
            }
        }
    }
    let mut rest = regions.iter().filter(|r| r.rest_of_world);
    if let (Some(first), Some(second)) = (rest.next(), rest.next()) {
        p.0.push(Place::element("region", &second.code).invalid(
            &["rest_of_world"],
            format!(
                "regions '{}' and '{}' both stand for the rest of the world: one region does",
                first.code, second.code
            ),
        ).hinted(format!(
            "give region '{}' rest_of_world = false, or leave it out of region '{}'",
            first.code, second.code
        )));
    }
    // A code or alias is looked up before a name: one that is another region's name would take
    // that region's rows.
    for region in regions.iter() {
        let code = &region.code;
        for alias in std::iter::once(code).chain(&region.aliases) {
            let other = named
                .iter()
                .find(|(name, other)| name == alias && other != code);
            if let Some((_, other)) = other {
                let key = if alias == code { "code" } else { "aliases" };
                p.0.push(Place::element("region", code).invalid(
                    &[key],
                    format!(
                        "region '{code}': '{alias}' is the name of region '{other}', whose \
                         rows it would take: each code and alias names one region, and not \
                         another's by its name"
                    ),
                ));
            }
        }
    }
}

/// Whether `alias` can name a region as people write it: `uk`, `great britain`, `méxico`.
fn is_alias(alias: &str) -> bool {
    alias.starts_with(char::is_alphabetic)
        && !alias.ends_with(' ')
        && !alias.contains("  ")
        && alias
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == ' ')
}

/// The region codes a table gives, and the aliases the command line also takes for them.
struct Codes<'a> {
    codes: Vec<&'a str>,
    /// `(alias, code)`.
    aliases: Vec<(&'a str, &'a str)>,
}

fn known_region(code: &str, codes: &Codes, what: &Place) -> Result<()> {
    if codes.codes.contains(&code) {
        return Ok(());
    }
    // A region the file defines in capitals (`NL`) is refused itself, with its code to write;
    // a reference in capitals to one defined in lower case is told the code.
    let defined = codes.codes.iter().find(|c| c.eq_ignore_ascii_case(code));
    match defined {
        Some(c) if c.bytes().any(|b| b.is_ascii_uppercase()) => return Err(echo()),
        Some(c) => {
            return Err(what
                .invalid(
                    &[],
                    format!("{what} names region '{code}', which the table does not define"),
                )
                .hinted(format!(
                    "a rates file writes region codes in lower case: write '{c}'"
                )));
        }
        None => {}
    }
    let hint = match codes.aliases.iter().find(|(alias, _)| *alias == code) {
        Some((alias, code)) => format!(
            "'{alias}' names region '{code}' on the command line; a rates file names a region by its code: write '{code}'"
        ),
        None => options_hint(code, &codes.codes, "regions"),
    };
    Err(what
        .invalid(
            &[],
            format!("{what} names region '{code}', which the table does not define"),
        )
        .hinted(hint))
}

fn region_list(list: &[String], codes: &Codes, what: &Place) -> Result<()> {
    if list.is_empty() {
        return Err(what.invalid(
            &[],
            format!("{what} is an empty list: name at least one region, or leave the key out"),
        ));
    }
    list.iter()
        .try_for_each(|code| known_region(code, codes, what))?;
    // Twice is a slip, most often for another region; shown as it is, `us, us`.
    match (list.iter().enumerate()).find(|(i, code)| list[..*i].contains(code)) {
        Some((_, twice)) => Err(what.invalid(
            &[],
            format!("{what} names '{twice}' twice: name each region once"),
        )),
        None => Ok(()),
    }
}

/// A figure's own grade may not claim more than its best graded source: a grade with no
/// graded source behind it is a claim without evidence.
fn check_grade(figure_grade: Option<Grade>, sources: &[Source], what: &Place) -> Result<()> {
    let best = sources.iter().filter_map(|s| s.grade).min();
    match (figure_grade, best) {
        (Some(g), Some(best)) if g < best => Err(what.invalid(&["grade"], format!(
            "{what}: grade {g} is stronger than any of its sources (best: {best}); grade it {best} or weaker, or add the source"
        ))),
        (Some(g), None) => Err(what.invalid(&["grade"], format!(
            "{what}: grade {g} has no graded source behind it; add sources with a date and grade, or remove the grade"
        ))),
        _ => Ok(()),
    }
}

/// Low and high given, neither negative, low not above high.
fn range(low: Option<Decimal>, high: Option<Decimal>, what: &Place) -> Result<(Decimal, Decimal)> {
    let low = low.ok_or_else(|| what.invalid(&["low"], format!("{what}: low is missing")))?;
    let high = high.ok_or_else(|| what.invalid(&["high"], format!("{what}: high is missing")))?;
    for (name, value) in [("low", low), ("high", high)] {
        if value.is_negative() {
            return Err(what.invalid(
                &[name],
                format!("{what}: {name} is {value}: figures must not be negative"),
            ));
        }
    }
    if low > high {
        return Err(what.invalid(
            &["low"],
            format!("{what}: low ({low}) is greater than high ({high}); swap them or correct one"),
        ));
    }
    Ok((low, high))
}

/// A range of shares of a whole: each end at most 1 (checked first, so that `low = 45, high =
/// 0.9`, a percentage written for a share, is told so rather than to swap them), then a range.
fn share_range(low: Decimal, high: Decimal, what: &Place) -> Result<(Decimal, Decimal)> {
    for (name, value) in [("low", low), ("high", high)] {
        if value > Decimal::ONE {
            // A percentage written for a share is told the fraction to write.
            let percent = if value <= Decimal::from_int(100) {
                format!("; for {value}% write {}", value.percent_to_fraction())
            } else {
                String::new()
            };
            return Err(what.invalid(
                &[name],
                format!("{what} {name} is {value}: a share cannot exceed 1{percent}"),
            ));
        }
    }
    range(Some(low), Some(high), what)
}

/// A rate per so many units: `per` given and at least 1, and a range. (Its grade is checked
/// apart, so that a problem with one does not hide a problem with the other.)
fn per_units(
    per: Option<u64>,
    (low, high): (Option<Decimal>, Option<Decimal>),
    what: &Place,
) -> Result<()> {
    let per = per.ok_or_else(|| what.invalid(&["per"], format!("{what}: per is missing")))?;
    if per == 0 {
        return Err(what.invalid(&["per"], format!("{what}: per is 0: it must be 1 or more")));
    }
    range(low, high, what).map(drop)
}

/// What a channel may refer to.
struct Context<'a> {
    codes: &'a Codes<'a>,
    /// The regions where TikTok is available.
    open: &'a [&'a str],
    groups: &'a [&'a str],
    factors: &'a [Factor],
    /// The factors without a problem of their own.
    valid_factors: &'a [String],
    milestones: &'a [Milestone],
    given: &'a Given,
    /// The table's own date: a closure after it has not happened yet, as far as it knows.
    as_of: &'a str,
}

/// A follower threshold named by a followers milestone takes the milestone's number.
fn followers(
    followers: &mut Followers,
    milestones: &[Milestone],
    given: &Given,
    what: &Place,
) -> Result<()> {
    let Followers {
        count,
        milestone: Some(id),
    } = followers
    else {
        return Ok(());
    };
    let found = milestones
        .iter()
        .find(|m| &m.id == id && m.kind == MilestoneKind::Followers);
    match found {
        Some(milestone) => {
            *count = milestone.at;
            Ok(())
        }
        None if !milestones.iter().any(|m| &m.id == id) && given.milestones.contains(id) => {
            Err(echo())
        }
        None => {
            let ids: Vec<&str> = milestones
                .iter()
                .filter(|m| m.kind == MilestoneKind::Followers)
                .map(|m| m.id.as_str())
                .collect();
            Err(what
                .invalid(
                    &[],
                    format!(
                        "{what} names milestone '{id}', which is not a followers milestone of the table"
                    ),
                )
                .hinted(match count_in(id) {
                    // `followers_50k`: a count no milestone is at, which a closer id would change.
                    Some(count) => format!(
                        "give the followers as a number, without quotes: {count} (followers \
                         milestones: {})",
                        ids.join(", ")
                    ),
                    None => format!(
                        "{}; or give the followers as a number, without quotes: 5000",
                        options_hint(id, &ids, "followers milestones")
                    ),
                }))
        }
    }
}

/// The count a followers milestone's id spells, as the built-in ones do: 50,000 for
/// `followers_50k`, 1,000,000 for `followers_1m`, 500 for `followers_500`.
/// Only the `k` and `m` of those ids: `count`'s reader, which takes every way of writing a
/// count, is not compiled into the loader that `build.rs` runs.
fn count_in(id: &str) -> Option<u64> {
    let written = id.strip_prefix("followers_")?;
    let written = written.to_ascii_lowercase();
    let (number, zeros) = match (written.strip_suffix('k'), written.strip_suffix('m')) {
        (Some(number), _) => (number, 3),
        (_, Some(number)) => (number, 6),
        _ => (written.as_str(), 0),
    };
    let number: Decimal = number.parse().ok()?;
    let scale = Decimal::from_int(10_u64.pow(zeros));
    number.checked_mul(scale)?.to_u64()
}

/// One channel, with every problem it has.
fn channel(channel: &mut Channel, context: &Context<'_>, p: &mut Problems) {
    let what = Place::element("channel", &channel.id);
    if let Some(group) = &channel.group {
        p.check(group_defined(group, context.groups, &what));
    }
    p.check(channel_factors(&channel.factors, context, &what));
    let rate_what = what.then("rate");
    if let Some(code) = &channel.rate.priced_in {
        p.check(known_region(
            code,
            context.codes,
            &rate_what.then("priced_in"),
        ));
    }
    self::rate(channel, context, &rate_what, p);
    let rate = &channel.rate;
    p.check(check_grade(rate.grade, &rate.sources, &rate_what));
    qualified_share(channel, &what, p);
    let eligibility = self::eligibility(&mut channel.eligibility, context, &what);
    let overrides_read = eligibility.is_ok();
    p.check(eligibility);
    // A channel paid by the month has no opt-in to give it: `monthly_rules` says so.
    let per_video = channel.month_count.filter(|_| !channel.basis.monthly());
    if per_video.is_some() && channel.opt_in.is_none() {
        p.0.push(what.invalid(&["month_count"], format!(
            "{what}: month_count is set, but the channel is not opt_in: a month counts every video for a channel that always counts; set opt_in or remove month_count"
        )));
    } else if per_video.is_some() && channel.basis.own_input() {
        let basis = channel.basis.key();
        p.0.push(what.invalid(&["month_count"], format!(
            "{what}: month_count is set, but the channel is paid on {basis}, which a month gives itself (--{basis} N); remove month_count"
        )));
    }
    if !channel.excludes.is_empty() && channel.opt_in.is_none() {
        p.0.push(what.invalid(&["excludes"], format!(
            "{what}: excludes is set, but the channel is not opt_in: a channel that always counts would leave out the ones it excludes on every video; set opt_in or remove excludes"
        )));
    }
    let inherited = channel.factors.clone();
    if let Some(check) = &mut channel.cross_check {
        if context.given.inheriting.contains(&channel.id) {
            check.factors = inherited;
        }
        cross_check(check, context, &what.then("cross_check"), p);
        // It prices the video's views: all of them, whichever per-view basis it names.
        check.basis = Basis::Views;
    }
    let available = self::availability(&channel.availability, context, &what, p);
    p.check(monthly_rules(channel, &what));
    if available {
        p.check(country_entries(channel, context, &what));
        if overrides_read {
            p.check(overrides_offered(channel, &what));
        }
    }
}

/// An eligibility override is for a region where the channel is offered, as a closure is.
fn overrides_offered(channel: &Channel, what: &Place) -> Result<()> {
    let availability = &channel.availability;
    for (i, o) in channel.eligibility.overrides.iter().enumerate() {
        if let Some(stray) = o.regions.iter().find(|r| !availability.offered_in(r)) {
            let at = what.then_as(
                &format!(": eligibility: override {}", i + 1),
                &["eligibility", "override", &i.to_string(), "regions"],
            );
            return Err(at.invalid(&[], format!(
                "{at}: names '{stray}', which is not among the regions the channel is offered in"
            )).hinted(format!(
                "add '{stray}' to availability.regions, or give eligibility.override without it (a file's list replaces the built-in one whole)"
            )));
        }
    }
    Ok(())
}

/// A channel's group is one of the table's.
fn group_defined(group: &str, groups: &[&str], what: &Place) -> Result<()> {
    if groups.contains(&group) {
        return Ok(());
    }
    Err(what
        .invalid(
            &["group"],
            format!("{what}: group '{group}' is not defined"),
        )
        .hinted(match did_you_mean(group, names(groups.iter().copied())) {
            Some(s) => format!("did you mean '{s}'? or add a [[group]] with id = \"{group}\""),
            None => format!("add a [[group]] with id = \"{group}\""),
        }))
}

/// The factors a channel lists: each defined, none twice.
fn channel_factors(ids: &[String], context: &Context<'_>, what: &Place) -> Result<()> {
    let mut seen = HashSet::new();
    for factor in ids {
        if !seen.insert(factor) {
            return Err(what.invalid(
                &["factors"],
                format!("{what}: factor '{factor}' is listed twice"),
            ));
        }
        if !context.given.factors.contains(factor) {
            let known: Vec<&str> = context.given.factors.iter().map(String::as_str).collect();
            return Err(what
                .invalid(
                    &["factors"],
                    format!("{what}: factor '{factor}' is not defined"),
                )
                .hinted(options_hint(factor, &known, "factors")));
        }
    }
    Ok(())
}

/// A channel's rate: so much per so many units, or for a fee per post, its tiers, each of whose
/// problems is reported.
fn rate(channel: &mut Channel, context: &Context<'_>, what: &Place, p: &mut Problems) {
    let rate = &mut channel.rate;
    let mut refuse = |problem: Invalid| p.0.push(problem);
    if channel.basis != Basis::Posts {
        if !rate.tiers.is_empty() {
            return refuse(what.invalid(&["tier"], format!(
                "{what}: tiers are for a fee per post, but the basis is {}; remove them (`tier = []` drops the built-in ones) or set basis = \"posts\"",
                channel.basis.key()
            )));
        }
        if channel.basis == Basis::Sales && rate.min_quantity.is_some() {
            // Sales are an amount, counted in a currency's minor units; no programme sets a
            // least sale for a commission.
            return refuse(what.invalid(
                &["min_quantity"],
                format!("{what}: min_quantity does not apply to a commission on sales; remove it"),
            ));
        }
        return per_units(rate.per, (rate.low, rate.high), what).unwrap_or_else(refuse);
    }
    for (key, given) in [
        ("per", rate.per.is_some()),
        ("min_quantity", rate.min_quantity.is_some()),
        ("low", rate.low.is_some()),
        ("high", rate.high.is_some()),
    ] {
        if given {
            return refuse(what.invalid(&[key], format!(
                "{what}: {key} does not apply to a fee per post: give the fees in [[channel.rate.tier]] instead"
            )));
        }
    }
    if rate.tiers.is_empty() {
        return refuse(what.invalid(&[], format!(
            "{what}: a fee per post needs at least one [[channel.rate.tier]] with id, from, low and high"
        )));
    }
    // The order is of the tiers' followers, which a tier with a problem may not have: it is
    // checked between tiers that have none.
    let read: Vec<bool> = rate
        .tiers
        .iter_mut()
        .map(|tier| {
            let checked = self::tier(tier, context, what);
            let ok = checked.is_ok();
            p.check(checked);
            ok
        })
        .collect();
    let mut ids = HashSet::new();
    for (i, tier) in rate.tiers.iter().enumerate() {
        let before = i
            .checked_sub(1)
            .filter(|&b| read[b] && read[i])
            .map(|b| &rate.tiers[b]);
        if let Some(before) = before {
            if tier.start() <= before.start() {
                p.0.push(what.invalid(&["tier", &i.to_string(), "from"], format!(
                    "{what}: tier '{}': from ({}) must be above the tier before it ('{}', from {}): list tiers from the fewest followers up",
                    tier.id,
                    tier.start(),
                    before.id,
                    before.start()
                )));
            } else if let Some(problem) = falling_fee(before, tier, i, what) {
                p.0.push(problem);
            }
        }
        if !ids.insert(tier.id.as_str()) {
            p.0.push(what.invalid(
                &["tier", &i.to_string(), "id"],
                format!("{what}: tier '{}': the id is used twice", tier.id),
            ));
        }
    }
}

/// A tier (the `i`th) that pays less than the tier before it: a bigger account is not offered
/// less for a post, so a fee that falls is a slip (a missing zero). Each of its fees at its
/// start is compared with the tier's before at one follower less.
fn falling_fee(before: &Tier, tier: &Tier, i: usize, what: &Place) -> Option<Invalid> {
    let start = tier.start();
    let (was, is) = (before.low_for(start - 1)?, tier.low_for(start)?);
    let (key, fall) = if is < was {
        let key = if tier.grows_at(start) {
            "low_per_follower"
        } else {
            "low"
        };
        let fall = if tier.low_per_follower.or(before.low_per_follower).is_some() {
            format!(
                "has a low of {is} at {start} followers, below the {was} of tier '{}' at {}",
                before.id,
                start - 1
            )
        } else {
            format!(
                "has a low of {is}, below the {was} of tier '{}' (from {}), which starts lower",
                before.id,
                before.start()
            )
        };
        (key, fall)
    } else {
        let (was, is) = (before.high_for(start - 1)?, tier.high_for(start)?);
        let key = match tier.ceiling() {
            Ceiling::Fixed(_) => "high",
            Ceiling::PerFollower(_) => "high_per_follower",
        };
        let fall = format!(
            "has a high of {is} at {start} followers, below the {was} of tier '{}' at {}",
            before.id,
            start - 1
        );
        (is < was).then_some((key, fall))?
    };
    let problem = what.invalid(
        &["tier", &i.to_string(), key],
        format!(
            "{what}: tier '{}' (from {start}) {fall}: a tier pays at least what the tiers below \
             it pay",
            tier.id
        ),
    );
    // Fees that grow with the followers are among what to look at.
    let per_follower = if tier.low_per_follower.or(before.low_per_follower).is_some() {
        " (low_per_follower included)"
    } else {
        ""
    };
    Some(problem.hinted(format!(
        "correct the low and high of '{}' and '{}'{per_follower}",
        before.id, tier.id
    )))
}

/// One tier of a fee per post.
fn tier(tier: &mut Tier, context: &Context<'_>, what: &Place) -> Result<()> {
    let what = what.then_as(&format!(": tier '{}'", tier.id), &["tier", &tier.id]);
    followers(
        &mut tier.from,
        context.milestones,
        context.given,
        &what.then("from"),
    )?;
    let (low, from) = (tier.low, tier.start());
    // A fee per follower, named by its key where it is negative.
    let not_negative = |rate: Decimal, key: &str| {
        if rate.is_negative() {
            return Err(what.invalid(
                &[key],
                format!("{what}: {key} is {rate}: figures must not be negative"),
            ));
        }
        Ok(())
    };
    if let Some(rate) = tier.low_per_follower {
        not_negative(rate, "low_per_follower")?;
        let what = what.then("low_per_follower");
        // A low that grows with the account would pass a fixed high.
        match tier.high_per_follower {
            None => {
                return Err(what.invalid(&[], format!(
                    "{what}: a low per follower needs a high per follower (high_per_follower), as a fixed high would fall below it"
                )));
            }
            Some(high) if high < rate => {
                return Err(what.invalid(&[], format!(
                    "{what}: {rate} is above high_per_follower ({high}); lower it or raise high_per_follower"
                )));
            }
            Some(_) => {}
        }
    }
    match (tier.high, tier.high_per_follower) {
        (Some(_), Some(_)) => Err(what.invalid(
            &[],
            format!("{what}: give high or high_per_follower, not both"),
        )),
        (None, None) => Err(what.invalid(
            &["high"],
            format!("{what}: high is missing: give high, or high_per_follower"),
        )),
        (Some(high), None) => range(Some(low), Some(high), &what).map(drop),
        (None, Some(rate)) => {
            range(Some(low), Some(low), &what)?;
            not_negative(rate, "high_per_follower")?;
            // The ceiling must not fall below the floor within the tier.
            if rate
                .checked_mul(Decimal::from_int(from))
                .is_none_or(|high| high < low)
            {
                return Err(what.invalid(&["high_per_follower"], format!(
                    "{what}: high_per_follower × from ({rate} × {from}) is below low ({low}); raise it or lower low"
                )));
            }
            Ok(())
        }
    }
}

/// The share of views that qualify: required for, and only for, basis `qualified_views`.
fn qualified_share(channel: &Channel, what: &Place, p: &mut Problems) {
    match (channel.basis, &channel.qualified_share) {
        (Basis::QualifiedViews, Some(share)) => {
            let what = what.then("qualified_share");
            p.check(share_range(share.low, share.high, &what).map(drop));
            p.check(check_grade(share.grade, &share.sources, &what));
        }
        (Basis::QualifiedViews, None) => p.0.push(what.invalid(&["basis"], format!(
            "{what}: basis is qualified_views but qualified_share is missing; add [channel.qualified_share] with low and high"
        ))),
        (basis, Some(_)) => p.0.push(what.invalid(&["qualified_share"], format!(
            "{what}: qualified_share is set but the basis is {}; remove it or set basis = \"qualified_views\"",
            basis.key()
        )).hinted(NO_REMOVING.to_string())),
        (_, None) => {}
    }
}

/// Thresholds named by milestones, and overrides for regions of the table.
fn eligibility(eligibility: &mut Eligibility, context: &Context<'_>, what: &Place) -> Result<()> {
    let what = what.then("eligibility");
    let mut seen: Vec<&str> = Vec::new();
    for (i, o) in eligibility.overrides.iter_mut().enumerate() {
        let what = what.then_as(
            &format!(": override {}", i + 1),
            &["override", &i.to_string()],
        );
        if let Some(count) = &mut o.min_followers {
            followers(
                count,
                context.milestones,
                context.given,
                &what.then("min_followers"),
            )?;
        }
        region_list(&o.regions, context.codes, &what.then("regions"))?;
        // Two overrides for one region: only the first would apply, silently.
        if let Some(twice) = o.regions.iter().find(|r| seen.contains(&r.as_str())) {
            return Err(what.then("regions").invalid(&[], format!(
                "{what}: region '{twice}' is in an earlier override too: a region has one set of thresholds"
            )).hinted("give each region in one override only".to_string()));
        }
        seen.extend(o.regions.iter().map(String::as_str));
    }
    if let Some(regions) = &eligibility.known_in {
        region_list(regions, context.codes, &what.then("known_in"))?;
    }
    match &mut eligibility.min_followers {
        Some(count) => followers(
            count,
            context.milestones,
            context.given,
            &what.then("min_followers"),
        ),
        None => Ok(()),
    }
}

/// Every product of a channel's figures can be computed exactly: its denominator, bounded by
/// the most decimal places of each figure (the rate, the qualified share, each factor's
/// entries, the exchange rates), fits the integers an amount is worked out in. Only a table of
/// many figures with many places fails. A product's numerator is not bounded (past those
/// integers, the amount is worked out another way).
pub(super) fn exact_products(
    channel: &Channel,
    table: &RateTable,
    share_places: u32,
) -> Result<()> {
    let rate = &channel.rate;
    let tiers = rate
        .tiers
        .iter()
        .flat_map(|t| [Some(t.low), t.low_per_follower, t.high, t.high_per_follower]);
    let rates: Vec<Decimal> = [rate.low, rate.high]
        .into_iter()
        .chain(tiers)
        .flatten()
        .collect();
    let what = Place::element("channel", &channel.id);
    let share = channel.qualified_share.as_ref();
    let own = (what.clone(), rate.per(), rates, share, &channel.factors);
    // A cross-check prices all of the video's views: no qualified share.
    let cross_check = channel.cross_check.as_ref().map(|check| {
        let figures = vec![check.low, check.high];
        (
            what.then("cross_check"),
            check.per,
            figures,
            None,
            &check.factors,
        )
    });
    for (what, per, rates, share, factors) in [own].into_iter().chain(cross_check) {
        // Each term's figures, and the digits its longest gives the divisor.
        let mut terms = vec![("rate".to_string(), rates)];
        if let Some(share) = share {
            // A share given in its place, to `share_places`, is 10^-places at its longest;
            // the loader leaves room for one of `SHARE_PLACES`.
            let given = Decimal::last_place(share_places);
            let figures = [share.low, share.high].into_iter().chain(given);
            terms.push(("qualified share".to_string(), figures.collect()));
        }
        for factor in factors.iter().filter_map(|id| table.factor(id)) {
            let entries = factor.entries.iter().flat_map(|e| [e.low, e.high]);
            terms.push((format!("factor {}", factor.id), entries.collect()));
        }
        let mut bound = Product::per(per);
        let mut digits: Vec<(String, u32)> = Vec::new();
        for (term, figures) in terms {
            bound = bound.times_any(figures.iter().copied());
            digits.push((term, figures.iter().map(|f| f.scale()).max().unwrap_or(0)));
        }
        if let Some(own) = table.fx.currency(&table.currency) {
            let rates = table.fx.currencies.iter().map(|c| c.per_base);
            bound = bound.times_any(rates.clone()).divided_by(own.per_base);
            let places = rates.map(Decimal::scale).max().unwrap_or(0);
            digits.push((
                "exchange rates".to_string(),
                places + ceil_log10(own.per_base.unsigned_mantissa()),
            ));
        }
        digits.push(("per".to_string(), ceil_log10(u128::from(per))));
        if !bound.denominator_fits() {
            let total: u32 = digits.iter().map(|(_, d)| d).sum();
            let or_per = if per > 1 { ", or a smaller per" } else { "" };
            let said: Vec<String> = digits
                .iter()
                .filter(|(_, d)| *d > 0)
                .map(|(term, d)| format!("{term} {d}"))
                .collect();
            return Err(what.invalid(&[], format!(
                "{what}: its figures have too many decimal places between them to be multiplied exactly: the digits each adds to a product's divisor, at its longest, are {} ({total} in all, of at most {}); give the longest of them fewer places{or_per}",
                said.join(", "),
                MAX_DIVISOR_DIGITS
            )));
        }
    }
    Ok(())
}

/// The decimal places a qualified share given as input may always have: the loader leaves
/// room for them in every product; a share of more is checked against the table when given.
pub const SHARE_PLACES: u32 = 4;

/// The digits of a divisor that always fit what an amount is worked out in (below 2^127).
const MAX_DIVISOR_DIGITS: u32 = 38;

/// The digits `n` adds to a divisor it multiplies: ⌈log₁₀ n⌉ (1,000 adds 3, 11,476 adds 5).
fn ceil_log10(n: u128) -> u32 {
    n.saturating_sub(1).checked_ilog10().map_or(0, |d| d + 1)
}

/// A channel's cross-check prices the video's views, with factors of the table.
fn cross_check(check: &CrossCheck, context: &Context<'_>, what: &Place, p: &mut Problems) {
    if !check.basis.per_view() {
        p.0.push(what.invalid(&["basis"], format!(
            "{what}: basis is {}: a cross-check prices the video's views, so its basis is views",
            check.basis.key()
        )));
    }
    p.check(per_units(
        Some(check.per),
        (Some(check.low), Some(check.high)),
        what,
    ));
    p.check(check_grade(check.grade, &check.sources, what));
    p.check(channel_factors(&check.factors, context, what));
}

fn availability(
    availability: &Availability,
    context: &Context<'_>,
    what: &Place,
    p: &mut Problems,
) -> bool {
    let found = p.0.len();
    let what = what.then("availability");
    // The regions offered, when they are themselves right: a closure is checked against them.
    let offered = availability.regions.as_ref().filter(|list| {
        let listed = region_list(list, context.codes, &what.then("regions"));
        let right = listed.is_ok();
        p.check(listed);
        right
    });
    // Every closure, each with its own problems.
    for (i, closure) in availability.closed.iter().enumerate() {
        // Named by what it holds (`closed.on`), found at its place.
        let place = i.to_string();
        let at = |key: &str| what.then_as(&format!(": closed.{key}"), &["closed", &place, key]);
        if !not_after(&closure.on, context.as_of) {
            p.0.push(
                at("on")
                    .invalid(
                        &[],
                        format!(
                            "{what}: closed.on is {}, after the table's as_of ({}): a table states what has happened by its date",
                            closure.on, context.as_of
                        ),
                    )
                    .hinted(
                        "drop the closure until it happens, or correct its date (once it has \
                         happened, move as_of to its date or later)"
                            .to_string(),
                    ),
            );
        }
        if let Some(closed) = &closure.regions {
            let regions = at("regions");
            let known = region_list(closed, context.codes, &regions);
            let named = known.is_ok();
            p.check(known);
            let offered = offered.filter(|_| named);
            if let Some(stray) = offered.and_then(|o| closed.iter().find(|r| !o.contains(r))) {
                p.0.push(regions.invalid(&[], format!(
                    "{what}: closed in '{stray}', which is not among the regions it is offered in; add it to regions or drop it from closed.regions"
                )));
            }
        }
    }
    // A region closed twice the same way has two dates for one event: which it closed on is
    // a slip for the file to settle, not for the earliest to hide.
    let closures = &availability.closed;
    for (i, later) in closures.iter().enumerate() {
        let twice = closures[..i].iter().find_map(|earlier| {
            let same_kind = earlier.new_creators_only == later.new_creators_only;
            // A closure everywhere after some regions' is a programme's history, not a slip.
            let region = match (&earlier.regions, &later.regions) {
                (None, None) => Some("everywhere".to_string()),
                (Some(_), None) | (None, Some(_)) => None,
                (Some(a), Some(b)) => a
                    .iter()
                    .find(|r| b.contains(r))
                    .map(|r| format!("in '{r}'")),
            };
            region.filter(|_| same_kind).map(|region| (earlier, region))
        });
        if let Some((earlier, region)) = twice {
            let place = i.to_string();
            p.0.push(
                what.then_as(": closed", &["closed", &place, "on"])
                    .invalid(
                        &[],
                        format!(
                            "{what}: closed twice {region}, on {} and on {}: a region closes once",
                            earlier.on, later.on
                        ),
                    )
                    .hinted("keep the closure with the right date and drop the other".to_string()),
            );
        }
    }
    p.0.len() == found
}

/// A channel paid by the month is not part of any one video, so nothing that decides between
/// the channels of a video (a group, opt-in, exclusions) can apply to it.
fn monthly_rules(channel: &Channel, what: &Place) -> Result<()> {
    if !channel.basis.monthly() {
        return Ok(());
    }
    let rule = if channel.group.is_some() {
        "group"
    } else if channel.opt_in.is_some() {
        "opt_in"
    } else if channel.month_count.is_some() {
        "month_count"
    } else if !channel.excludes.is_empty() {
        "excludes"
    } else {
        return Ok(());
    };
    Err(what.invalid(&[rule], format!(
        "{what}: basis {} is paid by the month, not by a video, so `{rule}` cannot apply to it; remove it",
        channel.basis.key()
    )))
}

/// What to do where a key must go that a file over the built-in table cannot remove.
const NO_REMOVING: &str = "for a built-in channel, which a file merged over the table cannot \
                           remove a key of: to change what it is paid on, add a channel of your \
                           own and switch the built-in one off with enabled = false";

/// A factor keyed by the creator's country has an entry for every country the channel is
/// offered in, so that no creator there is left without an amount.
fn country_entries(channel: &Channel, context: &Context<'_>, what: &Place) -> Result<()> {
    let country_factors = channel
        .factors
        .iter()
        .filter(|id| context.valid_factors.contains(id))
        .filter_map(|id| context.factors.iter().find(|f| &f.id == id))
        .filter(|f| f.keyed_by == FactorInput::Country);
    for factor in country_factors {
        let missing = context.open.iter().find(|code| {
            channel.availability.offered_in(code) && !factor.entries.iter().any(|e| e.key == **code)
        });
        if let Some(code) = missing {
            return Err(what.invalid(&["factors"], format!(
                "{what}: factor '{}' has no entry for '{code}', where the channel is offered; add one, or leave '{code}' out of the channel's regions",
                factor.id
            )));
        }
    }
    Ok(())
}

/// Every exclusion names another channel of the table, once.
fn exclusions_name_channels(channels: &[Channel], given: &[String], p: &mut Problems) {
    let ids: Vec<&str> = given.iter().map(String::as_str).collect();
    for channel in channels {
        let mut seen = HashSet::new();
        for exclusion in &channel.excludes {
            // Named as a whole, found at the exclusion itself.
            let mut what = Place::element("channel", &channel.id).then("excludes");
            what.keys.push(exclusion.channel.clone());
            if exclusion.channel == channel.id {
                p.0.push(what.invalid(
                    &[],
                    format!("{what} names the channel itself; name another channel"),
                ));
            } else if !ids.contains(&exclusion.channel.as_str()) {
                p.0.push(
                    what.invalid(
                        &[],
                        format!(
                            "{what} names channel '{}', which the table does not define",
                            exclusion.channel
                        ),
                    )
                    .hinted(options_hint(&exclusion.channel, &ids, "channels")),
                );
            } else if channels
                .iter()
                .any(|c| c.id == exclusion.channel && c.basis.monthly())
            {
                p.0.push(what.invalid(&[], format!(
                    "{what} names '{}', which is paid by the month, not by a video: no video leaves it out; remove the exclusion",
                    exclusion.channel
                )));
            } else if !seen.insert(exclusion.channel.as_str()) {
                p.0.push(what.invalid(&[], format!("{what} names '{}' twice", exclusion.channel)));
            }
        }
    }
}

/// Diamonds, sales and subscribers are counts of their own (`--diamonds`, `--sales`,
/// `--subscribers`), each of one programme's: two enabled channels paid on one would both be
/// paid the same count.
fn one_channel_per_count(channels: &[Channel], p: &mut Problems) {
    for basis in [Basis::Diamonds, Basis::Sales, Basis::Subscribers] {
        let mut paid = channels.iter().filter(|c| c.enabled && c.basis == basis);
        if let (Some(first), Some(second)) = (paid.next(), paid.next()) {
            p.0.push(Place::element("channel", &second.id).invalid(&["basis"], format!(
                "channel '{}' and channel '{}' are both {}: --{} is one count, which would pay both",
                first.id,
                second.id,
                basis.paid(),
                basis.key()
            )).hinted(format!(
                "switch one off (enabled = false), or pay '{}' on another basis",
                second.id
            )));
        }
    }
}

/// The channels a milestone mentions are channels of the table, each named once.
fn mentions_name_channels(milestones: &[Milestone], given: &[String], p: &mut Problems) {
    let ids: Vec<&str> = given.iter().map(String::as_str).collect();
    for milestone in milestones {
        let what = Place::element("milestone", &milestone.id).then("mentions");
        for (at, channel) in milestone.mentions.iter().enumerate() {
            if !ids.contains(&channel.as_str()) {
                p.0.push(
                    what.invalid(
                        &[],
                        format!(
                            "{what} names channel '{channel}', which the table does not define"
                        ),
                    )
                    .hinted(options_hint(channel, &ids, "channels")),
                );
            } else if milestone.mentions[..at].contains(channel) {
                p.0.push(what.invalid(&[], format!("{what} names '{channel}' twice")));
            }
        }
    }
}

/// One factor: its entries, its neutral entry, and its grades against its sources. The
/// entries end in the order they are shown in, each with its grade or the factor's.
fn factor(
    factor: &mut Factor,
    codes: &Codes,
    open: &[&str],
    default_region: &str,
) -> std::result::Result<(), Vec<Invalid>> {
    let what = Place::element("factor", &factor.id);
    if factor.entries.is_empty() {
        return Err(vec![what.invalid(
            &["entries"],
            format!("{what}: entries is missing or empty"),
        )]);
    }
    let (grade, keyed_by, share) = (factor.grade, factor.keyed_by, factor.share);
    // Every entry, each with its own problem.
    let found: Vec<Invalid> = factor
        .entries
        .iter_mut()
        .filter_map(|entry| {
            entry.grade = entry.grade.or(grade);
            factor_entry(entry, keyed_by, share, &what).err()
        })
        .collect();
    if !found.is_empty() {
        return Err(found);
    }
    factor_whole(factor, codes, open, default_region, &what).map_err(|e| vec![e])
}

/// One entry of a factor.
fn factor_entry(
    entry: &FactorEntry,
    keyed_by: FactorInput,
    share: bool,
    what: &Place,
) -> Result<()> {
    let entry_what = entry_place(what, &entry.key);
    if share {
        share_range(entry.low, entry.high, &entry_what)?;
    } else {
        range(Some(entry.low), Some(entry.high), &entry_what)?;
    }
    match (keyed_by, entry.from) {
        (FactorInput::Engagement, Some(from)) => {
            if from.is_negative() || from > Decimal::from_int(100) {
                return Err(entry_what.invalid(
                    &["from"],
                    format!("{entry_what}: from is {from}: a percentage between 0 and 100"),
                ));
            }
        }
        (FactorInput::Engagement, None) => {
            return Err(entry_what.invalid(&[], format!(
                "{entry_what}: an engagement band needs `from`, the lowest percentage in the band"
            )));
        }
        (_, Some(_)) => {
            return Err(entry_what.invalid(
                &["from"],
                format!("{entry_what}: `from` applies only to engagement bands; remove it"),
            ));
        }
        (_, None) => {}
    }
    if !super::form::is_identifier(&entry.key) {
        return Err(entry_what.invalid(&[], format!(
            "{what}: entry key '{}' must be lower-case letters, digits and '_', starting with a letter",
            entry.key
        )));
    }
    Ok(())
}

/// A factor's entry `key`: `factor 'region': entry 'gb'`.
fn entry_place(factor: &Place, key: &str) -> Place {
    factor.then_as(&format!(": entry '{key}'"), &["entries", key])
}

/// A factor's neutral entry, band and grade rules, its entries each valid.
fn factor_whole(
    factor: &mut Factor,
    codes: &Codes,
    open: &[&str],
    default_region: &str,
    what: &Place,
) -> Result<()> {
    let keyed_by = factor.keyed_by;
    factor_neutral(factor, codes, open, what)?;
    // A country factor has no neutral entry: each is the figure for that country.
    let neutral = match keyed_by {
        FactorInput::Country => String::new(),
        _ => factor
            .neutral
            .clone()
            .unwrap_or_else(|| default_region.to_string()),
    };
    factor_rules(factor, &neutral, what)?;
    factor_sources(factor, &neutral, what)
}

/// A factor's neutral entry, the one used when its input is not given, and its entries in the
/// order they are shown. A region factor's neutral entry is the table's default region, and
/// it has an entry for every region where TikTok is available; a country factor has none.
fn factor_neutral(factor: &mut Factor, codes: &Codes, open: &[&str], what: &Place) -> Result<()> {
    let keyed_by = factor.keyed_by;
    match keyed_by {
        FactorInput::Region | FactorInput::Country => {
            if factor.neutral.is_some() {
                let why = if keyed_by == FactorInput::Region {
                    "the table's default_region is used when no region is given"
                } else {
                    "each entry is the figure for creators in that country"
                };
                return Err(what.invalid(
                    &["neutral"],
                    format!(
                        "{what}: a {} factor has no `neutral`: {why}; remove it",
                        keyed_by.key()
                    ),
                ));
            }
            for entry in &factor.entries {
                let at = what.then_as(": entry", &["entries", &entry.key]);
                known_region(&entry.key, codes, &at)?;
            }
            // Shown in the table's region order, not alphabetically.
            factor
                .entries
                .sort_by_key(|e| codes.codes.iter().position(|c| *c == e.key));
            let missing: Vec<String> = open
                .iter()
                .filter(|c| !factor.entries.iter().any(|e| e.key == **c))
                .map(|c| format!("'{c}'"))
                .collect();
            if keyed_by == FactorInput::Region && !missing.is_empty() {
                let regions = if missing.len() == 1 {
                    "region"
                } else {
                    "regions"
                };
                return Err(what.invalid(&["entries"], format!(
                    "{what}: no entry for {regions} {}: every region where TikTok is available needs one (1 leaves the rates as they are stated; a region without figures of its own may take a like region's entry)",
                    missing.join(", ")
                )));
            }
            Ok(())
        }
        FactorInput::Niche | FactorInput::Engagement => {
            let neutral = factor
                .neutral
                .as_ref()
                .ok_or_else(|| what.invalid(&[], format!("{what}: neutral is missing")))?;
            if !factor.entries.iter().any(|e| &e.key == neutral) {
                return Err(what.invalid(
                    &["neutral"],
                    format!("{what}: neutral names '{neutral}', which is not one of its entries"),
                ));
            }
            Ok(())
        }
    }
}

/// The neutral entry is exactly 1, and engagement bands start at 0, once each.
fn factor_rules(factor: &mut Factor, neutral: &str, what: &Place) -> Result<()> {
    let keyed_by = factor.keyed_by;
    // The neutral entry stands for "no adjustment": the rates are quoted for it.
    if let Some(entry) = factor.entries.iter().find(|e| e.key == neutral) {
        if entry.low != Decimal::ONE || entry.high != Decimal::ONE {
            return Err(what.invalid(&["entries", neutral], format!(
                "{what}: entry '{neutral}' is used when no {} is given, so it must be exactly 1 (the rates are quoted for it)",
                keyed_by.key()
            )));
        }
    }
    if keyed_by == FactorInput::Engagement {
        let entries = &mut factor.entries;
        entries.sort_by_key(|e| e.from);
        if entries.first().and_then(|e| e.from) != Some(Decimal::ZERO) {
            return Err(what.invalid(&["entries"], format!(
                "{what}: no band starts at 0: add one with from = 0 so every percentage has a band"
            )));
        }
        if let Some(pair) = entries.windows(2).find(|w| w[0].from == w[1].from) {
            return Err(what.invalid(
                &["entries", &pair[1].key, "from"],
                format!(
                    "{what}: bands '{}' and '{}' both start at {}",
                    pair[0].key,
                    pair[1].key,
                    pair[0].from.unwrap_or(Decimal::ZERO)
                ),
            ));
        }
        // More engagement is not worth less: a band that pays less than one below it is a
        // slip, most often a percentage written as a fraction (0.06 for 6%).
        if let Some([below, above]) = entries
            .windows(2)
            .find(|w| w[1].low < w[0].low || w[1].high < w[0].high)
        {
            let (figure, was, is) = if above.low < below.low {
                ("low", below.low, above.low)
            } else {
                ("high", below.high, above.high)
            };
            let from = |e: &super::FactorEntry| e.from.unwrap_or(Decimal::ZERO);
            let percent = fraction_as_percent(from(below));
            // At the band the slip most likely is: a fraction's from, else the figure that
            // pays less.
            let at = match percent {
                Some(_) => [below.key.as_str(), "from"],
                None => [above.key.as_str(), figure],
            };
            return Err(what
                .invalid(
                    &["entries", at[0], at[1]],
                    format!(
                        "{what}: band '{}' (from {}%) has a {figure} of {is}, below the {was} of \
                         band '{}' (from {}%), which starts lower: a band pays at least what \
                         the bands below it pay",
                        above.key,
                        from(above),
                        below.key,
                        from(below)
                    ),
                )
                .hinted(match percent {
                    Some(percent) => {
                        format!("`from` is a percentage: for {percent}%, write from = {percent}")
                    }
                    None => format!(
                        "correct the from, low and high of '{}' and '{}'",
                        below.key, above.key
                    ),
                }));
        }
    }
    Ok(())
}

/// A `from` between 0 and 1, which may be a fraction written for a percentage, as the
/// percentage it may have meant: 0.06 → 6.
fn fraction_as_percent(from: Decimal) -> Option<Decimal> {
    Some(from)
        .filter(|f| *f > Decimal::ZERO && *f < Decimal::ONE)
        .and_then(|f| f.checked_mul(Decimal::from_int(100)))
}

/// What a table that loads is warned of: engagement bands from under 1%, most often a
/// fraction written for a percentage (`from = 0.02` for 2%), which order alone cannot tell;
/// and factor entries from 10 to 1,000, most often a percentage written for a multiplier (`de =
/// 70` for 0.70), which pays 70 times the rate.
pub(super) fn notices(table: &super::RateTable) -> Vec<String> {
    let mut notices = Vec::new();
    // 120 (for 1.2) is as likely as 70; past 1,000, a figure is no percentage's slip.
    let percent_like =
        |value: Decimal| value >= Decimal::from_int(10) && value <= Decimal::from_int(1000);
    for factor in &table.factors {
        let entries = factor.entries.iter();
        for entry in entries.filter(|e| percent_like(e.low) || percent_like(e.high)) {
            let (value, fraction) = if entry.low == entry.high {
                (
                    entry.high.to_string(),
                    entry.high.percent_to_fraction().to_string(),
                )
            } else {
                (
                    format!("{}-{}", entry.low, entry.high),
                    format!(
                        "{{ low = {}, high = {} }}",
                        entry.low.percent_to_fraction(),
                        entry.high.percent_to_fraction()
                    ),
                )
            };
            notices.push(format!(
                "factor '{}': entry '{}' is {value}, and multiplies the rate by that: for {value}%, \
                 write {} = {fraction}",
                factor.id, entry.key, entry.key
            ));
        }
        if factor.keyed_by != FactorInput::Engagement {
            continue;
        }
        for entry in &factor.entries {
            let Some(percent) = entry.from.and_then(fraction_as_percent) else {
                continue;
            };
            notices.push(format!(
                "factor '{}': band '{}' starts at {}%: `from` is a percentage, so for {percent}% \
                 write from = {percent}",
                factor.id,
                entry.key,
                entry.from.unwrap_or(Decimal::ZERO)
            ));
        }
    }
    notices
}

/// Sources name only the factor's entries, and no grade claims more than its sources: the
/// factor's against all of them, an entry's own against those that support it (the neutral
/// entry, which changes nothing, needs none).
fn factor_sources(factor: &Factor, neutral: &str, what: &Place) -> Result<()> {
    let entries = &factor.entries;
    // The file's sources follow the built-in ones the merge keeps, so a source's place in the
    // table is not its place in the file: the problem is found at `sources`.
    for source in &factor.sources {
        if let Some(key) = source
            .keys
            .iter()
            .find(|k| !entries.iter().any(|e| &e.key == *k))
        {
            return Err(what.invalid(
                &["sources"],
                format!("{what}: a source lists key '{key}', which is not one of its entries"),
            ));
        }
    }
    check_grade(factor.grade, &factor.sources, what)?;
    for entry in entries
        .iter()
        .filter(|e| e.grade != factor.grade && e.key != neutral)
    {
        let supporting: Vec<Source> = factor
            .sources
            .iter()
            .filter(|s| s.keys.is_empty() || s.keys.contains(&entry.key))
            .cloned()
            .collect();
        check_grade(entry.grade, &supporting, &entry_place(what, &entry.key))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Step, set_aside};

    #[test]
    fn an_element_that_does_not_read_is_set_aside_and_the_rest_kept() {
        let mut table: toml::Table =
            toml::from_str("[[region]]\ncode = \"a\"\n[[region]]\ncode = \"b\"\n").unwrap();
        let steps = [
            Step::Key("region".into()),
            Step::Element(0, Some("a".into())),
            Step::Key("name".into()),
        ];
        assert!(set_aside(&mut table, &steps));
        let left: toml::Table = toml::from_str("[[region]]\ncode = \"b\"\n").unwrap();
        assert_eq!(table, left);
        assert!(!set_aside(&mut table, &[Step::Key("fx".into())]));
    }

    #[test]
    fn a_channel_of_too_many_decimal_places_is_told_each_figures_digits() {
        let load = |text| {
            crate::rates::load(Some(crate::rates::Layer {
                origin: "long.toml",
                text,
            }))
        };
        let long = "[[channel]]\nid = \"creator_rewards\"\nrate = { per = 1000000000000000000, low = 0.000000001, high = 0.000000002 }\n";
        let message = load(long).unwrap_err().to_string();
        assert!(
            message.contains(
                "are rate 9, qualified share 4, factor region 2, factor niche 1, factor engagement 1, exchange rates 10, per 18 (45 in all, of at most 38); give the longest of them fewer places, or a smaller per"
            ),
            "{message}"
        );
        // Eleven digits fewer, the same figures fit.
        assert!(load(&long.replace("1000000000000000000", "10000000")).is_ok());
        // A cross-check is told apart, and has no qualified share: 10^16 over its 9 places
        // fits (38 digits), 10^17 does not.
        let check = |per: &str| {
            let text = format!(
                "[[channel]]\nid = \"creator_rewards\"\ncross_check = {{ basis = \"views\", per = {per}, low = 0.000000001, high = 0.000000002, grade = \"D\", sources = [{{ title = \"t\", date = \"2026\", grade = \"D\" }}] }}\n"
            );
            crate::rates::load(Some(crate::rates::Layer {
                origin: "check.toml",
                text: &text,
            }))
            .map(drop)
            .map_err(|e| e.to_string())
        };
        assert!(check("10000000000000000").is_ok());
        let message = check("100000000000000000").unwrap_err();
        assert!(
            message.contains("channel 'creator_rewards': cross_check: its figures have too many decimal places between them to be multiplied exactly: the digits each adds to a product's divisor, at its longest, are rate 9, factor region 2, factor niche 1, factor engagement 1, exchange rates 10, per 17 (40 in all, of at most 38)"),
            "{message}"
        );
        assert_eq!(super::ceil_log10(1), 0);
        assert_eq!(super::ceil_log10(10), 1);
        assert_eq!(super::ceil_log10(1000), 3);
        assert_eq!(super::ceil_log10(1001), 4);
        assert_eq!(super::ceil_log10(11_476), 5);
    }
}
