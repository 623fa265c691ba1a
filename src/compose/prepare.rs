//! Preparing a shaped paragraph for breaking: classes, cells, pair compression and the
//! gaps between clusters, all in em. Computed once per paragraph and style.

use super::class::{Class, Strictness, classify, is_glued, may_end_line, may_start_line};
use crate::shape::ShapedPar;

/// Half an em: the blank half of an adjustable mark (TYPOGRAPHY.md §2.1).
pub const HALF: f64 = 0.5;

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
    /// Blank trimmed from the start side because of the previous mark (§2.2).
    pub pair_lead: f64,
    /// Blank trimmed from the end side because of the next mark (§2.2).
    pub pair_trail: f64,
    /// Whether a line may end after this unit.
    pub break_after: bool,
    /// Whether justification may add space after this unit.
    pub stretch_after: bool,
    /// Fixed glue after this unit when no break falls there, em (Han–Latin gap).
    pub glue_after: f64,
    /// Whether this is a Han character (for the 孤字 rule).
    pub is_han: bool,
}

/// Settings that change how a paragraph is prepared.
#[derive(Debug, Clone, Copy)]
pub struct PrepareConfig {
    /// Line-breaking level.
    pub strictness: Strictness,
    /// Gap between Han and Latin letters or digits, em (§2.6; default ¼).
    pub han_latin_gap: f64,
    /// Width of a space between two non-Latin characters, em (a headline's phrase gap).
    pub cjk_space: f64,
}

/// Prepares the units of a paragraph.
pub fn prepare(par: &ShapedPar, cfg: &PrepareConfig) -> Vec<Unit> {
    let n = par.clusters.len();
    let classes: Vec<Class> = (0..n).map(|i| classify(par.cluster_text(i))).collect();
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
            Unit {
                class,
                width,
                inset,
                pair_lead: 0.0,
                pair_trail: 0.0,
                break_after: false,
                stretch_after: false,
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
            units[i].break_after = true;
            continue;
        }
        let (a, b) = (par.cluster_text(i), par.cluster_text(i + 1));
        let (ca, cb) = (classes[i], classes[i + 1]);
        // Adjacent marks: remove the blank between them (§2.2), preferring A's trailing blank.
        if ca.is_adjustable() && cb.is_adjustable() {
            if ca.has_trailing_blank() {
                units[i].pair_trail = HALF;
            } else if cb.has_leading_blank() {
                units[i + 1].pair_lead = HALF;
            }
        }
        let glued = is_glued(a, b);
        units[i].break_after = !glued
            && cb != Class::Space
            && (ca == Class::Space || may_end_line(a, cfg.strictness))
            && may_start_line(b, cfg.strictness);
        units[i].stretch_after = !glued && ca != Class::Space && cb != Class::Space;
        let han_like = |c: Class| c == Class::Han;
        if (han_like(ca) && cb.is_western()) || (ca.is_western() && han_like(cb)) {
            units[i].glue_after = cfg.han_latin_gap;
        }
    }
    units
}
