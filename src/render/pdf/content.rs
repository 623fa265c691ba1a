//! The page's content stream: text, rules and fills in DeviceCMYK, in painting order.
//!
//! Layout space is flipped once here (y_pdf = media height − y). Text is written one `BT`
//! block per run; glyphs sharing a baseline go into one `TJ` whose adjustments are computed
//! from the advances the viewer will use (the /W widths), so every glyph lands where layout
//! put it, within [`MAX_DRIFT_PT`], without one `Tm` per glyph.

use super::PdfError;
use super::fonts::{FontSet, UsedFont};
use super::form::FormSet;
use super::image::{ImageSet, placement};
use crate::geom::{Orientation, WritingMode};
use crate::layout::{Cmyk, Glyph, Item, Page, TextRun};
use crate::shape::FaceId;
use pdf_writer::{Content, Name, Str, TextStr};
use std::collections::BTreeSet;

/// ExtGState for 100 % K text and rules: overprint on, and OPM 1 so the zero C, M, Y of a
/// DeviceCMYK colour leave the inks below untouched (TYPOGRAPHY.md §5.2, rule PX-09; PDF 1.7
/// §8.6.7).
pub(crate) const GS_OVERPRINT: &str = "GSop";
/// ExtGState for everything else: overprint off, so tints, colours and paper white knock
/// out (rule PX-12).
pub(crate) const GS_KNOCKOUT: &str = "GSko";

/// Largest distance, in points, between a glyph's layout position and where the `TJ` pen
/// puts it before an adjustment is written; the pen is re-measured at every glyph, so the
/// error does not add up along a line.
const MAX_DRIFT_PT: f64 = 0.0005;
/// TJ adjustments are rounded to this many thousandths of an em: 1e-3 of 1/1000 em is
/// 1e-5 pt at 10 pt, far below [`MAX_DRIFT_PT`], and keeps the numbers short.
const ADJUST_STEP: f64 = 1e-3;

/// The encoded stream and the graphics states it names.
pub(crate) struct Encoded {
    /// The content stream, unfiltered.
    pub(crate) bytes: Vec<u8>,
    /// Whether [`GS_OVERPRINT`] is used.
    pub(crate) uses_overprint: bool,
    /// Whether [`GS_KNOCKOUT`] is used.
    pub(crate) uses_knockout: bool,
    /// The faces the stream names, ascending.
    pub(crate) faces: Vec<FaceId>,
    /// The pictures it draws, as indices into the [`ImageSet`], ascending.
    pub(crate) images: Vec<usize>,
}

