//! The official TOML conformance corpus (toml-lang/toml-test), run through steward.
//!
//! steward parses with the `toml` crate 1.x, which implements TOML 1.1, so the applicable
//! files are those listed in `files-toml-1.1.0` (492 invalid, 220 valid `.toml` files).
//!
//! - Every invalid file, placed in a tree as `tools/x.toml`, must give a `toml/syntax`
//!   diagnostic (or a more specific one: `file/not-utf8`) with a line and column inside the
//!   file, and must never panic or hang.
//! - Every valid file must parse: no `toml/syntax` or `file/*` diagnostic, and the value
//!   steward builds for schema validation must match toml-test's expected value.
//! - A few invalid files also go through the command line, for exit code 1.
//!
//! The corpus lives outside the repository (`../shared/data/toml-test/`); when it is absent
//! the tests print why they skip and pass.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;
use steward::config::Config;
use steward::document::{Document, SourceFile};
use steward::finding::Finding;
use steward::lint::lint_files;
use steward::source::{FileProblem, RawFile, decode};

/// The spec version whose file list applies to the `toml` crate 1.x.
const LIST: &str = "files-toml-1.1.0";
const EXPECTED_INVALID: usize = 492;
const EXPECTED_VALID: usize = 220;
/// Longest any single corpus file may take (they are tiny; this only catches hangs).
const PER_FILE: Duration = Duration::from_secs(20);
/// The path each corpus file takes inside the tree.
const TOOL_PATH: &str = "tools/x.toml";
/// Codes that count as "diagnosed" for an invalid file.
const SYNTAX_CODES: &[&str] = &["toml/syntax", "file/not-utf8"];

fn corpus_dir() -> Option<PathBuf> {
    let dir = common::shared_data("toml-test")?;
    assert!(
        dir.join(LIST).is_file(),
        "the corpus at {} has no file list {LIST}",
        dir.display()
    );
    Some(dir)
}

/// The `.toml` files the list names, split into (invalid, valid).
fn applicable(dir: &Path) -> (Vec<String>, Vec<String>) {
    let list = std::fs::read_to_string(dir.join(LIST)).expect("the file list is readable");
    let mut invalid = Vec::new();
    let mut valid = Vec::new();
    for line in list.lines().map(str::trim) {
        if !line.ends_with(".toml") {
            continue;
        }
        if line.starts_with("invalid/") {
            invalid.push(line.to_string());
        } else if line.starts_with("valid/") {
            valid.push(line.to_string());
        }
    }
    (invalid, valid)
}

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 25)
}

fn lint_one(content: Result<String, FileProblem>) -> Vec<Finding> {
    let files = vec![RawFile {
        path: TOOL_PATH.to_string(),
        content,
    }];
    lint_files(files, "", &Config::default(), today()).findings
}

/// Runs `check` on every item in a worker thread, with a time limit per item, and collects
/// every failure (a panic counts as one) instead of stopping at the first.
fn run_all<F>(items: Vec<String>, check: F) -> Vec<String>
where
    F: Fn(&str) -> Result<(), String> + Send + Sync + 'static,
{
    let (tx, rx) = mpsc::channel();
    let names = items.clone();
    let worker = std::thread::spawn(move || {
        for item in items {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&item)))
                .unwrap_or_else(|panic| {
                    let text = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    Err(format!("PANICKED: {text}"))
                });
            if tx.send((item, outcome)).is_err() {
                return;
            }
        }
    });
    let mut failures = Vec::new();
    for name in &names {
        match rx.recv_timeout(PER_FILE) {
            Ok((item, Ok(()))) => assert_eq!(&item, name),
            Ok((item, Err(why))) => failures.push(format!("{item}: {why}")),
            Err(_) => panic!("{name}: no answer within {PER_FILE:?} (hang?)"),
        }
    }
    worker.join().expect("the worker finished");
    failures
}

