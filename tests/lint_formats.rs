//! `steward lint --format github|sarif|junit|markdown`: exact annotations, valid SARIF 2.1.0
//! (against the published JSON schema and serde-sarif's types), well-formed JUnit (read back
//! with a real XML parser), markdown within its size cap, `--output` for every format, and
//! hostile names rendered inert in github, markdown, SARIF, JUnit and JSON output.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use common::{Diag, TODAY, TOOL_PATH, Tree, run_json};
use serde_json::Value;
use steward::document::SourceFile;
use steward::finding::{Finding, Location, Subject};
use steward::lint::Report;
use steward::render;

/// Hostile text, each as a TOML basic string (escapes included) and as the text it stands for.
const HOSTILE: &[(&str, &str)] = &[
    (r#""x\n::add-mask::y""#, "x\n::add-mask::y"),
    (r#""::stop-commands::token""#, "::stop-commands::token"),
    (r#""%0A""#, "%0A"),
    (
        r#""<img src=x onerror=alert(1)>""#,
        "<img src=x onerror=alert(1)>",
    ),
    (r#""</details><script>""#, "</details><script>"),
    (
        r#""[link](javascript:alert(1))""#,
        "[link](javascript:alert(1))",
    ),
    (r#""@everyone""#, "@everyone"),
    (r#""a\r\n::warning::pwned""#, "a\r\n::warning::pwned"),
];

/// The baseline plus one tool per hostile name. Each tool has no owner and no exit plan, so
/// its name reaches the messages of `tool/no-owner`, `tool/no-exit-plan` and more. Two more
/// files carry hostile text in their file names (commas, colons, a line break).
fn hostile_tree() -> Tree {
    let mut tree = Tree::baseline();
    for (i, (toml, _)) in HOSTILE.iter().enumerate() {
        tree = tree.file(
            &format!("policies/tools/hostile-{i}.toml"),
            &format!(
                "name = {toml}\nvendor = \"V\"\ncategory = \"c\"\nstatus = \"approved\"\ndepartment = \"it\"\n"
            ),
        );
    }
    let plain = "name = \"Plain\"\nvendor = \"V\"\ncategory = \"c\"\nstatus = \"approved\"\ndepartment = \"it\"\n";
    tree.file("policies/tools/a,line=99:b.toml", plain)
        .file("policies/tools/x\n::add-mask::y.toml", plain)
}

/// `steward lint --today TODAY --format FORMAT`: (stdout, exit code).
fn lint_as(tree: &Tree, format: &str) -> (String, i32) {
    let output = tree
        .steward()
        .args(["lint", "--today", TODAY, "--format", format])
        .output()
        .expect("run steward");
    assert!(
        output.status.code() == Some(0) || output.status.code() == Some(1),
        "steward could not run: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8(output.stdout).expect("UTF-8 output"),
        output.status.code().expect("an exit code"),
    )
}

fn diagnostics(tree: &Tree) -> Vec<Diag> {
    run_json(tree.path(), &["--today", TODAY]).diagnostics()
}

/// What a SARIF result's or a JUnit line's message says: message, then help.
fn message_and_help(d: &Diag) -> String {
    if d.help.is_empty() {
        d.message.clone()
    } else {
        format!("{}\nhelp: {}", d.message, d.help)
    }
}

/// What an annotation's message says: message, then help, each shown on one line (a line
/// break or a terminal code in user text is written out, see `render::visible`).
fn shown_message_and_help(d: &Diag) -> String {
    let shown = |text: &str| render::visible::one_line(text).into_owned();
    if d.help.is_empty() {
        shown(&d.message)
    } else {
        format!("{}\nhelp: {}", shown(&d.message), shown(&d.help))
    }
}

// --- github ---------------------------------------------------------------------------------

/// Reverses the workflow-command escaping.
fn unescape_command(text: &str) -> String {
    text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

/// One parsed annotation.
#[derive(Debug, PartialEq, Eq)]
struct Annotation {
    level: String,
    properties: BTreeMap<String, String>,
    message: String,
}

/// Parses the output as the runner does: a line that starts with `::` (after whitespace) is a
/// command; it must be an `error` or `warning` whose properties are the six steward writes,
/// with `:` and `,` escaped inside values.
fn annotations(output: &str) -> Vec<Annotation> {
    let mut found = Vec::new();
    for line in output.lines() {
        let trimmed = line.trim_start();
        if !trimmed.starts_with("::") {
            continue;
        }
        let rest = &trimmed[2..];
        let (head, message) = rest
            .split_once("::")
            .unwrap_or_else(|| panic!("not a command: {line}"));
        let (level, properties) = head
            .split_once(' ')
            .unwrap_or_else(|| panic!("no properties: {line}"));
        assert!(
            level == "error" || level == "warning",
            "an unexpected command {level:?} in {line}"
        );
        let properties: BTreeMap<String, String> = properties
            .split(',')
            .map(|pair| {
                let (key, value) = pair
                    .split_once('=')
                    .unwrap_or_else(|| panic!("a property without `=` in {line}"));
                (key.to_string(), unescape_command(value))
            })
            .collect();
        let keys: Vec<&str> = properties.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["col", "endColumn", "endLine", "file", "line", "title"],
            "{line}"
        );
        found.push(Annotation {
            level: level.to_string(),
            properties,
            message: unescape_command(message),
        });
    }
    found
}

#[test]
fn github_annotations_point_at_the_values() {
    let tree = Tree::baseline()
        .edit(TOOL_PATH, "owner = \"ana\"", "owner = \"zed\"")
        .edit(TOOL_PATH, "backup_owner = \"ben\"\n", "");
    let (output, code) = lint_as(&tree, "github");
    assert_eq!(code, 1);
    let lines: Vec<&str> = output.lines().collect();
    assert!(
        lines[0].starts_with(
            "::error file=policies/tools/chat.toml,line=6,endLine=6,col=9,endColumn=14,title=ref/unknown-person::there is no person \"zed\" in org.toml%0Ahelp: "
        ),
        "{output}"
    );
    assert!(
        lines[1].starts_with(
            "::warning file=policies/tools/chat.toml,line=1,endLine=1,col=1,endColumn=1,title=tool/no-backup-owner::"
        ),
        "{output}"
    );
    assert_eq!(lines[2], "steward: 1 error, 1 warning in 4 files.");
    assert_eq!(lines.len(), 3, "{output}");
}

#[test]
fn github_annotations_carry_exactly_what_json_reports() {
    let tree = hostile_tree();
    let (output, code) = lint_as(&tree, "github");
    assert_eq!(code, 1);
    let found = annotations(&output);
    let mut expected = diagnostics(&tree);
    // Errors first, then warnings, each in report order; at most 10 of each.
    expected.sort_by_key(|d| d.severity != "error");
    let errors: Vec<&Diag> = expected.iter().filter(|d| d.severity == "error").collect();
    let warnings: Vec<&Diag> = expected
        .iter()
        .filter(|d| d.severity == "warning")
        .collect();
    assert!(
        errors.len() > 10 && warnings.len() > 10,
        "the fixture is too small"
    );
    let shown: Vec<&&Diag> = errors
        .iter()
        .take(10)
        .chain(warnings.iter().take(10))
        .collect();
    assert_eq!(found.len(), shown.len(), "{output}");
    for (annotation, d) in found.iter().zip(shown) {
        assert_eq!(annotation.level, d.severity);
        assert_eq!(annotation.properties["file"], d.file);
        assert_eq!(annotation.properties["title"], d.rule);
        assert_eq!(annotation.properties["line"], d.line.to_string());
        assert_eq!(annotation.properties["col"], d.column.to_string());
        assert_eq!(annotation.properties["endLine"], d.end_line.to_string());
        assert_eq!(annotation.properties["endColumn"], d.end_column.to_string());
        assert_eq!(annotation.message, shown_message_and_help(d));
    }
    let note = format!(
        "steward: {} errors, {} warnings not annotated (GitHub shows 10 errors and 10 warnings per step); \
         the job summary lists every finding, and `steward lint --format json` prints them all.",
        errors.len() - 10,
        warnings.len() - 10
    );
    assert!(output.lines().any(|l| l == note), "{output}");
}

#[test]
fn hostile_names_cannot_inject_workflow_commands() {
    // One hostile name at a time, so that each one is annotated (at most 10 per level).
    for (toml, text) in HOSTILE {
        let tree = Tree::baseline().file(
            "policies/tools/hostile.toml",
            &format!(
                "name = {toml}\nvendor = \"V\"\ncategory = \"c\"\nstatus = \"approved\"\ndepartment = \"it\"\n"
            ),
        );
        let (output, code) = lint_as(&tree, "github");
        assert_eq!(code, 1);
        assert_inert(&output);
        let found = annotations(&output);
        let owner = found
            .iter()
            .find(|a| a.properties["title"] == "tool/no-owner")
            .expect("a tool/no-owner annotation");
        // The hostile name reaches the message, whole, on the message's first line, and only
        // as data.
        let shown = render::visible::one_line(text);
        assert!(
            owner
                .message
                .starts_with(&format!("{shown} has no owner\nhelp: ")),
            "{owner:?}"
        );
        let escaped = render::github::escape_data(&shown);
        assert!(
            output.contains(&format!(
                "title=tool/no-owner::{escaped} has no owner%0Ahelp: "
            )),
            "{output}"
        );
    }
    assert!(render::github::escape_data("x\n::add-mask::y") == "x%0A::add-mask::y");
    assert!(render::github::escape_data("%0A") == "%250A");

    // Hostile file names go into the `file=` property: `:` and `,` are escaped there too.
    let plain = "name = \"Plain\"\nvendor = \"V\"\ncategory = \"c\"\nstatus = \"approved\"\ndepartment = \"it\"\n";
    let tree = Tree::baseline()
        .file("policies/tools/a,line=99:b.toml", plain)
        .file("policies/tools/x\n::add-mask::y.toml", plain);
    let (output, _) = lint_as(&tree, "github");
    assert_inert(&output);
    assert!(output.contains("::error file=policies/tools/a%2Cline=99%3Ab.toml,line=1,"));
    assert!(output.contains("::error file=policies/tools/x%0A%3A%3Aadd-mask%3A%3Ay.toml,line=1,"));
    let files: Vec<String> = annotations(&output)
        .into_iter()
        .map(|a| a.properties["file"].clone())
        .collect();
    assert!(files.contains(&"policies/tools/a,line=99:b.toml".to_string()));
    assert!(files.contains(&"policies/tools/x\n::add-mask::y.toml".to_string()));
}

/// Every line that the runner would read as a command is one of steward's annotations (parsed
/// strictly by `annotations`); no raw CR survives to split a line.
#[track_caller]
fn assert_inert(output: &str) {
    for line in output.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("::") {
            assert!(
                trimmed.starts_with("::error ") || trimmed.starts_with("::warning "),
                "{line}"
            );
        }
        assert!(!line.contains('\r'), "{line:?}");
    }
    annotations(output);
}

/// A report of `errors` errors and `warnings` warnings, built through the library.
fn report(errors: usize, warnings: usize) -> Report {
    let source = Arc::new(SourceFile::new("policies/tools/t.toml", "name = \"T\"\n"));
    let rule = |code| steward::rules::find(code).expect("a rule");
    let finding = |code, i: usize| {
        Finding::new(
            rule(code),
            Location::new(&source, 0..4),
            Subject {
                entity: "tools/t.toml".to_string(),
                field: format!("/field{i}"),
            },
            format!("finding {i} <b>|</b>"),
            "fix it",
        )
    };
    let mut findings: Vec<Finding> = (0..warnings)
        .map(|i| finding("tool/no-backup-owner", i))
        .collect();
    findings.extend((0..errors).map(|i| finding("tool/no-owner", 1000 + i)));
    Report {
        findings,
        files: 1,
        waived: 0,
        preexisting: 0,
        base_error: None,
        checked_on: None,
    }
}

#[test]
fn the_annotation_limit_is_a_parameter_and_errors_rank_first() {
    let report = report(5, 4);
    let output = render::github::render(&report, 3);
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(lines.len(), 3 + 3 + 2, "{output}");
    assert!(
        lines[..3].iter().all(|l| l.starts_with("::error ")),
        "{output}"
    );
    assert!(
        lines[3..6].iter().all(|l| l.starts_with("::warning ")),
        "{output}"
    );
    assert!(
        lines[0].ends_with("::finding 1000 <b>|</b>%0Ahelp: fix it"),
        "{output}"
    );
    assert_eq!(
        lines[6],
        "steward: 2 errors, 1 warning not annotated (GitHub shows 3 errors and 3 warnings per step); \
         the job summary lists every finding, and `steward lint --format json` prints them all."
    );
    assert_eq!(lines[7], "steward: 5 errors, 4 warnings in 1 file.");
    assert_eq!(render::github::ANNOTATION_LIMIT, 10);
}

// --- markdown -------------------------------------------------------------------------------

/// Pipes that split table cells: those not escaped with a backslash.
fn cell_separators(line: &str) -> usize {
    let bytes = line.as_bytes();
    (0..bytes.len())
        .filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'))
        .count()
}

#[test]
fn markdown_is_a_readable_table_with_hostile_text_inert() {
    let tree = hostile_tree();
    let (output, code) = lint_as(&tree, "markdown");
    assert_eq!(code, 1);
    let all = diagnostics(&tree);
    let errors = all.iter().filter(|d| d.severity == "error").count();
    let warnings = all.len() - errors;
    assert!(
        output.starts_with(&format!(
            "### ❌ Not ready: {errors} errors must be fixed first, and {warnings} warnings to look at\n\nChecked 14 files on {}.\n\n#### To fix before this can be merged\n\n- ",
            common::TODAY_IN_WORDS
        )),
        "{output}"
    );
    assert!(
        output.contains(
            "\n<details>\n<summary>Technical details: rule codes and places</summary>\n\n| Severity | Rule | Where | Message |\n|---|---|---|---|\n"
        ),
        "{output}"
    );
    // One item per finding in the lists, above the table.
    let items = output.lines().filter(|l| l.starts_with("- ")).count();
    assert_eq!(items, all.len(), "{output}");
    let rows: Vec<&str> = output.lines().filter(|l| l.starts_with("| ")).collect();
    assert_eq!(
        rows.len(),
        all.len() + 1,
        "one row per finding plus the header"
    );
    for row in &rows {
        assert_eq!(
            cell_separators(row),
            5,
            "a row that breaks the table: {row}"
        );
    }
    assert!(rows[1].starts_with("| ❌ error | `"), "errors come first");
    assert!(rows.last().unwrap().starts_with("| ⚠️ warning | `"));
    for forbidden in ["<img", "<script", "\r"] {
        assert!(!output.contains(forbidden), "{forbidden:?} in:\n{output}");
    }
    // Only steward's own fold closes a <details>.
    assert_eq!(output.matches("</details>").count(), 1, "{output}");
    assert!(output.ends_with("\n</details>\n"), "{output}");
    let unescaped = |needle: &str| {
        output
            .match_indices(needle)
            .any(|(i, _)| i == 0 || output.as_bytes()[i - 1] != b'\\')
    };
    assert!(!unescaped("]("), "a link in:\n{output}");
    assert!(!unescaped("@everyone"), "a mention in:\n{output}");
    // Every hostile name went through render::markdown::escape.
    for (_, text) in HOSTILE {
        let escaped = format!("{} has no owner", render::markdown::escape(text));
        assert!(
            output.contains(&escaped),
            "{escaped:?} missing in:\n{output}"
        );
    }
    assert!(output.contains("&lt;/details&gt;&lt;script&gt;"));
    assert!(output.contains("`policies/tools/x\\n::add-mask::y.toml:1`"));
}

#[test]
fn markdown_stays_within_its_size_limit() {
    let output = render::lint_markdown::render(&report(300, 200), 8 * 1024);
    assert!(output.len() <= 8 * 1024, "{} bytes", output.len());
    // The list of problems comes first and fills the space: the table is cut.
    let listed = output.lines().filter(|l| l.starts_with("- ")).count();
    assert!(listed > 10, "{output}");
    assert!(!output.contains("<details>"), "{output}");
    let note = format!(
        "**{} errors, 200 warnings not shown** to keep this summary within GitHub's size limit. \
         The full list: `steward lint --format json`, or the SARIF file when the action writes one.",
        300 - listed
    );
    assert!(output.ends_with(&format!("{note}\n")), "{output}");
    // The default cap leaves half of GitHub's 1 MiB for the diff.
    let full = render::lint_markdown::render(&report(20_000, 0), render::lint_markdown::SIZE_LIMIT);
    assert!(full.len() <= 512 * 1024 && full.len() > 400 * 1024);
}

/// Every ESC in `text` starts a colour (SGR) sequence, `ESC [ digits;... m`: no other code.
#[track_caller]
fn assert_only_colours(text: &str) {
    for (i, _) in text.match_indices('\u{1b}') {
        let rest = &text[i + 1..];
        let params = rest.strip_prefix('[').map(|r| {
            r.chars()
                .take_while(|c| c.is_ascii_digit() || *c == ';')
                .count()
        });
        let is_colour = params.is_some_and(|n| rest[1 + n..].starts_with('m'));
        assert!(
            is_colour,
            "a code that is not a colour at {i}: {:?}",
            &text[i..(i + 12).min(text.len())]
        );
    }
}

/// On a terminal the human report keeps miette's colours; the hostile text in the message,
/// help, label, file name and snippet is shown escaped, inside them.
#[test]
fn human_colours_stay_and_user_codes_are_shown() {
    let terminal = "\u{1b}]0;owned\u{7}\u{1b}[2J\u{1b}[32mNo problems found";
    let shown = "\\u{1b}]0;owned\\u{7}\\u{1b}[2J\\u{1b}[32mNo problems found";
    let source = Arc::new(SourceFile::new(
        "policies/tools/evil\u{1b}[2J.toml",
        &format!("name = \"{terminal}\"\nvendor = \"\u{202E}V\"\n"),
    ));
    let vendor = source.text.find("vendor").unwrap();
    let finding = Finding::new(
        steward::rules::find("tool/no-owner").expect("a rule"),
        Location::new(&source, 8..9),
        Subject {
            entity: "tools/evil.toml".to_string(),
            field: String::new(),
        },
        format!("{terminal} (evil) has no owner"),
        "help \u{1b}[31mred\u{9b}",
    )
    .with_label(
        Location::new(&source, vendor..vendor + 6),
        "label \u{2066}x",
    );
    let report = Report {
        findings: vec![finding],
        files: 1,
        ..Report::default()
    };
    let colored = render::human::render(&report, true);
    assert!(colored.contains("\u{1b}["), "no colours:\n{colored}");
    assert_only_colours(&colored);
    let plain = render::human::render(&report, false);
    assert!(!plain.contains('\u{1b}'), "{plain:?}");
    for output in [&colored, &plain] {
        for expected in [
            format!("{shown} (evil) has no owner"),
            "help \\u{1b}[31mred\\u{9b}".to_string(),
            "label <U+2066>x".to_string(),
            "policies/tools/evil\\u{1b}[2J.toml:1:9".to_string(),
            format!("name = \"{shown}\""),
            "vendor = \"<U+202E>V\"".to_string(),
        ] {
            assert!(output.contains(&expected), "{expected:?} not in:\n{output}");
        }
        assert!(
            !output.contains(['\u{202E}', '\u{2066}', '\u{7}', '\u{9b}']),
            "{output:?}"
        );
    }
}

#[test]
fn markdown_of_a_clean_tree() {
    let (output, code) = lint_as(&Tree::baseline(), "markdown");
    assert_eq!(code, 0);
    assert_eq!(
        output,
        format!(
            "### ✅ No problems found\n\nChecked 4 files on {}.\n\n",
            common::TODAY_IN_WORDS
        )
    );
}

// --- SARIF ----------------------------------------------------------------------------------

fn sarif_validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/action/sarif-schema-2.1.0.json");
    // The published schema's two `language` patterns have a stray `]`, a literal in ECMA 262's
    // web-compatibility grammar that the validator's stricter regex check rejects. Escape it
    // (same meaning) in memory; the file stays as published. steward writes no `language`.
    let text = std::fs::read_to_string(path).expect("the SARIF schema");
    let stray = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert_eq!(text.matches(stray).count(), 2);
    let text = text.replace(stray, r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#);
    let schema: Value = serde_json::from_str(&text).expect("the SARIF schema is JSON");
    jsonschema::draft7::options()
        .build(&schema)
        .expect("the SARIF schema compiles")
}

#[track_caller]
fn assert_valid_sarif(text: &str) -> Value {
    let doc: Value = serde_json::from_str(text).expect("SARIF output is JSON");
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF schema errors: {errors:#?}");
    // serde-sarif's types, generated from the same schema, read it too.
    let typed: serde_sarif::sarif::Sarif =
        serde_json::from_str(text).expect("serde-sarif reads the log");
    assert_eq!(typed.runs.len(), 1);
    doc
}

#[test]
fn sarif_is_valid_and_complete() {
    let tree = hostile_tree().edit(TOOL_PATH, "owner = \"ana\"", "owner = \"zed\"");
    let (output, code) = lint_as(&tree, "sarif");
    assert_eq!(code, 1);
    let doc = assert_valid_sarif(&output);
    assert_eq!(doc["version"], "2.1.0");
    assert_eq!(
        doc["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let run = &doc["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "steward");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), steward::rules::all().len());
    for (rule, known) in rules.iter().zip(steward::rules::all()) {
        assert_eq!(rule["id"], known.code);
        assert_eq!(rule["shortDescription"]["text"], known.summary);
        assert!(
            rule["fullDescription"]["text"]
                .as_str()
                .unwrap()
                .contains(known.what)
        );
        assert_eq!(rule["help"]["text"], steward::rules::explain(known));
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains(known.why)
        );
        assert_eq!(
            rule["defaultConfiguration"]["level"],
            known.severity.as_str()
        );
    }

    let expected = diagnostics(&tree);
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), expected.len());
    let mut ranked: Vec<&Diag> = expected.iter().collect();
    ranked.sort_by_key(|d| d.severity != "error");
    for (result, d) in results.iter().zip(ranked) {
        assert_eq!(result["ruleId"], d.rule.as_str());
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], d.rule.as_str());
        assert_eq!(result["level"], d.severity.as_str());
        assert_eq!(result["message"]["text"], message_and_help(d).as_str());
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(
            location["artifactLocation"]["uri"],
            render::sarif::uri_path(&d.file).as_str()
        );
        let region = &location["region"];
        assert_eq!(region["startLine"], d.line);
        assert_eq!(region["startColumn"], d.column);
        assert_eq!(region["endLine"], d.end_line);
        assert_eq!(region["endColumn"], d.end_column);
        assert!(
            result["partialFingerprints"][render::sarif::FINGERPRINT_KEY]
                .as_str()
                .is_some_and(|f| f.len() > 16)
        );
    }
    let chat = results
        .iter()
        .find(|r| r["ruleId"] == "ref/unknown-person")
        .expect("the unknown owner");
    assert_eq!(
        chat["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "policies/tools/chat.toml"
    );
    assert!(output.contains("policies/tools/a%2Cline%3D99%3Ab.toml"));
    assert!(output.contains("policies/tools/x%0A%3A%3Aadd-mask%3A%3Ay.toml"));
    // The hostile text is in the messages as it is (JSON escaping keeps it data).
    for (_, text) in HOSTILE {
        assert!(
            results
                .iter()
                .any(|r| r["message"]["text"].as_str().unwrap().starts_with(text)),
            "{text:?}"
        );
    }
}

#[test]
fn the_sarif_schema_check_is_not_vacuous() {
    let (output, _) = lint_as(
        &Tree::baseline().edit(TOOL_PATH, "owner = \"ana\"", "owner = \"zed\""),
        "sarif",
    );
    let mut doc = assert_valid_sarif(&output);
    doc["runs"][0]["results"][0]["level"] = Value::from("fatal");
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    doc["runs"][0]["tool"]["driver"]["rules"][0]["shortDescription"] = Value::from("text");
    let errors = sarif_validator().iter_errors(&doc).count();
    assert!(errors >= 3, "{errors} errors");
}

#[test]
fn sarif_fingerprints_do_not_depend_on_lines() {
    let tree = Tree::baseline().edit(TOOL_PATH, "owner = \"ana\"", "owner = \"zed\"");
    let fingerprints = |tree: &Tree| {
        let (output, _) = lint_as(tree, "sarif");
        let doc = assert_valid_sarif(&output);
        let result = &doc["runs"][0]["results"][0];
        (
            result["partialFingerprints"].clone(),
            result["locations"][0]["physicalLocation"]["region"]["startLine"].clone(),
        )
    };
    let (before, line_before) = fingerprints(&tree);
    let tree = tree.edit(
        TOOL_PATH,
        "name = \"Chat\"\n",
        "name = \"Chat\"\n# a comment\n\n",
    );
    let (after, line_after) = fingerprints(&tree);
    assert_eq!(line_before, 6);
    assert_eq!(line_after, 8);
    assert_eq!(before, after);
}

#[test]
fn sarif_caps_results_with_a_notification() {
    let text = render::sarif::render_with_limit(&report(3, 2), 4);
    let doc = assert_valid_sarif(&text);
    let run = &doc["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    assert!(results[..3].iter().all(|r| r["level"] == "error"));
    let note = &run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"];
    assert!(
        note.as_str()
            .unwrap()
            .starts_with("1 findings were left out"),
        "{note}"
    );
    // Same rule, entity and field twice: the fingerprints still differ.
    let twice = render::sarif::render(&Report {
        findings: [report(1, 0).findings, report(1, 0).findings].concat(),
        files: 1,
        waived: 0,
        preexisting: 0,
        base_error: None,
        checked_on: None,
    });
    let doc = assert_valid_sarif(&twice);
    let prints: Vec<&Value> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["partialFingerprints"][render::sarif::FINGERPRINT_KEY])
        .collect();
    assert_ne!(prints[0], prints[1]);
}

#[test]
fn sarif_of_a_clean_tree_is_valid() {
    let (output, code) = lint_as(&Tree::baseline(), "sarif");
    assert_eq!(code, 0);
    let doc = assert_valid_sarif(&output);
    assert_eq!(doc["runs"][0]["results"], Value::Array(Vec::new()));
}

// --- JUnit ----------------------------------------------------------------------------------

/// An XML element read back by quick-xml: name, attributes (unescaped), text, children.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: BTreeMap<String, String>,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn children(&self, name: &str) -> Vec<&Element> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
}

