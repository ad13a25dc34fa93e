//! `steward import tools`: one row a tool. A new tool's file is written from the same
//! commented template as `steward new tool` ([`crate::scaffold::tool`]); a tool already in the
//! tree (the same id, or the same name) is left alone, or with `--update` the fields its row
//! gives are changed in place.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use super::columns::{self, Field, Mapping, Value};
use super::edit::{self, FieldValue};
use super::resolve::{self, People, folded};
use super::table::{Cell, Table};
use super::values::{self, Formats};
use super::{Action, Cells, FileWrite, Plan, Problem, RowPlan, Settings};
use crate::checks::{self, LineProblem};
use crate::layout::{Kind, is_valid_id};
use crate::model::{Entity, Tree};
use crate::scaffold::{self, ContractFields, CostFields, ExitPlanFields, ToolFields};

/// The statuses, and the words people use for them.
const STATUSES: [&str; 4] = ["approved", "trial", "restricted", "retired"];
const STATUS_WORDS: &[(&str, &str)] = &[
    ("active", "approved"),
    ("in use", "approved"),
    ("live", "approved"),
    ("pilot", "trial"),
    ("evaluation", "trial"),
    ("evaluating", "trial"),
    ("testing", "trial"),
    ("limited", "restricted"),
    ("inactive", "retired"),
    ("archived", "retired"),
    ("cancelled", "retired"),
    ("canceled", "retired"),
    ("deprecated", "retired"),
    ("ended", "retired"),
];
const CLASSIFICATIONS: [&str; 4] = ["public", "internal", "confidential", "restricted"];
pub const PERIODS: [&str; 3] = ["month", "year", "one-time"];
const PERIOD_WORDS: &[(&str, &str)] = &[
    ("monthly", "month"),
    ("per month", "month"),
    ("yearly", "year"),
    ("annual", "year"),
    ("annually", "year"),
    ("per year", "year"),
    ("once", "one-time"),
    ("one time", "one-time"),
    ("one-off", "one-time"),
    ("one off", "one-time"),
];

