//! Governance rules: the catalogue, the checks (one file per family), and the engine that
//! applies the project's severity settings and the entities' waivers.

pub mod budget;
mod catalogue;
pub mod codeowners;
pub mod contract;
pub mod dates;
pub mod input;
pub mod org;
pub mod policy;
pub mod refs;
pub mod stewardship;
pub mod tool;
pub mod waiver;

pub use catalogue::{Rule, all, explain, find, markdown_reference};

use std::sync::Arc;

use jiff::civil::Date;

use crate::config::Config;
use crate::document::SourceFile;
use crate::finding::{Finding, Location, Subject};
use crate::model::Tree;

/// What every check can see.
pub struct Context<'a> {
    pub tree: &'a Tree,
    pub config: &'a Config,
    pub today: Date,
}

/// The rule families' checks, in the order their findings are listed.
const FAMILIES: [fn(&Context<'_>, &mut Vec<Finding>); 9] = [
    tool::check,
    contract::check,
    stewardship::check,
    policy::check,
    budget::check,
    org::check,
    refs::check,
    dates::check,
    codeowners::check,
];

/// Runs every governance check. The families run in parallel (each reads the tree only),
/// their findings joined in the order above, so the result is the same on any number of
/// cores.
pub fn check(ctx: &Context<'_>) -> Vec<Finding> {
    use rayon::prelude::*;
    FAMILIES
        .par_iter()
        .map(|family| {
            let mut out = Vec::new();
            family(ctx, &mut out);
            out
        })
        .collect::<Vec<Vec<Finding>>>()
        .concat()
}

/// The findings that remain after settings and waivers, and how many waivers silenced.
#[derive(Debug)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub waived: usize,
}

/// Applies `[rules]` severities from steward.toml (dropping rules set to "off"), then the
/// waivers, and reports unknown codes in the configuration. The settings apply to every
/// finding, including those about waivers and the configuration itself, so that
/// `"waiver/unused" = "off"` works like any other setting.
pub fn settle(findings: Vec<Finding>, ctx: &Context<'_>) -> Outcome {
    // A rule declared outside its family's `declare_rules!` compiles, but `explain`, the
    // severity settings, waivers and SARIF would not know it: every test that triggers it
    // fails here instead.
    debug_assert!(
        findings
            .iter()
            .all(|f| find(f.rule.code).is_some_and(|r| std::ptr::eq(r, f.rule))),
        "a finding's rule is not in the catalogue: declare it in its family's declare_rules!"
    );
    // Rules set to "off" go before waivers are matched: a waiver for a rule that is off
    // excuses nothing.
    let mut findings = apply_levels(findings, ctx.config);
    let waived = waiver::apply(&mut findings, ctx);
    findings.extend(unknown_config_rules(ctx.config));
    // Again for what the waivers and the configuration added (idempotent for the rest).
    let findings = apply_levels(findings, ctx.config);
    Outcome { findings, waived }
}

/// Sets each finding's severity from `[rules]`, dropping the findings of rules set to "off".
fn apply_levels(findings: Vec<Finding>, config: &Config) -> Vec<Finding> {
    findings
        .into_iter()
        .filter_map(|mut f| match config.rules.get(f.rule.code) {
            Some(level) => level.severity().map(|severity| {
                f.severity = severity;
                f
            }),
            None => Some(f),
        })
        .collect()
}

fn unknown_config_rules(config: &Config) -> Vec<Finding> {
    let Some((path, text)) = &config.file else {
        return Vec::new();
    };
    let source = Arc::new(SourceFile::new(path.as_str(), text));
    config
        .rules
        .keys()
        .filter(|code| find(code).is_none())
        .map(|code| {
            let span = text
                .find(&format!("\"{code}\""))
                .map_or(0..0, |start| start..start + code.len() + 2);
            let hint = crate::suggest::did_you_mean(code, all().iter().map(|r| r.code));
            Finding::new(
                &input::CONFIG_UNKNOWN_RULE,
                Location::new(&source, span),
                Subject {
                    entity: path.clone(),
                    field: format!("/rules/{code}"),
                },
                format!("there is no rule \"{code}\""),
                format!("run `steward rules` for the list of codes.{hint}"),
            )
        })
        .collect()
}

pub use crate::model::{add_days, add_months};
