//! End-to-end: the `earn` binary as a user runs it.

use std::io::Write;

use assert_cmd::Command;
use predicates::prelude::*;
use serde::Deserialize;

fn earn() -> Command {
    let mut cmd = Command::cargo_bin("earn").unwrap();
    cmd.env_remove("EARN_RATES")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR");
    cmd
}

/// The JSON contract, pinned: an unknown or missing field fails the test.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    schema_version: u32,
    currency: String,
    /// Null when amounts are in the table's currency.
    fx: Option<serde_json::Value>,
    rates: Rates,
    input: Input,
    channels: Vec<Channel>,
    total: Amounts,
    total_leaves_out: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rates {
    name: String,
    as_of: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // every field is part of the contract even where a test does not read it
struct Input {
    views: u64,
    followers: Option<u64>,
    country: String,
    audience: String,
    age: Option<u64>,
    views_30d: Option<u64>,
    length: Option<u64>,
    diamonds: Option<u64>,
    sales: Option<f64>,
    qualified_share: Option<f64>,
    niche: Option<String>,
    engagement: Option<f64>,
    with: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // every field is part of the contract even where a test does not read it
struct Channel {
    id: String,
    name: String,
    basis: String,
    opt_in: bool,
    status: String,
    low: Option<f64>,
    high: Option<f64>,
    low_minor: Option<u64>,
    high_minor: Option<u64>,
    in_total: bool,
    tier: Option<String>,
    reasons: Vec<String>,
    grade: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Amounts {
    low: f64,
    high: f64,
    low_minor: u64,
    high_minor: u64,
}

fn json(args: &[&str]) -> Document {
    let output = earn().args(args).arg("--json").output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.ends_with(b"}\n"), "a trailing newline");
    serde_json::from_slice(&output.stdout).unwrap()
}

/// An amount in whole cents, so sums are compared exactly (amounts have at most two decimals).
fn cents(dollars: f64) -> u64 {
    format!("{dollars:.2}").replace('.', "").parse().unwrap()
}

fn channel<'a>(doc: &'a Document, id: &str) -> &'a Channel {
    doc.channels.iter().find(|c| c.id == id).unwrap()
}

fn stdout(args: &[&str]) -> String {
    let output = earn().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Runs, expects exit status 2, and returns stderr.
fn fails(args: &[&str]) -> String {
    let output = earn().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    assert!(output.stdout.is_empty(), "nothing on stdout when failing");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(
        stderr.lines().count() <= 2,
        "one line and perhaps a hint: {stderr}"
    );
    stderr
}

fn rates_file(text: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    file.write_all(text.as_bytes()).unwrap();
    file
}

#[test]
fn a_million_views_in_the_us() {
    let doc = json(&["1000000", "--region", "us"]);
    assert_eq!(doc.schema_version, 4);
    assert_eq!(doc.currency, "USD");
    assert_eq!(doc.fx, None, "no conversion, so no exchange rate");
    assert_eq!(doc.rates.name, "earn default rates");
    assert_eq!(doc.rates.as_of, "2026-12");
    assert_eq!(doc.input.views, 1_000_000);
    assert_eq!(
        (doc.input.country.as_str(), doc.input.audience.as_str()),
        ("us", "us")
    );
    assert_eq!(doc.input.followers, None);
    assert!(doc.input.with.is_empty());

    let fund = channel(&doc, "creator_fund");
    assert_eq!((fund.low, fund.high), (Some(12.0), Some(50.0)));
    assert_eq!(fund.status, "closed");
    assert!(!fund.in_total);
    assert_eq!(fund.name, "Creator Fund");
    assert_eq!(fund.grade.as_deref(), Some("B"));
    let rewards = channel(&doc, "creator_rewards");
    assert_eq!(rewards.grade.as_deref(), Some("D"));
    assert!(rewards.in_total && !rewards.opt_in);
    assert_eq!(rewards.basis, "qualified_views");

    // A brand deal cannot be priced without followers; it is opt-in either way.
    let sponsorship = channel(&doc, "sponsorship");
    assert_eq!(sponsorship.status, "needs_input");
    assert_eq!((sponsorship.low, sponsorship.high), (None, None));
    assert!(sponsorship.opt_in && !sponsorship.in_total);
    assert_eq!(sponsorship.basis, "posts");
    // A product link's commission is priced from what it sold, which was not given.
    let affiliate = channel(&doc, "affiliate");
    assert_eq!(affiliate.status, "needs_input");
    assert_eq!((affiliate.low, affiliate.high), (None, None));
    assert_eq!(affiliate.basis, "sales");
    assert!(affiliate.opt_in && !affiliate.in_total);
    let gifts = channel(&doc, "gifts");
    assert_eq!(gifts.status, "needs_input");
    assert_eq!((gifts.low, gifts.high), (None, None));
    assert_eq!(
        gifts.reasons,
        ["needs --diamonds: it is paid per diamond received"]
    );

    let counted: Vec<&Channel> = doc.channels.iter().filter(|c| c.in_total).collect();
    let sum = |pick: fn(&Channel) -> Option<f64>| -> u64 {
        counted.iter().map(|c| cents(pick(c).unwrap())).sum()
    };
    assert_eq!(cents(doc.total.low), sum(|c| c.low));
    assert_eq!(cents(doc.total.high), sum(|c| c.high));
    // What TikTok pays for an organic post: Creator Rewards alone.
    assert_eq!((doc.total.low, doc.total.high), (120.0, 900.0));
}

#[test]
fn a_named_brand_deal_counts_per_post_instead_of_creator_rewards() {
    let fee = |views: &str, with: bool| {
        let mut args = vec![views, "--followers", "12k"];
        if with {
            args.extend(["--with", "sponsorship"]);
        }
        json(&args)
    };
    let doc = fee("1m", false);
    let sponsorship = channel(&doc, "sponsorship");
    assert_eq!(sponsorship.tier.as_deref(), Some("micro"));
    assert_eq!(
        (sponsorship.low, sponsorship.high),
        (Some(30.0), Some(120.0))
    );
    assert!(!sponsorship.in_total);
    // The same fee for one view or ten million: a brand pays for the post.
    for views in ["1k", "10m"] {
        let other = fee(views, false);
        let s = channel(&other, "sponsorship");
        assert_eq!(
            (s.low, s.high),
            (sponsorship.low, sponsorship.high),
            "{views}"
        );
    }
    let doc = fee("1m", true);
    assert_eq!(doc.input.with, ["sponsorship"]);
    assert!(channel(&doc, "sponsorship").in_total);
    let rewards = channel(&doc, "creator_rewards");
    assert!(!rewards.in_total);
    assert!(
        rewards.reasons.contains(
            &"not counted: a sponsored video does not earn Creator Rewards (the video has Sponsorship)"
                .to_string()
        ),
        "{:?}",
        rewards.reasons
    );
    assert_eq!((doc.total.low, doc.total.high), (30.0, 120.0));
}

#[test]
fn a_region_both_of_whose_places_are_given_apart_is_named_as_unused() {
    let warning = "warning: --region is not used: --country and --audience give both of its \
                   places\n";
    for command in [&["1m"][..], &["target", "100"], &["check"]] {
        earn()
            .args(command)
            .args(["--region", "jp", "--country", "kr", "--audience", "us"])
            .assert()
            .stderr(warning);
    }
    // One place given apart: the region gives the other.
    earn()
        .args(["1m", "--region", "jp", "--country", "kr"])
        .assert()
        .success()
        .stderr("");
}

#[test]
fn every_command_tells_its_version() {
    let version = env!("CARGO_PKG_VERSION");
    earn()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("earn {version}\n"));
    // A command's version is the program's, named as the program is.
    for command in [
        "check",
        "milestones",
        "month",
        "target",
        "rates",
        "batch",
        "completions",
        "man",
    ] {
        earn()
            .args([command, "--version"])
            .assert()
            .success()
            .stdout(format!("earn {version}\n"));
    }
}

