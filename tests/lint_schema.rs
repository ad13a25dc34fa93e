//! `steward lint` on files that are not well-formed (issue 2): TOML syntax, every schema
//! code, files that do not belong in the layout, and file names that are not ids. Each test
//! starts from the clean baseline (see tests/common/mod.rs) and breaks one thing.

mod common;

use common::{BUDGET_PATH, ORG_PATH, POLICY_PATH, TOOL_PATH, Tree};

#[test]
fn the_baseline_is_clean() {
    Tree::baseline().lint().assert_clean();
}

// schema/required -----------------------------------------------------------------------

#[test]
fn a_missing_top_level_field_is_reported_at_the_start_of_the_file() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "vendor = \"Chat Inc\"\n", "")
        .lint();
    lint.assert_exactly(&[("schema/required", TOOL_PATH, 1, 1)]);
    let d = lint.one("schema/required");
    assert_eq!(
        d.message,
        "this tool is missing the required field `vendor`"
    );
    assert_eq!(
        d.help,
        "add `vendor = \"...\"` to this tool (who makes or sells it)"
    );
    assert_eq!(lint.code, 1);
}

#[test]
fn a_missing_field_in_a_table_points_at_the_table_header() {
    // [cost] is on line 11; currency was on line 13.
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "currency = \"USD\"\n", "")
        .lint();
    lint.assert_exactly(&[("schema/required", TOOL_PATH, 11, 1)]);
    let d = lint.one("schema/required");
    assert_eq!(
        d.message,
        "the table [cost] is missing the required field `currency`"
    );
    // The span is the header itself.
    assert_eq!((d.end_line, d.end_column), (11, 7));
}

#[test]
fn a_missing_field_in_an_array_of_tables_points_at_that_item() {
    let lint = Tree::baseline()
        .edit(BUDGET_PATH, "category = \"software\"\n", "")
        .lint();
    lint.assert_exactly(&[("schema/required", BUDGET_PATH, 6, 1)]);
    assert!(
        lint.one("schema/required")
            .help
            .starts_with("add `category = \"software\"`"),
        "the help shows an allowed value: {:#}",
        lint.doc
    );
}

#[test]
fn a_missing_field_in_a_keyed_table_of_org_toml_points_at_that_table() {
    // [people.ben] is on line 15.
    let lint = Tree::baseline()
        .edit(ORG_PATH, "name = \"Ben Okoro\"\n", "")
        .lint();
    lint.assert_exactly(&[("schema/required", ORG_PATH, 15, 1)]);
    assert_eq!(
        lint.one("schema/required").message,
        "the table [people.ben] is missing the required field `name`"
    );
}

#[test]
fn each_missing_field_is_one_diagnostic() {
    // Three required fields gone from one file: three diagnostics, none twice, and no
    // governance finding piled on top (no status means no backup-owner rule, for example).
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "vendor = \"Chat Inc\"\n", "")
        .edit(TOOL_PATH, "category = \"messaging\"\n", "")
        .edit(TOOL_PATH, "status = \"approved\"\n", "")
        .lint();
    lint.assert_exactly(&[
        ("schema/required", TOOL_PATH, 1, 1),
        ("schema/required", TOOL_PATH, 1, 1),
        ("schema/required", TOOL_PATH, 1, 1),
    ]);
    let mut messages: Vec<String> = lint.diagnostics().into_iter().map(|d| d.message).collect();
    messages.sort();
    assert_eq!(
        messages,
        [
            "this tool is missing the required field `category`",
            "this tool is missing the required field `status`",
            "this tool is missing the required field `vendor`",
        ]
    );
}

#[test]
fn a_missing_department_is_reported_once() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "department = \"it\"\n", "")
        .lint();
    lint.assert_exactly(&[("schema/required", TOOL_PATH, 1, 1)]);
}

// schema/type -------------------------------------------------------------------------

