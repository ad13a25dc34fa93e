//! Stewardship and data protection (issue 18): administrators, data-processing agreements,
//! sign-in, accessibility reports and department heads, each rule at its boundary on the real
//! binary; waivers and severities; the schema of the new fields; and clause ids numbered as
//! organizations number them (lint and diff, clause by clause).
//!
//! Every tree starts from the clean baseline in tests/common/mod.rs. Fields added with
//! [`with_fields`] start at line 10 of the tool file; a table appended to the baseline tool
//! starts at line 23 (after the blank line 22), one line later for each field added.

mod common;

use common::git::GitRepo;
use common::{ORG_PATH, POLICY_PATH, TOOL_PATH, Tree};

/// The baseline with `lines` added to the tool after `last_reviewed` (so from line 10).
fn with_fields(lines: &str) -> Tree {
    Tree::baseline().edit(
        TOOL_PATH,
        "last_reviewed = 2026-06-01\n",
        &format!("last_reviewed = 2026-06-01\n{lines}"),
    )
}

/// The baseline plus a third person, Cy Park (org.toml lines 19-22), who leaves on `left`.
fn with_cy_leaving(tree: Tree, left: &str) -> Tree {
    tree.append(
        ORG_PATH,
        &format!("\n[people.cy]\nname = \"Cy Park\"\ndepartment = \"it\"\nleft = {left}\n"),
    )
}

/// Ana (owner of the tool, head of IT) leaves on `left`: org.toml line 14.
fn ana_leaves(tree: Tree, left: &str) -> Tree {
    tree.edit(
        ORG_PATH,
        "department = \"it\"\n",
        &format!("department = \"it\"\nleft = {left}\n"),
    )
}

fn waiver(rule: &str) -> String {
    format!(
        "\n[[waiver]]\nrule = \"{rule}\"\nreason = \"Agreed by the committee on 2026-11-01\"\nexpires = 2027-01-31\n"
    )
}

// tool/admin-left ---------------------------------------------------------------------

#[test]
fn tool_admin_left_on_the_day_they_leave() {
    let tree = with_cy_leaving(with_fields("admins = [\"ana\", \"cy\"]\n"), "2026-11-25");
    let lint = tree.lint();
    // Cy left today: the one who is still here is Ana, alone.
    lint.assert_exactly(&[
        ("tool/single-admin", TOOL_PATH, 10, 10),
        ("tool/admin-left", TOOL_PATH, 10, 18),
    ]);
    let d = lint.one("tool/admin-left");
    assert_eq!(d.severity, "error");
    assert_eq!(
        d.message,
        "Cy Park (cy) left the organization on 25 November 2026 but is still listed as an administrator of Chat"
    );
    assert_eq!(
        d.help,
        "Remove their administrator access in Chat (and check that they handed over what they looked after), then take them off the list. In policies/tools/chat.toml: admins = [\"<person id>\", ...]"
    );
    assert_eq!(lint.code, 1);
}

#[test]
fn tool_admin_left_not_the_day_before() {
    with_cy_leaving(with_fields("admins = [\"ana\", \"cy\"]\n"), "2026-11-26")
        .lint()
        .assert_clean();
}

#[test]
fn tool_admin_left_not_for_a_retired_tool() {
    with_cy_leaving(with_fields("admins = [\"cy\"]\n"), "2026-01-31")
        .edit(TOOL_PATH, "status = \"approved\"", "status = \"retired\"")
        // A retired tool's line is not recurring any more.
        .edit(common::BUDGET_PATH, "recurring = true", "recurring = false")
        .lint()
        .assert_clean();
}

#[test]
fn an_unknown_admin_is_a_reference_to_fix() {
    let lint = with_fields("admins = [\"ana\", \"benn\"]\n").lint();
    lint.assert_exactly(&[("ref/unknown-person", TOOL_PATH, 10, 18)]);
    assert!(
        lint.one("ref/unknown-person").help.contains("\"ben\""),
        "{:?}",
        lint.one("ref/unknown-person")
    );
}

