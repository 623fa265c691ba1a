//! Shaping a paragraph into clusters: the unit that composition breaks and spaces.
//!
//! A paragraph is shaped once, then composed at as many widths as layout asks for: the
//! clusters carry everything composition needs (advances, classes, source range), so no
//! width change re-shapes (STYLE.md: `ShapedPar` is our `Preparation`).

use super::fonts::{PlanKey, language};
use super::vertical;
use super::{FaceId, FontDb, Role, ShapeError};
use crate::diag::Span;
use crate::geom::{Orientation, WritingMode};
use rustybuzz::UnicodeBuffer;

/// A piece of paragraph text in one role (a run-in head in Hei, a source in Kai …).
#[derive(Debug, Clone, PartialEq)]
pub struct Piece<'t> {
    /// The text.
    pub text: &'t str,
    /// Its role.
    pub role: Role,
    /// Its place in the copy, for error messages.
    pub span: Span,
}

/// One glyph of a cluster, in em of the font size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClusterGlyph {
    /// The face.
    pub face: FaceId,
    /// Glyph id in that face.
    pub id: u16,
    /// Offset along the line from the pen position, in reading direction, em.
    pub inline_offset: f64,
    /// Offset across the line (up positive in horizontal lines, as fonts measure), em.
    pub cross_offset: f64,
    /// Advance along the line, em.
    pub advance: f64,
    /// How it stands in the line: in a vertical one, turned or set across where the face has
    /// no vertical form or the house rules ask for it (TYPOGRAPHY.md §6.2).
    pub orient: Orientation,
}

/// The smallest unit composition handles: one character, or a ligature (`——`).
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Byte range in the paragraph text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The glyphs, usually one.
    pub glyphs: Vec<ClusterGlyph>,
    /// Natural advance, em.
    pub advance: f64,
    /// Role of the piece it came from.
    pub role: Role,
}

/// A shaped paragraph: its text and clusters.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedPar {
    /// The whole paragraph text (pieces concatenated).
    pub text: String,
    /// Which way its lines run; advances and offsets are along and across that axis.
    pub mode: WritingMode,
    /// Clusters in text order.
    pub clusters: Vec<Cluster>,
    /// Where each piece's text came from, in text order: what is drawn finds its copy.
    pub sources: Vec<PieceSource>,
}

/// Where a piece of a paragraph's text was read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PieceSource {
    /// Byte range of the piece in the paragraph text.
    pub range: (usize, usize),
    /// Its place in the copy.
    pub span: Span,
}

impl PieceSource {
    /// Whether the piece is its source byte for byte (no repair changed its length), so a
    /// byte of the text has a byte of the copy.
    fn exact(&self) -> bool {
        (self.span.end - self.span.start) as usize == self.range.1 - self.range.0
    }

    /// The source of the text bytes `from..to` (within the piece).
    fn source(&self, from: usize, to: usize) -> Span {
        if !self.exact() {
            return self.span;
        }
        let at = |b: usize| self.span.start as usize + b.clamp(self.range.0, self.range.1) - self.range.0;
        Span::new(self.span.file, at(from), at(to))
    }
}

impl ShapedPar {
    /// The copy that the text bytes `from..to` were read from: exact to the byte where no
    /// repair intervened, the piece's whole span where one did.
    pub fn source(&self, from: usize, to: usize) -> Option<Span> {
        self.sources
            .iter()
            .filter(|p| p.range.0 < to.max(from + 1) && from < p.range.1)
            .map(|p| p.source(from, to))
            .reduce(Span::join)
    }

    /// Clusters `a..b` as a paragraph of their own, their text and sources moved to start
    /// at 0.
    pub fn slice(&self, a: usize, b: usize) -> ShapedPar {
        let b = b.min(self.clusters.len());
        if a >= b {
            return ShapedPar {
                text: String::new(),
                mode: self.mode,
                clusters: Vec::new(),
                sources: Vec::new(),
            };
        }
        let base = self.clusters[a].start;
        let end = self.clusters[b - 1].end;
        let clusters = self.clusters[a..b]
            .iter()
            .map(|c| Cluster {
                start: c.start - base,
                end: c.end - base,
                ..c.clone()
            })
            .collect();
        let sources = self
            .sources
            .iter()
            .filter(|p| p.range.0 < end && base < p.range.1)
            .map(|p| {
                let (from, to) = (p.range.0.max(base), p.range.1.min(end));
                PieceSource {
                    range: (from - base, to - base),
                    span: p.source(from, to),
                }
            })
            .collect();
        ShapedPar {
            text: self.text[base..end].to_string(),
            mode: self.mode,
            clusters,
            sources,
        }
    }

