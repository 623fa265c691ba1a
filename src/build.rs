//! Running the stages for an edition: read sources, lay out and export every page, and
//! gather what the report needs. Nothing here prints or writes files: the CLI does.

use crate::art::Artwork;
use crate::copy::{self, Edition, PageCopy, PageSpec};
use crate::diag::{Diagnostic, FileId, Kind, Severity, Source, Sources};
use crate::layout::{self, Format, Masthead, Page, StoryFix};
use crate::raster::{self, ConvertOptions};
use crate::read::{Access, FileKind, ReadError};
use crate::render::pdf::{self, DocMeta, Standard};
use crate::shape::{FontDb, ShapeError};
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod jumps;
mod pictures;

use jumps::read_jumps;
pub use jumps::{Incoming, JumpSpec, incoming, waves};
use pictures::{image_diagnostics, limit_passed_ink, load_pictures};

/// The manifest file name inside an edition folder.
pub const MANIFEST: &str = "edition.toml";

/// What marks a draft (`build --draft`): first in the page slug and in the PDF title.
pub const DRAFT_MARK: &str = "草稿 DRAFT 不得付印";

/// An edition read from disk, ready to build.
#[derive(Debug)]
pub struct Job {
    /// Every file read, for locating diagnostics.
    pub sources: Sources,
    /// The edition.
    pub edition: Edition,
    /// Each page's spec and its copy.
    pub pages: Vec<(PageSpec, PageCopy)>,
    /// The plant's output profile (`[output] profile`), read and checked.
    pub profile: Option<Vec<u8>>,
    /// Stories continued on another page (转版), checked against the pages.
    pub jumps: Vec<JumpSpec>,
}

/// A build that could not go on: the diagnostics, and the sources to place them.
#[derive(Debug)]
pub struct Failure {
    /// Every file read so far.
    pub sources: Sources,
    /// What went wrong (at least one error).
    pub diagnostics: Vec<Diagnostic>,
}

/// A file that could not be read, as a diagnostic: at `span` (where the manifest or the copy
/// names it) when there is one, else on the file itself.
pub fn read_diagnostic(err: &ReadError, span: Option<crate::diag::Span>) -> Diagnostic {
    let d = match span {
        Some(span) => Diagnostic::error(span, err.to_string()),
        None => Diagnostic::file_error(&err.path, err.without_path()),
    };
    d.with_hint(err.hint())
}

/// Reads a text file through the edition's [`Access`] into `sources`.
fn read_source(
    sources: &mut Sources,
    access: &Access,
    path: &Path,
    kind: FileKind,
    span: Option<crate::diag::Span>,
) -> Result<FileId, Diagnostic> {
    let bytes = access.read(path, kind).map_err(|e| read_diagnostic(&e, span))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(sources.add(Source::new(path, text))),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let file = sources.add(Source::new(path, lossy));
            Err(copy::CopyError::NotUtf8 {
                span: crate::diag::Span::new(file, at, at + 1),
            }
            .to_diagnostic())
        }
    }
}

