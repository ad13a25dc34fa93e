//! References between files: every id that names a person, department, tool, policy or
//! budget line must name one that exists. Each miss says what was meant when a close id exists.

use std::cell::{Cell, OnceCell};

use super::{Context, Rule};
use crate::finding::Finding;
use crate::layout::{Kind, is_valid_id};
use crate::model::{Entity, LineRef};
use crate::rule::Severity::Error;
use crate::rule::declare_rules;
use crate::suggest::{self, Candidates};

declare_rules! {
    pub static UNKNOWN_PERSON: Rule = Rule {
        code: "ref/unknown-person",
        severity: Error,
        summary: "A reference to a person who is not in org.toml.",
        what: "Reports a tool's `owner`, `backup_owner` and `admins`, and department `head` values, that name no `[people.<id>]` in org.toml.",
        why: "An owner nobody can find is no owner. Usually it is a typo or someone not yet added to org.toml.",
        example: "owner = \"maria-lopes\"",
        fix: "owner = \"maria-lopez\"",
    };

    pub static UNKNOWN_DEPARTMENT: Rule = Rule {
        code: "ref/unknown-department",
        severity: Error,
        summary: "A reference to a department that is not in org.toml.",
        what: "Reports department ids (a tool's `department`, a person's `department`, a policy's `owner` and `approved_by`, a budget's file name, `required_approvers`) that name no `[departments.<id>]`.",
        why: "Ownership and budgets are organised by department; an unknown department hides who is responsible.",
        example: "department = \"comms\"",
        fix: "department = \"communications\"",
    };

    pub static UNKNOWN_TOOL: Rule = Rule {
        code: "ref/unknown-tool",
        severity: Error,
        summary: "A reference to a tool that has no file in tools/.",
        what: "Reports tool ids in a policy's `tools` and a budget line's `tool` that have no tools/<id>.toml.",
        why: "A policy that governs a tool nobody registered, or money for a tool that is not in the registry, escapes every other check.",
        example: "tools = [\"mailchimpp\"]",
        fix: "tools = [\"mailchimp\"]",
    };

    pub static UNKNOWN_POLICY: Rule = Rule {
        code: "ref/unknown-policy",
        severity: Error,
        summary: "A reference to a policy that has no file in technology/.",
        what: "Reports policy ids in `supersedes` that have no technology/<id>.toml.",
        why: "Keep the policy being replaced (as retired) so that the history of what was in force stays readable.",
        example: "supersedes = [\"it-purchase\"]",
        fix: "supersedes = [\"it-purchasing\"]",
    };

    pub static UNKNOWN_BUDGET_LINE: Rule = Rule {
        code: "ref/unknown-budget-line",
        severity: Error,
        summary: "A tool's budget_line points to a budget or line that does not exist.",
        what: "Reports `[cost] budget_line` values whose budget file (budgets/<fiscal-year>/<department>.toml) or line id does not exist.",
        why: "The cost is then in no budget: nobody has set the money aside.",
        example: "[cost]\namount = 50\ncurrency = \"USD\"\nperiod = \"month\"\nbudget_line = \"2026/communications#design-sofware\"",
        fix: "[cost]\namount = 50\ncurrency = \"USD\"\nperiod = \"month\"\nbudget_line = \"2026/communications#design-software\"",
    };

    pub static NO_ORG: Rule = Rule {
        code: "ref/no-org",
        severity: Error,
        summary: "There is no org.toml, so people and departments cannot be checked.",
        what: "Reports a tree without org.toml at its root.",
        why: "Owners, departments and approvals all refer to org.toml; without it none of those references can be checked.",
        example: "",
        fix: "",
    };
}

