//! The page grid (版心): columns of whole characters, one baseline pitch for every column
//! (TYPOGRAPHY.md §4.2–4.3, rules GR-01, PA-06).

use crate::geom::{Pt, Rect, Size};
use crate::style::{FormatSpec, Preset};

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

impl Format {
    /// 四开 tabloid: 271 × 390 mm, 6 columns of 12 小五 characters (6 × 12 + 5 = 77 em,
    /// about 245 mm), 72 lines on a 13.5 pt pitch (TYPOGRAPHY.md §4.3).
    pub fn tabloid() -> Format {
        Format {
            trim: Size {
                w: Pt::from_mm(271.0),
                h: Pt::from_mm(390.0),
            },
            chars: 12,
            columns: 6,
            lines: 72,
            head: Pt::from_mm(25.0),
            ..Format::broadsheet()
        }
    }

    /// A format from the manifest: the preset with the figures it changes, checked so that
    /// the type area fits on the page.
    pub fn from_spec(spec: &FormatSpec) -> Result<Format, String> {
        let mut f = match spec.preset {
            Preset::Broadsheet => Format::broadsheet(),
            Preset::Tabloid => Format::tabloid(),
        };
        if let Some(w) = spec.width_mm {
            f.trim.w = Pt::from_mm(w);
        }
        if let Some(h) = spec.height_mm {
            f.trim.h = Pt::from_mm(h);
        }
        f.columns = spec.columns.unwrap_or(f.columns);
        f.chars = spec.chars.unwrap_or(f.chars);
        f.body = spec.body_pt.map_or(f.body, Pt);
        f.pitch = spec.pitch_pt.map_or(f.pitch, Pt);
        f.lines = spec.lines.unwrap_or(f.lines);
        f.head = spec.head_mm.map_or(f.head, Pt::from_mm);
        if !(1..=20).contains(&f.columns) || !(4..=40).contains(&f.chars) || !(10..=400).contains(&f.lines) {
            return Err(format!(
                "format has {} columns of {} characters and {} lines; that is no newspaper page",
                f.columns, f.chars, f.lines
            ));
        }
        if f.body.0 < 7.5 || f.pitch.0 < f.body.0 {
            return Err(format!(
                "body {} pt on a {} pt pitch: body text is at least 7.5 pt (GR-04), the pitch at least the body",
                f.body.0, f.pitch.0
            ));
        }
        let g = Grid::new(f);
        if g.area.x.0 < 0.0 || g.area.bottom().0 > f.trim.h.0 - Pt::from_mm(8.0).0 {
            return Err(format!(
                "the type area ({:.0} × {:.0} mm) does not fit on a {:.0} × {:.0} mm page",
                g.area.w.to_mm(),
                g.area.h.to_mm(),
                f.trim.w.to_mm(),
                f.trim.h.to_mm()
            ));
        }
        Ok(f)
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
