//! Pixel arithmetic: alpha onto white, RGB to CMYK with grey-component replacement under the
//! ink limit, and box downsampling. Integer arithmetic only, so every machine gives the
//! same bytes.
//!
//! # The RGB → CMYK conversion (used when the plant's profile is not given)
//!
//! With `r, g, b` in 0–255 and 255 = full ink on the CMYK side:
//!
//! 1. complements: `c' = 255 − r`, `m' = 255 − g`, `y' = 255 − b`;
//! 2. grey-component replacement, full strength: `k = min(c', m', y')`, and
//!    `c = c' − k`, `m = m' − k`, `y = y' − k`. The grey of every colour goes to black ink
//!    alone, the heavy GCR that newsprint profiles use (WAN-IFRAnewspaper26v5, §5.2):
//!    neutrals print on one plate and cannot colour-cast when the web misregisters;
//! 3. ink limit: one of `c, m, y` is always 0, so `c+m+y+k ≤ 200 %`; a limit below that
//!    (configurable) scales `c, m, y` down together, keeping `k` and the hue.
//!
//! This is a device conversion, not colour management: no tone-value-increase compensation
//! and no gamut mapping. It keeps every pixel printable; the plant's ICC profile does better.

/// Total ink, in 1/255 units per ink, for a limit in percent (at least 100 %, what K alone
/// needs).
fn limit_units(ink_limit: u32) -> u32 {
    ink_limit.clamp(100, 400) * 255 / 100
}

/// One RGB pixel as C, M, Y, K (255 = full ink) under `ink_limit` percent total.
pub fn rgb_to_cmyk([r, g, b]: [u8; 3], ink_limit: u32) -> [u8; 4] {
    let (c, m, y) = (255 - u32::from(r), 255 - u32::from(g), 255 - u32::from(b));
    let k = c.min(m).min(y);
    // Every value is at most 255 by construction.
    limit_ink([(c - k) as u8, (m - k) as u8, (y - k) as u8, k as u8], ink_limit)
}

/// One CMYK pixel (255 = full ink) brought under `ink_limit` percent total: when
/// C+M+Y+K is above it, C, M and Y are scaled down together (rounding down) and K is kept,
/// so the hue and the black plate stay and the pixel only gets less colourful. Used after
/// every conversion: the GCR one above, the plant's ICC profile, and CMYK JPEGs that came
/// in too heavy.
pub fn limit_ink([c, m, y, k]: [u8; 4], ink_limit: u32) -> [u8; 4] {
    let (c, m, y, k) = (u32::from(c), u32::from(m), u32::from(y), u32::from(k));
    let limit = limit_units(ink_limit);
    let cmy = c + m + y;
    if cmy + k <= limit {
        return [c as u8, m as u8, y as u8, k as u8];
    }
    // limit ≥ 255 ≥ k, so the room left for c, m, y is never negative.
    let room = limit - k;
    // Round down, so the sum stays within the limit; each result is at most its input.
    [
        (c * room / cmy) as u8,
        (m * room / cmy) as u8,
        (y * room / cmy) as u8,
        k as u8,
    ]
}

/// A value composited over white paper at opacity `a` (0–255), rounded.
fn over_white(v: u8, a: u8) -> u8 {
    let (v, a) = (u32::from(v), u32::from(a));
    ((v * a + 255 * (255 - a) + 127) / 255) as u8
}

/// RGBA pixels (alpha straight) to CMYK, alpha flattened onto white first: PDF/X-1a has no
/// transparency (PX-06), and the paper is what shows through.
pub(crate) fn rgba_to_cmyk(rgba: &[u8], ink_limit: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(rgba.len());
    for rgb in flatten_rgba(rgba) {
        out.extend_from_slice(&rgb_to_cmyk(rgb, ink_limit));
    }
    out
}

/// RGBA pixels (alpha straight) flattened onto white paper.
pub(crate) fn flatten_rgba(rgba: &[u8]) -> Vec<[u8; 3]> {
    rgba.chunks_exact(4)
        .map(|px| {
            let a = px[3];
            [over_white(px[0], a), over_white(px[1], a), over_white(px[2], a)]
        })
        .collect()
}

