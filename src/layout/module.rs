//! A story as a module on the grid: its variant at a width (exact rows, no estimates), and
//! drawing it at a place (LAYOUT.md "exact heights").

use super::grid::Grid;
use super::page::{Cmyk, Fill, ImageItem, Item, Mark, MarkKind, Stroke};
use super::story::{CREDIT_SIZE, Flow, KAI_SIZE, LABEL_ROWS, LABEL_SIZE, StoryPrep};
use super::text::{emit_line, line_chars};
use crate::compose::{Align, Line, ParStyle, compose_par};
use crate::copy::StoryKind;
use crate::geom::{Point, Pt, Rect};
use crate::shape::ShapedPar;

/// Rows an article may give to its headline block beyond what it needs, to close a gap.
const ARTICLE_FLEX: usize = 2;

/// The headline as set at one size.
#[derive(Debug, Clone)]
pub struct HeadSet {
    /// Font size.
    pub size: Pt,
    /// Lines, centred on the module.
    pub lines: Vec<Line>,
}

/// A story set at a width: every height in whole rows.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Columns spanned.
    pub cols: usize,
    /// The headline, when the story has one.
    pub head: Option<HeadSet>,
    /// Rows of the headline block.
    pub head_rows: usize,
    /// Caption lines of each photo at the module width.
    pub captions: Vec<(Vec<Line>, Option<Line>)>,
    /// Least and most rows of each photo frame.
    pub frame: (usize, usize),
    /// Rows of the balanced body.
    pub body_rows: usize,
    /// Least rows of the module.
    pub min_rows: usize,
    /// Most rows the module can use well.
    pub max_rows: usize,
}

/// Headline sizes to try, largest first, from the 号 scale (TYPOGRAPHY.md §4.1, §4.5).
fn head_sizes(lead: bool, cols: usize) -> &'static [f64] {
    match (lead, cols) {
        (true, 5..) => &[36.0, 28.0, 26.0, 22.0],
        (true, 3..) => &[28.0, 26.0, 22.0, 18.0],
        (_, 4..) => &[24.0, 22.0, 18.0],
        (_, 3) => &[22.0, 18.0, 16.0],
        (_, 2) => &[18.0, 16.0, 14.0],
        _ => &[16.0, 14.0, 12.0],
    }
}

/// Sets a headline at a measure: one line if it fits, else at its marked phrase break, else
/// wherever the composer finds best; `None` if it needs more than `max_lines`.
fn set_headline(par: &ShapedPar, size: Pt, measure: Pt, max_lines: usize) -> Option<HeadSet> {
    let style = ParStyle::body(size).aligned(Align::Center);
    let whole = compose_par(par, &style, measure);
    if whole.forced > 0 {
        return None;
    }
    let mut lines = whole.lines;
    if lines.len() > 1 && par.text.contains(' ') {
        // Break at the phrase boundary the copy marks with a space (FORMAT.md).
        let split: Vec<usize> = par
            .clusters
            .iter()
            .enumerate()
            .filter(|(i, _)| par.cluster_text(*i) == " ")
            .map(|(i, _)| i)
            .collect();
        let mut phrase_lines = Vec::new();
        let mut a = 0;
        for &s in split.iter().chain(std::iter::once(&par.clusters.len())) {
            let sub = sub_par(par, a, s);
            let c = compose_par(&sub, &style, measure);
            phrase_lines.extend(c.lines);
            a = s + 1;
        }
        if phrase_lines.len() <= lines.len() {
            lines = phrase_lines;
        }
    }
    (lines.len() <= max_lines).then_some(HeadSet { size, lines })
}

/// Clusters `a..b` of a shaped paragraph as a paragraph of their own.
fn sub_par(par: &ShapedPar, a: usize, b: usize) -> ShapedPar {
    let b = b.min(par.clusters.len());
    if a >= b {
        return ShapedPar {
            text: String::new(),
            clusters: Vec::new(),
        };
    }
    let base = par.clusters[a].start;
    let end = par.clusters[b - 1].end;
    let clusters = par.clusters[a..b]
        .iter()
        .map(|c| crate::shape::Cluster {
            start: c.start - base,
            end: c.end - base,
            ..c.clone()
        })
        .collect();
    ShapedPar {
        text: par.text[base..end].to_string(),
        clusters,
    }
}

