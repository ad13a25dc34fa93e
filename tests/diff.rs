//! `steward diff`, `lint --rev` and `lint --new-only` on real git repositories built in
//! temporary folders with a scripted history.

mod common;

use std::fs;
use std::path::PathBuf;

use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;

use common::TODAY;
use common::git::{GitRepo, ORG, tool_file};

fn tool(name: &str, owner: &str, backup: &str) -> String {
    tool_file(name, "approved", owner, backup)
}

const POLICY: &str = r#"title = "Social Media"
status = "active"
owner = "comms"
approved_by = ["it", "comms"]
effective = 2025-01-01
last_reviewed = 2026-06-01
review_every_months = 12

[[clause]]
id = "who-posts"
text = "Only staff may post on the official accounts."

[[clause]]
id = "consent"
text = "We post photos only with written consent."
"#;

fn budget(design: u32, laptops: u32) -> String {
    format!(
        r#"department = "comms"
fiscal_year = 2026
currency = "USD"
allocation = 20000

[[line]]
id = "design"
description = "Design software"
category = "software"
amount = {design}
recurring = true

[[line]]
id = "laptops"
description = "Two laptops"
category = "hardware"
amount = {laptops}
recurring = false
"#
    )
}

/// The scripted history, four commits:
///   0. base: org, tool `chat`, policy, budget
///   1. add tool `video`
///   2. change chat's owner; rename chat.toml -> team-chat.toml
///   3. reword a clause; raise the design line by 1,200
///
/// (Breaking a file and fixing it is scripted in its own test.)
fn scripted() -> (GitRepo, Vec<String>) {
    let repo = GitRepo::new().with_today(TODAY);
    repo.write("policies/org.toml", ORG)
        .write("policies/tools/chat.toml", &tool("Chat", "jdoe", "mmiller"))
        .write("policies/technology/social-media.toml", POLICY)
        .write("policies/budgets/2026/comms.toml", &budget(3000, 2400));
    let mut commits = vec![repo.commit("base")];
    repo.write(
        "policies/tools/video.toml",
        &tool("Video", "mmiller", "jdoe"),
    );
    commits.push(repo.commit("Add video tool (#12)"));
    fs::remove_file(repo.path().join("policies/tools/chat.toml")).unwrap();
    repo.write(
        "policies/tools/team-chat.toml",
        &tool("Chat", "mmiller", "jdoe"),
    );
    commits.push(repo.commit("Chat changes hands"));
    repo.write(
        "policies/technology/social-media.toml",
        &POLICY.replace("Only staff may post", "Only trained staff may post"),
    )
    .write("policies/budgets/2026/comms.toml", &budget(4200, 2400));
    commits.push(repo.commit("Reword and budget"));
    (repo, commits)
}

fn redact_shas(mut value: Value) -> Value {
    for key in ["base", "head"] {
        if let Some(Value::String(s)) = value.get(key)
            && s.len() == 40
        {
            value[key] = Value::String("<sha>".into());
        }
    }
    value
}

#[test]
fn diff_shows_rename_owner_change_reworded_clause_and_budget_totals() {
    let (repo, _) = scripted();
    let json = repo.json(&["diff", "HEAD~3", "HEAD", "--format", "json"]);
    insta::assert_json_snapshot!("diff_head_3", redact_shas(json));

    let (code, human, _) = repo.steward(&["diff", "HEAD~3", "HEAD"]);
    assert_eq!(code, 0);
    let human = human.replace(&repo.git(&["rev-parse", "--short=10", "HEAD~3"]), "<base>");
    let human = human.replace(&repo.git(&["rev-parse", "--short=10", "HEAD"]), "<head>");
    insta::assert_snapshot!("diff_head_3_human", human);

    let (_, markdown, _) = repo.steward(&["diff", "HEAD~3", "HEAD", "--format", "markdown"]);
    let markdown = markdown.replace(&repo.git(&["rev-parse", "--short=10", "HEAD~3"]), "<base>");
    let markdown = markdown.replace(&repo.git(&["rev-parse", "--short=10", "HEAD"]), "<head>");
    insta::assert_snapshot!("diff_head_3_markdown", markdown);
}