// tool/single-admin -------------------------------------------------------------------

#[test]
fn tool_single_admin() {
    let lint = with_fields("admins = [\"ana\"]\n").lint();
    lint.assert_exactly(&[("tool/single-admin", TOOL_PATH, 10, 10)]);
    let d = lint.one("tool/single-admin");
    assert_eq!(d.severity, "warning");
    assert_eq!(d.message, "Chat has only one administrator: Ana Lima (ana)");
    assert_eq!(
        d.help,
        "Give a second person administrator access to Chat, so that someone can still manage it and export the data when Ana Lima is away or leaves. In policies/tools/chat.toml: admins = [\"ana\", \"<person id>\"]"
    );
    assert_eq!(lint.code, 0);
    // The same person twice is still one person.
    with_fields("admins = [\"ana\", \"ana\"]\n")
        .lint()
        .assert_exactly(&[("tool/single-admin", TOOL_PATH, 10, 10)]);
}

#[test]
fn tool_single_admin_not_for_two_a_trial_or_none_listed() {
    with_fields("admins = [\"ana\", \"ben\"]\n")
        .lint()
        .assert_clean();
    with_fields("admins = [\"ana\"]\n")
        .edit(TOOL_PATH, "status = \"approved\"", "status = \"trial\"")
        .lint()
        .assert_clean();
    with_fields("admins = []\n").lint().assert_clean();
}

// A person who leaves -----------------------------------------------------------------

#[test]
fn a_person_who_leaves_is_reported_as_owner_admin_and_head_in_one_run() {
    let tree = ana_leaves(with_fields("admins = [\"ana\", \"ben\"]\n"), "2026-11-25");
    let lint = tree.lint();
    lint.assert_exactly(&[
        ("org/head-left", ORG_PATH, 5, 8),
        ("tool/owner-left", TOOL_PATH, 6, 9),
        ("tool/single-admin", TOOL_PATH, 10, 10),
        ("tool/admin-left", TOOL_PATH, 10, 11),
    ]);
    assert_eq!(lint.summary("errors"), 3);
    assert_eq!(
        lint.one("tool/single-admin").message,
        "Chat has only one administrator still here: Ben Okoro (ben)"
    );
    // The day before, nothing.
    ana_leaves(with_fields("admins = [\"ana\", \"ben\"]\n"), "2026-11-25")
        .lint_on("2026-11-24")
        .assert_clean();
}

// org/head-left -----------------------------------------------------------------------

#[test]
fn org_head_left() {
    // Ben heads Communications and backs up Chat.
    let tree = Tree::baseline().edit(
        ORG_PATH,
        "department = \"comms\"\n",
        "department = \"comms\"\nleft = 2026-11-25\n",
    );
    let lint = tree.lint();
    lint.assert_exactly(&[
        ("org/head-left", ORG_PATH, 9, 8),
        ("tool/owner-left", TOOL_PATH, 7, 16),
    ]);
    let d = lint.one("org/head-left");
    assert_eq!(d.severity, "error");
    assert_eq!(
        d.message,
        "the head of Communications (comms), Ben Okoro (ben), left the organization on 25 November 2026"
    );
    assert_eq!(
        d.help,
        "Name the person who leads Communications now. In policies/org.toml, under [departments.comms]: head = \"<person id>\""
    );
    tree.lint_on("2026-11-24").assert_clean();
}

#[test]
fn org_head_left_can_be_waived_in_org_toml() {
    let lint = Tree::baseline()
        .edit(
            ORG_PATH,
            "department = \"comms\"\n",
            "department = \"comms\"\nleft = 2026-11-25\n",
        )
        .edit(
            TOOL_PATH,
            "backup_owner = \"ben\"",
            "backup_owner = \"ana\"",
        )
        .append(ORG_PATH, &waiver("org/head-left"))
        .lint();
    // The backup owner is now the owner: that warning stays; the head is excused.
    lint.assert_exactly(&[("tool/no-backup-owner", TOOL_PATH, 7, 16)]);
    assert_eq!(lint.summary("waived"), 1);
}

