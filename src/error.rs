//! Operational failures: steward could not run at all (exit code 2). Problems *in* the policy
//! tree are findings, never errors.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The policy tree's root folder does not exist.
    #[error("the policy tree {path} does not exist")]
    MissingRoot { path: PathBuf },

    /// The root exists but is not a folder, or cannot be listed.
    #[error("the policy tree {path} cannot be read: {message}")]
    UnreadableRoot { path: PathBuf, message: String },

    /// `steward.toml` is unreadable or invalid.
    #[error("{path} is not a valid steward configuration: {message}")]
    Config { path: PathBuf, message: String },

    /// A command-line value is invalid (a date, a path...).
    #[error("{0}")]
    Usage(String),

    /// Writing output failed.
    #[error("could not write output: {0}")]
    Output(#[from] std::io::Error),
}

impl Error {
    /// A sentence telling the user what to do next.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::MissingRoot { .. } => Some(
                "run steward from your policy repository, pass --root DIR, or set root = \"...\" in steward.toml"
                    .to_string(),
            ),
            Error::UnreadableRoot { .. } => Some("check the folder's permissions".to_string()),
            Error::Config { .. } => Some(
                "fix the file (see the configuration section of the README), or move it away to use the defaults"
                    .to_string(),
            ),
            Error::Usage(_) => Some("see `steward --help`".to_string()),
            Error::Output(_) => None,
        }
    }
}
