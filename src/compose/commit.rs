//! Turning chosen breaks into positioned glyphs: trims, compression and justification
//! (CLREQ order: compress punctuation first, then spread the rest evenly, §2.4).

use super::class::Kind;
use super::linebreak::{GLUE_SHRINK, Measure, indent_squeeze, measure, trims};
use super::prepare::{Stretch, Unit};
use super::{Align, LOOSE_GAP, Line, LineGlyph, ParStyle};
use crate::shape::ShapedPar;

/// Builds one line from units `a..b`, `k` being its index in the paragraph.
pub fn commit_line(
    par: &ShapedPar,
    units: &[Unit],
    m: &Measure,
    style: &ParStyle,
    (a, b): (usize, usize),
    k: usize,
    is_last: bool,
) -> Line {
    let (align, size) = (style.align, style.size);
    let first = k == 0;
    let trim_open = m.trim_open && !first;
    let width = if first { m.width - m.indent } else { m.width };
    let mut fit = measure(units, a, b, trim_open);
    let open = indent_squeeze(units, a, m);
    fit.shrink += open;
    let slack = width - fit.natural;
    let justifies = matches!(align, Align::Justify) && !is_last;
    // Han–Latin gaps take the slack first (CLREQ), the ordinary gaps the rest.
    let (per_glue, slack_left) = if justifies {
        fit.spread(slack)
    } else {
        (0.0, slack)
    };
    // Justified lines spread slack over gaps; shrinking takes the same share from every
    // compressible blank and Han–Latin gap.
    let (per_gap, shrink_ratio) = match align {
        Align::Justify if slack_left > 0.0 && !is_last && fit.gaps > 0 => (slack_left / fit.gaps as f64, 0.0),
        _ if slack < 0.0 && fit.shrink > 0.0 => (0.0, (-slack / fit.shrink).min(1.0)),
        _ => (0.0, 0.0),
    };
    // A line with no ordinary gap (all one URL or word) is letter-spaced instead.
    let per_weak = if matches!(align, Align::Justify)
        && slack_left > 0.0
        && !is_last
        && fit.gaps == 0
        && fit.weak_gaps > 0
    {
        slack_left / fit.weak_gaps as f64
    } else {
        0.0
    };
    let offset = match align {
        Align::Center if slack > 0.0 => slack / 2.0,
        Align::Right if slack > 0.0 => slack,
        _ => 0.0,
    };
    let mut at = if first { m.indent } else { 0.0 } + offset;
    let mut glyphs = Vec::new();
    let mut han = 0;
    for (i, u) in units.iter().enumerate().take(b).skip(a) {
        let (mut lead, mut trail) = trims(u, i, (a, b), trim_open);
        if u.class == Kind::Space && (i == a || i + 1 == b) {
            continue;
        }
        // An opening mark gives its blank from the start side, the others from the end.
        if u.squeeze {
            if i != a {
                lead += (u.lead_blank - lead).max(0.0) * shrink_ratio;
            } else {
                lead += open * shrink_ratio;
            }
            trail += (u.trail_blank - trail).max(0.0) * shrink_ratio;
        }
        let cluster = &par.clusters[i];
        let mut pen = at - lead + u.inset;
        for (gi, g) in cluster.glyphs.iter().enumerate() {
            glyphs.push(LineGlyph {
                face: g.face,
                id: g.id,
                inline: size * (pen + g.inline_offset),
                cross: size * g.cross_offset,
                text: if gi == 0 {
                    par.cluster_text(i).to_string()
                } else {
                    String::new()
                },
                role: cluster.role,
                orient: g.orient,
            });
            pen += g.advance;
        }
        at += u.width - lead - trail;
        han += u.is_han as usize;
        if i + 1 < b {
            let glue = if u.glue_after > 0.0 {
                u.glue_after - GLUE_SHRINK * shrink_ratio + per_glue
            } else {
                0.0
            };
            at += glue
                + match u.stretch_after {
                    Stretch::Yes => per_gap,
                    Stretch::Weak => per_weak,
                    Stretch::No => 0.0,
                };
        }
    }
    Line {
        glyphs,
        width: size * (at - offset),
        start: par.clusters[a].start,
        end: par.clusters[b - 1].end,
        span: par.source(par.clusters[a].start, par.clusters[b - 1].end),
        han,
        justified: matches!(align, Align::Justify)
            && !is_last
            && fit.gaps + fit.weak_gaps > 0
            && slack >= -1e-9,
        ragged: matches!(align, Align::Justify)
            && !is_last
            && ((at - offset) - m.width).abs() * size.0 > 0.05,
        // A URL letter-spaced to the measure is as loose as a spread Han line, and reported.
        loose: (per_gap > LOOSE_GAP + 1e-9 && han_pairs(units, a, b)) || per_weak > LOOSE_GAP + 1e-9,
    }
}

/// Whether two Han characters stand side by side on the line `a..b` (where a loose line
/// shows: the gap between them is what a proofreader measures).
fn han_pairs(units: &[Unit], a: usize, b: usize) -> bool {
    units[a..b].windows(2).any(|w| w[0].is_han && w[1].is_han)
}
