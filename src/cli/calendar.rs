//! `steward calendar`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use jiff::civil::Date;

use super::workspace::{Version, Workspace};
use super::{today, write_output};
use crate::calendar::{between, events};
use crate::error::Error;
use crate::loader;
use crate::render::calendar::{CalendarView, ics, json, markdown};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CalendarFormat {
    /// iCalendar (RFC 5545), to import into Outlook, Google Calendar or Apple Calendar.
    Ics,
    /// Markdown, month by month, for people.
    Markdown,
    /// One JSON document (see the README for its fields).
    Json,
}

#[derive(Debug, Args)]
pub struct CalendarArgs {
    #[arg(long, value_enum, default_value_t = CalendarFormat::Markdown)]
    format: CalendarFormat,
    /// Only dates on or after this day, as YYYY-MM-DD (default: every date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: Option<String>,
    /// Only dates on or before this day, as YYYY-MM-DD (default: every date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: Option<String>,
    /// The date the calendar is made on (default: today), as YYYY-MM-DD: renewals that have
    /// happened move on to the next one, and what was never done is due on it.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// The policy tree's folder (default: `root` in steward.toml, else `policies`).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: CalendarArgs) -> Result<ExitCode, Error> {
    let today = today(args.today.as_deref())?;
    let from = date_flag("--from", args.from.as_deref())?;
    let to = date_flag("--to", args.to.as_deref())?;
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(Error::Usage(format!(
            "--from {from} is after --to {to}: the calendar would be empty"
        )));
    }
    let workspace = Workspace::open(args.root.as_deref())?;
    // The calendar reads what parses; `steward lint` says what is wrong with the rest.
    let files = workspace.files(None, &Version::WorkTree, false)?;
    let loaded = loader::load(files, &workspace.prefix, &workspace.layout);
    let tree = &loaded.tree;
    let events = between(events(tree, &workspace.config, today), from, to);
    let view = CalendarView {
        events: &events,
        today,
        from,
        to,
        organization: tree.org.as_ref().and_then(|o| o.entity.doc.str("/name")),
    };
    let text = match args.format {
        CalendarFormat::Ics => ics(&view),
        CalendarFormat::Markdown => markdown(&view),
        CalendarFormat::Json => json(&view),
    };
    write_output(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

fn date_flag(flag: &str, text: Option<&str>) -> Result<Option<Date>, Error> {
    text.map(|text| {
        text.parse().map_err(|_| {
            Error::Usage(format!(
                "{flag} must be a date like 2026-03-31; got \"{text}\""
            ))
        })
    })
    .transpose()
}
