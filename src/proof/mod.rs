//! PNG proofs: a page drawn from the same [`Page`] the PDF is written from, with glyph
//! outlines from the fonts themselves (no external renderer), and the problems an editor
//! must see drawn over it.
//!
//! Recipe, in [`render`]: paper → `draw_item` for every item in painting order (glyph
//! outlines, strokes, fills, photos; CMYK shown naively as RGB, which is enough for a screen) →
//! `overlay::draw` (overflowing stories, placeholder photos, repaired paragraphs).
//! Nothing here touches the file system: [`encode_png`] gives bytes.

mod artwork;
mod outline;
mod overlay;
mod picture;
mod sheet;

pub use overlay::{Highlight, highlights, span_boxes, story_box};
pub use sheet::{by_paragraph, contact_sheet, esc, ranked, status_word};

use crate::geom::{Orientation, WritingMode};
use crate::layout::{Cmyk, Item, Page};
use crate::shape::FontDb;
use outline::Outlines;
use tiny_skia::{FillRule, Paint, PathBuilder, Pixmap, Rect, Transform};

/// The largest proof side we draw, in pixels: a broadsheet at 600 dpi is about 12,800.
const MAX_SIDE_PX: f32 = 16_000.0;

/// Why a proof could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ProofError {
    /// The resolution gives an empty or absurdly large image.
    #[error("a proof of {w_px:.0} × {h_px:.0} pixels cannot be drawn")]
    BadSize {
        /// Width asked for.
        w_px: f32,
        /// Height asked for.
        h_px: f32,
    },
    /// PNG encoding failed.
    #[error("cannot encode the proof as PNG: {0}")]
    Png(String),
}

/// The resolution proofs are drawn at unless asked otherwise: 9 pt body text is about 14
/// pixels high, which reads on a screen (at 72 dpi it is 9 and does not).
pub const DEFAULT_DPI: f32 = 120.0;

/// How to draw a proof.
#[derive(Debug, Clone, Copy)]
pub struct ProofOptions {
    /// Resolution in dots per inch.
    pub dpi: f32,
    /// Whether to draw the problems over the page.
    pub marks: bool,
}

impl Default for ProofOptions {
    fn default() -> ProofOptions {
        ProofOptions {
            dpi: DEFAULT_DPI,
            marks: true,
        }
    }
}

/// Draws a page. `highlights` are drawn over it when `opts.marks` is set.
pub fn render(
    page: &Page,
    db: &FontDb,
    highlights: &[Highlight],
    opts: &ProofOptions,
) -> Result<Pixmap, ProofError> {
    let scale = opts.dpi / 72.0;
    let w_px = (page.media.w.0 as f32 * scale).round();
    let h_px = (page.media.h.0 as f32 * scale).round();
    let bad = || ProofError::BadSize { w_px, h_px };
    if !(1.0..=MAX_SIDE_PX).contains(&w_px) || !(1.0..=MAX_SIDE_PX).contains(&h_px) {
        return Err(bad());
    }
    let mut pixmap = Pixmap::new(w_px as u32, h_px as u32).ok_or_else(bad)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let page_tf = Transform::from_scale(scale, scale);
    let mut outlines = Outlines::default();
    for item in &page.items {
        draw_item(&mut pixmap, db, &mut outlines, item, page_tf);
    }
    if opts.marks {
        overlay::draw(&mut pixmap, db, &mut outlines, highlights, page_tf);
    }
    Ok(pixmap)
}

/// A proof as PNG bytes.
pub fn encode_png(pixmap: &Pixmap) -> Result<Vec<u8>, ProofError> {
    pixmap.encode_png().map_err(|e| ProofError::Png(e.to_string()))
}

