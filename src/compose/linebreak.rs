//! Choosing the breaks of a whole paragraph at once (total fit, after Knuth and Plass, over
//! CJK break opportunities), with the 孤字 rule as a hard constraint (TYPOGRAPHY.md §3.2).

use super::LOOSE_GAP;
use super::class::Kind;
use super::prepare::{Break, Stretch, Unit};

/// Badness added to a line looser than [`LOOSE_GAP`]: above any solid or compressed setting.
const LOOSE_COST: f64 = 1000.0;
/// Badness of a line made only of a URL's pieces, letter-spaced to the measure.
const URL_LINE_COST: f64 = 400.0;
/// The most a URL line's spread adds to [`URL_LINE_COST`]: it stays below a loose Han line.
const URL_SPREAD_COST: f64 = 500.0;
/// Badness of a line with nowhere to put its slack (no gap at all): it could only be left
/// ragged (PU-05), a fault on the page, so worse than the loosest justified line.
const RAGGED_COST: f64 = 20_000.0;
/// Badness of compressing every blank a line has (CLREQ: compress before spreading).
const SHRINK_COST: f64 = 30.0;
/// Shrink a Han–Latin gap may give, em (¼ down to ⅛, §2.4 step 6).
pub const GLUE_SHRINK: f64 = 0.125;
/// Stretch a Han–Latin gap may take before any Han gap is spread, em (¼ up to ½: CLREQ
/// expands the gaps beside Latin and figures first, so a line of figures stays solid).
pub const GLUE_STRETCH: f64 = 0.25;
/// Cost of a break inside an unbreakable unit, in the last-resort pass.
const GLUED_BREAK: f64 = 1e7;
/// Cost of a break against the line-start or line-end rules, in the final fallback.
const FORBIDDEN_BREAK: f64 = 1e9;

/// The measured content of a candidate line, em.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// Width with line-edge trims and pair compression applied.
    pub natural: f64,
    /// How much further punctuation and glue may be compressed.
    pub shrink: f64,
    /// Gaps that may take justification space.
    pub gaps: usize,
    /// Gaps inside words, numbers and URLs, used only when there are no others.
    pub weak_gaps: usize,
    /// Han characters on the line.
    pub han: usize,
    /// Han–Latin gaps inside the line (they stretch first, [`GLUE_STRETCH`] each).
    pub glues: usize,
}

impl Fit {
    /// Nothing measured yet (an empty line, or the totals before a paragraph's first unit).
    pub const EMPTY: Fit = Fit {
        natural: 0.0,
        shrink: 0.0,
        gaps: 0,
        weak_gaps: 0,
        han: 0,
        glues: 0,
    };

    /// How a justified line's slack is spread: what each Han–Latin gap takes, then what is
    /// left for the ordinary gaps.
    pub fn spread(&self, slack: f64) -> (f64, f64) {
        if slack <= 0.0 || self.glues == 0 {
            return (0.0, slack);
        }
        let taken = slack.min(self.glues as f64 * GLUE_STRETCH);
        (taken / self.glues as f64, slack - taken)
    }
}

/// Start-side trim of a unit that starts a line (§2.3: an opening mark loses its blank).
pub fn start_trim(u: &Unit, trim_open: bool) -> f64 {
    if trim_open && u.lead_blank > 0.0 {
        u.lead_blank
    } else {
        0.0
    }
}

/// End-side trim of a unit that ends a line (§2.3: the end mark takes ½ em).
pub fn end_trim(u: &Unit) -> f64 {
    u.end_blank
}

/// What a paragraph's opening mark may give up after the first-line indent, taken only
/// when the first line must shrink (§2.3: after the indent it may drop ½ em). The quote
/// then stands into the indent, where the alternative is a loose first line.
pub fn indent_squeeze(units: &[Unit], a: usize, m: &Measure) -> f64 {
    match units.get(a) {
        Some(u) if a == 0 && m.trim_open && m.indent > 0.0 && u.squeeze => u.lead_blank,
        _ => 0.0,
    }
}

