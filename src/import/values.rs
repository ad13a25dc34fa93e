//! Cells read as typed values, exactly or not at all: money from text as people write it
//! (`$1,200.00`, `1.200,00 €` with `--decimal-comma`, `USD 80`), dates in ISO form or, with
//! `--date-order`, `03/04/2026`, whole numbers, yes/no and lists. A value that could be read
//! two ways is refused with the reason, never guessed.
//!
//! Each function returns the value or a sentence saying what is wrong with the cell, which the
//! caller puts after "row N, Column: ".

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::table::{Cell, decimal_of};

/// How dates written with slashes are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DateOrder {
    /// Day, month, year: 03/04/2026 is 3 April 2026.
    Dmy,
    /// Month, day, year: 03/04/2026 is 4 March 2026.
    Mdy,
}

/// How numbers are written in the file.
#[derive(Debug, Clone, Copy, Default)]
pub struct Formats {
    pub date_order: Option<DateOrder>,
    /// `1.200,50`: a comma before the cents, dots or spaces between thousands.
    pub decimal_comma: bool,
}

/// Cells that mean "nothing here" in spreadsheets people keep.
pub fn is_blank(cell: &Cell) -> bool {
    match cell {
        Cell::Text(text) => matches!(
            text.trim().to_lowercase().as_str(),
            "" | "-" | "–" | "—" | "n/a" | "na"
        ),
        other => other.is_empty(),
    }
}

/// An amount of money, and the currency the cell names (`$`, `€`, `£`, or a code such as USD).
pub fn money(cell: &Cell, formats: Formats) -> Result<(Decimal, Option<String>), String> {
    let (amount, currency) = match cell {
        Cell::Number(n) => (
            decimal_of(*n).ok_or_else(|| "is not a number".to_string())?,
            None,
        ),
        Cell::Text(text) => money_text(text.trim(), formats)?,
        other => return Err(not_a(other, "an amount of money, such as 1200 or $19.99")),
    };
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(format!("{}: an amount cannot be negative", shown(cell)));
    }
    if amount.normalize().scale() > 2 {
        return Err(format!(
            "{} has more than two decimals; round it to cents",
            shown(cell)
        ));
    }
    if amount > crate::money::MAX_AMOUNT {
        return Err(format!(
            "{} is larger than the largest amount steward reads (1,000,000,000,000,000)",
            shown(cell)
        ));
    }
    Ok((amount.normalize(), currency))
}

fn money_text(text: &str, formats: Formats) -> Result<(Decimal, Option<String>), String> {
    let mut rest = text.trim().to_string();
    let mut currency = None;
    for (sign, code) in [("US$", "USD"), ("$", "USD"), ("€", "EUR"), ("£", "GBP")] {
        if let Some(stripped) = strip_affix(&rest, sign) {
            currency = Some(code.to_string());
            rest = stripped;
            break;
        }
    }
    if currency.is_none() {
        let words: Vec<&str> = rest.split_whitespace().collect();
        let code = |w: &str| w.len() == 3 && w.chars().all(|c| c.is_ascii_uppercase());
        match words.as_slice() {
            [first, number] if code(first) => {
                currency = Some(first.to_string());
                rest = number.to_string();
            }
            [number, last] if code(last) => {
                currency = Some(last.to_string());
                rest = number.to_string();
            }
            _ => {}
        }
    }
    let negative = (rest.starts_with('(') && rest.ends_with(')')) || rest.starts_with('-');
    let digits = rest.trim_matches(|c| c == '(' || c == ')' || c == '-' || c == '+');
    let amount = plain_number(digits.trim(), formats).map_err(|why| format!("\"{text}\" {why}"))?;
    Ok((if negative { -amount } else { amount }, currency))
}

/// `rest` without a currency sign at its start or end (and the spaces beside it).
fn strip_affix(text: &str, sign: &str) -> Option<String> {
    text.strip_prefix(sign)
        .or_else(|| text.strip_suffix(sign))
        .map(|s| s.trim().to_string())
}

