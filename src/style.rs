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
}

impl Default for Style {
    fn default() -> Style {
        Style {
            line_breaking: Strictness::Strict,
            punctuation: Punctuation::Default,
            han_latin_gap: 0.25,
            trim_line_start: true,
            min_last_line_han: 2,
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
        if self.min_last_line_han > 4 {
            return Err(format!(
                "min_last_line_han is {}; at most 4 makes sense",
                self.min_last_line_han
            ));
        }
        Ok(())
    }
}