#[test]
fn text_where_a_number_belongs() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "amount = 100", "amount = \"100\"")
        .lint();
    lint.assert_exactly(&[("schema/type", TOOL_PATH, 12, 10)]);
    let d = lint.one("schema/type");
    assert_eq!(
        d.message,
        "`cost.amount` must be a number; found the text \"100\""
    );
    assert_eq!(d.help, "write numbers without quotes: amount = 100");
    assert_eq!((d.end_line, d.end_column), (12, 15));
}

#[test]
fn a_quoted_date_is_a_type_error() {
    let lint = Tree::baseline()
        .edit(
            TOOL_PATH,
            "last_reviewed = 2026-06-01",
            "last_reviewed = \"2026-06-01\"",
        )
        .lint();
    lint.assert_exactly(&[("schema/type", TOOL_PATH, 9, 17)]);
    let d = lint.one("schema/type");
    assert_eq!(
        d.message,
        "`last_reviewed` must be a date, not text; found \"2026-06-01\" in quotes"
    );
    assert_eq!(d.help, "remove the quotes: last_reviewed = 2026-06-01");
}

#[test]
fn a_quoted_date_in_org_toml_and_in_a_nested_table() {
    let lint = Tree::baseline()
        .edit(
            ORG_PATH,
            "department = \"comms\"\n",
            "department = \"comms\"\nleft = \"2027-01-01\"\n",
        )
        .edit(
            TOOL_PATH,
            "last_tested = 2026-05-01",
            "last_tested = \"2026-05-01\"",
        )
        .lint();
    lint.assert_exactly(&[
        ("schema/type", ORG_PATH, 18, 8),
        ("schema/type", TOOL_PATH, 21, 15),
    ]);
}

#[test]
fn quoted_text_that_only_looks_like_a_date_is_fine_where_text_belongs() {
    Tree::baseline()
        .edit(
            TOOL_PATH,
            "category = \"messaging\"",
            "category = \"2026-01-01\"",
        )
        .lint()
        .assert_clean();
}

#[test]
fn a_single_value_where_a_list_belongs() {
    let lint = Tree::baseline()
        .edit(
            TOOL_PATH,
            "export_formats = [\"JSON\"]",
            "export_formats = \"JSON\"",
        )
        .lint();
    lint.assert_exactly(&[("schema/type", TOOL_PATH, 19, 18)]);
    let d = lint.one("schema/type");
    assert_eq!(
        d.message,
        "`exit_plan.export_formats` must be a list like [\"a\", \"b\"]; found the text \"JSON\""
    );
    assert_eq!(
        d.help,
        "put the value in square brackets: export_formats = [\"JSON\"]"
    );
}

#[test]
fn a_number_where_text_belongs() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "vendor = \"Chat Inc\"", "vendor = 42")
        .lint();
    lint.assert_exactly(&[("schema/type", TOOL_PATH, 2, 10)]);
    assert_eq!(
        lint.one("schema/type").help,
        "put the value in quotes: vendor = \"42\""
    );
}

// schema/enum -------------------------------------------------------------------------

#[test]
fn a_misspelled_status_suggests_the_closest_choice() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "status = \"approved\"", "status = \"aproved\"")
        .lint();
    lint.assert_exactly(&[("schema/enum", TOOL_PATH, 4, 10)]);
    let d = lint.one("schema/enum");
    assert_eq!(
        d.message,
        "`status` must be one of approved, trial, restricted, retired; found the text \"aproved\""
    );
    assert_eq!(
        d.help,
        "use one of the allowed values. Did you mean \"approved\"?"
    );
    assert_eq!((d.end_line, d.end_column), (4, 19));
}

#[test]
fn a_value_far_from_every_choice_gets_no_suggestion() {
    let lint = Tree::baseline()
        .edit(
            BUDGET_PATH,
            "category = \"software\"",
            "category = \"banana\"",
        )
        .lint();
    lint.assert_exactly(&[("schema/enum", BUDGET_PATH, 9, 12)]);
    assert_eq!(
        lint.one("schema/enum").help,
        "use one of the allowed values."
    );
}

// schema/additional-property ----------------------------------------------------------

