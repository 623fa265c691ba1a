//! Joining body paragraphs split mid-sentence (FORMAT.md). A join only removes the paragraph
//! break, and is logged as a [`Repair`]. Character-level repairs are in `normalise`.

use super::model::{Block, Repair, RepairKind, Story, Text};
use super::parse::is_credit;
use crate::diag::Span;

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

/// Whether a body paragraph stops mid-sentence, so the next paragraph continues it.
///
/// A lone credit line (`张鑫 摄`) ends in Han but is not a broken sentence.
fn is_split(text: &str) -> bool {
    text.chars()
        .next_back()
        .is_some_and(|last| !FINAL_MARKS.contains(&last))
        && !is_credit(text)
}

/// A `□` line kept as a paragraph is a byline all the same: never joined with prose.
fn is_byline(text: &str) -> bool {
    text.trim_start().starts_with('□')
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
            && !is_byline(&first.text)
            && !is_byline(&next.text)
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
    use crate::diag::FileId;

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
            kicker: None,
            headline: None,
            vertical_headline: false,
            subtitle: None,
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
