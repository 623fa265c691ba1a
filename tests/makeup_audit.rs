//! The makeup checks of issue 10's Done-when, read back from the PDF of every page we have:
//! the corpus (tests/corpus/01–13), the fixtures' pages, the sample and the vertical
//! edition. Rules: no tick past a rule met, no stub, no double rule, no box over the type
//! area's edge; no photo or placeholder over 1/6 of the type area; the booked 8 × 16 ad at
//! its exact size on the foot with `广告` at its edge; an undelivered ad's placeholder naming
//! its advertiser; a story photo inside its story's module, 2–5 columns, caption under it.
//! Every figure comes from the content stream (lopdf) or `pdftotext -bbox`, never from the
//! report alone.

mod common;

use common::pdf::{
    MM, PITCH, blocks, grid_of, overlap, placed, rule_faults, rules_beside_white, strokes, words,
};
use common::{build_to, root, scratch};
use serde_json::Value;
use std::path::PathBuf;

/// One built page: where it came from, its PDF, its report and the build's stderr.
struct Page {
    name: String,
    pdf: PathBuf,
    report: Value,
    stderr: String,
}

/// Builds an edition folder or a copy file and returns each of its pages.
fn build_pages(input: &str) -> Vec<Page> {
    // Tests run side by side and build the same pages: each build gets its own folder.
    static RUN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let out = scratch(&format!("audit-{}-{run}", input.replace('/', "-")));
    let o = build_to(&root().join(input), &out, &["--json", "--allow-overflow"]);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(0), "{input}: {stderr}");
    let report: Value = serde_json::from_slice(&o.stdout).expect("one JSON report");
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| f["page"].is_number())
        .map(|f| Page {
            name: format!("{input} p{}", f["page"]),
            pdf: out.join(f["file"].as_str().expect("file name")),
            report: f.clone(),
            stderr: stderr.clone(),
        })
        .collect()
}

/// Every page we have: corpus, fixtures, sample, vertical.
const INPUTS: &[&str] = &[
    "tests/corpus/01-quarter",
    "tests/corpus/02-half-pdf-ad",
    "tests/corpus/03-briefs",
    "tests/corpus/04-many-short",
    "tests/corpus/05-one-long",
    "tests/corpus/06-six-photos",
    "tests/corpus/07-too-long",
    "tests/corpus/08-missing-ad",
    "tests/corpus/09-three-ads",
    "tests/corpus/10-tabloid",
    "tests/corpus/11-latin-urls",
    "tests/corpus/12-full-with-ad",
    "tests/corpus/13-interview-figures",
    "tests/fixtures/layout/four-photos.md",
    "tests/fixtures/layout/half-page.md",
    "tests/fixtures/layout/long-story.md",
    "tests/fixtures/layout/many-short.md",
    "tests/fixtures/layout/too-long.md",
    "tests/fixtures/compose/figures.md",
    "tests/fixtures/compose/headings.md",
    "tests/fixtures/compose/operators.md",
    "tests/fixtures/compose/short.md",
    "tests/fixtures/edition",
    "issues/sample",
    "issues/vertical",
];

/// The type area of a page as [x0, y0, x1, y1] from the top-left, points: the grid's
/// columns across, its lines down (103 on a broadsheet, 72 on a tabloid).
fn type_area(media_h: f64) -> [f64; 4] {
    let (x0, top, col, gutter) = grid_of(media_h);
    let (cols, lines) = if media_h > 1200.0 {
        (8.0, 103.0)
    } else {
        (6.0, 72.0)
    };
    [
        x0,
        top,
        x0 + cols * col + (cols - 1.0) * gutter,
        top + lines * PITCH,
    ]
}

