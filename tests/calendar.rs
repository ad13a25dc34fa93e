//! `steward calendar` (issue 17): the iCalendar file read back by a real parser (the
//! `icalendar` crate's) and compared event by event with the JSON form; stable UIDs across
//! runs and edits; deterministic stamps; hostile text from the tree; `--from`, `--to` and
//! `--output`; and a snapshot of the markdown.

mod common;
mod contract_tree;

use std::str::FromStr;

use chrono::NaiveDate;
use icalendar::{Calendar, Component, DatePerhapsTime};
use serde_json::Value;

use common::{TOOL_PATH, Tree};
use contract_tree::{DONE_WHEN_TODAY, contracts_tree};

/// `steward calendar ARGS` in the tree: (stdout, stderr, exit code).
fn calendar(tree: &Tree, args: &[&str]) -> (String, String, i32) {
    let output = tree
        .steward()
        .arg("calendar")
        .args(args)
        .output()
        .expect("run steward calendar");
    (
        String::from_utf8(output.stdout).expect("UTF-8 output"),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().expect("an exit code"),
    )
}

fn ics(tree: &Tree, today: &str) -> String {
    let (text, stderr, code) = calendar(tree, &["--format", "ics", "--today", today]);
    assert_eq!(code, 0, "{stderr}");
    text
}

fn json(tree: &Tree, today: &str) -> Value {
    let (text, stderr, code) = calendar(tree, &["--format", "json", "--today", today]);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&text).expect("JSON")
}

/// One event as a calendar application reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Read {
    uid: String,
    start: NaiveDate,
    end: Option<NaiveDate>,
    summary: String,
    description: String,
    stamp: String,
}

/// Parses the file with the icalendar crate's parser, as an importing application would.
fn read_back(text: &str) -> Vec<Read> {
    let parsed = Calendar::from_str(text).expect("the calendar parses");
    parsed
        .events()
        .map(|event| {
            let date = |value: Option<DatePerhapsTime>| match value {
                Some(DatePerhapsTime::Date(date)) => Some(date),
                other => panic!("not an all-day date: {other:?}"),
            };
            Read {
                uid: event.get_uid().expect("a UID").to_string(),
                start: date(event.get_start()).expect("a start"),
                end: event.get_end().and_then(|e| date(Some(e))),
                summary: event.get_summary().expect("a summary").to_string(),
                description: event.get_description().expect("a description").to_string(),
                stamp: event
                    .property_value("DTSTAMP")
                    .expect("DTSTAMP")
                    .to_string(),
            }
        })
        .collect()
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
}

#[test]
fn done_when_every_date_is_an_event_a_calendar_imports() {
    let tree = contracts_tree();
    let text = ics(&tree, DONE_WHEN_TODAY);
    let events = read_back(&text);
    let seen: Vec<(String, &str, &str)> = events
        .iter()
        .map(|e| (e.start.to_string(), e.uid.as_str(), e.summary.as_str()))
        .collect();
    let expected = [
        (
            "2026-11-15",
            "contract-end/tools/survey.toml@steward",
            "The contract for Survey ends",
        ),
        (
            "2026-11-21",
            "notice-deadline/tools/zoom.toml@steward",
            "Last day to give notice to cancel Zoom",
        ),
        (
            "2026-12-16",
            "notice-deadline/tools/mailchimp.toml@steward",
            "Last day to give notice to cancel Mailchimp",
        ),
        (
            "2026-12-21",
            "renewal/tools/zoom.toml@steward",
            "Zoom renews automatically",
        ),
        (
            "2027-01-15",
            "renewal/tools/mailchimp.toml@steward",
            "Mailchimp renews automatically",
        ),
        (
            "2027-06-01",
            "tool-review/tools/chat.toml@steward",
            "Review Chat",
        ),
        (
            "2027-06-01",
            "tool-review/tools/mailchimp.toml@steward",
            "Review Mailchimp",
        ),
        (
            "2027-06-01",
            "tool-review/tools/survey.toml@steward",
            "Review Survey",
        ),
        (
            "2027-06-01",
            "tool-review/tools/zoom.toml@steward",
            "Review Zoom",
        ),
        (
            "2027-06-01",
            "policy-review/technology/acceptable-use.toml@steward",
            "Review the policy Acceptable Use",
        ),
        (
            "2028-05-01",
            "exit-plan-test/tools/chat.toml@steward",
            "Try the exit plan of Chat",
        ),
        (
            "2028-05-01",
            "exit-plan-test/tools/mailchimp.toml@steward",
            "Try the exit plan of Mailchimp",
        ),
        (
            "2028-05-01",
            "exit-plan-test/tools/survey.toml@steward",
            "Try the exit plan of Survey",
        ),
        (
            "2028-05-01",
            "exit-plan-test/tools/zoom.toml@steward",
            "Try the exit plan of Zoom",
        ),
    ];
    let expected: Vec<(String, &str, &str)> = expected
        .iter()
        .map(|(d, u, s)| (d.to_string(), *u, *s))
        .collect();
    assert_eq!(seen, expected);
    for event in &events {
        // All-day: the end is the next day (exclusive), the stamp the start of --today.
        assert_eq!(event.end, event.start.succ_opt(), "{}", event.uid);
        assert_eq!(event.stamp, "20261201T000000Z");
    }
    let zoom_notice = &events[1];
    assert_eq!(
        zoom_notice.description,
        "The last day to give notice to cancel Zoom was 21 November 2026; unless the vendor agrees otherwise, it renews on 21 December 2026 for $2,400 a year. Reference PO-2025-117.\n\nOwner: Ana Lima (ana)\n\nTechnical details: policies/tools/zoom.toml (contract.notice_days), notice-deadline. Written by steward on 2026-12-01."
    );
    let survey_end = &events[0];
    assert!(
        survey_end.description.starts_with(
            "The contract for Survey ended on 15 November 2026: renew it for $300 a year, or retire the tool and move its data out."
        ),
        "{}",
        survey_end.description
    );
}

