//! A horizontal body beside its vertical headline (竖题, `#|`): the headline broken to the
//! body's height, the body running on under a shorter one in its column (an L round the
//! head), and the story's other form, its headline across the top, offered beside it.

use super::{
    BODY_FLEX, HEAD_MAX_SHARE, HEAD_MIN_ROWS, Shape, VerticalPrep, draw_vertical_head, head_length,
    head_width, vertical_head, vertical_variant,
};
use crate::compose::{Align, compose_par};
use crate::geom::Pt;
use crate::layout::body::{Beside, BodySet, MIN_UNDER_BESIDE, Settings as Fit, bodies, fit_body};
use crate::layout::ctx::Ctx;
use crate::layout::head::HeadSet;
use crate::layout::module::{Drawn, Fixed, Height, Variant, draw_body};
use crate::layout::page::{Cmyk, Item};
use crate::layout::story::{KAI_SIZE, LABEL_ROWS, StoryPrep};
use crate::layout::text::line_chars;

/// The vertical headline beside a body `rows` tall: broken to that height, at the largest
/// size whose lines stand within it, else at the largest that fits the column. A headline
/// longer than its body leaves white under the body, where TYPOGRAPHY.md §6.2 wants the
/// head's lines full height beside it (the proofreader's 37 mm under the 3-column story);
/// one shorter has the body run on under it, on the right.
fn head_beside(
    ctx: &Ctx,
    v: &VerticalPrep,
    (rows, max): (usize, Pt),
    width: Pt,
    sizes: &[f64],
    fixed: &Fixed,
) -> Option<HeadSet> {
    let grid = ctx.grid;
    let measure = grid.format.pitch * rows as f64;
    let within = |h: &HeadSet| grid.rows_for(head_length(h)) <= rows;
    let fitting = match fixed.headline_size {
        // The editor's size stands.
        Some(_) => None,
        None => (0..sizes.len())
            .find_map(|k| vertical_head(ctx, v, (measure, max), width, &sizes[k..=k], fixed).filter(within)),
    };
    fitting.or_else(|| vertical_head(ctx, v, (measure, max), width, sizes, fixed))
}

/// A `#|` story at `cols` columns: its body beside the vertical headline and, as the search's
/// second choice, `across` (the story with its headline across the top), in one variant whose
/// heights say which (`Height::across`). The search weighs them like any other heights, by
/// the white they leave and the headlines they stand beside (撞题), where before the
/// vertical form simply replaced the other: a story that cannot have its headline beside the
/// body at a width (one column, a photo across the module) is set across there, not dropped.
/// Where the editor left the side open, the variant keeps its form with the headline on the
/// left too (see [`other_side`]).
pub fn head_variants(
    ctx: &Ctx,
    (prep, v): (&StoryPrep, &VerticalPrep),
    cols: usize,
    (sizes, fixed): (&[f64], &Fixed),
    across: Option<Variant>,
) -> Option<Variant> {
    // One column has no room beside a vertical headline, and a photo needs the module's
    // whole width.
    let can = cols >= 2 && prep.photos.is_empty();
    let side = |left: bool| {
        can.then(|| head_variant(ctx, prep, v, cols, (sizes, fixed), left))
            .flatten()
            .map(|b| with_across(b, across.clone(), v.auto))
    };
    let left = v.head_left.unwrap_or(false);
    let Some(mut beside) = side(left) else {
        return across;
    };
    if v.head_left.is_none()
        && let Some(other) = side(!left)
        && let Some(Shape::Head { other: slot, .. }) =
            beside.vertical.as_mut().and_then(std::sync::Arc::get_mut)
    {
        *slot = Some(std::sync::Arc::new(other));
    }
    Some(beside)
}

