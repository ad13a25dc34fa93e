//! Renders a [`TreeDiff`]: for people on a terminal (colored when allowed), as markdown for a
//! pull request or job summary (summary table first, details folded, all user text escaped),
//! and as JSON.
//!
//! In the human format each line is built, then made [`one_line`] (a name, a path, a value) or
//! shown as [`prose`] (a clause, whose own line breaks are kept and indented), then coloured;
//! [`finish`] makes the last pass over the whole text (see [`super::terminal`]).

use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde_json::Value;

use super::markdown::{code, escape, html, table_row};
use super::terminal::{added, finish, removed, strong};
use super::visible::{Layout, one_line, visible};
use crate::diff::{
    ChangeKind, ClauseChange, ClauseChangeKind, EntityChange, FieldChange, Names, TreeDiff, WordOp,
};
use crate::money;

/// The JSON document (`version` 1; see the README).
pub fn json(diff: &TreeDiff) -> String {
    let mut text = serde_json::to_string_pretty(diff)
        .unwrap_or_else(|e| format!("{{\"version\":1,\"error\":\"{e}\"}}"));
    text.push('\n');
    text
}

/// "1 added, 2 modified, 1 renamed".
pub fn counts(diff: &TreeDiff) -> String {
    let mut parts = Vec::new();
    for (kind, word) in [
        (ChangeKind::Added, "added"),
        (ChangeKind::Removed, "removed"),
        (ChangeKind::Renamed, "renamed"),
        (ChangeKind::Modified, "modified"),
    ] {
        let n = diff.entities.iter().filter(|e| e.change == kind).count();
        if n > 0 {
            parts.push(format!("{n} {word}"));
        }
    }
    parts.join(", ")
}

/// The human format.
pub fn human(diff: &TreeDiff, color: bool) -> String {
    finish(&human_marked(diff), color)
}

/// The human format with its colour marks, not yet [`finish`]ed: for a page that includes
/// it (the decision page's technical details).
pub fn human_marked(diff: &TreeDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Comparing {} with {}",
        one_line(&short(&diff.base)),
        one_line(&side_name(&diff.head))
    );
    if diff.entities.is_empty() {
        out.push_str("No policy, tool, budget or organization changes.\n");
    } else {
        let _ = writeln!(
            out,
            "{} changed: {}",
            plural(diff.entities.len(), "entity", "entities"),
            counts(diff)
        );
    }
    for entity in &diff.entities {
        out.push('\n');
        let _ = writeln!(out, "{}", strong(&one_line(&entity_heading(entity))));
        for field in &entity.fields {
            let _ = writeln!(out, "  {}", one_line(&field_sentence(field, &diff.names)));
        }
        for clause in &entity.clauses {
            human_clause(clause, &mut out);
        }
    }
    if !diff.budgets.is_empty() {
        out.push_str("\nBudgets\n");
        for budget in &diff.budgets {
            let currency = budget.currency.as_deref();
            let line = format!(
                "{}, fiscal year {}: {}",
                department(&diff.names, &budget.department),
                budget.fiscal_year,
                before_after(budget.before, budget.after, currency)
            );
            let _ = writeln!(out, "  {}", one_line(&line));
            for (category, totals) in &budget.by_category {
                if totals.changed() {
                    let line = format!(
                        "{category}: {}",
                        before_after(totals.before, totals.after, currency)
                    );
                    let _ = writeln!(out, "    {}", one_line(&line));
                }
            }
        }
        for year in &diff.fiscal_years {
            let line = format!(
                "Fiscal year {}, all departments: {}",
                year.fiscal_year,
                before_after(
                    year.totals.before,
                    year.totals.after,
                    year.currency.as_deref()
                )
            );
            let _ = writeln!(out, "  {}", one_line(&line));
        }
    }
    let fixed = &diff.findings.fixed;
    let introduced = &diff.findings.introduced;
    if !fixed.is_empty() || !introduced.is_empty() {
        let _ = writeln!(
            out,
            "\nLint: {} fixed, {} introduced",
            fixed.len(),
            introduced.len()
        );
        let finding = |f: &crate::finding::FindingRecord<'_>| {
            let line = format!(
                "{} {}:{}:{} {}",
                f.rule, f.file, f.line, f.column, f.message
            );
            one_line(&line).into_owned()
        };
        for f in fixed {
            let _ = writeln!(out, "  {} {}", added("fixed"), finding(f));
        }
        for f in introduced {
            let _ = writeln!(out, "  {} {}", removed("new"), finding(f));
        }
    }
    for problem in &diff.problems {
        let line = format!(
            "on the {} side, {} could not be read: {}",
            problem.side, problem.file, problem.message
        );
        let _ = writeln!(out, "\nNote: {}", one_line(&line));
    }
    out
}

