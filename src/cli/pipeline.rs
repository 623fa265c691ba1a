//! The one run behind `build`, `check`, `proof` and `watch`: read, lay out, then (as asked)
//! export PDFs, draw proofs and the contact sheet, gathering one [`Report`].

use super::diagnostics::Printer;
use super::files::{relative_href, write_atomic};
use super::publish::{OutputLock, Staging};
use newsprint::build::{self, Failure};
use newsprint::diag::{Diagnostic, Kind, Severity, Sources};
use newsprint::proof::{self, ProofOptions};
use newsprint::report::{self, FileTimings, PageTimings, Policy, Report, Status, ms};
use newsprint::shape::{FontDb, FontFiles};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a run does.
#[derive(Debug, Clone)]
pub struct Plan {
    /// `build`, `check`, `proof` or `watch`, for the report.
    pub command: &'static str,
    /// Where PDFs go, if they are written.
    pub pdf_dir: Option<PathBuf>,
    /// Where proofs go, if they are drawn.
    pub proof_dir: Option<PathBuf>,
    /// How proofs are drawn.
    pub proof: ProofOptions,
    /// What counts as an error.
    pub policy: Policy,
    /// Also write the whole issue as one PDF (with `pdf_dir`).
    pub issue_pdf: bool,
    /// Read every PDF written back and check it as the plant would.
    pub preflight: bool,
    /// Print each written path on stdout.
    pub list_files: bool,
    /// Show a progress bar (stderr is a terminal, more than one page, not quiet).
    pub progress: bool,
    /// `pdf_dir` gets drafts: marked, written whatever the outcome, not staged.
    pub draft: bool,
}

/// The fonts of a run: mapped files, then parsed faces borrowing them.
pub fn open_fonts(dir: Option<&Path>) -> Result<(FontFiles, Duration), Diagnostic> {
    let started = Instant::now();
    let dir = dir.map_or_else(FontFiles::default_dir, Path::to_path_buf);
    let files = FontFiles::open(&dir).map_err(|e| {
        build::shape_diagnostic(e)
            .with_hint("point --fonts (or NEWSPRINT_FONTS) at a folder with newsprint's faces")
    })?;
    Ok((files, started.elapsed()))
}

/// Parses the mapped fonts.
pub fn parse_fonts(files: &FontFiles) -> Result<FontDb<'_>, Diagnostic> {
    FontDb::new(files).map_err(build::shape_diagnostic)
}

