//! Drawing a module at its place: headline block, photos and captions, body columns with
//! their rules, a box's frame.

use super::*;

/// What drawing a module produced besides items.
#[derive(Debug, Default)]
pub struct Drawn {
    /// Rows (relative to the module top) covered by elements spanning all its columns:
    /// column rules stop there.
    pub spanning: Vec<usize>,
    /// Cells (column, row relative to the module) covered by an element spanning some of its
    /// columns (a photo beside the text): column rules between them stop there.
    pub covered: Vec<(usize, usize)>,
    /// Cells (column, row relative to the module) that hold something.
    pub filled: Vec<(usize, usize)>,
    /// Rows of the headline block (relative to the module top), for the 撞题 check.
    pub head: Option<(usize, usize)>,
    /// Columns of that headline (the first, from the module's, and how many) when it does
    /// not span the module: a vertical one.
    pub head_cols: Option<(usize, usize)>,
    /// Characters that did not fit.
    pub overflow_chars: usize,
    /// Lines that did not fit.
    pub overflow_lines: usize,
    /// Where the story's text stopped, when some of it did not fit.
    pub stopped: Option<Cursor>,
    /// The last body line set (for a cut story, its jump line).
    pub last_line: Option<Rect>,
    /// Characters set.
    pub chars_set: usize,
    /// Justified lines set that are not flush with both edges (PU-05).
    pub ragged: usize,
    /// Each photo's frame, the columns and lines it spans and whether an image fills it.
    pub photos: Vec<(Rect, (usize, usize), bool)>,
    /// Lines set looser than solid (issue 9).
    pub loose: usize,
    /// Wrapped headings ending on a short line.
    pub short_heading: usize,
    /// Subheads without their body lines under them.
    pub stranded: usize,
    /// Where those lines stand, to mark them on the proof.
    pub faults: Vec<(Rect, Fault)>,
    /// Loose lines composed as the module is drawn (a vertical story's, whose lines are set
    /// at the height chosen), to be named for the editor: where each was set from and its
    /// last characters.
    pub loose_at: Vec<(Option<crate::diag::Span>, String)>,
}

impl Drawn {
    /// The proof's marks of the composition faults drawn.
    pub(in crate::layout) fn fault_marks(&self) -> impl Iterator<Item = Mark> + '_ {
        self.faults.iter().map(|&(rect, fault)| Mark {
            rect,
            kind: MarkKind::Composition { fault },
            origin: None,
        })
    }

    pub(in crate::layout) fn span_rows(&mut self, cols: usize, rows: std::ops::Range<usize>) {
        for r in rows {
            self.spanning.push(r);
            self.filled.extend((0..cols).map(|c| (c, r)));
        }
    }

    /// Rows covered across the columns `cols` of the module: all of them, or those of a
    /// photo beside the text.
    fn cover(&mut self, cols: std::ops::Range<usize>, all: bool, rows: std::ops::Range<usize>) {
        if all {
            return self.span_rows(cols.end, rows);
        }
        for r in rows {
            for c in cols.clone() {
                self.covered.push((c, r));
                self.filled.push((c, r));
            }
        }
    }
}

