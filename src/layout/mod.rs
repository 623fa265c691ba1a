//! Page layout: the grid, story modules, their placement, rules and the running head.
//!
//! Recipe: `prepare_story` (shape and compose every story once) → `variant` (each story at
//! each width, exact rows) → `place` (search the page's partitions) → `draw` (modules,
//! rules, furniture) into a [`Page`].

mod ads;
mod body;
mod check;
mod ctx;
mod front;
mod furniture;
mod grid;
mod head;
mod jump;
mod module;
mod page;
mod place;
mod story;
mod text;
mod vertical;

pub use ads::AdSlot;
pub use front::{FrontMatter, MASTHEAD_RED, name_size};
pub use furniture::Masthead;
pub use grid::{Format, Grid};
pub use jump::{MIN_PART_LINES, continuation, jump_from_text, jump_to_text};
pub use page::*;
pub use story::Opening;
pub use text::{emit_line, emit_line_in};

use crate::art::Artwork;
use crate::compose;
use crate::copy::AdPosition;
use crate::copy::PageCopy;
use crate::copy::StoryKind;
use crate::geom::{Pt, Rect};
use crate::raster::Pictures;
use crate::shape::{FontDb, ShapeError};
use crate::style::Style;
use ctx::Ctx;
use furniture::Occupancy;
use head::Hierarchy;
use rayon::prelude::*;
use std::sync::Arc;

/// An ad booked on the page, with its place among the page's bookings.
type Booked<'a> = (usize, &'a AdSlot);

/// Why a page could not be laid out.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    /// Shaping failed (a missing glyph, a broken font).
    #[error(transparent)]
    Shape(#[from] ShapeError),
    /// An ad booking that the page cannot take (too large, or over another ad).
    #[error("{message}")]
    Ad {
        /// The booking, by its place among the page's ads.
        index: usize,
        /// What is wrong.
        message: String,
    },
    /// A story pinned where no setting of it fits (the page would be laid out empty).
    #[error("{message}")]
    Pin {
        /// What is wrong.
        message: String,
    },
}

/// What the editor fixed for one story in the manifest (any field may be left open), and how
/// the edition continues it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StoryFix {
    /// Cut the story to fill its module and continue it on this page (转版).
    pub jump_to: Option<u32>,
    /// The story is the continuation of one cut on another page.
    pub opening: Option<Opening>,
    /// Columns the module spans.
    pub columns: Option<usize>,
    /// Headline size, pt.
    pub headline_size: Option<f64>,
    /// Photo frame height, in body lines.
    pub photo_rows: Option<usize>,
    /// Columns a story photo spans.
    pub photo_columns: Option<usize>,
    /// Make this story the lead (头条) instead of the first one.
    pub lead: bool,
    /// Pin the module's top-left cell to (column, row), both from 0.
    pub position: Option<(usize, usize)>,
    /// Let its photos be cropped to fill their frames.
    pub crop: bool,
    /// Set the whole story vertically (竖排).
    pub vertical: bool,
    /// Put a vertical headline on the left of its body (`Some(true)`) or the right
    /// (`Some(false)`); `None` lets the search choose, the right first.
    pub headline_left: Option<bool>,
}

/// What one page is made of: its copy, its running head, the editor's overrides by story
/// index, and the photos' images by the path the copy wrote.
#[derive(Debug, Clone, Copy)]
pub struct PageInput<'a> {
    /// The copy.
    pub copy: &'a PageCopy,
    /// The running head.
    pub masthead: &'a Masthead,
    /// Overrides by story index (may be shorter than the stories).
    pub fixes: &'a [StoryFix],
    /// Loaded images; a photo whose image is missing here gets a placeholder frame.
    pub pictures: &'a Pictures,
    /// Ads booked on the page, placed before the copy.
    pub ads: &'a [AdSlot],
}

