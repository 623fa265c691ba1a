//! L-shaped modules (咬合): a story whose first columns run on beside a notch where the
//! next story or two stand (LAYOUT.md). The search tries such a shape for a run of stories
//! next to its rectangles; the figures of each shape are remembered per search.

use super::{HOLE, MIN_ROWS, OVERFLOW, Plan, Search, waste};
use crate::copy::StoryKind;
use crate::layout::body::MIN_COLUMN_LINES;

/// An L's body by story, width, deep columns, notch rows and short rows.
pub(super) type LKey = (usize, usize, usize, usize, usize);

/// An L-shaped module's figures (see [`Search::l_geometry`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct LGeometry {
    pub(super) rows: usize,
    pub(super) short_rows: usize,
    pub(super) short_body: usize,
    pub(super) over: usize,
    pub(super) holes: usize,
    pub(super) white: usize,
}

/// A body's lines in columns of the heights `caps`, level where they fit, else filled from
/// the start: the lines that overflow, the hole cells and one-row feet left, and whether a
/// subhead is left without its lines under it (背题, which a level setting never does).
fn l_fill(body: &crate::layout::body::BodySet, caps: &[usize]) -> LFill {
    let (flow, figures) = (&body.flow, body.figures());
    let at = match figures.distribute_in(caps) {
        Some(level) => return (0, level.holes, level.white, false),
        None => figures.distribute_prefix_in(caps),
    };
    let strands =
        (0..at.len()).any(|k| flow[k].kind.is_subhead() && crate::layout::body::stranded(flow, &at, k));
    let mut used = vec![0; caps.len()];
    for (f, &(c, r)) in flow.iter().zip(&at) {
        used[c] = used[c].max(r + f.rows());
    }
    let over = flow[at.len()..].iter().map(|f| f.rows()).sum();
    let (mut holes, mut white) = (0, 0);
    for (&cap, &u) in caps.iter().zip(&used) {
        match cap.saturating_sub(u) {
            short @ 2.. => holes += short,
            short => white += short,
        }
    }
    (over, holes, white, strands)
}

/// What [`l_fill`] finds: lines over, hole cells, one-row feet, a stranded subhead.
pub(super) type LFill = (usize, usize, usize, bool);