/// Draws a story's variant at a height with its top-left cell at (`col0`, `row0`), given
/// `rows` rows (fewer than the height's means overflow), as a rectangle or an L.
pub fn draw(
    ctx: &Ctx,
    prep: &StoryPrep,
    (v, notch): (&Variant, Option<Notch>),
    height: &Height,
    (col0, row0, rows): (usize, usize, usize),
    items: &mut Vec<Item>,
    marks: &mut Vec<Mark>,
) -> Drawn {
    if let Some(shape) = v.vertical_at(height) {
        return crate::layout::vertical::draw(
            ctx,
            prep,
            (v, shape),
            height,
            (col0, row0, rows),
            items,
            marks,
        );
    }
    let grid = ctx.grid;
    let mut d = Drawn::default();
    let x0 = grid.col_x(col0);
    let width = grid.span(v.cols);
    let mut r = row0;
    // A boxed module's contents stand half an em inside its frame.
    let inset = if prep.kind == StoryKind::Briefs {
        box_inset(grid)
    } else {
        Pt(0.0)
    };
    if let Some(label) = &prep.label {
        draw_label(ctx, label, x0 + inset, r, items);
        d.span_rows(v.cols, r - row0..r - row0 + LABEL_ROWS);
        r += LABEL_ROWS;
    }
    if let Some(h) = &v.head {
        let head_rows = v.head_rows + height.head_extra;
        let block_h = grid.format.pitch * head_rows as f64;
        let mut baseline = grid.row_y(r) + (block_h - h.text_height()) / 2.0;
        for (k, (size, line)) in h.lines.iter().enumerate() {
            baseline += if k == 0 { *size * 0.88 } else { *size * 1.2 };
            // Each line was centred in the module's width less ½ em on each side.
            emit_line(line, x0 + *size / 2.0, baseline, *size, Cmyk::BLACK, items);
            d.chars_set += line_chars(line);
        }
        if h.short_lines > 0 {
            d.short_heading += h.short_lines;
            d.faults.push((
                Rect::new(x0, grid.row_y(r), width, block_h),
                Fault::ShortHeadingLine,
            ));
        }
        d.head = Some((r - row0, r - row0 + head_rows));
        d.span_rows(v.cols, r - row0..r - row0 + head_rows);
        r += head_rows;
    }
    if let Some(by) = &prep.byline {
        let c = compose_par(ctx.db, by, &ctx.par(KAI_SIZE).aligned(Align::Left), width);
        if let Some(line) = c.lines.first() {
            emit_line(line, x0, grid.baseline(r), KAI_SIZE, Cmyk::BLACK, items);
            d.chars_set += line_chars(line);
        }
        d.span_rows(v.cols, r - row0..r - row0 + 1);
        r += 1;
    }
    // A photo beside the text stands at the head of the body's last columns.
    let beside = v.bodies.get(height.body).and_then(|b| b.beside);
    let pcol = beside.map_or(0, |b| b.col);
    let (px, pwidth) = (grid.col_x(col0 + pcol), grid.span(v.cols - pcol));
    let photo_cols = pcol..v.cols;
    let body_top = r;
    for (k, (lines, credit)) in v.captions.iter().enumerate() {
        // A photo the module's rows cannot hold (a photo story given the last rows of a full
        // page) is left out with its caption, counted as overflow: drawn, it ran out of the
        // type area through the page's foot.
        let needs = height.frame_rows + lines.len() + credit.is_some() as usize;
        if r + needs > row0 + rows {
            d.overflow_chars += lines.iter().chain(credit).map(line_chars).sum::<usize>();
            continue;
        }
        let frame_h = grid.format.pitch * height.frame_rows as f64;
        let rect = Rect::new(
            px,
            grid.row_y(r) + FRAME_INSET,
            pwidth,
            frame_h - FRAME_INSET * 2.0,
        );
        let picture = prep.photos.get(k).and_then(|p| p.picture.as_ref());
        d.photos
            .push((rect, (v.cols - pcol, height.frame_rows), picture.is_some()));
        if let Some(picture) = picture {
            let (placed, clip) = if v.crop {
                (cover(rect, picture.aspect()), Some(rect))
            } else {
                (contain(rect, picture.aspect()), None)
            };
            items.push(Item::Image(ImageItem {
                rect: placed,
                clip,
                picture: picture.clone(),
            }));
        } else {
            // A grey block without an outline: a stroke here would stand beside the column
            // rules as a second rule.
            items.push(Item::Fill(Fill {
                rect,
                color: Cmyk::k(0.15),
            }));
            marks.push(Mark {
                rect,
                kind: MarkKind::PlaceholderPhoto,
                origin: None,
            });
        }
        let all = beside.is_none();
        d.cover(photo_cols.clone(), all, r - row0..r - row0 + height.frame_rows);
        r += height.frame_rows;
        for line in lines {
            emit_line(line, px, grid.baseline(r), KAI_SIZE, Cmyk::BLACK, items);
            d.chars_set += line_chars(line);
            d.ragged += line.ragged as usize;
            d.loose += line.loose as usize;
            d.cover(photo_cols.clone(), all, r - row0..r - row0 + 1);
            r += 1;
        }
        if let Some(line) = credit {
            emit_line(line, px, grid.baseline(r), CREDIT_SIZE, Cmyk::BLACK, items);
            d.chars_set += line_chars(line);
            d.cover(photo_cols.clone(), all, r - row0..r - row0 + 1);
            r += 1;
        }
    }
    // The text beside the photo starts at its top.
    if beside.is_some() {
        r = body_top;
    }
    let avail = (row0 + rows).saturating_sub(r);
    let caps: Vec<usize> = (0..v.cols)
        .map(|c| match notch {
            Some(n) if c >= n.deep => n.short.min(avail),
            _ => avail,
        })
        .collect();
    draw_body_in(
        ctx,
        (&v.bodies[height.body], &prep.alts),
        (col0, &caps, r),
        (row0, inset),
        items,
        &mut d,
    );
    marks.extend(d.fault_marks());
    if d.overflow_chars > 0 {
        let rect = Rect::new(x0, grid.row_y(row0), width, grid.format.pitch * rows as f64);
        marks.push(Mark {
            rect,
            kind: MarkKind::Overflow {
                chars: d.overflow_chars,
            },
            origin: None,
        });
    }
    d
}

/// Draws a body set into the columns from `col0` at row `top`, with `avail` rows of room;
/// what does not fit is counted as overflow.
pub(in crate::layout) fn draw_body(
    ctx: &Ctx,
    body: &BodySet,
    (col0, cols, top, avail): (usize, usize, usize, usize),
    (row0, inset): (usize, Pt),
    items: &mut Vec<Item>,
    d: &mut Drawn,
) {
    draw_body_in(
        ctx,
        (body, &[]),
        (col0, &vec![avail; cols], top),
        (row0, inset),
        items,
        d,
    );
}

