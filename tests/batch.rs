//! `earn batch` end to end: both input formats, both outputs, bad rows, the summary and the
//! exit status, and the awkward inputs real files bring (BOM, CRLF, a header alone).

use std::fmt::Write as _;

use assert_cmd::Command;
use serde_json::Value;

fn earn() -> Command {
    let mut cmd = Command::cargo_bin("earn").unwrap();
    cmd.env_remove("EARN_RATES")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR");
    cmd
}

/// Runs `earn batch ARGS` with `stdin`; returns (status, stdout, stderr).
fn batch(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let output = earn()
        .arg("batch")
        .args(args)
        .write_stdin(stdin.to_vec())
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn records(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The cells of the column `name` of a CSV output, a row each.
fn csv_column(stdout: &str, name: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let at = reader.headers().unwrap().iter().position(|h| h == name);
    reader
        .records()
        .map(|row| row.unwrap()[at.unwrap()].to_string())
        .collect()
}

/// The single estimate's JSON for the same inputs.
fn single(args: &[&str]) -> Value {
    let output = earn().args(args).arg("--json").output().unwrap();
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).unwrap()
}

const ROSTER: &str = "\
handle,views,followers,region,age
@ana,1m,12k,us,21
@ben,abc,5,us,30
@cat,250k,,gb,
";

#[test]
fn csv_rows_become_the_estimates_json_with_line_and_extra() {
    let (code, out, err) = batch(&["-"], ROSTER.as_bytes());
    assert_eq!(code, 2, "a bad row makes the batch fail: {err}");
    let rows = records(&out);
    assert_eq!(rows.len(), 3, "one record per input row, in order");

    // A good row is exactly `earn VIEWS --json` for its inputs, plus line and extra.
    let mut first = rows[0].clone();
    assert_eq!(first["line"], 2);
    assert_eq!(first["extra"], serde_json::json!({"handle": "@ana"}));
    let object = first.as_object_mut().unwrap();
    object.remove("line");
    object.remove("extra");
    let expected = single(&["1m", "--followers", "12k", "--region", "us", "--age", "21"]);
    assert_eq!(first, expected);
    // No `with` column: the opt-in channels are shown, none counts, and the total is what
    // Creator Rewards pays.
    let channels = first["channels"].as_array().unwrap();
    let counted: Vec<&str> = channels
        .iter()
        .filter(|c| c["in_total"] == true)
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(counted, ["creator_rewards"]);
    let opt_in: Vec<&str> = channels
        .iter()
        .filter(|c| c["opt_in"] == true)
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(opt_in, ["sponsorship", "affiliate", "gifts"]);
    let rewards = channel(&first, "creator_rewards");
    assert_eq!(first["total"]["low"], rewards["low"]);
    assert_eq!(first["total"]["high"], rewards["high"]);

    assert_eq!(
        rows[1],
        serde_json::json!({
            "line": 3,
            "error": "views: 'abc' is not a count: write a whole number like 1000, 1,000, 1_000, 1.5k or 2m",
            "extra": {"handle": "@ben"}
        })
    );
    assert_eq!(rows[2]["line"], 4);
    assert_eq!(rows[2]["input"]["country"], "gb", "a region is the country");
    assert_eq!(rows[2]["input"]["audience"], "gb", "and the audience");
    assert_eq!(rows[2]["input"]["with"], serde_json::json!([]));
    assert_eq!(
        rows[2]["input"]["followers"],
        Value::Null,
        "an empty cell is not given"
    );

    assert_eq!(
        err,
        "error: line 3: views: 'abc' is not a count: write a whole number like 1000, 1,000, 1_000, 1.5k or 2m\n\
         batch: 3 rows read, 2 estimated, 1 failed\n"
    );
}

/// The built-in table's channels paid per video, in its order.
const BUILT_IN_CHANNELS: [&str; 5] = [
    "creator_fund",
    "creator_rewards",
    "sponsorship",
    "affiliate",
    "gifts",
];

#[test]
fn csv_output_is_the_input_columns_then_each_channel_then_the_total() {
    let (code, out, _) = batch(&["-", "--format", "csv"], ROSTER.as_bytes());
    assert_eq!(code, 2);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let mut expected: Vec<String> = ["handle", "views", "followers", "region", "age"]
        .map(String::from)
        .to_vec();
    for id in BUILT_IN_CHANNELS {
        for part in ["low", "high", "status"] {
            expected.push(format!("{id}_{part}"));
        }
    }
    expected.extend(["total_low", "total_high", "currency", "error"].map(String::from));
    // Then each channel's grade and whether it counts, after the columns there before them,
    // and the tier of the one whose fee follows the followers.
    for part in ["grade", "in_total"] {
        for id in BUILT_IN_CHANNELS {
            expected.push(format!("{id}_{part}"));
        }
    }
    expected.push("sponsorship_tier".to_string());
    // Last, the channels the row has that its total leaves out.
    expected.push("total_leaves_out".to_string());
    assert_eq!(header, expected);

    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let cell = |row: &csv::StringRecord, name: &str| {
        let i = header.iter().position(|h| h == name).unwrap();
        row[i].to_string()
    };
    // The input columns as given, not as parsed.
    assert_eq!(cell(&rows[0], "views"), "1m");
    assert_eq!(cell(&rows[0], "creator_fund_low"), "12.00");
    assert_eq!(cell(&rows[0], "creator_fund_status"), "closed");
    assert_eq!(
        cell(&rows[0], "gifts_low"),
        "",
        "no amount without diamonds"
    );
    let total = single(&["1m", "--followers", "12k", "--age", "21"])["total"]["low"].as_f64();
    assert_eq!(
        cell(&rows[0], "total_low"),
        format!("{:.2}", total.unwrap())
    );
    assert_eq!(cell(&rows[0], "error"), "");
    // The opt-in channels have their amounts and statuses, but the total is Creator Rewards'
    // alone: none is named in a `with` column.
    assert_eq!(cell(&rows[0], "sponsorship_status"), "eligible");
    assert_ne!(cell(&rows[0], "sponsorship_low"), "");
    // Affiliate's commission is priced from a row's sales, which these rows do not give.
    assert_eq!(cell(&rows[0], "affiliate_status"), "needs_input");
    assert_eq!(
        (cell(&rows[0], "total_low"), cell(&rows[0], "total_high")),
        (
            cell(&rows[0], "creator_rewards_low"),
            cell(&rows[0], "creator_rewards_high")
        )
    );
    // A fee per post is priced from the followers: without them, no amount.
    assert_eq!(cell(&rows[2], "sponsorship_status"), "needs_input");
    assert_eq!(cell(&rows[2], "sponsorship_low"), "");
    assert_eq!(cell(&rows[1], "handle"), "@ben");
    assert_eq!(cell(&rows[1], "total_low"), "");
    assert!(cell(&rows[1], "error").starts_with("views: 'abc' is not a count"));
    // Each channel's evidence grade, as the estimate gives it; none for a row that failed.
    assert_eq!(cell(&rows[0], "creator_rewards_grade"), "D");
    assert_eq!(cell(&rows[0], "sponsorship_grade"), "C");
    assert_eq!(cell(&rows[1], "sponsorship_grade"), "");
    // Only Creator Rewards counts: the others are closed, opt-in and not named, or unpriced.
    for id in BUILT_IN_CHANNELS {
        let counts = (id == "creator_rewards").to_string();
        assert_eq!(cell(&rows[0], &format!("{id}_in_total")), counts, "{id}");
    }
    assert_eq!(cell(&rows[1], "creator_rewards_in_total"), "");
    // Complete totals leave nothing out; a brand deal named without followers is left out.
    assert_eq!(cell(&rows[0], "total_leaves_out"), "");
    let (_, out, _) = batch(
        &["--format", "csv"],
        b"views,with\n100k,sponsorship gifts\n100k,\n",
    );
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let left: Vec<String> = (reader.records().map(Result::unwrap))
        .map(|row| row[row.len() - 1].to_string())
        .collect();
    assert_eq!(left, ["sponsorship gifts", ""]);
}

#[test]
fn a_bad_row_names_every_bad_cell() {
    // One pass over the spreadsheet fixes the row: each bad cell is named, in the row's order.
    let want = "followers: 'abc' is not a count: write a whole number like 1000, 1,000, 1_000, \
                1.5k or 2m; length: '1.51m' is not a whole number of seconds: write it \
                whole, like 1m31s; age: 'x' is not an age: write whole years, like 22";
    let csv = "handle,views,followers,length,age\n@a,1m,abc,1.51m,x\n@b,2m,,,\n";
    let (code, out, err) = batch(&["--format", "csv"], csv.as_bytes());
    assert_eq!(code, 2, "{err}");
    let errors = csv_column(&out, "error");
    assert_eq!(errors, [want, ""], "a row of good cells is estimated");
    assert!(err.contains(&format!("line 2: {want}")), "{err}");
    let ndjson = r#"{"views": "1m", "followers": "abc", "length": "1.51m", "age": "x"}"#;
    let (code, out, _) = batch(&["--input-format", "ndjson"], ndjson.as_bytes());
    assert_eq!(code, 2);
    // An object's keys have no order to keep: each is named, in the order of the columns.
    let error = records(&out)[0]["error"].as_str().unwrap().to_string();
    let mut named: Vec<&str> = error.split("; ").collect();
    named.sort_unstable();
    let mut wanted: Vec<&str> = want.split("; ").collect();
    wanted.sort_unstable();
    assert_eq!(named, wanted);
    // Names the rates do not know are named too, after the cells that could not be read, and
    // each of them, where the estimate stops at the first.
    let csv = "views,region,niche,followers\nzz,pt,food,x\n1m,pt,food,1\n";
    let (code, out, _) = batch(&[], csv.as_bytes());
    assert_eq!(code, 2);
    let errors: Vec<String> = records(&out)
        .iter()
        .map(|r| r["error"].as_str().unwrap().to_string())
        .collect();
    let unknown = "region: unknown region 'pt'; for a country not listed, give 'other'; valid regions: us (usa), gb (uk), ca, au, de, fr, es, \
                 it, jp, kr, br, mx, id, ph, th, my, sg, vn, in, other for any other country; niche: unknown niche 'food'; valid \
                 niches: beauty, business, general, tech";
    assert_eq!(
        errors,
        [
            format!(
                "views: 'zz' is not a count: write a whole number like 1000, 1,000, 1_000, 1.5k \
                 or 2m; followers: 'x' is not a count: write a whole number like 1000, 1,000, \
                 1_000, 1.5k or 2m; {unknown}"
            ),
            unknown.to_string(),
        ]
    );
    // In an account's roster too.
    let (_, out, _) = batch(
        &["--month"],
        b"avg_views,videos,region,niche\n1k,2,pt,food\n",
    );
    assert_eq!(records(&out)[0]["error"], unknown);
    // Sales in another currency's sign are named beside an unknown region, and once alone.
    let (_, out, _) = batch(
        &[],
        b"views,region,with,sales\n1m,narnia,affiliate,2400 EUR\n1m,us,affiliate,2400 EUR\n",
    );
    let sales = "sales: '2400 EUR' is written in EUR, but amounts are in USD here; drop the 'EUR' \
                 to mean USD, or give the batch the currency it is in: --currency eur";
    let errors: Vec<String> = (records(&out).iter())
        .map(|r| r["error"].as_str().unwrap().to_string())
        .collect();
    assert!(
        errors[0].starts_with("region: unknown region 'narnia'") && errors[0].ends_with(sales),
        "{out}"
    );
    assert_eq!(errors[1], sales);
    // And beside a cell that could not be read, in CSV and NDJSON.
    let (_, out, _) = batch(&[], b"views,followers,sales\n1m,y,2400 EUR\n");
    let (_, json, _) = batch(
        &["--input-format", "ndjson"],
        br#"{"views": 1000000, "followers": "y", "sales": "2400 EUR"}"#,
    );
    for out in [out, json] {
        let error = records(&out)[0]["error"].as_str().unwrap().to_string();
        assert!(
            error.starts_with("followers: 'y' is not a count") && error.ends_with(sales),
            "{error}"
        );
    }
    // And NDJSON's numbers that are no value of their field, beside its bad texts.
    let (_, out, _) = batch(
        &["--month", "--input-format", "ndjson"],
        br#"{"avg_views": 1000, "videos_per_week": 4.5, "sponsored": 1.5, "age": "x"}"#,
    );
    assert_eq!(
        records(&out)[0]["error"],
        "videos_per_week: 4.5 is not a whole number of videos: write it whole, like 4; \
         sponsored: 1.5 is not a whole number of videos: write it whole, like 1; age: 'x' is not \
         an age: write whole years, like 22"
    );
}

#[test]
fn ndjson_rows_take_numbers_or_strings_and_carry_other_keys() {
    let input = r#"{"views": 1000000, "region": "us", "handle": "@ana", "tags": ["a"]}

{"views": "2k", "followers": null}
not json
{"region": "us"}
{"views": true}
"#;
    let (code, out, err) = batch(&["--input-format", "ndjson"], input.as_bytes());
    assert_eq!(code, 2);
    let rows = records(&out);
    assert_eq!(
        rows.len(),
        5,
        "the blank line holds no row; every other line has a record"
    );
    assert_eq!(rows[0]["line"], 1);
    assert_eq!(
        rows[0]["extra"],
        serde_json::json!({"handle": "@ana", "tags": ["a"]})
    );
    assert_eq!(rows[0]["total"], single(&["1m"])["total"]);
    assert_eq!(rows[1]["line"], 3);
    assert_eq!(rows[1]["input"]["views"], 2000);
    let errors: Vec<(u64, &str)> = rows[2..]
        .iter()
        .map(|r| (r["line"].as_u64().unwrap(), r["error"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        [
            (
                4,
                "not a JSON object: expected ident at column 2; each line is one object, like \
                 {\"views\": 1000000}"
            ),
            (5, "views: missing: every row needs its views"),
            (
                6,
                "views: 'true' is not a count: write a whole number like 1000, 1,000, 1_000, 1.5k or 2m"
            ),
        ]
    );
    assert!(
        err.ends_with("batch: 5 rows read, 2 estimated, 3 failed\n"),
        "{err}"
    );
}

#[test]
fn the_input_format_follows_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rows.jsonl");
    std::fs::write(&path, "{\"views\": 1000}\n").unwrap();
    let (code, out, _) = batch(&[path.to_str().unwrap()], b"");
    assert_eq!(code, 0);
    assert_eq!(records(&out)[0]["input"]["views"], 1000);

    // `.csv` is CSV, and --input-format wins over the extension.
    let path = dir.path().join("rows.csv");
    std::fs::write(&path, "{\"views\": 1000}\n").unwrap();
    let (code, _, err) = batch(&[path.to_str().unwrap()], b"");
    assert_eq!(code, 2);
    assert!(
        err.contains("the first line is a JSON object, not a CSV header"),
        "{err}"
    );
    let (code, _, _) = batch(&[path.to_str().unwrap(), "--input-format", "ndjson"], b"");
    assert_eq!(code, 0);
}

/// Where neither a flag nor the name states the format (standard input, `rows.txt`), the
/// first line does: `jq -c … | earn batch` reads NDJSON, a byte-order mark and blank lines
/// before it included, and a CSV header is still CSV. `--delimiter` states CSV.
#[test]
fn an_input_whose_format_nothing_states_is_read_by_its_first_line() {
    let (code, out, err) = batch(
        &[],
        b"\xEF\xBB\xBF\n  {\"views\": 1000}\n{\"views\": \"2k\"}\n",
    );
    assert_eq!(code, 0, "{err}");
    let views: Vec<Value> = records(&out)
        .iter()
        .map(|r| r["input"]["views"].clone())
        .collect();
    assert_eq!(views, [1000, 2000]);
    let (code, out, err) = batch(&["-"], b"views\n3k\n");
    assert_eq!(code, 0, "{err}");
    assert_eq!(records(&out)[0]["input"]["views"], 3000);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rows.txt");
    std::fs::write(&path, "{\"views\": 1000}\n").unwrap();
    let (code, out, err) = batch(&[path.to_str().unwrap()], b"");
    assert_eq!(code, 0, "{err}");
    assert_eq!(records(&out)[0]["input"]["views"], 1000);

    let (code, _, err) = batch(&["--delimiter", ";"], b"{\"views\": 1000}\n");
    assert_eq!(code, 2);
    assert!(err.contains("not a CSV header"), "{err}");

    // A JSON array is JSON too, and the NDJSON reader says how to make lines of it.
    let (code, _, err) = batch(&[], b"[{\"views\": 1000}]\n");
    assert_eq!(code, 2);
    assert!(err.contains("jq -c '.[]' does it"), "{err}");

    // A line that is not an object shows one of the roster's kind.
    let (_, _, err) = batch(&["--month", "--input-format", "ndjson"], b"x\n");
    assert!(
        err.contains("like {\"avg_views\": 50000, \"videos\": 20}"),
        "{err}"
    );
}

#[test]
fn a_bom_and_crlf_line_endings_are_read_like_any_csv() {
    let (code, out, err) = batch(
        &["--format", "csv"],
        b"\xef\xbb\xbfviews,region\r\n1m,us\r\n2k,gb\r\n",
    );
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    // The mark is read as one, not as part of the first column's name, and given back as one.
    assert!(
        lines[0].starts_with("\u{feff}views,region,creator_fund_low"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("1m,us,12.00,50.00,closed"),
        "{}",
        lines[1]
    );
    assert_eq!(lines.len(), 3);
    assert_eq!(err, "batch: 2 rows read, 2 estimated, 0 failed\n");
}

#[test]
fn a_csv_input_with_nothing_in_it_is_an_error() {
    // A step before the batch that failed and wrote nothing must not pass for a roster.
    for input in [&b""[..], b"\n\n", b"  \r\n,,\n"] {
        let (code, out, err) = batch(&[], input);
        assert_eq!((code, out.as_str()), (2, ""), "{input:?}");
        assert_eq!(
            err,
            "error: batch input standard input: it has no header and no rows (it is empty, or \
             only blank lines)\nhint: a roster's first line names its columns, views among them: \
             views,followers,region; an NDJSON stream of no objects (a filter that matched \
             nothing) is no rows with --input-format ndjson\n",
            "{input:?}"
        );
    }
    let (code, _, err) = batch(&["--month"], b"");
    assert_eq!(code, 2);
    assert!(
        err.contains("avg_views among them: avg_views,videos,followers"),
        "{err}"
    );
    // A file named as CSV is a roster, and its hint says nothing of NDJSON.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.csv");
    std::fs::write(&path, "").unwrap();
    let (code, _, err) = batch(&[path.to_str().unwrap()], b"");
    assert_eq!(code, 2);
    assert!(
        err.ends_with("views among them: views,followers,region\n"),
        "{err}"
    );
    // An NDJSON stream of no objects is a stream, as a filter that matches nothing writes.
    let (code, out, err) = batch(&["--input-format", "ndjson"], b"\n \n");
    assert_eq!((code, out.as_str()), (0, ""));
    assert_eq!(err, "batch: 0 rows read, 0 estimated, 0 failed\n");
}

#[test]
fn a_line_of_empty_cells_is_no_row() {
    // Spreadsheets write rows of commas below (and above) a table.
    let input = ",,\n  \nviews,handle\n1m,@a\n,\n  ,  \n2m,@b\n,,,,\n";
    let (code, out, err) = batch(&["--format", "csv"], input.as_bytes());
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[1].starts_with("1m,@a,") && lines[2].starts_with("2m,@b,"));
    assert_eq!(err, "batch: 2 rows read, 2 estimated, 0 failed\n");
    // A row with one value is a row, and says what it lacks.
    let (code, out, _) = batch(&[], b"views,handle\n,@c\n");
    assert_eq!(code, 2);
    assert!(out.contains("views: empty"), "{out}");
}

#[test]
fn columns_a_header_leaves_unnamed_are_carried_by_their_place() {
    // Spreadsheets write empty header cells past a table's last column.
    let (code, out, err) = batch(&[], b"handle,views,,\n@a,1m,,\n@b,2m,note,\n");
    assert_eq!(code, 0, "{err}");
    let rows = records(&out);
    assert_eq!(
        rows[1]["extra"],
        serde_json::json!({"column 3": "note", "column 4": "", "handle": "@b"})
    );
    // CSV output carries them as they are, by position.
    let (code, out, _) = batch(&["--format", "csv"], b"handle,views,,\n@b,2m,note,\n");
    assert_eq!(code, 0);
    assert!(out.starts_with("handle,views,,,creator_fund_low,"), "{out}");
    assert!(
        out.lines().nth(1).unwrap().starts_with("@b,2m,note,,"),
        "{out}"
    );
}

#[test]
fn an_estimates_input_reads_back_as_a_row() {
    // A small share is written with an exponent, as JSON writers spell it; it reads back.
    let output = earn()
        .args([
            "1m",
            "--engagement",
            "0.000001",
            "--qualified-share",
            "0.00001",
            "--json",
        ])
        .output()
        .unwrap();
    let estimate: Value = serde_json::from_slice(&output.stdout).unwrap();
    let input = &estimate["input"];
    assert!(input.to_string().contains("e-"), "{input}");
    let row = serde_json::json!({
        "views": input["views"],
        "engagement": input["engagement"],
        "qualified_share": input["qualified_share"],
    });
    let (code, out, err) = batch(&["--input-format", "ndjson"], format!("{row}\n").as_bytes());
    assert_eq!(code, 0, "{err}");
    assert_eq!(records(&out)[0]["input"], *input);
}

#[test]
fn a_header_repeated_by_joining_two_files_is_named_as_such() {
    // `cat a.csv b.csv`, each with a byte-order mark.
    let input = b"\xef\xbb\xbfviews,handle\n1m,@a\n\xef\xbb\xbfviews,handle\n2m,@b\n";
    let (code, out, err) = batch(&[], input);
    assert_eq!(code, 2);
    assert_eq!(records(&out).len(), 3, "{out}");
    assert!(
        err.starts_with(
            "error: line 3: this line repeats the header: were two files joined? Remove it\n"
        ),
        "{err}"
    );
}

#[test]
fn ndjson_files_joined_with_their_byte_order_marks_are_read_whole() {
    // `cat a.ndjson b.ndjson`, each with a byte-order mark.
    let input = b"\xef\xbb\xbf{\"views\":1}\n\xef\xbb\xbf{\"views\":2}\n";
    let (code, out, err) = batch(&["--input-format", "ndjson"], input);
    assert_eq!(code, 0, "{err}");
    let views: Vec<Value> = records(&out)
        .iter()
        .map(|r| r["input"]["views"].clone())
        .collect();
    assert_eq!(views, [1, 2]);
}

#[test]
fn a_json_document_is_refused_whole_not_row_by_row() {
    // What `jq -s` and most JSON writers give: an array on one line, or spread over lines,
    // and an object spread over lines. None of its lines is a row.
    let object = "a JSON object spread over lines";
    for (input, what, how) in [
        (
            "[{\"views\":1},{\"views\":2}]\n",
            "a JSON array",
            "jq -c '.[]'",
        ),
        (
            "[\n  {\n    \"views\": 1\n  }\n]\n",
            "a JSON array",
            "jq -c '.[]'",
        ),
        ("\n{\n  \"views\": 1\n}\n", object, "jq -c ."),
    ] {
        let args = ["--input-format", "ndjson", "--format", "csv"];
        let (code, out, err) = batch(&args, input.as_bytes());
        assert_eq!((code, out.as_str()), (2, ""), "{input:?}");
        assert!(
            err.contains(&format!(
                "the input is {what}, not NDJSON (one object per line)\nhint: write each row as \
                 one object on its own line ({how} does it)"
            )),
            "{err}"
        );
    }
    // A first row that is only broken is that row's error; the rows after it are read.
    let input = "{\"views\": 1000, \"followers\": 5\n{\"views\": 2000}\n";
    let (code, out, _) = batch(&["--input-format", "ndjson"], input.as_bytes());
    assert_eq!(code, 2);
    let rows = records(&out);
    assert_eq!(rows.len(), 2, "{out}");
    assert!(
        rows[0]["error"]
            .as_str()
            .unwrap()
            .starts_with("not a JSON object")
    );
    assert_eq!(rows[1]["input"]["views"], 2000);
}

#[test]
fn a_header_alone_is_a_batch_of_no_rows() {
    let (code, out, _) = batch(&["--format", "csv"], b"views,handle\n");
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1, "the CSV header, no rows: {out}");
    assert!(out.starts_with("views,handle,creator_fund_low,"));

    let (code, out, _) = batch(&[], b"views,handle\n");
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn strict_stops_at_the_first_bad_row() {
    let input = "views\n1k\nlots\n2k\n";
    let (code, out, err) = batch(&["--strict"], input.as_bytes());
    assert_eq!(code, 2);
    let rows = records(&out);
    assert_eq!(rows.len(), 2, "the good row and the bad one; nothing after");
    assert_eq!(rows[1]["line"], 3);
    assert!(
        err.ends_with("batch: stopped at line 3 (--strict); 2 rows read, 1 estimated, 1 failed\n"),
        "{err}"
    );
}

/// `--reasons` ends each CSV record with every channel's reasons, as the NDJSON records have
/// them, so that a spreadsheet tells a brand deal short of followers from one below the first
/// fee tier; without it, the summary says where to find them.
#[test]
fn csv_records_carry_each_channels_reasons_when_asked() {
    let rows = b"handle,views,followers,with,length,sales\n@a,1m,800,sponsorship,75,\n@b,1m,,sponsorship,45,300\n@c,lots,,,,\n";
    let (code, out, err) = batch(&["--format", "csv", "--reasons"], rows);
    assert_eq!(code, 2, "{err}");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let reasons: Vec<String> = BUILT_IN_CHANNELS
        .iter()
        .map(|id| format!("{id}_reasons"))
        .collect();
    // The reasons come after the columns there without them, then the total's left-out.
    assert_eq!(header.last().map(String::as_str), Some("total_leaves_out"));
    assert!(header[..header.len() - 1].ends_with(&reasons), "{header:?}");
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let cell = |row: usize, name: &str| {
        let i = header.iter().position(|h| h == name).unwrap();
        records[row][i].to_string()
    };
    assert_eq!(
        cell(0, "sponsorship_reasons"),
        "no fee is priced below 1,000 followers, where the tiers start; has 800"
    );
    assert_eq!(
        cell(1, "sponsorship_reasons"),
        "needs --followers: a fee per post is priced from the account's followers"
    );
    assert_eq!(
        cell(1, "creator_rewards_reasons"),
        "needs a video over 1 minute, has 45 seconds"
    );
    // Several reasons share a cell, joined as in the one-video CSV: the NDJSON's reasons.
    assert_eq!(
        cell(1, "affiliate_reasons"),
        "assumes age 18+: pass --age to check; assumes 1,000 followers: pass --followers to \
         check; opt-in: counts only with --with affiliate"
    );
    let (_, ndjson, _) = batch(&[], rows);
    for (row, record) in crate::records(&ndjson).iter().take(2).enumerate() {
        let joined: Vec<String> = record["channels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let texts = c["reasons"].as_array().unwrap().iter();
                let texts: Vec<&str> = texts.map(|r| r.as_str().unwrap()).collect();
                texts.join("; ")
            })
            .collect();
        let cells: Vec<String> = reasons.iter().map(|name| cell(row, name)).collect();
        assert_eq!(cells, joined);
    }
    // A bad row's record is as wide as the others, its reasons empty.
    assert_eq!(records[2].len(), header.len());
    assert_eq!(cell(2, "sponsorship_reasons"), "");
    assert!(cell(2, "error").starts_with("views: 'lots' is not a count"));
    // Without --reasons the CSV has none, and the summary says how to have them.
    let (_, out, err) = batch(&["--format", "csv"], rows);
    assert!(!out.lines().next().unwrap().contains("_reasons"), "{out}");
    assert!(
        err.ends_with("lines 2 and 3; --reasons adds each channel's reasons to the records\n"),
        "{err}"
    );
    let (_, _, err) = batch(&["--format", "csv", "--reasons"], rows);
    assert!(!err.contains("--reasons adds"), "{err}");
    // An account's month has them too.
    let (_, out, _) = batch(
        &["--month", "--format", "csv", "--reasons"],
        b"avg_views,videos,sponsored,followers\n10k,20,1,800\n",
    );
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header = reader.headers().unwrap().clone();
    let record = reader.records().next().unwrap().unwrap();
    let i = header
        .iter()
        .position(|h| h == "sponsorship_reasons")
        .unwrap();
    assert_eq!(
        &record[i],
        "no fee is priced below 1,000 followers, where the tiers start; has 800"
    );
    let mut last = header.iter().rev();
    assert_eq!(
        (last.next(), last.next()),
        (Some("total_leaves_out"), Some("subscriptions_reasons"))
    );
    // The sponsored post below the first tier is left out of the month's total.
    assert_eq!(record.iter().next_back(), Some("sponsorship"));
}

#[test]
fn a_row_with_the_wrong_number_of_fields_is_an_error_record() {
    let (code, out, err) = batch(
        &["--format", "csv"],
        b"views,handle\n1k\n2k,b,extra\n3k,c\n",
    );
    assert_eq!(code, 2);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4);
    // Each says what to do: a cell for every column, or quotes (or another delimiter); the
    // columns of an estimate are empty.
    assert!(
        lines[1].ends_with(
            ",\"has 1 field, the header has 2: give the row a cell for every column of the \
             header, an empty one too\",,,,,,,,,,,,"
        ),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].ends_with(
            ",\"has 3 fields, the header has 2: a cell that holds the delimiter must be quoted; \
             if the columns are separated by another character, pass --delimiter\",,,,,,,,,,,,"
        ),
        "{}",
        lines[2]
    );
    assert!(lines[3].starts_with("3k,c,"));
    assert!(err.contains("error: line 2: has 1 field"), "{err}");

    // A number written with commas, unquoted, is told how to write it.
    let (code, _, err) = batch(&[], b"handle,views\n@a,1,000,000\n");
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "line 2: has 4 fields, the header has 2: a number written with commas must be quoted"
        ),
        "{err}"
    );
}

