//! Source positions and diagnostics shared by all stages.
//!
//! A `Span` is a file id and a byte range; line and column are computed only when a
//! diagnostic is printed, as rustc and Typst do, so spans stay cheap to carry.

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// Index of a source file in a [`Sources`] table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    /// The file the range lies in.
    pub file: FileId,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from a file and byte offsets.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both (same file assumed).
    pub fn join(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// One file of copy (or a manifest) as read from disk.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user named it, for messages.
    pub path: PathBuf,
    /// The whole text.
    pub text: String,
    /// Byte offset of the start of every line, for line/column look-ups.
    line_starts: Vec<usize>,
}

impl Source {
    /// A source from its path and text.
    pub fn new(path: impl Into<PathBuf>, text: String) -> Source {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Source {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        let byte = byte.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= byte) - 1;
        let start = self.line_starts[line];
        let col = self.text.get(start..byte).map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }
}

/// All sources of a build, addressed by [`FileId`].
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: Vec<Source>,
}

impl Sources {
    /// An empty table.
    pub fn new() -> Sources {
        Sources::default()
    }

    /// Adds a source and returns its id.
    pub fn add(&mut self, source: Source) -> FileId {
        self.files.push(source);
        FileId(self.files.len() as u32 - 1)
    }

    /// The source behind an id.
    pub fn get(&self, id: FileId) -> &Source {
        &self.files[id.0 as usize]
    }

    /// `path:line:col` of a span's start.
    pub fn locate(&self, span: Span) -> Location {
        let src = self.get(span.file);
        let (line, col) = src.line_col(span.start as usize);
        Location {
            path: src.path.clone(),
            line,
            col,
        }
    }
}

/// A resolved source position, for printing and reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.col)
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something was repaired or approximated; the page is still built.
    Warning,
    /// The page cannot be built as asked.
    Error,
}

/// A message about the input, placed on the copy where possible.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// Where in the copy, when the cause is there.
    #[serde(skip)]
    pub span: Option<Span>,
    /// A file named by the message when there is no span (a font, an image).
    pub path: Option<PathBuf>,
    /// Lowercase, one line, no final period.
    pub message: String,
    /// How to fix it, when known.
    pub hint: Option<String>,
    /// What sort of problem it is: the run's policy (`--allow-overflow`) and the editors'
    /// views (problems ranked, repairs folded away) go by it.
    pub kind: Kind,
}

/// The sort of a diagnostic, by what the editor does about it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Copy that does not fit: overflow, a break against the rules. `--allow-overflow`
    /// accepts it as a warning.
    Fitting,
    /// Something the page needs is missing: a photo's image, an ad.
    Missing,
    /// Makeup: space left, headlines side by side (撞题), a photo printed soft.
    Makeup,
    /// The input as written: unreadable copy or manifest, a font, a file.
    #[default]
    Input,
    /// A file could not be written, or the plant's check refused it.
    Output,
    /// The copy reader's repair (punctuation, spaces, a split paragraph): information.
    Repair,
}

impl Diagnostic {
    /// An error at a span.
    pub fn error(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            span: Some(span),
            path: None,
            message: message.into(),
            hint: None,
            kind: Kind::Input,
        }
    }

    /// A warning at a span.
    pub fn warning(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            span: Some(span),
            path: None,
            message: message.into(),
            hint: None,
            kind: Kind::Input,
        }
    }

    /// An error about a file rather than a place in the copy.
    pub fn file_error(path: &Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            span: None,
            path: Some(path.to_path_buf()),
            message: message.into(),
            hint: None,
            kind: Kind::Input,
        }
    }

    /// The same diagnostic, marked as a copy-fitting problem.
    pub fn fitting(self) -> Diagnostic {
        self.of_kind(Kind::Fitting)
    }

    /// The same diagnostic, of a kind.
    pub fn of_kind(mut self, kind: Kind) -> Diagnostic {
        self.kind = kind;
        self
    }

    /// The same diagnostic with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// `file:line:col: error: message` (plus a `hint:` line), as the CLI prints it.
    pub fn render(&self, sources: &Sources) -> String {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let place = match (self.span, &self.path) {
            (Some(span), _) => format!("{}: ", sources.locate(span)),
            (None, Some(p)) => format!("{}: ", p.display()),
            (None, None) => String::new(),
        };
        let mut out = format!("{place}{sev}: {}", self.message);
        if let Some(h) = &self.hint {
            out.push_str("\n  hint: ");
            out.push_str(h);
        }
        out
    }
}
