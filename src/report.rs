//! The build report: one versioned JSON schema behind `check --json`, `build --json`,
//! `proof` (its `report.json` and the contact sheet) and `watch`.
//!
//! The schema is documented field by field in `docs/report-schema.md`; this module is its
//! source of truth. Rules that keep it stable for nightly scripts:
//! - `schema` is always `"newsprint-report"` and `version` is [`VERSION`]; a field is only
//!   ever added within a version, and a rename or removal bumps the version;
//! - every place in the copy is given as `file`, 1-based `line` and `col` (characters);
//! - `timings` are the only figures that differ between two runs on the same input.
//!
//! The library builds the report; printing it is the CLI's job.

use crate::build::{Job, LaidOutPage};
use crate::copy::{RepairKind, StoryKind};
use crate::diag::{Diagnostic, Kind, Severity, Sources, Span};
use crate::layout::PageStats;
use serde::Serialize;
use std::time::Duration;

/// The value of [`Report::schema`].
pub const SCHEMA: &str = "newsprint-report";
/// The schema version. 1 was the first `build --json` (a flat `files` list); 2 added
/// `issue`, `pages`, `stories`, `repairs`, `diagnostics` and `timings`.
pub const VERSION: u32 = 2;

/// What a run of newsprint found and wrote.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// Always [`VERSION`].
    pub version: u32,
    /// The command that made the report: `build`, `check`, `proof` or `watch`.
    pub command: String,
    /// `ok` (nothing to say), `warnings` (built, with warnings) or `error`.
    pub status: Status,
    /// The edition, when its manifest (or the single copy file) could be read.
    pub issue: Option<Issue>,
    /// Every page laid out, in manifest order.
    pub pages: Vec<PageEntry>,
    /// Errors that stopped the run before or outside a page (unreadable manifest, a
    /// missing font, a page that could not be laid out).
    pub errors: Vec<DiagnosticEntry>,
    /// Every file written (PDFs, proofs, the contact sheet).
    pub files: Vec<FileEntry>,
    /// Every story continued on another page (转版), in manifest order.
    pub jumps: Vec<JumpEntry>,
    /// Counts over all pages.
    pub totals: Totals,
    /// Wall-clock time per stage, in milliseconds.
    pub timings: Timings,
}

/// The outcome of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// No diagnostics at all.
    Ok,
    /// Warnings only: the pages are usable.
    Warnings,
    /// At least one error.
    Error,
}

/// The edition a report is about.
#[derive(Debug, Clone, Serialize)]
pub struct Issue {
    /// The paper's name.
    pub paper: String,
    /// The paper's file-name code.
    pub code: String,
    /// The issue date, `YYYY-MM-DD`.
    pub date: String,
    /// The issue number.
    pub number: u32,
}

/// One page of the edition.
#[derive(Debug, Clone, Serialize)]
pub struct PageEntry {
    /// Page number.
    pub number: u32,
    /// Section name.
    pub section: String,
    /// The copy file.
    pub copy: String,
    /// The PDF's file name (whether or not it was written).
    pub pdf: String,
    /// The proof's file name (whether or not it was written).
    pub proof: String,
    /// `ok`, `warnings` or `error` for this page.
    pub status: Status,
    /// The page's figures as layout measured them, flattened into the entry:
    /// `chars_set`, `chars_overflowing`, `fill_percent`, `holes`, `space_left_lines`,
    /// `collisions`, `ragged_lines`, `images` and whatever layout adds.
    #[serde(flatten)]
    pub figures: PageStats,
    /// Stories in copy order.
    pub stories: Vec<StoryEntry>,
    /// Repairs made to the copy.
    pub repairs: Vec<RepairEntry>,
    /// Warnings and errors about the page, in copy order.
    pub diagnostics: Vec<DiagnosticEntry>,
}

/// One story of a page.
#[derive(Debug, Clone, Serialize)]
pub struct StoryEntry {
    /// The headline, label or first words.
    pub title: String,
    /// `article`, `photo` or `briefs`.
    pub kind: StoryKind,
    /// Where the story starts in the copy.
    pub at: Option<Place>,
    /// Whether the story found a place on the page.
    pub placed: bool,
    /// Characters set.
    pub chars_set: usize,
    /// Characters that did not fit (0 when it fits).
    pub chars_overflowing: usize,
}

