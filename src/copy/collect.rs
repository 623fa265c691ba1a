//! Gathering classified blocks into stories (FORMAT.md "Blocks"): which story a label,
//! headline, byline, photo or body block belongs to. Every text is normalised on the way.

use super::model::{Block, Brief, Photo, Repair, Story, Text};
use super::normalise::{Mode, normalise};
use super::parse::{Item, Kind, Raw};
use crate::diag::{FileId, Span};
use std::path::PathBuf;

/// Longest trailing source of a brief, in characters: `本报记者 陈春艳` is 8.
const MAX_SOURCE_CHARS: usize = 20;

/// The parts of a photo group found at some block.
struct PhotoGroup<'a> {
    /// `## 标题`.
    title: Option<Raw<'a>>,
    /// The path of an `![](…)` line.
    image: Option<Raw<'a>>,
    /// The caption paragraph.
    caption: Option<Raw<'a>>,
    /// The `… 摄` line.
    credit: Option<Raw<'a>>,
    /// The index of the first block after the group.
    next: usize,
    /// Whether the group is one image line carrying its own caption or credit
    /// (`![caption](file "credit")`): a photo inside the story it stands in.
    inline: bool,
}

/// Recognises a photo group starting at block `i`: `[title] [image] [caption [image]] credit`,
/// or `[title] image` with no credit. A caption is only a caption when a credit follows, so
/// a subhead with its first paragraph is never mistaken for a photo.
fn photo_at<'a>(items: &[Item<'a>], i: usize) -> Option<PhotoGroup<'a>> {
    let mut group = PhotoGroup {
        title: None,
        image: None,
        caption: None,
        credit: None,
        next: i,
        inline: false,
    };
    let kind_at = |j: usize| items.get(j).map(|item| item.kind);
    if let Some(Kind::Heading(title)) = kind_at(group.next) {
        group.title = Some(title);
        group.next += 1;
    }
    let mut own: Option<(Option<Raw<'a>>, Option<Raw<'a>>)> = None;
    if let Some(Kind::Image(line)) = kind_at(group.next) {
        group.image = Some(line.path);
        own = Some((line.caption, line.credit)).filter(|(a, b)| a.is_some() || b.is_some());
        group.next += 1;
    }
    let is_credit_at = |j| matches!(kind_at(j), Some(Kind::Credit));
    if let Some(Kind::Paragraph) = kind_at(group.next) {
        let after = group.next + 1;
        let late_image = match kind_at(after) {
            Some(Kind::Image(line)) if group.image.is_none() && is_credit_at(after + 1) => Some(line.path),
            _ => None,
        };
        if is_credit_at(after) || late_image.is_some() {
            group.caption = items.get(group.next).map(|item| item.raw);
            group.image = group.image.or(late_image);
            group.next = after + usize::from(late_image.is_some());
        }
    }
    if is_credit_at(group.next) && (group.title.is_some() || group.image.is_some() || group.caption.is_some())
    {
        group.credit = items.get(group.next).map(|item| item.raw);
        group.next += 1;
    }
    // An image line with its own caption or credit needs no blocks around it.
    if let Some((caption, credit)) = own
        && group.title.is_none()
        && group.caption.is_none()
        && group.credit.is_none()
    {
        group.caption = caption;
        group.credit = credit;
        group.inline = true;
    }
    let found = group.credit.is_some() || group.image.is_some();
    found.then_some(group)
}

/// Gathers classified blocks into stories, normalising every text on the way.
pub(crate) struct Collector<'r> {
    /// The copy file.
    file: FileId,
    /// Stories finished so far.
    stories: Vec<Story>,
    /// The story being filled.
    current: Option<Story>,
    /// Where repairs are logged.
    repairs: &'r mut Vec<Repair>,
}

impl<'r> Collector<'r> {
    /// An empty collector logging repairs to `repairs`.
    pub(crate) fn new(file: FileId, repairs: &'r mut Vec<Repair>) -> Self {
        Collector {
            file,
            stories: Vec::new(),
            current: None,
            repairs,
        }
    }

