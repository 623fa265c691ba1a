//! A story prepared for layout: every text shaped once and the body composed at the column
//! measure once, so that trying a story at many widths costs no shaping.

use super::ctx::Ctx;
use super::page::{Cursor, Note};
use crate::compose::{Align, ComposedPar, Composer, Line, ParStyle, compose_par};
use crate::copy::{Block, Story, StoryKind, Text};
use crate::diag::Span;
use crate::geom::Pt;
use crate::shape::{FontDb, Piece, Role, ShapeError, ShapedPar, shape_par};
use std::sync::Arc;

/// Size of captions and bylines (小五 Kai).
pub const KAI_SIZE: Pt = Pt(9.0);
/// Size of credits (六号).
pub const CREDIT_SIZE: Pt = Pt(7.5);
/// Size of the column label.
pub const LABEL_SIZE: Pt = Pt(12.0);
/// Rows a subhead takes (a whole number of body lines, GR-02).
pub const SUBHEAD_ROWS: usize = 2;
/// Rows a column label takes.
pub const LABEL_ROWS: usize = 2;
/// How far a boxed module's text stands inside its frame on each side: half an em of body.
pub fn box_inset(grid: &super::grid::Grid) -> Pt {
    grid.format.body / 2.0
}

/// What a flow item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowKind {
    /// A body line, one row.
    Line,
    /// A subhead, [`SUBHEAD_ROWS`] rows, kept with the line after it.
    Subhead,
}

/// Where a flow item comes from in the story: so that a story stopped after any item can be
/// continued (on another page) from exactly there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourcePos {
    /// The body block (index into `Story::blocks`).
    pub block: usize,
    /// The block's span in the copy.
    pub span: Span,
    /// Whether the item is the block's last line (a paragraph ends after it).
    pub last: bool,
}

/// One item of a story's column flow. Lines are shared, not copied: the same line stands in
/// every trial setting of a body. The line's `start..end` is its byte range in the text of
/// its block as shaped.
#[derive(Debug, Clone)]
pub struct Flow {
    /// A line or a subhead.
    pub kind: FlowKind,
    /// The composed line.
    pub line: Arc<Line>,
    /// Its block.
    pub at: SourcePos,
}

impl Flow {
    /// Rows the item takes.
    pub fn rows(&self) -> usize {
        match self.kind {
            FlowKind::Line => 1,
            FlowKind::Subhead => SUBHEAD_ROWS,
        }
    }

    /// The lines of a block as flow items.
    fn lines(kind: FlowKind, lines: Vec<Line>, block: usize, span: Span) -> impl Iterator<Item = Flow> {
        let n = lines.len();
        lines.into_iter().enumerate().map(move |(k, l)| Flow {
            kind,
            line: Arc::new(l),
            at: SourcePos {
                block,
                span,
                last: k + 1 == n,
            },
        })
    }
}

/// The cursor before item `k` of a flow, or `None` past its end (all was set).
pub fn cursor_before(flow: &[Flow], k: usize) -> Option<Cursor> {
    flow.get(k).map(|f| Cursor {
        item: k,
        block: f.at.block,
        offset: f.line.start,
    })
}

/// A body paragraph set a line shorter than its best by punctuation compression, for
/// copyfitting. Nothing sets a paragraph longer: spreading characters to gain a line makes
/// loose lines (issue 9), so a column short of copy leaves its space to the layout.
#[derive(Debug, Clone)]
pub struct ParAlt {
    /// Index of the paragraph's first line in the natural flow.
    pub start: usize,
    /// Its lines in the natural setting.
    pub len: usize,
    /// The paragraph set one line shorter, no line looser than solid.
    pub tighter: Vec<Flow>,
}

/// A photo's texts, shaped.
#[derive(Debug, Clone)]
pub struct PhotoPrep {
    /// Title run in bold, then the caption in Kai.
    pub caption: Option<ShapedPar>,
    /// The credit line.
    pub credit: Option<ShapedPar>,
    /// The image, when the copy names one and it was loaded (else a placeholder frame).
    pub picture: Option<std::sync::Arc<crate::raster::Picture>>,
}

