//! The calendar: every dated obligation of the tree as typed events. Policy and tool reviews
//! due, contract notice deadlines, renewals and contract ends, exit-plan tests due and waiver
//! expiries, each with the entity, its file, the field the date comes from and who answers
//! for it. `steward calendar` renders them (`render::calendar`); the review packet and the
//! reports use [`renewals_to_decide`].
//!
//! Every date is computed by the model (review schedules, [`Contract::next_renewal`],
//! [`ExitPlan::test_due`]), the one place the rules also take them from, so the calendar and
//! `steward lint` never disagree about a day.
//!
//! Limits: a review or an export test that was never done is due "now", so its event falls on
//! `today`; dates outside the years 1 to 9999 (only reachable through saturating arithmetic on
//! values the schema rejects) are not events, since calendar files cannot hold them.
//!
//! [`Contract::next_renewal`]: crate::model::Contract::next_renewal
//! [`ExitPlan::test_due`]: crate::model::ExitPlan::test_due

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::config::Config;
use crate::layout::Kind;
use crate::model::{Entity, Renewal, ReviewSchedule, Tool, Tree, Waiver};

/// What happens on an event's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// The last day to give notice before an automatic renewal.
    NoticeDeadline,
    /// A contract renews by itself.
    Renewal,
    /// A contract that does not renew by itself ends.
    ContractEnd,
    ToolReview,
    PolicyReview,
    /// The exit plan's export is due to be tried again.
    ExitPlanTest,
    /// The last day a waiver excuses its rule.
    WaiverExpiry,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::NoticeDeadline => "notice-deadline",
            EventKind::Renewal => "renewal",
            EventKind::ContractEnd => "contract-end",
            EventKind::ToolReview => "tool-review",
            EventKind::PolicyReview => "policy-review",
            EventKind::ExitPlanTest => "exit-plan-test",
            EventKind::WaiverExpiry => "waiver-expiry",
        }
    }
}

/// Who answers for an event: a person (a tool's owner) or a department (a policy's or a
/// budget's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub id: String,
    pub name: Option<String>,
    pub is_person: bool,
}

/// What else an event knows, by kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    Review {
        /// When it was last reviewed, or (never reviewed) when it came into use; `None`
        /// when neither is known and the review is due now.
        since: Option<Date>,
        was_reviewed: bool,
    },
    Contract(Renewal),
    ExitPlanTest {
        /// `None`: never tested, so due now.
        last_tested: Option<Date>,
    },
    Waiver {
        rule: Option<String>,
        reason: Option<String>,
        approved_by: Option<String>,
    },
}

/// One dated obligation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub date: Date,
    pub kind: EventKind,
    pub entity_kind: Kind,
    pub id: String,
    /// The name or title people know the entity by.
    pub name: Option<String>,
    /// The entity's file relative to the tree root (`tools/zoom.toml`): part of the UID, so it
    /// does not depend on where steward runs.
    pub path: String,
    /// The file as shown to people (`policies/tools/zoom.toml`).
    pub file: String,
    /// The field the date comes from, as a JSON pointer (`/contract/renews_on`).
    pub field: String,
    pub owner: Option<Owner>,
    pub department: Option<String>,
    pub detail: Detail,
    /// Tells apart events of one kind in one file (the rule of each waiver).
    discriminator: Option<String>,
}

impl Event {
    /// A stable identifier: the event's kind, the entity's file and (for waivers) the rule,
    /// never the date, so that a calendar application that imports the file again updates
    /// the event instead of adding a second one. Characters other than letters, digits and
    /// `-._/` are percent-encoded, so that two different files never share an identifier.
    pub fn uid(&self) -> String {
        let mut key = format!("{}/{}", self.kind.as_str(), self.path);
        if let Some(extra) = &self.discriminator {
            key.push('#');
            key.push_str(extra);
        }
        format!("{}@steward", encode(&key))
    }

    /// The entity's name, else its id.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

fn encode(text: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const KEPT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'/');
    utf8_percent_encode(text, KEPT).to_string()
}

