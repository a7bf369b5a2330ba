//! An exact decimal number, read from its decimal text.
//!
//! Rates, shares and multipliers are decimals like `0.02` or `0.7`. Binary floating point cannot
//! hold most of them exactly, so every figure is kept as an integer mantissa and a power-of-ten
//! scale (`0.02` is 2 × 10⁻²). Arithmetic on money then stays in integers (see `money`).
//! A hand-rolled type is enough here: we only parse, compare, multiply and print, and it keeps
//! the dependency tree to the crates the project already needs.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Most decimal places a figure may have.
pub const MAX_SCALE: u32 = 9;
/// Most significant digits a figure may have.
pub const MAX_DIGITS: u32 = 18;
/// A TOML float is binary; its shortest decimal spelling is exactly what was written only up to
/// 15 significant digits, so longer floats are refused rather than guessed at.
const MAX_FLOAT_DIGITS: u32 = 15;

/// An exact decimal: `mantissa × 10^-scale`, with trailing zeros removed so that equal values
/// have equal representations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

/// Why a piece of text is not an acceptable decimal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecimalError {
    #[error("'{0}' is not a decimal number (write digits with an optional '.', like 0.25)")]
    Syntax(String),
    #[error("'{0}' has more than {MAX_SCALE} decimal places")]
    TooPrecise(String),
    #[error("'{0}' has more than {MAX_DIGITS} significant digits")]
    TooLong(String),
    #[error("{0} is not a finite number")]
    NotFinite(String),
    #[error("{0} is too large: a figure must be below 1e{MAX_DIGITS}")]
    TooLarge(String),
    /// The float as read: its digits past the 15th may not be the ones written.
    #[error(
        "a float with more than {MAX_FLOAT_DIGITS} significant digits is more than a TOML float \
         holds exactly (this one reads as {0}); write the figure as a string, in quotes, with \
         every digit it has"
    )]
    InexactFloat(String),
}

