//! Which column holds which field: the built-in header names of each kind (Snipe-IT's and
//! GLPI's exports, and the headers people type), matched ignoring case, spaces and
//! punctuation; `--map "Column=field"` and a mapping file override them. A column no name
//! matches is listed as not imported, never guessed at.
//!
//! Each kind's fields are one table ([`TOOL_FIELDS`], [`PERSON_FIELDS`], [`LINE_FIELDS`]): a
//! field's key (what `--map` names), the kind of value it takes, and the headers that mean it.
//! `steward report tools --format xlsx` writes a tool's fields under the first header of each,
//! so that its spreadsheet imports back into the same files.
//!
//! The tables themselves, a few hundred lines of header names, are in `names.rs`; this file
//! is how a table's headers are matched against them and the overrides.

mod names;

use std::collections::BTreeMap;

use super::table::Header;

use names::helper_note;
pub use names::{
    LINE_FIELDS, LINE_IGNORED, PERSON_FIELDS, PERSON_IGNORED, TOOL_FIELDS, TOOL_IGNORED,
};

/// What a field's cells hold, which decides how they are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// Free text.
    Text,
    /// A tool, person or line id as steward writes it (lowercase letters, digits, dashes).
    Id,
    /// A person: their id, e-mail or exact name.
    Person,
    /// A person's e-mail address.
    PersonEmail,
    /// A person's exact name.
    PersonName,
    /// A department: its id or name.
    Department,
    /// One of a fixed set of words (status, classification, period, category).
    Choice,
    /// A web address with its scheme.
    Url,
    Date,
    /// Money; the period comes from another column or `--period`.
    Money,
    /// Money a year.
    MoneyPerYear,
    /// Money a month.
    MoneyPerMonth,
    /// An ISO 4217 code.
    Currency,
    /// `YEAR/DEPARTMENT#LINE`.
    BudgetLine,
    YesNo,
    /// A whole number within the field's bounds.
    Whole,
    /// Several items in one cell.
    List,
    /// A tool: its id or name.
    Tool,
    /// An e-mail address.
    Email,
}

/// One field a column can fill.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// What `--map` names: the field's path in the file (`contract.seats`), or a helper such as
    /// `owner_email` that fills a field of the file.
    pub key: &'static str,
    pub value: Value,
    /// The headers that mean this field. The first is the one steward writes.
    pub headers: &'static [&'static str],
    /// Whether the key is a path in the file (written back by an export); helpers are not.
    pub in_file: bool,
}

/// A kind's fields and the columns it leaves out.
#[derive(Debug, Clone, Copy)]
pub struct Catalogue {
    pub fields: &'static [Field],
    pub ignored: &'static [(&'static [&'static str], &'static str)],
}

pub const TOOLS: Catalogue = Catalogue {
    fields: TOOL_FIELDS,
    ignored: TOOL_IGNORED,
};
pub const PEOPLE: Catalogue = Catalogue {
    fields: PERSON_FIELDS,
    ignored: PERSON_IGNORED,
};
pub const LINES: Catalogue = Catalogue {
    fields: LINE_FIELDS,
    ignored: LINE_IGNORED,
};

