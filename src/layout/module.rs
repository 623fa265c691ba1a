//! A story as a module on the grid: its variant at a width, with every height it can take
//! well (exact rows, no estimates), and drawing it at a place (LAYOUT.md "exact heights").

use super::body::{BodySet, MIN_COLUMN_LINES, bodies, distribute_in, distribute_prefix_in, stranded};
use super::ctx::Ctx;
use super::head::{HeadPars, HeadSet, Level, head_rows, set_head};
use super::page::Cursor;
use super::page::{Cmyk, Fault, Fill, ImageItem, Item, Mark, MarkKind, Stroke};
use super::story::{
    CREDIT_SIZE, Flow, FlowKind, KAI_SIZE, LABEL_ROWS, LABEL_SIZE, ParAlt, StoryPrep, box_inset,
    cursor_before,
};
use super::text::{emit_line, line_chars};
use crate::compose::balance::MIN_HEADING_LAST;
use crate::compose::{Align, Line, compose_par};
use crate::copy::StoryKind;
use crate::geom::{Point, Pt, Rect};
use crate::shape::ShapedPar;

mod draw;

pub use draw::{Drawn, draw, frame_stroke};
pub(in crate::layout) use draw::{draw_body, draw_label};

/// Rows of air around a headline that are its usual breathing space (see
/// `place::air_cost`).
pub(in crate::layout) const HEAD_AIR_ROWS: usize = 3;
/// Rows an article may add to its headline block (air around the headline) to close a gap:
/// its usual space and one row more.
const HEAD_FLEX: usize = HEAD_AIR_ROWS + 1;
/// Rows more than its least a body may be set in, by loosening paragraphs.
const BODY_FLEX: usize = 5;

/// What the editor fixed for a story in the manifest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fixed {
    /// Headline size, pt.
    pub headline_size: Option<f64>,
    /// Photo frame height, in body lines.
    pub photo_rows: Option<usize>,
    /// Whether photos may be cropped to fill their frames.
    pub crop: bool,
    /// For a story continued on another page: its jump line, `（下转第N版）`, set flush right
    /// in a column; the module then holds the first part, cut to fill it.
    pub jump: Option<std::sync::Arc<Line>>,
    /// Columns of the module, when the editor fixed them (photo width limits then yield).
    pub columns: Option<usize>,
    /// Columns a story photo spans, when the editor fixed them.
    pub photo_columns: Option<usize>,
    /// Whether the story is the page's lead (its photo is the page's largest).
    pub lead: bool,
    /// Whether a story too short for its columns may take them all the same: where no width
    /// would otherwise set it (a headline wider than the one column its two lines fill).
    pub short_across: bool,
}

/// The widths a photo may take, in columns: from the style's least (fewer on a narrow page:
/// 1 of 6 on a tabloid) to 5 of 8 (3 of 6).
pub fn photo_columns(ctx: &Ctx) -> std::ops::RangeInclusive<usize> {
    let cols = ctx.grid.format.columns;
    let least = ctx.style.photo_min_columns.min((cols / 4).max(1));
    least..=(cols * 5 / 8).max(least)
}

/// Columns of a story photo by its story's rank on a broadsheet of 8 (EDITION.md §2): the
/// lead's 4, a secondary story's 3, a minor one's 2; a narrower grid scales them.
fn rank_photo_columns(ctx: &Ctx, level: Level) -> usize {
    let base = match level {
        Level::Lead => 4,
        Level::Secondary => 3,
        Level::Minor => 2,
    };
    let scaled = (base * ctx.grid.format.columns + 4) / 8;
    let range = photo_columns(ctx);
    scaled.clamp(*range.start(), *range.end())
}

/// How far a photo frame stands inside its lines, top and bottom: its edges clear of the
/// text and rules above and below.
const FRAME_INSET: Pt = Pt(2.0);

/// Default proportions of a photo frame without an image (a placeholder): 3:2.
const PLACEHOLDER_ASPECT: f64 = 1.5;

/// One height a module can take, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Height {
    /// Rows of the module.
    pub rows: usize,
    /// Hole cells inside it (column feet two or more rows short).
    pub holes: usize,
    /// Column feet a row short inside it.
    pub white: usize,
    /// Rows of air added to the headline block.
    pub head_extra: usize,
    /// Rows of each photo frame.
    pub frame_rows: usize,
    /// Which body setting (index into `Variant::bodies`).
    pub body: usize,
    /// Whether the headline the copy wants vertical (`#|`) is set across the top at this
    /// height instead: the search's second choice, where a vertical one cannot stand or
    /// costs the page more.
    pub across: bool,
    /// Whether the variant's vertical headline is one the copy did not ask for (an
    /// automatic 竖题, offered to stagger headlines side by side): set vertically at this
    /// height, it costs the search [`crate::layout::place`]'s `AUTO_VERTICAL`; set across,
    /// nothing.
    pub auto: bool,
}

