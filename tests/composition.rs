//! CJK composition rules (TYPOGRAPHY.md §1–3, the LB-, NM-, PU- and PA- rules of §7), checked
//! on composed lines of our own test copy: every construct is slid across the line end so
//! that each rule meets the break at every position.

use newsprint::compose::{ComposedPar, ParStyle, Punctuation, Strictness, Style, compose_par};
use newsprint::copy::{Block, read_page};
use newsprint::diag::{FileId, Span};
use newsprint::geom::Pt;
use newsprint::shape::{FontDb, FontFiles, Piece, Role, shape_par};

const SIZE: f64 = 9.0;
const MEASURE: f64 = 117.0; // 13 em of 9 pt: one broadsheet column

fn with_db(f: impl FnOnce(&FontDb)) {
    let files = FontFiles::open(&FontFiles::default_dir()).expect("fonts");
    let db = FontDb::new(&files).expect("fonts parse");
    f(&db);
}

fn compose_with(db: &FontDb, text: &str, style: &Style) -> ComposedPar {
    let piece = Piece {
        text,
        role: Role::Body,
        span: Span::new(FileId(0), 0, text.len()),
    };
    let par = shape_par(db, &[piece]).expect("shapes");
    compose_par(db, &par, &ParStyle::from_style(Pt(SIZE), style), Pt(MEASURE))
}

fn compose(db: &FontDb, text: &str) -> ComposedPar {
    compose_with(db, text, &Style::default())
}

fn lines(text: &str, c: &ComposedPar) -> Vec<String> {
    c.lines.iter().map(|l| text[l.start..l.end].to_string()).collect()
}

/// Paragraphs with `token` after 0..20 characters of filler, so that it meets the line end
/// at every position.
fn slid(token: &str) -> Vec<String> {
    let filler = "新就业群体数量庞大流动性强其中有不少流动党员隐形党员";
    (0..20)
        .map(|k| {
            format!(
                "{}{token}{}",
                filler.chars().take(k).collect::<String>(),
                "呼伦贝尔市全力推动人员和保障到位。"
            )
        })
        .collect()
}

/// The text of our own test copy, one construct per paragraph (read through the copy reader,
/// so ASCII punctuation is normalised first).
const COPY: &str = "# 排版规则测试

丁海非说:\"现在要注意的是降温 and 保湿,如果地皮干了,就在上午时间喷水.\"专家上门指导.

截至目前,全区查处13类重点违法案件24.3万起,治理完成重点隐患122处,重点车辆检验率92%、报废率97.2%,罚款¥1,258元,会议于15:40开始,比例尺1∶500.

详见网站https://www.example.gov.cn/news/2022/07/20/content_5702345.html或来信editor@example.com咨询.

“人才小院”专家服务团队——盟畜牧研究所结合前期研究成果……与北京菲迪集团举行了专题视频会。

他问:“‘人才小院’打破了过去的‘单向模式’吗?”她答:“是的。”「『内层』外层」也要排好。

一行就完。

第４９次《中国互联网络发展状况统计报告》显示,我国网民规模达10.32亿,人均每周上网时长达到28.5个小时...
";

#[test]
fn lb_01_02_03_05_constructs_never_split_or_misplaced_at_any_position() {
    with_db(|db| {
        for token in [
            "24.3万",
            "97.2%",
            "¥1,258",
            "15:40",
            "——",
            "……",
            "？！",
            "CNNIC",
            "1∶500",
            "“小蜜蜂”",
            "（两新工委）",
        ] {
            let atomic = !token.starts_with(['“', '（']);
            for text in slid(token) {
                let c = compose(db, &text);
                assert!(c.forced.is_empty(), "{text}");
                let ls = lines(&text, &c);
                for (k, l) in ls.iter().enumerate() {
                    let first = l.chars().next().unwrap();
                    let last = l.chars().last().unwrap();
                    if k > 0 {
                        assert!(
                            !"。，、：；！？”’）》」』%…—".contains(first),
                            "LB-01/03 {k}: {ls:?}"
                        );
                    }
                    assert!(!"“‘（《「『¥".contains(last), "LB-02: {ls:?}");
                }
                // The token is whole on one line (LB-03, LB-05, LB-07).
                let joined = ls.join("|");
                assert!(!atomic || joined.contains(token), "{token} split: {ls:?}");
            }
        }
    });
}

