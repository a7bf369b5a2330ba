//! From the merged TOML to a `RateTable`, refusing anything incomplete or inconsistent.
//!
//! Each message names the part of the table at fault (`channel 'sponsorship': rate: …`) and
//! what would fix it.

use std::collections::{BTreeMap, HashSet};

use toml::{Table, Value};

use super::raw::{
    RawAccount, RawAvailability, RawChannel, RawCount, RawCrossCheck, RawCurrency, RawEligibility,
    RawEntry, RawExclusion, RawFactor, RawFx, RawMilestone, RawPlatform, RawRange, RawRate,
    RawSource, RawTable, RawTier, RawUnmodelled,
};
use super::{
    Account, Availability, Basis, Ceiling, Channel, Closure, CrossCheck, Currency, Eligibility,
    Exclusion, Factor, FactorEntry, FactorInput, Figure, Followers, Fx, Grade, Group, Milestone,
    MilestoneKind, Override, Platform, Rate, RateTable, Region, SCHEMA_VERSION, Seconds, Source,
    Tier, Unavailable, Unmodelled,
};
use crate::decimal::Decimal;
use crate::duration::parse_duration;
use crate::suggest::{did_you_mean, names};
use crate::unit::{MAX_DECIMALS, MAX_SYMBOL_BYTES, Unit};

/// Why a merged table is unusable.
#[derive(Debug, Clone)]
pub(super) struct Invalid {
    pub message: String,
    pub hint: Option<String>,
    /// The keys it is about, when its message does not name them the usual way.
    pub path: Option<Vec<String>>,
    /// It follows from another problem (a reference to an element that is itself invalid),
    /// and is not worth reporting beside it.
    pub echo: bool,
}

impl Invalid {
    /// A problem about the keys `path`.
    pub(super) fn at(path: Vec<String>, message: String) -> Invalid {
        Invalid {
            path: Some(path),
            ..invalid(message)
        }
    }

    fn hint(message: String, hint: String) -> Invalid {
        Invalid {
            hint: Some(hint),
            ..invalid(message)
        }
    }
}

type Result<T> = std::result::Result<T, Invalid>;

/// Collects problems, so that one does not hide the next.
#[derive(Default)]
struct Problems(Vec<Invalid>);

impl Problems {
    /// The value, or `None` with its problem kept.
    fn keep<T>(&mut self, result: Result<T>) -> Option<T> {
        result.map_err(|e| self.0.push(e)).ok()
    }

    fn check(&mut self, result: Result<()>) {
        self.keep(result);
    }
}

/// The output's total row uses this id, so no channel may.
pub(super) const RESERVED_ID: &str = "total";

