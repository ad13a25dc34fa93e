//! `steward changelog` and `steward review` on real git histories built in temporary folders,
//! and the changelog of a real registry's history (rust-lang/team) with declared kinds.

mod common;

use std::fs;
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;

use common::git::{GitRepo, ORG, tool_file};

fn tool(name: &str, status: &str, owner: &str) -> String {
    tool_file(name, status, owner, "jdoe")
}

fn policy(who_posts: &str, last_reviewed: &str) -> String {
    format!(
        r#"title = "Social Media"
status = "active"
owner = "comms"
approved_by = ["it", "comms"]
effective = 2024-01-01
last_reviewed = {last_reviewed}
review_every_months = 12

[[clause]]
id = "who-posts"
text = "{who_posts}"

[[clause]]
id = "consent"
text = "We post photos only with written consent."
"#
    )
}

const QUIET_POLICY: &str = r#"title = "File Sharing"
status = "active"
owner = "it"
approved_by = ["it"]
effective = 2024-01-01
last_reviewed = 2025-10-01
review_every_months = 12

[[clause]]
id = "where"
text = "Share files from the shared drive, never from personal accounts."
"#;

fn budget(design: u32) -> String {
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
"#
    )
}

/// Thirty commits: plain commits, merged pull requests (merge commits), squash merges,
/// a rename, a broken revision and its fix, two tags.
fn thirty_commits() -> GitRepo {
    let repo = GitRepo::new();
    repo.write("policies/org.toml", ORG);
    repo.write(
        "policies/tools/chat.toml",
        &tool("Chat", "trial", "mmiller"),
    );
    repo.write(
        "policies/technology/social-media.toml",
        &policy("Only staff may post.", "2025-06-01"),
    );
    repo.write("policies/technology/file-sharing.toml", QUIET_POLICY);
    repo.write("policies/budgets/2026/comms.toml", &budget(3000));
    repo.commit("Initial policy tree"); // 1
    repo.write("README.md", "# Our policies\n");
    repo.commit("Add a readme"); // 2: does not touch the tree
    repo.pull_request(
        10,
        &[
            ("Approve chat", &|r: &GitRepo| {
                r.write(
                    "policies/tools/chat.toml",
                    &tool("Chat", "approved", "mmiller"),
                );
            }),
            ("Chat costs more", &|r: &GitRepo| {
                r.write("policies/budgets/2026/comms.toml", &budget(4200));
            }),
        ],
    ); // 3, 4, merge 5
    repo.write(
        "policies/tools/video.toml",
        &tool("Video", "approved", "jdoe"),
    );
    repo.commit("Add video calls (#11)"); // 6: squash merge
    repo.git(&["tag", "v1"]);
    repo.pull_request(
        12,
        &[("Break video", &|r: &GitRepo| {
            r.write(
                "policies/tools/video.toml",
                "name = \"Video\"\nstatus = [\n",
            );
        })],
    ); // 7, merge 8
    repo.write(
        "policies/tools/video.toml",
        &tool("Video", "approved", "mmiller"),
    );
    repo.commit("Fix video and hand it over (#13)"); // 9
    repo.pull_request(
        14,
        &[
            ("Rename chat", &|r: &GitRepo| {
                fs::remove_file(r.path().join("policies/tools/chat.toml")).unwrap();
                r.write(
                    "policies/tools/team-chat.toml",
                    &tool("Chat", "approved", "mmiller"),
                );
            }),
            ("Typo", &|r: &GitRepo| {
                r.write("README.md", "# Our policies.\n");
            }),
        ],
    ); // 10, 11, merge 12
    for i in 0..6 {
        repo.write("NOTES.md", &format!("note {i}\n"));
        repo.commit(&format!("Meeting notes {i}")); // 13..18: outside the tree's content
    }
    repo.pull_request(
        15,
        &[("Reword who posts", &|r: &GitRepo| {
            r.write(
                "policies/technology/social-media.toml",
                &policy("Only trained staff may post.", "2025-06-01"),
            );
        })],
    ); // 19, merge 20
    repo.git(&["tag", "-a", "v2", "-m", "Second release"]);
    repo.write(
        "policies/tools/chat-old.toml",
        &tool("Old chat", "retired", "jdoe"),
    );
    repo.commit("Record the old chat tool as retired (#16)"); // 21
    repo.pull_request(
        17,
        &[
            ("Design budget", &|r: &GitRepo| {
                r.write("policies/budgets/2026/comms.toml", &budget(5000));
            }),
            ("Review social media", &|r: &GitRepo| {
                r.write(
                    "policies/technology/social-media.toml",
                    &policy("Only trained staff may post.", "2026-01-15"),
                );
            }),
            ("Reword again", &|r: &GitRepo| {
                r.write(
                    "policies/technology/social-media.toml",
                    &policy(
                        "Only trained staff from Communications may post.",
                        "2026-01-15",
                    ),
                );
            }),
        ],
    ); // 22, 23, 24, merge 25
    for i in 0..5 {
        repo.write("NOTES.md", &format!("later note {i}\n"));
        repo.commit(&format!("More notes {i}")); // 26..30
    }
    assert_eq!(repo.commit_count(), 30);
    repo
}

