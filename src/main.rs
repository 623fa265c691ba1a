//! The `newsprint` command: a thin layer over the library that parses arguments, writes
//! files atomically, prints diagnostics and sets the exit status (0 built, 1 input errors,
//! 2 usage errors).

use clap::{Parser, Subcommand};
use newsprint::build::{self, BuiltPage, Failure};
use newsprint::diag::{Diagnostic, Severity, Sources};
use newsprint::shape::{FontDb, FontFiles};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "newsprint",
    version,
    about = "Typesets Chinese newspaper pages: copy in, print-ready PDF out"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the PDF pages of an edition folder or of a single copy file.
    #[command(after_help = "Example:\n  newsprint build issues/sample -o output/")]
    Build {
        /// An edition folder (with edition.toml) or a single copy file.
        path: PathBuf,
        /// Where the PDFs go.
        #[arg(short = 'o', long = "out", default_value = "output")]
        out: PathBuf,
        /// Print one JSON report on stdout instead of the file list.
        #[arg(long)]
        json: bool,
        /// Accept copy that does not fit (reported as warnings, exit 0).
        #[arg(long)]
        allow_overflow: bool,
        /// The fonts folder (default: $NEWSPRINT_FONTS, ./fonts, or the one built in).
        #[arg(long)]
        fonts: Option<PathBuf>,
    },
}

/// The `--json` report.
#[derive(Serialize)]
struct JsonReport<'a> {
    /// Schema version of this report.
    version: u32,
    /// `ok` or `error`.
    status: &'a str,
    /// Every PDF written, with its figures.
    files: Vec<JsonFile<'a>>,
    /// Errors that stopped pages from being built.
    errors: Vec<String>,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: String,
    #[serde(flatten)]
    page: &'a build::PageReport,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            path,
            out,
            json,
            allow_overflow,
            fonts,
        } => run_build(&path, &out, json, allow_overflow, fonts.as_deref()),
    }
}

fn print_diagnostics(sources: &Sources, diagnostics: &[Diagnostic]) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for d in diagnostics {
        let _ = writeln!(err, "{}", d.render(sources));
    }
}

fn run_build(path: &Path, out: &Path, json: bool, allow_overflow: bool, fonts: Option<&Path>) -> ExitCode {
    let job = match build::read_job(path) {
        Ok(job) => job,
        Err(Failure { sources, diagnostics }) => {
            print_diagnostics(&sources, &diagnostics);
            if json {
                let errors = diagnostics.iter().map(|d| d.render(&sources)).collect();
                emit_json(&JsonReport {
                    version: 1,
                    status: "error",
                    files: Vec::new(),
                    errors,
                });
            }
            return ExitCode::from(1);
        }
    };
    let font_dir = fonts.map_or_else(FontFiles::default_dir, Path::to_path_buf);
    let files = match FontFiles::open(&font_dir) {
        Ok(f) => f,
        Err(e) => {
            print_diagnostics(&job.sources, &[build::shape_diagnostic(e)]);
            return ExitCode::from(1);
        }
    };
    let db = match FontDb::new(&files) {
        Ok(db) => db,
        Err(e) => {
            print_diagnostics(&job.sources, &[build::shape_diagnostic(e)]);
            return ExitCode::from(1);
        }
    };
    let mut built: Vec<BuiltPage> = Vec::new();
    let mut errors: Vec<Diagnostic> = Vec::new();
    for result in build::build_all(&job, &db) {
        match result {
            Ok(mut page) => {
                if allow_overflow {
                    for d in &mut page.diagnostics {
                        d.severity = Severity::Warning;
                    }
                }
                built.push(page);
            }
            Err(d) => errors.push(d),
        }
    }
    let mut failed = !errors.is_empty();
    for page in &built {
        print_diagnostics(&job.sources, &page.diagnostics);
        failed |= page.diagnostics.iter().any(|d| d.severity == Severity::Error);
    }
    print_diagnostics(&job.sources, &errors);
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!("{}: error: cannot create output folder: {e}", out.display());
        return ExitCode::from(1);
    }
    let mut written = Vec::new();
    for page in &built {
        let target = out.join(&page.file_name);
        if let Err(e) = write_atomic(&target, &page.pdf) {
            eprintln!("{}: error: cannot write: {e}", target.display());
            return ExitCode::from(1);
        }
        if !json {
            println!("{}", target.display());
        }
        written.push((target, page));
    }
    // The whole issue in one file as well, for plants that take one PDF per edition.
    let issue = if built.is_empty() {
        None
    } else {
        match build::build_issue(&job, &built, &db) {
            Ok((name, pdf)) => {
                let target = out.join(name);
                if let Err(e) = write_atomic(&target, &pdf) {
                    eprintln!("{}: error: cannot write: {e}", target.display());
                    return ExitCode::from(1);
                }
                if !json {
                    println!("{}", target.display());
                }
                Some(target)
            }
            Err(d) => {
                print_diagnostics(&job.sources, std::slice::from_ref(&d));
                failed = true;
                None
            }
        }
    };
    // Preflight: read every file back and check it as the plant would (TYPOGRAPHY.md §7).
    let expect = newsprint::preflight::Expect {
        x4: job.edition.output.x4,
    };
    let targets: Vec<&PathBuf> = written.iter().map(|(t, _)| t).chain(issue.as_ref()).collect();
    let found: Vec<_> = {
        use rayon::prelude::*;
        targets
            .par_iter()
            .map(|t| newsprint::preflight::check_file(t, &expect))
            .collect()
    };
    for (target, violations) in targets.iter().zip(found) {
        for v in violations {
            eprintln!("{}: error: preflight {v}", target.display());
            failed = true;
        }
    }
    if json {
        let files = written
            .iter()
            .map(|(t, p)| JsonFile {
                path: t.display().to_string(),
                page: &p.report,
            })
            .collect();
        let errors = errors.iter().map(|d| d.render(&job.sources)).collect();
        emit_json(&JsonReport {
            version: 1,
            status: if failed { "error" } else { "ok" },
            files,
            errors,
        });
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn emit_json(report: &JsonReport) {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = serde_json::to_writer_pretty(&mut out, report);
    let _ = writeln!(out);
}

/// Writes a file so that no reader ever sees half of it: a temporary file in the same
/// folder, synced, then renamed over the target.
fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
