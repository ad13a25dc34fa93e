//! A parsed TOML file: its text, a JSON value for schema validation, and an index from every
//! JSON pointer in that value back to the byte spans of the key and the value in the text.
//!
//! One walk over `toml::de::DeTable` builds both, so that a schema error (which speaks JSON
//! pointers) and a governance finding (which speaks model fields) land on the same exact span.
//! Converting through `toml::from_str::<serde_json::Value>` would lose spans and turn dates into
//! private marker objects, so this module does the conversion itself.
//!
//! The index is the document: scalars live in its nodes and texts in one string, and a
//! `serde_json::Value` is built only when one is needed (schema validation, the field-by-field
//! diff) and dropped after. Kept for every file of a tree, a `Value` (a map per table, a heap
//! string per key and text) was about half of lint's memory.

mod value;

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use toml::de::{DeTable, DeValue};

pub use value::ValueRef;

/// How deep tables and arrays may nest before the file is refused. Real policy files nest
/// three or four levels; the limit keeps hostile input from exhausting the stack.
pub const MAX_DEPTH: usize = 64;

/// The text of one file, shared by every finding that points into it.
#[derive(Debug)]
pub struct SourceFile {
    /// Path shown to people: relative to the project directory, `/`-separated.
    pub path: String,
    /// The text with any byte-order mark removed, so offsets match what editors show.
    pub text: Arc<str>,
    /// Built the first time a position is asked for: most files of a tree (and almost every
    /// version a changelog reads) never have a finding to place.
    index: OnceLock<LineIndex>,
}

/// Where lines start, and how many characters come before points of the text.
#[derive(Debug)]
struct LineIndex {
    line_starts: Vec<usize>,
    /// `chars_at[k]`: how many characters come before byte `k * CHAR_STRIDE` (rounded down to
    /// a character boundary), so that a column costs at most one stride of counting even on
    /// a megabyte-long line with a hundred thousand findings.
    chars_at: Vec<usize>,
}

impl LineIndex {
    fn of(text: &str) -> LineIndex {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut chars_at = Vec::with_capacity(text.len() / CHAR_STRIDE + 1);
        let (mut counted, mut previous) = (0, 0);
        for mark in (0..=text.len()).step_by(CHAR_STRIDE) {
            let mark = floor_boundary(text, mark);
            counted += text[previous..mark].chars().count();
            chars_at.push(counted);
            previous = mark;
        }
        LineIndex {
            line_starts,
            chars_at,
        }
    }
}

/// Bytes between two entries of [`SourceFile`]'s character index.
const CHAR_STRIDE: usize = 1024;

/// The largest character boundary at or before `offset` (which must be at most `text.len()`).
fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A 1-based line and column; the column counts characters, not bytes, as editors do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: &str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Self {
            path: path.into(),
            text: Arc::from(text),
            index: OnceLock::new(),
        }
    }

    fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::of(&self.text))
    }

    fn line_starts(&self) -> &[usize] {
        &self.index().line_starts
    }

    /// How many lines the text has (a final line break does not start another).
    pub fn line_count(&self) -> usize {
        let starts = self.line_starts();
        let n = starts.len();
        if n > 1 && starts[n - 1] == self.text.len() {
            n - 1
        } else {
            n
        }
    }

    /// The 0-based line an offset falls on (offsets past the end fall on the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        (self.line_starts().partition_point(|&start| start <= offset) - 1)
            .min(self.line_count().saturating_sub(1))
    }

    /// The bytes of 0-based `line`, without its line break (`\n` or `\r\n`).
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let starts = self.line_starts();
        let start = starts[line];
        let mut end = starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// How many characters come before `offset`, a character boundary.
    fn chars_before(&self, offset: usize) -> usize {
        let k = offset / CHAR_STRIDE;
        let mark = floor_boundary(&self.text, k * CHAR_STRIDE);
        self.index().chars_at[k] + self.text[mark..offset].chars().count()
    }

    /// Line and column of a byte offset (clamped into the text, and back to the start of the
    /// character it falls in). The carriage return of a CRLF line ending is not a column.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = starts.partition_point(|&start| start <= offset) - 1;
        let start = starts[line];
        let mut end = floor_boundary(&self.text, offset);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        let column = self.chars_before(end) - self.chars_before(start) + 1;
        Position {
            line: line + 1,
            column,
        }
    }
}

