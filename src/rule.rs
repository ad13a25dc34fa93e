//! What a rule is, and how much a finding of it matters: the vocabulary that the model,
//! the configuration, the checks and the renderers share. It depends on nothing else in the
//! crate, so that none of them has to depend on the checks to name a rule.

/// How much a finding matters. Errors fail `steward lint`; warnings do not.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One rule: a stable code, its default severity, and its explanation (what `steward
/// explain` prints and the README's rule reference shows).
#[derive(Debug)]
pub struct Rule {
    /// `family/name`, stable forever once released.
    pub code: &'static str,
    pub severity: Severity,
    /// One line, for `steward rules`.
    pub summary: &'static str,
    /// What it checks, in plain words.
    pub what: &'static str,
    /// Why it matters to the organization.
    pub why: &'static str,
    /// A TOML fragment that triggers it (empty when the rule is not about TOML content).
    pub example: &'static str,
    /// The same fragment, fixed.
    pub fix: &'static str,
}

impl Rule {
    pub fn family(&self) -> &'static str {
        self.code.split('/').next().unwrap_or(self.code)
    }
}

/// Declares a family's rules once: each `static`, and the family's `RULES` list (in the order
/// written) that the catalogue is built from. A rule cannot be declared without being listed,
/// so `steward rules`, `explain`, severity settings, waivers and SARIF all know it.
///
/// ```ignore
/// declare_rules! {
///     pub static NO_OWNER: Rule = Rule { code: "tool/no-owner", .. };
/// }
/// ```
macro_rules! declare_rules {
    ($( $(#[$meta:meta])* pub static $name:ident : Rule = $value:expr ; )+) => {
        $( $(#[$meta])* pub static $name: $crate::rule::Rule = $value; )+
        /// Every rule of this family, in the order `steward rules` lists them.
        pub static RULES: &[&$crate::rule::Rule] = &[ $( &$name ),+ ];
    };
}
pub(crate) use declare_rules;
