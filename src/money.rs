//! Exact money: amounts in whole cents, computed from exact products and rounded once.
//!
//! An estimate is `quantity × rate ÷ per × factor × factor …`. Every term is an integer or an
//! exact `Decimal`, so the product of the figures is an integer fraction whose denominator is a
//! power of ten times `per` (`fraction`). It is kept as that fraction, in `u128`, and multiplied
//! by the quantity only at the very end, where it is rounded to cents (half away from zero)
//! exactly once. The rates loader refuses a table whose figures could make a denominator too
//! long for that (see `fraction::Product::denominator_fits`); an amount too large for the
//! output is reported rather than wrapped or saturated.

use std::fmt;

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use crate::decimal::Decimal;
use crate::fraction::{Beyond, Mixed, Product, gcd};
pub use crate::unit::{MAX_DECIMALS, MAX_SYMBOL_BYTES, Unit};

/// A non-negative amount of money, in the minor units of its currency (cents for dollars).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money {
    minor: u64,
    unit: Unit,
}

impl Money {
    /// Nothing, in `unit`.
    pub fn zero(unit: Unit) -> Money {
        Money { minor: 0, unit }
    }

    /// An amount of US dollars in cents.
    pub fn from_cents(cents: u64) -> Money {
        Money::from_minor(cents, Unit::DOLLARS)
    }

    /// An amount in the minor units of `unit`.
    pub fn from_minor(minor: u64, unit: Unit) -> Money {
        Money { minor, unit }
    }

    /// The amount in minor units (cents for dollars).
    pub fn minor(self) -> u64 {
        self.minor
    }

    pub fn unit(self) -> Unit {
        self.unit
    }

    /// The sum, if it fits; both amounts are in the same unit.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        debug_assert_eq!(self.unit, other.unit, "amounts of one currency only");
        self.minor
            .checked_add(other.minor)
            .map(|minor| Money::from_minor(minor, self.unit))
    }

    /// The whole and fractional parts, the fraction zero-padded to the unit's places.
    fn parts(self) -> (u64, String) {
        let per = self.unit.minor_per_major();
        let places = self.unit.decimals() as usize;
        let fraction = if places == 0 {
            String::new()
        } else {
            format!(".{:0places$}", self.minor % per)
        };
        (self.minor / per, fraction)
    }

    /// The amount as a plain decimal with the unit's places and no symbol or grouping:
    /// `12345.67`, or `12345` for the yen.
    pub fn plain(self) -> String {
        let mut text = Vec::with_capacity(DIGITS_ROOM);
        self.push_plain(&mut text);
        text.into_iter().map(char::from).collect()
    }

    /// Appends [`Money::plain`]'s text to `out`, without allocating: batches write a dozen of
    /// these per row.
    pub fn push_plain(self, out: &mut Vec<u8>) {
        push_digits(self.minor, self.unit.decimals(), out);
    }
}

/// Appends `n`'s decimal digits to `out`, with a point `places` digits from the right (none for
/// 0 places) and at least one digit before it: 5 cents is `0.05`. This is [`Money::plain`]'s
/// text, and a count's. `places` is at most [`MAX_DECIMALS`], as a [`Unit`]'s are.
///
/// A batch writes a dozen numbers per row, of lengths that vary from row to row, so this is
/// written to branch on a number's length as little as it can: eight digits are worked out
/// together in one `u64` ([`eight_digits`]), the point is put in by shifting, and the leading
/// zeros are shifted out, so that a number of up to eight digits is stored in one move.
#[inline]
pub(crate) fn push_digits(n: u64, places: u32, out: &mut Vec<u8>) {
    debug_assert!(places <= MAX_DECIMALS, "{places} decimal places");
    if n < EIGHT_DIGITS {
        let digits = digit_count(n).max(places as usize + 1);
        push_last(eight_digits(n), digits, places, out);
    } else {
        push_long(n, places, out);
    }
}

