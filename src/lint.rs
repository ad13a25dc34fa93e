//! `steward lint`: load a tree, run every check, settle severities and waivers, and sort.

use jiff::civil::Date;

use crate::config::Config;
use crate::finding::{Finding, Severity, cap_per_file_and_rule, sort_and_dedup};
use crate::layout::Layout;
use crate::loader::{self, Loaded};
use crate::rules::{self, Context};
use crate::source::RawFile;

/// What a lint run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Sorted by file, line, column, rule.
    pub findings: Vec<Finding>,
    pub files: usize,
    pub waived: usize,
    /// With `--new-only`: findings not shown because the base already had them.
    pub preexisting: usize,
    /// With `--new-only`: why the base could not be linted (then every finding is shown).
    pub base_error: Option<String>,
    /// The day the rules were checked against (`--today`), when there was one.
    pub checked_on: Option<Date>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        // A finding that stands for omitted ones counts them too.
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .map(Finding::weight)
            .sum()
    }

    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }
}

/// Lints already-read files laid out by the built-in kinds only.
pub fn lint_files(files: Vec<RawFile>, prefix: &str, config: &Config, today: Date) -> Report {
    lint_files_in(files, prefix, &Layout::default(), config, today)
}

/// Lints already-read files laid out by `layout` (built-in and declared kinds).
pub fn lint_files_in(
    files: Vec<RawFile>,
    prefix: &str,
    layout: &Layout,
    config: &Config,
    today: Date,
) -> Report {
    let loaded = loader::load(files, prefix, layout);
    lint_loaded(loaded, config, today).0
}

/// Lints a loaded tree and hands the tree back for callers that need it (diff, review).
pub fn lint_loaded(mut loaded: Loaded, config: &Config, today: Date) -> (Report, Loaded) {
    let ctx = Context {
        tree: &loaded.tree,
        config,
        today,
    };
    let mut findings = std::mem::take(&mut loaded.findings);
    findings.extend(rules::check(&ctx));
    let outcome = rules::settle(findings, &ctx);
    let mut findings = outcome.findings;
    sort_and_dedup(&mut findings);
    cap_per_file_and_rule(&mut findings);
    let report = Report {
        findings,
        files: loaded.files,
        waived: outcome.waived,
        preexisting: 0,
        base_error: None,
        checked_on: Some(today),
    };
    (report, loaded)
}