/// The start and end trims of unit `i` on the line `a..b`.
pub fn trims(u: &Unit, i: usize, (a, b): (usize, usize), trim_open: bool) -> (f64, f64) {
    let lead = if i == a {
        start_trim(u, trim_open)
    } else {
        u.pair_lead
    };
    let trail = if i + 1 == b { end_trim(u) } else { u.pair_trail };
    (lead, trail)
}

/// Measures the line made of units `a..b`.
pub fn measure(units: &[Unit], a: usize, b: usize, trim_open: bool) -> Fit {
    let mut fit = Fit::EMPTY;
    for (i, u) in units.iter().enumerate().take(b).skip(a) {
        let (lead, trail) = trims(u, i, (a, b), trim_open);
        let edge_space = u.class == Kind::Space && (i == a || i + 1 == b);
        if !edge_space {
            fit.natural += u.width - lead - trail;
        }
        // The line's first mark keeps its start side: the indent and the column edge stay
        // where they are.
        fit.shrink += u.squeezable(if i == a { u.lead_blank } else { lead }, trail);
        if i + 1 < b {
            fit.natural += u.glue_after;
            if u.glue_after > 0.0 {
                fit.shrink += GLUE_SHRINK;
                fit.glues += 1;
            }
            tally(u.stretch_after, &mut fit.gaps, &mut fit.weak_gaps);
        }
        fit.han += u.is_han as usize;
    }
    fit
}

/// Counts a gap after a unit as an ordinary or a weak justification gap.
fn tally(stretch: Stretch, gaps: &mut usize, weak: &mut usize) {
    match stretch {
        Stretch::Yes => *gaps += 1,
        Stretch::Weak => *weak += 1,
        Stretch::No => {}
    }
}

/// Running totals of what each unit gives a line it stands inside (not at either end), so
/// that the breaker measures a candidate line in constant time: the totals between its
/// ends, with its first and last units measured as edges. [`measure`] is the definition;
/// the two agree to rounding.
#[derive(Debug, Clone)]
pub struct Sums {
    /// The totals before each unit, and after the last: one record per place, so a line's
    /// measure reads two of them (issue 15: six tables cost twelve bounds checks a line).
    before: Vec<Fit>,
    /// What each unit gives a line it starts or ends instead of its totals: worked out once,
    /// not for every candidate line (issue 15: that was half the breaker's instructions).
    edges: Vec<Edges>,
}

/// What a unit gives a line as its first unit and as its last ([`Sums::measure`]).
#[derive(Debug, Clone, Copy)]
struct Edges {
    /// As the first unit, its width and the glue after it: without its start trim, and with
    /// it (at a line start that trims an opening mark).
    first_natural: [f64; 2],
    /// As the first unit, what it and the glue after it may still be compressed.
    first_shrink: f64,
    /// As the last unit, its width less its end trim.
    last_natural: f64,
    /// As the last unit, what it may still be compressed.
    last_shrink: f64,
    /// As the first unit, the justification gaps, weak gaps and Han–Latin glues after it.
    first_gaps: u8,
    first_weak: u8,
    first_glues: u8,
    /// Whether it is a Han character.
    han: bool,
}

impl Edges {
    fn of(u: &Unit) -> Edges {
        // The first unit: its start as a line start (its first mark keeps its start side for
        // compression), its end as inside a line.
        let natural = |trim_open| {
            let mut natural = u.glue_after;
            if u.class != Kind::Space {
                natural += u.width - start_trim(u, trim_open) - u.pair_trail;
            }
            natural
        };
        let mut first_shrink = u.squeezable(u.lead_blank, u.pair_trail);
        let (mut gaps, mut weak) = (0, 0);
        if u.glue_after > 0.0 {
            first_shrink += GLUE_SHRINK;
        }
        tally(u.stretch_after, &mut gaps, &mut weak);
        // The last unit: its start side as inside a line, its end as a line end.
        let (lead, trail) = (u.pair_lead, end_trim(u));
        let last_natural = if u.class == Kind::Space {
            0.0
        } else {
            u.width - lead - trail
        };
        Edges {
            first_natural: [natural(false), natural(true)],
            first_shrink,
            last_natural,
            last_shrink: u.squeezable(lead, trail),
            first_gaps: gaps as u8,
            first_weak: weak as u8,
            first_glues: (u.glue_after > 0.0) as u8,
            han: u.is_han,
        }
    }
}