#[test]
fn lists_and_format_names_are_read_as_elsewhere() {
    // `earn check` takes channels apart or separated by commas, as --with does.
    let apart = earn()
        .args([
            "check",
            "sponsorship",
            "affiliate",
            "--followers",
            "20k",
            "--age",
            "30",
        ])
        .output()
        .unwrap();
    let commas = earn()
        .args([
            "check",
            "sponsorship,affiliate",
            "--followers",
            "20k",
            "--age",
            "30",
        ])
        .output()
        .unwrap();
    assert_eq!(apart.status.code(), Some(0));
    assert_eq!(commas.status.code(), Some(0));
    assert_eq!(commas.stdout, apart.stdout);
    let spaced = earn()
        .args([
            "check",
            "sponsorship, affiliate",
            "--followers",
            "20k",
            "--age",
            "30",
        ])
        .output()
        .unwrap();
    assert_eq!(spaced.stdout, apart.stdout);
    // `earn batch --format json` is its NDJSON, as `json` is every other command's format.
    let json = earn()
        .args(["batch", "--format", "json", "-"])
        .write_stdin("views\n1m\n")
        .output()
        .unwrap();
    let ndjson = earn()
        .args(["batch", "--format", "ndjson", "-"])
        .write_stdin("views\n1m\n")
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(0));
    assert_eq!(json.stdout, ndjson.stdout);
}

/// Brand-deal fees are US prices: an estimate for an audience elsewhere says so, in the
/// channel's WHY and in its working, and one for a US audience does not.
#[test]
fn fees_from_another_market_than_the_audiences_say_so() {
    let said = "priced as in region us: no figures for audience region id";
    let args = ["500k", "--followers", "250k", "--with", "sponsorship"];
    let with = |more: &[&str]| stdout(&[&args[..], more].concat());
    let sponsorship = |out: &str| {
        let line = out.lines().find(|l| l.starts_with("Sponsorship"));
        line.unwrap().to_string()
    };
    let indonesia = with(&["--region", "id"]);
    let line = sponsorship(&indonesia);
    assert!(
        line.ends_with(&format!("mid tier (50,000+ followers); {said}")),
        "{line}"
    );
    let working = with(&["--region", "id", "--explain"]);
    assert!(working.contains(&format!("\n  {said}\n")), "{working}");
    // The audience's region decides, not the creator's.
    assert!(with(&["--country", "us", "--audience", "id"]).contains(said));
    for us in [
        with(&["--region", "us"]),
        with(&["--country", "id", "--audience", "us"]),
    ] {
        assert!(!us.contains("priced as in"), "{us}");
    }
    // The market goes with the figures: a file's own fees are not called US prices, and a
    // region factor that adapts the fees leaves nothing to say.
    let own_fees = rates_file(
        "[[channel]]\nid = \"sponsorship\"\n[channel.rate]\ngrade = \"C\"\n\
         sources = [{ title = \"an agency's card\", date = \"2026\", grade = \"C\" }]\n\
         [[channel.rate.tier]]\nid = \"nano\"\nfrom = 1000\nlow = 10\nhigh = 50\n",
    );
    let adapted = rates_file("[[channel]]\nid = \"sponsorship\"\nfactors = [\"region\"]\n");
    for file in [&own_fees, &adapted] {
        let path = file.path().to_str().unwrap();
        let out = with(&["--region", "id", "--rates", path]);
        assert!(out.contains("Sponsorship "), "{out}");
        assert!(!out.contains("priced as in"), "{out}");
    }
    // `earn rates` says when a region factor leaves the market unsaid.
    let path = adapted.path().to_str().unwrap();
    let rates = stdout(&["rates", "--rates", path]);
    assert!(
        rates.contains("\n  market        region us, adapted to each region by a region factor"),
        "{rates}"
    );
    // A file may name the market of the built-in fees, or of its own.
    let brazil =
        rates_file("[[channel]]\nid = \"sponsorship\"\n[channel.rate]\npriced_in = \"br\"\n");
    let out = with(&["--region", "id", "--rates", brazil.path().to_str().unwrap()]);
    assert!(
        out.contains("priced as in region br: no figures for audience region id"),
        "{out}"
    );
    // `earn target` and `earn rates` say it too.
    let target = stdout(&[
        "target",
        "1000",
        "--followers",
        "250k",
        "--with",
        "sponsorship",
        "--region",
        "id",
    ]);
    let line = sponsorship(&target);
    assert!(
        line.ends_with(&format!("its low figures never do; {said}")),
        "{line}"
    );
    let rates = stdout(&["rates"]);
    assert!(
        rates.contains("\n  market        priced as in region us, for audiences anywhere"),
        "{rates}"
    );
    // A month's sponsored posts, likewise.
    let month = |region: &str| {
        stdout(&[
            "month",
            "--avg-views",
            "100k",
            "--videos",
            "20",
            "--sponsored",
            "2",
            "--followers",
            "250k",
            "--region",
            region,
        ])
    };
    let indonesia = month("id");
    let line = sponsorship(&indonesia);
    assert!(line.ends_with(said), "{line}");
    assert_eq!(line.matches(said).count(), 1, "{line}");
    assert!(!month("us").contains("priced as in"));
}