#[test]
fn an_unknown_key_is_reported_at_the_key() {
    let lint = Tree::baseline()
        .edit(
            TOOL_PATH,
            "owner = \"ana\"\n",
            "owner = \"ana\"\nownr = \"ben\"\n",
        )
        .lint();
    lint.assert_exactly(&[("schema/additional-property", TOOL_PATH, 7, 1)]);
    let d = lint.one("schema/additional-property");
    assert_eq!(d.message, "`ownr` is not a known field of a tool");
    assert_eq!(
        d.help,
        "did you mean `owner`? remove it, or keep your organization's own fields in an [extra] table"
    );
    // The span is the key, not the value.
    assert_eq!((d.end_line, d.end_column), (7, 5));
}

#[test]
fn a_misspelled_required_key_is_one_diagnostic() {
    // `vendr` is unknown and `vendor` is missing: one typo, reported once, at the typo.
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "vendor = \"Chat Inc\"", "vendr = \"Chat Inc\"")
        .edit(TOOL_PATH, "currency = \"USD\"", "curency = \"USD\"")
        .lint();
    lint.assert_exactly(&[
        ("schema/additional-property", TOOL_PATH, 2, 1),
        ("schema/additional-property", TOOL_PATH, 13, 1),
    ]);
    let helps: Vec<String> = lint.diagnostics().into_iter().map(|d| d.help).collect();
    assert!(helps[0].starts_with("did you mean `vendor`?"), "{helps:?}");
    assert!(
        helps[1].starts_with("did you mean `currency`?"),
        "{helps:?}"
    );
}

#[test]
fn an_unknown_key_unlike_the_missing_one_leaves_both_reported() {
    let lint = Tree::baseline()
        .edit(
            TOOL_PATH,
            "vendor = \"Chat Inc\"",
            "supplier = \"Chat Inc\"",
        )
        .lint();
    lint.assert_exactly(&[
        ("schema/required", TOOL_PATH, 1, 1),
        ("schema/additional-property", TOOL_PATH, 2, 1),
    ]);
}

#[test]
fn an_unknown_key_in_a_nested_table() {
    let lint = Tree::baseline()
        .edit(
            TOOL_PATH,
            "period = \"year\"\n",
            "period = \"year\"\nperiode = 1\n",
        )
        .lint();
    lint.assert_exactly(&[("schema/additional-property", TOOL_PATH, 15, 1)]);
    assert_eq!(
        lint.one("schema/additional-property").message,
        "`periode` is not a known field of the table [cost]"
    );
}

#[test]
fn an_unknown_table_is_reported_at_its_name_in_the_header() {
    let lint = Tree::baseline()
        .append(TOOL_PATH, "\n[costs]\nx = 1\n")
        .lint();
    lint.assert_exactly(&[("schema/additional-property", TOOL_PATH, 23, 2)]);
    assert!(
        lint.one("schema/additional-property")
            .help
            .starts_with("did you mean `cost`?")
    );
}

#[test]
fn the_suggestion_for_an_unknown_key_is_a_key_of_that_table() {
    // `title` is a policy field, not a tool field: suggesting it would lead to a second error.
    let lint = Tree::baseline()
        .edit(
            TOOL_PATH,
            "name = \"Chat\"\n",
            "name = \"Chat\"\ntitel = \"Chat\"\n",
        )
        .lint();
    lint.assert_exactly(&[("schema/additional-property", TOOL_PATH, 2, 1)]);
    let help = lint.one("schema/additional-property").help;
    assert!(!help.contains("title"), "{help}");
}

#[test]
fn own_fields_belong_in_the_extra_table() {
    Tree::baseline()
        .append(TOOL_PATH, "\n[extra]\ncontract_id = \"C-12\"\n")
        .lint()
        .assert_clean();
}

// schema/pattern ----------------------------------------------------------------------

