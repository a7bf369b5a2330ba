//! Video lengths: read as a user or a rates file writes them, and written back. A leaf of its
//! own, so that the rate table's loader (which `build.rs` also compiles) needs nothing of
//! `count`.

/// What a length's errors suggest.
const HINT: &str = "write a length like 75s, 1m15s, 1:15 or 90";

/// How long a video is, in whole seconds: `75`, `75s`, `1m15s`, `1m`, `1:15`, `00:01:15`,
/// `1h2m`, `1.5m`.
pub fn parse_duration(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let bad = || format!("'{text}' is not a video length: {HINT}");
    if text.is_empty() {
        return Err(format!("a length is empty: {HINT}"));
    }
    let digits = |part: &str| whole(text, part);
    let too_long = || format!("'{text}' is too long a length: {HINT}");
    if text.contains(':') {
        // `m:ss`, or `h:mm:ss` as a spreadsheet writes a duration (`00:01:15`): every part
        // after the first is two digits, below 60.
        let parts: Vec<&str> = text.split(':').collect();
        if parts.len() > 3 || parts[1..].iter().any(|p| p.len() != 2) {
            return Err(bad());
        }
        // A spreadsheet writes `1:15` typed into a time cell as `01:15:00`, an hour and a
        // quarter: hours are read only when there are none, and a length of hours is spelt out.
        if let [hours, minutes, seconds] = parts[..] {
            let (h, m, s) = (digits(hours)?, digits(minutes)?, digits(seconds)?);
            if h > 0 {
                let long = h
                    .checked_mul(3600)
                    .and_then(|t| t.checked_add(m * 60 + s))
                    .ok_or_else(too_long)?;
                return Err(format!(
                    "'{text}' reads as {}, which is what a spreadsheet's time cell makes of \
                     {h}:{minutes}: write {h}:{minutes} for {}, or {} for the hours",
                    duration_words(long),
                    duration_words(h.saturating_mul(60).saturating_add(m)),
                    format_duration(long)
                ));
            }
            // `0:45` typed into a time cell is `00:45:00`: forty-five minutes, or the
            // forty-five seconds that were meant. Only whole minutes are in doubt.
            if (1..60).contains(&m) && s == 0 {
                return Err(format!(
                    "'{text}' reads as {}, which is also what a spreadsheet's time cell makes of \
                     0:{minutes}: write 0:{minutes} for {}, or {} for the minutes",
                    duration_words(m * 60),
                    duration_words(m),
                    format_duration(m * 60)
                ));
            }
        }
        let mut total = digits(parts[0])?;
        for (i, part) in parts.iter().enumerate().skip(1) {
            let n = digits(part)?;
            if n >= 60 {
                let (unit, past) = if i + 1 == parts.len() {
                    ("seconds", "minute")
                } else {
                    ("minutes", "hour")
                };
                return Err(format!("'{text}' has {n} {unit} past the {past}: {HINT}"));
            }
            total = total
                .checked_mul(60)
                .and_then(|t| t.checked_add(n))
                .ok_or_else(too_long)?;
        }
        return Ok(total);
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return digits(text);
    }
    // Seconds with a point, as a writer of floats gives them (`75.0`: a column of lengths with
    // a gap in it comes out of a dataframe so): read when whole, as an age of `17.0` is. A
    // fraction is told the whole second it reaches (`60.5` is over a minute, as 61 is).
    if let Some((seconds, fraction)) = text.split_once('.') {
        if !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit()) {
            let whole = digits(seconds)?;
            if fraction.bytes().all(|b| b == b'0') {
                return Ok(whole);
            }
            return Err(format!(
                "'{text}' is not a whole number of seconds: write it whole, like {}",
                whole.saturating_add(1)
            ));
        }
    }
    with_units(text).or_else(|error| fraction_of_a_unit(text).unwrap_or(Err(error)))
}

