//! The units and shapes every stage speaks.
//!
//! All lengths are PDF points (`Pt`, 1/72 in). Layout coordinates have their origin at the
//! top-left corner of the media box with y growing downwards, as a reader scans a page; the
//! PDF writer flips them once, so no other stage thinks about PDF's bottom-up space.

use serde::Serialize;
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// Which way a block of text runs: its lines' inline axis (TYPOGRAPHY.md §6).
///
/// Shaping, composition and layout speak of inline positions (along a line, in reading order)
/// and cross positions (across it); only where a line is put on the page, and in the
/// renderers, does the mode turn them into x and y.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum WritingMode {
    /// Lines left to right, following lines below (横排).
    #[default]
    Horizontal,
    /// Lines top to bottom, following lines to the left (竖排).
    Vertical,
}

impl WritingMode {
    /// Whether lines run left to right.
    pub fn is_horizontal(&self) -> bool {
        *self == WritingMode::Horizontal
    }
}

/// How a glyph stands in its line (TYPOGRAPHY.md §6.1–6.2). In a horizontal line every glyph
/// is upright; a vertical line also holds glyphs set as in a horizontal line, drawn with
/// horizontal metrics from their horizontal origin, turned or not.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Orientation {
    /// Upright in the line's own writing mode: in a vertical line, drawn from its vertical
    /// origin with vertical metrics.
    #[default]
    Upright,
    /// Turned 90° clockwise, drawn from its horizontal origin, its baseline running down
    /// the column: a mark the face has no vertical form of, a Latin word.
    Sideways,
    /// Upright, drawn from its horizontal origin on a baseline across the column: the
    /// figures of a number set 纵中横 in one cell.
    Across,
}

impl Orientation {
    /// Whether the glyph is upright in its line's writing mode (as every horizontal one is).
    pub fn is_upright(&self) -> bool {
        *self == Orientation::Upright
    }
}

/// A length in PDF points.
#[derive(Debug, Default, Clone, Copy, PartialEq, PartialOrd, Serialize)]
pub struct Pt(pub f64);

impl Pt {
    /// Zero length.
    pub const ZERO: Pt = Pt(0.0);

    /// A length given in millimetres.
    pub fn from_mm(mm: f64) -> Pt {
        Pt(mm * 72.0 / 25.4)
    }

    /// This length in millimetres.
    pub fn to_mm(self) -> f64 {
        self.0 * 25.4 / 72.0
    }

    /// The larger of two lengths.
    pub fn max(self, other: Pt) -> Pt {
        Pt(self.0.max(other.0))
    }

    /// The smaller of two lengths.
    pub fn min(self, other: Pt) -> Pt {
        Pt(self.0.min(other.0))
    }
}

impl Add for Pt {
    type Output = Pt;
    fn add(self, o: Pt) -> Pt {
        Pt(self.0 + o.0)
    }
}
impl Sub for Pt {
    type Output = Pt;
    fn sub(self, o: Pt) -> Pt {
        Pt(self.0 - o.0)
    }
}
impl AddAssign for Pt {
    fn add_assign(&mut self, o: Pt) {
        self.0 += o.0;
    }
}
impl SubAssign for Pt {
    fn sub_assign(&mut self, o: Pt) {
        self.0 -= o.0;
    }
}
impl Neg for Pt {
    type Output = Pt;
    fn neg(self) -> Pt {
        Pt(-self.0)
    }
}
impl Mul<f64> for Pt {
    type Output = Pt;
    fn mul(self, k: f64) -> Pt {
        Pt(self.0 * k)
    }
}
impl Div<f64> for Pt {
    type Output = Pt;
    fn div(self, k: f64) -> Pt {
        Pt(self.0 / k)
    }
}
impl std::iter::Sum for Pt {
    fn sum<I: Iterator<Item = Pt>>(iter: I) -> Pt {
        Pt(iter.map(|p| p.0).sum())
    }
}

/// A length relative to the font size: 1 em is one Han cell.
#[derive(Debug, Default, Clone, Copy, PartialEq, PartialOrd, Serialize)]
pub struct Em(pub f64);

impl Em {
    /// This length at a font size.
    pub fn at(self, size: Pt) -> Pt {
        Pt(self.0 * size.0)
    }
}

/// A point in layout space (top-left origin, y down).
#[derive(Debug, Default, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    /// Distance from the left edge of the media box.
    pub x: Pt,
    /// Distance from the top edge of the media box.
    pub y: Pt,
}

impl Point {
    /// A point from its coordinates.
    pub fn new(x: Pt, y: Pt) -> Point {
        Point { x, y }
    }
}

/// A width and a height.
#[derive(Debug, Default, Clone, Copy, PartialEq, Serialize)]
pub struct Size {
    /// Horizontal extent.
    pub w: Pt,
    /// Vertical extent.
    pub h: Pt,
}

/// An axis-aligned rectangle in layout space.
#[derive(Debug, Default, Clone, Copy, PartialEq, Serialize)]
pub struct Rect {
    /// Left edge.
    pub x: Pt,
    /// Top edge.
    pub y: Pt,
    /// Width, never negative.
    pub w: Pt,
    /// Height, never negative.
    pub h: Pt,
}

impl Rect {
    /// A rectangle from its top-left corner and size.
    pub fn new(x: Pt, y: Pt, w: Pt, h: Pt) -> Rect {
        Rect { x, y, w, h }
    }

    /// Right edge.
    pub fn right(&self) -> Pt {
        self.x + self.w
    }

    /// Bottom edge.
    pub fn bottom(&self) -> Pt {
        self.y + self.h
    }

    /// This rectangle grown by `d` on every side.
    pub fn outset(&self, d: Pt) -> Rect {
        Rect::new(self.x - d, self.y - d, self.w + d * 2.0, self.h + d * 2.0)
    }

    /// The smallest rectangle covering both.
    pub fn union(&self, other: &Rect) -> Rect {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        Rect::new(
            x,
            y,
            self.right().max(other.right()) - x,
            self.bottom().max(other.bottom()) - y,
        )
    }

    /// Whether `other` lies inside this rectangle (edges may touch).
    pub fn contains(&self, other: &Rect) -> bool {
        const EPS: f64 = 1e-6;
        other.x.0 >= self.x.0 - EPS
            && other.y.0 >= self.y.0 - EPS
            && other.right().0 <= self.right().0 + EPS
            && other.bottom().0 <= self.bottom().0 + EPS
    }
}
