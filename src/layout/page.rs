//! The laid-out page: what every renderer (PDF, PNG proof) draws, and nothing more.
//!
//! Guarantees, so renderers interpret nothing:
//! - every position is absolute, in points, in layout space (top-left origin, y down);
//! - every glyph names its face and glyph id, and carries the text it stands for;
//! - colours are CMYK; whether black overprints is the renderer's policy, not layout's;
//! - items are in painting order.

use crate::diag::Span;
use crate::geom::{Orientation, Point, Pt, Rect, Size, WritingMode};
use crate::raster::Picture;
use crate::shape::FaceId;
use serde::{Serialize, Serializer};
use std::sync::Arc;

/// A process colour, each ink from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Cmyk {
    /// Cyan.
    pub c: f32,
    /// Magenta.
    pub m: f32,
    /// Yellow.
    pub y: f32,
    /// Black.
    pub k: f32,
}

impl Cmyk {
    /// 100 % K, the colour of text and rules (TYPOGRAPHY.md §5.2).
    pub const BLACK: Cmyk = Cmyk {
        c: 0.0,
        m: 0.0,
        y: 0.0,
        k: 1.0,
    };
    /// Paper: no ink.
    pub const WHITE: Cmyk = Cmyk {
        c: 0.0,
        m: 0.0,
        y: 0.0,
        k: 0.0,
    };

    /// A grey as a K tint.
    pub fn k(k: f32) -> Cmyk {
        Cmyk {
            c: 0.0,
            m: 0.0,
            y: 0.0,
            k,
        }
    }

    /// Whether this is black ink only (so it may overprint).
    pub fn is_k_only(&self) -> bool {
        self.c == 0.0 && self.m == 0.0 && self.y == 0.0 && self.k > 0.0
    }
}

/// One glyph placed on the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Glyph {
    /// Glyph id in its face.
    pub id: u16,
    /// Pen position: on the baseline in a horizontal run; in a vertical run, on the column's
    /// centre line at the top of the glyph's cell (its vertical origin).
    pub pos: Point,
    /// The text this glyph stands for (empty for the second glyph of a cluster).
    pub text: String,
    /// How it stands in a vertical run: not upright, it is drawn as in a horizontal run, from
    /// its horizontal origin at `pos`, turned 90° clockwise about it when sideways (skipped
    /// in JSON when upright, so page dumps of horizontal pages did not change).
    #[serde(skip_serializing_if = "Orientation::is_upright")]
    pub orient: Orientation,
}

/// Where something drawn comes from: proofs mark problems, and the browser finds the copy
/// of what was clicked, by it, never by searching the page's text.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Origin {
    /// The story it belongs to (index in copy order), when it belongs to one.
    pub story: Option<usize>,
    /// The copy it was set from, or for the running head the manifest line of its page.
    #[serde(skip)]
    pub span: Span,
}

/// Glyphs of one face at one size and colour.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextRun {
    /// The face.
    pub face: FaceId,
    /// Font size.
    pub size: Pt,
    /// Fill colour.
    pub color: Cmyk,
    /// Whether the glyphs are set upright in a vertical line, drawn from their vertical
    /// origins with vertical metrics (skipped in JSON when horizontal, so page dumps of
    /// horizontal pages did not change).
    #[serde(skip_serializing_if = "WritingMode::is_horizontal")]
    pub mode: WritingMode,
    /// Glyphs in reading order.
    pub glyphs: Vec<Glyph>,
    /// Where its text comes from (`None` for text no copy or manifest wrote).
    pub origin: Option<Origin>,
}

impl TextRun {
    /// The box the run's glyphs stand in: from the first pen position to the last glyph's
    /// em, one body high above the baseline and a fifth below.
    pub fn bounds(&self) -> Option<Rect> {
        let first = self.glyphs.first()?;
        let (mut x0, mut x1, mut y0, mut y1) = (first.pos.x, first.pos.x, first.pos.y, first.pos.y);
        for g in &self.glyphs {
            x0 = x0.min(g.pos.x);
            x1 = x1.max(g.pos.x);
            y0 = y0.min(g.pos.y);
            y1 = y1.max(g.pos.y);
        }
        let top = y0 - self.size * 0.88;
        Some(Rect::new(
            x0,
            top,
            x1 - x0 + self.size,
            y1 - top + self.size * 0.2,
        ))
    }
}

