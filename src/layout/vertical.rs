//! Vertical modules (竖排, TYPOGRAPHY.md §6, EDITION.md §6): a horizontal story beside its
//! vertical headline (竖题, `#|`), and whole stories set top to bottom (`vertical = true`),
//! lines running right to left. Both are blocks of the page grid like any other module:
//! they offer heights in whole rows and the placement search places them beside
//! horizontal modules.
//!
//! Composition is one-dimensional, so a vertical line is composed exactly like a horizontal
//! one (the same breaking rules, compression and justification) at a measure that is a
//! height; only here do lines get their places across the module.

mod beside;

pub use beside::{head_variants, other_side};

use super::body::BodySet;
use super::ctx::Ctx;
use super::head::{HeadPars, HeadSet, set_head};
use super::module::{Drawn, Edge, Fixed, Height, Variant, draw_label};
use super::page::{Cmyk, Fault, Item, Mark, MarkKind};
use super::story::{KAI_SIZE, LABEL_ROWS, StoryPrep, piece};
use super::text::{emit_line_in, line_chars};
use crate::compose::{Align, Line, compose_par};
use crate::copy::{Block, Story};
use crate::geom::{Point, Pt, Rect, WritingMode};
use crate::shape::{Role, ShapeError, ShapedPar, shape_par_in};

/// Rows more than its least a body beside a vertical headline may be set in.
const BODY_FLEX: usize = 5;
/// Tallest a vertical headline is set, as a share of the type area's height: a 竖题 of a lead
/// runs about 30 of 100 body lines (TYPOGRAPHY.md §6.2, Layout).
const HEAD_MAX_SHARE: f64 = 0.5;
/// Shortest measure a vertical headline is broken at, in body lines.
const HEAD_MIN_ROWS: usize = 12;
/// Line pitch of vertical headline lines, in their size (the 1.2 leading of headlines).
const HEAD_LEADING: f64 = 1.2;
/// Body characters a vertical byline starts below the top of the text, so that it reads as
/// the title's companion, not as the first line of the text.
const BYLINE_DROP: f64 = 2.0;
/// Heights offered for a whole vertical story, from the least at which it fits: enough for
/// the search to square it with its neighbours.
const STORY_HEIGHTS: usize = 16;
/// Shortest line of a whole vertical story, in body characters: a column of text, not a row
/// of stubs. Counting the white beside its lines as holes, the search would otherwise set a
/// poem across the page, 4 rows tall at 1–4 characters a line.
const STORY_MIN_CHARS: f64 = 12.0;
/// Longest line of a whole vertical story, in body characters: a taller one is set in tiers
/// (分栏) one under the other, as a vertical page is, never in lines the eye cannot follow.
const TIER_MAX_CHARS: f64 = 32.0;
/// Widest a line pitch is opened to spread a one-tier story's lines across its module, in
/// line pitches: a poem's box filled with open leading, not left half white.
const SPREAD_MAX: f64 = 1.5;
/// Lines of white between two paragraphs of a one-tier story whose lines do not fill its
/// module: a poem's stanzas stand apart (诗节间空行), the white taken in whole lines
/// (LAYOUT.md: "a line of leading in whole lines") before any is left beside the last line.
const PAR_GAP_LINES: usize = 1;

/// A story's texts shaped for vertical lines.
#[derive(Debug, Clone)]
pub struct VerticalPrep {
    /// Kicker, headline and subtitle.
    pub kicker: Option<ShapedPar>,
    /// The headline.
    pub main: Option<ShapedPar>,
    /// The subtitle.
    pub subtitle: Option<ShapedPar>,
    /// The byline (whole vertical stories).
    pub byline: Option<ShapedPar>,
    /// Body paragraphs, and whether each is a subhead (whole vertical stories).
    pub body: Vec<(ShapedPar, bool)>,
    /// Whether the whole story is vertical (else only its headline).
    pub whole: bool,
    /// Whether a vertical headline stands on the left of its body, when the editor said.
    pub head_left: Option<bool>,
    /// Whether the 竖题 is the engine's offer, not the copy's (`#|`): the search sets it only
    /// where it keeps two headlines from standing side by side, and on the right of the body
    /// (its left edge then faces the neighbour's text, not its headline).
    pub auto: bool,
    /// The headlines set beside bodies so far (see [`HeadsBeside`]).
    pub heads: HeadsBeside,
}

