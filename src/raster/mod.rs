//! Photos read from disk before layout, ready for any renderer (TYPOGRAPHY.md §5.2 "Images").
//!
//! Recipe, in [`load`]: read the file → `jpeg::inspect` a JPEG's colour model → pass CMYK and
//! grey JPEGs through untouched; read a CMYK TIFF's samples as they are (`tif`); decode
//! everything else with the `image` crate → flatten alpha onto white → convert RGB to CMYK
//! under the ink limit: through the plant's ICC profile with Little CMS (`icc`) when one is
//! given, else with the GCR formula of `convert`. After layout, [`check_ink`] measures a
//! passed-through CMYK JPEG or TIFF at its placed size and replaces one above the ink limit
//! (`ink`). What comes out is plain
//! data: pixels in DeviceGray or DeviceCMYK (or the JPEG bytes that hold them), so the PDF
//! writer and a PNG proof draw the same thing, and no RGB ever reaches a page (PX-05).

mod convert;
mod icc;
mod ink;
mod jpeg;
mod tif;

pub use convert::{downsample, limit_ink, rgb_to_cmyk};
pub use tif::TiffFault;

use crate::geom::Rect;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Least effective resolution, in pixels per inch, before an image is an error: coarser
/// pixels show on an 85–100 lpi newsprint screen (TYPOGRAPHY.md §5.2, PX-11).
pub const MIN_PPI: f64 = 100.0;
/// Resolution an image should have (§5.2: 170–200 ppi preferred); below it, a warning.
pub const WANT_PPI: f64 = 200.0;
/// Above this (twice [`WANT_PPI`]) an image is downsampled: more pixels add bytes, not detail.
pub const MAX_PPI: f64 = 2.0 * WANT_PPI;

/// How the pixels of a [`Picture`] are stored.
#[derive(Debug, Clone, PartialEq)]
pub enum Pixels {
    /// A baseline or progressive JPEG in CMYK (4 components) or grey (1), kept byte for
    /// byte, to be written with DCTDecode.
    Jpeg {
        /// The file's bytes.
        bytes: Vec<u8>,
        /// 1 (grey) or 4 (CMYK or YCCK).
        components: u8,
        /// Adobe APP14 marker present: Adobe writes CMYK inverted (0 = full ink), which the
        /// PDF must undo with `/Decode [1 0 1 0 1 0 1 0]`.
        inverted: bool,
    },
    /// 8-bit grey samples, row by row, 0 = black (DeviceGray).
    Gray(Vec<u8>),
    /// 8-bit C, M, Y, K samples interleaved, row by row, 255 = full ink (DeviceCMYK).
    Cmyk(Vec<u8>),
    /// [`Pixels::Cmyk`] as a CMYK TIFF delivered them (16-bit samples rounded to 8): like a
    /// passed-through CMYK JPEG, not yet held to the ink limit, which [`check_ink`] does
    /// once the picture is placed.
    CmykAsDelivered(Vec<u8>),
}

/// A photo, read and converted: what every renderer draws in the photo's frame.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Picture {
    /// The file it was read from, for messages and reports.
    pub path: PathBuf,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The pixels.
    #[serde(skip)]
    pub pixels: Pixels,
}

/// The pixels one page's pictures may hold together (`[limits] page_megapixels`): they stay
/// in memory, converted, until the page's PDF is written.
#[derive(Debug, Clone, Copy)]
pub struct PageBudget {
    used: u64,
    limit: u64,
}

impl PageBudget {
    /// A page's budget of `limit` pixels, none used.
    pub fn new(limit: u64) -> PageBudget {
        PageBudget { used: 0, limit }
    }

    /// Whether `more` pixels beside those counted stay within the limit.
    pub fn fits(&self, more: u64) -> bool {
        self.used.saturating_add(more) <= self.limit
    }