#[test]
fn a_name_where_a_person_id_belongs_is_one_pattern_diagnostic() {
    // One problem, one diagnostic: the schema reports the malformed id; the reference check
    // does not add "there is no person "Ana Lima"" on top.
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "owner = \"ana\"", "owner = \"Ana Lima\"")
        .lint();
    lint.assert_exactly(&[("schema/pattern", TOOL_PATH, 6, 9)]);
    let d = lint.one("schema/pattern");
    assert_eq!(
        d.message,
        "`owner` must be an id (lowercase letters, digits and dashes); found the text \"Ana Lima\""
    );
    assert_eq!(d.help, "write it like \"jane-doe\"");
}

#[test]
fn malformed_ids_in_lists_and_other_references_are_reported_once_each() {
    let lint = Tree::baseline()
        .edit(
            POLICY_PATH,
            "approved_by = [\"it\"]",
            "approved_by = [\"IT\"]",
        )
        .edit(POLICY_PATH, "tools = [\"chat\"]", "tools = [\"Chat\"]")
        .edit(BUDGET_PATH, "tool = \"chat\"", "tool = \"Chat App\"")
        .lint();
    lint.assert_exactly(&[
        ("schema/pattern", BUDGET_PATH, 11, 8),
        ("schema/pattern", POLICY_PATH, 4, 16),
        ("schema/pattern", POLICY_PATH, 8, 10),
    ]);
}

#[test]
fn a_lowercase_currency_and_a_malformed_budget_line() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "currency = \"USD\"", "currency = \"usd\"")
        .edit(
            TOOL_PATH,
            "budget_line = \"2026/it#chat\"",
            "budget_line = \"it-chat\"",
        )
        .lint();
    lint.assert_exactly(&[
        ("schema/pattern", TOOL_PATH, 13, 12),
        ("schema/pattern", TOOL_PATH, 15, 15),
    ]);
    let diags = lint.diagnostics();
    assert_eq!(diags[0].help, "write it like \"USD\"");
    assert_eq!(
        diags[1].help,
        "write it like \"2026/communications#design-software\""
    );
}

#[test]
fn a_person_key_that_is_not_an_id_is_reported_at_the_key() {
    let lint = Tree::baseline()
        .edit(ORG_PATH, "[people.ben]", "[people.Ben]")
        .edit(ORG_PATH, "head = \"ben\"", "head = \"ana\"")
        .edit(
            TOOL_PATH,
            "backup_owner = \"ben\"",
            "backup_owner = \"ana\"",
        )
        .lint();
    // The backup owner is now the owner, which the governance rule reports too.
    lint.assert_exactly(&[
        ("schema/pattern", ORG_PATH, 15, 9),
        ("tool/no-backup-owner", TOOL_PATH, 7, 16),
    ]);
    assert_eq!(
        lint.one("schema/pattern").message,
        "`Ben` in [people] is not a valid id"
    );
}

// schema/format -----------------------------------------------------------------------

#[test]
fn a_web_address_without_a_scheme() {
    let lint = Tree::baseline()
        .edit(
            TOOL_PATH,
            "category = \"messaging\"\n",
            "category = \"messaging\"\nurl = \"chat.example\"\n",
        )
        .lint();
    lint.assert_exactly(&[("schema/format", TOOL_PATH, 4, 7)]);
    let d = lint.one("schema/format");
    assert_eq!(
        d.message,
        "`url` must be a full web address; found the text \"chat.example\""
    );
    assert_eq!(d.help, "write it like \"https://example.org\"");
}

#[test]
fn a_date_with_a_time_where_a_date_belongs() {
    let lint = Tree::baseline()
        .edit(
            TOOL_PATH,
            "last_tested = 2026-05-01",
            "last_tested = 2026-05-01T10:00:00",
        )
        .lint();
    lint.assert_exactly(&[("schema/format", TOOL_PATH, 21, 15)]);
    assert_eq!(
        lint.one("schema/format").message,
        "`exit_plan.last_tested` must be a date (year-month-day, no time); found the date and time 2026-05-01T10:00:00"
    );
}

#[test]
fn an_email_address_without_an_at_sign() {
    let lint = Tree::baseline()
        .edit(
            ORG_PATH,
            "name = \"Ana Lima\"\n",
            "name = \"Ana Lima\"\nemail = \"ana.example.org\"\n",
        )
        .lint();
    lint.assert_exactly(&[("schema/format", ORG_PATH, 13, 9)]);
}

