//! The GitHub Action (action.yml + scripts/action/), run as the runner would run it.
//!
//! The harness reads action.yml (YAML parsed with `serde_yaml_ng`), validates it against a
//! JSON schema for action metadata (tests/action/github-action.schema.json, a hand-written
//! subset of SchemaStore's), then runs each `run:` step under `bash --noprofile --norc -eo
//! pipefail` as the runner does, with `${{ inputs.* }}`, `${{ github.* }}`, `${{ runner.* }}` and
//! `${{ steps.*.outputs.* }}` substituted in `env:` values (a `run:` text holding an expression
//! fails the test: inputs must reach scripts through `env:` only), step `if:` conditions
//! evaluated, real GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_PATH, GITHUB_EVENT_PATH and
//! GITHUB_WORKSPACE files, and GITHUB_ACTION_PATH at this repository (or at a copy of its
//! action files with a release manifest). A failed step stops the steps after it except those
//! whose `if:` asks for `!cancelled()`. `uses:` steps (the build cache) are the runner's
//! business and are skipped; most tests pass `install: path` and put the test build of
//! steward on PATH, and the install tests package that same binary with
//! scripts/release/package.sh, so steward is never compiled here. The pull-request comment
//! talks to a fake GitHub API on loopback (tests/action/github_api.rs).
//!
//! Each scenario builds a real repository with the git CLI: `main` holds the base, a `feature`
//! branch the pull request's change, and `pull-1-merge` the merge commit GitHub checks out for
//! a pull request (first parent: the base). The workspace is a clone of it, full or shallow.

mod common;
#[path = "action/github_api.rs"]
mod github_api;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{BUDGET, BUDGET_PATH, ORG, ORG_PATH, POLICY, POLICY_PATH, TODAY, TOOL, TOOL_PATH};
use github_api::{FakeGitHub, State};
use serde_json::{Value, json};
use tempfile::TempDir;

/// The action's folder: this repository.
const ACTION_PATH: &str = env!("CARGO_MANIFEST_DIR");

fn action_yml() -> Value {
    let text = fs::read_to_string(Path::new(ACTION_PATH).join("action.yml")).expect("action.yml");
    serde_yaml_ng::from_str(&text).expect("action.yml is YAML")
}

// --- git --------------------------------------------------------------------------------------

/// Environment for the git commands the tests run: no user or system configuration, a fixed
/// identity.
fn git_env() -> Vec<(&'static str, &'static str)> {
    vec![
        ("GIT_CONFIG_NOSYSTEM", "1"),
        ("GIT_CONFIG_GLOBAL", "/dev/null"),
        ("GIT_TERMINAL_PROMPT", "0"),
        ("GIT_AUTHOR_NAME", "Test"),
        ("GIT_AUTHOR_EMAIL", "test@example.invalid"),
        ("GIT_COMMITTER_NAME", "Test"),
        ("GIT_COMMITTER_EMAIL", "test@example.invalid"),
    ]
}

#[track_caller]
fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .envs(git_env())
        .output()
        .expect("run git");
    assert!(
        output.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .trim()
        .to_string()
}

type Files = Vec<(String, String)>;

/// The minimal valid tree of tests/common: org, one tool, one policy, one budget.
fn baseline() -> Files {
    [
        (ORG_PATH, ORG),
        (TOOL_PATH, TOOL),
        (POLICY_PATH, POLICY),
        (BUDGET_PATH, BUDGET),
    ]
    .into_iter()
    .map(|(p, c)| (p.to_string(), c.to_string()))
    .collect()
}

/// Replaces `from` (which must occur exactly once) with `to` in one file.
fn edit(mut files: Files, path: &str, from: &str, to: &str) -> Files {
    let file = files
        .iter_mut()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| panic!("no file {path}"));
    assert_eq!(
        file.1.matches(from).count(),
        1,
        "{path} should hold {from:?} once"
    );
    file.1 = file.1.replacen(from, to, 1);
    files
}

fn add(mut files: Files, path: &str, content: &str) -> Files {
    files.retain(|(p, _)| p != path);
    files.push((path.to_string(), content.to_string()));
    files
}

fn write_tree(dir: &Path, files: &Files) {
    for (path, content) in files {
        let full = dir.join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, content).unwrap();
    }
}

/// The repository on "GitHub": `main` at the base, `feature` with the change, and the merge
/// commit of the pull request on `pull-1-merge` (and `refs/pull/1/merge`).
struct Origin {
    dir: TempDir,
    base: String,
    head: String,
    merge: String,
}

impl Origin {
    fn pull_request(base: &Files, head: &Files) -> Origin {
        let dir = tempfile::Builder::new()
            .prefix("steward-origin-")
            .tempdir()
            .unwrap();
        let path = dir.path();
        git(path, &["init", "--quiet", "--initial-branch=main"]);
        write_tree(path, base);
        git(path, &["add", "--all"]);
        git(path, &["commit", "--quiet", "--message", "base"]);
        let base_sha = git(path, &["rev-parse", "HEAD"]);
        git(path, &["checkout", "--quiet", "-b", "feature"]);
        for (file, _) in base {
            if !head.iter().any(|(p, _)| p == file) {
                fs::remove_file(path.join(file)).unwrap();
            }
        }
        write_tree(path, head);
        git(path, &["add", "--all"]);
        git(
            path,
            &["commit", "--quiet", "--allow-empty", "--message", "change"],
        );
        let head_sha = git(path, &["rev-parse", "HEAD"]);
        git(path, &["checkout", "--quiet", "--detach", "main"]);
        git(
            path,
            &["merge", "--quiet", "--no-ff", "--no-edit", "feature"],
        );
        let merge = git(path, &["rev-parse", "HEAD"]);
        git(path, &["branch", "pull-1-merge", &merge]);
        git(path, &["update-ref", "refs/pull/1/merge", &merge]);
        git(path, &["checkout", "--quiet", "main"]);
        Origin {
            dir,
            base: base_sha,
            head: head_sha,
            merge,
        }
    }

    fn url(&self) -> String {
        format!("file://{}", self.dir.path().display())
    }

    /// A full clone with the merge commit checked out (detached), as actions/checkout with
    /// `fetch-depth: 0` leaves it.
    fn checkout_merge(&self) -> TempDir {
        let ws = workspace_dir();
        git(ws.path(), &["clone", "--quiet", &self.url(), "."]);
        git(ws.path(), &["checkout", "--quiet", "--detach", &self.merge]);
        ws
    }

    /// A depth-1 clone of the merge commit, as actions/checkout's default leaves it: the base
    /// commit is not there.
    fn checkout_merge_shallow(&self) -> TempDir {
        let ws = workspace_dir();
        git(
            ws.path(),
            &[
                "clone",
                "--quiet",
                "--depth",
                "1",
                "--branch",
                "pull-1-merge",
                &self.url(),
                ".",
            ],
        );
        git(ws.path(), &["checkout", "--quiet", "--detach"]);
        assert_eq!(git(ws.path(), &["rev-parse", "HEAD"]), self.merge);
        assert!(
            !has_commit(ws.path(), &self.base),
            "the shallow clone has the base"
        );
        ws
    }

    /// A full clone at the pull request's head (a push to the feature branch).
    fn checkout_head(&self) -> TempDir {
        let ws = workspace_dir();
        git(ws.path(), &["clone", "--quiet", &self.url(), "."]);
        git(ws.path(), &["checkout", "--quiet", "--detach", &self.head]);
        ws
    }

    fn pull_request_event(&self) -> Value {
        json!({
            "action": "synchronize",
            "number": 1,
            "pull_request": {
                "number": 1,
                "base": {"ref": "main", "sha": self.base},
                "head": {"ref": "feature", "sha": self.head}
            },
            "repository": {"full_name": "example/policies"}
        })
    }
}

fn workspace_dir() -> TempDir {
    tempfile::Builder::new()
        .prefix("steward-workspace-")
        .tempdir()
        .unwrap()
}

fn has_commit(dir: &Path, sha: &str) -> bool {
    Command::new("git")
        .args(["cat-file", "-e", &format!("{sha}^{{commit}}")])
        .current_dir(dir)
        .envs(git_env())
        .output()
        .unwrap()
        .status
        .success()
}

// --- the runner -------------------------------------------------------------------------------

/// What a run of the action left behind.
#[derive(Debug)]
struct Outcome {
    /// The exit status of the step that failed, else 0.
    status: i32,
    /// Everything the steps printed to stdout (annotations, notes), in order.
    log: String,
    stderr: String,
    /// The job summary: every step's GITHUB_STEP_SUMMARY, in order.
    summary: String,
    /// The action's outputs, from `outputs.*.value`.
    outputs: BTreeMap<String, String>,
    /// Names of the steps that ran; skipped ones say why.
    steps: Vec<String>,
}

impl Outcome {
    /// The lines of the log that are workflow commands.
    fn annotations(&self) -> Vec<&str> {
        self.log.lines().filter(|l| l.starts_with("::")).collect()
    }
}

/// One workflow run: the event and the `with:` inputs.
struct Run<'a> {
    workspace: &'a Path,
    /// The action's folder (GITHUB_ACTION_PATH): this repository, or a copy of its action
    /// files with a release manifest.
    action_path: PathBuf,
    event_name: &'a str,
    event: Value,
    inputs: Vec<(&'a str, &'a str)>,
    /// Job-level environment (the runner passes it to every step).
    env: Vec<(&'a str, String)>,
    /// Whether the test build of steward is on PATH from the start.
    steward_on_path: bool,
}

impl<'a> Run<'a> {
    fn new(workspace: &'a Path, event_name: &'a str, event: Value) -> Self {
        Run {
            workspace,
            action_path: PathBuf::from(ACTION_PATH),
            event_name,
            event,
            // Tests of the comment ask for it; the others have no API to talk to.
            inputs: vec![("install", "path"), ("today", TODAY), ("comment", "never")],
            env: Vec::new(),
            steward_on_path: true,
        }
    }

    fn with(mut self, name: &'a str, value: &'a str) -> Self {
        self.inputs.retain(|(n, _)| *n != name);
        self.inputs.push((name, value));
        self
    }

    fn action_path(mut self, path: &Path) -> Self {
        self.action_path = path.to_path_buf();
        self
    }

    fn without_steward_on_path(mut self) -> Self {
        self.steward_on_path = false;
        self
    }

    fn env(mut self, name: &'a str, value: impl Into<String>) -> Self {
        self.env.push((name, value.into()));
        self
    }

