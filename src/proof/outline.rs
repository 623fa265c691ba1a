//! Glyph outlines as tiny-skia paths, read once per glyph from the face (ttf-parser's
//! `outline_glyph`), in font units with y up; the caller scales and flips.

use crate::shape::{FaceId, FontDb};
use std::collections::HashMap;
use tiny_skia::{Path, PathBuilder};

/// Outlines by face and glyph id; `None` for glyphs without one (spaces).
#[derive(Debug, Default)]
pub struct Outlines {
    paths: HashMap<(FaceId, u16), Option<Path>>,
}

impl Outlines {
    /// The outline of a glyph, read on first use.
    pub fn get(&mut self, db: &FontDb, face: FaceId, glyph: u16) -> Option<&Path> {
        self.paths
            .entry((face, glyph))
            .or_insert_with(|| {
                let mut b = Builder(PathBuilder::new());
                db.get(face)
                    .face
                    .outline_glyph(ttf_parser::GlyphId(glyph), &mut b)?;
                b.0.finish()
            })
            .as_ref()
    }
}

/// Adapts ttf-parser's outline callbacks to a tiny-skia path.
struct Builder(PathBuilder);

impl ttf_parser::OutlineBuilder for Builder {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }

    fn close(&mut self) {
        self.0.close();
    }
}
