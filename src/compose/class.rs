//! Character classes for line breaking (禁则) and punctuation width (标点挤压).
//!
//! The sets are TYPOGRAPHY.md §1.2 (from CLREQ and GB/T 15834 §5.1); the width model is
//! §2.1: every adjustable mark is one em with one blank half that may be removed.

pub use crate::style::Strictness;

/// What a cluster is, for spacing and breaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A Han character (or kana, or anything set solid in a Han cell).
    Han,
    /// Opening bracket or quote: blank half on the left.
    Open,
    /// Closing bracket or quote: blank half on the right.
    Close,
    /// Pause or stop mark `。，、；：！？`: blank half on the right.
    Stop,
    /// Fixed-width marks: `——`, `……`, `·`, `～`, connectors.
    Fixed,
    /// Latin letters.
    Latin,
    /// Digits and the signs inside numbers.
    Digit,
    /// A space.
    Space,
}

impl Class {
    /// Whether the mark has a blank half on its end side (closing and stop marks).
    pub fn has_trailing_blank(self) -> bool {
        matches!(self, Class::Close | Class::Stop)
    }

    /// Whether the mark has a blank half on its start side (opening marks).
    pub fn has_leading_blank(self) -> bool {
        self == Class::Open
    }

    /// Whether this is a full-width mark whose width can be adjusted.
    pub fn is_adjustable(self) -> bool {
        matches!(self, Class::Open | Class::Close | Class::Stop)
    }

    /// Latin letters and digits, which take the Han–Latin gap (TYPOGRAPHY.md §2.6).
    pub fn is_western(self) -> bool {
        matches!(self, Class::Latin | Class::Digit)
    }
}

/// Opening marks (NO_LINE_END, blank on the left).
const OPEN: &str = "“‘（〔［｛〈《「『【〖〘〚([{";
/// Closing marks (NO_LINE_START, blank on the right).
const CLOSE: &str = "”’）〕］｝〉》」』】〗〙〛)]}";
/// Pause and stop marks that sit in the lower left of their cell (GB glyph model).
const STOP: &str = "、。，．：；！？";
/// Marks that may not start a line besides closing and stop marks (§1.2).
const NO_START_OTHER: &str =
    "‼⁇⁈⁉\u{FE10}\u{FE11}\u{FE12}\u{FE13}\u{FE14}\u{FE15}\u{FE16}～~–‐〜·・‧/／%％‰℃℉°′″￠々,.:;!?";
/// Marks that may not end a line besides opening marks (§1.2: solidus, prefixes).
const NO_END_OTHER: &str = "/／¥￥$＄£￡€#＃№";

/// The class of a cluster, from its first character.
pub fn classify(text: &str) -> Class {
    let Some(c) = text.chars().next() else {
        return Class::Space;
    };
    if OPEN.contains(c) {
        Class::Open
    } else if CLOSE.contains(c) {
        Class::Close
    } else if STOP.contains(c) {
        Class::Stop
    } else if c.is_whitespace() || c == '\u{3000}' {
        Class::Space
    } else if c.is_ascii_digit() || "%％‰.,:+-−".contains(c) {
        Class::Digit
    } else if c.is_alphabetic() && (c.is_ascii() || ('\u{00C0}'..='\u{024F}').contains(&c)) {
        Class::Latin
    } else if "—…⋯⸺·～~–/".contains(c) {
        Class::Fixed
    } else {
        Class::Han
    }
}

/// Whether a line may start with this text (§1.2 NO_LINE_START; strict adds `——`, `……`).
pub fn may_start_line(text: &str, strictness: Strictness) -> bool {
    let Some(c) = text.chars().next() else { return true };
    if CLOSE.contains(c) || STOP.contains(c) || NO_START_OTHER.contains(c) {
        return false;
    }
    // A single `—` is the connector and never starts a line; `——` and `……` may, except
    // under strict rules.
    match c {
        '⸺' | '…' | '⋯' => strictness != Strictness::Strict,
        '—' => strictness != Strictness::Strict && text.chars().count() >= 2,
        _ => true,
    }
}

/// Whether a line may end with this text (§1.2 NO_LINE_END).
pub fn may_end_line(text: &str, strictness: Strictness) -> bool {
    let Some(c) = text.chars().last() else { return true };
    if OPEN.contains(c) {
        return false;
    }
    if c == '/' || c == '／' {
        return strictness == Strictness::Basic;
    }
    !NO_END_OTHER.contains(c)
}

/// Whether `a` then `b` belong to one unbreakable unit (§1.3): a number with its separators,
/// units 万/亿 and postfixes; a Latin word; the halves of `——` or `……`; stacked `？！`.
pub fn is_glued(a: &str, b: &str) -> bool {
    let (Some(x), Some(y)) = (a.chars().last(), b.chars().next()) else {
        return false;
    };
    let alnum = |c: char| c.is_ascii_alphanumeric();
    let num_inner = |c: char| ".,:∶".contains(c);
    (alnum(x) && alnum(y))
        || (x.is_ascii_digit() && (num_inner(y) || "万亿%％‰℃".contains(y)))
        || (num_inner(x) && y.is_ascii_digit())
        || ((x == '—' || x == '⸺') && y == '—')
        || ((x == '…' || x == '⋯') && (y == '…' || y == '⋯'))
        || ("？！?!".contains(x) && "？！?!".contains(y))
        || (x == '\'' && y.is_ascii_alphabetic())
        || (x.is_ascii_alphabetic() && y == '\'')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lb_01_closing_and_stop_marks_never_start_a_line() {
        for m in [
            "。", "，", "、", "：", "；", "！", "？", "”", "’", "）", "》", "」", "』", "·", "%",
        ] {
            assert!(!may_start_line(m, Strictness::Basic), "{m}");
        }
        assert!(may_start_line("中", Strictness::Strict));
        assert!(may_start_line("“", Strictness::Strict));
    }

    #[test]
    fn lb_02_opening_marks_never_end_a_line() {
        for m in ["“", "‘", "（", "《", "「", "『", "【", "¥"] {
            assert!(!may_end_line(m, Strictness::Basic), "{m}");
        }
        assert!(may_end_line("。", Strictness::Strict));
        assert!(!may_end_line("/", Strictness::Gb));
    }

    #[test]
    fn lb_03_dash_and_ellipsis_do_not_start_a_line_in_strict_mode() {
        assert!(!may_start_line("——", Strictness::Strict));
        assert!(!may_start_line("…", Strictness::Strict));
        assert!(
            !may_start_line("—", Strictness::Basic),
            "a single em dash is the connector"
        );
        assert!(is_glued("—", "—"));
        assert!(is_glued("…", "…"));
    }

    #[test]
    fn lb_05_numbers_stay_whole() {
        assert!(is_glued("4", "."));
        assert!(is_glued(".", "3"));
        assert!(is_glued("3", "万"));
        assert!(is_glued("2", "%"));
        assert!(is_glued("1", "5"));
        assert!(!is_glued("万", "元"));
    }

    #[test]
    fn classes() {
        assert_eq!(classify("中"), Class::Han);
        assert_eq!(classify("“"), Class::Open);
        assert_eq!(classify("”"), Class::Close);
        assert_eq!(classify("。"), Class::Stop);
        assert_eq!(classify("——"), Class::Fixed);
        assert_eq!(classify("a"), Class::Latin);
        assert_eq!(classify("7"), Class::Digit);
        assert_eq!(classify(" "), Class::Space);
    }
}
