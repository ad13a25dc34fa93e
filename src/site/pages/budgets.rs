//! Budgets: one page per fiscal year with, per department, the allocation beside what the
//! lines plan (a bar chart), what is planned by category (stacked bars), and every line with
//! the tools behind it; the index compares the years. Every chart has a table with the same
//! numbers next to it, and every number comes from [`crate::report::budget_report`], the one
//! `steward report budget` prints.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Page;
use crate::money;
use crate::report::{BudgetReport, CATEGORIES, DepartmentBudget};
use crate::site::chart::{Chart, Series, grouped, stacked};
use crate::site::gather::{Site, line_anchor};
use crate::site::view::{Part, short};

/// A chart and the table with its numbers.
#[derive(Serialize)]
pub struct Figure {
    pub chart: Chart,
    pub table: Table,
}

#[derive(Serialize)]
pub struct Table {
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
}

#[derive(Serialize)]
pub struct TableRow {
    /// What the row is (a department id, a year): for scripts and tests.
    pub key: String,
    pub label: Part,
    pub cells: Vec<Cell>,
}

#[derive(Serialize)]
pub struct Cell {
    pub text: String,
    /// The amount as a plain number (empty when unknown), as in the JSON reports.
    pub value: String,
}

impl Cell {
    fn money(amount: Option<Decimal>, currency: Option<&str>) -> Cell {
        Cell {
            text: money::format_known(amount, currency),
            value: amount.map_or(String::new(), |a| a.normalize().to_string()),
        }
    }
}

pub fn allocation_series() -> Vec<Series> {
    vec![
        Series {
            name: "Allocation".to_string(),
            class: "series-allocation",
        },
        Series {
            name: "Planned".to_string(),
            class: "series-planned",
        },
    ]
}

pub fn category_series() -> Vec<Series> {
    CATEGORIES
        .iter()
        .map(|c| Series {
            name: crate::site::fields::label(c),
            class: match *c {
                "software" => "category-software",
                "hardware" => "category-hardware",
                "service" => "category-service",
                "training" => "category-training",
                _ => "category-other",
            },
        })
        .collect()
}

/// Allocation beside planned for each row: a chart and its table.
pub fn allocation_figure(
    id: &str,
    title: String,
    what: &str,
    currency: Option<&str>,
    rows: Vec<(String, Part, Option<Decimal>, Option<Decimal>)>,
) -> Figure {
    let say = |amount: Option<Decimal>| money::format_known(amount, currency);
    let over: Vec<&str> = rows
        .iter()
        .filter(|(_, _, a, p)| matches!((a, p), (Some(a), Some(p)) if p > a))
        .map(|(_, label, _, _)| label.text.as_str())
        .collect();
    let description = format!(
        "Horizontal bars: for each {what}, the allocation and, below it, what the budget lines plan.{}",
        if over.is_empty() {
            " No plan is above its allocation.".to_string()
        } else {
            format!(" Planned is above the allocation for: {}.", over.join(", "))
        }
    );
    let chart = grouped(
        id,
        title.clone(),
        description,
        allocation_series(),
        &rows
            .iter()
            .map(|(_, label, a, p)| (label.text.clone(), vec![*a, *p]))
            .collect::<Vec<_>>(),
        &say,
    );
    let table = Table {
        caption: title,
        headers: vec![
            crate::site::fields::label(what),
            "Allocation".to_string(),
            "Planned".to_string(),
            "Left".to_string(),
        ],
        rows: rows
            .into_iter()
            .map(|(key, label, allocation, planned)| TableRow {
                key,
                label,
                cells: vec![
                    Cell::money(allocation, currency),
                    Cell::money(planned, currency),
                    Cell::money(money::delta(planned, allocation), currency),
                ],
            })
            .collect(),
    };
    Figure { chart, table }
}

