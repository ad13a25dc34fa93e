//! The built-in header names of each kind: every field with the headers that mean it (the
//! first is the one steward writes), and the columns of the exports steward knows that it
//! leaves out on purpose. Apart from the matching because it is data, and long: adding a
//! header people use is a one-line change here.

use super::{Field, Value};

const fn field(key: &'static str, value: Value, headers: &'static [&'static str]) -> Field {
    Field {
        key,
        value,
        headers,
        in_file: true,
    }
}

const fn helper(key: &'static str, value: Value, headers: &'static [&'static str]) -> Field {
    Field {
        key,
        value,
        headers,
        in_file: false,
    }
}

/// The fields of a tool, in the order of its file (and of the tools sheet of an export).
pub const TOOL_FIELDS: &[Field] = &[
    field("id", Value::Id, &["Tool id", "Steward id"]),
    field(
        "name",
        Value::Text,
        &[
            "Name",
            "Tool",
            "Tool name",
            "Software name",
            "Application",
            "App",
            "Product",
            "Service",
            "Item name",
            "License name",
            "Licence name",
        ],
    ),
    helper("software", Value::Text, &["Software"]),
    field(
        "vendor",
        Value::Text,
        &["Vendor", "Manufacturer", "Publisher", "Maker", "Provider"],
    ),
    helper("supplier", Value::Text, &["Supplier", "Reseller", "Seller"]),
    field(
        "category",
        Value::Text,
        &["Category", "Kind", "Tool category", "Software category"],
    ),
    field(
        "description",
        Value::Text,
        &["Description", "Purpose", "Used for", "What for"],
    ),
    field(
        "status",
        Value::Choice,
        &["Status", "State", "Approval status"],
    ),
    field(
        "department",
        Value::Department,
        &[
            "Department",
            "Dept",
            "Team",
            "Business unit",
            "Group in charge of the license",
        ],
    ),
    field(
        "owner",
        Value::Person,
        &[
            "Owner",
            "Tool owner",
            "Responsible",
            "Technician in charge of the license",
        ],
    ),
    helper(
        "owner_email",
        Value::PersonEmail,
        &["Owner email", "Email", "Licensed to email", "Contact email"],
    ),
    helper(
        "owner_name",
        Value::PersonName,
        &["Owner name", "Licensed to name", "Licensed to"],
    ),
    field(
        "backup_owner",
        Value::Person,
        &["Backup owner", "Backup", "Deputy", "Second owner"],
    ),
    helper(
        "backup_owner_email",
        Value::PersonEmail,
        &["Backup owner email", "Backup email"],
    ),
    helper(
        "backup_owner_name",
        Value::PersonName,
        &["Backup owner name", "Backup name"],
    ),
    field(
        "approved_on",
        Value::Date,
        &["Approved on", "Approved", "Approval date", "Date approved"],
    ),
    field(
        "last_reviewed",
        Value::Date,
        &["Last reviewed", "Reviewed", "Review date", "Last review"],
    ),
    field(
        "data_classification",
        Value::Choice,
        &[
            "Data classification",
            "Classification",
            "Data sensitivity",
            "Sensitivity",
        ],
    ),
    field(
        "url",
        Value::Url,
        &[
            "URL",
            "Website",
            "Web address",
            "Link",
            "Homepage",
            "Login URL",
        ],
    ),
    field(
        "notes",
        Value::Text,
        &["Notes", "Note", "Comments", "Comment", "Remarks"],
    ),
    field(
        "cost.amount",
        Value::Money,
        &[
            "Cost",
            "Price",
            "Amount",
            "Purchase cost",
            "Value",
            "Cost amount",
        ],
    ),
    helper(
        "annual_cost",
        Value::MoneyPerYear,
        &[
            "Annual cost",
            "Yearly cost",
            "Cost per year",
            "Annual price",
            "Cost/year",
        ],
    ),
    helper(
        "monthly_cost",
        Value::MoneyPerMonth,
        &[
            "Monthly cost",
            "Cost per month",
            "Monthly price",
            "Cost/month",
        ],
    ),
    field(
        "cost.currency",
        Value::Currency,
        &["Currency", "Cost currency"],
    ),
    field(
        "cost.period",
        Value::Choice,
        &[
            "Period",
            "Billing period",
            "Billing cycle",
            "Billing",
            "Cost period",
            "Frequency",
        ],
    ),
    field(
        "cost.budget_line",
        Value::BudgetLine,
        &["Budget line", "Budget"],
    ),
    field("cost.notes", Value::Text, &["Cost notes"]),
    field(
        "contract.started",
        Value::Date,
        &[
            "Contract started",
            "Purchase date",
            "Start date",
            "Contract start",
            "Started",
            "Order date",
        ],
    ),
    field(
        "contract.renews_on",
        Value::Date,
        &[
            "Renews on",
            "Renewal date",
            "Expiration date",
            "Expiration",
            "Expires",
            "Expiry date",
            "End date",
            "Contract end",
        ],
    ),
    field(
        "contract.auto_renews",
        Value::YesNo,
        &[
            "Auto renews",
            "Auto renew",
            "Auto-renewal",
            "Renews automatically",
            "Automatic renewal",
        ],
    ),
    field(
        "contract.notice_days",
        Value::Whole,
        &[
            "Notice days",
            "Notice period",
            "Notice (days)",
            "Notice",
            "Cancellation notice",
        ],
    ),
    field(
        "contract.term_months",
        Value::Whole,
        &[
            "Term months",
            "Term (months)",
            "Term",
            "Contract term",
            "Contract length",
        ],
    ),
    field(
        "contract.seats",
        Value::Whole,
        &[
            "Seats",
            "Total seats",
            "Licenses",
            "Licences",
            "Number of licenses",
            "Quantity",
            "Qty",
            "Number",
        ],
    ),
    field(
        "contract.seats_used",
        Value::Whole,
        &["Seats used", "Used seats", "Assigned seats", "Seats in use"],
    ),
    helper(
        "free_seats",
        Value::Whole,
        &[
            "Licenses available",
            "Free seats",
            "Available seats",
            "Seats available",
            "Remaining",
            "Remaining seats",
        ],
    ),
    field(
        "contract.reference",
        Value::Text,
        &[
            "Order reference",
            "Order number",
            "PO number",
            "Purchase order",
            "Contract number",
            "Reference",
            "Contract reference",
        ],
    ),
    helper("purchase_order", Value::Text, &["Purchase order number"]),
    field("contract.notes", Value::Text, &["Contract notes"]),
    field(
        "exit_plan.data_export",
        Value::Text,
        &[
            "Data export",
            "Exit plan",
            "Export / Exit plan",
            "Export",
            "How to export",
            "Export plan",
        ],
    ),
    field(
        "exit_plan.export_formats",
        Value::List,
        &["Export formats", "Export format", "Formats"],
    ),
    field(
        "exit_plan.alternatives",
        Value::List,
        &["Alternatives", "Alternative", "Replacements"],
    ),
    field(
        "exit_plan.notice_period_days",
        Value::Whole,
        &["Exit notice days"],
    ),
    field(
        "exit_plan.last_tested",
        Value::Date,
        &[
            "Export tested",
            "Exit plan tested",
            "Last tested",
            "Export last tested",
        ],
    ),
    field("exit_plan.notes", Value::Text, &["Exit plan notes"]),
];

/// Columns of the exports steward knows that it leaves out on purpose, and why.
pub const TOOL_IGNORED: &[(&[&str], &str)] = &[
    (
        &["ID", "Id", "Inventory number"],
        "another system's number; steward makes ids from names (a column of steward ids is \"Tool id\")",
    ),
    (
        &[
            "Serial number",
            "Serial",
            "Product key",
            "License key",
            "Licence key",
            "Key",
        ],
        "a licence key is a secret: keep it in a password manager, not in git",
    ),
    (
        &[
            "Created at",
            "Created by",
            "Updated at",
            "Deleted at",
            "Depreciation",
            "Fully depreciated",
            "Min. QTY",
            "Maintained",
            "Reassignable",
            "Company",
            "Entity",
            "Location",
            "Termination date",
        ],
        "the other system's bookkeeping",
    ),
    (
        &[
            "Yearly cost (computed)",
            "Owner name (computed)",
            "Backup owner name (computed)",
        ],
        "computed by steward",
    ),
];

/// The fields of a person in org.toml.
pub const PERSON_FIELDS: &[Field] = &[
    field("id", Value::Id, &["Person id", "Steward id"]),
    field(
        "name",
        Value::Text,
        &[
            "Name",
            "Full name",
            "Display name",
            "Employee name",
            "Person",
        ],
    ),
    helper(
        "first_name",
        Value::Text,
        &["First name", "Given name", "First"],
    ),
    helper(
        "last_name",
        Value::Text,
        &["Last name", "Surname", "Family name", "Last"],
    ),
    field(
        "email",
        Value::Email,
        &["Email", "E-mail", "Work email", "Email address", "Mail"],
    ),
    field(
        "department",
        Value::Department,
        &["Department", "Dept", "Team", "Business unit"],
    ),
    field(
        "role",
        Value::Text,
        &["Role", "Job title", "Title", "Position"],
    ),
    field(
        "left",
        Value::Date,
        &[
            "Left",
            "Left on",
            "Date left",
            "Leaving date",
            "Last day",
            "Departure date",
            "Termination date",
            "End date",
        ],
    ),
];

pub const PERSON_IGNORED: &[(&[&str], &str)] = &[
    (
        &["ID", "Id", "Employee id", "Employee number"],
        "another system's number; steward makes ids from names",
    ),
    (
        &[
            "Start date",
            "Hire date",
            "Manager",
            "Phone",
            "Location",
            "Status",
        ],
        "not part of org.toml",
    ),
];

/// The fields of a budget line.
pub const LINE_FIELDS: &[Field] = &[
    field("id", Value::Id, &["Line", "Line id"]),
    field(
        "description",
        Value::Text,
        &[
            "Description",
            "Item",
            "Line item",
            "Details",
            "Purpose",
            "What",
        ],
    ),
    field(
        "category",
        Value::Choice,
        &["Category", "Type", "Expense type", "Kind"],
    ),
    field(
        "amount",
        Value::Money,
        &[
            "Amount",
            "Budget",
            "Budgeted",
            "Annual amount",
            "Planned",
            "Total",
            "Cost",
        ],
    ),
    field("currency", Value::Currency, &["Currency"]),
    field(
        "tool",
        Value::Tool,
        &["Tool", "Tool id", "Software", "Application"],
    ),
    field(
        "recurring",
        Value::YesNo,
        &["Recurring", "Recurs", "Every year", "Repeats"],
    ),
    field("notes", Value::Text, &["Notes", "Comments", "Comment"]),
];

pub const LINE_IGNORED: &[(&[&str], &str)] = &[];

/// What a helper column fills, for the README.
pub(super) fn helper_note(key: &str) -> Option<&'static str> {
    Some(match key {
        "software" => "the name, when no Name column",
        "supplier" => "the vendor, when no Vendor column",
        "owner_email" | "backup_owner_email" => "the person, matched by e-mail",
        "owner_name" | "backup_owner_name" => "the person, matched by exact name",
        "annual_cost" => "cost.amount, paid every year",
        "monthly_cost" => "cost.amount, paid every month",
        "free_seats" => "contract.seats_used, as seats minus the free ones",
        "purchase_order" => "contract.reference, when no Order number column",
        "first_name" | "last_name" => "the name, joined, when no Name column",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::import::columns::{LINES, PEOPLE, TOOLS, normalize};

    #[test]
    fn every_built_in_header_means_one_field() {
        for catalogue in [TOOLS, PEOPLE, LINES] {
            let mut seen: BTreeMap<String, &str> = BTreeMap::new();
            for f in catalogue.fields {
                for h in f.headers {
                    if let Some(other) = seen.insert(normalize(h), f.key)
                        && other != f.key
                    {
                        panic!("{h} means both {other} and {}", f.key);
                    }
                }
            }
            for (names, _) in catalogue.ignored {
                for n in *names {
                    assert!(
                        !seen.contains_key(&normalize(n)),
                        "{n} is both a field and ignored"
                    );
                }
            }
        }
    }
}
