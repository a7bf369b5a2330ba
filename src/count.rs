//! Parsing the numbers people type: `1000000`, `1,000,000`, `1_000_000`, `1.5m`, `250K`, `6%`.
//!
//! These are pure functions from text to a value or a message; the command line uses them as
//! argument parsers, and the same rules apply wherever a count is read.

use crate::decimal::{Decimal, DecimalError};
use crate::money::{Money, Unit, group_digits, group_thousands};

const EXAMPLES: &str = "write a whole number like 1000, 1,000, 1_000, 1.5k or 2m";

/// A number as typed, exactly: `numerator / 10^places`, with any suffix applied and `places` as
/// few as the digits allow.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Typed {
    numerator: u128,
    places: u32,
    /// For one to three digits, a dot and three more, `80.000` or `1.200k`, the value were the
    /// dot between thousands, as it is in Germany, Brazil or Indonesia: 80,000, or 1,200,000.
    /// Read either way, such a figure would be wrong a thousand times over for somebody.
    thousands: Option<u128>,
}

impl Typed {
    fn scale(&self) -> u128 {
        // `read` keeps the places to what a u128 scale holds.
        10_u128.pow(self.places)
    }

    /// The value in units of `10^-places`, if it is a whole number of them.
    fn in_units_of(&self, places: u32) -> Option<u128> {
        let scaled = self.numerator.checked_mul(10_u128.checked_pow(places)?)?;
        (scaled % self.scale() == 0).then(|| scaled / self.scale())
    }

    /// `1,234.5`: the exact value with its integer part grouped.
    fn exact_text(&self) -> String {
        let whole = group_digits(&(self.numerator / self.scale()).to_string());
        if self.places == 0 {
            return whole;
        }
        let fraction = format!(
            "{:0>width$}",
            self.numerator % self.scale(),
            width = self.places as usize
        );
        format!("{whole}.{}", fraction.trim_end_matches('0'))
    }
}

/// Why text is not a number.
enum Unreadable {
    Empty,
    Negative,
    Syntax,
    TooLarge,
}

/// Reads a non-negative number with optional separators, decimals and a `k`/`m`/`b` suffix.
fn read(trimmed: &str) -> Result<Typed, Unreadable> {
    if trimmed.is_empty() {
        return Err(Unreadable::Empty);
    }
    // A minus before something; dashes alone (`-`, a placeholder for "none") are no number.
    let negative = trimmed
        .strip_prefix('-')
        .is_some_and(|rest| !rest.trim_start_matches('-').trim().is_empty());
    if negative {
        return Err(Unreadable::Negative);
    }
    let (body, multiplier) = split_suffix(trimmed);
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    let whole_digits = strip_separators(whole).ok_or(Unreadable::Syntax)?;
    if whole_digits.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Unreadable::Syntax);
    }
    if body.contains('.') && fraction.is_empty() {
        return Err(Unreadable::Syntax);
    }
    // Only a first group of thousands can stand before the dot: one to three digits, not
    // starting with 0 (a comma or `_` between thousands says the dot is a decimal point).
    let first_group = (1..=3).contains(&whole.len())
        && whole.bytes().all(|b| b.is_ascii_digit())
        && !whole.starts_with('0');
    // With a suffix too: `1.200k` is 1,200 or 1,200 thousand.
    let thousands = (fraction.len() == 3 && first_group)
        .then(|| format!("{whole_digits}{fraction}").parse::<u128>().ok())
        .flatten()
        .and_then(|digits| digits.checked_mul(multiplier));
    // value = (whole · 10^f + fraction) · multiplier / 10^f
    let fraction = fraction.trim_end_matches('0');
    let places = u32::try_from(fraction.len()).map_err(|_| Unreadable::TooLarge)?;
    let scale = 10_u128.checked_pow(places).ok_or(Unreadable::TooLarge)?;
    let whole: u128 = whole_digits.parse().map_err(|_| Unreadable::TooLarge)?;
    let fraction: u128 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().map_err(|_| Unreadable::TooLarge)?
    };
    let mut typed = Typed {
        numerator: whole
            .checked_mul(scale)
            .and_then(|w| w.checked_add(fraction))
            .and_then(|v| v.checked_mul(multiplier))
            .ok_or(Unreadable::TooLarge)?,
        places,
        thousands,
    };
    // The suffix can make decimals whole: 1.5k is 1500, not 15000 tenths.
    while typed.places > 0 && typed.numerator % 10 == 0 {
        typed.numerator /= 10;
        typed.places -= 1;
    }
    Ok(typed)
}

/// `text` without leading and trailing whitespace, as `str::trim` takes it off; a text that
/// starts and ends with a visible ASCII character, as batch fields mostly do, is returned
/// without the Unicode-aware scan.
pub(crate) fn trim(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    let bytes = text.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        text
    } else {
        text.trim()
    }
}

/// The value of a text of 1 to 19 ASCII digits (every such number fits in `u64`); `None` for
/// anything else.
pub(crate) fn plain_digits(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    if !(1..=19).contains(&bytes.len()) {
        return None;
    }
    bytes.iter().try_fold(0_u64, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0'))
    })
}

/// Reads a whole, non-negative count with optional separators and a `k`/`m`/`b` suffix.
#[inline]
pub fn parse_count(text: &str) -> Result<u64, String> {
    let trimmed = trim(text);
    // Plain digits, nearly every count in a batch, need none of the rules of `read_count`;
    // reading them here lets the call be inlined where a count is asked for.
    match plain_digits(trimmed) {
        Some(count) => Ok(count),
        None => read_count(trimmed),
    }
}

/// Reads an age in whole years: `22`, or `22.0` as a writer of floats gives it (a count is read
/// so too).
pub fn parse_age(text: &str) -> Result<u64, String> {
    let trimmed = trim(text);
    let whole = match trimmed.split_once('.') {
        Some((years, zeros)) if !zeros.is_empty() && zeros.bytes().all(|b| b == b'0') => years,
        _ => trimmed,
    };
    plain_digits(whole).ok_or_else(|| match read(trimmed) {
        Err(Unreadable::Negative) => {
            format!("'{trimmed}' is negative: an age is whole years, like 22")
        }
        _ if !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit()) => {
            format!("'{trimmed}' is too large to be an age: write whole years, like 22")
        }
        _ => format!("'{trimmed}' is not an age: write whole years, like 22"),
    })
}