#[test]
fn diff_json_contract() {
    let (repo, commits) = scripted();
    let json = repo.json(&["diff", "HEAD~3", "HEAD", "--format", "json"]);
    assert_eq!(json["version"], 1);
    assert_eq!(json["base"], commits[0].as_str());
    assert_eq!(json["head"], commits[3].as_str());
    let entities = json["entities"].as_array().unwrap();
    let find = |id: &str| {
        entities
            .iter()
            .find(|e| e["id"] == id)
            .unwrap_or_else(|| panic!("{id} in {json}"))
    };

    let chat = find("team-chat");
    assert_eq!(chat["change"], "renamed");
    assert_eq!(chat["old_id"], "chat");
    assert_eq!(chat["old_path"], "tools/chat.toml");
    let owner = chat["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "owner")
        .unwrap();
    assert_eq!(owner["old"], "jdoe");
    assert_eq!(owner["new"], "mmiller");

    assert_eq!(find("video")["change"], "added");

    let policy = find("social-media");
    assert_eq!(policy["change"], "modified");
    let clause = &policy["clauses"][0];
    assert_eq!(clause["id"], "who-posts");
    assert_eq!(clause["change"], "reworded");
    let inserted: Vec<&str> = clause["words"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["op"] == "insert")
        .map(|w| w["text"].as_str().unwrap())
        .collect();
    assert_eq!(inserted, ["trained"]);

    let budget = &json["budgets"][0];
    assert_eq!(budget["department"], "comms");
    assert_eq!(budget["fiscal_year"], "2026");
    assert_eq!(
        (
            budget["before"].clone(),
            budget["after"].clone(),
            budget["delta"].clone()
        ),
        (5400.into(), 6600.into(), 1200.into())
    );
    assert_eq!(budget["by_category"]["software"]["delta"], 1200);
    assert!(
        budget["by_category"]
            .get("hardware")
            .is_some_and(|h| h["delta"] == 0)
    );
    assert_eq!(json["fiscal_years"][0]["delta"], 1200);
}

#[test]
fn diff_human_marks_words_and_names_people() {
    let (repo, _) = scripted();
    let (_, human, _) = repo.steward(&["diff", "HEAD~3", "HEAD"]);
    assert!(
        human.contains("owner: jdoe (Jane Doe) → mmiller (Mark Miller)"),
        "{human}"
    );
    assert!(human.contains("Only {+trained+} staff may post"), "{human}");
    assert!(human.contains("renamed from tools/chat.toml"), "{human}");
    assert!(
        human.contains("Communications, fiscal year 2026: $5,400 → $6,600 (+$1,200)"),
        "{human}"
    );
    assert!(
        human.contains("software: $3,000 → $4,200 (+$1,200)"),
        "{human}"
    );
}

#[test]
fn diff_defaults_to_head_against_the_working_tree_with_untracked_files() {
    let (repo, _) = scripted();
    let (_, out, _) = repo.steward(&["diff", "--format", "json"]);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["head"], "worktree");
    assert!(json["entities"].as_array().unwrap().is_empty(), "{json}");
    repo.write("policies/tools/wiki.toml", &tool("Wiki", "jdoe", "mmiller"));
    let json = repo.json(&["diff", "--format", "json"]);
    assert_eq!(json["entities"][0]["id"], "wiki");
    assert_eq!(json["entities"][0]["change"], "added");
}

