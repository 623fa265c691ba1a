//! Preflight: reads a finished PDF back with an independent parser (`lopdf`) and checks the
//! PDF/X rules of TYPOGRAPHY.md §7 that a file can show by itself (PX-01 to PX-07, PX-09,
//! PX-10, PX-12). Ink coverage (PX-08) needs a renderer and is checked with Ghostscript in
//! the tests; image resolution (PX-11) needs the placement and is checked when building.
//!
//! Recipe, in [`check`]: `document` (header, trailer, Info, catalog, output intent) →
//! `objects` (every object: colour spaces, graphics states, images, fonts, actions) →
//! `pages` (boxes, then the content stream interpreted for colour and overprint).

mod content;
mod lexer;
mod objects;

use lopdf::{Dictionary, Document, Object};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

/// What the file is meant to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Expect {
    /// PDF/X-4 rather than PDF/X-1a:2001.
    pub x4: bool,
}

/// One rule a file breaks.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Violation {
    /// The rule id of TYPOGRAPHY.md §7, e.g. `PX-05`.
    pub rule: &'static str,
    /// What is wrong, lowercase, naming the object or page.
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.rule, self.message)
    }
}

/// The registry of the characterisation an output intent may name instead of embedding a
/// profile (ISO 15930-1, TYPOGRAPHY.md §5.1).
const ICC_REGISTRY: &[u8] = b"http://www.color.org";

/// Reads a PDF file and checks it; an unreadable file is a violation too.
pub fn check_file(path: &Path, expect: &Expect) -> Vec<Violation> {
    match std::fs::read(path) {
        Ok(bytes) => check(&bytes, expect),
        Err(e) => vec![v("PX-00", format!("cannot read the file back: {e}"))],
    }
}

/// Checks the bytes of a PDF. No violations means the file passes.
pub fn check(bytes: &[u8], expect: &Expect) -> Vec<Violation> {
    Session::new(*expect).check(bytes)
}

/// The checks of one build's files, which share content streams (the issue file holds the
/// page files' streams byte for byte): each distinct stream is interpreted once, however
/// many files hold it. Every file is still parsed and checked whole.
#[derive(Debug, Default)]
pub struct Session {
    /// What the files are meant to be.
    expect: Expect,
    /// Stream key → what the stream breaks.
    streams: Mutex<HashMap<u64, content::Findings>>,
}

impl Session {
    /// A session for files meant to be `expect`.
    pub fn new(expect: Expect) -> Session {
        Session {
            expect,
            streams: Mutex::default(),
        }
    }

    /// Checks the bytes of a PDF. No violations means the file passes.
    pub fn check(&self, bytes: &[u8]) -> Vec<Violation> {
        let expect = &self.expect;
        let mut out = Vec::new();
        header(bytes, expect, &mut out);
        let doc = match Document::load_mem(bytes) {
            Ok(d) => d,
            Err(e) => {
                out.push(v("PX-00", format!("the file does not parse as PDF: {e}")));
                return out;
            }
        };
        document(&doc, expect, &mut out);
        objects::check(&doc, expect, &mut out);
        content::check_pages(&doc, &self.streams, &mut out);
        out.sort();
        out.dedup();
        out
    }
}

/// A violation.
fn v(rule: &'static str, message: impl Into<String>) -> Violation {
    Violation {
        rule,
        message: message.into(),
    }
}

/// PX-07: the header version.
fn header(bytes: &[u8], expect: &Expect, out: &mut Vec<Violation>) {
    let max = if expect.x4 { b'6' } else { b'3' };
    match bytes.get(..8) {
        Some([b'%', b'P', b'D', b'F', b'-', b'1', b'.', minor]) if *minor <= max => {}
        _ => out.push(v(
            "PX-07",
            format!("the header is not %PDF-1.{} or lower", char::from(max)),
        )),
    }
}

/// A dictionary entry, following a reference.
fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let obj = dict.get(key).ok()?;
    doc.dereference(obj).ok().map(|(_, o)| o)
}

/// A text string entry's bytes (PDFDocEncoding or UTF-16; compared as bytes here).
fn string<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::String(s, _) => Some(s),
        _ => None,
    }
}

/// A name entry.
fn name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