/// A story ready for layout.
#[derive(Debug, Clone)]
pub struct StoryPrep {
    /// Title for reports.
    pub title: String,
    /// What kind of module it makes.
    pub kind: StoryKind,
    /// The column label, shaped.
    pub label: Option<ShapedPar>,
    /// The kicker (引题), shaped.
    pub kicker: Option<ShapedPar>,
    /// The headline, shaped (a space marks the preferred break).
    pub headline: Option<ShapedPar>,
    /// The subtitle (副题), shaped.
    pub subtitle: Option<ShapedPar>,
    /// The byline, shaped.
    pub byline: Option<ShapedPar>,
    /// Photos.
    pub photos: Vec<PhotoPrep>,
    /// Body lines and subheads at the column measure, each paragraph at its best.
    pub flow: Vec<Flow>,
    /// Other settings of the body paragraphs, in flow order.
    pub alts: Vec<ParAlt>,
    /// Last-resort breaks made while composing, for the editor.
    pub notes: Vec<Note>,
    /// What the story sets vertically, if anything (竖题, 竖排).
    pub vertical: Option<super::vertical::VerticalPrep>,
}

/// The last characters of a line, to name it in a message.
fn line_tail(par: &ShapedPar, line: &Line) -> String {
    let text = &par.text[line.start..line.end];
    let skip = text.chars().count().saturating_sub(12);
    text.chars().skip(skip).collect()
}

/// Records the lines of a composed paragraph that are set looser than solid: allowed only
/// where the rules leave no other break, and each one named for the editor (issue 9).
fn note_loose(notes: &mut Vec<Note>, c: &ComposedPar, par: &ShapedPar, span: Span) {
    for line in c.lines.iter().filter(|l| l.loose) {
        notes.push(Note {
            span,
            message: format!(
                "loose line ending '{}': no break within the rules sets it solid",
                line_tail(par, line)
            ),
            error: false,
        });
    }
}

/// Records the lines of a composed paragraph that had to break against the rules.
fn note_forced(notes: &mut Vec<Note>, c: &ComposedPar, par: &ShapedPar, span: Span) {
    for &k in &c.forced {
        let tail = line_tail(par, &c.lines[k]);
        notes.push(Note {
            span,
            message: format!("no allowed break near '{tail}': the line is broken there as a last resort"),
            // A break against the rules is a fault on the page, not a matter of taste
            // (issue 6: a 300-character URL exits 1).
            error: true,
        });
    }
}

pub(super) fn piece(t: &Text, role: Role) -> Piece<'_> {
    Piece {
        text: &t.text,
        role,
        span: t.span,
    }
}

fn shape_text(db: &FontDb, t: &Text, role: Role) -> Result<ShapedPar, ShapeError> {
    shape_par(db, &[piece(t, role)])
}

