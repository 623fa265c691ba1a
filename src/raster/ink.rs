//! Total ink of CMYK JPEGs, which are otherwise passed into the PDF byte for byte, and of
//! CMYK TIFFs, whose samples are (TYPOGRAPHY.md §5.2: "total ink at most 220 % everywhere …
//! converted images included"). A TIFF's samples are measured as read (`tif`); a JPEG's
//! are decoded first.
//!
//! # Measuring
//!
//! The JPEG is decoded to its raw C, M, Y, K samples with `zune-jpeg` (the decoder behind the
//! `image` crate, which itself only hands out CMYK already turned into RGB). Adobe's CMYK is
//! stored inverted (255 = no ink, Adobe TN 5116 §18) and is turned back; Adobe's YCCK
//! (transform 2) holds C, M, Y as the R, G, B of a YCbCr triple (JFIF's full-range matrix,
//! undone here: libjpeg's 255 − R is the inverted C, so R is the ink) and inverted K. Then, like the plant's preflight tools and the ink test (PX-08), C+M+Y+K is
//! averaged over square blocks of about 1 mm² *at the size the image is placed*, and the
//! largest average is the image's total ink.
//!
//! # Correcting
//!
//! An image above the limit is not passed through: every pixel is brought under the limit
//! with [`limit_ink`] (C, M, Y scaled down together, K kept), and the pixels go into the PDF
//! Flate-compressed like converted RGB images. The build warns on the photo.

use super::convert::limit_ink;
use zune_core::bytestream::ZCursor;
use zune_core::colorspace::ColorSpace;
use zune_core::options::DecoderOptions;

/// Decodes a 4-component JPEG to C, M, Y, K samples with 255 = full ink.
pub(crate) fn decode_cmyk(bytes: &[u8], inverted: bool) -> Result<Vec<u8>, String> {
    let options = DecoderOptions::default()
        .set_strict_mode(false)
        .set_max_width(usize::MAX)
        .set_max_height(usize::MAX);
    let mut d = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    d.decode_headers().map_err(|e| e.to_string())?;
    let input = d.input_colorspace().ok_or("no colour space in the header")?;
    let (out, ycck) = match input {
        ColorSpace::CMYK => (ColorSpace::CMYK, false),
        ColorSpace::YCCK => (ColorSpace::YCCK, true),
        other => return Err(format!("{other:?} is not CMYK")),
    };
    d.set_options(d.options().jpeg_set_out_colorspace(out));
    let mut samples = d.decode().map_err(|e| e.to_string())?;
    for px in samples.chunks_exact_mut(4) {
        if ycck {
            // libjpeg's YCCK → CMYK gives 255 − R, G, B and K as stored: Adobe's inverted
            // CMYK, so the ink is R, G, B themselves, and K inverted.
            let [c, m, y] = ycc_to_rgb(px[0], px[1], px[2]);
            px.copy_from_slice(&[c, m, y, 255 - px[3]]);
        } else if inverted {
            px.iter_mut().for_each(|v| *v = 255 - *v);
        }
    }
    Ok(samples)
}

/// JFIF's YCbCr → RGB (ITU-T T.871 §7), full range, rounded and clamped.
fn ycc_to_rgb(y: u8, cb: u8, cr: u8) -> [u8; 3] {
    let (y, cb, cr) = (f64::from(y), f64::from(cb) - 128.0, f64::from(cr) - 128.0);
    let clamp = |v: f64| v.round().clamp(0.0, 255.0) as u8;
    [
        clamp(y + 1.402 * cr),
        clamp(y - 0.344_136 * cb - 0.714_136 * cr),
        clamp(y + 1.772 * cb),
    ]
}

/// Largest total ink, in percent, of CMYK samples (255 = full ink), averaged over
/// `block` × `block` pixel squares tiling the image (the last row and column of squares
/// average what they hold).
pub(crate) fn max_ink(samples: &[u8], width: u32, height: u32, block: u32) -> f64 {
    let (w, h, b) = (width as usize, height as usize, block.max(1) as usize);
    let cols = w.div_ceil(b);
    let mut sums = vec![0u64; cols];
    let mut counts = vec![0u64; cols];
    let mut max = 0.0f64;
    for by in 0..h.div_ceil(b) {
        sums.iter_mut().for_each(|s| *s = 0);
        counts.iter_mut().for_each(|c| *c = 0);
        for y in by * b..((by + 1) * b).min(h) {
            for (x, px) in samples[y * w * 4..(y + 1) * w * 4].chunks_exact(4).enumerate() {
                sums[x / b] += px.iter().map(|&v| u64::from(v)).sum::<u64>();
                counts[x / b] += 1;
            }
        }
        for (s, n) in sums.iter().zip(&counts) {
            max = max.max(*s as f64 * 100.0 / 255.0 / (*n).max(1) as f64);
        }
    }
    max
}

/// Every pixel under `ink_limit` percent.
pub(crate) fn limit_all(samples: &[u8], ink_limit: u32) -> Vec<u8> {
    samples
        .chunks_exact(4)
        .flat_map(|px| limit_ink([px[0], px[1], px[2], px[3]], ink_limit))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_ink_averages_blocks() {
        // 2 × 1 pixels: one at 400 %, one at 0 %.
        let s = [255, 255, 255, 255, 0, 0, 0, 0];
        assert_eq!(max_ink(&s, 2, 1, 1), 400.0);
        assert_eq!(max_ink(&s, 2, 1, 2), 200.0);
    }

    #[test]
    fn ycc_neutrals_stay_neutral() {
        assert_eq!(ycc_to_rgb(200, 128, 128), [200, 200, 200]);
    }

    /// The corpus's YCCK ad, a light teal: its mean ink as ImageMagick and Ghostscript read
    /// it (C 32.6 %, M 3.1 %, Y 17.7 %, K 17.2 %), not its complement.
    #[test]
    fn adobe_ycck_reads_as_its_ink() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/ads/milk-4x20.jpg");
        let s = decode_cmyk(&std::fs::read(path).unwrap(), true).unwrap();
        let n = (s.len() / 4) as f64;
        let mean = |k: usize| s.iter().skip(k).step_by(4).map(|&v| f64::from(v)).sum::<f64>() / n / 2.55;
        for (k, want) in [32.6, 3.1, 17.7, 17.2].into_iter().enumerate() {
            assert!((mean(k) - want).abs() < 1.5, "channel {k}: {:.1} %", mean(k));
        }
    }

    #[test]
    fn damaged_jpeg_is_an_error() {
        assert!(decode_cmyk(&[0xFF, 0xD8, 0xFF], false).is_err());
    }
}
