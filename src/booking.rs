//! A page's booked ads (`[[page.ad]]`, EDITION.md §1) made ready for layout: each file read
//! and checked as the plant would check it. A PDF of the wrong size, in RGB or with fonts
//! not embedded is an error naming the file and the fault; an ad not delivered (no file, or
//! a file that is not there) is a placeholder with a warning.

use crate::art::Artwork;
use crate::copy::AdSpec;
use crate::copy::PageSpec;
use crate::diag::{Diagnostic, Span};
use crate::layout::{AdSlot, Cells, Grid, cells_text};
use crate::raster::{self, ConvertOptions};
use crate::read::{Access, FileKind, Why};
use std::path::Path;

/// The page's ads, in booking order, and the warnings about them.
pub fn load_ads(
    spec: &PageSpec,
    files: &Access,
    grid: &Grid,
    options: &ConvertOptions,
    budget: &mut raster::PageBudget,
) -> Result<(Vec<AdSlot>, Vec<Diagnostic>), Diagnostic> {
    let mut slots = Vec::with_capacity(spec.ads.len());
    let mut warnings = Vec::new();
    for (span, ad) in &spec.ads {
        let lines = match ad.height_mm {
            Some(mm) => grid.rows_for(crate::geom::Pt::from_mm(mm)),
            None => ad.lines.unwrap_or(1),
        };
        let mut slot = AdSlot {
            advertiser: ad.advertiser.clone(),
            columns: ad.columns,
            lines,
            height_mm: ad.height_mm,
            position: ad.position,
            art: None,
        };
        let booking = cells_text(&Cells {
            cols: ad.columns,
            rows: lines,
            ..Cells::default()
        });
        slot.art = match &ad.file {
            None => {
                warnings.push(not_delivered(*span, ad, &booking, None));
                None
            }
            Some(path) => match files.read(path, FileKind::Ad) {
                Err(e) if matches!(&e.why, Why::Io(io) if io.kind() == std::io::ErrorKind::NotFound) => {
                    warnings.push(not_delivered(*span, ad, &booking, Some(path)));
                    None
                }
                Err(e) => return Err(Diagnostic::error(*span, e.to_string()).with_hint(e.hint())),
                Ok(bytes) => {
                    let art = read_art(path, bytes, &slot, grid, options, &booking)
                        .map_err(|message| Diagnostic::error(*span, message).with_hint(HINT))?;
                    if let Artwork::Picture(p) = &art {
                        budget.take(p).map_err(|m| Diagnostic::error(*span, m))?;
                    }
                    Some(art)
                }
            },
        };
        slots.push(slot);
    }
    Ok((slots, warnings))
}

/// What the plant would say about a refused ad.
const HINT: &str = "ask the advertiser for a PDF/X-1a file of the booked size (CMYK, fonts embedded)";

/// The warning for an ad not delivered yet.
fn not_delivered(span: Span, ad: &AdSpec, booking: &str, file: Option<&Path>) -> Diagnostic {
    let why = match file {
        Some(f) => format!("its file {} is not there", f.display()),
        None => "no file is booked".to_string(),
    };
    Diagnostic::warning(
        span,
        format!(
            "ad for {} ({booking}) is not delivered ({why}): placeholder set",
            ad.advertiser
        ),
    )
    .with_hint("add the ad's file to the booking: `file = \"ads/….pdf\"`")
}

/// Reads a delivered ad: a PDF page of the booked size, or an image.
fn read_art(
    path: &Path,
    bytes: Vec<u8>,
    slot: &AdSlot,
    grid: &Grid,
    options: &ConvertOptions,
    booking: &str,
) -> Result<Artwork, String> {
    let art = Artwork::load(path, bytes, options).map_err(|e| format!("ad {e}"))?;
    let (w, h) = slot.size(grid);
    match &art {
        Artwork::Pdf(pdf) => pdf
            .check_size((w.0, h.0), booking)
            .map_err(|e| format!("ad {e}"))?,
        Artwork::Picture(p) => check_proportions(p, (w.0, h.0), booking)?,
    }
    Ok(art)
}

/// How far an image ad's proportions may stray from its booking's, as a fraction, beyond a
/// pixel's rounding of its height: far below a distortion a reader sees.
const PROPORTION_TOLERANCE: f64 = 0.01;

/// An image ad is stretched over its booking: of other proportions, it would print
/// distorted, which the plant refuses as it refuses a PDF of the wrong size.
fn check_proportions(p: &raster::Picture, (w, h): (f64, f64), booking: &str) -> Result<(), String> {
    let (image, booked) = (f64::from(p.width) / f64::from(p.height.max(1)), w / h);
    // The height the booking's proportions give the image's width, to the nearest pixel.
    let rounded = (f64::from(p.width) / booked - f64::from(p.height)).abs() <= 1.0;
    if rounded || (image / booked - 1.0).abs() <= PROPORTION_TOLERANCE {
        return Ok(());
    }
    let mm = |v: f64| v * 25.4 / 72.0;
    Err(format!(
        "ad {} is {} × {} pixels, {image:.3} wide to 1 high; the booking ({booking}, {:.1} × {:.1} mm) is \
         {booked:.3} to 1: it would print distorted",
        p.path.display(),
        p.width,
        p.height,
        mm(w),
        mm(h)
    ))
}