/// Reads a table's width: whole columns, at least 1.
pub fn parse_width(text: &str) -> Result<u16, String> {
    let trimmed = trim(text);
    match plain_digits(trimmed).map(u16::try_from) {
        Some(Ok(0)) => Err("0 columns is no width: a table needs at least 1".to_string()),
        Some(Ok(width)) => Ok(width),
        Some(Err(_)) => Err(format!(
            "'{trimmed}' is too wide: the widest is {} columns",
            group_thousands(u64::from(u16::MAX))
        )),
        None => match read(trimmed) {
            Err(Unreadable::Negative) => Err(format!(
                "'{trimmed}' is negative: a width is whole columns, like 80"
            )),
            _ => Err(format!(
                "'{trimmed}' is not a width: write whole columns, like 80"
            )),
        },
    }
}

/// [`parse_count`] of a trimmed text that is not plain digits.
#[cold]
fn read_count(trimmed: &str) -> Result<u64, String> {
    let too_large = || {
        format!(
            "'{trimmed}' is too large: the largest count is {}",
            group_thousands(u64::MAX)
        )
    };
    let typed = read(trimmed).map_err(|e| match e {
        Unreadable::Empty => format!("empty value: {EXAMPLES}"),
        Unreadable::Negative => format!("'{trimmed}' is negative: counts start at 0"),
        Unreadable::Syntax => match dotted_thousands(trimmed) {
            Some(digits) => format!(
                "'{trimmed}' has dots between thousands: write {digits} or {}",
                group_digits(&digits)
            ),
            // With a decimal point, it may still be no count: say so at once.
            None => match decimal_comma(trimmed) {
                Some(point) => match read_count(&point) {
                    Err(_) => format!(
                        "'{trimmed}' has a decimal comma, and {point} is not a whole number: \
                         {EXAMPLES}"
                    ),
                    // `1,0000`: more likely a slip in grouping than a count written with a
                    // decimal point and zeros after it.
                    Ok(whole) => match trimmed.replace(',', "").parse::<u64>() {
                        Ok(joined)
                            if joined != whole
                                && trimmed.bytes().all(|b| b.is_ascii_digit() || b == b',') =>
                        {
                            format!(
                                "'{trimmed}' has a comma that is not between thousands: write \
                                 {}, or {whole} if the comma is a decimal point",
                                group_thousands(joined)
                            )
                        }
                        _ => decimal_comma_message(trimmed),
                    },
                },
                None if with_exponent(trimmed) => format!(
                    "'{trimmed}' is written with an exponent: write the count in full or with a \
             suffix, like 1.5m (a spreadsheet that wrote it so may have dropped digits)"
                ),
                None => not_a_count(trimmed),
            },
        },
        Unreadable::TooLarge => too_large(),
    })?;
    if let Some(thousands) = typed.thousands {
        let readings = format!(
            "'{trimmed}' could be {} with a dot between thousands, or {} with a decimal point",
            group_digits(&thousands.to_string()),
            typed.exact_text()
        );
        return Err(match typed.in_units_of(0) {
            Some(count) => format!("{readings}: write {thousands} or {count}, as meant"),
            None => format!("{readings}: write {thousands} if that is meant"),
        });
    }
    let Some(count) = typed.in_units_of(0) else {
        if split_suffix(trimmed).1 == 1 {
            return Err(format!("'{trimmed}' is not a whole number: {EXAMPLES}"));
        }
        return Err(format!(
            "'{trimmed}' is {}, not a whole number: {EXAMPLES}",
            typed.exact_text()
        ));
    };
    u64::try_from(count).map_err(|_| too_large())
}

const AMOUNT_EXAMPLES: &str = "write an amount like 1000, 1,000, 1000.50, $1,000 or 1.5k";

/// An amount of money as typed, before its currency is known: read exactly, not negative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    typed: Typed,
    /// The text as given, trimmed, for messages.
    text: String,
    /// The currency sign it was written with, such as `$` or `£`.
    sign: Option<String>,
}

/// Reads an amount of money: `1000`, `1,000`, `1000.50`, `$1,000`, `£500`, `1.5k`. A sign
/// before the number is kept as written: whether it is the currency's, above zero and fits its
/// minor unit is decided by `Amount::in_unit`, once the currency is known.
pub fn parse_amount(text: &str) -> Result<Amount, String> {
    amount_of(text, "give an amount above 0")
}

/// [`parse_amount`] for what was sold, which may be nothing.
pub fn parse_sales(text: &str) -> Result<Amount, String> {
    amount_of(text, "give what was sold, 0 or more")
}

/// [`parse_amount`], with what to do about a negative amount.
fn amount_of(text: &str, not_negative: &str) -> Result<Amount, String> {
    let trimmed = text.trim();
    // Plain digits, as a batch's sales mostly are, need none of the rules below.
    if let Some(whole) = plain_digits(trimmed) {
        return Ok(Amount {
            typed: Typed {
                numerator: u128::from(whole),
                places: 0,
                thousands: None,
            },
            text: trimmed.to_string(),
            sign: None,
        });
    }
    // Below zero as a spreadsheet or a word processor writes it: negative, unless it is 0.
    if let Some(magnitude) = written_negative(trimmed) {
        match unsigned_amount(&magnitude, not_negative) {
            Ok(amount) if amount.typed.numerator == 0 => {
                return Ok(Amount {
                    text: trimmed.to_string(),
                    ..amount
                });
            }
            Ok(_) => return Err(format!("'{trimmed}' is negative: {not_negative}")),
            // Not an amount within: said of the whole below.
            Err(_) => {}
        }
    }
    unsigned_amount(trimmed, not_negative)
}