impl Decimal {
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        scale: 0,
    };
    pub const ONE: Decimal = Decimal {
        mantissa: 1,
        scale: 0,
    };

    fn normalized(mut mantissa: i128, mut scale: u32) -> Decimal {
        while scale > 0 && mantissa % 10 == 0 {
            mantissa /= 10;
            scale -= 1;
        }
        if mantissa == 0 {
            scale = 0;
        }
        Decimal { mantissa, scale }
    }

    /// A whole number.
    pub fn from_int(n: u64) -> Decimal {
        Decimal::normalized(i128::from(n), 0)
    }

    /// One in the last of `places` decimal places (`0.001` for 3): the longest figure of that
    /// many places. `None` for no places, or more than `MAX_SCALE`.
    pub fn last_place(places: u32) -> Option<Decimal> {
        (1..=MAX_SCALE).contains(&places).then_some(Decimal {
            mantissa: 1,
            scale: places,
        })
    }

    /// The power of ten the mantissa is divided by.
    pub fn scale(self) -> u32 {
        self.scale
    }

    pub fn is_negative(self) -> bool {
        self.mantissa < 0
    }

    /// The mantissa of a value that validation has already found non-negative.
    pub fn unsigned_mantissa(self) -> u128 {
        self.mantissa.unsigned_abs()
    }

    /// Reads a TOML float by its shortest decimal spelling, which is the text that was written
    /// for any float of up to 15 significant digits.
    pub fn from_toml_float(f: f64) -> Result<Decimal, DecimalError> {
        if !f.is_finite() {
            return Err(DecimalError::NotFinite(f.to_string()));
        }
        // Past 18 digits the figure could not be held anyway; say so without printing all of
        // a number like 1e300.
        if f.abs() >= 1e18 {
            return Err(DecimalError::TooLarge(format!("{f:e}")));
        }
        let text = f.to_string();
        let digits = significant_digits(&text);
        if digits > MAX_FLOAT_DIGITS {
            return Err(DecimalError::InexactFloat(text));
        }
        text.parse()
    }

    /// A number written with an exponent (`1e-6`, `4.5E+2`), as JSON writers spell small and
    /// large numbers, as the decimal it is; `None` when it is not one, or has more than
    /// `MAX_DIGITS` digits or twice `MAX_SCALE` places. Up to those places, rather than
    /// `MAX_SCALE`, so that a caller can say there are too many; within them, comparisons and
    /// products stay exact in an i128.
    pub fn from_exponent_text(text: &str) -> Option<Decimal> {
        let (mantissa, exponent) = text.split_once(['e', 'E'])?;
        let mantissa: Decimal = mantissa.parse().ok()?;
        let exponent: i32 = exponent
            .strip_prefix('+')
            .unwrap_or(exponent)
            .parse()
            .ok()?;
        let value = if exponent >= 0 {
            let power = 10_i128.checked_pow(exponent.unsigned_abs())?;
            Decimal::normalized(mantissa.mantissa.checked_mul(power)?, mantissa.scale)
        } else {
            let scale = mantissa.scale.checked_add(exponent.unsigned_abs())?;
            // Past 38 places, no i128 mantissa's digits reach the point.
            if scale > 38 {
                return None;
            }
            Decimal::normalized(mantissa.mantissa, scale)
        };
        let within = value.mantissa.abs() < 10_i128.pow(MAX_DIGITS) && value.scale <= 2 * MAX_SCALE;
        within.then_some(value)
    }

    /// The value as an integer, if it is a whole non-negative number that fits.
    pub fn to_u64(self) -> Option<u64> {
        if self.scale == 0 {
            u64::try_from(self.mantissa).ok()
        } else {
            None
        }
    }

    /// Multiplies exactly, or `None` when the result leaves the exact range.
    pub fn checked_mul(self, other: Decimal) -> Option<Decimal> {
        let mantissa = self.mantissa.checked_mul(other.mantissa)?;
        let scale = self.scale.checked_add(other.scale)?;
        Some(Decimal::normalized(mantissa, scale))
    }

    /// The value with at least `places` decimal places: `0.3` → `0.30`, `1` → `1.00`, and
    /// `0.005` stays `0.005`.
    pub fn with_places(self, places: u32) -> String {
        let text = self.to_string();
        let have = text.split_once('.').map_or(0, |(_, f)| f.len());
        let missing = (places as usize).saturating_sub(have);
        match (have, missing) {
            (_, 0) => text,
            (0, n) => format!("{text}.{}", "0".repeat(n)),
            (_, n) => format!("{text}{}", "0".repeat(n)),
        }
    }

    /// The fewest whole units at `rate` each that come to more than `self`, both non-negative:
    /// `None` for a rate of 0, or a count past `u64`.
    pub fn fewest_past(self, rate: Decimal) -> Option<u64> {
        // n × b / 10^sb > a / 10^sa  ⇔  n > a × 10^sb / (b × 10^sa)
        let (a, b) = (self.unsigned_mantissa(), rate.unsigned_mantissa());
        let numerator = a.checked_mul(10_u128.checked_pow(rate.scale)?)?;
        let denominator = b.checked_mul(10_u128.checked_pow(self.scale)?)?;
        let floor = numerator.checked_div(denominator)?;
        u64::try_from(floor).ok()?.checked_add(1)
    }

    /// `self ÷ divisor` for non-negative values and a positive divisor, rounded half up to
    /// `places` decimal places (at most `MAX_SCALE`): for showing an exchange rate that is a
    /// quotient of two figures. `None` if the divisor is not positive or the result too long.
    pub fn divided_to(self, divisor: Decimal, places: u32) -> Option<Decimal> {
        if divisor.mantissa <= 0 || self.mantissa < 0 || places > MAX_SCALE {
            return None;
        }
        // (a / 10^sa) / (b / 10^sb) × 10^p = a × 10^(sb + p) / (b × 10^sa)
        let numerator = self
            .mantissa
            .checked_mul(10_i128.checked_pow(divisor.scale + places)?)?;
        let denominator = divisor.mantissa.checked_mul(10_i128.pow(self.scale))?;
        let rounded = (numerator.checked_mul(2)?.checked_add(denominator)?) / (denominator * 2);
        Some(Decimal::normalized(rounded, places))
    }

    /// The value divided by 100 (a percentage as a fraction), exactly.
    #[must_use]
    pub fn percent_to_fraction(self) -> Decimal {
        Decimal::normalized(self.mantissa, self.scale + 2)
    }
}

fn significant_digits(text: &str) -> u32 {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let significant = digits.trim_start_matches('0').trim_end_matches('0');
    u32::try_from(significant.len()).unwrap_or(u32::MAX)
}

impl FromStr for Decimal {
    type Err = DecimalError;

