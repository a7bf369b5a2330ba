//! The number parsers: anything typed as a count, an amount, a percentage, a share or a decimal.
#![no_main]

use earn::Decimal;
use earn::count::{parse_amount, parse_count, parse_dollars, parse_percent, parse_share};
use earn::money::{Unit, group_thousands};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(n) = parse_count(text) {
        // Whatever was accepted reads back the same from its grouped spelling.
        assert_eq!(parse_count(&group_thousands(n)), Ok(n));
    }
    if let Ok(amount) = parse_dollars(text) {
        // An accepted amount is positive and reads back the same as the dollars it prints as.
        assert!(amount.minor() > 0);
        assert_eq!(parse_dollars(&amount.to_string()), Ok(amount));
    }
    // The same in a currency without a minor unit: whole yen, reading back from their digits.
    let yen = Unit::new("¥", 0).expect("a short symbol");
    if let Ok(amount) = parse_amount(text).and_then(|a| a.in_unit(yen, "JPY", |sign| sign == "¥"))
    {
        assert!(amount.minor() > 0);
        let again =
            parse_amount(&amount.plain()).and_then(|a| a.in_unit(yen, "JPY", |sign| sign == "¥"));
        assert_eq!(again, Ok(amount));
    }
    if let Ok(p) = parse_percent(text) {
        assert!(!p.is_negative() && p <= Decimal::from_int(100));
    }
    if let Ok(s) = parse_share(text) {
        assert!(!s.is_negative() && s <= Decimal::ONE);
    }
    if let Ok(d) = text.parse::<Decimal>() {
        // A decimal prints to text that parses back to itself.
        assert_eq!(d.to_string().parse::<Decimal>(), Ok(d));
    }
});
