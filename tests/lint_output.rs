//! What `steward lint` prints and returns: issue 2's "done when" in human and JSON form, the
//! JSON document's shape and order, paths relative to the project, exit codes, the sample
//! tree, colors, and the `rules` and `explain` commands. Human output is snapshotted (insta);
//! every snapshot was read and checked by hand.

mod common;

use common::{BUDGET_PATH, ORG_PATH, POLICY_PATH, TODAY, TOOL_PATH, Tree, in_repository};

/// Issue 2, "done when": a misspelled status, a string where a number belongs, a missing
/// required field and a broken table header, in four different files.
fn four_problems() -> Tree {
    Tree::baseline()
        .edit(TOOL_PATH, "status = \"approved\"", "status = \"aproved\"")
        .edit(BUDGET_PATH, "amount = 100", "amount = \"100\"")
        .edit(POLICY_PATH, "title = \"Acceptable Use\"\n", "")
        .edit(ORG_PATH, "[departments.comms]", "[departments.comms")
}

#[test]
fn done_when_four_problems_in_one_run_as_json() {
    let lint = four_problems().lint();
    lint.assert_exactly(&[
        ("schema/type", BUDGET_PATH, 10, 10),
        ("toml/syntax", ORG_PATH, 7, 19),
        ("schema/required", POLICY_PATH, 1, 1),
        ("schema/enum", TOOL_PATH, 4, 10),
    ]);
    assert_eq!(lint.code, 1);
    assert_eq!(lint.summary("errors"), 4);
    assert_eq!(lint.summary("warnings"), 0);
    assert_eq!(lint.summary("files"), 4);
    let enum_ = lint.one("schema/enum");
    assert_eq!(
        enum_.message,
        "`status` must be one of approved, trial, restricted, retired; found the text \"aproved\""
    );
    assert!(enum_.help.contains("Did you mean \"approved\"?"));
}

#[test]
fn done_when_four_problems_in_one_run_as_human_output() {
    let (text, code) = four_problems().human();
    assert_eq!(code, 1);
    // Each diagnostic names its file, line and column.
    for place in [
        "policies/budgets/2026/it.toml:10:10",
        "policies/org.toml:7:19",
        "policies/technology/acceptable-use.toml:1:1",
        "policies/tools/chat.toml:4:10",
    ] {
        assert!(text.contains(place), "{place} missing from:\n{text}");
    }
    insta::assert_snapshot!("four_problems_human", text);
}

#[test]
fn human_output_shows_a_note_in_another_file() {
    // The owner left: the note points into org.toml, where the departure is recorded. (Ben
    // heads IT in her place, so that org/head-left stays out of this snapshot.)
    let (text, code) = Tree::baseline()
        .edit(
            ORG_PATH,
            "department = \"it\"\n",
            "department = \"it\"\nleft = 2026-10-31\n",
        )
        .edit(ORG_PATH, "head = \"ana\"", "head = \"ben\"")
        .human();
    assert_eq!(code, 1);
    assert!(
        text.contains("note: policies/org.toml:14:8: marked as left here"),
        "{text}"
    );
    insta::assert_snapshot!("owner_left_human", text);
}

#[test]
fn human_output_for_files_without_a_snippet() {
    let (text, code) = Tree::baseline()
        .file("policies/tool/zoom.toml", common::TOOL)
        .file("policies/tools/Google_Drive.toml", common::TOOL)
        .human();
    assert_eq!(code, 1);
    insta::assert_snapshot!("unrecognized_and_invalid_id_human", text);
}

/// A long line is shown as a window around the mistake, marked with `…` where it was cut;
/// the header keeps the file's line and column.
#[test]
fn human_output_clips_long_lines_around_the_span() {
    let formats: Vec<String> = (1..=60).map(|i| format!("\"format-{i}\"")).collect();
    let mut formats = formats;
    formats[30] = "42".to_string();
    let line = format!("export_formats = [{}]", formats.join(", "));
    let column = line.find("42").unwrap() + 1;
    let (text, code) = Tree::baseline()
        .edit(TOOL_PATH, "export_formats = [\"JSON\"]", &line)
        .human();
    assert_eq!(code, 1);
    assert!(
        text.contains(&format!("{TOOL_PATH}:19:{column}]")),
        "{text}"
    );
    assert!(
        !text.contains("format-1\""),
        "the line's start is cut:\n{text}"
    );
    insta::assert_snapshot!("long_line_clipped_human", text);
}

