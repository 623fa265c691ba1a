//! Why copy or a manifest cannot be read. Every variant carries the span at fault, so the CLI
//! can print `file:line:col: error: …` (FORMAT.md "Invariants").

use crate::diag::{Diagnostic, Span};

/// Copy or a manifest that cannot be read as asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CopyError {
    /// The file is not UTF-8.
    #[error("the file is not valid UTF-8")]
    NotUtf8 {
        /// The first bad byte.
        span: Span,
    },
    /// A control character other than tab, line feed and carriage return.
    #[error("control character U+{:04X} in the copy", *ch as u32)]
    ControlCharacter {
        /// The character.
        ch: char,
        /// Where it is.
        span: Span,
    },
    /// An image line `![](…)` with nothing between the parentheses.
    #[error("image line has no path")]
    EmptyImagePath {
        /// The image line.
        span: Span,
    },
    /// The manifest is not TOML, or not the shape we read (an unknown or missing key).
    #[error("{message}")]
    Manifest {
        /// What the TOML reader said, first letter lowercased.
        message: String,
        /// Where, or the file start when the reader gave no place.
        span: Span,
    },
    /// An issue date that is not a real `YYYY-MM-DD` date.
    #[error("invalid issue date `{text}`")]
    BadDate {
        /// The date as written.
        text: String,
        /// Where.
        span: Span,
    },
    /// A paper code that cannot be part of a file name.
    #[error("invalid paper code `{code}`")]
    BadPaperCode {
        /// The code as written.
        code: String,
        /// Where.
        span: Span,
    },
    /// A manifest field that must not be empty is.
    #[error("`{field}` is empty")]
    EmptyField {
        /// The field name, as in the manifest.
        field: &'static str,
        /// Where.
        span: Span,
    },
    /// A page numbered 0.
    #[error("page numbers start at 1")]
    BadPageNumber {
        /// The number.
        span: Span,
    },
    /// Two pages with one number.
    #[error("page {number} is listed twice")]
    DuplicatePage {
        /// The number.
        number: u32,
        /// The second listing.
        span: Span,
    },
    /// A manifest without a `[[page]]`.
    #[error("the manifest lists no pages")]
    NoPages {
        /// The start of the manifest.
        span: Span,
    },
}

impl CopyError {
    /// Where the error is.
    pub fn span(&self) -> Span {
        match self {
            CopyError::NotUtf8 { span }
            | CopyError::ControlCharacter { span, .. }
            | CopyError::EmptyImagePath { span }
            | CopyError::Manifest { span, .. }
            | CopyError::BadDate { span, .. }
            | CopyError::BadPaperCode { span, .. }
            | CopyError::EmptyField { span, .. }
            | CopyError::BadPageNumber { span }
            | CopyError::DuplicatePage { span, .. }
            | CopyError::NoPages { span } => *span,
        }
    }

    /// How to fix it, when we know.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            CopyError::NotUtf8 { .. } => Some("save the copy as UTF-8"),
            CopyError::ControlCharacter { .. } => Some("delete the character; it cannot be set"),
            CopyError::EmptyImagePath { .. } => {
                Some("write the image path relative to the copy file: `![](photos/a.jpg)`")
            }
            CopyError::BadDate { .. } => Some("write the date as YYYY-MM-DD, e.g. 2022-07-20"),
            CopyError::BadPaperCode { .. } => Some("use ASCII letters, digits, `-` or `_`"),
            CopyError::NoPages { .. } => Some("add a [[page]] table with number, section and copy"),
            _ => None,
        }
    }

    /// The error as a diagnostic placed on its span, with its hint.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let diagnostic = Diagnostic::error(self.span(), self.to_string());
        match self.hint() {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic,
        }
    }
}
