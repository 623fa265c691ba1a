//! Issue 5, the last points: RGB through the plant's ICC profile (lcms2), CMYK JPEGs above
//! the ink limit converted with a warning, and the page-info line in the slug.

mod common;

use common::{build_to, newsprint, root, sample_with, scratch, tool, write};
use newsprint::layout::Item;
use newsprint::raster::{Picture, Pixels};
use std::path::Path;

/// Ghostscript's test CMYK output profile; CI installs Ghostscript.
const GS_CMYK: &str = "/usr/share/color/icc/ghostscript/default_cmyk.icc";

/// The first story of the sample, then a photo with an RGB PNG and one with a CMYK JPEG
/// separated at about 355 % total ink (made with Ghostscript's jpegcmyk device), both two
/// columns wide; `output` is the manifest's `[output]` table.
fn ink_page(dir: &Path, output: &str) {
    let seed = std::fs::read_to_string(root().join("issues/sample/seed-page.md")).unwrap();
    let mut copy = seed.split("## 创城有我").next().unwrap().to_string();
    for (title, file) in [("彩色照片", "rgb.png"), ("印刷照片", "cmyk-heavy.jpg")] {
        copy.push_str(&format!(
            "\n\n## {title}\n\n![](images/{file})\n\n近日，党员们在小区开展主题党日活动。\n\n张鑫 摄\n"
        ));
    }
    write(&dir.join("page.md"), copy);
    write(
        &dir.join("edition.toml"),
        format!(
            "[paper]\nname = \"草原日报\"\ncode = \"cyrb\"\n\n[issue]\ndate = \"2022-07-20\"\nnumber = 8123\n\n\
             [[page]]\nnumber = 5\nsection = \"党建\"\ncopy = \"page.md\"\n\n\
             [[page.story]]\nstory = 2\ncolumns = 2\n\n[[page.story]]\nstory = 3\ncolumns = 2\n\n{output}"
        ),
    );
    let images = dir.join("images");
    std::fs::create_dir_all(&images).unwrap();
    let rgb = image::RgbImage::from_fn(900, 600, |x, y| {
        image::Rgb([
            (x * 255 / 900) as u8,
            (y * 255 / 600) as u8,
            ((x + y) % 256) as u8,
        ])
    });
    rgb.save(images.join("rgb.png")).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/cmyk-heavy.jpg"),
        images.join("cmyk-heavy.jpg"),
    )
    .unwrap();
}

/// The picture placed for an image file, from the library's build of the page.
fn built_pictures(dir: &Path) -> newsprint::build::BuiltPage {
    let job = newsprint::build::read_job(dir).unwrap();
    let files = newsprint::shape::FontFiles::open(&newsprint::shape::FontFiles::default_dir()).unwrap();
    let db = newsprint::shape::FontDb::new(&files).unwrap();
    newsprint::build::build_page(&job, 0, &db).unwrap()
}