/// Reads an edition folder (with `edition.toml`) or a single copy file.
pub fn read_job(path: &Path) -> Result<Job, Failure> {
    let mut sources = Sources::new();
    let fail = |sources: Sources, d: Diagnostic| Failure {
        sources,
        diagnostics: vec![d],
    };
    // A reproducible build asked for with a date that is not one must not quietly get
    // another date.
    if let Err(message) = crate::copy::Date::source_date_epoch() {
        let mut d = Diagnostic::file_error(Path::new("SOURCE_DATE_EPOCH"), message)
            .with_hint("set it to `date +%s` of the issue day, or unset it");
        d.path = None;
        return Err(fail(sources, d));
    }
    let edition = if path.is_dir() {
        let manifest = path.join(MANIFEST);
        let access = Access::new(path);
        let file = match read_source(&mut sources, &access, &manifest, FileKind::Manifest, None) {
            Ok(f) => f,
            Err(d) => return Err(fail(sources, d)),
        };
        let text = sources.get(file).text.clone();
        match copy::read_manifest(file, &manifest, &text) {
            Ok(e) => e,
            Err(e) => return Err(fail(sources, e.to_diagnostic())),
        }
    } else {
        Edition::single(path)
    };
    let mut pages = Vec::with_capacity(edition.pages.len());
    let mut diagnostics = Vec::new();
    let mut copy_bytes = 0u64;
    for spec in &edition.pages {
        let file = match read_source(
            &mut sources,
            &edition.files,
            &spec.copy,
            FileKind::Copy,
            spec.copy_span,
        ) {
            Ok(f) => f,
            Err(d) => {
                diagnostics.push(d);
                continue;
            }
        };
        copy_bytes += sources.get(file).text.len() as u64;
        let most = edition.files.limits().edition_copy_mib;
        if copy_bytes > most << 20 {
            let message =
                format!("the edition's copy passes {most} MiB with this page's ([limits] edition_copy_mib)");
            diagnostics.push(match spec.copy_span {
                Some(s) => Diagnostic::error(s, message),
                None => Diagnostic::file_error(&spec.copy, message),
            });
            break;
        }
        match copy::read_page(file, &sources.get(file).text) {
            // A page with nothing to set is a mistake in the manifest or an empty export.
            Ok(c) if c.stories.is_empty() => diagnostics.push(
                Diagnostic::error(crate::diag::Span::new(file, 0, 0), "page has no copy").with_hint(
                    "write the page's stories into the copy file, or drop the page from the manifest",
                ),
            ),
            Ok(c) => match within_page_limits(&c, edition.files.limits()) {
                Ok(()) => pages.push((spec.clone(), c)),
                Err(d) => diagnostics.push(d),
            },
            Err(e) => diagnostics.push(e.to_diagnostic()),
        }
    }
    let profile = match read_profile(&edition) {
        Ok(p) => p,
        Err(d) => {
            diagnostics.push(d);
            None
        }
    };
    let jumps = match read_jumps(&edition, &pages) {
        Ok(j) => j,
        Err(e) => {
            diagnostics.extend(e);
            Vec::new()
        }
    };
    if !diagnostics.is_empty() {
        return Err(Failure { sources, diagnostics });
    }
    Ok(Job {
        sources,
        edition,
        pages,
        profile,
        jumps,
    })
}

/// Reads the plant's profile named by the manifest and checks it is a CMYK output profile.
fn read_profile(edition: &Edition) -> Result<Option<Vec<u8>>, Diagnostic> {
    let Some(path) = &edition.output.profile else {
        return Ok(None);
    };
    let span = edition.output.profile_span;
    let place = |message: String| match span {
        Some(span) => Diagnostic::error(span, format!("{}: {message}", path.display())),
        None => Diagnostic::file_error(path, message),
    };
    let bytes = edition
        .files
        .read(path, FileKind::Profile)
        .map_err(|e| read_diagnostic(&e, span))?;
    pdf::check_profile(&bytes).map_err(|why| {
        place(format!("not usable as the output profile: {why}"))
            .with_hint("PDF/X needs the plant's CMYK printer (prtr) profile")
    })?;
    Ok(Some(bytes))
}

pub use crate::layout::ImageReport;

/// A built page: the PDF bytes, the layout it came from, and its report.
#[derive(Debug)]
pub struct BuiltPage {
    /// The PDF file's name, `<paper-code>-<yyyymmdd>-<page>.pdf`.
    pub file_name: String,
    /// The PDF.
    pub pdf: Vec<u8>,
    /// The layout, for proofs and tests.
    pub page: Page,
    /// Diagnostics about the page (warnings, and errors such as overflow).
    pub diagnostics: Vec<Diagnostic>,
}

/// The file name of a page's PDF.
pub fn page_file_name(edition: &Edition, page: u32) -> String {
    let d = edition.date;
    format!(
        "{}-{:04}{:02}{:02}-{:02}.pdf",
        edition.paper_code,
        d.year(),
        d.month(),
        d.day(),
        page
    )
}