#[test]
fn ics_and_json_hold_the_same_events() {
    let tree = contracts_tree();
    let events = read_back(&ics(&tree, DONE_WHEN_TODAY));
    let doc = json(&tree, DONE_WHEN_TODAY);
    let listed = doc["events"].as_array().expect("events");
    assert_eq!(events.len(), listed.len());
    for (read, listed) in events.iter().zip(listed) {
        assert_eq!(read.uid, listed["uid"]);
        assert_eq!(read.start.to_string(), listed["date"]);
        assert_eq!(read.summary, listed["title"]);
        assert!(
            read.description
                .starts_with(listed["description"].as_str().expect("a description")),
            "{}",
            read.uid
        );
    }
    // A notice deadline's typed fields.
    let zoom = &listed[1];
    assert_eq!(zoom["type"], "notice-deadline");
    assert_eq!(zoom["entity"]["kind"], "tool");
    assert_eq!(zoom["entity"]["file"], "policies/tools/zoom.toml");
    assert_eq!(zoom["entity"]["field"], "/contract/notice_days");
    assert_eq!(zoom["owner"]["name"], "Ana Lima");
    assert_eq!(zoom["owner"]["kind"], "person");
    assert_eq!(zoom["renews_on"], "2026-12-21");
    assert_eq!(zoom["notice_by"], "2026-11-21");
    assert_eq!(zoom["cost_per_year"], 2400);
    assert_eq!(zoom["currency"], "USD");
    assert_eq!(zoom["reference"], "PO-2025-117");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["today"], DONE_WHEN_TODAY);
}

#[test]
fn uids_are_stable_across_runs_and_edits() {
    let tree = contracts_tree();
    let uids = |events: &[Read]| {
        let mut uids: Vec<String> = events.iter().map(|e| e.uid.clone()).collect();
        uids.sort();
        uids
    };
    let before = read_back(&ics(&tree, DONE_WHEN_TODAY));
    // Two runs on the same day give the same file.
    assert_eq!(ics(&tree, DONE_WHEN_TODAY), ics(&tree, DONE_WHEN_TODAY));
    // Another day: after Zoom renewed, its dates move on a term; the UIDs stay.
    let later = read_back(&ics(&tree, "2027-01-05"));
    assert_eq!(uids(&before), uids(&later));
    let renewal = |events: &[Read]| {
        events
            .iter()
            .find(|e| e.uid == "renewal/tools/zoom.toml@steward")
            .expect("the Zoom renewal")
            .start
    };
    assert_eq!(renewal(&before), day("2026-12-21"));
    assert_eq!(renewal(&later), day("2027-12-21"));
    // Editing the date keeps the UID, so a re-import moves the event.
    let tree = tree.edit(
        "policies/tools/mailchimp.toml",
        "renews_on = 2027-01-15",
        "renews_on = 2027-02-15",
    );
    let edited = read_back(&ics(&tree, DONE_WHEN_TODAY));
    assert_eq!(uids(&before), uids(&edited));
    assert!(
        edited.iter().any(
            |e| e.uid == "renewal/tools/mailchimp.toml@steward" && e.start == day("2027-02-15")
        )
    );
}

