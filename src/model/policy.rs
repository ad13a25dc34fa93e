//! `technology/<id>.toml`: a written technology policy, clause by clause.

use jiff::civil::Date;

use super::Entity;

#[derive(Debug, Clone)]
pub struct Policy {
    pub entity: Entity,
    pub title: Option<String>,
    pub status: Option<String>,
    pub owner: Option<String>,
    pub effective: Option<Date>,
    pub last_reviewed: Option<Date>,
    pub review_every_months: Option<i64>,
    pub clauses: Vec<Clause>,
}

#[derive(Debug, Clone)]
pub struct Clause {
    pub pointer: String,
    pub id: Option<String>,
    pub title: Option<String>,
    pub text: Option<String>,
}

/// The `[[clause]]` tables of a policy file.
pub fn clauses(entity: &Entity) -> Vec<Clause> {
    (0..entity.count("/clause"))
        .map(|i| {
            let pointer = format!("/clause/{i}");
            Clause {
                id: entity.str(&format!("{pointer}/id")),
                title: entity.str(&format!("{pointer}/title")),
                text: entity.str(&format!("{pointer}/text")),
                pointer,
            }
        })
        .collect()
}

impl Policy {
    pub fn from_entity(entity: Entity) -> Self {
        let clauses = clauses(&entity);
        Policy {
            title: entity.str("/title"),
            status: entity.str("/status"),
            owner: entity.str("/owner"),
            effective: entity.date("/effective"),
            last_reviewed: entity.date("/last_reviewed"),
            review_every_months: entity.integer("/review_every_months"),
            clauses,
            entity,
        }
    }

    /// When the policy is next to be reviewed: every `review_every_months` (else
    /// `default_months`, steward.toml's `policy_review_months`) after its last review, or
    /// after it took effect when it was never reviewed.
    pub fn review_schedule(&self, default_months: u32) -> super::ReviewSchedule {
        let every = self
            .review_every_months
            .filter(|m| *m > 0)
            .unwrap_or(i64::from(default_months));
        super::ReviewSchedule::new(self.last_reviewed, ("/effective", self.effective), every)
    }

    pub fn is_active(&self) -> bool {
        self.status.as_deref() == Some("active")
    }

    /// Departments that approved it, with the pointer of each.
    pub fn approved_by(&self) -> Vec<(String, String)> {
        self.entity.strings("/approved_by")
    }

    pub fn tools(&self) -> Vec<(String, String)> {
        self.entity.strings("/tools")
    }

    pub fn supersedes(&self) -> Vec<(String, String)> {
        self.entity.strings("/supersedes")
    }

    /// "Social media use" for messages (the id when the policy has no title).
    pub fn display_name(&self) -> String {
        self.title.clone().unwrap_or_else(|| self.entity.id.clone())
    }
}
