//! End-to-end tests of `steward report budget|tools|people`: the sample tree in every format,
//! the filters, the hand-over checklist, and hostile names in markdown and CSV.

mod common;

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
        markdown.contains("| Communications | $18,000 | $16,700 | $1,300 | 93% |"),
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

// report tools: stewardship columns and filters ----------------------------------------

/// The baseline tree (tests/common) with a second tool, Forms: public, with personal data,
/// and neither a data-processing agreement, an accessibility report nor administrators.
fn stewardship_tree() -> common::Tree {
    common::Tree::baseline()
        .edit(
            common::TOOL_PATH,
            "last_reviewed = 2026-06-01\n",
            "last_reviewed = 2026-06-01\nadmins = [\"ana\", \"ben\"]\n",
        )
        .append(
            common::TOOL_PATH,
            "\n[privacy]\npersonal_data = true\ndpa_signed = 2026-02-01\n",
        )
        .file(
            "policies/tools/forms.toml",
            &common::TOOL
                .replace("name = \"Chat\"", "name = \"Forms\"")
                .replace(
                    "last_reviewed = 2026-06-01\n",
                    "last_reviewed = 2026-06-01\npublic_facing = true\ndata_classification = \"confidential\"\nmfa = \"enforced\"\n",
                )
                .replace("budget_line = \"2026/it#chat\"\n", "")
                .replace("amount = 100", "amount = 0"),
        )
}

#[test]
fn tools_report_shows_admins_agreements_and_accessibility() {
    let tree = stewardship_tree();
    let run = |args: &[&str]| {
        let out = steward(tree.path(), args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let human = run(&["report", "tools"]);
    let lines: Vec<&str> = human.lines().collect();
    assert_eq!(
        lines[0],
        "id     name   status    department  owner     backup owner  exit plan  admins               DPA      accessibility  cost per year"
    );
    assert_eq!(
        lines[1],
        "chat   Chat   approved  it          Ana Lima  Ben Okoro     yes        Ana Lima, Ben Okoro  yes      -                       $100"
    );
    assert_eq!(
        lines[2],
        "forms  Forms  approved  it          Ana Lima  Ben Okoro     yes        -                    missing  missing                   $0"
    );

    let ids = |missing: &str| -> Vec<String> {
        let doc: Value = serde_json::from_str(&run(&[
            "report",
            "tools",
            "--format",
            "json",
            "--missing",
            missing,
        ]))
        .unwrap();
        doc["tools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("dpa"), ["forms"]);
    assert_eq!(ids("accessibility"), ["forms"]);
    assert_eq!(ids("admins"), ["forms"]);

    let doc: Value = serde_json::from_str(&run(&["report", "tools", "--format", "json"])).unwrap();
    let chat = &doc["tools"][0];
    assert_eq!(
        chat["admins"][1],
        serde_json::json!({"id": "ben", "name": "Ben Okoro"})
    );
    assert_eq!(chat["dpa_signed"], "2026-02-01");
    assert_eq!(chat["needs_dpa"], true);
    assert_eq!(doc["tools"][1]["public_facing"], true);

    let csv_text = run(&["report", "tools", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        &header[14..],
        [
            "admins",
            "admin_names",
            "needs_dpa",
            "dpa_signed",
            "public_facing",
            "accessibility",
            "accessibility_checked_on"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][14], "ana ben");
    assert_eq!(&rows[0][15], "Ana Lima; Ben Okoro");
    assert_eq!(&rows[1][16], "yes");
    assert_eq!(&rows[1][17], "");
}

// report people: the hand-over checklist -----------------------------------------------

#[test]
fn people_human_on_the_sample_tree() {
    let text = sample(&["report", "people", "--today", TODAY]);
    insta::assert_snapshot!("report_people_human", text);
}

#[test]
fn people_report_of_someone_who_left() {
    // Ana left a month ago: she still owns and administers Chat and heads IT, and approved a
    // waiver herself.
    let tree = stewardship_tree()
        .edit(
            common::ORG_PATH,
            "department = \"it\"\n",
            "department = \"it\"\nleft = 2026-10-31\n",
        )
        .append(
            common::POLICY_PATH,
            "\n[[waiver]]\nrule = \"policy/missing-approval\"\nreason = \"Legal signs in January\"\napproved_by = \"ana\"\n",
        );
    let out = steward(
        tree.path(),
        &["report", "people", "--today", TODAY, "--person", "ana"],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "Hand-over checklist: what each person heads, owns, backs up, administers and approves

Ana Lima (ana), IT
  Ana Lima left on 31 October 2026, and still has 2 tools to hand over, 1 department to pass on and 1 waiver they approved themselves.
  heads        IT (it)
  owns         Chat (chat), Forms (forms)
  administers  Chat (chat)
  approves     the waiver for policy/missing-approval in technology/acceptable-use.toml; as head of IT: Acceptable Use (acceptable-use)
"
    );
    // The lint errors are noted on stderr; the report is still written.
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("note: the tree has"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Everyone: those who left and still hold something come first.
    let out = steward(
        tree.path(),
        &["report", "people", "--today", TODAY, "--format", "json"],
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let people: Vec<(&str, bool, u64)> = doc["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap(),
                p["has_left"].as_bool().unwrap(),
                p["tools_to_hand_over"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(people, [("ana", true, 2), ("ben", false, 2)]);
    assert_eq!(doc["people"][0]["approves"][0]["via"], "it");
    assert_eq!(doc["people"][0]["approves"][1]["kind"], "waiver");

    let out = steward(
        tree.path(),
        &["report", "people", "--today", TODAY, "--format", "csv"],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "ana",
            "Ana Lima",
            "it",
            "",
            "2026-10-31",
            "heads",
            "department",
            "it",
            "IT",
            "org.toml",
            ""
        ]
    );
    assert!(
        rows.iter()
            .any(|r| r[5] == "backs_up" && r[7] == "chat" && r[0] == "ben")
    );

    let out = steward(
        tree.path(),
        &["report", "people", "--today", TODAY, "--format", "markdown"],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("## Hand-over checklist\n"), "{text}");
    assert!(text.contains("\n### Ana Lima (ana), IT\n"), "{text}");
    assert!(
        text.contains("\n- **Owns:** Chat (chat), Forms (forms)\n"),
        "{text}"
    );
}

#[test]
fn people_report_refuses_an_unknown_person_or_no_org() {
    let out = steward(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["report", "people", "--person", "judith-amsell"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("there is no person \"judith-amsell\" in org.toml"),
        "{err}"
    );
    assert!(err.contains("Did you mean \"judith-amsel\"?"), "{err}");
    let tree = common::Tree::baseline().remove(common::ORG_PATH);
    let out = steward(tree.path(), &["report", "people"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn people_markdown_escapes_hostile_names() {
    let dir = hostile_tree();
    let out = steward(dir.path(), &["report", "people", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("<b>"), "{text}");
    assert!(!text.contains("<img"), "{text}");
    assert!(text.contains("&lt;img src=x&gt;\\|x (evil)"), "{text}");
    let out = steward(dir.path(), &["report", "people", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // A person whose name is a spreadsheet formula stays text.
    assert_eq!(&rows[0][1], "'=HYPERLINK(\"http://x\")");
    assert_eq!(&rows[0][8], "<img src=x>|x");
}