/// [`amount_of`] of a trimmed text that is not plain digits, read as it is.
fn unsigned_amount(trimmed: &str, not_negative: &str) -> Result<Amount, String> {
    // A sign is what comes before the first digit (or the `-` of a negative number).
    let number_at = trimmed
        .find(|c: char| c.is_ascii_digit() || c == '-' || c == '.')
        .unwrap_or(trimmed.len());
    let (before, after) = trimmed.split_at(number_at);
    let before = before.trim_end();
    // Whose sign it is, if anyone's, is for `in_unit` to say; words are not signs. Where no
    // sign comes first, one may follow the number, as many countries write it: `100 €`.
    let (sign, number) = match before {
        "" => match trailing_sign(trimmed) {
            Some((number, sign)) => (Some(sign.to_string()), number),
            None => (None, trimmed),
        },
        _ if before.contains(char::is_whitespace)
            || before.contains(char::is_alphabetic) && after.is_empty() =>
        {
            return Err(format!("'{trimmed}' is not an amount: {AMOUNT_EXAMPLES}"));
        }
        _ => (Some(before.to_string()), after),
    };
    let typed = read(number).map_err(|e| match e {
        Unreadable::Empty => format!("empty amount: {AMOUNT_EXAMPLES}"),
        Unreadable::Negative => format!("'{trimmed}' is negative: {not_negative}"),
        Unreadable::Syntax => match dotted_thousands(number) {
            Some(digits) => format!(
                "'{trimmed}' has dots between thousands: write {digits} or {}",
                group_digits(&digits)
            ),
            None if decimal_comma(number).is_some() => decimal_comma_message(number),
            None => match spaced_thousands(number) {
                Some(joined) => match decimal_comma(&joined) {
                    Some(written) => format!(
                        "'{trimmed}' has spaces between thousands and a decimal comma: write \
                         {written}"
                    ),
                    None => format!(
                        "'{trimmed}' has spaces between thousands: write {joined} or {}",
                        group_digits(&joined)
                    ),
                },
                None if with_exponent(number) => format!(
                    "'{trimmed}' is written with an exponent: write the amount in full or with a \
                     suffix, like 1500 or 1.5k (a spreadsheet that wrote it so may have dropped \
                     digits)"
                ),
                None => format!("'{trimmed}' is not an amount: {AMOUNT_EXAMPLES}"),
            },
        },
        Unreadable::TooLarge => format!("'{trimmed}' is too large to be an amount"),
    })?;
    Ok(Amount {
        typed,
        text: trimmed.to_string(),
        sign,
    })
}

/// What `text` would be without the mark that writes it below zero in a way `read` does not
/// see: a minus or a dash typeset before its digits (`−5`, `−$5`, `$–5`), or an accountant's
/// parentheses (`($5.00)`, as spreadsheets write a refund). One mark only: what is left is
/// read as it is.
fn written_negative(text: &str) -> Option<String> {
    if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        return Some(inner.trim().to_string());
    }
    let digit = text
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(text.len());
    let (before, after) = text.split_at(digit);
    let sign = before.replacen(['\u{2212}', '\u{2013}'], "", 1);
    (sign.len() < before.len()).then(|| format!("{}{after}", sign.trim_end()))
}

/// `("100", "€")` for `100€` or `100 €`: a sign after the number, made of what is neither a
/// letter, a digit, a space nor a mark numbers are written with; or a currency's code of three
/// letters, `("1200", "CAD")` for `1200 CAD`.
fn trailing_sign(text: &str) -> Option<(&str, &str)> {
    let is_sign = |c: char| !(c.is_alphanumeric() || c.is_whitespace() || ".,_'%-".contains(c));
    let mut number = text.trim_end_matches(is_sign);
    // Letters that start the sign, apart from the number: `100 R$`, `100 CA$` (`1.5k$` is
    // a thousand and a half dollars).
    let lettered = number.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if number.len() < text.len()
        && (1..=3).contains(&(number.len() - lettered.len()))
        && lettered.ends_with(char::is_whitespace)
    {
        number = lettered;
    }
    if number.len() == text.len() {
        let letters = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if text.len() - letters.len() != 3 || letters.trim_end().is_empty() {
            return None;
        }
        number = letters;
    }
    Some((number.trim_end(), &text[number.len()..]))
}

/// Whether a sign written with an amount is its currency's: its symbol, its code in any case,
/// or `$` for a dollar or peso whose symbol ends with it (`CA$`, `MX$`), as it is written there.
fn currency_sign(sign: &str, symbol: &str, code: &str) -> bool {
    sign == symbol || sign.eq_ignore_ascii_case(code) || sign == "$" && symbol.ends_with('$')
}

impl Amount {
    /// The amount as it was written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The currency sign it was written with, if any.
    pub fn sign(&self) -> Option<&str> {
        self.sign.as_deref()
    }

    /// The amount in `unit`, the unit of the currency `code`: above zero, a whole number of
    /// minor units (more decimal places are refused rather than rounded), and not too large.
    /// A sign before it must be the currency's; `is_sign` says whether another text is some
    /// currency's sign, for the message.
    pub fn in_unit(
        &self,
        unit: Unit,
        code: &str,
        is_sign: impl Fn(&str) -> bool,
    ) -> Result<Money, String> {
        let money = self.in_unit_or_zero(unit, code, is_sign)?;
        if money.minor() == 0 {
            return Err(format!(
                "'{}' is {money}: any number of views reaches it; give an amount above {money}",
                self.text
            ));
        }
        Ok(money)
    }

    /// [`Amount::in_unit`], with nothing (`0`) an amount: what a product link sold, say.
    pub fn in_unit_or_zero(
        &self,
        unit: Unit,
        code: &str,
        is_sign: impl Fn(&str) -> bool,
    ) -> Result<Money, String> {
        let text = &self.text;
        if let Some(sign) = self
            .sign
            .as_deref()
            .filter(|&s| !currency_sign(s, unit.symbol(), code))
        {
            return Err(if is_sign(sign) {
                format!(
                    "'{text}' is written in {sign}, but amounts are in {code} here; drop the '{sign}' to mean {code}"
                )
            } else {
                format!("'{text}' is not an amount: {AMOUNT_EXAMPLES}")
            });
        }
        let largest = Money::from_minor(u64::MAX, unit);
        let too_large = || format!("'{text}' is too large: the largest amount is {largest}");
        // A currency of three decimal places writes its amounts so; any other might mean
        // thousands.
        if let Some(thousands) = self.typed.thousands.filter(|_| unit.decimals() < 3) {
            return Err(self.dot_thousands(thousands, unit, code));
        }
        let minor = self.typed.in_units_of(unit.decimals()).ok_or_else(|| {
            let shown = format!("{}{}", unit.symbol(), self.typed.exact_text());
            let smallest = Money::from_minor(1, unit);
            match unit.decimals() {
                0 => format!("'{text}' is {shown}: {code} amounts are whole, and {smallest} is the smallest"),
                places => format!(
                    "'{text}' is {shown}: more than {places} decimal places, and {smallest} is the smallest amount"
                ),
            }
        })?;
        u64::try_from(minor)
            .map(|minor| Money::from_minor(minor, unit))
            .map_err(|_| too_large())
    }

