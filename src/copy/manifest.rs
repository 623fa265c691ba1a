//! The edition manifest (`edition.toml`): the paper, the issue and its pages.
//!
//! ```toml
//! [paper]
//! name = "北方新报"        # paper name in the running head (报眉)
//! code = "bfxb"           # used in output file names
//! cn = "CN 15-0001"       # optional: printed under the masthead on page 1
//! postal_code = "15-1"    # optional: 邮发代号, printed on page 1
//! masthead = "art/masthead.pdf"   # optional artwork; else the name in display type
//!
//! [issue]
//! date = "2022-07-20"      # YYYY-MM-DD; a bare TOML date (2022-07-20) works too
//! number = 1234            # issue number (总第1234期)
//!
//! [[page]]
//! number = 5
//! section = "党建"
//! editor = "张三"          # optional
//! copy = "seed-page.md"   # relative to the manifest's folder
//! teasers = true           # page 1 only: a 导读 box of the other pages' lead stories
//!
//! [[page.story]]           # the editor's choices for one story (see `StorySpec`)
//! story = 1
//! continue_on = 4          # the rest of the story goes to page 4 (转版)
//!
//! [output]                 # optional: how the print PDF is made (TYPOGRAPHY.md §5)
//! profile = "plant.icc"    # the plant's CMYK output profile, embedded; default: none
//! standard = "x1a"         # "x1a" (PDF/X-1a:2001, default) or "x4" (needs a profile)
//! ink_limit = 220          # most total ink in percent, 100–400 (default 220)
//! marks = false            # crop and registration marks in a slug (default off)
//!
//! [assets]                 # optional: folders outside the edition that files may come from
//! dirs = ["../shared-ads"] # relative to the manifest's folder
//!
//! [limits]                 # optional: largest files and pages read (see `read::Limits`)
//! copy_mib = 16
//! image_mib = 200
//! ```
//!
//! Unknown keys are errors, so a misspelt key is not silently ignored. The first page of the
//! manifest, when it is page 1, is the front page: it carries the masthead (报头) instead of
//! the running head.

use super::CopyError;
use super::date::Date;
use crate::diag::{FileId, Span};
use crate::read::{Access, Limits};
use crate::style::{FormatSpec, StorySpec, Style};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// An edition (一期报纸): the paper, the issue and the pages to build.
#[derive(Debug, Clone, PartialEq)]
pub struct Edition {
    /// Paper name for the running head (报眉), e.g. `北方新报`.
    pub paper_name: String,
    /// Short ASCII code used in file names, e.g. `bfxb`.
    pub paper_code: String,
    /// Issue date.
    pub date: Date,
    /// Issue number (总第…期).
    pub issue_number: u32,
    /// The CN serial number (国内统一连续出版物号), printed on page 1.
    pub cn: Option<String>,
    /// The postal distribution code (邮发代号), printed on page 1.
    pub postal_code: Option<String>,
    /// The paper's masthead artwork (PDF or image), resolved against the manifest's folder,
    /// with where it is written; without it the name is set in display type.
    pub masthead: Option<(PathBuf, Span)>,
    /// Pages in manifest order; numbers are unique and at least 1.
    pub pages: Vec<PageSpec>,
    /// The house style (`[style]`), defaults where the manifest is silent.
    pub style: Style,
    /// How the print PDF is made (`[output]`).
    pub output: OutputSpec,
    /// Where the edition's files may be read from and how large they may be (the edition
    /// folder, `[assets] dirs`, `[limits]`): every file a build reads goes through it.
    pub files: Access,
}

/// The `[output]` table: the PDF/X flavour, the plant's profile, the ink limit, marks.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputSpec {
    /// The plant's ICC output profile, resolved against the manifest's folder.
    pub profile: Option<PathBuf>,
    /// Where the profile path is written, to place errors about the file.
    pub profile_span: Option<Span>,
    /// Label the PDF as PDF/X-4 rather than PDF/X-1a:2001.
    pub x4: bool,
    /// Most total ink, C+M+Y+K, in percent (TYPOGRAPHY.md §5.2: 220, or 240).
    pub ink_limit: u32,
    /// Crop and registration marks in a slug around the page.
    pub marks: bool,
    /// A draft for editors (`build --draft`, never the manifest): marks and a draft line in
    /// the slug, the title marked, whatever errors the build has.
    pub draft: bool,
}