/// Checks that a finding's span lies inside its file and that its position is a real line
/// and column of that file.
fn check_location(finding: &Finding) -> Result<(), String> {
    let text = &finding.location.source.text;
    let span = &finding.location.span;
    if span.start > span.end || span.end > text.len() {
        return Err(format!(
            "{}: span {span:?} is outside the text ({} bytes)",
            finding.code(),
            text.len()
        ));
    }
    if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
        return Err(format!(
            "{}: span {span:?} is not on character boundaries",
            finding.code()
        ));
    }
    let start = finding.location.start();
    let end = finding.location.end();
    let lines = text.split('\n').count();
    if start.line == 0 || start.column == 0 || start.line > lines || end < start {
        return Err(format!(
            "{}: position {start:?}..{end:?} is not inside a {lines}-line file",
            finding.code()
        ));
    }
    let line_text = text.split('\n').nth(start.line - 1).unwrap_or_default();
    let line_chars = line_text.trim_end_matches('\r').chars().count();
    if start.column > line_chars + 1 {
        return Err(format!(
            "{}: column {} is past the end of line {} ({line_chars} characters)",
            finding.code(),
            start.column,
            start.line
        ));
    }
    Ok(())
}

fn check_invalid(dir: &Path, name: &str) -> Result<(), String> {
    let bytes = std::fs::read(dir.join(name)).map_err(|e| format!("cannot read: {e}"))?;
    let content = decode(bytes.clone());

    // The library's parser rejects it on its own (when it is text at all).
    if let Ok(text) = &content {
        let source = Arc::new(SourceFile::new(TOOL_PATH, text));
        match Document::parse(Arc::clone(&source)) {
            Ok(_) => return Err("Document::parse accepted it".to_string()),
            Err(errors) => {
                if errors.is_empty() {
                    return Err("Document::parse failed without an error".to_string());
                }
                for e in &errors {
                    if e.span.start > e.span.end || e.span.end > source.text.len() {
                        return Err(format!("syntax error span {:?} out of bounds", e.span));
                    }
                }
            }
        }
    }

    // A full lint of a tree holding it as a tool file diagnoses it with a location.
    let findings = lint_one(content.clone());
    let diagnosed: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.subject.entity == TOOL_PATH && SYNTAX_CODES.contains(&f.code()))
        .collect();
    if diagnosed.is_empty() {
        let codes: Vec<&str> = findings.iter().map(Finding::code).collect();
        return Err(format!("no syntax diagnostic; got {codes:?}"));
    }
    for finding in &findings {
        check_location(finding)?;
    }
    // Bytes that are not UTF-8 are blamed on the line and column of the first bad byte.
    if let Err(FileProblem::NotUtf8 { valid_up_to, .. }) = &content {
        let finding = diagnosed
            .iter()
            .find(|f| f.code() == "file/not-utf8")
            .ok_or("not UTF-8 but no file/not-utf8 finding")?;
        let prefix = String::from_utf8_lossy(&bytes[..*valid_up_to]);
        let prefix = prefix.strip_prefix('\u{feff}').unwrap_or(&prefix);
        let line = prefix.matches('\n').count() + 1;
        let last = prefix.rsplit('\n').next().unwrap_or_default();
        let column = last.trim_end_matches('\r').chars().count() + 1;
        let at = finding.location.start();
        if (at.line, at.column) != (line, column) {
            return Err(format!(
                "file/not-utf8 at {}:{}, the first bad byte is at {line}:{column}",
                at.line, at.column
            ));
        }
    }
    Ok(())
}

fn check_valid(dir: &Path, name: &str) -> Result<(), String> {
    let bytes = std::fs::read(dir.join(name)).map_err(|e| format!("cannot read: {e}"))?;
    let text = decode(bytes).map_err(|p| format!("the source refused it: {p:?}"))?;
    let source = Arc::new(SourceFile::new(TOOL_PATH, &text));
    let doc = Document::parse(Arc::clone(&source))
        .map_err(|errors| format!("Document::parse refused it: {errors:?}"))?;

    // Every pointer maps to an in-bounds span.
    let value = doc.to_value();
    let mut pointers = Vec::new();
    collect_pointers(&value, String::new(), &mut pointers);
    for pointer in &pointers {
        // The document's own lookup answers as the built value does.
        let looked_up = doc.get(pointer).map(|v| v.to_value());
        if looked_up.as_ref() != value.pointer(pointer) {
            return Err(format!(
                "get({pointer:?}) = {looked_up:?}, the value holds {:?}",
                value.pointer(pointer)
            ));
        }
        for (what, span) in [
            ("span_for", doc.span_for(pointer)),
            ("key_span_for", doc.key_span_for(pointer)),
        ] {
            if span.start > span.end
                || span.end > source.text.len()
                || !source.text.is_char_boundary(span.start)
                || !source.text.is_char_boundary(span.end)
            {
                return Err(format!(
                    "{what}({pointer:?}) = {span:?} is not a valid span"
                ));
            }
        }
    }

    // The value used for schema validation is the one toml-test expects.
    let expected_path = dir.join(name.replace(".toml", ".json"));
    if let Ok(expected) = std::fs::read_to_string(&expected_path) {
        let expected: Value =
            serde_json::from_str(&expected).map_err(|e| format!("bad expected JSON: {e}"))?;
        compare(&untag(&expected), &value, "")?;
    }

    let findings = lint_one(Ok(text));
    let wrong: Vec<String> = findings
        .iter()
        .filter(|f| f.code() == "toml/syntax" || f.code().starts_with("file/"))
        .map(|f| format!("{}: {}", f.code(), f.message))
        .collect();
    if !wrong.is_empty() {
        return Err(format!("lint reported {wrong:?}"));
    }
    for finding in &findings {
        check_location(finding)?;
    }
    Ok(())
}

