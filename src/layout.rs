//! The layout of a policy tree: which path holds which kind of entity.
//!
//! ```text
//! org.toml                                  departments and people
//! technology/<id>.toml                      written technology policies
//! tools/<id>.toml                           the approved-tool registry, one tool a file
//! budgets/<fiscal-year>/<department>.toml   a department's budget line items
//! schemas/*.json                            the organization's own schema overrides
//! ```
//!
//! `steward.toml` may declare more kinds (`[kinds.team] path = "teams/*.toml"`): their files
//! get schema validation (when the kind names a schema; TOML syntax only otherwise), diff and
//! changelog, but no governance rules.

use std::fmt;
use std::sync::Arc;

use crate::document::SourceFile;

/// The kinds of entity: four built in, plus those declared in steward.toml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Org,
    Tool,
    Policy,
    Budget,
    /// A kind declared under `[kinds.<name>]`. The name lives as long as the process (a few
    /// bytes per declared kind), which keeps `Kind` a small `Copy` key.
    Custom(&'static str),
}

impl serde::Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Org, Kind::Tool, Kind::Policy, Kind::Budget];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Org => "org",
            Kind::Tool => "tool",
            Kind::Policy => "policy",
            Kind::Budget => "budget",
            Kind::Custom(name) => name,
        }
    }

    /// The schema file that describes this kind (custom kinds' schemas are registered under
    /// `kinds/`).
    pub fn schema_file(self) -> String {
        match self {
            Kind::Org => "org.schema.json".to_string(),
            Kind::Tool => "tool.schema.json".to_string(),
            Kind::Policy => "policy.schema.json".to_string(),
            Kind::Budget => "budget.schema.json".to_string(),
            Kind::Custom(name) => format!("kinds/{name}.schema.json"),
        }
    }

    pub fn is_builtin(self) -> bool {
        !matches!(self, Kind::Custom(_))
    }

    /// How people call one entity of this kind in messages.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Org => "the organization file",
            Kind::Tool => "a tool",
            Kind::Policy => "a policy",
            Kind::Budget => "a budget",
            Kind::Custom(_) => "an entry",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a path in the tree is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// A TOML file defining one entity. For budgets, `fiscal_year` is the folder name and
    /// `id` the department; for the org file, `id` is `org`.
    Entity {
        kind: Kind,
        id: String,
        fiscal_year: Option<String>,
    },
    /// A JSON Schema under `schemas/`.
    Schema,
    /// Plain documentation (README.md, notes): allowed, not checked.
    Documentation,
    /// Anything else; `hint` says where such a file probably belongs.
    Unrecognized { hint: String },
}

/// A kind declared in steward.toml.
#[derive(Debug, Clone)]
pub struct CustomKind {
    pub kind: Kind,
    /// The glob as written, relative to the tree root (`teams/*.toml`).
    pub pattern: String,
    matcher: globset::GlobMatcher,
    /// The kind's JSON Schema (read from the project directory); `None` when the kind
    /// declares none, and its files are checked for TOML syntax only.
    pub schema: Option<Arc<SourceFile>>,
}

impl CustomKind {
    pub fn new(
        name: &str,
        pattern: &str,
        schema: Option<Arc<SourceFile>>,
    ) -> Result<CustomKind, String> {
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| {
                format!("the path pattern \"{pattern}\" of kind {name} is not valid: {e}")
            })?;
        Ok(CustomKind {
            kind: Kind::Custom(Box::leak(name.to_string().into_boxed_str())),
            pattern: pattern.to_string(),
            matcher: glob.compile_matcher(),
            schema,
        })
    }
}

/// The layout of a tree: the built-in folders plus any declared kinds.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub custom: Vec<CustomKind>,
}

impl Layout {
    /// Classifies a path relative to the tree root: documentation first, then the built-in
    /// layout, then declared kinds (in the order of steward.toml), else unrecognized.
    pub fn classify(&self, path: &str) -> Role {
        let role = classify(path);
        if let Role::Unrecognized { .. } = role
            && let Some(custom) = self.custom.iter().find(|c| c.matcher.is_match(path))
        {
            let file_name = path.rsplit('/').next().unwrap_or(path);
            let id = file_name.strip_suffix(".toml").unwrap_or(file_name);
            return Role::Entity {
                kind: custom.kind,
                id: id.to_string(),
                fiscal_year: None,
            };
        }
        role
    }
}

/// Classifies a path relative to the tree root by the built-in layout.
pub fn classify(path: &str) -> Role {
    let parts: Vec<&str> = path.split('/').collect();
    let file_name = parts.last().copied().unwrap_or_default();
    if is_documentation(file_name) {
        return Role::Documentation;
    }
    if parts.first() == Some(&"schemas") && parts.len() >= 2 {
        return if file_name.ends_with(".json") {
            Role::Schema
        } else {
            Role::Unrecognized {
                hint: "schemas/ holds JSON Schema files ending in .json.".to_string(),
            }
        };
    }
    let stem = file_name.strip_suffix(".toml");
    match (parts.as_slice(), stem) {
        (["org.toml"], _) => Role::Entity {
            kind: Kind::Org,
            id: "org".to_string(),
            fiscal_year: None,
        },
        (["tools", _], Some(stem)) => entity(Kind::Tool, stem, None),
        (["technology", _], Some(stem)) => entity(Kind::Policy, stem, None),
        (["budgets", year, _], Some(stem)) => entity(Kind::Budget, stem, Some(year)),
        _ => Role::Unrecognized {
            hint: hint_for(&parts, stem.is_some()),
        },
    }
}

