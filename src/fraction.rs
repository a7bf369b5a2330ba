//! Exact fractions of non-negative integers, in `u128`: the product of a channel's figures,
//! and the mixed number that multiplies it by a quantity without passing `u128`.
//!
//! Every figure is an exact `Decimal`, so a product of figures is an integer fraction whose
//! denominator is a power of ten times `per`. The rates loader refuses a table whose figures
//! could make a denominator too long for `u128` ([`Product::denominator_fits`]), so nothing
//! here needs more than `u128`, and nothing rounds before the one rounding to minor units (in
//! `money`).

use crate::decimal::Decimal;
use crate::unit::Unit;

/// The exact product of a channel's figures for one unit of its quantity (`rate ÷ per ×
/// factor …`), held as `numerator / denominator`, each `None` once it passes `u128`.
///
/// Validation keeps every table's denominators within what an amount's arithmetic
/// (`money::Scale`) takes (see [`Product::denominator_fits`]); a numerator past `u128` is an
/// amount past any that can be given, where the denominator is small enough to prove it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Product {
    numerator: Option<u128>,
    denominator: Option<u128>,
}

/// A figure as a fraction: `mantissa / 10^scale`.
pub fn part(figure: Decimal) -> (u128, u128) {
    debug_assert!(!figure.is_negative(), "validation refuses negative figures");
    (figure.unsigned_mantissa(), power_of_ten(figure.scale()))
}

/// One over a figure, which validation makes sure is positive.
pub fn inverse(figure: Decimal) -> (u128, u128) {
    let (numerator, denominator) = part(figure);
    (denominator, numerator)
}

impl Product {
    /// The product of fractions, each a numerator and a denominator.
    pub fn of(parts: impl IntoIterator<Item = (u128, u128)>) -> Product {
        parts
            .into_iter()
            .fold(Product::per(1), |p, (n, d)| p.times_fraction(n, d))
    }

    /// `1 ÷ per`: one unit of a quantity priced per `per`.
    pub fn per(per: u64) -> Product {
        Product {
            numerator: Some(1),
            denominator: Some(u128::from(per.max(1))),
        }
    }

    /// Multiplies by `numerator ÷ denominator`: a figure, or (for validation) the largest
    /// numerator and denominator a figure can have.
    #[must_use]
    pub fn times_fraction(self, numerator: u128, denominator: u128) -> Product {
        if numerator == 0 {
            return Product {
                numerator: Some(0),
                denominator: Some(1),
            };
        }
        Product {
            numerator: self.numerator.and_then(|n| n.checked_mul(numerator)),
            denominator: self.denominator.and_then(|d| d.checked_mul(denominator)),
        }
    }

    /// Multiplies by the largest numerator and the largest denominator among `figures`: a
    /// bound on the product with whichever one of them is chosen, as validation builds it.
    #[must_use]
    pub fn times_any(self, figures: impl IntoIterator<Item = Decimal>) -> Product {
        let (numerator, denominator) = figures.into_iter().fold((1, 1), |(n, d), figure| {
            (
                figure.unsigned_mantissa().max(n),
                power_of_ten(figure.scale()).max(d),
            )
        });
        self.times_fraction(numerator, denominator)
    }

    /// Multiplies by a non-negative decimal, exactly.
    #[must_use]
    pub fn times(self, factor: Decimal) -> Product {
        let (numerator, denominator) = part(factor);
        self.times_fraction(numerator, denominator)
    }

    /// Divides by a positive decimal, exactly.
    #[must_use]
    pub fn divided_by(self, divisor: Decimal) -> Product {
        let (numerator, denominator) = inverse(divisor);
        self.times_fraction(numerator, denominator)
    }

    /// The numerator and the denominator, each `None` past `u128`.
    pub(crate) fn parts(self) -> (Option<u128>, Option<u128>) {
        (self.numerator, self.denominator)
    }

    /// Whether the denominator is at most 2^127, what an amount's arithmetic takes: the rates
    /// loader checks this of a bound on every product a channel's figures can make, so that no
    /// amount is beyond computing for their decimal places.
    pub fn denominator_fits(self) -> bool {
        self.denominator
            .is_some_and(|d| d <= Mixed::MAX_DENOMINATOR)
    }

