//! `--format json`: one document, stable field names (the contract in the README).

use serde::Serialize;

use crate::finding::FindingRecord;
use crate::lint::Report;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    summary: Summary,
    diagnostics: Vec<FindingRecord<'a>>,
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
        diagnostics: report.findings.iter().map(FindingRecord::from).collect(),
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_else(|e| {
        // Serializing plain strings and numbers cannot fail; keep the output a valid document.
        format!("{{\"version\":1,\"error\":\"{e}\"}}")
    });
    text.push('\n');
    text
}
