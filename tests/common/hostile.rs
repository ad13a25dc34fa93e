//! A hostile pull request, as a real git repository: the baseline tree, then one commit that
//! puts terminal codes, bidi and invisible characters, markdown, HTML, mentions, e-mail
//! addresses, links and spreadsheet formulas into names, values, keys, file names, steward.toml
//! and the commit message. The tests of every human format run steward on it.

#![allow(dead_code)] // each test binary uses a different subset of these helpers

use super::git::GitRepo;
use super::{BUDGET, BUDGET_PATH, ORG, ORG_PATH, POLICY, POLICY_PATH, TOOL, TOOL_PATH};

/// The tool name of issue 13: sets the window title, clears the screen and prints a fake
/// clean result in green.
pub const TERMINAL: &str = "\u{1b}]0;owned\u{7}\u{1b}[2J\u{1b}[32mNo problems found…";
/// [`TERMINAL`] as steward shows it.
pub const TERMINAL_SHOWN: &str = "\\u{1b}]0;owned\\u{7}\\u{1b}[2J\\u{1b}[32mNo problems found…";
/// [`TERMINAL`] written in a TOML basic string.
const TERMINAL_TOML: &str = "\\u001b]0;owned\\u0007\\u001b[2J\\u001b[32mNo problems found…";

/// A name that reads `Chatexe.jpg` with a right-to-left override, with a zero-width space and
/// an isolate in it.
pub const BIDI: &str = "Chat\u{202E}gpj.exe\u{200B}\u{2066}x\u{2069}";
pub const BIDI_SHOWN: &str = "Chat<U+202E>gpj.exe<U+200B><U+2066>x<U+2069>";
const BIDI_TOML: &str = "Chat\\u202Egpj.exe\\u200B\\u2066x\\u2069";

/// Markdown that would become HTML, a link, a mention, a broken table and e-mail links.
pub const MARKDOWN: &str = "Approve @team | sales@example.org www.evil.example https://evil.example/x <img src=x onerror=alert(1)> [ok](javascript:alert(1))";

/// A file name of issue 13: in a table cell its `|` would end the cell and let raw HTML in.
pub const FILE_NAME: &str =
    "x|<img src=x onerror=alert(1)><a href=https:%2F%2Fevil.example>Approve";
pub const FILE_PATH: &str =
    "policies/tools/x|<img src=x onerror=alert(1)><a href=https:%2F%2Fevil.example>Approve.toml";

/// A budget line description a spreadsheet would run.
pub const FORMULA: &str = "=HYPERLINK(\"https://evil.example\",\"Approve\")";

/// The department name in org.toml after the pull request.
pub const DEPARTMENT: &str = "IT | <img src=x> @team \u{1b}[2J";

/// The pull request's commit message (its first line is the changelog entry's title).
pub const COMMIT_TITLE: &str =
    "Approve @team <img src=x onerror=alert(1)> sales@example.org \u{1b}[2J | www.evil.example";

/// A key of steward.toml's `[rules]`: reported by config/unknown-rule, with the key quoted.
pub const RULE_KEY: &str = "\u{1b}[2J@team";
pub const RULE_KEY_SHOWN: &str = "\\u{1b}[2J@team";

/// The rule code of a waiver: quoted by waiver/unknown-rule.
pub const WAIVER_SHOWN: &str = "\\u{1b}[2Jtool/no-owner";
const WAIVER_TOML: &str = "\\u001b[2Jtool/no-owner";

/// A tool whose name and vendor are `name`: no owner, no backup owner, no exit plan, last
/// reviewed long ago, so that its name is quoted by several rules and the review packet.
fn tool(name_toml: &str) -> String {
    format!(
        "name = \"{name_toml}\"\nvendor = \"{name_toml}\"\ncategory = \"c\"\nstatus = \"approved\"\ndepartment = \"it\"\nlast_reviewed = 2024-01-01\n"
    )
}

/// `text` with `from` replaced by `to`; `from` must occur exactly once, so that a change of the
/// baseline cannot silently leave the hostile text out.
fn replaced(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} in {text}");
    text.replacen(from, to, 1)
}

/// The repository: `main` with the baseline tree (clean on [`TODAY`](super::TODAY)), then the pull
/// request's commit on top. `HEAD~1` is the base, `HEAD` the pull request.
pub fn repository() -> GitRepo {
    let repo = GitRepo::new();
    repo.write(ORG_PATH, ORG)
        .write(TOOL_PATH, TOOL)
        .write(POLICY_PATH, POLICY)
        .write(BUDGET_PATH, BUDGET);
    repo.commit("Baseline");
    let markdown_toml = MARKDOWN.replace('"', "\\\"");
    let waiver =
        format!("\n[[waiver]]\nrule = \"{WAIVER_TOML}\"\nreason = \"r\"\nexpires = 2027-01-01\n");
    let vendor = format!("vendor = \"{TERMINAL_TOML} {markdown_toml}\"");
    let clause = format!("text = \"Applies to @everyone {TERMINAL_TOML} and {markdown_toml}.\"");
    let org = replaced(
        ORG,
        "name = \"IT\"",
        "name = \"IT | <img src=x> @team \\u001b[2J\"",
    );
    let org = replaced(
        &org,
        "name = \"Ben Okoro\"",
        &format!("name = \"{BIDI_TOML} @everyone\""),
    );
    let description = format!("description = \"{}\"", FORMULA.replace('"', "\\\""));
    let budget = replaced(BUDGET, "description = \"Chat licences\"", &description);
    let budget = replaced(&budget, "amount = 100\ntool", "amount = 150\ntool");
    repo.write("policies/tools/evil.toml", &(tool(TERMINAL_TOML) + &waiver))
        .write("policies/tools/bidi.toml", &tool(BIDI_TOML))
        .write(FILE_PATH, &tool(&markdown_toml))
        .write(TOOL_PATH, &replaced(TOOL, "vendor = \"Chat Inc\"", &vendor))
        .write(
            POLICY_PATH,
            &replaced(POLICY, "text = \"Applies to everyone.\"", &clause),
        )
        .write(ORG_PATH, &org)
        .write(BUDGET_PATH, &budget)
        .write(
            "steward.toml",
            "root = \"policies\"\n\n[rules]\n\"\\u001b[2J@team\" = \"off\"\n",
        );
    repo.commit(&format!("{COMMIT_TITLE}\n\nbody @everyone"));
    repo
}

/// The characters that must never reach a person: ESC, BEL, CR, C1, bidi and zero-width.
pub fn hidden_characters(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
                || matches!(
                    c,
                    '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}'
                )
        })
        .collect()
}

/// Asserts that `text` holds none of [`hidden_characters`].
#[track_caller]
pub fn assert_no_hidden_characters(what: &str, text: &str) {
    let found = hidden_characters(text);
    assert!(
        found.is_empty(),
        "{what} holds {found:?}:\n{}",
        text.escape_debug()
    );
}