/// A plain number with thousands separators: `1,200.50`, or `1.200,50` / `1 200,50` with a
/// decimal comma. The separators must stand every three digits, so that `1,20` is never read
/// as 120 or 1.20 by accident.
fn plain_number(text: &str, formats: Formats) -> Result<Decimal, String> {
    if text.is_empty() {
        return Err("is not a number".to_string());
    }
    let (decimal, groups): (char, &[char]) = if formats.decimal_comma {
        (',', &['.', ' ', '\u{a0}', '\u{202f}', '\''])
    } else {
        ('.', &[',', ' ', '\u{a0}', '\u{202f}', '\''])
    };
    let (whole, fraction) = match text.split_once(decimal) {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    if let Some(f) = fraction
        && (f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(wrong_separators(formats));
    }
    let parts: Vec<&str> = whole.split(|c| groups.contains(&c)).collect();
    let well_grouped = parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
        && !parts[0].is_empty()
        && (parts.len() == 1 || (parts[0].len() <= 3 && parts[1..].iter().all(|p| p.len() == 3)));
    if !well_grouped {
        return Err(wrong_separators(formats));
    }
    let mut plain: String = parts.concat();
    if plain.trim_start_matches('0').len() > 16 {
        return Err("is larger than the largest amount steward reads".to_string());
    }
    if let Some(f) = fraction {
        plain.push('.');
        plain.push_str(f);
    }
    Decimal::from_str_exact(&plain).map_err(|_| "is not a number".to_string())
}

fn wrong_separators(formats: Formats) -> String {
    if formats.decimal_comma {
        "is not a number as written with --decimal-comma (1.200,50); without that flag steward reads 1,200.50".to_string()
    } else {
        "is not a number as steward reads it (1,200.50); if commas mark the cents here (1.200,50), pass --decimal-comma".to_string()
    }
}

/// A date: a date cell of a workbook, ISO text (`2026-03-04`, also with a time after it, as
/// some exports write), `2026/03/04`, English month names (`4 March 2026`, `Mar 4, 2026`,
/// `04-Mar-2026`), or day and month as numbers (`03/04/2026`), read with `--date-order`
/// unless only one reading is a real date.
pub fn date(cell: &Cell, formats: Formats) -> Result<Date, String> {
    match cell {
        Cell::Date(date) => Ok(*date),
        Cell::Text(text) => date_text(text.trim(), formats),
        Cell::Number(_) => Err(format!(
            "{} is a number, not a date: format the column as dates in the spreadsheet, or write dates like 2026-03-31",
            shown(cell)
        )),
        other => Err(not_a(other, "a date like 2026-03-31")),
    }
}

fn date_text(text: &str, formats: Formats) -> Result<Date, String> {
    // ISO, with or without a time after it (`2026-03-04 00:00:00`, `2026-03-04T10:00:00Z`).
    let day_part = text.split(['T', ' ']).next().unwrap_or(text);
    if let Ok(date) = day_part.parse::<Date>() {
        return Ok(date);
    }
    for format in [
        "%d %B %Y",
        "%d %b %Y",
        "%B %d, %Y",
        "%b %d, %Y",
        "%B %d %Y",
        "%b %d %Y",
        "%d-%b-%Y",
        "%d-%B-%Y",
    ] {
        if let Ok(date) = Date::strptime(format, text) {
            return Ok(date);
        }
    }
    let parts: Vec<&str> = text.split(['/', '.', '-']).map(str::trim).collect();
    let numbers: Option<Vec<i64>> = parts
        .iter()
        .map(|p| {
            (!p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect();
    let not_a_date = || format!("\"{text}\" is not a date; write it like 2026-03-31");
    let Some(numbers) = numbers else {
        return Err(not_a_date());
    };
    let [a, b, c] = numbers.as_slice() else {
        return Err(not_a_date());
    };
    if parts[0].len() == 4 {
        // Year first: always year, month, day.
        return civil(*a, *b, *c).ok_or_else(not_a_date);
    }
    if parts[2].len() != 4 {
        return Err(format!(
            "\"{text}\": write the year with four digits, e.g. 2026-03-31"
        ));
    }
    let dmy = civil(*c, *b, *a);
    let mdy = civil(*c, *a, *b);
    match (formats.date_order, dmy, mdy) {
        (Some(DateOrder::Dmy), Some(date), _) | (Some(DateOrder::Mdy), _, Some(date)) => Ok(date),
        (Some(order), _, _) => Err(format!(
            "\"{text}\" is not a date in the order {} (--date-order)",
            match order {
                DateOrder::Dmy => "day/month/year",
                DateOrder::Mdy => "month/day/year",
            }
        )),
        (None, Some(d), Some(m)) if d != m => Err(format!(
            "\"{text}\" could be {} or {}: pass --date-order dmy (day first) or --date-order mdy (month first)",
            spoken(d),
            spoken(m)
        )),
        (None, Some(date), _) | (None, None, Some(date)) => Ok(date),
        (None, None, None) => Err(not_a_date()),
    }
}

fn civil(year: i64, month: i64, day: i64) -> Option<Date> {
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
    .filter(|d| d.year() >= 1900)
}

/// `3 April 2026`.
fn spoken(date: Date) -> String {
    date.strftime("%-d %B %Y").to_string()
}

/// A whole number within `range`: `12`, `1,200`, a number cell with no fraction.
pub fn whole(
    cell: &Cell,
    formats: Formats,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, String> {
    let value = match cell {
        Cell::Number(n) => decimal_of(*n),
        Cell::Text(text) => plain_number(text.trim(), formats).ok(),
        _ => None,
    };
    let Some(value) = value else {
        return Err(not_a(cell, "a whole number"));
    };
    if !value.fract().is_zero() {
        return Err(format!("{} is not a whole number", shown(cell)));
    }
    match i64::try_from(value.trunc()) {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(format!(
            "{} is outside {} to {}",
            shown(cell),
            range.start(),
            range.end()
        )),
    }
}

/// Yes or no: yes/no, y/n, true/false, 1/0, x (ticked), and a workbook's TRUE/FALSE.
pub fn yes_no(cell: &Cell) -> Result<bool, String> {
    match cell {
        Cell::Bool(b) => Ok(*b),
        Cell::Number(n) if *n == 1.0 => Ok(true),
        Cell::Number(n) if *n == 0.0 => Ok(false),
        Cell::Text(text) => match text.trim().to_lowercase().as_str() {
            "yes" | "y" | "true" | "1" | "x" | "✓" | "✔" => Ok(true),
            "no" | "n" | "false" | "0" => Ok(false),
            _ => Err(not_a(cell, "yes or no")),
        },
        other => Err(not_a(other, "yes or no")),
    }
}

/// A list written in one cell: `CSV, PDF` or `CSV; PDF` or one item a line.
pub fn list(cell: &Cell) -> Vec<String> {
    cell.text()
        .split([',', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// One of `choices`, by its name or a word that means it (`words`: (word, choice)), ignoring
/// case; else a sentence naming the choices, with a suggestion.
pub fn choice(
    cell: &Cell,
    choices: &[&'static str],
    words: &[(&str, &'static str)],
) -> Result<&'static str, String> {
    let text = cell.text();
    let key = text.trim().to_lowercase();
    if let Some(found) = choices.iter().find(|c| **c == key) {
        return Ok(found);
    }
    if let Some((_, found)) = words.iter().find(|(w, _)| *w == key) {
        return Ok(found);
    }
    let hint = crate::suggest::did_you_mean(&key, choices.iter().copied());
    Err(format!(
        "\"{}\" is not one of {}.{hint}",
        text.trim(),
        choices.join(", ")
    ))
}

/// A cell as a message quotes it.
fn shown(cell: &Cell) -> String {
    format!("\"{}\"", cell.text())
}

fn not_a(cell: &Cell, what: &str) -> String {
    match cell {
        Cell::Invalid(why) => format!("the cell holds {why}"),
        other => format!("{} is not {what}", shown(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    const DOT: Formats = Formats {
        date_order: None,
        decimal_comma: false,
    };
    const COMMA: Formats = Formats {
        date_order: None,
        decimal_comma: true,
    };

    #[test]
    fn money_is_read_exactly_as_people_write_it() {
        assert_eq!(
            money(&text("$1,200.00"), DOT),
            Ok((d("1200"), Some("USD".into())))
        );
        assert_eq!(
            money(&text("1.200,00 €"), COMMA),
            Ok((d("1200"), Some("EUR".into())))
        );
        assert_eq!(money(&text("1 200,5"), COMMA), Ok((d("1200.5"), None)));
        assert_eq!(
            money(&text("USD 80"), DOT),
            Ok((d("80"), Some("USD".into())))
        );
        assert_eq!(
            money(&text("80 CHF"), DOT),
            Ok((d("80"), Some("CHF".into())))
        );
        assert_eq!(
            money(&text("£19.99"), DOT),
            Ok((d("19.99"), Some("GBP".into())))
        );
        assert_eq!(money(&Cell::Number(0.1 + 0.2), DOT), Ok((d("0.3"), None)));
        assert_eq!(money(&Cell::Number(1234.5), DOT), Ok((d("1234.5"), None)));
        assert!(
            money(&text("1.200,00"), DOT)
                .unwrap_err()
                .contains("--decimal-comma")
        );
        assert!(money(&text("1,20"), DOT).is_err());
        assert!(money(&text("12,00"), DOT).is_err());
        assert!(money(&text("1,200.00"), COMMA).is_err());
        assert!(money(&text("(80)"), DOT).unwrap_err().contains("negative"));
        assert!(
            money(&text("19.999"), DOT)
                .unwrap_err()
                .contains("two decimals")
        );
        assert!(
            money(&Cell::Number(100.0 / 3.0), DOT)
                .unwrap_err()
                .contains("two decimals")
        );
        assert!(money(&text("1e3"), DOT).is_err());
        assert!(money(&text("free"), DOT).is_err());
        assert!(money(&text("99999999999999999999999"), DOT).is_err());
    }

    #[test]
    fn dates_are_read_only_when_they_are_certain() {
        let order = |o| Formats {
            date_order: Some(o),
            decimal_comma: false,
        };
        let day = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(date(&text("2026-03-04"), DOT), Ok(day("2026-03-04")));
        assert_eq!(
            date(&text("2026-03-04 00:00:00"), DOT),
            Ok(day("2026-03-04"))
        );
        assert_eq!(date(&text("2026/03/04"), DOT), Ok(day("2026-03-04")));
        assert_eq!(date(&text("4 March 2026"), DOT), Ok(day("2026-03-04")));
        assert_eq!(date(&text("Mar 4, 2026"), DOT), Ok(day("2026-03-04")));
        assert_eq!(date(&text("04-Mar-2026"), DOT), Ok(day("2026-03-04")));
        let ambiguous = date(&text("03/04/2026"), DOT).unwrap_err();
        assert!(
            ambiguous.contains("3 April 2026 or 4 March 2026"),
            "{ambiguous}"
        );
        assert_eq!(
            date(&text("03/04/2026"), order(DateOrder::Dmy)),
            Ok(day("2026-04-03"))
        );
        assert_eq!(
            date(&text("03/04/2026"), order(DateOrder::Mdy)),
            Ok(day("2026-03-04"))
        );
        assert_eq!(date(&text("25/03/2026"), DOT), Ok(day("2026-03-25")));
        assert!(date(&text("25/03/2026"), order(DateOrder::Mdy)).is_err());
        assert!(
            date(&text("03/04/26"), DOT)
                .unwrap_err()
                .contains("four digits")
        );
        assert!(date(&text("2026-02-30"), DOT).is_err());
        assert!(date(&Cell::Number(46000.0), DOT).is_err());
        assert_eq!(
            date(&Cell::Date(day("2026-01-31")), DOT),
            Ok(day("2026-01-31"))
        );
    }

    #[test]
    fn whole_numbers_yes_no_and_lists() {
        assert_eq!(whole(&text("1,200"), DOT, 0..=10_000), Ok(1200));
        assert_eq!(whole(&Cell::Number(12.0), DOT, 0..=100), Ok(12));
        assert!(whole(&Cell::Number(12.5), DOT, 0..=100).is_err());
        assert!(whole(&text("-1"), DOT, 0..=100).is_err());
        assert!(
            whole(&text("101"), DOT, 0..=100)
                .unwrap_err()
                .contains("outside 0 to 100")
        );
        assert_eq!(yes_no(&text("Yes")), Ok(true));
        assert_eq!(yes_no(&Cell::Bool(false)), Ok(false));
        assert!(yes_no(&text("maybe")).is_err());
        assert_eq!(list(&text("CSV, PDF;JSON")), ["CSV", "PDF", "JSON"]);
        assert!(is_blank(&text(" - ")) && is_blank(&text("N/A")) && !is_blank(&text("none")));
    }
}
