//! `steward calendar`: the tree's dated obligations as an iCalendar file (RFC 5545, for
//! Outlook, Google Calendar and Apple Calendar), as markdown for people, or as JSON.
//!
//! Each event says first what the day means and what to decide, in plain words, with the
//! money and the owner; the file, the field and the rule come last, as technical details.
//!
//! Names, reasons and other text from the tree come from pull requests: before they go into
//! any format they lose control characters and bidirectional overrides, are cut to a bounded
//! length, and (for markdown) are escaped. The iCalendar file's escaping and line folding are
//! the `icalendar` crate's; angle brackets are replaced because some calendar applications
//! render descriptions as HTML.

use chrono::{NaiveDate, TimeZone, Utc};
use icalendar::{Calendar, Component, EventLike};
use jiff::civil::Date;
use serde::Serialize;
use serde_json::{Value, json};

use super::markdown::escape;
use crate::calendar::{Detail, Event, EventKind};
use crate::words::{count, days_from, long_date, money_per_period};

/// The longest name (of a tool, policy, person or department) shown, in characters.
const MAX_NAME: usize = 120;
/// The longest free text (a waiver's reason) shown.
const MAX_TEXT: usize = 400;

/// What `steward calendar` renders.
#[derive(Debug, Clone)]
pub struct CalendarView<'a> {
    pub events: &'a [Event],
    pub today: Date,
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// The organization's name, for the calendar's title.
    pub organization: Option<&'a str>,
}

/// The iCalendar file: one all-day event per obligation, with a UID that stays the same
/// from run to run (so a second import updates the events) and DTSTAMP at the start of
/// `today` (so the output is the same on every run with the same `--today`).
pub fn ics(view: &CalendarView<'_>) -> String {
    let mut calendar = Calendar::empty();
    calendar.append_property(("VERSION", "2.0"));
    calendar.append_property(("PRODID", "-//steward//steward calendar//EN"));
    calendar.append_property(("CALSCALE", "GREGORIAN"));
    calendar.append_property(("METHOD", "PUBLISH"));
    calendar.name(&calendar_name(view.organization));
    let stamp = naive(view.today)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| Utc.from_utc_datetime(&t));
    for event in view.events {
        let Some(start) = naive(event.date) else {
            continue;
        };
        let mut item = icalendar::Event::new();
        item.uid(&event.uid())
            .summary(&ics_text(&title(event)))
            .description(&ics_text(&ics_description(event, view.today)))
            .starts(start)
            .add_property("TRANSP", "TRANSPARENT")
            .categories([category(event.kind)]);
        // An all-day event ends (exclusively) the next day; on the last day there is, the
        // end is left out, which means the same.
        let next_day = (event.date < Date::MAX).then(|| crate::model::add_days(event.date, 1));
        if let Some(end) = next_day.and_then(naive) {
            item.ends(end);
        }
        if let Some(stamp) = stamp {
            item.timestamp(stamp);
        }
        calendar.push(item.done());
    }
    calendar.to_string()
}

/// The markdown calendar: a section per month, a table of what falls due, and the
/// technical details folded away.
pub fn markdown(view: &CalendarView<'_>) -> String {
    let mut out = String::from("# Calendar\n\n");
    out.push_str(&range_sentence(view));
    out.push_str("\n\n");
    let mut month: Option<(i16, i8)> = None;
    for event in view.events {
        let this = (event.date.year(), event.date.month());
        if month != Some(this) {
            if month.is_some() {
                out.push('\n');
            }
            month = Some(this);
            out.push_str(&format!(
                "## {}\n\n| day | what | who |\n|---|---|---|\n",
                month_heading(event.date)
            ));
        }
        out.push_str(&format!(
            "| {} ({}) | **{}.** {} | {} |\n",
            long_date(event.date),
            days_from(view.today, event.date),
            escape(&title(event)),
            escape(&sentence(event, view.today)),
            escape(&owner_words(event).unwrap_or_default()),
        ));
    }
    if !view.events.is_empty() {
        out.push_str("\n<details><summary>Technical details</summary>\n\n");
        out.push_str("| date | event | file | field | UID |\n|---|---|---|---|---|\n");
        for event in view.events {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                event.date,
                event.kind.as_str(),
                escape(&event.file),
                escape(&field_name(&event.field)),
                escape(&event.uid()),
            ));
        }
        out.push_str("\n</details>\n");
    }
    out
}

