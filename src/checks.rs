//! Checks of values people give steward, on the command line (`steward new`) or in a
//! spreadsheet (`steward import`), against the tree: does the department exist, is the person
//! still here, does the budget line exist. Pure functions that say what is wrong in a sentence
//! (with "did you mean"); the caller says which flag or cell it was.

use jiff::civil::Date;

use crate::model::{LineRef, Tree};
use crate::suggest;

/// What is wrong with a department id, if anything.
pub fn department_problem(tree: &Tree, id: &str) -> Option<String> {
    if tree.department(id).is_some() {
        return None;
    }
    let known: Vec<&str> = tree
        .org
        .iter()
        .flat_map(|o| o.departments.keys())
        .map(String::as_str)
        .collect();
    let hint = suggest::did_you_mean(id, known.iter().copied());
    Some(format!(
        "there is no department \"{id}\" in org.toml.{hint} Known: {}",
        short_list(&known)
    ))
}

/// What is wrong with a person id, if anything: unknown, or left the organization.
pub fn person_problem(tree: &Tree, today: Date, id: &str) -> Option<String> {
    match tree.person(id) {
        Some(person) if person.has_left(today) => Some(format!(
            "{} left the organization on {}; choose someone who is still here",
            tree.person_name(id),
            person.left.map(|d| d.to_string()).unwrap_or_default()
        )),
        Some(_) => None,
        None => {
            let known: Vec<&str> = tree
                .org
                .iter()
                .flat_map(|o| o.people.keys())
                .map(String::as_str)
                .collect();
            let hint = suggest::did_you_mean(id, known.iter().copied());
            Some(format!(
                "there is no person \"{id}\" in org.toml.{hint} Known: {}",
                short_list(&known)
            ))
        }
    }
}

/// Why a budget line reference does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineProblem {
    /// Not `YEAR/DEPARTMENT#LINE`.
    Malformed,
    /// Well-formed, but the budget or the line does not exist: the sentence says which.
    Unknown(String),
}

/// The currency of the budget a line reference points into, or why it does not resolve.
pub fn budget_line_currency(tree: &Tree, reference: &str) -> Result<Option<String>, LineProblem> {
    let Some(line_ref) = LineRef::parse(reference) else {
        return Err(LineProblem::Malformed);
    };
    let key = (line_ref.fiscal_year.clone(), line_ref.department.clone());
    let Some(budget) = tree.budgets.get(&key) else {
        let addresses: Vec<String> = tree.budgets.values().map(|b| b.address()).collect();
        let hint = suggest::did_you_mean(
            &format!("{}/{}", line_ref.fiscal_year, line_ref.department),
            addresses.iter().map(String::as_str),
        );
        return Err(LineProblem::Unknown(format!(
            "there is no budget {}/{}.{hint} Create it with `steward new budget {} --fiscal-year {} --allocation AMOUNT --line {}:software:AMOUNT`",
            line_ref.fiscal_year,
            line_ref.department,
            line_ref.department,
            line_ref.fiscal_year,
            line_ref.line
        )));
    };
    if budget.line(&line_ref.line).is_none() {
        let ids: Vec<&str> = budget
            .lines
            .iter()
            .filter_map(|l| l.id.as_deref())
            .collect();
        let hint = suggest::did_you_mean(&line_ref.line, ids.iter().copied());
        return Err(LineProblem::Unknown(format!(
            "the {} budget has no line \"{}\".{hint} Its lines: {}. Add the line to budgets/{}.toml first",
            budget.address(),
            line_ref.line,
            short_list(&ids),
            budget.address()
        )));
    }
    Ok(budget.currency.clone())
}

/// Whether `code` looks like an ISO 4217 currency code: three capital letters.
pub fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase())
}

/// The currency every budget uses, when they agree.
pub fn shared_currency(tree: &Tree) -> Option<String> {
    let mut currencies = tree.budgets.values().filter_map(|b| b.currency.clone());
    let first = currencies.next()?;
    currencies.all(|c| c == first).then_some(first)
}

/// Whether a web address starts with a scheme (`https://`).
pub fn has_scheme(url: &str) -> bool {
    url.split_once("://").is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    })
}

/// At most twelve items, then "...".
pub fn short_list(items: &[&str]) -> String {
    if items.is_empty() {
        return "none".to_string();
    }
    let mut shown: Vec<&str> = items.iter().copied().take(12).collect();
    if items.len() > 12 {
        shown.push("...");
    }
    shown.join(", ")
}
