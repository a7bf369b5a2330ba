//! Exact money: amounts in whole cents, computed from exact products and rounded once.
//!
//! An estimate is `quantity × rate ÷ per × factor × factor …`. Every term is an integer or an
//! exact `Decimal`, so the product is an integer fraction whose denominator is a power of ten
//! times `per`. It is kept as that fraction, in `u128`, until the very end, where it is rounded
//! to cents (half away from zero) exactly once. Any step that would leave the `u128` range is
//! reported rather than wrapped or saturated.

use std::fmt;

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use crate::decimal::Decimal;

/// A non-negative amount of US dollars, in cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money {
    cents: u64,
}

impl Money {
    pub const ZERO: Money = Money { cents: 0 };

    pub fn from_cents(cents: u64) -> Money {
        Money { cents }
    }

    pub fn cents(self) -> u64 {
        self.cents
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.cents.checked_add(other.cents).map(Money::from_cents)
    }

    /// The amount as a plain decimal with two places and no symbol or grouping: `12345.67`.
    pub fn plain(self) -> String {
        format!("{}.{:02}", self.cents / 100, self.cents % 100)
    }
}

impl fmt::Display for Money {
    /// `$12,345.67`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!(
            "${}.{:02}",
            group_thousands(self.cents / 100),
            self.cents % 100
        );
        f.pad(&text)
    }
}

impl Serialize for Money {
    /// A JSON number with exactly two decimals, written from the integer cents so that no binary
    /// float ever stands between the computation and the output.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw = RawValue::from_string(self.plain()).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

/// A dollar figure from the rate table, with at least two decimals: `$0.40`, `$1,000.00`,
/// `$0.005`.
pub fn dollars(amount: Decimal) -> String {
    let text = amount.with_places(2);
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, "00"));
    let whole = whole
        .parse::<u64>()
        .map_or_else(|_| whole.to_string(), group_thousands);
    format!("${whole}.{fraction}")
}

/// `1234567` → `1,234,567`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An exact product of non-negative terms, held as `numerator / denominator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Product {
    numerator: u128,
    denominator: u128,
}

/// A product left the range in which it can be computed exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the amount is too large to compute exactly")]
pub struct OutOfRange;

impl Product {
    /// `quantity ÷ divisor`.
    pub fn new(quantity: u64, divisor: u64) -> Product {
        Product {
            numerator: u128::from(quantity),
            denominator: u128::from(divisor.max(1)),
        }
    }

    /// Multiplies by a non-negative decimal.
    pub fn times(self, factor: Decimal) -> Result<Product, OutOfRange> {
        debug_assert!(!factor.is_negative(), "validation refuses negative figures");
        let numerator = self
            .numerator
            .checked_mul(factor.unsigned_mantissa())
            .ok_or(OutOfRange)?;
        let denominator = 10_u128
            .checked_pow(factor.scale())
            .and_then(|p| self.denominator.checked_mul(p))
            .ok_or(OutOfRange)?;
        Ok(Product {
            numerator,
            denominator,
        }
        .reduced())
    }

    /// Rounds to whole cents, half away from zero (for these non-negative amounts, half up).
    pub fn to_money(self) -> Result<Money, OutOfRange> {
        // cents = floor(n × 100 / d + ½) = floor((200 n + d) / 2d)
        let twice_scaled = self.numerator.checked_mul(200).ok_or(OutOfRange)?;
        let numerator = twice_scaled
            .checked_add(self.denominator)
            .ok_or(OutOfRange)?;
        let denominator = self.denominator.checked_mul(2).ok_or(OutOfRange)?;
        u64::try_from(numerator / denominator)
            .map(Money::from_cents)
            .map_err(|_| OutOfRange)
    }

    /// Divides out common powers of ten, keeping the numbers small so long chains of factors
    /// stay in range. (The denominator is always `per × 10^k`, so tens are what it shares.)
    fn reduced(mut self) -> Product {
        while self.numerator % 10 == 0 && self.denominator % 10 == 0 && self.denominator > 1 {
            self.numerator /= 10;
            self.denominator /= 10;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn prints_rate_figures_as_dollars() {
        assert_eq!(dollars(d("0.4")), "$0.40");
        assert_eq!(dollars(d("0.005")), "$0.005");
        assert_eq!(dollars(d("1000")), "$1,000.00");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(1_000_000), "1,000,000");
        assert_eq!(group_thousands(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn creator_fund_million_views_is_exact() {
        let low = Product::new(1_000_000, 1000).times(d("0.02")).unwrap();
        let high = Product::new(1_000_000, 1000).times(d("0.04")).unwrap();
        assert_eq!(low.to_money().unwrap(), Money::from_cents(2000));
        assert_eq!(high.to_money().unwrap(), Money::from_cents(4000));
    }

    #[test]
    fn rounds_half_away_from_zero_once() {
        // 1 view × $0.005 = half a cent → rounds up to 1 cent.
        let half = Product::new(1, 1).times(d("0.005")).unwrap();
        assert_eq!(half.to_money().unwrap(), Money::from_cents(1));
        // 0.004999… stays at 0; rounding happens only at the end, not per factor:
        // 1 × 0.0049 × 1.02 = 0.004998 → 0 cents, where rounding 0.0049 first would give 1.
        let below = Product::new(1, 1)
            .times(d("0.0049"))
            .unwrap()
            .times(d("1.02"))
            .unwrap();
        assert_eq!(below.to_money().unwrap(), Money::ZERO);
    }

    #[test]
    fn reports_overflow() {
        let big = Product::new(u64::MAX, 1).times(d("999999999")).unwrap();
        assert_eq!(big.to_money(), Err(OutOfRange));
    }
}