fn draw_item(pixmap: &mut Pixmap, db: &FontDb, outlines: &mut Outlines, item: &Item, page_tf: Transform) {
    match item {
        Item::Text(run) => {
            let paint = paint(run.color);
            let info = db.get(run.face);
            let em = run.size.0 as f32 / info.upem() as f32;
            for g in &run.glyphs {
                // Outlines are drawn from the horizontal origin; an upright glyph of a
                // vertical run has its pen at the vertical origin, the same offset from it
                // the PDF's /W2 gives.
                let (x, y) = match (run.mode, g.orient) {
                    (WritingMode::Vertical, Orientation::Upright) => {
                        let (vx, vy) = info.vertical_origin(g.id);
                        (g.pos.x.0 - vx * run.size.0, g.pos.y.0 + vy * run.size.0)
                    }
                    _ => (g.pos.x.0, g.pos.y.0),
                };
                let Some(path) = outlines.get(db, run.face, g.id) else {
                    continue;
                };
                // Font units have y up; the page has y down from the top-left corner. A
                // sideways glyph is turned a quarter clockwise about its origin, as the PDF's
                // text matrix turns it.
                let mut tf = page_tf.pre_translate(x as f32, y as f32);
                if g.orient == Orientation::Sideways {
                    tf = tf.pre_concat(Transform::from_row(0.0, 1.0, -1.0, 0.0, 0.0, 0.0));
                }
                let tf = tf.pre_scale(em, -em);
                pixmap.fill_path(path, &paint, FillRule::Winding, tf, None);
            }
        }
        Item::Stroke(s) => {
            let mut pb = PathBuilder::new();
            pb.move_to(s.from.x.0 as f32, s.from.y.0 as f32);
            pb.line_to(s.to.x.0 as f32, s.to.y.0 as f32);
            if let Some(path) = pb.finish() {
                let stroke = tiny_skia::Stroke {
                    width: s.width.0 as f32,
                    ..tiny_skia::Stroke::default()
                };
                pixmap.stroke_path(&path, &paint(s.color), &stroke, page_tf, None);
            }
        }
        Item::Fill(f) => {
            let r = f.rect;
            if let Some(rect) = Rect::from_xywh(r.x.0 as f32, r.y.0 as f32, r.w.0 as f32, r.h.0 as f32) {
                pixmap.fill_rect(rect, &paint(f.color), page_tf, None);
            }
        }
        Item::Image(img) => picture::draw(pixmap, img, page_tf),
        Item::Form(f) => {
            if artwork::draw(pixmap, f, page_tf) {
                return;
            }
            // Artwork the proof cannot draw shows as its frame, tinted, with a cross; the
            // print PDF carries the artwork itself.
            let r = f.rect;
            let (x0, y0, x1, y1) = (
                r.x.0 as f32,
                r.y.0 as f32,
                r.right().0 as f32,
                r.bottom().0 as f32,
            );
            if let Some(rect) = Rect::from_xywh(x0, y0, x1 - x0, y1 - y0) {
                pixmap.fill_rect(rect, &paint(Cmyk::k(0.12)), page_tf, None);
            }
            let mut pb = PathBuilder::new();
            pb.move_to(x0, y0);
            pb.line_to(x1, y1);
            pb.move_to(x1, y0);
            pb.line_to(x0, y1);
            if let Some(path) = pb.finish() {
                let stroke = tiny_skia::Stroke {
                    width: 0.5,
                    ..tiny_skia::Stroke::default()
                };
                pixmap.stroke_path(&path, &paint(Cmyk::k(0.4)), &stroke, page_tf, None);
            }
        }
    }
}

/// A CMYK colour on screen: the naive conversion, (1 − c)(1 − k) and so on. Proofs are for
/// reading, not colour judgement, so no profile is applied.
pub fn rgb(c: Cmyk) -> [u8; 3] {
    let ch = |x: f32| ((1.0 - x.clamp(0.0, 1.0)) * (1.0 - c.k.clamp(0.0, 1.0)) * 255.0).round() as u8;
    [ch(c.c), ch(c.m), ch(c.y)]
}

fn paint(c: Cmyk) -> Paint<'static> {
    let [r, g, b] = rgb(c);
    let mut p = Paint::default();
    p.set_color_rgba8(r, g, b, 255);
    p.anti_alias = true;
    p
}
