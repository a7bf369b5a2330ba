//! The rate table: the built-in figures' provenance, merging a user file, and validation.

use earn::estimate::Status;
use earn::rates::{self, FactorInput, Layer, RateTable, RatesError, Source};

fn load(text: &str) -> Result<RateTable, RatesError> {
    rates::load(Some(Layer {
        origin: "user.toml",
        text,
    }))
}

fn error(text: &str) -> RatesError {
    load(text).expect_err("the table should be refused")
}

/// Each problem's line (when it has one) and message, in the order reported.
fn lines_and_messages(err: &RatesError) -> Vec<(Option<usize>, String)> {
    err.problems()
        .iter()
        .map(|p| (p.location.map(|l| l.0), p.message.clone()))
        .collect()
}

fn assert_sourced(sources: &[Source], what: &str) {
    assert!(!sources.is_empty(), "{what} has no source");
    for source in sources {
        assert!(
            !source.title.trim().is_empty(),
            "{what}: a source has no title"
        );
        assert!(
            source.date.is_some(),
            "{what}: '{}' has no date",
            source.title
        );
        assert!(
            source.grade.is_some(),
            "{what}: '{}' has no grade",
            source.title
        );
    }
}

fn assert_figure(grade: Option<earn::rates::Grade>, sources: &[Source], what: &str) {
    assert!(grade.is_some(), "{what} has no grade");
    assert_sourced(sources, what);
}

#[test]
fn every_built_in_figure_has_a_dated_graded_source() {
    let table = rates::built_in().unwrap();
    assert!(!table.channels.is_empty());
    for channel in &table.channels {
        let what = format!("channel {}", channel.id);
        let rate = &channel.rate;
        assert_figure(rate.grade, &rate.sources, &format!("{what} rate"));
        if let Some(share) = &channel.qualified_share {
            assert_figure(
                share.grade,
                &share.sources,
                &format!("{what} qualified_share"),
            );
        }
        let eligibility = &channel.eligibility;
        let has_thresholds = eligibility.thresholds() != earn::rates::Thresholds::default()
            || !eligibility.overrides.is_empty();
        if has_thresholds {
            assert_sourced(&eligibility.sources, &format!("{what} eligibility"));
        }
        let availability = &channel.availability;
        if availability.regions.is_some() || !availability.closed.is_empty() {
            assert_sourced(&availability.sources, &format!("{what} availability"));
        }
        assert!(channel.notes.is_some(), "{what} has no notes");
    }
    for factor in &table.factors {
        assert!(factor.grade.is_some(), "factor {} has no grade", factor.id);
        assert_sourced(&factor.sources, &format!("factor {}", factor.id));
        if let Some(needs) = &factor.high_needs {
            assert_sourced(&needs.sources, &format!("factor {} high_needs", factor.id));
        }
        // A country factor has no neutral entry: every entry needs a source.
        let neutral = match factor.keyed_by {
            FactorInput::Region => Some(table.default_region.as_str()),
            FactorInput::Country => None,
            _ => Some(factor.neutral.as_deref().unwrap()),
        };
        for entry in factor
            .entries
            .iter()
            .filter(|e| Some(e.key.as_str()) != neutral)
        {
            assert!(
                !factor.sources_for(&entry.key).is_empty(),
                "factor {} entry {} has no source",
                factor.id,
                entry.key
            );
        }
    }
}

#[test]
fn the_built_in_table_has_the_promised_channels_and_regions() {
    let table = rates::built_in().unwrap();
    let ids: Vec<&str> = table.channels.iter().map(|c| c.id.as_str()).collect();
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
    for code in [
        "us", "gb", "uk", "ca", "au", "de", "fr", "es", "it", "jp", "kr", "br", "mx", "id", "ph",
        "in", "other",
    ] {
        assert!(table.region(code).is_some(), "region {code}");
    }
    let gifts = table.channel("gifts").unwrap();
    assert!(gifts.factors.is_empty(), "gifts take no region factor");
    let fund = table.channel("creator_fund").unwrap();
    let closed_on = |region| fund.availability.closed_in(region).map(|c| c.on.as_str());
    assert_eq!(closed_on("us"), Some("2023-12-16"));
    // Closed to new creators everywhere once its successor launched.
    assert_eq!(closed_on("it"), Some("2023-02-20"));
    assert!(fund.availability.closed_in("it").unwrap().new_creators_only);
    assert!(table.region("in").unwrap().unavailable.is_some());
    let sponsorship = table.channel("sponsorship").unwrap();
    assert_eq!(sponsorship.excludes[0].channel, "creator_rewards");
    assert!(sponsorship.opt_in.is_some() && sponsorship.cross_check.is_some());
    // Subscriptions pay by the month, with a share set by the creator's country.
    let subscriptions = table.channel("subscriptions").unwrap();
    assert!(subscriptions.basis.monthly());
    let share = table.factor("subscription_share").unwrap();
    assert_eq!(share.keyed_by, FactorInput::Country);
    let entry = |code| {
        share
            .entry(code)
            .map(|e| (e.low.to_string(), e.high.to_string()))
    };
    assert_eq!(entry("us"), Some(("0.7".into(), "0.9".into())));
    assert_eq!(entry("gb"), Some(("0.5".into(), "0.7".into())));
    assert!(table.unmodelled.iter().all(|u| u.id != "subscriptions"));
}

/// A programme closed in some regions and later everywhere: each region says the full closure
/// before one to new creators, and when it first closed so, whatever the order of the list.
#[test]
fn a_regions_closure_is_the_strongest_and_earliest_in_any_order() {
    let closures = [
        "[[channel.availability.closed]]\non = \"2026-11-01\"\n",
        "[[channel.availability.closed]]\non = \"2023-12-16\"\nregions = [\"us\", \"gb\", \"de\", \"fr\"]\n",
        "[[channel.availability.closed]]\non = \"2023-02-20\"\nnew_creators_only = true\n",
    ];
    for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
        let text = order.iter().fold(
            "[[channel]]\nid = \"creator_fund\"\n".to_string(),
            |text, &i| text + closures[i],
        );
        let table = load(&text).unwrap();
        let fund = table.channel("creator_fund").unwrap();
        let closed = |region| {
            let closure = fund.availability.closed_in(region).unwrap();
            (closure.on.as_str(), closure.new_creators_only)
        };
        assert_eq!(closed("us"), ("2023-12-16", false), "{order:?}");
        assert_eq!(closed("it"), ("2026-11-01", false), "{order:?}");
    }
    // Closed only to new creators, a region says so.
    let fund = rates::built_in().unwrap();
    let fund = fund.channel("creator_fund").unwrap();
    let it = fund.availability.closed_in("it").unwrap();
    assert_eq!((it.on.as_str(), it.new_creators_only), ("2023-02-20", true));
}

#[test]
fn a_problem_in_one_of_several_closures_is_at_that_closure() {
    let err = error(
        "[[channel]]\nid = \"creator_rewards\"\n\
         [[channel.availability.closed]]\non = \"2024-01-01\"\nregions = [\"gb\"]\n\
         [[channel.availability.closed]]\non = \"2025-01-01\"\nregions = [\"dee\"]\n\
         [[channel.availability.closed]]\non = \"2027-01-01\"\nregions = [\"fr\"]\n",
    );
    let found = lines_and_messages(&err);
    assert_eq!(found.len(), 2, "{found:?}");
    // Each closure's own problem, at its line: the second's region, the third's date.
    assert_eq!(found[0].0, Some(8), "{found:?}");
    assert!(
        found[0].1.contains("closed.regions names region 'dee'"),
        "{found:?}"
    );
    assert_eq!(found[1].0, Some(10), "{found:?}");
    assert!(found[1].1.contains("closed.on is 2027-01-01"), "{found:?}");

    let err = error(
        "[[channel]]\nid = \"creator_rewards\"\n\
         [[channel.availability.closed]]\non = \"2024-01-01\"\n\
         [[channel.availability.closed]]\non = \"2027-01-01\"\n",
    );
    assert_eq!(lines_and_messages(&err)[0].0, Some(6), "{err}");
}

#[test]
fn every_problem_of_a_files_exchange_rates_is_reported_at_its_line() {
    let err = error(
        "[fx]\nbase = \"EUR\"\nas_of = \"2026-09-12\"\ngrade = \"A\"\n\
         sources = [{ title = \"ECB\", date = \"2026-09-12\", grade = \"B\" }]\n\
         [[fx.currency]]\ncode = \"EUR\"\nname = \"Euro\"\nsymbol = \"€\"\ndecimals = 2\nper_base = 1\n\
         [[fx.currency]]\ncode = \"usd\"\nname = \"US dollar\"\nsymbol = \"$\"\ndecimals = 2\nper_base = 0\n\
         [[fx.currency]]\ncode = \"USD\"\nname = \"US dollar\"\nsymbol = \"$\"\ndecimals = 2\nper_base = 1.16\n\
         [[fx.currency]]\ncode = \"USD\"\nname = \"US dollar\"\nsymbol = \"$\"\ndecimals = 2\nper_base = 1.17\n",
    );
    let found = lines_and_messages(&err);
    let lines: Vec<Option<usize>> = found.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [Some(4), Some(13), Some(17), Some(25)], "{found:?}");
    assert!(
        found[0]
            .1
            .contains("grade A is stronger than any of its sources")
    );
    assert!(
        found[1]
            .1
            .contains("code 'usd' must be three upper-case letters")
    );
    assert!(found[2].1.contains("per_base is 0"));
    assert!(found[3].1.contains("'USD' appears twice"));
}

#[test]
fn a_problem_in_a_files_factor_source_is_at_its_place_in_the_file() {
    // The built-in sources the file leaves in place follow the file's own.
    let err = error(
        "[[factor]]\nid = \"region\"\nentries.gb = 0.8\ngrade = \"D\"\n\
         [[factor.sources]]\ntitle = \"one\"\ndate = \"2020\"\ngrade = \"D\"\n\
         [[factor.sources]]\ntitle = \"two\"\ndate = \"2020\"\ngrade = \"D\"\n\
         [[factor.sources]]\ndate = \"2020\"\ngrade = \"D\"\n",
    );
    assert_eq!(
        lines_and_messages(&err),
        [(
            Some(13),
            "factor 'region' source 3: title is missing".to_string()
        )]
    );
}

