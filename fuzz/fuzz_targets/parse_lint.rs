//! Arbitrary bytes as one file of a policy tree: decode them as the sources do, lint the tree
//! (parse, schema, governance rules) and render the report. Nothing may panic; every finding
//! must point inside its file; the JSON report must be a valid document.
//!
//! The first byte picks which kind of file the rest is (tool, policy, budget, organization,
//! schema override), so that every schema and rule family is reached. The sample tree's
//! `org.toml` sits next to it (unless the input is the org file) so that references resolve.

#![no_main]

use libfuzzer_sys::fuzz_target;
use steward::config::Config;
use steward::lint::lint_files;
use steward::source::{RawFile, decode};

const ORG: &str = include_str!("../../policies/org.toml");

const PATHS: &[&str] = &[
    "tools/x.toml",
    "technology/x.toml",
    "budgets/2026/it.toml",
    "org.toml",
    "schemas/tool.schema.json",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let path = PATHS[usize::from(selector) % PATHS.len()];
    let mut files = vec![RawFile {
        path: path.to_string(),
        content: decode(bytes.to_vec()),
    }];
    if path != "org.toml" {
        files.push(RawFile {
            path: "org.toml".to_string(),
            content: Ok(ORG.to_string()),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));

    let today = jiff::civil::date(2026, 11, 25);
    let report = lint_files(files, "policies/", &Config::default(), today);

    for finding in &report.findings {
        let text = &finding.location.source.text;
        let span = &finding.location.span;
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "{}: span {span:?} outside a {}-byte file",
            finding.code(),
            text.len()
        );
        let start = finding.location.start();
        let end = finding.location.end();
        assert!(start.line >= 1 && start.column >= 1 && start <= end);
        for label in &finding.labels {
            let _ = label.location.start();
            let _ = label.location.end();
        }
    }

    let json = steward::render::json::render(&report);
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&json) {
        panic!("the JSON report is not valid JSON ({e}):\n{json}");
    }
    let _ = steward::render::human::render(&report, false);
});