/// The editor's story overrides of a page, by story index; an override that names no story
/// of the copy is an error at its place in the manifest.
fn story_fixes(spec: &PageSpec, copy: &PageCopy) -> Result<Vec<StoryFix>, Diagnostic> {
    let mut fixes = vec![StoryFix::default(); copy.stories.len()];
    for (span, s) in &spec.stories {
        let index = match (&s.story, &s.title) {
            (Some(n), _) => n.checked_sub(1).filter(|&i| i < copy.stories.len()),
            (None, Some(t)) => copy.stories.iter().position(|st| st.title() == *t),
            (None, None) => {
                return Err(Diagnostic::error(*span, "a story override names no story")
                    .with_hint("add `story = N` or `title = \"…\"`"));
            }
        };
        let Some(i) = index else {
            return Err(Diagnostic::error(
                *span,
                format!("no such story on this page (it has {})", copy.stories.len()),
            ));
        };
        // A whole vertical story has no frame for a photo: the photo would be lost.
        if s.vertical
            && let Some(photo) = copy.stories[i].blocks.iter().find_map(|b| match b {
                crate::copy::Block::Photo(p) => Some(p),
                _ => None,
            })
        {
            return Err(Diagnostic::error(
                photo.span,
                "a photo in a story set vertically (`vertical = true` in the manifest): a vertical \
                 story has no frame for it, and it would be lost",
            )
            .with_hint("move the photo into a story of its own, or set this story horizontally"));
        }
        let position = match s.position {
            Some([col, line]) => {
                let f = page_format(spec)?;
                if col == 0 || line == 0 || col > f.columns || line > f.lines {
                    return Err(Diagnostic::error(
                        *span,
                        format!(
                            "position [{col}, {line}] is off the grid of {} columns and {} lines",
                            f.columns, f.lines
                        ),
                    ));
                }
                if fixes.iter().any(|f: &StoryFix| f.position.is_some()) {
                    return Err(Diagnostic::error(
                        *span,
                        "only one story per page can be pinned to a position",
                    )
                    .with_hint("pin the most important story; the search places the rest around it"));
                }
                Some((col - 1, line - 1))
            }
            None => None,
        };
        fixes[i] = StoryFix {
            jump_to: s.continue_on,
            opening: None,
            position,
            crop: s.crop,
            columns: s.columns,
            headline_size: s.headline_size,
            vertical: s.vertical,
            headline_left: s
                .headline_side
                .map(|side| side == crate::style::HeadlineSide::Left),
            photo_rows: s.photo_lines,
            photo_columns: s.photo_columns,
            lead: s.lead,
        };
    }
    Ok(fixes)
}

/// The format of a page, from the manifest.
fn page_format(spec: &PageSpec) -> Result<Format, Diagnostic> {
    Format::from_spec(&spec.format).map_err(|m| match spec.copy_span {
        Some(span) => Diagnostic::error(span, m),
        None => Diagnostic::file_error(&spec.copy, m),
    })
}

/// A laid-out page, before export: what `check` and proofs need.
#[derive(Debug)]
pub struct LaidOutPage {
    /// The PDF file's name, `<paper-code>-<yyyymmdd>-<page>.pdf`.
    pub file_name: String,
    /// The layout: what is drawn.
    pub page: Page,
    /// What laying it out found (overflow, notes, figures).
    pub findings: layout::Findings,
    /// The continuations laid out on it: the jump (index into `Job::jumps`) and the story's
    /// index on this page.
    pub continuations: Vec<(usize, usize)>,
    /// Diagnostics about the page (warnings, and errors such as overflow), in copy order,
    /// with the severity their kind gives; a run's [`crate::report::Policy`] may change it.
    pub diagnostics: Vec<Diagnostic>,
    /// How long shaping, composing and placing took.
    pub layout_time: Duration,
}

/// Lays out one page without exporting it, without the continuations other pages send it.
pub fn lay_out_page(job: &Job, index: usize, fonts: &FontDb) -> Result<LaidOutPage, Diagnostic> {
    lay_out_page_from(job, index, fonts, &[])
}

/// The stories a page lays out besides its copy: the continuations arriving on it, then on
/// the front page the teasers; with the fixes of all.
fn page_stories(
    job: &Job,
    index: usize,
    incoming: &[Incoming],
) -> Result<(PageCopy, Vec<StoryFix>), Diagnostic> {
    let (spec, copy) = &job.pages[index];
    let mut fixes = story_fixes(spec, copy)?;
    let mut laid = copy.clone();
    for inc in incoming {
        let (from_spec, from_copy) = &job.pages[inc.jump.from];
        let story = &from_copy.stories[inc.jump.story];
        let headline = match (&inc.jump.title, &story.headline) {
            (Some(t), _) => copy::Text {
                text: t.clone(),
                span: inc.jump.span,
            },
            (None, Some(h)) => h.clone(),
            (None, None) => copy::Text {
                text: story.title(),
                span: story.span,
            },
        };
        laid.stories.push(layout::continuation(story, &inc.cut, headline));
        fixes.push(StoryFix {
            opening: Some(layout::Opening {
                from: from_spec.number,
                mid_paragraph: inc.cut.offset > 0,
            }),
            ..StoryFix::default()
        });
    }
    let teasers = Some(crate::teasers::teaser_story(&job.pages, index)).filter(|t| !t.blocks.is_empty());
    if let Some(t) = teasers.filter(|_| spec.teasers) {
        laid.stories.push(t);
        fixes.push(StoryFix::default());
    }
    Ok((laid, fixes))
}