#[test]
fn a_fee_per_post_is_unpriced_below_its_first_tier_and_ineligible_below_a_rule() {
    // An agency's card that starts at 5,000 followers, and a rule of its own in gb: an account
    // below the rule is ineligible, one that meets it but not the first tier is unpriced.
    let table = load(
        "[[channel]]\nid = \"sponsorship\"\n\
         rate.tier = [{ id = \"small\", from = 5000, low = 100, high = 200 }]\n\
         rate.sources = [{ title = \"Our card\", date = \"2026-11\", grade = \"C\" }]\n\
         [[channel.eligibility.override]]\nregions = [\"gb\"]\nmin_followers = 2000\n",
    )
    .unwrap();
    let status = |region: &str, followers: u64| {
        let input = earn::Input {
            views: 1_000,
            followers: Some(followers),
            region: Some(region.into()),
            ..earn::Input::default()
        };
        let estimate = earn::estimate(&table, &input).unwrap();
        let channel = estimate
            .channels
            .iter()
            .find(|c| c.id == "sponsorship")
            .unwrap();
        (channel.status, channel.reasons[0].to_string())
    };
    assert_eq!(
        status("gb", 1_000),
        (
            Status::Ineligible,
            "needs 2,000 followers, has 1,000".to_string()
        )
    );
    assert_eq!(
        status("gb", 3_000),
        (
            Status::Unpriced,
            "no fee is priced below 5,000 followers, where the tiers start; has 3,000".to_string()
        )
    );
    assert_eq!(status("us", 3_000).0, Status::Unpriced);
    assert_eq!(status("us", 5_000).0, Status::Eligible);
}

#[test]
fn a_cross_checks_wrong_basis_does_not_hide_its_other_problems() {
    let err = error(
        "[[channel]]\nid = \"sponsorship\"\n[channel.cross_check]\nbasis = \"posts\"\n\
         per = 1000\nlow = 10\nhigh = 100\ngrade = \"A\"\n",
    );
    let found = lines_and_messages(&err);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].1.contains("cross_check: basis is posts"),
        "{found:?}"
    );
    assert!(
        found[1]
            .1
            .contains("cross_check: grade A has no graded source"),
        "{found:?}"
    );
}

#[test]
fn a_date_may_be_written_as_a_toml_date() {
    let table = load(
        "as_of = 2026-07-01\n[[channel]]\nid = \"creator_rewards\"\n\
         [[channel.availability.closed]]\non = 2026-05-01\nregions = [\"de\"]\n",
    )
    .unwrap();
    assert_eq!(table.as_of, "2026-07-01");
    let channel = table
        .channels
        .iter()
        .find(|c| c.id == "creator_rewards")
        .unwrap();
    assert!(
        channel
            .availability
            .closed
            .iter()
            .any(|c| c.on == "2026-05-01")
    );
    // A date with a time is not a date.
    let err = error("as_of = 2026-07-01T10:00:00\n");
    assert!(
        err.to_string()
            .contains("'2026-07-01T10:00:00' is not a date"),
        "{err}"
    );
}

#[test]
fn a_user_file_changes_one_number_and_says_so() {
    let table = load("[[channel]]\nid = \"affiliate\"\n[channel.rate]\nhigh = 150\n").unwrap();
    let affiliate = table.channel("affiliate").unwrap();
    assert_eq!(affiliate.rate.high.unwrap().to_string(), "150");
    assert_eq!(
        affiliate.rate.low.unwrap().to_string(),
        "5",
        "other keys are kept"
    );
    assert_eq!(
        affiliate.rate.grade, None,
        "the built-in grade no longer applies"
    );
    let last = affiliate.rate.sources.last().unwrap();
    assert_eq!(last.title, "user.toml sets rate.high with no source");
    assert_eq!(last.grade, None);
    assert_eq!(table.channels.len(), 6, "nothing else changes");
}

#[test]
fn a_user_file_with_sources_keeps_its_own_provenance() {
    let table = load(
        r#"
        [[channel]]
        id = "affiliate"
        [channel.rate]
        high = 150
        grade = "C"
        sources = [{ title = "Our agency's 2026 deals", date = "2026-10", grade = "C" }]
        "#,
    )
    .unwrap();
    let rate = &table.channel("affiliate").unwrap().rate;
    assert_eq!(rate.sources.len(), 1);
    assert_eq!(rate.sources[0].title, "Our agency's 2026 deals");
    assert_eq!(rate.grade, Some(earn::rates::Grade::C));
}

#[test]
fn a_new_channel_is_appended_and_shown_as_from_the_file() {
    let table = load(
        r#"
        [[channel]]
        id = "shorts"
        name = "Cross-posted Shorts"
        basis = "views"
        rate = { per = 1000, low = 0.01, high = 0.05 }
        "#,
    )
    .unwrap();
    let shorts = table.channels.last().unwrap();
    assert_eq!(shorts.id, "shorts");
    assert!(shorts.enabled);
    assert_eq!(
        shorts.rate.sources[0].title,
        "user.toml, which gives no source"
    );
}

#[test]
fn factor_entries_merge_key_by_key() {
    let table = load("[[factor]]\nid = \"region\"\nentries.gb = 0.8\n").unwrap();
    let region = table.factor("region").unwrap();
    assert_eq!(region.entry("gb").unwrap().low.to_string(), "0.8");
    assert_eq!(region.entry("de").unwrap().low.to_string(), "0.5");
    assert!(
        region
            .sources
            .iter()
            .any(|s| s.title == "user.toml sets entries.gb with no source")
    );
}

#[test]
fn a_moved_milestone_loses_the_sources_of_the_old_number() {
    let table = load("[[milestone]]\nid = \"followers_10k\"\nat = 5000\n").unwrap();
    let moved = table.milestone("followers_10k").unwrap();
    assert_eq!(moved.at, 5_000);
    let titles: Vec<&str> = moved.sources.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["user.toml sets at with no source"]);
    assert!(moved.sources.iter().all(|s| s.grade.is_none()));

    // Rewording what it unlocks keeps the number, so its sources stay.
    let reworded = load("[[milestone]]\nid = \"followers_10k\"\nunlocks = \"More\"\n").unwrap();
    let built_in = rates::built_in().unwrap();
    assert_eq!(
        reworded.milestone("followers_10k").unwrap().sources,
        built_in.milestone("followers_10k").unwrap().sources
    );
}

#[test]
fn what_a_factors_high_needs_is_a_milestone_or_a_files_number() {
    let needed = |table: &RateTable| {
        let needs = table
            .factor("subscription_share")
            .unwrap()
            .high_needs
            .clone();
        needs
            .and_then(|n| n.min_followers)
            .map(|f| (f.count, f.milestone))
    };
    let built_in = rates::built_in().unwrap();
    assert_eq!(
        needed(&built_in),
        Some((10_000, Some("followers_10k".to_string())))
    );

    // Named by its milestone, it moves with it.
    let moved = load("[[milestone]]\nid = \"followers_10k\"\nat = 5000\n").unwrap();
    assert_eq!(needed(&moved).unwrap().0, 5_000);
    // A file's own number; 0 opens the high to every account.
    let open = load("[[factor]]\nid = \"subscription_share\"\nhigh_needs.min_followers = 0\n");
    let open = open.unwrap();
    assert_eq!(needed(&open), Some((0, None)));
    let share = open.factor("subscription_share").unwrap();
    let thresholds = share.high_needs.as_ref().unwrap().thresholds();
    assert_eq!(thresholds.min_followers, Some(0));
    // The views it leaves are the built-in table's.
    assert_eq!(thresholds.min_views_30d, Some(100_000));
    // The entries keep their sources; the changed threshold has the file's.
    let built_in_share = built_in.factor("subscription_share").unwrap();
    assert_eq!(share.sources, built_in_share.sources);
    let titles = share.high_needs.as_ref().unwrap().sources.iter();
    let titles: Vec<&str> = titles.map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        ["user.toml sets high_needs.min_followers with no source"]
    );
    let thresholds = built_in_share.high_needs.as_ref().unwrap().thresholds();
    assert_eq!(
        (thresholds.min_followers, thresholds.min_views_30d),
        (Some(10_000), Some(100_000))
    );
    // A high that needs nothing is a slip.
    let err = error("[[factor]]\nid = \"region\"\nhigh_needs = {}\n");
    assert!(
        err.to_string().contains(
            "factor 'region': high_needs: names no threshold: give min_followers, min_views_30d \
             or both, or remove high_needs"
        ),
        "{err}"
    );

    let err = error(
        "[[factor]]\nid = \"subscription_share\"\nhigh_needs.min_followers = \"followers_5k\"\n",
    );
    let (line, message) = lines_and_messages(&err).remove(0);
    assert_eq!(line, Some(3), "{message}");
    assert!(
        message.contains("names milestone 'followers_5k', which is not a followers milestone"),
        "{message}"
    );
}

#[test]
fn the_regions_whose_thresholds_are_stated_are_regions_of_the_table() {
    let err = error("[[channel]]\nid = \"affiliate\"\neligibility.known_in = [\"us\", \"xx\"]\n");
    let (_, message) = lines_and_messages(&err).remove(0);
    assert!(message.contains("known_in"), "{message}");
    assert!(message.contains("'xx'"), "{message}");
}

#[test]
fn top_level_keys_are_replaced() {
    let table = load(
        r#"
        schema_version = 1
        name = "agency rates"
        as_of = "2026-11"
        "#,
    )
    .unwrap();
    assert_eq!(table.name, "agency rates");
    assert_eq!(table.as_of, "2026-11");
}

