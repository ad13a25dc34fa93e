//! The GitHub Action (action.yml + scripts/action/), run as the runner would run it.
//!
//! The harness reads action.yml (YAML parsed with `serde_yaml_ng`), validates it against a
//! JSON schema for action metadata (tests/action/github-action.schema.json, a hand-written
//! subset of SchemaStore's), then runs each `run:` step under `bash --noprofile --norc -eo
//! pipefail` as the runner does, with `${{ inputs.* }}`, `${{ github.* }}`, `${{ runner.* }}` and
//! `${{ steps.*.outputs.* }}` substituted in `env:` values (a `run:` text holding an expression
//! fails the test: inputs must reach scripts through `env:` only), step `if:` conditions
//! evaluated, real GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_PATH, GITHUB_EVENT_PATH and
//! GITHUB_WORKSPACE files, and GITHUB_ACTION_PATH at this repository. `uses:` steps (the build
//! cache) are the runner's business and are skipped; the tests pass `install: path` and put the
//! test build of steward on PATH, so nothing is compiled.
//!
//! Each scenario builds a real repository with the git CLI: `main` holds the base, a `feature`
//! branch the pull request's change, and `pull-1-merge` the merge commit GitHub checks out for
//! a pull request (first parent: the base). The workspace is a clone of it, full or shallow.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{BUDGET, BUDGET_PATH, ORG, ORG_PATH, POLICY, POLICY_PATH, TODAY, TOOL, TOOL_PATH};
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
            event_name,
            event,
            inputs: vec![("install", "path"), ("today", TODAY)],
            env: Vec::new(),
            steward_on_path: true,
        }
    }

    fn with(mut self, name: &'a str, value: &'a str) -> Self {
        self.inputs.retain(|(n, _)| *n != name);
        self.inputs.push((name, value));
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
        let action = action_yml();
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
        let inputs: BTreeMap<String, String> = declared
            .iter()
            .map(|(name, spec)| {
                let given = self.inputs.iter().find(|(n, _)| n == name).map(|(_, v)| *v);
                let value = given
                    .map(str::to_string)
                    .or_else(|| spec["default"].as_str().map(str::to_string))
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
            ("GITHUB_ACTION_PATH", ACTION_PATH.to_string()),
            ("GITHUB_EVENT_NAME", self.event_name.to_string()),
            ("GITHUB_EVENT_PATH", event_path.display().to_string()),
            ("GITHUB_SHA", sha.clone()),
            ("GITHUB_REPOSITORY", "example/policies".to_string()),
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

        let mut context = Context {
            inputs,
            event_name: self.event_name.to_string(),
            event: self.event.clone(),
            sha,
            workspace: ws.clone(),
            temp: temp.display().to_string(),
            steps: BTreeMap::new(),
        };
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
            if let Some(condition) = step["if"].as_str() {
                if !context.condition(condition) {
                    outcome
                        .steps
                        .push(format!("{name} (skipped: if {condition})"));
                    continue;
                }
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
            if status != 0 {
                outcome.status = status;
                break;
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

/// What `${{ }}` expressions can see.
struct Context {
    inputs: BTreeMap<String, String>,
    event_name: String,
    event: Value,
    sha: String,
    workspace: String,
    temp: String,
    steps: BTreeMap<String, BTreeMap<String, String>>,
}

impl Context {
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
            ["github", "action_path"] => ACTION_PATH.to_string(),
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
    /// (`inputs.NAME == 'value'`, `!=`), joined by `&&`, are known.
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
            "Cache key for steward's build (skipped: if inputs.install == 'source')",
            "Restore steward from the cache (skipped: if inputs.install == 'source')",
            "Install steward",
            "Save steward to the cache (skipped: if inputs.install == 'source' && steps.cache.outputs.cache-hit != 'true')",
            "Lint the policy tree",
        ]
    );
    let summary = &outcome.summary;
    assert!(
        summary.starts_with("### ✅ steward lint: no problems\n\n4 files checked.\n"),
        "{summary}"
    );
    assert!(summary.contains("### Policy changes"), "{summary}");
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
        summary.starts_with("### ❌ steward lint: 2 errors\n\n4 files checked.\n\n| Severity | Rule | Where | Message |\n"),
        "{summary}"
    );
    assert!(summary.contains("| `ref/unknown-person` | `policies/tools/chat.toml:6` |"));
    assert!(summary.contains("| `ref/unknown-tool` | `policies/budgets/2026/it.toml:11` |"));
    // The comparison: what the change does, for a committee member.
    assert!(summary.contains("### Policy changes"), "{summary}");
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
    assert!(outcome.summary.contains("### Policy changes"));
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
            .contains("1 already present before this change and not shown"),
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
            .starts_with("### ⚠️ steward lint: 1 warning\n")
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
    assert!(summary.starts_with("### ✅ steward lint: no problems"));
    assert!(summary.contains("### Policy changes"));
    assert!(
        summary.contains(
            "was left out** to stay within GitHub's 1 MiB summary limit. Run `steward diff "
        ),
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
            "Cache key for steward's build",
            "Restore steward from the cache (uses actions/cache/restore@v4: not run here)",
            "Install steward",
            "Save steward to the cache (uses actions/cache/save@v4: not run here)",
            "Lint the policy tree",
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

/// The release path, against a local "release" (file:// URL): installs only an archive whose
/// SHA-256 matches.
#[test]
fn release_install_checks_the_sha256() {
    if Command::new("curl").arg("--version").output().is_err() {
        eprintln!("skipped: curl is not installed");
        return;
    }
    let dir = TempDir::new().unwrap();
    let release = dir.path().join("v9.9.9");
    fs::create_dir_all(release.join("pack")).unwrap();
    fs::copy(env!("CARGO_BIN_EXE_steward"), release.join("pack/steward")).unwrap();
    let archive = "steward-v9.9.9-x86_64-unknown-linux-gnu.tar.gz";
    let status = Command::new("tar")
        .args(["-czf", archive, "-C", "pack", "steward"])
        .current_dir(&release)
        .status()
        .unwrap();
    assert!(status.success());
    let sha = Command::new("sha256sum")
        .arg(release.join(archive))
        .output()
        .unwrap();
    let sha = String::from_utf8(sha.stdout).unwrap()[..64].to_string();

    let install = |sha256: &str, home: &Path| {
        let github_path = home.join("github_path");
        let env = [
            ("STEWARD_INSTALL", "release".to_string()),
            ("STEWARD_VERSION", "v9.9.9".to_string()),
            ("STEWARD_RELEASE_SHA256", sha256.to_string()),
            (
                "STEWARD_RELEASE_BASE_URL",
                format!("file://{}", dir.path().display()),
            ),
            ("STEWARD_HOME", home.join("steward").display().to_string()),
            ("GITHUB_PATH", github_path.display().to_string()),
            ("RUNNER_OS", "Linux".to_string()),
            ("RUNNER_ARCH", "X64".to_string()),
            ("RUNNER_TEMP", home.display().to_string()),
            ("HOME", home.display().to_string()),
        ];
        run_script("install.sh", &env)
    };

    let good = TempDir::new().unwrap();
    let (status, log) = install(&sha.to_uppercase(), good.path());
    assert_eq!(status, 0, "{log}");
    let bin = good.path().join("steward/bin");
    assert!(bin.join("steward").is_file());
    assert_eq!(
        fs::read_to_string(good.path().join("github_path")).unwrap(),
        format!("{}\n", bin.display())
    );

    let bad = TempDir::new().unwrap();
    let wrong = "0".repeat(64);
    let (status, log) = install(&wrong, bad.path());
    assert_eq!(status, 2, "{log}");
    assert!(log.contains(&format!(
        "::error title=steward install::install: {archive} has SHA-256 {sha}, but release-sha256 says {wrong}. Not installing it."
    )), "{log}");
    assert!(!bad.path().join("steward/bin/steward").exists());

    let (status, log) = install("", bad.path());
    assert_eq!(status, 2);
    assert!(
        log.contains("install: release needs release-sha256"),
        "{log}"
    );
}

#[test]
fn install_path_needs_steward_on_path() {
    let (status, log) = run_script(
        "install.sh",
        &[
            ("STEWARD_INSTALL", "path".to_string()),
            ("PATH", "/usr/bin:/bin".to_string()),
        ],
    );
    assert_eq!(status, 2, "{log}");
    assert!(log.contains("install: path expects steward on PATH already"));
}
