//! A currency's unit: its symbol and the decimal places of its minor unit. A leaf of its own,
//! so that the rate table's loader (which `build.rs` also compiles) needs nothing of `money`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The most bytes a currency symbol may have (`R$`, `MX$`, `₹`).
pub const MAX_SYMBOL_BYTES: usize = 8;
/// The most decimal places a currency's minor unit may have (ISO 4217 uses at most 3).
pub const MAX_DECIMALS: u32 = 3;

/// How amounts of one currency are written and rounded: its symbol, and how many decimal
/// places its minor unit has (2 for cents, 0 for the yen). Small and `Copy`, so that every
/// amount carries its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Unit {
    symbol: [u8; MAX_SYMBOL_BYTES],
    len: u8,
    decimals: u8,
}

impl Unit {
    /// Dollars and cents: what `Money::from_cents` counts in.
    pub const DOLLARS: Unit = Unit {
        symbol: *b"$\0\0\0\0\0\0\0",
        len: 1,
        decimals: 2,
    };

    /// A unit with this symbol and this many decimal places; `None` if the symbol is longer
    /// than `MAX_SYMBOL_BYTES` or the places more than `MAX_DECIMALS`.
    pub fn new(symbol: &str, decimals: u32) -> Option<Unit> {
        let bytes = symbol.as_bytes();
        if bytes.len() > MAX_SYMBOL_BYTES || decimals > MAX_DECIMALS {
            return None;
        }
        let mut inline = [0; MAX_SYMBOL_BYTES];
        inline[..bytes.len()].copy_from_slice(bytes);
        Some(Unit {
            symbol: inline,
            len: u8::try_from(bytes.len()).ok()?,
            decimals: u8::try_from(decimals).ok()?,
        })
    }

    pub fn symbol(&self) -> &str {
        // Copied from a `&str` whole, so always UTF-8.
        std::str::from_utf8(&self.symbol[..usize::from(self.len)]).unwrap_or_default()
    }

    /// Decimal places of the minor unit.
    pub fn decimals(self) -> u32 {
        u32::from(self.decimals)
    }

    /// Minor units in one major unit: 100 for cents, 1 for the yen.
    pub fn minor_per_major(self) -> u64 {
        10_u64.pow(self.decimals())
    }
}

/// A unit is written as its symbol and its places, and read back through `Unit::new`.
impl Serialize for Unit {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.symbol(), self.decimals()).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Unit {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Unit, D::Error> {
        let (symbol, decimals) = <(String, u32)>::deserialize(deserializer)?;
        Unit::new(&symbol, decimals).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "a currency symbol of at most {MAX_SYMBOL_BYTES} bytes and at most {MAX_DECIMALS} decimal places"
            ))
        })
    }
}