#[test]
fn invalid_tables_are_refused_with_what_to_fix() {
    for (text, fragment) in [
        (
            "[[channel]]\nid = \"affiliate\"\nrate = { low = 100, high = 10 }\n",
            "channel 'affiliate': rate: low (100) is greater than high (10)",
        ),
        (
            "[[channel]]\nid = \"affiliate\"\nrate = { low = -1 }\n",
            "rate: low is -1: figures must not be negative",
        ),
        (
            "[[channel]]\nid = \"affiliate\"\nrate = { low = nan }\n",
            "not a finite number",
        ),
        (
            "[[channel]]\nid = \"affiliate\"\nrate = { high = inf }\n",
            "not a finite number",
        ),
        (
            "[[channel]]\nid = \"gifts\"\ngroup = \"nope\"\n",
            "group 'nope' is not defined",
        ),
        (
            "[[channel]]\nid = \"gifts\"\nfactors = [\"regoin\"]\n",
            "factor 'regoin' is not defined",
        ),
        (
            "[[channel]]\nid = \"a\"\nname = \"A\"\nbasis = \"views\"\nrate = { per = 1, low = 1, high = 1 }\n[[channel]]\nid = \"a\"\n",
            "duplicate channel id 'a'",
        ),
        ("[[channel]]\nname = \"no id\"\n", "has no `id`"),
        ("schema_version = 2\n", "schema_version 2 is not supported"),
        ("as_of = \"June 2026\"\n", "as_of 'June 2026' is not a date"),
        (
            "[[channel]]\nid = \"gifts\"\nbasis = \"view\"\n",
            "'view' is not a basis",
        ),
        (
            "[[channel]]\nid = \"affiliate\"\ncross_check = { grade = \"A\" }\n",
            "grade A is stronger than any of its sources (best: D)",
        ),
        (
            "[[channel]]\nid = \"gifts\"\navailability = { regions = [\"zz\"] }\n",
            "names region 'zz', which the table does not define",
        ),
        (
            "[[channel]]\nid = \"gifts\"\neligibility = { min_followers = -1 }\n",
            "min_followers is -1: it must not be negative",
        ),
        (
            "[[region]]\ncode = \"nz\"\nname = \"New Zealand\"\n",
            "no entry for region 'nz'",
        ),
        // Every missing region at once, not one a run.
        (
            "[[factor]]\nid = \"market\"\nname = \"Market\"\nkeyed_by = \"region\"\n\
             grade = \"D\"\nsources = [{ title = \"a card\", date = \"2026\", grade = \"D\" }]\n\
             entries = { us = 1, gb = 0.8, ca = 0.8, au = 0.8, de = 0.6, fr = 0.6, es = 0.6, \
             it = 0.6, jp = 0.6, kr = 0.6, br = 0.4, mx = 0.4 }\n",
            "no entry for regions 'id', 'ph', 'th', 'my', 'sg', 'vn', 'other': every region where TikTok is available",
        ),
        (
            "[[factor]]\nid = \"niche\"\nneutral = \"none\"\n",
            "neutral names 'none'",
        ),
        (
            "[[channel]]\nid = \"sponsorship\"\ncross_check.factors = [\"regoin\"]\n",
            "channel 'sponsorship': cross_check: factor 'regoin' is not defined",
        ),
        (
            "[[factor]]\nid = \"engagement\"\nentries.low = { low = 1, high = 1 }\n",
            "needs `from`",
        ),
        (
            "[[channel]]\nid = \"gifts\"\nrate = { per = 0 }\n",
            "per is 0: it must be 1 or more",
        ),
        (
            "[[channel]]\nid = \"gifts\"\nrate = { low = 0.0000000001 }\n",
            "more than 9 decimal places",
        ),
        (
            "[[channel]]\nid = \"Gifts!\"\n",
            "must be lower-case letters",
        ),
    ] {
        let err = error(text).to_string();
        assert!(
            err.contains(fragment),
            "for {text:?}\n got: {err}\nwant: {fragment}"
        );
        assert!(err.starts_with("user.toml"), "names the file: {err}");
    }
}

/// A share above 1 (a percentage written for a fraction) is refused with the fraction to
/// write, before the order of its ends is checked.
#[test]
fn shares_above_one_are_refused_with_the_fraction_to_write() {
    for (text, fragment) in [
        (
            "[[channel]]\nid = \"creator_rewards\"\nqualified_share = { high = 1.5 }\n",
            "qualified_share high is 1.5: a share cannot exceed 1; for 1.5% write 0.015",
        ),
        // A percentage written for a share is told so, not told to swap low and high.
        (
            "[[channel]]\nid = \"creator_rewards\"\nqualified_share = { low = 45, high = 0.9 }\n",
            "qualified_share low is 45: a share cannot exceed 1; for 45% write 0.45",
        ),
        // So is a factor's entry when the factor is a share of a price.
        (
            "[[factor]]\nid = \"subscription_share\"\nentries = { us = { low = 70, high = 90 } }\n",
            "factor 'subscription_share': entry 'us' low is 70: a share cannot exceed 1; for 70% write 0.7",
        ),
        (
            "[[factor]]\nid = \"subscription_share\"\nentries = { gb = 1.2 }\n",
            "entry 'gb' low is 1.2: a share cannot exceed 1",
        ),
        (
            "[[factor]]\nid = \"subscription_share\"\nentries = { gb = 7000 }\n",
            "entry 'gb' low is 7000: a share cannot exceed 1",
        ),
    ] {
        let err = error(text).to_string();
        assert!(
            err.contains(fragment),
            "for {text:?}\n got: {err}\nwant: {fragment}"
        );
    }
    // Past 100 it is no percentage either, and no fraction is offered.
    let err = error("[[factor]]\nid = \"subscription_share\"\nentries = { gb = 7000 }\n");
    assert!(!err.to_string().contains("write"), "{err}");
}

#[test]
fn fee_tiers_exclusions_lengths_and_places_are_refused_with_what_to_fix() {
    for (text, fragment) in [
        (
            "[[channel]]\nid = \"sponsorship\"\nrate = { high = 150 }\n",
            "channel 'sponsorship': rate: high does not apply to a fee per post",
        ),
        (
            "[[channel]]\nid = \"sponsorship\"\nrate.tier = []\n",
            "needs at least one [[channel.rate.tier]]",
        ),
        (
            "[[channel]]\nid = \"sponsorship\"\nrate.tier = [{ id = \"a\", from = 1000, low = 1, high = 2 }, { id = \"b\", from = 1000, low = 1, high = 2 }]\n",
            "tier 'b': from (1000) must be above the tier before it",
        ),
        (
            "[[channel]]\nid = \"sponsorship\"\nrate.tier = [{ id = \"a\", from = 1000, low = 1, high = 20, high_per_follower = 0.01 }]\n",
            "tier 'a': give high or high_per_follower, not both",
        ),
        (
            "[[channel]]\nid = \"sponsorship\"\nrate.tier = [{ id = \"a\", from = 1000, low = 50, high_per_follower = 0.01 }]\n",
            "is below low (50)",
        ),
        (
            "[[channel]]\nid = \"affiliate\"\nrate.tier = [{ id = \"a\", from = 5000, low = 1, high = 2 }]\n",
            "tiers are for a fee per post, but the basis is sales",
        ),
        (
            "[[channel]]\nid = \"sponsorship\"\nexcludes = [{ channel = \"creator_reward\", why = \"x\" }]\n",
            "names channel 'creator_reward', which the table does not define",
        ),
        (
            "[[channel]]\nid = \"sponsorship\"\nexcludes = [{ channel = \"sponsorship\", why = \"x\" }]\n",
            "names the channel itself",
        ),
        (
            "[[channel]]\nid = \"creator_rewards\"\nexcludes = [{ channel = \"creator_fund\", why = \"x\" }]\n",
            "excludes is set, but the channel is not opt_in",
        ),
        (
            "[[channel]]\nid = \"creator_rewards\"\neligibility.video_over = \"a minute\"\n",
            "video_over: 'a minute' is not a video length",
        ),
        (
            "[[channel]]\nid = \"sponsorship\"\ncross_check = { basis = \"diamonds\", per = 1, low = 1, high = 2 }\n",
            "a cross-check prices the video's views",
        ),
        (
            "[[region]]\ncode = \"us\"\nunavailable = { since = \"2030-01-01\", why = \"x\" }\n",
            "since is 2030-01-01, after the table's as_of",
        ),
        (
            "[[factor]]\nid = \"region\"\nentries = { us = 1 }\n[[region]]\ncode = \"in\"\nunavailable = {}\n",
            "region 'in': unavailable: since is missing",
        ),
    ] {
        let err = error(text).to_string();
        assert!(
            err.contains(fragment),
            "for {text:?}\n got: {err}\nwant: {fragment}"
        );
        assert!(err.starts_with("user.toml"), "names the file: {err}");
    }
}

#[test]
fn parse_errors_give_line_column_and_a_suggestion() {
    let err = error("[[channel]]\nid = \"sponsorship\"\n[channel.rat]\nlow = 1\n");
    assert_eq!(err.location, Some((3, 10)));
    assert_eq!(err.hint.as_deref(), Some("did you mean `rate`?"));
    assert!(
        err.to_string()
            .starts_with("user.toml:3:10: unknown field `rat`")
    );

    let err = error("name = \"x\"\nas_of = 2026-13-01\n");
    assert_eq!(err.location.map(|l| l.0), Some(2));

    let err = error("[[channel]\n");
    assert_eq!(err.location.map(|l| l.0), Some(1));
}

/// The rate card workflow: the table written by `earn rates --format toml`, one figure edited.
/// The grade and sources copied with it described the old figure, so the edited one is shown
/// as set by the file; the figures left as they were keep theirs; and the table is named after
/// the file, since the built-in name was copied too.
#[test]
fn an_edited_dump_marks_what_it_changed_and_keeps_the_rest_sourced() {
    let built_in = rates::built_in().unwrap();
    let dump = rates::to_toml(&built_in);
    let old = "[channel.rate]\nper = 100\nlow = 5\nhigh = 20\n";
    assert!(
        dump.contains(old),
        "the affiliate rate, as the dump writes it: {dump}"
    );
    let mut card = dump.replace(old, "[channel.rate]\nper = 100\nlow = 5\nhigh = 8\n");
    // A name copied from the built-in table does not name the file's table.
    card.insert_str(0, "name = \"earn default rates\"\n");
    let table = load(&card).unwrap();
    assert_eq!(table.name, "earn default rates with user.toml");
    let affiliate = table.channel("affiliate").unwrap();
    assert_eq!(affiliate.rate.high.unwrap().to_string(), "8");
    assert_eq!(affiliate.rate.grade, None);
    let titles: Vec<&str> = affiliate
        .rate
        .sources
        .iter()
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(titles, ["user.toml sets rate.high with no source"]);
    // Given as they were, the others keep their grades and sources.
    let rewards = table.channel("creator_rewards").unwrap();
    assert_eq!(
        rewards.rate,
        built_in.channel("creator_rewards").unwrap().rate
    );
    // A name of the file's own is kept, and written back out.
    let named = load(&card.replacen("earn default rates", "Our card", 1)).unwrap();
    assert_eq!(named.name, "Our card");
    assert!(rates::to_toml(&named).contains("name = \"Our card\""));
}