/// The import of tools: the rows of `table` against `tree`.
pub fn plan(
    table: &Table,
    mapping: &Mapping,
    tree: &Tree,
    settings: &Settings,
    period: Option<&str>,
) -> Plan {
    let mut plan = Plan::new(mapping);
    if mapping.column("name").is_none()
        && mapping.column("software").is_none()
        && mapping.column("id").is_none()
    {
        plan.problems.push(Problem::file(
            "the file has no column for the tools' names (Name, Tool, Software...): add one, or say which column it is with --map \"Column=name\"",
        ));
        return plan;
    }
    if mapping.column("cost.amount").is_some()
        && mapping.column("cost.period").is_none()
        && period.is_none()
    {
        let header = mapping
            .column("cost.amount")
            .map(|c| table.headers[c].text.clone());
        plan.problems.push(Problem {
            row: None,
            column: header,
            message: "how often is it paid? Pass --period month, --period year or --period one-time, or add a Period column".to_string(),
        });
        return plan;
    }
    let people = People::new(tree, settings.today);
    let names: HashMap<String, &str> = tree
        .tools
        .values()
        .filter_map(|t| Some((folded(t.name.as_deref()?), t.entity.id.as_str())))
        .collect();
    let context = Context {
        tree,
        people: &people,
        formats: settings.formats,
        period,
        shared_currency: checks::shared_currency(tree),
    };
    let mut claimed: HashMap<String, usize> = HashMap::new();
    let mut missing_columns: BTreeMap<&str, &str> = BTreeMap::new();
    for row in &table.rows {
        if settings.skip.contains(&row.number) {
            continue;
        }
        let cells = Cells {
            table,
            mapping,
            row,
        };
        let (values, mut problems) = read_row(&cells, &context);
        let Some(name) = text_of(&values, "name") else {
            if problems.is_empty() {
                problems.push(cells.problem("name", "no name: every tool needs one"));
            }
            plan.problems.extend(problems);
            continue;
        };
        let id = match text_of(&values, "id") {
            Some(id) => id,
            None => resolve::id_from(&name),
        };
        if id.is_empty() {
            problems.push(cells.problem(
                "name",
                format!("\"{name}\" makes no id (ids are letters a-z, digits and dashes): add a \"Tool id\" column"),
            ));
        }
        // The same id, or the same name: the same tool.
        let existing = tree
            .tools
            .get(&id)
            .map(|t| t.entity.id.as_str())
            .or_else(|| names.get(&folded(&name)).copied());
        let target = existing.unwrap_or(&id).to_string();
        if let Some(first) = claimed.get(&target) {
            problems.push(Problem::at(
                row,
                None,
                format!(
                    "the same tool as row {first} (tools/{target}.toml): steward keeps one file a tool; merge the two rows, or give one another name"
                ),
            ));
        } else {
            claimed.insert(target.clone(), row.number);
        }
        if existing.is_none() && tree.is_unparsed(Kind::Tool, &id) {
            problems.push(Problem::at(
                row,
                None,
                format!("tools/{id}.toml exists but cannot be read; fix it first (`steward lint` says how), then import again"),
            ));
        }
        if !problems.is_empty() {
            plan.problems.extend(problems);
            continue;
        }
        match existing.and_then(|id| tree.tools.get(id)) {
            Some(tool) => {
                let (action, file) = if settings.update {
                    update(&tool.entity, &values)
                } else {
                    (Action::Present, None)
                };
                plan.rows.push(RowPlan {
                    row: row.number,
                    action,
                    path: tool.entity.path.clone(),
                    pointer: String::new(),
                    id: tool.entity.id.clone(),
                    name: tool.plain_name().to_string(),
                    details: details(tree, &values),
                });
                plan.files.extend(file);
            }
            None => match new_tool(&cells, &values, settings, &mut missing_columns) {
                Ok(fields) => {
                    let path = format!("tools/{id}.toml");
                    plan.rows.push(RowPlan {
                        row: row.number,
                        action: Action::Create,
                        path: path.clone(),
                        pointer: String::new(),
                        id: id.clone(),
                        name,
                        details: details(tree, &values),
                    });
                    plan.files.push(FileWrite {
                        path,
                        text: scaffold::tool(&fields),
                        exists: false,
                    });
                }
                Err(problems) => plan.problems.extend(problems),
            },
        }
    }
    for (key, header) in missing_columns {
        plan.problems.push(Problem::file(format!(
            "the file has no {header} column, and a new tool needs one: add it, or say which column it is with --map \"Column={key}\""
        )));
    }
    plan
}

struct Context<'a> {
    tree: &'a Tree,
    people: &'a People<'a>,
    formats: Formats,
    period: Option<&'a str>,
    shared_currency: Option<String>,
}

type Values = BTreeMap<&'static str, FieldValue>;

fn text_of(values: &Values, key: &str) -> Option<String> {
    match values.get(key) {
        Some(FieldValue::Text(text)) => Some(text.clone()),
        _ => None,
    }
}

