//! The command line: clap definitions and one small function per command. Each command loads
//! what it needs, calls the library, and renders; exit codes are decided here.

mod calendar;
mod changelog;
mod codeowners;
mod completions;
mod diff;
mod files;
mod import;
mod init;
mod lint;
mod new;
mod report;
mod review;
mod schema_export;
mod site;
mod workspace;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use jiff::civil::Date;

use crate::config::{self, Config};
use crate::error::Error;
use crate::rules;

const EXIT_CODES: &str = "\
Exit codes:
  0  no errors (warnings allowed)
  1  errors found
  2  steward could not run (bad arguments, missing tree, unreadable configuration)";

#[derive(Debug, Parser)]
#[command(
    name = "steward",
    version,
    about = "Policy-as-code for technology policies, budgets and tool registries kept as TOML in git.",
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check the policy tree: file layout, TOML syntax, schemas and governance rules.
    #[command(after_help = concat!(
        "Examples:\n  steward lint\n  steward lint --root policies --format json\n  steward lint --today 2026-12-31\n\n",
        "Exit codes:\n  0  no errors (warnings allowed)\n  1  errors found\n  2  steward could not run (bad arguments, missing tree, unreadable configuration)"
    ))]
    Lint(lint::LintArgs),
    /// Compare two versions of the tree: entities, fields, clauses word by word, budget
    /// totals, and the findings the change fixes or introduces.
    #[command(after_help = concat!(
        "Examples:\n  steward diff                  # HEAD against the working tree\n",
        "  steward diff HEAD~3           # three commits ago against the working tree\n",
        "  steward diff main...HEAD      # what this branch changed since it left main\n",
        "  steward diff v1 v2 --format markdown\n\n",
        "Exit codes:\n  0  the comparison was made\n  2  steward could not run (not a git repository, unknown revision, shallow clone)"
    ))]
    Diff(diff::DiffArgs),
    /// Write the changelog of policy revisions from git history, in plain words.
    #[command(after_help = concat!(
        "Examples:\n  steward changelog > CHANGELOG.md\n",
        "  steward changelog --from v1.0 --group-by month\n",
        "  steward changelog --repo-url https://github.com/ORG/REPO --output CHANGELOG.md\n",
        "  steward changelog --format json\n\n",
        "Exit codes:\n  0  the changelog was written\n  2  steward could not run (not a git repository, unknown revision)"
    ))]
    Changelog(changelog::ChangelogArgs),
    /// Prepare the review packet: what is overdue or due soon, who should attend, what changed
    /// since each item was last reviewed, and its open findings.
    #[command(after_help = concat!(
        "Examples:\n  steward review\n  steward review --within 60 --format markdown > packet.md\n\n",
        "Exit codes:\n  0  the packet was written\n  2  steward could not run"
    ))]
    Review(review::ReviewArgs),
    /// Every dated obligation in the tree (reviews due, contract notice deadlines, renewals
    /// and ends, exit-plan tests, waiver expiries) as a calendar to import, or to read.
    #[command(after_help = concat!(
        "Examples:\n  steward calendar\n  steward calendar --format ics --output steward.ics\n",
        "  steward calendar --from 2027-01-01 --to 2027-12-31 --format json\n\n",
        "Exit codes:\n  0  the calendar was written\n  2  steward could not run"
    ))]
    Calendar(calendar::CalendarArgs),
    /// List every rule with its code, default severity and summary.
    #[command(after_help = "Examples:\n  steward rules\n  steward rules --format markdown")]
    Rules {
        /// `text` for a terminal, `markdown` for the README's rule reference.
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Explain one rule: what it checks, why it matters, and an example with its fix.
    #[command(after_help = "Example:\n  steward explain tool/no-exit-plan")]
    Explain {
        /// A rule code, such as tool/no-exit-plan.
        code: String,
    },
    /// Set up a policy repository: steward.toml, a policy tree with one commented example of
    /// each kind, and a GitHub workflow. Never overwrites a file.
    #[command(after_help = concat!(
        "Examples:\n  steward init                  # in the current folder\n  steward init my-policies\n\n",
        "Exit codes:\n  0  the files were written\n  2  nothing was written (a file exists, or the folder cannot be written)"
    ))]
    Init(init::InitArgs),
    /// Add a tool, policy or budget from a commented template; asks for what is missing on a
    /// terminal. Never overwrites a file.
    #[command(after_help = concat!(
        "Examples:\n  steward new tool chat\n",
        "  steward new policy ai-use --title \"Using AI tools\" --owner operations\n",
        "  steward new budget operations --allocation 8000\n\n",
        "Exit codes:\n  0  the file was written\n  2  nothing was written (a missing or unknown value, or the file exists)"
    ))]
    New(new::NewArgs),
    /// Import tools, people or a budget's lines from a spreadsheet (CSV, XLSX, ODS): every
    /// row checked and the tree linted before anything is written.
    #[command(after_help = concat!(
        "Examples:\n  steward import tools licenses.csv --dry-run\n",
        "  steward import people staff.xlsx\n",
        "  steward import budget it.csv --department it --fiscal-year 2027\n\n",
        "Exit codes:\n  0  the files were written (or, with --dry-run, would be)\n  2  nothing was written (each problem is listed with its row and column)"
    ))]
    Import(import::ImportArgs),
    /// Tables for people and spreadsheets: budgets per department and category, the tool
    /// registry, and the hand-over checklist of each person.
    #[command(after_help = concat!(
        "Examples:\n  steward report budget\n  steward report tools --missing exit-plan\n  steward report people --person jane-doe\n",
        "  steward report tools --format csv > tools.csv\n\n",
        "Exit codes:\n  0  the report was written\n  2  steward could not run"
    ))]
    Report(report::ReportArgs),
    /// Write .github/CODEOWNERS from org.toml, so that GitHub asks the people who answer for
    /// a file to review changes to it; `--check` says whether the committed one still matches.
    #[command(after_help = concat!(
        "Examples:\n  steward codeowners\n  steward codeowners --check\n  steward codeowners --output -\n\n",
        "Exit codes:\n  0  the file was written, or (with --check) it is up to date\n  1  (with --check) the file is missing or no longer matches\n  2  steward could not run (no org.toml, a tree outside the repository, a file that cannot be written)"
    ))]
    Codeowners(codeowners::CodeownersArgs),
    /// Build the handbook a committee opens in a browser: a static site (overview, tools,
    /// policies, departments, budgets with charts, people, calendar, changes) from the tree
    /// and its git history.
    #[command(after_help = concat!(
        "Examples:\n  steward site --out site\n",
        "  steward site --out site --repo-url https://github.com/ORG/REPO --base-url https://ORG.github.io/REPO/\n",
        "  steward site --rev v1.0 --out site-v1 --today 2026-12-01\n\n",
        "Exit codes:\n  0  the site was written (even if the tree has lint errors)\n  2  steward could not run (the folder is not empty and not an earlier site, bad arguments)"
    ))]
    Site(site::SiteArgs),
    /// Print a shell completion script.
    #[command(after_help = concat!(
        "Examples:\n  steward completions bash > ~/.local/share/bash-completion/completions/steward\n",
        "  steward completions zsh > ~/.zfunc/_steward\n",
        "  steward completions fish > ~/.config/fish/completions/steward.fish\n",
        "  steward completions powershell >> $PROFILE"
    ))]
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff).
    #[command(after_help = concat!(
        "Examples:\n  steward man > steward.1 && man ./steward.1\n",
        "  steward man --output /usr/local/share/man/man1/steward.1"
    ))]
    Man(completions::ManArgs),
    /// JSON Schemas for editors: `steward schema export DIR`.
    #[command(after_help = "Example:\n  steward schema export editor-schemas")]
    Schema(schema_export::SchemaArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum RulesFormat {
    Text,
    Markdown,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Lint(args) => lint::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Changelog(args) => changelog::run(args),
        Command::Review(args) => review::run(args),
        Command::Calendar(args) => calendar::run(args),
        Command::Rules { format } => print_rules(format),
        Command::Explain { code } => explain(&code),
        Command::Init(args) => init::run(args),
        Command::New(args) => new::run(args),
        Command::Import(args) => import::run(args),
        Command::Report(args) => report::run(args),
        Command::Codeowners(args) => codeowners::run(args),
        Command::Site(args) => site::run(args),
        Command::Completions(args) => completions::completions(args),
        Command::Man(args) => completions::man(args),
        Command::Schema(args) => schema_export::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            print_error(&error);
            ExitCode::from(2)
        }
    }
}

