//! Shared helpers for the `steward lint` integration tests: build a policy tree in a temporary
//! folder, run the real binary on it, and read its JSON report.
//!
//! Every test starts from [`Tree::baseline`], a minimal tree that lints clean on
//! [`TODAY`], and changes one thing. The baseline's files are the constants below; the line
//! numbers quoted in the tests refer to them.

#![allow(dead_code)] // each test binary uses a different subset of these helpers

pub mod git;
pub mod github_markdown;
pub mod hostile;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The date every test runs on, unless it says otherwise.
pub const TODAY: &str = "2026-11-25";
/// [`TODAY`] as the human outputs write it.
pub const TODAY_IN_WORDS: &str = "25 November 2026";

pub const ORG_PATH: &str = "policies/org.toml";
pub const TOOL_PATH: &str = "policies/tools/chat.toml";
pub const POLICY_PATH: &str = "policies/technology/acceptable-use.toml";
pub const BUDGET_PATH: &str = "policies/budgets/2026/it.toml";

/// `policies/org.toml`: two departments, two people.
pub const ORG: &str = r#"name = "Test Org"

[departments.it]
name = "IT"
head = "ana"

[departments.comms]
name = "Communications"
head = "ben"

[people.ana]
name = "Ana Lima"
department = "it"

[people.ben]
name = "Ben Okoro"
department = "comms"
"#;

/// `policies/tools/chat.toml`: an approved tool with every field a rule looks at.
///
/// Lines: 1 name, 4 status, 5 department, 6 owner, 7 backup_owner, 8 approved_on,
/// 9 last_reviewed, 11 `[cost]`, 12 amount, 13 currency, 14 period, 15 budget_line,
/// 17 `[exit_plan]`, 18 data_export, 19 export_formats, 20 alternatives, 21 last_tested.
pub const TOOL: &str = r#"name = "Chat"
vendor = "Chat Inc"
category = "messaging"
status = "approved"
department = "it"
owner = "ana"
backup_owner = "ben"
approved_on = 2025-01-10
last_reviewed = 2026-06-01

[cost]
amount = 100
currency = "USD"
period = "year"
budget_line = "2026/it#chat"

[exit_plan]
data_export = "Admin > Export > JSON archive of all channels"
export_formats = ["JSON"]
alternatives = ["Other Chat"]
last_tested = 2026-05-01
"#;

/// `policies/technology/acceptable-use.toml`: an active policy, reviewed recently.
///
/// Lines: 1 title, 2 status, 3 owner, 4 approved_by, 5 effective, 6 last_reviewed,
/// 7 review_every_months, 8 tools, 10 `[[clause]]`, 11 id, 12 text.
pub const POLICY: &str = r#"title = "Acceptable Use"
status = "active"
owner = "it"
approved_by = ["it"]
effective = 2025-01-01
last_reviewed = 2026-06-01
review_every_months = 12
tools = ["chat"]

[[clause]]
id = "scope"
text = "Applies to everyone."
"#;

/// `policies/budgets/2026/it.toml`: one line that pays for the tool.
///
/// Lines: 1 department, 2 fiscal_year, 3 currency, 4 allocation, 6 `[[line]]`, 7 id,
/// 8 description, 9 category, 10 amount, 11 tool, 12 recurring.
pub const BUDGET: &str = r#"department = "it"
fiscal_year = 2026
currency = "USD"
allocation = 1000

[[line]]
id = "chat"
description = "Chat licences"
category = "software"
amount = 100
tool = "chat"
recurring = true
"#;

/// A policy tree in a temporary project folder.
pub struct Tree {
    dir: TempDir,
}

impl Default for Tree {
    fn default() -> Self {
        Self::new()
    }
}

