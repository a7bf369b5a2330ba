//! End-to-end: the tables of `earn VIEWS` and `earn month` as people read them: an amount the
//! total leaves out is never shown as money earned.

use assert_cmd::Command;
use serde_json::Value;

fn earn() -> Command {
    let mut cmd = Command::cargo_bin("earn").unwrap();
    cmd.env_remove("EARN_RATES")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
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
            "16",
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
        &["--followers", "900", "--sponsored", "2", "--sales", "3k"],
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

/// The columns a line takes on a terminal: the tables use only characters one column wide.
fn columns(line: &str) -> usize {
    line.chars().count()
}

const AT_80: [&[&str]; 4] = [
    &["1m"],
    &["1m", "--region", "gb", "--followers", "12k", "--age", "22"],
    &[
        "month",
        "--avg-views",
        "50k",
        "--videos",
        "20",
        "--followers",
        "12k",
        "--age",
        "22",
    ],
    &["rates"],
];

#[test]
fn with_width_80_no_line_is_wider_than_80_columns() {
    for args in AT_80 {
        let out = stdout(&[args, &["--width", "80"]].concat());
        for line in out.lines() {
            assert!(columns(line) <= 80, "{args:?}: {line:?}");
        }
        // The estimate's rows lose nothing but their spacing and the WHY heading: its
        // reasons are under each row.
        if !["rates", "month"].contains(&args[0]) {
            let rows = |text: &str| {
                let rows = &text[..text.find("\nTotal: ").unwrap()];
                rows.split_whitespace().collect::<String>()
            };
            assert_eq!(
                rows(&out),
                rows(&stdout(args)).replace("WHY", ""),
                "{args:?}"
            );
        }
    }
}

/// A check too narrow for its reasons beside the marks puts them under, as the estimate does:
/// no word is cut, and nothing is lost but spacing.
#[test]
fn a_narrow_check_puts_its_reasons_under_and_cuts_no_word() {
    // Not eligible, so status 1.
    let check = |width: &[&str]| {
        let output = (earn().args(["check", "--followers", "1"]).args(width))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let (wide, narrow) = (check(&[]), check(&["--width", "30"]));
    let words = |text: &str| {
        text.split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(words(&narrow), words(&wide));
    for line in narrow.lines() {
        assert!(columns(line) <= 30, "{line:?}");
    }
    assert!(
        narrow.starts_with("creator_fund     ·\n    closed in region us"),
        "{narrow}"
    );
}

#[test]
fn piped_output_is_not_broken_even_with_columns_set() {
    for args in AT_80 {
        let plain = stdout(args);
        let output = earn().args(args).env("COLUMNS", "80").output().unwrap();
        assert_eq!(String::from_utf8(output.stdout).unwrap(), plain, "{args:?}");
        assert!(plain.lines().any(|l| columns(l) > 80), "{args:?}");
    }
}

#[test]
fn a_width_is_a_whole_number_above_0() {
    let output = earn().args(["1m", "--width", "0"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.contains("'--width <COLUMNS>'"), "{err}");
    let help = stdout(&["--help"]);
    assert!(help.contains("--width <COLUMNS>"), "{help}");
}

/// Runs a shell command line on a pseudo-terminal of 40 rows and `cols` columns, through
/// util-linux's `script`, and returns what it printed; `None` where there is no such `script`.
#[cfg(target_os = "linux")]
fn on_terminal(cols: u16, line: &str) -> Option<String> {
    use std::process::{Command, Stdio};
    let earn = assert_cmd::cargo::cargo_bin("earn");
    let shell = format!(
        "stty rows 40 cols {cols}; {}",
        line.replace("earn", &earn.display().to_string())
    );
    let output = Command::new("script")
        .args(["-qec", &shell, "/dev/null"])
        .env_remove("COLUMNS")
        .env_remove("EARN_RATES")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    output.status.success().then(|| {
        String::from_utf8(output.stdout)
            .unwrap()
            .replace("\r\n", "\n")
    })
}

#[cfg(target_os = "linux")]
#[test]
fn on_a_terminal_tables_fit_it_or_columns() {
    let Some(probe) = on_terminal(70, "echo ok") else {
        eprintln!("skipped: no util-linux `script` to run earn on a terminal");
        return;
    };
    assert_eq!(probe, "ok\n");
    for args in AT_80 {
        let line = format!("earn {} --color never", args.join(" "));
        let fits = |out: &str, width: usize| {
            assert!(!out.is_empty(), "{line}");
            for shown in out.lines() {
                assert!(columns(shown) <= width, "{line} in {width}: {shown:?}");
            }
        };
        // The terminal's own width, and COLUMNS over it.
        fits(&on_terminal(70, &line).unwrap(), 70);
        fits(&on_terminal(70, &format!("COLUMNS=80 {line}")).unwrap(), 80);
        // A pipe gets whole lines, whatever the terminal after it.
        let piped = on_terminal(70, &format!("{line} | cat")).unwrap();
        assert_eq!(
            piped,
            stdout(&[args, &["--color", "never"]].concat()),
            "{line}"
        );
    }
}
