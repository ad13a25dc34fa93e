//! A hostile pull request (issue 13): money that would escape the rules or overflow, intervals
//! beyond the calendar, files written through links, a steward.toml that is a device or a link
//! out of the repository, git's own folder as the tree, and inputs built to make a run slow or
//! large. Each test runs the real binary as a user would, on real files and repositories, and
//! checks the exit code (never a crash), the finding, and that nothing outside was written.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::git::{GitRepo, ORG, tool_file};
use serde_json::Value;

const TODAY: &str = "2026-11-25";

const BUDGET: &str = r#"department = "comms"
fiscal_year = 2026
currency = "USD"
allocation = 1000

[[line]]
id = "chat"
category = "software"
amount = 100
"#;

/// A repository whose first commit is a clean tree: org, one tool, one budget.
fn repository() -> GitRepo {
    let repo = GitRepo::new().with_today(TODAY);
    repo.write("policies/org.toml", ORG)
        .write(
            "policies/tools/chat.toml",
            &tool_file("Chat", "approved", "jdoe", "mmiller"),
        )
        .write("policies/budgets/2026/comms.toml", BUDGET);
    repo.commit("Initial tree");
    repo
}

#[track_caller]
fn assert_ran(code: i32, stderr: &str, what: &str) {
    assert!(
        (0..=2).contains(&code),
        "{what}: exit code {code} (a crash or a panic); stderr:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
}

fn rules(lint: &Value) -> Vec<String> {
    lint["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["rule"].as_str().unwrap_or_default().to_string())
        .collect()
}

// --- money ------------------------------------------------------------------------------

/// Two lines of 7e28 (one written as a plain decimal: a TOML integer that large would not
/// parse) add up past the largest decimal, and a cost of 7e27 a month times 12
/// does too. Each command that adds money up (lint, report, diff, review) used to panic.
#[test]
fn amounts_too_large_for_a_decimal_panic_nowhere() {
    let repo = repository();
    let lines = "\n[[line]]\nid = \"a\"\ncategory = \"software\"\namount = 7e28\n\n[[line]]\nid = \"b\"\ncategory = \"software\"\namount = 70000000000000000000000000000.0\n";
    repo.write(
        "policies/budgets/2026/comms.toml",
        &format!("{BUDGET}{lines}"),
    )
    .write(
        "policies/tools/chat.toml",
        &tool_file("Chat", "approved", "jdoe", "mmiller").replace(
            "[exit_plan]",
            "[cost]\namount = 7e27\ncurrency = \"USD\"\nperiod = \"month\"\nbudget_line = \"2026/comms#chat\"\n\n[exit_plan]",
        ),
    );
    repo.commit("Huge amounts");
    for args in [
        &["lint"][..],
        &["lint", "--format", "json"],
        &["report", "budget"],
        &["report", "budget", "--format", "json"],
        &["report", "tools"],
        &["report", "tools", "--format", "csv"],
        &["diff", "HEAD~1", "HEAD"],
        &["diff", "HEAD~1", "HEAD", "--format", "markdown"],
        &["review"],
        &["changelog"],
    ] {
        let (code, _, stderr) = repo.steward(args);
        assert_ran(code, &stderr, &args.join(" "));
    }
    let lint = repo.json(&["lint", "--format", "json"]);
    let format: Vec<String> = rules(&lint)
        .into_iter()
        .filter(|r| r == "budget/amount-format")
        .collect();
    assert_eq!(format.len(), 3, "{lint:#}");
}

/// An amount steward cannot read makes the totals it belongs to unknown, in the reports and
/// in the comparison, never smaller.
#[test]
fn amounts_that_cannot_be_read_make_totals_unknown() {
    let repo = repository();
    repo.write(
        "policies/budgets/2026/comms.toml",
        &format!("{BUDGET}\n[[line]]\nid = \"laptops\"\ncategory = \"hardware\"\namount = 0x5DC\n"),
    );
    repo.commit("A line in hexadecimal");

    let report = repo.json(&["report", "budget", "--format", "json"]);
    let comms = &report["departments"][0];
    assert_eq!(comms["planned"], Value::Null, "{report:#}");
    assert_eq!(comms["left"], Value::Null);
    assert_eq!(comms["by_category"]["software"], 100);
    assert_eq!(comms["by_category"]["hardware"], Value::Null);

    let (code, human, stderr) = repo.steward(&["report", "budget"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(human.contains("unknown"), "{human}");

    let diff = repo.json(&["diff", "HEAD~1", "HEAD", "--format", "json"]);
    let budget = &diff["budgets"][0];
    assert_eq!(budget["before"], 100, "{diff:#}");
    assert_eq!(budget["after"], Value::Null);
    assert_eq!(budget["delta"], Value::Null);
}

// --- dates ------------------------------------------------------------------------------

#[test]
fn review_intervals_beyond_the_calendar_do_not_panic() {
    let repo = repository();
    repo.write(
        "policies/technology/forever.toml",
        "title = \"Forever\"\nstatus = \"active\"\nowner = \"it\"\nlast_reviewed = 2026-01-01\nreview_every_months = 239977\n",
    );
    repo.commit("A policy reviewed once a millennium");
    let lint = repo.json(&["lint", "--format", "json"]);
    assert!(
        rules(&lint).contains(&"schema/range".to_string()),
        "{lint:#}"
    );
    for args in [
        &["review"][..],
        &["review", "--format", "json"],
        &["diff", "HEAD~1", "HEAD"],
    ] {
        let (code, _, stderr) = repo.steward(args);
        assert_ran(code, &stderr, &args.join(" "));
        assert_eq!(code, 0, "{stderr}");
    }

    let (code, _, stderr) = repo.steward(&["review", "--within", "7304485"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("7304485"), "{stderr}");

    repo.write("steward.toml", "tool_review_months = 239977\n");
    let (code, _, stderr) = repo.steward(&["lint"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("tool_review_months = 239977: a review interval is from 1 to 120 months"),
        "{stderr}"
    );
}

// --- writes -----------------------------------------------------------------------------

/// A file outside the repository that a link committed in a pull request points at.
struct Outside {
    dir: tempfile::TempDir,
}

impl Outside {
    fn new() -> Outside {
        let outside = Outside {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        fs::write(outside.file(), "precious\n").expect("write");
        outside
    }

    fn file(&self) -> std::path::PathBuf {
        self.dir.path().join("precious.txt")
    }

    #[track_caller]
    fn assert_untouched(&self) {
        assert_eq!(fs::read_to_string(self.file()).unwrap(), "precious\n");
        let entries: Vec<_> = fs::read_dir(self.dir.path()).unwrap().collect();
        assert_eq!(
            entries.len(),
            1,
            "something was written outside: {entries:?}"
        );
    }
}

#[cfg(unix)]
fn link(target: &Path, at: &Path) {
    fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, at).expect("symlink");
}

#[cfg(unix)]
#[test]
fn lint_output_is_never_written_through_a_link() {
    let repo = repository();
    let outside = Outside::new();
    link(&outside.file(), &repo.path().join("steward.sarif"));
    let (code, _, stderr) =
        repo.steward(&["lint", "--format", "sarif", "--output", "steward.sarif"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("steward.sarif is a symbolic link; steward never writes through links"),
        "{stderr}"
    );
    outside.assert_untouched();

    // A folder on the way that leads out is refused as well.
    link(outside.dir.path(), &repo.path().join("reports"));
    let (code, _, stderr) =
        repo.steward(&["lint", "--format", "json", "--output", "reports/lint.json"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("through a symbolic link"), "{stderr}");
    outside.assert_untouched();
}

#[cfg(unix)]
#[test]
fn lint_output_replaces_a_file_whole_and_leaves_nothing_behind() {
    let repo = repository();
    repo.write("out/lint.json", "old");
    let (code, _, stderr) =
        repo.steward(&["lint", "--format", "json", "--output", "out/lint.json"]);
    assert_eq!(code, 0, "{stderr}");
    let written = fs::read_to_string(repo.path().join("out/lint.json")).unwrap();
    assert!(serde_json::from_str::<Value>(&written).is_ok(), "{written}");
    let names: Vec<String> = fs::read_dir(repo.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["lint.json"], "no temporary file is left");
}

#[cfg(unix)]
#[test]
fn schema_export_never_overwrites_a_linked_file() {
    let repo = repository();
    let outside = Outside::new();
    link(
        &outside.file(),
        &repo.path().join("editor-schemas/tool.schema.json"),
    );
    let out = common::steward_in(repo.path())
        .args(["schema", "export", "editor-schemas", "--force"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is a symbolic link"), "{stderr}");
    outside.assert_untouched();
}

#[cfg(unix)]
#[test]
fn new_never_writes_into_a_folder_that_links_outside() {
    let repo = repository();
    let outside = Outside::new();
    link(outside.dir.path(), &repo.path().join("policies/technology"));
    let (code, _, stderr) =
        repo.steward(&["new", "policy", "ai-use", "--title", "AI", "--owner", "it"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("through a symbolic link"), "{stderr}");
    outside.assert_untouched();
}

// --- steward.toml -----------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn steward_toml_linked_to_a_device_is_not_read() {
    let repo = repository();
    link(Path::new("/dev/zero"), &repo.path().join("steward.toml"));
    let started = std::time::Instant::now();
    let (code, _, stderr) = repo.steward(&["lint"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("leads outside the repository"), "{stderr}");
    // Not a performance claim: reading /dev/zero would never end.
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[cfg(unix)]
#[test]
fn steward_toml_linked_outside_is_not_read_or_quoted() {
    let repo = repository();
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("secret.toml"),
        "root = \"SECRET-TOKEN-VALUE\"\nx = 1\n",
    )
    .unwrap();
    link(
        &outside.path().join("secret.toml"),
        &repo.path().join("steward.toml"),
    );
    let (code, stdout, stderr) = repo.steward(&["lint"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        !stderr.contains("SECRET") && !stdout.contains("SECRET"),
        "{stderr}"
    );
    assert!(
        !stderr.contains(&outside.path().display().to_string()),
        "the message does not say where the link points: {stderr}"
    );
}

#[cfg(unix)]
#[test]
fn steward_toml_that_is_a_pipe_or_too_large_is_refused() {
    let repo = repository();
    let status = Command::new("mkfifo")
        .arg(repo.path().join("steward.toml"))
        .status()
        .expect("mkfifo");
    assert!(status.success());
    let (code, _, stderr) = repo.steward(&["lint"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");

    fs::remove_file(repo.path().join("steward.toml")).unwrap();
    repo.write("steward.toml", &format!("# {}\n", "x".repeat(300 * 1024)));
    let (code, _, stderr) = repo.steward(&["lint"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("larger than 256 KiB"), "{stderr}");
}

#[test]
fn gits_own_folder_is_never_the_tree() {
    let repo = repository();
    repo.write("steward.toml", "root = \".git\"\n");
    let (code, _, stderr) = repo.steward(&["lint"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("inside git's own folder (.git)"),
        "{stderr}"
    );

    repo.write("steward.toml", "root = \".git/refs\"\n");
    let (code, _, stderr) = repo.steward(&["lint"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("inside git's own folder (.git)"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_tree_folder_that_links_into_git_is_refused() {
    let repo = repository();
    fs::rename(repo.path().join("policies"), repo.path().join("real")).unwrap();
    link(Path::new(".git"), &repo.path().join("policies"));
    let (code, _, stderr) = repo.steward(&["lint"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("inside git's own folder (.git)"),
        "{stderr}"
    );
}

// --- cost -------------------------------------------------------------------------------

/// Ids that are anagrams of one another pass every cheap test of "could this be a typo?".
fn anagram(i: usize) -> String {
    let mut letters: Vec<char> = "abcdefghijklmnop".chars().collect();
    let n = letters.len();
    let mut k = i;
    for j in (1..n).rev() {
        letters.swap(j, k % (j + 1));
        k /= j + 1;
    }
    letters.into_iter().collect()
}

/// Two budgets of 10,000 lines each naming tools that do not exist, among 10,000 tools whose
/// ids are all anagrams of the unknown ones: every unknown id is still counted, at most
/// [`MAX_SUGGESTIONS`] get a "did you mean", and the report lists at most 100 findings of a
/// rule per file. (Its speed is measured by scripts/hostile.sh, not here.)
#[test]
fn unknown_ids_built_to_defeat_suggestions_stay_bounded() {
    let repo = repository();
    // The tools exist (as files), so they are candidates for suggestions.
    for i in 0..2_000 {
        repo.write(
            &format!("policies/tools/{}.toml", anagram(i)),
            &tool_file("T", "approved", "jdoe", "mmiller"),
        );
    }
    for budget in ["comms", "it"] {
        let mut text = format!(
            "department = \"{budget}\"\nfiscal_year = 2026\ncurrency = \"USD\"\nallocation = 100000000\n"
        );
        for i in 0..10_000 {
            text.push_str(&format!(
                "\n[[line]]\nid = \"l{i}\"\ncategory = \"software\"\namount = 1\ntool = \"{}\"\n",
                anagram(100_000 + i)
            ));
        }
        repo.write(&format!("policies/budgets/2026/{budget}.toml"), &text);
    }
    let lint = repo.json(&["lint", "--format", "json"]);
    let unknown: Vec<&Value> = lint["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "ref/unknown-tool")
        .collect();
    assert_eq!(unknown.len(), 200, "100 listed per file");
    let counted: u64 = unknown
        .iter()
        .map(|d| 1 + d["omitted"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(counted, 20_000);
    let suggested = unknown
        .iter()
        .filter(|d| d["help"].as_str().unwrap().contains("Did you mean"))
        .count();
    assert!(suggested <= 200, "{suggested}");
}

// --- new-only ---------------------------------------------------------------------------

/// With `--new-only`, a base steward cannot lint (here its tree is a git submodule) must not
/// fail the change that repairs it: it says so and judges this version on all its findings.
#[test]
fn new_only_against_a_base_that_cannot_be_linted_gates_on_this_version() {
    let repo = GitRepo::new().with_today(TODAY);
    repo.write("README.md", "policies\n");
    repo.commit("Start");
    let start = repo.rev("HEAD");
    repo.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{start},policies"),
    ]);
    repo.git(&["commit", "-q", "-m", "The tree as a submodule"]);
    repo.git(&["rm", "-q", "--cached", "policies"]);
    repo.write("policies/org.toml", ORG).write(
        "policies/tools/chat.toml",
        &tool_file("Chat", "approved", "jdoe", "nobody"),
    );
    repo.commit("The real tree");

    let (code, stdout, stderr) =
        repo.steward(&["lint", "--new-only", "HEAD~1", "--format", "json"]);
    assert_eq!(code, 1, "the head's own error still gates: {stderr}");
    assert!(
        stderr.contains("notice: the base revision") && stderr.contains("could not be linted"),
        "{stderr}"
    );
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert!(json["summary"]["base_error"].is_string(), "{json:#}");
    assert!(rules(&json).contains(&"ref/unknown-person".to_string()));
}