/// A unit written as a letter or a word (`m`, `min`, `minutes`): its rank, from hours (1) to
/// seconds (3), and its seconds.
fn unit(word: &str) -> Option<(u8, u64)> {
    match word {
        "h" | "hr" | "hrs" | "hour" | "hours" => Some((1, 3600)),
        "m" | "min" | "mins" | "minute" | "minutes" => Some((2, 60)),
        "s" | "sec" | "secs" | "second" | "seconds" => Some((3, 1)),
        _ => None,
    }
}

/// A length written as a fraction of one unit (`1.5m`, `0.25h`), read when it comes to whole
/// seconds, as `75.0` is; else told the whole second it reaches (`60.5s`). `None` for what is
/// not such a fraction.
fn fraction_of_a_unit(text: &str) -> Option<Result<u64, String>> {
    let lower = text.to_ascii_lowercase();
    let end = lower.find(|c: char| !c.is_ascii_digit() && c != '.')?;
    let (number, word) = lower.split_at(end);
    let (whole, fraction) = number.split_once('.')?;
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) || fraction.len() > 9 {
        return None;
    }
    let (_, seconds) = unit(word.trim_start())?;
    let scale = 10u64.pow(u32::try_from(fraction.len()).ok()?);
    let scaled = whole
        .parse::<u64>()
        .ok()?
        .checked_mul(scale)?
        .checked_add(fraction.parse().ok()?)?
        .checked_mul(seconds)?;
    Some(if scaled % scale == 0 {
        Ok(scaled / scale)
    } else {
        Err(format!(
            "'{text}' is not a whole number of seconds: write it whole, like {}",
            format_duration(scaled.div_ceil(scale))
        ))
    })
}

/// A part of the length `text` that must be a whole number.
fn whole(text: &str, part: &str) -> Result<u64, String> {
    if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("'{text}' is not a video length: {HINT}"));
    }
    part.parse::<u64>()
        .map_err(|_| format!("'{text}' is too long a length: {HINT}"))
}

/// A length written with units, in order and each at most once: `1h2m3s`, `1m 15s`, `70 sec`,
/// `1min`, or `1m10` (the seconds after the minutes, bare).
fn with_units(text: &str) -> Result<u64, String> {
    let bad = || format!("'{text}' is not a video length: {HINT}");
    let too_long = || format!("'{text}' is too long a length: {HINT}");
    let digits = |part: &str| whole(text, part);
    let mut total: u64 = 0;
    let mut rest = text.to_ascii_lowercase();
    let mut last_unit = 0;
    while !rest.is_empty() {
        // `1m10`: a bare number after the minutes is their seconds.
        let end = match rest.find(|c: char| !c.is_ascii_digit()) {
            Some(end) => end,
            None if last_unit == 2 => rest.len(),
            None => return Err(bad()),
        };
        let (number, tail) = rest.split_at(end);
        let number = digits(number)?;
        // The unit as a letter or a word, after a space or not: `70s`, `70 sec`, `1min`.
        let tail = tail.trim_start();
        let word_end = tail
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(tail.len());
        let (word, after) = tail.split_at(word_end);
        // Bare seconds after minutes, as `1m10`.
        let Some((rank, seconds)) = unit(word).or(word.is_empty().then_some((3, 1))) else {
            return Err(bad());
        };
        if rank <= last_unit {
            return Err(bad());
        }
        // After hours or minutes, minutes and seconds are what is past the last one, as in
        // `1:15`: `1m60s` is refused like `1:60`.
        if last_unit > 0 && number >= 60 {
            let unit = if rank == 2 { "minutes" } else { "seconds" };
            return Err(format!(
                "'{text}' has {number} {unit} past the {}: {HINT}",
                if last_unit == 1 { "hour" } else { "minute" }
            ));
        }
        last_unit = rank;
        total = number
            .checked_mul(seconds)
            .and_then(|n| total.checked_add(n))
            .ok_or_else(too_long)?;
        // `1m 15s`: a space may follow a unit.
        rest = after.trim_start().to_string();
    }
    Ok(total)
}

