//! Artwork delivered for print: an ad (GWG ad delivery) or the paper's masthead, as a PDF or
//! a picture. A PDF's first page is read with lopdf and checked the way a plant checks it
//! (EDITION.md §1): one page trimmed to its TrimBox, CMYK or grey only, every font embedded.
//! The page is placed as vector artwork, never rasterised (the PDF writer carries it over as
//! a Form XObject); a picture is converted to ink like a photo.

use crate::raster::{self, ConvertOptions, Picture, RasterError};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use serde::{Serialize, Serializer};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Delivered artwork, ready to be placed.
#[derive(Debug, Clone, PartialEq)]
pub enum Artwork {
    /// A PDF page, placed as vector artwork.
    Pdf(Arc<PdfArt>),
    /// A TIFF, JPEG or PNG.
    Picture(Arc<Picture>),
}

/// Why delivered artwork cannot be placed.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A PDF the plant would refuse.
    #[error(transparent)]
    Pdf(#[from] ArtError),
    /// An image that cannot be used.
    #[error(transparent)]
    Picture(#[from] RasterError),
}

impl Artwork {
    /// Reads a delivered file: a PDF (by its header), checked as the plant checks it, else a
    /// picture, converted for print.
    pub fn load(path: &Path, bytes: Vec<u8>, options: &ConvertOptions) -> Result<Artwork, LoadError> {
        if bytes.starts_with(b"%PDF") {
            return Ok(Artwork::Pdf(Arc::new(read_pdf(path.to_path_buf(), bytes)?)));
        }
        Ok(Artwork::Picture(Arc::new(raster::load(path, bytes, options)?)))
    }

    /// Width over height.
    pub fn aspect(&self) -> f64 {
        match self {
            Artwork::Pdf(a) => {
                let (w, h) = a.size();
                w / h
            }
            Artwork::Picture(p) => p.aspect(),
        }
    }

    /// What it is, for the report: `pdf` or `image`.
    pub fn kind(&self) -> &'static str {
        match self {
            Artwork::Pdf(_) => "pdf",
            Artwork::Picture(_) => "image",
        }
    }
}

/// A checked PDF page, ready to be placed.
#[derive(Debug, Clone)]
pub struct PdfArt {
    /// The file, for messages and reports.
    pub path: PathBuf,
    /// The whole file, parsed again by the writer that carries the page over.
    pub bytes: Arc<[u8]>,
    /// The page's TrimBox (or MediaBox), in its own user space: x0, y0, x1, y1.
    pub trim: [f64; 4],
    /// Whether a proof may draw it ([`PdfArt::proof_can_render`]), found out once, when a
    /// proof first asks: a build that draws no proof never decodes the file's streams.
    drawable: std::sync::OnceLock<bool>,
}

impl PdfArt {
    /// Width × height of the trimmed page, points.
    pub fn size(&self) -> (f64, f64) {
        (self.trim[2] - self.trim[0], self.trim[3] - self.trim[1])
    }

    /// Whether a proof may draw the file from its content: every generically filtered
    /// stream in it decodes within [`MAX_CONTENT`], all of them within
    /// [`MAX_PROOF_DECODED`] together, and no image declares more than
    /// [`MAX_PROOF_IMAGE_PIXELS`]. The print path copies images and fonts as they are; the
    /// proof's renderer decodes them all, unbounded, so a bomb there would take down a
    /// proof or a live `serve` (its frame is drawn instead).
    pub fn proof_can_render(&self) -> bool {
        *self.drawable.get_or_init(|| decodes_within_limits(&self.bytes))
    }
}

impl PartialEq for PdfArt {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.trim == other.trim && self.bytes == other.bytes
    }
}

impl Serialize for PdfArt {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("PdfArt", 2)?;
        st.serialize_field("path", &self.path)?;
        st.serialize_field("trim", &self.trim)?;
        st.end()
    }
}

