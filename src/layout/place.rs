//! Placing story modules on the grid: an exact search over guillotine partitions of the
//! page (LAYOUT.md "a shape for our solution"), in copy order, with memoisation.
//!
//! A region of `c` columns and `r` rows takes a run of stories in one of three ways: one
//! story fills it; the first story spans it on top and the rest go below; or it is cut into
//! a left and a right part. Every module is followed by one separator row (the horizontal
//! rule between modules), so the page has one virtual row below its last line.
//!
//! The cost of a page is its hole cells (rows × columns left empty), plus penalties for
//! makeup faults: headlines side by side (撞题), a narrow lead, cramped modules; copy that
//! does not fit costs far more than any of them.

mod edges;
mod foot;
mod lshape;
mod memo;
mod sides;
mod stagger;
mod strip;

pub use sides::with_head_sides;
pub use stagger::with_staggered_heads;

use super::module::{Edge, HEAD_AIR_ROWS, Height, Variant};
pub use super::page::Cells;
use crate::copy::StoryKind;
// The search's memo maps are looked up tens of thousands of times a page with small integer
// keys, and never iterated: the standard hasher cost 6 M instructions on the sample.
use rustc_hash::FxHashMap;

use edges::facing;
use lshape::LKey;

/// Cost of a row of copy that does not fit, per column: far above any hole.
pub const OVERFLOW: f64 = 10_000.0;
/// Cost of two headlines side by side at the same height (撞题, LAYOUT.md).
const COLLISION: f64 = 500.0;
/// Cost of a headline the copy wants vertical (`#|`) set across the top instead: the
/// editor asked for a 竖题, so it stands unless it would cost the page a hole of 30 cells,
/// and never at the price of copy left out; below a collision (撞题), which a reader sees as
/// a fault, where this is a choice.
const HEAD_ACROSS: f64 = 1000.0;
/// Cost of a vertical headline (竖题) the copy did not ask for, set beside its body to keep
/// it from standing beside another story's headline at the same height: a makeup editor's
/// way to stagger them (LAYOUT.md), below a collision, above the white of a few lines.
const AUTO_VERTICAL: f64 = 250.0;
/// Cost of an empty cell in a hole (two lines or more, one column wide): what the page must
/// not have; a single empty line under a module costs 1 a cell.
const HOLE: f64 = 20.0;

/// Cost of `rows` empty rows across `cols` columns.
fn waste(rows: usize, cols: usize) -> f64 {
    let per_cell = if rows >= 2 { HOLE } else { 1.0 };
    (rows * cols) as f64 * per_cell
}

/// Cost of `rows` empty rows across `cols` columns under a module with `short` column feet
/// a row short: a single empty row under them shows as a hole of two lines in each.
fn under(rows: usize, cols: usize, short: usize) -> f64 {
    match rows {
        1 => waste(1, cols - short) + waste(2, short),
        _ => waste(rows, cols),
    }
}

impl Height {
    /// Cost of the engine's 竖题 at this height ([`AUTO_VERTICAL`]), nothing for any other
    /// form.
    pub(super) fn offer_cost(&self) -> f64 {
        if self.is_offer() { AUTO_VERTICAL } else { 0.0 }
    }

    /// Cost of the white inside a module of `cols` columns at this height: hole cells, feet
    /// a row short (as a single empty line under a module), air added to its headline.
    pub(super) fn inner_cost(&self, cols: usize) -> f64 {
        let across = match (self.across, self.auto) {
            (true, false) => HEAD_ACROSS,
            _ => self.offer_cost(),
        };
        HOLE * self.holes as f64 + self.white as f64 + air_cost(self.head_extra, cols) + across
    }
}

/// Cost of `rows` of air added to a headline across `cols` columns: the first
/// [`HEAD_AIR_ROWS`] are the headline's usual breathing space, a row each; a row past them
/// reads as air, so it costs more a cell than space left ([`FOOT`]) and is taken only to
/// close a hole.
fn air_cost(rows: usize, cols: usize) -> f64 {
    let deep = rows.saturating_sub(HEAD_AIR_ROWS);
    (rows - deep) as f64 + (deep * cols) as f64 * DEEP_AIR
}

/// Cost of a cell of air past a headline's usual space: above a cell of space left.
const DEEP_AIR: f64 = FOOT + 1.0;

/// Cost of each column a photo is narrower than its rank wants.
const PHOTO_WIDTH: f64 = 15.0;