/// One repair made to the copy.
#[derive(Debug, Clone, Serialize)]
pub struct RepairEntry {
    /// What was done.
    pub kind: RepairKind,
    /// Where.
    pub at: Option<Place>,
    /// Where the paragraph (or heading) it lies in starts: repairs are grouped by it.
    pub paragraph: Option<Place>,
    /// The text before.
    pub before: String,
    /// The text after.
    pub after: String,
}

/// A place in a source file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The file, as the user named it.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
}

/// A story continued on another page (转版).
#[derive(Debug, Clone, Serialize)]
pub struct JumpEntry {
    /// The story's title.
    pub story: String,
    /// The page it starts on.
    pub from: u32,
    /// The page it continues on.
    pub to: u32,
    /// Body characters set before the cut, on `from`.
    pub chars_from: usize,
    /// Body characters after the cut, for `to`.
    pub chars_to: usize,
    /// Where the continuation starts in the copy (the cut paragraph).
    pub cut: Option<Place>,
    /// The `[[page.story]]` table that asks for the jump.
    pub at: Option<Place>,
}

/// A warning or an error.
#[derive(Debug, Clone, Serialize)]
pub struct DiagnosticEntry {
    /// `warning` or `error`.
    pub severity: Severity,
    /// `fitting`, `missing`, `makeup`, `input`, `output` or `repair`.
    pub kind: Kind,
    /// Lowercase, one line.
    pub message: String,
    /// How to fix it, when known.
    pub hint: Option<String>,
    /// Where in the copy, when the cause is there.
    pub at: Option<Place>,
    /// The file concerned, when there is no place in the copy (a font, an image).
    pub file: Option<String>,
    /// The one-line form the CLI prints: `file:line:col: error: message`.
    pub rendered: String,
}

impl DiagnosticEntry {
    /// The form `build` prints: the one line, and the hint on a second.
    pub fn printed(&self) -> String {
        match &self.hint {
            Some(h) => format!("{}\n  hint: {h}", self.rendered),
            None => self.rendered.clone(),
        }
    }
}

/// A file written by the run.
#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    /// Its path.
    pub path: String,
    /// `pdf`, `png`, `html` or `json`.
    pub kind: String,
    /// The page it shows, when it is one page's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Its size in bytes.
    pub bytes: u64,
    /// For a page's PDF, the page's figures as version 1 gave them, flattened into the
    /// entry (`page`, `stories` as a count, `chars_set`, `chars_overflowing`, `fill_percent`,
    /// `holes`, `space_left_lines`, `collisions`, `warnings`, `images`), so scripts written
    /// against version 1's `files` keep working.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub figures: Option<V1Figures>,
}

/// A page's figures in version 1's shape, derived from its [`PageEntry`].
#[derive(Debug, Clone, Serialize)]
pub struct V1Figures {
    /// The PDF's file name.
    pub file: String,
    /// Page number.
    pub page: u32,
    /// Stories on the page, counted.
    pub stories: usize,
    /// The figures, as in `pages[]`.
    #[serde(flatten)]
    pub figures: PageStats,
    /// The page's diagnostics in their printed form, hint included.
    pub warnings: Vec<String>,
}

impl V1Figures {
    /// The version 1 view of a page.
    pub fn of(page: &PageEntry) -> V1Figures {
        V1Figures {
            file: page.pdf.clone(),
            page: page.number,
            stories: page.stories.len(),
            figures: page.figures.clone(),
            warnings: page.diagnostics.iter().map(DiagnosticEntry::printed).collect(),
        }
    }
}

/// What counts as an error in a run: the one place where `--strict` and
/// `--allow-overflow` act. Diagnostics come out of the stages with the severity their kind
/// gives; the policy is applied once, before anything prints or reports them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    /// Every warning is an error (nightly builds).
    pub strict: bool,
    /// Copy-fitting problems (overflow, a break against the rules) are warnings.
    pub allow_overflow: bool,
}

impl Policy {
    /// The severity a diagnostic has under this policy. `--strict` wins over
    /// `--allow-overflow`: a nightly build asked to be strict is.
    pub fn severity(&self, d: &Diagnostic) -> Severity {
        if self.strict {
            Severity::Error
        } else if self.allow_overflow && d.kind == Kind::Fitting {
            Severity::Warning
        } else {
            d.severity
        }
    }

    /// Applies the policy to diagnostics in place.
    pub fn apply(&self, diagnostics: &mut [Diagnostic]) {
        for d in diagnostics {
            d.severity = self.severity(d);
        }
    }
}

