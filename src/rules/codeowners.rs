//! Rules about the committed `.github/CODEOWNERS`: it still gives each file the owners that
//! org.toml and the tree say (see [`crate::codeowners`]). Only when the project has one.

use std::sync::Arc;

use super::{Context, Rule};
use crate::codeowners::{self, Committed};
use crate::document::SourceFile;
use crate::finding::{Finding, Location, Subject};
use crate::rule::Severity::Warning;
use crate::rule::declare_rules;
use crate::words::count;

declare_rules! {
    pub static OUT_OF_DATE: Rule = Rule {
        code: "codeowners/out-of-date",
        severity: Warning,
        summary: "The committed .github/CODEOWNERS no longer matches who owns what.",
        what: "When the project has a `.github/CODEOWNERS`, reports that it gives some file other owners than `steward codeowners` would write from org.toml (people's `github` usernames, department heads, tool owners, policy owners and approvers), lacks a file, or names one that is no longer there. Only the paths and their owners count, not the order, case, comments or blank lines. To fix it, run `steward codeowners` and commit the file it writes. A CODEOWNERS that is a link, not a regular file, too large or not UTF-8 is not read and is reported as well.",
        why: "With \"require review from code owners\" in branch protection, GitHub asks the people CODEOWNERS names: an old file asks someone who left, or no one from the department that answers for the change.",
        example: "",
        fix: "",
    };
}

/// How many paths a message names before it says "and N more".
const NAMED: usize = 3;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    out_of_date(ctx, out);
}

/// `codeowners/out-of-date`
fn out_of_date(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(committed) = &ctx.tree.codeowners else {
        return;
    };
    let expected = codeowners::generate(
        ctx.tree,
        &ctx.config.required_approvers,
        ctx.config.file.is_some(),
        ctx.today,
    );
    let help = "Run `steward codeowners` and commit the .github/CODEOWNERS it writes (with branch protection's \"require review from code owners\", GitHub then asks the right people)".to_string();
    let subject = Subject {
        entity: codeowners::PATH.to_string(),
        field: String::new(),
    };
    let (location, message) = match committed {
        Committed::Unread { why } => (
            Location::new(&Arc::new(SourceFile::new(codeowners::PATH, "")), 0..0),
            format!(
                "{} was not compared with who owns what: {why}",
                codeowners::PATH
            ),
        ),
        Committed::Text(source) => {
            let Some(drift) = codeowners::drift(&source.text, &expected) else {
                return;
            };
            // The committed file comes with pull requests: a path from it is quoted short.
            let mut named: Vec<String> = drift.paths.iter().take(NAMED).map(|p| short(p)).collect();
            let more = drift.paths.len() - named.len();
            if more > 0 {
                named.push(format!("{more} more"));
            }
            (
                Location::new(source, drift.span),
                format!(
                    "{} no longer matches who owns what: GitHub would ask the wrong people to review {} ({})",
                    codeowners::PATH,
                    count(drift.paths.len() as i64, "file", "files"),
                    super::tool::join_words(&named)
                ),
            )
        }
    };
    out.push(Finding::new(&OUT_OF_DATE, location, subject, message, help));
}

/// At most [`SHORT`] characters of `text`, with "..." when cut.
fn short(text: &str) -> String {
    match text.char_indices().nth(SHORT) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_string(),
    }
}

/// How many characters of a committed path a message quotes.
const SHORT: usize = 100;