fn entity(kind: Kind, id: &str, fiscal_year: Option<&str>) -> Role {
    Role::Entity {
        kind,
        id: id.to_string(),
        fiscal_year: fiscal_year.map(str::to_string),
    }
}

/// Whether the file at `path` (tree-relative) is documentation, which may sit anywhere and is
/// never read.
pub fn is_documentation_path(path: &str) -> bool {
    is_documentation(path.rsplit('/').next().unwrap_or(path))
}

fn is_documentation(file_name: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    [".md", ".markdown", ".txt", ".rst", ".adoc"]
        .iter()
        .any(|ext| lower.ends_with(ext))
        || lower.starts_with("license")
        || lower.starts_with("readme")
}

fn hint_for(parts: &[&str], is_toml: bool) -> String {
    let folder = parts.first().copied().unwrap_or_default();
    let known = ["tools", "technology", "budgets", "schemas"];
    if !is_toml {
        return "policy files end in .toml; documentation (.md, .txt) is allowed anywhere."
            .to_string();
    }
    if parts.len() == 1 {
        return "only org.toml belongs at the top of the tree; tools go in tools/, policies in technology/, budgets in budgets/<fiscal-year>/.".to_string();
    }
    if let Some(close) = crate::suggest::closest(folder, known.iter().copied()) {
        return format!("did you mean the folder {close}/?");
    }
    match folder {
        "tools" | "technology" => {
            format!("{folder}/ holds files directly, like {folder}/<id>.toml.")
        }
        "budgets" => "budgets go in budgets/<fiscal-year>/<department>.toml.".to_string(),
        _ => "known folders are tools/, technology/, budgets/<fiscal-year>/ and schemas/."
            .to_string(),
    }
}

/// Whether `id` is a valid entity id: lowercase ASCII letters, digits and dashes, starting
/// with a letter or digit.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Whether `id` is a valid clause id: clauses are numbered as organizations number them
/// ("AC-2", "4.1", "SM_2", "Section-3"), so ASCII letters of either case, digits, dots, dashes
/// and underscores, starting with a letter or digit, at most 100 characters (the schema's
/// `clause-id`). Entity ids stay lowercase file stems ([`is_valid_id`]).
pub fn is_valid_clause_id(id: &str) -> bool {
    let mut chars = id.chars();
    id.len() <= 100
        && matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// The id a file name most likely meant: lowercase, other characters turned into dashes.
pub fn normalize_id(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .trim_matches('-')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_the_layout() {
        assert!(matches!(
            classify("org.toml"),
            Role::Entity {
                kind: Kind::Org,
                ..
            }
        ));
        assert_eq!(
            classify("budgets/2026/it.toml"),
            Role::Entity {
                kind: Kind::Budget,
                id: "it".into(),
                fiscal_year: Some("2026".into())
            }
        );
        assert!(matches!(
            classify("tools/zoom.toml"),
            Role::Entity {
                kind: Kind::Tool,
                ..
            }
        ));
        assert_eq!(classify("README.md"), Role::Documentation);
        assert_eq!(classify("tools/NOTES.txt"), Role::Documentation);
        assert_eq!(classify("schemas/tool.schema.json"), Role::Schema);
        match classify("tool/zoom.toml") {
            Role::Unrecognized { hint } => assert_eq!(hint, "did you mean the folder tools/?"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            classify("tools/zoom.yaml"),
            Role::Unrecognized { .. }
        ));
        assert!(matches!(
            classify("budgets/it.toml"),
            Role::Unrecognized { .. }
        ));
    }

    #[test]
    fn ids() {
        assert!(is_valid_id("google-drive"));
        assert!(is_valid_id("2026"));
        assert!(!is_valid_id("Google_Drive"));
        assert!(!is_valid_id("-x"));
        assert!(!is_valid_id(""));
        assert_eq!(normalize_id("Google_Drive"), "google-drive");
    }

    #[test]
    fn clause_ids_are_numbered_as_organizations_number_them() {
        for good in ["scope", "AC-2", "4.1", "SM_2", "Section-3", "4.1.2-b"] {
            assert!(is_valid_clause_id(good), "{good}");
        }
        for bad in [
            "",
            "-x",
            ".1",
            "_a",
            "a b",
            "a/b",
            "a#b",
            "ä",
            &"a".repeat(101),
        ] {
            assert!(!is_valid_clause_id(bad), "{bad:?}");
        }
    }
}
