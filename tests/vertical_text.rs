//! Vertical lines (竖排, TYPOGRAPHY.md §6) from shaping to the PDF and the proof, read back
//! with poppler: characters in one column top to bottom, marks in the upper right of their
//! cells, the copy extracted in reading order.

mod common;

use newsprint::compose::{Align, ParStyle, compose_par};
use newsprint::diag::Span;
use newsprint::geom::{Point, Pt, Rect, Size, WritingMode};
use newsprint::layout::{Cmyk, Item, Page, emit_line_in};
use newsprint::render::pdf::{DocMeta, export};
use newsprint::shape::{FontDb, FontFiles, Piece, Role, shape_par_in};
use std::path::PathBuf;

/// Headline size in these tests.
const SIZE: f64 = 24.0;

/// A page of `w` × `h` points holding `items`.
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

/// `text` set as one vertical line of a headline, its column's centre at `x`, from `top`.
fn vertical_items(db: &FontDb, text: &str, x: f64, top: f64) -> Vec<Item> {
    vertical_items_in(db, Role::Headline, text, x, top)
}

/// `text` set in `role` as one vertical line, its column's centre at `x`, from `top`.
fn vertical_items_in(db: &FontDb, role: Role, text: &str, x: f64, top: f64) -> Vec<Item> {
    let piece = Piece {
        text,
        role,
        span: Span::new(newsprint::diag::FileId(0), 0, text.len()),
    };
    let par = shape_par_in(db, &[piece], WritingMode::Vertical).unwrap();
    let style = ParStyle::body(Pt(SIZE)).aligned(Align::Left);
    let lines = compose_par(db, &par, &style, Pt(SIZE * 40.0)).lines;
    let mut items = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        let start = Point::new(Pt(x - k as f64 * SIZE * 1.2), Pt(top));
        emit_line_in(l, WritingMode::Vertical, start, Pt(SIZE), Cmyk::BLACK, &mut items);
    }
    items
}

fn db_files() -> FontFiles {
    FontFiles::open(&FontFiles::default_dir()).unwrap()
}

/// A grey image from `pdftoppm -gray`, one byte per pixel, and its resolution.
struct Grey {
    w: usize,
    h: usize,
    px: Vec<u8>,
    /// Pixels per point.
    scale: f64,
}

/// A test sheet of vertical lines: each text set in each role, a column of its own every
/// `pitch` pt from x = 40 (role after role), exported to a scratch PDF.
fn vertical_sheet(
    db: &FontDb,
    roles: &[Role],
    texts: &[&str],
    (pitch, height): (f64, f64),
    name: &str,
) -> PathBuf {
    let mut items = Vec::new();
    for (r, &role) in roles.iter().enumerate() {
        for (k, text) in texts.iter().enumerate() {
            let x = 40.0 + pitch * (r * texts.len() + k) as f64;
            items.extend(vertical_items_in(db, role, text, x, 20.0));
        }
    }
    let pdf = common::scratch(name).join("v.pdf");
    let page = page(pitch * (roles.len() * texts.len()) as f64 + 20.0, height, items);
    std::fs::write(
        &pdf,
        export(&page, db, &DocMeta::new("竖排", (2022, 7, 20))).unwrap(),
    )
    .unwrap();
    pdf
}

