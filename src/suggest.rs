//! "Did you mean ...?" for misspelled ids, keys and enum values.

/// How close two names must be (Jaro-Winkler) to be offered as a likely typo.
const THRESHOLD: f64 = 0.85;

/// The candidate closest to `input`, if it is close enough to be a likely typo.
///
/// References are checked against every tool, so an unknown id is compared with thousands of
/// candidates: a cheap bound on the similarity (from the letters the two share) skips most of
/// them before the exact measure is computed.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input_lower = input.to_lowercase();
    let input_letters = Letters::of(&input_lower);
    candidates
        .into_iter()
        .filter(|c| *c != input)
        .filter_map(|c| {
            let lower = lowercase(c);
            let prefix = common_prefix(&input_lower, &lower);
            if !input_letters.may_reach_threshold(&Letters::of(&lower), prefix) {
                return None;
            }
            Some((strsim::jaro_winkler(&input_lower, &lower), c))
        })
        .filter(|(score, _)| *score >= THRESHOLD)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// How many leading characters two texts share, up to the four Winkler counts.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars()
        .zip(b.chars())
        .take(4)
        .take_while(|(x, y)| x == y)
        .count()
}

/// `text` in lowercase, without a copy when it already is (ids always are).
fn lowercase(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(text.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// How many of each letter a name has (folded into 64 buckets), and its length in characters.
struct Letters {
    counts: [u8; 64],
    len: usize,
}

impl Letters {
    fn of(text: &str) -> Letters {
        let mut counts = [0u8; 64];
        let mut len = 0;
        for c in text.chars() {
            let bucket = &mut counts[(c as usize) % 64];
            *bucket = bucket.saturating_add(1);
            len += 1;
        }
        Letters { counts, len }
    }

    /// Whether two names that share `prefix` leading characters share enough letters for
    /// Jaro-Winkler to reach [`THRESHOLD`].
    ///
    /// Jaro is at most `(m/|a| + m/|b| + 1) / 3` for `m` matching characters, and `m` is at
    /// most the letters the names share (shared buckets can only overcount, so the bound stays
    /// an upper bound). Winkler lifts a Jaro `j` to `j + 0.1 l (1 - j)` for a common prefix of
    /// `l` characters (at most 4), so reaching the threshold needs
    /// `j >= (THRESHOLD - 0.1 l) / (1 - 0.1 l)`: 0.85 for names that start differently, which
    /// few names in a large registry come near.
    fn may_reach_threshold(&self, other: &Letters, prefix: usize) -> bool {
        if self.len == 0 || other.len == 0 {
            return true;
        }
        let shared: usize = self
            .counts
            .iter()
            .zip(&other.counts)
            .map(|(a, b)| usize::from(*a.min(b)))
            .sum();
        let shared = shared as f64;
        let best_jaro = (shared / self.len as f64 + shared / other.len as f64 + 1.0) / 3.0;
        let bonus = 0.1 * prefix.min(4) as f64;
        best_jaro + 1e-9 >= (THRESHOLD - bonus) / (1.0 - bonus)
    }
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

    #[test]
    fn the_letter_bound_never_skips_a_match() {
        // Every pair the exact measure accepts passes the cheap bound.
        let names = [
            "jane-doe",
            "jane-do",
            "jnae-doe",
            "j",
            "",
            "Google-Drive",
            "google-drive",
            "zoom",
            "zooom",
            "mmiller",
            "m-miller",
            "acceptable-use",
            "acceptable-us",
            "ÉCOLE",
            "école",
            "abcdefgh",
            "hgfedcba",
            "slack",
            "slakc",
            "a1",
            "1a",
        ];
        for a in names {
            for b in names {
                let (la, lb) = (a.to_lowercase(), b.to_lowercase());
                if strsim::jaro_winkler(&la, &lb) >= THRESHOLD {
                    assert!(
                        Letters::of(&la)
                            .may_reach_threshold(&Letters::of(&lb), common_prefix(&la, &lb)),
                        "{a} / {b}"
                    );
                }
            }
        }
    }
}