    fn go(self) -> Outcome {
        let action: Value = serde_yaml_ng::from_str(
            &fs::read_to_string(self.action_path.join("action.yml")).expect("action.yml"),
        )
        .expect("action.yml is YAML");
        let runner = tempfile::Builder::new()
            .prefix("steward-runner-")
            .tempdir()
            .unwrap();
        let temp = runner.path().join("temp");
        fs::create_dir(&temp).unwrap();
        let event_path = runner.path().join("event.json");
        fs::write(&event_path, self.event.to_string()).unwrap();
        let github_path = runner.path().join("path");
        let github_env = runner.path().join("env");
        fs::write(&github_path, "").unwrap();
        fs::write(&github_env, "").unwrap();
        let sha = git(self.workspace, &["rev-parse", "HEAD"]);

        // Inputs: given ones must be declared; the others take their defaults.
        let declared = action["inputs"].as_object().expect("inputs");
        for (name, _) in &self.inputs {
            assert!(declared.contains_key(*name), "unexpected input {name}");
        }
        let defaults = Context::new(
            self.event_name,
            &self.event,
            &sha,
            &ws_string(self.workspace),
        );
        let inputs: BTreeMap<String, String> = declared
            .iter()
            .map(|(name, spec)| {
                let given = self.inputs.iter().find(|(n, _)| n == name).map(|(_, v)| *v);
                let value = given
                    .map(str::to_string)
                    .or_else(|| spec["default"].as_str().map(|d| defaults.substitute(d)))
                    .unwrap_or_default();
                (name.clone(), value)
            })
            .collect();

        let steward_dir = Path::new(env!("CARGO_BIN_EXE_steward"))
            .parent()
            .unwrap()
            .to_path_buf();
        let mut path_entries: Vec<PathBuf> = Vec::new();
        if self.steward_on_path {
            path_entries.push(steward_dir);
        }
        let mut base_env: Vec<(String, String)> = Vec::new();
        for name in [
            "HOME",
            "LANG",
            "LC_ALL",
            "TMPDIR",
            "USER",
            "PYENV_ROOT",
            "PYENV_VERSION",
            "CARGO_HOME",
            "RUSTUP_HOME",
        ] {
            if let Ok(value) = std::env::var(name) {
                base_env.push((name.to_string(), value));
            }
        }
        let ws = self.workspace.display().to_string();
        for (name, value) in [
            ("CI", "true".to_string()),
            ("GITHUB_ACTIONS", "true".to_string()),
            ("GITHUB_WORKSPACE", ws.clone()),
            ("GITHUB_ACTION_PATH", self.action_path.display().to_string()),
            ("GITHUB_EVENT_NAME", self.event_name.to_string()),
            ("GITHUB_EVENT_PATH", event_path.display().to_string()),
            ("GITHUB_SHA", sha.clone()),
            ("GITHUB_REPOSITORY", "example/policies".to_string()),
            ("GITHUB_RUN_ID", RUN_ID.to_string()),
            ("GITHUB_SERVER_URL", "https://github.example".to_string()),
            // Nothing listens there: a test that talks to the API sets its own server.
            ("GITHUB_API_URL", "http://127.0.0.1:9".to_string()),
            (
                "RUNNER_TOOL_CACHE",
                runner.path().join("tool-cache").display().to_string(),
            ),
            ("GITHUB_PATH", github_path.display().to_string()),
            ("GITHUB_ENV", github_env.display().to_string()),
            ("RUNNER_OS", "Linux".to_string()),
            ("RUNNER_ARCH", "X64".to_string()),
            ("RUNNER_TEMP", temp.display().to_string()),
            ("GIT_CONFIG_NOSYSTEM", "1".to_string()),
            ("GIT_CONFIG_GLOBAL", "/dev/null".to_string()),
            ("GIT_TERMINAL_PROMPT", "0".to_string()),
        ] {
            base_env.push((name.to_string(), value));
        }
        base_env.extend(self.env.iter().map(|(n, v)| (n.to_string(), v.clone())));
        // Later entries win, as a job's `env:` overrides the runner's variables.
        let base_env: Vec<(String, String)> = base_env
            .iter()
            .enumerate()
            .filter(|(i, (name, _))| !base_env[i + 1..].iter().any(|(n, _)| n == name))
            .map(|(_, pair)| pair.clone())
            .collect();

        let mut context = defaults;
        context.inputs = inputs;
        context.temp = temp.display().to_string();
        context.action_path = self.action_path.display().to_string();
        let mut outcome = Outcome {
            status: 0,
            log: String::new(),
            stderr: String::new(),
            summary: String::new(),
            outputs: BTreeMap::new(),
            steps: Vec::new(),
        };
        let mut path_read = 0;
        let steps = action["runs"]["steps"].as_array().expect("steps");
        for (i, step) in steps.iter().enumerate() {
            let name = step["name"].as_str().unwrap_or("(unnamed)").to_string();
            let condition = step["if"].as_str();
            // After a failed step only steps that ask for it run (`!cancelled()`, `always()`),
            // as on GitHub.
            if outcome.status != 0 && !condition.is_some_and(Context::runs_after_failure) {
                outcome
                    .steps
                    .push(format!("{name} (skipped: a step failed)"));
                continue;
            }
            if let Some(condition) = condition
                && !context.condition(condition)
            {
                outcome
                    .steps
                    .push(format!("{name} (skipped: if {condition})"));
                continue;
            }
            if let Some(uses) = step["uses"].as_str() {
                outcome
                    .steps
                    .push(format!("{name} (uses {uses}: not run here)"));
                continue;
            }
            let script = step["run"].as_str().expect("a run step");
            assert!(
                !script.contains("${{"),
                "step {name:?} splices an expression into its script; pass it through env:"
            );
            assert_eq!(step["shell"], "bash", "step {name:?}");
            let output_file = runner.path().join(format!("output-{i}"));
            let summary_file = runner.path().join(format!("summary-{i}"));
            fs::write(&output_file, "").unwrap();
            fs::write(&summary_file, "").unwrap();
            let script_file = runner.path().join(format!("step-{i}.sh"));
            fs::write(&script_file, script).unwrap();
            let mut env = base_env.clone();
            if let Some(step_env) = step["env"].as_object() {
                for (key, value) in step_env {
                    let value = value.as_str().expect("env values are strings");
                    env.push((key.clone(), context.substitute(value)));
                }
            }
            let path = path_entries
                .iter()
                .map(|p| p.display().to_string())
                .chain(std::env::var("PATH").ok())
                .collect::<Vec<_>>()
                .join(":");
            let cwd = match step["working-directory"].as_str() {
                Some(dir) => PathBuf::from(context.substitute(dir)),
                None => self.workspace.to_path_buf(),
            };
            let output = Command::new("bash")
                .args(["--noprofile", "--norc", "-eo", "pipefail"])
                .arg(&script_file)
                .current_dir(cwd)
                .env_clear()
                .envs(env)
                .env("PATH", path)
                .env("GITHUB_OUTPUT", &output_file)
                .env("GITHUB_STEP_SUMMARY", &summary_file)
                .output()
                .expect("run bash");
            outcome
                .log
                .push_str(&String::from_utf8_lossy(&output.stdout));
            outcome
                .stderr
                .push_str(&String::from_utf8_lossy(&output.stderr));
            let summary = fs::read_to_string(&summary_file).unwrap();
            assert!(
                summary.len() <= 1024 * 1024,
                "step {name:?} wrote a {} byte summary",
                summary.len()
            );
            outcome.summary.push_str(&summary);
            if let Some(id) = step["id"].as_str() {
                let outputs = parse_outputs(&fs::read_to_string(&output_file).unwrap());
                context.steps.insert(id.to_string(), outputs);
            }
            let added = fs::read_to_string(&github_path).unwrap();
            for line in added[path_read..].lines().filter(|l| !l.is_empty()) {
                path_entries.insert(0, PathBuf::from(line));
            }
            path_read = added.len();
            outcome.steps.push(name.clone());
            let status = output.status.code().expect("an exit code");
            if status != 0 && outcome.status == 0 {
                outcome.status = status;
            }
        }
        // Outputs that steps wrote before a failure still reach the workflow (for a later
        // `if: failure()` step), as on GitHub.
        for (name, spec) in action["outputs"].as_object().expect("outputs") {
            let value = spec["value"].as_str().expect("an output value");
            outcome
                .outputs
                .insert(name.clone(), context.substitute(value));
        }
        outcome
    }
}

/// The workflow run's id (GITHUB_RUN_ID) in every test run.
const RUN_ID: &str = "4242";

/// The token (`github.token`) every test run gets.
const TOKEN: &str = "ghs_testtoken123";

fn ws_string(path: &Path) -> String {
    path.display().to_string()
}

/// What `${{ }}` expressions can see.
struct Context {
    inputs: BTreeMap<String, String>,
    event_name: String,
    event: Value,
    sha: String,
    workspace: String,
    temp: String,
    action_path: String,
    steps: BTreeMap<String, BTreeMap<String, String>>,
}

impl Context {
    fn new(event_name: &str, event: &Value, sha: &str, workspace: &str) -> Context {
        Context {
            inputs: BTreeMap::new(),
            event_name: event_name.to_string(),
            event: event.clone(),
            sha: sha.to_string(),
            workspace: workspace.to_string(),
            temp: String::new(),
            action_path: ACTION_PATH.to_string(),
            steps: BTreeMap::new(),
        }
    }

    /// Whether a step's `if:` lets it run after a failed step.
    fn runs_after_failure(condition: &str) -> bool {
        condition.contains("!cancelled()") || condition.contains("always()")
    }

    /// Replaces every `${{ expression }}` in `text`.
    fn substitute(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find("}}").expect("a closed expression") + start;
            out.push_str(&self.value(rest[start + 3..end].trim()));
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    }

    /// The value of a context path. Only the paths action.yml uses are known: anything else
    /// fails the test, so that a new expression gets a deliberate look.
    fn value(&self, expression: &str) -> String {
        let parts: Vec<&str> = expression.split('.').collect();
        match parts.as_slice() {
            ["inputs", name] => self
                .inputs
                .get(*name)
                .unwrap_or_else(|| panic!("an undeclared input in ${{{{ {expression} }}}}"))
                .clone(),
            ["github", "event_name"] => self.event_name.clone(),
            ["github", "sha"] => self.sha.clone(),
            ["github", "workspace"] => self.workspace.clone(),
            ["github", "action_path"] => self.action_path.clone(),
            ["github", "token"] => TOKEN.to_string(),
            // Empty inside composite actions on real runners too.
            ["github", "action_repository"] | ["github", "action_ref"] => String::new(),
            ["github", "event", path @ ..] => {
                let mut value = &self.event;
                for key in path {
                    value = &value[*key];
                }
                match value {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                }
            }
            ["runner", "os"] => "Linux".to_string(),
            ["runner", "temp"] => self.temp.clone(),
            ["steps", id, "outputs", name] => self
                .steps
                .get(*id)
                .and_then(|o| o.get(*name))
                .cloned()
                .unwrap_or_default(),
            _ => panic!("the harness does not know ${{{{ {expression} }}}}"),
        }
    }

