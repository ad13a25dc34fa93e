//! Two versions of one file (the input split at its first NUL byte), through the semantic
//! diff that `steward diff` and `steward changelog` use:
//!
//! - it never panics, whatever either side holds (any kind: tool, policy, budget);
//! - a version compared with itself has no changes;
//! - every changed field's `old` and `new` differ, and a list change names what was added
//!   or removed.

#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use steward::diff::{ChangeKind, diff_values, entity_change};
use steward::document::{Document, SourceFile};
use steward::layout::Kind;
use steward::model::Entity;

fn entity(kind: Kind, text: &str) -> Option<Entity> {
    let doc = Document::parse(Arc::new(SourceFile::new("tools/x.toml", text))).ok()?;
    Some(Entity::new(kind, "x", "tools/x.toml", Arc::new(doc)))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (old, new) = text.split_once('\0').unwrap_or((text, ""));
    for kind in [Kind::Tool, Kind::Policy, Kind::Budget, Kind::Org] {
        let (Some(a), Some(b)) = (entity(kind, old), entity(kind, new)) else {
            continue;
        };
        assert!(diff_values(&a.doc.value, &a.doc.value, &[]).is_empty());
        let same = entity_change(ChangeKind::Modified, &a, Some(&a));
        assert!(same.fields.is_empty() && same.clauses.is_empty());
        let change = entity_change(ChangeKind::Modified, &b, Some(&a));
        for field in &change.fields {
            assert_ne!(field.old, field.new, "{}", field.path);
            if field.old.is_array() && field.new.is_array() {
                assert!(!field.added.is_empty() || !field.removed.is_empty(), "{}", field.path);
            }
        }
        for clause in &change.clauses {
            if clause.change == steward::diff::ClauseChangeKind::Reworded {
                assert_ne!(clause.old, clause.new, "{}", clause.id);
            }
        }
    }
});
