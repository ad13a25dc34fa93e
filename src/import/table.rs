//! A spreadsheet read into a table of cells: the header row, then one row per line of data,
//! each numbered as a spreadsheet shows it (the header is usually row 1).
//!
//! CSV is read with the `csv` crate (any of `,` `;` tab `|` as the delimiter, found from the
//! header line; quoted fields with line breaks; a UTF-8 byte-order mark or none). A UTF-16 file
//! is decoded by its byte-order mark; another encoding only when `--encoding` names it, because
//! a guessed encoding turns names into different names without a word. XLSX and ODS are read
//! with `calamine`; a formula cell gives the value the spreadsheet last calculated (nothing is
//! ever evaluated).
//!
//! Every input is bounded before the work it causes: the file's size before it is read, what a
//! workbook unpacks to before it is unpacked, the cells a sheet holds (XLSX is read cell by
//! cell; ODS repeats are counted first, since calamine expands them), and the rows, columns and
//! characters of a cell. Each refusal says what to do instead.

use std::io::{Cursor, Read, Seek};
use std::path::Path;

use calamine::{DataRef, Reader};
use jiff::civil::Date;

/// The largest file steward imports. A registry of 10,000 tools is a few megabytes.
pub const MAX_FILE_BYTES: u64 = 16 << 20;
/// The most a workbook may unpack to (its XML): a spreadsheet of 50,000 rows is far smaller.
pub const MAX_UNPACKED_BYTES: u64 = 128 << 20;
/// The most rows of data a table may have.
pub const MAX_ROWS: usize = 50_000;
/// The most columns a table may have.
pub const MAX_COLUMNS: usize = 256;
/// The most characters one cell may hold.
pub const MAX_CELL_CHARS: usize = 10_000;
/// The most cells an ODS sheet may expand to (repeated cells counted out).
const MAX_CELLS: u64 = (MAX_ROWS as u64 + 100) * 64;

/// One cell, as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number cell of a workbook (money, seats...). CSV cells are always text.
    Number(f64),
    Bool(bool),
    /// A cell a workbook formats as a date.
    Date(Date),
    /// A cell that cannot be used, and why (`#N/A`, a formula with no calculated value).
    Invalid(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, as a person would read it.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.trim().to_string(),
            Cell::Number(n) => number_text(*n),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Invalid(why) => why.clone(),
        }
    }
}

/// A column header as written, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub text: String,
    /// 0-based.
    pub column: usize,
}

impl Header {
    /// The spreadsheet's letters for the column: A, B, ..., Z, AA.
    pub fn letters(&self) -> String {
        column_letters(self.column)
    }
}

/// One row of data: as many cells as there are headers.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The row's number as a spreadsheet shows it (1-based, the header row counted).
    pub number: usize,
    pub cells: Vec<Cell>,
}

/// A whole table: headers and the rows that are not blank.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headers: Vec<Header>,
    pub rows: Vec<Row>,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
}

/// How to read the file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The sheet of a workbook (default: the first).
    pub sheet: Option<String>,
    /// The encoding of a CSV file that is not UTF-8 (a WHATWG label such as windows-1252).
    pub encoding: Option<String>,
}

/// Why a file cannot be imported. Each says what is wrong; [`ReadError::hint`] says what to
/// do next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("{path} cannot be read: {message}")]
    Unreadable { path: String, message: String },
    #[error("{path} is {size} MiB; steward imports files up to {} MiB", MAX_FILE_BYTES >> 20)]
    TooLarge { path: String, size: u64 },
    #[error(
        "{path} unpacks to more than {} MiB; steward imports workbooks up to that size",
        MAX_UNPACKED_BYTES >> 20
    )]
    UnpacksTooLarge { path: String },
    #[error("{path} is empty: it has no column headers and no rows")]
    Empty { path: String },
    #[error("{path} has column headers but no rows of data")]
    OnlyHeaders { path: String },
    #[error("{path} is not UTF-8 text (the first byte that is not is on line {line})")]
    NotUtf8 { path: String, line: usize },
    #[error("\"{label}\" is not an encoding steward knows")]
    UnknownEncoding { label: String },
    #[error("{path} is protected by a password, so steward cannot read it")]
    Password { path: String },
    #[error("{path} is {what}, which steward does not import")]
    Unsupported { path: String, what: String },
    #[error("{path} could not be read as a spreadsheet: {message}")]
    Damaged { path: String, message: String },
    #[error("{path} has no sheet named \"{name}\".{hint} Its sheets: {sheets}")]
    NoSuchSheet {
        path: String,
        name: String,
        hint: String,
        sheets: String,
    },
    #[error("{path} has more than {MAX_ROWS} rows of data (a value at row {row})")]
    TooManyRows { path: String, row: usize },
    #[error(
        "{path} has a value in column {column}, beyond the {MAX_COLUMNS} columns steward reads"
    )]
    TooManyColumns { path: String, column: String },
    #[error(
        "{path}: an ODS sheet whose repeated cells expand to more than {MAX_CELLS} cells (over {} rows of {} columns)",
        MAX_ROWS,
        64
    )]
    TooManyCells { path: String },
    #[error(
        "{path}, row {row}, column {column}: the cell holds more than {MAX_CELL_CHARS} characters"
    )]
    CellTooLong {
        path: String,
        row: usize,
        column: String,
    },
    #[error("{path}, row {row}: a value in column {column}, which has no header")]
    ValueWithoutHeader {
        path: String,
        row: usize,
        column: String,
    },
}

