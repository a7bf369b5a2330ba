//! Text that came from outside (a rates file, a command line, a roster) made safe to show: a
//! leaf that every layer may use.

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

/// Names in a sentence: "A", "A and B", "A, B and C".
pub fn and_list<S: AsRef<str>>(names: &[S]) -> String {
    match names {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
}

/// A character that must not reach a terminal as itself: a control character (C0 or C1), one
/// that reorders text on screen, or one that takes no room (a zero-width space, a word joiner,
/// a byte-order mark), which would make `'\u{feff}2m' is not a count` read as `'2m'`. The
/// zero-width joiners of emoji sequences are left to join.
pub fn unsafe_to_show(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200b}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_read_as_a_sentence_lists_them() {
        assert_eq!(super::and_list::<&str>(&[]), "");
        assert_eq!(super::and_list(&["Sponsorship"]), "Sponsorship");
        assert_eq!(super::and_list(&["A", "B"]), "A and B");
        assert_eq!(
            super::and_list(&["Sponsorship", "Affiliate", "LIVE gifts"]),
            "Sponsorship, Affiliate and LIVE gifts"
        );
    }

    use super::printable;

    #[test]
    fn escapes_control_characters() {
        assert_eq!(printable("Creator Fund"), "Creator Fund");
        assert_eq!(printable("bad\u{1b}[31mred"), "bad\\u{1b}[31mred");
        assert_eq!(printable("two\nlines"), "two\\nlines");
        assert_eq!(printable("c1\u{9b}31m"), "c1\\u{9b}31m");
        assert_eq!(printable("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(printable("\u{feff}2m"), "\\u{feff}2m");
        assert_eq!(printable("1\u{200b}000"), "1\\u{200b}000");
        // A family emoji is joined with U+200D, which stays.
        assert_eq!(
            printable("@ana \u{1f469}\u{200d}\u{1f467}"),
            "@ana \u{1f469}\u{200d}\u{1f467}"
        );
    }
}
