//! Safe markdown: every piece of user text goes through [`escape`] so that a tool named
//! `<img src=x onerror=...>` or `[click](javascript:...)` renders as the literal text in a pull
//! request or job summary, never as HTML, a link or a broken table.

/// Escapes text for markdown inline content and table cells: HTML special characters become
/// entities, markdown punctuation is backslash-escaped, and line breaks become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' | '\n' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '!'
            | '|' | '~' | '@' | ':' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
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
        assert_eq!(escape("[a](javascript:x)"), "\\[a\\]\\(javascript\\:x\\)");
        assert_eq!(escape("a|b\nc"), "a\\|b c");
        assert_eq!(escape("</details>"), "&lt;/details&gt;");
        assert_eq!(code("a`b"), "`a'b`");
        assert_eq!(html("</summary><b>@x"), "&lt;/summary&gt;&lt;b&gt;&#64;x");
    }
}
