//! Printer's marks in a slug around the page, for plants that want them (TYPOGRAPHY.md
//! §5.3): the MediaBox grows by [`SLUG`] on every side, and crop marks and registration
//! targets are drawn there, outside the BleedBox, so nothing inside the trim changes.
//!
//! With the marks comes a page-info line in the bottom slug ([`add_info_line`]): paper,
//! date, page and section (`草原日报 2022-07-20 第5版 党建`), 6 pt Song in 100 % K, shaped
//! and composed like any text so the PDF's font subsets cover it.
//!
//! The marks are 100 % K hairlines: K alone keeps the sheet under the ink limit that the
//! separations are checked against (PX-08), and a K mark still shows the trim on every plate
//! the RIP makes from it.

use crate::compose::{Align, ParStyle, compose_par};
use crate::diag::{FileId, Span};
use crate::geom::{Em, Point, Pt, Rect, Size};
use crate::layout::{Cmyk, Item, Page, Stroke};
use crate::shape::{FontDb, Piece, Role, ShapeError, shape_par};

/// Width of the slug on each side (§5.3: "for example 10 mm").
pub const SLUG: f64 = 10.0;
/// Gap between the bleed box and a crop mark, so the mark never prints on the page.
const OFFSET_MM: f64 = 3.0;
/// Length of a crop mark.
const LENGTH_MM: f64 = 6.0;
/// Width of every mark (GWG: at least 0.25 pt for K-only lines).
const HAIRLINE: Pt = Pt(0.25);
/// Size of the page-info line.
pub const INFO_SIZE: Pt = Pt(6.0);

/// The page moved into a larger MediaBox, with crop and registration marks in the slug.
pub fn with_marks(page: &Page) -> Page {
    let d = Pt::from_mm(SLUG);
    let shift = |p: Point| Point::new(p.x + d, p.y + d);
    let shift_rect = |r: Rect| Rect::new(r.x + d, r.y + d, r.w, r.h);
    let mut out = page.clone();
    out.media = Size {
        w: page.media.w + d * 2.0,
        h: page.media.h + d * 2.0,
    };
    out.trim = shift_rect(page.trim);
    out.bleed = shift_rect(page.bleed);
    for item in &mut out.items {
        match item {
            Item::Text(run) => run.glyphs.iter_mut().for_each(|g| g.pos = shift(g.pos)),
            Item::Stroke(s) => {
                s.from = shift(s.from);
                s.to = shift(s.to);
            }
            Item::Fill(f) => f.rect = shift_rect(f.rect),
            Item::Image(i) => i.rect = shift_rect(i.rect),
            Item::Form(f) => f.rect = shift_rect(f.rect),
        }
    }
    for m in &mut out.marks {
        m.rect = shift_rect(m.rect);
    }
    crop_marks(out.trim, out.bleed, &mut out.items);
    registration_marks(out.bleed, &mut out.items);
    out
}

/// A K hairline.
fn line(from: Point, to: Point) -> Item {
    Item::Stroke(Stroke {
        from,
        to,
        width: HAIRLINE,
        color: Cmyk::BLACK,
    })
}

/// Two marks at each corner on the trim lines, starting [`OFFSET_MM`] outside the bleed.
fn crop_marks(trim: Rect, bleed: Rect, items: &mut Vec<Item>) {
    let (off, len) = (Pt::from_mm(OFFSET_MM), Pt::from_mm(LENGTH_MM));
    for (x, left) in [(trim.x, true), (trim.right(), false)] {
        for (y, top) in [(trim.y, true), (trim.bottom(), false)] {
            // Horizontal mark, on the trim's horizontal line, outside the bleed sideways.
            let hx = if left { bleed.x - off } else { bleed.right() + off };
            let hx2 = if left { hx - len } else { hx + len };
            items.push(line(Point::new(hx, y), Point::new(hx2, y)));
            let vy = if top { bleed.y - off } else { bleed.bottom() + off };
            let vy2 = if top { vy - len } else { vy + len };
            items.push(line(Point::new(x, vy), Point::new(x, vy2)));
        }
    }
}

/// A cross at the middle of each side, in the slug.
fn registration_marks(bleed: Rect, items: &mut Vec<Item>) {
    let (off, arm) = (
        Pt::from_mm(OFFSET_MM + LENGTH_MM / 2.0),
        Pt::from_mm(LENGTH_MM / 2.0),
    );
    let cx = bleed.x + bleed.w / 2.0;
    let cy = bleed.y + bleed.h / 2.0;
    for c in [
        Point::new(cx, bleed.y - off),
        Point::new(cx, bleed.bottom() + off),
        Point::new(bleed.x - off, cy),
        Point::new(bleed.right() + off, cy),
    ] {
        items.push(line(Point::new(c.x - arm, c.y), Point::new(c.x + arm, c.y)));
        items.push(line(Point::new(c.x, c.y - arm), Point::new(c.x, c.y + arm)));
    }
}

/// Sets `fields` as one line of [`INFO_SIZE`] Song in 100 % K in the bottom slug of a page
/// that [`with_marks`] enlarged, one em between fields (each field shaped and composed on
/// its own, so no composition rule can close the gap): its baseline [`OFFSET_MM`] plus the
/// type size below the BleedBox, starting one slug width right of the trim's left edge
/// (clear of the crop marks), so it lies outside the BleedBox and inside the MediaBox.
pub fn add_info_line(page: &mut Page, db: &FontDb, fields: &[&str]) -> Result<(), ShapeError> {
    let span = Span::new(FileId(0), 0, 0);
    // No Han–Latin gap: `第5版` stays one word for the plant's tools (and pdftotext).
    let style = ParStyle {
        han_latin_gap: Em(0.0),
        ..ParStyle::body(INFO_SIZE).aligned(Align::Left)
    };
    // The measure: the trim's left half, up to the registration mark.
    let measure = page.trim.w / 2.0 - Pt::from_mm(SLUG + OFFSET_MM + LENGTH_MM);
    let mut x = page.trim.x + Pt::from_mm(SLUG);
    let baseline = page.bleed.bottom() + Pt::from_mm(OFFSET_MM) + INFO_SIZE;
    for text in fields {
        let piece = Piece {
            text,
            role: Role::Body,
            span,
        };
        let par = shape_par(db, &[piece])?;
        let composed = compose_par(db, &par, &style, measure);
        let Some(line) = composed.lines.first() else {
            continue;
        };
        crate::layout::emit_line(line, x, baseline, INFO_SIZE, Cmyk::BLACK, &mut page.items);
        x = x + line.width + INFO_SIZE;
    }
    Ok(())
}
