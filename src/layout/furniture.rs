//! Page furniture: the running head (报眉), the footer and the rules between columns and
//! modules (TYPOGRAPHY.md §4.4, §4.7).

use super::grid::Grid;
use super::page::{Cmyk, Item, Stroke};
use super::text::emit_line;
use crate::compose::{Align, ParStyle, compose_par};
use crate::diag::{FileId, Span};
use crate::geom::{Point, Pt, Rect};
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
    /// On the front page: the publication data of the masthead that replaces the running
    /// head.
    pub front: Option<super::front::FrontMatter>,
    /// The manifest line that made the page (its copy file's), for what the head draws.
    pub origin: Option<Span>,
}

/// One line of text in a face at a size, aligned in a width.
pub fn set_line(
    db: &FontDb,
    text: &str,
    role: Role,
    size: Pt,
    align: Align,
    width: Pt,
) -> Result<Option<crate::compose::Line>, ShapeError> {
    Ok(set_lines(db, text, role, size, align, width)?.into_iter().next())
}

/// Text in a face at a size, broken into lines of a width and aligned in it.
pub fn set_lines(
    db: &FontDb,
    text: &str,
    role: Role,
    size: Pt,
    align: Align,
    width: Pt,
) -> Result<Vec<crate::compose::Line>, ShapeError> {
    let span = Span::new(FileId(0), 0, 0);
    let par = shape_par(db, &[Piece { text, role, span }])?;
    Ok(compose_par(db, &par, &ParStyle::body(size).aligned(align), width).lines)
}

/// How far above the type area the running head's thick rule runs.
const HEAD_RULE_ABOVE: Pt = Pt(6.0);
/// How far above the type area the running head's thin rule runs: the rule a module at the
/// head of the page meets (a box's top edge is drawn on it, one rule, not two 1.3 mm apart).
const HEAD_THIN_RULE_ABOVE: Pt = Pt(3.8);

/// Draws the running head above the type area and the footer below it.
pub fn draw_masthead(
    db: &FontDb,
    grid: &Grid,
    m: &Masthead,
    items: &mut Vec<Item>,
) -> Result<(), ShapeError> {
    let a = grid.area;
    let rule_y = a.y - HEAD_RULE_ABOVE;
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
    for (dy, w) in [(Pt(0.0), 1.2), (HEAD_RULE_ABOVE - HEAD_THIN_RULE_ABOVE, 0.4)] {
        items.push(Item::Stroke(Stroke {
            from: Point::new(a.x, rule_y + dy),
            to: Point::new(a.right(), rule_y + dy),
            width: Pt(w),
            color: Cmyk::BLACK,
        }));
    }
    draw_footer(db, grid, m, items)
}

/// The footer under the type area: the page editor's credit.
pub fn draw_footer(db: &FontDb, grid: &Grid, m: &Masthead, items: &mut Vec<Item>) -> Result<(), ShapeError> {
    let a = grid.area;
    if let Some(editor) = &m.editor {
        let text = format!("责任编辑：{editor}");
        let y = a.bottom() + Pt(14.0);
        if let Some(l) = set_line(db, &text, Role::Body, Pt(7.5), Align::Right, a.w)? {
            emit_line(&l, a.x, y, Pt(7.5), Cmyk::BLACK, items);
        }
    }
    Ok(())
}

/// What occupies each cell of the grid: the module there, whether an element spanning its
/// columns covers it (a headline, a photo), where column rules must stop, whether anything
/// is drawn in it, and whether a horizontal rule runs through it.
#[derive(Debug, Clone)]
pub struct Occupancy {
    /// Columns of the grid.
    pub cols: usize,
    /// Module index per cell, row-major.
    pub module: Vec<Option<usize>>,
    /// Spanning element per cell.
    pub spanning: Vec<bool>,
    /// Whether a cell holds anything drawn (text, a photo, a frame, an ad): white cells,
    /// inside a module or not, are holes.
    pub filled: Vec<bool>,
    /// Whether a horizontal rule (between modules, or a box edge) runs through the cell.
    pub rule: Vec<bool>,
    /// Whether an ad takes the cell.
    pub ad: Vec<bool>,
}

