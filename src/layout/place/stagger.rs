//! Staggering headlines that stand side by side (撞题, LAYOUT.md) with the engine's own 竖题.
//! The search chooses each module's form by what it costs inside the module, before it
//! knows its neighbours, so an offered vertical headline (dearer than one across) is never
//! taken to clear a neighbour's headline. When the page it returns has two headlines side by
//! side, the search runs again with the story on the right of each pair standing its
//! headline vertically wherever a width offers it: on the right of its body it leaves the
//! left neighbour's headline facing text. Both pages are priced alike, each 竖题 at
//! [`super::AUTO_VERTICAL`]; the cheaper stands.

use super::{Candidate, Layout, Placement};
use crate::layout::module::Edge;

/// Runs `search`, and again with the 竖题 taken where its first page has 撞题, leaving
/// `stories` as the cheaper page has them.
pub fn with_staggered_heads(
    stories: &mut [Candidate],
    mut search: impl FnMut(&mut [Candidate]) -> Layout,
) -> Layout {
    let first = search(stories);
    let wanted: Vec<usize> = right_of_collisions(stories, &first.placements)
        .into_iter()
        .filter(|&i| offers_vertical(&stories[i]))
        .collect();
    if wanted.is_empty() {
        return first;
    }
    // The search may leave the stories changed (the side of a 竖题 the editor left open).
    let saved = stories.to_vec();
    for &i in &wanted {
        stories[i].wants_vertical = true;
    }
    let second = search(stories);
    for &i in &wanted {
        stories[i].wants_vertical = false;
    }
    if second.cost < first.cost {
        second
    } else {
        stories.clone_from_slice(&saved);
        first
    }
}

/// Whether a story has a 竖题 the engine offers at some width.
fn offers_vertical(story: &Candidate) -> bool {
    story
        .variants
        .iter()
        .flatten()
        .any(|v| v.heights.iter().any(crate::layout::module::Height::is_offer))
}

/// The stories whose headline stands on the right of another's at the same height, with
/// nothing between them but white.
fn right_of_collisions(stories: &[Candidate], placements: &[Placement]) -> Vec<usize> {
    let heads = |p: &Placement, edge: Edge| -> Option<(usize, usize)> {
        let v = stories
            .get(p.story)?
            .variants
            .get(p.cols.checked_sub(1)?)?
            .as_ref()?;
        // An L's headline is its across form's.
        let h = match p.l_shape {
            Some(_) => v.l_base()?,
            None => v.heights.get(p.height)?,
        };
        let (a, b) = v.head_span(h, edge)?;
        Some((p.row0 + a, p.row0 + b))
    };
    let mut out = Vec::new();
    for a in placements {
        let Some(ra) = heads(a, Edge::Right) else { continue };
        for b in placements.iter().filter(|b| b.col0 >= a.col0 + a.cols) {
            let Some(lb) = heads(b, Edge::Left) else { continue };
            let (top, foot) = (ra.0.max(lb.0), ra.1.min(lb.1));
            let between = placements.iter().any(|c| {
                c.col0 >= a.col0 + a.cols
                    && c.col0 + c.cols <= b.col0
                    && c.row0 < foot
                    && top < c.row0 + c.rows
            });
            if top < foot && !between && !out.contains(&b.story) {
                out.push(b.story);
            }
        }
    }
    out.sort_unstable();
    out
}
