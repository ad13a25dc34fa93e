//! Linting the tree with the planned files in memory, before anything is written: an error
//! that makes a file invalid stops the import (tied to its row), a governance finding is
//! noted for later. Apart because it is the one step that runs the whole lint, and
//! `--skip-invalid` repeats it.

use std::collections::{BTreeMap, BTreeSet};

use super::Session;
use crate::finding::{Finding, Severity};
use crate::import::columns;
use crate::import::table::Table;
use crate::import::{Plan, Problem, Settings};
use crate::lint::lint_loaded;
use crate::loader::{self, Keep};
use crate::model::{Entity, Tree};
use crate::render::visible::one_line;
use crate::source::RawFile;

/// Error codes that mean a file steward would write is not valid (rather than a governance
/// finding a committee resolves later): any of them stops the import.
const BLOCKING: [&str; 5] = ["toml/", "schema/", "id/", "ref/", "file/"];

/// How many rounds `--skip-invalid` takes at most: rows found invalid by the lint are left out
/// and the rest planned again.
const SKIP_ROUNDS: usize = 3;

/// A plan, what linting it said, and the problems of the rows `--skip-invalid` left out.
pub(super) struct Planned {
    pub(super) plan: Plan,
    /// `None` when the rows had problems before the lint.
    pub(super) checked: Option<Checked>,
    pub(super) skipped: Vec<Problem>,
}

/// Plans the rows and lints the plan; with `--skip-invalid`, plans again without the rows
/// found invalid (a few rounds: leaving a row out can only remove problems, but the lint of
/// the rest may find more).
pub(super) fn plan_checked<F>(
    session: &Session,
    table: &Table,
    mapping: &columns::Mapping,
    mut settings: Settings,
    skip_invalid: bool,
    plan_rows: &F,
) -> Planned
where
    F: Fn(&Table, &columns::Mapping, &Tree, &Settings) -> Plan,
{
    let mut skipped: Vec<Problem> = Vec::new();
    let mut round = 0;
    loop {
        round += 1;
        let mut plan = plan_rows(table, mapping, &session.loaded.tree, &settings);
        let checked = if plan.problems.is_empty() {
            let checked = check(session, &plan, settings.today);
            plan.problems.extend(checked.problems.iter().cloned());
            Some(checked)
        } else {
            None
        };
        let retry = skip_invalid
            && !plan.has_file_problems()
            && !plan.problems.is_empty()
            && round < SKIP_ROUNDS;
        if !retry {
            return Planned {
                plan,
                checked,
                skipped,
            };
        }
        settings.skip.extend(plan.invalid_rows());
        skipped.extend(plan.problems);
    }
}

/// What linting the tree with the planned files says.
pub(super) struct Checked {
    /// Errors in the planned files that make them invalid, tied to their rows.
    problems: Vec<Problem>,
    /// Governance findings in the planned files: what `steward lint` will say afterwards.
    pub(super) later: Vec<Finding>,
    /// The changes `--update` makes, as steward's diff says them.
    pub(super) changes: String,
}

/// Lints the tree with the planned files in memory.
fn check(session: &Session, plan: &Plan, today: jiff::civil::Date) -> Checked {
    let planned: BTreeMap<&str, &str> = plan
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.text.as_str()))
        .collect();
    if planned.is_empty() {
        return Checked {
            problems: Vec::new(),
            later: Vec::new(),
            changes: String::new(),
        };
    }
    let mut files: Vec<RawFile> = session
        .files
        .iter()
        .filter(|f| !planned.contains_key(f.path.as_str()))
        .cloned()
        .collect();
    files.extend(planned.iter().map(|(path, text)| RawFile {
        path: path.to_string(),
        content: Ok(text.to_string()),
    }));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let workspace = &session.workspace;
    // Findings the files already had are not the import's doing: when the import changes
    // existing files, the tree before it is loaded next, and shares most files with this one.
    let changed: Vec<&str> = plan
        .files
        .iter()
        .filter(|f| f.exists)
        .map(|f| f.path.as_str())
        .collect();
    let keep = if changed.is_empty() {
        Keep::Nothing
    } else {
        Keep::ForNextLoad
    };
    let loaded = loader::load_keeping(files, &workspace.prefix, &workspace.layout, keep);
    let (after, loaded) = lint_loaded(loaded, &workspace.config, today);
    let before: BTreeSet<(&str, String, String)> = if changed.is_empty() {
        BTreeSet::new()
    } else {
        let base = loader::load(session.files.clone(), &workspace.prefix, &workspace.layout);
        let (report, _) = lint_loaded(base, &workspace.config, today);
        report
            .findings
            .iter()
            .filter(|f| changed.contains(&f.subject.entity.as_str()))
            .map(|f| (f.code(), f.subject.entity.clone(), f.subject.field.clone()))
            .collect()
    };
    let mut problems = Vec::new();
    let mut later = Vec::new();
    for finding in after.findings {
        if !planned.contains_key(finding.subject.entity.as_str()) {
            continue;
        }
        let key = (
            finding.code(),
            finding.subject.entity.clone(),
            finding.subject.field.clone(),
        );
        if before.contains(&key) {
            continue;
        }
        let blocking = finding.severity == Severity::Error
            && BLOCKING.iter().any(|p| finding.code().starts_with(p));
        if blocking {
            problems.push(row_problem(plan, &finding));
        } else {
            later.push(finding);
        }
    }
    Checked {
        problems,
        later,
        changes: changes(session, plan, &loaded.tree),
    }
}

/// A finding in a planned file as a problem of the row it comes from.
fn row_problem(plan: &Plan, finding: &Finding) -> Problem {
    let row = plan
        .rows
        .iter()
        .filter(|r| r.path == finding.subject.entity)
        .filter(|r| {
            r.pointer.is_empty()
                || finding.subject.field == r.pointer
                || finding
                    .subject
                    .field
                    .starts_with(&format!("{}/", r.pointer))
        })
        .map(|r| r.row)
        .next();
    Problem {
        row,
        column: None,
        message: format!(
            "{} would not pass `steward lint`: {} [{}]",
            finding.subject.entity,
            finding.message,
            finding.code()
        ),
    }
}

/// The `--update` changes, field by field, as `steward diff` words them.
fn changes(session: &Session, plan: &Plan, after: &Tree) -> String {
    use crate::diff::{ChangeKind, Names, entity_change};
    let before = &session.loaded.tree;
    let names = Names::of_tree(after);
    let mut out = String::new();
    let mut paths: Vec<&str> = plan
        .files
        .iter()
        .filter(|f| f.exists)
        .map(|f| f.path.as_str())
        .collect();
    paths.sort_unstable();
    for path in paths {
        let (Some(old), Some(new)) = (entity_at(before, path), entity_at(after, path)) else {
            continue;
        };
        let change = entity_change(ChangeKind::Modified, new, Some(old));
        if change.fields.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str("\nChanges to what is already there:\n");
        }
        out.push_str(&format!(
            "  {}{}\n",
            session.workspace.prefix,
            one_line(path)
        ));
        for field in &change.fields {
            let sentence = crate::render::diff::field_sentence(field, &names);
            out.push_str(&format!("    - {}\n", one_line(&sentence)));
        }
    }
    out
}

fn entity_at<'a>(tree: &'a Tree, path: &str) -> Option<&'a Entity> {
    if let Some(org) = &tree.org
        && org.entity.path == path
    {
        return Some(&org.entity);
    }
    tree.tools
        .values()
        .map(|t| &t.entity)
        .chain(tree.budgets.values().map(|b| &b.entity))
        .find(|e| e.path == path)
}