// tool/no-dpa -------------------------------------------------------------------------

#[test]
fn tool_no_dpa_for_confidential_data() {
    let lint = with_fields("data_classification = \"confidential\"\nmfa = \"enforced\"\n").lint();
    lint.assert_exactly(&[("tool/no-dpa", TOOL_PATH, 10, 23)]);
    let d = lint.one("tool/no-dpa");
    assert_eq!(d.severity, "warning");
    assert_eq!(
        d.message,
        "Chat holds confidential data but no data-processing agreement with the vendor is recorded"
    );
    assert_eq!(
        d.help,
        "Sign a data-processing agreement (DPA) with the vendor of Chat (most vendors offer one in their account or legal pages), then record the day it was signed. In policies/tools/chat.toml, under [privacy]: dpa_signed = <the date>"
    );
    assert_eq!(lint.code, 0);
}

#[test]
fn tool_no_dpa_is_an_error_for_restricted_data() {
    let lint = with_fields("data_classification = \"restricted\"\nmfa = \"enforced\"\n").lint();
    lint.assert_exactly(&[("tool/no-dpa", TOOL_PATH, 10, 23)]);
    assert_eq!(lint.one("tool/no-dpa").severity, "error");
    assert_eq!(lint.code, 1);
}

#[test]
fn tool_no_dpa_for_personal_data() {
    let lint = Tree::baseline()
        .append(TOOL_PATH, "\n[privacy]\npersonal_data = true\n")
        .lint();
    lint.assert_exactly(&[("tool/no-dpa", TOOL_PATH, 24, 17)]);
    assert_eq!(
        lint.one("tool/no-dpa").message,
        "Chat holds personal data but no data-processing agreement with the vendor is recorded"
    );
}

#[test]
fn tool_no_dpa_not_once_signed_today_nor_for_internal_data() {
    Tree::baseline()
        .append(
            TOOL_PATH,
            "\n[privacy]\npersonal_data = true\ndpa_signed = 2026-11-25\n",
        )
        .lint()
        .assert_clean();
    with_fields("data_classification = \"internal\"\n")
        .append(TOOL_PATH, "\n[privacy]\npersonal_data = false\n")
        .lint()
        .assert_clean();
}

#[test]
fn a_dpa_signed_tomorrow_is_a_date_in_the_future() {
    let lint = Tree::baseline()
        .append(
            TOOL_PATH,
            "\n[privacy]\npersonal_data = true\ndpa_signed = 2026-11-26\n",
        )
        .lint();
    lint.assert_exactly(&[("date/in-future", TOOL_PATH, 25, 14)]);
    assert_eq!(
        lint.one("date/in-future").message,
        "privacy.dpa_signed is 2026-11-26, after today (2026-11-25): it records the signing of a data-processing agreement, which cannot have happened yet"
    );
}

#[test]
fn a_dpa_date_of_the_wrong_type_is_the_schemas_to_report() {
    let lint = Tree::baseline()
        .append(
            TOOL_PATH,
            "\n[privacy]\npersonal_data = true\ndpa_signed = \"soon\"\n",
        )
        .lint();
    lint.assert_exactly(&[("schema/format", TOOL_PATH, 25, 14)]);
}

