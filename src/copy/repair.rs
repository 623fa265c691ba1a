//! The two repairs FORMAT.md asks for: half-width punctuation made full-width where it touches
//! Han (TYPOGRAPHY.md §1.5), and body paragraphs split mid-sentence joined again.
//!
//! Both keep every character the author wrote: a mark is replaced by its full-width twin, a
//! join only removes the paragraph break. Each change is logged as a [`Repair`].

use super::model::{Block, Repair, RepairKind, Story, Text};
use super::parse::is_credit;
use crate::diag::{FileId, Span};

/// Marks that end a paragraph properly; a body paragraph ending in anything else was split
/// by the source (FORMAT.md "Paragraphs split mid-sentence"). Closing quotes and brackets
/// count because a sentence may end inside them (`……。”`); `：` and `；` because a paragraph
/// may introduce a list or be one of its items; the dash because speech may break off.
/// ASCII marks that survive normalisation end Latin text.
const FINAL_MARKS: &[char] = &[
    '。', '！', '？', '…', '⋯', '”', '’', '」', '』', '）', '】', '〕', '］', '：', '；', '—', '.', '!', '?',
    ')', '"', '\'', ':', ';',
];

/// How many characters of each side a join repair quotes.
const JOIN_CONTEXT_CHARS: usize = 4;

/// Whether a character is Han: the CJK unified ideographs with all extensions, the
/// compatibility ideographs and `〇`.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}'
        | '\u{3007}')
}

/// Whether a character is CJK punctuation: CJK symbols, full-width forms, curly quotes,
/// the em dash and the ellipsis (the marks of GB/T 15834 as they are encoded).
fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{303F}'
        | '\u{FF01}'..='\u{FFEF}'
        | '\u{2018}'..='\u{201D}'
        | '\u{2014}'
        | '\u{2026}')
}

/// Han or CJK punctuation: what makes a half-width neighbour "touch Han" (§1.5).
fn is_cjk(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// The full-width twin of a mark converted when it touches Han.
fn full_width(c: char) -> Option<char> {
    match c {
        ',' => Some('，'),
        ':' => Some('：'),
        ';' => Some('；'),
        '?' => Some('？'),
        '!' => Some('！'),
        _ => None,
    }
}

/// Normalises one run of copy read from `src`, which starts at byte `start` of `file`.
///
/// Converts half-width marks by context and folds line breaks inside a block: a break
/// between two CJK characters disappears, one between Latin words becomes a space.
pub(crate) fn normalise(file: FileId, start: usize, src: &str, repairs: &mut Vec<Repair>) -> Text {
    let source: Vec<(usize, char)> = src.char_indices().collect();
    let mut chars: Vec<char> = source.iter().map(|&(_, c)| c).collect();
    // Brackets and quotes first: a `,` after `)` must see the `）` it becomes.
    let mut changed = convert_pairs(&mut chars);
    for i in 0..chars.len() {
        if let Some(wide) = full_width(chars[i])
            && touches_cjk(&chars, i)
        {
            chars[i] = wide;
            changed.push(i);
        }
    }
    changed.sort_unstable();
    for i in changed {
        let (offset, was) = source[i];
        let at = start + offset;
        repairs.push(Repair {
            kind: RepairKind::FullWidthPunctuation,
            span: Span::new(file, at, at + was.len_utf8()),
            before: was.to_string(),
            after: chars[i].to_string(),
        });
    }
    Text {
        text: fold_lines(&chars),
        span: Span::new(file, start, start + src.len()),
    }
}

/// Converts ASCII parentheses and double quotes in place; returns the indices changed.
///
/// Parentheses pair by nesting and convert as a pair when the content or an outside
/// neighbour is CJK (`组织部门(两新工委)`, `组织(WHO)`); an unpaired one converts when it
/// touches CJK. Double quotes pair by alternation and convert under the same test; an odd
/// last quote is left alone, as its direction cannot be known.
fn convert_pairs(chars: &mut [char]) -> Vec<usize> {
    let mut pairs = Vec::new();
    let mut single = Vec::new();
    let mut open = Vec::new();
    let mut quote = None;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' => open.push(i),
            ')' => match open.pop() {
                Some(o) => pairs.push((o, i, '（', '）')),
                None => single.push((i, '）')),
            },
            '"' => match quote.take() {
                Some(o) => pairs.push((o, i, '“', '”')),
                None => quote = Some(i),
            },
            _ => {}
        }
    }
    single.extend(open.into_iter().map(|i| (i, '（')));
    let mut changed = Vec::new();
    for (o, c, wide_open, wide_close) in pairs {
        let inner = chars.get(o + 1..c).unwrap_or_default();
        let outside = neighbour(chars, o, Side::Before)
            .into_iter()
            .chain(neighbour(chars, c, Side::After));
        if inner.iter().any(|&ch| is_cjk(ch)) || outside.into_iter().any(is_cjk) {
            chars[o] = wide_open;
            chars[c] = wide_close;
            changed.extend([o, c]);
        }
    }
    for (i, wide) in single {
        if touches_cjk(chars, i) {
            chars[i] = wide;
            changed.push(i);
        }
    }
    changed
}

