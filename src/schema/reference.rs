//! The README's field reference, generated from the built-in schemas.

use serde_json::Value;

use super::Schemas;
use super::words::value_word;
use crate::layout::Kind;

/// The README's field reference, generated from the built-in schemas' descriptions.
pub fn field_reference() -> String {
    let schemas = Schemas::builtin();
    let mut out = String::new();
    for (kind, path) in [
        (Kind::Org, "org.toml"),
        (Kind::Tool, "tools/<id>.toml"),
        (Kind::Policy, "technology/<id>.toml"),
        (Kind::Budget, "budgets/<fiscal-year>/<department>.toml"),
    ] {
        out.push_str(&format!(
            "#### {} (`{path}`)\n\n| field | type | required | meaning |\n|---|---|---|---|\n",
            kind.as_str()
        ));
        let file = kind.schema_file();
        if let Some(root) = schemas.document(&file) {
            let mut rows = Vec::new();
            schemas.reference_rows(&file, root, "", &mut rows, 0);
            out.push_str(&rows.concat());
        }
        out.push('\n');
    }
    out
}

impl Schemas {
    pub(super) fn reference_rows(
        &self,
        file: &str,
        node: &Value,
        prefix: &str,
        rows: &mut Vec<String>,
        depth: usize,
    ) {
        let Some((file, node)) = self.resolve(file, node) else {
            return;
        };
        if depth > 4 {
            return;
        }
        let required: Vec<&str> = node
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut visit = |name: String, child: &Value, is_required: bool| {
            let Some((child_file, resolved)) = self.resolve(file, child) else {
                return;
            };
            let description = child
                .get("description")
                .or_else(|| resolved.get("description"))
                .and_then(Value::as_str)
                .unwrap_or_default();
            rows.push(format!(
                "| `{name}` | {} | {} | {} |\n",
                type_name(resolved),
                if is_required { "yes" } else { "" },
                description
                    .replace('|', "\\|")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
            ));
            let items = resolved.get("items").map(|i| self.resolve(child_file, i));
            match (resolved.get("type").and_then(Value::as_str), items) {
                (Some("object"), _) => {
                    self.reference_rows(child_file, resolved, &format!("{name}."), rows, depth + 1)
                }
                (Some("array"), Some(Some((item_file, item))))
                    if item.get("properties").is_some() =>
                {
                    self.reference_rows(item_file, item, &format!("{name}[]."), rows, depth + 1)
                }
                _ => {}
            }
        };
        if let Some(Value::Object(properties)) = node.get("properties") {
            for (name, child) in properties {
                visit(
                    format!("{prefix}{name}"),
                    child,
                    required.contains(&name.as_str()),
                );
            }
        }
        if let Some(child @ Value::Object(_)) = node.get("additionalProperties") {
            visit(format!("{prefix}<id>"), child, false);
        }
    }
}

pub(super) fn type_name(schema: &Value) -> String {
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        return options
            .iter()
            .map(value_word)
            .collect::<Vec<_>>()
            .join(" \\| ");
    }
    if schema.get("format").and_then(Value::as_str) == Some("date") {
        return "date".to_string();
    }
    let name = |t: &str| match t {
        "string" => "text",
        "integer" => "whole number",
        "number" => "number",
        "boolean" => "true/false",
        "array" => "list",
        "object" => "table",
        _ => "value",
    };
    match schema.get("type") {
        Some(Value::String(t))
            if t == "array"
                && schema
                    .get("items")
                    .and_then(|i| i.get("properties"))
                    .is_some() =>
        {
            "list of tables".to_string()
        }
        Some(Value::String(t)) => name(t).to_string(),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .map(name)
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "value".to_string(),
    }
}