/// A figure's grade stands with the sources it is given with: the file's own sources keep the
/// file's grade whatever letter it is, and copied sources vouch for nothing, grade included.
/// Factor entries follow the same rules.
#[test]
fn provenance_is_the_files_own_or_none() {
    let own = "sources = [{ title = \"Our 2026 invoices\", date = \"2026\", grade = \"D\" }]";
    let table =
        load(&format!("[[channel]]\nid = \"creator_rewards\"\n[channel.rate]\nlow = 0.5\nhigh = 0.9\ngrade = \"D\"\n{own}\n"))
            .unwrap();
    let rate = &table.channel("creator_rewards").unwrap().rate;
    assert_eq!(
        rate.grade,
        Some(earn::rates::Grade::D),
        "the file's own grade, though the built-in's too"
    );
    assert_eq!(rate.sources[0].title, "Our 2026 invoices");

    // A dump's figure edited and regraded, its sources left as they were: not refused, and
    // not graded on sources that described the old figure.
    let built_in = rates::built_in().unwrap();
    let dump = rates::to_toml(&built_in);
    let old = "[channel.rate]\nper = 100\nlow = 5\nhigh = 20\ngrade = \"B\"\n";
    assert!(dump.contains(old), "{dump}");
    let card = dump.replace(
        old,
        "[channel.rate]\nper = 100\nlow = 6\nhigh = 20\ngrade = \"C\"\n",
    );
    let rate = load(&card)
        .unwrap()
        .channel("affiliate")
        .unwrap()
        .rate
        .clone();
    assert_eq!(rate.grade, None);
    assert_eq!(
        rate.sources[0].title,
        "user.toml sets rate.low with no source"
    );

    // A factor entry given as it was is no change; one changed under copied sources is the
    // file's, and the built-in sources no longer speak for it.
    let region = |text: &str| load(text).unwrap().factor("region").unwrap().clone();
    let same =
        region("[[factor]]\nid = \"region\"\n[factor.entries]\ngb = { low = 0.7, high = 0.9 }\n");
    assert_eq!(same, *built_in.factor("region").unwrap());
    let entry = "[factor.entries.gb]\nlow = 0.7\nhigh = 0.9\n";
    assert!(
        dump.contains(entry),
        "the region factor's gb entry, as the dump writes it"
    );
    let changed = region(&dump.replacen(entry, "[factor.entries.gb]\nlow = 0.4\nhigh = 0.5\n", 1));
    let titles: Vec<&str> = changed
        .sources_for("gb")
        .iter()
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(titles, ["user.toml sets entries.gb with no source"]);
    assert_eq!(changed.entry("gb").unwrap().grade, None);
}

/// Any tier may set its high by the follower: a tier below the top then ends at its next
/// tier's start, and its high grows with the account within it.
#[test]
fn a_bounded_tier_may_price_its_high_per_follower() {
    let table = load(
        "[[channel]]\nid = \"sponsorship\"\nrate.tier = [{ id = \"small\", from = 1000, low = 5, high_per_follower = 0.01 }, { id = \"large\", from = 100000, low = 900, high = 2000 }]\n",
    )
    .unwrap();
    let tiers = &table.channel("sponsorship").unwrap().rate.tiers;
    assert_eq!(tiers.len(), 2);
    let high = |followers: u64| {
        table
            .channel("sponsorship")
            .unwrap()
            .tier(followers)
            .and_then(|t| t.high_for(followers))
            .map(|d| d.to_string())
    };
    assert_eq!(high(1_000).as_deref(), Some("10"));
    assert_eq!(high(99_999).as_deref(), Some("999.99"));
    assert_eq!(high(100_000).as_deref(), Some("2000"));
}

/// A file checks its own sources against its `as_of`, not the built-in ones it keeps or gives
/// again as they are: a card as of an earlier month than the built-in table loads, and so
/// does its dump, which writes every built-in source out.
#[test]
fn sources_kept_from_the_built_in_table_are_not_dated_against_a_file_s_as_of() {
    // Before the built-in exchange rates' date too: a dump gives them again as they are.
    for as_of in ["2026-06", "2026-01"] {
        let card = load(&format!("as_of = \"{as_of}\"\n")).unwrap();
        assert_eq!(card.as_of, as_of);
        let dump = rates::to_toml(&card);
        let back = load(&dump).unwrap_or_else(|e| panic!("{as_of}: {e}"));
        assert_eq!(back.as_of, as_of);
    }
    // One of its own that is newer is refused.
    let own = "as_of = \"2026-06\"\n[[channel]]\nid = \"gifts\"\n[[channel.rate.sources]]\n\
               title = \"Our invoices\"\ndate = \"2026-08\"\n";
    let said = lines_and_messages(&error(own));
    let late = "a source is dated 2026-08, after the table's as_of (2026-06)";
    assert!(said.iter().any(|(_, m)| m.contains(late)), "{said:?}");
}

#[test]
fn a_file_may_not_date_anything_after_today() {
    let on = |text: &str, today: &str| {
        rates::load_on(
            Some(Layer {
                origin: "user.toml",
                text,
            }),
            today,
        )
    };
    let said = |text: &str, today: &str| lines_and_messages(&on(text, today).unwrap_err());
    // An as_of in the future; today's month is not after today.
    let future = said("as_of = \"2027-06\"\n", "2026-12-06");
    assert_eq!(future.len(), 1, "{future:?}");
    assert_eq!(
        future[0],
        (
            Some(1),
            "as_of is 2027-06, after today (2026-12-06, the latest date anywhere by this computer's clock): a table \
             states what has happened by its date"
                .to_string()
        )
    );
    assert!(on("as_of = \"2026-12\"\n", "2026-12-06").is_ok());
    assert!(on("as_of = 2026-12-06\n", "2026-12-06").is_ok());
    // A closure later in the month an as_of of a month lets through, and a source likewise:
    // the latest is named, the others counted.
    let closure = "as_of = \"2026-12\"\n[[channel]]\nid = \"creator_rewards\"\n\
                   [[channel.availability.closed]]\non = \"2026-12-31\"\nregions = [\"jp\"]\n\
                   [[channel.rate.sources]]\ntitle = \"TikTok\"\ndate = \"2026-12-20\"\ngrade = \"A\"\n";
    let late = said(closure, "2026-12-06");
    assert_eq!(late.len(), 1, "{late:?}");
    assert_eq!(late[0].0, Some(5));
    assert!(
        late[0].1.starts_with(
            "channel 'creator_rewards': availability: closed.on is 2026-12-31, after today \
             (2026-12-06, the latest date anywhere by this computer's clock) (and 1 more dated after today)"
        ),
        "{late:?}"
    );
    assert!(on(closure, "2026-12-31").is_ok());
    // Without today, as the library's plain `load`, nothing is compared with it.
    assert!(load(closure).is_ok());
    // A source after the as_of, and after today: moving as_of would not do.
    let source = "[[channel]]\nid = \"gifts\"\n[[channel.rate.sources]]\n\
                  title = \"Our invoices\"\ndate = \"2027-01-15\"\ngrade = \"C\"\n";
    let err = on(source, "2026-12-06").unwrap_err();
    let hint = err.problems()[0].hint.clone();
    assert_eq!(
        hint.as_deref(),
        Some("correct the date: 2027-01-15 is after today (2026-12-06)")
    );
    // A dump of the built-in table, its sources the table's own, is not the file's to date:
    // read back on a day before the newest of them (2026-12-04), it loads.
    let dump = rates::to_toml(&rates::built_in().unwrap());
    assert!(dump.contains("date = \"2026-12-04\""));
    assert!(on(&dump, "2026-12-01").is_ok());
    // Today is a date, or nothing is compared with it.
    for bad in ["2026-12", "2026-12-6", "2026-1\u{e9}-06", "tomorrow"] {
        let err = on("", bad).unwrap_err();
        assert!(
            err.to_string().contains("is not a date written YYYY-MM-DD"),
            "{bad}: {err}"
        );
    }
    let err = on(source, "2027-02-01").unwrap_err();
    assert_eq!(
        err.problems()[0].hint.as_deref(),
        Some("move as_of to 2027-01-15 or later, or correct the date")
    );
}

/// Bands written as fractions in order pay in order, and are warned about, not refused.
#[test]
fn engagement_bands_from_under_one_percent_are_warned_about() {
    let table = load(
        "[[factor]]\nid = \"engagement\"\n[factor.entries]\n\
         typical = { from = 0.02, low = 1, high = 1 }\n\
         very_high = { from = 0.06, low = 1.5, high = 1.5 }\n",
    )
    .unwrap();
    assert_eq!(
        table.notices,
        [
            "factor 'engagement': band 'typical' starts at 0.02%: `from` is a percentage, so \
             for 2% write from = 2",
            "factor 'engagement': band 'very_high' starts at 0.06%: `from` is a percentage, so \
             for 6% write from = 6",
        ]
    );
    assert!(rates::built_in().unwrap().notices.is_empty());
}

#[test]
fn the_toml_dump_reads_back_to_the_same_table() {
    let table = rates::built_in().unwrap();
    let text = rates::to_toml(&table);
    // The same table, named after the file it is read from: the dump leaves the built-in
    // table's name out, so that an edited copy is not taken for the built-in table.
    let mut back = load(&text).unwrap();
    assert_eq!(back.name, "earn default rates with user.toml");
    back.name.clone_from(&table.name);
    assert_eq!(back, table);

    // Also for a table a user file changed, ungraded figures and added channels included.
    let changed = load(
        r#"
        [[channel]]
        id = "affiliate"
        rate = { high = 150 }
        [[channel]]
        id = "sponsorship"
        rate.tier = [
            { id = "small", from = 1000, low = 10, high = 90 },
            { id = "large", from = "followers_100k", low = 900, high_per_follower = 0.02 },
        ]
        [[channel]]
        id = "creator_fund"
        availability.closed = { on = "2023-12-16" }
        [[channel]]
        id = "shorts"
        name = "Shorts"
        basis = "views"
        rate = { per = 1000, low = "0.123456789", high = 1 }
        [[factor]]
        id = "region"
        entries.gb = { low = 0.75, high = 0.95 }
        "#,
    )
    .unwrap();
    let text = rates::to_toml(&changed);
    // The dump leaves out the built-in entries the file's lists left out, and is told so as
    // the file was.
    let back = load(&text).unwrap();
    // The closures; the fee tiers, named the card's own way, are a ladder of its own.
    assert_eq!(changed.notices.len(), 1, "{:?}", changed.notices);
    assert_eq!(back, changed, "{text}");
}