/// Counts over all pages.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    /// Pages laid out.
    pub pages: usize,
    /// Stories.
    pub stories: usize,
    /// Characters set.
    pub chars_set: usize,
    /// Characters that did not fit.
    pub chars_overflowing: usize,
    /// Repairs made.
    pub repairs: usize,
    /// Warnings.
    pub warnings: usize,
    /// Errors.
    pub errors: usize,
}

/// Time per stage, in milliseconds. The stages run one after another, each over all pages
/// at once, so the stage figures are wall-clock times that add up to `total_ms` (less the
/// report's own printing); `pages` and `issue` break them down per file (those overlap when
/// pages run in parallel).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timings {
    /// Reading copy and manifest.
    pub read_ms: f64,
    /// Opening and parsing the fonts.
    pub fonts_ms: f64,
    /// Shaping, composing and placing every page.
    pub layout_ms: f64,
    /// PDF export: `pdf_parts_ms` and assembling every file.
    pub pdf_ms: f64,
    /// Of `pdf_ms`, subsetting each face and encoding each stream, once for the edition.
    pub pdf_parts_ms: f64,
    /// Reading every PDF back as the plant would.
    pub preflight_ms: f64,
    /// Writing the files.
    pub write_ms: f64,
    /// PNG proofs and the contact sheet.
    pub proof_ms: f64,
    /// The whole run.
    pub total_ms: f64,
    /// Per page laid out, in manifest order.
    pub pages: Vec<PageTimings>,
    /// The issue file, when one was written.
    pub issue: Option<FileTimings>,
}

/// One page's share of the stages.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PageTimings {
    /// The page number.
    pub page: u32,
    /// Its layout.
    pub layout_ms: f64,
    /// Its proof.
    pub proof_ms: f64,
    /// Assembling its PDF from the edition's parts.
    pub pdf_ms: f64,
    /// Its preflight.
    pub preflight_ms: f64,
}

/// The issue file's share of the stages.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FileTimings {
    /// Assembling it from the edition's parts.
    pub pdf_ms: f64,
    /// Its preflight.
    pub preflight_ms: f64,
}

/// Milliseconds of a duration, rounded to 0.01 ms.
pub fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 100_000.0).round() / 100.0
}

impl Report {
    /// An empty report for a command.
    pub fn new(command: &str) -> Report {
        Report {
            schema: SCHEMA,
            version: VERSION,
            command: command.to_string(),
            status: Status::Ok,
            issue: None,
            pages: Vec::new(),
            errors: Vec::new(),
            files: Vec::new(),
            jumps: Vec::new(),
            totals: Totals::default(),
            timings: Timings::default(),
        }
    }

    /// Records the jumps of an edition from its laid-out pages (`laid[i]` is page `i`).
    pub fn add_jumps(&mut self, job: &Job, laid: &[Option<&LaidOutPage>]) {
        for j in &job.jumps {
            let (from, copy) = &job.pages[j.from];
            let Some(out) = laid
                .get(j.from)
                .copied()
                .flatten()
                .and_then(|l| l.findings.jumps.iter().find(|o| o.story.index == j.story))
            else {
                continue;
            };
            let story = &copy.stories[j.story];
            // The cut's own character: its offset in the paragraph's repaired text, found
            // in the copy file.
            let at_char = |t: &crate::copy::Text| {
                let file = &job.sources.get(t.span.file).text;
                let at = crate::copy::source_at(t, out.cut.offset, file, &copy.repairs);
                crate::diag::Span {
                    start: at as u32,
                    ..t.span
                }
            };
            let cut = story.blocks.get(out.cut.block).map(|b| match b {
                crate::copy::Block::Paragraph(t) | crate::copy::Block::Subhead(t) => at_char(t),
                crate::copy::Block::Brief(b) => at_char(&b.text),
                crate::copy::Block::Photo(p) => p.span,
            });
            self.jumps.push(JumpEntry {
                story: story.title(),
                from: from.number,
                to: job.pages[j.to].0.number,
                chars_from: out.chars_here,
                chars_to: out.chars_rest,
                cut: cut.map(|s| place(&job.sources, s)),
                at: Some(place(&job.sources, j.span)),
            });
        }
    }

    /// Records the edition of a job.
    pub fn set_issue(&mut self, job: &Job) {
        let e = &job.edition;
        self.issue = Some(Issue {
            paper: e.paper_name.clone(),
            code: e.paper_code.clone(),
            date: e.date.to_string(),
            number: e.issue_number,
        });
    }

