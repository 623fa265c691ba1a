//! Issue 11: input as an attacker (or a careless script) would give it. Every case ends in a
//! clean `file:line:col: error:` and exit 1, run under a 4 GB address-space limit and a
//! generous timeout: never a panic (101), an abort (134), a kill (137) or a hang.

mod common;

use common::{run_limited, scratch, write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `build` and `check` of `edition` both exit 1 with `expect` in stderr, and `build`
/// writes nothing.
fn both_fail(edition: &Path, expect: &str) -> String {
    let out = edition.join("out");
    let e = edition.to_str().expect("utf-8");
    let o = run_limited(&["build", e, "-o", out.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1), "build: {}", stderr(&o));
    assert!(stderr(&o).contains(expect), "build: {}", stderr(&o));
    assert!(
        !out.exists() || std::fs::read_dir(&out).expect("out").next().is_none(),
        "a failed build writes nothing"
    );
    let o = run_limited(&["check", e, "--short"]);
    assert_eq!(o.status.code(), Some(1), "check: {}", stderr(&o));
    assert!(stderr(&o).contains(expect), "check: {}", stderr(&o));
    stderr(&o)
}

/// An edition whose one page's copy is `copy`, with `more` appended to the manifest.
fn edition(name: &str, copy: &str, more: &str) -> PathBuf {
    let dir = scratch(name);
    write(
        &dir.join("edition.toml"),
        format!(
            "[paper]\nname = \"报\"\ncode = \"bao\"\n\n[issue]\ndate = \"2024-01-02\"\nnumber = 1\n\n\
             [[page]]\nnumber = 1\nsection = \"要闻\"\ncopy = \"{copy}\"\n{more}"
        ),
    );
    dir
}

/// A page of copy with one photo whose image is `image`.
fn photo_copy(image: &str) -> String {
    format!("# 标题\n\n## 图片标题\n\n![]({image})\n\n说明文字。\n\n张三 摄\n\n正文内容。\n")
}

#[test]
fn a_fifo_as_copy_or_image_is_refused_without_waiting() {
    let dir = edition("fifo", "pipe.md", "");
    let made = Command::new("mkfifo")
        .arg(dir.join("pipe.md"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    both_fail(&dir, "edition.toml:12:8: error: cannot read copy file");
    both_fail(&dir, "it is a FIFO, not a regular file");
    let dir2 = edition("fifo-image", "p.md", "");
    write(&dir2.join("p.md"), photo_copy("pipe.jpg"));
    assert!(
        Command::new("mkfifo")
            .arg(dir2.join("pipe.jpg"))
            .status()
            .expect("mkfifo")
            .success()
    );
    both_fail(&dir2, "p.md:3:1: error: cannot read image");
    both_fail(&dir2, "it is a FIFO, not a regular file");
}

#[test]
fn dev_zero_is_refused_as_a_device() {
    let dir = edition("dev-zero", "/dev/zero", "");
    both_fail(
        &dir,
        "edition.toml:12:8: error: cannot read copy file /dev/zero: it is a device",
    );
    // A symlink inside the edition to a device is the same device.
    let dir = edition("dev-zero-link", "zero.md", "");
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.md")).expect("symlink");
    both_fail(&dir, "it is a device, not a regular file");
}

#[test]
fn a_2_gb_sparse_copy_or_image_is_refused_by_its_size_before_reading() {
    let dir = edition("sparse", "big.md", "");
    let f = std::fs::File::create(dir.join("big.md")).expect("create");
    f.set_len(2 << 30).expect("a sparse 2 GB file");
    both_fail(&dir, "it is 2048.0 MiB, above the 16 MiB limit");
    let dir = edition("sparse-image", "p.md", "");
    write(&dir.join("p.md"), photo_copy("big.png"));
    let f = std::fs::File::create(dir.join("big.png")).expect("create");
    f.set_len(2 << 30).expect("a sparse 2 GB file");
    both_fail(&dir, "p.md:3:1: error: cannot read image");
    both_fail(&dir, "above the 200 MiB limit");
    // The limit is the manifest's to set, at its line.
    let dir = edition("sparse-limit", "p.md", "\n[limits]\nimage_mib = 4096\n");
    write(&dir.join("p.md"), "# 标题\n\n正文内容。\n");
    both_fail(
        &dir,
        "edition.toml:15:13: error: image_mib is 4096; it must be from 1 to 2048",
    );
}

#[test]
fn a_path_escaping_the_edition_is_refused_and_never_quoted() {
    let base = scratch("escape");
    write(&base.join("secret.md"), "# 机密标题\n\n口令是绝密内容。\n");
    let dir = base.join("edition");
    write(
        &dir.join("edition.toml"),
        "[paper]\nname = \"报\"\ncode = \"bao\"\n\n[issue]\ndate = \"2024-01-02\"\nnumber = 1\n\n\
         [[page]]\nnumber = 1\nsection = \"要闻\"\ncopy = \"../secret.md\"\n",
    );
    let e = both_fail(&dir, "edition.toml:12:8: error: cannot read copy file");
    assert!(e.contains("it is outside the edition folder"), "{e}");
    assert!(e.contains("[assets] dirs"), "the hint names the way out: {e}");
    let o = run_limited(&["check", dir.to_str().expect("utf-8"), "--json"]);
    let all = format!("{}{}", stderr(&o), String::from_utf8_lossy(&o.stdout));
    assert!(!all.contains("绝密") && !all.contains("机密"), "{all}");
    // Far up the tree, and through a symlink, the same.
    let deep = edition("escape-deep", "../../../../../../../../etc/passwd", "");
    let e = both_fail(&deep, "it is outside the edition folder");
    assert!(!e.contains("root:"), "{e}");
    std::os::unix::fs::symlink(base.join("secret.md"), dir.join("link.md")).expect("symlink");
    let photo = base.join("edition2");
    write(&photo.join("p.md"), photo_copy("../outside.png"));
    image::RgbImage::from_pixel(400, 300, image::Rgb([10, 20, 30]))
        .save(base.join("outside.png"))
        .expect("png");
    write(
        &photo.join("edition.toml"),
        "[paper]\nname = \"报\"\ncode = \"bao\"\n\n[issue]\ndate = \"2024-01-02\"\nnumber = 1\n\n\
         [[page]]\nnumber = 1\nsection = \"要闻\"\ncopy = \"p.md\"\n",
    );
    both_fail(&photo, "p.md:3:1: error: cannot read image");
    // Declared, the folder is allowed.
    let manifest = std::fs::read_to_string(photo.join("edition.toml")).expect("manifest");
    write(
        &photo.join("edition.toml"),
        format!("{manifest}\n[assets]\ndirs = [\"..\"]\n"),
    );
    let o = run_limited(&["check", photo.to_str().expect("utf-8"), "--short"]);
    assert!(!stderr(&o).contains("outside the edition"), "{}", stderr(&o));
    // A declared folder that does not exist is an error at its place.
    write(
        &photo.join("edition.toml"),
        format!("{manifest}\n[assets]\ndirs = [\"../nowhere\"]\n"),
    );
    both_fail(&photo, "edition.toml:15:9: error: assets folder ../nowhere:");
}

/// CRC-32 (ISO 3309) of a PNG chunk's type and data.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG that says it is `w` × `h` RGB pixels, its data a few deflated rows of zeros: a
/// decompression bomb (a 30000 × 30000 one decodes to 2.7 GB).
fn png_bomb(w: u32, h: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        png.extend_from_slice(&body);
        png.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    let rows = vec![0u8; (w as usize * 3 + 1) * 64];
    chunk(b"IDAT", &miniz_oxide::deflate::compress_to_vec_zlib(&rows, 9));
    chunk(b"IEND", &[]);
    png
}

#[test]
fn a_png_bomb_is_refused_from_its_header() {
    let dir = edition("png-bomb", "p.md", "");
    write(&dir.join("p.md"), photo_copy("bomb.png"));
    write(&dir.join("bomb.png"), png_bomb(30_000, 30_000));
    both_fail(&dir, "p.md:3:1: error: image ");
    both_fail(
        &dir,
        "bomb.png is 30000 × 30000 pixels, above the limit of 50 million",
    );
    // With the limit raised, the decoder gets as far as the data, which ends early: a clean
    // error on the photo, within the address-space limit.
    let dir = edition("png-bomb-alloc", "p.md", "\n[limits]\nimage_megapixels = 250\n");
    write(&dir.join("p.md"), photo_copy("bomb.png"));
    write(&dir.join("bomb.png"), png_bomb(15_000, 15_000));
    both_fail(&dir, "p.md:3:1: error: cannot decode image");
}

#[test]
fn a_jpeg_cut_short_is_an_error_naming_the_file() {
    let dir = edition("cut-jpeg", "p.md", "");
    write(&dir.join("p.md"), photo_copy("cut.jpg"));
    let img = image::RgbImage::from_fn(900, 600, |x, y| {
        image::Rgb([(x * 7 % 256) as u8, (y * 3 % 256) as u8, 99])
    });
    img.save(dir.join("whole.jpg")).expect("jpeg");
    let whole = std::fs::read(dir.join("whole.jpg")).expect("read");
    write(&dir.join("cut.jpg"), &whole[..whole.len() / 2]);
    both_fail(&dir, "p.md:3:1: error: image ");
    both_fail(&dir, "cut.jpg is a damaged JPEG: the file ends early");
    // The whole file is fine.
    write(&dir.join("p.md"), photo_copy("whole.jpg"));
    let o = run_limited(&["check", dir.to_str().expect("utf-8"), "--short"]);
    assert!(!stderr(&o).contains("damaged"), "{}", stderr(&o));
}

#[test]
fn a_huge_format_nan_and_inf_are_refused_at_their_key() {
    let copy = "# 标题\n\n正文内容。\n";
    let cases = [
        (
            "[format]\nwidth_mm = 1e9\n",
            "edition.toml:15:12: error: width_mm is 1000000000 mm; it must be from 50 to 1200",
        ),
        (
            "[format]\nbody_pt = nan\n",
            "edition.toml:15:11: error: body_pt is NaN; it must be a finite number",
        ),
        (
            "[format]\nlines = 100000\n",
            "edition.toml:15:9: error: lines is 100000; it must be from 4 to 300",
        ),
        (
            "[format]\ncolumns = 0\n",
            "edition.toml:15:11: error: columns is 0; it must be from 1 to 20",
        ),
        (
            "[[page.story]]\nstory = 1\nheadline_size = inf\n",
            "edition.toml:16:17: error: headline_size is inf; it must be a finite number",
        ),
    ];
    for (i, (more, expect)) in cases.iter().enumerate() {
        let dir = edition(&format!("format-{i}"), "p.md", &format!("\n{more}"));
        write(&dir.join("p.md"), copy);
        both_fail(&dir, expect);
    }
    // A page's own inline format, the same.
    let dir = scratch("format-inline");
    write(&dir.join("p.md"), copy);
    write(
        &dir.join("edition.toml"),
        "[paper]\nname = \"报\"\ncode = \"bao\"\n[issue]\ndate = \"2024-01-02\"\nnumber = 1\n\
         [[page]]\nnumber = 1\nsection = \"要闻\"\ncopy = \"p.md\"\nformat = { height_mm = -inf }\n",
    );
    both_fail(
        &dir,
        "edition.toml:11:24: error: height_mm is -inf; it must be a finite number",
    );
}

#[test]
fn a_bad_source_date_epoch_fails_naming_it() {
    let dir = scratch("sde");
    write(&dir.join("p.md"), "# 标题\n\n正文内容。\n");
    let copy = dir.join("p.md");
    for bad in ["abc", "-1", "1.5", "", "99999999999999999999", "253402300800"] {
        let o = Command::new(env!("CARGO_BIN_EXE_newsprint"))
            .args([
                "build",
                copy.to_str().expect("utf-8"),
                "-o",
                dir.join("out").to_str().expect("utf-8"),
            ])
            .env("SOURCE_DATE_EPOCH", bad)
            .output()
            .expect("runs");
        assert_eq!(o.status.code(), Some(1), "{bad:?}: {}", stderr(&o));
        assert!(
            stderr(&o).starts_with(&format!("error: SOURCE_DATE_EPOCH is '{bad}'")),
            "{bad:?}: {}",
            stderr(&o)
        );
        assert!(!dir.join("out").exists());
    }
    let o = Command::new(env!("CARGO_BIN_EXE_newsprint"))
        .args([
            "build",
            copy.to_str().expect("utf-8"),
            "-o",
            dir.join("out").to_str().expect("utf-8"),
            "-q",
        ])
        .env("SOURCE_DATE_EPOCH", "1714521600")
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.join("out/news-20240501-01.pdf").exists());
}

#[test]
fn a_100000_character_paragraph_is_laid_out_within_the_limits() {
    let dir = scratch("long-par");
    let sentence =
        "呼伦贝尔市系统谋划，把建立健全新业态党建工作领导体制作为工作先导，“快递小哥”成为城市风景。";
    let par: String = sentence.chars().cycle().take(100_000).collect();
    write(&dir.join("p.md"), format!("# 很长的段落\n\n{par}\n"));
    let o = run_limited(&["check", dir.join("p.md").to_str().expect("utf-8"), "--short"]);
    // It cannot fit a page: overflow, reported, exit 1; not a crash or an abort.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("p.md:1:1: error: story '很长的段落' overflows by"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_16_mib_paragraph_is_refused_by_the_page_limit_within_the_address_space() {
    // The largest copy file the default limits read, one paragraph: refused at the story
    // where the page passes `page_chars`, before shaping 5.6 million characters (which took
    // 2.7 GB and 46 s).
    let dir = scratch("page-chars");
    let sentence = "呼伦贝尔市系统谋划，把建立健全新业态党建工作领导体制作为工作先导。";
    let n = (16 << 20) / 3 - 100;
    let par: String = sentence.chars().cycle().take(n).collect();
    write(&dir.join("p.md"), format!("# 很长的段落\n\n{par}\n"));
    let o = run_limited(&["check", dir.join("p.md").to_str().expect("utf-8"), "--short"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("p.md:1:1: error: the page's copy passes 500000 characters here ([limits] page_chars)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn too_many_stories_pages_pixels_or_copy_are_refused_at_their_place() {
    // 301 stories: refused at the 301st (a page of 314,000 stories aborted at 4 GB).
    let stories: String = (0..301).map(|i| format!("# 标题{i}\n\n正文内容。\n\n")).collect();
    let dir = edition("page-stories", "p.md", "");
    write(&dir.join("p.md"), &stories);
    both_fail(
        &dir,
        "p.md:1201:1: error: this is story 301 of the page; a page takes at most 300 ([limits] page_stories)",
    );
    // More pages than `[limits] pages`: refused at the first one past it.
    let dir = edition(
        "pages",
        "p.md",
        "\n[limits]\npages = 2\n\n[[page]]\nnumber = 2\nsection = \"要闻\"\ncopy = \"p.md\"\n\n\
         [[page]]\nnumber = 3\nsection = \"要闻\"\ncopy = \"p.md\"\n",
    );
    write(&dir.join("p.md"), "# 标题\n\n正文内容。\n");
    both_fail(
        &dir,
        "edition.toml:23:10: error: this is page 3 of the manifest; an edition has at most 2 ([limits] pages)",
    );
    // The pictures of one page together, and the copy of the whole edition.
    let dir = edition("page-pixels", "p.md", "\n[limits]\npage_megapixels = 1\n");
    let photos: String = (0..3)
        .map(|i| format!("## 图{i}\n\n![](p{i}.png)\n\n说明文字。\n\n张三 摄\n\n"))
        .collect();
    write(&dir.join("p.md"), format!("# 标题\n\n正文内容。\n\n{photos}"));
    for i in 0..3 {
        image::RgbImage::from_pixel(800, 600, image::Rgb([10, 20, 30]))
            .save(dir.join(format!("p{i}.png")))
            .expect("png");
    }
    both_fail(&dir, "p.md:21:1: error: image ");
    both_fail(
        &dir,
        "p2.png brings the page's pictures to 1.4 million pixels, above the limit of 1 million",
    );
    let dir = edition(
        "edition-copy",
        "p.md",
        "\n[limits]\nedition_copy_mib = 1\n\n[[page]]\nnumber = 2\nsection = \"要闻\"\ncopy = \"p.md\"\n",
    );
    let par: String = "正文内容，".chars().cycle().take(200_000).collect();
    write(&dir.join("p.md"), format!("# 标题\n\n{par}\n"));
    both_fail(
        &dir,
        "edition.toml:20:8: error: the edition's copy passes 1 MiB with this page's ([limits] edition_copy_mib)",
    );
}

/// A one-page PDF of `w` × `h` pt whose page content is `content`, deflated.
fn pdf_with_content(w: u32, h: u32, content: &[u8]) -> Vec<u8> {
    let data = miniz_oxide::deflate::compress_to_vec_zlib(content, 1);
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w} {h}] /TrimBox [0 0 {w} {h}] \
             /Contents 4 0 R /Resources << >> >>"
        )
        .into_bytes(),
    ];
    let mut stream = format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", data.len()).into_bytes();
    stream.extend_from_slice(&data);
    stream.extend_from_slice(b"\nendstream");
    objects.push(stream);
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend_from_slice(o);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

#[test]
fn an_ad_pdf_whose_content_is_a_decompression_bomb_is_refused() {
    // 80 MiB of content in 80 KB of file, past the 64 MiB an ad's content may decode to. A
    // 3 MB file of this kind (3 GiB decoded) took 3.1 GB and aborted before the bound.
    let spaces = vec![b' '; 80 << 20];
    let dir = edition(
        "ad-bomb",
        "p.md",
        "\n[[page.ad]]\nfile = \"bomb.pdf\"\nadvertiser = \"甲\"\ncolumns = 8\nlines = 16\n",
    );
    write(&dir.join("p.md"), "# 标题\n\n正文内容。\n");
    write(&dir.join("bomb.pdf"), pdf_with_content(999, 216, &spaces));
    both_fail(&dir, "edition.toml:14:1: error: ad ");
    both_fail(
        &dir,
        "bomb.pdf is not a readable PDF: its page content cannot be read within 64 MiB",
    );
}
