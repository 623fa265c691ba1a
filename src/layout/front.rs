//! The front page's masthead (报头, EDITION.md §4): the paper's name in display type (or its
//! artwork) at the head of page 1, with the publication data Reg2005 Art. 31 asks of it: the
//! date with 星期 and the lunar date, 总第N期, 今日N版, the CN serial number and the 邮发代号.
//!
//! The masthead takes whole rows at the top of the grid; the stories are laid out on the
//! grid below it, so every figure of the page (fill, space left) is about the copy's area.

use super::furniture::{Masthead, set_line};
use super::grid::{Format, Grid};
use super::page::{Cmyk, ImageItem, Item, Stroke};
use super::text::emit_line;
use crate::compose::Align;
use crate::geom::{Point, Pt, Rect};
use crate::raster::Picture;
use crate::shape::{FontDb, Role, ShapeError};
use std::sync::Arc;

/// Masthead red (M100 Y100): the colour of a daily's name.
pub const MASTHEAD_RED: Cmyk = Cmyk {
    c: 0.0,
    m: 1.0,
    y: 1.0,
    k: 0.0,
};
/// The smallest display size of the name: 48 pt on a broadsheet (EDITION.md §4).
const MIN_NAME: f64 = 48.0;
/// The largest display size of the name.
const MAX_NAME: f64 = 96.0;
/// Size of the publication data lines.
const DATA_SIZE: Pt = Pt(12.0);
/// Size of the imprint line (CN, 邮发代号).
const IMPRINT_SIZE: Pt = Pt(9.0);

/// What the front page prints beside the name.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    /// The lunar date, `农历壬寅年六月廿二`.
    pub lunar: String,
    /// The issue number, `总第8123期`.
    pub total: String,
    /// The page count, `今日16版`.
    pub pages: String,
    /// `CN 15-0001`, when the manifest gives it.
    pub cn: Option<String>,
    /// The 邮发代号, when the manifest gives it.
    pub postal_code: Option<String>,
    /// The paper's artwork, placed instead of the name in type.
    pub artwork: Option<Arc<Picture>>,
}

/// The display size of the paper's name on a format: a twelfth of the type area's width,
/// from 48 to 96 pt.
pub fn name_size(format: &Format) -> Pt {
    let w = Grid::new(*format).area.w;
    Pt((w.0 / 12.0).clamp(MIN_NAME, MAX_NAME).floor())
}

/// Rows of the grid the masthead takes, its rule row included.
pub fn rows(format: &Format) -> usize {
    let grid = Grid::new(*format);
    grid.rows_for(name_size(format) * 1.2 + IMPRINT_SIZE * 2.0) + 1
}

/// The format the stories of the front page are laid out on: the grid below the masthead.
pub fn below_masthead(format: &Format) -> Format {
    let r = rows(format);
    Format {
        head: format.head + format.pitch * r as f64,
        lines: format.lines - r,
        ..*format
    }
}

/// Draws the masthead block in the rows above the stories' grid (`grid` is the page's whole
/// grid) and the footer.
pub fn draw(
    db: &FontDb,
    grid: &Grid,
    m: &Masthead,
    f: &FrontMatter,
    items: &mut Vec<Item>,
) -> Result<(), ShapeError> {
    let a = grid.area;
    let size = name_size(&grid.format);
    let block_h = grid.format.pitch * (rows(&grid.format) - 1) as f64;
    let name_top = a.y;
    let name_w = match &f.artwork {
        Some(pic) => {
            let h = size * 1.1;
            let w = h * pic.aspect();
            items.push(Item::Image(ImageItem {
                rect: Rect::new(a.x, name_top, w, h),
                clip: None,
                picture: pic.clone(),
            }));
            w
        }
        None => {
            let line = set_line(db, &m.paper, Role::HeadlineSong, size, Align::Left, a.w)?;
            match line {
                Some(l) => {
                    emit_line(&l, a.x, name_top + size * 0.95, size, MASTHEAD_RED, items);
                    l.width
                }
                None => Pt::ZERO,
            }
        }
    };
    // The imprint under the name, at its width or wider.
    let imprint: Vec<String> = [
        f.cn.as_ref().map(|c| format!("国内统一连续出版物号 {c}")),
        f.postal_code.as_ref().map(|p| format!("邮发代号 {p}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !imprint.is_empty() {
        let text = imprint.join("　");
        let y = a.y + block_h - IMPRINT_SIZE * 0.6;
        if let Some(l) = set_line(db, &text, Role::Label, IMPRINT_SIZE, Align::Left, a.w)? {
            emit_line(&l, a.x, y, IMPRINT_SIZE, Cmyk::BLACK, items);
        }
    }
    // The data column, flush right, its lines spread over the block's height.
    let lines = [
        (m.date.as_str(), Role::Label),
        (f.lunar.as_str(), Role::Kai),
        (&format!("{}　{}", f.total, f.pages), Role::Body),
    ];
    let data_w = a.w - name_w - DATA_SIZE * 2.0;
    let step = (block_h - DATA_SIZE) / lines.len() as f64;
    for (k, (text, role)) in lines.iter().enumerate() {
        let y = a.y + step * (k as f64 + 0.5) + DATA_SIZE;
        if let Some(l) = set_line(db, text, *role, DATA_SIZE, Align::Right, data_w)? {
            emit_line(&l, a.right() - data_w, y, DATA_SIZE, Cmyk::BLACK, items);
        }
    }
    // A thick and a thin rule close the masthead off from the stories.
    let rule_y = a.y + block_h + grid.format.pitch * 0.3;
    for (dy, w) in [(0.0, 2.0), (3.0, 0.5)] {
        items.push(Item::Stroke(Stroke {
            from: Point::new(a.x, rule_y + Pt(dy)),
            to: Point::new(a.right(), rule_y + Pt(dy)),
            width: Pt(w),
            color: Cmyk::BLACK,
        }));
    }
    super::furniture::draw_footer(db, grid, m, items)
}
