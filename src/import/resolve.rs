//! Names in cells turned into the ids of the tree: people by id, e-mail or exact name,
//! departments by id or name, tools by id or name. Each lookup is prepared once for the whole
//! import; a miss says what was looked for and offers the closest match.

use std::collections::HashMap;

use jiff::civil::Date;

use crate::model::Tree;
use crate::suggest::Candidates;

/// Text compared ignoring case and runs of spaces.
pub fn folded(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The people of org.toml, by e-mail and by name.
pub struct People<'a> {
    tree: &'a Tree,
    today: Date,
    by_email: HashMap<String, Vec<String>>,
    by_name: HashMap<String, Vec<String>>,
    emails: Vec<String>,
    names: Vec<String>,
}

impl<'a> People<'a> {
    pub fn new(tree: &'a Tree, today: Date) -> People<'a> {
        let mut by_email: HashMap<String, Vec<String>> = HashMap::new();
        let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
        let (mut emails, mut names) = (Vec::new(), Vec::new());
        if let Some(org) = &tree.org {
            for person in org.people.values() {
                if let Some(email) = email_of(tree, &person.id) {
                    by_email
                        .entry(email.to_lowercase())
                        .or_default()
                        .push(person.id.clone());
                    emails.push(email);
                }
                if let Some(name) = &person.name {
                    by_name
                        .entry(folded(name))
                        .or_default()
                        .push(person.id.clone());
                    names.push(name.clone());
                }
            }
        }
        People {
            tree,
            today,
            by_email,
            by_name,
            emails,
            names,
        }
    }

    /// The person an e-mail, id or name means (`@` makes it an e-mail), and that they are still
    /// here.
    pub fn any(&self, text: &str) -> Result<String, String> {
        let text = text.trim();
        if text.contains('@') {
            return self.email(text);
        }
        if self.tree.person(text).is_some() {
            return self.still_here(text.to_string());
        }
        match self.by_name.get(&folded(text)) {
            Some(ids) => self.one(ids, text),
            None => {
                let ids: Vec<&str> = self
                    .tree
                    .org
                    .iter()
                    .flat_map(|o| o.people.keys())
                    .map(String::as_str)
                    .collect();
                let hint = Candidates::new(self.names.iter().map(String::as_str).chain(ids))
                    .did_you_mean(text);
                Err(format!(
                    "no person with the id or name \"{text}\" in org.toml.{hint}"
                ))
            }
        }
    }

    pub fn email(&self, text: &str) -> Result<String, String> {
        let text = text.trim();
        match self.by_email.get(&text.to_lowercase()) {
            Some(ids) => self.one(ids, text),
            None => {
                let hint =
                    Candidates::new(self.emails.iter().map(String::as_str)).did_you_mean(text);
                Err(format!("no person with e-mail {text} in org.toml.{hint}"))
            }
        }
    }

    pub fn name(&self, text: &str) -> Result<String, String> {
        let text = text.trim();
        match self.by_name.get(&folded(text)) {
            Some(ids) => self.one(ids, text),
            None => {
                let hint =
                    Candidates::new(self.names.iter().map(String::as_str)).did_you_mean(text);
                Err(format!("no person named \"{text}\" in org.toml.{hint}"))
            }
        }
    }

    fn one(&self, ids: &[String], text: &str) -> Result<String, String> {
        match ids {
            [id] => self.still_here(id.clone()),
            _ => Err(format!(
                "{} people in org.toml match \"{text}\" ({}); use the person's id",
                ids.len(),
                ids.join(", ")
            )),
        }
    }

    fn still_here(&self, id: String) -> Result<String, String> {
        match crate::checks::person_problem(self.tree, self.today, &id) {
            Some(problem) => Err(problem),
            None => Ok(id),
        }
    }
}

/// A person's e-mail address in org.toml.
pub fn email_of(tree: &Tree, id: &str) -> Option<String> {
    let org = tree.org.as_ref()?;
    let person = org.people.get(id)?;
    org.entity.str(&format!("{}/email", person.pointer))
}

/// A department by id or name.
pub fn department(tree: &Tree, text: &str) -> Result<String, String> {
    let text = text.trim();
    if tree.department(text).is_some() {
        return Ok(text.to_string());
    }
    let departments: Vec<_> = tree
        .org
        .iter()
        .flat_map(|o| o.departments.values())
        .collect();
    let wanted = folded(text);
    let matches: Vec<&str> = departments
        .iter()
        .filter(|d| d.name.as_deref().is_some_and(|n| folded(n) == wanted) || d.id == wanted)
        .map(|d| d.id.as_str())
        .collect();
    match matches.as_slice() {
        [id] => Ok(id.to_string()),
        [] => {
            let hint = Candidates::new(
                departments
                    .iter()
                    .flat_map(|d| d.name.as_deref().into_iter().chain([d.id.as_str()])),
            )
            .did_you_mean(text);
            let known: Vec<&str> = departments.iter().map(|d| d.id.as_str()).collect();
            Err(format!(
                "no department with the id or name \"{text}\" in org.toml.{hint} Known: {}",
                crate::checks::short_list(&known)
            ))
        }
        several => Err(format!(
            "{} departments are named \"{text}\" ({}); use the department's id",
            several.len(),
            several.join(", ")
        )),
    }
}

/// A tool by id or name.
pub fn tool(tree: &Tree, text: &str) -> Result<String, String> {
    let text = text.trim();
    if tree.tools.contains_key(text) {
        return Ok(text.to_string());
    }
    let wanted = folded(text);
    let matches: Vec<&str> = tree
        .tools
        .values()
        .filter(|t| t.name.as_deref().is_some_and(|n| folded(n) == wanted))
        .map(|t| t.entity.id.as_str())
        .collect();
    match matches.as_slice() {
        [id] => Ok(id.to_string()),
        [] => {
            let hint = Candidates::new(
                tree.tools
                    .values()
                    .flat_map(|t| t.name.as_deref().into_iter().chain([t.entity.id.as_str()])),
            )
            .did_you_mean(text);
            Err(format!(
                "no tool with the id or name \"{text}\" in tools/.{hint}"
            ))
        }
        several => Err(format!(
            "{} tools are named \"{text}\" ({}); use the tool's id",
            several.len(),
            several.join(", ")
        )),
    }
}

/// An id made from a name: `Google Workspace` -> `google-workspace`. Letters other than
/// a-z (é, ß) become dashes, as ids are plain ASCII; empty when nothing is left.
pub fn id_from(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    while id.ends_with('-') {
        id.pop();
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_names() {
        assert_eq!(id_from("Google Workspace"), "google-workspace");
        assert_eq!(id_from("  Miro (whiteboard) "), "miro-whiteboard");
        assert_eq!(id_from("1Password"), "1password");
        assert_eq!(id_from("---"), "");
        assert_eq!(id_from("ana.lima@example.org"), "ana-lima-example-org");
    }
}
