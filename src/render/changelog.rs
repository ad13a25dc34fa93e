//! Renders a changelog: markdown in the spirit of Keep a Changelog, or JSON.

use std::fmt::Write as _;

use super::markdown::{code, escape};
use crate::history::changelog::{Changelog, Entry};

pub fn json(changelog: &Changelog) -> String {
    let mut text = serde_json::to_string_pretty(changelog)
        .unwrap_or_else(|e| format!("{{\"version\":1,\"error\":\"{e}\"}}"));
    text.push('\n');
    text
}

/// `repo_url` (e.g. `https://github.com/org/policies`) turns pull-request numbers and commits
/// into links.
pub fn markdown(changelog: &Changelog, repo_url: Option<&str>) -> String {
    let repo_url = repo_url.map(|u| u.trim_end_matches('/'));
    let mut out = String::from(
        "# Policy changelog\n\nWhat changed in our policies, tools and budgets, newest first.\n",
    );
    if changelog.shallow {
        out.push_str("\n> This clone is shallow, so older history is missing. Fetch it with `git fetch --unshallow`.\n");
    }
    if changelog.sections.is_empty() {
        out.push_str("\nNo changes to the policy tree in this range.\n");
    }
    for section in &changelog.sections {
        let _ = writeln!(out, "\n## {}\n", escape(&section.title));
        for entry in &section.entries {
            entry_markdown(entry, repo_url, &mut out);
        }
    }
    out
}

/// An entry as the committee reads it: the pull request's title, the date in words and who
/// proposed it; the commit only as a link (or in a footnote line without a link).
fn entry_markdown(entry: &Entry, repo_url: Option<&str>, out: &mut String) {
    let short = &entry.commit[..entry.commit.len().min(10)];
    let date = crate::words::date_text(&entry.date);
    let who = entry.proposer.as_deref().unwrap_or(&entry.author);
    let link = match (entry.pr, repo_url) {
        (Some(n), Some(url)) => format!(" · [pull request #{n}]({url}/pull/{n})"),
        (None, Some(url)) => format!(" · [the change]({url}/commit/{})", entry.commit),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "### {}\n\n{date} · proposed by {}{link}\n",
        escape(&entry.title),
        escape(who)
    );
    for line in &entry.lines {
        let _ = writeln!(out, "- {}", escape(line));
    }
    for problem in &entry.problems {
        let _ = writeln!(
            out,
            "- ⚠ {} could not be read at this revision: {}",
            code(&problem.file),
            escape(&problem.message)
        );
    }
    if repo_url.is_none() {
        // No address to link to: whoever edits the files can still find the change.
        let _ = writeln!(out, "\n_Commit {}_", code(short));
    }
    out.push('\n');
}
