//! `--format junit`: JUnit XML for CI dashboards (GitLab, Jenkins, Azure DevOps, test-report
//! actions).
//!
//! One `<testsuite name="steward">`; one `<testcase>` per file that has findings, named by its
//! path, so a dashboard shows which files to fix. A file with errors fails: its `<failure>`
//! lists every finding in it (errors and warnings), one per line with line, column, rule,
//! message and help. A file with warnings only passes and lists them in `<system-out>`
//! (warnings do not fail `steward lint` either). The files without findings share one passing
//! testcase, `files without findings`, whose name stays the same from run to run so that
//! dashboards can follow its history; their count is in the suite's properties.
//!
//! The XML is written by hand with [`escape`]: the format needs five elements, and escaping
//! (the five XML entities, line breaks in attributes as character references, and characters
//! XML 1.0 forbids replaced by U+FFFD) is a few lines, so no XML crate is linked into the
//! binary. The tests parse the output with a real XML parser.

use std::fmt::Write as _;

use crate::finding::{Finding, Severity};
use crate::lint::Report;

/// The testcase that stands for every file without findings.
pub const CLEAN_FILES_CASE: &str = "files without findings";

pub fn render(report: &Report) -> String {
    // Group findings by file, keeping the report's order (sorted by file).
    let mut files: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for finding in &report.findings {
        let path = finding.location.source.path.as_str();
        match files.last_mut() {
            Some((last, group)) if *last == path => group.push(finding),
            _ => files.push((path, vec![finding])),
        }
    }
    let clean = report.files.saturating_sub(files.len());
    let failures = files
        .iter()
        .filter(|(_, group)| group.iter().any(|f| f.severity == Severity::Error))
        .count();
    let tests = files.len() + usize::from(clean > 0 || files.is_empty());

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let counts = format!("tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\"");
    let _ = writeln!(out, "<testsuites name=\"steward\" {counts}>");
    let _ = writeln!(out, "  <testsuite name=\"steward\" {counts}>");
    out.push_str("    <properties>\n");
    for (name, value) in [
        ("files", report.files),
        ("errors", report.errors()),
        ("warnings", report.warnings()),
        ("waived", report.waived),
        ("preexisting", report.preexisting),
    ] {
        let _ = writeln!(out, "      <property name=\"{name}\" value=\"{value}\"/>");
    }
    out.push_str("    </properties>\n");
    for (path, group) in &files {
        testcase(path, group, &mut out);
    }
    if clean > 0 || files.is_empty() {
        let _ = writeln!(
            out,
            "    <testcase classname=\"steward\" name=\"{CLEAN_FILES_CASE}\"/>"
        );
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn testcase(path: &str, findings: &[&Finding], out: &mut String) {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    let _ = writeln!(
        out,
        "    <testcase classname=\"steward\" name=\"{}\" file=\"{}\">",
        escape(path),
        escape(path)
    );
    let body: String = findings.iter().map(|f| line(f)).collect();
    if errors > 0 {
        let first = findings
            .iter()
            .find(|f| f.severity == Severity::Error)
            .map_or("", |f| f.rule.code);
        let message = format!(
            "{errors} {}{}",
            if errors == 1 { "error" } else { "errors" },
            match warnings {
                0 => String::new(),
                1 => ", 1 warning".to_string(),
                n => format!(", {n} warnings"),
            }
        );
        let _ = writeln!(
            out,
            "      <failure message=\"{}\" type=\"{}\">{}</failure>",
            escape(&message),
            escape(first),
            escape(&body)
        );
    } else {
        let _ = writeln!(out, "      <system-out>{}</system-out>", escape(&body));
    }
    out.push_str("    </testcase>\n");
}

/// `line:column: severity[rule] message` and, indented, the help.
fn line(finding: &Finding) -> String {
    let at = finding.location.start();
    let mut text = format!(
        "{}:{}:{}: {}[{}] {}\n",
        finding.location.source.path,
        at.line,
        at.column,
        finding.severity.as_str(),
        finding.rule.code,
        finding.message
    );
    if !finding.help.is_empty() {
        let _ = writeln!(text, "  help: {}", finding.help);
    }
    text
}

/// Escapes text for XML 1.0 content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Kept as references so that attribute values keep them (parsers normalize raw
            // line breaks and tabs in attributes to spaces).
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            // Not allowed anywhere in XML 1.0, not even as a character reference.
            c if (c < ' ') || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_forbidden_characters() {
        assert_eq!(
            escape("</failure><x a='1'>&\u{1}\n"),
            "&lt;/failure&gt;&lt;x a=&apos;1&apos;&gt;&amp;\u{FFFD}&#10;"
        );
    }
}