/// [`push_digits`] for a number of more than eight digits: those before the last eight, then
/// the last eight with the point among them.
#[inline(never)]
fn push_long(n: u64, places: u32, out: &mut Vec<u8>) {
    let (high, low) = (n / EIGHT_DIGITS, n % EIGHT_DIGITS);
    if high < EIGHT_DIGITS {
        push_last(eight_digits(high), digit_count(high), 0, out);
    } else {
        // Above 10^16: at most four digits more.
        let top = high / EIGHT_DIGITS;
        push_last(eight_digits(top), digit_count(top), 0, out);
        push_last(eight_digits(high % EIGHT_DIGITS), 8, 0, out);
    }
    push_last(eight_digits(low), 8, places, out);
}

/// How many decimal digits `n` has, 0 for 0: the bits it needs, times log10(2) (1233/4096)
/// rounded down, is the count or one short of it, and one comparison settles which.
fn digit_count(n: u64) -> usize {
    let bits = (u64::BITS - n.leading_zeros()) as usize;
    let low = (bits * 1233) >> 12;
    low + usize::from(n >= U64_POWERS_OF_TEN[low])
}

/// The room [`push_digits`] may use: its text is at most 21 bytes (the 20 digits of `u64::MAX`
/// and a point), but it appends whole words and cuts them back, up to 4 + 8 + 16 bytes.
const DIGITS_ROOM: usize = 28;

/// Below this, a number's digits are [`eight_digits`] of it.
const EIGHT_DIGITS: u64 = 100_000_000;

/// Appends the last `digits` (1 to 8, more than `places`) of the eight digits `eight`, with a
/// point before the last `places` when that is not 0.
#[inline]
fn push_last(eight: u64, digits: usize, places: u32, out: &mut Vec<u8>) {
    debug_assert!(
        (1..=8).contains(&digits) && digits > places as usize,
        "{digits}"
    );
    let start = out.len();
    // The first digit is the lowest byte, so shifting right drops leading digits.
    let digits_only = eight >> (8 * (8 - digits));
    if places == 0 {
        out.extend_from_slice(&digits_only.to_le_bytes());
        out.truncate(start + digits);
    } else {
        // The digits before the point stay; the point goes after them, and those after it move
        // up a byte, the last of them perhaps into a ninth.
        let whole = 8 * (digits - places as usize);
        let before = digits_only & ((1 << whole) - 1);
        let first = before | (u64::from(b'.') << whole) | ((digits_only - before) << 8);
        let ninth = digits_only >> 56;
        out.extend_from_slice(&(u128::from(first) | (u128::from(ninth) << 64)).to_le_bytes());
        out.truncate(start + digits + 1);
    }
}

/// The eight decimal digits of `n` (below 10^8), zero-padded, as ASCII bytes of a `u64` in
/// the order they are written, the first in the lowest byte. The number is split into
/// ever smaller lanes: two of four digits, four of two, eight of one. Each split divides every
/// lane at once by multiplying by a fixed-point reciprocal, exact for the lane's range (below
/// 10^4, `x * 10486 >> 20` is `x / 100`; below 100, `x * 103 >> 10` is `x / 10`), and no lane's
/// product reaches the next lane.
fn eight_digits(n: u64) -> u64 {
    debug_assert!(n < EIGHT_DIGITS, "{n}");
    let fours = (n / 10_000) | ((n % 10_000) << 32);
    let hundreds = ((fours * 10_486) >> 20) & 0x0000_007F_0000_007F;
    let twos = hundreds | ((fours - hundreds * 100) << 16);
    let tens = ((twos * 103) >> 10) & 0x000F_000F_000F_000F;
    let ones = tens | ((twos - tens * 10) << 8);
    ones | 0x3030_3030_3030_3030
}

impl fmt::Display for Money {
    /// `$12,345.67`, `¥12,346`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, fraction) = self.parts();
        let text = format!("{}{}{fraction}", self.unit.symbol(), group_thousands(whole));
        f.pad(&text)
    }
}