    /// Evaluates a step's `if:`. Only comparisons of a context value with a string literal
    /// (`inputs.NAME == 'value'`, `!=`) and `!cancelled()` (true: nothing is cancelled here),
    /// joined by `&&`, are known.
    fn condition(&self, condition: &str) -> bool {
        let condition = condition.trim();
        let condition = condition
            .strip_prefix("${{")
            .and_then(|c| c.strip_suffix("}}"))
            .unwrap_or(condition)
            .trim();
        condition
            .split("&&")
            .all(|comparison| self.comparison(comparison.trim()))
    }

    fn comparison(&self, condition: &str) -> bool {
        if condition == "!cancelled()" {
            return true;
        }
        let (left, equal, right) = if let Some((l, r)) = condition.split_once("==") {
            (l, true, r)
        } else if let Some((l, r)) = condition.split_once("!=") {
            (l, false, r)
        } else {
            panic!("the harness does not know the condition {condition:?}")
        };
        let right = right.trim();
        let literal = right
            .strip_prefix('\'')
            .and_then(|r| r.strip_suffix('\''))
            .unwrap_or_else(|| panic!("not a string literal: {right}"));
        let value = self.value(left.trim());
        (value == literal) == equal
    }
}

/// Parses a GITHUB_OUTPUT file: `name=value` lines and `name<<DELIMITER` blocks.
fn parse_outputs(text: &str) -> BTreeMap<String, String> {
    let mut outputs = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.is_empty() {
            continue;
        }
        let heredoc = line.find("<<");
        let equals = line.find('=');
        match (heredoc, equals) {
            (Some(h), e) if e.is_none_or(|e| h < e) => {
                let (name, delimiter) = (&line[..h], &line[h + 2..]);
                let mut value = Vec::new();
                loop {
                    let next = lines
                        .next()
                        .unwrap_or_else(|| panic!("output {name} has no closing {delimiter}"));
                    if next == delimiter {
                        break;
                    }
                    value.push(next);
                }
                outputs.insert(name.to_string(), value.join("\n"));
            }
            (_, Some(e)) => {
                outputs.insert(line[..e].to_string(), line[e + 1..].to_string());
            }
            _ => panic!("a malformed output line: {line}"),
        }
    }
    outputs
}

// --- fixtures ---------------------------------------------------------------------------------

/// A change that lints clean: the owners of the chat tool swap, and a clause is reworded.
fn passing_change() -> Files {
    let files = edit(
        baseline(),
        TOOL_PATH,
        "owner = \"ana\"\nbackup_owner = \"ben\"",
        "owner = \"ben\"\nbackup_owner = \"ana\"",
    );
    edit(
        files,
        POLICY_PATH,
        "text = \"Applies to everyone.\"",
        "text = \"Applies to every member of staff.\"",
    )
}

/// A change with two errors: an owner who is not in org.toml, and a budget line for a tool
/// that does not exist.
fn failing_change() -> Files {
    let files = edit(baseline(), TOOL_PATH, "owner = \"ana\"", "owner = \"zed\"");
    edit(files, BUDGET_PATH, "tool = \"chat\"", "tool = \"chatt\"")
}

/// The annotations the failing change must produce, exactly up to the message's help.
const FAILING_ANNOTATIONS: &[&str] = &[
    "::error file=policies/budgets/2026/it.toml,line=11,endLine=11,col=8,endColumn=15,title=ref/unknown-tool::there is no tool \"chatt\" in tools/%0Ahelp: ",
    "::error file=policies/tools/chat.toml,line=6,endLine=6,col=9,endColumn=14,title=ref/unknown-person::there is no person \"zed\" in org.toml%0Ahelp: ",
];

#[track_caller]
fn assert_annotations(outcome: &Outcome, expected: &[&str]) {
    let found = outcome.annotations();
    assert_eq!(found.len(), expected.len(), "annotations:\n{}", outcome.log);
    for (line, prefix) in found.iter().zip(expected) {
        assert!(
            line.starts_with(prefix),
            "{line}\ndoes not start with\n{prefix}"
        );
    }
}

// --- the metadata -----------------------------------------------------------------------------

#[test]
fn action_yml_is_valid_action_metadata() {
    let action = action_yml();
    let schema_path = Path::new(ACTION_PATH).join("tests/action/github-action.schema.json");
    let schema: Value =
        serde_json::from_str(&fs::read_to_string(schema_path).unwrap()).expect("schema JSON");
    let validator = jsonschema::draft7::new(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&action)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "action.yml: {errors:#?}");

    // And the schema rejects what it should (it is not vacuous).
    let mut broken = action.clone();
    broken["runs"]["using"] = json!("node20");
    broken["inputs"]["root"]["required"] = json!("no");
    broken["outputs"]["errors"]
        .as_object_mut()
        .unwrap()
        .remove("value");
    broken["runs"]["steps"][0]["shell"] = Value::Null;
    assert!(validator.iter_errors(&broken).count() >= 4);

    assert_eq!(action["runs"]["using"], "composite");
    let inputs = action["inputs"].as_object().unwrap();
    for name in [
        "root",
        "base",
        "fail-on",
        "new-only",
        "sarif-file",
        "summary",
    ] {
        assert!(inputs.contains_key(name), "input {name}");
    }
    let outputs = action["outputs"].as_object().unwrap();
    for name in ["errors", "warnings", "changed"] {
        assert_eq!(
            outputs[name]["value"],
            format!("${{{{ steps.lint.outputs.{name} }}}}"),
            "output {name}"
        );
    }
    // Every run step calls a script of scripts/action/ that exists; every expression sits in an
    // env value and names a declared input or a known context.
    for step in action["runs"]["steps"].as_array().unwrap() {
        if let Some(run) = step["run"].as_str() {
            let script = run
                .strip_prefix("bash \"$GITHUB_ACTION_PATH/")
                .and_then(|r| r.trim_end().strip_suffix('"'))
                .unwrap_or_else(|| panic!("a run step that is not one script: {run}"));
            assert!(script.starts_with("scripts/action/"), "{script}");
            assert!(Path::new(ACTION_PATH).join(script).is_file(), "{script}");
        }
        for value in step["env"].as_object().into_iter().flat_map(|e| e.values()) {
            let value = value.as_str().unwrap();
            let expression = value
                .strip_prefix("${{ ")
                .and_then(|v| v.strip_suffix(" }}"))
                .unwrap_or_else(|| panic!("an env value that is not one expression: {value}"));
            if let Some(input) = expression.strip_prefix("inputs.") {
                assert!(inputs.contains_key(input), "undeclared input {input}");
            } else {
                assert!(
                    expression.starts_with("github.") || expression.starts_with("steps."),
                    "{expression}"
                );
            }
        }
    }
}

/// comment/action.yml, the fork pattern's posting action: valid metadata, one script step,
/// its inputs only through `env:`.
#[test]
fn the_comment_action_is_valid_action_metadata() {
    let text = fs::read_to_string(Path::new(ACTION_PATH).join("comment/action.yml")).unwrap();
    let action: Value = serde_yaml_ng::from_str(&text).expect("YAML");
    let schema_path = Path::new(ACTION_PATH).join("tests/action/github-action.schema.json");
    let schema: Value = serde_json::from_str(&fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&action)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "comment/action.yml: {errors:#?}");
    let steps = action["runs"]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 1);
    assert_eq!(
        steps[0]["run"],
        "bash \"$GITHUB_ACTION_PATH/../scripts/action/post-artifact.sh\""
    );
    assert!(
        Path::new(ACTION_PATH)
            .join("scripts/action/post-artifact.sh")
            .is_file()
    );
    let inputs = action["inputs"].as_object().unwrap();
    for (name, value) in steps[0]["env"].as_object().unwrap() {
        let expression = value.as_str().unwrap();
        let input = expression
            .strip_prefix("${{ inputs.")
            .and_then(|e| e.strip_suffix(" }}"))
            .unwrap_or_else(|| panic!("{name}: {expression}"));
        assert!(inputs.contains_key(input), "{input}");
    }
}

#[test]
fn pre_commit_hook_runs_steward_lint_on_the_tree() {
    let text = fs::read_to_string(Path::new(ACTION_PATH).join(".pre-commit-hooks.yaml")).unwrap();
    let hooks: Value = serde_yaml_ng::from_str(&text).expect("YAML");
    let hooks = hooks.as_array().expect("a list of hooks");
    let hook = hooks
        .iter()
        .find(|h| h["id"] == "steward-lint")
        .expect("the steward-lint hook");
    assert_eq!(hook["entry"], "steward lint");
    assert_eq!(hook["language"], "rust");
    assert_eq!(hook["pass_filenames"], false);
    assert_eq!(
        hook["files"],
        "^(steward\\.toml|policies/.+\\.(toml|json))$"
    );
    assert!(hook["name"].is_string());
}

// --- pull requests ----------------------------------------------------------------------------

#[test]
fn a_passing_pull_request_is_green() {
    let origin = Origin::pull_request(&baseline(), &passing_change());
    let ws = origin.checkout_merge();
    let outcome = Run::new(ws.path(), "pull_request", origin.pull_request_event()).go();
    assert_eq!(outcome.status, 0, "{outcome:#?}");
    assert_eq!(outcome.annotations(), Vec::<&str>::new());
    assert_eq!(outcome.outputs["errors"], "0");
    assert_eq!(outcome.outputs["warnings"], "0");
    assert_eq!(outcome.outputs["changed"], "2");
    assert_eq!(
        outcome.outputs["base"], origin.base,
        "the merge commit's first parent"
    );
    assert!(
        outcome
            .log
            .contains("steward: passed: 0 error(s), 0 warning(s) (fail-on: error).")
    );
    assert_eq!(
        outcome.steps,
        [
            "Choose how to install steward",
            "Cache key for steward's build (skipped: if steps.plan.outputs.method == 'source')",
            "Restore steward from the cache (skipped: if steps.plan.outputs.method == 'source')",
            "Install steward",
            "Save steward to the cache (skipped: if steps.plan.outputs.method == 'source' && steps.cache.outputs.cache-hit != 'true')",
            "Lint the policy tree",
            "Comment on the pull request",
        ]
    );
    let summary = &outcome.summary;
    assert!(
        summary.starts_with("### ✅ Ready for the committee\n"),
        "{summary}"
    );
    assert!(summary.contains("#### What this change does"), "{summary}");
    assert!(
        summary.contains("Ana Lima") && summary.contains("Ben Okoro"),
        "{summary}"
    );
    assert!(summary.contains("every member of staff"), "{summary}");
}

