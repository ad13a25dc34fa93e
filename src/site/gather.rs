//! What every page shares, worked out once: the address of each entity's page, findings by
//! entity, the history of each entity and each policy clause, the policies that name each
//! tool, the calendar's events and the budget reports. Pages look things up here; nothing is
//! read or parsed again.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::civil::Date;
use serde::Serialize;

use super::links::{Editor, slug};
use super::view::{ChangeView, Part, short};
use super::{Input, Options};
use crate::calendar::{Event, events};
use crate::config::Config;
use crate::diff::{ClauseChangeKind, Names, WordOp};
use crate::finding::Finding;
use crate::history::changelog::{Changelog, Entry};
use crate::history::summary::describe;
use crate::layout::Kind;
use crate::lint::Report;
use crate::model::{Policy, Tree};
use crate::report::{
    BudgetReport, ToolFilter, ToolsReport, budget_report, fiscal_years, tools_report,
};
use crate::words::long_date;

/// One change to a policy clause.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseChangeView {
    pub date: String,
    /// "Added", "Reworded", "Moved", "Removed".
    pub what: &'static str,
    /// For a reworded clause: the words kept, removed and added.
    pub runs: Vec<Run>,
    /// For an added clause: its first text.
    pub text: Option<String>,
    pub title: String,
    pub commit: Part,
}

#[derive(Debug, Clone, Serialize)]
pub struct Run {
    /// "equal", "delete" or "insert".
    pub op: &'static str,
    pub text: String,
}

pub struct Site<'a> {
    pub tree: &'a Tree,
    pub report: &'a Report,
    pub config: &'a Config,
    pub options: &'a Options,
    pub today: Date,
    /// Put in front of a tree-relative path to name the file in the repository.
    pub prefix: &'a str,
    pub title: String,
    pub organization: Option<String>,
    pub editor: Option<Editor>,
    pub changelog: Option<&'a Changelog>,
    /// Why history is missing or incomplete, when it is.
    pub history_note: Option<String>,
    /// The day "changed since the last review" counts from.
    pub since: Option<Date>,
    /// Page of each entity, relative to the site's top, by id.
    pub tool_pages: BTreeMap<&'a str, String>,
    pub policy_pages: BTreeMap<&'a str, String>,
    pub department_pages: BTreeMap<String, String>,
    pub year_pages: BTreeMap<String, String>,
    /// Anchor of each person on the people page.
    pub person_anchors: BTreeMap<&'a str, String>,
    /// Findings by the entity's tree-relative path.
    pub findings: HashMap<&'a str, Vec<&'a Finding>>,
    /// Changes by entity (`tool/zoom`), newest first.
    pub history: HashMap<String, Vec<ChangeView>>,
    /// Changes by (policy id, clause id), newest first.
    pub clause_history: HashMap<(String, String), Vec<ClauseChangeView>>,
    /// Policies that name each tool in `tools`, by tool id.
    pub policies_by_tool: HashMap<&'a str, Vec<&'a Policy>>,
    pub events: Vec<Event>,
    pub budgets: Vec<BudgetReport>,
    pub tools: ToolsReport,
    /// The built-in schemas: what each field means.
    pub schema_documents: Vec<(String, serde_json::Value)>,
}