/// Encodes every item of the page; numbers that are not finite are an error naming the item.
pub(crate) fn encode(
    page: &Page,
    fonts: &FontSet<'_>,
    images: &ImageSet,
    forms: &FormSet,
) -> Result<Encoded, PdfError> {
    let mut w = Writer {
        content: Content::new(),
        height: page.media.h.0,
        overprint: None,
        fill: None,
        stroke: None,
        line_width: None,
        uses_overprint: false,
        uses_knockout: false,
    };
    let mut faces = BTreeSet::new();
    let mut pictures = BTreeSet::new();
    for (item, it) in page.items.iter().enumerate() {
        match it {
            Item::Text(run) => {
                let font = fonts.get(run.face).ok_or(PdfError::UnknownFace {
                    item,
                    face: run.face.0,
                })?;
                faces.insert(run.face);
                w.text(item, run, font)?;
            }
            Item::Stroke(s) => {
                let (x1, y1) = w.point(item, s.from.x.0, s.from.y.0)?;
                let (x2, y2) = w.point(item, s.to.x.0, s.to.y.0)?;
                let width = number(item, s.width.0)?;
                w.set_state(item, s.color, is_overprint_black(s.color), Paint::Stroke)?;
                if w.line_width != Some(width) {
                    w.content.set_line_width(width);
                    w.line_width = Some(width);
                }
                w.content.move_to(x1, y1).line_to(x2, y2).stroke();
            }
            Item::Fill(f) => {
                let r = f.rect;
                // Fills are backgrounds and tints: they knock out whatever their colour.
                w.set_state(item, f.color, false, Paint::Fill)?;
                let (x, y) = w.point(item, r.x.0, r.bottom().0)?;
                w.content
                    .rect(x, y, number(item, r.w.0)?, number(item, r.h.0)?)
                    .fill_nonzero();
            }
            Item::Form(f) => {
                let name = forms.name(&f.art).ok_or(PdfError::UnknownImage { item })?;
                // Forms follow the pictures in the document's XObjects.
                pictures.extend(forms.index(&f.art).map(|k| images.len() + k));
                // The trim box of the ad's page is mapped onto its rectangle and nothing
                // outside it shows (its bleed, its slug).
                let [x0, y0, x1, y1] = f.art.trim;
                let (sx, sy) = (f.rect.w.0 / (x1 - x0), f.rect.h.0 / (y1 - y0));
                let (left, bottom) = (f.rect.x.0, w.height - f.rect.bottom().0);
                let m = [sx, 0.0, 0.0, sy, left - x0 * sx, bottom - y0 * sy];
                let mut cm = [0.0f32; 6];
                for (out, v) in cm.iter_mut().zip(m) {
                    *out = number(item, v)?;
                }
                w.set_overprint(false);
                w.content.save_state();
                let (x, y) = w.point(item, f.rect.x.0, f.rect.bottom().0)?;
                w.content
                    .rect(x, y, number(item, f.rect.w.0)?, number(item, f.rect.h.0)?)
                    .clip_nonzero()
                    .end_path();
                w.content
                    .transform(cm)
                    .x_object(Name(name.as_bytes()))
                    .restore_state();
                // The form sets its own colours and widths: what was set before is unknown.
                w.fill = None;
                w.stroke = None;
                w.line_width = None;
            }
            Item::Image(img) => {
                let name = images.name(&img.picture).ok_or(PdfError::UnknownImage { item })?;
                pictures.extend(images.index(&img.picture));
                let m = placement(&img.rect, w.height);
                let mut cm = [0.0f32; 6];
                for (out, v) in cm.iter_mut().zip(m) {
                    *out = number(item, v)?;
                }
                // Photos knock out: under overprint with OPM 1 their white would let the
                // inks below show through (rule PX-12).
                w.set_overprint(false);
                w.content.save_state();
                if let Some(c) = img.clip {
                    // A cropped photo: everything outside its frame is clipped away.
                    let (x, y) = w.point(item, c.x.0, c.bottom().0)?;
                    w.content
                        .rect(x, y, number(item, c.w.0)?, number(item, c.h.0)?)
                        .clip_nonzero()
                        .end_path();
                }
                w.content
                    .transform(cm)
                    .x_object(Name(name.as_bytes()))
                    .restore_state();
            }
        }
    }
    Ok(Encoded {
        bytes: w.content.finish().into_vec(),
        uses_overprint: w.uses_overprint,
        uses_knockout: w.uses_knockout,
        faces: faces.into_iter().collect(),
        images: pictures.into_iter().collect(),
    })
}

/// Whether a colour is solid black ink alone, the one colour set to overprint
/// (TYPOGRAPHY.md §5.2: "100 % K only … set to overprint"; tints and white knock out).
fn is_overprint_black(c: Cmyk) -> bool {
    c.c == 0.0 && c.m == 0.0 && c.y == 0.0 && c.k >= 1.0
}

/// Which colour a state change is for.
#[derive(Clone, Copy)]
enum Paint {
    /// The non-stroking colour (`k`).
    Fill,
    /// The stroking colour (`K`).
    Stroke,
}

/// The content stream and the graphics state already in it, so no operator is repeated.
struct Writer {
    /// The stream.
    content: Content,
    /// Media box height, for the flip to PDF space.
    height: f64,
    /// The overprint state last set (`gs`).
    overprint: Option<bool>,
    /// The fill colour last set.
    fill: Option<[f32; 4]>,
    /// The stroke colour last set.
    stroke: Option<[f32; 4]>,
    /// The line width last set.
    line_width: Option<f32>,
    /// Whether [`GS_OVERPRINT`] was named.
    uses_overprint: bool,
    /// Whether [`GS_KNOCKOUT`] was named.
    uses_knockout: bool,
}

impl Writer {
    /// A layout point in PDF space.
    fn point(&self, item: usize, x: f64, y: f64) -> Result<(f32, f32), PdfError> {
        Ok((number(item, x)?, number(item, self.height - y)?))
    }

    /// Selects the overprint or the knockout graphics state, if not already in force.
    fn set_overprint(&mut self, overprint: bool) {
        if self.overprint != Some(overprint) {
            let name = if overprint { GS_OVERPRINT } else { GS_KNOCKOUT };
            self.content.set_parameters(Name(name.as_bytes()));
            self.overprint = Some(overprint);
            self.uses_overprint |= overprint;
            self.uses_knockout |= !overprint;
        }
    }

