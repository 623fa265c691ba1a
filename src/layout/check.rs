//! Checking a laid-out page the way a makeup editor would: holes in the type area, how much
//! of it is used, headlines side by side (撞题). What it finds goes into the page's figures,
//! its proof marks and its notes.

use super::furniture::Occupancy;
use super::grid::Grid;
use super::page::{Findings, HoleStats, Mark, MarkKind, Note, Origin, Page, SpaceLeft};
use super::place::Cells;
use crate::copy::PageCopy;
use crate::geom::Rect;

/// An empty area of the type area outside the space left: white cells that touch side by
/// side or one above the other, each in a run of at least [`HOLE_LINES`] in its column. The
/// white beside a story's short columns is one hole however many columns it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hole {
    /// The smallest rectangle of the grid that holds it.
    pub bounds: Cells,
    /// Its runs of white, one column each, top to bottom and then left to right.
    pub runs: Vec<Cells>,
    /// Whether it touches the space left (the white there is not one rectangle).
    pub beside_space: bool,
}

impl Hole {
    /// Empty column lines in it.
    pub fn lines(&self) -> usize {
        self.runs.iter().map(|r| r.rows).sum()
    }

    /// Whether it is a rectangle (else its bounds hold filled cells too).
    pub fn is_rectangle(&self) -> bool {
        self.lines() == self.bounds.cols * self.bounds.rows
    }

    /// Its white as rectangles: the runs of neighbouring columns that start and end on the
    /// same lines, joined.
    pub fn parts(&self) -> Vec<Cells> {
        let mut out: Vec<Cells> = Vec::new();
        for r in &self.runs {
            match out
                .iter_mut()
                .find(|p| p.col0 + p.cols == r.col0 && (p.row0, p.rows) == (r.row0, r.rows))
            {
                Some(p) => p.cols += 1,
                None => out.push(*r),
            }
        }
        out
    }

    /// As the report gives it: `N columns × M lines at column C, line L`, with what makes
    /// it not a rectangle.
    pub fn text(&self) -> String {
        let b = &self.bounds;
        let mut t = format!(
            "{} at column {}, line {}",
            super::page::cells_text(b),
            b.col0 + 1,
            b.row0 + 1
        );
        if !self.is_rectangle() {
            t.push_str(&format!(
                " (not a rectangle: {} of its {} column lines white)",
                self.lines(),
                b.cols * b.rows
            ));
        }
        if self.beside_space {
            t.push_str(" against the space left");
        }
        t
    }
}

/// Fewest lines of white in a column that make a hole: one line short at a column foot is
/// the grid's rounding, two are a gap a reader sees.
pub const HOLE_LINES: usize = 2;

/// The space left: the largest rectangle of unused cells, at least two lines high, that
/// stands on the foot of the type area or on an ad, and with it the white beside it that
/// starts level with it and stands lower (or higher) on an ad or the foot: an ad on the foot
/// under part of the white makes the space an L, which no layout of short copy avoids.
pub fn space_left(occ: &Occupancy) -> Option<SpaceLeft> {
    let r = largest_space(occ)?;
    // The white between two ads on the foot may be narrower than the white over either ad:
    // the space is then the T over both, found from that well (the first of equals wins).
    std::iter::once(r)
        .chain(foot_wells(occ))
        .map(|c| around_ad(occ, c))
        .fold(None, |best: Option<SpaceLeft>, s| match best {
            Some(b) if b.lines() >= s.lines() => Some(b),
            _ => Some(s),
        })
}

/// The white standing on the page's foot, one rectangle per run of columns whose last line
/// is white, from the lowest top among them: where the space may run down between ads.
fn foot_wells(occ: &Occupancy) -> Vec<Cells> {
    let rows = occ.rows();
    let top = |c: usize| {
        (0..rows)
            .rev()
            .find(|&r| occ.used(occ.at(c, r)))
            .map_or(0, |r| r + 1)
    };
    let mut out: Vec<Cells> = Vec::new();
    for c in 0..occ.cols {
        let t = top(c);
        if t + HOLE_LINES > rows {
            continue;
        }
        match out.last_mut() {
            Some(w) if w.col0 + w.cols == c => {
                let row0 = w.row0.max(t);
                (w.cols, w.row0, w.rows) = (w.cols + 1, row0, rows - row0);
            }
            _ => out.push(Cells {
                col0: c,
                cols: 1,
                row0: t,
                rows: rows - t,
            }),
        }
    }
    out
}