impl Default for OutputSpec {
    fn default() -> Self {
        OutputSpec {
            profile: None,
            profile_span: None,
            x4: false,
            ink_limit: 220,
            marks: false,
            draft: false,
        }
    }
}

/// One page of an edition.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSpec {
    /// Page number (版次), from 1.
    pub number: u32,
    /// Section name (版名), e.g. `党建`.
    pub section: String,
    /// Page editor (责任编辑), when named.
    pub editor: Option<String>,
    /// The copy file, resolved against the manifest's folder.
    pub copy: PathBuf,
    /// Where the copy path is written in the manifest, to place errors about the file.
    pub copy_span: Option<Span>,
    /// The page format.
    pub format: FormatSpec,
    /// The editor's overrides for stories, with where each is written.
    pub stories: Vec<(Span, StorySpec)>,
    /// Whether this is the front page (头版): the manifest's first page, numbered 1.
    pub front: bool,
    /// Whether the page carries a 导读 box of the other pages' lead stories.
    pub teasers: bool,
    /// Ads booked on the page (`[[page.ad]]`, EDITION.md §1), with where each is written.
    pub ads: Vec<(Span, AdSpec)>,
}

/// An ad booked on a page: its size in columns and lines (or millimetres), its position,
/// and its file when it was delivered.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdSpec {
    /// The ad's file (PDF, TIFF, JPEG or PNG), relative to the manifest; absent: not yet
    /// delivered, a placeholder is set.
    pub file: Option<PathBuf>,
    /// Who booked it, named in the report and on a placeholder.
    pub advertiser: String,
    /// Width in columns.
    pub columns: usize,
    /// Height in body lines.
    pub lines: Option<usize>,
    /// Or height in millimetres.
    pub height_mm: Option<f64>,
    /// Where it sits.
    #[serde(default)]
    pub position: AdPosition,
}

/// Where an ad sits on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdPosition {
    /// At the foot: across the page, or against its right edge when narrower.
    #[default]
    Bottom,
    /// At the head of the type area: across it, or against its right edge when narrower.
    Top,
    /// The foot's left corner.
    BottomLeft,
    /// The foot's right corner.
    BottomRight,
    /// The head's left corner (the ear beside the masthead on page 1).
    EarLeft,
    /// The head's right corner.
    EarRight,
}

impl Edition {
    /// The edition of a copy file built on its own: paper `新闻报` (code `news`), issue 1,
    /// one page numbered 1 in section `要闻`, dated by [`Date::default_for_build`].
    pub fn single(copy: &Path) -> Edition {
        Edition {
            paper_name: "新闻报".to_string(),
            paper_code: "news".to_string(),
            date: Date::default_for_build(),
            issue_number: 1,
            cn: None,
            postal_code: None,
            masthead: None,
            pages: vec![PageSpec {
                number: 1,
                section: "要闻".to_string(),
                editor: None,
                copy: copy.to_path_buf(),
                copy_span: None,
                format: FormatSpec::default(),
                stories: Vec::new(),
                front: false,
                teasers: false,
                ads: Vec::new(),
            }],
            style: Style::default(),
            output: OutputSpec::default(),
            files: Access::new(copy.parent().unwrap_or(Path::new(""))),
        }
    }
}

