//! The one character classification every stage uses (copy normalisation, shaping, line
//! breaking, spacing), from Unicode properties: the line-break class (UAX #14), the East
//! Asian width (UAX #11) and the general category, tailored for Chinese as TYPOGRAPHY.md
//! §1.2–1.4 says (curly quotes are opening or closing marks, not ambiguous quotations; signs
//! and units such as `℃ ° ′ ″ ¥ №` are prefixes and postfixes of numbers, not ideographs).

use unicode_linebreak::{BreakClass, break_property};
use unicode_properties::{GeneralCategory as Gc, GeneralCategoryGroup, UnicodeGeneralCategory};
use unicode_width::UnicodeWidthChar;

/// What a character is, for spacing and breaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// An ideograph, kana or hangul syllable: set solid in a Han cell.
    Han,
    /// A full-width opening bracket or quote: blank half on the start side.
    Open,
    /// A full-width closing bracket or quote: blank half on the end side.
    Close,
    /// A pause or stop mark `、。，．：；`: sits in the lower left, blank half on the end side.
    Stop,
    /// `？ ！` and their stacks: full width (GB/T 15834), never compressed.
    Exclaim,
    /// `——` and `……` halves, `⸺`, `⋯`: fixed 2-em units.
    Dash,
    /// The interpunct `·` and its look-alikes: a fixed ½-em cell.
    Interpunct,
    /// Wave and short connectors `～ 〜 –`: fixed width, never a line start.
    Connector,
    /// A letter of an alphabet set half width (Latin, Greek, Cyrillic …).
    Letter,
    /// A decimal digit.
    Digit,
    /// A sign before a number: `¥ ￥ $ € £ № # ＃ + −` (JLREQ cl-12, UAX #14 PR).
    Prefix,
    /// A sign after a number: `% ‰ ℃ ° ′ ″` (JLREQ cl-13, UAX #14 PO).
    Postfix,
    /// A separator inside a number: `. , : ∶` (UAX #14 IS, and the ratio colon).
    NumSep,
    /// The hyphen(-minus) of Latin words and negative numbers.
    Hyphen,
    /// A half-width bracket `( ) [ ] { }`.
    NarrowOpen,
    /// A half-width closing bracket.
    NarrowClose,
    /// Any other half-width sign: `/ @ & _ = ? !` …
    Symbol,
    /// A space.
    Space,
}

impl Kind {
    /// Whether the kind is part of a Latin word, a number, a URL or an address: a run of
    /// these, written without spaces, is one unit that takes no justification space inside
    /// (issue 9 point 2).
    pub fn is_unit_part(self) -> bool {
        matches!(
            self,
            Kind::Letter
                | Kind::Digit
                | Kind::Prefix
                | Kind::Postfix
                | Kind::NumSep
                | Kind::Hyphen
                | Kind::NarrowOpen
                | Kind::NarrowClose
                | Kind::Symbol
        )
    }

    /// Full-width punctuation with a removable blank half (GB glyph model, §2.1).
    pub fn is_adjustable(self) -> bool {
        matches!(self, Kind::Open | Kind::Close | Kind::Stop)
    }

    /// CJK punctuation of any kind.
    pub fn is_cjk_punct(self) -> bool {
        matches!(
            self,
            Kind::Open
                | Kind::Close
                | Kind::Stop
                | Kind::Exclaim
                | Kind::Dash
                | Kind::Interpunct
                | Kind::Connector
        )
    }
}

/// The curly quotes: UAX #14 calls them ambiguous (QU); in Chinese they open and close.
const OPEN_QUOTES: &str = "“‘";
const CLOSE_QUOTES: &str = "”’";
/// Prefix signs UAX #14 does not class PR (`#` is AL there, `＃` and `＋` ID).
const EXTRA_PREFIX: &str = "#＃＋";
/// Postfix signs UAX #14 does not class PO.
const EXTRA_POSTFIX: &str = "％￠℉";