/// A row's cells as the values of the tool's file, keyed by field (`contract.seats`), with
/// every problem found on the way.
fn read_row(cells: &Cells<'_>, ctx: &Context<'_>) -> (Values, Vec<Problem>) {
    let mut values = Values::new();
    let mut problems = Vec::new();
    let mut currency_hint: Option<(String, &'static str)> = None;
    let mut line_currency: Option<String> = None;
    for field in columns::TOOL_FIELDS {
        let Some(cell) = cells.get(field.key) else {
            continue;
        };
        match read_cell(field, cell, ctx) {
            Ok(Read::Value(value)) => {
                values.insert(field.key, value);
            }
            Ok(Read::Money(amount, currency)) => {
                if let Some(code) = currency {
                    currency_hint = Some((code, field.key));
                }
                values.insert(field.key, FieldValue::Money(amount));
            }
            Ok(Read::Line(reference, currency)) => {
                line_currency = currency;
                values.insert(field.key, FieldValue::Text(reference));
            }
            Err(message) => problems.push(cells.problem(field.key, message)),
        }
    }
    // Helpers fill the file's fields their row leaves empty.
    fill(&mut values, "name", "software");
    fill(&mut values, "vendor", "supplier");
    fill(&mut values, "contract.reference", "purchase_order");
    for (person, helpers) in [
        ("owner", ["owner_email", "owner_name"]),
        ("backup_owner", ["backup_owner_email", "backup_owner_name"]),
    ] {
        for helper in helpers {
            match (values.get(person).cloned(), values.remove(helper)) {
                (None, Some(found)) => {
                    values.insert(person, found);
                }
                (Some(FieldValue::Text(a)), Some(FieldValue::Text(b))) if a != b => {
                    problems.push(cells.problem(
                        helper,
                        format!(
                            "this is {}, but {} names {}",
                            ctx.tree.person_name(&b),
                            cells.header(person).unwrap_or(person),
                            ctx.tree.person_name(&a)
                        ),
                    ));
                }
                _ => {}
            }
        }
    }
    for (helper, period) in [("annual_cost", "year"), ("monthly_cost", "month")] {
        let Some(amount) = values.remove(helper) else {
            continue;
        };
        if values.contains_key("cost.amount") {
            problems.push(cells.problem(
                helper,
                format!(
                    "a second cost for the same tool (also {}); keep one cost column, or leave one out with --map \"{}=\"",
                    cells.header("cost.amount").unwrap_or("cost"),
                    cells.header(helper).unwrap_or(helper)
                ),
            ));
            continue;
        }
        values.insert("cost.amount", amount);
        values.insert("cost.period", FieldValue::Text(period.to_string()));
        if let Some((_, key)) = &mut currency_hint
            && *key == helper
        {
            *key = "cost.amount";
        }
    }
    if let Some(FieldValue::Whole(free)) = values.remove("free_seats") {
        match values.get("contract.seats") {
            Some(FieldValue::Whole(seats)) if *seats >= free => {
                let used = FieldValue::Whole(seats - free);
                values.entry("contract.seats_used").or_insert(used);
            }
            Some(FieldValue::Whole(seats)) => problems.push(cells.problem(
                "free_seats",
                format!("{free} seats free, but only {seats} paid for"),
            )),
            _ => {}
        }
    }
    if values.contains_key("cost.amount") {
        if !values.contains_key("cost.period")
            && let Some(period) = ctx.period
        {
            values.insert("cost.period", FieldValue::Text(period.to_string()));
        }
        let given = text_of(&values, "cost.currency");
        let hinted = currency_hint.as_ref().map(|(code, _)| code.clone());
        let currency = match (&given, &hinted) {
            (Some(a), Some(b)) if a != b => {
                problems.push(cells.problem(
                    "cost.amount",
                    format!(
                        "the amount is in {b}, but {} says {a}",
                        cells.header("cost.currency").unwrap_or("the currency column")
                    ),
                ));
                None
            }
            (Some(code), _) | (None, Some(code)) => Some(code.clone()),
            (None, None) => line_currency
                .clone()
                .or_else(|| ctx.shared_currency.clone()),
        };
        match (&currency, &line_currency) {
            (Some(cost), Some(budget)) if cost != budget => problems.push(cells.problem(
                "cost.budget_line",
                format!("the budget line is in {budget}, but the cost is in {cost}; state the cost in {budget}, as the budget pays it"),
            )),
            (None, _) => problems.push(cells.problem(
                "cost.amount",
                "in which currency? Add a Currency column, or write it with the amount ($80, 80 EUR)",
            )),
            _ => {}
        }
        if let Some(currency) = currency {
            values.insert("cost.currency", FieldValue::Text(currency));
        }
    }
    (values, problems)
}

fn fill(values: &mut Values, field: &'static str, helper: &str) {
    if let Some(value) = values.remove(helper) {
        values.entry(field).or_insert(value);
    }
}

/// What one cell reads as.
enum Read {
    Value(FieldValue),
    /// An amount, and the currency written with it.
    Money(Decimal, Option<String>),
    /// A budget line reference, and its budget's currency.
    Line(String, Option<String>),
}

fn read_cell(field: &Field, cell: &Cell, ctx: &Context<'_>) -> Result<Read, String> {
    let text = || cell.text();
    let value = match field.value {
        Value::Text | Value::Email => FieldValue::Text(text()),
        Value::Id => {
            let id = text();
            if !is_valid_id(&id) {
                return Err(format!(
                    "\"{id}\" is not an id: lowercase letters, digits and dashes, e.g. {}",
                    resolve::id_from(&id)
                ));
            }
            FieldValue::Text(id)
        }
        Value::Choice => {
            let (choices, words): (&[&'static str], &[(&str, &'static str)]) = match field.key {
                "status" => (&STATUSES, STATUS_WORDS),
                "data_classification" => (&CLASSIFICATIONS, &[]),
                _ => (&PERIODS, PERIOD_WORDS),
            };
            FieldValue::Text(values::choice(cell, choices, words)?.to_string())
        }
        Value::Department => FieldValue::Text(resolve::department(ctx.tree, &text())?),
        Value::Person => FieldValue::Text(ctx.people.any(&text())?),
        Value::PersonEmail => FieldValue::Text(ctx.people.email(&text())?),
        Value::PersonName => FieldValue::Text(ctx.people.name(&text())?),
        Value::Tool => FieldValue::Text(resolve::tool(ctx.tree, &text())?),
        Value::Url => {
            let url = text();
            if !checks::has_scheme(&url) {
                return Err(format!(
                    "\"{url}\" is not a full web address; write it with https://"
                ));
            }
            FieldValue::Text(url)
        }
        Value::Date => FieldValue::Date(values::date(cell, ctx.formats)?),
        Value::Money | Value::MoneyPerYear | Value::MoneyPerMonth => {
            let (amount, currency) = values::money(cell, ctx.formats)?;
            return Ok(Read::Money(amount, currency));
        }
        Value::Currency => {
            let code = text().to_uppercase();
            if !checks::is_currency_code(&code) {
                return Err(format!(
                    "\"{}\" is not a currency code: three letters, e.g. USD or EUR",
                    text()
                ));
            }
            FieldValue::Text(code)
        }
        Value::BudgetLine => {
            let reference = text();
            return match checks::budget_line_currency(ctx.tree, &reference) {
                Ok(currency) => Ok(Read::Line(reference, currency)),
                Err(LineProblem::Malformed) => Err(format!(
                    "\"{reference}\" is not YEAR/DEPARTMENT#LINE, e.g. 2026/communications#software-subscriptions"
                )),
                Err(LineProblem::Unknown(problem)) => Err(problem),
            };
        }
        Value::YesNo => FieldValue::YesNo(values::yes_no(cell)?),
        Value::Whole => {
            FieldValue::Whole(values::whole(cell, ctx.formats, whole_range(field.key))?)
        }
        Value::List => FieldValue::List(values::list(cell)),
    };
    Ok(Read::Value(value))
}

