//! Finding one's way in the effective schema documents: a field's schema by its JSON pointer,
//! following `properties`, `items`, `additionalProperties` and `$ref`s (to the same file or
//! another), and the keys a table allows.

use serde_json::Value;

use super::{Schemas, builtin_documents};
use crate::layout::Kind;

/// Schema documents by file name, and the way through them. The one resolver: validation's
/// help texts, "did you mean" and the templates' comments all find a field's schema here.
#[derive(Clone, Copy)]
pub struct Documents<'a>(pub &'a [(String, Value)]);

impl<'a> Documents<'a> {
    pub fn get(&self, name: &str) -> Option<&'a Value> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    fn name(&self, name: &str) -> Option<&'a str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(n, _)| n.as_str())
    }

    /// The schema node of the field at `pointer` in `file`, as written (a `$ref` not yet
    /// followed), with the file it is in: following `properties`, `items` (for an index) and
    /// `additionalProperties` (for a key a table's schema does not name).
    pub fn field(&self, file: &str, pointer: &str) -> Option<(&'a str, &'a Value)> {
        let mut file = self.name(file)?;
        let mut node = self.get(file)?;
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
        Some((file, node))
    }

    /// The description of the field at `pointer`: its own (a description next to a `$ref`
    /// wins), else the one of what the `$ref` leads to.
    pub fn description(&self, file: &str, pointer: &str) -> Option<&'a str> {
        let (file, node) = self.field(file, pointer)?;
        node.get("description")
            .or_else(|| self.resolve(file, node)?.1.get("description"))
            .and_then(Value::as_str)
    }

    /// Follows `$ref`s (to this file or another schema file), keeping a `description` that
    /// sits next to the `$ref`.
    pub fn resolve(&self, mut file: &'a str, mut node: &'a Value) -> Option<(&'a str, &'a Value)> {
        for _ in 0..16 {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
                return Some((file, node));
            };
            let (target, fragment) = reference.split_once('#').unwrap_or((reference, ""));
            if !target.is_empty() {
                file = self.name(target)?;
            }
            let next = self.get(file)?.pointer(fragment)?;
            if node.get("description").is_some() && next.get("description").is_none() {
                return Some((file, next));
            }
            node = next;
        }
        None
    }
}

impl Schemas {
    pub(super) fn documents(&self) -> Documents<'_> {
        Documents(&self.effective)
    }

    /// The effective schema node for a field of `kind`, `$ref`s followed. Used to explain a
    /// missing field in the help and to know a table's keys.
    pub(super) fn field_schema(&self, kind: Kind, pointer: &str) -> Option<&Value> {
        let documents = self.documents();
        let (file, node) = documents.field(&kind.schema_file(), pointer)?;
        documents.resolve(file, node).map(|(_, n)| n)
    }

    pub(super) fn document(&self, name: &str) -> Option<&Value> {
        self.documents().get(name)
    }

    pub(super) fn resolve<'a>(
        &'a self,
        file: &'a str,
        node: &'a Value,
    ) -> Option<(&'a str, &'a Value)> {
        self.documents().resolve(file, node)
    }
}

impl Schemas {
    /// The keys the schema allows in the table at `pointer`, for "did you mean" on unknown
    /// keys: only those, so that a typo is never "corrected" into a key that does not belong
    /// there (`titel` in a tool is not `title`, a policy field).
    pub(super) fn known_keys(&self, kind: Kind, pointer: &str) -> Vec<String> {
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
pub(super) fn all_property_names() -> Vec<String> {
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

pub(super) fn collect_property_names(value: &Value, out: &mut Vec<String>) {
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
