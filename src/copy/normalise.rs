//! Normalising copy as editing systems and OCR leave it (TYPOGRAPHY.md §1.5, rules NM-01 to
//! NM-03): ASCII punctuation next to Han made full-width, straight quotes paired into curly
//! ones, dashes and ellipses made whole, full-width Latin letters and digits made half-width,
//! and stray spaces in body text removed. Numbers, times, URLs and Latin text are left alone.
//!
//! Every change is logged as a [`Repair`] with the source span it replaced, so an editor sees
//! exactly what was touched. The pass works on cells (one per source character) so that a
//! change never loses its place in the file.

use super::model::{Repair, RepairKind, Text};
use crate::diag::{FileId, Span};

/// Which rules apply to a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Headlines, labels, bylines, subheads, credits: a space is meant (a phrase break, the
    /// gap between 记者 and a name) and is kept.
    Display,
    /// Body paragraphs, captions, briefs: spaces between Han, or between Han and Latin, are
    /// removed (NM-03; layout sets the Han–Latin gap itself).
    Body,
}

// One classification for every stage: Han, and Han or CJK punctuation (what makes a
// half-width neighbour "touch Han", §1.5).
pub(crate) use crate::chars::{is_cjk, is_han};

/// One source character and what it has become.
#[derive(Debug, Clone)]
struct Cell {
    /// The character as written.
    orig: char,
    /// Its byte offset in the run.
    off: usize,
    /// What it is now: empty when removed, two characters for `……` written as one cell.
    now: Vec<char>,
    /// What changed it, if anything.
    kind: Option<RepairKind>,
    /// Cells changed together (a run of dots becoming `……`) share a group.
    group: usize,
}

struct Cells {
    cells: Vec<Cell>,
    next_group: usize,
}

impl Cells {
    /// The current first character of cell `i` (`None` if removed).
    fn cur(&self, i: usize) -> Option<char> {
        self.cells.get(i).and_then(|c| c.now.first().copied())
    }

    /// The nearest current non-space character before `i`.
    fn before(&self, i: usize) -> Option<char> {
        (0..i)
            .rev()
            .filter_map(|j| self.cells[j].now.last().copied())
            .find(|c| !c.is_whitespace())
    }

    /// The nearest current non-space character after `i`.
    fn after(&self, i: usize) -> Option<char> {
        (i + 1..self.cells.len())
            .filter_map(|j| self.cur(j))
            .find(|c| !c.is_whitespace())
    }

    /// The current character just before `i`, spaces included.
    fn prev(&self, i: usize) -> Option<char> {
        (0..i).rev().find_map(|j| self.cells[j].now.last().copied())
    }

    /// The current character just after `i`, spaces included.
    fn next(&self, i: usize) -> Option<char> {
        (i + 1..self.cells.len()).find_map(|j| self.cur(j))
    }

    /// §1.5: a mark touches Han when its previous or next non-space character is Han or
    /// CJK punctuation. Digits, times (`15:40`), URLs and Latin words never do.
    fn touches_cjk(&self, i: usize) -> bool {
        self.before(i).into_iter().chain(self.after(i)).any(is_cjk)
    }

    fn set(&mut self, i: usize, now: &[char], kind: RepairKind) {
        let g = self.next_group;
        self.next_group += 1;
        let c = &mut self.cells[i];
        c.now = now.to_vec();
        c.kind = Some(kind);
        c.group = g;
    }

    /// Replaces cells `a..b` together with `now`.
    fn set_run(&mut self, a: usize, b: usize, now: &[char], kind: RepairKind) {
        let g = self.next_group;
        self.next_group += 1;
        for (k, c) in self.cells[a..b].iter_mut().enumerate() {
            c.now = if k == 0 { now.to_vec() } else { Vec::new() };
            c.kind = Some(kind);
            c.group = g;
        }
    }
}

/// Normalises one run of copy read from `src`, which starts at byte `start` of `file`.
pub(crate) fn normalise(
    file: FileId,
    start: usize,
    src: &str,
    mode: Mode,
    repairs: &mut Vec<Repair>,
) -> Text {
    let mut cells = Cells {
        cells: src
            .char_indices()
            .map(|(off, c)| Cell {
                orig: c,
                off,
                now: vec![c],
                kind: None,
                group: 0,
            })
            .collect(),
        next_group: 1,
    };
    half_width_alphanumerics(&mut cells);
    ellipses_and_dashes(&mut cells);
    pairs(&mut cells);
    marks(&mut cells);
    if mode == Mode::Body {
        spaces(&mut cells);
    }
    log(&cells, file, start, src, repairs);
    let chars: Vec<char> = cells.cells.iter().flat_map(|c| c.now.iter().copied()).collect();
    Text {
        text: fold_lines(&chars),
        span: Span::new(file, start, start + src.len()),
    }
}