impl ReadError {
    pub fn hint(&self) -> String {
        match self {
            ReadError::Unreadable { .. } => "check the file's name and permissions".to_string(),
            ReadError::TooLarge { .. } | ReadError::UnpacksTooLarge { .. } => format!(
                "split the file, or delete the columns and sheets steward does not need (a registry of 10,000 tools is a few MiB); steward imports at most {MAX_ROWS} rows at once"
            ),
            ReadError::Empty { .. } => {
                "export the table again: the first row must name the columns (Name, Vendor, Owner...)".to_string()
            }
            ReadError::OnlyHeaders { .. } => {
                "add the rows to import under the header row, or check that this is the file you meant".to_string()
            }
            ReadError::NotUtf8 { .. } => "save it again as UTF-8: in Excel, File > Save As > \"CSV UTF-8 (Comma delimited)\"; in LibreOffice, Save As > Text CSV with \"Edit filter settings\" and the character set \"Unicode (UTF-8)\". Or import the .xlsx itself; or, for a CSV saved by Excel on Windows in Western Europe or the Americas, pass --encoding windows-1252".to_string(),
            ReadError::UnknownEncoding { .. } => {
                "use a name such as windows-1252, iso-8859-1, windows-1250 or shift_jis (the WHATWG encoding names)".to_string()
            }
            ReadError::Password { .. } => {
                "open it in Excel or LibreOffice, remove the password (File > Info > Protect Workbook > Encrypt with Password, and clear it), save a copy and import the copy; or save the sheet as CSV UTF-8".to_string()
            }
            ReadError::Unsupported { .. } => {
                "open it in Excel or LibreOffice and save it as .xlsx, .ods or CSV UTF-8".to_string()
            }
            ReadError::Damaged { .. } => {
                "open it in Excel or LibreOffice and save it again (or as CSV UTF-8), then import that file".to_string()
            }
            ReadError::NoSuchSheet { .. } => {
                "pass --sheet with one of the names above (quote it if it has spaces)".to_string()
            }
            ReadError::TooManyRows { .. } => format!(
                "split the file into parts of at most {MAX_ROWS} rows and import them one after the other"
            ),
            ReadError::TooManyColumns { .. } | ReadError::TooManyCells { .. } => {
                "delete the columns (and cells far to the right or below) that are not part of the table, then save and import again".to_string()
            }
            ReadError::CellTooLong { .. } => {
                "shorten the text: keep long documents elsewhere and link to them".to_string()
            }
            ReadError::ValueWithoutHeader { .. } => {
                "give the column a header (or delete it); in a CSV file, a value with a comma in it must be in double quotes".to_string()
            }
        }
    }
}

/// Reads a spreadsheet file: CSV, XLSX or ODS, told apart by their content.
pub fn read_file(path: &Path, options: &ReadOptions) -> Result<Table, ReadError> {
    let shown = path.display().to_string();
    let unreadable = |e: std::io::Error| ReadError::Unreadable {
        path: shown.clone(),
        message: e.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        // A pipe would block the read, a device never end it.
        return Err(ReadError::Unreadable {
            path: shown,
            message: if meta.is_dir() {
                "it is a folder".to_string()
            } else {
                "it is not a regular file (a pipe or a device)".to_string()
            },
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: shown,
            size: meta.len() >> 20,
        });
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: shown,
            size: bytes.len() as u64 >> 20,
        });
    }
    read_bytes(&shown, bytes, options)
}

