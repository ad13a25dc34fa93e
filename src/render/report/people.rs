//! `steward report people`: the hand-over checklist (what each person heads, owns, backs up,
//! administers and approves), in the four text formats. Apart from the other kinds because it
//! is sentences and lists per person rather than tables.

use super::{finish_csv, table, versioned_json, write_csv};
use crate::render::markdown::escape;
use crate::render::terminal::finish;
use crate::render::visible::one_line;
use crate::report::{Held, PeopleReport, PersonRow};
use crate::words::count;

/// What a person does with the things they answer for, as the checklist names it.
const ROLES: [&str; 5] = ["heads", "owns", "backs up", "administers", "approves"];

/// Each person who answers for something: a sentence saying what to hand over before they
/// leave (or, for someone who has left, what they still hold), then what they head, own, back
/// up, administer and approve; then, on one line, the people with nothing to hand over.
pub fn people_human(report: &PeopleReport) -> String {
    let mut out = String::from(
        "Hand-over checklist: what each person heads, owns, backs up, administers and approves\n",
    );
    if report.people.is_empty() {
        out.push_str("\nThere is nobody to list (no org.toml, or no such person).\n");
        return finish(&out, false);
    }
    for person in report.people.iter().filter(|p| !p.holds_nothing()) {
        out.push_str(&format!("\n{}\n", one_line(&person_heading(person))));
        out.push_str(&format!("  {}\n", one_line(&hand_over_sentence(person))));
        let rows: Vec<Vec<String>> = roles(person)
            .into_iter()
            .filter(|(_, items)| !items.is_empty())
            .map(|(role, items)| vec![role.to_string(), held_list(items)])
            .collect();
        let text = table(&["".to_string(), "".to_string()], &rows, &[false, false]);
        // The header row is empty: the role names say what each line is.
        for line in text.lines().skip(1) {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
    }
    if let Some(line) = nothing_line(report) {
        out.push('\n');
        out.push_str(&one_line(&line));
        out.push('\n');
    }
    finish(&out, false)
}

/// The same checklist in markdown: a heading per person, a bullet per role; user text
/// escaped.
pub fn people_markdown(report: &PeopleReport) -> String {
    let mut out = String::from(
        "## Hand-over checklist\n\nWhat each person heads, owns, backs up, administers and approves: what to hand over before they leave.\n",
    );
    if report.people.is_empty() {
        out.push_str("\nThere is nobody to list (no org.toml, or no such person).\n");
        return out;
    }
    for person in report.people.iter().filter(|p| !p.holds_nothing()) {
        out.push_str(&format!(
            "\n### {}\n\n{}\n\n",
            escape(&person_heading(person)),
            escape(&hand_over_sentence(person))
        ));
        for (role, items) in roles(person) {
            if !items.is_empty() {
                out.push_str(&format!(
                    "- **{}:** {}\n",
                    crate::words::capitalized(role),
                    escape(&held_list(items))
                ));
            }
        }
    }
    if let Some(line) = nothing_line(report) {
        out.push('\n');
        out.push_str(&escape(&line));
        out.push('\n');
    }
    out
}

/// One row per person and thing they answer for (a person with nothing gets one row with
/// the role empty), so that a spreadsheet can filter by person, role or kind.
pub fn people_csv(report: &PeopleReport) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "person",
        "person_name",
        "department",
        "github",
        "left",
        "role",
        "kind",
        "id",
        "name",
        "path",
        "via",
    ];
    let mut rows: Vec<Vec<String>> = Vec::new();
    for person in &report.people {
        let common = vec![
            person.id.clone(),
            person.name.clone().unwrap_or_default(),
            person.department.clone().unwrap_or_default(),
            person.github.clone().unwrap_or_default(),
            person.left.clone().unwrap_or_default(),
        ];
        if person.holds_nothing() {
            let mut row = common.clone();
            row.extend(std::iter::repeat_n(String::new(), 6));
            rows.push(row);
        }
        for (role, items) in roles(person) {
            for item in items {
                let mut row = common.clone();
                row.extend([
                    role.replace(' ', "_"),
                    item.kind.to_string(),
                    item.id.clone(),
                    item.name.clone().unwrap_or_default(),
                    item.path.clone(),
                    item.via.clone().unwrap_or_default(),
                ]);
                rows.push(row);
            }
        }
    }
    write_csv(&mut writer, &header, &rows);
    finish_csv(writer)
}

