//! Milestones: what a creator's followers, or a video's views, open up, and how far away the
//! next one is.

use crate::rates::{
    Channel, Followers, Grade, Milestone, MilestoneKind, RateTable, Region, Source, Tier,
};

#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneProgress<'t> {
    pub milestone: &'t Milestone,
    /// `None` when the matching input was not given.
    pub reached: Option<bool>,
    /// Channels whose threshold this milestone is: the followers they ask for or, for a views
    /// milestone, the views a video must have before a channel paid per view pays it.
    pub channels: Vec<&'t str>,
    /// Channels whose threshold this milestone is (elsewhere), or that its text mentions, which
    /// are not open to the creator: with a country, not there (closed, not offered, or TikTok
    /// unavailable); without one, nowhere. What the milestone's text names is then not taken
    /// for what it opens.
    pub not_open: Vec<&'t str>,
    /// With an age: the channels this milestone states or mentions (open in the country, when
    /// there is one) whose minimum age is above it, each with that age.
    pub too_young: Vec<(&'t str, u64)>,
    /// The fee tiers that start at this milestone (of channels open to the creator): what an
    /// account of this size is priced at, said by the tier itself, so that a rates file that
    /// moves its tiers moves what the milestones say of them.
    pub tiers: Vec<TierStart<'t>>,
}

/// A channel's fee tier, where it starts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TierStart<'t> {
    pub channel: &'t Channel,
    pub tier: &'t Tier,
}

impl TierStart<'_> {
    /// The grade of the tier's fees: its channel's rate's (`None` when a file set them
    /// without one).
    pub fn grade(&self) -> Option<Grade> {
        self.channel.rate.grade
    }
}

/// A channel's threshold that no milestone of the table states: the followers a channel asks
/// for, or the views a video must have before it pays, at a count no milestone of that kind
/// has; or the start of a fee tier at such a count. The channels are those it is the
/// threshold of (with a country, open there).
#[derive(Debug, Clone, PartialEq)]
pub struct Unstated<'t> {
    pub kind: MilestoneKind,
    pub at: u64,
    pub reached: Option<bool>,
    pub channels: Vec<&'t str>,
    /// The fee tiers that start there (of channels open to the creator).
    pub tiers: Vec<TierStart<'t>>,
    /// With an age: its channels and those of its tiers whose minimum age (in the country,
    /// when there is one) is above it, each with that age.
    pub too_young: Vec<(&'t str, u64)>,
    /// The sources of the figures that set it: the channels' eligibility for followers, their
    /// rate for a video's views.
    pub sources: Vec<&'t Source>,
}

/// The nearest milestone, or threshold no milestone states, not yet reached, and the distance
/// to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Next<'t> {
    pub at: u64,
    /// The milestone; `None` for a threshold no milestone states.
    pub milestone: Option<&'t Milestone>,
    pub to_go: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneReport<'t> {
    /// The creator's country, when given: then a milestone names only the channels open
    /// there, at the thresholds that apply there.
    pub country: Option<&'t Region>,
    pub followers: Option<u64>,
    pub views: Option<u64>,
    pub age: Option<u64>,
    /// Followers milestones, then views milestones, each in increasing order.
    pub milestones: Vec<MilestoneProgress<'t>>,
    /// The channels' thresholds, and their fee tiers' starts, that no milestone states, in the
    /// same order.
    pub unstated: Vec<Unstated<'t>>,
    pub next_followers: Option<Next<'t>>,
    pub next_views: Option<Next<'t>>,
}