#[test]
fn changelog_sections_entries_and_pull_requests() {
    let repo = thirty_commits();
    let (code, out, err) = repo.steward(&["changelog", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["version"], 1);
    let sections = json["sections"].as_array().unwrap();
    let titles: Vec<&str> = sections
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Unreleased", "v2 (2026-01-20)", "v1 (2026-01-06)"]);
    assert_eq!(sections[1]["tag"], "v2");

    let prs = |section: &Value| -> Vec<Option<u64>> {
        section["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["pr"].as_u64())
            .collect()
    };
    // Newest first; one entry per merged pull request, squash merges included.
    assert_eq!(prs(&sections[0]), [Some(17), Some(16)]);
    assert_eq!(prs(&sections[1]), [Some(15), Some(14), Some(13), Some(12)]);
    assert_eq!(prs(&sections[2]), [Some(11), Some(10), None]);

    let entry = |pr: u64| -> &Value {
        sections
            .iter()
            .flat_map(|s| s["entries"].as_array().unwrap())
            .find(|e| e["pr"] == pr)
            .unwrap()
    };
    let lines = |pr: u64| -> Vec<String> {
        entry(pr)["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        lines(10),
        [
            "The Communications 2026 budget: the design line rises from $3,000 to $4,200 (+$1,200)",
            "Tool Chat moved from trial to approved"
        ]
    );
    assert_eq!(lines(11), ["Tool Video approved"]);
    assert_eq!(
        lines(13),
        ["Tool Video: repaired (the previous version could not be read)"]
    );
    assert_eq!(lines(14), ["Tool Chat renamed from chat"]);
    assert_eq!(
        lines(15),
        ["Policy \"Social Media\": clause who-posts reworded"]
    );
    assert_eq!(lines(16), ["Tool Old chat recorded as retired"]);
    assert_eq!(
        lines(17),
        [
            "The Communications 2026 budget: the design line rises from $4,200 to $5,000 (+$800)",
            "Policy \"Social Media\" reviewed (2026-01-15)",
            "Policy \"Social Media\": clause who-posts reworded",
        ]
    );
    assert_eq!(entry(10)["author"], "Jane Doe");
    assert_eq!(entry(10)["date"], "2026-01-05");
    // The pull request's title, from the merge commit's second paragraph.
    assert_eq!(entry(10)["title"], "Approve chat");
    assert_eq!(entry(10)["summary"], lines(10).join("; "));

    // The broken revision is named, not fatal; the fix reads it as the old side.
    let broken = entry(12);
    assert_eq!(broken["problems"][0]["file"], "policies/tools/video.toml");
    assert!(
        broken["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not valid TOML")
    );
    assert!(entry(13).get("problems").is_none());

    // The changes are the diff's entity changes.
    let change = &entry(15)["changes"][0];
    assert_eq!(change["kind"], "policy");
    assert_eq!(change["clauses"][0]["change"], "reworded");
}

#[test]
fn changelog_markdown_links_and_groupings() {
    let repo = thirty_commits();
    let (code, markdown, _) = repo.steward(&[
        "changelog",
        "--repo-url",
        "https://github.com/org/policies/",
        "--output",
        "-",
    ]);
    // `-` is a file name like any other; write to stdout instead.
    assert_eq!(code, 0);
    fs::remove_file(repo.path().join("-")).ok();
    let (_, markdown2, _) = repo.steward(&[
        "changelog",
        "--repo-url",
        "https://github.com/org/policies/",
    ]);
    assert!(markdown.is_empty() || markdown == markdown2);
    let redacted = redact_commits(&markdown2);
    insta::assert_snapshot!("changelog_markdown", redacted);
    assert!(markdown2.contains("[pull request #17](https://github.com/org/policies/pull/17)"));
    // Without an address to link to, the commit is named in a line of its own under the entry.
    let (_, unlinked, _) = repo.steward(&["changelog"]);
    assert!(
        unlinked.contains("\n_Commit `") && !unlinked.contains("/commit/"),
        "{unlinked}"
    );

    let (_, by_month, _) = repo.steward(&["changelog", "--group-by", "month", "--format", "json"]);
    let by_month: Value = serde_json::from_str(&by_month).unwrap();
    let titles: Vec<&str> = by_month["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["January 2026"]);

    let (_, by_commit, _) =
        repo.steward(&["changelog", "--group-by", "commit", "--format", "json"]);
    let by_commit: Value = serde_json::from_str(&by_commit).unwrap();
    assert_eq!(by_commit["sections"].as_array().unwrap().len(), 9);

    let (_, range, _) = repo.steward(&[
        "changelog",
        "--from",
        "v1",
        "--to",
        "v2",
        "--format",
        "json",
    ]);
    let range: Value = serde_json::from_str(&range).unwrap();
    let prs: Vec<u64> = range["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["entries"].as_array().unwrap())
        .filter_map(|e| e["pr"].as_u64())
        .collect();
    assert_eq!(prs, [15, 14, 13, 12]);
}

fn redact_commits(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(|c: char| c.is_ascii_hexdigit()) {
        out.push_str(&rest[..i]);
        let run: String = rest[i..]
            .chars()
            .take_while(|c| c.is_ascii_hexdigit())
            .collect();
        if run.len() == 10 || run.len() == 40 {
            out.push_str("<sha>");
        } else {
            out.push_str(&run);
        }
        rest = &rest[i + run.len()..];
    }
    out.push_str(rest);
    out
}

#[test]
fn every_commit_mode_visits_branch_commits() {
    let repo = thirty_commits();
    let (_, out, _) = repo.steward(&[
        "changelog",
        "--all-commits",
        "--group-by",
        "commit",
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_str(&out).unwrap();
    let titles: Vec<&str> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["entries"].as_array().unwrap())
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Approve chat") && titles.contains(&"Reword again"),
        "{titles:?}"
    );
}

#[test]
fn review_packet_shows_what_changed_since_the_last_review() {
    let repo = thirty_commits();
    // Social Media (reviewed 2026-01-15, every 12 months) falls due within 60 days; File
    // Sharing (reviewed 2025-10-01) is overdue; the tools (reviewed 2026-06-01) are not due.
    let (code, out, err) = repo.steward(&[
        "review",
        "--within",
        "60",
        "--today",
        "2026-11-25",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    let departments = json["departments"].as_array().unwrap();
    let ids: Vec<(&str, &str)> = departments
        .iter()
        .flat_map(|d| {
            d["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |i| (d["department"].as_str().unwrap(), i["id"].as_str().unwrap()))
        })
        .collect();
    assert_eq!(ids, [("comms", "social-media"), ("it", "file-sharing")]);

    let social = &departments[0]["items"][0];
    assert_eq!(social["due"], "2027-01-15");
    assert_eq!(social["overdue"], false);
    assert_eq!(social["days_left"], 51);
    // last_reviewed was set in "Review social media"; the clause was reworded after that.
    let reviewed_in = repo.git(&["log", "--format=%H", "--grep", "Review social media"]);
    assert_eq!(social["reviewed_in"]["commit"], reviewed_in.as_str());
    let clause = &social["changes"]["clauses"][0];
    assert_eq!(clause["id"], "who-posts");
    let inserted: Vec<&str> = clause["words"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["op"] == "insert")
        .map(|w| w["text"].as_str().unwrap())
        .collect();
    assert_eq!(inserted, ["from Communications"]);
    let attendees: Vec<&str> = social["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(attendees, ["mmiller", "jdoe"]);

    // File Sharing has not changed since its review: no changes, and its open finding.
    let quiet = &departments[1]["items"][0];
    assert!(quiet.get("changes").is_none(), "{quiet}");
    assert!(quiet["reviewed_in"]["commit"].is_string());
    assert_eq!(quiet["overdue"], true);
    assert_eq!(quiet["findings"][0]["rule"], "policy/review-overdue");

    let (_, markdown, _) = repo.steward(&[
        "review",
        "--within",
        "60",
        "--today",
        "2026-11-25",
        "--format",
        "markdown",
    ]);
    // With 30 days, only the overdue policy is in the packet.
    let (_, out, _) = repo.steward(&[
        "review",
        "--within",
        "30",
        "--today",
        "2026-11-25",
        "--format",
        "json",
    ]);
    let narrow: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(narrow["departments"].as_array().unwrap().len(), 1);
    assert_eq!(narrow["departments"][0]["items"][0]["id"], "file-sharing");
    assert!(
        markdown.contains(concat!(
            "    > **Before:** Only trained staff may post.\n",
            "    >\n",
            "    > **After:** Only trained staff from Communications may post.\n",
            "    >\n",
            "    > **What changed:** Only trained staff **from Communications** may post.\n",
        )),
        "{markdown}"
    );
    assert!(
        markdown.contains("**Unchanged** since the last review"),
        "{markdown}"
    );
    insta::assert_snapshot!("review_markdown", redact_commits(&markdown));
}

/// Items walk the history together (a commit is read once for all of them), yet each finds
/// its own commit: one review date set inside a merged pull request, another on `main`
/// after it, a third never changed since the first commit.
#[test]
fn review_finds_each_items_own_commit_when_they_part_ways() {
    let repo = GitRepo::new();
    repo.write("policies/org.toml", ORG)
        .write("policies/technology/file-sharing.toml", QUIET_POLICY)
        .write(
            "policies/technology/social-media.toml",
            &policy("Only staff may post.", "2025-01-10"),
        );
    let first = repo.commit("Two policies");
    let printing = QUIET_POLICY
        .replace("File Sharing", "Printing")
        .replace("2025-10-01", "2025-02-01");
    repo.write("policies/technology/printing.toml", &printing);
    repo.commit("Printing policy");
    repo.pull_request(
        1,
        &[("Review social media", &|r: &GitRepo| {
            r.write(
                "policies/technology/social-media.toml",
                &policy("Only staff may post.", "2025-03-01"),
            );
        })],
    );
    let in_pull_request = repo.git(&[
        "log",
        "--no-merges",
        "--format=%H",
        "--grep",
        "Review social media",
    ]);
    let printing_reviewed = printing.replace("2025-02-01", "2025-04-01");
    repo.write("policies/technology/printing.toml", &printing_reviewed);
    let on_main = repo.commit("Review printing");
    repo.write(
        "policies/technology/social-media.toml",
        &policy("Only trained staff may post.", "2025-03-01"),
    );
    repo.commit("Reword social media");
    let json = repo.json(&["review", "--today", "2026-11-25", "--format", "json"]);
    let reviewed: Vec<(String, String)> = json["departments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["items"].as_array().unwrap().clone())
        .map(|item| {
            (
                item["id"].as_str().unwrap().to_string(),
                item["reviewed_in"]["commit"]
                    .as_str()
                    .unwrap_or("none")
                    .to_string(),
            )
        })
        .collect();
    let expected = [
        ("social-media", in_pull_request.as_str()),
        ("file-sharing", first.as_str()),
        ("printing", on_main.as_str()),
    ];
    for (id, commit) in expected {
        assert!(
            reviewed.iter().any(|(i, c)| i == id && c == commit),
            "{id} should be reviewed in {commit}: {reviewed:?}"
        );
    }
    assert_eq!(reviewed.len(), 3, "{reviewed:?}");
}

/// SECURITY.md promises that no file over `max_file_bytes` is read, at any revision: a
/// version of the policy in history that is over the limit is not read while looking for the
/// commit that set its review date, and the packet says so.
#[test]
fn review_does_not_read_a_version_in_history_over_the_size_limit() {
    let repo = GitRepo::new();
    repo.write("steward.toml", "max_file_bytes = 2000\n");
    let padded = format!("{QUIET_POLICY}# {}\n", "notes ".repeat(500));
    repo.write("policies/org.toml", ORG)
        .write("policies/technology/file-sharing.toml", &padded);
    let large = repo.commit("File sharing, with long notes");
    repo.write("policies/technology/file-sharing.toml", QUIET_POLICY);
    repo.commit("Shorter notes");
    let (code, out, err) = repo.steward(&["review", "--today", "2026-11-25", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    let item = &json["departments"][0]["items"][0];
    assert_eq!(item["id"], "file-sharing", "{json:#}");
    assert!(item.get("reviewed_in").is_none(), "{item}");
    assert_eq!(
        item["history_note"],
        format!(
            "its version at commit {} is {} bytes, over the limit of 2000 bytes (max_file_bytes), so it was not read",
            &large[..10],
            padded.len()
        )
    );
}

#[test]
fn review_outside_git_still_lists_what_is_due() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("policies/technology")).unwrap();
    fs::write(dir.path().join("policies/org.toml"), ORG).unwrap();
    fs::write(
        dir.path().join("policies/technology/file-sharing.toml"),
        QUIET_POLICY,
    )
    .unwrap();
    let out = Command::cargo_bin("steward")
        .unwrap()
        .args(["review", "--today", "2026-11-25"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("policy file-sharing \"File Sharing\": overdue since 2026-10-01 (55 days)"),
        "{text}"
    );
    assert!(
        text.contains("history: the git history is not available"),
        "{text}"
    );
}

/// The real history of rust-lang/team (4,244 commits of a TOML registry), with kinds declared
/// for people/, teams/ and repos/. Skipped, saying so, when the bundle is not there (a failure
/// with STEWARD_REQUIRE_DATA=1, as CI sets).
#[test]
fn changelog_walks_the_rust_lang_team_history() {
    let Some(bundle) = common::shared_data("rust-lang-team-data.bundle") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let clone = dir.path().join("team");
    let status = Process::new("git")
        .args([
            "clone",
            "-q",
            bundle.to_str().unwrap(),
            clone.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    // Inside the clone (steward.toml may not point outside the repository), in a hidden
    // folder that is neither in the history nor part of the tree.
    fs::create_dir(clone.join(".steward")).unwrap();
    fs::write(
        clone.join(".steward/any.schema.json"),
        r#"{"type": "object"}"#,
    )
    .unwrap();
    fs::write(
        clone.join("steward.toml"),
        r#"root = "."
[kinds.person]
path = "people/*.toml"
schema = ".steward/any.schema.json"
[kinds.team]
path = "teams/**/*.toml"
schema = ".steward/any.schema.json"
[kinds.repo]
path = "repos/**/*.toml"
schema = ".steward/any.schema.json"
"#,
    )
    .unwrap();
    let run = |args: &[&str]| -> Value {
        let out = Command::cargo_bin("steward")
            .unwrap()
            .args(args)
            .current_dir(&clone)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let entries = |json: &Value| -> Vec<Value> {
        json["sections"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["entries"].as_array().unwrap().clone())
            .collect()
    };
    let problems = |entries: &[Value]| -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = entries
            .iter()
            .flat_map(|e| {
                e["problems"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .map(move |p| {
                        (
                            e["commit"].as_str().unwrap()[..8].to_string(),
                            p["file"].as_str().unwrap().to_string(),
                        )
                    })
            })
            .collect();
        out.sort();
        out
    };

    // First parents: every merged pull request once.
    let first_parent = entries(&run(&["changelog", "--format", "json"]));
    assert!(first_parent.len() > 2000, "{} entries", first_parent.len());
    assert!(first_parent.iter().filter(|e| e["pr"].is_u64()).count() > 1000);

    // Every commit: the revisions whose files do not parse are named, and the commits that
    // fixed them (the ones the data README lists) say the file was repaired. The fifth file
    // the README lists, repos/rust-lang/lang-team.toml at 6c8701c3, is valid TOML 1.1 (a
    // multi-line inline table), which steward parses; TOML 1.0 parsers reject it.
    let all = entries(&run(&["changelog", "--all-commits", "--format", "json"]));
    assert!(all.len() > first_parent.len());
    let named = problems(&all);
    let expected: Vec<(String, String)> = [
        ("861a5f2a", "teams/rustdoc.toml"),
        ("8a920a3d", "teams/wg-cli.toml"),
        ("a33d784d", "people/acfoltzer.toml"),
        ("b641f5f5", "teams/icebreakers-cleanup-crew.toml"),
    ]
    .iter()
    .map(|(c, f)| (c.to_string(), f.to_string()))
    .collect();
    assert_eq!(named, expected);
    for (fix, file) in [
        ("f0fb3674", "people/acfoltzer.toml"),
        ("f6193fe8", "teams/rustdoc.toml"),
        ("d4db8e38", "teams/icebreakers-cleanup-crew.toml"),
        ("bc5d81a6", "teams/wg-cli.toml"),
    ] {
        let entry = all
            .iter()
            .find(|e| e["commit"].as_str().unwrap().starts_with(fix))
            .unwrap();
        let lines = entry["lines"].to_string();
        assert!(lines.contains("repaired"), "{fix} {file}: {lines}");
    }
    assert!(
        !named
            .iter()
            .any(|(_, f)| f == "repos/rust-lang/lang-team.toml"),
        "{named:?}"
    );
    eprintln!(
        "rust-lang/team: {} first-parent entries, {} entries over every commit, {} file problems named",
        first_parent.len(),
        all.len(),
        named.len()
    );
}
