//! The flags of `steward import` (clap, no I/O), and turning the ones that need it into the
//! values the library takes: an amount, the column overrides of `--map` and `--map-file`.
//! Apart so that what a user types is read in one place, before any file is.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use rust_decimal::Decimal;

use crate::import;
use crate::import::columns::Overrides;
use crate::import::table;
use crate::import::values::Formats;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum OrderArg {
    /// Day first: 03/04/2026 is 3 April.
    Dmy,
    /// Month first: 03/04/2026 is 4 March.
    Mdy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum PeriodArg {
    Month,
    Year,
    OneTime,
}

#[derive(Debug, Args)]
pub(super) struct CommonArgs {
    /// The spreadsheet: CSV (any delimiter), XLSX or ODS.
    #[arg(value_name = "FILE")]
    pub(super) file: PathBuf,
    /// Show what would be created or changed, and write nothing.
    #[arg(long)]
    pub(super) dry_run: bool,
    /// Which field a column fills: "Column=field" (repeat); "Column=" leaves it out.
    #[arg(long, value_name = "COLUMN=FIELD")]
    pub(super) map: Vec<String>,
    /// A file of "Column=field" lines (# starts a comment); --map wins over it.
    #[arg(long, value_name = "FILE")]
    pub(super) map_file: Option<PathBuf>,
    /// How to read dates such as 03/04/2026 (without it, a date that could be either is an
    /// error at its cell).
    #[arg(long, value_enum)]
    pub(super) date_order: Option<OrderArg>,
    /// Amounts are written with a decimal comma: 1.200,50.
    #[arg(long)]
    pub(super) decimal_comma: bool,
    /// The sheet of a workbook to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub(super) sheet: Option<String>,
    /// The encoding of a CSV file that is not UTF-8, e.g. windows-1252.
    #[arg(long, value_name = "NAME")]
    pub(super) encoding: Option<String>,
    /// Change the fields of entries that already exist where the file differs (else they
    /// are left alone), after showing the change.
    #[arg(long)]
    pub(super) update: bool,
    /// Write the valid rows and leave out the invalid ones (each is still listed).
    #[arg(long)]
    pub(super) skip_invalid: bool,
    /// The policy tree's folder (default: `root` in steward.toml, else `policies`).
    #[arg(long, value_name = "DIR")]
    pub(super) root: Option<PathBuf>,
    /// Today's date, as YYYY-MM-DD (default: today): last_reviewed of new tools, and the day
    /// "has left" is judged on.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(super) today: Option<String>,
}

#[derive(Debug, Args)]
pub(super) struct ToolsArgs {
    #[command(flatten)]
    pub(super) common: CommonArgs,
    /// How often the amounts of a Cost column are paid, when the file has no Period column.
    #[arg(long, value_enum)]
    pub(super) period: Option<PeriodArg>,
    /// The department of rows that name none (a department id or name).
    #[arg(long, value_name = "DEPARTMENT")]
    pub(super) department: Option<String>,
}

#[derive(Debug, Args)]
pub(super) struct PeopleArgs {
    #[command(flatten)]
    pub(super) common: CommonArgs,
    /// The department of rows that name none (a department id or name).
    #[arg(long, value_name = "DEPARTMENT")]
    pub(super) department: Option<String>,
}

#[derive(Debug, Args)]
pub(super) struct BudgetArgs {
    #[command(flatten)]
    pub(super) common: CommonArgs,
    /// The department whose budget the lines are (an id or name in org.toml).
    #[arg(long, value_name = "DEPARTMENT")]
    pub(super) department: String,
    /// The fiscal year (the folder under budgets/), e.g. 2027.
    #[arg(long, value_name = "YEAR")]
    pub(super) fiscal_year: String,
    /// The budget's allocation (default for a new budget: the sum of its lines).
    #[arg(long, value_name = "AMOUNT")]
    pub(super) allocation: Option<String>,
    /// The budget's currency, when neither the amounts nor the tree say it.
    #[arg(long, value_name = "CODE")]
    pub(super) currency: Option<String>,
}

pub(super) fn parse_amount(text: &str) -> Result<Decimal, String> {
    let cell = table::Cell::Text(text.to_string());
    let formats = Formats {
        date_order: None,
        decimal_comma: false,
    };
    import::values::money(&cell, formats)
        .map(|(amount, _)| amount)
        .map_err(|e| format!("--allocation {e}"))
}

pub(super) fn overrides(common: &CommonArgs) -> Result<Overrides, String> {
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