/// `edition.toml` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    /// `[paper]`.
    paper: RawPaper,
    /// `[issue]`.
    issue: RawIssue,
    /// `[[page]]` tables.
    #[serde(default, rename = "page")]
    pages: Vec<RawPage>,
    /// `[style]`: composition settings, each with a default.
    #[serde(default)]
    style: Option<Spanned<Style>>,
    /// `[format]`: the page format of every page, unless a page names its own.
    #[serde(default)]
    format: Option<Spanned<FormatSpec>>,
    /// `[output]`, optional.
    #[serde(default)]
    output: Option<RawOutput>,
    /// `[assets]`, optional.
    #[serde(default)]
    assets: Option<RawAssets>,
    /// `[limits]`, optional.
    #[serde(default)]
    limits: Option<Spanned<Limits>>,
}

/// `[assets]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAssets {
    /// Folders, relative to the manifest's folder, that named files may also come from.
    #[serde(default)]
    dirs: Vec<Spanned<String>>,
}

/// `[output]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutput {
    profile: Option<Spanned<String>>,
    standard: Option<Spanned<String>>,
    ink_limit: Option<Spanned<u32>>,
    #[serde(default)]
    marks: bool,
}

/// `[paper]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPaper {
    name: Spanned<String>,
    code: Spanned<String>,
    cn: Option<Spanned<String>>,
    postal_code: Option<Spanned<String>>,
    masthead: Option<Spanned<String>>,
}

/// `[issue]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIssue {
    date: Spanned<RawDate>,
    number: u32,
}

/// A date as a string or as a TOML local date.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawDate {
    Text(String),
    Toml(toml::value::Datetime),
}

/// `[[page]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    number: Spanned<u32>,
    section: Spanned<String>,
    editor: Option<String>,
    copy: Spanned<String>,
    /// This page's own format.
    format: Option<Spanned<FormatSpec>>,
    /// `[[page.story]]`: the editor's overrides.
    #[serde(default, rename = "story")]
    stories: Vec<Spanned<StorySpec>>,
    /// A 导读 box (front page only).
    teasers: Option<Spanned<bool>>,
    /// `[[page.ad]]`: ads booked on the page.
    #[serde(default, rename = "ad")]
    ads: Vec<Spanned<AdSpec>>,
}