/// A stroked straight line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stroke {
    /// Start.
    pub from: Point,
    /// End.
    pub to: Point,
    /// Line width.
    pub width: Pt,
    /// Colour.
    pub color: Cmyk,
}

/// A filled rectangle (label backgrounds, tints).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fill {
    /// The area.
    pub rect: Rect,
    /// Colour.
    pub color: Cmyk,
}

/// A photo's pixels stretched over a rectangle (layout chose the rectangle to keep the
/// picture's aspect ratio). The pixels are grey or CMYK already (see [`crate::raster`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImageItem {
    /// Where the picture goes.
    pub rect: Rect,
    /// The frame it is cropped to, when the editor allowed cropping (`rect` then covers it).
    pub clip: Option<Rect>,
    /// The picture, shared by every page and renderer that draws it.
    #[serde(serialize_with = "serialize_picture")]
    pub picture: Arc<Picture>,
}

/// A PDF page placed as vector artwork (an ad, the masthead), its trim box stretched over a
/// rectangle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormItem {
    /// Where the trimmed page goes.
    pub rect: Rect,
    /// The page.
    #[serde(serialize_with = "serialize_art")]
    pub art: Arc<crate::art::PdfArt>,
}

impl Item {
    /// Delivered artwork stretched over `rect`: a picture, or a PDF page as vector artwork.
    pub fn artwork(art: &crate::art::Artwork, rect: Rect) -> Item {
        match art {
            crate::art::Artwork::Picture(p) => Item::Image(ImageItem {
                rect,
                clip: None,
                picture: p.clone(),
            }),
            crate::art::Artwork::Pdf(a) => Item::Form(FormItem { rect, art: a.clone() }),
        }
    }
}

/// Serialises the artwork behind the `Arc` (its path and trim box).
fn serialize_art<S: Serializer>(a: &Arc<crate::art::PdfArt>, s: S) -> Result<S::Ok, S::Error> {
    a.as_ref().serialize(s)
}

/// Serialises the picture behind the `Arc` (its path and size; the pixels are skipped).
fn serialize_picture<S: Serializer>(p: &Arc<Picture>, s: S) -> Result<S::Ok, S::Error> {
    p.as_ref().serialize(s)
}

/// Something painted on the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Item {
    /// Text.
    Text(TextRun),
    /// A rule, frame edge or mark.
    Stroke(Stroke),
    /// A filled area.
    Fill(Fill),
    /// A photo.
    Image(ImageItem),
    /// Vector artwork from a PDF (an ad, the masthead).
    Form(FormItem),
}

/// Where a page has something an editor should look at (drawn by proofs, not printed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mark {
    /// The area concerned.
    pub rect: Rect,
    /// What it is.
    pub kind: MarkKind,
    /// The story and copy it is about, when it is about one.
    pub origin: Option<Origin>,
}

/// What a proof mark means.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum MarkKind {
    /// A photo without an image file.
    PlaceholderPhoto,
    /// An ad not delivered.
    PlaceholderAd,
    /// A story whose text did not fit.
    Overflow {
        /// Characters not set.
        chars: usize,
    },
    /// A rectangle of a hole's white (a hole that is not a rectangle is framed in parts).
    Hole {
        /// The hole's columns (its bounds).
        columns: usize,
        /// The hole's lines.
        lines: usize,
        /// Whether this part carries the hole's size on the proof (its first).
        tagged: bool,
    },
    /// Where a story is cut to continue on another page (转版).
    Jump {
        /// The page it continues on.
        to: u32,
    },
    /// A headline standing beside another at the same height (撞题): the later one.
    Collision,
    /// A line set against the composition rules (issue 9), counted in the page's figures.
    Composition {
        /// Which rule.
        fault: Fault,
    },
    /// The space left on the page, one rectangle on the grid.
    SpaceLeft {
        /// Columns wide.
        columns: usize,
        /// Lines high.
        lines: usize,
    },
}

/// A composition rule a drawn line breaks, where nothing within the rules did better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fault {
    /// A justified body line looser than [`crate::compose::LOOSE_GAP`].
    LooseLine,
    /// A wrapped heading's last line of fewer than
    /// [`crate::compose::balance::MIN_HEADING_LAST`] characters.
    ShortHeadingLine,
    /// A subhead without its body lines under it in its column (背题).
    StrandedSubhead,
}

