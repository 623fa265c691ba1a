//! `build`, `check` and `proof`: one pipeline run each, with different outputs.

use super::Ui;
use super::diagnostics::Style;
use super::pipeline::{self, Plan};
use newsprint::diag::Sources;
use newsprint::proof::ProofOptions;
use newsprint::report::{Policy, Report, ms};
use std::path::Path;
use std::process::ExitCode;

/// Opens the fonts and runs a plan; a font that cannot be opened ends the run with a report
/// holding that error.
fn run_plan(ui: &Ui, path: &Path, fonts: Option<&Path>, plan: &Plan) -> Report {
    let fail = |d| {
        ui.printer.print(&Sources::new(), std::slice::from_ref(&d));
        let mut r = Report::new(plan.command);
        r.add_errors(&Sources::new(), &[d]);
        r
    };
    let (files, fonts_time) = match pipeline::open_fonts(fonts) {
        Ok(f) => f,
        Err(d) => return fail(d),
    };
    let parsing = std::time::Instant::now();
    let db = match pipeline::parse_fonts(&files) {
        Ok(db) => db,
        Err(d) => return fail(d),
    };
    let fonts_time = fonts_time + parsing.elapsed();
    let mut report = pipeline::run(path, &db, plan, &ui.printer);
    report.timings.fonts_ms = ms(fonts_time);
    report.timings.total_ms += report.timings.fonts_ms;
    report
}

/// What `newsprint build` is asked for.
#[derive(Debug, Clone, Copy)]
pub struct BuildArgs<'a> {
    /// The output folder (`-o`).
    pub out: &'a Path,
    /// The draft folder (`--draft`), which replaces the output folder for this run.
    pub draft: Option<&'a Path>,
    /// `--json`.
    pub json: bool,
    /// `--allow-overflow`.
    pub allow_overflow: bool,
    /// `--strict`.
    pub strict: bool,
}

/// `newsprint build`: PDFs, the file list (or `--json`) on stdout, one-line diagnostics.
/// With `--draft DIR`, draft-marked PDFs go into DIR whatever the outcome and the output
/// folder is not touched.
pub fn build(ui: &Ui, path: &Path, fonts: Option<&Path>, args: BuildArgs) -> ExitCode {
    let BuildArgs {
        out,
        draft,
        json,
        allow_overflow,
        strict,
    } = args;
    if let Some(d) = draft
        && same_folder(d, out)
    {
        let d = newsprint::diag::Diagnostic::file_error(d, "--draft names the output folder")
            .with_hint("drafts go into a folder of their own, e.g. --draft drafts/");
        ui.printer.print(&Sources::new(), &[d]);
        return ExitCode::from(1);
    }
    let plan = Plan {
        command: "build",
        pdf_dir: Some(draft.unwrap_or(out).to_path_buf()),
        draft: draft.is_some(),
        proof_dir: None,
        proof: ProofOptions::default(),
        policy: Policy {
            strict,
            allow_overflow,
        },
        issue_pdf: true,
        preflight: true,
        list_files: !json && !ui.quiet,
        progress: ui.progress,
    };
    // `build` keeps the one-line form its users' scripts read.
    let ui = Ui {
        printer: super::diagnostics::Printer {
            style: Style::Short,
            ..ui.printer
        },
        ..*ui
    };
    let report = run_plan(&ui, path, fonts, &plan);
    finish(&ui, &report, json)
}

/// `newsprint check`: lay out, write nothing, say what is wrong.
pub fn check(
    ui: &Ui,
    path: &Path,
    fonts: Option<&Path>,
    strict: bool,
    allow_overflow: bool,
    json: bool,
    short: bool,
) -> ExitCode {
    let plan = Plan {
        command: "check",
        pdf_dir: None,
        proof_dir: None,
        proof: ProofOptions::default(),
        policy: Policy {
            strict,
            allow_overflow,
        },
        issue_pdf: false,
        preflight: false,
        list_files: false,
        progress: ui.progress,
        draft: false,
    };
    let mut ui = *ui;
    if short {
        ui.printer.style = Style::Short;
    }
    let report = run_plan(&ui, path, fonts, &plan);
    if !json && !ui.quiet {
        // Each jump (转版) on a line of its own, at the copy character where the cut falls: the
        // editor sees where the story breaks and how much goes to each page.
        for j in &report.jumps {
            let at = j.cut.as_ref().or(j.at.as_ref());
            let at = at.map_or(String::new(), |p| format!("{}:{}:{}: ", p.file, p.line, p.col));
            eprintln!(
                "{at}jump: '{}' continues from page {} on page {} from here: {} on page {}, {} on page {}",
                j.story,
                j.from,
                j.to,
                counted(j.chars_from, "character"),
                j.from,
                counted(j.chars_to, "character"),
                j.to
            );
        }
        let t = &report.totals;
        eprintln!(
            "checked {}: {}, {}, {} overflowing",
            counted(t.pages, "page"),
            counted(t.errors, "error"),
            counted(t.warnings, "warning"),
            counted(t.chars_overflowing, "character")
        );
    }
    finish(&ui, &report, json)
}

/// `newsprint proof`: PNG proofs, `index.html` and `report.json`.
pub fn proof(
    ui: &Ui,
    path: &Path,
    fonts: Option<&Path>,
    out: &Path,
    options: ProofOptions,
    policy: Policy,
    json: bool,
) -> ExitCode {
    let plan = Plan {
        command: "proof",
        pdf_dir: None,
        proof_dir: Some(out.to_path_buf()),
        proof: options,
        policy,
        issue_pdf: false,
        preflight: false,
        list_files: !json && !ui.quiet,
        progress: ui.progress,
        draft: false,
    };
    let report = run_plan(ui, path, fonts, &plan);
    finish(ui, &report, json)
}

fn finish(ui: &Ui, report: &Report, json: bool) -> ExitCode {
    if json {
        pipeline::print_json(report);
    }
    ui.timings(report);
    pipeline::exit_code(report)
}

/// Whether two paths name one folder (resolved when both exist, else as written).
fn same_folder(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a.components().eq(b.components()),
    }
}

/// `1 page`, `2 pages`.
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
