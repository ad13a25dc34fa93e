//! Schema errors turned into findings: the rule of each kind of error, its message and help in
//! plain words, at the exact span of the offending value (or key); and quoted dates, which
//! JSON Schema cannot tell from text.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use super::Schemas;
use super::words::*;
use crate::document::{Document, NodeKind, looks_like_date};
use crate::finding::{Finding, Location, Subject};
use crate::layout::Kind;
use crate::rule::Rule;
use crate::rules::input;
use crate::suggest;

impl Schemas {
    /// "add `vendor = \"...\"` (who makes or sells it)".
    pub(super) fn required_help(
        &self,
        kind: Kind,
        field: &str,
        property: &str,
        table: &str,
    ) -> String {
        let schema = self.field_schema(kind, field);
        let example = match schema {
            Some(s) if s.get("examples").and_then(|e| e.get(0)).is_some() => {
                s["examples"][0].to_string()
            }
            Some(s) if s.get("enum").is_some() => s["enum"][0].to_string(),
            Some(s) if s.get("format").and_then(Value::as_str) == Some("date") => {
                "2026-01-31".to_string()
            }
            Some(s)
                if matches!(
                    s.get("type").and_then(Value::as_str),
                    Some("number" | "integer")
                ) =>
            {
                "0".to_string()
            }
            Some(s) if s.get("type").and_then(Value::as_str) == Some("array") => {
                "[...]".to_string()
            }
            _ => "\"...\"".to_string(),
        };
        let description = schema
            .and_then(|s| s.get("description"))
            .and_then(Value::as_str)
            .map(|d| format!(" ({})", lowercase_first(d.trim_end_matches('.'))))
            .unwrap_or_default();
        format!("add `{property} = {example}` to {table}{description}")
    }

