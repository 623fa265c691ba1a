//! The headlines along the left and right edges of each solved region: where two regions
//! meet at a cut, headlines facing each other at the same height are a fault (撞题) the
//! search pays for. Remembered per region in the search's shared tables.

use super::{Edge, Plan, Search};
use std::rc::Rc;

/// Headline row spans along one edge of a region, from its top. Shared, not copied: a
/// region cut in two shows the list of one of its parts (the search copied 4 M
/// instructions' worth of these lists on the sample when each region had its own).
pub(super) type Heads = Rc<[(usize, usize)]>;

/// `heads` moved down `by` rows.
fn below(heads: &[(usize, usize)], by: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    heads.iter().map(move |&(a, b)| (a + by, b + by))
}

/// How many of the headline row spans `a` (along one side of a cut) face one of `b` (along
/// the other) at the same height: 撞题.
pub(super) fn facing(a: &[(usize, usize)], b: &[(usize, usize)]) -> usize {
    a.iter()
        .filter(|x| b.iter().any(|y| x.0 < y.1 && y.0 < x.1))
        .count()
}

impl Search<'_> {
    /// Headline rows (from the region top) of the modules along one edge of a solved region,
    /// remembered per region.
    pub(super) fn edge_heads(&mut self, (i, j): (usize, usize), (c, r): (usize, usize), edge: Edge) -> Heads {
        let key = self.edge_key((i, j), (c, r), edge);
        self.edges.get(key).cloned().unwrap_or_default()
    }

    /// Where [`Self::edge_heads`] of a region stand in the edge memo, found first if need be.
    fn edge_key(&mut self, (i, j): (usize, usize), (c, r): (usize, usize), edge: Edge) -> (usize, usize) {
        let (run, at) = self.cell(i, j, c, r);
        let key = (run, at * 2 + (edge == Edge::Right) as usize);
        if self.edges.get(key).is_none() {
            let heads = self.find_edge_heads((i, j), (c, r), edge);
            self.edges.insert(key, heads);
        }
        key
    }

    /// Headlines facing each other at the same height (撞题) across the cut of a region of
    /// `c` columns after `w`, stories `i..k` left of it and `k..j` right: read in the memo,
    /// not copied out of it (the search asks this for every split it keeps).
    pub(super) fn collisions(
        &mut self,
        (i, k, j): (usize, usize, usize),
        (w, c, r): (usize, usize, usize),
    ) -> usize {
        let a = self.edge_key((i, k), (w, r), Edge::Right);
        let b = self.edge_key((k, j), (c - w, r), Edge::Left);
        match (self.edges.get(a), self.edges.get(b)) {
            (Some(a), Some(b)) => facing(a, b),
            _ => 0,
        }
    }

    fn find_edge_heads(&mut self, (i, j): (usize, usize), (c, r): (usize, usize), edge: Edge) -> Heads {
        match self.solve(i, j, c, r).1 {
            Plan::Single { height } => {
                let Some(v) = self.variant(i, c) else {
                    return Heads::default();
                };
                v.heights
                    .get(height)
                    .and_then(|h| v.head_span(h, edge))
                    .into_iter()
                    .collect()
            }
            Plan::Top { height } => {
                let Some(v) = self.variant(i, c) else {
                    return Heads::default();
                };
                let h = v.heights[height];
                let under = self.edge_heads((i + 1, j), (c, r - h.rows - 1), edge);
                v.head_span(&h, edge)
                    .into_iter()
                    .chain(below(&under, h.rows + 1))
                    .collect()
            }
            Plan::TopCut { rows } => {
                let Some(v) = self.variant(i, c) else {
                    return Heads::default();
                };
                let under = self.edge_heads((i + 1, j), (c, r - rows - 1), edge);
                v.base()
                    .and_then(|h| v.head_span(h, edge))
                    .into_iter()
                    .chain(below(&under, rows + 1))
                    .collect()
            }
            Plan::Split { w, k } => match edge {
                Edge::Left => self.edge_heads((i, k), (w, r), edge),
                Edge::Right if k < j => self.edge_heads((k, j), (c - w, r), edge),
                // Empty columns hide no headline: one beyond them still stands beside it.
                Edge::Right => self.edge_heads((i, k), (w, r), edge),
            },
            Plan::L { w, k, q } => {
                let Some(g) = self.l_geometry(i, (c, w, q), (k == j).then(|| r - 1)) else {
                    return Heads::default();
                };
                let mut out: Vec<(usize, usize)> = self
                    .variant(i, c)
                    .and_then(|v| v.l_base().and_then(|h| v.head_span(h, edge)))
                    .into_iter()
                    .collect();
                if edge == Edge::Right {
                    let beside = self.edge_heads((i + 1, k), (c - w, q), edge);
                    out.extend(below(&beside, g.short_rows + 1));
                }
                if k < j {
                    let under = self.edge_heads((k, j), (c, r - g.rows - 1), edge);
                    out.extend(below(&under, g.rows + 1));
                }
                out.into()
            }
        }
    }
}