/// One clause change, indented under its entity, with colour marks for [`finish`].
pub(crate) fn human_clause(clause: &ClauseChange, out: &mut String) {
    let id = one_line(&clause.id);
    match clause.change {
        ClauseChangeKind::Added => {
            let _ = writeln!(out, "  clause {id} added:");
            let _ = writeln!(
                out,
                "    {}",
                added(&prose(clause.new.as_deref().unwrap_or_default()))
            );
        }
        ClauseChangeKind::Removed => {
            let _ = writeln!(out, "  clause {id} removed:");
            let _ = writeln!(
                out,
                "    {}",
                removed(&prose(clause.old.as_deref().unwrap_or_default()))
            );
        }
        ClauseChangeKind::Moved => {
            let _ = writeln!(out, "  clause {id} moved");
        }
        ClauseChangeKind::Reworded => {
            let moved = if clause.moved { " and moved" } else { "" };
            let _ = writeln!(out, "  clause {id} reworded{moved}:");
            let text: String = clause
                .words
                .iter()
                .map(|run| match run.op {
                    WordOp::Equal => prose(&run.text),
                    WordOp::Delete => removed(&format!("[-{}-]", prose(&run.text))),
                    WordOp::Insert => added(&format!("{{+{}+}}", prose(&run.text))),
                })
                .collect();
            let _ = writeln!(out, "    {text}");
        }
    }
}

/// A clause's text as the human formats show it: visible, its own line breaks kept and each
/// further line indented under the first, so that it cannot pose as a line of steward's.
fn prose(text: &str) -> String {
    visible(text, Layout::Lines).replace('\n', "\n    ")
}

fn entity_heading(entity: &EntityChange) -> String {
    let name = entity
        .name
        .as_deref()
        .map(|n| format!(" \"{n}\""))
        .unwrap_or_default();
    let what = match entity.change {
        ChangeKind::Added => "added".to_string(),
        ChangeKind::Removed => "removed".to_string(),
        ChangeKind::Modified => "modified".to_string(),
        ChangeKind::Renamed => format!(
            "renamed from {}",
            entity
                .old_path
                .as_deref()
                .unwrap_or(entity.old_id.as_deref().unwrap_or("?"))
        ),
    };
    format!("{} {}{name}: {what}", entity.kind, entity_id(entity))
}

/// Budgets are named by their path (`2026/it`), other entities by id.
fn entity_id(entity: &EntityChange) -> String {
    match entity.kind {
        crate::layout::Kind::Budget => entity
            .path
            .strip_prefix("budgets/")
            .and_then(|p| p.strip_suffix(".toml"))
            .unwrap_or(&entity.id)
            .to_string(),
        _ => entity.id.clone(),
    }
}

/// "owner: jdoe (Jane Doe) → mmiller (Mark Miller)", "tools: added zoom; removed skype".
pub fn field_sentence(field: &FieldChange, names: &Names) -> String {
    let key = list_key(field);
    if !field.added.is_empty() || !field.removed.is_empty() {
        let mut parts = Vec::new();
        if !field.added.is_empty() {
            parts.push(format!("added {}", list(&field.added, key, names)));
        }
        if !field.removed.is_empty() {
            parts.push(format!("removed {}", list(&field.removed, key, names)));
        }
        return format!("{}: {}", field.path, parts.join("; "));
    }
    let old = value_text(&field.old, key, names);
    let new = value_text(&field.new, key, names);
    let delta = match (number(&field.old), number(&field.new)) {
        (Some(a), Some(b)) if a != b => format!(" ({})", money::format_delta(b - a, None)),
        _ => String::new(),
    };
    match (&field.old, &field.new) {
        (Value::Null, _) => format!("{}: set to {new}", field.path),
        (_, Value::Null) => format!("{}: removed (was {old})", field.path),
        _ => format!("{}: {old} → {new}{delta}", field.path),
    }
}

