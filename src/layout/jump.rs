//! Cutting a story that continues on another page (转版, EDITION.md §5): for a module of
//! `cols` columns and every body height, where the first part ends so that its columns are
//! full, and the jump line `（下转第N版）` that closes it.
//!
//! A cut falls at a line end (the composer kept every line-breaking rule there), never after
//! a subhead, never inside a brief, never in a sentence's last two characters, and leaves at
//! least [`MIN_PART_LINES`] lines on each side; a paragraph end is preferred where it fills
//! the columns as well. The jump line goes at the end of a paragraph's short last line when
//! it fits there, else on a line of its own, flush right.

use super::body::{BodySet, Level, distribute};
use super::ctx::Ctx;
use super::page::Cursor;
use super::story::{Flow, FlowKind, SourcePos, StoryPrep, cursor_before};
use crate::compose::{Align, Line, compose_par};
use crate::copy::{Block, Story};
use crate::diag::Span;
use crate::shape::{Piece, Role, ShapeError, shape_par};
use std::sync::Arc;

/// Fewest body lines either part of a continued story may have ("about 4 lines").
pub const MIN_PART_LINES: usize = 4;
/// How many cut points below the fullest one are weighed, looking for a paragraph end.
const CUT_SEARCH: usize = 6;

/// Sentence ends: the cut may not leave only the last one or two characters of a sentence
/// for the other page.
const SENTENCE_ENDS: [char; 6] = ['。', '！', '？', '；', '!', '?'];

/// A one-line note in Kai at the body size, aligned in the column measure: the jump lines.
pub fn note_line(ctx: &Ctx, text: &str, align: Align) -> Result<Option<Line>, ShapeError> {
    let span = Span::new(crate::diag::FileId(0), 0, 0);
    let par = shape_par(
        ctx.db,
        &[Piece {
            text,
            role: Role::Kai,
            span,
        }],
    )?;
    let style = ctx.par(ctx.grid.format.body).aligned(align);
    Ok(compose_par(ctx.db, &par, &style, ctx.grid.column_width())
        .lines
        .into_iter()
        .next())
}

/// The jump line closing a first part, `（下转第N版）`.
pub fn jump_to_text(page: u32) -> String {
    format!("（下转第{page}版）")
}

/// The line opening a continuation, `（上接第N版）`.
pub fn jump_from_text(page: u32) -> String {
    format!("（上接第{page}版）")
}

/// Marks the flow items of a story after which a cut may fall: a paragraph's line, unless
/// only a sentence's last one or two characters would follow it; a brief's last line.
pub fn mark_cuts(story: &Story, flow: &mut [Flow]) {
    for f in flow.iter_mut() {
        f.at.cut_after = f.kind == FlowKind::Line
            && match story.blocks.get(f.at.block) {
                Some(Block::Paragraph(t)) => {
                    f.at.last || !ends_a_sentence_soon(t.text.get(f.line.end..).unwrap_or_default())
                }
                Some(Block::Brief(_)) => f.at.last,
                _ => false,
            };
    }
}

/// Whether the first `k` flow items may end a first part on this page.
fn cut_allowed(flow: &[Flow], k: usize) -> bool {
    let lines = |items: &[Flow]| items.iter().filter(|f| f.kind == FlowKind::Line).count();
    k > 0
        && k < flow.len()
        && flow[k - 1].at.cut_after
        && lines(&flow[..k]) >= MIN_PART_LINES
        && lines(&flow[k..]) >= MIN_PART_LINES
}

/// Whether `rest` (what follows a cut inside a paragraph) holds two characters or fewer before
/// its sentence ends.
fn ends_a_sentence_soon(rest: &str) -> bool {
    rest.chars()
        .take(3)
        .position(|c| SENTENCE_ENDS.contains(&c))
        .is_some_and(|at| at <= 2)
}

