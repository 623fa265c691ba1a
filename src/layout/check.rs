//! Checking a laid-out page the way a makeup editor would: holes in the type area, how much
//! of it is used, headlines side by side (撞题). What it finds goes into the page's figures,
//! its proof marks and its notes.

use super::furniture::Occupancy;
use super::grid::Grid;
use super::page::{Findings, Mark, MarkKind, Note, Origin, Page};
use super::place::Cells;
use crate::copy::PageCopy;
use crate::geom::Rect;

/// An empty area of the type area: a run of empty rows in one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hole {
    /// Column.
    pub col: usize,
    /// First empty row.
    pub row: usize,
    /// Empty rows.
    pub rows: usize,
}

/// The space left: the largest rectangle of unused cells, at least two lines high, that
/// stands on the foot of the type area or on an ad, as `N columns × M lines` at its place.
pub fn space_left(occ: &Occupancy) -> Option<Cells> {
    let (cols, rows) = (occ.cols, occ.rows());
    let mut height = vec![0usize; cols];
    let mut best: Option<Cells> = None;
    for r in 0..rows {
        for (c, h) in height.iter_mut().enumerate() {
            *h = if occ.used(occ.at(c, r)) { 0 } else { *h + 1 };
        }
        // It must stand on something that ends the page's editorial space.
        let grounded = |c: usize| r + 1 == rows || occ.ad[occ.at(c, r + 1)];
        for c0 in 0..cols {
            let mut low = usize::MAX;
            for (c1, &h) in height.iter().enumerate().skip(c0) {
                if !grounded(c1) {
                    break;
                }
                low = low.min(h);
                if low < 2 {
                    break;
                }
                let cand = Cells {
                    col0: c0,
                    cols: c1 + 1 - c0,
                    row0: r + 1 - low,
                    rows: low,
                };
                if best.is_none_or(|b| cand.cols * cand.rows > b.cols * b.rows) {
                    best = Some(cand);
                }
            }
        }
    }
    best
}

/// Runs of two or more empty rows in any column, outside the space left: white inside a
/// module counts as much as white between modules (a makeup editor would not let either
/// through).
pub fn holes(occ: &Occupancy, space: Option<Cells>) -> Vec<Hole> {
    let mut out = Vec::new();
    for col in 0..occ.cols {
        let mut start = None;
        for row in 0..=occ.rows() {
            let empty = row < occ.rows()
                && !occ.used(occ.at(col, row))
                && !space.is_some_and(|s| s.contains(col, row));
            match (empty, start) {
                (true, None) => start = Some(row),
                (false, Some(s)) => {
                    if row - s >= 2 {
                        out.push(Hole {
                            col,
                            row: s,
                            rows: row - s,
                        });
                    }
                    start = None;
                }
                _ => {}
            }
        }
    }
    out
}

/// Pairs of headlines that stand side by side at the same height (撞题, LAYOUT.md): their
/// headline rows overlap, and along one of those rows nothing stands between them. Empty
/// columns between two headlines hide neither from the reader, as the search sees it.
pub fn collisions(heads: &[(usize, usize, usize, usize, usize)], occ: &Occupancy) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (a, &(sa, ca, wa, ra0, ra1)) in heads.iter().enumerate() {
        for &(sb, cb, wb, rb0, rb1) in &heads[a + 1..] {
            let between = if ca + wa <= cb {
                ca + wa..cb
            } else if cb + wb <= ca {
                cb + wb..ca
            } else {
                continue;
            };
            let open = |r: usize| between.clone().all(|c| !occ.used(occ.at(c, r)));
            if (ra0.max(rb0)..ra1.min(rb1).min(occ.rows())).any(open) {
                out.push((sa.min(sb), sa.max(sb)));
            }
        }
    }
    out
}

/// Records holes, the space left, the share of the type area used and collisions on the
/// page, all measured on what was drawn.
pub fn report(
    grid: &Grid,
    occ: &Occupancy,
    heads: &[(usize, usize, usize, usize, usize)],
    copy: &PageCopy,
    page: &mut Page,
    out: &mut Findings,
) {
    let used = (0..occ.filled.len()).filter(|&i| occ.used(i)).count();
    out.stats.fill = 100.0 * used as f64 / occ.filled.len().max(1) as f64;
    let space = space_left(occ);
    let found = holes(occ, space);
    out.stats.holes = found.len();
    let pitch = grid.format.pitch;
    let cell_rect = |c: Cells| {
        let (x0, x1) = (
            grid.col_x(c.col0),
            grid.col_x(c.col0 + c.cols - 1) + grid.column_width(),
        );
        Rect::new(x0, grid.row_y(c.row0), x1 - x0, pitch * c.rows as f64)
    };
    let file_start = crate::diag::Span::new(copy.file, 0, 0);
    for h in &found {
        let cells = Cells {
            col0: h.col,
            cols: 1,
            row0: h.row,
            rows: h.rows,
        };
        page.marks.push(Mark {
            rect: cell_rect(cells),
            kind: MarkKind::Hole { lines: h.rows },
            origin: None,
        });
        out.stats.hole_areas.push(cells);
    }
    let hole_lines: usize = found.iter().map(|h| h.rows).sum();
    if let Some(s) = space {
        page.marks.push(Mark {
            rect: cell_rect(s),
            kind: MarkKind::SpaceLeft {
                columns: s.cols,
                lines: s.rows,
            },
            origin: None,
        });
        out.stats.space_left = Some(s);
        out.notes.push(Note {
            span: file_start,
            message: format!(
                "page has space left: {} at column {}, line {} ({:.1} % of the type area used)",
                super::page::cells_text(&s),
                s.col0 + 1,
                s.row0 + 1,
                out.stats.fill
            ),
            error: false,
        });
    }
    out.stats.space_left_lines = hole_lines + space.map_or(0, |s| s.cols * s.rows);
    if !found.is_empty() {
        out.notes.push(Note {
            span: file_start,
            message: format!(
                "page has {} holes (white of a column by two lines or more): {} empty column lines",
                found.len(),
                hole_lines
            ),
            error: false,
        });
    }
    for (a, b) in collisions(heads, occ) {
        out.stats.collisions += 1;
        let span = copy
            .stories
            .get(b)
            .map_or(crate::diag::Span::new(copy.file, 0, 0), |s| s.span);
        let title = |i: usize| copy.stories.get(i).map_or_else(String::new, |s| s.title());
        // The later story's headline is marked: it is the one to move or resize.
        if let Some(&(_, col, cols, r0, r1)) = heads.iter().find(|h| h.0 == b) {
            page.marks.push(Mark {
                rect: Rect::new(
                    grid.col_x(col),
                    grid.row_y(r0),
                    grid.span(cols),
                    pitch * (r1 - r0) as f64,
                ),
                kind: MarkKind::Collision,
                origin: Some(Origin { story: Some(b), span }),
            });
        }
        out.notes.push(Note {
            span,
            message: format!(
                "headlines of '{}' and '{}' stand side by side at the same height (撞题)",
                title(a),
                title(b)
            ),
            error: false,
        });
    }
}
