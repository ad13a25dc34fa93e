//! Governance rules (issue 3): for every rule, a tree that triggers it (exact code, file,
//! line and column) and a near miss that does not; waivers; severities from steward.toml;
//! `--today`; and the issue's "done when" tree. Each test starts from the clean baseline in
//! tests/common/mod.rs (whose line numbers the comments refer to) and changes one thing.

mod common;

use common::{BUDGET_PATH, ORG_PATH, POLICY_PATH, TOOL_PATH, Tree};

/// The baseline tool's `[exit_plan]` section, lines 16-21 (with the blank line before it).
const EXIT_PLAN: &str = "\n[exit_plan]
data_export = \"Admin > Export > JSON archive of all channels\"
export_formats = [\"JSON\"]
alternatives = [\"Other Chat\"]
last_tested = 2026-05-01
";

/// A retired tool with no owner, no cost and no exit plan: none of the in-use rules apply.
const RETIRED_TOOL: &str = r#"name = "Old Fax"
vendor = "Fax Co"
category = "fax"
status = "retired"
department = "it"
"#;

/// A waiver for `rule`, appended to a file.
fn waiver(rule: &str, reason: &str, expires: &str) -> String {
    format!("\n[[waiver]]\nrule = \"{rule}\"\nreason = \"{reason}\"\nexpires = {expires}\n")
}

// tool/no-owner -----------------------------------------------------------------------

#[test]
fn tool_no_owner() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "owner = \"ana\"\n", "")
        .lint();
    // A missing key points at the start of the file.
    lint.assert_exactly(&[("tool/no-owner", TOOL_PATH, 1, 1)]);
    let d = lint.one("tool/no-owner");
    assert_eq!(d.severity, "error");
    assert_eq!(d.message, "Chat has no owner");
    assert_eq!(
        d.help,
        "Name the person who answers for Chat (usually whoever asked for it). In policies/tools/chat.toml: owner = \"<person id>\" (people are listed in org.toml)"
    );
    assert_eq!(lint.code, 1);
}

#[test]
fn tool_no_owner_not_for_a_retired_tool() {
    Tree::baseline()
        .file("policies/tools/old-fax.toml", RETIRED_TOOL)
        .lint()
        .assert_clean();
}

#[test]
fn tool_no_owner_not_when_the_owner_has_the_wrong_type() {
    // The schema reports `owner = 5`; "has no owner" on top would be the same problem twice.
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "owner = \"ana\"", "owner = 5")
        .lint();
    lint.assert_exactly(&[("schema/type", TOOL_PATH, 6, 9)]);
}

// tool/no-exit-plan -------------------------------------------------------------------

#[test]
fn tool_no_exit_plan_without_the_table() {
    let lint = Tree::baseline().edit(TOOL_PATH, EXIT_PLAN, "").lint();
    lint.assert_exactly(&[("tool/no-exit-plan", TOOL_PATH, 1, 1)]);
    assert_eq!(
        lint.one("tool/no-exit-plan").message,
        "Chat has no exit plan"
    );
}

#[test]
fn tool_no_exit_plan_without_data_export() {
    let lint = Tree::baseline()
        .edit(
            TOOL_PATH,
            "data_export = \"Admin > Export > JSON archive of all channels\"\n",
            "",
        )
        .lint();
    // The [exit_plan] header, line 17.
    lint.assert_exactly(&[("tool/no-exit-plan", TOOL_PATH, 17, 1)]);
    assert_eq!(
        lint.one("tool/no-exit-plan").message,
        "the exit plan of Chat does not say how the data gets out"
    );
}

#[test]
fn tool_no_exit_plan_for_every_placeholder() {
    for placeholder in ["TBD", "todo", "n/a", "-", "?", "none", "", "  tbd. "] {
        let lint = Tree::baseline()
            .edit(
                TOOL_PATH,
                "\"Admin > Export > JSON archive of all channels\"",
                &format!("\"{placeholder}\""),
            )
            .lint();
        // Only the missing plan: exit-plan-incomplete stays quiet about a placeholder.
        lint.assert_exactly(&[("tool/no-exit-plan", TOOL_PATH, 18, 15)]);
        let expected = if placeholder.is_empty() {
            "the exit plan of Chat has an empty data_export".to_string()
        } else {
            format!(
                "the exit plan of Chat is only a placeholder (\"{}\")",
                placeholder.trim()
            )
        };
        assert_eq!(
            lint.one("tool/no-exit-plan").message,
            expected,
            "placeholder {placeholder:?}"
        );
    }
}

#[test]
fn tool_no_exit_plan_not_for_a_real_description_or_a_retired_tool() {
    // A real plan that merely mentions "TBD" is a plan.
    Tree::baseline()
        .edit(
            TOOL_PATH,
            "Admin > Export > JSON archive of all channels",
            "Admin > Export (TBD: also attachments) > JSON",
        )
        .file("policies/tools/old-fax.toml", RETIRED_TOOL)
        .lint()
        .assert_clean();
}

#[test]
fn tool_no_exit_plan_not_when_the_plan_has_the_wrong_type() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, EXIT_PLAN, "")
        .edit(
            TOOL_PATH,
            "last_reviewed = 2026-06-01\n",
            "last_reviewed = 2026-06-01\nexit_plan = \"TBD\"\n",
        )
        .lint();
    lint.assert_exactly(&[("schema/type", TOOL_PATH, 10, 13)]);
    assert_eq!(
        lint.one("schema/type").message,
        "`exit_plan` must be a table; found the text \"TBD\""
    );
}

// tool/exit-plan-incomplete -----------------------------------------------------------

#[test]
fn tool_exit_plan_incomplete_without_formats() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "export_formats = [\"JSON\"]\n", "")
        .lint();
    lint.assert_exactly(&[("tool/exit-plan-incomplete", TOOL_PATH, 17, 1)]);
    let d = lint.one("tool/exit-plan-incomplete");
    assert_eq!(d.severity, "warning");
    assert_eq!(
        d.message,
        "the exit plan of Chat is missing export_formats (the file formats the data comes out in)"
    );
    // A warning alone does not fail the run.
    assert_eq!(lint.code, 0);
}

#[test]
fn tool_exit_plan_incomplete_lists_everything_missing() {
    let lint = Tree::baseline()
        .edit(
            TOOL_PATH,
            "export_formats = [\"JSON\"]\n",
            "export_formats = []\n",
        )
        .edit(TOOL_PATH, "alternatives = [\"Other Chat\"]\n", "")
        .edit(TOOL_PATH, "last_tested = 2026-05-01\n", "")
        .lint();
    lint.assert_exactly(&[("tool/exit-plan-incomplete", TOOL_PATH, 17, 1)]);
    assert_eq!(
        lint.one("tool/exit-plan-incomplete").message,
        "the exit plan of Chat is missing export_formats (the file formats the data comes out in), \
         alternatives (tools we could move to) and last_tested (the export has never been tried)"
    );
}

#[test]
fn tool_exit_plan_incomplete_when_the_last_test_is_over_two_years_old() {
    let tree = Tree::baseline().edit(
        TOOL_PATH,
        "last_tested = 2026-05-01",
        "last_tested = 2024-11-24",
    );
    let lint = tree.lint();
    lint.assert_exactly(&[("tool/exit-plan-incomplete", TOOL_PATH, 17, 1)]);
    assert_eq!(
        lint.one("tool/exit-plan-incomplete").message,
        "the exit plan of Chat is missing a recent test (last_tested 2024-11-24 is more than 2 years ago)"
    );
    // Exactly two years ago is still recent.
    tree.lint_on("2026-11-24").assert_clean();
}

#[test]
fn tool_exit_plan_incomplete_not_when_a_list_has_the_wrong_type() {
    // The schema reports `export_formats = "JSON"`; the plan does name a format.
    let lint = Tree::baseline()
        .edit(
            TOOL_PATH,
            "export_formats = [\"JSON\"]",
            "export_formats = \"JSON\"",
        )
        .lint();
    lint.assert_exactly(&[("schema/type", TOOL_PATH, 19, 18)]);
}

