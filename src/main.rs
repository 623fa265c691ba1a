//! The `newsprint` command: a thin layer over the library that parses arguments, writes
//! files atomically, prints diagnostics and sets the exit status (0 built, 1 input errors,
//! 2 usage errors). The subcommands live in `cli/`.

mod cli;
mod serve;

use clap::{Parser, Subcommand, ValueEnum};
use cli::diagnostics::{Printer, Style};
use newsprint::proof::ProofOptions;
use newsprint::report::Policy;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "newsprint",
    version,
    about = "Typesets Chinese newspaper pages: copy in, print-ready PDF out",
    after_help = "Start with:\n  newsprint init my-issue && newsprint proof my-issue -o proofs/\n\nExit status: 0 done (warnings allowed), 1 input errors, 2 usage errors."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print errors only: no warnings, no progress, no file list.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Say more: timings per stage.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Colour on stderr: auto (a terminal, and NO_COLOR unset), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Options shared by the commands that read an edition.
#[derive(clap::Args)]
struct Input {
    /// An edition folder (with edition.toml) or a single copy file.
    path: PathBuf,
    /// The fonts folder (default: $NEWSPRINT_FONTS, ./fonts, or the one built in).
    #[arg(long)]
    fonts: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the PDF pages of an edition folder or of a single copy file.
    #[command(
        after_help = "Example:\n  newsprint build issues/sample -o output/\n  newsprint build issues/sample --json > report.json"
    )]
    Build {
        #[command(flatten)]
        input: Input,
        /// Where the PDFs go.
        #[arg(short = 'o', long = "out", default_value = "output")]
        out: PathBuf,
        /// Print the JSON report (docs/report-schema.md) on stdout instead of the file list.
        #[arg(long)]
        json: bool,
        /// Accept copy that does not fit (reported as warnings, exit 0).
        #[arg(long)]
        allow_overflow: bool,
        /// Make warnings errors (exit 1), for nightly builds.
        #[arg(long)]
        strict: bool,
        /// Write draft-marked PDFs into DIR instead, even when the build fails (the output
        /// folder is left alone).
        #[arg(long, value_name = "DIR")]
        draft: Option<PathBuf>,
    },
    /// Read and lay out every page without writing anything; report what is wrong.
    #[command(after_help = "Example:\n  newsprint check issues/sample --strict")]
    Check {
        #[command(flatten)]
        input: Input,
        /// Make warnings (repairs, placeholders, forced breaks) errors, for nightly builds.
        #[arg(long)]
        strict: bool,
        /// Accept copy that does not fit (reported as a warning).
        #[arg(long)]
        allow_overflow: bool,
        /// Print the JSON report on stdout.
        #[arg(long)]
        json: bool,
        /// One line per diagnostic (`file:line:col: error: message`) instead of the copy excerpt.
        #[arg(long)]
        short: bool,
    },
    /// Draw a PNG proof of every page, problems marked, and an index.html contact sheet.
    #[command(
        after_help = "Example:\n  newsprint proof issues/sample -o proofs/ --dpi 100\n  xdg-open proofs/index.html"
    )]
    Proof {
        #[command(flatten)]
        input: Input,
        /// Where the proofs, index.html and report.json go.
        #[arg(short = 'o', long = "out", default_value = "proofs")]
        out: PathBuf,
        /// Resolution of the proofs.
        #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(u32).range(10..=600))]
        dpi: u32,
        /// Draw the page only, without the problem marks.
        #[arg(long)]
        no_marks: bool,
        /// Accept copy that does not fit (reported as a warning, exit 0).
        #[arg(long)]
        allow_overflow: bool,
        /// Make warnings errors, as `build --strict` does.
        #[arg(long)]
        strict: bool,
        /// Print the JSON report on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Rebuild the proofs whenever the copy, the manifest or an image changes.
    #[command(after_help = "Example:\n  newsprint watch issues/sample -o proofs/ --pdf output/")]
    Watch {
        #[command(flatten)]
        input: Input,
        /// Where the proofs go.
        #[arg(short = 'o', long = "out", default_value = "proofs")]
        out: PathBuf,
        /// Also write the PDFs, into this folder.
        #[arg(long, value_name = "DIR")]
        pdf: Option<PathBuf>,
        /// Resolution of the proofs.
        #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(u32).range(10..=600))]
        dpi: u32,
    },
    /// Serve the edition's live proof to a browser: pages, stories and problems, kept current.
    #[command(
        after_help = "Example:\n  newsprint serve issues/sample\n  newsprint serve issues/sample --port 8080 --pdf output/"
    )]
    Serve {
        #[command(flatten)]
        input: Input,
        /// The port to listen on (0: any free port; the address is printed on stdout).
        #[arg(long, default_value_t = 8017)]
        port: u16,
        /// The address to listen on; only this machine can connect unless you change it.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Where `build` wrote the PDFs, to link them from the pages.
        #[arg(long, value_name = "DIR", default_value = "output")]
        pdf: PathBuf,
    },
    /// Create a new edition folder with a manifest and a page of example copy.
    #[command(
        after_help = "Example:\n  newsprint init issues/2024-05-01 && newsprint build issues/2024-05-01"
    )]
    Init {
        /// The folder to create (it must not exist, or be empty).
        dir: PathBuf,
    },
    /// List the faces found and their roles; with a copy, the characters no face covers.
    #[command(after_help = "Example:\n  newsprint fonts\n  newsprint fonts issues/sample")]
    Fonts {
        /// An edition folder or copy file to check for characters no face has.
        path: Option<PathBuf>,
        /// The fonts folder (default: $NEWSPRINT_FONTS, ./fonts, or the one built in).
        #[arg(long)]
        fonts: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stderr_tty = std::io::stderr().is_terminal();
    let color = match cli.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        // https://no-color.org: any non-empty NO_COLOR turns colour off.
        ColorWhen::Auto => stderr_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let ui = cli::Ui {
        quiet: cli.quiet,
        verbose: cli.verbose,
        progress: stderr_tty && !cli.quiet,
        printer: Printer {
            style: Style::Rich,
            color,
            quiet: cli.quiet,
        },
    };
    match cli.command {
        Command::Build {
            input,
            out,
            json,
            allow_overflow,
            strict,
            draft,
        } => cli::commands::build(
            &ui,
            &input.path,
            input.fonts.as_deref(),
            cli::commands::BuildArgs {
                out: &out,
                draft: draft.as_deref(),
                json,
                allow_overflow,
                strict,
            },
        ),
        Command::Check {
            input,
            strict,
            allow_overflow,
            json,
            short,
        } => cli::commands::check(
            &ui,
            &input.path,
            input.fonts.as_deref(),
            strict,
            allow_overflow,
            json,
            short,
        ),
        Command::Proof {
            input,
            out,
            dpi,
            no_marks,
            allow_overflow,
            strict,
            json,
        } => cli::commands::proof(
            &ui,
            &input.path,
            input.fonts.as_deref(),
            &out,
            ProofOptions {
                dpi: dpi as f32,
                marks: !no_marks,
            },
            Policy {
                strict,
                allow_overflow,
            },
            json,
        ),
        Command::Watch { input, out, pdf, dpi } => cli::watch::watch(
            &ui,
            &input.path,
            input.fonts.as_deref(),
            &out,
            pdf.as_deref(),
            dpi,
        ),
        Command::Serve {
            input,
            port,
            host,
            pdf,
        } => serve::serve(
            &ui,
            &serve::Options {
                path: input.path,
                fonts: input.fonts,
                host,
                port,
                pdf_dir: pdf,
            },
        ),
        Command::Init { dir } => cli::init::init(&ui, &dir),
        Command::Fonts { path, fonts } => cli::fonts::fonts(&ui, path.as_deref(), fonts.as_deref()),
    }
}
