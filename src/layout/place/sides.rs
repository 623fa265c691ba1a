//! The side of a vertical headline (竖题) the editor left open: the search tries it on the
//! right of its body, where a vertical line starts, and on the left, and keeps the page that
//! costs less. A 竖题 on the right of a module that has a story beside it on the right
//! stands beside that story's headline (撞题); on the left it faces its own neighbour's
//! text, or the page's edge. The editor's `headline_side` is never overridden: such stories
//! are not given here.

use super::{Candidate, Layout};
use crate::layout::vertical::other_side;

/// Most 竖题 whose side the search tries both ways: each doubles the search of the page.
const MAX_FREE_SIDES: usize = 2;

/// Runs `search` with the vertical headlines of the stories `free` on each side of their
/// bodies (right first, so that a tie keeps the default), and leaves `stories` with the
/// sides of the page it returns.
pub fn with_head_sides(
    stories: &mut [Candidate],
    free: &[usize],
    search: impl Fn(&[Candidate]) -> Layout,
) -> Layout {
    // Each free story's variants with the headline on its left; a width without a 竖题
    // (one column, the headline across) stays as it is.
    let mut left: Vec<(usize, Candidate)> = free
        .iter()
        .filter_map(|&i| {
            let c = stories.get(i)?;
            let variants = c
                .variants
                .iter()
                .map(|v| v.as_ref().map(|v| other_side(v).unwrap_or_else(|| v.clone())))
                .collect();
            Some((
                i,
                Candidate {
                    kind: c.kind,
                    is_lead: c.is_lead,
                    variants,
                    wants_vertical: c.wants_vertical,
                },
            ))
        })
        .take(MAX_FREE_SIDES)
        .collect();
    let sides = 1usize << left.len();
    let mut swap = |stories: &mut [Candidate], mask: usize| {
        for (b, (i, alt)) in left.iter_mut().enumerate() {
            if mask & (1 << b) != 0 {
                std::mem::swap(&mut stories[*i], alt);
            }
        }
    };
    let mut best = (search(stories), 0);
    for mask in 1..sides {
        swap(stories, mask);
        let page = search(stories);
        swap(stories, mask);
        if page.cost < best.0.cost {
            best = (page, mask);
        }
    }
    swap(stories, best.1);
    best.0
}