impl Tree {
    /// An empty project. A `.git` folder marks it as the project directory, so that steward
    /// does not look for a steward.toml in the folders above the temporary one.
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("steward-test-")
            .tempdir()
            .expect("create a temporary folder");
        fs::create_dir(dir.path().join(".git")).expect("create .git");
        Tree { dir }
    }

    /// The minimal valid tree: org, one tool, one policy, one budget.
    pub fn baseline() -> Self {
        Tree::new()
            .file(ORG_PATH, ORG)
            .file(TOOL_PATH, TOOL)
            .file(POLICY_PATH, POLICY)
            .file(BUDGET_PATH, BUDGET)
    }

    /// Writes a file (creating its folders), replacing any earlier content.
    pub fn file(self, path: &str, content: &str) -> Self {
        let full = self.dir.path().join(path);
        fs::create_dir_all(full.parent().expect("a parent folder")).expect("create folders");
        fs::write(&full, content).expect("write a file");
        self
    }

    /// Writes raw bytes (for files that are not UTF-8).
    pub fn bytes(self, path: &str, content: &[u8]) -> Self {
        let full = self.dir.path().join(path);
        fs::create_dir_all(full.parent().expect("a parent folder")).expect("create folders");
        fs::write(&full, content).expect("write a file");
        self
    }

    pub fn remove(self, path: &str) -> Self {
        fs::remove_file(self.dir.path().join(path)).expect("remove a file");
        self
    }

    /// Replaces `from` with `to` in a file; `from` must occur exactly once, so that a test
    /// cannot silently change nothing.
    pub fn edit(self, path: &str, from: &str, to: &str) -> Self {
        let full = self.dir.path().join(path);
        let text = fs::read_to_string(&full).expect("read a file");
        assert_eq!(
            text.matches(from).count(),
            1,
            "{path} should contain {from:?} exactly once"
        );
        let changed = text.replacen(from, to, 1);
        fs::write(&full, changed).expect("write a file");
        self
    }

    /// Appends text to a file.
    pub fn append(self, path: &str, text: &str) -> Self {
        let full = self.dir.path().join(path);
        let mut content = fs::read_to_string(&full).expect("read a file");
        content.push_str(text);
        fs::write(&full, content).expect("write a file");
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, path: &str) -> PathBuf {
        self.dir.path().join(path)
    }

    /// `steward` run in the project folder, without colors.
    pub fn steward(&self) -> Command {
        steward_in(self.dir.path())
    }

    /// `steward lint --today TODAY --format json ARGS`, parsed.
    pub fn lint(&self) -> Lint {
        self.lint_with(&[])
    }

    pub fn lint_on(&self, today: &str) -> Lint {
        run_json(self.dir.path(), &["--today", today])
    }

    pub fn lint_with(&self, args: &[&str]) -> Lint {
        let mut all = vec!["--today", TODAY];
        all.extend_from_slice(args);
        run_json(self.dir.path(), &all)
    }

    /// `steward lint --today TODAY` in human form: (stdout, exit code).
    pub fn human(&self) -> (String, i32) {
        run_human(self.dir.path(), &["--today", TODAY])
    }
}

/// `steward` run in `dir`, without colors.
pub fn steward_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("steward").expect("the steward binary");
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

pub fn run_json(dir: &Path, args: &[&str]) -> Lint {
    let output = steward_in(dir)
        .arg("lint")
        .args(["--format", "json"])
        .args(args)
        .output()
        .expect("run steward");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let doc: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\nstderr:\n{stderr}"));
    Lint {
        code: output.status.code().expect("an exit code"),
        doc,
        stderr,
    }
}

pub fn run_human(dir: &Path, args: &[&str]) -> (String, i32) {
    let output = steward_in(dir)
        .arg("lint")
        .args(args)
        .output()
        .expect("run steward");
    (
        String::from_utf8(output.stdout).expect("UTF-8 output"),
        output.status.code().expect("an exit code"),
    )
}

/// One diagnostic of the JSON report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    pub rule: String,
    pub severity: String,
    pub file: String,
    pub line: u64,
    pub column: u64,
    pub end_line: u64,
    pub end_column: u64,
    pub message: String,
    pub help: String,
}

impl Diag {
    /// `(rule, file, line, column)`: what most assertions compare.
    pub fn at(&self) -> (&str, &str, u64, u64) {
        (&self.rule, &self.file, self.line, self.column)
    }
}