#[test]
fn a_bad_region_or_niche_names_its_column() {
    let (code, out, _) = batch(&[], b"views,region,niche\n1k,zz,\n1k,us,cooking\n");
    assert_eq!(code, 2);
    let rows = records(&out);
    assert!(
        rows[0]["error"]
            .as_str()
            .unwrap()
            .starts_with("region: unknown region 'zz'; for a country not listed, give 'other'; valid regions: us (usa),"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1]["error"]
            .as_str()
            .unwrap()
            .starts_with("niche: unknown niche 'cooking'"),
        "{}",
        rows[1]
    );
}

#[test]
fn every_row_in_has_a_record_out() {
    let mut input = String::from("views,followers,region\n");
    for i in 0..2_500 {
        let region = ["us", "gb", "nowhere", "jp"][i % 4];
        writeln!(input, "{},{},{region}", i * 397, i * 11).unwrap();
    }
    let (code, out, err) = batch(&[], input.as_bytes());
    assert_eq!(code, 2);
    let rows = records(&out);
    assert_eq!(rows.len(), 2_500);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["line"], i as u64 + 2, "in input order");
        assert_eq!(row.get("error").is_some(), i % 4 == 2);
    }
    assert!(
        err.ends_with("batch: 2,500 rows read, 1,875 estimated, 625 failed\n"),
        "{err}"
    );
}

#[test]
fn a_quote_left_open_on_the_last_line_is_an_error_not_a_row() {
    // With its line break, without it, and with a following field swallowed: none is
    // estimated from what the quote took in.
    for input in [
        "handle,views\n@e,\"4m\n",
        "handle,views\n@e,\"4m",
        "handle,views,region\n@e,\"4m,gb\n",
    ] {
        let (code, out, _) = batch(&[], input.as_bytes());
        assert_eq!(code, 2, "{input:?}");
        let rows = records(&out);
        assert_eq!(rows.len(), 1, "{input:?}");
        assert_eq!(
            rows[0]["error"],
            "a quote is left open: its field runs to the end of the input, so this row was not \
             estimated. Close the quote, or take it out",
            "{input:?}"
        );
    }
    // A quote closed at the end of the input, with or without the line break, is a row.
    for input in ["handle,views\n@e,\"4m\"", "handle,views\n@e,\"4m\"\n"] {
        let (code, out, _) = batch(&[], input.as_bytes());
        assert_eq!(code, 0, "{input:?}");
        assert_eq!(records(&out)[0]["input"]["views"], 4_000_000, "{input:?}");
    }
    // A header whose quote is never closed takes in the whole input.
    let (code, out, err) = batch(&[], b"\"views,handle\n1m,@a\n");
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("the header opens a quote that is never closed")
            && err.contains("hint: close the quote in the first line"),
        "{err}"
    );
}

