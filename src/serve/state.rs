//! The edition as `serve` holds it between changes: every page laid out, kept with a key of
//! what it was made from, so a change re-lays out only the pages whose copy, images or
//! manifest changed. The browser's view of it is derived from the one [`Report`].

use newsprint::build::{self, Failure, Job, LaidOutPage};
use newsprint::diag::{Diagnostic, Kind, Severity, Sources, Span};
use newsprint::geom::Rect;
use newsprint::layout::PageStats;
use newsprint::proof::{self, Highlight};
use newsprint::report::{DiagnosticEntry, Place, Policy, Report, Status, Totals};
use newsprint::shape::FontDb;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// Lines of copy shown above and below a problem's line.
const CONTEXT_LINES: usize = 2;

/// One page laid out, with what it was made from.
pub struct LaidPage {
    /// What the page was made from: the manifest, its copy and its images' sizes and dates.
    pub key: u64,
    /// The layout and its diagnostics, the run's policy applied.
    pub laid: LaidOutPage,
    /// Its problems as the proof marks them.
    pub highlights: Vec<Highlight>,
}

/// The edition at one moment: what the browser is shown.
pub struct Snapshot {
    /// Counts the rebuilds; the browser asks again when it changes.
    pub version: u64,
    /// The report of this build.
    pub report: Report,
    /// Pages laid out, in manifest order (none when the edition cannot be read).
    pub pages: Vec<Arc<LaidPage>>,
    /// The browser's view.
    pub view: View,
    /// The files the build read (`None` when the edition could not be read).
    pub inputs: Option<Vec<PathBuf>>,
}

/// What the browser shows, as `/api/edition` gives it.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// See [`Snapshot::version`].
    pub version: u64,
    /// Paper, date and issue number.
    pub title: String,
    /// The whole edition's status.
    pub status: Status,
    /// Counts over all pages.
    pub totals: Totals,
    /// What stopped the edition or a page from being laid out.
    pub errors: Vec<Problem>,
    /// The pages.
    pub pages: Vec<PageView>,
    /// Pages laid out afresh by this build (the others were kept).
    pub relaid: Vec<u32>,
    /// How long the build took, milliseconds.
    pub build_ms: f64,
}

/// One page for the browser.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// Page number.
    pub number: u32,
    /// Section name.
    pub section: String,
    /// Changes when the page's picture does: the browser asks for it again.
    pub key: String,
    /// The page's status.
    pub status: Status,
    /// Its size, for placing marks over its picture.
    pub width_pt: f64,
    /// See `width_pt`.
    pub height_pt: f64,
    /// The file name of the page's PDF.
    pub pdf_file: String,
    /// Its address here when `build` has written it (looked up on every request).
    pub pdf: Option<String>,
    /// The page's figures, as in the report.
    pub figures: PageStats,
    /// Stories by headline.
    pub stories: Vec<StoryView>,
    /// Problems other than repairs, ranked: errors first, then by kind.
    pub problems: Vec<Problem>,
    /// The copy reader's repairs, grouped by paragraph.
    pub repairs: Vec<RepairGroup>,
}

/// A story of a page.
#[derive(Debug, Clone, Serialize)]
pub struct StoryView {
    /// Headline, label or first words.
    pub title: String,
    /// `article`, `photo` or `briefs`.
    pub kind: newsprint::copy::StoryKind,
    /// Characters set.
    pub chars_set: usize,
    /// Characters not set.
    pub chars_overflowing: usize,
    /// Whether it found a place.
    pub placed: bool,
    /// Where it starts in the copy.
    pub at: Option<Place>,
    /// Its module on the page, `[x, y, w, h]` in points.
    pub rect: Option<[f64; 4]>,
}

/// A problem, with where it is on the page and in the copy.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// `error` or `warning`.
    pub severity: Severity,
    /// What sort of problem.
    pub kind: Kind,
    /// The message.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// Where in the copy.
    pub at: Option<Place>,
    /// The one-line form.
    pub rendered: String,
    /// What it concerns on the page, `[x, y, w, h]` in points.
    pub rect: Option<[f64; 4]>,
    /// Its copy line with context.
    pub excerpt: Option<Excerpt>,
}

/// Lines of copy around a place.
#[derive(Debug, Clone, Serialize)]
pub struct Excerpt {
    /// The number of the first line given.
    pub first_line: usize,
    /// The lines.
    pub lines: Vec<String>,
    /// The line concerned.
    pub line: usize,
}

/// The repairs made in one paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct RepairGroup {
    /// As strict as the run is: `warning`, or `error` under `--strict`.
    pub severity: Severity,
    /// Where the paragraph starts.
    pub at: Option<Place>,
    /// How many repairs.
    pub count: usize,
    /// Each one, `before→after`.
    pub changes: Vec<String>,
    /// The lines repaired on the page.
    pub rect: Option<[f64; 4]>,
    /// The paragraph's first line with context.
    pub excerpt: Option<Excerpt>,
}

