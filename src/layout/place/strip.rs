//! A page whose ad on the foot leaves free columns beside it: cut in bands, those columns
//! under the main region are a region of their own, and where no story goes there they are
//! the page's space left, reaching up into the main region's foot. The white under a module
//! standing over them is then that same space, not a hole (corpus page 10: the lead's 49 rows
//! over the strip beside the ad, where the search stretched it to 50 with a short column).

use super::{Candidate, Cells, Layout, Search};

/// The free region directly under the main one, on the page's foot and within its columns.
pub(super) fn foot_strip(regions: &[Cells], main: usize, total: usize) -> Option<usize> {
    let m = *regions.get(main)?;
    regions.iter().enumerate().position(|(k, r)| {
        k != main
            && r.row0 == m.row0 + m.rows
            && r.row0 + r.rows == total
            && r.col0 >= m.col0
            && r.col0 + r.cols <= m.col0 + m.cols
    })
}

/// Every story in the main region and the strip left empty: the main region's space may
/// stand only on the strip's columns, so that with the strip it makes one rectangle. The other
/// regions left empty cost their white as [`place`](super::place) counts it.
pub(super) fn with_empty_strip(
    stories: &[Candidate],
    regions: &[Cells],
    (main, strip): (usize, usize),
    (cols, total): (usize, usize),
) -> Layout {
    let (m, st) = (regions[main], regions[strip]);
    let n = stories.len();
    let mut s = Search::new(stories, cols, total);
    s.main_rows = m.rows;
    s.main_cols = m.cols;
    s.space_left_side = true;
    for (x, g) in s.grounded.iter_mut().enumerate() {
        *g = (st.col0..st.col0 + st.cols).contains(&x);
    }
    let empty: f64 = regions
        .iter()
        .enumerate()
        .filter(|&(k, _)| k != main)
        .map(|(_, r)| s.region((n, n), r.cols, r.rows))
        .sum();
    let cost = s.solve_foot(0, n, (m.col0, m.cols), m.rows).0 + empty;
    let mut placements = Vec::with_capacity(n);
    if cost.is_finite() {
        s.emit_foot((0, n), (m.col0, m.cols), (m.row0, m.rows), &mut placements);
    }
    Layout { placements, cost }
}