impl Serialize for Money {
    /// A JSON number with exactly the unit's decimals, written from the integer minor units so
    /// that no binary float ever stands between the computation and the output.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw = RawValue::from_string(self.plain()).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

/// A money figure from the rate table, in `unit`, with at least the unit's decimals: `$0.40`,
/// `$1,000.00`, `$0.005`, `¥3`.
pub fn priced(amount: Decimal, unit: Unit) -> String {
    let text = amount.with_places(unit.decimals());
    match text.split_once('.') {
        Some((whole, fraction)) => format!("{}{}.{fraction}", unit.symbol(), group_digits(whole)),
        None => format!("{}{}", unit.symbol(), group_digits(&text)),
    }
}

/// `1234567` → `1,234,567`.
pub fn group_thousands(n: u64) -> String {
    Grouped(n).to_string()
}

/// A count with its noun: "1 view", "1,000 views".
pub fn plural(n: u64, noun: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{} {noun}{s}", Grouped(n))
}

/// A count shown with its thousands grouped (`1,234,567`), written without allocating: reasons
/// in a batch write several per row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grouped(pub u64);

impl Grouped {
    /// Hands `write` the text piece by piece: the first group of 1 to 3 digits, then a comma
    /// and 3 digits for each later group.
    fn pieces<E>(self, mut write: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
        let mut buffer = itoa::Buffer::new();
        let digits = buffer.format(self.0);
        let (first, mut rest) = digits.split_at((digits.len() - 1) % 3 + 1);
        write(first)?;
        while let Some((group, after)) = rest.split_at_checked(3) {
            write(",")?;
            write(group)?;
            rest = after;
        }
        Ok(())
    }

    /// Appends the text to `out`, without the formatting machinery.
    pub(crate) fn push(self, out: &mut Vec<u8>) {
        let Ok(()) = self.pieces(|piece| {
            out.extend_from_slice(piece.as_bytes());
            Ok::<(), std::convert::Infallible>(())
        });
    }
}

impl fmt::Display for Grouped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.pieces(|piece| f.write_str(piece))
    }
}

/// Groups a string of decimal digits by thousands, however long: `"1234567"` → `"1,234,567"`.
pub fn group_digits(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `10^n` for every `n` whose power fits in `u64`, for counts and digits: looked up rather
/// than computed, as every number a batch row writes counts its digits.
const U64_POWERS_OF_TEN: [u64; 20] = {
    let mut powers = [1; 20];
    let mut n = 1;
    while n < powers.len() {
        powers[n] = powers[n - 1] * 10;
        n += 1;
    }
    powers
};

/// `10^n`, if it fits in `u64`.
pub(crate) fn u64_power_of_ten(n: u32) -> Option<u64> {
    U64_POWERS_OF_TEN.get(usize::try_from(n).ok()?).copied()
}

/// An amount earn cannot give exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OutOfRange {
    /// Too large for minor units of its currency.
    #[error(
        "the amount is too large to compute exactly: over {}, the most earn can represent",
        Money::from_minor(u64::MAX, *.0)
    )]
    TooLarge(Unit),
    /// Its figures' product has a denominator past what an amount is worked out in: the
    /// rates loader refuses a table that could make one.
    #[error(
        "the amount cannot be computed exactly: the figures multiplied have too many decimal places between them"
    )]
    TooLong,
}

/// A product set up to be applied to many quantities: `quantity × numerator / denominator`
/// rounded to the unit's minor units, the fraction in lowest terms, so that applying it costs
/// one multiplication and one division where the arithmetic fits (in `u64` where it can, being
/// several times quicker there), and is exact for every quantity where it does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    /// `2 × minor units per major unit × numerator`, the denominator and twice it, when each
    /// fits in `u64`.
    narrow: Option<[u64; 3]>,
    wide: Wide,
    unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wide {
    /// The same three as `narrow`, in `u128`.
    Quick([u128; 3]),
    /// The minor units of one unit of quantity, where `2 × minor units × numerator` passes
    /// `u128`, or why there are none to give.
    Each(Result<Mixed, OutOfRange>),
}