/// Shapes and composes a story's body at the grid's column measure.
pub fn prepare_story(ctx: &Ctx, story: &Story) -> Result<StoryPrep, ShapeError> {
    let (db, grid) = (ctx.db, ctx.grid);
    let body = ctx.par(grid.format.body);
    // A boxed module's text is set an em narrower, to stand clear of its frame.
    let measure = if story.kind() == StoryKind::Briefs {
        grid.column_width() - box_inset(grid) * 2.0
    } else {
        grid.column_width()
    };
    let mut prep = StoryPrep {
        title: story.title(),
        kind: story.kind(),
        label: story
            .label
            .as_ref()
            .map(|t| shape_text(db, t, Role::Label))
            .transpose()?,
        kicker: story
            .kicker
            .as_ref()
            .map(|t| shape_text(db, t, Role::Kai))
            .transpose()?,
        headline: story
            .headline
            .as_ref()
            .map(|t| shape_text(db, t, Role::Headline))
            .transpose()?,
        subtitle: story
            .subtitle
            .as_ref()
            .map(|t| shape_text(db, t, Role::Subhead))
            .transpose()?,
        byline: story
            .byline
            .as_ref()
            .map(|t| shape_text(db, t, Role::Kai))
            .transpose()?,
        photos: Vec::new(),
        flow: Vec::new(),
        alts: Vec::new(),
        notes: Vec::new(),
        vertical: None,
    };
    let push_par = |prep: &mut StoryPrep, par: &ShapedPar, style: &ParStyle, block: usize, span: Span| {
        let composer = Composer::new(db, par, style);
        let c = composer.compose(measure);
        note_forced(&mut prep.notes, &c, par, span);
        note_loose(&mut prep.notes, &c, par, span);
        let n = c.lines.len();
        let set = |c: ComposedPar| Flow::lines(FlowKind::Line, c.lines, block, span).collect();
        if n >= 2
            && c.forced.is_empty()
            && let Some(t) = composer.compose_lines(measure, n - 1)
        {
            prep.alts.push(ParAlt {
                start: prep.flow.len(),
                len: n,
                tighter: set(t),
            });
        }
        prep.flow
            .extend(Flow::lines(FlowKind::Line, c.lines, block, span));
    };
    for (bi, block) in story.blocks.iter().enumerate() {
        match block {
            Block::Paragraph(t) => {
                let par = shape_text(db, t, Role::Body)?;
                push_par(&mut prep, &par, &body, bi, t.span);
            }
            Block::Subhead(t) => {
                let par = shape_text(db, t, Role::Subhead)?;
                let c = compose_par(ctx.db, &par, &body.aligned(Align::Center), measure);
                note_forced(&mut prep.notes, &c, &par, t.span);
                let n = c.lines.len();
                for (k, mut item) in Flow::lines(FlowKind::Line, c.lines, bi, t.span).enumerate() {
                    // A subhead too long for one line continues as body-height lines.
                    if k + 1 == n {
                        item.kind = FlowKind::Subhead;
                    }
                    prep.flow.push(item);
                }
            }
            Block::Brief(b) => {
                let text = format!("●{}", b.text.text);
                let source = b.source.as_ref().map(|s| format!("（{}）", s.text));
                let mut pieces = vec![Piece {
                    text: &text,
                    role: Role::Body,
                    span: b.text.span,
                }];
                if let (Some(s), Some(src)) = (&source, &b.source) {
                    pieces.push(Piece {
                        text: s,
                        role: Role::Kai,
                        span: src.span,
                    });
                }
                let par = shape_par(db, &pieces)?;
                let style = ParStyle {
                    indent: crate::geom::Em(0.0),
                    ..body
                };
                push_par(&mut prep, &par, &style, bi, b.text.span);
            }
            Block::Photo(p) => {
                let title = p.title.as_ref().map(|t| format!("{}　", t.text));
                let mut pieces = Vec::new();
                if let (Some(tt), Some(t)) = (&title, &p.title) {
                    pieces.push(Piece {
                        text: tt,
                        role: Role::Label,
                        span: t.span,
                    });
                }
                if let Some(c) = &p.caption {
                    pieces.push(piece(c, Role::Kai));
                }
                let caption = if pieces.is_empty() {
                    None
                } else {
                    Some(shape_par(db, &pieces)?)
                };
                let credit = p
                    .credit
                    .as_ref()
                    .map(|t| shape_text(db, t, Role::Kai))
                    .transpose()?;
                prep.photos.push(PhotoPrep {
                    caption,
                    credit,
                    picture: None,
                });
            }
        }
    }
    Ok(prep)
}

/// Characters in a story's copy that layout must set (spaces excluded).
pub fn flow_chars(flow: &[Flow]) -> usize {
    flow.iter().map(|f| super::text::line_chars(&f.line)).sum()
}

/// The flow with some paragraphs set a line shorter: `tighter[k]` for `prep.alts[k]`.
pub fn flow_with(prep: &StoryPrep, tighter: &[bool]) -> Vec<Flow> {
    let mut out = Vec::with_capacity(prep.flow.len());
    let mut at = 0;
    for (alt, &t) in prep.alts.iter().zip(tighter) {
        if !t {
            continue;
        }
        let lines = &alt.tighter;
        out.extend_from_slice(&prep.flow[at..alt.start]);
        out.extend(lines.iter().cloned());
        at = alt.start + alt.len;
    }
    out.extend_from_slice(&prep.flow[at..]);
    out
}
