//! `[contract]` of a tool: the current term, when it renews or ends, the notice the vendor
//! needs, and the seats paid for and used. The dates the contract rules, the calendar and the
//! review packet work from are computed here, once, so that they agree.
//!
//! Read leniently like the rest of the model: a value of the wrong type, or outside the
//! bounds the schema sets (which the schema reports), is absent here, so that
//! [`Entity::malformed`] tells rules to leave it alone rather than call it missing.

use std::ops::RangeInclusive;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::{Entity, Tool, add_days, add_months};

/// `notice_days`: up to ten years' notice.
pub const NOTICE_DAYS: RangeInclusive<i64> = 0..=3650;
/// `term_months`: one month to fifty years.
pub const TERM_MONTHS: RangeInclusive<i64> = 1..=600;
/// `seats` and `seats_used`: whole numbers up to ten million (more than any real licence
/// count, small enough that every sum and product of them is exact).
pub const SEATS: RangeInclusive<i64> = 0..=10_000_000;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contract {
    /// The day the current term began (may be in the future for a signed contract).
    pub started: Option<Date>,
    /// The next renewal, or the end when the contract does not renew.
    pub renews_on: Option<Date>,
    /// Whether it renews unless notice is given. Absent means it does not.
    pub auto_renews: Option<bool>,
    /// Days of notice the vendor needs before `renews_on`.
    pub notice_days: Option<i64>,
    pub term_months: Option<i64>,
    pub seats: Option<i64>,
    pub seats_used: Option<i64>,
    /// An order or contract number.
    pub reference: Option<String>,
}

impl Contract {
    /// The `[contract]` table of an entity, when there is one (a `contract` that is not a
    /// table is the schema's to report).
    pub fn from_entity(entity: &Entity) -> Option<Contract> {
        entity.doc.get("/contract").filter(|v| v.is_object())?;
        let within = |pointer: &str, range: RangeInclusive<i64>| {
            entity.integer(pointer).filter(|n| range.contains(n))
        };
        Some(Contract {
            started: entity.date("/contract/started"),
            renews_on: entity.date("/contract/renews_on"),
            auto_renews: entity.bool("/contract/auto_renews"),
            notice_days: within("/contract/notice_days", NOTICE_DAYS),
            term_months: within("/contract/term_months", TERM_MONTHS),
            seats: within("/contract/seats", SEATS),
            seats_used: within("/contract/seats_used", SEATS),
            reference: entity.str("/contract/reference"),
        })
    }

    pub fn renews_automatically(&self) -> bool {
        self.auto_renews == Some(true)
    }

    /// The renewal (or end) that is next on `today`: `renews_on` when it is today or later.
    /// When an automatic renewal has already happened and the term is known, the renewal
    /// after it (`renews_on` plus whole terms: the vendor renewed, so the obligation moved on,
    /// even though the file still shows the old date). Otherwise `renews_on` as written,
    /// even when it has passed.
    pub fn next_renewal(&self, today: Date) -> Option<Date> {
        let written = self.renews_on?;
        if written >= today || !self.renews_automatically() {
            return Some(written);
        }
        let Some(term) = self.term_months else {
            return Some(written);
        };
        // Count whole terms from the written date (not term after term, which would drift:
        // 31 January + 1 month is 28 February, + 1 month again is 28 March).
        let months_behind = i64::from(today.year() - written.year()) * 12
            + i64::from(today.month() - written.month());
        let mut terms = (months_behind / term).max(1);
        let mut next = add_months(written, terms * term);
        while next < today && next < Date::MAX {
            terms += 1;
            next = add_months(written, terms * term);
        }
        Some(next)
    }

    /// The last day to give notice before `renewal`, when the contract renews by itself and
    /// the notice it needs is known.
    pub fn notice_deadline(&self, renewal: Date) -> Option<Date> {
        if !self.renews_automatically() {
            return None;
        }
        Some(add_days(renewal, -self.notice_days?))
    }