impl Scale {
    /// The scale of the product of `parts` (fractions, each a numerator and a denominator),
    /// to round to `unit`.
    pub fn of<P>(parts: P, unit: Unit) -> Scale
    where
        P: IntoIterator<Item = (u128, u128)>,
        P::IntoIter: Clone,
    {
        let parts = parts.into_iter();
        let product = Product::of(parts.clone());
        let minor_per_major = unit.minor_per_major();
        let too_large = OutOfRange::TooLarge(unit);
        let each = |mixed: Result<Mixed, Beyond>| {
            Wide::Each(match mixed {
                Ok(each) => each.times(minor_per_major).ok_or(too_large),
                // Validation keeps denominators within what `Mixed` takes.
                Err(Beyond::Denominator) => Err(OutOfRange::TooLong),
                Err(Beyond::Whole) => Err(too_large),
            })
        };
        let wide = match product.parts() {
            (Some(numerator), Some(denominator)) => {
                let divisor = gcd(numerator, denominator);
                let (numerator, denominator) = (numerator / divisor, denominator / divisor);
                match numerator
                    .checked_mul(2 * u128::from(minor_per_major))
                    .zip(denominator.checked_mul(2))
                {
                    Some((twice_numerator, twice_denominator)) => {
                        Wide::Quick([twice_numerator, denominator, twice_denominator])
                    }
                    None => each(Mixed::new(numerator, denominator).ok_or(Beyond::Denominator)),
                }
            }
            _ if product.past_every_amount(unit) => Wide::Each(Err(too_large)),
            // The numerators' product passes u128, but not necessarily the amount.
            _ => each(Mixed::product(parts)),
        };
        let narrow = match wide {
            Wide::Quick(quick) => {
                let [a, b, c] = quick.map(|n| u64::try_from(n).ok());
                a.zip(b).zip(c).map(|((a, b), c)| [a, b, c])
            }
            Wide::Each(_) => None,
        };
        Scale { narrow, wide, unit }
    }

