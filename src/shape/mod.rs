//! Fonts and shaping: the font database, fallback, rustybuzz runs.

mod fonts;
mod run;
mod vertical;

pub use fonts::{Blank, FaceId, FaceInfo, FontDb, FontFiles, Role};
pub use run::{Cluster, ClusterGlyph, Piece, PieceSource, ShapedPar, shape_par, shape_par_in};

use crate::diag::Span;
use std::path::PathBuf;

/// Why shaping could not go on.
#[derive(Debug, thiserror::Error)]
pub enum ShapeError {
    /// A font file is missing or unreadable.
    #[error("cannot open font {}: {source}", path.display())]
    FontMissing {
        /// The file.
        path: PathBuf,
        /// The io error.
        #[source]
        source: std::io::Error,
    },
    /// A font file is not a font.
    #[error("font {} is malformed", path.display())]
    FontMalformed {
        /// The file.
        path: PathBuf,
    },
    /// No face, fallback included, has a glyph for a character of the copy.
    #[error("no font has a glyph for '{ch}' (U+{:04X})", *ch as u32)]
    NoGlyph {
        /// The character.
        ch: char,
        /// Where it is in the copy.
        span: Span,
    },
}
