//! Issue 5: a test page with an RGB JPEG, a CMYK JPEG, a PNG with alpha and a low-resolution
//! image comes out all CMYK, with the CMYK JPEG passed through and the right diagnostics.

mod common;

use common::{build_to, newsprint, root, sample_with, scratch, tool, write};
use std::path::{Path, PathBuf};

/// The first story of the sample (text only), then four photos, one per image kind.
fn test_page(dir: &Path) {
    let seed = std::fs::read_to_string(root().join("issues/sample/seed-page.md")).unwrap();
    let first = seed.split("## 创城有我").next().unwrap();
    let mut copy = first.to_string();
    for (title, file) in [
        ("彩色照片", "rgb.jpg"),
        ("印刷照片", "cmyk.jpg"),
        ("透明照片", "alpha.png"),
        ("小图照片", "low.png"),
    ] {
        copy.push_str(&format!(
            "\n\n## {title}\n\n![](images/{file})\n\n近日，党员们在小区开展主题党日活动。\n\n张鑫 摄\n"
        ));
    }
    write(&dir.join("page.md"), copy);
    write(
        &dir.join("edition.toml"),
        "[paper]\nname = \"草原日报\"\ncode = \"cyrb\"\n\n[issue]\ndate = \"2022-07-20\"\nnumber = 8123\n\n\
         [[page]]\nnumber = 6\nsection = \"图片\"\ncopy = \"page.md\"\n",
    );
    let images = dir.join("images");
    std::fs::create_dir_all(&images).unwrap();
    let rgb = image::RgbImage::from_fn(3200, 2000, |x, y| {
        image::Rgb([(x * 255 / 3200) as u8, (y * 255 / 2000) as u8, 160])
    });
    rgb.save(images.join("rgb.jpg")).unwrap();
    let rgba = image::RgbaImage::from_fn(1200, 900, |x, y| {
        let a = if x < 600 { 0 } else { 255 };
        image::Rgba([200, (y * 255 / 900) as u8, 40, a])
    });
    rgba.save(images.join("alpha.png")).unwrap();
    let low = image::RgbImage::from_fn(90, 60, |x, _| image::Rgb([x as u8 * 2, 90, 200]));
    low.save(images.join("low.png")).unwrap();
    std::fs::copy(root().join("tests/fixtures/cmyk.jpg"), images.join("cmyk.jpg")).unwrap();
}

fn build(name: &str) -> (PathBuf, PathBuf, std::process::Output) {
    let dir = scratch(name);
    test_page(&dir.join("in"));
    let out = dir.join("out");
    // The low-resolution image fails the build: the editor's draft holds the pages.
    let o = newsprint(&[
        "build",
        dir.join("in").to_str().unwrap(),
        "--draft",
        out.to_str().unwrap(),
        "--json",
    ]);
    (dir, out, o)
}