impl<'a> Site<'a> {
    pub fn new(input: &Input<'a>, options: &'a Options) -> Site<'a> {
        let tree = input.tree;
        let organization = tree.org.as_ref().and_then(|o| o.entity.str("/name"));
        let title = options
            .title
            .clone()
            .unwrap_or_else(|| match &organization {
                Some(name) => format!("{} technology handbook", short(name)),
                None => "Technology handbook".to_string(),
            });
        let changelog = input.history.as_ref().ok().copied();
        let history_note = match &input.history {
            Err(why) => Some(why.clone()),
            Ok(log) if log.shallow => Some(
                "this is a shallow clone, so older history is missing (check out with fetch-depth: 0)"
                    .to_string(),
            ),
            Ok(_) => None,
        };
        let names = Names::of_tree(tree);
        let editor = options
            .repo_url
            .as_deref()
            .and_then(|url| Editor::new(url, &options.branch));
        let (history, clause_history) = match changelog {
            Some(log) => index_history(log, &names, editor.as_ref()),
            None => Default::default(),
        };
        let years = fiscal_years(tree);
        Site {
            tree,
            report: input.report,
            config: input.config,
            options,
            today: options.today,
            prefix: input.prefix,
            title,
            organization,
            since: options.since.or_else(|| last_review(tree, options.today)),
            tool_pages: pages_of(tree.tools.keys().map(String::as_str), "tools"),
            policy_pages: pages_of(tree.policies.keys().map(String::as_str), "policies"),
            department_pages: pages_of(
                department_ids(tree).iter().map(String::as_str),
                "departments",
            )
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
            year_pages: pages_of(years.iter().map(String::as_str), "budgets")
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            person_anchors: tree
                .org
                .iter()
                .flat_map(|o| o.people.keys())
                .enumerate()
                .map(|(i, id)| (id.as_str(), format!("person-{}", slug(id, i))))
                .collect(),
            findings: findings_by_entity(input.report),
            history,
            clause_history,
            policies_by_tool: policies_by_tool(tree),
            events: events(tree, input.config, options.today),
            budgets: years
                .iter()
                .map(|year| budget_report(tree, year, options.today))
                .collect(),
            tools: tools_report(tree, &ToolFilter::default()),
            schema_documents: crate::schema::builtin_documents(),
            changelog,
            history_note,
            editor,
        }
    }

    /// A link to a tool's page (its name, else its id), or the id alone when no such tool
    /// exists.
    pub fn tool_link(&self, root: &str, id: &str) -> Part {
        let name = self.tree.tools.get(id).map_or(id, |t| t.plain_name());
        match self.tool_pages.get(id) {
            Some(page) => Part::link(short(name), format!("{root}{page}")),
            None => Part::text(format!("{} (not in the registry)", short(id))),
        }
    }

    pub fn policy_link(&self, root: &str, id: &str) -> Part {
        let policy = self.tree.policies.get(id);
        let name = policy.and_then(|p| p.title.as_deref()).unwrap_or(id);
        match self.policy_pages.get(id) {
            Some(page) => Part::link(short(name), format!("{root}{page}")),
            None => Part::text(format!("{} (no such policy)", short(id))),
        }
    }

    pub fn department_name(&self, id: &str) -> String {
        short(
            self.tree
                .department(id)
                .and_then(|d| d.name.as_deref())
                .unwrap_or(id),
        )
    }

    pub fn department_link(&self, root: &str, id: &str) -> Part {
        match self.department_pages.get(id) {
            Some(page) => Part::link(self.department_name(id), format!("{root}{page}")),
            None => Part::text(short(id)),
        }
    }

    pub fn person_name(&self, id: &str) -> String {
        short(
            self.tree
                .person(id)
                .and_then(|p| p.name.as_deref())
                .unwrap_or(id),
        )
    }

    /// A link to a person on the people page, noting one who has left or is not in
    /// org.toml.
    pub fn person_link(&self, root: &str, id: &str) -> Vec<Part> {
        let Some(anchor) = self.person_anchors.get(id) else {
            return vec![Part::text(format!("{} (not in org.toml)", short(id)))];
        };
        let mut parts = vec![Part::link(
            self.person_name(id),
            format!("{root}people.html#{anchor}"),
        )];
        if let Some(left) = self.tree.person(id).and_then(|p| p.left) {
            let verb = if left <= self.today { "left" } else { "leaves" };
            parts.push(Part::text(format!(" ({verb} on {})", long_date(left))));
        }
        parts
    }

    /// The budget line a `budget_line` reference names, as a link to it on its fiscal
    /// year's page.
    pub fn budget_line_href(
        &self,
        root: &str,
        year: &str,
        department: &str,
        line: &str,
    ) -> Option<String> {
        let page = self.year_pages.get(year)?;
        Some(format!("{root}{page}#{}", line_anchor(department, line)))
    }

    /// What an event is about, linked to its page.
    pub fn event_subject(&self, root: &str, event: &Event) -> Part {
        match event.entity_kind {
            Kind::Tool => self.tool_link(root, &event.id),
            Kind::Policy => self.policy_link(root, &event.id),
            Kind::Budget => match self.year_of(&event.path) {
                Some(page) => Part::link(
                    format!("the {} budget", short(&event.id)),
                    format!("{root}{page}"),
                ),
                None => Part::text(short(&event.id)),
            },
            _ => Part::text(short(event.display_name())),
        }
    }

    /// The fiscal year page of a budget file (`budgets/2026/it.toml`).
    pub fn year_of(&self, tree_path: &str) -> Option<&String> {
        let year = tree_path.strip_prefix("budgets/")?.split('/').next()?;
        self.year_pages.get(year)
    }

    /// The file in the repository (`policies/tools/zoom.toml`).
    pub fn repo_file(&self, tree_path: &str) -> String {
        format!("{}{tree_path}", self.prefix)
    }

    /// The GitHub editor's address for a tree file, when the repository is known.
    pub fn edit_link(&self, tree_path: &str) -> Option<Part> {
        let editor = self.editor.as_ref()?;
        Some(Part::external(
            "Propose a change to this page's file on GitHub",
            &editor.edit(&self.repo_file(tree_path)),
        ))
    }

    pub fn findings_of(&self, tree_path: &str) -> &[&'a Finding] {
        self.findings.get(tree_path).map_or(&[], Vec::as_slice)
    }

    pub fn history_of(&self, kind: Kind, id: &str) -> &[ChangeView] {
        self.history
            .get(&entity_key(kind, id))
            .map_or(&[], Vec::as_slice)
    }

    /// The changelog's entries after `since`, newest first.
    pub fn entries_since(&self, since: Date) -> Vec<&'a Entry> {
        let since = since.to_string();
        self.changelog
            .into_iter()
            .flat_map(|log| log.sections.iter())
            .flat_map(|s| s.entries.iter())
            .filter(|e| e.date > since)
            .collect()
    }

    /// A change's view: the date in words, the lines, and links to the pull request and
    /// commit when the repository is known.
    pub fn change_view(&self, entry: &Entry, lines: Vec<String>) -> ChangeView {
        change_view(entry, lines, self.editor.as_ref())
    }
}

