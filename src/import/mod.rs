//! `steward import`: the tool registry, the people of org.toml and a department's budget lines
//! from the spreadsheets organizations already have.
//!
//! Data flows one way, as everywhere in steward: a file is read into a [`table::Table`]
//! (bounded; CSV, XLSX or ODS), its columns are mapped to fields by their headers
//! ([`columns`]), each row's cells become typed values ([`values`]) and the names in them ids
//! of the tree ([`resolve`]), and the rows become a [`Plan`]: the files to create from the same
//! commented templates as `steward new`, the files to change in place, and every problem with
//! its row and column. Nothing here touches the disk; the command lints the tree with the plan
//! in memory and writes it, or shows why it will not.

pub mod budget;
pub mod columns;
pub mod edit;
pub mod people;
pub mod resolve;
pub mod table;
pub mod tools;
pub mod values;

use std::collections::BTreeSet;
use std::fmt;

use jiff::civil::Date;

pub use edit::FieldValue;
use table::{Cell, Row, Table};
use values::Formats;

/// What every kind of import is told besides the file.
#[derive(Debug, Clone)]
pub struct Settings {
    pub formats: Formats,
    /// last_reviewed for new tools, and the day "has left" is judged on.
    pub today: Date,
    /// Change existing entries whose values differ (else they are left alone).
    pub update: bool,
    /// The department of rows that name none (`--department`).
    pub department: Option<String>,
    /// Rows to leave out (found invalid by an earlier pass, with `--skip-invalid`).
    pub skip: BTreeSet<usize>,
}

/// One thing wrong, where it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The spreadsheet's row number; `None` for the whole file.
    pub row: Option<usize>,
    /// The column's header as written.
    pub column: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn at(row: &Row, column: Option<&str>, message: impl Into<String>) -> Problem {
        Problem {
            row: Some(row.number),
            column: column.map(str::to_string),
            message: message.into(),
        }
    }

    pub fn file(message: impl Into<String>) -> Problem {
        Problem {
            row: None,
            column: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    /// `row 14, Owner: no person with e-mail pat@example.org in org.toml.`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.row, &self.column) {
            (Some(row), Some(column)) => write!(f, "row {row}, {column}: {}", self.message),
            (Some(row), None) => write!(f, "row {row}: {}", self.message),
            (None, Some(column)) => write!(f, "{column}: {}", self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

/// What becomes of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// A new file, or a new entry in an existing file.
    Create,
    /// An existing entry whose fields the row changes (`--update`).
    Update,
    /// An existing entry, left as it is.
    Present,
}

impl Action {
    pub fn word(self) -> &'static str {
        match self {
            Action::Create => "new",
            Action::Update => "update",
            Action::Present => "already present",
        }
    }
}

/// One row's outcome.
#[derive(Debug, Clone)]
pub struct RowPlan {
    pub row: usize,
    pub action: Action,
    /// The file, relative to the tree root.
    pub path: String,
    /// Where in the file the entry is (`/people/ana`, `/line/3`; empty for a whole file), to
    /// tie lint findings back to the row.
    pub pointer: String,
    /// The entry's id (a tool, a person, a line).
    pub id: String,
    /// The entry's name as people know it.
    pub name: String,
    /// A few words on what it holds: owner, cost, department.
    pub details: Vec<(String, String)>,
}

/// A file to write: new, or an existing one changed in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileWrite {
    /// Relative to the tree root.
    pub path: String,
    pub text: String,
    /// Whether the file exists (and is changed in place).
    pub exists: bool,
}

/// What an import would do.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub rows: Vec<RowPlan>,
    pub files: Vec<FileWrite>,
    pub problems: Vec<Problem>,
    /// Columns left out on purpose, with why, and columns nothing matched.
    pub ignored: Vec<(String, String)>,
    pub unknown: Vec<String>,
}

impl Plan {
    fn new(mapping: &columns::Mapping) -> Plan {
        Plan {
            ignored: mapping.ignored.clone(),
            unknown: mapping.unknown.clone(),
            ..Plan::default()
        }
    }

    /// The rows with a problem.
    pub fn invalid_rows(&self) -> BTreeSet<usize> {
        self.problems.iter().filter_map(|p| p.row).collect()
    }

    /// Whether a problem concerns the whole file (no row to skip).
    pub fn has_file_problems(&self) -> bool {
        self.problems.iter().any(|p| p.row.is_none())
    }

    pub fn count(&self, action: Action) -> usize {
        self.rows.iter().filter(|r| r.action == action).count()
    }
}

/// A row's cells by field key, blank ones left out.
struct Cells<'a> {
    table: &'a Table,
    mapping: &'a columns::Mapping,
    row: &'a Row,
}

impl<'a> Cells<'a> {
    /// The cell of a field, when the file has a column for it and the cell is not blank.
    fn get(&self, key: &str) -> Option<&'a Cell> {
        let column = self.mapping.column(key)?;
        Some(&self.row.cells[column]).filter(|c| !values::is_blank(c))
    }

    /// The header of the column of a field (for messages).
    fn header(&self, key: &str) -> Option<&'a str> {
        let column = self.mapping.column(key)?;
        Some(self.table.headers[column].text.as_str())
    }

    /// A problem at this row and the column of `key`.
    fn problem(&self, key: &str, message: impl Into<String>) -> Problem {
        Problem::at(self.row, self.header(key), message)
    }
}

/// Money, as people read it.
fn money_text(amount: rust_decimal::Decimal, currency: Option<&str>) -> String {
    crate::money::format(amount, currency)
}