/// Reads a spreadsheet from its bytes; `shown` names it in messages.
pub fn read_bytes(shown: &str, bytes: Vec<u8>, options: &ReadOptions) -> Result<Table, ReadError> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let grid = if bytes.starts_with(ZIP) {
        read_zip(shown, bytes, options)?
    } else if bytes.starts_with(OLE) {
        return Err(ole_error(shown, bytes));
    } else {
        let text = decode(shown, &bytes, options.encoding.as_deref())?;
        Grid {
            rows: read_csv(shown, &text)?,
            sheet: None,
        }
    };
    into_table(shown, grid)
}

/// Rows of cells as read, before the header is found: (row number, cells).
struct Grid {
    rows: Vec<(usize, Vec<Cell>)>,
    sheet: Option<String>,
}

fn into_table(shown: &str, grid: Grid) -> Result<Table, ReadError> {
    let mut rows = grid
        .rows
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    let Some((header_row, header_cells)) = rows.next() else {
        return Err(ReadError::Empty {
            path: shown.to_string(),
        });
    };
    let width = header_cells
        .iter()
        .rposition(|c| !c.is_empty())
        .map_or(0, |i| i + 1);
    let headers: Vec<Header> = header_cells
        .iter()
        .take(width)
        .enumerate()
        .map(|(column, cell)| Header {
            text: cell.text(),
            column,
        })
        .collect();
    let mut data = Vec::new();
    for (number, mut cells) in rows {
        if let Some(beyond) = cells.iter().skip(width).position(|c| !c.is_empty()) {
            return Err(ReadError::ValueWithoutHeader {
                path: shown.to_string(),
                row: number,
                column: column_letters(width + beyond),
            });
        }
        cells.resize(width, Cell::Empty);
        data.push(Row { number, cells });
    }
    // A column with values under an empty header: the values would be lost without a word.
    for header in headers.iter().filter(|h| h.text.is_empty()) {
        if let Some(row) = data.iter().find(|r| !r.cells[header.column].is_empty()) {
            return Err(ReadError::ValueWithoutHeader {
                path: shown.to_string(),
                row: row.number,
                column: header.letters(),
            });
        }
    }
    let _ = header_row;
    if data.is_empty() {
        return Err(ReadError::OnlyHeaders {
            path: shown.to_string(),
        });
    }
    Ok(Table {
        headers,
        rows: data,
        sheet: grid.sheet,
    })
}

/// `0` -> `A`, `25` -> `Z`, `26` -> `AA`.
pub fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// CSV

/// The text of a CSV file: UTF-8 (a byte-order mark dropped), UTF-16 by its byte-order mark,
/// or the encoding the user named.
fn decode(shown: &str, bytes: &[u8], label: Option<&str>) -> Result<String, ReadError> {
    if let Some(label) = label {
        let encoding =
            encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
                ReadError::UnknownEncoding {
                    label: label.to_string(),
                }
            })?;
        // A byte-order mark, when there is one, wins: it is the file's own word.
        let (text, _, _) = encoding.decode(bytes);
        return Ok(text.into_owned());
    }
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        if encoding == encoding_rs::UTF_8 {
            return utf8(shown, &bytes[3..]);
        }
        let (text, _, had_errors) = encoding.decode(bytes);
        if had_errors {
            return Err(ReadError::Damaged {
                path: shown.to_string(),
                message: format!("it is marked as {} but is not", encoding.name()),
            });
        }
        return Ok(text.into_owned());
    }
    utf8(shown, bytes)
}

fn utf8(shown: &str, bytes: &[u8]) -> Result<String, ReadError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            Err(ReadError::NotUtf8 {
                path: shown.to_string(),
                line,
            })
        }
    }
}

