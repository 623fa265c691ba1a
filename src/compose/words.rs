//! Word boundaries inside a run of Han characters, for breaking headings (issue 9 point 5):
//! a headline broken inside a word (`青年创业孵 / 化基地开园`) reads wrong, and nothing in
//! the characters themselves says where a word ends.
//!
//! The words are the 100,000 most frequent of two to five characters in jieba's dictionary
//! (`data/heading-words.txt`, made by `scripts/heading-words.py`). A heading is a few dozen
//! characters, so it is segmented here into the fewest dictionary words rather than with the
//! jieba-rs crate: loading its dictionary takes 20 ms or more a build (measured with this
//! list), and this list is searched as it is compiled in, with nothing to load.

/// The word list, sorted by code point, one word per line.
const WORDS: &str = include_str!("../../data/heading-words.txt");

/// Longest word of the list, characters.
const LONGEST_WORD: usize = 5;

/// Whether `s` is a word of the list: a binary search over the list's text itself, line by
/// line. Splitting it into a table first cost 16 M instructions and 1.6 MB a build (issue
/// 15), for the few hundred words a page's headings look up.
fn is_word(s: &str) -> bool {
    let text = WORDS.as_bytes();
    // `lo` is always a line's start, `hi` a line's start or the text's end.
    let (mut lo, mut hi) = (0, text.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = text[lo..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(lo, |p| lo + p + 1);
        let end = text[start..hi]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(hi, |p| start + p);
        match WORDS[start..end].cmp(s) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = (end + 1).min(hi),
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    false
}

/// For each place between two characters of `run` (index `k` is the place before character
/// `k + 1`), whether it falls inside a word: the run is split into the fewest pieces, each a
/// word of the list or a single character, and a place inside a piece, or between two
/// single characters, is inside a word.
pub fn inside_words(run: &[char]) -> Vec<bool> {
    let n = run.len();
    let text: String = run.iter().collect();
    let offsets: Vec<usize> = run
        .iter()
        .scan(0, |at, c| {
            let here = *at;
            *at += c.len_utf8();
            Some(here)
        })
        .chain(std::iter::once(text.len()))
        .collect();
    // fewest[j]: the fewest pieces run[..j] splits into, and where its last piece starts.
    let mut fewest: Vec<(usize, usize)> = vec![(0, 0); n + 1];
    for j in 1..=n {
        fewest[j] = (fewest[j - 1].0 + 1, j - 1);
        for len in 2..=LONGEST_WORD.min(j) {
            let i = j - len;
            if fewest[i].0 + 1 < fewest[j].0 && is_word(&text[offsets[i]..offsets[j]]) {
                fewest[j] = (fewest[i].0 + 1, i);
            }
        }
    }
    let mut inside = vec![false; n.saturating_sub(1)];
    let mut j = n;
    let mut after_single = false;
    while j > 0 {
        let i = fewest[j].1;
        for k in i + 1..j {
            inside[k - 1] = true;
        }
        // Two characters the list does not know, side by side, are most likely a word it
        // lacks (`开园`): only a place next to a known word is taken as a word boundary.
        let single = j - i == 1;
        if single && after_single {
            inside[j - 1] = true;
        }
        after_single = single;
        j = i;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> String {
        let run: Vec<char> = s.chars().collect();
        let inside = inside_words(&run);
        let mut out = String::new();
        for (k, c) in run.iter().enumerate() {
            out.push(*c);
            if k + 1 < run.len() && !inside[k] {
                out.push('|');
            }
        }
        out
    }

    #[test]
    fn headings_split_into_words() {
        assert_eq!(split("青年创业孵化基地开园"), "青年|创业|孵化|基地|开园");
        assert_eq!(
            split("呼和浩特至鄂尔多斯城际铁路全线铺轨"),
            "呼和浩特|至|鄂尔多斯|城际|铁路|全线|铺轨"
        );
        assert_eq!(split("合作社"), "合作社");
        assert_eq!(split("让乡村更美丽"), "让|乡村|更|美丽");
        assert_eq!(split("数字经济跑出加速度"), "数字|经济|跑出|加速度");
    }

    #[test]
    fn the_list_is_sorted_for_its_search() {
        let list: Vec<&str> = WORDS.lines().collect();
        assert!(list.windows(2).all(|w| w[0] < w[1]));
        assert!(
            list.iter()
                .all(|w| (2..=LONGEST_WORD).contains(&w.chars().count()))
        );
    }

    #[test]
    fn every_word_of_the_list_is_found_and_nothing_else() {
        let list: Vec<&str> = WORDS.lines().collect();
        assert!(list.iter().all(|w| is_word(w)));
        // Between, before and after the words: a word's head, a word with a character more.
        for w in list.iter().step_by(97) {
            let longer = format!("{w}一");
            assert_eq!(is_word(&longer), list.binary_search(&longer.as_str()).is_ok());
            let head: String = w.chars().take(1).collect();
            assert!(!is_word(&head));
        }
        assert!(!is_word(""));
        assert!(!is_word("\u{0}"));
        assert!(!is_word("\u{10FFFF}\u{10FFFF}"));
    }
}