/// A 竖题 set beside a body, by what it was set for: the rows it stands beside, the sizes
/// offered and the editor's size (bits of the `f64`s).
type HeadKey = (usize, Vec<u64>, Option<u64>);

/// The headlines set so far, each by what it was set for.
type HeadsMade = Vec<(HeadKey, Option<HeadSet>)>;

/// The vertical headlines of one story set so far. Its column is one wide at every width of
/// the module, so the same body height asks for the same headline at every width: set once,
/// it is taken from here (setting them was 25 M instructions of the sample's layout).
#[derive(Debug, Clone, Default)]
pub struct HeadsBeside(std::sync::Arc<std::sync::Mutex<HeadsMade>>);

impl HeadsBeside {
    /// The headline for `rows`, `sizes` and `fixed`, set by `set` the first time it is asked.
    pub fn get_or_set(
        &self,
        (rows, sizes, fixed): (usize, &[f64], Option<f64>),
        set: impl FnOnce() -> Option<HeadSet>,
    ) -> Option<HeadSet> {
        let key: HeadKey = (
            rows,
            sizes.iter().map(|s| s.to_bits()).collect(),
            fixed.map(f64::to_bits),
        );
        // A poisoned lock only means another width panicked; the heads in it are whole.
        let mut made = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, h)) = made.iter().find(|(k, _)| *k == key) {
            return h.clone();
        }
        let head = set();
        made.push((key, head.clone()));
        head
    }
}

/// Shapes what a story sets vertically: the headline block of a `#|` story (or, with `auto`,
/// of a story that may take an automatic 竖题), everything of a `vertical = true` one; `None`
/// for a story with neither.
pub fn prepare(
    ctx: &Ctx,
    story: &Story,
    whole: bool,
    (head_left, auto): (Option<bool>, bool),
) -> Result<Option<VerticalPrep>, ShapeError> {
    let asked = story.vertical_headline && story.headline.is_some();
    let auto = auto && !whole && !asked && story.headline.is_some();
    if !(whole || asked || auto) {
        return Ok(None);
    }
    // The engine's 竖题 stands on the right of its body, where a vertical line starts, unless
    // the editor put the story's headline on the left.
    let head_left = if auto {
        Some(head_left.unwrap_or(false))
    } else {
        head_left
    };
    let shape =
        |t: &crate::copy::Text, role: Role| shape_par_in(ctx.db, &[piece(t, role)], WritingMode::Vertical);
    let opt = |t: &Option<crate::copy::Text>, role: Role| t.as_ref().map(|t| shape(t, role)).transpose();
    let mut body = Vec::new();
    if whole {
        for block in &story.blocks {
            match block {
                Block::Paragraph(t) => body.push((shape(t, Role::Body)?, false)),
                Block::Subhead(t) => body.push((shape(t, Role::Subhead)?, true)),
                Block::Brief(b) => body.push((shape(&b.text, Role::Body)?, false)),
                // The build refuses a photo in a story the manifest sets vertically, which has
                // no frame for it; should one reach here all the same, its caption is kept as
                // a paragraph rather than lost.
                Block::Photo(p) => {
                    if let Some(c) = &p.caption {
                        body.push((shape(c, Role::Kai)?, false));
                    }
                }
            }
        }
    }
    Ok(Some(VerticalPrep {
        kicker: opt(&story.kicker, Role::Kai)?,
        main: opt(&story.headline, Role::Headline)?,
        subtitle: opt(&story.subtitle, Role::Subhead)?,
        byline: if whole {
            opt(&story.byline, Role::Kai)?
        } else {
            None
        },
        body,
        whole,
        head_left,
        auto,
        heads: HeadsBeside::default(),
    }))
}

/// How a vertical module is made, kept on its [`Variant`].
#[derive(Debug, Clone)]
pub enum Shape {
    /// A horizontal body beside a vertical headline.
    Head {
        /// The headline block beside each body setting (`Height::body` indexes it), its
        /// lines vertical, and the rows it runs down.
        heads: Vec<(HeadSet, usize)>,
        /// Grid columns the headline takes.
        head_cols: usize,
        /// Whether it stands left of the body.
        left: bool,
        /// The same story with its headline on the other side, where the editor left the
        /// side open (the search tries both).
        other: Option<std::sync::Arc<Variant>>,
    },
    /// A whole vertical story: one setting per offered height (`Height::body` indexes it).
    Story(Vec<Setting>),
}

