//! `steward import tools|people|budget FILE`: the spreadsheets an organization already has,
//! turned into the tree's files.
//!
//! The library ([`crate::import`]) reads the file, maps its columns and plans every row; this
//! command lints the tree with the planned files in memory, shows what would change, and
//! writes all of it or nothing (`--skip-invalid` leaves the invalid rows out instead).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use rust_decimal::Decimal;

use super::init::refuse;
use super::today;
use super::workspace::{Version, Workspace};
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::import::columns::{self, Catalogue, Overrides};
use crate::import::table::{self, ReadOptions, Table};
use crate::import::values::{DateOrder, Formats};
use crate::import::{self, Action, Plan, Problem, Settings};
use crate::lint::lint_loaded;
use crate::loader::{self, Loaded};
use crate::model::{Entity, Tree};
use crate::render::visible::one_line;
use crate::source::RawFile;

/// Error codes that mean a file steward would write is not valid (rather than a governance
/// finding a committee resolves later): any of them stops the import.
const BLOCKING: [&str; 5] = ["toml/", "schema/", "id/", "ref/", "file/"];

/// The most problems listed at once.
const MAX_LISTED: usize = 100;

/// How many rounds `--skip-invalid` takes at most: rows found invalid by the lint are left out
/// and the rest planned again.
const SKIP_ROUNDS: usize = 3;

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    kind: ImportKind,
}

#[derive(Debug, Subcommand)]
enum ImportKind {
    /// Tools from a spreadsheet (a Snipe-IT or GLPI licence export, or one typed by hand):
    /// one row a tool, tools/ID.toml each.
    #[command(after_help = concat!(
        "Examples:\n  steward import tools licenses.csv --dry-run\n",
        "  steward import tools licenses.xlsx --period year --department it\n",
        "  steward import tools tools.csv --map \"Licensed To Email=owner_email\" --date-order dmy\n",
        "  steward import tools tools.xlsx --update\n\n",
        "Exit codes:\n  0  the files were written (or, with --dry-run, would be)\n  2  nothing was written (a problem in the file, the mapping or a row; each is listed)"
    ))]
    Tools(ToolsArgs),
    /// People into the [people] tables of org.toml: name, e-mail, department, role, left.
    #[command(after_help = concat!(
        "Examples:\n  steward import people staff.csv --dry-run\n",
        "  steward import people hr-export.xlsx --department operations --update\n\n",
        "Exit codes:\n  0  org.toml was written (or, with --dry-run, would be)\n  2  nothing was written"
    ))]
    People(PeopleArgs),
    /// Lines of one department's budget for one fiscal year: budgets/YEAR/DEPARTMENT.toml.
    #[command(after_help = concat!(
        "Examples:\n  steward import budget it-2027.xlsx --department it --fiscal-year 2027 --allocation 25000\n",
        "  steward import budget lines.csv --department comms --fiscal-year 2027 --currency EUR --decimal-comma\n\n",
        "Exit codes:\n  0  the budget was written (or, with --dry-run, would be)\n  2  nothing was written"
    ))]
    Budget(BudgetArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OrderArg {
    /// Day first: 03/04/2026 is 3 April.
    Dmy,
    /// Month first: 03/04/2026 is 4 March.
    Mdy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PeriodArg {
    Month,
    Year,
    OneTime,
}

#[derive(Debug, Args)]
struct CommonArgs {
    /// The spreadsheet: CSV (any delimiter), XLSX or ODS.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Show what would be created or changed, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Which field a column fills: "Column=field" (repeat); "Column=" leaves it out.
    #[arg(long, value_name = "COLUMN=FIELD")]
    map: Vec<String>,
    /// A file of "Column=field" lines (# starts a comment); --map wins over it.
    #[arg(long, value_name = "FILE")]
    map_file: Option<PathBuf>,
    /// How to read dates such as 03/04/2026 (without it, a date that could be either is an
    /// error at its cell).
    #[arg(long, value_enum)]
    date_order: Option<OrderArg>,
    /// Amounts are written with a decimal comma: 1.200,50.
    #[arg(long)]
    decimal_comma: bool,
    /// The sheet of a workbook to read (default: the first).
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// The encoding of a CSV file that is not UTF-8, e.g. windows-1252.
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    /// Change the fields of entries that already exist where the file differs (else they
    /// are left alone), after showing the change.
    #[arg(long)]
    update: bool,
    /// Write the valid rows and leave out the invalid ones (each is still listed).
    #[arg(long)]
    skip_invalid: bool,
    /// The policy tree's folder (default: `root` in steward.toml, else `policies`).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Today's date, as YYYY-MM-DD (default: today): last_reviewed of new tools, and the day
    /// "has left" is judged on.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
}

#[derive(Debug, Args)]
struct ToolsArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// How often the amounts of a Cost column are paid, when the file has no Period column.
    #[arg(long, value_enum)]
    period: Option<PeriodArg>,
    /// The department of rows that name none (a department id or name).
    #[arg(long, value_name = "DEPARTMENT")]
    department: Option<String>,
}

#[derive(Debug, Args)]
struct PeopleArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// The department of rows that name none (a department id or name).
    #[arg(long, value_name = "DEPARTMENT")]
    department: Option<String>,
}