/// NM-02: full-width Latin letters, digits and `％` are a legacy workaround; set them
/// half-width.
fn half_width_alphanumerics(cells: &mut Cells) {
    for i in 0..cells.cells.len() {
        let c = cells.cells[i].orig;
        if matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '％') {
            let ascii = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
            cells.set(i, &[ascii], RepairKind::HalfWidthAlphanumeric);
        }
    }
}

/// `...`, `。。。`, `···`, a lone `…` become `……`; `--`, `－－`, `――` and a lone `—` between
/// Han become `——` (§1.5). A single `—` between digits is the connector and stays.
fn ellipses_and_dashes(cells: &mut Cells) {
    let n = cells.cells.len();
    let mut i = 0;
    while i < n {
        let c = cells.cells[i].orig;
        let mut j = i;
        while j < n && cells.cells[j].orig == c {
            j += 1;
        }
        let len = j - i;
        let near_cjk = cells.touches_cjk(i) || cells.touches_cjk(j - 1);
        let replace = match c {
            '.' | '。' | '·' | '・' => len >= 3 && (c != '.' || near_cjk),
            '…' | '⋯' => len == 1 || (c == '⋯' && len == 2),
            '-' | '－' | '―' => len >= 2 && near_cjk,
            '—' => {
                len == 1
                    && cells.before(i).is_some_and(is_han)
                    && cells.after(j - 1).is_some_and(|a| is_han(a) || a == '“')
            }
            '⸺' => len == 1,
            _ => false,
        };
        if replace {
            let kind = RepairKind::DashOrEllipsis;
            let whole: &[char] = if "-－―—⸺".contains(c) {
                &['—', '—']
            } else {
                &['…', '…']
            };
            cells.set_run(i, j, whole, kind);
        }
        i = j;
    }
}

/// ASCII parentheses pair by nesting and convert as a pair when the content or an outside
/// neighbour is CJK (`组织部门(两新工委)`, `组织(WHO)`); an unpaired one converts when it
/// touches CJK. Straight quotes pair by alternation (double: “ ”, single: ‘ ’) under the same
/// test; an apostrophe inside a Latin word is not a quote; an odd last quote is left alone.
fn pairs(cells: &mut Cells) {
    let mut pairs = Vec::new();
    let mut single = Vec::new();
    let mut open = Vec::new();
    let (mut dq, mut sq) = (None, None);
    for i in 0..cells.cells.len() {
        match cells.cur(i) {
            Some('(') => open.push(i),
            Some(')') => match open.pop() {
                Some(o) => pairs.push((o, i, '（', '）')),
                None => single.push((i, '）')),
            },
            Some('"') => match dq.take() {
                Some(o) => pairs.push((o, i, '“', '”')),
                None => dq = Some(i),
            },
            Some('\'') => {
                let apostrophe = cells.prev(i).is_some_and(|p| p.is_ascii_alphabetic())
                    && cells.next(i).is_some_and(|n| n.is_ascii_alphabetic());
                if !apostrophe {
                    match sq.take() {
                        Some(o) => pairs.push((o, i, '‘', '’')),
                        None => sq = Some(i),
                    }
                }
            }
            _ => {}
        }
    }
    single.extend(open.into_iter().map(|i| (i, '（')));
    for (o, c, wide_open, wide_close) in pairs {
        let inner_cjk = (o + 1..c).filter_map(|k| cells.cur(k)).any(is_cjk);
        let outside = cells.before(o).into_iter().chain(cells.after(c)).any(is_cjk);
        if inner_cjk || outside {
            cells.set(o, &[wide_open], RepairKind::FullWidthPunctuation);
            cells.set(c, &[wide_close], RepairKind::FullWidthPunctuation);
        }
    }
    for (i, wide) in single {
        if cells.touches_cjk(i) {
            cells.set(i, &[wide], RepairKind::FullWidthPunctuation);
        }
    }
}

