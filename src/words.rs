//! Dates, spans of days and money as people say them: "1 March 2027", "in 12 days",
//! "$2,400 a year". Committee-facing output uses these instead of ISO dates and periods, so
//! that every message and every renderer says them the same way.
//!
//! English only, and deliberately not locale-dependent: output must be the same on every
//! machine (tests snapshot it, and the GitHub Action's runner has no locale of the reader's).

use jiff::civil::Date;
use rust_decimal::Decimal;

/// The months' names, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "1 March 2027": day, month name, year, without leading zeros.
pub fn long_date(date: Date) -> String {
    let month = usize::try_from(date.month() - 1)
        .ok()
        .and_then(|i| MONTHS.get(i))
        .copied()
        .unwrap_or("?");
    format!("{} {month} {}", date.day(), date.year())
}

/// A `YYYY-MM-DD` date in words ("1 March 2027"); any other text as it is.
pub fn date_text(text: &str) -> String {
    text.parse::<Date>()
        .map_or_else(|_| text.to_string(), long_date)
}

/// The first letter capital, the rest as it is.
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    let mut out = String::with_capacity(text.len() + 2);
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        // The rest copied whole, not character by character.
        out.push_str(chars.as_str());
    }
    out
}

/// A message as a sentence: trimmed, capitalised, ending with a full stop unless it ends
/// with one already (or with `?` or `!`).
pub fn sentence(text: &str) -> String {
    let mut out = capitalized(text.trim());
    if !out.is_empty() && !out.ends_with(['.', '?', '!']) {
        out.push('.');
    }
    out
}

/// How far `date` is from `today`: "today", "tomorrow", "in 12 days", "yesterday",
/// "12 days ago".
pub fn days_from(today: Date, date: Date) -> String {
    match crate::model::days_between(today, date) {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "yesterday".to_string(),
        days if days > 1 => format!("in {days} days"),
        days => format!("{} days ago", -days),
    }
}

/// How late something due on `due` is on `today`, in the unit a person would use: "3 days
/// late", "about 5 weeks late", "about 15 months late", "about 2 years late". Not yet due:
/// "not late".
pub fn how_late(due: Date, today: Date) -> String {
    let days = crate::model::days_between(due, today);
    match days {
        i64::MIN..=0 => "not late".to_string(),
        1..=13 => format!("{} late", count(days, "day", "days")),
        14..=59 => format!("about {} late", count((days + 3) / 7, "week", "weeks")),
        60..=729 => format!("about {} late", count((days + 15) / 30, "month", "months")),
        _ => format!("about {} late", count((days + 182) / 365, "year", "years")),
    }
}

/// An amount with its period: "$2,400 a year", "$200 a month", "$500 once". A period steward
/// does not know (the schema reports it) shows the amount alone.
pub fn money_per_period(amount: Decimal, currency: Option<&str>, period: Option<&str>) -> String {
    let money = crate::money::format(amount, currency);
    match period {
        Some("year") => format!("{money} a year"),
        Some("month") => format!("{money} a month"),
        Some("one-time") => format!("{money} once"),
        _ => money,
    }
}

/// "Communications'" or "IT's": the owner of something, by name.
pub fn possessive(name: &str) -> String {
    if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

/// "1 seat", "25 seats".
pub fn count(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn possessives() {
        assert_eq!(possessive("Communications"), "Communications'");
        assert_eq!(possessive("IT"), "IT's");
    }

    #[test]
    fn long_dates_have_no_leading_zeros() {
        assert_eq!(long_date(date(2027, 3, 1)), "1 March 2027");
        assert_eq!(long_date(date(2028, 2, 29)), "29 February 2028");
        assert_eq!(long_date(date(2026, 12, 31)), "31 December 2026");
        assert_eq!(long_date(date(1, 1, 1)), "1 January 1");
        assert_eq!(long_date(Date::MAX), "31 December 9999");
    }

    #[test]
    fn days_from_today() {
        let today = date(2026, 12, 1);
        assert_eq!(days_from(today, today), "today");
        assert_eq!(days_from(today, date(2026, 12, 2)), "tomorrow");
        assert_eq!(days_from(today, date(2026, 11, 30)), "yesterday");
        assert_eq!(days_from(today, date(2026, 12, 13)), "in 12 days");
        assert_eq!(days_from(today, date(2026, 11, 19)), "12 days ago");
        // Across a leap day and a year.
        assert_eq!(days_from(date(2028, 2, 28), date(2028, 3, 1)), "in 2 days");
        assert_eq!(days_from(today, date(2027, 12, 1)), "in 365 days");
        // The whole range jiff knows, without overflow.
        assert_eq!(days_from(Date::MIN, Date::MAX), "in 7304483 days");
        assert_eq!(days_from(Date::MAX, Date::MIN), "7304483 days ago");
    }

    #[test]
    fn money_with_its_period() {
        assert_eq!(
            money_per_period(d("2400"), Some("USD"), Some("year")),
            "$2,400 a year"
        );
        assert_eq!(
            money_per_period(d("200"), Some("USD"), Some("month")),
            "$200 a month"
        );
        assert_eq!(
            money_per_period(d("500"), Some("USD"), Some("one-time")),
            "$500 once"
        );
        assert_eq!(
            money_per_period(d("99.5"), Some("EUR"), Some("year")),
            "€99.50 a year"
        );
        assert_eq!(money_per_period(d("10"), None, Some("fortnight")), "10");
    }

    #[test]
    fn lateness_in_the_unit_a_person_uses() {
        let due = date(2025, 6, 30);
        assert_eq!(how_late(due, date(2025, 6, 30)), "not late");
        assert_eq!(how_late(due, date(2025, 7, 1)), "1 day late");
        assert_eq!(how_late(due, date(2025, 7, 13)), "13 days late");
        assert_eq!(how_late(due, date(2025, 8, 4)), "about 5 weeks late");
        assert_eq!(how_late(due, date(2026, 10, 1)), "about 15 months late");
        assert_eq!(how_late(due, date(2028, 1, 1)), "about 3 years late");
    }

    #[test]
    fn sentences_and_dates_in_words() {
        assert_eq!(sentence(" figma has no owner "), "Figma has no owner.");
        assert_eq!(sentence("Done."), "Done.");
        assert_eq!(sentence("really?"), "Really?");
        assert_eq!(sentence(""), "");
        assert_eq!(capitalized("écoles"), "Écoles");
        assert_eq!(date_text("2027-03-01"), "1 March 2027");
        assert_eq!(date_text("unknown"), "unknown");
    }

    #[test]
    fn counts() {
        assert_eq!(count(1, "seat", "seats"), "1 seat");
        assert_eq!(count(0, "seat", "seats"), "0 seats");
        assert_eq!(count(25, "seat", "seats"), "25 seats");
    }
}