impl Height {
    /// Whether this height sets the engine's own 竖题 (offered, not asked for by `#|`).
    pub fn is_offer(&self) -> bool {
        self.auto && !self.across
    }
}

/// A side of a module or region, for the headlines along it (撞题).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// The left side.
    Left,
    /// The right side.
    Right,
}

/// The body of an L-shaped module (咬合): its first `deep` columns run the module's full
/// height, the others stop after `short` body rows, over the stories in the notch under them.
/// Its headline spans all its columns, over its own text only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notch {
    /// Columns of the full height, from the left.
    pub deep: usize,
    /// Body rows of the other columns.
    pub short: usize,
}

/// A story set at a width.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Columns spanned.
    pub cols: usize,
    /// The headline, when the story has one.
    pub head: Option<HeadSet>,
    /// Rows of the headline block.
    pub head_rows: usize,
    /// Rows above the headline block (the column label).
    pub label_rows: usize,
    /// The lowest resolution of its photos' images at this width, ppi (None without images).
    pub min_ppi: Option<f64>,
    /// Whether its photos may be cropped to fill their frames (the editor allowed it).
    pub crop: bool,
    /// Caption lines and credit of each photo at the module width.
    pub captions: Vec<(Vec<Line>, Option<Line>)>,
    /// The body at its least height and a few rows taller.
    pub bodies: Vec<BodySet>,
    /// Every height the module can take, ascending, the fewest holes for each row count and
    /// form (an offered 竖题 keeps its heights beside those across, at the same rows).
    pub heights: Vec<Height>,
    /// How a vertical module is made (a vertical headline, a whole vertical story).
    pub vertical: Option<std::sync::Arc<super::vertical::Shape>>,
    /// Whether it is boxed (a briefs block in its frame): the frame parts its heading from a
    /// headline beside it, the makeup editor's way to set them side by side without 撞题.
    pub boxed: bool,
}

impl Variant {
    /// Column feet a row short at height `h` that stand open to the rows under the module:
    /// none in a box, whose frame closes under them.
    pub fn open_short_feet(&self, h: &Height) -> usize {
        if self.boxed { 0 } else { h.white.min(self.cols) }
    }

    /// The least height of the story in its own form: of a variant whose 竖题 is the engine's
    /// offer, the least with the headline across the top; else the least of all. What the
    /// search judges a width by, so that the offer only adds choices.
    pub fn base(&self) -> Option<&Height> {
        self.heights.get(self.base_index())
    }

    /// Index of [`Self::base`] in the heights: where nothing chose a form (a story cut short,
    /// copy that overflows) the story stands in its own.
    pub fn base_index(&self) -> usize {
        match self.heights.first() {
            Some(h) if h.is_offer() => self.heights.iter().position(|h| h.across).unwrap_or(0),
            _ => 0,
        }
    }

    /// The height an L (咬合) is made from: [`Self::base`], for a variant the copy or the
    /// editor did not ask to set vertically.
    pub fn l_base(&self) -> Option<&Height> {
        self.base()
            .filter(|h| self.vertical.is_none() || (h.auto && h.across))
    }

    /// The least rows of the story in its own form ([`Self::base`]).
    pub fn min_rows(&self) -> usize {
        self.base().map_or(0, |h| h.rows)
    }

    /// How the module is made at a height, when vertically (`None`: set horizontally).
    pub fn vertical_at(&self, h: &Height) -> Option<&super::vertical::Shape> {
        self.vertical.as_deref().filter(|_| !h.across)
    }

    /// Rows of the headline along `edge` at a height, from the module top: a horizontal
    /// headline stands along both sides, a vertical one along its own.
    pub fn head_span(&self, h: &Height, edge: Edge) -> Option<(usize, usize)> {
        if self.boxed {
            return None;
        }
        match self.vertical_at(h) {
            Some(shape) => shape
                .head_span(h, edge)
                .map(|(a, b)| (self.label_rows + a, self.label_rows + b)),
            None => self
                .head
                .as_ref()
                .map(|_| (self.label_rows, self.label_rows + self.head_rows + h.head_extra)),
        }
    }
}

/// A story set at `cols` columns at its level of the hierarchy: a whole vertical story as
/// such; a story whose copy wants a vertical headline (`#|`) with it beside the body and,
/// as the search's second choice, across the top.
pub fn variant(ctx: &Ctx, prep: &StoryPrep, cols: usize, sizes: &[f64], fixed: &Fixed) -> Option<Variant> {
    match &prep.vertical {
        Some(v) if v.whole => super::vertical::story_variant(ctx, prep, v, cols, sizes, fixed),
        Some(v) => super::vertical::head_variants(
            ctx,
            (prep, v),
            cols,
            (sizes, fixed),
            across(ctx, prep, cols, sizes, fixed),
        ),
        None => across(ctx, prep, cols, sizes, fixed),
    }
}

