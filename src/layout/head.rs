//! Headlines: sizes from the 号 scale in a hierarchy whose levels stand two steps apart
//! (TYPOGRAPHY.md §4.1, §4.5; LAYOUT.md 头条), broken at the phrase boundary the copy marks.

use super::ctx::Ctx;
use super::text::line_chars;
use crate::compose::balance::{MAX_HEADING_SPREAD, MIN_HEADING_LAST};
use crate::compose::{Align, Line, compose_heading};
use crate::geom::Pt;
use crate::shape::ShapedPar;

/// The 号 scale in points, largest first (Office/WPS values): 初号, 小初, 一号, 小一, 二号,
/// 小二, 三号, 小三, 四号, 小四.
pub const HAO: [f64; 10] = [42.0, 36.0, 26.0, 24.0, 22.0, 18.0, 16.0, 15.0, 14.0, 12.0];

/// The headline block as set: the kicker (引题), the main headline (主题) and the subtitle
/// (副题), each line with its size, top to bottom.
#[derive(Debug, Clone)]
pub struct HeadSet {
    /// Size of the main headline.
    pub size: Pt,
    /// Lines, centred on the module (each composed at the module width less ½ em of its
    /// own size on either side).
    pub lines: Vec<(Pt, Line)>,
    /// Parts (kicker, headline, deck) that wrap onto a last line shorter than
    /// [`MIN_HEADING_LAST`] characters (the report's `short_heading_lines`).
    pub short_lines: usize,
}

impl HeadSet {
    /// Height of the lines at 1.2 leading, from the first line's top to the last baseline's
    /// descent.
    pub fn text_height(&self) -> Pt {
        let last = self.lines.last().map_or(Pt::ZERO, |(s, _)| *s);
        self.lines.iter().map(|(s, _)| *s * 1.2).sum::<Pt>() - last * 0.2
    }
}

/// The texts of a headline block, shaped.
#[derive(Debug, Clone, Copy)]
pub struct HeadPars<'a> {
    /// 引题, set in Kai two steps below the headline.
    pub kicker: Option<&'a ShapedPar>,
    /// 主题.
    pub main: &'a ShapedPar,
    /// 副题, set in bold Hei two steps below the headline.
    pub subtitle: Option<&'a ShapedPar>,
}

/// Where a story stands in the page's hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// 头条: the lead story.
    Lead,
    /// A story with a headline three or more columns wide.
    Secondary,
    /// A story in one or two columns.
    Minor,
}

/// The hierarchy of a page: the lead's step on the 号 scale; each lower level starts two
/// steps below the one above.
#[derive(Debug, Clone, Copy)]
pub struct Hierarchy {
    /// Index in [`HAO`] of the lead's largest size.
    pub lead: usize,
}

impl Hierarchy {
    /// The lead's size: the largest of 小初, 一号, 小一, 二号 at which its headline takes two
    /// lines in six columns (or the page's width, if narrower).
    pub fn for_lead(ctx: &Ctx, lead: Option<&ShapedPar>) -> Hierarchy {
        let width = ctx.grid.span(6.min(ctx.grid.format.columns));
        let lead = (1..=4)
            .find(|&k| {
                lead.is_some_and(|par| set_headline(ctx, par, Pt(HAO[k]), width - Pt(HAO[k]), 2).is_some())
            })
            .unwrap_or(4);
        Hierarchy { lead }
    }

    /// Sizes a level may use, largest first. The lead has exactly its own size, so it is the
    /// largest on the page wherever it stands (it must be given the width for it); the levels
    /// below start two steps down and may go four steps further in narrow modules.
    pub fn sizes(&self, level: Level) -> &'static [f64] {
        let top = match level {
            Level::Lead => return &HAO[self.lead..=self.lead],
            Level::Secondary => self.lead + 2,
            Level::Minor => self.lead + 4,
        };
        let top = top.min(HAO.len() - 1);
        &HAO[top..(top + 4).min(HAO.len())]
    }

    /// Every size from the lead's down, for a lead the editor fixed to a narrow width.
    pub fn lead_fallback(&self) -> &'static [f64] {
        &HAO[self.lead..]
    }
}