/// Least rows a module may be given.
const MIN_ROWS: usize = 3;

/// Where a story goes: columns and rows of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// Story index.
    pub story: usize,
    /// First column.
    pub col0: usize,
    /// Columns spanned.
    pub cols: usize,
    /// First row.
    pub row0: usize,
    /// Rows allocated (without the separator row).
    pub rows: usize,
    /// Which height of the variant (index into `Variant::heights`).
    pub height: usize,
    /// For an L-shaped module (咬合): its first columns run `rows` deep, the others stop
    /// short over the stories in its notch (bottom right).
    pub l_shape: Option<LShape>,
}

impl Placement {
    /// A rectangular module: story `story` in columns `col0..col0 + cols`, rows
    /// `row0..row0 + rows`, at height `height` of its variant.
    pub fn plain(
        story: usize,
        (col0, cols): (usize, usize),
        (row0, rows): (usize, usize),
        height: usize,
    ) -> Placement {
        Placement {
            story,
            col0,
            cols,
            row0,
            rows,
            height,
            l_shape: None,
        }
    }
}

/// The shape of an L-shaped module: headline and text across all its columns, then its
/// first columns running on beside the notch where the stories after it stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LShape {
    /// Columns running the module's full height, from the left.
    pub deep: usize,
    /// Rows of the other columns from the module top (headline block and body): the rule
    /// over the notch runs in the row under them.
    pub short_rows: usize,
    /// Body rows of the other columns.
    pub short_body: usize,
}

/// A story as the search sees it.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Kind of module.
    pub kind: StoryKind,
    /// Whether it is the lead (头条), which wants a wide module.
    pub is_lead: bool,
    /// Its variant at each width (index = columns − 1); `None` where it cannot be set or
    /// the editor fixed another width.
    pub variants: Vec<Option<Variant>>,
    /// Whether its headline is to stand vertically wherever a width offers the engine's 竖题
    /// (the second search of [`with_staggered_heads`]): a choice of form, not a price, so
    /// the page's cost stays comparable with the first search's.
    pub wants_vertical: bool,
}

impl Candidate {
    /// Whether some setting of its body is cut to continue on another page.
    fn is_cut(&self) -> bool {
        self.variants
            .iter()
            .flatten()
            .any(|v| v.bodies.iter().any(|b| b.cut.is_some()))
    }
}

#[derive(Debug, Clone, Copy)]
enum Plan {
    /// One story fills the region, at this height (index into its variant's heights).
    Single {
        height: usize,
    },
    Top {
        height: usize,
    },
    /// Story `i` on top cut short at `rows` (the rest of it overflows), the others below.
    TopCut {
        rows: usize,
    },
    Split {
        w: usize,
        k: usize,
    },
    /// Story `i` as an L over the region's width, its first `w` columns deep, stories
    /// `i+1..k` in the notch of `q` rows (its separator row included) under the others, the
    /// rest below.
    L {
        w: usize,
        k: usize,
        q: usize,
    },
}

struct Search<'a> {
    stories: &'a [Candidate],
    cols: usize,
    rows: usize,
    memo: memo::Regions,
    /// Regions on the main region's foot, which may hold the space left (few: a map).
    foot: FxHashMap<(usize, usize), (f64, foot::FootPlan)>,
    /// Columns whose foot, in the main region, stands on the page's foot or on an ad: where
    /// space may be left.
    grounded: Vec<bool>,
    /// Rows of the main region.
    main_rows: usize,
    /// Columns of the main region: space left across all of them is the booked rectangle at
    /// the foot however tall it is.
    main_cols: usize,
    /// Cost of a cell of space left low on the main region's foot: [`FOOT`] on a page short
    /// of copy; a hole's cost on a page with a story cut to continue elsewhere, which has the
    /// copy to fill itself (EDITION.md §5: the cut is chosen so that the page is full).
    space_cell: f64,
    /// Headline rows along the left and right edge of each solved region.
    edges: memo::Kept<edges::Heads>,
    /// [`Search::width_cost`] by story and columns.
    widths: Vec<f64>,
    /// How an L's body fills its columns, by story, width, deep columns, notch and short rows.
    l_fill: FxHashMap<LKey, lshape::LFill>,
    /// [`Search::l_body`] by story and width.
    l_bodies: Vec<Option<Option<(usize, usize)>>>,
    /// [`Search::notch_rows`] by story, width and whether two stories stand in the notch.
    notches: Vec<Option<std::rc::Rc<[usize]>>>,
    /// Whether the space may stand under a left part of a split (only where the columns it
    /// may stand on are a strip on the left, [`strip`]: elsewhere it never changed a page and
    /// cost a page with an ad on its foot 9 % more instructions).
    space_left_side: bool,
    /// Whether the space may stand only across the whole main region (the L around a foot
    /// ad, [`strip`]).
    space_across: bool,
}

