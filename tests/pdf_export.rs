//! The print PDF checked by independent readers: poppler (`pdffonts`, `pdftotext`), qpdf and
//! Ghostscript's text extraction for glyph positions (TYPOGRAPHY.md §5.5, rules PX-01–PX-04).

use newsprint::geom::{Point, Pt, Rect, Size, WritingMode};
use newsprint::layout::{Cmyk, Fill, Glyph, Item, Page, Stroke, TextRun};
use newsprint::render::pdf::{DocMeta, PdfError, export};
use newsprint::shape::{FaceId, FontDb, FontFiles, Role};
use std::path::PathBuf;
use std::process::Command;

/// Body size, 小五 (TYPOGRAPHY.md §4.1).
const SIZE: f64 = 9.0;

/// Shapes `text` as Han (TYPOGRAPHY.md §2.7, so `——` becomes one glyph) and places it from
/// `(x, y)` at its natural advances plus `extra` points after every glyph.
fn run(db: &FontDb, face: FaceId, x: f64, y: f64, text: &str, extra: f64) -> TextRun {
    run_at(db, face, Pt(SIZE), x, y, text, extra)
}

/// [`run`] at any size.
fn run_at(db: &FontDb, face: FaceId, size: Pt, x: f64, y: f64, text: &str, extra: f64) -> TextRun {
    let info = db.get(face);
    let mut buf = rustybuzz::UnicodeBuffer::new();
    buf.push_str(text);
    buf.set_script(rustybuzz::script::HAN);
    buf.set_language("zh-Hans".parse().unwrap());
    let shaped = rustybuzz::shape(&info.face, &[], buf);
    let infos = shaped.glyph_infos();
    let mut pen = x;
    let mut glyphs = Vec::new();
    for (i, (gi, gp)) in infos.iter().zip(shaped.glyph_positions()).enumerate() {
        let start = gi.cluster as usize;
        let first_of_cluster = i == 0 || infos[i - 1].cluster != gi.cluster;
        let end = infos[i..]
            .iter()
            .map(|g| g.cluster as usize)
            .find(|&c| c != start)
            .unwrap_or(text.len());
        glyphs.push(Glyph {
            id: gi.glyph_id as u16,
            pos: Point::new(Pt(pen), Pt(y)),
            text: if first_of_cluster {
                text[start..end].to_string()
            } else {
                String::new()
            },
            orient: Default::default(),
        });
        pen += gp.x_advance as f64 / info.upem() * size.0 + extra;
    }
    TextRun {
        face,
        size,
        color: Cmyk::BLACK,
        mode: WritingMode::Horizontal,
        glyphs,
        origin: None,
    }
}

/// A page of `w` × `h` points holding `items`, trim = bleed = media (§5.3).
fn page(w: f64, h: f64, items: Vec<Item>) -> Page {
    let full = Rect::new(Pt(0.0), Pt(0.0), Pt(w), Pt(h));
    Page {
        number: 1,
        media: Size { w: Pt(w), h: Pt(h) },
        trim: full,
        bleed: full,
        items,
        marks: Vec::new(),
    }
}

/// The small test page: body Song, Kai (TrueType), a justified line, a rule and a tint.
fn sample(db: &FontDb) -> Page {
    let body = db.role(Role::Body);
    let kai = db.role(Role::Kai);
    let mut red = run_at(db, db.role(Role::Headline), Pt(18.0), 20.0, 92.0, "要闻", 0.0);
    red.color = Cmyk {
        c: 0.0,
        m: 1.0,
        y: 1.0,
        k: 0.0,
    };
    page(
        240.0,
        120.0,
        vec![
            Item::Fill(Fill {
                rect: Rect::new(Pt(10.0), Pt(70.0), Pt(80.0), Pt(30.0)),
                color: Cmyk::k(0.2),
            }),
            Item::Text(run(db, body, 20.0, 30.0, "本报讯记者。——", 0.0)),
            Item::Text(run(db, kai, 20.0, 45.0, "本报讯记者。——", 0.0)),
            Item::Text(run(db, body, 20.0, 60.0, "新闻报道", 0.37)),
            Item::Text(red),
            Item::Stroke(Stroke {
                from: Point::new(Pt(20.0), Pt(50.0)),
                to: Point::new(Pt(200.0), Pt(50.0)),
                width: Pt(0.5),
                color: Cmyk::BLACK,
            }),
        ],
    )
}

fn meta() -> DocMeta<'static> {
    DocMeta::new("人民日报 2022-07-20 第1版", (2022, 7, 20))
}

/// Writes `pdf` under the test target dir and returns its path.
fn save(name: &str, pdf: &[u8]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, pdf).unwrap();
    path
}

