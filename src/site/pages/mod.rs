//! The models of every page, one module per kind of page. Each returns [`Page`]s: where the
//! page goes, which template renders it, and what the template is given. Pages of one kind
//! (one per tool) are built in parallel.

pub mod budgets;
pub mod calendar;
pub mod changes;
pub mod departments;
pub mod overview;
pub mod people;
pub mod policies;
pub mod propose;
pub mod tools;

use minijinja::Value;
use serde::Serialize;

use super::gather::Site;
use super::view::{FindingView, Part};

/// One page to render.
pub struct Page {
    /// Relative to the site's top: `tools/zoom.html`.
    pub path: String,
    pub template: &'static str,
    /// The page's own title (the `<title>` adds the site's).
    pub title: String,
    /// Which entry of the navigation it belongs to.
    pub section: &'static str,
    /// What the template reads as `page`.
    pub model: Value,
}

impl Page {
    pub fn new(
        path: String,
        template: &'static str,
        title: String,
        section: &'static str,
        model: &impl Serialize,
    ) -> Page {
        Page {
            path,
            template,
            title,
            section,
            model: Value::from(minijinja::value::Serde(model)),
        }
    }
}

/// Every page of the site.
pub fn all(site: &Site<'_>) -> Vec<Page> {
    let mut pages = vec![
        overview::page(site),
        tools::index(site),
        policies::index(site),
        departments::index(site),
        budgets::index(site),
        people::page(site),
        calendar::page(site),
        changes::page(site),
        propose::page(site),
    ];
    pages.extend(tools::pages(site));
    pages.extend(policies::pages(site));
    pages.extend(departments::pages(site));
    pages.extend(budgets::pages(site));
    pages
}

/// The findings about one file, errors first, as committee members read them.
pub fn findings_of(site: &Site<'_>, tree_path: &str) -> Vec<FindingView> {
    let mut views: Vec<FindingView> = site
        .findings_of(tree_path)
        .iter()
        .map(|f| FindingView::new(f, None))
        .collect();
    views.sort_by_key(|v| !v.is_error);
    views
}

/// The link to the propose page, for pages that invite a change.
pub fn propose_link(root: &str) -> Part {
    Part::link("How to propose a change", format!("{root}propose.html"))
}