#[test]
fn a_line_past_the_limit_is_named_by_its_number() {
    let long = "x".repeat(1 << 20);
    let csv = format!("views,handle\n1m,@a\n1m,{long}\n");
    let (code, _, err) = batch(&["--format", "csv"], csv.as_bytes());
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "error: batch input standard input: line 3 is longer than 1 MiB, the most a row may \
             be\nhint: a roster has one row a line: is the input CSV?"
        ),
        "{err}"
    );
    // A long line inside a quoted field is the row's quote left open, named where it began.
    let quoted = format!("views,bio\n1m,\"a\n{long}x\n2m,b\n");
    let (code, _, err) = batch(&[], quoted.as_bytes());
    assert_eq!(code, 2);
    assert!(
        err.contains("the row at line 2 runs on past 1 MiB: is a CSV quote left open?"),
        "{err}"
    );
    let ndjson = format!("{{\"views\": 1}}\n{{\"views\": 2, \"h\": \"{long}\"}}\n");
    let (code, out, err) = batch(&["--input-format", "ndjson"], ndjson.as_bytes());
    assert_eq!(code, 2);
    assert_eq!(records(&out).len(), 1, "the row before it is written");
    assert!(
        err.contains("line 2 is longer than 1 MiB, the most a row may be\nhint: give NDJSON"),
        "{err}"
    );
}

#[test]
fn a_quoted_field_closed_on_a_later_line_is_a_bad_row() {
    // The quote closes, so the input goes on; the row took in a line and is not estimated,
    // however the later line reads: a note of several lines, or a row with a quoted cell that
    // closed a quote left open.
    for input in [
        "views,bio\n1m,\"two\nlines\"\n2m,ok\n",
        "views,bio,region\n1m,\"open,us\n3m,\"big deal\",gb\n2m,ok,us\n",
        "views,bio,region\n1m,\"open,us\n3m,12\",gb\n2m,ok,us\n",
    ] {
        let (code, out, err) = batch(&[], input.as_bytes());
        assert_eq!(code, 2, "{err}");
        let rows = records(&out);
        assert_eq!(rows.len(), 2, "{out}");
        assert_eq!(
            rows[0]["error"],
            "a quoted field runs on to line 3, so line 3 went into this row and was not \
             estimated: is a quote left open? Each row must be one line: close the quote, or \
             take the line break out of the cell"
        );
        assert_eq!(rows[1]["line"], 4);
        assert_eq!(rows[1]["input"]["views"], 2_000_000);
    }
}

#[test]
fn a_quote_left_open_is_an_error_not_a_swallowed_file() {
    let input = "handle,views,bio\n@a,1000,\"6 foot tall\n@b,2000,ok\n@c,3000,ok\n";
    let (code, out, err) = batch(&[], input.as_bytes());
    assert_eq!(code, 2);
    let rows = records(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["line"], 2);
    assert!(
        rows[0]["error"].as_str().unwrap().starts_with(
            "a quote is left open: its field runs to the end of the input, so lines 3-4 went \
             into this row and were not estimated."
        ),
        "{}",
        rows[0]
    );
    assert!(
        err.ends_with("batch: 1 row read, 0 estimated, 1 failed\n"),
        "{err}"
    );

    // However many lines follow, memory stays bounded: past 1 MiB the batch stops.
    let mut endless = String::from("views,bio\n1,\"");
    endless.push_str(&"x\n".repeat(600_000));
    let (code, _, err) = batch(&[], endless.as_bytes());
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "batch input standard input: the row at line 2 runs on past 1 MiB: is a CSV quote \
             left open?\nhint: close the quote: each row must be one line"
        ),
        "{err}"
    );

    // The records of the rows before such a row are still written.
    let mut late = String::from("views,bio\n5,a\n6,b\n7,\"");
    late.push_str(&"x\n".repeat(600_000));
    let (code, out, err) = batch(&[], late.as_bytes());
    assert_eq!(code, 2, "{err}");
    let views: Vec<_> = records(&out)
        .iter()
        .map(|r| r["input"]["views"].clone())
        .collect();
    assert_eq!(views, [5, 6]);
}

#[test]
fn crlf_rows_keep_their_line_numbers() {
    let (code, out, _) = batch(&[], b"views,handle\r\n1\r\nbad,x\r\n");
    assert_eq!(code, 2);
    let rows = records(&out);
    assert_eq!(rows[0]["line"], 2, "the header is line 1");
    assert_eq!(rows[1]["line"], 3);
    assert_eq!(
        rows[1]["extra"]["handle"], "x",
        "no carriage return left on the last field"
    );
}

#[test]
fn blank_lines_hold_no_row_and_every_row_keeps_its_line_number() {
    let (code, out, err) = batch(&[], b"views,handle\n1k,a\n\n2k,b\r\n\r\n\n3k,c\n\n");
    assert_eq!(code, 0, "{err}");
    let rows = records(&out);
    let lines: Vec<_> = rows.iter().map(|r| r["line"].clone()).collect();
    assert_eq!(lines, [2, 4, 7]);
    assert!(rows.iter().all(|r| r.get("error").is_none()), "{out}");
    assert_eq!(err, "batch: 3 rows read, 3 estimated, 0 failed\n");
}

#[test]
fn a_header_of_empty_names_is_passed_over_like_a_blank_line() {
    // The first line with a name is the header: here, a row's, which is refused.
    let (code, out, err) = batch(&[], b"\"\"\n1k\n");
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with(
            "error: batch input standard input: the header has no `views` column (it has: 1k)\n"
        ),
        "{err}"
    );
}

#[test]
fn failed_rows_keep_what_identifies_them() {
    let (_, out, _) = batch(&[], b"handle,views,region\n@ana,lots,us\n@ben,1k,zz\n");
    let rows = records(&out);
    assert_eq!(rows[0]["extra"], serde_json::json!({"handle": "@ana"}));
    assert_eq!(rows[1]["extra"], serde_json::json!({"handle": "@ben"}));

    let input = "{\"views\": \"lots\", \"handle\": \"@cy\"}\n";
    let (_, out, _) = batch(
        &["--input-format", "ndjson", "--format", "csv"],
        input.as_bytes(),
    );
    // `lots`, the thirteen other input columns empty, and the carried keys.
    let failed = out.lines().nth(1).unwrap();
    assert!(
        failed.starts_with("lots,,,,,,,,,,,,,,\"{\"\"handle\"\":\"\"@cy\"\"}\""),
        "{failed}"
    );

    // A key that cannot be read as written does not lose the row's other keys.
    let input = "{\"views\": 1.5e6, \"handle\": \"@di\"}\n\
                 {\"views\": 1, \"views\": 2, \"handle\": \"@ed\"}\n";
    let (_, out, _) = batch(&["--input-format", "ndjson"], input.as_bytes());
    let rows = records(&out);
    assert_eq!(rows[0]["extra"], serde_json::json!({"handle": "@di"}));
    assert_eq!(rows[1]["extra"], serde_json::json!({"handle": "@ed"}));
}

#[test]
fn a_column_that_looks_misspelt_is_warned_about_once() {
    let (code, _, err) = batch(&[], b"views,follower,handle\n1k,500,a\n2k,600,b\n");
    assert_eq!(code, 0);
    assert_eq!(
        err,
        "warning: column `follower` is not an input: did you mean `followers`? It is carried to \
         the output as is\nbatch: 2 rows read, 2 estimated, 0 failed\n"
    );
}

#[test]
fn ndjson_refuses_a_field_given_twice() {
    let (code, out, _) = batch(
        &["--input-format", "ndjson"],
        b"{\"views\": 1000, \"Views\": 2000}\n",
    );
    assert_eq!(code, 2);
    assert_eq!(
        records(&out)[0]["error"],
        "`Views` is given twice in this object"
    );
}

#[test]
fn a_currency_column_is_carried_with_a_warning_not_read() {
    let output = earn()
        .args(["batch", "--currency", "eur"])
        .write_stdin("handle,views,currency\n@a,1m,JPY\n")
        .output()
        .unwrap();
    assert!(output.status.success());
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains("warning: column `currency` is not read: every row's amounts are in EUR"),
        "{err}"
    );
    let record: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(record["currency"], "EUR");
    assert_eq!(record["extra"]["currency"], "JPY");
}

#[test]
fn csv_output_carries_repeated_column_names_by_position() {
    let (code, out, _) = batch(&["--format", "csv"], b"views,note,,note,\n1,a,b,c,d\n");
    assert_eq!(code, 0);
    let mut lines = out.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("views,note,,note,,creator_fund_low")
    );
    assert!(lines.next().unwrap().starts_with("1,a,b,c,d,"));
}

#[test]
fn a_short_row_carries_only_the_columns_it_has() {
    let (code, out, _) = batch(&[], b"handle,views,note\n@a,5\n");
    assert_eq!(code, 2);
    let rows = records(&out);
    assert_eq!(rows[0]["extra"], serde_json::json!({"handle": "@a"}));
}

/// Each record, without what a batch adds (`line` and `extra`).
fn estimates(stdout: &str) -> Vec<Value> {
    records(stdout)
        .into_iter()
        .map(|mut record| {
            let object = record.as_object_mut().unwrap();
            object.remove("line");
            object.remove("extra");
            record
        })
        .collect()
}

/// A channel of a record, by id.
fn channel<'v>(record: &'v Value, id: &str) -> &'v Value {
    record["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no channel {id} in {record}"))
}

/// The low and high of a `{"low": …, "high": …}` object.
fn amounts(range: &Value) -> (f64, f64) {
    (
        range["low"].as_f64().unwrap(),
        range["high"].as_f64().unwrap(),
    )
}

const NEW_COLUMNS: &str = "\
handle,views,followers,country,audience,length,with,sales
@ana,1m,12k,us,gb,1:15,\"sponsorship,gifts\",
@ben,1m,12k,in,,75s,,
@cy,1m,,us,,30,sponsorship;affiliate,2500
@di,1m,2m,us,,90,sponsorship,
@ed,5m,2m,us,,1m30s,SPONSORSHIP,
@fay,1m,50k,gb,in,61,affiliate,2500
";

#[test]
fn a_missing_input_is_asked_for_where_a_roster_can_give_it() {
    // Followers have a flag for every row, and the flag the warning names does what it says.
    let roster = "views,with\n1m,sponsorship\n".as_bytes();
    let (code, _, err) = batch(&[], roster);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("give rows a `followers` column, or --followers for all of them"),
        "{err}"
    );
    let (code, _, err) = batch(&["--followers", "12k"], roster);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("warning"), "{err}");
    // A header with the column: it is the row's cell that is empty. NDJSON rows have keys.
    let (_, _, err) = batch(&[], b"views,followers,with\n1m,,sponsorship\n");
    assert!(
        err.contains("; fill the row's `followers` cell, or --followers for all of them"),
        "{err}"
    );
    let row = b"{\"views\": 1000000, \"with\": \"sponsorship\"}\n";
    let (_, _, err) = batch(&["--input-format", "ndjson"], row);
    assert!(
        err.contains("; give rows a `followers` key, or --followers for all of them"),
        "{err}"
    );
    // Diamonds are one video's own: no flag gives them to every row, and none is named.
    let (code, _, err) = batch(&[], "views,with\n1m,gifts\n".as_bytes());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("give rows a `diamonds` column ("), "{err}");
    assert!(!err.contains("--diamonds for all"), "{err}");
}

#[test]
fn country_audience_length_and_with_are_read_like_their_flags() {
    let (code, out, err) = batch(&[], NEW_COLUMNS.as_bytes());
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err,
        "warning: line 2: the total leaves out LIVE gifts, which the row has: needs --diamonds: \
         it is paid per diamond received; give rows a `diamonds` column (later rows that lack \
         it are not warned about)\n\
         warning: line 4: the total leaves out Sponsorship, which the row has: needs \
         --followers: a fee per post is priced from the account's followers; fill the row's \
         `followers` cell, or --followers for all of them (later rows that lack it are not \
         warned about)\n\
         warning: line 7: the total leaves out Affiliate, which the row has: no audience in \
         India: TikTok is unavailable there since 2020-06-29: banned by India's government \
         (later rows that lack it are not warned about)\n\
         batch: 6 rows read, 6 estimated, 0 failed\n\
         batch: 1 total counts a figure from another region's market, as the rates have none \
         for the row's audience region (a US brand-deal fee for a Brazilian audience, say): \
         line 2\n\
         batch: 3 totals leave out a channel the row has, for want of an input, a priced figure or a threshold, or where it is not open (status needs_input, unpriced, ineligible, unavailable or closed): lines 2, 4 and 7\n"
    );
    let rows = estimates(&out);
    let flags = [
        "1m --followers 12k --country us --audience gb --length 1:15 --with sponsorship,gifts",
        "1m --followers 12k --country in --length 75s",
        "1m --country us --length 30 --with sponsorship,affiliate --sales 2500",
        "1m --followers 2m --country us --length 90 --with sponsorship",
        "5m --followers 2m --country us --length 1m30s --with sponsorship",
        "1m --followers 50k --country gb --audience in --length 61 --with affiliate --sales 2500",
    ];
    assert_eq!(rows.len(), flags.len());
    for (row, flags) in rows.iter().zip(flags) {
        let flags: Vec<&str> = flags.split(' ').collect();
        assert_eq!(*row, single(&flags), "{flags:?}");
    }

    // What each row says, read from the records themselves.
    let ana = &rows[0];
    assert_eq!(
        (&ana["input"]["country"], &ana["input"]["audience"]),
        (&Value::from("us"), &Value::from("gb"))
    );
    assert_eq!(ana["input"]["length"], 75);
    assert_eq!(
        ana["input"]["with"],
        serde_json::json!(["sponsorship", "gifts"])
    );
    let sponsorship = channel(ana, "sponsorship");
    assert_eq!(sponsorship["basis"], "posts");
    assert_eq!(sponsorship["in_total"], true);
    assert!(sponsorship["tier"].is_string(), "{sponsorship}");
    assert_eq!(
        channel(ana, "creator_rewards")["in_total"],
        false,
        "a sponsored video"
    );
    assert_eq!(
        channel(ana, "gifts")["status"],
        "needs_input",
        "no diamonds"
    );
    assert_eq!(ana["total"]["low"], sponsorship["low"]);
    assert_eq!(ana["total"]["high"], sponsorship["high"]);

    // India: TikTok is unavailable, so nothing is paid.
    let ben = &rows[1];
    for c in ben["channels"].as_array().unwrap() {
        assert_eq!(c["status"], "unavailable", "{c}");
        assert_eq!(c["low"], Value::Null);
    }
    assert_eq!(amounts(&ben["total"]), (0.0, 0.0));

    // No followers: the fee per post cannot be priced; a 30-second video earns no Creator
    // Rewards; the named affiliate link counts.
    let cy = &rows[2];
    assert_eq!(channel(cy, "sponsorship")["status"], "needs_input");
    assert_eq!(channel(cy, "sponsorship")["low"], Value::Null);
    assert_eq!(channel(cy, "creator_rewards")["status"], "ineligible");
    assert_eq!(channel(cy, "affiliate")["in_total"], true);

    // A fee per post does not grow with views: five times the views, the same fee.
    let (di, ed) = (
        channel(&rows[3], "sponsorship"),
        channel(&rows[4], "sponsorship"),
    );
    assert_eq!((&di["low"], &di["high"]), (&ed["low"], &ed["high"]));
    assert_ne!(
        di["tier"], sponsorship["tier"],
        "2m followers are another tier than 12k"
    );

    // An audience in India: no views worth anything there.
    let fay = &rows[5];
    assert_eq!(
        (&fay["input"]["country"], &fay["input"]["audience"]),
        (&Value::from("gb"), &Value::from("in"))
    );
    assert_eq!(amounts(&fay["total"]), (0.0, 0.0));
}