/// Runs the plan on an edition folder or a copy file; diagnostics are printed as they come.
pub fn run(path: &Path, db: &FontDb, plan: &Plan, printer: &Printer) -> Report {
    let started = Instant::now();
    let mut report = Report::new(plan.command);
    // The output folder is locked first, so two builds never interleave, even in reading.
    let pdf_out = match plan.pdf_dir.as_deref().map(|d| PdfOutput::open(d, plan.draft)) {
        Some(Err(d)) => {
            printer.print(&Sources::new(), std::slice::from_ref(&d));
            report.add_errors(&Sources::new(), &[d]);
            return report;
        }
        Some(Ok(o)) => Some(o),
        None => None,
    };
    let mut job = match build::read_job(path) {
        Ok(job) => job,
        Err(Failure { sources, diagnostics }) => {
            discard(pdf_out);
            printer.print(&sources, &diagnostics);
            report.add_errors(&sources, &diagnostics);
            report.timings.total_ms = ms(started.elapsed());
            // The sheet an editor has open says the edition is broken, instead of keeping
            // the last good one.
            if let Some(dir) = &plan.proof_dir
                && std::fs::create_dir_all(dir).is_ok()
            {
                write_sheet(&mut report, dir, &sources, printer, plan);
            }
            return report;
        }
    };
    job.edition.output.draft = plan.draft;
    report.timings.read_ms = ms(started.elapsed());
    report.set_issue(&job);
    if let Some(dir) = &plan.proof_dir
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        let d =
            Diagnostic::file_error(dir, format!("cannot create output folder: {e}")).of_kind(Kind::Output);
        printer.print(&job.sources, std::slice::from_ref(&d));
        report.add_errors(&job.sources, &[d]);
        discard(pdf_out);
        return report;
    }
    let bar = progress_bar(plan.progress && job.pages.len() > 1, job.pages.len());
    // The stages run one after the other, each over all pages at once (pages share the
    // fonts and nothing else), so each stage's wall time is its own and they add up; pages
    // are reported in manifest order, whatever the scheduling.
    // A page that receives a continuation (转版) waits for the wave of the page its story
    // starts on; the pages of a wave are laid out in parallel.
    let t = Instant::now();
    let mut done: Vec<Option<Result<build::LaidOutPage, Diagnostic>>> =
        (0..job.pages.len()).map(|_| None).collect();
    for wave in build::waves(&job) {
        let so_far: Vec<Option<&build::LaidOutPage>> = done
            .iter()
            .map(|o| o.as_ref().and_then(|l| l.as_ref().ok()))
            .collect();
        let laid_wave: Vec<(usize, Result<build::LaidOutPage, Diagnostic>)> = wave
            .par_iter()
            .map(|&i| {
                let incoming = build::incoming(&job, i, &so_far);
                let laid = lay_out(&job, i, &incoming, db, plan);
                bar.inc(1);
                (i, laid)
            })
            .collect();
        for (i, l) in laid_wave {
            done[i] = Some(l);
        }
    }
    let laid: Vec<Result<build::LaidOutPage, Diagnostic>> = done.into_iter().flatten().collect();
    report.timings.layout_ms = ms(t.elapsed());
    report.add_jumps(&job, &laid.iter().map(|l| l.as_ref().ok()).collect::<Vec<_>>());
    let ok: Vec<(usize, &build::LaidOutPage)> = laid
        .iter()
        .enumerate()
        .filter_map(|(i, l)| Some((i, l.as_ref().ok()?)))
        .collect();

    let t = Instant::now();
    let pngs: Vec<Option<(Drawn, Duration)>> = ok
        .par_iter()
        .map(|&(i, l)| plan.proof_dir.as_ref().map(|_| draw(&job, i, l, db, plan)))
        .collect();
    report.timings.proof_ms = ms(t.elapsed());

    let t = Instant::now();
    let pdfs = plan
        .pdf_dir
        .as_ref()
        .map(|_| build::export_edition(&job, &ok, db, plan.issue_pdf));
    report.timings.pdf_ms = ms(t.elapsed());
    // The files go into staging while the preflight reads them (the plant's check, from the
    // bytes in memory): a failed preflight discards the staging folder, so the output
    // folder is left as it was all the same. What has failed already is not written.
    let failed_before = has_errors(&laid)
        || pdfs
            .as_ref()
            .is_some_and(|p| p.pages.iter().any(Result::is_err) || matches!(p.issue, Some(Err(_))));
    let pdf_dir: Option<PathBuf> = match &pdf_out {
        Some(PdfOutput::Staged(..)) if failed_before => None,
        Some(o) => Some(o.write_dir()),
        None => None,
    };
    let t = Instant::now();
    let ((checked, checked_in), (pages_written, issue)) = rayon::join(
        || {
            let checked = match (&pdfs, &plan.pdf_dir, plan.preflight) {
                (Some(pdfs), Some(dir), true) => preflight_all(&job, &ok, pdfs, dir),
                _ => Vec::new(),
            };
            (checked, t.elapsed())
        },
        || write_all(&ok, pdfs.as_ref(), pdf_dir.as_deref(), &pngs, plan),
    );
    report.timings.preflight_ms = ms(checked_in);
    let preflight_time = |k: usize| checked.get(k).map_or(0.0, |(_, t)| ms(*t));
    report.timings.pages = ok
        .iter()
        .enumerate()
        .map(|(k, (_, l))| PageTimings {
            page: l.page.number,
            layout_ms: ms(l.layout_time),
            proof_ms: pngs[k].as_ref().map_or(0.0, |(_, t)| ms(*t)),
            pdf_ms: pdfs.as_ref().map_or(0.0, |p| ms(p.page_times[k])),
            preflight_ms: preflight_time(k),
        })
        .collect();
    if let Some(p) = &pdfs {
        report.timings.pdf_parts_ms = ms(p.prepare_time);
        report.timings.issue = p.issue.as_ref().map(|_| FileTimings {
            pdf_ms: ms(p.issue_time),
            preflight_ms: preflight_time(ok.len()),
        });
    }
    let found: Vec<Diagnostic> = checked.into_iter().flat_map(|(d, _)| d).collect();
    // A failed build writes no PDF, except as a draft.
    let failed = failed_before || !found.is_empty();
    let (mut pages_written, mut issue) = (pages_written, issue);
    if failed && matches!(pdf_out, Some(PdfOutput::Staged(..))) {
        // Written into staging, which is about to go: no file of this build stands.
        pages_written.iter_mut().for_each(|(pdf, _)| *pdf = None);
        issue = None;
    }
    let mut held_back = None;
    if let Some(d) = settle(pdf_out, &mut pages_written, &mut issue, failed, &mut held_back) {
        printer.print(&job.sources, std::slice::from_ref(&d));
        report.add_errors(&job.sources, &[d]);
    }
    let mut written: Vec<PageWritten> = pages_written.into_iter().rev().collect();
    // What writing took beyond the preflight it ran beside: the stages still add up.
    report.timings.write_ms = ms(t.elapsed().saturating_sub(checked_in));
    for (i, laid) in laid.iter().enumerate() {
        let laid = match laid {
            Ok(l) => l,
            Err(d) => {
                bar.suspend(|| printer.print(&job.sources, std::slice::from_ref(d)));
                report.add_errors(&job.sources, std::slice::from_ref(d));
                continue;
            }
        };
        bar.suspend(|| printer.print(&job.sources, &laid.diagnostics));
        report.add_page(&job, i, laid);
        let number = Some(laid.page.number);
        let (pdf, png) = written.pop().unwrap_or((None, None));
        for (written, kind) in [(pdf, "pdf"), (png, "png")] {
            if let Some(written) = written {
                record(
                    &mut report,
                    &job.sources,
                    printer,
                    plan,
                    written,
                    kind,
                    number,
                    &bar,
                );
            }
        }
    }
    bar.finish_and_clear();
    if let Some(written) = issue {
        // The whole issue in one file as well, for plants that take one PDF per edition.
        record(
            &mut report,
            &job.sources,
            printer,
            plan,
            written,
            "pdf",
            None,
            &bar,
        );
    }
    printer.print(&job.sources, &found);
    report.add_errors(&job.sources, &found);
    if let Some(dir) = &plan.proof_dir {
        let t = Instant::now();
        // The sheet's report.json carries the timings so far.
        report.timings.total_ms = ms(started.elapsed());
        write_sheet(&mut report, dir, &job.sources, printer, plan);
        report.timings.proof_ms += ms(t.elapsed());
    }
    report.timings.total_ms = ms(started.elapsed());
    report
}