/// Lays out one page with the continuations arriving on it, without exporting it.
pub fn lay_out_page_from(
    job: &Job,
    index: usize,
    fonts: &FontDb,
    incoming: &[Incoming],
) -> Result<LaidOutPage, Diagnostic> {
    let started = Instant::now();
    let (spec, copy) = &job.pages[index];
    let format = &page_format(spec)?;
    let (laid_copy, fixes) = page_stories(job, index, incoming)?;
    let e = &job.edition;
    let d = e.date;
    let masthead = Masthead {
        paper: e.paper_name.clone(),
        date: format!("{}年{}月{}日 {}", d.year(), d.month(), d.day(), d.weekday_zh()),
        issue: format!("第{}期", e.issue_number),
        page: spec.number,
        section: spec.section.clone(),
        editor: spec.editor.clone(),
        front: front_matter(job, spec)?,
        origin: spec.copy_span,
    };
    let mut budget = raster::PageBudget::new(e.files.limits().page_pixels());
    let (pictures, spans) = load_pictures(spec, copy, e, job.profile.as_deref(), &mut budget)?;
    let options = ConvertOptions {
        ink_limit: e.output.ink_limit,
        profile: job.profile.as_deref().map(Arc::from),
        max_pixels: e.files.limits().image_pixels(),
    };
    let grid = layout::Grid::new(*format);
    let (ads, ad_warnings) = crate::booking::load_ads(spec, &e.files, &grid, &options, &mut budget)?;
    let input = layout::PageInput {
        copy: &laid_copy,
        masthead: &masthead,
        fixes: &fixes,
        pictures: &pictures,
        ads: &ads,
    };
    let layout::LaidOut { page, mut findings } = layout::layout_page(fonts, format, &e.style, &input)
        .map_err(|err| match err {
            layout::LayoutError::Shape(s) => shape_diagnostic(s),
            layout::LayoutError::Ad { index, message } => match spec.ads.get(index) {
                Some((span, _)) => Diagnostic::error(*span, message),
                None => Diagnostic::file_error(&spec.copy, message),
            }
            .with_hint("book a size and position the page can take"),
            // Only one story of a page may be pinned: the override with a position.
            layout::LayoutError::Pin { message } => {
                match spec.stories.iter().find(|(_, s)| s.position.is_some()) {
                    Some((span, _)) => Diagnostic::error(*span, message),
                    None => Diagnostic::file_error(&spec.copy, message),
                }
                .with_hint("pin it higher or further left, or let the search place it")
            }
        })?;
    let mut diagnostics_early = Vec::new();
    // A continuation is its story, as the page it started on knows it.
    let continued = |i: usize| i.checked_sub(copy.stories.len()).and_then(|k| incoming.get(k));
    for o in &mut findings.overflow {
        if let Some(inc) = continued(o.story.index) {
            o.story = layout::StoryId {
                page: job.pages[inc.jump.from].0.number,
                index: inc.jump.story,
                span: o.story.span,
            };
        }
    }
    for j in job.jumps.iter().filter(|j| j.from == index) {
        if !findings.jumps.iter().any(|o| o.story.index == j.story) {
            diagnostics_early.push(
                Diagnostic::warning(
                    j.span,
                    format!(
                        "story '{}' is set whole on page {}: nothing continues on page {}",
                        copy.stories[j.story].title(),
                        spec.number,
                        job.pages[j.to].0.number
                    ),
                )
                .with_hint("a story is cut when it has more than 8 lines of body; drop continue_on"),
            );
        }
    }
    let continuations = incoming
        .iter()
        .enumerate()
        .map(|(k, inc)| (inc.index, copy.stories.len() + k))
        .collect();
    // An ad's picture answers for its ink at its booking, as a photo does at its copy line.
    let ad_spans = ads
        .iter()
        .zip(&spec.ads)
        .filter_map(|(slot, (span, _))| match &slot.art {
            Some(crate::art::Artwork::Picture(p)) => Some((p.path.clone(), *span)),
            _ => None,
        });
    let ink_spans: Vec<_> = spans.iter().cloned().chain(ad_spans).collect();
    let (page, ink_warnings) = limit_passed_ink(page, &ink_spans, e.output.ink_limit)?;
    // Marks are off by default: newspaper pages are delivered at trim size (§5.3).
    let page = if e.output.marks || e.output.draft {
        let mut marked = crate::render::marks::with_marks(&page);
        let (date, number) = (d.to_string(), format!("第{}版", spec.number));
        let mut info = vec![e.paper_name.as_str(), &date, &number, &spec.section];
        if e.output.draft {
            info.insert(0, DRAFT_MARK);
        }
        crate::render::marks::add_info_line(&mut marked, fonts, &info).map_err(shape_diagnostic)?;
        marked
    } else {
        page
    };
    let mut diagnostics = page_diagnostics(copy, &findings, spec.number);
    diagnostics.append(&mut diagnostics_early);
    diagnostics.extend(findings.notes.iter().map(|n| {
        if n.error {
            Diagnostic::error(n.span, n.message.clone())
                .with_hint("shorten the unbreakable run or give it spaces; --allow-overflow accepts it")
                .fitting()
        } else {
            Diagnostic::warning(n.span, n.message.clone()).of_kind(Kind::Makeup)
        }
    }));
    image_diagnostics(&findings.stats, &spans, &mut diagnostics);
    diagnostics.extend(ink_warnings);
    diagnostics.extend(ad_warnings);
    let file_name = page_file_name(e, spec.number);
    diagnostics.sort_by_key(|d| (d.span.map(|s| (s.file, s.start)), d.severity));
    let diagnostics = collapse_duplicates(diagnostics);
    Ok(LaidOutPage {
        file_name,
        page,
        findings,
        continuations,
        diagnostics,
        layout_time: started.elapsed(),
    })
}

