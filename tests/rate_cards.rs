//! A rate card of one's own: the full table written by `earn rates --format toml`, repriced in
//! another currency and read back with `--rates`.

use std::io::Write;
use std::str::FromStr;

use assert_cmd::Command;
use earn::Decimal;
use toml::{Table, Value};

fn earn() -> Command {
    let mut cmd = Command::cargo_bin("earn").unwrap();
    cmd.env_remove("EARN_RATES")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR");
    cmd
}

/// Runs and returns (exit status, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let output = earn().args(args).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn temp_toml(text: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    file.write_all(text.as_bytes()).unwrap();
    file
}

/// `value × by`, exactly, written as a string (which the loader reads as an exact decimal).
fn times(value: &Value, by: Decimal) -> Value {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let exact = Decimal::from_str(&text).unwrap().checked_mul(by).unwrap();
    Value::String(exact.to_string())
}

/// Every money figure of the card multiplied by `by`; `left_out` names a channel whose rate the
/// card leaves out, to the built-in table.
fn reprice(card: &mut Table, by: Decimal, left_out: Option<&str>) {
    let Some(Value::Array(channels)) = card.get_mut("channel") else {
        panic!("the dump has channels");
    };
    for channel in channels.iter_mut().filter_map(Value::as_table_mut) {
        if channel.get("id").and_then(Value::as_str) == left_out {
            // Left to the built-in table: the file does not give them.
            if let Some(Value::Table(rate)) = channel.get_mut("rate") {
                rate.remove("low");
                rate.remove("high");
            }
            continue;
        }
        // A commission on sales is a share of them, in pounds as in dollars.
        let commission = channel.get("basis").and_then(Value::as_str) == Some("sales");
        for part in ["rate", "cross_check"] {
            if commission && part == "rate" {
                continue;
            }
            let Some(Value::Table(figure)) = channel.get_mut(part) else {
                continue;
            };
            for key in ["low", "high"] {
                if let Some(value) = figure.get(key) {
                    let repriced = times(value, by);
                    figure.insert(key.to_string(), repriced);
                }
            }
            if let Some(Value::Array(tiers)) = figure.get_mut("tier") {
                for tier in tiers.iter_mut().filter_map(Value::as_table_mut) {
                    for key in ["low", "high", "high_per_follower"] {
                        if let Some(value) = tier.get(key) {
                            let repriced = times(value, by);
                            tier.insert(key.to_string(), repriced);
                        }
                    }
                }
            }
        }
    }
}

/// The built-in table, as `earn rates --format toml` writes it, repriced at 0.8 pounds to the
/// dollar and labelled GBP; `left_out` names a channel whose rate it leaves out.
fn pound_card(left_out: Option<&str>) -> String {
    let (code, dump, err) = run(&["rates", "--format", "toml"]);
    assert_eq!(code, 0, "{err}");
    let mut card: Table = dump.parse().unwrap();
    reprice(&mut card, Decimal::from_str("0.8").unwrap(), left_out);
    card.insert("currency".to_string(), Value::String("GBP".to_string()));
    card.insert(
        "notes".to_string(),
        Value::String("Pounds sterling: our agency's card.".to_string()),
    );
    toml::to_string(&card).unwrap()
}