    /// The amount for `quantity`, rounded half up to whole minor units: `minor =
    /// floor((2 × 10^places × n × quantity + d) / 2d)`.
    #[inline]
    pub fn apply(&self, quantity: u64) -> Result<Money, OutOfRange> {
        if let Some([twice_numerator, denominator, twice_denominator]) = self.narrow {
            let dividend = quantity
                .checked_mul(twice_numerator)
                .and_then(|n| n.checked_add(denominator));
            if let Some(dividend) = dividend {
                return Ok(Money::from_minor(dividend / twice_denominator, self.unit));
            }
        }
        let too_large = OutOfRange::TooLarge(self.unit);
        let minor = match self.wide {
            Wide::Quick([twice_numerator, denominator, twice_denominator]) => {
                let dividend = u128::from(quantity)
                    .checked_mul(twice_numerator)
                    .and_then(|n| n.checked_add(denominator));
                match dividend {
                    // Most amounts fit in 64 bits, where division is several times quicker.
                    Some(dividend) => {
                        match (u64::try_from(dividend), u64::try_from(twice_denominator)) {
                            (Ok(dividend), Ok(divisor)) => u128::from(dividend / divisor),
                            _ => dividend / twice_denominator,
                        }
                    }
                    // Past u128: the minor units of one unit of quantity (the denominator is
                    // below 2^127, as twice it fits), times the quantity.
                    None => Mixed::new(twice_numerator >> 1, denominator)
                        .and_then(|each| each.times(quantity))
                        .and_then(Mixed::rounded)
                        .ok_or(too_large)?,
                }
            }
            Wide::Each(_) if quantity == 0 => 0,
            Wide::Each(each) => each?
                .times(quantity)
                .and_then(Mixed::rounded)
                .ok_or(too_large)?,
        };
        u64::try_from(minor)
            .map(|minor| Money::from_minor(minor, self.unit))
            .map_err(|_| too_large)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fraction::tests::{wide, wide_add};
    use crate::fraction::{inverse, part};

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn prints_dollars_with_grouping() {
        assert_eq!(Money::from_cents(1_234_567).to_string(), "$12,345.67");
        assert_eq!(Money::from_cents(5).to_string(), "$0.05");
        assert_eq!(Money::from_cents(100_000_000).to_string(), "$1,000,000.00");
        assert_eq!(Money::from_cents(1_234_567).plain(), "12345.67");
        assert_eq!(format!("{:>8}", Money::from_cents(100)), "   $1.00");
    }

    #[test]
    fn plain_puts_the_point_in_the_minor_units() {
        let plain = |minor: u64, places: u32| {
            Money::from_minor(minor, Unit::new("x", places).unwrap()).plain()
        };
        let cases = [
            (0, 2, "0.00"),
            (5, 2, "0.05"),
            (50, 2, "0.50"),
            (100, 2, "1.00"),
            (12_345, 2, "123.45"),
            (7, 3, "0.007"),
            (5, 1, "0.5"),
            (123, 1, "12.3"),
            (99, 0, "99"),
            (1_000, 3, "1.000"),
            (0, 0, "0"),
            (42, 0, "42"),
            (u64::MAX, 2, "184467440737095516.15"),
            (u64::MAX, 3, "18446744073709551.615"),
            (u64::MAX, 0, "18446744073709551615"),
            (0, 3, "0.000"),
            // Either side of the eight digits worked out at once, and of sixteen.
            (99_999_999, 0, "99999999"),
            (100_000_000, 0, "100000000"),
            (99_999_999, 2, "999999.99"),
            (100_000_000, 2, "1000000.00"),
            (100_000_001, 3, "100000.001"),
            (9_999_999_999_999_999, 0, "9999999999999999"),
            (10_000_000_000_000_000, 0, "10000000000000000"),
            (10_000_000_000_000_005, 2, "100000000000000.05"),
        ];
        for (minor, places, want) in cases {
            assert_eq!(plain(minor, places), want, "{minor} with {places} places");
        }
    }

    #[test]
    fn digit_counts_at_every_power_of_ten() {
        assert_eq!(digit_count(0), 0);
        assert_eq!(digit_count(u64::MAX), 20);
        for digits in 1..=19 {
            let power = 10_u64.pow(digits - 1);
            assert_eq!(digit_count(power), digits as usize, "{power}");
            assert_eq!(
                digit_count(power * 10 - 1),
                digits as usize,
                "{}",
                power * 10 - 1
            );
        }
    }

    proptest::proptest! {
        /// The text is the whole part and the zero-padded fraction,
        /// as the formatting machinery writes them, and pushing it appends the same bytes.
        #[test]
        fn plain_is_the_whole_and_the_padded_fraction(
            minor in proptest::prop_oneof![
                0..100_000_u64,
                proptest::prelude::any::<u64>(),
                // Every length, not mostly twenty digits.
                proptest::strategy::Strategy::prop_map(
                    (proptest::prelude::any::<u64>(), 0..64_u32),
                    |(n, shift)| n >> shift,
                ),
            ],
            places in 0..=MAX_DECIMALS,
        ) {
            let money = Money::from_minor(minor, Unit::new("x", places).unwrap());
            let per = 10_u64.pow(places);
            let places = places as usize;
            let want = if places == 0 {
                minor.to_string()
            } else {
                format!("{}.{:0places$}", minor / per, minor % per)
            };
            proptest::prop_assert_eq!(money.plain(), want.clone());
            let mut out = b"[".to_vec();
            money.push_plain(&mut out);
            proptest::prop_assert_eq!(out, format!("[{want}").into_bytes());
        }
    }

    #[test]
    fn prints_rate_figures_as_dollars() {
        let dollars = |text| priced(d(text), Unit::DOLLARS);
        assert_eq!(dollars("0.4"), "$0.40");
        assert_eq!(dollars("0.005"), "$0.005");
        assert_eq!(dollars("1000"), "$1,000.00");
        let yen = Unit::new("¥", 0).unwrap();
        assert_eq!(priced(d("1500"), yen), "¥1,500");
        assert_eq!(priced(d("2.5"), yen), "¥2.5");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(1_000_000), "1,000,000");
        assert_eq!(group_thousands(u64::MAX), "18,446,744,073,709,551,615");
        assert_eq!(group_thousands(12_345), "12,345");
        assert_eq!(group_thousands(123_456), "123,456");
        // Pushed onto a byte vector, the same text.
        for n in [0, 7, 999, 1000, 12_345, 1_000_000, u64::MAX] {
            let mut out = b">".to_vec();
            Grouped(n).push(&mut out);
            assert_eq!(out, format!(">{}", group_thousands(n)).into_bytes());
        }
    }