/// A story at `cols` columns with its headline across the top.
fn across(ctx: &Ctx, prep: &StoryPrep, cols: usize, sizes: &[f64], fixed: &Fixed) -> Option<Variant> {
    let grid = ctx.grid;
    let width = grid.span(cols);
    let head = match &prep.headline {
        Some(main) => {
            let pars = HeadPars {
                kicker: prep.kicker.as_ref(),
                main,
                subtitle: prep.subtitle.as_ref(),
            };
            Some(set_head(
                ctx,
                &pars,
                width,
                sizes,
                fixed.headline_size,
                if cols >= 3 { 2 } else { 3 },
            )?)
        }
        None => None,
    };
    let head_rows = head.as_ref().map_or(0, |h| head_rows(ctx, h));
    let frames = prep.photos.len();
    // A photo inside an article spans the columns of its story's rank (EDITION.md §2): the
    // text flows beside it in whole columns when the module is wider. A picture story's
    // photo, or one in a story cut for another page, spans its module.
    let in_story = frames > 0 && prep.kind == StoryKind::Article && fixed.jump.is_none();
    let range = photo_columns(ctx);
    if frames > 0 && fixed.columns.is_none() {
        let fits = if in_story {
            cols >= *range.start()
        } else {
            range.contains(&cols)
        };
        if !fits {
            return None;
        }
    }
    // The most rows a photo `w` wide may take: a share of the type area (a sixth by default)
    // unless the editor fixed its height. A page of short copy is reported as such, not
    // papered over with one enormous picture.
    let cap_at = |w: Pt| match fixed.photo_rows {
        Some(r) => r,
        None => {
            let most = grid.area.w.0 * grid.area.h.0 * ctx.style.photo_max_share;
            (most / (w.0 * grid.format.pitch.0)).floor() as usize
        }
    };
    // Photo frames: from a wide 2:1 to a tall 4:5, in whole rows (§4.3, GR-02), unless the
    // editor fixed the height. A photo with its image has the rows of the image's
    // proportions (within those bounds).
    let natural_at = |w: Pt| -> Vec<usize> {
        prep.photos
            .iter()
            .filter_map(|p| p.picture.as_ref())
            .map(|pic| grid.rows_for((w / pic.aspect()).max(w * 0.5).min(w * 1.25)))
            .collect()
    };
    let photo_cols = if in_story {
        let want = fixed
            .photo_columns
            .unwrap_or_else(|| rank_photo_columns(ctx, level(fixed.lead, cols)))
            .min(cols);
        // Narrower, not cropped or squeezed, when the rank's width would make it too tall.
        let too_tall = |c: usize| {
            let w = grid.span(c);
            natural_at(w).iter().any(|&r| r > cap_at(w))
        };
        let least = (*range.start()).min(want);
        match fixed.photo_columns {
            Some(_) => want,
            None => (least..=want).rev().find(|&c| !too_tall(c)).unwrap_or(least),
        }
    } else {
        cols
    };
    let pwidth = grid.span(photo_cols);
    let caption_style = ctx.par(KAI_SIZE).aligned(Align::Justify);
    let captions: Vec<_> = prep
        .photos
        .iter()
        .map(|p| {
            let lines = p.caption.as_ref().map_or(Vec::new(), |c| {
                compose_par(ctx.db, c, &caption_style, pwidth).lines
            });
            let credit = p.credit.as_ref().and_then(|c| {
                let style = ctx.par(CREDIT_SIZE).aligned(Align::Right);
                compose_par(ctx.db, c, &style, pwidth).lines.into_iter().next()
            });
            (lines, credit)
        })
        .collect();
    // A photo the editor lets us crop takes whatever frame the page needs (in a picture
    // story) or the house proportions (inside a story).
    let natural = if fixed.crop {
        Vec::new()
    } else {
        natural_at(pwidth)
    };
    let frame = match (fixed.photo_rows, natural.iter().min(), natural.iter().max()) {
        (Some(r), _, _) => (r, r),
        (None, Some(&lo), Some(&hi)) if in_story => (lo, lo.max(hi)),
        (None, Some(&lo), Some(&hi)) => (lo, hi),
        // A frame without its image: inside a story, the house proportions; in a picture
        // story, the house's range of frames, across no more than its rank's photo width
        // (below), never stretched across the page to fill it (issue 10 point 3).
        _ if in_story => {
            let r = grid.rows_for(pwidth / PLACEHOLDER_ASPECT);
            (r, r)
        }
        _ => (grid.rows_for(pwidth * 0.5), grid.rows_for(pwidth * 1.25)),
    };
    let cap = cap_at(pwidth);
    if frames > 0 && frame.0 > cap && !in_story {
        return None;
    }
    // A picture story waiting for its images spans no more than its rank's photo width (the
    // editor may fix its columns).
    let waiting = prep.photos.iter().all(|p| p.picture.is_none());
    if frames > 0
        && !in_story
        && waiting
        && fixed.columns.is_none()
        && cols > rank_photo_columns(ctx, level(fixed.lead, cols))
    {
        return None;
    }
    // Inside a story the frame has one height, from the image, never from the page's space.
    let frame = if in_story {
        let r = frame.1.min(cap).max(1);
        (r, r)
    } else {
        (frame.0, frame.1.min(cap))
    };
    let photo_rows: usize = captions.iter().map(|(l, c)| l.len() + c.is_some() as usize).sum();
    // A story too short for its columns leaves a line or two in each, read across the
    // gutters as one line with holes in it: it takes fewer columns (unless the editor fixed
    // them, or a photo sets its width).
    let lines: usize = prep.flow.iter().map(|f| f.rows()).sum();
    if frames == 0
        && fixed.columns.is_none()
        && !fixed.short_across
        && cols > 1
        && lines < cols * MIN_COLUMN_LINES
    {
        return None;
    }
    // Beside the text: the photo with its captions stands at the head of the last columns.
    let beside = (in_story && photo_cols < cols).then(|| super::body::Beside {
        col: cols - photo_cols,
        rows: frames * frame.0 + photo_rows,
    });
    // A story too short to cut in two parts of four lines is set whole.
    let bodies = match &fixed.jump {
        Some(note) => Some(super::jump::cut_bodies(prep, cols, note, grid.column_width().0))
            .filter(|b| !b.is_empty())
            .unwrap_or_else(|| bodies(prep, cols, BODY_FLEX, None)),
        None => bodies(prep, cols, BODY_FLEX, beside),
    };
    // A photo beside the text stands within the body's rows.
    let above_body = if beside.is_some() { 0 } else { photo_rows };
    let fixed_rows =
        prep.label.is_some() as usize * LABEL_ROWS + head_rows + prep.byline.is_some() as usize + above_body;
    // Air around the headline closes a gap, in a story with its photos as in one without (a
    // photo inside a story has one height, from its image); a box's heading, and a label
    // without a headline, are followed by their content at once, never by air (EDITION.md
    // §3). A picture story's frame takes the gap instead.
    let boxed = prep.kind == StoryKind::Briefs;
    let head_flex = if head.is_some() && (frames == 0 || in_story) && !boxed {
        HEAD_FLEX
    } else {
        0
    };
    let frame_range = if frames > 0 { frame.0..=frame.1 } else { 0..=0 };
    let frames_above = if beside.is_some() { 0 } else { frames };
    let mut heights: Vec<Height> = Vec::new();
    for (b, body) in bodies.iter().enumerate() {
        for frame_rows in frame_range.clone() {
            for head_extra in 0..=head_flex {
                let rows = fixed_rows + head_extra + frames_above * frame_rows + body.rows;
                let h = Height {
                    rows,
                    holes: body.holes,
                    white: body.white,
                    head_extra,
                    frame_rows,
                    body: b,
                    across: prep.vertical.is_some(),
                    auto: prep.vertical.as_ref().is_some_and(|v| v.auto),
                };
                // Of two settings at one height, the one whose white costs the search less.
                let key = |h: &Height| (h.inner_cost(cols), h.holes, h.white, h.head_extra);
                match heights.iter_mut().find(|o| o.rows == rows) {
                    Some(o) if key(o) > key(&h) => *o = h,
                    Some(_) => {}
                    None => heights.push(h),
                }
            }
        }
    }
    heights.sort_by_key(|h| h.rows);
    Some(Variant {
        cols,
        head,
        head_rows,
        label_rows: prep.label.is_some() as usize * LABEL_ROWS,
        min_ppi: prep
            .photos
            .iter()
            .filter_map(|p| p.picture.as_ref())
            .map(|pic| pic.width as f64 / (pwidth.0 / 72.0))
            .min_by(|a, b| a.total_cmp(b)),
        crop: fixed.crop,
        captions,
        bodies,
        heights,
        vertical: None,
        boxed,
    })
}

/// The level of a story: the lead, or by the width of its headline.
pub fn level(is_lead: bool, cols: usize) -> Level {
    match (is_lead, cols) {
        (true, _) => Level::Lead,
        (_, 3..) => Level::Secondary,
        _ => Level::Minor,
    }
}