    fn from_str(text: &str) -> Result<Decimal, DecimalError> {
        let syntax = || DecimalError::Syntax(text.to_string());
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        if whole.is_empty() && fraction.is_empty() {
            return Err(syntax());
        }
        if !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
        {
            return Err(syntax());
        }
        if unsigned.ends_with('.') || unsigned.starts_with('.') {
            return Err(syntax());
        }
        let fraction = fraction.trim_end_matches('0');
        let scale = u32::try_from(fraction.len()).map_err(|_| syntax())?;
        if scale > MAX_SCALE {
            return Err(DecimalError::TooPrecise(text.to_string()));
        }
        let digits = format!("{}{fraction}", whole.trim_start_matches('0'));
        if digits.len() > MAX_DIGITS as usize {
            return Err(DecimalError::TooLong(text.to_string()));
        }
        let magnitude: i128 = if digits.is_empty() {
            0
        } else {
            digits.parse().map_err(|_| syntax())?
        };
        let mantissa = if negative { -magnitude } else { magnitude };
        Ok(Decimal::normalized(mantissa, scale))
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale as usize;
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (whole, fraction) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{whole}.{fraction}")
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        // Bring both to the larger scale; the mantissas are small enough (MAX_DIGITS + MAX_SCALE
        // digits at most) that this cannot overflow an i128.
        let scale = self.scale.max(other.scale);
        let widen = |d: &Decimal| d.mantissa * 10_i128.pow(scale - d.scale);
        widen(self).cmp(&widen(other))
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        struct DecimalVisitor;

        impl Visitor<'_> for DecimalVisitor {
            type Value = Decimal;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, or a decimal written as a string")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
                Ok(Decimal::normalized(i128::from(v), 0))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
                Ok(Decimal::from_int(v))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
                Decimal::from_toml_float(v).map_err(E::custom)
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
                v.parse().map_err(E::custom)
            }
        }

        // A compact format (the built-in table's snapshot) holds the two integers, within the
        // bounds text is held to.
        if !deserializer.is_human_readable() {
            let (mantissa, scale) = <(i128, u32)>::deserialize(deserializer)?;
            let limit = 10_i128.pow(MAX_DIGITS);
            if scale > MAX_SCALE || !(-limit < mantissa && mantissa < limit) {
                return Err(de::Error::custom(format!(
                    "a decimal of at most {MAX_DIGITS} digits and {MAX_SCALE} places"
                )));
            }
            return Ok(Decimal::normalized(mantissa, scale));
        }
        deserializer.deserialize_any(DecimalVisitor)
    }
}

