//! Rendering an estimate: each format is one function from a result to bytes on a `Write`.

pub mod check;
pub mod csv;
pub mod json;
pub mod milestones;
pub mod month;
pub mod month_row;
pub mod rates;
pub mod row;
pub mod table;
pub mod target;
pub mod wrap;

use crate::estimate::Conversion;
use crate::rates::RateTable;

/// "Amounts in JPY, converted from USD at 159.33252 JPY per USD (fx rates of 2026-03-13: …)",
/// for tables; `None` when the amounts are in the table's own currency.
pub fn fx_note(table: &RateTable, conversion: &Conversion) -> Option<String> {
    let rate = conversion.rate?;
    let exact = format!("{} ÷ {}", rate.to_per_base, rate.from_per_base);
    let shown = match rate.shown() {
        Some(rounded) => format!("{exact} (≈ {rounded})"),
        None => exact,
    };
    let source = table
        .fx
        .sources
        .first()
        .map(|s| format!(": {}", s.title))
        .unwrap_or_default();
    Some(printable(&format!(
        "Amounts in {to}, converted exactly from {from} at {shown} {to} per {from} (exchange rates of {as_of}{source}), then rounded once.",
        to = conversion.code,
        from = table.currency,
        as_of = table.fx.as_of,
    ))
    .into_owned())
}

/// Makes text from a rates file safe to print: control characters (which could carry terminal
/// escape sequences, C1 ones included) and the invisible characters that reorder text on
/// screen (bidirectional overrides and isolates) are shown escaped instead of sent.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(unsafe_to_show) {
        text.chars()
            .map(|c| {
                if unsafe_to_show(c) {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// A character that must not reach a terminal as itself: a control character (C0 or C1) or one
/// that reorders text on screen.
pub fn unsafe_to_show(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn escapes_control_characters() {
        assert_eq!(printable("Creator Fund"), "Creator Fund");
        assert_eq!(printable("bad\u{1b}[31mred"), "bad\\u{1b}[31mred");
        assert_eq!(printable("two\nlines"), "two\\nlines");
        assert_eq!(printable("c1\u{9b}31m"), "c1\\u{9b}31m");
        assert_eq!(printable("abc\u{202e}fed"), "abc\\u{202e}fed");
    }
}
