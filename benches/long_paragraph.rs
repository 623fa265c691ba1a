//! Composition cost against a paragraph's length (issue 11: linear, not quadratic): one
//! paragraph of 1k, 10k and 100k characters broken into lines at a column's measure, at its
//! best and in exactly one line more. Run with `cargo bench --bench long_paragraph`.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use newsprint::compose::{Composer, ParStyle};
use newsprint::diag::{FileId, Span};
use newsprint::geom::Pt;
use newsprint::shape::{FontDb, FontFiles, Piece, Role, shape_par};
use std::hint::black_box;

/// Newspaper prose with its punctuation, repeated to the length asked.
fn paragraph(chars: usize) -> String {
    let sentence = "呼伦贝尔市系统谋划，把建立健全新业态党建工作领导体制作为工作先导（2022年），“快递小哥”成为城市风景。";
    sentence.chars().cycle().take(chars).collect()
}

fn compose_by_length(c: &mut Criterion) {
    let files = FontFiles::open(&FontFiles::default_dir()).expect("fonts");
    let db = FontDb::new(&files).expect("fonts parse");
    let style = ParStyle::body(Pt(9.0));
    // One broadsheet column: 13 characters of 9 pt.
    let measure = Pt(13.0 * 9.0);
    let mut group = c.benchmark_group("compose one paragraph");
    group.sample_size(10);
    for chars in [1_000, 10_000, 100_000] {
        let text = paragraph(chars);
        let piece = Piece {
            text: &text,
            role: Role::Body,
            span: Span::new(FileId(0), 0, 0),
        };
        let par = shape_par(&db, &[piece]).expect("shapes");
        let composer = Composer::new(&db, &par, &style);
        let lines = composer.compose(measure).lines.len();
        group.bench_with_input(BenchmarkId::new("best", chars), &chars, |b, _| {
            b.iter(|| black_box(composer.compose(measure).lines.len()))
        });
        group.bench_with_input(BenchmarkId::new("one line more", chars), &chars, |b, _| {
            b.iter(|| black_box(composer.compose_lines(measure, lines + 1).map(|p| p.lines.len())))
        });
    }
    group.finish();
}

criterion_group!(benches, compose_by_length);
criterion_main!(benches);
