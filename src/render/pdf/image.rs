//! Photos as image XObjects (PDF 1.7 §8.9.5): DeviceCMYK or DeviceGray only (rule PX-05),
//! no soft mask (PX-06), CMYK and grey JPEGs passed through byte for byte with DCTDecode, a
//! CMYK TIFF's samples as they are, Flate-compressed.
//!
//! One XObject per picture, however many pages or frames show it. A picture drawn at more
//! than [`MAX_PPI`] is box-averaged down by a whole factor first; a passed-through JPEG is
//! not, because re-encoding would lose what passing it through keeps.

use super::{Ids, stream_data};
use crate::geom::Rect;
use crate::layout::{Item, Page};
use crate::raster::{MAX_PPI, Picture, Pixels, downsample};
use pdf_writer::{Chunk, Filter, Finish, Name, Ref};
use std::sync::Arc;

/// One picture as written, and where.
struct Used {
    /// The picture.
    picture: Arc<Picture>,
    /// Resource name in the pages' /XObject dictionary.
    name: String,
    /// Its lowest effective resolution on any page (its largest use).
    min_ppi: f64,
}

/// Every picture the pages draw, in order of first appearance.
pub(crate) struct ImageSet {
    used: Vec<Used>,
}

/// Gathers the pictures of all pages.
pub(crate) fn collect(pages: &[&Page]) -> ImageSet {
    let mut used: Vec<Used> = Vec::new();
    for item in pages.iter().flat_map(|p| &p.items) {
        let Item::Image(img) = item else { continue };
        let ppi = img.picture.effective_ppi(&img.rect);
        match used.iter_mut().find(|u| Arc::ptr_eq(&u.picture, &img.picture)) {
            Some(u) => u.min_ppi = u.min_ppi.min(ppi),
            None => used.push(Used {
                picture: img.picture.clone(),
                name: format!("Im{}", used.len() + 1),
                min_ppi: ppi,
            }),
        }
    }
    ImageSet { used }
}

impl ImageSet {
    /// The resource name of a picture collected from the pages.
    pub(crate) fn name(&self, picture: &Arc<Picture>) -> Option<&str> {
        self.used
            .iter()
            .find(|u| Arc::ptr_eq(&u.picture, picture))
            .map(|u| u.name.as_str())
    }

    /// How many pictures were collected.
    pub(crate) fn len(&self) -> usize {
        self.used.len()
    }

    /// The index of a picture collected from the pages, in first-appearance order.
    pub(crate) fn index(&self, picture: &Arc<Picture>) -> Option<usize> {
        self.used.iter().position(|u| Arc::ptr_eq(&u.picture, picture))
    }

    /// Writes every XObject, each in a chunk of its own as object 1 and each a task on the
    /// rayon pool (downsampling and compressing pixels is the costly part); returns
    /// (name, chunk) pairs in first-appearance order.
    pub(crate) fn embed_all(&self) -> Vec<(String, Chunk)> {
        use rayon::prelude::*;
        self.used
            .par_iter()
            .with_max_len(1)
            .map(|u| {
                let mut chunk = Chunk::new();
                write(&mut chunk, Ids::default().next(), u);
                (u.name.clone(), chunk)
            })
            .collect()
    }
}

/// The whole factor that brings `ppi` to at most [`MAX_PPI`] (1 when it already is).
pub(crate) fn downsample_factor(ppi: f64) -> u32 {
    if ppi.is_finite() && ppi > MAX_PPI {
        (ppi / MAX_PPI).ceil().min(f64::from(u16::MAX)) as u32
    } else {
        1
    }
}

/// One image XObject.
fn write(chunk: &mut Chunk, id: Ref, u: &Used) {
    let p = &u.picture;
    let clamp = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
    match &p.pixels {
        Pixels::Jpeg {
            bytes,
            components,
            inverted,
        } => {
            let mut x = chunk.image_xobject(id, bytes);
            x.filter(Filter::DctDecode);
            x.width(clamp(p.width))
                .height(clamp(p.height))
                .bits_per_component(8);
            if *components == 4 {
                x.color_space_name(Name(b"DeviceCMYK"));
                if *inverted {
                    // Adobe's CMYK JPEGs hold 255 − ink (TN 5116 §18); undo it here.
                    x.decode([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
                }
            } else {
                x.color_space_name(Name(b"DeviceGray"));
            }
            x.finish();
        }
        Pixels::Gray(samples) | Pixels::Cmyk(samples) | Pixels::CmykAsDelivered(samples) => {
            let (channels, space) = match &p.pixels {
                Pixels::Gray(_) => (1, &b"DeviceGray"[..]),
                _ => (4, &b"DeviceCMYK"[..]),
            };
            let factor = downsample_factor(u.min_ppi);
            let small;
            let (samples, w, h) = if factor > 1 {
                small = downsample(samples, p.width, p.height, channels, factor);
                (&small.0[..], small.1, small.2)
            } else {
                (&samples[..], p.width, p.height)
            };
            let (data, filter) = stream_data(samples);
            let mut x = chunk.image_xobject(id, &data);
            if let Some(f) = filter {
                x.filter(f);
            }
            x.width(clamp(w))
                .height(clamp(h))
                .bits_per_component(8)
                .color_space_name(Name(space));
            x.finish();
        }
    }
}

/// The `cm` matrix that maps the unit square onto `rect` in PDF space (y up).
pub(crate) fn placement(rect: &Rect, media_h: f64) -> [f64; 6] {
    [rect.w.0, 0.0, 0.0, rect.h.0, rect.x.0, media_h - rect.bottom().0]
}
