//! `steward.toml`: the project's settings. Every key is optional.
//!
//! ```toml
//! root = "policies"                 # where the policy tree lives
//! required_approvers = ["it"]       # departments every active policy needs
//! tool_review_months = 12           # how often tools are reviewed
//! policy_review_months = 12         # default when a policy has no review_every_months
//! accessibility_review_months = 12  # how often a public tool's accessibility report is checked
//! renewal_notice_window_days = 60   # how early tool/renewal-notice warns of a notice deadline
//! seat_use_threshold = 80           # tool/unused-seats below this share of seats assigned (%)
//! max_file_bytes = 1048576          # files larger than this are not read
//!
//! [rules]
//! "tool/no-backup-owner" = "off"    # error | warning | off
//!
//! [kinds.team]                      # more kinds: schema lint, diff and changelog
//! path = "teams/*.toml"
//! schema = "schemas/team.schema.json" # optional: without it, TOML syntax only
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;
use crate::rule::Severity;

pub const FILE_NAME: &str = "steward.toml";
pub const DEFAULT_ROOT: &str = "policies";
pub const DEFAULT_MAX_FILE_BYTES: u64 = 1024 * 1024;
/// The most `max_file_bytes` may be. steward.toml arrives with pull requests, and git
/// compresses well (a 1 MB pack can hold a 600 MB blob), so the limit itself needs a limit.
pub const MAX_FILE_BYTES_CEILING: u64 = 16 * 1024 * 1024;
/// The longest review interval steward.toml may set, in months (ten years).
pub const MAX_REVIEW_MONTHS: u32 = 120;
/// The earliest `renewal_notice_window_days` may warn of a notice deadline (ten years, the
/// longest notice a contract may need).
pub const MAX_RENEWAL_NOTICE_WINDOW_DAYS: u32 = 3650;
/// steward.toml itself is read only up to this size.
pub const MAX_CONFIG_BYTES: u64 = 256 * 1024;

/// A severity setting for one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Off,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Off => None,
        }
    }
}

/// `[kinds.<name>]`: a kind of entity the organization adds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindConfig {
    /// A glob relative to the tree root: `teams/*.toml`, `repos/**/*.toml`.
    pub path: String,
    /// The kind's JSON Schema, relative to the project directory. Without one, the kind's
    /// files are checked for TOML syntax only, and still get diff and changelog.
    pub schema: Option<PathBuf>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub root: Option<PathBuf>,
    pub required_approvers: Vec<String>,
    pub tool_review_months: u32,
    pub policy_review_months: u32,
    /// `tool/no-accessibility-report`: how long a public-facing tool's accessibility report
    /// stays trusted after it was checked.
    pub accessibility_review_months: u32,
    /// `tool/renewal-notice` warns when a notice deadline is at most this many days away.
    pub renewal_notice_window_days: u32,
    /// `tool/unused-seats` reports contracts with fewer than this percentage of their seats
    /// assigned.
    pub seat_use_threshold: u32,
    pub max_file_bytes: u64,
    pub rules: BTreeMap<String, Level>,
    pub kinds: BTreeMap<String, KindConfig>,
    /// The config file's path and text, kept so that findings about it can point into it.
    #[serde(skip)]
    pub file: Option<(String, String)>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            root: None,
            required_approvers: Vec::new(),
            tool_review_months: 12,
            policy_review_months: 12,
            accessibility_review_months: 12,
            renewal_notice_window_days: 60,
            seat_use_threshold: 80,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            rules: BTreeMap::new(),
            kinds: BTreeMap::new(),
            file: None,
        }
    }
}

