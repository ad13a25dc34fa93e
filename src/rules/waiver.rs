//! Waivers: `[[waiver]]` tables that excuse one rule for the entity in whose file they stand,
//! for a stated reason, until a date. A waiver without a reason or past its date excuses
//! nothing and is reported; a waiver that excuses nothing is reported too, so that waivers do
//! not outlive the problems they were written for.

use std::collections::{HashMap, HashSet};

use super::{Context, Rule, find};
use crate::finding::Finding;
use crate::model::Entity;
use crate::rule::Severity::{Error, Warning};
use crate::rule::declare_rules;
use crate::suggest;

declare_rules! {
    pub static NO_REASON: Rule = Rule {
        code: "waiver/no-reason",
        severity: Error,
        summary: "A waiver does not say why.",
        what: "Reports `[[waiver]]` tables with no `reason` (or an empty one). Such a waiver excuses nothing.",
        why: "A waiver is a decision; the reason is what lets the next committee judge whether it still holds.",
        example: "[[waiver]]\nrule = \"tool/no-exit-plan\"\nexpires = 2027-03-31",
        fix: "[[waiver]]\nrule = \"tool/no-exit-plan\"\nreason = \"Vendor is building an export API; we test it in Q1.\"\nexpires = 2027-03-31",
    };

    pub static EXPIRED: Rule = Rule {
        code: "waiver/expired",
        severity: Warning,
        summary: "A waiver's expiry date has passed; it no longer excuses anything.",
        what: "Reports waivers whose `expires` date is before today. The finding it used to excuse is reported again.",
        why: "Waivers are temporary by design: when one expires, either the problem is fixed or the committee decides again.",
        example: "[[waiver]]\nrule = \"tool/no-backup-owner\"\nreason = \"Hiring a second admin\"\nexpires = 2025-12-31",
        fix: "# the tool now has a backup owner: delete the waiver\nbackup_owner = \"dev-patel\"",
    };

    pub static UNUSED: Rule = Rule {
        code: "waiver/unused",
        severity: Warning,
        summary: "A waiver excuses nothing.",
        what: "Reports valid waivers for a rule that reports nothing about this entity.",
        why: "The problem was fixed; removing the waiver keeps it from hiding the problem if it comes back.",
        example: "[[waiver]]\nrule = \"tool/no-owner\"\nreason = \"Owner being hired\"\nexpires = 2027-01-31\n# ...but owner is set",
        fix: "# delete the waiver",
    };

    pub static UNKNOWN_RULE: Rule = Rule {
        code: "waiver/unknown-rule",
        severity: Error,
        summary: "A waiver names a rule that does not exist.",
        what: "Reports waivers whose `rule` is not a code in `steward rules`, or is a waiver/* code (waivers cannot be waived).",
        why: "A misspelled code excuses nothing, so the problem it was meant to cover is still reported.",
        example: "[[waiver]]\nrule = \"tool/no-exitplan\"\nreason = \"...\"",
        fix: "[[waiver]]\nrule = \"tool/no-exit-plan\"\nreason = \"...\"",
    };

    pub static UNKNOWN_APPROVER: Rule = Rule {
        code: "waiver/unknown-approver",
        severity: Error,
        summary: "A waiver's approver is neither a person nor a department in org.toml.",
        what: "Reports waivers whose `approved_by` is not the id of a person or a department in org.toml. The waiver still excuses its rule; the approval is what is in doubt.",
        why: "A waiver is an exception someone accepted on the organization's behalf; an approver nobody can find is no approval at all.",
        example: "[[waiver]]\nrule = \"tool/no-backup-owner\"\nreason = \"Hiring a second admin\"\napproved_by = \"the-board\"",
        fix: "[[waiver]]\nrule = \"tool/no-backup-owner\"\nreason = \"Hiring a second admin\"\napproved_by = \"it\"",
    };
}

