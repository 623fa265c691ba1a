//! The page's space left as one rectangle standing on the foot of the main region, wherever
//! along the foot the copy leaves it (EDITION.md §3): under all the modules, under one stack
//! of them, or beside them. A region "at the foot" may hold the space; when it is cut in two,
//! only one part may, so the page never has two pieces of space left.

use super::edges::Heads;
use super::{Edge, MIN_ROWS, Placement, Search};

/// Cost of a cell of space left more than half the region's height above its foot, in a strip
/// narrower than the region: a tall strip of white beside the copy is not the rectangle at the
/// foot an editor books, so the search prefers to gather the white low and across. Space across
/// the whole region is that rectangle however tall, and costs [`Search::space_cell`] throughout
/// (charging it more made the search stretch headlines and boxes with air to shorten it).
const HIGH_SPACE: f64 = 5.0;

/// Which part of a region cut in two on the foot holds the space left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    /// The right part: the space comes after the copy in reading order, at the bottom right
    /// (a space under a left part was tried on every page: it closed two more holes on the
    /// corpus's page of six photos and made the search two and a half times slower).
    Right,
    /// The left part, only where its columns alone stand on the foot (a strip beside an ad
    /// on the foot, [`super::strip`]).
    Left,
}

/// How a region standing on the foot takes its stories and the space left.
#[derive(Debug, Clone, Copy)]
pub(super) enum FootPlan {
    /// The stories in the region's top `h` rows, the space across the region below them.
    Above { h: usize },
    /// Story `i` across the top at this height, the rest (and the space) below it.
    Top { height: usize },
    /// A left part of `w` columns with stories `i..k`, a right part with the rest; the part
    /// `space` names may hold the space, the other fills its columns to the foot.
    Split { w: usize, k: usize, space: Part },
    /// The stories in the left `w` columns, the columns to their right all space.
    Beside { w: usize },
}