// schema/range ------------------------------------------------------------------------

#[test]
fn a_negative_amount() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "amount = 100", "amount = -100")
        .lint();
    lint.assert_exactly(&[("schema/range", TOOL_PATH, 12, 10)]);
    assert_eq!(
        lint.one("schema/range").message,
        "`cost.amount` must be at least 0; found the number -100"
    );
}

#[test]
fn a_review_interval_out_of_range_on_either_side() {
    let low = Tree::baseline()
        .edit(
            POLICY_PATH,
            "review_every_months = 12",
            "review_every_months = 0",
        )
        .lint();
    low.assert_exactly(&[("schema/range", POLICY_PATH, 7, 23)]);
    assert_eq!(
        low.one("schema/range").message,
        "`review_every_months` must be at least 1; found the number 0"
    );

    let high = Tree::baseline()
        .edit(
            POLICY_PATH,
            "review_every_months = 12",
            "review_every_months = 121",
        )
        .lint();
    high.assert_exactly(&[("schema/range", POLICY_PATH, 7, 23)]);
    assert_eq!(
        high.one("schema/range").message,
        "`review_every_months` must be at most 120; found the number 121"
    );
}

// schema/length -----------------------------------------------------------------------

#[test]
fn an_empty_name() {
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "name = \"Chat\"", "name = \"\"")
        .lint();
    lint.assert_exactly(&[("schema/length", TOOL_PATH, 1, 8)]);
    let d = lint.one("schema/length");
    assert_eq!(d.message, "`name` must not be empty; found the text \"\"");
    assert_eq!(
        d.help,
        "fill it in, or remove the field if it does not apply"
    );
}

#[test]
fn an_empty_clause_text() {
    let lint = Tree::baseline()
        .edit(
            POLICY_PATH,
            "text = \"Applies to everyone.\"",
            "text = \"\"",
        )
        .lint();
    lint.assert_exactly(&[("schema/length", POLICY_PATH, 12, 8)]);
    assert_eq!(
        lint.one("schema/length").message,
        "`clause[1].text` must not be empty; found the text \"\""
    );
}

// toml/syntax -------------------------------------------------------------------------

#[test]
fn an_unclosed_table_header() {
    let lint = Tree::baseline().edit(TOOL_PATH, "[cost]", "[cost").lint();
    lint.assert_exactly(&[("toml/syntax", TOOL_PATH, 11, 6)]);
    let d = lint.one("toml/syntax");
    assert_eq!(
        d.message,
        "this is not valid TOML: unclosed table, expected `]`"
    );
    assert_eq!(
        d.help,
        "fix the syntax here; the rest of this file is checked once it parses"
    );
}

#[test]
fn every_syntax_error_in_a_file_is_reported() {
    let lint = Tree::baseline()
        .file(
            "policies/technology/broken.toml",
            "title = \"Broken\nstatus = \"active\"\nowner = \"it\"\nx = 1\nx = 2\n[clause\n",
        )
        .lint();
    lint.assert_exactly(&[
        ("toml/syntax", "policies/technology/broken.toml", 1, 16),
        ("toml/syntax", "policies/technology/broken.toml", 5, 1),
        ("toml/syntax", "policies/technology/broken.toml", 6, 8),
    ]);
    let messages: Vec<String> = lint.diagnostics().into_iter().map(|d| d.message).collect();
    assert_eq!(
        messages,
        [
            "this is not valid TOML: invalid basic string, expected `\"`",
            "this is not valid TOML: duplicate key",
            "this is not valid TOML: unclosed table, expected `]`",
        ]
    );
}

#[test]
fn a_hexadecimal_prefix_without_digits_is_a_syntax_error() {
    for literal in ["0x", "0o", "0b"] {
        let lint = Tree::baseline()
            .edit(
                POLICY_PATH,
                "review_every_months = 12",
                &format!("review_every_months = {literal}"),
            )
            .lint();
        lint.assert_exactly(&[("toml/syntax", POLICY_PATH, 7, 23)]);
        assert_eq!(
            lint.one("toml/syntax").message,
            format!("this is not valid TOML: invalid integer `{literal}`")
        );
        assert_eq!(lint.code, 1);
    }
}