/// A whole vertical story set at one height.
#[derive(Debug, Clone)]
pub struct Setting {
    /// The headline block, and the rows it runs down.
    pub head: Option<(HeadSet, usize)>,
    /// The byline.
    pub byline: Option<Line>,
    /// Body lines, right to left, and whether each is a subhead line.
    pub lines: Vec<(Line, bool)>,
    /// The tiers its lines stand in.
    pub tiers: Tiers,
    /// Lines in the first tier (beside the title and byline), and in each other.
    pub first_cap: usize,
    /// Lines in each tier after the first.
    pub cap: usize,
    /// Where each line of the first tier stands: its centre's distance left of the right
    /// edge of the text (after the title and byline).
    pub across: Vec<Pt>,
}

impl Shape {
    /// Rows of the vertical headline along `edge` at a height, from the top of the text:
    /// a 竖题 stands along its own side, a vertical story's title along the right, where
    /// its lines start.
    pub fn head_span(&self, h: &Height, edge: Edge) -> Option<(usize, usize)> {
        let (rows, side) = match self {
            Shape::Head { heads, left, .. } => {
                (heads.get(h.body)?.1, if *left { Edge::Left } else { Edge::Right })
            }
            Shape::Story(settings) => (settings.get(h.body)?.head.as_ref()?.1, Edge::Right),
        };
        (side == edge).then_some((0, rows))
    }
}

/// Width across the lines of a headline block.
fn head_width(h: &HeadSet) -> Pt {
    h.lines.iter().map(|(s, _)| *s * HEAD_LEADING).sum()
}

/// Length of the longest line of a headline block, its ½ em of air at each end included.
fn head_length(h: &HeadSet) -> Pt {
    h.lines.iter().map(|(s, l)| l.width + *s).fold(Pt::ZERO, Pt::max)
}

/// The largest headline of `sizes` whose lines, `measure` long (or as long as its longest
/// marked phrase, up to `max`), stand side by side in `width`.
fn vertical_head(
    ctx: &Ctx,
    v: &VerticalPrep,
    (measure, max): (Pt, Pt),
    width: Pt,
    sizes: &[f64],
    fixed: &Fixed,
) -> Option<HeadSet> {
    let main = v.main.as_ref()?;
    let pars = HeadPars {
        kicker: v.kicker.as_ref(),
        main,
        subtitle: v.subtitle.as_ref(),
    };
    let fits = |h: &HeadSet| head_width(h) <= width;
    // A phrase the copy marks (a space) is never broken inside when it fits the page.
    let mut phrase: f64 = 0.0;
    let mut run = 0.0;
    for (i, c) in main.clusters.iter().enumerate() {
        if main.cluster_text(i) == " " {
            run = 0.0;
        } else {
            run += c.advance;
            phrase = phrase.max(run);
        }
    }
    let measure_at = |s: f64| measure.max(Pt(s * (phrase + 1.0))).min(max);
    if let Some(s) = fixed.headline_size {
        return set_head(ctx, &pars, measure_at(s), sizes, Some(s), 3).filter(fits);
    }
    sizes.iter().find_map(|&s| {
        let lines = ((width.0 / (s * HEAD_LEADING)).floor() as usize).clamp(1, 3);
        set_head(ctx, &pars, measure_at(s), &[s], None, lines).filter(fits)
    })
}

