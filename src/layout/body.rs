//! A story's body in balanced columns (PA-05): the flow distributed over `k` columns of `h`
//! rows, with paragraphs set a line shorter by punctuation compression where that makes the
//! body fit (copyfitting), and subheads never left at a column's foot (题不落底). No line is
//! spread to gain length: a column short of copy leaves its rows to the layout.

use super::page::Cursor;
use super::story::{Flow, FlowKind, LINES_UNDER_SUBHEAD, StoryPrep, flow_with};

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
    /// For a story continued on another page: where this setting cuts it (the flow then
    /// ends with the jump line, `（下转第N版）`).
    pub cut: Option<Cursor>,
}

/// Puts flow items into `cols` columns of `h` rows; the column and row of each, or `None`.
pub fn distribute(flow: &[Flow], cols: usize, h: usize) -> Option<Vec<(usize, usize)>> {
    let at = distribute_prefix(flow, cols, h);
    (at.len() == flow.len()).then_some(at)
}

/// The column and row of as many flow items, from the first, as `cols` columns of `h` rows
/// hold: a module given less room than its copy needs sets the beginning of the story and
/// the rest overflows, in reading order.
pub fn distribute_prefix(flow: &[Flow], cols: usize, h: usize) -> Vec<(usize, usize)> {
    let mut at = Vec::with_capacity(flow.len());
    let (mut col, mut row) = (0, 0);
    for (i, item) in flow.iter().enumerate() {
        let need = keep_rows(flow, i).min(h);
        if row > 0 && row + need > h {
            col += 1;
            row = 0;
        }
        if col >= cols || item.rows() > h {
            break;
        }
        at.push((col, row));
        row += item.rows();
    }
    at
}

/// Rows that must stand in one column from item `i` on: a subhead with the rest of its
/// lines and [`LINES_UNDER_SUBHEAD`] body lines (as many as follow, no 背题); a line with the
/// paragraph's last when that may not open a column alone (孤行, a brief's lone source).
fn keep_rows(flow: &[Flow], i: usize) -> usize {
    let rest = &flow[i..];
    if flow[i].kind.is_subhead() {
        let head = rest.iter().take_while(|f| f.kind.is_subhead()).count();
        let body = rest[head..]
            .iter()
            .take_while(|f| f.kind == FlowKind::Line)
            .take(LINES_UNDER_SUBHEAD)
            .count();
        return rest[..head].iter().map(Flow::rows).sum::<usize>() + body;
    }
    match rest {
        [_, next, ..] if next.at.widow && next.at.block == flow[i].at.block => 2,
        _ => 1,
    }
}

/// Hole cells of a distribution: empty rows at the foot of each column, where two or more.
pub fn holes(flow: &[Flow], at: &[(usize, usize)], cols: usize, h: usize) -> usize {
    let mut used = vec![0usize; cols];
    for (item, &(c, r)) in flow.iter().zip(at) {
        used[c] = used[c].max(r + item.rows());
    }
    used.iter().map(|&u| h - u.min(h)).filter(|&e| e >= 2).sum()
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

/// The body in `cols` columns of exactly `h` rows, with the fewest holes: the natural flow,
/// or paragraphs loosened or tightened to fill the columns. `None` if it cannot fit.
pub fn fit_body(prep: &StoryPrep, cols: usize, h: usize) -> Option<BodySet> {
    let natural: usize = prep.flow.iter().map(Flow::rows).sum();
    let capacity = cols * h;
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
        let Some(at) = distribute(&flow, cols, h) else {
            continue;
        };
        let holes = holes(&flow, &at, cols, h);
        if best.as_ref().is_none_or(|b| holes < b.holes) {
            best = Some(BodySet {
                rows: h,
                flow,
                at,
                holes,
                cut: None,
            });
            if holes == 0 {
                break;
            }
        }
    }
    best
}

/// The least rows at which the body fits in `cols` columns, and the settings from there up
/// to `extra` rows more (taller modules close gaps on the page).
pub fn bodies(prep: &StoryPrep, cols: usize, extra: usize) -> Vec<BodySet> {
    if prep.flow.is_empty() {
        return vec![BodySet {
            rows: 0,
            flow: Vec::new(),
            at: Vec::new(),
            holes: 0,
            cut: None,
        }];
    }
    let natural: usize = prep.flow.iter().map(Flow::rows).sum();
    let tight = natural.saturating_sub(prep.alts.len());
    let mut h = tight.div_ceil(cols.max(1)).max(1);
    let first = loop {
        if let Some(b) = fit_body(prep, cols, h) {
            break b;
        }
        h += 1;
    };
    let mut out = vec![first];
    for more in 1..=extra {
        if let Some(b) = fit_body(prep, cols, h + more) {
            out.push(b);
        }
    }
    out
}
