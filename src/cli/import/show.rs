//! What `steward import` says: the columns left out, a line a row, the counts, the findings
//! still to settle, and every problem when nothing is written. Apart so that all of the
//! command's text, each piece of the file's own text shown on one line, is in one place.

use std::collections::{BTreeMap, BTreeSet};
use std::process::ExitCode;

use super::args::CommonArgs;
use crate::cli::init::refuse;
use crate::error::Error;
use crate::finding::Finding;
use crate::import::{self, Action, Plan, Problem};
use crate::render::visible::one_line;

/// The most problems listed at once.
const MAX_LISTED: usize = 100;

/// Every problem, and why nothing was written.
pub(super) fn refuse_problems(
    common: &CommonArgs,
    plan: &Plan,
    skipped: Vec<Problem>,
) -> Result<ExitCode, Error> {
    let mut problems = plan.problems.clone();
    problems.extend(skipped);
    problems.sort();
    problems.dedup();
    refuse(
        &format!(
            "{} has {} problem{}; nothing was written:{}",
            one_line(&common.file.display().to_string()),
            problems.len(),
            plural(problems.len()),
            listed(&problems)
        ),
        if common.skip_invalid {
            "fix the file (the problems above concern all of it) and import again"
        } else {
            "fix the cells above and import again, or pass --skip-invalid to import the valid rows only"
        },
    )
}

/// The rows `--skip-invalid` left out, and why.
pub(super) fn skipped_note(mut skipped: Vec<Problem>) -> String {
    if skipped.is_empty() {
        return String::new();
    }
    let rows: BTreeSet<usize> = skipped.iter().filter_map(|p| p.row).collect();
    skipped.sort();
    skipped.dedup();
    format!(
        "Left out {} invalid row{} (--skip-invalid):\n{}\n",
        rows.len(),
        plural(rows.len()),
        listed(&skipped).trim_start_matches('\n')
    )
}

/// The columns not imported, so that nothing is dropped without a word.
pub(super) fn columns_note(plan: &Plan) -> String {
    let mut out = String::new();
    if !plan.unknown.is_empty() {
        let quoted: Vec<String> = plan
            .unknown
            .iter()
            .map(|c| format!("\"{}\"", one_line(c)))
            .collect();
        out.push_str(&format!(
            "Not imported, no field has this name: {} (map one with --map \"Column=field\").\n",
            quoted.join(", ")
        ));
    }
    for (column, why) in &plan.ignored {
        out.push_str(&format!(
            "Not imported: \"{}\": {}.\n",
            one_line(column),
            one_line(why)
        ));
    }
    out
}

/// One line a row: its number, what happens, the file and a few words.
pub(super) fn rows_table(plan: &Plan, prefix: &str) -> String {
    let mut rows: Vec<&import::RowPlan> = plan.rows.iter().collect();
    rows.sort_by_key(|r| r.row);
    let lines: Vec<[String; 4]> = rows
        .iter()
        .map(|r| {
            let details: Vec<String> = r
                .details
                .iter()
                .map(|(k, v)| format!("{k} {}", one_line(v)))
                .collect();
            [
                r.row.to_string(),
                r.action.word().to_string(),
                format!("{} ({prefix}{})", one_line(&r.name), r.path),
                details.join(", "),
            ]
        })
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let headers = ["Row", "What", "Entry", "Details"];
    let mut widths = headers.map(|h| h.chars().count());
    for line in &lines {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut push = |cells: [&str; 4]| {
        let mut line = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i == 3 {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    };
    push(headers);
    for line in &lines {
        push([&line[0], &line[1], &line[2], &line[3]]);
    }
    out
}

/// `3 new, 1 updated, 36 already present.`
pub(super) fn summary(plan: &Plan) -> String {
    let parts: Vec<String> = [
        (Action::Create, "new"),
        (Action::Update, "updated"),
        (Action::Present, "already present, left as they are"),
    ]
    .iter()
    .map(|(action, word)| (plan.count(*action), word))
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| format!("{n} {word}"))
    .collect();
    if parts.is_empty() {
        return "No rows to import.\n".to_string();
    }
    format!("\nRows: {}.\n", parts.join(", "))
}

/// The governance findings the new files will have, counted by rule.
pub(super) fn governance_note(later: &[Finding]) -> String {
    if later.is_empty() {
        return String::new();
    }
    let mut by_rule: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for finding in later {
        let entry = by_rule
            .entry(finding.code())
            .or_insert((0, finding.rule.summary));
        entry.0 += 1 + finding.omitted;
    }
    let mut out = String::from(
        "Still to settle (steward lint will say so; the import does not guess these):\n",
    );
    for (code, (count, summary)) in by_rule {
        out.push_str(&format!("  {count} × {summary} [{code}]\n"));
    }
    out
}

/// The problems, one a line, at most [`MAX_LISTED`] of them: a file with thousands of bad
/// rows usually has one mistake, repeated.
fn listed(problems: &[Problem]) -> String {
    let mut out: String = problems
        .iter()
        .take(MAX_LISTED)
        .map(|p| format!("\n  - {}", one_line(&p.to_string())))
        .collect();
    if problems.len() > MAX_LISTED {
        out.push_str(&format!(
            "\n  ... and {} more (fix the ones above and import again to see the rest)",
            problems.len() - MAX_LISTED
        ));
    }
    out
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
