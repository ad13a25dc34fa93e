//! The last step of `steward new`: the file is linted together with the tree, in memory, and
//! written only if it adds no error (never over an existing file, never through a link).

use std::io::Write;
use std::process::ExitCode;

use super::Session;
use crate::cli::init::refuse;
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::layout::is_valid_id;
use crate::lint::{Report, lint_loaded};
use crate::loader;
use crate::source::RawFile;

/// `Some(exit code)` when the id cannot be a file name.
pub(super) fn check_id(id: &str, kind: &str) -> Result<Option<ExitCode>, Error> {
    if is_valid_id(id) {
        return Ok(None);
    }
    let fixed = crate::layout::normalize_id(id);
    let what = if kind == "budget" { "department" } else { "id" };
    refuse(
        &format!(
            "\"{id}\" cannot be a {kind} {what}: ids are lowercase letters, digits and dashes"
        ),
        &if fixed.is_empty() {
            format!("choose an id such as `steward new {kind} my-{kind}`")
        } else {
            format!("use `steward new {kind} {fixed}`")
        },
    )
    .map(Some)
}

/// `Some(exit code)` when the file is already there: new never overwrites.
pub(super) fn refuse_existing(
    ctx: &Session,
    relative: &str,
    kind: &str,
    id: &str,
) -> Result<Option<ExitCode>, Error> {
    let path = ctx.workspace.root.join(relative);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(None);
    }
    let shown = format!("{}{relative}", ctx.workspace.prefix);
    let help = match kind {
        "budget" => format!(
            "edit {shown} to change it, then run `steward lint`; for another year, pass --fiscal-year YEAR"
        ),
        _ => format!(
            "edit {shown} to change it, then run `steward lint`; to add another {kind}, choose another id, e.g. `steward new {kind} {id}-2`"
        ),
    };
    refuse(
        &format!("{shown} already exists; steward new never overwrites a file"),
        &help,
    )
    .map(Some)
}

pub(super) fn refuse_problems(problems: &[String], help_command: &str) -> Result<ExitCode, Error> {
    let list: String = problems.iter().map(|p| format!("\n  - {p}")).collect();
    refuse(
        &format!("nothing was written:{list}"),
        &format!(
            "fix the values above and run the command again (`{help_command}` lists every flag)"
        ),
    )
}

/// Lints the tree with the new file added, in memory; writes the file only if that adds no
/// error, then shows its warnings and what to do next.
pub(super) fn write_checked(
    ctx: &Session,
    relative: &str,
    text: &str,
    kind: &str,
) -> Result<ExitCode, Error> {
    let shown = format!("{}{relative}", ctx.workspace.prefix);
    let (errors, warnings) = preview(ctx, relative, text);
    if !errors.is_empty() {
        let report = Report {
            findings: errors,
            files: 1,
            ..Report::default()
        };
        let rendered = crate::render::human::render(&report, false);
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, "{rendered}");
        drop(stderr);
        return refuse(
            &format!(
                "{shown} was not written: steward lint would reject it (this tree's own schemas or settings ask for more)"
            ),
            &format!(
                "add the values it asks for as flags (`steward new {kind} --help`), or copy the text above into {shown} and complete it by hand"
            ),
        );
    }
    crate::cli::files::write_file(
        &ctx.workspace.root.join(relative),
        text.as_bytes(),
        crate::cli::files::Existing::Keep,
        Some(&ctx.workspace.project),
    )?;
    let mut out = format!("Wrote {shown}.\n");
    if !warnings.is_empty() {
        out.push_str("steward lint will mention (warnings do not fail the check):\n");
        for warning in &warnings {
            out.push_str(&format!(
                "  warning[{}]: {}\n    help: {}\n",
                warning.code(),
                warning.message,
                warning.help
            ));
        }
    }
    out.push_str(
        "Next: read it (the comments explain every field; remove \"# \" to use an optional one), run `steward lint`, then commit it and open a pull request.\n",
    );
    crate::cli::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The errors and warnings the new file would have, linted with the rest of the tree.
fn preview(ctx: &Session, relative: &str, text: &str) -> (Vec<Finding>, Vec<Finding>) {
    let mut files: Vec<RawFile> = ctx
        .files
        .iter()
        .filter(|f| f.path != relative)
        .cloned()
        .collect();
    files.push(RawFile {
        path: relative.to_string(),
        content: Ok(text.to_string()),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let loaded = loader::load(files, &ctx.workspace.prefix, &ctx.workspace.layout);
    let (report, _) = lint_loaded(loaded, &ctx.workspace.config, ctx.today);
    report
        .findings
        .into_iter()
        .filter(|f| f.subject.entity == relative)
        .partition(|f| f.severity == Severity::Error)
}