/// Runs a tool; stdout and stderr together.
fn tool(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd}: {e}"));
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn px_04_fonts_embedded_subset_with_tounicode() {
    let files = FontFiles::open(&FontFiles::default_dir()).unwrap();
    let db = FontDb::new(&files).unwrap();
    let pdf = export(&sample(&db), &db, &meta()).unwrap();
    let path = save("px04.pdf", &pdf);
    let p = path.to_str().unwrap();

    let fonts = tool("pdffonts", &[p]);
    println!("{fonts}");
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 3, "three faces used:\n{fonts}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "emb/sub/uni:\n{row}"
        );
    }
    assert_eq!(
        rows.iter().filter(|r| r.contains("CID Type 0C")).count(),
        2,
        "{fonts}"
    );
    assert_eq!(
        rows.iter().filter(|r| r.contains("CID TrueType")).count(),
        1,
        "{fonts}"
    );

    let text = tool("pdftotext", &[p, "-"]);
    println!("{text}");
    assert_eq!(text.matches("本报讯记者。——").count(), 2, "{text}");
    assert!(text.contains("要闻"), "{text}");

    let check = tool("qpdf", &["--check", p]);
    println!("{check}");
    assert!(
        check.contains("No syntax or stream encoding errors found"),
        "{check}"
    );
    assert!(!check.to_lowercase().contains("warning"), "{check}");
}

#[test]
fn px_01_info_intent_boxes_and_version() {
    let files = FontFiles::open(&FontFiles::default_dir()).unwrap();
    let db = FontDb::new(&files).unwrap();
    let mut pg = sample(&db);
    pg.media = Size {
        w: Pt(260.0),
        h: Pt(140.0),
    };
    pg.bleed = Rect::new(Pt(7.0), Pt(7.0), Pt(246.0), Pt(126.0));
    pg.trim = Rect::new(Pt(10.0), Pt(10.0), Pt(240.0), Pt(120.0));
    let pdf = export(&pg, &db, &meta()).unwrap();
    assert!(pdf.starts_with(b"%PDF-1.3"));
    let s = String::from_utf8_lossy(&pdf);
    for key in [
        "/GTS_PDFXVersion (PDF/X-1:2001)",
        "/GTS_PDFXConformance (PDF/X-1a:2001)",
        "/Trapped /False",
        "/CreationDate (D:20220720000000Z)",
        "/ModDate (D:20220720000000Z)",
        "/S /GTS_PDFX",
        "/OutputConditionIdentifier (IFRA26)",
        "/ID [",
        "/OP true",
        "/OPM 1",
    ] {
        assert!(s.contains(key), "missing {key}");
    }
    assert!(!s.contains("RGB"), "no RGB anywhere (PX-05)");
    let info = tool("pdfinfo", &["-box", save("px01.pdf", &pdf).to_str().unwrap()]);
    println!("{info}");
    let info: Vec<String> = info
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    for want in [
        "MediaBox: 0.00 0.00 260.00 140.00",
        "BleedBox: 7.00 7.00 253.00 133.00",
        "TrimBox: 10.00 10.00 250.00 130.00",
        "PDF version: 1.3",
    ] {
        assert!(info.iter().any(|l| l == want), "{want} in {info:?}");
    }
}

#[test]
fn same_input_same_bytes() {
    let files = FontFiles::open(&FontFiles::default_dir()).unwrap();
    let db = FontDb::new(&files).unwrap();
    let a = export(&sample(&db), &db, &meta()).unwrap();
    let b = export(&sample(&db), &db, &meta()).unwrap();
    assert!(a == b);
}

