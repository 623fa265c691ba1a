//! Headings in balanced lines (issue 9 point 5): a headline or subhead that wraps is broken
//! where its lines come out most nearly equal, never leaving a last line of a few
//! characters, never inside a number and the unit words after it (`2.6万亿元`), and inside
//! a word only as a last resort.
//!
//! Body text fills its measure and only its last line is short; a heading is centred, so a
//! full first line over a short second reads as one flush line and a stray. Balancing looks
//! at every break sequence into the fewest lines, which is cheap: headings are short.

use super::class::Kind;
use super::linebreak::{Measure, measure};
use super::prepare::{Break, Unit};

/// Most lines a heading is balanced over. Balancing costs about the cube of a heading's
/// length (an 800-character headline took minutes), and a heading of more lines is no
/// heading: layout sets a headline in 4 lines at most. Beyond it, the best fit stands.
pub const MAX_BALANCED_LINES: usize = 8;

/// Fewest characters the last line of a wrapped heading keeps (issue 9: none of 3 or fewer).
pub const MIN_HEADING_LAST: usize = 4;

/// Most characters by which the lines of an even heading differ: a headline is set a size
/// smaller rather than wrap more unevenly (`草原 / 儿女共绘 / 振兴新图景`).
pub const MAX_HEADING_SPREAD: usize = 2;

/// Han characters after a number that stay with it in a heading: its unit words (`万亿`,
/// `亿元`, `年来`) are read with the number, so a heading does not break among them.
const NUMBER_UNIT_HAN: usize = 2;

/// Extra cost of a heading break between two words, em: a break at a phrase mark
/// (punctuation, a function word, the end of a number and its unit, a change of script) is
/// preferred over a slightly evener one between two words of a phrase (`建设 / 美丽`).
const WORD_BREAK_COST: f64 = 0.4;

/// Extra cost of a heading break inside a word (`孵 / 化`), em: worth a line longer by
/// two characters, so a heading splits a word only where every other break is far worse.
const WORD_SPLIT_COST: f64 = 2.0;

/// Function characters after which a Chinese phrase may end: particles, conjunctions and
/// prepositions that rarely open a word.
const PHRASE_END: &str = "的了着过和与及并或在让把被为向对从到是将等之而且";

/// What a heading break after each unit costs beyond its lines' lengths, em: nothing at a
/// phrase mark, [`WORD_BREAK_COST`] between two words, [`WORD_SPLIT_COST`] inside a word.
pub fn break_costs(units: &[Unit], texts: &[&str]) -> Vec<f64> {
    let inside = inside_han_words(units, texts);
    (0..units.len())
        .map(|i| {
            let (u, next) = (&units[i], units.get(i + 1));
            let han_run = units[..=i]
                .iter()
                .rev()
                .take_while(|u| u.class == Kind::Han)
                .count();
            // Past the unit words a heading keeps with their number (`2.6万亿元 / 建设`).
            let unit_end =
                han_run == NUMBER_UNIT_HAN + 1 && i + 1 > han_run && units[i - han_run].class == Kind::Digit;
            let script_change = next.is_some_and(|n| (n.class == Kind::Han) != (u.class == Kind::Han));
            let phrase = u.class.is_cjk_punct()
                || u.class == Kind::Space
                || next.is_some_and(|n| n.class == Kind::Open)
                || script_change
                || unit_end
                || texts[i].chars().all(|c| PHRASE_END.contains(c));
            if phrase {
                0.0
            } else if inside[i] {
                WORD_SPLIT_COST
            } else {
                WORD_BREAK_COST
            }
        })
        .collect()
}

/// How many of a heading's line ends (`ends`, the last one the heading's end) fall inside a
/// word, by the [`break_costs`].
pub fn split_words(costs: &[f64], ends: &[usize]) -> usize {
    let breaks = ends.split_last().map_or(&[][..], |(_, b)| b);
    breaks
        .iter()
        .filter(|&&e| costs[e - 1] >= WORD_SPLIT_COST)
        .count()
}