#[test]
fn tool_no_dpa_waived_and_raised() {
    let restricted = "data_classification = \"restricted\"\nmfa = \"enforced\"\n";
    let lint = with_fields(restricted)
        .append(TOOL_PATH, &waiver("tool/no-dpa"))
        .lint();
    lint.assert_clean();
    assert_eq!(lint.summary("waived"), 1);
    // steward.toml's severity applies to every finding of the rule, restricted or not.
    let lint = with_fields(restricted)
        .file("steward.toml", "[rules]\n\"tool/no-dpa\" = \"warning\"\n")
        .lint();
    assert_eq!(lint.one("tool/no-dpa").severity, "warning");
    assert_eq!(lint.code, 0);
    with_fields(restricted)
        .file("steward.toml", "[rules]\n\"tool/no-dpa\" = \"off\"\n")
        .lint()
        .assert_clean();
}

// tool/weak-sign-in -------------------------------------------------------------------

/// Confidential data under a signed agreement, so that only the sign-in is in question.
fn confidential(lines: &str) -> Tree {
    with_fields(&format!("data_classification = \"confidential\"\n{lines}"))
        .append(TOOL_PATH, "\n[privacy]\ndpa_signed = 2026-03-01\n")
}

#[test]
fn tool_weak_sign_in_with_optional_mfa() {
    let lint = confidential("mfa = \"optional\"\n").lint();
    lint.assert_exactly(&[("tool/weak-sign-in", TOOL_PATH, 11, 7)]);
    let d = lint.one("tool/weak-sign-in");
    assert_eq!(d.severity, "warning");
    assert_eq!(
        d.message,
        "Chat holds confidential data, but two-step sign-in is only optional and people do not sign in through the organization"
    );
    assert_eq!(
        d.help,
        "Turn on two-step sign-in (multi-factor authentication) for everyone in the admin settings of Chat, or connect it to the organization's single sign-on. In policies/tools/chat.toml: mfa = \"enforced\" (or sso = true)"
    );
}

#[test]
fn tool_weak_sign_in_when_nothing_is_recorded() {
    let lint = confidential("").lint();
    lint.assert_exactly(&[("tool/weak-sign-in", TOOL_PATH, 10, 23)]);
    assert_eq!(
        lint.one("tool/weak-sign-in").message,
        "Chat holds confidential data, but no two-step sign-in is recorded and people do not sign in through the organization"
    );
    let lint = confidential("mfa = \"none\"\nsso = false\n").lint();
    lint.assert_exactly(&[("tool/weak-sign-in", TOOL_PATH, 11, 7)]);
}

#[test]
fn tool_weak_sign_in_not_with_enforced_mfa_or_sso_or_internal_data() {
    confidential("mfa = \"enforced\"\n").lint().assert_clean();
    confidential("mfa = \"none\"\nsso = true\n")
        .lint()
        .assert_clean();
    with_fields("data_classification = \"internal\"\nmfa = \"none\"\n")
        .lint()
        .assert_clean();
}

#[test]
fn an_mfa_setting_steward_does_not_know_is_the_schemas_to_report() {
    let lint = confidential("mfa = \"sometimes\"\n").lint();
    lint.assert_exactly(&[("schema/enum", TOOL_PATH, 11, 7)]);
}

// tool/no-accessibility-report --------------------------------------------------------

fn public_tool(accessibility: &str) -> Tree {
    with_fields("public_facing = true\n").append(TOOL_PATH, accessibility)
}

#[test]
fn tool_no_accessibility_report_without_the_table() {
    let lint = public_tool("").lint();
    lint.assert_exactly(&[("tool/no-accessibility-report", TOOL_PATH, 10, 17)]);
    let d = lint.one("tool/no-accessibility-report");
    assert_eq!(d.severity, "warning");
    assert_eq!(
        d.message,
        "the public uses Chat, but it has no accessibility conformance report"
    );
    assert_eq!(
        d.help,
        "Ask the vendor of Chat for its accessibility conformance report (a VPAT or ACR), check that it covers the version we use, and record what it states and the day you checked. In policies/tools/chat.toml, under [accessibility]: conformance = \"WCAG 2.1 AA\", report_url = \"...\", checked_on = 2026-11-25"
    );
}