fn invalid(message: impl Into<String>) -> Invalid {
    Invalid {
        message: message.into(),
        hint: None,
        path: None,
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

/// "did you mean 'x'? bases: a, b, c" — or just the list when nothing is close.
fn options_hint(given: &str, options: &[&str], label: &str) -> String {
    let list = format!("{label}: {}", options.join(", "));
    match did_you_mean(given, names(options.iter().copied())) {
        Some(s) => format!("did you mean '{s}'? {list}"),
        None => list,
    }
}

fn required<T>(value: Option<T>, what: &str) -> Result<T> {
    value.ok_or_else(|| invalid(format!("{what} is missing")))
}

/// Validates the merged table, finding every problem rather than the first.
pub(super) fn validate(merged: Table) -> std::result::Result<RateTable, Vec<Invalid>> {
    let raw: RawTable = Value::Table(merged)
        .try_into()
        .map_err(|e: toml::de::Error| vec![invalid(e.message().trim().replace('\n', " "))])?;
    super::limits::check_counts(&raw).map_err(|e| vec![invalid(e)])?;
    let mut p = Problems::default();

    p.check(version(raw.schema_version));
    let name = p.keep(
        required(raw.name, "the table's name").and_then(|n| non_empty(n, "the table's name")),
    );
    let as_of = p.keep(required(raw.as_of, "as_of").and_then(|d| date(&d, "as_of")));
    // Without a date, nothing can be after it.
    let as_of_or_any = as_of.clone().unwrap_or_default();

    let account = p.keep(required(raw.account, "[account]").and_then(account));
    let platform = raw.platform.and_then(|raw| p.keep(platform(raw)));
    let fx = p.keep(required(raw.fx, "[fx], the exchange rates,").and_then(fx));
    let currency = p
        .keep(required(raw.currency, "currency"))
        .map(|c| c.to_ascii_uppercase());
    if let (Some(fx), Some(currency)) = (&fx, &currency) {
        p.check(in_fx(fx, currency));
    }

    // References are checked against every code the table gives, so that a region with a
    // problem of its own is not also reported as missing wherever it is named.
    let given_codes: Vec<String> = raw.region.iter().filter_map(|r| r.code.clone()).collect();
    let codes: Vec<&str> = given_codes.iter().map(String::as_str).collect();
    let regions = regions(raw.region, &as_of_or_any, &mut p);
    let default_region = p.keep(
        required(raw.default_region, "default_region")
            .and_then(|d| known_region(&d, &codes, "default_region").map(|()| d)),
    );
    // A region where TikTok cannot be used needs no factor entry: nothing is estimated there.
    let open_codes: Vec<&str> = regions
        .iter()
        .filter(|r| r.unavailable.is_none())
        .map(|r| r.code.as_str())
        .collect();

    let groups = groups(raw.group, &mut p);

    let factor_ids: Vec<String> = raw.factor.iter().filter_map(|f| f.id.clone()).collect();
    let milestone_ids: Vec<String> = raw.milestone.iter().filter_map(|m| m.id.clone()).collect();
    let channel_ids: Vec<String> = raw.channel.iter().filter_map(|c| c.id.clone()).collect();
    let neutral_region = default_region.as_deref().unwrap_or_default();
    let factors: Vec<Factor> = raw
        .factor
        .into_iter()
        .filter_map(|f| factor(f, &codes, &open_codes, neutral_region, &mut p))
        .collect();
    let milestones: Vec<Milestone> = raw
        .milestone
        .into_iter()
        .filter_map(|m| p.keep(milestone(m)))
        .collect();
    let unmodelled: Vec<Unmodelled> = raw
        .unmodelled
        .into_iter()
        .filter_map(|u| p.keep(unmodelled(u)))
        .collect();

    let context = Context {
        codes: &codes,
        open_codes: &open_codes,
        groups: &groups,
        factors: &factors,
        factor_ids: &factor_ids,
        milestones: &milestones,
        milestone_ids: &milestone_ids,
        as_of: &as_of_or_any,
    };
    let channels: Vec<Channel> = raw
        .channel
        .into_iter()
        .filter_map(|c| channel(c, &context, &mut p))
        .collect();
    exclusions_name_channels(&channels, &channel_ids, &mut p);
    p.check(one_enabled(&channels, channel_ids.len()));

    match (name, as_of, account, fx, currency, default_region) {
        (
            Some(name),
            Some(as_of),
            Some(account),
            Some(fx),
            Some(currency),
            Some(default_region),
        ) if p.0.is_empty() => Ok(RateTable {
            schema_version: SCHEMA_VERSION,
            name,
            own_name: false,
            as_of,
            notes: raw.notes,
            default_region,
            currency,
            account,
            platform,
            fx,
            regions,
            groups,
            channels,
            factors,
            milestones,
            unmodelled,
        }),
        _ => Err(p.0),
    }
}

/// At least one channel is enabled, when all `given` channels are valid (an invalid one may
/// be the enabled one).
fn one_enabled(channels: &[Channel], given: usize) -> Result<()> {
    if channels.len() == given && channels.iter().all(|c| !c.enabled) {
        return Err(invalid(
            "no channel is enabled: a table needs at least one channel with enabled = true",
        ));
    }
    Ok(())
}

fn version(given: Option<i64>) -> Result<()> {
    let version = required(given, "schema_version")?;
    if version == i64::from(SCHEMA_VERSION) {
        return Ok(());
    }
    Err(invalid(format!(
        "schema_version {version} is not supported: this version of earn reads schema_version {SCHEMA_VERSION}"
    )))
}

fn groups(raw: Vec<super::raw::RawGroup>, p: &mut Problems) -> Vec<Group> {
    raw.into_iter()
        .filter_map(|group| {
            let id = required(group.id, "a group's id").and_then(|id| identifier(id, "group id"));
            Some(Group {
                id: p.keep(id)?,
                name: group.name,
                notes: group.notes,
            })
        })
        .collect()
}

/// The table's figures are in one of the set's currencies, which `--currency` converts from.
fn in_fx(fx: &Fx, currency: &str) -> Result<()> {
    if fx.currencies.iter().any(|c| c.code == currency) {
        return Ok(());
    }
    let codes: Vec<&str> = fx.currencies.iter().map(|c| c.code.as_str()).collect();
    Err(Invalid::hint(
        format!(
            "currency '{currency}' is not among [fx]'s currencies: the table's figures must be in one of them, so that they can be converted"
        ),
        format!(
            "add a [[fx.currency]] with code = \"{currency}\" to [fx] (it has {}); a rates file's [fx] replaces the built-in set whole, so give the whole set",
            codes.join(", ")
        ),
    ))
}

/// The exchange rates: one dated, sourced set, whole.
fn fx(raw: RawFx) -> Result<Fx> {
    let whole = || {
        Some(
            "a rates file's [fx] replaces the built-in set whole: give base, as_of, sources and \
             every [[fx.currency]]"
                .to_string(),
        )
    };
    let need = |value: Option<String>, key: &str| {
        value.ok_or_else(|| Invalid {
            message: format!("fx: {key} is missing"),
            hint: whole(),
            path: None,
            echo: false,
        })
    };
    let base = need(raw.base, "base")?;
    let as_of = date(&need(raw.as_of, "as_of")?, "fx: as_of")?;
    let grade = raw.grade.map(|g| grade(&g, "fx: grade")).transpose()?;
    let sources = sources(raw.sources, "fx")?;
    if sources.is_empty() {
        return Err(Invalid {
            message: "fx: sources is missing: a set of exchange rates needs its source".into(),
            hint: whole(),
            path: None,
            echo: false,
        });
    }
    check_grade(grade, &sources, "fx")?;
    let raw_currencies = raw.currency.unwrap_or_default();
    if raw_currencies.is_empty() {
        return Err(Invalid {
            message: "fx: no [[fx.currency]] is defined".into(),
            hint: whole(),
            path: None,
            echo: false,
        });
    }
    let mut currencies: Vec<Currency> = Vec::new();
    for (i, c) in raw_currencies.into_iter().enumerate() {
        let currency = currency(c, i)?;
        if currencies.iter().any(|seen| seen.code == currency.code) {
            return Err(invalid(format!(
                "fx currency '{}' appears twice: each currency may appear once",
                currency.code
            )));
        }
        currencies.push(currency);
    }
    match currencies.iter().find(|c| c.code == base) {
        Some(c) if c.per_base == Decimal::ONE => {}
        Some(c) => {
            return Err(invalid(format!(
                "fx: the base {base} has per_base {}; one {base} is 1 {base}, so it must be 1",
                c.per_base
            )));
        }
        None => {
            return Err(invalid(format!(
                "fx: base '{base}' is not among the [[fx.currency]] entries; add it with per_base = 1"
            )));
        }
    }
    Ok(Fx {
        base,
        as_of,
        grade,
        notes: raw.notes,
        sources,
        currencies,
    })
}

/// One `[[fx.currency]]` entry, the `index`th.
fn currency(c: RawCurrency, index: usize) -> Result<Currency> {
    let code = required(c.code, &format!("fx currency {}: code", index + 1))?;
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(invalid(format!(
            "fx currency code '{code}' must be three upper-case letters, as in ISO 4217 (EUR, JPY)"
        )));
    }
    let what = format!("fx currency '{code}'");
    let name = non_empty(
        required(c.name, &format!("{what}: name"))?,
        &format!("{what}: name"),
    )?;
    let symbol = non_empty(
        required(c.symbol, &format!("{what}: symbol"))?,
        &format!("{what}: symbol"),
    )?;
    // A symbol sits right before the digits of every amount, so it may not hold digits,
    // separators or line breaks that would change how the amount reads.
    if let Some(bad) = symbol
        .chars()
        .find(|&ch| ch.is_ascii_digit() || ch == ',' || ch == '.' || ch.is_control())
    {
        return Err(invalid(format!(
            "{what}: symbol {symbol:?} holds {bad:?}; a symbol may not hold digits, ',', '.' or control characters"
        )));
    }
    let decimals = required(c.decimals, &format!("{what}: decimals"))?;
    let decimals = u32::try_from(decimals)
        .ok()
        .filter(|&d| Unit::new(&symbol, d).is_some())
        .ok_or_else(|| {
            invalid(format!(
                "{what}: a symbol of at most {MAX_SYMBOL_BYTES} bytes and 0 to {MAX_DECIMALS} decimals are needed; it has '{symbol}' and {decimals}"
            ))
        })?;
    let per_base = required(c.per_base, &format!("{what}: per_base"))?;
    if per_base <= Decimal::ZERO {
        return Err(invalid(format!(
            "{what}: per_base is {per_base}: a rate must be above 0"
        )));
    }
    Ok(Currency {
        code,
        name,
        symbol,
        decimals,
        per_base,
    })
}

/// What a channel may refer to.
struct Context<'a> {
    codes: &'a [&'a str],
    /// The regions where TikTok is available.
    open_codes: &'a [&'a str],
    groups: &'a [Group],
    /// The factors that are valid.
    factors: &'a [Factor],
    /// The id of every factor the table gives, valid or not.
    factor_ids: &'a [String],
    /// The milestones that are valid.
    milestones: &'a [Milestone],
    /// The id of every milestone the table gives, valid or not.
    milestone_ids: &'a [String],
    /// The table's own date: a closure after it has not happened yet, as far as it knows.
    as_of: &'a str,
}

