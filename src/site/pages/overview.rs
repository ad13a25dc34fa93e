//! The overview (`index.html`): what needs attention now (errors, overdue reviews, notice
//! deadlines in the next 60 days, owners who have left), what changed since the last review,
//! and the counts by department.

use serde::Serialize;

use super::Page;
use crate::calendar::EventKind;
use crate::finding::Severity;
use crate::history::changelog::Entry;
use crate::layout::Kind;
use crate::model::add_days;
use crate::money;
use crate::report::default_fiscal_year;
use crate::site::gather::{Site, department_ids};
use crate::site::view::{ChangeView, Part, Words, short};
use crate::words::{count, days_from, long_date};

/// How far ahead the overview looks for notice deadlines.
pub const NOTICE_DAYS: i64 = 60;
/// The most entities with errors, and the most changes, the overview lists (each page has
/// its own in full).
const MAX_LISTED: usize = 100;

#[derive(Serialize)]
struct Overview {
    lead: String,
    errors: usize,
    warnings: usize,
    error_groups: Vec<ErrorGroup>,
    more_errors: usize,
    overdue: Vec<Attention>,
    notices: Vec<Attention>,
    left: Vec<Attention>,
    nothing_to_do: bool,
    /// What is in order, when something else is not: "no errors, no review overdue".
    also_clear: Vec<&'static str>,
    since: Option<String>,
    since_is_default: bool,
    changes: Vec<Change>,
    more_changes: usize,
    history_note: Option<String>,
    fiscal_year: Option<String>,
    departments: Vec<DepartmentRow>,
    can_propose: bool,
    new_tool: Option<Part>,
}

#[derive(Serialize)]
struct ErrorGroup {
    about: Part,
    messages: Vec<String>,
}

#[derive(Serialize)]
struct Attention {
    what: Words,
    detail: String,
}

#[derive(Serialize)]
struct Change {
    view: ChangeView,
    about: Vec<Part>,
}

#[derive(Serialize)]
struct DepartmentRow {
    link: Part,
    tools: usize,
    policies: usize,
    people: usize,
    allocation: String,
    planned: String,
}

pub fn page(site: &Site<'_>) -> Page {
    let root = "";
    let tree = site.tree;
    let today = site.today;
    let (error_groups, more_errors) = error_groups(site);
    let overdue: Vec<Attention> = site
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::ToolReview | EventKind::PolicyReview))
        .filter(|e| e.date <= today)
        .map(|e| Attention {
            what: vec![site.event_subject(root, e)],
            detail: match &e.detail {
                crate::calendar::Detail::Review { since: None, .. } => {
                    "due now: it has no date of approval or review".to_string()
                }
                crate::calendar::Detail::Review {
                    was_reviewed: false,
                    ..
                } if e.date == today => "due now: never reviewed".to_string(),
                _ => format!(
                    "review due on {} ({})",
                    long_date(e.date),
                    days_from(today, e.date)
                ),
            },
        })
        .collect();
    let horizon = add_days(today, NOTICE_DAYS);
    let notices: Vec<Attention> = site
        .events
        .iter()
        .filter(|e| e.kind == EventKind::NoticeDeadline && e.date >= today && e.date <= horizon)
        .map(|e| Attention {
            what: vec![site.event_subject(root, e)],
            detail: crate::render::calendar::sentence(e, today),
        })
        .collect();
    let left = owners_who_left(site);
    let since = site.since;
    let entries: Vec<&Entry> = since.map(|s| site.entries_since(s)).unwrap_or_default();
    let more_changes = entries.len().saturating_sub(MAX_LISTED);
    let changes = entries
        .iter()
        .take(MAX_LISTED)
        .map(|entry| Change {
            view: site.change_view(entry, entry.lines.clone()),
            about: entry
                .changes
                .iter()
                .filter_map(|c| match c.kind {
                    Kind::Tool if site.tool_pages.contains_key(c.id.as_str()) => {
                        Some(site.tool_link(root, &c.id))
                    }
                    Kind::Policy if site.policy_pages.contains_key(c.id.as_str()) => {
                        Some(site.policy_link(root, &c.id))
                    }
                    Kind::Budget => site.year_of(&c.path).map(|page| {
                        Part::link(
                            format!("{} budget", site.department_name(&c.id)),
                            page.clone(),
                        )
                    }),
                    Kind::Org => Some(Part::link("People", "people.html")),
                    _ => None,
                })
                .collect(),
        })
        .collect();
    let fiscal_year = default_fiscal_year(tree, today);
    let budget = fiscal_year
        .as_ref()
        .and_then(|y| site.budgets.iter().find(|b| &b.fiscal_year == y));
    let departments = department_ids(tree)
        .iter()
        .map(|id| {
            let line = budget.and_then(|b| b.departments.iter().find(|d| &d.department == id));
            let say =
                |amount| money::format_known(amount, line.and_then(|l| l.currency.as_deref()));
            DepartmentRow {
                link: site.department_link(root, id),
                tools: tree
                    .tools
                    .values()
                    .filter(|t| t.department.as_ref() == Some(id))
                    .count(),
                policies: tree
                    .policies
                    .values()
                    .filter(|p| p.owner.as_ref() == Some(id))
                    .count(),
                people: tree
                    .org
                    .iter()
                    .flat_map(|o| o.people.values())
                    .filter(|p| p.department.as_ref() == Some(id))
                    .count(),
                allocation: line
                    .map_or_else(|| "no budget".to_string(), |l| say(l.totals.allocation)),
                planned: line.map_or_else(|| "no budget".to_string(), |l| say(l.totals.planned)),
            }
        })
        .collect();
    let model = Overview {
        lead: format!(
            "As of {}: {}, {} and {}.",
            long_date(today),
            count(tree.tools.len() as i64, "tool", "tools"),
            count(tree.policies.len() as i64, "policy", "policies"),
            count(
                department_ids(tree).len() as i64,
                "department",
                "departments"
            ),
        ),
        errors: site.report.errors(),
        warnings: site.report.warnings(),
        nothing_to_do: error_groups.is_empty()
            && overdue.is_empty()
            && notices.is_empty()
            && left.is_empty(),
        also_clear: [
            (error_groups.is_empty(), "no errors"),
            (overdue.is_empty(), "no review overdue"),
            (notices.is_empty(), "no notice deadline in the next 60 days"),
            (left.is_empty(), "every owner is still here"),
        ]
        .into_iter()
        .filter_map(|(clear, words)| clear.then_some(words))
        .collect(),
        error_groups,
        more_errors,
        overdue,
        notices,
        left,
        since: since.map(long_date),
        since_is_default: site.options.since.is_none(),
        changes,
        more_changes,
        history_note: site.history_note.clone(),
        fiscal_year,
        departments,
        can_propose: site.editor.is_some(),
        new_tool: super::propose::new_tool_link(site),
    };
    Page::new(
        "index.html".to_string(),
        "overview.html",
        "Overview".to_string(),
        "overview",
        &model,
    )
}

