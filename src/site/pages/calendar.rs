//! The calendar (`calendar.html` and `steward.ics`): every dated obligation from
//! [`crate::calendar::events`], month by month, and the same events as an iCalendar file to
//! import or subscribe to (written by [`crate::render::calendar::ics`], the file `steward
//! calendar --format ics` writes).

use serde::Serialize;

use super::Page;
use crate::render::calendar::{CalendarView, ics, sentence, title};
use crate::site::SiteFile;
use crate::site::gather::Site;
use crate::site::view::{Part, Words};
use crate::words::{days_from, long_date};

/// The calendar file's name in the site.
pub const ICS: &str = "steward.ics";

#[derive(Serialize)]
struct Calendar {
    passed: Vec<EventView>,
    months: Vec<Month>,
    subscribe: Option<String>,
}

#[derive(Serialize)]
struct Month {
    title: String,
    events: Vec<EventView>,
}

#[derive(Serialize)]
struct EventView {
    date: String,
    when: String,
    title: String,
    about: Words,
    sentence: String,
    owner: Words,
}

pub fn page(site: &Site<'_>) -> Page {
    let root = "";
    let today = site.today;
    let view = |e: &crate::calendar::Event| EventView {
        date: long_date(e.date),
        when: days_from(today, e.date),
        title: title(e),
        about: vec![site.event_subject(root, e)],
        sentence: sentence(e, today),
        owner: match &e.owner {
            Some(owner) if owner.is_person => site.person_link(root, &owner.id),
            Some(owner) => vec![site.department_link(root, &owner.id)],
            None => vec![Part::text("nobody named")],
        },
    };
    let passed = site
        .events
        .iter()
        .filter(|e| e.date < today)
        .map(view)
        .collect();
    let mut months: Vec<Month> = Vec::new();
    for event in site.events.iter().filter(|e| e.date >= today) {
        let words = long_date(event.date);
        let month = words
            .split_once(' ')
            .map_or(words.clone(), |(_, m)| m.to_string());
        if months.last().is_none_or(|m| m.title != month) {
            months.push(Month {
                title: month,
                events: Vec::new(),
            });
        }
        if let Some(last) = months.last_mut() {
            last.events.push(view(event));
        }
    }
    let subscribe = site
        .options
        .base_url
        .as_deref()
        .and_then(crate::site::links::external)
        .map(|base| format!("{}/{ICS}", base.trim_end_matches('/')));
    Page::new(
        "calendar.html".to_string(),
        "calendar.html",
        "Calendar".to_string(),
        "calendar",
        &Calendar {
            passed,
            months,
            subscribe,
        },
    )
}

/// `steward.ics`: every event, as `steward calendar --format ics` writes it.
pub fn ics_file(site: &Site<'_>) -> SiteFile {
    let view = CalendarView {
        events: &site.events,
        today: site.today,
        from: None,
        to: None,
        organization: site.organization.as_deref(),
    };
    SiteFile {
        path: ICS.to_string(),
        bytes: ics(&view).into_bytes(),
    }
}
