//! Rules about looking after a tool and the data in it: someone who is still here can
//! administer it, personal data is covered by a data-processing agreement, sensitive data
//! sits behind a strong sign-in, and what the public uses has a current accessibility report.

use super::{Context, Rule};
use crate::finding::Finding;
use crate::model::{Person, Tool};
use crate::rule::Severity::{Error, Warning};
use crate::rule::declare_rules;
use crate::words::long_date;

declare_rules! {
    pub static ADMIN_LEFT: Rule = Rule {
        code: "tool/admin-left",
        severity: Error,
        summary: "A person with administrator access to a tool has left the organization.",
        what: "Reports each id in a tool's `admins` whose person has a `left` date in org.toml on or before today, for tools that are not retired.",
        why: "Someone who left still holding administrator access can read, export or delete the organization's data, and the access is often the only way to add users or get the data out.",
        example: "admins = [\"sam-reed\", \"maria-lopez\"]  # org.toml: [people.sam-reed] left = 2026-02-28",
        fix: "admins = [\"maria-lopez\", \"dev-patel\"]",
    };

    pub static SINGLE_ADMIN: Rule = Rule {
        code: "tool/single-admin",
        severity: Warning,
        summary: "An approved tool has only one administrator who is still here.",
        what: "Reports approved tools with `admins` listed of whom only one person has not left the organization.",
        why: "When the one administrator leaves or is away, nobody can add users, export the data or close the account: volunteer-run and small teams lose tools and data this way.",
        example: "admins = [\"maria-lopez\"]",
        fix: "admins = [\"maria-lopez\", \"dev-patel\"]",
    };

    pub static NO_DPA: Rule = Rule {
        code: "tool/no-dpa",
        severity: Warning,
        summary: "A tool holds personal or confidential data without a signed data-processing agreement (an error for restricted data).",
        what: "Reports tools that are not retired, hold personal data (`[privacy] personal_data = true`) or data classified `confidential` or `restricted`, and have no `[privacy] dpa_signed` date. The finding is an error when `data_classification = \"restricted\"`.",
        why: "Data-protection law (GDPR, FERPA, state privacy laws) expects a written agreement with every vendor that processes personal data for us; without one we cannot show what the vendor may do with it.",
        example: "data_classification = \"confidential\"\n\n[privacy]\npersonal_data = true",
        fix: "data_classification = \"confidential\"\n\n[privacy]\npersonal_data = true\ndpa_signed = 2026-03-01",
    };

    pub static WEAK_SIGN_IN: Rule = Rule {
        code: "tool/weak-sign-in",
        severity: Warning,
        summary: "A tool with confidential or restricted data has neither enforced two-step sign-in nor single sign-on.",
        what: "Reports tools that are not retired, with `data_classification` `confidential` or `restricted`, whose `mfa` is not `\"enforced\"` (or not stated) and that do not sign in through the organization (`sso = true`).",
        why: "A stolen or guessed password is the most common way into an account; two-step sign-in, or the organization's own sign-in where it is enforced, stops most of those attempts.",
        example: "data_classification = \"confidential\"\nmfa = \"optional\"",
        fix: "data_classification = \"confidential\"\nmfa = \"enforced\"",
    };

    pub static NO_ACCESSIBILITY_REPORT: Rule = Rule {
        code: "tool/no-accessibility-report",
        severity: Warning,
        summary: "A tool the public uses has no accessibility conformance report, or one not checked within the interval (12 months by default).",
        what: "Reports tools that are not retired with `public_facing = true` and no `[accessibility] conformance`, or whose `checked_on` is missing or older than `accessibility_review_months` in steward.toml.",
        why: "Public bodies and many funders must show that what the public uses meets accessibility standards (WCAG 2.1 AA); the vendor's conformance report (VPAT or ACR) is the evidence, and it goes stale as the product changes.",
        example: "public_facing = true",
        fix: "public_facing = true\n\n[accessibility]\nconformance = \"WCAG 2.1 AA\"\nreport_url = \"https://vendor.example/accessibility\"\nchecked_on = 2026-09-01",
    };
}

