//! `steward schema export DIR`: the effective JSON Schemas (built-in, with the tree's own
//! overrides and declared kinds) as files, for editors that complete and check TOML while
//! people type (taplo, Even Better TOML).

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde_json::Value;

use super::init::refuse;
use super::workspace::{Version, Workspace};
use super::write_stdout;
use crate::error::Error;
use crate::loader;
use crate::schema::Schemas;

#[derive(Debug, Args)]
pub struct SchemaArgs {
    #[command(subcommand)]
    command: SchemaCommand,
}

#[derive(Debug, Subcommand)]
enum SchemaCommand {
    /// Write the schemas steward checks the tree with (built-in plus the tree's overrides)
    /// into DIR, with a README.txt on how editors use them.
    #[command(after_help = concat!(
        "Examples:\n  steward schema export editor-schemas\n  steward schema export editor-schemas --force   # refresh after changing schemas/\n\n",
        "Then, in a TOML file, a first line such as\n  #:schema ../../editor-schemas/tool.schema.json\n",
        "or, once for the repository, a .taplo.toml rule (see DIR/README.txt).\n\n",
        "Exit codes:\n  0  the schemas were written\n  2  nothing was written (files exist without --force, or DIR cannot be written)"
    ))]
    Export(ExportArgs),
}

#[derive(Debug, Args)]
struct ExportArgs {
    /// The folder to write into; created when it does not exist.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Replace files that already exist in DIR.
    #[arg(long)]
    force: bool,
    /// The policy tree's folder (default: `root` in steward.toml, else `policies`).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
}

pub fn run(args: SchemaArgs) -> Result<ExitCode, Error> {
    match args.command {
        SchemaCommand::Export(args) => export(args),
    }
}

fn export(args: ExportArgs) -> Result<ExitCode, Error> {
    let workspace = Workspace::open(args.root.as_deref())?;
    let mut notes = Vec::new();
    let schemas = match workspace.files(None, &Version::WorkTree, false) {
        Ok(files) => {
            let loaded = loader::load(files, &workspace.prefix, &workspace.layout);
            let broken = loaded
                .findings
                .iter()
                .filter(|f| f.code() == "schema/bad-schema")
                .count();
            if broken > 0 {
                notes.push(format!(
                    "note: {broken} schema problem{} in the tree; the kinds concerned are checked with the built-in schema. Run `steward lint` to see them.",
                    if broken == 1 { "" } else { "s" }
                ));
            }
            loaded.schemas
        }
        Err(Error::MissingRoot { path }) => {
            notes.push(format!(
                "note: there is no policy tree at {}, so these are the built-in schemas",
                path.display()
            ));
            Schemas::builtin()
        }
        Err(e) => return Err(e),
    };
    let files = files_to_write(&schemas);
    for (name, _) in &files {
        if !is_safe_name(name) {
            return refuse(
                &format!(
                    "the schema name \"{name}\" would be written outside {}",
                    args.dir.display()
                ),
                "rename the schema file in the tree's schemas/ folder",
            );
        }
    }
    if args.dir.exists() && !args.dir.is_dir() {
        return refuse(
            &format!("{} is a file, not a folder", args.dir.display()),
            "name a folder: `steward schema export editor-schemas`",
        );
    }
    if !args.force {
        let existing: Vec<String> = files
            .iter()
            .filter(|(name, _)| std::fs::symlink_metadata(args.dir.join(name)).is_ok())
            .map(|(name, _)| format!("\n  {}", args.dir.join(name).display()))
            .collect();
        if !existing.is_empty() {
            return refuse(
                &format!(
                    "nothing was written because these files exist:{}",
                    existing.concat()
                ),
                &format!(
                    "run `steward schema export {} --force` to replace them, or choose another folder",
                    super::init::shell_word(&args.dir.display().to_string())
                ),
            );
        }
    }
    for (name, text) in &files {
        super::files::write_file(
            &args.dir.join(name),
            text.as_bytes(),
            super::files::Existing::Replace,
            Some(&args.dir),
        )?;
    }
    let mut stderr = std::io::stderr().lock();
    for note in &notes {
        let _ = writeln!(stderr, "{note}");
    }
    drop(stderr);
    let list: String = files
        .iter()
        .map(|(name, _)| format!("  {}\n", args.dir.join(name).display()))
        .collect();
    write_stdout(&format!(
        "Wrote {} files:\n{list}See {} for how editors use them.\n",
        files.len(),
        args.dir.join("README.txt").display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// File name and text of every file to write: the effective schemas, the built-in ones under
/// `builtin/` when an override refers to them, and README.txt.
fn files_to_write(schemas: &Schemas) -> Vec<(String, String)> {
    let pretty = |value: &Value| {
        let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
        text.push('\n');
        text
    };
    let mut files: Vec<(String, String)> = schemas
        .effective()
        .iter()
        .map(|(name, value)| (name.clone(), pretty(value)))
        .collect();
    if files.iter().any(|(_, text)| text.contains("builtin/")) {
        for (name, text) in crate::schema::BUILTIN {
            if let Ok(value) = serde_json::from_str::<Value>(text) {
                files.push((format!("builtin/{name}"), pretty(&value)));
            }
        }
    }
    files.push(("README.txt".to_string(), readme(&files)));
    files
}

/// No absolute paths and no `..`: every file lands inside DIR.
fn is_safe_name(name: &str) -> bool {
    Path::new(name)
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
}

fn readme(files: &[(String, String)]) -> String {
    let kinds: String = files
        .iter()
        .filter(|(name, _)| !name.starts_with("builtin/") && name != "common.schema.json")
        .map(|(name, _)| format!("  {name}\n"))
        .collect();
    format!(
        "\
These are the JSON Schemas that `steward lint` checks the policy tree with: the built-in
schemas, with this tree's own overrides (its schemas/ folder) applied. An editor that knows
JSON Schema for TOML uses them to complete field names, show what each field means, and
underline mistakes while you type.

One schema per kind of file:
{kinds}(common.schema.json holds definitions the others share; keep it next to them.)

Even Better TOML (VS Code) and other editors built on taplo:

  Either name the schema on the first line of a TOML file, with a path relative to that file.
  For policies/tools/canva.toml and this folder at the top of the repository:

      #:schema ../../editor-schemas/tool.schema.json

  or map files to schemas once for the whole repository, in a .taplo.toml file at its top
  (paths there are relative to .taplo.toml):

      [[rule]]
      include = [\"policies/tools/*.toml\"]
      [rule.schema]
      path = \"editor-schemas/tool.schema.json\"

      [[rule]]
      include = [\"policies/technology/*.toml\"]
      [rule.schema]
      path = \"editor-schemas/policy.schema.json\"

      [[rule]]
      include = [\"policies/budgets/*/*.toml\"]
      [rule.schema]
      path = \"editor-schemas/budget.schema.json\"

      [[rule]]
      include = [\"policies/org.toml\"]
      [rule.schema]
      path = \"editor-schemas/org.schema.json\"

  (Replace editor-schemas and policies with the folders you use.)

Editors check shape: field names, types, choices, dates. Only `steward lint` checks the
rules that need the whole tree (owners who have left, budget lines that do not exist...).

After changing the tree's schemas/ folder, refresh these files:

    steward schema export DIR --force
"
    )
}