impl<'a> Search<'a> {
    fn key(&self, i: usize, j: usize, c: usize, r: usize) -> usize {
        let n = self.stories.len() + 1;
        ((i * n + j) * (self.cols + 1) + c) * (self.rows + 1) + r
    }

    /// [`Self::key`] as (run of stories and width, height): a row of the search's tables
    /// and a place in it (see [`memo`]).
    fn cell(&self, i: usize, j: usize, c: usize, r: usize) -> (usize, usize) {
        ((i * (self.stories.len() + 1) + j) * (self.cols + 1) + c, r)
    }

    /// Story `i` at `c` columns; borrowed from the stories, not the search, so the search
    /// can recurse while holding it.
    fn variant(&self, i: usize, c: usize) -> Option<&'a Variant> {
        let stories: &'a [Candidate] = self.stories;
        stories[i].variants.get(c - 1)?.as_ref()
    }

    /// Whether story `i` is to take its 竖题 in variant `v`: it wants it and this width
    /// offers one.
    fn wanted(&self, i: usize, v: &Variant) -> bool {
        self.stories[i].wants_vertical && v.heights.iter().any(Height::is_offer)
    }

    /// Aesthetic cost of story `i` at `c` columns, from the table [`Search::new`] fills:
    /// the search asks it 85,000 times on the sample, of 72 stories and widths.
    #[inline]
    fn width_cost(&self, i: usize, c: usize) -> f64 {
        self.widths[i * (self.cols + 1) + c]
    }

    /// Aesthetic cost of a story at a width (LAYOUT.md makeup rules).
    fn width_cost_of(&self, i: usize, c: usize) -> f64 {
        let s = &self.stories[i];
        let mut cost = match (s.kind, c) {
            (StoryKind::Photo, 1) => 300.0,
            (StoryKind::Photo, 5..) => 150.0,
            (StoryKind::Article, 1) => 60.0,
            _ => 0.0,
        };
        // 头条: the lead story gets a wide module.
        if s.is_lead && c < 4 {
            cost += 400.0;
        }
        // A photo matters: it wants the width of its rank (4 columns with the lead, else 3),
        // so the search does not shrink it to close a gap.
        if let Some(v) = self.variant(i, c)
            && !v.captions.is_empty()
        {
            let target: usize = if s.is_lead { 4 } else { 3 };
            cost += PHOTO_WIDTH * target.saturating_sub(c) as f64;
        }
        // A thin body spread wide looks cramped; a briefs box of a few lines across is normal.
        if let Some(v) = self.variant(i, c)
            && c > 1
            && s.kind != StoryKind::Briefs
            && v.base()
                .and_then(|h| v.bodies.get(h.body))
                .is_some_and(|b| b.rows > 0 && b.rows < 8)
        {
            cost += 80.0;
        }
        // A photo spread wider than its pixels allow prints soft: below 200 ppi is a warning,
        // below 100 an error (TYPOGRAPHY.md §5.2), so the search keeps images sharp.
        if let Some(ppi) = self.variant(i, c).and_then(|v| v.min_ppi) {
            if ppi < 100.0 {
                // An error on the page is worse than any hole.
                cost += OVERFLOW * 10.0;
            } else if ppi < 200.0 {
                cost += 20.0 * (200.0 - ppi);
            }
        }
        cost
    }

    /// [`Self::solve`]'s cost. Most of the search's questions are answered by the memo: the
    /// look-up is inlined here, and only a miss pays the call into the recursion (issue 15:
    /// its frame cost 20 M instructions a page on hits alone).
    #[inline]
    fn cost(&mut self, i: usize, j: usize, c: usize, r: usize) -> f64 {
        match self.memo.cost(self.cell(i, j, c, r)) {
            Some(cost) => cost,
            None => self.solve(i, j, c, r).0,
        }
    }

    fn solve(&mut self, i: usize, j: usize, c: usize, r: usize) -> (f64, Plan) {
        let key = self.cell(i, j, c, r);
        if let Some(hit) = self.memo.get(key) {
            return hit;
        }
        let best = self.best_plan(i, j, c, r);
        self.memo.insert(key, best);
        best
    }

    /// The cheapest way to fill a region of `c` columns and `r` rows with stories `i..j`.
    fn best_plan(&mut self, i: usize, j: usize, c: usize, r: usize) -> (f64, Plan) {
        let mut best = (f64::INFINITY, Plan::Single { height: 0 });
        if j == i + 1 {
            if let Some(v) = self.variant(i, c)
                && r > MIN_ROWS
            {
                let room = r - 1;
                // The height that leaves the least hole: the tallest is not always best (a
                // body stretched past what its paragraphs can give leaves a short column).
                let wanted = self.wanted(i, v);
                let cheapest = |form: bool| {
                    v.heights
                        .iter()
                        .enumerate()
                        .take_while(|(_, h)| h.rows <= room)
                        .filter(|(_, h)| !form || !h.across)
                        .map(|(k, h)| (under(room - h.rows, c, v.open_short_feet(h)) + h.inner_cost(c), k))
                        .min_by(|a, b| a.0.total_cmp(&b.0))
                };
                // A story that wants its 竖题 takes it where one fits, else its headline across.
                let (cost, height) = match cheapest(wanted).or_else(|| cheapest(false)) {
                    Some(found) => found,
                    None => (OVERFLOW * (v.min_rows() - room) as f64 * c as f64, v.base_index()),
                };
                best = (cost + self.width_cost(i, c), Plan::Single { height });
            }
        } else {
            if let Some(v) = self.variant(i, c) {
                let wanted = self.wanted(i, v);
                for (hi, h) in v.heights.iter().enumerate() {
                    if h.rows + 1 + MIN_ROWS >= r {
                        break;
                    }
                    if wanted && h.across {
                        continue;
                    }
                    let below = self.cost(i + 1, j, c, r - h.rows - 1);
                    let cost = below + self.width_cost(i, c) + h.inner_cost(c);
                    if cost < best.0 {
                        best = (cost, Plan::Top { height: hi });
                    }
                }
                // A story too long to stand whole over the rest is cut short above them,
                // with the rest given the least room they fit in: what does not fit is its
                // overflow, in reading order, and the page is not left half empty.
                if v.min_rows() + 2 + MIN_ROWS > r {
                    for below in MIN_ROWS + 2..r.saturating_sub(MIN_ROWS + 2) {
                        let rest = self.cost(i + 1, j, c, below);
                        if rest >= OVERFLOW {
                            continue;
                        }
                        let top = r - below - 1;
                        let over = OVERFLOW * (v.min_rows().saturating_sub(top) * c) as f64;
                        let cost = over + rest + self.width_cost(i, c);
                        if cost < best.0 {
                            best = (cost, Plan::TopCut { rows: top });
                        }
                        break;
                    }
                }
            }
            for w in 1..c {
                for k in i + 1..j {
                    let left = self.cost(i, k, w, r);
                    if left >= best.0 {
                        continue;
                    }
                    let right = self.cost(k, j, c - w, r);
                    if left + right >= best.0 {
                        continue;
                    }
                    let collide = self.collisions((i, k, j), (w, c, r));
                    let cost = left + right + COLLISION * collide as f64;
                    if cost < best.0 {
                        best = (cost, Plan::Split { w, k });
                    }
                }
            }
        }
        if j > i + 1 {
            self.try_l(i, j, c, r, &mut best);
        }
        // Stories narrower than the region (a photo of at most 5 columns) may leave empty
        // columns beside them: a hole, but never copy left out.
        for w in 1..c {
            let left = self.cost(i, j, w, r);
            let cost = left + waste(r.saturating_sub(1), c - w);
            if cost < best.0 {
                best = (cost, Plan::Split { w, k: j });
            }
        }
        best
    }

    fn emit(
        &mut self,
        (i, j): (usize, usize),
        (c0, c): (usize, usize),
        (r0, r): (usize, usize),
        out: &mut Vec<Placement>,
    ) {
        match self.solve(i, j, c, r).1 {
            Plan::Single { height } => {
                // A module ends where its content ends: the rows under it stay empty (and
                // are counted as holes), it is never stretched to its region's foot. Only a
                // story short of room takes the whole region and overflows.
                let room = r - 1;
                let rows = self
                    .variant(i, c)
                    .and_then(|v| v.heights.get(height))
                    .map_or(room, |h| h.rows.min(room));
                out.push(Placement::plain(i, (c0, c), (r0, rows), height));
            }
            Plan::Top { height } => {
                let rows = self.variant(i, c).map_or(0, |v| v.heights[height].rows);
                self.emit_over((i, j), (c0, c), (r0, r), (rows, height), out);
            }
            Plan::TopCut { rows } => {
                let base = self.variant(i, c).map_or(0, Variant::base_index);
                self.emit_over((i, j), (c0, c), (r0, r), (rows, base), out);
            }
            Plan::Split { w, k } => {
                self.emit((i, k), (c0, w), (r0, r), out);
                self.emit_region((k, j), (c0 + w, c - w), (r0, r), out);
            }
            Plan::L { w, k, q } => {
                let Some(g) = self.l_geometry(i, (c, w, q), (k == j).then(|| r - 1)) else {
                    return;
                };
                let l_shape = Some(LShape {
                    deep: w,
                    short_rows: g.short_rows,
                    short_body: g.short_body,
                });
                out.push(Placement {
                    story: i,
                    col0: c0,
                    cols: c,
                    row0: r0,
                    rows: g.rows,
                    height: 0,
                    l_shape,
                });
                self.emit((i + 1, k), (c0 + w, c - w), (r0 + g.short_rows + 1, q), out);
                if k < j {
                    self.emit((k, j), (c0, c), (r0 + g.rows + 1, r - g.rows - 1), out);
                }
            }
        }
    }
}