    /// Sets overprint and a DeviceCMYK colour (`k`/`K` select DeviceCMYK, PDF 1.7 §8.6.8),
    /// writing only what changed.
    fn set_state(&mut self, item: usize, color: Cmyk, overprint: bool, paint: Paint) -> Result<(), PdfError> {
        self.set_overprint(overprint);
        let cmyk = [color.c, color.m, color.y, color.k];
        if cmyk.iter().any(|v| !v.is_finite()) {
            return Err(PdfError::BadNumber { item });
        }
        let [c, m, y, k] = cmyk.map(|v| v.clamp(0.0, 1.0));
        let slot = match paint {
            Paint::Fill => &mut self.fill,
            Paint::Stroke => &mut self.stroke,
        };
        if *slot != Some([c, m, y, k]) {
            *slot = Some([c, m, y, k]);
            match paint {
                Paint::Fill => self.content.set_fill_cmyk(c, m, y, k),
                Paint::Stroke => self.content.set_stroke_cmyk(c, m, y, k),
            };
        }
        Ok(())
    }

    /// One text object for a run.
    fn text(&mut self, item: usize, run: &TextRun, font: &UsedFont<'_>) -> Result<(), PdfError> {
        if run.glyphs.is_empty() {
            return Ok(());
        }
        let size = number(item, run.size.0)?;
        if size <= 0.0 {
            return Err(PdfError::BadNumber { item });
        }
        self.set_state(item, run.color, is_overprint_black(run.color), Paint::Fill)?;
        self.content.begin_text();
        match run.mode {
            WritingMode::Horizontal => {
                self.content.set_font(Name(font.name.as_bytes()), size);
                // A baseline is a maximal stretch of glyphs with one y.
                for line in run.glyphs.chunk_by(|a, b| a.pos.y == b.pos.y) {
                    self.baseline(item, line, font, f64::from(size), Baseline::Across)?;
                }
            }
            WritingMode::Vertical => {
                let vertical = font.vertical_name.as_ref().ok_or(PdfError::UnknownFace {
                    item,
                    face: run.face.0,
                })?;
                // A line with glyphs set as in horizontal text has pen positions off its
                // centre line, where readers cut it into pieces and put them out of order
                // (poppler starts a word wherever the baseline moves by half a point): the
                // run, which is one line or part of one, carries its copy as /ActualText
                // (PDF 1.7 §14.9.4), and text extraction gives it whole, in reading order.
                let mixed = run.glyphs.iter().any(|g| !g.orient.is_upright());
                if mixed {
                    let text: String = run.glyphs.iter().map(|g| g.text.as_str()).collect();
                    self.content
                        .begin_marked_content_with_properties(Name(b"Span"))
                        .properties()
                        .actual_text(TextStr(&text));
                }
                // The font in force, so a run of upright glyphs names it once.
                let mut current: Option<&str> = None;
                for stretch in run.glyphs.chunk_by(|a, b| a.orient == b.orient) {
                    let orient = stretch[0].orient;
                    let name = match orient {
                        Orientation::Upright => vertical,
                        Orientation::Sideways | Orientation::Across => &font.name,
                    };
                    if current != Some(name.as_str()) {
                        self.content.set_font(Name(name.as_bytes()), size);
                        current = Some(name);
                    }
                    match orient {
                        // A column is a maximal stretch of glyphs on one centre line.
                        Orientation::Upright => {
                            for column in stretch.chunk_by(|a, b| a.pos.x == b.pos.x) {
                                self.column(item, column, font, f64::from(size))?;
                            }
                        }
                        Orientation::Sideways => {
                            for line in stretch.chunk_by(|a, b| a.pos.x == b.pos.x) {
                                self.baseline(item, line, font, f64::from(size), Baseline::Down)?;
                            }
                        }
                        Orientation::Across => {
                            for line in stretch.chunk_by(|a, b| a.pos.y == b.pos.y) {
                                self.baseline(item, line, font, f64::from(size), Baseline::Across)?;
                            }
                        }
                    }
                }
                if mixed {
                    self.content.end_marked_content();
                }
            }
        }
        self.content.end_text();
        Ok(())
    }