/// Lays out one page.
pub fn layout_page(
    db: &FontDb,
    format: &Format,
    style: &Style,
    input: &PageInput,
) -> Result<LaidOut, LayoutError> {
    let PageInput {
        copy,
        masthead,
        fixes,
        pictures,
        ads,
    } = *input;
    // The front page's stories stand on the grid below its masthead.
    let page_grid = Grid::new(*format);
    let format = &match masthead.front {
        Some(_) => front::below_masthead(format),
        None => *format,
    };
    let grid = Grid::new(*format);
    let ctx = Ctx {
        db,
        grid: &grid,
        style,
    };
    let cols = format.columns;
    // Stories are shaped and composed independently: side by side on the rayon pool, then
    // taken in copy order, so the first error in the copy is the one reported.
    let mut preps = copy
        .stories
        .par_iter()
        .enumerate()
        .with_max_len(1)
        .map(|(i, s)| story::prepare_story(&ctx, s, fixes.get(i).and_then(|f| f.opening)))
        .collect::<Vec<_>>()
        .into_iter()
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
    let fix = |i: usize| fixes.get(i).copied().unwrap_or_default();
    let lead = (0..preps.len()).find(|&i| fix(i).lead).unwrap_or(0);
    for (i, (prep, s)) in preps.iter_mut().zip(&copy.stories).enumerate() {
        let f = fix(i);
        let auto = i != lead && may_stand_vertical(s, prep, &f);
        prep.vertical = vertical::prepare(&ctx, s, f.vertical, (f.headline_left, auto))?;
        // A story set whole vertically prints none of its horizontal lines: what composing
        // them found is no fault of the page (its vertical lines are noted as drawn).
        if f.vertical {
            prep.notes.clear();
        }
    }
    let story_id = |i: usize| StoryId {
        page: masthead.page,
        index: i,
        span: copy.stories[i].span,
    };
    let hierarchy = Hierarchy::for_lead(&ctx, preps.get(lead).and_then(|p| p.headline.as_ref()));
    // Each story's variants (one per column count) are independent too.
    let mut candidates: Vec<place::Candidate> = preps
        .par_iter()
        .with_max_len(1)
        .enumerate()
        .map(|(i, p)| {
            let f = fix(i);
            let jump = match f.jump_to {
                Some(to) => {
                    jump::note_line(&ctx, &jump::jump_to_text(to), compose::Align::Right)?.map(Arc::new)
                }
                None => None,
            };
            // A continuation's jump headline stays below the page's lead.
            let lead = i == lead && f.opening.is_none();
            let mut fixed = module::Fixed {
                headline_size: f.headline_size,
                photo_rows: f.photo_rows,
                photo_columns: f.photo_columns,
                crop: f.crop,
                jump,
                columns: f.columns,
                lead,
                short_across: false,
            };
            let widths = |fixed: &module::Fixed| -> Vec<Option<module::Variant>> {
                (1..=cols)
                    .map(|c| {
                        if f.columns.is_some_and(|fc| fc != c) {
                            return None;
                        }
                        let sizes = match module::level(lead, c) {
                            head::Level::Lead if f.columns.is_some() => hierarchy.lead_fallback(),
                            level => hierarchy.sizes(level),
                        };
                        module::variant(&ctx, p, c, sizes, fixed)
                    })
                    .collect()
            };
            let mut variants = widths(&fixed);
            // A story of a line or two under a headline wider than one column has no width at
            // all by the rule that keeps short copy narrow: it takes the columns its headline
            // needs rather than none (it was reported as overflowing an empty page).
            if variants.iter().all(Option::is_none) {
                fixed.short_across = true;
                variants = widths(&fixed);
            }
            Ok(place::Candidate {
                kind: p.kind,
                is_lead: lead && p.kind == StoryKind::Article,
                variants,
                wants_vertical: false,
            })
        })
        .collect::<Result<_, LayoutError>>()?;
    let pin = (0..preps.len()).find_map(|i| {
        fix(i)
            .position
            .map(|(col, row)| place::Pin { story: i, col, row })
    });
    // On the front page the ears hang beside the masthead, outside the stories' grid.
    let (ears, body_ads): (Vec<Booked>, Vec<Booked>) = ads
        .iter()
        .enumerate()
        .partition(|(_, s)| masthead.front.is_some() && s.is_ear());
    let ears = front::ears(&page_grid, &ears)?;
    let ad_cells = ad_cells(&grid, &body_ads)?;
    // The page has one virtual row under its last line: the separator of its last modules.
    let (regions, main) = ads::free_regions(cols, format.lines, &ad_cells);
    let columns = ads::column_regions(cols, format.lines, &ad_cells);
    let bands_top_left = regions.get(main).is_some_and(|m| m.col0 == 0 && m.row0 == 0);
    let search = |candidates: &[place::Candidate]| match pin {
        // A pinned story places the rest around it on a page without ads.
        Some(pin) if body_ads.is_empty() => place::place_pinned(candidates, cols, format.lines, pin),
        // Where corner ads allow the free space to be cut in columns as well as in bands,
        // both are searched. The columns are kept where they set copy the bands leave out
        // (their cost lower by a line of overflow at least), or where they cost less and
        // their main region, which takes the lead, starts at the page's top left, where the
        // reader looks first: a corner ad at the head then has the copy run down beside it,
        // not a slip of white beside it that no story at the end of the copy fits (a 2 × 12
        // ad at the head of corpus page 02 left 6 columns × 13 lines empty).
        _ => {
            let bands = || place::place(candidates, &regions, main);
            match &columns {
                Some((regions, main)) => {
                    // The two cuts are independent searches: one on each core.
                    let (across, down) = rayon::join(bands, || place::place(candidates, regions, *main));
                    // Only where the bands do not start there themselves: a corner ad at the
                    // head (with ads on the foot only, the bands' main region is at the top
                    // left already, and the columns keep the old margin).
                    let lead_first = regions[*main].col0 == 0 && regions[*main].row0 == 0 && !bands_top_left;
                    let cheaper = down.cost < across.cost;
                    if down.cost + place::OVERFLOW < across.cost || (lead_first && cheaper) {
                        down
                    } else {
                        across
                    }
                }
                None => bands(),
            }
        }
    };
    // The 竖题 whose side the editor left open, for the search to choose.
    let free_sides: Vec<usize> = preps
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.vertical
                .as_ref()
                .is_some_and(|v| !v.whole && v.head_left.is_none())
        })
        .map(|(i, _)| i)
        .collect();
    let placements = place::with_staggered_heads(&mut candidates, |c| {
        place::with_head_sides(c, &free_sides, search)
    })
    .placements;
    // A pin no setting of its story meets leaves the search nothing to place: the editor's
    // instruction is what cannot be done, not each story's copy.
    if let Some(pin) = pin.filter(|_| body_ads.is_empty() && placements.is_empty()) {
        return Err(LayoutError::Pin {
            message: format!(
                "story '{}' cannot stand at column {}, line {}: no setting of it fits there on a grid \
                 of {cols} columns × {} lines",
                preps[pin.story].title,
                pin.col + 1,
                pin.row + 1,
                format.lines
            ),
        });
    }

    let whole = Rect::new(Pt::ZERO, Pt::ZERO, format.trim.w, format.trim.h);
    let mut page = Page {
        number: masthead.page,
        media: format.trim,
        trim: whole,
        bleed: whole,
        items: Vec::new(),
        marks: Vec::new(),
    };
    let mut found = Findings {
        overflow: Vec::new(),
        notes: preps.iter().flat_map(|p| p.notes.iter().cloned()).collect(),
        jumps: Vec::new(),
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
    // The search pins a story only on a page without ads: said, not kept silently.
    if let Some(pin) = pin.filter(|_| !body_ads.is_empty()) {
        found.notes.push(Note {
            span: copy.stories[pin.story].span,
            message: format!(
                "the position pinned for '{}' (column {}, line {}) is not kept: on a page with ads \
                 the stories are placed around the ads",
                preps[pin.story].title,
                pin.col + 1,
                pin.row + 1
            ),
            error: false,
        });
    }
    let mut occ = Occupancy::new(cols, format.lines);
    let mut ad_stats = Vec::with_capacity(ads.len());
    let mut ad_labels = Vec::new();
    for (&(k, slot), &cells) in body_ads.iter().zip(&ad_cells) {
        let rect = ads::draw(
            db,
            &grid,
            (slot, cells),
            k,
            &mut occ,
            (&mut page.items, &mut page.marks, &mut ad_labels),
        )?;
        ad_stats.push((k, ad_report(slot, cells, rect)));
    }
    for &(k, rect) in &ears {
        let slot = &ads[k];
        let cells = place::Cells {
            col0: if slot.position == AdPosition::EarLeft {
                0
            } else {
                cols - slot.columns
            },
            cols: slot.columns,
            row0: 0,
            rows: slot.lines,
        };
        let size = (slot.columns, slot.lines);
        // An ear hangs from the page's head: its label goes under it, where no rule runs.
        let side = (ads::LabelSide::Below, rect.right());
        ads::draw_art(
            db,
            slot,
            rect,
            size,
            side,
            (&mut page.items, &mut page.marks, &mut ad_labels),
        )?;
        ad_stats.push((k, ad_report(slot, cells, rect)));
    }
    ad_stats.sort_by_key(|(k, _)| *k);
    found.stats.ads = ad_stats.into_iter().map(|(_, a)| a).collect();
    let mut placed = vec![false; preps.len()];
    let mut heads = Vec::new();
    // Each module is drawn on its own (drawing only adds items), side by side on the rayon
    // pool; the items are then taken in placement order, as if drawn one after another.
    let drawn: Vec<Option<DrawnModule>> = placements
        .par_iter()
        .with_max_len(1)
        .map(|p| draw_module(&ctx, &preps[p.story], &candidates[p.story], p))
        .collect();
    for (p, drawn) in placements.iter().zip(drawn) {
        let Some(DrawnModule {
            variant: v,
            height,
            items,
            marks,
            drawn: d,
        }) = drawn
        else {
            continue;
        };
        let prep = &preps[p.story];
        placed[p.story] = true;
        let (items_before, marks_before) = (page.items.len(), page.marks.len());
        page.items.extend(items);
        page.marks.extend(marks);
        let story_span = copy.stories[p.story].span;
        stamp_story(&mut page.items[items_before..], p.story);
        for m in &mut page.marks[marks_before..] {
            m.origin = Some(Origin {
                story: Some(p.story),
                span: story_span,
            });
        }
        let (body_cols, top) = p
            .l_shape
            .map_or((p.cols, p.rows + 1), |l| (l.deep, l.short_rows + 1));
        let foot_rule = foot_rule_row(p, body_cols, &placements, &ad_cells);
        for r in p.row0..(foot_rule + 1).min(format.lines) {
            let width = if r < p.row0 + top { p.cols } else { body_cols };
            for c in p.col0..p.col0 + width {
                let i = occ.at(c, r);
                occ.module[i] = Some(p.story);
                occ.spanning[i] = d.spanning.contains(&(r - p.row0));
            }
        }
        for &(c, r) in &d.filled {
            if p.row0 + r < format.lines {
                let i = occ.at(p.col0 + c, p.row0 + r);
                occ.filled[i] = true;
            }
        }
        // A photo beside the text stops the rules between its own columns.
        for &(c, r) in &d.covered {
            if p.row0 + r < format.lines {
                let i = occ.at(p.col0 + c, p.row0 + r);
                occ.spanning[i] = true;
            }
        }
        if prep.kind == StoryKind::Briefs {
            let rule_above = p.row0 > 0 && (p.col0..p.col0 + p.cols).all(|c| occ.rule[occ.at(c, p.row0 - 1)]);
            let rect = furniture::box_frame(&grid, (p.col0, p.cols), (p.row0, p.rows), rule_above);
            module::frame_stroke(rect, &mut page.items);
            // Inside its frame a box rules its own gutters, from under its label and heading
            // (what spans its columns at its top) to where the shorter of the two columns'
            // text ends, the bottom edge where both run to it; the page's column rules keep
            // out.
            let top = match d.spanning.iter().max() {
                Some(&last) => grid.row_y(p.row0 + last + 1) + format.pitch * 0.2,
                None => rect.y,
            };
            let last_line = |c: usize| d.filled.iter().filter(|f| f.0 == c).map(|f| f.1).max();
            let bottoms: Vec<Option<Pt>> = (1..p.cols)
                .map(|k| {
                    let r = last_line(k - 1)?.min(last_line(k)?);
                    Some(if r + 1 >= p.rows {
                        rect.bottom()
                    } else {
                        grid.row_y(p.row0 + r + 1) - format.pitch * 0.2
                    })
                })
                .collect();
            furniture::box_rules(&grid, p.col0, (top, &bottoms), &mut page.items);
            for r in p.row0..p.row0 + p.rows {
                for c in p.col0..p.col0 + p.cols {
                    let i = occ.at(c, r);
                    occ.spanning[i] = true;
                }
            }
        }
        // An L's short columns stand on a rule over the stories in its notch.
        if let Some(l) = p.l_shape {
            let (c0, n, row) = (p.col0 + l.deep, p.cols - l.deep, p.row0 + l.short_rows);
            furniture::module_rule(&grid, c0, n, row, &mut page.items);
            for c in c0..c0 + n {
                let i = occ.at(c, row);
                occ.rule[i] = true;
            }
        }
        // No rule in the page's last line: nothing follows it there.
        if foot_rule + 1 < format.lines {
            furniture::module_rule(&grid, p.col0, body_cols, foot_rule, &mut page.items);
            // The separator row carries the rule between modules: it is not a hole.
            for c in p.col0..p.col0 + body_cols {
                let i = occ.at(c, foot_rule);
                occ.rule[i] = true;
            }
        }
        let area = grid.area.w.0 * grid.area.h.0;
        for &(rect, (columns, lines), image) in &d.photos {
            let share = 100.0 * rect.w.0 * rect.h.0 / area;
            found.stats.photo_share += share;
            found.stats.photos.push(PhotoStats {
                story: p.story,
                columns,
                lines,
                size: format!("{columns} columns × {lines} lines"),
                at_mm: (round1(rect.x.to_mm()), round1(rect.y.to_mm())),
                size_mm: (round1(rect.w.to_mm()), round1(rect.h.to_mm())),
                share: round1(share),
                image,
            });
        }
        // A box's heading stands inside its frame: no headline beside it collides with it
        // (the search's rule, [`module::Variant::boxed`]).
        if let Some((h0, h1)) = d.head.filter(|_| !v.boxed) {
            let (c, n) = d.head_cols.unwrap_or((0, p.cols));
            heads.push((p.story, p.col0 + c, n, p.row0 + h0, p.row0 + h1));
        }
        if let (Some(cut), Some(to)) = (
            v.bodies.get(height.body).and_then(|b| b.cut),
            fix(p.story).jump_to,
        ) {
            found.jumps.push(JumpOut {
                story: story_id(p.story),
                to,
                cut,
                chars_here: story::flow_chars(&prep.flow[..cut.item.min(prep.flow.len())]),
                chars_rest: story::flow_chars(&prep.flow[cut.item.min(prep.flow.len())..]),
            });
            if let Some(rect) = d.last_line {
                page.marks.push(Mark {
                    rect,
                    kind: MarkKind::Jump { to },
                    origin: None,
                });
            }
        }
        if height.across && !height.auto {
            found.notes.push(Note {
                span: copy.stories[p.story].span,
                message: format!(
                    "the vertical headline (#|) of '{}' is set across the top: beside its body it \
                     does not fit this page (one column, a photo across the module, or too much white)",
                    prep.title
                ),
                error: false,
            });
        }
        found.stats.chars_set += d.chars_set;
        found.stats.ragged_lines += d.ragged;
        found.stats.loose_lines += d.loose;
        for (span, tail) in &d.loose_at {
            found.notes.push(Note {
                span: span.unwrap_or(copy.stories[p.story].span),
                message: story::loose_message(tail),
                error: false,
            });
        }
        found.stats.short_heading_lines += d.short_heading;
        found.stats.stranded_subheads += d.stranded;
        for (n, what) in [
            (
                d.short_heading,
                "a heading ends on a line of three characters or fewer",
            ),
            (
                d.stranded,
                "a subhead stands without two body lines under it (背题)",
            ),
        ] {
            if n > 0 {
                found.notes.push(Note {
                    span: copy.stories[p.story].span,
                    message: format!(
                        "{what} in '{}' ({n}): no setting within the rules avoids it",
                        prep.title
                    ),
                    error: false,
                });
            }
        }
        found.stats.chars_overflowing += d.overflow_chars;
        if let Some(s) = found.stats.per_story.get_mut(p.story) {
            s.placed = true;
            s.chars_set = d.chars_set;
            s.chars_overflowing = d.overflow_chars;
        }
        if d.overflow_chars > 0 {
            found.overflow.push(Overflow {
                story: story_id(p.story),
                title: prep.title.clone(),
                chars: d.overflow_chars,
                lines: d.overflow_lines,
                from: d.stopped,
            });
        }
    }
    for (i, prep) in preps.iter().enumerate().filter(|(i, _)| !placed[*i]) {
        // A story the search could not place at all is overflow, whole: its heads, captions
        // and credits as well as its body (a story of a headline alone is not 0 characters).
        let chars = copy
            .stories
            .get(i)
            .map_or_else(|| story::flow_chars(&prep.flow), |s| s.chars());
        found.stats.chars_overflowing += chars;
        if let Some(s) = found.stats.per_story.get_mut(i) {
            s.chars_overflowing = chars;
        }
        found.overflow.push(Overflow {
            story: story_id(i),
            title: prep.title.clone(),
            chars,
            lines: prep.flow.len(),
            from: None,
        });
    }
    found.stats.photo_share = round1(found.stats.photo_share);
    check::report(&grid, &occ, &heads, copy, &mut page, &mut found);
    furniture::column_rules(&grid, &occ, &mut page.items);
    page.items.append(&mut ad_labels);
    let furniture_from = page.items.len();
    match &masthead.front {
        Some(f) => front::draw(db, &page_grid, (masthead, f), &ears, &mut page.items)?,
        None => furniture::draw_masthead(db, &grid, masthead, &mut page.items)?,
    }
    // The running head is set from the manifest, not the copy: its origin is the page's
    // line there, or none for a copy file built alone.
    for item in &mut page.items[furniture_from..] {
        if let Item::Text(run) = item {
            run.origin = masthead.origin.map(|span| Origin { story: None, span });
        }
    }
    found.stats.images = page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Image(img) => Some(ImageReport::of(img)),
            _ => None,
        })
        .collect();
    Ok(LaidOut {
        page,
        findings: found,
    })
}