pub fn milestones<'t>(
    table: &'t RateTable,
    followers: Option<u64>,
    views: Option<u64>,
    country: Option<&'t Region>,
    age: Option<u64>,
) -> MilestoneReport<'t> {
    let mut sorted: Vec<&Milestone> = table.milestones.iter().collect();
    sorted.sort_by_key(|m| (m.kind != MilestoneKind::Followers, m.at));
    // Where TikTok cannot be used, no milestone opens anything: none is reached or next.
    let open = country.is_none_or(|region| region.unavailable.is_none());
    let have = |kind| match kind {
        MilestoneKind::Followers => followers.filter(|_| open),
        MilestoneKind::Views => views.filter(|_| open),
    };
    // A follower threshold given as a number is the first milestone's at that number.
    let first_at = |m: &Milestone| {
        sorted
            .iter()
            .find(|o| o.kind == m.kind && o.at == m.at)
            .is_some_and(|o| o.id == m.id)
    };
    // Open to the creator: in their country, or without one somewhere (the Creator Fund,
    // closed everywhere, opens nothing).
    let open_to = |c: &Channel| match country {
        Some(region) => open_in(c, region),
        None => table.regions.iter().any(|region| open_in(c, region)),
    };
    let progress = sorted
        .iter()
        .map(|m| MilestoneProgress {
            milestone: m,
            reached: have(m.kind).map(|n| n >= m.at),
            channels: table
                .enabled_channels()
                .filter(|c| opened_by(c, m, first_at(m), country) && open_to(c))
                .map(|c| c.id.as_str())
                .collect(),
            not_open: table
                .enabled_channels()
                .filter(|c| {
                    (opened_by(c, m, first_at(m), None) || m.mentions.contains(&c.id))
                        && !open_to(c)
                })
                .map(|c| c.id.as_str())
                .collect(),
            too_young: table
                .enabled_channels()
                .filter(|c| {
                    (opened_by(c, m, first_at(m), country)
                        || m.mentions.contains(&c.id)
                        || !tiers_from(c, m, first_at(m), country).is_empty())
                        && open_to(c)
                })
                .filter_map(|c| too_young(c, age?, country))
                .collect(),
            tiers: table
                .enabled_channels()
                .filter(|c| open_to(c))
                .flat_map(|channel| {
                    let tiers = tiers_from(channel, m, first_at(m), country);
                    tiers
                        .into_iter()
                        .map(move |tier| TierStart { channel, tier })
                })
                .collect(),
        })
        .collect::<Vec<_>>();
    let unstated = unstated(table, &sorted, (country, age), have);
    // A milestone that opens nothing to the creator: about programmes (one it is the threshold
    // of, or that its text names) none of which is open to them, where no fee tier open to them
    // starts; or whose every programme needs an older creator.
    let opens_nothing = |p: &MilestoneProgress<'t>| {
        let named = || (table.enabled_channels()).filter(|c| p.milestone.mentions.contains(&c.id));
        let closed = p.channels.is_empty()
            && p.tiers.is_empty()
            && !p.not_open.is_empty()
            && !named().any(&open_to);
        let open_named = named().filter(|c| open_to(c)).map(|c| c.id.as_str());
        let about = p.channels.iter().copied().chain(open_named);
        closed || all_too_young(about, &p.tiers, &p.too_young)
    };
    let next = |kind| {
        let n = have(kind)?;
        let milestone = (progress.iter())
            .filter(|p| !opens_nothing(p))
            .map(|p| p.milestone)
            .find(|m| m.kind == kind && m.at > n)
            .map(|m| (m.at, Some(m)));
        let threshold = unstated
            .iter()
            .filter(|t| !all_too_young(t.channels.iter().copied(), &t.tiers, &t.too_young))
            .find(|t| t.kind == kind && t.at > n)
            .map(|t| (t.at, None));
        // The nearer; a milestone before a threshold at the same count (none is).
        let nearer = [milestone, threshold].into_iter().flatten();
        let (at, milestone) = nearer.min_by_key(|&(at, _)| at)?;
        Some(Next {
            at,
            milestone,
            to_go: at - n,
        })
    };
    let (next_followers, next_views) = (next(MilestoneKind::Followers), next(MilestoneKind::Views));
    MilestoneReport {
        country,
        followers,
        views,
        age,
        milestones: progress,
        next_followers,
        next_views,
        unstated,
    }
}

/// Whether every programme a milestone is about (`channels`, and those of the fee `tiers` it
/// starts) needs an older creator than the one given: it then opens nothing to them.
fn all_too_young<'t>(
    channels: impl Iterator<Item = &'t str>,
    tiers: &[TierStart<'t>],
    too_young: &[(&str, u64)],
) -> bool {
    let mut about = channels
        .chain(tiers.iter().map(|t| t.channel.id.as_str()))
        .peekable();
    about.peek().is_some() && about.all(|id| too_young.iter().any(|&(young, _)| young == id))
}