// tool/owner-left ---------------------------------------------------------------------

#[test]
fn tool_owner_left() {
    // Ana leaves today: on or before today counts.
    let lint = Tree::baseline()
        .edit(
            ORG_PATH,
            "department = \"it\"\n",
            "department = \"it\"\nleft = 2026-11-25\n",
        )
        .lint();
    // Ana also heads IT (org.toml line 5): org/head-left says so too.
    lint.assert_exactly(&[
        ("org/head-left", ORG_PATH, 5, 8),
        ("tool/owner-left", TOOL_PATH, 6, 9),
    ]);
    let d = lint.one("tool/owner-left");
    assert_eq!(
        d.message,
        "the owner of Chat, Ana Lima (ana), left the organization on 2026-11-25"
    );
    assert_eq!(
        d.help,
        "Ask the department to name a new owner for Chat who is still here. In policies/tools/chat.toml: owner = \"<person id>\""
    );
}

#[test]
fn tool_owner_left_for_the_backup_owner() {
    let lint = Tree::baseline()
        .edit(
            ORG_PATH,
            "department = \"comms\"\n",
            "department = \"comms\"\nleft = 2026-01-31\n",
        )
        .lint();
    lint.assert_exactly(&[
        ("org/head-left", ORG_PATH, 9, 8),
        ("tool/owner-left", TOOL_PATH, 7, 16),
    ]);
    assert_eq!(
        lint.one("tool/owner-left").message,
        "the backup owner of Chat, Ben Okoro (ben), left the organization on 2026-01-31"
    );
}

#[test]
fn tool_owner_left_depends_on_today() {
    // The same tree on two dates: before the owner leaves, and on the day.
    let tree = Tree::baseline().edit(
        ORG_PATH,
        "department = \"it\"\n",
        "department = \"it\"\nleft = 2026-12-01\n",
    );
    tree.lint().assert_clean();
    tree.lint_on("2026-11-30").assert_clean();
    tree.lint_on("2026-12-01").assert_exactly(&[
        ("org/head-left", ORG_PATH, 5, 8),
        ("tool/owner-left", TOOL_PATH, 6, 9),
    ]);
}

#[test]
fn tool_owner_left_not_for_a_retired_tool() {
    let retired = format!("{RETIRED_TOOL}owner = \"ana\"\n");
    Tree::baseline()
        .edit(
            ORG_PATH,
            "department = \"it\"\n",
            "department = \"it\"\nleft = 2026-01-31\n",
        )
        // Nobody else uses Ana's tool: give Chat to Ben, with Ana's successor as backup.
        .edit(TOOL_PATH, "owner = \"ana\"", "owner = \"ben\"")
        .edit(
            ORG_PATH,
            "[people.ben]",
            "[people.cy]\nname = \"Cy\"\ndepartment = \"it\"\n\n[people.ben]",
        )
        .edit(TOOL_PATH, "backup_owner = \"ben\"", "backup_owner = \"cy\"")
        .edit(ORG_PATH, "head = \"ana\"", "head = \"cy\"")
        .file("policies/tools/old-fax.toml", &retired)
        .lint()
        .assert_clean();
}

// tool/no-backup-owner ----------------------------------------------------------------

#[test]
fn tool_no_backup_owner() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "backup_owner = \"ben\"\n", "")
        .lint();
    lint.assert_exactly(&[("tool/no-backup-owner", TOOL_PATH, 1, 1)]);
    let d = lint.one("tool/no-backup-owner");
    assert_eq!(d.severity, "warning");
    assert_eq!(d.message, "Chat has no backup owner");
    assert_eq!(lint.code, 0);
}

#[test]
fn tool_no_backup_owner_when_the_backup_is_the_owner() {
    let lint = Tree::baseline()
        .edit(
            TOOL_PATH,
            "backup_owner = \"ben\"",
            "backup_owner = \"ana\"",
        )
        .lint();
    lint.assert_exactly(&[("tool/no-backup-owner", TOOL_PATH, 7, 16)]);
    assert_eq!(
        lint.one("tool/no-backup-owner").message,
        "the backup owner of Chat is the owner"
    );
}

#[test]
fn tool_no_backup_owner_not_for_a_tool_on_trial() {
    Tree::baseline()
        .edit(TOOL_PATH, "backup_owner = \"ben\"\n", "")
        .edit(TOOL_PATH, "status = \"approved\"", "status = \"trial\"")
        .lint()
        .assert_clean();
}

// tool/review-overdue -----------------------------------------------------------------

#[test]
fn tool_review_overdue() {
    let tree = Tree::baseline().edit(
        TOOL_PATH,
        "last_reviewed = 2026-06-01",
        "last_reviewed = 2025-11-24",
    );
    let lint = tree.lint();
    lint.assert_exactly(&[("tool/review-overdue", TOOL_PATH, 9, 17)]);
    let d = lint.one("tool/review-overdue");
    assert_eq!(d.severity, "warning");
    assert_eq!(
        d.message,
        "Chat was last reviewed on 24 November 2025; a review was due by 24 November 2026, and it is now 1 day late"
    );
    assert_eq!(
        d.help,
        "Check that Chat is still needed, that its owner is right and that its export still works; once it has been reviewed, record the day of the review in policies/tools/chat.toml: last_reviewed = 2026-11-25"
    );
    // On the due date itself it is not overdue yet.
    tree.lint_on("2026-11-24").assert_clean();
}

#[test]
fn tool_review_overdue_counts_from_approval_when_never_reviewed() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "last_reviewed = 2026-06-01\n", "")
        .lint();
    lint.assert_exactly(&[("tool/review-overdue", TOOL_PATH, 8, 15)]);
    assert_eq!(
        lint.one("tool/review-overdue").message,
        "Chat was approved, and never reviewed since, on 10 January 2025; a review was due by 10 January 2026, and it is now about 11 months late"
    );
}

#[test]
fn tool_review_overdue_when_there_is_no_date_at_all() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "last_reviewed = 2026-06-01\n", "")
        .edit(TOOL_PATH, "approved_on = 2025-01-10\n", "")
        .lint();
    lint.assert_exactly(&[("tool/review-overdue", TOOL_PATH, 1, 1)]);
    assert_eq!(
        lint.one("tool/review-overdue").message,
        "Chat has never been reviewed"
    );
}

#[test]
fn tool_review_overdue_follows_tool_review_months() {
    Tree::baseline()
        .edit(
            TOOL_PATH,
            "last_reviewed = 2026-06-01",
            "last_reviewed = 2025-11-24",
        )
        .file("steward.toml", "tool_review_months = 24\n")
        .lint()
        .assert_clean();
}

// tool/unbudgeted ---------------------------------------------------------------------

#[test]
fn tool_unbudgeted() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "budget_line = \"2026/it#chat\"\n", "")
        .lint();
    // The [cost] header, line 11.
    lint.assert_exactly(&[("tool/unbudgeted", TOOL_PATH, 11, 1)]);
    let d = lint.one("tool/unbudgeted");
    assert_eq!(
        d.message,
        "Chat costs $100 a year but no budget line pays for it"
    );
    assert_eq!(
        d.help,
        "Agree with whoever holds the IT (it) budget which of its lines pays for Chat; then in policies/tools/chat.toml, under [cost]: budget_line = \"<fiscal-year>/it#<line-id>\""
    );
}

#[test]
fn tool_unbudgeted_not_for_a_free_tool() {
    Tree::baseline()
        .edit(TOOL_PATH, "budget_line = \"2026/it#chat\"\n", "")
        .edit(TOOL_PATH, "amount = 100", "amount = 0")
        .lint()
        .assert_clean();
}

// tool/budgeted-elsewhere -------------------------------------------------------------

#[test]
fn tool_budgeted_elsewhere() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "department = \"it\"", "department = \"comms\"")
        .lint();
    lint.assert_exactly(&[("tool/budgeted-elsewhere", TOOL_PATH, 15, 15)]);
    let d = lint.one("tool/budgeted-elsewhere");
    assert_eq!(d.severity, "warning");
    assert_eq!(
        d.message,
        "Chat belongs to Communications (comms) but is paid from the IT (it) budget"
    );
    assert_eq!(
        d.help,
        "move the spending to a line in budgets/2026/comms.toml, or make it the tool's department if it owns the tool"
    );
}

