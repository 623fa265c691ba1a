//! Photos on a proof: the picture's pixels (grey, CMYK, or a JPEG kept for passthrough)
//! turned into screen RGB and drawn into the photo's frame.

use crate::layout::ImageItem;
use crate::raster::Pixels;
use tiny_skia::{FilterQuality, Pixmap, PixmapPaint, Transform};

/// Draws a placed picture; a picture that cannot be decoded for the screen is left out (the
/// PDF path has already checked it).
pub fn draw(pixmap: &mut Pixmap, img: &ImageItem, page_tf: Transform) {
    let pic = &img.picture;
    let Some(rgba) = to_rgba(&pic.pixels, pic.width, pic.height) else {
        return;
    };
    let Some(src) = Pixmap::from_vec(
        rgba,
        tiny_skia::IntSize::from_wh(pic.width, pic.height).unwrap_or(one()),
    ) else {
        return;
    };
    let r = img.rect;
    let tf = page_tf
        .pre_translate(r.x.0 as f32, r.y.0 as f32)
        .pre_scale(r.w.0 as f32 / pic.width as f32, r.h.0 as f32 / pic.height as f32);
    let paint = PixmapPaint {
        quality: FilterQuality::Bilinear,
        ..PixmapPaint::default()
    };
    // A cropped photo is drawn through a mask of its frame, as the PDF clips it.
    let mask = img.clip.and_then(|c| {
        let mut mask = tiny_skia::Mask::new(pixmap.width(), pixmap.height())?;
        let rect = tiny_skia::Rect::from_xywh(c.x.0 as f32, c.y.0 as f32, c.w.0 as f32, c.h.0 as f32)?;
        let path = tiny_skia::PathBuilder::from_rect(rect);
        mask.fill_path(&path, tiny_skia::FillRule::Winding, true, page_tf);
        Some(mask)
    });
    pixmap.draw_pixmap(0, 0, src.as_ref(), &paint, tf, mask.as_ref());
}

fn one() -> tiny_skia::IntSize {
    tiny_skia::IntSize::from_wh(1, 1).expect("1 × 1 is a valid size")
}

/// Opaque RGBA bytes of a picture, `width × height × 4`.
fn to_rgba(pixels: &Pixels, width: u32, height: u32) -> Option<Vec<u8>> {
    let n = width as usize * height as usize;
    let out: Vec<u8> = match pixels {
        // 0 = black in DeviceGray.
        Pixels::Gray(g) => g.iter().flat_map(|&v| [v, v, v, 255]).collect(),
        // 255 = full ink; the naive screen conversion, as for page colours.
        Pixels::Cmyk(c) | Pixels::CmykAsDelivered(c) => c
            .chunks_exact(4)
            .flat_map(|p| {
                let k = 255 - p[3] as u32;
                let ch = |x: u8| ((255 - x as u32) * k / 255) as u8;
                [ch(p[0]), ch(p[1]), ch(p[2]), 255]
            })
            .collect(),
        Pixels::Jpeg { bytes, .. } => {
            let decoded = image::load_from_memory_with_format(bytes, image::ImageFormat::Jpeg).ok()?;
            decoded.to_rgba8().into_raw()
        }
    };
    (out.len() == n * 4).then_some(out)
}