/// The channels' thresholds, and their fee tiers' starts, at counts no milestone of their
/// kind has, so that a creator is told of every count that opens something: the followers each open channel asks for (in
/// `country`, there; anywhere, the channel's and each override's), and the views a video must
/// have before a channel paid per view pays it.
fn unstated<'t>(
    table: &'t RateTable,
    milestones: &[&Milestone],
    (country, age): (Option<&Region>, Option<u64>),
    have: impl Fn(MilestoneKind) -> Option<u64>,
) -> Vec<Unstated<'t>> {
    let mut found: Vec<Unstated<'t>> = Vec::new();
    // Open in the creator's country; without one, open somewhere: a programme closed
    // everywhere opens nothing to reach.
    let open = table.enabled_channels().filter(|c| match country {
        Some(region) => open_in(c, region),
        None => table.regions.iter().any(|region| open_in(c, region)),
    });
    for channel in open {
        let eligibility = &channel.eligibility;
        let followers: Vec<u64> = match country {
            Some(region) => eligibility
                .followers_in(&region.code)
                .map(|f| f.count)
                .into_iter()
                .collect(),
            None => eligibility.every_followers().map(|f| f.count).collect(),
        };
        let views = channel
            .rate
            .min_quantity
            .filter(|_| channel.basis.per_view());
        let counts = followers
            .into_iter()
            .map(|at| (MilestoneKind::Followers, at))
            .chain(views.map(|at| (MilestoneKind::Views, at)));
        let unstated_at = |kind, at| !milestones.iter().any(|m| m.kind == kind && m.at == at);
        for (kind, at) in counts.filter(|&(kind, at)| unstated_at(kind, at)) {
            let sources = match kind {
                MilestoneKind::Followers => &eligibility.sources,
                MilestoneKind::Views => &channel.rate.sources,
            };
            let t = entry(&mut found, kind, at, &have);
            if !t.channels.contains(&channel.id.as_str()) {
                t.channels.push(&channel.id);
                for source in sources {
                    if !t.sources.contains(&source) {
                        t.sources.push(source);
                    }
                }
            }
        }
        // A tier that starts where a milestone is named is said on its line.
        let tiers = (priced_tiers(channel, country).into_iter())
            .filter(|(from, _)| from.milestone.is_none())
            .filter(|(from, _)| unstated_at(MilestoneKind::Followers, from.count));
        for (from, tier) in tiers {
            let t = entry(&mut found, MilestoneKind::Followers, from.count, &have);
            t.tiers.push(TierStart { channel, tier });
        }
    }
    found.sort_by_key(|t| (t.kind != MilestoneKind::Followers, t.at));
    // With an age: the channels, its own or its tiers', that need an older creator.
    for t in found.iter_mut().filter(|_| age.is_some()) {
        let channels = (t.channels.iter()).filter_map(|id| table.channel(id));
        let tiers = t.tiers.iter().map(|start| start.channel);
        for young in channels
            .chain(tiers)
            .filter_map(|c| too_young(c, age?, country))
        {
            if !t.too_young.contains(&young) {
                t.too_young.push(young);
            }
        }
    }
    found
}

/// The threshold of `kind` at `at` in `found`, added if it is not there yet.
fn entry<'f, 't>(
    found: &'f mut Vec<Unstated<'t>>,
    kind: MilestoneKind,
    at: u64,
    have: impl Fn(MilestoneKind) -> Option<u64>,
) -> &'f mut Unstated<'t> {
    if let Some(index) = found.iter().position(|t| t.kind == kind && t.at == at) {
        return &mut found[index];
    }
    found.push(Unstated {
        kind,
        at,
        reached: have(kind).map(|n| n >= at),
        channels: Vec::new(),
        tiers: Vec::new(),
        too_young: Vec::new(),
        sources: Vec::new(),
    });
    let last = found.len() - 1;
    &mut found[last]
}

/// The fee tiers of `channel` that followers milestone `m` states the start of (in `country`,
/// where the channel's follower threshold may be another).
fn tiers_from<'t>(
    channel: &'t Channel,
    m: &Milestone,
    first: bool,
    country: Option<&Region>,
) -> Vec<&'t Tier> {
    if m.kind != MilestoneKind::Followers {
        return Vec::new();
    }
    (priced_tiers(channel, country).into_iter())
        .filter(|(from, _)| states(from, m, first))
        .map(|(_, tier)| tier)
        .collect()
}

/// The fee tiers of `channel` an account can be priced in, each with the followers it starts
/// at: its own start, or the channel's follower threshold (in `country`; without one, the
/// channel's own) where that is higher. A tier that ends below the threshold prices no one.
fn priced_tiers<'t>(
    channel: &'t Channel,
    country: Option<&Region>,
) -> Vec<(&'t Followers, &'t Tier)> {
    let eligibility = &channel.eligibility;
    let threshold = match country {
        Some(region) => eligibility.followers_in(&region.code),
        None => eligibility.min_followers.as_ref(),
    };
    let tiers = &channel.rate.tiers;
    let ends_after =
        |i: usize, count: u64| tiers.get(i + 1).is_none_or(|next| next.start() > count);
    (tiers.iter().enumerate())
        .filter_map(|(i, tier)| match threshold {
            Some(t) if t.count > tier.start() => ends_after(i, t.count).then_some((t, tier)),
            _ => Some((&tier.from, tier)),
        })
        .collect()
}