#[test]
fn a_bad_country_audience_length_or_with_is_an_error_record_naming_its_column() {
    let input = "\
handle,views,country,audience,length,with,sales
@a,1k,zz,,,,
@b,1k,,narnia,,,
@c,1k,,,1:75,,
@d,1k,,,soon,,
@e,1k,,,,gift,
@f,1k,,,,creator_rewards,
@g,1k,us,us,1:01,affiliate,250
@h,1k,,,,\"sponsorship,fund\",
@i,1k,,,,foo;gift;creator_rewards;bar;foo;Creator_Rewards,
";
    let (code, out, err) = batch(&[], input.as_bytes());
    assert_eq!(code, 2, "a bad row makes the batch fail");
    let rows = records(&out);
    assert_eq!(rows.len(), 9, "every row has its record");
    let errors: Vec<(&str, &str)> = rows
        .iter()
        .filter_map(|r| Some((r["extra"]["handle"].as_str()?, r.get("error")?.as_str()?)))
        .collect();
    let valid = "for a country not listed, give 'other'; valid regions: us (usa), gb (uk), ca, au, de, fr, es, it, jp, kr, br, mx, id, ph, th, my, sg, vn, in, other for any other country";
    assert_eq!(
        errors,
        [
            (
                "@a",
                format!("country: unknown region 'zz'; {valid}").as_str()
            ),
            (
                "@b",
                format!("audience: unknown region 'narnia'; {valid}").as_str()
            ),
            (
                "@c",
                "length: '1:75' has 75 seconds past the minute: write a length like 75s, 1m15s, 1:15 or 90"
            ),
            (
                "@d",
                "length: 'soon' is not a video length: write a length like 75s, 1m15s, 1:15 or 90"
            ),
            (
                "@e",
                "with: unknown channel 'gift'; did you mean 'gifts'? valid opt-in channels: \
                 sponsorship, affiliate, gifts"
            ),
            (
                "@f",
                "with: 'creator_rewards' is not opt-in: it counts whenever it is eligible; the \
                 column takes the opt-in channels: sponsorship, affiliate, gifts"
            ),
            (
                "@h",
                "with: unknown channel 'fund'; valid opt-in channels: sponsorship, affiliate, gifts"
            ),
            // Every channel the rates do not know, in one pass.
            (
                "@i",
                "with: unknown channels 'foo', 'gift' (did you mean 'gifts'?) and 'bar'; valid \
                 opt-in channels: sponsorship, affiliate, gifts; with: 'creator_rewards' is not \
                 opt-in: it counts whenever it is eligible; the column takes the opt-in \
                 channels: sponsorship, affiliate, gifts"
            ),
        ]
    );
    assert_eq!(rows[6]["extra"]["handle"], "@g");
    assert_eq!(rows[6]["input"]["with"], serde_json::json!(["affiliate"]));
    assert!(
        err.contains("error: line 2: country: unknown region 'zz'"),
        "{err}"
    );
    assert!(
        err.contains("error: line 9: with: unknown channel 'fund'"),
        "{err}"
    );
    assert!(
        err.ends_with("batch: 9 rows read, 1 estimated, 8 failed\n"),
        "{err}"
    );
}

#[test]
fn ndjson_with_is_a_list_of_ids_or_a_text_of_them() {
    let input = r#"{"views": "1m", "followers": 12000, "with": ["sponsorship", "gifts"], "length": 75}
{"views": "1m", "followers": 12000, "with": "sponsorship;gifts", "length": "1:15"}
{"views": "1m", "country": "us", "audience": "jp", "with": ["affiliate"]}
{"views": "1m", "with": ["gifts", 7]}
{"views": "1m", "length": "long"}
"#;
    let (code, out, err) = batch(&["--input-format", "ndjson"], input.as_bytes());
    assert_eq!(code, 2, "{err}");
    let rows = records(&out);
    assert_eq!(rows.len(), 5);
    let named = single(&[
        "1m",
        "--followers",
        "12000",
        "--with",
        "sponsorship,gifts",
        "--length",
        "75",
    ]);
    for row in &estimates(&out)[..2] {
        assert_eq!(*row, named);
    }
    assert_eq!(
        estimates(&out)[2],
        single(&[
            "1m",
            "--country",
            "us",
            "--audience",
            "jp",
            "--with",
            "affiliate"
        ])
    );
    assert_eq!(
        rows[3]["error"],
        "with: unknown channel '7'; valid opt-in channels: sponsorship, affiliate, gifts"
    );
    assert_eq!(
        rows[4]["error"],
        "length: 'long' is not a video length: write a length like 75s, 1m15s, 1:15 or 90"
    );
    assert!(
        err.ends_with(
            "batch: 5 rows read, 3 estimated, 2 failed\n\
             batch: 3 totals leave out a channel the row has, for want of an input, a priced figure or a threshold, or where it is not open (status needs_input, unpriced, ineligible, unavailable or closed): lines 1, 2 and 3\n"
        ),
        "{err}"
    );
    // Affiliate on line 3 is named, but the row gives no sales to price it from.
    assert!(
        err.contains("line 3: the total leaves out Affiliate, which the row has: needs --sales: it is a commission on what the video's product links sell; give rows a `sales` key"),
        "{err}"
    );

    // In CSV output the list is the ids in one cell, and every input has its column.
    let (_, out, _) = batch(
        &["--input-format", "ndjson", "--format", "csv"],
        input.as_bytes(),
    );
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header[..15],
        [
            "views",
            "followers",
            "region",
            "country",
            "audience",
            "age",
            "views_30d",
            "length",
            "diamonds",
            "qualified_share",
            "niche",
            "engagement",
            "with",
            "sales",
            "extra"
        ]
    );
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(&first[12], "sponsorship,gifts");
    assert_eq!(&first[7], "75");
    // The carried keys are always a JSON object to read: `{}` with none, and for a line that
    // is no object at all.
    let (_, out, _) = batch(
        &["--input-format", "ndjson", "--format", "csv"],
        b"{\"views\": 1}\n5\n",
    );
    let extra: Vec<String> = csv::Reader::from_reader(out.as_bytes())
        .records()
        .map(|r| r.unwrap()[14].to_string())
        .collect();
    assert_eq!(extra, ["{}", "{}"]);
}

#[test]
fn csv_output_counts_a_channel_the_with_column_names() {
    let input = "handle,views,followers,region,length,with\n@a,1m,12k,us,75,sponsorship\n@b,1m,12k,us,75,\n";
    let (code, out, err) = batch(&["--format", "csv"], input.as_bytes());
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert!(
        header.starts_with(
            &["handle", "views", "followers", "region", "length", "with"].map(String::from)
        ),
        "{header:?}"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let cell = |row: usize, name: &str| {
        let i = header.iter().position(|h| h == name).unwrap();
        rows[row][i].to_string()
    };
    assert_eq!(cell(0, "with"), "sponsorship", "the input as given");
    // Sponsored: the fee per post is the total, and Creator Rewards is left out of it.
    assert_eq!(
        (cell(0, "total_low"), cell(0, "total_high")),
        (cell(0, "sponsorship_low"), cell(0, "sponsorship_high"))
    );
    assert_eq!(cell(0, "creator_rewards_status"), "assumed");
    assert_ne!(cell(0, "total_low"), cell(0, "creator_rewards_low"));
    // Not sponsored: the same sponsorship figures, and the total is Creator Rewards'.
    assert_eq!(cell(1, "sponsorship_low"), cell(0, "sponsorship_low"));
    assert_eq!(
        (cell(1, "total_low"), cell(1, "total_high")),
        (
            cell(1, "creator_rewards_low"),
            cell(1, "creator_rewards_high")
        )
    );
}

// --- Accounts as rows (--month) ------------------------------------------------------------------

const ACCOUNTS: &str = "\
handle,avg_views,videos,followers,age,region,subscribers,sponsored,length
@ana,50k,20,12k,22,us,300,2,75s
@ben,2k,,12k,22,gb,,,
@cat,2k,20,12k,22,gb,,,
";

#[test]
fn month_rows_are_the_month_s_json_with_line_and_extra() {
    let (code, out, err) = batch(&["--month"], ACCOUNTS.as_bytes());
    assert_eq!(code, 2, "a row failed: {err}");
    let records = records(&out);
    assert_eq!(records.len(), 3, "one record per row, in order");

    let mut ana = records[0].clone();
    assert_eq!(ana["line"], 2);
    assert_eq!(ana["extra"], serde_json::json!({"handle": "@ana"}));
    let object = ana.as_object_mut().unwrap();
    object.remove("line");
    object.remove("extra");
    let args = [
        "month",
        "--avg-views",
        "50k",
        "--videos",
        "20",
        "--followers",
        "12k",
        "--age",
        "22",
        "--region",
        "us",
        "--subscribers",
        "300",
        "--sponsored",
        "2",
        "--length",
        "75s",
    ];
    assert_eq!(ana, single(&args));

    assert_eq!(records[1]["line"], 3);
    assert_eq!(
        records[1]["error"],
        "videos: missing: every account needs videos (a month) or videos_per_week"
    );
    assert_eq!(records[1]["extra"]["handle"], "@ben");
    assert_eq!(records[2]["input"]["views_30d"], 40_000);
    assert!(err.contains("error: line 3: videos: missing"), "{err}");
    assert!(err.contains("3 rows read, 2 estimated, 1 failed"), "{err}");
}

#[test]
fn month_rows_in_csv_have_each_channel_s_month_year_and_status() {
    let (code, out, _) = batch(&["--month", "--format", "csv"], ACCOUNTS.as_bytes());
    assert_eq!(code, 2);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for column in [
        "creator_rewards_month_low",
        "creator_rewards_year_high",
        "subscriptions_status",
        "total_month_low",
        "total_year_high",
        "currency",
        "error",
    ] {
        assert!(header.iter().any(|h| h == column), "{column}: {header:?}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let at = |row: &csv::StringRecord, column: &str| {
        row[header.iter().position(|h| h == column).unwrap()].to_string()
    };
    assert_eq!(at(&rows[0], "subscriptions_month_low"), "627.90");
    assert_eq!(at(&rows[0], "creator_rewards_month_low"), "108.00");
    assert_eq!(at(&rows[0], "error"), "");
    assert!(at(&rows[1], "error").starts_with("videos: missing"));
    assert_eq!(at(&rows[1], "total_month_low"), "");
}

#[test]
fn an_account_roster_without_month_or_a_video_roster_with_it_is_refused() {
    let (code, out, err) = batch(&[], ACCOUNTS.as_bytes());
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("pass --month"), "{err}");
    let (code, _, err) = batch(&["--month"], b"views,followers\n1m,12k\n");
    assert_eq!(code, 2);
    assert!(
        err.contains("column `views` is not read for an account's month"),
        "{err}"
    );
    let (code, _, err) = batch(&["--month"], b"avg_views,videos,with\n1m,4,gifts\n");
    assert_eq!(code, 2);
    assert!(err.contains("column `with` is not read"), "{err}");
    // An NDJSON row of an account with a video's key is a bad row, as the CSV header is.
    let (code, out, _) = batch(
        &["--month", "--input-format", "ndjson"],
        br#"{"avg_views": 50000, "videos": 20, "views": 5}"#,
    );
    assert_eq!(code, 2);
    assert!(
        records(&out)[0]["error"]
            .as_str()
            .unwrap()
            .starts_with("views: not read for an account's month"),
        "{out}"
    );
    // NDJSON rows are read by the same names.
    let (code, out, err) = batch(
        &["--month", "--input-format", "ndjson"],
        br#"{"avg_views": 50000, "videos_per_week": 5, "h": 1}"#,
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(records(&out)[0]["input"]["videos_a_year"], 260);
}

#[test]
fn a_video_roster_with_a_month_s_columns_is_told_what_a_video_takes() {
    // A brand deal or a sale counted by the month would change what the video earns: its
    // column fails the roster, its key the row, where it was carried unread.
    let (code, out, err) = batch(&[], b"handle,views,sponsored\n@a,1m,1\n");
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains(
            "column `sponsored` is read only for an account's month (--month), not for a \
             video: a video that is a paid brand deal has `with` sponsorship"
        ),
        "{err}"
    );
    assert!(err.contains("pass --month"), "{err}");
    let (code, out, _) = batch(
        &["--input-format", "ndjson"],
        br#"{"views": 1000000, "linked": 1}"#,
    );
    assert_eq!(code, 2);
    let error = records(&out)[0]["error"].as_str().unwrap().to_string();
    assert!(
        error.starts_with("linked: read only for an account's month"),
        "{error}"
    );
    assert!(error.ends_with("has `with` affiliate"), "{error}");
    // A key that gives nothing (one schema for every row: `0`, `null`) changes nothing, and
    // is carried; so is a month row's `with` that names none, or its `views` of nothing.
    let (code, out, err) = batch(
        &["--input-format", "ndjson"],
        br#"{"views": 1000000, "sponsored": 0, "linked": null}"#,
    );
    assert_eq!(
        (code, err.as_str()),
        (0, "batch: 1 row read, 1 estimated, 0 failed\n")
    );
    assert_eq!(
        records(&out)[0]["extra"],
        serde_json::json!({"sponsored": 0, "linked": null})
    );
    let (code, out, err) = batch(
        &["--month"],
        br#"{"avg_views": 50000, "videos": 4, "with": [], "views": null}"#,
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(records(&out)[0]["extra"]["with"], serde_json::json!([]));
    let (code, _, _) = batch(
        &["--month"],
        br#"{"avg_views": 50000, "videos": 4, "with": "none "}"#,
    );
    assert_eq!(code, 0);
    // The month's other columns change nothing a video earns: warned about, carried, and
    // refused under --strict.
    let roster = b"views,videos,subscribers\n1m,4,300\n";
    let (code, out, err) = batch(&[], roster);
    assert_eq!(code, 0, "{err}");
    assert_eq!(records(&out)[0]["extra"]["videos"], "4");
    for column in ["videos", "subscribers"] {
        let warning = format!(
            "warning: column `{column}` is read only for an account's month (--month), not for \
             a video: it is carried to the output as is"
        );
        assert!(err.contains(&warning), "{err}");
    }
    let (code, _, err) = batch(&["--strict"], roster);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: batch input standard input: 2 columns look like misspelt inputs, which \
         --strict refuses: `videos` (an account's column) and `subscribers` (an account's \
         column)\nhint: name each column as the input it is meant to be, pass --month if the \
         rows are accounts, or pass --carry 'videos,subscribers' to carry them as they are\n"
    );
}

#[test]
fn month_rows_take_the_batch_s_currency() {
    let (code, out, err) = batch(
        &["--month", "--currency", "jpy"],
        b"avg_views,videos,followers,age,region\n50k,20,12k,22,us\n",
    );
    assert_eq!(code, 0, "{err}");
    let mut record = records(&out).remove(0);
    let object = record.as_object_mut().unwrap();
    object.remove("line");
    object.remove("extra");
    let args = [
        "month",
        "--avg-views",
        "50k",
        "--videos",
        "20",
        "--followers",
        "12k",
        "--age",
        "22",
        "--region",
        "us",
        "--currency",
        "jpy",
    ];
    let single = single(&args);
    assert_eq!(single["currency"], "JPY");
    assert_eq!(record, single);
}

#[test]
fn json_is_ndjson_and_quiet_writes_no_records() {
    let rows = b"views,handle\n1m,@a\nlots,@b\n";
    let ndjson = batch(&["--format", "ndjson"], rows);
    assert_eq!(batch(&["--json"], rows), ndjson);
    assert_eq!(ndjson.0, 2);
    let (status, stdout, stderr) = batch(&["-q"], rows);
    assert_eq!((status, stdout.as_str()), (2, ""));
    // The bad rows, without the summary: the status is the answer.
    assert_eq!(
        stderr,
        "error: line 3: views: 'lots' is not a count: write a whole number like 1000, 1,000, 1_000, 1.5k or 2m\n"
    );
    assert!(
        ndjson.2.starts_with(&stderr),
        "the same diagnostics: {}",
        ndjson.2
    );
    let (status, stdout, stderr) = batch(&["--quiet"], b"views\n1m\n");
    assert_eq!((status, stdout.as_str(), stderr.as_str()), (0, "", ""));
    assert_eq!(batch(&["--json", "--format", "csv"], rows).0, 2);
}

/// The records are data and never coloured; `--color always` colours the diagnostics.
#[test]
fn color_always_colours_the_diagnostics_only() {
    let rows = b"views\n1m\nlots\n";
    let (_, stdout, stderr) = batch(&["--color", "always"], rows);
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    assert!(stderr.contains("\u{1b}["), "{stderr}");
    let (_, _, plain) = batch(&[], rows);
    assert!(!plain.contains('\u{1b}'), "{plain}");
}

/// Flags give defaults for what a row leaves out, as if given beside the row's own values,
/// which win; a row's region stands for both its places; an account takes them as a video does.
#[test]
fn flags_give_defaults_a_row_overrides() {
    let rows = b"views,followers,region,country,niche,engagement\n\
        1m,,,,,\n\
        1m,5000,jp,,beauty,2%\n\
        1m,,,de,,\n";
    let (status, stdout, _) = batch(
        &[
            "--region",
            "gb",
            "--followers",
            "12k",
            "--niche",
            "tech",
            "--engagement",
            "0.08",
            "--age",
            "22",
        ],
        rows,
    );
    assert_eq!(status, 0);
    let rows = records(&stdout);
    let input = |i: usize, key: &str| rows[i]["input"][key].clone();
    assert_eq!(
        (
            input(0, "country"),
            input(0, "audience"),
            input(0, "followers")
        ),
        ("gb".into(), "gb".into(), 12_000.into())
    );
    assert_eq!(
        (input(0, "niche"), input(0, "engagement"), input(0, "age")),
        ("tech".into(), serde_json::json!(0.08), 22.into())
    );
    assert_eq!(
        (
            input(1, "country"),
            input(1, "followers"),
            input(1, "niche"),
            input(1, "engagement")
        ),
        (
            "jp".into(),
            5000.into(),
            "beauty".into(),
            serde_json::json!(0.02)
        )
    );
    // The row's country beside the default region, as `--country de --region gb` would be.
    assert_eq!(
        (input(2, "country"), input(2, "audience")),
        ("de".into(), "gb".into())
    );
    // A row with the flags' values as columns gives the same record.
    let (_, given, _) = batch(
        &[],
        b"views,region,followers,niche,engagement,age\n1m,gb,12k,tech,8%,22\n",
    );
    assert_eq!(records(&given)[0]["total"], rows[0]["total"]);
    let (_, month, _) = batch(
        &["--month", "--region", "gb"],
        b"avg_views,videos\n50k,20\n",
    );
    assert_eq!(records(&month)[0]["input"]["country"], "gb");
}

/// With rows coming down a pipe, each record comes out as its row goes in, not when a block
/// of output fills or the input ends; and where no flag states the format, a blank line sent
/// first and the row later is read by the row's first byte.
#[test]
fn a_live_pipe_sees_each_record_as_its_row_arrives() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::Stdio;
    use std::sync::mpsc;
    use std::time::Duration;

    for format in ["csv", "ndjson", "unstated"] {
        let flags: &[&str] = match format {
            "unstated" => &[],
            given => &["--input-format", given],
        };
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("earn"))
            .arg("batch")
            .args(flags)
            .env_remove("EARN_RATES")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (lines, arrive) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if lines.send(line.unwrap()).is_err() {
                    break;
                }
            }
        });
        let rows: [&str; 2] = if format == "csv" {
            ["views\n1m\n", "2m\n"]
        } else {
            ["{\"views\": 1000000}\n", "{\"views\": 2000000}\n"]
        };
        // The blank line before the first row is a line of its own.
        let blank = u64::from(format == "unstated");
        if blank == 1 {
            stdin.write_all(b"\n").unwrap();
            stdin.flush().unwrap();
            std::thread::sleep(Duration::from_millis(200));
        }
        for (i, row) in rows.iter().enumerate() {
            stdin.write_all(row.as_bytes()).unwrap();
            stdin.flush().unwrap();
            // The input stays open: the record must come out all the same.
            let record = arrive
                .recv_timeout(Duration::from_secs(20))
                .unwrap_or_else(|_| {
                    panic!("{format}: no record for row {} while input open", i + 1)
                });
            let record: Value = serde_json::from_str(&record).unwrap();
            assert_eq!(
                record["line"],
                i as u64 + blank + if format == "csv" { 2 } else { 1 }
            );
        }
        drop(stdin);
        assert!(child.wait().unwrap().success());
    }
}

