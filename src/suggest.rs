//! "Did you mean …?" for names the user typed: regions, niches, channel ids, rate-table keys.

/// The candidate closest to `given`, if any is close enough to be a likely typo. Each candidate
/// is a pair of the text to compare against and the name to suggest, so that a region can be
/// found by its name ("germany") while `de` is what gets suggested.
pub fn did_you_mean<'a>(
    given: &str,
    candidates: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<&'a str> {
    closest(given, candidates, (0.8, 0.8))
}

/// [`did_you_mean`] for the name of a place, which must be closer, and closer still when it
/// starts with another letter: countries alike in part ("ireland" and "england", "taiwan" and
/// "thailand") are not one misspelt.
pub fn did_you_mean_place<'a>(
    given: &str,
    candidates: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<&'a str> {
    closest(given, candidates, (0.85, 0.9))
}

/// The closest candidate that scores at least `same_start`, or `other_start` for one that
/// starts with another letter than `given`.
fn closest<'a>(
    given: &str,
    candidates: impl IntoIterator<Item = (&'a str, &'a str)>,
    (same_start, other_start): (f64, f64),
) -> Option<&'a str> {
    let given = given.to_lowercase();
    candidates
        .into_iter()
        .filter_map(|(text, suggestion)| {
            let text = text.to_lowercase();
            let least = if given.chars().next() == text.chars().next() {
                same_start
            } else {
                other_start
            };
            let score = strsim::jaro_winkler(&given, &text);
            (score >= least).then_some((score, suggestion))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, suggestion)| suggestion)
}

/// Pairs each name with itself, for candidates that are only names.
pub fn names<'a>(
    names: impl IntoIterator<Item = &'a str>,
) -> impl Iterator<Item = (&'a str, &'a str)> {
    names.into_iter().map(|n| (n, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let ids = ["creator_fund", "creator_rewards", "sponsorship"];
        assert_eq!(
            did_you_mean("creator_fnd", names(ids)),
            Some("creator_fund")
        );
        assert_eq!(did_you_mean("sponsorhip", names(ids)), Some("sponsorship"));
        assert_eq!(did_you_mean("zzz", names(ids)), None);
        let regions = [("de", "de"), ("Germany", "de"), ("us", "us")];
        assert_eq!(did_you_mean("germany", regions), Some("de"));
        assert_eq!(did_you_mean("usa", regions), Some("us"));
        // A slip in the first letter of a channel is still one.
        assert_eq!(did_you_mean("ponsorship", names(ids)), Some("sponsorship"));
        // A place alike at the end only: another country, not a typo.
        let britain = [("England", "gb"), ("United Kingdom", "gb")];
        assert_eq!(did_you_mean("ireland", britain), Some("gb"));
        assert_eq!(did_you_mean_place("ireland", britain), None);
        assert_eq!(did_you_mean_place("finland", britain), None);
        assert_eq!(did_you_mean_place("englnd", britain), Some("gb"));
        let asia = [("Thailand", "th"), ("Malaysia", "my")];
        assert_eq!(did_you_mean_place("taiwan", asia), None);
        assert_eq!(did_you_mean_place("malta", asia), None);
        assert_eq!(did_you_mean_place("malaysa", asia), Some("my"));
    }
}
