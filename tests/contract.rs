//! Contracts (issue 17): each contract rule at its boundary dates with `--today`, bad input at
//! the value, waivers and severities, the fiscal year of a renewal, and the issue's "done
//! when" tree. Every test runs the real binary on a real tree built from the baseline in
//! tests/common/mod.rs, whose tool (Chat, $100 a year) gets a `[contract]` appended.

mod common;
mod contract_tree;

use common::{BUDGET_PATH, TOOL_PATH, Tree};
use contract_tree::{DONE_WHEN_TODAY, contracts_tree};

/// The line of `[contract]` once appended to the baseline tool (21 lines, then a blank one);
/// its first field is on the next line.
const CONTRACT_LINE: u64 = 23;

/// The baseline with `[contract]` and these fields appended to the tool.
fn with_contract(fields: &str) -> Tree {
    Tree::baseline().append(TOOL_PATH, &format!("\n[contract]\n{fields}"))
}

/// Renews automatically on 1 March 2027 with 30 days' notice: the deadline is 30 January.
const RENEWS_IN_MARCH: &str = "renews_on = 2027-03-01\nauto_renews = true\nnotice_days = 30\n";

// tool/renewal-notice -------------------------------------------------------------------

#[test]
fn renewal_notice_on_the_deadline_is_a_warning() {
    let lint = with_contract(RENEWS_IN_MARCH).lint_on("2027-01-30");
    lint.assert_exactly(&[("tool/renewal-notice", TOOL_PATH, CONTRACT_LINE + 1, 13)]);
    let d = lint.one("tool/renewal-notice");
    assert_eq!(d.severity, "warning");
    assert_eq!(
        d.message,
        "to cancel Chat, give notice by 30 January 2027 (today); otherwise it renews on 1 March 2027 for $100 a year"
    );
    assert_eq!(
        d.help,
        "decide now whether to keep Chat: to leave, give the vendor notice in writing by 2027-01-30 and set auto_renews = false; to keep it, record the decision in a [[waiver]] with the reason, until 2027-01-30"
    );
    assert_eq!(lint.code, 0);
}

#[test]
fn renewal_notice_the_day_before_the_deadline() {
    let lint = with_contract(RENEWS_IN_MARCH).lint_on("2027-01-29");
    let d = lint.one("tool/renewal-notice");
    assert_eq!(d.severity, "warning");
    assert!(
        d.message
            .starts_with("to cancel Chat, give notice by 30 January 2027 (tomorrow);"),
        "{}",
        d.message
    );
}

#[test]
fn renewal_notice_the_day_after_the_deadline_is_an_error() {
    let lint = with_contract(RENEWS_IN_MARCH).lint_on("2027-01-31");
    lint.assert_exactly(&[("tool/renewal-notice", TOOL_PATH, CONTRACT_LINE + 1, 13)]);
    let d = lint.one("tool/renewal-notice");
    assert_eq!(d.severity, "error");
    assert_eq!(
        d.message,
        "the last day to give notice to cancel Chat was 30 January 2027 (yesterday); unless the vendor agrees otherwise, it renews on 1 March 2027 for $100 a year"
    );
    assert_eq!(lint.code, 1);
}

#[test]
fn renewal_notice_is_an_error_until_the_renewal_day() {
    let lint = with_contract(RENEWS_IN_MARCH).lint_on("2027-03-01");
    assert_eq!(lint.one("tool/renewal-notice").severity, "error");
    // The day after, it has renewed: the file's date is out of date, and without a term
    // steward cannot say when the next renewal is.
    let lint = with_contract(RENEWS_IN_MARCH).lint_on("2027-03-02");
    lint.assert_exactly(&[("tool/contract-incomplete", TOOL_PATH, CONTRACT_LINE + 1, 13)]);
    let d = lint.one("tool/contract-incomplete");
    assert_eq!(
        d.message,
        "the contract for Chat renewed automatically on 1 March 2027 (yesterday); the file does not say when it renews next"
    );
    assert_eq!(
        d.help,
        "set renews_on to the next renewal date from the vendor's invoice, and add term_months so that steward can follow the renewals"
    );
}

