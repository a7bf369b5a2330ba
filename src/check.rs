//! Eligibility alone, for scripts: is this creator eligible for these channels?
//!
//! Unlike the estimate, which assumes a threshold is met when its input is missing, a check
//! fails closed: a missing input leaves the channel not eligible, and says which flag to pass.
//! But for a video's length, which decides which videos pay, not who may join: not given, it
//! is assumed, and said so.
//!
//! With no channel named, every channel is checked, and the answer is about those open to the
//! creator in their country: closed and unavailable channels are listed but do not decide it.
//! Of an exclusive group (one programme that replaced another), one eligible member is enough.

use crate::estimate::{
    Check, EstimateError, Gate, Profile, Reason, Requirement, Side, ban, checks, places,
};
use crate::rates::{Channel, RateTable, Region, UnknownName};
use crate::suggest::{did_you_mean, names};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckStatus {
    Eligible,
    /// A given input is below a threshold.
    Ineligible,
    /// No given input fails, but a threshold's input was not given.
    NeedsInput,
    Closed,
    Unavailable,
}

impl CheckStatus {
    /// The stable name used in JSON.
    pub fn key(self) -> &'static str {
        match self {
            CheckStatus::Eligible => "eligible",
            CheckStatus::Ineligible => "ineligible",
            CheckStatus::NeedsInput => "needs_input",
            CheckStatus::Closed => "closed",
            CheckStatus::Unavailable => "unavailable",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelCheck<'t> {
    pub id: String,
    pub name: String,
    /// Whether this channel decides the answer. Not a member of an exclusive group that
    /// another checked member passes for; and with no channel named, not a closed or
    /// unavailable one.
    pub decides: bool,
    pub status: CheckStatus,
    /// Thresholds not met: below the input, or with no input given (`have` is `None`).
    pub unmet: Vec<Check>,
    /// Why a closed or unavailable channel is not eligible.
    pub reason: Option<Reason<'t>>,
    /// What the answer rests on beyond the thresholds, said beside it: thresholds stated for
    /// other regions, assumed in the creator's country (`Reason::AssumedRule`); an account
    /// open to a fee per post that no tier prices (`Reason::Unpriced`).
    pub notes: Vec<Reason<'t>>,
}

impl ChannelCheck<'_> {
    pub fn eligible(&self) -> bool {
        self.status == CheckStatus::Eligible
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport<'t> {
    /// The creator's country.
    pub country: &'t str,
    /// Where the viewers are: TikTok must be available there for a channel to pay.
    pub audience: &'t str,
    pub profile: Profile,
    pub channels: Vec<ChannelCheck<'t>>,
}

impl CheckReport<'_> {
    /// Whether some channel decides, and every channel that decides is eligible.
    pub fn eligible(&self) -> bool {
        let mut deciding = self.channels.iter().filter(|c| c.decides).peekable();
        deciding.peek().is_some() && deciding.all(ChannelCheck::eligible)
    }

    /// The inputs given that no channel checked has a threshold on (a video's length, to
    /// Sponsorship): no answer rests on them. Followers are asked by a fee per post's tiers.
    pub fn unasked(&self, table: &RateTable) -> Vec<Requirement> {
        let channels: Vec<&Channel> = (self.channels.iter())
            .filter_map(|c| table.channel(&c.id))
            .collect();
        let asks = |requirement: Requirement| {
            channels.iter().any(|channel| {
                let thresholds = channel.eligibility.for_region(self.country);
                match requirement {
                    Requirement::Age => thresholds.min_age.is_some(),
                    Requirement::Followers => {
                        thresholds.min_followers.is_some() || !channel.rate.tiers.is_empty()
                    }
                    Requirement::Views30d => thresholds.min_views_30d.is_some(),
                    Requirement::Length => thresholds.video_over.is_some(),
                }
            })
        };
        let profile = self.profile;
        let given = [
            (Requirement::Age, profile.age),
            (Requirement::Followers, profile.followers),
            (Requirement::Views30d, profile.views_30d),
            (Requirement::Length, profile.length),
        ];
        (given.into_iter())
            .filter(|&(requirement, have)| have.is_some() && !asks(requirement))
            .map(|(requirement, _)| requirement)
            .collect()
    }
}