/// Every glyph's origin, as poppler reads it back, is where layout put it (±0.01 pt). Gaps
/// of a few points make poppler report each glyph as a word of its own; the last run steps
/// down like vertical text, one glyph per baseline.
#[test]
fn glyphs_land_on_layout_positions() {
    let files = FontFiles::open(&FontFiles::default_dir()).unwrap();
    let db = FontDb::new(&files).unwrap();
    let mut stepped = run(&db, db.role(Role::Kai), 150.0, 20.0, "竖排标题", 0.0);
    for (i, g) in stepped.glyphs.iter_mut().enumerate() {
        g.pos = Point::new(Pt(150.0 + i as f64 * 0.25), Pt(20.0 + i as f64 * 10.5));
    }
    let items = vec![
        Item::Text(run(&db, db.role(Role::Body), 20.123, 30.0, "本报讯记者", 4.123)),
        Item::Text(run(&db, db.role(Role::Kai), 20.0, 50.5, "本报讯记者", 4.0011)),
        Item::Text(stepped),
    ];
    let pg = page(240.0, 120.0, items);
    let path = save("positions.pdf", &export(&pg, &db, &meta()).unwrap());
    let bbox = tool("pdftotext", &["-bbox", path.to_str().unwrap(), "-"]);
    let got: Vec<(String, f64)> = bbox
        .lines()
        .filter(|l| l.contains("<word "))
        .map(|l| {
            let from = l.find("xMin=\"").unwrap() + 6;
            let x: f64 = l[from..].split('"').next().unwrap().parse().unwrap();
            let text = l.split('>').nth(1).unwrap().split('<').next().unwrap();
            (text.to_string(), x)
        })
        .collect();
    let want: Vec<&Glyph> = pg
        .items
        .iter()
        .filter_map(|it| if let Item::Text(r) = it { Some(r) } else { None })
        .flat_map(|r| &r.glyphs)
        .collect();
    assert_eq!(got.len(), want.len(), "{bbox}");
    for ((text, x), g) in got.iter().zip(&want) {
        assert_eq!(text, &g.text);
        assert!((x - g.pos.x.0).abs() < 0.01, "{text}: x {x} vs {}", g.pos.x.0);
    }
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let files = FontFiles::open(&FontFiles::default_dir()).unwrap();
    let db = FontDb::new(&files).unwrap();
    let mut pg = sample(&db);
    if let Item::Text(r) = &mut pg.items[1] {
        r.face = FaceId(99);
    }
    assert!(matches!(
        export(&pg, &db, &meta()),
        Err(PdfError::UnknownFace { item: 1, face: 99 })
    ));

    let mut pg = sample(&db);
    if let Item::Text(r) = &mut pg.items[1] {
        r.glyphs[0].id = u16::MAX;
    }
    assert!(matches!(
        export(&pg, &db, &meta()),
        Err(PdfError::GlyphOutOfRange { .. })
    ));

    let mut pg = sample(&db);
    if let Item::Stroke(s) = &mut pg.items[5] {
        s.to.x = Pt(f64::NAN);
    }
    assert!(matches!(
        export(&pg, &db, &meta()),
        Err(PdfError::BadNumber { item: 5 })
    ));

    let mut pg = sample(&db);
    pg.trim = Rect::new(Pt(-1.0), Pt(0.0), Pt(10.0), Pt(10.0));
    assert!(matches!(export(&pg, &db, &meta()), Err(PdfError::Boxes(_))));

    let bad_date = DocMeta::new("x", (2022, 2, 30));
    assert!(matches!(
        export(&sample(&db), &db, &bad_date),
        Err(PdfError::BadDate(2022, 2, 30))
    ));
}

/// A broadsheet-sized load: about 8000 glyphs, most in the body face (2000 distinct Han
/// characters, as a news page has), the rest spread over the five other faces. Prints the
/// time; run with `cargo test --release --test pdf_export -- --nocapture export_time`.
#[test]
fn export_time_full_page() {
    let files = FontFiles::open(&FontFiles::default_dir()).unwrap();
    let db = FontDb::new(&files).unwrap();
    let faces: Vec<FaceId> = db.iter().map(|(id, _)| id).collect();
    let body = db.role(Role::Body);
    // (face, lines, distinct characters): body text, then heads, subheads, bylines.
    let mut plan = vec![(body, 92usize, 2000usize)];
    plan.extend(faces.iter().filter(|&&f| f != body).map(|&f| (f, 3, 150)));
    let mut items = Vec::new();
    let mut n = 0usize;
    let mut line = 0usize;
    for (face, lines, distinct) in plan {
        let info = db.get(face);
        for l in 0..lines {
            let text: String = (0..80usize)
                .map(|i| char::from_u32(0x4E00 + ((l * 80 + i) * 7 % distinct) as u32).unwrap())
                .filter(|&c| info.has_char(c))
                .collect();
            let r = run(&db, face, 36.0, 36.0 + (line % 100) as f64 * 13.5, &text, 0.013);
            n += r.glyphs.len();
            items.push(Item::Text(r));
            line += 1;
        }
    }
    let pg = page(1000.0, 1450.0, items);
    // The first export also pays the page faults of the memory-mapped fonts; a build
    // exports many pages with one FontDb, so the later runs are the steady state.
    let mut pdf = Vec::new();
    for round in ["first", "second", "third"] {
        let t = std::time::Instant::now();
        pdf = export(&pg, &db, &meta()).unwrap();
        let elapsed = t.elapsed();
        println!(
            "{round} export of {n} glyphs, {} faces: {elapsed:?}, {} bytes",
            faces.len(),
            pdf.len()
        );
    }
    let check = tool("qpdf", &["--check", save("full.pdf", &pdf).to_str().unwrap()]);
    assert!(
        check.contains("No syntax or stream encoding errors found"),
        "{check}"
    );
}
