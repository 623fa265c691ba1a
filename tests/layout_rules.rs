//! Rules checked on the laid-out sample page (TYPOGRAPHY.md §7: LB-01, LB-02, PU-05, PA-06).

use newsprint::build::{build_page, read_job};
use newsprint::layout::{Format, Grid, Item, Page};
use newsprint::shape::{FaceId, FontDb, FontFiles, Role};
use std::collections::BTreeMap;

/// The sample page and the id of its body face.
fn sample_page() -> (Page, FaceId) {
    let job = read_job(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/issues/sample"
    )))
    .expect("reads");
    let files = FontFiles::open(&FontFiles::default_dir()).expect("fonts");
    let db = FontDb::new(&files).expect("fonts parse");
    (
        build_page(&job, 0, &db).expect("builds").page,
        db.role(Role::Body),
    )
}

/// Body lines: 9 pt Song glyphs grouped by column and baseline, in reading order.
fn body_lines(page: &Page, body: FaceId, grid: &Grid) -> BTreeMap<(usize, i64), Vec<(f64, String)>> {
    let step = grid.column_width().0 + grid.gutter().0;
    let mut lines: BTreeMap<(usize, i64), Vec<(f64, String)>> = BTreeMap::new();
    for item in &page.items {
        let Item::Text(run) = item else { continue };
        if run.size.0 != 9.0 || run.face != body {
            continue;
        }
        for g in &run.glyphs {
            // A trimmed opening mark starts ½ em left of its column: look half a gutter and more.
            let col = ((g.pos.x.0 - grid.area.x.0 + 6.0) / step).floor() as usize;
            let key = (col, (g.pos.y.0 * 100.0).round() as i64);
            lines.entry(key).or_default().push((g.pos.x.0, g.text.clone()));
        }
    }
    for l in lines.values_mut() {
        l.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    lines
}

#[test]
fn lb_01_02_no_line_on_the_page_starts_or_ends_with_a_forbidden_mark() {
    let (page, body) = sample_page();
    let grid = Grid::new(Format::broadsheet());
    let lines = body_lines(&page, body, &grid);
    assert!(lines.len() > 500, "the sample sets {} body lines", lines.len());
    for ((col, y), glyphs) in &lines {
        let text: String = glyphs.iter().map(|g| g.1.as_str()).collect();
        let first = text.chars().next().unwrap();
        let last = text.chars().last().unwrap();
        assert!(
            !"。，、：；！？”’）》」』%·".contains(first),
            "column {col} at y={y}: {text}"
        );
        assert!(!"“‘（《「『".contains(last), "column {col} at y={y}: {text}");
    }
}

#[test]
fn pa_06_every_body_baseline_lies_on_the_page_grid() {
    let (page, body) = sample_page();
    let grid = Grid::new(Format::broadsheet());
    let mut on_grid = 0;
    for item in &page.items {
        let Item::Text(run) = item else { continue };
        // Body text: 9 pt Song. Subheads sit between two rows by design.
        if run.size.0 != 9.0 || run.face != body {
            continue;
        }
        for g in &run.glyphs {
            let n = (g.pos.y.0 - grid.baseline(0).0) / grid.format.pitch.0;
            assert!(
                (n - n.round()).abs() < 1e-6,
                "baseline {} is off the grid",
                g.pos.y.0
            );
            on_grid += 1;
        }
    }
    assert!(on_grid > 5000);
}

#[test]
fn pu_05_justified_lines_are_flush_with_both_column_edges() {
    let (page, body) = sample_page();
    let grid = Grid::new(Format::broadsheet());
    let lines = body_lines(&page, body, &grid);
    let mut full = 0;
    for ((col, _), glyphs) in &lines {
        let x0 = grid.col_x(*col).0;
        let (first_x, _) = &glyphs[0];
        let (last_x, last) = glyphs.last().unwrap();
        // Lines ending in a Han character end exactly at the column edge (a mark at the end
        // is trimmed to ½ em, so its cell ends 4.5 pt earlier by design).
        if last.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
            && (last_x + 9.0 - (x0 + 117.0)).abs() < 0.05
        {
            full += 1;
            assert!(
                (first_x - x0).abs() < 0.05
                    || (first_x - x0 - 18.0).abs() < 0.05
                    // An opening mark after the indent that gave up its blank (§2.3).
                    || (first_x - x0 - 13.5).abs() < 0.05
                    || (first_x - x0 + 4.5).abs() < 0.05,
                "line starts at {first_x}, column at {x0}"
            );
        }
    }
    assert!(full > 300, "{full} full lines");
}