    /// The text of a cluster.
    pub fn cluster_text(&self, i: usize) -> &str {
        let c = &self.clusters[i];
        &self.text[c.start..c.end]
    }
}

use crate::chars::is_latin_script as is_latin;

/// Shapes a paragraph made of pieces for horizontal lines.
pub fn shape_par(db: &FontDb, pieces: &[Piece]) -> Result<ShapedPar, ShapeError> {
    shape_par_in(db, pieces, WritingMode::Horizontal)
}

/// Shapes a paragraph made of pieces, each in its role's face with glyph-by-glyph fallback,
/// for lines in a writing mode.
pub fn shape_par_in(db: &FontDb, pieces: &[Piece], mode: WritingMode) -> Result<ShapedPar, ShapeError> {
    let mut par = ShapedPar {
        text: String::new(),
        mode,
        clusters: Vec::new(),
        sources: Vec::new(),
    };
    for piece in pieces {
        let base = par.text.len();
        par.text.push_str(piece.text);
        par.sources.push(PieceSource {
            range: (base, par.text.len()),
            span: piece.span,
        });
        // Split the piece into runs of one face, one script and one orientation, then shape
        // each run.
        let settings = match mode {
            WritingMode::Horizontal => Vec::new(),
            WritingMode::Vertical => vertical::latin_settings(piece.text),
        };
        let mut setting = settings.iter().peekable();
        let mut run_start = 0;
        let mut run_key = None;
        for (i, c) in piece.text.char_indices() {
            let face = db.face_for(piece.role, c).ok_or(ShapeError::NoGlyph {
                ch: c,
                span: char_span(piece.span, piece.text, i, c),
            })?;
            while setting.next_if(|s| s.1 <= i).is_some() {}
            let orient = setting
                .peek()
                .filter(|s| s.0 <= i)
                .map_or(Orientation::Upright, |s| s.2);
            let key = RunKey {
                face,
                // The spaces of turned words are shaped with them.
                latin: is_latin(c) || orient == Orientation::Sideways,
                // Figures set as in horizontal text take their half-em forms there too.
                figures: (mode == WritingMode::Horizontal || !orient.is_upright())
                    && crate::chars::is_half_em_figure(c),
                orient,
            };
            if let Some(k) = run_key.filter(|k| *k != key) {
                shape_run(db, k, mode, piece, run_start..i, base, &mut par.clusters);
                run_start = i;
            }
            run_key = Some(key);
        }
        if let Some(k) = run_key {
            shape_run(
                db,
                k,
                mode,
                piece,
                run_start..piece.text.len(),
                base,
                &mut par.clusters,
            );
        }
    }
    Ok(par)
}

/// The span of one character of a piece, when the piece maps to its source byte for byte.
fn char_span(span: Span, text: &str, at: usize, c: char) -> Span {
    if (span.end - span.start) as usize == text.len() {
        Span::new(
            span.file,
            span.start as usize + at,
            span.start as usize + at + c.len_utf8(),
        )
    } else {
        span
    }
}

/// What a run of one shaping call shares: its face and script.
#[derive(Debug, Clone, Copy, PartialEq)]
struct RunKey {
    face: FaceId,
    latin: bool,
    /// A run of figures, set in the face's half-em forms.
    figures: bool,
    /// How the run's glyphs stand in a vertical line (always upright in a horizontal one).
    orient: Orientation,
}