/// The `mfa` settings the schema allows.
const MFA_SETTINGS: [&str; 3] = ["enforced", "optional", "none"];

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for tool in ctx.tree.tools.values().filter(|t| !t.is_retired()) {
        admin_left(ctx, tool, out);
        single_admin(ctx, tool, out);
        no_dpa(tool, out);
        weak_sign_in(tool, out);
        no_accessibility_report(ctx, tool, out);
    }
}

/// The person with this id, when org.toml says they have left by `today`.
fn left<'t>(ctx: &Context<'t>, id: &str) -> Option<&'t Person> {
    ctx.tree.person(id).filter(|p| p.has_left(ctx.today))
}

/// `tool/admin-left`
fn admin_left(ctx: &Context<'_>, tool: &Tool, out: &mut Vec<Finding>) {
    for (id, pointer) in &tool.admins {
        let Some(person) = left(ctx, id) else {
            continue;
        };
        let on = person
            .left
            .map(|d| format!(" on {}", long_date(d)))
            .unwrap_or_default();
        let mut finding = Finding::new(
            &ADMIN_LEFT,
            tool.entity.at(pointer),
            tool.entity.subject(pointer),
            format!(
                "{} left the organization{on} but is still listed as an administrator of {}",
                ctx.tree.person_name(id),
                tool.display_name()
            ),
            format!(
                "Remove their administrator access in {} (and check that they handed over what they looked after), then take them off the list. In {}: admins = [\"<person id>\", ...]",
                tool.plain_name(),
                tool.entity.shown_path()
            ),
        );
        if let Some(org) = &ctx.tree.org {
            let left_pointer = format!("{}/left", person.pointer);
            finding = finding.with_label(org.entity.at(&left_pointer), "marked as left here");
        }
        out.push(finding);
    }
}

/// `tool/single-admin`. Ids org.toml does not know count as here: ref/unknown-person
/// reports them, and a typo is not a departure.
fn single_admin(ctx: &Context<'_>, tool: &Tool, out: &mut Vec<Finding>) {
    if tool.status.as_deref() != Some("approved") || tool.admins.is_empty() {
        return;
    }
    let mut here: Vec<&str> = tool
        .admins
        .iter()
        .map(|(id, _)| id.as_str())
        .filter(|id| left(ctx, id).is_none())
        .collect();
    here.sort_unstable();
    here.dedup();
    let [only] = here.as_slice() else {
        return;
    };
    let leaving = if tool.admins.iter().any(|(id, _)| id != only) {
        " still here"
    } else {
        ""
    };
    out.push(Finding::new(
        &SINGLE_ADMIN,
        tool.entity.at("/admins"),
        tool.entity.subject("/admins"),
        format!(
            "{} has only one administrator{leaving}: {}",
            tool.display_name(),
            ctx.tree.person_name(only)
        ),
        format!(
            "Give a second person administrator access to {}, so that someone can still manage it and export the data when {} is away or leaves. In {}: admins = [\"{only}\", \"<person id>\"]",
            tool.plain_name(),
            ctx.tree
                .person(only)
                .and_then(|p| p.name.as_deref())
                .unwrap_or(only),
            tool.entity.shown_path()
        ),
    ));
}

/// `tool/no-dpa`
fn no_dpa(tool: &Tool, out: &mut Vec<Finding>) {
    let entity = &tool.entity;
    let privacy = tool.privacy.clone().unwrap_or_default();
    if !tool.lacks_dpa() || entity.malformed("/privacy/dpa_signed", &privacy.dpa_signed) {
        return;
    }
    let restricted = tool.data_classification.as_deref() == Some("restricted");
    let (what, at) = match (tool.data_classification.as_deref(), privacy.personal_data) {
        (Some(class @ ("confidential" | "restricted")), _) => {
            (format!("{class} data"), "/data_classification")
        }
        _ => ("personal data".to_string(), "/privacy/personal_data"),
    };
    let mut finding = Finding::new(
        &NO_DPA,
        entity.at(at),
        entity.subject("/privacy/dpa_signed"),
        format!(
            "{} holds {what} but no data-processing agreement with the vendor is recorded",
            tool.display_name()
        ),
        format!(
            "Sign a data-processing agreement (DPA) with the vendor of {} (most vendors offer one in their account or legal pages), then record the day it was signed. In {}, under [privacy]: dpa_signed = <the date>",
            tool.plain_name(),
            entity.shown_path()
        ),
    );
    if restricted {
        finding.severity = Error;
    }
    out.push(finding);
}

