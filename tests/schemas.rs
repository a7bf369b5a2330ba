//! Every JSON output checked against its schema in `schema/`, so an output change that forgets
//! its schema fails here; and each schema is strict enough that an unknown field fails it.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use jsonschema::{Registry, Validator};
use serde_json::Value;

const SCHEMAS: [&str; 6] = [
    "estimate",
    "batch-row",
    "batch-error",
    "check",
    "target",
    "rates",
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

#[test]
fn estimates_match_their_schema() {
    let validator = validator("estimate");
    for args in [
        &["1m", "--json"][..],
        &["1m", "--json", "--explain"],
        &[
            "250k",
            "--json",
            "--explain",
            "--region",
            "uk",
            "--followers",
            "9,999",
            "--age",
            "17",
            "--views-30d",
            "1m",
            "--diamonds",
            "5k",
            "--qualified-share",
            "45%",
            "--niche",
            "tech",
            "--engagement",
            "6%",
        ],
        &["900", "--json", "--explain", "--region", "jp"],
        &["1m", "--json", "--explain", "--currency", "jpy"],
        &["1m", "--json", "--currency", "USD"],
    ] {
        assert_valid(&validator, &json(args), &format!("{args:?}"));
    }
}

#[test]
fn check_target_and_rates_match_their_schemas() {
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
    ] {
        assert_valid(&check, &json(args), &format!("{args:?}"));
    }

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
    ] {
        assert_valid(&target, &json(args), &format!("{args:?}"));
    }

    assert_valid(
        &validator("rates"),
        &json(&["rates", "--json"]),
        "rates --json",
    );
}

#[test]
fn batch_records_match_their_schemas() {
    let row = validator("batch-row");
    let error = validator("batch-error");
    let input = "handle,views,followers,region\n@a,1m,12k,us\n@b,lots,1,us\n@c,2k,,zz\n@d,5,,jp\n";
    let mut out = earn(&["batch"], input);
    out.push_str(&earn(&["batch", "--currency", "idr"], input));
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
    assert_eq!(seen, (4, 4));
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
