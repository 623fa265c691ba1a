//! Printing diagnostics on stderr: the one-line form (`file:line:col: error: message`, as
//! `build` has always printed, for scripts and editors' quickfix lists) or the rustc-like
//! form with the copy line underlined and a help line (codespan-reporting).

use codespan_reporting::diagnostic::{Diagnostic as Rich, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};
use newsprint::diag::{Diagnostic, Severity, Sources};
use std::io::Write;

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `file:line:col: error: message` and a `hint:` line.
    Short,
    /// rustc-like, with the copy line and a caret under the problem.
    Rich,
}

/// Where diagnostics go and how they look.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    /// Short or rich.
    pub style: Style,
    /// Colour on stderr.
    pub color: bool,
    /// Leave out warnings (`--quiet`).
    pub quiet: bool,
}

impl Printer {
    /// Prints diagnostics, in order.
    pub fn print(&self, sources: &Sources, diagnostics: &[Diagnostic]) {
        let shown = diagnostics
            .iter()
            .filter(|d| !(self.quiet && d.severity == Severity::Warning));
        match self.style {
            Style::Short => {
                let stderr = std::io::stderr();
                let mut err = stderr.lock();
                for d in shown {
                    let _ = writeln!(err, "{}", d.render(sources));
                }
            }
            Style::Rich => {
                let choice = if self.color {
                    termcolor::ColorChoice::Always
                } else {
                    termcolor::ColorChoice::Never
                };
                let stream = termcolor::StandardStream::stderr(choice);
                let mut w = stream.lock();
                for d in shown {
                    rich(&mut w, sources, d);
                }
            }
        }
    }
}

fn rich(w: &mut termcolor::StandardStreamLock, sources: &Sources, d: &Diagnostic) {
    let config = term::Config::default();
    let mut out = match d.severity {
        Severity::Warning => Rich::warning(),
        Severity::Error => Rich::error(),
    };
    let mut notes = Vec::new();
    if let Some(h) = &d.hint {
        notes.push(format!("help: {h}"));
    }
    match d.span {
        Some(span) => {
            let src = sources.get(span.file);
            let file = SimpleFile::new(src.path.display().to_string(), src.text.as_str());
            let len = src.text.len();
            // An empty span (a page with no copy) still gets a caret: widen it to one
            // character where there is one.
            let start = (span.start as usize).min(len);
            let mut end = (span.end as usize).clamp(start, len);
            if end == start {
                end = src.text[start..].chars().next().map_or(start, |c| start + c.len_utf8());
            }
            out = out
                .with_message(&d.message)
                .with_labels(vec![Label::primary((), start..end)])
                .with_notes(notes);
            if term::emit_to_write_style(w, &config, &file, &out).is_err() {
                let _ = writeln!(w, "{}", d.render(sources));
            }
        }
        None => {
            let message = match &d.path {
                Some(p) => format!("{}: {}", p.display(), d.message),
                None => d.message.clone(),
            };
            out = out.with_message(message).with_notes(notes);
            let file = SimpleFile::new(String::new(), "");
            if term::emit_to_write_style(w, &config, &file, &out).is_err() {
                let _ = writeln!(w, "{}", d.render(sources));
            }
        }
    }
}
