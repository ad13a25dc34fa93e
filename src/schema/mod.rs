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

use jsonschema::{Registry, Validator};
use serde_json::Value;

use crate::document::{Document, SourceFile};
use crate::finding::{Finding, Location, Subject};
use crate::layout::{CustomKind, Kind};
use crate::rules::input;
use crate::suggest;

mod findings;
mod navigate;
mod reference;
mod words;

use findings::{findings_in, quoted_dates, rule_of};
pub use navigate::Documents;
pub use reference::field_reference;
pub use words::field_label;

const BASE: &str = "steward://schemas/";

/// The schemas compiled into the binary, by file name.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "common.schema.json",
        include_str!("../../schemas/common.schema.json"),
    ),
    (
        "org.schema.json",
        include_str!("../../schemas/org.schema.json"),
    ),
    (
        "tool.schema.json",
        include_str!("../../schemas/tool.schema.json"),
    ),
    (
        "policy.schema.json",
        include_str!("../../schemas/policy.schema.json"),
    ),
    (
        "budget.schema.json",
        include_str!("../../schemas/budget.schema.json"),
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
            .filter_map(|c| {
                Some(SchemaFile {
                    name: c.kind.schema_file(),
                    source: Arc::clone(c.schema.as_ref()?),
                })
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
            // No schema declared (syntax only), or its parse error is already reported.
            let (Some(schema), true) = (&declared.schema, override_sources.contains_key(&file))
            else {
                continue;
            };
            match registry
                .as_ref()
                .map_err(|e| e.clone())
                .and_then(|r| compile(r, &file))
            {
                Ok(validator) => {
                    validators.insert(declared.kind, validator);
                }
                Err(message) => findings.push(bad_schema(
                    schema,
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
        // Built for the check and dropped after it: the document keeps only its index.
        let value = doc.to_value();
        let mut findings: Vec<Finding> = if validator.is_valid(&value) {
            Vec::new()
        } else {
            // Past the cap, findings are only counted (on the last one kept of their rule),
            // so a file with 100,000 unknown keys holds 100 findings in memory, not 100,000.
            // An error past the cap is not even turned into a finding: its rule is known from
            // its kind alone.
            let mut kept: HashMap<&'static str, (usize, Option<usize>)> = HashMap::new();
            let mut findings: Vec<Finding> = Vec::new();
            for error in validator.iter_errors(&value) {
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
        findings.extend(quoted_dates(validator, doc, &value, entity));
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
        let is_required = |f: &Finding| f.rule.code == input::SCHEMA_REQUIRED.code;
        if !findings.iter().any(is_required) {
            return;
        }
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
            !is_required(f)
                || split(&f.subject.field).is_none_or(|missing| !meant.contains(&missing))
        });
    }
}

pub fn builtin_documents() -> Vec<(String, Value)> {
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
        &input::SCHEMA_BAD_SCHEMA,
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
