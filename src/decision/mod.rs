//! The decision page: what a change means for the committee that decides on it, in money,
//! owners and decisions, in plain words. Built from the two versions of the tree, their lint
//! reports and their semantic diff; the renderers (`render::decision`) turn it into the pull
//! request's summary (markdown) and the terminal's `steward diff`.
//!
//! Everything a finance director reads comes first: a verdict ("Not ready: 2 things must be
//! fixed first"), what the change does, one sentence per change, what it does to the budgets,
//! and what must be fixed. Rule codes, file paths with lines, field paths and commit hashes
//! are kept for the technical details the renderers fold away at the end.

mod budget;
mod org;
mod policy;
mod tool;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::diff::{ChangeKind, ClauseChange, EntityChange, TreeDiff, WordRun};
use crate::finding::{FindingRecord, Severity};
use crate::layout::Kind;
use crate::lint::Report;
use crate::model::Tree;
use crate::money;
use crate::words::sentence;

/// The most changes the page describes one by one; the rest are counted (and all are in
/// the technical details).
pub const MAX_CHANGES: usize = 200;

/// What the committee is asked to decide, and what it needs to know to decide it.
#[derive(Debug, Clone)]
pub struct Decision {
    /// How people know the version compared with: "main as of 20 March 2026".
    pub base: String,
    /// How people know the proposed version: "pull request #24", "your working copy".
    pub head: String,
    pub verdict: Verdict,
    /// Errors that block the change.
    pub must_fix: Vec<Concern>,
    /// Warnings the change brings.
    pub to_note: Vec<Concern>,
    /// Problems the change solves.
    pub fixed: Vec<Concern>,
    /// Every finding of the proposed version, for the technical details.
    pub all: Vec<Concern>,
    /// Errors the version compared with already had, not counted against this change
    /// (with `--new-only`).
    pub already: usize,
    /// One entry per entity that changed, in the diff's order.
    pub changes: Vec<Change>,
    /// Changes not described one by one (over [`MAX_CHANGES`]).
    pub more_changes: usize,
    /// The budgets the change touches.
    pub budgets: Vec<BudgetStatus>,
}

/// The first line of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Errors must be fixed first.
    NotReady,
    /// Nothing blocks it; some warnings are worth a look.
    ReadyWithNotes,
    /// Nothing to fix or note.
    Ready,
}

/// A finding, as the committee reads it.
#[derive(Debug, Clone)]
pub struct Concern {
    /// The finding's message, as a sentence.
    pub text: String,
    /// The message as the finding says it (not capitalized), for lists joined into one
    /// sentence.
    pub message: String,
    /// What to do about it.
    pub help: String,
    /// For the technical details: the rule code, its severity and `file:line`.
    pub rule: &'static str,
    pub severity: &'static str,
    pub place: String,
}

/// One entity that changed.
#[derive(Debug, Clone)]
pub struct Change {
    pub kind: Kind,
    /// The sentence that says what happens to it, with its name in **bold** marks
    /// (`Markup::Strong` spans are rendered by each format).
    pub headline: Vec<Span>,
    pub points: Vec<Point>,
}

/// A run of text, plain or to stand out (a name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    Plain(String),
    Strong(String),
}

/// One thing a change does.
#[derive(Debug, Clone)]
pub enum Point {
    Text(String),
    /// A clause added, removed or reworded, with both wordings.
    Clause(ClauseWording),
}

#[derive(Debug, Clone)]
pub struct ClauseWording {
    /// "Clause "Who may post" is reworded".
    pub headline: String,
    pub old: Option<String>,
    pub new: Option<String>,
    /// For a reworded clause: the kept, removed and inserted words.
    pub words: Vec<WordRun>,
}

/// A budget before and after the change.
#[derive(Debug, Clone)]
pub struct BudgetStatus {
    /// "Communications 2026".
    pub name: String,
    pub currency: Option<String>,
    pub allocation: (Option<Decimal>, Option<Decimal>),
    pub planned: (Option<Decimal>, Option<Decimal>),
    /// The budget exists only after (added) or only before (removed).
    pub added: bool,
    pub removed: bool,
}