/// "CSV (Macintosh)" ends lines with a lone `\r`: its rows are read like any other's.
#[test]
fn lines_that_end_in_a_lone_cr_are_rows() {
    let (status, stdout, stderr) = batch(&[], b"views,handle\r1m,@a\r2m,@b\r");
    assert_eq!(status, 0, "{stderr}");
    let rows = records(&stdout);
    assert_eq!(rows.len(), 2, "{stdout}");
    assert_eq!(
        (rows[0]["line"].clone(), rows[1]["extra"]["handle"].clone()),
        (2.into(), "@b".into())
    );
    // CRLF and LF files are read as before, a lone \r inside a field of them included.
    let (_, crlf, _) = batch(&[], b"views,note\r\n1m,\"a\rb\"\r\n");
    assert_eq!(records(&crlf)[0]["extra"]["note"], "a\rb");
}

#[test]
fn a_byte_order_mark_before_ndjson_is_passed_over() {
    let (status, stdout, stderr) = batch(
        &["--input-format", "ndjson"],
        b"\xef\xbb\xbf{\"views\": 1000}\n{\"views\": 2000}\n",
    );
    assert_eq!(status, 0, "{stderr}");
    let rows = records(&stdout);
    assert_eq!(
        (rows[0]["input"]["views"].clone(), rows[0]["error"].clone()),
        (1000.into(), Value::Null)
    );
}

/// A spreadsheet's total row under a roster is estimated as a row like any other, and said to
/// look like one: a handle `Total` is warned about once and counted with its lines.
#[test]
fn a_row_that_reads_like_a_total_is_warned_about() {
    let input = "handle,views\n@a,1m\n@b,2m\nTotal:,\"3,000,000\"\n@c,1k\nGRAND TOTAL,3001000\n";
    let (code, out, err) = batch(&[], input.as_bytes());
    assert_eq!(code, 0, "{err}");
    assert_eq!(records(&out).len(), 5);
    assert!(
        err.starts_with(
            "warning: line 4: `handle` is 'Total:', as in a spreadsheet's total row: if it sums \
             the rows above, remove it, or it is read as one more row"
        ),
        "{err}"
    );
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    assert!(
        err.contains(
            "batch: 2 rows read like a spreadsheet's total, read as one more row: remove any \
             that sums the rows above (lines 4 and 6)\n"
        ),
        "{err}"
    );
    // A handle that only starts so, or an input's cell, is not a total.
    let (_, _, err) = batch(&[], b"handle,views,niche\n@totally,1m,\n@sum,2m,\n");
    assert!(!err.contains("total"), "{err}");
    // As European spreadsheets label it, and with words after it.
    for label in [
        "Summe",
        "Gesamt",
        "Totale",
        "Totaal",
        "Total (all creators)",
    ] {
        let input = format!("handle,views\n@a,1m\n@b,2m\n{label},3m\n");
        let (_, _, err) = batch(&[], input.as_bytes());
        assert!(err.contains("(line 4)"), "{label}: {err}");
    }
}

/// A total row need not be labelled: one with its carried cells empty whose views are the rows
/// above added up is said to look like one, as a labelled one is.
#[test]
fn an_unlabelled_row_that_sums_the_rows_above_is_warned_about() {
    let input = b"handle,views,followers\n@a,100000,20000\n@b,300000,40000\n,400000,60000\n";
    let (code, out, err) = batch(&[], input);
    assert_eq!(code, 0, "{err}");
    assert_eq!(records(&out).len(), 3);
    assert_eq!(
        err,
        "warning: line 4: its views, 400,000, are the rows' above added up, as in a spreadsheet's \
         total row: if it is one, remove it, or it is read as one more row (later rows like it \
         are not warned about)\nbatch: 3 rows read, 3 estimated, 0 failed\nbatch: 1 row reads \
         like a spreadsheet's total, read as one more row: remove any that sums the rows above \
         (line 4)\n"
    );
    // No total: a creator's row that happens to sum the others, a roster of views alone, a sum
    // of one row, rows of no views, rows none of which has a label, names that are a word for a
    // total in some language, and a first row, which has no rows above to sum.
    for input in [
        &b"handle,views\n@a,1m\n@b,2m\n@c,3m\n"[..],
        b"views\n1m\n2m\n3m\n",
        b"handle,views\n@a,1m\n,1m\n",
        b"handle,views,followers\n,0,500\n,0,600\n,0,700\n",
        b"views,followers,notes\n500,10,\n500,10,\n1000,10,\n",
        b"name,views\nSoma,1000\nSuma,3000\n",
        b"handle,views\nTotal,5\n",
    ] {
        let (_, _, err) = batch(&[], input);
        assert!(!err.contains("total"), "{err}");
    }
}

/// A spreadsheet program's own file is told as one, whatever format the arguments state, and
/// the hint says how to make a roster of it: not "the header is not UTF-8".
#[test]
fn a_workbook_is_told_to_be_saved_as_csv() {
    let xls = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x3E\x00\x03\x00\xFE\xFF";
    let xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe";
    for (bytes, kind) in [
        (&xls[..], "an old Excel workbook (.xls)"),
        (&xlsx[..], "a zip archive"),
    ] {
        for args in [
            &[][..],
            &["--input-format", "csv"],
            &["--input-format", "ndjson"],
        ] {
            let (status, stdout, stderr) = batch(args, bytes);
            assert_eq!(status, 2, "{stderr}");
            assert_eq!(stdout, "");
            assert!(
                stderr.starts_with(&format!("error: batch input standard input: it is {kind}")),
                "{stderr}"
            );
            assert!(
                stderr.contains(
                    "\nhint: open it in its spreadsheet program and save the sheet as CSV (UTF-8)"
                ),
                "{stderr}"
            );
        }
    }
}

/// A CSV row that is not UTF-8 in a carried column (a Latin-1 name in a UTF-8 roster) is
/// estimated, its column carried with U+FFFD, with one warning; in an input column, whose value
/// cannot be read, it is an error record that names the column and still carries the others.
#[test]
fn a_row_that_is_not_utf8_keeps_its_carried_columns() {
    let (status, stdout, stderr) = batch(&[], b"views,handle\n1m,@a\xff\n2m,@b\xff\n");
    assert_eq!(status, 0, "{stderr}");
    let rows = records(&stdout);
    assert_eq!(rows[0]["error"], Value::Null);
    assert_eq!(rows[0]["extra"]["handle"], "@a\u{fffd}");
    assert_eq!(rows[1]["input"]["views"], 2_000_000);
    assert!(
        stderr.contains("warning: line 2: `handle` is not UTF-8 text: it is carried with U+FFFD"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("not UTF-8").count(), 1, "{stderr}");
    let (_, quoted, _) = batch(&[], b"views,handle\n1m,\"@b \xff\"\n");
    assert_eq!(records(&quoted)[0]["extra"]["handle"], "@b \u{fffd}");
    let (_, csv, _) = batch(&["--format", "csv"], b"views,handle\n1m,@a\xff\n");
    assert!(
        csv.lines().nth(1).unwrap().starts_with("1m,@a\u{fffd},"),
        "{csv}"
    );
    // An input that is not text is a bad row, named by its column, its handle carried.
    let (status, stdout, _) = batch(&[], b"views,region,handle\n1m,b\xe3,@c\xff\n");
    assert_eq!(status, 2);
    let row = &records(&stdout)[0];
    assert_eq!(
        row["error"],
        "`region` is not UTF-8 text: save the file as UTF-8"
    );
    assert_eq!(row["extra"]["handle"], "@c\u{fffd}");
    let (_, ndjson, _) = batch(
        &["--input-format", "ndjson"],
        b"{\"views\": 1000, \"handle\": \"@c\xff\"}\n",
    );
    assert_eq!(records(&ndjson)[0]["extra"]["handle"], "@c\u{fffd}");
    // Between other delimiters: a comma inside a cell is no delimiter for a row that is not
    // text, as for one that is (a row split at it read `1,5k` as 5,000).
    let (status, stdout, stderr) = batch(
        &["--delimiter", ";", "--decimal-comma"],
        b"handle;city;views\r\nZo\xe9;Paris, FR;1,5k\r\n",
    );
    assert_eq!(status, 0, "{stderr}");
    let row = &records(&stdout)[0];
    assert_eq!(row["input"]["views"], 1_500);
    assert_eq!(row["extra"]["handle"], "Zo\u{fffd}");
    assert_eq!(row["extra"]["city"], "Paris, FR");
}

/// Blank lines between rows are not part of a row, however many there are.
#[test]
fn more_than_a_mebibyte_of_blank_lines_is_no_long_row() {
    let mut input = b"views\n1m\n".to_vec();
    input.extend(std::iter::repeat_n(b'\n', 1_100_000));
    input.extend(b"2m\n");
    let (status, stdout, stderr) = batch(&[], &input);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(records(&stdout).len(), 2);
}

/// An age under TikTok's youngest is a bad row, as it is a bad flag; the table's minimum is a
/// figure a rates file may change.
#[test]
fn an_age_under_the_tables_minimum_is_a_bad_row() {
    let (status, stdout, _) = batch(
        &[],
        b"views,age,followers,region\n1m,12,,\n1m,13,,\nlots,12,xyz,zz\n",
    );
    assert_eq!(status, 2);
    let rows = records(&stdout);
    assert_eq!(
        rows[0]["error"],
        "age: 12 is under 13, the youngest a TikTok account holder may be (the rate table's [account] min_age)"
    );
    assert_eq!(rows[1]["error"], Value::Null);
    // Named with the row's other bad cells, each with its column.
    let all = rows[2]["error"].as_str().unwrap();
    for column in ["views: ", "followers: ", "region: ", "age: 12 is under 13"] {
        assert!(all.contains(column), "{column}: {all}");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("older.toml");
    std::fs::write(&path, "[account]\nmin_age = 16\n").unwrap();
    let (_, stdout, _) = batch(&["--rates", path.to_str().unwrap()], b"views,age\n1m,15\n");
    assert_eq!(
        records(&stdout)[0]["error"],
        "age: 15 is under 16, the youngest a TikTok account holder may be (the rate table's [account] min_age)"
    );
}

/// A "CSV (Macintosh)" roster larger than the longest line allowed is many short lines.
#[test]
fn a_long_roster_with_lone_cr_endings_is_read_whole() {
    let mut input = b"views,id\r".to_vec();
    for i in 0..120_000 {
        input.extend(format!("1m,r{i}\r").bytes());
    }
    assert!(input.len() > 1 << 20);
    let (status, stdout, stderr) = batch(&[], &input);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 120_000);
}

/// `--with` gives the opt-in channels of every row that names none of its own: a roster of
/// brand deals needs no `with` column. An account's month counts them in columns instead.
#[test]
fn with_gives_the_channels_of_rows_that_name_none() {
    let rows = b"handle,views,followers,with,sales\n@a,1m,50k,,\n@b,1m,50k,affiliate,2500\n";
    let (status, stdout, stderr) = batch(&["--with", "sponsorship"], rows);
    assert_eq!(status, 0, "{stderr}");
    let records = records(&stdout);
    let counted = |i: usize| -> Vec<String> {
        let channels = records[i]["channels"].as_array().unwrap();
        let counted = channels.iter().filter(|c| c["in_total"] == true);
        counted
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        records[0]["input"]["with"],
        serde_json::json!(["sponsorship"])
    );
    assert_eq!(
        counted(0),
        ["sponsorship"],
        "the brand deal, and no Creator Rewards"
    );
    assert_eq!(
        records[1]["input"]["with"],
        serde_json::json!(["affiliate"])
    );
    assert_eq!(
        counted(1),
        ["creator_rewards", "affiliate"],
        "the row's own wins"
    );

    // A cell of separators alone names nothing, and takes the default; `none` beside an id
    // says two things, and is a bad cell.
    let (status, stdout, _) = batch(
        &["--with", "sponsorship"],
        b"views,followers,with\n1m,50k,\",\"\n1m,50k,\"none,gifts\"\n",
    );
    assert_eq!(status, 2);
    let rows = self::records(&stdout);
    assert_eq!(rows[0]["input"]["with"], serde_json::json!(["sponsorship"]));
    assert_eq!(
        rows[1]["error"],
        "with: 'none,gifts' says none beside channel ids: give none alone, or only the ids"
    );

    // A row that is no brand deal says so: `none`, or in JSON an empty list.
    let rows = b"views,followers,with\n1m,50k,none\n1m,50k,NONE\n";
    let (_, csv, _) = batch(&["--with", "sponsorship"], rows);
    let ndjson = b"{\"views\": 1000000, \"followers\": 50000, \"with\": []}\n";
    let (_, json, _) = batch(&["--with", "sponsorship"], ndjson);
    for record in self::records(&csv).iter().chain(&self::records(&json)) {
        assert_eq!(record["input"]["with"], serde_json::json!([]), "{record}");
        assert_eq!(
            record["total"]["low"], 120.0,
            "Creator Rewards alone: {record}"
        );
    }

    let (status, stdout, stderr) = batch(
        &["--month", "--with", "sponsorship"],
        b"avg_views,videos\n50k,20\n",
    );
    assert_eq!(status, 2);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.starts_with(
            "error: --with names the opt-in channels of a video, and --month rows are accounts\n"
        ),
        "{stderr}"
    );
}

