//! Where a character of a block's repaired text stands in its copy file: the repairs logged
//! inside the block's span are replayed as the text was made, and the whitespace the text
//! folded away (line breaks, indentation, the break of a joined paragraph) is skipped. A
//! report can then point at the exact character a story is cut at, not only its paragraph.

use super::model::{Repair, RepairKind, Text};

/// The byte in `source` (the whole copy file) of the character at byte `offset` of `t`'s
/// text; `repairs` are the page's, in source order. Where text and source part in a way no
/// repair explains, the block's start.
pub fn source_at(t: &Text, offset: usize, source: &str, repairs: &[Repair]) -> usize {
    let (start, end) = (t.span.start as usize, (t.span.end as usize).min(source.len()));
    let fallback = start;
    let Some(src) = source.get(..end) else {
        return fallback;
    };
    // A joined paragraph's repair quotes the two sides; it replaces nothing but the break.
    let mut edits = repairs
        .iter()
        .filter(|r| r.span.file == t.span.file && r.kind != RepairKind::JoinedParagraph)
        .filter(|r| r.span.start as usize >= start && r.span.end as usize <= end)
        .peekable();
    let text = t.text.as_str();
    let (mut s, mut at) = (start, 0);
    while at < offset.min(text.len()) {
        while edits.peek().is_some_and(|r| (r.span.start as usize) < s) {
            edits.next();
        }
        if let Some(r) = edits.peek().filter(|r| r.span.start as usize == s) {
            // The cut falls inside a repaired run (an ellipsis made whole): at the run.
            if !text[at..].starts_with(r.after.as_str()) {
                return fallback;
            }
            if at + r.after.len() > offset {
                break;
            }
            at += r.after.len();
            s = r.span.end as usize;
            edits.next();
            continue;
        }
        let (Some(sc), Some(tc)) = (
            src.get(s..).and_then(|x| x.chars().next()),
            text[at..].chars().next(),
        ) else {
            return fallback;
        };
        if sc == tc {
            s += sc.len_utf8();
            at += tc.len_utf8();
        } else if sc.is_whitespace() {
            s += sc.len_utf8();
        } else if tc == ' ' {
            // The space that folding a line break between Latin words put in.
            at += 1;
        } else {
            return fallback;
        }
    }
    // The character itself, past whitespace the text does not have.
    while let Some(c) = src
        .get(s..)
        .and_then(|x| x.chars().next())
        .filter(|c| c.is_whitespace())
    {
        s += c.len_utf8();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::copy::normalise::{Mode, normalise};
    use crate::diag::{FileId, Span};

    /// The text a source run normalises to, with its repairs.
    fn read(src: &str, at: usize) -> (Text, Vec<Repair>) {
        let mut repairs = Vec::new();
        let t = normalise(FileId(0), at, &src[at..], Mode::Body, &mut repairs);
        (t, repairs)
    }

    #[test]
    fn each_character_of_the_text_is_found_in_the_source_through_its_repairs() {
        let file = "# 标题\n\n草原修复,成效显著...牧民 增收。\n  第二行 for Latin\nwords 接着写。\n";
        let at = file.find('草').unwrap();
        let (t, repairs) = read(file, at);
        assert!(!repairs.is_empty(), "the copy was repaired: {repairs:?}");
        for (off, c) in t.text.char_indices() {
            let s = source_at(&t, off, file, &repairs);
            let found = file[s..].chars().next().unwrap();
            match c {
                // Repaired marks stand where their source marks stood.
                '，' => assert_eq!(found, ','),
                '…' => assert_eq!(&file[s..s + 3], "..."),
                ' ' => {}
                _ => assert_eq!(found, c, "character {off} ({c}) of {:?}", t.text),
            }
        }
    }

    #[test]
    fn a_text_the_repairs_do_not_explain_points_at_its_block() {
        let file = "草原修复成效显著。";
        let t = Text {
            text: "别的文字".into(),
            span: Span::new(FileId(0), 0, file.len()),
        };
        assert_eq!(source_at(&t, 6, file, &[]), 0);
    }
}
