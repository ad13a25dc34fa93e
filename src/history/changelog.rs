//! `steward changelog`: what changed in the policy tree, commit by commit, in plain words.
//!
//! The walk follows first parents (a merged pull request is one entry) and visits only
//! commits whose policy subtree differs from their parent's. Commits are compared with their
//! parents in parallel, by walking both trees and skipping unchanged folders (git's diff, with
//! rename detection, where files were both added and removed). Only the changed blobs are read;
//! each is parsed at most once in the run (by object id, in parallel) and kept only until the
//! last commit that needs it; entity changes come from the same diff code as `steward diff`.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use git2::{Delta, DiffFindOptions, DiffOptions, Oid, Repository, Sort};
use rayon::prelude::*;
use serde::Serialize;

use super::date_of;
use super::summary::describe;
use crate::diff::{ChangeKind, EntityChange, Names, entity_change};
use crate::document::{Document, SourceFile};
use crate::error::Error;
use crate::layout::{Kind, Layout, Role};
use crate::model::{Entity, Org};
use crate::source::{FileProblem, Revision, decode, object_error};

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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pr: Option<u64>,
    /// The commit message's first line.
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
    status: Delta,
    old: Option<(String, Oid)>,
    new: Option<(String, Oid)>,
}

/// A commit that touched the tree, before its changes are worked out.
struct Visit {
    section: usize,
    oid: Oid,
    date: String,
    author: String,
    title: String,
    pr: Option<u64>,
    org: Option<Oid>,
    paths: Vec<PathChange>,
}

type Parsed = Result<Arc<Document>, String>;