    /// Records a laid-out page whose diagnostics have had the run's [`Policy`] applied.
    pub fn add_page(&mut self, job: &Job, index: usize, laid: &LaidOutPage) {
        let (spec, copy) = &job.pages[index];
        let sources = &job.sources;
        let stats = &laid.findings.stats;
        let stories = copy
            .stories
            .iter()
            .zip(&stats.per_story)
            .map(|(story, s)| StoryEntry {
                title: s.title.clone(),
                kind: story.kind(),
                at: Some(place(sources, story.span)),
                placed: s.placed,
                chars_set: s.chars_set,
                chars_overflowing: s.chars_overflowing,
            })
            .collect();
        let texts: Vec<&crate::copy::Text> = copy.stories.iter().flat_map(|s| s.texts()).collect();
        let repairs = copy
            .repairs
            .iter()
            .map(|r| RepairEntry {
                kind: r.kind,
                at: Some(place(sources, r.span)),
                paragraph: texts
                    .iter()
                    .find(|t| t.span.start <= r.span.start && r.span.start < t.span.end.max(t.span.start + 1))
                    .map(|t| place(sources, t.span)),
                before: r.before.clone(),
                after: r.after.clone(),
            })
            .collect();
        let diagnostics: Vec<DiagnosticEntry> = laid.diagnostics.iter().map(|d| entry(sources, d)).collect();
        let status = status_of(&diagnostics);
        self.totals.pages += 1;
        self.totals.stories += stats.stories;
        self.totals.chars_set += stats.chars_set;
        self.totals.chars_overflowing += stats.chars_overflowing;
        self.totals.repairs += copy.repairs.len();
        self.count(&diagnostics);
        self.status = self.status.max(status);
        self.pages.push(PageEntry {
            number: spec.number,
            section: spec.section.clone(),
            copy: spec.copy.display().to_string(),
            pdf: laid.file_name.clone(),
            proof: proof_name(&laid.file_name),
            status,
            figures: stats.clone(),
            stories,
            repairs,
            diagnostics,
        });
    }

    /// Records errors that stopped the run or a page.
    pub fn add_errors(&mut self, sources: &Sources, diagnostics: &[Diagnostic]) {
        let entries: Vec<DiagnosticEntry> = diagnostics.iter().map(|d| entry(sources, d)).collect();
        self.count(&entries);
        self.status = self.status.max(status_of(&entries));
        self.errors.extend(entries);
    }

    /// Records a file written, with its size (the library reads no file system). A page's
    /// PDF carries that page's figures in version 1's shape.
    pub fn add_file(&mut self, path: &std::path::Path, kind: &str, page: Option<u32>, bytes: u64) {
        let figures = match (kind, page) {
            ("pdf", Some(n)) => self.pages.iter().find(|p| p.number == n).map(V1Figures::of),
            _ => None,
        };
        self.files.push(FileEntry {
            path: path.display().to_string(),
            kind: kind.to_string(),
            // The figures carry the page number themselves.
            page: if figures.is_some() { None } else { page },
            bytes,
            figures,
        });
    }

    fn count(&mut self, entries: &[DiagnosticEntry]) {
        for d in entries {
            match d.severity {
                Severity::Warning => self.totals.warnings += 1,
                Severity::Error => self.totals.errors += 1,
            }
        }
    }
}

/// The proof file name that goes with a PDF file name.
pub fn proof_name(pdf_name: &str) -> String {
    match pdf_name.strip_suffix(".pdf") {
        Some(stem) => format!("{stem}.png"),
        None => format!("{pdf_name}.png"),
    }
}

fn status_of(entries: &[DiagnosticEntry]) -> Status {
    entries.iter().fold(Status::Ok, |s, d| {
        s.max(match d.severity {
            Severity::Warning => Status::Warnings,
            Severity::Error => Status::Error,
        })
    })
}

fn place(sources: &Sources, span: Span) -> Place {
    let l = sources.locate(span);
    Place {
        file: l.path.display().to_string(),
        line: l.line,
        col: l.col,
    }
}

fn entry(sources: &Sources, d: &Diagnostic) -> DiagnosticEntry {
    DiagnosticEntry {
        severity: d.severity,
        kind: d.kind,
        message: d.message.clone(),
        hint: d.hint.clone(),
        at: d.span.map(|s| place(sources, s)),
        file: d.path.as_ref().map(|p| p.display().to_string()),
        rendered: d.render(sources).lines().next().unwrap_or_default().to_string(),
    }
}