#[test]
fn a_failing_pull_request_is_blocked_with_annotations_and_a_summary() {
    let origin = Origin::pull_request(&baseline(), &failing_change());
    let ws = origin.checkout_merge();
    let outcome = Run::new(ws.path(), "pull_request", origin.pull_request_event()).go();
    assert_eq!(outcome.status, 1, "{outcome:#?}");
    assert_annotations(&outcome, FAILING_ANNOTATIONS);
    assert!(
        outcome
            .log
            .contains("steward: failing the check: 2 error(s), 0 warning(s) (fail-on: error).")
    );
    // Outputs are set before the verdict, so a later `if: failure()` step can read them.
    assert_eq!(outcome.outputs["errors"], "2");
    assert_eq!(outcome.outputs["warnings"], "0");
    assert_eq!(outcome.outputs["changed"], "2");
    assert_eq!(outcome.outputs["base"], origin.base);
    let summary = &outcome.summary;
    assert!(
        summary.starts_with("### ❌ Not ready: 2 things must be fixed first\n\nThere is no tool \"chatt\" in tools/; there is no person \"zed\" in org.toml.\n"),
        "{summary}"
    );
    assert!(summary.contains("| `ref/unknown-person` | `policies/tools/chat.toml:6` |"));
    assert!(summary.contains("| `ref/unknown-tool` | `policies/budgets/2026/it.toml:11` |"));
    // The comparison: what the change does, for a committee member.
    assert!(summary.contains("#### What this change does"), "{summary}");
    assert!(summary.contains("zed"), "{summary}");
    assert!(summary.contains("chatt"), "{summary}");
}

#[test]
fn fail_on_never_reports_without_failing() {
    let origin = Origin::pull_request(&baseline(), &failing_change());
    let ws = origin.checkout_merge();
    let outcome = Run::new(ws.path(), "pull_request", origin.pull_request_event())
        .with("fail-on", "never")
        .go();
    assert_eq!(outcome.status, 0, "{outcome:#?}");
    assert_annotations(&outcome, FAILING_ANNOTATIONS);
    assert_eq!(outcome.outputs["errors"], "2");
    assert!(
        outcome
            .log
            .contains("steward: passed: 2 error(s), 0 warning(s) (fail-on: never).")
    );
}

#[test]
fn a_shallow_clone_fetches_the_base() {
    let origin = Origin::pull_request(&baseline(), &failing_change());
    let ws = origin.checkout_merge_shallow();
    let outcome = Run::new(ws.path(), "pull_request", origin.pull_request_event()).go();
    assert_eq!(outcome.status, 1, "{outcome:#?}");
    assert!(
        outcome.log.contains(
            "steward: the base commit is not in this clone (a shallow checkout); fetching it"
        ),
        "{}",
        outcome.log
    );
    assert!(has_commit(ws.path(), &origin.base));
    assert_annotations(&outcome, FAILING_ANNOTATIONS);
    assert!(outcome.summary.contains("#### What this change does"));
    assert!(outcome.summary.contains("zed"));
}

#[test]
fn a_shallow_clone_that_cannot_fetch_the_base_fails_with_the_fix() {
    let origin = Origin::pull_request(&baseline(), &passing_change());
    let ws = origin.checkout_merge_shallow();
    // The origin is gone (as when the base commit cannot be fetched).
    git(
        ws.path(),
        &[
            "remote",
            "set-url",
            "origin",
            "file:///nonexistent/steward-origin",
        ],
    );
    let outcome = Run::new(ws.path(), "pull_request", origin.pull_request_event()).go();
    assert_eq!(outcome.status, 2, "{outcome:#?}");
    let base = &origin.base;
    let expected = format!(
        "::error title=steward::The base commit {base} is not in this clone, and `git fetch --no-tags --depth=1 origin {base}` could not fetch it. steward needs it to compare the change with its base.%0AFix: let actions/checkout fetch the whole history:%0A    - uses: actions/checkout@v4%0A      with:%0A        fetch-depth: 0"
    );
    assert_eq!(
        outcome.annotations(),
        [expected.as_str()],
        "{}",
        outcome.log
    );
    assert_eq!(outcome.outputs["errors"], "");
}

#[test]
fn a_branch_name_as_base_is_fetched_into_a_shallow_clone() {
    let origin = Origin::pull_request(&baseline(), &passing_change());
    let ws = origin.checkout_merge_shallow();
    let outcome = Run::new(ws.path(), "pull_request", origin.pull_request_event())
        .with("base", "main")
        .go();
    assert_eq!(outcome.status, 0, "{outcome:#?}");
    assert_eq!(outcome.outputs["base"], origin.base);
    assert_eq!(outcome.outputs["changed"], "2");
}

#[test]
fn new_only_gates_only_findings_the_base_does_not_have() {
    // The base already has an error; the pull request only rewords a clause.
    let base = edit(baseline(), TOOL_PATH, "owner = \"ana\"", "owner = \"zed\"");
    let head = edit(
        base.clone(),
        POLICY_PATH,
        "text = \"Applies to everyone.\"",
        "text = \"Applies to all staff.\"",
    );
    let origin = Origin::pull_request(&base, &head);
    let ws = origin.checkout_merge();

    let all = Run::new(ws.path(), "pull_request", origin.pull_request_event()).go();
    assert_eq!(all.status, 1, "{all:#?}");
    assert_eq!(all.annotations().len(), 1);

    let new = Run::new(ws.path(), "pull_request", origin.pull_request_event())
        .with("new-only", "true")
        .go();
    assert_eq!(new.status, 0, "{new:#?}");
    assert_eq!(new.annotations(), Vec::<&str>::new());
    assert_eq!(new.outputs["errors"], "0");
    assert_eq!(new.outputs["changed"], "1");
    assert!(
        new.summary
            .contains("The policy files already had 1 problem before this change; it is not counted against it"),
        "{}",
        new.summary
    );
}

#[test]
fn fail_on_decides_what_fails() {
    // A warning only: the chat tool loses its backup owner.
    let head = edit(baseline(), TOOL_PATH, "backup_owner = \"ben\"\n", "");
    let origin = Origin::pull_request(&baseline(), &head);
    let ws = origin.checkout_merge();
    let run = |fail_on: &'static str| {
        Run::new(ws.path(), "pull_request", origin.pull_request_event())
            .with("fail-on", fail_on)
            .go()
    };
    let on_error = run("error");
    assert_eq!(on_error.status, 0, "{on_error:#?}");
    assert_eq!(on_error.outputs["warnings"], "1");
    assert_annotations(
        &on_error,
        &[
            "::warning file=policies/tools/chat.toml,line=1,endLine=1,col=1,endColumn=1,title=tool/no-backup-owner::",
        ],
    );
    assert!(
        on_error
            .summary
            .starts_with("### ⚠️ Ready, with 1 thing to note\n")
    );
    assert_eq!(run("warning").status, 1);
    assert_eq!(run("never").status, 0);

    let bad = run("sometimes");
    assert_eq!(bad.status, 2);
    assert_eq!(
        bad.annotations(),
        ["::error title=steward::fail-on must be error, warning or never; got \"sometimes\"."]
    );
}

#[test]
fn a_push_compares_with_the_commit_before_it() {
    let origin = Origin::pull_request(&baseline(), &passing_change());
    let ws = origin.checkout_head();
    let event = json!({"ref": "refs/heads/feature", "before": origin.base, "after": origin.head});
    let outcome = Run::new(ws.path(), "push", event).go();
    assert_eq!(outcome.status, 0, "{outcome:#?}");
    assert_eq!(outcome.outputs["base"], origin.base);
    assert_eq!(outcome.outputs["changed"], "2");

    // A new branch: `before` is all zeros, so HEAD's first parent is the base.
    let event =
        json!({"ref": "refs/heads/feature", "before": "0".repeat(40), "after": origin.head});
    let outcome = Run::new(ws.path(), "push", event).go();
    assert_eq!(outcome.status, 0, "{outcome:#?}");
    assert_eq!(outcome.outputs["base"], origin.base);
}

#[test]
fn the_base_input_overrides_the_event() {
    let origin = Origin::pull_request(&baseline(), &failing_change());
    let ws = origin.checkout_merge();
    // Comparing the merge commit with itself: nothing changed.
    let outcome = Run::new(ws.path(), "pull_request", origin.pull_request_event())
        .with("base", &origin.merge)
        .with("fail-on", "never")
        .go();
    assert_eq!(outcome.status, 0, "{outcome:#?}");
    assert_eq!(outcome.outputs["base"], origin.merge);
    assert_eq!(outcome.outputs["changed"], "0");
    assert!(
        outcome
            .summary
            .contains("No policy, tool, budget or organization changes.")
    );
}

#[test]
fn inputs_cannot_inject_shell_or_git_options() {
    let origin = Origin::pull_request(&baseline(), &passing_change());
    let ws = origin.checkout_merge();
    let marker = ws.path().join("pwned");
    let event = origin.pull_request_event();

    let outcome = Run::new(ws.path(), "pull_request", event.clone())
        .with("root", "$(touch pwned)`touch pwned`")
        .go();
    assert_eq!(outcome.status, 2, "{outcome:#?}");
    assert!(!marker.exists());

    let outcome = Run::new(ws.path(), "pull_request", event.clone())
        .with("base", "--upload-pack=touch pwned")
        .go();
    assert_eq!(outcome.status, 2, "{outcome:#?}");
    assert_eq!(
        outcome.annotations(),
        ["::error title=steward::base must be a git revision; got \"--upload-pack=touch pwned\"."]
    );
    assert!(!marker.exists());

    // A multi-line input cannot start a workflow command of its own.
    let outcome = Run::new(ws.path(), "pull_request", event)
        .with("fail-on", "x\n::add-mask::y")
        .go();
    assert_eq!(outcome.status, 2);
    assert_eq!(
        outcome.annotations(),
        [
            "::error title=steward::fail-on must be error, warning or never; got \"x%0A::add-mask::y\"."
        ]
    );
    assert!(!marker.exists());
}