/// Scripts read whose market a fee is where they read every other reason: the channel's
/// `reasons`, in the estimate's JSON, a month's, and a batch's records.
#[test]
fn fees_from_another_market_say_so_in_json() {
    let said = "priced as in region us: no figures for audience region id";
    let reasons_of = |doc: &serde_json::Value| -> Vec<String> {
        let channels = doc["channels"].as_array().unwrap();
        let channel = channels.iter().find(|c| c["id"] == "sponsorship").unwrap();
        let reasons = channel["reasons"].as_array().unwrap();
        reasons
            .iter()
            .map(|r| r.as_str().unwrap().to_string())
            .collect()
    };
    let parse = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
    let run = |args: &str| parse(&stdout(&args.split(' ').collect::<Vec<_>>()));
    let estimate = run("500k --followers 250k --with sponsorship --region id --json");
    assert_eq!(reasons_of(&estimate), [said]);
    let month =
        run("month --avg-views 100k --videos 20 --sponsored 2 --followers 250k --region id --json");
    let said_in_month = reasons_of(&month).iter().filter(|r| *r == said).count();
    assert_eq!(said_in_month, 1, "{month}");
    let batch = earn()
        .args(["batch", "-"])
        .write_stdin(
            "views,followers,region,with\n500k,250k,id,sponsorship\n500k,250k,us,sponsorship\n",
        )
        .output()
        .unwrap();
    let records: Vec<serde_json::Value> = String::from_utf8(batch.stdout)
        .unwrap()
        .lines()
        .map(parse)
        .collect();
    assert_eq!(reasons_of(&records[0]), [said]);
    assert_eq!(reasons_of(&records[1]), Vec::<String>::new());
    // A fee closed where the creator is shows no amount, so no market either.
    let closed = rates_file(
        "[[channel]]\nid = \"sponsorship\"\n[[channel.availability.closed]]\n\
         on = \"2026-01-01\"\nregions = [\"id\"]\n",
    );
    let path = closed.path().to_str().unwrap();
    let target = run(&format!(
        "target 5000 --followers 250k --with sponsorship --region id --json --rates {path}"
    ));
    let sponsorship = target["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "sponsorship");
    let reason = sponsorship.unwrap()["reason"].as_str().unwrap();
    assert_eq!(reason, "closed in region id since 2026-01-01");
    // Without followers there is no fee, so nothing to say whose it is.
    let unpriced = run("500k --with sponsorship --region id --json");
    assert!(!reasons_of(&unpriced).iter().any(|r| r == said));
}

/// The niche and engagement factors are Creator Rewards' (the RPM estimators they come from);
/// affiliate's commission is a share of what was sold, so they leave it alone, as does the
/// audience's region.
#[test]
fn niche_and_engagement_raise_creator_rewards_not_affiliate() {
    let plain = json(&["1m", "--region", "us", "--sales", "10k"]);
    let raised = json(&[
        "1m",
        "--region",
        "us",
        "--sales",
        "10k",
        "--niche",
        "business",
        "--engagement",
        "9%",
    ]);
    let high = |doc: &Document, id: &str| channel(doc, id).high_minor.unwrap();
    // $900 × 1.6 × 1.5
    assert_eq!(high(&raised, "creator_rewards"), 216_000);
    assert_eq!(high(&plain, "creator_rewards"), 90_000);
    assert_eq!(high(&raised, "affiliate"), high(&plain, "affiliate"));
    // 20% of $10,000
    assert_eq!(high(&raised, "affiliate"), 200_000);
    let german = json(&["1m", "--region", "de", "--sales", "10k"]);
    assert_eq!(high(&german, "affiliate"), 200_000);
}

/// A value cut from a file with CRLF lines or padded cells (`us\r`, ` tech`) is the name it
/// holds, as a count read so is its number.
#[test]
fn a_name_is_read_without_the_spaces_or_line_end_around_it() {
    let plain = stdout(&[
        "1m",
        "--region",
        "gb",
        "--niche",
        "tech",
        "--currency",
        "eur",
    ]);
    let padded = stdout(&[
        "1m",
        "--region",
        "gb\r",
        "--niche",
        " tech",
        "--currency",
        "eur\r\n",
    ]);
    assert_eq!(padded, plain);
    let plain = stdout(&[
        "1m",
        "--country",
        "de",
        "--audience",
        "us",
        "--with",
        "affiliate",
    ]);
    let padded = stdout(&[
        "1m",
        "--country",
        " de ",
        "--audience",
        "\tus",
        "--with",
        "affiliate\r",
    ]);
    assert_eq!(padded, plain);
    let check = earn()
        .args(["check", "sponsorship\r", "--followers", "20k"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0));
    let milestones = stdout(&["milestones", "--region", "us\r"]);
    assert_eq!(milestones, stdout(&["milestones", "--region", "us"]));
}

#[test]
fn a_switch_given_twice_is_given() {
    // A script that adds --json (or -q) to arguments that already have it still runs; an option
    // with a value given twice stays an error, as the two values may differ.
    let once = earn().args(["1m", "--json"]).output().unwrap();
    let twice = earn().args(["1m", "--json", "--json"]).output().unwrap();
    assert_eq!(twice.status.code(), Some(0));
    assert_eq!(twice.stdout, once.stdout);
    earn()
        .args(["1m", "--explain", "--explain"])
        .assert()
        .success();
    earn()
        .args(["check", "-q", "-q", "--followers", "100"])
        .assert()
        .code(1)
        .stdout("");
    earn()
        .args(["batch", "--strict", "--strict", "-q", "-"])
        .write_stdin("views\n1m\n")
        .assert()
        .success();
}

#[test]
fn an_input_no_channel_uses_is_named_as_unused() {
    // The rates switch LIVE gifts off: the diamonds given change nothing, and the user is told.
    let no_gifts = rates_file("[[channel]]\nid = \"gifts\"\nenabled = false\n");
    let unused = "warning: --diamonds is not used: no channel the rates switch on is paid on \
                  diamonds (`earn rates` lists the channels)\n";
    let with_rates = |args: &[&str]| {
        let mut cmd = earn();
        cmd.args(args).arg("--rates").arg(no_gifts.path());
        cmd
    };
    with_rates(&["1m", "--diamonds", "5000"])
        .assert()
        .success()
        .stderr(unused);
    with_rates(&["target", "100", "--diamonds", "5000"])
        .assert()
        .success()
        .stderr(unused);
    with_rates(&[
        "month",
        "--avg-views",
        "10k",
        "--videos",
        "4",
        "--diamonds",
        "5000",
    ])
    .assert()
    .success()
    .stderr(unused);
    // With the channel on (and named), nothing to say; without the input, nothing either.
    earn()
        .args(["1m", "--diamonds", "5000", "--with", "gifts"])
        .assert()
        .success()
        .stderr("");
    with_rates(&["1m"]).assert().success().stderr("");
    let no_subscriptions = rates_file("[[channel]]\nid = \"subscriptions\"\nenabled = false\n");
    earn()
        .args([
            "month",
            "--avg-views",
            "10k",
            "--videos",
            "4",
            "--subscribers",
            "40",
            "--rates",
        ])
        .arg(no_subscriptions.path())
        .assert()
        .success()
        .stderr(
            "warning: --subscribers is not used: no channel the rates switch on is paid on \
             subscribers (`earn rates` lists the channels)\n",
        );
    // The inputs that only Creator Rewards uses, with it switched off.
    let no_rewards = rates_file("[[channel]]\nid = \"creator_rewards\"\nenabled = false\n");
    let profile = [
        "--niche",
        "tech",
        "--engagement",
        "8%",
        "--qualified-share",
        "50%",
        "--length",
        "2m",
    ];
    let output = earn()
        .arg("1m")
        .args(profile)
        .arg("--rates")
        .arg(no_rewards.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "warning: --niche is not used: no channel the rates switch on is priced by niche \
         (`earn rates` lists the channels)\n\
         warning: --engagement is not used: no channel the rates switch on is priced by \
         engagement (`earn rates` lists the channels)\n\
         warning: --qualified-share is not used: no channel the rates switch on counts a \
         qualified share of views (`earn rates` lists the channels)\n\
         warning: --length is not used: no channel the rates switch on has a video length \
         threshold (`earn rates` lists the channels)\n"
    );
    earn().arg("1m").args(profile).assert().success().stderr("");
}

#[test]
fn an_input_whose_channels_are_closed_to_the_creator_is_named_as_unused() {
    // An input is not used where the channels that use it are not open to the creator:
    // Creator Rewards in Italy, in the estimate, `target` and `month`; not where TikTok itself
    // is unavailable, which every line says.
    let here = "warning: --niche is not used: no channel open to this creator is priced by niche \
                (Creator Rewards unavailable: see its reasons)\n";
    for command in [
        &["1m"][..],
        &["target", "100"],
        &["month", "--avg-views", "50k", "--videos", "10"],
    ] {
        earn()
            .args(command)
            .args(["--region", "it", "--niche", "tech"])
            .assert()
            .success()
            .stderr(here);
    }
    earn()
        .args(["1m", "--region", "in", "--niche", "tech"])
        .assert()
        .success()
        .stderr("");
}

#[test]
fn a_total_that_lacks_a_channel_the_video_has_says_so() {
    // The brand deal is the video's, but its fee needs the followers: the $0 total is not all
    // the video earns.
    let warning = "warning: the total leaves out Sponsorship, which the video has: needs \
                   --followers: a fee per post is priced from the account's followers\n";
    earn()
        .args(["1m", "--with", "sponsorship", "--json"])
        .assert()
        .success()
        .stderr(warning);
    earn()
        .args(["1m", "--with", "sponsorship", "--followers", "12k"])
        .assert()
        .success()
        .stderr("");
    // Below the first fee tier, the brand deal is not priced either: said, not only in WHY.
    earn()
        .args(["1m", "--with", "sponsorship", "--followers", "800"])
        .assert()
        .success()
        .stderr(
            "warning: the total leaves out Sponsorship, which the video has: no fee is priced \
             below 1,000 followers, where the tiers start; has 800\n",
        );
    // Not named, it is shown apart and the total is complete as described.
    earn().args(["1m"]).assert().success().stderr("");
    earn()
        .args(["1m", "--followers", "800"])
        .assert()
        .success()
        .stderr("");
    // A month of 20 videos of 50,000 views, with what each case adds.
    let month = |extra: &[&str]| {
        let mut cmd = earn();
        cmd.args(["month", "--avg-views", "50k", "--videos", "20"])
            .args(extra);
        cmd
    };
    month(&["--sponsored", "2"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: the total leaves out Sponsorship, which the month has: needs --followers",
        ));
    // Without subscribers, Subscriptions needs input, but no video of the month has it.
    month(&["--followers", "12k"]).assert().success().stderr("");
}

/// A month of an account of 5,000 followers: 20 videos of 10,000 views.
const A_5K_ACCOUNTS_MONTH: [&str; 7] = [
    "month",
    "--avg-views",
    "10k",
    "--videos",
    "20",
    "--followers",
    "5000",
];

/// A channel the video (or the month) has that its region or a threshold keeps from the
/// creator is warned about as one short of an input is: the total is not what the user
/// described.
#[test]
fn a_named_channel_not_open_to_the_creator_is_warned_about() {
    earn()
        .args(["1m", "--region", "ca", "--with", "affiliate"])
        .assert()
        .success()
        .stderr(
            "warning: the total leaves out Affiliate, which the video has: not offered to \
             creators in region ca (only in us, gb, de, fr, es, it, jp, br, mx, id, ph, th, my, sg, vn)\n",
        );
    earn()
        .args([
            "1m",
            "--region",
            "in",
            "--with",
            "sponsorship",
            "--followers",
            "20k",
        ])
        .assert()
        .success()
        .stderr(
            "warning: the total leaves out Sponsorship, which the video has: TikTok is \
             unavailable in India since 2020-06-29: banned by India's government\n",
        );
    // `earn target` says the same of the video it counts views for.
    earn()
        .args(["target", "100", "--region", "ca", "--with", "affiliate"])
        .assert()
        .success()
        .stderr(predicate::str::starts_with(
            "warning: the total leaves out Affiliate, which the video has: not offered",
        ));
    // Not named, the channel is shown apart and nothing is said.
    earn()
        .args(["1m", "--region", "ca"])
        .assert()
        .success()
        .stderr("");
    // A month's diamonds are its LIVE gifts: at 16 they are not the creator's to have.
    let month = A_5K_ACCOUNTS_MONTH;
    earn()
        .args(month)
        .args(["--age", "16", "--diamonds", "20000"])
        .assert()
        .success()
        .stderr("warning: the total leaves out LIVE gifts, which the month has: needs age 18+, has 16\n");
    earn()
        .args(month)
        .args(["--age", "16"])
        .assert()
        .success()
        .stderr("");
    // A month's sales where the creator's region has no TikTok Shop, and its diamonds where
    // TikTok is banned; a count not given is nothing to warn of.
    earn()
        .args(month)
        .args(["--sales", "3000", "--region", "ca"])
        .assert()
        .success()
        .stderr(
            "warning: the total leaves out Affiliate, which the month has: not offered to \
             creators in region ca (only in us, gb, de, fr, es, it, jp, br, mx, id, ph, th, my, sg, vn)\n",
        );
    earn()
        .args(month)
        .args(["--diamonds", "5000", "--country", "in"])
        .assert()
        .success()
        .stderr(
            "warning: the total leaves out LIVE gifts, which the month has: TikTok is \
             unavailable in India since 2020-06-29: banned by India's government\n",
        );
    earn()
        .args(month)
        .args(["--country", "in"])
        .assert()
        .success()
        .stderr("");
    // A roster's month rows the same, warned once and counted.
    earn()
        .args(["batch", "--month", "-"])
        .write_stdin("avg_views,videos,followers,age,diamonds\n10k,20,5000,16,20000\n10k,20,5000,30,20000\n")
        .assert()
        .success()
        .stderr(predicate::str::starts_with(
            "warning: line 2: the total leaves out LIVE gifts, which the row has: needs age 18+, has 16",
        ).and(predicate::str::ends_with("or closed): line 2\n")));
}

/// A month's opt-in channel given its count stays among the channels above the total, where
/// it is not offered too: the count was given, and the total leaves it out.
#[test]
fn a_month_keeps_a_channel_given_its_count_above_the_total_where_it_is_not_offered() {
    let out = stdout(&[
        "month",
        "--avg-views",
        "50k",
        "--videos",
        "20",
        "--sales",
        "2000",
        "--region",
        "ca",
    ]);
    let at = |prefix: &str| out.lines().position(|l| l.starts_with(prefix));
    let (affiliate, total) = (at("Affiliate "), at("Total "));
    assert!(affiliate.unwrap() < total.unwrap(), "{out}");
    assert!(
        out.contains("Affiliate             —     —        —       —  B      unavailable"),
        "{out}"
    );
}

/// A month's subscribers, paid by the month, are its Subscriptions: at 16 they are not the
/// creator's to have, and the total that leaves them out says so.
#[test]
fn subscriptions_kept_from_a_young_creator_are_left_out_and_warned_about() {
    let month = A_5K_ACCOUNTS_MONTH;
    let out = earn()
        .args(month)
        .args(["--age", "16", "--subscribers", "300", "--json"])
        .assert()
        .success()
        .stderr(
            "warning: the total leaves out Subscriptions, which the month has: needs age 18+, \
             has 16\n",
        );
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        doc["total_leaves_out"],
        serde_json::json!(["subscriptions"])
    );
}