/// The delimiter of a CSV file: whichever of `,` `;` tab `|` its first line (outside quotes)
/// holds most of; `,` when it holds none.
fn delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 4];
    let candidates = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = candidates.iter().position(|c| *c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let best = (0..4)
        .max_by_key(|i| (counts[*i], usize::MAX - i))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

/// The records of a CSV text, each with the row number a spreadsheet shows for it (blank lines
/// count, as they are rows there too).
fn read_csv(shown: &str, text: &str) -> Result<Vec<(usize, Vec<Cell>)>, ReadError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut row = 0usize;
    // The csv crate skips blank lines without a word, and a record's position is where the
    // skipping began: the blank lines are counted from the bytes between two records.
    let bytes = text.as_bytes();
    let mut record_start = 0usize;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(ReadError::Damaged {
                    path: shown.to_string(),
                    message: e.to_string(),
                });
            }
        }
        let end = usize::try_from(reader.position().byte()).unwrap_or(bytes.len());
        let after_cr = record_start > 0 && bytes.get(record_start - 1) == Some(&b'\r');
        row += 1 + blank_lines(&bytes[record_start.min(end)..end], after_cr);
        record_start = end;
        if record.len() > MAX_COLUMNS
            && record
                .iter()
                .skip(MAX_COLUMNS)
                .any(|f| !f.trim().is_empty())
        {
            return Err(ReadError::TooManyColumns {
                path: shown.to_string(),
                column: column_letters(MAX_COLUMNS),
            });
        }
        let mut cells = Vec::with_capacity(record.len().min(MAX_COLUMNS));
        for (i, field) in record.iter().take(MAX_COLUMNS).enumerate() {
            if field.chars().count() > MAX_CELL_CHARS {
                return Err(ReadError::CellTooLong {
                    path: shown.to_string(),
                    row,
                    column: column_letters(i),
                });
            }
            cells.push(if field.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::Text(field.to_string())
            });
        }
        if cells.iter().any(|c| !c.is_empty()) && rows.len() > MAX_ROWS {
            return Err(ReadError::TooManyRows {
                path: shown.to_string(),
                row,
            });
        }
        rows.push((row, cells));
    }
    Ok(rows)
}

/// The blank lines a record's bytes start with. A `\n` right after the `\r` that ended the
/// record before is the rest of that line break, not a blank line.
fn blank_lines(bytes: &[u8], after_cr: bool) -> usize {
    let lead: Vec<u8> = bytes
        .iter()
        .copied()
        .take_while(|b| *b == b'\r' || *b == b'\n')
        .collect();
    let mut count = 0;
    let mut i = usize::from(after_cr && lead.first() == Some(&b'\n'));
    while i < lead.len() {
        if lead[i] == b'\r' && lead.get(i + 1) == Some(&b'\n') {
            i += 1;
        }
        count += 1;
        i += 1;
    }
    // The last break of the run ends the record's own line only when the record is blank,
    // which the csv crate never returns: every break in the run is a blank line.
    count
}

// ---------------------------------------------------------------------------------------
// Workbooks

/// A zip file: ODS when it says so (its `mimetype`), else XLSX.
fn read_zip(shown: &str, bytes: Vec<u8>, options: &ReadOptions) -> Result<Grid, ReadError> {
    let damaged = |message: String| ReadError::Damaged {
        path: shown.to_string(),
        message,
    };
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes.as_slice())).map_err(|e| damaged(e.to_string()))?;
    // The sizes the archive declares bound what unpacking produces (the zip reader stops at
    // them), so adding them up bounds the whole workbook before any of it is unpacked.
    let mut unpacked: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| damaged(e.to_string()))?;
        unpacked = unpacked.saturating_add(entry.size());
    }
    if unpacked > MAX_UNPACKED_BYTES {
        return Err(ReadError::UnpacksTooLarge {
            path: shown.to_string(),
        });
    }
    let is_ods = match archive.by_name("mimetype") {
        Ok(mut entry) => {
            let mut mime = String::new();
            let _ = (&mut entry).take(100).read_to_string(&mut mime);
            if mime.trim() != "application/vnd.oasis.opendocument.spreadsheet" {
                return Err(ReadError::Unsupported {
                    path: shown.to_string(),
                    what: format!("an OpenDocument file of another kind ({})", mime.trim()),
                });
            }
            true
        }
        Err(_) => false,
    };
    if is_ods {
        check_ods_cells(shown, &mut archive)?;
        drop(archive);
        let ods: calamine::Ods<_> =
            calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| ods_error(shown, e))?;
        read_ods(shown, ods, options)
    } else {
        if archive.by_name("xl/workbook.xml").is_err() {
            return Err(ReadError::Unsupported {
                path: shown.to_string(),
                what: "a zip file, not an Excel workbook".to_string(),
            });
        }
        drop(archive);
        let xlsx: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
            .map_err(|e| xlsx_error(shown, e))?;
        read_xlsx(shown, xlsx, options)
    }
}