#[test]
fn the_file_is_rfc_5545_text() {
    let text = ics(&contracts_tree(), DONE_WHEN_TODAY);
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "longer than 75 octets: {line:?}");
        assert!(!line.contains(['\r', '\n']), "a bare line break: {line:?}");
    }
    for property in [
        "VERSION:2.0",
        "PRODID:-//steward//steward calendar//EN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:steward: Test Org",
        "DTSTART;VALUE=DATE:20261115",
        "DTEND;VALUE=DATE:20261116",
        "TRANSP:TRANSPARENT",
        "CATEGORIES:Contracts",
    ] {
        assert!(text.contains(&format!("\r\n{property}\r\n")), "{property}");
    }
}

#[test]
fn waivers_and_never_reviewed_items() {
    let tree = Tree::baseline()
        .edit(TOOL_PATH, "last_reviewed = 2026-06-01\n", "")
        .edit(TOOL_PATH, "approved_on = 2025-01-10\n", "")
        .append(
            TOOL_PATH,
            "\n[[waiver]]\nrule = \"tool/no-backup-owner\"\nreason = \"Hiring a second admin\"\nexpires = 2027-01-31\napproved_by = \"it\"\n\n[[waiver]]\nrule = \"tool/no-backup-owner\"\nreason = \"A second waiver of the same rule\"\nexpires = 2027-02-28\n",
        );
    let doc = json(&tree, common::TODAY);
    let events = doc["events"].as_array().expect("events");
    let find = |uid: &str| {
        events
            .iter()
            .find(|e| e["uid"] == uid)
            .unwrap_or_else(|| panic!("no {uid} in {doc:#}"))
    };
    // Never reviewed, never approved: due today.
    let review = find("tool-review/tools/chat.toml@steward");
    assert_eq!(review["date"], common::TODAY);
    assert_eq!(
        review["description"],
        "Chat has never been reviewed: check it is still needed, has the right owner, and that its exit plan still works."
    );
    let waiver = find("waiver-expiry/tools/chat.toml%23tool/no-backup-owner@steward");
    assert_eq!(waiver["date"], "2027-01-31");
    assert_eq!(waiver["rule"], "tool/no-backup-owner");
    assert_eq!(waiver["approved_by"], "it");
    assert_eq!(waiver["entity"]["field"], "/waiver/0/expires");
    assert_eq!(
        waiver["description"],
        "The exception for Chat (\"Hiring a second admin\") ends: after this day the problem is reported again, unless it is fixed or the exception is renewed."
    );
    let second = find("waiver-expiry/tools/chat.toml%23tool/no-backup-owner%7E2@steward");
    assert_eq!(second["date"], "2027-02-28");
}

#[test]
fn hostile_text_stays_text() {
    let name = "Evil\r\nBEGIN:VEVENT\r\nSUMMARY:injected <img src=x onerror=alert(1)>, a; b \\ c \u{202E}gnp.exe";
    let long = "x".repeat(300_000);
    let tree = Tree::baseline()
        .edit(
            TOOL_PATH,
            "name = \"Chat\"",
            &format!("name = {}", toml_string(name)),
        )
        .file(
            "policies/tools/long.toml",
            &common::TOOL.replace("name = \"Chat\"", &format!("name = \"{long}\"")),
        );
    let started = std::time::Instant::now();
    let text = ics(&tree, common::TODAY);
    assert!(
        started.elapsed().as_secs() < 10,
        "took {:?}",
        started.elapsed()
    );
    assert!(
        !text.contains('<') && !text.contains('>'),
        "markup in the file"
    );
    assert!(!text.contains('\u{202E}'));
    assert!(text.len() < 20_000, "{} bytes", text.len());
    let events = read_back(&text);
    // Exactly the events of two tools and a policy: nothing was injected.
    assert_eq!(events.len(), 5, "{text}");
    let review = events
        .iter()
        .find(|e| e.uid == "tool-review/tools/chat.toml@steward")
        .expect("the review of the hostile tool");
    assert_eq!(
        review.summary,
        "Review Evil BEGIN:VEVENT SUMMARY:injected ‹img src=x onerror=alert(1)›, a; b \\ c gnp.exe"
    );
    let long_review = events
        .iter()
        .find(|e| e.uid == "tool-review/tools/long.toml@steward")
        .expect("the review of the tool with a long name");
    assert_eq!(long_review.summary, format!("Review {}…", "x".repeat(120)));
    // Markdown escapes it too.
    let (markdown, _, code) = calendar(&tree, &["--today", common::TODAY]);
    assert_eq!(code, 0);
    assert!(
        !markdown.contains("<img") && !markdown.contains('\r'),
        "{markdown}"
    );
}