/// Whether a character is in a block of CJK unified or compatibility ideographs: Han, and
/// the common case, answered before any property table is searched (composition classifies
/// every character of every paragraph several times).
pub fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// The kind of a character.
pub fn kind(c: char) -> Kind {
    if is_ideograph(c) {
        return Kind::Han;
    }
    if OPEN_QUOTES.contains(c) {
        return Kind::Open;
    }
    if CLOSE_QUOTES.contains(c) {
        return Kind::Close;
    }
    match c {
        '—' | '⸺' | '…' | '⋯' => return Kind::Dash,
        '·' | '・' | '‧' | '•' => return Kind::Interpunct,
        '～' | '〜' | '–' | '~' => return Kind::Connector,
        '∶' => return Kind::NumSep,
        '-' | '‐' | '‑' => return Kind::Hyphen,
        _ => {}
    }
    if c.is_whitespace() {
        return Kind::Space;
    }
    if EXTRA_PREFIX.contains(c) {
        return Kind::Prefix;
    }
    if EXTRA_POSTFIX.contains(c) {
        return Kind::Postfix;
    }
    let wide = c.width() == Some(2);
    let gc = c.general_category();
    match break_property(c as u32) {
        BreakClass::Prefix => return Kind::Prefix,
        BreakClass::Postfix => return Kind::Postfix,
        BreakClass::Exclamation if wide => return Kind::Exclaim,
        BreakClass::OpenPunctuation => return if wide { Kind::Open } else { Kind::NarrowOpen },
        BreakClass::ClosePunctuation | BreakClass::CloseParenthesis if wide => {
            return if gc == Gc::OtherPunctuation {
                Kind::Stop
            } else {
                Kind::Close
            };
        }
        BreakClass::ClosePunctuation | BreakClass::CloseParenthesis => return Kind::NarrowClose,
        BreakClass::NonStarter if wide && gc == Gc::OtherPunctuation => return Kind::Stop,
        BreakClass::InfixSeparator if wide => return Kind::Stop,
        BreakClass::InfixSeparator => return Kind::NumSep,
        _ => {}
    }
    if gc == Gc::DecimalNumber && !wide {
        return Kind::Digit;
    }
    let letter_like = matches!(
        c.general_category_group(),
        GeneralCategoryGroup::Letter | GeneralCategoryGroup::Mark | GeneralCategoryGroup::Number
    );
    if is_script_figure(c) {
        return Kind::Letter;
    }
    if wide || c.width_cjk() == Some(2) {
        // Ideographs, kana, hangul, and full-width or ambiguous signs (`①`, `Ⅱ`) all sit
        // in a Han cell.
        return Kind::Han;
    }
    if letter_like { Kind::Letter } else { Kind::Symbol }
}

/// Whether a character is a superscript or subscript figure or letter (`m³ km² CO₂ xⁿ`):
/// UAX #11 calls `¹ ² ³` ambiguous, as East Asian legacy fonts drew them full width, but in
/// Chinese text they are half width, parts of the unit or formula they stand in, as Latin
/// letters are (a `³` classed with the ideographs stood apart from its `m` and could start
/// a line).
fn is_script_figure(c: char) -> bool {
    matches!(c, '¹' | '²' | '³' | '\u{2070}'..='\u{209F}')
}

/// Whether a character is Han (an ideograph, `〇`, kana or hangul: anything set solid in a
/// Han cell that is a letter, not a sign).
pub fn is_han(c: char) -> bool {
    is_ideograph(c)
        || kind(c) == Kind::Han
            && matches!(
                c.general_category(),
                Gc::OtherLetter | Gc::LetterNumber | Gc::ModifierLetter
            )
}

/// Whether a character is CJK punctuation or a full-width sign (what makes a half-width
/// neighbour "touch Han", TYPOGRAPHY.md §1.5).
pub fn is_cjk_punct(c: char) -> bool {
    kind(c).is_cjk_punct() || (c.width() == Some(2) && !is_han(c))
}