/// A default no row could use fails the batch before any row is read, naming its flag.
#[test]
fn a_bad_default_fails_the_batch_up_front() {
    for (flag, value, message) in [
        ("--region", "xx", "unknown region 'xx' for --region"),
        ("--niche", "knitting", "unknown niche 'knitting'"),
        ("--age", "12", "age 12 is under 13"),
        (
            "--with",
            "sponsership",
            "unknown channel 'sponsership' for --with",
        ),
    ] {
        let (status, stdout, stderr) = batch(&[flag, value], b"views\n1m\n2m\n");
        assert_eq!(status, 2, "{flag}");
        assert!(stdout.is_empty(), "{flag}: {stdout}");
        assert!(
            stderr.starts_with(&format!("error: {message}")),
            "{flag}: {stderr}"
        );
    }
}

/// A row whose total leaves out a channel it has (a brand deal without followers, LIVE gifts
/// without diamonds) is warned about for the first row that lacks each channel and counted in
/// the summary, as the one-video estimate warns; the records say `needs_input`.
#[test]
fn totals_that_leave_out_a_channel_the_row_has_are_warned_about_and_counted() {
    let rows = b"handle,views,followers,with\n@a,500k,,sponsorship\n@b,1m,20k,sponsorship\n@c,200k,,gifts\n@d,1m,,\n";
    let (status, stdout, stderr) = batch(&[], rows);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(
        stderr.matches("warning:").count(),
        2,
        "the first row to lack each channel is warned about: {stderr}"
    );
    assert!(
        stderr.contains("warning: line 2: the total leaves out Sponsorship, which the row has: needs --followers"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "warning: line 4: the total leaves out LIVE gifts, which the row has: needs --diamonds"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("batch: 2 totals leave out a channel the row has, for want of an input, a priced figure or a threshold, or where it is not open (status needs_input, unpriced, ineligible, unavailable or closed): lines 2 and 4\n"),
        "{stderr}"
    );
    let records = records(&stdout);
    let status_of = |record: &Value, id: &str| {
        record["channels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["status"].clone())
    };
    assert_eq!(
        status_of(&records[0], "sponsorship"),
        Some("needs_input".into())
    );
    assert_eq!(status_of(&records[2], "gifts"), Some("needs_input".into()));
    // A roster whose totals are complete says nothing of the kind.
    let (_, _, stderr) = batch(&[], b"views,followers,with\n1m,20k,sponsorship\n");
    assert!(!stderr.contains("leave"), "{stderr}");
    // An account's month the same: sponsored posts with no followers.
    let (_, _, stderr) = batch(&["--month"], b"avg_views,videos,sponsored\n50k,20,2\n");
    assert!(
        stderr.contains("batch: 1 total leaves out a channel the row has"),
        "{stderr}"
    );
    // A brand deal below the first fee tier is open to the account but priced by no source:
    // `unpriced`, warned about and counted the same way, video or month.
    let (status, stdout, stderr) = batch(&[], b"views,followers,with\n1m,800,sponsorship\n");
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(
        status_of(&crate::records(&stdout)[0], "sponsorship"),
        Some("unpriced".into())
    );
    assert_eq!(
        stderr,
        "warning: line 2: the total leaves out Sponsorship, which the row has: no fee is priced \
         below 1,000 followers, where the tiers start; has 800 (later rows that lack it are not \
         warned about)\n\
         batch: 1 row read, 1 estimated, 0 failed\n\
         batch: 1 total leaves out a channel the row has, for want of an input, a priced \
         figure or a threshold, or where it is not open (status needs_input, unpriced, \
         ineligible, unavailable or closed): line 2\n"
    );
    // A channel the row names that a threshold keeps from the creator: LIVE gifts at 17.
    let (status, _, stderr) = batch(
        &[],
        b"views,followers,age,diamonds,with\n3100,2400,17,1200,gifts\n",
    );
    assert_eq!(status, 0, "{stderr}");
    assert!(
        stderr.starts_with(
            "warning: line 2: the total leaves out LIVE gifts, which the row has: needs age 18+, \
             has 17 (later rows that lack it are not warned about)\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("batch: 1 total leaves out"), "{stderr}");
    let (_, stdout, stderr) = batch(
        &["--month"],
        b"avg_views,videos,sponsored,followers\n50k,20,2,800\n",
    );
    assert!(
        stderr.contains("batch: 1 total leaves out a channel the row has"),
        "{stderr}"
    );
    assert_eq!(
        status_of(&crate::records(&stdout)[0], "sponsorship"),
        Some("unpriced".into())
    );
}

/// A video with more views than its account's 30 days is warned about once, as the one-video
/// estimate warns, and an account whose average video has more, as `earn month` warns.
#[test]
fn a_video_with_more_views_than_its_30_days_is_warned_about_once_and_counted() {
    let (status, stdout, stderr) = batch(
        &[],
        b"views,views_30d,followers\n1m,200k,12k\n2m,300k,12k\n50k,300k,12k\n",
    );
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(records(&stdout).len(), 3);
    assert_eq!(
        stderr,
        "warning: line 2: views_30d 200,000 is fewer than the video's own 1,000,000 views; the \
         account's 30-day views usually include the video's, so check views_30d (later rows \
         like it are not warned about)\n\
         batch: 3 rows read, 3 estimated, 0 failed\n\
         batch: 2 rows have fewer views_30d than the video's own views, which 30-day views \
         usually include: check views_30d (lines 2 and 3)\n"
    );
    let (_, _, stderr) = batch(&["--month"], b"avg_views,videos,views_30d\n1m,1,200k\n");
    assert!(
        stderr.starts_with(
            "warning: line 2: views_30d 200,000 is fewer than one video's average 1,000,000 \
             views; the account's 30-day views usually include its videos', so check views_30d"
        ),
        "{stderr}"
    );
}

/// A roster's first row with views beyond the people TikTok reaches is warned about, once,
/// and the summary counts every such row, whichever count it is.
#[test]
fn views_beyond_the_people_tiktok_reaches_are_warned_about_once_and_counted() {
    let input = b"views,handle,followers\n1m,@a,\n5b,@b,\n7b,@c,\n1m,@d,99999999999\n";
    let (status, stdout, stderr) = batch(&[], input);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(records(&stdout).len(), 4, "every row is estimated");
    assert_eq!(
        stderr,
        "warning: line 3: views 5,000,000,000 is more than the 1,000,000,000 people TikTok says \
         come to it each month; check the number (later rows like it are not warned about)\n\
         batch: 4 rows read, 4 estimated, 0 failed\n\
         batch: 3 rows have more views or followers than the people TikTok says come to it each \
         month: check them (lines 3, 4 and 5)\n"
    );
    let (_, _, stderr) = batch(&[], b"views\n5b\n");
    assert!(
        stderr.ends_with("batch: 1 row has more views or followers than the people TikTok says come to it each month: check it (line 2)\n"),
        "{stderr}"
    );
    let (_, _, stderr) = batch(&["--month"], b"avg_views,videos,views_30d\n1m,3,2b\n");
    assert!(
        stderr.contains("line 2: views_30d 2,000,000,000"),
        "{stderr}"
    );
    // Subscribers are people too; and more of them than followers is a slip, warned once.
    let accounts =
        b"avg_views,videos,followers,subscribers\n5k,20,,2b\n5k,20,5000,50000\n5k,20,5000,60000\n";
    let (_, _, stderr) = batch(&["--month"], accounts);
    assert!(
        stderr.contains("line 2: subscribers 2,000,000,000 is more than the 1,000,000,000 people"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("is more than the account's").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "line 3: subscribers 50,000 is more than the account's 5,000 followers, of whom few \
             pay; check both numbers (later rows like it are not warned about)"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("batch: 1 row has more views, followers or subscribers than the people"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "batch: 2 accounts have more subscribers than followers: check both (lines 3 and 4)\n"
        ),
        "{stderr}"
    );
    let (_, _, stderr) = batch(&[], b"views,followers\n1m,10k\n1m,20b\n");
    assert!(
        stderr.contains("line 3: followers 20,000,000,000 is more than"),
        "{stderr}"
    );
}

/// A reader that stops early (`earn batch roster.csv | head`) ends the batch with status 0,
/// unless a row had already failed: that failure is still the batch's.
#[test]
fn a_reader_that_stops_early_keeps_a_failed_rows_status() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    // Enough records to fill a pipe's buffer, so that the batch is still writing when its
    // reader goes.
    let many = "1m\n".repeat(5_000);
    for (rows, status) in [
        (format!("views\n{many}"), 0),
        (format!("views\nlots\n{many}"), 2),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let roster = dir.path().join("roster.csv");
        std::fs::write(&roster, rows).unwrap();
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("earn"))
            .arg("batch")
            .arg(&roster)
            .env_remove("EARN_RATES")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(first.starts_with('{'), "{first}");
        assert_eq!(child.wait().unwrap().code(), Some(status), "{first}");
    }
}

/// A roster from a spreadsheet set to a decimal comma: semicolons between columns, dots between
/// thousands, a comma before decimals. `--decimal-comma` reads it; without it, the error offers
/// the flag; NDJSON, whose numbers have a decimal point, does not take it.
#[test]
fn a_roster_with_decimal_commas_is_read_with_decimal_comma() {
    let roster = b"handle;views;followers;engagement\n@j;45.000;85.000;4,5%\n";
    let (code, out, err) = batch(&["--delimiter", ";", "--decimal-comma"], roster);
    assert_eq!(code, 0, "{err}");
    let read = single(&["45000", "--followers", "85000", "--engagement", "4.5%"]);
    assert_eq!(records(&out)[0]["total"], read["total"]);
    assert_eq!(records(&out)[0]["input"]["followers"], 85_000);
    let (code, _, err) = batch(&["--delimiter", ";"], roster);
    assert_eq!(code, 2);
    assert!(
        err.contains("if the roster writes numbers with a decimal comma, pass --decimal-comma"),
        "{err}"
    );
    let (code, _, err) = batch(
        &["--input-format", "ndjson", "--decimal-comma"],
        b"{\"views\": 1}\n",
    );
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: --decimal-comma reads the numbers of CSV cells"),
        "{err}"
    );
}

/// A fraction of a video in an account's counts is told in words about videos, as the flags
/// tell it, not with a count's `1.5k` examples.
#[test]
fn a_fraction_of_a_video_is_told_as_one() {
    let (code, out, _) = batch(
        &["--month"],
        b"avg_views,videos_per_week,sponsored\n10k,4.5,1.5\n",
    );
    assert_eq!(code, 2);
    assert_eq!(
        records(&out)[0]["error"],
        "videos_per_week: '4.5' is not a whole number of videos: give whole videos, like 3, or \
         give the month's videos in a `videos` column instead; sponsored: '1.5' is not a whole \
         number of videos: give whole videos, like 3"
    );
}

/// Diamonds under a rates file that switches LIVE gifts off pay nothing: the batch says so
/// once, as `earn --diamonds` does, rather than carrying the column as if it counted.
#[test]
fn an_input_no_channel_uses_is_warned_about_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-gifts.toml");
    std::fs::write(&path, "[[channel]]\nid = \"gifts\"\nenabled = false\n").unwrap();
    let rates = path.to_str().unwrap();
    let (status, _, stderr) = batch(&["--rates", rates], b"views,diamonds\n1m,\n1m,5k\n2m,6k\n");
    assert_eq!(status, 0, "{stderr}");
    let warning = "warning: line 3: diamonds is not used: no channel the rates switch on is \
                   paid on diamonds";
    assert!(stderr.contains(warning), "{stderr}");
    assert_eq!(stderr.matches("is not used").count(), 1, "{stderr}");
    // A column only a switched-off channel uses, likewise.
    std::fs::write(
        &path,
        "[[channel]]\nid = \"creator_rewards\"\nenabled = false\n",
    )
    .unwrap();
    let (status, _, stderr) = batch(&["--rates", rates], b"views,niche\n1m,tech\n2m,beauty\n");
    assert_eq!(status, 0, "{stderr}");
    let warning = "warning: line 2: niche is not used: no channel the rates switch on is priced \
                   by niche";
    assert!(stderr.contains(warning), "{stderr}");
    assert_eq!(stderr.matches("is not used").count(), 1, "{stderr}");
    // Given by a flag, it is the flag that is not used, said once, before any row.
    let (status, _, stderr) = batch(
        &["--rates", rates, "--niche", "beauty"],
        b"views,niche\n1m,\n2m,tech\n",
    );
    assert_eq!(status, 0, "{stderr}");
    assert!(
        stderr.starts_with(
            "warning: --niche is not used: no channel the rates switch on is priced by niche \
             (`earn rates` lists the channels)\n"
        ),
        "{stderr}"
    );
    assert_eq!(stderr.matches("is not used").count(), 1, "{stderr}");
    // With the built-in table, diamonds pay LIVE gifts.
    let (_, _, stderr) = batch(&[], b"views,diamonds\n1m,5k\n");
    assert!(!stderr.contains("not used"), "{stderr}");
}

/// NDJSON numbers have JSON's decimal point: `80.000` is a count of 80, while `2.125` is no
/// count and its row's CSV echoes it as written; a name given as a number is named, not
/// called a fraction.
#[test]
fn an_ndjson_number_is_read_and_echoed_as_written() {
    let input = b"{\"views\": 80.000}\n{\"views\": 2.125}\n{\"views\": -0.0}\n{\"views\": 1, \"region\": 1.5}\n";
    let (status, stdout, _) = batch(&["--input-format", "ndjson", "--format", "csv"], input);
    assert_eq!(status, 2);
    let mut rows = stdout.lines().skip(1);
    assert!(rows.next().unwrap().starts_with("80,"), "{stdout}");
    let fraction = rows.next().unwrap();
    assert!(fraction.starts_with("2.125,"), "{fraction}");
    assert!(
        fraction.contains("views: 2.125 is not a whole number"),
        "{fraction}"
    );
    let negative = rows.next().unwrap();
    assert!(negative.contains("views: '-0.0' is negative"), "{negative}");
    // What to write instead: the whole part, but a negative is told it is one, and 0 is no
    // example.
    let (_, stdout, _) = batch(
        &["--input-format", "ndjson"],
        b"{\"views\": 3.5}\n{\"views\": -2.5}\n{\"views\": 0.5}\n",
    );
    let errors: Vec<Value> = records(&stdout)
        .iter()
        .map(|r| r["error"].clone())
        .collect();
    assert_eq!(
        errors,
        [
            "views: 3.5 is not a whole number: write it whole, like 3",
            "views: '-2.5' is negative: counts start at 0",
            "views: 0.5 is not a whole number: write it whole",
        ]
    );
    let region = rows.next().unwrap();
    assert!(region.contains("region: unknown region '1.5'"), "{region}");
}

/// A roster saved by a spreadsheet set to a decimal comma has semicolons between its columns:
/// `--delimiter ';'` reads it, or its first line `sep=;`, which such spreadsheets write; the
/// records are the comma-separated roster's, the line numbers the file's own.
#[test]
fn a_roster_with_another_delimiter_is_read_as_the_commas_one() {
    // The same records, each written with its input's delimiter.
    let cells = |out: &str, delimiter: u8| -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .from_reader(out.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    let commas = b"handle,views,followers\n@a,1200000,80000\n\"@b, c\",2m,5\n";
    let (status, want, _) = batch(&["--format", "csv"], commas);
    assert_eq!(status, 0);
    let want = cells(&want, b',');
    assert_eq!(want.len(), 3);
    let semicolons = b"handle;views;followers\r\n@a;1200000;80000\r\n\"@b, c\";2m;5\r\n";
    let (status, got, err) = batch(&["--format", "csv", "--delimiter", ";"], semicolons);
    assert_eq!((status, cells(&got, b';')), (0, want.clone()), "{err}");
    let tabs = b"handle\tviews\tfollowers\n@a\t1200000\t80000\n\"@b, c\"\t2m\t5\n";
    let (_, got, _) = batch(&["--format", "csv", "--delimiter", "tab"], tabs);
    assert_eq!(cells(&got, b'\t'), want);
    let mut excel = b"sep=;\n".to_vec();
    excel.extend_from_slice(semicolons);
    let (_, got, _) = batch(&["--format", "csv"], &excel);
    assert_eq!(cells(&got, b';'), want);
    // As spreadsheets also write it: capitals, a space after, or the line saved again as a
    // row of empty cells; with or without --delimiter.
    for first in ["SEP=;\r\n", "sep=; \n", "sep=;;;\r\n"] {
        let mut file = first.as_bytes().to_vec();
        file.extend_from_slice(semicolons);
        for args in [
            &["--format", "csv"][..],
            &["--format", "csv", "--delimiter", ";"],
        ] {
            let (_, got, err) = batch(args, &file);
            assert_eq!(cells(&got, b';'), want, "{first:?} {args:?}: {err}");
        }
    }
    // The records' lines count the `sep=` line.
    let (_, ndjson, _) = batch(&[], &excel);
    assert_eq!(records(&ndjson)[0]["line"], 3);
    // Without either, the hint says how.
    let (status, _, err) = batch(&[], semicolons);
    assert_eq!(status, 2);
    assert!(err.contains("pass --delimiter ';'"), "{err}");
}

/// A row's diamonds for a video without LIVE gifts named are warned about once, as the
/// one-video estimate warns: the row's total leaves the gifts out.
#[test]
fn diamonds_of_a_row_without_gifts_named_are_warned_about_once_and_counted() {
    let (status, _, stderr) = batch(&[], b"views,followers,diamonds\n40k,15k,50k\n50k,15k,10k\n");
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(
        stderr.matches("diamonds pay LIVE gifts").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.starts_with(
            "warning: line 2: the row's diamonds pay LIVE gifts, which its total leaves out: add \
             gifts to the row's `with` if the video had them"
        ),
        "{stderr}"
    );
    // The summary counts every such row, with its line, and the sales of a row that names no
    // affiliate alike.
    assert!(
        stderr.contains(
            "batch: 2 rows give diamonds or sales for a channel not in the row's `with`, so the \
             total leaves it out (lines 2 and 3)\n"
        ),
        "{stderr}"
    );
    let (_, _, stderr) = batch(&[], b"views,followers,sales\n40k,15k,900\n");
    assert!(
        stderr.starts_with(
            "warning: line 2: the row's sales pay Affiliate, which its total leaves out: add \
             affiliate to the row's `with` if the video had them"
        ),
        "{stderr}"
    );
    let (_, _, stderr) = batch(&[], b"views,followers,diamonds,with\n40k,15k,50k,gifts\n");
    assert!(!stderr.contains("diamonds pay"), "{stderr}");
}

/// A roster in a currency the table's default region does not spend, whose rows give no
/// region, is warned about once: `--currency cad` alone priced a Canadian roster as US creators
/// (Creator Rewards included). Rows with a region, a `--region`, or amounts in the default
/// region's own currency say nothing.
#[test]
fn rows_without_a_region_in_another_currency_are_warned_about_once() {
    let (code, out, err) = batch(&["--currency", "cad"], b"views,region\n1m,\n2m,ca\n3m,\n");
    assert_eq!(code, 0);
    assert_eq!(records(&out).len(), 3);
    assert_eq!(
        err,
        "warning: line 2: no region: priced for a creator in region us (United States), the \
         rate table's default, in CAD; fill the row's `region` cell, or --region for all of \
         them (later rows like it are not warned about)\n\
         batch: 3 rows read, 3 estimated, 0 failed\n"
    );
    for (args, input) in [
        (
            &["--currency", "cad", "--region", "ca"][..],
            &b"views\n1m\n"[..],
        ),
        (&["--currency", "cad"], b"views,region\n1m,ca\n"),
        (&["--currency", "usd"], b"views\n1m\n"),
        (&[], b"views\n1m\n"),
    ] {
        let (code, _, err) = batch(args, input);
        assert_eq!(code, 0);
        assert_eq!(
            err, "batch: 1 row read, 1 estimated, 0 failed\n",
            "{args:?}"
        );
    }
}

/// Under --strict, a column (or NDJSON key) that looks like a misspelt input stops the batch,
/// as a bad row does: `follower_count` would leave every row's followers untold, so each
/// creator's thresholds assumed met. Without --strict it is a warning, and carried.
#[test]
fn strict_refuses_a_column_that_looks_like_a_misspelt_input() {
    let (code, out, err) = batch(&["--strict"], b"views,follower_count\n1m,9800\n");
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "error: batch input standard input: column `follower_count` is not an input: did you \
         mean `followers`? --strict refuses a column that looks like a misspelt input\nhint: \
         name the column as the input it is meant to be, or pass --carry 'follower_count' to \
         carry it as is\n"
    );
    let (code, out, err) = batch(&["--strict"], b"{\"views\": 1, \"follower_count\": 9800}\n");
    assert_eq!(code, 2);
    assert!(
        records(&out)[0]["error"]
            .as_str()
            .unwrap()
            .contains("did you mean `followers`?")
    );
    assert!(!err.contains("warning"), "{err}");
    let (code, out, err) = batch(&[], b"views,follower_count\n1m,9800\n");
    assert_eq!(code, 0);
    assert_eq!(records(&out)[0]["extra"]["follower_count"], "9800");
    assert!(err.starts_with("warning: column `follower_count`"), "{err}");
    // A column that is no input's near miss is carried, strict or not.
    let (code, _, err) = batch(&["--strict"], b"views,handle\n1m,@a\n");
    assert_eq!(
        (code, err.as_str()),
        (0, "batch: 1 row read, 1 estimated, 0 failed\n")
    );
}

/// A column looks like a misspelt input when it is one slip from an input's name (of a short
/// name, a letter changed or two swapped), or is the name with words that say what it is
/// already (`follower_count`, `engagement_rate`); one that says more is its own, and carried
/// without a word.
#[test]
fn only_a_column_one_slip_from_an_input_looks_misspelt() {
    let looks = [
        ("follower", "followers"),
        ("folowers", "followers"),
        ("Follower Count", "followers"),
        ("engagement_rate", "engagement"),
        ("country_code", "country"),
        ("views30d", "views_30d"),
        ("aeg", "age"),
        ("wiht", "with"),
        // As spreadsheets head their columns: with a unit, or what the figure is of.
        ("Age (years)", "age"),
        ("Creator Age", "age"),
        ("ages", "age"),
        ("TikTok Followers", "followers"),
        ("Video Length", "length"),
        ("Length (s)", "length"),
        ("Views (last 30 days)", "views_30d"),
        ("30d views", "views_30d"),
        ("LIVE Diamonds", "diamonds"),
        ("Niche/Category", "niche"),
    ];
    for (column, input) in looks {
        let (_, _, err) = batch(&[], format!("views,{column}\n1m,1\n").as_bytes());
        assert!(
            err.contains(&format!("did you mean `{input}`?")),
            "{column}: {err}"
        );
    }
    // An account's columns too.
    let roster = "avg_views,videos,Sponsored Posts\n50k,20,4\n";
    let (_, _, err) = batch(&["--month"], roster.as_bytes());
    assert!(err.contains("did you mean `sponsored`?"), "{err}");
    let own = [
        "followers_gained",
        "age_group",
        "audience_age",
        "page",
        "aged",
        "agency_fee",
        "reviews",
        "width",
        "views_7d",
        "length_bucket",
        "with_brand",
        "views (7 days)",
        "creator_name",
        "video_url",
    ];
    for column in own {
        let (code, _, err) = batch(&["--strict"], format!("views,{column}\n1m,1\n").as_bytes());
        assert_eq!(
            (code, err.as_str()),
            (0, "batch: 1 row read, 1 estimated, 0 failed\n"),
            "{column}"
        );
    }
}

/// A column that only looks like a misspelt input (`follower_count` for a count of something
/// else) is carried with `--carry`, under --strict too and without a warning, in CSV and NDJSON
/// alike; `--carry` cannot take an input's own column.
#[test]
fn carry_keeps_a_column_that_only_looks_like_a_misspelt_input() {
    let roster = b"views,Follower Count,aeg\n1m,5,18-24\n";
    let (code, out, err) = batch(&["--strict"], roster);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("--carry 'Follower Count,aeg'"), "{err}");
    let (code, out, err) = batch(&["--strict", "--carry", "follower_count,AEG"], roster);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "batch: 1 row read, 1 estimated, 0 failed\n");
    let extra = &records(&out)[0]["extra"];
    assert_eq!(
        (&extra["Follower Count"], &extra["aeg"]),
        (&"5".into(), &"18-24".into())
    );
    let ndjson = b"{\"views\": 1000, \"follower_count\": 5}\n";
    let (code, out, _) = batch(&["--strict"], ndjson);
    assert_eq!(code, 2);
    assert!(
        records(&out)[0]["error"]
            .as_str()
            .unwrap()
            .ends_with("(--carry follower_count keeps it)"),
        "{out}"
    );
    let (_, out, err) = batch(&["--strict", "--carry", "follower_count"], ndjson);
    assert_eq!(records(&out)[0]["extra"]["follower_count"], 5, "{err}");
    let (code, out, err) = batch(&["--carry", "followers"], b"views,followers\n1m,5\n");
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "error: --carry 'followers': `followers` is an input column, read as the input it \
         names\nhint: --carry is for the columns earn does not read: leave 'followers' out of \
         it, or rename the column\n"
    );
}

