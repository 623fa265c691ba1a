//! What a proof points out, drawn over the page: stories that overflow (red frame and the
//! count of characters not set), photos without an image (orange cross), and paragraphs the
//! copy reader repaired (an orange bar beside each of their lines).

use super::outline::Outlines;
use crate::copy::{PageCopy, Text};
use crate::geom::{Pt, Rect};
use crate::layout::{Item, MarkKind, Page};
use crate::shape::{FontDb, Role};
use tiny_skia::{FillRule, Paint, PathBuilder, Pixmap, Stroke, StrokeDash, Transform};

/// Red for errors (overflow).
const RED: [u8; 4] = [220, 30, 30, 255];
/// Orange for warnings (placeholders, repairs).
const ORANGE: [u8; 4] = [245, 140, 0, 255];
/// Blue for space left empty.
const BLUE: [u8; 4] = [30, 110, 220, 255];
/// Characters of a repaired paragraph looked up on the page to find it.
const PREFIX_CHARS: usize = 12;

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
    /// An empty area of a column.
    Hole {
        /// The area.
        rect: Rect,
        /// Empty lines.
        lines: usize,
    },
    /// Where a story is cut to continue on another page.
    Jump {
        /// The jump line.
        rect: Rect,
        /// The page it continues on.
        to: u32,
    },
    /// A line of a paragraph the copy reader repaired.
    Repaired {
        /// The line's extent.
        rect: Rect,
    },
}

/// The problems of a laid-out page: its marks, and its repaired paragraphs found by their
/// text among the page's glyphs (layout does not keep source spans on glyphs).
pub fn highlights(page: &Page, copy: &PageCopy) -> Vec<Highlight> {
    let mut out: Vec<Highlight> = page
        .marks
        .iter()
        .map(|m| match m.kind {
            MarkKind::Overflow { chars } => Highlight::Overflow { rect: m.rect, chars },
            MarkKind::PlaceholderPhoto => Highlight::Placeholder { rect: m.rect },
            MarkKind::Hole { lines } => Highlight::Hole { rect: m.rect, lines },
            MarkKind::Jump { to } => Highlight::Jump { rect: m.rect, to },
        })
        .collect();
    let set = SetText::collect(page);
    let mut done: Vec<u32> = Vec::new();
    for r in &copy.repairs {
        let Some(text) = texts(copy).find(|t| t.span.start <= r.span.start && r.span.start < t.span.end)
        else {
            continue;
        };
        if done.contains(&text.span.start) {
            continue;
        }
        done.push(text.span.start);
        out.extend(
            set.lines_of(&text.text)
                .into_iter()
                .map(|rect| Highlight::Repaired { rect }),
        );
    }
    out
}

/// Every text of a page's copy.
fn texts(copy: &PageCopy) -> impl Iterator<Item = &Text> {
    copy.stories.iter().flat_map(|s| s.texts())
}

/// The characters set on a page in painting order, each with the box of its glyph.
struct SetText {
    chars: Vec<(char, Rect)>,
}

impl SetText {
    fn collect(page: &Page) -> SetText {
        let mut chars = Vec::new();
        for item in &page.items {
            if let Item::Text(run) = item {
                for g in &run.glyphs {
                    let rect = Rect::new(g.pos.x, g.pos.y - run.size, run.size, run.size * 1.2);
                    chars.extend(g.text.chars().filter(|c| !c.is_whitespace()).map(|c| (c, rect)));
                }
            }
        }
        SetText { chars }
    }