/// `beside` (a body beside its 竖题) with the heights of `across` (its headline across the
/// top) added, each height the cheaper of the two where both have it; both where the 竖题 is
/// the engine's offer (`keep_both`), whose worth shows only beside the neighbours (see
/// `place::with_staggered_heads`).
fn with_across(mut beside: Variant, across: Option<Variant>, keep_both: bool) -> Variant {
    let Some(across) = across else {
        return beside;
    };
    let first = beside.bodies.len();
    beside.head = across.head;
    beside.head_rows = across.head_rows;
    beside.bodies.extend(across.bodies);
    for h in across.heights {
        let h = Height {
            body: h.body + first,
            ..h
        };
        let same_rows = beside.heights.iter_mut().find(|o| o.rows == h.rows);
        match same_rows.filter(|_| !keep_both) {
            Some(o) if o.inner_cost(beside.cols) > h.inner_cost(beside.cols) => *o = h,
            Some(_) => {}
            None => beside.heights.push(h),
        }
    }
    beside.heights.sort_by_key(|h| h.rows);
    beside
}

/// The variant with its vertical headline on the other side of its body (the search's
/// choice where the editor left the side open); `None` for one without a 竖题 beside it, or
/// whose side the editor fixed.
pub fn other_side(v: &Variant) -> Option<Variant> {
    match v.vertical.as_deref() {
        Some(Shape::Head { other: Some(o), .. }) => Some((**o).clone()),
        _ => None,
    }
}

/// A horizontal body beside a one-column vertical headline. On the right (where a vertical
/// line starts) the body runs on under a headline shorter than it, in the headline's column
/// (an L round the head), as a page sets it; on the left, where the text's first column
/// would start under the head, away from its byline, it stands in the other columns.
fn head_variant(
    ctx: &Ctx,
    prep: &StoryPrep,
    v: &VerticalPrep,
    cols: usize,
    (sizes, fixed): (&[f64], &Fixed),
    left: bool,
) -> Option<Variant> {
    let grid = ctx.grid;
    let head_cols = 1;
    let body_cols = cols - head_cols;
    let label_rows = prep.label.is_some() as usize * LABEL_ROWS;
    let byline_rows = prep.byline.is_some() as usize;
    let max_rows = ((grid.format.lines as f64 * HEAD_MAX_SHARE) as usize).max(HEAD_MIN_ROWS);
    let max = grid.format.pitch * max_rows as f64;
    let width = grid.span(head_cols);
    // Each text height gets the headline that stands beside it; heights that ask the same
    // measure share their headline, set once.
    let mut made: Vec<(usize, Option<(HeadSet, usize)>)> = Vec::new();
    let mut head_at = |text_rows: usize| -> Option<(HeadSet, usize)> {
        let rows = text_rows.clamp(HEAD_MIN_ROWS, max_rows);
        if let Some((_, h)) = made.iter().find(|(r, _)| *r == rows) {
            return h.clone();
        }
        let head = v
            .heads
            .get_or_set((rows, sizes, fixed.headline_size), || {
                head_beside(ctx, v, (rows, max), width, sizes, fixed)
            })
            .map(|h| {
                let rows = grid.rows_for(head_length(&h));
                (h, rows)
            });
        made.push((rows, head.clone()));
        head
    };
    let mut set = Settings::default();
    let above = (label_rows, byline_rows);
    if left {
        on_left(prep, body_cols, above, &mut head_at, &mut set)?;
    } else {
        on_right(ctx, prep, cols, above, &mut head_at, &mut set);
    }
    let Settings {
        heads,
        sets,
        mut heights,
    } = set;
    if heights.is_empty() {
        return None;
    }
    // One height per row count, the fewest holes.
    heights.sort_by_key(|h| (h.rows, h.holes, h.white));
    heights.dedup_by_key(|h| h.rows);
    for h in &mut heights {
        h.auto = v.auto;
    }
    Some(vertical_variant(
        cols,
        label_rows,
        sets,
        heights,
        Shape::Head {
            heads,
            head_cols,
            left,
            other: None,
        },
    ))
}

/// The settings of a body beside its 竖题: the headline, body and height of each.
#[derive(Default)]
struct Settings {
    heads: Vec<(HeadSet, usize)>,
    sets: Vec<BodySet>,
    heights: Vec<Height>,
}