/// A row's `region` stands for both its places: with its `country` and `audience` both given
/// it is not used, which is said once, as `--region` beside both flags is.
#[test]
fn a_region_its_row_overrides_is_warned_about_once() {
    let roster = b"views,region,country,audience\n1m,gb,us,de\n2m,gb,us,de\n1m,gb,us,\n";
    let (code, out, stderr) = batch(&["--format", "csv"], roster);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(out.lines().count(), 4, "{out}");
    assert_eq!(stderr.matches("is not used").count(), 1, "{stderr}");
    assert!(
        stderr.contains(
            "warning: line 2: region gb is not used: the row's country and audience give both \
             of its places; leave one of them empty for region to give it (later rows like it \
             are not warned about)"
        ),
        "{stderr}"
    );
    // With one of the two places empty, the region gives it: nothing to say.
    let (_, _, stderr) = batch(&[], b"views,region,country,audience\n1m,gb,us,\n");
    assert!(!stderr.contains("is not used"), "{stderr}");
    // A year of birth in an age column fails its row, saying what it may be.
    let (code, out, _) = batch(&["--format", "csv"], b"views,age\n1m,1998\n1m,30\n");
    assert_eq!(code, 2);
    assert!(
        out.contains("age: 1998 is over 122, the oldest the rate table takes ([account] max_age): give the age in whole years, not a year of birth"),
        "{out}"
    );
    // A region no region has is still wrong: the row fails, with no warning that it is unused.
    let (code, out, stderr) = batch(
        &["--format", "csv"],
        b"views,region,country,audience\n1m,zz,us,us\n",
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(out.contains("unknown region 'zz'"), "{out}");
    assert!(!stderr.contains("is not used"), "{stderr}");
    // A default region from the flag is no value of the row's: the row's places win quietly.
    let (_, _, stderr) = batch(&["--region", "fr"], b"views,country,audience\n1m,us,de\n");
    assert!(!stderr.contains("is not used"), "{stderr}");
}

/// A fee the rates price only in the US market counts in a Brazilian row's total; the
/// summary names the rows, so that a roster's sum is not read as priced where it is.
#[test]
fn the_summary_names_rows_priced_in_another_market() {
    let roster = b"views,followers,region,with\n1.2m,400k,br,sponsorship\n300k,150k,us,sponsorship\n300k,150k,id,\n";
    let (code, _, stderr) = batch(&["--format", "csv"], roster);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "batch: 1 total counts a figure from another region's market, as the rates have none \
             for the row's audience region (a US brand-deal fee for a Brazilian audience, say): \
             line 2\n"
        ),
        "{stderr}"
    );
    // The months of accounts too; a row without a brand deal counts none.
    let accounts = b"avg_views,videos,sponsored,followers,region\n100k,20,2,150k,us\n100k,20,2,150k,gb\n100k,20,0,150k,de\n";
    let (_, _, stderr) = batch(&["--month"], accounts);
    assert!(
        stderr.contains("batch: 1 total counts a figure from another region's market")
            && stderr.contains("say): line 3\n"),
        "{stderr}"
    );
}

/// A roster saved by a spreadsheet set to a decimal comma comes back as it went: fields
/// between its delimiter, amounts with a decimal comma, so that the spreadsheet opens it.
#[test]
fn a_csv_is_written_as_its_input_was() {
    let roster = b"sep=;\nhandle;views;followers;region\n@joao;85.000;120.000;br\n";
    let (code, out, err) = batch(&["--decimal-comma", "--format", "csv"], roster);
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(out.as_bytes());
    let header = reader.headers().unwrap().clone();
    let record = reader.records().next().unwrap().unwrap();
    assert_eq!(header.len(), record.len());
    let cell = |name: &str| &record[header.iter().position(|h| h == name).unwrap()];
    // Carried as it was written, and amounts in its style.
    assert_eq!((cell("views"), cell("followers")), ("85.000", "120.000"));
    assert_eq!(
        (cell("creator_rewards_low"), cell("creator_rewards_high")),
        ("3,06", "38,25")
    );
    // The same figures as the point-decimal output's.
    let (_, plain, _) = batch(
        &["--format", "csv"],
        b"views,followers,region\n85000,120000,br\n",
    );
    assert!(plain.contains(",3.06,38.25,assumed,"), "{plain}");
    // A comma delimiter and decimal commas: an amount is quoted to stay one field.
    let (_, out, _) = batch(
        &["--decimal-comma", "--format", "csv"],
        b"views,followers,region\n85000,120000,br\n",
    );
    assert!(out.contains(",\"3,06\",\"38,25\",assumed,"), "{out}");
    // A delimiter alone keeps the decimal point.
    let (_, out, _) = batch(
        &["--delimiter", ";", "--format", "csv"],
        b"views;followers;region\n85000;120000;br\n",
    );
    assert!(out.contains(";3.06;38.25;assumed;"), "{out}");
}

/// A roster whose rows fail for numbers written with a decimal comma is told, once, in the
/// summary, which flag reads them.
#[test]
fn the_summary_names_rows_a_decimal_comma_would_read() {
    let roster = b"handle;views;followers\n@a;9.500;12.000\n@b;1000;5\n@c;1,5k;2.000\n";
    let (code, _, stderr) = batch(&["--delimiter", ";", "--format", "csv"], roster);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.ends_with(
            "batch: 2 failed rows have numbers that --decimal-comma would read, written as a \
             spreadsheet set to a decimal comma writes them (45.000, 4,5%): lines 2 and 4\n"
        ),
        "{stderr}"
    );
    // Read so, they are estimated, and nothing is said.
    let (code, _, stderr) = batch(&["--delimiter", ";", "--decimal-comma"], roster);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("would read"), "{stderr}");
    // A row the flag would not mend (a cell that is no number either way) is not offered it;
    // one whose region is also unknown is, and counted.
    let mixed = b"views;followers;region\n9.500;lots;us\n9.500;12.000;zz\n";
    let (_, _, stderr) = batch(&["--delimiter", ";"], mixed);
    assert_eq!(
        stderr.matches("pass --decimal-comma").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("numbers that --decimal-comma would read"),
        "{stderr}"
    );
    assert!(stderr.trim_end().ends_with(": line 3"), "{stderr}");
}