impl BudgetStatus {
    /// "Communications 2026: budget $5,000; planned $3,000 → $3,300; $1,700 left".
    pub fn sentence(&self) -> String {
        let c = self.currency.as_deref();
        if self.removed {
            return format!(
                "{}: the budget of {} is removed",
                self.name,
                money::format_known(self.allocation.0, c)
            );
        }
        let allocation = match self.allocation {
            (a, b) if a == b || self.added => money::format_known(b, c),
            (a, b) => format!(
                "{} → {}",
                money::format_known(a, c),
                money::format_known(b, c)
            ),
        };
        let planned = match self.planned {
            (a, b) if a == b || self.added => money::format_known(b, c),
            (a, b) => format!(
                "{} → {}",
                money::format_known(a, c),
                money::format_known(b, c)
            ),
        };
        let left = match money::delta(self.planned.1, self.allocation.1) {
            Some(left) if left.is_sign_negative() && !left.is_zero() => {
                format!("{} over", money::format(-left, c))
            }
            Some(left) => format!("{} left", money::format(left, c)),
            None => "what is left is unknown until every amount can be read".to_string(),
        };
        format!(
            "{}: budget {allocation}; planned {planned}; {left}",
            self.name
        )
    }
}

/// How the two versions are named, and what the verdict counts.
#[derive(Debug, Clone)]
pub struct Options {
    pub base_name: String,
    pub head_name: String,
    /// Judge only what the change introduces (the action's `new-only`): errors the base
    /// already had do not block it.
    pub new_only: bool,
    pub today: Date,
}

/// A version of the tree: its model and its lint report.
pub struct Version<'a> {
    pub tree: &'a Tree,
    pub report: &'a Report,
}

/// Builds the decision page of a change.
pub fn decide(
    base: Version<'_>,
    head: Version<'_>,
    diff: &TreeDiff,
    options: &Options,
) -> Decision {
    let concern = |f: &FindingRecord<'_>| Concern {
        text: sentence(&f.message),
        message: f.message.trim().trim_end_matches('.').to_string(),
        help: sentence(&f.help),
        rule: f.rule,
        severity: f.severity,
        place: format!("{}:{}", f.file, f.line),
    };
    let head_errors: Vec<FindingRecord<'_>> = head
        .report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(FindingRecord::from)
        .collect();
    let introduced_errors: Vec<&FindingRecord<'_>> = diff
        .findings
        .introduced
        .iter()
        .filter(|f| f.severity == "error")
        .collect();
    let must_fix: Vec<Concern> = if options.new_only {
        introduced_errors.iter().map(|f| concern(f)).collect()
    } else {
        head_errors.iter().map(concern).collect()
    };
    let already = if options.new_only {
        head.report.errors().saturating_sub(introduced_errors.len())
    } else {
        0
    };
    let to_note: Vec<Concern> = diff
        .findings
        .introduced
        .iter()
        .filter(|f| f.severity == "warning")
        .map(concern)
        .collect();
    let fixed: Vec<Concern> = diff.findings.fixed.iter().map(concern).collect();
    let verdict = if !must_fix.is_empty() {
        Verdict::NotReady
    } else if !to_note.is_empty() {
        Verdict::ReadyWithNotes
    } else {
        Verdict::Ready
    };
    let words = Words {
        base: base.tree,
        head: head.tree,
        today: options.today,
    };
    let changes: Vec<Change> = diff
        .entities
        .iter()
        .take(MAX_CHANGES)
        .map(|change| words.change(change))
        .collect();
    Decision {
        base: options.base_name.clone(),
        head: options.head_name.clone(),
        verdict,
        must_fix,
        to_note,
        fixed,
        all: head
            .report
            .findings
            .iter()
            .map(|f| concern(&FindingRecord::from(f)))
            .collect(),
        already,
        more_changes: diff.entities.len().saturating_sub(MAX_CHANGES),
        changes,
        budgets: budget::statuses(base.tree, head.tree, diff),
    }
}

/// The two trees, for naming people, departments and tools in sentences.
struct Words<'t> {
    base: &'t Tree,
    head: &'t Tree,
    today: Date,
}