#[test]
fn renewal_notice_window_is_60_days_by_default_and_inclusive() {
    // 30 January 2027 is 60 days after 1 December 2026.
    let lint = with_contract(RENEWS_IN_MARCH).lint_on("2026-12-01");
    assert!(
        lint.one("tool/renewal-notice")
            .message
            .contains("by 30 January 2027 (in 60 days)")
    );
    with_contract(RENEWS_IN_MARCH)
        .lint_on("2026-11-30")
        .assert_clean();
}

#[test]
fn renewal_notice_window_from_steward_toml() {
    let tree =
        with_contract(RENEWS_IN_MARCH).file("steward.toml", "renewal_notice_window_days = 90\n");
    // 30 January 2027 is 66 days after 25 November 2026.
    let lint = tree.lint();
    assert!(
        lint.one("tool/renewal-notice")
            .message
            .contains("(in 66 days)")
    );
    let tree = tree.file("steward.toml", "renewal_notice_window_days = 0\n");
    tree.lint_on("2027-01-29").assert_clean();
    assert!(tree.lint_on("2027-01-30").has("tool/renewal-notice"));
}

#[test]
fn renewal_notice_not_without_automatic_renewal() {
    for auto in ["auto_renews = false\n", ""] {
        with_contract(&format!("renews_on = 2027-03-01\n{auto}notice_days = 30\n"))
            .lint_on("2027-01-30")
            .assert_clean();
    }
}

#[test]
fn renewal_notice_with_no_notice_needed_falls_on_the_renewal() {
    let lint = with_contract("renews_on = 2027-03-01\nauto_renews = true\nnotice_days = 0\n")
        .lint_on("2027-02-27");
    assert!(
        lint.one("tool/renewal-notice")
            .message
            .starts_with("to cancel Chat, give notice by 1 March 2027 (in 2 days);")
    );
}

#[test]
fn renewal_notice_before_a_leap_day() {
    // 30 March 2028 minus 30 days is 29 February 2028.
    let lint = with_contract("renews_on = 2028-03-30\nauto_renews = true\nnotice_days = 30\n")
        .edit(
            TOOL_PATH,
            "last_reviewed = 2026-06-01",
            "last_reviewed = 2027-12-01",
        )
        .edit(
            common::POLICY_PATH,
            "last_reviewed = 2026-06-01",
            "last_reviewed = 2027-12-01",
        )
        .lint_on("2028-02-29");
    lint.assert_exactly(&[("tool/renewal-notice", TOOL_PATH, CONTRACT_LINE + 1, 13)]);
    assert_eq!(
        lint.one("tool/renewal-notice").message,
        "to cancel Chat, give notice by 29 February 2028 (today); otherwise it renews on 30 March 2028 for $100 a year"
    );
}

#[test]
fn renewal_on_a_leap_day_rolls_forward_to_the_next_term() {
    let tree = with_contract(
        "renews_on = 2028-02-29\nauto_renews = true\nnotice_days = 30\nterm_months = 12\n",
    )
    .edit(
        TOOL_PATH,
        "last_reviewed = 2026-06-01",
        "last_reviewed = 2027-12-01",
    )
    .edit(
        common::POLICY_PATH,
        "last_reviewed = 2026-06-01",
        "last_reviewed = 2027-12-01",
    );
    // The deadline, 30 January 2028.
    assert_eq!(
        tree.lint_on("2028-01-30")
            .one("tool/renewal-notice")
            .severity,
        "warning"
    );
    // The renewal day: notice is too late.
    assert_eq!(
        tree.lint_on("2028-02-29")
            .one("tool/renewal-notice")
            .severity,
        "error"
    );
    // It renewed; the next renewal is 28 February 2029 (no 29th), notice by 29 January.
    let lint = tree.lint_on("2028-03-01");
    lint.assert_exactly(&[("tool/contract-incomplete", TOOL_PATH, CONTRACT_LINE + 1, 13)]);
    assert_eq!(
        lint.one("tool/contract-incomplete").help,
        "set renews_on = 2029-02-28 (the next renewal) and started = 2028-02-28"
    );
    let lint = tree.lint_on("2028-12-01");
    assert_eq!(
        lint.one("tool/renewal-notice").message,
        "to cancel Chat, give notice by 29 January 2029 (in 59 days); otherwise it renews on 28 February 2029 for $100 a year"
    );
}