/// `path` from steward.toml, joined to the project folder, provided it stays inside it.
///
/// steward.toml arrives with pull requests like every other file, so a path in it must not
/// reach outside the repository (`/proc/self`, `../../home`): steward would read, and quote
/// in its diagnostics, files that are not the policy tree's. Symbolic links are resolved
/// before the check, so a link cannot smuggle the path out either.
pub(crate) fn confined(project_dir: &Path, path: &Path, field: &str) -> Result<PathBuf, Error> {
    let refuse = |how: &str| Error::Config {
        path: project_dir.join(FILE_NAME),
        message: format!(
            "{field} = \"{}\" {how} outside the repository; it must name a folder or file inside it, relative to steward.toml (to lint a folder elsewhere, pass --root on the command line)",
            path.display()
        ),
    };
    if path.has_root() {
        return Err(refuse("points"));
    }
    let project = normalize(project_dir);
    let joined = normalize(&project.join(path));
    if !joined.starts_with(&project) {
        return Err(refuse("points"));
    }
    let in_git = |path: &Path, top: &Path| {
        path.strip_prefix(top)
            .is_ok_and(|relative| relative.components().any(|c| c.as_os_str() == ".git"))
    };
    let refuse_git = || Error::Config {
        path: project_dir.join(FILE_NAME),
        message: format!(
            "{field} = \"{}\" is inside git's own folder (.git), which holds the repository's internals and credentials, not policy files",
            path.display()
        ),
    };
    if in_git(&joined, &project) {
        return Err(refuse_git());
    }
    // A path that does not exist yet is reported later, by whoever needs it.
    if let (Ok(real), Ok(real_project)) = (joined.canonicalize(), project.canonicalize()) {
        if !real.starts_with(&real_project) {
            return Err(refuse("leads, through a symbolic link,"));
        }
        if in_git(&real, &real_project) {
            return Err(refuse_git());
        }
    }
    Ok(joined)
}

/// Removes `.` and resolves `..` lexically, so that prefixes read well.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The JSON Schema of a declared kind, read from inside the project.
fn read_kind_schema(
    project_dir: &Path,
    name: &str,
    schema: &Path,
) -> Result<std::sync::Arc<crate::document::SourceFile>, Error> {
    let path = confined(project_dir, schema, &format!("kinds.{name}.schema"))?;
    let text = std::fs::read_to_string(&path).map_err(|e| Error::Config {
        path: project_dir.join(FILE_NAME),
        message: format!(
            "the schema of kind {name}, {}, cannot be read: {e}",
            path.display()
        ),
    })?;
    let display = schema.to_string_lossy().replace('\\', "/");
    Ok(std::sync::Arc::new(crate::document::SourceFile::new(
        display, &text,
    )))
}

impl Config {
    /// The tree's layout: the built-in folders plus the declared kinds, whose schemas are
    /// read from `project_dir`.
    pub fn layout(&self, project_dir: &Path) -> Result<crate::layout::Layout, Error> {
        let mut custom = Vec::new();
        for (name, kind) in &self.kinds {
            let source = match &kind.schema {
                Some(schema) => Some(read_kind_schema(project_dir, name, schema)?),
                None => None,
            };
            custom.push(
                crate::layout::CustomKind::new(name, &kind.path, source).map_err(|message| {
                    Error::Config {
                        path: project_dir.join(FILE_NAME),
                        message,
                    }
                })?,
            );
        }
        Ok(crate::layout::Layout { custom })
    }