impl Search<'_> {
    /// Story `i` across the region's top in `rows` rows at a height, the rest under it.
    fn emit_over(
        &mut self,
        (i, j): (usize, usize),
        (c0, c): (usize, usize),
        (r0, r): (usize, usize),
        (rows, height): (usize, usize),
        out: &mut Vec<Placement>,
    ) {
        out.push(Placement::plain(i, (c0, c), (r0, rows), height));
        self.emit((i + 1, j), (c0, c), (r0 + rows + 1, r - rows - 1), out);
    }
}

/// A story the editor pinned: its top-left cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pin {
    /// Story index.
    pub story: usize,
    /// First column (from 0).
    pub col: usize,
    /// First row (from 0).
    pub row: usize,
}

impl Search<'_> {
    fn new(stories: &[Candidate], cols: usize, total: usize) -> Search<'_> {
        let n = stories.len();
        let rows = (n + 1) * (n + 1) * (cols + 1);
        let mut s = Search {
            stories,
            cols,
            rows: total,
            memo: memo::Regions::new(rows, total + 1),
            foot: FxHashMap::default(),
            grounded: vec![true; cols],
            main_rows: total,
            main_cols: cols,
            space_cell: if stories.iter().any(Candidate::is_cut) {
                HOLE
            } else {
                FOOT
            },
            edges: memo::Kept::new(rows, 2 * (total + 1)),
            widths: Vec::new(),
            l_fill: FxHashMap::default(),
            l_bodies: vec![None; (n + 1) * (cols + 1)],
            notches: vec![None; (n + 1) * (cols + 1) * 2],
            space_left_side: false,
            space_across: false,
        };
        // No story is set at 0 columns; the slot keeps the table's rows `cols + 1` long.
        let widths = (0..n)
            .flat_map(|i| (0..=cols).map(move |c| (i, c)))
            .map(|(i, c)| if c == 0 { 0.0 } else { s.width_cost_of(i, c) })
            .collect();
        s.widths = widths;
        s
    }

    /// Cost of a run of stories in a region that may be empty: an empty region takes no
    /// stories; a region with no stories is all hole.
    fn region(&mut self, (i, j): (usize, usize), c: usize, r: usize) -> f64 {
        match (c == 0 || r == 0, i == j) {
            (true, true) => 0.0,
            (true, false) => f64::INFINITY,
            (false, true) => waste(r.saturating_sub(1), c),
            (false, false) => self.cost(i, j, c, r),
        }
    }

    fn emit_region(
        &mut self,
        (i, j): (usize, usize),
        (c0, c): (usize, usize),
        (r0, r): (usize, usize),
        out: &mut Vec<Placement>,
    ) {
        if i < j && c > 0 && r > 0 {
            self.emit((i, j), (c0, c), (r0, r), out);
        }
    }
}

