//! `steward changelog`: what changed in the policy tree, commit by commit, in plain words.
//!
//! The walk follows first parents (a merged pull request is one entry) and visits only
//! commits whose policy subtree differs from their parent's. Commits are compared with their
//! parents in parallel, by walking both trees and skipping unchanged folders (git's diff, with
//! rename detection, where files were both added and removed). Only the changed blobs are read;
//! each is parsed at most once in the run (by object id, in parallel) and kept only until the
//! last commit that needs it; entity changes come from the same diff code as `steward diff`.
//! All git access (commits, trees, blobs) goes through [`crate::source`], by the rules for
//! entries that `lint --rev` follows: a link is described as the file it leads to (when the
//! link itself changes; a change to that file is described under the file's own name), and
//! in a shallow clone the commit where the history stops has no entry, since what it changed
//! is not known.
//!
//! Why it is long (about 680 lines, and 40 of tests): the walk, the parallel comparison, the
//! parsing of each blob once and the building of entries are one pipeline over the same
//! private records (`Visit`, `Side`, `Content`); split, each step would expose them.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::summary::describe;
use crate::diff::{ChangeKind, EntityChange, Names, entity_change};
use crate::document::{Document, SourceFile};
use crate::error::Error;
use crate::layout::{Kind, Layout, Role};
use crate::model::{Entity, Org};
use crate::source::{
    ChangeStatus, EntryKind, FileAt, FileProblem, HistoryReader, Oid, ParentTree, Repo, Revision,
    TreeChange, TreeFile,
};

/// How entries are grouped into sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    /// A section per tag, newest first, with "Unreleased" on top.
    Tag,
    /// A section per calendar month.
    Month,
    /// A section per commit.
    Commit,
}

#[derive(Debug, Clone, Serialize)]
pub struct Changelog {
    pub version: u32,
    pub sections: Vec<Section>,
    /// Set when the clone is shallow: older history is missing.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub shallow: bool,
    /// In a shallow clone, the commits where its history stops: their parents are not in the
    /// clone, so what they changed is not known and they have no entry.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shallow_boundary: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub commit: String,
    /// The author date, YYYY-MM-DD.
    pub date: String,
    pub author: String,
    /// For a merge commit: the author of the merged branch, who proposed the change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pr: Option<u64>,
    /// The pull request's title when the commit is a GitHub merge or squash merge (see
    /// [`pull_request_title`]), else the commit message's first line.
    pub title: String,
    /// What changed in content, in plain words (the sentences of `lines`, joined).
    pub summary: String,
    /// One plain sentence per change.
    pub lines: Vec<String>,
    /// Entity changes, as in `steward diff --format json`.
    pub changes: Vec<EntityChange>,
    /// Files that could not be read at this revision.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub file: String,
    pub message: String,
}

/// What to walk.
pub struct Options<'a> {
    pub from: Option<Revision>,
    pub to: Revision,
    pub group_by: GroupBy,
    /// Follow first parents only (a merged pull request is one entry); when false, every
    /// commit is visited and compared with its first parent.
    pub first_parent: bool,
    /// The tree's folder inside the repository (`""` for the top).
    pub root: String,
    /// How paths are shown (`policies/`).
    pub prefix: String,
    pub layout: &'a Layout,
    pub max_file_bytes: u64,
    /// Called once per commit processed, for a progress bar.
    pub progress: &'a (dyn Fn(u64, u64) + Sync),
}

/// One changed path in one commit.
#[derive(Debug, Clone)]
struct PathChange {
    status: ChangeStatus,
    old: Option<Side>,
    new: Option<Side>,
}

/// One side of a changed file: its path and what to parse there.
#[derive(Debug, Clone)]
struct Side {
    path: String,
    content: Content,
}

#[derive(Debug, Clone)]
enum Content {
    /// The blob to parse (for a link, the blob of the file it leads to).
    Blob(Oid),
    /// Why the file cannot be used (a link that is not followed).
    Problem(String),
}