/// The key that decides how ids in a field are named (`owner`, `tools`...).
fn list_key(field: &FieldChange) -> &str {
    let key = field.key();
    key.split('[').next().unwrap_or(key)
}

fn list(items: &[Value], key: &str, names: &Names) -> String {
    items
        .iter()
        .map(|v| names.describe(key, v))
        .collect::<Vec<_>>()
        .join(", ")
}

fn value_text(value: &Value, key: &str, names: &Names) -> String {
    match value {
        Value::Object(map) => {
            // A whole [[line]] or [[waiver]] added or removed: show its main fields.
            let parts: Vec<String> = [
                "description",
                "category",
                "amount",
                "reason",
                "expires",
                "text",
            ]
            .iter()
            .filter_map(|k| map.get(*k).map(|v| format!("{k} {}", names.describe(k, v))))
            .collect();
            if parts.is_empty() {
                "(table)".to_string()
            } else {
                parts.join(", ")
            }
        }
        other => names.describe(key, other),
    }
}

fn number(value: &Value) -> Option<Decimal> {
    match value {
        Value::Number(n) => n.to_string().parse().ok(),
        _ => None,
    }
}

fn before_after(before: Option<Decimal>, after: Option<Decimal>, currency: Option<&str>) -> String {
    format!(
        "{} → {} ({})",
        money::format_known(before, currency),
        money::format_known(after, currency),
        money::format_delta_known(money::delta(before, after), currency)
    )
}

fn department(names: &Names, id: &str) -> String {
    names
        .departments
        .get(id)
        .cloned()
        .unwrap_or_else(|| id.to_string())
}

fn short(sha: &str) -> String {
    sha.chars().take(10).collect()
}

