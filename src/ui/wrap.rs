//! Wrapping for long scrolled text (the task detail): only the rows up to
//! the scroll position and the visible ones are computed, and the text a
//! view keeps is capped, so a huge description costs no more than a page.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

use super::text::clean;

/// Most of a description kept for display; the rest is announced, not drawn.
pub const KEEP_BYTES: usize = 64 * 1024;

/// The first `max` bytes of `s` (on a character boundary) and how many were left out.
pub fn cap(s: &str, max: usize) -> (&str, usize) {
    if s.len() <= max {
        return (s, 0);
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    (&s[..end], s.len() - end)
}

/// One logical line: ready-made spans, or raw text cleaned only when reached.
pub enum Source<'a> {
    Line(Line<'static>),
    Text(&'a str, Style),
}

/// The visible rows, and what it took to find them.
pub struct Page {
    pub lines: Vec<Line<'static>>,
    /// Logical lines wrapped to draw this page.
    pub wrapped: usize,
    /// Total rows, when the end of the text was reached.
    pub total: Option<usize>,
    /// The first row shown (less than asked when that was past the end).
    pub top: usize,
}

/// Rows `skip..skip + take` of `src` wrapped at `width` columns; when `skip`
/// is past the end, the last `take` rows.
pub fn page<'a>(
    src: impl Fn() -> Box<dyn Iterator<Item = Source<'a>> + 'a>,
    width: usize,
    skip: usize,
    take: usize,
) -> Page {
    let p = rows(src(), width, skip, take);
    match p.total {
        Some(total) if skip > 0 && p.lines.len() < take && skip > total.saturating_sub(take) => {
            let top = total.saturating_sub(take);
            let again = rows(src(), width, top, take);
            Page {
                wrapped: p.wrapped + again.wrapped,
                top,
                ..again
            }
        }
        _ => Page { top: skip, ..p },
    }
}

/// How many rows `src` takes at `width` columns (wraps all of it).
pub fn count<'a>(src: impl Iterator<Item = Source<'a>>, width: usize) -> usize {
    rows(src, width, usize::MAX, 1).total.unwrap_or(0)
}

fn rows<'a>(src: impl Iterator<Item = Source<'a>>, width: usize, skip: usize, take: usize) -> Page {
    let mut out = Vec::new();
    let mut row = 0;
    let mut wrapped = 0;
    if take == 0 {
        return Page {
            lines: out,
            wrapped,
            total: None,
            top: skip,
        };
    }
    for s in src {
        wrapped += 1;
        let cells: Vec<(char, Style)> = match s {
            Source::Line(l) => l
                .spans
                .iter()
                .flat_map(|sp| {
                    let st = l.style.patch(sp.style);
                    sp.content.chars().map(move |c| (c, st))
                })
                .collect(),
            Source::Text(t, st) => clean(t).chars().map(|c| (c, st)).collect(),
        };
        for r in breaks(&cells, width) {
            if row >= skip {
                out.push(to_line(&cells[r]));
                if out.len() == take {
                    return Page {
                        lines: out,
                        wrapped,
                        total: None,
                        top: skip,
                    };
                }
            }
            row += 1;
        }
    }
    Page {
        lines: out,
        wrapped,
        total: Some(row),
        top: skip,
    }
}

/// Ranges of one line's rows: broken after a space where there is one in
/// the row, else at the width. An empty line is one empty row.
fn breaks(
    cells: &[(char, Style)],
    width: usize,
) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let width = width.max(1);
    let mut start = 0;
    let mut first = true;
    std::iter::from_fn(move || {
        if start >= cells.len() && !(first && cells.is_empty()) {
            return None;
        }
        first = false;
        let mut cols = 0;
        let mut end = cells.len();
        let mut after_space = None;
        for (i, &(c, _)) in cells.iter().enumerate().skip(start) {
            let w = c.width().unwrap_or(0);
            if cols + w > width {
                end = i;
                break;
            }
            cols += w;
            if c == ' ' {
                after_space = Some(i + 1);
            }
        }
        if end < cells.len() {
            end = after_space.filter(|&s| s > start).unwrap_or(end);
        }
        // A character wider than the row still takes a row of its own.
        let end = end.max((start + 1).min(cells.len()));
        let r = start..end;
        start = end;
        Some(r)
    })
}

fn to_line(cells: &[(char, Style)]) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut text = String::new();
    let mut style = None;
    for &(c, st) in cells {
        if style.is_some_and(|s| s != st) {
            spans.push(Span::styled(
                std::mem::take(&mut text),
                style.unwrap_or_default(),
            ));
        }
        style = Some(st);
        text.push(c);
    }
    if !text.is_empty() {
        spans.push(Span::styled(text, style.unwrap_or_default()));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &Page) -> Vec<String> {
        p.lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn words_break_at_spaces_and_long_words_anywhere() {
        let src = || -> Box<dyn Iterator<Item = Source<'static>>> {
            Box::new(
                ["aaa bbb ccc", "", "dddddddddd"]
                    .into_iter()
                    .map(|t| Source::Text(t, Style::default())),
            )
        };
        let p = page(src, 5, 0, 20);
        assert_eq!(texts(&p), ["aaa ", "bbb ", "ccc", "", "ddddd", "ddddd"]);
        assert_eq!(p.total, Some(6));
        // Past the end: the last rows.
        let p = page(src, 5, 100, 2);
        assert_eq!(texts(&p), ["ddddd", "ddddd"]);
    }

    #[test]
    fn cap_keeps_whole_characters() {
        assert_eq!(cap("héllo", 2), ("h", 5));
        assert_eq!(cap("abc", 10), ("abc", 0));
    }
}
