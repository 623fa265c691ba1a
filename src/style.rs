//! The house style of an edition: the composition choices TYPOGRAPHY.md leaves configurable,
//! with the project's defaults. Read from the manifest's `[style]` table.

use serde::{Deserialize, Serialize};

/// How strictly line starts and ends are policed (CLREQ levels, TYPOGRAPHY.md §1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Strictness {
    /// Closing marks may not start a line, opening marks may not end one.
    Basic,
    /// Basic, plus no solidus at a line end (GB/T 15834 §5).
    Gb,
    /// GB, plus no `——` or `……` at a line start: the project default.
    #[default]
    Strict,
}

/// How adjacent punctuation is compressed (标点挤压, TYPOGRAPHY.md §2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Punctuation {
    /// CLREQ's default: two adjacent marks that would total 2 em take 1.5 em.
    #[default]
    Default,
    /// Tight: a pair with blanks on both sides (`，“`, `）（`) takes 1 em.
    Tight,
}

/// Composition settings of an edition.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Style {
    /// Line-breaking level: `basic`, `gb` or `strict` (default).
    pub line_breaking: Strictness,
    /// Adjacent-punctuation compression: `default` (1.5 em pairs) or `tight` (1 em).
    pub punctuation: Punctuation,
    /// Gap between Han and Latin letters or digits, in em: ¼ by default, 0 to ¼ (§2.6).
    pub han_latin_gap: f64,
    /// Whether an opening bracket at a line start loses its blank half (§2.3, PU-03).
    pub trim_line_start: bool,
    /// Least Han characters on a paragraph's last line (孤字, PA-02); 0 switches it off.
    pub min_last_line_han: usize,
    /// Largest share of the type area one photo may take unless the manifest fixes its
    /// height (EDITION.md §2: about a sixth).
    pub photo_max_share: f64,
    /// Fewest columns a photo spans on a broadsheet (EDITION.md §2: 2).
    pub photo_min_columns: usize,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            line_breaking: Strictness::Strict,
            punctuation: Punctuation::Default,
            han_latin_gap: 0.25,
            trim_line_start: true,
            min_last_line_han: 2,
            photo_max_share: 1.0 / 6.0,
            photo_min_columns: 2,
        }
    }
}

impl Style {
    /// Why the style cannot be used, if it cannot.
    pub fn check(&self) -> Result<(), String> {
        if !(0.0..=0.25).contains(&self.han_latin_gap) {
            return Err(format!(
                "han_latin_gap is {} em; it must be from 0 to 0.25",
                self.han_latin_gap
            ));
        }
        if !(0.05..=1.0).contains(&self.photo_max_share) {
            return Err(format!(
                "photo_max_share is {}; it must be from 0.05 to 1 (a share of the type area)",
                self.photo_max_share
            ));
        }
        if !(1..=4).contains(&self.photo_min_columns) {
            return Err(format!(
                "photo_min_columns is {}; it must be from 1 to 4",
                self.photo_min_columns
            ));
        }
        if self.min_last_line_han > 4 {
            return Err(format!(
                "min_last_line_han is {}; at most 4 makes sense",
                self.min_last_line_han
            ));
        }
        Ok(())
    }
}

/// A named page format (TYPOGRAPHY.md §4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    /// 对开: 390 × 543 mm, 8 columns of 13 小五 characters.
    #[default]
    Broadsheet,
    /// 四开: 271 × 390 mm, 6 columns of 12 小五 characters.
    Tabloid,
}

/// A page format as the manifest gives it: a preset, and any of its figures changed.
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct FormatSpec {
    /// The preset the other fields change.
    pub preset: Preset,
    /// Trim width, mm.
    pub width_mm: Option<f64>,
    /// Trim height, mm.
    pub height_mm: Option<f64>,
    /// Basic columns.
    pub columns: Option<usize>,
    /// Characters per basic column.
    pub chars: Option<usize>,
    /// Body size, pt.
    pub body_pt: Option<f64>,
    /// Baseline pitch, pt.
    pub pitch_pt: Option<f64>,
    /// Body lines per column.
    pub lines: Option<usize>,
    /// Head margin, mm (the running head sits in it).
    pub head_mm: Option<f64>,
}