/// Values that are not ids at all (`owner = "Jane Doe"`) are the schema's to report
/// (schema/pattern): each problem is reported once.
pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let tree = ctx.tree;
    let hints = Hints::default();
    if tree.org.is_none() && !tree.is_unparsed(Kind::Org, "org") {
        // Only the built-in kinds refer to people and departments.
        if let Some(first) = tree.entities().find(|e| e.kind.is_builtin()) {
            out.push(Finding::new(
                &NO_ORG,
                first.at(""),
                first.subject(""),
                "there is no org.toml, so owners, departments and approvals cannot be checked",
                "create org.toml at the root of the tree with [departments.<id>] and [people.<id>] tables (`steward init` writes an example)",
            ));
        }
    }
    if let Some(org) = &tree.org {
        for department in org.departments.values() {
            if let Some(head) = &department.head {
                person(
                    ctx,
                    &hints,
                    &org.entity,
                    &format!("{}/head", department.pointer),
                    head,
                    out,
                );
            }
        }
        for person in org.people.values() {
            if let Some(dept) = &person.department {
                department(
                    ctx,
                    &hints,
                    &org.entity,
                    &format!("{}/department", person.pointer),
                    dept,
                    out,
                );
            }
        }
    }
    for tool in tree.tools.values() {
        let e = &tool.entity;
        if let Some(owner) = &tool.owner {
            person(ctx, &hints, e, "/owner", owner, out);
        }
        if let Some(backup) = &tool.backup_owner {
            person(ctx, &hints, e, "/backup_owner", backup, out);
        }
        for (admin, pointer) in &tool.admins {
            person(ctx, &hints, e, pointer, admin, out);
        }
        if let Some(dept) = &tool.department {
            department(ctx, &hints, e, "/department", dept, out);
        }
        if let Some(reference) = tool.cost.as_ref().and_then(|c| c.budget_line.as_deref()) {
            budget_line(ctx, &hints, e, reference, out);
        }
    }
    for policy in tree.policies.values() {
        let e = &policy.entity;
        if let Some(owner) = &policy.owner {
            department(ctx, &hints, e, "/owner", owner, out);
        }
        for (dept, pointer) in policy.approved_by() {
            department(ctx, &hints, e, &pointer, &dept, out);
        }
        for (tool, pointer) in policy.tools() {
            tool_ref(ctx, &hints, e, &pointer, &tool, out);
        }
        for (id, pointer) in policy.supersedes() {
            if is_valid_id(&id)
                && !tree.policies.contains_key(&id)
                && !tree.is_unparsed(Kind::Policy, &id)
            {
                let hint = hints.suggest(
                    &hints.policies,
                    || Candidates::new(tree.policies.keys().map(String::as_str)),
                    &id,
                );
                out.push(Finding::new(
                    &UNKNOWN_POLICY,
                    e.at(&pointer),
                    e.subject(&pointer),
                    format!("there is no policy \"{id}\" in technology/"),
                    format!("use the file name of a policy in technology/ (without .toml).{hint}"),
                ));
            }
        }
    }
    for budget in tree.budgets.values() {
        let e = &budget.entity;
        if e.has("/department") {
            department(ctx, &hints, e, "/department", &budget.department, out);
        }
        for line in &budget.lines {
            if let Some(tool) = &line.tool {
                tool_ref(ctx, &hints, e, &format!("{}/tool", line.pointer), tool, out);
            }
        }
    }
}

/// How many unknown references in one run get a "did you mean" (the rest are reported the
/// same, without one): a pull request can add a hundred thousand unknown ids, and nobody
/// reads past the first screenful of suggestions.
pub const MAX_SUGGESTIONS: usize = 200;

/// "Did you mean" candidates, prepared on first use and shared by every reference, and how
/// many suggestions this run may still make.
struct Hints<'t> {
    people: OnceCell<Candidates<'t>>,
    tools: OnceCell<Candidates<'t>>,
    policies: OnceCell<Candidates<'t>>,
    departments: OnceCell<Candidates<'t>>,
    left: Cell<usize>,
}

impl Default for Hints<'_> {
    fn default() -> Self {
        Hints {
            people: OnceCell::new(),
            tools: OnceCell::new(),
            policies: OnceCell::new(),
            departments: OnceCell::new(),
            left: Cell::new(MAX_SUGGESTIONS),
        }
    }
}

impl<'t> Hints<'t> {
    /// Whether one more suggestion may be made (and counts it).
    fn take(&self) -> bool {
        let left = self.left.get();
        self.left.set(left.saturating_sub(1));
        left > 0
    }

    /// ` Did you mean "x"?` from `candidates` (built on first use), while the budget lasts.
    fn suggest(
        &self,
        candidates: &OnceCell<Candidates<'t>>,
        build: impl FnOnce() -> Candidates<'t>,
        id: &str,
    ) -> String {
        if self.take() {
            candidates.get_or_init(build).did_you_mean(id)
        } else {
            String::new()
        }
    }
}