fn side_name(head: &str) -> String {
    if head == "worktree" {
        "the working tree".to_string()
    } else {
        short(head)
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The markdown format: a summary table, then one folded section per entity.
pub fn markdown(diff: &TreeDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "#### Every change, field by field\n");
    let _ = writeln!(
        out,
        "Comparing {} with {}.\n",
        code(&short(&diff.base)),
        if diff.head == "worktree" {
            "the working tree".to_string()
        } else {
            code(&short(&diff.head))
        }
    );
    if diff.entities.is_empty() {
        out.push_str("No policy, tool, budget or organization changes.\n");
    } else {
        let _ = writeln!(
            out,
            "{} changed: {}.\n",
            plural(diff.entities.len(), "entity", "entities"),
            counts(diff)
        );
        out.push_str(&table_row(&["Change", "Kind", "Item", "What changed"]));
        out.push_str("|---|---|---|---|\n");
        for entity in &diff.entities {
            let item = match &entity.name {
                Some(name) => format!("{} ({})", escape(name), code(&entity_id(entity))),
                None => code(&entity_id(entity)),
            };
            out.push_str(&table_row(&[
                change_word(entity.change).to_string(),
                entity.kind.to_string(),
                item,
                escape(&what_changed(entity)),
            ]));
        }
    }
    if !diff.budgets.is_empty() {
        out.push_str("\n#### Budgets\n\n");
        out.push_str(&table_row(&[
            "Department",
            "Fiscal year",
            "Before",
            "After",
            "Change",
        ]));
        out.push_str("|---|---|---|---:|---:|\n");
        for b in &diff.budgets {
            let c = b.currency.as_deref();
            out.push_str(&table_row(&[
                escape(&department(&diff.names, &b.department)),
                escape(&b.fiscal_year),
                escape(&money::format_known(b.before, c)),
                escape(&money::format_known(b.after, c)),
                escape(&money::format_delta_known(b.delta, c)),
            ]));
        }
        for y in &diff.fiscal_years {
            let c = y.currency.as_deref();
            out.push_str(&table_row(&[
                "**All departments**".to_string(),
                escape(&y.fiscal_year),
                escape(&money::format_known(y.totals.before, c)),
                escape(&money::format_known(y.totals.after, c)),
                escape(&money::format_delta_known(y.totals.delta, c)),
            ]));
        }
    }
    let delta = &diff.findings;
    if !delta.fixed.is_empty() || !delta.introduced.is_empty() {
        let _ = writeln!(
            out,
            "\n#### Lint\n\n{} fixed, {} introduced by this change.\n",
            delta.fixed.len(),
            delta.introduced.len()
        );
        for f in &delta.introduced {
            let _ = writeln!(
                out,
                "- new {}: {} ({})",
                code(f.rule),
                escape(&f.message),
                code(&format!("{}:{}", f.file, f.line))
            );
        }
        for f in &delta.fixed {
            let _ = writeln!(out, "- fixed {}: {}", code(f.rule), escape(&f.message));
        }
    }
    if !diff.entities.is_empty() {
        out.push_str("\n#### Details\n");
    }
    for entity in &diff.entities {
        let _ = writeln!(
            out,
            "\n<details>\n<summary>{} {}: {}</summary>\n",
            entity.kind,
            html(&entity_id(entity)),
            change_word(entity.change).to_lowercase()
        );
        if let (ChangeKind::Renamed, Some(old)) = (entity.change, &entity.old_path) {
            let _ = writeln!(out, "- renamed from {}", code(old));
        }
        for field in &entity.fields {
            let _ = writeln!(out, "- {}", escape(&field_sentence(field, &diff.names)));
        }
        for clause in &entity.clauses {
            let _ = writeln!(out, "- {}", markdown_clause(clause));
        }
        if entity.fields.is_empty()
            && entity.clauses.is_empty()
            && entity.change != ChangeKind::Renamed
        {
            let _ = writeln!(
                out,
                "- the whole file was {}",
                change_word(entity.change).to_lowercase()
            );
        }
        out.push_str("\n</details>\n");
    }
    for problem in &diff.problems {
        let _ = writeln!(
            out,
            "\n> Note: on the {} side, {} could not be read: {}",
            problem.side,
            code(&problem.file),
            escape(&problem.message)
        );
    }
    out
}

pub(crate) fn markdown_clause(clause: &ClauseChange) -> String {
    let id = code(&clause.id);
    match clause.change {
        ClauseChangeKind::Added => format!(
            "clause {id} added: {}",
            escape(clause.new.as_deref().unwrap_or_default())
        ),
        ClauseChangeKind::Removed => format!(
            "clause {id} removed: ~~{}~~",
            escape(clause.old.as_deref().unwrap_or_default())
        ),
        ClauseChangeKind::Moved => format!("clause {id} moved"),
        ClauseChangeKind::Reworded => {
            let text: String = clause
                .words
                .iter()
                .map(|run| match run.op {
                    WordOp::Equal => escape(&run.text),
                    WordOp::Delete => format!("~~{}~~", escape(&run.text)),
                    WordOp::Insert => format!("**{}**", escape(&run.text)),
                })
                .collect();
            let moved = if clause.moved { " and moved" } else { "" };
            format!("clause {id} reworded{moved}: {text}")
        }
    }
}

fn change_word(change: ChangeKind) -> &'static str {
    match change {
        ChangeKind::Added => "Added",
        ChangeKind::Removed => "Removed",
        ChangeKind::Renamed => "Renamed",
        ChangeKind::Modified => "Modified",
    }
}

/// "owner, clause who-posts" for the summary table.
fn what_changed(entity: &EntityChange) -> String {
    let mut parts: Vec<String> = entity.fields.iter().map(|f| f.path.clone()).collect();
    parts.extend(entity.clauses.iter().map(|c| format!("clause {}", c.id)));
    if parts.len() > 6 {
        let more = parts.len() - 5;
        parts.truncate(5);
        parts.push(format!("and {more} more"));
    }
    match (entity.change, parts.is_empty()) {
        (ChangeKind::Added, _) => "new".to_string(),
        (ChangeKind::Removed, _) => "deleted".to_string(),
        (ChangeKind::Renamed, true) => "file renamed".to_string(),
        _ => parts.join(", "),
    }
}