impl View {
    /// The view with links to the PDFs found in `dir` now (a build may have run since).
    pub fn with_pdfs(&self, dir: &Path) -> View {
        let mut v = self.clone();
        for p in &mut v.pages {
            p.pdf = dir
                .join(&p.pdf_file)
                .is_file()
                .then(|| format!("/pdf/{}", p.pdf_file));
        }
        v
    }
}

/// Builds the edition afresh, keeping the pages of `previous` whose inputs did not change.
pub fn rebuild(path: &Path, db: &FontDb, previous: Option<&Snapshot>) -> Snapshot {
    let started = Instant::now();
    let version = previous.map_or(1, |p| p.version + 1);
    let mut report = Report::new("serve");
    let job = match build::read_job(path) {
        Ok(job) => job,
        Err(Failure { sources, diagnostics }) => {
            report.add_errors(&sources, &diagnostics);
            let errors = problems(&sources, &diagnostics, &report.errors, None);
            let view = View {
                version,
                title: "newsprint 校样".to_string(),
                status: report.status,
                totals: report.totals.clone(),
                errors,
                pages: Vec::new(),
                relaid: Vec::new(),
                build_ms: newsprint::report::ms(started.elapsed()),
            };
            return Snapshot {
                version,
                report,
                pages: Vec::new(),
                view,
                inputs: None,
            };
        }
    };
    report.set_issue(&job);
    let keys: Vec<u64> = (0..job.pages.len()).map(|i| page_key(&job, i)).collect();
    let kept = |i: usize| {
        previous
            .and_then(|p| p.pages.iter().find(|l| l.key == keys[i]))
            .cloned()
    };
    let laid: Vec<(bool, Result<Arc<LaidPage>, Diagnostic>)> = (0..job.pages.len())
        .into_par_iter()
        .map(|i| match kept(i) {
            Some(page) => (false, Ok(page)),
            None => (true, lay_out(&job, i, db, keys[i]).map(Arc::new)),
        })
        .collect();
    let mut pages = Vec::new();
    let mut relaid = Vec::new();
    let mut failures = Vec::new();
    for (i, (fresh, outcome)) in laid.into_iter().enumerate() {
        match outcome {
            Ok(page) => {
                report.add_page(&job, i, &page.laid);
                if fresh {
                    relaid.push(page.laid.page.number);
                }
                pages.push(page);
            }
            Err(d) => failures.push(d),
        }
    }
    report.add_errors(&job.sources, &failures);
    let errors = problems(&job.sources, &failures, &report.errors, None);
    let page_views = pages
        .iter()
        .zip(&report.pages)
        .map(|(p, entry)| page_view(&job, p, entry))
        .collect();
    let e = &job.edition;
    let view = View {
        version,
        title: format!("{} {} 第{}期", e.paper_name, e.date, e.issue_number),
        status: report.status,
        totals: report.totals.clone(),
        errors,
        pages: page_views,
        relaid,
        build_ms: newsprint::report::ms(started.elapsed()),
    };
    Snapshot {
        version,
        report,
        pages,
        view,
        inputs: crate::cli::watch::inputs_of(path, &job),
    }
}

/// Lays out one page under the default policy: the editor sees what `build` would say.
fn lay_out(job: &Job, i: usize, db: &FontDb, key: u64) -> Result<LaidPage, Diagnostic> {
    let mut laid = build::lay_out_page(job, i, db)?;
    Policy::default().apply(&mut laid.diagnostics);
    let highlights = proof::highlights(&laid.page, &job.pages[i].1);
    Ok(LaidPage {
        key,
        laid,
        highlights,
    })
}

/// What a page is made from: the manifest's text, its copy's text and where its images
/// stand on disk (size and modification time).
fn page_key(job: &Job, i: usize) -> u64 {
    let (spec, copy) = &job.pages[i];
    let mut h = DefaultHasher::new();
    // The manifest shapes every page: any change to it lays them all out again.
    format!("{:?}", job.edition).hash(&mut h);
    copy.file.hash(&mut h);
    job.sources.get(copy.file).text.hash(&mut h);
    spec.number.hash(&mut h);
    let dir = spec.copy.parent().unwrap_or(Path::new(""));
    for story in &copy.stories {
        for b in &story.blocks {
            if let newsprint::copy::Block::Photo(p) = b
                && let Some(image) = &p.image
            {
                let meta = std::fs::metadata(dir.join(image)).ok();
                meta.as_ref().map(|m| m.len()).hash(&mut h);
                meta.and_then(|m| m.modified().ok()).hash(&mut h);
            }
        }
    }
    h.finish()
}

