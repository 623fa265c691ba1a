//! Preparing a shaped paragraph for breaking: classes, cells, blanks, pair compression, the
//! gaps between clusters and the cost of breaking after each, all in em. Computed once per
//! paragraph and style.

use super::class::{Kind, Strictness, classify, is_exclaim, is_glued, may_end_line, may_start_line};
use crate::chars::is_latin_script;
use crate::geom::Orientation;
use crate::shape::{FontDb, ShapedPar};
use crate::style::Punctuation;

/// Half an em: the blank half of an adjustable mark in the GB glyph model (§2.1), used where
/// the face has no `halt` to say otherwise.
pub const HALF: f64 = 0.5;

/// Cost of breaking inside a URL or e-mail address (issue 9 point 3: only where no other
/// break serves, yet better than a loose line).
const URL_BREAK: f64 = 20_000.0;
/// Cost of breaking a hyphenated word at its hyphen.
const HYPHEN_BREAK: f64 = 2_000.0;
/// Cost of a soft-keep break: a number and its unit (`15|年`), a range, a name with `·`
/// (TYPOGRAPHY.md §1.3 "soft keep preferences").
const SOFT_KEEP: f64 = 400.0;

/// Cost of breaking inside a unit of measure written out after a figure (`250公 / 里`): the
/// unit is read with its number, so it parts only where keeping it whole would leave a loose
/// line.
const UNIT_WORD_BREAK: f64 = 20_000.0;

/// Units of measure of more than one character that follow a figure in running text.
const UNIT_WORDS: [&str; 19] = [
    "平方公里",
    "平方千米",
    "立方米",
    "平方米",
    "千瓦时",
    "万千瓦",
    "公里",
    "公斤",
    "公顷",
    "千米",
    "千克",
    "千瓦",
    "厘米",
    "毫米",
    "毫升",
    "海里",
    "小时",
    "分钟",
    "摄氏度",
];

/// Whether the place after each unit falls inside a unit of measure that follows a figure.
fn inside_unit_words(classes: &[Kind], text: impl Fn(usize) -> String) -> Vec<bool> {
    let mut inside = vec![false; classes.len()];
    for start in 1..classes.len() {
        if classes[start - 1] != Kind::Digit || classes[start] != Kind::Han {
            continue;
        }
        let run: String = (start..classes.len())
            .take(4)
            .take_while(|&k| classes[k] == Kind::Han)
            .map(&text)
            .collect();
        if let Some(w) = UNIT_WORDS.iter().find(|w| run.starts_with(*w)) {
            let len = w.chars().count();
            inside[start..start + len - 1].fill(true);
        }
    }
    inside
}

/// How a line may end after a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Break {
    /// A break the rules allow.
    Allowed,
    /// Inside an unbreakable unit (a number, a word, `——`): only as a last resort, reported.
    Glued,
    /// Against the line-start or line-end rules: never, but in the final fallback.
    Forbidden,
}

/// Whether justification may add space after a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stretch {
    /// Never: inside words, numbers and units, `——` and `……`, next to a space.
    No,
    /// Only when a line has no other gap: inside a URL that fills a whole line
    /// (letter-spacing as the last way to keep both edges flush, PU-05).
    Weak,
    /// Between Han characters and marks: the ordinary justification gap.
    Yes,
}

/// One cluster as the breaker sees it.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Spacing class.
    pub class: Kind,
    /// Cell width, em: adjustable marks get a full 1-em cell even where the face draws them
    /// proportionally (NewsKai's quotes), so the GB model applies to every face.
    pub width: f64,
    /// Offset of the glyph inside its cell, em (for marks widened to a cell).
    pub inset: f64,
    /// Removable blank on the start side, em (from the face's `halt`, else ½ em).
    pub lead_blank: f64,
    /// Removable blank on the end side, em.
    pub trail_blank: f64,
    /// What the mark gives up at a line end, em: its end-side blank, and for a single `？！`,
    /// which keep their full width inside a line, the blank half the face's `halt` removes
    /// (GB/T 15834 §5.1.10: a full-width mark at the end of a line takes half an em).
    pub end_blank: f64,
    /// Blank trimmed from the start side because of the previous mark (§2.2).
    pub pair_lead: f64,
    /// Blank trimmed from the end side because of the next mark (§2.2).
    pub pair_trail: f64,
    /// Whether compressing a line may take this mark's remaining blanks (not the opening
    /// quote after a colon, issue 9 point 4).
    pub squeeze: bool,
    /// Whether and how a line may end after this unit.
    pub break_after: Break,
    /// Extra cost of breaking after this unit.
    pub penalty_after: f64,
    /// Whether justification may add space after this unit.
    pub stretch_after: Stretch,
    /// Fixed glue after this unit when no break falls there, em (Han–Latin gap).
    pub glue_after: f64,
    /// Whether a text ends after this unit with more to follow on the same paragraph (a
    /// brief's text before its source): a line may end here unjustified, as a paragraph's
    /// last line does, the rest going to the next line flush end.
    pub ends_text: bool,
    /// Whether this is a Han character (for the 孤字 rule).
    pub is_han: bool,
}