/// Removes the findings that valid waivers excuse, adds findings about the waivers
/// themselves, and returns how many findings were waived.
pub fn apply(findings: &mut Vec<Finding>, ctx: &Context<'_>) -> usize {
    let entities: HashMap<&str, &Entity> =
        ctx.tree.entities().map(|e| (e.path.as_str(), e)).collect();
    let mut used: HashSet<(String, usize)> = HashSet::new();
    let mut waived = 0;
    findings.retain(|finding| {
        let Some(entity) = entities.get(finding.subject.entity.as_str()) else {
            return true;
        };
        let excusing = entity.waivers.iter().position(|w| {
            w.rule.as_deref() == Some(finding.rule.code)
                && w.reason.is_some()
                && w.expires.is_none_or(|d| d >= ctx.today)
                && !finding.rule.code.starts_with("waiver/")
        });
        match excusing {
            Some(index) => {
                used.insert((entity.path.clone(), index));
                waived += finding.weight();
                false
            }
            None => true,
        }
    });
    for entity in ctx.tree.entities() {
        for index in 0..entity.waivers.len() {
            let was_used = used.contains(&(entity.path.clone(), index));
            findings.extend(judge(entity, index, ctx, was_used));
            findings.extend(unknown_approver(entity, index, ctx));
        }
    }
    waived
}

/// `waiver/unknown-approver`. Only when org.toml is there to look in (ref/no-org says when it
/// is not).
fn unknown_approver(entity: &Entity, index: usize, ctx: &Context<'_>) -> Option<Finding> {
    let waiver = &entity.waivers[index];
    let approver = waiver.approved_by.as_deref()?;
    let org = ctx.tree.org.as_ref()?;
    if org.people.contains_key(approver) || org.departments.contains_key(approver) {
        return None;
    }
    let pointer = format!("{}/approved_by", waiver.pointer);
    let hint = suggest::did_you_mean(
        approver,
        org.people
            .keys()
            .chain(org.departments.keys())
            .map(String::as_str),
    );
    Some(Finding::new(
        &UNKNOWN_APPROVER,
        entity.at(&pointer),
        entity.subject(&pointer),
        format!(
            "the waiver says it was approved by \"{approver}\", who is neither a person nor a department in org.toml"
        ),
        format!(
            "name the person or department that accepted the waiver, by its id in org.toml.{hint}"
        ),
    ))
}

/// The one finding (if any) a waiver deserves, most serious first.
fn judge(entity: &Entity, index: usize, ctx: &Context<'_>, used: bool) -> Option<Finding> {
    let waiver = &entity.waivers[index];
    let rule_code = waiver.rule.as_deref()?;
    let rule_pointer = format!("{}/rule", waiver.pointer);
    let known = find(rule_code).filter(|r| r.family() != "waiver");
    if known.is_none() {
        let hint = suggest::did_you_mean(rule_code, super::all().iter().map(|r| r.code));
        return Some(Finding::new(
            &UNKNOWN_RULE,
            entity.at(&rule_pointer),
            entity.subject(&rule_pointer),
            format!("this waiver names \"{rule_code}\", which is not a rule that can be waived"),
            format!("use a code from `steward rules`.{hint}"),
        ));
    }
    if waiver.reason.is_none() {
        return Some(Finding::new(
            &NO_REASON,
            entity.at(&waiver.pointer),
            entity.subject(&waiver.pointer),
            format!("the waiver for {rule_code} gives no reason, so it excuses nothing"),
            "add reason = \"...\": why the rule does not apply yet, in plain words".to_string(),
        ));
    }
    if let Some(expires) = waiver.expires
        && expires < ctx.today
    {
        let pointer = format!("{}/expires", waiver.pointer);
        return Some(Finding::new(
            &EXPIRED,
            entity.at(&pointer),
            entity.subject(&pointer),
            format!("the waiver for {rule_code} expired on {expires}, so it no longer excuses anything"),
            "fix what it excused and delete the waiver, or, if the committee agrees, set a new expires date".to_string(),
        ));
    }
    if !used {
        return Some(Finding::new(
            &UNUSED,
            entity.at(&waiver.pointer),
            entity.subject(&waiver.pointer),
            format!("the waiver for {rule_code} excuses nothing: the rule reports no problem here"),
            "delete the waiver".to_string(),
        ));
    }
    None
}
