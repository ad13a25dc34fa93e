//! The part of a file that a human diagnostic shows: the lines its spans are on, one line of
//! context around them, and long lines clipped to a window around the spans.
//!
//! Given the whole file, miette scans it from the start for every finding and prints whole
//! lines, so one megabyte-long line holding a hundred thousand mistakes (a pull request can
//! write that) would cost quadratic time and gigabytes of output. An excerpt's size depends on
//! the window, never on the file.
//!
//! The lines are user text: control, bidi and invisible characters in them are shown as
//! [`visible`](super::visible) escapes (`\u{1b}`, `<U+202E>`), and the spans are mapped onto the
//! escapes, so the underline stays under the characters it marks.

use std::ops::Range;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use super::visible::{self, Layout};
use crate::document::SourceFile;

/// The widest line shown unclipped, in bytes.
const WIDTH: usize = 160;
/// How much of a clipped line is kept before the span, in bytes.
const LEAD: usize = 40;
/// The most lines one span is shown with: a longer span (a whole table) is shown by its
/// first line, and a secondary span further than this from the primary one is left out.
const MAX_SPAN_LINES: usize = 8;
/// Marks where a line was clipped.
const ELLIPSIS: &str = "…";

/// A few lines of a file, numbered as in the file, for miette to render.
#[derive(Debug)]
pub struct Excerpt {
    name: String,
    text: String,
    /// The file's 0-based line number of the excerpt's first line.
    first_line: usize,
    /// Where the primary span starts in the excerpt, and its 0-based column in the file
    /// (in characters, as the JSON output counts them).
    primary_start: usize,
    primary_column: usize,
}

/// One line of the file as the excerpt shows it.
struct Window {
    /// The shown bytes of the line, in file offsets.
    file: Range<usize>,
    /// Where `file.start` landed in the excerpt.
    excerpt_start: usize,
    /// For each escaped character, the file offset just after it and how many bytes longer
    /// than the file the excerpt is from there on: escapes are longer than what they show.
    growth: Vec<(usize, usize)>,
}

impl Window {
    /// Appends the shown part of the line to the excerpt, escaping what must be escaped.
    fn push(text: &str, file: Range<usize>, excerpt: &mut String) -> Window {
        let excerpt_start = excerpt.len();
        let mut growth = Vec::new();
        let mut chars = text[file.clone()].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            if visible::push_char(c, next, Layout::Lines, excerpt) {
                let after = i + c.len_utf8();
                growth.push((file.start + after, excerpt.len() - excerpt_start - after));
            }
        }
        Window {
            file,
            excerpt_start,
            growth,
        }
    }

    /// The excerpt offset of a file offset on this line, clamped into the shown part.
    fn map(&self, offset: usize) -> usize {
        let offset = offset.clamp(self.file.start, self.file.end);
        let grown = self.growth.partition_point(|&(after, _)| after <= offset);
        let extra = grown.checked_sub(1).map_or(0, |i| self.growth[i].1);
        self.excerpt_start + offset - self.file.start + extra
    }
}