impl Unit {
    /// Whether the unit has blank that compression can remove.
    pub fn is_adjustable(&self) -> bool {
        self.lead_blank > 0.0 || self.trail_blank > 0.0
    }

    /// Blank that line compression may still take, given the trims already made.
    pub fn squeezable(&self, lead: f64, trail: f64) -> f64 {
        if self.squeeze {
            (self.lead_blank + self.trail_blank - lead - trail).max(0.0)
        } else {
            0.0
        }
    }
}

/// Settings that change how a paragraph is prepared.
#[derive(Debug, Clone, Copy)]
pub struct PrepareConfig {
    /// Line-breaking level.
    pub strictness: Strictness,
    /// Adjacent-mark compression.
    pub punctuation: Punctuation,
    /// Gap between Han and Latin letters or digits, em (§2.6; default ¼).
    pub han_latin_gap: f64,
    /// Width of a space between two non-Latin characters, em (a headline's phrase gap).
    pub cjk_space: f64,
}

/// Byte ranges of URLs and e-mail addresses in a text (issue 9 point 3).
fn url_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut push = |s: usize, e: usize| {
        let t = &text[s..e];
        // A sentence's closing stop is not part of the address.
        let t = t.trim_end_matches(['.', ',', ';', ':', '?', '!']);
        let e = s + t.len();
        let at = t.find('@');
        let is_mail = at.is_some_and(|a| t[a..].contains('.'));
        if t.contains("://") || t.starts_with("www.") || is_mail {
            out.push((s, e));
        }
    };
    for (i, c) in text.char_indices() {
        let urlish = c.is_ascii_graphic() && !"()[]{}<>\"'".contains(c);
        match (urlish, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                push(s, i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push(s, text.len());
    }
    out
}

/// Where a URL or e-mail address may break between `a` and `b`: after `/` (not inside
/// `//`), or before `. @ ? # - _`, the mark opening the next line (TYPOGRAPHY.md LB-06);
/// never inside a run of letters, never with a hyphen added.
fn url_break(a: &str, b: &str) -> bool {
    (a.ends_with('/') && !b.starts_with('/')) || b.starts_with(['.', '@', '?', '#', '-', '_'])
}

/// Prepares the units of a paragraph.
pub fn prepare(db: &FontDb, par: &ShapedPar, cfg: &PrepareConfig) -> Vec<Unit> {
    let n = par.clusters.len();
    let classes: Vec<Kind> = (0..n).map(|i| classify(par.cluster_text(i))).collect();
    let urls = url_ranges(&par.text);
    let in_url = |i: usize| {
        urls.iter()
            .any(|&(s, e)| par.clusters[i].start >= s && par.clusters[i].end <= e)
    };
    let unit_words = inside_unit_words(&classes, |k| par.cluster_text(k).to_string());
    let mut units: Vec<Unit> = (0..n).map(|i| cell(db, par, i, classes[i])).collect();
    stack_exclaims(par, &mut units);

    let text = |i: usize| par.cluster_text(i);
    // A hyphen before a digit that follows no letter or digit is a minus sign: it may start
    // a line with its number (`气温 / -28.5℃`).
    let minus = |i: usize| {
        classes[i] == Kind::Hyphen
            && classes.get(i + 1) == Some(&Kind::Digit)
            && (i == 0 || !classes[i - 1].is_unit_part())
    };
    // A plus after a word (`互联网+`, `5G+`) stays with it: it never starts a line. One
    // joining two words (`滑雪+温泉`, `互联网+“旅游”`) ends a line, as a hyphen does. Not a
    // plus opening a number (`+86`, `＋86`, `1+5+N` keep the number's rules), nor one of a
    // pair (`C++`).
    let plus = |k: usize| matches!(text(k), "+" | "＋");
    let word_end = |c: Kind| matches!(c, Kind::Han | Kind::Letter | Kind::Digit | Kind::Close);
    let word_start = |c: Kind| matches!(c, Kind::Han | Kind::Letter | Kind::Open);
    let attached = |k: usize| {
        plus(k)
            && k > 0
            && !plus(k - 1)
            && word_end(classes[k - 1])
            && !takes_gap(&classes, k, 1)
            && !(k + 1 < n && text(k + 1).starts_with(|c: char| c.is_numeric()))
    };
    let joiner = |k: usize| attached(k) && k + 1 < n && !plus(k + 1) && word_start(classes[k + 1]);
    for i in 0..n {
        // Spaces: a word space between Latin words keeps the font's width; elsewhere a space
        // is a phrase gap (1 em in a headline) or, beside Latin, the Han–Latin gap.
        if classes[i] == Kind::Space {
            let prev = i.checked_sub(1).map(|p| classes[p]);
            let next = classes.get(i + 1).copied();
            let western = |c: Option<Kind>| c.is_some_and(Kind::is_unit_part);
            if !(western(prev) && western(next)) {
                units[i].width = if western(prev) || western(next) {
                    cfg.han_latin_gap
                } else {
                    cfg.cjk_space
                };
            }
        }
        if i + 1 == n {
            units[i].break_after = Break::Allowed;
            continue;
        }
        let (a, b) = (text(i), text(i + 1));
        let (ca, cb) = (classes[i], classes[i + 1]);
        pair_compression(&mut units, i, (a, b), (ca, cb), cfg.punctuation);
        let url = in_url(i) && in_url(i + 1);
        let glued = is_glued(a, b);
        let starts = may_start_line(b, cfg.strictness) || minus(i + 1);
        let rules_ok = cb != Kind::Space && (ca == Kind::Space || may_end_line(a, cfg.strictness)) && starts;
        // A hyphenated word breaks at its hyphen, which ends the line (`Wi- / Fi`).
        let at_hyphen = ca == Kind::Hyphen
            && !minus(i)
            && (cb == Kind::Letter || i > 0 && classes[i - 1] == Kind::Letter);
        units[i].break_after = if url {
            // Inside a URL the line-end rules give way to its own (issue 9 point 3).
            if url_break(a, b) {
                Break::Allowed
            } else {
                Break::Glued
            }
        } else if at_hyphen || joiner(i) {
            Break::Allowed
        } else if attached(i + 1) || !rules_ok {
            Break::Forbidden
        } else if glued {
            Break::Glued
        } else {
            Break::Allowed
        };
        if units[i].break_after == Break::Allowed {
            units[i].penalty_after = if url {
                URL_BREAK
            } else if at_hyphen || joiner(i) {
                HYPHEN_BREAK
            } else if unit_words[i] {
                UNIT_WORD_BREAK
            } else if is_soft_keep(a, b) {
                SOFT_KEEP
            } else {
                0.0
            };
        }
        units[i].stretch_after = stretch(a, b, (ca, cb), glued, url);
        // The Han–Latin gap stands between a Han character and a half-width letter, digit
        // or sign that starts or ends a unit (`罚款 ¥1,258 元`), never inside the unit
        // (`2.6万亿`).
        let narrow = |s: &str, last: bool| {
            let c = if last { s.chars().last() } else { s.chars().next() };
            c.is_some_and(is_latin_script)
        };
        let edge = |k: usize, inward: isize| takes_gap(&classes, k, inward);
        // In a vertical line only turned words take it: letters and figures set upright or
        // 纵中横 stand in Han cells (TYPOGRAPHY.md §6.2).
        let turned = |k: usize| {
            par.mode.is_horizontal()
                || par.clusters[k]
                    .glyphs
                    .first()
                    .is_some_and(|g| g.orient == Orientation::Sideways)
        };
        if !glued
            && ((ca == Kind::Han && cb.is_unit_part() && narrow(b, false) && edge(i + 1, 1) && turned(i + 1))
                || (ca.is_unit_part() && cb == Kind::Han && narrow(a, true) && edge(i, -1) && turned(i)))
        {
            units[i].glue_after = cfg.han_latin_gap;
        }
    }
    units
}

/// Whether the Latin unit whose edge is cluster `i` (its first when `inward` is 1, its last
/// when -1) takes the Han–Latin gap there (§2.6: the gap stands beside letters and figures).
/// A letter or digit does; a sign or bracket does where it opens or closes a run that holds
/// one (`¥1,258`, `97.2%`, `(CPU)`); an operator standing alone between Han words
/// (`口岸+腹地`) or trailing a word (`5G+工业`) does not.
fn takes_gap(classes: &[Kind], i: usize, inward: isize) -> bool {
    let alnum = |k: Kind| matches!(k, Kind::Letter | Kind::Digit);
    let sign = if inward > 0 {
        matches!(classes[i], Kind::Prefix | Kind::NarrowOpen)
    } else {
        matches!(classes[i], Kind::Postfix | Kind::NarrowClose)
    };
    if alnum(classes[i]) {
        return true;
    }
    if !sign {
        return false;
    }
    let mut k = i;
    while let Some(next) = k.checked_add_signed(inward).filter(|&j| j < classes.len()) {
        if !classes[next].is_unit_part() {
            return false;
        }
        if alnum(classes[next]) {
            return true;
        }
        k = next;
    }
    false
}

/// The cell of cluster `i`: its width, inset and removable blanks.
fn cell(db: &FontDb, par: &ShapedPar, i: usize, class: Kind) -> Unit {
    let c = &par.clusters[i];
    // `？！` keep a full cell too, though they have no blank to give.
    let full_cell = class.is_adjustable() || class == Kind::Exclaim;
    let (width, inset) = if full_cell && c.advance < 1.0 {
        (1.0, if class == Kind::Open { 1.0 - c.advance } else { 0.0 })
    } else {
        (c.advance, 0.0)
    };
    // The face's own half-width alternates say where the blank is (`vhal` in vertical
    // lines); else the GB model, in which `：；` keep a whole em in vertical text (CLREQ).
    let ch = par.cluster_text(i).chars().next().unwrap_or(' ');
    let face = c.glyphs.first().map(|g| g.face);
    let vertical = !par.mode.is_horizontal();
    let blank = face
        .and_then(|f| {
            if vertical {
                db.vhal_blank(f, ch)
            } else {
                db.halt_blank(f, ch)
            }
        })
        .filter(|_| class.is_adjustable() && inset == 0.0);
    let (lead_blank, trail_blank) = match (blank, class) {
        (Some(b), _) => (b.lead, b.trail),
        (None, Kind::Open) => (HALF, 0.0),
        (None, Kind::Stop) if vertical && "：；:;".contains(ch) => (0.0, 0.0),
        (None, Kind::Close | Kind::Stop) => (0.0, HALF),
        _ => (0.0, 0.0),
    };
    let end_blank = match face {
        Some(f) if class == Kind::Exclaim && !vertical && inset == 0.0 => {
            db.halt_blank(f, ch).map_or(0.0, |b| b.trail)
        }
        _ => trail_blank,
    };
    Unit {
        class,
        width,
        inset,
        lead_blank,
        trail_blank,
        end_blank,
        pair_lead: 0.0,
        pair_trail: 0.0,
        squeeze: true,
        break_after: Break::Forbidden,
        penalty_after: 0.0,
        stretch_after: Stretch::No,
        glue_after: 0.0,
        ends_text: false,
        is_han: class == Kind::Han && crate::chars::is_han(ch),
    }
}

/// Stacked `？？ ？！ ！！` take one em together, three of them two (GB/T 15834 §5.1.2): each
/// mark gets an equal share, fixed.
fn stack_exclaims(par: &ShapedPar, units: &mut [Unit]) {
    let n = units.len();
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j < n && par.cluster_text(j).chars().all(is_exclaim) && units[j].class == Kind::Exclaim {
            j += 1;
        }
        if j - i >= 2 {
            let total = (j - i - 1) as f64;
            for u in &mut units[i..j] {
                u.width = total / (j - i) as f64;
                u.end_blank = 0.0;
            }
        }
        i = j.max(i + 1);
    }
}

