//! `--format sarif`: a SARIF 2.1.0 log for code-scanning tools
//! (`github/codeql-action/upload-sarif`).
//!
//! The document is built from serde structs, never by string concatenation, so it is valid
//! JSON whatever the findings say. It holds one run whose driver lists every rule of the
//! catalogue (id, short and full description, help as text and markdown, default level), so
//! that `ruleIndex` is stable across runs; each result has its rule, level, message, the
//! file's path relative to the project (percent-encoded where a URI needs it) and the region,
//! with columns counted in Unicode code points as everywhere in steward.
//!
//! `partialFingerprints` identify a finding by rule, entity and field (its
//! [`Subject`](crate::finding::Subject)), never by line, so an alert survives unrelated edits
//! above it. Code scanning accepts at most 25,000 results per run: past that the most
//! important are kept (errors first) and a tool notification says how many were left out.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::finding::{Finding, Severity};
use crate::lint::Report;
use crate::rules::{self, Rule};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// GitHub code scanning's limit of results per run.
pub const MAX_RESULTS: usize = 25_000;
/// The key of steward's fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "stewardFinding/v1";

/// The package's `repository` (or `homepage`) from Cargo.toml; none when neither is set.
const INFORMATION_URI: &str = if !REPOSITORY.is_empty() {
    REPOSITORY
} else {
    HOMEPAGE
};
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");
const HOMEPAGE: &str = env!("CARGO_PKG_HOMEPAGE");

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    invocations: Vec<Invocation>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    short_description: Text,
    full_description: Text,
    help: TextAndMarkdown,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct TextAndMarkdown {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<ResultLocation>,
    partial_fingerprints: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultLocation {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

/// Renders a report as one SARIF 2.1.0 document.
pub fn render(report: &Report) -> String {
    render_with_limit(report, MAX_RESULTS)
}

/// [`render`] with a different cap on results (for tests).
pub fn render_with_limit(report: &Report, max_results: usize) -> String {
    let catalogue = rules::all();
    let index: HashMap<&str, usize> = catalogue
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code, i))
        .collect();

    // Errors first, then warnings, each in report order; then the cap.
    let ranked: Vec<&Finding> = [Severity::Error, Severity::Warning]
        .into_iter()
        .flat_map(|s| report.findings.iter().filter(move |f| f.severity == s))
        .collect();
    let left_out = ranked.len().saturating_sub(max_results);

    let mut occurrences: HashMap<String, usize> = HashMap::new();
    let results = ranked
        .into_iter()
        .take(max_results)
        .map(|finding| result(finding, &index, &mut occurrences))
        .collect();

    let invocations = if left_out > 0 {
        vec![Invocation {
            execution_successful: true,
            tool_execution_notifications: vec![Notification {
                level: "warning",
                message: Text {
                    text: format!(
                        "{left_out} findings were left out: a SARIF run may hold at most {max_results} results. \
                         `steward lint --format json` lists them all."
                    ),
                },
            }],
        }]
    } else {
        Vec::new()
    };

    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "steward",
                    information_uri: (!INFORMATION_URI.is_empty()).then_some(INFORMATION_URI),
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules: catalogue.iter().map(|r| descriptor(r)).collect(),
                },
            },
            invocations,
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_else(|e| {
        // Serializing strings, numbers and maps with string keys cannot fail; should it ever,
        // the output is still a valid (empty) SARIF log.
        format!(
            "{{\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{\"driver\":{{\"name\":\"steward\"}}}},\"results\":[],\"properties\":{{\"error\":{}}}}}]}}",
            serde_json::Value::String(e.to_string())
        )
    });
    text.push('\n');
    text
}

fn descriptor(rule: &'static Rule) -> ReportingDescriptor {
    ReportingDescriptor {
        id: rule.code,
        short_description: Text {
            text: rule.summary.to_string(),
        },
        full_description: Text {
            text: format!("{} {}", rule.what, rule.why),
        },
        help: TextAndMarkdown {
            text: rules::explain(rule),
            markdown: help_markdown(rule),
        },
        default_configuration: Configuration {
            level: level(rule.severity),
        },
        properties: RuleProperties {
            tags: vec!["steward", rule.family()],
        },
    }
}

/// The rule's explanation in markdown: the same text as `steward explain`.
fn help_markdown(rule: &Rule) -> String {
    let mut out = format!(
        "**{}**\n\n**What it does**\n\n{}\n\n**Why it matters**\n\n{}\n",
        rule.summary, rule.what, rule.why
    );
    if !rule.example.is_empty() {
        out.push_str(&format!(
            "\n**Example**\n\n```toml\n{}\n```\n\n**Use instead**\n\n```toml\n{}\n```\n",
            rule.example, rule.fix
        ));
    }
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn result(
    finding: &Finding,
    index: &HashMap<&str, usize>,
    occurrences: &mut HashMap<String, usize>,
) -> SarifResult {
    let start = finding.location.start();
    let end = finding.location.end();
    let mut text = finding.message.clone();
    if !finding.help.is_empty() {
        text.push_str("\nhelp: ");
        text.push_str(&finding.help);
    }
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(FINGERPRINT_KEY, fingerprint(finding, occurrences));
    SarifResult {
        rule_id: finding.rule.code,
        rule_index: index.get(finding.rule.code).copied().unwrap_or(0),
        level: level(finding.severity),
        message: Text { text },
        locations: vec![ResultLocation {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: uri_path(&finding.location.source.path),
                },
                region: Region {
                    start_line: start.line.max(1),
                    start_column: start.column.max(1),
                    end_line: end.line.max(start.line).max(1),
                    end_column: end.column.max(1),
                },
            },
        }],
        partial_fingerprints: fingerprints,
    }
}

/// A stable fingerprint: FNV-1a (64 bits) of rule, entity and field, then `:n` for the n-th
/// finding with the same three in this run (as GitHub's own `primaryLocationLineHash` does).
/// Lines are left out on purpose, so that an edit above a finding does not make it new.
pub fn fingerprint(finding: &Finding, occurrences: &mut HashMap<String, usize>) -> String {
    let (rule, entity, field) = finding.identity();
    let key = format!("{rule}\u{0}{entity}\u{0}{field}");
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let n = occurrences.entry(key).or_insert(0);
    *n += 1;
    format!("{hash:016x}:{n}")
}

/// A relative path as a URI reference: unreserved characters and `/` stay, everything else
/// is percent-encoded byte by byte (a file named `a b#c.toml` becomes `a%20b%23c.toml`).
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            uri_path("policies/tools/canva.toml"),
            "policies/tools/canva.toml"
        );
        assert_eq!(uri_path("a b#c?.toml"), "a%20b%23c%3F.toml");
        assert_eq!(uri_path("é"), "%C3%A9");
    }
}
