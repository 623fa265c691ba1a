//! CMYK TIFFs (TIFF 6.0 §16, "Separated"), read with the `tiff` crate itself: the `image`
//! crate hands CMYK out only as RGB, or refuses it when the file has an extra sample, and ink
//! that has been through RGB comes back as other ink (the GCR of `convert`). An ad separated
//! by the advertiser's prepress must print as it was separated (EDITION.md §1), so its
//! samples go into the PDF as DeviceCMYK, like a CMYK JPEG's.
//!
//! TIFF's CMYK (InkSet 1) holds ink as is: 0 is no ink, the largest value full ink, the
//! convention of DeviceCMYK, so nothing is inverted. 16-bit samples are rounded to 8 bits,
//! the depth every other picture has on the page. An extra sample (alpha, or a mask saved
//! with the file) is dropped: PDF/X-1a has no transparency (PX-06), and the separation is
//! what the advertiser approved.
//!
//! Any other TIFF (RGB, grey, palette) is left to the `image` crate; a TIFF that cannot be
//! read as either is a [`TiffFault`] naming what is wrong.

use std::io::Cursor;
use tiff::decoder::{Decoder, DecodingResult, Limits};
use tiff::tags::Tag;
use tiff::{ColorType, TiffError};

/// Why a TIFF cannot be placed.
#[derive(Debug, thiserror::Error)]
pub enum TiffFault {
    /// The file stops before its directory or its pixels end.
    #[error("the file ends early: it was cut short")]
    Cut,
    /// CMYK at a depth other than 8 or 16 bits.
    #[error("its CMYK samples are {0}-bit; only 8- and 16-bit CMYK can be placed")]
    Depth(u8),
    /// CMYK samples that are not unsigned integers (floating point or signed).
    #[error("its CMYK samples are not unsigned integers (SampleFormat); only those can be placed")]
    SampleFormat,
    /// Separated into inks other than C, M, Y, K.
    #[error("it is separated into inks other than C, M, Y, K (InkSet {0})")]
    Inks(u16),
    /// CIE L*a*b*, which DeviceCMYK cannot hold and the plant cannot print.
    #[error("it is in CIE L*a*b*; only CMYK, grey and RGB TIFFs can be placed")]
    Lab,
    /// Its pixels need more memory than one image may take.
    #[error("its samples take more memory than one image may ([limits] image_megapixels)")]
    TooLarge,
    /// Anything else the decoder refuses: a damaged directory, a compression it lacks.
    #[error("{0}")]
    Unreadable(#[source] TiffError),
}

impl From<TiffError> for TiffFault {
    fn from(e: TiffError) -> TiffFault {
        match e {
            TiffError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => TiffFault::Cut,
            TiffError::LimitsExceeded => TiffFault::TooLarge,
            other => TiffFault::Unreadable(other),
        }
    }
}

/// Whether the bytes start with a TIFF or BigTIFF header, in either byte order.
pub(crate) fn is_tiff(bytes: &[u8]) -> bool {
    matches!(bytes.get(..4), Some(b"II*\0" | b"MM\0*" | b"II+\0" | b"MM\0+"))
}

/// The first image of a CMYK TIFF, its directory read, its pixels not yet decoded.
pub(crate) struct CmykTiff<'a> {
    decoder: Decoder<Cursor<&'a [u8]>>,
    /// Width and height in pixels.
    pub(crate) size: (u32, u32),
}

/// Reads the TIFF's first directory: `None` when the image is not CMYK (for the `image`
/// crate), a fault when it is CMYK that cannot be placed or when nothing can read it.
/// `max_bytes` bounds the decoded samples.
pub(crate) fn open(bytes: &[u8], max_bytes: u64) -> Result<Option<CmykTiff<'_>>, TiffFault> {
    let mut limits = Limits::default();
    limits.decoding_buffer_size = usize::try_from(max_bytes).unwrap_or(usize::MAX);
    let mut decoder = Decoder::new(Cursor::new(bytes))?.with_limits(limits);
    // The decoder refuses Lab with a message about bits per sample; the cause is the colour.
    let photometric = decoder.find_tag_unsigned::<u16>(Tag::PhotometricInterpretation)?;
    if matches!(photometric, Some(8..=10)) {
        return Err(TiffFault::Lab);
    }
    let bits = match decoder.colortype()? {
        ColorType::CMYK(bits) | ColorType::CMYKA(bits) => bits,
        _ => return Ok(None),
    };
    if !matches!(bits, 8 | 16) {
        return Err(TiffFault::Depth(bits));
    }
    // InkSet (tag 332): 1 is CMYK, the default; 2 names other inks, which CMYK would misprint.
    if let Some(set) = decoder.find_tag_unsigned::<u16>(Tag::Unknown(332))?
        && set != 1
    {
        return Err(TiffFault::Inks(set));
    }
    let size = decoder.dimensions()?;
    Ok(Some(CmykTiff { decoder, size }))
}

