//! Tests of `read_page`: one small snippet per construct, then the seed page end to end.

use super::*;

/// Reads a snippet that must be valid.
fn read(text: &str) -> PageCopy {
    match read_page(FileId(0), text) {
        Ok(page) => page,
        Err(e) => panic!("{e}"),
    }
}

/// The text of an optional run, or "".
fn text(t: &Option<Text>) -> &str {
    t.as_ref().map_or("", |t| t.text.as_str())
}

/// The source slice a span covers.
fn slice(src: &str, span: Span) -> &str {
    src.get(span.start as usize..span.end as usize)
        .unwrap_or("<bad span>")
}

#[test]
fn bare_label_headline_and_box_byline() {
    let src = "\n\n◎广角\n\n# “红色动能”激发“新”活力\n\n□本报记者 李玉琢\n\n如今,快递。\n";
    let page = read(src);
    assert_eq!(page.stories.len(), 1);
    let story = &page.stories[0];
    assert_eq!(text(&story.label), "广角");
    assert_eq!(text(&story.headline), "“红色动能”激发“新”活力");
    assert_eq!(text(&story.byline), "本报记者 李玉琢");
    assert_eq!(story.blocks.len(), 1);
    assert_eq!(slice(src, story.span), src[2..].trim_end());
    let label = story.label.as_ref().map(|t| slice(src, t.span));
    assert_eq!(label, Some("广角"));
}

#[test]
fn hash_label_keeps_inner_space_and_circle_byline_after_headline() {
    let page = read("## ◎五化协同 大抓基层\n\n# 走好路线\n\n◎安寅东\n\n正文。");
    let story = &page.stories[0];
    assert_eq!(text(&story.label), "五化协同 大抓基层");
    assert_eq!(text(&story.byline), "安寅东");
    assert_eq!(page.stories.len(), 1);
}

#[test]
fn headline_without_label_opens_a_story_each_time() {
    let page = read("# 甲\n\n正文。\n\n# 乙\n\n正文。");
    assert_eq!(page.stories.len(), 2);
    assert_eq!(text(&page.stories[1].headline), "乙");
    assert_eq!(page.stories[1].label, None);
}

#[test]
fn circle_mark_not_after_headline_is_a_new_label() {
    let page = read("# 甲\n\n正文。\n\n◎观潮\n\n# 乙");
    assert_eq!(page.stories.len(), 2);
    assert_eq!(text(&page.stories[1].label), "观潮");
    assert_eq!(text(&page.stories[1].headline), "乙");
}

#[test]
fn subhead_inside_a_story() {
    let page = read("# 甲\n\n一。\n\n## 党建工作全覆盖\n\n二。");
    let blocks = &page.stories[0].blocks;
    assert!(matches!(&blocks[1], Block::Subhead(t) if t.text == "党建工作全覆盖"));
    assert_eq!(blocks.len(), 3);
}

#[test]
fn photo_after_article_is_its_own_story() {
    let page = read("# 甲\n\n正文。\n\n## 创城有我\n\n近日,党员们清理杂草。\n\n张鑫 摄\n\n## ◎学思践悟");
    assert_eq!(page.stories.len(), 3);
    let photo_story = &page.stories[1];
    assert_eq!(
        (photo_story.label.is_none(), photo_story.headline.is_none()),
        (true, true)
    );
    assert_eq!(photo_story.kind(), StoryKind::Photo);
    let Block::Photo(photo) = &photo_story.blocks[0] else {
        panic!("not a photo")
    };
    assert_eq!(text(&photo.title), "创城有我");
    assert_eq!(text(&photo.caption), "近日，党员们清理杂草。");
    assert_eq!(text(&photo.credit), "张鑫 摄");
    assert_eq!(photo.image, None);
}

#[test]
fn photo_joins_an_empty_labelled_story() {
    let page = read("## ◎掠影\n\n\n\n## 铭记初心\n\n说明。\n\n本报记者 陈春艳 摄\n\n## ◎红船初心");
    assert_eq!(page.stories.len(), 2);
    assert_eq!(text(&page.stories[0].label), "掠影");
    assert!(
        matches!(&page.stories[0].blocks[..], [Block::Photo(p)] if text(&p.credit) == "本报记者 陈春艳 摄")
    );
}

#[test]
fn photo_without_caption_or_without_title() {
    let page = read("## 田间指导\n\n李东旭 摄\n\n说明文字。\n\n张三 摄");
    assert_eq!(page.stories.len(), 2);
    let Block::Photo(first) = &page.stories[0].blocks[0] else {
        panic!("not a photo")
    };
    assert_eq!((text(&first.title), first.caption.is_none()), ("田间指导", true));
    let Block::Photo(second) = &page.stories[1].blocks[0] else {
        panic!("not a photo")
    };
    assert_eq!(
        (second.title.is_none(), text(&second.caption)),
        (true, "说明文字。")
    );
}

