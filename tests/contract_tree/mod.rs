//! The tree of issue 17's "done when", shared by tests/contract.rs and tests/calendar.rs.

use crate::common::{self, Tree};

/// The issue's tree, on 1 December 2026: Zoom renews automatically in 20 days with 30 days'
/// notice (the deadline passed 10 days ago), Mailchimp in 45 days with 30 days' notice (15
/// days left), the Survey contract ended last month, and Chat uses 10 of its 25 seats.
pub fn contracts_tree() -> Tree {
    let tool = |name: &str, amount: &str, line: &str, contract: &str| {
        format!(
            r#"name = "{name}"
vendor = "{name} Inc"
category = "software"
status = "approved"
department = "it"
owner = "ana"
backup_owner = "ben"
approved_on = 2025-01-10
last_reviewed = 2026-06-01

[cost]
amount = {amount}
currency = "USD"
period = "year"
budget_line = "2026/it#{line}"

[contract]
{contract}
[exit_plan]
data_export = "Admin > Export > CSV of everything"
export_formats = ["CSV"]
alternatives = ["Something else"]
last_tested = 2026-05-01
"#
        )
    };
    let line = |id: &str, amount: &str| {
        format!(
            "\n[[line]]\nid = \"{id}\"\ncategory = \"software\"\namount = {amount}\ntool = \"{id}\"\nrecurring = true\n"
        )
    };
    let budget = format!(
        "department = \"it\"\nfiscal_year = 2026\ncurrency = \"USD\"\nallocation = 10000\n{}{}{}{}",
        line("zoom", "2400"),
        line("mailchimp", "1200"),
        line("survey", "300"),
        line("chat", "2400"),
    );
    Tree::baseline()
        .file(
            "policies/tools/zoom.toml",
            &tool(
                "Zoom",
                "2400",
                "zoom",
                "started = 2025-12-21\nrenews_on = 2026-12-21\nauto_renews = true\nnotice_days = 30\nterm_months = 12\nreference = \"PO-2025-117\"\n",
            ),
        )
        .file(
            "policies/tools/mailchimp.toml",
            &tool(
                "Mailchimp",
                "1200",
                "mailchimp",
                "renews_on = 2027-01-15\nauto_renews = true\nnotice_days = 30\n",
            ),
        )
        .file(
            "policies/tools/survey.toml",
            &tool(
                "Survey",
                "300",
                "survey",
                "started = 2025-11-15\nrenews_on = 2026-11-15\nauto_renews = false\nterm_months = 12\n",
            ),
        )
        .file(
            "policies/tools/chat.toml",
            &tool("Chat", "2400", "chat", "seats = 25\nseats_used = 10\n"),
        )
        .file(common::BUDGET_PATH, &budget)
}

pub const DONE_WHEN_TODAY: &str = "2026-12-01";
