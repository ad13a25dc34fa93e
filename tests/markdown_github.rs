//! Every markdown output of steward, on a hostile pull request, rendered as GitHub renders it
//! (cmark-gfm, see `common::github_markdown`): no raw HTML from user text, no link, no
//! mention, no broken table, and the hostile text still shown, literally, to the reader.
//!
//! Without python3 and cmarkgfm these tests print why and pass, unless
//! `STEWARD_REQUIRE_TOOLS=1` (CI), where they fail.

mod common;

use common::TODAY;
use common::git::GitRepo;
use common::github_markdown::{
    Missing, Own, assert_safe_on_github, on_missing, problems, render, render_with,
};
use common::hostile::{self, assert_no_hidden_characters};

/// `steward ARGS` on the hostile repository's pull request: its stdout, after checking that
/// it ran (exit 0 or 1) and wrote no hidden character.
fn markdown(repo: &GitRepo, args: &[&str]) -> String {
    let (code, stdout, stderr) = repo.steward(args);
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    assert_no_hidden_characters(&format!("steward {args:?}"), &stdout);
    stdout
}

/// The hostile texts as GitHub shows them: literally, with a zero-width space after each `@`
/// (which stops mentions and e-mail links).
fn as_shown(text: &str) -> String {
    text.replace('@', "@\u{200B}")
}

#[test]
fn lint_markdown_is_safe_on_github_and_shows_the_hostile_text() {
    let repo = hostile::repository();
    let page = markdown(&repo, &["lint", "--today", TODAY, "--format", "markdown"]);
    // The file name's `|` is escaped inside its code span, in the table.
    assert!(
        page.contains(&format!(
            "| `{}:1` |",
            hostile::FILE_PATH.replace('|', "\\|")
        )),
        "{page}"
    );
    let Some(shown) = assert_safe_on_github(&page, Own::default()) else {
        return;
    };
    assert!(shown.rows.len() > 10, "{}", shown.html);
    assert!(
        shown.rows.iter().all(|row| row.len() == 4),
        "{:?}",
        shown.rows
    );
    let file_cell = format!("{}:1", hostile::FILE_PATH);
    assert!(
        shown.rows.iter().any(|row| row[2] == file_cell),
        "no cell shows {file_cell:?}: {:?}",
        shown.rows
    );
    let text = shown.text();
    for hostile in [
        as_shown(hostile::MARKDOWN),
        hostile::TERMINAL_SHOWN.to_string(),
        hostile::BIDI_SHOWN.to_string(),
        format!("there is no rule \"{}\"", as_shown(hostile::RULE_KEY_SHOWN)),
    ] {
        assert!(
            text.contains(&hostile),
            "{hostile:?} is not shown in:\n{text}"
        );
    }
}

#[test]
fn diff_markdown_is_safe_on_github_and_shows_the_hostile_text() {
    let repo = hostile::repository();
    let page = markdown(&repo, &["diff", "HEAD~1", "HEAD", "--format", "markdown"]);
    let Some(shown) = assert_safe_on_github(&page, Own::default()) else {
        return;
    };
    // In the technical details: the findings table (its header and 16 findings), then the
    // table of every change (its header and one row per entity, 7); then the budget table:
    // its header, the department and the total.
    let widths: Vec<usize> = shown.rows.iter().map(Vec::len).collect();
    assert_eq!(
        widths,
        [[4; 17].as_slice(), &[4; 8], &[5; 3]].concat(),
        "{:?}",
        shown.rows
    );
    let item = format!("{} ({})", as_shown(hostile::MARKDOWN), hostile::FILE_NAME);
    assert!(
        shown.rows.iter().any(|row| row[2] == item),
        "no cell shows {item:?}: {:?}",
        shown.rows
    );
    let department = as_shown(&hostile::DEPARTMENT.replace('\u{1b}', "\\u{1b}"));
    assert!(
        shown.rows.iter().any(|row| row[0] == department),
        "no cell shows {department:?}: {:?}",
        shown.rows
    );
    let text = shown.text();
    for hostile in [
        // The reworded clause, the changed vendor, the folded summary of the file.
        format!("@\u{200B}everyone {} and", hostile::TERMINAL_SHOWN),
        format!(
            "vendor: Chat Inc → {} {}",
            hostile::TERMINAL_SHOWN,
            as_shown(hostile::MARKDOWN)
        ),
        format!("tool {}: added", hostile::FILE_NAME),
        format!(
            "line[chat].description: Chat licences → {}",
            hostile::FORMULA
        ),
    ] {
        assert!(
            text.contains(&hostile),
            "{hostile:?} is not shown in:\n{text}"
        );
    }
}

#[test]
fn review_markdown_is_safe_on_github() {
    let repo = hostile::repository();
    let page = markdown(&repo, &["review", "--today", TODAY, "--format", "markdown"]);
    let Some(shown) = assert_safe_on_github(&page, Own::default()) else {
        return;
    };
    let text = shown.text();
    for hostile in [
        format!("Tool: {} —", as_shown(hostile::MARKDOWN)),
        format!("Tool: {} —", hostile::TERMINAL_SHOWN),
        format!(
            "head of {}",
            as_shown(&hostile::DEPARTMENT.replace('\u{1b}', "\\u{1b}"))
        ),
    ] {
        assert!(
            text.contains(&hostile),
            "{hostile:?} is not shown in:\n{text}"
        );
    }
}