/// Where this run's PDFs go: staged in a locked output folder and published only when the
/// whole build succeeds, or (drafts) written straight into their folder.
enum PdfOutput {
    /// All or nothing (`build -o`, `watch --pdf`).
    Staged(OutputLock, Staging),
    /// Written as they come (`build --draft`).
    Direct(PathBuf),
}

impl PdfOutput {
    /// Locks and stages, or makes the draft folder.
    fn open(dir: &Path, draft: bool) -> Result<PdfOutput, Diagnostic> {
        if draft {
            std::fs::create_dir_all(dir).map_err(|e| {
                Diagnostic::file_error(dir, format!("cannot create output folder: {e}")).of_kind(Kind::Output)
            })?;
            return Ok(PdfOutput::Direct(dir.to_path_buf()));
        }
        let lock = OutputLock::acquire(dir).map_err(|d| d.of_kind(Kind::Output))?;
        let staging = Staging::begin(&lock).map_err(|d| d.of_kind(Kind::Output))?;
        Ok(PdfOutput::Staged(lock, staging))
    }

    /// The folder files are written into now.
    fn write_dir(&self) -> PathBuf {
        match self {
            PdfOutput::Staged(_, staging) => staging.dir().to_path_buf(),
            PdfOutput::Direct(dir) => dir.clone(),
        }
    }
}

/// Whether any page failed or carries an error.
fn has_errors(laid: &[Result<build::LaidOutPage, Diagnostic>]) -> bool {
    laid.iter().any(|l| {
        l.as_ref().map_or(true, |l| {
            l.diagnostics.iter().any(|d| d.severity == Severity::Error)
        })
    })
}