/// Adjacent marks: remove the blank between them (§2.2), preferring A's trailing blank; the
/// tight style removes B's leading blank as well. `？！` keep their full width: a closing mark
/// after them gives up its blank instead; a colon before an opening quote keeps its half em,
/// so the quote's blank is not squeezed (issue 9 point 4).
fn pair_compression(
    units: &mut [Unit],
    i: usize,
    (a, _b): (&str, &str),
    (ca, cb): (Kind, Kind),
    style: Punctuation,
) {
    let (ta, lb) = (units[i].trail_blank, units[i + 1].lead_blank);
    if ca == Kind::Exclaim && cb == Kind::Close {
        units[i + 1].pair_trail = units[i + 1].trail_blank;
    } else if ta > 0.0 && units[i + 1].is_adjustable() {
        units[i].pair_trail = ta;
        if lb > 0.0 && style == Punctuation::Tight {
            units[i + 1].pair_lead = lb;
        }
        // Only the colon: `。“` may still close up to one em in a tight line.
        if ca == Kind::Stop && cb == Kind::Open && a.starts_with(['：', ':']) {
            units[i].squeeze = false;
            units[i + 1].squeeze = false;
        }
    } else if lb > 0.0 && units[i].is_adjustable() {
        units[i + 1].pair_lead = lb;
    }
}

