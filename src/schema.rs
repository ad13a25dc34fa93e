//! JSON Schemas: the built-in ones (embedded from `schemas/` at the top of the repository),
//! the tree's own overrides, compiled once, and schema errors turned into findings at the
//! exact span of the offending value.
//!
//! Every schema lives at a virtual address `steward://schemas/<file>` so that relative `$ref`s
//! between files resolve without touching the disk or the network. Built-in schemas are also
//! reachable at `steward://schemas/builtin/<file>`, so an override can extend rather than
//! replace: `{"allOf": [{"$ref": "builtin/tool.schema.json"}], ...}`. Nothing is ever fetched:
//! the validator is built offline, and a `$ref` that leaves the registry is refused.

use std::collections::HashMap;
use std::sync::Arc;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Registry, ValidationError, Validator};
use serde_json::Value;

use crate::document::{Document, NodeKind, SourceFile, looks_like_date};
use crate::finding::{Finding, Location, Subject};
use crate::layout::{CustomKind, Kind};
use crate::rule::Rule;
use crate::rules::input;
use crate::suggest;

const BASE: &str = "steward://schemas/";

/// The schemas compiled into the binary, by file name.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "common.schema.json",
        include_str!("../schemas/common.schema.json"),
    ),
    (
        "org.schema.json",
        include_str!("../schemas/org.schema.json"),
    ),
    (
        "tool.schema.json",
        include_str!("../schemas/tool.schema.json"),
    ),
    (
        "policy.schema.json",
        include_str!("../schemas/policy.schema.json"),
    ),
    (
        "budget.schema.json",
        include_str!("../schemas/budget.schema.json"),
    ),
];

/// One compiled validator per kind.
pub struct Schemas {
    validators: HashMap<Kind, Validator>,
    /// The effective schema documents by file name, for `schema export`.
    effective: Vec<(String, Value)>,
}

impl std::fmt::Debug for Schemas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schemas").finish_non_exhaustive()
    }
}

/// A schema file from the tree's `schemas/` folder.
pub struct SchemaFile {
    /// Path inside `schemas/`, e.g. `tool.schema.json`.
    pub name: String,
    pub source: Arc<SourceFile>,
}

impl Schemas {
    /// The built-in schemas alone.
    pub fn builtin() -> Schemas {
        let (schemas, findings) = Schemas::load(&[], &[]);
        debug_assert!(findings.is_empty());
        schemas
    }

