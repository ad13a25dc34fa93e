//! End-to-end tests of the first hour with steward, with the real binary in temporary
//! folders: `init`, `new tool|policy|budget` (the non-terminal path: every value from flags),
//! `completions`, `man`, `schema export`, and the examples in every command's --help.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

const TODAY: &str = "2026-11-25";

/// `steward ARGS` in `dir`: no colors, and no terminal to ask on.
fn steward(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("steward")
        .expect("the steward binary")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .write_stdin("")
        .args(args)
        .output()
        .expect("run steward")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("an exit code")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A folder set up by `steward init --today TODAY`.
fn initialized() -> TempDir {
    let dir = TempDir::new().unwrap();
    let out = steward(dir.path(), &["init", "--today", TODAY]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    dir
}

/// `steward lint --format json --today TODAY`: (exit code, errors, warnings, document).
fn lint(dir: &Path) -> (i32, u64, u64, Value) {
    let out = steward(dir, &["lint", "--format", "json", "--today", TODAY]);
    let doc: Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(&out), stderr(&out)));
    let errors = doc["summary"]["errors"].as_u64().unwrap();
    let warnings = doc["summary"]["warnings"].as_u64().unwrap();
    (code(&out), errors, warnings, doc)
}

fn assert_lints_clean(dir: &Path) {
    let (code, errors, warnings, doc) = lint(dir);
    assert_eq!(
        (code, errors, warnings),
        (0, 0, 0),
        "{:#}",
        doc["diagnostics"]
    );
}

/// Every file under `dir` with its contents.
fn snapshot_files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), fs::read(&path).unwrap());
            }
        }
    }
    files
}

const NEW_CHAT: &[&str] = &[
    "new",
    "tool",
    "chat",
    "--today",
    TODAY,
    "--name",
    "Chat",
    "--vendor",
    "Chat Co",
    "--category",
    "messaging",
    "--department",
    "communications",
    "--owner",
    "jordan-lee",
    "--backup-owner",
    "alex-rivera",
    "--data-export",
    "Admin > Export > JSON of all channels",
    "--cost-amount",
    "8",
    "--period",
    "month",
    "--budget-line",
    "2026/communications#software-subscriptions",
];

#[test]
fn init_writes_a_tree_that_lints_clean() {
    let dir = initialized();
    for file in [
        "steward.toml",
        "policies/org.toml",
        "policies/tools/newsletter.toml",
        "policies/technology/tool-adoption.toml",
        "policies/budgets/2026/communications.toml",
        ".github/workflows/policy.yml",
    ] {
        assert!(dir.path().join(file).is_file(), "{file} is missing");
    }
    assert_lints_clean(dir.path());
    let (_, _, _, doc) = lint(dir.path());
    assert_eq!(doc["summary"]["files"], 4);

    // Comments explain the fields in the schema's words.
    let tool = fs::read_to_string(dir.path().join("policies/tools/newsletter.toml")).unwrap();
    assert!(tool.contains("# The person accountable for the tool (a person id from org.toml).\nowner = \"jordan-lee\""), "{tool}");
    assert!(tool.contains("approved_on = 2026-11-25"), "{tool}");
    let org: toml::Table = fs::read_to_string(dir.path().join("policies/org.toml"))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(org["departments"].as_table().unwrap().len(), 2);
    assert_eq!(org["people"].as_table().unwrap().len(), 3);
    let policy: toml::Table =
        fs::read_to_string(dir.path().join("policies/technology/tool-adoption.toml"))
            .unwrap()
            .parse()
            .unwrap();
    assert!(policy["clause"].as_array().unwrap().len() >= 2);
}