    /// Why `1.500` is refused in `unit`: its two readings, or only the thousands where a
    /// decimal point would give more places than the currency has.
    fn dot_thousands(&self, thousands: u128, unit: Unit, code: &str) -> String {
        let text = &self.text;
        // At most 999,999 billion, which a u64 of hundredths holds.
        let in_minor = |n: u128| u64::try_from(n).unwrap_or(u64::MAX);
        let as_thousands = Money::from_minor(
            in_minor(thousands).saturating_mul(unit.minor_per_major()),
            unit,
        );
        if let Some(minor) = self.typed.in_units_of(unit.decimals()) {
            return format!(
                "'{text}' could be {as_thousands} with a dot between thousands, or {} with a \
                 decimal point: write {thousands} or {}, as meant",
                Money::from_minor(in_minor(minor), unit),
                self.typed.exact_text().replace(',', "")
            );
        }
        let places = match unit.decimals() {
            0 => format!("{code} amounts are whole"),
            n => format!("{code} amounts have at most {n} decimal places"),
        };
        format!(
            "'{text}' could be {as_thousands} with a dot between thousands: write {thousands} \
             if that is meant ({places})"
        )
    }
}

/// Reads an amount of US dollars above zero, to the cent: `1000`, `1,000`, `1000.50`, `$1,000`,
/// `1.5k`. More than two decimal places are refused rather than rounded.
pub fn parse_dollars(text: &str) -> Result<Money, String> {
    parse_amount(text)?.in_unit(Unit::DOLLARS, "USD", |sign| sign == "$")
}

/// Refuses a flag given where a value belongs (`--followers --json`), so that it is not
/// reported as a negative number.
pub fn not_a_flag(text: &str) -> Result<(), String> {
    let mut chars = text.trim().chars();
    match (chars.next(), chars.next()) {
        // `-q`, `--json`; not `-$50`, a negative amount, nor `-5` or `-.5`.
        (Some('-'), Some(c)) if c.is_ascii_alphabetic() || c == '-' => Err(format!(
            "'{}' is a flag, not a value: give the option before it its value",
            text.trim()
        )),
        _ => Ok(()),
    }
}

/// The digits of `1.234.567`, a number with dots between its groups of thousands, as written
/// where the dot is no decimal point.
fn dotted_thousands(text: &str) -> Option<String> {
    let mut groups = text.split('.');
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let grouped = (1..=3).contains(&first.len())
        && digits(first)
        && !first.starts_with('0')
        && rest.len() >= 2
        && rest.iter().all(|g| g.len() == 3 && digits(g));
    grouped.then(|| rest.iter().fold(first.to_string(), |all, g| all + g))
}

/// `1 200` or `1 200 000,50` (spaces, or no-break spaces, between thousands) without them:
/// `1200`, `1200000,50`; `None` unless every group after the first has three digits.
fn spaced_thousands(text: &str) -> Option<String> {
    let mut groups = text.split([' ', '\u{a0}', '\u{202f}']);
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let (last, middle) = rest.split_last()?;
    // The last group may carry the fraction: `200,50`.
    let last_whole = last.split([',', '.']).next().unwrap_or_default();
    let grouped = (1..=3).contains(&first.len())
        && digits(first)
        && middle.iter().all(|g| g.len() == 3 && digits(g))
        && last_whole.len() == 3
        && digits(last_whole);
    grouped.then(|| std::iter::once(first).chain(rest).collect())
}

/// `4,5%`, `1,2m` or `1.200.000,50` as written where the comma is the decimal point, with a
/// decimal point and no separators: `4.5%`, `1.2m`, `1200000.50`.
fn decimal_comma(text: &str) -> Option<String> {
    let body = text.trim_end_matches(['k', 'K', 'm', 'M', 'b', 'B', '%']);
    let suffix = &text[body.len()..];
    let (whole, fraction) = body.split_once(',')?;
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let mut groups = whole.split('.');
    let first = groups.next()?;
    let grouped = groups.all(|g| g.len() == 3 && digits(g)) && (1..=3).contains(&first.len());
    let whole_ok = digits(first) && (grouped || !whole.contains('.'));
    (whole_ok && digits(fraction)).then(|| format!("{}.{fraction}{suffix}", whole.replace('.', "")))
}

fn decimal_comma_message(text: &str) -> String {
    let written = decimal_comma(text).unwrap_or_default();
    format!("'{text}' has a decimal comma: write {written}, with a decimal point")
}

/// `1.2E+06`, `3e6`: digits, perhaps a point (or comma) and more digits, an `e` and a whole
/// power.
fn with_exponent(text: &str) -> bool {
    let Some((number, power)) = text.split_once(['e', 'E']) else {
        return false;
    };
    // A decimal comma, as spreadsheets set to one write it (`1,2E+06`), too.
    let (whole, fraction) = number.split_once(['.', ',']).unwrap_or((number, "0"));
    let power = power.strip_prefix(['+', '-']).unwrap_or(power);
    [whole, fraction, power]
        .iter()
        .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// Why `text` is no count: the way of writing it that was meant, where it is plain.
fn not_a_count(text: &str) -> String {
    let whole = |joined: &String| joined.bytes().all(|b| b.is_ascii_digit());
    if let Some(joined) = spaced_thousands(text).filter(whole) {
        return format!(
            "'{text}' has spaces between thousands: write {joined} or {}",
            group_digits(&joined)
        );
    }
    if let Some(joined) = lakh_grouped(text) {
        return format!(
            "'{text}' is grouped in lakhs: write {joined} or {}",
            group_digits(&joined)
        );
    }
    if typographic_minus(text) {
        return format!("'{text}' is negative: counts start at 0");
    }
    format!("'{text}' is not a count: {EXAMPLES}")
}

/// Whether `text` is a number after a minus sign or a dash, as word processors and
/// spreadsheets write a negative one (`−5`, `–5`).
fn typographic_minus(text: &str) -> bool {
    text.strip_prefix(['\u{2212}', '\u{2013}'])
        .is_some_and(|rest| read(rest).is_ok())
}

/// `100000` for `1,00,000`: digits grouped as in India, the last three apart and pairs
/// before them (`12,34,567`).
fn lakh_grouped(text: &str) -> Option<String> {
    let groups: Vec<&str> = text.split(',').collect();
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let (last, rest) = groups.split_last()?;
    let (first, pairs) = rest.split_first()?;
    let grouped = last.len() == 3
        && digits(last)
        && (1..=2).contains(&first.len())
        && digits(first)
        && !pairs.is_empty()
        && pairs.iter().all(|g| g.len() == 2 && digits(g));
    grouped.then(|| groups.concat())
}

fn split_suffix(text: &str) -> (&str, u128) {
    let multiplier = match text.as_bytes().last() {
        Some(b'k' | b'K') => 1_000,
        Some(b'm' | b'M') => 1_000_000,
        Some(b'b' | b'B') => 1_000_000_000,
        _ => return (text, 1),
    };
    (&text[..text.len() - 1], multiplier)
}

/// Removes `_` and `,` separators from the whole part of a number. Underscores may stand
/// between any two digits; commas must group thousands (`1,000,000`, not `1,0000` or `1,5`),
/// because a misplaced comma is more likely a decimal comma than a typo.
fn strip_separators(whole: &str) -> Option<String> {
    let bytes = whole.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let is_separator = b == b'_' || b == b',';
        if !(b.is_ascii_digit() || is_separator) {
            return None;
        }
        if is_separator {
            let between_digits = i > 0
                && i + 1 < bytes.len()
                && bytes[i - 1].is_ascii_digit()
                && bytes[i + 1].is_ascii_digit();
            if !between_digits {
                return None;
            }
        }
    }
    if whole.contains(',') {
        let groups: Vec<&str> = whole.split(',').collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) || whole.contains('_') {
            return None;
        }
    }
    Some(whole.chars().filter(char::is_ascii_digit).collect())
}