fn account(raw: RawAccount) -> Result<Account> {
    let what = "[account]";
    let min_age = count(
        Some(required(raw.min_age, "[account] min_age")?),
        "[account] min_age",
    )?
    .unwrap_or_default();
    Ok(Account {
        min_age,
        notes: raw.notes,
        sources: sources(raw.sources, what)?,
    })
}

fn platform(raw: RawPlatform) -> Result<Platform> {
    let what = "[platform] monthly_people";
    let monthly_people = count(Some(required(raw.monthly_people, what)?), what)?
        .filter(|&n| n > 0)
        .ok_or_else(|| invalid(format!("{what} is 0: give the people a month, at least 1")))?;
    Ok(Platform {
        monthly_people,
        notes: raw.notes,
        sources: sources(raw.sources, "[platform]")?,
    })
}

fn milestone(raw: RawMilestone) -> Result<Milestone> {
    let id = identifier(required(raw.id, "a milestone's id")?, "milestone id")?;
    let what = format!("milestone '{id}'");
    let kind_text = required(raw.kind, &format!("{what}: kind"))?;
    let kinds: Vec<&str> = MilestoneKind::ALL.iter().map(|k| k.key()).collect();
    let kind = MilestoneKind::ALL
        .into_iter()
        .find(|k| k.key() == kind_text)
        .ok_or_else(|| Invalid {
            message: format!("{what}: kind '{kind_text}' is not a milestone kind"),
            hint: Some(options_hint(&kind_text, &kinds, "kinds")),
            path: None,
            echo: false,
        })?;
    let at = count(
        Some(required(raw.at, &format!("{what}: at"))?),
        &format!("{what}: at"),
    )?
    .unwrap_or_default();
    Ok(Milestone {
        kind,
        at,
        unlocks: non_empty(
            required(raw.unlocks, &format!("{what}: unlocks"))?,
            &format!("{what}: unlocks"),
        )?,
        sources: sources(raw.sources, &what)?,
        id,
    })
}

fn unmodelled(raw: RawUnmodelled) -> Result<Unmodelled> {
    let id = identifier(
        required(raw.id, "an unmodelled stream's id")?,
        "unmodelled id",
    )?;
    let what = format!("unmodelled '{id}'");
    Ok(Unmodelled {
        name: non_empty(
            required(raw.name, &format!("{what}: name"))?,
            &format!("{what}: name"),
        )?,
        why: non_empty(
            required(raw.why, &format!("{what}: why"))?,
            &format!("{what}: why"),
        )?,
        sources: sources(raw.sources, &what)?,
        id,
    })
}

/// A follower threshold, given as a number or as a followers milestone's id.
fn followers(
    raw: Option<RawCount>,
    context: &Context<'_>,
    what: &str,
) -> Result<Option<Followers>> {
    let milestones = context.milestones;
    match raw {
        None => Ok(None),
        Some(RawCount::Number(n)) => Ok(count(Some(n), what)?.map(|count| Followers {
            count,
            milestone: None,
        })),
        Some(RawCount::Milestone(id)) => {
            let followers: Vec<&str> = milestones
                .iter()
                .filter(|m| m.kind == MilestoneKind::Followers)
                .map(|m| m.id.as_str())
                .collect();
            let valid = milestones.iter().any(|m| m.id == id);
            if !valid && context.milestone_ids.contains(&id) {
                return Err(echo());
            }
            let found = milestones
                .iter()
                .find(|m| m.id == id && m.kind == MilestoneKind::Followers)
                .ok_or_else(|| Invalid {
                    message: format!("{what} names milestone '{id}', which is not a followers milestone of the table"),
                    hint: Some(options_hint(&id, &followers, "followers milestones")),
                    path: None,
                    echo: false,
                })?;
            Ok(Some(Followers {
                count: found.at,
                milestone: Some(id),
            }))
        }
    }
}

fn non_empty(text: String, what: &str) -> Result<String> {
    if text.trim().is_empty() {
        Err(invalid(format!("{what} is empty")))
    } else {
        Ok(text)
    }
}

/// Ids and codes are lower-case ASCII words, so they are safe in JSON keys and CSV headers.
fn identifier(text: String, what: &str) -> Result<String> {
    if is_identifier(&text) {
        Ok(text)
    } else {
        Err(invalid(format!(
            "{what} '{text}' must be lower-case letters, digits and '_', starting with a letter"
        )))
    }
}

/// Lower-case ASCII letters, digits and `_`, starting with a letter.
pub(super) fn is_identifier(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_lowercase())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real calendar date.
fn date(text: &str, what: &str) -> Result<String> {
    if is_date(text) {
        Ok(text.to_string())
    } else {
        Err(invalid(format!(
            "{what} '{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"
        )))
    }
}

/// Whether date `a` is not after date `b`, comparing at the precision both have: `2026-06-30`
/// is not after `2026-06`, whose month it is in.
fn not_after(a: &str, b: &str) -> bool {
    let len = a.len().min(b.len());
    a[..len] <= b[..len]
}