#[test]
fn tool_budgeted_elsewhere_not_when_the_line_is_the_departments_own() {
    let comms_budget = common::BUDGET
        .replace("department = \"it\"", "department = \"comms\"")
        .replace("id = \"chat\"", "id = \"team-chat\"");
    Tree::baseline()
        .edit(TOOL_PATH, "department = \"it\"", "department = \"comms\"")
        .edit(
            TOOL_PATH,
            "budget_line = \"2026/it#chat\"",
            "budget_line = \"2026/comms#team-chat\"",
        )
        .remove(BUDGET_PATH)
        .file("policies/budgets/2026/comms.toml", &comms_budget)
        .lint()
        .assert_clean();
}

// tool/retired-still-funded -----------------------------------------------------------

#[test]
fn tool_retired_still_funded() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "status = \"approved\"", "status = \"retired\"")
        .lint();
    lint.assert_exactly(&[("tool/retired-still-funded", TOOL_PATH, 4, 10)]);
    let d = lint.one("tool/retired-still-funded");
    assert_eq!(d.severity, "warning");
    assert_eq!(
        d.message,
        "Chat is retired but the 2026/it budget still pays for it every year (line \"chat\")"
    );
    assert_eq!(
        d.help,
        "remove line \"chat\" from budgets/2026/it.toml, or set recurring = false if this is a final payment"
    );
}

#[test]
fn tool_retired_still_funded_through_its_own_budget_line() {
    // The line does not name the tool, but the tool's budget_line names the line.
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "status = \"approved\"", "status = \"retired\"")
        .edit(BUDGET_PATH, "tool = \"chat\"\n", "")
        .lint();
    lint.assert_exactly(&[("tool/retired-still-funded", TOOL_PATH, 4, 10)]);
}

#[test]
fn tool_retired_still_funded_not_for_a_final_payment() {
    Tree::baseline()
        .edit(TOOL_PATH, "status = \"approved\"", "status = \"retired\"")
        .edit(BUDGET_PATH, "recurring = true", "recurring = false")
        .lint()
        .assert_clean();
}

// policy/review-overdue ---------------------------------------------------------------

#[test]
fn policy_review_overdue() {
    let tree = Tree::baseline().edit(
        POLICY_PATH,
        "last_reviewed = 2026-06-01",
        "last_reviewed = 2025-11-24",
    );
    let lint = tree.lint();
    lint.assert_exactly(&[("policy/review-overdue", POLICY_PATH, 6, 17)]);
    let d = lint.one("policy/review-overdue");
    assert_eq!(d.severity, "error");
    assert_eq!(
        d.message,
        "Acceptable Use was last reviewed 24 November 2025 and is due for review every 12 months: the review was due by 24 November 2026, and it is now 1 day late"
    );
    assert_eq!(lint.code, 1);
    tree.lint_on("2026-11-24").assert_clean();
}

#[test]
fn policy_review_overdue_counts_from_the_effective_date_when_never_reviewed() {
    let lint = Tree::baseline()
        .edit(POLICY_PATH, "last_reviewed = 2026-06-01\n", "")
        .lint();
    lint.assert_exactly(&[("policy/review-overdue", POLICY_PATH, 5, 13)]);
    assert_eq!(
        lint.one("policy/review-overdue").message,
        "Acceptable Use was in effect since 1 January 2025 and is due for review every 12 months: the review was due by 1 January 2026, and it is now about 11 months late"
    );
}

#[test]
fn policy_review_overdue_not_for_a_draft_or_a_longer_interval() {
    Tree::baseline()
        .edit(
            POLICY_PATH,
            "last_reviewed = 2026-06-01",
            "last_reviewed = 2025-11-24",
        )
        .edit(POLICY_PATH, "status = \"active\"", "status = \"draft\"")
        .lint()
        .assert_clean();
    Tree::baseline()
        .edit(
            POLICY_PATH,
            "last_reviewed = 2026-06-01",
            "last_reviewed = 2025-11-24",
        )
        .edit(
            POLICY_PATH,
            "review_every_months = 12",
            "review_every_months = 24",
        )
        .lint()
        .assert_clean();
}

#[test]
fn policy_review_overdue_uses_policy_review_months_by_default() {
    // Reviewed 2026-06-01, no interval of its own: due 2026-12-01 after 6 months (fine on
    // 2026-11-25), 2026-11-01 after 5 (overdue).
    let tree = Tree::baseline().edit(POLICY_PATH, "review_every_months = 12\n", "");
    tree.lint().assert_clean();
    let six = Tree::baseline()
        .edit(POLICY_PATH, "review_every_months = 12\n", "")
        .file("steward.toml", "policy_review_months = 6\n");
    six.lint().assert_clean();
    let five = Tree::baseline()
        .edit(POLICY_PATH, "review_every_months = 12\n", "")
        .file("steward.toml", "policy_review_months = 5\n");
    five.lint()
        .assert_exactly(&[("policy/review-overdue", POLICY_PATH, 6, 17)]);
}

// policy/missing-approval -------------------------------------------------------------

#[test]
fn policy_missing_approval() {
    let lint = Tree::baseline()
        .file("steward.toml", "required_approvers = [\"it\", \"comms\"]\n")
        .lint();
    lint.assert_exactly(&[("policy/missing-approval", POLICY_PATH, 4, 15)]);
    assert_eq!(
        lint.one("policy/missing-approval").message,
        "Acceptable Use is active without the approval of Communications (comms)"
    );
}

#[test]
fn policy_missing_approval_not_when_approved_or_a_draft() {
    Tree::baseline()
        .file("steward.toml", "required_approvers = [\"it\", \"comms\"]\n")
        .edit(
            POLICY_PATH,
            "approved_by = [\"it\"]",
            "approved_by = [\"comms\", \"it\"]",
        )
        .lint()
        .assert_clean();
    Tree::baseline()
        .file("steward.toml", "required_approvers = [\"it\", \"comms\"]\n")
        .edit(POLICY_PATH, "status = \"active\"", "status = \"draft\"")
        .lint()
        .assert_clean();
}

// policy/superseded-active ------------------------------------------------------------

const NEWER_POLICY_PATH: &str = "policies/technology/acceptable-use-2026.toml";

fn newer_policy() -> String {
    common::POLICY
        .replace("Acceptable Use", "Acceptable Use 2026")
        .replace(
            "tools = [\"chat\"]",
            "tools = [\"chat\"]\nsupersedes = [\"acceptable-use\"]",
        )
}

#[test]
fn policy_superseded_active() {
    let lint = Tree::baseline()
        .file(NEWER_POLICY_PATH, &newer_policy())
        .lint();
    // Reported on the old policy's status.
    lint.assert_exactly(&[("policy/superseded-active", POLICY_PATH, 2, 10)]);
    let d = lint.one("policy/superseded-active");
    assert_eq!(d.severity, "warning");
    assert_eq!(
        d.message,
        "Acceptable Use is still active although Acceptable Use 2026 replaces it"
    );
}

#[test]
fn policy_superseded_active_not_once_the_old_one_is_retired() {
    Tree::baseline()
        .file(NEWER_POLICY_PATH, &newer_policy())
        .edit(POLICY_PATH, "status = \"active\"", "status = \"retired\"")
        .lint()
        .assert_clean();
}

// policy/supersedes-itself -----------------------------------------------------------

#[test]
fn policy_supersedes_itself() {
    let lint = Tree::baseline()
        .edit(
            POLICY_PATH,
            "tools = [\"chat\"]",
            "tools = [\"chat\"]\nsupersedes = [\"acceptable-use\"]",
        )
        .lint();
    lint.assert_exactly(&[("policy/supersedes-itself", POLICY_PATH, 9, 15)]);
    let d = lint.one("policy/supersedes-itself");
    assert_eq!(d.severity, "error");
    assert_eq!(d.message, "Acceptable Use lists itself in supersedes");
}

