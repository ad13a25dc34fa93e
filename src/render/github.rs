//! `--format github`: GitHub Actions workflow commands, one annotation per finding
//! (`::error file=F,line=L,endLine=L2,col=C,endColumn=C2,title=CODE::message`).
//!
//! The runner reads every line of a step's output that starts with `::` as a command, so all
//! user text is escaped per the workflow-command rules: in the message `%`, CR and LF become
//! `%25`, `%0D`, `%0A`; in properties `:` and `,` also become `%3A` and `%2C`. A finding about a
//! tool named `x\n::add-mask::y` therefore stays on its own annotation line, and
//! `::stop-commands::` inside a message is data, never a command.
//!
//! GitHub shows at most 10 error and 10 warning annotations per step (50 per job), so the
//! findings are ranked (errors first, then warnings, each in report order) and at most
//! `limit` of each are emitted; a plain line then says how many were not annotated and that
//! the job summary (`--format markdown`) lists them all.

use std::fmt::Write as _;

use crate::finding::{Finding, Severity};
use crate::lint::Report;

/// GitHub's limit: annotations of one level shown per step.
pub const ANNOTATION_LIMIT: usize = 10;

/// Renders a report as workflow commands, at most `limit` errors and `limit` warnings.
pub fn render(report: &Report, limit: usize) -> String {
    let mut out = String::new();
    let mut left_out = [0usize; 2];
    for (slot, severity) in [Severity::Error, Severity::Warning].into_iter().enumerate() {
        let mut shown = 0;
        for finding in report.findings.iter().filter(|f| f.severity == severity) {
            if shown < limit {
                annotation(finding, &mut out);
                shown += 1;
            } else {
                left_out[slot] += 1;
            }
        }
    }
    let [errors, warnings] = left_out;
    if errors + warnings > 0 {
        let _ = writeln!(
            out,
            "steward: {} not annotated (GitHub shows {limit} errors and {limit} warnings per step); \
             the job summary lists every finding, and `steward lint --format json` prints them all.",
            counts(errors, warnings)
        );
    }
    let _ = writeln!(
        out,
        "steward: {} in {} {}.",
        counts(report.errors(), report.warnings()),
        report.files,
        if report.files == 1 { "file" } else { "files" }
    );
    out
}

fn annotation(finding: &Finding, out: &mut String) {
    let start = finding.location.start();
    let end = finding.location.end();
    let command = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut message = finding.message.clone();
    if !finding.help.is_empty() {
        message.push_str("\nhelp: ");
        message.push_str(&finding.help);
    }
    let _ = writeln!(
        out,
        "::{command} file={},line={},endLine={},col={},endColumn={},title={}::{}",
        escape_property(&finding.location.source.path),
        start.line,
        end.line,
        start.column,
        end.column,
        escape_property(finding.rule.code),
        escape_data(&message)
    );
}

fn counts(errors: usize, warnings: usize) -> String {
    format!(
        "{errors} {}, {warnings} {}",
        if errors == 1 { "error" } else { "errors" },
        if warnings == 1 { "warning" } else { "warnings" }
    )
}

/// Escapes a command's message (the text after the second `::`).
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a command property's value (`file=...`, `title=...`).
pub fn escape_property(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_workflow_command_rules() {
        assert_eq!(escape_data("a%b\r\nc::d,e"), "a%25b%0D%0Ac::d,e");
        assert_eq!(escape_property("a%b\r\nc::d,e"), "a%25b%0D%0Ac%3A%3Ad%2Ce");
        assert_eq!(escape_data("x\n::add-mask::y"), "x%0A::add-mask::y");
        assert_eq!(escape_data("%0A"), "%250A");
    }
}