fn picture<'a>(built: &'a newsprint::build::BuiltPage, file: &str) -> &'a Picture {
    built
        .page
        .items
        .iter()
        .find_map(|i| match i {
            Item::Image(img) if img.picture.path.ends_with(file) => Some(&*img.picture),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{file} placed"))
}

/// Largest C+M+Y+K of any pixel, in 1/255 units.
fn max_pixel_ink(samples: &[u8]) -> u32 {
    samples
        .chunks_exact(4)
        .map(|p| p.iter().map(|&v| u32::from(v)).sum())
        .max()
        .unwrap()
}

#[test]
fn issue_5_rgb_goes_through_the_plant_profile_with_lcms2() {
    assert!(Path::new(GS_CMYK).exists(), "install ghostscript for {GS_CMYK}");
    let gcr_dir = scratch("icc-gcr");
    ink_page(&gcr_dir, "");
    let icc_dir = scratch("icc-lcms");
    ink_page(
        &icc_dir,
        &format!(
            "[assets]\ndirs = [\"/usr/share/color/icc/ghostscript\"]\n[output]\nprofile = \"{GS_CMYK}\"\n"
        ),
    );
    let (gcr, icc) = (built_pictures(&gcr_dir), built_pictures(&icc_dir));
    let (Pixels::Cmyk(a), Pixels::Cmyk(b)) =
        (&picture(&gcr, "rgb.png").pixels, &picture(&icc, "rgb.png").pixels)
    else {
        panic!("RGB images come out as CMYK pixels");
    };
    assert_eq!(a.len(), b.len());
    let differing = a.iter().zip(b).filter(|(x, y)| x != y).count();
    eprintln!(
        "profile vs GCR: {differing} of {} samples differ; max pixel ink {:.1} % (GCR {:.1} %)",
        a.len(),
        f64::from(max_pixel_ink(b)) * 100.0 / 255.0,
        f64::from(max_pixel_ink(a)) * 100.0 / 255.0
    );
    assert!(
        differing > a.len() / 2,
        "the profile, not the GCR formula, converted it"
    );
    assert!(max_pixel_ink(b) <= 220 * 255 / 100, "ink limit kept");
    // The same input gives the same bytes.
    let again = built_pictures(&icc_dir);
    assert_eq!(picture(&again, "rgb.png"), picture(&icc, "rgb.png"));

    // Through the CLI: the file passes preflight, and every image in it is CMYK.
    let out = icc_dir.join("out");
    let o = newsprint(&["build", icc_dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let list = tool(
        "pdfimages",
        &["-list", out.join("cyrb-20220720-05.pdf").to_str().unwrap()],
    );
    let rows: Vec<&str> = list.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "{list}");
    assert!(
        rows.iter().all(|r| r.split_whitespace().nth(5) == Some("cmyk")),
        "{list}"
    );
}

#[test]
fn issue_5_cmyk_jpeg_above_the_ink_limit_is_converted_with_a_warning() {
    let dir = scratch("heavy-jpeg");
    ink_page(&dir, "");
    let out = dir.join("out");
    let o = newsprint(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "warnings only: {stderr}");
    let warning: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("cmyk-heavy.jpg has"))
        .collect();
    assert_eq!(warning.len(), 1, "{stderr}");
    let w = warning[0];
    assert!(w.contains("page.md:") && w.contains("warning:"), "{w}");
    assert!(w.contains("above the 220 % limit"), "{w}");
    let measured: f64 = w
        .split("cmyk-heavy.jpg has ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("measure in {w}"));
    assert!((340.0..=360.0).contains(&measured), "{w}");

    // Not passed through: stored as Flate pixels, every one under the limit.
    let pdf = out.join("cyrb-20220720-05.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    let jpeg = std::fs::read(dir.join("images/cmyk-heavy.jpg")).unwrap();
    assert!(
        !bytes.windows(jpeg.len()).any(|w| w == jpeg),
        "not passed through"
    );
    let list = tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
    let rows: Vec<&str> = list.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "{list}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!((cols[5], cols[8]), ("cmyk", "image"), "{list}");
    }
    let built = built_pictures(&dir);
    let Pixels::Cmyk(samples) = &picture(&built, "cmyk-heavy.jpg").pixels else {
        panic!("converted to CMYK pixels");
    };
    assert!(max_pixel_ink(samples) <= 220 * 255 / 100);

    // Under a higher limit the same JPEG still exceeds it; at 400 % it passes through.
    let manifest = std::fs::read_to_string(dir.join("edition.toml")).unwrap();
    write(
        &dir.join("edition.toml"),
        format!("{manifest}\n[output]\nink_limit = 400\n"),
    );
    let o = newsprint(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("total ink"), "{stderr}");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(
        bytes.windows(jpeg.len()).any(|w| w == jpeg),
        "passed through at 400 %"
    );
}

#[test]
fn issue_5_marks_bring_a_page_info_line_outside_the_bleed_box() {
    let dir = sample_with("info-line", "[output]\nmarks = true\n");
    let out = dir.join("out");
    let o = build_to(&dir, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let pdf = out.join("cyrb-20220720-05.pdf");
    let pdf = pdf.to_str().unwrap();

    let text = tool("pdftotext", &["-layout", pdf, "-"]);
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert!(
        lines.iter().any(|l| l.contains("草原日报 2022-07-20 第5版 党建")),
        "{text}"
    );

    // Every word of the line lies below the BleedBox and inside the MediaBox.
    let boxes = tool("pdfinfo", &["-box", pdf]);
    let get = |name: &str| -> Vec<f64> {
        let line = boxes.lines().find(|l| l.starts_with(name)).unwrap();
        line.split_whitespace()
            .skip(1)
            .map(|v| v.parse().unwrap())
            .collect()
    };
    let (media, bleed) = (get("MediaBox:"), get("BleedBox:"));
    // pdftotext -bbox measures from the top: the BleedBox's bottom edge is at this y.
    let bleed_bottom = media[3] - bleed[1];
    let bbox = tool("pdftotext", &["-bbox", pdf, "-"]);
    let attr = |line: &str, name: &str| -> f64 {
        let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        line[at..].split('"').next().unwrap().parse().unwrap()
    };
    let mut found = Vec::new();
    for line in bbox
        .lines()
        .filter(|l| l.contains("<word") && attr(l, "yMin") > bleed_bottom)
    {
        let word = line.split('>').nth(1).unwrap().split('<').next().unwrap();
        assert!(attr(line, "yMax") <= media[3], "{line}");
        assert!(
            attr(line, "xMin") >= 0.0 && attr(line, "xMax") <= media[2],
            "{line}"
        );
        found.push(word.to_string());
    }
    assert_eq!(found, ["草原日报", "2022-07-20", "第5版", "党建"], "{bbox}");

    // Without marks there is no slug and no info line.
    std::fs::copy(
        root().join("issues/sample/edition.toml"),
        dir.join("edition.toml"),
    )
    .unwrap();
    let o = build_to(&dir, &out, &[]);
    assert_eq!(o.status.code(), Some(0));
    let text = tool("pdftotext", &["-layout", pdf, "-"]);
    assert!(!text.contains("2022-07-20"), "{text}");
}
