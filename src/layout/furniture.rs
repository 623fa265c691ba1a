//! Page furniture: the running head (报眉), the footer and the rules between columns and
//! modules (TYPOGRAPHY.md §4.4, §4.7).

use super::grid::Grid;
use super::page::{Cmyk, Item, Stroke};
use super::text::emit_line;
use crate::compose::{Align, ParStyle, compose_par};
use crate::diag::{FileId, Span};
use crate::geom::{Point, Pt};
use crate::shape::{FontDb, Piece, Role, ShapeError, shape_par};

/// Weight of column rules (栏线), 100 % K (GR-03: at least 0.25 pt).
pub const COLUMN_RULE: Pt = Pt(0.4);
/// Weight of rules between modules.
pub const MODULE_RULE: Pt = Pt(0.6);

/// What the running head says.
#[derive(Debug, Clone, PartialEq)]
pub struct Masthead {
    /// Paper name.
    pub paper: String,
    /// Date with weekday, e.g. `2022年7月20日 星期三`.
    pub date: String,
    /// Issue number line, e.g. `第1234期`.
    pub issue: String,
    /// Page number.
    pub page: u32,
    /// Section name (版名).
    pub section: String,
    /// Editor credit for the footer.
    pub editor: Option<String>,
    /// The manifest line that made the page (its copy file's), for what the head draws.
    pub origin: Option<Span>,
}

fn set_line(
    db: &FontDb,
    text: &str,
    role: Role,
    size: Pt,
    align: Align,
    width: Pt,
) -> Result<Option<crate::compose::Line>, ShapeError> {
    let span = Span::new(FileId(0), 0, 0);
    let par = shape_par(db, &[Piece { text, role, span }])?;
    Ok(compose_par(db, &par, &ParStyle::body(size).aligned(align), width)
        .lines
        .into_iter()
        .next())
}

/// Draws the running head above the type area and the footer below it.
pub fn draw_masthead(
    db: &FontDb,
    grid: &Grid,
    m: &Masthead,
    items: &mut Vec<Item>,
) -> Result<(), ShapeError> {
    let a = grid.area;
    let rule_y = a.y - Pt(6.0);
    let base = rule_y - Pt(6.0);
    let size = Pt(10.5);
    let left = format!("第{}版", m.page);
    let right = format!("{}　{}", m.date, m.issue);
    if let Some(l) = set_line(db, &m.paper, Role::Headline, Pt(16.0), Align::Left, a.w)? {
        emit_line(&l, a.x, base, Pt(16.0), Cmyk::BLACK, items);
    }
    if let Some(l) = set_line(
        db,
        &format!("{left}　{}", m.section),
        Role::Label,
        size,
        Align::Center,
        a.w,
    )? {
        emit_line(&l, a.x, base, size, Cmyk::BLACK, items);
    }
    if let Some(l) = set_line(db, &right, Role::Body, size, Align::Right, a.w)? {
        emit_line(&l, a.x, base, size, Cmyk::BLACK, items);
    }
    for (dy, w) in [(0.0, 1.2), (2.2, 0.4)] {
        items.push(Item::Stroke(Stroke {
            from: Point::new(a.x, rule_y + Pt(dy)),
            to: Point::new(a.right(), rule_y + Pt(dy)),
            width: Pt(w),
            color: Cmyk::BLACK,
        }));
    }
    if let Some(editor) = &m.editor {
        let text = format!("责任编辑：{editor}");
        let y = a.bottom() + Pt(14.0);
        if let Some(l) = set_line(db, &text, Role::Body, Pt(7.5), Align::Right, a.w)? {
            emit_line(&l, a.x, y, Pt(7.5), Cmyk::BLACK, items);
        }
    }
    Ok(())
}

/// What occupies each cell of the grid: the module there, and whether an element spanning
/// its columns covers it (a headline, a photo), where column rules must stop.
#[derive(Debug, Clone)]
pub struct Occupancy {
    /// Columns of the grid.
    pub cols: usize,
    /// Module index per cell, row-major.
    pub module: Vec<Option<usize>>,
    /// Spanning element per cell.
    pub spanning: Vec<bool>,
    /// Whether a cell holds anything (text, a frame, a rule row): empty cells are holes.
    pub filled: Vec<bool>,
}

impl Occupancy {
    /// An empty grid.
    pub fn new(cols: usize, rows: usize) -> Occupancy {
        Occupancy {
            cols,
            module: vec![None; cols * rows],
            spanning: vec![false; cols * rows],
            filled: vec![false; cols * rows],
        }
    }

    /// Index of a cell.
    pub fn at(&self, col: usize, row: usize) -> usize {
        row * self.cols + col
    }

    /// Rows of the grid.
    pub fn rows(&self) -> usize {
        self.module.len() / self.cols.max(1)
    }
}

/// Vertical rules centred in the gutters, wherever text stands on either side and no
/// spanning element crosses; merged into one stroke per run of rows.
pub fn column_rules(grid: &Grid, occ: &Occupancy, items: &mut Vec<Item>) {
    let pitch = grid.format.pitch;
    for g in 0..occ.cols.saturating_sub(1) {
        let x = grid.col_x(g + 1) - grid.gutter() / 2.0;
        let mut start: Option<usize> = None;
        for r in 0..=occ.rows() {
            let on = r < occ.rows() && {
                let (a, b) = (occ.at(g, r), occ.at(g + 1, r));
                let crossed = occ.module[a].is_some()
                    && occ.module[a] == occ.module[b]
                    && occ.spanning[a]
                    && occ.spanning[b];
                (occ.module[a].is_some() || occ.module[b].is_some()) && !crossed
            };
            match (on, start) {
                (true, None) => start = Some(r),
                (false, Some(s)) => {
                    items.push(Item::Stroke(Stroke {
                        from: Point::new(x, grid.row_y(s) + pitch * 0.2),
                        to: Point::new(x, grid.row_y(r) - pitch * 0.2),
                        width: COLUMN_RULE,
                        color: Cmyk::BLACK,
                    }));
                    start = None;
                }
                _ => {}
            }
        }
    }
}

/// A horizontal rule in the separator row under a module, across its columns and gutters.
pub fn module_rule(grid: &Grid, col0: usize, cols: usize, row: usize, items: &mut Vec<Item>) {
    let half = grid.gutter() / 2.0;
    let left = if col0 == 0 {
        grid.col_x(0)
    } else {
        grid.col_x(col0) - half
    };
    let last = col0 + cols;
    let right = if last >= grid.format.columns {
        grid.area.right()
    } else {
        grid.col_x(last) - half
    };
    let y = grid.row_y(row) + grid.format.pitch / 2.0;
    items.push(Item::Stroke(Stroke {
        from: Point::new(left, y),
        to: Point::new(right, y),
        width: MODULE_RULE,
        color: Cmyk::BLACK,
    }));
}