/// Grey + alpha pixels to grey, flattened onto white.
pub(crate) fn flatten_gray(la: &[u8]) -> Vec<u8> {
    la.chunks_exact(2).map(|p| over_white(p[0], p[1])).collect()
}

/// Averages `factor` × `factor` blocks of an image of `channels` interleaved 8-bit samples;
/// blocks cut by the right or bottom edge average what they hold. Returns the samples and
/// the new width and height.
pub fn downsample(
    samples: &[u8],
    width: u32,
    height: u32,
    channels: usize,
    factor: u32,
) -> (Vec<u8>, u32, u32) {
    let factor = factor.max(1);
    let (w, h) = (width as usize, height as usize);
    let (nw, nh) = (w.div_ceil(factor as usize), h.div_ceil(factor as usize));
    let f = factor as usize;
    let mut out = Vec::with_capacity(nw * nh * channels);
    let mut sums = vec![0u32; nw * channels];
    let mut counts = vec![0u32; nw];
    for by in 0..nh {
        sums.iter_mut().for_each(|s| *s = 0);
        counts.iter_mut().for_each(|c| *c = 0);
        for y in by * f..((by + 1) * f).min(h) {
            let row = &samples[y * w * channels..(y + 1) * w * channels];
            for (x, px) in row.chunks_exact(channels).enumerate() {
                let bx = x / f;
                counts[bx] += 1;
                for (s, &v) in sums[bx * channels..(bx + 1) * channels].iter_mut().zip(px) {
                    *s += u32::from(v);
                }
            }
        }
        for bx in 0..nw {
            let n = counts[bx].max(1);
            out.extend(
                sums[bx * channels..(bx + 1) * channels]
                    .iter()
                    .map(|&s| ((s + n / 2) / n) as u8),
            );
        }
    }
    (out, nw as u32, nh as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutrals_go_to_black_alone() {
        assert_eq!(rgb_to_cmyk([0, 0, 0], 220), [0, 0, 0, 255]);
        assert_eq!(rgb_to_cmyk([255, 255, 255], 220), [0, 0, 0, 0]);
        assert_eq!(rgb_to_cmyk([128, 128, 128], 220), [0, 0, 0, 127]);
    }

    #[test]
    fn every_colour_keeps_the_ink_limit() {
        for limit in [220, 240, 160] {
            for r in (0..=255).step_by(15) {
                for g in (0..=255).step_by(15) {
                    for b in (0..=255).step_by(15) {
                        let px = rgb_to_cmyk([r as u8, g as u8, b as u8], limit);
                        let total: u32 = px.iter().map(|&v| u32::from(v)).sum();
                        assert!(total <= limit * 255 / 100, "{r} {g} {b} at {limit}: {px:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn limit_ink_scales_colour_and_keeps_black() {
        assert_eq!(limit_ink([10, 20, 30, 40], 220), [10, 20, 30, 40]);
        let px = limit_ink([255, 255, 255, 255], 220);
        assert_eq!(px[3], 255);
        let total: u32 = px.iter().map(|&v| u32::from(v)).sum();
        assert!(total <= 220 * 255 / 100, "{px:?}");
        assert_eq!((px[0], px[1]), (px[1], px[2]), "hue kept: {px:?}");
    }

    #[test]
    fn transparent_pixels_become_paper() {
        assert_eq!(
            rgba_to_cmyk(&[0, 0, 0, 0, 0, 0, 0, 255], 220),
            vec![0, 0, 0, 0, 0, 0, 0, 255]
        );
        assert_eq!(flatten_gray(&[0, 0, 0, 255]), vec![255, 0]);
    }

    #[test]
    fn downsample_averages_blocks_and_keeps_edges() {
        let img = [0u8, 255, 100, 0, 255, 100];
        let (out, w, h) = downsample(&img, 3, 2, 1, 2);
        assert_eq!((w, h), (2, 1));
        assert_eq!(out, vec![128, 100]);
    }
}
