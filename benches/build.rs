//! Speed of the whole build in process, of a 16-page edition, and of the stages. Run with
//! `cargo bench`.

use criterion::{Criterion, criterion_group, criterion_main};
use newsprint::build::{
    Job, LaidOutPage, build_page, export_edition, incoming, lay_out_page_from, read_job, waves,
};
use newsprint::preflight::{Expect, Session};
use newsprint::render::pdf::{DocMeta, export};
use newsprint::shape::{FontDb, FontFiles};
use rayon::prelude::*;
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn sample() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/issues/sample"))
}

/// A 16-page edition in a scratch folder: the sample's page and the layout fixtures' pages
/// (short stories, a long story, a half page, photos) in turn, so the pages differ in
/// copy, glyphs and layout.
fn sixteen_pages() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("newsprint-bench-{}-16", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let copies = [
        root.join("issues/sample/seed-page.md"),
        root.join("tests/fixtures/layout/many-short.md"),
        root.join("tests/fixtures/layout/long-story.md"),
        root.join("tests/fixtures/layout/half-page.md"),
        root.join("tests/fixtures/layout/four-photos.md"),
    ];
    let mut manifest = String::from(
        "[paper]\nname = \"草原日报\"\ncode = \"cyrb\"\n\n[issue]\ndate = \"2022-07-20\"\nnumber = 8123\n",
    );
    for (i, copy) in copies.iter().enumerate() {
        std::fs::copy(copy, dir.join(format!("p{i}.md"))).expect("copy");
    }
    for n in 1..=16 {
        let copy = (n - 1) % copies.len();
        manifest.push_str(&format!(
            "\n[[page]]\nnumber = {n}\nsection = \"第{n}版\"\ncopy = \"p{copy}.md\"\n"
        ));
    }
    std::fs::write(dir.join("edition.toml"), manifest).expect("manifest");
    dir
}

/// A 16-page tabloid edition with two jumps (转版), as issue 13 times it: the edition
/// fixture's front page, its lead continued on page 4; the same copy on page 5, its lead
/// continued on page 12; a quarter page of copy on pages 4 and 12, under the continuations;
/// the fixture's inside pages and the corpus's tabloid page in turn on the others.
fn sixteen_pages_with_jumps() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("newsprint-bench-{}-16-jumps", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    // The copy in a folder beside the corpus's images, which its image lines name.
    std::fs::create_dir_all(dir.join("pages")).expect("scratch folder");
    std::fs::create_dir_all(dir.join("images")).expect("scratch folder");
    for image in std::fs::read_dir(root.join("tests/corpus/images")).expect("images") {
        let image = image.expect("image").path();
        let name = image.file_name().expect("a file name");
        std::fs::copy(&image, dir.join("images").join(name)).expect("copy");
    }
    let front = root.join("tests/fixtures/edition/page-01.md");
    let short = root.join("tests/corpus/01-quarter/page.md");
    let inside = [
        root.join("tests/fixtures/edition/page-02.md"),
        root.join("tests/fixtures/edition/page-03.md"),
        root.join("tests/corpus/10-tabloid/page.md"),
    ];
    let mut manifest = String::from(
        "[paper]\nname = \"草原日报\"\ncode = \"cyrb\"\n\n[format]\npreset = \"tabloid\"\n\n[issue]\ndate = \"2022-07-20\"\nnumber = 8123\n",
    );
    for n in 1..=16 {
        let copy = match n {
            1 | 5 => &front,
            4 | 12 => &short,
            _ => &inside[n % inside.len()],
        };
        std::fs::copy(copy, dir.join(format!("pages/p{n}.md"))).expect("copy");
        manifest.push_str(&format!(
            "\n[[page]]\nnumber = {n}\nsection = \"第{n}版\"\ncopy = \"pages/p{n}.md\"\n"
        ));
        let jump = |to: usize| format!("\n[[page.story]]\nstory = 1\ncontinue_on = {to}\n");
        match n {
            1 => manifest.push_str(&format!("teasers = true\n{}", jump(4))),
            5 => manifest.push_str(&jump(12)),
            _ => {}
        }
    }
    std::fs::write(dir.join("edition.toml"), manifest).expect("manifest");
    dir
}

/// Every page laid out in waves that respect the jumps (a continuation's page after the
/// page it is cut on), the pages of a wave in parallel.
fn lay_out_all(job: &Job, db: &FontDb) -> Vec<LaidOutPage> {
    let mut laid: Vec<Option<LaidOutPage>> = (0..job.pages.len()).map(|_| None).collect();
    for wave in waves(job) {
        let done: Vec<(usize, LaidOutPage)> = {
            let refs: Vec<Option<&LaidOutPage>> = laid.iter().map(Option::as_ref).collect();
            wave.par_iter()
                .map(|&i| {
                    let arriving = incoming(job, i, &refs);
                    (i, lay_out_page_from(job, i, db, &arriving).expect("lays out"))
                })
                .collect()
        };
        for (i, page) in done {
            laid[i] = Some(page);
        }
    }
    laid.into_iter()
        .map(|p| p.expect("every page is in a wave"))
        .collect()
}

