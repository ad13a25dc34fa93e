//! "Did you mean ...?" for misspelled ids, keys and enum values.

/// The candidate closest to `input`, if it is close enough to be a likely typo.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input_lower = input.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != input)
        .map(|c| (strsim::jaro_winkler(&input_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// ` Did you mean "x"?` or nothing, ready to append to a help line.
pub fn did_you_mean<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(input, candidates)
        .map(|c| format!(" Did you mean \"{c}\"?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_not_strangers() {
        let statuses = ["approved", "trial", "restricted", "retired"];
        assert_eq!(closest("aproved", statuses), Some("approved"));
        assert_eq!(closest("Approved", statuses), Some("approved"));
        assert_eq!(closest("banana", statuses), None);
        assert_eq!(closest("approved", statuses), None);
    }
}
