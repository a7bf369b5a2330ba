//! A rates file at the limits is accepted. The file is left in the test's scratch folder so
//! that its load time can be measured (see docs/LIMITS.md).

use std::fmt::Write;

use earn::rates::{self, Layer, limits};

/// The most channels, each with as many sources and as long notes as fit within the size limit.
fn file_at_the_limits() -> String {
    let mut text = String::new();
    let new_channels = limits::MAX_CHANNELS - rates::built_in().unwrap().channels.len();
    // Spread the byte budget over the channels' sources.
    let per_channel = (limits::MAX_BYTES - 4096) / new_channels;
    for i in 0..new_channels {
        let mut channel = format!(
            "[[channel]]\nid = \"channel_{i}\"\nname = \"Channel {i}\"\nbasis = \"views\"\nfactors = [\"region\", \"niche\", \"engagement\"]\n[channel.rate]\nper = 1000\nlow = 0.5\nhigh = 1.5\ngrade = \"D\"\n"
        );
        let mut sources = 0;
        while sources < limits::MAX_SOURCES {
            let source = format!(
                "[[channel.rate.sources]]\ntitle = \"Source {sources} for channel {i}, with a title of ordinary length\"\ndate = \"2026-01\"\ngrade = \"D\"\n"
            );
            if channel.len() + source.len() > per_channel {
                break;
            }
            channel.push_str(&source);
            sources += 1;
        }
        // Fill what is left of the channel's share with notes, up to the longest string.
        let room = per_channel.saturating_sub(channel.len() + 16);
        let notes = "n".repeat(room.min(limits::MAX_STRING_CHARS));
        let _ = writeln!(channel, "[channel.eligibility]\nmin_age = 18");
        text.push_str(&channel.replacen(
            "[channel.rate]",
            &format!("notes = \"{notes}\"\n[channel.rate]"),
            1,
        ));
    }
    let _ = writeln!(text, "# padding");
    text
}

#[test]
fn a_file_at_the_limits_loads() {
    let text = file_at_the_limits();
    assert!(text.len() <= limits::MAX_BYTES);
    assert!(
        text.len() > limits::MAX_BYTES * 9 / 10,
        "close to the size limit"
    );
    let table = rates::load(Some(Layer {
        origin: "limits.toml",
        text: &text,
    }))
    .unwrap();
    assert_eq!(table.channels.len(), limits::MAX_CHANNELS);
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("limits.toml");
    std::fs::write(path, &text).unwrap();
}

/// A file of nothing but misspelt keys, up to the size limit, is refused quickly with the
/// most problems listed and a note that more follow; every one of them is placed at its line.
#[test]
fn a_file_full_of_unknown_keys_lists_the_most_and_says_more_follow() {
    let mut text = "[[channel]]\nid = \"affiliate\"\n[channel.rate]\n".to_string();
    let mut i = 0;
    while text.len() < limits::MAX_BYTES - 32 {
        let _ = writeln!(text, "k{i} = 1");
        i += 1;
    }
    let started = std::time::Instant::now();
    let err = rates::load(Some(Layer {
        origin: "keys.toml",
        text: &text,
    }))
    .expect_err("refused");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    let problems = err.problems();
    assert_eq!(problems.len(), limits::MAX_SHAPE_PROBLEMS + 1);
    // The file's first, in its order: k0 on line 4 to k49 on line 53, none skipped.
    for (i, p) in problems[..limits::MAX_SHAPE_PROBLEMS].iter().enumerate() {
        assert_eq!(p.location, Some((i + 4, 1)), "{}", p.message);
        assert!(
            p.message.starts_with(&format!("unknown field `k{i}`")),
            "{}",
            p.message
        );
    }
    assert_eq!(
        problems[limits::MAX_SHAPE_PROBLEMS].message,
        format!(
            "more unknown keys or wrong types follow: earn lists {} of them",
            limits::MAX_SHAPE_PROBLEMS
        )
    );
    // The note is no problem itself: the count says that more were found than are listed.
    let most = limits::MAX_SHAPE_PROBLEMS;
    assert_eq!(err.count(), format!("more than {most} problems"));
    let line = err.to_string();
    assert!(
        line.ends_with(&format!("(and more than {} more problems)", most - 1)),
        "{line}"
    );
}

/// docs/LIMITS.md gives the limits on channels and factors with the built-in table's own
/// counts, and what the file at the limits adds: a channel added to the built-in table must
/// not leave it behind.
#[test]
fn the_limits_document_counts_the_built_in_table() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/LIMITS.md")).unwrap();
    let table = rates::built_in().unwrap();
    let (channels, factors) = (table.channels.len(), table.factors.len());
    for line in [
        format!(
            "| Channels | {}, counting the built-in table's {channels} |",
            limits::MAX_CHANNELS
        ),
        format!(
            "| Factors | {}, counting the built-in table's {factors} |",
            limits::MAX_FACTORS
        ),
        format!(
            "adding {} channels to the built-in {channels} for the most allowed",
            limits::MAX_CHANNELS - channels
        ),
    ] {
        assert!(doc.contains(&line), "docs/LIMITS.md lacks: {line}");
    }
}