/// Walks the history and builds the changelog.
pub fn changelog(repo: &Repository, options: &Options<'_>) -> Result<Changelog, Error> {
    let git = |e: git2::Error| Error::Git(e.message().to_string());
    let tags = tags_by_commit(repo);
    let mut walk = repo.revwalk().map_err(git)?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
        .map_err(git)?;
    walk.push(options.to.commit).map_err(git)?;
    if let Some(from) = &options.from {
        walk.hide(from.commit).map_err(git)?;
    }
    if options.first_parent {
        walk.simplify_first_parent().map_err(git)?;
    }

    let oids: Vec<Oid> = walk.collect::<Result<_, _>>().map_err(git)?;
    // Each commit is compared with its parent on its own, so commits are compared in
    // parallel, each thread with its own handle on the repository (a handle is not shared
    // between threads). Order is restored below.
    let path = repo.path().to_path_buf();
    let chunk = oids.len().div_ceil(rayon::current_num_threads() * 4).max(1);
    let touched: Vec<Option<Touched>> = oids
        .par_chunks(chunk)
        .map(|chunk| {
            let handle = Repository::open(&path).map_err(git)?;
            let mut trees = Trees::new(&handle);
            chunk
                .iter()
                .map(|&oid| {
                    let touched = touched(&mut trees, oid, options);
                    trees.next_commit();
                    touched
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
    for (oid, touched) in oids.into_iter().zip(touched) {
        if options.group_by == GroupBy::Tag
            && let Some(names) = tags.get(&oid)
        {
            let commit = repo.find_commit(oid).map_err(git)?;
            let date = date_of(&commit.time());
            sections.push(Section {
                title: format!("{} ({date})", names.join(", ")),
                tag: Some(names.join(", ")),
                entries: Vec::new(),
            });
            current_tag = Some(sections.len() - 1);
        }
        let Some(touched) = touched else {
            continue;
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
    })
}

/// A commit that changed the policy tree: what the walk needs of it.
struct Touched {
    date: String,
    author: String,
    title: String,
    pr: Option<u64>,
    org: Option<Oid>,
    paths: Vec<PathChange>,
}

/// The commit's changes to the tree against its first parent; `None` when it changed no
/// entity file.
fn touched(
    trees: &mut Trees<'_>,
    oid: Oid,
    options: &Options<'_>,
) -> Result<Option<Touched>, Error> {
    let git = |e: git2::Error| Error::Git(e.message().to_string());
    let repo = trees.repo;
    let commit = repo.find_commit(oid).map_err(git)?;
    let new_tree = subtree(trees, &commit, &options.root);
    let parent = commit.parent(0).ok();
    let old_tree = parent
        .as_ref()
        .and_then(|p| subtree(trees, p, &options.root));
    if new_tree.as_ref().map(|t| t.id()) == old_tree.as_ref().map(|t| t.id()) {
        return Ok(None);
    }
    let paths = match entity_changes(trees, old_tree.as_ref(), new_tree.as_ref(), options.layout)
        .map_err(git)?
    {
        Some(paths) => paths,
        None => changed_paths(repo, old_tree.as_ref(), new_tree.as_ref(), options.layout)
            .map_err(git)?,
    };
    if paths.is_empty() {
        return Ok(None);
    }
    Ok(Some(Touched {
        date: date_of(&commit.author().when()),
        author: commit.author().name().unwrap_or("unknown").to_string(),
        title: commit
            .summary()
            .ok()
            .flatten()
            .unwrap_or_default()
            .to_string(),
        pr: pr_number(commit.message().unwrap_or_default()),
        org: new_tree
            .as_ref()
            .and_then(|t| t.get_name("org.toml"))
            .map(|e| e.id()),
        paths,
    }))
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

/// The commit's tree at the policy tree's folder, if it exists there.
fn subtree<'r>(
    trees: &mut Trees<'r>,
    commit: &git2::Commit<'_>,
    root: &str,
) -> Option<git2::Tree<'r>> {
    let tree = trees.get(commit.tree_id()).ok()?;
    if root.is_empty() {
        return Some(tree);
    }
    let entry = tree.get_path(std::path::Path::new(root)).ok()?;
    trees.get(entry.id()).ok()
}

/// The folders (trees) read for the commit being compared and for the one before it, by id.
///
/// A commit's parent is the next commit of the walk, so the folders of one comparison's old
/// side are the next comparison's new side: kept, a large folder (thousands of entries, read
/// through zlib and parsed) is read once instead of twice.
struct Trees<'r> {
    repo: &'r Repository,
    previous: HashMap<Oid, git2::Tree<'r>>,
    current: HashMap<Oid, git2::Tree<'r>>,
}

impl<'r> Trees<'r> {
    fn new(repo: &'r Repository) -> Self {
        Trees {
            repo,
            previous: HashMap::new(),
            current: HashMap::new(),
        }
    }

    fn get(&mut self, id: Oid) -> Result<git2::Tree<'r>, git2::Error> {
        if let Some(tree) = self.current.get(&id) {
            return Ok(tree.clone());
        }
        let tree = match self.previous.remove(&id) {
            Some(tree) => tree,
            None => self.repo.find_tree(id)?,
        };
        self.current.insert(id, tree.clone());
        Ok(tree)
    }

    /// Forgets the folders of the commit before: the next comparison may use this one's.
    fn next_commit(&mut self) {
        self.previous = std::mem::take(&mut self.current);
    }
}

/// The entity files that differ between two versions of the tree, found by walking both trees
/// side by side and skipping every folder whose object id did not change. `None` when files
/// were both added and removed: they may be renames, which git's diff detects.
///
/// Most commits change a few files in a folder of thousands: git's diff machinery costs about
/// half of the changelog's time there, and this walk does the same work without building
/// diff records. The paths come out in git's order, as the diff gives them.
fn entity_changes(
    trees: &mut Trees<'_>,
    old: Option<&git2::Tree<'_>>,
    new: Option<&git2::Tree<'_>>,
    layout: &Layout,
) -> Result<Option<Vec<PathChange>>, git2::Error> {
    let mut changes = Vec::new();
    walk_trees(trees, old, new, &mut String::new(), &mut changes)?;
    let is_entity = |path: &str| matches!(layout.classify(path), Role::Entity { .. });
    changes.retain(|change: &PathChange| {
        let path = change.new.as_ref().or(change.old.as_ref()).map(|(p, _)| p);
        path.is_some_and(|p| is_entity(p))
    });
    let added = changes.iter().any(|c| c.status == Delta::Added);
    let deleted = changes.iter().any(|c| c.status == Delta::Deleted);
    Ok((!(added && deleted)).then_some(changes))
}

/// Git's order of tree entries: by name, a folder's name sorting as if it ended with `/`.
fn git_order(a: &[u8], a_folder: bool, b: &[u8], b_folder: bool) -> std::cmp::Ordering {
    let n = a.len().min(b.len());
    a[..n].cmp(&b[..n]).then_with(|| {
        let next = |name: &[u8], folder: bool| name.get(n).copied().or(folder.then_some(b'/'));
        next(a, a_folder).cmp(&next(b, b_folder))
    })
}

/// The entries of a tree that hold content, each with whether it is a folder: files and
/// folders, not submodules (a submodule is another repository's content).
fn content_entries<'t>(
    tree: Option<&'t git2::Tree<'_>>,
) -> std::iter::Peekable<impl Iterator<Item = (git2::TreeEntry<'t>, bool)>> {
    tree.into_iter()
        .flat_map(|tree| tree.iter())
        .filter_map(|entry| match entry.kind() {
            Some(git2::ObjectType::Tree) => Some((entry, true)),
            Some(git2::ObjectType::Blob) => Some((entry, false)),
            _ => None,
        })
        .peekable()
}