#[derive(Debug, Args)]
struct BudgetArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// The department whose budget the lines are (an id or name in org.toml).
    #[arg(long, value_name = "DEPARTMENT")]
    department: String,
    /// The fiscal year (the folder under budgets/), e.g. 2027.
    #[arg(long, value_name = "YEAR")]
    fiscal_year: String,
    /// The budget's allocation (default for a new budget: the sum of its lines).
    #[arg(long, value_name = "AMOUNT")]
    allocation: Option<String>,
    /// The budget's currency, when neither the amounts nor the tree say it.
    #[arg(long, value_name = "CODE")]
    currency: Option<String>,
}

pub fn run(args: ImportArgs) -> Result<ExitCode, Error> {
    match args.kind {
        ImportKind::Tools(args) => {
            let period = args.period.map(|p| match p {
                PeriodArg::Month => "month",
                PeriodArg::Year => "year",
                PeriodArg::OneTime => "one-time",
            });
            import(
                &args.common,
                columns::TOOLS,
                args.department.as_deref(),
                |table, mapping, tree, settings| {
                    import::tools::plan(table, mapping, tree, settings, period)
                },
            )
        }
        ImportKind::People(args) => import(
            &args.common,
            columns::PEOPLE,
            args.department.as_deref(),
            import::people::plan,
        ),
        ImportKind::Budget(args) => budget(args),
    }
}

fn budget(args: BudgetArgs) -> Result<ExitCode, Error> {
    let allocation = match args.allocation.as_deref().map(parse_amount) {
        Some(Ok(amount)) => Some(amount),
        Some(Err(message)) => return refuse(&message, "write it like 25000 or 25000.50"),
        None => None,
    };
    if let Some(code) = &args.currency
        && !crate::checks::is_currency_code(code)
    {
        return refuse(
            &format!("--currency {code} is not a currency code"),
            "use three capital letters, e.g. --currency USD",
        );
    }
    if !crate::layout::is_valid_id(&args.fiscal_year) {
        return refuse(
            &format!(
                "--fiscal-year {} is not a folder name steward uses",
                args.fiscal_year
            ),
            "write the year, e.g. --fiscal-year 2027",
        );
    }
    let fiscal_year = args.fiscal_year.clone();
    let currency = args.currency.clone();
    let department = args.department.clone();
    import(
        &args.common,
        columns::LINES,
        Some(&department),
        move |table, mapping, tree, settings| {
            let target = import::budget::Target {
                department: settings.department.clone().unwrap_or_default(),
                fiscal_year: fiscal_year.clone(),
                allocation,
                currency: currency.clone(),
            };
            import::budget::plan(table, mapping, tree, settings, &target)
        },
    )
}

fn parse_amount(text: &str) -> Result<Decimal, String> {
    let cell = table::Cell::Text(text.to_string());
    let formats = Formats {
        date_order: None,
        decimal_comma: false,
    };
    import::values::money(&cell, formats)
        .map(|(amount, _)| amount)
        .map_err(|e| format!("--allocation {e}"))
}

/// Everything an import works with.
struct Session {
    workspace: Workspace,
    files: Vec<RawFile>,
    loaded: Loaded,
}