#[test]
fn a_short_video_earns_no_creator_rewards_and_india_nothing() {
    let doc = json(&["1m", "--length", "45s"]);
    let rewards = channel(&doc, "creator_rewards");
    assert_eq!(rewards.status, "ineligible");
    assert_eq!(
        rewards.reasons,
        ["needs a video over 1 minute, has 45 seconds"]
    );
    assert_eq!(doc.input.length, Some(45));
    assert_eq!((doc.total.low, doc.total.high), (0.0, 0.0));

    let doc = json(&["1m", "--region", "in"]);
    for c in &doc.channels {
        assert_eq!(c.status, "unavailable", "{}", c.id);
        assert_eq!(
            c.reasons,
            ["TikTok is unavailable in India since 2020-06-29: banned by India's government"]
        );
    }
    assert_eq!((doc.total.low, doc.total.high), (0.0, 0.0));

    let doc = json(&["1m", "--region", "it"]);
    let fund = channel(&doc, "creator_fund");
    assert_eq!(fund.status, "closed");
    assert_eq!(
        fund.reasons,
        ["closed to new creators in region it since 2023-02-20"]
    );
}

/// Each amount also comes in minor units, which sum to the total with integers alone.
#[test]
fn amounts_come_in_minor_units_that_sum_to_the_total() {
    for args in [
        &[
            "1.2m",
            "--region",
            "us",
            "--followers",
            "50k",
            "--with",
            "sponsorship",
        ][..],
        &[
            "2m",
            "--region",
            "gb",
            "--currency",
            "jpy",
            "--diamonds",
            "40k",
            "--with",
            "gifts",
        ],
        &["150k", "--region", "us"],
    ] {
        let doc = json(args);
        // The yen has no minor unit below it: its minor units are yen.
        let places = if doc.currency == "JPY" { 0 } else { 2 };
        let minor = |amount: f64| -> u64 {
            format!("{amount:.places$}")
                .replace('.', "")
                .parse()
                .unwrap()
        };
        let (mut low, mut high) = (0, 0);
        for channel in &doc.channels {
            assert_eq!(
                channel.low.map(minor),
                channel.low_minor,
                "{args:?} {}",
                channel.id
            );
            assert_eq!(
                channel.high.map(minor),
                channel.high_minor,
                "{args:?} {}",
                channel.id
            );
            if channel.in_total {
                low += channel.low_minor.unwrap();
                high += channel.high_minor.unwrap();
            }
        }
        assert_eq!(
            (low, high),
            (doc.total.low_minor, doc.total.high_minor),
            "{args:?}"
        );
        assert!(high > 0, "{args:?}: a total to sum");
    }
}

