//! What the copy reader hands on: stories made of typed blocks, each with its source span.

use crate::diag::{FileId, Span};
use serde::Serialize;
use std::path::PathBuf;

/// A run of copy text after repair, with the span of the source it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Text {
    /// The repaired text (full-width punctuation, joined paragraphs).
    pub text: String,
    /// The source range it was read from (for a joined paragraph: first to last part).
    #[serde(skip)]
    pub span: Span,
}

/// One story on a page: the unit that layout places as a module.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Story {
    /// Column label (栏目名), without the `◎` mark, e.g. `广角`.
    pub label: Option<Text>,
    /// Kicker (引题) above the headline: `#+ text` (an extension of FORMAT.md).
    pub kicker: Option<Text>,
    /// Main headline (主题); a space inside marks the preferred break.
    pub headline: Option<Text>,
    /// Whether the headline is set vertically (竖题, `#| 标题`, EDITION.md §6).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub vertical_headline: bool,
    /// Subtitle (副题) below the headline: `#- text` (an extension of FORMAT.md).
    pub subtitle: Option<Text>,
    /// Byline (署名) as written, without the leading `□`/`◎`.
    pub byline: Option<Text>,
    /// Body blocks in copy order.
    pub blocks: Vec<Block>,
    /// From the first to the last block of the story.
    #[serde(skip)]
    pub span: Span,
}

impl Story {
    /// What kind of module the story makes.
    pub fn kind(&self) -> StoryKind {
        let photos = self
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Photo(_)))
            .count();
        let briefs = self
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Brief(_)))
            .count();
        if self.headline.is_none() && photos > 0 && photos == self.blocks.len() {
            StoryKind::Photo
        } else if briefs > 0 && briefs * 2 >= self.blocks.len() {
            StoryKind::Briefs
        } else {
            StoryKind::Article
        }
    }

    /// Every text of the story, in copy order: the heads, then the blocks' texts.
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        let heads = [
            &self.label,
            &self.kicker,
            &self.headline,
            &self.subtitle,
            &self.byline,
        ];
        // Up to three texts a block, in a fixed array: no allocation per block (the report
        // walks these once for each of the sample's 312 repairs).
        let blocks = self.blocks.iter().flat_map(|b| {
            match b {
                Block::Paragraph(t) | Block::Subhead(t) => [Some(t), None, None],
                Block::Brief(b) => [Some(&b.text), b.source.as_ref(), None],
                Block::Photo(p) => [p.title.as_ref(), p.caption.as_ref(), p.credit.as_ref()],
            }
            .into_iter()
            .flatten()
        });
        heads.into_iter().flatten().chain(blocks)
    }

    /// Characters of the story's copy, spaces excluded: what a page must set, or report as
    /// overflow.
    pub fn chars(&self) -> usize {
        self.texts()
            .map(|t| t.text.chars().filter(|c| !c.is_whitespace()).count())
            .sum()
    }

    /// The name used for this story in reports: headline, else label, else photo title.
    pub fn title(&self) -> String {
        if let Some(h) = &self.headline {
            return h.text.clone();
        }
        if let Some(l) = &self.label {
            return l.text.clone();
        }
        self.blocks
            .iter()
            .find_map(|b| match b {
                Block::Photo(p) => p.title.as_ref().map(|t| t.text.clone()),
                _ => None,
            })
            .unwrap_or_default()
    }
}

/// The kinds of module a story can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StoryKind {
    /// Headline, byline, paragraphs, subheads, maybe photos.
    Article,
    /// A photo (or photos) with caption and credit, and no headline.
    Photo,
    /// A column of short items (简讯), usually boxed.
    Briefs,
}

/// A block of a story's body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    /// Body text; first line indented 2 em.
    Paragraph(Text),
    /// In-text subhead (小标题).
    Subhead(Text),
    /// A photo with its title, caption and credit.
    Photo(Photo),
    /// One item of a briefs column.
    Brief(Brief),
}

/// A photo: frame, caption and credit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Photo {
    /// The `##` title above the caption (`创城有我`).
    pub title: Option<Text>,
    /// The caption paragraph.
    pub caption: Option<Text>,
    /// The credit line, ending in `摄` (`张鑫 摄`).
    pub credit: Option<Text>,
    /// The image file, when the copy points at one (an extension of the format).
    pub image: Option<PathBuf>,
    /// The whole photo block group.
    #[serde(skip)]
    pub span: Span,
}

/// One brief (简讯) item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brief {
    /// The item text without its bullet and without the trailing source.
    pub text: Text,
    /// The trailing `(姓名)` source, without the brackets.
    pub source: Option<Text>,
}

/// What a repair did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RepairKind {
    /// Half-width punctuation next to Han made full-width, straight quotes made curly
    /// (FORMAT.md, TYPOGRAPHY.md §1.5, NM-01).
    FullWidthPunctuation,
    /// Full-width Latin letters or digits made half-width (NM-02).
    HalfWidthAlphanumeric,
    /// `...`, `--` and the like made `……` and `——`.
    DashOrEllipsis,
    /// A space next to Han removed from body text (NM-03).
    SpaceRemoved,
    /// A paragraph split mid-sentence joined to the next one.
    JoinedParagraph,
}

/// One repair made to the copy, reported with its place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Repair {
    /// What was done.
    pub kind: RepairKind,
    /// Where in the source.
    #[serde(skip)]
    pub span: Span,
    /// The source text concerned (the mark, or the end of the first paragraph).
    pub before: String,
    /// What it became.
    pub after: String,
}

/// A page of copy, read and repaired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageCopy {
    /// The copy file.
    #[serde(skip)]
    pub file: FileId,
    /// Stories in copy order.
    pub stories: Vec<Story>,
    /// Every repair, in source order.
    pub repairs: Vec<Repair>,
}