/// Whether the place after each unit falls inside a word of a run of Han characters.
fn inside_han_words(units: &[Unit], texts: &[&str]) -> Vec<bool> {
    let mut inside = vec![false; units.len()];
    let mut i = 0;
    while i < units.len() {
        let run = units[i..].iter().take_while(|u| u.class == Kind::Han).count();
        if run > 1 {
            let chars: Vec<char> = texts[i..i + run]
                .iter()
                .filter_map(|t| t.chars().next())
                .collect();
            if chars.len() == run {
                for (k, v) in super::words::inside_words(&chars).into_iter().enumerate() {
                    inside[i + k] = v;
                }
            }
        }
        i += run.max(1);
    }
    inside
}

/// Characters a unit range sets (spaces are phrase gaps, not characters).
pub fn chars_in(units: &[Unit], a: usize, b: usize) -> usize {
    units[a..b].iter().filter(|u| u.class != Kind::Space).count()
}

/// Whether a heading may break after unit `i`: the rules allow it, and it does not fall
/// among the first unit words after a number.
fn heading_break(units: &[Unit], i: usize) -> bool {
    if i + 1 == units.len() {
        return true;
    }
    if units[i].break_after != Break::Allowed {
        return false;
    }
    let next_han = units[i + 1].class == Kind::Han;
    let han_run = units[..=i]
        .iter()
        .rev()
        .take_while(|u| u.class == Kind::Han)
        .count();
    let after_number = i + 1 > han_run && units[i - han_run].class == Kind::Digit;
    !(next_han && after_number && han_run <= NUMBER_UNIT_HAN)
}

/// Ends of the most balanced setting in exactly `lines` lines, each within the measure: the
/// longest line (plus the [`break_costs`] of its breaks) as short as
/// possible, then the lines as even as possible, with a last line of at least
/// [`MIN_HEADING_LAST`] characters. `None` if no such setting exists.
pub fn balanced(units: &[Unit], costs: &[f64], m: &Measure, lines: usize) -> Option<Vec<usize>> {
    let n = units.len();
    if lines == 0 || n == 0 {
        return None;
    }
    let width = |a: usize, b: usize| {
        let fit = measure(units, a, b, m.trim_open && a > 0);
        let room = if a == 0 { m.width - m.indent } else { m.width };
        (fit.natural - fit.shrink <= room + 1e-9).then_some(fit.natural)
    };
    let breaks: Vec<usize> = (1..=n).filter(|&b| heading_break(units, b - 1)).collect();
    let total = chars_in(units, 0, n);
    // The last line keeps enough characters; a heading too short to have that many on each
    // of two lines keeps the larger half on its last (`博物馆 / 里过周末`).
    let last_ok = |a: usize| chars_in(units, a, n) >= MIN_HEADING_LAST.min(total.div_ceil(2));
    // best[k][b]: the best cost (longest line, sum of squares) of setting units 0..b in k+1
    // lines, and where its last line starts.
    type Best = Option<((f64, f64), usize)>;
    let mut best: Vec<Vec<Best>> = vec![vec![None; n + 1]; lines];
    for &b in &breaks {
        if let Some(w) = width(0, b)
            && (lines > 1 || b == n)
        {
            best[0][b] = Some(((w, w * w), 0));
        }
    }
    for k in 1..lines {
        let last = k + 1 == lines;
        for &b in breaks.iter().filter(|&&b| !last || b == n) {
            let mut pick: Best = None;
            for &a in breaks.iter().take_while(|&&a| a < b) {
                let Some(((longest, squares), _)) = best[k - 1][a] else {
                    continue;
                };
                if last && !last_ok(a) {
                    continue;
                }
                let Some(w) = width(a, b) else { continue };
                let cost = (longest.max(w) + costs[a - 1], squares + w * w);
                if pick.is_none_or(|(c, _)| better(cost, c)) {
                    pick = Some((cost, a));
                }
            }
            best[k][b] = pick;
        }
    }
    let mut ends = vec![n];
    let mut b = n;
    for k in (1..lines).rev() {
        let (_, a) = best[k][b]?;
        ends.push(a);
        b = a;
    }
    best[0][b]?;
    ends.reverse();
    Some(ends)
}

/// Whether cost `x` beats `y`: a shorter longest line (beyond rounding), then evener lines.
fn better(x: (f64, f64), y: (f64, f64)) -> bool {
    if (x.0 - y.0).abs() > 1e-6 {
        x.0 < y.0
    } else {
        x.1 < y.1 - 1e-9
    }
}