    /// Places every block and returns the stories in copy order.
    pub(crate) fn collect(mut self, items: &[Item<'_>]) -> Vec<Story> {
        let mut i = 0;
        while let Some(item) = items.get(i) {
            if let Some(group) = photo_at(items, i) {
                let last = items.get(group.next.saturating_sub(1)).unwrap_or(item);
                let span = item.raw.span(self.file).join(last.raw.span(self.file));
                let photo = self.photo(group.title, group.image, group.caption, group.credit, span);
                self.place_photo(photo, group.inline);
                i = group.next;
                continue;
            }
            let span = item.raw.span(self.file);
            match item.kind {
                Kind::Empty => {}
                // `□` always opens a byline where the story has none yet (issue 9 point 7).
                Kind::Square(t) if self.byline_free() => {
                    let byline = Some(self.text(t));
                    self.current_at(span).byline = byline;
                }
                // A `——` line right under the headline is its deck (副题).
                Kind::Paragraph if is_deck(item.raw.text) && self.expects_deck() => {
                    let subtitle = Some(self.text(item.raw));
                    self.current_at(span).subtitle = subtitle;
                }
                Kind::Mark(t) | Kind::Square(t) if self.expects_byline() => {
                    let byline = Some(self.text(t));
                    self.current_at(span).byline = byline;
                }
                Kind::Label(t) | Kind::Mark(t) => {
                    let label = Some(self.text(t));
                    self.open(span).label = label;
                }
                Kind::Kicker(t) => {
                    // A kicker opens its story (or completes a label), as a headline would.
                    let kicker = Some(self.text(t));
                    let story = if self.is_label_only() && !self.has_kicker() {
                        self.current_at(span)
                    } else {
                        self.open(span)
                    };
                    story.kicker = kicker;
                }
                Kind::Subtitle(t) => {
                    let subtitle = Some(self.text(t));
                    self.current_at(span).subtitle = subtitle;
                }
                Kind::Headline(t) | Kind::VerticalHeadline(t) => {
                    let headline = Some(self.text(t));
                    let story = if self.is_label_only() {
                        self.current_at(span)
                    } else {
                        self.open(span)
                    };
                    story.headline = headline;
                    story.vertical_headline = matches!(item.kind, Kind::VerticalHeadline(_));
                }
                Kind::Heading(t) => {
                    let block = Block::Subhead(self.text(t));
                    self.push(block, span);
                }
                Kind::Brief(t) => {
                    let block = Block::Brief(self.brief(t));
                    self.push(block, span);
                }
                // A `□` block that is not a byline, a lone credit and an image line already
                // taken are kept as paragraphs rather than dropped: nothing is lost.
                Kind::Square(_) | Kind::Image(_) | Kind::Credit | Kind::Paragraph => {
                    // A stray credit keeps its space: it is a name line, not prose.
                    let text = if matches!(item.kind, Kind::Credit) {
                        self.text(item.raw)
                    } else {
                        self.body_text(item.raw)
                    };
                    let block = Block::Paragraph(text);
                    self.push(block, span);
                }
            }
            i += 1;
        }
        self.stories.extend(self.current.take());
        self.stories
    }

    /// Normalises a run of display copy (headline, label, byline, subhead, credit), whose
    /// spaces are meant.
    fn text(&mut self, raw: Raw<'_>) -> Text {
        normalise(self.file, raw.start, raw.text, Mode::Display, self.repairs)
    }

    /// Normalises a run of body copy (paragraph, caption, brief).
    fn body_text(&mut self, raw: Raw<'_>) -> Text {
        normalise(self.file, raw.start, raw.text, Mode::Body, self.repairs)
    }

    /// A brief, with its trailing `(姓名)` or `（姓名）` source split off.
    fn brief(&mut self, raw: Raw<'_>) -> Brief {
        let t = raw.text;
        let split = t
            .strip_suffix([')', '）'])
            .and_then(|body| body.rfind(['(', '（']).map(|open| (body, open)))
            .and_then(|(body, open)| {
                let inner = body.get(open..)?.chars().skip(1).collect::<String>();
                let fits = !inner.trim().is_empty()
                    && inner.chars().count() <= MAX_SOURCE_CHARS
                    && !inner.contains(['(', ')', '（', '）', '。', '，', ',']);
                let bracket = body.get(open..)?.chars().next()?.len_utf8();
                fits.then_some((open, open + bracket, body.len()))
            });
        match split {
            Some((open, inner_start, inner_end)) => Brief {
                text: self.body_text(raw.before(open)),
                source: Some(self.text(raw.before(inner_end).after(inner_start))),
            },
            None => Brief {
                text: self.body_text(raw),
                source: None,
            },
        }
    }

    /// Builds a photo from its parts.
    fn photo(
        &mut self,
        title: Option<Raw<'_>>,
        image: Option<Raw<'_>>,
        caption: Option<Raw<'_>>,
        credit: Option<Raw<'_>>,
        span: Span,
    ) -> Photo {
        Photo {
            title: title.map(|t| self.text(t)),
            // The path is stored as written, relative to the copy file; it is not text.
            image: image.map(|p| PathBuf::from(p.text)),
            caption: caption.map(|t| self.body_text(t)),
            credit: credit.map(|t| self.text(t)),
            span,
        }
    }

    /// Finishes the current story and opens a new, empty one at `span`.
    fn open(&mut self, span: Span) -> &mut Story {
        self.stories.extend(self.current.take());
        self.current.insert(Story {
            label: None,
            kicker: None,
            headline: None,
            vertical_headline: false,
            subtitle: None,
            byline: None,
            blocks: Vec::new(),
            span,
        })
    }

    /// The current story (opening an untitled one if none), its span grown to `span`.
    fn current_at(&mut self, span: Span) -> &mut Story {
        let story = match self.current.take() {
            Some(story) => self.current.insert(story),
            None => self.open(span),
        };
        story.span = story.span.join(span);
        story
    }

    /// A headline came and no byline or body yet: `□…` or `◎…` now is the byline.
    fn expects_byline(&self) -> bool {
        self.current
            .as_ref()
            .is_some_and(|s| s.headline.is_some() && s.byline.is_none() && s.blocks.is_empty())
    }

    /// The current story (if any) has no byline and no body yet.
    fn byline_free(&self) -> bool {
        self.current
            .as_ref()
            .is_none_or(|s| s.byline.is_none() && s.blocks.is_empty())
    }

    /// A headline came and nothing under it yet: a `——` line now is the deck.
    fn expects_deck(&self) -> bool {
        self.current.as_ref().is_some_and(|s| {
            s.headline.is_some() && s.subtitle.is_none() && s.byline.is_none() && s.blocks.is_empty()
        })
    }

    /// Whether the current story already has a kicker.
    fn has_kicker(&self) -> bool {
        self.current.as_ref().is_some_and(|s| s.kicker.is_some())
    }

    /// The current story has a label (or kicker) and nothing else, so a headline completes it.
    fn is_label_only(&self) -> bool {
        self.current.as_ref().is_some_and(|s| {
            (s.label.is_some() || s.kicker.is_some())
                && s.headline.is_none()
                && s.byline.is_none()
                && s.blocks.is_empty()
        })
    }

    /// Adds a body block. After a photo story of its own, body text opens a new untitled
    /// story rather than turning the photo into an article.
    fn push(&mut self, block: Block, span: Span) {
        let after_photo = self.current.as_ref().is_some_and(|s| {
            s.label.is_none()
                && s.headline.is_none()
                && !s.blocks.is_empty()
                && s.blocks.iter().all(|b| matches!(b, Block::Photo(_)))
        });
        let story = if after_photo {
            self.open(span)
        } else {
            self.current_at(span)
        };
        story.blocks.push(block);
    }

    /// A photo belongs to the current story while that has no body yet (`## ◎掠影` then
    /// `## 铭记初心`, or a lead photo under a headline); otherwise it is a photo story of its
    /// own (`## 创城有我` after an article).
    ///
    /// A photo written as one image line with its own caption (`![caption](file "credit")`)
    /// inside an article belongs to that article wherever it stands (EDITION.md §2).
    fn place_photo(&mut self, photo: Photo, inline: bool) {
        let span = photo.span;
        let joins = self
            .current
            .as_ref()
            .is_some_and(|s| s.blocks.is_empty() || (inline && s.headline.is_some()));
        let story = if joins {
            self.current_at(span)
        } else {
            self.open(span)
        };
        story.blocks.push(Block::Photo(photo));
    }
}

/// Whether a paragraph reads as a deck (副题): it opens with a dash, as `——` or as the
/// `--` that normalisation turns into one.
fn is_deck(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("——") || t.starts_with("--") || t.starts_with("⸺")
}
