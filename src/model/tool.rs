//! `tools/<id>.toml`: one approved tool.

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::{Contract, EXIT_TEST_MONTHS, Entity, add_months};

#[derive(Debug, Clone)]
pub struct Tool {
    pub entity: Entity,
    pub name: Option<String>,
    pub status: Option<String>,
    pub department: Option<String>,
    pub owner: Option<String>,
    pub backup_owner: Option<String>,
    pub approved_on: Option<Date>,
    pub last_reviewed: Option<Date>,
    pub cost: Option<Cost>,
    pub exit_plan: Option<ExitPlan>,
    /// Boxed: most tools have none, and a tool is moved around whole while loading.
    pub contract: Option<Box<Contract>>,
    pub data_classification: Option<String>,
    /// Who holds administrator access: person ids, with the pointer of each.
    pub admins: Vec<(String, String)>,
    pub sso: Option<bool>,
    pub mfa: Option<String>,
    pub data_location: Option<String>,
    pub public_facing: Option<bool>,
    pub privacy: Option<Privacy>,
    pub accessibility: Option<Accessibility>,
}

/// `[privacy]`: personal data, and the data-processing agreement that covers it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Privacy {
    pub dpa_signed: Option<Date>,
    pub personal_data: Option<bool>,
}

/// `[accessibility]`: what the vendor's conformance report states, and when it was checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accessibility {
    pub conformance: Option<String>,
    pub report_url: Option<String>,
    pub checked_on: Option<Date>,
}

#[derive(Debug, Clone)]
pub struct Cost {
    pub amount: Option<Decimal>,
    pub currency: Option<String>,
    pub period: Option<String>,
    /// The raw reference as written, and its parts when it is well-formed.
    pub budget_line: Option<String>,
}

/// `<fiscal-year>/<department>#<line-id>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LineRef {
    pub fiscal_year: String,
    pub department: String,
    pub line: String,
}

impl LineRef {
    pub fn parse(text: &str) -> Option<LineRef> {
        let (budget, line) = text.split_once('#')?;
        let (fiscal_year, department) = budget.split_once('/')?;
        [fiscal_year, department, line]
            .iter()
            .all(|part| crate::layout::is_valid_id(part))
            .then(|| LineRef {
                fiscal_year: fiscal_year.to_string(),
                department: department.to_string(),
                line: line.to_string(),
            })
    }
}

#[derive(Debug, Clone)]
pub struct ExitPlan {
    pub data_export: Option<String>,
    pub export_formats: Vec<String>,
    pub alternatives: Vec<String>,
    pub notice_period_days: Option<i64>,
    pub last_tested: Option<Date>,
}

impl ExitPlan {
    /// When the export is next to be tried: [`EXIT_TEST_MONTHS`] after the last test; `None`
    /// when it was never tested.
    pub fn test_due(&self) -> Option<Date> {
        self.last_tested
            .map(|date| add_months(date, EXIT_TEST_MONTHS))
    }
}

impl Tool {
    pub fn from_entity(entity: Entity) -> Self {
        let cost = entity.has("/cost").then(|| Cost {
            amount: entity.money("/cost/amount"),
            currency: entity.str("/cost/currency"),
            period: entity.str("/cost/period"),
            budget_line: entity.str("/cost/budget_line"),
        });
        let exit_plan = entity.has("/exit_plan").then(|| ExitPlan {
            data_export: entity.str("/exit_plan/data_export"),
            export_formats: texts(&entity, "/exit_plan/export_formats"),
            alternatives: texts(&entity, "/exit_plan/alternatives"),
            notice_period_days: entity.integer("/exit_plan/notice_period_days"),
            last_tested: entity.date("/exit_plan/last_tested"),
        });
        Tool {
            name: entity.str("/name"),
            status: entity.str("/status"),
            department: entity.str("/department"),
            owner: entity.str("/owner"),
            backup_owner: entity.str("/backup_owner"),
            approved_on: entity.date("/approved_on"),
            last_reviewed: entity.date("/last_reviewed"),
            cost,
            exit_plan,
            contract: Contract::from_entity(&entity).map(Box::new),
            data_classification: entity.str("/data_classification"),
            admins: entity.strings("/admins"),
            sso: entity.bool("/sso"),
            mfa: entity.str("/mfa"),
            data_location: entity.str("/data_location"),
            public_facing: entity.bool("/public_facing"),
            privacy: table(&entity, "/privacy").then(|| Privacy {
                dpa_signed: entity.date("/privacy/dpa_signed"),
                personal_data: entity.bool("/privacy/personal_data"),
            }),
            accessibility: table(&entity, "/accessibility").then(|| Accessibility {
                conformance: entity.str("/accessibility/conformance"),
                report_url: entity.str("/accessibility/report_url"),
                checked_on: entity.date("/accessibility/checked_on"),
            }),
            entity,
        }
    }

