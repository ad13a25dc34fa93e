//! Reading CSV: the text decoded (UTF-8, UTF-16 by its byte-order mark, or `--encoding`), the
//! delimiter found from the header line, and each record numbered as a spreadsheet shows it.
//! Apart from the workbooks because text files have their own troubles: encodings, delimiters
//! and blank lines the `csv` crate skips.

use super::{Cell, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, ReadError, column_letters};

/// The text of a CSV file: UTF-8 (a byte-order mark dropped), UTF-16 by its byte-order mark,
/// or the encoding the user named.
pub(super) fn decode(shown: &str, bytes: &[u8], label: Option<&str>) -> Result<String, ReadError> {
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
pub(super) fn read_csv(shown: &str, text: &str) -> Result<Vec<(usize, Vec<Cell>)>, ReadError> {
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

#[cfg(test)]
mod tests {
    use crate::import::table::{Cell, ReadError, ReadOptions, Table, read_bytes};

    fn csv(text: &str) -> Result<Table, ReadError> {
        read_bytes("t.csv", text.as_bytes().to_vec(), &ReadOptions::default())
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