/// A module drawn apart from the page: its variant and height, the items and marks it
/// adds, and what [`module::draw`] reports.
struct DrawnModule<'v> {
    variant: &'v module::Variant,
    height: module::Height,
    items: Vec<Item>,
    marks: Vec<Mark>,
    drawn: module::Drawn,
}

/// Draws the story of placement `p` at its width and height (an L at its full width, its
/// short columns stopping over its notch); `None` where it has no such setting.
fn draw_module<'v>(
    ctx: &Ctx,
    prep: &story::StoryPrep,
    candidate: &'v place::Candidate,
    p: &place::Placement,
) -> Option<DrawnModule<'v>> {
    let full = candidate.variants[p.cols - 1].as_ref()?;
    let (notch, height) = match p.l_shape {
        Some(l) => {
            let notch = module::Notch {
                deep: l.deep,
                short: l.short_body,
            };
            (
                Some(notch),
                module::Height {
                    rows: p.rows,
                    ..*full.l_base()?
                },
            )
        }
        None => (None, *full.heights.get(p.height)?),
    };
    let (mut items, mut marks) = (Vec::new(), Vec::new());
    let drawn = module::draw(
        ctx,
        prep,
        (full, notch),
        &height,
        (p.col0, p.row0, p.rows),
        &mut items,
        &mut marks,
    );
    Some(DrawnModule {
        variant: full,
        height,
        items,
        marks,
        drawn,
    })
}