fn is_date(text: &str) -> bool {
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

fn grade(text: &str, what: &str) -> Result<Grade> {
    Grade::ALL
        .into_iter()
        .find(|g| g.letter().eq_ignore_ascii_case(text))
        .ok_or_else(|| {
            invalid(format!(
                "{what} '{text}' is not a grade: use A (TikTok), B (press), C (vendor data) or D (folklore)"
            ))
        })
}

fn count(value: Option<i64>, what: &str) -> Result<Option<u64>> {
    value
        .map(|v| {
            u64::try_from(v).map_err(|_| invalid(format!("{what} is {v}: it must not be negative")))
        })
        .transpose()
}

/// Every exclusion names another channel of the table, once.
fn exclusions_name_channels(channels: &[Channel], given: &[String], p: &mut Problems) {
    let ids: Vec<&str> = given.iter().map(String::as_str).collect();
    for channel in channels {
        let mut seen = HashSet::new();
        for exclusion in &channel.excludes {
            let what = format!("channel '{}': excludes", channel.id);
            if exclusion.channel == channel.id {
                p.0.push(invalid(format!(
                    "{what} names the channel itself; name another channel"
                )));
            } else if !ids.contains(&exclusion.channel.as_str()) {
                p.0.push(Invalid::hint(
                    format!(
                        "{what} names channel '{}', which the table does not define",
                        exclusion.channel
                    ),
                    options_hint(&exclusion.channel, &ids, "channels"),
                ));
            } else if channels
                .iter()
                .any(|c| c.id == exclusion.channel && c.basis.monthly())
            {
                p.0.push(invalid(format!(
                    "{what} names '{}', which is paid by the month, not by a video: no video leaves it out; remove the exclusion",
                    exclusion.channel
                )));
            } else if !seen.insert(exclusion.channel.as_str()) {
                p.0.push(invalid(format!(
                    "{what} names '{}' twice",
                    exclusion.channel
                )));
            }
        }
    }
}

fn regions(raw: Vec<super::raw::RawRegion>, as_of: &str, p: &mut Problems) -> Vec<Region> {
    if raw.is_empty() {
        p.0.push(invalid(
            "no [[region]] is defined: a table needs at least one",
        ));
    }
    let mut seen = HashSet::new();
    let mut regions = Vec::new();
    for region in raw {
        if let Some(region) = p.keep(one_region(region, as_of, &mut seen)) {
            regions.push(region);
        }
    }
    regions
}

/// One `[[region]]`; `seen` holds the codes and aliases of the regions before it.
fn one_region(
    region: super::raw::RawRegion,
    as_of: &str,
    seen: &mut HashSet<String>,
) -> Result<Region> {
    let code = identifier(required(region.code, "a region's code")?, "region code")?;
    let name = non_empty(
        required(region.name, &format!("region '{code}': name"))?,
        &format!("region '{code}': name"),
    )?;
    let aliases = region
        .aliases
        .unwrap_or_default()
        .into_iter()
        .map(|a| identifier(a.to_ascii_lowercase(), &format!("region '{code}': alias")))
        .collect::<Result<Vec<_>>>()?;
    for name in std::iter::once(&code).chain(&aliases) {
        if !seen.insert(name.clone()) {
            return Err(Invalid::at(
                vec!["region".into(), code.clone(), "aliases".into()],
                format!("region code or alias '{name}' is used twice: each must name one region"),
            ));
        }
    }
    let unavailable = region
        .unavailable
        .map(|u| {
            let what = format!("region '{code}': unavailable");
            let since = date(
                &required(u.since, &format!("{what}: since"))?,
                &format!("{what}: since"),
            )?;
            if !not_after(&since, as_of) {
                return Err(invalid(format!(
                    "{what}: since is {since}, after the table's as_of ({as_of}): a table states what has happened by its date"
                )));
            }
            Ok(Unavailable {
                since,
                why: non_empty(
                    required(u.why, &format!("{what}: why"))?,
                    &format!("{what}: why"),
                )?,
                sources: sources(u.sources, &what)?,
            })
        })
        .transpose()?;
    Ok(Region {
        code,
        name,
        aliases,
        unavailable,
    })
}

fn known_region(code: &str, codes: &[&str], what: &str) -> Result<()> {
    if codes.contains(&code) {
        return Ok(());
    }
    Err(Invalid {
        message: format!("{what} names region '{code}', which the table does not define"),
        hint: Some(options_hint(code, codes, "regions")),
        path: None,
        echo: false,
    })
}

fn region_list(list: Vec<String>, codes: &[&str], what: &str) -> Result<Vec<String>> {
    if list.is_empty() {
        return Err(invalid(format!(
            "{what} is an empty list: name at least one region, or leave the key out"
        )));
    }
    for code in &list {
        known_region(code, codes, what)?;
    }
    Ok(list)
}

fn sources(raw: Option<Vec<RawSource>>, what: &str) -> Result<Vec<Source>> {
    raw.unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let what = format!("{what} source {}", i + 1);
            Ok(Source {
                title: non_empty(
                    required(s.title, &format!("{what}: title"))?,
                    &format!("{what}: title"),
                )?,
                url: s.url,
                date: s
                    .date
                    .map(|d| date(&d, &format!("{what}: date")))
                    .transpose()?,
                grade: s
                    .grade
                    .map(|g| grade(&g, &format!("{what}: grade")))
                    .transpose()?,
                note: s.note,
                keys: s.keys.unwrap_or_default(),
            })
        })
        .collect()
}

/// A figure's own grade may not claim more than its best graded source: a grade with no
/// graded source behind it is a claim without evidence.
fn check_grade(figure_grade: Option<Grade>, sources: &[Source], what: &str) -> Result<()> {
    let best = sources.iter().filter_map(|s| s.grade).min();
    match (figure_grade, best) {
        (Some(g), Some(best)) if g < best => Err(invalid(format!(
            "{what}: grade {g} is stronger than any of its sources (best: {best}); grade it {best} or weaker, or add the source"
        ))),
        (Some(g), None) => Err(invalid(format!(
            "{what}: grade {g} has no graded source behind it; add sources with a date and grade, or remove the grade"
        ))),
        _ => Ok(()),
    }
}

fn range(low: Option<Decimal>, high: Option<Decimal>, what: &str) -> Result<(Decimal, Decimal)> {
    let low = required(low, &format!("{what}: low"))?;
    let high = required(high, &format!("{what}: high"))?;
    for (name, value) in [("low", low), ("high", high)] {
        if value.is_negative() {
            return Err(invalid(format!(
                "{what}: {name} is {value}: figures must not be negative"
            )));
        }
    }
    if low > high {
        return Err(invalid(format!(
            "{what}: low ({low}) is greater than high ({high}); swap them or correct one"
        )));
    }
    Ok((low, high))
}

fn figure(raw: RawRange, what: &str) -> Result<Figure> {
    let (low, high) = range(raw.low, raw.high, what)?;
    let grade = raw
        .grade
        .map(|g| grade(&g, &format!("{what}: grade")))
        .transpose()?;
    let sources = sources(raw.sources, what)?;
    check_grade(grade, &sources, what)?;
    Ok(Figure {
        low,
        high,
        grade,
        sources,
    })
}

fn rate(raw: RawRate, what: &str) -> Result<(Figure, u64, Option<u64>)> {
    let min_quantity = count(raw.min_quantity, &format!("{what}: min_quantity"))?;
    let per = required(raw.per, &format!("{what}: per"))?;
    let per = u64::try_from(per)
        .ok()
        .filter(|p| *p >= 1)
        .ok_or_else(|| invalid(format!("{what}: per is {per}: it must be 1 or more")))?;
    let figure = figure(
        RawRange {
            low: raw.low,
            high: raw.high,
            grade: raw.grade,
            sources: raw.sources,
        },
        what,
    )?;
    Ok((figure, per, min_quantity))
}