fn collect_pointers(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_pointer = steward::document::push_pointer(&pointer, key);
                collect_pointers(child, child_pointer, out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                collect_pointers(
                    child,
                    steward::document::push_pointer(&pointer, &index.to_string()),
                    out,
                );
            }
        }
        _ => {}
    }
    out.push(pointer);
}

/// What toml-test's tagged JSON means in steward's JSON: strings, integers and booleans as
/// themselves, floats as numbers (inf and nan have no JSON form: null), dates and times as
/// strings.
#[derive(Debug)]
enum Expected {
    Table(Vec<(String, Expected)>),
    Array(Vec<Expected>),
    String(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
    Datetime(String),
}

fn untag(value: &Value) -> Expected {
    match value {
        Value::Array(items) => Expected::Array(items.iter().map(untag).collect()),
        Value::Object(map) => {
            if let (Some(Value::String(kind)), Some(Value::String(v)), 2) =
                (map.get("type"), map.get("value"), map.len())
            {
                return match kind.as_str() {
                    "string" => Expected::String(v.clone()),
                    "integer" => Expected::Integer(v.parse().expect("toml-test integer")),
                    "float" => Expected::Float(match v.as_str() {
                        "inf" | "+inf" => f64::INFINITY,
                        "-inf" => f64::NEG_INFINITY,
                        "nan" | "+nan" | "-nan" => f64::NAN,
                        other => other.parse().expect("toml-test float"),
                    }),
                    "bool" => Expected::Bool(v == "true"),
                    _ => Expected::Datetime(v.clone()),
                };
            }
            Expected::Table(map.iter().map(|(k, v)| (k.clone(), untag(v))).collect())
        }
        other => panic!("unexpected toml-test JSON {other}"),
    }
}

/// Dates and times compare after toml-test's own normalizations (`T` or space, case of `t`
/// and `z`, optional seconds, trailing zeros of fractional seconds).
fn normalize_datetime(text: &str) -> String {
    let mut s = text.to_ascii_uppercase().replacen(' ', "T", 1);
    if let Some(dot) = s.find('.') {
        let digits = s[dot + 1..].bytes().take_while(u8::is_ascii_digit).count();
        let kept = s[dot + 1..dot + 1 + digits].trim_end_matches('0').len();
        let cut = if kept == 0 { dot } else { dot + 1 + kept };
        s.replace_range(cut..dot + 1 + digits, "");
    }
    // `07:32` (TOML 1.1 allows leaving out seconds) means `07:32:00`.
    if let Some(t) = s
        .find('T')
        .map(|i| i + 1)
        .or(if s.len() >= 5 && &s[2..3] == ":" {
            Some(0)
        } else {
            None
        })
    {
        let rest = &s[t..];
        if rest.len() >= 5 && !rest[5..].starts_with(':') {
            s.insert_str(t + 5, ":00");
        }
    }
    s
}

fn compare(expected: &Expected, actual: &Value, pointer: &str) -> Result<(), String> {
    let mismatch = || format!("at {pointer:?}: expected {expected:?}, steward built {actual}");
    match (expected, actual) {
        (Expected::Table(entries), Value::Object(map)) => {
            if entries.len() != map.len() {
                return Err(mismatch());
            }
            for (key, child) in entries {
                let actual = map.get(key).ok_or_else(mismatch)?;
                compare(child, actual, &format!("{pointer}/{key}"))?;
            }
            Ok(())
        }
        (Expected::Array(items), Value::Array(actual_items)) => {
            if items.len() != actual_items.len() {
                return Err(mismatch());
            }
            for (index, (e, a)) in items.iter().zip(actual_items).enumerate() {
                compare(e, a, &format!("{pointer}/{index}"))?;
            }
            Ok(())
        }
        (Expected::String(e), Value::String(a)) if e == a => Ok(()),
        (Expected::Integer(e), Value::Number(a)) if a.as_i64() == Some(*e) => Ok(()),
        (Expected::Float(e), Value::Null) if !e.is_finite() => Ok(()),
        (Expected::Float(e), Value::Number(a)) if a.as_f64() == Some(*e) => Ok(()),
        (Expected::Bool(e), Value::Bool(a)) if e == a => Ok(()),
        (Expected::Datetime(e), Value::String(a))
            if normalize_datetime(e) == normalize_datetime(a) =>
        {
            Ok(())
        }
        _ => Err(mismatch()),
    }
}

#[test]
fn every_invalid_file_is_diagnosed_with_a_location() {
    let Some(dir) = corpus_dir() else { return };
    let (invalid, _) = applicable(&dir);
    assert_eq!(
        invalid.len(),
        EXPECTED_INVALID,
        "{LIST} should name {EXPECTED_INVALID} invalid files"
    );
    let total = invalid.len();
    let shared = dir.clone();
    let failures = run_all(invalid, move |name| check_invalid(&shared, name));
    let panics = failures.iter().filter(|f| f.contains("PANICKED")).count();
    println!(
        "toml-test 1.1.0: {}/{total} invalid diagnosed ({panics} panics)",
        total - failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {total} invalid files were not diagnosed properly:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_valid_file_parses_to_the_expected_value() {
    let Some(dir) = corpus_dir() else { return };
    let (_, valid) = applicable(&dir);
    assert_eq!(
        valid.len(),
        EXPECTED_VALID,
        "{LIST} should name {EXPECTED_VALID} valid files"
    );
    let total = valid.len();
    let shared = dir.clone();
    let failures = run_all(valid, move |name| check_valid(&shared, name));
    let panics = failures.iter().filter(|f| f.contains("PANICKED")).count();
    println!(
        "toml-test 1.1.0: {}/{total} valid parsed ({panics} panics)",
        total - failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {total} valid files were not parsed properly:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// End to end: a handful of invalid files, one of each kind of problem, each in its own tree,
/// make `steward lint` exit with 1 and name the rule in its JSON output.
#[test]
fn the_command_line_exits_1_on_invalid_files() {
    let Some(dir) = corpus_dir() else { return };
    let samples = [
        "invalid/table/duplicate-key-01.toml",
        "invalid/encoding/bad-utf8-in-string.toml",
        "invalid/encoding/bom-not-at-start-01.toml",
        "invalid/integer/incomplete-hex.toml",
        "invalid/control/bare-cr.toml",
        "invalid/inline-table/duplicate-key-01.toml",
    ];
    let (invalid, _) = applicable(&dir);
    for sample in samples {
        assert!(
            invalid.iter().any(|n| n == sample),
            "{sample} is not in {LIST}; update this list of samples"
        );
        let project = tempfile::tempdir().expect("temp dir");
        std::fs::write(project.path().join("steward.toml"), "root = \"policies\"\n").unwrap();
        let tools = project.path().join("policies/tools");
        std::fs::create_dir_all(&tools).unwrap();
        std::fs::copy(dir.join(sample), tools.join("x.toml")).unwrap();
        let output = assert_cmd::cargo::cargo_bin_cmd!("steward")
            .current_dir(project.path())
            .args(["lint", "--format", "json", "--today", "2026-11-25"])
            .timeout(Duration::from_secs(30))
            .output()
            .expect("steward runs");
        assert_eq!(
            output.status.code(),
            Some(1),
            "{sample}: exit status {:?}, stderr {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        let json: Value = serde_json::from_slice(&output.stdout).expect("JSON output");
        let diagnosed = json["diagnostics"].as_array().unwrap().iter().any(|d| {
            d["file"] == "policies/tools/x.toml"
                && SYNTAX_CODES.contains(&d["rule"].as_str().unwrap_or_default())
                && d["line"].as_u64() >= Some(1)
                && d["column"].as_u64() >= Some(1)
        });
        assert!(diagnosed, "{sample}: no syntax diagnostic in {json}");
    }
}