    /// One unit priced per `per`, and `figures`, as fractions.
    fn parts(per: u64, figures: &[&str]) -> Vec<(u128, u128)> {
        let figures = figures.iter().map(|f| part(d(f)));
        std::iter::once((1, u128::from(per)))
            .chain(figures)
            .collect()
    }

    /// `quantity` of the product of `figures` ÷ `per`, in `unit`.
    fn amount(quantity: u64, per: u64, figures: &[&str], unit: Unit) -> Result<Money, OutOfRange> {
        Scale::of(parts(per, figures), unit).apply(quantity)
    }

    fn dollars(quantity: u64, per: u64, figures: &[&str]) -> Result<Money, OutOfRange> {
        amount(quantity, per, figures, Unit::DOLLARS)
    }

    #[test]
    fn creator_fund_million_views_is_exact() {
        assert_eq!(
            dollars(1_000_000, 1000, &["0.02"]),
            Ok(Money::from_cents(2000))
        );
        assert_eq!(
            dollars(1_000_000, 1000, &["0.04"]),
            Ok(Money::from_cents(4000))
        );
    }

    #[test]
    fn rounds_half_away_from_zero_once() {
        // 1 diamond × $0.005 = half a cent → rounds up to 1 cent.
        assert_eq!(dollars(1, 1, &["0.005"]), Ok(Money::from_cents(1)));
        // Rounding happens only at the end, not per factor: 1 × 0.0049 × 1.02 = 0.004998 → 0
        // cents, where rounding 0.0049 first would give 1.
        assert_eq!(
            dollars(1, 1, &["0.0049", "1.02"]),
            Ok(Money::zero(Unit::DOLLARS))
        );
    }

    #[test]
    fn reports_an_amount_too_large_for_cents() {
        assert_eq!(
            dollars(u64::MAX, 1, &["999999999"]),
            Err(OutOfRange::TooLarge(Unit::DOLLARS))
        );
    }

    #[test]
    fn long_products_stay_exact() {
        // Three 9-place figures over 1,000: a 31-digit denominator, past u64, and a product
        // whose amount for many views passes u128 before it is divided.
        let figures = ["0.400000001", "0.300000001", "0.700000001"];
        // 3,001 × 0.0840000011… ÷ 1,000 = $0.2520840018… → 25 cents.
        assert_eq!(dollars(3001, 1000, &figures), Ok(Money::from_cents(25)));
        // u64::MAX of them: $1,549,526,513,444,116.2499… (worked out in exact fractions).
        assert_eq!(
            dollars(u64::MAX, 1000, &figures),
            Ok(Money::from_cents(154_952_651_344_411_625))
        );
        // And the long way rounds like the short one.
        let short = dollars(3, 1, &["0.005"]);
        let long = dollars(
            3,
            1,
            &[
                "0.005",
                "0.000000001",
                "1000000000",
                "0.000000001",
                "1000000000",
            ],
        );
        assert_eq!(
            (short, long),
            (Ok(Money::from_cents(2)), Ok(Money::from_cents(2)))
        );
    }

    #[test]
    fn a_numerator_past_u128_is_past_every_amount_over_a_short_denominator() {
        let huge = Scale::of(parts(1, &["999999999999999999"; 3]), Unit::DOLLARS);
        assert_eq!(huge.apply(1), Err(OutOfRange::TooLarge(Unit::DOLLARS)));
        assert_eq!(huge.apply(0), Ok(Money::zero(Unit::DOLLARS)));
        let zero = parts(1, &["999999999999999999", "999999999999999999", "0"]);
        assert_eq!(
            Scale::of(zero, Unit::DOLLARS).apply(u64::MAX),
            Ok(Money::zero(Unit::DOLLARS))
        );
    }

