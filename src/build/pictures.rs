//! A page's photo files: read, decoded within the page's budget, their ink limited for the
//! plant, and what the build says about them.

use crate::copy::{self, Edition, PageCopy, PageSpec};
use crate::diag::{Diagnostic, Kind, Severity};
use crate::layout::{self, Page};
use crate::raster::{self, ConvertOptions, Pictures};
use crate::read::{FileKind, Why};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Most photos of a page decoded at once: two, whatever the machine's cores, as the limits
/// assume (`Limits::check`: a 2-core machine laying out two pages at once).
const IN_FLIGHT: usize = 2;

/// Loads the image of every photo that names one, relative to the copy file. Returns the
/// pictures and, for messages, each picture's file and the span of its photo.
pub(super) fn load_pictures(
    spec: &PageSpec,
    copy: &PageCopy,
    e: &Edition,
    profile: Option<&[u8]>,
    budget: &mut raster::PageBudget,
) -> Result<(Pictures, Vec<(PathBuf, crate::diag::Span)>), Diagnostic> {
    let folder = spec.copy.parent().unwrap_or(Path::new(""));
    let options = ConvertOptions {
        ink_limit: e.output.ink_limit,
        profile: profile.map(Arc::from),
        max_pixels: e.files.limits().image_pixels(),
    };
    // Each file once, in copy order, at the first photo that names it.
    let mut named: Vec<(&PathBuf, crate::diag::Span)> = Vec::new();
    for b in copy.stories.iter().flat_map(|s| &s.blocks) {
        let copy::Block::Photo(p) = b else { continue };
        if let Some(written) = &p.image
            && !named.iter().any(|(w, _)| *w == written)
        {
            named.push((written, p.span));
        }
    }
    // Decoding and converting to CMYK is most of a photo page's work (corpus 06: six
    // photos): up to [`IN_FLIGHT`] pictures are decoded side by side. A batch takes the next
    // photos in copy order while their headers' pixels fit the page's budget together, so
    // that the decoded pictures never exceed it by more than one (which `take` then
    // refuses, as when they were decoded one by one); the first always goes.
    let mut pictures = Pictures::new();
    let mut spans = Vec::with_capacity(named.len());
    let mut next = 0;
    while next < named.len() {
        let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::with_capacity(IN_FLIGHT);
        let mut planned = 0u64;
        let mut unread = None;
        while next + files.len() < named.len() && files.len() < IN_FLIGHT {
            let (written, span) = named[next + files.len()];
            let path = folder.join(written);
            let bytes = match read_photo(e, &path, span) {
                Ok(bytes) => bytes,
                Err(err) => {
                    // The photos before it are still decoded first, so that the first fault
                    // in copy order is the one reported.
                    unread = Some(err);
                    break;
                }
            };
            planned = planned.saturating_add(raster::header_pixels(&bytes).unwrap_or(0));
            if !files.is_empty() && !budget.fits(planned) {
                break;
            }
            files.push((path, bytes));
        }
        let batch = &named[next..next + files.len()];
        next += files.len();
        let decoded: Vec<_> = files
            .into_par_iter()
            .map(|(path, bytes)| {
                let picture = raster::load(&path, bytes, &options);
                (path, picture)
            })
            .collect();
        for (&(written, span), (path, picture)) in batch.iter().zip(decoded) {
            let picture = picture
                .map_err(|err| Diagnostic::error(span, err.to_string()).with_hint("check the image file"))?;
            budget.take(&picture).map_err(|m| {
                Diagnostic::error(span, m).with_hint("use smaller images, or fewer on the page")
            })?;
            spans.push((path, span));
            pictures.insert(written.clone(), Arc::new(picture));
        }
        if let Some(err) = unread {
            return Err(err);
        }
    }
    Ok((pictures, spans))
}

/// A photo's file, read within the edition's limits; the error at its photo's copy line.
fn read_photo(e: &Edition, path: &Path, span: crate::diag::Span) -> Result<Vec<u8>, Diagnostic> {
    e.files.read(path, FileKind::Image).map_err(|err| {
        let hint = match err.why {
            Why::Io(_) => "check the image line's path (relative to the copy file) and the file",
            _ => err.hint(),
        };
        Diagnostic::error(span, err.to_string())
            .with_hint(hint)
            .of_kind(Kind::Missing)
    })
}

/// Every passed-through CMYK picture (a JPEG or TIFF) measured as placed (TYPOGRAPHY.md
/// §5.2): one above the ink limit is replaced by its pixels brought under the limit, with a
/// warning on its photo.
pub(super) fn limit_passed_ink(
    mut page: Page,
    spans: &[(PathBuf, crate::diag::Span)],
    limit: u32,
) -> Result<(Page, Vec<Diagnostic>), Diagnostic> {
    let mut seen: Vec<(Arc<raster::Picture>, Option<Arc<raster::Picture>>)> = Vec::new();
    let mut warnings = Vec::new();
    for item in &mut page.items {
        let layout::Item::Image(img) = item else { continue };
        let replacement = match seen.iter().find(|(p, _)| Arc::ptr_eq(p, &img.picture)) {
            Some((_, r)) => r.clone(),
            None => {
                let path = &img.picture.path;
                let span = spans.iter().find(|(p, _)| p == path).map(|(_, s)| *s);
                let place = |message: String| match span {
                    Some(s) => Diagnostic::error(s, message),
                    None => Diagnostic::file_error(path, message),
                };
                let excess = raster::check_ink(&img.picture, &img.rect, limit)
                    .map_err(|err| place(err.to_string()))?;
                let r = excess.map(|x| {
                    let message = format!(
                        "image {} has {:.0} % total ink, above the {limit} % limit: converted, \
                         colour scaled down to the limit",
                        path.display(),
                        x.max_percent
                    );
                    let d = match span {
                        Some(s) => Diagnostic::warning(s, message),
                        None => Diagnostic {
                            severity: Severity::Warning,
                            ..Diagnostic::file_error(path, message)
                        },
                    };
                    warnings.push(d.with_hint("have the photo separated for newsprint"));
                    Arc::new(x.picture)
                });
                seen.push((img.picture.clone(), r.clone()));
                r
            }
        };
        if let Some(r) = replacement {
            img.picture = r;
        }
    }
    Ok((page, warnings))
}

/// The effective resolution of every placed image, as the page's figures give it: a
/// warning under [`raster::WANT_PPI`], an error under [`raster::MIN_PPI`] (TYPOGRAPHY.md
/// §5.2, PX-11).
pub(super) fn image_diagnostics(
    stats: &layout::PageStats,
    spans: &[(PathBuf, crate::diag::Span)],
    out: &mut Vec<Diagnostic>,
) {
    for img in &stats.images {
        let Some((path, span)) = spans.iter().find(|(p, _)| p.display().to_string() == img.file) else {
            continue;
        };
        let ppi = img.ppi;
        let what = format!("image {} has {ppi:.0} ppi as placed", path.display());
        if ppi < raster::MIN_PPI {
            out.push(
                Diagnostic::error(
                    *span,
                    format!("{what}, below the {} ppi minimum", raster::MIN_PPI),
                )
                .with_hint("supply a larger image, or place it smaller")
                .of_kind(Kind::Makeup),
            );
        } else if ppi < raster::WANT_PPI {
            out.push(
                Diagnostic::warning(
                    *span,
                    format!("{what}, below the {} ppi wanted", raster::WANT_PPI),
                )
                .with_hint("a larger image prints sharper")
                .of_kind(Kind::Makeup),
            );
        }
    }
}