impl Excerpt {
    /// The excerpt of `source` that shows `spans` (the first one is the primary span), and
    /// each span mapped into it: `None` for a secondary span too far away to show.
    pub fn new(
        source: &SourceFile,
        spans: &[Range<usize>],
    ) -> (Excerpt, Vec<Option<Range<usize>>>) {
        let text: &str = &source.text;
        // Each span clamped into the text, with its first and last line.
        let clamped: Vec<(Range<usize>, usize, usize)> = spans
            .iter()
            .map(|span| {
                let start = span.start.min(text.len());
                let end = span.end.clamp(start, text.len());
                let first = source.line_of(start);
                let last = source.line_of(end.saturating_sub(1).max(start));
                if last - first >= MAX_SPAN_LINES {
                    let end = source.line_range(first).end.max(start);
                    (start..end, first, first)
                } else {
                    (start..end, first, last)
                }
            })
            .collect();
        let Some(&(_, primary_first, primary_last)) = clamped.first() else {
            return (Excerpt::empty(source), Vec::new());
        };
        let near = |first: usize, last: usize| {
            first + MAX_SPAN_LINES >= primary_first && last <= primary_last + MAX_SPAN_LINES
        };
        let shown: Vec<bool> = clamped
            .iter()
            .map(|&(_, first, last)| near(first, last))
            .collect();
        let (mut low, mut high) = (primary_first, primary_last);
        for (&(_, first, last), _) in clamped.iter().zip(&shown).filter(|(_, shown)| **shown) {
            low = low.min(first);
            high = high.max(last);
        }
        let first_line = low.saturating_sub(1);
        let last_line = (high + 1).min(source.line_count().saturating_sub(1));

        let mut excerpt = String::new();
        let mut windows = Vec::with_capacity(last_line + 1 - first_line);
        for line in first_line..=last_line {
            let range = source.line_range(line);
            // The part of this line the shown spans cover.
            let covered = clamped
                .iter()
                .zip(&shown)
                .filter(|(_, shown)| **shown)
                .filter(|((span, _, _), _)| span.start <= range.end && span.end >= range.start)
                .map(|((span, _, _), _)| span.start.max(range.start)..span.end.min(range.end))
                .reduce(|a, b| a.start.min(b.start)..a.end.max(b.end));
            let shown_part = clip(text, range.clone(), covered);
            if shown_part.start > range.start {
                excerpt.push_str(ELLIPSIS);
            }
            windows.push(Window::push(text, shown_part.clone(), &mut excerpt));
            if shown_part.end < range.end {
                excerpt.push_str(ELLIPSIS);
            }
            excerpt.push('\n');
        }

        let window_of = |line: usize| &windows[line - first_line];
        let mapped: Vec<Option<Range<usize>>> = clamped
            .iter()
            .zip(&shown)
            .map(|((span, first, last), shown)| {
                shown.then(|| {
                    let start = window_of(*first).map(span.start);
                    let end = window_of(*last).map(span.end).max(start);
                    start..end
                })
            })
            .collect();
        let primary = &clamped[0].0;
        let excerpt = Excerpt {
            name: visible::visible(&source.path, Layout::OneLine).into_owned(),
            text: excerpt,
            first_line,
            primary_start: mapped[0].as_ref().map_or(0, |span| span.start),
            primary_column: source.position(primary.start).column - 1,
        };
        (excerpt, mapped)
    }

    fn empty(source: &SourceFile) -> Excerpt {
        Excerpt {
            name: visible::visible(&source.path, Layout::OneLine).into_owned(),
            text: String::new(),
            first_line: 0,
            primary_start: 0,
            primary_column: 0,
        }
    }
}

/// The part of the line `range` to show: all of it when it is short, else a window of
/// [`WIDTH`] bytes starting a little before `covered` (or at the line's start), on character
/// boundaries.
fn clip(text: &str, range: Range<usize>, covered: Option<Range<usize>>) -> Range<usize> {
    if range.len() <= WIDTH {
        return range;
    }
    // A little before the span, but no later than needed to fill the window to the line's end.
    let start = covered.map_or(range.start, |covered| {
        covered
            .start
            .saturating_sub(LEAD)
            .min(range.end - WIDTH)
            .max(range.start)
    });
    let start = floor_char_boundary(text, start);
    let end = floor_char_boundary(text, (start + WIDTH).min(range.end));
    start..end
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner =
            self.text
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        // The header's `file:line:column` is read from the primary span without context:
        // give the file's column, which clipping would otherwise shift.
        let column = if context_lines_before == 0 && span.offset() == self.primary_start {
            self.primary_column
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count(),
        )))
    }
}