impl Search<'_> {
    /// Stories `i..j` (at least one) in a region of `c` columns and `r` rows on the foot.
    pub(super) fn solve_foot(
        &mut self,
        i: usize,
        j: usize,
        (c0, c): (usize, usize),
        r: usize,
    ) -> (f64, FootPlan) {
        let key = (self.key(i, j, c, r), c0);
        if let Some(&hit) = self.foot.get(&key) {
            return hit;
        }
        let mut best = (self.cost(i, j, c, r), FootPlan::Above { h: r });
        // Space stands on the page's foot or on an ad, never on other copy.
        let whole = self.grounded(c0, c);
        for h in (MIN_ROWS + 2..r).rev().filter(|_| whole) {
            let space = self.space_cost(r - h, c);
            if space >= best.0 {
                break;
            }
            let cost = self.cost(i, j, c, h) + space;
            if cost < best.0 {
                best = (cost, FootPlan::Above { h });
            }
        }
        if j > i + 1
            && let Some(v) = self.variant(i, c)
        {
            let wanted = self.wanted(i, v);
            for (hi, h) in v.heights.iter().enumerate() {
                if h.rows + 1 + MIN_ROWS >= r {
                    break;
                }
                if wanted && h.across {
                    continue;
                }
                let top = self.width_cost(i, c) + h.inner_cost(c);
                if top >= best.0 {
                    continue;
                }
                let cost = top + self.solve_foot(i + 1, j, (c0, c), r - h.rows - 1).0;
                if cost < best.0 {
                    best = (cost, FootPlan::Top { height: hi });
                }
            }
        }
        for w in 1..c {
            for k in i + 1..j {
                if self.space_left_side && self.grounded(c0, w) && !self.grounded(c0 + w, c - w) {
                    self.try_split((i, j), (c0, c), r, (w, k, Part::Left), &mut best);
                }
                self.try_split((i, j), (c0, c), r, (w, k, Part::Right), &mut best);
            }
            let space = self.space_cost(r - 1, c - w);
            if self.grounded(c0 + w, c - w) && space < best.0 {
                let cost = self.cost(i, j, w, r) + space;
                if cost < best.0 {
                    best = (cost, FootPlan::Beside { w });
                }
            }
        }
        self.foot.insert(key, best);
        best
    }

    /// Whether columns `a..a + n` stand on the page's foot or on an ad (and, where the space
    /// must run across the main region, are all of its columns).
    fn grounded(&self, a: usize, n: usize) -> bool {
        (!self.space_across || n >= self.main_cols) && self.grounded[a..a + n].iter().all(|&g| g)
    }

    /// Cost of a space left of `rows` × `cols` on the foot of the main region.
    fn space_cost(&self, rows: usize, cols: usize) -> f64 {
        let low = if cols >= self.main_cols {
            rows
        } else {
            rows.min(self.main_rows / 2)
        };
        (self.space_cell * low as f64 + self.space_cell.max(HIGH_SPACE) * (rows - low) as f64) * cols as f64
    }

    /// The 撞题 cost of a split on the foot: headlines facing each other across the cut.
    fn split_collisions(
        &mut self,
        plan: FootPlan,
        (i, j): (usize, usize),
        (c0, c, r): (usize, usize, usize),
    ) -> f64 {
        let FootPlan::Split { w, k, space } = plan else {
            return 0.0;
        };
        let a = self.part_edge_heads((i, k), (c0, w, r), space == Part::Left, Edge::Right);
        let b = self.part_edge_heads((k, j), (c0 + w, c - w, r), space == Part::Right, Edge::Left);
        super::COLLISION * super::facing(&a, &b) as f64
    }

    /// Headline rows along one edge of a solved region on the foot.
    fn foot_edge_heads(
        &mut self,
        (i, j): (usize, usize),
        (c0, c, r): (usize, usize, usize),
        edge: Edge,
    ) -> Heads {
        match self.solve_foot(i, j, (c0, c), r).1 {
            FootPlan::Above { h } => self.edge_heads((i, j), (c, h), edge),
            FootPlan::Beside { w } => match edge {
                Edge::Left => self.edge_heads((i, j), (w, r), edge),
                Edge::Right => Heads::default(),
            },
            FootPlan::Split { w, k, space } => match edge {
                Edge::Left => self.part_edge_heads((i, k), (c0, w, r), space == Part::Left, edge),
                Edge::Right => self.part_edge_heads((k, j), (c0 + w, c - w, r), space == Part::Right, edge),
            },
            FootPlan::Top { height } => {
                let Some(v) = self.variant(i, c) else {
                    return Heads::default();
                };
                let h = v.heights[height];
                let under = self.foot_edge_heads((i + 1, j), (c0, c, r - h.rows - 1), edge);
                let by = h.rows + 1;
                v.head_span(&h, edge)
                    .into_iter()
                    .chain(under.iter().map(|&(a, b)| (a + by, b + by)))
                    .collect()
            }
        }
    }

    /// Keeps the split of `w` columns at story `k`, with the space in part `space`, where it
    /// is cheaper than `best` (each part's cost is read before the next is asked for).
    fn try_split(
        &mut self,
        (i, j): (usize, usize),
        (c0, c): (usize, usize),
        r: usize,
        (w, k, space): (usize, usize, Part),
        best: &mut (f64, FootPlan),
    ) {
        let a = self.part_cost((i, k), (c0, w), r, space == Part::Left);
        if a >= best.0 {
            return;
        }
        let b = self.part_cost((k, j), (c0 + w, c - w), r, space == Part::Right);
        if a + b >= best.0 {
            return;
        }
        let plan = FootPlan::Split { w, k, space };
        let cost = a + b + self.split_collisions(plan, (i, j), (c0, c, r));
        if cost < best.0 {
            *best = (cost, plan);
        }
    }

    /// Cost of a part of a split on the foot: solved on the foot where it holds the space,
    /// else as a plain region.
    fn part_cost(&mut self, (i, j): (usize, usize), (c0, c): (usize, usize), r: usize, on_foot: bool) -> f64 {
        if on_foot {
            self.solve_foot(i, j, (c0, c), r).0
        } else {
            self.cost(i, j, c, r)
        }
    }

    /// Headline rows along one edge of a part of a split on the foot: solved on the foot
    /// where it holds the space, else as a plain region.
    fn part_edge_heads(
        &mut self,
        run: (usize, usize),
        (c0, c, r): (usize, usize, usize),
        on_foot: bool,
        edge: Edge,
    ) -> Heads {
        if on_foot {
            self.foot_edge_heads(run, (c0, c, r), edge)
        } else {
            self.edge_heads(run, (c, r), edge)
        }
    }

    /// Places the stories of a part of a split on the foot, as [`Self::part_edge_heads`]
    /// reads it.
    fn emit_part(
        &mut self,
        run: (usize, usize),
        cols: (usize, usize),
        rows: (usize, usize),
        on_foot: bool,
        out: &mut Vec<Placement>,
    ) {
        if on_foot {
            self.emit_foot(run, cols, rows, out);
        } else {
            self.emit_region(run, cols, rows, out);
        }
    }

    /// Places stories `i..j` in a region on the foot as its plan says.
    pub(super) fn emit_foot(
        &mut self,
        (i, j): (usize, usize),
        (c0, c): (usize, usize),
        (r0, r): (usize, usize),
        out: &mut Vec<Placement>,
    ) {
        match self.solve_foot(i, j, (c0, c), r).1 {
            FootPlan::Above { h } => self.emit_region((i, j), (c0, c), (r0, h), out),
            FootPlan::Beside { w } => self.emit_region((i, j), (c0, w), (r0, r), out),
            FootPlan::Split { w, k, space } => {
                self.emit_part((i, k), (c0, w), (r0, r), space == Part::Left, out);
                self.emit_part((k, j), (c0 + w, c - w), (r0, r), space == Part::Right, out);
            }
            FootPlan::Top { height } => {
                let rows = self.variant(i, c).map_or(0, |v| v.heights[height].rows);
                out.push(Placement::plain(i, (c0, c), (r0, rows), height));
                self.emit_foot((i + 1, j), (c0, c), (r0 + rows + 1, r - rows - 1), out);
            }
        }
    }
}