/// The first part's flow for a cut after `k` items: the items, then the jump line, set at the
/// end of the last line when that is a paragraph's last line with room for it.
fn with_note(flow: &[Flow], k: usize, note: &Arc<Line>, measure: f64) -> (Vec<Flow>, bool) {
    let mut out: Vec<Flow> = flow[..k].to_vec();
    let last = &flow[k - 1];
    let room = measure - last.line.width.0;
    if last.at.last && room >= note.width.0 - note_start(note) + measure * 0.1 {
        let mut merged = (*last.line).clone();
        merged.glyphs.extend(note.glyphs.iter().cloned());
        merged.ragged = false;
        out[k - 1] = Flow {
            line: Arc::new(merged),
            ..last.clone()
        };
        return (out, true);
    }
    out.push(Flow {
        kind: FlowKind::Line,
        line: note.clone(),
        at: SourcePos {
            last: true,
            cut_after: false,
            ..last.at
        },
    });
    (out, false)
}

/// Where a flush-right line's first glyph stands.
fn note_start(note: &Line) -> f64 {
    note.glyphs.first().map_or(0.0, |g| g.inline.0)
}

/// The first part of a continued story in `cols` columns at every body height that leaves
/// both parts long enough, each cut where its columns are fullest (paragraph ends preferred).
pub fn cut_bodies(prep: &StoryPrep, cols: usize, note: &Arc<Line>, measure: f64) -> Vec<BodySet> {
    let flow = &prep.flow;
    // Rows before each item: no more items than fill the columns' rows can fit in them.
    let before: Vec<usize> = std::iter::once(0)
        .chain(flow.iter().scan(0, |rows, f| {
            *rows += f.rows();
            Some(*rows)
        }))
        .collect();
    let total = before[flow.len()];
    let mut out = Vec::new();
    for h in MIN_PART_LINES..=total.div_ceil(cols.max(1)) {
        let room = before.partition_point(|&b| b <= cols * h) - 1;
        // The most items the columns hold with a line to spare for the jump line.
        let Some(fullest) = (1..flow.len().min(room))
            .rev()
            .find(|&k| distribute(&flow[..k + 1], cols, h).is_some())
        else {
            continue;
        };
        let mut best: Option<((usize, bool, usize), BodySet)> = None;
        for k in (fullest.saturating_sub(CUT_SEARCH)..=fullest + 1).rev() {
            if !cut_allowed(flow, k) {
                continue;
            }
            let (set, inline) = with_note(flow, k, note, measure);
            let Some(Level { at, holes, white }) = distribute(&set, cols, h) else {
                continue;
            };
            let used: usize = set.iter().map(Flow::rows).sum();
            let empty = (cols * h).saturating_sub(used);
            let par_end = inline || flow[k - 1].at.last;
            // Fullest first, then a paragraph end, then the later cut.
            let key = (empty, !par_end, usize::MAX - k);
            if best.as_ref().is_none_or(|(b, _)| key < *b) {
                let cut = cursor_before(flow, k);
                best = Some((
                    key,
                    BodySet {
                        rows: h,
                        flow: set,
                        at,
                        holes,
                        white,
                        cut,
                        beside: None,
                        figures: Default::default(),
                    },
                ));
            }
        }
        match best {
            Some((_, b)) => out.push(b),
            // Taller columns only cut later: once no cut leaves enough for the other page, stop.
            None if fullest + MIN_PART_LINES >= flow.len() => break,
            None => {}
        }
    }
    out
}

/// The rest of a story from a cut, as a story of its own for the page it continues on: its
/// jump headline, then the blocks from the cut (the cut paragraph from the cut's character;
/// photos stay with the first part, whose module shows them).
pub fn continuation(story: &Story, cut: &Cursor, headline: crate::copy::Text) -> Story {
    let mut blocks = Vec::new();
    for (i, b) in story.blocks.iter().enumerate().skip(cut.block) {
        match b {
            Block::Photo(_) => {}
            Block::Paragraph(t) if i == cut.block => {
                let text = t.text.get(cut.offset..).unwrap_or_default().to_string();
                blocks.push(Block::Paragraph(crate::copy::Text { text, span: t.span }));
            }
            other => blocks.push(other.clone()),
        }
    }
    Story {
        label: None,
        kicker: None,
        headline: Some(headline),
        vertical_headline: false,
        subtitle: None,
        byline: None,
        blocks,
        span: story.span,
    }
}