    /// Counts a loaded picture; the message when it takes the page past the limit.
    pub fn take(&mut self, p: &Picture) -> Result<(), String> {
        self.used += u64::from(p.width) * u64::from(p.height);
        if self.used > self.limit {
            return Err(format!(
                "image {} brings the page's pictures to {:.1} million pixels, above the limit of {} \
                 million ([limits] page_megapixels)",
                p.path.display(),
                self.used as f64 / 1e6,
                self.limit / 1_000_000
            ));
        }
        Ok(())
    }
}

impl Picture {
    /// Width over height.
    pub fn aspect(&self) -> f64 {
        f64::from(self.width) / f64::from(self.height.max(1))
    }

    /// Pixels per inch when drawn in `rect`: the lower of the two axes (a stretched image
    /// is as coarse as its coarser direction).
    pub fn effective_ppi(&self, rect: &Rect) -> f64 {
        let x = f64::from(self.width) / (rect.w.0 / 72.0);
        let y = f64::from(self.height) / (rect.h.0 / 72.0);
        x.min(y)
    }
}

/// How RGB images are turned into ink.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvertOptions {
    /// Most total ink, C+M+Y+K, in percent (220 for coldset newsprint, §5.2).
    pub ink_limit: u32,
    /// The plant's CMYK printer profile (ICC bytes): RGB goes through it with Little CMS.
    /// Without one, the GCR conversion of `convert.rs` is used.
    pub profile: Option<Arc<[u8]>>,
    /// Most pixels an image may have (`[limits] image_megapixels`): a decompression bomb
    /// (a small file of huge dimensions) is refused from its header, before decoding.
    pub max_pixels: u64,
}

impl Default for ConvertOptions {
    fn default() -> Self {
        ConvertOptions {
            ink_limit: 220,
            profile: None,
            max_pixels: crate::read::Limits::default().image_pixels(),
        }
    }
}

/// A passed-through CMYK JPEG or TIFF found above the ink limit by [`check_ink`], and its
/// replacement.
#[derive(Debug, Clone, PartialEq)]
pub struct InkExcess {
    /// Its largest total ink over about 1 mm² as placed, in percent.
    pub max_percent: f64,
    /// The same picture with every pixel under the limit (Flate, not the file's samples).
    pub picture: Picture,
}

/// Why an image could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RasterError {
    /// The file is not an image the `image` crate can decode, or it is damaged.
    #[error("cannot decode image {}: {source}", path.display())]
    Decode {
        /// The image file.
        path: PathBuf,
        /// The decoder's error.
        #[source]
        source: image::ImageError,
    },
    /// A TIFF that neither the CMYK reader nor the `image` crate can use.
    #[error("image {} is a TIFF that cannot be placed: {source}", path.display())]
    BadTiff {
        /// The image file.
        path: PathBuf,
        /// What is wrong.
        #[source]
        source: TiffFault,
    },
    /// A JPEG whose markers do not make sense (truncated, no frame header).
    #[error("image {} is a damaged JPEG: {why}", path.display())]
    BadJpeg {
        /// The image file.
        path: PathBuf,
        /// What is wrong.
        why: &'static str,
    },
    /// The plant's profile could not convert the image.
    #[error("cannot convert image {} with the output profile: {why}", path.display())]
    Profile {
        /// The image file.
        path: PathBuf,
        /// What Little CMS said.
        why: String,
    },
    /// A CMYK JPEG whose samples could not be decoded to measure its ink.
    #[error("cannot decode the CMYK samples of image {}: {why}", path.display())]
    CmykDecode {
        /// The image file.
        path: PathBuf,
        /// The decoder's message.
        why: String,
    },
    /// More pixels than the limit: refused before decoding.
    #[error(
        "image {} is {width} × {height} pixels, above the limit of {} million",
        path.display(),
        limit / 1_000_000
    )]
    TooManyPixels {
        /// The image file.
        path: PathBuf,
        /// Width in pixels, from the header.
        width: u32,
        /// Height in pixels, from the header.
        height: u32,
        /// The limit, pixels.
        limit: u64,
    },
    /// An image with no pixels.
    #[error("image {} is empty", path.display())]
    Empty {
        /// The image file.
        path: PathBuf,
    },
}

