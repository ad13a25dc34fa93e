//! The rule catalogue: every code steward can report, with the text `steward explain` prints
//! and the README's rule reference shows. One source, so they cannot drift.

use std::sync::LazyLock;

pub use crate::rule::Rule;

/// Every rule, in the order `steward rules` lists them: each family's own list (declared with
/// its rules by `declare_rules!`), family by family.
pub fn all() -> &'static [&'static Rule] {
    use super::{
        budget, codeowners, contract, dates, input, org, policy, refs, stewardship, tool, waiver,
    };
    static ALL: LazyLock<Vec<&'static Rule>> = LazyLock::new(|| {
        [
            input::RULES,
            tool::RULES,
            contract::RULES,
            stewardship::RULES,
            policy::RULES,
            budget::RULES,
            org::RULES,
            dates::RULES,
            refs::RULES,
            waiver::RULES,
            codeowners::RULES,
        ]
        .concat()
    });
    &ALL
}

/// The rule with this code.
pub fn find(code: &str) -> Option<&'static Rule> {
    all().iter().copied().find(|r| r.code == code)
}

/// The explanation `steward explain CODE` prints, as markdown-flavoured plain text.
pub fn explain(rule: &Rule) -> String {
    let mut out = format!(
        "{code} ({severity} by default)\n\n{summary}\n\nWhat it does\n  {what}\n\nWhy it matters\n  {why}\n",
        code = rule.code,
        severity = rule.severity.as_str(),
        summary = rule.summary,
        what = rule.what,
        why = rule.why,
    );
    if !rule.example.is_empty() {
        out.push_str("\nExample\n");
        out.push_str(&indent(rule.example));
        out.push_str("\nUse instead\n");
        out.push_str(&indent(rule.fix));
    }
    out
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}

/// The README's rule reference, generated from the catalogue.
pub fn markdown_reference() -> String {
    let mut out = String::from("| code | default | what it reports |\n|---|---|---|\n");
    for rule in all() {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            rule.code,
            rule.severity.as_str(),
            rule.summary
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for rule in all() {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            let (family, name) = rule.code.split_once('/').expect("family/name");
            assert!(!family.is_empty() && !name.is_empty());
            assert!(
                rule.code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '/' || c == '-'),
                "{}",
                rule.code
            );
            assert!(!rule.summary.is_empty() && !rule.what.is_empty() && !rule.why.is_empty());
            assert_eq!(
                rule.example.is_empty(),
                rule.fix.is_empty(),
                "{}",
                rule.code
            );
        }
    }

    #[test]
    fn examples_are_toml() {
        for rule in all() {
            for fragment in [rule.example, rule.fix] {
                if !fragment.is_empty() && rule.code != "toml/syntax" {
                    fragment
                        .parse::<toml::Table>()
                        .unwrap_or_else(|e| panic!("{}: {e}", rule.code));
                }
            }
        }
    }
}
