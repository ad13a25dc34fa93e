//! Kinds declared in steward.toml: schema lint at exact places, diff and changelog; no
//! governance rules; clear errors for a broken declaration.

use std::fs;
use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;

const TEAM_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "name": {"type": "string"},
    "kind": {"enum": ["team", "working-group"]},
    "members": {"type": "array", "items": {"type": "string"}}
  },
  "required": ["name", "kind"],
  "additionalProperties": false
}"#;

const CONFIG: &str = r#"root = "registry"

[kinds.team]
path = "teams/**/*.toml"
schema = "schemas/team.schema.json"
"#;

fn write(root: &Path, path: &str, text: &str) {
    let full = root.join(path);
    fs::create_dir_all(full.parent().unwrap()).unwrap();
    fs::write(full, text).unwrap();
}

fn steward(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("steward")
        .unwrap()
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn git(dir: &Path, args: &[&str]) {
    let status = Process::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "T")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "T")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn declared_kinds_get_schema_lint_diff_and_changelog() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "steward.toml", CONFIG);
    write(root, "schemas/team.schema.json", TEAM_SCHEMA);
    // No org.toml, no tools: a registry of teams only. File names need not be ids.
    write(
        root,
        "registry/teams/Compiler_Team.toml",
        "name = \"Compiler\"\nkind = \"team\"\nmembers = [\"ana\"]\n",
    );
    write(
        root,
        "registry/teams/archive/wg-old.toml",
        "name = \"Old\"\nkind = \"working-group\"\n",
    );
    let (code, out, err) = steward(root, &["lint", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["summary"]["files"], 2);
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0, "{json}");

    // A schema violation in a declared kind is reported at its exact place.
    write(
        root,
        "registry/teams/docs.toml",
        "name = \"Docs\"\nkind = \"tem\"\ncolour = 1\n",
    );
    let (code, out, _) = steward(root, &["lint", "--format", "json"]);
    assert_eq!(code, 1);
    let json: Value = serde_json::from_str(&out).unwrap();
    let found: Vec<(String, u64, u64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("schema/enum".to_string(), 2, 8),
            ("schema/additional-property".to_string(), 3, 1)
        ]
    );
    assert_eq!(json["diagnostics"][0]["file"], "registry/teams/docs.toml");

    // Diff and changelog see declared kinds.
    fs::remove_file(root.join("registry/teams/docs.toml")).unwrap();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "teams"]);
    write(
        root,
        "registry/teams/Compiler_Team.toml",
        "name = \"Compiler\"\nkind = \"team\"\nmembers = [\"ana\", \"ben\"]\n",
    );
    git(
        root,
        &["commit", "-q", "-am", "Ben joins the compiler team (#7)"],
    );
    let (code, out, err) = steward(root, &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let diff: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(diff["entities"][0]["kind"], "team");
    assert_eq!(diff["entities"][0]["id"], "Compiler_Team");
    assert_eq!(diff["entities"][0]["fields"][0]["path"], "members");
    assert_eq!(diff["entities"][0]["fields"][0]["added"][0], "ben");

    let (code, out, _) = steward(root, &["changelog", "--format", "json"]);
    assert_eq!(code, 0);
    let log: Value = serde_json::from_str(&out).unwrap();
    let entry = &log["sections"][0]["entries"][0];
    assert_eq!(entry["pr"], 7);
    assert_eq!(entry["lines"][0], "team Compiler: members changed");
}

#[test]
fn a_broken_declaration_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "steward.toml",
        "[kinds.team]\npath = \"teams/*.toml\"\nschema = \"missing.json\"\n",
    );
    fs::create_dir_all(root.join("policies")).unwrap();
    let (code, _, err) = steward(root, &["lint"]);
    assert_eq!(code, 2);
    assert!(err.contains("the schema of kind team"), "{err}");
    assert!(err.contains("missing.json"), "{err}");

    write(
        root,
        "steward.toml",
        "[kinds.tool]\npath = \"x/*.toml\"\nschema = \"s.json\"\n",
    );
    let (code, _, err) = steward(root, &["lint"]);
    assert_eq!(code, 2);
    assert!(err.contains("not org, tool, policy or budget"), "{err}");

    // A schema that is not valid JSON is reported at its place, and the kind is not validated.
    write(
        root,
        "steward.toml",
        "[kinds.team]\npath = \"teams/*.toml\"\nschema = \"team.json\"\n",
    );
    write(root, "team.json", "{\"type\": \"object\",\n  oops\n}");
    write(root, "policies/teams/a.toml", "name = 1\n");
    let (code, out, _) = steward(root, &["lint", "--format", "json"]);
    assert_eq!(code, 1);
    let json: Value = serde_json::from_str(&out).unwrap();
    let bad = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "schema/bad-schema")
        .unwrap();
    assert_eq!(bad["file"], "team.json");
    assert_eq!(bad["line"], 2);
}