#[test]
fn a_file_that_does_not_parse_gets_no_other_diagnostic() {
    // The tool's file is broken: its missing owner is not reported, and nothing that refers
    // to it (the policy, the budget line) is reported as unknown.
    let lint = Tree::baseline()
        .edit(TOOL_PATH, "owner = \"ana\"\n", "")
        .edit(TOOL_PATH, "name = \"Chat\"", "name = Chat")
        .lint();
    lint.assert_exactly(&[("toml/syntax", TOOL_PATH, 1, 8)]);
}

#[test]
fn a_broken_org_toml_does_not_make_every_reference_unknown() {
    let lint = Tree::baseline()
        .edit(ORG_PATH, "[departments.it]", "[departments.it")
        .lint();
    lint.assert_exactly(&[("toml/syntax", ORG_PATH, 3, 16)]);
}

// file/* ------------------------------------------------------------------------------

#[test]
fn files_outside_the_layout_are_reported_with_a_hint() {
    let lint = Tree::baseline()
        .file("policies/tool/x.toml", common::TOOL)
        .file("policies/tools/x.yaml", "name: x\n")
        .file("policies/notes.toml", "x = 1\n")
        .file("policies/budgets/it.toml", common::BUDGET)
        .lint();
    lint.assert_exactly(&[
        ("file/unrecognized", "policies/budgets/it.toml", 1, 1),
        ("file/unrecognized", "policies/notes.toml", 1, 1),
        ("file/unrecognized", "policies/tool/x.toml", 1, 1),
        ("file/unrecognized", "policies/tools/x.yaml", 1, 1),
    ]);
    let helps: Vec<String> = lint.diagnostics().into_iter().map(|d| d.help).collect();
    assert_eq!(
        helps,
        [
            "budgets go in budgets/<fiscal-year>/<department>.toml. Move or rename the file, or delete it if it is not needed.",
            "only org.toml belongs at the top of the tree; tools go in tools/, policies in technology/, budgets in budgets/<fiscal-year>/. Move or rename the file, or delete it if it is not needed.",
            "did you mean the folder tools/? Move or rename the file, or delete it if it is not needed.",
            "policy files end in .toml; documentation (.md, .txt) is allowed anywhere. Move or rename the file, or delete it if it is not needed.",
        ]
    );
    assert_eq!(
        lint.diagnostics()[0].message,
        "this file does not belong in the policy tree's layout"
    );
}

#[test]
fn documentation_and_hidden_files_are_not_reported_or_counted() {
    let lint = Tree::baseline()
        .file("policies/README.md", "# Our policies\n")
        .file("policies/tools/NOTES.txt", "notes\n")
        .file("policies/LICENSE", "CC0\n")
        .file("policies/tools/.gitkeep", "")
        .file("policies/.hidden/x.toml", "x = 1\n")
        .lint();
    lint.assert_clean();
    assert_eq!(lint.summary("files"), 4);
}

#[test]
fn a_file_larger_than_the_limit_is_not_read() {
    let lint = Tree::baseline()
        .file("steward.toml", "max_file_bytes = 300\n")
        .lint();
    // The tool file is the only one over 300 bytes.
    lint.assert_exactly(&[("file/too-large", TOOL_PATH, 1, 1)]);
    assert!(
        lint.one("file/too-large")
            .message
            .contains("over the limit of 300 bytes")
    );
}