/// The row of a module's foot rule, over its first `cols` columns: its separator row, or
/// the line under that where the line is empty down to the next module or ad, whose rules
/// run in it beside (a rule over one empty line, and the others' rule under it, boxed a
/// pocket of white between two rules; it goes down to meet theirs).
fn foot_rule_row(
    p: &place::Placement,
    cols: usize,
    placements: &[place::Placement],
    ads: &[place::Cells],
) -> usize {
    let separator = p.row0 + p.rows;
    let over = |c0: usize, n: usize| c0 < p.col0 + cols && p.col0 < c0 + n;
    let next = placements
        .iter()
        .filter(|o| o.row0 > separator && over(o.col0, o.cols))
        .map(|o| o.row0)
        .chain(
            ads.iter()
                .filter(|a| a.row0 > separator && over(a.col0, a.cols))
                .map(|a| a.row0),
        )
        .min();
    match next {
        Some(top) if top == separator + 2 => separator + 1,
        _ => separator,
    }
}

/// An ad's entry in the page's figures.
fn ad_report(slot: &AdSlot, cells: place::Cells, rect: Rect) -> AdStats {
    AdStats {
        advertiser: slot.advertiser.clone(),
        cells,
        size: cells_text(&cells),
        at_mm: (round1(rect.x.to_mm()), round1(rect.y.to_mm())),
        size_mm: (round1(rect.w.to_mm()), round1(rect.h.to_mm())),
        art: slot.art.as_ref().map_or("placeholder", Artwork::kind).to_string(),
    }
}