fn walk_trees(
    trees: &mut Trees<'_>,
    old: Option<&git2::Tree<'_>>,
    new: Option<&git2::Tree<'_>>,
    prefix: &mut String,
    out: &mut Vec<PathChange>,
) -> Result<(), git2::Error> {
    use std::cmp::Ordering;
    let (mut old, mut new) = (content_entries(old), content_entries(new));
    loop {
        let step = match (old.peek(), new.peek()) {
            (Some((a, a_folder)), Some((b, b_folder))) => {
                git_order(a.name_bytes(), *a_folder, b.name_bytes(), *b_folder)
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => break,
        };
        let (a, b) = match step {
            Ordering::Less => (old.next(), None),
            Ordering::Greater => (None, new.next()),
            Ordering::Equal => (old.next(), new.next()),
        };
        if let (Some((a, _)), Some((b, _))) = (&a, &b)
            && a.id() == b.id()
        {
            continue;
        }
        let mark = prefix.len();
        if let Some((entry, _)) = a.as_ref().or(b.as_ref()) {
            prefix.push_str(&String::from_utf8_lossy(entry.name_bytes()));
        }
        match (a, b) {
            (Some((a, true)), Some((b, true))) => {
                prefix.push('/');
                let (a, b) = (trees.get(a.id())?, trees.get(b.id())?);
                walk_trees(trees, Some(&a), Some(&b), prefix, out)?;
            }
            (Some((a, _)), Some((b, _))) => out.push(PathChange {
                status: Delta::Modified,
                old: Some((prefix.clone(), a.id())),
                new: Some((prefix.clone(), b.id())),
            }),
            (Some((a, true)), None) => {
                prefix.push('/');
                let a = trees.get(a.id())?;
                walk_trees(trees, Some(&a), None, prefix, out)?;
            }
            (Some((a, false)), None) => out.push(PathChange {
                status: Delta::Deleted,
                old: Some((prefix.clone(), a.id())),
                new: None,
            }),
            (None, Some((b, true))) => {
                prefix.push('/');
                let b = trees.get(b.id())?;
                walk_trees(trees, None, Some(&b), prefix, out)?;
            }
            (None, Some((b, false))) => out.push(PathChange {
                status: Delta::Added,
                old: None,
                new: Some((prefix.clone(), b.id())),
            }),
            (None, None) => {}
        }
        prefix.truncate(mark);
    }
    Ok(())
}

/// The entity files that differ between two versions of the tree, renames detected.
fn changed_paths(
    repo: &Repository,
    old: Option<&git2::Tree<'_>>,
    new: Option<&git2::Tree<'_>>,
    layout: &Layout,
) -> Result<Vec<PathChange>, git2::Error> {
    let mut options = DiffOptions::new();
    options.skip_binary_check(true);
    let mut diff = repo.diff_tree_to_tree(old, new, Some(&mut options))?;
    diff.find_similar(Some(DiffFindOptions::new().renames(true)))?;
    let is_entity = |path: &str| matches!(layout.classify(path), Role::Entity { .. });
    let side = |file: git2::DiffFile<'_>| {
        let path = file.path()?.to_string_lossy().replace('\\', "/");
        (!file.id().is_zero() && is_entity(&path)).then_some((path, file.id()))
    };
    Ok(diff
        .deltas()
        .filter_map(|delta| {
            let change = PathChange {
                status: delta.status(),
                old: side(delta.old_file()),
                new: side(delta.new_file()),
            };
            (change.old.is_some() || change.new.is_some()).then_some(change)
        })
        .collect())
}

