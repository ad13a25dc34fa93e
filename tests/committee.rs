//! Issue 14's "keep it true": every committee-facing output, rendered by the binary on a
//! scripted pull request, says things in words and money. Outside the folded technical
//! sections there are no rule codes, no commit hashes, no dotted or bracketed field paths, no
//! budget addresses such as `2026/communications`, and every amount carries its currency.
//!
//! The pull request is the issue's "done when": it adds Figma with no owner and no exit plan,
//! raises Canva's price, and the two overrun the design-software line they share.

mod common;

use common::git::GitRepo;

const TODAY: &str = "2026-12-01";

const ORG: &str = r#"name = "Riverside Community Trust"
[departments.communications]
name = "Communications"
head = "jane-doe"
[departments.it]
name = "IT"
head = "mark-miller"
[people.jane-doe]
name = "Jane Doe"
department = "communications"
[people.mark-miller]
name = "Mark Miller"
department = "it"
[people.sam-reed]
name = "Sam Reed"
department = "communications"
"#;

fn budget(printing: u32) -> String {
    format!(
        r#"department = "communications"
fiscal_year = 2026
currency = "USD"
allocation = 5000

[[line]]
id = "design-software"
category = "software"
amount = 1500

[[line]]
id = "printing"
category = "service"
amount = {printing}
"#
    )
}

fn policy(text: &str) -> String {
    format!(
        r#"title = "Social Media"
status = "active"
owner = "communications"
approved_by = ["communications"]
effective = 2025-01-01
last_reviewed = 2025-12-20

[[clause]]
id = "who-posts"
title = "Who may post"
text = "{text}"
"#
    )
}

fn canva(amount: u32) -> String {
    format!(
        r#"name = "Canva"
vendor = "Canva Pty Ltd"
category = "design"
status = "approved"
department = "communications"
owner = "jane-doe"
backup_owner = "sam-reed"
approved_on = 2025-01-10
last_reviewed = 2026-06-01

[cost]
amount = {amount}
currency = "USD"
period = "year"
budget_line = "2026/communications#design-software"

[exit_plan]
data_export = "Brand > Download all designs as PDF and PNG"
export_formats = ["PDF", "PNG"]
alternatives = ["Adobe Express"]
last_tested = 2026-05-01

[contract]
renews_on = 2027-01-15
auto_renews = true
notice_days = 30
"#
    )
}

const FIGMA: &str = r#"name = "Figma"
vendor = "Figma Inc."
category = "design"
status = "trial"
department = "communications"
backup_owner = "jane-doe"
last_reviewed = 2026-11-01

[cost]
amount = 100
currency = "USD"
period = "month"
budget_line = "2026/communications#design-software"
"#;

/// The base on `main`, then pull request #24, "Add Figma", merged.
fn scripted_pull_request() -> GitRepo {
    let repo = GitRepo::new();
    repo.write("policies/org.toml", ORG)
        .write("policies/budgets/2026/communications.toml", &budget(1500))
        .write(
            "policies/technology/social-media.toml",
            &policy("Only the communications team posts on the organization's accounts."),
        )
        .write("policies/tools/canva.toml", &canva(1200));
    repo.commit("Base");
    repo.pull_request(
        24,
        &[("Add Figma", &|r: &GitRepo| {
            r.write("policies/tools/figma.toml", FIGMA)
                .write("policies/tools/canva.toml", &canva(1500))
                .write("policies/budgets/2026/communications.toml", &budget(1800))
                .write(
                    "policies/technology/social-media.toml",
                    &policy(
                        "Only the communications team and program leads post on the organization's accounts.",
                    ),
                );
        })],
    );
    repo
}

