//! Safe markdown: every piece of user text goes through [`escape`] (inline text), [`code`]
//! (a code span) or [`html`] (inside steward's own HTML), and every table row through
//! [`table_row`], so that a tool named `<img src=x onerror=...>` or `[click](javascript:...)`
//! renders as the literal text in a pull request or job summary, never as HTML, a link, a
//! mention or a broken table. Each of them first makes control, bidi and invisible
//! characters [`visible`].
//!
//! Checked against GitHub's own renderer (cmark-gfm, in `tests/markdown_github.rs`), which
//! decides what works:
//! - Backslash escapes and entities are decoded before cmark-gfm looks for e-mail addresses in
//!   text, and GitHub finds `@mentions` in the rendered text, so neither `\@` nor `&#64;` stops
//!   `sales@example.org` becoming a `mailto:` link or `@team` a mention. A zero-width space
//!   (`&#8203;`) after every `@` stops both; it is the only character steward adds that a
//!   reader cannot see, and user text never holds one unescaped ([`visible`] shows it).
//! - `www.` and `http://`-style links are found while parsing, in the source, so a backslash
//!   before the `.` or `:` stops them and does not show.
//! - A table row is split at every `|` not preceded by a backslash, even inside a code span
//!   (a backslash before it is enough, whatever comes before the backslash), and then `\|` is
//!   read as `|` everywhere in the cell, code spans included; outside a table a code span
//!   shows the backslash. So [`code`] leaves `|` alone and [`table_row`] puts a backslash
//!   before every `|` of a cell that has none ([`escape`] has written one already).

use super::visible::{Layout, visible};

/// Escapes text for markdown inline content and table cells, keeping ordinary punctuation
/// readable: hidden characters become visible escapes; HTML special characters become
/// entities; the characters that make emphasis, code, links and tables are backslash-escaped;
/// `@` is followed by a zero-width space so that nothing becomes a mention or an e-mail link;
/// `http:`-style schemes and `www.` are broken so nothing becomes a link; line breaks and tabs
/// become spaces; a leading character that would start a heading, list or quote is escaped.
pub fn escape(text: &str) -> String {
    let text = visible(&text.replace(['\r', '\n', '\t'], " "), Layout::OneLine).into_owned();
    let mut out = String::with_capacity(text.len() + 8);
    let mut word = String::new();
    for (i, c) in text.chars().enumerate() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '@' => out.push_str(MENTION_BREAK),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            ':' if is_scheme(&word) => out.push_str("\\:"),
            '.' if word.eq_ignore_ascii_case("www") => out.push_str("\\."),
            '#' | '-' | '+' | '=' | '!' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        if c.is_ascii_alphabetic() {
            word.push(c);
        } else {
            word.clear();
        }
    }
    out
}

/// `@` and a zero-width space, as an entity so that the markdown source shows it.
const MENTION_BREAK: &str = "@&#8203;";

/// URL schemes that markdown renderers turn into links.
fn is_scheme(word: &str) -> bool {
    [
        "http",
        "https",
        "ftp",
        "mailto",
        "xmpp",
        "javascript",
        "data",
        "file",
        "vbscript",
    ]
    .iter()
    .any(|s| word.eq_ignore_ascii_case(s))
}

/// Escapes text for an HTML context inside markdown (`<summary>`, where markdown escapes
/// would show literally).
pub fn html(text: &str) -> String {
    let text = visible(&text.replace(['\r', '\n', '\t'], " "), Layout::OneLine).into_owned();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '@' => out.push_str(MENTION_BREAK),
            c => out.push(c),
        }
    }
    out
}

/// Text inside a code span: hidden characters (line breaks too) become visible escapes, and
/// backticks, which cannot be escaped there, are replaced. Inside a table, [`table_row`] takes
/// care of `|`.
pub fn code(text: &str) -> String {
    let shown = visible(text, Layout::OneLine);
    format!("`{}`", shown.replace('`', "'"))
}

/// One table row from cells of inline markdown (already escaped): every `|` in a cell gets a
/// backslash before it, so that no cell ends early, not even in a code span (see the module's
/// documentation). In a code span, a backslash the user wrote before a `|` is read away.
pub fn table_row<S: AsRef<str>>(cells: &[S]) -> String {
    let mut out = String::from("|");
    for cell in cells {
        out.push(' ');
        let mut previous = ' ';
        for c in cell.as_ref().chars() {
            if c == '|' && previous != '\\' {
                out.push('\\');
            }
            out.push(c);
            previous = c;
        }
        out.push_str(" |");
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_links_are_inert() {
        assert_eq!(escape("<img src=x>"), "&lt;img src=x&gt;");
        assert_eq!(escape("[a](javascript:x)"), "\\[a\\](javascript\\:x)");
        assert_eq!(
            escape("see https://x.org or www.x.org"),
            "see https\\://x.org or www\\.x.org"
        );
        assert_eq!(escape("a|b\nc"), "a\\|b c");
        assert_eq!(escape("@everyone"), "@&#8203;everyone");
        assert_eq!(escape("sales@example.org"), "sales@&#8203;example.org");
        assert_eq!(escape("mailto:a@b.org"), "mailto\\:a@&#8203;b.org");
        assert_eq!(escape("# not a heading"), "\\# not a heading");
        assert_eq!(
            escape("Canva: owner (Jane) -> x"),
            "Canva: owner (Jane) -> x".replace('>', "&gt;")
        );
        assert_eq!(escape("</details>"), "&lt;/details&gt;");
        assert_eq!(code("a`b"), "`a'b`");
        assert_eq!(
            html("</summary><b>@x"),
            "&lt;/summary&gt;&lt;b&gt;@&#8203;x"
        );
    }

    #[test]
    fn hidden_characters_are_shown() {
        assert_eq!(
            escape("a\u{1b}[2J\u{202E}b"),
            "a\\\\u{1b}\\[2J&lt;U+202E&gt;b"
        );
        assert_eq!(code("a\u{1b}\nb"), "`a\\u{1b}\\nb`");
        assert_eq!(html("a\u{200B}b"), "a&lt;U+200B&gt;b");
        assert_eq!(escape("a\nb\tc"), "a b c");
    }

    #[test]
    fn table_rows_escape_every_pipe() {
        assert_eq!(
            table_row(&[code("x|y"), escape("a|b"), code("d\\|e"), "c".into()]),
            "| `x\\|y` | a\\|b | `d\\|e` | c |\n"
        );
    }
}