#[test]
fn lb_06_a_url_breaks_only_after_its_separators_and_never_runs_out_of_the_column() {
    with_db(|db| {
        let text = "详见网站https://www.example.gov.cn/news/2022/07/20/content_5702345.html或来信咨询。";
        let c = compose(db, text);
        let ls = lines(text, &c);
        assert!(ls.len() >= 3, "{ls:?}");
        for (k, l) in c.lines.iter().enumerate() {
            assert!(
                l.width.0 <= MEASURE + 0.05,
                "line {k} is {} pt wide: {ls:?}",
                l.width.0
            );
            assert!(!ls[k].ends_with('-'), "no hyphen is added: {ls:?}");
        }
        // Issue 9 point 3 (replacing TYPOGRAPHY.md §1.3's "after / . - _ ?"): after `/`, or
        // before `. @ ? # -`, the mark opening the next line.
        for pair in ls.windows(2) {
            let end = pair[0].chars().last().unwrap();
            let start = pair[1].chars().next().unwrap();
            let in_url = pair[0].contains('/') && start.is_ascii();
            if in_url {
                assert!(
                    end == '/' || ".@?#-".contains(start),
                    "a URL breaks after / or before . @ ? # -: {ls:?}"
                );
            }
        }
    });
}

#[test]
fn a_too_long_unbreakable_unit_is_broken_as_a_last_resort_and_reported() {
    with_db(|db| {
        let text = format!("编号{}已登记。", "A".repeat(40));
        let c = compose(db, &text);
        assert!(!c.forced.is_empty(), "the break inside the word is reported");
        for l in &c.lines {
            assert!(
                l.width.0 <= MEASURE + 0.05,
                "no line runs out of its column: {}",
                l.width.0
            );
        }
    });
}

#[test]
fn pu_05_every_non_final_line_is_flush_with_both_column_edges() {
    with_db(|db| {
        let page = read_page(FileId(0), COPY).expect("reads");
        for block in &page.stories[0].blocks {
            let Block::Paragraph(t) = block else { continue };
            let c = compose(db, &t.text);
            let n = c.lines.len();
            for (k, l) in c.lines.iter().enumerate().take(n - 1) {
                assert!(
                    (l.width.0 - MEASURE).abs() < 0.05,
                    "{}: line {k} is {} pt",
                    t.text,
                    l.width.0
                );
                let x0 = l.glyphs[0].inline.0;
                let start = if k == 0 { 18.0 } else { 0.0 };
                // An opening mark at a line start gives its blank half (PU-03).
                assert!(
                    (x0 - start).abs() < 0.05 || (x0 - start + 4.5).abs() < 0.05,
                    "{}: line {k} at {x0}",
                    t.text
                );
            }
        }
    });
}

#[test]
fn pu_04_dash_and_ellipsis_are_exactly_two_em_with_nothing_stretched_inside() {
    with_db(|db| {
        for text in slid("——").into_iter().chain(slid("……")) {
            let c = compose(db, &text);
            for l in &c.lines {
                for (i, g) in l.glyphs.iter().enumerate() {
                    if g.text == "——" {
                        let face = db.get(g.face);
                        assert!((face.advance_em(g.id) - 2.0).abs() < 1e-9, "one 2-em glyph");
                    }
                    if g.text == "…" && l.glyphs.get(i + 1).is_some_and(|n| n.text == "…") {
                        let d = l.glyphs[i + 1].inline.0 - g.inline.0;
                        assert!((d - SIZE).abs() < 0.01, "…… is 2 em: the halves are {d} pt apart");
                    }
                }
            }
        }
    });
}