/// A video's length, as [`parse_duration`] reads it; a video lasts at least a second, so `0`
/// (`0s`, `0:00`) is refused.
pub fn parse_video_length(text: &str) -> Result<u64, String> {
    match parse_duration(text)? {
        0 => Err(format!(
            "'{}' is no length: a video lasts at least a second; write a length like 75s",
            text.trim()
        )),
        seconds => Ok(seconds),
    }
}

/// A length in whole seconds in words, for reading: "45 seconds", "1 minute",
/// "1 minute 15 seconds". (`1m` would read as a million beside `earn 1m`.)
pub fn duration_words(seconds: u64) -> String {
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut parts = Vec::new();
    for (n, unit) in [(hours, "hour"), (minutes, "minute"), (seconds, "second")] {
        if n > 0 {
            let s = if n == 1 { "" } else { "s" };
            parts.push(format!("{n} {unit}{s}"));
        }
    }
    if parts.is_empty() {
        return "0 seconds".to_string();
    }
    parts.join(" ")
}

/// A length in whole seconds as a rates file writes it: `45s`, `1m`, `1m15s`, `1h2m3s`.
pub fn format_duration(seconds: u64) -> String {
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut text = String::new();
    for (n, unit) in [(hours, 'h'), (minutes, 'm')] {
        if n > 0 {
            text.push_str(&n.to_string());
            text.push(unit);
        }
    }
    if seconds > 0 || text.is_empty() {
        text.push_str(&seconds.to_string());
        text.push('s');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whole minutes with no hours are in doubt as hours are: `00:45:00` is what a
    /// spreadsheet's time cell makes of `0:45`, forty-five seconds.
    #[test]
    fn whole_minutes_with_no_hours_are_refused_with_both_readings() {
        assert_eq!(
            parse_duration("0:45:00"),
            Err(
                "'0:45:00' reads as 45 minutes, which is also what a spreadsheet's time cell \
                 makes of 0:45: write 0:45 for 45 seconds, or 45m for the minutes"
                    .to_string()
            )
        );
        assert_eq!(parse_duration("00:01:15"), Ok(75));
        assert_eq!(parse_duration("00:00:45"), Ok(45));
    }

    #[test]
    fn lengths_read_as_people_write_them() {
        for (text, seconds) in [
            ("75", 75),
            ("75s", 75),
            ("1m15s", 75),
            ("1M15S", 75),
            ("1m", 60),
            // Units as words, and the seconds after the minutes without theirs.
            ("1min", 60),
            ("70sec", 70),
            ("70 sec", 70),
            ("1 minute 10 seconds", 70),
            ("2 mins", 120),
            ("1m10", 70),
            ("1 m", 60),
            ("1:15", 75),
            ("0:45", 45),
            ("00:01:15", 75),
            ("0:01:15", 75),
            ("00:00:45", 45),
            ("1h2m3s", 3723),
            ("1m 15s", 75),
            ("1h 2m 3s", 3723),
            ("1h", 3600),
            (" 90 ", 90),
            // A whole number as a writer of floats gives it.
            ("75.0", 75),
            ("75.00", 75),
        ] {
            assert_eq!(parse_duration(text), Ok(seconds), "{text}");
        }
        for text in [
            "",
            "m",
            "15s1m",
            "1m1m",
            "1:5",
            "1:75",
            "-5",
            "5x",
            "1 mile",
            "1:2:03",
            "1:02:3",
            "0:0:1:15",
            "1::15",
            ":15",
            "1:15:",
            "00:01:15.000",
            "75.",
            ".0",
        ] {
            assert!(parse_duration(text).is_err(), "{text}");
        }
        assert_eq!(
            parse_duration("61.5"),
            Err("'61.5' is not a whole number of seconds: write it whole, like 62".to_string())
        );
        assert_eq!(
            parse_duration("0.5"),
            Err("'0.5' is not a whole number of seconds: write it whole, like 1".to_string())
        );
        assert!(
            parse_duration("99999999999999999999")
                .unwrap_err()
                .contains("too long")
        );
        assert!(parse_duration("1:75").unwrap_err().contains("75 seconds"));
        // Hours are spelt out: `01:15:00` is what a spreadsheet's time cell makes of `1:15`.
        let err = parse_duration("01:15:00").unwrap_err();
        assert_eq!(
            err,
            "'01:15:00' reads as 1 hour 15 minutes, which is what a spreadsheet's time cell \
             makes of 1:15: write 1:15 for 1 minute 15 seconds, or 1h15m for the hours"
        );
        assert!(parse_duration("1:02:03").is_err());
        assert_eq!(parse_duration("1h2m3s"), Ok(3723));
        assert!(
            parse_duration("0:75:00")
                .unwrap_err()
                .contains("75 minutes past the hour")
        );
        assert!(
            parse_duration("0:01:60")
                .unwrap_err()
                .contains("60 seconds past the minute")
        );
        assert!(
            parse_duration("1m60s")
                .unwrap_err()
                .contains("60 seconds past the minute")
        );
        assert!(
            parse_duration("1h90m")
                .unwrap_err()
                .contains("90 minutes past the hour")
        );
        assert_eq!(
            parse_duration("90s"),
            Ok(90),
            "alone, any number of seconds"
        );
    }

    /// A fraction of one unit is read when it comes to whole seconds, and else told the second
    /// it reaches.
    #[test]
    fn a_fraction_of_a_unit_is_read_when_it_is_whole_seconds() {
        for (text, seconds) in [("1.5m", 90), ("1.5 min", 90), ("0.25h", 900), ("75.0s", 75)] {
            assert_eq!(parse_duration(text), Ok(seconds), "{text}");
        }
        assert_eq!(parse_duration("0.0s"), Ok(0));
        assert!(
            parse_video_length("0.0s")
                .unwrap_err()
                .contains("no length")
        );
        for (text, said) in [
            (
                "60.5s",
                "'60.5s' is not a whole number of seconds: write it whole, like 1m1s",
            ),
            (
                "1.51m",
                "'1.51m' is not a whole number of seconds: write it whole, like 1m31s",
            ),
        ] {
            assert_eq!(parse_duration(text), Err(said.to_string()));
        }
        for text in ["1.5x", "1.5m30s", "1.m", ".5m"] {
            let error = parse_duration(text).unwrap_err();
            assert!(
                error.contains("not a video length: write a"),
                "{text}: {error}"
            );
        }
        assert!(
            parse_duration("99999999999999999999.5m")
                .unwrap_err()
                .contains("too long")
        );
    }

    #[test]
    fn a_video_lasts_at_least_a_second() {
        assert_eq!(parse_video_length("1s"), Ok(1));
        assert_eq!(parse_video_length("1:15"), Ok(75));
        for zero in ["0", "0s", "0:00", "0m0s", " 0 "] {
            let err = parse_video_length(zero).unwrap_err();
            assert!(
                err.contains("a video lasts at least a second"),
                "{zero}: {err}"
            );
        }
        // What is not a length at all keeps its own message.
        assert!(
            parse_video_length("x")
                .unwrap_err()
                .contains("not a video length")
        );
    }

    #[test]
    fn lengths_are_said_in_words() {
        for (seconds, text) in [
            (0, "0 seconds"),
            (1, "1 second"),
            (45, "45 seconds"),
            (60, "1 minute"),
            (75, "1 minute 15 seconds"),
            (3723, "1 hour 2 minutes 3 seconds"),
        ] {
            assert_eq!(duration_words(seconds), text);
        }
    }

    #[test]
    fn lengths_are_written_back_in_units() {
        for (seconds, text) in [
            (0, "0s"),
            (45, "45s"),
            (60, "1m"),
            (75, "1m15s"),
            (3600, "1h"),
            (3723, "1h2m3s"),
        ] {
            assert_eq!(format_duration(seconds), text);
            assert_eq!(parse_duration(text), Ok(seconds));
        }
    }
}