/// Errors grouped by the entity they are about, in the report's order (by file).
fn error_groups(site: &Site<'_>) -> (Vec<ErrorGroup>, usize) {
    let mut groups: Vec<(String, ErrorGroup)> = Vec::new();
    for finding in site
        .report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
    {
        let entity = finding.subject.entity.as_str();
        if let Some((_, group)) = groups.last_mut().filter(|(e, _)| e == entity) {
            group.messages.push(finding.message.clone());
            continue;
        }
        groups.push((
            entity.to_string(),
            ErrorGroup {
                about: about(site, entity, &finding.location.source.path),
                messages: vec![finding.message.clone()],
            },
        ));
    }
    let more = groups.len().saturating_sub(MAX_LISTED);
    (
        groups
            .into_iter()
            .take(MAX_LISTED)
            .map(|(_, g)| g)
            .collect(),
        more,
    )
}

/// A link to the page of the entity in `tree_path`, else the file's name.
fn about(site: &Site<'_>, tree_path: &str, shown: &str) -> Part {
    let id = tree_path
        .rsplit('/')
        .next()
        .and_then(|f| f.strip_suffix(".toml"));
    if let Some(id) = id {
        if tree_path.starts_with("tools/") && site.tool_pages.contains_key(id) {
            return site.tool_link("", id);
        }
        if tree_path.starts_with("technology/") && site.policy_pages.contains_key(id) {
            return site.policy_link("", id);
        }
        if let Some(page) = site.year_of(tree_path) {
            return Part::link(format!("{} budget", site.department_name(id)), page.clone());
        }
    }
    if tree_path == "org.toml" {
        return Part::link("People and departments (org.toml)", "people.html");
    }
    Part::text(format!("The file {}", short(shown)))
}

/// Tools whose owner or backup owner has left the organization.
fn owners_who_left(site: &Site<'_>) -> Vec<Attention> {
    let mut out = Vec::new();
    for tool in site.tree.tools.values() {
        for (role, id) in [("owner", &tool.owner), ("backup owner", &tool.backup_owner)] {
            let Some(person) = id.as_deref().and_then(|id| site.tree.person(id)) else {
                continue;
            };
            if !person.has_left(site.today) {
                continue;
            }
            let mut what = site.person_link("", &person.id);
            what.push(Part::text(format!(" is still the {role} of ")));
            what.push(site.tool_link("", &tool.entity.id));
            out.push(Attention {
                what,
                detail: "Choose someone to take over.".to_string(),
            });
        }
    }
    out
}
