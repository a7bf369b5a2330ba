//! "Did you mean …?" for names the user typed: regions, niches, channel ids, rate-table keys.

/// The candidate closest to `given`, if any is close enough to be a likely typo. Each candidate
/// is a pair of the text to compare against and the name to suggest, so that a region can be
/// found by its name ("germany") while `de` is what gets suggested. A name that starts with
/// another letter must be closer: words alike only at the end ("ireland", "england") are not
/// one misspelt.
pub fn did_you_mean<'a>(
    given: &str,
    candidates: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<&'a str> {
    let given = given.to_lowercase();
    candidates
        .into_iter()
        .filter_map(|(text, suggestion)| {
            let text = text.to_lowercase();
            let least = if given.chars().next() == text.chars().next() {
                0.8
            } else {
                0.9
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
        // Alike at the end only: another country, not a typo.
        let britain = [("England", "gb"), ("United Kingdom", "gb")];
        assert_eq!(did_you_mean("ireland", britain), None);
        assert_eq!(did_you_mean("finland", britain), None);
        assert_eq!(did_you_mean("englnd", britain), Some("gb"));
    }
}
