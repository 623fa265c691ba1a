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