/// `{"version": 1, "today", "people": [...]}`.
pub fn people_json(report: &PeopleReport) -> String {
    versioned_json(report)
}

fn roles(person: &PersonRow) -> [(&'static str, &[Held]); 5] {
    [
        (ROLES[0], &person.heads),
        (ROLES[1], &person.owns),
        (ROLES[2], &person.backs_up),
        (ROLES[3], &person.administers),
        (ROLES[4], &person.approves),
    ]
}

/// "Ana Lima (ana), IT".
fn person_heading(person: &PersonRow) -> String {
    let mut text = match &person.name {
        Some(name) => format!("{name} ({})", person.id),
        None => person.id.clone(),
    };
    if let Some(department) = person
        .department_name
        .as_ref()
        .or(person.department.as_ref())
    {
        text.push_str(&format!(", {department}"));
    }
    text
}

fn first_name(person: &PersonRow) -> &str {
    person.name.as_deref().unwrap_or(&person.id)
}

/// "Before Ana Lima leaves: 3 tools to hand over and 1 department to pass on." For someone
/// who has left: "Ana Lima left on 1 March 2026, and still has 3 tools to hand over."
fn hand_over_sentence(person: &PersonRow) -> String {
    let mut parts = Vec::new();
    if person.tools_to_hand_over > 0 {
        parts.push(format!(
            "{} to hand over",
            count(person.tools_to_hand_over as i64, "tool", "tools")
        ));
    }
    if !person.heads.is_empty() {
        parts.push(format!(
            "{} to pass on",
            count(person.heads.len() as i64, "department", "departments")
        ));
    }
    let approvals = person.approves.iter().filter(|a| a.via.is_none()).count();
    if approvals > 0 {
        parts.push(format!(
            "{} they approved themselves",
            count(approvals as i64, "waiver", "waivers")
        ));
    }
    let what = if parts.is_empty() {
        "approvals that pass to the next head of their department".to_string()
    } else {
        crate::rules::tool::join_words(&parts)
    };
    let name = first_name(person);
    if person.has_left {
        let on = person
            .left
            .as_deref()
            .and_then(|d| d.parse().ok())
            .map(|d| format!(" on {}", crate::words::long_date(d)))
            .unwrap_or_default();
        format!("{name} left{on}, and still has {what}.")
    } else {
        format!("Before {name} leaves: {what}.")
    }
}

/// "Chat (chat), Wiki (wiki)". Approvals given as a department's head are grouped under it:
/// "as head of Legal: Privacy (privacy), Data Export (data-export)".
fn held_list(items: &[Held]) -> String {
    let name = |item: &Held| match (item.kind, &item.name) {
        ("waiver", _) => format!("the waiver for {} in {}", item.id, item.path),
        (_, Some(name)) => format!("{name} ({})", item.id),
        (_, None) => item.id.clone(),
    };
    let mut groups: Vec<(Option<&Held>, Vec<String>)> = Vec::new();
    for item in items {
        let key = item.via.as_ref().map(|_| item);
        match groups
            .iter_mut()
            .find(|(via, _)| via.map(|v| &v.via) == key.map(|k| &k.via))
        {
            Some((_, names)) => names.push(name(item)),
            None => groups.push((key, vec![name(item)])),
        }
    }
    groups.sort_by_key(|(via, _)| via.is_some());
    groups
        .into_iter()
        .map(|(via, names)| match via {
            Some(via) => format!(
                "as head of {}: {}",
                via.via_name
                    .as_deref()
                    .or(via.via.as_deref())
                    .unwrap_or_default(),
                names.join(", ")
            ),
            None => names.join(", "),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// "Nothing to hand over: Ben Okoro (ben), Cy (cy)."
fn nothing_line(report: &PeopleReport) -> Option<String> {
    let names: Vec<String> = report
        .people
        .iter()
        .filter(|p| p.holds_nothing())
        .map(|p| match &p.name {
            Some(name) => format!("{name} ({})", p.id),
            None => p.id.clone(),
        })
        .collect();
    (!names.is_empty()).then(|| format!("Nothing to hand over: {}.", names.join(", ")))
}
