//! RGB to the plant's CMYK through its ICC profile, with Little CMS (`lcms2`): used instead of
//! the GCR formula of `convert` when `[output] profile` names the plant's printer profile
//! (TYPOGRAPHY.md §5.2).
//!
//! # The conversion
//!
//! 1. alpha is flattened onto white paper, as for the GCR conversion;
//! 2. the source space is the image's own embedded ICC profile when the `image` crate hands
//!    one over and Little CMS reads it as an RGB profile; otherwise (untagged images, a
//!    damaged or non-RGB profile) sRGB, the space of untagged images on the web and in
//!    cameras;
//! 3. Little CMS transforms RGB 8-bit to the plant's CMYK 8-bit with the perceptual intent
//!    (photos: the whole gamut is compressed into newsprint's, keeping gradations), the
//!    profile's own black generation and separation;
//! 4. the ink limit is enforced on every pixel with [`limit_ink`]: above it, C, M and Y are
//!    scaled down together and K is kept. A newsprint profile already separates under its
//!    limit, so this only bites for a profile made for a heavier paper.
//!
//! The transform is deterministic: the same image, profiles and Little CMS give the same
//! bytes (no caches shared between images, no threads).

use super::convert::{flatten_rgba, limit_ink};
use lcms2::{ColorSpaceSignature, Intent, PixelFormat, Profile, Transform};

/// RGBA pixels to the plant's CMYK (255 = full ink) under `ink_limit` percent.
///
/// `source` is the image's embedded profile, if any; `plant` the plant's CMYK profile. An
/// error says why the plant's profile cannot be used.
pub(crate) fn rgba_to_cmyk(
    rgba: &[u8],
    source: Option<&[u8]>,
    plant: &[u8],
    ink_limit: u32,
) -> Result<Vec<u8>, String> {
    let src = source
        .and_then(|icc| Profile::new_icc(icc).ok())
        .filter(|p| p.color_space() == ColorSpaceSignature::RgbData)
        .unwrap_or_else(Profile::new_srgb);
    let dst = Profile::new_icc(plant).map_err(|e| format!("Little CMS cannot read it: {e}"))?;
    if dst.color_space() != ColorSpaceSignature::CmykData {
        return Err("it is not a CMYK profile".into());
    }
    let t: Transform<[u8; 3], [u8; 4]> = Transform::new(
        &src,
        PixelFormat::RGB_8,
        &dst,
        PixelFormat::CMYK_8,
        Intent::Perceptual,
    )
    .map_err(|e| format!("Little CMS cannot convert sRGB to it: {e}"))?;
    let rgb = flatten_rgba(rgba);
    let mut cmyk = vec![[0u8; 4]; rgb.len()];
    t.transform_pixels(&rgb, &mut cmyk);
    Ok(cmyk.into_iter().flat_map(|px| limit_ink(px, ink_limit)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ghostscript's test CMYK profile; skipped where Ghostscript is not installed.
    const GS_CMYK: &str = "/usr/share/color/icc/ghostscript/default_cmyk.icc";

    #[test]
    fn converts_through_the_profile_under_the_limit() {
        let Ok(plant) = std::fs::read(GS_CMYK) else {
            return;
        };
        let rgba = [0, 0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 255, 10, 20, 30, 0];
        let out = rgba_to_cmyk(&rgba, None, &plant, 220).expect("a CMYK profile");
        assert_eq!(out.len(), 16);
        for px in out.chunks_exact(4) {
            let total: u32 = px.iter().map(|&v| u32::from(v)).sum();
            assert!(total <= 220 * 255 / 100, "{px:?}");
        }
        // White and a transparent pixel are paper; black carries K.
        assert_eq!(&out[4..8], &[0, 0, 0, 0]);
        assert_eq!(&out[12..16], &[0, 0, 0, 0]);
        assert!(out[3] > 200, "{:?}", &out[..4]);
        // Deterministic.
        assert_eq!(rgba_to_cmyk(&rgba, None, &plant, 220).unwrap(), out);
    }

    #[test]
    fn an_rgb_profile_is_refused_as_the_plant_profile() {
        let srgb = Profile::new_srgb().icc().unwrap();
        assert!(rgba_to_cmyk(&[0, 0, 0, 255], None, &srgb, 220).is_err());
    }
}