/// A whole vertical story at `cols` columns: every height, from the least at which its lines
/// fit across the module, up to [`STORY_HEIGHTS`] of them. Lines longer than
/// [`TIER_MAX_CHARS`] are set in tiers (分栏), one under the other; lines shorter than
/// [`STORY_MIN_CHARS`] are not offered; the white beside the last lines is a hole, counted
/// by the cells it spans.
pub fn story_variant(
    ctx: &Ctx,
    prep: &StoryPrep,
    v: &VerticalPrep,
    cols: usize,
    sizes: &[f64],
    fixed: &Fixed,
) -> Option<Variant> {
    let grid = ctx.grid;
    let (body, pitch) = (grid.format.body, grid.format.pitch);
    let width = grid.span(cols);
    let label_rows = prep.label.is_some() as usize * LABEL_ROWS;
    let body_style = ctx.par(body);
    let cell = grid.column_width() + grid.gutter();
    // Lines that stand in `room` across, a line pitch each (a hair of slack for rounding).
    let slots = |room: Pt| ((room.0 + 1e-6) / pitch.0).floor().max(0.0) as usize;
    let mut settings = Vec::new();
    let mut heights = Vec::new();
    for rows in (label_rows + 4)..=grid.format.lines {
        let Some(tiers) = Tiers::at(rows - label_rows, (body, pitch)) else {
            continue;
        };
        let measure = tiers.measure;
        let head = match &v.main {
            Some(_) => Some(vertical_head(
                ctx,
                v,
                (measure + body, measure + body),
                width,
                sizes,
                fixed,
            )?),
            None => None,
        };
        let mut first = head.as_ref().map_or(Pt::ZERO, |h| head_width(h) + body * 0.5);
        let head = head.map(|h| {
            let rows = grid.rows_for(head_length(&h));
            (h, rows)
        });
        let byline = v.byline.as_ref().and_then(|b| {
            let style = ctx.par(KAI_SIZE).aligned(Align::Left);
            compose_par(ctx.db, b, &style, measure - body * BYLINE_DROP)
                .lines
                .into_iter()
                .next()
        });
        first += pitch * byline.is_some() as usize as f64;
        if first > width {
            continue;
        }
        let mut lines = Vec::new();
        // Whether each line starts a paragraph after the first.
        let mut starts = Vec::new();
        for (par, subhead) in &v.body {
            let style = if *subhead {
                body_style.aligned(Align::Center)
            } else {
                body_style
            };
            let composed = compose_par(ctx.db, par, &style, measure).lines;
            starts.extend((0..composed.len()).map(|i| i == 0 && !lines.is_empty()));
            lines.extend(composed.into_iter().map(|l| (l, *subhead)));
        }
        // The title and byline stand at the right of the first tier, the lines follow it
        // and then fill each tier below, right to left.
        let (first_cap, cap) = (slots(width - first), slots(width));
        let n = lines.len();
        if cap == 0 || n > first_cap + (tiers.count - 1) * cap {
            continue;
        }
        let (across, extent) = first_tier(
            &starts[..n.min(first_cap)],
            tiers.count == 1,
            width - first,
            pitch,
        );
        // The white left of the last lines, and any tier left empty, in cells.
        let (last, used) = if n <= first_cap {
            (0, first + extent)
        } else {
            let k = n - first_cap;
            (1 + (k - 1) / cap, pitch * (k - (k - 1) / cap * cap) as f64)
        };
        let spare = (width - used).0 / cell.0 * tiers.rows as f64
            + ((tiers.count - 1 - last) * tiers.rows * cols) as f64;
        heights.push(Height {
            rows,
            holes: spare.round() as usize,
            white: 0,
            head_extra: 0,
            frame_rows: 0,
            body: settings.len(),
            across: false,
            auto: false,
        });
        settings.push(Setting {
            head,
            byline,
            lines,
            tiers,
            first_cap,
            cap,
            across,
        });
        if settings.len() == STORY_HEIGHTS {
            break;
        }
    }
    if heights.is_empty() {
        return None;
    }
    Some(vertical_variant(
        cols,
        label_rows,
        Vec::new(),
        heights,
        Shape::Story(settings),
    ))
}

/// A variant made vertically: no horizontal headline, photo or caption of its own; `shape`
/// says how it is drawn.
fn vertical_variant(
    cols: usize,
    label_rows: usize,
    bodies: Vec<BodySet>,
    heights: Vec<Height>,
    shape: Shape,
) -> Variant {
    Variant {
        cols,
        head: None,
        head_rows: 0,
        label_rows,
        min_ppi: None,
        crop: false,
        captions: Vec::new(),
        bodies,
        heights,
        vertical: Some(std::sync::Arc::new(shape)),
        boxed: false,
    }
}