/// Puts flow items into `cols` columns of `h` rows; the column and row of each, or `None`.
fn distribute(flow: &[Flow], cols: usize, h: usize) -> Option<Vec<(usize, usize)>> {
    let mut at = Vec::with_capacity(flow.len());
    let (mut col, mut row) = (0, 0);
    for (i, item) in flow.iter().enumerate() {
        let need =
            item.rows() + matches!(item, Flow::Subhead(_)) as usize * flow.get(i + 1).map_or(0, |n| n.rows());
        if row > 0 && row + need > h {
            col += 1;
            row = 0;
        }
        if col >= cols || item.rows() > h {
            return None;
        }
        at.push((col, row));
        row += item.rows();
    }
    Some(at)
}

/// The least column height that holds the flow in `cols` balanced columns (PA-05: equal
/// columns, or only the last shorter).
fn balance(flow: &[Flow], cols: usize) -> usize {
    let total: usize = flow.iter().map(Flow::rows).sum();
    let mut h = total.div_ceil(cols.max(1));
    while distribute(flow, cols, h).is_none() {
        h += 1;
    }
    h
}

/// A story set at `cols` columns.
pub fn variant(prep: &StoryPrep, grid: &Grid, cols: usize, lead: bool) -> Option<Variant> {
    let width = grid.span(cols);
    let head = match &prep.headline {
        Some(par) => Some(head_sizes(lead, cols).iter().find_map(|&s| {
            let size = Pt(s);
            set_headline(par, size, width - size, if lead { 2 } else { 3 })
        })?),
        None => None,
    };
    let head_rows = head.as_ref().map_or(0, |h| {
        let n = h.lines.len() as f64;
        grid.rows_for(h.size * (1.0 + 1.2 * (n - 1.0)) + grid.format.pitch)
    });
    let caption_style = ParStyle::body(KAI_SIZE).aligned(Align::Justify);
    let captions: Vec<_> = prep
        .photos
        .iter()
        .map(|p| {
            let lines = p
                .caption
                .as_ref()
                .map_or(Vec::new(), |c| compose_par(c, &caption_style, width).lines);
            let credit = p.credit.as_ref().and_then(|c| {
                compose_par(c, &ParStyle::body(CREDIT_SIZE).aligned(Align::Right), width)
                    .lines
                    .into_iter()
                    .next()
            });
            (lines, credit)
        })
        .collect();
    // Photo frames: from a wide 2:1 to a tall 4:5, in whole rows (§4.3, GR-02). A photo
    // with its image has the rows of the image's proportions (within those bounds).
    let mut frame = (grid.rows_for(width * 0.5), grid.rows_for(width * 1.25));
    let natural: Vec<usize> = prep
        .photos
        .iter()
        .filter_map(|p| p.picture.as_ref())
        .map(|pic| grid.rows_for((width / pic.aspect()).max(width * 0.5).min(width * 1.25)))
        .collect();
    if let (Some(lo), Some(hi)) = (natural.iter().min(), natural.iter().max()) {
        frame = (*lo, *hi);
    }
    let photo_rows: usize = captions.iter().map(|(l, c)| l.len() + c.is_some() as usize).sum();
    let frames = prep.photos.len();
    let body_rows = if prep.flow.is_empty() {
        0
    } else {
        balance(&prep.flow, cols)
    };
    let fixed = prep.label.is_some() as usize * LABEL_ROWS
        + head_rows
        + prep.byline.is_some() as usize
        + photo_rows
        + body_rows;
    let (min_rows, max_rows) = if frames > 0 {
        (fixed + frames * frame.0, fixed + frames * frame.1)
    } else if prep.kind == StoryKind::Article && head.is_some() {
        (fixed, fixed + ARTICLE_FLEX)
    } else {
        (fixed, fixed)
    };
    Some(Variant {
        cols,
        head,
        head_rows,
        captions,
        frame,
        body_rows,
        min_rows,
        max_rows,
    })
}