/// What kind of TOML value sits at a pointer. Dates are strings in the JSON value (so that
/// `"format": "date"` schemas work in editors too); this keeps the difference between a native
/// TOML date and a quoted string that only looks like one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Table,
    Array,
    String,
    Integer,
    Float,
    Boolean,
    Date,
    DateTime,
}

/// Where one value lives in the text.
#[derive(Debug, Clone)]
pub struct Node {
    /// The key that names the value; `None` for array items and the root.
    pub key: Option<Range<usize>>,
    /// The value; for a `[table]` defined by a header, the header.
    pub value: Range<usize>,
    pub kind: NodeKind,
}

/// A TOML syntax error, with the span the parser blamed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Range<usize>,
}

/// A successfully parsed TOML file.
#[derive(Debug)]
pub struct Document {
    pub source: Arc<SourceFile>,
    nodes: Spans,
    /// Whether some quoted string looks like a date (see [`Document::has_date_like_text`]).
    date_like_text: bool,
}

/// Every value of a document and where it lives, shaped like the value itself: one flat list
/// of nodes (the root first), each table's entries also kept sorted by key so that looking a
/// pointer up walks it token by token with a binary search per table. A map keyed by whole
/// pointers would store every key once per descendant, and a 500 KB key above a 250,000-item
/// array would need 125 GB; a hash map per table costs a heap table per table and a heap
/// string per key, about a third of lint's memory on a large tree. Here a document is four
/// allocations: the nodes, two child lists, and its keys and texts one after another.
#[derive(Debug)]
struct Spans {
    nodes: Vec<Flat>,
    /// The children of every table and array, one slice per node, in the parser's order
    /// (the order `serde_json::Value`s built from the document have).
    children: Vec<u32>,
    /// The same slices, a table's sorted by key (for lookups), an array's as in `children`.
    sorted: Vec<u32>,
    /// The keys of table entries and the texts of strings and dates, one after another.
    text: String,
}

/// A node as the index stores it: offsets in 32 bits (a document is under 4 GiB, see
/// [`Document::parse`]), 56 bytes with its value where `Node`, two ranges and a
/// `serde_json::Value` took about 200.
#[derive(Debug)]
struct Flat {
    key_span: Option<Span32>,
    value: Span32,
    kind: NodeKind,
    /// This entry's key in [`Spans::text`] (empty for the root and array items).
    key: Span32,
    /// This node's children in [`Spans::children`] and [`Spans::sorted`].
    children: Span32,
    scalar: Scalar,
}

/// What a node holds as a JSON value: the same values `serde_json` would hold, so that the
/// schema sees exactly what it saw when documents were `serde_json::Value`s.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Scalar {
    /// A table or an array: the value is its children.
    Container,
    /// No JSON form: `inf` and `nan` (the schema then reports a type error quoting the
    /// literal), or a value refused with a syntax error.
    Null,
    Bool(bool),
    Int(i64),
    /// Finite.
    Float(f64),
    /// A string, or a date or datetime as TOML writes it, in [`Spans::text`].
    Text(Span32),
}

/// A byte range in 32 bits.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Span32 {
    start: u32,
    end: u32,
}

impl Span32 {
    /// Offsets fit: [`Document::parse`] refuses texts of 4 GiB or more.
    fn of(range: Range<usize>) -> Span32 {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span32 {
            start: narrow(range.start),
            end: narrow(range.end),
        }
    }

    fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl Flat {
    fn node(&self) -> Node {
        Node {
            key: self.key_span.map(Span32::range),
            value: self.value.range(),
            kind: self.kind,
        }
    }
}

impl Spans {
    fn key(&self, index: u32) -> &str {
        &self.text[self.nodes[index as usize].key.range()]
    }

    /// The node `key` names in the table `table`.
    fn entry(&self, table: &Flat, key: &str) -> Option<u32> {
        // Bytes, not `str`s: the same order (UTF-8 sorts as its code points do) without a
        // character-boundary check at each end of every key compared. The model and the
        // rules look up tens of fields per file, each a binary search per table on the way.
        let (text, key) = (self.text.as_bytes(), key.as_bytes());
        let list = &self.sorted[table.children.range()];
        list.binary_search_by(|&child| {
            let span = self.nodes[child as usize].key;
            text[span.start as usize..span.end as usize].cmp(key)
        })
        .ok()
        .map(|i| list[i])
    }