impl Fault {
    /// The proofreader's word for it, as the proof tags it.
    pub fn tag(self) -> &'static str {
        match self {
            Fault::LooseLine => "松行",
            Fault::ShortHeadingLine => "短题行",
            Fault::StrandedSubhead => "背题",
        }
    }
}

/// A rectangle of grid cells: where editorial copy may go, or what an ad takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Cells {
    /// First column.
    pub col0: usize,
    /// Columns.
    pub cols: usize,
    /// First row.
    pub row0: usize,
    /// Rows.
    pub rows: usize,
}

impl Cells {
    /// Whether the cell (`col`, `row`) is inside.
    pub fn contains(&self, col: usize, row: usize) -> bool {
        (self.col0..self.col0 + self.cols).contains(&col) && (self.row0..self.row0 + self.rows).contains(&row)
    }
}

/// A rectangle of the grid as a booking gives it: `N columns × M lines`.
pub fn cells_text(c: &Cells) -> String {
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{} × {}",
        plural(c.cols, "column", "columns"),
        plural(c.rows, "line", "lines")
    )
}

/// A story's identity across the edition: the page whose copy holds it, its place in that
/// copy, and its span there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StoryId {
    /// The page (版次) whose copy holds the story.
    pub page: u32,
    /// Its index in that page's copy, from 0.
    pub index: usize,
    /// From its first to its last block in the copy.
    #[serde(skip)]
    pub span: crate::diag::Span,
}

/// Where a story's text stopped in its module: the first flow item not set, and its place in
/// the copy (block, and byte offset in the block's text as shaped).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cursor {
    /// Index of the first item not set, in the flow as set.
    pub item: usize,
    /// Its block (index into the story's blocks).
    pub block: usize,
    /// Byte offset of its first character in the block's shaped text.
    pub offset: usize,
}

/// How much of a story did not fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overflow {
    /// The story.
    pub story: StoryId,
    /// Its title, for reports.
    pub title: String,
    /// Characters of copy that were not set.
    pub chars: usize,
    /// Lines that were not set.
    pub lines: usize,
    /// Where its text stopped (`None`: the story found no place at all).
    pub from: Option<Cursor>,
}

/// Something about the page an editor should know, placed on the copy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    /// Where in the copy.
    #[serde(skip)]
    pub span: crate::diag::Span,
    /// Lowercase, one line.
    pub message: String,
    /// Whether it stops the build (a rule broken), or only informs (space left, 撞题).
    pub error: bool,
}

/// The figures of a laid-out page: measured once, here, and given as they are by every
/// view of the report (`pages[]`, version 1's `files[]`, the contact sheet, `serve`). A field
/// added here appears in all of them; its JSON name is part of the report schema
/// (docs/report-schema.md), so fields are only ever added.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PageStats {
    /// Stories on the page (placed or not); the report gives them as a list.
    #[serde(skip)]
    pub stories: usize,
    /// Characters set (all text items, headers excluded).
    pub chars_set: usize,
    /// Characters that did not fit.
    pub chars_overflowing: usize,
    /// Share of the type area's cells (column × line) used, percent.
    #[serde(rename = "fill_percent", serialize_with = "one_decimal")]
    pub fill: f64,
    /// Empty areas outside the space left, each one area however many columns it spans:
    /// white cells touching side by side or one above the other, in runs of two lines or
    /// more.
    pub holes: usize,
    /// The holes' white as runs of one column (as version 2 first gave the holes).
    pub hole_areas: Vec<Cells>,
    /// Each hole, as the space left is given: its bounds, and whether it is a rectangle.
    pub hole_list: Vec<HoleStats>,
    /// The space left: the largest empty rectangle on the page's foot (or on an ad), and
    /// where an ad on the foot makes it an L, the white down beside the ad; the report gives
    /// each as a booking, `N columns × M lines` at its column and line from 1.
    #[serde(serialize_with = "as_space")]
    pub space_left: Option<SpaceLeft>,
    /// Column lines left empty, in holes and in the space left.
    pub space_left_lines: usize,
    /// Every photo (and placeholder) as placed.
    pub photos: Vec<PhotoStats>,
    /// The photos' share of the type area, percent.
    #[serde(rename = "photo_share_percent")]
    pub photo_share: f64,
    /// The ads booked on the page, as placed.
    pub ads: Vec<AdStats>,
    /// Pairs of headlines side by side at the same height (撞题).
    pub collisions: usize,
    /// Justified lines that are not flush with both column edges (PU-05; should be 0).
    pub ragged_lines: usize,
    /// Justified lines looser than [`crate::compose::LOOSE_GAP`] between Han characters.
    pub loose_lines: usize,
    /// Wrapped headings (headlines, kickers, decks, subheads) whose last line has fewer than
    /// [`crate::compose::balance::MIN_HEADING_LAST`] characters.
    pub short_heading_lines: usize,
    /// Subheads without [`super::story::LINES_UNDER_SUBHEAD`] body lines under them in their
    /// column (背题).
    pub stranded_subheads: usize,
    /// Every photo image placed, with its effective resolution.
    pub images: Vec<ImageReport>,
    /// The same figures per story, in copy order.
    #[serde(skip)]
    pub per_story: Vec<StoryStats>,
}

