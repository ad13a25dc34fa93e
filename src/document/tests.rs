//! The span index and positions: spans, pointers, characters, the limits.
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