#[test]
fn renewal_notice_names_the_yearly_cost_of_a_monthly_price() {
    let lint = with_contract(RENEWS_IN_MARCH)
        .edit(TOOL_PATH, "amount = 100\n", "amount = 200\n")
        .edit(TOOL_PATH, "period = \"year\"", "period = \"month\"")
        .lint_on("2027-01-20");
    assert_eq!(
        lint.one("tool/renewal-notice").message,
        "to cancel Chat, give notice by 30 January 2027 (in 10 days); otherwise it renews on 1 March 2027 for $2,400 a year"
    );
}

#[test]
fn renewal_notice_without_a_cost_says_no_amount() {
    let lint = with_contract(RENEWS_IN_MARCH)
        .edit(TOOL_PATH, "\n[cost]\namount = 100\ncurrency = \"USD\"\nperiod = \"year\"\nbudget_line = \"2026/it#chat\"\n", "")
        .lint_on("2027-01-20");
    assert_eq!(
        lint.one("tool/renewal-notice").message,
        "to cancel Chat, give notice by 30 January 2027 (in 10 days); otherwise it renews on 1 March 2027"
    );
}

#[test]
fn renewal_notice_can_be_waived_and_its_severity_set() {
    let waived = with_contract(RENEWS_IN_MARCH).append(
        TOOL_PATH,
        "\n[[waiver]]\nrule = \"tool/renewal-notice\"\nreason = \"The committee decided on 2027-01-12 to keep Chat for another year.\"\nexpires = 2027-01-30\n",
    );
    let lint = waived.lint_on("2027-01-20");
    lint.assert_clean();
    assert_eq!(lint.summary("waived"), 1);
    // The waiver ends on the deadline: the day after, the error is back (and the waiver has
    // expired).
    let lint = waived.lint_on("2027-01-31");
    assert!(lint.has("tool/renewal-notice"));
    assert!(lint.has("waiver/expired"));
    let strict = with_contract(RENEWS_IN_MARCH).file(
        "steward.toml",
        "[rules]\n\"tool/renewal-notice\" = \"error\"\n",
    );
    assert_eq!(
        strict
            .lint_on("2027-01-20")
            .one("tool/renewal-notice")
            .severity,
        "error"
    );
    let relaxed = with_contract(RENEWS_IN_MARCH).file(
        "steward.toml",
        "[rules]\n\"tool/renewal-notice\" = \"warning\"\n",
    );
    let lint = relaxed.lint_on("2027-02-10");
    assert_eq!(lint.one("tool/renewal-notice").severity, "warning");
    assert_eq!(lint.code, 0);
}

// tool/contract-ended -------------------------------------------------------------------

#[test]
fn contract_ended_the_day_after_it_ends() {
    let tree = with_contract("renews_on = 2026-10-31\nauto_renews = false\n");
    tree.lint_on("2026-10-31").assert_clean();
    let lint = tree.lint_on("2026-11-01");
    lint.assert_exactly(&[("tool/contract-ended", TOOL_PATH, CONTRACT_LINE + 1, 13)]);
    let d = lint.one("tool/contract-ended");
    assert_eq!(d.severity, "error");
    assert_eq!(
        d.message,
        "the contract for Chat ended on 31 October 2026 (yesterday), but the tool is still approved"
    );
    assert_eq!(
        d.help,
        "renew the contract and set started and renews_on to the new term's dates, or retire the tool (status = \"retired\") and move its data out as the exit plan says"
    );
    assert_eq!(lint.code, 1);
}

#[test]
fn contract_ended_for_trial_and_restricted_tools_and_without_auto_renews() {
    for status in ["trial", "restricted"] {
        let lint = with_contract("renews_on = 2026-02-28\n")
            .edit(
                TOOL_PATH,
                "status = \"approved\"",
                &format!("status = \"{status}\""),
            )
            .lint();
        lint.assert_exactly(&[("tool/contract-ended", TOOL_PATH, CONTRACT_LINE + 1, 13)]);
        assert_eq!(
            lint.one("tool/contract-ended").message,
            format!(
                "the contract for Chat ended on 28 February 2026 (270 days ago), but the tool is still {status}"
            )
        );
    }
}