    /// Whether an automatic renewal in the file has already happened (`renews_on` is before
    /// `today`), so the file no longer says when the contract renews next.
    pub fn renewal_is_stale(&self, today: Date) -> bool {
        self.renews_automatically() && self.renews_on.is_some_and(|d| d < today)
    }

    /// Whether the contract has ended: `renews_on` is before `today` and it does not renew
    /// by itself.
    pub fn has_ended(&self, today: Date) -> bool {
        !self.renews_automatically() && self.renews_on.is_some_and(|d| d < today)
    }

    /// Seats paid for but not assigned, when both counts are known and make sense.
    pub fn unused_seats(&self) -> Option<i64> {
        let (seats, used) = (self.seats?, self.seats_used?);
        (used <= seats).then_some(seats - used)
    }
}

/// A tool's next renewal or end, with what it costs and the seats: what a committee needs to
/// decide whether to keep the tool. Built by [`Tool::renewal`]; the review packet, the
/// reports and the calendar use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renewal {
    pub tool: String,
    pub name: Option<String>,
    /// The tool's file, relative to the tree root.
    pub path: String,
    pub department: Option<String>,
    pub owner: Option<String>,
    /// The next renewal (or the end), see [`Contract::next_renewal`].
    pub renews_on: Date,
    pub auto_renews: bool,
    /// The last day to give notice, for a contract that renews by itself.
    pub notice_by: Option<Date>,
    /// What the tool costs a year (`None` when it has no recurring cost steward can read).
    pub per_year: Option<Decimal>,
    pub currency: Option<String>,
    pub seats: Option<i64>,
    pub seats_used: Option<i64>,
    pub reference: Option<String>,
}

impl Renewal {
    /// The day by which someone must decide: the notice deadline, else the renewal or end.
    pub fn decide_by(&self) -> Date {
        self.notice_by.unwrap_or(self.renews_on)
    }

    /// The name people know the tool by ("Zoom"), else its id.
    pub fn display(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.tool)
    }
}

impl Tool {
    /// The tool's next renewal or contract end on `today`, when its contract says when.
    pub fn renewal(&self, today: Date) -> Option<Renewal> {
        let contract = self.contract.as_ref()?;
        let renews_on = contract.next_renewal(today)?;
        let cost = self.cost.as_ref();
        Some(Renewal {
            tool: self.entity.id.clone(),
            name: self.name.clone(),
            path: self.entity.path.clone(),
            department: self.department.clone(),
            owner: self.owner.clone(),
            renews_on,
            auto_renews: contract.renews_automatically(),
            notice_by: contract.notice_deadline(renews_on),
            per_year: self.cost_per_year(),
            currency: cost.and_then(|c| c.currency.clone()),
            seats: contract.seats,
            seats_used: contract.seats_used,
            reference: contract.reference.clone(),
        })
    }

