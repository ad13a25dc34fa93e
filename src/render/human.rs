//! Human output through miette: one diagnostic per finding with the source snippet, the span
//! underlined, the rule code and a help line; findings of a rule seen many times as one
//! block; then what the counts mean.
//!
//! Everything miette prints of a finding is handed to it here, and all of it is user text or
//! holds some (a tool's name in a message, a file name, the file's own lines): message, help,
//! label texts and paths go through [`shown`], the snippet through [`Excerpt`], which escapes
//! the same characters and keeps the underline under them. miette's own colours are added
//! after, so they still work on a terminal.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic,
    Severity as MietteSeverity,
};
use rayon::prelude::*;

use super::excerpt::Excerpt;
use super::visible::{Layout, visible};
use crate::finding::{Finding, Severity};
use crate::lint::Report;
use crate::words;

/// More findings of one rule than this are shown as one block listing each, not a box each.
const GROUP_ABOVE: usize = 3;

/// Renders a lint report: what was checked and when, one diagnostic per finding (findings of
/// a rule seen more than [`GROUP_ABOVE`] times as one block), then what the counts mean.
/// `color` adds ANSI colors; callers decide (terminal, NO_COLOR).
pub fn render(report: &Report, color: bool) -> String {
    if report.findings.is_empty() {
        return format!("{}\n", summary(report));
    }
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100)
        .with_context_lines(1);
    let (single, groups) = split_repeated(&report.findings);
    // Each diagnostic is rendered on its own, from a small excerpt of its file, so they
    // are rendered in parallel and joined in the report's order.
    let rendered: Vec<String> = single
        .par_iter()
        .map(|finding| {
            let mut one = String::new();
            render_finding(&handler, finding, &mut one);
            one
        })
        .collect();
    let mut out = String::with_capacity(rendered.iter().map(String::len).sum::<usize>() + 400);
    let _ = writeln!(out, "{}\n", checked(report));
    for one in &rendered {
        out.push_str(one);
    }
    for group in &groups {
        render_group(group, &mut out);
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

/// The findings shown one by one, in the report's order, and those of rules seen more than
/// [`GROUP_ABOVE`] times, one list per rule (errors first, then by code).
fn split_repeated(findings: &[Finding]) -> (Vec<&Finding>, Vec<Vec<&Finding>>) {
    let mut by_rule: BTreeMap<(bool, &str), Vec<&Finding>> = BTreeMap::new();
    for finding in findings {
        by_rule
            .entry((finding.severity == Severity::Warning, finding.rule.code))
            .or_default()
            .push(finding);
    }
    let repeated = |finding: &Finding| {
        by_rule
            .get(&(finding.severity == Severity::Warning, finding.rule.code))
            .is_some_and(|group| group.len() > GROUP_ABOVE)
    };
    let single = findings.iter().filter(|f| !repeated(f)).collect();
    let groups = by_rule
        .into_values()
        .filter(|group| group.len() > GROUP_ABOVE)
        .collect();
    (single, groups)
}

/// One block for many findings of one rule: what the rule is about, each finding's place and
/// message on its own line, and the help of the first as an example.
fn render_group(group: &[&Finding], out: &mut String) {
    let Some(first) = group.first() else {
        return;
    };
    let glyph = match first.severity {
        Severity::Error => "×",
        Severity::Warning => "⚠",
    };
    let count: usize = group.iter().map(|f| f.weight()).sum();
    let _ = writeln!(out, "{}\n", first.rule.code);
    let _ = writeln!(out, "  {glyph} {} times: {}", count, first.rule.summary);
    for finding in group {
        let at = finding.location.start();
        let _ = writeln!(
            out,
            "    · {}:{}:{}  {}",
            shown(&finding.location.source.path),
            at.line,
            at.column,
            shown(&finding.message)
        );
    }
    let _ = writeln!(
        out,
        "  help: fix each the same way; for the first: {}\n  (`steward explain {}` says more)\n",
        shown(&first.help),
        first.rule.code
    );
}

/// "Checked 14 files on 25 November 2026."
pub(super) fn checked(report: &Report) -> String {
    let files = plural(report.files, "file", "files");
    match report.checked_on {
        Some(day) => format!("Checked {files} on {}.", words::long_date(day)),
        None => format!("Checked {files}."),
    }
}

fn render_finding(handler: &GraphicalReportHandler, finding: &Finding, out: &mut String) {
    let source = &finding.location.source;
    let mut help = shown(&finding.help);
    let note = |help: &mut String, label: &crate::finding::Label| {
        let at = label.location.start();
        let _ = write!(
            help,
            "\nnote: {}:{}:{}: {}",
            shown(&label.location.source.path),
            at.line,
            at.column,
            shown(&label.text)
        );
    };
    // The primary span, then the labels shown in the same snippet.
    let mut spans = vec![finding.location.span.clone()];
    let mut texts = Vec::new();
    for label in &finding.labels {
        if std::sync::Arc::ptr_eq(&label.location.source, source) {
            spans.push(label.location.span.clone());
            texts.push(label);
        } else {
            note(&mut help, label);
        }
    }
    let (excerpt, mapped) = Excerpt::new(source, &spans);
    let mut labels = Vec::new();
    if !source.text.is_empty() {
        let mut mapped = mapped.into_iter();
        if let Some(Some(primary)) = mapped.next() {
            labels.push(LabeledSpan::new_primary_with_span(None, primary));
        }
        for (label, span) in texts.into_iter().zip(mapped) {
            match span {
                Some(span) => {
                    labels.push(LabeledSpan::new_with_span(Some(shown(&label.text)), span))
                }
                None => note(&mut help, label),
            }
        }
    }
    let diagnostic = MietteDiagnostic::new(shown(&finding.message))
        .with_code(finding.rule.code)
        .with_severity(match finding.severity {
            Severity::Error => MietteSeverity::Error,
            Severity::Warning => MietteSeverity::Warning,
        })
        .with_help(help)
        .with_labels(labels);
    if source.text.is_empty() {
        // Nothing to show from the file (it could not be read): name it in the message.
        let diagnostic = MietteDiagnostic {
            message: format!("{}: {}", shown(&source.path), diagnostic.message),
            ..diagnostic
        };
        let _ = handler.render_report(out, &diagnostic);
    } else {
        let report = miette::Report::new(diagnostic).with_source_code(excerpt);
        let _ = handler.render_report(out, report.as_ref());
    }
    out.push('\n');
}

/// User text as a diagnostic shows it: on one line, with nothing a terminal would act on.
fn shown(text: &str) -> String {
    visible(text, Layout::OneLine).into_owned()
}

/// What the counts mean: "2 errors must be fixed before the change can be merged; 12 warnings
/// should be looked at (1 finding waived)." A clean run says what was checked and when.
pub fn summary(report: &Report) -> String {
    let errors = report.errors();
    let warnings = report.warnings();
    let mut notes = Vec::new();
    if report.waived > 0 {
        notes.push(format!(
            "{} waived",
            plural(report.waived, "finding", "findings")
        ));
    }
    if report.preexisting > 0 {
        notes.push(format!(
            "{} already in the base not shown",
            plural(report.preexisting, "finding", "findings")
        ));
    }
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join("; "))
    };
    let must_fix = (errors > 0).then(|| {
        format!(
            "{} before the change can be merged",
            plural(errors, "error must be fixed", "errors must be fixed")
        )
    });
    let look_at = (warnings > 0).then(|| {
        plural(
            warnings,
            "warning should be looked at",
            "warnings should be looked at",
        )
    });
    match (must_fix, look_at) {
        (None, None) => {
            let checked = checked(report);
            let checked = checked.strip_suffix('.').unwrap_or(&checked);
            format!("{checked}: no problems found{notes}.")
        }
        (Some(one), None) | (None, Some(one)) => format!("{one}{notes}."),
        (Some(must), Some(look)) => format!("{must}; {look}{notes}."),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