#[test]
fn policy_supersedes_itself_not_for_another_policy() {
    let lint = Tree::baseline()
        .file(NEWER_POLICY_PATH, &newer_policy())
        .lint();
    assert!(!lint.has("policy/supersedes-itself"));
}

// policy/duplicate-clause -------------------------------------------------------------

#[test]
fn policy_duplicate_clause() {
    let lint = Tree::baseline()
        .append(
            POLICY_PATH,
            "\n[[clause]]\nid = \"scope\"\ntext = \"Applies to volunteers too.\"\n",
        )
        .lint();
    lint.assert_exactly(&[("policy/duplicate-clause", POLICY_PATH, 15, 6)]);
    assert_eq!(
        lint.one("policy/duplicate-clause").message,
        "Acceptable Use has two clauses with the id \"scope\""
    );
}

#[test]
fn policy_duplicate_clause_not_for_distinct_ids() {
    Tree::baseline()
        .append(
            POLICY_PATH,
            "\n[[clause]]\nid = \"volunteers\"\ntext = \"Applies to volunteers too.\"\n",
        )
        .lint()
        .assert_clean();
}

// budget/over-allocation --------------------------------------------------------------

#[test]
fn budget_over_allocation() {
    let lint = Tree::baseline()
        .edit(BUDGET_PATH, "allocation = 1000", "allocation = 50")
        .lint();
    lint.assert_exactly(&[("budget/over-allocation", BUDGET_PATH, 4, 14)]);
    let d = lint.one("budget/over-allocation");
    assert_eq!(
        d.message,
        "the 2026/it budget's lines add up to $100, which is $50 over its allocation of $50"
    );
}

#[test]
fn budget_over_allocation_is_exact_to_the_cent() {
    // 0.1 + 0.2 is exactly 0.3 here (no floating point): not over.
    let two_lines = common::BUDGET
        .replace("allocation = 1000", "allocation = 100.30")
        .replace("amount = 100", "amount = 100.1")
        + "\n[[line]]\nid = \"chat-extra\"\ncategory = \"other\"\namount = 0.2\n";
    Tree::baseline()
        .file(BUDGET_PATH, &two_lines)
        .lint()
        .assert_clean();
    // One cent more is over.
    let lint = Tree::baseline()
        .file(
            BUDGET_PATH,
            &two_lines.replace("amount = 0.2", "amount = 0.21"),
        )
        .lint();
    lint.assert_exactly(&[("budget/over-allocation", BUDGET_PATH, 4, 14)]);
    assert_eq!(
        lint.one("budget/over-allocation").message,
        "the 2026/it budget's lines add up to $100.31, which is $0.01 over its allocation of $100.30"
    );
}

#[test]
fn budget_over_allocation_not_when_equal() {
    Tree::baseline()
        .edit(BUDGET_PATH, "allocation = 1000", "allocation = 100")
        .lint()
        .assert_clean();
}

// budget/currency-mismatch ------------------------------------------------------------

#[test]
fn budget_currency_mismatch_on_a_line() {
    let lint = Tree::baseline()
        .edit(
            BUDGET_PATH,
            "amount = 100\n",
            "amount = 100\ncurrency = \"EUR\"\n",
        )
        .lint();
    lint.assert_exactly(&[("budget/currency-mismatch", BUDGET_PATH, 11, 12)]);
    assert_eq!(
        lint.one("budget/currency-mismatch").message,
        "line \"chat\" is in EUR but the 2026/it budget is in USD"
    );
}

#[test]
fn budget_currency_mismatch_on_a_tool_cost() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "currency = \"USD\"", "currency = \"EUR\"")
        .lint();
    lint.assert_exactly(&[("budget/currency-mismatch", TOOL_PATH, 13, 12)]);
    assert_eq!(
        lint.one("budget/currency-mismatch").message,
        "Chat costs EUR but is paid from the 2026/it budget, which is in USD"
    );
}

#[test]
fn budget_currency_mismatch_not_for_the_budgets_own_currency() {
    Tree::baseline()
        .edit(
            BUDGET_PATH,
            "amount = 100\n",
            "amount = 100\ncurrency = \"USD\"\n",
        )
        .lint()
        .assert_clean();
}

// budget/duplicate-line ---------------------------------------------------------------

#[test]
fn budget_duplicate_line() {
    let lint = Tree::baseline()
        .append(
            BUDGET_PATH,
            "\n[[line]]\nid = \"chat\"\ncategory = \"other\"\namount = 0\n",
        )
        .lint();
    lint.assert_exactly(&[("budget/duplicate-line", BUDGET_PATH, 15, 6)]);
    assert_eq!(
        lint.one("budget/duplicate-line").message,
        "the 2026/it budget has two lines with the id \"chat\""
    );
}

#[test]
fn budget_duplicate_line_not_for_distinct_ids() {
    Tree::baseline()
        .append(
            BUDGET_PATH,
            "\n[[line]]\nid = \"chat-extra\"\ncategory = \"other\"\namount = 0\n",
        )
        .lint()
        .assert_clean();
}

// budget/line-overcommitted -----------------------------------------------------------

/// A second tool charged to the baseline's `chat` line (which holds $100, what Chat costs).
fn second_tool(period: &str, amount: &str) -> String {
    common::TOOL
        .replace("name = \"Chat\"", "name = \"Video\"")
        .replace("amount = 100", &format!("amount = {amount}"))
        .replace("period = \"year\"", &format!("period = \"{period}\""))
}

#[test]
fn budget_line_overcommitted() {
    let lint = Tree::baseline()
        .file("policies/tools/video.toml", &second_tool("month", "10"))
        .lint();
    lint.assert_exactly(&[("budget/line-overcommitted", BUDGET_PATH, 10, 10)]);
    let d = lint.one("budget/line-overcommitted");
    assert_eq!(d.severity, "error");
    assert_eq!(
        d.message,
        "the chat line of IT's 2026 budget holds $100, but the tools charged to it cost $220 a year (Video $120 and Chat $100): $120 over"
    );
    assert_eq!(
        d.help,
        "raise the line's amount to at least $220, move a tool to another line, or agree a lower price"
    );
}

#[test]
fn budget_line_overcommitted_counts_a_one_time_cost_whole() {
    let lint = Tree::baseline()
        .file(
            "policies/tools/video.toml",
            &second_tool("one-time", "0.01"),
        )
        .lint();
    lint.assert_exactly(&[("budget/line-overcommitted", BUDGET_PATH, 10, 10)]);
}

#[test]
fn budget_line_overcommitted_not_when_it_fits_or_the_tool_is_retired() {
    // Chat alone costs exactly the line; a retired tool no longer draws on it.
    Tree::baseline().lint().assert_clean();
    let retired =
        second_tool("month", "10").replace("status = \"approved\"", "status = \"retired\"");
    let lint = Tree::baseline()
        .file("policies/tools/video.toml", &retired)
        .lint();
    assert!(!lint.has("budget/line-overcommitted"), "{:#}", lint.doc);
}

// budget/amount-format ----------------------------------------------------------------

#[test]
fn budget_amount_format_for_every_form_that_is_not_a_plain_decimal() {
    // (`inf` and `nan` are not JSON numbers: the schema reports them as the wrong type.)
    for (written, why) in [
        ("0xF4240", "is written in hexadecimal, octal or binary"),
        ("0o17", "is written in hexadecimal, octal or binary"),
        ("0b101", "is written in hexadecimal, octal or binary"),
        ("1e29", "is written with an exponent"),
        ("1e-30", "is written with an exponent"),
        (
            "2000000000000000",
            "is larger than the largest amount steward reads",
        ),
    ] {
        let lint = Tree::baseline()
            .edit(BUDGET_PATH, "amount = 100", &format!("amount = {written}"))
            .lint();
        let here: Vec<_> = lint
            .places()
            .into_iter()
            .filter(|(rule, ..)| !rule.starts_with("schema/"))
            .collect();
        assert_eq!(
            here,
            [(
                "budget/amount-format".to_string(),
                BUDGET_PATH.to_string(),
                10,
                10
            )],
            "{written}: {:#}",
            lint.doc
        );
        let d = lint.one("budget/amount-format");
        assert_eq!(d.severity, "error");
        assert_eq!(
            d.message,
            format!(
                "the amount {written} {why}; until it is a plain decimal number, the totals it belongs to are unknown"
            ),
        );
        assert_eq!(lint.code, 1);
    }
}