/// A hole as the report gives it: its bounds as a booking (`N columns × M lines` at its
/// column and line from 1), its white, and its parts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HoleStats {
    /// Columns of its bounds.
    pub columns: usize,
    /// Lines of its bounds.
    pub lines: usize,
    /// Its first column, from 1.
    pub column: usize,
    /// Its first line, from 1.
    pub line: usize,
    /// The hole as `check` prints it.
    pub text: String,
    /// Column lines white in it (its bounds' cells when it is a rectangle).
    pub empty_lines: usize,
    /// Whether it is a rectangle.
    pub rectangle: bool,
    /// Whether it touches the space left.
    pub beside_space_left: bool,
    /// Its white as rectangles: `col0`, `cols`, `row0`, `rows`, from 0.
    pub parts: Vec<Cells>,
}

impl HoleStats {
    /// The figures of a hole.
    pub fn of(h: &super::check::Hole) -> HoleStats {
        HoleStats {
            columns: h.bounds.cols,
            lines: h.bounds.rows,
            column: h.bounds.col0 + 1,
            line: h.bounds.row0 + 1,
            text: h.text(),
            empty_lines: h.lines(),
            rectangle: h.is_rectangle(),
            beside_space_left: h.beside_space,
            parts: h.parts(),
        }
    }
}

/// An ad as placed, for the report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AdStats {
    /// Who booked it.
    pub advertiser: String,
    /// Its cells: first column and line from 0, columns and lines.
    pub cells: Cells,
    /// `N columns × M lines`.
    pub size: String,
    /// Its top-left corner on the page, millimetres from the trim's top-left.
    pub at_mm: (f64, f64),
    /// Width × height placed, millimetres.
    pub size_mm: (f64, f64),
    /// `pdf`, `image` or `placeholder`.
    pub art: String,
}

/// A photo frame as placed, for the report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PhotoStats {
    /// The story it belongs to.
    pub story: usize,
    /// Columns it spans.
    pub columns: usize,
    /// Body lines its frame takes (its caption and credit not counted).
    pub lines: usize,
    /// `N columns × M lines`, as an ad's size is given.
    pub size: String,
    /// Its frame's top-left corner on the page, millimetres from the trim's top-left.
    pub at_mm: (f64, f64),
    /// Its frame, width × height in millimetres.
    pub size_mm: (f64, f64),
    /// Its share of the type area, percent.
    pub share: f64,
    /// Whether an image fills it (else a placeholder frame).
    pub image: bool,
}

/// The space left as a booking: columns and lines, its first column and line from 1.
/// The page's space left: one rectangle on the grid, or an L around an ad on the foot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpaceLeft {
    /// The rectangle: across the L's whole width where it is one.
    pub cells: Cells,
    /// The L's foot: the white under the rectangle beside the ad, down to the page's foot.
    pub beside_ad: Option<Cells>,
}

impl SpaceLeft {
    /// Its rectangles.
    pub fn parts(&self) -> impl Iterator<Item = Cells> {
        std::iter::once(self.cells).chain(self.beside_ad)
    }

    /// Whether a cell is in it.
    pub fn contains(&self, col: usize, row: usize) -> bool {
        self.parts().any(|p| p.contains(col, row))
    }

    /// Its column lines.
    pub fn lines(&self) -> usize {
        self.parts().map(|p| p.cols * p.rows).sum()
    }