    /// Whether a numerator past `u128` means an amount past every one that can be given in
    /// `unit`: it does while the denominator is at most 2^64 × the minor units of a major one,
    /// the amount then being at least 2^128 ÷ that = 2^64 minor units a unit of quantity, past
    /// `u64::MAX`.
    pub(crate) fn past_every_amount(self, unit: Unit) -> bool {
        self.numerator.is_none()
            && self
                .denominator
                .is_some_and(|d| d <= u128::from(unit.minor_per_major()) << 64)
    }

    /// `quantity ÷ self`, in hundredths rounded half up, and whether that is exact: the views
    /// `earn target`'s working shows, to two places, for an amount of `quantity` minor units of
    /// `unit`. `None` when the product is zero or the arithmetic passes `u128`.
    pub fn hundredths_of(self, quantity: u64, unit: Unit) -> Option<(u128, bool)> {
        let (numerator, denominator) = (self.numerator?, self.denominator?);
        if numerator == 0 {
            return None;
        }
        let divisor = numerator.checked_mul(u128::from(unit.minor_per_major()))?;
        let divisor_gcd = gcd(denominator, divisor);
        let views = Mixed::new(denominator / divisor_gcd, divisor / divisor_gcd)?
            .times(quantity)?
            .times(100)?;
        Some((views.rounded()?, views.part == 0))
    }
}

/// `10^n`, for the scale of a decimal (at most `MAX_SCALE`, well within `u128`).
fn power_of_ten(n: u32) -> u128 {
    10_u128.checked_pow(n).unwrap_or(u128::MAX)
}

/// Why a product cannot be held as a [`Mixed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Beyond {
    /// Its denominator passes [`Mixed::MAX_DENOMINATOR`]: validation rules that out.
    Denominator,
    /// Its whole part passes `u128`: an amount past every one that can be given.
    Whole,
}

/// `whole + part ÷ denominator`, with `part < denominator ≤ 2^127`: a fraction that can be
/// multiplied by any `u64` exactly, for as long as its whole part fits in `u128`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mixed {
    whole: u128,
    pub(crate) part: u128,
    denominator: u128,
}

impl Mixed {
    /// The largest denominator: twice a remainder below it still fits in `u128`.
    pub(crate) const MAX_DENOMINATOR: u128 = 1 << 127;

    pub(crate) fn new(numerator: u128, denominator: u128) -> Option<Mixed> {
        (1..=Mixed::MAX_DENOMINATOR)
            .contains(&denominator)
            .then(|| Mixed {
                whole: numerator / denominator,
                part: numerator % denominator,
                denominator,
            })
    }

    /// `self × k`, exactly; `None` when the whole part passes `u128`. `part × k` is worked
    /// out bit by bit of `k`, doubling and adding modulo the denominator, so that no step
    /// exceeds twice the denominator.
    pub(crate) fn times(self, k: u64) -> Option<Mixed> {
        let denominator = self.denominator;
        let (mut carry, mut part) = (0_u128, 0_u128);
        for bit in (0..u64::BITS - k.leading_zeros()).rev() {
            carry <<= 1;
            part <<= 1;
            if part >= denominator {
                part -= denominator;
                carry += 1;
            }
            if k >> bit & 1 == 1 {
                part += self.part;
                if part >= denominator {
                    part -= denominator;
                    carry += 1;
                }
            }
        }
        Some(Mixed {
            whole: self.whole.checked_mul(u128::from(k))?.checked_add(carry)?,
            part,
            denominator,
        })
    }

    /// The product of fractions as a mixed number over the product of their denominators:
    /// exact however long the product of the numerators, where [`Product`] passes `u128`.
    pub(crate) fn product(
        parts: impl Iterator<Item = (u128, u128)> + Clone,
    ) -> Result<Mixed, Beyond> {
        let denominator = parts
            .clone()
            .try_fold(1_u128, |d, (_, part)| d.checked_mul(part));
        let mut product = denominator
            .and_then(|d| Mixed::new(1, d))
            .ok_or(Beyond::Denominator)?;
        for (numerator, _) in parts {
            product = product.times_wide(numerator).ok_or(Beyond::Whole)?;
        }
        Ok(product)
    }