/// `, : ; ? !` touching Han become `，：；？！`; `.` ending a Han sentence becomes `。`;
/// `~` between numbers becomes `～`.
fn marks(cells: &mut Cells) {
    for i in 0..cells.cells.len() {
        let Some(c) = cells.cur(i) else { continue };
        let wide = match c {
            ',' => '，',
            ':' => '：',
            ';' => '；',
            '?' => '？',
            '!' => '！',
            '.' => '。',
            '~' => '～',
            _ => continue,
        };
        let convert = match c {
            // A decimal point, an abbreviation, a URL or `B.盖茨` keeps its dot: only a dot
            // right after Han or a closing mark, and not before a letter or digit, ends a
            // Han sentence.
            '.' => {
                cells
                    .prev(i)
                    .is_some_and(|p| is_han(p) || "”’）》」』".contains(p))
                    && !cells.next(i).is_some_and(|n| n.is_ascii_alphanumeric())
            }
            '~' => {
                cells.prev(i).is_some_and(|p| p.is_ascii_digit() || p == '%')
                    && cells.next(i).is_some_and(|n| n.is_ascii_digit())
            }
            // A colon between digits is a time (`15:40`) whatever surrounds it.
            ':' if cells.prev(i).is_some_and(|p| p.is_ascii_digit())
                && cells.next(i).is_some_and(|n| n.is_ascii_digit()) =>
            {
                false
            }
            _ => cells.touches_cjk(i),
        };
        if convert {
            cells.set(i, &[wide], RepairKind::FullWidthPunctuation);
        }
    }
}

/// NM-03: in body text no space sits next to Han (or CJK punctuation), and none starts the
/// paragraph; spaces between Latin words stay.
fn spaces(cells: &mut Cells) {
    for i in 0..cells.cells.len() {
        let Some(c) = cells.cur(i) else { continue };
        if !(c == ' ' || c == '\u{3000}' || c == '\t') {
            continue;
        }
        let at_start = cells.prev(i).is_none();
        let (b, a) = (cells.prev(i), cells.next(i));
        let near_cjk = b.is_some_and(is_cjk) || a.is_some_and(is_cjk);
        let between_latin = b.is_some_and(|b| !is_cjk(b) && !b.is_whitespace())
            && a.is_some_and(|a| !is_cjk(a) && !a.is_whitespace());
        if at_start || (near_cjk && !between_latin) || c == '\u{3000}' {
            cells.set(i, &[], RepairKind::SpaceRemoved);
        }
    }
}

/// One repair per changed cell or run, in source order.
fn log(cells: &Cells, file: FileId, start: usize, src: &str, repairs: &mut Vec<Repair>) {
    let mut i = 0;
    let n = cells.cells.len();
    while i < n {
        let c = &cells.cells[i];
        let Some(kind) = c.kind else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < n && cells.cells[j].kind.is_some() && cells.cells[j].group == c.group {
            j += 1;
        }
        let end = cells.cells.get(j).map_or(src.len(), |e| e.off);
        let at = start + c.off;
        repairs.push(Repair {
            kind,
            span: Span::new(file, at, start + end),
            before: src.get(c.off..end).unwrap_or_default().to_string(),
            after: cells.cells[i..j].iter().flat_map(|c| c.now.iter()).collect(),
        });
        i = j;
    }
}