/// The booked ads of a page's report, as boxes from the top-left.
fn ad_boxes(report: &Value) -> Vec<[f64; 4]> {
    report["ads"]
        .as_array()
        .map(|ads| {
            ads.iter()
                .map(|a| {
                    let v = |k: &str, i: usize| a[k][i].as_f64().unwrap_or(0.0) * MM;
                    let (x, y) = (v("at_mm", 0), v("at_mm", 1));
                    [x, y, x + v("size_mm", 0), y + v("size_mm", 1)]
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Whether box `a` lies in box `b` give or take `tol` points.
fn inside(a: &[f64; 4], b: &[f64; 4], tol: f64) -> bool {
    a[0] >= b[0] - tol && a[1] >= b[1] - tol && a[2] <= b[2] + tol && a[3] <= b[3] + tol
}

/// What a proofreader marks on a page's drawing: rule faults, strokes and boxes over the
/// type area's edge, photos and placeholders over 1/6 of the type area.
fn page_faults(p: &Page) -> Vec<String> {
    let (segs, media_h) = strokes(&p.pdf);
    let area = type_area(media_h);
    // A front page's masthead stands on a thick-and-thin rule (文武线) across the page: one
    // rule drawn as two on purpose, not two module rules closer than 3 mm.
    let wenwu: Vec<String> = segs
        .iter()
        .filter(|s| !s.vertical && s.width >= 1.5 && s.to - s.from > area[2] - area[0] - 1.0)
        .map(|s| format!("at: {}, ", s.at))
        .collect();
    let mut faults: Vec<String> = rule_faults(&p.pdf)
        .into_iter()
        .filter(|f| !(f.starts_with("double rule") && wenwu.iter().any(|w| f.contains(w.as_str()))))
        .map(|f| format!("{}: {f}", p.name))
        .collect();
    // Strokes: the running head's rules stand above the type area; everything else in it,
    // but for a box's sides at the head of the page, which run up to the running head's
    // lower rule and end on it: that rule is the box's top (a box edge 1.3 mm under it read
    // as a third rule).
    let head_rule = segs
        .iter()
        .filter(|s| !s.vertical && media_h - s.at < area[1] - 1.0)
        .map(|s| s.at)
        .fold(f64::INFINITY, f64::min);
    for s in segs
        .iter()
        .filter(|s| !(s.vertical && (s.to - head_rule).abs() < 0.05))
    {
        let b = if s.vertical {
            [s.at, media_h - s.to, s.at, media_h - s.from]
        } else {
            [s.from, media_h - s.at, s.to, media_h - s.at]
        };
        if b[3] < area[1] - 1.0 {
            continue;
        }
        // Half the rule's weight may stand outside the line it is drawn on.
        if !inside(&b, &area, 0.05) {
            faults.push(format!("{}: stroke {s:?} outside the type area {area:?}", p.name));
        }
    }
    let ads = ad_boxes(&p.report);
    let limit = (area[2] - area[0]) * (area[3] - area[1]) / 6.0;
    let mut art: Vec<[f64; 4]> = blocks(&p.pdf);
    art.extend(placed(&p.pdf));
    for b in art.iter().filter(|b| b[3] > area[1] - 1.0) {
        if !inside(b, &area, 0.05) {
            faults.push(format!(
                "{}: box {b:?} over the type area's edge {area:?}",
                p.name
            ));
        }
        let booked = ads.iter().any(|a| inside(b, a, 1.0) || inside(a, b, 1.0));
        let size = (b[2] - b[0]) * (b[3] - b[1]);
        if !booked && size > limit + 1.0 {
            faults.push(format!(
                "{}: photo or placeholder {b:?} is {:.1} % of the type area",
                p.name,
                100.0 * size / (limit * 6.0)
            ));
        }
    }
    faults
}

/// Builds every page we have and asserts that `faults` finds nothing on any of them.
fn assert_no_faults_on_any_page(what: &str, faults: fn(&Page) -> Vec<String>) {
    let mut found = Vec::new();
    let mut pages = 0;
    for input in INPUTS {
        for p in build_pages(input) {
            pages += 1;
            found.extend(faults(&p));
        }
    }
    assert!(pages >= 28, "every page built: {pages}");
    assert!(found.is_empty(), "{} {what}: {found:#?}", found.len());
}

#[test]
fn every_page_has_clean_rules_inside_its_type_area_and_photos_within_a_sixth() {
    assert_no_faults_on_any_page("faults", page_faults);
}

#[test]
fn the_booked_eight_by_sixteen_ad_sits_on_the_foot_at_its_exact_size() {
    let p = build_pages("tests/corpus/02-half-pdf-ad").remove(0);
    let (segs, media_h) = strokes(&p.pdf);
    let area = type_area(media_h);
    let (_, _, col, gutter) = grid_of(media_h);
    let (w, h) = (8.0 * col + 7.0 * gutter, 16.0 * PITCH);
    // The ad's page, placed as a form: across the type area, standing on its foot.
    let forms = placed(&p.pdf);
    let ad = forms
        .iter()
        .find(|b| (b[2] - b[0] - w).abs() < 0.2 && (b[3] - b[1] - h).abs() < 0.2)
        .unwrap_or_else(|| panic!("a form of {w} × {h} pt placed: {forms:?}"));
    assert!(
        (ad[0] - area[0]).abs() < 0.2 && (ad[3] - area[3]).abs() < 0.2,
        "on the type area's foot, across it: {ad:?} in {area:?}"
    );
    let words = words(&p.pdf);
    let label = words
        .iter()
        .find(|(t, r)| {
            t == "广告" && (r[2] - ad[2]).abs() < 3.0 && r[3] <= ad[1] + 0.5 && r[1] >= ad[1] - PITCH
        })
        .unwrap_or_else(|| panic!("广告 over the ad's upper edge, flush right"));
    assert!(!overlap(&label.1, ad), "the label is off the artwork");
    // Nothing of the page's own on the ad: no Han word, no rule, no fill.
    let over: Vec<_> = words
        .iter()
        .filter(|(t, r)| t.chars().any(common::is_han) && overlap(r, ad))
        .collect();
    assert!(over.is_empty(), "copy over the ad: {over:?}");
    let ruled: Vec<_> = segs
        .iter()
        .filter(|s| {
            let b = if s.vertical {
                [s.at - 0.1, media_h - s.to, s.at + 0.1, media_h - s.from]
            } else {
                [s.from, media_h - s.at - 0.1, s.to, media_h - s.at + 0.1]
            };
            overlap(&b, &[ad[0] + 1.0, ad[1] + 1.0, ad[2] - 1.0, ad[3] - 1.0])
        })
        .collect();
    assert!(ruled.is_empty(), "rules through the ad: {ruled:?}");
}

#[test]
fn an_undelivered_ad_prints_a_grey_frame_naming_its_advertiser_and_warns() {
    for (input, advertiser, size) in [
        ("tests/corpus/08-missing-ad", "蒙牛乳业", (4, 30)),
        ("tests/corpus/09-three-ads", "草原旅游", (2, 12)),
    ] {
        let p = build_pages(input).remove(0);
        assert!(
            p.stderr.contains(&format!(
                "warning: ad for {advertiser} ({} columns × {} lines) is not delivered",
                size.0, size.1
            )),
            "{input}: {}",
            p.stderr
        );
        let (_, media_h) = strokes(&p.pdf);
        let (_, _, col, gutter) = grid_of(media_h);
        let (w, h) = (size.0 as f64 * (col + gutter) - gutter, size.1 as f64 * PITCH);
        let fills = blocks(&p.pdf);
        let frame = fills
            .iter()
            .find(|b| (b[2] - b[0] - w).abs() < 0.2 && (b[3] - b[1] - h).abs() < 0.2)
            .unwrap_or_else(|| panic!("{input}: a placeholder of {w} × {h} pt: {fills:?}"));
        let named = words(&p.pdf)
            .into_iter()
            .any(|(t, r)| t.contains(advertiser) && inside(&r, frame, 0.5));
        assert!(
            named,
            "{input}: {advertiser} named inside the placeholder {frame:?}"
        );
    }
}

/// A story photo read back: the image's box, its story's title and its caption's start.
fn check_story_photo(p: &Page, title: &str, caption: &str) {
    let (segs, media_h) = strokes(&p.pdf);
    let (_, _, col, gutter) = grid_of(media_h);
    let words = words(&p.pdf);
    let images = placed(&p.pdf);
    // The photo's frame (the report's), with the image drawn inside it (a picture of
    // another aspect is centred in its frame) and the caption directly under it, starting at
    // its left edge.
    let frames: Vec<[f64; 4]> = p.report["photos"]
        .as_array()
        .expect("photos")
        .iter()
        .map(|ph| {
            let v = |k: &str, i: usize| ph[k][i].as_f64().unwrap_or(0.0) * MM;
            [
                v("at_mm", 0),
                v("at_mm", 1),
                v("at_mm", 0) + v("size_mm", 0),
                v("at_mm", 1) + v("size_mm", 1),
            ]
        })
        .collect();
    let (img, cap) = frames
        .iter()
        .filter(|f| {
            images
                .iter()
                .any(|i| inside(i, f, 0.6) && i[2] - i[0] > (f[2] - f[0]) * 0.8)
        })
        .find_map(|r| {
            words
                .iter()
                .find(|(t, w)| {
                    t.starts_with(caption)
                        && w[1] > r[3] - 1.0
                        && w[1] < r[3] + PITCH
                        && (w[0] - r[0]).abs() < 2.0
                })
                .map(|(_, w)| (*r, *w))
        })
        .unwrap_or_else(|| {
            panic!(
                "{}: caption {caption:?} under an image: {images:?} {frames:?}",
                p.name
            )
        });
    assert!(
        cap[2] <= img[2] + 1.0,
        "{}: the caption within the photo's width",
        p.name
    );
    // 2–5 columns wide: the photo spans whole columns of the grid.
    let cols = ((img[2] - img[0] + gutter) / (col + gutter)).round();
    assert!(
        (2.0..=5.0).contains(&cols) && (img[2] - img[0] - (cols * (col + gutter) - gutter)).abs() < 1.0,
        "{}: photo {img:?} is not 2-5 whole columns ({cols})",
        p.name
    );
    // Inside its story's module: between the same vertical rules as its headline, under it,
    // with no rule between them or through the photo.
    let head = words
        .iter()
        .filter(|(t, _)| title.contains(t.as_str()) && t.chars().count() >= 2)
        .find(|(_, w)| w[3] <= img[1] + 1.0 && w[3] - w[1] >= 20.0)
        .map(|(_, w)| *w)
        .unwrap_or_else(|| panic!("{}: headline {title:?} above its photo {img:?}", p.name));
    let mid = (img[1] + img[3]) / 2.0;
    let verticals: Vec<_> = segs.iter().filter(|s| s.vertical).collect();
    let bound = |x: f64, y: f64, left: bool| {
        verticals
            .iter()
            .filter(|s| media_h - s.to <= y && y <= media_h - s.from)
            .map(|s| s.at)
            .filter(|&a| if left { a < x } else { a > x })
            .fold(if left { 0.0 } else { f64::MAX }, |m, a| {
                if left { m.max(a) } else { m.min(a) }
            })
    };
    let hy = (head[1] + head[3]) / 2.0;
    assert!(
        bound(head[0] + 1.0, hy, true) <= img[0] + 0.5 && img[2] - 0.5 <= bound(head[2] - 1.0, hy, false),
        "{}: the photo {img:?} outside its headline's module {head:?}",
        p.name
    );
    let cut = segs.iter().any(|s| {
        let b = if s.vertical {
            [s.at, media_h - s.to, s.at, media_h - s.from]
        } else {
            [s.from, media_h - s.at, s.to, media_h - s.at]
        };
        let between = [img[0] + 1.0, head[3], img[2] - 1.0, img[3] - 1.0];
        b[0] < between[2] && between[0] < b[2] && b[1] < between[3] && between[1] < b[3]
    });
    assert!(
        !cut,
        "{}: a rule between {title:?} and its photo, or through it",
        p.name
    );
    assert!(bound(img[0] + 1.0, mid, true) <= img[0] + 0.5, "{}", p.name);
}

#[test]
fn a_story_photo_sits_in_its_module_two_to_five_columns_with_its_caption_under_it() {
    let six = build_pages("tests/corpus/06-six-photos").remove(0);
    check_story_photo(&six, "冬季供暖全面启动", "社区志愿者");
    check_story_photo(&six, "一条公路连起致富路", "新建成的跨河大桥");
    let twelve = build_pages("tests/corpus/12-full-with-ad").remove(0);
    check_story_photo(&twelve, "湿地保护修复见成效", "新建成的跨河大桥");
}

/// The report's cells (`col0`, `cols`, `row0`, `rows`, from 0) of one hole run.
fn cells(v: &Value) -> [usize; 4] {
    let n = |k: &str| v[k].as_u64().unwrap_or(0) as usize;
    [n("col0"), n("cols"), n("row0"), n("rows")]
}

/// The column rules on a page that run beside white for three lines or more, less those a
/// hole accounts for (white inside a module is reported as a hole, a fault of its own) and a
/// module's edge standing at the space left. A rule inside the space left is a fault.
fn rule_faults_beside_white(p: &Page) -> Vec<String> {
    let (_, media_h) = strokes(&p.pdf);
    let (x0, _, col, gutter) = grid_of(media_h);
    let holes: Vec<[usize; 4]> = p.report["hole_areas"]
        .as_array()
        .map(|h| h.iter().map(cells).collect())
        .unwrap_or_default();
    let space = &p.report["space_left"];
    let n = |k: &str| space[k].as_u64().unwrap_or(0) as usize;
    // The space left's edges as x in points (a gutter's middle) and its lines from 0.
    let (left, right) = (
        x0 + n("column").saturating_sub(1) as f64 * (col + gutter) - gutter / 2.0,
        x0 + (n("column") + n("columns")).saturating_sub(1) as f64 * (col + gutter) - gutter / 2.0,
    );
    let lines = n("line").saturating_sub(1)..n("line").saturating_sub(1) + n("lines");
    rules_beside_white(&p.pdf)
        .into_iter()
        .filter(|(line, _, _)| !holes.iter().any(|h| (h[2]..h[2] + h[3]).contains(line)))
        .filter(|(line, x, _)| {
            let edge = (x - left).abs() < gutter || (x - right).abs() < gutter;
            !(space.is_object() && edge && lines.contains(line))
        })
        .map(|(_, _, f)| format!("{}: {f}", p.name))
        .collect()
}

#[test]
fn no_column_rule_runs_beside_white_on_any_page() {
    assert_no_faults_on_any_page("rules beside white", rule_faults_beside_white);
}
