//! `steward review`: the policies and tools whose review is overdue or falls due soon, grouped
//! by owning department, with who should attend and, for each, what changed since it was last
//! reviewed (the semantic diff from the revision where its `last_reviewed` was last set) and
//! its open findings.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use jiff::civil::Date;
use serde::Serialize;

use crate::config::Config;
use crate::diff::{ChangeKind, EntityChange, Names, entity_change};
use crate::document::{Document, SourceFile};
use crate::error::Error;
use crate::layout::Kind;
use crate::lint::Report;
use crate::model::{Entity, Tree};
use crate::source::{FileAt, FileProblem, HistoryReader, Oid, Repo};

#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub version: u32,
    pub today: String,
    pub within_days: i64,
    pub departments: Vec<DepartmentReview>,
    /// Contracts whose notice deadline (or renewal) falls in the same window: the committee
    /// decides to renew or to give notice.
    pub renewals: Vec<RenewalItem>,
    /// Display names for ids, for renderers. Not part of the JSON.
    #[serde(skip)]
    pub names: Names,
}

#[derive(Debug, Clone, Serialize)]
pub struct DepartmentReview {
    pub department: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub kind: Kind,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Relative to the tree root.
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_reviewed: Option<String>,
    /// When the review is (or was) due; absent when it has never been reviewed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// Days until the review is due; negative when overdue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i64>,
    pub overdue: bool,
    pub attendees: Vec<Attendee>,
    /// The commit where `last_reviewed` was last set, and its date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewed_in: Option<Reviewed>,
    /// What changed since then (absent when nothing did or history is unavailable).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<EntityChange>,
    /// The clause changes among them, worded for the committee. Not part of the JSON.
    #[serde(skip)]
    pub clause_wording: Vec<crate::decision::Point>,
    /// Why the history could not be shown, when it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history_note: Option<String>,
    pub findings: Vec<crate::finding::FindingRecord<'static>>,
}