/// Cost of a cell of space left at the foot of the page: the honest outcome of short copy
/// (the editor books it), cheaper than a hole inside the page, dearer than a line of white.
const FOOT: f64 = 2.0;

/// The search's answer for a page.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Where each story goes.
    pub placements: Vec<Placement>,
    /// What the page costs the search: holes, makeup faults, copy left out.
    pub cost: f64,
}

/// Places every story in the page's free regions (the page less its ads), in reading order:
/// the stories are cut into runs, one run per region. Each region's height includes the
/// separator row under its last modules. Only `main` may hold the page's space left: one
/// rectangle standing on its foot where that is the page's foot or an ad (see [`foot`]).
pub fn place(stories: &[Candidate], regions: &[Cells], main: usize) -> Layout {
    let n = stories.len();
    let cols = regions.iter().map(|r| r.col0 + r.cols).max().unwrap_or(0);
    let total = regions.iter().map(|r| r.row0 + r.rows).max().unwrap_or(0);
    if stories.is_empty() || cols == 0 {
        return Layout::default();
    }
    if (n + 1) * (n + 1) * (cols + 1) * (total + 1) > MAX_STATES {
        let whole = regions.get(main).copied().unwrap_or_default();
        return stack(stories, whole);
    }
    // One free region (a page without ads, the sample's case): its whole run of stories is
    // what the helper works on. With ads the runs each region takes are the search's to
    // find, and the helper would guess.
    let mut s = Search::new(stories, cols, total);
    if let Some(m) = regions.get(main) {
        let foot = m.row0 + m.rows;
        s.main_rows = m.rows;
        s.main_cols = m.cols;
        for (x, g) in s.grounded.iter_mut().enumerate() {
            *g = !regions
                .iter()
                .enumerate()
                .any(|(k, r)| k != main && r.row0 == foot && (r.col0..r.col0 + r.cols).contains(&x));
        }
    }
    // best[m][i]: the cost of stories i.. in regions m.., with each region's run end and
    // height used.
    let m = regions.len();
    let mut best = vec![vec![(f64::INFINITY, n, 0usize); n + 1]; m + 1];
    best[m][n] = (0.0, n, 0);
    for k in (0..m).rev() {
        let reg = regions[k];
        for i in 0..=n {
            let mut b = (f64::INFINITY, n, reg.rows);
            for (j, &(rest, _, _)) in best[k + 1].clone().iter().enumerate().skip(i) {
                if !rest.is_finite() {
                    continue;
                }
                let (cost, h) = if k == main && i < j {
                    (s.solve_foot(i, j, (reg.col0, reg.cols), reg.rows).0, reg.rows)
                } else if k == main {
                    s.shrunk((i, j), reg.cols, reg.rows, b.0 - rest)
                } else {
                    (s.region((i, j), reg.cols, reg.rows), reg.rows)
                };
                if cost + rest < b.0 {
                    b = (cost + rest, j, h);
                }
            }
            best[k][i] = b;
        }
    }
    let cost = best[0][0].0;
    // The run of stories each region takes.
    let mut runs = Vec::with_capacity(m);
    let mut i = 0;
    for row in &best[..m] {
        let j = row[i].1;
        runs.push((i, j));
        i = j;
    }
    // Where the strip beside a foot ad takes no story, it is space the main region's foot may
    // reach down to, under the strip's columns or across the region (two more searches, side
    // by side, so only then).
    if let Some(strip) = strip::foot_strip(regions, main, total)
        && runs[strip].0 == runs[strip].1
    {
        let alt =
            strip::cheapest_with_empty_strip(stories, regions, (main, strip), (cols, total), &s.grounded);
        if alt.cost < cost {
            return alt;
        }
    }
    let mut out = Vec::with_capacity(n);
    if cost.is_finite() {
        for (k, (reg, &(i, j))) in regions.iter().zip(&runs).enumerate() {
            let h = best[k][i].2;
            if k == main && i < j {
                s.emit_foot((i, j), (reg.col0, reg.cols), (reg.row0, h), &mut out);
            } else {
                s.emit_region((i, j), (reg.col0, reg.cols), (reg.row0, h), &mut out);
            }
        }
    }
    Layout {
        placements: out,
        cost,
    }
}