/// Why a PDF cannot be placed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ArtError {
    /// Not a PDF lopdf can read.
    #[error("{} is not a readable PDF: {why}", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// What the reader said.
        why: String,
    },
    /// It has no page.
    #[error("{} has no page", path.display())]
    NoPage {
        /// The file.
        path: PathBuf,
    },
    /// Colour outside CMYK and grey.
    #[error("{} uses RGB colour ({what}); print artwork must be CMYK (PDF/X-1a)", path.display())]
    Rgb {
        /// The file.
        path: PathBuf,
        /// Where RGB was found.
        what: String,
    },
    /// A font that is not embedded.
    #[error("{} uses font {font} without embedding it; print artwork must embed every font", path.display())]
    FontNotEmbedded {
        /// The file.
        path: PathBuf,
        /// The font's name.
        font: String,
    },
    /// The trimmed page is not the booked size.
    #[error(
        "{} is {:.1} × {:.1} mm at its trim box; the booking is {:.1} × {:.1} mm ({booking})",
        path.display(), size_mm.0, size_mm.1, booked_mm.0, booked_mm.1
    )]
    WrongSize {
        /// The file.
        path: PathBuf,
        /// Its trimmed size, mm.
        size_mm: (f64, f64),
        /// The booked size, mm.
        booked_mm: (f64, f64),
        /// The booking in columns and lines.
        booking: String,
    },
}

/// How far a delivered ad may differ from its booked size, points (half a millimetre).
const SIZE_TOLERANCE_PT: f64 = 1.5;

impl PdfArt {
    /// Checks an ad's trimmed page against its booked size (`booked`, points); `booking`
    /// names the size in columns and lines for the message.
    pub fn check_size(&self, booked: (f64, f64), booking: &str) -> Result<(), ArtError> {
        let size = self.size();
        if (size.0 - booked.0).abs() <= SIZE_TOLERANCE_PT && (size.1 - booked.1).abs() <= SIZE_TOLERANCE_PT {
            return Ok(());
        }
        let mm = |v: f64| v * 25.4 / 72.0;
        Err(ArtError::WrongSize {
            path: self.path.clone(),
            size_mm: (mm(size.0), mm(size.1)),
            booked_mm: (mm(booked.0), mm(booked.1)),
            booking: booking.to_string(),
        })
    }
}

/// Reads a PDF's first page and checks it against the plant's rules.
pub fn read_pdf(path: PathBuf, bytes: Vec<u8>) -> Result<PdfArt, ArtError> {
    let doc = Document::load_mem(&bytes).map_err(|e| ArtError::Unreadable {
        path: path.clone(),
        why: e.to_string(),
    })?;
    let page = first_page(&doc).ok_or_else(|| ArtError::NoPage { path: path.clone() })?;
    let trim = page_box(&doc, page, b"TrimBox")
        .or_else(|| page_box(&doc, page, b"MediaBox"))
        .ok_or_else(|| ArtError::Unreadable {
            path: path.clone(),
            why: "its page has no MediaBox".into(),
        })?;
    // A page of no area cannot be stretched over anything.
    if !(trim[2] - trim[0] >= 1.0 && trim[3] - trim[1] >= 1.0) {
        return Err(ArtError::Unreadable {
            path,
            why: "its page box is empty".into(),
        });
    }
    check_page(&doc, page).map_err(|fault| fault.into_error(path.clone()))?;
    Ok(PdfArt {
        path,
        bytes: bytes.into(),
        trim,
        drawable: std::sync::OnceLock::new(),
    })
}

/// The first page of a document.
pub fn first_page(doc: &Document) -> Option<ObjectId> {
    doc.get_pages().into_values().next()
}

