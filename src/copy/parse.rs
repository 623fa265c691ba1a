//! Block recognition: the copy is cut into blocks at blank lines, each block is classified by
//! its first characters (FORMAT.md "Blocks"); `collect` then gathers them into stories.

use super::CopyError;
use crate::diag::{FileId, Span};

/// Bullets that open a brief (简讯); `●` is the one in the sample.
const BRIEF_BULLETS: &[char] = &['●', '■', '◆', '▲'];

/// Longest credit line, in characters: `新华社记者 某某某 摄` is 11.
const MAX_CREDIT_CHARS: usize = 30;

/// A trimmed slice of the copy and the byte offset it starts at.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Raw<'a> {
    /// Byte offset of `text` in the copy.
    pub(crate) start: usize,
    /// The slice, without surrounding whitespace.
    pub(crate) text: &'a str,
}

impl<'a> Raw<'a> {
    /// The trimmed slice `text[from..]`; `from` must be a char boundary (it always follows a
    /// prefix we matched).
    pub(crate) fn after(self, from: usize) -> Raw<'a> {
        let rest = self.text.get(from..).unwrap_or_default();
        let trimmed = rest.trim_start();
        Raw {
            start: self.start + from + (rest.len() - trimmed.len()),
            text: trimmed.trim_end(),
        }
    }

    /// The trimmed slice `text[..to]`.
    pub(crate) fn before(self, to: usize) -> Raw<'a> {
        Raw {
            start: self.start,
            text: self.text.get(..to).unwrap_or_default().trim_end(),
        }
    }

    /// The source range.
    pub(crate) fn span(self, file: FileId) -> Span {
        Span::new(file, self.start, self.start + self.text.len())
    }
}

/// Cuts the copy into blocks: runs of lines that are not blank. Lines end at `\n`, `\r\n`
/// or a lone `\r`; a line of whitespace only is blank. Reading starts at byte `from` (past a
/// BOM), which must be a char boundary.
pub(crate) fn split_blocks(text: &str, from: usize) -> Vec<Raw<'_>> {
    let bytes = text.as_bytes();
    let mut blocks = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut line_start = from;
    while line_start < bytes.len() {
        let line_end = bytes[line_start..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(bytes.len(), |p| line_start + p);
        // Line ends are ASCII, so both ends are char boundaries.
        let line = text.get(line_start..line_end).unwrap_or_default();
        if line.trim().is_empty() {
            blocks.extend(open.take().map(|(s, e)| block(text, s, e)));
        } else {
            open = Some((open.map_or(line_start, |(s, _)| s), line_end));
        }
        line_start = match bytes.get(line_end..line_end + 2) {
            Some(b"\r\n") => line_end + 2,
            _ => line_end + 1,
        };
    }
    blocks.extend(open.map(|(s, e)| block(text, s, e)));
    blocks
}

/// The block `text[start..end]`, trimmed.
fn block(text: &str, start: usize, end: usize) -> Raw<'_> {
    Raw {
        start,
        text: text.get(start..end).unwrap_or_default(),
    }
    .after(0)
}