/// Each committee output, as (name, the whole output, the part the committee reads).
fn outputs(repo: &GitRepo) -> Vec<(&'static str, String, String)> {
    let run = |args: &[&str]| {
        let (code, out, err) = repo.steward(args);
        assert!(
            code == 0 || code == 1,
            "steward {args:?} exited {code}: {err}"
        );
        out
    };
    let diff_md = run(&[
        "diff", "HEAD~1", "HEAD", "--format", "markdown", "--today", TODAY,
    ]);
    let diff_human = run(&["diff", "HEAD~1", "HEAD", "--today", TODAY]);
    let lint_md = run(&["lint", "--format", "markdown", "--today", TODAY]);
    let lint_human = run(&["lint", "--today", TODAY]);
    let review = run(&[
        "review", "--format", "markdown", "--within", "30", "--today", TODAY,
    ]);
    let changelog = run(&["changelog", "--repo-url", "https://github.com/org/policies"]);
    let budget_human = run(&["report", "budget", "--today", TODAY]);
    let budget_md = run(&["report", "budget", "--format", "markdown", "--today", TODAY]);
    vec![
        ("diff_markdown", outside_details(&diff_md), diff_md),
        (
            "diff_human",
            before(&diff_human, "\nTechnical details"),
            diff_human,
        ),
        ("lint_markdown", outside_details(&lint_md), lint_md),
        // The human lint report's body is miette's boxes, for whoever edits the files: its
        // opening and closing lines are what a committee member reads.
        ("lint_human", first_and_last_lines(&lint_human), lint_human),
        ("review_markdown", outside_details(&review), review),
        (
            "changelog_markdown",
            without_link_targets(&changelog),
            changelog,
        ),
        ("report_budget", budget_human.clone(), budget_human),
        ("report_budget_markdown", budget_md.clone(), budget_md),
    ]
    .into_iter()
    .map(|(name, committee, whole)| (name, whole, committee))
    .collect()
}

#[test]
fn the_decision_page_answers_the_committee() {
    let repo = scripted_pull_request();
    let (code, page, err) = repo.steward(&[
        "diff", "HEAD~1", "HEAD", "--format", "markdown", "--today", TODAY,
    ]);
    assert_eq!(code, 0, "{err}");
    let first = page.lines().next().unwrap_or_default();
    assert_eq!(
        first, "### ❌ Not ready: 3 things must be fixed first",
        "{page}"
    );
    for expected in [
        "Adds **Figma**, a design tool from Figma Inc., owned by Communications.",
        "Owner: no owner yet; backup: Jane Doe.",
        "Costs $1,200 a year ($100 a month), paid from the design-software line of Communications' 2026 budget.",
        "Exit plan (how our data gets out if we leave): none yet.",
        "Its price rises from $1,200 to $1,500 a year (+$300).",
        "Communications 2026: budget $5,000; planned $3,000 → $3,300; $1,700 left.",
        "The design-software line of Communications' 2026 budget holds $1,500, but the tools charged to it cost $2,700 a year (Canva $1,500 and Figma $1,200): $1,200 over.",
        "> **Before:** Only the communications team posts on the organization's accounts.",
    ] {
        assert!(page.contains(expected), "{expected:?} is not in:\n{page}");
    }
    // And lint reports the overrun as its own rule.
    let lint = repo.json(&["lint", "--format", "json", "--today", TODAY]);
    let rules: Vec<&str> = lint["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    assert!(rules.contains(&"budget/line-overcommitted"), "{rules:?}");
}

#[test]
fn committee_outputs_speak_in_words_and_money() {
    let repo = scripted_pull_request();
    let codes = rule_codes(&repo);
    for (name, whole, text) in outputs(&repo) {
        insta::assert_snapshot!(name, whole);
        assert!(!text.trim().is_empty(), "{name} is empty");
        for code in &codes {
            assert!(
                !text.contains(code.as_str()),
                "{name} shows the rule code {code}:\n{text}"
            );
        }
        if let Some(hash) = commit_hash(&text) {
            panic!("{name} shows the commit hash {hash}:\n{text}");
        }
        if let Some(path) = field_path(&text) {
            panic!("{name} shows the field path {path:?}:\n{text}");
        }
        if let Some(address) = budget_address(&text) {
            panic!("{name} shows the budget address {address:?}:\n{text}");
        }
        if let Some(amount) = bare_amount(&text) {
            panic!("{name} shows the amount {amount:?} without its currency:\n{text}");
        }
    }
}

/// The checks themselves catch what they are meant to catch.
#[test]
fn the_checks_catch_what_they_look_for() {
    assert_eq!(commit_hash("in 9441accd88 we"), Some("9441accd88".into()));
    assert_eq!(commit_hash("Canva 2026 and 1,500"), None);
    assert_eq!(
        field_path("line[printing].amount: 1"),
        Some("line[printing].amount".into())
    );
    assert_eq!(
        field_path("cost.amount changed"),
        Some("cost.amount".into())
    );
    assert_eq!(field_path("In policies/tools/figma.toml: owner"), None);
    assert_eq!(field_path("Figma Inc. and 1.5"), None);
    assert_eq!(
        budget_address("budget 2026/communications:"),
        Some("2026/communications".into())
    );
    assert_eq!(bare_amount("rises from 1200 to 1500"), Some("1200".into()));
    assert_eq!(
        bare_amount("from $1,200 to $1,500 (+$300) in 2026, 3 days"),
        None
    );
    assert_eq!(bare_amount("planned 3,300"), Some("3,300".into()));
}

// ---------------------------------------------------------------------------------------

/// Every rule code of the catalogue, the first word of each line of `steward rules`.
fn rule_codes(repo: &GitRepo) -> Vec<String> {
    let (code, out, err) = repo.steward(&["rules"]);
    assert_eq!(code, 0, "{err}");
    let codes: Vec<String> = out
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|word| word.contains('/'))
        .map(str::to_string)
        .collect();
    assert!(codes.len() > 20, "{out}");
    codes
}