#[test]
fn init_workflow_uses_the_action_on_pull_requests_with_full_history() {
    let dir = initialized();
    let text = fs::read_to_string(dir.path().join(".github/workflows/policy.yml")).unwrap();
    let workflow: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    assert!(workflow["on"].get("pull_request").is_some(), "{text}");
    let steps = workflow["jobs"]["steward"]["steps"].as_sequence().unwrap();
    assert_eq!(
        steps[0]["uses"].as_str(),
        Some("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683")
    );
    assert_eq!(steps[0]["with"]["fetch-depth"].as_u64(), Some(0));
    assert_eq!(
        steps[0]["with"]["persist-credentials"].as_bool(),
        Some(false)
    );
    assert_eq!(
        steps[1]["uses"].as_str(),
        Some("OWNER/steward@0000000000000000000000000000000000000000")
    );
    // The pinned action's comment names this steward's version.
    assert!(
        text.contains(&format!(
            "OWNER/steward@0000000000000000000000000000000000000000 # v{}\n",
            env!("CARGO_PKG_VERSION")
        )),
        "{text}"
    );
    assert!(text.contains("# Replace OWNER/steward@000..."), "{text}");
    // Least privilege: nothing at the top, the job reads and comments.
    assert_eq!(
        workflow["permissions"].as_mapping().map(|m| m.len()),
        Some(0)
    );
    assert_eq!(
        workflow["jobs"]["steward"]["permissions"]["pull-requests"].as_str(),
        Some("write")
    );
    assert!(
        !dir.path()
            .join(".github/workflows/policy-comment.yml")
            .exists()
    );
}

