//! Plain words for what a change did to an entity: "Canva moved from trial to approved",
//! "clause who-posts reworded", "line design amount changed (+$1,200)". Said from the content,
//! not from what a commit message claims.

use rust_decimal::Decimal;
use serde_json::Value;

use crate::diff::{ChangeKind, ClauseChangeKind, EntityChange, FieldChange, Names};
use crate::layout::Kind;
use crate::model::Entity;
use crate::money;

/// One sentence per thing that happened, in a stable order.
pub fn describe(change: &EntityChange, after: Option<&Entity>, names: &Names) -> Vec<String> {
    let subject = subject(change, names);
    match change.change {
        ChangeKind::Added => vec![added(change, after, &subject)],
        ChangeKind::Removed => vec![format!("{subject} removed")],
        ChangeKind::Renamed | ChangeKind::Modified => {
            let mut out = Vec::new();
            if change.change == ChangeKind::Renamed {
                let old = change
                    .old_id
                    .as_deref()
                    .or(change.old_path.as_deref())
                    .unwrap_or("?");
                out.push(format!("{subject} renamed from {old}"));
            }
            out.extend(modified(change, after, names, &subject));
            if out.is_empty() {
                out.push(format!("{subject} changed"));
            }
            out
        }
    }
}

/// For a file whose previous version could not be parsed.
pub fn repaired(entity: &Entity) -> String {
    let name = ["/name", "/title"]
        .iter()
        .find_map(|p| entity.str(p))
        .unwrap_or_else(|| entity.id.clone());
    format!(
        "{}: repaired (the previous version could not be read)",
        subject_of(entity.kind, &name, &entity.path)
    )
}

fn subject(change: &EntityChange, names: &Names) -> String {
    if change.kind == Kind::Budget {
        return budget_subject(&change.path, names);
    }
    let name = change.name.clone().unwrap_or_else(|| change.id.clone());
    subject_of(change.kind, &name, &change.path)
}

/// "The Communications 2026 budget": the department by name, from `budgets/2026/comms.toml`.
fn budget_subject(path: &str, names: &Names) -> String {
    match budget_address(path).split_once('/') {
        Some((year, department)) => format!(
            "The {} {year} budget",
            names
                .departments
                .get(department)
                .map_or(department, String::as_str)
        ),
        None => format!("Budget {}", budget_address(path)),
    }
}

fn subject_of(kind: Kind, name: &str, path: &str) -> String {
    match kind {
        Kind::Tool => format!("Tool {name}"),
        Kind::Policy => format!("Policy \"{name}\""),
        Kind::Budget => format!("Budget {}", budget_address(path)),
        Kind::Org => "Organization".to_string(),
        Kind::Custom(kind) => format!("{kind} {name}"),
    }
}

fn budget_address(path: &str) -> &str {
    path.strip_prefix("budgets/")
        .and_then(|p| p.strip_suffix(".toml"))
        .unwrap_or(path)
}

fn added(change: &EntityChange, after: Option<&Entity>, subject: &str) -> String {
    let status = after.and_then(|e| e.str("/status"));
    match (change.kind, status.as_deref()) {
        (Kind::Tool, Some("approved")) => format!("{subject} approved"),
        (Kind::Tool, Some("trial")) => format!("{subject} added for a trial"),
        (Kind::Tool, Some("restricted")) => format!("{subject} added, restricted"),
        (Kind::Tool | Kind::Policy, Some("retired")) => format!("{subject} recorded as retired"),
        (Kind::Policy, Some("active")) => format!("{subject} adopted"),
        (Kind::Policy, Some("draft")) => format!("{subject} drafted"),
        (Kind::Budget, _) => {
            let total = after.and_then(|e| {
                money::sum((0..e.count("/line")).map(|i| e.money(&format!("/line/{i}/amount"))))
            });
            let currency = after.and_then(|e| e.str("/currency"));
            let currency = currency.as_deref();
            let planned = money::format_known(total, currency);
            match after.and_then(|e| e.money("/allocation")) {
                Some(allocation) => format!(
                    "{subject} set at {}, of which {planned} planned",
                    money::format(allocation, currency)
                ),
                None => format!("{subject} added, with {planned} planned"),
            }
        }
        _ => format!("{subject} added"),
    }
}