#[test]
fn amounts_are_printed_exactly_with_two_decimals() {
    let out = stdout(&["1000000", "--json"]);
    assert!(out.contains("\"low\": 12.00,"), "{out}");
    assert!(out.contains("\"high\": 900.00,"), "{out}");
    assert!(out.contains("\"high_minor\": 90000\n"), "{out}");
}

#[test]
fn every_spelling_of_a_number_gives_the_same_estimate() {
    let plain = stdout(&["1000000"]);
    for spelling in ["1,000,000", "1_000_000", "1m", "1M", "1000k", "0.001b"] {
        assert_eq!(stdout(&[spelling]), plain, "{spelling}");
    }
}

#[test]
fn all_profile_inputs_are_echoed() {
    let doc = json(&[
        "1m",
        "--followers",
        "12k",
        "--region",
        "UK",
        "--age",
        "21",
        "--views-30d",
        "150k",
        "--diamonds",
        "2,000",
        "--sales",
        "1,500",
        "--qualified-share",
        "45%",
        "--niche",
        "Tech",
        "--engagement",
        "6.5%",
    ]);
    let input = &doc.input;
    assert_eq!(input.followers, Some(12_000));
    assert_eq!(
        (input.country.as_str(), input.audience.as_str()),
        ("gb", "gb")
    );
    assert_eq!(input.age, Some(21));
    assert_eq!(input.views_30d, Some(150_000));
    assert_eq!(input.diamonds, Some(2_000));
    assert_eq!(input.sales, Some(1_500.0));
    assert_eq!(input.qualified_share, Some(0.45));
    assert_eq!(input.niche.as_deref(), Some("tech"));
    assert_eq!(input.engagement, Some(0.065));
    // Every channel but the closed fund is eligible, save Creator Rewards, whose length rule
    // is assumed without --length, and affiliate, whose thresholds are stated for the US alone.
    for c in doc.channels.iter().filter(|c| c.id != "creator_fund") {
        let expected = if ["creator_rewards", "affiliate"].contains(&c.id.as_str()) {
            "assumed"
        } else {
            "eligible"
        };
        assert_eq!(c.status, expected, "{}", c.id);
    }
    // 2,000 diamonds × $0.005
    assert_eq!(channel(&doc, "gifts").low, Some(10.0));
    // 5% of $1,500 of sales
    assert_eq!(channel(&doc, "affiliate").low, Some(75.0));
}

/// No rule keeps a small account from a brand deal; the fee tiers start at 1,000 followers, so
/// below them the deal is `unpriced`, not ineligible, and `earn check` says it is open.
#[test]
fn too_few_followers_leaves_sponsorship_unpriced() {
    let doc = json(&["1m", "--followers", "999", "--with", "sponsorship"]);
    let sponsorship = channel(&doc, "sponsorship");
    assert_eq!(sponsorship.status, "unpriced");
    assert!(!sponsorship.in_total);
    assert_eq!(sponsorship.tier, None);
    assert_eq!(sponsorship.low, None);
    assert_eq!(
        sponsorship.reasons,
        ["no fee is priced below 1,000 followers, where the tiers start; has 999"]
    );
    earn()
        .args(["check", "sponsorship", "--followers", "999"])
        .assert()
        .success()
        .stdout(
            "sponsorship  ✓  eligible; no threshold in the rate table: open to any account; no \
             fee is priced below 1,000 followers, where the tiers start; has 999\n",
        );
    // Nothing counts in its place, so Creator Rewards is not left out.
    assert!(channel(&doc, "creator_rewards").reasons[0].starts_with("needs 10,000 followers"));
    assert_eq!(channel(&doc, "affiliate").status, "ineligible");
    // The total of nothing says it is short of the brand deal, not that the video earns 0.
    assert_eq!((doc.total.low_minor, doc.total.high_minor), (0, 0));
    assert_eq!(doc.total_leaves_out, ["sponsorship"]);
    assert!(json(&["1m"]).total_leaves_out.is_empty());
}