#[test]
fn human_summary_lines() {
    let (clean, code) = Tree::baseline().human();
    assert_eq!(code, 0);
    assert_eq!(
        clean,
        format!(
            "Checked 4 files on {}: no problems found.\n",
            common::TODAY_IN_WORDS
        )
    );

    let (waived, code) = Tree::baseline()
        .edit(TOOL_PATH, "owner = \"ana\"\n", "")
        .append(
            TOOL_PATH,
            "\n[[waiver]]\nrule = \"tool/no-owner\"\nreason = \"Being hired\"\nexpires = 2027-01-31\n",
        )
        .human();
    assert_eq!(code, 0);
    assert_eq!(
        waived,
        format!(
            "Checked 4 files on {}: no problems found (1 finding waived).\n",
            common::TODAY_IN_WORDS
        )
    );

    let (warning, code) = Tree::baseline()
        .edit(TOOL_PATH, "backup_owner = \"ben\"\n", "")
        .human();
    assert_eq!(code, 0);
    assert!(
        warning.starts_with(&format!(
            "Checked 4 files on {}.\n\n",
            common::TODAY_IN_WORDS
        )),
        "{warning}"
    );
    assert!(
        warning.ends_with("\n1 warning should be looked at.\n"),
        "{warning}"
    );
    insta::assert_snapshot!("warning_human", warning);
}

#[test]
fn human_output_has_no_colors_outside_a_terminal() {
    let tree = four_problems();
    // NO_COLOR set (the helpers set it)...
    let (text, _) = tree.human();
    assert!(!text.contains('\u{1b}'), "{text}");
    // ...and without NO_COLOR, output to a pipe is plain too.
    let output = tree
        .steward()
        .env_remove("NO_COLOR")
        .args(["lint", "--today", TODAY])
        .output()
        .expect("run steward");
    assert!(!output.stdout.is_empty());
    assert!(!output.stdout.contains(&0x1b));
}

// JSON document -------------------------------------------------------------------------

#[test]
fn json_document_shape() {
    let lint = four_problems().lint();
    let keys = |value: &serde_json::Value| -> Vec<String> {
        value
            .as_object()
            .expect("an object")
            .keys()
            .cloned()
            .collect()
    };
    assert_eq!(keys(&lint.doc), ["version", "summary", "diagnostics"]);
    assert_eq!(lint.doc["version"], 1);
    // The contract's counts come first; more may follow (waived, ...).
    let summary = keys(&lint.doc["summary"]);
    assert_eq!(summary[..3], ["errors", "warnings", "files"], "{summary:?}");
    assert!(summary.contains(&"waived".to_string()), "{summary:?}");
    for key in &summary {
        assert!(
            lint.doc["summary"][key].is_u64(),
            "summary.{key} is a count"
        );
    }
    let diagnostics = lint.doc["diagnostics"].as_array().expect("an array");
    assert_eq!(diagnostics.len(), 4);
    for d in diagnostics {
        assert_eq!(
            keys(d),
            [
                "rule",
                "severity",
                "file",
                "line",
                "column",
                "end_line",
                "end_column",
                "message",
                "help"
            ]
        );
    }
    // The JSON holds exactly what the human output shows.
    let first = &lint.diagnostics()[0];
    assert_eq!(
        (first.line, first.column, first.end_line, first.end_column),
        (10, 10, 10, 15)
    );
}

#[test]
fn json_of_a_clean_tree() {
    let lint = Tree::baseline().lint();
    assert_eq!(lint.doc["version"], 1);
    assert_eq!(lint.summary("errors"), 0);
    assert_eq!(lint.summary("warnings"), 0);
    assert_eq!(lint.summary("files"), 4);
    assert_eq!(lint.summary("waived"), 0);
    assert_eq!(lint.doc["diagnostics"], serde_json::json!([]));
}

#[test]
fn json_counts_warnings_and_waived_findings() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "backup_owner = \"ben\"\n", "")
        .edit(TOOL_PATH, "owner = \"ana\"\n", "")
        .append(
            TOOL_PATH,
            "\n[[waiver]]\nrule = \"tool/no-owner\"\nreason = \"Being hired\"\nexpires = 2027-01-31\n",
        )
        .lint();
    assert_eq!(lint.summary("errors"), 0);
    assert_eq!(lint.summary("warnings"), 1);
    assert_eq!(lint.summary("waived"), 1);
    assert_eq!(lint.code, 0);
}

