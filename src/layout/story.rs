//! A story prepared for layout: every text shaped once and the body composed at the column
//! measure once, so that trying a story at many widths costs no shaping.

use super::grid::Grid;
use crate::compose::{Align, ComposedPar, Line, ParStyle, compose_par};
use crate::copy::{Block, Story, StoryKind, Text};
use crate::geom::Pt;
use crate::shape::{FontDb, Piece, Role, ShapeError, ShapedPar, shape_par};

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

/// One item of a story's column flow.
#[derive(Debug, Clone)]
pub enum Flow {
    /// A body line, one row.
    Line(Line),
    /// A subhead, [`SUBHEAD_ROWS`] rows, kept with the line after it.
    Subhead(Line),
}

impl Flow {
    /// Rows the item takes.
    pub fn rows(&self) -> usize {
        match self {
            Flow::Line(_) => 1,
            Flow::Subhead(_) => SUBHEAD_ROWS,
        }
    }
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
    /// Index on the page.
    pub index: usize,
    /// Title for reports.
    pub title: String,
    /// What kind of module it makes.
    pub kind: StoryKind,
    /// The column label, shaped.
    pub label: Option<ShapedPar>,
    /// The headline, shaped (a space marks the preferred break).
    pub headline: Option<ShapedPar>,
    /// The byline, shaped.
    pub byline: Option<ShapedPar>,
    /// Photos.
    pub photos: Vec<PhotoPrep>,
    /// Body lines and subheads at the column measure.
    pub flow: Vec<Flow>,
    /// Lines broken against the rules while composing (reported).
    pub forced: usize,
}

fn piece(t: &Text, role: Role) -> Piece<'_> {
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
pub fn prepare_story(db: &FontDb, grid: &Grid, index: usize, story: &Story) -> Result<StoryPrep, ShapeError> {
    let body = ParStyle::body(grid.format.body);
    let measure = grid.column_width();
    let mut prep = StoryPrep {
        index,
        title: story.title(),
        kind: story.kind(),
        label: story
            .label
            .as_ref()
            .map(|t| shape_text(db, t, Role::Label))
            .transpose()?,
        headline: story
            .headline
            .as_ref()
            .map(|t| shape_text(db, t, Role::Headline))
            .transpose()?,
        byline: story
            .byline
            .as_ref()
            .map(|t| shape_text(db, t, Role::Kai))
            .transpose()?,
        photos: Vec::new(),
        flow: Vec::new(),
        forced: 0,
    };
    let push_par = |prep: &mut StoryPrep, c: ComposedPar| {
        prep.forced += c.forced;
        prep.flow.extend(c.lines.into_iter().map(Flow::Line));
    };
    for block in &story.blocks {
        match block {
            Block::Paragraph(t) => {
                let par = shape_text(db, t, Role::Body)?;
                push_par(&mut prep, compose_par(&par, &body, measure));
            }
            Block::Subhead(t) => {
                let par = shape_text(db, t, Role::Subhead)?;
                let c = compose_par(&par, &body.aligned(Align::Center), measure);
                prep.forced += c.forced;
                let n = c.lines.len();
                for (k, line) in c.lines.into_iter().enumerate() {
                    // A subhead too long for one line continues as body-height lines.
                    prep.flow.push(if k + 1 == n {
                        Flow::Subhead(line)
                    } else {
                        Flow::Line(line)
                    });
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
                push_par(
                    &mut prep,
                    compose_par(
                        &par,
                        &ParStyle {
                            indent: crate::geom::Em(0.0),
                            ..body
                        },
                        measure,
                    ),
                );
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
    flow.iter()
        .map(|f| match f {
            Flow::Line(l) | Flow::Subhead(l) => super::text::line_chars(l),
        })
        .sum()
}
