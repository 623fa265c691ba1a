//! The one run behind `build`, `check`, `proof` and `watch`: read, lay out, then (as asked)
//! export PDFs, draw proofs and the contact sheet, gathering one [`Report`].

use super::diagnostics::Printer;
use super::files::{relative_href, write_atomic};
use newsprint::build::{self, Failure};
use newsprint::diag::{Diagnostic, Kind, Sources};
use newsprint::proof::{self, ProofOptions};
use newsprint::report::{self, Policy, Report, Status, ms};
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
    let job = match build::read_job(path) {
        Ok(job) => job,
        Err(Failure { sources, diagnostics }) => {
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
    report.timings.read_ms = ms(started.elapsed());
    report.set_issue(&job);
    for dir in [&plan.pdf_dir, &plan.proof_dir].into_iter().flatten() {
        if let Err(e) = std::fs::create_dir_all(dir) {
            let d = Diagnostic::file_error(dir, format!("cannot create output folder: {e}"))
                .of_kind(Kind::Output);
            printer.print(&job.sources, std::slice::from_ref(&d));
            report.add_errors(&job.sources, &[d]);
            return report;
        }
    }
    let bar = progress_bar(plan.progress && job.pages.len() > 1, job.pages.len());
    // Pages share the fonts and nothing else: lay out, export and draw them in parallel,
    // then report them in manifest order so the output does not depend on scheduling. A page
    // that receives a continuation (转版) waits for the wave of the page the story starts on.
    let mut done: Vec<Option<PageOutcome>> = (0..job.pages.len()).map(|_| None).collect();
    for wave in build::waves(&job) {
        let laid: Vec<Option<&build::LaidOutPage>> = done
            .iter()
            .map(|o| o.as_ref().and_then(|o| o.laid.as_ref().ok()))
            .collect();
        let outcomes: Vec<(usize, PageOutcome)> = wave
            .par_iter()
            .map(|&i| {
                let incoming = build::incoming(&job, i, &laid);
                let outcome = process_page(&job, i, &incoming, db, plan);
                bar.inc(1);
                (i, outcome)
            })
            .collect();
        for (i, o) in outcomes {
            done[i] = Some(o);
        }
    }
    let outcomes: Vec<PageOutcome> = done.into_iter().flatten().collect();
    report.add_jumps(
        &job,
        &outcomes.iter().map(|o| o.laid.as_ref().ok()).collect::<Vec<_>>(),
    );
    let (mut layout_t, mut pdf_t, mut proof_t) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut pdfs = Vec::new();
    for (i, outcome) in outcomes.iter().enumerate() {
        let laid = match &outcome.laid {
            Ok(l) => l,
            Err(d) => {
                bar.suspend(|| printer.print(&job.sources, std::slice::from_ref(d)));
                report.add_errors(&job.sources, std::slice::from_ref(d));
                continue;
            }
        };
        layout_t += laid.layout_time;
        pdf_t += outcome.pdf_time;
        proof_t += outcome.proof_time;
        bar.suspend(|| printer.print(&job.sources, &laid.diagnostics));
        report.add_page(&job, i, laid);
        let number = Some(laid.page.number);
        if let Some(Ok(p)) = &outcome.pdf {
            pdfs.push(p.clone());
        }
        for (written, kind) in [(&outcome.pdf, "pdf"), (&outcome.png, "png")] {
            if let Some(written) = written.clone() {
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
    if let (Some(dir), true) = (&plan.pdf_dir, plan.issue_pdf) {
        // The whole issue in one file as well, for plants that take one PDF per edition.
        let pages: Vec<&newsprint::layout::Page> = outcomes
            .iter()
            .filter_map(|o| o.laid.as_ref().ok())
            .map(|l| &l.page)
            .collect();
        if !pages.is_empty() {
            let t = Instant::now();
            let written =
                build::export_issue(&job, &pages, db).and_then(|(name, pdf)| write(&dir.join(name), &pdf));
            pdf_t += t.elapsed();
            if let Ok(p) = &written {
                pdfs.push(p.clone());
            }
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
    }
    if plan.preflight {
        // Read every file back and check it as the plant would (TYPOGRAPHY.md §7).
        let expect = newsprint::preflight::Expect {
            x4: job.edition.output.x4,
        };
        // Files are checked in parallel and reported in the order they were written.
        let found: Vec<Diagnostic> = pdfs
            .par_iter()
            .map(|target| {
                newsprint::preflight::check_file(target, &expect)
                    .into_iter()
                    .map(|v| Diagnostic::file_error(target, format!("preflight {v}")).of_kind(Kind::Output))
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .collect();
        printer.print(&job.sources, &found);
        report.add_errors(&job.sources, &found);
    }
    report.timings.layout_ms = ms(layout_t);
    report.timings.pdf_ms = ms(pdf_t);
    if let Some(dir) = &plan.proof_dir {
        let t = Instant::now();
        // The sheet's report.json carries the timings so far.
        report.timings.proof_ms = ms(proof_t);
        report.timings.total_ms = ms(started.elapsed());
        write_sheet(&mut report, dir, &job.sources, printer, plan);
        proof_t += t.elapsed();
    }
    report.timings.proof_ms = ms(proof_t);
    report.timings.total_ms = ms(started.elapsed());
    report
}

/// What became of one page.
struct PageOutcome {
    /// The layout, or what stopped it.
    laid: Result<build::LaidOutPage, Diagnostic>,
    /// The PDF written, when asked for.
    pdf: Option<Result<PathBuf, Diagnostic>>,
    /// The proof written, when asked for.
    png: Option<Result<PathBuf, Diagnostic>>,
    /// Time spent exporting.
    pdf_time: Duration,
    /// Time spent drawing.
    proof_time: Duration,
}

/// Lays out one page and writes what the plan asks for.
fn process_page(
    job: &build::Job,
    i: usize,
    incoming: &[build::Incoming],
    db: &FontDb,
    plan: &Plan,
) -> PageOutcome {
    let mut outcome = PageOutcome {
        laid: build::lay_out_page_from(job, i, db, incoming),
        pdf: None,
        png: None,
        pdf_time: Duration::ZERO,
        proof_time: Duration::ZERO,
    };
    let Ok(laid) = &mut outcome.laid else {
        return outcome;
    };
    plan.policy.apply(&mut laid.diagnostics);
    if let Some(dir) = &plan.pdf_dir {
        let t = Instant::now();
        let written =
            build::export_page(job, i, laid, db).and_then(|pdf| write(&dir.join(&laid.file_name), &pdf));
        outcome.pdf_time = t.elapsed();
        outcome.pdf = Some(written);
    }
    if let Some(dir) = &plan.proof_dir {
        let t = Instant::now();
        let copy = &job.pages[i].1;
        let target = dir.join(report::proof_name(&laid.file_name));
        let written = proof::render(&laid.page, db, &proof::highlights(&laid.page, copy), &plan.proof)
            .and_then(|p| proof::encode_png(&p))
            .map_err(|e| Diagnostic::file_error(&target, e.to_string()))
            .and_then(|png| write(&target, &png));
        outcome.proof_time = t.elapsed();
        outcome.png = Some(written);
    }
    outcome
}

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