/// `error: ...` and `  help: ...` on stderr. Errors quote user text (a revision name, a key of
/// steward.toml, a path), so both lines are shown [`one_line`]: nothing in them can clear the
/// screen, reorder the text or start a line of its own.
fn print_error(error: &Error) {
    use crate::render::visible::one_line;
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "error: {}", one_line(&error.to_string()));
    if let Some(hint) = error.hint() {
        let _ = writeln!(stderr, "  help: {}", one_line(&hint));
    }
}

fn print_rules(format: RulesFormat) -> Result<ExitCode, Error> {
    let text = match format {
        RulesFormat::Markdown => rules::markdown_reference(),
        RulesFormat::Text => {
            let width = rules::all().iter().map(|r| r.code.len()).max().unwrap_or(0);
            rules::all()
                .iter()
                .map(|r| {
                    format!(
                        "{:width$}  {:7}  {}\n",
                        r.code,
                        r.severity.as_str(),
                        r.summary
                    )
                })
                .collect()
        }
    };
    write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn explain(code: &str) -> Result<ExitCode, Error> {
    match rules::find(code) {
        Some(rule) => {
            write_stdout(&rules::explain(rule))?;
            Ok(ExitCode::SUCCESS)
        }
        None => Err(Error::UnknownRule {
            code: code.to_string(),
            suggestion: crate::suggest::did_you_mean(code, rules::all().iter().map(|r| r.code)),
        }),
    }
}

/// Writes to stdout; a closed pipe (`steward lint | head`) is not an error.
pub(crate) fn write_stdout(text: &str) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Output(e)),
        _ => Ok(()),
    }
}

