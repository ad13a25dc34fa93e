//! "Did you mean ...?" for misspelled ids, keys and enum values.

/// How close two names must be (Jaro-Winkler) to be offered as a likely typo.
const THRESHOLD: f64 = 0.85;

/// Names longer than this (in bytes) get no suggestion: no id is that long, and the measure's
/// cost grows with the product of the lengths.
const MAX_NAME_BYTES: usize = 200;

/// At most this many names are measured exactly for one lookup, in the candidates' order.
/// The cheap bound skips almost every name of a real registry; names built to defeat it (ids
/// that are anagrams of one another) would otherwise make each lookup measure them all.
const MAX_MEASURED: usize = 5_000;

/// The candidate closest to `input`, if it is close enough to be a likely typo.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    Candidates::new(candidates).closest(input)
}

/// Names prepared once (lowercased, letters counted) for many lookups: a large registry has
/// 100,000 tools and, with them, hundreds of references to check against all of them.
pub struct Candidates<'a> {
    names: Vec<Prepared<'a>>,
}

struct Prepared<'a> {
    name: &'a str,
    lower: std::borrow::Cow<'a, str>,
    letters: Letters,
}

impl<'a> Candidates<'a> {
    pub fn new(names: impl IntoIterator<Item = &'a str>) -> Self {
        let names = names
            .into_iter()
            .map(|name| {
                let lower = lowercase(name);
                let letters = Letters::of(&lower);
                Prepared {
                    name,
                    lower,
                    letters,
                }
            })
            .collect();
        Candidates { names }
    }

    /// The name closest to `input`, if it is close enough to be a likely typo. A cheap bound
    /// on the similarity (from the letters and the prefix two names share) skips most names
    /// before the exact measure is computed.
    pub fn closest(&self, input: &str) -> Option<&'a str> {
        self.closest_measuring(input).0
    }

    /// [`Candidates::closest`], and how many names it measured exactly.
    fn closest_measuring(&self, input: &str) -> (Option<&'a str>, usize) {
        if input.len() > MAX_NAME_BYTES {
            return (None, 0);
        }
        let mut measured = 0;
        let input_lower = input.to_lowercase();
        let input_letters = Letters::of(&input_lower);
        let best = self
            .names
            .iter()
            .filter(|c| c.name != input && c.name.len() <= MAX_NAME_BYTES)
            .filter(|c| {
                let prefix = common_prefix(&input_lower, &c.lower);
                input_letters.may_reach_threshold(&c.letters, prefix)
            })
            .take(MAX_MEASURED)
            .map(|c| {
                measured += 1;
                (strsim::jaro_winkler(&input_lower, &c.lower), c.name)
            })
            .filter(|(score, _)| *score >= THRESHOLD)
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
            .map(|(_, name)| name);
        (best, measured)
    }

    /// ` Did you mean "x"?` or nothing, ready to append to a help line.
    pub fn did_you_mean(&self, input: &str) -> String {
        hint(self.closest(input))
    }
}

fn hint(name: Option<&str>) -> String {
    name.map(|c| format!(" Did you mean \"{c}\"?"))
        .unwrap_or_default()
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
    hint(closest(input, candidates))
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
    fn lookups_are_bounded() {
        // Anagrams of one another all pass the letter bound: the lookup still stops early.
        let names: Vec<String> = (0..20_000)
            .map(|i| {
                let mut letters: Vec<char> = "abcdefghijklmnopqrst".chars().collect();
                letters.rotate_left(i % 20);
                letters.swap(i % 7, 19 - i % 5);
                letters.into_iter().collect()
            })
            .collect();
        let candidates = Candidates::new(names.iter().map(String::as_str));
        let (_, measured) = candidates.closest_measuring("tsrqponmlkjihgfedcba");
        assert_eq!(measured, MAX_MEASURED);
        let near = format!("{}b", "a".repeat(200));
        assert_eq!(closest(&"a".repeat(201), [near.as_str()]), None);
        // A real typo among many strangers is still found.
        let (best, measured) =
            Candidates::new(["jane-doe", "mark-miller"]).closest_measuring("jane-deo");
        assert_eq!((best, measured), (Some("jane-doe"), 1));
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