#[derive(Serialize)]
struct JsonCalendar {
    version: u32,
    today: String,
    from: Option<String>,
    to: Option<String>,
    events: Vec<Value>,
}

/// One JSON document: the range and every event with its typed fields.
pub fn json(view: &CalendarView<'_>) -> String {
    let doc = JsonCalendar {
        version: 1,
        today: view.today.to_string(),
        from: view.from.map(|d| d.to_string()),
        to: view.to.map(|d| d.to_string()),
        events: view
            .events
            .iter()
            .map(|event| json_event(event, view.today))
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn json_event(event: &Event, today: Date) -> Value {
    let mut value = json!({
        "date": event.date.to_string(),
        "type": event.kind,
        "uid": event.uid(),
        "title": title(event),
        "description": sentence(event, today),
        "entity": {
            "kind": event.entity_kind,
            "id": event.id,
            "name": event.name,
            "file": event.file,
            "field": event.field,
        },
        "owner": event.owner.as_ref().map(|o| json!({
            "id": o.id,
            "name": o.name,
            "kind": if o.is_person { "person" } else { "department" },
        })),
        "department": event.department,
    });
    let extra = match &event.detail {
        Detail::Review {
            since,
            was_reviewed,
        } => json!({
            "since": since.map(|d| d.to_string()),
            "reviewed_before": was_reviewed,
        }),
        Detail::Contract(r) => json!({
            "renews_on": r.renews_on.to_string(),
            "auto_renews": r.auto_renews,
            "notice_by": r.notice_by.map(|d| d.to_string()),
            "cost_per_year": r.per_year.map(|a| serde_json::to_value(Money(a)).unwrap_or(Value::Null)),
            "currency": r.currency,
            "seats": r.seats,
            "seats_used": r.seats_used,
            "reference": r.reference,
        }),
        Detail::ExitPlanTest { last_tested } => json!({
            "last_tested": last_tested.map(|d| d.to_string()),
        }),
        Detail::Waiver {
            rule,
            reason,
            approved_by,
        } => json!({
            "rule": rule,
            "reason": reason,
            "approved_by": approved_by,
        }),
    };
    if let (Value::Object(map), Value::Object(more)) = (&mut value, extra) {
        map.extend(more);
    }
    value
}

/// Money as JSON numbers, as everywhere else in steward's JSON.
struct Money(rust_decimal::Decimal);

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::money::serialize(&self.0, serializer)
    }
}

/// "steward: Riverbend Community Center", or "steward" alone.
fn calendar_name(organization: Option<&str>) -> String {
    match organization.map(|name| plain(name, MAX_NAME)) {
        Some(name) if !name.is_empty() => ics_text(&format!("steward: {name}")),
        _ => "steward".to_string(),
    }
}

/// "From 1 December 2026 to 30 November 2027: 14 dates."
fn range_sentence(view: &CalendarView<'_>) -> String {
    let dates = match view.events.len() {
        0 => "no dates".to_string(),
        n => count(n as i64, "date", "dates"),
    };
    match (view.from, view.to) {
        (Some(from), Some(to)) => {
            format!("From {} to {}: {dates}.", long_date(from), long_date(to))
        }
        (Some(from), None) => format!("From {} on: {dates}.", long_date(from)),
        (None, Some(to)) => format!("Until {}: {dates}.", long_date(to)),
        (None, None) => format!("Every date in the tree: {dates}."),
    }
}

fn month_heading(date: Date) -> String {
    // "1 March 2027" without the day.
    let words = long_date(date);
    words
        .split_once(' ')
        .map_or(words.clone(), |(_, rest)| rest.to_string())
}