    /// `N columns × M lines at column C, line L`, and the L's foot beside the ad.
    pub fn text(&self) -> String {
        let at = |c: &Cells| format!("{} at column {}, line {}", cells_text(c), c.col0 + 1, c.row0 + 1);
        match &self.beside_ad {
            None => at(&self.cells),
            Some(b) => format!("{}, and {} beside the ad", at(&self.cells), at(b)),
        }
    }
}

/// A rectangle as a booking: `columns`, `lines`, `column`, `line` from 1, and its `text`.
struct Booking<'a>(&'a Cells);

impl Serialize for Booking<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let c = self.0;
        let mut st = s.serialize_struct("Booking", 5)?;
        st.serialize_field("columns", &c.cols)?;
        st.serialize_field("lines", &c.rows)?;
        st.serialize_field("column", &(c.col0 + 1))?;
        st.serialize_field("line", &(c.row0 + 1))?;
        st.serialize_field("text", &cells_text(c))?;
        st.end()
    }
}

/// The space left as its rectangle's booking, with `beside_ad` the L's foot (or null).
fn as_space<S: Serializer>(space: &Option<SpaceLeft>, s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Shown<'a> {
        #[serde(flatten)]
        cells: Booking<'a>,
        beside_ad: Option<Booking<'a>>,
    }
    match space {
        None => s.serialize_none(),
        Some(space) => Shown {
            cells: Booking(&space.cells),
            beside_ad: space.beside_ad.as_ref().map(Booking),
        }
        .serialize(s),
    }
}

/// A percentage as the report gives it: one decimal.
fn one_decimal<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((x * 10.0).round() / 10.0)
}

/// A photo image as placed (TYPOGRAPHY.md §5.2, PX-11).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImageReport {
    /// The image file.
    pub file: String,
    /// Effective resolution on the page, pixels per inch (one decimal).
    pub ppi: f64,
    /// Width × height placed, in millimetres (one decimal).
    pub size_mm: (f64, f64),
}

impl ImageReport {
    /// The figures of a placed image.
    pub fn of(img: &ImageItem) -> ImageReport {
        let tenth = |x: f64| (x * 10.0).round() / 10.0;
        ImageReport {
            file: img.picture.path.display().to_string(),
            ppi: tenth(img.picture.effective_ppi(&img.rect)),
            size_mm: (tenth(img.rect.w.to_mm()), tenth(img.rect.h.to_mm())),
        }
    }
}

/// Figures about one story of a page, for the report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StoryStats {
    /// Its title, for reports.
    pub title: String,
    /// Whether it found a place on the page.
    pub placed: bool,
    /// Characters set.
    pub chars_set: usize,
    /// Characters that did not fit.
    pub chars_overflowing: usize,
}

/// A laid-out page: what is drawn, nothing found about it (that is [`Findings`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    /// Page number in the issue.
    pub number: u32,
    /// The media box size (origin at the top-left).
    pub media: Size,
    /// The trimmed page.
    pub trim: Rect,
    /// The bleed area (equal to the trim for newspaper pages that do not bleed).
    pub bleed: Rect,
    /// What is printed, in painting order.
    pub items: Vec<Item>,
    /// What a proof should point out.
    pub marks: Vec<Mark>,
}

/// What laying out a page found, travelling beside the [`Page`] it drew.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Findings {
    /// Stories that did not fit.
    pub overflow: Vec<Overflow>,
    /// Warnings from composition (a last-resort break inside an unbreakable unit), space
    /// left, 撞题.
    pub notes: Vec<Note>,
    /// Figures for the report.
    pub stats: PageStats,
    /// Stories cut here to continue on a later page.
    pub jumps: Vec<JumpOut>,
}

/// A story cut on its page to continue on another (转版).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct JumpOut {
    /// The story.
    pub story: StoryId,
    /// The page it continues on.
    pub to: u32,
    /// Where its text stops on this page: the continuation starts there.
    pub cut: Cursor,
    /// Characters of the story's body set on this page, before the cut.
    pub chars_here: usize,
    /// Characters of its body after the cut, for the other page.
    pub chars_rest: usize,
}

/// A page as laid out: what is drawn, and what was found.
#[derive(Debug, Clone, PartialEq)]
pub struct LaidOut {
    /// What is drawn.
    pub page: Page,
    /// What was found.
    pub findings: Findings,
}
