//! Turning composed lines into page items.

use super::page::{Cmyk, Glyph, Item, TextRun};
use crate::compose::Line;
use crate::geom::{Point, Pt};

/// Emits a composed line with its start at `x` and its baseline at `baseline`: one run per
/// stretch of glyphs in the same face.
pub fn emit_line(line: &Line, x: Pt, baseline: Pt, size: Pt, color: Cmyk, out: &mut Vec<Item>) {
    let mut run: Option<TextRun> = None;
    for g in &line.glyphs {
        let glyph = Glyph {
            id: g.id,
            pos: Point::new(x + g.inline, baseline - g.cross),
            text: g.text.clone(),
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
                    glyphs: vec![glyph],
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
