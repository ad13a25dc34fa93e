//! Changes (`changes.html`): the changelog by month, from
//! [`crate::history::changelog::changelog`], each entry linking to the pages of what it
//! changed.

use serde::Serialize;

use super::Page;
use crate::history::changelog::Entry;
use crate::layout::Kind;
use crate::site::gather::Site;
use crate::site::view::{ChangeView, Part};

#[derive(Serialize)]
struct Changes {
    months: Vec<Month>,
    history_note: Option<String>,
}

#[derive(Serialize)]
struct Month {
    title: String,
    entries: Vec<EntryView>,
}

#[derive(Serialize)]
pub struct EntryView {
    pub view: ChangeView,
    pub about: Vec<Part>,
}

/// An entry with links to what it changed that still has a page.
pub fn entry_view(site: &Site<'_>, root: &str, entry: &Entry) -> EntryView {
    let mut about: Vec<Part> = Vec::new();
    for change in &entry.changes {
        let part = match change.kind {
            Kind::Tool if site.tool_pages.contains_key(change.id.as_str()) => {
                site.tool_link(root, &change.id)
            }
            Kind::Policy if site.policy_pages.contains_key(change.id.as_str()) => {
                site.policy_link(root, &change.id)
            }
            Kind::Budget => match site.year_of(&change.path) {
                Some(page) => Part::link(
                    format!("{} budget", site.department_name(&change.id)),
                    format!("{root}{page}"),
                ),
                None => continue,
            },
            Kind::Org => Part::link("People", format!("{root}people.html")),
            _ => continue,
        };
        if !about.iter().any(|p| p.href == part.href) {
            about.push(part);
        }
    }
    EntryView {
        view: site.change_view(entry, entry.lines.clone()),
        about,
    }
}

pub fn page(site: &Site<'_>) -> Page {
    let months = site
        .changelog
        .iter()
        .flat_map(|log| log.sections.iter())
        .map(|section| Month {
            title: section.title.clone(),
            entries: section
                .entries
                .iter()
                .map(|e| entry_view(site, "", e))
                .collect(),
        })
        .collect();
    Page::new(
        "changes.html".to_string(),
        "changes.html",
        "Changes".to_string(),
        "changes",
        &Changes {
            months,
            history_note: site.history_note.clone(),
        },
    )
}