    /// When the vendor's accessibility report is next to be checked: `every_months` after
    /// `checked_on`; due now when it was never checked (or states no date).
    pub fn accessibility_schedule(&self, every_months: u32) -> super::ReviewSchedule {
        super::ReviewSchedule {
            counted_from: "/accessibility/checked_on",
            since: self.accessibility.as_ref().and_then(|a| a.checked_on),
            every_months: i64::from(every_months),
        }
    }

    /// Whether the tool holds personal data (`[privacy] personal_data = true`) or data
    /// classified confidential or restricted: what a data-processing agreement must cover.
    pub fn holds_sensitive_data(&self) -> bool {
        self.privacy.as_ref().and_then(|p| p.personal_data) == Some(true) || self.is_confidential()
    }

    /// Whether its `data_classification` is confidential or restricted.
    pub fn is_confidential(&self) -> bool {
        matches!(
            self.data_classification.as_deref(),
            Some("confidential" | "restricted")
        )
    }

    /// Whether the data-processing agreement it needs is missing.
    pub fn lacks_dpa(&self) -> bool {
        self.holds_sensitive_data() && self.privacy.as_ref().and_then(|p| p.dpa_signed).is_none()
    }

    /// Whether the public uses it and no accessibility conformance is stated.
    pub fn lacks_accessibility_report(&self) -> bool {
        self.public_facing == Some(true)
            && self
                .accessibility
                .as_ref()
                .and_then(|a| a.conformance.as_deref())
                .is_none_or(|c| c.trim().is_empty())
    }

    /// When the tool is next to be reviewed: `every_months` after its last review, or after
    /// its approval when it was never reviewed.
    pub fn review_schedule(&self, every_months: u32) -> super::ReviewSchedule {
        super::ReviewSchedule::new(
            self.last_reviewed,
            ("/approved_on", self.approved_on),
            i64::from(every_months),
        )
    }

    pub fn is_retired(&self) -> bool {
        self.status.as_deref() == Some("retired")
    }

    /// "Canva", or the id when the tool has no name: for sentences meant for people.
    pub fn plain_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.entity.id)
    }

    /// "Canva" for messages (the id when the tool has no name): the file and line that come
    /// with every finding tell two tools of one name apart.
    pub fn display_name(&self) -> String {
        self.plain_name().to_string()
    }
}

/// Whether `pointer` holds a table (a value of another type is the schema's to report).
fn table(entity: &Entity, pointer: &str) -> bool {
    entity.doc.get(pointer).is_some_and(|v| v.is_object())
}

fn texts(entity: &Entity, pointer: &str) -> Vec<String> {
    entity
        .strings(pointer)
        .into_iter()
        .map(|(s, _)| s)
        .filter(|s| !s.trim().is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_refs() {
        assert_eq!(
            LineRef::parse("2026/it#crm"),
            Some(LineRef {
                fiscal_year: "2026".into(),
                department: "it".into(),
                line: "crm".into()
            })
        );
        assert_eq!(LineRef::parse("2026/it"), None);
        assert_eq!(LineRef::parse("2026#crm"), None);
        assert_eq!(LineRef::parse("2026/IT#crm"), None);
    }
}