#[test]
fn changelog_markdown_is_safe_on_github_with_and_without_links() {
    let repo = hostile::repository();
    let page = markdown(&repo, &["changelog"]);
    if let Some(shown) = assert_safe_on_github(&page, Own::default()) {
        let title = as_shown(&hostile::COMMIT_TITLE.replace('\u{1b}', "\\u{1b}"));
        assert!(shown.text().contains(&title), "{title:?} in {}", shown.html);
    }
    // With --repo-url, steward's own links to commits are the only links.
    let url = "https://github.com/org/policies";
    let page = markdown(&repo, &["changelog", "--repo-url", url]);
    if let Some(shown) = assert_safe_on_github(
        &page,
        Own {
            links_to: Some("https://github.com/org/policies/commit/"),
        },
    ) {
        assert_eq!(shown.links.len(), 2, "{:?}", shown.links);
    }
}

#[test]
fn report_markdown_is_safe_on_github() {
    let repo = hostile::repository();
    for args in [
        &["report", "tools", "--format", "markdown"][..],
        &["report", "budget", "--format", "markdown"],
    ] {
        let page = markdown(&repo, args);
        let Some(shown) = assert_safe_on_github(&page, Own::default()) else {
            return;
        };
        let widths: Vec<usize> = shown.rows.iter().map(Vec::len).collect();
        assert!(widths.iter().all(|&w| w >= 5), "{:?}", shown.rows);
        if args[1] == "tools" {
            let row = shown
                .rows
                .iter()
                .find(|row| row[0] == hostile::FILE_NAME)
                .unwrap_or_else(|| panic!("no row for the hostile file: {:?}", shown.rows));
            assert_eq!(row[1], as_shown(hostile::MARKDOWN));
        } else {
            assert!(
                shown.rows.iter().any(|row| row[1] == hostile::FORMULA),
                "{:?}",
                shown.rows
            );
        }
    }
}

#[test]
fn people_report_markdown_is_safe_on_github() {
    let repo = hostile::repository();
    let page = markdown(
        &repo,
        &["report", "people", "--today", TODAY, "--format", "markdown"],
    );
    let Some(shown) = assert_safe_on_github(&page, Own::default()) else {
        return;
    };
    let text = shown.text();
    for hostile in [
        as_shown("Heads: IT | <img src=x> @team \\u{1b}[2J (it)"),
        format!("{} @\u{200B}everyone (ben)", hostile::BIDI_SHOWN),
    ] {
        assert!(
            text.contains(&hostile),
            "{hostile:?} is not shown in:\n{text}"
        );
    }
}

/// The check is not vacuous: markdown that GitHub would turn into HTML, links, mentions or a
/// broken table is caught, and its safe counterpart is not.
#[test]
fn the_github_check_catches_each_kind_of_injection() {
    let cases = [
        ("a <img src=x onerror=alert(1)> b\n", "a <img> element"),
        ("mail sales@example.org\n", "a <a> element"),
        ("see www.evil.example\n", "a <a> element"),
        ("see https://evil.example\n", "a <a> element"),
        ("ask @team\n", "a mention \"@team\""),
        ("ask \\@team\n", "a mention \"@team\""),
        ("ask &#64;team\n", "a mention \"@team\""),
        (
            "| a | b |\n|---|---|\n| `x|y` | z |\n",
            "a table row split into more cells",
        ),
        (
            "<details>\n<summary>x</summary>\n\n</details>\n\n</details><details><summary>y</summary>\n",
            "<details> elements, steward wrote 1",
        ),
    ];
    for (page, problem) in cases {
        let Some(shown) = render(page) else {
            return;
        };
        let found = problems(page, &shown, Own::default());
        assert!(
            found.iter().any(|p| p.contains(problem)),
            "{problem:?} not found in {page:?}: {found:?}\n{}",
            shown.html
        );
    }
    let safe = [
        "mail sales@&#8203;example.org, ask @&#8203;team, see www\\.evil.example and https\\://evil.example &lt;img&gt;\n",
        "| a | b |\n|---|---|\n| `x\\|y` | z \\| w |\n",
        "<details>\n<summary>x</summary>\n\n- `@team` in code is no mention\n\n</details>\n",
    ];
    for page in safe {
        let Some(shown) = render(page) else {
            return;
        };
        assert_eq!(
            problems(page, &shown, Own::default()),
            Vec::<String>::new(),
            "{page:?}"
        );
    }
}

#[test]
fn a_missing_renderer_is_reported() {
    let missing = render_with("/nonexistent/python3", "x").expect_err("no python there");
    assert!(missing.0.contains("cannot be run"), "{missing:?}");
    // Not required: a message, no failure.
    on_missing(&missing, false);
}

#[test]
#[should_panic(expected = "STEWARD_REQUIRE_TOOLS=1 and GitHub's markdown renderer is missing")]
fn a_missing_renderer_fails_when_the_tools_are_required() {
    on_missing(&Missing("python3 cannot be run".to_string()), true);
}
