//! Git repositories in unusual states, built for real in temporary folders: a detached HEAD,
//! submodules (inside the policy tree, and as the policy tree), and objects missing or
//! corrupt (a damaged repository, a partial clone). Each command either works, with the
//! right content, or stops with exit code 2 and a message that says what is wrong; none
//! panics.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use common::TODAY;
use common::git::{GitRepo, ORG, tool_file};

/// A tool with everything the rules ask for; line 6 is `owner`.
fn tool(name: &str, owner: &str) -> String {
    let backup = if owner == "jdoe" { "mmiller" } else { "jdoe" };
    tool_file(name, "approved", owner, backup)
}

/// Reviewed 2025-12-10, every 12 months: due within 30 days of [`TODAY`].
const POLICY: &str = r#"title = "File Sharing"
status = "active"
owner = "it"
approved_by = ["it"]
effective = 2024-01-01
last_reviewed = 2025-12-10
review_every_months = 12

[[clause]]
id = "where"
text = "Share files from the shared drive, never from personal accounts."
"#;

const POLICY_PATH: &str = "policies/technology/file-sharing.toml";

/// `steward ARGS` in `dir`, which must not panic: (exit code, stdout, stderr).
fn run(repo: &GitRepo, dir: &Path, args: &[&str]) -> (i32, String, String) {
    let (code, out, err) = repo.steward_in(dir, args);
    assert!(
        !err.contains("panicked") && code != 101,
        "steward {args:?} panicked (exit {code}):\n{err}"
    );
    (code, out, err)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// `(rule, file, line)` of every diagnostic of a `lint --format json` report.
fn findings(report: &Value) -> Vec<(String, String, u64)> {
    report["diagnostics"]
        .as_array()
        .expect("a diagnostics array")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn finding(rule: &str, file: &str, line: u64) -> (String, String, u64) {
    (rule.to_string(), file.to_string(), line)
}

/// The ids of the entities a `diff --format json` lists, with their change.
fn entity_changes(diff: &Value) -> Vec<(String, String)> {
    diff["entities"]
        .as_array()
        .expect("an entities array")
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap().to_string(),
                e["change"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Four commits on `main`:
///   0. the tree: org, tool `chat` (owned by jdoe), a policy falling due on 2026-12-10
///   1. "Add video calls (#11)": tool `video`
///   2. "Chat changes hands (#12)": chat's owner becomes mmiller (and its backup jdoe)
///   3. "Add the wiki (#13)": tool `wiki`, whose owner is nobody in org.toml
fn history() -> (GitRepo, Vec<String>) {
    let repo = GitRepo::new();
    repo.write("policies/org.toml", ORG)
        .write("policies/tools/chat.toml", &tool("Chat", "jdoe"))
        .write(POLICY_PATH, POLICY);
    let mut commits = vec![repo.commit("Initial policy tree")];
    repo.write("policies/tools/video.toml", &tool("Video", "mmiller"));
    commits.push(repo.commit("Add video calls (#11)"));
    repo.write("policies/tools/chat.toml", &tool("Chat", "mmiller"));
    commits.push(repo.commit("Chat changes hands (#12)"));
    repo.write("policies/tools/wiki.toml", &tool("Wiki", "nobody"));
    commits.push(repo.commit("Add the wiki (#13)"));
    (repo, commits)
}

// --- detached HEAD -------------------------------------------------------------------------

/// `git checkout <sha>` of commit 2: HEAD is that commit, on no branch; `main` is a commit
/// ahead. Every command reads HEAD, not the branch.
#[test]
fn a_detached_head_is_read_like_any_other_commit() {
    let (repo, commits) = history();
    repo.git(&["checkout", "-q", &commits[2]]);
    assert_eq!(repo.git(&["rev-parse", "--abbrev-ref", "HEAD"]), "HEAD");
    assert_eq!(repo.rev("HEAD"), commits[2]);
    let dir = repo.path();

    // lint --rev HEAD: the detached commit, without the wiki: clean.
    let (code, out, err) = run(
        &repo,
        dir,
        &[
            "lint", "--rev", "HEAD", "--today", TODAY, "--format", "json",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let report = json(&out);
    assert_eq!(report["summary"]["files"], 4);
    assert_eq!(findings(&report), []);
    // The branch, a commit ahead, has the wiki and its unknown owner.
    let (code, out, _) = run(
        &repo,
        dir,
        &[
            "lint", "--rev", "main", "--today", TODAY, "--format", "json",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(
        findings(&json(&out)),
        [finding("ref/unknown-person", "policies/tools/wiki.toml", 6)]
    );

    // diff HEAD~1..HEAD: the detached commit against its parent.
    let (code, out, err) = run(
        &repo,
        dir,
        &["diff", "HEAD~1..HEAD", "--today", TODAY, "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let diff = json(&out);
    assert_eq!(diff["base"], commits[1].as_str());
    assert_eq!(diff["head"], commits[2].as_str());
    assert_eq!(
        entity_changes(&diff),
        [("chat".to_string(), "modified".to_string())]
    );
    let fields: Vec<(&str, &str, &str)> = diff["entities"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap(),
                f["old"].as_str().unwrap(),
                f["new"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("backup_owner", "mmiller", "jdoe"),
            ("owner", "jdoe", "mmiller")
        ]
    );
    // The working tree is the detached commit's: nothing changed.
    let (code, out, _) = run(&repo, dir, &["diff", "--today", TODAY, "--format", "json"]);
    assert_eq!(code, 0);
    let diff = json(&out);
    assert_eq!(diff["base"], commits[2].as_str());
    assert_eq!(diff["head"], "worktree");
    assert_eq!(entity_changes(&diff), []);

    // changelog: from the detached HEAD back, so #13 (on main only) is not in it.
    let (code, out, err) = run(&repo, dir, &["changelog", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let log = json(&out);
    let sections = log["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 1, "{log:#}");
    assert_eq!(sections[0]["title"], "Unreleased");
    let entries: Vec<(&str, Option<u64>, &str)> = sections[0]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["commit"].as_str().unwrap(),
                e["pr"].as_u64(),
                e["summary"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            (
                commits[2].as_str(),
                Some(12),
                "Tool Chat: backup owner changed from mmiller (Mark Miller) to jdoe (Jane Doe); Tool Chat: owner changed from jdoe (Jane Doe) to mmiller (Mark Miller)"
            ),
            (commits[1].as_str(), Some(11), "Tool Video approved"),
            (
                commits[0].as_str(),
                None,
                "Organization added; Policy \"File Sharing\" adopted; Tool Chat approved"
            ),
        ]
    );

    // review: the policy falling due, with the commit that last reviewed it.
    let (code, out, err) = run(
        &repo,
        dir,
        &["review", "--today", TODAY, "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let packet = json(&out);
    let departments = packet["departments"].as_array().unwrap();
    assert_eq!(departments.len(), 1, "{packet:#}");
    assert_eq!(departments[0]["department"], "it");
    let item = &departments[0]["items"][0];
    assert_eq!(item["id"], "file-sharing");
    assert_eq!(item["overdue"], false);
    assert_eq!(item["due"], "2026-12-10");
    assert_eq!(item["days_left"], 15);
    assert_eq!(item["reviewed_in"]["commit"], commits[0].as_str());
    assert!(item.get("changes").is_none(), "{item}");
}

// --- submodules ----------------------------------------------------------------------------

/// Another repository, to be added as a submodule: a tool-like file and a readme.
fn shared_repository() -> GitRepo {
    let shared = GitRepo::new();
    shared
        .write("tools/ext.toml", &tool("Ext", "someone-else"))
        .write("README.md", "# Shared\n");
    shared.commit("Shared tools");
    shared
}

fn add_submodule(repo: &GitRepo, from: &GitRepo, at: &str) {
    let url = from.path().to_str().unwrap();
    // Local clones over the file protocol are refused for submodules unless allowed.
    repo.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        url,
        at,
    ]);
}

/// A submodule is another repository: at a revision it is a gitlink (a commit id, no files),
/// and in the working tree its checkout is skipped too, so `lint` and `lint --rev HEAD`
/// agree and `diff` lists nothing for it.
#[test]
fn a_submodule_inside_the_tree_is_not_part_of_it() {
    let shared = shared_repository();
    let repo = GitRepo::new();
    repo.write("policies/org.toml", ORG)
        .write("policies/tools/chat.toml", &tool("Chat", "jdoe"));
    let base = repo.commit("Initial policy tree");
    add_submodule(&repo, &shared, "policies/vendor");
    let head = repo.commit("Add the shared tools as a submodule");
    let gitlink = repo.git(&["ls-files", "--stage", "policies/vendor"]);
    assert!(gitlink.starts_with("160000 "), "not a gitlink: {gitlink}");
    assert!(repo.path().join("policies/vendor/tools/ext.toml").is_file());
    let dir = repo.path();
    let lint = |args: &[&str]| {
        let mut all = vec!["lint", "--today", TODAY, "--format", "json"];
        all.extend_from_slice(args);
        let (code, out, err) = run(&repo, dir, &all);
        (code, json(&out), err)
    };

    // The working tree: the submodule's checkout is not read (its ext.toml would be
    // file/unrecognized, and its owner unknown).
    let (code, worktree, err) = lint(&[]);
    assert_eq!(code, 0, "{worktree:#}{err}");
    assert_eq!(findings(&worktree), []);
    assert_eq!(worktree["summary"]["files"], 2);
    // At the revision, the same.
    let (code, at_head, err) = lint(&["--rev", "HEAD"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(at_head, worktree);

    // diff: adding a submodule changes no entity and no finding.
    let (code, out, err) = run(
        &repo,
        dir,
        &["diff", "HEAD~1..HEAD", "--today", TODAY, "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let diff = json(&out);
    assert_eq!(diff["base"], base.as_str());
    assert_eq!(diff["head"], head.as_str());
    assert_eq!(entity_changes(&diff), []);
    assert_eq!(diff["findings"]["introduced"], Value::Array(vec![]));
    assert!(diff.get("problems").is_none(), "{diff:#}");
    // HEAD against the working tree, with the submodule checked out: no change either.
    let (code, out, _) = run(&repo, dir, &["diff", "--today", TODAY, "--format", "json"]);
    assert_eq!(code, 0);
    let diff = json(&out);
    assert_eq!(entity_changes(&diff), []);
    assert_eq!(diff["findings"]["introduced"], Value::Array(vec![]));

    // changelog: the submodule's commit changed no entity, so only the first commit shows.
    let (code, out, err) = run(&repo, dir, &["changelog", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let log = json(&out);
    let commits: Vec<&str> = log["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["entries"].as_array().unwrap())
        .map(|e| e["commit"].as_str().unwrap())
        .collect();
    assert_eq!(commits, [base.as_str()]);

    // A clone without --recurse-submodules (what CI checks out by default): the submodule's
    // folder is empty, and the results are the same.
    let elsewhere = tempfile::tempdir().unwrap();
    let clone = elsewhere.path().join("clone");
    repo.git(&[
        "clone",
        "-q",
        dir.to_str().unwrap(),
        clone.to_str().unwrap(),
    ]);
    assert!(clone.join("policies/vendor").is_dir());
    for args in [&[][..], &["--rev", "HEAD"][..]] {
        let mut all = vec!["lint", "--today", TODAY, "--format", "json"];
        all.extend_from_slice(args);
        let (code, out, err) = run(&repo, &clone, &all);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert_eq!(json(&out), worktree, "{args:?}");
    }
}

/// The policy tree's folder itself is a submodule: at a revision its files are in another
/// repository, which is said, instead of "the folder does not exist".
#[test]
fn a_policy_tree_that_is_a_submodule_is_a_clear_error_at_a_revision() {
    let policies = GitRepo::new();
    policies
        .write("org.toml", ORG)
        .write("tools/chat.toml", &tool("Chat", "jdoe"));
    policies.commit("Policies");
    let repo = GitRepo::new();
    repo.write("README.md", "# Everything\n");
    repo.commit("Readme");
    add_submodule(&repo, &policies, "policies");
    repo.commit("Policies as a submodule");
    let dir = repo.path();

    for args in [
        &["lint", "--rev", "HEAD", "--today", TODAY][..],
        &["diff", "HEAD~1..HEAD", "--today", TODAY][..],
    ] {
        let (code, out, err) = run(&repo, dir, args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(
            err.contains(
                "the policy tree policies/ is a git submodule at revision \"HEAD\": its files and history are in another repository"
            ),
            "{args:?}: {err}"
        );
        assert!(err.contains("`cd policies`"), "{args:?}: {err}");
    }

    // The working tree is the submodule's checkout, linted as it is.
    let (code, out, err) = run(&repo, dir, &["lint", "--today", TODAY, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let report = json(&out);
    assert_eq!(report["summary"]["files"], 2);
    assert_eq!(findings(&report), []);
}

// --- missing and corrupt objects -----------------------------------------------------------

/// The file of a loose object (`git gc` has not run, so every object is one).
fn loose_object(repo: &GitRepo, spec: &str) -> (String, PathBuf) {
    let sha = repo.rev(spec);
    let path = repo
        .path()
        .join(".git/objects")
        .join(&sha[..2])
        .join(&sha[2..]);
    assert!(path.is_file(), "{spec} ({sha}) is not a loose object");
    (sha, path)
}

const FSCK_HINT: &str = "an object is missing or corrupt: run `git fsck` to see what is damaged, then `git fetch` again or make a fresh clone";

/// Runs `lint --rev HEAD` and `diff HEAD~1..HEAD`, which must both stop with exit code 2 and
/// this message.
#[track_caller]
fn both_fail_with(repo: &GitRepo, message: &str) {
    for args in [
        &["lint", "--rev", "HEAD", "--today", TODAY][..],
        &["diff", "HEAD~1..HEAD", "--today", TODAY][..],
    ] {
        let (code, out, err) = run(repo, repo.path(), args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
}

#[test]
fn a_missing_blob_is_a_damaged_repository_not_a_finding() {
    let (repo, _) = history();
    let (sha, object) = loose_object(&repo, "HEAD:policies/tools/wiki.toml");
    fs::remove_file(object).unwrap();

    both_fail_with(
        &repo,
        &format!(
            "error: the git repository is damaged: policies/tools/wiki.toml at revision \"HEAD\" cannot be read (object not found - cannot read header for ({sha}))"
        ),
    );
    let (_, _, err) = run(&repo, repo.path(), &["lint", "--rev", "HEAD"]);
    assert!(err.contains(FSCK_HINT), "{err}");
    // As a JSON report too: no half report on stdout.
    let (code, out, _) = run(
        &repo,
        repo.path(),
        &[
            "lint", "--rev", "HEAD", "--today", TODAY, "--format", "json",
        ],
    );
    assert_eq!((code, out.as_str()), (2, ""));

    // The revisions that do not need the object, and the files on disk, are fine.
    let (code, out, err) = run(
        &repo,
        repo.path(),
        &[
            "lint", "--rev", "HEAD~1", "--today", TODAY, "--format", "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(findings(&json(&out)), []);
    let (code, out, _) = run(
        &repo,
        repo.path(),
        &["lint", "--today", TODAY, "--format", "json"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        findings(&json(&out)),
        [finding("ref/unknown-person", "policies/tools/wiki.toml", 6)]
    );

    // The changelog reads blobs on its own: the same damage stops it the same way, naming the
    // file and the object (a changelog that skipped it would be wrong without saying so).
    let (code, out, err) = run(&repo, repo.path(), &["changelog", "--format", "json"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.is_empty(), "{out}");
    let short = &sha[..10];
    assert!(
        err.contains(&format!(
            "error: the git repository is damaged: policies/tools/wiki.toml (object {short}) cannot be read (object not found - cannot read header for ({sha}))"
        )),
        "{err}"
    );
    assert!(err.contains("git fsck"), "{err}");
}

/// `review` looks back for the commit that last set `last_reviewed`: a missing object on the
/// way is damage to report, not "its review date is not in the git history yet".
#[test]
fn review_stops_on_a_damaged_repository() {
    let (repo, _) = history();
    let (_, object) = loose_object(&repo, &format!("HEAD:{POLICY_PATH}"));
    fs::remove_file(&object).unwrap();
    let (code, out, err) = run(
        &repo,
        repo.path(),
        &["review", "--today", TODAY, "--format", "json"],
    );
    assert_eq!(code, 2, "{out}");
    assert!(out.is_empty(), "{out}");
    let head = &repo.rev("HEAD")[..10];
    assert!(
        err.contains(&format!(
            "error: the git repository is damaged: {POLICY_PATH} at commit {head} cannot be read ("
        )),
        "{err}"
    );
    assert!(err.contains(FSCK_HINT), "{err}");
}

#[test]
fn a_corrupt_blob_is_a_damaged_repository() {
    let (repo, _) = history();
    let (_, object) = loose_object(&repo, "HEAD:policies/tools/wiki.toml");
    // Loose objects are read-only.
    fs::remove_file(&object).unwrap();
    fs::write(&object, "not zlib at all\n").unwrap();
    both_fail_with(
        &repo,
        "error: the git repository is damaged: policies/tools/wiki.toml at revision \"HEAD\" cannot be read (",
    );
}

#[test]
fn a_missing_folder_is_named() {
    let (repo, _) = history();
    let (sha, object) = loose_object(&repo, "HEAD:policies/tools");
    fs::remove_file(object).unwrap();
    both_fail_with(
        &repo,
        &format!(
            "error: the git repository is damaged: the folder policies/tools/ at revision \"HEAD\" cannot be read (object not found - no match for id ({sha}))"
        ),
    );

    // The tree's own folder: not "policies/ does not exist at revision HEAD" (which, as the
    // base of a diff, would read as an empty tree).
    let (sha, object) = loose_object(&repo, "HEAD:policies");
    fs::remove_file(object).unwrap();
    both_fail_with(
        &repo,
        &format!(
            "error: the git repository is damaged: the folder policies/ at revision \"HEAD\" cannot be read (object not found - no match for id ({sha}))"
        ),
    );
}

#[test]
fn a_missing_commit_is_not_an_unknown_revision() {
    let (repo, commits) = history();
    let (sha, object) = loose_object(&repo, "HEAD");
    fs::remove_file(object).unwrap();
    // `HEAD~1` is found through HEAD's commit, so it is the first revision that fails.
    for (args, spec) in [
        (&["lint", "--rev", "HEAD", "--today", TODAY][..], "HEAD"),
        (&["diff", "HEAD~1..HEAD", "--today", TODAY][..], "HEAD~1"),
    ] {
        let (code, out, err) = run(&repo, repo.path(), args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(
            err.contains(&format!(
                "error: the git repository is damaged: the commit of revision \"{spec}\" cannot be read (object not found - no match for id ({sha}))"
            )),
            "{args:?}: {err}"
        );
        assert!(err.contains(FSCK_HINT), "{args:?}: {err}");
        assert!(!err.contains("unknown revision"), "{args:?}: {err}");
    }
    // The parent, named by its sha, is intact.
    let (code, out, err) = run(
        &repo,
        repo.path(),
        &[
            "lint",
            "--rev",
            &commits[2],
            "--today",
            TODAY,
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(findings(&json(&out)), []);
}

/// `git clone --filter=blob:none` leaves the blobs out for git to fetch when needed; libgit2
/// does not fetch them, and says so.
#[test]
fn a_partial_clone_says_what_it_left_out() {
    let (repo, _) = history();
    repo.git(&["config", "uploadpack.allowFilter", "true"]);
    let elsewhere = tempfile::tempdir().unwrap();
    let clone = elsewhere.path().join("partial");
    let url = format!("file://{}", repo.path().display());
    repo.git(&[
        "clone",
        "-q",
        "--no-checkout",
        "--filter=blob:none",
        &url,
        clone.to_str().unwrap(),
    ]);
    let (code, out, err) = run(&repo, &clone, &["lint", "--rev", "HEAD", "--today", TODAY]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains(
            "error: policies/org.toml at revision \"HEAD\" is not in this clone: the repository is a partial clone (cloned with --filter), and steward cannot fetch what it left out"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "make a full clone (without --filter); in GitHub Actions, remove `filter:` from actions/checkout"
        ),
        "{err}"
    );
}
