//! A story's body in balanced columns (PA-05): the flow distributed over `k` columns of `h`
//! rows, with paragraphs set a line shorter by punctuation compression where that makes the
//! body fit (copyfitting), and subheads never left at a column's foot (题不落底). No line is
//! spread to gain length: whole lines move between columns so that they end level (within a
//! line), and what a body cannot fill is left to the layout as whole rows.

use super::page::Cursor;
use super::story::{Flow, FlowKind, LINES_UNDER_SUBHEAD, ParAlt, StoryPrep, flow_with};

/// Least lines a column of a story's body should hold: fewer, and its lines read across the
/// gutters as one line with holes in it; a story that short takes fewer columns.
pub const MIN_COLUMN_LINES: usize = 3;

/// A body set in columns.
#[derive(Debug, Clone)]
pub struct BodySet {
    /// Rows of every column (the last may hold fewer lines).
    pub rows: usize,
    /// The flow as set (some paragraphs looser or tighter).
    pub flow: Vec<Flow>,
    /// Column and row of each flow item.
    pub at: Vec<(usize, usize)>,
    /// Empty cells at column feet that count as holes (runs of two rows or more).
    pub holes: usize,
    /// Column feet one row short: white too small to be a hole, which a level body avoids.
    pub white: usize,
    /// For a story continued on another page: where this setting cuts it (the flow then
    /// ends with the jump line, `（下转第N版）`).
    pub cut: Option<Cursor>,
    /// A photo beside the first columns: the columns from its first stand under it.
    pub beside: Option<Beside>,
}

/// Fewest lines a column under a story photo (or a 竖题) holds, when it holds any.
pub const MIN_UNDER_BESIDE: usize = 3;

/// A story photo standing at the head of a body's last columns (EDITION.md §2): the text
/// beside it starts at the photo's top, the text under it after its caption, in whole
/// columns, so the module stays a rectangle. A vertical headline (竖题) on the right of its
/// body stands so too, in the last column, the body running on under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Beside {
    /// The first column under the photo (the photo spans it and those after it).
    pub col: usize,
    /// Rows of the photo with its caption and credit.
    pub rows: usize,
}

impl Beside {
    /// Where each of `cols` columns of a body `h` rows tall starts and how many rows it has.
    pub fn columns(beside: Option<Beside>, cols: usize, h: usize) -> Vec<(usize, usize)> {
        (0..cols)
            .map(|c| match beside {
                Some(b) if c >= b.col => (b.rows.min(h), h.saturating_sub(b.rows)),
                _ => (0, h),
            })
            .collect()
    }
}

/// A flow distributed over columns of one height.
#[derive(Debug, Clone)]
pub struct Level {
    /// Column and row of each item.
    pub at: Vec<(usize, usize)>,
    /// Cells of column feet two rows or more short.
    pub holes: usize,
    /// Column feet one row short.
    pub white: usize,
}

/// Puts flow items into `cols` columns of `h` rows so that the columns end level: whole
/// lines are moved between columns until no column foot is two rows or more short where
/// that can be done, the shorter columns last. The column and row of each item and the hole
/// cells and one-row feet left, or `None` if the flow does not fit.
pub fn distribute(flow: &[Flow], cols: usize, h: usize) -> Option<Level> {
    distribute_in(flow, &vec![h; cols])
}

