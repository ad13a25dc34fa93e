//! The tools report: the registry as rows, filtered by status, department or what a tool
//! lacks (`--missing`), with the yearly costs added up. Apart from the other kinds because
//! its filters are its own.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::Serialize;

use super::{ToolCost, tool_cost};
use crate::model::{Tool, Tree};
use crate::money;

/// What `--missing` looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Missing {
    /// No owner.
    Owner,
    /// No exit plan, or only a placeholder such as "TBD".
    ExitPlan,
    /// No backup owner, or the owner is also the backup owner.
    BackupOwner,
    /// Personal, confidential or restricted data and no signed data-processing agreement.
    Dpa,
    /// Used by the public and no accessibility conformance stated.
    Accessibility,
    /// No administrators listed.
    Admins,
}

/// Which tools a registry report lists. Empty fields select everything.
#[derive(Debug, Clone, Default)]
pub struct ToolFilter {
    pub status: Option<String>,
    pub department: Option<String>,
    /// Tools that lack any of these.
    pub missing: Vec<Missing>,
}

/// The tool registry as rows.
#[derive(Debug, Clone, Serialize)]
pub struct ToolsReport {
    pub tools: Vec<ToolRow>,
    /// The listed tools' yearly costs added up, one entry per currency.
    pub per_year: Vec<CurrencyAmount>,
}

/// A sum in one currency.
#[derive(Debug, Clone, Serialize)]
pub struct CurrencyAmount {
    pub currency: Option<String>,
    #[serde(serialize_with = "money::serialize_opt")]
    pub amount: Option<Decimal>,
}

/// One tool.
#[derive(Debug, Clone, Serialize)]
pub struct ToolRow {
    pub id: String,
    pub name: Option<String>,
    pub status: Option<String>,
    pub department: Option<String>,
    pub owner: Option<String>,
    pub owner_name: Option<String>,
    pub backup_owner: Option<String>,
    pub backup_owner_name: Option<String>,
    /// Whether the exit plan says how the data gets out (not a placeholder such as "TBD").
    pub exit_plan: bool,
    pub cost: Option<ToolCost>,
    /// The file, relative to the tree root.
    pub path: String,
    /// Who holds administrator access.
    pub admins: Vec<PersonRef>,
    /// Whether it holds personal, confidential or restricted data, which a data-processing
    /// agreement must cover.
    pub needs_dpa: bool,
    /// The day the data-processing agreement was signed (YYYY-MM-DD).
    pub dpa_signed: Option<String>,
    pub public_facing: bool,
    /// What the vendor's accessibility conformance report states ("WCAG 2.1 AA").
    pub accessibility: Option<String>,
    /// When the accessibility report was last checked (YYYY-MM-DD).
    pub accessibility_checked_on: Option<String>,
}

/// A person named in a report: their id, and their name from org.toml.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonRef {
    pub id: String,
    pub name: Option<String>,
}

impl ToolRow {
    pub fn lacks(&self, missing: Missing) -> bool {
        match missing {
            Missing::Owner => self.owner.is_none(),
            Missing::ExitPlan => !self.exit_plan,
            Missing::BackupOwner => self.backup_owner.is_none() || self.backup_owner == self.owner,
            Missing::Dpa => self.needs_dpa && self.dpa_signed.is_none(),
            Missing::Accessibility => self.public_facing && self.accessibility.is_none(),
            Missing::Admins => self.admins.is_empty(),
        }
    }
}

