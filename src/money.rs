//! Exact money: amounts in whole cents, computed from exact products and rounded once.
//!
//! An estimate is `quantity × rate ÷ per × factor × factor …`. Every term is an integer or an
//! exact `Decimal`, so the product is an integer fraction whose denominator is a power of ten
//! times `per`. It is kept as that fraction, in `u128`, until the very end, where it is rounded
//! to cents (half away from zero) exactly once. A product too long for `u128` continues in
//! arbitrary-precision integers; an amount too large for the output is reported rather than
//! wrapped or saturated.

use std::fmt;

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use num_bigint::BigUint;

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
    format!("${}.{fraction}", group_digits(whole))
}

/// `1234567` → `1,234,567`.
pub fn group_thousands(n: u64) -> String {
    group_digits(&n.to_string())
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

/// An exact product of non-negative terms, held as `numerator / denominator`.
///
/// Most products fit in `u128` and are computed there. A product of many figures with many
/// decimal places can need more digits than that (four 9-place figures and a divisor of 1,000
/// make a 39-digit denominator); such a product moves to arbitrary-precision integers rather
/// than being rounded early or refused. Only an amount too large for the output (more than
/// `u64::MAX` cents) is an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Product {
    Small {
        numerator: u128,
        denominator: u128,
    },
    Big {
        numerator: BigUint,
        denominator: BigUint,
    },
}

/// An amount too large to give in cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "the amount is too large to compute exactly: over {}, the most earn can represent",
    Money::from_cents(u64::MAX)
)]
pub struct OutOfRange;

impl Product {
    /// `quantity ÷ divisor`.
    pub fn new(quantity: u64, divisor: u64) -> Product {
        Product::Small {
            numerator: u128::from(quantity),
            denominator: u128::from(divisor.max(1)),
        }
    }

    /// Multiplies by a non-negative decimal, exactly.
    #[must_use]
    pub fn times(self, factor: Decimal) -> Product {
        debug_assert!(!factor.is_negative(), "validation refuses negative figures");
        let mantissa = factor.unsigned_mantissa();
        let power = 10_u128.checked_pow(factor.scale());
        if let Product::Small {
            numerator,
            denominator,
        } = self
        {
            let small = power.and_then(|p| {
                Some(Product::Small {
                    numerator: numerator.checked_mul(mantissa)?,
                    denominator: denominator.checked_mul(p)?,
                })
            });
            if let Some(product) = small {
                return product;
            }
        }
        let (numerator, denominator) = self.into_big();
        Product::Big {
            numerator: numerator * BigUint::from(mantissa),
            denominator: denominator * BigUint::from(10_u32).pow(factor.scale()),
        }
    }

    fn into_big(self) -> (BigUint, BigUint) {
        match self {
            Product::Small {
                numerator,
                denominator,
            } => (BigUint::from(numerator), BigUint::from(denominator)),
            Product::Big {
                numerator,
                denominator,
            } => (numerator, denominator),
        }
    }

    /// Rounds to whole cents, half away from zero (for these non-negative amounts, half up):
    /// `cents = floor((200 n + d) / 2d)`.
    pub fn to_money(self) -> Result<Money, OutOfRange> {
        if let Product::Small {
            numerator,
            denominator,
        } = self
        {
            let exact = numerator
                .checked_mul(200)
                .and_then(|n| n.checked_add(denominator))
                .zip(denominator.checked_mul(2))
                .map(|(n, d)| n / d);
            if let Some(cents) = exact {
                return u64::try_from(cents)
                    .map(Money::from_cents)
                    .map_err(|_| OutOfRange);
            }
        }
        let (numerator, denominator) = self.into_big();
        let cents = (numerator * 200_u32 + &denominator) / (denominator * 2_u32);
        u64::try_from(cents)
            .map(Money::from_cents)
            .map_err(|_| OutOfRange)
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

    fn product(quantity: u64, per: u64, figures: &[&str]) -> Product {
        figures
            .iter()
            .fold(Product::new(quantity, per), |p, f| p.times(d(f)))
    }

    #[test]
    fn creator_fund_million_views_is_exact() {
        let low = product(1_000_000, 1000, &["0.02"]);
        let high = product(1_000_000, 1000, &["0.04"]);
        assert_eq!(low.to_money().unwrap(), Money::from_cents(2000));
        assert_eq!(high.to_money().unwrap(), Money::from_cents(4000));
    }

    #[test]
    fn rounds_half_away_from_zero_once() {
        // 1 diamond × $0.005 = half a cent → rounds up to 1 cent.
        assert_eq!(
            product(1, 1, &["0.005"]).to_money().unwrap(),
            Money::from_cents(1)
        );
        // Rounding happens only at the end, not per factor: 1 × 0.0049 × 1.02 = 0.004998 → 0
        // cents, where rounding 0.0049 first would give 1.
        let below = product(1, 1, &["0.0049", "1.02"]);
        assert_eq!(below.to_money().unwrap(), Money::ZERO);
    }

    #[test]
    fn reports_an_amount_too_large_for_cents() {
        let big = product(u64::MAX, 1, &["999999999"]);
        assert_eq!(big.to_money(), Err(OutOfRange));
    }

    #[test]
    fn many_decimal_places_stay_exact() {
        // Four 9-place figures over 1,000: a 39-digit denominator, past u128.
        let p = product(
            1_000_000,
            1000,
            &["0.400000001", "0.300000001", "0.700000001", "1.500000001"],
        );
        assert!(matches!(p, Product::Big { .. }));
        // 1,000 × ≈0.126 = $126.000000… → 12,600 cents.
        assert_eq!(p.to_money().unwrap(), Money::from_cents(12_600));
        // And the big path rounds like the small one.
        let small = product(3, 1, &["0.005"]).to_money().unwrap();
        let big = product(
            3,
            1,
            &[
                "0.005",
                "0.000000001",
                "1000000000",
                "0.000000001",
                "1000000000",
            ],
        )
        .times(d("0.000000001"))
        .times(d("1000000000"))
        .to_money()
        .unwrap();
        assert_eq!(small, big);
    }

    #[test]
    fn rounding_is_exact_at_the_half_cent() {
        // 3 × 0.005 = 0.015 → 0.02; 1 × 0.00499999999 is not a half and rounds down.
        assert_eq!(
            product(3, 1, &["0.005"]).to_money().unwrap(),
            Money::from_cents(2)
        );
        assert_eq!(
            product(1, 1, &["0.004999999"]).to_money().unwrap(),
            Money::ZERO
        );
    }
}
