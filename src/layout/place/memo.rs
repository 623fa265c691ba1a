//! The search's tables of solved regions. A region is a run of stories `(i, j)`, a width
//! and a height; the tables keep one row of heights per run and width that the search
//! meets, rows appended one after another as they are first written. The search meets
//! about 20,800 regions on the sample, out of 94,500 keys a dense table would hold: rows
//! packed in first-use order touch a page of memory for every 250 regions or so, where a
//! block per run, as wide as every width, touched the pages of widths never tried (about
//! 900 page faults a build, a third of all).

use super::Plan;

/// A row not written yet.
const NONE: u32 = u32::MAX;

/// Rows of slots, each `width` wide, in the order they were first written.
struct Rows<T> {
    /// Where each row starts in `slots`; [`NONE`] for a row never written.
    rows: Vec<u32>,
    slots: Vec<T>,
    /// Slots per row.
    width: usize,
    /// What a slot holds before it is written.
    empty: T,
}

impl<T: Copy> Rows<T> {
    fn new(rows: usize, width: usize, empty: T) -> Rows<T> {
        Rows {
            rows: vec![NONE; rows],
            // Room for every row (up to a point): only the pages rows are written on are
            // ever touched, and the table never moves as it grows.
            slots: Vec::with_capacity((rows * width).min(1 << 20)),
            width,
            empty,
        }
    }

    #[inline]
    fn get(&self, (row, at): (usize, usize)) -> Option<&T> {
        match *self.rows.get(row)? {
            NONE => None,
            start => self.slots.get(start as usize + at),
        }
    }

    fn slot(&mut self, (row, at): (usize, usize)) -> &mut T {
        if self.rows[row] == NONE {
            self.rows[row] =
                u32::try_from(self.slots.len()).expect("the search's tables are bounded by MAX_STATES");
            self.slots.resize(self.slots.len() + self.width, self.empty);
        }
        let start = self.rows[row] as usize;
        &mut self.slots[start + at]
    }
}

impl Plan {
    /// The plan in a word: its kind in the low byte (never 0, which marks a slot not
    /// solved), then up to three figures of 16 bits (columns, stories, rows: far below
    /// 65,536 on any page the search takes, see `MAX_STATES`).
    fn pack(self) -> u64 {
        let (kind, a, b, c) = match self {
            Plan::Single { height } => (1, height, 0, 0),
            Plan::Top { height } => (2, height, 0, 0),
            Plan::TopCut { rows } => (3, rows, 0, 0),
            Plan::Split { w, k } => (4, w, k, 0),
            Plan::L { w, k, q } => (5, w, k, q),
        };
        debug_assert!(a.max(b).max(c) < 1 << 16);
        kind | (a as u64) << 8 | (b as u64) << 24 | (c as u64) << 40
    }

    fn unpack(word: u64) -> Option<Plan> {
        let f = |at: u32| ((word >> at) & 0xffff) as usize;
        Some(match word & 0xff {
            1 => Plan::Single { height: f(8) },
            2 => Plan::Top { height: f(8) },
            3 => Plan::TopCut { rows: f(8) },
            4 => Plan::Split { w: f(8), k: f(24) },
            5 => Plan::L {
                w: f(8),
                k: f(24),
                q: f(40),
            },
            _ => return None,
        })
    }
}

/// Each solved region's cost and plan, in 16 bytes a region (a plain `(f64, Plan)` takes
/// 40).
pub(super) struct Regions(Rows<(u64, u64)>);

impl Regions {
    /// A table of `rows` rows (runs × widths) of `width` heights.
    pub(super) fn new(rows: usize, width: usize) -> Regions {
        Regions(Rows::new(rows, width, (0, 0)))
    }

    /// The region's cost, if solved: what the search asks most, so read without its plan.
    #[inline]
    pub(super) fn cost(&self, key: (usize, usize)) -> Option<f64> {
        let &(cost, plan) = self.0.get(key)?;
        (plan != 0).then(|| f64::from_bits(cost))
    }

    /// The region's cost and plan, if solved.
    #[inline]
    pub(super) fn get(&self, key: (usize, usize)) -> Option<(f64, Plan)> {
        let &(cost, plan) = self.0.get(key)?;
        Some((f64::from_bits(cost), Plan::unpack(plan)?))
    }

    pub(super) fn insert(&mut self, key: (usize, usize), (cost, plan): (f64, Plan)) {
        *self.0.slot(key) = (cost.to_bits(), plan.pack());
    }
}

/// Values kept per region, each slot an index into them (4 bytes a slot where the values
/// themselves take 16 or more).
pub(super) struct Kept<T> {
    slots: Rows<u32>,
    values: Vec<T>,
}

impl<T> Kept<T> {
    /// A table of `rows` rows of `width` slots.
    pub(super) fn new(rows: usize, width: usize) -> Kept<T> {
        Kept {
            slots: Rows::new(rows, width, 0),
            values: Vec::new(),
        }
    }

    #[inline]
    pub(super) fn get(&self, key: (usize, usize)) -> Option<&T> {
        let at = (*self.slots.get(key)? as usize).checked_sub(1)?;
        self.values.get(at)
    }

    pub(super) fn insert(&mut self, key: (usize, usize), value: T) {
        self.values.push(value);
        *self.slots.slot(key) =
            u32::try_from(self.values.len()).expect("the search's tables are bounded by MAX_STATES");
    }
}