/// The shared steps of every kind: read, map, plan, lint, show, write.
fn import<F>(
    common: &CommonArgs,
    catalogue: Catalogue,
    department: Option<&str>,
    plan_rows: F,
) -> Result<ExitCode, Error>
where
    F: Fn(&Table, &columns::Mapping, &Tree, &Settings) -> Plan,
{
    let today = today(common.today.as_deref())?;
    let session = match open(common.root.as_deref())? {
        Ok(session) => session,
        Err(code) => return Ok(code),
    };
    let tree = &session.loaded.tree;
    let options = ReadOptions {
        sheet: common.sheet.clone(),
        encoding: common.encoding.clone(),
    };
    let table = match table::read_file(&common.file, &options) {
        Ok(table) => table,
        // Sheet names and headers are the file's text: shown on one line.
        Err(e) => return refuse(&one_line(&format!("{e}; nothing was written")), &e.hint()),
    };
    let overrides = match overrides(common) {
        Ok(overrides) => overrides,
        Err(message) => {
            return refuse(
                &message,
                "write each as \"Column=field\" (the README lists the fields)",
            );
        }
    };
    let mapping = match columns::map(&table.headers, catalogue, &overrides) {
        Ok(mapping) => mapping,
        Err(message) => {
            return refuse(
                &one_line(&format!("{message}; nothing was written")),
                "fix the mapping and import again",
            );
        }
    };
    let department = match department {
        Some(text) => match import::resolve::department(tree, text) {
            Ok(id) => Some(id),
            Err(message) => {
                return refuse(
                    &format!("--department: {message}"),
                    "pass a department id or name from org.toml",
                );
            }
        },
        None => None,
    };
    let settings = Settings {
        formats: Formats {
            date_order: common.date_order.map(|o| match o {
                OrderArg::Dmy => DateOrder::Dmy,
                OrderArg::Mdy => DateOrder::Mdy,
            }),
            decimal_comma: common.decimal_comma,
        },
        today,
        update: common.update,
        department,
        skip: BTreeSet::new(),
    };
    let planned = plan_checked(
        &session,
        &table,
        &mapping,
        settings,
        common.skip_invalid,
        &plan_rows,
    );
    let Planned {
        plan,
        checked,
        skipped,
    } = planned;
    let mut out = columns_note(&plan);
    let Some(checked) = checked.filter(|_| plan.problems.is_empty()) else {
        super::write_stdout(&out)?;
        return refuse_problems(common, &plan, skipped);
    };
    out.push_str(&skipped_note(skipped));
    out.push_str(&rows_table(&plan, &session.workspace.prefix));
    out.push_str(&checked.changes);
    if common.dry_run {
        out.push_str(&summary(&plan));
        out.push_str(&governance_note(&checked.later));
        out.push_str("Nothing was written (--dry-run).\n");
        super::write_stdout(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let written = write_plan(&session.workspace, &plan)?;
    out.push_str(&summary(&plan));
    if written > 0 {
        out.push_str(&format!(
            "Wrote {written} file{} under {}.\n",
            plural(written),
            if session.workspace.prefix.is_empty() {
                "the tree".to_string()
            } else {
                session.workspace.prefix.trim_end_matches('/').to_string()
            }
        ));
    }
    out.push_str(&governance_note(&checked.later));
    if written > 0 {
        out.push_str("Next: run `steward lint`, read the new files, then commit them and open a pull request.\n");
    }
    super::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// A plan, what linting it said, and the problems of the rows `--skip-invalid` left out.
struct Planned {
    plan: Plan,
    /// `None` when the rows had problems before the lint.
    checked: Option<Checked>,
    skipped: Vec<Problem>,
}

/// Plans the rows and lints the plan; with `--skip-invalid`, plans again without the rows
/// found invalid (a few rounds: leaving a row out can only remove problems, but the lint of
/// the rest may find more).
fn plan_checked<F>(
    session: &Session,
    table: &Table,
    mapping: &columns::Mapping,
    mut settings: Settings,
    skip_invalid: bool,
    plan_rows: &F,
) -> Planned
where
    F: Fn(&Table, &columns::Mapping, &Tree, &Settings) -> Plan,
{
    let mut skipped: Vec<Problem> = Vec::new();
    let mut round = 0;
    loop {
        round += 1;
        let mut plan = plan_rows(table, mapping, &session.loaded.tree, &settings);
        let checked = if plan.problems.is_empty() {
            let checked = check(session, &plan, settings.today);
            plan.problems.extend(checked.problems.iter().cloned());
            Some(checked)
        } else {
            None
        };
        let retry = skip_invalid
            && !plan.has_file_problems()
            && !plan.problems.is_empty()
            && round < SKIP_ROUNDS;
        if !retry {
            return Planned {
                plan,
                checked,
                skipped,
            };
        }
        settings.skip.extend(plan.invalid_rows());
        skipped.extend(plan.problems);
    }
}

/// Every problem, and why nothing was written.
fn refuse_problems(
    common: &CommonArgs,
    plan: &Plan,
    skipped: Vec<Problem>,
) -> Result<ExitCode, Error> {
    let mut problems = plan.problems.clone();
    problems.extend(skipped);
    problems.sort();
    problems.dedup();
    refuse(
        &format!(
            "{} has {} problem{}; nothing was written:{}",
            one_line(&common.file.display().to_string()),
            problems.len(),
            plural(problems.len()),
            listed(&problems)
        ),
        if common.skip_invalid {
            "fix the file (the problems above concern all of it) and import again"
        } else {
            "fix the cells above and import again, or pass --skip-invalid to import the valid rows only"
        },
    )
}

/// The rows `--skip-invalid` left out, and why.
fn skipped_note(mut skipped: Vec<Problem>) -> String {
    if skipped.is_empty() {
        return String::new();
    }
    let rows: BTreeSet<usize> = skipped.iter().filter_map(|p| p.row).collect();
    skipped.sort();
    skipped.dedup();
    format!(
        "Left out {} invalid row{} (--skip-invalid):\n{}\n",
        rows.len(),
        plural(rows.len()),
        listed(&skipped).trim_start_matches('\n')
    )
}

/// Writes the planned files (new ones never over an existing file); how many.
fn write_plan(workspace: &Workspace, plan: &Plan) -> Result<usize, Error> {
    let mut files: Vec<&import::FileWrite> = plan.files.iter().collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    // A file that is there but not in the tree (a link, say) would stop the writing half-way:
    // look before writing any. write_file checks again at each rename.
    for file in files.iter().filter(|f| !f.exists) {
        let path = workspace.root.join(&file.path);
        if std::fs::symlink_metadata(&path).is_ok() {
            return Err(Error::Unwritable {
                path,
                message: "already exists (but is not a file steward reads), so nothing was written; move it away and import again".to_string(),
            });
        }
    }
    for file in &files {
        let existing = if file.exists {
            super::files::Existing::Replace
        } else {
            super::files::Existing::Keep
        };
        super::files::write_file(
            &workspace.root.join(&file.path),
            file.text.as_bytes(),
            existing,
            Some(&workspace.project),
        )?;
    }
    Ok(files.len())
}

fn overrides(common: &CommonArgs) -> Result<Overrides, String> {
    let mut overrides = Overrides::default();
    if let Some(path) = &common.map_file {
        let text = read_map_file(path)?;
        overrides
            .add_file(&text)
            .map_err(|e| format!("--map-file {}: {e}", path.display()))?;
    }
    for entry in &common.map {
        overrides.add(entry).map_err(|e| format!("--map {e}"))?;
    }
    Ok(overrides)
}

/// A mapping file is a few lines: anything larger is not one.
fn read_map_file(path: &Path) -> Result<String, String> {
    const MAX: u64 = 64 << 10;
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("--map-file {shown}: {e}"))?;
    if !meta.is_file() || meta.len() > MAX {
        return Err(format!(
            "--map-file {shown} is not a mapping file (a text file of at most 64 KiB)"
        ));
    }
    std::fs::read_to_string(path).map_err(|e| format!("--map-file {shown}: {e} (save it as UTF-8)"))
}

fn open(root: Option<&Path>) -> Result<Result<Session, ExitCode>, Error> {
    let workspace = Workspace::open(root)?;
    let files = match workspace.files(None, &Version::WorkTree, false) {
        Ok(files) => files,
        Err(Error::MissingRoot { path }) => {
            return refuse(
                &format!("there is no policy tree at {}", path.display()),
                "run `steward init` to set one up, or pass --root DIR to use another folder",
            )
            .map(Err);
        }
        Err(e) => return Err(e),
    };
    let loaded = loader::load(files.clone(), &workspace.prefix, &workspace.layout);
    if loaded.tree.org.is_none() {
        return refuse(
            &format!(
                "there is no {}org.toml, so owners and departments cannot be matched",
                workspace.prefix
            ),
            "create it first with your departments (then `steward import people` adds the people)",
        )
        .map(Err);
    }
    Ok(Ok(Session {
        workspace,
        files,
        loaded,
    }))
}

/// What linting the tree with the planned files says.
struct Checked {
    /// Errors in the planned files that make them invalid, tied to their rows.
    problems: Vec<Problem>,
    /// Governance findings in the planned files: what `steward lint` will say afterwards.
    later: Vec<Finding>,
    /// The changes `--update` makes, as steward's diff says them.
    changes: String,
}

/// Lints the tree with the planned files in memory.
fn check(session: &Session, plan: &Plan, today: jiff::civil::Date) -> Checked {
    let planned: BTreeMap<&str, &str> = plan
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.text.as_str()))
        .collect();
    if planned.is_empty() {
        return Checked {
            problems: Vec::new(),
            later: Vec::new(),
            changes: String::new(),
        };
    }
    let mut files: Vec<RawFile> = session
        .files
        .iter()
        .filter(|f| !planned.contains_key(f.path.as_str()))
        .cloned()
        .collect();
    files.extend(planned.iter().map(|(path, text)| RawFile {
        path: path.to_string(),
        content: Ok(text.to_string()),
    }));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let workspace = &session.workspace;
    let loaded = loader::load(files, &workspace.prefix, &workspace.layout);
    let (after, loaded) = lint_loaded(loaded, &workspace.config, today);
    // Findings the files already had are not the import's doing.
    let changed: Vec<&str> = plan
        .files
        .iter()
        .filter(|f| f.exists)
        .map(|f| f.path.as_str())
        .collect();
    let before: BTreeSet<(&str, String, String)> = if changed.is_empty() {
        BTreeSet::new()
    } else {
        let base = loader::load(session.files.clone(), &workspace.prefix, &workspace.layout);
        let (report, _) = lint_loaded(base, &workspace.config, today);
        report
            .findings
            .iter()
            .filter(|f| changed.contains(&f.subject.entity.as_str()))
            .map(|f| (f.code(), f.subject.entity.clone(), f.subject.field.clone()))
            .collect()
    };
    let mut problems = Vec::new();
    let mut later = Vec::new();
    for finding in after.findings {
        if !planned.contains_key(finding.subject.entity.as_str()) {
            continue;
        }
        let key = (
            finding.code(),
            finding.subject.entity.clone(),
            finding.subject.field.clone(),
        );
        if before.contains(&key) {
            continue;
        }
        let blocking = finding.severity == Severity::Error
            && BLOCKING.iter().any(|p| finding.code().starts_with(p));
        if blocking {
            problems.push(row_problem(plan, &finding));
        } else {
            later.push(finding);
        }
    }
    Checked {
        problems,
        later,
        changes: changes(session, plan, &loaded.tree),
    }
}