/// What `newsprint build` does in process, but writing the files: read the copy, map and
/// parse the fonts, lay out every page (in waves, in parallel), export the page files and the issue
/// file from one set of parts, preflight them all. Returns the bytes made.
fn build_in_process(edition: &Path) -> usize {
    let job: Job = read_job(edition).expect("reads");
    let files = FontFiles::open(&FontFiles::default_dir()).expect("fonts");
    let db = FontDb::new(&files).expect("fonts parse");
    let laid = lay_out_all(&job, &db);
    let refs: Vec<(usize, &LaidOutPage)> = laid.iter().enumerate().collect();
    let pdfs = export_edition(&job, &refs, &db, true);
    let session = Session::new(Expect::default());
    let pages: Vec<&[u8]> = pdfs
        .pages
        .iter()
        .map(|p| p.as_ref().expect("exports").as_slice())
        .collect();
    let found: usize = pages.par_iter().map(|b| session.check(b).len()).sum();
    let (_, issue) = pdfs.issue.expect("asked for").expect("exports");
    assert_eq!(found + session.check(&issue).len(), 0, "preflight passes");
    pages.iter().map(|p| p.len()).sum::<usize>() + issue.len()
}

/// The whole sample build in one process (what the README's first command does).
fn whole_build(c: &mut Criterion) {
    c.bench_function(
        "sample: whole build in process (read, fonts, layout, pdfs, preflight)",
        |b| b.iter(|| black_box(build_in_process(sample()))),
    );
}

/// A 16-page edition the same way, pages in parallel; and a 16-page tabloid edition with two
/// jumps, its pages in waves.
fn edition_of_sixteen(c: &mut Criterion) {
    let dir = sixteen_pages();
    let mut group = c.benchmark_group("edition");
    group.sample_size(10);
    group.bench_function("16 pages: whole build in process", |b| {
        b.iter(|| black_box(build_in_process(&dir)))
    });
    let jumps = sixteen_pages_with_jumps();
    group.bench_function("16 tabloid pages, two jumps: whole build in process", |b| {
        b.iter(|| black_box(build_in_process(&jumps)))
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&jumps);
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

/// Writing the PDF alone, the page already laid out.
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

/// Preflight of the sample's page file, as a fresh session would do it.
fn preflight_only(c: &mut Criterion) {
    let job = read_job(sample()).expect("reads");
    let files = FontFiles::open(&FontFiles::default_dir()).expect("fonts");
    let db = FontDb::new(&files).expect("fonts parse");
    let pdf = build_page(&job, 0, &db).expect("builds").pdf;
    c.bench_function("sample page: preflight", |b| {
        b.iter(|| black_box(Session::new(Expect::default()).check(&pdf).len()))
    });
}

/// Opening and parsing the fonts.
fn fonts_only(c: &mut Criterion) {
    c.bench_function("fonts: open and parse", |b| {
        b.iter(|| {
            let files = FontFiles::open(&FontFiles::default_dir()).expect("fonts");
            black_box(FontDb::new(&files).expect("fonts parse").iter().count())
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = whole_build, edition_of_sixteen, page_with_fonts_loaded, compose_sample, export_only,
        preflight_only, fonts_only, layout_only, layout_vertical, corpus_layout
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
        front: None,
        origin: None,
    };
    let pictures = Pictures::new();
    let input = PageInput {
        copy: &job.pages[0].1,
        masthead: &masthead,
        fixes: &[],
        pictures: &pictures,
        ads: &[],
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

/// Layout alone of the pages of `issues/vertical` (issue 14: under 50 ms a page): a 竖题
/// beside horizontal stories, and a vertical poem beside horizontal stories, each laid out
/// from its manifest as the build does (shaping, composition, the placement search with
/// every vertical and horizontal setting, drawing), not exported.
fn layout_vertical(c: &mut Criterion) {
    use newsprint::build::lay_out_page;
    use newsprint::geom::WritingMode;
    use newsprint::layout::Item;
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/issues/vertical"));
    let job = read_job(dir).expect("reads");
    let files = FontFiles::open(&FontFiles::default_dir()).expect("fonts");
    let db = FontDb::new(&files).expect("fonts parse");
    for (k, name) in [(0, "vertical headline"), (1, "vertical poem")] {
        // What is timed is a page with vertical text on it, as its manifest asks.
        let laid = lay_out_page(&job, k, &db).expect("lays out");
        assert!(
            laid.page
                .items
                .iter()
                .any(|i| matches!(i, Item::Text(run) if run.mode == WritingMode::Vertical)),
            "{name}: no vertical text"
        );
        c.bench_function(&format!("{name} page: layout only"), |b| {
            b.iter(|| black_box(lay_out_page(&job, k, &db).expect("lays out").page.items.len()))
        });
    }
}

/// Makeup on the whole corpus (issue 10: at most 50 ms a page): every page of
/// `tests/corpus/`, read once with its images and ads, laid out per iteration (images and
/// ads loaded, copy shaped and composed, the placement search, drawing), not exported.
fn corpus_layout(c: &mut Criterion) {
    use newsprint::build::lay_out_page;
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus"));
    let mut dirs: Vec<_> = std::fs::read_dir(root)
        .expect("the corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("edition.toml").exists())
        .collect();
    dirs.sort();
    let jobs: Vec<_> = dirs.iter().map(|d| read_job(d).expect("reads")).collect();
    let files = FontFiles::open(&FontFiles::default_dir()).expect("fonts");
    let db = FontDb::new(&files).expect("fonts parse");
    c.bench_function(&format!("corpus: layout of {} pages", jobs.len()), |b| {
        b.iter(|| {
            for job in &jobs {
                black_box(lay_out_page(job, 0, &db).expect("lays out").page.items.len());
            }
        })
    });
}