/// What the editor fixes for one story of a page (`[[page.story]]`); the rest is automatic.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct StorySpec {
    /// The story by its place in the copy, from 1.
    pub story: Option<usize>,
    /// Or by its headline (or label, or photo title).
    pub title: Option<String>,
    /// Columns the module spans.
    pub columns: Option<usize>,
    /// Headline size, pt.
    pub headline_size: Option<f64>,
    /// Photo frame height, in body lines.
    pub photo_lines: Option<usize>,
    /// Columns a photo inside the story spans (else from the story's rank, EDITION.md §2).
    pub photo_columns: Option<usize>,
    /// Make it the lead story (头条).
    pub lead: bool,
    /// Pin the module's top-left corner to `[column, line]`, both from 1.
    pub position: Option<[usize; 2]>,
    /// Let the story's photos be cropped to fill their frames (off: a photo keeps its whole
    /// picture and the frame takes the picture's proportions).
    pub crop: bool,
    /// Continue the story on this later page (转版): the cut is chosen so that this page is
    /// full, and the rest opens on that page under its jump headline.
    pub continue_on: Option<u32>,
    /// A shorter headline for the continuation (转版标题); else the story's own.
    pub jump_title: Option<String>,
    /// Set the whole story vertically (竖排: columns top to bottom, right to left).
    pub vertical: bool,
    /// Which side of its body a vertical headline (`#|`) stands on (default right).
    pub headline_side: Option<HeadlineSide>,
}

/// The side of its body a vertical headline stands on (EDITION.md §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HeadlineSide {
    /// On the left of the body.
    Left,
    /// On the right, where a vertical line starts (the default).
    #[default]
    Right,
}

/// Trim sizes a press can print, mm (TYPOGRAPHY.md §4.3: a broadsheet is 390 × 543).
const TRIM_MM: (f64, f64) = (50.0, 1200.0);
/// Type sizes that make sense on a page, pt.
const TYPE_PT: (f64, f64) = (4.0, 200.0);

/// Why a number is out of its bounds (or not a number), for the field `key`.
fn bounded(
    key: &'static str,
    value: Option<f64>,
    (lo, hi): (f64, f64),
    unit: &str,
) -> Result<(), (&'static str, String)> {
    match value {
        Some(v) if !v.is_finite() => Err((key, format!("{key} is {v}; it must be a finite number"))),
        Some(v) if !(lo..=hi).contains(&v) => {
            Err((key, format!("{key} is {v} {unit}; it must be from {lo} to {hi}")))
        }
        _ => Ok(()),
    }
}

impl FormatSpec {
    /// Why the format cannot be a page, if it cannot (the field, and why): physical bounds
    /// and finite numbers only, checked before any layout sees them.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        bounded("width_mm", self.width_mm, TRIM_MM, "mm")?;
        bounded("height_mm", self.height_mm, TRIM_MM, "mm")?;
        bounded("body_pt", self.body_pt, TYPE_PT, "pt")?;
        bounded("pitch_pt", self.pitch_pt, TYPE_PT, "pt")?;
        bounded("head_mm", self.head_mm, (0.0, 300.0), "mm")?;
        let counts = [
            ("columns", self.columns, (1, 20)),
            ("chars", self.chars, (4, 40)),
            ("lines", self.lines, (4, 300)),
        ];
        for (key, value, (lo, hi)) in counts {
            if let Some(v) = value
                && !(lo..=hi).contains(&v)
            {
                return Err((key, format!("{key} is {v}; it must be from {lo} to {hi}")));
            }
        }
        Ok(())
    }
}

impl StorySpec {
    /// Why the override cannot be used, if it cannot (the field, and why).
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        bounded("headline_size", self.headline_size, TYPE_PT, "pt")?;
        if let Some(c) = self.columns
            && !(1..=20).contains(&c)
        {
            return Err(("columns", format!("columns is {c}; it must be from 1 to 20")));
        }
        if let Some(l) = self.photo_lines
            && !(1..=300).contains(&l)
        {
            return Err((
                "photo_lines",
                format!("photo_lines is {l}; it must be from 1 to 300"),
            ));
        }
        if let Some(c) = self.photo_columns
            && !(1..=20).contains(&c)
        {
            return Err((
                "photo_columns",
                format!("photo_columns is {c}; it must be from 1 to 20"),
            ));
        }
        Ok(())
    }
}