fn shape_run(
    db: &FontDb,
    RunKey {
        face: face_id,
        latin,
        figures,
        orient,
    }: RunKey,
    mode: WritingMode,
    piece: &Piece,
    range: std::ops::Range<usize>,
    base: usize,
    out: &mut Vec<Cluster>,
) {
    let info = db.get(face_id);
    let upem = info.upem();
    let text = &piece.text[range.clone()];
    // Top to bottom turns on `vert` (and `vkrn`, `vpal` where asked): the vertical forms of
    // the marks, quotes as corner brackets (TYPOGRAPHY.md §6.2). Han script and zh-Hans
    // make `——` one 2-em glyph and pick the SC punctuation forms (TYPOGRAPHY.md §2.7).
    // Glyphs a vertical line sets as in horizontal text are shaped horizontally.
    let vertical = mode == WritingMode::Vertical;
    let key = PlanKey {
        vertical: vertical && orient.is_upright(),
        latin,
        figures,
    };
    let shaped = shape_with(db, face_id, text, key);
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    let first = out.len();
    for (gi, gp) in infos.iter().zip(positions) {
        let start = base + range.start + gi.cluster as usize;
        let id = gi.glyph_id as u16;
        let glyph = match (mode, orient) {
            (WritingMode::Vertical, Orientation::Sideways | Orientation::Across) => vertical::turned_latin(
                info,
                face_id,
                (
                    id,
                    f64::from(gp.x_advance),
                    f64::from(gp.x_offset),
                    f64::from(gp.y_offset),
                ),
            ),
            (WritingMode::Horizontal, _) => ClusterGlyph {
                face: face_id,
                id,
                inline_offset: gp.x_offset as f64 / upem,
                cross_offset: gp.y_offset as f64 / upem,
                advance: gp.x_advance as f64 / upem,
                orient: Orientation::Upright,
            },
            (WritingMode::Vertical, Orientation::Upright) => {
                // rustybuzz gives offsets to the glyph's horizontal origin; the pen of a
                // vertical line is the vertical origin (top centre of the cell), which the
                // renderers draw from, so only what GPOS added remains an offset.
                let (vx, vy) = info.vertical_origin(id);
                ClusterGlyph {
                    face: face_id,
                    id,
                    inline_offset: -(gp.y_offset as f64 / upem + vy),
                    cross_offset: gp.x_offset as f64 / upem + vx,
                    advance: -gp.y_advance as f64 / upem,
                    orient: Orientation::Upright,
                }
            }
        };
        match out[first..].last_mut() {
            Some(last) if last.start == start => {
                last.advance += glyph.advance;
                last.glyphs.push(glyph);
            }
            _ => out.push(Cluster {
                start,
                end: start,
                glyphs: vec![glyph],
                advance: glyph.advance,
                role: piece.role,
            }),
        }
    }
    // Each cluster ends where the next begins; the last ends with the run.
    let run_end = base + range.end;
    for i in first..out.len() {
        out[i].end = out.get(i + 1).map_or(run_end, |n| n.start);
    }
    if vertical && orient == Orientation::Across {
        // The figures of a 纵中横 number share one cell.
        let figures: Vec<vertical::Horizontal> = infos
            .iter()
            .zip(positions)
            .map(|(i, p)| {
                (
                    i.glyph_id as u16,
                    f64::from(p.x_advance),
                    f64::from(p.x_offset),
                    f64::from(p.y_offset),
                )
            })
            .collect();
        let cell = vertical::across(info, face_id, (base + range.start, run_end), piece.role, &figures);
        out.truncate(first);
        out.push(cell);
    } else if vertical && !latin {
        for cluster in &mut out[first..] {
            let text = &piece.text[cluster.start - base..cluster.end - base];
            vertical::turn_if_no_vertical_form(db, face_id, text, cluster);
        }
    }
}

/// `text` shaped in one face with the plan for `key`, in zh-Hans.
pub(super) fn shape_with(db: &FontDb, face_id: FaceId, text: &str, key: PlanKey) -> rustybuzz::GlyphBuffer {
    let mut buf = UnicodeBuffer::new();
    buf.push_str(text);
    let (direction, script) = key.properties();
    buf.set_direction(direction);
    buf.set_script(script);
    if let Some(lang) = language() {
        buf.set_language(lang);
    }
    rustybuzz::shape_with_plan(&db.get(face_id).face, db.plan(face_id, key), buf)
}