/// Whether the cell under `row` in `col` ends the page's editorial space: the foot or an ad.
fn grounded(occ: &Occupancy, col: usize, row: usize) -> bool {
    row + 1 == occ.rows() || occ.ad[occ.at(col, row + 1)]
}

/// The space `r` with the white level with it in the columns beside it, where that white
/// stands on an ad or the foot at another depth than `r`: the L is given as the rectangle
/// across both and the foot of the deeper part (beside the ad under the other). Where the
/// white on both sides stands on ads at one depth and `r` runs down between them, the band
/// runs across all three (a T over two corner ads).
fn around_ad(occ: &Occupancy, r: Cells) -> SpaceLeft {
    let foot = r.row0 + r.rows;
    let left = side_white(occ, r, (0..r.col0).rev());
    let right = side_white(occ, r, r.col0 + r.cols..occ.cols);
    let bottom = |e: &Cells| e.row0 + e.rows;
    let (side, deeper) = match (left, right) {
        (Some(a), Some(b)) if (a.row0, a.rows) == (b.row0, b.rows) && bottom(&a) < foot => (
            Cells {
                col0: a.col0,
                cols: b.col0 + b.cols - a.col0,
                ..a
            },
            r,
        ),
        (a, b) => {
            let Some(e) = a.into_iter().chain(b).max_by_key(|e| (e.cols * e.rows, e.col0)) else {
                return SpaceLeft {
                    cells: r,
                    beside_ad: None,
                };
            };
            (e, if bottom(&e) > foot { e } else { r })
        }
    };
    let top = r.row0.max(side.row0);
    let low = foot.min(bottom(&side));
    let col0 = r.col0.min(side.col0);
    SpaceLeft {
        cells: Cells {
            col0,
            cols: (r.col0 + r.cols).max(side.col0 + side.cols) - col0,
            row0: top,
            rows: low - top,
        },
        beside_ad: Some(Cells {
            col0: deeper.col0,
            cols: deeper.cols,
            row0: low,
            rows: foot.max(bottom(&side)) - low,
        }),
    }
}

/// The white beside the space `r` in `cols` (taken outward from it): the columns whose white
/// starts level with `r` (or a line lower, a column foot a line short) and ends on an ad or
/// the foot at another depth than `r`, all at one top and one depth, as one rectangle.
fn side_white(occ: &Occupancy, r: Cells, cols: impl Iterator<Item = usize>) -> Option<Cells> {
    let foot = r.row0 + r.rows;
    let white = |c: usize| {
        let top = (r.row0..=r.row0 + 1).find(|&row| row < occ.rows() && !occ.used(occ.at(c, row)))?;
        let end = (top..occ.rows())
            .find(|&row| occ.used(occ.at(c, row)))
            .unwrap_or(occ.rows());
        // Level with the space means under something, at most a line higher (a column foot a
        // line short): white running up past its top (to the running head, beside copy) is
        // a hole, not the foot of the page.
        let under = (top.saturating_sub(2)..top).any(|row| occ.used(occ.at(c, row))) || top == 0;
        (under && end - top >= HOLE_LINES && grounded(occ, c, end - 1) && end != foot).then_some((top, end))
    };
    let mut run: Option<Cells> = None;
    for c in cols {
        let Some((top, end)) = white(c) else { break };
        match &mut run {
            None => {
                run = Some(Cells {
                    col0: c,
                    cols: 1,
                    row0: top,
                    rows: end - top,
                })
            }
            Some(e) if (e.row0, e.rows) == (top, end - top) => {
                e.col0 = e.col0.min(c);
                e.cols += 1;
            }
            Some(_) => break,
        }
    }
    run
}