/// The masthead's publication data, on the front page.
fn front_matter(job: &Job, spec: &PageSpec) -> Result<Option<layout::FrontMatter>, Diagnostic> {
    if !spec.front {
        return Ok(None);
    }
    let e = &job.edition;
    let lunar = copy::LunarDate::of(e.date).map_or_else(String::new, |l| l.to_string());
    let artwork = match &e.masthead {
        Some((path, span)) => {
            let options = ConvertOptions {
                ink_limit: e.output.ink_limit,
                profile: job.profile.as_deref().map(Arc::from),
                max_pixels: e.files.limits().image_pixels(),
            };
            let hint = "give a PDF/X-1a page (CMYK, fonts embedded) or a PNG, JPEG or TIFF of the paper's name, or drop `masthead` to set it in type";
            let bytes = e.files.read(path, FileKind::Artwork).map_err(|err| {
                Diagnostic::error(*span, format!("masthead artwork: {err}"))
                    .with_hint(hint)
                    .of_kind(Kind::Missing)
            })?;
            let art = Artwork::load(path, bytes, &options).map_err(|err| {
                Diagnostic::error(*span, format!("masthead artwork: {err}")).with_hint(hint)
            })?;
            Some(art)
        }
        None => None,
    };
    Ok(Some(layout::FrontMatter {
        lunar,
        total: format!("总第{}期", e.issue_number),
        pages: format!("今日{}版", job.pages.len()),
        cn: e.cn.clone(),
        postal_code: e.postal_code.clone(),
        artwork,
    }))
}

/// Exports a laid-out page as its print PDF.
pub fn export_page(
    job: &Job,
    index: usize,
    laid: &LaidOutPage,
    fonts: &FontDb,
) -> Result<Vec<u8>, Diagnostic> {
    let meta = doc_meta(job, page_title(job, index));
    pdf::export(&laid.page, fonts, &meta).map_err(|err| pdf_diagnostic(&job.pages[index].0.copy, &err))
}

/// The Info /Title of a page's file.
fn page_title(job: &Job, index: usize) -> String {
    let (e, spec) = (&job.edition, &job.pages[index].0);
    format!("{} {} 第{}版 {}", e.paper_name, e.date, spec.number, spec.section)
}