/// What drawing a module produced besides items.
#[derive(Debug, Default)]
pub struct Drawn {
    /// Rows (relative to the module top) covered by elements spanning all its columns:
    /// column rules stop there.
    pub spanning: Vec<usize>,
    /// Characters that did not fit.
    pub overflow_chars: usize,
    /// Lines that did not fit.
    pub overflow_lines: usize,
    /// Characters set.
    pub chars_set: usize,
}

/// Draws a story's variant with its top-left cell at (`col0`, `row0`), `rows` tall.
pub fn draw(
    prep: &StoryPrep,
    v: &Variant,
    grid: &Grid,
    (col0, row0, rows): (usize, usize, usize),
    items: &mut Vec<Item>,
    marks: &mut Vec<Mark>,
) -> Drawn {
    let mut d = Drawn::default();
    let x0 = grid.col_x(col0);
    let width = grid.span(v.cols);
    let mut r = row0;
    let extra = rows.saturating_sub(v.min_rows);
    if let Some(label) = &prep.label {
        draw_label(label, grid, x0, r, items);
        d.spanning.extend(r - row0..r - row0 + LABEL_ROWS);
        r += LABEL_ROWS;
    }
    if let Some(h) = &v.head {
        let head_rows = v.head_rows + if prep.photos.is_empty() { extra } else { 0 };
        let block_h = grid.format.pitch * head_rows as f64;
        let n = h.lines.len() as f64;
        let text_h = h.size * (1.0 + 1.2 * (n - 1.0));
        let top = grid.row_y(r) + (block_h - text_h) / 2.0;
        for (k, line) in h.lines.iter().enumerate() {
            let baseline = top + h.size * (0.88 + 1.2 * k as f64);
            // The headline was centred in the module's width less ½ em on each side.
            emit_line(line, x0 + h.size / 2.0, baseline, h.size, Cmyk::BLACK, items);
            d.chars_set += line_chars(line);
        }
        d.spanning.extend(r - row0..r - row0 + head_rows);
        r += head_rows;
    }
    if let Some(by) = &prep.byline {
        let c = compose_par(by, &ParStyle::body(KAI_SIZE).aligned(Align::Left), width);
        if let Some(line) = c.lines.first() {
            emit_line(line, x0, grid.baseline(r), KAI_SIZE, Cmyk::BLACK, items);
            d.chars_set += line_chars(line);
        }
        d.spanning.push(r - row0);
        r += 1;
    }
    let frames = prep.photos.len();
    let frame_rows = extra
        .checked_div(frames)
        .map_or(0, |e| (v.frame.0 + e).min(v.frame.1.max(v.frame.0)));
    for (k, (lines, credit)) in v.captions.iter().enumerate() {
        let rect = Rect::new(
            x0,
            grid.row_y(r) + Pt(2.0),
            width,
            grid.format.pitch * frame_rows as f64 - Pt(4.0),
        );
        if let Some(picture) = prep.photos.get(k).and_then(|p| p.picture.as_ref()) {
            items.push(Item::Image(ImageItem {
                rect: contain(rect, picture.aspect()),
                picture: picture.clone(),
            }));
        } else {
            items.push(Item::Fill(Fill {
                rect,
                color: Cmyk::k(0.12),
            }));
            frame_stroke(rect, items);
            marks.push(Mark {
                rect,
                kind: MarkKind::PlaceholderPhoto,
            });
        }
        d.spanning.extend(r - row0..r - row0 + frame_rows);
        r += frame_rows;
        for line in lines {
            emit_line(line, x0, grid.baseline(r), KAI_SIZE, Cmyk::BLACK, items);
            d.chars_set += line_chars(line);
            d.spanning.push(r - row0);
            r += 1;
        }
        if let Some(line) = credit {
            emit_line(line, x0, grid.baseline(r), CREDIT_SIZE, Cmyk::BLACK, items);
            d.chars_set += line_chars(line);
            d.spanning.push(r - row0);
            r += 1;
        }
    }
    let body_top = r;
    let avail = (row0 + rows).saturating_sub(body_top);
    let h = v.body_rows.min(avail);
    let placed = distribute(&prep.flow, v.cols, h.max(1));
    for (i, item) in prep.flow.iter().enumerate() {
        let at = placed.as_ref().and_then(|p| p.get(i).copied());
        let line = match item {
            Flow::Line(l) | Flow::Subhead(l) => l,
        };
        match at {
            Some((c, rr)) if h > 0 => {
                let x = grid.col_x(col0 + c);
                let (baseline, size) = match item {
                    Flow::Line(_) => (grid.baseline(body_top + rr), grid.format.body),
                    // A subhead sits centred in its two rows.
                    Flow::Subhead(_) => (
                        grid.baseline(body_top + rr) + grid.format.pitch / 2.0,
                        grid.format.body,
                    ),
                };
                emit_line(line, x, baseline, size, Cmyk::BLACK, items);
                d.chars_set += line_chars(line);
            }
            _ => {
                d.overflow_chars += line_chars(line);
                d.overflow_lines += item.rows();
            }
        }
    }
    if prep.kind == StoryKind::Briefs {
        let half = grid.gutter() / 2.0;
        let rect = Rect::new(
            x0 - half,
            grid.row_y(row0) + Pt(1.0),
            width + half * 2.0,
            grid.format.pitch * rows as f64 - Pt(1.0),
        );
        frame_stroke(rect, items);
    }
    if d.overflow_chars > 0 {
        let rect = Rect::new(x0, grid.row_y(row0), width, grid.format.pitch * rows as f64);
        marks.push(Mark {
            rect,
            kind: MarkKind::Overflow {
                chars: d.overflow_chars,
            },
        });
    }
    d
}

