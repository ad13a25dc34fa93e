//! Departments: a list, and one page per department with its people, the tools it owns, the
//! policies it answers for and its budget in every fiscal year (with a chart).

use rayon::prelude::*;
use serde::Serialize;

use super::Page;
use super::budgets::{Figure, LineView, allocation_figure, line_views};
use super::tools::status_words;
use crate::money;
use crate::site::gather::{Site, department_ids};
use crate::site::view::{Part, Words, short};

#[derive(Serialize)]
struct Index {
    rows: Vec<Row>,
}

#[derive(Serialize)]
struct Row {
    link: Part,
    head: Words,
    people: usize,
    tools: usize,
}

pub fn index(site: &Site<'_>) -> Page {
    let root = "../";
    let rows = department_ids(site.tree)
        .iter()
        .map(|id| Row {
            link: site.department_link(root, id),
            head: head(site, root, id),
            people: people_of(site, id).len(),
            tools: site
                .tree
                .tools
                .values()
                .filter(|t| t.department.as_ref() == Some(id))
                .count(),
        })
        .collect();
    Page::new(
        "departments/index.html".to_string(),
        "departments.html",
        "Departments".to_string(),
        "departments",
        &Index { rows },
    )
}

fn head(site: &Site<'_>, root: &str, id: &str) -> Words {
    match site.tree.department(id).and_then(|d| d.head.as_deref()) {
        Some(head) => site.person_link(root, head),
        None => vec![Part::text("not given")],
    }
}

fn people_of<'a>(site: &Site<'a>, id: &str) -> Vec<&'a crate::model::Person> {
    site.tree
        .org
        .iter()
        .flat_map(|o| o.people.values())
        .filter(|p| p.department.as_deref() == Some(id))
        .collect()
}

#[derive(Serialize)]
struct DepartmentPage {
    name: String,
    id: String,
    in_org: bool,
    head: Words,
    people: Vec<PersonRow>,
    tools: Vec<ToolRow>,
    policies: Vec<Part>,
    figure: Option<Figure>,
    years: Vec<YearBudget>,
}

#[derive(Serialize)]
struct PersonRow {
    person: Words,
    role: Option<String>,
}

#[derive(Serialize)]
struct ToolRow {
    link: Part,
    status: String,
    owner: Words,
    cost: String,
}

#[derive(Serialize)]
struct YearBudget {
    link: Part,
    summary: String,
    lines: Vec<LineView>,
    edit: Option<Part>,
}

pub fn pages(site: &Site<'_>) -> Vec<Page> {
    let ids = department_ids(site.tree);
    ids.par_iter().map(|id| page(site, id)).collect()
}

fn page(site: &Site<'_>, id: &str) -> Page {
    let root = "../";
    let tree = site.tree;
    let people = people_of(site, id)
        .into_iter()
        .map(|p| PersonRow {
            person: site.person_link(root, &p.id),
            role: tree
                .org
                .as_ref()
                .and_then(|o| o.entity.str(&format!("{}/role", p.pointer))),
        })
        .collect();
    let tools = tree
        .tools
        .values()
        .filter(|t| t.department.as_deref() == Some(id))
        .map(|t| ToolRow {
            link: site.tool_link(root, &t.entity.id),
            status: status_words(t.status.as_deref()),
            owner: t
                .owner
                .as_deref()
                .map_or(vec![Part::text("nobody")], |o| site.person_link(root, o)),
            cost: match (t.cost_per_year(), t.cost.as_ref()) {
                (Some(year), Some(cost)) => {
                    format!("{} a year", money::format(year, cost.currency.as_deref()))
                }
                _ => "no yearly cost".to_string(),
            },
        })
        .collect();
    let budgets: Vec<_> = site
        .budgets
        .iter()
        .filter_map(|r| Some((r, r.departments.iter().find(|d| d.department == id)?)))
        .collect();
    let currency = budgets.first().and_then(|(_, d)| d.currency.clone());
    let figure = (!budgets.is_empty()).then(|| {
        allocation_figure(
            "department-budget",
            format!(
                "Allocation and planned for {}, by fiscal year",
                site.department_name(id)
            ),
            "fiscal year",
            currency.as_deref(),
            budgets
                .iter()
                .filter(|(_, d)| d.currency == currency)
                .map(|(r, d)| {
                    (
                        r.fiscal_year.clone(),
                        Part::link(
                            short(&r.fiscal_year),
                            format!(
                                "{root}{}#department-{}",
                                site.year_pages[&r.fiscal_year],
                                crate::site::links::slug(id, 0)
                            ),
                        ),
                        d.totals.allocation,
                        d.totals.planned,
                    )
                })
                .collect(),
        )
    });
    let years = budgets
        .iter()
        .map(|(r, d)| {
            let c = d.currency.as_deref();
            YearBudget {
                link: Part::link(
                    format!("Fiscal year {}", short(&r.fiscal_year)),
                    format!("{root}{}", site.year_pages[&r.fiscal_year]),
                ),
                summary: format!(
                    "Allocation {}, planned {}, left {}.",
                    money::format_known(d.totals.allocation, c),
                    money::format_known(d.totals.planned, c),
                    money::format_known(d.totals.left, c)
                ),
                lines: line_views(site, root, d),
                edit: site.edit_link(&d.path),
            }
        })
        .collect();
    let model = DepartmentPage {
        name: tree
            .department(id)
            .and_then(|d| d.name.clone())
            .unwrap_or_else(|| id.to_string()),
        id: id.to_string(),
        in_org: tree.department(id).is_some(),
        head: head(site, root, id),
        people,
        tools,
        policies: tree
            .policies
            .values()
            .filter(|p| p.owner.as_deref() == Some(id))
            .map(|p| site.policy_link(root, &p.entity.id))
            .collect(),
        figure,
        years,
    };
    Page::new(
        site.department_pages[id].clone(),
        "department.html",
        site.department_name(id),
        "departments",
        &model,
    )
}
