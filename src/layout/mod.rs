//! Page layout: the grid, story modules, their placement, rules and the running head.
//!
//! Recipe: `prepare_story` (shape and compose every story once) → `variant` (each story at
//! each width, exact rows) → `place` (search the page's partitions) → `draw` (modules,
//! rules, furniture) into a [`Page`].

mod ctx;
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
use crate::geom::{Pt, Rect};
use crate::shape::{FontDb, ShapeError};
use crate::style::Style;
use ctx::Ctx;
use furniture::Occupancy;

/// Why a page could not be laid out.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    /// Shaping failed (a missing glyph, a broken font).
    #[error(transparent)]
    Shape(#[from] ShapeError),
}

/// Lays out one page of copy.
pub fn layout_page(
    db: &FontDb,
    format: &Format,
    style: &Style,
    copy: &PageCopy,
    masthead: &Masthead,
) -> Result<Page, LayoutError> {
    let grid = Grid::new(*format);
    let ctx = Ctx {
        db,
        grid: &grid,
        style,
    };
    let cols = format.columns;
    let preps = copy
        .stories
        .iter()
        .enumerate()
        .map(|(i, s)| story::prepare_story(&ctx, i, s))
        .collect::<Result<Vec<_>, _>>()?;
    let candidates: Vec<place::Candidate> = preps
        .iter()
        .map(|p| place::Candidate {
            kind: p.kind,
            variants: (1..=cols)
                .map(|c| module::variant(&ctx, p, c, p.index == 0))
                .collect(),
        })
        .collect();
    let (placements, _cost) = place::place(&candidates, cols, format.lines);

    let whole = Rect::new(Pt::ZERO, Pt::ZERO, format.trim.w, format.trim.h);
    let mut page = Page {
        number: masthead.page,
        media: format.trim,
        trim: whole,
        bleed: whole,
        items: Vec::new(),
        marks: Vec::new(),
        overflow: Vec::new(),
        notes: preps.iter().flat_map(|p| p.notes.iter().cloned()).collect(),
        stats: PageStats {
            stories: preps.len(),
            per_story: preps
                .iter()
                .map(|p| StoryStats {
                    title: p.title.clone(),
                    ..StoryStats::default()
                })
                .collect(),
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
            &ctx,
            prep,
            v,
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
        if let Some(s) = page.stats.per_story.get_mut(p.story) {
            s.placed = true;
            s.chars_set = d.chars_set;
            s.chars_overflowing = d.overflow_chars;
        }
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
        if let Some(s) = page.stats.per_story.get_mut(i) {
            s.chars_overflowing = chars;
        }
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
