//! Placing story modules on the grid: an exact search over guillotine partitions of the
//! page (LAYOUT.md "a shape for our solution"), in copy order, with memoisation.
//!
//! A region of `c` columns and `r` rows takes a run of stories in one of three ways: one
//! story fills it; the first story spans it on top and the rest go below; or it is cut into
//! a left and a right part. Every module is followed by one separator row (the horizontal
//! rule between modules), so the page has one virtual row below its last line.

use super::module::Variant;
use crate::copy::StoryKind;

/// Cost of a row of copy that does not fit, per column: far above any hole.
const OVERFLOW: f64 = 10_000.0;
/// Least rows a module may be given.
const MIN_ROWS: usize = 3;

/// Where a story goes: columns and rows of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// Story index.
    pub story: usize,
    /// First column.
    pub col0: usize,
    /// Columns spanned.
    pub cols: usize,
    /// First row.
    pub row0: usize,
    /// Rows allocated (without the separator row).
    pub rows: usize,
}

/// A story as the search sees it.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Kind of module.
    pub kind: StoryKind,
    /// Its variant at each width (index = columns − 1); `None` where it cannot be set.
    pub variants: Vec<Option<Variant>>,
}

#[derive(Debug, Clone, Copy)]
enum Plan {
    Single,
    Top { rows: usize },
    Split { w: usize, k: usize },
}

struct Search<'a> {
    stories: &'a [Candidate],
    cols: usize,
    rows: usize,
    memo: Vec<Option<(f64, Plan)>>,
}

impl Search<'_> {
    fn key(&self, i: usize, j: usize, c: usize, r: usize) -> usize {
        let n = self.stories.len() + 1;
        ((i * n + j) * (self.cols + 1) + c) * (self.rows + 1) + r
    }

    /// Aesthetic cost of a story at a width (LAYOUT.md makeup rules).
    fn width_cost(&self, i: usize, c: usize) -> f64 {
        let s = &self.stories[i];
        let mut cost = match (s.kind, c) {
            (StoryKind::Photo, 1) => 300.0,
            (StoryKind::Photo, 5..) => 150.0,
            (StoryKind::Article, 1) => 150.0,
            _ => 0.0,
        };
        // 头条: the lead story gets a wide module.
        if i == 0 && s.kind == StoryKind::Article && c < 4 {
            cost += 400.0;
        }
        if let Some(Some(v)) = s.variants.get(c - 1)
            && c > 1
            && v.body_rows > 0
            && v.body_rows < 8
        {
            cost += 80.0;
        }
        cost
    }

    fn solve(&mut self, i: usize, j: usize, c: usize, r: usize) -> (f64, Plan) {
        let key = self.key(i, j, c, r);
        if let Some(hit) = self.memo[key] {
            return hit;
        }
        let mut best = (f64::INFINITY, Plan::Single);
        if j == i + 1 {
            if let Some(Some(v)) = self.stories[i].variants.get(c - 1)
                && r > MIN_ROWS
            {
                let room = r - 1;
                let used = room.clamp(v.min_rows, v.max_rows.max(v.min_rows));
                let cost = if used > room {
                    OVERFLOW * (used - room) as f64 * c as f64
                } else {
                    (room - used) as f64 * c as f64
                };
                best = (cost + self.width_cost(i, c), Plan::Single);
            }
        } else {
            if let Some(Some(v)) = self.stories[i].variants.get(c - 1) {
                let hi = v.max_rows.max(v.min_rows);
                for h in v.min_rows..=hi {
                    if h + 1 + MIN_ROWS >= r {
                        break;
                    }
                    let below = self.solve(i + 1, j, c, r - h - 1).0;
                    let cost = below + self.width_cost(i, c);
                    if cost < best.0 {
                        best = (cost, Plan::Top { rows: h });
                    }
                }
            }
            for w in 1..c {
                for k in i + 1..j {
                    let left = self.solve(i, k, w, r).0;
                    if left >= best.0 {
                        continue;
                    }
                    let cost = left + self.solve(k, j, c - w, r).0;
                    if cost < best.0 {
                        best = (cost, Plan::Split { w, k });
                    }
                }
            }
        }
        self.memo[key] = Some(best);
        best
    }

    fn emit(
        &mut self,
        (i, j): (usize, usize),
        (c0, c): (usize, usize),
        (r0, r): (usize, usize),
        out: &mut Vec<Placement>,
    ) {
        match self.solve(i, j, c, r).1 {
            Plan::Single => out.push(Placement {
                story: i,
                col0: c0,
                cols: c,
                row0: r0,
                rows: r - 1,
            }),
            Plan::Top { rows } => {
                out.push(Placement {
                    story: i,
                    col0: c0,
                    cols: c,
                    row0: r0,
                    rows,
                });
                self.emit((i + 1, j), (c0, c), (r0 + rows + 1, r - rows - 1), out);
            }
            Plan::Split { w, k } => {
                self.emit((i, k), (c0, w), (r0, r), out);
                self.emit((k, j), (c0 + w, c - w), (r0, r), out);
            }
        }
    }
}

/// Places every story on a page of `cols` columns and `rows` body lines; the total cost
/// says how good the page is (holes in cells, plus aesthetic penalties).
pub fn place(stories: &[Candidate], cols: usize, rows: usize) -> (Vec<Placement>, f64) {
    if stories.is_empty() || cols == 0 {
        return (Vec::new(), 0.0);
    }
    let n = stories.len();
    let total = rows + 1;
    let size = (n + 1) * (n + 1) * (cols + 1) * (total + 1);
    let mut s = Search {
        stories,
        cols,
        rows: total,
        memo: vec![None; size],
    };
    let cost = s.solve(0, n, cols, total).0;
    let mut out = Vec::with_capacity(n);
    if cost.is_finite() {
        s.emit((0, n), (0, cols), (0, total), &mut out);
    }
    (out, cost)
}