    /// The built-in schemas with the tree's overrides and the declared kinds' schemas. A
    /// broken override is reported and the kinds that depend on it fall back to the built-in
    /// schema; a declared kind whose schema is broken is reported and not validated.
    pub fn load(overrides: &[SchemaFile], custom: &[CustomKind]) -> (Schemas, Vec<Finding>) {
        let mut findings = Vec::new();
        let mut documents: Vec<(String, Value)> = Vec::new();
        let mut override_sources: HashMap<String, Arc<SourceFile>> = HashMap::new();
        let declared: Vec<SchemaFile> = custom
            .iter()
            .map(|c| SchemaFile {
                name: c.kind.schema_file(),
                source: Arc::clone(&c.schema),
            })
            .collect();
        for file in overrides.iter().chain(&declared) {
            match parse_override(file) {
                Ok(value) => {
                    override_sources.insert(file.name.clone(), Arc::clone(&file.source));
                    documents.push((file.name.clone(), value));
                }
                Err(finding) => findings.push(*finding),
            }
        }
        let builtin = builtin_documents();
        let mut effective = documents.clone();
        for (name, value) in &builtin {
            if !documents.iter().any(|(n, _)| n == name) {
                effective.push((name.clone(), value.clone()));
            }
        }
        effective.sort_by(|a, b| a.0.cmp(&b.0));

        let registry = build_registry(&effective, &builtin);
        let fallback = build_registry(&builtin, &builtin);
        let mut validators = HashMap::new();
        for kind in Kind::ALL {
            let file = kind.schema_file();
            let file = file.as_str();
            let built = registry
                .as_ref()
                .map_err(|e| e.clone())
                .and_then(|r| compile(r, file));
            let validator = match built {
                Ok(v) => v,
                Err(message) => {
                    let blamed = override_sources
                        .get(file)
                        .or_else(|| override_sources.values().next());
                    if let Some(source) = blamed {
                        findings.push(bad_schema(
                            source,
                            0..0,
                            format!("the {kind} schema could not be compiled: {message}"),
                            format!(
                                "fix the schema; until then {kind} files are checked against the built-in schema"
                            ),
                        ));
                    }
                    match fallback
                        .as_ref()
                        .map_err(|e| e.clone())
                        .and_then(|r| compile(r, file))
                    {
                        Ok(v) => v,
                        Err(e) => unreachable!("built-in schemas compile (tested): {e}"),
                    }
                }
            };
            validators.insert(kind, validator);
        }
        for declared in custom {
            let file = declared.kind.schema_file();
            if !override_sources.contains_key(&file) {
                continue; // Its parse error is already reported.
            }
            match registry
                .as_ref()
                .map_err(|e| e.clone())
                .and_then(|r| compile(r, &file))
            {
                Ok(validator) => {
                    validators.insert(declared.kind, validator);
                }
                Err(message) => findings.push(bad_schema(
                    &declared.schema,
                    0..0,
                    format!(
                        "the schema of kind {} could not be compiled: {message}",
                        declared.kind
                    ),
                    format!(
                        "fix the schema; until then {} files are not validated",
                        declared.kind
                    ),
                )),
            }
        }
        (
            Schemas {
                validators,
                effective,
            },
            findings,
        )
    }

    /// The effective schema files (overrides merged over built-ins), by file name.
    pub fn effective(&self) -> &[(String, Value)] {
        &self.effective
    }

    /// Validates a document of `kind` and returns one finding per problem.
    pub fn validate(&self, kind: Kind, doc: &Document, entity: &str) -> Vec<Finding> {
        let Some(validator) = self.validators.get(&kind) else {
            return Vec::new();
        };
        // Most files are valid, and a yes/no check stops at nothing to collect: only the
        // others pay for collecting every error with its path.
        let mut findings: Vec<Finding> = if validator.is_valid(&doc.value) {
            Vec::new()
        } else {
            // Past the cap, findings are only counted (on the last one kept of their rule),
            // so a file with 100,000 unknown keys holds 100 findings in memory, not 100,000.
            // An error past the cap is not even turned into a finding: its rule is known from
            // its kind alone.
            let mut kept: HashMap<&'static str, (usize, Option<usize>)> = HashMap::new();
            let mut findings: Vec<Finding> = Vec::new();
            for error in validator.iter_errors(&doc.value) {
                let rule = rule_of(error.kind());
                let (count, last) = kept.entry(rule.code).or_insert((0, None));
                let room = crate::finding::MAX_PER_FILE_AND_RULE - *count;
                let made = if room == 0 {
                    Vec::new()
                } else {
                    self.findings_for_error(&error, rule, kind, doc, entity, room)
                };
                let omitted = findings_in(error.kind()).saturating_sub(made.len());
                *count += made.len();
                for finding in made {
                    *last = Some(findings.len());
                    findings.push(finding);
                }
                if let Some(index) = *last {
                    findings[index].omitted += omitted;
                }
            }
            findings
        };
        self.drop_required_explained_by_typos(kind, &mut findings);
        findings.extend(quoted_dates(validator, doc, entity));
        findings
    }

