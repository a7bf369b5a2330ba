//! End-to-end: `earn check`, `earn milestones`, `earn rates`, `--explain`, `earn completions`
//! and `earn man`.

use std::io::Write;

use assert_cmd::Command;
use earn::Decimal;
use earn::fraction::part;
use earn::money::{Scale, Unit};
use serde::Deserialize;
use serde_json::Value;

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

fn json(args: &[&str]) -> Value {
    let (code, out, err) = run(args);
    assert!(code == 0 || code == 1, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap()
}

const AT_THRESHOLDS: [&str; 11] = [
    "check",
    "creator_rewards",
    "--followers",
    "10,000",
    "--views-30d",
    "100,000",
    "--age",
    "18",
    "--length",
    "1:01",
    "--region",
];

#[test]
fn check_passes_exactly_at_the_thresholds() {
    let (code, out, err) = run(&[&AT_THRESHOLDS[..], &["us"]].concat());
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "creator_rewards  ✓  eligible\n");
}

#[test]
fn check_fails_one_follower_short_and_says_how_far() {
    let mut args = [&AT_THRESHOLDS[..], &["us"]].concat();
    args[3] = "9,999";
    let (code, out, _) = run(&args);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "creator_rewards  ✗  needs 10,000 followers, has 9,999 — 1 to go\n"
    );
}

#[test]
fn check_fails_closed_without_an_input_and_names_the_flag() {
    let (code, out, _) = run(&[
        "check",
        "creator_rewards",
        "--followers",
        "10k",
        "--views-30d",
        "100k",
        "--length",
        "75s",
        "--region",
        "us",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "creator_rewards  ✗  needs --age: creator_rewards requires age 18+\n"
    );
}

#[test]
fn check_names_the_one_minute_rule() {
    let mut args = [&AT_THRESHOLDS[..], &["us"]].concat();
    args[9] = "45s";
    let (code, out, _) = run(&args);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "creator_rewards  ✗  needs a video over 1 minute, has 45 seconds — 16 seconds longer\n"
    );
    // Exactly a minute is not over a minute.
    args[9] = "60";
    assert_eq!(run(&args).0, 1);
}

#[test]
fn a_fully_qualified_creator_passes_a_check_of_every_channel() {
    let args = [
        "check",
        "--followers",
        "2m",
        "--age",
        "30",
        "--views-30d",
        "50m",
        "--length",
        "90s",
        "--region",
        "us",
    ];
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{out}{err}");
    // The closed Creator Fund is listed, but does not decide.
    assert!(
        out.starts_with(
            "creator_fund     ·  closed in region us since 2023-12-16 (does not decide the answer)\n"
        ),
        "{out}"
    );
    let json = json(&[&args[..], &["--json"]].concat());
    assert_eq!(json["eligible"], true);
    assert_eq!(json["channels"][0]["decides"], false);
    assert_eq!(json["channels"][1]["decides"], true);
    // Where TikTok is unavailable nothing is open, so nothing passes.
    let mut args = args;
    args[10] = "in";
    let (code, out, _) = run(&args);
    assert_eq!(code, 1);
    assert!(
        out.contains("TikTok is unavailable in India since 2020-06-29"),
        "{out}"
    );
    // Every line says it does not decide; on a terminal a last line says what the answer rests
    // on (see `report::check`'s tests), but a script reads the channels' lines alone.
    assert_eq!(out.lines().count(), 6, "{out}");
    assert!(
        out.lines()
            .all(|l| l.contains("(does not decide the answer)")),
        "{out}"
    );
}

#[test]
fn check_with_no_ids_checks_every_channel() {
    let (code, out, _) = run(&["check", "--followers", "800", "--age", "17"]);
    assert_eq!(code, 1);
    let ids: Vec<&str> = out
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "creator_fund",
            "creator_rewards",
            "sponsorship",
            "affiliate",
            "gifts",
            "subscriptions"
        ]
    );
    assert!(
        out.contains(
            "creator_fund     ·  closed in region us since 2023-12-16 (does not decide the answer)"
        ),
        "{out}"
    );
    assert!(
        out.contains("needs 1,000 followers, has 800 — 200 to go"),
        "{out}"
    );
    assert!(
        out.contains("needs age 18+, has 17 — 1 year to go"),
        "{out}"
    );
}

