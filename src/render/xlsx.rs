//! `steward report … --format xlsx`: workbooks for finance, written with `rust_xlsxwriter`.
//!
//! Every report becomes a list of [`Sheet`]s (one a section) and [`workbook`] writes them the
//! same way: the header row bold and frozen, a filter on it, money as numbers with the
//! currency's format, dates as dates, yes/no as booleans, text as text (never a formula:
//! a cell that starts with `=` is stored as the string it is). Adding a report is one function
//! that returns its sheets.

use jiff::civil::Date;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

use crate::import::FieldValue;
use crate::import::columns::{self, Value};
use crate::model::Tree;
use crate::report::{BudgetReport, CATEGORIES, PeopleReport, ToolsReport};

/// The most characters Excel keeps in a cell.
const MAX_CELL_CHARS: usize = 32_767;
/// The widest a column is made, in characters.
const MAX_WIDTH: usize = 60;

/// One cell of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum XCell {
    Empty,
    Text(String),
    /// A count (seats, days).
    Number(i64),
    /// An amount, and its currency when known.
    Money(Decimal, Option<String>),
    Date(Date),
    YesNo(bool),
}

impl XCell {
    fn text(value: Option<&str>) -> XCell {
        value.map_or(XCell::Empty, |t| XCell::Text(t.to_string()))
    }

    fn money(amount: Option<Decimal>, currency: Option<&str>) -> XCell {
        amount.map_or(XCell::Empty, |a| {
            XCell::Money(a, currency.map(str::to_string))
        })
    }
}

/// One section of a report: a sheet of a header row and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<XCell>>,
}

/// The workbook's bytes.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold().set_align(FormatAlign::Top);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let wrap = Format::new().set_align(FormatAlign::Top);
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(sheet_name(&sheet.name))?;
        let mut widths: Vec<usize> = sheet.headers.iter().map(|h| h.chars().count()).collect();
        for (c, header) in sheet.headers.iter().enumerate() {
            ws.write_string_with_format(0, column(c), header, &bold)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
            for (c, cell) in row.iter().enumerate() {
                let col = column(c);
                let shown = match cell {
                    XCell::Empty => 0,
                    XCell::Text(text) => {
                        let text = clipped(text);
                        ws.write_string_with_format(r, col, &text, &wrap)?;
                        text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
                    }
                    XCell::Number(n) => {
                        ws.write_number(r, col, *n as f64)?;
                        n.to_string().len()
                    }
                    XCell::Money(amount, currency) => {
                        let format =
                            Format::new().set_num_format(money_format(currency.as_deref()));
                        ws.write_number_with_format(
                            r,
                            col,
                            amount.to_f64().unwrap_or(0.0),
                            &format,
                        )?;
                        amount.to_string().len() + 6
                    }
                    XCell::Date(d) => {
                        let value = excel_date(*d)?;
                        ws.write_datetime_with_format(r, col, &value, &date)?;
                        10
                    }
                    XCell::YesNo(b) => {
                        ws.write_boolean(r, col, *b)?;
                        5
                    }
                };
                if let Some(width) = widths.get_mut(c) {
                    *width = (*width).max(shown);
                }
            }
        }
        for (c, width) in widths.iter().enumerate() {
            ws.set_column_width(column(c), (*width).clamp(6, MAX_WIDTH) as f64 + 2.0)?;
        }
        ws.set_freeze_panes(1, 0)?;
        if !sheet.headers.is_empty() {
            let last_row = u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX);
            ws.autofilter(0, 0, last_row, column(sheet.headers.len() - 1))?;
        }
    }
    book.save_to_buffer()
}

fn column(index: usize) -> u16 {
    u16::try_from(index).unwrap_or(u16::MAX)
}

/// Text as Excel keeps it: at most its cell limit.
fn clipped(text: &str) -> String {
    if text.chars().count() <= MAX_CELL_CHARS {
        return text.to_string();
    }
    text.chars().take(MAX_CELL_CHARS - 1).chain(['…']).collect()
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\'".contains(c) { ' ' } else { c })
        .take(31)
        .collect();
    if clean.trim().is_empty() {
        "Sheet".to_string()
    } else {
        clean
    }
}

/// The number format of an amount: `$1,200.00`, `€1,200.00`, `£`, or `1,200.00 CHF`.
fn money_format(currency: Option<&str>) -> String {
    match currency {
        Some("USD") => "\"$\"#,##0.00".to_string(),
        Some("EUR") => "\"€\"#,##0.00".to_string(),
        Some("GBP") => "\"£\"#,##0.00".to_string(),
        Some(code) if code.chars().all(|c| c.is_ascii_uppercase()) => {
            format!("#,##0.00 \"{code}\"")
        }
        _ => "#,##0.00".to_string(),
    }
}