/// [`draw_body`] into columns of the heights `caps` (an L's deep and short columns); where
/// the columns are too short for the setting, the paragraphs in `alts` may be set a line
/// shorter to keep a subhead with its lines.
fn draw_body_in(
    ctx: &Ctx,
    (body, alts): (&BodySet, &[ParAlt]),
    (col0, caps, top): (usize, &[usize], usize),
    (row0, inset): (usize, Pt),
    items: &mut Vec<Item>,
    d: &mut Drawn,
) {
    let grid = ctx.grid;
    // The setting's own columns where they are the room given; otherwise (short of room, or
    // an L) the columns are filled afresh from the story's start, level where it fits.
    let rect = caps.iter().all(|&c| c == caps[0]);
    let fresh;
    let (flow, at): (&[Flow], &[(usize, usize)]) = if rect && caps.first().is_none_or(|&c| body.rows <= c) {
        (&body.flow, &body.at)
    } else {
        // Under a photo beside the text the columns start below it.
        let avail = caps.first().copied().unwrap_or(0);
        let columns = crate::layout::body::Beside::columns(body.beside, caps.len(), avail);
        let place = |flow: &[Flow]| match rect {
            true => crate::layout::body::distribute_prefix_at(flow, &columns),
            false => distribute_in(flow, caps).map_or_else(|| distribute_prefix_in(flow, caps), |l| l.at),
        };
        let at = place(&body.flow);
        let room: Vec<usize> = columns.iter().map(|c| c.1).collect();
        let room = if rect { &room[..] } else { caps };
        fresh = crate::layout::body::pull_back(&body.flow, alts, &at, room, place)
            .unwrap_or((body.flow.clone(), at));
        (&fresh.0, &fresh.1)
    };
    d.stopped = cursor_before(flow, at.len());
    for (k, item) in flow.iter().enumerate() {
        let line = &item.line;
        let Some(&(c, rr)) = at.get(k) else {
            d.overflow_chars += line_chars(line);
            d.overflow_lines += item.rows();
            continue;
        };
        let x = grid.col_x(col0 + c) + inset;
        let baseline = match item.kind {
            FlowKind::Line => grid.baseline(top + rr),
            // A subhead sits centred in its rows, half a row from the text on either side.
            FlowKind::SubheadLine | FlowKind::Subhead => grid.baseline(top + rr) + grid.format.pitch / 2.0,
        };
        emit_line(line, x, baseline, grid.format.body, Cmyk::BLACK, items);
        d.last_line = Some(Rect::new(
            x,
            grid.row_y(top + rr),
            grid.column_width(),
            grid.format.pitch,
        ));
        d.chars_set += line_chars(line);
        d.ragged += line.ragged as usize;
        let rect = Rect::new(
            x,
            grid.row_y(top + rr),
            grid.column_width(),
            grid.format.pitch * item.rows() as f64,
        );
        let fault = if line.loose {
            d.loose += 1;
            Some(Fault::LooseLine)
        } else if item.kind == FlowKind::Subhead
            && k > 0
            && flow[k - 1].kind == FlowKind::SubheadLine
            && line_chars(line) < MIN_HEADING_LAST
        {
            d.short_heading += 1;
            Some(Fault::ShortHeadingLine)
        } else if item.kind == FlowKind::Subhead && stranded(flow, at, k) {
            d.stranded += 1;
            Some(Fault::StrandedSubhead)
        } else {
            None
        };
        d.faults.extend(fault.map(|f| (rect, f)));
        d.filled
            .extend((0..item.rows()).map(|k| (c, top + rr + k - row0)));
    }
}

/// A reversed column label: the name in white on a black block (栏目名).
pub(in crate::layout) fn draw_label(ctx: &Ctx, label: &ShapedPar, x0: Pt, row: usize, items: &mut Vec<Item>) {
    let grid = ctx.grid;
    let c = compose_par(
        ctx.db,
        label,
        &ctx.par(LABEL_SIZE).aligned(Align::Left),
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
pub fn frame_stroke(r: Rect, items: &mut Vec<Item>) {
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
        // Across the frame's width, standing on its foot: the caption directly under it.
        let h = frame.w / aspect;
        Rect::new(frame.x, frame.bottom() - h, frame.w, h)
    }
}

/// The smallest rectangle of proportions `aspect` centred on `frame` that covers it: the
/// picture fills the frame and is cropped to it (only where the editor allowed it).
fn cover(frame: Rect, aspect: f64) -> Rect {
    if !(aspect.is_finite() && aspect > 0.0) || frame.h.0 <= 0.0 {
        return frame;
    }
    if frame.w.0 / frame.h.0 > aspect {
        let h = frame.w / aspect;
        Rect::new(frame.x, frame.y + (frame.h - h) / 2.0, frame.w, h)
    } else {
        let w = frame.h * aspect;
        Rect::new(frame.x + (frame.w - w) / 2.0, frame.y, w, frame.h)
    }
}
