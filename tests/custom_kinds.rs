//! Kinds declared in steward.toml: schema lint at exact places, diff and changelog; no
//! governance rules; clear errors for a broken declaration.

mod common;

use std::fs;

use serde_json::Value;

use common::git::GitRepo;

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

#[test]
fn declared_kinds_get_schema_lint_diff_and_changelog() {
    let repo = GitRepo::folder();
    repo.write("steward.toml", CONFIG);
    repo.write("schemas/team.schema.json", TEAM_SCHEMA);
    // No org.toml, no tools: a registry of teams only. File names need not be ids.
    repo.write(
        "registry/teams/Compiler_Team.toml",
        "name = \"Compiler\"\nkind = \"team\"\nmembers = [\"ana\"]\n",
    );
    repo.write(
        "registry/teams/archive/wg-old.toml",
        "name = \"Old\"\nkind = \"working-group\"\n",
    );
    let (code, out, err) = repo.steward(&["lint", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["summary"]["files"], 2);
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0, "{json}");

    // A schema violation in a declared kind is reported at its exact place.
    repo.write(
        "registry/teams/docs.toml",
        "name = \"Docs\"\nkind = \"tem\"\ncolour = 1\n",
    );
    let (code, out, _) = repo.steward(&["lint", "--format", "json"]);
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
    repo.remove("registry/teams/docs.toml");
    repo.git(&["init", "-q", "-b", "main"]);
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "teams"]);
    repo.write(
        "registry/teams/Compiler_Team.toml",
        "name = \"Compiler\"\nkind = \"team\"\nmembers = [\"ana\", \"ben\"]\n",
    );
    repo.git(&["commit", "-q", "-am", "Ben joins the compiler team (#7)"]);
    let (code, out, err) = repo.steward(&["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let diff: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(diff["entities"][0]["kind"], "team");
    assert_eq!(diff["entities"][0]["id"], "Compiler_Team");
    assert_eq!(diff["entities"][0]["fields"][0]["path"], "members");
    assert_eq!(diff["entities"][0]["fields"][0]["added"][0], "ben");

    let (code, out, _) = repo.steward(&["changelog", "--format", "json"]);
    assert_eq!(code, 0);
    let log: Value = serde_json::from_str(&out).unwrap();
    let entry = &log["sections"][0]["entries"][0];
    assert_eq!(entry["pr"], 7);
    assert_eq!(entry["lines"][0], "team Compiler: members changed");
}

#[test]
fn a_broken_declaration_is_a_clear_error() {
    let repo = GitRepo::folder();
    repo.write(
        "steward.toml",
        "[kinds.team]\npath = \"teams/*.toml\"\nschema = \"missing.json\"\n",
    );
    fs::create_dir_all(repo.path().join("policies")).unwrap();
    let (code, _, err) = repo.steward(&["lint"]);
    assert_eq!(code, 2);
    assert!(err.contains("the schema of kind team"), "{err}");
    assert!(err.contains("missing.json"), "{err}");

    repo.write(
        "steward.toml",
        "[kinds.tool]\npath = \"x/*.toml\"\nschema = \"s.json\"\n",
    );
    let (code, _, err) = repo.steward(&["lint"]);
    assert_eq!(code, 2);
    assert!(err.contains("not org, tool, policy or budget"), "{err}");

    // A schema that is not valid JSON is reported at its place, and the kind is not validated.
    repo.write(
        "steward.toml",
        "[kinds.team]\npath = \"teams/*.toml\"\nschema = \"team.json\"\n",
    );
    repo.write("team.json", "{\"type\": \"object\",\n  oops\n}");
    repo.write("policies/teams/a.toml", "name = 1\n");
    let (code, out, _) = repo.steward(&["lint", "--format", "json"]);
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

/// `[kinds.team] path = "teams/*.toml"` and nothing else: any TOML registry kept in git is one
/// line of configuration away. Its files are checked for TOML syntax only (any keys, any
/// values), and still get diff and changelog.
#[test]
fn a_declared_kind_without_a_schema_gets_syntax_lint_diff_and_changelog() {
    let repo = GitRepo::new();
    repo.write(
        "steward.toml",
        "root = \"registry\"\n\n[kinds.team]\npath = \"teams/*.toml\"\n",
    );
    repo.write(
        "registry/teams/infra.toml",
        "name = \"Infrastructure\"\nmembers = [\"ana\"]\n\n[anything]\ngoes = 2026-01-01\n",
    );
    let (code, out, err) = repo.steward(&["lint", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["summary"]["files"], 1);
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0, "{json}");

    // Broken TOML is still reported, at its place.
    repo.write("registry/teams/docs.toml", "name = \"Docs\nmembers = []\n");
    let (code, out, _) = repo.steward(&["lint", "--format", "json"]);
    assert_eq!(code, 1);
    let json: Value = serde_json::from_str(&out).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{json}");
    assert_eq!(diagnostics[0]["rule"], "toml/syntax");
    assert_eq!(diagnostics[0]["file"], "registry/teams/docs.toml");
    assert_eq!(diagnostics[0]["line"], 1);
    repo.remove("registry/teams/docs.toml");

    repo.commit("Infrastructure team");
    repo.write(
        "registry/teams/infra.toml",
        "name = \"Infrastructure\"\nmembers = [\"ana\", \"ben\"]\n\n[anything]\ngoes = 2026-01-01\n",
    );
    repo.commit("Ben joins infrastructure (#12)");
    let (code, out, err) = repo.steward(&["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let diff: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(diff["entities"][0]["kind"], "team");
    assert_eq!(diff["entities"][0]["id"], "infra");
    assert_eq!(diff["entities"][0]["fields"][0]["path"], "members");
    assert_eq!(diff["entities"][0]["fields"][0]["added"][0], "ben");

    let (code, out, _) = repo.steward(&["changelog", "--format", "json"]);
    assert_eq!(code, 0);
    let log: Value = serde_json::from_str(&out).unwrap();
    let entry = &log["sections"][0]["entries"][0];
    assert_eq!(entry["pr"], 12);
    assert_eq!(entry["lines"][0], "team Infrastructure: members changed");
}