    /// The line boxes covered by a text, found by its first characters.
    fn lines_of(&self, text: &str) -> Vec<Rect> {
        let want: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        let prefix = &want[..want.len().min(PREFIX_CHARS)];
        if prefix.is_empty() {
            return Vec::new();
        }
        let Some(start) = self
            .chars
            .windows(prefix.len())
            .position(|w| w.iter().map(|(c, _)| *c).eq(prefix.iter().copied()))
        else {
            return Vec::new();
        };
        let end = (start + want.len()).min(self.chars.len());
        let mut lines: Vec<Rect> = Vec::new();
        for (_, r) in &self.chars[start..end] {
            match lines.last_mut() {
                Some(l) if (l.y.0 - r.y.0).abs() < 0.5 && r.x.0 >= l.x.0 => l.w = r.right() - l.x,
                _ => lines.push(*r),
            }
        }
        // The bar beside a paragraph runs down the column edge, not the first line's indent.
        let left = lines.iter().map(|l| l.x).fold(Pt(f64::INFINITY), Pt::min);
        for l in &mut lines {
            l.w += l.x - left;
            l.x = left;
        }
        lines
    }
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
                let label = format!("溢出 {chars} 字");
                tag(pixmap, db, outlines, &label, rect.right(), rect.y, RED, tf);
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
                tag(pixmap, db, outlines, "缺图", rect.right(), rect.y, ORANGE, tf);
            }
            Highlight::Jump { rect, to } => {
                frame(pixmap, *rect, BLUE, 1.5, None, tf);
                tag(
                    pixmap,
                    db,
                    outlines,
                    &format!("转第{to}版"),
                    rect.right(),
                    rect.y,
                    BLUE,
                    tf,
                );
            }
            Highlight::Hole { rect, lines } => {
                frame(pixmap, *rect, BLUE, 1.0, Some(4.0), tf);
                tag(
                    pixmap,
                    db,
                    outlines,
                    &format!("空 {lines} 行"),
                    rect.right(),
                    rect.y,
                    BLUE,
                    tf,
                );
            }
            Highlight::Repaired { rect } => {
                let bar =
                    tiny_skia::Rect::from_xywh(rect.x.0 as f32 - 4.0, rect.y.0 as f32, 2.0, rect.h.0 as f32);
                if let Some(bar) = bar {
                    pixmap.fill_rect(bar, &paint(ORANGE), tf, None);
                }
                let mut tint = paint(ORANGE);
                tint.set_color_rgba8(ORANGE[0], ORANGE[1], ORANGE[2], 40);
                let r = tiny_skia::Rect::from_xywh(
                    rect.x.0 as f32,
                    rect.y.0 as f32,
                    rect.w.0 as f32,
                    rect.h.0 as f32,
                );
                if let Some(r) = r {
                    pixmap.fill_rect(r, &tint, tf, None);
                }
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

/// A label in white on a coloured block whose top-right corner is at (`right`, `top`).
#[allow(clippy::too_many_arguments)]
fn tag(
    pixmap: &mut Pixmap,
    db: &FontDb,
    outlines: &mut Outlines,
    text: &str,
    right: Pt,
    top: Pt,
    color: [u8; 4],
    tf: Transform,
) {
    const SIZE: f32 = 12.0;
    let face_id = db.role(Role::Label);
    let info = db.get(face_id);
    let em = SIZE / info.upem() as f32;
    let glyphs: Vec<(u16, f32)> = text
        .chars()
        .filter_map(|c| info.face.glyph_index(c))
        .map(|g| (g.0, info.advance_em(g.0) as f32 * SIZE))
        .collect();
    let width: f32 = glyphs.iter().map(|(_, a)| a).sum::<f32>() + SIZE;
    let x0 = right.0 as f32 - width;
    let y0 = top.0 as f32;
    if let Some(bg) = tiny_skia::Rect::from_xywh(x0, y0, width, SIZE * 1.6) {
        pixmap.fill_rect(bg, &paint(color), tf, None);
    }
    let white = paint([255, 255, 255, 255]);
    let mut x = x0 + SIZE / 2.0;
    for (g, adv) in glyphs {
        if let Some(path) = outlines.get(db, face_id, g) {
            let gt = tf.pre_translate(x, y0 + SIZE * 1.2).pre_scale(em, -em);
            pixmap.fill_path(path, &white, FillRule::Winding, gt, None);
        }
        x += adv;
    }
}