/// The Info /Title of the issue file.
fn issue_title(job: &Job) -> String {
    let e = &job.edition;
    format!("{} {} 第{}期", e.paper_name, e.date, e.issue_number)
}

/// A PDF that could not be written, as a diagnostic on `path`.
fn pdf_diagnostic(path: &Path, err: &pdf::PdfError) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        span: None,
        path: Some(path.to_path_buf()),
        message: format!("cannot write PDF: {err}"),
        hint: None,
        kind: crate::diag::Kind::Output,
    }
}

/// Lays out and exports one page.
pub fn build_page(job: &Job, index: usize, fonts: &FontDb) -> Result<BuiltPage, Diagnostic> {
    let laid = lay_out_page(job, index, fonts)?;
    let pdf = export_page(job, index, &laid, fonts)?;
    Ok(BuiltPage {
        file_name: laid.file_name,
        pdf,
        page: laid.page,
        diagnostics: laid.diagnostics,
    })
}

/// One diagnostic for a run of identical ones (same place, same words), counted: a long URL
/// broken as a last resort on twelve lines is one warning, not twelve.
fn collapse_duplicates(sorted: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<(Diagnostic, usize)> = Vec::with_capacity(sorted.len());
    for d in sorted {
        match out.last_mut() {
            Some((last, n)) if *last == d => *n += 1,
            _ => out.push((d, 1)),
        }
    }
    out.into_iter()
        .map(|(mut d, n)| {
            if n > 1 {
                d.message = format!("{} ({n} times)", d.message);
            }
            d
        })
        .collect()
}

/// The document metadata for a file of the edition: dates from the manifest, the plant's
/// profile and the PDF/X flavour from `[output]`.
fn doc_meta(job: &Job, title: String) -> DocMeta<'_> {
    let d = job.edition.date;
    let title = if job.edition.output.draft {
        format!("{DRAFT_MARK} {title}")
    } else {
        title
    };
    let mut meta = DocMeta::new(title, (d.year() as u16, d.month(), d.day()));
    meta.output_profile = job.profile.as_deref();
    if job.edition.output.x4 {
        meta.standard = Standard::X4;
    }
    meta
}

/// The file name of the whole issue's PDF, `<paper-code>-<yyyymmdd>.pdf`.
pub fn issue_file_name(edition: &Edition) -> String {
    let d = edition.date;
    format!(
        "{}-{:04}{:02}{:02}.pdf",
        edition.paper_code,
        d.year(),
        d.month(),
        d.day()
    )
}

/// The PDFs of an edition, all assembled from one set of parts (one subset per face, each
/// stream compressed once): each page's file and the whole issue's.
#[derive(Debug)]
pub struct EditionPdfs {
    /// For each page given, its PDF or what kept it from being written.
    pub pages: Vec<Result<Vec<u8>, Diagnostic>>,
    /// The issue file's name and bytes, when asked for and every page could be written.
    pub issue: Option<Result<(String, Vec<u8>), Diagnostic>>,
    /// Subsetting the faces and encoding the streams, once for the edition.
    pub prepare_time: Duration,
    /// Assembling each page's file, in the order given.
    pub page_times: Vec<Duration>,
    /// Assembling the issue file.
    pub issue_time: Duration,
}

/// Exports laid-out pages (`(index in the job, layout)`, in manifest order) as their print
/// PDFs and, with `issue`, the whole issue as one more PDF, pages in the order given.
pub fn export_edition(job: &Job, laid: &[(usize, &LaidOutPage)], fonts: &FontDb, issue: bool) -> EditionPdfs {
    let started = Instant::now();
    let pages: Vec<&Page> = laid.iter().map(|(_, l)| &l.page).collect();
    let parts = pdf::prepare(&pages, fonts);
    let prepare_time = started.elapsed();
    let page_error = |index: usize, err: &pdf::PdfError| pdf_diagnostic(&job.pages[index].0.copy, err);
    let parts = match parts {
        Ok(p) => p,
        Err(err) => {
            return EditionPdfs {
                pages: laid.iter().map(|&(i, _)| Err(page_error(i, &err))).collect(),
                issue: None,
                prepare_time,
                page_times: vec![Duration::ZERO; laid.len()],
                issue_time: Duration::ZERO,
            };
        }
    };
    let (pages, page_times): (Vec<_>, Vec<_>) = laid
        .par_iter()
        .enumerate()
        .map(|(k, &(i, _))| {
            let t = Instant::now();
            let pdf = parts
                .document(&[k], &doc_meta(job, page_title(job, i)))
                .map_err(|err| page_error(i, &err));
            (pdf, t.elapsed())
        })
        .unzip();
    let t = Instant::now();
    let all_written = pages.iter().all(Result::is_ok);
    let issue = (issue && all_written && !laid.is_empty()).then(|| {
        let name = issue_file_name(&job.edition);
        let all: Vec<usize> = (0..laid.len()).collect();
        parts
            .document(&all, &doc_meta(job, issue_title(job)))
            .map_err(|err| pdf_diagnostic(Path::new(&name), &err))
            .map(|pdf| (name, pdf))
    });
    EditionPdfs {
        pages,
        issue,
        prepare_time,
        page_times,
        issue_time: t.elapsed(),
    }
}

