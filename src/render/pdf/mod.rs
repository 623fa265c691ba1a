//! The print PDF of a page: PDF/X-1a:2001 labelled, DeviceCMYK only, fonts embedded as
//! subset CID fonts (TYPOGRAPHY.md §5, rules PX-01 to PX-07 and PX-09).
//!
//! The recipe, in [`export`]: `collect` the glyphs per face → `encode` the content stream →
//! write fonts, page, catalog and info → derive the file id from the bytes. Output is a pure
//! function of the input: no clock, no random ids, faces and resources in a fixed order.

mod assemble;
mod cff;
mod content;
mod doc;
mod fonts;
mod form;
mod image;
mod sfnt;
mod xmp;

use crate::layout::Page;
use crate::shape::FontDb;
use pdf_writer::{Filter, Ref};
use std::borrow::Cow;
use std::path::PathBuf;

pub use assemble::{Parts, prepare};
pub use doc::{DocMeta, Standard, check_profile};

/// Why a page could not be written as PDF.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PdfError {
    /// subsetter rejected a face.
    #[error("cannot subset font {}: {source}", path.display())]
    Subset {
        /// The font file.
        path: PathBuf,
        /// subsetter's error.
        #[source]
        source: subsetter::Error,
    },
    /// subsetter panicked on a face (a malformed font or a subsetter bug).
    #[error("subsetting font {} crashed", path.display())]
    SubsetPanicked {
        /// The font file.
        path: PathBuf,
    },
    /// The subset of a CFF face has no `CFF ` table to embed.
    #[error("subset of font {} has no CFF table", path.display())]
    SubsetNoCff {
        /// The font file.
        path: PathBuf,
    },
    /// A text run names a face the font database does not have.
    #[error("page item {item} uses face {face}, which is not in the font database")]
    UnknownFace {
        /// Index of the item in `Page::items`.
        item: usize,
        /// The face id.
        face: u16,
    },
    /// A glyph id beyond the face's glyph count.
    #[error("glyph {glyph} is not in font {} ({count} glyphs)", path.display())]
    GlyphOutOfRange {
        /// The font file.
        path: PathBuf,
        /// The glyph id.
        glyph: u16,
        /// Glyphs in the face.
        count: u16,
    },
    /// A coordinate, size or colour is NaN or infinite, or a font size is not positive.
    #[error("page item {item} has a position, size or colour that is not a usable number")]
    BadNumber {
        /// Index of the item in `Page::items`.
        item: usize,
    },
    /// The page boxes break PDF/X nesting (rule PX-03).
    #[error("page boxes are not nested: {0}")]
    Boxes(&'static str),
    /// A page item draws a picture that was not collected (an internal inconsistency).
    #[error("page item {item} draws an image the writer did not collect")]
    UnknownImage {
        /// Index of the item in `Page::items`.
        item: usize,
    },
    /// A placed PDF (an ad) could not be carried over.
    #[error("cannot place {}: {why}", path.display())]
    Art {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        why: String,
    },
    /// Nothing to write.
    #[error("a PDF needs at least one page")]
    NoPages,
    /// The output profile is not an ICC output profile for CMYK (rule PX-02).
    #[error("output profile is not a CMYK printer profile: {0}")]
    Profile(String),
    /// PDF/X-4 asked for without the plant's profile, which X-4 must embed.
    #[error("PDF/X-4 needs the plant's output profile")]
    X4NeedsProfile,
    /// The document date is not a calendar date.
    #[error("document date {0:04}-{1:02}-{2:02} is not a valid date")]
    BadDate(u16, u8, u8),
}

/// Writes `page` as a one-page print PDF.
///
/// The same page, fonts and metadata always give the same bytes. The PDF never leaves
/// memory: writing the file is the caller's job.
pub fn export(page: &Page, fonts: &FontDb, meta: &DocMeta) -> Result<Vec<u8>, PdfError> {
    export_pages(&[page], fonts, meta)
}

/// Writes `pages` as one print PDF (the whole issue), in the order given. Fonts and
/// pictures are written once and shared by every page.
pub fn export_pages(pages: &[&Page], fonts: &FontDb, meta: &DocMeta) -> Result<Vec<u8>, PdfError> {
    if pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    // The metadata is checked before any font is subset.
    meta.check()?;
    meta.pdf_date()?;
    let parts = prepare(pages, fonts)?;
    let all: Vec<usize> = (0..parts.len()).collect();
    parts.document(&all, meta)
}

/// Indirect object numbers, handed out in writing order.
#[derive(Debug)]
struct Ids {
    /// The next free number.
    pub(crate) next: i32,
}

impl Default for Ids {
    fn default() -> Self {
        Ids { next: 1 }
    }
}

impl Ids {
    /// A fresh reference.
    fn next(&mut self) -> Ref {
        let r = Ref::new(self.next);
        self.next += 1;
        r
    }
}

/// The one place stream data is encoded: returns the bytes to store and the filter that
/// decodes them. Every stream (content, fonts, CMaps, images) is Flate-compressed, which PDF
/// 1.3 and PDF/X-1a allow (LZW is what X-1a:2001 bans), by libdeflate at its fastest level:
/// deterministic, and on the sample's streams half the instructions of miniz_oxide's level 1
/// for 5 % fewer bytes (issue 15). Each thread keeps its compressor: its tables are reused,
/// not allocated and faulted in again for every stream.
fn stream_data(data: &[u8]) -> (Cow<'_, [u8]>, Option<Filter>) {
    thread_local! {
        static DEFLATER: std::cell::RefCell<libdeflater::Compressor> =
            std::cell::RefCell::new(libdeflater::Compressor::new(libdeflater::CompressionLvl::new(1).unwrap_or_default()));
    }
    DEFLATER.with_borrow_mut(|deflater| {
        let mut out = vec![0; deflater.zlib_compress_bound(data.len())];
        match deflater.zlib_compress(data, &mut out) {
            Ok(n) => {
                out.truncate(n);
                (Cow::Owned(out), Some(Filter::FlateDecode))
            }
            // Only a buffer short of the bound fails: stored as it is, the stream is still valid.
            Err(_) => (Cow::Borrowed(data), None),
        }
    })
}

/// 64-bit FNV-1a (word-wise): a small, stable, dependency-free hash for subset tags and the file id
/// (not for security: nothing here needs collision resistance against an adversary).
struct Fnv(u64);

impl Fnv {
    /// The FNV-1a offset basis.
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    /// Mixes in bytes, eight at a time (FNV-1a's step on 64-bit words rather than bytes:
    /// the file id hashes the whole file, up to megabytes, and this is 8× fewer steps).
    fn write(&mut self, bytes: &[u8]) {
        const PRIME: u64 = 0x0000_0100_0000_01b3;
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut word = [0; 8];
            word.copy_from_slice(w);
            self.0 = (self.0 ^ u64::from_le_bytes(word)).wrapping_mul(PRIME);
        }
        for &b in words.remainder() {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(PRIME);
        }
    }

    /// The hash so far.
    fn value(&self) -> u64 {
        self.0
    }
}