#[test]
fn budget_amount_format_suggests_the_plain_number_for_hexadecimal() {
    let lint = Tree::baseline()
        .edit(BUDGET_PATH, "amount = 100", "amount = 0xF4240")
        .lint();
    assert_eq!(
        lint.one("budget/amount-format").help,
        "write it as a plain number: 1000000"
    );
}

#[test]
fn budget_amount_format_makes_the_total_unknown_not_smaller() {
    // The line of 0xF4240 (a million) is over an allocation of 50; it is not silently dropped
    // from the total (which would make the budget look within its allocation): the total is
    // unknown, and the one finding says why.
    let lint = Tree::baseline()
        .edit(BUDGET_PATH, "allocation = 1000", "allocation = 50")
        .edit(BUDGET_PATH, "amount = 100", "amount = 0xF4240")
        .lint();
    lint.assert_exactly(&[("budget/amount-format", BUDGET_PATH, 10, 10)]);
}

#[test]
fn budget_amount_format_on_a_tool_cost_still_needs_a_budget_line() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "amount = 100", "amount = 0x5DC")
        .edit(TOOL_PATH, "budget_line = \"2026/it#chat\"\n", "")
        .lint();
    lint.assert_exactly(&[
        ("tool/unbudgeted", TOOL_PATH, 11, 1),
        ("budget/amount-format", TOOL_PATH, 12, 10),
    ]);
    assert_eq!(
        lint.one("tool/unbudgeted").message,
        "Chat has a cost steward cannot read, but no budget line pays for it"
    );
}

#[test]
fn tool_unbudgeted_says_a_period_steward_does_not_know_as_no_period() {
    // "monthly" is not one of the periods (month, year, one-time): the schema says so, and the
    // message does not repeat the word as if it were one ("$100 a monthly").
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "period = \"year\"", "period = \"monthly\"")
        .edit(TOOL_PATH, "budget_line = \"2026/it#chat\"\n", "")
        .lint();
    assert_eq!(
        lint.one("tool/unbudgeted").message,
        "Chat costs $100 but no budget line pays for it"
    );
    assert!(lint.has("schema/enum"), "{:#}", lint.doc);
}

#[test]
fn budget_amount_format_not_for_plain_decimals() {
    Tree::baseline()
        .edit(BUDGET_PATH, "amount = 100", "amount = +1_00.00")
        .edit(TOOL_PATH, "amount = 100", "amount = 1_00")
        .lint()
        .assert_clean();
}

// date/in-future ----------------------------------------------------------------------

#[test]
fn date_in_future_for_every_recorded_date() {
    for (path, from, to, line, column) in [
        (
            TOOL_PATH,
            "last_reviewed = 2026-06-01",
            "last_reviewed = 9999-12-31",
            9,
            17,
        ),
        (
            TOOL_PATH,
            "approved_on = 2025-01-10",
            "approved_on = 2026-11-26",
            8,
            15,
        ),
        (
            TOOL_PATH,
            "last_tested = 2026-05-01",
            "last_tested = 2030-01-01",
            21,
            15,
        ),
        (
            POLICY_PATH,
            "last_reviewed = 2026-06-01",
            "last_reviewed = 9999-12-31",
            6,
            17,
        ),
    ] {
        let lint = Tree::baseline().edit(path, from, to).lint();
        lint.assert_exactly(&[("date/in-future", path, line, column)]);
        assert_eq!(lint.code, 1);
    }
    let lint = Tree::baseline()
        .edit(
            TOOL_PATH,
            "last_reviewed = 2026-06-01",
            "last_reviewed = 9999-12-31",
        )
        .lint();
    assert_eq!(
        lint.one("date/in-future").message,
        "last_reviewed is 9999-12-31, after today (2026-11-25): it records a review, which cannot have happened yet"
    );
}

#[test]
fn date_in_future_not_for_today_or_dates_that_may_lie_ahead() {
    // Today is allowed; a policy's effective date and a waiver's expiry look ahead by design.
    Tree::baseline()
        .edit(
            TOOL_PATH,
            "last_reviewed = 2026-06-01",
            "last_reviewed = 2026-11-25",
        )
        .edit(
            POLICY_PATH,
            "effective = 2025-01-01",
            "effective = 2027-01-01",
        )
        .lint()
        .assert_clean();
}

// budget/amount-precision -------------------------------------------------------------

#[test]
fn budget_amount_precision_on_a_line_and_a_tool_cost() {
    let lint = Tree::baseline()
        .edit(BUDGET_PATH, "amount = 100", "amount = 100.005")
        .edit(TOOL_PATH, "amount = 100", "amount = 12.999")
        .lint();
    lint.assert_exactly(&[
        ("budget/amount-precision", BUDGET_PATH, 10, 10),
        ("budget/amount-precision", TOOL_PATH, 12, 10),
    ]);
    let diags = lint.diagnostics();
    assert_eq!(diags[0].severity, "warning");
    assert_eq!(diags[0].message, "100.005 has more than two decimals");
    assert_eq!(diags[1].message, "12.999 has more than two decimals");
    assert_eq!(diags[1].help, "round it to cents, e.g. 13.00");
    assert_eq!(lint.code, 0);
}

#[test]
fn budget_amount_precision_not_for_cents_or_trailing_zeros() {
    Tree::baseline()
        .edit(BUDGET_PATH, "amount = 100", "amount = 99.50")
        .edit(TOOL_PATH, "amount = 100", "amount = 99.500")
        .lint()
        .assert_clean();
}

// ref/* -------------------------------------------------------------------------------

#[test]
fn ref_unknown_person() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "owner = \"ana\"", "owner = \"anna\"")
        .edit(ORG_PATH, "head = \"ben\"", "head = \"bob\"")
        .lint();
    lint.assert_exactly(&[
        ("ref/unknown-person", ORG_PATH, 9, 8),
        ("ref/unknown-person", TOOL_PATH, 6, 9),
    ]);
    let diags = lint.diagnostics();
    assert_eq!(diags[1].message, "there is no person \"anna\" in org.toml");
    assert_eq!(
        diags[1].help,
        "use the id of someone listed under [people.<id>] in org.toml, or add them there. Did you mean \"ana\"?"
    );
    // "bob" is close to nobody: no suggestion.
    assert!(!diags[0].help.contains("Did you mean"), "{}", diags[0].help);
}

#[test]
fn ref_unknown_department() {
    // Not also tool/budgeted-elsewhere: the tool's department is a typo, not another one.
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "department = \"it\"", "department = \"itt\"")
        .edit(POLICY_PATH, "owner = \"it\"", "owner = \"legal\"")
        .lint();
    lint.assert_exactly(&[
        ("ref/unknown-department", POLICY_PATH, 3, 9),
        ("ref/unknown-department", TOOL_PATH, 5, 14),
    ]);
    let diags = lint.diagnostics();
    assert_eq!(
        diags[1].message,
        "there is no department \"itt\" in org.toml"
    );
    assert!(
        diags[1].help.ends_with("Did you mean \"it\"?"),
        "{}",
        diags[1].help
    );
}

#[test]
fn ref_unknown_department_for_a_budget_and_a_person() {
    let legal = common::BUDGET
        .replace("department = \"it\"", "department = \"legal\"")
        .replace("tool = \"chat\"\n", "");
    let lint = Tree::baseline()
        .file("policies/budgets/2026/legal.toml", &legal)
        .edit(ORG_PATH, "department = \"comms\"", "department = \"com\"")
        .lint();
    lint.assert_exactly(&[
        (
            "ref/unknown-department",
            "policies/budgets/2026/legal.toml",
            1,
            14,
        ),
        ("ref/unknown-department", ORG_PATH, 17, 14),
    ]);
}