/// What is planned in each category, for each department of one currency.
fn category_figure(
    id: &str,
    year: &str,
    currency: Option<&str>,
    departments: &[&DepartmentBudget],
    site: &Site<'_>,
    root: &str,
) -> Figure {
    let say = |amount: Option<Decimal>| money::format_known(amount, currency);
    let title = format!("Planned by category, fiscal year {year}");
    let chart = stacked(
        id,
        title.clone(),
        format!(
            "Stacked horizontal bars: for each department, what its lines plan in each category ({}), with the total at the end.",
            CATEGORIES.join(", ")
        ),
        category_series(),
        &departments
            .iter()
            .map(|d| {
                (
                    site.department_name(&d.department),
                    CATEGORIES
                        .iter()
                        .map(|c| d.totals.by_category.get(c))
                        .collect(),
                    d.totals.planned,
                )
            })
            .collect::<Vec<_>>(),
        &say,
    );
    let mut headers = vec!["Department".to_string()];
    headers.extend(CATEGORIES.iter().map(|c| crate::site::fields::label(c)));
    headers.push("Planned".to_string());
    let table = Table {
        caption: title,
        headers,
        rows: departments
            .iter()
            .map(|d| {
                let mut cells: Vec<Cell> = CATEGORIES
                    .iter()
                    .map(|c| Cell::money(d.totals.by_category.get(c), currency))
                    .collect();
                cells.push(Cell::money(d.totals.planned, currency));
                TableRow {
                    key: d.department.clone(),
                    label: site.department_link(root, &d.department),
                    cells,
                }
            })
            .collect(),
    };
    Figure { chart, table }
}

/// The currencies of a year's budgets, in the order they first appear.
fn currencies(report: &BudgetReport) -> Vec<Option<String>> {
    report.totals.iter().map(|t| t.currency.clone()).collect()
}

#[derive(Serialize)]
struct YearPage {
    year: String,
    totals: Vec<String>,
    figures: Vec<Figure>,
    departments: Vec<DepartmentView>,
}

#[derive(Serialize)]
struct DepartmentView {
    link: Part,
    anchor: String,
    summary: String,
    over: bool,
    lines: Vec<LineView>,
    file: String,
    edit: Option<Part>,
}

#[derive(Serialize)]
pub struct LineView {
    pub anchor: String,
    pub description: String,
    pub category: String,
    pub amount: String,
    pub recurring: String,
    pub tools: Vec<Part>,
    pub id: String,
}

/// The lines of a department's budget, each with the tools behind it.
pub fn line_views(site: &Site<'_>, root: &str, department: &DepartmentBudget) -> Vec<LineView> {
    let currency = department.currency.as_deref();
    department
        .lines
        .iter()
        .map(|line| {
            let id = line.id.clone().unwrap_or_default();
            LineView {
                anchor: line_anchor(&department.department, &id),
                description: line
                    .description
                    .clone()
                    .or(line.id.clone())
                    .unwrap_or_default(),
                category: line
                    .category
                    .as_deref()
                    .map_or("other".to_string(), crate::site::fields::label),
                amount: money::format_known(line.amount, currency),
                recurring: match line.recurring {
                    Some(true) => "every year",
                    Some(false) => "once",
                    None => "not said",
                }
                .to_string(),
                tools: line
                    .tools
                    .iter()
                    .map(|t| {
                        let mut link = site.tool_link(root, &t.id);
                        if let Some(cost) = t.cost.as_ref().and_then(|c| c.per_year.map(|a| (a, c)))
                        {
                            link.text.push_str(&format!(
                                " ({} a year)",
                                money::format(cost.0, cost.1.currency.as_deref())
                            ));
                        }
                        link
                    })
                    .collect(),
                id,
            }
        })
        .collect()
}

/// One page per fiscal year.
pub fn pages(site: &Site<'_>) -> Vec<Page> {
    site.budgets
        .iter()
        .map(|report| year_page(site, report))
        .collect()
}