/// The bounds the schema sets on a whole-number field.
fn whole_range(key: &str) -> std::ops::RangeInclusive<i64> {
    use crate::model::{NOTICE_DAYS, SEATS, TERM_MONTHS};
    match key {
        "contract.term_months" => TERM_MONTHS,
        "contract.notice_days" | "exit_plan.notice_period_days" => NOTICE_DAYS,
        _ => SEATS,
    }
}

/// The template's fields for a new tool, or what it lacks.
fn new_tool(
    cells: &Cells<'_>,
    values: &Values,
    settings: &Settings,
    missing_columns: &mut BTreeMap<&'static str, &'static str>,
) -> Result<ToolFields, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut required = |key: &'static str, header: &'static str| -> String {
        if let Some(text) = text_of(values, key) {
            return text;
        }
        if key == "department"
            && let Some(department) = &settings.department
        {
            return department.clone();
        }
        if cells.header(key).is_some() {
            let what = if key == "department" {
                "no department, and no --department for rows without one"
            } else {
                "empty, and a new tool needs it"
            };
            problems.push(cells.problem(key, what));
        } else {
            missing_columns.insert(key, header);
        }
        String::new()
    };
    let vendor = required("vendor", "Vendor");
    let category = required("category", "Category");
    let department = required("department", "Department");
    if !problems.is_empty() || vendor.is_empty() || category.is_empty() || department.is_empty() {
        return Err(problems);
    }
    let text = |key| text_of(values, key);
    let date = |key| match values.get(key) {
        Some(FieldValue::Date(d)) => Some(*d),
        _ => None,
    };
    let whole = |key| match values.get(key) {
        Some(FieldValue::Whole(n)) => Some(*n),
        _ => None,
    };
    let list = |key| match values.get(key) {
        Some(FieldValue::List(items)) => items.clone(),
        _ => Vec::new(),
    };
    let cost = match (
        values.get("cost.amount"),
        text("cost.currency"),
        text("cost.period"),
    ) {
        (Some(FieldValue::Money(amount)), Some(currency), Some(period)) => Some(CostFields {
            amount: *amount,
            currency,
            period,
            budget_line: text("cost.budget_line"),
            notes: text("cost.notes"),
        }),
        _ => None,
    };
    let contract = ContractFields {
        started: date("contract.started"),
        renews_on: date("contract.renews_on"),
        auto_renews: match values.get("contract.auto_renews") {
            Some(FieldValue::YesNo(b)) => Some(*b),
            _ => None,
        },
        notice_days: whole("contract.notice_days"),
        term_months: whole("contract.term_months"),
        seats: whole("contract.seats"),
        seats_used: whole("contract.seats_used"),
        reference: text("contract.reference"),
        notes: text("contract.notes"),
    };
    Ok(ToolFields {
        name: text("name").unwrap_or_default(),
        vendor,
        category,
        description: text("description"),
        status: text("status").unwrap_or_else(|| "trial".to_string()),
        department,
        owner: text("owner").unwrap_or_default(),
        backup_owner: text("backup_owner"),
        approved_on: date("approved_on"),
        last_reviewed: date("last_reviewed").unwrap_or(settings.today),
        data_classification: text("data_classification"),
        url: text("url"),
        notes: text("notes"),
        cost,
        contract: (contract != ContractFields::default()).then_some(contract),
        exit_plan: ExitPlanFields {
            data_export: text("exit_plan.data_export").unwrap_or_default(),
            export_formats: list("exit_plan.export_formats"),
            alternatives: list("exit_plan.alternatives"),
            notice_period_days: whole("exit_plan.notice_period_days"),
            last_tested: date("exit_plan.last_tested"),
            notes: text("exit_plan.notes"),
        },
    })
}