/// `error`, or for a plain fraction (`1.5`) the same in words about videos.
pub fn fraction_of_videos(text: &str, error: String, or: &str) -> String {
    let written = text.trim();
    if error.starts_with(&format!("'{written}' is not a whole number")) {
        format!("'{written}' is not a whole number of videos: give whole videos, like 3{or}")
    } else {
        error
    }
}

/// Reads a share the one way every flag and column takes it: a percentage (`45%`, `4.5%`) or a
/// fraction (`0.45`), from 0 to all of it. A bare number over 1 is refused rather than guessed
/// at: `8` could be 8% or eight times the whole. `of` says what it is a share of, for the
/// messages: "views that engage".
fn share(text: &str, of: &str) -> Result<Decimal, String> {
    let trimmed = text.trim();
    let (number, percent) = match trimmed.strip_suffix('%') {
        Some(number) => (number.trim_end(), true),
        None => (trimmed, false),
    };
    // As written, or with an exponent, as JSON writers spell small numbers (`1e-6`).
    let value: Decimal = number
        .parse()
        .or_else(|e| Decimal::from_exponent_text(number).ok_or(e))
        .map_err(|e| match e {
            DecimalError::Syntax(_) if decimal_comma(trimmed).is_some() => {
                decimal_comma_message(trimmed)
            }
            DecimalError::Syntax(_) => format!(
                "'{trimmed}' is not a share: write a percentage like 45% or a fraction like 0.45"
            ),
            // What a program's arithmetic writes (0.1 × 3 = 0.30000000000000004).
            DecimalError::TooPrecise(_) => format!(
                "{e}: round it to {} or fewer (a share needs no more)",
                crate::decimal::MAX_SCALE
            ),
            other => other.to_string(),
        })?;
    let whole = if percent {
        Decimal::from_int(100)
    } else {
        Decimal::ONE
    };
    if value.is_negative() || (percent && value > whole) {
        return Err(format!(
            "'{trimmed}' is outside 0-100%: give the share of {of}, like 45% or 0.45"
        ));
    }
    if value > whole {
        // All of it is written 100%: its fraction, 1, is refused as an engagement.
        if value == Decimal::from_int(100) {
            return Err(format!(
                "'{trimmed}' is more than 1, the whole: write 100% for all of it"
            ));
        }
        return Err(if value <= Decimal::from_int(100) {
            format!(
                "'{trimmed}' is more than 1, the whole: write {number}% for {number} percent, or a fraction like {}",
                value.percent_to_fraction()
            )
        } else {
            format!(
                "'{trimmed}' is more than 1, the whole: give the share of {of}, like 45% or 0.45"
            )
        });
    }
    let fraction = if percent {
        value.percent_to_fraction()
    } else {
        value
    };
    // A percentage has two places more as a fraction than as written.
    if fraction.scale() > crate::decimal::MAX_SCALE {
        return Err(format!(
            "'{trimmed}' has more than {} decimal places as a fraction",
            crate::decimal::MAX_SCALE
        ));
    }
    Ok(fraction)
}

/// Reads the share of views that engage, `6%` or `0.06`, as the percentage the engagement
/// bands are keyed by. A bare 1 is refused: every view engaging is no video's engagement, and
/// a column of percentages written bare (`0.5`, `1`, `6`) would read it so.
pub fn parse_percent(text: &str) -> Result<Decimal, String> {
    let fraction = share(text, "views that engage")?;
    let trimmed = text.trim();
    if fraction == Decimal::ONE && !trimmed.ends_with('%') {
        return Err(format!(
            "'{trimmed}' reads as every view engaging: write 1% for 1 percent, or 100% for every view"
        ));
    }
    // A fraction of at most 1, with at most MAX_SCALE places: a hundred times it is exact.
    fraction
        .checked_mul(Decimal::from_int(100))
        .ok_or_else(|| format!("'{}' has too many decimal places", text.trim()))
}