    /// Turns one validation error into findings under `rule` (its [`rule_of`]): one, or for
    /// an unexpected-properties error one per key, at most `room`.
    pub(super) fn findings_for_error(
        &self,
        error: &ValidationError<'_>,
        rule: &'static Rule,
        kind: Kind,
        doc: &Document,
        entity: &str,
        room: usize,
    ) -> Vec<Finding> {
        let pointer = error.instance_path().as_str().to_string();
        let subject = |field: String| Subject {
            entity: entity.to_string(),
            field,
        };
        let at_value = |pointer: &str| Location::new(&doc.source, doc.span_for(pointer));
        let label = field_label(&pointer);
        let found = describe_found(doc, &pointer);
        let one = |message: String, help: String| {
            vec![Finding::new(
                rule,
                at_value(&pointer),
                subject(pointer.clone()),
                message,
                help,
            )]
        };
        match error.kind() {
        ValidationErrorKind::Required { property } => {
            let property = property.as_str().unwrap_or_default();
            let field = crate::document::push_pointer(&pointer, property);
            let table = if pointer.is_empty() {
                format!("this {}", kind.as_str())
            } else {
                format!("the table {}", table_label(&pointer))
            };
            let help = self.required_help(kind, &field, property, &table);
            vec![Finding::new(
                rule,
                at_value(&pointer),
                subject(field),
                format!("{table} is missing the required field `{property}`"),
                help,
            )]
        }
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let known = self.known_keys(kind, &pointer);
            // Prepared once: a row pasted from a spreadsheet brings dozens of unknown keys.
            let known = suggest::Candidates::new(known.iter().map(String::as_str));
            unexpected
                .iter()
                .take(room)
                .map(|key| {
                    let field = crate::document::push_pointer(&pointer, key);
                    let where_ = if pointer.is_empty() {
                        format!("a {}", kind.as_str())
                    } else {
                        format!("the table {}", table_label(&pointer))
                    };
                    let suggestion = known
                        .closest(key)
                        .map(|k| format!("did you mean `{k}`? "))
                        .unwrap_or_default();
                    Finding::new(
                        rule,
                        Location::new(&doc.source, doc.key_span_for(&field)),
                        subject(field),
                        format!("`{key}` is not a known field of {where_}"),
                        format!(
                            "{suggestion}remove it, or keep your organization's own fields in an [extra] table"
                        ),
                    )
                })
                .collect()
        }
        ValidationErrorKind::Enum { options } => {
            let choices: Vec<String> = options
                .as_array()
                .map(|a| a.iter().map(value_word).collect())
                .unwrap_or_default();
            let typed = doc.get(&pointer).and_then(|v| v.as_str()).unwrap_or_default();
            let hint = suggest::did_you_mean(typed, choices.iter().map(String::as_str));
            one(
                format!("{label} must be one of {}; found {found}", choices.join(", ")),
                format!("use one of the allowed values.{hint}").trim_end().to_string(),
            )
        }
        ValidationErrorKind::Constant { expected_value } => one(
            format!("{label} must be {}; found {found}", value_word(expected_value)),
            format!("set it to {}", value_word(expected_value)),
        ),
        ValidationErrorKind::Type { kind: expected } => {
            let expected = match expected {
                TypeKind::Single(t) => type_word(t.as_str()).to_string(),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| type_word(t.as_str()))
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            one(
                format!("{label} must be {expected}; found {found}"),
                type_help(&expected, doc, &pointer),
            )
        }
        ValidationErrorKind::Pattern { pattern } => {
            let (what, example) = pattern_words(pattern);
            one(
                format!("{label} must be {what}; found {found}"),
                format!("write it like {example}"),
            )
        }
        ValidationErrorKind::Format { format } => {
            let (what, example) = format_words(format);
            one(
                format!("{label} must be {what}; found {found}"),
                format!("write it like {example}"),
            )
        }
        ValidationErrorKind::Minimum { limit } | ValidationErrorKind::ExclusiveMinimum { limit } => one(
            format!("{label} must be at least {limit}; found {found}"),
            "use a value within the allowed range".to_string(),
        ),
        ValidationErrorKind::Maximum { limit } | ValidationErrorKind::ExclusiveMaximum { limit } => one(
            format!("{label} must be at most {limit}; found {found}"),
            "use a value within the allowed range".to_string(),
        ),
        ValidationErrorKind::MinLength { .. } | ValidationErrorKind::MinItems { .. } => one(
            format!("{label} must not be empty; found {found}"),
            "fill it in, or remove the field if it does not apply".to_string(),
        ),
        ValidationErrorKind::MaxLength { limit } | ValidationErrorKind::MaxItems { limit } => one(
            format!("{label} is too long (at most {limit})"),
            "shorten it".to_string(),
        ),
        ValidationErrorKind::PropertyNames { error } => {
            // The offending key is the instance of the inner error.
            let key = error.instance().as_str().unwrap_or_default().to_string();
            let field = crate::document::push_pointer(&pointer, &key);
            vec![Finding::new(
                rule,
                Location::new(&doc.source, doc.key_span_for(&field)),
                subject(field),
                format!("`{key}` in {} is not a valid id", table_label(&pointer)),
                "ids are lowercase letters, digits and dashes, like \"jane-doe\"".to_string(),
            )]
        }
        _ => one(
            format!("{label}: {error}"),
            "see the schema for what is allowed here (`steward schema export DIR` writes it out)"
                .to_string(),
        ),
    }
    }
}

