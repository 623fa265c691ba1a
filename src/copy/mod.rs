//! Reading copy: the manifest, block recognition and repairs.
//!
//! [`read_page`] turns one page of copy (FORMAT.md) into a [`PageCopy`]:
//! `split_blocks` (blank lines cut the text) → `classify` (a block's first characters say
//! what it is) → `Collector::collect` (blocks become stories; each text is normalised, see
//! below) → `join_paragraphs` (split paragraphs joined). [`read_manifest`] reads an edition's
//! `edition.toml` into an [`Edition`].
//!
//! # Constructs
//! | block | becomes |
//! |---|---|
//! | `◎广角`, `## ◎学思践悟` | a new story with that label |
//! | `# 主题` | the headline; a new story unless a label-only story is waiting for it |
//! | `□本报记者 李玉琢`, `◎安寅东` right after a headline | the byline |
//! | `## 标题` + caption + `张鑫 摄` | a photo; in the current story while it has no body yet, else a photo story of its own |
//! | `## 标题` otherwise | a subhead |
//! | `●…(姓名)` (also `■ ◆ ▲`) | a brief with its source |
//! | anything else | a paragraph (text before any label or headline makes an untitled story) |
//!
//! A photo may also lack its title or its caption; a credit line with no photo around it
//! stays a paragraph. Body text after a photo story of its own opens an untitled story.
//!
//! # Extension: photo images
//! The exported copy never names an image file, so a photo gets a placeholder frame. To give
//! it a real picture, add a block holding one Markdown image line to the photo group, after
//! the title or after the caption:
//!
//! ```text
//! ## 创城有我
//!
//! ![](images/chuangcheng.jpg)
//!
//! 近日，包头市土右旗委组织部……
//!
//! 张鑫 摄
//! ```
//!
//! The alt text is ignored; a path with spaces goes in angle brackets (`![](<my photo.jpg>)`).
//! The path is stored as written in [`Photo::image`], relative to the copy file. A group of
//! title and image alone (no caption, no credit) is a photo too, and so is a lone image
//! line. An empty path is an error. Copy without image lines reads as before.
//!
//! # Repairs
//! Every text (labels, headlines, bylines, body, captions, briefs) is normalised: ASCII
//! `, : ; ? ! ( ) "` touching Han become full-width (TYPOGRAPHY.md §1.5), and a line break
//! inside a block is folded. Then a body paragraph that stops mid-sentence is joined with the
//! next one. Each change is a [`Repair`] with the source span; nothing else is altered.

mod collect;
mod date;
mod error;
mod locate;
mod lunar;
mod manifest;
mod model;
mod normalise;
mod parse;
mod repair;

pub use date::Date;
pub use error::CopyError;
pub use locate::source_at;
pub use lunar::LunarDate;
pub use manifest::{AdPosition, AdSpec, Edition, OutputSpec, PageSpec, read_manifest};
pub use model::*;

use crate::diag::{FileId, Span};

/// Reads and repairs one page of copy. `text` is the whole file, which may start with a BOM;
/// spans are byte offsets into it.
pub fn read_page(file: FileId, text: &str) -> Result<PageCopy, CopyError> {
    check_characters(file, text)?;
    let body_start = if text.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    };
    let mut items = Vec::new();
    for raw in parse::split_blocks(text, body_start) {
        items.push(parse::classify(file, raw)?);
    }
    let mut repairs = Vec::new();
    let mut stories = collect::Collector::new(file, &mut repairs).collect(&items);
    for story in &mut stories {
        repair::join_paragraphs(story, &mut repairs);
    }
    repairs.sort_by_key(|r| (r.span.start, r.span.end));
    Ok(PageCopy {
        file,
        stories,
        repairs,
    })
}

/// Checks the bytes of a copy file are UTF-8. On failure the span is the first bad byte;
/// offsets before it are the same in a lossy decoding, so the caller can still show the line.
pub fn decode(file: FileId, bytes: &[u8]) -> Result<&str, CopyError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        CopyError::NotUtf8 {
            span: Span::new(file, at, at + e.error_len().unwrap_or(1)),
        }
    })
}

/// Refuses control characters other than tab and line ends: they cannot be set and usually
/// mean a binary file or a broken export.
fn check_characters(file: FileId, text: &str) -> Result<(), CopyError> {
    match text
        .char_indices()
        .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        Some((at, ch)) => Err(CopyError::ControlCharacter {
            ch,
            span: Span::new(file, at, at + ch.len_utf8()),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests;