#[test]
fn a_full_card_in_pounds_loads_and_prints_in_pounds() {
    let card = temp_toml(&pound_card(None));
    let path = card.path().to_str().unwrap();

    let (code, out, err) = run(&["1m", "--rates", path]);
    assert_eq!(code, 0, "{err}");
    // The built-in Creator Rewards gives $120.00–$900.00 for a million views; at 0.8 it is
    // £96.00–£720.00, in pounds, not converted.
    assert!(out.contains("£96.00") && out.contains("£720.00"), "{out}");
    assert!(!out.contains('$'), "{out}");
    assert!(!out.contains("converted"), "no conversion: {out}");

    let (code, out, err) = run(&["1m", "--rates", path, "--json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["currency"], "GBP", "{out}");

    // The commission, not restated, is the built-in one with its evidence: 5-20% of £1,000
    // of sales, graded as the table grades it.
    let (code, out, err) = run(&[
        "1m",
        "--rates",
        path,
        "--json",
        "--with",
        "affiliate",
        "--sales",
        "1000",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let channels = json["channels"].as_array().unwrap();
    let affiliate = channels.iter().find(|c| c["id"] == "affiliate").unwrap();
    assert_eq!(affiliate["low_minor"], 5_000, "{affiliate}");
    assert_eq!(affiliate["high_minor"], 20_000, "{affiliate}");
    assert_eq!(affiliate["grade"], "B", "{affiliate}");

    // The card reads back to itself.
    let (code, again, err) = run(&["rates", "--format", "toml", "--rates", path]);
    assert_eq!(code, 0, "{err}");
    let (_, twice, _) = run(&[
        "rates",
        "--format",
        "toml",
        "--rates",
        temp_toml(&again).path().to_str().unwrap(),
    ]);
    assert_eq!(again, twice);
    assert!(again.contains("currency = \"GBP\""));
}

#[test]
fn dollar_figures_restated_in_pounds_do_not_keep_their_dollar_evidence() {
    // A dump with only its currency changed: every money figure is given, each the dollar
    // number it was, now said to be in pounds.
    let (code, dump, err) = run(&["rates", "--format", "toml"]);
    assert_eq!(code, 0, "{err}");
    assert!(dump.contains("currency = \"USD\""));
    let card = temp_toml(&dump.replace("currency = \"USD\"", "currency = \"GBP\""));
    let path = card.path().to_str().unwrap();

    let (code, out, err) = run(&["1m", "--rates", path, "--json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    for channel in json["channels"].as_array().unwrap() {
        // But a commission, a share of sales in any currency, which keeps its evidence.
        let commission = channel["id"] == "affiliate";
        assert_eq!(channel["grade"].is_null(), !commission, "{channel}");
    }

    let (code, out, err) = run(&["rates", "--rates", path]);
    assert_eq!(code, 0, "{err}");
    // The sources were about dollars, and the table's notes spoke of them.
    assert!(!out.contains("US dollars"), "{out}");
    let gifts = &out[out.find("gifts · LIVE gifts").unwrap()..];
    assert!(gifts.contains("£0.005 per diamond (ungraded)"), "{gifts}");
    // Nor do the channels' notes, which quote the dollar figures.
    assert!(!gifts.contains("$0.005"), "{gifts}");
    assert!(
        gifts.contains("sets rate.high, rate.low with no source"),
        "{gifts}"
    );
}

#[test]
fn a_card_in_the_exchange_rates_base_gives_each_rate_once() {
    let (code, dump, err) = run(&["rates", "--format", "toml"]);
    assert_eq!(code, 0, "{err}");
    let card = temp_toml(&dump.replace("currency = \"USD\"", "currency = \"EUR\""));
    let (code, out, err) = run(&["rates", "--rates", card.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let usd = out
        .lines()
        .find(|l| l.trim_start().starts_with("USD"))
        .unwrap();
    assert_eq!(usd.matches("per EUR").count(), 1, "{usd}");
    assert!(usd.ends_with("1.1476 per EUR"), "{usd}");
}

#[test]
fn a_card_in_pounds_converts_with_the_exchange_rates_it_carries() {
    let card = temp_toml(&pound_card(None));
    let path = card.path().to_str().unwrap();
    let (code, out, err) = run(&["1m", "--rates", path, "--currency", "usd"]);
    assert_eq!(code, 0, "{err}");
    // From pounds, at the set's USD per EUR over its GBP per EUR: 1.1476 ÷ 0.86503.
    assert!(
        out.contains("converted exactly from GBP at 1.1476 ÷ 0.86503"),
        "{out}"
    );
    // £96.00 × 1.1476 / 0.86503 = $127.36…
    assert!(out.contains("$127.36"), "{out}");
}

#[test]
fn a_card_in_pounds_that_keeps_a_dollar_figure_is_refused_naming_it() {
    let text = pound_card(Some("gifts"));
    let line = 1 + text
        .lines()
        .position(|l| l.starts_with("currency"))
        .unwrap();
    let card = temp_toml(&text);
    let (code, out, err) = run(&["1m", "--rates", card.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("leaves channel 'gifts' rate.low, rate.high in USD"),
        "{err}"
    );
    assert!(
        err.contains(&format!(":{line}:1: currency = \"GBP\"")),
        "the line of `currency`: {err}"
    );
    assert!(
        err.contains("hint: give each of them in GBP in the file"),
        "{err}"
    );
}

#[test]
fn a_relabelled_currency_is_offered_as_a_conversion_only_when_one_exists() {
    // Swiss francs are not among the exchange rates: `--currency chf` would be refused too.
    let card = temp_toml("currency = \"CHF\"\n");
    let (code, _, err) = run(&["1m", "--rates", card.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("give each of them in CHF in the file"),
        "{err}"
    );
    assert!(!err.contains("--currency chf"), "{err}");
    let card = temp_toml("currency = \"EUR\"\n");
    let (_, _, err) = run(&["1m", "--rates", card.path().to_str().unwrap()]);
    assert!(
        err.contains("use --currency eur to see amounts in EUR"),
        "{err}"
    );
}

#[test]
fn a_card_in_a_currency_the_exchange_rates_lack_must_bring_its_own() {
    // Every figure priced, but in Swiss francs, which the built-in exchange rates do not have:
    // nothing could convert it, so the card must give a set that has it.
    let francs = pound_card(None).replace("currency = \"GBP\"", "currency = \"CHF\"");
    let mut card: Table = francs.parse().unwrap();
    card.remove("fx");
    let card = temp_toml(&toml::to_string(&card).unwrap());
    let (code, _, err) = run(&["1m", "--rates", card.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("currency 'CHF' is not among [fx]'s currencies"),
        "{err}"
    );
    assert!(err.contains("replaces the built-in set whole"), "{err}");

    // With a set of its own that has it, the card loads, and converts with that set.
    let own_set = "[fx]\nbase = \"CHF\"\nas_of = \"2026-11-01\"\n[[fx.sources]]\ntitle = \"Our bank's rates\"\ndate = \"2026-11-01\"\n[[fx.currency]]\ncode = \"CHF\"\nname = \"Swiss franc\"\nsymbol = \"CHF \"\ndecimals = 2\nper_base = 1\n[[fx.currency]]\ncode = \"USD\"\nname = \"US dollar\"\nsymbol = \"$\"\ndecimals = 2\nper_base = 1.25\n";
    let mut card: Table = francs.parse().unwrap();
    let mut set: Table = own_set.parse().unwrap();
    card.insert("fx".to_string(), set.remove("fx").unwrap());
    let card = temp_toml(&toml::to_string(&card).unwrap());
    let path = card.path().to_str().unwrap();
    let (code, out, err) = run(&["1m", "--rates", path]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("CHF 96.00"), "{out}");
    let (code, out, err) = run(&["1m", "--rates", path, "--currency", "usd"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("$120.00"), "CHF 96.00 × 1.25: {out}");
}

#[test]
fn a_card_that_does_not_name_itself_is_named_by_its_file() {
    let card = temp_toml("[[channel]]\nid = \"affiliate\"\nrate.high = 8\n");
    let path = card.path().to_str().unwrap();
    let (code, out, _) = run(&["1m", "--rates", path, "--json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        json["rates"]["name"],
        format!("earn default rates with {path}")
    );
    // A card with a name of its own keeps it.
    let named =
        temp_toml("name = \"Agency card\"\n[[channel]]\nid = \"affiliate\"\nrate.high = 8\n");
    let (_, out, _) = run(&["1m", "--rates", named.path().to_str().unwrap()]);
    assert!(out.contains("rates: Agency card, as of 2026-12"), "{out}");
}

/// A card that changes a channel's rate and gives no notes keeps the built-in notes, which say
/// how the channel is paid, said to be about the rate before the card: they quote its figures.
/// A card that gives the rate as it was, or notes of its own, is not so marked.
#[test]
fn built_in_notes_under_a_changed_rate_say_what_they_were_written_for() {
    let notes_of = |card: &str| {
        let card = temp_toml(card);
        let path = card.path().to_str().unwrap().to_string();
        let (code, out, err) = run(&["rates", "--rates", &path]);
        assert_eq!(code, 0, "{err}");
        let affiliate = &out[out.find("affiliate · Affiliate").unwrap()..];
        let notes = affiliate
            .lines()
            .find(|l| l.starts_with("  notes"))
            .unwrap();
        (notes.to_string(), path)
    };
    let (notes, path) = notes_of("[[channel]]\nid = \"affiliate\"\nrate.high = 8\n");
    assert!(
        notes.starts_with(&format!(
            "  notes         (Written for the rate before {path} changed it.) A commission"
        )),
        "{notes}"
    );
    for unchanged in [
        "[[channel]]\nid = \"affiliate\"\nrate.high = 20\n",
        "[[channel]]\nid = \"affiliate\"\nrate.high = 8\nnotes = \"Our card: 5-8%.\"\n",
    ] {
        let (notes, _) = notes_of(unchanged);
        assert!(!notes.contains("Written for"), "{notes}");
    }
}

#[test]
fn a_misspelt_key_in_a_card_in_its_own_currency_is_the_one_problem_told() {
    // One tier's `high_per_follower` misspelt: the tiers are set aside for it, which is not a
    // card leaving its fees in dollars, and is not told as one.
    let card = pound_card(None);
    let misspelt = card.replacen("high_per_follower", "hihg_per_follower", 1);
    assert_ne!(card, misspelt);
    let card = temp_toml(&misspelt);
    let (code, _, err) = run(&["1m", "--rates", card.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unknown field `hihg_per_follower`"), "{err}");
    assert!(!err.contains("cannot relabel"), "{err}");

    // A source set aside beside figures the card never gave leaves them not given.
    let card = temp_toml(
        "currency = \"EUR\"\n[[channel]]\nid = \"affiliate\"\n[[channel.rate.sources]]\n\
         title = \"x\"\ndate = \"2025\"\ngrade = \"Z\"\n",
    );
    let (code, _, err) = run(&["1m", "--rates", card.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("grade 'Z' is not a grade"), "{err}");
    assert!(
        err.contains("channel 'affiliate' cross_check.low, cross_check.high;"),
        "{err}"
    );
}

#[test]
fn a_card_s_path_names_its_table_with_no_character_a_terminal_acts_on() {
    // A path may hold a text-direction override; the table is named by it in every output,
    // JSON included, which escapes only the first 32 characters.
    let mut file = tempfile::Builder::new()
        .prefix("card\u{202e}")
        .suffix(".toml")
        .tempfile()
        .unwrap();
    file.write_all(b"[[region]]\ncode = \"gb\"\nname = \"United Kingdom\"\n")
        .unwrap();
    let path = file.path().to_str().unwrap();
    for args in [&["1m", "--json"][..], &["1m"], &["batch"]] {
        let output = earn()
            .args(args)
            .args(["--rates", path])
            .write_stdin("views\n1m\n")
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(output.status.success(), "{args:?}");
        assert!(!stdout.contains('\u{202e}'), "{args:?}: {stdout}");
        assert!(stdout.contains(r"\u{202e}"), "{args:?}: {stdout}");
    }
}

#[test]
fn a_card_s_names_cannot_break_a_line_of_the_output() {
    // A card is shared text, whose notes may hold newlines (other control characters are
    // refused when it is read): in a name it gives, a newline is shown escaped, never written
    // raw where it would fake a line of the output.
    let card = temp_toml(
        "name = \"Card\\nFAKE\"\n\
         [[region]]\ncode = \"gb\"\nname = \"United\\nFAKE\"\n\
         [[channel]]\nid = \"sponsorship\"\nname = \"Brand\\nFAKE\"\n\
         [[channel]]\nid = \"creator_rewards\"\nname = \"Rewards\\nFAKE\"\n\
         [[channel]]\nid = \"gifts\"\nname = \"Gifts\\nFAKE\"\n",
    );
    let card_path = card.path().to_str().unwrap();
    let regional = ["--region", "gb", "--followers", "60k"];
    for command in [
        &["1m", "--with", "sponsorship", "--explain"][..],
        &["target", "100", "--with", "sponsorship", "--explain"],
        &[
            "month",
            "--avg-views",
            "1k",
            "--videos",
            "3",
            "--sponsored",
            "1",
            "--explain",
        ],
        &["milestones"],
    ]
    .into_iter()
    .map(|command| [command, &regional[..]].concat())
    .chain([vec!["rates"]])
    {
        let args = [&command[..], &["--rates", card_path]].concat();
        let (status, out, err) = run(&args);
        assert_eq!(status, 0, "{args:?}: {err}");
        assert!(out.contains("United\\nFAKE"), "{args:?}: {out}");
        for said in [&out, &err] {
            assert!(
                !said.lines().any(|l| l.starts_with("FAKE")),
                "{args:?}: {said}"
            );
        }
    }
    // The warnings, which name channels and regions from the card too.
    let us = temp_toml("[[region]]\ncode = \"us\"\nname = \"United\\nFAKE\"\n");
    let path = us.path().to_str().unwrap();
    for args in [
        &["1m", "--currency", "gbp", "--rates", path][..],
        &["1m", "--diamonds", "100", "--rates", card_path],
        &["1m", "--with", "sponsorship", "--rates", card_path],
    ] {
        let (status, _, err) = run(args);
        assert_eq!(status, 0, "{args:?}: {err}");
        assert!(err.contains("warning: "), "{args:?}: {err}");
        assert!(
            !err.lines().any(|l| l.starts_with("FAKE")),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_card_s_own_rate_is_not_described_by_the_built_in_rate_s_evidence() {
    // What agrees with the built-in range (creators' screenshots, TikTok's claim) is said with
    // its source, which a card's own rate drops: no note left behind describes the old range.
    let (code, built_in, _) = run(&["rates"]);
    assert_eq!(code, 0);
    assert!(built_in.contains("screenshots ($0.51-$1.23)"), "{built_in}");
    let card =
        temp_toml("[[channel]]\nid = \"creator_rewards\"\nrate = { low = 0.5, high = 1.2 }\n");
    let (code, carded, _) = run(&["rates", "--rates", card.path().to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(!carded.contains("screenshots"), "{carded}");
    assert!(
        carded.contains("sets rate.high, rate.low with no source"),
        "{carded}"
    );
}