impl Sums {
    /// The totals of a paragraph's units.
    pub fn new(units: &[Unit]) -> Sums {
        let mut t = Fit::EMPTY;
        let mut before = Vec::with_capacity(units.len() + 1);
        before.push(t);
        for u in units {
            t.natural += u.width - u.pair_lead - u.pair_trail + u.glue_after;
            t.shrink += u.squeezable(u.pair_lead, u.pair_trail);
            if u.glue_after > 0.0 {
                t.shrink += GLUE_SHRINK;
                t.glues += 1;
            }
            tally(u.stretch_after, &mut t.gaps, &mut t.weak_gaps);
            t.han += u.is_han as usize;
            before.push(t);
        }
        Sums {
            before,
            edges: units.iter().map(Edges::of).collect(),
        }
    }

    /// Han characters in the whole paragraph.
    fn han(&self) -> usize {
        self.before.last().map_or(0, |t| t.han)
    }

    /// [`measure`] of the line `a..b`, from the totals of its inner units and its two edges.
    #[inline]
    pub(crate) fn measure(&self, units: &[Unit], a: usize, b: usize, trim_open: bool) -> Fit {
        if b <= a + 2 {
            return measure(units, a, b, trim_open);
        }
        let (f, last) = (&self.edges[a], &self.edges[b - 1]);
        let (to, from) = (&self.before[b - 1], &self.before[a + 1]);
        Fit {
            natural: f.first_natural[trim_open as usize] + last.last_natural + (to.natural - from.natural),
            shrink: f.first_shrink + last.last_shrink + (to.shrink - from.shrink),
            gaps: f.first_gaps as usize + (to.gaps - from.gaps),
            weak_gaps: f.first_weak as usize + (to.weak_gaps - from.weak_gaps),
            han: f.han as usize + (to.han - from.han) + last.han as usize,
            glues: f.first_glues as usize + (to.glues - from.glues),
        }
    }
}

/// The result of breaking: where each line ends, and which breaks broke the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Breaks {
    /// End (exclusive unit index) of every line; the last is `units.len()`.
    pub ends: Vec<usize>,
    /// Lines (by index) that end inside an unbreakable unit or against the rules: a last
    /// resort, reported, never silently allowed.
    pub forced: Vec<usize>,
}

/// What the breaker needs to know about the measure.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    /// Width of every line, em.
    pub width: f64,
    /// Indent of the first line, em.
    pub indent: f64,
    /// Whether an opening mark at a line start loses its blank half.
    pub trim_open: bool,
    /// Whether lines other than the last are justified (else ragged: no stretch cost).
    pub justify: bool,
    /// Least Han characters on the last line (孤字; 0 to switch off).
    pub min_last_han: usize,
    /// Most space a justification gap may take, em (looser lines are not considered).
    pub max_stretch: f64,
}

/// How far the breaker may bend the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Pass {
    /// Only allowed breaks, and the 孤字 rule holds.
    Strict,
    /// Also inside unbreakable units (a URL or word longer than the measure).
    Glued,
    /// Anything, so that every paragraph gets lines.
    Any,
}

/// Breaks a paragraph into lines, choosing all breaks at once; `sums` are the units'
/// [`Sums`], made once per paragraph.
pub fn linebreak(units: &[Unit], sums: &Sums, m: &Measure) -> Breaks {
    if units.is_empty() {
        return Breaks {
            ends: vec![],
            forced: vec![],
        };
    }
    let ends = [Pass::Strict, Pass::Glued, Pass::Any]
        .into_iter()
        .find_map(|p| search(units, sums, m, p))
        .expect("the last pass accepts every break");
    let forced = ends
        .iter()
        .enumerate()
        .filter(|&(_, &e)| e < units.len() && units[e - 1].break_after != Break::Allowed)
        .map(|(k, _)| k)
        .collect();
    Breaks { ends, forced }
}

