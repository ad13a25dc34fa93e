//! Money: amounts read exactly from the TOML literal, added up without overflow, and shown to
//! people with thousands separators and the currency.
//!
//! An amount is a plain decimal literal (`1200`, `1_200.50`, `+80`), at most [`MAX_AMOUNT`].
//! Hexadecimal, octal and binary integers, exponents (`1e3`), `inf` and `nan` are valid TOML
//! numbers but not money as people write it: they are refused with a finding at the value
//! (`budget/amount-format`), never guessed at. An amount that cannot be read is unknown, and
//! so is every total it belongs to: a total is never smaller than the lines it adds up.

use rust_decimal::Decimal;
use serde::Serializer;

/// The largest amount steward reads: 10^15 (a thousand trillion) in the currency's unit. Far
/// above any real budget, and small enough that a tree of any size adds up without
/// overflowing a decimal (whose limit is about 7.9 × 10^28).
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(0xA4C6_8000, 0x38D7E, 0, false, 0);

/// Why a number literal is not an amount of money.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// `0x`, `0o`, `0b` integers.
    Radix,
    /// `1e3`, `1.5E-2`.
    Exponent,
    /// `inf`, `nan`.
    NotANumber,
    /// More than [`MAX_AMOUNT`] (or more digits than a decimal holds).
    TooLarge,
    /// More decimals than a decimal holds exactly (28).
    TooPrecise,
}

impl Unreadable {
    /// What is wrong, for a finding's message: "is written in hexadecimal".
    pub fn reason(self) -> &'static str {
        match self {
            Unreadable::Radix => "is written in hexadecimal, octal or binary",
            Unreadable::Exponent => "is written with an exponent",
            Unreadable::NotANumber => "is not a number of money (inf or nan)",
            Unreadable::TooLarge => "is larger than the largest amount steward reads",
            Unreadable::TooPrecise => "has more decimals than steward can read exactly",
        }
    }
}

/// Reads a TOML number literal as an exact amount.
pub fn read(raw: &str) -> Result<Decimal, Unreadable> {
    let raw = raw.trim();
    let unsigned = raw.trim_start_matches(['+', '-']);
    if unsigned.starts_with("0x") || unsigned.starts_with("0o") || unsigned.starts_with("0b") {
        return Err(Unreadable::Radix);
    }
    if unsigned.contains(['e', 'E']) {
        return Err(Unreadable::Exponent);
    }
    if unsigned == "inf" || unsigned == "nan" {
        return Err(Unreadable::NotANumber);
    }
    let cleaned: String = raw.chars().filter(|c| *c != '_' && *c != '+').collect();
    let digits = cleaned.trim_start_matches('-');
    let whole_digits = digits
        .split('.')
        .next()
        .unwrap_or("")
        .trim_start_matches('0');
    // 10^15 has 16 digits: anything longer is too large, and would also overflow parsing.
    if whole_digits.len() > 16 {
        return Err(Unreadable::TooLarge);
    }
    let amount = Decimal::from_str_exact(&cleaned).map_err(|_| Unreadable::TooPrecise)?;
    if amount.abs() > MAX_AMOUNT {
        return Err(Unreadable::TooLarge);
    }
    Ok(amount)
}

/// The sum of amounts, or `None` when any of them is unknown (or, impossible within
/// [`MAX_AMOUNT`] but checked all the same, the sum overflows).
pub fn sum(amounts: impl IntoIterator<Item = Option<Decimal>>) -> Option<Decimal> {
    amounts
        .into_iter()
        .try_fold(Decimal::ZERO, |total, amount| total.checked_add(amount?))
}

/// `a + b`, unknown when either is.
pub fn add(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    a?.checked_add(b?)
}

/// `after - before`, unknown when either is.
pub fn delta(before: Option<Decimal>, after: Option<Decimal>) -> Option<Decimal> {
    after?.checked_sub(before?)
}

/// What a recurring cost comes to in a year: 12 months, or the yearly amount. `None` for a
/// one-time cost or a period steward does not know.
pub fn per_year(amount: Decimal, period: Option<&str>) -> Option<Decimal> {
    match period {
        Some("month") => amount.checked_mul(Decimal::from(12)),
        Some("year") => Some(amount),
        _ => None,
    }
}

/// What a cost takes from the budget line of its fiscal year: 12 months, the yearly amount,
/// or a one-time amount whole (it falls in the fiscal year whose line pays for it). `None`
/// for a period steward does not know.
pub fn charged_per_year(amount: Decimal, period: Option<&str>) -> Option<Decimal> {
    match period {
        Some("one-time") => Some(amount),
        other => per_year(amount, other),
    }
}

/// `$1,200.50`, `€90.00`, `1,000 CHF`: two decimals unless the amount is whole.
pub fn format(amount: Decimal, currency: Option<&str>) -> String {
    let negative = amount.is_sign_negative() && !amount.is_zero();
    let abs = amount.abs();
    let rounded = abs.round_dp(2);
    let whole = rounded.trunc();
    let cents = ((rounded - whole) * Decimal::from(100)).trunc();
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let number = if cents.is_zero() {
        grouped
    } else {
        format!(
            "{grouped}.{:02}",
            cents.to_string().parse::<u32>().unwrap_or(0)
        )
    };
    let sign = if negative { "-" } else { "" };
    match currency {
        Some("USD") => format!("{sign}${number}"),
        Some("EUR") => format!("{sign}€{number}"),
        Some("GBP") => format!("{sign}£{number}"),
        Some(code) => format!("{sign}{number} {code}"),
        None => format!("{sign}{number}"),
    }
}