#[test]
fn ref_unknown_tool() {
    let lint = Tree::baseline()
        .edit(POLICY_PATH, "tools = [\"chat\"]", "tools = [\"chta\"]")
        .edit(BUDGET_PATH, "tool = \"chat\"", "tool = \"chatt\"")
        .lint();
    lint.assert_exactly(&[
        ("ref/unknown-tool", BUDGET_PATH, 11, 8),
        ("ref/unknown-tool", POLICY_PATH, 8, 10),
    ]);
    let diags = lint.diagnostics();
    assert_eq!(diags[1].message, "there is no tool \"chta\" in tools/");
    assert!(
        diags[1].help.ends_with("Did you mean \"chat\"?"),
        "{}",
        diags[1].help
    );
}

#[test]
fn ref_unknown_policy() {
    let lint = Tree::baseline()
        .edit(
            POLICY_PATH,
            "tools = [\"chat\"]\n",
            "tools = [\"chat\"]\nsupersedes = [\"acceptable-uses\"]\n",
        )
        .lint();
    lint.assert_exactly(&[("ref/unknown-policy", POLICY_PATH, 9, 15)]);
    let d = lint.one("ref/unknown-policy");
    assert_eq!(
        d.message,
        "there is no policy \"acceptable-uses\" in technology/"
    );
    assert!(
        d.help.ends_with("Did you mean \"acceptable-use\"?"),
        "{}",
        d.help
    );
}

#[test]
fn ref_unknown_budget_line() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "2026/it#chat", "2026/it#chta")
        .lint();
    // Not also tool/unbudgeted: one problem, one diagnostic.
    lint.assert_exactly(&[("ref/unknown-budget-line", TOOL_PATH, 15, 15)]);
    let d = lint.one("ref/unknown-budget-line");
    assert_eq!(d.message, "the 2026/it budget has no line \"chta\"");
    assert!(d.help.ends_with("Did you mean \"chat\"?"), "{}", d.help);
}

#[test]
fn ref_unknown_budget_line_when_the_budget_does_not_exist() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "2026/it#chat", "2027/it#chat")
        .lint();
    lint.assert_exactly(&[("ref/unknown-budget-line", TOOL_PATH, 15, 15)]);
    let d = lint.one("ref/unknown-budget-line");
    assert_eq!(
        d.message,
        "there is no budget 2027/it (budgets/2027/it.toml does not exist)"
    );
    assert!(d.help.ends_with("Did you mean \"2026/it\"?"), "{}", d.help);
}

#[test]
fn ref_no_org() {
    let lint = Tree::baseline().remove(ORG_PATH).lint();
    lint.assert_exactly(&[("ref/no-org", TOOL_PATH, 1, 1)]);
    assert_eq!(
        lint.one("ref/no-org").message,
        "there is no org.toml, so owners, departments and approvals cannot be checked"
    );
}

#[test]
fn references_that_resolve_are_not_reported() {
    // The baseline uses every kind of reference: person, department, tool, budget line;
    // add a policy reference that resolves.
    Tree::baseline()
        .file(NEWER_POLICY_PATH, &newer_policy())
        .edit(POLICY_PATH, "status = \"active\"", "status = \"retired\"")
        .lint()
        .assert_clean();
}

// waivers -----------------------------------------------------------------------------

#[test]
fn a_valid_waiver_silences_its_rule_and_is_counted() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "owner = \"ana\"\n", "")
        .append(
            TOOL_PATH,
            &waiver("tool/no-owner", "The owner is being hired", "2027-01-31"),
        )
        .lint();
    lint.assert_clean();
    assert_eq!(lint.summary("waived"), 1);
}

#[test]
fn a_waiver_silences_only_its_own_rule_in_its_own_file() {
    let second = common::TOOL
        .replace("name = \"Chat\"", "name = \"Chat Two\"")
        .replace("owner = \"ana\"\n", "")
        .replace("budget_line = \"2026/it#chat\"\n", "")
        .replace("amount = 100", "amount = 0");
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "owner = \"ana\"\n", "")
        .edit(TOOL_PATH, "backup_owner = \"ben\"\n", "")
        .append(
            TOOL_PATH,
            &waiver("tool/no-owner", "The owner is being hired", "2027-01-31"),
        )
        .file("policies/tools/chat-two.toml", &second)
        .lint();
    lint.assert_exactly(&[
        ("tool/no-owner", "policies/tools/chat-two.toml", 1, 1),
        ("tool/no-backup-owner", TOOL_PATH, 1, 1),
    ]);
    assert_eq!(lint.summary("waived"), 1);
}

#[test]
fn a_waiver_expiring_today_still_applies() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "owner = \"ana\"\n", "")
        .append(
            TOOL_PATH,
            &waiver("tool/no-owner", "The owner is being hired", common::TODAY),
        )
        .lint();
    lint.assert_clean();
    assert_eq!(lint.summary("waived"), 1);
}

#[test]
fn waiver_no_reason() {
    // Lines 21+: blank, [[waiver]] (22), rule (23), expires (24) after removing the owner.
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "owner = \"ana\"\n", "")
        .append(
            TOOL_PATH,
            "\n[[waiver]]\nrule = \"tool/no-owner\"\nexpires = 2027-01-31\n",
        )
        .lint();
    // The waiver excuses nothing: the finding stays, and the waiver is reported.
    lint.assert_exactly(&[
        ("tool/no-owner", TOOL_PATH, 1, 1),
        ("waiver/no-reason", TOOL_PATH, 22, 1),
    ]);
    let d = lint.one("waiver/no-reason");
    assert_eq!(d.severity, "error");
    assert_eq!(
        d.message,
        "the waiver for tool/no-owner gives no reason, so it excuses nothing"
    );
    assert_eq!(lint.summary("waived"), 0);
}

#[test]
fn waiver_no_reason_for_a_blank_reason() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "owner = \"ana\"\n", "")
        .append(TOOL_PATH, &waiver("tool/no-owner", "   ", "2027-01-31"))
        .lint();
    lint.assert_exactly(&[
        ("tool/no-owner", TOOL_PATH, 1, 1),
        ("waiver/no-reason", TOOL_PATH, 22, 1),
    ]);
}

#[test]
fn waiver_expired() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "owner = \"ana\"\n", "")
        .append(
            TOOL_PATH,
            &waiver("tool/no-owner", "The owner is being hired", "2026-11-24"),
        )
        .lint();
    // Lines: [[waiver]] 22, rule 23, reason 24, expires 25.
    lint.assert_exactly(&[
        ("tool/no-owner", TOOL_PATH, 1, 1),
        ("waiver/expired", TOOL_PATH, 25, 11),
    ]);
    let d = lint.one("waiver/expired");
    assert_eq!(d.severity, "warning");
    assert_eq!(
        d.message,
        "the waiver for tool/no-owner expired on 2026-11-24, so it no longer excuses anything"
    );
    assert_eq!(lint.summary("waived"), 0);
    assert_eq!(lint.code, 1);
}

#[test]
fn waiver_unused() {
    let lint = Tree::baseline()
        .append(
            TOOL_PATH,
            &waiver("tool/no-owner", "The owner is being hired", "2027-01-31"),
        )
        .lint();
    lint.assert_exactly(&[("waiver/unused", TOOL_PATH, 23, 1)]);
    let d = lint.one("waiver/unused");
    assert_eq!(d.severity, "warning");
    assert_eq!(
        d.message,
        "the waiver for tool/no-owner excuses nothing: the rule reports no problem here"
    );
    assert_eq!(lint.code, 0);
}

/// A waiver that excuses the missing backup owner, approved by `approver`.
fn approved_waiver(approver: &str) -> Tree {
    Tree::baseline()
        .edit(TOOL_PATH, "backup_owner = \"ben\"\n", "")
        .append(
            TOOL_PATH,
            &format!(
                "\n[[waiver]]\nrule = \"tool/no-backup-owner\"\nreason = \"Hiring\"\nexpires = 2027-06-30\napproved_by = \"{approver}\"\n"
            ),
        )
}