/// `tool/weak-sign-in`
fn weak_sign_in(tool: &Tool, out: &mut Vec<Finding>) {
    let entity = &tool.entity;
    // A value of the wrong type, or an mfa setting steward does not know, is the schema's
    // to report.
    if !tool.is_confidential()
        || tool.mfa.as_deref() == Some("enforced")
        || tool.sso == Some(true)
        || entity.malformed("/mfa", &tool.mfa)
        || entity.malformed("/sso", &tool.sso)
        || tool
            .mfa
            .as_deref()
            .is_some_and(|mfa| !MFA_SETTINGS.contains(&mfa))
    {
        return;
    }
    let class = tool.data_classification.as_deref().unwrap_or_default();
    let (pointer, how) = match tool.mfa.as_deref() {
        Some("optional") => ("/mfa", "two-step sign-in is only optional"),
        Some(_) => ("/mfa", "there is no two-step sign-in"),
        None => ("/data_classification", "no two-step sign-in is recorded"),
    };
    push(
        out,
        &WEAK_SIGN_IN,
        tool,
        (pointer, "/mfa"),
        format!(
            "{} holds {class} data, but {how} and people do not sign in through the organization",
            tool.display_name()
        ),
        format!(
            "Turn on two-step sign-in (multi-factor authentication) for everyone in the admin settings of {}, or connect it to the organization's single sign-on. In {}: mfa = \"enforced\" (or sso = true)",
            tool.plain_name(),
            entity.shown_path()
        ),
    );
}

/// `tool/no-accessibility-report`
fn no_accessibility_report(ctx: &Context<'_>, tool: &Tool, out: &mut Vec<Finding>) {
    let entity = &tool.entity;
    if tool.public_facing != Some(true)
        || entity
            .doc
            .get("/accessibility")
            .is_some_and(|v| !v.is_object())
    {
        return;
    }
    let help = format!(
        "Ask the vendor of {} for its accessibility conformance report (a VPAT or ACR), check that it covers the version we use, and record what it states and the day you checked. In {}, under [accessibility]: conformance = \"WCAG 2.1 AA\", report_url = \"...\", checked_on = {}",
        tool.plain_name(),
        entity.shown_path(),
        ctx.today
    );
    let accessibility = tool.accessibility.clone().unwrap_or_default();
    if tool.lacks_accessibility_report() {
        // A conformance of the wrong type, or empty, is the schema's to report.
        if entity.malformed("/accessibility/conformance", &accessibility.conformance)
            || accessibility.conformance.as_deref() == Some("")
        {
            return;
        }
        let at = if tool.accessibility.is_some() {
            "/accessibility/conformance"
        } else {
            "/public_facing"
        };
        push(
            out,
            &NO_ACCESSIBILITY_REPORT,
            tool,
            (at, "/accessibility/conformance"),
            format!(
                "the public uses {}, but it has no accessibility conformance report",
                tool.display_name()
            ),
            help,
        );
        return;
    }
    if entity.malformed("/accessibility/checked_on", &accessibility.checked_on) {
        return;
    }
    let schedule = tool.accessibility_schedule(ctx.config.accessibility_review_months);
    if !schedule.is_overdue(ctx.today) {
        return;
    }
    let message = match (schedule.since, schedule.due()) {
        (Some(checked), Some(due)) => format!(
            "the accessibility report of {} was last checked on {}; it was due to be checked again by {}",
            tool.display_name(),
            long_date(checked),
            long_date(due)
        ),
        _ => format!(
            "the accessibility report of {} does not say when it was checked",
            tool.display_name()
        ),
    };
    push(
        out,
        &NO_ACCESSIBILITY_REPORT,
        tool,
        (schedule.counted_from, schedule.counted_from),
        message,
        help,
    );
}

/// A finding shown at the field `at` and known by the field `subject` (the one to fix, which
/// stays the same whichever value triggered it, so that `--new-only` and waivers match it).
fn push(
    out: &mut Vec<Finding>,
    rule: &'static Rule,
    tool: &Tool,
    (at, subject): (&str, &str),
    message: String,
    help: String,
) {
    out.push(Finding::new(
        rule,
        tool.entity.at(at),
        tool.entity.subject(subject),
        message,
        help,
    ));
}