#[cfg(test)]
// A list of one span is what these tests mean, not a range of numbers.
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    fn excerpt(text: &str, spans: &[Range<usize>]) -> (Excerpt, Vec<Option<Range<usize>>>) {
        Excerpt::new(&SourceFile::new("t.toml", text), spans)
    }

    #[test]
    fn short_lines_are_shown_whole_with_one_line_of_context() {
        let text = "a = 1\nb = 2\nc = 3\nd = 4\n";
        let (e, mapped) = excerpt(text, &[10..11]);
        assert_eq!(e.text, "a = 1\nb = 2\nc = 3\n");
        assert_eq!(e.first_line, 0);
        assert_eq!(mapped, [Some(10..11)]);
        assert_eq!(&e.text[10..11], "2");
        let (e, mapped) = excerpt(text, &[22..23]);
        assert_eq!(e.text, "c = 3\nd = 4\n");
        assert_eq!(e.first_line, 2);
        assert_eq!(&e.text[mapped[0].clone().unwrap()], "4");
    }

    #[test]
    fn a_long_line_is_clipped_around_the_span() {
        let line = format!("x = [{}]", vec!["1"; 10_000].join(", "));
        let text = format!("a = 1\n{line}\nb = 2\n");
        let target = 6 + 5 + 3 * 5_000; // the 5,001st item
        let (e, mapped) = excerpt(&text, &[target..target + 1]);
        let span = mapped[0].clone().unwrap();
        assert_eq!(&e.text[span.clone()], "1");
        assert!(e.text.len() < 2 * WIDTH + 20, "{}", e.text.len());
        let shown = e.text.lines().nth(1).unwrap();
        assert!(
            shown.starts_with(ELLIPSIS) && shown.ends_with(ELLIPSIS),
            "{shown}"
        );
        assert_eq!(e.primary_column, 5 + 3 * 5_000);
    }

    #[test]
    fn clipping_respects_characters() {
        let text = format!("k = \"{}\"\n", "é".repeat(400));
        let (e, mapped) = excerpt(&text, &[301..303]);
        let span = mapped[0].clone().unwrap();
        assert!(e.text.is_char_boundary(span.start) && e.text.is_char_boundary(span.end));
    }

    #[test]
    fn a_long_span_is_shown_by_its_first_line() {
        let text: String = (0..100).map(|i| format!("k{i} = {i}\n")).collect();
        let (e, mapped) = excerpt(&text, &[0..text.len()]);
        assert_eq!(e.text.lines().count(), 2);
        assert_eq!(mapped[0], Some(0..6));
    }

    #[test]
    fn far_secondary_spans_are_left_out() {
        let text: String = (0..100).map(|i| format!("k{i} = {i}\n")).collect();
        let near = text.find("k2 =").unwrap();
        let far = text.find("k90 =").unwrap();
        let (_, mapped) = excerpt(&text, &[0..2, near..near + 2, far..far + 3]);
        assert!(mapped[1].is_some());
        assert!(mapped[2].is_none());
    }

    #[test]
    fn hidden_characters_are_escaped_and_spans_follow_them() {
        let text = "a = 1\nname = \"\u{1b}[2J\u{202E}x\tyz\"\nb = 2\n";
        let y = text.find('y').unwrap();
        let (e, mapped) = excerpt(text, &[y..y + 1, text.find('\u{1b}').unwrap()..y]);
        assert_eq!(e.text, "a = 1\nname = \"\\u{1b}[2J<U+202E>x\tyz\"\nb = 2\n");
        assert_eq!(&e.text[mapped[0].clone().unwrap()], "y");
        assert_eq!(&e.text[mapped[1].clone().unwrap()], "\\u{1b}[2J<U+202E>x\t");
        // The header's column is the file's, counted in characters.
        assert_eq!(
            e.primary_column,
            "name = \"\u{1b}[2J\u{202E}x\t".chars().count()
        );
        let (e, _) = Excerpt::new(&SourceFile::new("evil\u{1b}[2J.toml", "a"), &[0..1]);
        assert_eq!(e.name, "evil\\u{1b}[2J.toml");
    }

    #[test]
    fn spans_at_the_end_of_the_text_map() {
        let (e, mapped) = excerpt("a = 1", &[5..5]);
        assert_eq!(e.text, "a = 1\n");
        assert_eq!(mapped, [Some(5..5)]);
        let (e, mapped) = excerpt("a = 1\n", &[6..6]);
        assert_eq!(mapped, [Some(5..5)]);
        assert_eq!(e.text, "a = 1\n");
    }
}
