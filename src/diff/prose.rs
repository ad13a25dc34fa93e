//! Clause-by-clause comparison of a policy's prose, matched by clause id, with a word-level
//! diff of reworded text.

use std::time::Duration;

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use crate::model::Clause;

/// How long one word diff may take before it settles for a coarser answer.
const WORD_DIFF_TIMEOUT: Duration = Duration::from_millis(200);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClauseChangeKind {
    Added,
    Removed,
    Moved,
    Reworded,
}

/// One changed clause.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClauseChange {
    pub id: String,
    pub change: ClauseChangeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// For a reworded clause that also changed place.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub moved: bool,
    /// For a reworded clause: the text as runs of kept, removed and inserted words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<WordRun>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WordOp {
    Equal,
    Delete,
    Insert,
}

/// A run of words with the same fate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordRun {
    pub op: WordOp,
    pub text: String,
}

/// The text a clause is compared on: its title (if any) and its text.
fn content(clause: &Clause) -> String {
    match (&clause.title, &clause.text) {
        (Some(title), Some(text)) => format!("{title}: {text}"),
        (None, Some(text)) => text.clone(),
        (Some(title), None) => title.clone(),
        (None, None) => String::new(),
    }
}

/// Compares the clauses of two versions of a policy.
pub fn diff_clauses(old: &[Clause], new: &[Clause]) -> Vec<ClauseChange> {
    let ids = |clauses: &[Clause]| -> Vec<String> {
        clauses.iter().filter_map(|c| c.id.clone()).collect()
    };
    let old_ids = ids(old);
    let new_ids = ids(new);
    let find = |clauses: &'_ [Clause], id: &str| {
        clauses
            .iter()
            .find(|c| c.id.as_deref() == Some(id))
            .map(content)
    };
    let common_old: Vec<&String> = old_ids.iter().filter(|id| new_ids.contains(id)).collect();
    let common_new: Vec<&String> = new_ids.iter().filter(|id| old_ids.contains(id)).collect();
    let stayed = longest_common_subsequence(&common_old, &common_new);

    let mut changes = Vec::new();
    for id in &old_ids {
        if !new_ids.contains(id) {
            changes.push(ClauseChange {
                id: id.clone(),
                change: ClauseChangeKind::Removed,
                old: find(old, id),
                new: None,
                moved: false,
                words: Vec::new(),
            });
        }
    }
    for id in &new_ids {
        let new_text = find(new, id);
        if !old_ids.contains(id) {
            changes.push(ClauseChange {
                id: id.clone(),
                change: ClauseChangeKind::Added,
                old: None,
                new: new_text,
                moved: false,
                words: Vec::new(),
            });
            continue;
        }
        let old_text = find(old, id);
        let moved = !stayed.contains(&id);
        if old_text != new_text {
            let words = word_diff(
                old_text.as_deref().unwrap_or(""),
                new_text.as_deref().unwrap_or(""),
            );
            changes.push(ClauseChange {
                id: id.clone(),
                change: ClauseChangeKind::Reworded,
                old: old_text,
                new: new_text,
                moved,
                words,
            });
        } else if moved {
            changes.push(ClauseChange {
                id: id.clone(),
                change: ClauseChangeKind::Moved,
                old: None,
                new: None,
                moved: false,
                words: Vec::new(),
            });
        }
    }
    changes
}

/// The word-level difference between two texts, as runs.
pub fn word_diff(old: &str, new: &str) -> Vec<WordRun> {
    let diff = TextDiff::configure()
        .timeout(WORD_DIFF_TIMEOUT)
        .diff_words(old, new);
    let mut runs: Vec<WordRun> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => WordOp::Equal,
            ChangeTag::Delete => WordOp::Delete,
            ChangeTag::Insert => WordOp::Insert,
        };
        let text = change.value();
        match runs.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ => runs.push(WordRun {
                op,
                text: text.to_string(),
            }),
        }
    }
    tidy_whitespace(runs)
}

/// Moves whitespace at the edges of changed runs into the neighbouring equal runs, so that
/// marks read "[-staff-]{+trained staff+}" rather than "[-staff -]{+trained staff +}".
fn tidy_whitespace(runs: Vec<WordRun>) -> Vec<WordRun> {
    let mut out: Vec<WordRun> = Vec::with_capacity(runs.len());
    for run in runs {
        if run.op == WordOp::Equal || run.text.trim().is_empty() {
            let op = if run.text.trim().is_empty() {
                WordOp::Equal
            } else {
                run.op
            };
            push_merge(&mut out, WordRun { op, text: run.text });
            continue;
        }
        let trimmed_end = run.text.trim_end();
        let trailing = &run.text[trimmed_end.len()..];
        push_merge(
            &mut out,
            WordRun {
                op: run.op,
                text: trimmed_end.to_string(),
            },
        );
        if !trailing.is_empty() {
            out.push(WordRun {
                op: WordOp::Equal,
                text: trailing.to_string(),
            });
        }
    }
    out
}

fn push_merge(out: &mut Vec<WordRun>, run: WordRun) {
    match out.last_mut() {
        Some(last) if last.op == run.op => last.text.push_str(&run.text),
        _ => out.push(run),
    }
}

/// The ids that kept their relative order (a longest common subsequence).
fn longest_common_subsequence<'a>(a: &[&'a String], b: &[&'a String]) -> Vec<&'a String> {
    let (n, m) = (a.len(), b.len());
    let mut table = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if a[i] == b[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n && j < m {
        if a[i] == b[j] {
            out.push(a[i]);
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause(id: &str, text: &str) -> Clause {
        Clause {
            pointer: String::new(),
            id: Some(id.to_string()),
            title: None,
            text: Some(text.to_string()),
        }
    }

    #[test]
    fn added_removed_reworded_moved() {
        let old = [
            clause("a", "one"),
            clause("b", "two"),
            clause("c", "three"),
            clause("d", "gone"),
        ];
        let new = [
            clause("c", "three"),
            clause("a", "one"),
            clause("b", "two words"),
            clause("e", "new"),
        ];
        let changes = diff_clauses(&old, &new);
        let summary: Vec<(&str, ClauseChangeKind, bool)> = changes
            .iter()
            .map(|c| (c.id.as_str(), c.change, c.moved))
            .collect();
        assert_eq!(
            summary,
            [
                ("d", ClauseChangeKind::Removed, false),
                ("c", ClauseChangeKind::Moved, false),
                ("b", ClauseChangeKind::Reworded, false),
                ("e", ClauseChangeKind::Added, false),
            ]
        );
    }

    #[test]
    fn no_change_no_output() {
        let clauses = [clause("a", "one"), clause("b", "two")];
        assert!(diff_clauses(&clauses, &clauses).is_empty());
    }

    #[test]
    fn word_runs() {
        let runs = word_diff("Only staff may post.", "Only trained staff may post.");
        let rendered: String = runs
            .iter()
            .map(|r| match r.op {
                WordOp::Equal => r.text.clone(),
                WordOp::Delete => format!("[-{}-]", r.text),
                WordOp::Insert => format!("{{+{}+}}", r.text),
            })
            .collect();
        assert_eq!(rendered, "Only {+trained+} staff may post.");
    }
}
