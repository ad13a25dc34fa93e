//! A value of a parsed document, read straight from its index: what `&serde_json::Value` was
//! to the model and the rules, without a copy of the file's values kept beside its text.
//!
//! Its answers are exactly `serde_json`'s for the `Value` the document used to hold (dates are
//! strings, `inf` and `nan` are null, integers and floats never equal), and [`ValueRef::to_value`]
//! builds that `Value` when a caller needs one.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Number, Value};

use super::{NodeKind, Scalar, Spans};

/// A value inside a [`super::Document`]: a table, an array or a scalar.
#[derive(Clone, Copy)]
pub struct ValueRef<'d> {
    spans: &'d Spans,
    index: u32,
}

/// What a value is, with its contents.
enum Shape<'d> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(&'d str),
    Array(&'d [u32]),
    /// The entries in the parser's order.
    Object(&'d [u32]),
}

impl std::fmt::Debug for ValueRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.to_value(), f)
    }
}

impl<'d> ValueRef<'d> {
    pub(super) fn new(spans: &'d Spans, index: u32) -> Self {
        ValueRef { spans, index }
    }

    fn at(&self, index: u32) -> ValueRef<'d> {
        ValueRef::new(self.spans, index)
    }

    fn shape(&self) -> Shape<'d> {
        let spans = self.spans;
        let flat = spans.flat(self.index);
        match flat.scalar {
            Scalar::Null => Shape::Null,
            Scalar::Bool(b) => Shape::Bool(b),
            Scalar::Int(n) => Shape::Int(n),
            Scalar::Float(x) => Shape::Float(x),
            Scalar::Text(span) => Shape::Text(&spans.text[span.range()]),
            Scalar::Container => {
                let children = &spans.children[flat.children.range()];
                if flat.kind == NodeKind::Table {
                    Shape::Object(children)
                } else {
                    Shape::Array(children)
                }
            }
        }
    }

    pub fn as_str(&self) -> Option<&'d str> {
        match self.shape() {
            Shape::Text(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self.shape() {
            Shape::Int(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self.shape() {
            Shape::Int(n) => Some(n as f64),
            Shape::Float(x) => Some(x),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.shape() {
            Shape::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.shape(), Shape::Null)
    }

    pub fn is_number(&self) -> bool {
        matches!(self.shape(), Shape::Int(_) | Shape::Float(_))
    }

    pub fn is_object(&self) -> bool {
        matches!(self.shape(), Shape::Object(_))
    }

    pub fn is_array(&self) -> bool {
        matches!(self.shape(), Shape::Array(_))
    }

    /// The items of an array, in order; `None` for anything else.
    pub fn items(self) -> Option<impl ExactSizeIterator<Item = ValueRef<'d>> + 'd> {
        match self.shape() {
            Shape::Array(items) => Some(items.iter().map(move |&i| self.at(i))),
            _ => None,
        }
    }

    /// The entries of a table, in the parser's order; `None` for anything else.
    pub fn entries(self) -> Option<impl ExactSizeIterator<Item = (&'d str, ValueRef<'d>)> + 'd> {
        match self.shape() {
            Shape::Object(entries) => Some(
                entries
                    .iter()
                    .map(move |&i| (self.spans.key(i), self.at(i))),
            ),
            _ => None,
        }
    }

    /// A table's entries sorted by key.
    fn by_key(&self) -> &'d [u32] {
        let spans = self.spans;
        &spans.sorted[spans.flat(self.index).children.range()]
    }

    /// The value of a table's entry `key`.
    pub fn get(&self, key: &str) -> Option<ValueRef<'d>> {
        if !self.is_object() {
            return None;
        }
        let flat = self.spans.flat(self.index);
        self.spans.entry(flat, key).map(|i| self.at(i))
    }

    /// The `serde_json::Value` this value stands for, keys in the parser's order.
    pub fn to_value(&self) -> Value {
        match self.shape() {
            Shape::Null => Value::Null,
            Shape::Bool(b) => Value::Bool(b),
            Shape::Int(n) => Value::Number(n.into()),
            Shape::Float(x) => Number::from_f64(x).map_or(Value::Null, Value::Number),
            Shape::Text(text) => Value::String(text.to_string()),
            Shape::Array(items) => {
                Value::Array(items.iter().map(|&i| self.at(i).to_value()).collect())
            }
            Shape::Object(entries) => {
                let mut map = Map::with_capacity(entries.len());
                for &i in entries {
                    map.insert(self.spans.key(i).to_string(), self.at(i).to_value());
                }
                Value::Object(map)
            }
        }
    }
}

/// `serde_json::Value`'s equality: tables compare as maps (order aside), integers and floats
/// never equal, dates equal the same text.
impl PartialEq for ValueRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self.shape(), other.shape()) {
            (Shape::Null, Shape::Null) => true,
            (Shape::Bool(a), Shape::Bool(b)) => a == b,
            (Shape::Int(a), Shape::Int(b)) => a == b,
            (Shape::Float(a), Shape::Float(b)) => a == b,
            (Shape::Text(a), Shape::Text(b)) => a == b,
            (Shape::Array(a), Shape::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(&x, &y)| self.at(x) == other.at(y))
            }
            (Shape::Object(_), Shape::Object(_)) => {
                // Both sides sorted by key (keys are unique): equal maps pair up in order.
                let (a, b) = (self.by_key(), other.by_key());
                a.len() == b.len()
                    && a.iter().zip(b).all(|(&x, &y)| {
                        self.spans.key(x) == other.spans.key(y) && self.at(x) == other.at(y)
                    })
            }
            _ => false,
        }
    }
}

