//! `--format json`: one document, stable field names (the contract in the README).

use serde::Serialize;

use crate::finding::Finding;
use crate::lint::Report;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    summary: Summary,
    diagnostics: Vec<Diagnostic<'a>>,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    files: usize,
    waived: usize,
    preexisting: usize,
    /// With `--new-only`, when the base could not be linted: why (every finding is listed).
    #[serde(skip_serializing_if = "Option::is_none")]
    base_error: Option<String>,
}

#[derive(Serialize)]
pub struct Diagnostic<'a> {
    pub rule: &'static str,
    pub severity: &'static str,
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: &'a str,
    pub help: &'a str,
    /// More findings of this rule in this file, counted in the summary but not listed.
    #[serde(skip_serializing_if = "is_zero")]
    pub omitted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl<'a> From<&'a Finding> for Diagnostic<'a> {
    fn from(f: &'a Finding) -> Self {
        let start = f.location.start();
        let end = f.location.end();
        Diagnostic {
            rule: f.rule.code,
            severity: f.severity.as_str(),
            file: &f.location.source.path,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            message: &f.message,
            help: &f.help,
            omitted: f.omitted,
        }
    }
}

pub fn render(report: &Report) -> String {
    let document = Document {
        version: 1,
        summary: Summary {
            errors: report.errors(),
            warnings: report.warnings(),
            files: report.files,
            waived: report.waived,
            preexisting: report.preexisting,
            base_error: report.base_error.clone(),
        },
        diagnostics: report.findings.iter().map(Diagnostic::from).collect(),
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_else(|e| {
        // Serializing plain strings and numbers cannot fail; keep the output a valid document.
        format!("{{\"version\":1,\"error\":\"{e}\"}}")
    });
    text.push('\n');
    text
}
