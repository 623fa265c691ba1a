//! Composition: breaking paragraphs into lines, compressing punctuation, justifying.
//!
//! Recipe: [`prepare`](prepare::prepare) the shaped clusters into units (classes, cells,
//! pair compression, gaps) → [`linebreak`](linebreak::linebreak) (all breaks at once) →
//! `commit` each line into positioned glyphs.

pub mod balance;
pub mod class;
mod commit;
pub mod linebreak;
pub mod prepare;
mod words;

pub use crate::style::{Punctuation, Strictness, Style};

use crate::geom::{Em, Orientation, Pt};
use crate::shape::{FaceId, FontDb, Role, ShapedPar};
use linebreak::Measure;
use prepare::PrepareConfig;

/// How the lines of a paragraph sit in the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Both edges flush; the last line flush start (body text, captions).
    Justify,
    /// Centred (headlines).
    Center,
    /// Flush start.
    Left,
    /// Flush end (credits).
    Right,
}

/// How to set a paragraph.
#[derive(Debug, Clone, Copy)]
pub struct ParStyle {
    /// Font size.
    pub size: Pt,
    /// First-line indent (2 em for body paragraphs, PA-01).
    pub indent: Em,
    /// Alignment.
    pub align: Align,
    /// Line-breaking level.
    pub strictness: Strictness,
    /// Han–Latin gap, em (§2.6).
    pub han_latin_gap: Em,
    /// Least Han characters on a last line (孤字; 0 switches the rule off).
    pub min_last_han: usize,
    /// Adjacent-mark compression.
    pub punctuation: Punctuation,
    /// Whether an opening mark at a line start loses its blank half.
    pub trim_open: bool,
}

impl ParStyle {
    /// Body text at a size in the default style: justified, 2-em indent, strict breaking.
    pub fn body(size: Pt) -> ParStyle {
        ParStyle::from_style(size, &Style::default())
    }

    /// Body text at a size in a house style.
    pub fn from_style(size: Pt, style: &Style) -> ParStyle {
        ParStyle {
            size,
            indent: Em(2.0),
            align: Align::Justify,
            strictness: style.line_breaking,
            han_latin_gap: Em(style.han_latin_gap),
            min_last_han: style.min_last_line_han,
            punctuation: style.punctuation,
            trim_open: style.trim_line_start,
        }
    }

    /// The same style with another alignment and no indent.
    pub fn aligned(self, align: Align) -> ParStyle {
        ParStyle {
            align,
            indent: Em(0.0),
            ..self
        }
    }
}

/// A glyph positioned on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineGlyph {
    /// Face.
    pub face: FaceId,
    /// Glyph id.
    pub id: u16,
    /// Pen position along the line, from its start.
    pub inline: Pt,
    /// Offset across the line (up positive in horizontal lines).
    pub cross: Pt,
    /// The text the glyph stands for (empty for later glyphs of a cluster).
    pub text: String,
    /// The role of the text (for colour or emphasis decisions downstream).
    pub role: Role,
    /// How it stands in the line.
    pub orient: Orientation,
}

/// One composed line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Glyphs in order.
    pub glyphs: Vec<LineGlyph>,
    /// Where the last cluster ends, from the line start. Glyph positions of centred and
    /// flush-end lines already include their offset in the measure.
    pub width: Pt,
    /// Byte range in the paragraph text.
    pub start: usize,
    /// End of that range.
    pub end: usize,
    /// The copy the line was set from (`None` for text no copy wrote).
    pub span: Option<crate::diag::Span>,
    /// Han characters on the line.
    pub han: usize,
    /// Whether the line was justified to the full measure.
    pub justified: bool,
    /// A line that should be flush with both edges but is not (a paragraph's last line never
    /// is one): PU-05 counts these on a page, and there should be none.
    pub ragged: bool,
    /// A justified line whose Han characters stand more than [`LOOSE_GAP`] apart, or whose
    /// URL is letter-spaced by more than that: the report's `loose_lines`.
    pub loose: bool,
}

/// A composed paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct ComposedPar {
    /// Lines in order.
    pub lines: Vec<Line>,
    /// Lines (by index) that end inside an unbreakable unit or against the rules: a last
    /// resort, reported to the editor.
    pub forced: Vec<usize>,
    /// Breaks that fall inside a word (`孵 / 化`): a heading's last resort, which a headline
    /// avoids by taking a smaller size where one keeps its words whole.
    pub split_words: usize,
}

/// Justification space between two Han characters past which a line is loose, em (issue 9:
/// a 13-character line holding fewer than about 11.5). The breaker sets such a line only
/// where the rules leave no other choice, and the report counts each one.
pub const LOOSE_GAP: f64 = 0.12;

/// A paragraph prepared once for a style, to be composed at any measure or line count.
#[derive(Debug, Clone)]
pub struct Composer<'p> {
    par: &'p ShapedPar,
    units: Vec<prepare::Unit>,
    /// The units' running totals, for every setting of the paragraph (issue 15: they were
    /// made again for each measure and each pass).
    sums: linebreak::Sums,
    style: ParStyle,
}