/// A finding in a planned file as a problem of the row it comes from.
fn row_problem(plan: &Plan, finding: &Finding) -> Problem {
    let row = plan
        .rows
        .iter()
        .filter(|r| r.path == finding.subject.entity)
        .filter(|r| {
            r.pointer.is_empty()
                || finding.subject.field == r.pointer
                || finding
                    .subject
                    .field
                    .starts_with(&format!("{}/", r.pointer))
        })
        .map(|r| r.row)
        .next();
    Problem {
        row,
        column: None,
        message: format!(
            "{} would not pass `steward lint`: {} [{}]",
            finding.subject.entity,
            finding.message,
            finding.code()
        ),
    }
}

/// The `--update` changes, field by field, as `steward diff` words them.
fn changes(session: &Session, plan: &Plan, after: &Tree) -> String {
    use crate::diff::{ChangeKind, Names, entity_change};
    let before = &session.loaded.tree;
    let names = Names::of_tree(after);
    let mut out = String::new();
    let mut paths: Vec<&str> = plan
        .files
        .iter()
        .filter(|f| f.exists)
        .map(|f| f.path.as_str())
        .collect();
    paths.sort_unstable();
    for path in paths {
        let (Some(old), Some(new)) = (entity_at(before, path), entity_at(after, path)) else {
            continue;
        };
        let change = entity_change(ChangeKind::Modified, new, Some(old));
        if change.fields.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str("\nChanges to what is already there:\n");
        }
        out.push_str(&format!(
            "  {}{}\n",
            session.workspace.prefix,
            one_line(path)
        ));
        for field in &change.fields {
            let sentence = crate::render::diff::field_sentence(field, &names);
            out.push_str(&format!("    - {}\n", one_line(&sentence)));
        }
    }
    out
}

