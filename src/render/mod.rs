//! Renderers: the only code that turns findings into text. Each format is one function from
//! a report to a string, so output can go to a terminal, a file or a test snapshot alike.

pub mod calendar;
pub mod changelog;
pub mod decision;
pub mod diff;
mod excerpt;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod lint_markdown;
pub mod markdown;
pub mod report;
pub mod review;
pub mod sarif;
pub mod terminal;
pub mod visible;
pub mod xlsx;

use clap::ValueEnum;

/// Output formats of `steward lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// Readable diagnostics with source snippets (colored on a terminal).
    Human,
    /// One JSON document (see the README for its fields).
    Json,
    /// GitHub Actions annotations (workflow commands), at most 10 errors and 10 warnings.
    Github,
    /// SARIF 2.1.0, for code scanning (github/codeql-action/upload-sarif).
    Sarif,
    /// JUnit XML: one test case per file with findings.
    Junit,
    /// Markdown for a job summary or pull request comment.
    Markdown,
}

/// Whether to use color: only on a terminal, and never when NO_COLOR is set.
pub fn use_color(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Output formats of `steward diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Readable text (colored on a terminal).
    Human,
    /// Markdown for a pull request or job summary.
    Markdown,
    /// One JSON document (see the README for its fields).
    Json,
}