#[test]
fn a_dump_of_a_changed_factor_reads_back_without_copying_its_sources() {
    let changed = load(
        "[[factor]]\nid = \"region\"\nentries.jp = { low = 0.9, high = 1.1 }\ngrade = \"B\"\n\
         [[factor.sources]]\ntitle = \"A press report on Japan\"\ndate = \"2026-10\"\ngrade = \"B\"\n",
    )
    .unwrap();
    // Each cycle of dump and load gives the same table: the built-in sources the dump repeats
    // are not taken for the file's own, once more each time.
    let once = load(&rates::to_toml(&changed)).unwrap();
    let twice = load(&rates::to_toml(&once)).unwrap();
    assert_eq!(once, changed);
    assert_eq!(twice, changed);
    let region = changed.factor("region").unwrap();
    let titles: Vec<&str> = region.sources.iter().map(|s| s.title.as_str()).collect();
    let mut unique = titles.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), titles.len(), "{titles:?}");
}

/// A factor a file adds an entry to, with a source the built-in factor has too, reads back
/// from its dump as it was: the copied source keeps what it was about, not the new entry.
#[test]
fn a_dump_of_a_factor_with_a_new_entry_and_a_copied_source_reads_back() {
    let engagement = "[[factor]]\nid = \"engagement\"\n\
         entries.high = { from = 4, low = 1.2, high = 1.2 }\ngrade = \"D\"\n\
         [[factor.sources]]\ntitle = \"The file's own source for the band\"\ndate = \"2026\"\n\
         grade = \"D\"\n";
    let built_in = rates::built_in().unwrap();
    let copied = rates::to_toml(&built_in);
    // The band's source, then one of the built-in factor's own, as a dump gives it.
    let below = &built_in.factor("engagement").unwrap().sources[0];
    let again = format!(
        "{engagement}[[factor.sources]]\ntitle = {:?}\ndate = {:?}\ngrade = \"D\"\nnote = {:?}\n",
        below.title,
        below.date.as_deref().unwrap(),
        below.note.as_deref().unwrap()
    );
    assert!(copied.contains(&format!("title = {:?}", below.title)));
    let changed = load(&again).unwrap();
    let once = load(&rates::to_toml(&changed)).unwrap();
    assert_eq!(once, changed);
}

#[test]
fn each_limit_has_its_own_message() {
    use earn::rates::limits::*;
    let long = "x".repeat(MAX_STRING_CHARS + 1);
    let channel = |i: usize| {
        format!(
            "[[channel]]\nid = \"c{i}\"\nname = \"C\"\nbasis = \"views\"\nrate = {{ per = 1, low = 1, high = 1 }}\n"
        )
    };
    let many_channels = (0..=MAX_CHANNELS).map(channel).collect::<Vec<_>>().concat();
    let many_sources = format!(
        "[[channel]]\nid = \"gifts\"\n[channel.rate]\nsources = [{}]\n",
        vec!["{ title = \"t\" }"; MAX_SOURCES + 1].join(", ")
    );
    let many_entries = format!(
        "[[factor]]\nid = \"niche\"\n[factor.entries]\n{}",
        (0..=MAX_FACTOR_ENTRIES)
            .map(|i| format!("n{i} = 1\n"))
            .collect::<Vec<_>>()
            .concat()
    );
    let long_list = format!(
        "notes = \"x\"\nname = \"x\"\nthing = [{}]\n",
        vec!["1"; MAX_ARRAY_LEN + 1].join(",")
    );
    let deep = format!(
        "x = {}1{}\n",
        "[".repeat(MAX_DEPTH + 1),
        "]".repeat(MAX_DEPTH + 1)
    );
    let very_deep = format!("x = {}1{}\n", "[".repeat(100_000), "]".repeat(100_000));
    for (text, fragment) in [
        (
            format!("notes = \"{long}\"\n"),
            "notes is 4097 characters long; strings may be at most 4096",
        ),
        (
            format!("{} = 1\n", "k".repeat(MAX_KEY_CHARS + 1)),
            "is 65 characters long; keys may be at most 64",
        ),
        (
            many_channels,
            "the table has 101 channels; at most 100 are allowed",
        ),
        (
            many_sources,
            "channel 'gifts': rate has 51 sources; a figure may have at most 50",
        ),
        (
            many_entries,
            "factor 'niche' has 501 entries; a factor may have at most 500",
        ),
        (
            long_list,
            "thing has 1001 items; a list may have at most 1000",
        ),
        (
            deep,
            "is nested 11 levels deep; a rates file may nest at most 10",
        ),
        (
            very_deep,
            "nested too deeply; a rates file may nest at most 10 levels",
        ),
        (
            "#".repeat(MAX_BYTES + 1),
            "a rates file may be at most 1048576 bytes",
        ),
    ] {
        let err = error(&text).to_string();
        assert!(err.contains(fragment), "got: {err}\nwant: {fragment}");
    }
}

#[test]
fn a_rates_file_replaces_the_exchange_rates_whole() {
    let table = load(
        r#"
[fx]
base = "USD"
as_of = "2026-11-01"
[[fx.sources]]
title = "A bank's board rate, read off its counter"
date = "2026-11-01"
[[fx.currency]]
code = "USD"
name = "US dollar"
symbol = "$"
decimals = 2
per_base = 1
[[fx.currency]]
code = "CHF"
name = "Swiss franc"
symbol = "CHF "
decimals = 2
per_base = 0.8
"#,
    )
    .unwrap();
    let codes: Vec<&str> = table
        .fx
        .currencies
        .iter()
        .map(|c| c.code.as_str())
        .collect();
    assert_eq!(codes, ["USD", "CHF"], "nothing of the built-in set is left");
    assert_eq!(table.fx.as_of, "2026-11-01");
    // Given without a grade, the set is ungraded, and so is every converted figure.
    assert_eq!(table.fx.grade, None);
    assert_eq!(table.fx.sources.len(), 1);

    let input = earn::Input {
        views: 1_000_000,
        currency: Some("chf".into()),
        ..earn::Input::default()
    };
    let estimate = earn::estimate(&table, &input).unwrap();
    let fund = &estimate.channels[0];
    // $12–$50 × 0.8, and ungraded, since the exchange rate behind it is.
    assert_eq!(fund.amount.unwrap().low.to_string(), "CHF 9.60");
    assert_eq!(fund.amount.unwrap().high.to_string(), "CHF 40.00");
    assert_eq!(fund.grade, None);
}

#[test]
fn the_built_in_exchange_rates_are_sourced_and_dated() {
    let table = rates::built_in().unwrap();
    assert_eq!(table.currency, "USD");
    assert_eq!(table.fx.base, "EUR");
    assert_sourced(&table.fx.sources, "fx");
    for code in [
        "USD", "EUR", "GBP", "JPY", "KRW", "BRL", "MXN", "CAD", "AUD", "INR", "IDR", "PHP",
    ] {
        assert!(table.fx.currency(code).is_some(), "{code}");
    }
    for (code, decimals) in [("JPY", 0), ("KRW", 0), ("IDR", 0), ("EUR", 2), ("USD", 2)] {
        assert_eq!(
            table.fx.currency(code).unwrap().unit().decimals(),
            decimals,
            "{code}"
        );
    }
}

#[test]
fn a_replaced_figure_keeps_the_files_grade_and_sources_and_drops_the_built_in_ones() {
    let own = r#"{ title = "Our agency's 2026 deals", date = "2026-10", grade = "C" }"#;
    let table = load(&format!(
        r#"
        [[channel]]
        id = "affiliate"
        rate = {{ high = 150, grade = "C", sources = [{own}] }}
        [[channel]]
        id = "sponsorship"
        rate = {{ grade = "C", sources = [{own}], tier = [{{ id = "all", from = 1000, low = 50, high_per_follower = 0.05 }}] }}
        cross_check = {{ low = 5, high = 50, grade = "C", sources = [{own}] }}
        [[channel]]
        id = "creator_rewards"
        qualified_share = {{ low = 0.5, high = 0.6, grade = "C", sources = [{own}] }}
        eligibility = {{ min_views_30d = 50000, sources = [{own}] }}
        "#
    ))
    .unwrap();
    let titles =
        |sources: &[Source]| -> Vec<String> { sources.iter().map(|s| s.title.clone()).collect() };
    let ours = ["Our agency's 2026 deals".to_string()];
    let affiliate = table.channel("affiliate").unwrap();
    assert_eq!(affiliate.rate.grade, Some(earn::rates::Grade::C));
    assert_eq!(titles(&affiliate.rate.sources), ours, "rate");
    let sponsorship = table.channel("sponsorship").unwrap();
    assert_eq!(titles(&sponsorship.rate.sources), ours, "tiers");
    let check = sponsorship.cross_check.as_ref().unwrap();
    assert_eq!(titles(&check.sources), ours, "cross-check");
    assert_eq!(check.notes, None, "the built-in notes described $10-$100");
    let rewards = table.channel("creator_rewards").unwrap();
    let share = rewards.qualified_share.as_ref().unwrap();
    assert_eq!(share.grade, Some(earn::rates::Grade::C));
    assert_eq!(titles(&share.sources), ours, "qualified share");
    assert_eq!(titles(&rewards.eligibility.sources), ours, "thresholds");

    // Without sources of its own, a replaced figure is shown as the file's, ungraded.
    let table = load(
        "[[channel]]\nid = \"creator_rewards\"\neligibility.min_age = 16\nqualified_share.high = 0.95\n",
    )
    .unwrap();
    let rewards = table.channel("creator_rewards").unwrap();
    assert_eq!(
        titles(&rewards.eligibility.sources),
        ["user.toml sets eligibility.min_age with no source"]
    );
    let share = rewards.qualified_share.as_ref().unwrap();
    assert_eq!(share.grade, None);
    assert_eq!(
        titles(&share.sources),
        ["user.toml sets qualified_share.high with no source"]
    );
    // A channel's notes describe the channel, not one figure: they stay.
    assert!(rewards.notes.is_some());
}

