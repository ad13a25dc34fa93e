//! The checks of `steward new`'s values against the tree: pure functions (no I/O, no
//! prompts) that say what is wrong as plain sentences naming the flag, and the choices offered
//! on a terminal.

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::checks::{self, LineProblem};
use crate::model::Tree;

pub(super) fn department_choices(tree: &Tree) -> Vec<(String, String)> {
    tree.org
        .iter()
        .flat_map(|org| org.departments.values())
        .map(|d| {
            let label = match &d.name {
                Some(name) => format!("{} ({name})", d.id),
                None => d.id.clone(),
            };
            (d.id.clone(), label)
        })
        .collect()
}

/// People still here, those of `department` first.
pub(super) fn people_choices(
    tree: &Tree,
    today: Date,
    department: Option<&str>,
) -> Vec<(String, String)> {
    let mut people: Vec<_> = tree
        .org
        .iter()
        .flat_map(|org| org.people.values())
        .filter(|p| !p.has_left(today))
        .collect();
    people.sort_by_key(|p| (p.department.as_deref() != department, p.id.clone()));
    people
        .into_iter()
        .map(|p| {
            let label = format!(
                "{} ({}, {})",
                p.id,
                p.name.as_deref().unwrap_or("no name"),
                p.department.as_deref().unwrap_or("no department")
            );
            (p.id.clone(), label)
        })
        .collect()
}

/// Every budget line, as `YEAR/DEPARTMENT#LINE`; the most recent year and `department` first.
pub(super) fn line_choices(tree: &Tree, department: Option<&str>) -> Vec<(String, String)> {
    let latest = crate::report::fiscal_years(tree)
        .last()
        .cloned()
        .unwrap_or_default();
    let mut budgets: Vec<_> = tree.budgets.values().collect();
    // Stable: within a budget, lines keep the order of the file.
    budgets.sort_by_key(|b| {
        (
            b.fiscal_year != latest,
            Some(b.department.as_str()) != department,
            b.address(),
        )
    });
    let mut choices = Vec::new();
    for budget in budgets {
        for line in &budget.lines {
            let Some(id) = &line.id else { continue };
            let reference = format!("{}#{id}", budget.address());
            let amount = line
                .amount
                .map(|a| crate::money::format(a, budget.currency.as_deref()))
                .unwrap_or_default();
            let label = match &line.description {
                Some(description) => format!("{reference} ({description}, {amount})"),
                None => format!("{reference} ({amount})"),
            };
            choices.push((reference, label));
        }
    }
    choices
}

pub(super) use crate::checks::{has_scheme, shared_currency};

pub(super) fn not_blank(flag: &str, value: &str, problems: &mut Vec<String>) {
    if value.trim().is_empty() {
        problems.push(format!("{flag} is empty"));
    }
}

pub(super) fn check_department(tree: &Tree, flag: &str, id: &str, problems: &mut Vec<String>) {
    if let Some(problem) = checks::department_problem(tree, id) {
        problems.push(format!("{flag} {id}: {problem}"));
    }
}

pub(super) fn check_person(
    tree: &Tree,
    today: Date,
    flag: &str,
    id: &str,
    problems: &mut Vec<String>,
) {
    if let Some(problem) = checks::person_problem(tree, today, id) {
        problems.push(format!("{flag} {id}: {problem}"));
    }
}

/// Checks a budget line reference against the tree; returns the budget's currency.
pub(super) fn check_budget_line(
    tree: &Tree,
    reference: &str,
    problems: &mut Vec<String>,
) -> Option<String> {
    match checks::budget_line_currency(tree, reference) {
        Ok(currency) => currency,
        Err(LineProblem::Malformed) => {
            problems.push(format!(
                "--budget-line \"{reference}\" is not YEAR/DEPARTMENT#LINE, e.g. 2026/communications#software-subscriptions"
            ));
            None
        }
        Err(LineProblem::Unknown(problem)) => {
            problems.push(format!("--budget-line {reference}: {problem}"));
            None
        }
    }
}

pub(super) fn check_currency(flag: &str, code: &str, problems: &mut Vec<String>) -> Option<String> {
    if checks::is_currency_code(code) {
        Some(code.to_string())
    } else {
        problems.push(format!(
            "{flag} \"{code}\" is not a currency code: three capital letters, e.g. USD or EUR"
        ));
        None
    }
}