    /// The deepest node along `pointer`, and whether that is the node `pointer` names.
    fn deepest(&self, pointer: &str) -> (u32, bool) {
        if pointer.is_empty() {
            return (0, true);
        }
        let Some(tokens) = pointer.strip_prefix('/') else {
            return (0, false);
        };
        let mut current = 0;
        for token in tokens.split('/') {
            let flat = &self.nodes[current as usize];
            let next = match (flat.kind, flat.scalar) {
                (NodeKind::Table, Scalar::Container) => self.entry(flat, &unescape_token(token)),
                (NodeKind::Array, Scalar::Container) => array_index(token)
                    .and_then(|i| self.children[flat.children.range()].get(i).copied()),
                _ => None,
            };
            match next {
                Some(next) => current = next,
                None => return (current, false),
            }
        }
        (current, true)
    }

    fn flat(&self, index: u32) -> &Flat {
        &self.nodes[index as usize]
    }
}

/// Undoes [`push_pointer`]'s escaping of one reference token (RFC 6901: `~1` first, then `~0`).
fn unescape_token(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains('~') {
        std::borrow::Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        std::borrow::Cow::Borrowed(token)
    }
}

/// An array index token: decimal digits without a leading zero (RFC 6901), so that exactly
/// the pointers [`push_pointer`] writes are found.
fn array_index(token: &str) -> Option<usize> {
    let canonical = !token.is_empty()
        && token.bytes().all(|b| b.is_ascii_digit())
        && (token == "0" || !token.starts_with('0'));
    if canonical { token.parse().ok() } else { None }
}

impl Document {
    /// Parses `source`, collecting every syntax error the parser can recover from.
    pub fn parse(source: Arc<SourceFile>) -> Result<Document, Vec<SyntaxError>> {
        let shared = Arc::clone(&source.text);
        let text: &str = &shared;
        if u32::try_from(text.len()).is_err() {
            // The span index stores offsets in 32 bits; max_file_bytes stops such files
            // long before, unless it was raised past 4 GiB.
            return Err(vec![SyntaxError {
                message: "the file is 4 GiB or more, too large to check".to_string(),
                span: 0..0,
            }]);
        }
        let (root, errors) = DeTable::parse_recoverable(text);
        let mut errors: Vec<SyntaxError> = errors
            .into_iter()
            .map(|e| SyntaxError {
                message: tidy_parser_message(e.message()),
                span: e.span().unwrap_or(0..0),
            })
            .collect();
        let mut builder = Builder {
            text,
            errors: Vec::new(),
            nodes: vec![Flat {
                key_span: None,
                value: Span32::default(),
                kind: NodeKind::Table,
                key: Span32::default(),
                children: Span32::default(),
                scalar: Scalar::Container,
            }],
            children: Vec::new(),
            sorted: Vec::new(),
            text_out: String::new(),
            date_like_text: false,
        };
        let children = builder.table(root.get_ref(), 0);
        builder.nodes[0].children = Span32::of(children);
        let mut nodes = Spans {
            nodes: builder.nodes,
            children: builder.children,
            sorted: builder.sorted,
            text: builder.text_out,
        };
        nodes.nodes.shrink_to_fit();
        nodes.children.shrink_to_fit();
        nodes.sorted.shrink_to_fit();
        nodes.text.shrink_to_fit();
        errors.append(&mut builder.errors);
        // `SourceFile::new` removed the one byte-order mark TOML allows; the parser would
        // silently skip a second one, so a file starting with two BOMs would pass.
        if text.starts_with('\u{feff}') {
            errors.push(SyntaxError {
                message:
                    "a byte-order mark (U+FEFF) may only appear once, at the very start of the file"
                        .to_string(),
                span: 0..'\u{feff}'.len_utf8(),
            });
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| (e.span.start, e.span.end));
            errors.dedup();
            return Err(errors);
        }
        Ok(Document {
            source,
            nodes,
            date_like_text: builder.date_like_text,
        })
    }

    /// Whether some quoted string in the file looks like a date (`"2026-03-01"`): only such
    /// files need the schema's second look for dates written in quotes.
    pub fn has_date_like_text(&self) -> bool {
        self.date_like_text
    }

    /// The node at a JSON pointer (`""` is the whole file).
    pub fn node(&self, pointer: &str) -> Option<Node> {
        match self.nodes.deepest(pointer) {
            (index, true) => Some(self.nodes.flat(index).node()),
            _ => None,
        }
    }