/// A page box, looked up on the page and then up its Pages tree.
pub fn page_box(doc: &Document, page: ObjectId, key: &[u8]) -> Option<[f64; 4]> {
    let mut dict = doc.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Ok(obj) = dict.get(key) {
            let (_, obj) = doc.dereference(obj).ok()?;
            let arr = obj.as_array().ok()?;
            let v: Vec<f64> = arr.iter().filter_map(|o| number(doc, o)).collect();
            if let [a, b, c, d] = v[..] {
                return Some([a.min(c), b.min(d), a.max(c), b.max(d)]);
            }
            return None;
        }
        let parent = dict.get(b"Parent").ok()?.as_reference().ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// A number, through a reference.
fn number(doc: &Document, o: &Object) -> Option<f64> {
    match doc.dereference(o).ok()?.1 {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

/// A fault found on the page.
enum Fault {
    Rgb(String),
    Font(String),
    Unreadable(String),
}

impl Fault {
    fn into_error(self, path: PathBuf) -> ArtError {
        match self {
            Fault::Rgb(what) => ArtError::Rgb { path, what },
            Fault::Font(font) => ArtError::FontNotEmbedded { path, font },
            Fault::Unreadable(why) => ArtError::Unreadable { path, why },
        }
    }
}

/// Most bytes a delivered PDF's page content, or one of its forms, may decode to: an ad's
/// is a few hundred kilobytes (its pictures are images, not content). A compressed stream
/// that decodes past it is a decompression bomb (3 MB of file took 3 GB and aborted).
pub const MAX_CONTENT: usize = 64 << 20;

/// Most pixels an image inside a delivered PDF may declare for a proof to draw it: a 300 dpi
/// picture over a whole broadsheet page is about 25 million.
const MAX_PROOF_IMAGE_PIXELS: u64 = 50_000_000;

/// Most bytes all the streams of a delivered PDF may decode to together for a proof to
/// draw it: many streams each under [`MAX_CONTENT`] are a bomb too.
const MAX_PROOF_DECODED: usize = 256 << 20;

/// [`PdfArt::proof_can_render`], from the file's bytes.
fn decodes_within_limits(bytes: &[u8]) -> bool {
    let Ok(doc) = Document::load_mem(bytes) else {
        return false;
    };
    let mut left = MAX_PROOF_DECODED;
    doc.objects.values().all(|o| match o {
        Object::Stream(s) => {
            let num = |k: &[u8]| s.dict.get(k).and_then(Object::as_i64).ok();
            if let (Some(w), Some(h)) = (num(b"Width"), num(b"Height"))
                && (w <= 0
                    || h <= 0
                    || w.unsigned_abs().saturating_mul(h.unsigned_abs()) > MAX_PROOF_IMAGE_PIXELS)
            {
                return false;
            }
            let generic = s.filters().map_or(true, |f| {
                f.iter().all(|n| {
                    matches!(
                        *n,
                        b"FlateDecode"
                            | b"LZWDecode"
                            | b"ASCII85Decode"
                            | b"ASCIIHexDecode"
                            | b"RunLengthDecode"
                    )
                })
            });
            if !generic {
                return true;
            }
            match s.decompressed_content_with_limit(MAX_CONTENT.min(left)) {
                Ok(data) => {
                    left -= data.len();
                    true
                }
                Err(_) => false,
            }
        }
        _ => true,
    })
}

/// A page's content, decoded within [`MAX_CONTENT`].
pub fn page_content(doc: &Document, page: ObjectId) -> Result<Vec<u8>, String> {
    doc.get_page_content_with_limit(page, MAX_CONTENT).map_err(|e| {
        format!(
            "its page content cannot be read within {} MiB: {e}",
            MAX_CONTENT >> 20
        )
    })
}

/// Most objects followed from a page: an ad is a few hundred; a hostile file stops here.
const MAX_OBJECTS: usize = 100_000;

/// Walks everything the page draws with: colour spaces, images and fonts in its resources
/// (and in the resources of its forms), and the colour operators of its content streams.
fn check_page(doc: &Document, page: ObjectId) -> Result<(), Fault> {
    let dict = doc.get_dictionary(page).map_err(|_| Fault::Rgb(String::new()))?;
    check_content(&page_content(doc, page).map_err(Fault::Unreadable)?)?;
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&Object> = Vec::new();
    if let Ok(res) = inherited(doc, dict, b"Resources") {
        stack.push(res);
    }
    while let Some(obj) = stack.pop() {
        if seen.len() > MAX_OBJECTS {
            break;
        }
        let obj = match obj {
            Object::Reference(id) => {
                if !seen.insert(*id) {
                    continue;
                }
                match doc.get_object(*id) {
                    Ok(o) => o,
                    Err(_) => continue,
                }
            }
            o => o,
        };
        match obj {
            Object::Name(n) if n == b"DeviceRGB" || n == b"CalRGB" => {
                return Err(Fault::Rgb("an RGB colour space".into()));
            }
            Object::Array(a) => stack.extend(a.iter()),
            Object::Dictionary(d) => {
                check_dict(doc, d)?;
                stack.extend(d.iter().map(|(_, v)| v));
            }
            Object::Stream(s) => {
                check_dict(doc, &s.dict)?;
                if s.dict
                    .get(b"Subtype")
                    .and_then(Object::as_name)
                    .is_ok_and(|n| n == b"Form")
                {
                    let data = s.decompressed_content_with_limit(MAX_CONTENT).map_err(|e| {
                        Fault::Unreadable(format!(
                            "a form's content cannot be read within {} MiB: {e}",
                            MAX_CONTENT >> 20
                        ))
                    })?;
                    check_content(&data)?;
                }
                stack.extend(s.dict.iter().map(|(_, v)| v));
            }
            _ => {}
        }
    }
    Ok(())
}

/// A page attribute, looked up the Pages tree.
fn inherited<'a>(doc: &'a Document, mut dict: &'a Dictionary, key: &[u8]) -> lopdf::Result<&'a Object> {
    for _ in 0..32 {
        if let Ok(v) = dict.get(key) {
            return Ok(v);
        }
        let parent = dict.get(b"Parent")?.as_reference()?;
        dict = doc.get_dictionary(parent)?;
    }
    Err(lopdf::Error::DictKey(String::from_utf8_lossy(key).into_owned()))
}

/// An ICC colour space of three components is RGB; a font dictionary must reach its
/// program.
fn check_dict(doc: &Document, d: &Dictionary) -> Result<(), Fault> {
    let name = |k: &[u8]| d.get(k).and_then(Object::as_name).ok();
    if name(b"Type") == Some(b"Font") {
        let subtype = name(b"Subtype").unwrap_or_default();
        // Type 3 glyphs are drawn by the file itself; a Type 0 font is checked through its
        // descendant, which the walk reaches.
        if subtype != b"Type3" && subtype != b"Type0" && !embedded(doc, d) {
            let base = name(b"BaseFont").map(|n| String::from_utf8_lossy(n).into_owned());
            return Err(Fault::Font(base.unwrap_or_else(|| "(unnamed)".into())));
        }
    }
    if let Ok(n) = d.get(b"N").and_then(Object::as_i64)
        && n == 3
        && d.has(b"Length")
        && !d.has(b"Subtype")
    {
        return Err(Fault::Rgb("an ICC profile of three components".into()));
    }
    Ok(())
}

/// Whether a font's descriptor holds its program.
fn embedded(doc: &Document, font: &Dictionary) -> bool {
    let Ok(desc) = font.get(b"FontDescriptor") else {
        return false;
    };
    let Ok((_, Object::Dictionary(desc))) = doc.dereference(desc) else {
        return false;
    };
    [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"]
        .iter()
        .any(|k| desc.has(k))
}

/// RGB colour operators in a content stream.
fn check_content(data: &[u8]) -> Result<(), Fault> {
    let Ok(content) = Content::decode(data) else {
        return Ok(());
    };
    match content
        .operations
        .iter()
        .find(|op| op.operator == "rg" || op.operator == "RG")
    {
        Some(op) => Err(Fault::Rgb(format!("the `{}` operator", op.operator))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Stream, dictionary};

    /// The test ad: the corpus's bank ad with one more stream, an image drawn nowhere.
    fn bank_with(image: Stream) -> Vec<u8> {
        bank_with_all(vec![image])
    }

    fn bank_with_all(images: Vec<Stream>) -> Vec<u8> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/ads/bank-8x16.pdf");
        let mut doc = Document::load(path).expect("the bank ad");
        for image in images {
            doc.add_object(image);
        }
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).expect("saves");
        bytes
    }

    fn image(width: i64, height: i64, data: Vec<u8>, flate: bool) -> Stream {
        let mut dict = dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => width, "Height" => height,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        };
        if flate {
            dict.set("Filter", "FlateDecode");
        }
        Stream::new(dict, data)
    }

    /// A flate stream that decodes past the limit (a bomb: 80 MiB of zeros in 80 KB), seven
    /// that each stay under it but not together, or an image declaring more pixels than a
    /// proof may draw, keep the proof's renderer off the file; the delivered ad, and the
    /// same image at a sane size, do not.
    #[test]
    fn a_bomb_in_a_delivered_pdf_keeps_the_proof_renderer_off_it() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/ads/bank-8x16.pdf");
        assert!(decodes_within_limits(&std::fs::read(path).unwrap()));
        let zeros = |n: usize| miniz_oxide::deflate::compress_to_vec_zlib(&vec![0u8; n], 9);
        let bomb = zeros(80 << 20);
        assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
        assert!(!decodes_within_limits(&bank_with(image(
            8000, 10_000, bomb, true
        ))));
        let part = zeros(40 << 20);
        let seven = (0..7).map(|_| image(8000, 5000, part.clone(), true)).collect();
        assert!(!decodes_within_limits(&bank_with_all(seven)));
        assert!(decodes_within_limits(&bank_with(image(8000, 5000, part, true))));
        assert!(!decodes_within_limits(&bank_with(image(
            60_000,
            60_000,
            Vec::new(),
            false
        ))));
        assert!(decodes_within_limits(&bank_with(image(
            1000,
            1000,
            zeros(1_000_000),
            true
        ))));
    }
}