fn page_view(job: &Job, p: &LaidPage, entry: &newsprint::report::PageEntry) -> PageView {
    let page = &p.laid.page;
    let copy = job
        .pages
        .iter()
        .find(|(s, _)| s.number == entry.number)
        .map(|(_, c)| c);
    let stories = entry
        .stories
        .iter()
        .enumerate()
        .map(|(i, s)| StoryView {
            title: s.title.clone(),
            kind: s.kind,
            chars_set: s.chars_set,
            chars_overflowing: s.chars_overflowing,
            placed: s.placed,
            at: s.at.clone(),
            rect: proof::story_box(page, i).map(xywh),
        })
        .collect();
    let story_spans: Vec<Span> = copy.map_or_else(Vec::new, |c| c.stories.iter().map(|s| s.span).collect());
    let mut problems: Vec<Problem> = p
        .laid
        .diagnostics
        .iter()
        .zip(&entry.diagnostics)
        .filter(|(d, _)| d.kind != Kind::Repair)
        .map(|(d, e)| problem(&job.sources, d, e, Some((page, &story_spans))))
        .collect();
    problems.sort_by_key(|p| (std::cmp::Reverse(p.severity), p.kind));
    let repair_severity = p
        .laid
        .diagnostics
        .iter()
        .find(|d| d.kind == Kind::Repair)
        .map_or(Severity::Warning, |d| d.severity);
    // The report's repairs are the copy's, in the same order: group both by paragraph.
    let spans: Vec<Span> = copy.map_or_else(Vec::new, |c| c.repairs.iter().map(|r| r.span).collect());
    let mut repairs = Vec::new();
    let mut from = 0;
    for group in proof::by_paragraph(&entry.repairs) {
        let group_spans = spans.get(from..from + group.len()).unwrap_or(&[]);
        from += group.len();
        let rects: Vec<Rect> = group_spans
            .iter()
            .flat_map(|s| proof::span_boxes(page, *s))
            .collect();
        let first = &group[0];
        repairs.push(RepairGroup {
            severity: repair_severity,
            at: first.paragraph.clone().or_else(|| first.at.clone()),
            count: group.len(),
            changes: group
                .iter()
                .map(|r| format!("{}→{}", r.before, r.after))
                .collect(),
            rect: union(&rects).map(xywh),
            excerpt: group_spans.first().map(|s| excerpt(&job.sources, *s)),
        });
    }
    PageView {
        number: entry.number,
        section: entry.section.clone(),
        key: format!("{:x}", p.key),
        status: entry.status,
        width_pt: page.media.w.0,
        height_pt: page.media.h.0,
        pdf_file: entry.pdf.clone(),
        pdf: None,
        figures: entry.figures.clone(),
        stories,
        problems,
        repairs,
    }
}

/// Diagnostics with their report entries, placed on the page when there is one.
fn problems(
    sources: &Sources,
    diagnostics: &[Diagnostic],
    entries: &[DiagnosticEntry],
    page: Option<(&newsprint::layout::Page, &[Span])>,
) -> Vec<Problem> {
    diagnostics
        .iter()
        .zip(entries)
        .map(|(d, e)| problem(sources, d, e, page))
        .collect()
}

fn problem(
    sources: &Sources,
    d: &Diagnostic,
    e: &DiagnosticEntry,
    page: Option<(&newsprint::layout::Page, &[Span])>,
) -> Problem {
    let rect = match (page, d.span) {
        (Some((page, stories)), Some(span)) => match stories.iter().position(|s| *s == span) {
            // A diagnostic about a whole story (its overflow) points at its module.
            Some(i) => proof::story_box(page, i),
            None => union(&proof::span_boxes(page, span)),
        },
        _ => None,
    };
    Problem {
        severity: e.severity,
        kind: e.kind,
        message: e.message.clone(),
        hint: e.hint.clone(),
        at: e.at.clone(),
        rendered: e.rendered.clone(),
        rect: rect.map(xywh),
        excerpt: d.span.map(|s| excerpt(sources, s)),
    }
}

/// The lines around a span's start.
fn excerpt(sources: &Sources, span: Span) -> Excerpt {
    let src = sources.get(span.file);
    let (line, _) = src.line_col(span.start as usize);
    let first = line.saturating_sub(CONTEXT_LINES).max(1);
    let lines = src
        .text
        .lines()
        .skip(first - 1)
        .take(line - first + 1 + CONTEXT_LINES)
        .map(str::to_string)
        .collect();
    Excerpt {
        first_line: first,
        lines,
        line,
    }
}

fn union(rects: &[Rect]) -> Option<Rect> {
    rects.iter().copied().reduce(|a, b| a.union(&b))
}

fn xywh(r: Rect) -> [f64; 4] {
    let round = |x: f64| (x * 10.0).round() / 10.0;
    [round(r.x.0), round(r.y.0), round(r.w.0), round(r.h.0)]
}
