//! The people report, the hand-over checklist: what each person heads, owns, backs up,
//! administers and approves. Apart from the other kinds because it gathers from every kind of
//! file (org.toml, tools, policies, waivers) in one pass.

use std::collections::{BTreeSet, HashMap};

use jiff::civil::Date;
use serde::Serialize;

use crate::model::{Tool, Tree};

/// What each person answers for: the checklist for when someone leaves.
#[derive(Debug, Clone, Serialize)]
pub struct PeopleReport {
    /// The date that decides who has left (YYYY-MM-DD).
    pub today: String,
    /// People who have left and still hold something first, then everyone else; each group
    /// by id.
    pub people: Vec<PersonRow>,
}

/// One person and what they answer for.
#[derive(Debug, Clone, Serialize)]
pub struct PersonRow {
    pub id: String,
    pub name: Option<String>,
    pub department: Option<String>,
    pub department_name: Option<String>,
    pub github: Option<String>,
    /// The day they left (YYYY-MM-DD), when org.toml says so.
    pub left: Option<String>,
    /// Whether they have left by the report's date.
    pub has_left: bool,
    /// Departments they lead.
    pub heads: Vec<Held>,
    /// Tools in use they own.
    pub owns: Vec<Held>,
    /// Tools in use they are the backup owner of.
    pub backs_up: Vec<Held>,
    /// Tools in use they hold administrator access to.
    pub administers: Vec<Held>,
    /// Policies not retired that a department they lead approves (`via` names it), and
    /// waivers that name them (or a department they lead) as the approver.
    pub approves: Vec<Held>,
    /// How many distinct tools they own, back up or administer: what to hand over.
    pub tools_to_hand_over: usize,
}

impl PersonRow {
    /// Whether they answer for nothing.
    pub fn holds_nothing(&self) -> bool {
        self.heads.is_empty()
            && self.owns.is_empty()
            && self.backs_up.is_empty()
            && self.administers.is_empty()
            && self.approves.is_empty()
    }
}

/// One thing a person answers for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Held {
    /// `department`, `tool`, `policy` or `waiver`.
    pub kind: &'static str,
    /// The department, tool or policy id; for a waiver, the rule it excuses.
    pub id: String,
    pub name: Option<String>,
    /// The file, relative to the tree root (`org.toml` for a department).
    pub path: String,
    /// For an approval: the department they approve for, when they approve as its head.
    pub via: Option<String>,
    pub via_name: Option<String>,
}

/// Every person in org.toml (or only `person`) and what they answer for on `today`.
pub fn people_report(tree: &Tree, today: Date, person: Option<&str>) -> PeopleReport {
    let Some(org) = &tree.org else {
        return PeopleReport {
            today: today.to_string(),
            people: Vec::new(),
        };
    };
    let department_name = |id: &str| tree.department(id).and_then(|d| d.name.clone());
    // Who holds what, found in one pass over the tree (not once per person: a registry can
    // have thousands of both).
    let mut owners: HashMap<&str, Vec<Held>> = HashMap::new();
    let mut backups: HashMap<&str, Vec<Held>> = HashMap::new();
    let mut admins: HashMap<&str, Vec<Held>> = HashMap::new();
    for tool in tree.tools.values().filter(|t| !t.is_retired()) {
        if let Some(owner) = tool.owner.as_deref() {
            owners.entry(owner).or_default().push(held_tool(tool));
        }
        if let Some(backup) = tool.backup_owner.as_deref() {
            backups.entry(backup).or_default().push(held_tool(tool));
        }
        let mut seen = BTreeSet::new();
        for (admin, _) in tool.admins.iter().filter(|(a, _)| seen.insert(a.as_str())) {
            admins.entry(admin).or_default().push(held_tool(tool));
        }
    }
    // Approvals, by the department or person that gives them.
    let mut approvals: HashMap<&str, Vec<Held>> = HashMap::new();
    for policy in tree
        .policies
        .values()
        .filter(|p| p.status.as_deref() != Some("retired"))
    {
        let mut seen = BTreeSet::new();
        for (department, _) in policy.approved_by() {
            if !seen.insert(department.clone()) {
                continue;
            }
            let Some((key, _)) = org.departments.get_key_value(&department) else {
                continue;
            };
            approvals.entry(key).or_default().push(Held {
                kind: "policy",
                id: policy.entity.id.clone(),
                name: policy.title.clone(),
                path: policy.entity.path.clone(),
                via: None,
                via_name: None,
            });
        }
    }
    for entity in tree.entities() {
        for waiver in &entity.waivers {
            let (Some(approver), Some(rule)) = (&waiver.approved_by, &waiver.rule) else {
                continue;
            };
            approvals.entry(approver).or_default().push(Held {
                kind: "waiver",
                id: rule.clone(),
                name: None,
                path: entity.path.clone(),
                via: None,
                via_name: None,
            });
        }
    }
    let take = |map: &HashMap<&str, Vec<Held>>, id: &str| map.get(id).cloned().unwrap_or_default();
    let mut people: Vec<PersonRow> =
        org.people
            .values()
            .filter(|p| person.is_none_or(|wanted| p.id == wanted))
            .map(|p| {
                let heads: Vec<&crate::model::Department> = org
                    .departments
                    .values()
                    .filter(|d| d.head.as_deref() == Some(p.id.as_str()))
                    .collect();
                let owns = take(&owners, &p.id);
                let backs_up = take(&backups, &p.id);
                let administers = take(&admins, &p.id);
                let mut approves = take(&approvals, &p.id);
                for department in &heads {
                    approves.extend(take(&approvals, &department.id).into_iter().map(|held| {
                        Held {
                            via: Some(department.id.clone()),
                            via_name: department.name.clone(),
                            ..held
                        }
                    }));
                }
                approves.sort_by(|a, b| (a.kind, &a.path, &a.id).cmp(&(b.kind, &b.path, &b.id)));
                let tools: BTreeSet<&str> = owns
                    .iter()
                    .chain(&backs_up)
                    .chain(&administers)
                    .map(|h| h.id.as_str())
                    .collect();
                PersonRow {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    department: p.department.clone(),
                    department_name: p.department.as_deref().and_then(department_name),
                    github: p.github.clone(),
                    left: p.left.map(|d| d.to_string()),
                    has_left: p.has_left(today),
                    tools_to_hand_over: tools.len(),
                    heads: heads
                        .iter()
                        .map(|d| Held {
                            kind: "department",
                            id: d.id.clone(),
                            name: d.name.clone(),
                            path: org.entity.path.clone(),
                            via: None,
                            via_name: None,
                        })
                        .collect(),
                    owns,
                    backs_up,
                    administers,
                    approves,
                }
            })
            .collect();
    // Those who have left and still hold something first (false sorts before true).
    people.sort_by_key(|p| !p.has_left || p.holds_nothing());
    PeopleReport {
        today: today.to_string(),
        people,
    }
}

fn held_tool(tool: &Tool) -> Held {
    Held {
        kind: "tool",
        id: tool.entity.id.clone(),
        name: tool.name.clone(),
        path: tool.entity.path.clone(),
        via: None,
        via_name: None,
    }
}