#[test]
fn a_file_that_is_not_utf8_is_reported_at_the_first_bad_byte() {
    let mut bytes =
        b"title = \"Acceptable Use\"\nstatus = \"active\"\nowner = \"it\"\nsummary = \"caf"
            .to_vec();
    bytes.push(0xe9); // Latin-1 e-acute
    bytes.extend_from_slice(b"\"\n");
    let lint = Tree::baseline().bytes(POLICY_PATH, &bytes).lint();
    lint.assert_exactly(&[("file/not-utf8", POLICY_PATH, 4, 15)]);
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_tree_is_not_followed() {
    let tree = Tree::baseline().file("elsewhere/secret.toml", "name = \"secret\"\n");
    std::os::unix::fs::symlink(
        tree.join("elsewhere/secret.toml"),
        tree.join("policies/tools/secret.toml"),
    )
    .expect("create a link");
    let lint = tree.lint();
    lint.assert_exactly(&[("file/symlink-outside", "policies/tools/secret.toml", 1, 1)]);
    assert!(
        !lint.doc.to_string().contains("name = \\\"secret\\\""),
        "the target must not be read"
    );
}

// id/* --------------------------------------------------------------------------------

#[test]
fn a_file_name_that_is_not_an_id() {
    let lint = Tree::baseline()
        .file("policies/tools/Google_Drive.toml", common::TOOL)
        .lint();
    // The copy of the baseline tool is charged to the same line, which it overcommits: a
    // problem of its own, which renaming the file would not solve.
    lint.assert_exactly(&[
        ("budget/line-overcommitted", common::BUDGET_PATH, 10, 10),
        ("id/invalid", "policies/tools/Google_Drive.toml", 1, 1),
    ]);
    let d = lint.one("id/invalid");
    assert_eq!(
        d.message,
        "the file name \"Google_Drive\" is not a valid id"
    );
    assert_eq!(
        d.help,
        "rename it to \"google-drive\": ids are lowercase letters, digits and dashes"
    );
}

#[test]
fn a_fiscal_year_folder_that_is_not_an_id() {
    // The tool is made free so that nothing refers to the budget.
    let lint = Tree::baseline()
        .remove(BUDGET_PATH)
        .file("policies/budgets/FY_2026/it.toml", common::BUDGET)
        .edit(TOOL_PATH, "budget_line = \"2026/it#chat\"\n", "")
        .edit(TOOL_PATH, "amount = 100", "amount = 0")
        .lint();
    // fiscal_year = 2026 disagrees with the folder, even once renamed to fy-2026.
    lint.assert_exactly(&[
        ("id/invalid", "policies/budgets/FY_2026/it.toml", 1, 1),
        ("id/mismatch", "policies/budgets/FY_2026/it.toml", 2, 15),
    ]);
    assert_eq!(
        lint.one("id/invalid").message,
        "the fiscal-year folder \"FY_2026\" is not a valid id"
    );
}

#[test]
fn a_budget_file_name_that_is_not_an_id_is_reported_once() {
    // IT.toml says department = "it": renaming the file as id/invalid suggests fixes it, so
    // there is no id/mismatch, and the tool's reference to 2026/it is not unknown.
    let lint = Tree::baseline()
        .remove(BUDGET_PATH)
        .file("policies/budgets/2026/IT.toml", common::BUDGET)
        .lint();
    lint.assert_exactly(&[("id/invalid", "policies/budgets/2026/IT.toml", 1, 1)]);
    assert_eq!(
        lint.one("id/invalid").help,
        "rename it to \"it\": ids are lowercase letters, digits and dashes"
    );
}

#[test]
fn a_reference_to_the_id_a_misnamed_file_should_have_is_not_unknown() {
    let lint = Tree::baseline()
        .remove(TOOL_PATH)
        .file("policies/tools/Chat.toml", common::TOOL)
        .lint();
    // The policy and the budget line refer to "chat": only the file name is reported.
    lint.assert_exactly(&[("id/invalid", "policies/tools/Chat.toml", 1, 1)]);
}

#[test]
fn two_files_for_one_tool_keep_the_correctly_named_one() {
    // google-drive.toml is the file references use; Google_Drive.toml is the duplicate (and
    // misnamed). The reference to google-drive resolves.
    let drive = common::TOOL
        .replace("name = \"Chat\"", "name = \"Drive\"")
        .replace("budget_line = \"2026/it#chat\"\n", "");
    let lint = Tree::baseline()
        .file("policies/tools/google-drive.toml", &drive)
        .file("policies/tools/Google_Drive.toml", &drive)
        .edit(
            POLICY_PATH,
            "tools = [\"chat\"]",
            "tools = [\"chat\", \"google-drive\"]",
        )
        .edit(TOOL_PATH, "amount = 100", "amount = 0")
        .lint();
    // Drive costs 100 a year with no budget line: reported once, for the file that counts.
    lint.assert_exactly(&[
        ("id/duplicate", "policies/tools/Google_Drive.toml", 1, 1),
        ("id/invalid", "policies/tools/Google_Drive.toml", 1, 1),
        ("tool/unbudgeted", "policies/tools/google-drive.toml", 11, 1),
    ]);
    assert_eq!(
        lint.one("id/duplicate").message,
        "policies/tools/Google_Drive.toml and policies/tools/google-drive.toml define the same tool"
    );
}

#[test]
fn a_budget_whose_fields_disagree_with_its_path() {
    let lint = Tree::baseline()
        .edit(BUDGET_PATH, "department = \"it\"", "department = \"comms\"")
        .edit(BUDGET_PATH, "fiscal_year = 2026", "fiscal_year = 2025")
        .lint();
    lint.assert_exactly(&[
        ("id/mismatch", BUDGET_PATH, 1, 14),
        ("id/mismatch", BUDGET_PATH, 2, 15),
    ]);
    let diags = lint.diagnostics();
    assert_eq!(
        diags[0].message,
        "this file is the budget of it (by its name) but says department = \"comms\""
    );
    assert_eq!(
        diags[0].help,
        "set department = \"it\", or move the file to budgets/2026/comms.toml"
    );
    assert_eq!(
        diags[1].message,
        "this file is in the folder of fiscal year 2026 but says fiscal_year = 2025"
    );
}

#[test]
fn a_fiscal_year_written_as_text_matches_its_folder() {
    Tree::baseline()
        .edit(BUDGET_PATH, "fiscal_year = 2026", "fiscal_year = \"2026\"")
        .lint()
        .assert_clean();
}

// Positions -----------------------------------------------------------------------------

#[test]
fn columns_count_characters_not_bytes() {
    // "Données" has a two-byte letter: the 5 is character 30 of its line (byte 31).
    let lint = Tree::baseline()
        .edit(
            TOOL_PATH,
            "export_formats = [\"JSON\"]",
            "export_formats = [\"Données\", 5]",
        )
        .lint();
    lint.assert_exactly(&[("schema/type", TOOL_PATH, 19, 30)]);
    let d = lint.one("schema/type");
    assert_eq!((d.end_line, d.end_column), (19, 31));
    assert_eq!(
        d.message,
        "`exit_plan.export_formats[2]` must be text in quotes; found the number 5"
    );
}

#[test]
fn windows_line_endings_and_a_byte_order_mark_do_not_shift_positions() {
    let tool = common::TOOL
        .replace("status = \"approved\"", "status = \"aproved\"")
        .replace('\n', "\r\n");
    let lint = Tree::baseline()
        .file(TOOL_PATH, &format!("\u{feff}{tool}"))
        .lint();
    lint.assert_exactly(&[("schema/enum", TOOL_PATH, 4, 10)]);
    let d = lint.one("schema/enum");
    assert_eq!((d.end_line, d.end_column), (4, 19));
}

// schema/invalid -------------------------------------------------------------------------

/// An organization's own schema can say anything JSON Schema can; what has no code of its
/// own (here a `not`) is reported as schema/invalid, at the value it is about.
#[test]
fn a_constraint_of_an_override_without_a_code_of_its_own() {
    let lint = Tree::baseline()
        .file(
            "policies/schemas/tool.schema.json",
            r#"{"allOf": [{"$ref": "builtin/tool.schema.json"}],
                "properties": {"category": {"not": {"const": "messaging"}}}}"#,
        )
        .lint();
    lint.assert_exactly(&[("schema/invalid", TOOL_PATH, 3, 12)]);
    assert_eq!(lint.one("schema/invalid").severity, "error");
}
