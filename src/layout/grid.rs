//! The page grid (版心): columns of whole characters, one baseline pitch for every column
//! (TYPOGRAPHY.md §4.2–4.3, rules GR-01, PA-06).

use crate::geom::{Pt, Rect, Size};

/// A page format: trim size, type area and the character grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Format {
    /// Trimmed page size.
    pub trim: Size,
    /// Body font size (小五, 9 pt).
    pub body: Pt,
    /// Basic columns (基本栏).
    pub columns: usize,
    /// Characters per basic column.
    pub chars: usize,
    /// Gutter between columns, in body em (1 em).
    pub gutter_em: f64,
    /// Body line pitch (size plus gap).
    pub pitch: Pt,
    /// Body lines per column.
    pub lines: usize,
    /// Head margin, from the trim edge to the type area.
    pub head: Pt,
}

impl Format {
    /// 对开 broadsheet: 390 × 543 mm, 8 columns of 13 小五 characters, 1-em gutters, a
    /// 13.5 pt pitch (a ½-em gap), 103 lines: a type area of about 352 × 490 mm.
    pub fn broadsheet() -> Format {
        Format {
            trim: Size {
                w: Pt::from_mm(390.0),
                h: Pt::from_mm(543.0),
            },
            body: Pt(9.0),
            columns: 8,
            chars: 13,
            gutter_em: 1.0,
            pitch: Pt(13.5),
            lines: 103,
            head: Pt::from_mm(30.0),
        }
    }
}

/// The grid of one page, with every position derived from the format.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grid {
    /// The format.
    pub format: Format,
    /// The type area.
    pub area: Rect,
}

impl Grid {
    /// The grid of a format, its type area centred left and right.
    pub fn new(format: Format) -> Grid {
        let em = format.body;
        let c = format.columns as f64;
        let w = em * (c * format.chars as f64 + (c - 1.0) * format.gutter_em);
        let h = format.pitch * format.lines as f64;
        let x = (format.trim.w - w) / 2.0;
        Grid {
            format,
            area: Rect::new(x, format.head, w, h),
        }
    }

    /// Width of one basic column.
    pub fn column_width(&self) -> Pt {
        self.format.body * self.format.chars as f64
    }

    /// Width of a gutter.
    pub fn gutter(&self) -> Pt {
        self.format.body * self.format.gutter_em
    }

    /// Left edge of column `i`.
    pub fn col_x(&self, i: usize) -> Pt {
        self.area.x + (self.column_width() + self.gutter()) * i as f64
    }

    /// Width of `k` columns spanned as one measure (长栏: k·c + (k−1) characters).
    pub fn span(&self, k: usize) -> Pt {
        self.column_width() * k as f64 + self.gutter() * (k.max(1) - 1) as f64
    }

    /// Top of grid row `r`.
    pub fn row_y(&self, r: usize) -> Pt {
        self.area.y + self.format.pitch * r as f64
    }

    /// Baseline of a body line in row `r`: the 1-em body box centred in the pitch, with the
    /// ideographic em box 0.88 em above and 0.12 em below the baseline.
    pub fn baseline(&self, r: usize) -> Pt {
        let pitch = self.format.pitch;
        let size = self.format.body;
        self.row_y(r) + (pitch - size) / 2.0 + size * 0.88
    }

    /// Rows needed for a block of `h` points.
    pub fn rows_for(&self, h: Pt) -> usize {
        (h.0 / self.format.pitch.0 - 1e-6).ceil().max(0.0) as usize
    }
}