#[test]
fn pu_02_adjacent_marks_take_one_and_a_half_em_or_one_em_tight() {
    with_db(|db| {
        let x_of = |c: &ComposedPar, t: &str| {
            c.lines[0]
                .glyphs
                .iter()
                .find(|g| g.text == t)
                .map(|g| g.inline.0)
                .unwrap()
        };
        let text = "他说：“好。”我们";
        let c = compose(db, text);
        // `。”`: the stop gives its blank, the pair takes 1.5 em.
        let stop_close = x_of(&c, "我") - x_of(&c, "。");
        assert!(
            (stop_close - 1.5 * SIZE).abs() < 0.01,
            "{stop_close} pt from 。 to 我"
        );
        // `：“`: the colon gives its blank, the pair takes 1.5 em.
        let pair = x_of(&c, "好") - x_of(&c, "：");
        // 1.5 em for the pair, plus the opening quote's glyph offset inside its cell.
        let tight = Style {
            punctuation: Punctuation::Tight,
            ..Style::default()
        };
        let ct = compose_with(db, text, &tight);
        let pair_tight = x_of(&ct, "好") - x_of(&ct, "：");
        assert!(
            (pair - 1.5 * SIZE).abs() < 0.01,
            "default: {pair} pt from ： to 好"
        );
        assert!(
            (pair_tight - SIZE).abs() < 0.01,
            "tight: {pair_tight} pt from ： to 好"
        );
    });
}

#[test]
fn pu_07_han_latin_gap_is_a_quarter_em_by_default_and_configurable_to_zero() {
    with_db(|db| {
        let text = "达10.32亿人";
        let gap = |style: &Style| {
            let c = compose_with(db, text, style);
            let g = &c.lines[0].glyphs;
            let da = g.iter().position(|g| g.text == "达").unwrap();
            let one = g.iter().position(|g| g.text == "1").unwrap();
            g[one].inline.0 - g[da].inline.0 - SIZE
        };
        assert!((gap(&Style::default()) - 0.25 * SIZE).abs() < 0.01);
        assert!(
            gap(&Style {
                han_latin_gap: 0.0,
                ..Style::default()
            })
            .abs()
                < 0.01
        );
    });
}

#[test]
fn pa_02_no_paragraph_ends_on_a_one_character_line() {
    with_db(|db| {
        let base = "新就业群体数量庞大流动性强其中有不少流动党员隐形党员为有效组织并发挥作用呼伦贝尔市全力推动人员和保障两个到位促进新业态新就业群体党建工作落实落地";
        for n in 12..base.chars().count() {
            let text: String = base.chars().take(n).chain("。".chars()).collect();
            let c = compose(db, &text);
            if c.lines.len() > 1 {
                assert!(c.lines.last().unwrap().han >= 2, "{text}");
            }
        }
    });
}

#[test]
fn strictness_levels_are_settings() {
    with_db(|db| {
        // Under strict rules `——` never starts a line; under basic rules it may.
        let mut started_basic = false;
        for text in slid("——") {
            let strict = compose(db, &text);
            assert!(lines(&text, &strict).iter().skip(1).all(|l| !l.starts_with('—')));
            let basic = compose_with(
                db,
                &text,
                &Style {
                    line_breaking: Strictness::Basic,
                    ..Style::default()
                },
            );
            started_basic |= lines(&text, &basic).iter().skip(1).any(|l| l.starts_with("——"));
        }
        assert!(started_basic, "basic rules let a dash start a line somewhere");
    });
}