    /// A misspelled required key (`nme = "Chat"`) is one problem: the unknown key, whose help
    /// says "did you mean `name`?". The missing `name` it causes is not reported as well.
    fn drop_required_explained_by_typos(&self, kind: Kind, findings: &mut Vec<Finding>) {
        let split = |pointer: &str| {
            pointer.rsplit_once('/').map(|(table, key)| {
                let key = key.replace("~1", "/").replace("~0", "~");
                (table.to_string(), key)
            })
        };
        let meant: Vec<(String, String)> = findings
            .iter()
            .filter(|f| f.rule.code == input::SCHEMA_ADDITIONAL_PROPERTY.code)
            .filter_map(|f| {
                let (table, key) = split(&f.subject.field)?;
                let known = self.known_keys(kind, &table);
                let close = suggest::closest(&key, known.iter().map(String::as_str))?;
                Some((table, close.to_string()))
            })
            .collect();
        if meant.is_empty() {
            return;
        }
        findings.retain(|f| {
            f.rule.code != input::SCHEMA_REQUIRED.code
                || split(&f.subject.field).is_none_or(|missing| !meant.contains(&missing))
        });
    }
}

fn builtin_documents() -> Vec<(String, Value)> {
    BUILTIN
        .iter()
        .map(|(name, text)| {
            let value = serde_json::from_str(text)
                .unwrap_or_else(|e| unreachable!("built-in schema {name} is JSON (tested): {e}"));
            (name.to_string(), value)
        })
        .collect()
}

fn build_registry(
    effective: &[(String, Value)],
    builtin: &[(String, Value)],
) -> Result<Registry<'static>, String> {
    let mut resources: Vec<(String, Value)> = effective
        .iter()
        .map(|(name, value)| (format!("{BASE}{name}"), value.clone()))
        .collect();
    resources.extend(
        builtin
            .iter()
            .map(|(name, value)| (format!("{BASE}builtin/{name}"), value.clone())),
    );
    let mut builder = Registry::new();
    for (uri, value) in resources {
        builder = builder.add(uri, value).map_err(|e| e.to_string())?;
    }
    builder.prepare().map_err(|e| e.to_string())
}

fn compile(registry: &Registry<'static>, file: &str) -> Result<Validator, String> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_registry(registry)
        .should_validate_formats(true)
        .offline()
        .build(&serde_json::json!({ "$ref": format!("{BASE}{file}") }))
        .map_err(|e| e.to_string())
}

/// Parses an override and refuses `$ref`s that would reach the network or leave the tree.
fn parse_override(file: &SchemaFile) -> Result<Value, Box<Finding>> {
    let text: &str = &file.source.text;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let offset = offset_of_line_column(text, e.line(), e.column());
        Box::new(bad_schema(
            &file.source,
            offset..offset,
            format!("this schema is not valid JSON: {e}"),
            "fix the JSON syntax; until then the built-in schema is used".to_string(),
        ))
    })?;
    if let Some(reference) = find_outside_ref(&value, &file.name) {
        let span = text
            .find(&format!("\"{reference}\""))
            .map_or(0..0, |start| start..start + reference.len() + 2);
        return Err(Box::new(bad_schema(
            &file.source,
            span,
            format!("this schema refers to \"{reference}\", outside the policy tree's schemas/ folder"),
            "steward never fetches schemas from the network or reads files outside the tree: copy the referenced schema into schemas/ and refer to it by its file name".to_string(),
        )));
    }
    Ok(value)
}

/// The first `$ref` that points at the network, an absolute path, or above `schemas/`.
fn find_outside_ref(value: &Value, name: &str) -> Option<String> {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref")
                && ref_leaves_tree(reference, name)
            {
                return Some(reference.clone());
            }
            map.values().find_map(|v| find_outside_ref(v, name))
        }
        Value::Array(items) => items.iter().find_map(|v| find_outside_ref(v, name)),
        _ => None,
    }
}