#[test]
fn image_line_sets_the_photo_image() {
    let src = "## 创城有我\n\n![](images/a.jpg)\n\n说明。\n\n张鑫 摄";
    let page = read(src);
    let Block::Photo(photo) = &page.stories[0].blocks[0] else {
        panic!("not a photo")
    };
    assert_eq!(photo.image.as_deref(), Some(std::path::Path::new("images/a.jpg")));
    assert_eq!(slice(src, photo.span), src);
    let late = read("## 甲\n\n说明。\n\n![图](<my photo.jpg>)\n\n张鑫 摄");
    let Block::Photo(photo) = &late.stories[0].blocks[0] else {
        panic!("not a photo")
    };
    assert_eq!(photo.image.as_deref(), Some(std::path::Path::new("my photo.jpg")));
    assert_eq!(text(&photo.caption), "说明。");
    let bare = read("## 甲\n\n![](b.png)\n\n正文。");
    assert_eq!(bare.stories.len(), 2);
    let err = read_page(FileId(0), "## 甲\n\n![]( )").expect_err("empty path");
    assert!(matches!(err, CopyError::EmptyImagePath { .. }));
}

#[test]
fn lone_credit_is_a_paragraph() {
    // After a paragraph, a credit makes that paragraph a caption; after a headline, it
    // cannot belong to any photo.
    let page = read("# 甲\n\n张鑫 摄\n\n正文。");
    assert!(matches!(&page.stories[0].blocks[..], [Block::Paragraph(t), _] if t.text == "张鑫 摄"));
}

#[test]
fn briefs_with_sources() {
    let src = "## ◎信息集装箱\n\n●锡林浩特,筑牢阵地。(李丽娜)\n\n■其二。（本报记者 宋爽）\n\n◆没有来源。";
    let page = read(src);
    let story = &page.stories[0];
    assert_eq!(story.kind(), StoryKind::Briefs);
    let briefs: Vec<&Brief> = story
        .blocks
        .iter()
        .filter_map(|b| if let Block::Brief(b) = b { Some(b) } else { None })
        .collect();
    assert_eq!(briefs.len(), 3);
    assert_eq!(briefs[0].text.text, "锡林浩特，筑牢阵地。");
    assert_eq!(text(&briefs[0].source), "李丽娜");
    assert_eq!(text(&briefs[1].source), "本报记者 宋爽");
    assert_eq!(
        briefs[1].source.as_ref().map(|t| slice(src, t.span)),
        Some("本报记者 宋爽")
    );
    assert_eq!(
        (briefs[2].text.text.as_str(), briefs[2].source.is_none()),
        ("没有来源。", true)
    );
    // The source brackets are removed, not converted: only the comma is a repair.
    assert_eq!(page.repairs.len(), 1);
}

#[test]
fn text_before_any_story_is_untitled() {
    let page = read("开头的话。\n\n# 甲");
    assert_eq!(page.stories.len(), 2);
    assert_eq!(
        (
            page.stories[0].label.is_none(),
            page.stories[0].headline.is_none()
        ),
        (true, true)
    );
}

#[test]
fn blank_runs_crlf_and_whitespace_lines() {
    let page = read("\u{FEFF}# 甲\r\n \t\r\n\r\n第一行\r\n第二行。\r\n\u{3000}\r\n## \n\n二。");
    let blocks = &page.stories[0].blocks;
    assert_eq!(blocks.len(), 2);
    assert!(matches!(&blocks[0], Block::Paragraph(t) if t.text == "第一行第二行。"));
    assert!(read("").stories.is_empty());
    assert!(read("\n \n\r\n").stories.is_empty());
}

#[test]
fn control_characters_are_errors_at_their_place() {
    let err = read_page(FileId(7), "# 甲\n\n正\u{7}文").expect_err("bell");
    assert_eq!(err.span(), Span::new(FileId(7), 10, 11));
    assert_eq!(err.to_string(), "control character U+0007 in the copy");
    assert!(err.to_diagnostic().hint.is_some());
}

#[test]
fn decode_reports_the_first_bad_byte() {
    assert_eq!(decode(FileId(0), "好".as_bytes()), Ok("好"));
    let err = decode(FileId(0), b"ab\xffcd").expect_err("not UTF-8");
    assert_eq!(err.span(), Span::new(FileId(0), 2, 3));
}

#[test]
fn repairs_in_source_order_with_spans() {
    let src = "# 甲\n\n压实行业\n\n主管部门(两新工委),推动。";
    let page = read(src);
    let kinds: Vec<RepairKind> = page.repairs.iter().map(|r| r.kind).collect();
    use RepairKind::*;
    assert_eq!(
        kinds,
        [
            JoinedParagraph,
            FullWidthPunctuation,
            FullWidthPunctuation,
            FullWidthPunctuation
        ]
    );
    for r in &page.repairs[1..] {
        assert_eq!(slice(src, r.span), r.before);
    }
    assert!(
        matches!(&page.stories[0].blocks[..], [Block::Paragraph(t)] if t.text == "压实行业主管部门（两新工委），推动。")
    );
}

#[test]
fn odd_input_does_not_panic() {
    for src in [
        "#",
        "##",
        "◎",
        "□",
        "●",
        "![",
        "![](",
        "●()",
        "●（",
        "# \n## ◎\n\n□",
        "摄",
        "\r",
        "\r\r\n",
    ] {
        assert!(read_page(FileId(0), src).is_ok(), "{src:?}");
    }
}

