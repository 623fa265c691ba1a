//! Checking a laid-out page the way a makeup editor would: holes in the type area, how much
//! of it is used, headlines side by side (撞题). What it finds goes into the page's figures,
//! its proof marks and its notes.

use super::furniture::Occupancy;
use super::grid::Grid;
use super::page::{Findings, Mark, MarkKind, Note, Origin, Page};
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

/// Runs of two or more empty rows in any column: a hole as wide as a column and two lines
/// tall is what a makeup editor would not let through (issue 4).
pub fn holes(occ: &Occupancy) -> Vec<Hole> {
    let mut out = Vec::new();
    for col in 0..occ.cols {
        let mut start = None;
        for row in 0..=occ.rows() {
            let empty = row < occ.rows() && !occ.filled[occ.at(col, row)];
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

/// Pairs of headlines that stand side by side at the same height: their modules touch
/// left to right and their headline rows overlap (撞题, LAYOUT.md).
pub fn collisions(heads: &[(usize, usize, usize, usize, usize)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (a, &(sa, ca, wa, ra0, ra1)) in heads.iter().enumerate() {
        for &(sb, cb, wb, rb0, rb1) in &heads[a + 1..] {
            let adjacent = ca + wa == cb || cb + wb == ca;
            if adjacent && ra0 < rb1 && rb0 < ra1 {
                out.push((sa.min(sb), sa.max(sb)));
            }
        }
    }
    out
}

/// Records holes, the share of the type area used and collisions on the page.
pub fn report(
    grid: &Grid,
    occ: &Occupancy,
    heads: &[(usize, usize, usize, usize, usize)],
    copy: &PageCopy,
    page: &mut Page,
    out: &mut Findings,
) {
    let filled = occ.filled.iter().filter(|&&f| f).count();
    out.stats.fill = 100.0 * filled as f64 / occ.filled.len().max(1) as f64;
    let found = holes(occ);
    out.stats.holes = found.len();
    let pitch = grid.format.pitch;
    let mut empty_lines = 0;
    for h in &found {
        let rect = Rect::new(
            grid.col_x(h.col),
            grid.row_y(h.row),
            grid.column_width(),
            pitch * h.rows as f64,
        );
        page.marks.push(Mark {
            rect,
            kind: MarkKind::Hole { lines: h.rows },
            origin: None,
        });
        empty_lines += h.rows;
    }
    if empty_lines > 0 {
        out.stats.space_left_lines = empty_lines;
        let file_start = crate::diag::Span::new(copy.file, 0, 0);
        out.notes.push(Note {
            span: file_start,
            message: format!(
                "page has space left: {} empty column lines in {} areas ({:.1} % of the type area used)",
                empty_lines,
                found.len(),
                out.stats.fill
            ),
            error: false,
        });
    }
    for (a, b) in collisions(heads) {
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