/// The anchor of a budget line on its fiscal year's page. `_` cannot be part of an id, so
/// department and line never run into each other.
pub fn line_anchor(department: &str, line: &str) -> String {
    format!("line-{}_{}", slug(department, 0), slug(line, 0))
}

fn entity_key(kind: Kind, id: &str) -> String {
    format!("{}/{id}", kind.as_str())
}

/// `folder/<slug>.html` for each id, in order.
fn pages_of<'i>(ids: impl Iterator<Item = &'i str>, folder: &str) -> BTreeMap<&'i str, String> {
    ids.enumerate()
        .map(|(i, id)| (id, format!("{folder}/{}.html", slug(id, i))))
        .collect()
}

/// Every department the tree knows: org.toml's, and those that tools, policies and budgets
/// name, sorted.
pub fn department_ids(tree: &Tree) -> Vec<String> {
    let mut ids: BTreeSet<String> = tree
        .org
        .iter()
        .flat_map(|o| o.departments.keys().cloned())
        .collect();
    ids.extend(tree.tools.values().filter_map(|t| t.department.clone()));
    ids.extend(tree.policies.values().filter_map(|p| p.owner.clone()));
    ids.extend(tree.budgets.keys().map(|(_, d)| d.clone()));
    ids.into_iter().collect()
}