#[test]
fn a_replaced_factor_entry_has_the_files_grade_and_sources_and_the_rest_keep_theirs() {
    use earn::rates::Grade;
    let table = load(
        r#"
        [[factor]]
        id = "region"
        grade = "C"
        entries.gb = 0.95
        sources = [{ title = "Our UK campaigns", date = "2026-10", grade = "C" }]
        "#,
    )
    .unwrap();
    let region = table.factor("region").unwrap();
    assert_eq!(
        region.entry("gb").unwrap().grade,
        Some(Grade::C),
        "the file's"
    );
    assert_eq!(
        region.entry("de").unwrap().grade,
        Some(Grade::D),
        "the table's"
    );
    assert_eq!(region.grade, Some(Grade::D));
    let titles = |key: &str| -> Vec<String> {
        region
            .sources_for(key)
            .iter()
            .map(|s| s.title.clone())
            .collect()
    };
    assert_eq!(titles("gb"), ["Our UK campaigns"]);
    assert!(titles("de")[0].starts_with("calculatecreator.com"));
    assert!(!titles("de").contains(&"Our UK campaigns".to_string()));

    // Ungraded, the file's entry makes only estimates that use it ungraded.
    let table = load("[[factor]]\nid = \"region\"\nentries.gb = 0.95\n").unwrap();
    let region = table.factor("region").unwrap();
    assert_eq!(region.entry("gb").unwrap().grade, None);
    assert_eq!(region.entry("de").unwrap().grade, Some(Grade::D));
    let grade_in = |audience: &str| {
        let input = earn::Input {
            views: 1_000_000,
            region: Some(audience.into()),
            ..earn::Input::default()
        };
        let estimate = earn::estimate(&table, &input).unwrap();
        estimate
            .channels
            .iter()
            .find(|c| c.id == "creator_rewards")
            .unwrap()
            .grade
    };
    assert_eq!(grade_in("gb"), None);
    assert_eq!(grade_in("de"), Some(Grade::D));
    // And the table reads back to itself.
    assert_eq!(load(&rates::to_toml(&table)).unwrap(), table);
}

#[test]
fn every_problem_of_a_file_is_reported_at_once_each_at_its_line() {
    let err = error(
        "[[channel]]\nid = \"sponsorhip\"\nopt_in = \"a deal\"\n\n[[channel]]\nid = \"affiliate\"\n[channel.rate]\nlow = 5\nhigh = 1\n[channel.eligibility]\nmin_age = -1\n",
    );
    let problems = err.problems();
    let found: Vec<(Option<usize>, &str)> = problems
        .iter()
        .map(|p| (p.location.map(|l| l.0), p.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                Some(2),
                "channel 'sponsorhip' is not one of the built-in channels, and a new channel needs name, basis and rate: it has none of them"
            ),
            (
                Some(8),
                "channel 'affiliate': rate: low (5) is greater than high (1); swap them or correct one"
            ),
            (
                Some(11),
                "channel 'affiliate': eligibility: min_age is -1: it must not be negative"
            ),
        ]
    );
    assert!(
        problems[0]
            .hint
            .as_deref()
            .unwrap()
            .starts_with("did you mean 'sponsorship'?")
    );
    assert!(err.to_string().ends_with("(and 2 more problems)"), "{err}");

    // A misspelt key or a value of the wrong type does not hide what the rest of the file
    // means: the misspelt channel id is found in the same run.
    let err = error(
        "curency = \"GBP\"\n[[channel]]\nid = \"sponsorhip\"\n\n[[channel]]\nid = \"affiliate\"\n[channel.rate]\nlow = \"cheap\"\nhihg = 3\n",
    );
    let found = lines_and_messages(&err);
    let lines: Vec<Option<usize>> = found.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [Some(1), Some(3), Some(8), Some(9)], "{found:?}");
    assert!(found[0].1.contains("`curency`"), "{found:?}");
    assert!(found[1].1.contains("'sponsorhip'"), "{found:?}");
    assert!(found[2].1.contains("'cheap'"), "{found:?}");
    assert!(found[3].1.contains("`hihg`"), "{found:?}");

    // Also when the misspelt key is dotted, as a table of its own: the key is at fault, not
    // what it holds.
    let err = error(
        "[[channel]]\nid = \"affiliate\"\nrat.high = 8\nrate.low = 25\n\n[[channel]]\nid = \"sponsorhip\"\n",
    );
    let found = lines_and_messages(&err);
    let lines: Vec<Option<usize>> = found.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [Some(3), Some(4), Some(7)], "{found:?}");
    assert!(found[0].1.contains("unknown field `rat`"), "{found:?}");
    assert!(
        found[1].1.contains("low (25) is greater than high"),
        "{found:?}"
    );
    assert!(found[2].1.contains("'sponsorhip'"), "{found:?}");
}

/// The people TikTok reaches is a figure with its source: a file may change it (then it is the
/// file's, ungraded without sources of its own), and must give at least one person.
#[test]
fn the_people_tiktok_reaches_is_a_sourced_figure() {
    let built_in = rates::built_in().unwrap();
    let platform = built_in.platform.as_ref().unwrap();
    assert_eq!(platform.monthly_people, 1_000_000_000);
    assert_eq!(platform.sources[0].grade, Some(earn::rates::Grade::A));
    let table = load("[platform]\nmonthly_people = 2_000_000_000\n").unwrap();
    let platform = table.platform.unwrap();
    assert_eq!(platform.monthly_people, 2_000_000_000);
    let titles: Vec<&str> = platform.sources.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        ["user.toml sets platform.monthly_people with no source"]
    );
    for (text, fragment) in [
        (
            "[platform]\nmonthly_people = 0\n",
            "[platform] monthly_people is 0",
        ),
        (
            "[platform]\nmonthly_people = -1\n",
            "[platform] monthly_people is -1",
        ),
        ("[platform]\nmonthly_peple = 1\n", "monthly_peple"),
    ] {
        let message = error(text).to_string();
        assert!(message.contains(fragment), "{text}: {message}");
    }
}

/// An engagement band starts at a percentage: 0 to 100, no more and no less.
#[test]
fn an_engagement_band_starts_between_0_and_100_percent() {
    let band = |from: &str| {
        format!(
            "[[factor]]\nid = \"engagement\"\n[factor.entries]\nvery_high = {{ from = {from}, low = 1.5, high = 1.5 }}\n"
        )
    };
    for from in ["6", "7.5", "100"] {
        assert!(load(&band(from)).is_ok(), "from = {from}");
    }
    for from in ["101", "-1", "100.5"] {
        let message = error(&band(from)).to_string();
        assert!(
            message.contains(&format!(
                "entry 'very_high': from is {from}: a percentage between 0 and 100"
            )),
            "from = {from}: {message}"
        );
    }
}

/// A region factor's entries are kept in the table's region order, whatever order a file
/// writes them in (TOML tables read alphabetically): `earn rates` shows them so.
#[test]
fn region_factor_entries_follow_the_table_s_region_order() {
    let table = load("[[factor]]\nid = \"region\"\n[factor.entries]\nus = { low = 1, high = 1 }\nbr = { low = 0.2, high = 0.3 }\n").unwrap();
    let codes: Vec<&str> = table.regions.iter().map(|r| r.code.as_str()).collect();
    let factor = table.factors.iter().find(|f| f.id == "region").unwrap();
    let keys: Vec<&str> = factor.entries.iter().map(|e| e.key.as_str()).collect();
    let in_region_order: Vec<&str> = codes
        .iter()
        .copied()
        .filter(|code| keys.contains(code))
        .collect();
    assert_eq!(keys, in_region_order);
    // Not alphabetical: the table lists us before br.
    let place = |code: &str| keys.iter().position(|k| *k == code).unwrap();
    assert!(place("us") < place("br"), "{keys:?}");
}

/// A table a file gives in part (an exclusion without its `why`) does not hide what follows it
/// in the file: both are reported, each at its line.
#[test]
fn a_table_given_in_part_does_not_hide_the_keys_after_it() {
    let err = error(
        "[[channel]]\nid = \"affiliate\"\nexcludes = [{ channel = \"gifts\" }]\nenabled = \"yes\"\n",
    );
    let found = lines_and_messages(&err);
    assert_eq!(
        found,
        [
            (
                Some(3),
                "channel 'affiliate': excludes 'gifts': why is missing".to_string()
            ),
            (
                Some(4),
                "channel 'affiliate': enabled: invalid type: string \"yes\", expected true or false"
                    .to_string()
            ),
        ]
    );
}

/// A value's own check names the value by its place in the table, and a new element that
/// lacks a key is reported beside the other problems of the file.
#[test]
fn a_values_own_check_is_named_by_its_place() {
    let err = error(
        "[[region]]\ncode = \"zz\"\n\n[[milestone]]\nid = \"views_100\"\nat = -1\n\n[[channel]]\nid = \"gifts\"\nrate.sources = [{ title = \"t\", date = \"2020-13\" }]\n",
    );
    let found = lines_and_messages(&err);
    assert_eq!(
        found,
        [
            (Some(1), "region 'zz': name is missing".to_string()),
            (
                Some(6),
                "milestone 'views_100': at is -1: it must not be negative".to_string()
            ),
            (
                Some(10),
                "channel 'gifts': rate source 1: date '2020-13' is not a date of the calendar: check its month"
                    .to_string()
            ),
        ]
    );
}

/// A cross-check prices all of the video's views, whichever per-view basis it names.
#[test]
fn a_cross_check_prices_the_videos_views() {
    let table = load(
        "[[channel]]\nid = \"sponsorship\"\ncross_check = { basis = \"qualified_views\", per = 1000, low = 1, high = 2 }\n",
    )
    .unwrap();
    let check = table
        .channel("sponsorship")
        .unwrap()
        .cross_check
        .as_ref()
        .unwrap();
    assert_eq!(check.basis, earn::rates::Basis::Views);
}

/// A file that sets nothing (empty, or only comments: a save cut short, a step that wrote
/// nothing) is refused: the built-in figures would pass for a rate card's.
#[test]
fn a_file_that_sets_nothing_is_refused() {
    for text in ["", "# figures to come\n\n"] {
        let e = load(text).unwrap_err();
        assert_eq!(e.message, "sets nothing: it is empty, or only comments");
        assert!(
            e.hint
                .unwrap()
                .ends_with("or give no rates file to use the built-in table")
        );
    }
    assert_eq!(
        load("as_of = \"2026-12\"\n").unwrap().notices,
        Vec::<String>::new()
    );
}

/// A region closed twice the same way would be said closed on whichever date came first in the
/// file; a closure to new creators and a full one are two things, as the built-in table has.
#[test]
fn a_region_closed_twice_is_refused() {
    let twice = "[[channel]]\nid = \"creator_rewards\"\n\
                 [[channel.availability.closed]]\non = \"2026-11-15\"\nregions = [\"kr\"]\n\
                 [[channel.availability.closed]]\non = \"2026-10-01\"\nregions = [\"jp\", \"kr\"]\n";
    let err = error(twice).to_string();
    assert!(
        err.contains(
            "channel 'creator_rewards': availability: closed twice in 'kr', on 2026-11-15 and on \
             2026-10-01: a region closes once"
        ),
        "{err}"
    );
    let everywhere = "[[channel]]\nid = \"creator_rewards\"\n\
                      [[channel.availability.closed]]\non = \"2026-11-15\"\n\
                      [[channel.availability.closed]]\non = \"2026-10-01\"\n";
    assert!(
        error(everywhere)
            .to_string()
            .contains("closed twice everywhere, on 2026-11-15")
    );
    let two_kinds = "[[channel]]\nid = \"creator_rewards\"\n\
                     [[channel.availability.closed]]\non = \"2026-11-15\"\nregions = [\"kr\"]\n\
                     [[channel.availability.closed]]\non = \"2026-10-01\"\nnew_creators_only = true\n";
    assert!(load(two_kinds).is_ok());
    // Closed in some regions, then everywhere: a programme's history.
    let history = "[[channel]]\nid = \"creator_rewards\"\n\
                   [[channel.availability.closed]]\non = \"2026-10-01\"\nregions = [\"kr\"]\n\
                   [[channel.availability.closed]]\non = \"2026-11-15\"\n";
    assert!(load(history).is_ok());
}