/// Serializes as the `serde_json::Value` would, keys in the same order.
impl Serialize for ValueRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.shape() {
            Shape::Null => serializer.serialize_unit(),
            Shape::Bool(b) => serializer.serialize_bool(b),
            Shape::Int(n) if n >= 0 => serializer.serialize_u64(n.unsigned_abs()),
            Shape::Int(n) => serializer.serialize_i64(n),
            Shape::Float(x) => serializer.serialize_f64(x),
            Shape::Text(text) => serializer.serialize_str(text),
            Shape::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for &i in items {
                    seq.serialize_element(&self.at(i))?;
                }
                seq.end()
            }
            Shape::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for &i in entries {
                    map.serialize_entry(self.spans.key(i), &self.at(i))?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::{Document, SourceFile};
    use super::*;

    fn parse(text: &str) -> Document {
        Document::parse(Arc::new(SourceFile::new("t.toml", text))).expect("parses")
    }

    /// What the document used to hold: the value `toml` itself reads, dates as strings.
    fn expected(text: &str) -> Value {
        fn dates_as_strings(value: toml::Value) -> Value {
            match value {
                toml::Value::Datetime(d) => Value::String(d.to_string()),
                toml::Value::Array(items) => {
                    Value::Array(items.into_iter().map(dates_as_strings).collect())
                }
                toml::Value::Table(table) => Value::Object(
                    table
                        .into_iter()
                        .map(|(k, v)| (k, dates_as_strings(v)))
                        .collect(),
                ),
                toml::Value::Float(x) if !x.is_finite() => Value::Null,
                other => serde_json::to_value(other).expect("JSON"),
            }
        }
        dates_as_strings(toml::from_str(text).expect("TOML"))
    }

    const SAMPLE: &str = "z = 1\na = \"two\"\nm = 2026-03-01\nf = 1.5\ni = inf\nb = true\n\
        t = 2026-03-01T10:00:00Z\nlist = [3, \"x\", [4.0]]\n[table]\nk = -7\n[[rows]]\nid = \"r\"\n";

    #[test]
    fn the_value_is_what_serde_json_held() {
        let doc = parse(SAMPLE);
        let value = doc.to_value();
        assert_eq!(value, expected(SAMPLE));
        // Keys in the order the parser gives them, as the held value had them.
        let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&value), keys(&expected(SAMPLE)));
        // Serialized directly, byte for byte as the built value.
        assert_eq!(
            serde_json::to_string(&doc.root()).unwrap(),
            serde_json::to_string(&value).unwrap()
        );
    }

    #[test]
    fn lookups_answer_as_serde_json_does() {
        let doc = parse(SAMPLE);
        let value = doc.to_value();
        for pointer in [
            "",
            "/z",
            "/a",
            "/m",
            "/f",
            "/i",
            "/b",
            "/t",
            "/list",
            "/list/0",
            "/list/1",
            "/list/2/0",
            "/table",
            "/table/k",
            "/rows/0/id",
            "/missing",
            "/list/3",
            "/z/x",
        ] {
            let ours = doc.get(pointer);
            let theirs = value.pointer(pointer);
            assert_eq!(ours.map(|v| v.to_value()).as_ref(), theirs, "{pointer}");
            if let (Some(ours), Some(theirs)) = (ours, theirs) {
                assert_eq!(ours.as_str(), theirs.as_str(), "{pointer}");
                assert_eq!(ours.as_i64(), theirs.as_i64(), "{pointer}");
                assert_eq!(ours.as_f64(), theirs.as_f64(), "{pointer}");
                assert_eq!(ours.as_bool(), theirs.as_bool(), "{pointer}");
                assert_eq!(ours.is_number(), theirs.is_number(), "{pointer}");
                assert_eq!(ours.is_object(), theirs.is_object(), "{pointer}");
                assert_eq!(
                    ours.items().map(|i| i.len()),
                    theirs.as_array().map(Vec::len),
                    "{pointer}"
                );
            }
        }
    }

    #[test]
    fn equality_is_serde_jsons() {
        let a = parse("x = 1\ny = [\"a\", 2026-01-01]\n[t]\np = 1.0\nq = 2\n");
        let reordered = parse("y = [\"a\", \"2026-01-01\"]\n[t]\nq = 2\np = 1.0\n\n[u]\n");
        let same = parse("[t]\nq = 2\np = 1.0\n[u]\n[v]\n");
        assert_eq!(a.get("/t"), reordered.get("/t"));
        assert_eq!(a.get("/y"), reordered.get("/y"));
        assert_ne!(a.root(), reordered.root());
        assert_eq!(reordered.get("/t"), same.get("/t"));
        // An integer never equals a float, as in serde_json.
        let one = parse("x = 1\n");
        let one_float = parse("x = 1.0\n");
        assert_ne!(one.get("/x"), one_float.get("/x"));
        assert_eq!(
            one.get("/x") == one_float.get("/x"),
            one.to_value()["x"] == one_float.to_value()["x"]
        );
    }
}