    #[test]
    fn a_numerator_past_u128_over_a_long_denominator_is_worked_out() {
        // 12,345.678901234⁴: a 53-digit numerator over 10^36, $23,230,572,289,113,878.99
        // (worked out in exact fractions); seven of them fit in u64 cents, eight do not.
        let figures = ["12345.678901234"; 4];
        assert_eq!(
            dollars(1, 1, &figures),
            Ok(Money::from_cents(2_323_057_228_911_387_899))
        );
        assert_eq!(
            dollars(7, 1, &figures),
            Ok(Money::from_cents(16_261_400_602_379_715_291))
        );
        assert_eq!(
            dollars(8, 1, &figures),
            Err(OutOfRange::TooLarge(Unit::DOLLARS))
        );
        // Three 18-digit figures with 9 places each over 1,000: 10^24 dollars a unit.
        assert_eq!(
            dollars(1, 1000, &["999999999.999999999"; 3]),
            Err(OutOfRange::TooLarge(Unit::DOLLARS))
        );
    }

    #[test]
    fn a_denominator_past_2_to_the_127_is_refused() {
        // Four 9-place figures over 1,000 (validation refuses a table that could make one).
        let scale = Scale::of(parts(1000, &["0.400000001"; 4]), Unit::DOLLARS);
        assert_eq!(scale.apply(1), Err(OutOfRange::TooLong));
        assert_eq!(scale.apply(0), Ok(Money::zero(Unit::DOLLARS)));
    }

    #[test]
    fn other_units_round_to_their_own_minor_unit() {
        let yen = Unit::new("¥", 0).unwrap();
        // 1,000 × 0.0025 = 2.5 → ¥3 (half up), where cents would keep 2.50.
        assert_eq!(amount(1000, 1, &["0.0025"], yen).unwrap().to_string(), "¥3");
        assert_eq!(Money::from_minor(1_234_567, yen).plain(), "1234567");
        let dinar = Unit::new("KD", 3).unwrap();
        assert_eq!(
            Money::from_minor(1_234_567, dinar).to_string(),
            "KD1,234.567"
        );
        assert_eq!(Unit::new("toolongsymbol", 2), None);
        assert_eq!(Unit::new("$", 4), None);
    }

    #[test]
    fn division_is_exact_until_the_one_rounding() {
        // $20 at 182.85 yen per euro over 1.1476 dollars per euro: ¥3,186.65… → ¥3,187.
        let yen = Unit::new("¥", 0).unwrap();
        let mut converted = parts(1, &["182.85"]);
        converted.push(inverse(d("1.1476")));
        assert_eq!(Scale::of(converted, yen).apply(20).unwrap().minor(), 3187);
        // Dividing by a third's worth and multiplying back loses nothing: 1 ÷ 3 × 3 = 1.
        let round = [inverse(d("3")), part(d("3"))];
        assert_eq!(
            Scale::of(round, Unit::DOLLARS).apply(1),
            Ok(Money::from_cents(100))
        );
    }

    #[test]
    fn rounding_is_exact_at_the_half_cent() {
        // 3 × 0.005 = 0.015 → 0.02; 1 × 0.00499999999 is not a half and rounds down.
        assert_eq!(dollars(3, 1, &["0.005"]), Ok(Money::from_cents(2)));
        assert_eq!(
            dollars(1, 1, &["0.004999999"]),
            Ok(Money::zero(Unit::DOLLARS))
        );
    }

    #[test]
    fn a_scale_is_the_product_in_lowest_terms() {
        // $0.02 per 1,000 views is 1/50,000 of a dollar a view.
        let scale = Scale::of(parts(1000, &["0.02"]), Unit::DOLLARS);
        assert_eq!(scale.wide, Wide::Quick([200, 50_000, 100_000]));
        assert_eq!(scale.narrow, Some([200, 50_000, 100_000]));
        assert_eq!(scale.apply(1_000_000), Ok(Money::from_cents(2000)));
        // Half a cent rounds up: 250 views make $0.005.
        assert_eq!(scale.apply(250), Ok(Money::from_cents(1)));
        assert_eq!(scale.apply(249), Ok(Money::zero(Unit::DOLLARS)));
    }