/// A list replaces the built-in one whole: a file whose closures, exclusions, factors, regions,
/// eligibility overrides or fee tiers leave out built-in ones is told which, and one that gives
/// them too, in any form, is told nothing.
#[test]
fn a_list_that_leaves_out_built_in_entries_is_noticed() {
    let one_closure = "[[channel]]\nid = \"creator_fund\"\n\
                       [[channel.availability.closed]]\non = \"2024-01-01\"\nregions = [\"it\"]\n";
    let table = load(one_closure).unwrap();
    assert_eq!(
        table.notices,
        [
            "channel 'creator_fund': its `availability.closed` list replaces the built-in closures and \
             leaves out: on 2023-12-16 in de, fr, gb, us; to new creators on 2023-02-20 everywhere. Give them too \
             to keep them (`earn rates --format toml` writes them)"
        ]
    );
    // Given again beside the new one, in another order, with dates written as TOML dates and
    // a default written out, nothing is left out.
    let kept = "[[channel]]\nid = \"creator_fund\"\n\
                [[channel.availability.closed]]\non = 2024-01-01\nregions = [\"it\"]\n\
                [[channel.availability.closed]]\non = 2023-02-20\nnew_creators_only = true\n\
                [[channel.availability.closed]]\non = 2023-12-16\nregions = [\"gb\", \"us\", \"fr\", \"de\"]\n\
                new_creators_only = false\n";
    assert_eq!(load(kept).unwrap().notices, Vec::<String>::new());
    // An exclusion left out lets a sponsored video count Creator Rewards; one given again,
    // without its sources, is no notice.
    let other = "[[channel]]\nid = \"sponsorship\"\n\
                 [[channel.excludes]]\nchannel = \"affiliate\"\nwhy = \"a test\"\n";
    assert_eq!(
        load(other).unwrap().notices,
        [
            "channel 'sponsorship': its `excludes` list replaces the built-in exclusions and leaves out: \
             creator_rewards. Give them too to keep them (`earn rates --format toml` writes them)"
        ]
    );
    let again = "[[channel]]\nid = \"sponsorship\"\n\
                 [[channel.excludes]]\nchannel = \"creator_rewards\"\nwhy = \"sponsored\"\n";
    assert_eq!(load(again).unwrap().notices, Vec::<String>::new());
    // The regions a channel is offered in, and its eligibility overrides, likewise: a launch
    // in Canada that forgets the others would close Creator Rewards everywhere else, and an
    // override for the US alone would drop Korea's age of 19.
    let launch = "[[channel]]\nid = \"creator_rewards\"\n[channel.availability]\nregions = [\"us\", \"ca\"]\n\
                  [[channel.eligibility.override]]\nregions = [\"us\"]\nmin_followers = 5000\n";
    assert_eq!(
        load(launch).unwrap().notices,
        [
            "channel 'creator_rewards': its `availability.regions` list replaces the built-in regions \
             and leaves out: gb; de; fr; jp; kr; br; mx. Give them too to keep them (`earn rates \
             --format toml` writes them)",
            "channel 'creator_rewards': its `eligibility.override` list replaces the built-in overrides \
             and leaves out: in kr: min_age = 19. Give them too to keep them (`earn rates \
             --format toml` writes them)"
        ]
    );
    let kept = "[[channel]]\nid = \"creator_rewards\"\n[channel.availability]\n\
                regions = [\"ca\", \"us\", \"gb\", \"de\", \"fr\", \"jp\", \"kr\", \"br\", \"mx\"]\n\
                [[channel.eligibility.override]]\nregions = [\"us\"]\nmin_followers = 5000\n\
                [[channel.eligibility.override]]\nmin_age = 19\nregions = [\"kr\"]\n";
    assert_eq!(load(kept).unwrap().notices, Vec::<String>::new());
    // Korea's override extended with a threshold of its own, or its age changed, or Korea
    // given with Japan: each still sets Korea's age, and nothing is left out.
    for korea in [
        "regions = [\"kr\"]\nmin_age = 19\nmin_followers = 50000\n",
        "regions = [\"kr\"]\nmin_age = 20\n",
        "regions = [\"jp\", \"kr\"]\nmin_age = 19\n",
    ] {
        let card = format!(
            "[[channel]]\nid = \"creator_rewards\"\n[[channel.eligibility.override]]\n{korea}"
        );
        assert_eq!(
            load(&card).unwrap().notices,
            Vec::<String>::new(),
            "{korea}"
        );
    }
    // A fee tier given alone replaces them all: a card that meant to raise the nano floor
    // would price a million followers at the nano fee, so it is told which tiers it drops.
    let one_tier = "[[channel]]\nid = \"sponsorship\"\n\
                    [[channel.rate.tier]]\nid = \"nano\"\nfrom = \"followers_1k\"\nlow = 10\nhigh_per_follower = 0.01\n";
    assert_eq!(
        load(one_tier).unwrap().notices,
        [
            "channel 'sponsorship': its `rate.tier` list replaces the built-in tiers and leaves out: \
             micro; mid; macro; mega. Give them too to keep them (`earn rates --format toml` \
             writes them)"
        ]
    );
    // A card's own ladder, named its own way, replaces the built-in one on purpose.
    let own_ladder = "[[channel]]\nid = \"sponsorship\"\n\
                      [[channel.rate.tier]]\nid = \"starter\"\nfrom = 2000\nlow = 50\nhigh = 150\n\
                      [[channel.rate.tier]]\nid = \"premium\"\nfrom = 250000\nlow = 4000\nhigh = 10000\n";
    assert_eq!(load(own_ladder).unwrap().notices, Vec::<String>::new());
    // One tier of its own is no ladder: every account is priced at it, and it is told so.
    let one_own = "[[channel]]\nid = \"sponsorship\"\n\
                   [[channel.rate.tier]]\nid = \"pro\"\nfrom = 100000\nlow = 500\nhigh = 900\n";
    assert_eq!(load(one_own).unwrap().notices.len(), 1);
    // Factors left out would price Brazil as the US, and niche and engagement as nothing.
    assert_eq!(
        load("[[channel]]\nid = \"creator_rewards\"\nfactors = [\"niche\"]\n")
            .unwrap()
            .notices,
        [
            "channel 'creator_rewards': its `factors` list replaces the built-in factors and leaves out: \
             region; engagement. Give them too to keep them (`earn rates --format toml` writes \
             them)"
        ]
    );
    // Nor is a change elsewhere in the channel.
    assert_eq!(
        load("[[channel]]\nid = \"creator_fund\"\nrate.low = 0.03\n")
            .unwrap()
            .notices,
        Vec::<String>::new()
    );
}

/// An empty list drops TikTok's rules as surely as a short one: said too, as removing them.
/// But `tier = []`, which a card that prices brand deals another way must give.
#[test]
fn an_empty_list_that_removes_built_in_entries_is_noticed() {
    let removed = |list: &str, what: &str, entries: &str| {
        format!(
            "its `{list}` list is empty, which removes the built-in {what}: {entries}. Give them \
             to keep them (`earn rates --format toml` writes them)"
        )
    };
    for (card, id, list, what, entries) in [
        (
            "[channel.availability]\nclosed = []",
            "creator_fund",
            "availability.closed",
            "closures",
            "on 2023-12-16 in de, fr, gb, us; to new creators on 2023-02-20 everywhere",
        ),
        (
            "excludes = []",
            "sponsorship",
            "excludes",
            "exclusions",
            "creator_rewards",
        ),
        (
            "[channel.eligibility]\noverride = []",
            "creator_rewards",
            "eligibility.override",
            "overrides",
            "in kr: min_age = 19",
        ),
        (
            "factors = []",
            "creator_rewards",
            "factors",
            "factors",
            "region; niche; engagement",
        ),
    ] {
        let notices = load(&format!("[[channel]]\nid = \"{id}\"\n{card}\n"))
            .unwrap()
            .notices;
        assert_eq!(
            notices,
            [format!("channel '{id}': {}", removed(list, what, entries))]
        );
    }
}

/// A milestone moved by a file moves every built-in figure that names it, whose sources state
/// the count they were written for: said, figure by figure, but for those the file gives.
#[test]
fn a_moved_milestone_names_the_built_in_figures_it_moves() {
    let moved = "[[milestone]]\nid = \"followers_10k\"\nat = 40000\n";
    let said = |figures: &str| {
        format!(
            "milestone 'followers_10k' is at 40000 in the file (10000 built in); the built-in \
             figures that name it move with it, though their sources state the count they were \
             written for: {figures}. To keep one where it was, give it a number of its own"
        )
    };
    assert_eq!(
        load(moved).unwrap().notices,
        [said(
            "channel 'creator_fund' eligibility, channel 'creator_rewards' eligibility, channel \
             'sponsorship' rate (tier 'micro'), factor 'subscription_share' high_needs"
        )]
    );
    // A figure the file gives is its own (and the milestone's words no longer its).
    let own = format!(
        "{moved}[[channel]]\nid = \"creator_rewards\"\n[channel.eligibility]\nmin_followers = 10000\n"
    );
    let notices = load(&own).unwrap().notices;
    assert_eq!(
        notices[0],
        said(
            "channel 'creator_fund' eligibility, channel 'sponsorship' rate (tier 'micro'), \
             factor 'subscription_share' high_needs"
        )
    );
    assert!(
        notices[1].starts_with("channel 'creator_rewards': its eligibility.min_followers is 10000")
    );
    // Where it was, or a milestone no figure names, moves nothing.
    let kept = "[[milestone]]\nid = \"followers_10k\"\nat = 10000\n";
    assert_eq!(load(kept).unwrap().notices, Vec::<String>::new());
    let unnamed = "[[milestone]]\nid = \"followers_100k\"\nat = 200000\n";
    assert_eq!(load(unnamed).unwrap().notices, Vec::<String>::new());
}

