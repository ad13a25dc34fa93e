//! `lint --format markdown`: the lint result for a pull request comment or a GitHub job
//! summary: the verdict in words, each problem with what to do (errors first), then, folded,
//! a table of findings (severity, rule, file:line, message).
//!
//! Every piece of user text goes through [`escape`] (or [`code`] inside a code span) and every
//! row through [`table_row`], so names like `<img src=x onerror=...>`, `</details>`,
//! `x|<img>.toml` or `[link](javascript:...)` show as literal text. A job summary may hold at
//! most 1 MiB per step; the action also puts the diff there, so this report stops adding rows
//! at [`SIZE_LIMIT`] and ends with a note saying how many findings were left out and where the
//! full list is (`steward lint --format json`, or the SARIF file).

use std::fmt::Write as _;

use super::markdown::{code, escape, table_row};
use crate::finding::{Finding, Severity};
use crate::lint::Report;
use crate::words::sentence;

/// The most bytes this report takes: half of GitHub's 1 MiB step-summary limit, leaving the
/// other half to the diff.
pub const SIZE_LIMIT: usize = 512 * 1024;

/// Room kept for the closing note.
const NOTE_RESERVE: usize = 512;

/// Renders a report in at most `max_bytes` bytes (a few hundred at least: the result line
/// and the note are always written): the verdict in words, what was checked and when, each
/// problem and what to do about it (errors first), then the table of rule codes and places,
/// folded. Cut to fit, the table goes first, then the list; a note says how many are left out.
pub fn render(report: &Report, max_bytes: usize) -> String {
    let (errors, warnings) = (report.errors(), report.warnings());
    let mut out = String::new();
    let _ = writeln!(out, "### {}\n", verdict(errors, warnings));
    let _ = writeln!(out, "{}\n", checked(report));
    if report.findings.is_empty() {
        return out;
    }
    let ranked: Vec<&Finding> = [Severity::Error, Severity::Warning]
        .into_iter()
        .flat_map(|s| report.findings.iter().filter(move |f| f.severity == s))
        .collect();
    let budget = max_bytes.saturating_sub(NOTE_RESERVE);
    // The list takes what it needs, up to the whole budget; the table gets what is left.
    let mut shown = [0usize; 2];
    let mut section = None;
    for finding in &ranked {
        let title = match finding.severity {
            Severity::Error => "To fix before this can be merged",
            Severity::Warning => "To look at",
        };
        let heading = if section == Some(finding.severity) {
            String::new()
        } else {
            format!("#### {title}\n\n")
        };
        let item = item(finding);
        if out.len() + heading.len() + item.len() > budget {
            break;
        }
        if !heading.is_empty() && section.is_some() {
            out.push('\n');
        }
        out.push_str(&heading);
        out.push_str(&item);
        section = Some(finding.severity);
        shown[usize::from(finding.severity == Severity::Warning)] += finding.weight();
    }
    let open = "\n<details>\n<summary>Technical details: rule codes and places</summary>\n\n| Severity | Rule | Where | Message |\n|---|---|---|---|\n";
    let close = "\n</details>\n";
    if out.len() + open.len() + close.len() < budget {
        out.push_str(open);
        for finding in &ranked {
            let row = row(finding);
            if out.len() + row.len() + close.len() > budget {
                break;
            }
            out.push_str(&row);
        }
        out.push_str(close);
    }
    let (left_errors, left_warnings) = (errors - shown[0], warnings - shown[1]);
    if left_errors + left_warnings > 0 {
        let _ = writeln!(
            out,
            "\n**{} not shown** to keep this summary within GitHub's size limit. \
             The full list: `steward lint --format json`, or the SARIF file when the action writes one.",
            counts(left_errors, left_warnings)
        );
    }
    out
}

/// "❌ Not ready: 2 errors must be fixed first", "⚠️ Ready, with 3 warnings to look at",
/// "✅ No problems found".
fn verdict(errors: usize, warnings: usize) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match (errors, warnings) {
        (0, 0) => "✅ No problems found".to_string(),
        (0, w) => format!(
            "⚠️ Ready, with {} to look at",
            plural(w, "warning", "warnings")
        ),
        (e, 0) => format!(
            "❌ Not ready: {} fixed first",
            plural(e, "error must be", "errors must be")
        ),
        (e, w) => format!(
            "❌ Not ready: {} fixed first, and {} to look at",
            plural(e, "error must be", "errors must be"),
            plural(w, "warning", "warnings")
        ),
    }
}

/// "Checked 14 files on 25 November 2026; 1 finding waived."
fn checked(report: &Report) -> String {
    let checked = super::human::checked(report);
    let mut text = checked.trim_end_matches('.').to_string();
    if report.waived > 0 {
        let _ = write!(text, "; {} waived", report.waived);
    }
    if report.preexisting > 0 {
        let _ = write!(
            text,
            "; {} already present before this change and not shown",
            report.preexisting
        );
    }
    text.push('.');
    text
}

/// A problem in words and what to do about it, as a list item.
fn item(finding: &Finding) -> String {
    let mut text = format!("- {}", escape(&sentence(&finding.message)));
    if !finding.help.is_empty() {
        text.push_str("<br>");
        text.push_str(&escape(&sentence(&finding.help)));
    }
    text.push('\n');
    text
}

fn row(finding: &Finding) -> String {
    let at = finding.location.start();
    let severity = match finding.severity {
        Severity::Error => "❌ error",
        Severity::Warning => "⚠️ warning",
    };
    let message = escape(&finding.message);
    table_row(&[
        severity.to_string(),
        code(finding.rule.code),
        code(&format!("{}:{}", finding.location.source.path, at.line)),
        message,
    ])
}

fn counts(errors: usize, warnings: usize) -> String {
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(format!(
            "{errors} {}",
            if errors == 1 { "error" } else { "errors" }
        ));
    }
    if warnings > 0 {
        parts.push(format!(
            "{warnings} {}",
            if warnings == 1 { "warning" } else { "warnings" }
        ));
    }
    if parts.is_empty() {
        parts.push("0 findings".to_string());
    }
    parts.join(", ")
}