/// Every event of the tree, sorted by date, then kind, then file (and UID for ties).
pub fn events(tree: &Tree, config: &Config, today: Date) -> Vec<Event> {
    let mut out = Vec::new();
    for tool in tree.tools.values() {
        contract_events(tree, tool, today, &mut out);
        if tool.is_retired() {
            continue;
        }
        let schedule = tool.review_schedule(config.tool_review_months);
        out.push(review_event(
            tree,
            &tool.entity,
            EventKind::ToolReview,
            &schedule,
            today,
        ));
        if let Some(plan) = &tool.exit_plan {
            let mut event = event_for(tree, &tool.entity, EventKind::ExitPlanTest);
            event.date = plan.test_due().unwrap_or(today);
            event.field = "/exit_plan/last_tested".to_string();
            event.detail = Detail::ExitPlanTest {
                last_tested: plan.last_tested,
            };
            out.push(event);
        }
    }
    for policy in tree.policies.values().filter(|p| p.is_active()) {
        let schedule = policy.review_schedule(config.policy_review_months);
        out.push(review_event(
            tree,
            &policy.entity,
            EventKind::PolicyReview,
            &schedule,
            today,
        ));
    }
    for entity in tree.entities() {
        // How many waivers of each rule came before, in this file.
        let mut seen: HashMap<Option<&str>, usize> = HashMap::new();
        for waiver in entity.waivers.iter().filter(|w| w.expires.is_some()) {
            let earlier = seen.entry(waiver.rule.as_deref()).or_default();
            out.extend(waiver_event(tree, entity, waiver, *earlier));
            *earlier += 1;
        }
    }
    out.retain(|e| (1..=9999).contains(&e.date.year()));
    out.sort_by_cached_key(|e| (e.date, e.kind, e.file.clone(), e.uid()));
    out
}

/// The events from `from` to `to`, both included (either may be open).
pub fn between(events: Vec<Event>, from: Option<Date>, to: Option<Date>) -> Vec<Event> {
    events
        .into_iter()
        .filter(|e| from.is_none_or(|from| e.date >= from) && to.is_none_or(|to| e.date <= to))
        .collect()
}

/// The renewals someone must decide on by `today + within_days`: automatic renewals whose
/// notice deadline (or renewal, when the notice is unknown) falls by then, including those
/// whose deadline has passed but that have not renewed yet, and contracts that end by then.
/// For the review packet's agenda ("decide: renew or give notice by ..."); retired tools are
/// included, since a retired tool that renews still costs money. Sorted by that day, then
/// tool.
pub fn renewals_to_decide(tree: &Tree, today: Date, within_days: i64) -> Vec<Renewal> {
    let horizon = crate::model::add_days(today, within_days);
    let mut out: Vec<Renewal> = tree
        .tools
        .values()
        .filter_map(|tool| tool.renewal(today))
        .filter(|r| r.renews_on >= today && r.decide_by() <= horizon)
        .collect();
    out.sort_by(|a, b| (a.decide_by(), &a.tool).cmp(&(b.decide_by(), &b.tool)));
    out
}

/// An event of `kind` for `entity`, with its owner; the date, field and detail are the
/// caller's to set.
fn event_for(tree: &Tree, entity: &Entity, kind: EventKind) -> Event {
    let (owner, department) = owner_of(tree, entity);
    Event {
        date: Date::ZERO,
        kind,
        entity_kind: entity.kind,
        id: entity.id.clone(),
        name: entity.str("/name").or_else(|| entity.str("/title")),
        path: entity.path.clone(),
        file: entity.doc.source.path.clone(),
        field: String::new(),
        owner,
        department,
        detail: Detail::ExitPlanTest { last_tested: None },
        discriminator: None,
    }
}

/// A tool's owner (a person), a policy's owner (a department), a budget's department.
fn owner_of(tree: &Tree, entity: &Entity) -> (Option<Owner>, Option<String>) {
    let person = |id: String| Owner {
        name: tree.person(&id).and_then(|p| p.name.clone()),
        id,
        is_person: true,
    };
    let department = |id: String| Owner {
        name: tree.department(&id).and_then(|d| d.name.clone()),
        id,
        is_person: false,
    };
    match entity.kind {
        Kind::Tool => (entity.str("/owner").map(person), entity.str("/department")),
        Kind::Policy => {
            let owner = entity.str("/owner");
            (owner.clone().map(department), owner)
        }
        Kind::Budget => {
            let owner = entity.str("/department");
            (owner.clone().map(department), owner)
        }
        _ => (None, None),
    }
}

fn review_event(
    tree: &Tree,
    entity: &Entity,
    kind: EventKind,
    schedule: &ReviewSchedule,
    today: Date,
) -> Event {
    let mut event = event_for(tree, entity, kind);
    event.date = schedule.due().unwrap_or(today);
    event.field = schedule.counted_from.to_string();
    event.detail = Detail::Review {
        since: schedule.since,
        was_reviewed: schedule.was_reviewed(),
    };
    event
}

/// The notice deadline and the renewal of a contract that renews by itself, or the end of
/// one that does not.
fn contract_events(tree: &Tree, tool: &Tool, today: Date, out: &mut Vec<Event>) {
    let Some(renewal) = tool.renewal(today) else {
        return;
    };
    let mut make = |kind: EventKind, date: Date, field: &str| {
        let mut event = event_for(tree, &tool.entity, kind);
        event.date = date;
        event.field = field.to_string();
        event.detail = Detail::Contract(renewal.clone());
        out.push(event);
    };
    if renewal.auto_renews {
        if let Some(by) = renewal.notice_by {
            make(EventKind::NoticeDeadline, by, "/contract/notice_days");
        }
        make(EventKind::Renewal, renewal.renews_on, "/contract/renews_on");
    } else {
        make(
            EventKind::ContractEnd,
            renewal.renews_on,
            "/contract/renews_on",
        );
    }
}

