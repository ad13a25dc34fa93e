//! Arbitrary TOML text through `Document::parse`:
//!
//! - every byte offset maps to a line and column equal to a plain count (BOM and CRLF aware);
//! - every syntax error's span lies inside the text;
//! - for a document that parses, every JSON pointer of its value has a node, and `span_for`
//!   and `key_span_for` give in-bounds ranges on character boundaries; a pointer below a
//!   missing key blames the deepest existing ancestor;
//! - steward and the `toml` crate agree: a document steward accepts, `toml` accepts too, with
//!   the same value (dates as strings; inf and nan as null), and a document `toml` accepts is
//!   refused by steward only for the limits steward adds (nesting depth, integers outside
//!   i64, a second byte-order mark).

#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use steward::document::{Document, Position, SourceFile, push_pointer};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = Arc::new(SourceFile::new("t.toml", text));
    check_positions(&source);

    let reference = text.parse::<toml::Table>();
    match Document::parse(Arc::clone(&source)) {
        Ok(doc) => {
            check_spans(&doc);
            match reference {
                Ok(table) => {
                    let expected =
                        Value::Object(table.iter().map(|(k, v)| (k.clone(), json_of(v))).collect());
                    assert_eq!(doc.value, expected, "steward's value differs from toml's");
                }
                // toml refuses floats that overflow to infinity; steward keeps them as null
                // (a schema error that quotes the literal).
                Err(e) if e.message().contains("overflow") => {}
                Err(e) => panic!("steward accepted what toml refuses: {e}"),
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in &errors {
                assert!(
                    e.span.start <= e.span.end && e.span.end <= source.text.len(),
                    "syntax error span {:?} outside {} bytes: {}",
                    e.span,
                    source.text.len(),
                    e.message
                );
                let _ = source.position(e.span.start);
                let _ = source.position(e.span.end);
            }
            if reference.is_ok() {
                let allowed = errors.iter().any(|e| {
                    e.message.contains("levels deep")
                        || e.message.contains("invalid integer")
                        || e.message.contains("byte-order mark")
                });
                assert!(allowed, "toml accepted what steward refuses: {errors:?}");
            }
        }
    }
});

/// Line and column of every offset, against a plain count.
fn check_positions(source: &SourceFile) {
    let text = &source.text;
    for offset in 0..=text.len() + 1 {
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
        let line = text[..end].matches('\n').count() + 1;
        let before = &text[start..end];
        let before = before.strip_suffix('\r').unwrap_or(before);
        let expected = Position {
            line,
            column: before.chars().count() + 1,
        };
        assert_eq!(source.position(offset), expected, "offset {offset}");
    }
}

fn check_spans(doc: &Document) {
    let text = &doc.source.text;
    let valid = |span: &std::ops::Range<usize>| {
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end)
    };
    let mut pointers = Vec::new();
    collect(&doc.value, String::new(), &mut pointers);
    for pointer in &pointers {
        assert!(doc.node(pointer).is_some(), "no node for {pointer:?}");
        let span = doc.span_for(pointer);
        let key = doc.key_span_for(pointer);
        assert!(valid(&span), "span_for({pointer:?}) = {span:?}");
        assert!(valid(&key), "key_span_for({pointer:?}) = {key:?}");
        assert!(doc.raw(pointer).is_some() || pointer.is_empty());
        // Below a missing key, the value that exists is blamed.
        let missing = push_pointer(pointer, "\u{0}missing");
        if doc.get(&missing).is_none() {
            assert_eq!(doc.span_for(&missing), span, "{missing:?}");
        }
    }
}

fn collect(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                collect(child, push_pointer(&pointer, key), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect(child, push_pointer(&pointer, &i.to_string()), out);
            }
        }
        _ => {}
    }
    out.push(pointer);
}

/// The JSON steward builds for a TOML value.
fn json_of(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => {
            serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
        }
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(json_of).collect()),
        toml::Value::Table(table) => {
            Value::Object(table.iter().map(|(k, v)| (k.clone(), json_of(v))).collect())
        }
    }
}