/// Like [`format`], or "unknown" for an amount that could not be read.
pub fn format_known(amount: Option<Decimal>, currency: Option<&str>) -> String {
    amount.map_or_else(|| UNKNOWN.to_string(), |a| format(a, currency))
}

/// An amount with its period as people say it: `$350 a month`, `$1,200 a year`, `$500 once`;
/// the amount alone for a period steward does not know (its schema finding says why).
pub fn with_period(amount: &str, period: Option<&str>) -> String {
    match period {
        Some("month") => format!("{amount} a month"),
        Some("year") => format!("{amount} a year"),
        Some("one-time") => format!("{amount} once"),
        _ => amount.to_string(),
    }
}

/// What people see where a total cannot be computed because an amount could not be read.
pub const UNKNOWN: &str = "unknown";

/// A signed change: `+$1,200`, `-$50.25`.
pub fn format_delta(amount: Decimal, currency: Option<&str>) -> String {
    if amount.is_sign_negative() && !amount.is_zero() {
        format(amount, currency)
    } else {
        format!("+{}", format(amount, currency))
    }
}

/// Like [`format_delta`], or "unknown".
pub fn format_delta_known(amount: Option<Decimal>, currency: Option<&str>) -> String {
    amount.map_or_else(|| UNKNOWN.to_string(), |a| format_delta(a, currency))
}

/// Money in JSON: a number with at most the decimals it was written with.
pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    let normalized = value.normalize();
    if normalized.scale() == 0
        && let Ok(whole) = i64::try_from(normalized.mantissa())
    {
        return serializer.serialize_i64(whole);
    }
    // Two decimals at most in practice; the shortest f64 repr prints them exactly.
    serializer.serialize_f64(normalized.to_string().parse().unwrap_or(0.0))
}

/// Money that may be unknown in JSON: a number, or `null`.
pub fn serialize_opt<S: Serializer>(
    value: &Option<Decimal>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serialize(v, serializer),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn formats() {
        assert_eq!(format(d("1200"), Some("USD")), "$1,200");
        assert_eq!(format(d("1234567.5"), Some("USD")), "$1,234,567.50");
        assert_eq!(format(d("999.99"), Some("EUR")), "€999.99");
        assert_eq!(format(d("100"), Some("CHF")), "100 CHF");
        assert_eq!(format_delta(d("1200"), Some("USD")), "+$1,200");
        assert_eq!(format_delta(d("-50.25"), Some("USD")), "-$50.25");
        assert_eq!(format(d("0.10"), None), "0.10");
    }

    #[test]
    fn reads_plain_decimals_only() {
        assert_eq!(read("1_200.50"), Ok(d("1200.50")));
        assert_eq!(read("+80"), Ok(d("80")));
        assert_eq!(read("-5"), Ok(d("-5")));
        assert_eq!(read("0"), Ok(Decimal::ZERO));
        assert_eq!(read("1000000000000000"), Ok(MAX_AMOUNT));
        assert_eq!(read("0xF4240"), Err(Unreadable::Radix));
        assert_eq!(read("0o17"), Err(Unreadable::Radix));
        assert_eq!(read("0b101"), Err(Unreadable::Radix));
        assert_eq!(read("1e29"), Err(Unreadable::Exponent));
        assert_eq!(read("1e-30"), Err(Unreadable::Exponent));
        assert_eq!(read("7E27"), Err(Unreadable::Exponent));
        assert_eq!(read("inf"), Err(Unreadable::NotANumber));
        assert_eq!(read("-nan"), Err(Unreadable::NotANumber));
        assert_eq!(read("1000000000000000.01"), Err(Unreadable::TooLarge));
        assert_eq!(read("1000000000000001"), Err(Unreadable::TooLarge));
        assert_eq!(
            read("100000000000000000000000000000000000000"),
            Err(Unreadable::TooLarge)
        );
        assert_eq!(
            read("0.00000000000000000000000000000001"),
            Err(Unreadable::TooPrecise)
        );
        assert_eq!(read("0000000000000000000000012"), Ok(d("12")));
    }

    #[test]
    fn totals_are_unknown_when_an_amount_is() {
        assert_eq!(sum([Some(d("1")), Some(d("2"))]), Some(d("3")));
        assert_eq!(sum([Some(d("1")), None]), None);
        assert_eq!(sum([]), Some(Decimal::ZERO));
        assert_eq!(sum([Some(Decimal::MAX), Some(Decimal::MAX)]), None);
        assert_eq!(per_year(Decimal::MAX, Some("month")), None);
        assert_eq!(per_year(d("10"), Some("month")), Some(d("120")));
        assert_eq!(per_year(d("10"), Some("one-time")), None);
    }
}