#[test]
fn json_is_sorted_by_file_line_column_and_rule() {
    // A tool with four file-level findings at 1:1, a second file, and findings further down.
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "owner = \"ana\"\n", "")
        .edit(TOOL_PATH, "backup_owner = \"ben\"\n", "")
        .edit(TOOL_PATH, "approved_on = 2025-01-10\n", "")
        .edit(TOOL_PATH, "last_reviewed = 2026-06-01\n", "")
        .edit(TOOL_PATH, "amount = 100", "amount = \"100\"")
        .edit(BUDGET_PATH, "allocation = 1000", "allocation = 50")
        .edit(
            BUDGET_PATH,
            "category = \"software\"",
            "category = \"softwear\"",
        )
        .lint();
    lint.assert_exactly(&[
        ("budget/over-allocation", BUDGET_PATH, 4, 14),
        ("schema/enum", BUDGET_PATH, 9, 12),
        ("tool/no-backup-owner", TOOL_PATH, 1, 1),
        ("tool/no-owner", TOOL_PATH, 1, 1),
        ("tool/review-overdue", TOOL_PATH, 1, 1),
        ("schema/type", TOOL_PATH, 8, 10),
    ]);
    let places = lint.places();
    let mut sorted = places.clone();
    sorted.sort_by(|a, b| (&a.1, a.2, a.3, &a.0).cmp(&(&b.1, b.2, b.3, &b.0)));
    assert_eq!(places, sorted);
}

#[test]
fn json_order_at_one_position_is_by_rule_whatever_the_span_length() {
    // tool/no-owner (an empty span at 1:1) and schema/additional-property (the key `ownr` at
    // 1:1-1:5) start at the same place: the documented order is by rule code next.
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "owner = \"ana\"\n", "")
        .edit(
            TOOL_PATH,
            "name = \"Chat\"",
            "ownr = \"ana\"\nname = \"Chat\"",
        )
        .lint();
    lint.assert_exactly(&[
        ("schema/additional-property", TOOL_PATH, 1, 1),
        ("tool/no-owner", TOOL_PATH, 1, 1),
    ]);
}

// Paths ---------------------------------------------------------------------------------

#[test]
fn paths_are_relative_to_the_project_wherever_steward_runs() {
    let tree = Tree::baseline().edit(TOOL_PATH, "status = \"approved\"", "status = \"aproved\"");
    let expected = [("schema/enum", TOOL_PATH, 4, 10)];
    // Default root, --root, and steward.toml's root give the same paths.
    tree.lint().assert_exactly(&expected);
    tree.lint_with(&["--root", "policies"])
        .assert_exactly(&expected);
    tree.lint_with(&["--root", "./policies/../policies"])
        .assert_exactly(&expected);
    // From a folder inside the project, --root is relative to that folder, and paths are
    // still shown from the project's top.
    common::run_json(
        &tree.join("policies/tools"),
        &["--today", TODAY, "--root", ".."],
    )
    .assert_exactly(&expected);
}

#[test]
fn a_root_set_in_steward_toml() {
    let tree = Tree::new()
        .file("steward.toml", "root = \"governance\"\n")
        .file("governance/org.toml", common::ORG)
        .file("governance/tools/chat.toml", common::TOOL)
        .file("governance/technology/acceptable-use.toml", common::POLICY)
        .file("governance/budgets/2026/it.toml", common::BUDGET)
        .edit(
            "governance/tools/chat.toml",
            "status = \"approved\"",
            "status = \"aproved\"",
        );
    tree.lint()
        .assert_exactly(&[("schema/enum", "governance/tools/chat.toml", 4, 10)]);
}

// Exit codes ----------------------------------------------------------------------------

#[test]
fn exit_code_0_when_clean_or_only_warnings() {
    assert_eq!(Tree::baseline().lint().code, 0);
    let warnings_only = Tree::baseline()
        .edit(TOOL_PATH, "backup_owner = \"ben\"\n", "")
        .lint();
    assert_eq!(warnings_only.summary("warnings"), 1);
    assert_eq!(warnings_only.code, 0);
}

#[test]
fn exit_code_1_when_there_are_errors() {
    assert_eq!(four_problems().lint().code, 1);
    assert_eq!(four_problems().human().1, 1);
}

/// Runs `steward lint ARGS` in `tree` and asserts exit code 2, nothing on stdout, and an
/// error on stderr containing `expected`.
#[track_caller]
fn assert_cannot_run(tree: &Tree, args: &[&str], expected: &str) {
    let output = tree.steward().arg("lint").args(args).output().expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(output.stdout.is_empty(), "stdout should be empty");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains(expected), "{expected:?} not in {stderr}");
}