impl Settings {
    fn push(&mut self, head: (HeadSet, usize), body: BodySet, height: Height) {
        self.heights.push(Height {
            body: self.sets.len(),
            ..height
        });
        self.heads.push(head);
        self.sets.push(body);
    }
}

/// A height of `rows` with `holes` and `white`, its body to be given by [`Settings::push`].
fn height(rows: usize, holes: usize, white: usize) -> Height {
    Height {
        rows,
        holes,
        white,
        head_extra: 0,
        frame_rows: 0,
        body: 0,
        across: false,
        auto: false,
    }
}

/// The body in the `body_cols` columns right of its 竖题, at its least height and a few
/// more; `None` where a headline cannot be set.
fn on_left(
    prep: &StoryPrep,
    body_cols: usize,
    (label_rows, byline_rows): (usize, usize),
    head_at: &mut impl FnMut(usize) -> Option<(HeadSet, usize)>,
    set: &mut Settings,
) -> Option<()> {
    for body in bodies(prep, body_cols, BODY_FLEX, None) {
        let head = head_at(byline_rows + body.rows)?;
        let text_rows = (byline_rows + body.rows).max(head.1);
        // Air under a short body, or under a headline shorter than the body, is a hole
        // like any other.
        let under_body = (text_rows - byline_rows - body.rows) * body_cols;
        let (holes, white) = split_white(text_rows - head.1);
        let h = height(
            label_rows + text_rows,
            body.holes + under_body + holes,
            body.white + white,
        );
        set.push(head, body, h);
    }
    Some(())
}

/// The body in all `cols` columns, the 竖题 at the head of the last (the body runs on under
/// it), at its least height and a few more.
fn on_right(
    ctx: &Ctx,
    prep: &StoryPrep,
    cols: usize,
    (label_rows, byline_rows): (usize, usize),
    head_at: &mut impl FnMut(usize) -> Option<(HeadSet, usize)>,
    set: &mut Settings,
) {
    let grid = ctx.grid;
    let body_cols = cols - 1;
    // The body's least height over all the columns, its lines tightened; taller ones
    // follow until it fits, then a few more for the search.
    let natural: usize = prep.flow.iter().map(|f| f.rows()).sum();
    let tight = natural.saturating_sub(prep.alts.len());
    let lowest = byline_rows + tight.div_ceil(cols).max(1);
    let tallest = grid.format.lines.saturating_sub(label_rows);
    let mut first_fit = None;
    // The body's settings, made once for all the heights tried.
    let mut fit = Fit::new(prep);
    for text_rows in lowest..=tallest {
        if first_fit.is_some_and(|f| text_rows > f + BODY_FLEX) {
            break;
        }
        let Some(head) = head_at(text_rows) else {
            continue;
        };
        if head.1 > text_rows {
            continue;
        }
        let body_rows = text_rows - byline_rows;
        // Too few rows under the head for a column's lines: its column holds the head
        // alone, and the rows under it are white.
        let under = text_rows - head.1;
        let (top, (holes, white)) = if under >= MIN_UNDER_BESIDE {
            (head.1.saturating_sub(byline_rows), (0, 0))
        } else {
            (body_rows, split_white(under))
        };
        let beside = Beside {
            col: body_cols,
            rows: top,
        };
        let Some(body) = fit_body(&mut fit, cols, body_rows, Some(beside)) else {
            continue;
        };
        first_fit.get_or_insert(text_rows);
        let h = height(label_rows + text_rows, body.holes + holes, body.white + white);
        set.push(head, body, h);
    }
}

/// White `rows` tall in one column: a hole (two rows or more), or a foot a row short.
fn split_white(rows: usize) -> (usize, usize) {
    if rows >= 2 { (rows, 0) } else { (0, rows) }
}

