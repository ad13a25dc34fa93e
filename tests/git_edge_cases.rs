//! Git repositories in unusual states, built for real in temporary folders: a detached HEAD,
//! submodules (inside the policy tree, and as the policy tree), objects missing or corrupt (a
//! damaged repository, a partial clone), shallow clones, and trees no file system could hold
//! (thousands of folders deep, names that are not UTF-8, a folder repeated inside itself),
//! written straight into git's object store. Entries (links, hidden folders, odd names,
//! submodules) are judged by one set of rules on disk and at any revision: each test checks
//! that `lint` and `lint --rev` agree. Each command either works, with the right content, or
//! stops with exit code 2 and a message that says what is wrong; none panics.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use common::TODAY;
use common::git::{GitRepo, ORG, Object, tool_file};

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

/// The rules and files of each finding a `diff --format json` says a change introduced.
fn introduced(diff: &Value) -> Vec<(String, String)> {
    diff["findings"]["introduced"]
        .as_array()
        .expect("an introduced array")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A submodule is another repository: at a revision it is a gitlink (a commit id, no files),
/// and in the working tree a folder with its own `.git`. Either way its files are not read,
/// and a warning says so, the same in `lint` and `lint --rev HEAD`; `diff` lists no entity.
#[test]
fn a_submodule_inside_the_tree_is_reported_not_read() {
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
    let submodule = [finding("file/submodule", "policies/vendor", 1)];

    // The working tree: the submodule's checkout is not read (its ext.toml would be
    // file/unrecognized, and its owner unknown); a warning (exit 0) names the folder.
    let (code, worktree, err) = lint(&[]);
    assert_eq!(code, 0, "{worktree:#}{err}");
    assert_eq!(findings(&worktree), submodule);
    let diagnostic = &worktree["diagnostics"][0];
    assert_eq!(diagnostic["severity"], "warning", "{diagnostic}");
    assert_eq!(
        diagnostic["message"],
        "this folder is a git submodule (another repository): its files are not checked"
    );
    assert_eq!(worktree["summary"]["files"], 3);
    // At the revision, the same.
    let (code, at_head, err) = lint(&["--rev", "HEAD"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(at_head, worktree);

    // diff: adding a submodule changes no entity; its warning is new.
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
    assert_eq!(
        introduced(&diff),
        [("file/submodule".to_string(), "policies/vendor".to_string())]
    );
    // Like every file/* finding, also listed as a problem of the head side.
    assert_eq!(diff["problems"][0]["file"], "policies/vendor", "{diff:#}");
    assert_eq!(diff["problems"].as_array().unwrap().len(), 1, "{diff:#}");
    // HEAD against the working tree, with the submodule checked out: no change.
    let (code, out, _) = run(&repo, dir, &["diff", "--today", TODAY, "--format", "json"]);
    assert_eq!(code, 0);
    let diff = json(&out);
    assert_eq!(entity_changes(&diff), []);
    assert_eq!(introduced(&diff), []);

    // changelog: the submodule's commit changed no entity, so only the first commit shows.
    let (code, out, err) = run(&repo, dir, &["changelog", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let log = json(&out);
    assert_eq!(changelog_commits(&log), [base.as_str()]);

    // A clone without --recurse-submodules (what CI checks out by default): the submodule's
    // folder is empty, and git's index says it is a submodule: the results are the same.
    let elsewhere = tempfile::tempdir().unwrap();
    let clone = elsewhere.path().join("clone");
    repo.git(&[
        "clone",
        "-q",
        dir.to_str().unwrap(),
        clone.to_str().unwrap(),
    ]);
    assert!(clone.join("policies/vendor").is_dir());
    assert_eq!(
        fs::read_dir(clone.join("policies/vendor")).unwrap().count(),
        0
    );
    for args in [&[][..], &["--rev", "HEAD"][..]] {
        let mut all = vec!["lint", "--today", TODAY, "--format", "json"];
        all.extend_from_slice(args);
        let (code, out, err) = run(&repo, &clone, &all);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert_eq!(json(&out), worktree, "{args:?}");
    }
}

/// The commits a `changelog --format json` has entries for, newest first.
fn changelog_commits(log: &Value) -> Vec<&str> {
    log["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["entries"].as_array().unwrap())
        .map(|e| e["commit"].as_str().unwrap())
        .collect()
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
            "error: the git repository is damaged: the folder policies/tools/ at revision \"HEAD\" cannot be read (object not found - cannot read header for ({sha}))"
        ),
    );

    // The tree's own folder: not "policies/ does not exist at revision HEAD" (which, as the
    // base of a diff, would read as an empty tree).
    let (sha, object) = loose_object(&repo, "HEAD:policies");
    fs::remove_file(object).unwrap();
    both_fail_with(
        &repo,
        &format!(
            "error: the git repository is damaged: the folder policies/ at revision \"HEAD\" cannot be read (object not found - cannot read header for ({sha}))"
        ),
    );
}

#[test]
fn a_malformed_folder_is_a_damaged_repository_not_a_panic() {
    // Tree objects git would never write (steward splits tree objects into entries itself):
    // a mode that is not octal, a name that runs to the end, an id cut short.
    for (raw, why) in [
        (
            &b"100694 wiki.toml\0aaaaaaaaaaaaaaaaaaaa"[..],
            "can't parse filemode",
        ),
        (&b"100644 wiki.toml"[..], "object is corrupted"),
        (&b"100644 wiki.toml\0short"[..], "can't parse OID"),
    ] {
        let (repo, _) = history();
        let git = git2::Repository::open(repo.path()).unwrap();
        let tree = git
            .odb()
            .unwrap()
            .write(git2::ObjectType::Tree, raw)
            .unwrap();
        let tree = tree.to_string();
        repo.commit_objects(
            "a hand-made folder",
            &[(b"policies/tools", Object::Tree(&tree))],
        );
        both_fail_with(
            &repo,
            &format!(
                "error: the git repository is damaged: the folder policies/tools/ at revision \"HEAD\" cannot be read (failed to parse tree: {why})"
            ),
        );
        let (code, out, err) = run(&repo, repo.path(), &["changelog"]);
        assert_eq!(code, 2, "{out}{err}");
        assert!(
            err.contains(&format!("(failed to parse tree: {why})")),
            "{err}"
        );
    }
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

/// `git clone --filter=blob:none` that then fetched the blobs of the files steward reads
/// (git fetches a missing blob when asked for it), but not those of the documentation:
/// steward never looks documentation up, so the clone is enough.
#[test]
fn a_partial_clone_without_the_documentation_is_enough() {
    let (repo, _) = history();
    repo.write("policies/README.md", "# Our policies\n")
        .write("policies/tools/NOTES.txt", "Ask IT before adding a tool.\n");
    repo.commit("Documentation");
    let readme = repo.rev("HEAD:policies/README.md");
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
    for rev in ["HEAD", "HEAD~1"] {
        let listed = repo.git_in(&clone, &["ls-tree", "-r", "--name-only", rev, "policies/"]);
        for path in listed.lines() {
            if !path.ends_with(".md") && !path.ends_with(".txt") {
                repo.git_in(&clone, &["cat-file", "blob", &format!("{rev}:{path}")]);
            }
        }
    }
    let missing = repo.git_in(
        &clone,
        &["rev-list", "--objects", "--missing=print", "HEAD"],
    );
    assert!(missing.contains(&format!("?{readme}")), "{missing}");

    let (code, out, err) = run(
        &repo,
        &clone,
        &[
            "lint", "--rev", "HEAD", "--today", TODAY, "--format", "json",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        findings(&json(&out)),
        [finding("ref/unknown-person", "policies/tools/wiki.toml", 6)]
    );
    let (code, out, err) = run(
        &repo,
        &clone,
        &["diff", "HEAD~1..HEAD", "--today", TODAY, "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(entity_changes(&json(&out)), []);
}

// --- shallow clones ------------------------------------------------------------------------

/// A clone of the last two commits: the older of them has parents, which the clone does not
/// hold. Compared with "nothing", it would read as adding the whole tree.
#[test]
fn a_shallow_clone_does_not_describe_its_first_commit_as_adding_everything() {
    let (repo, commits) = history();
    let elsewhere = tempfile::tempdir().unwrap();
    let clone = elsewhere.path().join("shallow");
    let url = format!("file://{}", repo.path().display());
    repo.git(&["clone", "-q", "--depth", "2", &url, clone.to_str().unwrap()]);
    assert_eq!(
        repo.git_in(&clone, &["rev-parse", "--is-shallow-repository"]),
        "true"
    );

    let (code, out, err) = run(&repo, &clone, &["changelog", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let log = json(&out);
    assert_eq!(log["shallow"], true);
    assert_eq!(log["shallow_boundary"], serde_json::json!([commits[2]]));
    assert_eq!(changelog_commits(&log), [commits[3].as_str()]);
    assert_eq!(
        log["sections"][0]["entries"][0]["summary"],
        "Tool Wiki approved"
    );
    let (code, markdown, _) = run(&repo, &clone, &["changelog"]);
    assert_eq!(code, 0);
    assert!(markdown.contains("This clone is shallow"), "{markdown}");
    assert!(!markdown.contains("added"), "{markdown}");
    assert!(!markdown.contains("Tool Chat approved"), "{markdown}");

    // review: the policy's review date was set before the clone's history starts, which the
    // packet says instead of naming the boundary commit as the one that set it.
    let (code, out, err) = run(
        &repo,
        &clone,
        &["review", "--today", TODAY, "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let packet = json(&out);
    let item = &packet["departments"][0]["items"][0];
    assert_eq!(item["id"], "file-sharing");
    assert!(item.get("reviewed_in").is_none(), "{item}");
    assert_eq!(
        item["history_note"],
        format!(
            "the history before commit {} is not in this clone (it is shallow), so the commit that set its review date is not known",
            &commits[2][..10]
        )
    );
}

// --- revisions git cannot find -------------------------------------------------------------

/// libgit2 says "no error" when `:/text` matches no commit message: the message says what
/// was searched instead.
#[test]
fn a_revision_git_cannot_find_says_what_was_searched() {
    let (repo, commits) = history();
    for args in [
        &["diff", ":/nomatch", "--today", TODAY][..],
        &["lint", "--rev", ":/nomatch", "--today", TODAY][..],
        &["changelog", "--to", ":/nomatch"][..],
    ] {
        let (code, out, err) = run(&repo, repo.path(), args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(
            err.contains(
                "error: unknown revision \":/nomatch\": no commit reachable from a branch, a tag or HEAD has a message matching \"nomatch\""
            ),
            "{args:?}: {err}"
        );
        assert!(!err.contains("no error"), "{args:?}: {err}");
        assert!(err.contains("`git log --oneline`"), "{args:?}: {err}");
    }
    // A message that does match names its commit.
    let (code, out, err) = run(
        &repo,
        repo.path(),
        &[
            "diff",
            ":/Chat changes hands",
            "--today",
            TODAY,
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["base"], commits[2].as_str());
}

// --- links, names and submodules: one set of rules on disk and at a revision ---------------

/// Lints the working tree and HEAD, which must agree, and returns HEAD's findings.
#[track_caller]
fn lint_both(repo: &GitRepo) -> Vec<(String, String, u64)> {
    let mut reports = Vec::new();
    for args in [&[][..], &["--rev", "HEAD"][..]] {
        let mut all = vec!["lint", "--today", TODAY, "--format", "json"];
        all.extend_from_slice(args);
        let (code, out, err) = run(repo, repo.path(), &all);
        assert!(code == 0 || code == 1, "{args:?}: exit {code}: {err}");
        assert!(
            !out.contains("MARKER-7f3a") && !err.contains("MARKER-7f3a"),
            "{out}"
        );
        let mut found = findings(&json(&out));
        found.sort();
        reports.push(found);
    }
    assert_eq!(reports[0], reports[1], "lint and lint --rev HEAD disagree");
    reports.pop().unwrap()
}

/// The problems a changelog entry names: (file, message).
fn entry_problems(entry: &Value) -> Vec<(String, String)> {
    entry["problems"]
        .as_array()
        .map(|problems| {
            problems
                .iter()
                .map(|p| {
                    (
                        p["file"].as_str().unwrap().to_string(),
                        p["message"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// In git a link is a blob holding its target. `lint --rev`, `diff` and `changelog` resolve it
/// inside the tree exactly as `lint` does on disk: followed to a file of the tree; refused
/// when it leaves the tree, is absolute or passes through a hidden folder (`.git`,
/// `.secret`); reported when it dangles or loops; skipped when it leads to a folder.
#[cfg(unix)]
#[test]
fn links_are_followed_and_refused_alike_on_disk_and_at_a_revision() {
    use std::os::unix::fs::symlink;
    let (repo, _) = history();
    let at = |path: &str| repo.path().join(path);
    // What a hostile pull request would like printed: a hidden folder inside the tree, the
    // repository's own .git/config, a file beside the tree.
    repo.write(
        "policies/.secret/x.toml",
        "name = \"MARKER-7f3a\"\n[broken\n",
    )
    .write("beside.toml", "name = \"MARKER-7f3a\"\n[broken\n")
    // A tool kept as notes (documentation is not checked), whose owner nobody is.
    .write("policies/notes/real.txt", &tool("Alias", "nobody"));
    symlink("../notes/real.txt", at("policies/tools/alias.toml")).unwrap();
    symlink("../.secret/x.toml", at("policies/tools/peek.toml")).unwrap();
    symlink("../../.git/config", at("policies/tools/git.toml")).unwrap();
    symlink("../../beside.toml", at("policies/tools/up.toml")).unwrap();
    symlink("/etc/passwd", at("policies/tools/passwd.toml")).unwrap();
    symlink("nowhere.toml", at("policies/tools/gone.toml")).unwrap();
    symlink("loop-b.toml", at("policies/tools/loop-a.toml")).unwrap();
    symlink("loop-a.toml", at("policies/tools/loop-b.toml")).unwrap();
    symlink("../technology", at("policies/tools/folder.toml")).unwrap();
    repo.commit("Links (#14)");
    let mode = repo.git(&["ls-files", "--stage", "policies/tools/peek.toml"]);
    assert!(mode.starts_with("120000 "), "not a link in git: {mode}");

    let tools = |name: &str| format!("policies/tools/{name}.toml");
    let mut expected = vec![
        finding("ref/unknown-person", &tools("alias"), 6),
        finding("file/symlink-outside", &tools("git"), 1),
        finding("file/unreadable", &tools("gone"), 1),
        finding("file/unreadable", &tools("loop-a"), 1),
        finding("file/unreadable", &tools("loop-b"), 1),
        finding("file/symlink-outside", &tools("passwd"), 1),
        finding("file/symlink-outside", &tools("peek"), 1),
        finding("file/symlink-outside", &tools("up"), 1),
        finding("ref/unknown-person", &tools("wiki"), 6),
    ];
    expected.sort();
    assert_eq!(lint_both(&repo), expected);

    // diff: the followed link is a new tool; the others are findings, never their targets.
    let (code, out, err) = run(
        &repo,
        repo.path(),
        &["diff", "HEAD~1..HEAD", "--today", TODAY, "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("MARKER-7f3a"), "{out}");
    let diff = json(&out);
    assert_eq!(
        entity_changes(&diff),
        [("alias".to_string(), "added".to_string())]
    );
    let mut new: Vec<String> = introduced(&diff)
        .into_iter()
        .map(|(rule, file)| format!("{rule} {file}"))
        .collect();
    new.sort();
    assert_eq!(
        new,
        [
            "file/symlink-outside policies/tools/git.toml",
            "file/symlink-outside policies/tools/passwd.toml",
            "file/symlink-outside policies/tools/peek.toml",
            "file/symlink-outside policies/tools/up.toml",
            "file/unreadable policies/tools/gone.toml",
            "file/unreadable policies/tools/loop-a.toml",
            "file/unreadable policies/tools/loop-b.toml",
            "ref/unknown-person policies/tools/alias.toml",
        ]
    );

    // changelog: links are not parsed as TOML (their blob is a path): the followed one is
    // the tool it leads to, the others are named with the reason they are not followed.
    let (code, out, err) = run(&repo, repo.path(), &["changelog", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("MARKER-7f3a"), "{out}");
    let log = json(&out);
    let entry = &log["sections"][0]["entries"][0];
    assert_eq!(entry["pr"], 14, "{entry:#}");
    assert_eq!(entry["summary"], "Tool Alias approved");
    let outside = |target: &str| {
        format!("it is a link to {target}, outside the policy tree; it was not followed")
    };
    let looped =
        "it is a link that cannot be followed: it leads through more than 40 links, or in a loop";
    assert_eq!(
        entry_problems(entry),
        [
            (tools("git"), outside("../../.git/config")),
            (
                tools("gone"),
                "it is a link to nowhere.toml, which is not a file in the tree".to_string()
            ),
            (tools("loop-a"), looped.to_string()),
            (tools("loop-b"), looped.to_string()),
            (tools("passwd"), outside("/etc/passwd")),
            (tools("peek"), outside("../.secret/x.toml")),
            (tools("up"), outside("../../beside.toml")),
        ]
    );
}

/// A file or folder whose name is not UTF-8 (Latin-1 `café.toml`, a stray byte in a budget
/// folder) is reported with the name escaped, and neither read nor entered: before, git
/// revisions lost the name (`tools/`) or the whole folder, and the disk read it under a
/// replacement character.
#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_are_reported_alike_on_disk_and_at_a_revision() {
    use std::os::unix::ffi::OsStrExt;
    let (repo, commits) = history();
    let name = |bytes: &[u8]| std::ffi::OsStr::from_bytes(bytes).to_owned();
    let policies = repo.path().join("policies");
    fs::write(
        policies.join("tools").join(name(b"caf\xe9.toml")),
        tool("Cafe", "jdoe"),
    )
    .unwrap();
    let folder = policies.join("budgets").join(name(b"20\xff26"));
    fs::create_dir_all(&folder).unwrap();
    fs::write(folder.join("it.toml"), "[broken\n").unwrap();
    // Documentation is not checked, but its name is still an entry of the tree.
    fs::write(policies.join(name(b"notes-\xe9.md")), "x\n").unwrap();
    repo.commit("Latin-1 names");

    assert_eq!(
        lint_both(&repo),
        [
            finding("file/unrecognized", "policies/budgets/20\\xFF26", 1),
            finding("file/unrecognized", "policies/notes-\\xE9.md", 1),
            finding("file/unrecognized", "policies/tools/caf\\xE9.toml", 1),
            finding("ref/unknown-person", "policies/tools/wiki.toml", 6),
        ]
    );
    let (_, out, _) = run(
        &repo,
        repo.path(),
        &[
            "lint", "--rev", "HEAD", "--today", TODAY, "--format", "json",
        ],
    );
    let report = json(&out);
    let message = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == "policies/tools/caf\\xE9.toml")
        .map(|d| d["message"].as_str().unwrap().to_string());
    assert_eq!(
        message.as_deref(),
        Some(
            "the name caf\\xE9.toml is not UTF-8 text (each byte that is not is shown as \\xNN), so it was not read, nor anything inside it"
        )
    );

    let (code, out, err) = run(
        &repo,
        repo.path(),
        &["diff", "HEAD~1..HEAD", "--today", TODAY, "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let diff = json(&out);
    assert_eq!(entity_changes(&diff), []);
    assert_eq!(introduced(&diff).len(), 3, "{diff:#}");
    // No entity changed (the Latin-1 tool is not one), so the changelog has nothing new.
    let (code, out, err) = run(&repo, repo.path(), &["changelog", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let expected: Vec<&str> = commits.iter().rev().map(String::as_str).collect();
    assert_eq!(changelog_commits(&json(&out)), expected);
}

// --- trees no file system holds ------------------------------------------------------------

/// A path 6,000 folders deep (12 KB: no checkout could hold it, PATH_MAX is 4,096 bytes),
/// written straight into git's object store. Trees are walked with an explicit stack, so it is
/// read like any other path (before, `changelog` aborted with a stack overflow, exit 134).
#[test]
fn a_path_six_thousand_folders_deep_is_read_without_overflowing_the_stack() {
    let (repo, commits) = history();
    let deep = format!("policies/{}deep.toml", "a/".repeat(6000));
    repo.commit_objects(
        "A very deep folder",
        &[(deep.as_bytes(), Object::File(b"name = \"Deep\"\n"))],
    );
    // Files both removed and added: git's diff looks for renames, here too.
    let video = fs::read(repo.path().join("policies/tools/video.toml")).unwrap();
    let deeper = format!("policies/{}deeper.toml", "a/".repeat(6000));
    let renamed = repo.commit_objects(
        "Video calls become Meet (#15)",
        &[
            (b"policies/tools/video.toml", Object::Removed),
            (b"policies/tools/meet.toml", Object::File(&video)),
            (deeper.as_bytes(), Object::File(b"x = 1\n")),
        ],
    );
    let dir = repo.path();

    let (code, out, err) = run(&repo, dir, &["changelog", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let log = json(&out);
    let mut expected = vec![renamed.as_str()];
    expected.extend(commits.iter().rev().map(String::as_str));
    assert_eq!(changelog_commits(&log), expected, "{log:#}");
    let change = &log["sections"][0]["entries"][0]["changes"][0];
    assert_eq!(
        (&change["id"], &change["change"]),
        (&Value::from("meet"), &Value::from("renamed")),
        "{change:#}"
    );

    let (code, out, err) = run(
        &repo,
        dir,
        &[
            "lint", "--rev", "HEAD", "--today", TODAY, "--format", "json",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let found = findings(&json(&out));
    assert_eq!(
        found,
        [
            finding("file/unrecognized", &deep, 1),
            finding("file/unrecognized", &deeper, 1),
            finding("ref/unknown-person", "policies/tools/wiki.toml", 6),
        ]
    );

    let (code, out, err) = run(
        &repo,
        dir,
        &["diff", "HEAD~2..HEAD", "--today", TODAY, "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let diff = json(&out);
    assert_eq!(
        entity_changes(&diff),
        [("meet".to_string(), "renamed".to_string())]
    );
    assert_eq!(introduced(&diff).len(), 2);
}

/// On disk, a folder nested deeper than the file system can name from the root (its path
/// passes PATH_MAX, 4,096 bytes) is reported where the walk could go no further.
#[cfg(unix)]
#[test]
fn a_folder_too_deep_to_name_on_disk_is_reported_not_a_crash() {
    let repo = GitRepo::new();
    repo.write("policies/org.toml", ORG);
    // Only steps relative to the current folder can make such a path.
    let made = std::process::Command::new("perl")
        .arg("-e")
        .arg(r#"chdir "policies" or die; for (1..2100) { mkdir "a" or die; chdir "a" or die } open(my $f, ">", "deep.toml") or die; print $f "x = 1\n";"#)
        .current_dir(repo.path())
        .status()
        .unwrap();
    assert!(made.success());
    let (code, out, err) = run(
        &repo,
        repo.path(),
        &["lint", "--today", TODAY, "--format", "json"],
    );
    assert_eq!(code, 1, "{err}");
    let found = findings(&json(&out));
    assert_eq!(found.len(), 1, "{found:?}");
    let (rule, file, _) = &found[0];
    assert_eq!(rule, "file/unreadable");
    assert!(file.starts_with("policies/a/a/a/"), "{file}");
}

/// A folder of a hundred folders, each the same folder of a hundred, four times over: a few
/// kilobytes of objects that describe 100,000,000 files. The walk stops at its budget, with
/// exit code 2, in a few seconds, instead of listing them.
#[test]
fn a_folder_repeated_inside_itself_is_too_large_to_check_not_a_hang() {
    let (repo, _) = history();
    let names: Vec<Vec<u8>> = (0..100)
        .map(|i| format!("f{i}.toml").into_bytes())
        .collect();
    let files: Vec<(&[u8], Object<'_>)> = names
        .iter()
        .map(|n| (n.as_slice(), Object::File(b"x = 1\n")))
        .collect();
    let mut tree = repo.tree_object(&files);
    let folders: Vec<Vec<u8>> = (0..100).map(|i| format!("d{i}").into_bytes()).collect();
    for _ in 0..3 {
        let entries: Vec<(&[u8], Object<'_>)> = folders
            .iter()
            .map(|n| (n.as_slice(), Object::Tree(&tree)))
            .collect();
        tree = repo.tree_object(&entries);
    }
    repo.commit_objects(
        "A repeated folder",
        &[(b"policies/bomb", Object::Tree(&tree))],
    );
    let head = repo.rev("HEAD");
    let too_large = "is too large to check: steward reads at most 1000000 files and folders, 256 MiB of paths, and no folder over 64 MiB as a git object";
    for (args, what) in [
        (
            &["lint", "--rev", "HEAD", "--today", TODAY][..],
            "the policy tree policies/ at revision \"HEAD\"".to_string(),
        ),
        (
            &["diff", "HEAD~1..HEAD", "--today", TODAY][..],
            "the policy tree policies/ at revision \"HEAD\"".to_string(),
        ),
        (
            &["changelog"][..],
            format!("the policy tree at commit {}", &head[..10]),
        ),
    ] {
        let started = std::time::Instant::now();
        let (code, out, err) = run(&repo, repo.path(), args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(
            err.contains(&format!("error: {what} {too_large}")),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("help: a policy tree holds thousands of files"),
            "{err}"
        );
        assert!(
            started.elapsed().as_secs() < 60,
            "{args:?}: {:?}",
            started.elapsed()
        );
    }
}

/// A link that git holds but no checkout could (its target is over 4,096 bytes) is reported,
/// never followed.
#[test]
fn a_link_longer_than_a_checkout_could_hold_is_reported() {
    let (repo, _) = history();
    let target = "a/".repeat(3000) + "x.toml";
    repo.commit_objects(
        "A long link",
        &[(b"policies/tools/long.toml", Object::Link(&target))],
    );
    let (code, out, err) = run(
        &repo,
        repo.path(),
        &[
            "lint", "--rev", "HEAD", "--today", TODAY, "--format", "json",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let report = json(&out);
    assert_eq!(
        findings(&report),
        [
            finding("file/unreadable", "policies/tools/long.toml", 1),
            finding("ref/unknown-person", "policies/tools/wiki.toml", 6),
        ]
    );
    assert_eq!(
        report["diagnostics"][0]["message"],
        "this could not be read: it is a link whose target is longer than 4096 bytes"
    );
}
