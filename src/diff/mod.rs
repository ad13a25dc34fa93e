//! Semantic diff of two versions of a policy tree: which entities were added, removed,
//! renamed or modified, every changed field, clause-by-clause prose changes, budget totals
//! before and after, and what the change does to lint.

mod budget;
mod fields;
mod prose;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

pub use budget::{BudgetChange, FiscalYearTotals, Totals};
pub use fields::{FieldChange, diff_documents, diff_values, leaf_set, similarity, similarity_of};
pub use prose::{ClauseChange, ClauseChangeKind, WordOp, WordRun, diff_clauses, word_diff};

use crate::finding::{Finding, FindingRecord};
use crate::layout::Kind;
use crate::lint::Report;
use crate::loader::Loaded;
use crate::model::{Entity, Org, Tree, clauses};

/// How similar a removed and an added file must be to count as one renamed file.
const RENAME_SIMILARITY: f64 = 0.5;
/// Above this many removed × added files, only identical content counts as a rename.
const RENAME_PAIRS_LIMIT: usize = 250_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Renamed,
    Modified,
}

/// What happened to one entity.
#[derive(Debug, Clone, Serialize)]
pub struct EntityChange {
    pub kind: Kind,
    pub id: String,
    pub change: ChangeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_id: Option<String>,
    /// The file, relative to the tree root (the new path for a rename).
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_path: Option<String>,
    /// The tool's name or the policy's title, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub fields: Vec<FieldChange>,
    pub clauses: Vec<ClauseChange>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct FindingsDelta {
    pub fixed: Vec<FindingRecord<'static>>,
    pub introduced: Vec<FindingRecord<'static>>,
}

/// A file that could not be parsed on one side: the diff shows everything else.
#[derive(Debug, Clone, Serialize)]
pub struct SideProblem {
    pub side: &'static str,
    pub file: String,
    pub message: String,
}

/// The whole comparison; serializes to the documented JSON (`version` 1).
#[derive(Debug, Clone, Serialize)]
pub struct TreeDiff {
    pub version: u32,
    /// The base commit's full sha.
    pub base: String,
    /// The head commit's full sha, or `worktree`.
    pub head: String,
    pub entities: Vec<EntityChange>,
    pub budgets: Vec<BudgetChange>,
    pub fiscal_years: Vec<FiscalYearTotals>,
    pub findings: FindingsDelta,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<SideProblem>,
    /// Display names of people, departments, tools and policies on either side, for
    /// renderers ("jane-doe (Jane Doe)"). Not part of the JSON.
    #[serde(skip)]
    pub names: Names,
}

/// One side of a comparison: the loaded tree and its lint report.
pub struct Side<'a> {
    pub label: String,
    pub loaded: &'a Loaded,
    pub report: &'a Report,
}

/// Compares two loaded trees.
pub fn diff_trees(base: Side<'_>, head: Side<'_>) -> TreeDiff {
    let old = entities_by_path(&base.loaded.tree);
    let new = entities_by_path(&head.loaded.tree);
    let renames = find_renames(&old, &new);
    let renamed_from: HashMap<&str, &str> = renames
        .iter()
        .map(|(o, n)| (n.as_str(), o.as_str()))
        .collect();
    let renamed_to: HashMap<&str, &str> = renames
        .iter()
        .map(|(o, n)| (o.as_str(), n.as_str()))
        .collect();

    // What changed, in order; then each change is worked out (field and word diffs) in
    // parallel, keeping that order.
    let mut work: Vec<(ChangeKind, &Entity, Option<&Entity>)> = Vec::new();
    for (path, entity) in &old {
        if !new.contains_key(path) && !renamed_to.contains_key(path.as_str()) {
            work.push((ChangeKind::Removed, entity, None));
        }
    }
    for (path, entity) in &new {
        if let Some(before) = old.get(path) {
            if before.doc.root() != entity.doc.root() {
                work.push((ChangeKind::Modified, entity, Some(before)));
            }
        } else if let Some(old_path) = renamed_from.get(path.as_str()) {
            work.push((ChangeKind::Renamed, entity, Some(old[*old_path])));
        } else {
            work.push((ChangeKind::Added, entity, None));
        }
    }
    let mut entities: Vec<EntityChange> = work
        .into_par_iter()
        .map(|(kind, entity, before)| entity_change(kind, entity, before))
        .collect();
    entities.sort_by(|a, b| (a.kind, &a.id, a.change).cmp(&(b.kind, &b.id, b.change)));

    let (budgets, fiscal_years) = budget::totals(&base.loaded.tree, &head.loaded.tree, &entities);
    let findings = findings_delta(base.report, head.report, &renamed_to);
    let problems = side_problems("base", base.report)
        .chain(side_problems("head", head.report))
        .collect();
    TreeDiff {
        version: 1,
        base: base.label,
        head: head.label,
        entities,
        budgets,
        fiscal_years,
        findings,
        problems,
        names: Names::from_trees(&base.loaded.tree, &head.loaded.tree),
    }
}