    /// Reads `steward.toml` in `project_dir`, or the defaults when there is none.
    ///
    /// The file arrives with pull requests like the tree's files and is read like them: a
    /// regular file inside the repository (a link may point to one), at most
    /// [`MAX_CONFIG_BYTES`], never a device or a pipe (`/dev/zero` would be read forever).
    pub fn load(project_dir: &Path) -> Result<Config, Error> {
        let path = project_dir.join(FILE_NAME);
        let refuse = |message: String| Error::Config {
            path: path.clone(),
            message,
        };
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(refuse(format!("it could not be read: {e}"))),
        };
        if meta.file_type().is_symlink() {
            let inside = match (path.canonicalize(), project_dir.canonicalize()) {
                (Ok(target), Ok(project)) => target.starts_with(project),
                _ => false,
            };
            if !inside {
                return Err(refuse(
                    "it is a symbolic link that leads outside the repository (or nowhere); steward reads its configuration only from inside the repository".to_string(),
                ));
            }
        }
        if !std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            return Err(refuse(
                "it is not a regular file (a folder, pipe, socket or device), so it was not read"
                    .to_string(),
            ));
        }
        let text = crate::source::read_limited(&path, MAX_CONFIG_BYTES).map_err(|problem| {
            use crate::source::FileProblem;
            refuse(match problem {
                FileProblem::TooLarge { .. } => format!(
                    "it is larger than {} KiB; a configuration file is a few lines",
                    MAX_CONFIG_BYTES >> 10
                ),
                FileProblem::NotUtf8 { .. } => "it is not UTF-8 text".to_string(),
                FileProblem::Unreadable { message } => format!("it could not be read: {message}"),
                FileProblem::SymlinkOutside { .. } => {
                    "it is a symbolic link that leads outside the repository".to_string()
                }
                FileProblem::NameNotUtf8 { .. } | FileProblem::Submodule => {
                    "it could not be read".to_string()
                }
            })
        })?;
        let mut config = Config::parse(&text).map_err(&refuse)?;
        config.file = Some((FILE_NAME.to_string(), text));
        Ok(config)
    }

    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let message = e.message().trim().to_string();
            match e.span() {
                Some(span) => {
                    let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                    format!("line {line}: {message}")
                }
                None => message,
            }
        })?;
        for (key, months) in [
            ("tool_review_months", config.tool_review_months),
            ("policy_review_months", config.policy_review_months),
            (
                "accessibility_review_months",
                config.accessibility_review_months,
            ),
        ] {
            if !(1..=MAX_REVIEW_MONTHS).contains(&months) {
                return Err(format!(
                    "{key} = {months}: a review interval is from 1 to {MAX_REVIEW_MONTHS} months"
                ));
            }
        }
        if config.renewal_notice_window_days > MAX_RENEWAL_NOTICE_WINDOW_DAYS {
            return Err(format!(
                "renewal_notice_window_days = {}: the window is from 0 to {MAX_RENEWAL_NOTICE_WINDOW_DAYS} days (ten years)",
                config.renewal_notice_window_days
            ));
        }
        if config.seat_use_threshold > 100 {
            return Err(format!(
                "seat_use_threshold = {}: the threshold is a percentage of the seats paid for, from 0 to 100",
                config.seat_use_threshold
            ));
        }
        if !(1..=MAX_FILE_BYTES_CEILING).contains(&config.max_file_bytes) {
            return Err(format!(
                "max_file_bytes = {}: the limit is from 1 byte to {MAX_FILE_BYTES_CEILING} ({} MiB); policy files are small, and a larger limit would let one file use a runner's memory",
                config.max_file_bytes,
                MAX_FILE_BYTES_CEILING >> 20
            ));
        }
        for name in config.kinds.keys() {
            let builtin = ["org", "tool", "policy", "budget"].contains(&name.as_str());
            if builtin || !crate::layout::is_valid_id(name) {
                return Err(format!(
                    "[kinds.{name}]: a declared kind needs its own name (lowercase letters, digits, dashes; not org, tool, policy or budget)"
                ));
            }
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_when_empty() {
        let config = Config::parse("").unwrap();
        assert_eq!(config.tool_review_months, 12);
        assert!(config.rules.is_empty());
    }

    #[test]
    fn unknown_keys_are_refused_with_a_line() {
        let err = Config::parse("root = \"p\"\nrooot = 1\n").unwrap_err();
        assert!(err.starts_with("line 2:"), "{err}");
    }

    #[test]
    fn contract_settings_are_bounded() {
        let config = Config::parse("").unwrap();
        assert_eq!(
            (config.renewal_notice_window_days, config.seat_use_threshold),
            (60, 80)
        );
        let config =
            Config::parse("renewal_notice_window_days = 0\nseat_use_threshold = 100\n").unwrap();
        assert_eq!(
            (config.renewal_notice_window_days, config.seat_use_threshold),
            (0, 100)
        );
        for (text, key) in [
            (
                "renewal_notice_window_days = 3651",
                "renewal_notice_window_days = 3651:",
            ),
            ("seat_use_threshold = 101", "seat_use_threshold = 101:"),
        ] {
            let err = Config::parse(text).unwrap_err();
            assert!(err.starts_with(key), "{err}");
        }
        // Negative or huge numbers do not fit the type: refused with the line.
        for text in [
            "renewal_notice_window_days = -1",
            "seat_use_threshold = 99999999999999",
        ] {
            let err = Config::parse(text).unwrap_err();
            assert!(err.starts_with("line 1:"), "{err}");
        }
    }

    #[test]
    fn accessibility_review_months_is_bounded_like_the_other_intervals() {
        assert_eq!(Config::parse("").unwrap().accessibility_review_months, 12);
        for months in [1, 120] {
            let text = format!("accessibility_review_months = {months}");
            assert_eq!(
                Config::parse(&text).unwrap().accessibility_review_months,
                months
            );
        }
        for months in [0, 121] {
            let err =
                Config::parse(&format!("accessibility_review_months = {months}")).unwrap_err();
            assert_eq!(
                err,
                format!(
                    "accessibility_review_months = {months}: a review interval is from 1 to 120 months"
                )
            );
        }
    }

    #[test]
    fn levels_parse() {
        let config = Config::parse("[rules]\n\"tool/no-owner\" = \"off\"\n").unwrap();
        assert_eq!(config.rules["tool/no-owner"], Level::Off);
    }
}
