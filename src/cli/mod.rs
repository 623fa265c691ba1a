//! The subcommands of `newsprint`, over the library: `build`, `check` and `proof` share one
//! run (`pipeline`); `watch` repeats it on changes; `init` and `fonts` stand alone.

pub mod commands;
pub mod diagnostics;
pub mod files;
pub mod fonts;
pub mod init;
pub mod pipeline;
pub mod publish;
pub mod watch;

use diagnostics::Printer;
use newsprint::report::Report;

/// How the user wants to be talked to.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    /// Errors only.
    pub quiet: bool,
    /// `-v` count: 1 prints timings.
    pub verbose: u8,
    /// Whether a progress bar may be drawn (stderr is a terminal and not quiet).
    pub progress: bool,
    /// How diagnostics are printed.
    pub printer: Printer,
}

impl Ui {
    /// With `-v`, a summary line and the time per stage on stderr.
    pub fn timings(&self, r: &Report) {
        if self.verbose == 0 || self.quiet {
            return;
        }
        let t = &r.totals;
        eprintln!(
            "{} pages, {} stories, {} characters set, {} overflowing, {} warnings, {} errors",
            t.pages, t.stories, t.chars_set, t.chars_overflowing, t.warnings, t.errors
        );
        let m = &r.timings;
        eprintln!(
            "time: read {:.1} ms, fonts {:.1} ms, layout {:.1} ms, proof {:.1} ms, pdf {:.1} ms \
             (subsets and streams {:.1} ms), preflight {:.1} ms, write {:.1} ms, total {:.1} ms",
            m.read_ms,
            m.fonts_ms,
            m.layout_ms,
            m.proof_ms,
            m.pdf_ms,
            m.pdf_parts_ms,
            m.preflight_ms,
            m.write_ms,
            m.total_ms
        );
        if self.verbose > 1 || m.pages.len() > 1 {
            for p in &m.pages {
                eprintln!(
                    "  page {}: layout {:.1} ms, proof {:.1} ms, pdf {:.1} ms, preflight {:.1} ms",
                    p.page, p.layout_ms, p.proof_ms, p.pdf_ms, p.preflight_ms
                );
            }
            if let Some(i) = &m.issue {
                eprintln!(
                    "  issue file: pdf {:.1} ms, preflight {:.1} ms",
                    i.pdf_ms, i.preflight_ms
                );
            }
        }
    }
}
