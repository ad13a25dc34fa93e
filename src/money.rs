//! Money for people: exact decimals shown with thousands separators and the currency.

use rust_decimal::Decimal;

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
        if i > 0 && (digits.len() - i) % 3 == 0 {
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

/// A signed change: `+$1,200`, `-$50.25`.
pub fn format_delta(amount: Decimal, currency: Option<&str>) -> String {
    if amount.is_sign_negative() && !amount.is_zero() {
        format(amount, currency)
    } else {
        format!("+{}", format(amount, currency))
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
}