#[test]
fn tool_no_accessibility_report_without_conformance() {
    let lint = public_tool("\n[accessibility]\nchecked_on = 2026-10-01\n").lint();
    // The [accessibility] header, line 24 (public_facing is line 10).
    lint.assert_exactly(&[("tool/no-accessibility-report", TOOL_PATH, 24, 1)]);
}

#[test]
fn tool_no_accessibility_report_checked_more_than_twelve_months_ago() {
    let report = |checked: &str| {
        public_tool(&format!(
            "\n[accessibility]\nconformance = \"WCAG 2.1 AA\"\nreport_url = \"https://chat.example/vpat.pdf\"\nchecked_on = {checked}\n"
        ))
    };
    // Due again on 2026-11-25, today: still in time.
    report("2025-11-25").lint().assert_clean();
    let lint = report("2025-11-24").lint();
    lint.assert_exactly(&[("tool/no-accessibility-report", TOOL_PATH, 27, 14)]);
    assert_eq!(
        lint.one("tool/no-accessibility-report").message,
        "the accessibility report of Chat was last checked on 24 November 2025; it was due to be checked again by 24 November 2026"
    );
    // A longer interval in steward.toml.
    report("2025-11-24")
        .file("steward.toml", "accessibility_review_months = 24\n")
        .lint()
        .assert_clean();
    // Never checked: due now.
    let lint = public_tool("\n[accessibility]\nconformance = \"WCAG 2.1 AA\"\n").lint();
    lint.assert_exactly(&[("tool/no-accessibility-report", TOOL_PATH, 24, 1)]);
    assert_eq!(
        lint.one("tool/no-accessibility-report").message,
        "the accessibility report of Chat does not say when it was checked"
    );
}

#[test]
fn tool_no_accessibility_report_not_for_internal_tools() {
    with_fields("public_facing = false\n").lint().assert_clean();
    Tree::baseline().lint().assert_clean();
}