/// Whether milestone `m` states a threshold of `channel`: the followers it asks for, or the
/// views a video must have before a channel paid per view pays it (its `min_quantity`). In
/// `country`, where the channel must be open; anywhere, without one.
/// `first`: whether `m` is the first milestone of its kind at its number, which a threshold
/// given as that number is.
fn opened_by(channel: &Channel, m: &Milestone, first: bool, country: Option<&Region>) -> bool {
    let eligibility = &channel.eligibility;
    match (m.kind, country) {
        (MilestoneKind::Views, _) => {
            channel.basis.per_view()
                && channel.rate.min_quantity == Some(m.at)
                && country.is_none_or(|region| open_in(channel, region))
        }
        // Named by the milestone, or a number that is the milestone's.
        (MilestoneKind::Followers, Some(region)) => {
            open_in(channel, region)
                && eligibility
                    .followers_in(&region.code)
                    .is_some_and(|f| states(f, m, first))
        }
        (MilestoneKind::Followers, None) => {
            eligibility.every_followers().any(|f| states(f, m, first))
        }
    }
}

/// Whether followers milestone `m` states the threshold `followers`: it names `m`, or names no
/// milestone and is `m`'s number, `m` being the first milestone at that number (`first`).
fn states(followers: &Followers, m: &Milestone, first: bool) -> bool {
    match &followers.milestone {
        Some(id) => *id == m.id,
        None => first && followers.count == m.at,
    }
}

/// The channel and its minimum age (in `country`; anywhere, its own), when that is above `age`.
fn too_young<'t>(
    channel: &'t Channel,
    age: u64,
    country: Option<&Region>,
) -> Option<(&'t str, u64)> {
    let eligibility = &channel.eligibility;
    let thresholds = match country {
        Some(region) => eligibility.for_region(&region.code),
        None => eligibility.thresholds(),
    };
    let min_age = thresholds.min_age.filter(|&min| min > age)?;
    Some((&channel.id, min_age))
}