/// An amount of money typed on the command line (`1,200.50` is accepted): a plain decimal,
/// not negative, at most two decimals.
pub(super) fn parse_amount_flag(
    flag: &str,
    text: &str,
    problems: &mut Vec<String>,
) -> Option<Decimal> {
    let cleaned = text.trim().replace([',', '_'], "");
    match cleaned.parse::<Decimal>() {
        Ok(amount) if amount.is_sign_negative() && !amount.is_zero() => {
            problems.push(format!("{flag} {text}: an amount cannot be negative"));
            None
        }
        Ok(amount) if amount.normalize().scale() > 2 => {
            problems.push(format!(
                "{flag} {text}: amounts have at most two decimals (cents)"
            ));
            None
        }
        Ok(amount) if amount > crate::money::MAX_AMOUNT => {
            problems.push(format!(
                "{flag} {text}: steward reads amounts up to 1,000,000,000,000,000"
            ));
            None
        }
        Ok(amount) => Some(amount.normalize()),
        Err(_) => {
            problems.push(format!(
                "{flag} \"{text}\" is not an amount; write digits, e.g. 1200 or 19.99, without a currency sign"
            ));
            None
        }
    }
}

pub(super) fn parse_date(
    flag: &str,
    text: Option<&str>,
    problems: &mut Vec<String>,
) -> Option<Date> {
    let text = text?;
    match text.parse() {
        Ok(date) => Some(date),
        Err(_) => {
            problems.push(format!("{flag} \"{text}\" is not a date like 2026-03-31"));
            None
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::source::RawFile;

    /// A tree with two departments, a person who is here, one who left, and a budget line.
    pub(crate) fn tree() -> Tree {
        let files = [
            (
                "org.toml",
                "[departments.it]\nname = \"IT\"\n[departments.comms]\nname = \"Comms\"\n[people.ana]\nname = \"Ana\"\ndepartment = \"it\"\n[people.ben]\nname = \"Ben\"\ndepartment = \"comms\"\n[people.sam]\nname = \"Sam\"\ndepartment = \"it\"\nleft = 2026-01-31\n",
            ),
            (
                "budgets/2026/it.toml",
                "department = \"it\"\nfiscal_year = 2026\ncurrency = \"EUR\"\nallocation = 1000\n[[line]]\nid = \"chat\"\ncategory = \"software\"\namount = 100\n",
            ),
        ]
        .map(|(path, text)| RawFile {
            path: path.to_string(),
            content: Ok(text.to_string()),
        })
        .to_vec();
        crate::loader::load(files, "", &Default::default()).tree
    }

    fn problems_of(check: impl FnOnce(&mut Vec<String>)) -> Vec<String> {
        let mut problems = Vec::new();
        check(&mut problems);
        problems
    }

    #[test]
    fn people_must_exist_and_still_be_here() {
        let tree = tree();
        let today = jiff::civil::date(2026, 11, 25);
        assert!(problems_of(|p| check_person(&tree, today, "--owner", "ana", p)).is_empty());
        assert_eq!(
            problems_of(|p| check_person(&tree, today, "--owner", "sam", p)),
            [
                "--owner sam: Sam (sam) left the organization on 2026-01-31; choose someone who is still here"
            ]
        );
        let unknown = problems_of(|p| check_person(&tree, today, "--owner", "anna", p));
        assert!(unknown[0].contains("Did you mean \"ana\"?"), "{unknown:?}");
        assert!(unknown[0].ends_with("Known: ana, ben, sam"), "{unknown:?}");
    }

    #[test]
    fn budget_lines_resolve_and_give_their_currency() {
        let tree = tree();
        let mut problems = Vec::new();
        assert_eq!(
            check_budget_line(&tree, "2026/it#chat", &mut problems),
            Some("EUR".to_string())
        );
        assert_eq!(
            check_budget_line(&tree, "2026/it#chats", &mut problems),
            None
        );
        assert_eq!(check_budget_line(&tree, "2026-it", &mut problems), None);
        assert_eq!(problems.len(), 2);
        assert!(problems[0].contains("has no line \"chats\". Did you mean \"chat\"?"));
    }

    #[test]
    fn amounts_typed_on_the_command_line() {
        let amount = |text: &str| {
            let mut problems = Vec::new();
            (
                parse_amount_flag("--allocation", text, &mut problems),
                problems,
            )
        };
        assert_eq!(amount("1,200.50").0, Some("1200.5".parse().unwrap()));
        assert_eq!(
            amount("-1").1,
            ["--allocation -1: an amount cannot be negative"]
        );
        assert_eq!(amount("1.005").1.len(), 1);
        assert_eq!(amount("$12").1.len(), 1);
        assert!(has_scheme("https://x.org") && !has_scheme("x.org") && !has_scheme("://x"));
    }

    #[test]
    fn choices_put_the_department_first_and_leave_out_who_left() {
        let tree = tree();
        let today = jiff::civil::date(2026, 11, 25);
        let people: Vec<String> = people_choices(&tree, today, Some("comms"))
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(people, ["ben", "ana"]);
        assert_eq!(shared_currency(&tree), Some("EUR".to_string()));
    }
}