/// Draws a body beside its 竖题 at a height, the module's top-left cell at (`col0`, `row0`),
/// its text from row `r` (under the label).
pub(super) fn draw(
    ctx: &Ctx,
    prep: &StoryPrep,
    (v, heads, head_cols, left): (&Variant, &[(HeadSet, usize)], usize, bool),
    height: &Height,
    (col0, row0, rows, r): (usize, usize, usize, usize),
    items: &mut Vec<Item>,
    d: &mut Drawn,
) {
    let grid = ctx.grid;
    let text_rows = (row0 + rows).saturating_sub(r);
    let (head, head_rows) = &heads[height.body];
    let body_cols = v.cols - head_cols;
    let (head_col, body_col) = if left {
        (col0, col0 + head_cols)
    } else {
        (col0 + body_cols, col0)
    };
    // The body runs on under the head, in its column (an L round it).
    let under = v.bodies[height.body]
        .beside
        .is_some_and(|b| b.rows + usize::from(prep.byline.is_some()) < text_rows);
    let head_w = grid.span(head_cols);
    let right = grid.col_x(head_col) + head_w - (head_w - head_width(head)) / 2.0;
    // A one-line head stands centred beside its text, or in its own rows above the
    // text under it.
    let length = match under {
        true => grid.format.pitch * *head_rows as f64,
        false => grid.format.pitch * text_rows.min(height.rows - v.label_rows) as f64,
    };
    let (y0, y1) = draw_vertical_head(head, right, grid.row_y(r), length, items, d);
    let head_c = head_col - col0;
    d.head = Some((r - row0, r - row0 + head_rows));
    d.head_cols = Some((head_c, head_cols));
    // Its column holds something only where its lines are: the white above and
    // under a short one is a hole; over text, its rows are its block.
    let head_end = r - row0 + if under { *head_rows } else { text_rows };
    for rr in r - row0..head_end {
        let row_top = grid.row_y(row0 + rr);
        if under || row_top < y1 && row_top + grid.format.pitch > y0 {
            d.filled.extend((head_c..head_c + head_cols).map(|c| (c, rr)));
        }
    }
    // A 竖题 belongs to its text: no column rule parts them (rules part a story's
    // text columns and stories, LAYOUT.md), so the gutter beside it is covered.
    let beside = if left { head_c + head_cols } else { head_c - 1 };
    d.covered.extend(
        (r - row0..head_end)
            .flat_map(|rr| (head_c..head_c + head_cols).chain([beside]).map(move |c| (c, rr))),
    );
    let mut top = r;
    if let Some(by) = &prep.byline {
        let c = compose_par(
            ctx.db,
            by,
            &ctx.par(KAI_SIZE).aligned(Align::Left),
            grid.span(body_cols),
        );
        if let Some(line) = c.lines.first() {
            crate::layout::text::emit_line(
                line,
                grid.col_x(body_col),
                grid.baseline(top),
                KAI_SIZE,
                Cmyk::BLACK,
                items,
            );
            d.chars_set += line_chars(line);
        }
        let bc = body_col - col0;
        d.filled.extend((bc..bc + body_cols).map(|c| (c, top - row0)));
        top += 1;
    }
    let mut body_d = Drawn::default();
    let set = &v.bodies[height.body];
    // A body with the head at the head of its last column fills all of them.
    let (from, width) = match set.beside {
        Some(_) => (col0, v.cols),
        None => (body_col, body_cols),
    };
    draw_body(
        ctx,
        set,
        (from, width, top, (row0 + rows).saturating_sub(top)),
        (row0, Pt(0.0)),
        items,
        &mut body_d,
    );
    // The body's cells are counted from the module's first column.
    let shift = from - col0;
    d.filled
        .extend(body_d.filled.iter().map(|&(c, rr)| (c + shift, rr)));
    d.chars_set += body_d.chars_set;
    d.ragged += body_d.ragged;
    d.overflow_chars += body_d.overflow_chars;
    d.overflow_lines += body_d.overflow_lines;
    d.stopped = body_d.stopped;
}
