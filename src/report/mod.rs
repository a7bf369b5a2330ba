//! Rendering an estimate: each format is one function from a result to bytes on a `Write`.

pub mod check;
pub mod csv;
pub mod json;
pub mod milestones;
pub mod rates;
pub mod table;
pub mod target;

/// Makes text from a rates file safe to print: control characters (which could carry terminal
/// escape sequences) are shown escaped instead of sent.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(char::is_control) {
        text.chars()
            .map(|c| {
                if c.is_control() {
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

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn escapes_control_characters() {
        assert_eq!(printable("Creator Fund"), "Creator Fund");
        assert_eq!(printable("bad\u{1b}[31mred"), "bad\\u{1b}[31mred");
        assert_eq!(printable("two\nlines"), "two\\nlines");
    }
}