    /// What the tool costs a year: the monthly amount times 12, or the yearly amount; `None`
    /// for a one-time cost, no cost, or an amount steward cannot read.
    pub fn cost_per_year(&self) -> Option<Decimal> {
        let cost = self.cost.as_ref()?;
        crate::money::per_year(cost.amount?, cost.period.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn auto(renews_on: Date, term: Option<i64>) -> Contract {
        Contract {
            renews_on: Some(renews_on),
            auto_renews: Some(true),
            notice_days: Some(30),
            term_months: term,
            ..Contract::default()
        }
    }

    #[test]
    fn the_next_renewal_rolls_forward_by_whole_terms() {
        let today = date(2026, 12, 1);
        // Not passed yet: as written.
        assert_eq!(
            auto(date(2027, 3, 1), Some(12)).next_renewal(today),
            Some(date(2027, 3, 1))
        );
        assert_eq!(auto(today, Some(12)).next_renewal(today), Some(today));
        // Renewed automatically last March: next March.
        assert_eq!(
            auto(date(2026, 3, 1), Some(12)).next_renewal(today),
            Some(date(2027, 3, 1))
        );
        // Yesterday, monthly: a month after it.
        assert_eq!(
            auto(date(2026, 11, 30), Some(1)).next_renewal(today),
            Some(date(2026, 12, 30))
        );
        // Counted from the written date, so a month end does not drift.
        assert_eq!(
            auto(date(2026, 1, 31), Some(1)).next_renewal(date(2026, 3, 30)),
            Some(date(2026, 3, 31))
        );
        // A leap day, yearly: clamped to 28 February, then 29 February again in 2032.
        assert_eq!(
            auto(date(2028, 2, 29), Some(12)).next_renewal(date(2028, 3, 1)),
            Some(date(2029, 2, 28))
        );
        assert_eq!(
            auto(date(2028, 2, 29), Some(48)).next_renewal(date(2028, 3, 1)),
            Some(date(2032, 2, 29))
        );
        // Many terms behind, and the longest possible, without overflow or a long loop.
        assert_eq!(
            auto(date(1, 1, 1), Some(1)).next_renewal(Date::MAX),
            Some(Date::MAX)
        );
        assert_eq!(
            auto(date(1, 1, 1), Some(600)).next_renewal(date(2026, 12, 1)),
            Some(date(2051, 1, 1))
        );
        // Unknown term, or not automatic: as written, even when passed.
        assert_eq!(
            auto(date(2026, 3, 1), None).next_renewal(today),
            Some(date(2026, 3, 1))
        );
        let ended = Contract {
            auto_renews: Some(false),
            ..auto(date(2026, 3, 1), Some(12))
        };
        assert_eq!(ended.next_renewal(today), Some(date(2026, 3, 1)));
        assert!(ended.has_ended(today));
        assert!(!ended.renewal_is_stale(today));
        assert_eq!(Contract::default().next_renewal(today), None);
    }

    #[test]
    fn notice_deadlines() {
        let contract = auto(date(2027, 3, 1), Some(12));
        assert_eq!(
            contract.notice_deadline(date(2027, 3, 1)),
            Some(date(2027, 1, 30))
        );
        // Across a leap day.
        assert_eq!(
            auto(date(2028, 3, 30), None).notice_deadline(date(2028, 3, 30)),
            Some(date(2028, 2, 29))
        );
        let manual = Contract {
            auto_renews: None,
            ..contract.clone()
        };
        assert_eq!(manual.notice_deadline(date(2027, 3, 1)), None);
        let unknown = Contract {
            notice_days: None,
            ..contract
        };
        assert_eq!(unknown.notice_deadline(date(2027, 3, 1)), None);
    }

    #[test]
    fn the_bounds_are_the_schemas() {
        let (_, text) = crate::schema::BUILTIN
            .iter()
            .find(|(name, _)| *name == "tool.schema.json")
            .expect("the tool schema");
        let schema: serde_json::Value = serde_json::from_str(text).expect("JSON");
        let fields = &schema["properties"]["contract"]["properties"];
        for (field, range) in [
            ("notice_days", NOTICE_DAYS),
            ("term_months", TERM_MONTHS),
            ("seats", SEATS),
            ("seats_used", SEATS),
        ] {
            assert_eq!(
                (
                    fields[field]["minimum"].as_i64(),
                    fields[field]["maximum"].as_i64()
                ),
                (Some(*range.start()), Some(*range.end())),
                "{field}"
            );
        }
    }

    #[test]
    fn unused_seats_need_both_counts() {
        let seats = |seats, used| Contract {
            seats,
            seats_used: used,
            ..Contract::default()
        };
        assert_eq!(seats(Some(25), Some(10)).unused_seats(), Some(15));
        assert_eq!(seats(Some(25), Some(25)).unused_seats(), Some(0));
        assert_eq!(seats(Some(25), Some(30)).unused_seats(), None);
        assert_eq!(seats(Some(25), None).unused_seats(), None);
    }
}