impl CmykTiff<'_> {
    /// C, M, Y, K samples, 8 bits each, 255 = full ink, row by row.
    pub(crate) fn decode(mut self) -> Result<Vec<u8>, TiffFault> {
        let mut buffer = DecodingResult::U8(Vec::new());
        let layout = self.decoder.read_image_to_buffer(&mut buffer)?;
        // Planes that do not all fit the limit are read only in part.
        if buffer.as_buffer(0).as_bytes().len() < layout.complete_len {
            return Err(TiffFault::TooLarge);
        }
        let pixels = self.size.0 as usize * self.size.1 as usize;
        let planes = layout.planes.max(1);
        match &buffer {
            DecodingResult::U8(s) => to_ink(s, pixels, planes, |v| v),
            DecodingResult::U16(s) => to_ink(s, pixels, planes, |v| {
                ((u32::from(v) * 255 + 32_767) / 65_535) as u8
            }),
            _ => Err(TiffFault::SampleFormat),
        }
    }
}

/// The first four samples of every pixel, C, M, Y, K, interleaved; `samples` holds them
/// interleaved (one plane) or as one plane per sample (PlanarConfiguration 2).
fn to_ink<T: Copy>(
    samples: &[T],
    pixels: usize,
    planes: usize,
    to_u8: impl Fn(T) -> u8,
) -> Result<Vec<u8>, TiffFault> {
    let short = || {
        TiffFault::Unreadable(TiffError::FormatError(
            tiff::TiffFormatError::InconsistentSizesEncountered,
        ))
    };
    if pixels == 0 {
        // The caller refuses an empty image by name.
        return Ok(Vec::new());
    }
    let mut out = Vec::with_capacity(pixels * 4);
    if planes > 1 {
        let plane = samples.len() / planes;
        if planes < 4 || plane < pixels {
            return Err(short());
        }
        for i in 0..pixels {
            out.extend((0..4).map(|c| to_u8(samples[c * plane + i])));
        }
    } else {
        let per_pixel = samples.len() / pixels;
        if per_pixel < 4 {
            return Err(short());
        }
        for px in samples.chunks_exact(per_pixel).take(pixels) {
            out.extend(px[..4].iter().map(|&v| to_u8(v)));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A directory entry: tag, type (3 SHORT, 4 LONG), values.
    type Entry = (u16, u16, Vec<u32>);

    /// A little-endian TIFF of `width` × 1 pixels with these entries besides the size and
    /// the strips, which follow the directory.
    fn tiff(width: u32, entries: &[Entry], strips: &[&[u8]]) -> Vec<u8> {
        let with_offsets = |offsets: Vec<u32>| {
            let mut all: Vec<Entry> = vec![
                (256, 4, vec![width]),
                (257, 4, vec![1]),
                (273, 4, offsets),
                (278, 4, vec![1]),
                (279, 4, strips.iter().map(|s| s.len() as u32).collect()),
            ];
            all.extend(entries.iter().cloned());
            all.sort_by_key(|e| e.0);
            let extra_at = 8 + 2 + 12 * all.len() as u32 + 4;
            let (mut out, mut extra) = (b"II*\0\x08\0\0\0".to_vec(), Vec::new());
            out.extend_from_slice(&(all.len() as u16).to_le_bytes());
            for (tag, ty, values) in &all {
                out.extend_from_slice(&tag.to_le_bytes());
                out.extend_from_slice(&ty.to_le_bytes());
                out.extend_from_slice(&(values.len() as u32).to_le_bytes());
                let mut packed: Vec<u8> = values
                    .iter()
                    .flat_map(|&v| match ty {
                        3 => (v as u16).to_le_bytes().to_vec(),
                        _ => v.to_le_bytes().to_vec(),
                    })
                    .collect();
                if packed.len() <= 4 {
                    packed.resize(4, 0);
                    out.extend_from_slice(&packed);
                } else {
                    out.extend_from_slice(&(extra_at + extra.len() as u32).to_le_bytes());
                    extra.extend_from_slice(&packed);
                }
            }
            out.extend_from_slice(&[0; 4]);
            out.extend_from_slice(&extra);
            out
        };
        // The directory's length does not depend on the offsets' values: lay it out once
        // to learn where the strips start.
        let mut at = with_offsets(vec![0; strips.len()]).len() as u32;
        let offsets = strips
            .iter()
            .map(|s| {
                at += s.len() as u32;
                at - s.len() as u32
            })
            .collect();
        let mut out = with_offsets(offsets);
        strips.iter().for_each(|s| out.extend_from_slice(s));
        out
    }

    /// A CMYK TIFF of two pixels, `samples` per pixel of `bits` each.
    fn cmyk(bits: u32, samples: u32, more: &[Entry], strips: &[&[u8]]) -> Vec<u8> {
        let mut e = vec![
            (258, 3, vec![bits; samples as usize]),
            (262, 3, vec![5]),
            (277, 3, vec![samples]),
        ];
        e.extend(more.iter().cloned());
        tiff(2, &e, strips)
    }

    fn read(bytes: &[u8]) -> Result<Option<Vec<u8>>, TiffFault> {
        open(bytes, 1 << 20)?.map(CmykTiff::decode).transpose()
    }

    #[test]
    fn cmyk_samples_are_ink_as_stored() {
        let t = cmyk(8, 4, &[], &[&[255, 0, 0, 0, 10, 20, 30, 40]]);
        assert_eq!(read(&t).unwrap(), Some(vec![255, 0, 0, 0, 10, 20, 30, 40]));
    }

    #[test]
    fn sixteen_bits_round_to_eight_and_an_extra_sample_is_dropped() {
        let px: Vec<u8> = [65535u16, 0, 32896, 257, 9, 0, 0, 0, 0, 65535]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let t = cmyk(16, 5, &[(338, 3, vec![2])], &[&px]);
        assert_eq!(read(&t).unwrap(), Some(vec![255, 0, 128, 1, 0, 0, 0, 0]));
    }

    #[test]
    fn planes_are_interleaved() {
        let t = cmyk(8, 4, &[(284, 3, vec![2])], &[&[1, 2], &[3, 4], &[5, 6], &[7, 8]]);
        assert_eq!(read(&t).unwrap(), Some(vec![1, 3, 5, 7, 2, 4, 6, 8]));
    }

    #[test]
    fn other_colour_models_are_left_to_the_image_crate() {
        let rgb = [(258, 3, vec![8; 3]), (262, 3, vec![2]), (277, 3, vec![3])];
        assert!(read(&tiff(2, &rgb, &[&[0; 6]])).unwrap().is_none());
    }

    #[test]
    fn cmyk_that_cannot_be_placed_says_why() {
        let one_bit = read(&cmyk(1, 4, &[], &[&[0]]));
        assert!(matches!(one_bit, Err(TiffFault::Depth(1))), "{one_bit:?}");
        let inks = read(&cmyk(8, 4, &[(332, 3, vec![2])], &[&[0; 8]]));
        assert!(matches!(inks, Err(TiffFault::Inks(2))), "{inks:?}");
        for (format, bits) in [(3, 16), (2, 8)] {
            let t = cmyk(bits, 4, &[(339, 3, vec![format; 4])], &[&[0; 16]]);
            let r = read(&t);
            assert!(
                matches!(r, Err(TiffFault::SampleFormat)),
                "{format} {bits}: {r:?}"
            );
        }
        let lab = [(258, 3, vec![8; 3]), (262, 3, vec![8]), (277, 3, vec![3])];
        let lab = read(&tiff(2, &lab, &[&[0; 6]]));
        assert!(matches!(lab, Err(TiffFault::Lab)), "{lab:?}");
    }

    #[test]
    fn a_cut_or_scribbled_file_is_an_error_not_a_panic() {
        let t = cmyk(8, 4, &[], &[&[255, 0, 0, 0, 10, 20, 30, 40]]);
        for n in 0..t.len() {
            assert!(read(&t[..n]).is_err(), "cut at {n}");
        }
        assert!(matches!(read(&t[..t.len() - 3]), Err(TiffFault::Cut)));
        for at in 0..t.len() {
            for v in [0u8, 0xFF, 0x7F] {
                let mut s = t.clone();
                s[at] = v;
                let _ = read(&s);
            }
        }
    }
}