/// What a block is, judged by its first characters alone.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind<'a> {
    /// Nothing but a marker (`## ◎`, `# `): ignored, as FORMAT.md allows.
    Empty,
    /// `## ◎学思践悟`: always a column label.
    Label(Raw<'a>),
    /// `◎广角`: a label, or a byline when it directly follows a headline (`◎安寅东`).
    Mark(Raw<'a>),
    /// `# 主题`.
    Headline(Raw<'a>),
    /// `#| 主题`: a vertical headline (竖题, EDITION.md §6).
    VerticalHeadline(Raw<'a>),
    /// `#+ 引题`: the kicker above the next headline (our extension).
    Kicker(Raw<'a>),
    /// `#- 副题`: the subtitle below the headline (our extension).
    Subtitle(Raw<'a>),
    /// `□本报记者 李玉琢`: a byline after a headline, else a paragraph.
    Square(Raw<'a>),
    /// `## 标题`: a photo title when a photo group follows, else a subhead.
    Heading(Raw<'a>),
    /// `![caption](path "credit")`: the image of a photo (our extension).
    Image(ImageLine<'a>),
    /// `●…`, without the bullet.
    Brief(Raw<'a>),
    /// `张鑫 摄`: the credit of a photo, or a paragraph when there is no photo.
    Credit,
    /// Anything else.
    Paragraph,
}

/// The parts of an image line `![caption](path "credit")` (EDITION.md §2): the alt text is
/// the caption, the title the credit; both optional.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ImageLine<'a> {
    /// The file, as written.
    pub(crate) path: Raw<'a>,
    /// The alt text.
    pub(crate) caption: Option<Raw<'a>>,
    /// The title.
    pub(crate) credit: Option<Raw<'a>>,
}

/// A block with its kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item<'a> {
    /// The whole block.
    pub(crate) raw: Raw<'a>,
    /// What it is.
    pub(crate) kind: Kind<'a>,
}

/// Classifies one block.
pub(crate) fn classify(file: FileId, raw: Raw<'_>) -> Result<Item<'_>, CopyError> {
    let text = raw.text;
    let hashes = text.len() - text.trim_start_matches('#').len();
    let after_hashes = text.get(hashes..).unwrap_or_default();
    let kind = if let Some(k) = text
        .strip_prefix("#|")
        .filter(|k| k.starts_with(char::is_whitespace))
    {
        nonempty(raw.after(text.len() - k.len()), Kind::VerticalHeadline)
    } else if let Some(k) = text
        .strip_prefix("#+")
        .filter(|k| k.starts_with(char::is_whitespace))
    {
        nonempty(raw.after(text.len() - k.len()), Kind::Kicker)
    } else if let Some(k) = text
        .strip_prefix("#-")
        .filter(|k| k.starts_with(char::is_whitespace))
    {
        nonempty(raw.after(text.len() - k.len()), Kind::Subtitle)
    } else if hashes > 0 && (after_hashes.is_empty() || after_hashes.starts_with(char::is_whitespace)) {
        let rest = raw.after(hashes);
        match rest.text.strip_prefix('◎') {
            _ if rest.text.is_empty() => Kind::Empty,
            Some(_) if hashes >= 2 => nonempty(rest.after('◎'.len_utf8()), Kind::Label),
            _ if hashes == 1 => Kind::Headline(rest),
            _ => Kind::Heading(rest),
        }
    } else if hashes >= 2 && after_hashes.starts_with('◎') {
        // `##◎学思践悟`: the space is easily lost in editing systems.
        nonempty(raw.after(hashes + '◎'.len_utf8()), Kind::Label)
    } else if text.starts_with('◎') {
        nonempty(raw.after('◎'.len_utf8()), Kind::Mark)
    } else if text.starts_with('□') {
        nonempty(raw.after('□'.len_utf8()), Kind::Square)
    } else if let Some(bullet) = text.chars().next().filter(|c| BRIEF_BULLETS.contains(c)) {
        nonempty(raw.after(bullet.len_utf8()), Kind::Brief)
    } else if let Some(line) = image_line(raw) {
        if line.path.text.is_empty() {
            return Err(CopyError::EmptyImagePath { span: raw.span(file) });
        }
        Kind::Image(line)
    } else if is_credit(text) {
        Kind::Credit
    } else {
        Kind::Paragraph
    };
    Ok(Item { raw, kind })
}

/// `kind(raw)`, or `Empty` when nothing follows the marker.
fn nonempty<'a>(raw: Raw<'a>, kind: fn(Raw<'a>) -> Kind<'a>) -> Kind<'a> {
    if raw.text.is_empty() {
        Kind::Empty
    } else {
        kind(raw)
    }
}

/// An image line `![alt](path "title")` or `![alt](<path with spaces> "title")`.
fn image_line(raw: Raw<'_>) -> Option<ImageLine<'_>> {
    let text = raw.text;
    if !text.starts_with("![") || !text.ends_with(')') || text.contains('\n') {
        return None;
    }
    let close = text.find("](")?;
    let open = close + 2;
    let inner = Raw {
        start: raw.start + open,
        text: text.get(open..text.len() - 1)?,
    }
    .after(0);
    // A title is the quoted run at the end, after a space.
    let (target, credit) = match inner.text.strip_suffix('"').and_then(|t| t.rfind(" \"")) {
        Some(q) => (
            inner.before(q),
            Some(inner.before(inner.text.len() - 1).after(q + 2)),
        ),
        None => (inner, None),
    };
    let caption = Raw {
        start: raw.start + 2,
        text: text.get(2..close)?,
    }
    .after(0);
    let nonempty = |r: Raw<'_>| !r.text.is_empty();
    Some(ImageLine {
        path: image_path(target)?,
        caption: Some(caption).filter(|c| nonempty(*c)),
        credit: credit.filter(|c| nonempty(*c)),
    })
}

/// The path of an image line's target, `path` or `<path with spaces>`.
fn image_path(path: Raw<'_>) -> Option<Raw<'_>> {
    match path.text.strip_prefix('<').and_then(|p| p.strip_suffix('>')) {
        Some(inner) => Some(
            Raw {
                start: path.start + 1,
                text: inner,
            }
            .after(0),
        ),
        None => Some(path),
    }
}

/// Whether a block is a photo credit: one short line ending in a space (or `/`) and `摄`
/// (`张鑫 摄`), without the sentence punctuation a caption or body paragraph would have.
/// The space is required so a sentence ending in `拍摄` is never taken for a credit.
pub(crate) fn is_credit(text: &str) -> bool {
    let count = text.chars().count();
    let separated = text
        .strip_suffix('摄')
        .and_then(|rest| rest.chars().next_back())
        .is_some_and(|c| c.is_whitespace() || c == '/' || c == '／');
    separated
        && (3..=MAX_CREDIT_CHARS).contains(&count)
        && !text.contains(['\n', '\r', '。', '，', ',', '！', '？', '；', '：'])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The block texts and offsets of `text`.
    fn blocks(text: &str) -> Vec<(usize, &str)> {
        split_blocks(text, 0)
            .into_iter()
            .map(|r| (r.start, r.text))
            .collect()
    }

    /// The kind of a one-block text, as its variant name and payload.
    fn kind(text: &str) -> String {
        let raw = Raw { start: 0, text };
        match classify(FileId(0), raw).map(|item| item.kind) {
            Ok(Kind::Empty) => "empty".into(),
            Ok(Kind::Label(t)) => format!("label {}", t.text),
            Ok(Kind::Mark(t)) => format!("mark {}", t.text),
            Ok(Kind::Headline(t)) => format!("headline {}", t.text),
            Ok(Kind::VerticalHeadline(t)) => format!("vertical headline {}", t.text),
            Ok(Kind::Kicker(t)) => format!("kicker {}", t.text),
            Ok(Kind::Subtitle(t)) => format!("subtitle {}", t.text),
            Ok(Kind::Square(t)) => format!("square {}", t.text),
            Ok(Kind::Heading(t)) => format!("heading {}", t.text),
            Ok(Kind::Image(t)) => format!(
                "image {}{}{}",
                t.path.text,
                t.caption
                    .map_or(String::new(), |c| format!(" caption {}", c.text)),
                t.credit.map_or(String::new(), |c| format!(" credit {}", c.text))
            ),
            Ok(Kind::Brief(t)) => format!("brief {}", t.text),
            Ok(Kind::Credit) => "credit".into(),
            Ok(Kind::Paragraph) => "paragraph".into(),
            Err(e) => format!("error {e}"),
        }
    }

    #[test]
    fn blocks_split_at_blank_lines_of_any_ending() {
        assert_eq!(blocks("a\n\nb"), [(0, "a"), (3, "b")]);
        assert_eq!(blocks("\r\n a \r\n \t \r\n\r\nb\nc\n"), [(3, "a"), (14, "b\nc")]);
        assert_eq!(blocks("a\r\rb"), [(0, "a"), (3, "b")]);
        assert_eq!(blocks("\u{3000}\n好"), [(4, "好")]);
        assert!(blocks("").is_empty());
    }

    #[test]
    fn kinds_by_first_characters() {
        assert_eq!(kind("◎广角"), "mark 广角");
        assert_eq!(kind("#+ 引题在此"), "kicker 引题在此");
        assert_eq!(kind("#- ——副题在此"), "subtitle ——副题在此");
        assert_eq!(kind("#+引题"), "paragraph");
        assert_eq!(
            kind("#| 《红楼梦》里的“大观园”"),
            "vertical headline 《红楼梦》里的“大观园”"
        );
        assert_eq!(kind("#|竖题"), "paragraph");
        assert_eq!(kind("## ◎学思践悟"), "label 学思践悟");
        assert_eq!(kind("##◎学思践悟"), "label 学思践悟");
        assert_eq!(kind("## ◎五化协同 大抓基层"), "label 五化协同 大抓基层");
        assert_eq!(
            kind("# 蓄足“源头活水” 激励担当作为"),
            "headline 蓄足“源头活水” 激励担当作为"
        );
        assert_eq!(kind("## 党建工作全覆盖"), "heading 党建工作全覆盖");
        assert_eq!(kind("### 小标题"), "heading 小标题");
        assert_eq!(kind("#话题#"), "paragraph");
        assert_eq!(kind("□本报记者 李玉琢"), "square 本报记者 李玉琢");
        assert_eq!(kind("●锡林浩特(李丽娜)"), "brief 锡林浩特(李丽娜)");
        assert_eq!(kind("▲其他"), "brief 其他");
        assert_eq!(kind("![图](a/b.jpg)"), "image a/b.jpg caption 图");
        assert_eq!(kind("![]( <a b.jpg> )"), "image a b.jpg");
        assert_eq!(kind("![]()"), "error image line has no path");
        assert_eq!(
            kind("![近日，党员开展主题党日。](images/a.jpg \"张鑫 摄\")"),
            "image images/a.jpg caption 近日，党员开展主题党日。 credit 张鑫 摄"
        );
        assert_eq!(
            kind("![说明](<a b.jpg> \"某 摄\")"),
            "image a b.jpg caption 说明 credit 某 摄"
        );
        assert_eq!(kind("![](a.jpg \"\")"), "image a.jpg");
        assert_eq!(kind("本报记者 陈春艳 摄"), "credit");
        assert_eq!(kind("张鑫/摄"), "credit");
        assert_eq!(kind("他拿起相机拍摄"), "paragraph");
        assert_eq!(kind("他说，要拍摄"), "paragraph");
        for empty in ["#", "# ", "## ◎", "◎", "□ ", "●"] {
            assert_eq!(kind(empty), "empty", "{empty:?}");
        }
    }

    #[test]
    fn raw_slices_keep_offsets() {
        let raw = Raw {
            start: 10,
            text: "## ◎ 观潮 ",
        };
        assert_eq!(raw.after(2).start, 13);
        assert_eq!(raw.after(99).text, "");
        assert_eq!(raw.before(2).text, "##");
    }
}
