//! Fitting text to a terminal: how many columns it takes, and lines broken to a width.
//!
//! Widths are display widths (a CJK character takes two columns, a combining accent none), so
//! that what lines up in a test lines up on screen. A width of `None` means "no limit": the
//! output of a pipe, which is never wrapped.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Below this many columns, a table's reasons no longer wrap beside the row they explain but go
/// on lines of their own under it, where they have the width of the terminal.
pub const MIN_REASON_COLUMNS: usize = 30;

/// How far the lines under a row are indented: past the start of a channel's name, so that
/// they are not read as a row of their own.
pub const UNDER: &str = "    ";

/// Where a table's reasons (its last, free-text column) go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reasons {
    /// Beside the row, in lines of at most this many columns, or unbroken.
    Beside(Option<usize>),
    /// On lines of their own under the row, indented by [`UNDER`], within this width.
    Under(usize),
}

impl Reasons {
    /// Where the reasons go in a table of `width` columns whose rows take `before` columns
    /// up to them.
    pub fn placed(before: usize, width: Option<usize>) -> Reasons {
        match width {
            None => Reasons::Beside(None),
            Some(width) if width >= before + MIN_REASON_COLUMNS => {
                Reasons::Beside(Some(width - before))
            }
            Some(width) => Reasons::Under(width),
        }
    }

    /// The lines of a row: `row` (which takes `before` columns) and its reasons `why`.
    pub fn lines(self, row: &str, before: usize, why: &str) -> Vec<String> {
        match self {
            Reasons::Beside(None) => vec![format!("{row}{why}").trim_end().to_string()],
            Reasons::Beside(Some(room)) => {
                let mut lines = wrap(why, room).into_iter();
                let first = format!("{row}{}", lines.next().unwrap_or_default());
                let mut shown = vec![first.trim_end().to_string()];
                let indent = " ".repeat(before);
                shown.extend(lines.map(|line| format!("{indent}{line}")));
                shown
            }
            Reasons::Under(width) => {
                let mut shown = vec![row.trim_end().to_string()];
                if !why.is_empty() {
                    shown.extend(indented(UNDER, UNDER, why, Some(width)));
                }
                shown
            }
        }
    }
}

/// The columns `text` takes on a terminal.
pub fn columns(text: &str) -> usize {
    text.width()
}

/// `text` then spaces to `width` columns.
pub fn pad_right(text: &str, width: usize) -> String {
    let mut padded = text.to_string();
    padded.extend(std::iter::repeat_n(
        ' ',
        width.saturating_sub(columns(text)),
    ));
    padded
}

/// Spaces to `width` columns, then `text`.
pub fn pad_left(text: &str, width: usize) -> String {
    let mut padded: String =
        std::iter::repeat_n(' ', width.saturating_sub(columns(text))).collect();
    padded.push_str(text);
    padded
}

/// `text` in lines of at most `width` columns, broken at spaces. A word wider than a line (a
/// link, say) is broken where the line ends; a single character wider than the line has a
/// line to itself. Text that fits is returned whole; there is always at least one line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    hanging(text, width, width)
}