fn entities_by_path(tree: &Tree) -> BTreeMap<String, &Entity> {
    tree.entities().map(|e| (e.path.clone(), e)).collect()
}

/// Pairs removed and added files of the same kind that are the same entity under a new name:
/// identical content first, then the most similar pairs above [`RENAME_SIMILARITY`].
fn find_renames(
    old: &BTreeMap<String, &Entity>,
    new: &BTreeMap<String, &Entity>,
) -> Vec<(String, String)> {
    let removed: Vec<&Entity> = old
        .iter()
        .filter(|(p, _)| !new.contains_key(*p))
        .map(|(_, e)| *e)
        .collect();
    let added: Vec<&Entity> = new
        .iter()
        .filter(|(p, _)| !old.contains_key(*p))
        .map(|(_, e)| *e)
        .collect();
    let mut pairs = Vec::new();
    let mut taken_old = vec![false; removed.len()];
    let mut taken_new = vec![false; added.len()];
    // Identical content, found through its serialized value (looking each added file up
    // against every removed one would be quadratic when a pull request moves a whole folder).
    let content = |e: &Entity| {
        (
            e.kind,
            serde_json::to_string(&e.doc.root()).unwrap_or_default(),
        )
    };
    let mut by_content: HashMap<(Kind, String), Vec<usize>> = HashMap::new();
    for (i, r) in removed.iter().enumerate().rev() {
        by_content.entry(content(r)).or_default().push(i);
    }
    for (j, a) in added.iter().enumerate() {
        if let Some(i) = by_content.get_mut(&content(a)).and_then(Vec::pop) {
            taken_old[i] = true;
            taken_new[j] = true;
            pairs.push((removed[i].path.clone(), a.path.clone()));
        }
    }
    if removed.len() * added.len() <= RENAME_PAIRS_LIMIT {
        // Each file's leaves are listed once, not once per pair it is scored in.
        let leaf_sets = |entities: &[&Entity], taken: &[bool]| -> Vec<Option<Vec<String>>> {
            entities
                .par_iter()
                .zip(taken)
                .map(|(e, taken)| (!taken).then(|| leaf_set(&e.doc.to_value())))
                .collect()
        };
        let (removed_leaves, added_leaves) = (
            leaf_sets(&removed, &taken_old),
            leaf_sets(&added, &taken_new),
        );
        let mut scored = Vec::new();
        for (i, r) in removed.iter().enumerate().filter(|(i, _)| !taken_old[*i]) {
            for (j, a) in added.iter().enumerate().filter(|(j, _)| !taken_new[*j]) {
                if r.kind == a.kind {
                    let (Some(left), Some(right)) = (&removed_leaves[i], &added_leaves[j]) else {
                        continue;
                    };
                    let score = similarity_of(left, right);
                    if score >= RENAME_SIMILARITY {
                        scored.push((score, i, j));
                    }
                }
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        for (_, i, j) in scored {
            if !taken_old[i] && !taken_new[j] {
                taken_old[i] = true;
                taken_new[j] = true;
                pairs.push((removed[i].path.clone(), added[j].path.clone()));
            }
        }
    }
    pairs.sort();
    pairs
}

/// What happened to one entity. `entity` is the version that exists (the old one for a
/// removal); `before` is the old version of a modified or renamed entity.
pub fn entity_change(kind: ChangeKind, entity: &Entity, before: Option<&Entity>) -> EntityChange {
    let (fields, clauses) = match before {
        Some(before) if entity.kind == Kind::Policy => (
            diff_documents(before.doc.root(), entity.doc.root(), &["clause"]),
            diff_clauses(&clauses(before), &clauses(entity)),
        ),
        Some(before) => (
            diff_documents(before.doc.root(), entity.doc.root(), &[]),
            Vec::new(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    let name = ["/name", "/title"].iter().find_map(|p| entity.str(p));
    EntityChange {
        kind: entity.kind,
        id: entity.id.clone(),
        change: kind,
        old_id: before.filter(|b| b.id != entity.id).map(|b| b.id.clone()),
        path: entity.path.clone(),
        old_path: before
            .filter(|b| b.path != entity.path)
            .map(|b| b.path.clone()),
        name,
        fields,
        clauses,
    }
}

/// The identity of a finding across revisions: rule, entity (renames followed) and field.
type FindingKey<'a> = (&'static str, &'a str, &'a str);

/// A finding's [`Finding::identity`], its entity named as in the head when it was renamed.
fn key<'a>(finding: &'a Finding, renamed_to: &HashMap<&str, &'a str>) -> FindingKey<'a> {
    let (rule, entity, field) = finding.identity();
    (
        rule,
        renamed_to.get(entity).copied().unwrap_or(entity),
        field,
    )
}

/// The indexes of the findings of `head` that `base` does not have, matched by rule, entity
/// and field (not by line, so unrelated edits do not make old findings look new). Counts
/// matter: a second finding with the same key is new. `renamed_to` maps base paths to head paths.
pub fn new_findings(base: &Report, head: &Report, renamed_to: &HashMap<&str, &str>) -> Vec<usize> {
    let mut remaining: HashMap<FindingKey, usize> = HashMap::new();
    for f in &base.findings {
        *remaining.entry(key(f, renamed_to)).or_default() += 1;
    }
    let identity = HashMap::new();
    head.findings
        .iter()
        .enumerate()
        .filter(|(_, f)| match remaining.get_mut(&key(f, &identity)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .map(|(i, _)| i)
        .collect()
}

fn findings_delta(base: &Report, head: &Report, renamed_to: &HashMap<&str, &str>) -> FindingsDelta {
    let introduced = new_findings(base, head, renamed_to);
    let renamed_from: HashMap<&str, &str> = renamed_to.iter().map(|(o, n)| (*n, *o)).collect();
    let fixed = new_findings(head, base, &renamed_from);
    FindingsDelta {
        fixed: fixed
            .into_iter()
            .map(|i| FindingRecord::from(&base.findings[i]).into_owned())
            .collect(),
        introduced: introduced
            .into_iter()
            .map(|i| FindingRecord::from(&head.findings[i]).into_owned())
            .collect(),
    }
}

fn side_problems<'a>(
    side: &'static str,
    report: &'a Report,
) -> impl Iterator<Item = SideProblem> + 'a {
    report
        .findings
        .iter()
        .filter(|f| f.rule.family() == "toml" || f.rule.family() == "file")
        .map(move |f| SideProblem {
            side,
            file: f.location.source.path.clone(),
            message: f.message.clone(),
        })
}

/// Display names for ids, from both sides (the head's win).
///
/// People and departments are shared (`Arc`): the changelog builds them once per version of
/// org.toml and hands them to every commit that has that version.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub people: Arc<HashMap<String, String>>,
    pub departments: Arc<HashMap<String, String>>,
    pub tools: HashMap<String, String>,
    pub policies: HashMap<String, String>,
}

impl Names {
    /// The names in one tree.
    pub fn of_tree(tree: &Tree) -> Names {
        Names::from_trees(tree, tree)
    }

    fn from_trees(base: &Tree, head: &Tree) -> Names {
        let mut names = Names::default();
        for tree in [base, head] {
            if let Some(org) = &tree.org {
                names.add_org(org);
            }
            for t in tree.tools.values() {
                if let Some(n) = &t.name {
                    names.tools.insert(t.entity.id.clone(), n.clone());
                }
            }
            for p in tree.policies.values() {
                if let Some(n) = &p.title {
                    names.policies.insert(p.entity.id.clone(), n.clone());
                }
            }
        }
        names
    }

    /// Adds the names of the organization's people and departments.
    pub fn add_org(&mut self, org: &Org) {
        let people = Arc::make_mut(&mut self.people);
        for p in org.people.values() {
            if let Some(n) = &p.name {
                people.insert(p.id.clone(), n.clone());
            }
        }
        let departments = Arc::make_mut(&mut self.departments);
        for d in org.departments.values() {
            if let Some(n) = &d.name {
                departments.insert(d.id.clone(), n.clone());
            }
        }
    }

    /// "jane-doe (Jane Doe)" when the field holds an id with a known name, else the value.
    pub fn describe(&self, field_key: &str, value: &Value) -> String {
        let Value::String(id) = value else {
            return match value {
                Value::Null => "(none)".to_string(),
                Value::Array(items) => items
                    .iter()
                    .map(|v| self.describe(field_key, v))
                    .collect::<Vec<_>>()
                    .join(", "),
                Value::Object(_) => "(table)".to_string(),
                other => other.to_string(),
            };
        };
        let table = match field_key {
            "owner" | "backup_owner" | "head" => {
                // A policy's owner is a department; a tool's is a person.
                if self.people.contains_key(id) {
                    &self.people
                } else {
                    &self.departments
                }
            }
            "department" | "approved_by" | "required_approvers" => &self.departments,
            "tool" | "tools" | "alternatives" => &self.tools,
            "supersedes" => &self.policies,
            _ => return id.clone(),
        };
        match table.get(id) {
            Some(name) if name != id => format!("{id} ({name})"),
            _ => id.clone(),
        }
    }
}