/// Renders page 1 of a PDF with poppler at `dpi` as grey.
fn render(pdf: &std::path::Path, dpi: u32) -> Grey {
    let out = pdf.with_extension("");
    common::tool(
        "pdftoppm",
        &[
            "-r",
            &dpi.to_string(),
            "-gray",
            "-singlefile",
            pdf.to_str().unwrap(),
            out.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(out.with_extension("pgm")).unwrap();
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
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    Grey {
        w,
        h,
        px: bytes[i + 1..i + 1 + w * h].to_vec(),
        scale: f64::from(dpi) / 72.0,
    }
}

impl Grey {
    /// The centre of the ink (darker than mid grey) inside a rectangle given in points, in
    /// points; `None` when the rectangle is blank.
    fn ink_centre(&self, x0: f64, y0: f64, x1: f64, y1: f64) -> Option<(f64, f64)> {
        let (mut n, mut sx, mut sy) = (0.0, 0.0, 0.0);
        let px = |v: f64, max: usize| ((v * self.scale).round().max(0.0) as usize).min(max);
        for y in px(y0, self.h)..px(y1, self.h) {
            for x in px(x0, self.w)..px(x1, self.w) {
                if self.px[y * self.w + x] < 128 {
                    n += 1.0;
                    sx += x as f64;
                    sy += y as f64;
                }
            }
        }
        (n > 0.0).then(|| (sx / n / self.scale, sy / n / self.scale))
    }

    /// The bounding box of the ink (darker than mid grey) inside a rectangle given in
    /// points, as (left, top, right, bottom) in points; `None` when it is blank.
    fn ink_box(&self, x0: f64, y0: f64, x1: f64, y1: f64) -> Option<(f64, f64, f64, f64)> {
        let px = |v: f64, max: usize| ((v * self.scale).round().max(0.0) as usize).min(max);
        let mut b: Option<(usize, usize, usize, usize)> = None;
        for y in px(y0, self.h)..px(y1, self.h) {
            for x in px(x0, self.w)..px(x1, self.w) {
                if self.px[y * self.w + x] < 128 {
                    let (l, t, r, bt) = b.unwrap_or((x, y, x, y));
                    b = Some((l.min(x), t.min(y), r.max(x + 1), bt.max(y + 1)));
                }
            }
        }
        b.map(|(l, t, r, bt)| {
            let s = self.scale;
            (l as f64 / s, t as f64 / s, r as f64 / s, bt as f64 / s)
        })
    }

    /// The ink (darker than mid grey) inside a rectangle given in points, per quadrant of
    /// its own bounding box: [upper left, upper right, lower left, lower right], in pixels.
    fn ink_quadrants(&self, x0: f64, y0: f64, x1: f64, y1: f64) -> [usize; 4] {
        let px = |v: f64, max: usize| ((v * self.scale).round().max(0.0) as usize).min(max);
        let inked: Vec<(usize, usize)> = (px(y0, self.h)..px(y1, self.h))
            .flat_map(|y| (px(x0, self.w)..px(x1, self.w)).map(move |x| (x, y)))
            .filter(|&(x, y)| self.px[y * self.w + x] < 128)
            .collect();
        let (Some(l), Some(r)) = (inked.iter().map(|p| p.0).min(), inked.iter().map(|p| p.0).max()) else {
            return [0; 4];
        };
        let (t, b) = (
            inked.iter().map(|p| p.1).min().unwrap(),
            inked.iter().map(|p| p.1).max().unwrap(),
        );
        let (mx, my) = ((l + r) as f64 / 2.0, (t + b) as f64 / 2.0);
        let mut q = [0; 4];
        for &(x, y) in &inked {
            q[usize::from(x as f64 > mx) + 2 * usize::from(y as f64 > my)] += 1;
        }
        q
    }
}

#[test]
fn a_vertical_line_is_one_column_top_to_bottom_and_extracts_as_the_copy() {
    let files = db_files();
    let db = FontDb::new(&files).unwrap();
    let text = "《新闻》报道“竖排”标题";
    let (cx, top) = (60.0, 20.0);
    let items = vertical_items(&db, text, cx, top);
    let dir = common::scratch("vertical-line");
    let pdf = dir.join("v.pdf");
    let page = page(120.0, 400.0, items);
    std::fs::write(
        &pdf,
        export(&page, &db, &DocMeta::new("竖排", (2022, 7, 20))).unwrap(),
    )
    .unwrap();
    // The copy comes out in reading order, quotes and book-title marks as typed.
    let extracted = common::tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert_eq!(extracted.trim(), text);
    // The fonts are embedded with ToUnicode, the vertical one in Identity-V.
    let fonts = common::tool("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(
        fonts
            .lines()
            .any(|l| l.contains("Identity-V") && l.contains("yes yes yes")),
        "{fonts}"
    );
    // Every character's ink lies in one column, in its own cell, one below the other.
    let grey = render(&pdf, 150);
    let n = text.chars().count();
    for k in 0..n {
        let (y0, y1) = (top + k as f64 * SIZE, top + (k + 1) as f64 * SIZE);
        let (x, y) = grey
            .ink_centre(cx - SIZE, y0, cx + SIZE, y1)
            .unwrap_or_else(|| panic!("no ink in cell {k}"));
        assert!(
            (x - cx).abs() < SIZE * 0.3,
            "cell {k}: ink centre x {x:.1}, column centre {cx}"
        );
        assert!(
            y > y0 && y < y1,
            "cell {k}: ink centre y {y:.1} outside {y0}..{y1}"
        );
    }
    assert!(
        grey.ink_centre(0.0, 0.0, cx - SIZE, 400.0).is_none(),
        "ink left of the column"
    );
    assert!(
        grey.ink_centre(cx + SIZE, 0.0, 120.0, 400.0).is_none(),
        "ink right of the column"
    );
    assert!(
        grey.ink_centre(0.0, top + n as f64 * SIZE + 1.0, 120.0, 400.0)
            .is_none(),
        "ink below the line"
    );
}

#[test]
fn stops_and_commas_sit_in_the_upper_right_of_their_cells() {
    let files = db_files();
    let db = FontDb::new(&files).unwrap();
    // Han between the marks, so no pair of marks is compressed and each keeps a whole cell.
    let text = "中，中。中、中";
    let (cx, top) = (60.0, 20.0);
    let dir = common::scratch("vertical-marks");
    let pdf = dir.join("v.pdf");
    let page = page(120.0, 300.0, vertical_items(&db, text, cx, top));
    std::fs::write(
        &pdf,
        export(&page, &db, &DocMeta::new("竖排", (2022, 7, 20))).unwrap(),
    )
    .unwrap();
    let grey = render(&pdf, 300);
    for (k, c) in text.chars().enumerate() {
        let (y0, y1) = (top + k as f64 * SIZE, top + (k + 1) as f64 * SIZE);
        let (x, y) = grey.ink_centre(cx - SIZE / 2.0, y0, cx + SIZE / 2.0, y1).unwrap();
        if c == '中' {
            assert!(
                (x - cx).abs() < 0.1 * SIZE && (y - (y0 + y1) / 2.0).abs() < 0.1 * SIZE,
                "中 centred"
            );
        } else {
            // Upper right quadrant of the cell (VT-01).
            assert!(
                x > cx + 0.1 * SIZE && y < (y0 + y1) / 2.0 - 0.1 * SIZE,
                "{c} in cell {k}: ink centre ({x:.1}, {y:.1}), cell centre ({cx}, {})",
                (y0 + y1) / 2.0
            );
        }
    }
}

#[test]
fn quotes_are_vertical_corner_brackets_in_every_face_set_vertically() {
    let files = db_files();
    let db = FontDb::new(&files).unwrap();
    // Han between the marks, so each mark keeps a whole cell.
    let text = "中“中”中‘中’中";
    // The faces vertical text is set in: a story's body, its headline, its byline.
    let roles = [Role::Body, Role::Headline, Role::Kai];
    let column = |k: usize| 40.0 + 40.0 * k as f64;
    let mut items = Vec::new();
    for (k, role) in roles.into_iter().enumerate() {
        items.extend(vertical_items_in(&db, role, text, column(k), 20.0));
    }
    let dir = common::scratch("vertical-quotes");
    let pdf = dir.join("v.pdf");
    let page = page(40.0 * (roles.len() + 1) as f64, 260.0, items);
    std::fs::write(
        &pdf,
        export(&page, &db, &DocMeta::new("竖排", (2022, 7, 20))).unwrap(),
    )
    .unwrap();
    let extracted = common::tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert_eq!(extracted.matches(text).count(), roles.len(), "{extracted}");
    let grey = render(&pdf, 300);
    for (k, role) in roles.into_iter().enumerate() {
        let cx = column(k);
        for (cell, c) in text.chars().enumerate().filter(|(_, c)| *c != '中') {
            let (y0, y1) = (20.0 + cell as f64 * SIZE, 20.0 + (cell + 1) as f64 * SIZE);
            let [ul, ur, ll, lr] = grey.ink_quadrants(cx - SIZE / 2.0, y0, cx + SIZE / 2.0, y1);
            let total = ul + ur + ll + lr;
            assert!(total > 0, "{role:?}: no ink for {c}");
            // ﹃ ﹁ open as ┐ (a bar on top, a stem down the right), ﹄ ﹂ close as └ (a stem
            // down the left, a bar at the foot): VT-01. The horizontal 『「 (┌) and 』」 (┘),
            // or upright curly quotes, ink the quadrant that must stay blank.
            let (empty, inked, shape) = if matches!(c, '“' | '‘') {
                (ll, lr, "┐")
            } else {
                (ur, ul, "└")
            };
            assert!(
                empty * 20 < total && inked * 10 > total,
                "{role:?}: {c} in cell {cell} is not {shape}: ink per quadrant [ul ur ll lr] {:?}",
                [ul, ur, ll, lr]
            );
        }
    }
}

/// The faces text is set in vertically: a vertical story's body and subheads, a vertical
/// headline (Hei, or Song for secondary stories), kickers, bylines and captions (Kai).
const VERTICAL_ROLES: [Role; 5] = [
    Role::Body,
    Role::Headline,
    Role::HeadlineSong,
    Role::Subhead,
    Role::Kai,
];

#[test]
fn dashes_run_along_the_column_in_every_face_set_vertically() {
    let files = db_files();
    let db = FontDb::new(&files).unwrap();
    let text = "中——中";
    // Columns far enough apart that a dash drawn across one stays out of its neighbours.
    let column = |k: usize| 40.0 + 80.0 * k as f64;
    let mut items = Vec::new();
    for (k, role) in VERTICAL_ROLES.into_iter().enumerate() {
        items.extend(vertical_items_in(&db, role, text, column(k), 20.0));
    }
    let dir = common::scratch("vertical-dashes");
    let pdf = dir.join("v.pdf");
    let page = page(80.0 * VERTICAL_ROLES.len() as f64, 160.0, items);
    std::fs::write(
        &pdf,
        export(&page, &db, &DocMeta::new("竖排", (2022, 7, 20))).unwrap(),
    )
    .unwrap();
    let extracted = common::tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert_eq!(
        extracted.matches(text).count(),
        VERTICAL_ROLES.len(),
        "{extracted}"
    );
    let grey = render(&pdf, 300);
    for (k, role) in VERTICAL_ROLES.into_iter().enumerate() {
        let cx = column(k);
        // The dash's two cells, below the first 中 (VT-02): its ink runs down the column,
        // centred on it, and stays inside them.
        let (y0, y1) = (20.0 + SIZE, 20.0 + 3.0 * SIZE);
        let (l, t, r, b) = grey
            .ink_box(cx - SIZE, y0, cx + SIZE, y1)
            .unwrap_or_else(|| panic!("{role:?}: no ink for the dash"));
        let (w, h) = (r - l, b - t);
        assert!(
            h > 4.0 * w && h > 1.5 * SIZE,
            "{role:?}: the dash is {w:.1} pt wide and {h:.1} pt tall, not along the column"
        );
        assert!(
            ((l + r) / 2.0 - cx).abs() < 0.15 * SIZE,
            "{role:?}: the dash stands at x {:.1}, the column's centre is {cx}",
            (l + r) / 2.0
        );
    }
}

#[test]
fn the_proof_of_vertical_lines_matches_their_pdf() {
    let files = db_files();
    let db = FontDb::new(&files).unwrap();
    let mut items = vertical_items(&db, "《红楼梦》里的“大观园”", 160.0, 20.0);
    items.extend(vertical_items(&db, "今天还能看见吗？——记者走访", 100.0, 20.0));
    let page = page(200.0, 400.0, items);
    let dir = common::scratch("vertical-proof");
    let pdf = dir.join("v.pdf");
    std::fs::write(
        &pdf,
        export(&page, &db, &DocMeta::new("竖排", (2022, 7, 20))).unwrap(),
    )
    .unwrap();
    let reference = render(&pdf, 72);
    let opts = newsprint::proof::ProofOptions {
        dpi: 72.0,
        marks: false,
    };
    let proof = newsprint::proof::render(&page, &db, &[], &opts).unwrap();
    let px: Vec<u8> = proof
        .pixels()
        .iter()
        .map(|c| {
            let c = c.demultiply();
            (0.299 * f32::from(c.red()) + 0.587 * f32::from(c.green()) + 0.114 * f32::from(c.blue())).round()
                as u8
        })
        .collect();
    let proof = Grey {
        w: proof.width() as usize,
        h: proof.height() as usize,
        px,
        scale: 1.0,
    };
    assert_eq!((proof.w, proof.h), (reference.w, reference.h));
    // Every cell's ink stands in the same place in both, to a point.
    let mut cells = 0;
    for cx in [160.0, 100.0] {
        for k in 0..16 {
            let (y0, y1) = (20.0 + k as f64 * SIZE, 20.0 + (k + 1) as f64 * SIZE);
            let (a, b) = (
                reference.ink_centre(cx - SIZE / 2.0, y0, cx + SIZE / 2.0, y1),
                proof.ink_centre(cx - SIZE / 2.0, y0, cx + SIZE / 2.0, y1),
            );
            assert_eq!(
                a.is_some(),
                b.is_some(),
                "cell {k} of the column at {cx}: ink in one only"
            );
            if let (Some(a), Some(b)) = (a, b) {
                assert!(
                    (a.0 - b.0).abs() < 1.0 && (a.1 - b.1).abs() < 1.0,
                    "cell {k} at {cx}: PDF {a:?}, proof {b:?}"
                );
                cells += 1;
            }
        }
    }
    assert!(cells >= 20, "{cells} cells compared");
}

/// A page of copy with a vertical headline (with `《》` and `“”`) beside a horizontal
/// story, and one with a vertical poem beside a horizontal story (issue 14, "Done when").
fn vertical_edition(name: &str) -> std::path::PathBuf {
    let dir = common::scratch(name);
    let para = "呼伦贝尔市不断激发新业态、新就业群体融入城市生活、参与基层治理的活力，\
                把党的组织和工作覆盖到快递、外卖等新兴领域，让新就业群体在城市里有了“家”。";
    let body = |n: usize| vec![para; n].join("\n\n");
    common::write(
        &dir.join("vhead.md"),
        format!(
            "# 新就业群体融入城市生活\n\n□本报记者 李玉琢\n\n{}\n\n\
             #| 《红楼梦》里的“大观园” 今天还能看见吗\n\n□本报记者 王晓燕\n\n{}\n",
            body(14),
            body(5)
        ),
    );
    common::write(
        &dir.join("poem.md"),
        format!(
            "# 古诗新读：“月光”里的乡愁\n\n□本报记者 李玉琢\n\n{}\n\n\
             # 静夜思\n\n◎唐 李白\n\n床前明月光，疑是地上霜。\n\n举头望明月，低头思故乡。\n",
            body(12)
        ),
    );
    common::write(
        &dir.join("edition.toml"),
        "[paper]\nname = \"草原日报\"\ncode = \"cyrb\"\n\n[issue]\ndate = \"2022-07-20\"\nnumber = 8123\n\n\
         [[page]]\nnumber = 6\nsection = \"要闻\"\ncopy = \"vhead.md\"\n\n\
         [[page]]\nnumber = 7\nsection = \"副刊\"\ncopy = \"poem.md\"\n\n\
         [[page.story]]\nstory = 2\nvertical = true\n",
    );
    dir
}

/// A word's box from `pdftotext -bbox`. For a vertical line poppler reports one word per
/// line, from its top to its bottom, its x range starting at the line's centre.
#[derive(Debug, Clone)]
struct Word {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    text: String,
}

fn attr(tag: &str, name: &str) -> f64 {
    let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    tag[at..].split('"').next().unwrap().parse().unwrap()
}

/// issues/vertical built into a scratch folder `name` (exit 0 asserted): the folder.
fn build_vertical(name: &str) -> std::path::PathBuf {
    let dir = common::root().join("issues/vertical");
    let out = common::scratch(name);
    let o = common::build_to(&dir, &out, &["-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

fn words(pdf: &std::path::Path) -> Vec<Word> {
    let html = common::tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    html.lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .map(|l| Word {
            x0: attr(l, "xMin"),
            x1: attr(l, "xMax"),
            y0: attr(l, "yMin"),
            y1: attr(l, "yMax"),
            text: l
                .split('>')
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_string(),
        })
        .collect()
}

/// Marks that may not start a line (TYPOGRAPHY.md §1.2, the same in vertical lines, §6.1).
const NO_LINE_START: &str = "，。、；：！？）》」』”’〕】…—";

#[test]
fn vertical_pages_build_and_read_back_in_order() {
    let dir = vertical_edition("vertical-pages");
    let out = dir.join("out");
    let o = common::build_to(&dir, &out, &["-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));

    // The vertical headline: each of its lines one column, top to bottom, the second to the
    // left of the first, the copy extracted as written.
    let page6 = out.join("cyrb-20220720-06.pdf");
    let text = common::tool("pdftotext", &[page6.to_str().unwrap(), "-"]);
    assert!(text.contains("《红楼梦》里的“大观园”"), "{text}");
    let ws = words(&page6);
    let first = ws
        .iter()
        .find(|w| w.text == "《红楼梦》里的“大观园”")
        .expect("the headline's first line is one word");
    let second = ws
        .iter()
        .find(|w| w.text == "今天还能看见吗")
        .expect("its second line");
    // A column many times longer than it is wide (the head's size follows the body beside
    // it, so its length in points does not say it).
    assert!(
        first.y1 - first.y0 > 8.0 * (first.x1 - first.x0),
        "the first line runs down the page: {first:?}"
    );
    assert!(
        second.x0 < first.x0 - (first.x1 - first.x0),
        "lines right to left: {first:?} {second:?}"
    );
    // Its fonts are vertical (Identity-V) and embedded.
    let fonts = common::tool("pdffonts", &[page6.to_str().unwrap()]);
    assert!(
        fonts
            .lines()
            .any(|l| l.contains("Identity-V") && l.contains("yes yes yes")),
        "{fonts}"
    );

    // The poem: its lines top to bottom, columns right to left, no forbidden mark first.
    let page7 = out.join("cyrb-20220720-07.pdf");
    let text = common::tool("pdftotext", &[page7.to_str().unwrap(), "-"]);
    for line in [
        "静夜思",
        "唐 李白",
        "床前明月光，疑是地上霜。",
        "举头望明月，低头思故乡。",
    ] {
        assert!(text.contains(line), "{line} not extracted: {text}");
    }
    let ws = words(&page7);
    let at = |t: &str| {
        ws.iter()
            .find(|w| w.text == t)
            .unwrap_or_else(|| panic!("{t} not one line: {ws:?}"))
    };
    let (title, l1, l2) = (
        at("静夜思"),
        at("床前明月光，疑是地上霜。"),
        at("举头望明月，低头思故乡。"),
    );
    assert!(
        title.x0 > l1.x0 && l1.x0 > l2.x0,
        "right to left: {title:?} {l1:?} {l2:?}"
    );
    assert!((l1.y0 - l2.y0).abs() < 1.0, "lines flush top: {l1:?} {l2:?}");
    assert!(l1.y1 - l1.y0 > 11.0 * 9.0, "a line runs down: {l1:?}");
    let vertical: Vec<&Word> = ws
        .iter()
        .filter(|w| w.text.chars().count() >= 2 && w.y1 - w.y0 > 1.5 * (w.x1 - w.x0))
        .collect();
    assert!(vertical.len() >= 4, "{vertical:?}");
    for w in vertical {
        let c = w.text.chars().next().unwrap();
        assert!(
            !NO_LINE_START.contains(c),
            "a vertical line starts with {c}: {w:?}"
        );
    }
}

#[test]
fn latin_and_figures_stand_by_the_house_defaults_in_vertical_lines() {
    let files = db_files();
    let db = FontDb::new(&files).unwrap();
    // VT-03, TYPOGRAPHY.md §6.2: each case in a column of its own, between two 中.
    let cases = ["中14中", "中CCTV中", "中English中", "中2022中"];
    let roles = [Role::Body, Role::Headline];
    let column = |k: usize| 40.0 + 60.0 * k as f64;
    let top = 20.0;
    let pdf = vertical_sheet(&db, &roles, &cases, (60.0, 320.0), "vertical-latin");
    let extracted = common::tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    for text in cases {
        assert_eq!(
            extracted.matches(text).count(),
            roles.len(),
            "{text}: {extracted}"
        );
    }
    let grey = render(&pdf, 300);
    let cell = |k: f64| (top + k * SIZE, top + (k + 1.0) * SIZE);
    for (r, role) in roles.into_iter().enumerate() {
        let cx = |k: usize| column(r * cases.len() + k);
        let ink = |k: usize, y0: f64, y1: f64| grey.ink_box(cx(k) - SIZE, y0, cx(k) + SIZE, y1);
        let centred_in = |k: usize, c: f64, what: &str| {
            let (y0, y1) = cell(c);
            let (x, y) = grey
                .ink_centre(cx(k) - SIZE / 2.0, y0, cx(k) + SIZE / 2.0, y1)
                .unwrap_or_else(|| panic!("{role:?}: no ink for {what} in cell {c}"));
            assert!(
                (x - cx(k)).abs() < 0.15 * SIZE && (y - (y0 + y1) / 2.0).abs() < 0.2 * SIZE,
                "{role:?}: {what} in cell {c} has its ink centre at ({x:.1}, {y:.1}), the cell's is ({}, {})",
                cx(k),
                (y0 + y1) / 2.0
            );
        };
        // 14: 纵中横, both figures side by side in one cell, which the next 中 follows.
        let (y0, y1) = cell(1.0);
        let (l, t, rt, b) = ink(0, y0, y1).unwrap_or_else(|| panic!("{role:?}: no ink for 14"));
        assert!(
            rt - l > b - t && rt - l <= SIZE && b - t < 0.8 * SIZE,
            "{role:?}: 14 is {:.1} wide and {:.1} tall, not across one cell",
            rt - l,
            b - t
        );
        centred_in(0, 2.0, "中 after 14");
        // CCTV: an acronym upright, a letter to a cell, no gap to the Han on either side.
        for k in 1..=4 {
            centred_in(1, k as f64, "a letter of CCTV");
        }
        centred_in(1, 5.0, "中 after CCTV");
        // English and 2022: turned, as long as their horizontal setting (a quarter em from
        // the Han on either side), where upright they would take a cell a letter; across
        // the column no wider than their ascenders and descenders.
        for (k, letters, shortest, longest) in [(2, 7.0, 2.5, 4.5), (3, 4.0, 1.6, 2.4)] {
            let (_, _, _, bottom) = ink(k, top, 320.0).unwrap();
            let (l, t, rt, b) = ink(k, cell(0.0).1 + 1.0, bottom - SIZE).unwrap();
            let (w, h) = ((rt - l) / SIZE, (b - t) / SIZE);
            assert!(
                h > shortest && h < longest && w < 1.1,
                "{role:?}: {} is {w:.2} em wide and {h:.2} em long ({letters} letters)",
                cases[k]
            );
            assert!(
                ((l + rt) / 2.0 - cx(k)).abs() < 0.2 * SIZE,
                "{role:?}: {} stands at x {:.1}, off the column's centre {}",
                cases[k],
                (l + rt) / 2.0,
                cx(k)
            );
        }
    }
}

#[test]
fn colons_keep_a_whole_cell_in_vertical_lines_and_the_other_marks_close_up() {
    let files = db_files();
    let db = FontDb::new(&files).unwrap();
    // TYPOGRAPHY.md §2.1: in vertical text `：；！？` are always 1 em, so an opening quote
    // after a colon keeps its cell; `。“` close up by half an em, as in horizontal text. The
    // faces say so through `vhal` (Body, Headline); NewsKai has none, the house table does.
    let cases = [("中：“中”中", 5.0), ("中。“中”中", 4.5)];
    let roles = [Role::Body, Role::Headline, Role::Kai];
    let column = |k: usize| 40.0 + 50.0 * k as f64;
    let top = 20.0;
    let texts: Vec<&str> = cases.iter().map(|(t, _)| *t).collect();
    let pdf = vertical_sheet(&db, &roles, &texts, (50.0, 200.0), "vertical-compression");
    let grey = render(&pdf, 300);
    for (r, role) in roles.into_iter().enumerate() {
        for (k, (text, last)) in cases.into_iter().enumerate() {
            let cx = column(r * cases.len() + k);
            // The last 中 of the line: its cell starts `last` em down.
            let (y0, y1) = (top + last * SIZE, top + (last + 1.0) * SIZE);
            let (x, y) = grey
                .ink_centre(cx - SIZE / 2.0, y0 - 0.3 * SIZE, cx + SIZE / 2.0, y1 + 0.3 * SIZE)
                .unwrap_or_else(|| panic!("{role:?}: no ink at the end of {text}"));
            assert!(
                (y - (y0 + y1) / 2.0).abs() < 0.1 * SIZE && (x - cx).abs() < 0.1 * SIZE,
                "{role:?}: the last 中 of {text} has its ink centre at y {y:.1}, its cell {last} em down is centred at {:.1}",
                (y0 + y1) / 2.0
            );
        }
    }
}

#[test]
fn the_body_beside_a_vertical_headline_runs_as_long_as_it() {
    // The proofreader's page: on issues/vertical p6 the 竖题 ran 37 mm below the three
    // columns of text beside it. Broken to the body's height at a size that stands within
    // it, the head ends where the body does, to a line or two.
    let out = build_vertical("vertical-head-height");
    let ws = words(&out.join("cyrb-20220720-06.pdf"));
    let line = |t: &str| {
        ws.iter()
            .find(|w| w.text == t)
            .unwrap_or_else(|| panic!("{t} is not one vertical line: {ws:?}"))
    };
    let (first, second) = (line("《红楼梦》里的“大观园”"), line("今天还能看见吗"));
    let head_bottom = first.y1.max(second.y1);
    // The body: the text left of the head and right of its byline (the module's left
    // edge), between the head's top and its foot.
    let byline = line("王晓燕");
    let body_bottom = ws
        .iter()
        .filter(|w| w.x1 <= second.x0 && w.x0 >= byline.x0 - 50.0)
        .filter(|w| w.y0 >= first.y0 - 20.0 && w.y0 < head_bottom)
        .map(|w| w.y1)
        .fold(0.0, f64::max);
    let pitch = 13.5;
    assert!(
        head_bottom - body_bottom < 2.0 * pitch,
        "the 竖题 ends at y {head_bottom:.1}, the body beside it at {body_bottom:.1}"
    );
}

#[test]
fn a_vertical_headline_with_no_room_beside_its_body_is_set_across_not_dropped() {
    // A 竖题 story with a photo across its module has no column for the head beside the
    // body. The vertical head used to be the story's only setting, so the story could not be
    // placed at all (and the page failed, every story overflowing); the head across the top
    // is now the search's second choice, said in a warning.
    let dir = common::scratch("vertical-head-across");
    let para = "呼伦贝尔市不断激发新业态、新就业群体融入城市生活、参与基层治理的活力，\
                把党的组织和工作覆盖到快递、外卖等新兴领域，让新就业群体在城市里有了“家”。";
    let body = |n: usize| vec![para; n].join("\n\n");
    std::fs::copy(
        common::root().join("tests/corpus/images/bridge.jpg"),
        dir.join("photo.jpg"),
    )
    .expect("the image");
    common::write(
        &dir.join("page.md"),
        format!(
            "# 新就业群体融入城市生活\n\n□本报记者 李玉琢\n\n{}\n\n\
             #| 草原上的新书屋 今天开门迎客\n\n□本报记者 王晓燕\n\n\
             ![新书屋里的读者。](photo.jpg \"本报记者 宋爽 摄\")\n\n{}\n",
            body(8),
            body(6)
        ),
    );
    let out = dir.join("out");
    let o = common::build_to(&dir.join("page.md"), &out, &[]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("vertical headline (#|) of '草原上的新书屋 今天开门迎客' is set across"),
        "{stderr}"
    );
    let pdf = std::fs::read_dir(&out)
        .expect("the output")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.to_string_lossy().ends_with("-01.pdf"))
        .expect("the page");
    let ws = words(&pdf);
    // The head across the top: its words wider than tall, side by side on one baseline,
    // in a larger size than the body (taller boxes).
    let head = ["草原上的新书屋", "今天开门迎客"].map(|t| {
        ws.iter()
            .find(|w| w.text == t)
            .unwrap_or_else(|| panic!("{t} is not one word: {ws:?}"))
            .clone()
    });
    for w in &head {
        assert!(w.x1 - w.x0 > 3.0 * (w.y1 - w.y0), "set across: {w:?}");
        assert!(w.y1 - w.y0 > 14.0, "headline size: {w:?}");
    }
    assert!(
        (head[0].y0 - head[1].y0).abs() < 1.0 && head[1].x0 > head[0].x1,
        "one line: {head:?}"
    );
    // Its body is set: the story's last words are on the page.
    let text = common::tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.matches("有了“家”").count() >= 14, "{text}");
}

/// Headline lines on a page read back from the PDF: horizontal ones (taller than a body
/// line, wider than tall) and vertical ones (a headline size wide, much longer than wide),
/// below the running head.
fn headline_words(ws: &[Word]) -> (Vec<&Word>, Vec<&Word>) {
    let below_running_head = |w: &&Word| w.y1 > 80.0;
    let across = ws
        .iter()
        .filter(|w| w.y1 - w.y0 > 16.0 && w.x1 - w.x0 > w.y1 - w.y0)
        .filter(below_running_head)
        .collect();
    let down = ws
        .iter()
        .filter(|w| w.x1 - w.x0 > 14.0 && w.y1 - w.y0 > 3.0 * (w.x1 - w.x0))
        .filter(below_running_head)
        .collect();
    (across, down)
}

/// Whether two words stand side by side at one height with nothing but white between them.
fn side_by_side(ws: &[Word], a: &Word, b: &Word) -> bool {
    let (top, foot) = (a.y0.max(b.y0), a.y1.min(b.y1));
    if top >= foot {
        return false;
    }
    let (from, to) = if a.x1 <= b.x0 { (a.x1, b.x0) } else { (b.x1, a.x0) };
    !ws.iter()
        .any(|w| w.x1 > from && w.x0 < to && w.y1 > top && w.y0 < foot)
}

#[test]
fn vertical_headlines_never_stand_beside_another_headline_at_their_height() {
    // 撞题 with a 竖题: the search used to see only headlines across the top of a module, so
    // it stood a 竖题 beside the next story's headline (page 1), and two 竖题 facing each
    // other, the second on the left of its body (page 2). Both pages have a setting without.
    let dir = common::scratch("vertical-head-collisions");
    let para = "呼伦贝尔市不断激发新业态、新就业群体融入城市生活、参与基层治理的活力，\
                把党的组织和工作覆盖到快递、外卖等新兴领域，让新就业群体在城市里有了“家”。";
    let body = |n: usize| vec![para; n].join("\n\n");
    let lead = format!("# 新就业群体融入城市生活\n\n□本报记者 李玉琢\n\n{}\n\n", body(8));
    let vhead = |n: usize| {
        format!(
            "#| 《红楼梦》里的“大观园” 今天还能看见吗\n\n□本报记者 王晓燕\n\n{}\n\n",
            body(n)
        )
    };
    common::write(
        &dir.join("p1.md"),
        format!(
            "{lead}{}# 草原上的新书屋\n\n□本报通讯员 张鑫\n\n{}\n\n# 快递小哥的新家\n\n□本报记者 宋爽\n\n{}\n",
            vhead(12),
            body(9),
            body(4)
        ),
    );
    common::write(
        &dir.join("p2.md"),
        format!(
            "{lead}{}#| 草原上的新书屋 今天开门迎客\n\n□本报通讯员 张鑫\n\n{}\n",
            vhead(8),
            body(4)
        ),
    );
    common::write(
        &dir.join("edition.toml"),
        "[paper]\nname = \"草原日报\"\ncode = \"cyrb\"\n\n[issue]\ndate = \"2022-07-20\"\nnumber = 8123\n\n\
         [[page]]\nnumber = 1\nsection = \"要闻\"\ncopy = \"p1.md\"\n\n\
         [[page]]\nnumber = 2\nsection = \"要闻\"\ncopy = \"p2.md\"\n\n\
         [[page.story]]\nstory = 3\nheadline_side = \"left\"\n",
    );
    let out = dir.join("out");
    let o = common::build_to(&dir, &out, &["-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    for (page, vertical_heads) in [(1, 1), (2, 2)] {
        let ws = words(&out.join(format!("cyrb-20220720-0{page}.pdf")));
        let (across, down) = headline_words(&ws);
        // Each 竖题 of two lines, and the page's other headlines across.
        assert_eq!(down.len(), 2 * vertical_heads, "page {page}: {down:?}");
        assert!(!across.is_empty(), "page {page}: {ws:?}");
        assert_no_vertical_head_collision(page, &ws);
    }
}

/// No 竖题 line of the page stands beside another headline at its height (撞题).
fn assert_no_vertical_head_collision(page: usize, ws: &[Word]) {
    let (across, down) = headline_words(ws);
    for v in &down {
        // A 竖题's own lines stand side by side, a line apart: the other 竖题 and the
        // headlines across are what it must not meet.
        let others = down
            .iter()
            .filter(|w| (w.x0 - v.x0).abs() > 1.5 * (v.x1 - v.x0))
            .copied();
        for h in across.iter().copied().chain(others) {
            assert!(
                !side_by_side(ws, v, h),
                "page {page}: the 竖题 line {v:?} stands beside {h:?} (撞题)"
            );
        }
    }
}

/// A paragraph of the test copy.
const PARA: &str = "呼伦贝尔市不断激发新业态、新就业群体融入城市生活、参与基层治理的活力，\
                    把党的组织和工作覆盖到快递、外卖等新兴领域，让新就业群体在城市里有了“家”。";

/// `n` paragraphs of the test copy.
fn paras(n: usize) -> String {
    vec![PARA; n].join("\n\n")
}

/// A scratch edition folder: its copy files, and a manifest of 草原日报 of 2022-07-20 with
/// `pages` (its `[[page]]` tables and their stories) after the paper and issue.
fn edition_with(name: &str, files: &[(&str, String)], pages: &str) -> std::path::PathBuf {
    let dir = common::scratch(name);
    for (file, text) in files {
        common::write(&dir.join(file), text);
    }
    common::write(
        &dir.join("edition.toml"),
        format!(
            "[paper]\nname = \"草原日报\"\ncode = \"cyrb\"\n\n[issue]\ndate = \"2022-07-20\"\nnumber = 8123\n\n{pages}"
        ),
    );
    dir
}

#[test]
fn the_search_stands_a_vertical_headline_on_the_side_clear_of_its_neighbours() {
    // Where the editor did not fix the side, a 竖题 stood on the right of its body, always:
    // here the module on the left of the page would have faced the next story's headline,
    // so the search set the head across the top instead (or left a blank column). It now
    // tries both sides; `headline_side` still decides where the editor gave it.
    let copy = format!(
        "# 新就业群体融入城市生活\n\n□本报记者 李玉琢\n\n{}\n\n\
         #| 《红楼梦》里的“大观园” 今天还能看见吗\n\n□本报记者 王晓燕\n\n{}\n\n\
         # 草原上的新书屋\n\n□本报通讯员 张鑫\n\n{}\n\n# 快递小哥的新家\n\n□本报记者 宋爽\n\n{}\n",
        paras(8),
        paras(12),
        paras(9),
        paras(4)
    );
    let dir = edition_with(
        "vertical-head-side",
        &[("p.md", copy)],
        "[[page]]\nnumber = 3\nsection = \"要闻\"\ncopy = \"p.md\"\n\n\
         [[page]]\nnumber = 4\nsection = \"要闻\"\ncopy = \"p.md\"\n\n\
         [[page.story]]\nstory = 2\nheadline_side = \"right\"\n",
    );
    let out = dir.join("out");
    let o = common::build_to(&dir, &out, &["-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    for (page, left) in [(3, true), (4, false)] {
        let ws = words(&out.join(format!("cyrb-20220720-0{page}.pdf")));
        let (_, down) = headline_words(&ws);
        assert!(!down.is_empty(), "page {page}: no 竖题 in {ws:?}");
        // The story's byline heads its body.
        let byline = ws
            .iter()
            .find(|w| w.text == "王晓燕")
            .unwrap_or_else(|| panic!("page {page}: the byline in {ws:?}"));
        for v in &down {
            let on_left = v.x1 < byline.x0;
            assert_eq!(
                on_left, left,
                "page {page}: the 竖题 line {v:?} beside its byline {byline:?}"
            );
        }
        assert_no_vertical_head_collision(page, &ws);
    }
}

#[test]
fn headlines_with_empty_columns_between_them_are_reported_side_by_side() {
    // The check counted 撞题 only between modules that touch; the search already saw a
    // headline across empty columns. Two 3-column stories at the top, the second pinned to
    // the sixth column: two empty columns between headlines at one height.
    let copy = format!(
        "# 新就业群体融入城市生活\n\n□本报记者 李玉琢\n\n{body}\n\n\
         # 草原上的新书屋\n\n□本报通讯员 张鑫\n\n{body}\n",
        body = paras(4)
    );
    let dir = edition_with(
        "collision-across-white",
        &[("p.md", copy)],
        "[[page]]\nnumber = 2\nsection = \"要闻\"\ncopy = \"p.md\"\n\n\
         [[page.story]]\nstory = 1\ncolumns = 3\n\n\
         [[page.story]]\nstory = 2\ncolumns = 3\nposition = [6, 1]\n",
    );
    let out = dir.join("out");
    let o = common::build_to(&dir, &out, &["--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    // The PDF: both headlines on one baseline, white between them.
    let ws = words(&out.join("cyrb-20220720-02.pdf"));
    let (across, _) = headline_words(&ws);
    let pair = across
        .iter()
        .flat_map(|a| across.iter().map(move |b| (*a, *b)))
        .find(|(a, b)| a.x1 < b.x0 && side_by_side(&ws, a, b));
    assert!(pair.is_some(), "two headlines side by side: {across:?}");
    // The report and the warning name them.
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(report.contains("\"collisions\": 1"), "{report}");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("'新就业群体融入城市生活' and '草原上的新书屋' stand side by side"),
        "{stderr}"
    );
}

#[test]
fn no_column_rule_parts_a_vertical_headline_from_its_text() {
    // Column rules part a story's text columns and stories: a rule ran down the gutter
    // between the 竖题 of issues/vertical p6 and its own body, the whole module's height.
    let out = build_vertical("vertical-head-rule");
    let pdf = out.join("cyrb-20220720-06.pdf");
    let ws = words(&pdf);
    let (_, down) = headline_words(&ws);
    assert!(!down.is_empty(), "a 竖题: {ws:?}");
    // The 竖题's ink: its words' boxes start at their lines' centres.
    let ink_left = down
        .iter()
        .map(|w| w.x0 - (w.x1 - w.x0) / 2.0)
        .fold(f64::INFINITY, f64::min);
    let (top, foot) = (
        down.iter().map(|w| w.y0).fold(f64::INFINITY, f64::min),
        down.iter().map(|w| w.y1).fold(0.0, f64::max),
    );
    // The right edge of the body's column beside it: where most of its lines end (a line
    // ending in a half-width mark has its box run half an em further, to the gutter's middle).
    let mut ends: Vec<i64> = ws
        .iter()
        .filter(|w| w.x1 < ink_left && w.x1 - w.x0 > w.y1 - w.y0 && w.y0 > top && w.y1 < foot)
        .map(|w| (w.x1 * 2.0).round() as i64)
        .collect();
    ends.sort();
    let last = *ends.last().expect("the body beside the 竖题");
    let edge = ends.iter().filter(|&&e| last - e < 18).copied();
    let text_right = edge
        .clone()
        .max_by_key(|&e| ends.iter().filter(|&&x| x == e).count())
        .expect("a column edge") as f64
        / 2.0;
    let grey = render(&pdf, 150);
    let px = |v: f64| (v * grey.scale).round() as usize;
    let (y0, y1) = (px(top), px(foot));
    // No pixel column between them inked along a third of the head's height.
    let inked: Vec<usize> = (px(text_right) + 2..px(ink_left) - 2)
        .filter(|&x| (y0..y1).filter(|&y| grey.px[y * grey.w + x] < 160).count() * 3 > y1 - y0)
        .collect();
    assert!(
        inked.is_empty(),
        "a rule between the body (to x {text_right:.1}) and its 竖题 (from {ink_left:.1}) at px {inked:?}"
    );
}

#[test]
fn the_poem_fills_its_box_to_the_rule_beside_it() {
    // issues/vertical p7: the poem's lines stood in the right half of their box, 100 pt of
    // white between the last of them and the rule on its left (x 110–305 px of 110–625 at
    // 150 dpi); then, spread at 1.5 line pitches, still 52 pt. A module ends where its
    // content ends: the poem's stanzas now stand a line apart and its lines reach the rule.
    let out = build_vertical("vertical-poem-box");
    let ws = words(&out.join("cyrb-20220720-07.pdf"));
    let title = ws
        .iter()
        .find(|w| w.text == "静夜思")
        .expect("the poem's title is one vertical line");
    // The poem's lines: long vertical words beside and left of the title, at its height.
    let lines: Vec<&Word> = ws
        .iter()
        .filter(|w| w.y1 - w.y0 > 4.0 * (w.x1 - w.x0) && w.x0 < title.x0)
        .filter(|w| (w.y0 - title.y0).abs() < 40.0)
        .collect();
    assert!(lines.len() >= 4, "{lines:?}");
    let last = lines.iter().map(|w| w.x0).fold(f64::INFINITY, f64::min);
    let (top, foot) = (title.y0, lines.iter().map(|w| w.y1).fold(0.0, f64::max));
    // The text beside the box: horizontal body lines left of it, at its height.
    let beside = ws
        .iter()
        .filter(|w| w.x1 < last && w.x1 - w.x0 > w.y1 - w.y0 && w.y0 > top && w.y1 < foot)
        .map(|w| w.x1)
        .fold(0.0, f64::max);
    assert!(beside > 0.0, "a story stands beside the poem: {ws:?}");
    // The rule stands in the middle of the 1-em gutter after the text beside; a vertical
    // word's box starts at its line's centre, half an em right of its ink. Between the
    // rule and the last line's ink: at most a line pitch (13.5 pt) of white, where there
    // was 52 pt.
    let (em, pitch) = (9.0, 13.5);
    let white = (last - em / 2.0) - (beside + em / 2.0);
    assert!(
        white <= pitch,
        "{white:.1} pt of white between the rule and the poem's last line (at x {last:.1})"
    );
    // The stanzas stand apart: 春晓's first line is a line further from 静夜思's last than
    // 静夜思's lines are from each other.
    let at = |held: &str, start: bool| {
        ws.iter()
            .find(|w| {
                let found = if start {
                    w.text.starts_with(held)
                } else {
                    w.text.contains(held)
                };
                found && w.x0 < title.x0 && (w.y0 - top).abs() < 40.0
            })
            .unwrap_or_else(|| panic!("a line holding {held}: {lines:?}"))
            .x0
    };
    // 静夜思's second line holds 思故乡, however its first line breaks.
    let (first, second, next) = (
        at("床前明月光", true),
        at("思故乡", false),
        at("春眠不觉晓", true),
    );
    let (within, between) = (first - second, second - next);
    assert!(
        (between - 2.0 * within).abs() < 0.5,
        "lines {within:.1} pt apart in a stanza, {between:.1} pt between stanzas"
    );
}

#[test]
fn a_tall_vertical_story_stands_in_tiers_with_a_rule_between_them() {
    // A long vertical story the editor keeps to two columns: in one tier its lines would run
    // down the page, over a hundred characters long. It is set in tiers (分栏) of lines no
    // longer than a reader follows, one under the other, a rule across between them.
    let copy = format!(
        "# 新就业群体融入城市生活\n\n□本报记者 李玉琢\n\n{}\n\n\
         # 草原书屋记\n\n◎本报记者 王晓燕\n\n{}\n",
        paras(30),
        paras(9)
    );
    let dir = edition_with(
        "vertical-tiers",
        &[("page.md", copy)],
        "[[page]]\nnumber = 7\nsection = \"副刊\"\ncopy = \"page.md\"\n\n\
         [[page.story]]\nstory = 2\nvertical = true\ncolumns = 2\n",
    );
    let out = dir.join("out");
    let o = common::build_to(&dir, &out, &["-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let pdf = out.join("cyrb-20220720-07.pdf");
    let ws = words(&pdf);
    let lines: Vec<&Word> = ws
        .iter()
        .filter(|w| w.text.chars().count() >= 8 && w.y1 - w.y0 > 4.0 * (w.x1 - w.x0))
        // Body lines, not the title.
        .filter(|w| w.x1 - w.x0 < 12.0)
        .collect();
    // Every line at most 32 characters (9 pt type: 288 pt and its slack).
    for w in &lines {
        assert!(w.y1 - w.y0 < 32.5 * 9.0, "a line of {:.0} pt: {w:?}", w.y1 - w.y0);
    }
    // Tiers: the lines' tops at two heights or more, each tier's lines flush top (a
    // paragraph's first line two characters lower).
    let mut tops: Vec<f64> = Vec::new();
    for w in &lines {
        match tops.iter_mut().find(|t| (**t - w.y0).abs() < 30.0) {
            Some(t) => *t = t.min(w.y0),
            None => tops.push(w.y0),
        }
    }
    tops.sort_by(f64::total_cmp);
    assert!(tops.len() >= 2, "one tier: {lines:?}");
    // Between the first two tiers, a rule across the module: a thin line of ink as wide as
    // the tier's lines stand.
    let upper: Vec<&&Word> = lines.iter().filter(|w| (w.y0 - tops[0]).abs() < 30.0).collect();
    let (x0, x1) = (
        upper.iter().map(|w| w.x0).fold(f64::INFINITY, f64::min) - 5.0,
        upper.iter().map(|w| w.x1).fold(0.0, f64::max),
    );
    let foot = upper.iter().map(|w| w.y1).fold(0.0, f64::max);
    // (poppler's boxes of vertical words stand up to an em off their ink: the band is wide.)
    let grey = render(&pdf, 150);
    let px = |v: f64| (v * grey.scale).round() as usize;
    let covered = |y: usize| {
        let run = px(x0)..px(x1);
        let n = run.len() as f64;
        run.filter(|&x| grey.px[y * grey.w + x] < 160).count() as f64 / n
    };
    let rule_rows: Vec<usize> = (px(foot - 5.0)..px(tops[1] + 25.0))
        .filter(|&y| covered(y) > 0.9)
        .collect();
    assert!(
        !rule_rows.is_empty() && rule_rows.len() <= 3,
        "a rule across {x0:.1}..{x1:.1} between the tiers (rows {foot:.1}..{:.1}): {rule_rows:?}",
        tops[1]
    );
    let text = common::tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("草原书屋记"), "{text}");
}

#[test]
fn the_white_beside_a_short_vertical_story_is_a_hole_and_a_body_runs_on_under_a_short_head() {
    // A vertical story the editor keeps to four columns, with copy for two and a half: its
    // module counted as filled to its edges, so the page reported no hole where its white
    // stands. And a vertical headline of two characters beside a long body: the white under
    // it was a column of hole (a page sets the body on under the head, as an L).
    let dir = common::scratch("vertical-holes");
    let para = "呼伦贝尔市不断激发新业态、新就业群体融入城市生活、参与基层治理的活力，\
                把党的组织和工作覆盖到快递、外卖等新兴领域，让新就业群体在城市里有了“家”。";
    let body = |n: usize| vec![para; n].join("\n\n");
    common::write(
        &dir.join("story.md"),
        format!(
            "# 新就业群体融入城市生活\n\n□本报记者 李玉琢\n\n{}\n\n\
             # 草原书屋记\n\n◎本报记者 王晓燕\n\n{}\n",
            body(30),
            body(2)
        ),
    );
    common::write(
        &dir.join("head.md"),
        format!(
            "# 新就业群体融入城市生活\n\n□本报记者 李玉琢\n\n{}\n\n#| 书屋\n\n□本报记者 王晓燕\n\n{}\n",
            body(14),
            body(8)
        ),
    );
    common::write(
        &dir.join("edition.toml"),
        "[paper]\nname = \"草原日报\"\ncode = \"cyrb\"\n\n[issue]\ndate = \"2022-07-20\"\nnumber = 8123\n\n\
         [[page]]\nnumber = 6\nsection = \"要闻\"\ncopy = \"head.md\"\n\n\
         [[page]]\nnumber = 7\nsection = \"副刊\"\ncopy = \"story.md\"\n\n\
         [[page.story]]\nstory = 2\nvertical = true\ncolumns = 4\n",
    );
    let out = dir.join("out");
    let o = common::build_to(&dir, &out, &["-q", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("report");
    // The type area's left edge and top, a column and its gutter (broadsheet), points.
    let (x0, top, col, pitch) = (
        (390.0 * 72.0 / 25.4 - 999.0) / 2.0,
        30.0 * 72.0 / 25.4,
        126.0,
        13.5,
    );
    let column_of = |x: f64| ((x - x0) / col).floor();
    let page_of = |number: usize| {
        report["pages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["number"] == number)
            .expect("the page")
    };
    assert_body_under_short_head(&out.join("cyrb-20220720-06.pdf"), page_of(6), (x0, col, pitch));
    let (number, pdf) = (7, out.join("cyrb-20220720-07.pdf"));
    let page = page_of(number);
    let grey = render(&pdf, 72);
    // Vertical words: the headline, or the story's lines (poppler puts a vertical word's
    // x range at its line's centre).
    let vertical: Vec<Word> = words(&pdf)
        .into_iter()
        .filter(|w| w.y1 - w.y0 > 1.5 * (w.x1 - w.x0))
        .collect();
    let list = page["hole_list"].as_array().expect("hole list");
    let mut by_vertical = false;
    for h in list {
        for part in h["parts"].as_array().unwrap() {
            let n = |k: &str| part[k].as_f64().unwrap();
            let (c0, cols, r0, rows) = (n("col0"), n("cols"), n("row0"), n("rows"));
            let (left, right) = (x0 + c0 * col, x0 + (c0 + cols) * col - 9.0);
            let (y0, y1) = (top + r0 * pitch, top + (r0 + rows) * pitch);
            // No ink in it.
            let ink = grey.ink_box(left + 1.5, y0 + 1.5, right - 1.5, y1 - 1.5);
            assert!(ink.is_none(), "page {number}: ink {ink:?} in hole {h}");
            // Vertical text in its column (a headline above or under it) or in the
            // column right of it, at its lines.
            by_vertical |= vertical.iter().any(|w| {
                let c = column_of(w.x0);
                let lines = w.y0 < y1 + 50.0 && w.y1 > y0 - 50.0;
                lines && (c0..c0 + cols + 1.0).contains(&c)
            });
        }
    }
    assert!(
        !list.is_empty() && by_vertical,
        "page {number}: the white beside its vertical text is a hole: {list:?}"
    );
}

/// Page 6 of the test above: the body's lines run on under the 竖题 `书屋` in its column,
/// from just under it to the foot of the column beside, and the page reports no hole in
/// that column.
fn assert_body_under_short_head(
    pdf: &std::path::Path,
    page: &serde_json::Value,
    (x0, col, pitch): (f64, f64, f64),
) {
    let ws = words(pdf);
    let head = ws
        .iter()
        .find(|w| w.text == "书屋" && w.y1 - w.y0 > 1.5 * (w.x1 - w.x0))
        .unwrap_or_else(|| panic!("the 竖题 书屋 set vertically: {ws:?}"));
    // Horizontal lines across the head's column (poppler starts a vertical word's x range at
    // its line's centre, the column's middle), and those of the column left of it.
    let horizontal = |w: &&Word| w.x1 - w.x0 > w.y1 - w.y0 && w.y1 - w.y0 < 16.0;
    let in_column = |w: &&Word, x: f64| w.x0 < x && w.x1 > x;
    let under: Vec<&Word> = ws
        .iter()
        .filter(horizontal)
        .filter(|w| in_column(w, head.x0) && w.y0 > head.y1)
        .collect();
    // Two at least: the column under the head holds three rows or none.
    assert!(under.len() >= 2, "lines under the 竖题 {head:?}: {under:?}");
    let first = under.iter().map(|w| w.y0).fold(f64::INFINITY, f64::min);
    let last = under.iter().map(|w| w.y1).fold(0.0, f64::max);
    // Poppler's box of a vertical word runs 0.88 em above its ink: the head's foot and air.
    assert!(
        first - head.y1 < 4.0 * pitch,
        "the text under the 竖题 (foot y {:.1}) starts at y {first:.1}",
        head.y1
    );
    let beside = ws
        .iter()
        .filter(horizontal)
        .filter(|w| in_column(w, head.x0 - col) && w.y0 > head.y0 - 2.0 * pitch)
        .map(|w| w.y1)
        .fold(0.0, f64::max);
    assert!(
        beside - last < 2.0 * pitch,
        "the column under the 竖题 ends at y {last:.1}, the one beside it at {beside:.1}"
    );
    let column = ((head.x0 - x0) / col).floor();
    let holes = page["hole_list"].as_array().expect("hole list");
    let in_head_column = holes
        .iter()
        .flat_map(|h| h["parts"].as_array().unwrap())
        .any(|p| {
            let c0 = p["col0"].as_f64().unwrap();
            (c0..c0 + p["cols"].as_f64().unwrap()).contains(&column)
        });
    assert!(!in_head_column, "a hole in the 竖题's column {column}: {holes:?}");
}

#[test]
fn a_loose_vertical_line_is_counted_and_named_and_no_unprinted_line_is() {
    // A whole vertical story whose lines are composed at the height the search chooses:
    // its loose lines were drawn but neither counted in `loose_lines` nor named for the
    // editor (an unseen page had `屋里的收音机正播着 F M` spread down its column, 0 counted),
    // while the loose lines of its horizontal setting, never printed, were named (the URL
    // paragraph has two at the horizontal measure).
    let copy = "# 望月\n\n◎宋辞\n\n\
                2025年的第一场雪落在阴山脚下，我在窗前读《春江花月夜》：“江畔何人初见月？江月何年初照人？”\n\n\
                屋里的收音机正播着FM 95.9的夜间节目，主持人说今晚气温-18℃，明早有5级大风。\n\n\
                “人生代代无穷已，江月年年望相似。”一千三百多年前的月光，照着今天的草原，也照着远行的人。\n\n\
                母亲在电话里说，家里的炉子烧得正旺，锅里炖着羊肉，等我回去。\n\n\
                详情可登录园区网站https://www.example-park.gov.cn/news/2024/notice_0256.html查询。\n";
    let dir = edition_with(
        "vertical-loose",
        &[("p.md", copy.to_string())],
        "[[page]]\nnumber = 7\nsection = \"副刊\"\ncopy = \"p.md\"\n\n\
         [[page.story]]\nstory = 1\nvertical = true\n",
    );
    let out = dir.join("out");
    let o = common::build_to(&dir, &out, &["--json"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let loose = report["pages"][0]["loose_lines"].as_u64().unwrap();
    // The PDF: the column holding 屋…着 (one word to poppler) is spread, its gaps over
    // 0.12 em on average, where a solid column's nine cells are nine em long.
    let ws = words(&out.join("cyrb-20220720-07.pdf"));
    let line = "屋里的收音机正播着";
    let w = ws
        .iter()
        .find(|w| w.text == line)
        .unwrap_or_else(|| panic!("{line} in {ws:?}"));
    let (em, n) = (w.x1 - w.x0, line.chars().count() as f64);
    let gap = ((w.y1 - w.y0) - n * em) / ((n - 1.0) * em);
    assert!(gap > 0.12, "{gap:.3} em between the characters of {w:?}");
    assert!(loose >= 1, "loose_lines {loose}");
    assert_eq!(
        stderr.matches("warning: loose line").count() as u64,
        loose,
        "{stderr}"
    );
    assert!(
        stderr.contains("p.md:7:1: warning: loose line ending '屋里的收音机正播着"),
        "{stderr}"
    );
}