    /// `self × k` for a `k` that may pass `u64`: `k` in two halves, `self × high × 2^64 + self
    /// × low`.
    fn times_wide(self, k: u128) -> Option<Mixed> {
        let high = u64::try_from(k >> 64).ok()?;
        let low = self.times(u64::try_from(k & u128::from(u64::MAX)).ok()?)?;
        if high == 0 {
            return Some(low);
        }
        let high = self.times(high)?.times(1 << 32)?.times(1 << 32)?;
        // Both parts are below a denominator of at most 2^127, so their sum fits.
        let sum = high.part + low.part;
        let carry = sum >= self.denominator;
        Some(Mixed {
            whole: high
                .whole
                .checked_add(low.whole)?
                .checked_add(u128::from(carry))?,
            part: if carry { sum - self.denominator } else { sum },
            denominator: self.denominator,
        })
    }

    /// Rounded to a whole number, half up.
    pub(crate) fn rounded(self) -> Option<u128> {
        let up = self.part >= self.denominator - self.part;
        self.whole.checked_add(u128::from(up))
    }
}

/// The greatest common divisor, by Stein's binary method (shifts and subtractions, which are
/// cheap on `u128`, where division is not); `gcd(0, d)` is `d`, and `gcd(0, 0)` is 1 so that
/// dividing by it is safe.
pub(crate) fn gcd(mut a: u128, mut b: u128) -> u128 {
    if a == 0 || b == 0 {
        return (a | b).max(1);
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            (a, b) = (b, a);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    pub(crate) fn product(per: u64, figures: &[&str]) -> Product {
        figures.iter().fold(Product::per(per), |p, f| p.times(d(f)))
    }

    #[test]
    fn a_denominator_fits_to_2_to_the_127() {
        // Four 9-place figures over 1,000: a 39-digit denominator, past 2^127.
        let four = product(1000, &["0.400000001"; 4]);
        assert!(!four.denominator_fits());
        assert!(product(1000, &["0.400000001"; 3]).denominator_fits());
        assert!(
            Product::per(1)
                .times_fraction(1, 1 << 127)
                .denominator_fits()
        );
        assert!(
            !Product::per(2)
                .times_fraction(1, 1 << 127)
                .denominator_fits()
        );
    }

    #[test]
    fn a_long_numerator_is_past_every_amount_over_a_short_denominator() {
        let huge = product(1, &["999999999999999999"; 3]);
        assert_eq!(huge.numerator, None);
        assert!(huge.past_every_amount(Unit::DOLLARS));
        // Over 10^27 (three 9-place figures), it could be any size.
        let fine = product(1, &["999999999.999999999"; 3]);
        assert_eq!(fine.parts(), (None, Some(10_u128.pow(27))));
        assert!(!fine.past_every_amount(Unit::DOLLARS));
        // The edge: 2^64 × 100 for cents, 2^64 for yen.
        let yen = Unit::new("¥", 0).unwrap();
        let at = |d| Product {
            numerator: None,
            denominator: Some(d),
        };
        assert!(at(100 << 64).past_every_amount(Unit::DOLLARS));
        assert!(!at((100 << 64) + 1).past_every_amount(Unit::DOLLARS));
        assert!(at(1 << 64).past_every_amount(yen));
        assert!(!at((1 << 64) + 1).past_every_amount(yen));
        // A zero figure makes the product exactly zero, whatever came before.
        let zero = product(1, &["999999999999999999", "999999999999999999", "0"]);
        assert_eq!(zero.parts(), (Some(0), Some(1)));
    }

    #[test]
    fn times_wide_carries_parts_that_add_up_to_a_whole() {
        // A third times 2^64 + 2: the halves leave a third and two thirds, one more whole.
        let third = Mixed::new(1, 3).unwrap();
        let k = (1 << 64) + 2;
        let product = third.times_wide(k).unwrap();
        assert_eq!((product.whole, product.part), (k / 3, 0));
        assert_eq!(Mixed::new(4, 3).unwrap().times_wide(u128::MAX), None);
    }

    #[test]
    fn hundredths_of_a_quotient() {
        // $10 at $0.40 per 1,000 views: 25,000 views exactly.
        let rate = product(1000, &["0.4"]);
        assert_eq!(
            rate.hundredths_of(1000, Unit::DOLLARS),
            Some((2_500_000, true))
        );
        // $1 at $0.03 per 1,000: 33,333.33… views, not exact.
        let third = product(1000, &["0.03"]);
        assert_eq!(
            third.hundredths_of(100, Unit::DOLLARS),
            Some((3_333_333, false))
        );
        // Two-thirds of a hundredth rounds up: $0.02 at $3 a view is 0.00666… views.
        assert_eq!(
            product(1, &["3"]).hundredths_of(2, Unit::DOLLARS),
            Some((1, false))
        );
        assert_eq!(product(1, &["0"]).hundredths_of(100, Unit::DOLLARS), None);
    }

    #[test]
    fn gcd_of_the_edge_cases() {
        assert_eq!(gcd(12, 18), 6);
        assert_eq!(gcd(18, 12), 6);
        assert_eq!(gcd(0, 5), 5);
        assert_eq!(gcd(7, 0), 7);
        assert_eq!(gcd(0, 0), 1);
        assert_eq!(gcd(17, 5), 1);
        assert_eq!(gcd(1 << 100, 3 << 60), 1 << 60);
        assert_eq!(gcd(u128::MAX, u128::MAX), u128::MAX);
    }

    /// `a × b` as its high and low 128 bits: the tests' own exact arithmetic, by the
    /// schoolbook method on 64-bit halves.
    pub(crate) fn wide(a: u128, b: u128) -> (u128, u128) {
        let half = |n: u128| (n >> 64, n & u128::from(u64::MAX));
        let ((a1, a0), (b1, b0)) = (half(a), half(b));
        let (low, cross_a, cross_b) = (a0 * b0, a0 * b1, a1 * b0);
        let middle = (low >> 64) + half(cross_a).1 + half(cross_b).1;
        let high = a1 * b1 + (cross_a >> 64) + (cross_b >> 64) + (middle >> 64);
        (high, (middle << 64) | half(low).1)
    }

    pub(crate) fn wide_add((high, low): (u128, u128), n: u128) -> (u128, u128) {
        let (low, carry) = low.overflowing_add(n);
        (high + u128::from(carry), low)
    }

    #[test]
    fn wide_multiplies_at_the_edges() {
        assert_eq!(wide(u128::MAX, u128::MAX), (u128::MAX - 1, 1));
        assert_eq!(wide(1 << 64, 1 << 64), (1, 0));
        assert_eq!(wide(3, 5), (0, 15));
        assert_eq!(wide_add((0, u128::MAX), 1), (1, 0));
    }

    proptest::proptest! {
        /// A `k` past u64 multiplies as its two factors do one after the other.
        #[test]
        fn times_wide_is_times_twice(
            a in proptest::prelude::any::<u64>(),
            b in proptest::prelude::any::<u64>(),
            denominator in 1..=Mixed::MAX_DENOMINATOR,
            part in proptest::prelude::any::<u128>(),
        ) {
            let mixed = Mixed { whole: 0, part: part % denominator, denominator };
            let twice = mixed.times(a).and_then(|m| m.times(b));
            proptest::prop_assert_eq!(mixed.times_wide(u128::from(a) * u128::from(b)), twice);
        }

        /// `part × k` is carried and kept below the denominator exactly as the wide product
        /// says: `k × part = carry × denominator + part'`.
        #[test]
        fn mixed_times_is_the_wide_product(
            k in proptest::prelude::any::<u64>(),
            denominator in 1..=Mixed::MAX_DENOMINATOR,
            part in proptest::prelude::any::<u128>(),
            whole in 0_u128..1 << 60,
        ) {
            let part = part % denominator;
            let mixed = Mixed { whole, part, denominator };
            let product = mixed.times(k).unwrap();
            proptest::prop_assert!(product.part < denominator);
            let carry = product.whole - whole * u128::from(k);
            proptest::prop_assert_eq!(
                wide(u128::from(k), part),
                wide_add(wide(carry, denominator), product.part)
            );
        }

    }
}
