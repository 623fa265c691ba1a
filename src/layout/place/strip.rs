//! A page whose ad on the foot leaves free columns beside it: cut in bands, those columns
//! under the main region are a region of their own, and where no story goes there they are
//! the page's space left, reaching up into the main region's foot. The white under a module
//! standing over them is then that same space, not a hole (corpus page 10: the lead's 49 rows
//! over the strip beside the ad, where the search stretched it to 50 with a short column).
//!
//! The white may also run across the whole main region, standing on the ad and on the strip,
//! and down the strip to the foot: an L whose notch is the ad. A corner ad on the foot of a
//! page short of copy leaves no other shape that has the stories across the head, where a
//! makeup editor sets them (corpus page 01 with a 4 × 30 ad at the foot's right had its two
//! stories in the left half, the right half empty from the running head down to the ad).

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

/// How the main region's space meets the empty strip under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StripSpace {
    /// The space stands only on the strip's columns: with the strip, one rectangle.
    Over,
    /// The space runs across the whole main region, on the ad and on the strip: with the
    /// strip, an L around the ad. The strip's white is then space left, not a hole.
    Across,
}

/// Every story in the main region and the strip left empty, in the cheaper of the two ways
/// the main region's space may meet the strip (searched side by side).
pub(super) fn cheapest_with_empty_strip(
    stories: &[Candidate],
    regions: &[Cells],
    (main, strip): (usize, usize),
    (cols, total): (usize, usize),
    ground: &[bool],
) -> Layout {
    let with = |mode| with_empty_strip(stories, regions, (main, strip), (cols, total), (ground, mode));
    let (over, across) = rayon::join(|| with(StripSpace::Over), || with(StripSpace::Across));
    if across.cost < over.cost { across } else { over }
}

/// Every story in the main region and the strip left empty, the main region's space meeting
/// the strip as `mode` says; `ground` tells which columns stand on the page's foot or on an ad
/// (across the main region, all of them must, but the strip's). The other regions left empty
/// cost their white as [`place`](super::place) counts it.
fn with_empty_strip(
    stories: &[Candidate],
    regions: &[Cells],
    (main, strip): (usize, usize),
    (cols, total): (usize, usize),
    (ground, mode): (&[bool], StripSpace),
) -> Layout {
    let (m, st) = (regions[main], regions[strip]);
    let n = stories.len();
    let under_strip = |x: usize| (st.col0..st.col0 + st.cols).contains(&x);
    if mode == StripSpace::Across && !(m.col0..m.col0 + m.cols).all(|x| under_strip(x) || ground[x]) {
        return Layout {
            placements: Vec::new(),
            cost: f64::INFINITY,
        };
    }
    let mut s = Search::new(stories, cols, total);
    s.main_rows = m.rows;
    s.main_cols = m.cols;
    s.space_left_side = mode == StripSpace::Over;
    s.space_across = mode == StripSpace::Across;
    for (x, g) in s.grounded.iter_mut().enumerate() {
        *g = under_strip(x) || (s.space_across && ground[x]);
    }
    let empty: f64 = regions
        .iter()
        .enumerate()
        .filter(|&(k, _)| k != main)
        // The strip is space left in either mode, costed as the main region's space is
        // (review: a hole's price here, and space's only across, chose the L for its price).
        .map(|(k, r)| {
            if k == strip {
                s.space_cell * (r.cols * r.rows.saturating_sub(1)) as f64
            } else {
                s.region((n, n), r.cols, r.rows)
            }
        })
        .sum();
    let cost = s.solve_foot(0, n, (m.col0, m.cols), m.rows).0 + empty;
    let mut placements = Vec::with_capacity(n);
    if cost.is_finite() {
        s.emit_foot((0, n), (m.col0, m.cols), (m.row0, m.rows), &mut placements);
    }
    Layout { placements, cost }
}
