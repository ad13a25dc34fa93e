//! A parsed TOML file: its text, a JSON value for schema validation, and an index from every
//! JSON pointer in that value back to the byte spans of the key and the value in the text.
//!
//! One walk over `toml::de::DeTable` builds both, so that a schema error (which speaks JSON
//! pointers) and a governance finding (which speaks model fields) land on the same exact span.
//! Converting through `toml::from_str::<serde_json::Value>` would lose spans and turn dates into
//! private marker objects, so this module does the conversion itself.
//!
//! Why it is long (about 640 lines, and 130 of tests): the walk that builds the value and the
//! span index, and the lookups that read the index, share its compact private layout (`Flat`,
//! `Span32`, keys sorted per table); kept in one file, they cannot disagree about it.

use std::ops::Range;
use std::sync::Arc;

use serde_json::{Map, Number, Value};
use toml::de::{DeTable, DeValue};

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
    line_starts: Vec<usize>,
    /// `chars_at[k]`: how many characters come before byte `k * CHAR_STRIDE` (rounded down to
    /// a character boundary), so that a column costs at most one stride of counting even on
    /// a megabyte-long line with a hundred thousand findings.
    chars_at: Vec<usize>,
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
        Self {
            path: path.into(),
            text: Arc::from(text),
            line_starts,
            chars_at,
        }
    }

    /// How many lines the text has (a final line break does not start another).
    pub fn line_count(&self) -> usize {
        let n = self.line_starts.len();
        if n > 1 && self.line_starts[n - 1] == self.text.len() {
            n - 1
        } else {
            n
        }
    }

    /// The 0-based line an offset falls on (offsets past the end fall on the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        (self.line_starts.partition_point(|&start| start <= offset) - 1)
            .min(self.line_count().saturating_sub(1))
    }

    /// The bytes of 0-based `line`, without its line break (`\n` or `\r\n`).
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let start = self.line_starts[line];
        let mut end = self
            .line_starts
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
        self.chars_at[k] + self.text[mark..offset].chars().count()
    }

    /// Line and column of a byte offset (clamped into the text, and back to the start of the
    /// character it falls in). The carriage return of a CRLF line ending is not a column.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
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
    pub value: Value,
    nodes: Spans,
    /// Whether some quoted string looks like a date (see [`Document::has_date_like_text`]).
    date_like_text: bool,
}

/// Where every value of a document lives, shaped like the value itself: one flat list of
/// nodes (the root first), each table's entries kept sorted by key so that looking a pointer up
/// walks it token by token with a binary search per table. A map keyed by whole pointers
/// would store every key once per descendant, and a 500 KB key above a 250,000-item array
/// would need 125 GB; a hash map per table costs a heap table per table and a heap string per
/// key, about a third of lint's memory on a large tree. Here a document's index is three
/// allocations: the nodes, the child lists, and its keys one after another.
#[derive(Debug)]
struct Spans {
    nodes: Vec<Flat>,
    /// The children of every table and array, one slice per node: a table's sorted by key,
    /// an array's in order.
    children: Vec<u32>,
    /// The keys of table entries, one after another.
    keys: String,
}

/// A node as the index stores it: offsets in 32 bits (a document is under 4 GiB, see
/// [`Document::parse`]), 40 bytes where `Node` and two ranges took 80. On a large tree the
/// index is about a fifth of lint's memory.
#[derive(Debug)]
struct Flat {
    key_span: Option<Span32>,
    value: Span32,
    kind: NodeKind,
    /// This entry's key in [`Spans::keys`] (empty for the root and array items).
    key: Span32,
    /// This node's children in [`Spans::children`].
    children: Span32,
}