#[test]
fn the_table_shows_inputs_channels_total_and_footnotes() {
    let out = stdout(&["1000000", "--region", "us"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "1,000,000 views · region us (United States) · rates: earn default rates, as of 2026-12"
    );
    assert!(lines[2].starts_with("CHANNEL"), "{out}");
    let fund = lines
        .iter()
        .find(|l| l.starts_with("Creator Fund"))
        .unwrap();
    // Left out of the total, so bracketed: it does not read as money earned.
    assert!(fund.contains("[$12.00]") && fund.contains("[$50.00]") && fund.contains("closed"));
    let total_at = lines.iter().position(|l| l.starts_with("Total")).unwrap();
    let total = lines[total_at];
    assert!(
        total.contains("$120.00") && total.contains("$900.00"),
        "{total}"
    );
    // The opt-in channels come after the total, under a heading that says so.
    let apart = lines
        .iter()
        .position(|l| l.starts_with("Not in the total"))
        .unwrap();
    assert!(apart > total_at, "{out}");
    for name in ["Sponsorship", "Affiliate", "LIVE gifts"] {
        let at = lines.iter().position(|l| l.starts_with(name)).unwrap();
        assert!(at > apart, "{name} is below the total: {out}");
    }
    assert!(out.contains("pass --age, --followers, --views-30d, --length to check them"));
    assert!(
        !out.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
    // Columns line up: every amount ends at the same place as its heading (a bracket hangs
    // past it).
    let high_end = lines[2].find("HIGH").unwrap() + 4;
    for line in &lines[3..=total_at] {
        let before = &line[..line
            .char_indices()
            .nth(high_end)
            .map_or(line.len(), |(i, _)| i)];
        assert!(before.ends_with(".00") || before.ends_with('—'), "{line:?}");
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let out = stdout(&["1m", "--color", "always"]);
    assert!(out.contains("\u{1b}["));
    let out = stdout(&["1m", "--color", "never"]);
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn csv_has_a_row_per_channel_and_a_total() {
    let out = stdout(&["250k", "--format", "csv"]);
    let expected = r#"id,name,status,low,high,in_total,currency,basis,opt_in,tier,grade,reasons
creator_fund,Creator Fund,closed,3.00,12.50,false,USD,views,false,,B,closed in region us since 2023-12-16
creator_rewards,Creator Rewards,assumed,30.00,225.00,true,USD,qualified_views,false,,D,"assumes age 18+: pass --age to check; assumes 10,000 followers: pass --followers to check; assumes 100,000 views in the last 30 days: pass --views-30d to check; assumes a video over 1 minute: pass --length to check"
sponsorship,Sponsorship,needs_input,,,false,USD,posts,true,,C,needs --followers: a fee per post is priced from the account's followers
affiliate,Affiliate,needs_input,,,false,USD,sales,true,,B,needs --sales: it is a commission on what the video's product links sell
gifts,LIVE gifts,needs_input,,,false,USD,diamonds,true,,D,needs --diamonds: it is paid per diamond received
total,Total,,30.00,225.00,,USD,,,,,
"#;
    assert_eq!(out, expected);
    assert_eq!(
        stdout(&["250k", "--format", "CSV"]),
        expected,
        "format names ignore case"
    );
}

#[test]
fn no_arguments_prints_help() {
    earn()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Usage: earn [OPTIONS] <VIEWS>"));
    earn()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"));
}

/// Each command's options are added only when it runs; its description and options are the
/// same in the list and in its own help.
#[test]
fn each_command_keeps_its_description_and_options() {
    let list = stdout(&["--help"]);
    for (command, about) in [
        ("check", "Check eligibility from the shell"),
        (
            "month",
            "Estimate an account's month from its posting cadence",
        ),
        ("batch", "Estimate many videos at once"),
        ("man", "Print the manual page"),
    ] {
        let line = list
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{command} ")))
            .unwrap_or_else(|| panic!("no {command} in\n{list}"));
        assert!(line.contains(about), "{line}");
        let help = stdout(&[command, "--help"]);
        assert!(help.starts_with(about), "{command}: {help}");
    }
    let batch = stdout(&["batch", "--help"]);
    for option in [
        "--input-format",
        "--strict",
        "--rates <FILE>",
        "--region <CODE>",
    ] {
        assert!(batch.contains(option), "{option}: {batch}");
    }
}

#[test]
fn bad_numbers_exit_2_saying_what_to_write() {
    assert!(fails(&["-5"]).contains("'-5' is negative"));
    assert!(fails(&["1.2345k"]).contains("is 1,234.5, not a whole number"));
    assert!(fails(&["abc"]).contains("write a whole number like 1000"));
    assert!(fails(&[""]).contains("empty value"));
    assert!(fails(&["99999999999999999999"]).contains("too large"));
    assert!(fails(&["1m", "--followers", "1,5k"]).contains("--followers"));
    assert!(fails(&["1m", "--qualified-share", "1.5"]).contains("write 1.5% for 1.5 percent"));
    assert!(fails(&["1m", "--engagement", "101%"]).contains("outside 0-100%"));
    assert!(fails(&["1m", "--engagement", "8"]).contains("write 8% for 8 percent"));
}

/// A share reads one way on every flag: `0.08` is 8%, as `8%` is.
#[test]
fn engagement_and_qualified_share_read_fractions_and_percentages_alike() {
    let engagement = |value: &str| {
        let out = earn()
            .args(["1m", "--engagement", value, "--niche", "tech", "--json"])
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (
            doc["input"]["engagement"].to_string(),
            doc["total"].to_string(),
        )
    };
    assert_eq!(engagement("0.08"), engagement("8%"));
    // Echoed as the fraction it means, so that it reads back the same.
    assert_eq!(engagement("0.08").0, "0.08");
    assert_eq!(engagement("4.5%").0, "0.045");
    let share = |value: &str| {
        let out = earn()
            .args(["1m", "--qualified-share", value, "--json"])
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["input"]["qualified_share"].to_string()
    };
    assert_eq!(share("45%"), share("0.45"));
    // A batch column reads the same way.
    let out = earn()
        .args(["batch"])
        .write_stdin("views,engagement\n1m,0.08\n1m,8%\n1m,8\n")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        records[0]["input"]["engagement"],
        records[1]["input"]["engagement"]
    );
    assert!(
        records[2]["error"]
            .as_str()
            .unwrap()
            .contains("engagement: '8' is more than 1"),
        "{stdout}"
    );
}

#[test]
fn unknown_names_get_a_suggestion() {
    let err = fails(&["1m", "--region", "zz"]);
    assert!(err.contains("unknown region 'zz' for --region"), "{err}");
    assert!(
        err.contains(
            "hint: for a country not listed, give 'other'; valid regions: us (usa), gb (uk), ca"
        ),
        "{err}"
    );
    // A region's name is taken for it; a near one is suggested.
    assert!(stdout(&["1m", "--region", "germany"]).contains("region de (Germany)"));
    let err = fails(&["1m", "--region", "germny"]);
    assert!(err.contains("hint: did you mean 'de'?"), "{err}");
    let err = fails(&["1m", "--niche", "finanse"]);
    assert!(err.contains("unknown niche 'finanse'"), "{err}");
    assert!(
        err.contains("valid niches: beauty, business, general, tech"),
        "{err}"
    );
    let err = fails(&["1m", "--regoin", "us"]);
    assert!(
        err.contains("hint: a similar argument exists: '--region'"),
        "{err}"
    );
    let err = fails(&["1m", "--json", "--format", "csv"]);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn a_rates_file_overrides_the_built_in_table() {
    let file = rates_file("[[channel]]\nid = \"creator_fund\"\n[channel.rate]\nhigh = 150\n");
    let path = file.path().to_str().unwrap();
    let doc = json(&["1m", "--rates", path]);
    assert_eq!(channel(&doc, "creator_fund").high, Some(150_000.0));
    let from_env = earn()
        .args(["1m", "--json"])
        .env("EARN_RATES", path)
        .output()
        .unwrap();
    let doc: Document = serde_json::from_slice(&from_env.stdout).unwrap();
    assert_eq!(channel(&doc, "creator_fund").high, Some(150_000.0));
}

#[test]
fn the_flag_wins_over_the_environment_and_an_empty_variable_is_unset() {
    let file = rates_file("[[channel]]\nid = \"affiliate\"\n[channel.rate]\nhigh = 150\n");
    let path = file.path().to_str().unwrap();
    let out = earn()
        .args(["1m", "--json", "--rates", path])
        .env("EARN_RATES", "/does/not/exist.toml")
        .output()
        .unwrap();
    assert!(out.status.success());
    earn().args(["1m"]).env("EARN_RATES", "").assert().success();
    // In every command, each of which adds its options only when it runs.
    for args in [
        &["check", "gifts", "--followers", "5k", "--age", "30"][..],
        &["milestones"],
        &["month", "--avg-views", "50k", "--videos", "20"],
        &["target", "1000"],
        &["rates"],
    ] {
        earn().args(args).env("EARN_RATES", "").assert().success();
    }
    earn()
        .args(["batch"])
        .write_stdin("views\n1m\n")
        .env("EARN_RATES", "")
        .assert()
        .success();
    // The help names the variable, and never shows its value.
    let help = earn()
        .args(["--help"])
        .env("EARN_RATES", "/private/rates.toml")
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(help.contains("[env: EARN_RATES]"), "{help}");
    assert!(!help.contains("/private/rates.toml"), "{help}");
}

#[test]
fn bad_rates_files_exit_2_naming_the_file() {
    let file = rates_file("[[channel]]\nid = \"affiliate\"\nrate = { low = 100, high = 10 }\n");
    let path = file.path().to_str().unwrap();
    let err = fails(&["1m", "--rates", path]);
    assert!(err.contains(path), "{err}");
    assert!(
        err.contains("rate: low (100) is greater than high (10)"),
        "{err}"
    );

    let file = rates_file("[[channel]]\nid = \"sponsorship\"\n[channel.rat]\n");
    let path = file.path().to_str().unwrap();
    let err = fails(&["1m", "--rates", path]);
    assert!(
        err.contains(&format!("{path}:3:10: unknown field `rat`")),
        "{err}"
    );
    assert!(err.contains("hint: did you mean `rate`?"), "{err}");

    let err = fails(&["1m", "--rates", "/does/not/exist.toml"]);
    assert!(err.contains("cannot read rates file '/does/not/exist.toml' (from --rates)"));
    let err = fails(&["1m", "--rates", "/"]);
    assert!(err.contains("not a regular file"), "{err}");

    let output = earn()
        .arg("1m")
        .env("EARN_RATES", "/does/not/exist.toml")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains("(from EARN_RATES)") && err.contains("unset EARN_RATES"),
        "{err}"
    );

    // Oversized and non-UTF-8 files: see the bad-input matrix (tests/bad_inputs.toml).
}

#[test]
fn a_closed_stdout_is_not_a_panic() {
    use std::process::Stdio;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("earn"))
        .arg("1m")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(output.status.code(), Some(0));
}

/// The writing end of a pipe whose reader is already gone (in a directory kept while it is
/// used), so that whatever is written to it fails, however soon.
fn closed_pipe() -> (tempfile::TempDir, std::fs::File) {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.unwrap().success(), "mkfifo failed");
    // Each end's open waits for the other's; the reader then goes.
    let path = fifo.clone();
    let reader = std::thread::spawn(move || drop(std::fs::File::open(path).unwrap()));
    let writer = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    reader.join().unwrap();
    (dir, writer)
}

/// A reader gone before the output is written ends a run with status 0, as the README's table
/// says, but for an answer the status gives: `earn check`'s "not eligible" (1), whether the
/// closed pipe is met writing or flushing, and a batch's failed row (the records of a short
/// roster wait in the output buffer until the end, where the closed pipe is met).
#[test]
fn a_reader_gone_from_the_start_leaves_only_an_answer_s_status() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("roster.csv");
    let runs: [(&[&str], &str, i32); 6] = [
        (&["check", "creator_rewards", "--followers", "10"], "", 1),
        (
            &["check", "creator_rewards", "--followers", "10", "--json"],
            "",
            1,
        ),
        (
            &["check", "gifts", "--followers", "10k", "--age", "30"],
            "",
            0,
        ),
        (
            &["check", "creator_rewards", "--followers", "10", "-q"],
            "",
            1,
        ),
        (&["batch", "{roster}"], "views\n1m\n", 0),
        (&["batch", "{roster}"], "views\nlots\n1m\n", 2),
    ];
    for (args, rows, status) in runs {
        std::fs::write(&roster, rows).unwrap();
        let args: Vec<String> = args
            .iter()
            .map(|a| a.replace("{roster}", roster.to_str().unwrap()))
            .collect();
        let (_kept, out) = closed_pipe();
        let got = std::process::Command::new(assert_cmd::cargo::cargo_bin("earn"))
            .args(&args)
            .env_remove("EARN_RATES")
            .stdout(out)
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert_eq!(got.code(), Some(status), "{args:?} {rows:?}");
    }
}