/// A contract to renew or cancel, on the agenda.
#[derive(Debug, Clone, Serialize)]
pub struct RenewalItem {
    pub tool: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The owning department's name (else its id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    pub renews_on: String,
    pub auto_renews: bool,
    /// The last day to give notice, when the contract renews by itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice_by: Option<String>,
    /// What one more year costs, in words ("$1,200 a year"), when steward can read it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_year: Option<String>,
    /// Days from the packet's date to the day to decide by (negative once it has passed).
    pub days_to_decide: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reviewed {
    pub commit: String,
    pub date: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Attendee {
    pub role: String,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Where to look for the history of each item.
pub struct History<'a> {
    pub repo: &'a Repo,
    pub head: Oid,
    /// The tree's folder inside the repository (`""` for the top).
    pub root: &'a str,
}

/// Builds the review packet from the current tree and its lint report. Fails only when the
/// repository is damaged (an object the history needs is missing or corrupt).
pub fn review(
    tree: &Tree,
    report: &Report,
    config: &Config,
    today: Date,
    within_days: i64,
    history: Result<&History<'_>, String>,
) -> Result<Review, Error> {
    let horizon = crate::model::add_days(today, within_days);
    let mut by_department: BTreeMap<String, Vec<Item>> = BTreeMap::new();
    let names = Names::of_tree(tree);
    let candidates: Vec<Candidate<'_>> = due_items(tree, config)
        .into_iter()
        .filter(|c| c.schedule.due().is_none_or(|d| d <= horizon))
        .collect();
    let found = match &history {
        Ok(history) => {
            let entities: Vec<&Entity> = candidates.iter().map(|c| c.entity).collect();
            last_set_all(history, &entities, config.max_file_bytes)?
        }
        Err(note) => vec![Err(note.clone()); candidates.len()],
    };
    for (candidate, found) in candidates.into_iter().zip(found) {
        let due = candidate.schedule.due();
        let entity = candidate.entity;
        let (reviewed_in, changes, history_note) = match found {
            Ok(Some((reviewed, before))) => {
                let change = entity_change(ChangeKind::Modified, entity, Some(&before));
                let changed = !change.fields.is_empty() || !change.clauses.is_empty();
                (Some(reviewed), changed.then_some(change), None)
            }
            Ok(None) => (
                None,
                None,
                Some(
                    "its review date is not in the git history yet (changed since the last commit)"
                        .to_string(),
                ),
            ),
            Err(note) => (None, None, Some(note)),
        };
        let findings = report
            .findings
            .iter()
            .filter(|f| f.subject.entity == entity.path)
            .map(|f| crate::finding::FindingRecord::from(f).into_owned())
            .collect();
        let clause_wording = changes
            .as_ref()
            .map(|c| crate::decision::clause_points(tree.policies.get(&entity.id), c))
            .unwrap_or_default();
        let item = Item {
            clause_wording,
            kind: entity.kind,
            id: entity.id.clone(),
            name: ["/name", "/title"].iter().find_map(|p| entity.str(p)),
            path: entity.path.clone(),
            last_reviewed: entity.date("/last_reviewed").map(|d| d.to_string()),
            due: due.map(|d| d.to_string()),
            days_left: due.map(|d| (d - today).get_days().into()),
            overdue: due.is_none_or(|d| d < today),
            attendees: attendees(tree, &candidate),
            reviewed_in,
            changes,
            history_note,
            findings,
        };
        by_department
            .entry(candidate.department.unwrap_or_default())
            .or_default()
            .push(item);
    }
    let departments = by_department
        .into_iter()
        .map(|(department, mut items)| {
            items.sort_by(|a, b| {
                (a.due.is_some(), &a.due, a.kind, &a.id).cmp(&(
                    b.due.is_some(),
                    &b.due,
                    b.kind,
                    &b.id,
                ))
            });
            DepartmentReview {
                name: names.departments.get(&department).cloned(),
                department,
                items,
            }
        })
        .collect();
    Ok(Review {
        version: 1,
        today: today.to_string(),
        within_days,
        departments,
        renewals: renewals(tree, today, within_days),
        names,
    })
}

/// The contracts to decide on in the packet's window, soonest deadline first.
fn renewals(tree: &Tree, today: Date, within_days: i64) -> Vec<RenewalItem> {
    crate::calendar::renewals_to_decide(tree, today, within_days)
        .into_iter()
        .map(|renewal| RenewalItem {
            days_to_decide: crate::model::days_between(today, renewal.decide_by()),
            department: renewal.department.as_deref().map(|d| {
                tree.department(d)
                    .and_then(|dept| dept.name.clone())
                    .unwrap_or_else(|| d.to_string())
            }),
            per_year: renewal.per_year.map(|amount| {
                crate::words::money_per_period(amount, renewal.currency.as_deref(), Some("year"))
            }),
            renews_on: renewal.renews_on.to_string(),
            auto_renews: renewal.auto_renews,
            notice_by: renewal.notice_by.map(|d| d.to_string()),
            name: renewal.name,
            tool: renewal.tool,
        })
        .collect()
}

struct Candidate<'t> {
    entity: &'t Entity,
    department: Option<String>,
    /// When its review falls due (the same schedule the overdue rules use).
    schedule: crate::model::ReviewSchedule,
    people: Vec<(&'static str, String)>,
    departments: Vec<(&'static str, String)>,
}

/// Active policies and tools in use, with what their review date counts from.
fn due_items<'t>(tree: &'t Tree, config: &Config) -> Vec<Candidate<'t>> {
    let mut out = Vec::new();
    for tool in tree.tools.values().filter(|t| !t.is_retired()) {
        let mut people = Vec::new();
        people.extend(tool.owner.clone().map(|o| ("owner", o)));
        people.extend(tool.backup_owner.clone().map(|o| ("backup owner", o)));
        out.push(Candidate {
            entity: &tool.entity,
            department: tool.department.clone(),
            schedule: tool.review_schedule(config.tool_review_months),
            people,
            departments: tool
                .department
                .clone()
                .map(|d| ("the owning department", d))
                .into_iter()
                .collect(),
        });
    }
    for policy in tree.policies.values().filter(|p| p.is_active()) {
        let mut departments: Vec<(&'static str, String)> = policy
            .owner
            .clone()
            .map(|d| ("the owning department", d))
            .into_iter()
            .collect();
        departments.extend(
            policy
                .approved_by()
                .into_iter()
                .map(|(d, _)| ("an approver", d)),
        );
        out.push(Candidate {
            entity: &policy.entity,
            department: policy.owner.clone(),
            schedule: policy.review_schedule(config.policy_review_months),
            people: Vec::new(),
            departments,
        });
    }
    out
}

/// Who should attend: the named people, then each department's head (once each).
fn attendees(tree: &Tree, candidate: &Candidate<'_>) -> Vec<Attendee> {
    let mut out: Vec<Attendee> = Vec::new();
    let mut push = |role: String, id: String| {
        if !out.iter().any(|a| a.id == id) {
            let name = tree.person(&id).and_then(|p| p.name.clone());
            out.push(Attendee { role, id, name });
        }
    };
    for (role, id) in &candidate.people {
        push(role.to_string(), id.clone());
    }
    for (role, department) in &candidate.departments {
        if let Some(head) = tree.department(department).and_then(|d| d.head.clone()) {
            let dept_name = tree
                .department(department)
                .and_then(|d| d.name.clone())
                .unwrap_or_else(|| department.clone());
            push(format!("head of {dept_name}, {role}"), head);
        }
    }
    out
}

/// For each entity, walks back from HEAD to the oldest commit of the newest run in which its
/// `last_reviewed` has its current value: the revision where it was last set. At each step
/// the first parent with the same value is followed (the first parent first, so a merged
/// pull request is entered only when the value was set inside it). Returns that commit and
/// the entity as it was there, or why the history cannot say (`Err(note)`).
///
/// The entities walk together: the ones at the same commit share its reading (the commit,
/// its parents' trees), so a packet of 500 items over 5,000 commits reads each commit about
/// once, not 500 times. Each entity's walk, and so its answer, is the one it would take alone.
/// `Err` when the repository is damaged.
fn last_set_all(
    history: &History<'_>,
    entities: &[&Entity],
    max_file_bytes: u64,
) -> Result<Vec<LastSet>, Error> {
    if entities.is_empty() {
        return Ok(Vec::new());
    }
    let repo = history.repo;
    if let Err(e) = repo.commit_info(history.head) {
        let note = format!("the git history could not be read: {e}");
        return Ok(vec![Err(note); entities.len()]);
    }
    let mut answers: Vec<Option<LastSet>> = vec![None; entities.len()];
    let mut walk = Walk {
        history,
        reader: repo.history(history.root),
        parsed: HashMap::new(),
        max_file_bytes,
    };
    let current: Vec<Option<serde_json::Value>> = entities
        .iter()
        .map(|e| e.doc.get("/last_reviewed").map(|v| v.to_value()))
        .collect();
    // What a version tells entity `i`'s walk: stop (too large to read), go on (the same
    // review date), or that it was set after this version.
    let seen = |i: usize, version: Version| match version {
        Version::TooLarge {
            commit,
            size,
            limit,
        } => Seen::Unreadable(too_large(commit, size, limit)),
        Version::Parsed(ref doc)
            if doc.get("/last_reviewed").map(|v| v.to_value()) == current[i] =>
        {
            Seen::Same(version)
        }
        _ => Seen::Other,
    };
    // Where each entity still walking stands, grouped by commit: the entity and its version
    // there.
    let mut frontier: BTreeMap<Oid, Vec<(usize, Version)>> = BTreeMap::new();
    let head_tree = walk.reader.tree_of(history.head)?;
    for (i, entity) in entities.iter().enumerate() {
        match seen(i, walk.version_at(history.head, head_tree, i, entity)?) {
            Seen::Unreadable(note) => answers[i] = Some(Err(note)),
            Seen::Same(version) => frontier.entry(history.head).or_default().push((i, version)),
            Seen::Other => answers[i] = Some(Ok(None)),
        }
    }
    // A history is finite, but a hostile one could be long: bound the walk.
    for _ in 0..1_000_000 {
        if frontier.is_empty() {
            break;
        }
        let mut next: BTreeMap<Oid, Vec<(usize, Version)>> = BTreeMap::new();
        for (commit, walking) in std::mem::take(&mut frontier) {
            let parents = repo.parents(commit)?;
            if parents.boundary {
                // The value may have been set before the clone's history starts.
                let note = format!(
                    "the history before commit {} is not in this clone (it is shallow), so the commit that set its review date is not known",
                    &commit.to_string()[..10]
                );
                for (i, _) in walking {
                    answers[i] = Some(Err(note.clone()));
                }
                continue;
            }
            let mut staying = walking;
            for parent in parents.ids {
                if staying.is_empty() {
                    break;
                }
                let tree = walk.reader.tree_of(parent)?;
                let mut still = Vec::new();
                for (i, here) in staying {
                    match seen(i, walk.version_at(parent, tree, i, entities[i])?) {
                        Seen::Unreadable(note) => answers[i] = Some(Err(note)),
                        Seen::Same(version) => next.entry(parent).or_default().push((i, version)),
                        Seen::Other => still.push((i, here)),
                    }
                }
                staying = still;
            }
            for (i, here) in staying {
                answers[i] = Some(set_at(repo, commit, here, entities[i]));
            }
        }
        walk.reader.next_commit();
        frontier = next;
    }
    // Past the bound: where each one stands.
    for (commit, walking) in frontier {
        for (i, here) in walking {
            answers[i] = Some(set_at(repo, commit, here, entities[i]));
        }
    }
    Ok(answers
        .into_iter()
        .map(|answer| answer.unwrap_or(Ok(None)))
        .collect())
}

/// What the history says of one entity: the revision where its review date was last set and
/// the entity there, `None` when it is not in the history yet, or why the history cannot say.
type LastSet = Result<Option<(Reviewed, Entity)>, String>;

/// The answer for an entity whose walk ended at `commit`.
fn set_at(repo: &Repo, commit: Oid, version: Version, entity: &Entity) -> LastSet {
    let Version::Parsed(doc) = version else {
        return Ok(None);
    };
    let info = match repo.commit_info(commit) {
        Ok(info) => info,
        Err(e) => return Err(format!("the git history could not be read: {e}")),
    };
    let before = Entity::new(entity.kind, &entity.id, &entity.path, doc);
    Ok(Some((
        Reviewed {
            commit: commit.to_string(),
            date: info.date,
        },
        before,
    )))
}

fn too_large(commit: Oid, size: u64, limit: u64) -> String {
    format!(
        "its version at commit {} is {size} bytes, over the limit of {limit} bytes (max_file_bytes), so it was not read",
        &commit.to_string()[..10]
    )
}

/// What one version of its file tells an entity's walk back.
enum Seen {
    /// Too large to read: the walk stops and says so.
    Unreadable(String),
    /// The same review date: the walk goes on from here.
    Same(Version),
    /// Another date, or no usable file: the date was set after this version.
    Other,
}

/// The entity's file at one commit.
enum Version {
    Parsed(Arc<Document>),
    /// Absent, or not a file steward reads (a link out of the tree), or not TOML.
    Unusable,
    /// Larger than `max_file_bytes`: not read.
    TooLarge {
        commit: Oid,
        size: u64,
        limit: u64,
    },
}

/// Reads the versions of entities' files: each blob read and parsed once per entity (two
/// files with the same content are two documents, each with its own path).
struct Walk<'h, 'r> {
    history: &'h History<'r>,
    reader: HistoryReader<'r>,
    /// By blob and the entity's place in the walk.
    parsed: HashMap<(Oid, usize), Option<Arc<Document>>>,
    max_file_bytes: u64,
}

impl Walk<'_, '_> {
    /// The file of `entity` (number `item` of the walk) at `commit`, whose policy tree is
    /// `tree`.
    fn version_at(
        &mut self,
        commit: Oid,
        tree: Option<Oid>,
        item: usize,
        entity: &Entity,
    ) -> Result<Version, Error> {
        let Some(tree) = tree else {
            return Ok(Version::Unusable);
        };
        let blob = match self.reader.file_at(tree, &entity.path, commit)? {
            FileAt::Blob(blob) => blob,
            FileAt::Absent | FileAt::Problem(_) => return Ok(Version::Unusable),
        };
        let key = (blob, item);
        if let Some(doc) = self.parsed.get(&key) {
            return Ok(doc.clone().map_or(Version::Unusable, Version::Parsed));
        }
        let root = if self.history.root.is_empty() {
            String::new()
        } else {
            format!("{}/", self.history.root)
        };
        let at = || {
            format!(
                "{root}{} at commit {}",
                entity.path,
                &commit.to_string()[..10]
            )
        };
        let doc = match self.history.repo.read_text(blob, self.max_file_bytes, at)? {
            Ok(text) => {
                let source = Arc::new(SourceFile::new(entity.doc.source.path.clone(), &text));
                Document::parse(source).ok().map(Arc::new)
            }
            Err(FileProblem::TooLarge { size, limit }) => {
                return Ok(Version::TooLarge {
                    commit,
                    size,
                    limit,
                });
            }
            Err(_) => None,
        };
        self.parsed.insert(key, doc.clone());
        Ok(doc.map_or(Version::Unusable, Version::Parsed))
    }
}
