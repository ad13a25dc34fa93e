//! People (`people.html`): the hand-over list. Who owns, backs up and heads what; first the
//! people who have left (or are leaving) and still hold something, since each of those
//! needs someone to take over; then everyone, by department. People named in tools but not
//! in org.toml are listed too.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::Page;
use crate::model::Person;
use crate::site::gather::Site;
use crate::site::view::{Part, Words, joined, short};
use crate::words::long_date;

#[derive(Serialize)]
struct People {
    hand_over: Vec<PersonView>,
    everyone: Vec<PersonView>,
    unknown: Vec<Unknown>,
}

#[derive(Serialize, Clone)]
struct PersonView {
    anchor: String,
    name: String,
    id: String,
    department: Option<Part>,
    role: Option<String>,
    /// "Left on 30 June 2025", "Leaves on ...".
    status: Option<String>,
    duties: Vec<Duty>,
}

#[derive(Serialize, Clone)]
struct Duty {
    role: &'static str,
    what: Words,
}

#[derive(Serialize)]
struct Unknown {
    id: String,
    duties: Vec<Duty>,
}

/// What each person id holds: (role, links), in a stable order.
fn duties_by_person(site: &Site<'_>) -> BTreeMap<String, Vec<(&'static str, Part)>> {
    let root = "";
    let mut by: BTreeMap<String, Vec<(&'static str, Part)>> = BTreeMap::new();
    for tool in site.tree.tools.values() {
        for (role, id) in [("Owns", &tool.owner), ("Backs up", &tool.backup_owner)] {
            if let Some(id) = id.as_deref().filter(|s| !s.trim().is_empty()) {
                by.entry(id.to_string())
                    .or_default()
                    .push((role, site.tool_link(root, &tool.entity.id)));
            }
        }
    }
    for department in site.tree.org.iter().flat_map(|o| o.departments.values()) {
        if let Some(head) = &department.head {
            by.entry(head.clone())
                .or_default()
                .push(("Heads", site.department_link(root, &department.id)));
        }
    }
    by
}

/// Groups a person's duties by role: "Owns: Zoom, Canva".
fn grouped(duties: &[(&'static str, Part)]) -> Vec<Duty> {
    let roles: BTreeSet<&'static str> = duties.iter().map(|(r, _)| *r).collect();
    ["Heads", "Owns", "Backs up"]
        .into_iter()
        .chain(
            roles
                .iter()
                .copied()
                .filter(|r| !["Heads", "Owns", "Backs up"].contains(r)),
        )
        .filter(|role| roles.contains(role))
        .map(|role| Duty {
            role,
            what: joined(
                duties
                    .iter()
                    .filter(|(r, _)| *r == role)
                    .map(|(_, p)| p.clone())
                    .collect(),
                ", ",
            ),
        })
        .collect()
}

pub fn page(site: &Site<'_>) -> Page {
    let root = "";
    let duties = duties_by_person(site);
    let org = site.tree.org.as_ref();
    let view = |person: &Person| PersonView {
        anchor: site.person_anchors[person.id.as_str()].clone(),
        name: person.name.clone().unwrap_or_else(|| person.id.clone()),
        id: person.id.clone(),
        department: person
            .department
            .as_deref()
            .map(|d| site.department_link(root, d)),
        role: org.and_then(|o| o.entity.str(&format!("{}/role", person.pointer))),
        status: person.left.map(|left| {
            if left <= site.today {
                format!("Left on {}", long_date(left))
            } else {
                format!("Leaves on {}", long_date(left))
            }
        }),
        duties: grouped(duties.get(&person.id).map_or(&[][..], Vec::as_slice)),
    };
    let mut everyone: Vec<&Person> = org.iter().flat_map(|o| o.people.values()).collect();
    everyone.sort_by(|a, b| {
        (a.department.as_deref(), a.name.as_deref(), &a.id).cmp(&(
            b.department.as_deref(),
            b.name.as_deref(),
            &b.id,
        ))
    });
    let hand_over = everyone
        .iter()
        .filter(|p| p.left.is_some() && duties.contains_key(&p.id))
        .map(|p| view(p))
        .collect();
    let unknown = duties
        .iter()
        .filter(|(id, _)| site.tree.person(id).is_none() && site.tree.department(id).is_none())
        .map(|(id, d)| Unknown {
            id: short(id),
            duties: grouped(d),
        })
        .collect();
    let model = People {
        hand_over,
        everyone: everyone.iter().map(|p| view(p)).collect(),
        unknown,
    };
    Page::new(
        "people.html".to_string(),
        "people.html",
        "People".to_string(),
        "people",
        &model,
    )
}
