//! The pieces page models are made of: text that may be a link, facts with their label, a
//! finding and a change in plain words. Templates render them with the macros in
//! `templates/macros.html`.

use serde::Serialize;

use crate::finding::{Finding, Severity};

/// The longest name (of a tool, person, department) shown in lists and tables, in
/// characters: a pull request can write a name of a megabyte, and a name appears on many
/// pages. Each entity's own page shows the whole of it.
pub const MAX_NAME: usize = 120;

/// A name cut to [`MAX_NAME`] characters.
pub fn short(name: &str) -> String {
    if name.chars().count() <= MAX_NAME {
        name.to_string()
    } else {
        let cut: String = name.chars().take(MAX_NAME).collect();
        format!("{cut}…")
    }
}

/// A run of text, or a link. `href` is relative to the page it is on (internal links) or
/// an http(s) address from [`super::links::external`] (`external`).
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    pub text: String,
    pub href: Option<String>,
    pub external: bool,
}

impl Part {
    pub fn text(text: impl Into<String>) -> Part {
        Part {
            text: text.into(),
            href: None,
            external: false,
        }
    }

    pub fn link(text: impl Into<String>, href: impl Into<String>) -> Part {
        Part {
            text: text.into(),
            href: Some(href.into()),
            external: false,
        }
    }

    /// A link to another site when `url` is a plain web address, else the text alone.
    pub fn external(text: impl Into<String>, url: &str) -> Part {
        let href = super::links::external(url);
        Part {
            text: text.into(),
            external: href.is_some(),
            href,
        }
    }

    /// A link to an address [`super::links::Editor`] built from the checked `--repo-url`.
    pub fn built(text: impl Into<String>, url: &str) -> Part {
        let href = super::links::external_within(url, super::links::MAX_BUILT_URL);
        Part {
            text: text.into(),
            external: href.is_some(),
            href,
        }
    }
}

/// A sentence or value made of parts.
pub type Words = Vec<Part>;

/// Parts joined with `separator` between them.
pub fn joined(parts: Vec<Part>, separator: &str) -> Words {
    let mut out = Vec::with_capacity(parts.len() * 2);
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push(Part::text(separator));
        }
        out.push(part);
    }
    out
}

/// One labelled value: "Owner: Ben Achterberg". `note` says what the field means.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: Words,
    pub note: Option<String>,
}

impl Fact {
    pub fn new(label: impl Into<String>, value: Words) -> Fact {
        Fact {
            label: label.into(),
            value,
            note: None,
        }
    }

    pub fn text(label: impl Into<String>, value: impl Into<String>) -> Fact {
        Fact::new(label, vec![Part::text(value)])
    }
}

/// A finding as a committee member reads it: what is wrong and what to do, then the rule
/// and the place for whoever fixes it.
#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    /// "Error" or "Warning".
    pub severity: &'static str,
    pub is_error: bool,
    pub message: String,
    pub help: String,
    pub rule: &'static str,
    /// The rule's one-line summary.
    pub rule_summary: &'static str,
    /// `policies/tools/zoom.toml:3:9`.
    pub place: String,
    /// The page of the entity the finding is about, when it has one.
    pub about: Option<Part>,
}

impl FindingView {
    pub fn new(finding: &Finding, about: Option<Part>) -> FindingView {
        let start = finding.location.start();
        let is_error = finding.severity == Severity::Error;
        FindingView {
            severity: if is_error { "Error" } else { "Warning" },
            is_error,
            message: finding.message.clone(),
            help: finding.help.clone(),
            rule: finding.rule.code,
            rule_summary: finding.rule.summary,
            place: format!(
                "{}:{}:{}",
                finding.location.source.path, start.line, start.column
            ),
            about,
        }
    }
}

/// One change from the history, in plain words.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    /// "3 November 2026".
    pub date: String,
    pub lines: Vec<String>,
    /// The commit message's first line.
    pub title: String,
    pub author: String,
    /// The pull request, linked when the repository's address is known.
    pub pull_request: Option<Part>,
    /// The commit's short id, linked when the repository's address is known.
    pub commit: Part,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_are_cut() {
        assert_eq!(short("Zoom"), "Zoom");
        let long = "é".repeat(500);
        assert_eq!(short(&long).chars().count(), MAX_NAME + 1);
    }
}
