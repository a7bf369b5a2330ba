//! Text that came from outside (a rates file, a command line, a roster) made safe to show: a
//! leaf that every layer may use.

use std::borrow::Cow;
use std::fmt::Write;

/// Makes text from a rates file safe to print: control characters (which could carry terminal
/// escape sequences, C1 ones included) and the invisible characters that reorder text on
/// screen (bidirectional overrides and isolates) are shown escaped instead of sent.
pub fn printable(text: &str) -> Cow<'_, str> {
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

/// [`printable`], for a line of a diagnostic: a word over `LONG_WORD` characters, which only
/// a pasted or generated input makes (a 100,000-digit count quoted back), is shown by its
/// start, its length and its end, inside the quotes and marks around it (`'999…(100,000
/// characters)…999':`), so that the line stays one a log reader can take. Paths and URLs are
/// far shorter.
pub fn for_a_line(text: &str) -> Cow<'_, str> {
    const LONG_WORD: usize = 1_000;
    if text.len() <= LONG_WORD
        || !text
            .split_whitespace()
            .any(|word| word.chars().count() > LONG_WORD)
    {
        return printable(text);
    }
    let mut line = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        line.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..end];
        if word.chars().count() > LONG_WORD {
            shorten(word, &mut line);
        } else {
            line.push_str(word);
        }
        rest = &rest[end..];
    }
    line.push_str(rest);
    printable(&line).into_owned().into()
}

/// A long word as its first characters, its length and its last, the quotes and marks around
/// it kept as they are.
fn shorten(word: &str, line: &mut String) {
    const SHOWN: usize = 40;
    const TAIL: usize = 3;
    let mark = |c: char| "'\"`()[]{}<>,.:;".contains(c);
    let inner = word.trim_start_matches(mark);
    let core = inner.trim_end_matches(mark);
    let count = core.chars().count();
    line.push_str(&word[..word.len() - inner.len()]);
    line.extend(core.chars().take(SHOWN));
    let _ = write!(line, "…({} characters)…", grouped(count));
    line.extend(core.chars().skip(count.saturating_sub(TAIL)));
    line.push_str(&inner[core.len()..]);
}

/// A count with commas between thousands, as every count earn shows (money's `Grouped`, which
/// this leaf cannot use: the build script reads the rates model, and this, without money).
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
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
    fn a_line_keeps_its_words_but_cuts_one_too_long_to_read() {
        let short = "error: 'x' is not a region: see  'earn --help'";
        assert_eq!(super::for_a_line(short), short);
        // Characters, not bytes: a word of 1,000 two-byte letters is kept whole.
        let long_in_bytes = format!("'{}'", "é".repeat(998));
        assert_eq!(super::for_a_line(&long_in_bytes), long_in_bytes);
        let word = format!("'{}'", "é".repeat(1_001));
        let given = format!("region {word}: unknown\there");
        assert_eq!(
            super::for_a_line(&given),
            format!(
                "region '{}…(1,001 characters)…ééé': unknown\\there",
                "é".repeat(40)
            )
        );
    }

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