/// Checks the channels named by `ids` (every enabled channel when empty), in table order when
/// none are named and in the order given otherwise. Ids match whatever their case, and a
/// channel named twice is checked once.
pub fn check<'t>(
    table: &'t RateTable,
    ids: &[String],
    region: Option<&str>,
    profile: Profile,
) -> Result<CheckReport<'t>, EstimateError> {
    let places = Places {
        region,
        ..Places::default()
    };
    check_in(table, ids, places, profile)
}

/// The places a check was given, as the estimate takes them: the creator's country is
/// `--country`, else `--region`, else `--audience`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Places<'a> {
    pub region: Option<&'a str>,
    pub country: Option<&'a str>,
    pub audience: Option<&'a str>,
}

/// [`check`] with the creator's country given apart from the audience's region.
pub fn check_in<'t>(
    table: &'t RateTable,
    ids: &[String],
    given: Places<'_>,
    profile: Profile,
) -> Result<CheckReport<'t>, EstimateError> {
    crate::estimate::plausible_age(table, profile.age)?;
    let (country, audience) = places(table, given.region, given.country, given.audience)?;
    let country = country.code.as_str();
    let all = ids.is_empty();
    let selected: Vec<&Channel> = if all {
        table.enabled_channels().collect()
    } else {
        let mut selected: Vec<&Channel> = Vec::new();
        for id in ids {
            let channel = find(table, id)?;
            if !selected.iter().any(|c| c.id == channel.id) {
                selected.push(channel);
            }
        }
        selected
    };
    let mut channels: Vec<ChannelCheck> = selected
        .iter()
        .map(|channel| check_channel(table, channel, country, audience, profile))
        .collect();
    for (i, channel) in selected.iter().enumerate() {
        let open = !matches!(
            channels[i].status,
            CheckStatus::Closed | CheckStatus::Unavailable
        );
        // Another member of its group passes for it.
        let covered = channel.group.as_ref().is_some_and(|group| {
            !channels[i].eligible()
                && selected.iter().zip(&channels).any(|(other, c)| {
                    other.id != channel.id && other.group.as_ref() == Some(group) && c.eligible()
                })
        });
        channels[i].decides = !covered && (open || !all);
    }
    Ok(CheckReport {
        country,
        audience: audience.code.as_str(),
        profile,
        channels,
    })
}

/// The enabled channels whose id or name has `word` as a word of its own: `rewards` is
/// Creator Rewards', `live` LIVE gifts', `creator` two channels'.
fn words_of<'t>(table: &'t RateTable, word: &str) -> Vec<&'t str> {
    let word = word.to_ascii_lowercase();
    let has = |c: &Channel| {
        let words = c.id.split('_').map(str::to_string);
        let named = c.name.split_whitespace().map(str::to_ascii_lowercase);
        words.chain(named).any(|w| w == word)
    };
    (table.enabled_channels().filter(|c| has(c)))
        .map(|c| c.id.as_str())
        .collect()
}

fn find<'t>(table: &'t RateTable, id: &str) -> Result<&'t Channel, EstimateError> {
    // `earn check "sponsorship, affiliate"`: the space after a comma is no part of an id.
    let id = id.trim();
    match table.channel(&id.to_ascii_lowercase()) {
        Some(channel) if channel.enabled => Ok(channel),
        Some(_) => Err(EstimateError::DisabledChannel(id.to_string())),
        None => {
            let ids: Vec<&str> = table.enabled_channels().map(|c| c.id.as_str()).collect();
            Err(EstimateError::UnknownChannel(UnknownName {
                kind: "channels",
                given: id.to_string(),
                suggestion: match words_of(table, id)[..] {
                    [only] => Some(only),
                    [] => did_you_mean(id, names(ids.iter().copied())),
                    // A word of several (`creator`): the list that follows has them all.
                    _ => None,
                }
                .map(str::to_string),
                valid: ids.iter().map(|s| (*s).to_string()).collect(),
                otherwise: None,
            }))
        }
    }
}