/// Where the lines of a whole vertical story's first tier stand, one per paragraph start in
/// `starts` (true where a paragraph after the first begins), across `room`: each line's
/// centre left of the text's right edge, and the width they take. A one-tier story (`spread`)
/// that does not fill its room sets [`PAR_GAP_LINES`] of white between paragraphs where they
/// all fit, then opens its line pitch evenly, up to [`SPREAD_MAX`]; other tiers stand solid.
fn first_tier(starts: &[bool], spread: bool, room: Pt, pitch: Pt) -> (Vec<Pt>, Pt) {
    let n = starts.len();
    if n == 0 {
        return (Vec::new(), Pt::ZERO);
    }
    let breaks = starts.iter().filter(|&&s| s).count();
    let slots = ((room.0 + 1e-6) / pitch.0).floor() as usize;
    let gap = if spread && n + breaks * PAR_GAP_LINES <= slots {
        PAR_GAP_LINES
    } else {
        0
    };
    let units = n + breaks * gap;
    let step = if spread {
        (room / units as f64).max(pitch).min(pitch * SPREAD_MAX)
    } else {
        pitch
    };
    let mut at = 0;
    let centres = starts
        .iter()
        .map(|&start| {
            if start {
                at += gap;
            }
            at += 1;
            step * (at as f64 - 0.5)
        })
        .collect();
    (centres, step * units as f64)
}

/// How a whole vertical story's text rows are cut into tiers (分栏), a separator row with its
/// rule between each two.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tiers {
    /// How many.
    pub count: usize,
    /// Rows of each.
    pub rows: usize,
    /// Length of a line: whole characters, ½ line of air above and below.
    pub measure: Pt,
}

impl Tiers {
    /// The fewest tiers of equal height that `text_rows` rows make with lines no longer than
    /// [`TIER_MAX_CHARS`]; `None` when they do not divide evenly or the lines come out
    /// shorter than [`STORY_MIN_CHARS`].
    fn at(text_rows: usize, (body, pitch): (Pt, Pt)) -> Option<Tiers> {
        let measure = |rows: usize| body * ((pitch * rows as f64 - pitch).0 / body.0).floor();
        let count = (1..=text_rows).find(|&t| measure((text_rows + 1) / t - 1) <= body * TIER_MAX_CHARS)?;
        if !(text_rows + 1).is_multiple_of(count) {
            return None;
        }
        let rows = (text_rows + 1) / count - 1;
        let measure = measure(rows);
        (measure >= body * STORY_MIN_CHARS).then_some(Tiers { count, rows, measure })
    }
}

/// Emits the lines of a headline block as vertical lines, right to left from `right`: a
/// one-line headline centred in `length` from `top`, the lines of a longer one flush top
/// (TYPOGRAPHY.md §6.2: full height or a consistent alignment). Returns how far down its
/// lines run, from the top of the first to the end of the longest.
fn draw_vertical_head(
    h: &HeadSet,
    right: Pt,
    top: Pt,
    length: Pt,
    items: &mut Vec<Item>,
    d: &mut Drawn,
) -> (Pt, Pt) {
    let mut x = right;
    let one_line = h.lines.len() == 1;
    let mut reach: Option<(Pt, Pt)> = None;
    for (size, line) in &h.lines {
        let start = if one_line {
            top + (length - line.width) / 2.0
        } else {
            top + *size / 2.0
        };
        let (a, b) = reach.unwrap_or((start, start + line.width));
        reach = Some((a.min(start), b.max(start + line.width)));
        // Headline lines come centred in their measure: start them at the line's start.
        let mut at_start = line.clone();
        let shift = line.glyphs.first().map_or(Pt::ZERO, |g| g.inline);
        for g in &mut at_start.glyphs {
            g.inline -= shift;
        }
        x -= *size * HEAD_LEADING;
        let centre = x + *size * (HEAD_LEADING / 2.0);
        emit_line_in(
            &at_start,
            WritingMode::Vertical,
            Point::new(centre, start),
            *size,
            Cmyk::BLACK,
            items,
        );
        d.chars_set += line_chars(line);
    }
    reach.unwrap_or((top, top))
}

