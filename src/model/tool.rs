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
            entity,
        }
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
