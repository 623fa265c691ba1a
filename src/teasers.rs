//! Teasers (导读, EDITION.md §4): the front page's box of the other pages' lead stories, each
//! its headline and `第N版`, built from the edition itself. It is a story like any other of
//! the page (a boxed list under the label `导读`), so layout places it as a module.

use crate::copy::{Block, Brief, PageCopy, PageSpec, Story, StoryKind, Text};
use crate::diag::Span;

/// Most characters of a headline in the box; a longer one is cut at a phrase boundary.
pub const TEASER_CHARS: usize = 16;

/// Where a headline may be shortened: the phrase break the copy marks with a space, or
/// after a pause mark.
const PHRASE_ENDS: [char; 6] = [' ', '，', '、', '：', '；', '—'];

/// The lead story of a page: the one the editor made the lead, else its first article with
/// a headline.
fn lead_story<'c>(spec: &PageSpec, copy: &'c PageCopy) -> Option<&'c Story> {
    let fixed = spec.stories.iter().find_map(|(_, s)| {
        if !s.lead {
            return None;
        }
        match (&s.story, &s.title) {
            (Some(n), _) => n.checked_sub(1).and_then(|i| copy.stories.get(i)),
            (None, Some(t)) => copy.stories.iter().find(|st| st.title() == *t),
            _ => None,
        }
    });
    fixed.or_else(|| {
        copy.stories
            .iter()
            .find(|s| s.kind() == StoryKind::Article && s.headline.is_some())
    })
}

/// A headline for the box: whole if short enough, else its longest opening that ends at a
/// phrase boundary within [`TEASER_CHARS`] (or the first phrase, if even that is longer).
pub fn shorten(headline: &str) -> String {
    let chars: Vec<char> = headline.trim().chars().collect();
    if chars.len() <= TEASER_CHARS {
        return chars.into_iter().filter(|c| *c != ' ').collect();
    }
    let ends: Vec<usize> = (1..chars.len())
        .filter(|&i| PHRASE_ENDS.contains(&chars[i]))
        .collect();
    let cut = ends
        .iter()
        .rev()
        .find(|&&i| i <= TEASER_CHARS)
        .or(ends.first())
        .copied()
        .unwrap_or(chars.len());
    chars[..cut].iter().filter(|c| **c != ' ').collect()
}

/// The 导读 box of the front page `index`: one line per other page that has a lead story.
pub fn teaser_story(pages: &[(PageSpec, PageCopy)], index: usize) -> Story {
    let (spec, _) = &pages[index];
    let span = spec
        .copy_span
        .unwrap_or_else(|| Span::new(crate::diag::FileId(0), 0, 0));
    let text = |t: String| Text { text: t, span };
    let blocks = pages
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != index)
        .filter_map(|(_, (spec, copy))| {
            let lead = lead_story(spec, copy)?;
            let headline = lead.headline.as_ref()?;
            Some(Block::Brief(Brief {
                text: text(shorten(&headline.text)),
                source: Some(text(format!("第{}版", spec.number))),
            }))
        })
        .collect();
    Story {
        label: Some(text("导读".to_string())),
        kicker: None,
        headline: None,
        vertical_headline: false,
        subtitle: None,
        byline: None,
        blocks,
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_headlines_are_cut_at_a_phrase_boundary() {
        assert_eq!(shorten("“红色动能”激发“新”活力"), "“红色动能”激发“新”活力");
        assert_eq!(
            shorten("草原生态保护修复 交出亮眼答卷"),
            "草原生态保护修复交出亮眼答卷"
        );
        assert_eq!(
            shorten("守护北疆绿色屏障，建设美丽内蒙古，草原生态保护修复交出亮眼答卷"),
            "守护北疆绿色屏障，建设美丽内蒙古"
        );
        assert_eq!(
            shorten("一二三四五六七八九十一二三四五六七八九十"),
            "一二三四五六七八九十一二三四五六七八九十"
        );
    }
}