/// An OLE compound file: an encrypted (password-protected) XLSX, or an old binary workbook.
fn ole_error(shown: &str, bytes: Vec<u8>) -> ReadError {
    match calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(Cursor::new(bytes)) {
        Err(calamine::XlsxError::Password) => ReadError::Password {
            path: shown.to_string(),
        },
        _ => ReadError::Unsupported {
            path: shown.to_string(),
            what: "an old Excel workbook (.xls) or another binary document".to_string(),
        },
    }
}

fn xlsx_error(shown: &str, e: calamine::XlsxError) -> ReadError {
    match e {
        calamine::XlsxError::Password => ReadError::Password {
            path: shown.to_string(),
        },
        other => ReadError::Damaged {
            path: shown.to_string(),
            message: other.to_string(),
        },
    }
}

fn ods_error(shown: &str, e: calamine::OdsError) -> ReadError {
    match e {
        calamine::OdsError::Password => ReadError::Password {
            path: shown.to_string(),
        },
        other => ReadError::Damaged {
            path: shown.to_string(),
            message: other.to_string(),
        },
    }
}

/// The name of the sheet to read: `--sheet`, else the first.
fn pick_sheet(shown: &str, names: &[String], wanted: Option<&str>) -> Result<String, ReadError> {
    match wanted {
        Some(name) => names
            .iter()
            .find(|n| n.as_str() == name)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(name)))
            .cloned()
            .ok_or_else(|| ReadError::NoSuchSheet {
                path: shown.to_string(),
                name: name.to_string(),
                hint: crate::suggest::did_you_mean(name, names.iter().map(String::as_str)),
                sheets: names.join(", "),
            }),
        None => names.first().cloned().ok_or_else(|| ReadError::Empty {
            path: shown.to_string(),
        }),
    }
}

/// Reads one XLSX sheet cell by cell (a sheet can name its last cell far away: building the
/// whole rectangle first would allocate for every empty cell in between).
fn read_xlsx<RS: Read + Seek>(
    shown: &str,
    mut workbook: calamine::Xlsx<RS>,
    options: &ReadOptions,
) -> Result<Grid, ReadError> {
    let sheet = pick_sheet(shown, &workbook.sheet_names(), options.sheet.as_deref())?;
    let mut reader = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(|e| xlsx_error(shown, e))?;
    let mut cells: Vec<((u32, u32), Cell)> = Vec::new();
    let mut first_row: Option<u32> = None;
    while let Some(record) = reader
        .next_cell_with_formula_metadata()
        .map_err(|e| xlsx_error(shown, e))?
    {
        let (row, column) = record.pos;
        let cell = match (&record.value, &record.formula) {
            (DataRef::Empty, Some(_)) => Cell::Invalid(
                "a formula that was never calculated (open the file in Excel or LibreOffice and save it again)"
                    .to_string(),
            ),
            (value, _) => xlsx_cell(value),
        };
        if cell.is_empty() {
            continue;
        }
        bound(shown, &mut first_row, row, column, &cell)?;
        cells.push(((row, column), cell));
    }
    Ok(Grid {
        rows: dense(cells),
        sheet: Some(sheet),
    })
}

/// Refuses a cell beyond the rows, columns or length steward reads.
fn bound(
    shown: &str,
    first_row: &mut Option<u32>,
    row: u32,
    column: u32,
    cell: &Cell,
) -> Result<(), ReadError> {
    let first = *first_row.get_or_insert(row);
    if column as usize >= MAX_COLUMNS {
        return Err(ReadError::TooManyColumns {
            path: shown.to_string(),
            column: column_letters(column as usize),
        });
    }
    if row.saturating_sub(first) as usize > MAX_ROWS {
        return Err(ReadError::TooManyRows {
            path: shown.to_string(),
            row: row as usize + 1,
        });
    }
    if let Cell::Text(text) = cell
        && text.chars().count() > MAX_CELL_CHARS
    {
        return Err(ReadError::CellTooLong {
            path: shown.to_string(),
            row: row as usize + 1,
            column: column_letters(column as usize),
        });
    }
    Ok(())
}

