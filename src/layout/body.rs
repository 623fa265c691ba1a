//! A story's body in balanced columns (PA-05): the flow distributed over `k` columns of `h`
//! rows, with paragraphs set a line shorter by punctuation compression where that makes the
//! body fit (copyfitting), and subheads never left at a column's foot (题不落底). No line is
//! spread to gain length: whole lines move between columns so that they end level (within a
//! line), and what a body cannot fill is left to the layout as whole rows.

use super::page::Cursor;
use super::story::{Flow, FlowKind, LINES_UNDER_SUBHEAD, ParAlt, StoryPrep, flow_with};
use std::sync::{Arc, OnceLock};

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
    /// The flow's figures for distributing it again (the search fills L shapes from it):
    /// worked out once, when first asked for ([`BodySet::figures`]).
    pub figures: OnceLock<Arc<Rows>>,
}

impl BodySet {
    /// The figures of the flow as set.
    pub fn figures(&self) -> &Rows {
        self.figures.get_or_init(|| Arc::new(Rows::of(&self.flow)))
    }
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

/// [`distribute_in`] into columns of the heights `caps`, in reading order (an L-shaped body:
/// its deep columns, then the short ones over the stories in its notch).
pub fn distribute_in(flow: &[Flow], caps: &[usize]) -> Option<Level> {
    Rows::of(flow).distribute_in(caps)
}

/// What distributing a flow over columns needs of it, worked out once per flow: the body
/// search distributes each flow at many heights and widths (issue 15: working this out
/// again for every distribution was most of a 16-page edition's body search).
#[derive(Debug, Clone)]
pub struct Rows {
    /// Rows before each item, and after the last: a column's rows are a difference.
    before: Vec<usize>,
    /// Where the group that must stand in one column with each item ends (a subhead with
    /// the lines under it, a line with its paragraph's short last), in rows from the flow's
    /// top, however tall the column.
    group_end: Vec<usize>,
    /// Whether a column may end before each item (and after the last) when no column is
    /// shorter than [`Rows::widest`]: no group runs past it.
    cut_ok: Vec<bool>,
    /// Rows of the tallest group: a column at least this tall never cuts one short.
    widest: usize,
    /// Rows of the tallest item.
    tallest: usize,
}

impl Rows {
    /// The figures of `flow`.
    pub fn of(flow: &[Flow]) -> Rows {
        let n = flow.len();
        let mut before = Vec::with_capacity(n + 1);
        before.push(0usize);
        let (mut total, mut tallest) = (0, 0);
        for f in flow {
            tallest = tallest.max(f.rows());
            total += f.rows();
            before.push(total);
        }
        // From the story's end: a subhead's lines share one group end, so a subhead of
        // thousands of lines costs as much as as many body lines.
        let mut group_end = vec![0usize; n];
        let mut widest = 0;
        // Body lines from the item after the one looked at, up to the next other item.
        let mut lines_after = 0;
        for j in (0..n).rev() {
            let (f, next) = (&flow[j], flow.get(j + 1));
            group_end[j] = match next {
                // A subhead with the rest of its lines and the body lines under it (as many
                // as follow, no 背题).
                Some(next) if f.kind.is_subhead() && next.kind.is_subhead() => group_end[j + 1],
                _ if f.kind.is_subhead() => before[j + 1] + lines_after.min(LINES_UNDER_SUBHEAD),
                // A line with the paragraph's last when that may not open a column alone (孤行,
                // a brief's lone source).
                Some(next) if next.at.widow && next.at.block == f.at.block => before[j] + 2,
                _ => before[j] + 1,
            };
            widest = widest.max(group_end[j] - before[j]);
            lines_after = if f.kind == FlowKind::Line {
                lines_after + 1
            } else {
                0
            };
        }
        let mut rows = Rows {
            before,
            group_end,
            cut_ok: Vec::new(),
            widest,
            tallest,
        };
        rows.cut_ok = rows.cuts(usize::MAX);
        rows
    }

    /// Items in the flow.
    fn len(&self) -> usize {
        self.group_end.len()
    }

    /// Whether a column `h` rows tall may end before each item: no group that must stand in
    /// one column runs past it (a group taller than the column runs to its foot only).
    fn cuts(&self, h: usize) -> Vec<bool> {
        let (n, before) = (self.len(), &self.before);
        // The furthest reach so far, kept as the ends are walked: one pass, no table.
        let mut reach = 0;
        (0..=n)
            .map(|e| {
                if e > 0 {
                    reach = reach.max(self.group_end[e - 1].min(before[e - 1].saturating_add(h)));
                }
                e == n || reach <= before[e]
            })
            .collect()
    }