    #[test]
    fn past_the_quick_arithmetic_a_scale_is_exact() {
        // A quantity whose multiplication would not fit in u128: an amount past u64 cents.
        let scale = Scale::of(parts(1, &["999999999999"; 2]), Unit::DOLLARS);
        assert_eq!(
            scale.apply(u64::MAX),
            Err(OutOfRange::TooLarge(Unit::DOLLARS))
        );
        // An amount that fits in u128 but not in u64 minor units is out of range too.
        let scale = Scale::of(parts(1, &["1000"]), Unit::DOLLARS);
        assert_eq!(
            scale.apply(u64::MAX),
            Err(OutOfRange::TooLarge(Unit::DOLLARS))
        );
        // Exactly half a yen where the quick arithmetic would pass u128: 7,000,000,000,000,000,001
        // of 35,000,000,012,000,000,001 yen per twice as many is that many halves, rounded up.
        let yen = Unit::new("¥", 0).unwrap();
        let half = amount(
            7_000_000_000_000_000_001,
            14_000_000_000_000_000_002,
            &["5000000001", "7000000001"],
            yen,
        );
        assert_eq!(half, Ok(Money::from_minor(17_500_000_006_000_000_001, yen)));
        // The most minor units there are: u64::MAX of a cent each.
        let cent = Scale::of(parts(1, &["0.01"]), Unit::DOLLARS);
        assert_eq!(
            cent.apply(u64::MAX),
            Ok(Money::from_minor(u64::MAX, Unit::DOLLARS))
        );
    }

    fn figure() -> impl proptest::strategy::Strategy<Value = Decimal> {
        use proptest::prelude::*;
        (0_u64..=u64::from(u32::MAX), 0_u32..=9).prop_map(|(mantissa, places)| {
            let places = usize::try_from(places).unwrap();
            let digits = format!("{mantissa:0>width$}", width = places + 1);
            let (whole, fraction) = digits.split_at(digits.len() - places);
            d(&format!("{whole}.{fraction}0"))
        })
    }

    proptest::proptest! {
        /// Whatever the figures (their product held in u128), quantity and unit, a scale gives
        /// the amount rounded half up: `2d × minor − d ≤ 2 × quantity × n × 10^places < 2d × minor
        /// + d`, or out of range exactly when that minor would pass u64.
        #[test]
        fn a_scale_rounds_the_exact_amount(
            quantity in proptest::prelude::any::<u64>(),
            per in 1_u64..=100_000,
            figures in proptest::collection::vec(figure(), 0..6),
            decimals in 0_u32..=MAX_DECIMALS,
        ) {
            let unit = Unit::new("x", decimals).unwrap();
            let parts: Vec<_> = std::iter::once((1, u128::from(per)))
                .chain(figures.iter().map(|f| part(*f)))
                .collect();
            let product = Product::of(parts.iter().copied());
            let (Some(n), Some(d)) = product.parts() else {
                return Ok(());
            };
            let Some(n) = n.checked_mul(u128::from(unit.minor_per_major())) else {
                return Ok(());
            };
            let twice_amount = wide(2 * u128::from(quantity), n);
            match Scale::of(parts, unit).apply(quantity) {
                Ok(money) => {
                    let minor = u128::from(money.minor());
                    proptest::prop_assert!(wide_add(twice_amount, d) >= wide(2 * minor, d));
                    proptest::prop_assert!(twice_amount < wide_add(wide(2 * minor, d), d));
                }
                Err(OutOfRange::TooLong) => proptest::prop_assert!(!product.denominator_fits()),
                Err(OutOfRange::TooLarge(_)) => proptest::prop_assert!(
                    wide_add(twice_amount, d) >= wide(2 << 64, d),
                    "out of range below u64::MAX minor units"
                ),
            }
        }
    }
}