/// Which way to look for a neighbour.
#[derive(Clone, Copy)]
enum Side {
    /// Towards the start of the text.
    Before,
    /// Towards the end.
    After,
}

/// The nearest non-space character on one side of `i`.
fn neighbour(chars: &[char], i: usize, side: Side) -> Option<char> {
    match side {
        Side::Before => chars.get(..i)?.iter().rev().copied().find(|c| !c.is_whitespace()),
        Side::After => chars.get(i + 1..)?.iter().copied().find(|c| !c.is_whitespace()),
    }
}

/// §1.5: a mark touches Han when its previous or next non-space character is Han or CJK
/// punctuation. Digits, times (`15:40`), URLs and Latin words never do, so they are kept.
fn touches_cjk(chars: &[char], i: usize) -> bool {
    [Side::Before, Side::After]
        .into_iter()
        .filter_map(|side| neighbour(chars, i, side))
        .any(is_cjk)
}

/// Builds the text, folding each line break inside a block with the spaces around it.
fn fold_lines(chars: &[char]) -> String {
    let mut out = String::with_capacity(chars.len() * 3);
    let mut in_break = false;
    for &c in chars {
        if c == '\n' || c == '\r' {
            while out.ends_with([' ', '\t']) {
                out.pop();
            }
            in_break = true;
        } else if in_break && c.is_whitespace() {
            // Indentation of the continuation line.
        } else {
            if in_break && out.chars().next_back().is_some_and(|p| !is_cjk(p)) && !is_cjk(c) {
                out.push(' ');
            }
            in_break = false;
            out.push(c);
        }
    }
    out
}

/// Whether a body paragraph stops mid-sentence, so the next paragraph continues it.
///
/// A lone credit line (`张鑫 摄`) ends in Han but is not a broken sentence.
fn is_split(text: &str) -> bool {
    text.chars()
        .next_back()
        .is_some_and(|last| !FINAL_MARKS.contains(&last))
        && !is_credit(text)
}

/// Joins each body paragraph that stops mid-sentence with the paragraph after it.
///
/// Only directly consecutive paragraphs of one story join: a subhead, photo or brief in
/// between means the break was meant.
pub(crate) fn join_paragraphs(story: &mut Story, repairs: &mut Vec<Repair>) {
    let mut blocks: Vec<Block> = Vec::with_capacity(story.blocks.len());
    for block in std::mem::take(&mut story.blocks) {
        if let (Some(Block::Paragraph(first)), Block::Paragraph(next)) = (blocks.last_mut(), &block)
            && is_split(&first.text)
        {
            repairs.push(join_repair(first, next));
            first.text.push_str(&next.text);
            first.span = first.span.join(next.span);
            continue;
        }
        blocks.push(block);
    }
    story.blocks = blocks;
}