#[test]
fn many_findings_are_ranked_and_the_rest_are_in_the_summary() {
    // Twelve tools without an owner or an exit plan: 24 errors, 24 warnings.
    let mut head = baseline();
    for i in 0..12 {
        head = add(
            head,
            &format!("policies/tools/tool-{i:02}.toml"),
            &format!(
                "name = \"Tool {i}\"\nvendor = \"V\"\ncategory = \"c\"\nstatus = \"approved\"\ndepartment = \"it\"\n"
            ),
        );
    }
    let origin = Origin::pull_request(&baseline(), &head);
    let ws = origin.checkout_merge();
    let outcome = Run::new(ws.path(), "pull_request", origin.pull_request_event()).go();
    assert_eq!(outcome.status, 1);
    let errors: usize = outcome.outputs["errors"].parse().unwrap();
    let annotations = outcome.annotations();
    assert_eq!(
        annotations
            .iter()
            .filter(|l| l.starts_with("::error "))
            .count(),
        10
    );
    assert_eq!(
        annotations
            .iter()
            .filter(|l| l.starts_with("::warning "))
            .count(),
        10
    );
    assert!(
        annotations[..10].iter().all(|l| l.starts_with("::error ")),
        "errors come first"
    );
    assert!(outcome.log.contains(&format!(
        "steward: {} errors, 14 warnings not annotated (GitHub shows 10 errors and 10 warnings per step); the job summary lists every finding",
        errors - 10
    )));
    let rows = outcome
        .summary
        .lines()
        .filter(|l| l.starts_with("| ❌") || l.starts_with("| ⚠️"))
        .count();
    assert_eq!(rows, errors + 24);
}

#[test]
fn the_summary_stays_within_its_limit() {
    let mut head = passing_change();
    for i in 0..30 {
        head = add(
            head,
            &format!("policies/technology/policy-{i:02}.toml"),
            &POLICY.replace(
                "Acceptable Use",
                &format!("Policy number {i} with a long title"),
            ),
        );
    }
    let origin = Origin::pull_request(&baseline(), &head);
    let ws = origin.checkout_merge();
    let full = Run::new(ws.path(), "pull_request", origin.pull_request_event())
        .with("fail-on", "never")
        .go();
    assert!(full.summary.len() > 5000, "{} bytes", full.summary.len());
    assert!(!full.summary.contains("was left out"));

    // 2048 bytes of margin, then 3000 for the lint result and part of the comparison.
    let limit = 2048 + 3000;
    let cut = Run::new(ws.path(), "pull_request", origin.pull_request_event())
        .with("fail-on", "never")
        .env("STEWARD_SUMMARY_LIMIT", limit.to_string())
        .go();
    assert_eq!(cut.status, 0, "{cut:#?}");
    let summary = &cut.summary;
    assert!(summary.len() <= limit, "{} bytes", summary.len());
    assert!(summary.starts_with("### ✅ Ready for the committee"));
    assert!(summary.contains("#### What this change does"));
    assert!(
        summary.contains("left out to fit GitHub's limit; `steward diff` prints"),
        "{summary}"
    );
    assert_eq!(
        summary.matches("<details>").count(),
        summary.matches("</details>").count(),
        "a folded section left open"
    );
}

#[test]
fn sarif_file_holds_every_finding() {
    let origin = Origin::pull_request(&baseline(), &failing_change());
    let ws = origin.checkout_merge();
    let outcome = Run::new(ws.path(), "pull_request", origin.pull_request_event())
        .with("sarif-file", "reports/steward.sarif")
        .with("summary", "false")
        .go();
    assert_eq!(outcome.status, 1);
    assert_eq!(outcome.summary, "");
    let sarif: Value = serde_json::from_str(
        &fs::read_to_string(ws.path().join("reports/steward.sarif")).expect("the SARIF file"),
    )
    .expect("JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 2);
}

// --- installing -------------------------------------------------------------------------------

fn run_script(script: &str, env: &[(&str, String)]) -> (i32, String) {
    let output = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail"])
        .arg(Path::new(ACTION_PATH).join("scripts/action").join(script))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap())
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .expect("run bash");
    (
        output.status.code().unwrap(),
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    )
}

/// `install: source` with the binary restored by the cache (a cache hit): no build, and the
/// install folder goes on PATH for the lint step and the job's later steps.
#[test]
fn a_cached_build_is_used_without_building() {
    let cache = TempDir::new().unwrap();
    fs::create_dir_all(cache.path().join("bin")).unwrap();
    fs::copy(
        env!("CARGO_BIN_EXE_steward"),
        cache.path().join("bin/steward"),
    )
    .unwrap();
    let origin = Origin::pull_request(&baseline(), &passing_change());
    let ws = origin.checkout_merge();
    let outcome = Run::new(ws.path(), "pull_request", origin.pull_request_event())
        .with("install", "source")
        .env("STEWARD_HOME", cache.path().display().to_string())
        .without_steward_on_path()
        .go();
    assert_eq!(outcome.status, 0, "{outcome:#?}");
    assert_eq!(
        outcome.steps,
        [
            "Choose how to install steward",
            "Cache key for steward's build",
            "Restore steward from the cache (uses actions/cache/restore@5a3ec84eff668545956fd18022155c47e93e2684: not run here)",
            "Install steward",
            "Save steward to the cache (uses actions/cache/save@5a3ec84eff668545956fd18022155c47e93e2684: not run here)",
            "Lint the policy tree",
            "Comment on the pull request",
        ]
    );
    assert!(
        outcome.log.contains("steward: restored from the cache"),
        "{}",
        outcome.log
    );
    assert!(
        outcome.log.contains(&format!(
            "steward: installed steward {} in {}/bin",
            env!("CARGO_PKG_VERSION"),
            cache.path().display()
        )),
        "{}",
        outcome.log
    );
    assert_eq!(outcome.outputs["changed"], "2");
}

#[test]
fn the_cache_key_covers_the_build_inputs() {
    let env = [
        ("GITHUB_ACTION_PATH", ACTION_PATH.to_string()),
        ("RUNNER_OS", "Linux".to_string()),
        ("RUNNER_ARCH", "X64".to_string()),
    ];
    let (status, key) = run_script("cache-key.sh", &env);
    assert_eq!(status, 0, "{key}");
    let key = key.trim();
    let hash = key.strip_prefix("steward-Linux-X64-").expect(key);
    assert!(
        hash.len() == 32 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "{key}"
    );
    assert_eq!(run_script("cache-key.sh", &env).1.trim(), key, "stable");
}

#[test]
fn install_path_needs_steward_on_path() {
    let (status, log) = run_script(
        "install.sh",
        &[
            ("STEWARD_METHOD", "path".to_string()),
            ("GITHUB_ACTION_PATH", ACTION_PATH.to_string()),
            ("PATH", "/usr/bin:/bin".to_string()),
        ],
    );
    assert_eq!(status, 2, "{log}");
    assert!(log.contains("install: path expects steward on PATH already"));
}

// --- the prebuilt release ---------------------------------------------------------------------

/// The version every archive here carries: the test build's own.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The archive that fits the harness's runner (Linux, X64).
fn archive_name() -> String {
    format!("steward-{VERSION}-x86_64-unknown-linux-musl.tar.gz")
}

/// The archive of the test's own steward binary, built once per test run by
/// scripts/release/package.sh exactly as the release workflow builds one (so nothing is
/// compiled here), with its `sha256.sum`.
fn packaged_release() -> &'static Path {
    static DIST: OnceLock<PathBuf> = OnceLock::new();
    DIST.get_or_init(|| {
        let dist = Path::new(env!("CARGO_TARGET_TMPDIR")).join("action-release");
        let _ = fs::remove_dir_all(&dist);
        fs::create_dir_all(&dist).unwrap();
        let output = Command::new("bash")
            .arg(Path::new(ACTION_PATH).join("scripts/release/package.sh"))
            .args(["--target", "x86_64-unknown-linux-musl", "--binary"])
            .arg(env!("CARGO_BIN_EXE_steward"))
            .arg("--out")
            .arg(&dist)
            // The debug binary is 200 MB: the fastest compression keeps this to seconds.
            .env("PACKAGE_GZIP_LEVEL", "1")
            .env("SOURCE_DATE_EPOCH", "1764547200")
            .output()
            .expect("run package.sh");
        assert!(
            output.status.success(),
            "package.sh: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let printed = String::from_utf8(output.stdout).unwrap();
        assert_eq!(
            printed.trim(),
            dist.join(archive_name()).display().to_string()
        );
        fs::copy(
            dist.join(format!("{}.sha256", archive_name())),
            dist.join("sha256.sum"),
        )
        .unwrap();
        dist
    })
}

fn sha256_hex(path: &Path) -> String {
    let output = Command::new("sha256sum").arg(path).output().unwrap();
    String::from_utf8(output.stdout).unwrap()[..64].to_string()
}

/// A copy of the action's files (action.yml, comment/, scripts/action/, and `source` extra
/// files) whose release manifest names the packaged release of `acme/steward`, as the release
/// workflow writes it into the tagged commit.
fn released_action(dir: &Path) -> PathBuf {
    let action = dir.join("action");
    copy_action_files(&action);
    let manifest = Command::new("bash")
        .arg(Path::new(ACTION_PATH).join("scripts/release/embed-release.sh"))
        .args([VERSION, "acme/steward"])
        .arg(packaged_release().join("sha256.sum"))
        .output()
        .unwrap();
    assert!(
        manifest.status.success(),
        "{}",
        String::from_utf8_lossy(&manifest.stderr)
    );
    fs::write(action.join("scripts/action/release.txt"), manifest.stdout).unwrap();
    action
}

fn copy_action_files(action: &Path) {
    fs::create_dir_all(action.join("scripts/action")).unwrap();
    fs::create_dir_all(action.join("comment")).unwrap();
    fs::copy(
        Path::new(ACTION_PATH).join("action.yml"),
        action.join("action.yml"),
    )
    .unwrap();
    fs::copy(
        Path::new(ACTION_PATH).join("comment/action.yml"),
        action.join("comment/action.yml"),
    )
    .unwrap();
    for entry in fs::read_dir(Path::new(ACTION_PATH).join("scripts/action")).unwrap() {
        let entry = entry.unwrap();
        fs::copy(
            entry.path(),
            action.join("scripts/action").join(entry.file_name()),
        )
        .unwrap();
    }
}

/// A "GitHub" to download from: SERVER/acme/steward/releases/download/vX.Y.Z/ARCHIVE, with
/// the packaged archive, optionally tampered with.
fn release_server(dir: &Path, tamper: bool) -> String {
    let folder = dir
        .join("server/acme/steward/releases/download")
        .join(format!("v{VERSION}"));
    fs::create_dir_all(&folder).unwrap();
    let target = folder.join(archive_name());
    fs::copy(packaged_release().join(archive_name()), &target).unwrap();
    if tamper {
        let mut bytes = fs::read(&target).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x01;
        fs::write(&target, bytes).unwrap();
    }
    format!("file://{}", dir.join("server").display())
}