/// Reads the blobs the visits need that `parsed` does not hold yet, once each, and parses
/// them.
fn parse_blobs(
    repo: &Repository,
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
    // Read and parsed in parallel, each thread through its own handle on the repository.
    let git_dir = repo.path().to_path_buf();
    let chunk = wanted
        .len()
        .div_ceil(rayon::current_num_threads() * 2)
        .max(1);
    let parsed: Vec<Vec<(Oid, Parsed)>> = wanted
        .par_chunks(chunk)
        .map(|chunk| {
            let handle =
                Repository::open(&git_dir).map_err(|e| Error::Git(e.message().to_string()))?;
            chunk
                .iter()
                .map(|(oid, path)| {
                    let text = read_text(&handle, *oid, options.max_file_bytes).map_err(|e| {
                        // A missing or corrupt object is a damaged repository (or a partial
                        // clone), not a problem of the file: the changelog would be wrong.
                        let short = &oid.to_string()[..10];
                        let what = format!("{}{path} (object {short})", options.prefix);
                        object_error(&handle, what, &e)
                    })?;
                    Ok((*oid, text.and_then(|text| parse_text(&text, path, options))))
                })
                .collect()
        })
        .collect::<Result<_, Error>>()?;
    Ok(parsed.into_iter().flatten().collect())
}

/// A blob's text, or why the file cannot be used (`Ok(Err)`: too large, not UTF-8); `Err` when
/// git cannot read the object at all.
fn read_text(
    repo: &Repository,
    oid: Oid,
    max_file_bytes: u64,
) -> Result<Result<String, String>, git2::Error> {
    let (size, _) = repo.odb()?.read_header(oid)?;
    if size as u64 > max_file_bytes {
        return Ok(Err(format!(
            "it is {size} bytes, over the limit of {max_file_bytes} bytes"
        )));
    }
    let blob = repo.find_blob(oid)?;
    Ok(
        decode(blob.content().to_vec()).map_err(|problem| match problem {
            FileProblem::NotUtf8 { .. } => "it is not UTF-8 text".to_string(),
            other => format!("{other:?}"),
        }),
    )
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
        .map(|(path, oid)| (*oid, path.as_str()));
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
    let load =
        |side: &Option<(String, Oid)>, problems: Option<&mut Vec<Problem>>| -> Option<Entity> {
            let (path, oid) = side.as_ref()?;
            match blobs.get(oid)? {
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
                        message: message.clone(),
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
                let kind = if path.status == Delta::Renamed && old.path != new.path {
                    ChangeKind::Renamed
                } else {
                    ChangeKind::Modified
                };
                if kind == ChangeKind::Modified && old.doc.value == new.doc.value {
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
        pr: visit.pr,
        title: visit.title.clone(),
        summary: lines.join("; "),
        lines,
        changes,
        problems,
    }
}

/// Tag names by the commit they point at (annotated tags peeled).
fn tags_by_commit(repo: &Repository) -> HashMap<Oid, Vec<String>> {
    let mut tags: HashMap<Oid, Vec<String>> = HashMap::new();
    if let Ok(names) = repo.tag_names(None) {
        for name in names.iter().flatten().flatten() {
            if let Ok(commit) = repo
                .revparse_single(&format!("refs/tags/{name}"))
                .and_then(|o| o.peel_to_commit())
            {
                tags.entry(commit.id()).or_default().push(name.to_string());
            }
        }
    }
    for names in tags.values_mut() {
        names.sort();
    }
    tags
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
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (year, number) = month.split_once('-').unwrap_or((month, "01"));
    let index = number.parse::<usize>().unwrap_or(1).clamp(1, 12) - 1;
    format!("{} {year}", NAMES[index])
}

#[cfg(test)]
mod tests {
    use super::*;

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