/// The latest day any tool or policy was reviewed, on or before `today`: when the committee
/// last met, as far as the tree knows.
fn last_review(tree: &Tree, today: Date) -> Option<Date> {
    tree.tools
        .values()
        .filter_map(|t| t.last_reviewed)
        .chain(tree.policies.values().filter_map(|p| p.last_reviewed))
        .filter(|d| *d <= today)
        .max()
}

fn findings_by_entity(report: &Report) -> HashMap<&str, Vec<&Finding>> {
    let mut by: HashMap<&str, Vec<&Finding>> = HashMap::new();
    for finding in &report.findings {
        by.entry(finding.subject.entity.as_str())
            .or_default()
            .push(finding);
    }
    by
}

fn policies_by_tool(tree: &Tree) -> HashMap<&str, Vec<&Policy>> {
    let mut by: HashMap<&str, Vec<&Policy>> = HashMap::new();
    for policy in tree.policies.values() {
        for tool in policy
            .entity
            .doc
            .get("/tools")
            .and_then(|v| v.items())
            .into_iter()
            .flatten()
        {
            if let Some(id) = tool.as_str() {
                let list = by.entry(id).or_default();
                if !list.iter().any(|p| p.entity.id == policy.entity.id) {
                    list.push(policy);
                }
            }
        }
    }
    by
}

fn change_view(entry: &Entry, lines: Vec<String>, editor: Option<&Editor>) -> ChangeView {
    let short_sha: String = entry.commit.chars().take(10).collect();
    ChangeView {
        date: entry
            .date
            .parse()
            .map(long_date)
            .unwrap_or_else(|_| entry.date.clone()),
        lines,
        title: entry.title.clone(),
        author: short(&entry.author),
        pull_request: entry.pr.map(|n| match editor {
            Some(editor) => Part::external(format!("pull request #{n}"), &editor.pull_request(n)),
            None => Part::text(format!("pull request #{n}")),
        }),
        commit: match editor {
            Some(editor) => Part::external(short_sha, &editor.commit(&entry.commit)),
            None => Part::text(short_sha),
        },
    }
}

type Histories = (
    HashMap<String, Vec<ChangeView>>,
    HashMap<(String, String), Vec<ClauseChangeView>>,
);

/// Each entity's and each clause's changes, from the changelog (newest first, as it is).
fn index_history(log: &Changelog, names: &Names, editor: Option<&Editor>) -> Histories {
    let mut entities: HashMap<String, Vec<ChangeView>> = HashMap::new();
    let mut clauses: HashMap<(String, String), Vec<ClauseChangeView>> = HashMap::new();
    for entry in log.sections.iter().flat_map(|s| s.entries.iter()) {
        for change in &entry.changes {
            let lines = describe(change, None, names);
            entities
                .entry(entity_key(change.kind, &change.id))
                .or_default()
                .push(change_view(entry, lines, editor));
            for clause in &change.clauses {
                let view = ClauseChangeView {
                    date: change_view(entry, Vec::new(), editor).date,
                    what: match clause.change {
                        ClauseChangeKind::Added => "Added",
                        ClauseChangeKind::Removed => "Removed",
                        ClauseChangeKind::Moved => "Moved",
                        ClauseChangeKind::Reworded => "Reworded",
                    },
                    runs: clause
                        .words
                        .iter()
                        .map(|run| Run {
                            op: match run.op {
                                WordOp::Equal => "equal",
                                WordOp::Delete => "delete",
                                WordOp::Insert => "insert",
                            },
                            text: run.text.clone(),
                        })
                        .collect(),
                    text: (clause.change == ClauseChangeKind::Added)
                        .then(|| clause.new.clone())
                        .flatten(),
                    title: entry.title.clone(),
                    commit: change_view(entry, Vec::new(), editor).commit,
                };
                clauses
                    .entry((change.id.clone(), clause.id.clone()))
                    .or_default()
                    .push(view);
            }
        }
    }
    (entities, clauses)
}
