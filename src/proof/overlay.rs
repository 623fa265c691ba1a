//! What a proof points out, drawn over the page: stories that overflow (red frame, and the
//! count of characters not set in a tab under the module), headlines side by side (撞题,
//! red dashes), photos without an image (orange cross), space left (blue), and paragraphs
//! the copy reader joined (an orange tick beside each line). Everything is found by the
//! origins the drawn items carry, never by searching the page's text.

use super::outline::Outlines;
use crate::copy::{PageCopy, RepairKind};
use crate::diag::Span;
use crate::geom::{Pt, Rect};
use crate::layout::{Fault, Item, MarkKind, Page};
use crate::shape::{FontDb, Role};
use tiny_skia::{FillRule, Paint, PathBuilder, Pixmap, Stroke, StrokeDash, Transform};

/// Red for errors (overflow).
const RED: [u8; 4] = [220, 30, 30, 255];
/// Orange for warnings (placeholders, repairs).
const ORANGE: [u8; 4] = [245, 140, 0, 255];
/// Blue for space left empty.
const BLUE: [u8; 4] = [30, 110, 220, 255];
/// One problem to draw, in page coordinates.
#[derive(Debug, Clone, PartialEq)]
pub enum Highlight {
    /// A story that did not fit, with the characters not set.
    Overflow {
        /// The story's module.
        rect: Rect,
        /// Characters not set.
        chars: usize,
    },
    /// A photo frame without an image.
    Placeholder {
        /// The frame.
        rect: Rect,
    },
    /// A rectangle of a hole's white.
    Hole {
        /// The area.
        rect: Rect,
        /// The hole's size, columns and lines, on the part that carries it.
        size: Option<(usize, usize)>,
    },
    /// Where a story is cut to continue on another page.
    Jump {
        /// The jump line.
        rect: Rect,
        /// The page it continues on.
        to: u32,
    },
    /// The page's space left, one rectangle.
    SpaceLeft {
        /// The area.
        rect: Rect,
        /// Columns wide.
        columns: usize,
        /// Lines high.
        lines: usize,
    },
    /// A line on which the copy reader repaired something.
    Repaired {
        /// The line's extent.
        rect: Rect,
    },
    /// A headline beside another at the same height (撞题).
    Collision {
        /// The headline's area.
        rect: Rect,
    },
    /// A line set against the composition rules.
    Composition {
        /// The line.
        rect: Rect,
        /// Which rule.
        fault: Fault,
    },
}

/// The problems of a laid-out page: its marks, and the lines of paragraphs the copy reader
/// joined, found by the copy spans the drawn text carries.
pub fn highlights(page: &Page, copy: &PageCopy) -> Vec<Highlight> {
    let mut out: Vec<Highlight> = page
        .marks
        .iter()
        .map(|m| match m.kind {
            MarkKind::Overflow { chars } => Highlight::Overflow { rect: m.rect, chars },
            MarkKind::PlaceholderPhoto | MarkKind::PlaceholderAd => Highlight::Placeholder { rect: m.rect },
            MarkKind::Hole {
                columns,
                lines,
                tagged,
            } => Highlight::Hole {
                rect: m.rect,
                size: tagged.then_some((columns, lines)),
            },
            MarkKind::Jump { to } => Highlight::Jump { rect: m.rect, to },
            MarkKind::SpaceLeft { columns, lines } => Highlight::SpaceLeft {
                rect: m.rect,
                columns,
                lines,
            },
            MarkKind::Collision => Highlight::Collision { rect: m.rect },
            MarkKind::Composition { fault } => Highlight::Composition { rect: m.rect, fault },
        })
        .collect();
    // Routine repairs (punctuation widths, stray spaces) come by the hundred and are
    // listed, folded, beside the proof; a paragraph joined across a break changes what the
    // reader sees, so its lines are marked.
    let mut lines: Vec<Rect> = copy
        .repairs
        .iter()
        .filter(|r| r.kind == RepairKind::JoinedParagraph)
        .flat_map(|r| span_boxes(page, r.span))
        .collect();
    lines.dedup();
    out.extend(lines.into_iter().map(|rect| Highlight::Repaired { rect }));
    out
}

/// The line boxes of the text drawn from the copy in `span`: each run whose origin
/// overlaps it, runs on one baseline joined.
pub fn span_boxes(page: &Page, span: Span) -> Vec<Rect> {
    let mut lines: Vec<Rect> = Vec::new();
    for item in &page.items {
        let Item::Text(run) = item else { continue };
        let Some(o) = run.origin else { continue };
        let covers = o.span.file == span.file
            && o.span.start < span.end.max(span.start + 1)
            && span.start < o.span.end.max(o.span.start + 1);
        if !covers {
            continue;
        }
        let Some(b) = run.bounds() else { continue };
        match lines.last_mut() {
            Some(l) if (l.bottom().0 - b.bottom().0).abs() < 0.5 => *l = l.union(&b),
            _ => lines.push(b),
        }
    }
    lines
}

/// The area of a story on the page: its module's mark when it has one (overflow), else
/// everything drawn from its copy.
pub fn story_box(page: &Page, story: usize) -> Option<Rect> {
    let marked = page
        .marks
        .iter()
        .filter(|m| matches!(m.kind, MarkKind::Overflow { .. }))
        .find(|m| m.origin.is_some_and(|o| o.story == Some(story)));
    if let Some(m) = marked {
        return Some(m.rect);
    }
    page.items
        .iter()
        .filter_map(|i| match i {
            Item::Text(run) if run.origin.is_some_and(|o| o.story == Some(story)) => run.bounds(),
            _ => None,
        })
        .reduce(|a, b| a.union(&b))
}

