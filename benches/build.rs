//! Speed of the whole sample build and of its stages. Run with `cargo bench`.

use criterion::{Criterion, criterion_group, criterion_main};
use newsprint::build::{build_page, read_job};
use newsprint::render::pdf::{DocMeta, export};
use newsprint::shape::{FontDb, FontFiles};
use std::hint::black_box;
use std::path::Path;

fn sample() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/issues/sample"))
}

/// Everything a `newsprint build issues/sample` does but writing the file: read the copy,
/// map and parse the fonts, shape, compose, lay out, export the PDF.
fn whole_build(c: &mut Criterion) {
    c.bench_function("sample page: read, fonts, layout, pdf", |b| {
        b.iter(|| {
            let job = read_job(sample()).expect("reads");
            let files = FontFiles::open(&FontFiles::default_dir()).expect("fonts");
            let db = FontDb::new(&files).expect("fonts parse");
            black_box(build_page(&job, 0, &db).expect("builds").pdf.len())
        })
    });
}

/// Layout and export with fonts already loaded, as in a multi-page build or a watch loop.
fn page_with_fonts_loaded(c: &mut Criterion) {
    let job = read_job(sample()).expect("reads");
    let files = FontFiles::open(&FontFiles::default_dir()).expect("fonts");
    let db = FontDb::new(&files).expect("fonts parse");
    c.bench_function("sample page: layout and pdf, fonts loaded", |b| {
        b.iter(|| black_box(build_page(&job, 0, &db).expect("builds").pdf.len()))
    });
}

/// Writing the PDF alone, the page already laid out (issue 5: at most 50 ms beyond layout).
fn export_only(c: &mut Criterion) {
    let job = read_job(sample()).expect("reads");
    let files = FontFiles::open(&FontFiles::default_dir()).expect("fonts");
    let db = FontDb::new(&files).expect("fonts parse");
    let built = build_page(&job, 0, &db).expect("builds");
    let meta = DocMeta::new("bench", (2022, 7, 20));
    c.bench_function("sample page: pdf export only", |b| {
        b.iter(|| black_box(export(&built.page, &db, &meta).expect("exports").len()))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = whole_build, page_with_fonts_loaded, compose_sample, export_only, layout_only, layout_vertical
}
criterion_main!(benches);

/// Composition alone: every paragraph of the sample, shaped once beforehand, broken and
/// justified at the column measure.
fn compose_sample(c: &mut Criterion) {
    use newsprint::compose::{ParStyle, compose_par};
    use newsprint::copy::Block;
    use newsprint::geom::Pt;
    use newsprint::shape::{Piece, Role, shape_par};
    let job = read_job(sample()).expect("reads");
    let files = FontFiles::open(&FontFiles::default_dir()).expect("fonts");
    let db = FontDb::new(&files).expect("fonts parse");
    let pars: Vec<_> = job.pages[0]
        .1
        .stories
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Paragraph(t) => Some(t),
            Block::Brief(b) => Some(&b.text),
            _ => None,
        })
        .map(|t| {
            shape_par(
                &db,
                &[Piece {
                    text: &t.text,
                    role: Role::Body,
                    span: t.span,
                }],
            )
            .expect("shapes")
        })
        .collect();
    let style = ParStyle::body(Pt(9.0));
    c.bench_function("sample text: compose every paragraph", |b| {
        b.iter(|| {
            pars.iter()
                .map(|p| compose_par(&db, p, &style, Pt(117.0)).lines.len())
                .sum::<usize>()
        })
    });
}

/// Layout alone: the sample page's copy, read and with fonts loaded, laid out (shaping,
/// composition, copyfitting, the placement search, drawing) but not exported.
fn layout_only(c: &mut Criterion) {
    use newsprint::layout::{Format, Masthead, PageInput, layout_page};
    use newsprint::raster::Pictures;
    let job = read_job(sample()).expect("reads");
    let files = FontFiles::open(&FontFiles::default_dir()).expect("fonts");
    let db = FontDb::new(&files).expect("fonts parse");
    let masthead = Masthead {
        paper: "草原日报".into(),
        date: "2022年7月20日 星期三".into(),
        issue: "第8123期".into(),
        page: 5,
        section: "党建".into(),
        editor: None,
    };
    let pictures = Pictures::new();
    let input = PageInput {
        copy: &job.pages[0].1,
        masthead: &masthead,
        fixes: &[],
        pictures: &pictures,
    };
    let style = job.edition.style;
    c.bench_function("sample page: layout only", |b| {
        b.iter(|| {
            black_box(
                layout_page(&db, &Format::broadsheet(), &style, &input)
                    .expect("lays out")
                    .page
                    .items
                    .len(),
            )
        })
    });
}

/// Layout alone of the pages of `issues/vertical`: a vertical headline beside a horizontal
/// story, and a vertical poem beside horizontal stories (issue 14: under 50 ms a page).
fn layout_vertical(c: &mut Criterion) {
    use newsprint::layout::{Format, Masthead, PageInput, StoryFix, layout_page};
    use newsprint::raster::Pictures;
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/issues/vertical"));
    let job = read_job(dir).expect("reads");
    let files = FontFiles::open(&FontFiles::default_dir()).expect("fonts");
    let db = FontDb::new(&files).expect("fonts parse");
    let pictures = Pictures::new();
    let style = job.edition.style;
    for (k, name) in [(0, "vertical headline"), (1, "vertical poem")] {
        let masthead = Masthead {
            paper: "草原日报".into(),
            date: "2022年7月20日 星期三".into(),
            issue: "第8123期".into(),
            page: 6 + k as u32,
            section: "副刊".into(),
            editor: None,
        };
        // The poem page's second story is set vertically (its manifest says so).
        let fixes: Vec<StoryFix> = (0..3)
            .map(|i| StoryFix {
                vertical: k == 1 && i == 1,
                ..StoryFix::default()
            })
            .collect();
        let input = PageInput {
            copy: &job.pages[k].1,
            masthead: &masthead,
            fixes: &fixes,
            pictures: &pictures,
        };
        c.bench_function(&format!("{name} page: layout only"), |b| {
            b.iter(|| {
                black_box(
                    layout_page(&db, &Format::broadsheet(), &style, &input)
                        .expect("lays out")
                        .page
                        .items
                        .len(),
                )
            })
        });
    }
}
