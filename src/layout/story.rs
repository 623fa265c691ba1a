//! A story prepared for layout: every text shaped once and the body composed at the column
//! measure once, so that trying a story at many widths costs no shaping.

use super::ctx::Ctx;
use super::page::{Cursor, Note};
use super::text::line_chars;
use crate::compose::{Align, ComposedPar, Composer, Line, ParStyle, compose_heading};
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
    /// A line of a wrapped subhead before its last: one row, set half a row down like the
    /// last, so that the subhead keeps half a line of space above and below.
    SubheadLine,
    /// A subhead (or a wrapped subhead's last line), [`SUBHEAD_ROWS`] rows, kept with
    /// [`LINES_UNDER_SUBHEAD`] body lines after it.
    Subhead,
}

impl FlowKind {
    /// Whether the item is part of a subhead.
    pub fn is_subhead(self) -> bool {
        matches!(self, FlowKind::SubheadLine | FlowKind::Subhead)
    }
}

/// Body lines a subhead keeps under it in its column (no 背题, issue 9 point 5).
pub const LINES_UNDER_SUBHEAD: usize = 2;

/// A paragraph's last line this short may not stand alone at the head of a column (孤行).
pub const WIDOW_CHARS: usize = 3;

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
    /// Whether a story continued on another page may be cut after this item (see
    /// [`super::jump`]).
    pub cut_after: bool,
    /// Whether the line may not open a column alone: a paragraph's short last line, or a
    /// brief's source on a line of its own. Its previous line goes with it.
    pub widow: bool,
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
            FlowKind::Line | FlowKind::SubheadLine => 1,
            FlowKind::Subhead => SUBHEAD_ROWS,
        }
    }

    /// The lines of a block as flow items.
    fn lines(kind: FlowKind, lines: Vec<Line>, block: usize, span: Span) -> impl Iterator<Item = Flow> {
        let n = lines.len();
        lines.into_iter().enumerate().map(move |(k, l)| Flow {
            kind,
            at: SourcePos {
                block,
                span,
                last: k + 1 == n,
                cut_after: false,
                widow: k + 1 == n && k > 0 && line_chars(&l) <= WIDOW_CHARS,
            },
            line: Arc::new(l),
        })
    }
}

/// Where a block is in the copy.
fn block_span(b: &Block) -> Span {
    match b {
        Block::Paragraph(t) | Block::Subhead(t) => t.span,
        Block::Brief(b) => b.text.span,
        Block::Photo(p) => p.span,
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
pub fn line_tail(line: &Line) -> String {
    let text: String = line.glyphs.iter().map(|g| g.text.as_str()).collect();
    let skip = text.chars().count().saturating_sub(12);
    text.chars().skip(skip).collect()
}

/// What the editor is told of a line set looser than solid, named by its last characters.
pub fn loose_message(tail: &str) -> String {
    format!("loose line ending '{tail}': no break within the rules sets it solid")
}

/// Records the lines of a composed paragraph that are set looser than solid: allowed only
/// where the rules leave no other break, and each one named for the editor (issue 9).
fn note_loose(notes: &mut Vec<Note>, c: &ComposedPar, span: Span) {
    for line in c.lines.iter().filter(|l| l.loose) {
        notes.push(Note {
            span,
            message: loose_message(&line_tail(line)),
            error: false,
        });
    }
}

/// Records the lines of a composed paragraph that had to break against the rules.
fn note_forced(notes: &mut Vec<Note>, c: &ComposedPar, span: Span) {
    for &k in &c.forced {
        let tail = line_tail(&c.lines[k]);
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

/// How a continuation (转版) opens: the page it comes from, and whether its first paragraph
/// goes on from the middle of one (then it has no indent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opening {
    /// The page the story starts on.
    pub from: u32,
    /// Whether the cut fell inside a paragraph.
    pub mid_paragraph: bool,
}

/// Shapes and composes a story's body at the grid's column measure; a continuation opens with
/// `（上接第N版）`.
pub fn prepare_story(ctx: &Ctx, story: &Story, opening: Option<Opening>) -> Result<StoryPrep, ShapeError> {
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
    // `source` is where a brief's source starts in its text: kept on one line, and never
    // alone at the head of a column.
    let push_par = |prep: &mut StoryPrep,
                    par: &ShapedPar,
                    style: &ParStyle,
                    at: (usize, Span),
                    source: Option<usize>| {
        let (block, span) = at;
        let mut composer = Composer::new(db, par, style);
        if let Some(from) = source {
            composer = composer.keep_together(from, par.text.len());
        }
        let set = |c: ComposedPar| -> Vec<Flow> {
            let mut flow: Vec<Flow> = Flow::lines(FlowKind::Line, c.lines, block, span).collect();
            if let (Some(from), [_, .., last]) = (source, flow.as_mut_slice()) {
                last.at.widow |= last.line.start >= from;
            }
            flow
        };
        let c = composer.compose(measure);
        note_forced(&mut prep.notes, &c, span);
        note_loose(&mut prep.notes, &c, span);
        let n = c.lines.len();
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
        prep.flow.extend(set(c));
    };
    if let Some(o) = opening {
        let note = super::jump::note_line(ctx, &super::jump::jump_from_text(o.from), Align::Left)?;
        let span = story.blocks.first().map_or(story.span, block_span);
        // Not copy: it stands before the first block, and no cut can fall after it.
        prep.flow.extend(Flow::lines(
            FlowKind::Line,
            note.into_iter().collect(),
            usize::MAX,
            span,
        ));
    }
    for (bi, block) in story.blocks.iter().enumerate() {
        match block {
            Block::Paragraph(t) => {
                let par = shape_text(db, t, Role::Body)?;
                let continued = bi == 0 && opening.is_some_and(|o| o.mid_paragraph);
                let style = if continued {
                    body.aligned(Align::Justify)
                } else {
                    body
                };
                push_par(&mut prep, &par, &style, (bi, t.span), None);
            }
            Block::Subhead(t) => {
                let par = shape_text(db, t, Role::Subhead)?;
                let c = compose_heading(ctx.db, &par, &body.aligned(Align::Center), measure);
                note_forced(&mut prep.notes, &c, t.span);
                let n = c.lines.len();
                for (k, mut item) in Flow::lines(FlowKind::SubheadLine, c.lines, bi, t.span).enumerate() {
                    // A wrapped subhead's lines stand one row apart; its last takes two.
                    if k + 1 == n {
                        item.kind = FlowKind::Subhead;
                    }
                    item.at.widow = false;
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
                // The shaped text is the pieces in order: the source starts where the text ends.
                let from = source.as_ref().map(|_| text.len());
                push_par(&mut prep, &par, &style, (bi, b.text.span), from);
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
    super::jump::mark_cuts(story, &mut prep.flow);
    for alt in &mut prep.alts {
        super::jump::mark_cuts(story, &mut alt.tighter);
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