/// Draws the highlights, with labels set in the label face.
pub(super) fn draw(
    pixmap: &mut Pixmap,
    db: &FontDb,
    outlines: &mut Outlines,
    hs: &[Highlight],
    tf: Transform,
) {
    for h in hs {
        match h {
            Highlight::Overflow { rect, chars } => {
                frame(pixmap, *rect, RED, 2.5, None, tf);
                // The tab hangs in the row under the module, which holds only the rule
                // between modules (or the bottom margin), so it covers no copy.
                let label = format!("溢出 {chars} 字");
                tag(pixmap, db, outlines, &label, (rect.x, rect.bottom()), RED, tf);
            }
            Highlight::Placeholder { rect } => {
                frame(pixmap, *rect, ORANGE, 1.5, Some(6.0), tf);
                let mut pb = PathBuilder::new();
                pb.move_to(rect.x.0 as f32, rect.y.0 as f32);
                pb.line_to(rect.right().0 as f32, rect.bottom().0 as f32);
                pb.move_to(rect.right().0 as f32, rect.y.0 as f32);
                pb.line_to(rect.x.0 as f32, rect.bottom().0 as f32);
                if let Some(p) = pb.finish() {
                    let s = Stroke {
                        width: 1.0,
                        ..Stroke::default()
                    };
                    pixmap.stroke_path(&p, &paint(ORANGE), &s, tf, None);
                }
                tag(pixmap, db, outlines, "缺图", (rect.x, rect.y), ORANGE, tf);
            }
            Highlight::Jump { rect, to } => {
                frame(pixmap, *rect, BLUE, 1.5, None, tf);
                tag(
                    pixmap,
                    db,
                    outlines,
                    &format!("转第{to}版"),
                    (rect.x, rect.y),
                    BLUE,
                    tf,
                );
            }
            Highlight::Hole { rect, size } => {
                frame(pixmap, *rect, BLUE, 1.0, Some(4.0), tf);
                if let Some((columns, lines)) = size {
                    let label = format!("空 {columns} 栏 × {lines} 行");
                    tag(pixmap, db, outlines, &label, (rect.x, rect.y), BLUE, tf);
                }
            }
            Highlight::SpaceLeft { rect, columns, lines } => {
                frame(pixmap, *rect, BLUE, 2.0, Some(8.0), tf);
                let label = format!("余 {columns} 栏 × {lines} 行");
                tag(pixmap, db, outlines, &label, (rect.x, rect.y), BLUE, tf);
            }
            Highlight::Repaired { rect } => {
                // A tick in the gutter beside the line: the line stays readable.
                let bar =
                    tiny_skia::Rect::from_xywh(rect.x.0 as f32 - 4.0, rect.y.0 as f32, 2.0, rect.h.0 as f32);
                if let Some(bar) = bar {
                    pixmap.fill_rect(bar, &paint(ORANGE), tf, None);
                }
            }
            Highlight::Collision { rect } => {
                frame(pixmap, *rect, RED, 1.5, Some(5.0), tf);
                tag(pixmap, db, outlines, "撞题", (rect.x, rect.y), RED, tf);
            }
            Highlight::Composition { rect, fault } => {
                frame(pixmap, *rect, ORANGE, 1.0, Some(3.0), tf);
                tag(pixmap, db, outlines, fault.tag(), (rect.x, rect.y), ORANGE, tf);
            }
        }
    }
}

fn paint(c: [u8; 4]) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color_rgba8(c[0], c[1], c[2], c[3]);
    p.anti_alias = true;
    p
}

fn frame(pixmap: &mut Pixmap, r: Rect, color: [u8; 4], width: f32, dash: Option<f32>, tf: Transform) {
    let Some(rect) = tiny_skia::Rect::from_xywh(r.x.0 as f32, r.y.0 as f32, r.w.0 as f32, r.h.0 as f32)
    else {
        return;
    };
    let path = PathBuilder::from_rect(rect);
    let stroke = Stroke {
        width,
        dash: dash.and_then(|d| StrokeDash::new(vec![d, d / 2.0], 0.0)),
        ..Stroke::default()
    };
    pixmap.stroke_path(&path, &paint(color), &stroke, tf, None);
}

/// Size of the labels on marks: small enough to sit in the row between modules.
const TAG_SIZE: f32 = 8.0;

/// A label in white on a coloured block whose left end is at `at.0`, centred on `at.1`.
fn tag(
    pixmap: &mut Pixmap,
    db: &FontDb,
    outlines: &mut Outlines,
    text: &str,
    at: (Pt, Pt),
    color: [u8; 4],
    tf: Transform,
) {
    let face_id = db.role(Role::Label);
    let info = db.get(face_id);
    let em = TAG_SIZE / info.upem() as f32;
    let glyphs: Vec<(u16, f32)> = text
        .chars()
        .filter_map(|c| info.face.glyph_index(c))
        .map(|g| (g.0, info.advance_em(g.0) as f32 * TAG_SIZE))
        .collect();
    let width: f32 = glyphs.iter().map(|(_, a)| a).sum::<f32>() + TAG_SIZE;
    let height = TAG_SIZE * 1.4;
    let x0 = at.0.0 as f32;
    let y0 = at.1.0 as f32 - height / 2.0;
    if let Some(bg) = tiny_skia::Rect::from_xywh(x0, y0, width, height) {
        pixmap.fill_rect(bg, &paint(color), tf, None);
    }
    let white = paint([255, 255, 255, 255]);
    let mut x = x0 + TAG_SIZE / 2.0;
    for (g, adv) in glyphs {
        if let Some(path) = outlines.get(db, face_id, g) {
            let gt = tf.pre_translate(x, y0 + TAG_SIZE * 1.08).pre_scale(em, -em);
            pixmap.fill_path(path, &white, FillRule::Winding, gt, None);
        }
        x += adv;
    }
}