/// Reads the manifest `text` of file `file`, found at `path`; copy paths are resolved against
/// the folder holding `path`.
pub fn read_manifest(file: FileId, path: &Path, text: &str) -> Result<Edition, CopyError> {
    let span = |range: std::ops::Range<usize>| Span::new(file, range.start, range.end);
    let raw: RawManifest = toml::from_str(text).map_err(|e| CopyError::Manifest {
        message: lowercase_first(e.message()),
        span: e.span().map_or(Span::new(file, 0, 0), span),
    })?;
    let date_text = match raw.issue.date.get_ref() {
        RawDate::Text(t) => t.clone(),
        RawDate::Toml(d) => d.to_string(),
    };
    let date = Date::parse(&date_text).ok_or_else(|| CopyError::BadDate {
        text: date_text.clone(),
        span: span(raw.issue.date.span()),
    })?;
    if !super::lunar::YEARS.contains(&date.year()) {
        return Err(CopyError::Manifest {
            message: format!(
                "issue date {date} is outside {}–{}, the years whose lunar dates (农历) newsprint prints",
                super::lunar::YEARS.start(),
                super::lunar::YEARS.end()
            ),
            span: span(raw.issue.date.span()),
        });
    }
    let nonempty = |value: Spanned<String>, field| {
        if value.get_ref().trim().is_empty() {
            return Err(CopyError::EmptyField {
                field,
                span: span(value.span()),
            });
        }
        Ok(value.into_inner())
    };
    let code = &raw.paper.code;
    if code.get_ref().is_empty()
        || !code
            .get_ref()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(CopyError::BadPaperCode {
            code: code.get_ref().clone(),
            span: span(code.span()),
        });
    }
    if raw.pages.is_empty() {
        return Err(CopyError::NoPages {
            span: Span::new(file, 0, 0),
        });
    }
    let folder = path.parent().unwrap_or(Path::new(""));
    // Numbers out of physical bounds (or NaN, or infinite) are refused at their key.
    let checked = |at: std::ops::Range<usize>, result: Result<(), (&'static str, String)>| {
        result.map_err(|(key, message)| CopyError::Manifest {
            message,
            span: span(key_span(text, at, key)),
        })
    };
    let default_format = match raw.format {
        Some(f) => {
            checked(f.span(), f.get_ref().check())?;
            f.into_inner()
        }
        None => FormatSpec::default(),
    };
    let limits = match raw.limits {
        Some(l) => {
            checked(l.span(), l.get_ref().check())?;
            l.into_inner()
        }
        None => Limits::default(),
    };
    let mut pages: Vec<PageSpec> = Vec::with_capacity(raw.pages.len());
    for (index, page) in raw.pages.into_iter().enumerate() {
        let number = *page.number.get_ref();
        if index as u64 >= limits.pages {
            return Err(CopyError::Manifest {
                message: format!(
                    "this is page {} of the manifest; an edition has at most {} ([limits] pages)",
                    index + 1,
                    limits.pages
                ),
                span: span(page.number.span()),
            });
        }
        let front = index == 0 && number == 1;
        let teasers = page.teasers.as_ref().is_some_and(|t| *t.get_ref());
        if let Some(t) = page.teasers.as_ref().filter(|_| teasers && !front) {
            return Err(CopyError::Manifest {
                message: "teasers (导读) go on the front page: the manifest's first page, numbered 1"
                    .to_string(),
                span: span(t.span()),
            });
        }
        if number == 0 {
            return Err(CopyError::BadPageNumber {
                span: span(page.number.span()),
            });
        }
        if pages.iter().any(|p| p.number == number) {
            return Err(CopyError::DuplicatePage {
                number,
                span: span(page.number.span()),
            });
        }
        let copy_span = Some(span(page.copy.span()));
        let format = match page.format {
            Some(f) => {
                checked(f.span(), f.get_ref().check())?;
                f.into_inner()
            }
            None => default_format,
        };
        for s in &page.stories {
            checked(s.span(), s.get_ref().check())?;
        }
        let mut ads = Vec::with_capacity(page.ads.len());
        for ad in page.ads {
            let at = span(ad.span());
            let mut a = ad.into_inner();
            check_ad(&a).map_err(|message| CopyError::Manifest { message, span: at })?;
            a.file = a.file.map(|f| folder.join(f));
            ads.push((at, a));
        }
        pages.push(PageSpec {
            number,
            section: nonempty(page.section, "section")?,
            editor: page.editor.filter(|e| !e.trim().is_empty()),
            copy: folder.join(nonempty(page.copy, "copy")?),
            copy_span,
            format,
            stories: page
                .stories
                .into_iter()
                .map(|s| (span(s.span()), s.into_inner()))
                .collect(),
            front,
            teasers,
            ads,
        });
    }
    let style = match raw.style {
        Some(st) => {
            st.get_ref().check().map_err(|message| CopyError::Manifest {
                message,
                span: span(st.span()),
            })?;
            st.into_inner()
        }
        None => Style::default(),
    };
    let output = match raw.output {
        Some(o) => read_output(o, folder, &span)?,
        None => OutputSpec::default(),
    };
    let mut files = Access::new(folder);
    for dir in raw.assets.map(|a| a.dirs).unwrap_or_default() {
        files
            .allow(&folder.join(dir.get_ref()))
            .map_err(|e| CopyError::Manifest {
                message: format!("assets folder {}: {e}", dir.get_ref()),
                span: span(dir.span()),
            })?;
    }
    files.set_limits(limits);
    let opt_text = |v: Option<Spanned<String>>, field| v.map(|v| nonempty(v, field)).transpose();
    let masthead = match raw.paper.masthead {
        Some(m) => {
            let at = span(m.span());
            Some((folder.join(nonempty(m, "masthead")?), at))
        }
        None => None,
    };
    Ok(Edition {
        style,
        output,
        files,
        cn: opt_text(raw.paper.cn, "cn")?,
        postal_code: opt_text(raw.paper.postal_code, "postal_code")?,
        masthead,
        paper_name: nonempty(raw.paper.name, "name")?,
        paper_code: raw.paper.code.into_inner(),
        date,
        issue_number: raw.issue.number,
        pages,
    })
}