    /// The whole file as a value.
    pub fn root(&self) -> ValueRef<'_> {
        ValueRef::new(&self.nodes, 0)
    }

    /// The value at a JSON pointer: the same lookup as `serde_json::Value::pointer`, without
    /// allocating a `String` per reference token (the model and the rules look up tens of
    /// pointers per file).
    pub fn get(&self, pointer: &str) -> Option<ValueRef<'_>> {
        match self.nodes.deepest(pointer) {
            (index, true) => Some(ValueRef::new(&self.nodes, index)),
            _ => None,
        }
    }

    /// The file as a `serde_json::Value`, built for the moment it is needed (the schema, the
    /// field-by-field diff).
    pub fn to_value(&self) -> serde_json::Value {
        self.root().to_value()
    }

    pub fn str(&self, pointer: &str) -> Option<&str> {
        self.get(pointer).and_then(|v| v.as_str())
    }

    /// The source text of the value at `pointer`, as written.
    pub fn raw(&self, pointer: &str) -> Option<&str> {
        let node = self.node(pointer)?;
        self.source.text.get(node.value.clone())
    }

    /// The best span to blame for `pointer`: the value when it exists, else the nearest
    /// ancestor that does (for a missing key, the table that should hold it), else the file start.
    pub fn span_for(&self, pointer: &str) -> Range<usize> {
        // The root's span is 0..0, the file start.
        self.nodes.flat(self.nodes.deepest(pointer).0).value.range()
    }

    /// The span of the key naming `pointer` (falls back to the value span).
    pub fn key_span_for(&self, pointer: &str) -> Range<usize> {
        let (index, found) = self.nodes.deepest(pointer);
        let flat = self.nodes.flat(index);
        match (flat.key_span, found) {
            (Some(key), true) => key.range(),
            _ => flat.value.range(),
        }
    }
}

/// Appends one reference token to a JSON pointer, escaping per RFC 6901.
pub fn push_pointer(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    push_token(&mut out, token);
    out
}

/// Appends `/` and one reference token to a JSON pointer in place, escaping per RFC 6901 (for
/// walks that extend and truncate one buffer instead of allocating a pointer per node).
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    if !token.contains(['~', '/']) {
        pointer.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

struct Builder<'t> {
    text: &'t str,
    errors: Vec<SyntaxError>,
    nodes: Vec<Flat>,
    children: Vec<u32>,
    sorted: Vec<u32>,
    /// Keys and texts (becomes [`Spans::text`]).
    text_out: String,
    date_like_text: bool,
}