fn check_channel<'t>(
    table: &'t RateTable,
    channel: &'t Channel,
    region: &'t str,
    audience: &'t Region,
    profile: Profile,
) -> ChannelCheck<'t> {
    // Where TikTok is unavailable, to the creator or to the viewers, no channel pays.
    let unavailable = table
        .region(region)
        .and_then(|r| ban(r, Side::Country))
        .or_else(|| ban(audience, Side::Audience));
    let mut notes = Vec::new();
    // The estimate's gate, so that the two answer alike.
    let (status, unmet, reason) = match Gate::at(channel, unavailable, region, &audience.code) {
        Gate::Banned(ban) => (
            CheckStatus::Unavailable,
            Vec::new(),
            Some(Reason::Banned(ban)),
        ),
        Gate::NotOffered(offered, closed) => {
            let reason = Reason::NotOffered {
                region,
                offered,
                closed,
            };
            (CheckStatus::Unavailable, Vec::new(), Some(reason))
        }
        Gate::Closed {
            on,
            new_creators_only,
        } => {
            let reason = Reason::Closed {
                region,
                on,
                new_creators_only,
            };
            (CheckStatus::Closed, Vec::new(), Some(reason))
        }
        Gate::AwayAudience => {
            let reason = Reason::AwayAudience {
                region,
                audience: &audience.code,
            };
            (CheckStatus::Unavailable, Vec::new(), Some(reason))
        }
        Gate::Open(thresholds, assumed) => {
            // A video's length decides which of its videos pay, not whether the creator may join:
            // not given, it is assumed, and said so; given, it is checked.
            if checks(thresholds, profile).next().is_none() {
                notes.push(Reason::NoThreshold);
            }
            let (unmet, length): (Vec<Check>, Vec<Check>) = checks(thresholds, profile)
                .filter(|c| c.met() != Some(true))
                .partition(|c| c.requirement != Requirement::Length || c.have.is_some());
            notes.extend(length.into_iter().map(Reason::Assumed));
            let status = if unmet.iter().any(|c| c.met() == Some(false)) {
                CheckStatus::Ineligible
            } else if unmet.is_empty() {
                CheckStatus::Eligible
            } else {
                CheckStatus::NeedsInput
            };
            notes.extend(assumed.map(|known| Reason::AssumedRule { region, known }));
            // Open to a brand deal, but in no fee tier: the estimate will price none.
            if let (Some(first), Some(have)) = (channel.rate.tiers.first(), profile.followers) {
                if channel.tier_index(have).is_none() {
                    notes.push(Reason::Unpriced {
                        first: first.start(),
                        have,
                    });
                }
            }
            (status, unmet, None)
        }
    };
    ChannelCheck {
        id: channel.id.clone(),
        name: channel.name.clone(),
        decides: true,
        status,
        unmet,
        reason,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rates;

    fn profile(age: Option<u64>, followers: Option<u64>, views_30d: Option<u64>) -> Profile {
        Profile {
            age,
            followers,
            views_30d,
            length: Some(90),
        }
    }

    fn one(id: &str, region: &str, p: Profile) -> ChannelCheck<'static> {
        let report = check(
            rates::built_in_for_tests(),
            &[id.to_string()],
            Some(region),
            p,
        )
        .unwrap();
        report.channels.into_iter().next().unwrap()
    }

    #[test]
    fn exactly_at_the_thresholds_is_eligible() {
        let c = one(
            "creator_rewards",
            "us",
            profile(Some(18), Some(10_000), Some(100_000)),
        );
        assert_eq!(c.status, CheckStatus::Eligible);
        assert!(c.unmet.is_empty());
    }

    /// Affiliate's thresholds are stated for the US: in Brazil the answer rests on them, and
    /// says so; in the US it needs no word.
    #[test]
    fn thresholds_stated_elsewhere_are_named_as_assumed() {
        let met = profile(Some(24), Some(5_000), None);
        let br = one("affiliate", "br", met);
        assert_eq!(br.status, CheckStatus::Eligible);
        let notes =
            |c: ChannelCheck| -> Vec<String> { c.notes.iter().map(ToString::to_string).collect() };
        assert_eq!(
            notes(br),
            ["assumes the thresholds stated for us and th apply in region br"]
        );
        assert!(one("affiliate", "us", met).notes.is_empty());
        assert!(one("gifts", "br", met).notes.is_empty());
    }

    /// An input no channel checked has a threshold on is named; followers are a fee per
    /// post's tiers, and every input counts when some channel checked asks for it.
    #[test]
    fn the_inputs_no_channel_checked_asks_for_are_named() {
        let table = rates::built_in_for_tests();
        let every = profile(Some(20), Some(5_000), Some(200_000));
        let unasked = |ids: &[&str]| {
            let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
            check(table, &ids, Some("us"), every)
                .unwrap()
                .unasked(table)
        };
        assert_eq!(
            unasked(&["sponsorship"]),
            [Requirement::Age, Requirement::Views30d, Requirement::Length]
        );
        assert_eq!(
            unasked(&["gifts"]),
            [Requirement::Views30d, Requirement::Length]
        );
        assert!(unasked(&["gifts", "creator_rewards"]).is_empty());
        assert!(unasked(&[]).is_empty());
    }

    /// No rule keeps a small account from a brand deal, but the fee tiers start at 1,000
    /// followers: eligible, and said to rest on no threshold and to be unpriced below them.
    #[test]
    fn a_fee_per_post_below_its_tiers_is_eligible_and_said_to_be_unpriced() {
        let small = one("sponsorship", "us", profile(Some(20), Some(800), None));
        assert_eq!(small.status, CheckStatus::Eligible);
        assert_eq!(
            small
                .notes
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            [
                "no threshold in the rate table: open to any account",
                "no fee is priced below 1,000 followers, where the tiers start; has 800"
            ]
        );
        let priced = one("sponsorship", "us", profile(None, Some(1_000), None));
        assert_eq!(priced.notes, [Reason::NoThreshold]);
    }

    #[test]
    fn a_missing_input_fails_closed() {
        let c = one(
            "creator_rewards",
            "us",
            profile(None, Some(10_000), Some(100_000)),
        );
        assert_eq!(c.status, CheckStatus::NeedsInput);
        assert!(!c.eligible());
        assert_eq!(c.unmet.len(), 1);
        assert_eq!(c.unmet[0].have, None);
    }

    #[test]
    fn a_known_shortfall_outranks_a_missing_input() {
        let c = one(
            "creator_rewards",
            "us",
            profile(None, Some(9_999), Some(100_000)),
        );
        assert_eq!(c.status, CheckStatus::Ineligible);
        assert_eq!(
            c.unmet.len(),
            2,
            "both the shortfall and the missing age are listed"
        );
    }

    #[test]
    fn closed_and_unavailable_are_not_eligible() {
        let full = profile(Some(30), Some(1_000_000), Some(10_000_000));
        assert_eq!(one("creator_fund", "us", full).status, CheckStatus::Closed);
        assert_eq!(
            one("creator_fund", "jp", full).status,
            CheckStatus::Unavailable
        );
        let italy = one("creator_fund", "it", full);
        assert_eq!(italy.status, CheckStatus::Closed);
        assert_eq!(
            italy.reason.unwrap().to_string(),
            "closed to new creators in region it since 2023-02-20"
        );
        assert_eq!(
            one("creator_rewards", "in", full).status,
            CheckStatus::Unavailable
        );
    }

    #[test]
    fn with_no_channel_named_only_open_channels_decide() {
        let table = rates::built_in_for_tests();
        let full = profile(Some(30), Some(2_000_000), Some(50_000_000));
        let report = check(table, &[], Some("us"), full).unwrap();
        assert!(report.eligible(), "{report:#?}");
        let fund = report
            .channels
            .iter()
            .find(|c| c.id == "creator_fund")
            .unwrap();
        assert_eq!(fund.status, CheckStatus::Closed);
        assert!(!fund.decides);
        // Too short a video fails Creator Rewards, and with it the check.
        let short = Profile {
            length: Some(45),
            ..full
        };
        assert!(!check(table, &[], Some("us"), short).unwrap().eligible());
        // Named, a closed channel decides.
        let named = check(table, &["creator_fund".into()], Some("us"), full).unwrap();
        assert!(!named.eligible());
        // Where nothing is open, nothing passes.
        assert!(!check(table, &[], Some("in"), full).unwrap().eligible());
    }

    #[test]
    fn unknown_and_disabled_channels_are_errors() {
        let table = rates::built_in().unwrap();
        let err = check(&table, &["creator_fnd".into()], None, Profile::default()).unwrap_err();
        assert!(err.hint().starts_with("did you mean 'creator_fund'?"));
        let table = rates::load(Some(rates::Layer {
            origin: "t.toml",
            text: "[[channel]]\nid = \"gifts\"\nenabled = false\n",
        }))
        .unwrap();
        let err = check(&table, &["gifts".into()], None, Profile::default()).unwrap_err();
        assert_eq!(err, EstimateError::DisabledChannel("gifts".into()));
        let all = check(&table, &[], None, Profile::default()).unwrap();
        assert!(all.channels.iter().all(|c| c.id != "gifts"));
    }
}