#[test]
fn waiver_unknown_approver() {
    let lint = approved_waiver("the-board").lint();
    // The waiver still excuses its rule; the approval is what is reported. Line 26 of the
    // tool (one line shorter without backup_owner).
    lint.assert_exactly(&[("waiver/unknown-approver", TOOL_PATH, 26, 15)]);
    let d = lint.one("waiver/unknown-approver");
    assert_eq!(d.severity, "error");
    assert_eq!(
        d.message,
        "the waiver says it was approved by \"the-board\", who is neither a person nor a department in org.toml"
    );
    assert_eq!(lint.summary("waived"), 1);
}

#[test]
fn waiver_unknown_approver_not_for_a_person_or_a_department() {
    approved_waiver("ana").lint().assert_clean();
    approved_waiver("comms").lint().assert_clean();
}

#[test]
fn waiver_unknown_rule() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "owner = \"ana\"\n", "")
        .append(
            TOOL_PATH,
            &waiver("tool/no-ownr", "The owner is being hired", "2027-01-31"),
        )
        .lint();
    lint.assert_exactly(&[
        ("tool/no-owner", TOOL_PATH, 1, 1),
        ("waiver/unknown-rule", TOOL_PATH, 23, 8),
    ]);
    let d = lint.one("waiver/unknown-rule");
    assert_eq!(d.severity, "error");
    assert_eq!(
        d.message,
        "this waiver names \"tool/no-ownr\", which is not a rule that can be waived"
    );
    assert!(
        d.help.ends_with("Did you mean \"tool/no-owner\"?"),
        "{}",
        d.help
    );
}

#[test]
fn waiver_unknown_rule_for_a_waiver_rule() {
    // Waivers cannot be waived.
    let lint = Tree::baseline()
        .append(
            TOOL_PATH,
            &waiver("waiver/unused", "Keep it around", "2027-01-31"),
        )
        .lint();
    lint.assert_exactly(&[("waiver/unknown-rule", TOOL_PATH, 24, 8)]);
}

#[test]
fn waivers_work_in_every_kind_of_file() {
    let lint = Tree::baseline()
        .edit(BUDGET_PATH, "allocation = 1000", "allocation = 50")
        .append(
            BUDGET_PATH,
            &waiver(
                "budget/over-allocation",
                "The board approves the extra in January",
                "2027-01-31",
            ),
        )
        .edit(
            POLICY_PATH,
            "last_reviewed = 2026-06-01",
            "last_reviewed = 2025-01-01",
        )
        .append(
            POLICY_PATH,
            &waiver(
                "policy/review-overdue",
                "Reviewed at the December meeting",
                "2026-12-31",
            ),
        )
        .lint();
    lint.assert_clean();
    assert_eq!(lint.summary("waived"), 2);
}

// steward.toml [rules] ----------------------------------------------------------------

/// The baseline without a backup owner: one tool/no-backup-owner warning at 1:1.
fn without_backup() -> Tree {
    Tree::baseline().edit(TOOL_PATH, "backup_owner = \"ben\"\n", "")
}

#[test]
fn config_off_removes_a_rule() {
    without_backup()
        .file(
            "steward.toml",
            "[rules]\n\"tool/no-backup-owner\" = \"off\"\n",
        )
        .lint()
        .assert_clean();
}

#[test]
fn config_error_raises_a_warning_and_fails_the_run() {
    let lint = without_backup()
        .file(
            "steward.toml",
            "[rules]\n\"tool/no-backup-owner\" = \"error\"\n",
        )
        .lint();
    lint.assert_exactly(&[("tool/no-backup-owner", TOOL_PATH, 1, 1)]);
    assert_eq!(lint.one("tool/no-backup-owner").severity, "error");
    assert_eq!(lint.summary("errors"), 1);
    assert_eq!(lint.summary("warnings"), 0);
    assert_eq!(lint.code, 1);
}

#[test]
fn config_warning_lowers_an_error_and_the_run_passes() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "owner = \"ana\"\n", "")
        .file("steward.toml", "[rules]\n\"tool/no-owner\" = \"warning\"\n")
        .lint();
    lint.assert_exactly(&[("tool/no-owner", TOOL_PATH, 1, 1)]);
    assert_eq!(lint.one("tool/no-owner").severity, "warning");
    assert_eq!(lint.code, 0);
}

#[test]
fn config_unknown_rule() {
    let lint = without_backup()
        .file("steward.toml", "[rules]\n\"tool/no-backup\" = \"off\"\n")
        .lint();
    // The misspelled setting changes nothing, and is reported where it is written.
    // Sorted by file: policies/... before steward.toml.
    lint.assert_exactly(&[
        ("tool/no-backup-owner", TOOL_PATH, 1, 1),
        ("config/unknown-rule", "steward.toml", 2, 1),
    ]);
    let d = lint.one("config/unknown-rule");
    assert_eq!(d.severity, "error");
    assert_eq!(d.message, "there is no rule \"tool/no-backup\"");
    assert_eq!(
        d.help,
        "run `steward rules` for the list of codes. Did you mean \"tool/no-backup-owner\"?"
    );
    assert_eq!((d.end_line, d.end_column), (2, 17));
    assert_eq!(lint.code, 1);
}

#[test]
fn config_applies_to_waiver_rules_too() {
    // An unused waiver is a warning by default; "off" removes it like any other rule.
    let tree = Tree::baseline().append(
        TOOL_PATH,
        &waiver("tool/no-owner", "The owner is being hired", "2027-01-31"),
    );
    tree.lint()
        .assert_exactly(&[("waiver/unused", TOOL_PATH, 23, 1)]);
    let off = Tree::baseline()
        .append(
            TOOL_PATH,
            &waiver("tool/no-owner", "The owner is being hired", "2027-01-31"),
        )
        .file("steward.toml", "[rules]\n\"waiver/unused\" = \"off\"\n")
        .lint();
    off.assert_clean();
    let error = Tree::baseline()
        .append(
            TOOL_PATH,
            &waiver("tool/no-owner", "The owner is being hired", "2027-01-31"),
        )
        .file("steward.toml", "[rules]\n\"waiver/unused\" = \"error\"\n")
        .lint();
    assert_eq!(error.one("waiver/unused").severity, "error");
    assert_eq!(error.code, 1);
}

#[test]
fn a_waiver_for_a_rule_that_is_off_excuses_nothing() {
    let lint = without_backup()
        .append(
            TOOL_PATH,
            &waiver(
                "tool/no-backup-owner",
                "Second admin joins in March",
                "2027-03-31",
            ),
        )
        .file(
            "steward.toml",
            "[rules]\n\"tool/no-backup-owner\" = \"off\"\n",
        )
        .lint();
    lint.assert_exactly(&[("waiver/unused", TOOL_PATH, 22, 1)]);
}

// --today -----------------------------------------------------------------------------

#[test]
fn today_drives_every_date_rule() {
    // The baseline is clean on 2026-11-25. A year and a half later the tool and the policy
    // are overdue for review, and the exit plan test is more than two years old.
    let tree = Tree::baseline();
    tree.lint().assert_clean();
    let later = tree.lint_on("2028-06-01");
    later.assert_exactly(&[
        ("policy/review-overdue", POLICY_PATH, 6, 17),
        ("tool/review-overdue", TOOL_PATH, 9, 17),
        ("tool/exit-plan-incomplete", TOOL_PATH, 17, 1),
    ]);
}

// Every rule has a test --------------------------------------------------------------