/// A reversed column label: the name in white on a black block (栏目名).
fn draw_label(label: &ShapedPar, grid: &Grid, x0: Pt, row: usize, items: &mut Vec<Item>) {
    let c = compose_par(
        label,
        &ParStyle::body(LABEL_SIZE).aligned(Align::Left),
        grid.area.w,
    );
    let Some(line) = c.lines.first() else { return };
    let pad = LABEL_SIZE * 0.6;
    let top = grid.row_y(row) + grid.format.pitch * 0.3;
    let h = grid.format.pitch * (LABEL_ROWS as f64 - 0.6);
    items.push(Item::Fill(Fill {
        rect: Rect::new(x0, top, line.width + pad * 2.0, h),
        color: Cmyk::BLACK,
    }));
    let baseline = top + h / 2.0 + LABEL_SIZE * 0.38;
    emit_line(line, x0 + pad, baseline, LABEL_SIZE, Cmyk::WHITE, items);
}

/// A thin black frame around a rectangle.
fn frame_stroke(r: Rect, items: &mut Vec<Item>) {
    let corners = [
        Point::new(r.x, r.y),
        Point::new(r.right(), r.y),
        Point::new(r.right(), r.bottom()),
        Point::new(r.x, r.bottom()),
    ];
    for k in 0..4 {
        items.push(Item::Stroke(Stroke {
            from: corners[k],
            to: corners[(k + 1) % 4],
            width: Pt(0.5),
            color: Cmyk::BLACK,
        }));
    }
}

/// The largest rectangle of proportions `aspect` (width / height) centred in `frame`: the
/// whole picture shows, never cropped or stretched.
fn contain(frame: Rect, aspect: f64) -> Rect {
    if !(aspect.is_finite() && aspect > 0.0) || frame.h.0 <= 0.0 {
        return frame;
    }
    if frame.w.0 / frame.h.0 > aspect {
        let w = frame.h * aspect;
        Rect::new(frame.x + (frame.w - w) / 2.0, frame.y, w, frame.h)
    } else {
        let h = frame.w / aspect;
        Rect::new(frame.x, frame.y + (frame.h - h) / 2.0, frame.w, h)
    }
}