/// [`distribute`] into columns of the heights `caps`, in reading order (an L-shaped body:
/// its deep columns, then the short ones over the stories in its notch).
pub fn distribute_in(flow: &[Flow], caps: &[usize]) -> Option<Level> {
    let n = flow.len();
    let cols = caps.len();
    let h = caps.iter().copied().max().unwrap_or(0);
    if cols == 0 || flow.iter().any(|f| f.rows() > h) {
        return None;
    }
    // Rows before each item, so a column's rows are a difference.
    let mut before = Vec::with_capacity(n + 1);
    before.push(0usize);
    for f in flow {
        before.push(before[before.len() - 1] + f.rows());
    }
    // Rows of the columns before each column, full and less the near-full margin.
    let mut full = vec![0usize; cols + 1];
    let mut near_full = vec![0usize; cols + 1];
    for (c, &cap) in caps.iter().enumerate() {
        full[c + 1] = full[c] + cap;
        near_full[c + 1] = near_full[c] + cap.saturating_sub(NEAR_FULL);
    }
    if before[n] > full[cols] {
        return None;
    }
    // A column may end before item e only if no group that must stand in one column
    // (a subhead with the lines under it, a line with its paragraph's short last) runs past
    // it: the furthest any earlier item's group reaches.
    // A subhead's lines share one group end, found in one pass from the story's end: a
    // subhead of thousands of lines costs as much as as many body lines.
    let mut group_end = vec![0usize; n];
    for j in (0..n).rev() {
        group_end[j] = match flow.get(j + 1) {
            Some(next) if flow[j].kind.is_subhead() && next.kind.is_subhead() => group_end[j + 1],
            _ => before[j] + keep_rows(flow, j, h),
        };
    }
    // The furthest reach so far, kept as the ends are walked: one pass, no table.
    let mut reach = 0;
    let cut_ok: Vec<bool> = (0..=n)
        .map(|e| {
            if e > 0 {
                reach = reach.max(group_end[e - 1].min(before[e - 1] + h));
            }
            e == n || reach <= before[e]
        })
        .collect();
    // Cost of a column left `short` rows short: holes first, then white towards the left.
    let cost = |short: usize, col: usize| -> u64 {
        let hole = if short >= 2 { short as u64 } else { 0 };
        hole * HOLE_WEIGHT + (short * (cols - col)) as u64
    };
    // best[c * (n + 1) + i]: the least cost of items i.. in columns c.., and where column c
    // ends. One table, and loops over slices below: the body search runs this a thousand
    // times a page (issue 15).
    let at = |c: usize, i: usize| c * (n + 1) + i;
    let mut best = vec![(u64::MAX, n); (cols + 1) * (n + 1)];
    best[at(cols, n)] = (0, n);
    for c in (0..cols).rev() {
        let h = caps[c];
        let (this, after) = best.split_at_mut(at(c + 1, 0));
        let (this, next) = (&mut this[at(c, 0)..], &after[..=n]);
        // Column c can only start where the columns before it, each near full, end (or at the
        // story's end): the other starts are never reached, and skipping them keeps a tall
        // story's search linear in its columns, not its lines.
        let lo = before.partition_point(|&b| b < near_full[c]);
        let hi = before.partition_point(|&b| b <= full[c]);
        // From start i, column c may end at items low..=most: at most its height, at least
        // near full (a foot short by more is a hole, worth trying only against a subhead's
        // keep). Both bounds only grow with i.
        let (mut low, mut most) = (lo.min(n), lo.min(n));
        for i in (lo..hi.min(n)).chain(std::iter::once(n)) {
            let limit = before[i] + h;
            most = most.max(i);
            while most < n && before[most + 1] <= limit {
                most += 1;
            }
            while low <= n && before[low] + NEAR_FULL < limit {
                low += 1;
            }
            let mut b = (u64::MAX, n);
            // Latest end first; a subhead keeps its lines in its column (题不落底, no 背题).
            let from = low.max(i + 1);
            if from <= most {
                let ends = before[from..=most]
                    .iter()
                    .zip(&next[from..=most])
                    .zip(&cut_ok[from..=most])
                    .enumerate()
                    .rev();
                for (k, ((&rows, rest), &ok)) in ends {
                    if ok {
                        keep_least(&mut b, from + k, rest.0, cost(h - (rows - before[i]), c));
                    }
                }
            }
            // An empty column only after the story's end (or one with no room, under a photo
            // as tall as the text beside it).
            if low <= i && (i == n || h == 0) {
                keep_least(&mut b, i, next[i].0, cost(h, c));
            }
            // Or else the rest of the story, however short of full.
            if most == n && before[n] + NEAR_FULL < limit {
                keep_least(&mut b, n, next[n].0, cost(h - (before[n] - before[i]), c));
            }
            this[i] = b;
        }
    }
    if best[at(0, 0)].0 == u64::MAX {
        return None;
    }
    let mut at_rows = Vec::with_capacity(n);
    let (mut holes, mut white) = (0, 0);
    let mut i = 0;
    for (c, &cap) in caps.iter().enumerate() {
        let e = best[at(c, i)].1;
        for k in i..e {
            at_rows.push((c, before[k] - before[i]));
        }
        let short = cap - (before[e] - before[i]);
        if short >= 2 {
            holes += short;
        } else {
            white += short;
        }
        i = e;
    }
    Some(Level {
        at: at_rows,
        holes,
        white,
    })
}

