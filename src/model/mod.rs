//! The typed model of a policy tree: the organization, tools, policies and budgets, with the
//! indexes that rules use to resolve references. Built leniently from documents that may have
//! failed schema validation: a field with the wrong type is simply absent here (the schema
//! check already reported it), so every rule can still run on everything else.

mod budget;
mod contract;
mod dates;
mod org;
mod policy;
mod tool;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

pub use budget::{Budget, Line};
pub use contract::{Contract, NOTICE_DAYS, Renewal, SEATS, TERM_MONTHS};
pub use dates::{EXIT_TEST_MONTHS, ReviewSchedule, add_days, add_months, days_between};
pub use org::{Department, Org, Person, is_github_handle};
pub use policy::{Clause, Policy, clauses};
pub use tool::{Accessibility, Cost, ExitPlan, LineRef, Privacy, Tool};

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::document::{Document, push_pointer};
use crate::finding::{Location, Subject};
use crate::layout::Kind;

/// What every entity has: its id, its file and its waivers.
#[derive(Debug, Clone)]
pub struct Entity {
    pub kind: Kind,
    pub id: String,
    /// Relative to the tree root, e.g. `tools/canva.toml`.
    pub path: String,
    pub doc: Arc<Document>,
    pub waivers: Vec<Waiver>,
}

impl Entity {
    pub fn new(kind: Kind, id: &str, path: &str, doc: Arc<Document>) -> Self {
        let waivers = Waiver::all_in(&doc);
        Self {
            kind,
            id: id.to_string(),
            path: path.to_string(),
            doc,
            waivers,
        }
    }

    /// The file as people see it, relative to the project (`policies/tools/canva.toml`).
    pub fn shown_path(&self) -> &str {
        &self.doc.source.path
    }

    /// The span of the value at `pointer`, or of the nearest table that exists.
    pub fn at(&self, pointer: &str) -> Location {
        Location::new(&self.doc.source, self.doc.span_for(pointer))
    }

    pub fn subject(&self, pointer: &str) -> Subject {
        Subject {
            entity: self.path.clone(),
            field: pointer.to_string(),
        }
    }

    pub fn str(&self, pointer: &str) -> Option<String> {
        self.doc.str(pointer).map(str::to_string)
    }

    /// A date field, whether written as a TOML date or (wrongly, and reported) quoted.
    pub fn date(&self, pointer: &str) -> Option<Date> {
        self.doc.str(pointer)?.parse().ok()
    }

    /// An amount of money, read exactly from the TOML literal (never through a float);
    /// `None` when absent, not a number, or not readable as money (see [`crate::money::read`]).
    pub fn money(&self, pointer: &str) -> Option<Decimal> {
        self.money_literal(pointer)?.ok()
    }

    /// The number at `pointer` read as money, or why it cannot be; `None` when there is no
    /// number there (absent, or another type, which the schema reports).
    pub fn money_literal(
        &self,
        pointer: &str,
    ) -> Option<Result<Decimal, crate::money::Unreadable>> {
        self.doc.get(pointer).filter(|v| v.is_number())?;
        Some(crate::money::read(self.doc.raw(pointer)?))
    }

    pub fn integer(&self, pointer: &str) -> Option<i64> {
        self.doc.get(pointer)?.as_i64()
    }

    pub fn bool(&self, pointer: &str) -> Option<bool> {
        self.doc.get(pointer)?.as_bool()
    }

    /// The text items of a list, with the pointer of each.
    pub fn strings(&self, pointer: &str) -> Vec<(String, String)> {
        match self.doc.get(pointer).and_then(|v| v.items()) {
            Some(items) => items
                .enumerate()
                .filter_map(|(i, v)| {
                    v.as_str()
                        .map(|s| (s.to_string(), push_pointer(pointer, &i.to_string())))
                })
                .collect(),
            None => Vec::new(),
        }
    }

    /// The number of items in an array of tables (`[[line]]`, `[[clause]]`).
    pub fn count(&self, pointer: &str) -> usize {
        self.doc
            .get(pointer)
            .and_then(|v| v.items().map(|items| items.len()))
            .unwrap_or(0)
    }

    pub fn has(&self, pointer: &str) -> bool {
        self.doc.get(pointer).is_some()
    }