impl Catalogue {
    pub fn field(&self, key: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// A header as it is compared: lowercase letters and digits only (`Owner e-mail` and
/// `owner_email` are the same header).
pub fn normalize(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `--map` and mapping-file entries: a column's header and the field it fills, or `None` to
/// leave the column out.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub entries: Vec<(String, Option<String>)>,
}

impl Overrides {
    /// Reads `Column=field` (or `Column=` to leave a column out).
    pub fn add(&mut self, entry: &str) -> Result<(), String> {
        let Some((column, field)) = entry.rsplit_once('=') else {
            return Err(format!(
                "\"{entry}\" is not Column=field, e.g. --map \"Licensed To Email=owner_email\""
            ));
        };
        let column = column.trim();
        if column.is_empty() {
            return Err(format!("\"{entry}\" names no column before ="));
        }
        let field = field.trim();
        self.entries.push((
            column.to_string(),
            (!field.is_empty()).then(|| field.to_string()),
        ));
        Ok(())
    }

    /// A mapping file: one `Column=field` a line; blank lines and lines starting with # are
    /// skipped. Problems name the line.
    pub fn add_file(&mut self, text: &str) -> Result<(), String> {
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            self.add(line).map_err(|e| format!("line {}: {e}", i + 1))?;
        }
        Ok(())
    }
}

/// Which field each column fills.
#[derive(Debug, Clone)]
pub struct Mapping {
    /// By column (as the table's headers): the field, if any.
    pub fields: Vec<Option<&'static Field>>,
    /// Columns left out on purpose (built in or `--map "Column="`): header and why.
    pub ignored: Vec<(String, String)>,
    /// Columns no name matched.
    pub unknown: Vec<String>,
}

impl Mapping {
    /// The column that fills `key`, if any.
    pub fn column(&self, key: &str) -> Option<usize> {
        self.fields
            .iter()
            .position(|f| f.is_some_and(|f| f.key == key))
    }
}

/// Maps the table's headers to fields: overrides first, then the built-in names.
pub fn map(
    headers: &[Header],
    catalogue: Catalogue,
    overrides: &Overrides,
) -> Result<Mapping, String> {
    let mut fields: Vec<Option<&'static Field>> = vec![None; headers.len()];
    let mut decided = vec![false; headers.len()];
    let mut ignored = Vec::new();
    let keys: Vec<&str> = catalogue.fields.iter().map(|f| f.key).collect();
    for (column, field) in &overrides.entries {
        let wanted = normalize(column);
        let matches: Vec<usize> = headers
            .iter()
            .filter(|h| normalize(&h.text) == wanted)
            .map(|h| h.column)
            .collect();
        if matches.is_empty() {
            let hint =
                crate::suggest::did_you_mean(column, headers.iter().map(|h| h.text.as_str()));
            return Err(format!(
                "--map {column}: the file has no column \"{column}\".{hint} Its columns: {}",
                crate::checks::short_list(
                    &headers.iter().map(|h| h.text.as_str()).collect::<Vec<_>>()
                )
            ));
        }
        let target = match field {
            None => None,
            Some(key) => Some(catalogue.field(key).ok_or_else(|| {
                let hint = crate::suggest::did_you_mean(key, keys.iter().copied());
                format!(
                    "--map {column}={key}: there is no field \"{key}\".{hint} Fields: {}",
                    keys.join(", ")
                )
            })?),
        };
        for i in matches {
            fields[i] = target;
            decided[i] = true;
            if target.is_none() {
                ignored.push((headers[i].text.clone(), "left out by --map".to_string()));
            }
        }
    }
    let mut unknown = Vec::new();
    for header in headers {
        if decided[header.column] || header.text.is_empty() {
            continue;
        }
        let key = normalize(&header.text);
        if let Some(field) = catalogue
            .fields
            .iter()
            .find(|f| f.headers.iter().any(|h| normalize(h) == key))
        {
            fields[header.column] = Some(field);
        } else if let Some((_, why)) = catalogue
            .ignored
            .iter()
            .find(|(names, _)| names.iter().any(|n| normalize(n) == key))
        {
            ignored.push((header.text.clone(), why.to_string()));
        } else {
            unknown.push(header.text.clone());
        }
    }
    // Two columns for one field: which one wins would be a guess.
    let mut by_field: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (i, field) in fields.iter().enumerate() {
        if let Some(field) = field {
            by_field
                .entry(field.key)
                .or_default()
                .push(&headers[i].text);
        }
    }
    if let Some((key, columns)) = by_field.into_iter().find(|(_, c)| c.len() > 1) {
        let quoted: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
        return Err(format!(
            "the columns {} all fill the field {key}; steward does not choose between them. Keep one: pass --map \"{}=\" to leave the other out (or map it to another field)",
            quoted.join(" and "),
            columns[1]
        ));
    }
    Ok(Mapping {
        fields,
        ignored,
        unknown,
    })
}

/// The README's table of the built-in column names: for each kind, each field with the
/// headers that mean it, and the columns left out on purpose.
pub fn markdown_reference() -> String {
    let mut out = String::new();
    for (title, catalogue) in [
        ("`steward import tools`", TOOLS),
        ("`steward import people`", PEOPLE),
        ("`steward import budget`", LINES),
    ] {
        out.push_str(&format!(
            "\n{title}:\n\n| field (`--map`) | column headers |\n|---|---|\n"
        ));
        for field in catalogue.fields {
            let headers: Vec<String> = field.headers.iter().map(|h| format!("`{h}`")).collect();
            let helper = helper_note(field.key)
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            out.push_str(&format!(
                "| `{}`{helper} | {} |\n",
                field.key,
                headers.join(", ")
            ));
        }
        for (names, why) in catalogue.ignored {
            let names: Vec<String> = names.iter().map(|h| format!("`{h}`")).collect();
            out.push_str(&format!("| not imported: {why} | {} |\n", names.join(", ")));
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<Header> {
        names
            .iter()
            .enumerate()
            .map(|(column, text)| Header {
                text: text.to_string(),
                column,
            })
            .collect()
    }

    #[test]
    fn headers_match_ignoring_case_and_punctuation() {
        let mapping = map(
            &headers(&[
                "NAME",
                "Licensed To E-mail",
                "Export / Exit plan",
                "Serial Number",
                "Colour",
            ]),
            TOOLS,
            &Overrides::default(),
        )
        .unwrap();
        let keys: Vec<Option<&str>> = mapping.fields.iter().map(|f| f.map(|f| f.key)).collect();
        assert_eq!(
            keys,
            [
                Some("name"),
                Some("owner_email"),
                Some("exit_plan.data_export"),
                None,
                None
            ]
        );
        assert_eq!(mapping.unknown, ["Colour"]);
        assert!(mapping.ignored[0].1.contains("secret"));
    }

    #[test]
    fn overrides_win_and_conflicts_are_refused() {
        let mut overrides = Overrides::default();
        overrides.add("Colour=category").unwrap();
        overrides.add("Name=").unwrap();
        let mapping = map(&headers(&["Name", "Colour", "Tool"]), TOOLS, &overrides).unwrap();
        assert_eq!(mapping.column("category"), Some(1));
        assert_eq!(mapping.column("name"), Some(2));
        let conflict = map(&headers(&["Name", "Tool"]), TOOLS, &Overrides::default()).unwrap_err();
        assert!(
            conflict.starts_with("the columns \"Name\" and \"Tool\" all fill the field name"),
            "{conflict}"
        );
        let mut wrong = Overrides::default();
        wrong.add("Nmae=name").unwrap();
        assert!(
            map(&headers(&["Name"]), TOOLS, &wrong)
                .unwrap_err()
                .contains("Did you mean \"Name\"?")
        );
        let mut wrong = Overrides::default();
        wrong.add("Name=nmae").unwrap();
        assert!(
            map(&headers(&["Name"]), TOOLS, &wrong)
                .unwrap_err()
                .contains("Did you mean \"name\"?")
        );
        assert!(Overrides::default().add("no equals sign").is_err());
        let mut file = Overrides::default();
        assert!(
            file.add_file("# comment\n\nA=name\nbad\n")
                .unwrap_err()
                .starts_with("line 4:")
        );
    }
}