/// Keeps column end `e` in `best` if the rest of the story from there (`rest`, `u64::MAX` where
/// it cannot be set) with this column's `cost` is cheaper; the first of equals stays.
#[inline(always)]
fn keep_least(best: &mut (u64, usize), e: usize, rest: u64, cost: u64) {
    if rest != u64::MAX && rest + cost < best.0 {
        *best = (rest + cost, e);
    }
}

/// Rows short of full a column other than the last is tried at: more than any group that
/// must stand in one column (a wrapped subhead and the lines under it), so the break before
/// such a group is always among them.
const NEAR_FULL: usize = 8;

/// Weight of a hole cell against the order of white among the columns.
const HOLE_WEIGHT: u64 = 1 << 20;

/// The column and row of as many flow items, from the first, as columns of the heights
/// `caps` hold: a module given less room than its copy needs sets the beginning of the story
/// and the rest overflows, in reading order.
pub fn distribute_prefix_in(flow: &[Flow], caps: &[usize]) -> Vec<(usize, usize)> {
    let mut at = Vec::with_capacity(flow.len());
    let (mut col, mut row) = (0, 0);
    let cap = |c: usize| caps.get(c).copied().unwrap_or(0);
    for (i, item) in flow.iter().enumerate() {
        let need = keep_rows(flow, i, cap(col));
        if row > 0 && row + need > cap(col) {
            col += 1;
            row = 0;
        }
        if col >= caps.len() || item.rows() > cap(col) {
            break;
        }
        at.push((col, row));
        row += item.rows();
    }
    at
}

/// Whether the subhead at `k` stands without the [`LINES_UNDER_SUBHEAD`] body lines after it
/// (as many as follow) in its column, as `at` sets `flow` (items past `at` are not set):
/// 背题.
pub fn stranded(flow: &[Flow], at: &[(usize, usize)], k: usize) -> bool {
    let Some(&(col, _)) = at.get(k) else { return false };
    let under = flow[k + 1..]
        .iter()
        .take_while(|f| f.kind == FlowKind::Line)
        .take(LINES_UNDER_SUBHEAD)
        .count();
    let set = (k + 1..k + 1 + under)
        .filter(|&j| at.get(j).is_some_and(|&(c, _)| c == col))
        .count();
    set < under
}

/// What a setting of a flow leaves wrong: subheads stranded (背题), hole cells at column
/// feet, characters not set. Rows of each column are counted from what it holds, so
/// columns that start under a photo count alike.
fn faults(flow: &[Flow], at: &[(usize, usize)], caps: &[usize]) -> (usize, usize, usize) {
    let strand = (0..at.len())
        .filter(|&k| flow[k].kind == FlowKind::Subhead && stranded(flow, at, k))
        .count();
    let mut used = vec![0; caps.len()];
    for (f, &(c, _)) in flow.iter().zip(at) {
        used[c] += f.rows();
    }
    let holes = caps
        .iter()
        .zip(&used)
        .map(|(&cap, &u)| cap.saturating_sub(u))
        .filter(|&short| short >= 2)
        .sum();
    (strand, holes, super::story::flow_chars(&flow[at.len()..]))
}

