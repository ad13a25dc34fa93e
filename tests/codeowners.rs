//! `steward codeowners` (issue 16, part 5) on real trees with the real binary: the file it
//! writes (a snapshot), `--check`, `--output`, and lint's codeowners/out-of-date at the line
//! that is wrong; hostile handles and paths that never reach the file; a committed file that
//! is a link, a pipe or too large, never read; and `--new-only`, which reads the base's file
//! from git.

mod common;

use std::fs;

use common::git::{self, GitRepo};
use common::{ORG_PATH, Tree};

const CODEOWNERS: &str = ".github/CODEOWNERS";

/// The baseline with GitHub usernames for Ana (head of IT, owner of Chat) and Ben (head of
/// Communications, backup owner of Chat).
fn with_handles() -> Tree {
    Tree::baseline()
        .edit(
            ORG_PATH,
            "department = \"it\"\n",
            "department = \"it\"\ngithub = \"ana-lima\"\n",
        )
        .edit(
            ORG_PATH,
            "department = \"comms\"\n",
            "department = \"comms\"\ngithub = \"Ben-Okoro\"\n",
        )
}

/// `steward codeowners ARGS --today TODAY`: (exit code, stdout, stderr).
fn codeowners(tree: &Tree, args: &[&str]) -> (i32, String, String) {
    let out = tree
        .steward()
        .arg("codeowners")
        .args(args)
        .args(["--today", common::TODAY])
        .output()
        .expect("run steward");
    (
        out.status.code().expect("an exit code"),
        String::from_utf8(out.stdout).expect("UTF-8"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn written(tree: &Tree) -> String {
    fs::read_to_string(tree.join(CODEOWNERS)).expect("the written CODEOWNERS")
}

#[test]
fn writes_codeowners_from_org_toml_and_lint_agrees() {
    let tree = with_handles();
    // No file yet: lint says nothing about CODEOWNERS.
    tree.lint().assert_clean();
    let (code, stdout, stderr) = codeowners(&tree, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "note: wrote .github/CODEOWNERS: 3 files with code owners.\n"
    );
    let text = written(&tree);
    insta::assert_snapshot!("codeowners_baseline", text);
    assert!(text.ends_with(
        "\n/policies/budgets/2026/it.toml @ana-lima\n/policies/technology/acceptable-use.toml @ana-lima\n/policies/tools/chat.toml @ana-lima @Ben-Okoro\n"
    ));
    tree.lint().assert_clean();
    let (code, stdout, _) = codeowners(&tree, &["--check"]);
    assert_eq!(
        (code, stdout.as_str()),
        (0, ".github/CODEOWNERS is up to date.\n")
    );
    // Written twice, the same bytes.
    codeowners(&tree, &[]);
    assert_eq!(written(&tree), text);
}

#[test]
fn governance_files_go_to_the_required_approvers() {
    let tree = with_handles().file("steward.toml", "required_approvers = [\"comms\"]\n");
    let (code, stdout, _) = codeowners(&tree, &["--output", "-"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().filter(|l| l.starts_with('/')).collect();
    assert_eq!(
        lines,
        [
            "/.github/CODEOWNERS @Ben-Okoro",
            "/policies/budgets/2026/it.toml @ana-lima",
            "/policies/org.toml @Ben-Okoro",
            "/policies/technology/acceptable-use.toml @ana-lima",
            "/policies/tools/chat.toml @ana-lima @Ben-Okoro",
            "/steward.toml @Ben-Okoro",
        ]
    );
    // Standard output only: nothing was written.
    assert!(!tree.join(CODEOWNERS).exists());
}

#[test]
fn codeowners_out_of_date_when_an_owner_changes() {
    let tree = with_handles();
    codeowners(&tree, &[]);
    // Ben becomes head of IT: IT's budget and policy get Ben instead of Ana, Chat's line stays
    // (both were already its owners); two new tools of Communications have no line yet.
    let comms_tool = |name: &str| {
        common::TOOL
            .replace("name = \"Chat\"", &format!("name = \"{name}\""))
            .replace("department = \"it\"", "department = \"comms\"")
            .replace("budget_line = \"2026/it#chat\"\n", "")
            .replace("amount = 100", "amount = 0")
    };
    let tree = tree
        .file("policies/tools/video.toml", &comms_tool("Video"))
        .file("policies/tools/wiki.toml", &comms_tool("Wiki"))
        .edit(ORG_PATH, "head = \"ana\"", "head = \"ben\"");
    let lint = tree.lint();
    // The first wrong line of the committed file: IT's budget (line 9).
    lint.assert_exactly(&[("codeowners/out-of-date", CODEOWNERS, 9, 1)]);
    let d = lint.one("codeowners/out-of-date");
    assert_eq!(d.severity, "warning");
    assert_eq!(
        d.message,
        ".github/CODEOWNERS no longer matches who owns what: GitHub would ask the wrong people to review 4 files (policies/budgets/2026/it.toml, policies/technology/acceptable-use.toml, policies/tools/video.toml and 1 more)"
    );
    assert_eq!(
        d.help,
        "Run `steward codeowners` and commit the .github/CODEOWNERS it writes (with branch protection's \"require review from code owners\", GitHub then asks the right people)"
    );
    assert_eq!(lint.code, 0);
    let (code, stdout, _) = codeowners(&tree, &["--check"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        ".github/CODEOWNERS no longer matches who owns what: 4 files would get other reviewers:\n  policies/budgets/2026/it.toml\n  policies/technology/acceptable-use.toml\n  policies/tools/video.toml\n  policies/tools/wiki.toml\nRun `steward codeowners` and commit the file.\n"
    );
    codeowners(&tree, &[]);
    tree.lint().assert_clean();
}

#[test]
fn someone_who_leaves_is_no_longer_a_code_owner() {
    let tree = with_handles().edit(
        ORG_PATH,
        "github = \"Ben-Okoro\"\n",
        "github = \"Ben-Okoro\"\nleft = 2026-11-26\n",
    );
    codeowners(&tree, &[]);
    // Ben leaves tomorrow: today the file is right; tomorrow he is no longer asked.
    tree.lint().assert_clean();
    let lint = tree.lint_on("2026-11-26");
    assert!(lint.has("codeowners/out-of-date"), "{:#}", lint.doc);
    assert!(lint.has("org/head-left") && lint.has("tool/owner-left"));
}

#[test]
fn layout_comments_and_case_do_not_matter() {
    let tree = with_handles();
    codeowners(&tree, &[]);
    let text = written(&tree);
    // The same owners in another order and case, with comments and blank lines.
    let shuffled: String = text
        .lines()
        .filter(|l| l.starts_with('/'))
        .rev()
        .map(|line| {
            let (path, owners) = line.split_once(' ').unwrap();
            let owners: Vec<String> = owners.split(' ').rev().map(str::to_uppercase).collect();
            format!("{path}   {}  # reviewed\n", owners.join(" "))
        })
        .collect();
    let tree = tree.file(CODEOWNERS, &format!("# our own header\n\n{shuffled}"));
    tree.lint().assert_clean();
    // A hand-written line for something else is a difference.
    let tree = tree.append(CODEOWNERS, "* @everyone\n");
    let lint = tree.lint();
    lint.assert_exactly(&[("codeowners/out-of-date", CODEOWNERS, 6, 1)]);
}

#[test]
fn handles_github_would_not_accept_never_reach_the_file() {
    // The organization's own org schema lets anything through: steward still checks.
    let org_schema = r#"{"type": "object"}"#;
    let tree = with_handles()
        .file("policies/schemas/org.schema.json", org_schema)
        .edit(
            ORG_PATH,
            "github = \"Ben-Okoro\"",
            "github = \"ben\\n* @attacker\"",
        );
    let (code, _, stderr) = codeowners(&tree, &[]);
    assert_eq!(code, 0, "{stderr}");
    let text = written(&tree);
    assert!(!text.contains("attacker"), "{text}");
    assert!(
        text.contains("/policies/tools/chat.toml @ana-lima\n"),
        "{text}"
    );
    // Without the override, the schema says what is wrong with the handle.
    let lint = with_handles()
        .edit(ORG_PATH, "github = \"ana-lima\"", "github = \"ana--lima\"")
        .lint();
    lint.assert_exactly(&[("schema/pattern", ORG_PATH, 14, 10)]);
    let lint = with_handles()
        .edit(
            ORG_PATH,
            "github = \"ana-lima\"",
            &format!("github = \"{}\"", "a".repeat(40)),
        )
        .lint();
    lint.assert_exactly(&[("schema/length", ORG_PATH, 14, 10)]);
}

#[test]
fn paths_codeowners_cannot_hold_are_left_out_and_said() {
    let tree = with_handles().file("policies/tools/Team Chat.toml", common::TOOL);
    let (code, _, stderr) = codeowners(&tree, &[]);
    assert_eq!(code, 0);
    assert!(!written(&tree).contains("Team"));
    assert!(
        stderr.contains("note: 1 file was left out: a CODEOWNERS path may hold only letters, digits, -, _, . and / (policies/tools/Team Chat.toml)."),
        "{stderr}"
    );
}

#[test]
fn files_nobody_with_a_handle_owns_are_said() {
    let (code, _, stderr) = codeowners(&Tree::baseline(), &[]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("note: 3 files have no code owner: nobody who answers for them has a GitHub username in org.toml (policies/budgets/2026/it.toml, policies/technology/acceptable-use.toml, policies/tools/chat.toml)."),
        "{stderr}"
    );
}

#[test]
fn output_to_another_file() {
    let tree = with_handles();
    let (code, _, stderr) = codeowners(&tree, &["--output", "OWNERS.txt"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        fs::read_to_string(tree.join("OWNERS.txt"))
            .unwrap()
            .contains("@ana-lima")
    );
    assert!(!tree.join(CODEOWNERS).exists());
    let (code, stdout, _) = codeowners(&tree, &["--check", "--output", "OWNERS.txt"]);
    assert_eq!((code, stdout.as_str()), (0, "OWNERS.txt is up to date.\n"));
    let (code, stdout, _) = codeowners(&tree, &["--check"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        ".github/CODEOWNERS does not exist; run `steward codeowners` to write it.\n"
    );
}

#[test]
fn no_org_and_a_tree_outside_the_project_stop_the_command() {
    let (code, _, stderr) = codeowners(&Tree::baseline().remove(ORG_PATH), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("there is no policies/org.toml"), "{stderr}");
    let other = Tree::baseline();
    let tree = with_handles();
    let (code, _, stderr) =
        codeowners(&tree, &["--root", other.join("policies").to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is outside the project folder"), "{stderr}");
    assert!(!tree.join(CODEOWNERS).exists());
}

#[cfg(unix)]
#[test]
fn never_writes_or_reads_through_a_link() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("victim");
    fs::write(&target, "keep me\n").unwrap();

    // The file is a link: not written through, and lint does not read it.
    let tree = with_handles();
    fs::create_dir_all(tree.join(".github")).unwrap();
    symlink(&target, tree.join(CODEOWNERS)).unwrap();
    let (code, _, stderr) = codeowners(&tree, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is a symbolic link"), "{stderr}");
    assert_eq!(fs::read_to_string(&target).unwrap(), "keep me\n");
    let lint = tree.lint();
    lint.assert_exactly(&[("codeowners/out-of-date", CODEOWNERS, 1, 1)]);
    assert_eq!(
        lint.one("codeowners/out-of-date").message,
        ".github/CODEOWNERS was not compared with who owns what: it is a symbolic link (or in a linked folder), which steward does not follow"
    );

    // The folder is a link out of the project: refused as well.
    let tree = with_handles();
    symlink(outside.path(), tree.join(".github")).unwrap();
    fs::write(outside.path().join("CODEOWNERS"), "/x @y\n").unwrap();
    let (code, _, stderr) = codeowners(&tree, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        fs::read_to_string(outside.path().join("CODEOWNERS")).unwrap(),
        "/x @y\n"
    );
    assert!(tree.lint().has("codeowners/out-of-date"));
}

#[cfg(unix)]
#[test]
fn a_pipe_or_a_large_file_is_not_read() {
    let tree = with_handles();
    fs::create_dir_all(tree.join(".github")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(tree.join(CODEOWNERS))
        .status()
        .is_ok_and(|s| s.success());
    if made {
        // Opening a pipe would wait for a writer for ever; steward does not open it.
        let lint = tree.lint();
        assert_eq!(
            lint.one("codeowners/out-of-date").message,
            ".github/CODEOWNERS was not compared with who owns what: it is not a regular file"
        );
        fs::remove_file(tree.join(CODEOWNERS)).unwrap();
    }
    let tree = tree
        .file("steward.toml", "max_file_bytes = 2000\n")
        .file(CODEOWNERS, &"# padding\n".repeat(300));
    let lint = tree.lint();
    assert_eq!(
        lint.one("codeowners/out-of-date").message,
        ".github/CODEOWNERS was not compared with who owns what: it is 3000 bytes, over the limit of 2000 bytes"
    );
}

#[test]
fn new_only_reads_the_bases_codeowners_from_git() {
    let repo = GitRepo::new();
    repo.write(
        "policies/org.toml",
        &git::ORG.replace(
            "department = \"it\"\n",
            "department = \"it\"\ngithub = \"jdoe\"\n",
        ),
    );
    repo.write(
        "policies/tools/chat.toml",
        &git::tool_file("Chat", "approved", "jdoe", "mmiller"),
    );
    // A CODEOWNERS that was stale already on main.
    repo.write(CODEOWNERS, "/policies/tools/chat.toml @someone-else\n");
    repo.commit("Chat, and an old CODEOWNERS");
    let today = ["--today", "2026-11-25"];
    let lint = |args: &[&str]| {
        let mut all = vec!["lint", "--format", "json"];
        all.extend_from_slice(args);
        all.extend_from_slice(&today);
        repo.json(&all)
    };
    let rules = |json: &serde_json::Value| -> Vec<String> {
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(rules(&lint(&[])), ["codeowners/out-of-date"]);
    // At a revision, the file is read from git, not from the disk.
    fs::remove_file(repo.path().join(CODEOWNERS)).unwrap();
    assert_eq!(rules(&lint(&["--rev", "HEAD"])), ["codeowners/out-of-date"]);
    assert!(rules(&lint(&[])).is_empty());
    // Back on disk and unchanged: not new in this pull request.
    repo.write(CODEOWNERS, "/policies/tools/chat.toml @someone-else\n");
    let json = lint(&["--new-only", "HEAD"]);
    assert!(rules(&json).is_empty(), "{json}");
    assert_eq!(json["summary"]["preexisting"], 1, "{json}");
}

#[test]
fn a_hostile_committed_file_is_quoted_visibly_and_short() {
    // Sorted before the tree's paths, so that the message names it first.
    let long = "a".repeat(500);
    let tree = with_handles().file(CODEOWNERS, "/\u{1b}[2J\u{202e}evil @x\n");
    let (text, code) = tree.human();
    assert_eq!(code, 0);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}'),
        "{text}"
    );
    assert!(text.contains("\\u{1b}[2J<U+202E>evil"), "{text}");
    let tree = with_handles().file(CODEOWNERS, &format!("/{long} @y\n"));
    let message = tree.lint().one("codeowners/out-of-date").message;
    assert!(
        message.contains(&format!("({}...,", "a".repeat(100))),
        "{message}"
    );
    assert!(!message.contains(&"a".repeat(101)), "{message}");
}