/// The repair for joining `first` and `next`: its span is the paragraph break removed.
fn join_repair(first: &Text, next: &Text) -> Repair {
    let tail: Vec<char> = first.text.chars().rev().take(JOIN_CONTEXT_CHARS).collect();
    Repair {
        kind: RepairKind::JoinedParagraph,
        span: Span {
            file: first.span.file,
            start: first.span.end,
            end: next.span.start.max(first.span.end),
        },
        before: tail.into_iter().rev().collect(),
        after: next.text.chars().take(JOIN_CONTEXT_CHARS).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Normalises `src` and returns the text and the repairs as `(offset, before, after)`.
    fn run(src: &str) -> (String, Vec<(u32, String, String)>) {
        let mut repairs = Vec::new();
        let text = normalise(FileId(0), 10, src, &mut repairs);
        let list = repairs
            .into_iter()
            .map(|r| (r.span.start, r.before, r.after))
            .collect();
        (text.text, list)
    }

    #[test]
    fn comma_between_han_becomes_full_width() {
        let (text, repairs) = run("如今,快递");
        assert_eq!(text, "如今，快递");
        assert_eq!(repairs, vec![(16, ",".to_string(), "，".to_string())]);
    }

    #[test]
    fn marks_touching_han_through_spaces_or_punctuation() {
        assert_eq!(run("丁海非说:“现在”").0, "丁海非说：“现在”");
        assert_eq!(run("“删减法”,“实勘法”").0, "“删减法”，“实勘法”");
        assert_eq!(run("排查;鄂温克旗").0, "排查；鄂温克旗");
        assert_eq!(run("死了吧?” 好!").0, "死了吧？” 好！");
        assert_eq!(run("好 , 的").0, "好 ， 的");
        assert_eq!(run("真的?!").0, "真的？！");
    }

    #[test]
    fn numbers_times_urls_and_latin_are_kept() {
        for src in [
            "共1,258元",
            "15:40开会",
            "增长24.3万",
            "报废率97.2%",
            "‘1+5+N’品牌",
            "见https://example.com/a?b=1,2页",
            "Hello, world: yes; no? ok!",
            "降温 and 保湿",
        ] {
            let (text, repairs) = run(src);
            assert_eq!(text, src);
            assert!(repairs.is_empty(), "{src}");
        }
    }

    #[test]
    fn percent_before_han_comma_converts() {
        assert_eq!(run("92%,报废").0, "92%，报废");
    }

    #[test]
    fn parentheses_convert_as_pairs() {
        assert_eq!(run("组织部门(两新工委)牵头").0, "组织部门（两新工委）牵头");
        assert_eq!(run("世界卫生组织(WHO)").0, "世界卫生组织（WHO）");
        assert_eq!(run("(社区)").0, "（社区）");
        assert_eq!(
            run("WHO (World Health Organization)").0,
            "WHO (World Health Organization)"
        );
        assert_eq!(run("百村(社区),活动").0, "百村（社区），活动");
        let (_, repairs) = run("部(两新)牵");
        assert_eq!(repairs.len(), 2);
    }

    #[test]
    fn unpaired_parenthesis_converts_by_neighbour() {
        assert_eq!(run("一是(加强").0, "一是（加强");
        assert_eq!(run("a) b").0, "a) b");
    }

    #[test]
    fn straight_quotes_pair_by_alternation() {
        assert_eq!(run("开展\"两癌\"筛查").0, "开展“两癌”筛查");
        assert_eq!(run("say \"hi\" now").0, "say \"hi\" now");
        assert_eq!(run("他说\"好").0, "他说\"好");
    }

    #[test]
    fn line_breaks_inside_a_block_fold() {
        assert_eq!(run("中文\n  继续").0, "中文继续");
        assert_eq!(run("Latin  \r\nwords").0, "Latin words");
    }

    fn paragraph(text: &str, start: u32, end: u32) -> Block {
        Block::Paragraph(Text {
            text: text.to_string(),
            span: Span {
                file: FileId(0),
                start,
                end,
            },
        })
    }

    fn story(blocks: Vec<Block>) -> Story {
        Story {
            label: None,
            headline: None,
            byline: None,
            blocks,
            span: Span::new(FileId(0), 0, 0),
        }
    }

    #[test]
    fn split_paragraphs_join_and_report() {
        let mut s = story(vec![
            paragraph("压实行业", 0, 12),
            paragraph("主管部门具体推动责任。", 14, 47),
            paragraph("下一段。", 49, 61),
        ]);
        let mut repairs = Vec::new();
        join_paragraphs(&mut s, &mut repairs);
        assert_eq!(s.blocks.len(), 2);
        assert_eq!(s.blocks[0], paragraph("压实行业主管部门具体推动责任。", 0, 47));
        assert_eq!(repairs.len(), 1);
        assert_eq!(repairs[0].kind, RepairKind::JoinedParagraph);
        assert_eq!((repairs[0].span.start, repairs[0].span.end), (12, 14));
        assert_eq!(
            (repairs[0].before.as_str(), repairs[0].after.as_str()),
            ("压实行业", "主管部门")
        );
    }

    #[test]
    fn three_part_split_joins_twice() {
        let mut s = story(vec![
            paragraph("一，", 0, 6),
            paragraph("二", 8, 11),
            paragraph("三。", 13, 19),
        ]);
        let mut repairs = Vec::new();
        join_paragraphs(&mut s, &mut repairs);
        assert_eq!(s.blocks, vec![paragraph("一，二三。", 0, 19)]);
        assert_eq!(repairs.len(), 2);
    }

    #[test]
    fn finished_paragraphs_and_other_blocks_stay_apart() {
        let ends = ["好。", "好……", "“好。”", "如下：", "（李丽娜）", "Done."];
        for end in ends {
            let mut s = story(vec![paragraph(end, 0, 3), paragraph("下。", 5, 8)]);
            join_paragraphs(&mut s, &mut Vec::new());
            assert_eq!(s.blocks.len(), 2, "{end}");
        }
        let sub = Block::Subhead(Text {
            text: "小标题".into(),
            span: Span::new(FileId(0), 4, 5),
        });
        let mut s = story(vec![paragraph("压实行业", 0, 3), sub, paragraph("下。", 5, 8)]);
        join_paragraphs(&mut s, &mut Vec::new());
        assert_eq!(s.blocks.len(), 3);
        let mut s = story(vec![paragraph("张鑫 摄", 0, 3), paragraph("下。", 5, 8)]);
        join_paragraphs(&mut s, &mut Vec::new());
        assert_eq!(s.blocks.len(), 2);
    }
}