impl<'p> Composer<'p> {
    /// Prepares a shaped paragraph for a style.
    pub fn new(db: &FontDb, par: &'p ShapedPar, style: &ParStyle) -> Composer<'p> {
        let cfg = PrepareConfig {
            strictness: style.strictness,
            punctuation: style.punctuation,
            han_latin_gap: style.han_latin_gap.0,
            cjk_space: 1.0,
        };
        let units = prepare::prepare(db, par, &cfg);
        Composer {
            par,
            sums: linebreak::Sums::new(&units),
            units,
            style: *style,
        }
    }

    /// Keeps the text at bytes `start..end` on one line (a brief's source, issue 9 point 6):
    /// a break inside it only as a last resort, like a break inside a word.
    pub fn keep_together(mut self, start: usize, end: usize) -> Composer<'p> {
        for (u, c) in self.units.iter_mut().zip(&self.par.clusters) {
            if c.start >= start && c.end < end && u.break_after == prepare::Break::Allowed {
                u.break_after = prepare::Break::Glued;
            }
            // The text before it may end a line unjustified; the kept text then stands flush
            // end on the next (a source on a line of its own).
            u.ends_text |= c.end == start && u.break_after == prepare::Break::Allowed;
        }
        // The running totals count neither breaks nor text ends: they stand.
        self
    }

    fn measure(&self, measure: Pt, max_stretch: f64) -> Measure {
        Measure {
            width: measure.0 / self.style.size.0,
            indent: self.style.indent.0,
            trim_open: self.style.trim_open,
            justify: self.style.align == Align::Justify,
            min_last_han: self.style.min_last_han,
            max_stretch,
        }
    }

    fn commit(&self, m: &Measure, ends: &[usize], forced: Vec<usize>) -> ComposedPar {
        let mut lines = Vec::with_capacity(ends.len());
        let mut a = 0;
        for (k, &b) in ends.iter().enumerate() {
            let last = k + 1 == ends.len();
            let ends_text = self.units[b - 1].ends_text;
            // What follows a text's end on a line of its own stands flush end.
            let style = if last && a > 0 && self.units[a - 1].ends_text && self.style.align == Align::Justify
            {
                ParStyle {
                    align: Align::Right,
                    ..self.style
                }
            } else {
                self.style
            };
            lines.push(commit::commit_line(
                self.par,
                &self.units,
                m,
                &style,
                (a, b),
                k,
                last || ends_text,
            ));
            a = b;
        }
        ComposedPar {
            lines,
            forced,
            split_words: 0,
        }
    }

    /// The best lines at a measure.
    pub fn compose(&self, measure: Pt) -> ComposedPar {
        let m = self.measure(measure, f64::INFINITY);
        let breaks = linebreak::linebreak(&self.units, &self.sums, &m);
        self.commit(&m, &breaks.ends, breaks.forced)
    }

    /// A heading's lines: one if it fits, else the most balanced setting in the fewest lines
    /// the rules allow (or one more, where the fewest would leave a last line too short);
    /// the best-fit setting only where no balanced one exists, or past
    /// [`balance::MAX_BALANCED_LINES`].
    pub fn compose_heading(&self, measure: Pt) -> ComposedPar {
        let m = self.measure(measure, f64::INFINITY);
        let fit = linebreak::linebreak(&self.units, &self.sums, &m);
        let n = fit.ends.len();
        if (2..=balance::MAX_BALANCED_LINES).contains(&n) && fit.forced.is_empty() {
            let texts: Vec<&str> = (0..self.units.len()).map(|i| self.par.cluster_text(i)).collect();
            let costs = balance::break_costs(&self.units, &texts);
            let balanced = [n, n + 1]
                .into_iter()
                .find_map(|lines| balance::balanced(&self.units, &costs, &m, lines));
            let ends = balanced.as_deref().unwrap_or(&fit.ends);
            let forced = if balanced.is_some() {
                Vec::new()
            } else {
                fit.forced.clone()
            };
            return ComposedPar {
                split_words: balance::split_words(&costs, ends),
                ..self.commit(&m, ends, forced)
            };
        }
        self.commit(&m, &fit.ends, fit.forced)
    }

    /// The paragraph in exactly `lines` lines, when that is possible within the rules and
    /// without loosening any gap past [`LOOSE_GAP`] (copyfitting: a paragraph set a line
    /// shorter by punctuation compression).
    pub fn compose_lines(&self, measure: Pt, lines: usize) -> Option<ComposedPar> {
        let m = self.measure(measure, LOOSE_GAP);
        let ends = linebreak::linebreak_exact(&self.units, &self.sums, &m, lines)?;
        Some(self.commit(&m, &ends, Vec::new()))
    }
}

/// Composes a shaped paragraph at a measure.
pub fn compose_par(db: &FontDb, par: &ShapedPar, style: &ParStyle, measure: Pt) -> ComposedPar {
    Composer::new(db, par, style).compose(measure)
}

/// Composes a heading (headline, subhead) at a measure in balanced lines.
pub fn compose_heading(db: &FontDb, par: &ShapedPar, style: &ParStyle, measure: Pt) -> ComposedPar {
    Composer::new(db, par, style).compose_heading(measure)
}