#[test]
fn a_full_disk_is_reported_once() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not every system has /dev/full
    };
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("earn"))
        .arg("1m")
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(err.starts_with("error: writing output:"), "{err}");
    assert!(err.lines().nth(1).unwrap().starts_with("hint: "), "{err}");
}

#[test]
fn clap_errors_keep_their_whole_first_paragraph() {
    let err = fails(&["--followers", "5"]);
    assert_eq!(
        err,
        "error: the following required arguments were not provided: <VIEWS>\nhint: one video's \
         views come first, e.g. `earn 40k --followers 3000` (a month: `earn month --avg-views 40k \
         --videos 20`); see 'earn --help'\n"
    );
    let err = fails(&["1m", "--format", "xml"]);
    assert!(err.contains("[possible values: table, json, csv]"), "{err}");
}

#[test]
fn what_the_user_typed_is_escaped_in_errors() {
    let err = fails(&["1m", "--region", "\u{1b}[31mzz\nx"]);
    assert!(
        err.starts_with("error: unknown region '\\u{1b}[31mzz\\nx' for --region\n"),
        "{err}"
    );
    assert!(!err.contains('\u{1b}'));
}

/// An explicit flag wins over the environment: `--color always` colours even with
/// `NO_COLOR` set, and `--color never` and `NO_COLOR` both give plain text.
#[test]
fn color_always_wins_over_no_color() {
    let stdout = |args: &[&str], no_color: bool| {
        let mut cmd = earn();
        cmd.args(args);
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    assert!(stdout(&["1m", "--color", "always"], true).contains('\u{1b}'));
    assert!(!stdout(&["1m", "--color", "never"], false).contains('\u{1b}'));
    assert!(!stdout(&["1m", "--color", "auto"], true).contains('\u{1b}'));
    assert!(!stdout(&["1m"], true).contains('\u{1b}'));
}

/// `CLICOLOR_FORCE` colours output that is not a terminal under `--color auto`, as the
/// convention has it; `NO_COLOR` and `--color never` still win, and `0` forces nothing.
#[test]
fn clicolor_force_colours_a_pipe() {
    let stdout = |env: &[(&str, &str)], args: &[&str]| {
        let mut cmd = earn();
        cmd.env_remove("CLICOLOR_FORCE").env_remove("CLICOLOR");
        cmd.arg("1m").args(args).envs(env.iter().copied());
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    assert!(stdout(&[("CLICOLOR_FORCE", "1")], &[]).contains('\u{1b}'));
    assert!(!stdout(&[("CLICOLOR_FORCE", "0")], &[]).contains('\u{1b}'));
    assert!(!stdout(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &[]).contains('\u{1b}'));
    assert!(!stdout(&[("CLICOLOR_FORCE", "1")], &["--color", "never"]).contains('\u{1b}'));
    // JSON is never coloured.
    assert!(!stdout(&[("CLICOLOR_FORCE", "1")], &["--json"]).contains('\u{1b}'));
}

#[test]
fn help_and_version_go_to_stdout_and_report_write_failures() {
    earn()
        .arg("--version")
        .assert()
        .success()
        .stdout("earn 0.1.0\n");
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return;
    };
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("earn"))
        .arg("--help")
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .starts_with("error: writing output:")
    );
}

#[test]
fn a_fifo_as_rates_file_is_refused_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("rates.toml");
    if !std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        return; // no mkfifo here
    }
    let output = earn()
        .args(["1m", "--rates", fifo.to_str().unwrap()])
        .timeout(std::time::Duration::from_secs(10))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("not a regular file")
    );
}

#[test]
fn one_view_is_singular() {
    let out = stdout(&["1", "--followers", "1"]);
    assert!(
        out.starts_with("1 view · region us (United States) · 1 follower ·"),
        "{out}"
    );
}

