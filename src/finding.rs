//! Findings: what a check says about the tree. Findings are data, not errors: checks push
//! them, the engine filters them (severity settings, waivers), renderers print them.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use crate::document::{Position, SourceFile};
use crate::rule::Rule;
pub use crate::rule::Severity;

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
    /// How many more findings of this rule in this file were counted but not kept (see
    /// [`MAX_PER_FILE_AND_RULE`]); they count in every total.
    pub omitted: usize,
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
            omitted: 0,
        }
    }

    /// This finding and those it stands for: 1 plus the omitted ones.
    pub fn weight(&self) -> usize {
        1 + self.omitted
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

    /// What makes two findings the same one across revisions and runs: the rule, the entity
    /// and the field, not the line, so that an edit above an old problem does not make it
    /// new. `lint --new-only`, the diff's fixed and introduced findings and SARIF's
    /// fingerprints all match findings by this.
    pub fn identity(&self) -> (&'static str, &str, &str) {
        (self.rule.code, &self.subject.entity, &self.subject.field)
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

/// A finding as every structured output reports it (lint's `--format json` diagnostics, the
/// diff's fixed and introduced findings, the review packet's open findings): one shape.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FindingRecord<'a> {
    pub rule: &'static str,
    pub severity: &'static str,
    pub file: Cow<'a, str>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: Cow<'a, str>,
    pub help: Cow<'a, str>,
    /// More findings of this rule in this file, counted in the totals but not listed.
    #[serde(skip_serializing_if = "is_zero")]
    pub omitted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl<'a> From<&'a Finding> for FindingRecord<'a> {
    fn from(f: &'a Finding) -> Self {
        let start = f.location.start();
        let end = f.location.end();
        FindingRecord {
            rule: f.rule.code,
            severity: f.severity.as_str(),
            file: Cow::Borrowed(&f.location.source.path),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            message: Cow::Borrowed(&f.message),
            help: Cow::Borrowed(&f.help),
            omitted: f.omitted,
        }
    }
}

impl FindingRecord<'_> {
    /// The same record, owning its text (for results kept after the findings are gone).
    pub fn into_owned(self) -> FindingRecord<'static> {
        FindingRecord {
            file: Cow::Owned(self.file.into_owned()),
            message: Cow::Owned(self.message.into_owned()),
            help: Cow::Owned(self.help.into_owned()),
            ..self
        }
    }
}

/// Sorts findings into their documented order and drops exact duplicates.
pub fn sort_and_dedup(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
}

/// How many findings of one rule in one file are kept in full. A pull request can write a file
/// with a hundred thousand unknown keys; past this many, the rest are only counted, so memory
/// and output stay bounded whatever the input, and the last finding kept says how many more
/// there are.
pub const MAX_PER_FILE_AND_RULE: usize = 100;

/// Keeps at most [`MAX_PER_FILE_AND_RULE`] findings of each rule in each file (the first, in
/// the findings' order); the last one kept counts the others and says so in its message.
pub fn cap_per_file_and_rule(findings: &mut Vec<Finding>) {
    use std::collections::HashMap;
    // (file, rule) -> (kept, index of the last kept, omitted)
    let mut groups: HashMap<(&str, &str), (usize, usize, usize)> = HashMap::new();
    let mut keep = vec![true; findings.len()];
    for (index, finding) in findings.iter().enumerate() {
        let key = (finding.location.source.path.as_str(), finding.rule.code);
        let group = groups.entry(key).or_insert((0, index, 0));
        group.2 += finding.omitted;
        if group.0 < MAX_PER_FILE_AND_RULE {
            group.0 += 1;
            group.1 = index;
        } else {
            keep[index] = false;
            group.2 += 1;
        }
    }
    let last_kept: HashMap<usize, usize> = groups
        .into_values()
        .filter(|(_, _, omitted)| *omitted > 0)
        .map(|(_, last, omitted)| (last, omitted))
        .collect();
    if last_kept.is_empty() {
        for finding in findings.iter_mut() {
            finding.omitted = 0;
        }
        return;
    }
    let mut index = 0;
    findings.retain_mut(|finding| {
        let this = index;
        index += 1;
        finding.omitted = last_kept.get(&this).copied().unwrap_or(0);
        if finding.omitted > 0 {
            finding.message.push_str(&format!(
                " ({} more like this in this file are counted but not listed)",
                finding.omitted
            ));
        }
        keep[this]
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(path: &str, rule: &'static Rule, offset: usize) -> Finding {
        let source = Arc::new(SourceFile::new(path, &"x\n".repeat(300)));
        Finding::new(
            rule,
            Location::new(&source, offset..offset + 1),
            Subject {
                entity: path.to_string(),
                field: String::new(),
            },
            "m",
            "h",
        )
    }

    #[test]
    fn caps_each_rule_in_each_file() {
        let unknown = &crate::rules::input::SCHEMA_ADDITIONAL_PROPERTY;
        let syntax = &crate::rules::input::TOML_SYNTAX;
        let mut findings: Vec<Finding> = (0..250)
            .map(|i| finding("a.toml", unknown, i))
            .chain((0..3).map(|i| finding("a.toml", syntax, i)))
            .chain((0..120).map(|i| finding("b.toml", unknown, i)))
            .collect();
        findings[7].omitted = 1000;
        cap_per_file_and_rule(&mut findings);
        let count = |path: &str, rule: &Rule| {
            findings
                .iter()
                .filter(|f| f.location.source.path == path && f.rule.code == rule.code)
                .collect::<Vec<_>>()
        };
        let a = count("a.toml", unknown);
        assert_eq!(a.len(), MAX_PER_FILE_AND_RULE);
        assert_eq!(
            a.iter().map(|f| f.omitted).collect::<Vec<_>>()[..99],
            [0; 99]
        );
        assert_eq!(a[99].omitted, 150 + 1000);
        assert!(
            a[99]
                .message
                .ends_with("(1150 more like this in this file are counted but not listed)")
        );
        assert_eq!(a.iter().map(|f| f.weight()).sum::<usize>(), 250 + 1000);
        assert_eq!(count("a.toml", syntax).len(), 3);
        assert_eq!(count("b.toml", unknown).last().map(|f| f.omitted), Some(20));
    }
}