/// The event's name in a calendar: what the day is, and for what.
pub fn title(event: &Event) -> String {
    let name = plain(event.display_name(), MAX_NAME);
    match event.kind {
        EventKind::NoticeDeadline => format!("Last day to give notice to cancel {name}"),
        EventKind::Renewal => format!("{name} renews automatically"),
        EventKind::ContractEnd => format!("The contract for {name} ends"),
        EventKind::ToolReview => format!("Review {name}"),
        EventKind::PolicyReview => format!("Review the policy {name}"),
        EventKind::ExitPlanTest => format!("Try the exit plan of {name}"),
        EventKind::WaiverExpiry => format!("The exception for {name} ends"),
    }
}

/// What the day means and what to decide, in plain words, as seen on `today` (a deadline
/// that has passed is told in the past).
pub fn sentence(event: &Event, today: Date) -> String {
    let past = event.date < today;
    let name = plain(event.display_name(), MAX_NAME);
    match &event.detail {
        Detail::Contract(r) => {
            let cost = r
                .per_year
                .map(|a| {
                    format!(
                        " for {}",
                        money_per_period(a, r.currency.as_deref(), Some("year"))
                    )
                })
                .unwrap_or_default();
            let mut text = match event.kind {
                EventKind::NoticeDeadline if past => format!(
                    "The last day to give notice to cancel {name} was {}; unless the vendor agrees otherwise, it renews on {}{cost}.",
                    long_date(event.date),
                    long_date(r.renews_on)
                ),
                EventKind::NoticeDeadline => format!(
                    "To cancel {name}, give the vendor notice by {}; otherwise it renews on {}{cost}.",
                    long_date(event.date),
                    long_date(r.renews_on)
                ),
                EventKind::Renewal => match r.notice_by {
                    Some(by) => format!(
                        "{name} renews automatically on {}{cost}, unless notice {} given by {}.",
                        long_date(r.renews_on),
                        if by < today { "was" } else { "is" },
                        long_date(by)
                    ),
                    None => format!(
                        "{name} renews automatically on {}{cost}, unless notice is given in time.",
                        long_date(r.renews_on)
                    ),
                },
                _ if past => format!(
                    "The contract for {name} ended on {}: renew it{cost}, or retire the tool and move its data out.",
                    long_date(r.renews_on)
                ),
                _ => format!(
                    "The contract for {name} ends on {}: renew it{cost}, or retire the tool and move its data out.",
                    long_date(r.renews_on)
                ),
            };
            if let Some(seats) = r.seats {
                text.push_str(&format!(" {} paid for", count(seats, "seat", "seats")));
                if let Some(used) = r.seats_used {
                    text.push_str(&format!(", {used} assigned"));
                }
                text.push('.');
            }
            if let Some(reference) = &r.reference {
                text.push_str(&format!(" Reference {}.", plain(reference, MAX_NAME)));
            }
            text
        }
        Detail::Review {
            since,
            was_reviewed,
        } => {
            let what = if event.kind == EventKind::PolicyReview {
                "read it again with the people it affects, and confirm or change it"
            } else {
                "check it is still needed, has the right owner, and that its exit plan still works"
            };
            match (since, was_reviewed) {
                (Some(since), true) => {
                    format!("{name} was last reviewed on {}: {what}.", long_date(*since))
                }
                (Some(since), false) => {
                    let started = if event.kind == EventKind::PolicyReview {
                        "took effect"
                    } else {
                        "was approved"
                    };
                    format!(
                        "{name} {started} on {} and has not been reviewed since: {what}.",
                        long_date(*since)
                    )
                }
                (None, _) => format!("{name} has never been reviewed: {what}."),
            }
        }
        Detail::ExitPlanTest { last_tested } => match last_tested {
            Some(date) => format!(
                "Getting the data out of {name} was last tried on {}: try the export again, check the files, and note the day.",
                long_date(*date)
            ),
            None => format!(
                "Getting the data out of {name} has never been tried: try the export, check the files, and note the day."
            ),
        },
        Detail::Waiver { reason, .. } => {
            let why = reason
                .as_deref()
                .map(|r| format!(" (\"{}\")", plain(r, MAX_TEXT)))
                .unwrap_or_default();
            format!(
                "The exception for {name}{why} ends: after this day the problem is reported again, unless it is fixed or the exception is renewed."
            )
        }
    }
}

