//! `lint --format markdown`: the lint result for a pull request comment or a GitHub job
//! summary: a result line, then a table of findings (severity, rule, file:line, message and
//! help), errors first.
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

/// The most bytes this report takes: half of GitHub's 1 MiB step-summary limit, leaving the
/// other half to the diff.
pub const SIZE_LIMIT: usize = 512 * 1024;

/// Room kept for the closing note.
const NOTE_RESERVE: usize = 512;

/// Renders a report in at most `max_bytes` bytes (a few hundred at least: the result line
/// and the note are always written).
pub fn render(report: &Report, max_bytes: usize) -> String {
    let (errors, warnings) = (report.errors(), report.warnings());
    let mut out = String::new();
    let icon = if errors > 0 {
        "❌"
    } else if warnings > 0 {
        "⚠️"
    } else {
        "✅"
    };
    let _ = writeln!(
        out,
        "### {icon} steward lint: {}\n",
        if errors + warnings == 0 {
            "no problems".to_string()
        } else {
            counts(errors, warnings)
        }
    );
    let mut facts = vec![format!(
        "{} {} checked",
        report.files,
        if report.files == 1 { "file" } else { "files" }
    )];
    if report.waived > 0 {
        facts.push(format!("{} waived", report.waived));
    }
    if report.preexisting > 0 {
        facts.push(format!(
            "{} already present before this change and not shown",
            report.preexisting
        ));
    }
    let _ = writeln!(out, "{}.\n", facts.join(", "));
    if report.findings.is_empty() {
        return out;
    }

    out.push_str("| Severity | Rule | Where | Message |\n|---|---|---|---|\n");
    let ranked = [Severity::Error, Severity::Warning]
        .into_iter()
        .flat_map(|s| report.findings.iter().filter(move |f| f.severity == s));
    let mut shown = [0usize; 2];
    for finding in ranked {
        let row = row(finding);
        if out.len() + row.len() + NOTE_RESERVE > max_bytes {
            break;
        }
        out.push_str(&row);
        shown[usize::from(finding.severity == Severity::Warning)] += 1;
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

fn row(finding: &Finding) -> String {
    let at = finding.location.start();
    let severity = match finding.severity {
        Severity::Error => "❌ error",
        Severity::Warning => "⚠️ warning",
    };
    let mut message = escape(&finding.message);
    if !finding.help.is_empty() {
        message.push_str("<br>");
        message.push_str(&escape(&finding.help));
    }
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