/// The cost of the line `a..b`: `Err(())` when it is overfull (no shorter start can help,
/// so the caller stops looking further back), `Ok(None)` when the pass does not allow it.
fn line_cost(
    units: &[Unit],
    sums: &Sums,
    m: &Measure,
    (a, b): (usize, usize),
    pass: Pass,
    total_han: usize,
) -> Result<Option<f64>, ()> {
    let n = units.len();
    let last = b == n;
    // A line that ends a text (before a brief's source) is set like a paragraph's last.
    let ragged_end = last || units[b - 1].ends_text;
    let break_cost = if last {
        0.0
    } else {
        match (units[b - 1].break_after, pass) {
            (Break::Allowed, _) => units[b - 1].penalty_after,
            (Break::Glued, Pass::Glued | Pass::Any) => GLUED_BREAK,
            (Break::Forbidden, Pass::Any) => FORBIDDEN_BREAK,
            _ => return Ok(None),
        }
    };
    let first = a == 0;
    let width = if first { m.width - m.indent } else { m.width };
    let mut fit = sums.measure(units, a, b, m.trim_open && !first);
    fit.shrink += indent_squeeze(units, a, m);
    if fit.natural - width > fit.shrink + 1e-9 {
        // A single unit wider than the measure must still go somewhere, in the last pass.
        return if pass == Pass::Any && b == a + 1 {
            Ok(Some(1e12))
        } else {
            Err(())
        };
    }
    let slack = width - fit.natural;
    // Past the stretch limit (set when a paragraph is set a line longer or shorter than its
    // best) a line is not considered; nor is one with nowhere to put its slack, which could
    // only be left ragged.
    if !ragged_end && m.justify && slack > 1e-6 && m.max_stretch.is_finite() {
        let gaps = if fit.gaps > 0 { fit.gaps } else { fit.weak_gaps };
        let rest = fit.spread(slack).1;
        if rest > 1e-6 && (gaps == 0 || rest / gaps as f64 > m.max_stretch) {
            return Ok(None);
        }
    }
    let mut cost = if ragged_end {
        0.0
    } else {
        line_badness(&fit, width, m.justify)
    };
    if last && !first && m.min_last_han > 0 && fit.han < m.min_last_han && total_han >= m.min_last_han * 2 {
        // 孤字: a last line with one Han character is not allowed (PA-02).
        if pass == Pass::Strict {
            return Ok(None);
        }
        cost += 1e6;
    }
    Ok(Some((10.0 + cost).powi(2) + break_cost))
}

/// Dynamic programme over break positions: the cheapest set of breaks.
///
/// A line can only start where an earlier line ended, so for each end `b` the starts tried
/// are the reached positions, latest first, until a line is overfull: a handful per end
/// whatever the paragraph's length, so time and memory grow linearly with it, even across
/// a long run with no allowed break (where no position is reached).
fn search(units: &[Unit], sums: &Sums, m: &Measure, pass: Pass) -> Option<Vec<usize>> {
    let n = units.len();
    let total_han = sums.han();
    let mut best = vec![f64::INFINITY; n + 1];
    let mut from = vec![0usize; n + 1];
    let mut reached = vec![0usize];
    best[0] = 0.0;
    for b in 1..=n {
        // No start can make a line end where the pass allows no break: without this test
        // every reached position would be tried there, quadratic inside long words.
        if !break_allowed(units, b, pass) {
            continue;
        }
        for &a in reached.iter().rev() {
            match line_cost(units, sums, m, (a, b), pass, total_han) {
                Err(()) => break,
                Ok(None) => {}
                Ok(Some(c)) => {
                    let d = best[a] + c;
                    relax(&mut best, &mut from, a, b, d);
                }
            }
        }
        if best[b].is_finite() {
            reached.push(b);
        }
    }
    if !best[n].is_finite() {
        return None;
    }
    let mut ends = vec![n];
    let mut b = n;
    while b > 0 {
        b = from[b];
        if b > 0 {
            ends.push(b);
        }
    }
    ends.reverse();
    Some(ends)
}

