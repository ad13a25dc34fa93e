//! Reading XLSX and ODS workbooks with `calamine`, each bounded before it is unpacked (the
//! sizes the zip declares, the cells an ODS sheet's repeats expand to). Apart from CSV because
//! a workbook is a zip of XML whose cells are typed (numbers, dates, errors).

use std::io::{Cursor, Read, Seek};

use calamine::{DataRef, Reader};
use jiff::civil::Date;

use super::{
    Cell, Grid, MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_UNPACKED_BYTES, ReadError,
    ReadOptions, column_letters,
};

/// A zip file: ODS when it says so (its `mimetype`), else XLSX.
pub(super) fn read_zip(
    shown: &str,
    bytes: Vec<u8>,
    options: &ReadOptions,
) -> Result<Grid, ReadError> {
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
pub(super) fn ole_error(shown: &str, bytes: Vec<u8>) -> ReadError {
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