/// A flow as set: its items, and the column and row of each item placed.
pub type Placed = (Vec<Flow>, Vec<(usize, usize)>);

/// A setting that strands a subhead at a column's head or foot (its column too short for it
/// and its lines: an L's short column), mended by setting one paragraph before it a line
/// shorter (缩行, `alts`): the subhead and its lines move back up into the column before.
/// `place` sets a flow into the columns of the heights `caps`. The flow and its places, or
/// `None` when no paragraph mends it without more white or overflow.
pub fn pull_back(
    flow: &[Flow],
    alts: &[ParAlt],
    at: &[(usize, usize)],
    caps: &[usize],
    place: impl Fn(&[Flow]) -> Vec<(usize, usize)>,
) -> Option<Placed> {
    let first = (0..at.len()).find(|&k| flow[k].kind == FlowKind::Subhead && stranded(flow, at, k))?;
    let now = faults(flow, at, caps);
    let mut best: Option<((usize, usize, usize), Placed)> = None;
    for alt in alts {
        let Some(block) = alt.tighter.first().map(|f| f.at.block) else {
            continue;
        };
        // The paragraph where this flow sets it at its natural length, before the subhead.
        let Some(start) = flow
            .iter()
            .position(|f| f.at.block == block && f.kind == FlowKind::Line)
        else {
            continue;
        };
        let len = flow[start..].iter().take_while(|f| f.at.block == block).count();
        if len != alt.len || start + len > first {
            continue;
        }
        let mut tighter = Vec::with_capacity(flow.len());
        tighter.extend_from_slice(&flow[..start]);
        tighter.extend(alt.tighter.iter().cloned());
        tighter.extend_from_slice(&flow[start + len..]);
        let at = place(&tighter);
        let f = faults(&tighter, &at, caps);
        let better = f.0 < now.0 && f.1 <= now.1 && f.2 <= now.2;
        if better && best.as_ref().is_none_or(|b| f < b.0) {
            best = Some((f, (tighter, at)));
        }
    }
    best.map(|(_, placed)| placed)
}

/// [`distribute_in`] into columns that each start at a row: `columns[c]` is `(top, rows)`
/// (the columns under a story photo start below it); rows are given from the body's top.
pub fn distribute_at(flow: &[Flow], columns: &[(usize, usize)]) -> Option<Level> {
    let caps: Vec<usize> = columns.iter().map(|c| c.1).collect();
    let mut level = distribute_in(flow, &caps)?;
    for (c, r) in &mut level.at {
        *r += columns[*c].0;
    }
    Some(level)
}

/// [`distribute_prefix_in`] into columns that each start at a row, as for [`distribute_at`].
pub fn distribute_prefix_at(flow: &[Flow], columns: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let caps: Vec<usize> = columns.iter().map(|c| c.1).collect();
    let mut at = distribute_prefix_in(flow, &caps);
    for (c, r) in &mut at {
        *r += columns[*c].0;
    }
    at
}

/// Rows that must stand in one column from item `i` on, up to `most` (a column's height):
/// a subhead with the rest of its lines and [`LINES_UNDER_SUBHEAD`] body lines (as many as
/// follow, no 背题); a line with the paragraph's last when that may not open a column alone
/// (孤行, a brief's lone source). The count stops at `most`, so a subhead of thousands of
/// lines costs a column's worth per line, not its whole length (it was quadratic).
// Inlined: the body search asks it of every item of every flow it distributes (issue 15: the
// calls alone were 1 % of a 16-page edition).
#[inline]
fn keep_rows(flow: &[Flow], i: usize, most: usize) -> usize {
    let rest = &flow[i..];
    if flow[i].kind.is_subhead() {
        let mut rows = 0;
        let mut head = 0;
        for f in rest.iter().take_while(|f| f.kind.is_subhead()) {
            rows += f.rows();
            head += 1;
            if rows >= most {
                return most;
            }
        }
        let body = rest[head..]
            .iter()
            .take_while(|f| f.kind == FlowKind::Line)
            .take(LINES_UNDER_SUBHEAD)
            .count();
        return (rows + body).min(most);
    }
    match rest {
        [_, next, ..] if next.at.widow && next.at.block == flow[i].at.block => 2.min(most),
        _ => 1.min(most),
    }
}