/// Whether a line may end at `b` in this pass (the paragraph's end always may).
fn break_allowed(units: &[Unit], b: usize, pass: Pass) -> bool {
    b == units.len()
        || matches!(
            (units[b - 1].break_after, pass),
            (Break::Allowed, _) | (Break::Glued, Pass::Glued | Pass::Any) | (Break::Forbidden, Pass::Any)
        )
}

/// Line counts kept per break position in [`linebreak_exact`], from the fewest that reach
/// it. A setting in exactly `lines` lines passes each position with at most `lines` minus
/// the paragraph's fewest lines more than the fewest there, so the band loses nothing while
/// `lines` is within it of the fewest: always so when copyfitting asks for a line or two
/// either side of the best. Without the band the table would hold every line count at
/// every position, growing with the square of the paragraph's length.
const EXACT_BAND: usize = 16;

/// The cheapest `EXACT_BAND` line counts ending at one position: `cost[j]` and `from[j]`
/// for `base + j` lines.
#[derive(Clone, Copy)]
struct Band {
    base: usize,
    cost: [f64; EXACT_BAND],
    from: [u32; EXACT_BAND],
}

/// The cheapest breaks that give exactly `lines` lines under the strict rules, if any
/// (Knuth and Plass's looseness: a paragraph set a line longer or shorter to fill a column).
pub fn linebreak_exact(units: &[Unit], sums: &Sums, m: &Measure, lines: usize) -> Option<Vec<usize>> {
    let n = units.len();
    if n == 0 || lines == 0 || u32::try_from(n).is_err() {
        return None;
    }
    let total_han = sums.han();
    let empty = Band {
        base: usize::MAX,
        cost: [f64::INFINITY; EXACT_BAND],
        from: [0; EXACT_BAND],
    };
    let mut bands = vec![empty; n + 1];
    bands[0].base = 0;
    bands[0].cost[0] = 0.0;
    let mut reached = vec![0usize];
    let mut candidates: Vec<(usize, f64)> = Vec::new();
    for b in 1..=n {
        candidates.clear();
        if !break_allowed(units, b, Pass::Strict) {
            continue;
        }
        for &a in reached.iter().rev() {
            match line_cost(units, sums, m, (a, b), Pass::Strict, total_han) {
                Err(()) => break,
                Ok(None) => {}
                Ok(Some(c)) if bands[a].base < lines => candidates.push((a, c)),
                Ok(Some(_)) => {}
            }
        }
        let Some(base) = candidates.iter().map(|&(a, _)| bands[a].base + 1).min() else {
            continue;
        };
        let mut band = Band { base, ..empty };
        for &(a, cost) in &candidates {
            let from = &bands[a];
            for (j, &c) in from.cost.iter().enumerate() {
                let k = from.base + j + 1;
                if !c.is_finite() || k > lines || k - base >= EXACT_BAND {
                    continue;
                }
                let d = c + cost;
                if d < band.cost[k - base] {
                    band.cost[k - base] = d;
                    band.from[k - base] = a as u32;
                }
            }
        }
        bands[b] = band;
        reached.push(b);
    }
    let at = |b: usize, k: usize| {
        let band = &bands[b];
        k.checked_sub(band.base)
            .filter(|&j| j < EXACT_BAND)
            .map(|j| (band.cost[j], band.from[j] as usize))
    };
    let (total, _) = at(n, lines)?;
    if !total.is_finite() || total > 1e9 {
        return None;
    }
    let mut ends = Vec::with_capacity(lines);
    let (mut k, mut b) = (lines, n);
    while k > 0 {
        ends.push(b);
        b = at(b, k)?.1;
        k -= 1;
    }
    ends.reverse();
    Some(ends)
}

fn relax(best: &mut [f64], from: &mut [usize], a: usize, b: usize, d: f64) {
    if d < best[b] {
        best[b] = d;
        from[b] = a;
    }
}