/// Whether `channel` is open to creators in `region`.
fn open_in(channel: &Channel, region: &Region) -> bool {
    let (code, availability) = (region.code.as_str(), &channel.availability);
    region.unavailable.is_none()
        && availability.offered_in(code)
        && availability.closed_in(code).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rates::{self, Grade};

    #[test]
    fn marks_what_is_reached_and_the_distance_to_the_next() {
        let table = rates::built_in().unwrap();
        let report = milestones(&table, Some(4_200), None, None, None);
        let next = report.next_followers.unwrap();
        assert_eq!((next.at, next.to_go), (10_000, 5_800));
        assert!(report.next_views.is_none());
        let reached: Vec<_> = report
            .milestones
            .iter()
            .filter(|p| p.reached == Some(true))
            .map(|p| p.milestone.id.as_str())
            .collect();
        assert_eq!(reached, ["followers_100", "followers_1k"]);
        let views = report
            .milestones
            .iter()
            .find(|p| p.milestone.id == "views_1k")
            .unwrap();
        assert_eq!(views.reached, None);
    }

    /// A 17-year-old with the followers for LIVE is told it needs 18; in South Korea, Creator
    /// Rewards needs 19, so an 18-year-old there is told so; a channel with no minimum age
    /// (a brand deal) is never marked.
    #[test]
    fn an_age_marks_the_programmes_that_need_an_older_creator() {
        fn too_young<'t>(report: &MilestoneReport<'t>, id: &str) -> Vec<(&'t str, u64)> {
            let found = report.milestones.iter().find(|p| p.milestone.id == id);
            found.unwrap().too_young.clone()
        }
        let table = rates::built_in().unwrap();
        let young = milestones(&table, Some(4_200), None, None, Some(17));
        assert_eq!(
            too_young(&young, "followers_1k"),
            [("affiliate", 18), ("gifts", 18), ("subscriptions", 18)]
        );
        // Mentioned, not its threshold: Subscription's bonus share.
        assert_eq!(
            too_young(&young, "followers_10k"),
            [("creator_rewards", 18), ("subscriptions", 18)],
            "the Creator Fund is open nowhere"
        );

        let korea = milestones(&table, None, None, table.region("kr"), Some(18));
        assert_eq!(
            too_young(&korea, "followers_10k"),
            [("creator_rewards", 19)]
        );
        assert_eq!(too_young(&korea, "followers_1k"), []);

        let unaged = milestones(&table, Some(4_200), None, None, None);
        assert!(unaged.milestones.iter().all(|p| p.too_young.is_empty()));
    }

    #[test]
    fn channel_thresholds_point_at_their_milestones() {
        let table = rates::built_in().unwrap();
        let report = milestones(&table, None, None, None, None);
        let ten_k = report
            .milestones
            .iter()
            .find(|p| p.milestone.id == "followers_10k")
            .unwrap();
        // The Creator Fund's too, but it is open nowhere: see `not_open`.
        assert_eq!(ten_k.channels, ["creator_rewards"]);
        let one_k = report
            .milestones
            .iter()
            .find(|p| p.milestone.id == "followers_1k")
            .unwrap();
        // Subscription by its LIVE path, which admits every account its other path does. A
        // brand deal has no threshold: the nano tier's start is a price, not a rule.
        assert_eq!(one_k.channels, ["affiliate", "gifts", "subscriptions"]);
    }

    /// What a milestone says starts there does not pay below it, and can pay from it.
    #[test]
    fn milestones_and_estimates_agree() {
        use crate::estimate::{Input, estimate};
        use crate::money::Money;
        let table = rates::built_in().unwrap();
        let at = |id: &str| table.milestone(id).unwrap().at;
        let channel = |input: &Input, id: &str| {
            let e = estimate(&table, input).unwrap();
            let c = e.channels.iter().find(|c| c.id == id).unwrap().clone();
            (c, e.total)
        };
        let nothing = Money::zero(table.unit());
        // 100 views: nothing from TikTok, and nothing in the total.
        let input = Input {
            views: at("views_100"),
            ..Input::default()
        };
        let (rewards, total) = channel(&input, "creator_rewards");
        assert_eq!(rewards.amount.unwrap().high, nothing);
        assert_eq!(total.high, nothing);
        // Creator Rewards starts paying at 1,000 views, and only if all of them qualify.
        let mut input = Input {
            views: at("views_1k") - 1,
            qualified_share: Some(crate::Decimal::ONE),
            ..Input::default()
        };
        assert_eq!(
            channel(&input, "creator_rewards").0.amount.unwrap().high,
            nothing
        );
        input.views += 1;
        assert!(channel(&input, "creator_rewards").0.amount.unwrap().low > nothing);
        // Brand deals (the nano tier) and LIVE start at 1,000 followers; a video's views do
        // not change a fee.
        for (followers, priced) in [(at("followers_1k") - 1, false), (at("followers_1k"), true)] {
            let input = Input {
                views: 10,
                followers: Some(followers),
                diamonds: Some(1_000),
                ..Input::default()
            };
            for id in ["sponsorship", "gifts"] {
                let (c, _) = channel(&input, id);
                let counts = c.status.counts() && c.amount.is_some();
                assert_eq!(counts, priced, "{id} at {followers} followers");
            }
        }
    }

    /// Where TikTok cannot be used, no milestone opens anything: none is reached, none is next.
    #[test]
    fn where_tiktok_is_unavailable_nothing_is_reached_or_next() {
        let table = rates::built_in().unwrap();
        let report = milestones(&table, Some(5_000), Some(50_000), table.region("in"), None);
        assert!(report.milestones.iter().all(|p| p.reached.is_none()));
        assert!(report.milestones.iter().all(|p| p.channels.is_empty()));
        assert!(report.next_followers.is_none() && report.next_views.is_none());
        // The counts given are still the creator's.
        assert_eq!(report.followers, Some(5_000));
    }

    /// A milestone whose programmes are not open in the creator's country says which, so that
    /// its text (written for anywhere) is not taken for what it opens there.
    #[test]
    fn a_milestone_names_the_channels_it_would_open_that_are_not_open_there() {
        fn at(report: &MilestoneReport<'_>, id: &str) -> (Vec<String>, Vec<String>) {
            let p = report
                .milestones
                .iter()
                .find(|p| p.milestone.id == id)
                .unwrap();
            let owned = |ids: &[&str]| ids.iter().map(ToString::to_string).collect();
            (owned(&p.channels), owned(&p.not_open))
        }
        let table = rates::built_in().unwrap();
        let other = milestones(&table, Some(12_000), None, table.region("other"), None);
        let (open, not_open) = at(&other, "followers_10k");
        assert!(open.is_empty(), "{open:?}");
        assert!(not_open.contains(&"creator_rewards".into()), "{not_open:?}");
        let us = milestones(&table, Some(12_000), None, table.region("us"), None);
        let (open, not_open) = at(&us, "followers_10k");
        assert!(open.contains(&"creator_rewards".into()), "{open:?}");
        assert_eq!(not_open, ["creator_fund"], "closed in the US since 2023");
        // A views milestone is a channel's when a video must reach it before that channel
        // pays: Creator Rewards' 1,000 views.
        let (open, not_open) = at(&other, "views_1k");
        assert!(
            open.is_empty() && not_open == ["creator_rewards"],
            "{not_open:?}"
        );
        let (open, _) = at(&us, "views_1k");
        assert_eq!(open, ["creator_rewards"]);
        // A milestone whose text speaks of a programme at a count that is not its threshold
        // says so too: 100,000 views is not Creator Rewards' threshold, but its text prices
        // Creator Rewards, which Indonesia does not have.
        let indonesia = milestones(&table, None, Some(150_000), table.region("id"), None);
        let (open, not_open) = at(&indonesia, "views_100k");
        assert!(
            open.is_empty() && not_open == ["creator_rewards"],
            "{not_open:?}"
        );
        let (_, not_open) = at(&us, "views_100k");
        assert!(not_open.is_empty(), "{not_open:?}");
        // Without a country, only what is open nowhere: the Creator Fund, closed to new
        // creators everywhere, is not what 10,000 followers open.
        let anywhere = milestones(&table, Some(12_000), None, None, None);
        let not_open: Vec<(&str, &[&str])> = anywhere
            .milestones
            .iter()
            .filter(|p| !p.not_open.is_empty())
            .map(|p| (p.milestone.id.as_str(), &p.not_open[..]))
            .collect();
        assert_eq!(not_open, [("followers_10k", &["creator_fund"][..])]);
    }

    /// The channels' thresholds no milestone states, not the fee tiers' starts.
    fn thresholds<'r, 't>(report: &'r MilestoneReport<'t>) -> Vec<&'r Unstated<'t>> {
        (report.unstated.iter())
            .filter(|t| !t.channels.is_empty())
            .collect()
    }

    /// A channel's threshold no milestone states is listed, and can be next: a programme a
    /// rates file adds at 5,000 followers, a minimum raised to 2,000 views.
    #[test]
    fn a_threshold_no_milestone_states_is_listed_and_can_be_next() {
        // The built-in table has none: see `fee_tiers_are_said_where_they_start` for the
        // tiers' starts.
        let built_in = rates::built_in().unwrap();
        assert!(thresholds(&milestones(&built_in, None, None, None, None)).is_empty());
        let table = rates::load(Some(rates::Layer {
            origin: "test.toml",
            text: "[[channel]]\nid = \"boost\"\nname = \"Boost\"\nbasis = \"views\"\n\
                   [channel.rate]\nper = 1000\nlow = 0.05\nhigh = 0.05\n\
                   [channel.eligibility]\nmin_followers = 5000\n\
                   [[channel]]\nid = \"creator_rewards\"\n[channel.rate]\nmin_quantity = 2000\n",
        }))
        .unwrap();
        let report = milestones(&table, Some(4_200), Some(1_500), table.region("us"), None);
        let found: Vec<_> = thresholds(&report)
            .iter()
            .map(|t| (t.kind, t.at, t.reached, t.channels.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (MilestoneKind::Followers, 5_000, Some(false), vec!["boost"]),
                (
                    MilestoneKind::Views,
                    2_000,
                    Some(false),
                    vec!["creator_rewards"]
                ),
            ]
        );
        // Each with the sources of the figure that set it: the file's line for a figure it
        // sets without one, ungraded.
        let sources: Vec<Vec<(&str, Option<Grade>)>> = thresholds(&report)
            .iter()
            .map(|t| {
                (t.sources.iter())
                    .map(|s| (s.title.as_str(), s.grade))
                    .collect()
            })
            .collect();
        assert_eq!(
            sources,
            [
                vec![("test.toml, which gives no source", None)],
                vec![("test.toml sets rate.min_quantity with no source", None)],
            ]
        );
        // A threshold raised with a graded source has that source.
        let raised = rates::load(Some(rates::Layer {
            origin: "test.toml",
            text: "[[channel]]\nid = \"creator_rewards\"\n[channel.eligibility]\n\
                   min_followers = 20000\nsources = [{ title = \"TikTok\", date = \"2026-11\", \
                   grade = \"A\" }]\n",
        }))
        .unwrap();
        let at_20k = &milestones(&raised, None, None, raised.region("us"), None).unstated[0];
        assert_eq!((at_20k.at, at_20k.sources.len()), (20_000, 1));
        assert_eq!(at_20k.sources[0].grade, Some(Grade::A));
        let next = report.next_followers.unwrap();
        assert_eq!((next.at, next.to_go, next.milestone), (5_000, 800, None));
        let next = report.next_views.unwrap();
        assert_eq!((next.at, next.to_go, next.milestone), (2_000, 500, None));
        // The 1,000-view milestone is no longer Creator Rewards' threshold.
        let one_k = report
            .milestones
            .iter()
            .find(|p| p.milestone.id == "views_1k")
            .unwrap();
        assert!(one_k.channels.is_empty(), "{:?}", one_k.channels);
        // Past it, the next is the table's milestone again.
        let report = milestones(&table, Some(6_000), None, None, None);
        let next = report.next_followers.unwrap();
        assert_eq!(next.milestone.map(|m| m.at), Some(10_000));

        // A programme closed everywhere opens nothing to reach; a number two milestones share
        // is the first's.
        let table = rates::load(Some(rates::Layer {
            origin: "test.toml",
            text: "[[channel]]\nid = \"gone\"\nname = \"Gone\"\nbasis = \"views\"\n\
                   [channel.rate]\nper = 1000\nlow = 0.05\nhigh = 0.05\n\
                   [channel.eligibility]\nmin_followers = 3000\n\
                   [[channel.availability.closed]]\non = \"2024-01-01\"\n\
                   [[channel]]\nid = \"boost\"\nname = \"Boost\"\nbasis = \"views\"\n\
                   [channel.rate]\nper = 1000\nlow = 0.05\nhigh = 0.05\n\
                   [channel.eligibility]\nmin_followers = 1000\n\
                   [[milestone]]\nid = \"one_k_again\"\nkind = \"followers\"\nat = 1000\n\
                   unlocks = \"Again\"\n",
        }))
        .unwrap();
        let report = milestones(&table, Some(1_200), None, None, None);
        assert!(thresholds(&report).is_empty(), "{:?}", report.unstated);
        assert_eq!(report.next_followers.unwrap().at, 10_000);
        let credited: Vec<&str> = report
            .milestones
            .iter()
            .filter(|p| p.channels.contains(&"boost"))
            .map(|p| p.milestone.id.as_str())
            .collect();
        assert_eq!(credited, ["followers_1k"]);
    }

    /// A milestone about programmes none of which is open where the creator is (Creator
    /// Rewards in Indonesia) is passed over for the next; one that also names an open
    /// programme, or starts an open channel's fee tier, is not.
    #[test]
    fn the_next_milestone_is_not_one_about_programmes_closed_there() {
        let table = rates::built_in().unwrap();
        let next = |followers, views, region| {
            let report = milestones(
                &table,
                Some(followers),
                Some(views),
                table.region(region),
                None,
            );
            let at = |n: Option<Next>| n.map(|n| (n.at, n.to_go));
            (at(report.next_followers), at(report.next_views))
        };
        assert_eq!(next(5_000, 500, "us").1, Some((1_000, 500)));
        assert_eq!(next(5_000, 500, "other").1, Some((10_000, 9_500)));
        assert_eq!(next(5_000, 25_000, "us").1, Some((100_000, 75_000)));
        assert_eq!(next(5_000, 25_000, "id").1, None);
        // 10,000 followers: Creator Rewards, not open in Indonesia, but also Subscription's
        // bonus and the micro tier of brand deals, which are.
        for region in ["us", "id", "other"] {
            assert_eq!(next(5_000, 0, region).0, Some((10_000, 5_000)), "{region}");
        }
    }

    /// Nor is one whose every programme needs an older creator: at 17, the 1,000 views that
    /// start Creator Rewards (18+) open nothing, and brand deals, of any age, are next; one
    /// that also opens a programme of the creator's age is not passed over.
    #[test]
    fn the_next_milestone_is_not_one_about_programmes_for_older_creators() {
        let table = rates::built_in().unwrap();
        let next = |followers, views, age| {
            let report = milestones(&table, Some(followers), Some(views), None, Some(age));
            let at = |n: Option<Next>| n.map(|n| n.at);
            (at(report.next_followers), at(report.next_views))
        };
        assert_eq!(next(500, 999, 17), (Some(1_000), Some(10_000)));
        assert_eq!(next(500, 999, 18), (Some(1_000), Some(1_000)));
    }

    /// A fee tier is said where it starts, by the tier: a card whose tiers start elsewhere
    /// moves them, and a milestone does not go on speaking of the built-in tiers.
    #[test]
    fn fee_tiers_are_said_where_they_start() {
        fn tiers<'t>(starts: &[TierStart<'t>]) -> Vec<(&'t str, &'t str)> {
            (starts
                .iter()
                .map(|t| (t.channel.id.as_str(), t.tier.id.as_str())))
            .collect()
        }
        let built_in = rates::built_in().unwrap();
        let report = milestones(&built_in, Some(3_000), None, built_in.region("us"), None);
        let stated: Vec<_> = (report.milestones.iter())
            .filter(|p| !p.tiers.is_empty())
            .map(|p| (p.milestone.at, tiers(&p.tiers)))
            .collect();
        assert_eq!(
            stated,
            [
                (1_000, vec![("sponsorship", "nano")]),
                (10_000, vec![("sponsorship", "micro")])
            ]
        );
        let unstated: Vec<_> = (report.unstated.iter())
            .map(|t| (t.at, tiers(&t.tiers), t.reached))
            .collect();
        assert_eq!(
            unstated,
            [
                (50_000, vec![("sponsorship", "mid")], Some(false)),
                (500_000, vec![("sponsorship", "macro")], Some(false)),
                (1_000_000, vec![("sponsorship", "mega")], Some(false)),
            ]
        );
        assert_eq!(report.unstated[0].tiers[0].grade(), Some(Grade::C));

        // An agency's card: two tiers, from 5,000 and 10,000 followers, ungraded.
        let card = rates::load(Some(rates::Layer {
            origin: "card.toml",
            text: "[[channel]]\nid = \"sponsorship\"\n\
                   [[channel.rate.tier]]\nid = \"small\"\nfrom = 5000\nlow = 100\nhigh = 300\n\
                   [[channel.rate.tier]]\nid = \"big\"\nfrom = \"followers_10k\"\n\
                   low = 400\nhigh = 900\n",
        }))
        .unwrap();
        let report = milestones(&card, Some(3_000), None, card.region("us"), None);
        let one_k = (report.milestones.iter()).find(|p| p.milestone.at == 1_000);
        assert_eq!(one_k.unwrap().tiers, []);
        let ten_k = (report.milestones.iter()).find(|p| p.milestone.at == 10_000);
        assert_eq!(tiers(&ten_k.unwrap().tiers), [("sponsorship", "big")]);
        let [small] = &report.unstated[..] else {
            panic!("{:?}", report.unstated)
        };
        assert_eq!(
            (small.at, tiers(&small.tiers)),
            (5_000, vec![("sponsorship", "small")])
        );
        assert!(small.channels.is_empty() && small.sources.is_empty());
        assert_eq!(small.tiers[0].grade(), None);
        let next = report.next_followers.unwrap();
        assert_eq!((next.at, next.to_go, next.milestone), (5_000, 2_000, None));

        // Where the channel is closed, its tiers start nothing (and are not said to be closed:
        // no milestone speaks of them), and a milestone that was only about them is passed
        // over.
        let closed = rates::load(Some(rates::Layer {
            origin: "closed.toml",
            text: "[[channel]]\nid = \"sponsorship\"\n[channel.availability]\n\
                   regions = [\"gb\"]\n",
        }))
        .unwrap();
        let report = milestones(&closed, Some(20_000), None, closed.region("us"), None);
        assert!(report.unstated.is_empty(), "{:?}", report.unstated);
        assert!(report.milestones.iter().all(|p| p.tiers.is_empty()));
        let one_k = (report.milestones.iter()).find(|p| p.milestone.at == 1_000);
        assert!(!one_k.unwrap().not_open.contains(&"sponsorship"));
        assert_eq!(report.next_followers.unwrap().at, 100_000);
    }

    /// A tier is said where an account can first be priced in it: a card's follower threshold
    /// above a tier's start moves the start there, and a tier that ends below it prices no
    /// one. A tier given by number at a milestone's count is said on its line; an age too
    /// young for the channel is marked on a tier's own line too.
    #[test]
    fn a_tier_starts_no_lower_than_its_channels_threshold() {
        fn tiers(starts: &[TierStart<'_>]) -> Vec<String> {
            starts.iter().map(|t| t.tier.id.clone()).collect()
        }
        let card = rates::load(Some(rates::Layer {
            origin: "card.toml",
            text: "[[channel]]\nid = \"sponsorship\"\n\
                   [channel.eligibility]\nmin_followers = 20000\nmin_age = 18\n\
                   [[channel.rate.tier]]\nid = \"a\"\nfrom = 1000\nlow = 10\nhigh = 20\n\
                   [[channel.rate.tier]]\nid = \"b\"\nfrom = 5000\nlow = 30\nhigh = 40\n\
                   [[channel.rate.tier]]\nid = \"c\"\nfrom = 60000\nlow = 50\nhigh = 60\n",
        }))
        .unwrap();
        let report = milestones(&card, Some(3_000), None, card.region("us"), Some(16));
        assert!(report.milestones.iter().all(|p| p.tiers.is_empty()));
        let rows: Vec<_> = (report.unstated.iter())
            .map(|t| {
                (
                    t.at,
                    t.channels.clone(),
                    tiers(&t.tiers),
                    t.too_young.clone(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (
                    20_000,
                    vec!["sponsorship"],
                    vec!["b".to_string()],
                    vec![("sponsorship", 18)]
                ),
                (
                    60_000,
                    vec![],
                    vec!["c".to_string()],
                    vec![("sponsorship", 18)]
                ),
            ]
        );
        // Without an age, nothing is marked; a tier by number at 1,000 is the milestone's.
        let card = rates::load(Some(rates::Layer {
            origin: "card.toml",
            text: "[[channel]]\nid = \"sponsorship\"\n\
                   [[channel.rate.tier]]\nid = \"a\"\nfrom = 1000\nlow = 10\nhigh = 20\n",
        }))
        .unwrap();
        let report = milestones(&card, None, None, None, None);
        let one_k = (report.milestones.iter()).find(|p| p.milestone.id == "followers_1k");
        assert_eq!(tiers(&one_k.unwrap().tiers), ["a"]);
        assert!(report.unstated.is_empty(), "{:?}", report.unstated);
    }

    #[test]
    fn past_the_last_milestone_there_is_no_next() {
        let table = rates::built_in().unwrap();
        let report = milestones(&table, Some(5_000_000), Some(10), None, None);
        assert!(report.next_followers.is_none());
        assert_eq!(report.next_views.unwrap().to_go, 90);
    }
}