/// PX-01, PX-02, PX-07: trailer, Info, catalog and output intent.
fn document(doc: &Document, expect: &Expect, out: &mut Vec<Violation>) {
    let t = &doc.trailer;
    if t.has(b"Encrypt") {
        out.push(v("PX-07", "the file is encrypted"));
    }
    match t.get(b"ID") {
        Ok(Object::Array(a)) if a.len() == 2 => {}
        _ => out.push(v("PX-01", "the trailer has no /ID")),
    }
    match t.get(b"Info").ok().and_then(|o| doc.dereference(o).ok()) {
        Some((_, Object::Dictionary(info))) => info_keys(doc, info, expect, out),
        _ => out.push(v("PX-01", "the trailer has no /Info dictionary")),
    }
    let Some(catalog) = doc.catalog().ok() else {
        out.push(v("PX-00", "the file has no catalog"));
        return;
    };
    for key in [&b"OpenAction"[..], b"AA"] {
        if catalog.has(key) {
            out.push(v(
                "PX-07",
                format!("the catalog has /{}", String::from_utf8_lossy(key)),
            ));
        }
    }
    let intents: Vec<&Dictionary> = match get(doc, catalog, b"OutputIntents") {
        Some(Object::Array(a)) => a
            .iter()
            .filter_map(|o| doc.dereference(o).ok().and_then(|(_, o)| o.as_dict().ok()))
            .filter(|d| name(doc, d, b"S") == Some(b"GTS_PDFX"))
            .collect(),
        _ => Vec::new(),
    };
    let [intent] = intents[..] else {
        out.push(v(
            "PX-02",
            format!("{} GTS_PDFX output intents, not exactly one", intents.len()),
        ));
        return;
    };
    if string(doc, intent, b"OutputConditionIdentifier").is_none_or(|s| s.is_empty()) {
        out.push(v("PX-02", "the output intent has no OutputConditionIdentifier"));
    }
    match get(doc, intent, b"DestOutputProfile") {
        Some(Object::Stream(s)) => {
            let data = s.decompressed_content().unwrap_or_else(|_| s.content.clone());
            if data.get(12..16) != Some(b"prtr") || data.get(16..20) != Some(b"CMYK") {
                out.push(v(
                    "PX-02",
                    "the DestOutputProfile is not a CMYK printer (prtr) profile",
                ));
            }
        }
        Some(_) => out.push(v("PX-02", "the DestOutputProfile is not a stream")),
        None if expect.x4 => out.push(v("PX-02", "PDF/X-4 needs an embedded DestOutputProfile")),
        None => {
            // Without a profile the identifier must be a registered characterisation.
            if string(doc, intent, b"RegistryName") != Some(ICC_REGISTRY) {
                out.push(v(
                    "PX-02",
                    "no DestOutputProfile and no RegistryName naming the ICC registry",
                ));
            }
        }
    }
    if expect.x4 {
        let xmp = match get(doc, catalog, b"Metadata") {
            Some(Object::Stream(s)) => s.decompressed_content().unwrap_or_else(|_| s.content.clone()),
            _ => Vec::new(),
        };
        let want = b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>";
        if !xmp.windows(want.len()).any(|w| w == want) {
            out.push(v(
                "PX-01",
                "PDF/X-4 needs pdfxid:GTS_PDFXVersion PDF/X-4 in the XMP metadata",
            ));
        }
    }
}

/// PX-01: the Info keys.
fn info_keys(doc: &Document, info: &Dictionary, expect: &Expect, out: &mut Vec<Violation>) {
    for key in [&b"Title"[..], b"CreationDate", b"ModDate"] {
        if string(doc, info, key).is_none() {
            out.push(v(
                "PX-01",
                format!("Info has no /{}", String::from_utf8_lossy(key)),
            ));
        }
    }
    if !matches!(name(doc, info, b"Trapped"), Some(b"True" | b"False")) {
        out.push(v("PX-01", "Info /Trapped is not /True or /False"));
    }
    let version = string(doc, info, b"GTS_PDFXVersion");
    let conformance = string(doc, info, b"GTS_PDFXConformance");
    let ok = if expect.x4 {
        version == Some(b"PDF/X-4")
    } else {
        version == Some(b"PDF/X-1:2001") && conformance == Some(b"PDF/X-1a:2001")
    };
    if !ok {
        out.push(v(
            "PX-01",
            format!(
                "Info GTS_PDFXVersion/GTS_PDFXConformance do not say {}",
                if expect.x4 { "PDF/X-4" } else { "PDF/X-1a:2001" }
            ),
        ));
    }
}