fn entity_at<'a>(tree: &'a Tree, path: &str) -> Option<&'a Entity> {
    if let Some(org) = &tree.org
        && org.entity.path == path
    {
        return Some(&org.entity);
    }
    tree.tools
        .values()
        .map(|t| &t.entity)
        .chain(tree.budgets.values().map(|b| &b.entity))
        .find(|e| e.path == path)
}

/// The columns not imported, so that nothing is dropped without a word.
fn columns_note(plan: &Plan) -> String {
    let mut out = String::new();
    if !plan.unknown.is_empty() {
        let quoted: Vec<String> = plan
            .unknown
            .iter()
            .map(|c| format!("\"{}\"", one_line(c)))
            .collect();
        out.push_str(&format!(
            "Not imported, no field has this name: {} (map one with --map \"Column=field\").\n",
            quoted.join(", ")
        ));
    }
    for (column, why) in &plan.ignored {
        out.push_str(&format!(
            "Not imported: \"{}\": {}.\n",
            one_line(column),
            one_line(why)
        ));
    }
    out
}

/// One line a row: its number, what happens, the file and a few words.
fn rows_table(plan: &Plan, prefix: &str) -> String {
    let mut rows: Vec<&import::RowPlan> = plan.rows.iter().collect();
    rows.sort_by_key(|r| r.row);
    let lines: Vec<[String; 4]> = rows
        .iter()
        .map(|r| {
            let details: Vec<String> = r
                .details
                .iter()
                .map(|(k, v)| format!("{k} {}", one_line(v)))
                .collect();
            [
                r.row.to_string(),
                r.action.word().to_string(),
                format!("{} ({prefix}{})", one_line(&r.name), r.path),
                details.join(", "),
            ]
        })
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let headers = ["Row", "What", "Entry", "Details"];
    let mut widths = headers.map(|h| h.chars().count());
    for line in &lines {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut push = |cells: [&str; 4]| {
        let mut line = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i == 3 {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    };
    push(headers);
    for line in &lines {
        push([&line[0], &line[1], &line[2], &line[3]]);
    }
    out
}

/// `3 new, 1 updated, 36 already present.`
fn summary(plan: &Plan) -> String {
    let parts: Vec<String> = [
        (Action::Create, "new"),
        (Action::Update, "updated"),
        (Action::Present, "already present, left as they are"),
    ]
    .iter()
    .map(|(action, word)| (plan.count(*action), word))
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| format!("{n} {word}"))
    .collect();
    if parts.is_empty() {
        return "No rows to import.\n".to_string();
    }
    format!("\nRows: {}.\n", parts.join(", "))
}

/// The governance findings the new files will have, counted by rule.
fn governance_note(later: &[Finding]) -> String {
    if later.is_empty() {
        return String::new();
    }
    let mut by_rule: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for finding in later {
        let entry = by_rule
            .entry(finding.code())
            .or_insert((0, finding.rule.summary));
        entry.0 += 1 + finding.omitted;
    }
    let mut out = String::from(
        "Still to settle (steward lint will say so; the import does not guess these):\n",
    );
    for (code, (count, summary)) in by_rule {
        out.push_str(&format!("  {count} × {summary} [{code}]\n"));
    }
    out
}

/// The problems, one a line, at most [`MAX_LISTED`] of them: a file with thousands of bad
/// rows usually has one mistake, repeated.
fn listed(problems: &[Problem]) -> String {
    let mut out: String = problems
        .iter()
        .take(MAX_LISTED)
        .map(|p| format!("\n  - {}", one_line(&p.to_string())))
        .collect();
    if problems.len() > MAX_LISTED {
        out.push_str(&format!(
            "\n  ... and {} more (fix the ones above and import again to see the rest)",
            problems.len() - MAX_LISTED
        ));
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