#[test]
fn issue_5_images_come_out_cmyk_with_resolution_diagnostics() {
    let (dir, out, o) = build("images");
    let stderr = String::from_utf8_lossy(&o.stderr);
    // The 90-pixel image is far below 100 ppi wherever it goes: an error, so exit 1,
    // placed on its photo in the copy; the PDFs are still written as drafts for the editor.
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    let low: Vec<&str> = stderr.lines().filter(|l| l.contains("low.png has")).collect();
    assert_eq!(low.len(), 1, "{stderr}");
    assert!(
        low[0].contains("page.md:")
            && low[0].contains("error:")
            && low[0].contains("below the 100 ppi minimum"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("preflight"),
        "the files pass preflight: {stderr}"
    );
    // 3200 pixels are enough at any width the page has (8 columns, 352 mm: 230 ppi).
    assert!(!stderr.contains("rgb.jpg has"), "{stderr}");

    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let images = report["pages"][0]["images"]
        .as_array()
        .expect("images in the report");
    assert_eq!(images.len(), 4, "{report}");
    for img in images {
        assert!(img["ppi"].as_f64().unwrap() > 0.0, "{img}");
    }

    let pdf = out.join("cyrb-20220720-06.pdf");
    let list = tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
    let rows: Vec<&str> = list.lines().skip(2).collect();
    assert_eq!(rows.len(), 4, "{list}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[5], "cmyk", "every image is CMYK: {row}");
        assert_eq!(cols[9], "no", "no soft mask: {row}");
    }
    assert!(
        rows.iter().any(|r| r.split_whitespace().nth(8) == Some("jpeg")),
        "{list}"
    );

    // The CMYK JPEG is in the PDF byte for byte.
    let bytes = std::fs::read(&pdf).unwrap();
    let jpeg = std::fs::read(dir.join("in/images/cmyk.jpg")).unwrap();
    assert!(
        bytes.windows(jpeg.len()).any(|w| w == jpeg),
        "CMYK JPEG passed through"
    );

    let check = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(check.contains("No syntax or stream encoding errors"), "{check}");
    assert!(!check.to_lowercase().contains("warning"), "{check}");
}

#[test]
fn issue_5_missing_or_corrupt_image_is_an_error_naming_the_file() {
    let dir = scratch("bad-image");
    let input = dir.join("in");
    test_page(&input);
    std::fs::write(input.join("images/alpha.png"), b"\x89PNG\r\n\x1a\nnot really").unwrap();
    std::fs::remove_file(input.join("images/rgb.jpg")).unwrap();
    let out = dir.join("out");
    let o = newsprint(&["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("page.md:") && stderr.contains("rgb.jpg"),
        "{stderr}"
    );
}

/// Largest total ink, in percent, of a PDF's first page: Ghostscript renders the
/// separations (`tiffsep`, overprint honoured) at 150 dpi, and C+M+Y+K is averaged over
/// 6 × 6 pixel blocks, about 1 mm² (TYPOGRAPHY.md §5.5, rule PX-08).
fn max_ink(pdf: &Path, dir: &Path) -> f64 {
    let base = dir.join("sep.tif");
    let out = format!("-sOutputFile={}", base.display());
    tool(
        "gs",
        &[
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-dFirstPage=1",
            "-dLastPage=1",
            "-sDEVICE=tiffsep",
            "-sCompression=none",
            "-r150",
            &out,
            pdf.to_str().unwrap(),
        ],
    );
    let plates: Vec<image::GrayImage> = ["Cyan", "Magenta", "Yellow", "Black"]
        .iter()
        .map(|ink| {
            let path = dir.join(format!("sep({ink}).tif"));
            image::open(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                .into_luma8()
        })
        .collect();
    let (w, h) = plates[0].dimensions();
    const BLOCK: u32 = 6;
    let mut max = 0.0f64;
    for by in 0..h / BLOCK {
        for bx in 0..w / BLOCK {
            let mut sum = 0u64;
            for plate in &plates {
                for y in by * BLOCK..(by + 1) * BLOCK {
                    for x in bx * BLOCK..(bx + 1) * BLOCK {
                        // tiffsep plates read like film: 255 is paper, 0 is solid ink.
                        sum += u64::from(255 - plate.get_pixel(x, y).0[0]);
                    }
                }
            }
            let percent = sum as f64 * 100.0 / 255.0 / f64::from(BLOCK * BLOCK);
            max = max.max(percent);
        }
    }
    max
}

#[test]
fn px_08_ink_stays_under_220_percent() {
    let (dir, out, _) = build("ink");
    let images = max_ink(&out.join("cyrb-20220720-06.pdf"), &dir);
    let sample = scratch("ink-sample");
    let o = newsprint(&["build", "issues/sample", "-o", sample.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let text = max_ink(&sample.join("cyrb-20220720-05.pdf"), &sample);
    eprintln!("max ink: image page {images:.1} %, sample page {text:.1} %");
    assert!(images <= 220.0, "image page: {images:.1} %");
    assert!(text <= 220.0, "sample page: {text:.1} %");
    assert!(images > 100.0, "the image page does carry colour: {images:.1} %");
}

#[test]
fn issue_5_marks_go_in_a_slug_outside_the_bleed_box() {
    let dir = sample_with("marks", "[output]\nmarks = true\n");
    let out = dir.join("out");
    let o = build_to(&dir, &out, &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "preflight passes: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let boxes = tool(
        "pdfinfo",
        &["-box", out.join("cyrb-20220720-05.pdf").to_str().unwrap()],
    );
    let get = |name: &str| -> Vec<f64> {
        let line = boxes.lines().find(|l| l.starts_with(name)).unwrap();
        line.split_whitespace()
            .skip(1)
            .map(|v| v.parse().unwrap())
            .collect()
    };
    let (media, bleed) = (get("MediaBox:"), get("BleedBox:"));
    // 10 mm of slug on every side (28.35 pt).
    assert!((bleed[0] - media[0] - 28.35).abs() < 0.01, "{boxes}");
    assert!((media[3] - bleed[3] - 28.35).abs() < 0.01, "{boxes}");
}

/// Ghostscript's test CMYK output profile (TYPOGRAPHY.md §5.5); CI installs Ghostscript.
const GS_CMYK: &str = "/usr/share/color/icc/ghostscript/default_cmyk.icc";
/// Ghostscript's profiles lie outside the edition: the manifest declares their folder.
const GS_ASSETS: &str = "[assets]\ndirs = [\"/usr/share/color/icc/ghostscript\"]\n";

#[test]
fn issue_5_x4_embeds_the_plant_profile_and_passes_preflight() {
    assert!(Path::new(GS_CMYK).exists(), "install ghostscript for {GS_CMYK}");
    let dir = scratch("x4");
    for f in ["edition.toml", "seed-page.md"] {
        std::fs::copy(root().join("issues/sample").join(f), dir.join(f)).unwrap();
    }
    let manifest = std::fs::read_to_string(dir.join("edition.toml")).unwrap();
    write(
        &dir.join("edition.toml"),
        format!("{manifest}\n{GS_ASSETS}\n[output]\nprofile = \"{GS_CMYK}\"\nstandard = \"x4\"\n"),
    );
    let out = dir.join("out");
    let o = newsprint(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let pdf = out.join("cyrb-20220720-05.pdf");
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("PDF version:") && l.trim_end().ends_with("1.6")),
        "{info}"
    );
    let bytes = std::fs::read(&pdf).unwrap();
    let has = |s: &[u8]| bytes.windows(s.len()).any(|w| w == s);
    assert!(has(b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"));
    assert!(has(b"/DestOutputProfile"));

    // An RGB display profile is refused, at its place in the manifest.
    let srgb = "/usr/share/color/icc/ghostscript/srgb.icc";
    write(
        &dir.join("edition.toml"),
        format!("{manifest}\n{GS_ASSETS}\n[output]\nprofile = \"{srgb}\"\n"),
    );
    let o = newsprint(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("edition.toml:") && stderr.contains("not 'prtr'"),
        "{stderr}"
    );
}

#[test]
fn issue_5_an_image_between_100_and_200_ppi_is_a_warning_and_a_damaged_one_is_named() {
    let dir = scratch("soft-image");
    let input = dir.join("in");
    let seed = std::fs::read_to_string(root().join("issues/sample/seed-page.md")).unwrap();
    let first = seed.split("## 创城有我").next().unwrap();
    let copy = format!(
        "{first}\n\n## 小图照片\n\n![](images/soft.png)\n\n近日，党员们在小区开展主题党日活动。\n\n张鑫 摄\n"
    );
    write(&input.join("page.md"), &copy);
    write(
        &input.join("edition.toml"),
        "[paper]\nname = \"草原日报\"\ncode = \"cyrb\"\n\n[issue]\ndate = \"2022-07-20\"\nnumber = 8123\n\n\
         [[page]]\nnumber = 6\nsection = \"图片\"\ncopy = \"page.md\"\n",
    );
    std::fs::create_dir_all(input.join("images")).unwrap();
    // 540 pixels across two columns, the narrowest a photo is set (27 × 9 pt = 3.375 in), is
    // 160 ppi; any wider is worse.
    let soft = image::RgbImage::from_fn(540, 360, |x, y| image::Rgb([(x / 3) as u8, (y / 2) as u8, 120]));
    soft.save(input.join("images/soft.png")).unwrap();
    let out = dir.join("out");
    let o = newsprint(&["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    let line = stderr
        .lines()
        .find(|l| l.contains("soft.png"))
        .unwrap_or_default()
        .to_string();
    assert_eq!(o.status.code(), Some(0), "{line}");
    assert!(
        line.contains("page.md:")
            && line.contains(": warning: image ")
            && line.contains("below the 200 ppi wanted"),
        "{line}"
    );

    // The same photo with a damaged file: an error on the photo's line naming the file.
    std::fs::write(input.join("images/soft.png"), b"\x89PNG\r\n\x1a\nnot a picture").unwrap();
    let o = newsprint(&["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1));
    let line = stderr
        .lines()
        .find(|l| l.contains("error"))
        .unwrap_or_default()
        .to_string();
    assert!(line.contains("page.md:") && line.contains("soft.png"), "{line}");
}

#[test]
fn issue_4_a_photo_keeps_its_proportions_and_is_cropped_only_when_the_manifest_allows() {
    let dir = scratch("crop");
    let input = dir.join("in");
    let seed = std::fs::read_to_string(root().join("issues/sample/seed-page.md")).unwrap();
    let first = seed.split("## 创城有我").next().unwrap();
    write(
        &input.join("page.md"),
        format!(
            "{first}\n\n## 宽幅照片\n\n![](images/wide.png)\n\n近日，党员们在小区开展主题党日活动。\n\n张鑫 摄\n"
        ),
    );
    std::fs::create_dir_all(input.join("images")).unwrap();
    // 3:1, wider than any frame the grid allows (2:1 at most).
    image::RgbImage::from_fn(2400, 800, |x, _| image::Rgb([(x / 10) as u8, 80, 160]))
        .save(input.join("images/wide.png"))
        .unwrap();
    let manifest = |crop: bool| {
        format!(
            "[paper]\nname = \"草原日报\"\ncode = \"cyrb\"\n\n[issue]\ndate = \"2022-07-20\"\nnumber = 8123\n\n\
             [[page]]\nnumber = 6\nsection = \"图片\"\ncopy = \"page.md\"\n\n[[page.story]]\ntitle = \"宽幅照片\"\ncrop = {crop}\n"
        )
    };
    let image_of = |crop: bool| {
        write(&input.join("edition.toml"), manifest(crop));
        let job = newsprint::build::read_job(&input).unwrap();
        let files = newsprint::shape::FontFiles::open(&newsprint::shape::FontFiles::default_dir()).unwrap();
        let db = newsprint::shape::FontDb::new(&files).unwrap();
        let built = newsprint::build::build_page(&job, 0, &db).unwrap();
        built
            .page
            .items
            .iter()
            .find_map(|i| match i {
                newsprint::layout::Item::Image(img) => Some(img.clone()),
                _ => None,
            })
            .expect("the photo is placed")
    };
    // Not allowed: the whole picture shows, at its own proportions, inside its frame.
    let whole = image_of(false);
    assert!(whole.clip.is_none());
    assert!(
        (whole.rect.w.0 / whole.rect.h.0 - 3.0).abs() < 0.01,
        "{:?}",
        whole.rect
    );
    // Allowed: the picture covers its frame, still at 3:1, and is clipped to the frame.
    let cropped = image_of(true);
    let frame = cropped.clip.expect("a cropped photo carries its frame");
    assert!((cropped.rect.w.0 / cropped.rect.h.0 - 3.0).abs() < 0.01);
    assert!(
        cropped.rect.contains(&frame),
        "{:?} covers {frame:?}",
        cropped.rect
    );
    assert!(
        frame.w.0 / frame.h.0 < 2.9,
        "the frame is not the picture's shape"
    );
    // The PDF clips it, and the proof draws it without complaint.
    let out = dir.join("out");
    let o = newsprint(&["build", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
            .lines()
            .filter(|l| l.contains("error"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let qdf = dir.join("page.qdf");
    std::process::Command::new("qpdf")
        .args([
            "--qdf",
            "--object-streams=disable",
            out.join("cyrb-20220720-06.pdf").to_str().unwrap(),
            qdf.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    let content = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
    assert!(
        content.contains(" re\nW\nn\n") || content.contains("re W n"),
        "a clipping path before the image"
    );
    let o = newsprint(&[
        "proof",
        input.to_str().unwrap(),
        "-o",
        dir.join("proofs").to_str().unwrap(),
        "--dpi",
        "20",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0));
}