/// A threshold a file moves off the milestone that stated it leaves that milestone's text
/// speaking of the channel as opened there: said, unless the file gives the text too.
#[test]
fn a_threshold_moved_off_its_milestone_is_noticed() {
    let moved =
        "[[channel]]\nid = \"creator_rewards\"\n[channel.eligibility]\nmin_followers = 50000\n";
    assert_eq!(
        load(moved).unwrap().notices,
        [
            "channel 'creator_rewards': its eligibility.min_followers is 50000 in the file, where \
             milestone 'followers_10k' states it built in, and that milestone's `unlocks` still \
             speaks of it: give the milestone an `unlocks` of your own, so that `earn milestones` \
             does not say the channel opens there"
        ]
    );
    let told = format!("{moved}[[milestone]]\nid = \"followers_10k\"\nunlocks = \"Series\"\n");
    assert_eq!(load(&told).unwrap().notices, Vec::<String>::new());
    // Given as the same milestone, it stays where it was.
    let same = "[[channel]]\nid = \"creator_rewards\"\n[channel.eligibility]\nmin_followers = \"followers_10k\"\n";
    assert_eq!(load(same).unwrap().notices, Vec::<String>::new());
}

/// A card that prices brand deals its own way and says its fees are US fees keeps that word,
/// though the built-in table says the same of its own.
#[test]
fn a_market_a_file_gives_again_is_kept_with_its_own_figures() {
    let priced_in = |market: &str| {
        let card = format!(
            "[[channel]]\nid = \"sponsorship\"\n[channel.rate]\n{market}\
             tier = [{{ id = \"t\", from = 10000, low = 100, high = 400 }}]\n"
        );
        let table = load(&card).unwrap();
        let sponsorship = table.channels.iter().find(|c| c.id == "sponsorship");
        sponsorship.unwrap().rate.priced_in.clone()
    };
    assert_eq!(priced_in("priced_in = \"us\"\n").as_deref(), Some("us"));
    // Left out, it goes with the figures it described.
    assert_eq!(priced_in(""), None);
}

/// A closure is matched region by region: one kept for some of its regions names only the
/// others, and one on the same date everywhere keeps it.
#[test]
fn a_closure_kept_for_some_regions_names_only_the_others() {
    let some = "[[channel]]\nid = \"creator_fund\"\n[channel.availability]\n\
                closed = [{ on = 2023-12-16, regions = [\"us\"] }, \
                { on = 2023-02-20, new_creators_only = true }]\n";
    assert_eq!(
        load(some).unwrap().notices,
        [
            "channel 'creator_fund': its `availability.closed` list replaces the built-in closures \
             and leaves out: on 2023-12-16 in de, fr, gb. Give them too to keep them (`earn rates \
             --format toml` writes them)"
        ]
    );
    let everywhere = "[[channel]]\nid = \"creator_fund\"\n[channel.availability]\n\
                      closed = [{ on = 2023-12-16 }]\n";
    assert_eq!(
        load(everywhere).unwrap().notices,
        [
            "channel 'creator_fund': its `availability.closed` list replaces the built-in closures \
             and leaves out: to new creators on 2023-02-20 everywhere. Give them too to keep \
             them (`earn rates --format toml` writes them)"
        ]
    );
    // A full closure turned into one to new creators only is not kept.
    let softened = "[[channel]]\nid = \"creator_fund\"\n[channel.availability]\n\
                    closed = [{ on = 2023-12-16, regions = [\"us\", \"gb\", \"de\", \"fr\"], \
                    new_creators_only = true }, { on = 2023-02-20, new_creators_only = true }]\n";
    assert_eq!(
        load(softened).unwrap().notices,
        [
            "channel 'creator_fund': its `availability.closed` list replaces the built-in closures \
             and leaves out: on 2023-12-16 in de, fr, gb, us. Give them too to keep them (`earn \
             rates --format toml` writes them)"
        ]
    );
}

/// A factor is a multiplier: an entry from 10 to 1,000 at either end is most often a percentage
/// (`de = 70` for 0.70, `gb = 120` for 1.2), which would pay that many times the rate. Warned
/// about, not refused.
#[test]
fn factor_entries_that_read_as_percentages_are_warned_about() {
    let table = load(
        "[[factor]]\nid = \"region\"\n[factor.entries]\nde = 70\nfr = { low = 5, high = 70 }\n\
         gb = 120\nes = 9.5\nit = 1500\n",
    )
    .unwrap();
    assert_eq!(
        table.notices,
        // In the table's order of entries: the built-in one's, then the file's new ones.
        [
            "factor 'region': entry 'gb' is 120, and multiplies the rate by that: for 120%, \
             write gb = 1.2",
            "factor 'region': entry 'de' is 70, and multiplies the rate by that: for 70%, write \
             de = 0.7",
            "factor 'region': entry 'fr' is 5-70, and multiplies the rate by that: for 5-70%, \
             write fr = { low = 0.05, high = 0.7 }",
        ]
    );
}

/// A rate's caveat says what its amounts are not: it stays when a file reprices the rate, as
/// what it says still holds; a file's own replaces it, and an empty one takes it away.
#[test]
fn a_rate_s_caveat_goes_with_its_figures() {
    let caveat = |table: &RateTable| {
        let channel = table.channels.iter().find(|c| c.id == "subscriptions");
        channel.unwrap().rate.caveat.clone()
    };
    let built_in = rates::built_in().unwrap();
    assert!(
        caveat(&built_in).is_some_and(|c| c.starts_with("before app-store")),
        "{:?}",
        caveat(&built_in)
    );
    let same = load("[[channel]]\nid = \"subscriptions\"\nrate.grade = \"B\"\n").unwrap();
    assert_eq!(caveat(&same), caveat(&built_in));
    let repriced = load("[[channel]]\nid = \"subscriptions\"\nrate = { low = 2, high = 4 }\n");
    assert_eq!(caveat(&repriced.unwrap()), caveat(&built_in));
    let own = load(
        "[[channel]]\nid = \"subscriptions\"\nrate = { low = 2, high = 4, caveat = \"net of VAT\" }\n",
    );
    assert_eq!(caveat(&own.unwrap()).as_deref(), Some("net of VAT"));
    let cleared = load("[[channel]]\nid = \"subscriptions\"\nrate.caveat = \"\"\n").unwrap();
    assert_eq!(caveat(&cleared), None);
    assert!(!rates::to_toml(&cleared).contains("caveat"));
}

#[test]
fn only_a_channel_that_takes_part_limits_the_places_of_a_share() {
    // Figures of many places leave a share 6 places (the bad-input cases show the message)...
    let tight = "[[channel]]\nid = \"creator_rewards\"\n\
                 rate = { per = 10000000000, low = 0.000000001, high = 0.000000002 }\n";
    assert_eq!(load(tight).unwrap().share_places, 6);
    // ...but a channel switched off prices nothing, so a share's places are free to the most.
    let off = format!("{tight}enabled = false\n");
    assert_eq!(load(&off).unwrap().share_places, 9);
    assert_eq!(earn::rates::built_in().unwrap().share_places, 9);
}

/// A length in a rates file is text (`"1m30s"`, `"90"`) or a whole number of seconds (`90`),
/// as the documentation of the table's keys writes it.
#[test]
fn a_length_is_read_as_text_or_as_whole_seconds() {
    for written in ["90", "\"90\"", "\"1m30s\"", "\"1:30\""] {
        let text =
            format!("[[channel]]\nid = \"creator_rewards\"\neligibility.video_over = {written}\n");
        let table = load(&text).unwrap();
        let rewards = table.channel("creator_rewards").unwrap();
        assert_eq!(
            rewards.eligibility.video_over,
            Some(earn::rates::Seconds(90)),
            "{written}"
        );
    }
    for (written, fragment) in [
        ("-5", "video_over is -5: it must not be negative"),
        (
            "1.5",
            "expected a length like \"1m\" or \"75s\", or a whole number of seconds",
        ),
    ] {
        let text =
            format!("[[channel]]\nid = \"creator_rewards\"\neligibility.video_over = {written}\n");
        let err = error(&text).to_string();
        assert!(err.contains(fragment), "{written}: {err}");
    }
}

#[test]
fn a_files_region_alias_may_be_a_name_of_several_words_in_any_script() {
    let table =
        load("[[region]]\ncode = \"other\"\naliases = [\"Republic of Ireland\", \"éire\"]\n")
            .unwrap();
    for given in ["republic of ireland", "REPUBLIC OF IRELAND", "Éire"] {
        let found = table.region(given).map(|r| r.code.as_str());
        assert_eq!(found, Some("other"), "{given}");
    }
}

/// An empty list takes the built-in one away on purpose: a brand deal priced per view drops
/// the tiers with `tier = []`, which the message for tiers it did not write names.
#[test]
fn an_empty_list_drops_the_built_in_one_without_a_notice() {
    let per_view = "[[channel]]\nid = \"sponsorship\"\nbasis = \"views\"\n[channel.rate]\n\
                    per = 1000\nlow = 5\nhigh = 15\ntier = []\n";
    assert_eq!(load(per_view).unwrap().notices, Vec::<String>::new());
    let kept_tiers = per_view.replace("tier = []\n", "");
    assert!(
        error(&kept_tiers)
            .to_string()
            .contains("remove them (`tier = []` drops the built-in ones) or set basis = \"posts\""),
        "the hint names how to drop tiers the file did not give"
    );
}

/// A file that changes one of the account's ages keeps the other's source: each names the
/// figure it supports.
#[test]
fn changing_one_age_keeps_the_other_ages_source() {
    let titles = |text: &str| -> Vec<String> {
        let table = load(text).unwrap();
        (table.account.sources.iter())
            .map(|s| s.title.clone())
            .collect()
    };
    let oldest = titles("[account]\nmax_age = 99\n");
    assert_eq!(oldest.len(), 2, "{oldest:?}");
    assert!(
        oldest[0].starts_with("user.toml sets account.max_age"),
        "{oldest:?}"
    );
    assert!(
        oldest[1].starts_with("TikTok Terms of Service"),
        "{oldest:?}"
    );
    let youngest = titles("[account]\nmin_age = 16\n");
    assert_eq!(youngest.len(), 2, "{youngest:?}");
    assert!(
        youngest[1].starts_with("Guinness World Records"),
        "{youngest:?}"
    );
    // Changing both leaves neither built-in source.
    assert_eq!(titles("[account]\nmin_age = 16\nmax_age = 99\n").len(), 1);
}
