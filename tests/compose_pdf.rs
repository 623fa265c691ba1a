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

/// Body lines (9 pt Song) of a broadsheet page, by column and baseline, glyphs left to right.
fn body_lines(glyphs: &[Glyph]) -> Vec<Vec<Glyph>> {
    body_lines_in(glyphs, Format::broadsheet())
}

/// [`body_lines`] of a page in any format.
fn body_lines_in(glyphs: &[Glyph], format: Format) -> Vec<Vec<Glyph>> {
    let grid = Grid::new(format);
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
    build_with(input, name, &[])
}

/// [`build`] with more arguments to `build`.
fn build_with(input: &str, name: &str, extra: &[&str]) -> (Vec<Glyph>, String) {
    let out = scratch(name);
    let o = build_to(&root().join(input), &out, extra);
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

/// The median gap between two letters or digits of a line without a Han pair, em: a URL
/// letter-spaced to the measure shows there (set solid, its glyphs touch).
fn letter_gap(line: &[Glyph]) -> Option<f64> {
    let mut gaps: Vec<f64> = line
        .windows(2)
        .filter(|w| w[0].c.is_ascii_alphanumeric() && w[1].c.is_ascii_alphanumeric())
        .map(|w| (w[1].x0 - w[0].x1) / EM)
        .collect();
    if gaps.len() < 4 {
        return None;
    }
    gaps.sort_by(f64::total_cmp);
    Some(gaps[gaps.len() / 2])
}

/// Loose body lines (median Han gap over 0.12 em, or on a line of letters, the median gap
/// between them) and all body lines with a Han pair or a run of letters.
fn loose_lines(lines: &[Vec<Glyph>]) -> (Vec<String>, usize) {
    let measured: Vec<(f64, String)> = lines
        .iter()
        .filter_map(|l| han_gap(l).or_else(|| letter_gap(l)).map(|g| (g, text(l))))
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
        // page, 68 lines of units, URLs and stacked marks, does not: a URL, a bracketed
        // acronym and a quotation whose last line must keep two characters leave the breaker
        // three lines no break within the rules sets solid, and a URL's first piece fills a
        // line letter-spaced (0.149 em), each reported (the bound keeps it from getting worse).
        let limit = match k {
            0 => 0.002,
            1 => 0.06,
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

/// Units of measure written out after figures in the corpus copy.
const UNIT_WORDS: [&str; 4] = ["平方米", "公里", "小时", "千瓦"];

/// Marks that never start a line (LB-01) and that never end one (LB-02).
const NO_LINE_START: &str = "，。、；：？！）》」』”’";
const NO_LINE_END: &str = "（《「『“‘";

/// Corpus pages whose copy leaves the breaker no solid setting for two lines, and why (each
/// traced in the composer; the report warns at each one's copy line).
const FORCED_LOOSE: [(&str, &str); 2] = [
    (
        "11-latin-urls",
        "a first line before a URL whose first break lies past the column; a line before a \
         figure glued to its unit, `3862.5亿元`",
    ),
    (
        "13-interview-figures",
        "a line before `2026年`, `200万头` and `2000亿元`, figures glued to their units; a \
         URL's middle, `www.singlewindow`, letter-spaced across a line",
    ),
];

/// Every page of the corpus (tests/corpus/), read back from its PDF: no line starts or ends
/// against the rules, no unit of measure is split, and every loose line is one the breaker
/// reports (issue 9 points 1 and 3). At most 1 % of a page's lines are loose, but two on the
/// pages of [`FORCED_LOOSE`].
#[test]
fn every_corpus_page_keeps_the_line_rules() {
    let dirs = std::fs::read_dir(root().join("tests/corpus")).unwrap();
    let mut pages: Vec<_> = dirs
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("edition.toml").is_file())
        .collect();
    pages.sort();
    assert!(pages.len() >= 12, "{} corpus pages", pages.len());
    let mut total = 0;
    for page in &pages {
        let name = page.file_name().unwrap().to_string_lossy().into_owned();
        let input = format!("tests/corpus/{name}");
        let (g, stderr) = build_with(&input, &format!("rules-{name}"), &["--allow-overflow"]);
        let format = if name.contains("tabloid") {
            Format::tabloid()
        } else {
            Format::broadsheet()
        };
        let lines = body_lines_in(&g, format);
        for line in &lines {
            let (first, last) = (line[0].c, line[line.len() - 1].c);
            assert!(
                !NO_LINE_START.contains(first),
                "{name}: a line starts with {first}: {}",
                text(line)
            );
            assert!(
                !NO_LINE_END.contains(last),
                "{name}: a line ends with {last}: {}",
                text(line)
            );
        }
        // A unit of measure after a figure stays whole (`2000平 / 方米` was split on nine
        // pages): the breaker parts one only where keeping it would leave a loose line.
        if !name.contains("tabloid") {
            for (a, b) in successive(&lines) {
                let (a, b) = (text(a), text(b));
                let split = UNIT_WORDS.iter().find(|w| {
                    let chars: Vec<char> = w.chars().collect();
                    (1..chars.len()).any(|k| {
                        let head: String = chars[..k].iter().collect();
                        let tail: String = chars[k..].iter().collect();
                        a.strip_suffix(head.as_str())
                            .is_some_and(|r| r.ends_with(|c: char| c.is_ascii_digit()))
                            && b.starts_with(tail.as_str())
                    })
                });
                assert!(split.is_none(), "{name}: {split:?} split: '{a}' / '{b}'");
            }
        }
        let (loose, n) = loose_lines(&lines);
        total += n;
        let limit = if FORCED_LOOSE.iter().any(|(p, _)| *p == name) {
            2
        } else {
            n / 100
        };
        assert!(
            loose.len() <= limit,
            "{name}: {} of {n} lines loose:\n{}",
            loose.len(),
            loose.join("\n")
        );
        assert_eq!(
            stderr.matches("warning: loose line").count(),
            loose.len(),
            "{name}: {stderr}"
        );
    }
    assert!(total > 4000, "{total} body lines on the corpus pages");
}

/// A paragraph that opens with a quotation mark, on a tabloid's 12-em columns, whose first
/// line fits solid only when the mark gives up half its blank after the indent (§2.3: it
/// may drop ½ em there): the first line is flush with both edges and set solid, the mark
/// stands 1.5 em in. Before, the breaker left each first line loose at 0.124 em.
#[test]
fn an_opening_quote_after_the_indent_gives_up_its_blank_before_a_line_goes_loose() {
    let (g, stderr) = build("tests/fixtures/compose/open-quotes", "open-quotes");
    let grid = Grid::new(Format::tabloid());
    let step = grid.column_width().0 + grid.gutter().0;
    let lines = body_lines_in(&g, Format::tabloid());
    let (loose, n) = loose_lines(&lines);
    assert!(n >= 12, "{n} body lines");
    assert!(loose.is_empty(), "loose lines:\n{}", loose.join("\n"));
    assert!(!stderr.contains("loose line"), "{stderr}");
    let mut opened = 0;
    for line in lines.iter().filter(|l| l[0].c == '“') {
        let col = ((line[0].x0 - grid.area.x.0 + 6.0) / step).floor();
        let left = grid.area.x.0 + col * step;
        let right = left + grid.column_width().0;
        let inset = (line[0].x0 - left) / EM;
        assert!(
            (inset - 1.5).abs() < 0.02,
            "the opening quote stands {inset:.2} em in: {}",
            text(line)
        );
        let end = line[line.len() - 1].x1;
        assert!(
            (end - right).abs() < 0.05,
            "ends {:.2} pt short: {}",
            right - end,
            text(line)
        );
        opened += 1;
    }
    assert_eq!(opened, 4, "paragraphs opening with a quote, squeezed");
}

/// An operator between two Han words (`口岸+腹地`) or after a Latin word (`5G+工业`) takes
/// no Han–Latin gap (TYPOGRAPHY.md §2.6: the gap stands beside letters and figures): on the
/// page it stands as close to its neighbours as two Han characters of its line; the gap
/// before `5G` and around `C++`'s letters stays.
#[test]
fn an_operator_between_han_words_takes_no_han_latin_gap() {
    let (g, _) = build("tests/fixtures/compose/operators.md", "operators");
    let lines = body_lines(&g);
    let (mut pluses, mut gaps) = (0, 0);
    for line in &lines {
        let han = han_gap(line).unwrap_or(0.0);
        for (k, w) in line.windows(3).enumerate() {
            let gap = |a: &Glyph, b: &Glyph| (b.x0 - a.x1) / EM;
            if w[1].c == '+' && is_han(w[2].c) {
                assert!(
                    gap(&w[1], &w[2]) < han + 0.03,
                    "'+{}' stands {:.2} em apart (Han pairs {han:.2}): {}",
                    w[2].c,
                    gap(&w[1], &w[2]),
                    text(line)
                );
                pluses += 1;
            }
            if is_han(w[0].c) && w[1].c == '+' {
                assert!(
                    gap(&w[0], &w[1]) < han + 0.03,
                    "'{}+' apart: {}",
                    w[0].c,
                    text(line)
                );
            }
            if is_han(w[0].c) && w[1].c.is_ascii_alphanumeric() && k + 3 <= line.len() {
                assert!(gap(&w[0], &w[1]) > 0.12, "no gap before Latin: {}", text(line));
                gaps += 1;
            }
        }
    }
    assert!(pluses >= 8, "{pluses} operators between Han words found");
    assert!(gaps >= 3, "{gaps} Han–Latin gaps found");
}

/// A plus joining two words (`滑雪+温泉`, `电商+直播`) ends a line, as a hyphen does, and
/// never starts one (a proofreader marked `+温泉’套票` at a line start on corpus page 13);
/// a plus after a word and before a closing quote (`“智能+”`) never lets the quote start a
/// line; `C++` is never split; a full-width plus opening a number (`＋86`) never ends a
/// line. The test copy puts them where a 13-character line would end; it had five lines
/// starting with `+` and one starting with `”`.
#[test]
fn a_plus_joining_two_words_never_starts_a_line() {
    for input in [
        "tests/fixtures/compose/joiners.md",
        "tests/corpus/13-interview-figures",
    ] {
        let (g, _) = build(input, "joiners");
        let lines = body_lines(&g);
        assert!(lines.len() > 20, "{input}: {} body lines", lines.len());
        for line in &lines {
            let t = text(line);
            assert!(
                !matches!(line[0].c, '+' | '＋') && !NO_LINE_START.contains(line[0].c),
                "{input}: a line starts with '{}': {t}",
                line[0].c
            );
            assert_ne!(
                line[line.len() - 1].c,
                '＋',
                "{input}: a line ends on the sign: {t}"
            );
            assert!(!t.contains("C+") || t.contains("C++"), "{input}: C++ split: {t}");
        }
        let pluses = lines.iter().flat_map(|l| l.iter()).filter(|g| g.c == '+').count();
        assert!(pluses >= 1, "{input}: no joiner found");
    }
}

/// 孤字 (PA-02): a paragraph's last line, short of its column's right edge, never holds a
/// single character and its punctuation, on the sample and on every test page.
#[test]
fn no_paragraph_ends_on_a_lone_character() {
    let grid = Grid::new(Format::broadsheet());
    let step = grid.column_width().0 + grid.gutter().0;
    let mut short_lines = 0;
    for (k, page) in PAGES.iter().chain(&HEADINGS_PAGES[..1]).enumerate() {
        let (g, _) = build(page, &format!("lone-{k}"));
        for line in body_lines(&g) {
            let col = ((line[0].x0 - grid.area.x.0 + 6.0) / step).floor();
            let right = grid.area.x.0 + col * step + grid.column_width().0;
            if line[line.len() - 1].x1 > right - EM {
                continue;
            }
            short_lines += 1;
            // Letters and figures count as characters (`3,500份。` is no lone character).
            let chars = line.iter().filter(|g| g.c.is_alphanumeric()).count();
            assert!(chars >= 2, "{page}: a paragraph ends on '{}'", text(&line));
        }
    }
    assert!(short_lines > 30, "{short_lines} paragraph ends");
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

/// Superscript figures belong to their unit (`m³ km² m²`): UAX #11 calls them ambiguous
/// and they were classed with the ideographs, so a `²` stood a Han–Latin gap from its `km`
/// and could start a line (five lines of this copy did). Read back from the PDF: no line
/// starts with one, and none stands apart from its unit.
#[test]
fn superscript_figures_stay_with_their_unit() {
    let (g, _) = build("tests/fixtures/compose/superscripts.md", "superscripts");
    let lines = body_lines(&g);
    assert!(lines.len() > 20, "{} body lines", lines.len());
    for line in &lines {
        assert!(
            !"¹²³".contains(line[0].c),
            "a line starts with {}: {}",
            line[0].c,
            text(line)
        );
    }
    let mut seen = 0;
    for line in &lines {
        for p in line.windows(2).filter(|p| "²³".contains(p[1].c)) {
            seen += 1;
            let gap = p[1].x0 - p[0].x1;
            assert!(
                gap < 0.05,
                "{:.2} pt between {} and {}: {}",
                gap,
                p[0].c,
                p[1].c,
                text(line)
            );
        }
    }
    assert!(seen >= 12, "{seen} superscripts after their unit");
}

/// Figures are set at half an em (GB/T 15834's 二分), so a number sits on the character
/// grid: `2024` takes exactly two cells, and a line of figures leaves no fraction of an em
/// for its Han gaps to absorb.
#[test]
fn figures_are_half_an_em_wide() {
    let (g, _) = build("tests/fixtures/compose/figures.md", "figures");
    let mut pairs = 0;
    // A line made only of a URL's pieces is letter-spaced to the measure (PU-05).
    for line in body_lines(&g)
        .into_iter()
        .filter(|l| !text(l).contains(['/', '@']))
    {
        for p in line
            .windows(2)
            .filter(|p| p[0].c.is_ascii_digit() && p[1].c.is_ascii_digit())
        {
            let pitch = (p[1].x0 - p[0].x0) / EM;
            assert!(
                (pitch - 0.5).abs() < 0.01,
                "{}{} {pitch:.3} em apart in '{}'",
                p[0].c,
                p[1].c,
                text(&line)
            );
            pairs += 1;
        }
    }
    assert!(pairs >= 40, "{pairs} pairs of figures");
}

#[test]
fn breaks_keep_signs_with_their_numbers_and_urls_break_at_their_marks() {
    for (k, page) in PAGES.iter().chain(&["tests/corpus/11-latin-urls"]).enumerate() {
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
            // A range between figures stays whole (`1—9月`).
            assert!(
                !(a.ends_with(['—', '～']) && a.chars().rev().nth(1).is_some_and(|c| c.is_ascii_digit())),
                "{page}: a range broken as {a} / {b}"
            );
            // A minus stays with its number; a hyphen ends a line, never starts one.
            assert!(
                !a.ends_with(['-', '−'])
                    || last.is_ascii_alphabetic()
                    || a.ends_with("-") && a.chars().rev().nth(1).is_some_and(|c| c.is_ascii_alphabetic()),
                "{page}: {a} / {b}"
            );
            // Inside a URL or address: after '/' or before '. @ ? # - _', never between letters
            // (there a hyphen starts the next line).
            let url = |c: char| c.is_ascii_alphanumeric() || "/.:-_@?#=&%".contains(c);
            let in_url = url(last) && url(first) && a.contains(['/', '@']);
            if first == '-' && !in_url {
                assert!(
                    b.chars().nth(1).is_some_and(|c| c.is_ascii_digit()),
                    "{page}: {a} / {b}"
                );
            }
            if in_url {
                assert!(
                    last == '/' || ".@?#-_".contains(first) || last == '-',
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

/// A URL that has to take a line of its own is letter-spaced as little as its breaks allow:
/// the figures page's `https://www.example-park.gov.cn/news/2024/…` spreads its two lines
/// evenly instead of leaving `.gov.cn/news/2024/` at 0.24 em a letter under a full line.
#[test]
fn a_url_on_lines_of_its_own_is_spread_evenly() {
    let (g, _) = build("tests/fixtures/compose/figures.md", "url-spread");
    let lines = body_lines(&g);
    let mut seen = 0;
    for line in lines
        .iter()
        .filter(|l| l.len() > 3 && l.iter().all(|g| g.c.is_ascii()))
    {
        let gaps: Vec<f64> = line.windows(2).map(|w| (w[1].x0 - w[0].x1) / EM).collect();
        let most = gaps.iter().copied().fold(f64::MIN, f64::max);
        assert!(most < 0.2, "{} letter-spaced at {most:.3} em", text(line));
        seen += 1;
    }
    assert!(seen >= 3, "{seen} lines of URL only");
}

/// A `？` or `！` that ends a line gives up its blank half there, as every full-width mark
/// does (GB/T 15834 §5.1.10), though inside a line it keeps its em. Corpus 13's
/// `记者：下一步有哪些打算？` (12 marks after a 2-em indent in a 13-em column) then sets solid
/// on one line, where a full-width `？` left `打算？` to a second line and spread the first.
#[test]
fn a_question_mark_that_ends_a_line_takes_half_an_em() {
    let (g, _) = build("tests/corpus/13-interview-figures", "line-end-question");
    let lines = body_lines(&g);
    let q = "记者：下一步有哪些打算？";
    let w = find(&lines, q).unwrap_or_else(|| panic!("{q} on one line"));
    let pitch = |a: &Glyph, b: &Glyph| (b.x0 - a.x0) / EM;
    for p in w[3..12].windows(2) {
        assert!(
            (pitch(&p[0], &p[1]) - 1.0).abs() < 0.01,
            "{}{} at {} em: the question is not solid",
            p[0].c,
            p[1].c,
            pitch(&p[0], &p[1])
        );
    }
    // 记者 1 em each, the colon half (compressed), eight more Han: the mark starts 10.5 em
    // after 记, 12.5 em into the column, which holds it only at half an em.
    let at = (w[11].x0 - w[0].x0) / EM;
    assert!((at - 10.5).abs() < 0.01, "？ starts {at} em after 记");
}

/// A run of glyphs of one face and size on one baseline, split where a gap of more than an
/// em leaves it (a headline across columns stays one run, body columns are separate).
#[derive(Debug, Clone)]
struct Run {
    font: String,
    size: f64,
    y: f64,
    x0: f64,
    x1: f64,
    text: String,
}

fn runs(glyphs: &[Glyph]) -> Vec<Run> {
    let mut by_line: BTreeMap<(String, i64, i64), Vec<&Glyph>> = BTreeMap::new();
    for g in glyphs.iter().filter(|g| g.c != ' ') {
        by_line
            .entry((g.font.clone(), (g.size * 100.0) as i64, (g.y * 100.0) as i64))
            .or_default()
            .push(g);
    }
    let mut out = Vec::new();
    for ((font, _, _), mut gs) in by_line {
        gs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut start = 0;
        for k in 1..=gs.len() {
            if k == gs.len() || gs[k].x0 - gs[k - 1].x1 > gs[k].size * 1.2 {
                let part = &gs[start..k];
                out.push(Run {
                    font: font.clone(),
                    size: part[0].size,
                    y: part[0].y,
                    x0: part[0].x0,
                    x1: part[part.len() - 1].x1,
                    text: part.iter().map(|g| g.c).collect(),
                });
                start = k;
            }
        }
    }
    out
}

/// Headings (headline, deck and subhead lines: Sans faces) grouped into blocks: lines of one
/// face and size whose centres align and whose baselines follow at most 1.5 sizes apart.
fn headings(runs: &[Run]) -> Vec<Vec<Run>> {
    let mut lines: Vec<Run> = runs.iter().filter(|r| r.font.contains("Sans")).cloned().collect();
    lines.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut blocks: Vec<Vec<Run>> = Vec::new();
    for r in lines {
        let centre = (r.x0 + r.x1) / 2.0;
        let block = blocks.iter_mut().find(|b| {
            let last = b.last().unwrap();
            last.font == r.font
                && (last.size - r.size).abs() < 0.01
                && ((last.x0 + last.x1) / 2.0 - centre).abs() < r.size * 1.5
                && r.y - last.y > 0.1
                && r.y - last.y < r.size * 1.5 + 0.01
        });
        match block {
            Some(b) => b.push(r),
            None => blocks.push(vec![r]),
        }
    }
    blocks
}

/// Two-character words (and the inner pairs of longer ones) of the test pages' headings,
/// written out by hand (the composer's own word list is not consulted).
const HEADING_WORDS: [&str; 74] = [
    "青年", "创业", "孵化", "基地", "开园", "迎来", "首批", "入驻", "企业", "农机", "合作", "作社", "助力",
    "秋收", "草原", "儿女", "共绘", "振兴", "图景", "乡村", "美丽", "公园", "荒坡", "时间", "投资", "边境",
    "口岸", "货运", "能源", "项目", "并网", "发电", "文化", "惠民", "演出", "湿地", "保护", "修复", "医生",
    "守护", "健康", "数字", "政务", "群众", "生态", "牧场", "探索", "模式", "博物", "物馆", "冰雪", "旅游",
    "预热", "升温", "街巷", "整治", "牧区", "小学", "学期", "科技", "小院", "扎根", "田间", "鄂尔", "尔多",
    "多斯", "和浩", "浩特", "城际", "铁路", "铺轨", "重点", "建设", "推进",
];

const HEADINGS_PAGES: [&str; 3] = [
    "tests/fixtures/compose/headings.md",
    "tests/fixtures/compose/figures.md",
    "issues/sample",
];

/// Pages of many short stories whose one-column headlines must wrap (built with
/// `--allow-overflow`: their copy is longer than the page).
const WRAP_PAGES: [&str; 4] = [
    "tests/corpus/04-many-short",
    "tests/corpus/07-too-long",
    "tests/fixtures/layout/too-long.md",
    "tests/fixtures/edition",
];

/// The headings of a page's copy (a file, or the `.md` files of an edition) that mark
/// phrases with spaces, as their phrases.
fn copy_phrases(page: &str) -> Vec<Vec<String>> {
    let path = root().join(page);
    let files: Vec<std::path::PathBuf> = if path.is_dir() {
        std::fs::read_dir(&path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect()
    } else {
        vec![path]
    };
    files
        .iter()
        .flat_map(|f| {
            let copy = std::fs::read_to_string(f).unwrap();
            copy.lines()
                .filter_map(|l| l.trim_start_matches('#').strip_prefix(' '))
                .filter(|h| h.contains(' '))
                .map(|h| h.split(' ').map(String::from).collect())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Whether lines `texts` are a heading of `phrased` broken at every phrase space it marks.
fn broken_at_phrases(texts: &[&str], phrased: &[Vec<String>]) -> bool {
    let Some(phrases) = phrased.iter().find(|p| p.concat() == texts.concat()) else {
        return false;
    };
    let ends: Vec<usize> = texts
        .iter()
        .scan(0, |at, t| {
            *at += t.chars().count();
            Some(*at)
        })
        .collect();
    let mut boundary = 0;
    phrases[..phrases.len() - 1].iter().all(|p| {
        boundary += p.chars().count();
        ends.contains(&boundary)
    })
}

/// A wrapped headline breaks at the phrase spaces its copy marks (issue 9 point 5), taking a
/// line more where it must: `千年古镇焕发新活力 / 文旅融合…`, not `千年古镇焕发新活力 文旅 /
/// 融合…`.
#[test]
fn wrapped_headlines_break_at_the_copys_phrase_spaces() {
    let page = "tests/fixtures/compose/headings.md";
    let phrased = copy_phrases(page);
    let (g, _) = build(page, "phrase-breaks");
    let mut seen = 0;
    for block in headings(&runs(&g)).iter().filter(|b| b.len() > 1) {
        let texts: Vec<&str> = block.iter().map(|r| r.text.as_str()).collect();
        if phrased.iter().any(|p| p.concat() == texts.concat()) {
            seen += 1;
            assert!(
                broken_at_phrases(&texts, &phrased),
                "{texts:?} breaks off the copy's phrases"
            );
        }
    }
    assert!(seen >= 1, "no wrapped headline with phrase spaces on {page}");
}

#[test]
fn headings_wrap_in_balanced_centred_lines_and_never_end_short() {
    let mut wrapped = 0;
    let pages = HEADINGS_PAGES.iter().map(|p| (p, false));
    for (k, (page, overflow)) in pages.chain(WRAP_PAGES.iter().map(|p| (p, true))).enumerate() {
        let extra: &[&str] = if overflow { &["--allow-overflow"] } else { &[] };
        let (g, _) = build_with(page, &format!("headings-{k}"), extra);
        let phrased = copy_phrases(page);
        for block in headings(&runs(&g)).iter().filter(|b| b.len() > 1) {
            wrapped += 1;
            let texts: Vec<&str> = block.iter().map(|r| r.text.as_str()).collect();
            let counts: Vec<usize> = texts.iter().map(|t| t.chars().count()).collect();
            let last = *counts.last().unwrap();
            assert!(last > 3, "{page}: a heading ends on {last} characters: {texts:?}");
            // Lines broken at the copy's quotation marks are its phrases (`蓄足 / “源头活水” /
            // 激励担当作为`); other wrapped headings are balanced. The one-column headlines of
            // the wrap pages are set a size down rather than unevenly (`草原 / 儿女共绘 /
            // 振兴新图景`); the test page's long headlines may differ by one character more, and
            // a headline broken at every phrase space its copy marks (which the PDF does not
            // show) keeps the editor's phrases however long (`千年古镇焕发新活力 / 文旅…`).
            let quoted = |t: &&str| t.starts_with(['“', '‘', '《']) || t.ends_with(['”', '’', '》']);
            let (lo, hi) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
            let spread = if overflow { 2 } else { 3 };
            assert!(
                hi - lo <= spread || texts.iter().any(quoted) || broken_at_phrases(&texts, &phrased),
                "{page}: unbalanced heading {texts:?}"
            );
            // Every line centred the same way: their centres agree.
            let c0 = (block[0].x0 + block[0].x1) / 2.0;
            for r in block {
                let c = (r.x0 + r.x1) / 2.0;
                assert!(
                    (c - c0).abs() < r.size * 0.6,
                    "{page}: lines not centred alike: {texts:?}"
                );
            }
            // A heading breaks between words, not inside one (`孵 / 化`).
            for w in texts.windows(2) {
                let join: String = w[0]
                    .chars()
                    .last()
                    .into_iter()
                    .chain(w[1].chars().next())
                    .collect();
                assert!(
                    !HEADING_WORDS.contains(&join.as_str()),
                    "{page}: a heading breaks inside '{join}': {texts:?}"
                );
            }
            // Numbers keep their unit words in a heading.
            assert!(
                !texts
                    .iter()
                    .any(|t| t.ends_with("2.6万") || t.ends_with("2.6万亿")),
                "{texts:?}"
            );
        }
    }
    assert!(wrapped >= 10, "{wrapped} wrapped headings on the test pages");
}

#[test]
fn subheads_keep_space_above_and_two_lines_below_them() {
    let grid = Grid::new(Format::broadsheet());
    let pitch = grid.format.pitch.0;
    let mut seen = 0;
    // Corpus 12's lead is cut as an L whose short columns hold three lines: a subhead there
    // stood over one line (背题) until a paragraph before it was set a line shorter.
    let pages = HEADINGS_PAGES.iter().map(|p| (*p, &[][..])).chain([
        ("tests/corpus/12-full-with-ad", &["--allow-overflow"][..]),
        ("tests/corpus/05-one-long", &["--allow-overflow"][..]),
    ]);
    for (k, (page, extra)) in pages.enumerate() {
        let (g, _) = build_with(page, &format!("subheads-{k}"), extra);
        let all = runs(&g);
        let body: Vec<&Run> = all
            .iter()
            .filter(|r| (r.size - EM).abs() < 0.01 && !r.font.contains("Sans"))
            .collect();
        // Subheads: Sans at the body size, one column wide.
        for block in headings(&all)
            .into_iter()
            .filter(|b| (b[0].size - EM).abs() < 0.01 && b[0].x1 - b[0].x0 < grid.column_width().0 + 1.0)
            // A photo's title runs into its caption (`创城有我　…`): not a subhead.
            .filter(|b| !b[0].text.ends_with('　'))
        {
            seen += 1;
            let (first, last) = (&block[0], block.last().unwrap());
            let same_col = |r: &&&Run| r.x0 < last.x1 && r.x1 > last.x0;
            // Half a line of space above: the text line before it stands at least 1.5
            // pitches higher.
            if let Some(above) = body
                .iter()
                .filter(same_col)
                .filter(|r| r.y < first.y)
                .max_by(|a, b| a.y.total_cmp(&b.y))
                && first.y - above.y < pitch * 1.2
            {
                panic!(
                    "{page}: no space above subhead {}: {} pt under {}",
                    first.text,
                    first.y - above.y,
                    above.text
                );
            }
            // Two body lines under it in its column (none of its story's text may follow in
            // another column first): the lines right below, one pitch apart.
            let below: Vec<&&Run> = body
                .iter()
                .filter(same_col)
                .filter(|r| r.y > last.y && r.y - last.y < pitch * 3.0)
                .collect();
            assert!(
                below.len() >= 2,
                "{page}: 背题: subhead {} has {} lines under it",
                last.text,
                below.len()
            );
        }
    }
    assert!(seen >= 4, "{seen} subheads on the test pages");
}

#[test]
fn a_short_last_line_never_opens_a_column_and_sources_stay_whole() {
    let grid = Grid::new(Format::broadsheet());
    let pitch = grid.format.pitch.0;
    for (k, page) in HEADINGS_PAGES
        .iter()
        .chain(&PAGES[1..])
        .chain(&["tests/corpus/03-briefs"])
        .enumerate()
    {
        let (g, _) = build(page, &format!("widows-{k}"));
        let all = runs(&g);
        let body: Vec<&Run> = all.iter().filter(|r| (r.size - EM).abs() < 0.01).collect();
        // A body line with no body line of its column just above opens a column.
        for r in &body {
            let above = body
                .iter()
                .any(|o| o.x0 < r.x1 && o.x1 > r.x0 && o.y < r.y && r.y - o.y < pitch * 1.6);
            // The whole line: this run and those after it on its baseline in its column.
            let n: usize = body
                .iter()
                .filter(|o| o.y == r.y && o.x0 >= r.x0 && o.x0 < r.x0 + grid.column_width().0)
                .map(|o| o.text.chars().count())
                .sum();
            // A run continuing another on its line (a source after the brief's text).
            let continues = body.iter().any(|o| o.y == r.y && o.x0 < r.x0 && r.x0 - o.x1 < EM);
            if !above && !continues && !r.font.contains("Sans") {
                // (Bylines are Kai lines of their own: only body text is checked.)
                assert!(
                    n > 3 || !r.font.contains("Serif"),
                    "{page}: a column opens with a short line '{}'",
                    r.text
                );
                assert!(
                    !r.text.starts_with('（') || n > 6,
                    "{page}: a source opens a column: {}",
                    r.text
                );
            }
        }
        // A brief's source in Kai stands whole on one line.
        for r in body
            .iter()
            .filter(|r| r.font.contains("Kai") && r.text.contains('（'))
        {
            assert!(r.text.contains('）'), "{page}: a source split: {}", r.text);
        }
    }
}

#[test]
fn a_dash_line_under_the_headline_is_its_deck_and_the_byline_stays_apart() {
    let (g, _) = build("tests/fixtures/compose/headings.md", "deck");
    let all = runs(&g);
    let deck = all
        .iter()
        .find(|r| r.font.contains("Sans") && r.text.contains("生态修复工程"))
        .expect("the deck is set");
    let head = all
        .iter()
        .find(|r| r.text.starts_with("全市新增绿地"))
        .expect("the headline is set");
    assert!(
        deck.size > EM + 1.0 && deck.size < head.size,
        "deck at {} pt",
        deck.size
    );
    assert!(deck.y > head.y, "the deck stands under the headline");
    let centre = |r: &Run| (r.x0 + r.x1) / 2.0;
    assert!(
        (centre(deck) - centre(head)).abs() < 2.0,
        "the deck is centred under the headline"
    );
    // The byline is a line of its own, under the deck, and the body does not start with it.
    let byline = all
        .iter()
        .find(|r| r.text.starts_with("本报记者"))
        .expect("the byline is set");
    assert!(byline.font.contains("Kai") && byline.y > deck.y, "{byline:?}");
    assert!(
        !all.iter().any(|r| r.text.contains("陈思远今年")),
        "the byline was joined to the first paragraph"
    );
}

#[test]
fn briefs_set_solid_with_their_sources_kept_whole() {
    // A page of briefs, each ending with its source: the text before a source that does not
    // fit its line ends like a paragraph, the source goes flush right on the next line.
    let (g, _) = build("tests/corpus/03-briefs", "briefs");
    let lines = body_lines(&g);
    let (loose, n) = loose_lines(&lines);
    assert!(n > 100, "{n} body lines");
    assert!(
        loose.len() as f64 <= 0.01 * n as f64,
        "{} of {n} loose:\n{}",
        loose.len(),
        loose.join("\n")
    );
    let all = runs(&g);
    let sources: Vec<&Run> = all
        .iter()
        .filter(|r| r.font.contains("Kai") && r.text.starts_with('（'))
        .collect();
    assert!(sources.len() >= 5, "{} sources", sources.len());
    for r in sources {
        assert!(r.text.ends_with('）'), "a source split: {}", r.text);
    }
}
