//! `steward site`: the handbook a committee opens in a browser. A static site built from the
//! loaded tree, its lint report and its git history: an overview of what needs attention, the
//! tool registry (filterable, one page per tool), every policy clause by clause with its
//! history, departments, budgets with charts, the hand-over list of people, the calendar (with
//! the `.ics` file), the changelog, and links that propose a change in GitHub's web editor.
//!
//! Data flows one way: [`gather`] indexes what the pages share (findings by entity, history by
//! entity and clause, page addresses); each module of [`pages`] builds the models of one kind
//! of page from the library's own reports ([`crate::report`], [`crate::calendar`],
//! [`crate::history::changelog`]); [`render`] fills the templates embedded in the binary.
//!
//! What the site promises, and where it is kept:
//! - no request leaves the site: no script, style, font or image from elsewhere, and a
//!   Content-Security-Policy that allows only the site's own stylesheet and script;
//! - every page works without JavaScript (the script only filters and sorts tables);
//! - every link between pages is relative ([`links`]);
//! - every piece of user text is escaped for HTML and shown visibly (control and bidi
//!   characters written out, as in every human format: [`render`]);
//! - the same tree, history and options give the same bytes (everything is sorted; dates
//!   come from `today`).

mod chart;
mod fields;
mod gather;
mod links;
mod pages;
mod render;
mod view;

use jiff::civil::Date;

use crate::config::Config;
use crate::error::Error;
use crate::history::changelog::Changelog;
use crate::lint::Report;
use crate::model::Tree;

pub use links::external as web_address;

/// The file that marks a folder as a site steward wrote, listing the files it wrote (so that
/// a rebuild removes the pages of entities that are gone, and nothing else).
pub const MARKER: &str = ".steward-site";
/// The first line of [`MARKER`].
pub const MARKER_HEADER: &str = "steward site: files written by `steward site`, one a line";

/// What the site is built from.
pub struct Input<'a> {
    pub tree: &'a Tree,
    pub report: &'a Report,
    pub config: &'a Config,
    /// The changelog (by month) up to the revision shown, or why there is none (not a git
    /// repository, no commits).
    pub history: Result<&'a Changelog, String>,
    /// What is put in front of a tree-relative path to name the file in the repository
    /// (`policies/`).
    pub prefix: &'a str,
}

/// How the site is built.
#[derive(Debug, Clone)]
pub struct Options {
    /// The title on every page (default: the organization's name and "technology handbook").
    pub title: Option<String>,
    /// Where the site is published (`https://org.github.io/policies/`): for the calendar's
    /// subscription address.
    pub base_url: Option<String>,
    /// The repository's web address (`https://github.com/ORG/REPO`): links to propose
    /// changes in GitHub's web editor, pull requests and commits.
    pub repo_url: Option<String>,
    /// The branch GitHub's web editor proposes changes to.
    pub branch: String,
    pub today: Date,
    /// What "changed since the last review" counts from (default: the latest `last_reviewed`
    /// of any tool or policy on or before `today`).
    pub since: Option<Date>,
}

/// One file of the site: a path relative to the site's folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Builds every file of the site, sorted by path.
pub fn build(input: &Input<'_>, options: &Options) -> Result<Vec<SiteFile>, Error> {
    let site = gather::Site::new(input, options);
    let pages = pages::all(&site);
    let mut files = render::render(&site, pages)?;
    files.extend(render::assets());
    files.push(pages::calendar::ics_file(&site));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let listing: String = files.iter().map(|f| format!("{}\n", f.path)).collect();
    files.push(SiteFile {
        path: MARKER.to_string(),
        bytes: format!("{MARKER_HEADER}\n{listing}").into_bytes(),
    });
    Ok(files)
}
