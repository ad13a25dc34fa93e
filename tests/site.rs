//! `steward site`: the binary run as a user would, on the sample tree and its real git
//! history, and on hostile trees. The browser test (tests/site/browser.cjs) opens the built
//! site in Debian's headless Chromium: filters, links, clause anchors, the budget chart's
//! table against `steward report budget --format json`, axe-core on every kind of page, and
//! no request outside the site. Without chromium, node or the npm packages it is skipped
//! with a message, unless `STEWARD_REQUIRE_TOOLS=1` (set by `.ci/run`), where it fails.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use common::{Tree, in_repository, steward_in};
use serde_json::{Value, json};

const TODAY: &str = "2026-12-01";

/// Every file of a folder, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).expect("read a folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(relative, fs::read(&path).expect("read a file"));
            }
        }
    }
    out
}

/// The HTML pages, with `&#x2f;` (minijinja escapes `/` too) read back as `/`.
fn pages(site: &BTreeMap<String, Vec<u8>>) -> Vec<(&String, String)> {
    site.iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, page_text(bytes)))
        .collect()
}

fn page_text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec())
        .expect("UTF-8 pages")
        .replace("&#x2f;", "/")
}

/// Builds the sample tree's site into `out` (inside the repository's folder or absolute).
fn build_sample(out: &Path, extra: &[&str]) -> (i32, String) {
    let output = steward_in(&in_repository())
        .arg("site")
        .arg("--out")
        .arg(out)
        .args(["--today", TODAY])
        .args(extra)
        .output()
        .expect("run steward site");
    (
        output.status.code().expect("an exit code"),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

#[test]
fn the_sample_site_has_every_kind_of_page() {
    let dir = temp();
    let out = dir.path().join("site");
    let (code, stderr) = build_sample(&out, &["--repo-url", "https://github.com/org/policies"]);
    assert_eq!(code, 0, "{stderr}");
    let site = files(&out);
    for page in [
        "index.html",
        "tools/index.html",
        "tools/zoom.html",
        "policies/index.html",
        "policies/social-media.html",
        "departments/index.html",
        "departments/communications.html",
        "budgets/index.html",
        "budgets/2026.html",
        "people.html",
        "calendar.html",
        "changes.html",
        "propose.html",
        "steward.ics",
        "assets/site.css",
        "assets/site.js",
        ".steward-site",
    ] {
        assert!(site.contains_key(page), "{page} is missing");
    }
    let tool_pages = site
        .keys()
        .filter(|p| p.starts_with("tools/") && *p != "tools/index.html")
        .count();
    assert_eq!(tool_pages, 17);
    let page = |p: &str| page_text(&site[p]);
    // The tool page, in words.
    let zoom = page("tools/zoom.html");
    for words in [
        "<h1>Zoom</h1>",
        "$1,500 a year",
        "Renews by itself on 1 October 2027 (in 304 days); to cancel, give notice by 1 September 2027 (in 274 days).",
        r#"<a href="../budgets/2026.html#line-it_video-calls">Zoom licences and webinar add-on</a>"#,
        r#"<a href="../policies/data-export.html">Data Export and Exit Planning</a>"#,
        r#"<a href="https://zoom.us" rel="noopener noreferrer">https://zoom.us</a>"#,
        r#"<a href="https://github.com/org/policies/edit/main/policies/tools/zoom.toml" rel="noopener noreferrer">"#,
    ] {
        assert!(zoom.contains(words), "the Zoom page lacks {words:?}");
    }
    // Every field of the file, amounts with their currency.
    assert!(zoom.contains("<dt>Amount</dt><dd>$1,500 <span class=\"note\">"));
    // The new tool's link opens GitHub's editor filled with the template (a long address).
    let propose = page("propose.html");
    let new_tool = &propose[propose.find("id=\"_new\"").expect("the new tool section")..];
    let new_tool = &new_tool[..new_tool.find("</section>").unwrap()];
    assert!(
        new_tool.contains("https://github.com/org/policies/new/main/policies/tools?filename=new-tool.toml&amp;value=%23")
            && new_tool.contains(" rel=\"noopener noreferrer\">Propose a new tool</a>"),
        "{new_tool}"
    );
    // A clause with its stable anchor.
    let social = page("policies/social-media.html");
    assert!(social.contains(r#"<li id="consent" class="clause">"#));
    assert!(social.contains(r##"<a href="#consent""##));
    // What needs attention: the owner who left, and what is otherwise in order.
    let overview = page("index.html");
    assert!(overview.contains("<h3>Owners who have left</h3>"));
    assert!(overview.contains(
        "To add a tool: <a href=\"https://github.com/org/policies/new/main/policies/tools?filename=new-tool.toml&amp;value=%23"
    ));
    assert!(overview.contains(
        "<p>Otherwise in order: no errors, no review overdue, no notice deadline in the next 60 days.</p>"
    ));
    // The hand-over list names who left and what they still hold.
    let people = page("people.html");
    let hand_over = &people[people.find("To hand over").unwrap()..people.find("Everyone").unwrap()];
    assert!(
        hand_over.contains("Colin Ashby") && hand_over.contains("Left on 12 September 2025"),
        "{hand_over}"
    );
    // The calendar file is `steward calendar --format ics`'s.
    let ics = steward_in(&in_repository())
        .args(["calendar", "--format", "ics", "--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(site["steward.ics"], ics.stdout);
    assert!(page("calendar.html").contains(r#"<a href="steward.ics" download>"#));
    // The marker lists every file written.
    let marker = page(".steward-site");
    let listed: Vec<&str> = marker.lines().skip(1).collect();
    let mut expected: Vec<&str> = site
        .keys()
        .map(String::as_str)
        .filter(|p| *p != ".steward-site")
        .collect();
    expected.sort();
    assert_eq!(listed, expected);
}

#[test]
fn the_same_tree_and_history_give_the_same_bytes() {
    let dir = temp();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert_eq!(build_sample(&a, &[]).0, 0);
    assert_eq!(build_sample(&b, &[]).0, 0);
    let (first, second) = (files(&a), files(&b));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between two builds");
    }
    // Building again into the same folder (an earlier site) gives the same files too.
    assert_eq!(build_sample(&a, &[]).0, 0);
    assert_eq!(files(&a), second);
}

#[test]
fn every_page_declares_its_csp_and_loads_only_its_own_files() {
    let dir = temp();
    let out = dir.path().join("site");
    assert_eq!(
        build_sample(
            &out,
            &[
                "--repo-url",
                "https://github.com/org/policies",
                "--base-url",
                "https://org.github.io/policies/"
            ]
        )
        .0,
        0
    );
    let site = files(&out);
    let csp = r#"<meta http-equiv="Content-Security-Policy" content="default-src &#x27;none&#x27;; script-src &#x27;self&#x27;; style-src &#x27;self&#x27;; img-src &#x27;self&#x27; data:; base-uri &#x27;none&#x27;; form-action &#x27;none&#x27;">"#;
    for (path, html) in pages(&site) {
        assert!(
            html.contains(csp),
            "{path} lacks the Content-Security-Policy"
        );
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
            "{path}"
        );
        for resource in resources(&html) {
            assert!(
                !resource.contains(':')
                    && !resource.starts_with("//")
                    && !resource.starts_with('/'),
                "{path} loads {resource}, which is not a relative address of the site"
            );
        }
        // Every address outside the site is a link that sends no referrer or opener.
        for (tag, href) in links(&html) {
            if href.starts_with("http://") || href.starts_with("https://") {
                assert!(
                    tag.contains(r#"rel="noopener noreferrer""#),
                    "{path}: {tag}"
                );
            } else {
                assert!(
                    !href.contains(':'),
                    "{path}: {tag} is neither relative nor a web address"
                );
            }
        }
        assert!(
            !html.contains("style="),
            "{path} has an inline style, which the CSP blocks"
        );
        assert!(!html.contains("<script>"), "{path} has an inline script");
    }
    let css = String::from_utf8(site["assets/site.css"].clone()).unwrap();
    assert!(
        !css.contains("url(") && !css.contains("@import"),
        "the stylesheet loads nothing"
    );
    let js = String::from_utf8(site["assets/site.js"].clone()).unwrap();
    for call in ["fetch(", "XMLHttpRequest", "import(", "eval(", "innerHTML"] {
        assert!(!js.contains(call), "the script uses {call}");
    }
}

/// `src="..."` and `<link href="...">` values: what a page loads.
fn resources(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in html.match_indices("src=\"") {
        out.push(html[i + 5..].split('"').next().unwrap().to_string());
    }
    for (i, _) in html.match_indices("<link ") {
        let tag = html[i..].split('>').next().unwrap();
        if let Some(at) = tag.find("href=\"") {
            out.push(tag[at + 6..].split('"').next().unwrap().to_string());
        }
    }
    out
}

/// Each `<a ...>` tag with its href.
fn links(html: &str) -> Vec<(String, String)> {
    html.match_indices("<a ")
        .map(|(i, _)| {
            let tag = html[i..].split('>').next().unwrap().to_string();
            let href = tag
                .split("href=\"")
                .nth(1)
                .map_or("", |h| h.split('"').next().unwrap())
                .to_string();
            (tag, href)
        })
        .collect()
}

/// A tree where every name, id and address a pull request controls is hostile.
fn hostile_tree() -> Tree {
    Tree::baseline()
        .edit(common::TOOL_PATH, "name = \"Chat\"", "name = \"<script>alert('tool')</script>\\u202Egnp.exe\\u001b[2J\"\nurl = \"javascript:alert(1)\"\ndescription = \"<img src=x onerror=alert(2)>\"")
        .append(
            common::ORG_PATH,
            "\n[departments.\"../../<b>escape</b>\"]\nname = \"<iframe src=//evil.example>\"\n\n[people.\"x\\\"><svg onload=alert(3)>\"]\nname = \"</a><script>alert(4)</script>\"\ndepartment = \"../../<b>escape</b>\"\n",
        )
        .file(
            "policies/tools/evil.toml",
            "name = \"Evil\"\nvendor = \"V\"\ncategory = \"c\"\nstatus = \"approved\"\ndepartment = \"../../<b>escape</b>\"\nowner = \"x\\\"><svg onload=alert(3)>\"\nurl = \"https://evil.example/\\\"><script>alert(5)</script>\"\n",
        )
        .append(
            common::POLICY_PATH,
            "\n[[clause]]\nid = \"\\\"><script>alert(6)</script>\"\ntitle = \"<script>alert(7)</script>\"\ntext = \"A clause\\u202E with <b>markup</b>.\"\n",
        )
}

#[test]
fn hostile_names_are_text_and_hostile_ids_are_not_file_names() {
    let tree = hostile_tree();
    let out = tree.join("site");
    let output = tree
        .steward()
        .args([
            "site",
            "--out",
            "site",
            "--today",
            TODAY,
            "--repo-url",
            "https://github.com/org/repo",
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let site = files(&out);
    for path in site.keys() {
        assert!(
            path.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_./".contains(c))
                && !path.contains(".."),
            "a file name made from a hostile id: {path}"
        );
    }
    assert!(
        site.contains_key("departments/_0.html"),
        "{:?}",
        site.keys().collect::<Vec<_>>()
    );
    for (path, html) in pages(&site) {
        for bad in [
            "<script>alert",
            "<img src=x",
            "<iframe",
            "<svg onload",
            "<b>escape",
            "<b>markup",
            "href=\"javascript",
            "\u{202e}",
            "\u{1b}",
        ] {
            assert!(!html.contains(bad), "{path} contains {bad:?}");
        }
        // The only scripts are the site's own file.
        assert_eq!(html.matches("<script").count(), 1, "{path}");
    }
    let chat = page_text(&site["tools/chat.html"]);
    assert!(
        chat.contains(
            "&lt;script&gt;alert(&#x27;tool&#x27;)&lt;/script&gt;&lt;U+202E&gt;gnp.exe\\u{1b}[2J"
        ),
        "the name is shown as text"
    );
    assert!(
        chat.contains("<dd>javascript:alert(1)") && !chat.contains("href=\"javascript"),
        "a javascript: address is text, not a link"
    );
    let evil = page_text(&site["tools/evil.html"]);
    assert!(
        evil.contains(r#"<a href="https://evil.example/&quot;&gt;&lt;script&gt;alert(5)&lt;/script&gt;" rel="noopener noreferrer">"#),
        "an address with markup stays inside its attribute"
    );
    let policy = page_text(&site["policies/acceptable-use.html"]);
    assert!(
        policy.contains(r#"<li id="_1" class="clause">"#),
        "a hostile clause id gets an anchor steward makes up"
    );
}

#[test]
fn the_folder_is_written_only_when_it_is_empty_new_or_an_earlier_site() {
    let tree = Tree::baseline().file("notes/keep.txt", "mine");
    let run = |args: &[&str]| {
        let output = tree
            .steward()
            .arg("site")
            .args(args)
            .args(["--today", TODAY])
            .output()
            .unwrap();
        (
            output.status.code().unwrap(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, stderr) = run(&["--out", "notes"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("is not empty and holds no site steward wrote"),
        "{stderr}"
    );
    assert!(!tree.join("notes/index.html").exists());
    assert_eq!(run(&["--out", "notes", "--force"]).0, 0);
    assert_eq!(
        fs::read_to_string(tree.join("notes/keep.txt")).unwrap(),
        "mine"
    );
    assert!(tree.join("notes/index.html").exists());
    // An earlier site: pages of entities that are gone are removed, nothing else.
    assert_eq!(run(&["--out", "site"]).0, 0);
    assert!(tree.join("site/tools/chat.html").exists());
    fs::write(tree.join("site/extra.txt"), "not steward's").unwrap();
    fs::remove_file(tree.join(common::TOOL_PATH)).unwrap();
    assert_eq!(run(&["--out", "site"]).0, 0);
    assert!(
        !tree.join("site/tools/chat.html").exists(),
        "the page of a removed tool is removed"
    );
    assert!(
        tree.join("site/extra.txt").exists(),
        "a file steward did not write stays"
    );
    // A folder that leads elsewhere through a link is refused.
    #[cfg(unix)]
    {
        let elsewhere = temp();
        std::os::unix::fs::symlink(elsewhere.path(), tree.join("linked")).unwrap();
        let (code, stderr) = run(&["--out", "linked"]);
        assert_eq!(code, 2);
        assert!(stderr.contains("symbolic link"), "{stderr}");
        let (code, stderr) = run(&["--out", "linked/site"]);
        assert_eq!(code, 2);
        assert!(stderr.contains("symbolic link"), "{stderr}");
        assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    }
}

#[test]
fn flags_are_checked() {
    let tree = Tree::baseline();
    for (args, message) in [
        (
            &["--repo-url", "javascript:alert(1)"][..],
            "--repo-url must be an http or https address",
        ),
        (
            &["--base-url", "ftp://x"][..],
            "--base-url must be an http or https address",
        ),
        (&["--since", "soon"][..], "--since must be a date"),
    ] {
        let output = tree.steward().arg("site").args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&output.stderr).contains(message));
    }
    // Outside git, the site says the history is unavailable instead of failing.
    let folder = temp();
    let plain = folder.path().join("project");
    fs::create_dir_all(plain.join("policies/tools")).unwrap();
    fs::write(plain.join("steward.toml"), "").unwrap();
    fs::write(plain.join(common::TOOL_PATH), common::TOOL).unwrap();
    let output = steward_in(&plain)
        .args(["site", "--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let changes = fs::read_to_string(plain.join("site/changes.html")).unwrap();
    assert!(
        changes.contains("The history cannot be shown: the git history is not available"),
        "{changes}"
    );
}

/// The browser test: see tests/site/browser.cjs.
#[test]
fn in_a_real_browser() {
    let required = std::env::var("STEWARD_REQUIRE_TOOLS").as_deref() == Ok("1");
    let tools = std::env::var_os("STEWARD_SITE_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| in_repository().join("target/site-tools"));
    let missing = [
        (
            !Path::new("/usr/bin/chromium").exists()
                && std::env::var_os("STEWARD_CHROMIUM").is_none(),
            "chromium (apt-get install chromium)",
        ),
        (
            Process::new("node").arg("--version").output().is_err(),
            "node",
        ),
        (
            !tools.join("node_modules/puppeteer-core").is_dir()
                || !tools.join("node_modules/axe-core").is_dir(),
            "puppeteer-core and axe-core in target/site-tools (scripts/site-tools.sh)",
        ),
    ]
    .into_iter()
    .filter(|(missing, _)| *missing)
    .map(|(_, what)| what)
    .collect::<Vec<_>>();
    if !missing.is_empty() {
        assert!(
            !required,
            "STEWARD_REQUIRE_TOOLS=1 and the browser test's tools are missing: {}",
            missing.join(", ")
        );
        eprintln!(
            "skipped: the browser test of steward site needs {}",
            missing.join(", ")
        );
        return;
    }
    let dir = temp();
    let out = dir.path().join("site");
    let (code, stderr) = build_sample(&out, &["--repo-url", "https://github.com/org/policies"]);
    assert_eq!(code, 0, "{stderr}");
    let report = |kind: &str| -> Value {
        let output = steward_in(&in_repository())
            .args(["report", kind, "--format", "json", "--today", TODAY])
            .output()
            .unwrap();
        serde_json::from_slice(&output.stdout).expect("JSON")
    };
    let expected = json!({
        "budget": report("budget"),
        "tools": report("tools"),
        "department": "communications",
        "policy": "social-media.html",
        "clause": "consent",
        "pages": {
            "overview": "index.html",
            "tools": "tools/index.html",
            "tool": "tools/zoom.html",
            "policies": "policies/index.html",
            "policy": "policies/social-media.html",
            "departments": "departments/index.html",
            "department": "departments/communications.html",
            "budgets": "budgets/index.html",
            "budget": "budgets/2026.html",
            "people": "people.html",
            "calendar": "calendar.html",
            "changes": "changes.html",
            "propose": "propose.html",
        },
    });
    let expected_path = dir.path().join("expected.json");
    fs::write(&expected_path, expected.to_string()).unwrap();
    let shots = in_repository().join("target/site-shots");
    let output = Process::new("node")
        .arg(in_repository().join("tests/site/browser.cjs"))
        .arg(&tools)
        .arg(&out)
        .arg(&expected_path)
        .arg(&shots)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the browser test failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("passed: 0 of the checks failed"),
        "{stdout}"
    );
}

/// The action's `site` input: scripts/action/run.sh builds the site after the lint, with
/// links to the repository and its default branch from the event.
#[test]
fn the_action_builds_the_site_when_asked() {
    let tree = Tree::baseline();
    let binary = assert_cmd::cargo::cargo_bin("steward");
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let event = tree.join("event.json");
    fs::write(&event, r#"{"repository": {"default_branch": "trunk"}}"#).unwrap();
    let run = |site: &str| {
        Process::new("bash")
            .arg(in_repository().join("scripts/action/run.sh"))
            .current_dir(tree.path())
            .env("PATH", &path)
            .env("GITHUB_WORKSPACE", tree.path())
            .env("GITHUB_EVENT_NAME", "push")
            .env("GITHUB_EVENT_PATH", &event)
            .env("GITHUB_SERVER_URL", "https://github.com")
            .env("GITHUB_REPOSITORY", "org/policies")
            .env("RUNNER_TEMP", tree.path())
            .env("STEWARD_TODAY", TODAY)
            .env("STEWARD_SITE", site)
            .env_remove("GITHUB_OUTPUT")
            .env_remove("GITHUB_STEP_SUMMARY")
            .output()
            .unwrap()
    };
    let output = run("public");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("steward: the site is in public."));
    let tool = fs::read_to_string(tree.join("public/tools/chat.html"))
        .unwrap()
        .replace("&#x2f;", "/");
    assert!(
        tool.contains("https://github.com/org/policies/edit/trunk/policies/tools/chat.toml"),
        "{tool}"
    );
    let output = run("--force");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stdout).contains("site must be a folder"));
}

/// A clause reworded in the history: the policy page shows, under the clause, the day, the
/// commit and the words taken out and put in (marked for screen readers too).
#[test]
fn a_reworded_clause_shows_its_word_diff() {
    use common::git::{GitRepo, ORG};
    const POLICY: &str = "title = \"Social Media\"\nstatus = \"active\"\nowner = \"comms\"\napproved_by = [\"comms\"]\neffective = 2025-01-01\nlast_reviewed = 2026-01-01\nreview_every_months = 12\n\n[[clause]]\nid = \"who-posts\"\ntitle = \"Who posts\"\ntext = \"Only staff may post on the official accounts.\"\n";
    let repo = GitRepo::new();
    repo.write("policies/org.toml", ORG)
        .write("policies/technology/social-media.toml", POLICY);
    repo.commit("Adopt the social media policy");
    repo.write(
        "policies/technology/social-media.toml",
        &POLICY.replace("Only staff may post", "Only trained volunteers may post"),
    );
    repo.commit("Let trained volunteers post (#7)");
    let (code, _, stderr) = repo.steward(&["site", "--out", "site", "--today", "2026-03-01"]);
    assert_eq!(code, 0, "{stderr}");
    let page = fs::read_to_string(repo.path().join("site/policies/social-media.html")).unwrap();
    let clause = &page[page
        .find(r#"<li id="who-posts" class="clause">"#)
        .expect("the clause")..];
    let clause = &clause[..clause.find("</li>\n</ol>").expect("the end of its history")];
    assert!(clause.contains("How this clause changed (1)"), "{clause}");
    assert!(clause.contains("<strong>2 January 2026: "), "{clause}");
    assert!(
        clause.contains(r#"<del><span class="visually-hidden">[removed: </span>staff<span class="visually-hidden">]</span></del>"#),
        "{clause}"
    );
    assert!(
        clause.contains(r#"<ins><span class="visually-hidden">[added: </span>trained volunteers<span class="visually-hidden">]</span></ins>"#),
        "{clause}"
    );
    assert!(
        // The pull request's title, without GitHub's "(#7)".
        clause.contains("“Let trained volunteers post”"),
        "{clause}"
    );
}

/// Two fiscal years: the budgets page compares them in a chart with its table of numbers.
#[test]
fn several_fiscal_years_are_compared_year_over_year() {
    use common::git::{GitRepo, ORG};
    let budget = |year: u32, allocation: u32, amount: u32| {
        format!(
            "department = \"comms\"\nfiscal_year = {year}\ncurrency = \"USD\"\nallocation = {allocation}\n\n[[line]]\nid = \"design\"\ndescription = \"Design software\"\ncategory = \"software\"\namount = {amount}\nrecurring = true\n"
        )
    };
    let repo = GitRepo::new();
    repo.write("policies/org.toml", ORG)
        .write(
            "policies/budgets/2026/comms.toml",
            &budget(2026, 20000, 2400),
        )
        .write(
            "policies/budgets/2027/comms.toml",
            &budget(2027, 25000, 3600),
        );
    repo.commit("Budgets for 2026 and 2027");
    let (code, _, stderr) = repo.steward(&["site", "--out", "site", "--today", "2026-03-01"]);
    assert_eq!(code, 0, "{stderr}");
    let page = fs::read_to_string(repo.path().join("site/budgets/index.html")).unwrap();
    let page = page.replace("&#x2f;", "/");
    let years = &page[page
        .find("<h2>Year over year</h2>")
        .expect("the comparison")..];
    assert!(years.contains("<svg role=\"img\""), "{years}");
    assert!(
        years.contains("Allocation and planned, year over year"),
        "{years}"
    );
    for (year, allocation, planned) in
        [("2026", "$20,000", "$2,400"), ("2027", "$25,000", "$3,600")]
    {
        let row = &years[years
            .find(&format!("<tr data-key=\"{year}\">"))
            .unwrap_or_else(|| panic!("{year}'s row: {years}"))..];
        let row = &row[..row.find("</tr>").unwrap()];
        assert!(
            row.contains(&format!("<a href=\"../budgets/{year}.html\">{year}</a>")),
            "{row}"
        );
        assert!(row.contains(allocation) && row.contains(planned), "{row}");
    }
}