/// Badness of a justified line. CLREQ's order: punctuation compression first (cheap), then
/// the smallest even spread up to [`LOOSE_GAP`] a gap; a looser line costs more than any
/// solid setting, so it is chosen only where the rules leave no other choice.
fn line_badness(fit: &Fit, width: f64, justify: bool) -> f64 {
    let slack = width - fit.natural;
    if !justify {
        return 0.0;
    }
    if slack >= 0.0 {
        // Han–Latin gaps take the slack first, at no cost within their stretch.
        let slack = fit.spread(slack).1;
        if slack < 1e-9 {
            return 0.0;
        }
        if fit.gaps == 0 {
            // Letter-spacing a URL that fills a whole line: better than a loose Han line
            // (the URL has to go somewhere), worse than any solid one, and the less spread
            // the better (`.gov.cn/news/2024/notice`, not `.gov.cn/news/2024/` at 0.2 em).
            return if fit.weak_gaps > 0 {
                let r = slack / (fit.weak_gaps as f64 * LOOSE_GAP);
                URL_LINE_COST + (100.0 * r * r * r).min(URL_SPREAD_COST)
            } else {
                RAGGED_COST
            };
        }
        let r = slack / (fit.gaps as f64 * LOOSE_GAP);
        if r <= 1.0 + 1e-9 {
            100.0 * r * r * r
        } else {
            (LOOSE_COST + 100.0 * r * r * r).min(5000.0)
        }
    } else {
        let r = -slack / fit.shrink.max(1e-9);
        SHRINK_COST * r * r * r + 1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Units of every kind of edge case: marks with blanks and pair compression, glue,
    /// spaces, unsqueezable marks, each stretch, from a fixed pseudo-random sequence.
    fn units(n: usize) -> Vec<Unit> {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |k: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % k
        };
        let classes = [
            Kind::Han,
            Kind::Open,
            Kind::Close,
            Kind::Stop,
            Kind::Space,
            Kind::Letter,
            Kind::Digit,
        ];
        (0..n)
            .map(|_| {
                let class = classes[next(classes.len() as u64) as usize];
                let half = |on: bool| if on { 0.5 } else { 0.0 };
                let (lead_blank, trail_blank) = (
                    half(class == Kind::Open),
                    half(matches!(class, Kind::Close | Kind::Stop)),
                );
                Unit {
                    class,
                    width: [1.0, 0.5, 0.55, 0.33][next(4) as usize],
                    inset: 0.0,
                    lead_blank,
                    trail_blank,
                    end_blank: trail_blank,
                    pair_lead: if next(3) == 0 { lead_blank } else { 0.0 },
                    pair_trail: if next(3) == 0 { trail_blank } else { 0.0 },
                    squeeze: next(4) != 0,
                    break_after: Break::Allowed,
                    penalty_after: 0.0,
                    stretch_after: [Stretch::Yes, Stretch::No, Stretch::Weak][next(3) as usize],
                    glue_after: if next(4) == 0 { 0.25 } else { 0.0 },
                    ends_text: false,
                    is_han: class == Kind::Han,
                }
            })
            .collect()
    }

    #[test]
    fn running_totals_measure_as_the_definition_does() {
        let units = units(60);
        let sums = Sums::new(&units);
        for trim_open in [false, true] {
            for a in 0..units.len() {
                for b in a + 1..=units.len() {
                    let (x, y) = (
                        sums.measure(&units, a, b, trim_open),
                        measure(&units, a, b, trim_open),
                    );
                    assert!(
                        (x.natural - y.natural).abs() < 1e-9 && (x.shrink - y.shrink).abs() < 1e-9,
                        "{a}..{b}: {x:?} vs {y:?}"
                    );
                    assert_eq!(
                        (x.gaps, x.weak_gaps, x.han, x.glues),
                        (y.gaps, y.weak_gaps, y.han, y.glues),
                        "{a}..{b}"
                    );
                }
            }
        }
    }
}