/// Writes to FILE when given, else to stdout.
pub(crate) fn write_output(path: Option<&Path>, text: &str) -> Result<(), Error> {
    match path {
        Some(path) => files::write_file(path, text.as_bytes(), files::Existing::Replace, None),
        None => write_stdout(text),
    }
}

pub(crate) fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// The project directory: the nearest folder, from the current one upwards, that holds a
/// steward.toml or is the top of a git repository (or is a bare repository); else the current
/// folder. Paths in output are relative to it.
pub(crate) fn project_dir() -> Result<PathBuf, Error> {
    let cwd = std::env::current_dir()
        .map_err(|e| Error::Usage(format!("the current folder cannot be read: {e}")))?;
    Ok(cwd
        .ancestors()
        .find(|dir| {
            dir.join(config::FILE_NAME).is_file()
                || dir.join(".git").exists()
                || (dir.join("HEAD").is_file() && dir.join("objects").is_dir())
        })
        .unwrap_or(&cwd)
        .to_path_buf())
}

/// Where the tree is: `--root` (relative to the current folder), else steward.toml's `root`
/// (relative to the project), else `policies/`. Returns the folder and the prefix that shows
/// paths under it relative to the project directory.
///
/// The flag is the user's own choice and is trusted; `root` in steward.toml arrives with pull
/// requests, so it must stay inside the project (see [`config::confined`]).
pub(crate) fn resolve_root(
    project: &Path,
    config: &Config,
    flag: Option<&Path>,
) -> Result<(PathBuf, String), Error> {
    let root = match flag {
        Some(path) => config::normalize(
            &std::env::current_dir()
                .map(|cwd| cwd.join(path))
                .unwrap_or_else(|_| path.to_path_buf()),
        ),
        None => config::confined(
            project,
            config
                .root
                .as_deref()
                .unwrap_or(Path::new(config::DEFAULT_ROOT)),
            "root",
        )?,
    };
    let prefix = match root.strip_prefix(project) {
        Ok(relative) if relative.as_os_str().is_empty() => String::new(),
        Ok(relative) => format!("{}/", slashes(relative)),
        Err(_) => format!("{}/", slashes(&root)),
    };
    Ok((root, prefix))
}

fn slashes(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// `--today`, else the local date.
pub(crate) fn today(flag: Option<&str>) -> Result<Date, Error> {
    match flag {
        Some(text) => text.parse().map_err(|_| {
            Error::Usage(format!(
                "--today must be a date like 2026-03-31; got \"{text}\""
            ))
        }),
        None => Ok(jiff::ZonedDateTime::now().date()),
    }
}