fn parse_xml(text: &str) -> Element {
    use quick_xml::XmlVersion;
    use quick_xml::events::{BytesStart, Event};

    fn element(start: &BytesStart) -> Element {
        let attributes = start
            .attributes()
            .map(|a| {
                let a = a.expect("a well-formed attribute");
                (
                    a.key.as_ref().to_string(),
                    a.normalized_value(XmlVersion::Implicit1_0)
                        .expect("an attribute value")
                        .into_owned(),
                )
            })
            .collect();
        Element {
            name: start.name().as_ref().to_string(),
            attributes,
            ..Element::default()
        }
    }

    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(start) => stack.push(element(&start)),
            Event::Empty(start) => {
                let done = element(&start);
                stack.last_mut().unwrap().children.push(done);
            }
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(done);
            }
            Event::Text(t) => stack.last_mut().unwrap().text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .expect("a valid character reference")
                        .expect("a character")
                        .to_string()
                } else {
                    let name = r.xml10_content();
                    quick_xml::escape::resolve_xml_entity(&name)
                        .unwrap_or_else(|| panic!("an unknown entity &{name};"))
                        .to_string()
                };
                stack.last_mut().unwrap().text.push_str(&resolved);
            }
            Event::CData(_) | Event::DocType(_) | Event::PI(_) => {
                panic!("steward writes no CDATA, DOCTYPE or processing instructions")
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut document = stack.pop().unwrap();
    assert_eq!(document.children.len(), 1, "one root element");
    document.children.pop().unwrap()
}

