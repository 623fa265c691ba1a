//! The front page's masthead (报头, EDITION.md §4): the paper's name in display type (or its
//! artwork) at the head of page 1, with the publication data Reg2005 Art. 31 asks of it: the
//! date with 星期 and the lunar date, 总第N期, 今日N版, the CN serial number and the 邮发代号.
//!
//! The masthead takes whole rows at the top of the grid; the stories are laid out on the
//! grid below it, so every figure of the page (fill, space left) is about the copy's area.
//! Ads booked in the ears (报眼, `ear-left`/`ear-right`) hang in the masthead's rows at the
//! type area's corners, and the name and its data stand between them.

use super::LayoutError;
use super::ads::AdSlot;
use super::furniture::{Masthead, set_line};
use super::grid::{Format, Grid};
use super::page::{Cmyk, Item, Stroke};
use super::text::emit_line;
use crate::art::Artwork;
use crate::compose::Align;
use crate::copy::AdPosition;
use crate::geom::{Point, Pt, Rect};
use crate::shape::{FontDb, Role, ShapeError};

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
    /// The paper's artwork (a PDF page placed as vector, or a picture), placed instead of
    /// the name in type.
    pub artwork: Option<Artwork>,
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

/// Rows of the masthead block above its rule row: the height an ear can take.
fn block_rows(format: &Format) -> usize {
    rows(format) - 1
}

/// The ears' rectangles on the page's whole grid, each with its booking's index; an ear taller
/// than the masthead block, or two ads in the same ear, is an error naming the booking.
pub fn ears(grid: &Grid, ads: &[(usize, &AdSlot)]) -> Result<Vec<(usize, Rect)>, LayoutError> {
    let most = block_rows(&grid.format);
    let mut out: Vec<(usize, Rect)> = Vec::new();
    let mut taken: Vec<(usize, &AdSlot)> = Vec::new();
    for &(index, slot) in ads {
        let (w, h) = slot.size(grid);
        if slot.lines > most {
            return Err(LayoutError::Ad {
                index,
                message: format!(
                    "this ear ad ({}) is {} lines tall; the masthead beside it is {most} lines",
                    slot.advertiser, slot.lines
                ),
            });
        }
        if slot.columns * 3 > grid.format.columns {
            return Err(LayoutError::Ad {
                index,
                message: format!(
                    "this ear ad ({}) is {} columns wide; an ear takes at most a third of the {} columns",
                    slot.advertiser, slot.columns, grid.format.columns
                ),
            });
        }
        let left = slot.position == AdPosition::EarLeft;
        if let Some(&(k, other)) = taken.iter().find(|(_, s)| s.position == slot.position) {
            return Err(LayoutError::Ad {
                index,
                message: format!(
                    "this ad ({}) takes the same ear as ad {} ({})",
                    slot.advertiser,
                    k + 1,
                    other.advertiser
                ),
            });
        }
        taken.push((index, slot));
        let x = if left { grid.area.x } else { grid.area.right() - w };
        out.push((index, Rect::new(x, grid.area.y, w, h)));
    }
    Ok(out)
}

/// The data column beside the name: the date with 星期, the lunar date, 总第N期 and 今日N版,
/// each with the role it is set in.
fn data_lines(m: &Masthead, f: &FrontMatter) -> [(String, Role); 3] {
    [
        (m.date.clone(), Role::Label),
        (f.lunar.clone(), Role::Kai),
        (format!("{}　{}", f.total, f.pages), Role::Body),
    ]
}

/// The width of the widest line of the data column, set in `measure`.
fn data_width(db: &FontDb, (m, f): (&Masthead, &FrontMatter), measure: Pt) -> Result<Pt, ShapeError> {
    let mut widest = Pt::ZERO;
    for (text, role) in data_lines(m, f) {
        if let Some(l) = set_line(db, &text, role, DATA_SIZE, Align::Left, measure)? {
            widest = widest.max(l.width);
        }
    }
    Ok(widest)
}

/// Draws the masthead block in the rows above the stories' grid (`grid` is the page's whole
/// grid), between its ears (`ears`, already drawn), and the footer; the name and the data
/// too wide for the room the ears leave are an error naming the first ear.
pub fn draw(
    db: &FontDb,
    grid: &Grid,
    (m, f): (&Masthead, &FrontMatter),
    ears: &[(usize, Rect)],
    items: &mut Vec<Item>,
) -> Result<(), LayoutError> {
    let a = grid.area;
    let gap = DATA_SIZE * 2.0;
    // The room between the ears, each kept off by the gap between the name and its data.
    let left = ears
        .iter()
        .filter(|(_, r)| r.x <= a.x)
        .map(|(_, r)| r.right() + gap)
        .fold(a.x, Pt::max);
    let right = ears
        .iter()
        .filter(|(_, r)| r.x > a.x)
        .map(|(_, r)| r.x - gap)
        .fold(a.right(), Pt::min);
    let size = name_size(&grid.format);
    let block_h = grid.format.pitch * block_rows(&grid.format) as f64;
    let name_top = a.y;
    let name_w = match &f.artwork {
        Some(art) => {
            // The artwork stands as tall as the name in type would, narrowed (at its
            // proportions) to the room the data column leaves.
            let room = right - left - gap - data_width(db, (m, f), a.w)?;
            let w = (size * 1.1 * art.aspect()).min(room).max(Pt::ZERO);
            items.push(Item::artwork(art, Rect::new(left, name_top, w, w / art.aspect())));
            w
        }
        None => {
            let line = set_line(db, &m.paper, Role::HeadlineSong, size, Align::Left, a.w)?;
            match line {
                Some(l) => {
                    emit_line(&l, left, name_top + size * 0.95, size, MASTHEAD_RED, items);
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
            emit_line(&l, left, y, IMPRINT_SIZE, Cmyk::BLACK, items);
        }
    }
    // The data column, flush right against the right ear (or the type area), its lines spread
    // over the block's height.
    let lines = data_lines(m, f);
    let data_w = right - left - name_w - gap;
    let step = (block_h - DATA_SIZE) / lines.len() as f64;
    for (k, (text, role)) in lines.iter().enumerate() {
        let y = a.y + step * (k as f64 + 0.5) + DATA_SIZE;
        let Some(l) = set_line(db, text, *role, DATA_SIZE, Align::Left, a.w)? else {
            continue;
        };
        if let Some(&(index, _)) = ears.first()
            && l.width > data_w
        {
            return Err(LayoutError::Ad {
                index,
                message: format!(
                    "the ears leave the masthead {:.1} mm beside the name; its data ('{text}') needs {:.1} mm: \
                     the ears must be {:.1} mm narrower between them (a column and its gutter are {:.1} mm)",
                    data_w.max(Pt::ZERO).to_mm(),
                    l.width.to_mm(),
                    (l.width - data_w.max(Pt::ZERO)).to_mm(),
                    (grid.column_width() + grid.gutter()).to_mm()
                ),
            });
        }
        emit_line(&l, right - l.width, y, DATA_SIZE, Cmyk::BLACK, items);
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
    Ok(super::furniture::draw_footer(db, grid, m, items)?)
}