/// A delimiter the output's own cells may hold (`.` in amounts, `_` in statuses) quotes
/// them, so that every record keeps the header's width.
#[test]
fn a_csv_with_a_delimiter_its_cells_hold_quotes_them() {
    for delimiter in ["_", ".", "?"] {
        let roster = format!("sep={delimiter}\nhandle{delimiter}views\n@a{delimiter}85000\n");
        let (code, out, err) = batch(&["--format", "csv"], roster.as_bytes());
        assert_eq!(code, 0, "{err}");
        let rows: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
            .delimiter(delimiter.as_bytes()[0])
            .from_reader(out.as_bytes())
            .records()
            .map(Result::unwrap)
            .collect();
        let header = csv::ReaderBuilder::new()
            .delimiter(delimiter.as_bytes()[0])
            .from_reader(out.as_bytes())
            .headers()
            .unwrap()
            .len();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].len(), header, "{delimiter}: {out}");
        assert_eq!(&rows[0][2], "1.02", "{delimiter}: {out}");
    }
}

/// A CSV output begins with a byte-order mark when its CSV input did, as a spreadsheet's
/// "CSV UTF-8" saves it, so that the spreadsheet reads the output as UTF-8 too (`@müller`, not
/// `@mÃ¼ller`); NDJSON never has one.
#[test]
fn a_csv_output_keeps_its_input_s_byte_order_mark() {
    let with_bom = "\u{feff}handle;views\n@müller;1m\n".as_bytes();
    let (code, out, err) = batch(&["--format", "csv", "--delimiter", ";"], with_bom);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("\u{feff}handle;views;"), "{out}");
    assert_eq!(out.matches('\u{feff}').count(), 1, "{out}");
    assert!(out.contains("\n@müller;1m;"), "{out}");

    let without = &with_bom["\u{feff}".len()..];
    let (code, out, err) = batch(&["--format", "csv", "--delimiter", ";"], without);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("handle;views;"), "{out}");

    let (code, out, err) = batch(&["--delimiter", ";"], with_bom);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with('{'), "{out}");
}

/// A rate's caveat, which CSV records carry only among the reasons, is said once on stderr
/// when they do not: Subscriptions' amounts are before app-store and payment fees.
#[test]
fn a_caveat_the_csv_records_leave_out_is_said_once() {
    let accounts = b"avg_views,videos,followers,subscribers\n50k,20,12k,300\n50k,20,12k,30\n";
    let (status, stdout, stderr) = batch(&["--month", "--format", "csv"], accounts);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    assert_eq!(
        stderr,
        "warning: line 2: the amounts of Subscriptions counted in the total: before app-store \
         and payment fees, which TikTok does not publish: less reaches the creator; CSV records \
         say so only with --reasons (later rows are not warned about)\n\
         batch: 2 rows read, 2 estimated, 0 failed\n"
    );
    // Records that carry the reasons say it themselves.
    for args in [
        &["--month", "--format", "csv", "--reasons"][..],
        &["--month"][..],
    ] {
        let (status, stdout, stderr) = batch(args, accounts);
        assert_eq!(status, 0, "{stderr}");
        assert!(
            stdout.contains("before app-store and payment fees"),
            "{args:?}"
        );
        assert_eq!(
            stderr, "batch: 2 rows read, 2 estimated, 0 failed\n",
            "{args:?}"
        );
    }
    // A video's channel too, with a card's caveat: said as the channel's amounts'.
    let dir = tempfile::tempdir().unwrap();
    let card = dir.path().join("card.toml");
    std::fs::write(
        &card,
        "[[channel]]\nid = \"creator_rewards\"\n[channel.rate]\n\
         caveat = \"excludes the agency's 20% cut\"\n",
    )
    .unwrap();
    let card = card.to_str().unwrap();
    let (status, _, stderr) = batch(&["--format", "csv", "--rates", card], b"views\n1m\n2m\n");
    assert_eq!(status, 0, "{stderr}");
    assert!(
        stderr.starts_with(
            "warning: line 2: the amounts of Creator Rewards counted in the total: excludes the \
             agency's 20% cut; CSV records say so only with --reasons (later rows are not \
             warned about)\n"
        ),
        "{stderr}"
    );
    assert_eq!(stderr.matches("agency's").count(), 1, "{stderr}");
    // Not counted, not said: a month with no subscribers.
    let (_, _, stderr) = batch(
        &["--month", "--format", "csv"],
        b"avg_views,videos,followers\n50k,20,12k\n",
    );
    assert!(!stderr.contains("app-store"), "{stderr}");
}

#[test]
fn a_column_of_percentages_written_bare_is_refused_row_by_row_not_read_as_the_whole() {
    // 0.5 reads as a fraction (50%), as a share does everywhere; 1 and 6 are refused, so no row
    // of such a column is priced as every view engaging.
    let (code, out, err) = batch(
        &["--format", "csv"],
        b"views,engagement\n1m,0.5\n1m,1\n1m,6\n",
    );
    assert_eq!(code, 2, "{err}");
    let errors = csv_column(&out, "error");
    assert_eq!(
        errors,
        [
            "",
            "engagement: '1' reads as every view engaging: write 1% for 1 percent, or 100% for \
             every view",
            "engagement: '6' is more than 1, the whole: write 6% for 6 percent, or a fraction \
             like 0.06",
        ]
    );
    assert!(err.contains(&format!("line 3: {}", errors[1])), "{err}");
    // So are an NDJSON roster's, which may write its percentages as numbers.
    let rows =
        b"{\"views\": 1000000, \"engagement\": 1}\n{\"views\": 1000000, \"engagement\": 1e0}\n";
    let (code, out, _) = batch(&["--input-format", "ndjson"], rows);
    assert_eq!(code, 2);
    for record in records(&out) {
        let error = record["error"].as_str().unwrap();
        assert!(
            error.ends_with("write 1% for 1 percent, or 100% for every view"),
            "{error}"
        );
    }
}

/// A header of many columns is read in time proportional to it: NDJSON output checks that no
/// two carried columns share a name, which compared each with every earlier one (60,000
/// columns took about 13 s in a debug build, 2.5 s in a release one; now under a second).
#[test]
fn a_wide_header_is_read_in_linear_time() {
    let columns = 60_000;
    let names: Vec<String> = (0..columns).map(|i| format!("c{i}")).collect();
    let input = format!("views,{}\n1m{}\n", names.join(","), ",".repeat(columns));
    let started = std::time::Instant::now();
    let (code, out, err) = batch(&[], input.as_bytes());
    let took = started.elapsed();
    assert_eq!(code, 0, "{err}");
    assert_eq!(records(&out)[0]["extra"]["c59999"], "");
    assert!(took.as_secs() < 8, "{took:?}");
}

/// A rates file's text with a line break (a caveat) is written escaped in a batch's reason
/// cells, as the estimate's CSV writes it: the record stays on one line, which a batch can
/// read back.
#[test]
fn a_reason_cell_with_a_line_break_stays_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let card = dir.path().join("card.toml");
    std::fs::write(
        &card,
        "[[channel]]\nid = \"creator_rewards\"\n[channel.rate]\n\
         caveat = \"before agency fees;\\nsee notes\"\n",
    )
    .unwrap();
    let card = card.to_str().unwrap();
    for month in [false, true] {
        let (args, roster): (&[&str], &[u8]) = if month {
            (&["--month"], b"avg_views,videos\n1m,4\n")
        } else {
            (&[], b"views\n1m\n")
        };
        let (status, out, err) = batch(
            &[args, &["--format", "csv", "--reasons", "--rates", card]].concat(),
            roster,
        );
        assert_eq!(status, 0, "{err}");
        assert_eq!(out.lines().count(), 2, "{out}");
        assert!(out.contains("before agency fees;\\nsee notes"), "{out}");
    }
    let single = earn()
        .args(["1m", "--format", "csv", "--rates", card])
        .output()
        .unwrap();
    let single = String::from_utf8(single.stdout).unwrap();
    assert!(
        single.contains("before agency fees;\\nsee notes"),
        "{single}"
    );
}

/// An account's `linked` count where the rate table pays no channel on linked videos fails its
/// row, by its column, naming the column that prices a product link's commission.
#[test]
fn a_linked_count_no_channel_is_paid_on_fails_its_row_by_its_column() {
    let (code, out, _) = batch(&["--month"], b"avg_views,videos,linked\n10k,20,3\n");
    assert_eq!(code, 2);
    assert_eq!(
        records(&out)[0]["error"],
        "linked: no opt-in channel of the rate table is paid on these videos; Affiliate takes a \
         `sales` column"
    );
}

/// An account's roster whose count of videos is under another name fails at its header, naming
/// the column that looks like it, where every row failed as missing its videos.
#[test]
fn an_account_roster_without_a_count_of_videos_fails_at_its_header() {
    for heading in [
        "Videos / month",
        "Videos per month",
        "Monthly Videos",
        "videos_per_month",
    ] {
        let roster = format!("Handle,Avg Views,{heading}\n@a,50k,20\n");
        let (code, out, err) = batch(&["--month", "--format", "csv"], roster.as_bytes());
        assert_eq!(code, 2, "{heading}");
        assert!(out.is_empty(), "{heading}: {out}");
        assert_eq!(
            err,
            format!(
                "error: batch input standard input: the header has no `videos` or \
                 `videos_per_week` column (it has: Handle, Avg Views, {heading})\nhint: is \
                 `{heading}` the account's videos? Name it `videos` for a month's count, or \
                 `videos_per_week` for a week's\n"
            )
        );
    }
    let (code, _, err) = batch(&["--month"], b"avg_views,posts\n50k,20\n");
    assert_eq!(code, 2);
    assert!(
        err.ends_with(
            "hint: give each account's videos a month in a `videos` column, or a week's in \
             `videos_per_week`\n"
        ),
        "{err}"
    );
    // A week's count is one.
    let (code, _, err) = batch(&["--month"], b"avg_views,videos_per_week\n50k,3\n");
    assert_eq!(code, 0, "{err}");
    // A month's views beside a video's are their own column, not a misspelt `views`.
    let (code, _, err) = batch(&["--strict"], b"handle,views,Monthly Views\n@a,1000,5\n");
    assert_eq!(code, 0, "{err}");
}

/// A column that names an input with words saying what it is of is warned about as that
/// input, which it is not read as.
#[test]
fn an_audience_country_column_is_told_to_be_audience() {
    let (code, _, err) = batch(
        &["--format", "csv"],
        b"Handle,Views,Audience Country\n@a,500k,UK\n",
    );
    assert_eq!(code, 0);
    assert!(
        err.contains(
            "warning: column `Audience Country` is not an input: did you mean `audience`? It is \
             carried to the output as is"
        ),
        "{err}"
    );
}

/// A `--carry` name no column has is said, as a slip in it leaves the column it meant warned
/// about.
#[test]
fn a_carry_name_no_column_has_is_warned_about() {
    let (code, _, err) = batch(
        &["--carry", "follower_cnt", "--format", "csv"],
        b"views,follower_count\n1m,5\n",
    );
    assert_eq!(code, 0);
    assert!(
        err.contains(
            "warning: --carry 'follower_cnt' names no column of the header (it has: views, \
             follower_count)"
        ),
        "{err}"
    );
    // Named right, nothing is said of it.
    let (_, _, err) = batch(
        &["--carry", "Follower Count"],
        b"views,follower_count\n1m,5\n",
    );
    assert!(!err.contains("warning"), "{err}");
}

/// CSV given as NDJSON stops at its header, one column or several, with any delimiter; a
/// first row merely broken (its `{` lost) is that row's error, and the rest are read.
#[test]
fn a_csv_header_given_as_ndjson_stops_the_batch_but_a_broken_row_does_not() {
    for csv in [
        "views\n1m\n2m\n",
        "handle|views\n@a|1m\n",
        "Views;Followers\n1m;2k\n",
    ] {
        let (code, out, err) = batch(&["--input-format", "ndjson"], csv.as_bytes());
        assert_eq!(code, 2, "{csv:?}");
        assert!(out.is_empty(), "{out}");
        assert!(
            err.contains("the first line is a CSV header, not a JSON object"),
            "{csv:?}: {err}"
        );
    }
    let broken = b"\"views\": 1, \"followers\": 2}\n{\"views\": 1000}\n";
    let (code, out, err) = batch(&["--input-format", "ndjson"], broken);
    assert_eq!(code, 2, "{err}");
    let records = records(&out);
    assert!(records[0]["error"].is_string(), "{out}");
    assert_eq!(records[1]["input"]["views"], 1000);
}

/// Under --strict, a spreadsheet's total row, labelled or not, is a bad row that stops the
/// batch; without it, a warning.
#[test]
fn strict_refuses_a_spreadsheets_total_row() {
    for (roster, error) in [
        (
            "handle,views\n@a,1000\n@b,2000\nTotal,3000\n@c,10\n",
            "`handle` is 'Total', as in a spreadsheet's total row, which --strict refuses: \
             remove the row",
        ),
        (
            "handle,views\n@a,1000\n@b,2000\n,3000\n@c,10\n",
            "its views, 3,000, are the rows' above added up, as in a spreadsheet's total row, \
             which --strict refuses: remove the row",
        ),
    ] {
        let (code, out, err) = batch(&["--strict"], roster.as_bytes());
        assert_eq!(code, 2, "{err}");
        let written = records(&out);
        assert_eq!(written.len(), 3, "stops at the total: {out}");
        assert_eq!(written[2]["error"], error);
        assert!(err.contains("stopped at line 4 (--strict)"), "{err}");
        let (code, out, err) = batch(&[], roster.as_bytes());
        assert_eq!(code, 0, "{err}");
        assert_eq!(records(&out).len(), 4);
        assert!(err.contains("as in a spreadsheet's total row"), "{err}");
    }
}

/// An account roster's headings for a month's counts, in the words spreadsheets use, are told
/// to be the inputs they look like, and --strict refuses them, where they were carried with no
/// word and the month priced without them. Beside a video's views, `Monthly Views` is its own.
#[test]
fn a_months_counts_under_natural_headings_are_told_to_be_inputs() {
    let roster = "Handle,Avg Views,Videos per Week,Followers,Sponsored Videos,Monthly Sales,\
                  Diamonds Received,Paid Subscribers\n@ana,50k,5,120k,2,1200,20000,150\n";
    let (code, _, err) = batch(&["--month"], roster.as_bytes());
    assert_eq!(code, 0, "{err}");
    for (heading, input) in [
        ("Sponsored Videos", "sponsored"),
        ("Monthly Sales", "sales"),
        ("Diamonds Received", "diamonds"),
        ("Paid Subscribers", "subscribers"),
    ] {
        assert!(
            err.contains(&format!(
                "column `{heading}` is not an input: did you mean `{input}`?"
            )),
            "{heading}: {err}"
        );
    }
    let (code, _, err) = batch(&["--month", "--strict"], roster.as_bytes());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("4 columns look like misspelt inputs"), "{err}");
}

/// A row whose place cells are empty, in a roster that has them, is priced for a creator in
/// the table's default region: said once, where it was priced so with no word.
#[test]
fn a_row_with_an_empty_country_cell_is_told_it_is_priced_in_the_default_region() {
    let roster = "handle,views,country\n@a,1m,jp\n@b,1m,\n@c,1m,\n";
    let (code, _, err) = batch(&[], roster.as_bytes());
    assert_eq!(code, 0, "{err}");
    let warning = "warning: line 3: no region: priced for a creator in region us (United \
                   States), the rate table's default; fill the row's `country` cell, or \
                   --region for all of them (later rows like it are not warned about)";
    assert_eq!(err.matches("no region").count(), 1, "{err}");
    assert!(err.contains(warning), "{err}");
    // A region for all of them, or a roster with no place column, is no such row.
    let (_, _, err) = batch(&["--region", "gb"], roster.as_bytes());
    assert!(!err.contains("no region"), "{err}");
    let (_, _, err) = batch(&[], b"handle,views\n@a,1m\n");
    assert!(!err.contains("no region"), "{err}");
}