/// Positioned cells (within the bounds) laid out as rows, numbered from 1.
fn dense(mut cells: Vec<((u32, u32), Cell)>) -> Vec<(usize, Vec<Cell>)> {
    cells.sort_by_key(|(pos, _)| *pos);
    let mut rows: Vec<(usize, Vec<Cell>)> = Vec::new();
    for ((row, column), cell) in cells {
        let number = row as usize + 1;
        if rows.last().is_none_or(|(n, _)| *n != number) {
            rows.push((number, Vec::new()));
        }
        if let Some((_, cells)) = rows.last_mut() {
            let column = column as usize;
            if cells.len() <= column {
                cells.resize(column + 1, Cell::Empty);
            }
            cells[column] = cell;
        }
    }
    rows
}

fn xlsx_cell(value: &DataRef<'_>) -> Cell {
    match value {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => text_cell(s),
        DataRef::SharedString(s) => text_cell(s),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) if dt.is_datetime() => excel_date(dt),
        DataRef::DateTime(_) | DataRef::DurationIso(_) => {
            Cell::Invalid("a duration, not a date".to_string())
        }
        DataRef::DateTimeIso(s) => iso_date_cell(s),
        DataRef::Error(e) => Cell::Invalid(format!("the error {e}")),
    }
}

fn text_cell(text: &str) -> Cell {
    if text.trim().is_empty() {
        Cell::Empty
    } else {
        Cell::Text(text.to_string())
    }
}

fn excel_date(dt: &calamine::ExcelDateTime) -> Cell {
    let (year, month, day, ..) = dt.to_ymd_hms_milli();
    match Date::new(year as i16, month as i8, day as i8) {
        Ok(date) => Cell::Date(date),
        Err(_) => Cell::Invalid(format!(
            "{year:04}-{month:02}-{day:02}, a day that does not exist (write the date again)"
        )),
    }
}

fn iso_date_cell(text: &str) -> Cell {
    let day = text.split('T').next().unwrap_or(text);
    match day.parse::<Date>() {
        Ok(date) => Cell::Date(date),
        Err(_) => Cell::Invalid(format!("\"{text}\", a time rather than a date")),
    }
}

/// Refuses an ODS file whose repeated rows and cells expand to more than steward reads:
/// calamine writes every repeat out, so a few bytes of XML could ask for billions of cells.
fn check_ods_cells<R: Read + Seek>(
    shown: &str,
    archive: &mut zip::ZipArchive<R>,
) -> Result<(), ReadError> {
    use quick_xml::events::Event;
    let damaged = |message: String| ReadError::Damaged {
        path: shown.to_string(),
        message,
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return Err(damaged("it has no content.xml".to_string()));
    };
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let mut buf = Vec::new();
    // Per sheet: rows so far, the last row and column with a value.
    let (mut rows, mut last_row, mut last_column, mut total) = (0u64, 0u64, 0u64, 0u64);
    let (mut row_repeat, mut column) = (1u64, 0u64);
    let repeat = |e: &quick_xml::events::BytesStart<'_>, name: &str| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .and_then(|a| a.value.trim().parse().ok())
            .unwrap_or(1)
    };
    loop {
        let event = xml
            .read_event_into(&mut buf)
            .map_err(|e| damaged(e.to_string()))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => {
                    (rows, last_row, last_column) = (0, 0, 0);
                }
                "table:table-row" => {
                    row_repeat = repeat(e, "table:number-rows-repeated");
                    column = 0;
                    rows = rows.saturating_add(row_repeat);
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let columns = repeat(e, "table:number-columns-repeated");
                    column = column.saturating_add(columns);
                    let has_value = matches!(event, Event::Start(_))
                        || e.attributes().flatten().any(|a| {
                            matches!(a.key.as_ref(), "office:value-type" | "table:formula")
                        });
                    if has_value {
                        last_row = rows;
                        last_column = last_column.max(column);
                        total = total.saturating_add(row_repeat.saturating_mul(columns));
                    }
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == "table:table" => {
                total = total.saturating_add(last_row.saturating_mul(last_column));
            }
            Event::Eof => break,
            _ => {}
        }
        if total > MAX_CELLS
            || last_row.saturating_mul(last_column) > MAX_CELLS
            || last_column > MAX_COLUMNS as u64
        {
            return Err(ReadError::TooManyCells {
                path: shown.to_string(),
            });
        }
        buf.clear();
    }
    Ok(())
}

