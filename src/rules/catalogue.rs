//! The rule catalogue: every code steward can report, with the text `steward explain` prints
//! and the README's rule reference shows. One source, so they cannot drift.

use crate::finding::Severity;

/// One rule: a stable code, its default severity, and its explanation.
#[derive(Debug)]
pub struct Rule {
    /// `family/name`, stable forever once released.
    pub code: &'static str,
    pub severity: Severity,
    /// One line, for `steward rules`.
    pub summary: &'static str,
    /// What it checks, in plain words.
    pub what: &'static str,
    /// Why it matters to the organization.
    pub why: &'static str,
    /// A TOML fragment that triggers it (empty when the rule is not about TOML content).
    pub example: &'static str,
    /// The same fragment, fixed.
    pub fix: &'static str,
}

impl Rule {
    pub fn family(&self) -> &'static str {
        self.code.split('/').next().unwrap_or(self.code)
    }
}

/// Every rule, in the order `steward rules` lists them.
pub fn all() -> &'static [&'static Rule] {
    use super::{budget, input, policy, refs, tool, waiver};
    static ALL: &[&Rule] = &[
        &input::TOML_SYNTAX,
        &input::SCHEMA_REQUIRED,
        &input::SCHEMA_TYPE,
        &input::SCHEMA_ENUM,
        &input::SCHEMA_ADDITIONAL_PROPERTY,
        &input::SCHEMA_PATTERN,
        &input::SCHEMA_FORMAT,
        &input::SCHEMA_RANGE,
        &input::SCHEMA_LENGTH,
        &input::SCHEMA_OTHER,
        &input::SCHEMA_INVALID,
        &input::FILE_UNRECOGNIZED,
        &input::FILE_TOO_LARGE,
        &input::FILE_NOT_UTF8,
        &input::FILE_UNREADABLE,
        &input::FILE_SYMLINK_OUTSIDE,
        &input::FILE_SUBMODULE,
        &input::CONFIG_UNKNOWN_RULE,
        &input::ID_INVALID,
        &input::ID_DUPLICATE,
        &input::ID_MISMATCH,
        &tool::NO_OWNER,
        &tool::NO_EXIT_PLAN,
        &tool::EXIT_PLAN_INCOMPLETE,
        &tool::OWNER_LEFT,
        &tool::NO_BACKUP_OWNER,
        &tool::REVIEW_OVERDUE,
        &tool::UNBUDGETED,
        &tool::BUDGETED_ELSEWHERE,
        &tool::RETIRED_STILL_FUNDED,
        &policy::REVIEW_OVERDUE,
        &policy::MISSING_APPROVAL,
        &policy::SUPERSEDED_ACTIVE,
        &policy::DUPLICATE_CLAUSE,
        &budget::OVER_ALLOCATION,
        &budget::CURRENCY_MISMATCH,
        &budget::DUPLICATE_LINE,
        &budget::AMOUNT_PRECISION,
        &refs::UNKNOWN_PERSON,
        &refs::UNKNOWN_DEPARTMENT,
        &refs::UNKNOWN_TOOL,
        &refs::UNKNOWN_POLICY,
        &refs::UNKNOWN_BUDGET_LINE,
        &refs::NO_ORG,
        &waiver::NO_REASON,
        &waiver::EXPIRED,
        &waiver::UNUSED,
        &waiver::UNKNOWN_RULE,
    ];
    ALL
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