/// The registry, filtered, by tool id.
pub fn tools_report(tree: &Tree, filter: &ToolFilter) -> ToolsReport {
    let person_name = |id: &Option<String>| {
        id.as_deref()
            .and_then(|id| tree.person(id))
            .and_then(|p| p.name.clone())
    };
    let tools: Vec<ToolRow> = tree
        .tools
        .iter()
        .map(|(id, tool)| {
            let owner = tool.owner.clone().filter(|o| !o.trim().is_empty());
            let backup_owner = tool.backup_owner.clone().filter(|o| !o.trim().is_empty());
            ToolRow {
                id: id.clone(),
                name: tool.name.clone(),
                status: tool.status.clone(),
                department: tool.department.clone(),
                owner_name: person_name(&owner),
                backup_owner_name: person_name(&backup_owner),
                owner,
                backup_owner,
                exit_plan: has_exit_plan(tool),
                cost: tool_cost(tool),
                path: tool.entity.path.clone(),
                admins: admins(tree, tool),
                needs_dpa: tool.holds_sensitive_data(),
                dpa_signed: tool
                    .privacy
                    .as_ref()
                    .and_then(|p| p.dpa_signed)
                    .map(|d| d.to_string()),
                public_facing: tool.public_facing == Some(true),
                accessibility: tool
                    .accessibility
                    .as_ref()
                    .and_then(|a| a.conformance.clone())
                    .filter(|c| !c.trim().is_empty()),
                accessibility_checked_on: tool
                    .accessibility
                    .as_ref()
                    .and_then(|a| a.checked_on)
                    .map(|d| d.to_string()),
            }
        })
        .filter(|row| {
            filter
                .status
                .as_ref()
                .is_none_or(|s| row.status.as_ref() == Some(s))
                && filter
                    .department
                    .as_ref()
                    .is_none_or(|d| row.department.as_ref() == Some(d))
                && (filter.missing.is_empty() || filter.missing.iter().any(|m| row.lacks(*m)))
        })
        .collect();
    let mut per_year: Vec<CurrencyAmount> = Vec::new();
    // Recurring costs only; one whose amount cannot be read makes its currency's sum unknown.
    for (currency, amount) in tools.iter().filter_map(|t| {
        let cost = t.cost.as_ref()?;
        cost.is_recurring()
            .then(|| (cost.currency.clone(), cost.per_year))
    }) {
        match per_year.iter_mut().find(|c| c.currency == currency) {
            Some(sum) => sum.amount = money::add(sum.amount, amount),
            None => per_year.push(CurrencyAmount { currency, amount }),
        }
    }
    ToolsReport { tools, per_year }
}

pub use crate::rules::tool::is_placeholder;

/// A tool's administrators, each once, in the order written.
fn admins(tree: &Tree, tool: &Tool) -> Vec<PersonRef> {
    let mut seen = BTreeSet::new();
    tool.admins
        .iter()
        .filter(|(id, _)| !id.trim().is_empty() && seen.insert(id.as_str()))
        .map(|(id, _)| person_ref(tree, id))
        .collect()
}

fn person_ref(tree: &Tree, id: &str) -> PersonRef {
    PersonRef {
        id: id.to_string(),
        name: tree.person(id).and_then(|p| p.name.clone()),
    }
}

fn has_exit_plan(tool: &Tool) -> bool {
    tool.exit_plan
        .as_ref()
        .and_then(|plan| plan.data_export.as_deref())
        .is_some_and(|text| !is_placeholder(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing::{ORG, tree};

    #[test]
    fn tool_filters() {
        let tree = tree(&[
            ("org.toml", ORG),
            (
                "tools/a.toml",
                "name = \"A\"\nstatus = \"approved\"\ndepartment = \"it\"\nowner = \"ana\"\n[exit_plan]\ndata_export = \"TBD\"\n",
            ),
            (
                "tools/b.toml",
                "name = \"B\"\nstatus = \"trial\"\ndepartment = \"it\"\nowner = \"ana\"\nbackup_owner = \"bo\"\n[exit_plan]\ndata_export = \"Export > CSV\"\n",
            ),
        ]);
        let all = tools_report(&tree, &ToolFilter::default());
        assert_eq!(all.tools.len(), 2);
        assert_eq!(all.tools[0].owner_name.as_deref(), Some("Ana"));
        assert!(!all.tools[0].exit_plan && all.tools[1].exit_plan);
        let ids = |filter: ToolFilter| -> Vec<String> {
            tools_report(&tree, &filter)
                .tools
                .into_iter()
                .map(|t| t.id)
                .collect()
        };
        assert_eq!(
            ids(ToolFilter {
                status: Some("trial".into()),
                ..Default::default()
            }),
            ["b"]
        );
        assert_eq!(
            ids(ToolFilter {
                missing: vec![Missing::ExitPlan],
                ..Default::default()
            }),
            ["a"]
        );
        assert_eq!(
            ids(ToolFilter {
                missing: vec![Missing::BackupOwner],
                ..Default::default()
            }),
            ["a"]
        );
        assert!(
            ids(ToolFilter {
                department: Some("hr".into()),
                ..Default::default()
            })
            .is_empty()
        );
    }
}