#[test]
fn init_fork_comments_writes_an_unprivileged_check_and_a_workflow_run_commenter() {
    let dir = TempDir::new().unwrap();
    let out = steward(dir.path(), &["init", "--today", TODAY, "--fork-comments"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains(".github/workflows/policy-comment.yml"),
        "{}",
        stdout(&out)
    );
    let check_text = fs::read_to_string(dir.path().join(".github/workflows/policy.yml")).unwrap();
    let check: serde_yaml_ng::Value = serde_yaml_ng::from_str(&check_text).unwrap();
    let job = &check["jobs"]["steward"];
    assert_eq!(job["permissions"]["contents"].as_str(), Some("read"));
    assert!(
        job["permissions"].get("pull-requests").is_none(),
        "{check_text}"
    );
    let steps = job["steps"].as_sequence().unwrap();
    assert_eq!(steps[1]["with"]["comment"].as_str(), Some("never"));
    assert_eq!(
        steps[3]["uses"].as_str(),
        Some("actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02")
    );

    let post_text =
        fs::read_to_string(dir.path().join(".github/workflows/policy-comment.yml")).unwrap();
    let post: serde_yaml_ng::Value = serde_yaml_ng::from_str(&post_text).unwrap();
    assert_eq!(
        post["on"]["workflow_run"]["workflows"][0].as_str(),
        Some("policy")
    );
    let job = &post["jobs"]["comment"];
    let permissions = job["permissions"].as_mapping().unwrap();
    assert_eq!(permissions.len(), 2, "{post_text}");
    assert_eq!(job["permissions"]["pull-requests"].as_str(), Some("write"));
    assert_eq!(job["permissions"]["actions"].as_str(), Some("read"));
    // It checks out nothing.
    assert!(!post_text.contains("actions/checkout"), "{post_text}");
    let steps = job["steps"].as_sequence().unwrap();
    assert_eq!(
        steps[1]["uses"].as_str(),
        Some("OWNER/steward/comment@0000000000000000000000000000000000000000")
    );
    assert_eq!(
        steps[1]["with"]["expected-head"].as_str(),
        Some("${{ github.event.workflow_run.head_sha }}")
    );
    // The same tree lints clean either way.
    let out = steward(dir.path(), &["lint", "--today", TODAY]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
}

#[test]
fn init_without_a_date_lints_clean_today() {
    let dir = TempDir::new().unwrap();
    assert_eq!(code(&steward(dir.path(), &["init", "fresh"])), 0);
    let out = steward(&dir.path().join("fresh"), &["lint"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(
        stdout(&out).contains(": no problems found."),
        "{}",
        stdout(&out)
    );
}

#[test]
fn init_refuses_to_overwrite_and_changes_nothing() {
    let dir = initialized();
    fs::write(
        dir.path().join("policies/org.toml"),
        "# our own org, edited\n[departments]\n[people]\n",
    )
    .unwrap();
    let before = snapshot_files(dir.path());
    let out = steward(dir.path(), &["init", "--today", TODAY]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("policies/org.toml"), "{err}");
    assert!(err.contains("steward lint"), "the next command: {err}");
    assert_eq!(snapshot_files(dir.path()), before);

    // One existing file is enough: nothing else is written either.
    let other = TempDir::new().unwrap();
    fs::create_dir_all(other.path().join(".github/workflows")).unwrap();
    fs::write(
        other.path().join(".github/workflows/policy.yml"),
        "name: ours\n",
    )
    .unwrap();
    let before = snapshot_files(other.path());
    let out = steward(other.path(), &["init"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains(".github/workflows/policy.yml"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot_files(other.path()), before);
    assert!(!other.path().join("steward.toml").exists());
}

#[test]
fn new_tool_from_flags_lints_clean_and_appears_in_reports() {
    let dir = initialized();
    let out = steward(dir.path(), NEW_CHAT);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Wrote policies/tools/chat.toml"),
        "{}",
        stdout(&out)
    );
    let text = fs::read_to_string(dir.path().join("policies/tools/chat.toml")).unwrap();
    // A template filled in place: values set, comments kept, optional fields commented out.
    assert!(text.contains("name = \"Chat\""), "{text}");
    assert!(
        text.contains("status = \"trial\""),
        "the safer default: {text}"
    );
    assert!(text.contains("last_reviewed = 2026-11-25"), "{text}");
    assert!(
        text.contains("# The tool's name as people know it"),
        "{text}"
    );
    assert!(text.contains("# url = "), "{text}");

    // Lint exits 0: the only finding is the warning that the export was never tested.
    let (code_, errors, _, doc) = lint(dir.path());
    assert_eq!((code_, errors), (0, 0), "{:#}", doc["diagnostics"]);
    let rules: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["tool/exit-plan-incomplete"]);

    let out = steward(dir.path(), &["report", "tools", "--format", "json"]);
    assert_eq!(code(&out), 0);
    let tools: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let chat = tools["tools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "chat")
        .expect("chat in report tools");
    assert_eq!(chat["cost"]["per_year"], 96);
    assert_eq!(chat["owner_name"], "Jordan Lee");
    let human = stdout(&steward(dir.path(), &["report", "tools"]));
    assert!(
        human
            .lines()
            .any(|l| l.starts_with("chat ") && l.ends_with("$96")),
        "{human}"
    );

    let out = steward(
        dir.path(),
        &["report", "budget", "--format", "json", "--today", TODAY],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let budget: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let line = budget["departments"][0]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "software-subscriptions")
        .unwrap();
    assert_eq!(line["tools"][0]["id"], "chat");
    let human = stdout(&steward(dir.path(), &["report", "budget"]));
    assert!(human.contains("Chat (chat, $8 a month)"), "{human}");
}

#[test]
fn new_tool_with_a_full_exit_plan_has_no_warnings() {
    let dir = initialized();
    let mut args = NEW_CHAT.to_vec();
    args.extend([
        "--status",
        "approved",
        "--export-format",
        "JSON",
        "--alternative",
        "Another chat",
        "--exit-tested",
        "2026-11-01",
        "--url",
        "https://chat.example.com",
    ]);
    let out = steward(dir.path(), &args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = fs::read_to_string(dir.path().join("policies/tools/chat.toml")).unwrap();
    assert!(text.contains("approved_on = 2026-11-25"), "{text}");
    assert!(text.contains("export_formats = [\"JSON\"]"), "{text}");
    assert_lints_clean(dir.path());
}

#[test]
fn new_tool_without_a_terminal_lists_every_missing_flag() {
    let dir = initialized();
    let before = snapshot_files(dir.path());
    let out = steward(
        dir.path(),
        &[
            "new",
            "tool",
            "chat",
            "--name",
            "Chat",
            "--department",
            "communications",
            "--cost-amount",
            "8",
        ],
    );
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    for flag in [
        "--vendor",
        "--category",
        "--owner",
        "--backup-owner",
        "--data-export",
        "--period",
        "--budget-line",
    ] {
        assert!(err.contains(flag), "{flag} not listed: {err}");
    }
    assert!(!err.contains("--name,"), "--name was given: {err}");
    // The example command keeps what was given.
    assert!(err.contains("steward new tool chat --name Chat"), "{err}");
    assert_eq!(snapshot_files(dir.path()), before);
}

#[test]
fn new_checks_values_against_org_toml() {
    let dir = initialized();
    let mut args = NEW_CHAT.to_vec();
    let department = args.iter().position(|a| *a == "communications").unwrap();
    args[department] = "comunications";
    let owner = args.iter().position(|a| *a == "jordan-lee").unwrap();
    args[owner] = "jordan";
    let out = steward(dir.path(), &args);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("Did you mean \"communications\"?"), "{err}");
    assert!(err.contains("Did you mean \"jordan-lee\"?"), "{err}");
    assert!(!dir.path().join("policies/tools/chat.toml").exists());

    let out = steward(dir.path(), &["new", "tool", "Chat_App"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("steward new tool chat-app"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn new_refuses_to_overwrite() {
    let dir = initialized();
    let path = dir.path().join("policies/tools/newsletter.toml");
    let before = fs::read(&path).unwrap();
    let mut args = NEW_CHAT.to_vec();
    args[2] = "newsletter";
    let out = steward(dir.path(), &args);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("policies/tools/newsletter.toml already exists"),
        "{err}"
    );
    assert!(err.contains("steward new tool newsletter-2"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), before);

    let out = steward(
        dir.path(),
        &[
            "new",
            "budget",
            "communications",
            "--allocation",
            "10",
            "--today",
            TODAY,
        ],
    );
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
}

#[test]
fn new_policy_and_budget_lint_clean() {
    let dir = initialized();
    let out = steward(
        dir.path(),
        &[
            "new",
            "policy",
            "ai-use",
            "--today",
            TODAY,
            "--title",
            "Using AI tools",
            "--owner",
            "operations",
            "--status",
            "active",
            "--approved-by",
            "operations",
            "--tool",
            "newsletter",
            "--clause",
            "allowed=Staff may use approved AI tools for drafts, never with personal data.",
            "--clause",
            "ask-first=Ask Operations before trying a new one.",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let policy: toml::Table =
        fs::read_to_string(dir.path().join("policies/technology/ai-use.toml"))
            .unwrap()
            .parse()
            .unwrap();
    assert_eq!(policy["clause"].as_array().unwrap().len(), 2);
    assert_eq!(policy["effective"].to_string(), "2026-11-25");

    let out = steward(
        dir.path(),
        &[
            "new",
            "budget",
            "operations",
            "--today",
            TODAY,
            "--allocation",
            "8000",
            "--line",
            "laptops:hardware:2400",
            "--line",
            "newsletter-share:software:120.50:newsletter",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text =
        fs::read_to_string(dir.path().join("policies/budgets/2026/operations.toml")).unwrap();
    assert!(
        text.contains("currency = \"USD\""),
        "from the other budgets: {text}"
    );
    assert!(text.contains("amount = 120.5\n"), "{text}");
    assert_lints_clean(dir.path());

    // A draft needs only a title and an owner.
    let out = steward(
        dir.path(),
        &[
            "new",
            "policy",
            "drafting",
            "--today",
            TODAY,
            "--title",
            "Draft",
            "--owner",
            "operations",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_lints_clean(dir.path());
}

#[test]
fn new_without_a_tree_says_to_run_init() {
    let dir = TempDir::new().unwrap();
    let out = steward(dir.path(), &["new", "tool", "chat"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("steward init"), "{}", stderr(&out));
}

#[test]
fn completions_and_man_page_come_from_the_command_line() {
    let dir = TempDir::new().unwrap();
    let out = steward(dir.path(), &["completions", "bash"]);
    assert_eq!(code(&out), 0);
    let script = stdout(&out);
    assert!(script.contains("steward"), "{script}");
    assert!(script.contains("complete -F"), "{script}");
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let out = steward(dir.path(), &["completions", shell]);
        assert_eq!(code(&out), 0, "{shell}");
        assert!(
            stdout(&out).contains("report"),
            "{shell}: subcommands complete"
        );
    }

    let out = steward(dir.path(), &["man"]);
    assert_eq!(code(&out), 0);
    let page = stdout(&out);
    assert!(page.starts_with(".TH") || page.starts_with(".ie"), "{page}");
    assert!(page.contains(".TH steward 1"), "{page}");
    let out = steward(dir.path(), &["man", "--output", "steward.1"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        fs::read_to_string(dir.path().join("steward.1")).unwrap(),
        page
    );
}

#[test]
fn schema_export_writes_valid_json_and_refuses_to_overwrite() {
    let dir = initialized();
    let out = steward(dir.path(), &["schema", "export", "editor-schemas"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let folder = dir.path().join("editor-schemas");
    for kind in ["org", "tool", "policy", "budget", "common"] {
        let text = fs::read_to_string(folder.join(format!("{kind}.schema.json"))).unwrap();
        let schema: Value = serde_json::from_str(&text).unwrap();
        assert!(schema.is_object(), "{kind}");
    }
    let readme = fs::read_to_string(folder.join("README.txt")).unwrap();
    assert!(readme.contains("#:schema"), "{readme}");
    assert!(readme.contains("[[rule]]"), "{readme}");

    let before = snapshot_files(&folder);
    let out = steward(dir.path(), &["schema", "export", "editor-schemas"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(snapshot_files(&folder), before);
    let out = steward(
        dir.path(),
        &["schema", "export", "editor-schemas", "--force"],
    );
    assert_eq!(code(&out), 0);
}

#[test]
fn schema_export_includes_the_trees_overrides() {
    let dir = initialized();
    fs::create_dir_all(dir.path().join("policies/schemas")).unwrap();
    fs::write(
        dir.path().join("policies/schemas/tool.schema.json"),
        r#"{"allOf": [{"$ref": "builtin/tool.schema.json"}], "required": ["url"]}"#,
    )
    .unwrap();
    let out = steward(dir.path(), &["schema", "export", "out"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let tool: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("out/tool.schema.json")).unwrap())
            .unwrap();
    assert_eq!(tool["required"][0], "url");
    // The override extends the built-in schema, so that is exported too.
    let builtin = fs::read_to_string(dir.path().join("out/builtin/tool.schema.json")).unwrap();
    serde_json::from_str::<Value>(&builtin).unwrap();
}

#[test]
fn every_command_help_has_an_example() {
    let dir = TempDir::new().unwrap();
    for command in [
        vec!["lint"],
        vec!["diff"],
        vec!["changelog"],
        vec!["review"],
        vec!["rules"],
        vec!["explain"],
        vec!["init"],
        vec!["new"],
        vec!["new", "tool"],
        vec!["new", "policy"],
        vec!["new", "budget"],
        vec!["report"],
        vec!["report", "budget"],
        vec!["report", "tools"],
        vec!["completions"],
        vec!["man"],
        vec!["schema"],
        vec!["schema", "export"],
    ] {
        let mut args = command.clone();
        args.push("--help");
        let out = steward(dir.path(), &args);
        assert_eq!(code(&out), 0, "{command:?}");
        let help = stdout(&out);
        assert!(
            help.contains("Example:") || help.contains("Examples:"),
            "`steward {} --help` has no example:\n{help}",
            command.join(" ")
        );
    }
}