#[test]
fn ranges_work_as_in_git() {
    let (repo, commits) = scripted();
    let two_dots = repo.json(&["diff", "HEAD~1..HEAD", "--format", "json"]);
    assert_eq!(two_dots["base"], commits[2].as_str());
    assert_eq!(two_dots["head"], commits[3].as_str());
    repo.git(&["checkout", "-q", "-b", "feature", "HEAD~2"]);
    repo.write("policies/tools/wiki.toml", &tool("Wiki", "jdoe", "mmiller"));
    repo.commit("wiki");
    // From the merge base (HEAD~2 of main), the branch only added the wiki.
    let three_dots = repo.json(&["diff", "main...feature", "--format", "json"]);
    assert_eq!(three_dots["base"], commits[1].as_str());
    let ids: Vec<&str> = three_dots["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["wiki"]);
}

#[test]
fn a_file_broken_on_one_side_is_named_and_the_rest_still_compared() {
    let (repo, _) = scripted();
    repo.write(
        "policies/budgets/2026/comms.toml",
        "department = \"comms\"\n[[line]\n",
    );
    repo.write(
        "policies/tools/video.toml",
        &tool("Video", "jdoe", "mmiller"),
    );
    repo.commit("break the budget");
    let json = repo.json(&["diff", "HEAD~1", "HEAD", "--format", "json"]);
    let problems = json["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{json}");
    assert_eq!(problems[0]["side"], "head");
    assert_eq!(problems[0]["file"], "policies/budgets/2026/comms.toml");
    assert!(
        problems[0]["message"]
            .as_str()
            .unwrap()
            .contains("not valid TOML")
    );
    let video = json["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "video")
        .unwrap();
    assert_eq!(video["fields"][0]["path"], "backup_owner");

    // Fixed in the working tree: nothing is broken on the head side any more.
    repo.write("policies/budgets/2026/comms.toml", &budget(4200, 2400));
    let json = repo.json(&["diff", "HEAD~1", "--format", "json"]);
    assert!(json.get("problems").is_none(), "{json}");
    let (_, human, _) = repo.steward(&["diff", "HEAD"]);
    assert!(
        human.contains("on the base side, policies/budgets/2026/comms.toml could not be read"),
        "{human}"
    );
}

#[test]
fn lint_at_a_revision_reads_git_not_the_disk() {
    let (repo, _) = scripted();
    repo.write("policies/tools/video.toml", "name = ");
    let (code, _, _) = repo.steward(&["lint"]);
    assert_eq!(code, 1);
    let (code, out, err) = repo.steward(&["lint", "--rev", "HEAD"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = repo.steward(&["lint", "--rev", "HEAD~3", "--format", "json"]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["summary"]["files"], 4);
}

fn tool_without_backup(name: &str) -> String {
    tool(name, "jdoe", "mmiller").replace("backup_owner = \"mmiller\"\n", "")
}

#[test]
fn new_only_reports_only_the_new_finding() {
    let repo = GitRepo::new().with_today(TODAY);
    repo.write("policies/org.toml", ORG);
    // Ten old findings: ten approved tools without a backup owner.
    for i in 0..10 {
        repo.write(
            &format!("policies/tools/old-{i}.toml"),
            &tool_without_backup(&format!("Old {i}")),
        );
    }
    repo.commit("old problems");
    // Unrelated edits above the old problems move their lines...
    for i in 0..10 {
        let text = tool_without_backup(&format!("Old {i}"));
        repo.write(
            &format!("policies/tools/old-{i}.toml"),
            &format!("# moved down\n\n{text}"),
        );
    }
    // ...and one new problem.
    repo.write("policies/tools/new.toml", &tool("New", "nobody", "mmiller"));
    let (code, out, _) = repo.steward(&["lint", "--format", "json"]);
    let all: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(code, 1);
    assert_eq!(all["diagnostics"].as_array().unwrap().len(), 11);

    let (code, out, _) = repo.steward(&["lint", "--new-only", "HEAD", "--format", "json"]);
    let json: Value = serde_json::from_str(&out).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{json}");
    assert_eq!(diagnostics[0]["rule"], "ref/unknown-person");
    assert_eq!(diagnostics[0]["file"], "policies/tools/new.toml");
    assert_eq!(diagnostics[0]["line"], 6);
    assert_eq!(json["summary"]["preexisting"], 10);
    assert_eq!(code, 1);

    // Without the new problem, the gate passes although old warnings remain.
    fs::remove_file(repo.path().join("policies/tools/new.toml")).unwrap();
    let (code, out, _) = repo.steward(&["lint", "--new-only", "HEAD"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("10 findings already in the base not shown"),
        "{out}"
    );
}

#[test]
fn works_in_a_subfolder_of_a_larger_repository_and_in_a_bare_clone() {
    let repo = GitRepo::new().with_today(TODAY);
    repo.write("README.md", "# a larger repository\n");
    repo.write("governance/steward.toml", "root = \"tree\"\n");
    repo.write("governance/tree/org.toml", ORG);
    repo.write(
        "governance/tree/tools/chat.toml",
        &tool("Chat", "jdoe", "mmiller"),
    );
    repo.commit("one");
    repo.write(
        "governance/tree/tools/chat.toml",
        &tool("Chat", "mmiller", "jdoe"),
    );
    repo.commit("two");
    let sub = repo.path().join("governance");
    let (code, out, err) = repo.steward_in(&sub, &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["entities"][0]["id"], "chat");

    let elsewhere = tempfile::tempdir().unwrap();
    let bare: PathBuf = elsewhere.path().join("bare.git");
    Process::new("git")
        .args([
            "clone",
            "-q",
            "--bare",
            repo.path().to_str().unwrap(),
            bare.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let (code, out, err) = repo.steward_in(
        &bare,
        &[
            "lint",
            "--rev",
            "HEAD",
            "--root",
            "governance/tree",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["summary"]["files"], 2);
}

#[test]
fn errors_users_will_meet() {
    // Not inside a git repository.
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("policies")).unwrap();
    let out = Command::cargo_bin("steward")
        .unwrap()
        .args(["diff"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not inside a git repository"), "{err}");

    // Unknown revision.
    let (repo, _) = scripted();
    let (code, _, err) = repo.steward(&["diff", "no-such-branch"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown revision \"no-such-branch\""), "{err}");
    assert!(err.contains("git log --oneline"), "{err}");

    // A shallow clone in which the base is missing.
    let shallow = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    let status = Process::new("git")
        .args([
            "clone",
            "-q",
            "--depth",
            "1",
            &url,
            shallow.path().to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let (code, _, err) = repo.steward_in(shallow.path(), &["diff", "HEAD~3"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("shallow"), "{err}");
    assert!(
        err.contains("git fetch --unshallow") && err.contains("fetch-depth: 0"),
        "{err}"
    );
}