/// Whether justification may add space between `a` and `b`: never inside a unit, nor between
/// a full-width bracket or quote and the letters or digits it encloses (`（CPU）`), nor next
/// to spaces, dashes, connectors, interpuncts and solidi.
fn stretch(a: &str, b: &str, (ca, cb): (Kind, Kind), glued: bool, url: bool) -> Stretch {
    let fixed = |k: Kind| matches!(k, Kind::Space | Kind::Dash | Kind::Connector | Kind::Interpunct);
    let solidus = |s: &str| s.contains(['/', '／']);
    if url && ca != Kind::Space && cb != Kind::Space {
        Stretch::Weak
    } else if fixed(ca)
        || fixed(cb)
        || solidus(a)
        || solidus(b)
        || glued
        || (ca == Kind::Open && cb.is_unit_part())
        || (ca.is_unit_part() && cb == Kind::Close)
    {
        Stretch::No
    } else {
        Stretch::Yes
    }
}

/// Breaks better avoided (§1.3 soft keeps): between a number and a single measure or date
/// character, after a range connector, around a name's `·`.
fn is_soft_keep(a: &str, b: &str) -> bool {
    let (Some(x), Some(y)) = (a.chars().last(), b.chars().next()) else {
        return false;
    };
    (x.is_ascii_digit() && "年月日时分秒元个人次岁米吨亩户名件条期处项家".contains(y))
        || "～~—".contains(x) && y.is_ascii_digit()
        || x == '·'
}