/// Ends the PDF output: a successful staged build is published (every page, then the issue
/// file) and the paths become the published ones; a failed one is discarded, and
/// `held_back` names the folder left as it was. Returns an error when publishing failed.
fn settle(
    out: Option<PdfOutput>,
    pages: &mut [PageWritten],
    issue: &mut Option<Written>,
    failed: bool,
    held_back: &mut Option<PathBuf>,
) -> Option<Diagnostic> {
    let Some(PdfOutput::Staged(lock, mut staging)) = out else {
        return None;
    };
    let all_written = pages.iter().all(|(p, _)| !matches!(p, Some(Err(_)))) && !matches!(issue, Some(Err(_)));
    if failed || !all_written {
        *held_back = Some(lock.dir().to_path_buf());
        staging.discard();
        return None;
    }
    // Pages in order, the issue file as the index; each path becomes the published one.
    let name = |path: &PathBuf| path.file_name().and_then(|n| n.to_str()).map(str::to_string);
    for path in pages.iter_mut().flat_map(|(p, _)| p).flatten() {
        if let Some(name) = name(path) {
            staging.add(&name);
            *path = staging.target(&name);
        }
    }
    if let Some(Ok(path)) = issue
        && let Some(name) = name(path)
    {
        staging.add_index(&name);
        *path = staging.target(&name);
    }
    let result = staging.publish().err();
    drop(lock);
    result.map(|d| d.of_kind(Kind::Output))
}

/// Reads every file as the plant would (TYPOGRAPHY.md §7), from the bytes about to be
/// written: the pages in parallel, then the issue file, whose streams the session has met
/// in the pages already. Per file, pages first: its diagnostics and the time its check took.
fn preflight_all(
    job: &build::Job,
    ok: &[(usize, &build::LaidOutPage)],
    pdfs: &build::EditionPdfs,
    dir: &Path,
) -> Vec<(Vec<Diagnostic>, Duration)> {
    let session = newsprint::preflight::Session::new(newsprint::preflight::Expect {
        x4: job.edition.output.x4,
    });
    let check = |target: &Path, bytes: Option<&[u8]>| {
        let t = Instant::now();
        let found = bytes.map_or_else(Vec::new, |b| {
            session
                .check(b)
                .into_iter()
                .map(|v| Diagnostic::file_error(target, format!("preflight {v}")).of_kind(Kind::Output))
                .collect()
        });
        (found, t.elapsed())
    };
    let mut checked: Vec<(Vec<Diagnostic>, Duration)> = ok
        .par_iter()
        .zip(&pdfs.pages)
        .map(|((_, l), pdf)| check(&dir.join(&l.file_name), pdf.as_ref().ok().map(Vec::as_slice)))
        .collect();
    if let Some(Ok((name, pdf))) = &pdfs.issue {
        checked.push(check(&dir.join(name), Some(pdf)));
    }
    checked
}

/// Every file written into `pdf_dir` (PDFs) and the plan's proof folder, in reporting
/// order: per page its PDF and its proof, then the issue file. Each write waits for the
/// disk (it syncs), so they go in parallel.
fn write_all(
    ok: &[(usize, &build::LaidOutPage)],
    pdfs: Option<&build::EditionPdfs>,
    pdf_dir: Option<&Path>,
    pngs: &[Option<(Drawn, Duration)>],
    plan: &Plan,
) -> (Vec<PageWritten>, Option<Written>) {
    rayon::join(
        || {
            ok.par_iter()
                .enumerate()
                .map(|(k, (_, laid))| {
                    let pdf = pdfs.zip(pdf_dir).map(|(p, dir)| {
                        p.pages[k]
                            .as_ref()
                            .map_err(Clone::clone)
                            .and_then(|bytes| write(&dir.join(&laid.file_name), bytes))
                    });
                    let png = pngs[k]
                        .as_ref()
                        .zip(plan.proof_dir.as_ref())
                        .map(|((png, _), dir)| {
                            let target = dir.join(report::proof_name(&laid.file_name));
                            png.as_ref()
                                .map_err(Clone::clone)
                                .and_then(|bytes| write(&target, bytes))
                        });
                    (pdf, png)
                })
                .collect::<Vec<_>>()
        },
        || {
            pdfs.and_then(|p| p.issue.as_ref())
                .zip(pdf_dir)
                .map(|(issue, dir)| {
                    issue
                        .as_ref()
                        .map_err(Clone::clone)
                        .and_then(|(name, pdf)| write(&dir.join(name), pdf))
                })
        },
    )
}