/// Every picture of a page, by the path the copy wrote (relative to the copy file).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pictures {
    /// Path as written in the copy → picture.
    by_path: BTreeMap<PathBuf, Arc<Picture>>,
}

impl Pictures {
    /// No pictures: every photo gets a placeholder.
    pub fn new() -> Pictures {
        Pictures::default()
    }

    /// Adds the picture for a path as the copy wrote it.
    pub fn insert(&mut self, written: PathBuf, picture: Arc<Picture>) {
        self.by_path.insert(written, picture);
    }

    /// The picture for a path as the copy wrote it.
    pub fn get(&self, written: &Path) -> Option<&Arc<Picture>> {
        self.by_path.get(written)
    }
}

/// The pixels an image file's header declares, where its format can say without decoding
/// (JPEG, PNG, TIFF …); `None` for a header it cannot read, which [`load`] then reports.
pub fn header_pixels(bytes: &[u8]) -> Option<u64> {
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    let (w, h) = reader.into_dimensions().ok()?;
    Some(u64::from(w) * u64::from(h))
}

/// Turns the bytes of the image file at `path` (read by the caller, bounded) into grey or
/// CMYK pixels, or keeps its JPEG bytes.
///
/// A damaged file is an error naming it; nothing panics on input.
pub fn load(path: &Path, bytes: Vec<u8>, options: &ConvertOptions) -> Result<Picture, RasterError> {
    let decode_err = |source| RasterError::Decode {
        path: path.to_path_buf(),
        source,
    };
    let too_many = |width: u32, height: u32| {
        (u64::from(width) * u64::from(height) > options.max_pixels).then(|| RasterError::TooManyPixels {
            path: path.to_path_buf(),
            width,
            height,
            limit: options.max_pixels,
        })
    };
    if jpeg::is_jpeg(&bytes) {
        let bad = |why| RasterError::BadJpeg {
            path: path.to_path_buf(),
            why,
        };
        let info = jpeg::inspect(&bytes).map_err(bad)?;
        if let Some(e) = too_many(info.width.into(), info.height.into()) {
            return Err(e);
        }
        // The decoder fills what is missing with grey and says nothing: a file cut short
        // would print a grey box.
        jpeg::check_complete(&bytes).map_err(bad)?;
        if matches!(info.components, 1 | 4) {
            // Decode once anyway, only to refuse a damaged file now rather than at the plant.
            let mut reader =
                image::ImageReader::with_format(std::io::Cursor::new(&bytes), image::ImageFormat::Jpeg);
            reader.limits(decode_limits(options));
            reader.decode().map_err(decode_err)?;
            return finish(
                path,
                info.width.into(),
                info.height.into(),
                Pixels::Jpeg {
                    bytes,
                    components: info.components,
                    inverted: info.adobe,
                },
            );
        }
    }
    if tif::is_tiff(&bytes) {
        let bad = |source| RasterError::BadTiff {
            path: path.to_path_buf(),
            source,
        };
        // 16-bit CMYK with an extra sample, the most a pixel decodes to.
        let max_bytes = options.max_pixels.saturating_mul(10);
        if let Some(t) = tif::open(&bytes, max_bytes).map_err(bad)? {
            let (width, height) = t.size;
            if let Some(e) = too_many(width, height) {
                return Err(e);
            }
            let samples = t.decode().map_err(bad)?;
            return finish(path, width, height, Pixels::CmykAsDelivered(samples));
        }
    }
    let mut reader = image::ImageReader::new(std::io::Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(|e| decode_err(image::ImageError::IoError(e)))?;
    reader.limits(decode_limits(options));
    let mut decoder = reader.into_decoder().map_err(decode_err)?;
    let (width, height) = image::ImageDecoder::dimensions(&decoder);
    if let Some(e) = too_many(width, height) {
        return Err(e);
    }
    // `from_decoder` allocates the whole buffer at once, infallibly: its size is checked
    // here against the same limit the decoder got.
    if image::ImageDecoder::total_bytes(&decoder) > decode_limits(options).max_alloc.unwrap_or(u64::MAX) {
        return Err(RasterError::TooManyPixels {
            path: path.to_path_buf(),
            width,
            height,
            limit: options.max_pixels,
        });
    }
    // The image's own profile, for the ICC path; a damaged one counts as none (sRGB).
    let embedded = if options.profile.is_some() {
        image::ImageDecoder::icc_profile(&mut decoder).ok().flatten()
    } else {
        None
    };
    let img = image::DynamicImage::from_decoder(decoder).map_err(decode_err)?;
    let (width, height) = (img.width(), img.height());
    let pixels = if img.color().has_color() {
        let rgba = img.into_rgba8();
        match &options.profile {
            Some(plant) => Pixels::Cmyk(
                icc::rgba_to_cmyk(rgba.as_raw(), embedded.as_deref(), plant, options.ink_limit).map_err(
                    |why| RasterError::Profile {
                        path: path.to_path_buf(),
                        why,
                    },
                )?,
            ),
            None => Pixels::Cmyk(convert::rgba_to_cmyk(rgba.as_raw(), options.ink_limit)),
        }
    } else {
        let la = img.into_luma_alpha8();
        Pixels::Gray(convert::flatten_gray(la.as_raw()))
    };
    finish(path, width, height, pixels)
}

/// The `image` crate's limits for one image: its sides, and the decoded buffer (16-bit RGBA
/// at the pixel limit; every later copy is 8-bit).
fn decode_limits(options: &ConvertOptions) -> image::Limits {
    let mut limits = image::Limits::default();
    let side = u32::try_from(options.max_pixels.min(u64::from(u32::MAX))).unwrap_or(u32::MAX);
    limits.max_image_width = Some(side);
    limits.max_image_height = Some(side);
    limits.max_alloc = Some(options.max_pixels.saturating_mul(8));
    limits
}

/// Measures the total ink of a passed-through CMYK JPEG or TIFF placed in `rect`, averaged
/// over squares of about 1 mm² at that size (see `ink.rs`). `None` for any other picture and
/// for one within `ink_limit` percent; otherwise the measure and the picture with every pixel
/// brought under the limit.
pub fn check_ink(picture: &Picture, rect: &Rect, ink_limit: u32) -> Result<Option<InkExcess>, RasterError> {
    let err = |why: String| RasterError::CmykDecode {
        path: picture.path.clone(),
        why,
    };
    let decoded;
    let samples: &[u8] = match &picture.pixels {
        Pixels::Jpeg {
            bytes,
            components: 4,
            inverted,
        } => {
            decoded = ink::decode_cmyk(bytes, *inverted).map_err(err)?;
            &decoded
        }
        Pixels::CmykAsDelivered(samples) => samples,
        _ => return Ok(None),
    };
    let expected = picture.width as usize * picture.height as usize * 4;
    if samples.len() != expected {
        return Err(err(format!(
            "{} samples decoded, {expected} expected",
            samples.len()
        )));
    }
    // Pixels per millimetre as placed (the finer axis, so a block is never above 1 mm²).
    let per_mm = (f64::from(picture.width) / rect.w.to_mm()).max(f64::from(picture.height) / rect.h.to_mm());
    let block = if per_mm.is_finite() {
        per_mm.round().clamp(1.0, 4096.0) as u32
    } else {
        1
    };
    let max_percent = ink::max_ink(samples, picture.width, picture.height, block);
    if max_percent <= f64::from(ink_limit) + 1e-9 {
        return Ok(None);
    }
    Ok(Some(InkExcess {
        max_percent,
        picture: Picture {
            path: picture.path.clone(),
            width: picture.width,
            height: picture.height,
            pixels: Pixels::Cmyk(ink::limit_all(samples, ink_limit)),
        },
    }))
}

/// The picture, or an error for an image with no pixels.
fn finish(path: &Path, width: u32, height: u32, pixels: Pixels) -> Result<Picture, RasterError> {
    if width == 0 || height == 0 {
        return Err(RasterError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(Picture {
        path: path.to_path_buf(),
        width,
        height,
        pixels,
    })
}
