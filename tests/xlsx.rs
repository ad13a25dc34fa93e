//! Workbooks in and out, with the real binary: `steward report budget|tools --format xlsx`
//! read back with calamine (and, when it is installed, converted by LibreOffice), workbooks
//! written by rust_xlsxwriter imported, and the round trip tools -> xlsx -> import.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Formula, Workbook};
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

fn code(output: &Output) -> i32 {
    output.status.code().expect("an exit code")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn initialized() -> TempDir {
    let dir = TempDir::new().unwrap();
    let out = steward(dir.path(), &["init", "--today", TODAY]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    dir
}

fn run_ok(dir: &Path, args: &[&str]) -> Output {
    let out = steward(dir, args);
    assert_eq!(
        code(&out),
        0,
        "{args:?}\n{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    out
}

/// Every tool of a tree, parsed: file name -> table.
fn tools(dir: &Path) -> BTreeMap<String, toml::Table> {
    fs::read_dir(dir.join("policies/tools"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&p).unwrap().parse().unwrap())
        })
        .collect()
}

/// A sheet of a workbook as calamine reads it.
fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn unzipped(path: &Path, member: &str) -> String {
    let mut archive = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(member)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// A tree with tools that use every kind of value: the example of `init`, and two imported.
fn tree_with_tools() -> TempDir {
    let dir = initialized();
    let csv = "Name,Vendor,Category,Department,Owner,Backup owner,Status,Approved on,Data classification,URL,Notes,Cost,Currency,Period,Purchase date,Renewal date,Auto renews,Notice days,Term months,Seats,Seats used,Order number,Exit plan,Export formats,Alternatives,Export tested\n\
               Miro,Miro Inc,Whiteboard,operations,sam-patel,alex-rivera,approved,2026-02-01,internal,https://miro.com,\"Two\nlines\",1234.56,EUR,year,2026-02-01,2027-01-31,yes,30,12,25,20,PO-77,\"Boards > Export > PDF\",\"PDF, CSV\",FigJam,2026-10-01\n\
               \"=HYPERLINK(\"\"http://x\"\")\",Evil Corp,Formula,communications,jordan-lee,,trial,,,,,9.99,USD,month,,,,,,,,,,,,\n";
    fs::write(dir.path().join("tools.csv"), csv).unwrap();
    run_ok(
        dir.path(),
        &["import", "tools", "tools.csv", "--today", TODAY],
    );
    dir
}

#[test]
fn tools_to_xlsx_and_back_give_the_same_tree() {
    let dir = tree_with_tools();
    let before = tools(dir.path());
    assert_eq!(before.len(), 3);
    run_ok(
        dir.path(),
        &[
            "report",
            "tools",
            "--format",
            "xlsx",
            "--output",
            "tools.xlsx",
            "--today",
            TODAY,
        ],
    );
    let workbook = dir.path().join("tools.xlsx");

    // Text stays text: a cell that looks like a formula is a string, never a formula.
    let rows = sheet(&workbook, "Tools");
    assert_eq!(rows[0][0], Data::String("Tool id".into()));
    assert_eq!(rows[0][1], Data::String("Name".into()));
    let evil = rows
        .iter()
        .find(|r| r[1].to_string().starts_with("=HYPERLINK"))
        .unwrap();
    assert!(matches!(evil[1], Data::String(_)));
    assert!(!unzipped(&workbook, "xl/worksheets/sheet1.xml").contains("<f>"));

    let other = initialized();
    for name in before.keys() {
        let _ = fs::remove_file(other.path().join("policies/tools").join(name));
    }
    fs::copy(&workbook, other.path().join("tools.xlsx")).unwrap();
    let out = run_ok(
        other.path(),
        &["import", "tools", "tools.xlsx", "--today", TODAY],
    );
    assert!(stdout(&out).contains("Rows: 3 new."), "{}", stdout(&out));
    assert_eq!(
        tools(other.path()),
        before,
        "the same tools, field for field"
    );
}

#[test]
fn the_budget_workbook_has_numbers_dates_formats_and_a_frozen_header() {
    let dir = tree_with_tools();
    run_ok(
        dir.path(),
        &[
            "report",
            "budget",
            "--format",
            "xlsx",
            "--output",
            "budget.xlsx",
            "--today",
            TODAY,
        ],
    );
    let workbook = dir.path().join("budget.xlsx");
    let book: Xlsx<_> = calamine::open_workbook(&workbook).unwrap();
    assert_eq!(book.sheet_names(), ["Summary", "Lines", "Totals"]);
    let summary = sheet(&workbook, "Summary");
    assert_eq!(
        summary[0][..7],
        [
            Data::String("Fiscal year".into()),
            Data::String("Department".into()),
            Data::String("Department name".into()),
            Data::String("Currency".into()),
            Data::String("Allocation".into()),
            Data::String("Planned".into()),
            Data::String("Left".into()),
        ]
    );
    let budget: toml::Table =
        fs::read_to_string(dir.path().join("policies/budgets/2026/communications.toml"))
            .unwrap()
            .parse()
            .unwrap();
    let allocation = budget["allocation"]
        .as_integer()
        .map(|a| a as f64)
        .or(budget["allocation"].as_float())
        .unwrap();
    let row = summary
        .iter()
        .find(|r| r[1] == Data::String("communications".into()))
        .unwrap();
    assert_eq!(
        row[4],
        Data::Float(allocation),
        "the allocation is a number"
    );
    let lines = sheet(&workbook, "Lines");
    let line_amount = budget["line"][0]["amount"].as_integer().unwrap() as f64;
    assert_eq!(lines[1][5], Data::Float(line_amount));
    let styles = unzipped(&workbook, "xl/styles.xml");
    assert!(
        styles.contains("formatCode=\"&quot;$&quot;#,##0.00\""),
        "{styles}"
    );
    for n in 1..=3 {
        let xml = unzipped(&workbook, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(
            xml.contains("state=\"frozen\""),
            "sheet {n}: the header row is frozen"
        );
        assert!(xml.contains("<autoFilter"), "sheet {n}");
    }
    let out = steward(
        dir.path(),
        &["report", "budget", "--format", "xlsx", "--today", TODAY],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("add --output FILE.xlsx"),
        "{}",
        stderr(&out)
    );
    libreoffice_reads(&workbook, allocation);
}

/// LibreOffice, when installed; else `None` after saying so (a failure with
/// STEWARD_REQUIRE_TOOLS=1).
fn libreoffice() -> Option<&'static str> {
    let found = ["soffice", "libreoffice"].into_iter().find(|p| {
        std::process::Command::new(p)
            .arg("--version")
            .output()
            .is_ok()
    });
    if found.is_none() {
        assert!(
            std::env::var("STEWARD_REQUIRE_TOOLS").as_deref() != Ok("1"),
            "STEWARD_REQUIRE_TOOLS=1 and LibreOffice is missing: apt-get install -y libreoffice-calc"
        );
        eprintln!("skipped: LibreOffice is not installed (apt-get install -y libreoffice-calc)");
    }
    found
}

/// `soffice --headless --convert-to FORMAT FILE` into `out_dir`, with a profile of its own.
fn convert(soffice: &str, format: &str, file: &Path, out_dir: &Path) {
    let profile = TempDir::new().unwrap();
    let out = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(out_dir)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_ods_saved_by_libreoffice_imports_like_the_xlsx() {
    let Some(soffice) = libreoffice() else {
        return;
    };
    let dir = tree_with_tools();
    let before = tools(dir.path());
    run_ok(
        dir.path(),
        &[
            "report",
            "tools",
            "--format",
            "xlsx",
            "--output",
            "tools.xlsx",
            "--today",
            TODAY,
        ],
    );
    let other = initialized();
    for name in before.keys() {
        let _ = fs::remove_file(other.path().join("policies/tools").join(name));
    }
    convert(soffice, "ods", &dir.path().join("tools.xlsx"), other.path());
    run_ok(
        other.path(),
        &["import", "tools", "tools.ods", "--today", TODAY],
    );
    assert_eq!(tools(other.path()), before);
}

/// The budget workbook converted to CSV by LibreOffice shows the real numbers. Skipped when
/// LibreOffice is not installed, unless STEWARD_REQUIRE_TOOLS=1.
fn libreoffice_reads(workbook: &Path, allocation: f64) {
    let Some(soffice) = libreoffice() else {
        return;
    };
    let out_dir = TempDir::new().unwrap();
    convert(soffice, "csv", workbook, out_dir.path());
    let csv = fs::read_to_string(out_dir.path().join("budget.csv")).unwrap();
    // The first sheet, Summary: the allocation is the number, not text LibreOffice guessed.
    let row = csv
        .lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|cells| cells.get(1) == Some(&"communications"))
        .unwrap_or_else(|| panic!("no communications row: {csv}"));
    assert_eq!(row[4].parse::<f64>().ok(), Some(allocation), "{csv}");
    let planned: f64 = row[5].parse().unwrap();
    let left: f64 = row[6].parse().unwrap();
    assert_eq!(planned + left, allocation, "{csv}");
}

#[test]
fn a_workbook_with_formulas_dates_and_two_sheets_imports_its_cached_values() {
    let dir = initialized();
    let mut book = Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("Read me").unwrap();
    notes
        .write_string(0, 0, "This sheet is not the registry")
        .unwrap();
    let ws = book.add_worksheet();
    ws.set_name("Licences").unwrap();
    for (c, h) in [
        "Software name",
        "Publisher",
        "Category",
        "Dept",
        "Owner email",
        "Annual cost",
        "Expiration date",
        "Total seats",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    ws.write_string(3, 0, "Notion").unwrap();
    ws.write_string(3, 1, "Notion Labs").unwrap();
    ws.write_string(3, 2, "Docs").unwrap();
    ws.write_string(3, 3, "Communications").unwrap();
    ws.write_string(3, 4, "alex.rivera@example.org").unwrap();
    // A formula: its cached result is what the spreadsheet shows, and what is imported.
    ws.write_formula(3, 5, Formula::new("=12*8").set_result("96"))
        .unwrap();
    let date = ExcelDateTime::from_ymd(2027, 3, 31).unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    ws.write_datetime_with_format(3, 6, &date, &format).unwrap();
    ws.write_number(3, 7, 12.0).unwrap();
    book.save(dir.path().join("licences.xlsx")).unwrap();

    let out = steward(
        dir.path(),
        &["import", "tools", "licences.xlsx", "--today", TODAY],
    );
    assert_eq!(
        code(&out),
        2,
        "the first sheet is read unless --sheet names another"
    );
    assert!(
        stderr(&out).contains("has column headers but no rows of data"),
        "{}",
        stderr(&out)
    );

    let out = steward(
        dir.path(),
        &[
            "import",
            "tools",
            "licences.xlsx",
            "--sheet",
            "Licencse",
            "--today",
            TODAY,
        ],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("has no sheet named \"Licencse\". Did you mean \"Licences\"?"),
        "{}",
        stderr(&out)
    );

    run_ok(
        dir.path(),
        &[
            "import",
            "tools",
            "licences.xlsx",
            "--sheet",
            "Licences",
            "--today",
            TODAY,
        ],
    );
    let notion: toml::Table = fs::read_to_string(dir.path().join("policies/tools/notion.toml"))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(notion["owner"].as_str(), Some("alex-rivera"));
    assert_eq!(notion["department"].as_str(), Some("communications"));
    assert_eq!(notion["cost"]["amount"].as_integer(), Some(96));
    assert_eq!(notion["cost"]["period"].as_str(), Some("year"));
    assert_eq!(
        notion["cost"]["currency"].as_str(),
        Some("USD"),
        "the budgets' currency"
    );
    assert_eq!(notion["contract"]["renews_on"].to_string(), "2027-03-31");
    assert_eq!(notion["contract"]["seats"].as_integer(), Some(12));
}

#[test]
fn damaged_and_hostile_workbooks_are_refused() {
    let dir = initialized();
    // A zip that is not a workbook, and a truncated workbook.
    let mut book = Workbook::new();
    book.add_worksheet().write_string(0, 0, "Name").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    fs::write(dir.path().join("cut.xlsx"), &bytes[..bytes.len() / 2]).unwrap();
    let out = steward(
        dir.path(),
        &["import", "tools", "cut.xlsx", "--today", TODAY],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("could not be read as a spreadsheet"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("panicked"));

    // A cell far away: refused from its position, without filling the rectangle.
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "Name").unwrap();
    ws.write_string(1, 0, "Zoom").unwrap();
    ws.write_string(1_000_000, 0, "far").unwrap();
    book.save(dir.path().join("far.xlsx")).unwrap();
    let out = steward(
        dir.path(),
        &["import", "tools", "far.xlsx", "--today", TODAY],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("has more than 50000 rows of data"),
        "{}",
        stderr(&out)
    );
}

/// The smallest compound file that holds an `EncryptedPackage` stream: how Excel stores a
/// workbook protected by a password (the workbook itself is inside, encrypted).
fn encrypted_workbook() -> Vec<u8> {
    const FREE: u32 = 0xFFFF_FFFF;
    const END: u32 = 0xFFFF_FFFE;
    const FAT: u32 = 0xFFFF_FFFD;
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let mut put = |at: usize, bytes: &[u8]| header[at..at + bytes.len()].copy_from_slice(bytes);
    put(0x18, &0x003Eu16.to_le_bytes());
    put(0x1A, &3u16.to_le_bytes());
    put(0x1C, &0xFFFEu16.to_le_bytes());
    put(0x1E, &9u16.to_le_bytes());
    put(0x20, &6u16.to_le_bytes());
    put(0x2C, &1u32.to_le_bytes()); // one FAT sector
    put(0x30, &1u32.to_le_bytes()); // the directory in sector 1
    put(0x38, &0x1000u32.to_le_bytes());
    put(0x3C, &END.to_le_bytes());
    put(0x44, &END.to_le_bytes());
    put(0x4C, &0u32.to_le_bytes()); // the FAT in sector 0
    for i in 1..109 {
        put(0x4C + 4 * i, &FREE.to_le_bytes());
    }
    let mut fat: Vec<u8> = Vec::new();
    for (i, entry) in std::iter::repeat_n(FREE, 128).enumerate() {
        let value = match i {
            0 => FAT,
            1 => END,
            _ => entry,
        };
        fat.extend(value.to_le_bytes());
    }
    let entry = |name: &str, kind: u8, child: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        e[..units.len()].copy_from_slice(&units);
        e[64..66].copy_from_slice(&((units.len() as u16) + 2).to_le_bytes());
        e[66] = kind;
        e[67] = 1;
        e[68..72].copy_from_slice(&FREE.to_le_bytes());
        e[72..76].copy_from_slice(&FREE.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&END.to_le_bytes());
        e
    };
    let mut dir = entry("Root Entry", 5, 1);
    dir.extend(entry("EncryptedPackage", 2, FREE));
    dir.extend(entry("", 0, FREE));
    dir.extend(entry("", 0, FREE));
    let mut file = header;
    file.extend(fat);
    file.extend(dir);
    file
}

#[test]
fn a_password_protected_workbook_is_a_clear_error() {
    let dir = initialized();
    fs::write(dir.path().join("locked.xlsx"), encrypted_workbook()).unwrap();
    let out = steward(
        dir.path(),
        &["import", "tools", "locked.xlsx", "--today", TODAY],
    );
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("locked.xlsx is protected by a password, so steward cannot read it"),
        "{err}"
    );
    assert!(err.contains("remove the password"), "{err}");
}

/// An ODS file: its mimetype and the given content.xml.
fn ods(content: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn an_ods_whose_repeated_cells_expand_to_billions_is_refused_before_it_is_expanded() {
    let dir = initialized();
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Tools"><table:table-row><table:table-cell office:value-type="string"><text:p>Name</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="200" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    fs::write(dir.path().join("bomb.ods"), ods(content)).unwrap();
    let started = std::time::Instant::now();
    let out = steward(
        dir.path(),
        &["import", "tools", "bomb.ods", "--today", TODAY],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("repeated cells expand to more than"),
        "{}",
        stderr(&out)
    );
    assert!(
        started.elapsed().as_secs() < 20,
        "refused from the count, not after expanding"
    );
}

/// A zip of one stored entry whose central directory declares `declared` bytes unpacked.
fn zip_declaring(name: &str, data: &[u8], declared: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let le16 = |v: u16| v.to_le_bytes();
    let le32 = |v: u32| v.to_le_bytes();
    // Local file header.
    out.extend(le32(0x0403_4b50));
    out.extend(le16(20));
    out.extend(le16(0));
    out.extend(le16(0)); // stored
    out.extend(le16(0));
    out.extend(le16(0));
    out.extend(le32(0)); // crc
    out.extend(le32(data.len() as u32));
    out.extend(le32(declared));
    out.extend(le16(name.len() as u16));
    out.extend(le16(0));
    out.extend(name.as_bytes());
    out.extend(data);
    let central = out.len() as u32;
    out.extend(le32(0x0201_4b50));
    out.extend(le16(20));
    out.extend(le16(20));
    out.extend(le16(0));
    out.extend(le16(0));
    out.extend(le16(0));
    out.extend(le16(0));
    out.extend(le32(0));
    out.extend(le32(data.len() as u32));
    out.extend(le32(declared));
    out.extend(le16(name.len() as u16));
    out.extend(le16(0));
    out.extend(le16(0));
    out.extend(le16(0));
    out.extend(le16(0));
    out.extend(le32(0));
    out.extend(le32(0)); // local header at 0
    out.extend(name.as_bytes());
    let size = out.len() as u32 - central;
    out.extend(le32(0x0605_4b50));
    out.extend(le16(0));
    out.extend(le16(0));
    out.extend(le16(1));
    out.extend(le16(1));
    out.extend(le32(size));
    out.extend(le32(central));
    out.extend(le16(0));
    out
}

#[test]
fn a_workbook_that_unpacks_to_more_than_the_limit_is_refused_before_it_is_unpacked() {
    let dir = initialized();
    fs::write(
        dir.path().join("bomb.xlsx"),
        zip_declaring("xl/workbook.xml", b"<x/>", 200 << 20),
    )
    .unwrap();
    let out = steward(
        dir.path(),
        &["import", "tools", "bomb.xlsx", "--today", TODAY],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("bomb.xlsx unpacks to more than 128 MiB"),
        "{}",
        stderr(&out)
    );
}

/// `report people --format xlsx`: one row per thing a person answers for, with the person's
/// columns on each, so the hand-over list filters by person in a spreadsheet.
#[test]
fn the_people_workbook_lists_what_each_person_answers_for() {
    let dir = tree_with_tools();
    run_ok(
        dir.path(),
        &[
            "report",
            "people",
            "--format",
            "xlsx",
            "--output",
            "people.xlsx",
            "--today",
            TODAY,
        ],
    );
    let workbook = dir.path().join("people.xlsx");
    let rows = sheet(&workbook, "People");
    assert_eq!(rows[0][0], Data::String("Person id".into()));
    assert_eq!(rows[0][5], Data::String("Role".into()));
    let json: serde_json::Value = serde_json::from_str(&stdout(&run_ok(
        dir.path(),
        &["report", "people", "--format", "json", "--today", TODAY],
    )))
    .unwrap();
    // As many rows as the JSON report holds roles (or one for a person who holds nothing).
    let expected: usize = json["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let held: usize = ["heads", "owns", "backs_up", "administers", "approves"]
                .iter()
                .map(|k| p[k].as_array().map_or(0, Vec::len))
                .sum();
            held.max(1)
        })
        .sum();
    assert_eq!(rows.len() - 1, expected, "{rows:?}");
    assert!(
        rows.iter().any(|r| r[5] == Data::String("owns".into())),
        "{rows:?}"
    );
}
