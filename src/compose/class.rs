//! Line-breaking rules (禁则) and punctuation width classes (标点挤压) over the one character
//! classification, [`crate::chars`].
//!
//! The sets are TYPOGRAPHY.md §1.2 (from CLREQ and GB/T 15834 §5.1); the width model is
//! §2.1: every adjustable mark is one em with one blank half that may be removed.

pub use crate::chars::Kind;
use crate::chars::kind;
pub use crate::style::Strictness;

/// Marks that may not start a line besides what their kind says (§1.2): the rare doubled
/// marks, vertical forms, the iteration mark and the half-width pause marks.
const NO_START_OTHER: &str = "‼⁇⁈⁉\u{FE10}\u{FE11}\u{FE12}\u{FE13}\u{FE14}\u{FE15}\u{FE16}々/／,.:;!?";

/// The kind of a cluster, from its first character (a ligature such as `——` is one cluster).
pub fn classify(text: &str) -> Kind {
    text.chars().next().map_or(Kind::Space, kind)
}

/// Whether a line may start with this text (§1.2 NO_LINE_START; strict adds `——`, `……`).
/// A hyphen never starts a line; [`super::prepare`] lets a minus sign start one with its
/// number.
pub fn may_start_line(text: &str, strictness: Strictness) -> bool {
    let Some(c) = text.chars().next() else { return true };
    if crate::chars::is_ideograph(c) {
        return true;
    }
    if NO_START_OTHER.contains(c) {
        return false;
    }
    match kind(c) {
        Kind::Close
        | Kind::Stop
        | Kind::Exclaim
        | Kind::NarrowClose
        | Kind::Postfix
        | Kind::NumSep
        | Kind::Hyphen
        | Kind::Interpunct
        | Kind::Connector => false,
        // A single `—` is the connector and never starts a line; `——` and `……` may, except
        // under strict rules.
        Kind::Dash => strictness != Strictness::Strict && (c != '—' || text.chars().count() >= 2),
        _ => true,
    }
}

/// Whether a line may end with this text (§1.2 NO_LINE_END: opening marks, prefix signs,
/// and under GB rules the solidus).
pub fn may_end_line(text: &str, strictness: Strictness) -> bool {
    let Some(c) = text.chars().last() else { return true };
    if c == '/' || c == '／' {
        return strictness == Strictness::Basic;
    }
    !matches!(kind(c), Kind::Open | Kind::NarrowOpen | Kind::Prefix)
}

/// Whether `a` then `b` belong to one unbreakable unit that takes no justification space
/// (§1.3, issue 9 point 2): a Latin word, a number with its signs, separators and units
/// (`¥1,680`, `-25℃`, `121°28′15″`, `8:00-12:00`, `24.3万`), the halves of `——` or `……`,
/// a stack of `？！`. A hyphenated word's hyphen and a URL's separators are break
/// opportunities inside such a unit, which [`super::prepare`] opens.
pub fn is_glued(a: &str, b: &str) -> bool {
    let (Some(x), Some(y)) = (a.chars().last(), b.chars().next()) else {
        return false;
    };
    let (kx, ky) = (kind(x), kind(y));
    (kx.is_unit_part() && ky.is_unit_part())
        || (matches!(kx, Kind::Digit | Kind::Postfix) && matches!(y, '万' | '亿'))
        || (kx == Kind::Digit && ky == Kind::Postfix)
        || (kx == Kind::Postfix && ky == Kind::Digit)
        || ((x == '—' || x == '⸺') && y == '—')
        // A range between figures (`1—9月`, `8～12`) reads as one unit.
        || (kx == Kind::Digit && is_range_mark(y))
        || (is_range_mark(x) && ky == Kind::Digit)
        || ((x == '…' || x == '⋯') && (y == '…' || y == '⋯'))
        || (is_exclaim(x) && is_exclaim(y))
}

/// `？ ！` and their half-width forms, which stack (`？！` is one 1-em unit).
pub fn is_exclaim(c: char) -> bool {
    matches!(c, '？' | '！' | '?' | '!')
}

/// The marks of a range between figures (`1—9月`, `8～12`).
fn is_range_mark(c: char) -> bool {
    matches!(c, '—' | '～' | '〜' | '–')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lb_01_closing_and_stop_marks_never_start_a_line() {
        for m in [
            "。", "，", "、", "：", "；", "！", "？", "”", "’", "）", "》", "」", "』", "·", "%", "℃", "°",
            "-", "～",
        ] {
            assert!(!may_start_line(m, Strictness::Basic), "{m}");
        }
        assert!(may_start_line("中", Strictness::Strict));
        assert!(may_start_line("“", Strictness::Strict));
        assert!(may_start_line("¥", Strictness::Strict));
    }

    #[test]
    fn lb_02_opening_marks_and_prefixes_never_end_a_line() {
        for m in [
            "“", "‘", "（", "《", "「", "『", "【", "¥", "￥", "$", "€", "£", "№", "#",
        ] {
            assert!(!may_end_line(m, Strictness::Basic), "{m}");
        }
        assert!(may_end_line("。", Strictness::Strict));
        assert!(may_end_line("℃", Strictness::Strict));
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
    fn lb_05_numbers_and_units_stay_whole() {
        for (a, b) in [
            ("4", "."),
            (".", "3"),
            ("3", "万"),
            ("2", "%"),
            ("1", "5"),
            ("¥", "1"),
            ("￥", "6"),
            ("№", "0"),
            ("-", "2"),
            ("5", "℃"),
            ("1", "°"),
            ("°", "2"),
            ("8", "′"),
            ("0", "-"),
            ("1", "∶"),
            ("i", "-"),
            ("-", "F"),
            ("？", "！"),
        ] {
            assert!(is_glued(a, b), "{a}{b}");
        }
        assert!(!is_glued("万", "元"));
        assert!(!is_glued("中", "1"));
        assert!(!is_glued("（", "C"));
    }

    #[test]
    fn classes() {
        assert_eq!(classify("中"), Kind::Han);
        assert_eq!(classify("“"), Kind::Open);
        assert_eq!(classify("”"), Kind::Close);
        assert_eq!(classify("。"), Kind::Stop);
        assert_eq!(classify("——"), Kind::Dash);
        assert_eq!(classify("a"), Kind::Letter);
        assert_eq!(classify("7"), Kind::Digit);
        assert_eq!(classify(" "), Kind::Space);
        assert_eq!(classify("℃"), Kind::Postfix);
    }
}
