//! What a change does to the organization: people who join, move or leave, departments and
//! their heads.

use super::{Change, Point, Span, Words};
use crate::diff::{ChangeKind, EntityChange};
use crate::words::long_date;

pub(super) fn change(words: &Words<'_>, change: &EntityChange) -> Change {
    let (Some(before), Some(after)) = (&words.base.org, &words.head.org) else {
        let verb = match change.change {
            ChangeKind::Added => "Describes",
            _ => "Changes",
        };
        return Change {
            kind: change.kind,
            headline: vec![
                Span::Plain(format!("{verb} ")),
                Span::Strong("the organization".into()),
                Span::Plain(" (its departments and people).".into()),
            ],
            points: Vec::new(),
        };
    };
    let mut points = Vec::new();
    for (id, person) in &after.people {
        let name = person.name.clone().unwrap_or_else(|| id.clone());
        match before.people.get(id) {
            None => points.push(Point::Text(format!(
                "{name} joins{}.",
                person
                    .department
                    .as_deref()
                    .map(|d| format!(" {}", words.department(d)))
                    .unwrap_or_default()
            ))),
            Some(was) => {
                if was.left != person.left {
                    match person.left {
                        Some(date) => points.push(Point::Text(format!(
                            "{name} is recorded as leaving on {}.",
                            long_date(date)
                        ))),
                        None => points.push(Point::Text(format!(
                            "{name} is no longer recorded as having left."
                        ))),
                    }
                }
                if was.department != person.department
                    && let Some(department) = &person.department
                {
                    points.push(Point::Text(format!(
                        "{name} moves to {}.",
                        words.department(department)
                    )));
                }
                if was.name != person.name
                    && let Some(old) = &was.name
                {
                    points.push(Point::Text(format!("{old} is now named {name}.")));
                }
            }
        }
    }
    for (id, person) in &before.people {
        if !after.people.contains_key(id) {
            points.push(Point::Text(format!(
                "{} is removed from the list of people (keep people who leave, with the date they left: older records refer to them).",
                person.name.clone().unwrap_or_else(|| id.clone())
            )));
        }
    }
    for (id, department) in &after.departments {
        let name = department.name.clone().unwrap_or_else(|| id.clone());
        match before.departments.get(id) {
            None => points.push(Point::Text(format!("Adds the department {name}."))),
            Some(was) if was.head != department.head => {
                points.push(Point::Text(match &department.head {
                    Some(head) => format!("{} is now led by {}.", name, words.person(head)),
                    None => format!("{name} no longer has a head."),
                }));
            }
            Some(_) => {}
        }
    }
    for (id, department) in &before.departments {
        if !after.departments.contains_key(id) {
            points.push(Point::Text(format!(
                "Removes the department {}.",
                department.name.clone().unwrap_or_else(|| id.clone())
            )));
        }
    }
    if points.is_empty() {
        points.push(Point::Text(
            "Changes notes or contact details only.".to_string(),
        ));
    }
    Change {
        kind: change.kind,
        headline: vec![
            Span::Plain("Changes ".into()),
            Span::Strong("the organization".into()),
            Span::Plain(":".into()),
        ],
        points,
    }
}