/// The expiry of a waiver that is the `earlier + 1`-th of its rule in the file.
fn waiver_event(tree: &Tree, entity: &Entity, waiver: &Waiver, earlier: usize) -> Option<Event> {
    let expires = waiver.expires?;
    let mut event = event_for(tree, entity, EventKind::WaiverExpiry);
    event.date = expires;
    event.field = format!("{}/expires", waiver.pointer);
    // The rule, not the waiver's position, keeps the UID stable when a waiver is added above;
    // a count tells apart two waivers of one rule.
    let rule = waiver.rule.as_deref().unwrap_or("");
    event.discriminator = Some(match earlier {
        0 => rule.to_string(),
        n => format!("{rule}~{}", n + 1),
    });
    event.detail = Detail::Waiver {
        rule: waiver.rule.clone(),
        reason: waiver.reason.clone(),
        approved_by: waiver.approved_by.clone(),
    };
    Some(event)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::RawFile;
    use jiff::civil::date;

    /// A tool with a yearly cost and this `[contract]` (and status).
    fn tool(status: &str, contract: &str) -> String {
        format!(
            "name = \"T\"\nvendor = \"V\"\ncategory = \"c\"\nstatus = \"{status}\"\ndepartment = \"it\"\n\n[cost]\namount = 50\ncurrency = \"USD\"\nperiod = \"month\"\n\n[contract]\n{contract}"
        )
    }

    fn tree(files: &[(&str, String)]) -> Tree {
        let files = files
            .iter()
            .map(|(path, text)| RawFile {
                path: path.to_string(),
                content: Ok(text.clone()),
            })
            .collect();
        crate::loader::load(files, "", &Default::default()).tree
    }

    #[test]
    fn renewals_to_decide_by_the_horizon() {
        let tree = tree(&[
            // Notice by 2027-01-30: within 60 days of 2026-12-01.
            (
                "tools/soon.toml",
                tool(
                    "approved",
                    "renews_on = 2027-03-01\nauto_renews = true\nnotice_days = 30\nseats = 5\n",
                ),
            ),
            // Notice deadline passed, renewal still ahead: still to decide (and first).
            (
                "tools/late.toml",
                tool(
                    "approved",
                    "renews_on = 2026-12-20\nauto_renews = true\nnotice_days = 30\n",
                ),
            ),
            // Ends within the window.
            ("tools/ends.toml", tool("trial", "renews_on = 2027-01-10\n")),
            // A retired tool that still renews costs money too.
            (
                "tools/old.toml",
                tool("retired", "renews_on = 2027-01-05\nauto_renews = true\n"),
            ),
            // Too far, or already over.
            (
                "tools/later.toml",
                tool(
                    "approved",
                    "renews_on = 2027-06-01\nauto_renews = true\nnotice_days = 30\n",
                ),
            ),
            (
                "tools/over.toml",
                tool("approved", "renews_on = 2026-11-01\n"),
            ),
            ("tools/seats.toml", tool("approved", "seats = 3\n")),
        ]);
        let found = renewals_to_decide(&tree, date(2026, 12, 1), 60);
        let summary: Vec<(&str, Date, Option<Date>)> = found
            .iter()
            .map(|r| (r.tool.as_str(), r.decide_by(), r.notice_by))
            .collect();
        assert_eq!(
            summary,
            [
                ("late", date(2026, 11, 20), Some(date(2026, 11, 20))),
                ("old", date(2027, 1, 5), None),
                ("ends", date(2027, 1, 10), None),
                ("soon", date(2027, 1, 30), Some(date(2027, 1, 30))),
            ]
        );
        let soon = &found[3];
        assert_eq!(soon.per_year, Some(600.into()));
        assert_eq!((soon.seats, soon.seats_used), (Some(5), None));
        assert!(soon.auto_renews);
    }

    #[test]
    fn uids_encode_everything_but_a_safe_set() {
        assert_eq!(encode("renewal/tools/zoom.toml"), "renewal/tools/zoom.toml");
        assert_eq!(
            encode("waiver-expiry/tools/a b.toml#tool/no-owner~2"),
            "waiver-expiry/tools/a%20b.toml%23tool/no-owner%7E2"
        );
        assert_eq!(encode("x\r\n;,é"), "x%0D%0A%3B%2C%C3%A9");
        // Distinct inputs stay distinct: '%' itself is encoded.
        assert_ne!(encode("a%20b"), encode("a b"));
    }
}
