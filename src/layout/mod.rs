//! Page layout: the grid, story modules, their placement, rules and the running head.
//!
//! Recipe: `prepare_story` (shape and compose every story once) → `variant` (each story at
//! each width, exact rows) → `place` (search the page's partitions) → `draw` (modules,
//! rules, furniture) into a [`Page`].

mod furniture;
mod grid;
mod module;
mod page;
mod place;
mod story;
mod text;

pub use furniture::Masthead;
pub use grid::{Format, Grid};
pub use page::*;

use crate::copy::PageCopy;
use crate::geom::Rect;
use crate::raster::Pictures;
use crate::shape::{FontDb, ShapeError};
use furniture::Occupancy;

/// Why a page could not be laid out.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    /// Shaping failed (a missing glyph, a broken font).
    #[error(transparent)]
    Shape(#[from] ShapeError),
}

/// Lays out one page of copy, every photo as a placeholder frame.
pub fn layout_page(
    db: &FontDb,
    format: &Format,
    copy: &PageCopy,
    masthead: &Masthead,
) -> Result<Page, LayoutError> {
    layout_page_with(db, format, copy, masthead, &Pictures::new())
}

/// Lays out one page of copy; a photo whose image is in `pictures` (by the path the copy
/// wrote) gets a frame of the picture's proportions with the picture in it.
pub fn layout_page_with(
    db: &FontDb,
    format: &Format,
    copy: &PageCopy,
    masthead: &Masthead,
    pictures: &Pictures,
) -> Result<Page, LayoutError> {
    let grid = Grid::new(*format);
    let cols = format.columns;
    let mut preps = copy
        .stories
        .iter()
        .enumerate()
        .map(|(i, s)| story::prepare_story(db, &grid, i, s))
        .collect::<Result<Vec<_>, _>>()?;
    for (prep, s) in preps.iter_mut().zip(&copy.stories) {
        // prepare_story makes one PhotoPrep per photo block, in block order.
        let images = s.blocks.iter().filter_map(|b| match b {
            crate::copy::Block::Photo(p) => Some(p.image.as_deref()),
            _ => None,
        });
        for (photo, image) in prep.photos.iter_mut().zip(images) {
            photo.picture = image.and_then(|path| pictures.get(path)).cloned();
        }
    }
    let candidates: Vec<place::Candidate> = preps
        .iter()
        .map(|p| place::Candidate {
            kind: p.kind,
            variants: (1..=cols)
                .map(|c| module::variant(p, &grid, c, p.index == 0))
                .collect(),
        })
        .collect();
    let (placements, _cost) = place::place(&candidates, cols, format.lines);

    let mut page = Page {
        number: masthead.page,
        media: format.trim,
        trim: Rect::new(
            crate::geom::Pt::ZERO,
            crate::geom::Pt::ZERO,
            format.trim.w,
            format.trim.h,
        ),
        bleed: Rect::new(
            crate::geom::Pt::ZERO,
            crate::geom::Pt::ZERO,
            format.trim.w,
            format.trim.h,
        ),
        items: Vec::new(),
        marks: Vec::new(),
        overflow: Vec::new(),
        stats: PageStats {
            stories: preps.len(),
            ..PageStats::default()
        },
    };
    let mut occ = Occupancy::new(cols, format.lines);
    let mut placed = vec![false; preps.len()];
    for p in &placements {
        let prep = &preps[p.story];
        let Some(v) = candidates[p.story].variants[p.cols - 1].as_ref() else {
            continue;
        };
        placed[p.story] = true;
        let d = module::draw(
            prep,
            v,
            &grid,
            (p.col0, p.row0, p.rows),
            &mut page.items,
            &mut page.marks,
        );
        for r in p.row0..(p.row0 + p.rows + 1).min(format.lines) {
            for c in p.col0..p.col0 + p.cols {
                let i = occ.at(c, r);
                occ.module[i] = Some(p.story);
                occ.spanning[i] = d.spanning.contains(&(r - p.row0));
            }
        }
        if p.row0 + p.rows < format.lines {
            furniture::module_rule(&grid, p.col0, p.cols, p.row0 + p.rows, &mut page.items);
        }
        page.stats.chars_set += d.chars_set;
        page.stats.chars_overflowing += d.overflow_chars;
        if d.overflow_chars > 0 {
            page.overflow.push(Overflow {
                story: p.story,
                title: prep.title.clone(),
                chars: d.overflow_chars,
                lines: d.overflow_lines,
            });
        }
    }
    for (i, prep) in preps.iter().enumerate().filter(|(i, _)| !placed[*i]) {
        // A story the search could not place at all is overflow, whole.
        let chars = story::flow_chars(&prep.flow);
        page.stats.chars_overflowing += chars;
        page.overflow.push(Overflow {
            story: i,
            title: prep.title.clone(),
            chars,
            lines: prep.flow.len(),
        });
    }
    furniture::column_rules(&grid, &occ, &mut page.items);
    furniture::draw_masthead(db, &grid, masthead, &mut page.items)?;
    Ok(page)
}