/// Han characters, the measure of "nothing lost".
fn han_count(s: &str) -> usize {
    s.chars()
        .filter(|&c| matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}'))
        .count()
}

/// Every text of a page, in order.
fn all_text(page: &PageCopy) -> Vec<String> {
    let mut out: Vec<&Text> = Vec::new();
    for story in &page.stories {
        out.extend(
            [&story.label, &story.headline, &story.byline]
                .into_iter()
                .flatten(),
        );
        for block in &story.blocks {
            match block {
                Block::Paragraph(t) | Block::Subhead(t) => out.push(t),
                Block::Photo(p) => out.extend([&p.title, &p.caption, &p.credit].into_iter().flatten()),
                Block::Brief(b) => out.extend(std::iter::once(&b.text).chain(&b.source)),
            }
        }
    }
    out.into_iter().map(|t| t.text.clone()).collect()
}

#[test]
fn seed_page_end_to_end() {
    let src = include_str!("../../issues/sample/seed-page.md");
    let page = read(src);
    let labels: Vec<&str> = page.stories.iter().map(|s| text(&s.label)).collect();
    assert_eq!(
        labels,
        [
            "广角",
            "",
            "学思践悟",
            "",
            "信息集装箱",
            "观潮",
            "掠影",
            "红船初心",
            "五化协同 大抓基层"
        ]
    );
    let bylines: Vec<&str> = page.stories.iter().map(|s| text(&s.byline)).collect();
    assert_eq!(
        bylines,
        [
            "本报记者 李玉琢",
            "",
            "本报记者 宋爽",
            "",
            "",
            "安寅东",
            "",
            "本报记者 安寅东",
            "本报记者 宋爽"
        ]
    );
    let kinds: Vec<StoryKind> = page.stories.iter().map(Story::kind).collect();
    use StoryKind::*;
    assert_eq!(
        kinds,
        [
            Article, Photo, Article, Photo, Briefs, Article, Photo, Article, Article
        ]
    );
    let photos: Vec<&str> = page
        .stories
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| {
            if let Block::Photo(p) = b {
                Some(text(&p.title))
            } else {
                None
            }
        })
        .collect();
    assert_eq!(photos, ["创城有我", "田间指导", "铭记初心"]);
    let sources: Vec<&str> = page.stories[4]
        .blocks
        .iter()
        .filter_map(|b| {
            if let Block::Brief(b) = b {
                Some(text(&b.source))
            } else {
                None
            }
        })
        .collect();
    assert_eq!(sources, ["李丽娜", "本报记者 宋爽", "万祥峰", "本报记者 陈春艳"]);
    let joins: Vec<(&str, &str)> = page
        .repairs
        .iter()
        .filter(|r| r.kind == RepairKind::JoinedParagraph)
        .map(|r| (r.before.as_str(), r.after.as_str()))
        .collect();
    assert_eq!(
        joins,
        [
            ("压实行业", "主管部门"),
            ("快递企业", "联合党支"),
            ("龙江后，", "第一时间"),
            ("冷国娟因", "为肢体残"),
            ("任赵丽娜", "表示，她"),
            ("利抓手，", "建立培训"),
        ]
    );
    let texts = all_text(&page);
    assert_eq!(texts.iter().map(|t| han_count(t)).sum::<usize>(), han_count(src));
    for t in &texts {
        let chars: Vec<char> = t.chars().collect();
        for w in chars.windows(2) {
            let han_comma =
                (w[0] == ',' && normalise::is_han(w[1])) || (w[1] == ',' && normalise::is_han(w[0]));
            assert!(!han_comma, "{t}");
        }
    }
    let commas = page.repairs.iter().filter(|r| r.before == ",").count();
    assert_eq!(commas, src.matches(',').count());
    for r in page
        .repairs
        .iter()
        .filter(|r| r.kind == RepairKind::FullWidthPunctuation)
    {
        assert_eq!(slice(src, r.span), r.before);
    }
}
/// Short random copy from the marks the reader cares about: no panic, every repair span
/// inside the text, and every Han character of the input in the output.
#[test]
fn random_copy_never_panics_or_loses_han() {
    let alphabet: Vec<char> = "#◎□●■( )（）\"',:;?!摄 \n\r\t![]<>好a1。".chars().collect();
    let mut seed: u64 = 12345;
    for _ in 0..20_000 {
        let mut s = String::new();
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let len = (seed >> 33) % 24;
        for _ in 0..len {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            s.push(alphabet[((seed >> 33) % alphabet.len() as u64) as usize]);
        }
        if let Ok(page) = read_page(FileId(0), &s) {
            for r in &page.repairs {
                assert!(
                    s.get(r.span.start as usize..r.span.end as usize).is_some(),
                    "{s:?}"
                );
            }
            let han = |t: &str| t.matches(['好', '摄']).count();
            let total: usize = all_text(&page).iter().map(|t| han(t)).sum();
            assert_eq!(total, han(&s), "{s:?}");
        }
    }
}
