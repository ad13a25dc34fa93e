//! Plain text for a terminal (`diff`, `review` and `report` in their human format): steward's
//! own colours, and a last pass that lets nothing else through.
//!
//! Renderers put user text through [`visible`](super::visible::visible) where they insert
//! it, one value at a time, so that a line break in a name cannot start a line of its own.
//! Then [`finish`] passes over the whole text: it turns steward's colour marks into ANSI
//! codes (or drops them when colour is off) and escapes every other control, bidi or
//! invisible character left, so that user text a renderer forgot to escape still cannot
//! reach the terminal as codes. The marks are Unicode noncharacters, which `visible` escapes
//! in user text, so user text cannot forge them either.

use owo_colors::OwoColorize;

use super::visible::{Layout, push_char};

const ADDED: char = '\u{FDD0}';
const REMOVED: char = '\u{FDD1}';
const STRONG: char = '\u{FDD2}';
const END: char = '\u{FDD3}';

/// Marks text to be shown as added (green).
pub fn added(text: &str) -> String {
    marked(ADDED, text)
}

/// Marks text to be shown as removed (red).
pub fn removed(text: &str) -> String {
    marked(REMOVED, text)
}

/// Marks text to be shown in bold.
pub fn strong(text: &str) -> String {
    marked(STRONG, text)
}

fn marked(mark: char, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 6);
    out.push(mark);
    out.push_str(text);
    out.push(END);
    out
}

/// The text as it goes to the terminal or a file: marks become colours when `color` is set
/// and vanish otherwise; line breaks and tabs stay; every other hidden character is escaped.
pub fn finish(text: &str, color: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut style: Option<char> = None;
    let mut styled = String::new();
    let mut rest = text;
    loop {
        // Runs of printable ASCII (most of any text) are neither marks nor hidden: copied
        // whole, and only the character after each run is looked at.
        let run = rest
            .bytes()
            .position(|b| !matches!(b, b' '..=b'~'))
            .unwrap_or(rest.len());
        let target = if style.is_some() {
            &mut styled
        } else {
            &mut out
        };
        target.push_str(&rest[..run]);
        rest = &rest[run..];
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { break };
        rest = chars.as_str();
        match c {
            ADDED | REMOVED | STRONG => {
                flush(style, &mut styled, color, &mut out);
                style = Some(c);
            }
            END => {
                flush(style, &mut styled, color, &mut out);
                style = None;
            }
            c => {
                push_char(c, rest.chars().next(), Layout::Lines, target);
            }
        }
    }
    flush(style, &mut styled, color, &mut out);
    out
}

fn flush(style: Option<char>, styled: &mut String, color: bool, out: &mut String) {
    if styled.is_empty() {
        return;
    }
    let text = std::mem::take(styled);
    let painted = match (style, color) {
        (Some(ADDED), true) => text.green().to_string(),
        (Some(REMOVED), true) => text.red().to_string(),
        (Some(STRONG), true) => text.bold().to_string(),
        _ => text,
    };
    out.push_str(&painted);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_colours_or_nothing() {
        let text = format!("a {} b {}\n", added("new"), strong("Tool"));
        assert_eq!(finish(&text, false), "a new b Tool\n");
        assert_eq!(
            finish(&text, true),
            "a \u{1b}[32mnew\u{1b}[39m b \u{1b}[1mTool\u{1b}[0m\n"
        );
    }

    #[test]
    fn anything_else_hidden_is_escaped_even_inside_colours() {
        let text = format!("x\u{1b}[2J\n{}\r\n\tz\u{202E}\n", removed("y\u{7}"));
        assert_eq!(finish(&text, false), "x\\u{1b}[2J\ny\\u{7}\n\tz<U+202E>\n");
        assert_eq!(
            finish(&text, true),
            "x\\u{1b}[2J\n\u{1b}[31my\\u{7}\u{1b}[39m\n\tz<U+202E>\n"
        );
    }
}