#[test]
fn nm_copy_typed_with_ascii_punctuation_is_normalised() {
    let page = read_page(FileId(0), COPY).expect("reads");
    let text: String = page.stories[0]
        .blocks
        .iter()
        .filter_map(|b| {
            if let Block::Paragraph(t) = b {
                Some(t.text.as_str())
            } else {
                None
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        text.contains(
            "丁海非说：“现在要注意的是降温and保湿，如果地皮干了，就在上午时间喷水。”专家上门指导。"
        ),
        "{text}"
    );
    assert!(text.contains("第49次"), "NM-02");
    assert!(text.contains("28.5个小时……"), "ellipsis");
    assert!(text.contains("15:40开始"), "times are kept");
    assert!(
        text.contains("https://www.example.gov.cn/news/2022/07/20/content_5702345.html"),
        "URLs are kept"
    );
    assert!(text.contains("一行就完。"));
}

#[test]
fn punctuation_blanks_come_from_the_face_halt_where_it_has_one() {
    with_db(|db| {
        let song = db.role(Role::Body);
        let kai = db.role(Role::Kai);
        let stop = db.halt_blank(song, '。').expect("Noto has halt");
        assert!(
            (stop.trail - 0.5).abs() < 1e-9 && stop.lead.abs() < 1e-9,
            "{stop:?}"
        );
        let open = db.halt_blank(song, '“').expect("Noto has halt");
        assert!(
            (open.lead - 0.5).abs() < 1e-9 && open.trail.abs() < 1e-9,
            "{open:?}"
        );
        assert_eq!(
            db.halt_blank(kai, '。'),
            None,
            "NewsKai has no halt: our GB table applies"
        );
        // Kai text compresses all the same: the line end takes ½ em.
        let text = "专家上门指导给唐培福吃下了一颗定心丸，就近就便解决";
        let piece = Piece {
            text,
            role: Role::Kai,
            span: Span::new(FileId(0), 0, text.len()),
        };
        let par = shape_par(db, &[piece]).unwrap();
        let c = compose_par(db, &par, &ParStyle::body(Pt(SIZE)), Pt(MEASURE));
        assert!((c.lines[0].width.0 - MEASURE).abs() < 0.05);
    });
}

#[test]
fn pa_02_no_paragraph_of_the_sample_ends_on_a_lone_character() {
    // Typst and XeLaTeX, set by hand on this page, leave 7 and 10 such paragraphs.
    let copy =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/issues/sample/seed-page.md")).unwrap();
    let page = read_page(FileId(0), &copy).expect("reads");
    with_db(|db| {
        let mut paragraphs = 0;
        for story in &page.stories {
            for block in &story.blocks {
                let Block::Paragraph(t) = block else { continue };
                let c = compose(db, &t.text);
                paragraphs += 1;
                if c.lines.len() > 1 {
                    let last = c.lines.last().unwrap();
                    assert!(last.han >= 2, "{} ends on a line of {} Han", t.text, last.han);
                }
                assert!(c.forced.is_empty());
            }
        }
        assert_eq!(
            paragraphs, 48,
            "every body paragraph of the sample (after joins) is checked"
        );
    });
}

#[test]
fn pu_05_a_line_that_cannot_be_justified_is_flagged_ragged() {
    with_db(|db| {
        // 1.5 em holds one Han character and nowhere to spread the other half em.
        let text = "呼伦贝尔市";
        let piece = Piece {
            text,
            role: Role::Body,
            span: Span::new(FileId(0), 0, text.len()),
        };
        let par = shape_par(db, &[piece]).unwrap();
        let style = ParStyle {
            indent: newsprint::geom::Em(0.0),
            min_last_han: 0,
            ..ParStyle::body(Pt(SIZE))
        };
        let c = compose_par(db, &par, &style, Pt(1.5 * SIZE));
        let n = c.lines.len();
        assert_eq!(n, 5);
        assert!(
            c.lines[..n - 1].iter().all(|l| l.ragged),
            "non-final lines that cannot fill are flagged"
        );
        assert!(!c.lines[n - 1].ragged, "a last line is never ragged");
        // At the full measure nothing is.
        assert!(compose(db, PAR_LONG).lines.iter().all(|l| !l.ragged));
    });
}

const PAR_LONG: &str = "呼伦贝尔市系统谋划，把建立健全新业态党建工作领导体制作为工作先导，扎实推动新业态、新就业群体党建工作全覆盖。该市成立了由14个成员单位组成的专项工作组，制定调查研究、督查考核等5项工作制度。";