#[test]
fn accessibility_review_months_out_of_bounds_stops_the_run() {
    let out = public_tool("")
        .file("steward.toml", "accessibility_review_months = 0\n")
        .steward()
        .args(["lint"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("accessibility_review_months = 0: a review interval is from 1 to 120 months"),
        "{err}"
    );
}

// The schema of the new fields --------------------------------------------------------

#[test]
fn every_new_field_lints_clean_when_filled_in() {
    with_fields(
        "admins = [\"ana\", \"ben\"]\nsso = true\nmfa = \"enforced\"\ndata_location = \"EU\"\npublic_facing = true\ndata_classification = \"restricted\"\n",
    )
    .append(
        TOOL_PATH,
        "\n[privacy]\ndpa_signed = 2025-03-01\npersonal_data = true\n\n[accessibility]\nconformance = \"WCAG 2.1 AA\"\nreport_url = \"https://chat.example/accessibility\"\nchecked_on = 2026-02-01\n",
    )
    .edit(ORG_PATH, "department = \"it\"\n", "department = \"it\"\ngithub = \"ana-lima\"\n")
    .lint()
    .assert_clean();
}

#[test]
fn new_fields_of_the_wrong_shape_are_reported_at_the_value() {
    let lint = with_fields("sso = \"yes\"\nadmins = \"ana\"\n")
        .append(TOOL_PATH, "\n[privacy]\nsigned = 2025-01-01\n")
        .edit(
            ORG_PATH,
            "department = \"it\"\n",
            "department = \"it\"\ngithub = \"@ana\"\n",
        )
        .lint();
    lint.assert_exactly(&[
        ("schema/pattern", ORG_PATH, 14, 10),
        ("schema/type", TOOL_PATH, 10, 7),
        ("schema/type", TOOL_PATH, 11, 10),
        ("schema/additional-property", TOOL_PATH, 26, 1),
    ]);
    assert_eq!(
        lint.one("schema/pattern").message,
        "`people.ana.github` must be a GitHub username (letters, digits and single dashes, without the @); found the text \"@ana\""
    );
}

// Clause ids --------------------------------------------------------------------------

const NUMBERED_POLICY: &str = r#"title = "Access Control"
status = "active"
owner = "it"
approved_by = ["it"]
effective = 2025-01-01
last_reviewed = 2026-06-01

[[clause]]
id = "AC-2"
text = "Accounts are reviewed every quarter."

[[clause]]
id = "4.1"
text = "Passwords are kept in the password manager."

[[clause]]
id = "SM_2"
text = "Social media accounts have two administrators."

[[clause]]
id = "Section-3"
text = "Exceptions are approved by IT."
"#;

#[test]
fn clause_ids_as_organizations_number_them_lint_clean() {
    Tree::baseline()
        .file("policies/technology/access-control.toml", NUMBERED_POLICY)
        .lint()
        .assert_clean();
}

#[test]
fn a_clause_id_with_a_space_is_reported() {
    let lint = Tree::baseline()
        .edit(POLICY_PATH, "id = \"scope\"", "id = \"4 1\"")
        .lint();
    lint.assert_exactly(&[("schema/pattern", POLICY_PATH, 11, 6)]);
    assert_eq!(
        lint.one("schema/pattern").message,
        "`clause[1].id` must be a clause id (letters, digits, dots, dashes and underscores); found the text \"4 1\""
    );
    // Clause ids that differ only in case are two clauses.
    Tree::baseline()
        .file(
            "policies/technology/access-control.toml",
            &NUMBERED_POLICY.replace("id = \"SM_2\"", "id = \"ac-2\""),
        )
        .lint()
        .assert_clean();
    let lint = Tree::baseline()
        .file(
            "policies/technology/access-control.toml",
            &NUMBERED_POLICY.replace("id = \"SM_2\"", "id = \"AC-2\""),
        )
        .lint();
    assert!(lint.has("policy/duplicate-clause"), "{:#}", lint.doc);
}

#[test]
fn numbered_clauses_diff_clause_by_clause() {
    let repo = GitRepo::new();
    repo.write("policies/org.toml", common::ORG);
    repo.write("policies/technology/access-control.toml", NUMBERED_POLICY);
    repo.commit("Access control policy");
    let changed = NUMBERED_POLICY
        .replace(
            "Accounts are reviewed every quarter.",
            "Accounts are reviewed every month.",
        )
        .replace(
            "[[clause]]\nid = \"SM_2\"\ntext = \"Social media accounts have two administrators.\"\n\n",
            "",
        )
        .replace(
            "[[clause]]\nid = \"Section-3\"",
            "[[clause]]\nid = \"AC-3\"\ntext = \"Shared accounts are not allowed.\"\n\n[[clause]]\nid = \"Section-3\"",
        );
    repo.write("policies/technology/access-control.toml", &changed);
    repo.commit("Monthly access reviews");
    let json = repo.json(&[
        "diff",
        "HEAD~1",
        "HEAD",
        "--format",
        "json",
        "--today",
        "2026-11-25",
    ]);
    let policy = json["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "access-control")
        .unwrap_or_else(|| panic!("{json}"));
    let clauses: Vec<(&str, &str)> = policy["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["change"].as_str().unwrap()))
        .collect();
    assert_eq!(
        clauses,
        [("SM_2", "removed"), ("AC-2", "reworded"), ("AC-3", "added")]
    );
    let words: Vec<(&str, &str)> = policy["clauses"][1]["words"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["op"] != "equal")
        .map(|w| {
            (
                w["op"].as_str().unwrap(),
                w["text"].as_str().unwrap().trim(),
            )
        })
        .collect();
    assert_eq!(words, [("delete", "quarter."), ("insert", "month.")]);
    // The clause "4.1" did not change, and is not in the diff.
    assert!(!clauses.iter().any(|(id, _)| *id == "4.1"));
}