fn year_page(site: &Site<'_>, report: &BudgetReport) -> Page {
    let root = "../";
    let year = &report.fiscal_year;
    let mut figures = Vec::new();
    for (n, currency) in currencies(report).iter().enumerate() {
        let departments: Vec<&DepartmentBudget> = report
            .departments
            .iter()
            .filter(|d| &d.currency == currency)
            .collect();
        let suffix = match (currency, report.totals.len()) {
            (Some(c), 2..) => format!(" ({c})"),
            _ => String::new(),
        };
        figures.push(allocation_figure(
            &format!("allocation-{n}"),
            format!("Allocation and planned by department, fiscal year {year}{suffix}"),
            "department",
            currency.as_deref(),
            departments
                .iter()
                .map(|d| {
                    (
                        d.department.clone(),
                        site.department_link(root, &d.department),
                        d.totals.allocation,
                        d.totals.planned,
                    )
                })
                .collect(),
        ));
        figures.push(category_figure(
            &format!("category-{n}"),
            year,
            currency.as_deref(),
            &departments,
            site,
            root,
        ));
    }
    let departments = report
        .departments
        .iter()
        .map(|d| {
            let currency = d.currency.as_deref();
            let over =
                matches!((d.totals.allocation, d.totals.planned), (Some(a), Some(p)) if p > a);
            DepartmentView {
                link: site.department_link(root, &d.department),
                anchor: format!("department-{}", crate::site::links::slug(&d.department, 0)),
                summary: format!(
                    "Allocation {}, planned {}, {} {}.",
                    money::format_known(d.totals.allocation, currency),
                    money::format_known(d.totals.planned, currency),
                    if over { "over by" } else { "left" },
                    money::format_known(
                        if over {
                            money::delta(d.totals.allocation, d.totals.planned)
                        } else {
                            d.totals.left
                        },
                        currency
                    )
                ),
                over,
                lines: line_views(site, root, d),
                file: site.repo_file(&d.path),
                edit: site.edit_link(&d.path),
            }
        })
        .collect();
    let model = YearPage {
        year: year.clone(),
        totals: report
            .totals
            .iter()
            .map(|t| {
                let c = t.currency.as_deref();
                format!(
                    "Allocation {}, planned {}, left {}",
                    money::format_known(t.totals.allocation, c),
                    money::format_known(t.totals.planned, c),
                    money::format_known(t.totals.left, c)
                )
            })
            .collect(),
        figures,
        departments,
    };
    Page::new(
        site.year_pages[year].clone(),
        "budget.html",
        format!("Budgets {}", short(year)),
        "budgets",
        &model,
    )
}

#[derive(Serialize)]
struct Index {
    years: Vec<YearRow>,
    figures: Vec<Figure>,
}

#[derive(Serialize)]
struct YearRow {
    link: Part,
    totals: Vec<String>,
}

pub fn index(site: &Site<'_>) -> Page {
    let root = "../";
    let years = site
        .budgets
        .iter()
        .map(|r| YearRow {
            link: Part::link(
                format!("Fiscal year {}", short(&r.fiscal_year)),
                format!("{root}{}", site.year_pages[&r.fiscal_year]),
            ),
            totals: r
                .totals
                .iter()
                .map(|t| {
                    let c = t.currency.as_deref();
                    format!(
                        "allocation {}, planned {}",
                        money::format_known(t.totals.allocation, c),
                        money::format_known(t.totals.planned, c)
                    )
                })
                .collect(),
        })
        .collect();
    // Year over year, per currency, when there is more than one year.
    let mut figures = Vec::new();
    if site.budgets.len() > 1 {
        let mut all: Vec<Option<String>> = site.budgets.iter().flat_map(currencies).collect();
        all.dedup();
        let mut seen = Vec::new();
        for currency in all {
            if seen.contains(&currency) {
                continue;
            }
            seen.push(currency.clone());
            let rows = site
                .budgets
                .iter()
                .filter_map(|r| {
                    let t = r.totals.iter().find(|t| t.currency == currency)?;
                    Some((
                        r.fiscal_year.clone(),
                        Part::link(
                            short(&r.fiscal_year),
                            format!("{root}{}", site.year_pages[&r.fiscal_year]),
                        ),
                        t.totals.allocation,
                        t.totals.planned,
                    ))
                })
                .collect();
            figures.push(allocation_figure(
                &format!("years-{}", seen.len()),
                format!(
                    "Allocation and planned, year over year{}",
                    currency
                        .as_ref()
                        .map_or(String::new(), |c| format!(" ({c})"))
                ),
                "fiscal year",
                currency.as_deref(),
                rows,
            ));
        }
    }
    Page::new(
        "budgets/index.html".to_string(),
        "budgets.html",
        "Budgets".to_string(),
        "budgets",
        &Index { years, figures },
    )
}
