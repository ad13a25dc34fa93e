//! `org.toml`: departments and people.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::Entity;
use crate::document::push_pointer;

#[derive(Debug, Clone)]
pub struct Org {
    pub entity: Entity,
    pub departments: BTreeMap<String, Department>,
    pub people: BTreeMap<String, Person>,
}

#[derive(Debug, Clone)]
pub struct Department {
    pub id: String,
    pub pointer: String,
    pub name: Option<String>,
    pub head: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub pointer: String,
    pub name: Option<String>,
    pub department: Option<String>,
    pub left: Option<Date>,
    /// Their GitHub username as written (see [`is_github_handle`] before using it).
    pub github: Option<String>,
}

impl Person {
    /// Whether the person has left the organization on or before `today`.
    pub fn has_left(&self, today: Date) -> bool {
        self.left.is_some_and(|left| left <= today)
    }
}

/// Whether `handle` is a GitHub username as GitHub allows them: letters and digits, single
/// dashes between them, at most 39 characters. Anything else (an `@`, a space, a line break,
/// a team's `org/team`) is never written where GitHub reads handles.
pub fn is_github_handle(handle: &str) -> bool {
    let bytes = handle.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 39
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && bytes[0] != b'-'
        && bytes[bytes.len() - 1] != b'-'
        && !handle.contains("--")
}

impl Org {
    pub fn from_entity(entity: Entity) -> Self {
        let departments = keys(&entity, "/departments")
            .into_iter()
            .map(|(id, pointer)| {
                let department = Department {
                    name: entity.str(&format!("{pointer}/name")),
                    head: entity.str(&format!("{pointer}/head")),
                    id: id.clone(),
                    pointer,
                };
                (id, department)
            })
            .collect();
        let people = keys(&entity, "/people")
            .into_iter()
            .map(|(id, pointer)| {
                let person = Person {
                    name: entity.str(&format!("{pointer}/name")),
                    department: entity.str(&format!("{pointer}/department")),
                    left: entity.date(&format!("{pointer}/left")),
                    github: entity.str(&format!("{pointer}/github")),
                    id: id.clone(),
                    pointer,
                };
                (id, person)
            })
            .collect();
        Org {
            entity,
            departments,
            people,
        }
    }
}

/// The keys of a table whose entries are tables, with their pointers.
fn keys(entity: &Entity, pointer: &str) -> Vec<(String, String)> {
    match entity.doc.get(pointer).and_then(|v| v.entries()) {
        Some(entries) => entries
            .filter(|(_, v)| v.is_object())
            .map(|(k, _)| (k.to_string(), push_pointer(pointer, k)))
            .collect(),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_handles_follow_githubs_rules() {
        for good in ["jdoe", "J-Doe", "a", "a1-b2-c3", &"x".repeat(39)] {
            assert!(is_github_handle(good), "{good}");
        }
        for bad in [
            "",
            "@jdoe",
            "-jdoe",
            "jdoe-",
            "j--doe",
            "j_doe",
            "j doe",
            "org/team",
            "jdoe\n",
            "jdöe",
            &"x".repeat(40),
        ] {
            assert!(!is_github_handle(bad), "{bad:?}");
        }
    }
}