/// The fields of an existing tool that its row changes, set in place in its file.
fn update(entity: &Entity, values: &Values) -> (Action, Option<FileWrite>) {
    let changed: Vec<(&str, &FieldValue)> = values
        .iter()
        .filter(|(key, _)| **key != "id")
        .filter(|(key, value)| {
            let field = columns::TOOLS.field(key);
            field.is_none_or(|f| current(entity, f).as_ref() != Some(*value))
        })
        .map(|(k, v)| (*k, v))
        .collect();
    if changed.is_empty() {
        return (Action::Present, None);
    }
    let Ok(mut doc) = entity.doc.source.text.parse::<toml_edit::DocumentMut>() else {
        return (Action::Present, None);
    };
    for (key, value) in changed {
        edit::set(&mut doc, key, value);
    }
    (
        Action::Update,
        Some(FileWrite {
            path: entity.path.clone(),
            text: doc.to_string(),
            exists: true,
        }),
    )
}

/// The value of a field in an entity's file, read as a cell of that field would be.
pub fn current(entity: &Entity, field: &Field) -> Option<FieldValue> {
    let pointer = format!("/{}", field.key.replace('.', "/"));
    match field.value {
        Value::Date => entity.date(&pointer).map(FieldValue::Date),
        Value::Money | Value::MoneyPerYear | Value::MoneyPerMonth => entity
            .money(&pointer)
            .map(|m| FieldValue::Money(m.normalize())),
        Value::YesNo => entity.bool(&pointer).map(FieldValue::YesNo),
        Value::Whole => entity.integer(&pointer).map(FieldValue::Whole),
        Value::List => entity.has(&pointer).then(|| {
            FieldValue::List(
                entity
                    .strings(&pointer)
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect(),
            )
        }),
        _ => entity.str(&pointer).map(FieldValue::Text),
    }
}

/// Owner, department and cost, for the table of what the import does.
fn details(tree: &Tree, values: &Values) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(owner) = text_of(values, "owner") {
        let name = tree
            .person(&owner)
            .and_then(|p| p.name.clone())
            .unwrap_or(owner);
        out.push(("owner".to_string(), name));
    }
    if let Some(department) = text_of(values, "department") {
        out.push(("department".to_string(), department));
    }
    if let Some(FieldValue::Money(amount)) = values.get("cost.amount") {
        let currency = text_of(values, "cost.currency");
        let period = match text_of(values, "cost.period").as_deref() {
            Some("month") => " a month",
            Some("year") => " a year",
            Some("one-time") => " once",
            _ => "",
        };
        out.push((
            "cost".to_string(),
            format!(
                "{}{period}",
                super::money_text(*amount, currency.as_deref())
            ),
        ));
    }
    out
}