    /// [`distribute_in`] of the flow these are the figures of.
    pub fn distribute_in(&self, caps: &[usize]) -> Option<Level> {
        let n = self.len();
        let cols = caps.len();
        let h = caps.iter().copied().max().unwrap_or(0);
        if cols == 0 || self.tallest > h {
            return None;
        }
        let before = &self.before;
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
        let short_cuts;
        let cut_ok = if h >= self.widest {
            &self.cut_ok
        } else {
            short_cuts = self.cuts(h);
            &short_cuts
        };
        // Cost of a column left `short` rows short: holes first, then white towards the left.
        let cost = |short: usize, col: usize| -> u64 {
            let hole = if short >= 2 { short as u64 } else { 0 };
            hole * HOLE_WEIGHT + (short * (cols - col)) as u64
        };
        // Column c can only start where the columns before it, each near full, end (or at the
        // story's end): the other starts are never reached, and skipping them keeps a tall
        // story's search linear in its columns, not its lines. The least cost of the items
        // from each such start in columns c.., and where column c ends, is kept for those
        // starts only: `Table`.
        let mut best = Table::new(before, &near_full, &full);
        for c in (0..cols).rev() {
            let h = caps[c];
            let (lo, hi) = best.span(c);
            // From start i, column c may end at items low..=most: at most its height, at least
            // near full (a foot short by more is a hole, worth trying only against a subhead's
            // keep). Both bounds only grow with i.
            let (mut low, mut most) = (lo, lo);
            for i in (lo..hi).chain(std::iter::once(n)) {
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
                if most == n && from <= n && cut_ok[n] {
                    keep_least(&mut b, n, best.end(c + 1).0, cost(h - (before[n] - before[i]), c));
                }
                // Ends before the story's end: only those where column c + 1 can start.
                let (next_lo, next_hi) = best.span(c + 1);
                let (first, last) = (from.max(next_lo), (most + 1).min(next_hi));
                if first < last {
                    let next = best.column(c + 1);
                    let ends = before[first..last]
                        .iter()
                        .zip(&next[first - next_lo..last - next_lo])
                        .zip(&cut_ok[first..last])
                        .enumerate()
                        .rev();
                    for (k, ((&rows, rest), &ok)) in ends {
                        if ok {
                            keep_least(&mut b, first + k, rest.0, cost(h - (rows - before[i]), c));
                        }
                    }
                }
                // An empty column only after the story's end (or one with no room, under a photo
                // as tall as the text beside it).
                if low <= i && (i == n || h == 0) {
                    keep_least(&mut b, i, best.get(c + 1, i).0, cost(h, c));
                }
                // Or else the rest of the story, however short of full.
                if most == n && before[n] + NEAR_FULL < limit {
                    keep_least(&mut b, n, best.end(c + 1).0, cost(h - (before[n] - before[i]), c));
                }
                best.set(c, i, b);
            }
        }
        if best.get(0, 0).0 == u64::MAX {
            return None;
        }
        let mut at_rows = Vec::with_capacity(n);
        let (mut holes, mut white) = (0, 0);
        let mut i = 0;
        for (c, &cap) in caps.iter().enumerate() {
            let e = best.get(c, i).1;
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
}

/// The least cost of a flow's items from a start on in columns `c..`, and where column `c`
/// ends (`u64::MAX` where they cannot be set), for the starts each column can have: those
/// where the columns before it, each near full, end, and the story's end.
struct Table {
    /// Items in the flow.
    n: usize,
    /// The first start each column (and the one past the last) can have, and the end of
    /// its starts.
    spans: Vec<(usize, usize)>,
    /// Where each column's entries begin in `cells`.
    offsets: Vec<usize>,
    /// The entries of each column in turn, from its first start.
    cells: Vec<(u64, usize)>,
    /// The entry of each column at the story's end.
    ends: Vec<(u64, usize)>,
}

impl Table {
    /// An empty table over the rows `before` each item, for columns that end, before each
    /// column, at `near_full` rows at least and `full` rows at most.
    fn new(before: &[usize], near_full: &[usize], full: &[usize]) -> Table {
        let n = before.len() - 1;
        let spans: Vec<(usize, usize)> = near_full
            .iter()
            .zip(full)
            .map(|(&near, &full)| {
                let lo = before.partition_point(|&b| b < near).min(n);
                let hi = before.partition_point(|&b| b <= full).min(n);
                (lo, hi.max(lo))
            })
            .collect();
        let mut offsets = Vec::with_capacity(spans.len());
        let mut size = 0;
        for &(lo, hi) in &spans {
            offsets.push(size);
            size += hi - lo;
        }
        let mut ends = vec![(u64::MAX, n); spans.len()];
        // After the last column: nothing left costs nothing.
        if let Some(last) = ends.last_mut() {
            *last = (0, n);
        }
        Table {
            n,
            spans,
            offsets,
            cells: vec![(u64::MAX, n); size],
            ends,
        }
    }

    /// The starts column `c` can have before the story's end.
    fn span(&self, c: usize) -> (usize, usize) {
        self.spans[c]
    }

    /// Column `c`'s entries, from its first start.
    fn column(&self, c: usize) -> &[(u64, usize)] {
        let (lo, hi) = self.spans[c];
        &self.cells[self.offsets[c]..self.offsets[c] + hi - lo]
    }

    /// Column `c`'s entry at the story's end.
    fn end(&self, c: usize) -> (u64, usize) {
        self.ends[c]
    }

    /// Column `c`'s entry at start `i` (none where it cannot start).
    fn get(&self, c: usize, i: usize) -> (u64, usize) {
        let (lo, hi) = self.spans[c];
        match i {
            _ if i == self.n => self.ends[c],
            _ if (lo..hi).contains(&i) => self.cells[self.offsets[c] + i - lo],
            _ => (u64::MAX, self.n),
        }
    }

    /// Sets column `c`'s entry at start `i`, one of its starts.
    fn set(&mut self, c: usize, i: usize, entry: (u64, usize)) {
        if i == self.n {
            self.ends[c] = entry;
        } else {
            let lo = self.spans[c].0;
            self.cells[self.offsets[c] + i - lo] = entry;
        }
    }
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
    Rows::of(flow).distribute_prefix_in(caps)
}

impl Rows {
    /// [`distribute_prefix_in`] of the flow these are the figures of.
    pub fn distribute_prefix_in(&self, caps: &[usize]) -> Vec<(usize, usize)> {
        let n = self.len();
        let mut at = Vec::with_capacity(n);
        let (mut col, mut row) = (0, 0);
        let cap = |c: usize| caps.get(c).copied().unwrap_or(0);
        for i in 0..n {
            let rows = self.before[i + 1] - self.before[i];
            // The rows that must stand in one column from here, as far as a column holds.
            let need = (self.group_end[i] - self.before[i]).min(cap(col));
            if row > 0 && row + need > cap(col) {
                col += 1;
                row = 0;
            }
            if col >= caps.len() || rows > cap(col) {
                break;
            }
            at.push((col, row));
            row += rows;
        }
        at
    }
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

/// [`distribute_prefix_in`] into columns that each start at a row: `columns[c]` is
/// `(top, rows)` (the columns under a story photo start below it); rows are given from the
/// body's top.
pub fn distribute_prefix_at(flow: &[Flow], columns: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let caps: Vec<usize> = columns.iter().map(|c| c.1).collect();
    let mut at = distribute_prefix_in(flow, &caps);
    for (c, r) in &mut at {
        *r += columns[*c].0;
    }
    at
}

/// A body's settings a number of lines shorter than natural, each made and measured once
/// for all the heights the search tries it at: the fewest paragraphs set a line shorter
/// (by punctuation compression), the longest first, where a line less is least visible.
pub(crate) struct Settings<'a> {
    prep: &'a StoryPrep,
    /// The paragraphs in the order they are set shorter.
    order: Vec<usize>,
    /// By lines less: the flow and its figures, once made.
    made: Vec<Option<(Vec<Flow>, Arc<Rows>)>>,
}

impl<'a> Settings<'a> {
    pub(crate) fn new(prep: &'a StoryPrep) -> Settings<'a> {
        let mut order: Vec<usize> = (0..prep.alts.len()).collect();
        order.sort_by_key(|&k| (std::cmp::Reverse(prep.alts[k].len), k));
        Settings {
            prep,
            order,
            made: vec![None; prep.alts.len() + 1],
        }
    }

    /// The flow `less` lines shorter than natural and its figures, or `None` if fewer
    /// paragraphs than that can be set shorter.
    fn get(&mut self, less: usize) -> Option<&(Vec<Flow>, Arc<Rows>)> {
        let slot = self.made.get_mut(less)?;
        if slot.is_none() {
            let mut choice = vec![false; self.prep.alts.len()];
            for &k in self.order.iter().take(less) {
                choice[k] = true;
            }
            let flow = flow_with(self.prep, &choice);
            let rows = Arc::new(Rows::of(&flow));
            *slot = Some((flow, rows));
        }
        slot.as_ref()
    }
}

/// The body in `cols` columns of exactly `h` rows, with the fewest holes and then the fewest
/// feet a row short: the natural flow, or the fewest paragraphs set a line shorter (by
/// punctuation compression) that level the columns. `None` if it cannot fit.
pub(crate) fn fit_body(
    settings: &mut Settings,
    cols: usize,
    h: usize,
    beside: Option<Beside>,
) -> Option<BodySet> {
    // Columns under a photo hold a few lines or none: one or two read as a stub.
    if beside.is_some_and(|b| (1..MIN_UNDER_BESIDE).contains(&h.saturating_sub(b.rows))) {
        return None;
    }
    let prep = settings.prep;
    let columns = Beside::columns(beside, cols, h);
    let caps: Vec<usize> = columns.iter().map(|c| c.1).collect();
    let natural: usize = prep.flow.iter().map(Flow::rows).sum();
    let capacity: usize = caps.iter().sum();
    // The best so far: lines less than natural, and its distribution.
    let mut best: Option<(usize, Level)> = None;
    // Targets from the natural length (or a full last column) downwards, as far as the
    // paragraphs can be tightened.
    let lowest = natural.saturating_sub(prep.alts.len());
    // The natural setting is the first when the columns hold it all.
    for target in (lowest..=capacity.min(natural)).rev().take(cols + 3) {
        // Each target leaves a row more short than the one before, and no setting of it
        // can do better than its rows short allow: once that is no better than the best,
        // the shorter targets are not tried.
        if best
            .as_ref()
            .is_some_and(|(_, b)| least_short(capacity - target, cols) >= (b.holes, b.white))
        {
            break;
        }
        let less = natural - target;
        let Some((_, rows)) = settings.get(less) else {
            continue;
        };
        debug_assert_eq!(
            rows.before[rows.len()],
            target,
            "a paragraph set shorter is a line shorter"
        );
        let Some(level) = rows.distribute_in(&caps) else {
            continue;
        };
        if best
            .as_ref()
            .is_none_or(|(_, b)| (level.holes, level.white) < (b.holes, b.white))
        {
            let done = level.holes == 0 && level.white == 0;
            best = Some((less, level));
            if done {
                break;
            }
        }
    }
    let (less, Level { mut at, holes, white }) = best?;
    for (c, r) in &mut at {
        *r += columns[*c].0;
    }
    let (flow, rows) = settings.get(less)?;
    let (flow, figures) = (flow.clone(), OnceLock::from(rows.clone()));
    Some(BodySet {
        rows: h,
        flow,
        at,
        holes,
        white,
        cut: None,
        beside,
        figures,
    })
}

/// The fewest hole cells, then one-row feet, that `cols` columns left `short` rows short in
/// all can have: a row short in each column, then the rest in one.
fn least_short(short: usize, cols: usize) -> (usize, usize) {
    match short.checked_sub(cols) {
        None | Some(0) => (0, short),
        Some(more) => (more + 1, cols - 1),
    }
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
            figures: OnceLock::new(),
        }];
    }
    let natural: usize = prep.flow.iter().map(Flow::rows).sum();
    let tight = natural.saturating_sub(prep.alts.len());
    let under = beside.map_or(0, |b| (cols - b.col.min(cols)) * b.rows);
    let mut h = (tight + under).div_ceil(cols.max(1)).max(1);
    if let Some(b) = beside {
        h = h.max(b.rows);
    }
    let mut settings = Settings::new(prep);
    let first = loop {
        if let Some(b) = fit_body(&mut settings, cols, h, beside) {
            break b;
        }
        h += 1;
    };
    let mut out = vec![first];
    for more in 1..=extra {
        if let Some(b) = fit_body(&mut settings, cols, h + more, beside) {
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
