//! `org.toml`: departments and people.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde_json::Value;

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
}

impl Person {
    /// Whether the person has left the organization on or before `today`.
    pub fn has_left(&self, today: Date) -> bool {
        self.left.is_some_and(|left| left <= today)
    }
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
    match entity.doc.get(pointer) {
        Some(Value::Object(map)) => map
            .iter()
            .filter(|(_, v)| v.is_object())
            .map(|(k, _)| (k.clone(), push_pointer(pointer, k)))
            .collect(),
        _ => Vec::new(),
    }
}