    /// Whether the field at `pointer` is written but `read` (what the model made of it) is
    /// nothing: the wrong type or format (`owner = 5`, `last_reviewed = "soon"`). The schema
    /// reports such a field; rules leave it alone rather than call it missing, so that one
    /// problem is one diagnostic.
    pub fn malformed<T>(&self, pointer: &str, read: &Option<T>) -> bool {
        read.is_none() && self.has(pointer)
    }

    /// Whether the list at `pointer` is absent or empty. A value that is not a list (the
    /// schema reports it) counts as neither.
    pub fn list_is_empty(&self, pointer: &str) -> bool {
        match self.doc.get(pointer) {
            None => true,
            Some(value) => value.items().is_some_and(|items| items.len() == 0),
        }
    }
}

/// `[[waiver]]`: excuses one rule for the entity in whose file it stands.
#[derive(Debug, Clone)]
pub struct Waiver {
    pub pointer: String,
    pub rule: Option<String>,
    pub reason: Option<String>,
    pub expires: Option<Date>,
    pub approved_by: Option<String>,
}

impl Waiver {
    fn all_in(doc: &Document) -> Vec<Waiver> {
        let count = doc
            .get("/waiver")
            .and_then(|v| v.items().map(|items| items.len()))
            .unwrap_or(0);
        (0..count)
            .map(|i| {
                let pointer = format!("/waiver/{i}");
                let field = |name: &str| doc.str(&format!("{pointer}/{name}")).map(str::to_string);
                Waiver {
                    rule: field("rule"),
                    reason: field("reason").filter(|r| !r.trim().is_empty()),
                    expires: field("expires").and_then(|d| d.parse().ok()),
                    approved_by: field("approved_by"),
                    pointer,
                }
            })
            .collect()
    }
}

/// The committed `.github/CODEOWNERS` as steward found it (`steward codeowners` and the
/// `codeowners/out-of-date` rule compare it with what org.toml says).
#[derive(Debug, Clone)]
pub enum CommittedCodeowners {
    /// Its text.
    Text(std::sync::Arc<crate::document::SourceFile>),
    /// It is there but was not read, and why (a link, a folder, too large, not UTF-8).
    Unread { why: String },
}

/// The whole tree, as the rules see it.
#[derive(Debug, Default)]
pub struct Tree {
    pub org: Option<Org>,
    /// Boxed: a tool is large, and a map filled in key order leaves its nodes half empty.
    pub tools: BTreeMap<String, Box<Tool>>,
    pub policies: BTreeMap<String, Policy>,
    /// By (fiscal year, department).
    pub budgets: BTreeMap<(String, String), Budget>,
    /// Entities of kinds declared in steward.toml, by path.
    pub custom: BTreeMap<String, Entity>,
    /// Entities whose file exists but could not be parsed: references to them are not
    /// reported as unknown (the file's own error says what is wrong).
    pub unparsed: BTreeSet<(Kind, String)>,
    /// The project's committed `.github/CODEOWNERS`, when it has one and the tree lies in
    /// the project (set by whoever read the tree; codeowners/out-of-date compares it).
    pub codeowners: Option<CommittedCodeowners>,
}

impl Tree {
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.org.as_ref()?.people.get(id)
    }

    pub fn department(&self, id: &str) -> Option<&Department> {
        self.org.as_ref()?.departments.get(id)
    }

    /// Whether references to people and departments can be checked at all.
    pub fn org_known(&self) -> bool {
        self.org.is_some()
    }

    pub fn is_unparsed(&self, kind: Kind, id: &str) -> bool {
        self.unparsed.contains(&(kind, id.to_string()))
    }

    /// Every entity, in a stable order.
    pub fn entities(&self) -> impl Iterator<Item = &Entity> {
        self.org
            .iter()
            .map(|o| &o.entity)
            .chain(self.tools.values().map(|t| &t.entity))
            .chain(self.policies.values().map(|p| &p.entity))
            .chain(self.budgets.values().map(|b| &b.entity))
            .chain(self.custom.values())
    }

    /// "Jane Doe (jane-doe)" style naming for messages.
    pub fn person_name(&self, id: &str) -> String {
        match self.person(id).and_then(|p| p.name.as_deref()) {
            Some(name) => format!("{name} ({id})"),
            None => id.to_string(),
        }
    }
}
