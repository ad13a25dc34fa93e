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
//!
//! What every format shares is here: the table, the bounds, the refusals, and finding the
//! header row. Reading each format has its own file (`csv.rs`, `workbook.rs` for XLSX and ODS),
//! since they share no code below the rows of cells they produce.

mod csv;
mod workbook;

use std::io::Read;
use std::path::Path;

use jiff::civil::Date;

use self::csv::{decode, read_csv};
use workbook::{ole_error, read_zip};

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

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