/// A parsed `steward lint --format json` run.
#[derive(Debug)]
pub struct Lint {
    pub code: i32,
    pub doc: Value,
    pub stderr: String,
}

impl Lint {
    pub fn diagnostics(&self) -> Vec<Diag> {
        let text = |d: &Value, key: &str| {
            d[key]
                .as_str()
                .unwrap_or_else(|| panic!("{key} is not a string in {d}"))
                .to_string()
        };
        let number = |d: &Value, key: &str| {
            d[key]
                .as_u64()
                .unwrap_or_else(|| panic!("{key} is not a number in {d}"))
        };
        self.doc["diagnostics"]
            .as_array()
            .expect("a diagnostics array")
            .iter()
            .map(|d| Diag {
                rule: text(d, "rule"),
                severity: text(d, "severity"),
                file: text(d, "file"),
                line: number(d, "line"),
                column: number(d, "column"),
                end_line: number(d, "end_line"),
                end_column: number(d, "end_column"),
                message: text(d, "message"),
                help: text(d, "help"),
            })
            .collect()
    }

    /// Every diagnostic as `(rule, file, line, column)`, in report order.
    pub fn places(&self) -> Vec<(String, String, u64, u64)> {
        self.diagnostics()
            .into_iter()
            .map(|d| (d.rule, d.file, d.line, d.column))
            .collect()
    }

    /// Asserts that the report holds exactly these diagnostics, in this order.
    #[track_caller]
    pub fn assert_exactly(&self, expected: &[(&str, &str, u64, u64)]) {
        let actual = self.places();
        let expected: Vec<(String, String, u64, u64)> = expected
            .iter()
            .map(|(r, f, l, c)| (r.to_string(), f.to_string(), *l, *c))
            .collect();
        assert_eq!(actual, expected, "full report:\n{:#}", self.doc);
    }

    /// Asserts a clean report (no diagnostics at all) and exit code 0.
    #[track_caller]
    pub fn assert_clean(&self) {
        self.assert_exactly(&[]);
        assert_eq!(self.code, 0, "stderr: {}", self.stderr);
    }

    /// The diagnostics with this rule code.
    pub fn with_rule(&self, rule: &str) -> Vec<Diag> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d.rule == rule)
            .collect()
    }

    /// The one diagnostic with this rule code (panics when there are none or several).
    #[track_caller]
    pub fn one(&self, rule: &str) -> Diag {
        let found = self.with_rule(rule);
        assert_eq!(
            found.len(),
            1,
            "expected one {rule}; full report:\n{:#}",
            self.doc
        );
        found.into_iter().next().expect("one diagnostic")
    }

    pub fn has(&self, rule: &str) -> bool {
        !self.with_rule(rule).is_empty()
    }

    pub fn summary(&self, key: &str) -> u64 {
        self.doc["summary"][key]
            .as_u64()
            .unwrap_or_else(|| panic!("summary.{key} is not a number in {}", self.doc))
    }
}

/// A file or folder of the shared test data (`../shared/data` beside the repository, or
/// `$STEWARD_DATA`), or `None` when it is absent, saying so. With `STEWARD_REQUIRE_DATA=1`
/// (which `.ci/run` sets) an absent one fails the test instead: CI never passes by skipping.
pub fn shared_data(relative: &str) -> Option<PathBuf> {
    let base = std::env::var_os("STEWARD_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    let path = base.join(relative);
    if path.exists() {
        return Some(path);
    }
    if std::env::var_os("STEWARD_REQUIRE_DATA").is_some_and(|v| v == "1") {
        panic!(
            "the shared test data {} is missing, and STEWARD_REQUIRE_DATA=1 says it must be there (set STEWARD_DATA to its folder)",
            path.display()
        );
    }
    eprintln!(
        "SKIPPED: the shared test data {} is not there",
        path.display()
    );
    None
}

/// Runs steward on the repository itself (the sample tree and its steward.toml).
pub fn in_repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
