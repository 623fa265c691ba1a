//! What every layout step needs to hand: the fonts, the page grid and the house style.

use super::grid::Grid;
use crate::compose::ParStyle;
use crate::geom::Pt;
use crate::shape::FontDb;
use crate::style::Style;

/// The shared inputs of laying out one page.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'c, 'f> {
    /// The fonts.
    pub db: &'c FontDb<'f>,
    /// The page grid.
    pub grid: &'c Grid,
    /// The house style.
    pub style: &'c Style,
}

impl Ctx<'_, '_> {
    /// Justified body text at a size, in the house style.
    pub fn par(&self, size: Pt) -> ParStyle {
        ParStyle::from_style(size, self.style)
    }
}
