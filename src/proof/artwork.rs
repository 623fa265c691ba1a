//! A delivered PDF ad on a proof: its first page drawn from its own content, trimmed to its
//! TrimBox and stretched over the ad's frame, as the print PDF places it.

use crate::layout::FormItem;
use hayro::hayro_interpret::{InterpreterSettings, RenderContent};
use hayro::hayro_syntax::Pdf;
use hayro::kurbo::Affine;
use hayro::vello_cpu::{self, RenderContext, color::palette::css::WHITE};
use std::sync::Arc;
use tiny_skia::{Pixmap, PixmapPaint, Transform};

/// Draws the ad's artwork into its frame; `false` when it cannot be read or drawn, and the
/// caller shows the frame instead.
pub fn draw(pixmap: &mut Pixmap, form: &FormItem, page_tf: Transform) -> bool {
    let r = form.rect;
    // Proof transforms are a plain scale (see `render`); the frame is rounded to whole pixels.
    let (sx, sy) = (page_tf.sx as f64, page_tf.sy as f64);
    let (left, top) = ((r.x.0 * sx).round(), (r.y.0 * sy).round());
    let (w_px, h_px) = ((r.w.0 * sx).round(), (r.h.0 * sy).round());
    if !(1.0..=f64::from(u16::MAX)).contains(&w_px) || !(1.0..=f64::from(u16::MAX)).contains(&h_px) {
        return false;
    }
    // The renderer is another project's code run on a file from outside: should it fail on
    // some artwork, the proof (and a live `serve`) shows the frame instead of going down.
    let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rasterise(form, w_px as u16, h_px as u16)
    }));
    let Ok(Some(art)) = drawn else {
        return false;
    };
    pixmap.draw_pixmap(
        left as i32,
        top as i32,
        art.as_ref(),
        &PixmapPaint::default(),
        Transform::identity(),
        None,
    );
    true
}

/// The ad's first page at `w × h` pixels over a white ground, or `None`.
fn rasterise(form: &FormItem, w: u16, h: u16) -> Option<Pixmap> {
    let art = &form.art;
    // The trim box has an area: `art::read_pdf` refuses a page without one.
    let [x0, y0, x1, y1] = art.trim;
    if !art.proof_can_render() {
        return None;
    }
    let pdf = Pdf::new(Arc::new(art.bytes.clone())).ok()?;
    let page = pdf.pages().first()?;
    let (kx, ky) = (f64::from(w) / (x1 - x0), f64::from(h) / (y1 - y0));
    // PDF user space has y up; the pixmap has y down from the trim box's top-left corner.
    let transform = Affine::new([kx, 0.0, 0.0, -ky, -x0 * kx, y1 * ky]);
    let mut ctx = RenderContext::new(w, h);
    let cache = hayro::RenderCache::new();
    // The page's content only: the print PDF carries no annotations of the ad.
    let settings = InterpreterSettings {
        render_content: RenderContent::PAGE,
        ..InterpreterSettings::default()
    };
    hayro::render_into(
        page,
        &cache,
        &settings,
        &hayro::RenderSettings::default(),
        &mut ctx,
        transform,
    );
    ctx.flush();
    let mut buf = vec![0u8; usize::from(w) * usize::from(h) * 4];
    let target = vello_cpu::PixmapMut::new(w, h, &mut buf)?;
    ctx.render_with(
        target,
        &mut vello_cpu::Resources::default(),
        vello_cpu::RasterizerSettings {
            target_init: vello_cpu::TargetInit::Clear(WHITE),
            ..Default::default()
        },
    );
    // Both sides hold premultiplied RGBA8; over white every pixel is opaque.
    Pixmap::from_vec(buf, tiny_skia::IntSize::from_wh(u32::from(w), u32::from(h))?)
}
