//! How schema terms are said to people: field labels (`cost.period`, `amount (line 3)`), what
//! was found, types, patterns and formats in words.

use serde_json::Value;

use crate::document::{Document, NodeKind};

/// How a field is named in messages: `status`, `cost.period`, `amount (line 3)`.
pub fn field_label(pointer: &str) -> String {
    if pointer.is_empty() {
        return "the file".to_string();
    }
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut path = String::new();
    let mut last_table = String::new();
    for segment in &segments {
        if let Ok(index) = segment.parse::<usize>()
            && !last_table.is_empty()
        {
            path.push_str(&format!("[{}]", index + 1));
            continue;
        }
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(segment);
        last_table = segment.clone();
    }
    format!("`{path}`")
}

/// `[cost]`, or for a table in a list, `[[line]] number 2`.
pub(super) fn table_label(pointer: &str) -> String {
    let (parent, last) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    if let Ok(index) = last.parse::<usize>()
        && !parent.is_empty()
    {
        let list = field_label(parent);
        return format!("[[{}]] number {}", list.trim_matches('`'), index + 1);
    }
    let label = field_label(pointer);
    format!("[{}]", label.trim_matches('`'))
}

pub(super) fn describe_found(doc: &Document, pointer: &str) -> String {
    let Some(node) = doc.node(pointer) else {
        return "nothing".to_string();
    };
    let raw = doc.raw(pointer).unwrap_or_default();
    let short = shorten(raw, 40);
    match node.kind {
        NodeKind::String => format!("the text {short}"),
        NodeKind::Integer | NodeKind::Float => format!("the number {short}"),
        NodeKind::Boolean => short,
        NodeKind::Date => format!("the date {short}"),
        NodeKind::DateTime => format!("the date and time {short}"),
        NodeKind::Array => "a list".to_string(),
        NodeKind::Table => "a table".to_string(),
    }
}

pub(super) fn shorten(text: &str, max: usize) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max).collect();
        format!("{cut}...")
    }
}

pub(super) fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(super) fn value_word(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub(super) fn type_word(json_type: &str) -> &'static str {
    match json_type {
        "string" => "text in quotes",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "true or false",
        "array" => "a list like [\"a\", \"b\"]",
        "object" => "a table",
        "null" => "empty",
        _ => "another type",
    }
}

pub(super) fn type_help(expected: &str, doc: &Document, pointer: &str) -> String {
    // `key = ` for a field; nothing for an item of a list, which has no key of its own.
    let key = match doc.node(pointer) {
        Some(node) if node.key.is_none() => String::new(),
        _ => format!("{} = ", pointer.rsplit('/').next().unwrap_or_default()),
    };
    let raw = doc.raw(pointer).unwrap_or_default();
    if expected.contains("number") && raw.starts_with('"') {
        format!(
            "write numbers without quotes: {key}{}",
            raw.trim_matches('"')
        )
    } else if expected.starts_with("a list") {
        format!("put the value in square brackets: {key}[{raw}]")
    } else if expected == "text in quotes" {
        format!(
            "put the value in quotes: {key}\"{}\"",
            raw.trim_matches('"')
        )
    } else {
        match key.strip_suffix(" = ") {
            Some(key) => format!("change {key} to {expected}"),
            None => format!("change the item to {expected}"),
        }
    }
}

pub(super) fn pattern_words(pattern: &str) -> (&'static str, &'static str) {
    match pattern {
        "^[a-z0-9][a-z0-9-]*$" => (
            "an id (lowercase letters, digits and dashes)",
            "\"jane-doe\"",
        ),
        "^[A-Z]{3}$" => ("a three-letter currency code in capitals", "\"USD\""),
        "^[A-Za-z0-9][A-Za-z0-9._-]*$" => (
            "a clause id (letters, digits, dots, dashes and underscores)",
            "\"AC-2\" or \"4.1\"",
        ),
        "^[A-Za-z0-9](-?[A-Za-z0-9])*$" => (
            "a GitHub username (letters, digits and single dashes, without the @)",
            "\"jdoe\"",
        ),
        p if p.contains('#') => (
            "a budget line reference <fiscal-year>/<department>#<line-id>",
            "\"2026/communications#design-software\"",
        ),
        p if p.contains("[a-z]+/") => ("a rule code family/name", "\"tool/no-exit-plan\""),
        _ => (
            "in the form the schema's pattern requires",
            "the schema's examples",
        ),
    }
}

pub(super) fn format_words(format: &str) -> (&'static str, &'static str) {
    match format {
        "date" => ("a date (year-month-day, no time)", "2026-03-31"),
        "email" => ("an e-mail address", "\"jane@example.org\""),
        "uri" => ("a full web address", "\"https://example.org\""),
        _ => ("in the format the schema requires", "the schema's examples"),
    }
}