/// Which paragraphs to set a line shorter to shorten the body by `less` lines: the longest
/// paragraphs first, where a line less is least visible.
fn choose(prep: &StoryPrep, less: usize) -> Option<Vec<bool>> {
    let mut choice = vec![false; prep.alts.len()];
    if less > prep.alts.len() {
        return None;
    }
    let mut order: Vec<usize> = (0..prep.alts.len()).collect();
    order.sort_by_key(|&k| (std::cmp::Reverse(prep.alts[k].len), k));
    for &k in order.iter().take(less) {
        choice[k] = true;
    }
    Some(choice)
}

/// The body in `cols` columns of exactly `h` rows, with the fewest holes and then the fewest
/// feet a row short: the natural flow, or the fewest paragraphs set a line shorter (by
/// punctuation compression) that level the columns. `None` if it cannot fit.
pub fn fit_body(prep: &StoryPrep, cols: usize, h: usize, beside: Option<Beside>) -> Option<BodySet> {
    // Columns under a photo hold a few lines or none: one or two read as a stub.
    if beside.is_some_and(|b| (1..MIN_UNDER_BESIDE).contains(&h.saturating_sub(b.rows))) {
        return None;
    }
    let columns = Beside::columns(beside, cols, h);
    let natural: usize = prep.flow.iter().map(Flow::rows).sum();
    let capacity: usize = columns.iter().map(|c| c.1).sum();
    let mut best: Option<BodySet> = None;
    // Targets from the natural length (or a full last column) downwards, as far as the
    // paragraphs can be tightened.
    let lowest = natural.saturating_sub(prep.alts.len());
    // The natural setting always stays a candidate, so a fit is found once the columns are
    // tall enough.
    let near_full = (lowest..=capacity.min(natural)).rev().take(cols + 3);
    for target in near_full.chain(std::iter::once(natural)) {
        let Some(choice) = choose(prep, natural - target) else {
            continue;
        };
        let flow = flow_with(prep, &choice);
        let Some(Level { at, holes, white }) = distribute_at(&flow, &columns) else {
            continue;
        };
        if best.as_ref().is_none_or(|b| (holes, white) < (b.holes, b.white)) {
            best = Some(BodySet {
                rows: h,
                flow,
                at,
                holes,
                white,
                cut: None,
                beside,
            });
            if holes == 0 && white == 0 {
                break;
            }
        }
    }
    best
}