/// Every command that prints a report takes `--format json` and its shorthand `--json`, with
/// the same output, and its table by default or with `--format table`.
#[test]
fn every_report_takes_format_json_and_json() {
    let run = |args: &[&str]| {
        let out = earn().args(args).output().unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    for command in [
        &["check", "gifts", "--followers", "5000", "--age", "30"][..],
        &["milestones", "--followers", "12k"],
        &["target", "500", "--followers", "12k", "--age", "22"],
        &["rates"],
        &["month", "--avg-views", "50k", "--videos", "20"],
        &["1m"],
    ] {
        let with = |extra: &[&str]| run(&[command, extra].concat());
        let (status, json) = with(&["--json"]);
        assert!(status == Some(0) || status == Some(1), "{command:?}");
        serde_json::from_str::<serde_json::Value>(&json)
            .unwrap_or_else(|e| panic!("{command:?} --json: {e}"));
        assert_eq!(with(&["--format", "json"]), (status, json), "{command:?}");
        assert_eq!(with(&["--format", "table"]), with(&[]), "{command:?}");
        let both = earn()
            .args([command, &["--json", "--format", "json"]].concat())
            .output()
            .unwrap();
        assert_eq!(both.status.code(), Some(2), "{command:?}");
    }
}

#[test]
fn check_quiet_prints_nothing_and_answers_with_its_status() {
    earn()
        .args(["check", "gifts", "--followers", "5000", "--age", "30", "-q"])
        .assert()
        .code(0)
        .stdout("");
    earn()
        .args(["check", "gifts", "--followers", "50", "--age", "30", "-q"])
        .assert()
        .code(1)
        .stdout("");
    earn()
        .args(["check", "gifts", "-q", "--format", "json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
}

/// An amount may carry its currency's sign, whichever currency that is.
#[test]
fn a_target_takes_the_sign_of_its_currency() {
    let target = |args: &[&str]| {
        let out = earn().arg("target").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(
        target(&["£500", "--currency", "gbp"]),
        target(&["500", "--currency", "gbp"])
    );
    assert_eq!(target(&["$500"]), target(&["500"]));
    assert_eq!(
        target(&["€20.50", "--currency", "EUR", "--json"]),
        target(&["20.50", "--currency", "eur", "--json"])
    );
    // Signs with letters, as earn itself prints them.
    assert_eq!(
        target(&["CA$164.44", "--currency", "cad"]),
        target(&["164.44", "--currency", "cad"])
    );
    assert_eq!(
        target(&["Rp1,000", "--currency", "idr"]),
        target(&["1000", "--currency", "idr"])
    );
}

/// 30-day views below the video's own views are likely a mistake, but not impossible: a
/// warning on stderr, and the estimate as asked.
#[test]
fn thirty_day_views_below_the_videos_own_warn_and_estimate() {
    let out = earn()
        .args(["1.2m", "--views-30d", "100", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr
            .starts_with("warning: --views-30d 100 is fewer than this video's own 1,200,000 views"),
        "{stderr}"
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["input"]["views_30d"], 100);
    let quiet = earn().args(["1.2m", "--views-30d", "2m"]).output().unwrap();
    assert!(quiet.stderr.is_empty());
    // A month's the same, against one video's average views.
    let month = |views_30d: &str| {
        let args = [
            "month",
            "--avg-views",
            "500k",
            "--videos",
            "10",
            "--views-30d",
            views_30d,
        ];
        let out = earn().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stderr).unwrap()
    };
    let stderr = month("100k");
    assert!(
        stderr.starts_with(
            "warning: --views-30d 100,000 is fewer than one video's average 500,000 views"
        ),
        "{stderr}"
    );
    assert!(!month("6m").contains("--views-30d"));
}

/// A flag given without its value shows one, and the one it shows is read: the example is a
/// value that works, not a placeholder.
#[test]
fn a_flag_without_its_value_shows_one_that_works() {
    // What comes before the flag, and what the command needs besides.
    type Around<'a> = (&'a [&'a str], &'a [&'a str]);
    let video: Around = (&["1m"], &[]);
    let month: Around = (&["month", "--avg-views", "50k"], &["--videos", "20"]);
    let mut cases: Vec<(Around, &str)> = [
        "--followers",
        "--views-30d",
        "--region",
        "--country",
        "--audience",
        "--currency",
        "--age",
        "--length",
        "--qualified-share",
        "--engagement",
        "--width",
        "--diamonds",
        "--sales",
        "--niche",
        "--with",
    ]
    .into_iter()
    .map(|flag| (video, flag))
    .collect();
    cases.extend(
        ["--sponsored", "--sales", "--subscribers"]
            .into_iter()
            .map(|flag| (month, flag)),
    );
    cases.push(((&["month", "--avg-views", "50k"], &[]), "--videos"));
    cases.push(((&["month", "--avg-views", "50k"], &[]), "--videos-per-week"));
    cases.push(((&["month", "--videos", "20"], &[]), "--avg-views"));
    for ((before, besides), flag) in cases {
        let mut args = before.to_vec();
        args.push(flag);
        let err = fails(&args);
        let hint = err.lines().nth(1).unwrap_or_default();
        let example = hint
            .split_once(&format!("e.g. `{flag} "))
            .and_then(|(_, rest)| rest.split_once('`'))
            .map_or_else(|| panic!("{flag}: {err}"), |(value, _)| value);
        let mut args = before.to_vec();
        args.extend([flag, example]);
        args.extend(besides);
        let output = earn().args(&args).output().unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// Help is coloured by the rules any output is: `--color` first, then `NO_COLOR`, then
/// `CLICOLOR_FORCE` (which a test can set, having no terminal to show it to).
#[test]
fn help_is_coloured_by_the_same_rules_as_any_output() {
    let escapes = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = earn();
        cmd.args(args);
        for (name, value) in env {
            cmd.env(name, value);
        }
        let output = cmd.output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{args:?} {env:?}");
        String::from_utf8(output.stdout)
            .unwrap()
            .matches('\x1b')
            .count()
    };
    let forced = [("CLICOLOR_FORCE", "1")];
    assert_eq!(escapes(&["--help"], &[]), 0, "piped, no colour");
    assert!(escapes(&["--help", "--color", "always"], &[]) > 0);
    assert!(escapes(&["--help", "--color=always"], &[]) > 0);
    assert!(escapes(&["check", "--help"], &forced) > 0);
    assert_eq!(escapes(&["--help"], &[("NO_COLOR", "1"), forced[0]]), 0);
    assert_eq!(escapes(&["--help", "--color", "never"], &forced), 0);
    // The last --color given wins.
    assert_eq!(
        escapes(&["--color=always", "--help", "--color=never"], &[]),
        0
    );
}

/// An error quotes what it was given, but a word of 100,000 characters (a generated count, a
/// pasted region) comes back by its start, length and end: each diagnostic stays a line a log
/// reader takes whole.
#[test]
fn an_input_of_100_000_characters_is_not_quoted_back_whole() {
    let nines = "9".repeat(100_000);
    let region = "x".repeat(5_000);
    for args in [vec![nines.as_str()], vec!["1m", "--region", &region]] {
        let output = earn().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        let err = String::from_utf8(output.stderr).unwrap();
        assert_eq!(err.lines().count(), 2, "{err}");
        assert!(err.len() < 1_000, "{} bytes: {err}", err.len());
    }
    let output = earn().arg(&nines).output().unwrap();
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.contains("…(100,000 characters)…999'"), "{err}");
}

#[test]
fn a_flag_is_named_with_the_commands_that_take_it_unless_it_is_the_command_s_own() {
    assert_eq!(
        fails(&["1m", "--decimal-comma"]),
        "error: unexpected argument '--decimal-comma' found\nhint: --decimal-comma is an option \
         of `earn batch`, not of `earn`; see 'earn --help'\n"
    );
    // After `--` a command's own flag is an unexpected argument: it is not another's.
    assert_eq!(
        fails(&[
            "month",
            "--avg-views",
            "1k",
            "--videos",
            "2",
            "--",
            "--json"
        ]),
        "error: unexpected argument '--json' found\nhint: what follows `--` is not read as an \
         option: give --json before `--`\n"
    );
}

#[test]
fn a_rates_file_with_more_problems_than_are_listed_says_so() {
    // Sixty unknown keys, each a float too small to hold: fifty of each kind are listed, each
    // kind with a note that more follow, which is no problem itself.
    let mut text = String::from("[[channel]]\nid = \"affiliate\"\n[channel.rate]\n");
    text.extend((0..60).map(|i| format!("low{i} = 1e-400\n")));
    let file = rates_file(&text);
    let output = earn()
        .args(["1m", "--rates", file.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let first = stderr.lines().next().unwrap();
    assert!(first.ends_with("has more than 100 problems"), "{first}");
    for kind in ["floats that read as 0", "unknown keys or wrong types"] {
        let note = format!("more {kind} follow: earn lists 50 of them");
        assert!(stderr.contains(&note), "{stderr}");
    }
}
