//! Issue 6, point 2: a proof must match the PDF. The sample is built to PDF and rendered by
//! poppler (`pdftoppm -r 20 -gray`), proofed by newsprint at 20 dpi without marks, and the
//! two grey images are compared pixel by pixel. Controls show the measure would catch a
//! blank proof and a proof shifted by a few millimetres.

mod common;

use common::{newsprint, scratch, tool};
use std::path::Path;

/// A grey image, one byte per pixel.
struct Grey {
    w: usize,
    h: usize,
    px: Vec<u8>,
}

impl Grey {
    fn at(&self, x: usize, y: usize) -> u8 {
        self.px[y * self.w + x]
    }
}

/// Reads a binary PGM (P5, 8 bit), as pdftoppm writes it.
fn read_pgm(path: &Path) -> Grey {
    let bytes = std::fs::read(path).expect("pgm");
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let px = bytes[i + 1..i + 1 + w * h].to_vec();
    Grey { w, h, px }
}

/// Reads a proof PNG as grey (Rec. 601 luma).
fn read_png(path: &Path) -> Grey {
    let p = tiny_skia::Pixmap::load_png(path).expect("png");
    let px = p
        .pixels()
        .iter()
        .map(|c| {
            let c = c.demultiply();
            (0.299 * c.red() as f32 + 0.587 * c.green() as f32 + 0.114 * c.blue() as f32).round() as u8
        })
        .collect();
    Grey {
        w: p.width() as usize,
        h: p.height() as usize,
        px,
    }
}

/// The image averaged over `b` × `b` blocks, `dx` pixels to the right.
fn blocks(g: &Grey, b: usize, dx: usize, w: usize, h: usize) -> Vec<f64> {
    let mut out = Vec::new();
    for by in 0..h / b {
        for bx in 0..(w - dx) / b {
            let mut sum = 0u64;
            for y in by * b..by * b + b {
                for x in bx * b..bx * b + b {
                    sum += g.at(x + dx, y) as u64;
                }
            }
            out.push(sum as f64 / (b * b) as f64);
        }
    }
    out
}

/// Mean absolute difference per block (0–255) of two images over their common area, the
/// second shifted `dx` pixels.
fn mad(a: &Grey, b: &Grey, block: usize, dx: usize) -> f64 {
    let (w, h) = (a.w.min(b.w) - dx, a.h.min(b.h));
    let (x, y) = (blocks(a, block, 0, w, h), blocks(b, block, dx, w + dx, h));
    x.iter().zip(&y).map(|(p, q)| (p - q).abs()).sum::<f64>() / x.len() as f64
}