/// Every rule `steward rules` lists is triggered by a test: its code appears, quoted, in an
/// expected finding (`("tool/no-owner", TOOL_PATH, 1, 1)`) or a `one("...")`/`has("...")` look-up
/// in some test file. A rule added to the catalogue without a test fails here, and so does
/// a test for a code that no longer exists.
#[test]
fn every_rule_is_triggered_by_a_test() {
    let output = Tree::new()
        .steward()
        .arg("rules")
        .output()
        .expect("run steward rules");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    let codes: Vec<&str> = text
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert!(codes.len() > 40, "{text}");
    let tests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut sources = String::new();
    for entry in std::fs::read_dir(&tests).expect("tests/") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            sources.push_str(&std::fs::read_to_string(&path).expect("a test file"));
        }
    }
    let triggered = |code: &str| {
        [
            format!("(\"{code}\","),
            format!("one(\"{code}\")"),
            format!("has(\"{code}\")"),
            format!("== \"{code}\""),
            format!("&\"{code}\""),
            format!("at(\"{code}\""),
            format!("[\"{code}\"]"),
        ]
        .iter()
        .any(|form| sources.contains(form.as_str()))
    };
    let untested: Vec<&&str> = codes.iter().filter(|code| !triggered(code)).collect();
    assert!(untested.is_empty(), "rules no test triggers: {untested:?}");
}

// Issue 3, "done when" ----------------------------------------------------------------

/// One tool without an owner, one whose exit plan is "TBD", one owned by someone who left,
/// a budget over its allocation and a policy past its review date; every other field is
/// filled in correctly.
pub fn governance_tree() -> Tree {
    Tree::new()
        .file(
            "policies/org.toml",
            r#"name = "Riverside Food Bank"

[departments.it]
name = "IT"
head = "ana"

[departments.comms]
name = "Communications"
head = "ben"

[people.ana]
name = "Ana Lima"
department = "it"

[people.ben]
name = "Ben Okoro"
department = "comms"

[people.cleo]
name = "Cleo Park"
department = "comms"

[people.dev]
name = "Dev Rao"
department = "comms"
left = 2026-03-31
"#,
        )
        .file(
            "policies/tools/wiki.toml",
            r#"name = "Wiki"
vendor = "Wiki Ltd"
category = "knowledge base"
status = "approved"
department = "it"
backup_owner = "ben"
approved_on = 2025-02-01
last_reviewed = 2026-08-01

[exit_plan]
data_export = "Space settings > Export > HTML and Markdown of every page"
export_formats = ["HTML", "Markdown"]
alternatives = ["Notes app"]
last_tested = 2026-07-15
"#,
        )
        .file(
            "policies/tools/survey.toml",
            r#"name = "Survey"
vendor = "Survey Inc"
category = "surveys"
status = "approved"
department = "comms"
owner = "cleo"
backup_owner = "ben"
approved_on = 2025-05-01
last_reviewed = 2026-05-01

[exit_plan]
data_export = "TBD"
"#,
        )
        .file(
            "policies/tools/newsletter.toml",
            r#"name = "Newsletter"
vendor = "Letters Co"
category = "email marketing"
status = "approved"
department = "comms"
owner = "dev"
backup_owner = "cleo"
approved_on = 2024-09-01
last_reviewed = 2026-09-01

[cost]
amount = 300
currency = "USD"
period = "year"
budget_line = "2026/comms#newsletter"

[exit_plan]
data_export = "Audience > Export > CSV of all contacts with tags"
export_formats = ["CSV"]
alternatives = ["Plain mail merge"]
last_tested = 2026-06-10
"#,
        )
        .file(
            "policies/budgets/2026/comms.toml",
            r#"department = "comms"
fiscal_year = 2026
currency = "USD"
allocation = 200

[[line]]
id = "newsletter"
description = "Newsletter subscription"
category = "software"
amount = 300
tool = "newsletter"
recurring = true
"#,
        )
        .file(
            "policies/technology/social-media.toml",
            r#"title = "Social Media Use"
status = "active"
owner = "comms"
approved_by = ["comms", "it"]
effective = 2024-07-01
last_reviewed = 2025-06-30
review_every_months = 12
tools = ["newsletter"]

[[clause]]
id = "who-posts"
text = "Only Communications staff post on the organization's accounts."
"#,
        )
}

const FIVE_FINDINGS: &[(&str, &str, u64, u64)] = &[
    (
        "budget/over-allocation",
        "policies/budgets/2026/comms.toml",
        4,
        14,
    ),
    (
        "policy/review-overdue",
        "policies/technology/social-media.toml",
        6,
        17,
    ),
    ("tool/owner-left", "policies/tools/newsletter.toml", 6, 9),
    ("tool/no-exit-plan", "policies/tools/survey.toml", 12, 15),
    ("tool/no-owner", "policies/tools/wiki.toml", 1, 1),
];

#[test]
fn done_when_exactly_five_findings() {
    let lint = governance_tree().lint();
    lint.assert_exactly(FIVE_FINDINGS);
    assert!(lint.diagnostics().iter().all(|d| d.severity == "error"));
    assert_eq!(lint.summary("errors"), 5);
    assert_eq!(lint.summary("warnings"), 0);
    assert_eq!(lint.summary("waived"), 0);
    assert_eq!(lint.code, 1);
    let messages: Vec<String> = lint.diagnostics().into_iter().map(|d| d.message).collect();
    assert_eq!(
        messages,
        [
            "the 2026/comms budget's lines add up to $300, which is $100 over its allocation of $200",
            "Social Media Use was last reviewed 30 June 2025 and is due for review every 12 months: the review was due by 30 June 2026, and it is now about 5 months late",
            "the owner of Newsletter, Dev Rao (dev), left the organization on 2026-03-31",
            "the exit plan of Survey is only a placeholder (\"TBD\")",
            "Wiki has no owner",
        ]
    );
}

#[test]
fn done_when_a_valid_waiver_silences_one() {
    let lint = governance_tree()
        .append(
            "policies/tools/survey.toml",
            &waiver(
                "tool/no-exit-plan",
                "The vendor ships an export API in Q1; we test it then.",
                "2027-03-31",
            ),
        )
        .lint();
    let expected: Vec<_> = FIVE_FINDINGS
        .iter()
        .copied()
        .filter(|(rule, ..)| *rule != "tool/no-exit-plan")
        .collect();
    lint.assert_exactly(&expected);
    assert_eq!(lint.summary("waived"), 1);
    assert_eq!(lint.summary("errors"), 4);
}

#[test]
fn done_when_an_expired_waiver_does_not_silence_and_is_reported() {
    let lint = governance_tree()
        .append(
            "policies/tools/survey.toml",
            &waiver(
                "tool/no-exit-plan",
                "The vendor ships an export API in Q1; we test it then.",
                "2026-10-31",
            ),
        )
        .lint();
    lint.assert_exactly(&[
        FIVE_FINDINGS[0],
        FIVE_FINDINGS[1],
        FIVE_FINDINGS[2],
        FIVE_FINDINGS[3],
        // [[waiver]] 14, rule 15, reason 16, expires 17.
        ("waiver/expired", "policies/tools/survey.toml", 17, 11),
        FIVE_FINDINGS[4],
    ]);
    assert_eq!(lint.summary("waived"), 0);
    assert_eq!(lint.summary("errors"), 5);
    assert_eq!(lint.summary("warnings"), 1);
}

#[test]
fn done_when_human_output() {
    let (text, code) = governance_tree().human();
    assert_eq!(code, 1);
    insta::assert_snapshot!("governance_done_when_human", text);
}

#[test]
fn review_due_dates_at_the_end_of_a_month_are_clamped() {
    // Reviewed on 31 August, every 6 months: due on 28 February (there is no 31 February).
    let tree = Tree::baseline()
        .edit(
            POLICY_PATH,
            "last_reviewed = 2026-06-01",
            "last_reviewed = 2026-08-31",
        )
        .edit(
            POLICY_PATH,
            "review_every_months = 12",
            "review_every_months = 6",
        );
    tree.lint_on("2027-02-28").assert_clean();
    let lint = tree.lint_on("2027-03-01");
    lint.assert_exactly(&[("policy/review-overdue", POLICY_PATH, 6, 17)]);
    assert!(
        lint.one("policy/review-overdue")
            .message
            .contains("the review was due by 28 February 2027,"),
        "{:#}",
        lint.doc
    );
}