impl Serialize for Decimal {
    /// Whole numbers as integers; others as floats when the float spells back to exactly this
    /// decimal (always true within `MAX_FLOAT_DIGITS`), else as a string. A compact format
    /// gets the mantissa and the scale.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            return (self.mantissa, self.scale).serialize(serializer);
        }
        if self.scale == 0 {
            if let Ok(n) = i64::try_from(self.mantissa) {
                return serializer.serialize_i64(n);
            }
        }
        let text = self.to_string();
        match text.parse::<f64>() {
            Ok(f) if Decimal::from_toml_float(f).ok() == Some(*self) => serializer.serialize_f64(f),
            _ => serializer.serialize_str(&text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fewest_units_past_an_amount() {
        let d = |text: &str| text.parse::<Decimal>().unwrap();
        // A quarter cent a follower passes $25 from the 10,001st follower.
        assert_eq!(d("25").fewest_past(d("0.0025")), Some(10_001));
        assert_eq!(d("5").fewest_past(d("0.0025")), Some(2_001));
        assert_eq!(d("0").fewest_past(d("0.0025")), Some(1));
        assert_eq!(d("0.3").fewest_past(d("0.1")), Some(4));
        assert_eq!(d("0.35").fewest_past(d("0.1")), Some(4));
        assert_eq!(d("1").fewest_past(d("0")), None);
        assert_eq!(Decimal::from_int(u64::MAX).fewest_past(d("0.5")), None);
    }

    #[test]
    fn the_last_of_some_places() {
        assert_eq!(Decimal::last_place(3), Some("0.001".parse().unwrap()));
        assert_eq!(Decimal::last_place(9), Some("0.000000001".parse().unwrap()));
        assert_eq!(Decimal::last_place(0), None);
        assert_eq!(Decimal::last_place(10), None);
    }

    #[test]
    fn a_number_with_an_exponent_is_the_decimal_it_spells() {
        let read = |text: &str| Decimal::from_exponent_text(text).map(|d| d.to_string());
        assert_eq!(read("1e-6").as_deref(), Some("0.000001"));
        assert_eq!(read("4.5e-1").as_deref(), Some("0.45"));
        assert_eq!(read("1.5E+6").as_deref(), Some("1500000"));
        assert_eq!(read("2e0").as_deref(), Some("2"));
        assert_eq!(read("1e-12").as_deref(), Some("0.000000000001"));
        assert_eq!(read("1e-18").as_deref(), Some("0.000000000000000001"));
        assert_eq!(read("1.5e-18"), None);
        assert_eq!(read("1e18"), None);
        assert_eq!(read("1e400"), None);
        assert_eq!(read("1e-2147483648"), None);
        assert_eq!(read("1.5"), None);
        assert_eq!(read("e5"), None);
    }

    /// In a compact format a decimal is its two integers, read back within the bounds text is
    /// held to.
    #[test]
    fn a_compact_format_keeps_the_decimal_and_its_bounds() {
        for text in [
            "0.02",
            "182.85",
            "-0.5",
            "999999999999999999",
            "0.000000001",
        ] {
            let bytes = postcard::to_allocvec(&d(text)).unwrap();
            assert_eq!(postcard::from_bytes::<Decimal>(&bytes).unwrap(), d(text));
        }
        let scale_60 = postcard::to_allocvec(&(2_i128, 60_u32)).unwrap();
        assert!(postcard::from_bytes::<Decimal>(&scale_60).is_err());
        let too_long = postcard::to_allocvec(&(10_i128.pow(MAX_DIGITS), 0_u32)).unwrap();
        assert!(postcard::from_bytes::<Decimal>(&too_long).is_err());
    }

    #[test]
    fn divides_to_a_number_of_places() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        // The yen per dollar of the built-in set: 182.85 / 1.1476 = 159.33252004…
        assert_eq!(d("182.85").divided_to(d("1.1476"), 6), Some(d("159.33252")));
        assert_eq!(d("2").divided_to(d("3"), 2), Some(d("0.67")));
        assert_eq!(d("1").divided_to(d("8"), 2), Some(d("0.13")));
        assert_eq!(d("1").divided_to(Decimal::ZERO, 2), None);
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn parses_and_prints_exactly() {
        for (text, shown) in [
            ("0.02", "0.02"),
            ("0.40", "0.4"),
            ("100", "100"),
            ("1.000", "1"),
            ("-0.5", "-0.5"),
            ("007.10", "7.1"),
            ("0", "0"),
            ("0.000000001", "0.000000001"),
        ] {
            assert_eq!(d(text).to_string(), shown, "{text}");
        }
    }

    #[test]
    fn refuses_bad_text() {
        for text in [
            "", ".", "1.", ".5", "1e3", "1,5", "abc", "--1", "0x10", " 1",
        ] {
            assert!(
                text.parse::<Decimal>().is_err(),
                "{text:?} should be refused"
            );
        }
        assert!(matches!(
            "0.0000000001".parse::<Decimal>(),
            Err(DecimalError::TooPrecise(_))
        ));
        assert!(matches!(
            "1234567890123456789".parse::<Decimal>(),
            Err(DecimalError::TooLong(_))
        ));
    }

    #[test]
    fn compares_by_value() {
        assert!(d("0.4") < d("1"));
        assert!(d("0.39") < d("0.4"));
        assert_eq!(d("0.40"), d("0.4"));
        assert!(d("-1") < d("0"));
    }

    #[test]
    fn floats_read_as_written() {
        assert_eq!(Decimal::from_toml_float(0.02).unwrap(), d("0.02"));
        assert_eq!(Decimal::from_toml_float(0.7).unwrap(), d("0.7"));
        assert_eq!(Decimal::from_toml_float(1e3).unwrap(), d("1000"));
        assert!(Decimal::from_toml_float(f64::NAN).is_err());
        assert!(Decimal::from_toml_float(f64::INFINITY).is_err());
        assert_eq!(
            Decimal::from_toml_float(1e300),
            Err(DecimalError::TooLarge("1e300".to_string()))
        );
        assert_eq!(
            Decimal::from_toml_float(1e308).unwrap_err().to_string(),
            "1e308 is too large: a figure must be below 1e18"
        );
        // Exactly as many significant digits as a float holds exactly reads as written; one
        // more is refused, as the float may not be the text that was written.
        assert_eq!(
            Decimal::from_toml_float(123_456.789_012_345).unwrap(),
            d("123456.789012345")
        );
        assert_eq!(
            Decimal::from_toml_float(123_456_789.012_345).unwrap(),
            d("123456789.012345")
        );
        assert!(matches!(
            Decimal::from_toml_float(1_234_567.890_123_456),
            Err(DecimalError::InexactFloat(_))
        ));
        assert!(matches!(
            Decimal::from_toml_float(0.123_456_789_012_345_67),
            Err(DecimalError::InexactFloat(_))
        ));
    }

    #[test]
    fn pads_to_places() {
        assert_eq!(d("0.3").with_places(2), "0.30");
        assert_eq!(d("1").with_places(2), "1.00");
        assert_eq!(d("0.005").with_places(2), "0.005");
        assert_eq!(d("12").with_places(0), "12");
    }

    #[test]
    fn multiplies_exactly() {
        assert_eq!(d("0.7").checked_mul(d("0.3")).unwrap(), d("0.21"));
        assert_eq!(d("6").percent_to_fraction(), d("0.06"));
    }
}