/// The least rows at which the body fits in `cols` columns, and the settings from there up
/// to `extra` rows more (taller modules close gaps on the page). With a photo beside the
/// first columns, the body is at least as tall as the photo.
pub fn bodies(prep: &StoryPrep, cols: usize, extra: usize, beside: Option<Beside>) -> Vec<BodySet> {
    if prep.flow.is_empty() {
        return vec![BodySet {
            rows: beside.map_or(0, |b| b.rows),
            flow: Vec::new(),
            at: Vec::new(),
            holes: 0,
            white: 0,
            cut: None,
            beside,
        }];
    }
    let natural: usize = prep.flow.iter().map(Flow::rows).sum();
    let tight = natural.saturating_sub(prep.alts.len());
    let under = beside.map_or(0, |b| (cols - b.col.min(cols)) * b.rows);
    let mut h = (tight + under).div_ceil(cols.max(1)).max(1);
    if let Some(b) = beside {
        h = h.max(b.rows);
    }
    let first = loop {
        if let Some(b) = fit_body(prep, cols, h, beside) {
            break b;
        }
        h += 1;
    };
    let mut out = vec![first];
    for more in 1..=extra {
        if let Some(b) = fit_body(prep, cols, h + more, beside) {
            out.push(b);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::Line;
    use crate::diag::{FileId, Span};
    use crate::geom::Pt;
    use crate::layout::story::SourcePos;
    use std::sync::Arc;

    fn flow(kinds: &str) -> Vec<Flow> {
        let line = Arc::new(Line {
            glyphs: Vec::new(),
            width: Pt(0.0),
            start: 0,
            end: 0,
            span: None,
            han: 0,
            justified: true,
            ragged: false,
            loose: false,
        });
        let at = SourcePos {
            block: 0,
            span: Span::new(FileId(0), 0, 0),
            last: false,
            cut_after: false,
            widow: false,
        };
        kinds
            .chars()
            .map(|k| Flow {
                kind: if k == 's' {
                    FlowKind::Subhead
                } else {
                    FlowKind::Line
                },
                line: line.clone(),
                // `w`: a paragraph's short last line, which may not open a column.
                at: SourcePos {
                    widow: k == 'w',
                    ..at
                },
            })
            .collect()
    }

    /// Rows each column of a distribution holds.
    fn used(flow: &[Flow], at: &[(usize, usize)], cols: usize) -> Vec<usize> {
        let mut u = vec![0; cols];
        for (f, &(c, r)) in flow.iter().zip(at) {
            u[c] = u[c].max(r + f.rows());
        }
        u
    }

    #[test]
    fn columns_end_level_with_the_short_ones_last() {
        // 55 lines in 3 columns of 19: filled in turn the last would stand 2 short (a hole);
        // level, two columns are a line short.
        let f = flow(&"l".repeat(55));
        let Level { at, holes, white } = distribute(&f, 3, 19).unwrap();
        assert_eq!(used(&f, &at, 3), vec![19, 18, 18]);
        assert_eq!((holes, white), (0, 2));
    }

    #[test]
    fn a_subhead_keeps_its_lines_and_too_much_copy_does_not_fit() {
        // Level at 9 and 9 rows, the subhead (two rows) with the two lines under it.
        let f = flow(&format!("lllllsl{}", "l".repeat(10)));
        let Level { at, holes, white } = distribute(&f, 2, 10).unwrap();
        assert_eq!(used(&f, &at, 2), vec![9, 9]);
        assert!(
            at[5].0 == at[6].0 && at[6].0 == at[7].0,
            "subhead and its lines in one column"
        );
        assert_eq!((holes, white), (0, 2));
        assert!(distribute(&flow(&"l".repeat(21)), 2, 10).is_none());
        // Copy for one column of two leaves about a column of hole, however it is shared.
        let holes = distribute(&flow(&"l".repeat(10)), 2, 10).unwrap().holes;
        assert_eq!(holes, 9);
    }

    #[test]
    fn an_l_fills_its_deep_columns_then_the_short_ones() {
        // Two deep columns of 10 rows and a short one of 4 over the notch: 23 lines end
        // level, the short column a line short; 25 do not fit, and filled from the start the
        // last line is left over.
        let f = flow(&"l".repeat(23));
        let Level { at, holes, white } = distribute_in(&f, &[10, 10, 4]).unwrap();
        assert_eq!(used(&f, &at, 3), vec![10, 10, 3]);
        assert_eq!((holes, white), (0, 1));
        let f = flow(&"l".repeat(25));
        assert!(distribute_in(&f, &[10, 10, 4]).is_none());
        assert_eq!(distribute_prefix_in(&f, &[10, 10, 4]).len(), 24);
    }

    #[test]
    fn a_short_last_line_takes_the_line_before_it_to_the_next_column() {
        // Level at 9 and 9 rows the short last line (item 9) would open the second column;
        // the line before it goes with it.
        let f = flow(&format!("{}w{}", "l".repeat(9), "l".repeat(8)));
        let Level { at, .. } = distribute(&f, 2, 10).unwrap();
        assert_eq!(
            at[9].0, at[8].0,
            "the short last line stands with the line before it"
        );
        assert_ne!(at[9].1, 0, "not at a column's head");
    }
}