#[cfg(test)]
mod tests {
    use super::{classify, inside_unit_words, url_break, url_ranges};

    #[test]
    fn a_unit_of_measure_after_a_figure_is_one_word() {
        let inside = |t: &str| -> String {
            let chars: Vec<String> = t.chars().map(String::from).collect();
            let classes: Vec<_> = chars.iter().map(|c| classify(c)).collect();
            let marks = inside_unit_words(&classes, |k| chars[k].clone());
            marks.iter().map(|&m| if m { '^' } else { '.' }).collect()
        };
        assert_eq!(inside("建有2000平方米库"), "......^^..");
        assert_eq!(inside("约250公里，"), "....^..");
        // Not after a figure: ordinary words.
        assert_eq!(inside("公里数和小时工"), ".......");
    }

    #[test]
    fn urls_and_mail_addresses_are_found() {
        let t = "见https://example.com/a/b页，或www.news.cn，或写信给editor@news.cn。";
        let found: Vec<&str> = url_ranges(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(
            found,
            ["https://example.com/a/b", "www.news.cn", "editor@news.cn"]
        );
        assert!(url_ranges("version 1.5 and 24.3").is_empty());
    }

    #[test]
    fn a_url_breaks_after_a_slash_or_before_a_dot_at_or_hyphen() {
        assert!(url_break("/", "e"));
        assert!(!url_break("/", "/"));
        assert!(url_break("e", "."));
        assert!(!url_break(".", "c"));
        assert!(url_break("r", "@"));
        assert!(!url_break("@", "n"));
        assert!(url_break("a", "-"));
        assert!(!url_break("-", "b"));
        assert!(url_break("e", "_"));
        assert!(!url_break("_", "0"));
        assert!(!url_break("a", "b"));
    }
}
