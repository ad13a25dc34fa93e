//! Asking for what the flags did not give: on a terminal, a question per missing required
//! value (with the tree's departments, people and budget lines to choose from); elsewhere,
//! the list of missing flags with an example command.

use std::process::ExitCode;

use crate::cli::init::{refuse, shell_word};
use crate::error::Error;

/// Collects the required values: from flags, else (on a terminal) by asking, else it notes
/// the flag as missing.
pub(super) struct Asker {
    interactive: bool,
    pub(super) missing: Vec<&'static str>,
}

impl Asker {
    pub(super) fn new(interactive: bool) -> Self {
        Asker {
            interactive,
            missing: Vec::new(),
        }
    }

    pub(super) fn text(
        &mut self,
        given: Option<String>,
        flag: &'static str,
        prompt: &str,
    ) -> Option<String> {
        if given.is_some() {
            return given;
        }
        if self.interactive
            && let Ok(value) = dialoguer::Input::<String>::new()
                .with_prompt(prompt)
                .interact_text()
            && !value.trim().is_empty()
        {
            return Some(value);
        }
        self.missing.push(flag);
        None
    }

    /// A yes/no question on a terminal (no by default); no elsewhere.
    pub(super) fn confirm(&self, prompt: &str) -> bool {
        self.interactive
            && dialoguer::Confirm::new()
                .with_prompt(prompt)
                .default(false)
                .interact()
                .unwrap_or(false)
    }

    /// Offers `choices` (value, label) on a terminal.
    pub(super) fn choose(
        &mut self,
        given: Option<String>,
        flag: &'static str,
        prompt: &str,
        choices: &[(String, String)],
    ) -> Option<String> {
        if given.is_some() {
            return given;
        }
        if self.interactive && !choices.is_empty() {
            let labels: Vec<&str> = choices.iter().map(|(_, label)| label.as_str()).collect();
            if let Ok(Some(index)) = dialoguer::Select::new()
                .with_prompt(prompt)
                .items(&labels)
                .default(0)
                .interact_opt()
            {
                return Some(choices[index].0.clone());
            }
        }
        self.missing.push(flag);
        None
    }

    /// Lists every missing flag and shows the command with them, the given values filled in.
    pub(super) fn refuse_missing(
        &self,
        command: &str,
        flags: &[(&str, Option<String>, &str)],
    ) -> Result<ExitCode, Error> {
        let mut example = command.to_string();
        for (flag, value, placeholder) in flags {
            let value = match value {
                Some(v) => shell_word(v),
                None => placeholder.to_string(),
            };
            example.push_str(&format!(" {flag} {value}"));
        }
        let how = if self.interactive {
            "answer every question, or give the values as flags"
        } else {
            "steward asks for missing values only on a terminal; here, give them as flags"
        };
        refuse(
            &format!(
                "missing {}: {}",
                if self.missing.len() == 1 {
                    "a required flag"
                } else {
                    "required flags"
                },
                self.missing.join(", ")
            ),
            &format!("{how}, e.g.\n    {example}"),
        )
    }
}
