//! steward: policy-as-code for organizations that keep their technology policies, budgets
//! and tool registry as TOML files in git.
//!
//! Data flows one way: a [`source`] lists the tree's files; the [`loader`] parses them
//! ([`document`], with spans) and validates them ([`schema`]) into a typed [`model`]; the
//! [`rules`] judge the model and produce [`finding`]s; [`render`] prints them. [`lint`] ties
//! those together; [`cli`] is the command line.

pub mod calendar;
pub mod checks;
pub mod cli;
pub mod codeowners;
pub mod config;
pub mod decision;
pub mod diff;
pub mod document;
pub mod error;
pub mod finding;
pub mod history;
pub mod import;
pub mod layout;
pub mod lint;
pub mod loader;
pub mod model;
pub mod money;
pub mod render;
pub mod report;
pub mod rule;
pub mod rules;
pub mod scaffold;
pub mod schema;
pub mod site;
pub mod source;
pub mod suggest;
pub mod words;