/// A commit that touched the tree, before its changes are worked out.
struct Visit {
    section: usize,
    oid: Oid,
    date: String,
    author: String,
    proposer: Option<String>,
    title: String,
    pr: Option<u64>,
    org: Option<Oid>,
    paths: Vec<PathChange>,
}

type Parsed = Result<Arc<Document>, String>;

/// Walks the history and builds the changelog.
pub fn changelog(repo: &Repo, options: &Options<'_>) -> Result<Changelog, Error> {
    let tags = repo.tags_by_commit();
    let oids = repo.commits(&options.to, options.from.as_ref(), options.first_parent)?;
    // Each commit is compared with its parent on its own, so commits are compared in
    // parallel, each thread with its own handle on the repository (a handle is not shared
    // between threads). Order is restored below.
    let opener = repo.opener();
    let chunk = oids.len().div_ceil(rayon::current_num_threads() * 4).max(1);
    let compared: Vec<Comparison> = oids
        .par_chunks(chunk)
        .map(|chunk| {
            let handle = opener.open()?;
            let mut reader = handle.history(&options.root);
            chunk
                .iter()
                .map(|&oid| {
                    let compared = compare(&mut reader, oid, options);
                    reader.next_commit();
                    compared
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect();

    let mut sections: Vec<Section> = Vec::new();
    let mut section_keys: HashMap<String, usize> = HashMap::new();
    let mut visits = Vec::new();
    let mut current_tag: Option<usize> = None;
    let mut shallow_boundary = Vec::new();
    for (oid, compared) in oids.into_iter().zip(compared) {
        if options.group_by == GroupBy::Tag
            && let Some(names) = tags.get(&oid)
        {
            let date = repo.commit_info(oid)?.committed;
            sections.push(Section {
                title: format!("{} ({date})", names.join(", ")),
                tag: Some(names.join(", ")),
                entries: Vec::new(),
            });
            current_tag = Some(sections.len() - 1);
        }
        let touched = match compared {
            Comparison::Changed(touched) => touched,
            Comparison::Unchanged => continue,
            Comparison::Boundary => {
                shallow_boundary.push(oid.to_string());
                continue;
            }
        };
        let section = match options.group_by {
            GroupBy::Tag => match current_tag {
                Some(index) => index,
                None => section_index(&mut sections, &mut section_keys, "Unreleased", "Unreleased"),
            },
            GroupBy::Month => {
                let month = &touched.date[..7];
                section_index(&mut sections, &mut section_keys, month, &month_title(month))
            }
            GroupBy::Commit => {
                let key = oid.to_string();
                let title = format!("{} {}", &key[..10], touched.title);
                section_index(&mut sections, &mut section_keys, &key, &title)
            }
        };
        visits.push(Visit {
            section,
            oid,
            date: touched.date,
            author: touched.author,
            proposer: touched.proposer,
            pr: touched.pr,
            title: touched.title,
            org: touched.org,
            paths: touched.paths,
        });
    }

    // Commits are described a batch at a time, and a parsed file is kept only until the last
    // commit that needs it: memory follows the size of the tree, not the length of the
    // history, and still no file is read or parsed twice.
    let last_use = last_uses(&visits);
    let mut blobs: HashMap<Oid, Parsed> = HashMap::new();
    let mut org_names: HashMap<Oid, Names> = HashMap::new();
    let total = visits.len() as u64;
    let done = std::sync::atomic::AtomicU64::new(0);
    let mut entries: Vec<(usize, Entry)> = Vec::with_capacity(visits.len());
    for (batch, chunk) in visits.chunks(BATCH).enumerate() {
        blobs.extend(parse_blobs(repo, chunk, &blobs, options)?);
        add_org_names(chunk, &blobs, &mut org_names);
        entries.par_extend(chunk.par_iter().map(|visit| {
            let entry = entry(visit, &blobs, &org_names, options);
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            (options.progress)(n, total);
            (visit.section, entry)
        }));
        let next = (batch + 1) * BATCH;
        blobs.retain(|oid, _| last_use.get(oid).is_some_and(|&last| last >= next));
        org_names.retain(|oid, _| last_use.get(oid).is_some_and(|&last| last >= next));
    }
    for (section, entry) in entries {
        if !entry.lines.is_empty() || !entry.problems.is_empty() {
            sections[section].entries.push(entry);
        }
    }
    sections.retain(|s| !s.entries.is_empty());
    Ok(Changelog {
        version: 1,
        sections,
        shallow: repo.is_shallow(),
        shallow_boundary,
    })
}

/// A commit that changed the policy tree: what the walk needs of it.
struct Touched {
    date: String,
    author: String,
    proposer: Option<String>,
    title: String,
    pr: Option<u64>,
    org: Option<Oid>,
    paths: Vec<PathChange>,
}

/// What comparing a commit with its first parent found.
enum Comparison {
    /// No entity file changed.
    Unchanged,
    /// The clone is shallow and holds no parent of the commit: what it changed is not known,
    /// and comparing it with nothing would describe the whole tree as added.
    Boundary,
    Changed(Touched),
}

/// The commit's changes to the tree against its first parent.
fn compare(
    reader: &mut HistoryReader<'_>,
    oid: Oid,
    options: &Options<'_>,
) -> Result<Comparison, Error> {
    let commit = reader.commit(oid)?;
    let (new_tree, old_tree) = match commit.parent {
        ParentTree::Boundary => return Ok(Comparison::Boundary),
        ParentTree::None => (commit.tree, None),
        ParentTree::Tree(parent) => (commit.tree, parent),
    };
    if new_tree == old_tree {
        return Ok(Comparison::Unchanged);
    }
    let layout = options.layout;
    let mut changes = entity_changes(reader.compare(old_tree, new_tree, oid)?, layout);
    let added = changes.iter().any(|c| c.status == ChangeStatus::Added);
    let deleted = changes.iter().any(|c| c.status == ChangeStatus::Deleted);
    // Files both added and removed may be renames, which git's diff detects.
    if added && deleted {
        changes = entity_changes(
            reader.compare_with_renames(old_tree, new_tree, oid, options.max_file_bytes)?,
            layout,
        );
    }
    if changes.is_empty() {
        return Ok(Comparison::Unchanged);
    }
    let mut paths = Vec::with_capacity(changes.len());
    for change in changes {
        let old = side(reader, change.old, old_tree, oid)?;
        let new = side(reader, change.new, new_tree, oid)?;
        if old.is_some() || new.is_some() {
            paths.push(PathChange {
                status: change.status,
                old,
                new,
            });
        }
    }
    if paths.is_empty() {
        return Ok(Comparison::Unchanged);
    }
    let org = match new_tree {
        Some(tree) => match reader.file_at(tree, "org.toml", oid)? {
            FileAt::Blob(blob) => Some(blob),
            FileAt::Absent | FileAt::Problem(_) => None,
        },
        None => None,
    };
    let info = commit.info();
    Ok(Comparison::Changed(Touched {
        date: info.date,
        author: info.author,
        title: pull_request_title(&info.message).unwrap_or(info.title),
        proposer: info.proposer,
        pr: pr_number(&info.message),
        org,
        paths,
    }))
}

/// The changes to entity files (regular files and links; not submodules or names that are
/// not UTF-8, which `lint` reports), each side kept only when it is an entity file.
fn entity_changes(changes: Vec<TreeChange>, layout: &Layout) -> Vec<TreeChange> {
    let is_entity = |path: &str| matches!(layout.classify(path), Role::Entity { .. });
    let content = |file: &TreeFile| matches!(file.kind, EntryKind::File | EntryKind::Link);
    changes
        .into_iter()
        .filter_map(|change| {
            // Both sides of a change the walk found have one path: classified once.
            let (old_entity, new_entity) = match (&change.old, &change.new) {
                (Some(a), Some(b)) if a.path == b.path => {
                    let entity = is_entity(&a.path);
                    (entity, entity)
                }
                (a, b) => (
                    a.as_ref().is_some_and(|f| is_entity(&f.path)),
                    b.as_ref().is_some_and(|f| is_entity(&f.path)),
                ),
            };
            let old = change.old.filter(|f| old_entity && content(f));
            let new = change.new.filter(|f| new_entity && content(f));
            let status = match (&old, &new, change.status) {
                (None, None, _) => return None,
                (_, _, ChangeStatus::Renamed) => ChangeStatus::Renamed,
                (None, Some(_), _) => ChangeStatus::Added,
                (Some(_), None, _) => ChangeStatus::Deleted,
                (Some(_), Some(_), status) => status,
            };
            Some(TreeChange { status, old, new })
        })
        .collect()
}

/// What to parse for one side of a change: the file's blob, or for a link the blob of the
/// file it leads to inside that version of the tree (the rules `lint --rev` follows). A link
/// to a folder has no side: its files are described where they are.
fn side(
    reader: &mut HistoryReader<'_>,
    file: Option<TreeFile>,
    tree: Option<Oid>,
    commit: Oid,
) -> Result<Option<Side>, Error> {
    let Some(file) = file else {
        return Ok(None);
    };
    let content = match file.kind {
        EntryKind::Link => {
            let Some(tree) = tree else {
                return Ok(None);
            };
            match reader.file_at(tree, &file.path, commit)? {
                FileAt::Blob(blob) => Content::Blob(blob),
                FileAt::Absent => return Ok(None),
                FileAt::Problem(problem) => Content::Problem(problem_message(problem)),
            }
        }
        _ => Content::Blob(file.id),
    };
    Ok(Some(Side {
        path: file.path,
        content,
    }))
}

/// Why a file cannot be described, in the words of the changelog's problems.
fn problem_message(problem: FileProblem) -> String {
    match problem {
        FileProblem::TooLarge { size, limit } => {
            format!("it is {size} bytes, over the limit of {limit} bytes")
        }
        FileProblem::NotUtf8 { .. } => "it is not UTF-8 text".to_string(),
        FileProblem::SymlinkOutside { target } => {
            format!("it is a link to {target}, outside the policy tree; it was not followed")
        }
        FileProblem::Unreadable { message } => message,
        FileProblem::NameNotUtf8 { name } => format!("the name {name} is not UTF-8 text"),
        FileProblem::Submodule => "it is a git submodule (another repository)".to_string(),
    }
}

fn section_index(
    sections: &mut Vec<Section>,
    keys: &mut HashMap<String, usize>,
    key: &str,
    title: &str,
) -> usize {
    *keys.entry(key.to_string()).or_insert_with(|| {
        sections.push(Section {
            title: title.to_string(),
            tag: None,
            entries: Vec::new(),
        });
        sections.len() - 1
    })
}

/// Reads the blobs the visits need that `parsed` does not hold yet, once each, and parses
/// them.
fn parse_blobs(
    repo: &Repo,
    visits: &[Visit],
    parsed: &HashMap<Oid, Parsed>,
    options: &Options<'_>,
) -> Result<HashMap<Oid, Parsed>, Error> {
    let mut wanted: Vec<(Oid, String)> = Vec::new();
    let mut seen = HashSet::new();
    for visit in visits {
        for (oid, path) in blobs_of(visit) {
            if !parsed.contains_key(&oid) && seen.insert(oid) {
                wanted.push((oid, path.to_string()));
            }
        }
    }
    // Read and parsed in parallel, each thread through its own handle on the repository. A
    // missing or corrupt object is a damaged repository (or a partial clone), not a problem
    // of the file: the changelog would be wrong.
    let oids: Vec<Oid> = wanted.iter().map(|(oid, _)| *oid).collect();
    let what = |i: usize| {
        let (oid, path) = &wanted[i];
        let short = &oid.to_string()[..10];
        format!("{}{path} (object {short})", options.prefix)
    };
    let parse = |i: usize, text: Result<String, FileProblem>| {
        let (oid, path) = &wanted[i];
        let parsed = text
            .map_err(problem_message)
            .and_then(|text| parse_text(&text, path, options));
        (*oid, parsed)
    };
    Ok(repo
        .map_blobs(&oids, options.max_file_bytes, what, parse)?
        .into_iter()
        .collect())
}

fn parse_text(text: &str, path: &str, options: &Options<'_>) -> Parsed {
    let source = Arc::new(SourceFile::new(format!("{}{path}", options.prefix), text));
    Document::parse(source).map(Arc::new).map_err(|errors| {
        let first = &errors[0];
        format!("it is not valid TOML: {}", first.message)
    })
}

/// How many commits are described at a time (see [`changelog`]).
const BATCH: usize = 256;

/// The blobs a commit's entry reads: both sides of every changed file, and org.toml.
fn blobs_of(visit: &Visit) -> impl Iterator<Item = (Oid, &str)> {
    let sides = visit
        .paths
        .iter()
        .flat_map(|p| [p.old.as_ref(), p.new.as_ref()])
        .flatten()
        .filter_map(|side| match side.content {
            Content::Blob(oid) => Some((oid, side.path.as_str())),
            Content::Problem(_) => None,
        });
    sides.chain(visit.org.map(|oid| (oid, "org.toml")))
}

/// The index of the last visit that reads each blob.
fn last_uses(visits: &[Visit]) -> HashMap<Oid, usize> {
    let mut last = HashMap::new();
    for (index, visit) in visits.iter().enumerate() {
        for (oid, _) in blobs_of(visit) {
            last.insert(oid, index);
        }
    }
    last
}

/// Adds the names of people and departments of each version of org.toml the visits need and
/// `names` does not have yet, built once per version (most commits share one).
fn add_org_names(visits: &[Visit], blobs: &HashMap<Oid, Parsed>, names: &mut HashMap<Oid, Names>) {
    let versions: HashSet<Oid> = visits
        .iter()
        .filter_map(|v| v.org)
        .filter(|oid| !names.contains_key(oid))
        .collect();
    let built: Vec<(Oid, Names)> = versions
        .into_par_iter()
        .filter_map(|oid| {
            let Ok(doc) = blobs.get(&oid)? else {
                return None;
            };
            let mut names = Names::default();
            names.add_org(&Org::from_entity(Entity::new(
                Kind::Org,
                "org",
                "org.toml",
                Arc::clone(doc),
            )));
            Some((oid, names))
        })
        .collect();
    names.extend(built);
}

fn entry(
    visit: &Visit,
    blobs: &HashMap<Oid, Parsed>,
    org_names: &HashMap<Oid, Names>,
    options: &Options<'_>,
) -> Entry {
    let mut names = visit
        .org
        .and_then(|oid| org_names.get(&oid))
        .cloned()
        .unwrap_or_default();
    let mut changes = Vec::new();
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    let load = |side: &Option<Side>, problems: Option<&mut Vec<Problem>>| -> Option<Entity> {
        let side = side.as_ref()?;
        let path = &side.path;
        let parsed = match &side.content {
            Content::Blob(oid) => blobs.get(oid)?.as_ref().map_err(String::as_str),
            Content::Problem(message) => Err(message.as_str()),
        };
        match parsed {
            Ok(doc) => {
                let Role::Entity { kind, id, .. } = options.layout.classify(path) else {
                    return None;
                };
                Some(Entity::new(kind, &id, path, Arc::clone(doc)))
            }
            Err(message) => {
                // Only the new side's problems belong to this revision.
                problems?.push(Problem {
                    file: format!("{}{path}", options.prefix),
                    message: message.to_string(),
                });
                None
            }
        }
    };
    for path in &visit.paths {
        let old = load(&path.old, None);
        let new = load(&path.new, Some(&mut problems));
        let change = match (&old, &new) {
            (None, Some(new)) if path.old.is_none() => entity_change(ChangeKind::Added, new, None),
            (Some(old), None) if path.new.is_none() => {
                entity_change(ChangeKind::Removed, old, None)
            }
            (Some(old), Some(new)) => {
                let kind = if path.status == ChangeStatus::Renamed && old.path != new.path {
                    ChangeKind::Renamed
                } else {
                    ChangeKind::Modified
                };
                if kind == ChangeKind::Modified && old.doc.root() == new.doc.root() {
                    continue; // Comments or formatting only.
                }
                entity_change(kind, new, Some(old))
            }
            (None, Some(new)) => {
                // The old version did not parse (its problem is named): say it was repaired.
                lines.push(super::summary::repaired(new));
                continue;
            }
            // The new version did not parse: its problem says so.
            _ => continue,
        };
        if let Some(name) = &change.name {
            match change.kind {
                Kind::Tool => names.tools.insert(change.id.clone(), name.clone()),
                Kind::Policy => names.policies.insert(change.id.clone(), name.clone()),
                _ => None,
            };
        }
        lines.extend(describe(&change, new.as_ref(), &names));
        changes.push(change);
    }
    changes.sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
    Entry {
        commit: visit.oid.to_string(),
        date: visit.date.clone(),
        author: visit.author.clone(),
        proposer: visit.proposer.clone(),
        pr: visit.pr,
        title: visit.title.clone(),
        summary: lines.join("; "),
        lines,
        changes,
        problems,
    }
}

/// The title of the pull request a merge or squash commit carries: GitHub writes a merge as
/// "Merge pull request #24 from org/branch", then a blank line and the title; a squash merge
/// as "Title (#24)". `None` when the message is neither.
pub fn pull_request_title(message: &str) -> Option<String> {
    let mut lines = message.lines();
    let subject = lines.next().unwrap_or_default().trim();
    if subject.starts_with("Merge pull request #") {
        return lines
            .map(str::trim)
            .find(|line| !line.is_empty())
            .map(str::to_string);
    }
    let number = pr_number(subject)?;
    let suffix = format!("(#{number})");
    let title = subject.strip_suffix(&suffix)?.trim_end();
    (!title.is_empty()).then(|| title.to_string())
}

/// The pull-request number a merge or squash commit carries: "Merge pull request #123 ..." or
/// "Title (#123)".
pub fn pr_number(message: &str) -> Option<u64> {
    let subject = message.lines().next().unwrap_or_default();
    let digits = |text: &str| -> Option<u64> {
        let end = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        text[..end].parse().ok()
    };
    if let Some(rest) = subject.strip_prefix("Merge pull request #") {
        return digits(rest);
    }
    let start = subject.rfind("(#")?;
    let rest = &subject[start + 2..];
    let number = digits(rest)?;
    rest[number.to_string().len()..]
        .starts_with(')')
        .then_some(number)
}

fn month_title(month: &str) -> String {
    let (year, number) = month.split_once('-').unwrap_or((month, "01"));
    let index = number.parse::<usize>().unwrap_or(1).clamp(1, 12) - 1;
    format!("{} {year}", crate::words::MONTHS[index])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_request_titles() {
        assert_eq!(
            pull_request_title("Merge pull request #24 from org/pr-24\n\nAdd Figma\n\nbody"),
            Some("Add Figma".to_string())
        );
        assert_eq!(
            pull_request_title("Add Figma (#24)\n\n* first commit"),
            Some("Add Figma".to_string())
        );
        assert_eq!(
            pull_request_title("Merge pull request #24 from org/pr-24"),
            None
        );
        assert_eq!(pull_request_title("(#24)"), None);
        assert_eq!(pull_request_title("Add Figma"), None);
        assert_eq!(pull_request_title("Add Zoom (#45) and more"), None);
    }

    #[test]
    fn pull_request_numbers() {
        assert_eq!(pr_number("Merge pull request #123 from a/b"), Some(123));
        assert_eq!(pr_number("Add Zoom (#45)"), Some(45));
        assert_eq!(pr_number("Add Zoom (#45) and more (#46)"), Some(46));
        assert_eq!(pr_number("Fix #45"), None);
        assert_eq!(pr_number("Add (#x)"), None);
        assert_eq!(pr_number("Title\n\n(#9)"), None);
    }

    #[test]
    fn months() {
        assert_eq!(month_title("2026-11"), "November 2026");
    }
}
