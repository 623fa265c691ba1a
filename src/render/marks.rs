//! Printer's marks in a slug around the page, for plants that want them (TYPOGRAPHY.md
//! §5.3): the MediaBox grows by [`SLUG`] on every side, and crop marks and registration
//! targets are drawn there, outside the BleedBox, so nothing inside the trim changes.
//!
//! The marks are 100 % K hairlines: K alone keeps the sheet under the ink limit that the
//! separations are checked against (PX-08), and a K mark still shows the trim on every plate
//! the RIP makes from it.

use crate::geom::{Point, Pt, Rect, Size};
use crate::layout::{Cmyk, Item, Page, Stroke};

/// Width of the slug on each side (§5.3: "for example 10 mm").
pub const SLUG: f64 = 10.0;
/// Gap between the bleed box and a crop mark, so the mark never prints on the page.
const OFFSET_MM: f64 = 3.0;
/// Length of a crop mark.
const LENGTH_MM: f64 = 6.0;
/// Width of every mark (GWG: at least 0.25 pt for K-only lines).
const HAIRLINE: Pt = Pt(0.25);

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