#[test]
fn check_quiet_prints_nothing_and_keeps_the_status() {
    let (code, out, err) = run(&["check", "-q", "creator_rewards"]);
    assert_eq!((code, out.as_str(), err.as_str()), (1, "", ""));
    let (code, out, _) = run(&[
        "check",
        "--quiet",
        "gifts",
        "--followers",
        "1k",
        "--age",
        "18",
    ]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn check_ids_match_in_any_case_and_count_once() {
    let (code, out, _) = run(&[
        "check",
        "GIFTS",
        "gifts",
        "Affiliate",
        "--followers",
        "1000",
        "--age",
        "18",
    ]);
    assert_eq!(code, 0, "{out}");
    let ids: Vec<&str> = out
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(ids, ["gifts", "affiliate"]);
}

#[test]
fn check_unknown_channels_are_errors_with_a_real_id_suggested() {
    let (code, out, err) = run(&["check", "nope"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(
        err,
        "error: unknown channel 'nope'\nhint: valid channels: creator_fund, creator_rewards, sponsorship, affiliate, gifts, subscriptions\n"
    );
    let (code, _, err) = run(&["check", "creator_fnd"]);
    assert_eq!(code, 2);
    assert!(err.contains("hint: did you mean 'creator_fund'?"), "{err}");
    let (code, _, err) = run(&["check", "gifts", "--region", "atlantis"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown region 'atlantis'"), "{err}");
    let (code, _, err) = run(&["check", "gifts", "--followers", "lots"]);
    assert_eq!(code, 2);
    assert!(err.contains("'lots' is not a count"), "{err}");
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckDocument {
    schema_version: u32,
    rates: CheckRates,
    input: CheckInput,
    channels: Vec<CheckChannel>,
    eligible: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckRates {
    name: String,
    as_of: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckInput {
    followers: Option<u64>,
    country: String,
    audience: String,
    age: Option<u64>,
    views_30d: Option<u64>,
    length: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckChannel {
    id: String,
    name: String,
    eligible: bool,
    decides: bool,
    status: String,
    unmet: Vec<Unmet>,
    reasons: Vec<String>,
    notes: Vec<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Unmet {
    requirement: String,
    needed: u64,
    have: Option<u64>,
}

#[test]
fn a_piped_check_is_one_line_a_channel_with_a_rates_file_too() {
    // A `while read id mark why` loop reads channels only; the table's name is for a terminal.
    let card = temp_toml("name = \"our card\"\n");
    let path = card.path().to_str().unwrap();
    let (code, out, err) = run(&[
        "check",
        "gifts",
        "--followers",
        "4k",
        "--age",
        "30",
        "--rates",
        path,
    ]);
    assert_eq!((code, out.as_str()), (0, "gifts  ✓  eligible\n"), "{err}");
}

#[test]
fn check_answers_no_where_the_audience_cannot_watch() {
    // As the estimate does: a creator in the US whose viewers are in India, where TikTok is
    // unavailable, is paid by no channel.
    let args = [
        "check",
        "sponsorship",
        "--country",
        "us",
        "--audience",
        "in",
        "--followers",
        "600k",
        "--age",
        "30",
    ];
    let (code, out, _) = run(&args);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("sponsorship  ✗  no audience in India: TikTok is unavailable there since"),
        "{out}"
    );
    let (code, out, _) = run(&[&args[..], &["--json"]].concat());
    assert_eq!(code, 1);
    let doc: CheckDocument = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (doc.input.country.as_str(), doc.input.audience.as_str()),
        ("us", "in")
    );
    assert_eq!(doc.channels[0].status, "unavailable");
    // The creator's own country decides first.
    let (code, out, _) = run(&[
        "check",
        "sponsorship",
        "--country",
        "in",
        "--audience",
        "us",
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains("TikTok is unavailable in India since"),
        "{out}"
    );
}

/// A rates file may say a channel pays only on viewers in the creator's own region
/// (`home_audience_only`): an audience in another region earns nothing there and the total
/// leaves it out, in the estimate and in `check` alike. The same creator with a home audience
/// earns it.
#[test]
fn a_channel_may_pay_only_on_an_audience_in_the_creators_own_region() {
    let card =
        temp_toml("[[channel]]\nid = \"affiliate\"\navailability.home_audience_only = true\n");
    let card = card.path().to_str().unwrap();
    let profile = [
        "--followers",
        "12k",
        "--age",
        "25",
        "--with",
        "affiliate",
        "--sales",
        "5000",
        "--rates",
        card,
    ];
    let affiliate = |places: &[&str]| {
        let doc = json(&[&["1m", "--json"], places, &profile[..]].concat());
        let channel = doc["channels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "affiliate")
            .unwrap()
            .clone();
        (channel, doc["total"]["high"].clone())
    };
    let (away, total) = affiliate(&["--country", "id", "--audience", "us"]);
    assert_eq!(away["status"], "unavailable", "{away}");
    assert_eq!(away["in_total"], false);
    assert_eq!(
        away["reasons"][0],
        "pays only on viewers in the creator's region id, not on an audience in region us"
    );
    assert_eq!(total, 0.0);
    let (home, total) = affiliate(&["--region", "us"]);
    assert_eq!(home["status"], "eligible", "{home}");
    assert_eq!(home["in_total"], true);
    assert!(total.as_f64() > home["high"].as_f64(), "{total}");
    let (code, out, _) = run(&[
        "check",
        "affiliate",
        "--country",
        "us",
        "--audience",
        "jp",
        "--followers",
        "12k",
        "--age",
        "25",
        "--rates",
        card,
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("affiliate  ✗  pays only on viewers in the creator's region us, not on an audience in region jp"),
        "{out}"
    );
    let (code, _, _) = run(&[
        "check",
        "affiliate",
        "--region",
        "us",
        "--followers",
        "12k",
        "--age",
        "25",
        "--rates",
        card,
    ]);
    assert_eq!(code, 0);
}

#[test]
fn check_json_lists_unmet_requirements_as_data() {
    let (code, out, _) = run(&[
        "check",
        "gifts",
        "creator_rewards",
        "--followers",
        "5000",
        "--age",
        "30",
        "--views-30d",
        "200k",
        "--length",
        "75s",
        "--json",
    ]);
    assert_eq!(code, 1);
    let doc: CheckDocument = serde_json::from_str(&out).unwrap();
    assert_eq!(doc.schema_version, 2);
    assert_eq!(
        (doc.rates.name.as_str(), doc.rates.as_of.as_str()),
        ("earn default rates", "2026-12")
    );
    assert_eq!(doc.input.followers, Some(5000));
    assert_eq!(
        (doc.input.country.as_str(), doc.input.audience.as_str()),
        ("us", "us")
    );
    assert_eq!(
        (doc.input.age, doc.input.views_30d),
        (Some(30), Some(200_000))
    );
    assert_eq!(doc.input.length, Some(75));
    assert!(!doc.eligible);
    let gifts = &doc.channels[0];
    assert_eq!(
        (gifts.id.as_str(), gifts.eligible, gifts.status.as_str()),
        ("gifts", true, "eligible")
    );
    assert_eq!(gifts.name, "LIVE gifts");
    assert!(gifts.decides, "a channel named decides");
    let rewards = &doc.channels[1];
    assert_eq!(rewards.status, "ineligible");
    assert_eq!(
        rewards.unmet,
        [Unmet {
            requirement: "followers".into(),
            needed: 10_000,
            have: Some(5_000)
        }]
    );
    assert_eq!(
        rewards.reasons,
        ["needs 10,000 followers, has 5,000 — 5,000 to go"]
    );
    assert!(gifts.notes.is_empty() && rewards.notes.is_empty());

    let doc: CheckDocument =
        serde_json::from_str(&run(&["check", "creator_rewards", "--json"]).1).unwrap();
    let rewards = &doc.channels[0];
    assert_eq!(rewards.status, "needs_input");
    assert!(rewards.unmet.iter().all(|u| u.have.is_none()));
    // A video's length decides which videos pay, not whether the creator may join: assumed
    // when not given, and said so.
    let unmet: Vec<&str> = rewards
        .unmet
        .iter()
        .map(|u| u.requirement.as_str())
        .collect();
    assert_eq!(unmet, ["age", "followers", "views_30d"]);
    assert_eq!(
        rewards.notes,
        ["assumes a video over 1 minute: pass --length to check"]
    );
    // An account over the thresholds is eligible without a length; a video too short is not.
    let account = [
        "check",
        "creator_rewards",
        "--followers",
        "12k",
        "--age",
        "21",
        "--views-30d",
        "150k",
    ];
    assert_eq!(run(&account).0, 0);
    let (code, out, _) = run(&[&account[..], &["--length", "45s"]].concat());
    assert_eq!(code, 1);
    assert!(
        out.contains("needs a video over 1 minute, has 45 seconds"),
        "{out}"
    );
}

#[test]
fn milestones_mark_what_an_age_keeps_closed() {
    let (code, out, err) = run(&["milestones", "--followers", "4200", "--age", "17"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Followers (you have 4,200, at age 17)\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "[thresholds of: affiliate, gifts, subscriptions] [needs age 18: \
             affiliate, gifts, subscriptions]"
        ),
        "{out}"
    );
    let doc = json(&["milestones", "--age", "17", "--json"]);
    assert_eq!(doc["input"]["age"], 17);
    // Past 10,000 views, only Creator Rewards (18+) is left: nothing is next, and it is said.
    let (_, out, _) = run(&["milestones", "20000", "--age", "17"]);
    assert!(
        out.contains(
            "\n  No views milestone left opens a programme to this creator: the lines above say why.\n"
        ),
        "{out}"
    );
    assert_eq!(
        json(&["milestones", "20000", "--age", "17", "--json"])["next"]["views"],
        Value::Null
    );
    let (code, _, err) = run(&["milestones", "--age", "12"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: age 12 is under 13"), "{err}");
}

#[test]
fn milestones_show_what_is_reached_and_what_is_next() {
    let (code, out, _) = run(&["milestones", "--followers", "4200"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Followers (you have 4,200)\n"), "{out}");
    // A line's letter is its weakest source's: TikTok's rules (A) beside a fee tier (C).
    assert!(out.contains("  ✓     1,000  C  Going LIVE"), "{out}");
    assert!(out.contains("  ·    10,000  C  Creator Rewards"), "{out}");
    assert!(
        out.contains(
            "; Sponsorship, nano tier: $0.0025–$0.01 per follower a post, at least $5.00, priced \
             as in region us [thresholds of: affiliate, gifts, subscriptions]"
        ),
        "{out}"
    );
    // A tier no milestone states is said by itself.
    assert!(
        out.contains(
            "  ·    50,000  C  Sponsorship, mid tier: $0.0025–$0.01 per follower a post, at least \
             $125.00, priced as in region us\n"
        ),
        "{out}"
    );
    assert!(out.contains("next: 10,000 followers, 5,800 to go"), "{out}");

    let doc = json(&["milestones", "25k", "--json"]);
    assert_eq!(doc["schema_version"], 3);
    assert_eq!(doc["input"]["age"], Value::Null);
    // Every channel's threshold of the built-in table is a milestone's; the brand-deal tiers
    // past 10,000 followers start where no milestone is.
    let tier = |id, low| {
        serde_json::json!([{"channel": "sponsorship", "tier": id, "low": low,
            "low_per_follower": 0.0025, "high": null, "high_per_follower": 0.01,
            "currency": "USD", "priced_in": "us", "grade": "C"}])
    };
    let thresholds = doc["thresholds"].as_array().unwrap();
    let starts: Vec<_> = (thresholds.iter())
        .map(|t| (t["at"].clone(), t["channels"].clone(), t["tiers"].clone()))
        .collect();
    let none = serde_json::json!([]);
    assert_eq!(
        starts,
        [
            (50_000.into(), none.clone(), tier("mid", 125)),
            (500_000.into(), none.clone(), tier("macro", 1250)),
            (1_000_000.into(), none.clone(), tier("mega", 2500)),
        ]
    );
    assert_eq!(doc["input"]["views"], 25_000);
    assert_eq!(doc["input"]["followers"], Value::Null);
    assert_eq!(doc["next"]["views"]["id"], "views_100k");
    assert_eq!(doc["next"]["views"]["to_go"], 75_000);
    assert_eq!(doc["next"]["followers"], Value::Null);
    let milestones = doc["milestones"].as_array().unwrap();
    assert_eq!(milestones.len(), 8);
    for m in milestones {
        assert!(!m["sources"].as_array().unwrap().is_empty(), "{m}");
    }
    let ten_k = milestones
        .iter()
        .find(|m| m["id"] == "followers_10k")
        .unwrap();
    assert_eq!(ten_k["tiers"], tier("micro", 25));
    assert_eq!(ten_k["reached"], Value::Null);
    assert_eq!(ten_k["channels"], serde_json::json!(["creator_rewards"]));
    assert_eq!(ten_k["not_open"], serde_json::json!(["creator_fund"]));
    assert_eq!(doc["input"]["country"], Value::Null);
}

#[test]
fn milestones_show_a_threshold_no_milestone_states_and_may_make_it_next() {
    let file = temp_toml(
        "[[channel]]\nid = \"boost\"\nname = \"Boost\"\nbasis = \"views\"\n\
         [channel.rate]\nper = 1000\nlow = 0.05\nhigh = 0.05\n\
         [channel.eligibility]\nmin_followers = 5000\n",
    );
    let path = file.path().to_str().unwrap();
    let (code, out, err) = run(&["milestones", "--followers", "4200", "--rates", path]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "  ·     5,000  ?  A threshold no milestone of the rate table states [thresholds of: boost]"
        ),
        "{out}"
    );
    assert!(
        out.contains("next: 5,000 followers (a threshold of boost), 800 to go"),
        "{out}"
    );
    let doc = json(&[
        "milestones",
        "--followers",
        "4200",
        "--rates",
        path,
        "--json",
    ]);
    // Before the built-in brand-deal tiers' starts (50,000 and up).
    assert_eq!(
        doc["thresholds"][0],
        serde_json::json!(
            {"kind": "followers", "at": 5000, "reached": false, "channels": ["boost"], "tiers": [],
             "too_young": [], "sources": [
                {"title": format!("{path}, which gives no source"), "url": null, "date": null,
                 "grade": null, "note": null}
            ]}
        )
    );
    assert_eq!(doc["thresholds"][1]["at"], 50_000);
    assert_eq!(
        doc["next"]["followers"],
        serde_json::json!({"id": null, "at": 5000, "to_go": 800})
    );
}

/// An agency's card that prices brand deals from 5,000 followers: the milestones say its
/// tiers, where they start, and no longer the built-in ones.
#[test]
fn milestones_follow_a_cards_fee_tiers() {
    let file = temp_toml(
        "[[channel]]\nid = \"sponsorship\"\n\
         [[channel.rate.tier]]\nid = \"small\"\nfrom = 5000\nlow = 100\nhigh = 300\n\
         [[channel.rate.tier]]\nid = \"big\"\nfrom = 200000\nlow = 2000\nhigh = 6000\n",
    );
    let path = file.path().to_str().unwrap();
    let (code, out, err) = run(&["milestones", "--followers", "3000", "--rates", path]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("nano") && !out.contains("mid tier"), "{out}");
    assert!(
        out.contains("  ·   5,000  ?  Sponsorship, small tier: $100.00–$300.00 per post\n"),
        "{out}"
    );
    assert!(
        out.contains("  · 200,000  ?  Sponsorship, big tier: $2,000.00–$6,000.00 per post\n"),
        "{out}"
    );
    assert!(
        out.contains("next: 5,000 followers (the small tier of Sponsorship), 2,000 to go"),
        "{out}"
    );
    let doc = json(&["milestones", "--rates", path, "--json"]);
    let starts: Vec<_> = (doc["thresholds"].as_array().unwrap().iter())
        .map(|t| (t["at"].clone(), t["tiers"].clone()))
        .collect();
    let tier = |id, low, high| {
        serde_json::json!([{"channel": "sponsorship", "tier": id, "low": low, "high": high,
            "low_per_follower": null, "high_per_follower": null, "currency": "USD",
            "priced_in": null, "grade": null}])
    };
    assert_eq!(
        starts,
        [
            (5_000.into(), tier("small", 100, 300)),
            (200_000.into(), tier("big", 2000, 6000))
        ]
    );
}

/// With a region, a milestone names only the channels open to creators there: the Creator
/// Fund closed in the US and was never offered in Japan; nothing is open in India.
#[test]
fn milestones_in_a_region_name_the_channels_open_there() {
    let channels_at = |region: &str, id: &str| {
        let doc = json(&["milestones", "--region", region, "--json"]);
        assert_eq!(doc["input"]["country"], region);
        doc["milestones"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id)
            .unwrap()["channels"]
            .clone()
    };
    assert_eq!(
        channels_at("us", "followers_10k"),
        serde_json::json!(["creator_rewards"])
    );
    assert_eq!(
        channels_at("us", "followers_1k"),
        serde_json::json!(["affiliate", "gifts", "subscriptions"])
    );
    assert_eq!(
        channels_at("kr", "followers_1k"),
        serde_json::json!(["gifts", "subscriptions"])
    );
    assert_eq!(channels_at("in", "followers_10k"), serde_json::json!([]));
    let (code, out, _) = run(&["milestones", "--country", "in"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("Creators in India (in): the channels open there"),
        "{out}"
    );
    assert!(out.contains("TikTok is unavailable there"), "{out}");
    let (code, _, err) = run(&["milestones", "--region", "zz"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown region 'zz' for --region"), "{err}");
}

#[test]
fn rates_shows_every_channel_factor_and_unmodelled_stream() {
    let (code, out, _) = run(&["rates"]);
    assert_eq!(code, 0);
    for id in [
        "creator_fund",
        "creator_rewards",
        "sponsorship",
        "affiliate",
        "gifts",
    ] {
        assert!(out.contains(&format!("\n{id} · ")), "{id}");
    }
    assert!(
        out.contains("  rate          $0.012–$0.05 per 1,000 views (grade B)"),
        "{out}"
    );
    assert!(out.contains(
        "closed on 2023-12-16 in us, gb, de, fr; closed to new creators on 2023-02-20 in every region"
    ));
    assert!(out.contains(
        "  tiers         nano: 1,000–9,999 followers (milestone followers_1k), $0.0025–$0.01 per follower a post, at least $5.00\n"
    ));
    assert!(out.contains("  excludes      creator_rewards when the video has this"));
    assert!(
        out.contains(
            "  regions       us, gb, de, fr, es, it, jp, br, mx, id, ph, th, my, sg, vn\n"
        )
    );
    assert!(out.contains("  cross-check   $1.00–$5.00 per 1,000 views × region (grade D)"));
    assert!(out.contains("  cross-check   $5.00–$15.00 per 1,000 views × region (grade D)"));
    assert!(out.contains("10,000 followers (milestone followers_10k)"));
    for section in [
        "CHANNELS",
        "FACTORS",
        "MILESTONES",
        "EXCLUSIVE GROUPS",
        "NOT MODELLED",
    ] {
        assert!(out.contains(&format!("\n{section}\n")), "{section}");
    }
    for stream in [
        "merchandise",
        "off_platform",
        "shop_own_products",
        "tips",
        "pulse",
        "series",
        "subscriptions",
        "super_likes",
    ] {
        assert!(out.contains(&format!("\n{stream} · ")), "{stream}");
    }
    assert!(out.contains("No evidence that such a TikTok feature exists"));
}

#[test]
fn rates_json_has_the_table_shape() {
    let doc = json(&["rates", "--format", "json"]);
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["channel"][0]["id"], "creator_fund");
    assert_eq!(doc["channel"][0]["rate"]["low"], 0.012);
    assert_eq!(doc["factor"][0]["entries"]["gb"]["low"], 0.7);
    assert_eq!(doc["unmodelled"].as_array().unwrap().len(), 7);
    assert_eq!(json(&["rates", "--json"]), doc);
}

fn temp_toml(text: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    file.write_all(text.as_bytes()).unwrap();
    file
}

#[test]
fn milestones_name_only_channels_that_are_switched_on() {
    let file = temp_toml("[[channel]]\nid = \"creator_fund\"\nenabled = false\n");
    let (code, out, err) = run(&["milestones", "--rates", file.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let ten_k = out.lines().find(|l| l.contains("10,000  ")).unwrap();
    assert!(
        ten_k.ends_with("[thresholds of: creator_rewards]"),
        "{ten_k}"
    );
}

#[test]
fn the_toml_dump_round_trips_through_rates() {
    let (code, dump, _) = run(&["rates", "--format", "toml"]);
    assert_eq!(code, 0);
    let file = temp_toml(&dump);
    let path = file.path().to_str().unwrap();
    for args in [
        &["1m", "--json"][..],
        &[
            "1m",
            "--json",
            "--region",
            "gb",
            "--followers",
            "9,999",
            "--niche",
            "tech",
        ],
        &[
            "2500",
            "--json",
            "--explain",
            "--diamonds",
            "77",
            "--engagement",
            "4.5%",
        ],
        &["1m", "--format", "csv", "--region", "kr", "--age", "18"],
    ] {
        let plain = run(args).1;
        // The same figures, in a table named after the file it was read from.
        let through = run(&[args, &["--rates", path]].concat()).1.replace(
            &format!("earn default rates with {path}"),
            "earn default rates",
        );
        assert_eq!(plain, through, "{args:?}");
    }
    // And the dump of the dump is the dump: it does not carry the name made for the file.
    assert_eq!(run(&["rates", "--format", "toml", "--rates", path]).1, dump);
    assert!(!dump.contains("name = \"earn default rates"), "{dump}");
}

#[test]
fn a_weekly_months_rounding_is_said_in_its_currency() {
    let note = |currency: &str| {
        let (code, out, _) = run(&[
            "month",
            "--avg-views",
            "50k",
            "--videos-per-week",
            "3",
            "--currency",
            currency,
        ]);
        assert_eq!(code, 0);
        out
    };
    assert!(
        note("jpy").contains(
            "a month is a twelfth of it, rounded to ¥1, so 12 months can be a few ¥1 off the year."
        ),
        "{}",
        note("jpy")
    );
    assert!(note("usd").contains("rounded to $0.01, so 12 months can be a few $0.01 off"));
}

#[test]
fn a_months_explain_works_out_the_months_diamonds_with_their_numbers() {
    let (code, out, _) = run(&[
        "month",
        "--avg-views",
        "10k",
        "--videos",
        "10",
        "--followers",
        "40k",
        "--diamonds",
        "10k",
        "--explain",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("\n  10,000 diamonds × $0.005 = $50.00 a month; × 12 = $600.00 a year\n"),
        "{out}"
    );
}

#[test]
fn explain_shows_the_arithmetic_thresholds_and_sources() {
    let (code, out, _) = run(&["1m", "--region", "gb", "--followers", "12k", "--explain"]);
    assert_eq!(code, 0);
    assert!(out.contains(
        "\nCreator Rewards (assumed)\n  1,000,000 views ÷ 1,000 × $0.40–$1.00 × qualified 0.30–0.90 × region gb 0.70–0.90 = $84.00–$810.00\n"
    ), "{out}");
    assert!(out.contains("  ✓ 10,000 followers (has 12,000)\n"));
    assert!(out.contains("  ? age 18+ (not given: assumed met; pass --age)\n"));
    assert!(out.contains("  rate: Protocol: Hank Green on Creator Fund pay"));
    assert!(out.contains("(2022-01, grade B)"));
    assert!(out.contains("\nLIVE gifts (needs input)\n  needs --diamonds"));
}

#[test]
fn without_explain_the_output_is_unchanged() {
    let plain = run(&["1m", "--json"]).1;
    assert!(!plain.contains("\"explain\""));
    let doc: Value = serde_json::from_str(&plain).unwrap();
    let explained = json(&["1m", "--json", "--explain"]);
    let mut stripped = explained.clone();
    for channel in stripped["channels"].as_array_mut().unwrap() {
        channel.as_object_mut().unwrap().remove("explain");
    }
    assert_eq!(stripped, doc);
    let (code, _, err) = run(&["1m", "--explain", "--format", "csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("--explain cannot be shown in CSV"), "{err}");
}

/// A JSON number back to the exact decimal it was written as.
fn decimal(value: &Value) -> Decimal {
    Decimal::from_toml_float(value.as_f64().unwrap()).unwrap()
}

/// The quantity a channel's working multiplies, as the estimate counts it: sales (an amount, of
/// dollars here) in cents.
fn counted(channel: &Value) -> Option<u64> {
    let quantity = &channel["explain"]["quantity"];
    if channel["basis"] == "sales" {
        let dollars = quantity.as_f64()?;
        return Some(format!("{dollars:.2}").replace('.', "").parse().unwrap());
    }
    quantity.as_u64()
}

#[test]
fn explain_arithmetic_equals_the_amounts() {
    for args in [
        &["1m", "--json", "--explain", "--region", "gb"][..],
        &[
            "123457",
            "--json",
            "--explain",
            "--region",
            "br",
            "--niche",
            "beauty",
            "--engagement",
            "7%",
        ],
        &[
            "9",
            "--json",
            "--explain",
            "--diamonds",
            "1001",
            "--sales",
            "1234",
            "--qualified-share",
            "37%",
        ],
        &[
            "5.5m",
            "--json",
            "--explain",
            "--region",
            "kr",
            "--engagement",
            "0.015",
        ],
        &["2000", "--json", "--explain"],
        &["1110", "--json", "--explain", "--qualified-share", "0.9"],
        &[
            "1m",
            "--json",
            "--explain",
            "--with",
            "affiliate",
            "--sales",
            "2,500.51",
        ],
    ] {
        let doc = json(args);
        for channel in doc["channels"].as_array().unwrap() {
            let x = &channel["explain"];
            assert!(x.is_object(), "{channel}");
            let sales = channel["basis"] == "sales";
            let Some(quantity) = counted(channel) else {
                // No input to price it from; where it is not offered, none is asked for.
                assert!(
                    ["needs_input", "unavailable"].contains(&channel["status"].as_str().unwrap()),
                    "{channel}"
                );
                continue;
            };
            if channel["status"] == "unavailable" {
                assert_eq!(channel["low"], Value::Null);
                continue;
            }
            let per = x["rate"]["per"].as_u64().unwrap() * if sales { 100 } else { 1 };
            let minimum = x["rate"]["min_quantity"].as_u64().unwrap_or(0);
            for bound in ["low", "high"] {
                let share = x["factors"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|f| f["name"] == "qualified_share")
                    .map_or(Decimal::ONE, |f| decimal(&f[bound]));
                let dollars = |parts: Vec<_>| Scale::of(parts, Unit::DOLLARS).apply(quantity);
                let counted = dollars(vec![part(share)]);
                let reaches = counted.unwrap().minor() >= minimum * 100;
                let mut product = vec![(1, u128::from(per)), part(decimal(&x["rate"][bound]))];
                for factor in x["factors"].as_array().unwrap() {
                    product.push(part(decimal(&factor[bound])));
                }
                let cents = if reaches {
                    dollars(product).unwrap().minor()
                } else {
                    0
                };
                let shown: u64 = format!("{:.2}", channel[bound].as_f64().unwrap())
                    .replace('.', "")
                    .parse()
                    .unwrap();
                assert_eq!(cents, shown, "{} {bound} for {args:?}", channel["id"]);
            }
            for t in x["thresholds"].as_array().unwrap() {
                let met = match (t["have"].as_u64(), t["needed"].as_u64()) {
                    (Some(have), Some(needed)) => Value::Bool(have >= needed),
                    _ => Value::Null,
                };
                assert_eq!(t["met"], met);
            }
            for s in x["sources"].as_array().unwrap() {
                assert!(s["title"].is_string() && s["figure"].is_string(), "{s}");
            }
        }
    }
}

#[test]
fn subcommands_and_views_do_not_mix() {
    let (code, _, err) = run(&["1m", "check"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(&["rates", "--format", "yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'yaml'"), "{err}");
}

#[test]
fn every_shell_gets_a_script_naming_the_commands_and_flags() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, out, err) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(err.is_empty(), "{shell}: {err}");
        assert!(out.contains("earn"), "{shell}");
        for word in ["milestones", "completions", "followers", "views-30d"] {
            assert!(out.contains(word), "{shell} script lacks {word}");
        }
    }
}

/// bash completes what the built-in table knows: regions and their aliases, niches,
/// currencies, and channel ids for `earn check` and `--with`.
#[test]
fn bash_completes_the_names_the_table_knows() {
    let (code, script, _) = run(&["completions", "bash"]);
    assert_eq!(code, 0);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("earn.bash");
    std::fs::write(&path, script).unwrap();
    let complete = |words: &[&str]| {
        let line = words.join(" ");
        let program = format!(
            "source '{}'; COMP_WORDS=({line}); COMP_CWORD={}; COMP_LINE='{line}'; \
             COMP_POINT=${{#COMP_LINE}}; _earn earn '{}' '{}'; echo \"${{COMPREPLY[@]}}\"",
            path.display(),
            words.len() - 1,
            words[words.len() - 1],
            words[words.len() - 2],
        );
        let out = std::process::Command::new("bash")
            .args(["-c", &program])
            .output()
            .expect("bash runs");
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    assert_eq!(complete(&["earn", "1m", "--region", "g"]), "gb");
    assert_eq!(complete(&["earn", "1m", "--country", "u"]), "us usa uk");
    assert_eq!(complete(&["earn", "1m", "--niche", "t"]), "tech");
    assert_eq!(complete(&["earn", "1m", "--currency", "g"]), "gbp");
    assert_eq!(complete(&["earn", "1m", "--with", "a"]), "affiliate");
    assert_eq!(
        complete(&["earn", "check", "s"]),
        "sponsorship subscriptions"
    );
    assert_eq!(complete(&["earn", "month", "--region", "j"]), "jp");
}

#[test]
fn shell_names_ignore_case() {
    let (code, out, _) = run(&["completions", "Bash"]);
    assert_eq!(code, 0);
    assert!(out.contains("_earn"));
}

/// Every fixed set of values reads in any case, `--color` as `--format` does.
#[test]
fn format_and_colour_names_ignore_case() {
    let (code, out, err) = run(&["1m", "--color", "ALWAYS", "--format", "Json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with('{'), "{out}");
    let (code, out, err) = run(&["1m", "--color", "Always"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains('\u{1b}'), "{out}");
}

#[test]
fn an_unknown_shell_is_an_error_with_a_hint() {
    let (code, out, err) = run(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(lines[0].starts_with("error: invalid value 'tcsh'"), "{err}");
    assert!(
        lines[0].contains("[possible values: bash, elvish, fish, powershell, zsh]"),
        "{err}"
    );
    assert!(lines[1].starts_with("hint: "), "{err}");
    let (code, _, err) = run(&["completions"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn the_man_page_has_a_title_examples_and_exit_statuses() {
    let (code, page, err) = run(&["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(page.starts_with(".ie") || page.starts_with(".TH"), "{page}");
    assert!(page.contains("\n.TH earn 1"), "{page}");
    assert!(page.contains("\n.SH EXAMPLES\n"));
    assert!(page.contains("\n.SH \"EXIT STATUS\"\n"));
    // The environment it reads, which clap's own sections leave out.
    assert!(
        page.contains("\n.SH ENVIRONMENT\n.TP\n\\fBEARN_RATES\\fR\nA rates file"),
        "{page}"
    );
    // The examples are the ones `earn --help` shows, with hyphens escaped for roff.
    assert!(page.contains("\nearn 1000000 \\-\\-region us\n"), "{page}");
    let (_, help, _) = run(&["--help"]);
    assert!(help.contains("\n  earn 1000000 --region us\n"));
    for status in [".TP\n0\n", ".TP\n1\n", ".TP\n2\n"] {
        assert!(page.contains(status), "{status}");
    }
    // Every command is on the page with its options.
    for command in [
        "earn check",
        "earn milestones",
        "earn target",
        "earn rates",
        "earn completions",
    ] {
        assert!(page.contains(&format!(".SS \"{command}\"")), "{command}");
    }
    assert!(page.contains("\\-\\-quiet"));
    // And what its help says after the options: its examples and exit statuses, as written.
    assert!(
        page.contains(
            "\n.nf\nExamples:\n  earn check creator_rewards \\-\\-followers 12k \\-\\-views\\-30d 150k"
        ),
        "{page}"
    );
    assert!(
        page.contains("\nExit status: 0 when every checked channel"),
        "{page}"
    );
}

#[test]
fn write_failures_are_errors_not_panics() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not every system has /dev/full
    };
    for args in [&["completions", "zsh"][..], &["man"]] {
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("earn"))
            .args(args)
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(output.stderr).unwrap();
        assert!(err.starts_with("error: writing output:"), "{err}");
        assert_eq!(err.lines().count(), 2, "{err}");
    }
}

/// One bound of a channel's amount (or of the total) in the estimate of `views`.
fn estimated(views: u64, profile: &[&str], channel: Option<&str>, bound: &str) -> Decimal {
    let views = views.to_string();
    let doc = json(&[&[views.as_str(), "--json"][..], profile].concat());
    let amounts = match channel {
        Some(id) => doc["channels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()
            .clone(),
        None => doc["total"].clone(),
    };
    decimal(&amounts[bound])
}

/// Checks that `views` reach `amount` in the estimate and one view fewer does not.
fn assert_round_trip(
    views: &Value,
    amount: Decimal,
    profile: &[&str],
    channel: Option<&str>,
    bound: &str,
) {
    let views = views.as_u64().unwrap();
    let at = |v| estimated(v, profile, channel, bound);
    assert!(
        at(views) >= amount,
        "{channel:?} {bound} at {views}: {profile:?}"
    );
    if views > 0 {
        assert!(
            at(views - 1) < amount,
            "{channel:?} {bound} at {views} - 1: {profile:?}"
        );
    }
}

#[test]
fn a_target_past_the_account_s_30_day_views_says_so() {
    // As the estimate of a video with more views than the account's 30 days warns: the views a
    // target takes usually count in them.
    let profile = ["--views-30d", "150k", "--followers", "12k", "--age", "22"];
    let (code, _, err) = run(&[&["target", "1000"][..], &profile].concat());
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err,
        "warning: $1,000.00 takes at least 1,111,106 views, more than --views-30d 150,000; the \
         account's 30-day views usually include the video's, and thresholds are checked against \
         the 150,000 given\n"
    );
    let (code, _, err) = run(&[&["target", "10"][..], &profile].concat());
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn target_views_round_trip_through_the_estimate() {
    for amount in ["1000", "$2,500.50", "0.01", "1.5k"] {
        for region in ["us", "gb", "br"] {
            let profile = ["--region", region, "--followers", "20k"];
            let doc = json(&[&["target", amount, "--json"][..], &profile].concat());
            let target = decimal(&doc["amount"]);
            let mut reached = 0;
            for c in doc["channels"].as_array().unwrap() {
                let id = c["id"].as_str().unwrap();
                // The fewest views are at the high figures, the most at the low ones.
                for (field, bound) in [("views_low", "high"), ("views_high", "low")] {
                    if !c[field].is_null() {
                        assert_round_trip(&c[field], target, &profile, Some(id), bound);
                        reached += 1;
                    }
                }
            }
            // Creator Rewards alone is paid per view: the fund is closed or not offered,
            // sponsorship is a fee per post, affiliate a commission on sales, gifts per diamond.
            let per_view = 2;
            assert!(reached >= per_view, "{amount} in {region}: {doc}");
            assert_round_trip(&doc["total"]["views_low"], target, &profile, None, "high");
            assert_round_trip(&doc["total"]["views_high"], target, &profile, None, "low");
        }
    }
}

#[test]
fn target_json_has_the_documented_shape() {
    let (_, out, _) = run(&["target", "$1,000", "--followers", "12k", "--json"]);
    // Amounts are written from whole cents, always with two decimals.
    assert!(out.contains("\n  \"amount\": 1000.00,\n"), "{out}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["schema_version"], 4);
    assert_eq!(doc["amount_minor"], 100_000);
    assert_eq!(doc["input"]["followers"], 12000);
    assert_eq!(doc["input"]["country"], "us");
    assert_eq!(doc["input"]["with"], serde_json::json!([]));
    assert!(doc["input"].get("views").is_none());
    let affiliate = &doc["channels"][3];
    assert_eq!(affiliate["id"], "affiliate");
    // A commission on sales: no views reach an amount, and without --sales none is priced.
    assert_eq!(affiliate["views_low"], Value::Null);
    assert_eq!(affiliate["views_high"], Value::Null);
    assert_eq!(affiliate["status"], "needs_input");
    assert_eq!(affiliate["in_total"], false, "opt-in, and not named");
    let sponsorship = &doc["channels"][2];
    assert_eq!(
        sponsorship["reason"],
        "paid per post: $30.00–$120.00 whatever the views, short of $1,000.00"
    );
    let rewards = &doc["channels"][1];
    assert_eq!(
        rewards["reason"],
        "assumes age 18+, 100,000 views in the last 30 days, a video over 1 minute"
    );
    assert!(doc["total"]["views_low"].as_u64() <= doc["total"]["views_high"].as_u64());
    assert!(doc["channels"][0].get("explain").is_none());
}

#[test]
fn target_says_why_a_channel_cannot_reach_the_amount() {
    let doc = json(&["target", "1000", "--followers", "500", "--json"]);
    let reasons: Vec<(&str, &str)> = doc["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            assert!(c["views_low"].is_null() && c["views_high"].is_null(), "{c}");
            (c["id"].as_str().unwrap(), c["reason"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        reasons,
        [
            ("creator_fund", "closed in region us since 2023-12-16"),
            ("creator_rewards", "needs 10,000 followers, has 500"),
            (
                "sponsorship",
                "no fee is priced below 1,000 followers, where the tiers start; has 500"
            ),
            ("affiliate", "needs 1,000 followers, has 500"),
            ("gifts", "needs 1,000 followers, has 500"),
        ]
    );
    assert!(doc["total"]["views_low"].is_null());
    assert_eq!(doc["total"]["reason"], "no channel counts in the total");

    // A share of 0 pays nothing; Creator Rewards for a UK creator with a Brazilian audience
    // never reaches the largest amount.
    let doc = json(&["target", "1k", "--qualified-share", "0", "--json"]);
    assert_eq!(
        doc["channels"][1]["reason"],
        "pays nothing: its qualified share (input) is 0"
    );
    let doc = json(&[
        "target",
        "184467440737095516.15",
        "--country",
        "gb",
        "--audience",
        "br",
        "--json",
    ]);
    assert_eq!(
        doc["channels"][1]["reason"],
        "needs more than 18,446,744,073,709,551,615 views"
    );
}

#[test]
fn target_table_shows_views_per_channel_and_the_total() {
    let (code, out, err) = run(&["target", "1000", "--followers", "12k", "--region", "us"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with(
        "Views for one video to earn $1,000.00 · region us (United States) · 12,000 followers"
    ));
    assert!(lines[2].starts_with("CHANNEL") && lines[2].contains("FEWEST VIEWS  MOST VIEWS"));
    assert!(
        out.contains("\nAffiliate                   —           —  B      needs input  needs --sales: it is a commission on what the video's product links sell\n"),
        "{out}"
    );
    assert!(
        out.contains("\nSponsorship                 —           —  C      eligible     paid per post: $30.00–$120.00 whatever the views, short of $1,000.00\n"),
        "{out}"
    );
    // A channel with no amount for want of an input says what it needs.
    assert!(out.contains(
        "\nLIVE gifts                  —           —  D      needs input  needs --diamonds: it is \
         paid per diamond received\n"
    ));
    assert!(lines.iter().any(|l| l.starts_with("Total")));
}

#[test]
fn target_explain_shows_the_division_and_the_check() {
    let (code, out, err) = run(&["target", "1000", "--region", "gb", "--explain"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("  fewest: $1,000.00 ÷ $1.00 × 1,000 ÷ qualified 0.90 ÷ region gb 0.90 ≈ 1,234,567.90 views\n          1,234,562 views earn $1,000.00; 1,234,561 earn $999.99\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "Creator Fund (closed)\n  cannot reach: closed in region gb since 2023-12-16\n"
        )
    );
    // The per-video minimum shows when it decides the answer.
    let (_, out, _) = run(&["target", "0.01", "--explain"]);
    assert!(
        out.contains("1,112 views earn $1.00; 1,111 earn $0.00 (a video earns nothing under 1,000 qualified views)"),
        "{out}"
    );
    let (_, out, _) = run(&["target", "1000", "--json", "--explain"]);
    assert!(out.contains("\"earns\": 1000.00,\n"), "{out}");
    assert!(out.contains("\"one_fewer_earns\": 999.99,\n"), "{out}");
    assert!(out.contains("\"earns_minor\": 100000,\n"), "{out}");
    assert!(out.contains("\"one_fewer_earns_minor\": 99999\n"), "{out}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let step = &doc["channels"][1]["explain"]["fewest"];
    assert_eq!(step["views"], doc["channels"][1]["views_low"]);
    assert_eq!(
        step["formula"],
        "$1,000.00 ÷ $1.00 × 1,000 ÷ qualified 0.90 ≈ 1,111,111.11 views"
    );
    assert_eq!(
        doc["total"]["explain"]["most"]["views"],
        doc["total"]["views_high"]
    );
}

#[test]
fn a_bad_amount_is_an_error_with_a_hint() {
    for (amount, says) in [
        ("abc", "is not an amount"),
        ("-5", "is negative"),
        ("0", "is $0"),
        ("1.0005", "more than 2 decimal places"),
        ("1.005", "could be $1,005.00 with a dot between thousands"),
        ("1,00", "has a decimal comma: write 1.00"),
        ("", "empty amount"),
        ("999999999999999999999", "too large"),
    ] {
        let (code, out, err) = run(&["target", amount]);
        assert_eq!(code, 2, "{amount}");
        assert!(out.is_empty());
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 2, "{err}");
        assert!(lines[0].starts_with("error: invalid value"), "{err}");
        assert!(lines[0].contains(says), "{amount}: {err}");
        assert_eq!(lines[1], "hint: see 'earn target --help'");
    }
}

#[test]
fn target_round_trips_in_other_currencies() {
    for (currency, amount) in [
        ("jpy", "150k"),
        ("eur", "1234.56"),
        ("idr", "20m"),
        ("krw", "1"),
    ] {
        let profile = [
            "--region",
            "gb",
            "--followers",
            "20k",
            "--currency",
            currency,
        ];
        let doc = json(&[&["target", amount, "--json"][..], &profile].concat());
        assert_eq!(doc["currency"], currency.to_ascii_uppercase());
        let target = decimal(&doc["amount"]);
        assert_round_trip(&doc["total"]["views_low"], target, &profile, None, "high");
        assert_round_trip(&doc["total"]["views_high"], target, &profile, None, "low");
        let rewards = &doc["channels"][1];
        assert_eq!(rewards["id"], "creator_rewards");
        let (id, views) = ("creator_rewards", &rewards["views_low"]);
        assert_round_trip(views, target, &profile, Some(id), "high");
    }
}

#[test]
fn currency_converts_exactly_and_rounds_to_the_minor_unit() {
    // $12.00–$50.00 of Creator Fund at 1m views. 1 EUR = 182.85 JPY = 1.1476 USD, so
    // $12 = 12 × 182.85 / 1.1476 = ¥1,911.99… → ¥1,912 and $50 = ¥7,966.62… → ¥7,967.
    let out = run(&["1m", "--currency", "jpy", "--json"]).1;
    let fund = r#""id":"creator_fund","name":"Creator Fund","basis":"views","opt_in":false,"status":"closed","low":1912,"high":7967,"#;
    let compact: String = out.split_whitespace().collect::<Vec<_>>().join("");
    assert!(
        compact.contains(&fund.replace(' ', "")),
        "yen are whole: {out}"
    );
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["currency"], "JPY");
    assert_eq!(doc["fx"]["from"], "USD");
    assert_eq!(doc["fx"]["to"], "JPY");
    assert_eq!(doc["fx"]["as_of"], "2026-03-13");
    assert_eq!(doc["fx"]["to_per_base"].to_string(), "182.85");
    assert_eq!(doc["fx"]["from_per_base"].to_string(), "1.1476");
    assert_eq!(doc["fx"]["rate"].to_string(), "159.33252");
    assert!(
        doc["fx"]["source"]
            .as_str()
            .unwrap()
            .contains("European Central Bank")
    );

    // $12 = 12 × 0.86503 / 1.1476 = £9.0452… → £9.05; two decimals stay two.
    let csv = run(&["1m", "--currency", "GBP", "--format", "csv"]).1;
    let fund = csv.lines().nth(1).unwrap();
    assert_eq!(
        fund,
        "creator_fund,Creator Fund,closed,9.05,37.69,false,GBP,views,false,,B,closed in region us since 2023-12-16"
    );

    // The rupiah is shown whole: $12 = 12 × 19395.07 / 1.1476 = Rp202,806.58… → Rp202,807.
    let table = run(&["1m", "--currency", "idr"]).1;
    assert!(table.contains("Rp202,807"), "{table}");
    assert!(
        table.contains("Amounts in IDR, converted exactly from USD at"),
        "{table}"
    );

    // The table's own currency, asked for by name, is no conversion at all.
    let doc = json(&["1m", "--currency", "usd", "--json"]);
    assert_eq!(doc["currency"], "USD");
    assert!(doc["fx"].is_null());
    assert_eq!(doc["channels"][0]["low"].to_string(), "12.00");
}

#[test]
fn explain_shows_the_exchange_rate_and_its_source() {
    let out = run(&["1m", "--currency", "eur", "--explain"]).1;
    assert!(
        out.contains("1,000,000 views ÷ 1,000 × $0.012–$0.05 × fx 1 ÷ 1.1476 = €10.46–€43.57"),
        "{out}"
    );
    assert!(out.contains("fx: European Central Bank"), "{out}");
}

#[test]
fn batch_gives_every_row_in_the_chosen_currency() {
    let input = "handle,views\n@a,1m\n@b,250k\n";
    let mut cmd = earn();
    let output = cmd
        .args(["batch", "--currency", "jpy"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(output.status.success());
    let out = String::from_utf8(output.stdout).unwrap();
    for line in out.lines() {
        let record: Value = serde_json::from_str(line).unwrap();
        assert_eq!(record["currency"], "JPY");
        assert_eq!(record["fx"]["to"], "JPY");
    }
    let output = earn()
        .args(["batch", "--currency", "jpy", "--format", "csv"])
        .write_stdin(input)
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    let header: Vec<&str> = out.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = out.lines().nth(1).unwrap().split(',').collect();
    let at = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(at("currency"), "JPY");
    assert_eq!(at("creator_fund_low"), "1912");
}

// --- earn month ----------------------------------------------------------------------------------

const MONTH: [&str; 13] = [
    "month",
    "--avg-views",
    "50k",
    "--videos",
    "20",
    "--followers",
    "12k",
    "--age",
    "22",
    "--length",
    "75s",
    "--region",
    "us",
];

fn month_channel<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
}

#[test]
fn month_checks_thresholds_against_the_projected_views_and_says_so() {
    let (code, out, err) = run(&MONTH);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("30-day views: 1,000,000 projected (50,000 a video × 20 videos a month)"),
        "{out}"
    );
    let rewards = out
        .lines()
        .find(|l| l.starts_with("Creator Rewards"))
        .unwrap();
    assert!(rewards.contains("$120.00–$900.00"), "{rewards}");
    assert!(rewards.contains("$1,440.00–$10,800.00"), "{rewards}");
    // Met: the views line says what it was checked against; the row needs no reason.
    assert!(rewards.contains("eligible"), "{rewards}");
    let total = out.lines().find(|l| l.starts_with("Total ")).unwrap();
    assert!(total.contains("$120.00–$900.00") && total.contains("$1,440.00–$10,800.00"));

    let doc = json(&[&MONTH[..], &["--json"]].concat());
    assert_eq!(doc["input"]["views_30d"], 1_000_000);
    assert_eq!(doc["input"]["views_30d_from"], "projected");
    let rewards = month_channel(&doc, "creator_rewards");
    assert_eq!(rewards["status"], "eligible");
    assert_eq!(rewards["in_total"], true);
    assert_eq!(rewards["month"]["high"], 900.0);
    assert_eq!(doc["total"]["year"]["low"], 1440.0);
}

#[test]
fn a_months_opt_in_videos_are_counted_only_for_the_channels_their_count_is_for() {
    // A programme of the file's own, opt-in and paid per view: a sponsored video is not a
    // video entered in it.
    let boost = "[[channel]]\nid = \"boost\"\nname = \"Boost\"\nbasis = \"views\"\n\
                 opt_in = \"the video is entered in Boost\"\n\
                 [channel.rate]\nper = 1000\nlow = 0.05\nhigh = 0.05\n";
    let args = |path: &str, count: &str| {
        [&MONTH[..], &[count, "5", "--json", "--rates", path][..]]
            .concat()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<String>>()
    };
    let file = temp_toml(boost);
    let args_of = args(file.path().to_str().unwrap(), "--sponsored");
    let doc = json(&args_of.iter().map(String::as_str).collect::<Vec<_>>());
    let boosted = month_channel(&doc, "boost");
    assert!(boosted["month"].is_null(), "{boosted}");
    assert_eq!(boosted["in_total"], false);
    assert!(
        boosted["reasons"][0]
            .as_str()
            .unwrap()
            .contains("a month has no count of the videos that have it"),
        "{boosted}"
    );
    assert_eq!(month_channel(&doc, "sponsorship")["in_total"], true);

    // Given a count, it is paid on those videos: five a month of 50,000 views at 5¢ a thousand.
    let file = temp_toml(&boost.replace(
        "opt_in = \"the video is entered in Boost\"\n",
        "opt_in = \"the video is entered in Boost\"\nmonth_count = \"linked\"\n",
    ));
    let args_of = args(file.path().to_str().unwrap(), "--linked");
    let doc = json(&args_of.iter().map(String::as_str).collect::<Vec<_>>());
    let boosted = month_channel(&doc, "boost");
    assert_eq!(boosted["month"]["low"], 12.5, "{boosted}");
    assert_eq!(boosted["in_total"], true);
}

#[test]
fn month_below_a_threshold_says_how_many_more_views_would_qualify() {
    let mut args = MONTH.to_vec();
    args[2] = "2k";
    let doc = json(&[&args[..], &["--json"]].concat());
    assert_eq!(doc["input"]["views_30d"], 40_000);
    let rewards = month_channel(&doc, "creator_rewards");
    assert_eq!(rewards["status"], "ineligible");
    assert_eq!(rewards["in_total"], false);
    let reasons = rewards["reasons"].to_string();
    assert!(
        reasons.contains("needs 100,000 views in the last 30 days, has 40,000"),
        "{reasons}"
    );
    assert!(
        reasons.contains(
            "40,000 projected views in 30 days: 60,000 more a month would qualify (5,000 views a video, or 50 videos a month)"
        ),
        "{reasons}"
    );
}

#[test]
fn month_subscriptions_take_the_country_s_share_and_need_a_count() {
    let without = json(&[&MONTH[..], &["--json"]].concat());
    let subscriptions = month_channel(&without, "subscriptions");
    assert_eq!(subscriptions["status"], "needs_input");
    assert_eq!(subscriptions["month"], Value::Null);

    let us = json(&[&MONTH[..], &["--subscribers", "300", "--json"]].concat());
    let subscriptions = month_channel(&us, "subscriptions");
    assert_eq!(subscriptions["in_total"], true);
    assert_eq!(subscriptions["month"]["low"], 627.9, "300 × $2.99 × 70%");
    assert_eq!(subscriptions["month"]["high"], 1617.3, "300 × $5.99 × 90%");

    let mut args = MONTH.to_vec();
    args[12] = "gb";
    let gb = json(&[&args[..], &["--subscribers", "300", "--json"]].concat());
    let subscriptions = month_channel(&gb, "subscriptions");
    assert_eq!(subscriptions["month"]["low"], 448.5, "300 × $2.99 × 50%");
    assert_eq!(subscriptions["month"]["high"], 1257.9, "300 × $5.99 × 70%");
}

#[test]
fn month_csv_has_a_row_per_channel_and_a_total() {
    let (code, out, err) = run(&[&MONTH[..], &["--format", "csv"]].concat());
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[..4], ["id", "name", "status", "in_total"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 7, "six channels and the total");
    let rewards = rows.iter().find(|r| &r[0] == "creator_rewards").unwrap();
    assert_eq!((&rewards[7], &rewards[8]), ("120.00", "900.00"));
    assert_eq!(&rows[6][0], "total");
}

#[test]
fn month_refuses_what_cannot_be_a_month() {
    let (code, _, err) = run(&["month", "--avg-views", "50k"]);
    assert_eq!(code, 2);
    assert!(err.contains("--videos"), "{err}");
    let (code, _, err) = run(&[
        "month",
        "--avg-views",
        "50k",
        "--videos",
        "4",
        "--sponsored",
        "5",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with(
            "error: 5 sponsored videos a month are more than the month's 4 videos\n\
             hint: give fewer, or more videos\n"
        ),
        "{err}"
    );
    let (code, _, err) = run(&[
        "month",
        "--avg-views",
        "50k",
        "--videos",
        "4",
        "--videos-per-week",
        "1",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn a_weekly_month_says_its_counts_are_a_month_s() {
    // `--sponsored` counts a month's videos whatever the cadence: beside "7 videos a week", a
    // bare "3 sponsored" would read as a week's.
    let weekly = [
        "month",
        "--avg-views",
        "1m",
        "--videos-per-week",
        "7",
        "--followers",
        "20k",
        "--sponsored",
        "3",
    ];
    let (code, out, err) = run(&weekly);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("1,000,000 views a video · 7 videos a week · 3 sponsored a month · "),
        "{out}"
    );
    let (_, out, _) = run(&[&MONTH[..], &["--sponsored", "2"]].concat());
    assert!(out.contains("20 videos a month · 2 sponsored · "), "{out}");
}

#[test]
fn month_explain_shows_the_month_s_own_working() {
    let (code, out, err) = run(&[&MONTH[..], &["--subscribers", "300", "--explain"]].concat());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("How the month is worked out:"), "{out}");
    assert!(
        out.contains(
            "  20 videos a month × $6.00–$45.00 = $120.00–$900.00 a month; × 12 = $1,440.00–$10,800.00 a year"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "  300 subscribers × $2.99–$5.99 × subscription share us 0.70–0.90 = $627.90–$1,617.30 a month"
        ),
        "{out}"
    );
    assert!(out.contains("subscription_share: Tubefilter"), "{out}");
    // The one video's working follows, without the one-video command's --with.
    assert!(
        out.contains("One video of the month (50,000 views)"),
        "{out}"
    );
    assert!(!out.contains("--with"), "{out}");

    let doc = json(&[&MONTH[..], &["--explain", "--json"]].concat());
    let rewards = month_channel(&doc, "creator_rewards");
    assert_eq!(
        rewards["working"][0],
        "20 videos a month × $6.00–$45.00 = $120.00–$900.00 a month; × 12 = $1,440.00–$10,800.00 a year"
    );
    assert_eq!(doc["video"]["input"]["views"], 50_000);
}

#[test]
fn month_with_given_30_day_views_shows_the_cadence_s_projection_beside_them() {
    let (code, out, err) = run(&[&MONTH[..], &["--views-30d", "40k"]].concat());
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "30-day views: 40,000 as given (--views-30d; the cadence projects 1,000,000); thresholds are checked against them"
        ),
        "{out}"
    );
    let rewards = out
        .lines()
        .find(|l| l.starts_with("Creator Rewards"))
        .unwrap();
    assert!(rewards.contains("ineligible"), "{rewards}");
}

/// More paying subscribers than followers is a slip in one of them: warned about, not refused.
#[test]
fn more_subscribers_than_followers_are_warned_about() {
    let (code, out, err) = run(&[&MONTH[..], &["--subscribers", "50k"]].concat());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Subscriptions"), "{out}");
    assert_eq!(
        err,
        "warning: --subscribers 50,000 is more than the account's 12,000 followers, of whom few \
         pay; check both numbers\n"
    );
    let (_, _, err) = run(&[&MONTH[..], &["--subscribers", "500"]].concat());
    assert_eq!(err, "");
    // Without followers, more subscribers than the people TikTok reaches.
    let (code, _, err) = run(&[
        "month",
        "--avg-views",
        "5k",
        "--videos",
        "20",
        "--subscribers",
        "2b",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.starts_with(
            "warning: 2,000,000,000 subscribers is more than the 1,000,000,000 people TikTok says \
             come to it each month; check the number"
        ),
        "{err}"
    );
}

/// Views beyond the people TikTok says come to it each month are warned about, not refused:
/// views count replays, so a video may pass it, but quadrillions are a slip of the keyboard.
#[test]
fn views_beyond_the_people_tiktok_reaches_are_warned_about() {
    let warning = "is more than the 1,000,000,000 people TikTok says come to it each month";
    let (code, out, err) = run(&["123000000000000000"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("warning: 123,000,000,000,000,000 views {warning}")),
        "{err}"
    );
    assert!(out.contains("Total"), "the estimate is still given: {out}");
    let (_, _, err) = run(&["1m", "--views-30d", "2b"]);
    assert!(
        err.contains(&format!("2,000,000,000 views in 30 days {warning}")),
        "{err}"
    );
    // A month's projected 30 days: 900 million views a video, 30 videos.
    let (code, _, err) = run(&["month", "--avg-views", "900m", "--videos", "30"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("27,000,000,000 views in 30 days {warning}")),
        "{err}"
    );
    // Followers are people: more than come to TikTok is a slip, and a fee per follower
    // would follow it into the hundreds of millions.
    let (code, _, err) = run(&["1m", "--followers", "20b", "--with", "sponsorship"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("warning: 20,000,000,000 followers {warning}")),
        "{err}"
    );
    let (_, _, err) = run(&[
        "month",
        "--avg-views",
        "1m",
        "--videos",
        "3",
        "--followers",
        "2b",
    ]);
    assert!(
        err.contains(&format!("2,000,000,000 followers {warning}")),
        "{err}"
    );
    // At the figure itself, and for an ordinary video, nothing.
    for views in ["1b", "1m"] {
        let (_, _, err) = run(&[views, "--views-30d", "1b"]);
        assert_eq!(err, "", "{views}");
    }
    // Every command that takes the counts warns about them; `earn check` even when quiet, as
    // a slip would pass a threshold it should not.
    let (code, out, err) = run(&[
        "check",
        "-q",
        "--views-30d",
        "5b",
        "--followers",
        "2b",
        "--age",
        "20",
        "--length",
        "2m",
    ]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert!(
        err.contains(&format!("5,000,000,000 views in 30 days {warning}"))
            && err.contains(&format!("2,000,000,000 followers {warning}")),
        "{err}"
    );
    let (code, _, err) = run(&["milestones", "5b", "--followers", "5b"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("5,000,000,000 views {warning}"))
            && err.contains(&format!("5,000,000,000 followers {warning}")),
        "{err}"
    );
    let (code, _, err) = run(&["target", "1000", "--followers", "2b", "--views-30d", "2b"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("2,000,000,000 followers {warning}")),
        "{err}"
    );
    // A target the views of one video are unlikely to reach.
    let (code, _, err) = run(&["target", "1m", "--followers", "12k"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "warning: $1,000,000.00 takes at least 1,111,111,106 views, more than the \
             1,000,000,000 people TikTok says come to it each month"
        ),
        "{err}"
    );
    let (_, _, err) = run(&["target", "100"]);
    assert_eq!(err, "");
    // `earn rates` gives the figure and its source.
    let (_, out, _) = run(&["rates"]);
    assert!(out.contains("people        1,000,000,000 a month"), "{out}");
    assert!(out.contains("'Thanks a billion!'"), "{out}");
}

#[test]
fn target_says_when_a_fee_alone_reaches_the_amount_and_what_the_video_lacks() {
    // `earn target AMOUNT … --with sponsorship --json`: the document, and the brand deal's row.
    let target = |amount: &str, followers: &[&str]| {
        let args = [
            &["target", amount, "--with", "sponsorship", "--json"][..],
            followers,
        ]
        .concat();
        let (code, out, _) = run(&args);
        assert_eq!(code, 0);
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        let fee = (json["channels"].as_array().unwrap().iter())
            .find(|c| c["id"] == "sponsorship")
            .unwrap()
            .clone();
        (json, fee)
    };
    // A 12,000-follower account's brand deal pays $30.00–$120.00 a post whatever the views:
    // $20 needs no views, and its row says why rather than "cannot reach".
    let (_, fee) = target("20", &["--followers", "12k"]);
    assert_eq!(
        (&fee["views_low"], &fee["views_high"]),
        (&0.into(), &0.into())
    );
    assert_eq!(
        fee["reason"],
        "paid per post, not per view: it pays $30.00–$120.00 whatever the views"
    );
    // $100 is reached by the high fee ($120) with no views and never by the low ($30): the
    // row says so, where FEWEST VIEWS reads 0.
    let (_, fee) = target("100", &["--followers", "12k"]);
    assert_eq!(
        (&fee["views_low"], &fee["views_high"]),
        (&0.into(), &serde_json::Value::Null)
    );
    assert_eq!(
        fee["reason"],
        "paid per post: $30.00–$120.00 whatever the views; its high figures reach $100.00 with \
         no views at all, its low figures never do"
    );
    // Named without what prices it, the brand deal is what the total lacks: its row and the
    // total say what it needs, not that it is paid per post or that another channel would do.
    let (json, fee) = target("1000", &[]);
    let needs = "needs --followers: a fee per post is priced from the account's followers";
    assert_eq!(fee["reason"], needs);
    assert_eq!(
        json["total"]["reason"],
        format!(
            "no channel counts in the total; the video has Sponsorship, which the total leaves \
             out: {needs}"
        )
    );
    // It is warned about, as the estimate does.
    let (code, _, err) = run(&["target", "1000", "--with", "sponsorship"]);
    assert_eq!(code, 0);
    assert!(
        err.contains(
            "warning: the total leaves out Sponsorship, which the video has: needs --followers"
        ),
        "{err}"
    );
}

#[test]
fn channel_ids_on_the_command_line_are_separated_as_in_a_roster() {
    // A roster's `with` cell takes commas, semicolons or spaces; so do --with and check.
    let commas = run(&[
        "1m",
        "--followers",
        "2k",
        "--diamonds",
        "1k",
        "--with",
        "gifts,sponsorship",
    ]);
    for spelt in [
        "gifts;sponsorship",
        "gifts sponsorship",
        "gifts; sponsorship",
    ] {
        let given = run(&[
            "1m",
            "--followers",
            "2k",
            "--diamonds",
            "1k",
            "--with",
            spelt,
        ]);
        assert_eq!(given, commas, "{spelt}");
    }
    let (code, out, _) = run(&[
        "check",
        "gifts;sponsorship",
        "--followers",
        "2k",
        "--age",
        "30",
    ]);
    assert_eq!(code, 0);
    assert!(out.starts_with("gifts "), "{out}");
    assert!(out.contains("\nsponsorship "), "{out}");
    // An empty piece names nothing; a value with none names no channel, as an empty `with`
    // cell does (`--with "$WITH"`), but to `earn check`, which would check every channel
    // without one, it is an error.
    let (code, out, _) = run(&[
        "check",
        "gifts,",
        "sponsorship",
        "--followers",
        "2k",
        "--age",
        "30",
    ]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 2, "{out}");
    let plain = run(&["1m"]);
    // (clap splits at commas, and each piece is trimmed.)
    for (given, named) in [("", ""), (";", ";"), (" , ", ",")] {
        assert_eq!(run(&["1m", "--with", given]), plain, "{given:?}");
        let (code, out, err) = run(&["check", given]);
        assert_eq!(code, 2, "{given:?}");
        assert!(out.is_empty());
        let want = format!("error: '{named}' names no channel\nhint: give channel ids");
        assert!(err.starts_with(&want), "{err}");
    }
}

/// A creator outside the US is told the amounts are dollars and how to see their own currency
/// (`$` is also Canada's, Australia's and Mexico's sign); converted amounts name their
/// currency alone; dollars for a creator in the US, or where the table names no currency, say
/// nothing.
#[test]
fn the_headline_names_a_creators_own_currency_when_the_amounts_are_in_another() {
    let first = |args: &[&str]| {
        let (code, out, err) = run(args);
        assert_eq!(code, 0, "{err}");
        out.lines().next().unwrap().to_string()
    };
    let note = "amounts in USD (--currency aud for AUD)";
    assert!(first(&["150k", "--region", "au"]).contains(note));
    assert!(
        first(&[
            "month",
            "--avg-views",
            "50k",
            "--videos",
            "4",
            "--region",
            "au"
        ])
        .contains(note)
    );
    assert!(first(&["target", "100", "--region", "au"]).contains(note));
    // By the creator's country, not the audience's.
    let split = first(&["150k", "--country", "jp", "--audience", "us"]);
    assert!(
        split.contains("amounts in USD (--currency jpy for JPY)"),
        "{split}"
    );
    // Converted, the amounts' currency is named; a currency asked for is not argued with.
    let own = first(&["150k", "--region", "au", "--currency", "aud"]);
    assert!(own.contains(" · amounts in AUD · "), "{own}");
    let other = first(&["150k", "--region", "mx", "--currency", "brl"]);
    assert!(other.contains(" · amounts in BRL · "), "{other}");
    let dollars = first(&["150k", "--region", "de", "--currency", "usd"]);
    assert!(dollars.contains(" · amounts in USD · "), "{dollars}");
    for args in [
        &["150k", "--region", "us"][..],
        &["150k", "--region", "other"],
    ] {
        assert!(!first(args).contains("amounts in"), "{args:?}");
    }
}

/// Diamonds given for a video not said to have had a LIVE are warned about: the total leaves
/// LIVE gifts out and would read as if they were worth nothing. Not when the video has them,
/// nor when the creator cannot host a LIVE (the table says why).
#[test]
fn diamonds_for_a_video_without_gifts_named_are_warned_about() {
    let warning = "warning: --diamonds prices LIVE gifts, which the total leaves out: add --with \
                   gifts if this video had them\n";
    let (code, _, err) = run(&["40k", "--followers", "15k", "--diamonds", "50k"]);
    assert_eq!(code, 0);
    assert_eq!(err, warning);
    for args in [
        &[
            "40k",
            "--followers",
            "15k",
            "--diamonds",
            "50k",
            "--with",
            "gifts",
        ][..],
        &["40k", "--followers", "500", "--diamonds", "50k"],
        &["40k", "--followers", "15k"],
        // None received, or nothing sold: the total leaves out nothing.
        &["40k", "--followers", "15k", "--diamonds", "0"],
    ] {
        let (_, _, err) = run(args);
        assert!(!err.contains("--diamonds prices"), "{args:?}: {err}");
    }
    let (_, _, err) = run(&["40k", "--followers", "15k", "--sales", "0"]);
    assert!(!err.contains("prices"), "{err}");
}

/// `earn check` and `earn milestones` name the rate table they used, as the estimate does: in
/// JSON always; check's lines name it only on a terminal, where a rates file changed it (see
/// `report::check`'s tests), so that a script reads one line a channel.
#[test]
fn check_and_milestones_name_the_rates_they_used() {
    let file = temp_toml(
        "[[channel]]\nid = \"creator_rewards\"\n[channel.eligibility]\nmin_followers = 5000\n",
    );
    let path = file.path().to_str().unwrap();
    let name = format!("earn default rates with {path}");
    for args in [
        &["check", "creator_rewards", "--rates", path][..],
        &["check", "creator_rewards"],
    ] {
        let (_, out, _) = run(args);
        assert!(!out.contains("rates:"), "{out}");
    }
    for args in [
        &["check", "--json", "--rates", path][..],
        &["milestones", "--json", "--rates", path],
    ] {
        let doc = json(args);
        assert_eq!(doc["rates"]["name"], name.as_str(), "{args:?}");
        assert_eq!(doc["rates"]["as_of"], "2026-12", "{args:?}");
    }
    let (_, out, _) = run(&["milestones", "--rates", path]);
    assert!(
        out.contains(&format!("Rates: {name}, as of 2026-12.")),
        "{out}"
    );
}

/// A channel never offered in a country says it has closed everywhere else, by the strongest
/// closure of every region: closed to all creators over closed to new ones.
#[test]
fn a_channel_not_offered_names_its_strongest_closure_everywhere() {
    let (_, out, _) = run(&["1m", "--region", "mx"]);
    assert!(
        out.contains("(only in us, gb, de, fr, it, es, and closed to new creators everywhere since 2023-02-20)"),
        "{out}"
    );
    let file = temp_toml(
        "[[channel]]\nid = \"creator_fund\"\n\
         [[channel.availability.closed]]\non = \"2023-02-20\"\nnew_creators_only = true\n\
         [[channel.availability.closed]]\non = \"2024-06-01\"\n",
    );
    let (code, out, err) = run(&[
        "1m",
        "--region",
        "mx",
        "--rates",
        file.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(", and closed everywhere since 2024-06-01)"),
        "{out}"
    );
}

/// A currency asked for without a region leaves the figures a creator's in the table's default
/// region: `--currency cad` alone gave a Canadian the US Creator Rewards, which Canada lacks.
/// The warning names the regions that spend it; a region given, or the default's own currency,
/// says nothing.
#[test]
fn a_currency_without_a_region_says_whose_figures_they_are() {
    let (code, _, err) = run(&["200k", "--currency", "cad"]);
    assert_eq!(code, 0);
    assert_eq!(
        err,
        "warning: amounts in CAD, but the figures are for a creator in region us (United \
         States), the rate table's default: give --region ca for one in region ca (Canada), or \
         --region us to keep these\n"
    );
    let (_, _, err) = run(&["target", "100", "--currency", "eur"]);
    assert!(
        err.contains("give --region de, fr, es or it for one where EUR is spent"),
        "{err}"
    );
    let (_, _, err) = run(&[
        "month",
        "--avg-views",
        "2k",
        "--videos",
        "4",
        "--currency",
        "jpy",
    ]);
    assert!(
        err.contains("--region jp for one in region jp (Japan)"),
        "{err}"
    );
    for args in [
        &["200k", "--currency", "cad", "--region", "ca"][..],
        &["200k", "--currency", "cad", "--region", "us"],
        &["200k", "--currency", "cad", "--country", "gb"],
        &["200k", "--currency", "usd"],
    ] {
        let (code, _, err) = run(args);
        assert_eq!((code, err.as_str()), (0, ""), "{args:?}");
    }
}

/// Subscription admits creators eligible for LIVE (18+, 1,000 followers) as well as those with
/// 10,000 followers and 100,000 views: an account of 5,000 followers with paying subscribers
/// earns from them, and is not told it needs 10,000.
#[test]
fn subscriptions_are_open_to_a_creator_eligible_for_live() {
    let (code, out, err) = run(&["check", "subscriptions", "--followers", "2k", "--age", "20"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "subscriptions  ✓  eligible\n"),
        "{err}"
    );
    let (code, out, _) = run(&[
        "check",
        "subscriptions",
        "--followers",
        "999",
        "--age",
        "20",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("needs 1,000 followers, has 999"), "{out}");
    let doc = json(&[
        "month",
        "--avg-views",
        "20k",
        "--videos",
        "20",
        "--followers",
        "5k",
        "--age",
        "25",
        "--subscribers",
        "200",
        "--json",
    ]);
    let subscriptions = doc["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "subscriptions")
        .unwrap();
    assert_eq!(subscriptions["status"], "eligible");
    assert_eq!(subscriptions["in_total"], true);
}

/// The share's bonus, its high, needs 10,000 followers: an account given with fewer gets the
/// base share at both ends, and one whose followers are not given is told the high assumes them.
#[test]
fn the_subscription_bonus_needs_ten_thousand_followers() {
    // The share is of the price after fees no source gives: every amount says so.
    const FEES: &str = "before app-store and payment fees, which TikTok does not publish: less reaches the creator";
    let month = |followers: Option<&str>| {
        let mut args = vec![
            "month",
            "--avg-views",
            "20k",
            "--videos",
            "20",
            "--age",
            "25",
            "--subscribers",
            "200",
            "--json",
        ];
        if let Some(followers) = followers {
            args.extend(["--followers", followers]);
        }
        let doc = json(&args);
        let subscriptions = month_channel(&doc, "subscriptions").clone();
        let reasons: Vec<String> = subscriptions["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap().to_string())
            .collect();
        (
            subscriptions["month"]["low"].as_f64().unwrap(),
            subscriptions["month"]["high"].as_f64().unwrap(),
            reasons,
        )
    };
    assert_eq!(
        month(Some("5k")),
        (
            418.6,
            838.6,
            vec![
                "Subscription creator share at its low at both ends: its high needs 10,000 \
                 followers, has 5,000"
                    .to_string(),
                FEES.to_string(),
            ]
        ),
        "200 × $2.99 × 70% to 200 × $5.99 × 70%"
    );
    assert_eq!(
        month(Some("10k")),
        (418.6, 1078.2, vec![FEES.to_string()]),
        "to 200 × $5.99 × 90%"
    );
    let (low, high, reasons) = month(None);
    assert_eq!((low, high), (418.6, 1078.2));
    // The caveat last, after what is particular to the account.
    assert_eq!(
        reasons[reasons.len().saturating_sub(2)..],
        [
            "high assumes 10,000 followers, which the Subscription creator share's high \
             needs: pass --followers to check",
            FEES
        ],
        "{reasons:?}"
    );
    // In the table too, after the assumptions folded into one phrase.
    let (_, table, _) = run(&[
        "month",
        "--avg-views",
        "20k",
        "--videos",
        "20",
        "--subscribers",
        "200",
        "--followers",
        "5k",
    ]);
    let row = table
        .lines()
        .find(|l| l.starts_with("Subscriptions"))
        .unwrap();
    assert!(
        row.ends_with(&format!("; assumes age 18+; {FEES}")),
        "{row}"
    );
}

/// A target no counted channel reaches says what would count: an opt-in channel the creator
/// can have, named with `--with`; where none can, just that (WHY has each channel's reason).
#[test]
fn a_target_nothing_counts_toward_says_what_would() {
    let last = |args: &[&str]| {
        let (code, out, err) = run(args);
        assert_eq!(code, 0, "{err}");
        out.lines().last().unwrap().to_string()
    };
    let args = [
        "target",
        "100",
        "--region",
        "de",
        "--age",
        "24",
        "--followers",
        "3000",
        "--views-30d",
        "40000",
        "--length",
        "90s",
        "--sales",
        "1000",
    ];
    assert_eq!(
        last(&args),
        "Total: no channel counts in the total; Affiliate would, if the video has it (--with \
         affiliate)."
    );
    assert_eq!(
        last(&[
            "target",
            "100",
            "--region",
            "ca",
            "--age",
            "17",
            "--followers",
            "3000"
        ]),
        "Total: no channel counts in the total."
    );
}

/// With `EARN_RATES` set, `earn rates` shows the file's table: a message that sends the user
/// to the built-in table's dump says to leave the variable out of that command.
#[test]
fn a_dump_of_the_built_in_table_is_asked_for_without_earn_rates() {
    let file = temp_toml(
        "[[channel]]\nid = \"creator_fund\"\n\
         [[channel.availability.closed]]\non = \"2023-12-16\"\nregions = [\"us\"]\n",
    );
    let path = file.path().to_str().unwrap();
    let output = earn().arg("1m").env("EARN_RATES", path).output().unwrap();
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains(
            "Give them too to keep them (`EARN_RATES= earn rates --format toml` writes them)"
        ),
        "{err}"
    );
    let (_, _, err) = run(&["1m", "--rates", path]);
    assert!(
        err.contains("Give them too to keep them (`earn rates --format toml` writes them)"),
        "{err}"
    );
    // Set, the variable is read by `earn rates` even when --rates named the file at fault.
    let broken = temp_toml("name = 5\n");
    let output = earn()
        .args(["1m", "--rates", broken.path().to_str().unwrap()])
        .env("EARN_RATES", path)
        .output()
        .unwrap();
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains("; `EARN_RATES= earn rates --format toml` prints a valid table"),
        "{err}"
    );
}

/// A rate's caveat is last among a month's reasons too, after what the month itself adds
/// (videos it is not on, the views it falls short of), in the table and the JSON.
#[test]
fn a_caveat_is_last_after_the_month_s_own_reasons() {
    let card =
        temp_toml("[[channel]]\nid = \"creator_rewards\"\n[channel.rate]\ncaveat = \"CAVEAT\"\n");
    let path = card.path().to_str().unwrap();
    let args = [
        "month",
        "--avg-views",
        "1k",
        "--videos",
        "3",
        "--sponsored",
        "1",
        "--rates",
        path,
    ];
    let doc = json(&[&args[..], &["--json"]].concat());
    let reasons = month_channel(&doc, "creator_rewards")["reasons"]
        .as_array()
        .unwrap()
        .clone();
    assert!(reasons.len() > 2, "{reasons:?}");
    assert!(
        reasons[reasons.len() - 2]
            .as_str()
            .unwrap()
            .contains("projected views"),
        "{reasons:?}"
    );
    assert_eq!(reasons.last().unwrap(), "CAVEAT");
    let (_, table, _) = run(&args);
    let row = table
        .lines()
        .find(|l| l.starts_with("Creator Rewards"))
        .unwrap();
    assert!(
        row.ends_with("a month would qualify (33,334 views a video); CAVEAT"),
        "{row}"
    );
    // And in a video's, after the reason an opt-in channel not named does not count.
    let card = temp_toml("[[channel]]\nid = \"sponsorship\"\n[channel.rate]\ncaveat = \"FEES\"\n");
    let video = json(&[
        "1m",
        "--followers",
        "60k",
        "--json",
        "--rates",
        card.path().to_str().unwrap(),
    ]);
    let sponsorship = video["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "sponsorship");
    assert_eq!(
        sponsorship.unwrap()["reasons"],
        serde_json::json!(["opt-in: counts only with --with sponsorship", "FEES"])
    );
}

/// `--explain` says whose thresholds a channel's are where no source states the creator's
/// country's, beside the checks it made against them: the table's WHY says so, and the
/// working must too.
#[test]
fn explain_says_whose_thresholds_were_assumed() {
    let (code, out, err) = run(&[
        "200k",
        "--region",
        "gb",
        "--followers",
        "40k",
        "--age",
        "28",
        "--with",
        "affiliate",
        "--sales",
        "1000",
        "--explain",
    ]);
    assert_eq!(code, 0, "{err}");
    let at = out.find("\nAffiliate (assumed)\n").expect(&out);
    let block = &out[at..];
    let block = &block[..block[1..].find("\n\n").map_or(block.len(), |end| end + 1)];
    assert!(
        block.contains("  ✓ 1,000 followers (has 40,000)\n  assumes the thresholds stated for us and th apply in region gb\n"),
        "{block}"
    );
}

/// Sales are given in the amounts' currency, and the commission is a share of them: ¥300,000
/// of sales earn ¥15,000–¥60,000, with no exchange rate between (nor its grade), in the
/// estimate, in a batch and in the working.
#[test]
fn sales_are_in_the_amounts_currency() {
    let args = [
        "100k",
        "--region",
        "jp",
        "--currency",
        "jpy",
        "--followers",
        "5k",
        "--age",
        "25",
        "--with",
        "affiliate",
        "--sales",
        "300k",
    ];
    let doc = json(&[&args[..], &["--json"]].concat());
    let affiliate = doc["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "affiliate")
        .unwrap();
    assert_eq!(
        (&affiliate["low"], &affiliate["high"]),
        (&Value::from(15_000), &Value::from(60_000))
    );
    assert_eq!(affiliate["grade"], "B");
    let (_, out, _) = run(&[&args[..], &["--explain"]].concat());
    assert!(
        out.contains("  ¥300,000 of sales ÷ 100 × 5–20 = ¥15,000–¥60,000\n"),
        "{out}"
    );
    assert!(
        out.lines()
            .next()
            .unwrap()
            .contains(" · ¥300,000 in sales · "),
        "{out}"
    );
    let output = earn()
        .args(["batch", "--currency", "jpy"])
        .write_stdin("views,region,followers,age,with,sales\n100k,jp,5k,25,affiliate,300k\n")
        .output()
        .unwrap();
    assert!(output.status.success());
    let out = String::from_utf8(output.stdout).unwrap();
    let record: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    let affiliate = record["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "affiliate")
        .unwrap();
    assert_eq!(affiliate["low"], 15_000);
}

/// `earn check` says which inputs no channel it checks asks for, as the estimate does of an
/// input no channel uses; the answer is the same.
#[test]
fn check_names_an_input_no_channel_checked_asks_for() {
    let (code, out, err) = run(&[
        "check",
        "sponsorship",
        "--length",
        "30s",
        "--followers",
        "2k",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "sponsorship  ✓  eligible; no threshold in the rate table: open to any account\n"
    );
    assert_eq!(
        err,
        "warning: --length is not used: no channel checked (sponsorship) has a threshold on it\n"
    );
    let (_, _, err) = run(&["check", "creator_rewards", "--length", "30s"]);
    assert!(!err.contains("not used"), "{err}");
}

/// The channel `id` of an estimate's JSON.
fn channel<'a>(doc: &'a Value, id: &str) -> &'a Value {
    let channels = doc["channels"].as_array().unwrap();
    channels.iter().find(|c| c["id"] == id).unwrap()
}

/// Sales are an amount as people write one: to the cent, with the currency's sign, or
/// nothing sold. The commission is rounded once, half up, from the exact product.
#[test]
fn sales_are_an_amount_to_the_smallest_unit() {
    let low_high = |doc: &Value| {
        let affiliate = channel(doc, "affiliate");
        (
            affiliate["low_minor"].clone(),
            affiliate["high_minor"].clone(),
        )
    };
    // 5% of $2,500.50 is $125.025, 20% is $500.10.
    let doc = json(&["1m", "--with", "affiliate", "--sales", "2500.50", "--json"]);
    assert_eq!(low_high(&doc), (Value::from(12_503), Value::from(50_010)));
    assert_eq!(doc["input"]["sales"].to_string(), "2500.50");
    for written in ["$2,500", "2,500.00", "2500 USD", "2.5k"] {
        let doc = json(&["1m", "--with", "affiliate", "--sales", written, "--json"]);
        assert_eq!(
            low_high(&doc),
            (Value::from(12_500), Value::from(50_000)),
            "{written}"
        );
    }
    let doc = json(&["1m", "--with", "affiliate", "--sales", "0", "--json"]);
    assert_eq!(low_high(&doc), (Value::from(0), Value::from(0)));

    // A month's sales likewise, paid once: 5-20% of $1,234.56.
    let (code, out, err) = run(&[
        "month",
        "--avg-views",
        "100k",
        "--videos",
        "10",
        "--sales",
        "1234.56",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("$61.73–$246.91"), "{out}");

    // In a batch, a cell as a spreadsheet writes it, and a JSON number with cents.
    let output = earn()
        .args(["batch", "--format", "csv"])
        .write_stdin(
            "handle,views,with,sales\n@a,1m,affiliate,\"$2,500.50\"\n@b,1m,affiliate,£100\n",
        )
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let out = String::from_utf8(output.stdout).unwrap();
    let mut rows = csv::Reader::from_reader(out.as_bytes());
    let header = rows.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][column("affiliate_low")], "125.03");
    assert_eq!(
        &rows[1][column("error")],
        "sales: '£100' is written in £, but amounts are in USD here; drop the '£' to mean USD, or \
         give the batch the currency it is in: --currency gbp"
    );
    let output = earn()
        .arg("batch")
        .write_stdin("{\"views\": 1000000, \"with\": [\"affiliate\"], \"sales\": 2500.5}\n")
        .output()
        .unwrap();
    assert!(output.status.success());
    let record: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        low_high(&record),
        (Value::from(12_503), Value::from(50_010))
    );
}

/// A month's sales are the month's: its working prices them once, and sets no cross-check
/// priced on one video's views beside them; a video's working keeps it.
#[test]
fn a_months_sales_are_not_cross_checked_against_one_videos_views() {
    let (code, out, err) = run(&[
        "month",
        "--avg-views",
        "50k",
        "--videos",
        "20",
        "--sales",
        "3000",
        "--explain",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("  $3,000.00 of sales ÷ 100 × 5–20 = $150.00–$600.00 a month;"),
        "{out}"
    );
    assert!(!out.contains("50,000 views ÷ 1,000 × $1.00–$5.00"), "{out}");
    let (_, out, _) = run(&["50k", "--sales", "3000", "--explain"]);
    assert!(
        out.contains("cross-check, not counted: 50,000 views ÷ 1,000 × $1.00–$5.00"),
        "{out}"
    );
}

/// `earn check` takes a channel by its name as the tables show it, as well as by its id.
#[test]
fn check_takes_a_channel_by_its_name() {
    let by_name = run(&[
        "check",
        "Creator Rewards",
        "--followers",
        "20k",
        "--age",
        "25",
    ]);
    let by_id = run(&[
        "check",
        "creator_rewards",
        "--followers",
        "20k",
        "--age",
        "25",
    ]);
    assert_eq!(by_name, by_id);
    assert!(by_name.1.starts_with("creator_rewards  "), "{by_name:?}");
    let (code, out, _) = run(&["check", "live gifts", "--followers", "20k", "--age", "25"]);
    assert_eq!((code, out.as_str()), (0, "gifts  ✓  eligible\n"));
}