fn person<'t>(
    ctx: &Context<'t>,
    hints: &Hints<'t>,
    entity: &Entity,
    pointer: &str,
    id: &str,
    out: &mut Vec<Finding>,
) {
    let Some(org) = &ctx.tree.org else { return };
    if org.people.contains_key(id) || !is_valid_id(id) {
        return;
    }
    let hint = hints.suggest(
        &hints.people,
        || Candidates::new(org.people.keys().map(String::as_str)),
        id,
    );
    out.push(Finding::new(
        &UNKNOWN_PERSON,
        entity.at(pointer),
        entity.subject(pointer),
        format!("there is no person \"{id}\" in org.toml"),
        format!(
            "use the id of someone listed under [people.<id>] in org.toml, or add them there.{hint}"
        ),
    ));
}

fn department<'t>(
    ctx: &Context<'t>,
    hints: &Hints<'t>,
    entity: &Entity,
    pointer: &str,
    id: &str,
    out: &mut Vec<Finding>,
) {
    let Some(org) = &ctx.tree.org else { return };
    if org.departments.contains_key(id) || !is_valid_id(id) {
        return;
    }
    let hint = hints.suggest(
        &hints.departments,
        || Candidates::new(org.departments.keys().map(String::as_str)),
        id,
    );
    out.push(Finding::new(
        &UNKNOWN_DEPARTMENT,
        entity.at(pointer),
        entity.subject(pointer),
        format!("there is no department \"{id}\" in org.toml"),
        format!("use the id of a department listed under [departments.<id>] in org.toml.{hint}"),
    ));
}

fn tool_ref<'t>(
    ctx: &Context<'t>,
    hints: &Hints<'t>,
    entity: &Entity,
    pointer: &str,
    id: &str,
    out: &mut Vec<Finding>,
) {
    if ctx.tree.tools.contains_key(id) || ctx.tree.is_unparsed(Kind::Tool, id) || !is_valid_id(id) {
        return;
    }
    let hint = hints.suggest(
        &hints.tools,
        || Candidates::new(ctx.tree.tools.keys().map(String::as_str)),
        id,
    );
    out.push(Finding::new(
        &UNKNOWN_TOOL,
        entity.at(pointer),
        entity.subject(pointer),
        format!("there is no tool \"{id}\" in tools/"),
        format!("use the file name of a tool in tools/ (without .toml), or register the tool first.{hint}"),
    ));
}

fn budget_line(
    ctx: &Context<'_>,
    hints: &Hints<'_>,
    entity: &Entity,
    reference: &str,
    out: &mut Vec<Finding>,
) {
    const POINTER: &str = "/cost/budget_line";
    // A malformed reference is the schema's to report.
    let Some(line_ref) = LineRef::parse(reference) else {
        return;
    };
    let key = (line_ref.fiscal_year.clone(), line_ref.department.clone());
    let address = format!("{}/{}", line_ref.fiscal_year, line_ref.department);
    if ctx.tree.is_unparsed(Kind::Budget, &line_ref.department) {
        return;
    }
    let (message, help) = match ctx.tree.budgets.get(&key) {
        None => {
            let hint = if hints.take() {
                let addresses: Vec<String> =
                    ctx.tree.budgets.values().map(|b| b.address()).collect();
                suggest::did_you_mean(&address, addresses.iter().map(String::as_str))
            } else {
                String::new()
            };
            (
                format!("there is no budget {address} (budgets/{address}.toml does not exist)"),
                format!(
                    "point budget_line at an existing budget, or create budgets/{address}.toml with the line.{hint}"
                ),
            )
        }
        Some(budget) if budget.line(&line_ref.line).is_none() => {
            let hint = if hints.take() {
                suggest::did_you_mean(
                    &line_ref.line,
                    budget.lines.iter().filter_map(|l| l.id.as_deref()),
                )
            } else {
                String::new()
            };
            (
                format!("the {address} budget has no line \"{}\"", line_ref.line),
                format!(
                    "use the id of one of its [[line]] tables, or add the line to budgets/{address}.toml.{hint}"
                ),
            )
        }
        Some(_) => return,
    };
    out.push(Finding::new(
        &UNKNOWN_BUDGET_LINE,
        entity.at(POINTER),
        entity.subject(POINTER),
        message,
        help,
    ));
}