/// The rule a validation error is reported under, by its kind alone (so that an error past
/// the per-file cap can be counted without building its finding).
pub(super) fn rule_of(kind: &ValidationErrorKind) -> &'static Rule {
    match kind {
        ValidationErrorKind::Required { .. } => &input::SCHEMA_REQUIRED,
        ValidationErrorKind::AdditionalProperties { .. }
        | ValidationErrorKind::UnevaluatedProperties { .. } => &input::SCHEMA_ADDITIONAL_PROPERTY,
        ValidationErrorKind::Enum { .. } | ValidationErrorKind::Constant { .. } => {
            &input::SCHEMA_ENUM
        }
        ValidationErrorKind::Type { .. } => &input::SCHEMA_TYPE,
        ValidationErrorKind::Pattern { .. } | ValidationErrorKind::PropertyNames { .. } => {
            &input::SCHEMA_PATTERN
        }
        ValidationErrorKind::Format { .. } => &input::SCHEMA_FORMAT,
        ValidationErrorKind::Minimum { .. }
        | ValidationErrorKind::ExclusiveMinimum { .. }
        | ValidationErrorKind::Maximum { .. }
        | ValidationErrorKind::ExclusiveMaximum { .. } => &input::SCHEMA_RANGE,
        ValidationErrorKind::MinLength { .. }
        | ValidationErrorKind::MinItems { .. }
        | ValidationErrorKind::MaxLength { .. }
        | ValidationErrorKind::MaxItems { .. } => &input::SCHEMA_LENGTH,
        _ => &input::SCHEMA_INVALID,
    }
}

/// How many findings an error makes: one per unexpected key, else one.
pub(super) fn findings_in(kind: &ValidationErrorKind) -> usize {
    match kind {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => unexpected.len(),
        _ => 1,
    }
}

/// Quoted strings that look like dates pass `"format": "date"`, since TOML dates become JSON
/// strings too. To find the ones sitting where a date belongs, validate once more with those
/// strings replaced by a non-date: the date-format errors that appear are exactly them. Only
/// files that contain such strings pay for the second pass.
pub(super) fn quoted_dates(
    validator: &Validator,
    doc: &Document,
    value: &Value,
    entity: &str,
) -> Vec<Finding> {
    if !doc.has_date_like_text() {
        return Vec::new();
    }
    let mut suspects = Vec::new();
    collect_date_like_strings(value, &mut String::new(), doc, &mut suspects);
    if suspects.is_empty() {
        return Vec::new();
    }
    let mut probe = value.clone();
    for pointer in &suspects {
        if let Some(slot) = probe.pointer_mut(pointer) {
            *slot = Value::String("\u{1}quoted".to_string());
        }
    }
    validator
        .iter_errors(&probe)
        .filter(|e| matches!(e.kind(), ValidationErrorKind::Format { format } if format == "date"))
        .filter_map(|e| {
            let pointer = e.instance_path().as_str().to_string();
            suspects.contains(&pointer).then(|| {
                let date = doc.str(&pointer).unwrap_or_default();
                let key = pointer.rsplit('/').next().unwrap_or_default();
                Finding::new(
                    &input::SCHEMA_TYPE,
                    Location::new(&doc.source, doc.span_for(&pointer)),
                    Subject {
                        entity: entity.to_string(),
                        field: pointer.clone(),
                    },
                    format!(
                        "{} must be a date, not text; found \"{date}\" in quotes",
                        field_label(&pointer)
                    ),
                    format!("remove the quotes: {key} = {date}"),
                )
            })
        })
        .collect()
}

/// Walks the value with one pointer buffer, extended and truncated in place: a pointer is
/// allocated only for the strings that look like dates, not for every node.
pub(super) fn collect_date_like_strings(
    value: &Value,
    pointer: &mut String,
    doc: &Document,
    out: &mut Vec<String>,
) {
    match value {
        Value::String(s)
            if looks_like_date(s)
                && doc
                    .node(pointer)
                    .is_some_and(|n| n.kind == NodeKind::String) =>
        {
            out.push(pointer.clone());
        }
        Value::Object(map) => {
            let len = pointer.len();
            for (k, v) in map {
                crate::document::push_token(pointer, k);
                collect_date_like_strings(v, pointer, doc, out);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            use std::fmt::Write as _;
            let len = pointer.len();
            for (i, v) in items.iter().enumerate() {
                let _ = write!(pointer, "/{i}");
                collect_date_like_strings(v, pointer, doc, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}