#[test]
fn contract_ended_on_a_leap_day() {
    let tree = with_contract("renews_on = 2028-02-29\nauto_renews = false\n")
        .edit(
            TOOL_PATH,
            "last_reviewed = 2026-06-01",
            "last_reviewed = 2027-12-01",
        )
        .edit(
            common::POLICY_PATH,
            "last_reviewed = 2026-06-01",
            "last_reviewed = 2027-12-01",
        );
    tree.lint_on("2028-02-29").assert_clean();
    assert_eq!(
        tree.lint_on("2028-03-01")
            .one("tool/contract-ended")
            .message,
        "the contract for Chat ended on 29 February 2028 (yesterday), but the tool is still approved"
    );
}

// tool/unused-seats ---------------------------------------------------------------------

#[test]
fn unused_seats_with_their_yearly_cost() {
    // The budget line grows with the price, so that only the seats are in question.
    let lint = with_contract("seats = 25\nseats_used = 10\n")
        .edit(TOOL_PATH, "amount = 100\n", "amount = 2400\n")
        .edit(BUDGET_PATH, "allocation = 1000", "allocation = 5000")
        .edit(BUDGET_PATH, "amount = 100", "amount = 2400")
        .lint();
    // seats_used is the second field.
    lint.assert_exactly(&[("tool/unused-seats", TOOL_PATH, CONTRACT_LINE + 2, 14)]);
    let d = lint.one("tool/unused-seats");
    assert_eq!(d.severity, "warning");
    assert_eq!(
        d.message,
        "Chat has 25 seats paid for, 10 assigned: about $1,440 a year for unused seats"
    );
    assert_eq!(
        d.help,
        "assign the unused seats, or pay for fewer; then update seats and seats_used"
    );
}

#[test]
fn unused_seats_at_the_threshold() {
    // 20 of 25 is 80%: in use enough. 19 of 25 is 76%.
    with_contract("seats = 25\nseats_used = 20\n")
        .lint()
        .assert_clean();
    let lint = with_contract("seats = 25\nseats_used = 19\n").lint();
    assert_eq!(
        lint.one("tool/unused-seats").message,
        "Chat has 25 seats paid for, 19 assigned: about $24 a year for unused seats"
    );
    // From steward.toml: 10 of 25 is 40%.
    let ten_of_25 = || with_contract("seats = 25\nseats_used = 10\n");
    ten_of_25()
        .file("steward.toml", "seat_use_threshold = 40\n")
        .lint()
        .assert_clean();
    assert!(
        ten_of_25()
            .file("steward.toml", "seat_use_threshold = 41\n")
            .lint()
            .has("tool/unused-seats")
    );
    // No seats paid for, none used: nothing to say.
    with_contract("seats = 0\nseats_used = 0\n")
        .lint()
        .assert_clean();
}

#[test]
fn unused_seats_names_the_renewal_and_a_share_without_a_cost() {
    let lint = with_contract(
        "renews_on = 2027-09-01\nauto_renews = true\nnotice_days = 30\nseats = 10\nseats_used = 3\n",
    )
    .edit(TOOL_PATH, "amount = 100\n", "amount = 0\n")
    .lint();
    let d = lint.one("tool/unused-seats");
    // A free tool: the share, not "$0".
    assert_eq!(
        d.message,
        "Chat has 10 seats paid for, 3 assigned (30% in use)"
    );
    assert_eq!(
        d.help,
        "assign the unused seats, or pay for fewer at the renewal on 1 September 2027; then update seats and seats_used"
    );
    let lint = with_contract("seats = 10\nseats_used = 3\n")
        .edit(TOOL_PATH, "period = \"year\"", "period = \"one-time\"")
        .lint();
    assert_eq!(
        lint.one("tool/unused-seats").message,
        "Chat has 10 seats paid for, 3 assigned (30% in use)"
    );
}

// tool/contract-incomplete --------------------------------------------------------------

