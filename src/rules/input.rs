//! Codes for problems with the files themselves: TOML syntax, schema violations, files that
//! cannot be read or do not belong, invalid ids and configuration. These are reported by the
//! loader and the schema validator, not by governance checks.

use crate::rule::Severity::{Error, Warning};
use crate::rule::{Rule, declare_rules};

declare_rules! {
    pub static TOML_SYNTAX: Rule = Rule {
        code: "toml/syntax",
        severity: Error,
        summary: "The file is not valid TOML.",
        what: "Reports every syntax error the TOML parser finds: an unclosed table header, a missing quote, a duplicate key, a value without a key.",
        why: "A file that does not parse cannot be checked at all; nothing else in it is reported until it parses.",
        example: "[cost\namount = 120",
        fix: "[cost]\namount = 120",
    };

    pub static SCHEMA_REQUIRED: Rule = Rule {
        code: "schema/required",
        severity: Error,
        summary: "A required field is missing.",
        what: "Reports a field the schema requires that the file (or one of its tables) does not have. It points at the table that should hold it.",
        why: "Required fields are what every reader of the registry relies on: a tool without a name or a status cannot be reviewed.",
        example: "name = \"Canva\"\nvendor = \"Canva Pty Ltd\"\ncategory = \"design\"\ndepartment = \"communications\"",
        fix: "name = \"Canva\"\nvendor = \"Canva Pty Ltd\"\ncategory = \"design\"\nstatus = \"approved\"\ndepartment = \"communications\"",
    };

    pub static SCHEMA_TYPE: Rule = Rule {
        code: "schema/type",
        severity: Error,
        summary: "A value has the wrong type (text where a number or date belongs, and so on).",
        what: "Reports a value whose type differs from the schema's: a quoted number, a quoted date, a single value where a list belongs.",
        why: "Numbers in quotes cannot be added up and quoted dates cannot be compared, so budget and review checks would silently skip them.",
        example: "last_reviewed = \"2026-03-01\"\n\n[cost]\namount = \"120\"",
        fix: "last_reviewed = 2026-03-01\n\n[cost]\namount = 120",
    };

    pub static SCHEMA_ENUM: Rule = Rule {
        code: "schema/enum",
        severity: Error,
        summary: "A value is not one of the allowed choices.",
        what: "Reports a value outside the schema's list of choices, such as a misspelled status, and suggests the closest choice.",
        why: "Rules and reports group by these values; a misspelling would make a tool disappear from them.",
        example: "status = \"aproved\"",
        fix: "status = \"approved\"",
    };

    pub static SCHEMA_ADDITIONAL_PROPERTY: Rule = Rule {
        code: "schema/additional-property",
        severity: Error,
        summary: "A field the schema does not know (often a typo).",
        what: "Reports a key that the schema does not define, at the key itself, with the closest known field when there is one.",
        why: "A misspelled key (`ownr`) is a field that is silently missing. Your own fields belong in the `[extra]` table.",
        example: "ownr = \"jane-doe\"",
        fix: "owner = \"jane-doe\"",
    };

    pub static SCHEMA_PATTERN: Rule = Rule {
        code: "schema/pattern",
        severity: Error,
        summary: "A value does not have the expected shape (an id, a currency code, a budget line reference).",
        what: "Reports text that does not match the schema's pattern: ids must be lowercase letters, digits and dashes; currencies three capital letters; budget lines `<fiscal-year>/<department>#<line-id>`.",
        why: "References only resolve when they are written exactly; `Jane Doe` is a name, `jane-doe` is the id that finds her.",
        example: "owner = \"Jane Doe\"",
        fix: "owner = \"jane-doe\"",
    };

    pub static SCHEMA_FORMAT: Rule = Rule {
        code: "schema/format",
        severity: Error,
        summary: "A value is not a valid date, e-mail address or web address.",
        what: "Reports a value that does not match its format: a date with a time, an e-mail address without @, a URL without a scheme.",
        why: "Dates drive the review rules; e-mail addresses and links are how people reach an owner or a vendor.",
        example: "url = \"canva.com\"",
        fix: "url = \"https://www.canva.com\"",
    };

    pub static SCHEMA_RANGE: Rule = Rule {
        code: "schema/range",
        severity: Error,
        summary: "A number is out of its allowed range.",
        what: "Reports a number below the schema's minimum or above its maximum, such as a negative amount.",
        why: "A negative cost or a review interval of 0 months makes totals and due dates meaningless.",
        example: "[cost]\namount = -20",
        fix: "[cost]\namount = 20",
    };

    pub static SCHEMA_LENGTH: Rule = Rule {
        code: "schema/length",
        severity: Error,
        summary: "Text or a list is too short or too long (an empty name, for example).",
        what: "Reports text or lists whose length is outside the schema's limits.",
        why: "An empty name or title is as good as none.",
        example: "name = \"\"",
        fix: "name = \"Canva\"",
    };

    pub static SCHEMA_INVALID: Rule = Rule {
        code: "schema/invalid",
        severity: Error,
        summary: "A value breaks another schema constraint.",
        what: "Reports schema violations that have no more specific code (for example a `oneOf` in your own schema override).",
        why: "Your organization's schema says what a valid file is; anything it rejects needs a look.",
        example: "",
        fix: "",
    };

    pub static SCHEMA_BAD_SCHEMA: Rule = Rule {
        code: "schema/bad-schema",
        severity: Error,
        summary: "A schema file in the tree's schemas/ folder is broken or refers to the network.",
        what: "Reports a schema override that is not valid JSON, not a valid JSON Schema, or whose `$ref` points to the network or outside the tree. Files of that kind are then checked against the built-in schema.",
        why: "steward never fetches anything from the network: a schema that needs the network would make results depend on someone else's server.",
        example: "",
        fix: "",
    };

    pub static FILE_UNRECOGNIZED: Rule = Rule {
        code: "file/unrecognized",
        severity: Error,
        summary: "A file that is not where steward expects it (unknown folder or extension).",
        what: "Reports files that do not fit the tree's layout, such as `tool/zoom.toml` or `tools/zoom.yaml`, and files or folders whose name is not UTF-8 text (shown with `\\xNN` for each byte that is not; neither read nor entered). Documentation (`.md`, `.txt`) and hidden files are allowed anywhere.",
        why: "A file in the wrong place is silently not checked: a tool in `tool/` would never be linted or counted.",
        example: "",
        fix: "",
    };

    pub static FILE_TOO_LARGE: Rule = Rule {
        code: "file/too-large",
        severity: Error,
        summary: "A file is larger than the limit (1 MiB unless `max_file_bytes` says otherwise) and was not read.",
        what: "Reports files over the size limit without reading them.",
        why: "Policy files are small; a huge file is almost always a mistake, and reading it would slow every run.",
        example: "",
        fix: "",
    };

    pub static FILE_NOT_UTF8: Rule = Rule {
        code: "file/not-utf8",
        severity: Error,
        summary: "A file is not UTF-8 text.",
        what: "Reports the first byte that is not UTF-8, at its line and column.",
        why: "TOML files must be UTF-8. Files saved as Windows-1252 or Latin-1 show wrong letters elsewhere.",
        example: "",
        fix: "",
    };

    pub static FILE_UNREADABLE: Rule = Rule {
        code: "file/unreadable",
        severity: Error,
        summary: "A file or folder could not be read (permissions, broken link).",
        what: "Reports files and folders the operating system refused to read. The rest of the tree is still checked.",
        why: "What cannot be read cannot be checked.",
        example: "",
        fix: "",
    };

    pub static FILE_SYMLINK_OUTSIDE: Rule = Rule {
        code: "file/symlink-outside",
        severity: Error,
        summary: "A symbolic link points outside the policy tree and was not followed.",
        what: "Reports links whose target is outside the tree's root, or absolute, or passes through a hidden entry (`.git`) or a submodule; links are resolved the same way on disk and at a git revision.",
        why: "A pull request could otherwise make steward read, and print, files from elsewhere on the machine.",
        example: "",
        fix: "",
    };

    pub static FILE_SUBMODULE: Rule = Rule {
        code: "file/submodule",
        severity: Warning,
        summary: "A folder of the tree is a git submodule (another repository) whose files are not checked.",
        what: "Reports a submodule inside the policy tree: at a revision a gitlink, on disk a folder with its own `.git` (or, in a clone made without `--recurse-submodules`, the empty folder git's index records as a submodule).",
        why: "A submodule's files belong to another repository and are not part of this one's commits: steward does not check them, so policy files placed there would silently escape every rule.",
        example: "",
        fix: "",
    };

    pub static CONFIG_UNKNOWN_RULE: Rule = Rule {
        code: "config/unknown-rule",
        severity: Error,
        summary: "steward.toml sets the severity of a rule that does not exist.",
        what: "Reports codes under `[rules]` in steward.toml that are not in the catalogue (`steward rules` lists them).",
        why: "A misspelled code silently changes nothing, so the rule you meant to turn off or up still runs as before.",
        example: "[rules]\n\"tool/no-backup\" = \"off\"",
        fix: "[rules]\n\"tool/no-backup-owner\" = \"off\"",
    };

    pub static ID_INVALID: Rule = Rule {
        code: "id/invalid",
        severity: Error,
        summary: "A file name is not a valid id (lowercase letters, digits, dashes).",
        what: "Reports files whose name (without .toml) is not a valid id, and budget folders that are not valid fiscal-year ids.",
        why: "Other files refer to an entity by its file name; `Google Drive.toml` cannot be referred to reliably.",
        example: "",
        fix: "",
    };

    pub static ID_DUPLICATE: Rule = Rule {
        code: "id/duplicate",
        severity: Error,
        summary: "Two files define the same entity.",
        what: "Reports files whose names differ only by case or punctuation (`google_drive.toml` and `google-drive.toml`).",
        why: "References would resolve to one of them by chance.",
        example: "",
        fix: "",
    };

    pub static ID_MISMATCH: Rule = Rule {
        code: "id/mismatch",
        severity: Error,
        summary: "A budget's department or fiscal year disagrees with its path.",
        what: "Reports a budget in `budgets/<fiscal-year>/<department>.toml` whose `department` or `fiscal_year` fields say something else.",
        why: "Budget lines are found by their path; a budget filed under the wrong department would pay for the wrong tools.",
        example: "# budgets/2026/it.toml\ndepartment = \"finance\"\nfiscal_year = 2026",
        fix: "# budgets/2026/it.toml\ndepartment = \"it\"\nfiscal_year = 2026",
    };
}