/// Reads the share of views that qualify, `45%` or `0.45`, as a fraction.
pub fn parse_share(text: &str) -> Result<Decimal, String> {
    share(text, "views that qualify")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_width_is_whole_columns_from_1() {
        assert_eq!(parse_width("80"), Ok(80));
        assert_eq!(parse_width(" 1 "), Ok(1));
        assert_eq!(parse_width("65535"), Ok(u16::MAX));
        let refused = |text: &str| parse_width(text).unwrap_err();
        assert_eq!(
            refused("0"),
            "0 columns is no width: a table needs at least 1"
        );
        assert_eq!(
            refused("65536"),
            "'65536' is too wide: the widest is 65,535 columns"
        );
        assert_eq!(
            refused("-1"),
            "'-1' is negative: a width is whole columns, like 80"
        );
        assert_eq!(
            refused("abc"),
            "'abc' is not a width: write whole columns, like 80"
        );
        assert_eq!(
            refused("8k"),
            "'8k' is not a width: write whole columns, like 80"
        );
    }

    #[test]
    fn plain_digits_are_read_in_one_pass_up_to_nineteen() {
        assert_eq!(plain_digits("0"), Some(0));
        assert_eq!(plain_digits("007"), Some(7));
        assert_eq!(
            plain_digits("9999999999999999999"),
            Some(9_999_999_999_999_999_999)
        );
        // Twenty digits may not fit: they take the full rules, which say so.
        assert_eq!(plain_digits("18446744073709551615"), None);
        assert_eq!(parse_count("18446744073709551615"), Ok(u64::MAX));
        assert!(parse_count("18446744073709551616").is_err());
        for text in ["", "1k", "1,000", "-1", "1.0", "١٢"] {
            assert_eq!(plain_digits(text), None, "{text}");
        }
    }

    #[test]
    fn a_byte_that_is_not_a_digit_is_seen_wherever_it_is() {
        for len in 1..=19 {
            let nines = "9".repeat(len);
            assert_eq!(plain_digits(&nines), nines.parse().ok(), "{nines}");
            for at in 0..len {
                for byte in [
                    b'/', b':', b'?', b' ', b'\0', b'a', b'\x7f', b'\xb0', b'\xff',
                ] {
                    let mut text = nines.clone().into_bytes();
                    text[at] = byte;
                    if let Ok(text) = std::str::from_utf8(&text) {
                        assert_eq!(plain_digits(text), None, "{text:?}");
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn plain_digits_are_their_value(text in "[0-9]{1,19}") {
            proptest::prop_assert_eq!(plain_digits(&text), text.parse().ok());
        }

        #[test]
        fn anything_else_is_not_plain_digits(text in "[0-9]{0,9}[^0-9][0-9]{0,9}") {
            proptest::prop_assert_eq!(plain_digits(&text), None);
        }
    }

    proptest::proptest! {
        #[test]
        fn trim_takes_off_what_str_trim_does(text in "[ \t\u{a0}\u{3000}a-z0-9é]{0,6}") {
            proptest::prop_assert_eq!(trim(&text), text.trim());
        }
    }

    #[test]
    fn accepts_every_spelling() {
        for (text, want) in [
            ("1000000", 1_000_000),
            ("1,000,000", 1_000_000),
            ("1_000_000", 1_000_000),
            ("1m", 1_000_000),
            ("1M", 1_000_000),
            ("1.5m", 1_500_000),
            ("250K", 250_000),
            ("250k", 250_000),
            ("2b", 2_000_000_000),
            ("1.2345m", 1_234_500),
            ("0", 0),
            ("12k", 12_000),
            ("18446744073709551615", u64::MAX),
            (" 42 ", 42),
            ("100,000", 100_000),
            ("1_0", 10),
        ] {
            assert_eq!(parse_count(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_whole_count() {
        for (text, fragment) in [
            ("-5", "negative"),
            ("-", "'-' is not a count"),
            ("--", "'--' is not a count"),
            ("", "empty"),
            ("1.2345k", "is 1,234.5, not a whole number"),
            ("1.5", "'1.5' is not a whole number"),
            ("abc", "not a count"),
            (
                "1,5m",
                "'1,5m' has a decimal comma: write 1.5m, with a decimal point",
            ),
            (
                "1,5",
                "'1,5' has a decimal comma, and 1.5 is not a whole number",
            ),
            ("1,2E+06", "'1,2E+06' is written with an exponent"),
            (
                "1.000k",
                "could be 1,000,000 with a dot between thousands, or 1,000 with a",
            ),
            (
                "1,0000",
                "'1,0000' has a comma that is not between thousands: write 10,000, or 1 if the \
                 comma is a decimal point",
            ),
            (
                "01,0000",
                "write 10,000, or 1 if the comma is a decimal point",
            ),
            // Both readings the same, or the digits past the largest count: one reading.
            (
                "0,00",
                "'0,00' has a decimal comma: write 0.00, with a decimal point",
            ),
            (
                "1,00000000000000000000",
                "has a decimal comma: write 1.0000",
            ),
            ("1000,", "not a count"),
            ("_1", "not a count"),
            ("1__0", "not a count"),
            ("k", "not a count"),
            ("1.k", "not a count"),
            ("1e6", "'1e6' is written with an exponent"),
            (
                "1.2E+06",
                "'1.2E+06' is written with an exponent: write the count in full",
            ),
            ("1.2e-3", "written with an exponent"),
            ("e6", "not a count"),
            ("1.e6", "not a count"),
            ("1e", "not a count"),
            ("1e+", "not a count"),
            ("18446744073709551616", "too large"),
            ("99999999999b", "too large"),
            ("1kk", "not a count"),
        ] {
            let err = parse_count(text).expect_err(text);
            assert!(err.contains(fragment), "{text}: {err}");
        }
    }

    #[test]
    fn a_dot_before_three_digits_may_group_thousands_and_is_refused() {
        assert_eq!(
            parse_count("80.000"),
            Err(
                "'80.000' could be 80,000 with a dot between thousands, or 80 with a decimal \
                 point: write 80000 or 80, as meant"
                    .to_string()
            )
        );
        assert_eq!(
            parse_count("2.500"),
            Err(
                "'2.500' could be 2,500 with a dot between thousands, or 2.5 with a decimal \
                 point: write 2500 if that is meant"
                    .to_string()
            )
        );
        // With a suffix, it is a number of thousands or millions either way.
        let refused = parse_count("1.500k").unwrap_err();
        assert!(
            refused.starts_with("'1.500k' could be 1,500,000 with a dot"),
            "{refused}"
        );
        // A comma or `_` between thousands, more than three digits before the dot (no first
        // group of thousands), a leading 0, or other than three digits after it say which it
        // is.
        for (text, count) in [
            ("1,000.000", 1_000),
            ("1_000.000", 1_000),
            ("1500.000", 1_500),
            ("0.000", 0),
            ("80.0000", 80),
            ("80.00", 80),
        ] {
            assert_eq!(parse_count(text), Ok(count), "{text}");
        }
        let refused = parse_count("0.500").unwrap_err();
        assert!(refused.contains("is not a whole number"), "{refused}");
        // More groups than one are thousands, whatever the dot is elsewhere.
        assert_eq!(
            parse_count("1.234.567"),
            Err("'1.234.567' has dots between thousands: write 1234567 or 1,234,567".to_string())
        );
        let refused = parse_count("1.2.3").unwrap_err();
        assert!(refused.contains("is not a count"), "{refused}");
    }

    #[test]
    fn an_amount_with_spaces_between_thousands_says_how_to_write_it() {
        let refused = |text: &str| parse_amount(text).unwrap_err();
        assert_eq!(
            refused("1 200"),
            "'1 200' has spaces between thousands: write 1200 or 1,200"
        );
        assert_eq!(
            refused("1\u{a0}200 000"),
            "'1\u{a0}200 000' has spaces between thousands: write 1200000 or 1,200,000"
        );
        assert_eq!(
            refused("1 200,50 $"),
            "'1 200,50 $' has spaces between thousands and a decimal comma: write 1200.50"
        );
        // Not groups of thousands: the general message.
        assert!(refused("12 00").contains("is not an amount"));
    }

    #[test]
    fn a_negative_amount_says_what_is_asked_for() {
        assert_eq!(
            parse_amount("-5").unwrap_err(),
            "'-5' is negative: give an amount above 0"
        );
        assert_eq!(
            parse_amount("\u{2212}5").unwrap_err(),
            "'\u{2212}5' is negative: give an amount above 0"
        );
        // What was sold may be nothing, but no less.
        // However a spreadsheet or a word processor writes it.
        for text in [
            "-5",
            "\u{2013}5",
            "$-5",
            "\u{2212}$5",
            "$\u{2212}5",
            "\u{2212} 5",
            "($5.00)",
            "(1,250.00)",
        ] {
            assert_eq!(
                parse_sales(text).unwrap_err(),
                format!("'{text}' is negative: give what was sold, 0 or more")
            );
        }
        assert!(parse_sales("0").is_ok());
        // Nothing so written is nothing, as 0 is.
        for text in ["(0)", "($0.00)", "\u{2212}0"] {
            let zero = parse_sales(text).unwrap();
            assert_eq!((zero.typed.numerator, zero.text()), (0, text), "{text}");
        }
        // A dash between numbers or parentheses round no amount are not a minus.
        for text in ["5\u{2212}3", "()", "(five)", "\u{2212}"] {
            assert!(
                !parse_sales(text).unwrap_err().contains("negative"),
                "{text}"
            );
        }
        // One mark is taken off, and what is left read as it is: however deep the marks go,
        // the text is read in one pass, not one call a mark.
        let deep = format!("{}5{}", "(".repeat(50_000), ")".repeat(50_000));
        assert!(parse_sales(&deep).unwrap_err().contains("is not an amount"));
        let minuses = format!("{}5", "\u{2212}".repeat(50_000));
        assert!(parse_sales(&minuses).unwrap_err().contains("is negative"));
    }

    #[test]
    fn an_amount_with_an_exponent_says_to_write_it_in_full() {
        for text in ["1e3", "1.5E+06", "$2e3"] {
            assert!(
                parse_sales(text)
                    .unwrap_err()
                    .contains("is written with an exponent: write the amount in full"),
                "{text}"
            );
        }
    }

    #[test]
    fn a_count_written_another_way_says_how_to_write_it() {
        let refused = |text: &str| parse_count(text).unwrap_err();
        assert_eq!(
            refused("1 000 000"),
            "'1 000 000' has spaces between thousands: write 1000000 or 1,000,000"
        );
        assert_eq!(
            refused("1,00,000"),
            "'1,00,000' is grouped in lakhs: write 100000 or 100,000"
        );
        assert_eq!(
            refused("1,23,45,678"),
            "'1,23,45,678' is grouped in lakhs: write 12345678 or 12,345,678"
        );
        assert_eq!(
            refused("\u{2212}5"),
            "'\u{2212}5' is negative: counts start at 0"
        );
        assert_eq!(
            refused("\u{2013}5k"),
            "'\u{2013}5k' is negative: counts start at 0"
        );
        // Not groups of either kind, nor a number after the dash: the general message.
        for text in [
            "1,00,00",
            "123,45,678",
            "1 00 000",
            "1 000,5",
            "\u{2212}x",
            "\u{2212}",
        ] {
            assert!(refused(text).contains("is not a count"), "{text}");
        }
    }

    #[test]
    fn a_sign_after_the_number_is_read_as_one_before_it() {
        let euro = Unit::new("€", 2).unwrap();
        for text in ["100€", "100 €", "€100", " 1,000.50 € "] {
            let amount = parse_amount(text).unwrap();
            assert_eq!(amount.sign(), Some("€"), "{text}");
            assert!(amount.in_unit(euro, "EUR", |_| true).is_ok(), "{text}");
        }
        assert_eq!(
            parse_amount("100 €")
                .unwrap()
                .in_unit(euro, "EUR", |_| true)
                .map(Money::minor),
            Ok(10_000)
        );
        // Another currency's sign is refused after the number as before it.
        let refused = parse_amount("100£")
            .unwrap()
            .in_unit(euro, "EUR", |_| true)
            .unwrap_err();
        assert!(refused.contains("is written in £"), "{refused}");
        // A currency's code is its sign, in any case, after the number or before it; `$` is
        // the sign of a dollar written CA$.
        let dollars = Unit::new("CA$", 2).unwrap();
        for text in [
            "1200 CAD", "1200cad", "CAD1200", "$1200", "1200 $", "1200 CA$",
        ] {
            let amount = parse_amount(text).unwrap();
            assert_eq!(
                amount.in_unit(dollars, "CAD", |_| true).map(Money::minor),
                Ok(120_000),
                "{text}"
            );
        }
        let refused = parse_amount("1200 CAD")
            .unwrap()
            .in_unit(euro, "EUR", |sign| sign == "CAD")
            .unwrap_err();
        assert!(refused.contains("is written in CAD"), "{refused}");
        assert_eq!(parse_amount("100 R$").unwrap().sign(), Some("R$"));
        assert_eq!(parse_amount("1.5k$").unwrap().sign(), Some("$"));
        // A suffix is not a sign, nor is a percent.
        assert_eq!(parse_amount("1.5k").unwrap().sign(), None);
        assert!(parse_amount("100%").is_err());
    }

    #[test]
    fn an_amount_with_a_dot_before_three_digits_is_refused_where_it_could_be_thousands() {
        let in_unit = |text: &str, unit: Unit| {
            parse_amount(text)
                .unwrap()
                .in_unit(unit, "XXX", |_| false)
                .map(Money::minor)
        };
        assert_eq!(
            in_unit("1.500", Unit::DOLLARS),
            Err(
                "'1.500' could be $1,500.00 with a dot between thousands, or $1.50 with a \
                 decimal point: write 1500 or 1.5, as meant"
                    .to_string()
            )
        );
        let yen = Unit::new("¥", 0).unwrap();
        let refused = in_unit("2.000", yen).unwrap_err();
        assert!(
            refused.starts_with("'2.000' could be ¥2,000 with"),
            "{refused}"
        );
        // Not a whole number of cents, it can only be thousands, which it offers.
        assert_eq!(
            in_unit("1.005", Unit::DOLLARS),
            Err(
                "'1.005' could be $1,005.00 with a dot between thousands: write 1005 if that \
                 is meant (XXX amounts have at most 2 decimal places)"
                    .to_string()
            )
        );
        let refused = in_unit("1.500", yen).unwrap_err();
        assert!(
            refused.ends_with("write 1500 if that is meant (XXX amounts are whole)"),
            "{refused}"
        );
        // A leading 0 starts no group of thousands.
        assert_eq!(in_unit("0.500", Unit::DOLLARS), Ok(50));
        // Three places are how a currency of three writes its amounts.
        let dinars = Unit::new("KD", 3).unwrap();
        assert_eq!(in_unit("1.500", dinars), Ok(1_500));
        assert_eq!(in_unit("1,000.500", Unit::DOLLARS), Ok(100_050));
    }

    #[test]
    fn dollars_to_the_cent() {
        for (text, cents) in [
            ("1000", 100_000),
            ("1,000", 100_000),
            ("1000.50", 100_050),
            ("1000.5", 100_050),
            ("$1,000", 100_000),
            ("$ 1,000.00", 100_000),
            ("1k", 100_000),
            ("1.5K", 150_000),
            ("1.2345k", 123_450),
            ("0.01", 1),
            ("2m", 200_000_000),
            (" $42 ", 4200),
            ("184467440737095516.15", u64::MAX),
        ] {
            assert_eq!(parse_dollars(text), Ok(Money::from_cents(cents)), "{text}");
        }
    }

    #[test]
    fn refuses_amounts_that_are_not_whole_cents_or_not_positive() {
        for (text, fragment) in [
            ("0", "'0' is $0"),
            ("$0.00", "is $0"),
            ("-5", "negative"),
            ("$-5", "negative"),
            ("-$5", "negative"),
            ("1.0005", "'1.0005' is $1.0005: more than 2 decimal places"),
            ("1.234567k", "is $1,234.567: more than 2 decimal places"),
            ("", "empty amount"),
            ("$", "empty amount"),
            ("ten", "not an amount"),
            ("1e3", "written with an exponent"),
            ("$$5", "not an amount"),
            ("+5", "not an amount"),
            ("US$", "not an amount"),
            ("two $", "not an amount"),
            ("5$$", "not an amount"),
            (
                "1,00",
                "'1,00' has a decimal comma: write 1.00, with a decimal point",
            ),
            (
                "5.000,50",
                "'5.000,50' has a decimal comma: write 5000.50, with a decimal point",
            ),
            ("184467440737095516.16", "too large"),
            ("99999999999999999999999999999999999999999b", "too large"),
        ] {
            let err = parse_dollars(text).expect_err(text);
            assert!(err.contains(fragment), "{text}: {err}");
        }
    }

    #[test]
    fn an_age_is_whole_years_written_with_or_without_a_point_zero() {
        assert_eq!(parse_age("22"), Ok(22));
        assert_eq!(parse_age(" 22 "), Ok(22));
        // As pandas writes a column of ages with a gap in it.
        assert_eq!(parse_age("17.0"), Ok(17));
        assert_eq!(parse_age("17.00"), Ok(17));
        assert_eq!(
            parse_age("18446744073709551616"),
            Err(
                "'18446744073709551616' is too large to be an age: write whole years, like 22"
                    .into()
            )
        );
        for text in ["17.5", "17.", ".0", "22k", "1,000", "17.0.0", "seventeen"] {
            assert_eq!(
                parse_age(text),
                Err(format!(
                    "'{text}' is not an age: write whole years, like 22"
                )),
                "{text}"
            );
        }
        assert_eq!(
            parse_age("-3"),
            Err("'-3' is negative: an age is whole years, like 22".to_string())
        );
    }

    /// One way on every flag: a percentage or a fraction, and a bare number over 1 refused
    /// with the percentage it may have meant.
    #[test]
    fn shares_are_a_percentage_or_a_fraction() {
        let decimal = |text: &str| text.parse::<Decimal>().unwrap();
        for (text, percent) in [
            ("6%", "6"),
            ("4.5%", "4.5"),
            ("0.08", "8"),
            ("0.045", "4.5"),
            ("100%", "100"),
            ("0", "0"),
            (" 6 % ", "6"),
        ] {
            assert_eq!(parse_percent(text), Ok(decimal(percent)), "{text}");
        }
        assert_eq!(parse_share("0.45"), Ok(decimal("0.45")));
        assert_eq!(parse_share("45%"), Ok(decimal("0.45")));
        assert_eq!(parse_share("1"), Ok(Decimal::ONE));
        // With an exponent, as JSON writers spell small numbers.
        assert_eq!(parse_share("4.5e-1"), Ok(decimal("0.45")));
        assert_eq!(parse_percent("1e-6"), Ok(decimal("0.0001")));
        // Far past a share's places, refused rather than compared out of range.
        assert!(parse_percent("01E-0000038%").is_err());
        assert!(parse_share("9.99999999999999999e-18").is_err());
        for (text, fragment) in [
            (
                "100",
                "'100' is more than 1, the whole: write 100% for all of it",
            ),
            (
                "1",
                "'1' reads as every view engaging: write 1% for 1 percent, or 100%",
            ),
            (
                "1.0",
                "'1.0' reads as every view engaging: write 1% for 1 percent",
            ),
            ("8", "write 8% for 8 percent"),
            ("1.01", "write 1.01% for 1.01 percent"),
            (
                "200",
                "more than 1, the whole: give the share of views that engage",
            ),
            ("101%", "outside 0-100%"),
            ("-1", "outside 0-100%"),
            ("-1%", "outside 0-100%"),
            ("six", "not a share"),
            ("abc%", "not a share"),
        ] {
            let err = parse_percent(text).expect_err(text);
            assert!(err.contains(fragment), "{text}: {err}");
        }
        assert!(
            parse_share("1.5")
                .unwrap_err()
                .contains("write 1.5% for 1.5 percent")
        );
        assert!(parse_share("half").is_err());
        assert!(
            parse_share("45.12345678%")
                .unwrap_err()
                .contains("more than 9 decimal places")
        );
        assert_eq!(
            parse_share("0.30000000000000004").unwrap_err(),
            "'0.30000000000000004' has more than 9 decimal places: round it to 9 or fewer (a \
             share needs no more)"
        );
        assert!(
            parse_percent("50.123456789012%")
                .unwrap_err()
                .contains("decimal places")
        );
    }
}
