//! Composition rules checked on composed lines (TYPOGRAPHY.md §7, rules LB-, PU-, PA-).

use newsprint::compose::{ComposedPar, ParStyle, compose_par};
use newsprint::diag::{FileId, Span};
use newsprint::geom::Pt;
use newsprint::shape::{FontDb, FontFiles, Piece, Role, shape_par};

const SIZE: Pt = Pt(9.0);
const MEASURE: Pt = Pt(117.0); // 13 em of 9 pt

fn compose(db: &FontDb, text: &str) -> ComposedPar {
    let piece = Piece {
        text,
        role: Role::Body,
        span: Span::new(FileId(0), 0, text.len()),
    };
    let par = shape_par(db, &[piece]).expect("shapes");
    compose_par(db, &par, &ParStyle::body(SIZE), MEASURE)
}

fn line_texts(text: &str, c: &ComposedPar) -> Vec<String> {
    c.lines.iter().map(|l| text[l.start..l.end].to_string()).collect()
}

fn with_db(f: impl FnOnce(&FontDb)) {
    let files = FontFiles::open(&FontFiles::default_dir()).expect("fonts");
    let db = FontDb::new(&files).expect("fonts parse");
    f(&db);
}

const PAR: &str = "看了棚里的情况，丁海非说：“现在要注意的是降温 and 保湿，如果地皮干了，就在上午时间喷水。只要通风好，就不会死菇的。”专家上门指导，给唐培福吃下了一颗定心丸。截至目前，全区查处13类重点违法案件24.3万起，重点车辆检验率92%、报废率97.2%。“人才小院”专家服务团队——盟畜牧研究所结合前期研究成果……";

#[test]
fn lb_01_02_no_forbidden_line_starts_or_ends() {
    with_db(|db| {
        let c = compose(db, PAR);
        let lines = line_texts(PAR, &c);
        for (k, l) in lines.iter().enumerate() {
            let first = l.chars().next().unwrap();
            let last = l.chars().last().unwrap();
            if k > 0 {
                assert!(
                    !"。，、：；！？”’）》」』%…".contains(first),
                    "line {k} starts with {first}: {l}"
                );
            }
            assert!(!"“‘（《「『".contains(last), "line {k} ends with {last}: {l}");
        }
        assert!(c.forced.is_empty());
    });
}

#[test]
fn lb_05_numbers_and_dashes_stay_whole() {
    with_db(|db| {
        let c = compose(db, PAR);
        for l in line_texts(PAR, &c) {
            for token in ["24.3万", "97.2%", "92%", "13"] {
                let first_char = token.chars().next().unwrap();
                // A token may sit on one line or wholly on another, never across.
                if l.ends_with(first_char) && PAR.contains(&format!("{l}{}", &token[first_char.len_utf8()..]))
                {
                    panic!("{token} split at the end of {l}");
                }
            }
            assert!(
                !l.starts_with('—') && !l.ends_with("—") || l.ends_with("——"),
                "{l}"
            );
        }
    });
}

#[test]
fn pu_05_every_non_final_line_is_flush_with_both_edges() {
    with_db(|db| {
        let c = compose(db, PAR);
        let n = c.lines.len();
        for (k, l) in c.lines.iter().enumerate().take(n - 1) {
            assert!(
                (l.width.0 - MEASURE.0).abs() < 0.05,
                "line {k} is {} pt wide",
                l.width.0
            );
            let x0 = l.glyphs[0].inline.0;
            let expected = if k == 0 { 18.0 } else { 0.0 };
            // An opening quote at a line start is trimmed, so its glyph origin sits ½ em left.
            assert!(
                (x0 - expected).abs() < 0.05 || (x0 - expected + 4.5).abs() < 0.05,
                "line {k} starts at {x0}"
            );
        }
    });
}

#[test]
fn pa_02_last_line_keeps_two_han() {
    with_db(|db| {
        // 14 Han characters after a 2-em indent: greedy setting leaves one alone.
        let text = "阿拉善盟打造人才小院就近就便解决乡村振兴人才短缺瓶颈。";
        for cut in 10..text.chars().count() {
            let t: String = text.chars().take(cut).collect();
            let c = compose(db, &t);
            if c.lines.len() > 1 {
                let last = c.lines.last().unwrap();
                assert!(last.han >= 2, "{t:?} ends on a line of {} Han", last.han);
            }
        }
    });
}