/// Draws a vertical variant at a height with its top-left cell at (`col0`, `row0`).
pub fn draw(
    ctx: &Ctx,
    prep: &StoryPrep,
    (v, shape): (&Variant, &Shape),
    height: &Height,
    (col0, row0, rows): (usize, usize, usize),
    items: &mut Vec<Item>,
    marks: &mut Vec<Mark>,
) -> Drawn {
    let grid = ctx.grid;
    let mut d = Drawn::default();
    let x0 = grid.col_x(col0);
    let mut r = row0;
    if let Some(label) = &prep.label {
        draw_label(ctx, label, x0, r, items);
        d.span_rows(v.cols, r - row0..r - row0 + LABEL_ROWS);
        r += LABEL_ROWS;
    }
    let text_rows = (row0 + rows).saturating_sub(r);
    match shape {
        Shape::Head {
            heads,
            head_cols,
            left,
            ..
        } => beside::draw(
            ctx,
            prep,
            (v, heads, *head_cols, *left),
            height,
            (col0, row0, rows, r),
            items,
            &mut d,
        ),
        Shape::Story(settings) => {
            let s = &settings[height.body];
            let (body, pitch) = (grid.format.body, grid.format.pitch);
            let top = grid.row_y(r) + pitch / 2.0;
            let mut right = x0 + grid.span(v.cols);
            if let Some((h, head_rows)) = &s.head {
                // A story's title stands flush top with its text, at its natural spacing.
                let _ = draw_vertical_head(h, right, top - body / 2.0, head_length(h), items, &mut d);
                d.head = Some((r - row0, r - row0 + head_rows));
                d.head_cols = Some((v.cols - 1, 1));
                right -= head_width(h) + body * 0.5;
            }
            if let Some(line) = &s.byline {
                let centre = right - pitch / 2.0;
                emit_line_in(
                    line,
                    WritingMode::Vertical,
                    Point::new(centre, top + body * BYLINE_DROP),
                    KAI_SIZE,
                    Cmyk::BLACK,
                    items,
                );
                d.chars_set += line_chars(line);
                right -= pitch;
            }
            // Each tier starts a separator row under the one above, at the module's right.
            let edge = x0 + grid.span(v.cols);
            // How far left each tier's text reaches: its title and byline, then its lines.
            let mut reach: Vec<Option<Pt>> = vec![None; s.tiers.count];
            if right < edge {
                reach[0] = Some(right);
            }
            let tier_row = |k: usize| r + k * (s.tiers.rows + 1);
            for (k, (line, _subhead)) in s.lines.iter().enumerate() {
                let (tier, centre) = if let Some(&a) = s.across.get(k) {
                    (0, right - a)
                } else {
                    let j = k - s.first_cap;
                    (1 + j / s.cap, edge - pitch * ((j % s.cap) as f64 + 0.5))
                };
                if centre < x0 || tier >= s.tiers.count || tier_row(tier) + s.tiers.rows > row0 + rows {
                    d.overflow_chars += line_chars(line);
                    d.overflow_lines += 1;
                    continue;
                }
                emit_line_in(
                    line,
                    WritingMode::Vertical,
                    Point::new(centre, grid.row_y(tier_row(tier)) + pitch / 2.0),
                    body,
                    Cmyk::BLACK,
                    items,
                );
                d.chars_set += line_chars(line);
                d.ragged += line.ragged as usize;
                if line.loose {
                    // The line stands down its tier, a pitch wide: the proof marks it there.
                    let at = Rect::new(
                        centre - pitch / 2.0,
                        grid.row_y(tier_row(tier)),
                        pitch,
                        pitch * s.tiers.rows as f64,
                    );
                    d.loose += 1;
                    d.faults.push((at, Fault::LooseLine));
                    d.loose_at.push((line.span, super::story::line_tail(line)));
                }
                let left = centre - body / 2.0;
                reach[tier] = Some(reach[tier].map_or(left, |x| x.min(left)));
            }
            // A rule across the module between each two tiers, as between modules.
            for k in 1..s.tiers.count {
                let row = tier_row(k) - 1;
                if row < row0 + rows {
                    super::furniture::module_rule(grid, col0, v.cols, row, items);
                    d.filled.extend((0..v.cols).map(|c| (c, row - row0)));
                }
            }
            // No column rule runs through the module, but only the columns its lines reach
            // hold anything: the white left of its last lines is a hole, as the search
            // counts it.
            let end = r - row0 + text_rows;
            d.spanning.extend(r - row0..end);
            for (k, left) in reach.iter().enumerate() {
                let Some(left) = *left else {
                    continue;
                };
                let reached = (0..v.cols).filter(|&c| grid.col_x(col0 + c) + grid.column_width() > left);
                let top = tier_row(k) - row0;
                for rr in top..(top + s.tiers.rows).min(end) {
                    d.filled.extend(reached.clone().map(|c| (c, rr)));
                }
            }
        }
    }
    marks.extend(d.fault_marks());
    if d.overflow_chars > 0 {
        marks.push(Mark {
            rect: Rect::new(
                x0,
                grid.row_y(row0),
                grid.span(v.cols),
                grid.format.pitch * rows as f64,
            ),
            kind: MarkKind::Overflow {
                chars: d.overflow_chars,
            },
            origin: None,
        });
    }
    d
}