impl Words<'_> {
    fn change(&self, change: &EntityChange) -> Change {
        match change.kind {
            Kind::Tool => tool::change(self, change),
            Kind::Policy => policy::change(self, change),
            Kind::Budget => budget::change(self, change),
            Kind::Org => org::change(self, change),
            Kind::Custom(_) => self.generic(change),
        }
    }

    /// A person by name ("Jane Doe"), from the head's org.toml, else the base's, else the id.
    fn person(&self, id: &str) -> String {
        self.head
            .person(id)
            .or_else(|| self.base.person(id))
            .and_then(|p| p.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// A department by name ("Communications").
    fn department(&self, id: &str) -> String {
        self.head
            .department(id)
            .or_else(|| self.base.department(id))
            .and_then(|d| d.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// A budget line as people say it: "the design-software line of Communications' 2026
    /// budget".
    fn budget_line(&self, reference: &str) -> String {
        match crate::model::LineRef::parse(reference) {
            Some(line) => format!(
                "the {} line of {} {} budget",
                line.line,
                crate::words::possessive(&self.department(&line.department)),
                line.fiscal_year
            ),
            None => format!("the budget line \"{reference}\""),
        }
    }

    /// What a declared kind's file does, counted.
    fn generic(&self, change: &EntityChange) -> Change {
        let what = match change.change {
            ChangeKind::Added => "Adds",
            ChangeKind::Removed => "Removes",
            ChangeKind::Renamed => "Renames",
            ChangeKind::Modified => "Changes",
        };
        let mut headline = vec![
            Span::Plain(format!("{what} the {} ", change.kind)),
            Span::Strong(change.name.clone().unwrap_or_else(|| change.id.clone())),
        ];
        if change.change == ChangeKind::Modified {
            headline.push(Span::Plain(format!(
                " ({})",
                crate::words::count(change.fields.len() as i64, "field", "fields")
            )));
        }
        Change {
            kind: change.kind,
            headline,
            points: Vec::new(),
        }
    }
}

/// Each clause change of `change` as the committee reads it (old and new wording in full),
/// titled from `policy`: the review packet shows a policy's changes since its last review
/// with the same words as the decision page.
pub fn clause_points(policy: Option<&crate::model::Policy>, change: &EntityChange) -> Vec<Point> {
    let title = |id: &str| {
        policy?
            .clauses
            .iter()
            .find(|c| c.id.as_deref() == Some(id))
            .and_then(|c| c.title.clone())
    };
    change
        .clauses
        .iter()
        .map(|clause| clause_point(clause, title(&clause.id).as_deref()))
        .collect()
}

/// A clause change as the committee reads it.
fn clause_point(clause: &ClauseChange, title: Option<&str>) -> Point {
    let name = match title {
        Some(title) => format!("\"{title}\""),
        None => format!("\"{}\"", clause.id),
    };
    let headline = match clause.change {
        crate::diff::ClauseChangeKind::Added => format!("Adds the clause {name}"),
        crate::diff::ClauseChangeKind::Removed => format!("Removes the clause {name}"),
        crate::diff::ClauseChangeKind::Moved => {
            format!("Moves the clause {name}; its wording is unchanged")
        }
        crate::diff::ClauseChangeKind::Reworded if clause.moved => {
            format!("Rewords and moves the clause {name}")
        }
        crate::diff::ClauseChangeKind::Reworded => format!("Rewords the clause {name}"),
    };
    // The diff compares a clause's title and text together ("Who may post: Only ..."); the
    // headline names the title already.
    let prefix = title.map(|t| format!("{t}: "));
    let strip = |text: &Option<String>| {
        text.as_ref().map(|t| match &prefix {
            Some(p) => t.strip_prefix(p.as_str()).unwrap_or(t).to_string(),
            None => t.clone(),
        })
    };
    let mut words = clause.words.clone();
    if let (Some(p), Some(first)) = (&prefix, words.first_mut())
        && first.op == crate::diff::WordOp::Equal
        && let Some(rest) = first.text.strip_prefix(p.as_str())
    {
        first.text = rest.to_string();
    }
    Point::Clause(ClauseWording {
        headline,
        old: strip(&clause.old),
        new: strip(&clause.new),
        words,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_sentences_say_what_is_left_or_over() {
        let d = |s: &str| Some(s.parse::<Decimal>().unwrap());
        let status = BudgetStatus {
            name: "Communications 2026".into(),
            currency: Some("USD".into()),
            allocation: (d("5000"), d("5000")),
            planned: (d("3000"), d("3300")),
            added: false,
            removed: false,
        };
        assert_eq!(
            status.sentence(),
            "Communications 2026: budget $5,000; planned $3,000 → $3,300; $1,700 left"
        );
        let over = BudgetStatus {
            planned: (d("3000"), d("5200")),
            ..status.clone()
        };
        assert!(
            over.sentence().ends_with("$200 over"),
            "{}",
            over.sentence()
        );
        let unknown = BudgetStatus {
            planned: (d("3000"), None),
            ..status
        };
        assert!(unknown.sentence().contains("planned $3,000 → unknown"));
    }
}
