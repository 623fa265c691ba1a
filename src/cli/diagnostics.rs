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
            // All in one write: stderr is unbuffered, and a line at a time was about 630
            // writes for the sample's 312 warnings.
            Style::Short => {
                let mut text = String::new();
                for d in shown {
                    text.push_str(&d.render(sources));
                    text.push('\n');
                }
                let _ = std::io::stderr().lock().write_all(text.as_bytes());
            }
            Style::Rich => {
                let choice = if self.color {
                    termcolor::ColorChoice::Always
                } else {
                    termcolor::ColorChoice::Never
                };
                // Written to a buffer and printed in one write, as above.
                let stream = termcolor::BufferWriter::stderr(choice);
                let mut w = stream.buffer();
                let shown: Vec<&Diagnostic> = shown.collect();
                // The same repair made many times on one line (the sample has lines with a
                // dozen half-width commas) is one excerpt with a caret under each.
                for group in shown.chunk_by(|a, b| same_line(sources, a, b)) {
                    rich(&mut w, sources, group);
                }
                let _ = stream.print(&w);
            }
        }
    }
}

/// Whether two diagnostics say the same thing on the same line of the same file.
fn same_line(sources: &Sources, a: &Diagnostic, b: &Diagnostic) -> bool {
    match (a.span, b.span) {
        (Some(x), Some(y)) => {
            x.file == y.file
                && a.severity == b.severity
                && a.message == b.message
                && a.hint == b.hint
                && sources.locate(x).line == sources.locate(y).line
        }
        _ => false,
    }
}

/// One rustc-like excerpt for a group of diagnostics that [`same_line`] joined.
fn rich(w: &mut termcolor::Buffer, sources: &Sources, group: &[&Diagnostic]) {
    let Some(d) = group.first() else { return };
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
            let labels = group
                .iter()
                .filter_map(|g| g.span)
                .map(|s| Label::primary((), caret_range(&src.text, s.start as usize, s.end as usize)))
                .collect();
            let message = match group.len() {
                1 => d.message.clone(),
                n => format!("{} ({n} times on this line)", d.message),
            };
            out = out.with_message(message).with_labels(labels).with_notes(notes);
            if term::emit_to_write_style(w, &config, &file, &out).is_err() {
                let _ = writeln!(w, "{}", d.render(sources));
            }
        }
        None => {
            let message = match &d.path {
                Some(p) if !d.message.contains(&p.display().to_string()) => {
                    format!("{}: {}", p.display(), d.message)
                }
                _ => d.message.clone(),
            };
            out = out.with_message(message).with_notes(notes);
            let file = SimpleFile::new(String::new(), "");
            if term::emit_to_write_style(w, &config, &file, &out).is_err() {
                let _ = writeln!(w, "{}", d.render(sources));
            }
        }
    }
}

/// A byte range on character boundaries inside the text; an empty span (a page with no copy)
/// still gets a caret, widened to one character where there is one.
fn caret_range(text: &str, start: usize, end: usize) -> std::ops::Range<usize> {
    let fix = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = fix(start);
    let mut end = fix(end.max(start));
    if end == start {
        end = match text[start..].chars().next() {
            Some(c) if c != '\n' && c != '\r' => start + c.len_utf8(),
            _ => start,
        };
    }
    start..end
}