#[test]
fn contract_incomplete_without_notice_days() {
    let lint = with_contract("renews_on = 2027-09-01\nauto_renews = true\n").lint();
    lint.assert_exactly(&[("tool/contract-incomplete", TOOL_PATH, CONTRACT_LINE + 2, 15)]);
    let d = lint.one("tool/contract-incomplete");
    assert_eq!(
        d.message,
        "the contract for Chat renews automatically, but it does not say how much notice the vendor needs, so nobody is warned before the deadline"
    );
    assert_eq!(
        d.help,
        "add notice_days to [contract]: the days of notice the contract requires before renews_on"
    );
    // The exit plan's notice period is offered.
    let lint = with_contract("renews_on = 2027-09-01\nauto_renews = true\n")
        .edit(
            TOOL_PATH,
            "last_tested = 2026-05-01\n",
            "last_tested = 2026-05-01\nnotice_period_days = 45\n",
        )
        .lint();
    assert_eq!(
        lint.one("tool/contract-incomplete").help,
        "add notice_days to [contract]: the days of notice the contract requires before renews_on (the exit plan says 45: notice_days = 45 if that is the contract's)"
    );
}

#[test]
fn contract_incomplete_when_it_renews_before_it_starts() {
    for renews_on in ["2026-12-31", "2027-01-01"] {
        let lint =
            with_contract(&format!("started = 2027-01-01\nrenews_on = {renews_on}\n")).lint();
        lint.assert_exactly(&[("tool/contract-incomplete", TOOL_PATH, CONTRACT_LINE + 2, 13)]);
        let d = lint.one("tool/contract-incomplete");
        assert!(
            d.message.starts_with("the contract for Chat renews on ")
                && d.message
                    .ends_with(", which is not after it started (1 January 2027)"),
            "{}",
            d.message
        );
    }
    // A contract signed for the future is fine (started is not a date in the past).
    with_contract("started = 2027-01-01\nrenews_on = 2028-01-01\n")
        .lint()
        .assert_clean();
}

#[test]
fn contract_incomplete_with_more_seats_used_than_paid_for() {
    let lint = with_contract("seats = 10\nseats_used = 12\n").lint();
    lint.assert_exactly(&[("tool/contract-incomplete", TOOL_PATH, CONTRACT_LINE + 2, 14)]);
    let d = lint.one("tool/contract-incomplete");
    assert_eq!(
        d.message,
        "Chat has 12 seats assigned but only 10 seats paid for"
    );
    // Not also unused seats.
    assert!(!lint.has("tool/unused-seats"));
}

// bad input ---------------------------------------------------------------------------

#[test]
fn bad_values_are_reported_at_the_value_once() {
    let cases: &[(&str, &str, u64, u64)] = &[
        (
            "renews_on = 2027-03-01\nauto_renews = true\nnotice_days = -5\n",
            "schema/range",
            3,
            15,
        ),
        (
            "renews_on = 2027-03-01\nauto_renews = true\nnotice_days = 99999999999\n",
            "schema/range",
            3,
            15,
        ),
        ("seats = 25\nseats_used = 10.5\n", "schema/type", 2, 14),
        ("seats = \"many\"\nseats_used = 1\n", "schema/type", 1, 9),
        ("seats = 25\nseats_used = -1\n", "schema/range", 2, 14),
        ("term_months = 0\n", "schema/range", 1, 15),
        (
            "renews_on = \"soon\"\nauto_renews = false\n",
            "schema/format",
            1,
            13,
        ),
        (
            "renews_on = 2026-03-01\nauto_renews = \"yes\"\n",
            "schema/type",
            2,
            15,
        ),
        ("renewal = 2027-03-01\n", "schema/additional-property", 1, 1),
    ];
    for (fields, rule, line, column) in cases {
        let lint = with_contract(fields).lint();
        lint.assert_exactly(&[(rule, TOOL_PATH, CONTRACT_LINE + line, *column)]);
    }
    // `contract` that is not a table.
    let lint = Tree::baseline()
        .edit(
            TOOL_PATH,
            "last_reviewed = 2026-06-01\n",
            "last_reviewed = 2026-06-01\ncontract = \"PO-1\"\n",
        )
        .lint();
    lint.assert_exactly(&[("schema/type", TOOL_PATH, 10, 12)]);
}

#[test]
fn huge_values_do_not_overflow() {
    // The largest values the schema allows, on the last days there are.
    let lint = with_contract(
        "started = 0001-01-01\nrenews_on = 9999-12-31\nauto_renews = true\nnotice_days = 3650\nterm_months = 600\nseats = 10000000\nseats_used = 0\n",
    )
    .edit(TOOL_PATH, "amount = 100\n", "amount = 1000000000000000\n")
    .lint_on("9999-12-30");
    assert_eq!(lint.one("tool/renewal-notice").severity, "error");
    assert_eq!(
        lint.one("tool/unused-seats").message,
        "Chat has 10000000 seats paid for, 0 assigned: about $1,000,000,000,000,000 a year for unused seats"
    );
}