    /// Glyphs on one vertical centre line, written in the Identity-V font: `Tm` to the first
    /// glyph's vertical origin, then one `TJ` whose pen moves down by the /W2 advances
    /// (PDF 1.7 §9.4.4: in vertical mode a positive number moves the next glyph down).
    fn column(
        &mut self,
        item: usize,
        glyphs: &[Glyph],
        font: &UsedFont<'_>,
        size: f64,
    ) -> Result<(), PdfError> {
        let Some(first) = glyphs.first() else {
            return Ok(());
        };
        let (x0, y0) = self.point(item, first.pos.x.0, first.pos.y.0)?;
        self.content.set_text_matrix([1.0, 0.0, 0.0, 1.0, x0, y0]);
        let mut tj = self.content.show_positioned();
        let mut items = tj.items();
        // The pen, in layout space (y down), from the very numbers written.
        let mut pen = self.height - f64::from(y0);
        let mut codes: Vec<u8> = Vec::with_capacity(glyphs.len() * 2);
        for g in glyphs {
            let want = g.pos.y.0;
            if !want.is_finite() {
                return Err(PdfError::BadNumber { item });
            }
            let drift = want - pen;
            if drift.abs() > MAX_DRIFT_PT {
                let adjust = ((drift * 1000.0 / size) / ADJUST_STEP).round() * ADJUST_STEP;
                let adjust = adjust as f32;
                if !codes.is_empty() {
                    items.show(Str(&codes));
                    codes.clear();
                }
                items.adjust(adjust);
                pen += f64::from(adjust) * size / 1000.0;
            }
            // Identity-V: the code is the two-byte CID, as in Identity-H (§9.7.5.2).
            let cid = font.cid(g.id);
            codes.extend_from_slice(&cid.to_be_bytes());
            pen -= f64::from(font.vertical_metrics(cid).0) * size / 1000.0;
        }
        if !codes.is_empty() {
            items.show(Str(&codes));
        }
        Ok(())
    }

    /// Glyphs on one baseline, in the horizontal font: `Tm` to the first, then one `TJ`
    /// (PDF 1.7 §9.4.3–9.4.4). A baseline running down the page is the horizontal text
    /// space turned a quarter clockwise, so the same adjustments move the pen along it.
    fn baseline(
        &mut self,
        item: usize,
        glyphs: &[Glyph],
        font: &UsedFont<'_>,
        size: f64,
        way: Baseline,
    ) -> Result<(), PdfError> {
        let Some(first) = glyphs.first() else {
            return Ok(());
        };
        let (x0, y0) = self.point(item, first.pos.x.0, first.pos.y.0)?;
        // Where the viewer's pen is along the baseline, computed from the very numbers
        // written, and where layout wants each glyph on it.
        let (matrix, mut pen, along): (_, f64, fn(&Glyph) -> f64) = match way {
            Baseline::Across => ([1.0, 0.0, 0.0, 1.0, x0, y0], f64::from(x0), |g| g.pos.x.0),
            Baseline::Down => ([0.0, -1.0, 1.0, 0.0, x0, y0], self.height - f64::from(y0), |g| {
                g.pos.y.0
            }),
        };
        self.content.set_text_matrix(matrix);
        let mut tj = self.content.show_positioned();
        let mut items = tj.items();
        let mut codes: Vec<u8> = Vec::with_capacity(glyphs.len() * 2);
        for g in glyphs {
            let want = along(g);
            if !want.is_finite() {
                return Err(PdfError::BadNumber { item });
            }
            let drift = pen - want;
            if drift.abs() > MAX_DRIFT_PT {
                // A positive TJ number moves the next glyph back by n/1000 × size (§9.4.4).
                let adjust = ((drift * 1000.0 / size) / ADJUST_STEP).round() * ADJUST_STEP;
                let adjust = adjust as f32;
                if !codes.is_empty() {
                    items.show(Str(&codes));
                    codes.clear();
                }
                items.adjust(adjust);
                pen -= f64::from(adjust) * size / 1000.0;
            }
            // Identity-H: the code is the two-byte CID, big-endian (§9.7.5.2).
            let cid = font.cid(g.id);
            codes.extend_from_slice(&cid.to_be_bytes());
            pen += f64::from(font.width(cid)) * size / 1000.0;
        }
        if !codes.is_empty() {
            items.show(Str(&codes));
        }
        Ok(())
    }
}

/// Which way the baseline of glyphs set horizontally runs on the page.
#[derive(Clone, Copy)]
enum Baseline {
    /// Left to right: horizontal lines, and the figures of a 纵中横 cell.
    Across,
    /// Top to bottom, the glyphs turned a quarter clockwise: sideways glyphs of a vertical
    /// line.
    Down,
}

/// A layout number as written to the stream; NaN and infinities are the item's error.
fn number(item: usize, v: f64) -> Result<f32, PdfError> {
    let f = v as f32;
    if f.is_finite() {
        Ok(f)
    } else {
        Err(PdfError::BadNumber { item })
    }
}
