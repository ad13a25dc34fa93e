//! `--format github`: GitHub Actions workflow commands, one annotation per finding
//! (`::error file=F,line=L,endLine=L2,col=C,endColumn=C2,title=CODE::message`).
//!
//! The runner reads every line of a step's output that starts with `::` as a command, so all
//! user text is escaped per the workflow-command rules: in the message `%`, CR and LF become
//! `%25`, `%0D`, `%0A`; in properties `:` and `,` also become `%3A` and `%2C`. A finding about a
//! tool named `x\n::add-mask::y` therefore stays on its own annotation line, and
//! `::stop-commands::` inside a message is data, never a command.
//!
//! People read the annotations, in the pull request and in the log, so a message's user text
//! is [`visible`]: a line break in a name shows as `\n` instead of ending the message's first
//! line, and ESC, C1, bidi and invisible characters show as escapes (`\u{1b}`, `<U+202E>`).
//! [`escape_data`] and [`escape_property`] escape those characters too, whatever they are
//! given. In `file=`, CR and LF are %-escaped, so the runner reads the exact path back, while a
//! file name with ESC, bidi or invisible characters is shown with them escaped (its annotation
//! names the file but is not attached to its lines).
//!
//! GitHub shows at most 10 error and 10 warning annotations per step (50 per job), so the
//! findings are ranked (errors first, then warnings, each in report order) and at most
//! `limit` of each are emitted; a plain line then says how many were not annotated and that
//! the job summary (`--format markdown`) lists them all.

use std::fmt::Write as _;

use super::visible::{Layout, is_hidden, push_char, visible};
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
    let mut message = visible(&finding.message, Layout::OneLine).into_owned();
    if !finding.help.is_empty() {
        message.push_str("\nhelp: ");
        message.push_str(&visible(&finding.help, Layout::OneLine));
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

/// Escapes a command's message (the text after the second `::`): `%`, CR and LF as the
/// runner reads them back, other hidden characters as visible escapes.
pub fn escape_data(text: &str) -> String {
    escape(text, false)
}

/// Escapes a command property's value (`file=...`, `title=...`): as [`escape_data`], and `:`
/// and `,` too.
pub fn escape_property(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, property: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c if is_hidden(c) => {
                push_char(c, None, Layout::OneLine, &mut out);
            }
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

    #[test]
    fn terminal_and_bidi_codes_are_shown_not_sent() {
        assert_eq!(
            escape_data("\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}\u{202E}a\nb"),
            "\\u{1b}]0;owned\\u{7}\\u{1b}[2J\\u{9b}<U+202E>a%0Ab"
        );
        assert_eq!(
            escape_property("x\u{1b}[1m:\u{2066},y"),
            "x\\u{1b}[1m%3A<U+2066>%2Cy"
        );
    }
}