#[test]
fn exit_code_2_for_a_missing_root() {
    let tree = Tree::baseline();
    assert_cannot_run(
        &tree,
        &["--root", "nope", "--format", "json"],
        "nope does not exist",
    );
    // No policies/ folder and no setting: the default root is missing too.
    assert_cannot_run(&Tree::new(), &[], "policies does not exist");
}

#[test]
fn exit_code_2_for_a_bad_today() {
    for bad in ["2026-13-01", "tomorrow", "2026/11/25"] {
        assert_cannot_run(
            &Tree::baseline(),
            &["--today", bad],
            &format!("--today must be a date like 2026-03-31; got \"{bad}\""),
        );
    }
}

#[test]
fn exit_code_2_for_an_invalid_steward_toml() {
    assert_cannot_run(
        &Tree::baseline().file("steward.toml", "root = \"policies\"\nrooot = \"x\"\n"),
        &["--today", TODAY],
        "line 2: unknown field `rooot`",
    );
    assert_cannot_run(
        &Tree::baseline().file("steward.toml", "[rules]\n\"tool/no-owner\" = \"maybe\"\n"),
        &["--today", TODAY],
        "unknown variant `maybe`",
    );
    assert_cannot_run(
        &Tree::baseline().file("steward.toml", "tool_review_months = 0\n"),
        &["--today", TODAY],
        "tool_review_months = 0: a review interval is from 1 to 120 months",
    );
    assert_cannot_run(
        &Tree::baseline().file("steward.toml", "root = \n"),
        &["--today", TODAY],
        "is not a valid steward configuration",
    );
}

#[test]
fn output_to_a_file() {
    let tree = four_problems();
    let output = tree
        .steward()
        .args([
            "lint",
            "--today",
            TODAY,
            "--format",
            "json",
            "--output",
            "report.json",
        ])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let text = std::fs::read_to_string(tree.join("report.json")).expect("the report");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(doc["summary"]["errors"], 4);
}

// The sample tree -----------------------------------------------------------------------

#[test]
fn the_sample_tree_lints_clean() {
    let lint = common::run_json(&in_repository(), &["--today", TODAY]);
    lint.assert_clean();
    assert!(lint.summary("files") >= 25, "{:#}", lint.doc["summary"]);

    let (text, code) = common::run_human(&in_repository(), &["--today", TODAY]);
    assert_eq!(code, 0);
    assert!(
        text.starts_with("Checked ") && text.ends_with(": no problems found.\n"),
        "{text}"
    );
}

// steward rules / explain ---------------------------------------------------------------

#[test]
fn rules_lists_every_code_with_its_severity() {
    let output = Tree::new().steward().arg("rules").output().expect("run");
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    let listed: Vec<(String, String)> = text
        .lines()
        .map(|line| {
            let mut words = line.split_whitespace();
            (
                words.next().expect("a code").to_string(),
                words.next().expect("a severity").to_string(),
            )
        })
        .collect();
    let catalogue: Vec<(String, String)> = steward::rules::all()
        .iter()
        .map(|r| (r.code.to_string(), r.severity.as_str().to_string()))
        .collect();
    assert_eq!(listed, catalogue);
    for code in [
        "toml/syntax",
        "schema/required",
        "tool/no-owner",
        "policy/review-overdue",
        "budget/over-allocation",
        "ref/unknown-budget-line",
        "waiver/expired",
        "config/unknown-rule",
        "id/duplicate",
    ] {
        assert!(listed.iter().any(|(c, _)| c == code), "{code} not listed");
    }
}

#[test]
fn explain_prints_the_explanation() {
    let output = Tree::new()
        .steward()
        .args(["explain", "tool/no-owner"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        text.starts_with("tool/no-owner (error by default)\n"),
        "{text}"
    );
    insta::assert_snapshot!("explain_tool_no_owner", text);
}

#[test]
fn explain_works_for_every_code() {
    for rule in steward::rules::all() {
        let output = Tree::new()
            .steward()
            .args(["explain", rule.code])
            .output()
            .expect("run");
        assert_eq!(output.status.code(), Some(0), "{}", rule.code);
        let text = String::from_utf8(output.stdout).expect("UTF-8");
        assert!(text.starts_with(rule.code), "{text}");
        assert!(text.contains(rule.summary), "{text}");
    }
}

#[test]
fn explain_an_unknown_code_suggests_the_closest() {
    let output = Tree::new()
        .steward()
        .args(["explain", "tool/no-ownr"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert!(
        stderr.starts_with(
            "error: there is no rule \"tool/no-ownr\". Did you mean \"tool/no-owner\"?\n  help: run `steward rules` to list every rule\n"
        ),
        "{stderr}"
    );
}