#[test]
fn junit_is_well_formed_with_a_testcase_per_file() {
    let tree = hostile_tree().edit(TOOL_PATH, "backup_owner = \"ben\"\n", "");
    let (output, code) = lint_as(&tree, "junit");
    assert_eq!(code, 1);
    assert!(output.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    let root = parse_xml(&output);
    assert_eq!(root.name, "testsuites");
    let suites = root.children("testsuite");
    assert_eq!(suites.len(), 1);
    let suite = suites[0];
    assert_eq!(suite.attributes["name"], "steward");

    let all = diagnostics(&tree);
    let mut files: Vec<&str> = all.iter().map(|d| d.file.as_str()).collect();
    files.dedup();
    let cases = suite.children("testcase");
    // One per file with findings, and one for the files without.
    assert_eq!(cases.len(), files.len() + 1);
    assert_eq!(suite.attributes["tests"], cases.len().to_string());
    let failing = cases
        .iter()
        .filter(|c| !c.children("failure").is_empty())
        .count();
    assert_eq!(suite.attributes["failures"], failing.to_string());
    assert_eq!(root.attributes["failures"], failing.to_string());
    assert_eq!(
        cases.last().unwrap().attributes["name"],
        render::junit::CLEAN_FILES_CASE
    );

    for (case, file) in cases.iter().zip(&files) {
        assert_eq!(
            case.attributes["name"], *file,
            "file names survive escaping"
        );
        let findings: Vec<&Diag> = all.iter().filter(|d| d.file == *file).collect();
        let expected: String = findings
            .iter()
            .map(|d| {
                format!(
                    "{}:{}:{}: {}[{}] {}\n  help: {}\n",
                    d.file, d.line, d.column, d.severity, d.rule, d.message, d.help
                )
            })
            .collect();
        let errors = findings.iter().filter(|d| d.severity == "error").count();
        if errors > 0 {
            let failure = case.children("failure");
            assert_eq!(failure.len(), 1);
            assert_eq!(failure[0].text, expected, "in {file}");
            assert!(failure[0].attributes["message"].starts_with(&format!("{errors} error")));
        } else {
            assert!(case.children("failure").is_empty());
            assert_eq!(case.children("system-out")[0].text, expected, "in {file}");
        }
    }
    // The chat tool has only a warning: its testcase passes.
    let chat = cases
        .iter()
        .find(|c| c.attributes["name"] == TOOL_PATH)
        .expect("the chat tool's testcase");
    assert!(chat.children("failure").is_empty());
    assert!(
        chat.children("system-out")[0]
            .text
            .contains("tool/no-backup-owner")
    );
}

#[test]
fn junit_of_a_clean_tree() {
    let (output, code) = lint_as(&Tree::baseline(), "junit");
    assert_eq!(code, 0);
    let root = parse_xml(&output);
    let suite = root.children("testsuite")[0];
    assert_eq!(suite.attributes["tests"], "1");
    assert_eq!(suite.attributes["failures"], "0");
    assert_eq!(suite.children("testcase").len(), 1);
}

// --- JSON and --output ----------------------------------------------------------------------

#[test]
fn json_stays_valid_and_keeps_hostile_text_as_data() {
    let tree = hostile_tree();
    let all = diagnostics(&tree);
    for (_, text) in HOSTILE {
        assert!(
            all.iter().any(|d| d.message.starts_with(text)),
            "{text:?} is not in any message"
        );
    }
    assert!(
        all.iter()
            .any(|d| d.file == "policies/tools/x\n::add-mask::y.toml")
    );
}

#[test]
fn every_format_writes_to_output_files() {
    let tree = Tree::baseline().edit(TOOL_PATH, "owner = \"ana\"", "owner = \"zed\"");
    for format in ["human", "json", "github", "sarif", "junit", "markdown"] {
        let (stdout, _) = lint_as(&tree, format);
        let file = tree.join(&format!("report.{format}"));
        let output = tree
            .steward()
            .args(["lint", "--today", TODAY, "--format", format, "--output"])
            .arg(&file)
            .output()
            .expect("run steward");
        assert_eq!(output.status.code(), Some(1), "{format}");
        assert!(output.stdout.is_empty(), "{format} also wrote to stdout");
        let written = std::fs::read_to_string(&file).expect("the report file");
        assert_eq!(written, stdout, "{format}");
    }
}