fn modified(
    change: &EntityChange,
    after: Option<&Entity>,
    names: &Names,
    subject: &str,
) -> Vec<String> {
    let currency = after.and_then(|e| e.str("/currency").or_else(|| e.str("/cost/currency")));
    let currency = currency.as_deref();
    let mut out = Vec::new();
    let mut exit_plan = None;
    let mut other: Vec<&str> = Vec::new();
    for field in &change.fields {
        let path = field.path.as_str();
        let sentence = match (change.kind, path) {
            (Kind::Tool | Kind::Policy, "status") => {
                Some(status_change(change.kind, field, subject))
            }
            (_, "owner" | "backup_owner") => Some(format!(
                "{subject}: {} changed from {} to {}",
                path.replace('_', " "),
                names.describe(path, &field.old),
                names.describe(path, &field.new)
            )),
            (_, "last_reviewed") if !field.new.is_null() => {
                Some(format!("{subject} reviewed ({})", plain(&field.new)))
            }
            (Kind::Tool, p) if p == "exit_plan" || p.starts_with("exit_plan.") => {
                let whole_added = p == "exit_plan" && field.old.is_null();
                let word = if whole_added {
                    "added"
                } else if p == "exit_plan" && field.new.is_null() {
                    "removed"
                } else {
                    "updated"
                };
                exit_plan.get_or_insert(format!("{subject}: exit plan {word}"));
                None
            }
            (Kind::Tool, "cost.amount") => Some(format!(
                "{subject}: cost changed from {} to {}",
                amount(&field.old, currency),
                amount(&field.new, currency)
            )),
            (Kind::Policy, "approved_by") if !field.added.is_empty() => Some(format!(
                "{subject} approved by {}",
                field
                    .added
                    .iter()
                    .map(|v| names.describe("approved_by", v))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            (Kind::Budget, "allocation") => Some(format!(
                "{subject}: allocation changed from {} to {}",
                amount(&field.old, currency),
                amount(&field.new, currency)
            )),
            (Kind::Budget, p) if p.starts_with("line[") => budget_line(field, currency, subject),
            (Kind::Org, p) if p.starts_with("people.") => person(field, names),
            (Kind::Org, p) if p.starts_with("departments.") => {
                Some(format!("Department {}", field_words(field, names)))
            }
            _ => {
                other.push(path);
                None
            }
        };
        out.extend(sentence);
    }
    out.extend(exit_plan);
    for clause in &change.clauses {
        let verb = match clause.change {
            ClauseChangeKind::Added => "added",
            ClauseChangeKind::Removed => "removed",
            ClauseChangeKind::Moved => "moved",
            ClauseChangeKind::Reworded => "reworded",
        };
        out.push(format!("{subject}: clause {} {verb}", clause.id));
    }
    if !other.is_empty() {
        other.dedup();
        out.push(format!("{subject}: {} changed", other.join(", ")));
    }
    out
}

fn status_change(kind: Kind, field: &FieldChange, subject: &str) -> String {
    match (kind, field.new.as_str()) {
        (_, Some("retired")) => format!("{subject} retired"),
        (Kind::Policy, Some("active")) => format!("{subject} adopted"),
        _ => format!(
            "{subject} moved from {} to {}",
            plain(&field.old),
            plain(&field.new)
        ),
    }
}

fn budget_line(field: &FieldChange, currency: Option<&str>, subject: &str) -> Option<String> {
    let rest = field.path.strip_prefix("line[")?;
    let (id, tail) = rest.split_once(']')?;
    Some(match tail {
        "" if field.old.is_null() => format!(
            "{subject}: a {id} line added ({})",
            amount(field.new.get("amount").unwrap_or(&Value::Null), currency)
        ),
        "" if field.new.is_null() => format!(
            "{subject}: the {id} line removed (it was {})",
            amount(field.old.get("amount").unwrap_or(&Value::Null), currency)
        ),
        ".amount" => match (decimal(&field.old), decimal(&field.new)) {
            (Some(a), Some(b)) => format!(
                "{subject}: the {id} line {} from {} to {} ({})",
                if b < a { "falls" } else { "rises" },
                money::format(a, currency),
                money::format(b, currency),
                money::format_delta(b - a, currency)
            ),
            _ => format!("{subject}: the {id} line's amount changed"),
        },
        other => format!(
            "{subject}: the {id} line's {} changed",
            other.trim_start_matches('.')
        ),
    })
}

fn person(field: &FieldChange, names: &Names) -> Option<String> {
    let rest = field.path.strip_prefix("people.")?;
    let (id, tail) = rest.split_once('.').unwrap_or((rest, ""));
    let who = names.describe("owner", &Value::String(id.to_string()));
    Some(match tail {
        "" if field.old.is_null() => format!("{who} joined"),
        "" if field.new.is_null() => format!("{who} removed from the organization file"),
        "left" if !field.new.is_null() => format!("{who} left on {}", plain(&field.new)),
        other => format!("{who}: {} changed", other.replace('_', " ")),
    })
}

fn field_words(field: &FieldChange, names: &Names) -> String {
    let key = field.key();
    match (&field.old, &field.new) {
        (Value::Null, new) => format!(
            "{}: {} set to {}",
            field.path,
            key,
            names.describe(key, new)
        ),
        (old, Value::Null) => format!(
            "{}: {} removed (was {})",
            field.path,
            key,
            names.describe(key, old)
        ),
        (old, new) => format!(
            "{}: {} → {}",
            field.path,
            names.describe(key, old),
            names.describe(key, new)
        ),
    }
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "(none)".to_string(),
        other => other.to_string(),
    }
}

fn decimal(value: &Value) -> Option<Decimal> {
    match value {
        Value::Number(n) => n.to_string().parse().ok(),
        _ => None,
    }
}

fn amount(value: &Value, currency: Option<&str>) -> String {
    decimal(value).map_or_else(|| plain(value), |d| money::format(d, currency))
}
