//! User text made safe to show a person: every character that a terminal or a browser would
//! act on, or that hides or reorders text, is written out as a visible escape instead.
//!
//! A pull request controls every name, key, value, file name and file that steward quotes. A
//! tool named `"\u{1b}[2J\u{1b}[32mNo problems found"` would clear a reviewer's screen and
//! print a fake clean result; a right-to-left override (U+202E) makes `txt.exe` read as
//! `exe.txt`; a zero-width space makes two different ids look alike. [`visible`] is the one
//! function that every human renderer (terminal text, markdown, CSV, workflow commands) and
//! the error printer pass user text through. JSON, SARIF and JUnit keep text exact: their
//! serializers escape it, and programs, not people, read it first.
//!
//! What is escaped, and how:
//! - line breaks and tabs as `\n`, `\r`, `\t` (unless the text is laid out in lines, see
//!   [`Layout`]);
//! - every other control character (C0, DEL, C1, so ESC and the codes it starts) as `\u{1b}`;
//! - bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069),
//!   zero-width and other invisible characters (U+00AD, U+034F, U+115F, U+1160, U+17B4,
//!   U+17B5, U+180E, U+200B–U+200D, U+2060–U+2064, U+206A–U+206F, U+3164, U+FEFF, U+FFA0,
//!   U+1BCA0–U+1BCA3, U+1D173–U+1D17A, the tags U+E0000–U+E007F), the line and paragraph
//!   separators U+2028 and U+2029, the interlinear annotation controls U+FFF9–U+FFFB and the
//!   noncharacters as `<U+202E>`.
//!
//! This is Unicode's Default_Ignorable_Code_Point set less the variation selectors (emoji such
//! as ⚠️ need them) and the Mongolian free variation selectors (ordinary Mongolian text uses
//! them), plus the control, separator and noncharacter code points. A backslash in user text
//! is left as it is: `\u{1b}` typed by hand reads the same as the escape, and both are inert.

use std::borrow::Cow;
use std::fmt::Write as _;

/// What happens to line breaks and tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One value on one line (a name, a path, a message): line breaks and tabs are escaped
    /// too, so that user text can never start a line of its own.
    OneLine,
    /// Text laid out in lines as written (a policy clause, a line of a file): `\n` and tab
    /// are kept, CR LF becomes `\n`, and a lone CR (which moves the cursor back over the
    /// line) is escaped.
    Lines,
}

/// `text` with every control, bidi and invisible character written as a visible escape;
/// borrowed when there is nothing to escape.
pub fn visible(text: &str, layout: Layout) -> Cow<'_, str> {
    for (i, c) in text.char_indices() {
        if needs_escape(c, layout) {
            let mut out = String::with_capacity(text.len() + 16);
            out.push_str(&text[..i]);
            push_visible(&text[i..], layout, &mut out);
            return Cow::Owned(out);
        }
    }
    Cow::Borrowed(text)
}

/// [`visible`] for one value on one line, the common case.
pub fn one_line(text: &str) -> Cow<'_, str> {
    visible(text, Layout::OneLine)
}

/// Appends `text` to `out` as [`visible`] shows it.
pub fn push_visible(text: &str, layout: Layout, out: &mut String) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        push_char(c, chars.peek().copied(), layout, out);
    }
}

/// Appends one character as [`visible`] shows it, given the character after it (a CR before
/// LF is a line break, not a cursor movement). Returns whether it was escaped.
pub fn push_char(c: char, next: Option<char>, layout: Layout, out: &mut String) -> bool {
    if !needs_escape(c, layout) {
        out.push(c);
        return false;
    }
    match c {
        // The CR of CR LF in text laid out in lines: the LF that follows breaks the line.
        '\r' if layout == Layout::Lines && next == Some('\n') => {}
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c.is_control() => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
        c => {
            let _ = write!(out, "<U+{:04X}>", u32::from(c));
        }
    }
    true
}

/// Whether `c` must not reach a person as it is.
fn needs_escape(c: char, layout: Layout) -> bool {
    // Printable ASCII first: it is nearly all of every text, and never hidden.
    if matches!(c, ' '..='~') {
        return false;
    }
    match (c, layout) {
        ('\n' | '\t', Layout::Lines) => false,
        _ => is_hidden(c),
    }
}

/// Control characters, bidi controls, invisible characters and noncharacters (see the
/// module's documentation for the list and why).
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'..='\u{1160}'
                | '\u{17B4}'..='\u{17B5}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FDD0}'..='\u{FDEF}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFFB}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E007F}'
        )
        // U+FFFE and U+FFFF of every plane are noncharacters.
        || (u32::from(c) & 0xFFFE) == 0xFFFE
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_line(text: &str) -> String {
        visible(text, Layout::OneLine).into_owned()
    }

    fn lines(text: &str) -> String {
        visible(text, Layout::Lines).into_owned()
    }

    #[test]
    fn terminal_codes_are_shown_not_run() {
        assert_eq!(
            one_line("\u{1b}]0;owned\u{7}\u{1b}[2J\u{1b}[32mNo problems found…"),
            "\\u{1b}]0;owned\\u{7}\\u{1b}[2J\\u{1b}[32mNo problems found…"
        );
        assert_eq!(
            one_line("a\u{0}b\u{7f}c\u{85}d\u{9b}e"),
            "a\\u{0}b\\u{7f}c\\u{85}d\\u{9b}e"
        );
    }

    #[test]
    fn bidi_and_invisible_characters_are_named() {
        assert_eq!(one_line("invoice\u{202E}fdp.exe"), "invoice<U+202E>fdp.exe");
        assert_eq!(
            one_line("\u{2066}a\u{2069}\u{200E}\u{200F}\u{061C}"),
            "<U+2066>a<U+2069><U+200E><U+200F><U+061C>"
        );
        assert_eq!(
            one_line("ch\u{200B}at\u{200D}\u{2060}\u{FEFF}\u{AD}"),
            "ch<U+200B>at<U+200D><U+2060><U+FEFF><U+00AD>"
        );
        assert_eq!(one_line("a\u{2028}b\u{E0041}"), "a<U+2028>b<U+E0041>");
        assert_eq!(
            one_line("\u{FDD0}\u{FFFF}\u{10FFFE}"),
            "<U+FDD0><U+FFFF><U+10FFFE>"
        );
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        for text in [
            "Canva",
            "Zoë — €1,200",
            "日本語",
            "⚠️ ok",
            "👍🏽",
            "C:\\path\\u{1b}",
            "",
        ] {
            assert!(
                matches!(visible(text, Layout::OneLine), Cow::Borrowed(_)),
                "{text}"
            );
        }
    }

    #[test]
    fn layout_decides_line_breaks_and_tabs() {
        assert_eq!(one_line("a\nb\tc\r\nd"), "a\\nb\\tc\\r\\nd");
        assert_eq!(lines("a\nb\tc\r\nd"), "a\nb\tc\nd");
        assert_eq!(lines("100%\rNo problems"), "100%\\rNo problems");
        assert_eq!(lines("end\r"), "end\\r");
        assert!(matches!(
            visible("a\nb\tc", Layout::Lines),
            Cow::Borrowed(_)
        ));
    }
}
