//! Calendar arithmetic and review schedules: when a tool's or a policy's next review falls
//! due. One home, so that `lint` (the overdue rules), `review` (the packet) and every later
//! output agree on the date.

use jiff::civil::Date;

/// `date` plus `months` calendar months (clamped to the month's last day: 31 August + 6
/// months is 28 February). Saturates at the last (or first) date jiff knows rather than
/// failing: intervals are bounded by the schema and steward.toml, but the model also reads
/// values the schema rejected.
pub fn add_months(date: Date, months: i64) -> Date {
    jiff::Span::new()
        .try_months(months)
        .ok()
        .and_then(|span| date.checked_add(span).ok())
        .unwrap_or(if months < 0 { Date::MIN } else { Date::MAX })
}

/// `date` plus `days` days, saturating like [`add_months`].
pub fn add_days(date: Date, days: i64) -> Date {
    jiff::Span::new()
        .try_days(days)
        .ok()
        .and_then(|span| date.checked_add(span).ok())
        .unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
}

/// Days from `from` to `to`: negative when `to` is earlier. Exact across the whole range of
/// dates jiff knows (about 7.3 million days), so it never overflows.
pub fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |span| i64::from(span.get_days()))
}

/// How old an exit plan's test may be before it counts as never tested, in months: the
/// export is due to be tried again this long after `last_tested`.
pub const EXIT_TEST_MONTHS: i64 = 24;

/// When something is next to be reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewSchedule {
    /// The field the schedule counts from: `/last_reviewed`, or, for something never
    /// reviewed, the date it came into use (`/approved_on`, `/effective`); `/last_reviewed`
    /// when there is neither.
    pub counted_from: &'static str,
    /// That field's date; `None` when there is none (then the review is due now).
    pub since: Option<Date>,
    pub every_months: i64,
}

impl ReviewSchedule {
    /// Counts from the last review, else from `started` (the field and its date).
    pub fn new(
        last_reviewed: Option<Date>,
        started: (&'static str, Option<Date>),
        every_months: i64,
    ) -> ReviewSchedule {
        let (counted_from, since) = match (last_reviewed, started.1) {
            (Some(date), _) => ("/last_reviewed", Some(date)),
            (None, Some(date)) => (started.0, Some(date)),
            (None, None) => ("/last_reviewed", None),
        };
        ReviewSchedule {
            counted_from,
            since,
            every_months,
        }
    }

    /// The day by which the review is due; `None` when it was never reviewed or started.
    pub fn due(&self) -> Option<Date> {
        self.since.map(|date| add_months(date, self.every_months))
    }

    /// Whether the review is overdue on `today` (due before it, or never done).
    pub fn is_overdue(&self, today: Date) -> bool {
        self.due().is_none_or(|due| due < today)
    }

    /// Whether it has ever been reviewed (rather than counted from when it started).
    pub fn was_reviewed(&self) -> bool {
        self.counted_from == "/last_reviewed" && self.since.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn date_arithmetic_saturates() {
        let day = date(2026, 1, 31);
        assert_eq!(add_months(day, 1), date(2026, 2, 28));
        assert_eq!(add_months(day, 239_977), Date::MAX);
        assert_eq!(add_months(day, i64::MAX), Date::MAX);
        assert_eq!(add_months(day, i64::MIN), Date::MIN);
        assert_eq!(add_days(day, 7_304_485), Date::MAX);
        assert_eq!(add_days(day, 1), date(2026, 2, 1));
    }

    #[test]
    fn schedules_count_from_the_last_review_else_the_start() {
        let reviewed = ReviewSchedule::new(
            Some(date(2025, 8, 31)),
            ("/effective", Some(date(2020, 1, 1))),
            6,
        );
        assert_eq!(reviewed.counted_from, "/last_reviewed");
        assert_eq!(reviewed.due(), Some(date(2026, 2, 28)));
        assert!(!reviewed.is_overdue(date(2026, 2, 28)));
        assert!(reviewed.is_overdue(date(2026, 3, 1)));
        let started = ReviewSchedule::new(None, ("/approved_on", Some(date(2025, 1, 10))), 12);
        assert_eq!(
            (started.counted_from, started.was_reviewed()),
            ("/approved_on", false)
        );
        let never = ReviewSchedule::new(None, ("/effective", None), 12);
        assert_eq!(
            (never.due(), never.is_overdue(date(2000, 1, 1))),
            (None, true)
        );
    }
}