fn excel_date(d: Date) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(1900),
        u8::try_from(d.month()).unwrap_or(1),
        u8::try_from(d.day()).unwrap_or(1),
    )
}

// ---------------------------------------------------------------------------------------
// The reports' sheets

/// `steward report budget`: a summary a department, the lines, and the totals a currency.
pub fn budget_sheets(report: &BudgetReport) -> Vec<Sheet> {
    let mut summary_headers: Vec<String> = [
        "Fiscal year",
        "Department",
        "Department name",
        "Currency",
        "Allocation",
        "Planned",
        "Left",
    ]
    .map(String::from)
    .to_vec();
    summary_headers.extend(CATEGORIES.iter().map(|c| crate::words::capitalized(c)));
    let summary = Sheet {
        name: "Summary".to_string(),
        headers: summary_headers,
        rows: report
            .departments
            .iter()
            .map(|d| {
                let currency = d.currency.as_deref();
                let mut row = vec![
                    XCell::Text(report.fiscal_year.clone()),
                    XCell::Text(d.department.clone()),
                    XCell::text(d.name.as_deref()),
                    XCell::text(currency),
                    XCell::money(d.totals.allocation, currency),
                    XCell::money(d.totals.planned, currency),
                    XCell::money(d.totals.left, currency),
                ];
                row.extend(
                    CATEGORIES
                        .iter()
                        .map(|c| XCell::money(d.totals.by_category.get(c), currency)),
                );
                row
            })
            .collect(),
    };
    let lines = Sheet {
        name: "Lines".to_string(),
        headers: [
            "Fiscal year",
            "Department",
            "Line",
            "Description",
            "Category",
            "Amount",
            "Recurring",
            "Tools",
        ]
        .map(String::from)
        .to_vec(),
        rows: report
            .departments
            .iter()
            .flat_map(|d| {
                d.lines.iter().map(move |line| {
                    vec![
                        XCell::Text(report.fiscal_year.clone()),
                        XCell::Text(d.department.clone()),
                        XCell::text(line.id.as_deref()),
                        XCell::text(line.description.as_deref()),
                        XCell::text(line.category.as_deref()),
                        XCell::money(line.amount, d.currency.as_deref()),
                        line.recurring.map_or(XCell::Empty, XCell::YesNo),
                        XCell::Text(
                            line.tools
                                .iter()
                                .map(|t| t.name.clone().unwrap_or_else(|| t.id.clone()))
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                    ]
                })
            })
            .collect(),
    };
    let mut totals_headers: Vec<String> = ["Currency", "Allocation", "Planned", "Left"]
        .map(String::from)
        .to_vec();
    totals_headers.extend(CATEGORIES.iter().map(|c| crate::words::capitalized(c)));
    let totals = Sheet {
        name: "Totals".to_string(),
        headers: totals_headers,
        rows: report
            .totals
            .iter()
            .map(|t| {
                let currency = t.currency.as_deref();
                let mut row = vec![
                    XCell::text(currency),
                    XCell::money(t.totals.allocation, currency),
                    XCell::money(t.totals.planned, currency),
                    XCell::money(t.totals.left, currency),
                ];
                row.extend(
                    CATEGORIES
                        .iter()
                        .map(|c| XCell::money(t.totals.by_category.get(c), currency)),
                );
                row
            })
            .collect(),
    };
    vec![summary, lines, totals]
}

/// `steward report tools`: every field of each tool under the header `steward import tools`
/// reads it by (so that the sheet imports back into the same files), then what steward
/// computes; and the yearly cost a currency.
pub fn tools_sheets(tree: &Tree, report: &ToolsReport) -> Vec<Sheet> {
    let fields: Vec<&columns::Field> = columns::TOOL_FIELDS.iter().filter(|f| f.in_file).collect();
    let mut headers: Vec<String> = fields.iter().map(|f| f.headers[0].to_string()).collect();
    headers.extend(
        [
            "Yearly cost (computed)",
            "Owner name (computed)",
            "Backup owner name (computed)",
        ]
        .map(String::from),
    );
    let rows = report
        .tools
        .iter()
        .filter_map(|row| Some((row, tree.tools.get(&row.id)?)))
        .map(|(row, tool)| {
            let currency = tool.entity.str("/cost/currency");
            let mut cells: Vec<XCell> = fields
                .iter()
                .map(|field| {
                    if field.key == "id" {
                        return XCell::Text(tool.entity.id.clone());
                    }
                    field_cell(
                        crate::import::tools::current(&tool.entity, field),
                        field.value,
                        currency.as_deref(),
                    )
                })
                .collect();
            let cost = row.cost.as_ref();
            cells.push(XCell::money(
                cost.and_then(|c| c.per_year),
                cost.and_then(|c| c.currency.as_deref()),
            ));
            cells.push(XCell::text(row.owner_name.as_deref()));
            cells.push(XCell::text(row.backup_owner_name.as_deref()));
            cells
        })
        .collect();
    let tools = Sheet {
        name: "Tools".to_string(),
        headers,
        rows,
    };
    let totals = Sheet {
        name: "Yearly cost".to_string(),
        headers: vec!["Currency".to_string(), "Yearly cost".to_string()],
        rows: report
            .per_year
            .iter()
            .map(|c| {
                vec![
                    XCell::text(c.currency.as_deref()),
                    XCell::money(c.amount, c.currency.as_deref()),
                ]
            })
            .collect(),
    };
    vec![tools, totals]
}

/// A field's value as the cell `steward import` reads back into the same value.
fn field_cell(value: Option<FieldValue>, kind: Value, currency: Option<&str>) -> XCell {
    match value {
        None => XCell::Empty,
        Some(FieldValue::Text(text)) => XCell::Text(text),
        Some(FieldValue::Date(d)) => XCell::Date(d),
        Some(FieldValue::Whole(n)) => XCell::Number(n),
        Some(FieldValue::Money(m)) if matches!(kind, Value::Money) => {
            XCell::Money(m, currency.map(str::to_string))
        }
        Some(FieldValue::Money(m)) => XCell::Text(m.to_string()),
        Some(FieldValue::YesNo(b)) => XCell::YesNo(b),
        // One item a line: an item may hold a comma, never a line break (a list from a cell
        // is split at both).
        Some(FieldValue::List(items)) => XCell::Text(items.join("\n")),
    }
}

/// `report people`: one row per thing a person answers for (a person who holds nothing gets
/// one row of their own), so the hand-over list sorts and filters in a spreadsheet.
pub fn people_sheets(report: &PeopleReport) -> Vec<Sheet> {
    let headers = [
        "Person id",
        "Name",
        "Department",
        "GitHub",
        "Left on",
        "Role",
        "What",
        "Id",
        "Item name",
        "File",
        "Through department",
    ]
    .map(String::from)
    .to_vec();
    let mut rows = Vec::new();
    for person in &report.people {
        let common = vec![
            XCell::Text(person.id.clone()),
            XCell::text(person.name.as_deref()),
            XCell::text(
                person
                    .department_name
                    .as_deref()
                    .or(person.department.as_deref()),
            ),
            XCell::text(person.github.as_deref()),
            person
                .left
                .as_deref()
                .and_then(|d| d.parse::<Date>().ok())
                .map_or(XCell::Empty, XCell::Date),
        ];
        let held = [
            ("heads", &person.heads),
            ("owns", &person.owns),
            ("backs up", &person.backs_up),
            ("administers", &person.administers),
            ("approves", &person.approves),
        ];
        if person.holds_nothing() {
            let mut row = common.clone();
            row.extend(std::iter::repeat_n(XCell::Empty, 6));
            rows.push(row);
        }
        for (role, items) in held {
            for item in items.iter() {
                let mut row = common.clone();
                row.extend([
                    XCell::Text(role.to_string()),
                    XCell::Text(item.kind.to_string()),
                    XCell::Text(item.id.clone()),
                    XCell::text(item.name.as_deref()),
                    XCell::Text(item.path.clone()),
                    XCell::text(item.via_name.as_deref().or(item.via.as_deref())),
                ]);
                rows.push(row);
            }
        }
    }
    vec![Sheet {
        name: "People".to_string(),
        headers,
        rows,
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_names_excel_accepts() {
        assert_eq!(money_format(Some("USD")), "\"$\"#,##0.00");
        assert_eq!(money_format(Some("CHF")), "#,##0.00 \"CHF\"");
        assert_eq!(money_format(Some("\"x")), "#,##0.00");
        assert_eq!(sheet_name("a/b:c"), "a b c");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
        assert_eq!(clipped(&"y".repeat(40_000)).chars().count(), MAX_CELL_CHARS);
    }
}
