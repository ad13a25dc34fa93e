//! Findings: what a check says about the tree. Findings are data, not errors: checks push
//! them, the engine filters them (severity settings, waivers), renderers print them.

use std::ops::Range;
use std::sync::Arc;

use crate::document::{Position, SourceFile};
use crate::rules::Rule;

/// How much a finding matters. Errors fail `steward lint`; warnings do not.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A span in a file.
#[derive(Debug, Clone)]
pub struct Location {
    pub source: Arc<SourceFile>,
    pub span: Range<usize>,
}

impl Location {
    pub fn new(source: &Arc<SourceFile>, span: Range<usize>) -> Self {
        Self {
            source: Arc::clone(source),
            span,
        }
    }

    pub fn start(&self) -> Position {
        self.source.position(self.span.start)
    }

    pub fn end(&self) -> Position {
        self.source.position(self.span.end)
    }
}

/// A secondary place that explains the finding ("person marked as left here").
#[derive(Debug, Clone)]
pub struct Label {
    pub location: Location,
    pub text: String,
}

/// What a finding is about, independent of line numbers: the entity and the field. Used to
/// match waivers and, across revisions, to tell old findings from new ones.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Subject {
    /// The file, relative to the tree root, e.g. `tools/canva.toml`.
    pub entity: String,
    /// A JSON pointer to the field, `""` for the whole entity.
    pub field: String,
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    pub location: Location,
    pub labels: Vec<Label>,
    pub subject: Subject,
}

impl Finding {
    pub fn new(
        rule: &'static Rule,
        location: Location,
        subject: Subject,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Self {
            rule,
            severity: rule.severity,
            message: message.into(),
            help: help.into(),
            location,
            labels: Vec::new(),
            subject,
        }
    }

    pub fn with_label(mut self, location: Location, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            location,
            text: text.into(),
        });
        self
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    /// The key findings are sorted by: file, line and column (the span's start), rule, then
    /// the span's end and the message for stability.
    pub fn sort_key(&self) -> (&str, usize, &'static str, usize, &str) {
        (
            &self.location.source.path,
            self.location.span.start,
            self.rule.code,
            self.location.span.end,
            &self.message,
        )
    }
}

/// Sorts findings into their documented order and drops exact duplicates.
pub fn sort_and_dedup(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
}