impl Search<'_> {
    /// The best height for a main region left without stories, and its cost with the space
    /// left; heights whose space alone costs `bound` are not tried.
    fn shrunk(&mut self, (i, j): (usize, usize), c: usize, r: usize, bound: f64) -> (f64, usize) {
        let mut best = (self.region((i, j), c, r), r);
        for h in (MIN_ROWS + 2..r).rev() {
            let foot = self.space_cell * ((r - h) * c) as f64;
            if foot >= best.0.min(bound) {
                break;
            }
            let cost = self.region((i, j), c, h) + foot;
            if cost < best.0 {
                best = (cost, h);
            }
        }
        best
    }
}

/// Most regions the exact search may remember (its tables grow with the square of the
/// stories): past this a page is not something an editor sends, but it must still build.
const MAX_STATES: usize = 8_000_000;

/// The fallback for a page with more stories than the search can hold: every story across
/// the page at its least height, one under the other; what does not fit overflows.
fn stack(stories: &[Candidate], whole: Cells) -> Layout {
    let (cols, total) = (whole.cols, whole.rows);
    let mut out = Vec::new();
    let mut row = 0;
    for (i, s) in stories.iter().enumerate() {
        let Some(v) = s.variants.get(cols.wrapping_sub(1)).and_then(Option::as_ref) else {
            continue;
        };
        if row + MIN_ROWS + 1 >= total {
            break;
        }
        let rows = v.min_rows().min(total - row - 1);
        out.push(Placement::plain(
            i,
            (whole.col0, cols),
            (whole.row0 + row, rows),
            v.base_index(),
        ));
        row += rows + 1;
    }
    Layout {
        placements: out,
        cost: 0.0,
    }
}