/// Like [`wrap`], with a first line of `first` columns and the others of `rest`.
pub fn hanging(text: &str, first: usize, rest: usize) -> Vec<String> {
    let (first, rest) = (first.max(1), rest.max(1));
    if columns(text) <= first {
        return vec![text.to_string()];
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    let limit = |lines: &Vec<String>| if lines.is_empty() { first } else { rest };
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !line.is_empty() {
            if columns(&line) + 1 + columns(word) <= limit(&lines) {
                line.push(' ');
                line.push_str(word);
                continue;
            }
            lines.push(std::mem::take(&mut line));
        }
        // A word that does not fit a line of its own is cut where each line ends.
        for c in word.chars() {
            let width = c.width().unwrap_or(0);
            if !line.is_empty() && columns(&line) + width > limit(&lines) {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` after `first` on its first line and after `rest` (spaces, usually as wide) on the
/// others, every line within `width` when there is one. Without a width, one line.
pub fn indented(first: &str, rest: &str, text: &str, width: Option<usize>) -> Vec<String> {
    let Some(width) = width else {
        return vec![format!("{first}{text}")];
    };
    let room = |prefix: &str| width.saturating_sub(columns(prefix));
    hanging(text, room(first), room(rest))
        .into_iter()
        .enumerate()
        .map(|(i, line)| format!("{}{line}", if i == 0 { first } else { rest }))
        .collect()
}

/// Parts joined with `" · "`, a line broken only between parts when it can be, each broken
/// line ending in the `·` that joins it to the next; without a width, one line.
pub fn parts(parts: &[String], width: Option<usize>) -> Vec<String> {
    const JOIN: &str = " · ";
    let Some(width) = width else {
        return vec![parts.join(JOIN)];
    };
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for part in parts {
        if !line.is_empty() {
            if columns(&line) + columns(JOIN) + columns(part) <= width {
                line.push_str(JOIN);
                line.push_str(part);
                continue;
            }
            let ended = format!("{line}{}", JOIN.trim_end());
            lines.push(if columns(&ended) <= width {
                ended
            } else {
                line
            });
        }
        let mut pieces = wrap(part, width);
        line = pieces.pop().unwrap_or_default();
        lines.extend(pieces);
    }
    lines.push(line);
    lines
}

/// Fails unless every line of `out` is within `width` columns.
#[cfg(test)]
pub(crate) fn assert_fits(out: &str, width: usize) {
    for line in out.lines() {
        let taken = columns(line);
        assert!(taken <= width, "{taken} columns: {line:?}\n{out}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_columns_not_characters() {
        assert_eq!(columns("$1,000.00"), 9);
        assert_eq!(columns("日本"), 4);
        assert_eq!(columns("e\u{301}"), 1, "a combining accent takes no column");
        assert_eq!(columns("— · ✓ ×"), 7);
        assert_eq!(pad_right("日本", 6), "日本  ");
        assert_eq!(pad_left("日本", 6), "  日本");
        assert_eq!(pad_left("toolong", 3), "toolong");
    }

    #[test]
    fn breaks_at_spaces_and_cuts_only_words_wider_than_a_line() {
        assert_eq!(
            wrap("assumes age 18+, 10,000 followers", 16),
            ["assumes age 18+,", "10,000 followers"]
        );
        assert_eq!(wrap("fits", 4), ["fits"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(
            wrap("see <https://example.com/a/long/path>", 12),
            ["see", "<https://exa", "mple.com/a/l", "ong/path>"]
        );
        assert_eq!(wrap("日本語", 3), ["日", "本", "語"]);
        assert_eq!(
            wrap("日本", 1),
            ["日", "本"],
            "too wide for any line: one a line"
        );
        assert_eq!(hanging("one two three", 3, 9), ["one", "two three"]);
    }

    #[test]
    fn indents_every_line_after_the_first() {
        assert_eq!(
            indented("  why  ", "       ", "a b c d e f", Some(12)),
            ["  why  a b c", "       d e f"]
        );
        assert_eq!(
            indented("  why  ", "       ", "a b c d e f", None),
            ["  why  a b c d e f"]
        );
    }

    #[test]
    fn breaks_a_headline_between_its_parts() {
        let headline = [
            "1,000,000 views",
            "region us (United States)",
            "rates: earn default",
        ]
        .map(String::from);
        assert_eq!(
            parts(&headline, Some(45)),
            [
                "1,000,000 views · region us (United States) ·",
                "rates: earn default"
            ]
        );
        assert_eq!(
            parts(&headline, None),
            ["1,000,000 views · region us (United States) · rates: earn default"]
        );
        assert_eq!(
            parts(&headline, Some(10))[..3],
            ["1,000,000", "views ·", "region us"]
        );
    }

    proptest! {
        #[test]
        fn every_line_fits_and_no_word_is_lost(
            text in "[a-z日 é\u{301}<>/:.-]{0,120}",
            width in 0usize..40,
        ) {
            let lines = wrap(&text, width);
            prop_assert!(!lines.is_empty());
            for line in &lines {
                // Only a character wider than the whole line may run over it.
                prop_assert!(
                    columns(line) <= width.max(1) || line.chars().count() == 1,
                    "{line:?} in {width}"
                );
            }
            let words: String = text.split(' ').collect();
            let kept: String = lines.iter().flat_map(|l| l.split(' ')).collect();
            prop_assert_eq!(words, kept);
            let all: Vec<String> = text.split(' ').filter(|w| !w.is_empty()).map(String::from).collect();
            let shown = parts(&all, Some(width));
            for line in &shown {
                prop_assert!(columns(line) <= width.max(1) || line.chars().count() == 1);
            }
        }
    }
}