/// A figure for the report, to a tenth.
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The cells of every ad booked on the page; a booking too large for the page, or over
/// another one, is an error naming it.
fn ad_cells(grid: &Grid, ads: &[Booked]) -> Result<Vec<place::Cells>, LayoutError> {
    let mut out: Vec<place::Cells> = Vec::with_capacity(ads.len());
    for &(index, slot) in ads {
        let c = slot
            .cells(grid)
            .map_err(|message| LayoutError::Ad { index, message })?;
        let overlaps = |o: &place::Cells| {
            c.col0 < o.col0 + o.cols
                && o.col0 < c.col0 + c.cols
                && c.row0 < o.row0 + o.rows + 1
                && o.row0 < c.row0 + c.rows + 1
        };
        if let Some(k) = out.iter().position(overlaps) {
            return Err(LayoutError::Ad {
                index,
                message: format!(
                    "this ad ({}) overlaps ad {} ({}) at its position",
                    slot.advertiser,
                    ads[k].0 + 1,
                    ads[k].1.advertiser
                ),
            });
        }
        out.push(c);
    }
    Ok(out)
}

/// Marks the text drawn for a story as the story's.
fn stamp_story(items: &mut [Item], story: usize) {
    for item in items {
        if let Item::Text(run) = item
            && let Some(o) = &mut run.origin
        {
            o.story = Some(story);
        }
    }
}

/// Most characters of a headline the engine may set vertically of its own accord: up to two
/// vertical lines in one column beside the body; a longer one would outgrow it.
const AUTO_VERTICAL_CHARS: usize = 14;

/// Whether a story may be offered an automatic 竖题: a plain article without photos (a photo
/// takes its module's width), kicker or subtitle, not continued from or to another page,
/// with a short headline. The lead keeps its headline across the top.
fn may_stand_vertical(s: &crate::copy::Story, prep: &story::StoryPrep, f: &StoryFix) -> bool {
    prep.kind == StoryKind::Article
        && prep.photos.is_empty()
        && s.kicker.is_none()
        && s.subtitle.is_none()
        && f.opening.is_none()
        && f.jump_to.is_none()
        && s.headline
            .as_ref()
            .is_some_and(|h| h.text.chars().count() <= AUTO_VERTICAL_CHARS)
}