impl Search<'_> {
    /// Story `i` as an L in `c` columns with its first `w` deep and a notch of `q` rows
    /// under the others; `room` (when the L must fill the region's height) caps its rows, and
    /// a story too long for them is cut (its rest overflows). Its rows, its short columns'
    /// body rows, the lines that overflow and the white left in its columns.
    pub(super) fn l_geometry(
        &mut self,
        i: usize,
        (c, w, q): (usize, usize, usize),
        room: Option<usize>,
    ) -> Option<LGeometry> {
        let (fixed, lines) = self.l_body(i, c)?;
        let v = self.variant(i, c)?;
        let body = &v.bodies[v.l_base()?.body];
        // The short columns take what the deep ones leave, shared level; a line or two more
        // where a subhead's keep needs it.
        let fit = lines.saturating_sub(w * q).div_ceil(c);
        let tries = match room {
            Some(room) if fixed + fit + q > room => {
                let short = room.checked_sub(fixed + q)?;
                short..=short
            }
            _ => fit..=fit + 2,
        };
        for short in tries {
            if short < MIN_COLUMN_LINES || room.is_some_and(|room| fixed + short + q > room) {
                return None;
            }
            let key = (i, c, w, q, short);
            let (over, holes, white, strands) = match self.l_fill.get(&key) {
                Some(&hit) => hit,
                None => {
                    let mut caps = vec![short + q; w];
                    caps.resize(c, short);
                    let fill = l_fill(body, &caps);
                    self.l_fill.insert(key, fill);
                    fill
                }
            };
            let cut = room.is_some_and(|room| fixed + short + q == room) && fit > short;
            // A short column that strands a subhead is tried a line taller (题不落底).
            if (over == 0 && !strands) || cut {
                return Some(LGeometry {
                    rows: fixed + short + q,
                    short_rows: fixed + short,
                    short_body: short,
                    over,
                    holes,
                    white,
                });
            }
        }
        None
    }

    /// The rows above the body of story `i` as an L at `c` columns, and its body's lines;
    /// `None` for a story that cannot be an L. Remembered: the search asks often.
    fn l_body(&mut self, i: usize, c: usize) -> Option<(usize, usize)> {
        let key = i * (self.cols + 1) + c;
        if let Some(&hit) = self.l_bodies.get(key).and_then(Option::as_ref) {
            return hit;
        }
        let s = &self.stories[i];
        let found = self
            .variant(i, c)
            // A photo beside the text keeps its module a rectangle.
            .filter(|v| {
                s.kind == StoryKind::Article
                    && !s.is_cut()
                    && v.l_base().is_some()
                    // An automatic 竖题's bodies beside the headline are not the L's.
                    && (v.vertical.is_some() || v.bodies.iter().all(|b| b.beside.is_none()))
            })
            .and_then(|v| {
                let h0 = v.l_base()?;
                let body = v.bodies.get(h0.body).filter(|b| b.beside.is_none())?;
                let lines: usize = body.flow.iter().map(|f| f.rows()).sum();
                Some((h0.rows.checked_sub(body.rows)?, lines))
            });
        if let Some(slot) = self.l_bodies.get_mut(key) {
            *slot = Some(found);
        }
        found
    }

    /// The rows a notch of `c` columns may have for story `i` (and with `two`, story `i + 1`
    /// under it), separator rows included, ascending. Remembered.
    fn notch_rows(&mut self, i: usize, c: usize, two: bool) -> std::rc::Rc<[usize]> {
        let key = (i * (self.cols + 1) + c) * 2 + two as usize;
        if let Some(hit) = self.notches.get(key).and_then(Option::as_ref) {
            return hit.clone();
        }
        let rows = |s: usize| {
            self.variant(s, c)
                .map_or(Vec::new(), |v| v.heights.iter().map(|h| h.rows + 1).collect())
        };
        let mut notch = rows(i);
        if two {
            let second = rows(i + 1);
            notch = notch
                .iter()
                .flat_map(|a| second.iter().map(move |b| a + b))
                .collect();
            notch.sort_unstable();
            notch.dedup();
        }
        let notch: std::rc::Rc<[usize]> = notch.into();
        if let Some(slot) = self.notches.get_mut(key) {
            *slot = Some(notch.clone());
        }
        notch
    }

    pub(super) fn try_l(&mut self, i: usize, j: usize, c: usize, r: usize, best: &mut (f64, Plan)) {
        let Some((fixed, lines)) = self.l_body(i, c) else {
            return;
        };
        // An L wants deep columns of at least half its width, with the next story or two in
        // its notch: the shapes makeup editors use (咬合), and few enough to keep the search
        // fast. The notch is as tall as its stories, one over the other, at one of their
        // heights.
        for k in i + 2..=j.min(i + 3) {
            for w in c.div_ceil(2).max(1)..c {
                let notch = self.notch_rows(i + 1, c - w, k == i + 3);
                // Deeper notches leave the short columns fewer lines than a column should hold,
                // unless the story is cut to fill the region.
                let most = (lines.saturating_sub(c * MIN_COLUMN_LINES) / w).max(if k == j {
                    r.saturating_sub(fixed + MIN_COLUMN_LINES + 1)
                } else {
                    0
                });
                for &q in notch.iter() {
                    if q > most || q + MIN_COLUMN_LINES + 1 > r {
                        break;
                    }
                    self.try_l_at((i, j, k), (c, w, q), r, best);
                }
            }
        }
    }

    fn try_l_at(
        &mut self,
        (i, j, k): (usize, usize, usize),
        (c, w, q): (usize, usize, usize),
        r: usize,
        best: &mut (f64, Plan),
    ) {
        let room = (k == j).then(|| r - 1);
        let Some(g) = self.l_geometry(i, (c, w, q), room) else {
            return;
        };
        if g.rows + 1 > r {
            return;
        }
        let own = OVERFLOW * g.over as f64 + HOLE * g.holes as f64 + g.white as f64 + self.width_cost(i, c);
        if own >= best.0 {
            return;
        }
        let beside = self.cost(i + 1, k, c - w, q);
        if own + beside >= best.0 {
            return;
        }
        let rest = r - g.rows - 1;
        let below = if k < j {
            if rest <= MIN_ROWS {
                return;
            }
            self.cost(k, j, c, rest)
        } else {
            waste(rest, c)
        };
        let cost = own + beside + below;
        if cost < best.0 {
            *best = (cost, Plan::L { w, k, q });
        }
    }
}
