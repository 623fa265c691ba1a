//! Turning composed lines into page items.

use super::page::{Cmyk, Glyph, Item, Origin, TextRun};
use crate::compose::Line;
use crate::geom::{Point, Pt, WritingMode};

/// Emits a horizontal line with its start at `x` and its baseline at `baseline`.
pub fn emit_line(line: &Line, x: Pt, baseline: Pt, size: Pt, color: Cmyk, out: &mut Vec<Item>) {
    emit_line_in(
        line,
        WritingMode::Horizontal,
        Point::new(x, baseline),
        size,
        color,
        out,
    );
}

/// Emits a composed line in a writing mode, one run per stretch of glyphs in the same face.
/// `start` is where the line's pen starts: its start on the baseline for a horizontal line,
/// the top of the column's centre line for a vertical one.
pub fn emit_line_in(
    line: &Line,
    mode: WritingMode,
    start: Point,
    size: Pt,
    color: Cmyk,
    out: &mut Vec<Item>,
) {
    let mut run: Option<TextRun> = None;
    for g in &line.glyphs {
        // Cross offsets point to the line's over side: up in a horizontal line, right in a
        // vertical one.
        let pos = match mode {
            WritingMode::Horizontal => Point::new(start.x + g.inline, start.y - g.cross),
            WritingMode::Vertical => Point::new(start.x + g.cross, start.y + g.inline),
        };
        let glyph = Glyph {
            id: g.id,
            pos,
            text: g.text.clone(),
            orient: g.orient,
        };
        match &mut run {
            Some(r) if r.face == g.face => r.glyphs.push(glyph),
            _ => {
                if let Some(r) = run.take() {
                    out.push(Item::Text(r));
                }
                run = Some(TextRun {
                    face: g.face,
                    size,
                    color,
                    mode,
                    glyphs: vec![glyph],
                    origin: line.span.map(|span| Origin { story: None, span }),
                });
            }
        }
    }
    if let Some(r) = run {
        out.push(Item::Text(r));
    }
}

/// Characters of copy a line sets (spaces not counted), for the report.
pub fn line_chars(line: &Line) -> usize {
    line.glyphs
        .iter()
        .flat_map(|g| g.text.chars())
        .filter(|c| !c.is_whitespace())
        .count()
}
