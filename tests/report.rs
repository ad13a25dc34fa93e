//! End-to-end tests of `steward report budget|tools`: the sample tree in every format, the
//! filters, and hostile names in markdown and CSV.

use std::fs;
use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

const TODAY: &str = "2026-11-25";

fn steward(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("steward")
        .expect("the steward binary")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .write_stdin("")
        .args(args)
        .output()
        .expect("run steward")
}

/// `steward ARGS` on the sample tree in policies/; asserts exit code 0, returns stdout.
fn sample(args: &[&str]) -> String {
    let out = steward(Path::new(env!("CARGO_MANIFEST_DIR")), args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn budget_human_on_the_sample_tree() {
    let text = sample(&["report", "budget", "--today", TODAY]);
    insta::assert_snapshot!("report_budget_human", text);
}

#[test]
fn budget_json_adds_up() {
    let doc: Value = serde_json::from_str(&sample(&[
        "report", "budget", "--today", TODAY, "--format", "json",
    ]))
    .unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["fiscal_year"], "2026");
    let departments = doc["departments"].as_array().unwrap();
    assert_eq!(departments.len(), 7);
    // Every department: the categories add up to what is planned, and planned + left = allocation.
    for d in departments {
        let planned = d["planned"].as_f64().unwrap();
        let categories: f64 = d["by_category"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_f64().unwrap())
            .sum();
        assert!((planned - categories).abs() < 0.001, "{}", d["department"]);
        let allocation = d["allocation"].as_f64().unwrap();
        assert!((planned + d["left"].as_f64().unwrap() - allocation).abs() < 0.001);
    }
    assert_eq!(doc["totals"][0]["planned"], 79978);
    assert_eq!(doc["totals"][0]["currency"], "USD");
    // The tools behind a line: from the line's `tool` and from the tools' budget_line.
    let communications = &departments[0];
    let email = &communications["lines"][0];
    assert_eq!(email["id"], "email-marketing");
    assert_eq!(email["tools"][0]["id"], "mailchimp");
    assert_eq!(email["tools"][0]["cost"]["per_year"], 4200);
}

#[test]
fn budget_csv_and_markdown() {
    let text = sample(&["report", "budget", "--today", TODAY, "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "fiscal_year");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let email = rows.iter().find(|r| &r[5] == "email-marketing").unwrap();
    assert_eq!(&email[1], "communications");
    assert_eq!(&email[8], "4200");
    assert_eq!(&email[10], "mailchimp");
    // Exact money: the sum of the amounts is the fiscal year's total.
    let total: rust_decimal::Decimal = rows
        .iter()
        .map(|r| r[8].parse::<rust_decimal::Decimal>().unwrap())
        .sum();
    assert_eq!(total, rust_decimal::Decimal::from(79978));

    let markdown = sample(&["report", "budget", "--today", TODAY, "--format", "markdown"]);
    assert!(
        markdown.starts_with("## Budgets for fiscal year 2026"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| communications | $18,000 | $16,700 | $1,300 | 93% |"),
        "{markdown}"
    );
}

#[test]
fn unknown_fiscal_year_suggests_the_known_ones() {
    let out = steward(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["report", "budget", "--fiscal-year", "2025"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("steward report budget --fiscal-year 2026"),
        "{err}"
    );
}

#[test]
fn tools_in_every_format() {
    let json: Value =
        serde_json::from_str(&sample(&["report", "tools", "--format", "json"])).unwrap();
    let tools = json["tools"].as_array().unwrap();
    assert_eq!(tools.len(), 17);
    let buffer = tools.iter().find(|t| t["id"] == "buffer").unwrap();
    assert_eq!(buffer["cost"]["per_year"], 720);
    assert_eq!(buffer["exit_plan"], true);

    let text = sample(&["report", "tools", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 17);
    let dropbox = rows.iter().find(|r| &r[0] == "dropbox").unwrap();
    assert_eq!(&dropbox[2], "retired");
    assert_eq!(&dropbox[8], "no");

    let human = sample(&["report", "tools"]);
    let header = human.lines().next().unwrap();
    for column in [
        "id",
        "name",
        "status",
        "department",
        "owner",
        "backup owner",
        "exit plan",
        "cost per year",
    ] {
        assert!(header.contains(column), "{header}");
    }
    assert!(
        human.contains("17 tools, costing $27,948 a year."),
        "{human}"
    );
}

#[test]
fn tool_filters() {
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["report", "tools", "--format", "json"];
        all.extend_from_slice(args);
        let doc: Value = serde_json::from_str(&sample(&all)).unwrap();
        doc["tools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&["--status", "restricted"]), ["gusto"]);
    assert_eq!(ids(&["--status", "trial"]), ["asana"]);
    assert_eq!(ids(&["--missing", "exit-plan"]), ["dropbox"]);
    assert_eq!(ids(&["--department", "finance"]), ["quickbooks-online"]);
    assert!(ids(&["--department", "it", "--status", "approved"]).contains(&"zoom".to_string()));

    let out = steward(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["report", "tools", "--department", "fianance"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Did you mean \"finance\"?"), "{err}");
}

/// A tree with one tool whose name and vendor are hostile.
fn hostile_tree() -> TempDir {
    let dir = TempDir::new().unwrap();
    let root = dir.path().join("policies");
    fs::create_dir_all(root.join("tools")).unwrap();
    fs::write(
        root.join("org.toml"),
        "[departments.it]\nname = \"IT | <b>ops</b>\"\n\n[people.ana]\nname = \"=HYPERLINK(\\\"http://x\\\")\"\ndepartment = \"it\"\n",
    )
    .unwrap();
    fs::write(
        root.join("tools/evil.toml"),
        "name = \"<img src=x>|x\"\nvendor = \"V\"\ncategory = \"c\"\nstatus = \"trial\"\ndepartment = \"it\"\nowner = \"ana\"\n\n[exit_plan]\ndata_export = \"Export, then \\\"check\\\" it\"\n",
    )
    .unwrap();
    dir
}

#[test]
fn markdown_escapes_hostile_names() {
    let dir = hostile_tree();
    let out = steward(dir.path(), &["report", "tools", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("<img"), "{text}");
    assert!(text.contains("&lt;img src=x&gt;\\|x"), "{text}");
    // The table keeps its columns: every row has as many cells as the header.
    let pipes = |line: &str| line.replace("\\|", "").matches('|').count();
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with('|')).collect();
    assert!(lines.iter().all(|l| pipes(l) == pipes(lines[0])), "{text}");
}

#[test]
fn csv_quotes_hostile_names_and_defuses_formulas() {
    let dir = hostile_tree();
    let out = steward(dir.path(), &["report", "tools", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][1], "<img src=x>|x");
    // A person whose name is a spreadsheet formula stays text.
    assert_eq!(&rows[0][5], "'=HYPERLINK(\"http://x\")");

    let out = steward(dir.path(), &["report", "tools", "--format", "json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["tools"][0]["name"], "<img src=x>|x");
}
