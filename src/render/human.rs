//! Human output through miette: one diagnostic per finding with the source snippet, the span
//! underlined, the rule code and a help line; then a one-line summary.
//!
//! Everything miette prints of a finding is handed to it here, and all of it is user text or
//! holds some (a tool's name in a message, a file name, the file's own lines): message, help,
//! label texts and paths go through [`shown`], the snippet through [`Excerpt`], which escapes
//! the same characters and keeps the underline under them. miette's own colours are added
//! after, so they still work on a terminal.

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

/// Renders a lint report. `color` adds ANSI colors; callers decide (terminal, NO_COLOR).
pub fn render(report: &Report, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100)
        .with_context_lines(1);
    // Each diagnostic is rendered on its own, from a small excerpt of its file, so they
    // are rendered in parallel and joined in the report's order.
    let rendered: Vec<String> = report
        .findings
        .par_iter()
        .map(|finding| {
            let mut one = String::new();
            render_finding(&handler, finding, &mut one);
            one
        })
        .collect();
    let mut out = String::with_capacity(rendered.iter().map(String::len).sum::<usize>() + 200);
    for one in &rendered {
        out.push_str(one);
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
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

/// "2 errors and 1 warning in 25 files (1 finding waived)."
pub fn summary(report: &Report) -> String {
    let errors = report.errors();
    let warnings = report.warnings();
    let files = plural(report.files, "file", "files");
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
    let waived = if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join("; "))
    };
    let counts = match (errors, warnings) {
        (0, 0) => return format!("No problems found in {files}{waived}."),
        (e, 0) => plural(e, "error", "errors"),
        (0, w) => plural(w, "warning", "warnings"),
        (e, w) => format!(
            "{} and {}",
            plural(e, "error", "errors"),
            plural(w, "warning", "warnings")
        ),
    };
    format!("{counts} in {files}{waived}.")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