/// Drops a staged output unpublished.
fn discard(out: Option<PdfOutput>) {
    if let Some(PdfOutput::Staged(lock, staging)) = out {
        staging.discard();
        drop(lock);
    }
}

/// Lays out one page, with the plan's view of which problems are errors.
fn lay_out(
    job: &build::Job,
    i: usize,
    incoming: &[build::Incoming],
    db: &FontDb,
    plan: &Plan,
) -> Result<build::LaidOutPage, Diagnostic> {
    let mut laid = build::lay_out_page_from(job, i, db, incoming)?;
    plan.policy.apply(&mut laid.diagnostics);
    Ok(laid)
}

/// Draws one page's proof as PNG bytes; returns them with the time taken.
fn draw(
    job: &build::Job,
    i: usize,
    laid: &build::LaidOutPage,
    db: &FontDb,
    plan: &Plan,
) -> (Drawn, Duration) {
    let t = Instant::now();
    let copy = &job.pages[i].1;
    let png = proof::render(&laid.page, db, &proof::highlights(&laid.page, copy), &plan.proof)
        .and_then(|p| proof::encode_png(&p))
        .map_err(|e| {
            let target = plan
                .proof_dir
                .as_deref()
                .unwrap_or(Path::new(""))
                .join(report::proof_name(&laid.file_name));
            Diagnostic::file_error(&target, e.to_string())
        });
    (png, t.elapsed())
}

/// A proof's PNG bytes, or why it could not be drawn.
type Drawn = Result<Vec<u8>, Diagnostic>;

/// A file written, or why not.
type Written = Result<PathBuf, Diagnostic>;

/// A page's PDF and proof, each written or not (not asked for, or not to be published).
type PageWritten = (Option<Written>, Option<Written>);

fn write(target: &Path, bytes: &[u8]) -> Result<PathBuf, Diagnostic> {
    write_atomic(target, bytes)
        .map(|()| target.to_path_buf())
        .map_err(|e| Diagnostic::file_error(target, format!("cannot write: {e}")).of_kind(Kind::Output))
}

#[allow(clippy::too_many_arguments)]
fn record(
    report: &mut Report,
    sources: &Sources,
    printer: &Printer,
    plan: &Plan,
    written: Result<PathBuf, Diagnostic>,
    kind: &str,
    page: Option<u32>,
    bar: &indicatif::ProgressBar,
) {
    match written {
        Ok(path) => {
            if plan.list_files {
                bar.suspend(|| println!("{}", path.display()));
            }
            let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
            report.add_file(&path, kind, page, bytes);
        }
        Err(d) => {
            bar.suspend(|| printer.print(sources, std::slice::from_ref(&d)));
            report.add_errors(sources, &[d]);
        }
    }
}

/// `index.html` and `report.json` beside the proofs. The report written is the one so far,
/// so it lists the proofs and PDFs but not itself.
fn write_sheet(report: &mut Report, dir: &Path, sources: &Sources, printer: &Printer, plan: &Plan) {
    let json = serde_json::to_vec_pretty(&*report).unwrap_or_default();
    let links: Vec<(u32, String)> = report
        .files
        .iter()
        .filter_map(|f| Some((f.figures.as_ref()?.page, relative_href(dir, Path::new(&f.path))?)))
        .collect();
    let html = proof::contact_sheet(report, &links);
    let no_bar = indicatif::ProgressBar::hidden();
    let json_path = dir.join("report.json");
    let written = write(&json_path, &json);
    record(report, sources, printer, plan, written, "json", None, &no_bar);
    let written = write(&dir.join("index.html"), html.as_bytes());
    record(report, sources, printer, plan, written, "html", None, &no_bar);
}

fn progress_bar(show: bool, pages: usize) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar =
        indicatif::ProgressBar::with_draw_target(Some(pages as u64), indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    bar
}

/// The exit status a report calls for: 1 when it holds an error.
pub fn exit_code(report: &Report) -> std::process::ExitCode {
    if report.status == Status::Error {
        std::process::ExitCode::from(1)
    } else {
        std::process::ExitCode::SUCCESS
    }
}

/// Prints a report as JSON on stdout.
pub fn print_json(report: &Report) {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = serde_json::to_writer_pretty(&mut out, report);
    let _ = writeln!(out);
}
