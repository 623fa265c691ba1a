//! Preparing a shaped paragraph for breaking: classes, cells, blanks, pair compression, the
//! gaps between clusters and the cost of breaking after each, all in em. Computed once per
//! paragraph and style.

use super::class::{Class, Strictness, classify, is_glued, may_end_line, may_start_line};
use crate::shape::{FontDb, ShapedPar};
use crate::style::Punctuation;

/// Half an em: the blank half of an adjustable mark in the GB glyph model (§2.1), used where
/// the face has no `halt` to say otherwise.
pub const HALF: f64 = 0.5;

/// Cost of breaking inside a URL after `/ . - _ ?` (allowed, but a plain break is better).
const URL_BREAK: f64 = 200.0;
/// Cost of a soft-keep break: a number and its unit (`15|年`), a range, a name with `·`
/// (TYPOGRAPHY.md §1.3 "soft keep preferences").
const SOFT_KEEP: f64 = 400.0;

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
    /// Never: inside `——` and `……`, next to a space.
    No,
    /// Only when a line has no other gap: inside a Latin word, number or URL that fills a
    /// whole line (letter-spacing as the last way to keep both edges flush, PU-05).
    Weak,
    /// Between Han characters and marks: the ordinary justification gap.
    Yes,
}

/// One cluster as the breaker sees it.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Spacing class.
    pub class: Class,
    /// Cell width, em: adjustable marks get a full 1-em cell even where the face draws them
    /// proportionally (NewsKai's quotes), so the GB model applies to every face.
    pub width: f64,
    /// Offset of the glyph inside its cell, em (for marks widened to a cell).
    pub inset: f64,
    /// Removable blank on the start side, em (from the face's `halt`, else ½ em).
    pub lead_blank: f64,
    /// Removable blank on the end side, em.
    pub trail_blank: f64,
    /// Blank trimmed from the start side because of the previous mark (§2.2).
    pub pair_lead: f64,
    /// Blank trimmed from the end side because of the next mark (§2.2).
    pub pair_trail: f64,
    /// Whether and how a line may end after this unit.
    pub break_after: Break,
    /// Extra cost of breaking after this unit.
    pub penalty_after: f64,
    /// Whether justification may add space after this unit.
    pub stretch_after: Stretch,
    /// Fixed glue after this unit when no break falls there, em (Han–Latin gap).
    pub glue_after: f64,
    /// Whether this is a Han character (for the 孤字 rule).
    pub is_han: bool,
}

impl Unit {
    /// Whether the unit has blank that compression can remove.
    pub fn is_adjustable(&self) -> bool {
        self.lead_blank > 0.0 || self.trail_blank > 0.0
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

/// Byte ranges of URLs and e-mail addresses in a text: they break only after `/ . - _ ?`,
/// without a hyphen (TYPOGRAPHY.md §1.3, LB-06).
fn url_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut push = |s: usize, e: usize| {
        let t = &text[s..e];
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

/// Prepares the units of a paragraph.
pub fn prepare(db: &FontDb, par: &ShapedPar, cfg: &PrepareConfig) -> Vec<Unit> {
    let n = par.clusters.len();
    let classes: Vec<Class> = (0..n).map(|i| classify(par.cluster_text(i))).collect();
    let urls = url_ranges(&par.text);
    let in_url = |i: usize| {
        urls.iter()
            .any(|&(s, e)| par.clusters[i].start >= s && par.clusters[i].end <= e)
    };
    let mut units: Vec<Unit> = (0..n)
        .map(|i| {
            let c = &par.clusters[i];
            let class = classes[i];
            let (width, inset) = if class.is_adjustable() && c.advance < 1.0 {
                (
                    1.0,
                    if class == Class::Open {
                        1.0 - c.advance
                    } else {
                        0.0
                    },
                )
            } else {
                (c.advance, 0.0)
            };
            // The face's own half-width alternates say where the blank is; else the GB model.
            let ch = par.cluster_text(i).chars().next().unwrap_or(' ');
            let face = c.glyphs.first().map(|g| g.face);
            let blank = face
                .and_then(|f| db.halt_blank(f, ch))
                .filter(|_| class.is_adjustable() && inset == 0.0);
            let (lead_blank, trail_blank) = match (blank, class) {
                (Some(b), _) => (b.lead, b.trail),
                (None, Class::Open) => (HALF, 0.0),
                (None, Class::Close | Class::Stop) => (0.0, HALF),
                _ => (0.0, 0.0),
            };
            Unit {
                class,
                width,
                inset,
                lead_blank,
                trail_blank,
                pair_lead: 0.0,
                pair_trail: 0.0,
                break_after: Break::Forbidden,
                penalty_after: 0.0,
                stretch_after: Stretch::No,
                glue_after: 0.0,
                is_han: class == Class::Han,
            }
        })
        .collect();

    for i in 0..n {
        // Spaces: a word space between Latin words keeps the font's width; elsewhere a space
        // is a phrase gap (1 em in a headline) or, beside Latin, the Han–Latin gap.
        if classes[i] == Class::Space {
            let prev = i.checked_sub(1).map(|p| classes[p]);
            let next = classes.get(i + 1).copied();
            let western = |c: Option<Class>| c.is_some_and(Class::is_western);
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
        let (a, b) = (par.cluster_text(i), par.cluster_text(i + 1));
        let (ca, cb) = (classes[i], classes[i + 1]);
        // Adjacent marks: remove the blank between them (§2.2), preferring A's trailing
        // blank; the tight style removes B's leading blank as well.
        let (ta, lb) = (units[i].trail_blank, units[i + 1].lead_blank);
        if ta > 0.0 && units[i + 1].is_adjustable() {
            units[i].pair_trail = ta;
            if lb > 0.0 && cfg.punctuation == Punctuation::Tight {
                units[i + 1].pair_lead = lb;
            }
        } else if lb > 0.0 && units[i].is_adjustable() {
            units[i + 1].pair_lead = lb;
        }
        let url = in_url(i) && in_url(i + 1);
        let glued = is_glued(a, b);
        let rules_ok = cb != Class::Space
            && (ca == Class::Space || may_end_line(a, cfg.strictness))
            && may_start_line(b, cfg.strictness);
        units[i].break_after = if url {
            // Inside a URL the line-end rules give way: break after `/ . - _ ?`, no hyphen.
            if a.ends_with(['/', '.', '-', '_', '?']) {
                Break::Allowed
            } else {
                Break::Glued
            }
        } else if !rules_ok {
            Break::Forbidden
        } else if glued {
            Break::Glued
        } else {
            Break::Allowed
        };
        if url && units[i].break_after == Break::Allowed {
            units[i].penalty_after = URL_BREAK;
        } else if is_soft_keep(a, b) {
            units[i].penalty_after = SOFT_KEEP;
        }
        units[i].stretch_after =
            if ca == Class::Space || cb == Class::Space || ca == Class::Fixed || cb == Class::Fixed {
                Stretch::No
            } else if glued || url {
                Stretch::Weak
            } else {
                Stretch::Yes
            };
        let han_like = |c: Class| c == Class::Han;
        if (han_like(ca) && cb.is_western()) || (ca.is_western() && han_like(cb)) {
            units[i].glue_after = cfg.han_latin_gap;
        }
    }
    units
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
    use super::url_ranges;

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
}