/// Builds the edition at `input` to PDF and proofs it; returns poppler's rendering of the
/// page `stem` and newsprint's proof, both at `dpi`.
fn render(input: &str, stem: &str, dir: &Path, dpi: u32) -> (Grey, Grey) {
    let (pdfs, proofs) = (dir.join("pdf"), dir.join(format!("proofs{dpi}")));
    let o = newsprint(&["build", input, "-o", pdfs.to_str().unwrap(), "-q"]);
    assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"));
    let d = dpi.to_string();
    let o = newsprint(&[
        "proof",
        input,
        "-o",
        proofs.to_str().unwrap(),
        "--dpi",
        &d,
        "--no-marks",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let pdf = pdfs.join(format!("{stem}.pdf"));
    let prefix = dir.join(format!("ref{dpi}"));
    tool(
        "pdftoppm",
        &["-r", &d, "-gray", pdf.to_str().unwrap(), prefix.to_str().unwrap()],
    );
    let reference = read_pgm(&dir.join(format!("ref{dpi}-1.pgm")));
    let proof = read_png(&proofs.join(format!("{stem}.png")));
    (reference, proof)
}

fn mean(g: &Grey) -> f64 {
    g.px.iter().map(|&p| p as f64).sum::<f64>() / g.px.len() as f64
}

/// Both pages are rasterised at 80 dpi and compared on a 20 dpi grid (means of 4 × 4 pixel
/// blocks). Rasterising at 20 dpi directly compares font rasterisers rather than pages: body
/// text is then 2.5 pixels to the em, where poppler's hinted glyphs come out about a third
/// darker than exact coverage (measured: 20.4 per pixel at 20 dpi against 5.3 this way).
#[test]
fn issue_6_the_proof_of_the_sample_matches_its_pdf() {
    const DPI: u32 = 80;
    const BLOCK: usize = 4;
    let dir = scratch("proof-vs-pdf");
    let (reference, proof) = render("issues/sample", "cyrb-20220720-05", &dir, DPI);
    // Sizes agree to the rounding of the page size.
    assert!(
        reference.w.abs_diff(proof.w) <= 1 && reference.h.abs_diff(proof.h) <= 1,
        "{}x{} against {}x{}",
        reference.w,
        reference.h,
        proof.w,
        proof.h
    );
    let blank = Grey {
        w: proof.w,
        h: proof.h,
        px: vec![255; proof.w * proof.h],
    };
    let same = mad(&reference, &proof, BLOCK, 0);
    let against_blank = mad(&reference, &blank, BLOCK, 0);
    // 16 px at 80 dpi is 5 mm: a proof drawn a few millimetres off.
    let shifted = mad(&reference, &proof, BLOCK, 16);
    eprintln!(
        "mean grey pdf {:.1}, proof {:.1}; |pdf - proof| per 20-dpi pixel: {same:.2}; blank {against_blank:.2}; shifted 5 mm {shifted:.2}",
        mean(&reference),
        mean(&proof)
    );
    assert!(same < 8.0, "the proof differs from the PDF: {same:.2} per pixel");
    // The controls: the measure is not satisfied by an empty or a misplaced proof.
    assert!(
        against_blank > 2.0 * 8.0,
        "a blank proof would pass: {against_blank:.2}"
    );
    assert!(shifted > 2.0 * same, "a shifted proof would pass: {shifted:.2}");
}

/// Photos too: a page with an RGB JPEG (converted to CMYK) and a CMYK JPEG (passed through)
/// proofs like its PDF.
#[test]
fn issue_6_a_proof_with_photos_matches_its_pdf() {
    let dir = scratch("proof-vs-pdf-photos");
    let input = dir.join("in");
    let seed = std::fs::read_to_string(common::root().join("issues/sample/seed-page.md")).unwrap();
    let mut copy = seed.split("## 创城有我").next().unwrap().to_string();
    for (title, file) in [("彩色照片", "rgb.jpg"), ("印刷照片", "cmyk.jpg")] {
        copy.push_str(&format!(
            "\n\n## {title}\n\n![](images/{file})\n\n近日，党员们在小区开展主题党日活动。\n\n张鑫 摄\n"
        ));
    }
    common::write(&input.join("page.md"), copy);
    common::write(
        &input.join("edition.toml"),
        "[paper]\nname = \"草原日报\"\ncode = \"cyrb\"\n\n[issue]\ndate = \"2022-07-20\"\nnumber = 8123\n\n\
         [[page]]\nnumber = 6\nsection = \"图片\"\ncopy = \"page.md\"\n",
    );
    std::fs::create_dir_all(input.join("images")).unwrap();
    let rgb = image::RgbImage::from_fn(1600, 1000, |x, y| {
        image::Rgb([(x * 255 / 1600) as u8, (y * 255 / 1000) as u8, 160])
    });
    rgb.save(input.join("images/rgb.jpg")).unwrap();
    std::fs::copy(
        common::root().join("tests/fixtures/cmyk.jpg"),
        input.join("images/cmyk.jpg"),
    )
    .unwrap();
    let (reference, proof) = render(input.to_str().unwrap(), "cyrb-20220720-06", &dir, 80);
    let blank = Grey {
        w: proof.w,
        h: proof.h,
        px: vec![255; proof.w * proof.h],
    };
    let same = mad(&reference, &proof, 4, 0);
    let against_blank = mad(&reference, &blank, 4, 0);
    eprintln!("photos: |pdf - proof| per 20-dpi pixel {same:.2}; blank {against_blank:.2}");
    assert!(same < 8.0, "the proof differs from the PDF: {same:.2} per pixel");
    // A blank proof must fail the same threshold, with room to spare (photos are at most a
    // sixth of the type area each, so the page is mostly text).
    assert!(
        against_blank > 1.25 * 8.0,
        "a blank proof would pass: {against_blank:.2}"
    );
}

/// The pixels of `g` inside a rectangle given in millimetres at `dpi`, as a new image.
fn crop_mm(g: &Grey, at: [f64; 2], size: [f64; 2], dpi: u32) -> Grey {
    let px = |mm: f64| (mm / 25.4 * dpi as f64).round() as usize;
    let (x0, y0) = (px(at[0]), px(at[1]));
    let (w, h) = (px(size[0]).min(g.w - x0), px(size[1]).min(g.h - y0));
    let mut out = Vec::with_capacity(w * h);
    for y in y0..y0 + h {
        out.extend_from_slice(&g.px[y * g.w + x0..y * g.w + x0 + w]);
    }
    Grey { w, h, px: out }
}

/// Pearson's correlation of two images' 4 × 4 block means over their common area, the
/// second shifted `dx` pixels: 1 when one is the other in different inks. Poppler and the
/// proof turn the ad's CMYK into grey differently (its cyan border is 156 in one, 128 in the
/// other), so the ad is compared by its drawing, not its greys; a flat image scores 0.
fn correlation(a: &Grey, b: &Grey, dx: usize) -> f64 {
    let (w, h) = (a.w.min(b.w) - dx, a.h.min(b.h));
    let (x, y) = (blocks(a, 4, 0, w, h), blocks(b, 4, dx, w + dx, h));
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (p, q) in x.iter().zip(&y) {
        sxy += (p - mx) * (q - my);
        sxx += (p - mx) * (p - mx);
        syy += (q - my) * (q - my);
    }
    if sxx == 0.0 || syy == 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

/// Issue 10, point 1: "proofs draw them". A delivered PDF ad (corpus 02, the bank's 8 × 16
/// booking) is drawn on the proof from its own artwork, as poppler draws the print PDF: the
/// ad's areas of the two renderings correlate, where the old tinted frame with a cross, or
/// the artwork drawn 5 mm off, does not.
#[test]
fn issue_10_the_proof_draws_a_delivered_pdf_ad_as_the_pdf_prints_it() {
    const DPI: u32 = 80;
    let dir = scratch("proof-vs-pdf-ad");
    let input = common::root().join("tests/corpus/02-half-pdf-ad");
    let (reference, proof) = render(input.to_str().unwrap(), "cyrb-20241105-03", &dir, DPI);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join(format!("proofs{DPI}/report.json"))).unwrap())
            .unwrap();
    let ad = &report["pages"][0]["ads"][0];
    assert_eq!(ad["art"], "pdf", "{ad}");
    let mm = |v: &serde_json::Value| [v[0].as_f64().unwrap(), v[1].as_f64().unwrap()];
    let (at, size) = (mm(&ad["at_mm"]), mm(&ad["size_mm"]));
    let (pdf_ad, proof_ad) = (crop_mm(&reference, at, size, DPI), crop_mm(&proof, at, size, DPI));
    // What proofs drew before: the frame tinted K 12 % (grey 224 on screen) with a cross.
    let mut frame = Grey {
        w: proof_ad.w,
        h: proof_ad.h,
        px: vec![224; proof_ad.w * proof_ad.h],
    };
    for x in 0..frame.w {
        for y in [x * frame.h / frame.w, frame.h - 1 - x * frame.h / frame.w] {
            frame.px[y * frame.w + x] = 150;
        }
    }
    let same = correlation(&pdf_ad, &proof_ad, 0);
    let against_frame = correlation(&pdf_ad, &frame, 0);
    let shifted = correlation(&pdf_ad, &proof_ad, 16);
    eprintln!(
        "ad {}x{} px: correlation with the PDF {same:.3}; a tinted frame {against_frame:.3}; 5 mm off {shifted:.3}",
        pdf_ad.w, pdf_ad.h
    );
    assert!(
        same > 0.9,
        "the proof's ad is not the PDF's: correlation {same:.3}"
    );
    assert!(
        against_frame < 0.5,
        "a tinted frame would pass: {against_frame:.3}"
    );
    assert!(shifted < 0.75, "artwork drawn 5 mm off would pass: {shifted:.3}");
}