/// The largest rectangle of unused cells, at least two lines high, standing on the foot of
/// the type area or on an ad.
fn largest_space(occ: &Occupancy) -> Option<Cells> {
    let (cols, rows) = (occ.cols, occ.rows());
    let mut height = vec![0usize; cols];
    let mut best: Option<Cells> = None;
    for r in 0..rows {
        for (c, h) in height.iter_mut().enumerate() {
            *h = if occ.used(occ.at(c, r)) { 0 } else { *h + 1 };
        }
        // It must stand on something that ends the page's editorial space.
        let grounded = |c: usize| grounded(occ, c, r);
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

/// The holes of a page, outside the space left: white inside a module counts as much as
/// white between modules (a makeup editor would let neither through). Top to bottom, then
/// left to right.
pub fn holes(occ: &Occupancy, space: Option<SpaceLeft>) -> Vec<Hole> {
    let in_space = |col: usize, row: usize| space.is_some_and(|s| s.contains(col, row));
    let mut runs = Vec::new();
    for col in 0..occ.cols {
        let mut start = None;
        for row in 0..=occ.rows() {
            let empty = row < occ.rows() && !occ.used(occ.at(col, row)) && !in_space(col, row);
            match (empty, start) {
                (true, None) => start = Some(row),
                (false, Some(s)) => {
                    if row - s >= HOLE_LINES {
                        runs.push(Cells {
                            col0: col,
                            cols: 1,
                            row0: s,
                            rows: row - s,
                        });
                    }
                    start = None;
                }
                _ => {}
            }
        }
    }
    // Runs in neighbouring columns whose lines overlap are one area (a union-find over the
    // runs; a page has a few dozen at most).
    let mut root: Vec<usize> = (0..runs.len()).collect();
    fn find(root: &mut [usize], mut i: usize) -> usize {
        while root[i] != i {
            root[i] = root[root[i]];
            i = root[i];
        }
        i
    }
    let overlap = |a: &Cells, b: &Cells| a.row0 < b.row0 + b.rows && b.row0 < a.row0 + a.rows;
    for a in 0..runs.len() {
        for b in a + 1..runs.len() {
            if runs[b].col0 == runs[a].col0 + 1 && overlap(&runs[a], &runs[b]) {
                let (ra, rb) = (find(&mut root, a), find(&mut root, b));
                root[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let mut out: Vec<Hole> = Vec::new();
    let mut index_of = vec![usize::MAX; runs.len()];
    for (i, &run) in runs.iter().enumerate() {
        let r = find(&mut root, i);
        if index_of[r] == usize::MAX {
            index_of[r] = out.len();
            out.push(Hole {
                bounds: run,
                runs: Vec::new(),
                beside_space: false,
            });
        }
        let h = &mut out[index_of[r]];
        let b = &mut h.bounds;
        let (c1, r1) = (
            (b.col0 + b.cols).max(run.col0 + 1),
            (b.row0 + b.rows).max(run.row0 + run.rows),
        );
        b.col0 = b.col0.min(run.col0);
        b.row0 = b.row0.min(run.row0);
        (b.cols, b.rows) = (c1 - b.col0, r1 - b.row0);
        h.runs.push(run);
    }
    for h in &mut out {
        h.runs.sort_by_key(|r| (r.row0, r.col0));
        h.beside_space = h.runs.iter().any(|r| {
            (r.row0..r.row0 + r.rows).any(|row| {
                (r.col0 > 0 && in_space(r.col0 - 1, row))
                    || in_space(r.col0 + 1, row)
                    || (r.row0 > 0 && row == r.row0 && in_space(r.col0, row - 1))
                    || (row + 1 == r.row0 + r.rows && in_space(r.col0, row + 1))
            })
        });
    }
    out.sort_by_key(|h| (h.bounds.row0, h.bounds.col0));
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
        // Each rectangle of its white is framed; the first carries the hole's size.
        for (k, part) in h.parts().into_iter().enumerate() {
            page.marks.push(Mark {
                rect: cell_rect(part),
                kind: MarkKind::Hole {
                    columns: h.bounds.cols,
                    lines: h.bounds.rows,
                    tagged: k == 0,
                },
                origin: None,
            });
        }
        out.stats.hole_areas.extend(h.runs.iter().copied());
        out.stats.hole_list.push(HoleStats::of(h));
    }
    let hole_lines: usize = found.iter().map(Hole::lines).sum();
    if let Some(s) = space {
        for part in s.parts() {
            page.marks.push(Mark {
                rect: cell_rect(part),
                kind: MarkKind::SpaceLeft {
                    columns: part.cols,
                    lines: part.rows,
                },
                origin: None,
            });
        }
        out.stats.space_left = Some(s);
        // The space left is one rectangle; any other white is said to be there too.
        let besides = match found.len() {
            0 => String::new(),
            1 => ", and 1 hole besides".to_string(),
            n => format!(", and {n} holes besides"),
        };
        out.notes.push(Note {
            span: file_start,
            message: format!(
                "page has space left: {}{besides} ({:.1} % of the type area used)",
                s.text(),
                out.stats.fill
            ),
            error: false,
        });
    }
    out.stats.space_left_lines = hole_lines + space.map_or(0, |s| s.lines());
    if !found.is_empty() {
        let list: Vec<String> = found.iter().map(Hole::text).collect();
        out.notes.push(Note {
            span: file_start,
            message: format!(
                "page has {} (white two lines or more high{}), {} empty column lines: {}",
                match found.len() {
                    1 => "1 hole".to_string(),
                    n => format!("{n} holes"),
                },
                if space.is_some() {
                    ", outside the space left"
                } else {
                    ""
                },
                hole_lines,
                list.join("; ")
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

#[cfg(test)]
mod tests {
    use super::*;

    /// An occupancy from a map: one string per row, `#` a filled cell, `-` a rule, `A` an
    /// ad, `.` white.
    fn occ(map: &[&str]) -> Occupancy {
        let mut o = Occupancy::new(map[0].len(), map.len());
        for (r, row) in map.iter().enumerate() {
            for (c, ch) in row.chars().enumerate() {
                let i = o.at(c, r);
                o.filled[i] = ch == '#' || ch == 'A';
                o.rule[i] = ch == '-';
                o.ad[i] = ch == 'A';
            }
        }
        o
    }

    #[test]
    fn white_around_a_corner_ad_on_the_foot_is_one_l_of_space() {
        // Stories across the head, an ad at the foot's right: the white across the page down
        // to the ad and down beside it is the space left, given as the band and its foot.
        let mut map = vec!["########"; 5];
        map.push("--------");
        map.extend(["........"; 4]);
        map.extend(["....AAAA"; 6]);
        let o = occ(&map);
        let space = space_left(&o).expect("space left");
        let cells = |c: Cells| (c.col0, c.cols, c.row0, c.rows);
        assert_eq!(cells(space.cells), (0, 8, 6, 4));
        assert_eq!(space.beside_ad.map(cells), Some((0, 4, 10, 6)));
        assert_eq!(space.lines(), 32 + 24);
        assert!(holes(&o, Some(space)).is_empty());
        assert_eq!(
            space.text(),
            "8 columns × 4 lines at column 1, line 7, and 4 columns × 6 lines at column 1, line 11 beside the ad"
        );
        // Two corner ads on the foot: the band runs across both, the white between them is its
        // foot.
        let mut map = vec!["########"; 5];
        map.push("--------");
        map.extend(["........"; 4]);
        map.extend(["AAA..AAA"; 6]);
        let o = occ(&map);
        let space = space_left(&o).expect("space left");
        assert_eq!(cells(space.cells), (0, 8, 6, 4));
        assert_eq!(space.beside_ad.map(cells), Some((3, 2, 10, 6)));
        assert!(holes(&o, Some(space)).is_empty());
        // A well of one column between ads of three and four: narrower than the white over
        // either, still the T's foot.
        let mut map = vec!["########"; 5];
        map.push("--------");
        map.extend(["........"; 4]);
        map.extend(["AAA.AAAA"; 6]);
        let o = occ(&map);
        let space = space_left(&o).expect("space left");
        assert_eq!(cells(space.cells), (0, 8, 6, 4));
        assert_eq!(space.beside_ad.map(cells), Some((3, 1, 10, 6)));
        assert!(holes(&o, Some(space)).is_empty());
        // Copy in the left half only, the right half white from the head down to an ad: the
        // white beside the space is no part of it.
        let mut map = vec!["####...."; 4];
        map.push("----....");
        map.extend(["........"; 2]);
        map.extend(["....AAAA"; 10]);
        let o = occ(&map);
        let space = space_left(&o).expect("space left");
        assert_eq!(space.beside_ad, None, "{space:?}");
        assert_eq!(holes(&o, Some(space)).len(), 1);
        // Copy down the left half instead: the white over the ad and the white beside it meet
        // at a corner only, and the lower one is a hole.
        let mut map = vec!["####...."; 5];
        map.extend(["####....", "----....", "........"]);
        map.extend(["....AAAA"; 6]);
        let o = occ(&map);
        let space = space_left(&o).expect("space left");
        assert_eq!(space.beside_ad, None);
        assert_eq!(holes(&o, Some(space)).len(), 1);
    }

    #[test]
    fn white_beside_short_columns_is_one_hole_however_wide() {
        // A story three columns wide on a page of eight: the white beside it is one area of
        // five columns, and the space left is the rectangle across the foot.
        let mut map = vec!["###....."; 6];
        map.push("---.....");
        map.extend(["........"; 20]);
        let o = occ(&map);
        let space = space_left(&o).expect("space left");
        assert_eq!(space.beside_ad, None);
        let c = space.cells;
        assert_eq!((c.col0, c.cols, c.row0, c.rows), (0, 8, 7, 20));
        let h = holes(&o, Some(space));
        assert_eq!(h.len(), 1, "{h:?}");
        assert_eq!(
            h[0].bounds,
            Cells {
                col0: 3,
                cols: 5,
                row0: 0,
                rows: 7
            }
        );
        assert!(h[0].is_rectangle() && h[0].beside_space);
        assert_eq!(
            h[0].text(),
            "5 columns × 7 lines at column 4, line 1 against the space left"
        );
    }

    #[test]
    fn a_ragged_foot_is_one_hole_given_by_its_bounds_and_its_white() {
        // Two columns end two lines short, the next one six: one area, not a rectangle.
        let o = occ(&[
            "#####", "#####", "#####", "####.", "####.", "####.", "####.", "##...", "##...", "-----",
        ]);
        let h = holes(&o, None);
        assert_eq!(h.len(), 1, "{h:?}");
        assert_eq!(h[0].lines(), 10);
        assert!(!h[0].is_rectangle());
        assert_eq!(
            h[0].parts(),
            vec![
                Cells {
                    col0: 4,
                    cols: 1,
                    row0: 3,
                    rows: 6
                },
                Cells {
                    col0: 2,
                    cols: 2,
                    row0: 7,
                    rows: 2
                },
            ]
        );
        assert_eq!(
            h[0].text(),
            "3 columns × 6 lines at column 3, line 4 (not a rectangle: 10 of its 18 column lines white)"
        );
    }

    #[test]
    fn one_line_of_white_is_no_hole_and_parts_no_areas() {
        // A line short across the foot joins nothing: the two holes above it stay two.
        let o = occ(&["#.##.#", "#.##.#", "#.##.#", "......", "------"]);
        let h = holes(&o, None);
        assert_eq!(h.len(), 2, "{h:?}");
        assert!(h.iter().all(|h| h.bounds.cols == 1 && h.bounds.rows == 4));
        let o = occ(&["##.###", "######", "......", "------"]);
        assert!(holes(&o, None).is_empty());
    }
}