fn basis(text: &str, what: &str) -> Result<Basis> {
    Basis::ALL
        .into_iter()
        .find(|b| b.key() == text)
        .ok_or_else(|| {
            let keys: Vec<&str> = Basis::ALL.iter().map(|b| b.key()).collect();
            Invalid {
                message: format!("{what} '{text}' is not a basis"),
                hint: Some(options_hint(text, &keys, "bases")),
                path: None,
                echo: false,
            }
        })
}

fn eligibility(
    raw: Option<RawEligibility>,
    context: &Context<'_>,
    what: &str,
) -> Result<Eligibility> {
    let Some(raw) = raw else {
        return Ok(Eligibility::default());
    };
    let what = format!("{what}: eligibility");
    let video_over = |text: Option<String>, what: &str| {
        text.map(|text| {
            parse_duration(&text)
                .map(Seconds)
                .map_err(|e| invalid(format!("{what}: video_over: {e}")))
        })
        .transpose()
    };
    let overrides = raw
        .overrides
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, o)| {
            let what = format!("{what}: override {}", i + 1);
            Ok(Override {
                min_followers: followers(
                    o.min_followers,
                    context,
                    &format!("{what}: min_followers"),
                )?,
                video_over: video_over(o.video_over, &what)?,
                min_age: count(o.min_age, &format!("{what}: min_age"))?,
                min_views_30d: count(o.min_views_30d, &format!("{what}: min_views_30d"))?,
                regions: region_list(
                    required(o.regions, &format!("{what}: regions"))?,
                    context.codes,
                    &format!("{what}: regions"),
                )?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Eligibility {
        min_followers: followers(
            raw.min_followers,
            context,
            &format!("{what}: min_followers"),
        )?,
        video_over: video_over(raw.video_over, &what)?,
        min_age: count(raw.min_age, &format!("{what}: min_age"))?,
        min_views_30d: count(raw.min_views_30d, &format!("{what}: min_views_30d"))?,
        overrides,
        sources: sources(raw.sources, &what)?,
    })
}

fn availability(
    raw: Option<RawAvailability>,
    context: &Context<'_>,
    what: &str,
) -> Result<Availability> {
    let codes = context.codes;
    let Some(raw) = raw else {
        return Ok(Availability::default());
    };
    let what = format!("{what}: availability");
    let regions = raw
        .regions
        .map(|list| region_list(list, codes, &format!("{what}: regions")))
        .transpose()?;
    let closed = raw
        .closed
        .map(super::raw::RawClosures::into_list)
        .unwrap_or_default()
        .into_iter()
        .map(|c| {
            let field = format!("{what}: closed.on");
            let on = date(&required(c.on, &field)?, &field)?;
            if !not_after(&on, context.as_of) {
                return Err(Invalid {
                    message: format!(
                        "{field} is {on}, after the table's as_of ({}): a table states what has happened by its date",
                        context.as_of
                    ),
                    hint: Some(
                        "drop the closure until it happens, or move as_of to its date or later"
                            .to_string(),
                    ),
 path: None,
 echo: false,
});
            }
            let closed_regions = c
                .regions
                .map(|list| region_list(list, codes, &format!("{what}: closed.regions")))
                .transpose()?;
            if let (Some(offered), Some(closed)) = (&regions, &closed_regions) {
                if let Some(stray) = closed.iter().find(|r| !offered.contains(r)) {
                    return Err(invalid(format!(
                        "{what}: closed in '{stray}', which is not among the regions it is offered in; add it to regions or drop it from closed.regions"
                    )));
                }
            }
            Ok(Closure {
                on,
                regions: closed_regions,
                new_creators_only: c.new_creators_only.unwrap_or(false),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Availability {
        regions,
        closed,
        sources: sources(raw.sources, &what)?,
    })
}

/// One channel, with every problem it has.
fn channel(raw: RawChannel, context: &Context<'_>, p: &mut Problems) -> Option<Channel> {
    let id =
        p.keep(required(raw.id, "a channel's id").and_then(|id| identifier(id, "channel id")))?;
    if id == RESERVED_ID {
        p.0.push(invalid(format!(
            "channel id '{RESERVED_ID}' is reserved for the total row of the output; choose another id"
        )));
        return None;
    }
    let what = format!("channel '{id}'");
    let name = p.keep(
        required(raw.name, &format!("{what}: name"))
            .and_then(|n| non_empty(n, &format!("{what}: name"))),
    );
    let basis = p.keep(
        required(raw.basis, &format!("{what}: basis"))
            .and_then(|b| basis(&b, &format!("{what}: basis"))),
    );
    if let Some(group) = &raw.group {
        p.check(group_defined(group, context.groups, &what));
    }
    let factor_ids = p.keep(channel_factors(
        raw.factors.unwrap_or_default(),
        context,
        &what,
    ));
    let raw_rate = p.keep(required(raw.rate, &format!("{what}: rate")));
    let rate = match (basis, raw_rate) {
        (Some(basis), Some(raw_rate)) => p.keep(channel_rate(
            basis,
            raw_rate,
            context,
            &format!("{what}: rate"),
        )),
        _ => None,
    };
    let qualified_share =
        basis.and_then(|b| p.keep(qualified_share(b, raw.qualified_share, &what)));
    let eligibility = p.keep(eligibility(raw.eligibility, context, &what));
    if let (Some(rate), Some(eligibility)) = (&rate, &eligibility) {
        p.check(every_account_has_a_tier(&rate.tiers, eligibility, &what));
    }
    let chosen = p.keep(opt_in(raw.opt_in, raw.excludes, &what));
    let cross_check = p.keep(
        raw.cross_check
            .map(|c| {
                let inherited = factor_ids.clone().unwrap_or_default();
                cross_check(c, inherited, context, &format!("{what}: cross_check"))
            })
            .transpose(),
    );
    let availability = p.keep(availability(raw.availability, context, &what));
    if let (Some(basis), Some((opt_in, excludes))) = (basis, &chosen) {
        p.check(monthly_rules(
            basis,
            raw.group.as_ref(),
            opt_in.as_ref(),
            excludes,
            &what,
        ));
    }
    if let (Some(ids), Some(availability)) = (&factor_ids, &availability) {
        p.check(country_entries(ids, availability, context, &what));
    }

    let (opt_in, excludes) = chosen?;
    Some(Channel {
        enabled: raw.enabled.unwrap_or(true),
        basis: basis?,
        group: raw.group,
        factors: factor_ids?,
        notes: raw.notes,
        rate: rate?,
        qualified_share: qualified_share?,
        eligibility: eligibility?,
        availability: availability?,
        opt_in,
        excludes,
        cross_check: cross_check?,
        name: name?,
        id,
    })
}

/// A channel's group is one of the table's.
fn group_defined(group: &str, groups: &[Group], what: &str) -> Result<()> {
    if groups.iter().any(|g| g.id == group) {
        return Ok(());
    }
    let ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
    Err(Invalid::hint(
        format!("{what}: group '{group}' is not defined"),
        match did_you_mean(group, names(ids.iter().copied())) {
            Some(s) => format!("did you mean '{s}'? or add a [[group]] with id = \"{group}\""),
            None => format!("add a [[group]] with id = \"{group}\""),
        },
    ))
}

/// The share of views that qualify: required for, and only for, basis `qualified_views`.
fn qualified_share(basis: Basis, raw: Option<RawRange>, what: &str) -> Result<Option<Figure>> {
    match (basis, raw) {
        (Basis::QualifiedViews, Some(share)) => {
            let share = figure(share, &format!("{what}: qualified_share"))?;
            if share.high > Decimal::ONE {
                return Err(invalid(format!(
                    "{what}: qualified_share high is {}: a share cannot exceed 1",
                    share.high
                )));
            }
            Ok(Some(share))
        }
        (Basis::QualifiedViews, None) => Err(invalid(format!(
            "{what}: basis is qualified_views but qualified_share is missing; add [channel.qualified_share] with low and high"
        ))),
        (_, Some(_)) => Err(invalid(format!(
            "{what}: qualified_share is set but the basis is {}; remove it or set basis = \"qualified_views\"",
            basis.key()
        ))),
        (_, None) => Ok(None),
    }
}

/// A channel paid by the month is not part of any one video, so nothing that decides between
/// the channels of a video (a group, opt-in, exclusions) can apply to it.
fn monthly_rules(
    basis: Basis,
    group: Option<&String>,
    opt_in: Option<&String>,
    excludes: &[Exclusion],
    what: &str,
) -> Result<()> {
    if !basis.monthly() {
        return Ok(());
    }
    let rule = if group.is_some() {
        "group"
    } else if opt_in.is_some() {
        "opt_in"
    } else if !excludes.is_empty() {
        "excludes"
    } else {
        return Ok(());
    };
    Err(invalid(format!(
        "{what}: basis {} is paid by the month, not by a video, so `{rule}` cannot apply to it; remove it",
        basis.key()
    )))
}

/// A factor keyed by the creator's country has an entry for every country the channel is
/// offered in, so that no creator there is left without an amount.
fn country_entries(
    ids: &[String],
    availability: &Availability,
    context: &Context<'_>,
    what: &str,
) -> Result<()> {
    let country_factors = ids
        .iter()
        .filter_map(|id| context.factors.iter().find(|f| &f.id == id))
        .filter(|f| f.keyed_by == FactorInput::Country);
    for factor in country_factors {
        let missing = context.open_codes.iter().find(|code| {
            availability.offered_in(code) && !factor.entries.iter().any(|e| e.key == **code)
        });
        if let Some(code) = missing {
            return Err(invalid(format!(
                "{what}: factor '{}' has no entry for '{code}', where the channel is offered; add one, or leave '{code}' out of the channel's regions",
                factor.id
            )));
        }
    }
    Ok(())
}

/// The factors a channel lists: each defined, none twice.
fn channel_factors(ids: Vec<String>, context: &Context<'_>, what: &str) -> Result<Vec<String>> {
    let mut seen = HashSet::new();
    for factor in &ids {
        if !seen.insert(factor) {
            return Err(invalid(format!(
                "{what}: factor '{factor}' is listed twice"
            )));
        }
        if !context.factor_ids.contains(factor) {
            let known: Vec<&str> = context.factor_ids.iter().map(String::as_str).collect();
            return Err(Invalid::hint(
                format!("{what}: factor '{factor}' is not defined"),
                options_hint(factor, &known, "factors"),
            ));
        }
    }
    Ok(ids)
}

/// A channel's rate: its figure, `per`, per-video minimum and, for a fee per post, its tiers.
fn channel_rate(basis: Basis, mut raw: RawRate, context: &Context<'_>, what: &str) -> Result<Rate> {
    let raw_tiers = raw.tier.take();
    if basis == Basis::Posts {
        return tiered_rate(raw, raw_tiers, context, what);
    }
    if raw_tiers.is_some() {
        return Err(invalid(format!(
            "{what}: tiers are for a fee per post, but the basis is {}; remove them or set basis = \"posts\"",
            basis.key()
        )));
    }
    let (figure, per, min_quantity) = rate(raw, what)?;
    Ok(Rate {
        per,
        min_quantity,
        low: figure.low,
        high: figure.high,
        grade: figure.grade,
        tiers: Vec::new(),
        sources: figure.sources,
    })
}

/// A fee per post is priced for every account its eligibility lets through.
fn every_account_has_a_tier(tiers: &[Tier], eligibility: &Eligibility, what: &str) -> Result<()> {
    let Some(first) = tiers.first() else {
        return Ok(());
    };
    let mut applying =
        std::iter::once(eligibility.thresholds()).chain(eligibility.override_thresholds());
    if applying.any(|t| t.min_followers.is_none_or(|min| min < first.start())) {
        return Err(invalid(format!(
            "{what}: eligibility: min_followers must be set to at least the first tier's start ({}), so that every eligible account has a tier",
            first.start()
        )));
    }
    Ok(())
}

/// What an opt-in channel needs, and the channels it leaves out when it counts.
fn opt_in(
    opt_in: Option<String>,
    excludes: Option<Vec<RawExclusion>>,
    what: &str,
) -> Result<(Option<String>, Vec<Exclusion>)> {
    let opt_in = opt_in
        .map(|text| non_empty(text, &format!("{what}: opt_in")))
        .transpose()?;
    let excludes = excludes
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, e)| exclusion(e, &format!("{what}: excludes {}", i + 1)))
        .collect::<Result<Vec<_>>>()?;
    if !excludes.is_empty() && opt_in.is_none() {
        return Err(invalid(format!(
            "{what}: excludes is set, but the channel is not opt_in: a channel that always counts would leave out the ones it excludes on every video; set opt_in or remove excludes"
        )));
    }
    Ok((opt_in, excludes))
}

/// A fee per post: the rate table gives only the grade and sources, the tiers the fees.
fn tiered_rate(
    raw: RawRate,
    tiers: Option<Vec<RawTier>>,
    context: &Context<'_>,
    what: &str,
) -> Result<Rate> {
    for (key, given) in [
        ("per", raw.per.is_some()),
        ("min_quantity", raw.min_quantity.is_some()),
        ("low", raw.low.is_some()),
        ("high", raw.high.is_some()),
    ] {
        if given {
            return Err(invalid(format!(
                "{what}: {key} does not apply to a fee per post: give the fees in [[{}.tier]] instead",
                "channel.rate"
            )));
        }
    }
    let raw_tiers = tiers.unwrap_or_default();
    if raw_tiers.is_empty() {
        return Err(invalid(format!(
            "{what}: a fee per post needs at least one [[channel.rate.tier]] with id, from, low and high"
        )));
    }
    let mut tiers: Vec<Tier> = Vec::new();
    for (i, raw_tier) in raw_tiers.into_iter().enumerate() {
        let tier = tier(raw_tier, i, context, what)?;
        if let Some(before) = tiers.last() {
            if tier.start() <= before.start() {
                return Err(invalid(format!(
                    "{what}: tier '{}': from ({}) must be above the tier before it ('{}', from {}): list tiers from the fewest followers up",
                    tier.id,
                    tier.start(),
                    before.id,
                    before.start()
                )));
            }
        }
        if tiers.iter().any(|t| t.id == tier.id) {
            return Err(invalid(format!(
                "{what}: tier '{}': the id is used twice",
                tier.id
            )));
        }
        tiers.push(tier);
    }
    let grade = raw
        .grade
        .map(|g| grade(&g, &format!("{what}: grade")))
        .transpose()?;
    let sources = sources(raw.sources, what)?;
    check_grade(grade, &sources, what)?;
    Ok(Rate {
        per: 1,
        min_quantity: None,
        low: tiers.first().map_or(Decimal::ZERO, |t| t.low),
        high: tiers.last().map_or(Decimal::ZERO, |t| match t.ceiling() {
            Ceiling::Fixed(high) | Ceiling::PerFollower(high) => high,
        }),
        grade,
        tiers,
        sources,
    })
}

/// One tier of a fee per post.
fn tier(raw: RawTier, index: usize, context: &Context<'_>, what: &str) -> Result<Tier> {
    let id = identifier(
        required(raw.id, &format!("{what}: tier {}: id", index + 1))?,
        &format!("{what}: tier id"),
    )?;
    let what = format!("{what}: tier '{id}'");
    let from = required(
        followers(raw.from, context, &format!("{what}: from"))?,
        &format!("{what}: from"),
    )?;
    let low = required(raw.low, &format!("{what}: low"))?;
    let high = match (raw.high, raw.high_per_follower) {
        (Some(_), Some(_)) => {
            return Err(invalid(format!(
                "{what}: give high or high_per_follower, not both"
            )));
        }
        (None, None) => return Err(invalid(format!("{what}: high is missing"))),
        (Some(high), None) => {
            range(Some(low), Some(high), &what)?;
            (Some(high), None)
        }
        (None, Some(rate)) => {
            range(Some(low), Some(low), &what)?;
            range(
                Some(rate),
                Some(rate),
                &format!("{what}: high_per_follower"),
            )?;
            // The ceiling must not fall below the floor within the tier.
            if rate
                .checked_mul(Decimal::from_int(from.count))
                .is_none_or(|high| high < low)
            {
                return Err(invalid(format!(
                    "{what}: high_per_follower × from ({rate} × {}) is below low ({low}); raise it or lower low",
                    from.count
                )));
            }
            (None, Some(rate))
        }
    };
    Ok(Tier {
        id,
        from,
        low,
        high: high.0,
        high_per_follower: high.1,
    })
}

fn exclusion(raw: RawExclusion, what: &str) -> Result<Exclusion> {
    Ok(Exclusion {
        channel: identifier(
            required(raw.channel, &format!("{what}: channel"))?,
            &format!("{what}: channel"),
        )?,
        why: non_empty(
            required(raw.why, &format!("{what}: why"))?,
            &format!("{what}: why"),
        )?,
        sources: sources(raw.sources, what)?,
    })
}

/// A channel's cross-check, with the channel's factors unless it names its own.
fn cross_check(
    raw: RawCrossCheck,
    inherited: Vec<String>,
    context: &Context<'_>,
    what: &str,
) -> Result<CrossCheck> {
    let basis = basis(
        &required(raw.basis, &format!("{what}: basis"))?,
        &format!("{what}: basis"),
    )?;
    if !basis.per_view() {
        return Err(invalid(format!(
            "{what}: basis is {}: a cross-check prices the video's views, so its basis is views",
            basis.key()
        )));
    }
    let (figure, per, _) = rate(
        RawRate {
            per: raw.per,
            min_quantity: None,
            low: raw.low,
            high: raw.high,
            grade: raw.grade,
            tier: None,
            sources: raw.sources,
        },
        what,
    )?;
    let factors = match raw.factors {
        Some(ids) => channel_factors(ids, context, what)?,
        None => inherited,
    };
    Ok(CrossCheck {
        basis: Basis::Views,
        factors,
        per,
        low: figure.low,
        high: figure.high,
        grade: figure.grade,
        notes: raw.notes,
        sources: figure.sources,
    })
}

fn factor_input(text: &str, what: &str) -> Result<FactorInput> {
    FactorInput::ALL
        .into_iter()
        .find(|i| i.key() == text)
        .ok_or_else(|| {
            let keys: Vec<&str> = FactorInput::ALL.iter().map(|i| i.key()).collect();
            Invalid {
                message: format!("{what} '{text}' is not an input a factor can be keyed by"),
                hint: Some(options_hint(text, &keys, "inputs")),
                path: None,
                echo: false,
            }
        })
}

/// One factor, with every problem its entries have.
fn factor(
    raw: RawFactor,
    codes: &[&str],
    open_codes: &[&str],
    default_region: &str,
    p: &mut Problems,
) -> Option<Factor> {
    let id =
        p.keep(required(raw.id, "a factor's id").and_then(|id| identifier(id, "factor id")))?;
    let what = format!("factor '{id}'");
    let name = p.keep(
        required(raw.name, &format!("{what}: name"))
            .and_then(|n| non_empty(n, &format!("{what}: name"))),
    );
    let keyed_by = p.keep(
        required(raw.keyed_by, &format!("{what}: keyed_by"))
            .and_then(|k| factor_input(&k, &format!("{what}: keyed_by"))),
    );
    let grade = p.keep(
        raw.grade
            .map(|g| grade(&g, &format!("{what}: grade")))
            .transpose(),
    );
    let sources = p.keep(sources(raw.sources, &what));
    let raw_entries: BTreeMap<String, RawEntry> = raw.entries.unwrap_or_default();
    if raw_entries.is_empty() {
        p.0.push(invalid(format!("{what}: entries is missing or empty")));
        return None;
    }
    let keyed_by = keyed_by?;
    let mut entries = factor_entries(raw_entries, keyed_by, grade.flatten(), &what, p)?;
    let neutral = p.keep(factor_neutral(
        keyed_by,
        raw.neutral,
        &mut entries,
        codes,
        open_codes,
        &what,
    ))?;
    let (grade, sources) = (grade?, sources?);
    // A country factor has no neutral entry: each is the figure for that country.
    let neutral_key = match keyed_by {
        FactorInput::Country => "",
        _ => neutral.as_deref().unwrap_or(default_region),
    };
    let rules = factor_rules(
        keyed_by,
        neutral.as_deref(),
        default_region,
        &mut entries,
        &what,
    )
    .and_then(|()| factor_sources(grade, &sources, &entries, neutral_key, &what));
    p.keep(rules)?;
    Some(Factor {
        id,
        name: name?,
        keyed_by,
        neutral,
        grade,
        notes: raw.notes,
        entries,
        sources,
    })
}

/// The neutral entry is exactly 1, and engagement bands start at 0, once each.
fn factor_rules(
    keyed_by: FactorInput,
    neutral: Option<&str>,
    default_region: &str,
    entries: &mut [FactorEntry],
    what: &str,
) -> Result<()> {
    // The neutral entry stands for "no adjustment": the rates are quoted for it. A country
    // factor has none.
    let neutral_key = neutral.unwrap_or(default_region);
    let neutral_entry = entries.iter().find(|e| e.key == neutral_key);
    if let Some(entry) = neutral_entry.filter(|_| keyed_by != FactorInput::Country) {
        if entry.low != Decimal::ONE || entry.high != Decimal::ONE {
            return Err(invalid(format!(
                "{what}: entry '{neutral_key}' is used when no {} is given, so it must be exactly 1 (the rates are quoted for it)",
                keyed_by.key()
            )));
        }
    }
    if keyed_by == FactorInput::Engagement {
        entries.sort_by_key(|e| e.from);
        if entries.first().and_then(|e| e.from) != Some(Decimal::ZERO) {
            return Err(invalid(format!(
                "{what}: no band starts at 0: add one with from = 0 so every percentage has a band"
            )));
        }
        if let Some(pair) = entries.windows(2).find(|w| w[0].from == w[1].from) {
            return Err(invalid(format!(
                "{what}: bands '{}' and '{}' both start at {}",
                pair[0].key,
                pair[1].key,
                pair[0].from.unwrap_or(Decimal::ZERO)
            )));
        }
    }
    Ok(())
}

/// Sources name only the factor's entries, and no grade claims more than its sources: the
/// factor's against all of them, an entry's own against those that support it (the neutral
/// entry, which changes nothing, needs none).
fn factor_sources(
    grade: Option<Grade>,
    sources: &[Source],
    entries: &[FactorEntry],
    neutral: &str,
    what: &str,
) -> Result<()> {
    for source in sources {
        if let Some(key) = source
            .keys
            .iter()
            .find(|k| !entries.iter().any(|e| &e.key == *k))
        {
            return Err(invalid(format!(
                "{what}: a source lists key '{key}', which is not one of its entries"
            )));
        }
    }
    check_grade(grade, sources, what)?;
    for entry in entries
        .iter()
        .filter(|e| e.grade != grade && e.key != neutral)
    {
        let supporting: Vec<Source> = sources
            .iter()
            .filter(|s| s.keys.is_empty() || s.keys.contains(&entry.key))
            .cloned()
            .collect();
        check_grade(
            entry.grade,
            &supporting,
            &format!("{what}: entry '{}'", entry.key),
        )?;
    }
    Ok(())
}

/// A factor's neutral entry, the one used when its input is not given, and its entries in the
/// order they are shown. A region factor's neutral entry is the table's default region, and
/// it has an entry for every region where TikTok is available; a country factor has none.
fn factor_neutral(
    keyed_by: FactorInput,
    neutral: Option<String>,
    entries: &mut [FactorEntry],
    codes: &[&str],
    open_codes: &[&str],
    what: &str,
) -> Result<Option<String>> {
    Ok(match keyed_by {
        FactorInput::Region | FactorInput::Country => {
            if neutral.is_some() {
                let why = if keyed_by == FactorInput::Region {
                    "the table's default_region is used when no region is given"
                } else {
                    "each entry is the figure for creators in that country"
                };
                return Err(invalid(format!(
                    "{what}: a {} factor has no `neutral`: {why}; remove it",
                    keyed_by.key()
                )));
            }
            for entry in entries.iter() {
                known_region(&entry.key, codes, &format!("{what}: entry"))?;
            }
            // Shown in the table's region order, not alphabetically.
            entries.sort_by_key(|e| codes.iter().position(|c| *c == e.key));
            let missing = open_codes
                .iter()
                .find(|c| !entries.iter().any(|e| e.key == **c));
            if let (FactorInput::Region, Some(missing)) = (keyed_by, missing) {
                return Err(invalid(format!(
                    "{what}: no entry for region '{missing}': every region where TikTok is available needs one (use 1 for no adjustment)"
                )));
            }
            None
        }
        FactorInput::Niche | FactorInput::Engagement => {
            let neutral = required(neutral, &format!("{what}: neutral"))?;
            if !entries.iter().any(|e| e.key == neutral) {
                return Err(invalid(format!(
                    "{what}: neutral names '{neutral}', which is not one of its entries"
                )));
            }
            Some(neutral)
        }
    })
}

/// Every entry, each with its own problem; an entry's grade is its own or the factor's.
fn factor_entries(
    raw: BTreeMap<String, RawEntry>,
    keyed_by: FactorInput,
    factor_grade: Option<Grade>,
    what: &str,
    p: &mut Problems,
) -> Option<Vec<FactorEntry>> {
    let mut entries = Vec::new();
    let mut complete = true;
    for (key, entry) in raw {
        match factor_entry(key, entry, keyed_by, factor_grade, what) {
            Ok(entry) => entries.push(entry),
            Err(e) => {
                p.0.push(e);
                complete = false;
            }
        }
    }
    complete.then_some(entries)
}

fn factor_entry(
    key: String,
    entry: RawEntry,
    keyed_by: FactorInput,
    factor_grade: Option<Grade>,
    what: &str,
) -> Result<FactorEntry> {
    let entry_what = format!("{what}: entry '{key}'");
    let (low, high) = range(entry.low, entry.high, &entry_what)?;
    let from = match (keyed_by, entry.from) {
        (FactorInput::Engagement, Some(from)) => {
            if from.is_negative() || from > Decimal::from_int(100) {
                return Err(invalid(format!(
                    "{entry_what}: from is {from}: a percentage between 0 and 100"
                )));
            }
            Some(from)
        }
        (FactorInput::Engagement, None) => {
            return Err(invalid(format!(
                "{entry_what}: an engagement band needs `from`, the lowest percentage in the band"
            )));
        }
        (_, Some(_)) => {
            return Err(invalid(format!(
                "{entry_what}: `from` applies only to engagement bands; remove it"
            )));
        }
        (_, None) => None,
    };
    let grade = match entry.grade {
        Some(text) => Some(grade(&text, &format!("{entry_what}: grade"))?),
        None => factor_grade,
    };
    let key = identifier(key, &format!("{what}: entry key"))?;
    Ok(FactorEntry {
        key,
        low,
        high,
        from,
        grade,
    })
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