#[test]
fn the_package_script_builds_a_complete_reproducible_archive() {
    let dist = packaged_release();
    let listing = Command::new("tar")
        .arg("-tzf")
        .arg(dist.join(archive_name()))
        .output()
        .unwrap();
    let listing = String::from_utf8(listing.stdout).unwrap();
    let folder = format!("steward-{VERSION}-x86_64-unknown-linux-musl");
    let mut expected: Vec<String> = [
        "",
        "LICENSE-APACHE",
        "LICENSE-MIT",
        "README.md",
        "completions/",
        "completions/_steward",
        "completions/_steward.ps1",
        "completions/steward.bash",
        "completions/steward.elv",
        "completions/steward.fish",
        "man/",
        "man/steward.1",
        "steward",
    ]
    .iter()
    .map(|p| format!("{folder}/{p}"))
    .collect();
    expected.sort();
    let mut found: Vec<String> = listing.lines().map(str::to_string).collect();
    found.sort();
    assert_eq!(found, expected);
    assert_eq!(
        fs::read_to_string(dist.join("sha256.sum")).unwrap(),
        format!(
            "{}  {}\n",
            sha256_hex(&dist.join(archive_name())),
            archive_name()
        )
    );

    // The man page is steward's own.
    let unpacked = TempDir::new().unwrap();
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(dist.join(archive_name()))
        .arg("-C")
        .arg(unpacked.path())
        .arg(format!("{folder}/man/steward.1"))
        .status()
        .unwrap();
    assert!(status.success());
    let man = fs::read_to_string(unpacked.path().join(&folder).join("man/steward.1")).unwrap();
    assert!(man.starts_with(".ie \\n(.g .ds Aq"), "{}", &man[..80]);
    assert!(man.contains(".TH steward 1"), "{man}");

    // Reproducible: packaging the same binary again gives the same bytes. (The metadata files
    // are quick to check; the binary is the same file.)
    let again = TempDir::new().unwrap();
    let output = Command::new("bash")
        .arg(Path::new(ACTION_PATH).join("scripts/release/package.sh"))
        .args(["--target", "x86_64-unknown-linux-musl", "--binary"])
        .arg(env!("CARGO_BIN_EXE_steward"))
        .arg("--out")
        .arg(again.path())
        .env("PACKAGE_GZIP_LEVEL", "1")
        .env("SOURCE_DATE_EPOCH", "1764547200")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        sha256_hex(&again.path().join(archive_name())),
        sha256_hex(&dist.join(archive_name()))
    );

    // A wrong target or a binary of another version is refused.
    let output = Command::new("bash")
        .arg(Path::new(ACTION_PATH).join("scripts/release/package.sh"))
        .args(["--target", "x86_64; rm -rf /"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let fake = TempDir::new().unwrap();
    let other = fake.path().join("steward");
    fs::write(&other, "#!/bin/sh\necho steward 9.9.9\n").unwrap();
    make_executable(&other);
    let output = Command::new("bash")
        .arg(Path::new(ACTION_PATH).join("scripts/release/package.sh"))
        .args(["--target", "x86_64-unknown-linux-musl", "--binary"])
        .arg(&other)
        .arg("--out")
        .arg(fake.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains(&format!(
            "says \"steward 9.9.9\", but Cargo.toml says {VERSION}"
        )),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn the_release_manifest_holds_the_version_repository_and_checksums() {
    let dist = packaged_release();
    let output = Command::new("bash")
        .arg(Path::new(ACTION_PATH).join("scripts/release/embed-release.sh"))
        .args([VERSION, "acme/steward"])
        .arg(dist.join("sha256.sum"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let manifest = String::from_utf8(output.stdout).unwrap();
    let data: Vec<&str> = manifest.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        data,
        [
            format!("version {VERSION}"),
            "repository acme/steward".to_string(),
            format!(
                "sha256 {} {}",
                sha256_hex(&dist.join(archive_name())),
                archive_name()
            ),
        ]
    );
    // The committed manifest is the header alone: the main branch is no release.
    let committed =
        fs::read_to_string(Path::new(ACTION_PATH).join("scripts/action/release.txt")).unwrap();
    assert!(committed.lines().all(|l| l.starts_with('#')), "{committed}");
    assert!(manifest.starts_with(&committed));

    // An archive of another version, or a line that is not sha256sum's, is refused.
    let dir = TempDir::new().unwrap();
    for bad in [
        format!(
            "{}  steward-0.0.1-x86_64-unknown-linux-musl.tar.gz\n",
            "a".repeat(64)
        ),
        "not-a-hash  steward.tar.gz\n".to_string(),
        String::new(),
    ] {
        fs::write(dir.path().join("sums"), &bad).unwrap();
        let output = Command::new("bash")
            .arg(Path::new(ACTION_PATH).join("scripts/release/embed-release.sh"))
            .args([VERSION, "acme/steward"])
            .arg(dir.path().join("sums"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{bad:?}");
    }
}

/// `install: auto` (the default) on a released copy of the action: downloads the archive,
/// checks it against the checksum embedded in the action, keeps it in the tool cache, and
/// lints with it; no build cache step runs.
#[test]
fn a_released_action_installs_the_prebuilt_archive_when_its_checksum_matches() {
    let dir = TempDir::new().unwrap();
    let action = released_action(dir.path());
    let server = release_server(dir.path(), false);
    let tool_cache = dir.path().join("tool-cache");
    let origin = Origin::pull_request(&baseline(), &failing_change());
    let ws = origin.checkout_merge();
    let run = || {
        Run::new(ws.path(), "pull_request", origin.pull_request_event())
            .with("install", "auto")
            .action_path(&action)
            .env("GITHUB_SERVER_URL", server.clone())
            .env("RUNNER_TOOL_CACHE", tool_cache.display().to_string())
            .without_steward_on_path()
            .go()
    };
    let outcome = run();
    assert_eq!(outcome.status, 1, "{outcome:#?}");
    assert_annotations(&outcome, FAILING_ANNOTATIONS);
    let installed = tool_cache.join(format!("steward/{VERSION}/x86_64-unknown-linux-musl"));
    let archive = archive_name();
    for line in [
        format!("steward: installing the prebuilt steward {VERSION} ({archive})."),
        format!(
            "steward: downloading {server}/acme/steward/releases/download/v{VERSION}/{archive}"
        ),
        format!(
            "steward: installed steward {VERSION} in {}",
            installed.display()
        ),
    ] {
        assert!(
            outcome.log.contains(&line),
            "{line}\nnot in\n{}",
            outcome.log
        );
    }
    assert_eq!(
        &outcome.steps[..5],
        [
            "Choose how to install steward",
            "Cache key for steward's build (skipped: if steps.plan.outputs.method == 'source')",
            "Restore steward from the cache (skipped: if steps.plan.outputs.method == 'source')",
            "Install steward",
            "Save steward to the cache (skipped: if steps.plan.outputs.method == 'source' && steps.cache.outputs.cache-hit != 'true')",
        ]
    );
    assert_eq!(
        sha256_hex(&installed.join("steward")),
        sha256_hex(Path::new(env!("CARGO_BIN_EXE_steward")))
    );

    // The next job on this runner finds it in the tool cache: no download (the release is
    // gone from the server, and the run still passes the same way).
    fs::remove_dir_all(dir.path().join("server")).unwrap();
    let again = run();
    assert_eq!(again.status, 1, "{again:#?}");
    assert!(
        again
            .log
            .contains(&format!("steward: {archive} is in the tool cache.")),
        "{}",
        again.log
    );
    assert!(!again.log.contains("downloading"), "{}", again.log);

    // A binary changed in the tool cache is not used: it is downloaded again (and here the
    // download is gone, so the install fails rather than run the changed binary).
    fs::write(installed.join("steward"), "#!/bin/sh\necho steward\n").unwrap();
    let changed = run();
    assert_eq!(changed.status, 2, "{changed:#?}");
    assert!(changed.log.contains("downloading"), "{}", changed.log);
    assert!(
        changed
            .log
            .contains("::error title=steward install::install: could not download"),
        "{}",
        changed.log
    );
}

#[test]
fn a_tampered_archive_is_refused_and_nothing_is_installed() {
    let dir = TempDir::new().unwrap();
    let action = released_action(dir.path());
    let server = release_server(dir.path(), true);
    let tool_cache = dir.path().join("tool-cache");
    let origin = Origin::pull_request(&baseline(), &passing_change());
    let ws = origin.checkout_merge();
    let outcome = Run::new(ws.path(), "pull_request", origin.pull_request_event())
        .with("install", "auto")
        .action_path(&action)
        .env("GITHUB_SERVER_URL", server.clone())
        .env("RUNNER_TOOL_CACHE", tool_cache.display().to_string())
        .without_steward_on_path()
        .go();
    assert_eq!(outcome.status, 2, "{outcome:#?}");
    let archive = archive_name();
    let expected = sha256_hex(&packaged_release().join(&archive));
    let actual = sha256_hex(
        &dir.path()
            .join(format!("server/acme/steward/releases/download/v{VERSION}"))
            .join(&archive),
    );
    assert_ne!(actual, expected);
    assert_eq!(
        outcome.annotations(),
        [format!(
            "::error title=steward install::install: {archive} has SHA-256 {actual}, but this action expects {expected} (scripts/action/release.txt). Not installing it."
        )
        .as_str()],
        "{}",
        outcome.log
    );
    assert!(!tool_cache.join("steward").exists());
    assert!(
        outcome
            .steps
            .contains(&"Lint the policy tree (skipped: a step failed)".to_string()),
        "{:?}",
        outcome.steps
    );
}

/// This repository's own action.yml (an unreleased commit: its manifest names no release)
/// builds from source with `auto`, and refuses `release`.
#[test]
fn an_unreleased_action_builds_from_source_and_refuses_release() {
    let plan = |mode: &str| {
        run_script(
            "plan-install.sh",
            &[
                ("STEWARD_INSTALL", mode.to_string()),
                ("GITHUB_ACTION_PATH", ACTION_PATH.to_string()),
                ("RUNNER_OS", "Linux".to_string()),
                ("RUNNER_ARCH", "X64".to_string()),
            ],
        )
    };
    let (status, log) = plan("auto");
    assert_eq!(status, 0, "{log}");
    assert_eq!(
        log,
        "steward: building steward from the action's source: this commit of the action is not a release (scripts/action/release.txt names no version).\nmethod=source\n"
    );
    let (status, log) = plan("release");
    assert_eq!(status, 2, "{log}");
    assert!(log.starts_with("::error title=steward install::install: release needs a prebuilt steward, but this commit of the action is not a release"), "{log}");
    let (status, log) = plan("download");
    assert_eq!(status, 2);
    assert!(
        log.contains("install must be auto, release, source or path; got \"download\"."),
        "{log}"
    );

    // A released action on a runner it has no archive for also builds from source.
    let dir = TempDir::new().unwrap();
    let action = released_action(dir.path());
    let (status, log) = run_script(
        "plan-install.sh",
        &[
            ("STEWARD_INSTALL", "auto".to_string()),
            ("GITHUB_ACTION_PATH", action.display().to_string()),
            ("RUNNER_OS", "Linux".to_string()),
            ("RUNNER_ARCH", "ARM64".to_string()),
        ],
    );
    assert_eq!(status, 0, "{log}");
    assert!(
        log.contains(&format!("the release manifest has no checksum for steward-{VERSION}-aarch64-unknown-linux-musl.tar.gz")),
        "{log}"
    );
    assert!(log.ends_with("method=source\n"), "{log}");
}

/// `install: source` runs cargo in the action's own folder with its own lockfile. A pull
/// request's `rust-toolchain.toml` (naming a toolchain that does not exist) and
/// `.cargo/config.toml` (an unknown compiler flag) in the workspace would break any cargo run
/// there; the build in the action's folder does not see them. The action here is a copy of
/// the scripts around a one-file crate, so the real cargo builds it in a second.
#[test]
fn a_source_build_never_runs_cargo_in_the_workspace() {
    if Command::new("cargo").arg("--version").output().is_err() {
        eprintln!("skipped: cargo is not installed");
        return;
    }
    let dir = TempDir::new().unwrap();
    let action = dir.path().join("action");
    copy_action_files(&action);
    fs::create_dir_all(action.join("src")).unwrap();
    fs::write(
        action.join("Cargo.toml"),
        "[package]\nname = \"steward\"\nversion = \"0.0.0\"\nedition = \"2021\"\n",
    )
    .unwrap();
    fs::write(
        action.join("Cargo.lock"),
        "# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 4\n\n[[package]]\nname = \"steward\"\nversion = \"0.0.0\"\n",
    )
    .unwrap();
    fs::write(
        action.join("src/main.rs"),
        "fn main() { println!(\"steward 0.0.0-built-in-the-action-folder\"); }\n",
    )
    .unwrap();

    let workspace = dir.path().join("workspace");
    fs::create_dir_all(workspace.join(".cargo")).unwrap();
    fs::write(
        workspace.join("rust-toolchain.toml"),
        "[toolchain]\nchannel = \"steward-no-such-toolchain\"\n",
    )
    .unwrap();
    fs::write(
        workspace.join(".cargo/config.toml"),
        "[build]\nrustflags = [\"--steward-no-such-flag\"]\n",
    )
    .unwrap();
    // The files are hostile for real: cargo run in the workspace fails.
    let mut in_workspace = Command::new("cargo");
    in_workspace
        .arg("build")
        .arg("--manifest-path")
        .arg(action.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", dir.path().join("target-ws"))
        .env_remove("RUSTUP_TOOLCHAIN")
        .current_dir(&workspace);
    let output = in_workspace.output().unwrap();
    assert!(
        !output.status.success(),
        "cargo in the workspace should fail: {}",
        String::from_utf8_lossy(&output.stderr)
    );

    let home = dir.path().join("steward-home");
    let mut env = vec![
        ("STEWARD_METHOD", "source".to_string()),
        ("STEWARD_CACHE_HIT", "false".to_string()),
        ("STEWARD_HOME", home.display().to_string()),
        ("GITHUB_ACTION_PATH", action.display().to_string()),
        ("GITHUB_WORKSPACE", workspace.display().to_string()),
        (
            "CARGO_TARGET_DIR",
            dir.path().join("target").display().to_string(),
        ),
    ];
    for name in ["HOME", "CARGO_HOME", "RUSTUP_HOME"] {
        if let Ok(value) = std::env::var(name) {
            env.push((name, value));
        }
    }
    let output = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail"])
        .arg(action.join("scripts/action/install.sh"))
        .current_dir(&workspace)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap())
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{log}");
    assert!(
        log.contains(&format!(
            "steward: installed steward 0.0.0-built-in-the-action-folder in {}/bin",
            home.display()
        )),
        "{log}"
    );
}

// --- the pull-request comment -----------------------------------------------------------------

const MARKER: &str = "<!-- steward:summary -->";

fn comment_run<'a>(ws: &'a Path, origin: &Origin, api: &FakeGitHub) -> Run<'a> {
    Run::new(ws, "pull_request", origin.pull_request_event())
        .with("comment", "auto")
        .env("GITHUB_API_URL", api.url.clone())
}

/// Two pushes to a pull request: one comment, posted by the first run and edited in place by
/// the second. Comments by other people that carry the marker, and the bot's other
/// comments, are left alone.
#[test]
fn a_pull_request_run_twice_makes_one_comment_then_edits_it() {
    let api = FakeGitHub::start(State {
        comments: vec![
            (7, "mallory".into(), format!("{MARKER}\nI am not steward")),
            (8, "github-actions[bot]".into(), "Another bot's note".into()),
        ],
        ..State::default()
    });
    let origin = Origin::pull_request(&baseline(), &failing_change());
    let ws = origin.checkout_merge();

    let first = comment_run(ws.path(), &origin, &api).go();
    assert_eq!(first.status, 1, "{first:#?}");
    assert!(
        first
            .log
            .contains("steward: posted the summary comment on pull request #1."),
        "{}",
        first.log
    );
    assert_eq!(
        api.lines(),
        [
            "GET /user",
            "GET /repos/example/policies/issues/1/comments?per_page=100&page=1",
            "POST /repos/example/policies/issues/1/comments",
        ]
    );
    let requests = api.requests();
    for request in &requests {
        assert_eq!(
            request.authorization.as_deref(),
            Some(format!("Bearer {TOKEN}").as_str())
        );
    }
    let posted = requests[2].comment_body();
    assert!(
        posted.starts_with(&format!(
            "{MARKER}\n\n### ❌ Not ready: 2 things must be fixed first"
        )),
        "{posted}"
    );
    assert!(posted.contains("#### What this change does"), "{posted}");
    // The comment is the job summary's text.
    assert_eq!(posted, format!("{MARKER}\n\n{}", first.summary));

    // The next push: the change is fixed.
    let fixed = Origin::pull_request(&baseline(), &passing_change());
    let ws2 = fixed.checkout_merge();
    let second = comment_run(ws2.path(), &fixed, &api).go();
    assert_eq!(second.status, 0, "{second:#?}");
    assert!(
        second
            .log
            .contains("steward: updated the summary comment on pull request #1."),
        "{}",
        second.log
    );
    let lines = api.lines();
    assert_eq!(
        &lines[3..],
        [
            "GET /user",
            "GET /repos/example/policies/issues/1/comments?per_page=100&page=1",
            "PATCH /repos/example/policies/issues/comments/1001",
        ]
    );
    let patched = api.requests()[5].comment_body();
    assert!(
        patched.starts_with(&format!("{MARKER}\n\n### ✅ Ready for the committee")),
        "{patched}"
    );
    let comments = api.comments();
    assert_eq!(comments.len(), 3, "{comments:#?}");
    assert_eq!(comments[0].2, format!("{MARKER}\nI am not steward"));
    assert_eq!(comments[1].2, "Another bot's note");
    assert_eq!(comments[2].0, 1001);
    assert_eq!(comments[2].2, patched);
}

/// With a personal token, the comment is the one written by the token's user.
#[test]
fn the_comment_is_found_by_the_tokens_user() {
    let api = FakeGitHub::start(State {
        user: Some("policy-bot".into()),
        comments: vec![
            (
                5,
                "github-actions[bot]".into(),
                format!("{MARKER}\nold, by the workflow token"),
            ),
            (6, "policy-bot".into(), format!("{MARKER}\nold")),
        ],
        ..State::default()
    });
    let origin = Origin::pull_request(&baseline(), &passing_change());
    let ws = origin.checkout_merge();
    let outcome = comment_run(ws.path(), &origin, &api)
        .with("github-token", "ghp_personal")
        .go();
    assert_eq!(outcome.status, 0, "{outcome:#?}");
    assert_eq!(
        api.lines().last().unwrap(),
        "PATCH /repos/example/policies/issues/comments/6"
    );
    assert_eq!(
        api.requests()[0].authorization.as_deref(),
        Some("Bearer ghp_personal")
    );
}

/// A read-only token (a fork's pull request, or no `pull-requests: write`): GitHub answers
/// 403; the log has a notice and the check passes or fails on its findings alone.
#[test]
fn a_403_leaves_the_checks_result_unchanged() {
    for (change, expected) in [(passing_change(), 0), (failing_change(), 1)] {
        let api = FakeGitHub::start(State {
            refuse_with: Some(403),
            ..State::default()
        });
        let origin = Origin::pull_request(&baseline(), &change);
        let ws = origin.checkout_merge();
        let without = Run::new(ws.path(), "pull_request", origin.pull_request_event()).go();
        let with = comment_run(ws.path(), &origin, &api).go();
        assert_eq!(without.status, expected, "{without:#?}");
        assert_eq!(with.status, expected, "{with:#?}");
        let comparable = |o: &Outcome| {
            let mut outputs = o.outputs.clone();
            outputs.remove("comment-file");
            outputs
        };
        assert_eq!(comparable(&with), comparable(&without));
        let notices: Vec<&str> = with
            .annotations()
            .into_iter()
            .filter(|l| l.starts_with("::notice"))
            .collect();
        assert_eq!(notices.len(), 1, "{}", with.log);
        assert!(
            notices[0].starts_with("::notice title=steward comment::steward did not read the comments of pull request #1: GitHub answered 403"),
            "{}",
            notices[0]
        );
        assert!(!with.log.contains("::warning"), "{}", with.log);
        assert_eq!(
            api.lines().last().unwrap(),
            "GET /repos/example/policies/issues/1/comments?per_page=100&page=1"
        );
    }
}

/// `auto` does not try on a fork's pull request (its token may not write) nor outside pull
/// requests; `never` never does; `always` does on a fork too.
#[test]
fn comment_auto_skips_forks_and_other_events() {
    let api = FakeGitHub::start(State::default());
    let origin = Origin::pull_request(&baseline(), &passing_change());
    let ws = origin.checkout_merge();
    let mut fork_event = origin.pull_request_event();
    fork_event["pull_request"]["head"]["repo"] = json!({"full_name": "someone/policies"});

    let fork = Run::new(ws.path(), "pull_request", fork_event.clone())
        .with("comment", "auto")
        .env("GITHUB_API_URL", api.url.clone())
        .go();
    assert_eq!(fork.status, 0, "{fork:#?}");
    assert!(
        fork.log.contains(
            "steward: not commenting: this pull request comes from a fork (someone/policies)"
        ),
        "{}",
        fork.log
    );
    let push = Run::new(ws.path(), "push", json!({"before": origin.base}))
        .with("comment", "auto")
        .env("GITHUB_API_URL", api.url.clone())
        .go();
    assert_eq!(push.status, 0, "{push:#?}");
    let never = Run::new(ws.path(), "pull_request", origin.pull_request_event())
        .with("comment", "never")
        .env("GITHUB_API_URL", api.url.clone())
        .go();
    assert_eq!(never.status, 0, "{never:#?}");
    assert_eq!(api.lines(), Vec::<String>::new());

    let always = Run::new(ws.path(), "pull_request", fork_event)
        .with("comment", "always")
        .env("GITHUB_API_URL", api.url.clone())
        .go();
    assert_eq!(always.status, 0, "{always:#?}");
    assert_eq!(
        api.lines().last().unwrap(),
        "POST /repos/example/policies/issues/1/comments"
    );

    let bad = Run::new(ws.path(), "pull_request", origin.pull_request_event())
        .with("comment", "sometimes")
        .go();
    assert_eq!(bad.status, 2, "{bad:#?}");
    assert!(
        bad.log
            .contains("comment must be auto, always or never; got \"sometimes\".")
    );
}

/// A body over the limit keeps the headline, loses the folded details first, and links to
/// the run's page. (The limit is lowered to 6,000 bytes so that a small tree exceeds it.)
#[test]
fn a_long_comment_loses_details_first_and_links_to_the_job_summary() {
    let api = FakeGitHub::start(State::default());
    let mut head = failing_change();
    for i in 0..40 {
        head = add(
            head,
            &format!("policies/tools/extra-{i:02}.toml"),
            &TOOL.replace("name = \"Chat\"", &format!("name = \"Extra tool {i:02}\"")),
        );
    }
    let origin = Origin::pull_request(&baseline(), &head);
    let ws = origin.checkout_merge();
    let outcome = comment_run(ws.path(), &origin, &api)
        .env("STEWARD_COMMENT_LIMIT", "6000")
        .go();
    assert_eq!(outcome.status, 1, "{outcome:#?}");
    assert!(
        outcome.summary.len() > 6000,
        "the summary must exceed the limit"
    );
    assert!(outcome.summary.matches("<details>").count() >= 40);
    let body = api.requests().last().unwrap().comment_body();
    assert!(body.len() <= 6000, "{} bytes", body.len());
    assert!(!body.contains("\n\n\n"), "runs of blank lines: {body}");
    assert!(
        // The forty tools charged to one line also overcommit it: a third error.
        body.starts_with(&format!(
            "{MARKER}\n\n### ❌ Not ready: 3 things must be fixed first"
        )),
        "{body}"
    );
    assert!(body.contains("#### What this change does"), "{body}");
    // steward cut the comment itself: the details went first, then changes from the end of
    // the list; the verdict and the problems stay.
    assert!(
        body.contains("The technical details were left out to fit GitHub's limit"),
        "{body}"
    );
    assert!(
        body.contains("more changes (`steward diff` lists them all)"),
        "{body}"
    );
    assert!(
        body.contains("#### To fix before this can be merged"),
        "{body}"
    );
    assert_eq!(
        body.matches("<details>").count(),
        body.matches("</details>").count()
    );
    assert!(
        body.trim_end().ends_with(&format!(
            "_This comment is shortened to fit GitHub's limit; [the whole summary is on the run's page](https://github.example/example/policies/actions/runs/{RUN_ID})._"
        )),
        "{body}"
    );
}

/// The second workflow of the fork pattern (comment/action.yml): the artifact's number must
/// be digits and name the pull request at the commit that was checked.
#[test]
fn the_fork_workflow_posts_only_a_valid_artifact_for_the_checked_commit() {
    let head = "3".repeat(40);
    let post = |number: &str, expected_head: &str, api: &FakeGitHub| {
        let dir = TempDir::new().unwrap();
        fs::write(dir.path().join("pr-number"), number).unwrap();
        fs::write(
            dir.path().join("body.md"),
            format!("{MARKER}\n\n### ✅ steward lint: no problems\n"),
        )
        .unwrap();
        run_script(
            "post-artifact.sh",
            &[
                ("STEWARD_ARTIFACT", dir.path().display().to_string()),
                ("STEWARD_EXPECTED_HEAD", expected_head.to_string()),
                ("STEWARD_GITHUB_TOKEN", TOKEN.to_string()),
                ("GITHUB_API_URL", api.url.clone()),
                ("GITHUB_REPOSITORY", "example/policies".to_string()),
                ("GITHUB_EVENT_NAME", "workflow_run".to_string()),
                ("GITHUB_RUN_ID", RUN_ID.to_string()),
                ("RUNNER_TEMP", dir.path().display().to_string()),
            ],
        )
    };

    let api = FakeGitHub::start(State {
        head_sha: head.clone(),
        ..State::default()
    });
    let (status, log) = post("1\n", &head, &api);
    assert_eq!(status, 0, "{log}");
    assert!(
        log.contains("steward: posted the summary comment on pull request #1."),
        "{log}"
    );
    assert_eq!(
        api.lines(),
        [
            "GET /repos/example/policies/pulls/1",
            "GET /user",
            "GET /repos/example/policies/issues/1/comments?per_page=100&page=1",
            "POST /repos/example/policies/issues/1/comments",
        ]
    );
    // The marker is not doubled.
    let body = api.requests()[3].comment_body();
    assert_eq!(
        body,
        format!("{MARKER}\n\n### ✅ steward lint: no problems\n")
    );

    // The pull request has moved on (or the artifact names another one): nothing is posted.
    let api = FakeGitHub::start(State {
        head_sha: "4".repeat(40),
        ..State::default()
    });
    let (status, log) = post("1", &head, &api);
    assert_eq!(status, 0, "{log}");
    assert!(log.contains("::warning title=steward comment::steward did not comment: pull request #1 is not at the commit that was checked (333333333333)."), "{log}");
    assert_eq!(api.lines(), ["GET /repos/example/policies/pulls/1"]);

    // Not a number: nothing is asked of GitHub at all.
    let api = FakeGitHub::start(State::default());
    for bad in ["1; rm -rf /", "../../1", "", "01", "12345678901"] {
        let (status, log) = post(bad, &head, &api);
        assert_eq!(status, 0, "{log}");
        assert!(
            log.contains("::warning title=steward comment::steward did not comment: the artifact's pr-number is not a pull request number."),
            "{bad:?}: {log}"
        );
    }
    assert_eq!(api.lines(), Vec::<String>::new());
}

// --- pinned actions ---------------------------------------------------------------------------

/// Every `uses:` line in text: (line number, the reference, the comment after it).
fn uses_lines(text: &str) -> Vec<(usize, String, String)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let rest = line.trim_start().trim_start_matches("- ").trim_start();
            let reference = rest.strip_prefix("uses:")?.trim();
            let (reference, comment) = reference.split_once('#').unwrap_or((reference, ""));
            Some((
                i + 1,
                reference.trim().to_string(),
                comment.trim().to_string(),
            ))
        })
        .collect()
}

/// Every action steward ships or documents is pinned to a full commit sha with its version
/// as a comment (scripts/audit-workflows.sh checks the same and more with zizmor; this test
/// needs no tool). The placeholder for steward itself is the all-zero sha.
#[test]
fn every_uses_is_pinned_to_a_full_commit_sha_with_its_version() {
    let root = Path::new(ACTION_PATH);
    let mut sources: Vec<(String, String)> = Vec::new();
    for file in [
        "action.yml",
        "comment/action.yml",
        "README.md",
        "SECURITY.md",
    ] {
        sources.push((
            file.to_string(),
            fs::read_to_string(root.join(file)).unwrap(),
        ));
    }
    for entry in fs::read_dir(root.join(".github/workflows")).unwrap() {
        let path = entry.unwrap().path();
        sources.push((
            path.display().to_string(),
            fs::read_to_string(&path).unwrap(),
        ));
    }
    let init = TempDir::new().unwrap();
    for (dir, extra) in [("one", None), ("forks", Some("--fork-comments"))] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_steward"));
        command
            .args(["init", "--today", TODAY])
            .arg(init.path().join(dir));
        if let Some(extra) = extra {
            command.arg(extra);
        }
        assert!(command.output().unwrap().status.success());
        for entry in fs::read_dir(init.path().join(dir).join(".github/workflows")).unwrap() {
            let path = entry.unwrap().path();
            sources.push((
                path.display().to_string(),
                fs::read_to_string(&path).unwrap(),
            ));
        }
    }
    let mut count = 0;
    for (file, text) in &sources {
        for (line, reference, comment) in uses_lines(text) {
            if reference.starts_with("./") || reference.starts_with('`') {
                continue;
            }
            count += 1;
            let (name, sha) = reference
                .split_once('@')
                .unwrap_or_else(|| panic!("{file}:{line}: {reference} has no @ref"));
            assert!(
                sha.len() == 40
                    && sha
                        .chars()
                        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
                "{file}:{line}: {reference} is not pinned to a full commit sha"
            );
            assert!(
                comment.starts_with('v') && comment[1..].starts_with(|c: char| c.is_ascii_digit()),
                "{file}:{line}: {reference} has no version comment (# vX.Y.Z)"
            );
            if name.starts_with("OWNER/steward") {
                assert_eq!(sha, "0".repeat(40), "{file}:{line}: the placeholder");
            } else {
                assert_ne!(sha, "0".repeat(40), "{file}:{line}");
            }
        }
        // Every checkout keeps no credentials.
        for (i, _) in text.match_indices("actions/checkout@") {
            let block: String = text[i..].lines().take(6).collect::<Vec<_>>().join("\n");
            assert!(
                block.contains("persist-credentials: false"),
                "{file}: a checkout without persist-credentials: false:\n{block}"
            );
        }
    }
    assert!(count >= 20, "only {count} uses: lines found");
}

/// The comment is found on a later page of a long discussion (100 comments a page).
#[test]
fn the_comment_is_found_past_the_first_page() {
    let mut comments: Vec<(u64, String, String)> = (1..=150)
        .map(|i| (i, "someone".to_string(), format!("comment {i}")))
        .collect();
    comments[119] = (120, "github-actions[bot]".into(), format!("{MARKER}\nold"));
    let api = FakeGitHub::start(State {
        comments,
        ..State::default()
    });
    let origin = Origin::pull_request(&baseline(), &passing_change());
    let ws = origin.checkout_merge();
    let outcome = comment_run(ws.path(), &origin, &api).go();
    assert_eq!(outcome.status, 0, "{outcome:#?}");
    assert_eq!(
        api.lines(),
        [
            "GET /user",
            "GET /repos/example/policies/issues/1/comments?per_page=100&page=1",
            "GET /repos/example/policies/issues/1/comments?per_page=100&page=2",
            "PATCH /repos/example/policies/issues/comments/120",
        ]
    );
}