/// Builds the text, folding each line break inside a block with the spaces around it.
fn fold_lines(chars: &[char]) -> String {
    let mut out = String::with_capacity(chars.len() * 3);
    let mut in_break = false;
    for &c in chars {
        if c == '\n' || c == '\r' {
            while out.ends_with([' ', '\t']) {
                out.pop();
            }
            in_break = true;
        } else if in_break && c.is_whitespace() {
            // Indentation of the continuation line.
        } else {
            if in_break && out.chars().next_back().is_some_and(|p| !is_cjk(p)) && !is_cjk(c) {
                out.push(' ');
            }
            in_break = false;
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Normalises `src` and returns the text and the repairs as `(offset, before, after)`.
    fn run_mode(src: &str, mode: Mode) -> (String, Vec<(u32, String, String)>) {
        let mut repairs = Vec::new();
        let text = normalise(FileId(0), 10, src, mode, &mut repairs);
        let list = repairs
            .into_iter()
            .map(|r| (r.span.start, r.before, r.after))
            .collect();
        (text.text, list)
    }

    fn run(src: &str) -> (String, Vec<(u32, String, String)>) {
        run_mode(src, Mode::Display)
    }

    fn body(src: &str) -> String {
        run_mode(src, Mode::Body).0
    }

    #[test]
    fn comma_between_han_becomes_full_width() {
        let (text, repairs) = run("如今,快递");
        assert_eq!(text, "如今，快递");
        assert_eq!(repairs, vec![(16, ",".to_string(), "，".to_string())]);
    }

    #[test]
    fn marks_touching_han_through_spaces_or_punctuation() {
        assert_eq!(run("丁海非说:“现在”").0, "丁海非说：“现在”");
        assert_eq!(run("“删减法”,“实勘法”").0, "“删减法”，“实勘法”");
        assert_eq!(run("排查;鄂温克旗").0, "排查；鄂温克旗");
        assert_eq!(run("死了吧?” 好!").0, "死了吧？” 好！");
        assert_eq!(run("真的?!").0, "真的？！");
    }

    #[test]
    fn nm_01_numbers_times_urls_and_latin_are_kept() {
        for src in [
            "共1,258元",
            "15:40开会",
            "增长24.3万",
            "报废率97.2%",
            "‘1+5+N’品牌",
            "见https://example.com/a?b=1,2页",
            "Hello, world: yes; no? ok!",
            "降温 and 保湿",
            "B.盖茨说",
            "1949—1986年",
            "don't",
        ] {
            let (text, repairs) = run(src);
            assert_eq!(text, src);
            assert!(repairs.is_empty(), "{src}: {repairs:?}");
        }
    }

    #[test]
    fn percent_before_han_comma_converts() {
        assert_eq!(run("92%,报废").0, "92%，报废");
    }

    #[test]
    fn parentheses_convert_as_pairs() {
        assert_eq!(run("组织部门(两新工委)牵头").0, "组织部门（两新工委）牵头");
        assert_eq!(run("世界卫生组织(WHO)").0, "世界卫生组织（WHO）");
        assert_eq!(
            run("WHO (World Health Organization)").0,
            "WHO (World Health Organization)"
        );
        assert_eq!(run("百村(社区),活动").0, "百村（社区），活动");
        assert_eq!(run("部(两新)牵").1.len(), 2);
        assert_eq!(run("一是(加强").0, "一是（加强");
        assert_eq!(run("a) b").0, "a) b");
    }

    #[test]
    fn straight_quotes_pair_by_alternation_double_then_single() {
        assert_eq!(run("开展\"两癌\"筛查").0, "开展“两癌”筛查");
        assert_eq!(
            run("他说:\"我读过'人才小院'的报道.\"").0,
            "他说：“我读过‘人才小院’的报道。”"
        );
        assert_eq!(run("say \"hi\" now").0, "say \"hi\" now");
        assert_eq!(run("他说\"好").0, "他说\"好");
    }

    #[test]
    fn dashes_and_ellipses_become_whole() {
        assert_eq!(run("团队--盟畜牧").0, "团队——盟畜牧");
        assert_eq!(run("团队—盟畜牧").0, "团队——盟畜牧");
        assert_eq!(run("红色加油站...").0, "红色加油站……");
        assert_eq!(run("隐患。。。越来越").0, "隐患……越来越");
        assert_eq!(run("出行…越来越").0, "出行……越来越");
        assert_eq!(run("出行……越来越").1, vec![]);
        let (_, r) = run("好...");
        assert_eq!(r, vec![(13, "...".to_string(), "……".to_string())]);
    }

    #[test]
    fn nm_02_full_width_latin_and_digits_become_half_width() {
        let (text, repairs) = run("第４９次ＣＮＮＩＣ报告，增长５％");
        assert_eq!(text, "第49次CNNIC报告，增长5%");
        assert_eq!(repairs.len(), 9);
    }

    #[test]
    fn nm_03_spaces_next_to_han_leave_body_text_but_not_headlines() {
        assert_eq!(body("  创城有我 文明同行"), "创城有我文明同行");
        assert_eq!(body("降温 and 保湿"), "降温and保湿");
        assert_eq!(body("use the Latin words here"), "use the Latin words here");
        assert_eq!(body("全　区"), "全区");
        assert_eq!(
            run("蓄足“源头活水” 激励担当作为").0,
            "蓄足“源头活水” 激励担当作为"
        );
    }

    #[test]
    fn line_breaks_inside_a_block_fold() {
        assert_eq!(run("中文\n  继续").0, "中文继续");
        assert_eq!(run("Latin  \r\nwords").0, "Latin words");
    }

    #[test]
    fn repairs_are_idempotent() {
        for src in ["他说:\"好...\"", "第４９次, 增长", "团队--盟 畜牧(a)"] {
            let once = body(src);
            assert_eq!(body(&once), once, "{src}");
        }
    }
}