/// Why an ad booking cannot be used, if it cannot (its fit on the page is checked with the
/// page's format, at layout).
fn check_ad(a: &AdSpec) -> Result<(), String> {
    if a.advertiser.trim().is_empty() {
        return Err("an ad booking needs its advertiser: add `advertiser = \"…\"`".into());
    }
    if a.columns == 0 {
        return Err("an ad is at least 1 column wide".into());
    }
    match (a.lines, a.height_mm) {
        (Some(_), Some(_)) => Err("give an ad's height once: `lines` or `height_mm`".into()),
        (None, None) => Err("an ad booking needs its height: `lines = N` or `height_mm = N`".into()),
        (Some(0), _) => Err("an ad is at least 1 line high".into()),
        (_, Some(mm)) if !(mm.is_finite() && mm > 0.0) => Err(format!("height_mm {mm} is not a height")),
        _ => Ok(()),
    }
}

/// Checks and resolves `[output]`.
fn read_output(
    o: RawOutput,
    folder: &Path,
    span: &dyn Fn(std::ops::Range<usize>) -> Span,
) -> Result<OutputSpec, CopyError> {
    let bad = |message: String, at: std::ops::Range<usize>| CopyError::Manifest {
        message,
        span: span(at),
    };
    let mut out = OutputSpec {
        marks: o.marks,
        ..OutputSpec::default()
    };
    if let Some(limit) = o.ink_limit {
        if !(100..=400).contains(limit.get_ref()) {
            return Err(bad(
                format!(
                    "ink_limit {} is not between 100 and 400 (percent)",
                    limit.get_ref()
                ),
                limit.span(),
            ));
        }
        out.ink_limit = *limit.get_ref();
    }
    if let Some(p) = o.profile {
        out.profile_span = Some(span(p.span()));
        out.profile = Some(folder.join(p.into_inner()));
    }
    if let Some(s) = o.standard {
        match s.get_ref().as_str() {
            "x1a" => {}
            "x4" if out.profile.is_some() => out.x4 = true,
            "x4" => {
                return Err(bad(
                    "standard \"x4\" needs the plant's profile: add `profile = \"….icc\"`".into(),
                    s.span(),
                ));
            }
            other => {
                return Err(bad(
                    format!("unknown standard '{other}': use \"x1a\" or \"x4\""),
                    s.span(),
                ));
            }
        }
    }
    Ok(out)
}

/// Where the value of `key` is written in the table that starts at `table` (serde gives
/// spans of tables, not of their fields): the rest of the line after `key =` up to the next
/// table header, else the table itself.
fn key_span(text: &str, table: std::ops::Range<usize>, key: &str) -> std::ops::Range<usize> {
    let Some(body) = text.get(table.start..) else {
        return table;
    };
    let mut at = table.start;
    for (i, line) in body.split_inclusive('\n').enumerate() {
        if i > 0 && line.trim_start().starts_with('[') {
            break;
        }
        for (k, _) in line.match_indices(key) {
            let before = line[..k].chars().next_back();
            let word_start = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            let rest = &line[k + key.len()..];
            if let (true, Some(value)) = (word_start, rest.trim_start().strip_prefix('=')) {
                let value = value.trim_start();
                let start = at + (line.len() - value.len());
                // The value ends at a comma or brace of an inline table, else the line.
                let len = value.find([',', '}', '\n', '#']).unwrap_or(value.len());
                return start..start + value[..len].trim_end().len();
            }
        }
        at += line.len();
    }
    table
}