impl Occupancy {
    /// An empty grid.
    pub fn new(cols: usize, rows: usize) -> Occupancy {
        Occupancy {
            cols,
            module: vec![None; cols * rows],
            spanning: vec![false; cols * rows],
            filled: vec![false; cols * rows],
            rule: vec![false; cols * rows],
            ad: vec![false; cols * rows],
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

    /// Whether a cell is used: drawn on, or carrying a rule.
    pub fn used(&self, i: usize) -> bool {
        self.filled[i] || self.rule[i]
    }

    /// Whether a horizontal rule in `row` reaches the gutter right of column `g`.
    fn rule_at_gutter(&self, g: usize, row: usize) -> bool {
        self.rule[self.at(g, row)] || self.rule[self.at(g + 1, row)]
    }
}

/// Shortest column rule drawn: two body lines (a shorter stroke reads as a stub).
const MIN_RULE_LINES: f64 = 2.0;

/// Vertical rules centred in the gutters: along the rows where text stands on either side
/// and no spanning element crosses, one stroke per run. A rule that meets a horizontal rule
/// ends exactly on it; else it ends where the text beside it ends. Runs shorter than two
/// lines are left out.
pub fn column_rules(grid: &Grid, occ: &Occupancy, items: &mut Vec<Item>) {
    let pitch = grid.format.pitch;
    let rows = occ.rows();
    // Where the em box of a line's text begins and ends within its row.
    let text_top = |r: usize| grid.row_y(r) + pitch * 0.2;
    let rule_y = |r: usize| grid.row_y(r) + pitch / 2.0;
    for g in 0..occ.cols.saturating_sub(1) {
        let x = grid.col_x(g + 1) - grid.gutter() / 2.0;
        let on = |r: usize| {
            let (a, b) = (occ.at(g, r), occ.at(g + 1, r));
            let crossed = occ.module[a].is_some()
                && occ.module[a] == occ.module[b]
                && occ.spanning[a]
                && occ.spanning[b];
            // A rule parts two modules (or a module and an ad): beside the space left it
            // would run into white.
            let parts = occ.module[a].is_some() && occ.module[b].is_some();
            // Inside a module it separates two columns of text, and stops where the shorter
            // ends (issue 10: never beside white).
            let text = if occ.module[a] == occ.module[b] {
                occ.filled[a] && occ.filled[b]
            } else {
                occ.filled[a] || occ.filled[b]
            };
            text && !crossed && parts
        };
        let mut r = 0;
        while r < rows {
            if !on(r) {
                r += 1;
                continue;
            }
            let s = r;
            while r < rows && on(r) {
                r += 1;
            }
            // At the head and foot of the type area a rule runs to its edge.
            let top = if s == 0 {
                grid.area.y
            } else if occ.rule_at_gutter(g, s - 1) {
                rule_y(s - 1)
            } else if occ.rule_at_gutter(g, s) {
                rule_y(s)
            } else {
                text_top(s)
            };
            let bottom = if r == rows {
                grid.area.bottom()
            } else if occ.rule_at_gutter(g, r) {
                rule_y(r)
            } else if occ.rule_at_gutter(g, r - 1) {
                // The run's last row is a module's separator (beside the space left): the
                // rule ends on the module's foot rule.
                rule_y(r - 1)
            } else {
                grid.row_y(r) - pitch * 0.2
            };
            if (bottom - top).0 + 1e-6 < pitch.0 * MIN_RULE_LINES {
                continue;
            }
            items.push(Item::Stroke(Stroke {
                from: Point::new(x, top),
                to: Point::new(x, bottom),
                width: COLUMN_RULE,
                color: Cmyk::BLACK,
            }));
        }
    }
}

/// The left and right edges of a run of columns as rules draw them: at the gutter centres,
/// and at the type area's edges (never beyond them).
pub fn rule_span(grid: &Grid, col0: usize, cols: usize) -> (Pt, Pt) {
    let half = grid.gutter() / 2.0;
    let left = if col0 == 0 {
        grid.area.x
    } else {
        grid.col_x(col0) - half
    };
    let last = col0 + cols;
    let right = if last >= grid.format.columns {
        grid.area.right()
    } else {
        grid.col_x(last) - half
    };
    (left, right)
}

/// The frame of a boxed module (a briefs box) over `rows` rows from `row0`: its edges lie
/// where the rules around it would run (gutter centres, the separator rows above and
/// below, the type area's edge, the running head's thin rule over the first line), so that
/// a box edge and a neighbouring rule are one rule.
pub fn box_frame(
    grid: &Grid,
    (col0, cols): (usize, usize),
    (row0, rows): (usize, usize),
    rule_above: bool,
) -> Rect {
    let (left, right) = rule_span(grid, col0, cols);
    let pitch = grid.format.pitch;
    let top = if row0 == 0 {
        grid.area.y - HEAD_THIN_RULE_ABOVE
    } else if rule_above {
        grid.row_y(row0 - 1) + pitch / 2.0
    } else {
        grid.row_y(row0)
    };
    let end = row0 + rows;
    // In the page's last line there is no rule to share: the box closes on the type area.
    let bottom = if end + 1 < grid.format.lines {
        grid.row_y(end) + pitch / 2.0
    } else {
        grid.area.bottom()
    };
    Rect::new(left, top, right - left, bottom - top)
}

/// A horizontal rule in the separator row under a module, across its columns and gutters.
pub fn module_rule(grid: &Grid, col0: usize, cols: usize, row: usize, items: &mut Vec<Item>) {
    let (left, right) = rule_span(grid, col0, cols);
    let y = grid.row_y(row) + grid.format.pitch / 2.0;
    items.push(Item::Stroke(Stroke {
        from: Point::new(left, y),
        to: Point::new(right, y),
        width: MODULE_RULE,
        color: Cmyk::BLACK,
    }));
}

/// The rules in a box's own gutters right of column `col0`, each from `top` to its bottom
/// (`None`: a gutter beside a column without text has none); one shorter than
/// [`MIN_RULE_LINES`] reads as a stub and is left out.
pub fn box_rules(grid: &Grid, col0: usize, (top, bottoms): (Pt, &[Option<Pt>]), items: &mut Vec<Item>) {
    for (k, bottom) in bottoms.iter().enumerate() {
        let Some(bottom) = *bottom else { continue };
        if (bottom - top).0 + 1e-6 < grid.format.pitch.0 * MIN_RULE_LINES {
            continue;
        }
        let x = grid.col_x(col0 + k + 1) - grid.gutter() / 2.0;
        items.push(Item::Stroke(Stroke {
            from: Point::new(x, top),
            to: Point::new(x, bottom),
            width: COLUMN_RULE,
            color: Cmyk::BLACK,
        }));
    }
}