/// A byte range in 32 bits.
#[derive(Debug, Clone, Copy, Default)]
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
        &self.keys[self.nodes[index as usize].key.range()]
    }

    /// The deepest node along `pointer`, and whether that is the node `pointer` names.
    fn deepest(&self, pointer: &str) -> (&Flat, bool) {
        let root = &self.nodes[0];
        if pointer.is_empty() {
            return (root, true);
        }
        let Some(tokens) = pointer.strip_prefix('/') else {
            return (root, false);
        };
        let mut current = 0;
        for token in tokens.split('/') {
            let flat = &self.nodes[current];
            let list = &self.children[flat.children.range()];
            let next = match flat.kind {
                NodeKind::Table => {
                    let token = unescape_token(token);
                    list.binary_search_by(|&child| self.key(child).cmp(&token))
                        .ok()
                        .map(|i| list[i])
                }
                NodeKind::Array => array_index(token).and_then(|i| list.get(i).copied()),
                _ => None,
            };
            match next {
                Some(next) => current = next as usize,
                None => return (flat, false),
            }
        }
        (&self.nodes[current], true)
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
            }],
            children: Vec::new(),
            keys: String::new(),
            date_like_text: false,
        };
        let (value, children) = builder.table(root.get_ref(), 0);
        builder.nodes[0].children = Span32::of(children);
        let mut nodes = Spans {
            nodes: builder.nodes,
            children: builder.children,
            keys: builder.keys,
        };
        nodes.nodes.shrink_to_fit();
        nodes.children.shrink_to_fit();
        nodes.keys.shrink_to_fit();
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
            value,
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
            (flat, true) => Some(flat.node()),
            _ => None,
        }
    }

    /// The value at a JSON pointer. The same lookup as [`Value::pointer`], which allocates a
    /// `String` per reference token; this borrows them unless they hold an escape (`~`). The
    /// model and the rules look up tens of pointers per file.
    pub fn get(&self, pointer: &str) -> Option<&Value> {
        if pointer.is_empty() {
            return Some(&self.value);
        }
        pointer
            .strip_prefix('/')?
            .split('/')
            .try_fold(&self.value, |target, token| match target {
                Value::Object(map) => map.get(&*unescape_token(token)),
                Value::Array(items) => array_index(token).and_then(|i| items.get(i)),
                _ => None,
            })
    }

    pub fn str(&self, pointer: &str) -> Option<&str> {
        self.get(pointer).and_then(Value::as_str)
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
        self.nodes.deepest(pointer).0.value.range()
    }

    /// The span of the key naming `pointer` (falls back to the value span).
    pub fn key_span_for(&self, pointer: &str) -> Range<usize> {
        match self.nodes.deepest(pointer) {
            (
                Flat {
                    key_span: Some(key),
                    ..
                },
                true,
            ) => key.range(),
            (flat, _) => flat.value.range(),
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
    keys: String,
    date_like_text: bool,
}

impl Builder<'_> {
    /// Converts a table; returns its value and its children's place in `children`.
    fn table(&mut self, table: &DeTable<'_>, depth: usize) -> (Value, Range<usize>) {
        let mut map = Map::with_capacity(table.len());
        let mut entries = Vec::with_capacity(table.len());
        for (key, value) in table.iter() {
            let (converted, index) = self.child(
                value.get_ref(),
                value.span(),
                Some((key.span(), key.get_ref())),
                depth + 1,
            );
            entries.push(index);
            map.insert(key.get_ref().to_string(), converted);
        }
        // Sorted for lookups (a parsed table has no duplicate keys).
        entries.sort_by(|&a, &b| self.key(a).cmp(self.key(b)));
        let start = self.children.len();
        self.children.extend(entries);
        (Value::Object(map), start..self.children.len())
    }

    fn key(&self, index: u32) -> &str {
        &self.keys[self.nodes[index as usize].key.range()]
    }

    /// Adds the node of a table entry (with its key) or an array item, then converts it.
    fn child(
        &mut self,
        value: &DeValue<'_>,
        span: Range<usize>,
        key: Option<(Range<usize>, &str)>,
        depth: usize,
    ) -> (Value, u32) {
        let index = self.nodes.len();
        let (key_span, key_text) = match key {
            Some((span, text)) => {
                let start = self.keys.len();
                self.keys.push_str(text);
                (Some(span), start..self.keys.len())
            }
            None => (None, 0..0),
        };
        self.nodes.push(Flat {
            key_span: key_span.map(Span32::of),
            value: Span32::of(span.clone()),
            kind: kind_of(value),
            key: Span32::of(key_text),
            children: Span32::default(),
        });
        let (converted, children) = self.value(value, span, depth);
        self.nodes[index].children = Span32::of(children);
        // At most one node per byte of a text under 4 GiB.
        (converted, index as u32)
    }

    fn value(
        &mut self,
        value: &DeValue<'_>,
        span: Range<usize>,
        depth: usize,
    ) -> (Value, Range<usize>) {
        if depth > MAX_DEPTH {
            self.error(
                format!("tables and arrays nest more than {MAX_DEPTH} levels deep"),
                span,
            );
            return (Value::Null, 0..0);
        }
        let scalar = match value {
            DeValue::String(s) => {
                self.date_like_text |= looks_like_date(s);
                Value::String(s.to_string())
            }
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Value::Number(n.into()),
                Err(_) => {
                    let literal = self.text.get(span.clone()).unwrap_or_default().to_string();
                    self.error(format!("invalid integer `{literal}`"), span);
                    Value::Null
                }
            },
            DeValue::Float(f) => match f.as_str().parse::<f64>() {
                Ok(x) if x.is_finite() => Number::from_f64(x).map_or(Value::Null, Value::Number),
                // inf and nan are valid TOML but have no JSON form: null makes the schema
                // report a type error that quotes the literal.
                Ok(_) => Value::Null,
                Err(_) => {
                    let literal = self.text.get(span.clone()).unwrap_or_default().to_string();
                    self.error(format!("invalid float `{literal}`"), span);
                    Value::Null
                }
            },
            DeValue::Boolean(b) => Value::Bool(*b),
            DeValue::Datetime(d) => Value::String(datetime_text(d)),
            DeValue::Array(array) => {
                let mut items = Vec::with_capacity(array.len());
                let mut entries = Vec::with_capacity(array.len());
                for item in array.iter() {
                    let (converted, index) =
                        self.child(item.get_ref(), item.span(), None, depth + 1);
                    items.push(converted);
                    entries.push(index);
                }
                let start = self.children.len();
                self.children.extend(entries);
                return (Value::Array(items), start..self.children.len());
            }
            DeValue::Table(table) => return self.table(table, depth),
        };
        (scalar, 0..0)
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

/// A datetime as TOML writes it (its `Display`), without the formatting machinery for the
/// common case, a plain date: `YYYY-MM-DD`.
fn datetime_text(datetime: &toml::value::Datetime) -> String {
    match (datetime.date, datetime.time, datetime.offset) {
        (Some(date), None, None) if date.year <= 9999 && date.month <= 99 && date.day <= 99 => {
            let digit = |n: u16| char::from(b'0' + (n % 10) as u8);
            let (year, month, day) = (date.year, u16::from(date.month), u16::from(date.day));
            let mut text = String::with_capacity(10);
            text.extend([year / 1000, year / 100, year / 10, year].map(digit));
            text.push('-');
            text.extend([month / 10, month].map(digit));
            text.push('-');
            text.extend([day / 10, day].map(digit));
            text
        }
        _ => datetime.to_string(),
    }
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
mod tests {
    use super::*;

    fn parse(text: &str) -> Document {
        Document::parse(Arc::new(SourceFile::new("t.toml", text))).expect("parses")
    }

    #[test]
    fn spans_point_at_values_and_headers() {
        let doc = parse("name = \"x\"\n\n[cost]\namount = 12.50\n");
        let name = doc.node("/name").unwrap();
        assert_eq!(&doc.source.text[name.value.clone()], "\"x\"");
        assert_eq!(&doc.source.text[name.key.clone().unwrap()], "name");
        assert_eq!(&doc.source.text[doc.span_for("/cost")], "[cost]");
        assert_eq!(doc.raw("/cost/amount"), Some("12.50"));
        // A missing key blames the table that should hold it.
        assert_eq!(&doc.source.text[doc.span_for("/cost/currency")], "[cost]");
        assert_eq!(doc.span_for("/missing"), 0..0);
    }

    #[test]
    fn dates_are_strings_but_remember_their_kind() {
        let doc = parse("a = 2026-01-02\nb = \"2026-01-02\"\n");
        assert_eq!(doc.str("/a"), Some("2026-01-02"));
        assert_eq!(doc.node("/a").unwrap().kind, NodeKind::Date);
        assert_eq!(doc.node("/b").unwrap().kind, NodeKind::String);
    }

    #[test]
    fn array_items_and_escaped_keys_have_pointers() {
        let doc = parse("[[line]]\nid = \"a\"\n[[line]]\nid = \"b\"\n[x]\n\"a/b\" = 1\n");
        assert_eq!(doc.str("/line/1/id"), Some("b"));
        assert!(doc.node("/x/a~1b").is_some());
    }

    #[test]
    fn positions_count_characters_and_ignore_bom_and_crlf() {
        let source = SourceFile::new("t.toml", "\u{feff}a = 1\r\nné = \"é\"\r\n");
        let offset = source.text.find("\"é\"").unwrap();
        assert_eq!(source.position(offset), Position { line: 2, column: 6 });
        assert_eq!(source.position(0), Position { line: 1, column: 1 });
    }

    #[test]
    fn positions_on_long_multibyte_lines_match_a_plain_count() {
        // Strides of the character index fall inside multi-byte characters here.
        let mut text = String::from("\u{feff}k = [");
        for i in 0..3000 {
            text.push_str(["\"é\", ", "\"☕\", ", "1, ", "\"𝄞\"\r\n, "][i % 4]);
        }
        text.push_str("]\n");
        let source = SourceFile::new("t.toml", &text);
        let body = &source.text;
        for offset in (0..=body.len() + 2).step_by(7) {
            let clamped = offset.min(body.len());
            let mut end = clamped;
            while !body.is_char_boundary(end) {
                end -= 1;
            }
            let start = body[..end].rfind('\n').map_or(0, |i| i + 1);
            let line = body[..end].matches('\n').count() + 1;
            let column = body[start..end]
                .strip_suffix('\r')
                .unwrap_or(&body[start..end]);
            let expected = Position {
                line,
                column: column.chars().count() + 1,
            };
            assert_eq!(source.position(offset), expected, "offset {offset}");
        }
    }

    #[test]
    fn pointers_with_escapes_and_indexes_resolve() {
        let doc = parse("[\"a/b\"]\n\"c~d\" = [1, [2, {e = 3}]]\n\"\" = 4\n");
        assert_eq!(doc.raw("/a~1b/c~0d/1/1/e"), Some("3"));
        assert_eq!(doc.raw("/a~1b/"), Some("4"));
        assert_eq!(doc.node("/a~1b/c~0d").unwrap().kind, NodeKind::Array);
        // Only canonical indexes name array items, as serde_json's `pointer` does.
        for missing in [
            "/a~1b/c~0d/01",
            "/a~1b/c~0d/+1",
            "/a~1b/c~0d/9",
            "a~1b",
            "/ab",
        ] {
            assert!(doc.node(missing).is_none(), "{missing}");
            assert_eq!(doc.node(missing).is_none(), doc.get(missing).is_none());
        }
        // A missing pointer blames its deepest existing ancestor; its key span falls back too.
        let item = doc.span_for("/a~1b/c~0d/1");
        assert_eq!(doc.span_for("/a~1b/c~0d/1/5/x"), item);
        assert_eq!(doc.key_span_for("/a~1b/c~0d/1/5/x"), item);
        assert_eq!(&doc.source.text[doc.key_span_for("/a~1b/c~0d")], "\"c~d\"");
        assert_eq!(doc.span_for(""), 0..0);
    }

    #[test]
    fn a_long_key_above_a_long_array_costs_memory_once() {
        // Storing a full pointer per node made this take 200 KB x 20,000 = 4 GB.
        let key = "k".repeat(200_000);
        let text = format!("[{key}]\nitems = [{}]\n", "1,".repeat(20_000));
        let doc = parse(&text);
        let last = format!("/{key}/items/19999");
        assert_eq!(doc.raw(&last), Some("1"));
    }

    #[test]
    fn a_second_byte_order_mark_is_a_syntax_error() {
        let text = "\u{feff}\u{feff}a = 1\n";
        let errors = Document::parse(Arc::new(SourceFile::new("t.toml", text))).unwrap_err();
        assert_eq!(errors[0].span, 0..3);
        parse("\u{feff}a = 1\n");
    }

    #[test]
    fn empty_radix_literals_are_syntax_errors() {
        for text in ["a = 0x", "a = 0b", "a = 0o"] {
            let errors = Document::parse(Arc::new(SourceFile::new("t.toml", text))).unwrap_err();
            assert!(!errors.is_empty(), "{text}");
        }
    }

    #[test]
    fn recoverable_errors_are_all_reported() {
        let errors =
            Document::parse(Arc::new(SourceFile::new("t.toml", "[a\nb = \nc = 1\n"))).unwrap_err();
        assert!(!errors.is_empty());
    }
}