/// The markdown with every `<details>` block taken out.
fn outside_details(markdown: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for line in markdown.lines() {
        if line.trim_start().starts_with("<details>") {
            depth += 1;
        }
        if depth == 0 {
            out.push_str(line);
            out.push('\n');
        }
        if line.trim_start().starts_with("</details>") {
            depth = depth.saturating_sub(1);
        }
    }
    out
}

fn before(text: &str, marker: &str) -> String {
    text.split(marker).next().unwrap_or(text).to_string()
}

fn first_and_last_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    format!(
        "{}\n{}\n",
        lines.first().unwrap_or(&""),
        lines.last().unwrap_or(&"")
    )
}

/// Markdown with the targets of its links removed: `[text](url)` becomes `[text]`.
fn without_link_targets(markdown: &str) -> String {
    let mut out = String::new();
    let mut rest = markdown;
    while let Some(start) = rest.find("](") {
        out.push_str(&rest[..=start]);
        rest = &rest[start + 2..];
        rest = rest.find(')').map_or("", |end| &rest[end + 1..]);
    }
    out.push_str(rest);
    out
}

/// Words of `text`, split at anything that cannot be in a hash, path or amount.
fn tokens(text: &str, keep: impl Fn(char) -> bool) -> Vec<&str> {
    text.split(|c: char| !keep(c))
        .filter(|t| !t.is_empty())
        .collect()
}

fn commit_hash(text: &str) -> Option<String> {
    tokens(text, |c| c.is_ascii_alphanumeric())
        .into_iter()
        .find(|t| {
            t.len() >= 7
                && t.chars()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
                && t.chars().any(|c| c.is_ascii_digit())
                && t.chars().any(|c| c.is_ascii_alphabetic())
        })
        .map(str::to_string)
}

/// `line[printing].amount`, `cost.amount`, `exit_plan.data_export`: a lowercase name, then
/// `[` or `.` and another name; file names (`figma.toml`) are not field paths.
fn field_path(text: &str) -> Option<String> {
    tokens(text, |c| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || "_-.[]".contains(c)
    })
    .into_iter()
    .map(|t| t.trim_matches(|c| c == '.' || c == '-'))
    .find(|t| {
        let bracketed = t.contains('[') && t.contains(']') && !t.starts_with('[');
        let dotted = t.split('.').count() >= 2
            && t.split('.').all(|part| {
                !part.is_empty() && part.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            })
            && !t.ends_with(".toml")
            && !t.ends_with(".ics")
            && !t.ends_with(".md");
        bracketed || dotted
    })
    .map(str::to_string)
}

/// `2026/communications`: a fiscal year, a slash and a department id.
fn budget_address(text: &str) -> Option<String> {
    tokens(text, |c| c.is_ascii_alphanumeric() || "/-".contains(c))
        .into_iter()
        .find(|t| {
            t.split_once('/').is_some_and(|(year, rest)| {
                year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()) && !rest.is_empty()
            })
        })
        .map(str::to_string)
}

/// A number of three or more digits (or with thousands separators) that is neither a year
/// nor preceded by a currency sign.
fn bare_amount(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b',') {
                i += 1;
            }
            let number = text[start..i].trim_end_matches(',');
            let digits = number.chars().filter(char::is_ascii_digit).count();
            let year = number.len() == 4 && (number.starts_with("19") || number.starts_with("20"));
            let has_currency = text[..start].ends_with('$');
            let part_of_a_date = text[i..].starts_with('-') || text[..start].ends_with('-');
            let next_is_letter = bytes.get(i).is_some_and(u8::is_ascii_alphabetic);
            if (digits >= 3 || number.contains(','))
                && !year
                && !has_currency
                && !part_of_a_date
                && !next_is_letter
            {
                return Some(number.to_string());
            }
        } else {
            i += 1;
        }
    }
    None
}