/// Refuses a page's copy with more stories or characters than `[limits]` allows, at the
/// story that crosses the limit: every story is shaped and composed whole before layout
/// knows what fits, so these bound a page's time and memory.
fn within_page_limits(copy: &PageCopy, limits: &crate::read::Limits) -> Result<(), Diagnostic> {
    let mut chars = 0u64;
    for (i, story) in copy.stories.iter().enumerate() {
        if i as u64 >= limits.page_stories {
            return Err(Diagnostic::error(
                story.span,
                format!(
                    "this is story {} of the page; a page takes at most {} ([limits] page_stories)",
                    i + 1,
                    limits.page_stories
                ),
            )
            .with_hint("split the copy over more pages"));
        }
        chars += story.chars() as u64;
        if chars > limits.page_chars {
            return Err(Diagnostic::error(
                story.span,
                format!(
                    "the page's copy passes {} characters here ([limits] page_chars), far more than a page holds",
                    limits.page_chars
                ),
            )
            .with_hint("split the copy over more pages"));
        }
    }
    Ok(())
}

/// A shaping error as a diagnostic placed on the copy.
pub fn shape_diagnostic(e: ShapeError) -> Diagnostic {
    match &e {
        ShapeError::NoGlyph { span, .. } => {
            Diagnostic::error(*span, e.to_string()).with_hint("add a face that has it to the fonts folder")
        }
        ShapeError::FontMissing { path, .. } | ShapeError::FontMalformed { path } => {
            Diagnostic::file_error(path, e.to_string())
        }
    }
}

/// Warnings and errors about a laid-out page: repairs, placeholder photos, overflow.
fn page_diagnostics(copy: &PageCopy, found: &layout::Findings, number: u32) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in &copy.repairs {
        let what = match r.kind {
            copy::RepairKind::FullWidthPunctuation
            | copy::RepairKind::HalfWidthAlphanumeric
            | copy::RepairKind::DashOrEllipsis => format!("repaired: '{}' made '{}'", r.before, r.after),
            copy::RepairKind::SpaceRemoved => "repaired: space next to Han removed".to_string(),
            copy::RepairKind::JoinedParagraph => {
                format!(
                    "repaired: paragraph split mid-sentence joined ('{}' + '{}')",
                    r.before, r.after
                )
            }
        };
        out.push(Diagnostic::warning(r.span, what).of_kind(Kind::Repair));
    }
    for story in &copy.stories {
        for b in &story.blocks {
            if let copy::Block::Photo(p) = b
                && p.image.is_none()
            {
                let name = p.title.as_ref().map_or_else(|| story.title(), |t| t.text.clone());
                out.push(
                    Diagnostic::warning(
                        p.span,
                        format!("photo '{name}' has no image file: placeholder frame set"),
                    )
                    .with_hint("add an image line `![](file.jpg)` to the photo")
                    .of_kind(Kind::Missing),
                );
            }
        }
    }
    for o in &found.overflow {
        let span = o.story.span;
        let cont = if o.story.page == number {
            String::new()
        } else {
            format!(" (continued from page {})", o.story.page)
        };
        out.push(
            Diagnostic::error(
                span,
                format!(
                    "story '{}'{cont} overflows by {} characters ({} lines)",
                    o.title, o.chars, o.lines
                ),
            )
            .with_hint("cut the copy, or build with --allow-overflow to accept it")
            .fitting(),
        );
    }
    out
}