/// "Ben Achterberg", or "Information Technology (department)"; the id when there is no name.
fn owner_words(event: &Event) -> Option<String> {
    let owner = event.owner.as_ref()?;
    let name = plain(owner.name.as_deref().unwrap_or(&owner.id), MAX_NAME);
    Some(if owner.is_person {
        name
    } else {
        format!("{name} (department)")
    })
}

/// The event's description in the calendar file: the sentence, who answers for it, then the
/// technical details.
fn ics_description(event: &Event, today: Date) -> String {
    let mut text = sentence(event, today);
    if let Some(owner) = &event.owner {
        let name = plain(owner.name.as_deref().unwrap_or(&owner.id), MAX_NAME);
        let role = if owner.is_person {
            "Owner"
        } else {
            "Owning department"
        };
        text.push_str(&format!(
            "\n\n{role}: {name} ({})",
            plain(&owner.id, MAX_NAME)
        ));
    }
    text.push_str(&format!(
        "\n\nTechnical details: {} ({}), {}",
        plain(&event.file, MAX_TEXT),
        field_name(&event.field),
        event.kind.as_str()
    ));
    if let Detail::Waiver {
        rule: Some(rule), ..
    } = &event.detail
    {
        text.push_str(&format!(", rule {}", plain(rule, MAX_NAME)));
    }
    text.push_str(&format!(". Written by steward on {today}."));
    text
}

fn category(kind: EventKind) -> &'static str {
    match kind {
        EventKind::NoticeDeadline | EventKind::Renewal | EventKind::ContractEnd => "Contracts",
        EventKind::ToolReview | EventKind::PolicyReview => "Reviews",
        EventKind::ExitPlanTest => "Exit plans",
        EventKind::WaiverExpiry => "Waivers",
    }
}

/// `/contract/renews_on` as people write it: `contract.renews_on`.
fn field_name(pointer: &str) -> String {
    pointer.trim_start_matches('/').replace('/', ".")
}

/// Text from the tree made safe to show: control characters become spaces, bidirectional
/// overrides and other invisible formatting characters are dropped, runs of spaces collapse,
/// and the text is cut to `max` characters (with "…").
fn plain(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut kept = 0;
    let mut space = false;
    for c in text.chars() {
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            space = !out.is_empty();
            continue;
        }
        if kept >= max {
            out.push('…');
            return out;
        }
        if space {
            out.push(' ');
            kept += 1;
            space = false;
        }
        out.push(c);
        kept += 1;
    }
    out
}

/// Characters that change how text around them reads without showing themselves: the
/// bidirectional controls (the "Trojan Source" trick), zero-width characters and the byte
/// order mark.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// Text for a calendar property: angle brackets become single guillemets, because Google
/// Calendar and Outlook render some HTML in descriptions. Everything else (escaping of `,`
/// `;` `\` and line breaks, folding) is the crate's.
fn ics_text(text: &str) -> String {
    text.replace('<', "‹").replace('>', "›")
}

fn naive(date: Date) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        date.year().into(),
        u32::try_from(date.month()).ok()?,
        u32::try_from(date.day()).ok()?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_has_no_controls_and_a_bounded_length() {
        assert_eq!(plain("Zoom\r\nATTENDEE:x", 100), "Zoom ATTENDEE:x");
        assert_eq!(plain("\u{1b}[31mred\u{1b}[0m", 100), "[31mred [0m");
        assert_eq!(plain("admin\u{202E}txt.exe", 100), "admintxt.exe");
        assert_eq!(plain("  a \t  b  ", 100), "a b");
        assert_eq!(plain("abcdef", 3), "abc…");
        assert_eq!(plain("abc", 3), "abc");
        assert_eq!(plain(&"é".repeat(1_000_000), 5), "ééééé…");
    }

    #[test]
    fn calendar_text_has_no_html() {
        assert_eq!(ics_text("<img src=x>"), "‹img src=x›");
    }
}