/// Sets a headline block in a module of `width`: the main headline at the largest size of
/// `sizes` (or exactly `fixed`) at which it takes at most `max_lines` lines, none of them a
/// lone character; kicker and subtitle two steps below it on the 号 scale.
pub fn set_head(
    ctx: &Ctx,
    pars: &HeadPars,
    width: Pt,
    sizes: &[f64],
    fixed: Option<f64>,
    max_lines: usize,
) -> Option<HeadSet> {
    let try_size = |s: f64| {
        let size = Pt(s);
        // ½ em of the headline's size stays free on each side.
        set_headline(ctx, pars.main, size, width - size, max_lines).map(|l| (size, l))
    };
    // The largest size that keeps every word whole (`青年创业 / 孵化基地开园` a size down,
    // not `青年创业孵 / 化基地开园`), else the largest that fits at all.
    let whole_words = |s: f64| try_size(s).filter(|(_, (_, splits))| *splits == 0);
    // Better still, a size at which the lines come out even (`草原儿女共绘 / 振兴新图景` a
    // size down, not `草原 / 儿女共绘 / 振兴新图景`); the copy's own phrases stand as
    // they are.
    let phrased = pars.main.text.contains(' ');
    let even = |s: f64| whole_words(s).filter(|(_, (lines, _))| phrased || even_lines(lines));
    let (size, main) = match fixed {
        // The editor's size stands, even if it takes more lines than the house would like.
        Some(s) => try_size(s)
            .or_else(|| set_headline(ctx, pars.main, Pt(s), width - Pt(s), 4).map(|l| (Pt(s), l)))?,
        None => sizes
            .iter()
            .find_map(|&s| even(s))
            .or_else(|| sizes.iter().find_map(|&s| whole_words(s)))
            .or_else(|| sizes.iter().find_map(|&s| try_size(s)))?,
    };
    let main = main.0;
    let step = HAO.iter().position(|&h| h <= size.0).unwrap_or(HAO.len() - 1);
    let small = Pt(HAO[(step + 2).min(HAO.len() - 1)]);
    let deck = |par: Option<&ShapedPar>| -> Option<Vec<(Pt, Line)>> {
        let Some(par) = par else { return Some(Vec::new()) };
        let (lines, _) = set_headline(ctx, par, small, width - small, 2)?;
        Some(lines.into_iter().map(|l| (small, l)).collect())
    };
    let short = |part: &[(Pt, Line)]| match part {
        [_, .., (_, last)] => (line_chars(last) < MIN_HEADING_LAST) as usize,
        _ => 0,
    };
    let kicker = deck(pars.kicker)?;
    let main: Vec<(Pt, Line)> = main.into_iter().map(|l| (size, l)).collect();
    let subtitle = deck(pars.subtitle)?;
    let short_lines = short(&kicker) + short(&main) + short(&subtitle);
    let lines = [kicker, main, subtitle].concat();
    Some(HeadSet {
        size,
        lines,
        short_lines,
    })
}

/// Lines a headline set at the copy's phrase spaces may take beyond its balanced setting.
const PHRASE_EXTRA_LINES: usize = 1;

/// Whether a headline's lines are even: their lengths differ by at most
/// [`MAX_HEADING_SPREAD`] characters, or a line ends or starts at a quotation mark (the
/// copy's phrase, `蓄足 / “源头活水” / 激励担当作为`).
fn even_lines(lines: &[Line]) -> bool {
    let counts: Vec<usize> = lines.iter().map(line_chars).collect();
    let (lo, hi) = (counts.iter().min(), counts.iter().max());
    let quoted = lines.iter().any(|l| {
        let t: String = l.glyphs.iter().map(|g| g.text.as_str()).collect();
        t.starts_with(['“', '‘', '《']) || t.ends_with(['”', '’', '》'])
    });
    quoted || hi.zip(lo).is_none_or(|(h, l)| h - l <= MAX_HEADING_SPREAD)
}

/// Sets a headline at a measure: one line if it fits, else at its marked phrase breaks
/// (each phrase balanced if it wraps), else in balanced lines; `None` if it needs more than
/// `max_lines`, with how many of its breaks fall inside a word. The editor's phrases give
/// way to balance only where they would leave a last line of fewer than
/// [`MIN_HEADING_LAST`] characters, or take more than one line beyond the balanced setting
/// (issue 9 point 5: `千年古镇焕发新活力 / 文旅融合促进乡村 / 振兴取得明显成效`, not
/// `千年古镇焕发新活力 文旅 / 融合促进乡村振兴取得明显成效`).
fn set_headline(
    ctx: &Ctx,
    par: &ShapedPar,
    size: Pt,
    measure: Pt,
    max_lines: usize,
) -> Option<(Vec<Line>, usize)> {
    let style = ctx.par(size).aligned(Align::Center);
    let whole = compose_heading(ctx.db, par, &style, measure);
    if !whole.forced.is_empty() {
        return None;
    }
    let (mut lines, mut splits) = (whole.lines, whole.split_words);
    if lines.len() > 1 && par.text.contains(' ') {
        // Break at the phrase boundary the copy marks with a space (FORMAT.md).
        let split: Vec<usize> = (0..par.clusters.len())
            .filter(|&i| par.cluster_text(i) == " ")
            .collect();
        let (mut phrase_lines, mut phrase_splits) = (Vec::new(), 0);
        let mut a = 0;
        for &s in split.iter().chain(std::iter::once(&par.clusters.len())) {
            let sub = par.slice(a, s);
            let c = compose_heading(ctx.db, &sub, &style, measure);
            if !c.forced.is_empty() {
                phrase_lines.clear();
                break;
            }
            phrase_lines.extend(c.lines);
            phrase_splits += c.split_words;
            a = s + 1;
        }
        let last_ok = phrase_lines
            .last()
            .is_some_and(|l| line_chars(l) >= MIN_HEADING_LAST);
        if last_ok && phrase_lines.len() <= lines.len() + PHRASE_EXTRA_LINES {
            (lines, splits) = (phrase_lines, phrase_splits);
        }
    }
    (lines.len() <= max_lines).then_some((lines, splits))
}

/// Rows of a headline block: its lines at 1.2 leading plus a line of air, in whole rows.
pub fn head_rows(ctx: &Ctx, h: &HeadSet) -> usize {
    let n = h.lines.len() as f64;
    ctx.grid
        .rows_for(h.size * (1.0 + 1.2 * (n - 1.0)) + ctx.grid.format.pitch)
}
