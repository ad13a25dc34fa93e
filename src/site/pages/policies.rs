//! Policies: a list, and one page per policy, clause by clause. Each clause has a stable
//! anchor (its id: `social-media.html#consent`) and its own history, with the words that a
//! change removed and added.

use std::collections::HashSet;

use rayon::prelude::*;
use serde::Serialize;

use super::{Page, findings_of, propose_link};
use crate::layout::Kind;
use crate::model::Policy;
use crate::site::fields::{FieldGroup, departments, field_groups};
use crate::site::gather::{ClauseChangeView, Site};
use crate::site::links::slug;
use crate::site::view::{ChangeView, Fact, FindingView, Part, Words, joined, short};
use crate::words::{days_from, long_date};

fn status_words(status: Option<&str>) -> String {
    match status {
        Some("active") => "In force".to_string(),
        Some("draft") => "Draft: not in force yet".to_string(),
        Some("retired") => "Retired: no longer in force".to_string(),
        Some(other) => short(other),
        None => "No status given".to_string(),
    }
}

#[derive(Serialize)]
struct Index {
    rows: Vec<Row>,
}

#[derive(Serialize)]
struct Row {
    link: Part,
    status: String,
    owner: Part,
    review: String,
    clauses: usize,
}

fn review_words(site: &Site<'_>, policy: &Policy) -> String {
    let schedule = policy.review_schedule(site.config.policy_review_months);
    match schedule.due() {
        Some(due) if due < site.today => format!("overdue since {}", long_date(due)),
        Some(due) => format!("due {} ({})", long_date(due), days_from(site.today, due)),
        None => "due now".to_string(),
    }
}

pub fn index(site: &Site<'_>) -> Page {
    let root = "../";
    let rows = site
        .tree
        .policies
        .values()
        .map(|p| Row {
            link: site.policy_link(root, &p.entity.id),
            status: status_words(p.status.as_deref()),
            owner: p
                .owner
                .as_deref()
                .map_or(Part::text("none given"), |o| site.department_link(root, o)),
            review: review_words(site, p),
            clauses: p.clauses.len(),
        })
        .collect();
    Page::new(
        "policies/index.html".to_string(),
        "policies.html",
        "Policies".to_string(),
        "policies",
        &Index { rows },
    )
}

#[derive(Serialize)]
struct PolicyPage {
    title: String,
    summary: Option<String>,
    facts: Vec<Fact>,
    clauses: Vec<ClauseView>,
    findings: Vec<FindingView>,
    history: Vec<ChangeView>,
    history_note: Option<String>,
    fields: Vec<FieldGroup>,
    id: String,
    file: String,
    edit: Option<Part>,
    propose: Part,
}

#[derive(Serialize)]
struct ClauseView {
    anchor: String,
    id: String,
    title: Option<String>,
    text: String,
    history: Vec<ClauseChangeView>,
}

pub fn pages(site: &Site<'_>) -> Vec<Page> {
    let policies: Vec<&Policy> = site.tree.policies.values().collect();
    policies.par_iter().map(|p| page(site, p)).collect()
}

fn page(site: &Site<'_>, policy: &Policy) -> Page {
    let root = "../";
    let id = policy.entity.id.as_str();
    let title = policy.title.clone().unwrap_or_else(|| id.to_string());
    let model = PolicyPage {
        title: title.clone(),
        summary: policy.entity.str("/summary"),
        facts: facts(site, root, policy),
        clauses: clauses(site, policy),
        findings: findings_of(site, &policy.entity.path),
        history: site.history_of(Kind::Policy, id).to_vec(),
        history_note: site.history_note.clone(),
        fields: field_groups(site, root, &policy.entity, &["clause"]),
        id: id.to_string(),
        file: policy.entity.shown_path().to_string(),
        edit: site.edit_link(&policy.entity.path),
        propose: propose_link(root),
    };
    Page::new(
        site.policy_pages[id].clone(),
        "policy.html",
        short(&title),
        "policies",
        &model,
    )
}

fn facts(site: &Site<'_>, root: &str, policy: &Policy) -> Vec<Fact> {
    let ids = |list: Vec<(String, String)>| list.into_iter().map(|(id, _)| id).collect::<Vec<_>>();
    let approvers = ids(policy.approved_by());
    let tools: Words = joined(
        ids(policy.tools())
            .iter()
            .map(|t| site.tool_link(root, t))
            .collect(),
        ", ",
    );
    let supersedes: Words = joined(
        ids(policy.supersedes())
            .iter()
            .map(|p| site.policy_link(root, p))
            .collect(),
        ", ",
    );
    let or_none = |words: Words| {
        if words.is_empty() {
            vec![Part::text("none")]
        } else {
            words
        }
    };
    let schedule = policy.review_schedule(site.config.policy_review_months);
    let every = policy
        .review_every_months
        .filter(|m| *m > 0)
        .unwrap_or(i64::from(site.config.policy_review_months));
    vec![
        Fact::text("Status", status_words(policy.status.as_deref())),
        Fact::new(
            "Owned by",
            vec![
                policy
                    .owner
                    .as_deref()
                    .map_or(Part::text("no department given"), |o| {
                        site.department_link(root, o)
                    }),
            ],
        ),
        Fact::new("Approved by", or_none(departments(site, root, &approvers))),
        Fact::text(
            "In force since",
            policy
                .effective
                .map_or("no date given".to_string(), long_date),
        ),
        Fact::text(
            "Last reviewed",
            policy.last_reviewed.map_or("never".to_string(), long_date),
        ),
        Fact::text(
            "Next review",
            match schedule.due() {
                Some(due) => format!(
                    "{} ({}); reviewed every {every} months",
                    long_date(due),
                    days_from(site.today, due)
                ),
                None => "due now".to_string(),
            },
        ),
        Fact::new("Tools it covers", or_none(tools)),
        Fact::new("Replaces", or_none(supersedes)),
    ]
}

/// The clauses in order, each with an anchor: its id when that is a valid id and not taken
/// by an earlier clause, else one steward makes up.
fn clauses(site: &Site<'_>, policy: &Policy) -> Vec<ClauseView> {
    let mut taken = HashSet::new();
    policy
        .clauses
        .iter()
        .enumerate()
        .map(|(i, clause)| {
            let id = clause.id.clone().unwrap_or_default();
            let mut anchor = slug(&id, i);
            if !taken.insert(anchor.clone()) {
                anchor = format!("_{i}");
            }
            ClauseView {
                history: site
                    .clause_history
                    .get(&(policy.entity.id.clone(), id.clone()))
                    .cloned()
                    .unwrap_or_default(),
                anchor,
                id,
                title: clause.title.clone(),
                text: clause.text.clone().unwrap_or_default(),
            }
        })
        .collect()
}
