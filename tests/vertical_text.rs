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
    let piece = Piece {
        text,
        role: Role::Headline,
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
