//! End-to-end: the tables of `earn VIEWS` and `earn month` as people read them: an amount the
//! total leaves out is never shown as money earned.

use assert_cmd::Command;
use serde_json::Value;

fn earn() -> Command {
    let mut cmd = Command::cargo_bin("earn").unwrap();
    cmd.env_remove("EARN_RATES")
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS");
    cmd
}

fn stdout(args: &[&str]) -> String {
    let output = earn().args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

const LEGEND: &str = "[ ]: an amount the total leaves out";

/// Every channel with an amount the total leaves out has it bracketed in its row, no counted
/// amount is, and the legend is there exactly when a bracket is.
fn assert_brackets(args: &[&str], amount_keys: &[&str]) {
    let table = stdout(args);
    let json: Value = serde_json::from_str(&stdout(&[args, &["--json"]].concat())).unwrap();
    let mut any = false;
    for channel in json["channels"].as_array().unwrap() {
        let name = channel["name"].as_str().unwrap();
        let row = table
            .lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("{args:?}: no row for {name}:\n{table}"));
        let has_amount = amount_keys.iter().any(|k| !channel[k].is_null());
        let left_out = has_amount && channel["in_total"] == false;
        assert_eq!(
            row.contains('['),
            left_out,
            "{args:?}: {name} (in_total {}):\n{table}",
            channel["in_total"]
        );
        any |= left_out;
    }
    assert_eq!(table.contains(LEGEND), any, "{args:?}:\n{table}");
}

#[test]
fn the_estimate_brackets_every_amount_the_total_leaves_out() {
    let cases: [&[&str]; 7] = [
        &["1m"],
        &["1m", "--region", "gb", "--followers", "12k", "--age", "22"],
        &[
            "12m",
            "--followers",
            "900",
            "--with",
            "sponsorship,affiliate",
        ],
        &[
            "1m",
            "--followers",
            "900k",
            "--with",
            "sponsorship",
            "--age",
            "12",
        ],
        &["1m", "--region", "in", "--followers", "2m"],
        &[
            "1m",
            "--region",
            "jp",
            "--currency",
            "jpy",
            "--followers",
            "12k",
        ],
        &[
            "5m",
            "--followers",
            "2m",
            "--age",
            "30",
            "--views-30d",
            "1m",
            "--length",
            "90s",
            "--diamonds",
            "10k",
            "--with",
            "sponsorship,affiliate,gifts",
        ],
    ];
    for args in cases {
        assert_brackets(args, &["low"]);
    }
}

#[test]
fn the_month_brackets_every_amount_the_total_leaves_out() {
    let account = [
        "month",
        "--avg-views",
        "50k",
        "--videos",
        "20",
        "--age",
        "22",
    ];
    let cases: [&[&str]; 5] = [
        &["--followers", "12k"],
        &["--followers", "12k", "--region", "jp"],
        &["--followers", "900", "--sponsored", "2", "--linked", "3"],
        &[
            "--followers",
            "12k",
            "--sponsored",
            "2",
            "--subscribers",
            "300",
            "--length",
            "75s",
        ],
        &["--followers", "12k", "--region", "in", "--diamonds", "5k"],
    ];
    for extra in cases {
        assert_brackets(&[&account[..], extra].concat(), &["each", "month"]);
    }
}