impl Builder<'_> {
    /// Adds a table's entries; returns their place in `children` and `sorted`.
    fn table(&mut self, table: &DeTable<'_>, depth: usize) -> Range<usize> {
        let mut entries = Vec::with_capacity(table.len());
        for (key, value) in table.iter() {
            let index = self.child(
                value.get_ref(),
                value.span(),
                Some((key.span(), key.get_ref())),
                depth + 1,
            );
            entries.push(index);
        }
        let start = self.children.len();
        self.children.extend_from_slice(&entries);
        // Sorted for lookups (a parsed table has no duplicate keys).
        entries.sort_by(|&a, &b| self.key(a).cmp(self.key(b)));
        self.sorted.extend(entries);
        start..self.children.len()
    }

    fn key(&self, index: u32) -> &str {
        &self.text_out[self.nodes[index as usize].key.range()]
    }

    /// Appends `text` to the document's texts; returns where it went.
    fn push_text(&mut self, text: &str) -> Span32 {
        let start = self.text_out.len();
        self.text_out.push_str(text);
        Span32::of(start..self.text_out.len())
    }

    /// Adds the node of a table entry (with its key) or an array item, then its children.
    fn child(
        &mut self,
        value: &DeValue<'_>,
        span: Range<usize>,
        key: Option<(Range<usize>, &str)>,
        depth: usize,
    ) -> u32 {
        let index = self.nodes.len();
        let (key_span, key_text) = match key {
            Some((span, text)) => (Some(Span32::of(span)), self.push_text(text)),
            None => (None, Span32::default()),
        };
        self.nodes.push(Flat {
            key_span,
            value: Span32::of(span.clone()),
            kind: kind_of(value),
            key: key_text,
            children: Span32::default(),
            scalar: Scalar::Container,
        });
        let (scalar, children) = self.value(value, span, depth);
        self.nodes[index].scalar = scalar;
        self.nodes[index].children = Span32::of(children);
        // At most one node per byte of a text under 4 GiB.
        index as u32
    }

    fn value(
        &mut self,
        value: &DeValue<'_>,
        span: Range<usize>,
        depth: usize,
    ) -> (Scalar, Range<usize>) {
        if depth > MAX_DEPTH {
            self.error(
                format!("tables and arrays nest more than {MAX_DEPTH} levels deep"),
                span,
            );
            return (Scalar::Null, 0..0);
        }
        let scalar = match value {
            DeValue::String(s) => {
                self.date_like_text |= looks_like_date(s);
                Scalar::Text(self.push_text(s))
            }
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Scalar::Int(n),
                Err(_) => {
                    let literal = self.text.get(span.clone()).unwrap_or_default().to_string();
                    self.error(format!("invalid integer `{literal}`"), span);
                    Scalar::Null
                }
            },
            DeValue::Float(f) => match f.as_str().parse::<f64>() {
                Ok(x) if x.is_finite() => Scalar::Float(x),
                // inf and nan are valid TOML but have no JSON form: null makes the schema
                // report a type error that quotes the literal.
                Ok(_) => Scalar::Null,
                Err(_) => {
                    let literal = self.text.get(span.clone()).unwrap_or_default().to_string();
                    self.error(format!("invalid float `{literal}`"), span);
                    Scalar::Null
                }
            },
            DeValue::Boolean(b) => Scalar::Bool(*b),
            DeValue::Datetime(d) => Scalar::Text(self.push_datetime(d)),
            DeValue::Array(array) => {
                let mut entries = Vec::with_capacity(array.len());
                for item in array.iter() {
                    entries.push(self.child(item.get_ref(), item.span(), None, depth + 1));
                }
                let start = self.children.len();
                self.children.extend_from_slice(&entries);
                self.sorted.extend(entries);
                return (Scalar::Container, start..self.children.len());
            }
            DeValue::Table(table) => return (Scalar::Container, self.table(table, depth)),
        };
        (scalar, 0..0)
    }

    /// A datetime as TOML writes it (its `Display`), without the formatting machinery for
    /// the common case, a plain date: `YYYY-MM-DD`.
    fn push_datetime(&mut self, datetime: &toml::value::Datetime) -> Span32 {
        match (datetime.date, datetime.time, datetime.offset) {
            (Some(date), None, None) if date.year <= 9999 && date.month <= 99 && date.day <= 99 => {
                let digit = |n: u16| char::from(b'0' + (n % 10) as u8);
                let (year, month, day) = (date.year, u16::from(date.month), u16::from(date.day));
                let start = self.text_out.len();
                self.text_out
                    .extend([year / 1000, year / 100, year / 10, year].map(digit));
                self.text_out.push('-');
                self.text_out.extend([month / 10, month].map(digit));
                self.text_out.push('-');
                self.text_out.extend([day / 10, day].map(digit));
                Span32::of(start..self.text_out.len())
            }
            _ => self.push_text(&datetime.to_string()),
        }
    }

    fn error(&mut self, message: String, span: Range<usize>) {
        self.errors.push(SyntaxError { message, span });
    }
}

/// Whether a text has the shape of a date, `YYYY-MM-DD`.
pub fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn kind_of(value: &DeValue<'_>) -> NodeKind {
    match value {
        DeValue::String(_) => NodeKind::String,
        DeValue::Integer(_) => NodeKind::Integer,
        DeValue::Float(_) => NodeKind::Float,
        DeValue::Boolean(_) => NodeKind::Boolean,
        DeValue::Datetime(d) if d.time.is_none() => NodeKind::Date,
        DeValue::Datetime(_) => NodeKind::DateTime,
        DeValue::Array(_) => NodeKind::Array,
        DeValue::Table(_) => NodeKind::Table,
    }
}

/// The parser's messages are multi-line ("invalid table header\nexpected `.`, `]`"); keep them
/// on one line so every output format can carry them.
fn tidy_parser_message(message: &str) -> String {
    let one_line = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    // The parser's words for the most common slip (text without quotes) are puzzling to
    // people who never heard of `inf` or literal strings; say what they most likely meant.
    if one_line.starts_with("invalid float, expected `inf`")
        || one_line.starts_with("invalid float, expected `nan`")
        || one_line.starts_with("string values must be quoted")
    {
        return format!(
            "this value is not a number, date, true/false, list or text in quotes; text must be in quotes, like name = \"Canva\" ({one_line})"
        );
    }
    one_line
}

#[cfg(test)]
mod tests;