fn ref_leaves_tree(reference: &str, name: &str) -> bool {
    let path = reference.split('#').next().unwrap_or_default();
    if path.is_empty() {
        return false;
    }
    if path.contains(':') || path.starts_with('/') || path.starts_with('\\') {
        return true;
    }
    // Depth of the referring file below schemas/, then walk the reference's segments.
    let mut depth = name.matches('/').count() as i64;
    for segment in path.split('/') {
        match segment {
            ".." => depth -= 1,
            "." | "" => {}
            _ => depth += 1,
        }
        if depth < 0 {
            return true;
        }
    }
    false
}

fn offset_of_line_column(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

fn bad_schema(
    source: &Arc<SourceFile>,
    span: std::ops::Range<usize>,
    message: String,
    help: String,
) -> Finding {
    Finding::new(
        &input::SCHEMA_INVALID,
        Location::new(source, span),
        Subject {
            entity: format!(
                "schemas/{}",
                source.path.rsplit("schemas/").next().unwrap_or_default()
            ),
            field: String::new(),
        },
        message,
        help,
    )
}

impl Schemas {
    /// The effective schema node for a field of `kind`, following `properties`, `items`,
    /// `additionalProperties` and local `$ref`s. Used to explain a missing field in the help.
    fn field_schema(&self, kind: Kind, pointer: &str) -> Option<&Value> {
        let owned = kind.schema_file();
        let mut file = self
            .effective
            .iter()
            .find(|(n, _)| *n == owned)
            .map(|(n, _)| n.as_str())?;
        let mut node = self.document(file)?;
        for segment in pointer.split('/').skip(1) {
            (file, node) = self.resolve(file, node)?;
            node = if segment.parse::<usize>().is_ok() && node.get("items").is_some() {
                node.get("items")?
            } else {
                node.get("properties")
                    .and_then(|p| p.get(segment))
                    .or_else(|| node.get("additionalProperties").filter(|v| v.is_object()))?
            };
        }
        self.resolve(file, node).map(|(_, n)| n)
    }

    fn document(&self, name: &str) -> Option<&Value> {
        self.effective
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    /// Follows `$ref`s (to this file or another schema file), keeping a `description` that
    /// sits next to the `$ref`.
    fn resolve<'a>(
        &'a self,
        mut file: &'a str,
        mut node: &'a Value,
    ) -> Option<(&'a str, &'a Value)> {
        for _ in 0..16 {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
                return Some((file, node));
            };
            let (target, fragment) = reference.split_once('#').unwrap_or((reference, ""));
            if !target.is_empty() {
                file = self
                    .effective
                    .iter()
                    .find(|(n, _)| n == target)
                    .map(|(n, _)| n.as_str())?;
            }
            let next = self.document(file)?.pointer(fragment)?;
            if node.get("description").is_some() && next.get("description").is_none() {
                return Some((file, next));
            }
            node = next;
        }
        None
    }

    /// "add `vendor = \"...\"` (who makes or sells it)".
    fn required_help(&self, kind: Kind, field: &str, property: &str, table: &str) -> String {
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
    fn findings_for_error(
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
                    let suggestion = suggest::closest(key, known.iter().map(String::as_str))
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
            let typed = doc.get(&pointer).and_then(Value::as_str).unwrap_or_default();
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
fn rule_of(kind: &ValidationErrorKind) -> &'static Rule {
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
        _ => &input::SCHEMA_OTHER,
    }
}

/// How many findings an error makes: one per unexpected key, else one.
fn findings_in(kind: &ValidationErrorKind) -> usize {
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
fn quoted_dates(validator: &Validator, doc: &Document, entity: &str) -> Vec<Finding> {
    if !doc.has_date_like_text() {
        return Vec::new();
    }
    let mut suspects = Vec::new();
    collect_date_like_strings(&doc.value, &mut String::new(), doc, &mut suspects);
    if suspects.is_empty() {
        return Vec::new();
    }
    let mut probe = doc.value.clone();
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
fn collect_date_like_strings(
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

impl Schemas {
    /// The keys the schema allows in the table at `pointer`, for "did you mean" on unknown
    /// keys: only those, so that a typo is never "corrected" into a key that does not belong
    /// there (`titel` in a tool is not `title`, a policy field).
    fn known_keys(&self, kind: Kind, pointer: &str) -> Vec<String> {
        match self
            .field_schema(kind, pointer)
            .and_then(|s| s.get("properties"))
        {
            Some(Value::Object(properties)) => properties.keys().cloned().collect(),
            // A table whose schema cannot be followed (an override built with allOf, say).
            _ => all_property_names(),
        }
    }
}

/// Every property name the built-in schemas define.
fn all_property_names() -> Vec<String> {
    static KEYS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = Vec::new();
        for (_, value) in builtin_documents() {
            collect_property_names(&value, &mut keys);
        }
        keys.sort();
        keys.dedup();
        keys
    })
    .clone()
}

fn collect_property_names(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                out.extend(props.keys().cloned());
            }
            map.values().for_each(|v| collect_property_names(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_property_names(v, out)),
        _ => {}
    }
}

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
fn table_label(pointer: &str) -> String {
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

fn describe_found(doc: &Document, pointer: &str) -> String {
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

fn shorten(text: &str, max: usize) -> String {
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

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn value_word(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn type_word(json_type: &str) -> &'static str {
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

fn type_help(expected: &str, doc: &Document, pointer: &str) -> String {
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

fn pattern_words(pattern: &str) -> (&'static str, &'static str) {
    match pattern {
        "^[a-z0-9][a-z0-9-]*$" => (
            "an id (lowercase letters, digits and dashes)",
            "\"jane-doe\"",
        ),
        "^[A-Z]{3}$" => ("a three-letter currency code in capitals", "\"USD\""),
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

fn format_words(format: &str) -> (&'static str, &'static str) {
    match format {
        "date" => ("a date (year-month-day, no time)", "2026-03-31"),
        "email" => ("an e-mail address", "\"jane@example.org\""),
        "uri" => ("a full web address", "\"https://example.org\""),
        _ => ("in the format the schema requires", "the schema's examples"),
    }
}

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
    fn reference_rows(
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

fn type_name(schema: &Value) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::parse(Arc::new(SourceFile::new("tools/x.toml", text))).unwrap()
    }

    #[test]
    fn builtin_schemas_compile() {
        let (_, findings) = Schemas::load(&[], &[]);
        assert!(findings.is_empty());
    }

    #[test]
    fn labels() {
        assert_eq!(field_label("/cost/period"), "`cost.period`");
        assert_eq!(field_label("/line/2/amount"), "`line[3].amount`");
        assert_eq!(field_label(""), "the file");
    }

    #[test]
    fn refs_leaving_the_tree_are_detected() {
        assert!(ref_leaves_tree(
            "https://example.org/s.json",
            "tool.schema.json"
        ));
        assert!(ref_leaves_tree("../x.json", "tool.schema.json"));
        assert!(ref_leaves_tree("/etc/passwd", "tool.schema.json"));
        assert!(!ref_leaves_tree(
            "common.schema.json#/$defs/id",
            "tool.schema.json"
        ));
        assert!(!ref_leaves_tree(
            "../common.schema.json",
            "sub/tool.schema.json"
        ));
        assert!(!ref_leaves_tree("#/$defs/x", "tool.schema.json"));
    }

    #[test]
    fn quoted_date_is_a_type_error_but_native_date_is_fine() {
        let schemas = Schemas::builtin();
        let text = "name = \"X\"\nvendor = \"V\"\ncategory = \"c\"\nstatus = \"approved\"\ndepartment = \"it\"\napproved_on = 2026-01-01\nlast_reviewed = \"2026-02-01\"\n";
        let findings = schemas.validate(Kind::Tool, &doc(text), "tools/x.toml");
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(findings[0].rule.code, "schema/type");
        assert_eq!(findings[0].location.start().line, 7);
    }
}