/// Places the stories with one of them pinned by the editor to a cell. The pinned module cuts
/// the page into the columns to its left, the part above it, the part below it and the
/// columns to its right; the stories before it in copy order fill the left part and then the
/// part above, those after it the part below and then the right part. The search chooses the
/// pinned module's width (unless fixed) and height and where each run of stories ends.
pub fn place_pinned(stories: &[Candidate], cols: usize, rows: usize, pin: Pin) -> Layout {
    let n = stories.len();
    let total = rows + 1;
    if (n + 1) * (n + 1) * (cols + 1) * (total + 1) > MAX_STATES {
        let whole = Cells {
            col0: 0,
            cols,
            row0: 0,
            rows: total,
        };
        return stack(stories, whole);
    }
    let mut s = Search::new(stories, cols, total);
    let p = pin.story;
    let mut best: Option<(f64, usize, usize, usize, usize)> = None;
    for w in 1..=cols.saturating_sub(pin.col) {
        let Some(v) = s.variant(p, w) else { continue };
        for (hi, h) in v.heights.iter().enumerate() {
            if pin.row + h.rows > rows {
                break;
            }
            let below = total - (pin.row + h.rows + 1).min(total);
            for a in 0..=p {
                let left = s.region((0, a), pin.col, total);
                let above = s.region((a, p), w, pin.row);
                if !(left + above).is_finite() {
                    continue;
                }
                for u in p + 1..=n {
                    let cost = left
                        + above
                        + s.region((p + 1, u), w, below)
                        + s.region((u, n), cols - pin.col - w, total)
                        + s.width_cost(p, w)
                        + h.holes as f64
                        + h.offer_cost();
                    if best.is_none_or(|b| cost < b.0) {
                        best = Some((cost, w, hi, a, u));
                    }
                }
            }
        }
    }
    let Some((cost, w, hi, a, u)) = best else {
        return Layout::default();
    };
    let rows_p = s.variant(p, w).map_or(0, |v| v.heights[hi].rows);
    let mut out = Vec::with_capacity(n);
    s.emit_region((0, a), (0, pin.col), (0, total), &mut out);
    s.emit_region((a, p), (pin.col, w), (0, pin.row), &mut out);
    out.push(Placement::plain(p, (pin.col, w), (pin.row, rows_p), hi));
    let below_r0 = pin.row + rows_p + 1;
    s.emit_region(
        (p + 1, u),
        (pin.col, w),
        (below_r0, total.saturating_sub(below_r0)),
        &mut out,
    );
    s.emit_region((u, n), (pin.col + w, cols - pin.col - w), (0, total), &mut out);
    Layout {
        placements: out,
        cost,
    }
}