fn read_ods<RS: Read + Seek>(
    shown: &str,
    mut workbook: calamine::Ods<RS>,
    options: &ReadOptions,
) -> Result<Grid, ReadError> {
    let sheet = pick_sheet(shown, &workbook.sheet_names(), options.sheet.as_deref())?;
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|e| ods_error(shown, e))?;
    let Some((start_row, start_column)) = range.start() else {
        return Ok(Grid {
            rows: Vec::new(),
            sheet: Some(sheet),
        });
    };
    let mut cells = Vec::new();
    let mut first_row = None;
    for (r, row) in range.rows().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let cell = ods_cell(value);
            if cell.is_empty() {
                continue;
            }
            let position = (start_row + r as u32, start_column + c as u32);
            bound(shown, &mut first_row, position.0, position.1, &cell)?;
            cells.push((position, cell));
        }
    }
    Ok(Grid {
        rows: dense(cells),
        sheet: Some(sheet),
    })
}

fn ods_cell(value: &calamine::Data) -> Cell {
    use calamine::Data;
    match value {
        Data::Empty => Cell::Empty,
        Data::String(s) => text_cell(s),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => excel_date(dt),
        Data::DateTime(_) | Data::DurationIso(_) => {
            Cell::Invalid("a duration, not a date".to_string())
        }
        Data::DateTimeIso(s) => iso_date_cell(s),
        Data::Error(e) => Cell::Invalid(format!("the error {e}")),
    }
}

/// A spreadsheet's number as the decimal it shows: 15 significant digits, as Excel and
/// LibreOffice display and store them (a float such as 0.1 + 0.2 is shown as 0.3).
pub(crate) fn decimal_of(n: f64) -> Option<rust_decimal::Decimal> {
    if !n.is_finite() {
        return None;
    }
    let text = format!("{n:.*e}", 14);
    rust_decimal::Decimal::from_scientific(&text)
        .ok()
        .map(|d| d.normalize())
}

/// A number cell as people read it: `1200.5`, `3`.
pub(crate) fn number_text(n: f64) -> String {
    match decimal_of(n) {
        Some(d) => d.normalize().to_string(),
        None => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> Result<Table, ReadError> {
        read_bytes("t.csv", text.as_bytes().to_vec(), &ReadOptions::default())
    }

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn csv_rows_are_numbered_as_a_spreadsheet_shows_them() {
        let table = csv("\u{feff}Name;Notes\n\nZoom;\"two\nlines\"\nSlack;x\n").unwrap();
        assert_eq!(table.headers[1].text, "Notes");
        let numbers: Vec<usize> = table.rows.iter().map(|r| r.number).collect();
        // A cell with a line break is still one row.
        assert_eq!(numbers, [3, 4]);
        assert_eq!(table.rows[0].cells[1], Cell::Text("two\nlines".into()));
        let crlf = csv("Name\r\nA\r\n\r\nB\r\n\"C\r\nD\"\r\nE\r\n").unwrap();
        let numbers: Vec<usize> = crlf.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [2, 4, 5, 6]);
    }

    #[test]
    fn bad_csv_is_refused_with_its_place() {
        assert!(matches!(csv(""), Err(ReadError::Empty { .. })));
        assert!(matches!(
            csv("Name,Vendor\n\n"),
            Err(ReadError::OnlyHeaders { .. })
        ));
        assert_eq!(
            csv("Name,Vendor\nZoom,Zoom,oops\n"),
            Err(ReadError::ValueWithoutHeader {
                path: "t.csv".into(),
                row: 2,
                column: "C".into()
            })
        );
        // Trailing empty cells are not values.
        assert!(csv("Name,Vendor\nZoom,Zoom,,\n").is_ok());
        let latin1 = b"Name\nZo\xe9\n".to_vec();
        assert_eq!(
            read_bytes("t.csv", latin1.clone(), &ReadOptions::default()),
            Err(ReadError::NotUtf8 {
                path: "t.csv".into(),
                line: 2
            })
        );
        let decoded = read_bytes(
            "t.csv",
            latin1,
            &ReadOptions {
                encoding: Some("windows-1252".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(decoded.rows[0].cells[0], Cell::Text("Zoé".into()));
    }

    #[test]
    fn utf16_is_read_by_its_byte_order_mark() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Name\tVendor\r\nZoom\tZoom Inc\r\n".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let table = read_bytes("t.txt", bytes, &ReadOptions::default()).unwrap();
        assert_eq!(table.headers.len(), 2);
        assert_eq!(table.rows[0].cells[1], Cell::Text("Zoom Inc".into()));
    }
}