/// The style guide wants lowercase messages; the TOML reader starts some with a capital.
fn lowercase_first(message: &str) -> String {
    let mut chars = message.trim().chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[paper]
name = "北方新报"
code = "bfxb"

[issue]
date = "2022-07-20"
number = 1234

[[page]]
number = 5
section = "党建"
editor = "张三"
copy = "seed-page.md"

[[page]]
number = 6
section = "要闻"
copy = "p6.md"
"#;

    fn read(text: &str) -> Result<Edition, CopyError> {
        read_manifest(FileId(3), Path::new("issues/x/edition.toml"), text)
    }

    #[test]
    fn manifest_reads_paper_issue_and_pages() {
        let edition = read(GOOD).expect("the example manifest is valid");
        assert_eq!(edition.paper_name, "北方新报");
        assert_eq!(edition.paper_code, "bfxb");
        assert_eq!(edition.date.to_string(), "2022-07-20");
        assert_eq!(edition.date.weekday_zh(), "星期三");
        assert_eq!(edition.issue_number, 1234);
        assert_eq!(edition.pages.len(), 2);
        assert_eq!(edition.pages[0].copy, Path::new("issues/x/seed-page.md"));
        assert_eq!(edition.pages[0].editor.as_deref(), Some("张三"));
        assert_eq!(edition.pages[1].editor, None);
        let span = edition.pages[0].copy_span.expect("manifest pages have spans");
        assert_eq!(&GOOD[span.start as usize..span.end as usize], "\"seed-page.md\"");
    }

    #[test]
    fn bare_toml_date_is_accepted() {
        let text = GOOD.replace("\"2022-07-20\"", "2022-07-20");
        assert_eq!(
            read(&text).map(|e| e.date.to_string()),
            Ok("2022-07-20".to_string())
        );
    }

    #[test]
    fn unknown_key_is_an_error_with_a_span() {
        let text = GOOD.replace("editor =", "editer =");
        let err = read(&text).expect_err("unknown keys are refused");
        assert!(matches!(err, CopyError::Manifest { .. }), "{err:?}");
        assert!(err.to_string().contains("editer"), "{err}");
        let at = GOOD.find("editor").expect("the example names an editor");
        assert_eq!(err.span().start as usize, at);
        assert_eq!(err.span().file, FileId(3));
    }

    #[test]
    fn invalid_dates_are_refused_at_their_place() {
        for bad in ["2022-02-30", "2022-7-20", "20220720", "2022-13-01", "0000-01-01"] {
            let text = GOOD.replace("2022-07-20", bad);
            let err = read(&text).expect_err(bad);
            assert!(matches!(err, CopyError::BadDate { .. }), "{bad}: {err:?}");
            let at = text.find(bad).expect("the date is in the text");
            assert_eq!(err.span().start as usize, at - 1, "{bad}");
        }
    }

    #[test]
    fn page_errors() {
        let dup = GOOD.replace("number = 6", "number = 5");
        assert!(matches!(
            read(&dup),
            Err(CopyError::DuplicatePage { number: 5, .. })
        ));
        let zero = GOOD.replace("number = 6", "number = 0");
        assert!(matches!(read(&zero), Err(CopyError::BadPageNumber { .. })));
        let none = GOOD.split("[[page]]").next().unwrap_or_default();
        assert!(matches!(read(none), Err(CopyError::NoPages { .. })));
        let code = GOOD.replace("\"bfxb\"", "\"北方\"");
        assert!(matches!(read(&code), Err(CopyError::BadPaperCode { .. })));
        let section = GOOD.replace("\"要闻\"", "\"\"");
        assert!(matches!(
            read(&section),
            Err(CopyError::EmptyField { field: "section", .. })
        ));
        assert!(matches!(read("[paper"), Err(CopyError::Manifest { .. })));
    }

    #[test]
    fn single_copy_edition_defaults() {
        let edition = Edition::single(Path::new("a/b.md"));
        assert_eq!(edition.paper_name, "新闻报");
        assert_eq!(edition.pages.len(), 1);
        assert_eq!(edition.pages[0].number, 1);
        assert_eq!(edition.pages[0].section, "要闻");
        assert_eq!(edition.pages[0].copy, Path::new("a/b.md"));
    }
}