/// Han or CJK punctuation.
pub fn is_cjk(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// Whether a character is shaped with the Latin script: half width by every East Asian
/// width reading (letters, digits, ASCII signs). Ambiguous-width signs (`℃ ° “`) are set
/// from the CJK face's full-width forms.
pub fn is_latin_script(c: char) -> bool {
    !c.is_whitespace()
        && !c.is_control()
        && (c.width_cjk() == Some(1) || is_script_figure(c))
        && !OPEN_QUOTES.contains(c)
}

/// Whether a character turns 90° clockwise in a vertical line where its face has no vertical
/// form of it: UTR #50's Vertical_Orientation R and Tr (TYPOGRAPHY.md §6.2). Dashes,
/// ellipses, brackets and Latin are; Han, kana and the stops `，。` (Tu, upright) are not.
pub fn turns_in_vertical(c: char) -> bool {
    use unicode_vo::{Orientation, char_orientation};
    matches!(
        char_orientation(c),
        Orientation::Rotated | Orientation::TransformedOrRotated
    )
}

/// Whether a character is a European digit set at half an em in horizontal Han text
/// (GB/T 15835's 二分 figures, TYPOGRAPHY.md §2.6): a run of figures then sits on the
/// character grid instead of leaving a fraction of an em for the line to absorb.
pub fn is_half_em_figure(c: char) -> bool {
    c.is_ascii_digit()
}

/// Whether a character is a half-width Latin letter or digit (takes the Han–Latin gap).
pub fn is_western(c: char) -> bool {
    matches!(kind(c), Kind::Letter | Kind::Digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_and_units_are_not_ideographs() {
        for c in "℃°′″%‰".chars() {
            assert_eq!(kind(c), Kind::Postfix, "{c}");
        }
        for c in "¥￥$€£№#＃".chars() {
            assert_eq!(kind(c), Kind::Prefix, "{c}");
        }
        for c in "中〇あ한".chars() {
            assert_eq!(kind(c), Kind::Han, "{c}");
            assert!(is_han(c));
        }
        assert!(!is_han('℃') && !is_han('¥') && !is_han('，'));
    }

    #[test]
    fn punctuation_classes() {
        for c in "“‘（《【〔「『".chars() {
            assert_eq!(kind(c), Kind::Open, "{c}");
        }
        for c in "”’）》】〕」』".chars() {
            assert_eq!(kind(c), Kind::Close, "{c}");
        }
        for c in "、。，．：；".chars() {
            assert_eq!(kind(c), Kind::Stop, "{c}");
        }
        assert_eq!(kind('？'), Kind::Exclaim);
        assert_eq!(kind('！'), Kind::Exclaim);
        assert_eq!(kind('—'), Kind::Dash);
        assert_eq!(kind('…'), Kind::Dash);
        assert_eq!(kind('·'), Kind::Interpunct);
        assert_eq!(kind('～'), Kind::Connector);
        assert_eq!(kind('('), Kind::NarrowOpen);
        assert_eq!(kind(')'), Kind::NarrowClose);
    }

    #[test]
    fn latin_and_numbers() {
        assert_eq!(kind('a'), Kind::Letter);
        assert_eq!(kind('é'), Kind::Letter);
        assert_eq!(kind('Ω'), Kind::Letter);
        assert_eq!(kind('7'), Kind::Digit);
        assert_eq!(kind('.'), Kind::NumSep);
        assert_eq!(kind(':'), Kind::NumSep);
        assert_eq!(kind('∶'), Kind::NumSep);
        assert_eq!(kind('-'), Kind::Hyphen);
        assert_eq!(kind('/'), Kind::Symbol);
        assert_eq!(kind('@'), Kind::Symbol);
        assert_eq!(kind(' '), Kind::Space);
        assert_eq!(kind('\u{3000}'), Kind::Space);
        assert!(is_latin_script('a') && is_latin_script('¥') && !is_latin_script('℃'));
        for c in "¹²³⁴₂ⁿ".chars() {
            assert_eq!(kind(c), Kind::Letter, "{c}");
            assert!(is_latin_script(c), "{c}");
        }
        // Circled and Roman figures, and ambiguous signs, keep a Han cell.
        for c in "①Ⅱ§※".chars() {
            assert_eq!(kind(c), Kind::Han, "{c}");
        }
        assert!(!is_latin_script('“') && !is_latin_script('中'));
    }

    #[test]
    fn dashes_brackets_and_latin_turn_in_vertical_lines_han_and_stops_do_not() {
        for c in ['—', '…', '（', '《', 'A', '1'] {
            assert!(turns_in_vertical(c), "{c}");
        }
        for c in ['中', '，', '。', '〇'] {
            assert!(!turns_in_vertical(c), "{c}");
        }
    }
}
