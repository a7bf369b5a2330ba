//! Every JSON output checked against its schema in `schema/`, so an output change that forgets
//! its schema fails here; and each schema is strict enough that an unknown field fails it.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use jsonschema::{Registry, Validator};
use serde_json::Value;

const SCHEMAS: [&str; 9] = [
    "estimate",
    "batch-row",
    "batch-error",
    "check",
    "target",
    "rates",
    "month",
    "batch-month-row",
    "milestones",
];

fn schema(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("schema/{name}.schema.json"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A validator for `name`, with the other schemas registered under their `$id`s so that
/// references between them resolve without a network.
fn validator(name: &str) -> Validator {
    let mut registry = Registry::new();
    for other in SCHEMAS {
        let contents = schema(other);
        let id = contents["$id"]
            .as_str()
            .expect("every schema has an $id")
            .to_string();
        registry = registry.add(id, contents).expect("a valid $id");
    }
    let registry = registry.prepare().expect("the schemas resolve");
    jsonschema::options()
        .with_registry(&registry)
        .build(&schema(name))
        .unwrap_or_else(|e| panic!("schema/{name}.schema.json: {e}"))
}

fn assert_valid(validator: &Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

/// Runs earn and returns stdout, for any exit status but 2.
fn earn(args: &[&str], stdin: &str) -> String {
    let output = Command::cargo_bin("earn")
        .unwrap()
        .env_remove("EARN_RATES")
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    let code = output.status.code();
    assert!(
        code == Some(0) || code == Some(1) || args[0] == "batch",
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&earn(args, "")).unwrap()
}

#[test]
fn every_schema_is_valid_draft_2020_12() {
    for name in SCHEMAS {
        let contents = schema(name);
        assert_eq!(
            contents["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{name}"
        );
        validator(name);
    }
}

/// Estimates that reach every part of the estimate's schema, as command lines.
const ESTIMATES: [&str; 17] = [
    "1m --json",
    "1m --json --explain",
    "1m --region us --json",
    "250k --json --explain --region uk --followers 9,999 --age 17 --views-30d 1m --diamonds 5k \
     --qualified-share 45% --niche tech --engagement 6%",
    "900 --json --explain --region jp",
    "1m --json --explain --currency jpy",
    "1m --json --currency USD",
    // A fee per post in its tier, an exclusion, and a length checked against a threshold.
    "1m --followers 12k --with sponsorship --length 75s --json --explain",
    // The open-ended top tier, priced per follower, with every opt-in channel named.
    "1m --followers 2m --with sponsorship,affiliate,gifts --diamonds 10k --length 45s --json \
     --explain",
    // The cross-check priced in another currency, and not priced where TikTok is unavailable
    // (though the account still has a tier).
    "1m --followers 12k --with sponsorship --currency jpy --json --explain",
    "1m --followers 12k --with sponsorship --region in --json --explain",
    // Below the first tier: no tier.
    "1m --followers 500 --with sponsorship --json",
    // Where TikTok is unavailable: as the creator's country, and as the audience's.
    "1m --region in --json",
    "1m --region in --json --explain",
    "1m --country us --audience in --followers 12k --json",
    "1m --country us --audience gb --json",
    "1m --country jp --audience us --json --explain",
];

#[test]
fn estimates_match_their_schema() {
    let validator = validator("estimate");
    for line in ESTIMATES {
        let args: Vec<&str> = line.split_whitespace().collect();
        assert_valid(&validator, &json(&args), line);
    }
}

#[test]
fn estimates_carry_the_fields_their_schema_describes() {
    // The cases above reach what the schema is there for: a tier, an opt-in channel named,
    // a country apart from its audience, a length, and an unavailable region.
    let estimate = json(&[
        "1m",
        "--followers",
        "12k",
        "--with",
        "sponsorship",
        "--length",
        "75s",
        "--country",
        "us",
        "--audience",
        "gb",
        "--json",
        "--explain",
    ]);
    let input = &estimate["input"];
    assert_eq!(input["country"], "us");
    assert_eq!(input["audience"], "gb");
    assert_eq!(input["length"], 75);
    assert_eq!(input["with"], serde_json::json!(["sponsorship"]));
    assert!(input.get("region").is_none());
    let channel = |id: &str| {
        estimate["channels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("no channel {id}"))
            .clone()
    };
    let sponsorship = channel("sponsorship");
    assert_eq!(sponsorship["basis"], "posts");
    assert_eq!(sponsorship["opt_in"], true);
    assert_eq!(sponsorship["tier"], "micro");
    assert_eq!(sponsorship["explain"]["basis"], "posts");
    assert_eq!(sponsorship["explain"]["tier"]["id"], "micro");
    assert!(sponsorship["explain"]["opt_in"].is_object());
    assert!(sponsorship["explain"]["cross_check"].is_object());
    let rewards = channel("creator_rewards");
    assert_eq!(rewards["tier"], Value::Null);
    assert!(
        rewards["explain"]["thresholds"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["requirement"] == "length" && t["met"] == true),
        "{rewards}"
    );
    assert_eq!(rewards["explain"]["exclusions"][0]["by"], "sponsorship");
    assert_valid(&validator("estimate"), &estimate, "country us, audience gb");

    let banned = json(&["1m", "--region", "in", "--json"]);
    assert!(
        banned["channels"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["status"] == "unavailable")
    );
}

#[test]
fn checks_match_their_schema() {
    let check = validator("check");
    for args in [
        &["check", "--json"][..],
        &[
            "check",
            "gifts",
            "sponsorship",
            "--followers",
            "5000",
            "--age",
            "30",
            "--json",
        ],
        &[
            "check",
            "creator_rewards",
            "--followers",
            "12k",
            "--views-30d",
            "150k",
            "--age",
            "21",
            "--json",
        ],
        &[
            "check",
            "--followers",
            "12k",
            "--views-30d",
            "150k",
            "--age",
            "21",
            "--length",
            "1:15",
            "--region",
            "it",
            "--json",
        ],
        // Named members of one exclusive group, one closed and one eligible.
        &[
            "check",
            "creator_fund",
            "creator_rewards",
            "--followers",
            "12k",
            "--views-30d",
            "150k",
            "--age",
            "21",
            "--length",
            "2m",
            "--json",
        ],
        &["check", "--region", "in", "--json"],
        &["check", "--country", "in", "--audience", "us", "--json"],
        &["check", "sponsorship", "--country", "jp", "--json"],
    ] {
        assert_valid(&check, &json(args), &format!("{args:?}"));
    }
    // With no channel named, a closed channel is listed but does not decide.
    let all = json(&["check", "--json"]);
    assert!(all["input"].get("region").is_none());
    let fund = &all["channels"][0];
    assert_eq!(fund["id"], "creator_fund");
    assert_eq!(fund["status"], "closed");
    assert_eq!(fund["decides"], false);
}

#[test]
fn targets_match_their_schema() {
    let target = validator("target");
    for args in [
        &["target", "1000", "--json"][..],
        &[
            "target",
            "1000",
            "--json",
            "--explain",
            "--diamonds",
            "5",
            "--region",
            "gb",
        ],
        &["target", "0.01", "--json", "--explain", "--followers", "1"],
        &["target", "1000", "--json", "--explain", "--currency", "eur"],
        &[
            "target",
            "1000",
            "--json",
            "--explain",
            "--followers",
            "12k",
            "--with",
            "sponsorship",
            "--length",
            "75s",
            "--country",
            "us",
            "--audience",
            "gb",
        ],
        &["target", "1000", "--json", "--explain", "--region", "in"],
        &[
            "target",
            "50",
            "--json",
            "--with",
            "affiliate,gifts",
            "--diamonds",
            "1k",
            "--length",
            "30s",
        ],
    ] {
        assert_valid(&target, &json(args), &format!("{args:?}"));
    }
}

#[test]
fn rates_match_their_schema() {
    let rates = validator("rates");
    for args in [&["rates", "--json"][..], &["rates", "--format", "json"]] {
        assert_valid(&rates, &json(args), &format!("{args:?}"));
    }
}

#[test]
fn the_rate_table_s_new_keys_match_the_rates_schema() {
    let table = json(&["rates", "--format", "json"]);
    let channel = |id: &str| {
        table["channel"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("no channel {id}"))
            .clone()
    };
    // What the schema describes is in the built-in table, so the test above reaches it.
    let sponsorship = channel("sponsorship");
    assert_eq!(sponsorship["basis"], "posts");
    assert!(
        sponsorship["rate"]["tier"]
            .as_array()
            .is_some_and(|t| !t.is_empty())
    );
    assert!(sponsorship["rate"].get("low").is_none());
    assert!(sponsorship["opt_in"].is_string());
    assert!(sponsorship["excludes"].is_array());
    assert!(sponsorship["cross_check"].is_object());
    assert!(channel("creator_fund")["availability"]["closed"].is_array());
    assert_eq!(
        channel("creator_rewards")["eligibility"]["video_over"],
        "1m"
    );
    assert!(
        table["region"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["unavailable"].is_object())
    );

    // A rates file may give one closure as a table, and a length in any form; the output
    // writes a list, and the length as hours, minutes and seconds.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("changes.toml");
    fs::write(
        &file,
        r#"
[[channel]]
id = "creator_rewards"
[channel.eligibility]
override = [{ regions = ["kr"], min_age = 19, video_over = "1:30" }]
[channel.availability]
closed = { on = "2025-01-01", regions = ["jp"] }
"#,
    )
    .unwrap();
    let changed = json(&["rates", "--json", "--rates", file.to_str().unwrap()]);
    assert_valid(
        &validator("rates"),
        &changed,
        "rates with a closure as a table",
    );
    let rewards = changed["channel"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "creator_rewards")
        .unwrap();
    assert_eq!(
        rewards["availability"]["closed"],
        serde_json::json!([{ "on": "2025-01-01", "regions": ["jp"] }])
    );
    assert_eq!(rewards["eligibility"]["override"][0]["video_over"], "1m30s");
}

/// Checks every NDJSON record of a batch against its schema; returns how many rows were
/// estimated and how many failed.
fn assert_batch_valid(out: &str) -> (usize, usize) {
    assert_records_valid(out, "batch-row")
}

/// Checks each record against `schema`, or the error record's; returns how many of each.
fn assert_records_valid(out: &str, schema: &str) -> (usize, usize) {
    let row = validator(schema);
    let error = validator("batch-error");
    let mut seen = (0, 0);
    for line in out.lines() {
        let record: Value = serde_json::from_str(line).unwrap();
        if record.get("error").is_some() {
            seen.1 += 1;
            assert_valid(&error, &record, line);
        } else {
            seen.0 += 1;
            assert_valid(&row, &record, line);
        }
    }
    seen
}

#[test]
fn batch_month_records_match_their_schemas() {
    let csv = "handle,avg_views,videos,videos_per_week,followers,age,region,subscribers,sponsored,sales,diamonds\n\
               @a,50k,20,,12k,22,us,300,2,3k,10k\n\
               @b,2k,,5,12k,22,gb,,,,\n\
               @c,1k,,,12k,22,us,,,,\n";
    let out = earn(&["batch", "--month"], csv);
    assert_eq!(assert_records_valid(&out, "batch-month-row"), (2, 1));
    let ndjson = r#"{"avg_views":"50k","videos":20,"subscribers":300,"region":"jp","x":[1]}"#;
    let out = earn(&["batch", "--month", "--input-format", "ndjson"], ndjson);
    assert_eq!(assert_records_valid(&out, "batch-month-row"), (1, 0));
}

#[test]
fn batch_records_match_their_schemas() {
    let input = "handle,views,followers,region\n@a,1m,12k,us\n@b,lots,1,us\n@c,2k,,zz\n@d,5,,jp\n";
    let mut out = earn(&["batch"], input);
    out.push_str(&earn(&["batch", "--currency", "idr"], input));
    assert_eq!(assert_batch_valid(&out), (4, 4));
}

#[test]
fn batch_records_with_places_length_and_opt_in_channels_match_their_schemas() {
    let csv = "handle,views,followers,country,audience,length,with\n\
               @a,1m,12k,us,gb,75s,sponsorship\n\
               @b,2k,500,in,,,\n\
               @c,1m,,us,us,1:30,\"gifts,affiliate\"\n\
               @d,1m,,us,,,creator_rewards\n\
               @e,1m,,,zz,,\n\
               @f,1m,2m,us,in,45s,sponsorship;gifts\n";
    let out = earn(&["batch"], csv);
    assert_eq!(assert_batch_valid(&out), (4, 2));
    let first: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["input"]["audience"], "gb");
    assert_eq!(first["input"]["length"], 75);
    assert_eq!(first["input"]["with"], serde_json::json!(["sponsorship"]));

    let ndjson = concat!(
        r#"{"handle":"@n","views":"1m","followers":12000,"with":["sponsorship","gifts"],"diamonds":"5k","country":"kr","audience":"us","length":"2m"}"#,
        "\n",
        r#"{"handle":"@o","views":1000,"with":[],"region":"other"}"#,
        "\n",
        r#"{"views":1000,"with":["nope"]}"#,
        "\n",
    );
    let out = earn(&["batch", "--input-format", "ndjson"], ndjson);
    assert_eq!(assert_batch_valid(&out), (2, 1));
}

/// Months that reach every part of the month's schema, as command lines.
const MONTHS: [&str; 6] = [
    "month --avg-views 50k --videos 20 --json",
    "month --avg-views 50k --videos 20 --followers 12k --age 22 --length 75s --region us --json --explain",
    "month --avg-views 2k --videos-per-week 5 --followers 12k --sponsored 2 --sales 3k --diamonds 10k --subscribers 300 --json",
    "month --avg-views 50k --videos 20 --followers 12k --subscribers 300 --region gb --currency jpy --json",
    "month --avg-views 50k --videos 20 --views-30d 200k --region in --json",
    "month --avg-views 0 --videos 0 --followers 2m --sponsored 0 --json",
];

#[test]
fn months_match_their_schema() {
    let validator = validator("month");
    for line in MONTHS {
        let args: Vec<&str> = line.split_whitespace().collect();
        assert_valid(&validator, &json(&args), line);
    }
    // An unknown field fails it, at the top and in a channel.
    let mut month = json(&["month", "--avg-views", "50k", "--videos", "20", "--json"]);
    month["surprise"] = Value::Bool(true);
    assert!(!validator.is_valid(&month));
    month = json(&["month", "--avg-views", "50k", "--videos", "20", "--json"]);
    month["channels"][0]["surprise"] = Value::Bool(true);
    assert!(!validator.is_valid(&month));
}

/// Milestones with every kind of value: counts given and not, a region where a milestone's
/// channels are not open, one where nothing is (no next), nothing left to reach, and a threshold
/// no milestone states, which can be next.
#[test]
fn milestones_match_their_schema() {
    let validator = validator("milestones");
    for line in [
        "milestones --json",
        "milestones 50k --followers 4200 --region gb --json",
        "milestones 150k --followers 12k --region id --json",
        "milestones 1m --followers 2m --region in --json",
        "milestones 10m --followers 20m --json",
        "milestones 5k --followers 4200 --age 17 --region kr --json",
    ] {
        let args: Vec<&str> = line.split_whitespace().collect();
        assert_valid(&validator, &json(&args), line);
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("boost.toml");
    fs::write(
        &file,
        "[[channel]]\nid = \"boost\"\nname = \"Boost\"\nbasis = \"views\"\n\
         [channel.rate]\nper = 1000\nlow = 0.05\nhigh = 0.05\n\
         [channel.eligibility]\nmin_followers = 5000\n",
    )
    .unwrap();
    let rates = file.to_str().unwrap();
    let doc = json(&[
        "milestones",
        "--followers",
        "4200",
        "--rates",
        rates,
        "--json",
    ]);
    assert_eq!(doc["next"]["followers"]["id"], Value::Null, "{doc}");
    assert!(!doc["thresholds"].as_array().unwrap().is_empty());
    assert_valid(&validator, &doc, "a threshold no milestone states");
    // A card's ungraded tiers, one at its own count, with an age its channel is too young for.
    let card = dir.path().join("card.toml");
    fs::write(
        &card,
        "[[channel]]\nid = \"sponsorship\"\n[channel.eligibility]\nmin_age = 18\n\
         [[channel.rate.tier]]\nid = \"small\"\nfrom = 5000\nlow = 100\nhigh = 300\n",
    )
    .unwrap();
    let card = card.to_str().unwrap();
    let doc = json(&["milestones", "--age", "16", "--rates", card, "--json"]);
    let small = &doc["thresholds"][0];
    assert_eq!(small["tiers"][0]["grade"], Value::Null, "{doc}");
    assert_eq!(small["too_young"][0]["min_age"], 18, "{doc}");
    assert_valid(&validator, &doc, "a card's ungraded tier");
    // Strict: an unknown field fails it, at the top, in a milestone and in a source.
    for path in [
        &[][..],
        &["milestones", "0"],
        &["milestones", "0", "sources", "0"],
    ] {
        let mut instance = json(&["milestones", "--json"]);
        let mut at = &mut instance;
        for step in path {
            at = match step.parse::<usize>() {
                Ok(i) => &mut at[i],
                Err(_) => &mut at[*step],
            };
        }
        at["surprise"] = Value::Bool(true);
        assert!(!validator.is_valid(&instance), "{path:?}");
    }
}

#[test]
fn an_unknown_field_fails_each_schema() {
    let cases = [
        ("estimate", json(&["1m", "--json", "--explain"])),
        ("check", json(&["check", "--json"])),
        ("target", json(&["target", "100", "--json"])),
        ("rates", json(&["rates", "--json"])),
    ];
    for (name, mut instance) in cases {
        let validator = validator(name);
        assert!(validator.is_valid(&instance), "{name}");
        instance["surprise"] = Value::Bool(true);
        assert!(
            !validator.is_valid(&instance),
            "{name} accepts an unknown field"
        );
    }
    // A value of the wrong kind fails too, not only an unknown name.
    let mut estimate = json(&["1m", "--json"]);
    estimate["channels"][0]["status"] = Value::String("maybe".into());
    assert!(!validator("estimate").is_valid(&estimate));
    estimate = json(&["1m", "--json"]);
    estimate["total"]["low"] = Value::String("11120.00".into());
    assert!(!validator("estimate").is_valid(&estimate));

    // Inside: the input (shared by the estimate and the target), a channel, an explain.
    let nested: [(&str, Value, &[&str]); 8] = [
        ("estimate", json(&["1m", "--json"]), &["input"]),
        (
            "estimate",
            json(&["1m", "--json", "--explain"]),
            &["channels", "0", "explain"],
        ),
        ("target", json(&["target", "100", "--json"]), &["input"]),
        (
            "target",
            json(&["target", "100", "--json"]),
            &["channels", "0"],
        ),
        ("check", json(&["check", "--json"]), &["input"]),
        ("check", json(&["check", "--json"]), &["channels", "0"]),
        (
            "rates",
            json(&["rates", "--json"]),
            &["channel", "2", "rate", "tier", "0"],
        ),
        (
            "rates",
            json(&["rates", "--json"]),
            &["channel", "2", "cross_check"],
        ),
    ];
    for (name, mut instance, path) in nested {
        let validator = validator(name);
        let mut at = &mut instance;
        for step in path {
            at = match step.parse::<usize>() {
                Ok(i) => &mut at[i],
                Err(_) => &mut at[*step],
            };
        }
        assert!(at.is_object(), "{name}: nothing at {path:?}");
        at["surprise"] = Value::Bool(true);
        assert!(
            !validator.is_valid(&instance),
            "{name} accepts an unknown field at {path:?}"
        );
    }
    // The old `region` input is gone from every input object.
    for (name, mut instance) in [
        ("estimate", json(&["1m", "--json"])),
        ("target", json(&["target", "100", "--json"])),
        ("check", json(&["check", "--json"])),
    ] {
        instance["input"]["region"] = Value::String("us".into());
        assert!(
            !validator(name).is_valid(&instance),
            "{name} accepts region"
        );
    }
    // A follower tier belongs to a fee per post only.
    estimate = json(&["1m", "--json"]);
    assert_eq!(estimate["channels"][0]["basis"], "views");
    estimate["channels"][0]["tier"] = Value::String("micro".into());
    assert!(!validator("estimate").is_valid(&estimate));
    // A fee per post gives its fees in tiers, not as one rate.
    let mut table = json(&["rates", "--json"]);
    assert_eq!(table["channel"][2]["basis"], "posts");
    table["channel"][2]["rate"]["low"] = Value::from(5);
    table["channel"][2]["rate"]["high"] = Value::from(10);
    assert!(!validator("rates").is_valid(&table));
    // A check's channel says whether it decides.
    let mut check = json(&["check", "--json"]);
    check["channels"][0]
        .as_object_mut()
        .unwrap()
        .remove("decides");
    assert!(!validator("check").is_valid(&check));

    let mut row: Value = serde_json::from_str(earn(&["batch"], "views\n1k\n").trim()).unwrap();
    let validator = validator("batch-row");
    assert!(validator.is_valid(&row));
    row["channels"][0]["surprise"] = Value::Bool(true);
    assert!(
        !validator.is_valid(&row),
        "batch-row accepts an unknown channel field"
    );
}

#[test]
fn an_exchange_rate_too_long_for_a_float_still_matches() {
    // Written as a string, as a rates file must for more than 15 significant digits; the JSON
    // then carries it as a string too.
    let dir = tempfile::tempdir().unwrap();
    let rates = dir.path().join("fx.toml");
    fs::write(
        &rates,
        r#"
[fx]
base = "USD"
as_of = "2026-11-01"
[[fx.sources]]
title = "A test set"
[[fx.currency]]
code = "USD"
name = "US dollar"
symbol = "$"
decimals = 2
per_base = 1
[[fx.currency]]
code = "XTS"
name = "Testing unit"
symbol = "T"
decimals = 2
per_base = "12345678.123456789"
"#,
    )
    .unwrap();
    let rates = rates.to_str().unwrap();
    let estimate = json(&["1m", "--json", "--currency", "xts", "--rates", rates]);
    assert_eq!(estimate["fx"]["to_per_base"], "12345678.123456789");
    assert_valid(&validator("estimate"), &estimate, "estimate in XTS");
    let target = json(&[
        "target",
        "5",
        "--json",
        "--currency",
        "xts",
        "--rates",
        rates,
    ]);
    assert_valid(&validator("target"), &target, "target in XTS");
}