/// A TOML basic string holding any text.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

#[test]
fn from_and_to_keep_the_dates_between() {
    let tree = contracts_tree();
    let (text, _, code) = calendar(
        &tree,
        &[
            "--format",
            "json",
            "--today",
            DONE_WHEN_TODAY,
            "--from",
            "2026-12-01",
            "--to",
            "2027-01-15",
        ],
    );
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    let dates: Vec<&str> = doc["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["date"].as_str().expect("a date"))
        .collect();
    assert_eq!(dates, ["2026-12-16", "2026-12-21", "2027-01-15"]);
    assert_eq!(
        (doc["from"].as_str(), doc["to"].as_str()),
        (Some("2026-12-01"), Some("2027-01-15"))
    );
    let (_, stderr, code) = calendar(&tree, &["--from", "2027-02-01", "--to", "2027-01-01"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--from 2027-02-01 is after --to 2027-01-01"),
        "{stderr}"
    );
    let (_, stderr, code) = calendar(&tree, &["--from", "next week"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--from must be a date like 2026-03-31; got \"next week\""),
        "{stderr}"
    );
}

#[test]
fn output_goes_to_a_file_but_never_through_a_link() {
    let tree = contracts_tree();
    let (text, _, code) = calendar(
        &tree,
        &[
            "--format",
            "ics",
            "--today",
            DONE_WHEN_TODAY,
            "--output",
            "steward.ics",
        ],
    );
    assert_eq!((text.as_str(), code), ("", 0));
    let written = std::fs::read_to_string(tree.join("steward.ics")).expect("the file");
    assert_eq!(written, ics(&tree, DONE_WHEN_TODAY));
    #[cfg(unix)]
    {
        std::fs::write(tree.join("victim.txt"), "keep me").expect("write");
        std::os::unix::fs::symlink(tree.join("victim.txt"), tree.join("link.ics")).expect("link");
        let (_, _, code) = calendar(&tree, &["--format", "ics", "--output", "link.ics"]);
        assert_eq!(code, 2);
        assert_eq!(
            std::fs::read_to_string(tree.join("victim.txt")).expect("read"),
            "keep me"
        );
    }
}

#[test]
fn markdown_month_by_month() {
    let (text, stderr, code) = calendar(&contracts_tree(), &["--today", DONE_WHEN_TODAY]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("calendar_done_when_markdown", text);
}

#[test]
fn an_empty_range_says_so() {
    let (text, _, code) = calendar(
        &contracts_tree(),
        &[
            "--today",
            DONE_WHEN_TODAY,
            "--from",
            "2030-01-01",
            "--to",
            "2030-12-31",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(
        text,
        "# Calendar\n\nFrom 1 January 2030 to 31 December 2030: no dates.\n\n"
    );
}

#[test]
fn the_sample_tree_has_its_renewals_in_the_calendar() {
    let output = common::steward_in(&common::in_repository())
        .args(["calendar", "--format", "ics", "--today", "2026-12-01"])
        .output()
        .expect("run steward");
    assert!(output.status.success());
    let events = read_back(&String::from_utf8(output.stdout).expect("UTF-8"));
    for (uid, date) in [
        ("notice-deadline/tools/zoom.toml@steward", "2027-09-01"),
        ("renewal/tools/zoom.toml@steward", "2027-10-01"),
        (
            "notice-deadline/tools/bloomerang.toml@steward",
            "2027-08-16",
        ),
        ("renewal/tools/bitwarden.toml@steward", "2027-11-07"),
    ] {
        assert!(
            events.iter().any(|e| e.uid == uid && e.start == day(date)),
            "{uid} on {date}"
        );
    }
}
