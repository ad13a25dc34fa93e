//! Safe markdown: every piece of user text goes through [`escape`] so that a tool named
//! `<img src=x onerror=...>` or `[click](javascript:...)` renders as the literal text in a pull
//! request or job summary, never as HTML, a link or a broken table.

/// Escapes text for markdown inline content and table cells, keeping ordinary punctuation
/// readable: HTML special characters become entities; the characters that make emphasis,
/// code, links, tables and mentions are backslash-escaped; `http:`-style schemes and `www.`
/// are broken so nothing becomes a link; line breaks become spaces; a leading character that
/// would start a heading, list or quote is escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut word = String::new();
    for (i, c) in text.chars().enumerate() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' | '\n' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '@' => {
                out.push('\\');
                out.push(c);
            }
            ':' if is_scheme(&word) => out.push_str("\\:"),
            '.' if word.eq_ignore_ascii_case("www") => out.push_str("\\."),
            '#' | '-' | '+' | '=' | '!' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
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

/// URL schemes that markdown renderers turn into links.
fn is_scheme(word: &str) -> bool {
    [
        "http",
        "https",
        "ftp",
        "mailto",
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
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '@' => out.push_str("&#64;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text inside a code span: backticks cannot be escaped there, so they are replaced.
pub fn code(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c == '`' {
                '\''
            } else if c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    format!("`{cleaned}`")
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
        assert_eq!(escape("@everyone"), "\\@everyone");
        assert_eq!(escape("# not a heading"), "\\# not a heading");
        assert_eq!(
            escape("Canva: owner (Jane) -> x"),
            "Canva: owner (Jane) -> x".replace('>', "&gt;")
        );
        assert_eq!(escape("</details>"), "&lt;/details&gt;");
        assert_eq!(code("a`b"), "`a'b`");
        assert_eq!(html("</summary><b>@x"), "&lt;/summary&gt;&lt;b&gt;&#64;x");
    }
}