// tool/retired-under-contract -----------------------------------------------------------

/// The tool retired, and its budget line a final payment (so that it is not still funded).
fn retire(tree: Tree) -> Tree {
    tree.edit(TOOL_PATH, "status = \"approved\"", "status = \"retired\"")
        .edit(BUDGET_PATH, "recurring = true", "recurring = false")
}

#[test]
fn retired_tool_with_a_contract_that_still_renews() {
    let lint = retire(with_contract(RENEWS_IN_MARCH)).lint_on("2027-01-20");
    lint.assert_exactly(&[(
        "tool/retired-under-contract",
        TOOL_PATH,
        CONTRACT_LINE + 1,
        13,
    )]);
    let d = lint.one("tool/retired-under-contract");
    assert_eq!(d.severity, "warning");
    assert_eq!(
        d.message,
        "Chat is retired, but its contract renews automatically on 1 March 2027 for $100 a year; give notice by 30 January 2027 (in 10 days)"
    );
    // A retired tool's contract is not also a renewal notice.
    assert!(!lint.has("tool/renewal-notice"));
}

#[test]
fn retired_tool_whose_contract_runs_out_or_has_ended() {
    let retired = |fields: &str| retire(with_contract(fields));
    // Notice given, the contract runs until March: nothing to do.
    retired("renews_on = 2027-03-01\nauto_renews = false\nnotice_days = 30\n")
        .lint()
        .assert_clean();
    let lint = retired("renews_on = 2026-03-01\nauto_renews = false\n").lint();
    assert_eq!(
        lint.one("tool/retired-under-contract").message,
        "Chat is retired and its contract ended on 1 March 2026, but the file still has it"
    );
    let lint = retired("seats = 10\n").lint();
    lint.assert_exactly(&[("tool/retired-under-contract", TOOL_PATH, CONTRACT_LINE, 1)]);
    assert_eq!(
        lint.one("tool/retired-under-contract").message,
        "Chat is retired but still has a [contract]"
    );
}

// tool/unbudgeted, for the fiscal year of a renewal --------------------------------------

const BUDGET_2027: &str = r#"department = "it"
fiscal_year = 2027
currency = "USD"
allocation = 1000

[[line]]
id = "laptops"
category = "hardware"
amount = 500
"#;

#[test]
fn unbudgeted_renewal_names_the_fiscal_year() {
    let lint = with_contract("renews_on = 2027-09-01\nauto_renews = true\nnotice_days = 30\n")
        .file("policies/budgets/2027/it.toml", BUDGET_2027)
        .lint();
    lint.assert_exactly(&[("tool/unbudgeted", TOOL_PATH, CONTRACT_LINE + 1, 13)]);
    let d = lint.one("tool/unbudgeted");
    assert_eq!(
        d.message,
        "Chat renews on 1 September 2027, in fiscal year 2027, but no line of the 2027 budgets pays for it"
    );
    assert_eq!(
        d.help,
        "add a line for it to budgets/2027/it.toml (with tool = \"chat\"), or give notice before the renewal if the tool is not to be kept"
    );
}

#[test]
fn unbudgeted_renewal_not_when_paid_or_not_yet_planned() {
    let contract = "renews_on = 2027-09-01\nauto_renews = true\nnotice_days = 30\n";
    // A 2027 line that names the tool.
    with_contract(contract)
        .file(
            "policies/budgets/2027/it.toml",
            &format!("{BUDGET_2027}\n[[line]]\nid = \"chat\"\ncategory = \"software\"\namount = 100\ntool = \"chat\"\nrecurring = true\n"),
        )
        .lint()
        .assert_clean();
    // No 2027 budgets yet.
    with_contract(contract).lint().assert_clean();
    // A free tool, or a one-time cost, needs no line.
    with_contract(contract)
        .edit(TOOL_PATH, "amount = 100\n", "amount = 0\n")
        .file("policies/budgets/2027/it.toml", BUDGET_2027)
        .lint()
        .assert_clean();
}

// SARIF -------------------------------------------------------------------------------

#[test]
fn contract_rules_are_in_sarif() {
    let tree = with_contract(RENEWS_IN_MARCH);
    let output = tree
        .steward()
        .args(["lint", "--format", "sarif", "--today", "2027-01-31"])
        .output()
        .expect("run steward");
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let run = &sarif["runs"][0];
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "tool/renewal-notice");
    assert_eq!(result["level"], "error");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    for code in [
        "tool/renewal-notice",
        "tool/contract-ended",
        "tool/unused-seats",
        "tool/contract-incomplete",
        "tool/retired-under-contract",
    ] {
        assert!(
            rules.iter().any(|r| r["id"] == code),
            "{code} is not in SARIF"
        );
    }
}

#[test]
fn explain_a_contract_rule() {
    let output = Tree::new()
        .steward()
        .args(["explain", "tool/renewal-notice"])
        .output()
        .expect("run steward");
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        text.starts_with("tool/renewal-notice (warning by default)\n"),
        "{text}"
    );
    assert!(text.contains("renewal_notice_window_days"), "{text}");
}

// Issue 17, "done when" ---------------------------------------------------------------

#[test]
fn done_when_exactly_four_findings_in_words() {
    let lint = contracts_tree().lint_on(DONE_WHEN_TODAY);
    // [contract] is on line 17 of each tool: renews_on on 18 (19 after started), seats_used
    // on 19.
    lint.assert_exactly(&[
        ("tool/unused-seats", "policies/tools/chat.toml", 19, 14),
        (
            "tool/renewal-notice",
            "policies/tools/mailchimp.toml",
            18,
            13,
        ),
        ("tool/contract-ended", "policies/tools/survey.toml", 19, 13),
        ("tool/renewal-notice", "policies/tools/zoom.toml", 19, 13),
    ]);
    let messages: Vec<(String, String)> = lint
        .diagnostics()
        .into_iter()
        .map(|d| (d.severity, d.message))
        .collect();
    assert_eq!(
        messages,
        [
            ("warning", "Chat has 25 seats paid for, 10 assigned: about $1,440 a year for unused seats"),
            ("warning", "to cancel Mailchimp, give notice by 16 December 2026 (in 15 days); otherwise it renews on 15 January 2027 for $1,200 a year"),
            ("error", "the contract for Survey ended on 15 November 2026 (16 days ago), but the tool is still approved"),
            ("error", "the last day to give notice to cancel Zoom was 21 November 2026 (10 days ago); unless the vendor agrees otherwise, it renews on 21 December 2026 for $2,400 a year"),
        ]
        .map(|(s, m)| (s.to_string(), m.to_string()))
    );
    assert_eq!(lint.code, 1);
}

#[test]
fn done_when_human_output() {
    let (text, code) = common::run_human(contracts_tree().path(), &["--today", DONE_WHEN_TODAY]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("contracts_done_when_human", text);
}

// The review packet's agenda ------------------------------------------------------------

/// A contract whose notice deadline falls in the packet's window is on the agenda, in words:
/// when it renews, the last day to give notice, what it costs and what is to be decided.
#[test]
fn the_review_packet_asks_to_renew_or_cancel_a_contract_near_its_deadline() {
    let tree = with_contract(RENEWS_IN_MARCH);
    let packet = |today: &str, format: &str| {
        let output = tree
            .steward()
            .args([
                "review", "--today", today, "--within", "30", "--format", format,
            ])
            .output()
            .expect("run steward");
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    let markdown = packet("2027-01-10", "markdown");
    assert!(
        markdown.contains(concat!(
            "## Contracts to renew or cancel\n\n",
            "- **Chat** (IT): It renews by itself on 1 March 2027; to leave, notice must be given by 30 January 2027 (20 days to decide). It costs $100 a year. The committee is asked to decide: renew or cancel.\n",
        )),
        "{markdown}"
    );
    let json: serde_json::Value = serde_json::from_str(&packet("2027-01-10", "json")).unwrap();
    assert_eq!(json["renewals"][0]["notice_by"], "2027-01-30", "{json:#}");
    assert_eq!(json["renewals"][0]["days_to_decide"], 20);
    // Forty days before the deadline it is outside a 30-day window.
    assert!(!packet("2026-12-21", "markdown").contains("Contracts to renew"));
}
