//! Document-level objects for PDF/X-1a:2001 (TYPOGRAPHY.md §5.1–5.3): the Info dictionary,
//! the output intent, the overprint graphics states and the page boxes.

use super::content::{GS_KNOCKOUT, GS_OVERPRINT};
use super::{Ids, PdfError};
use crate::layout::Page;
use pdf_writer::types::{OutputIntentSubtype, OverprintMode, TrappingStatus};
use pdf_writer::writers::Page as PageWriter;
use pdf_writer::{Chunk, Date, Finish, Name, Pdf, Rect, Ref, TextStr};

/// The coldset newsprint characterisation in the ICC Characterization Data Registry
/// (registered name `IFRA26`: ISOnewspaper26v4, ISO 12647-3:2004, 26 % TVI; checked against
/// registry lists that PDF/X validators embed). A
/// registered name lets PDF/X-1a omit the profile (ISO 15930-1); the plant's profile can
/// still be embedded with [`DocMeta::output_profile`].
const OUTPUT_CONDITION: &str = "IFRA26";
/// Where [`OUTPUT_CONDITION`] is registered.
const REGISTRY: &str = "http://www.color.org";
/// Human-readable description of the printing condition.
const OUTPUT_INFO: &str = "ISO 12647-3:2004 coldset offset on newsprint (ISOnewspaper26v4)";

/// Which PDF/X the file claims (TYPOGRAPHY.md §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Standard {
    /// PDF/X-1a:2001: PDF 1.3, CMYK and grey only, no transparency. The default, which
    /// most coldset plants accept.
    #[default]
    X1a2001,
    /// PDF/X-4: PDF 1.6 with XMP metadata; needs the plant's profile embedded. The content
    /// is the same X-1a-safe content (§5.1 "Recommendation").
    X4,
}

impl Standard {
    /// The PDF header version.
    pub(crate) fn version(self) -> (u8, u8) {
        match self {
            Standard::X1a2001 => (1, 3),
            Standard::X4 => (1, 6),
        }
    }

    /// Info and XMP `GTS_PDFXVersion`.
    pub fn version_key(self) -> &'static str {
        match self {
            Standard::X1a2001 => "PDF/X-1:2001",
            Standard::X4 => "PDF/X-4",
        }
    }
}

/// What the Info dictionary says about the document, and the output profile.
///
/// Dates come from here, never from the clock, so two exports of one page are identical.
#[derive(Debug, Clone, PartialEq)]
pub struct DocMeta<'a> {
    /// The document title (Info /Title, required by PDF/X, rule PX-01).
    pub title: String,
    /// Creation and modification date as (year, month 1–12, day 1–31), written as
    /// midnight UTC (`D:YYYYMMDD000000Z`).
    pub date: (u16, u8, u8),
    /// An ICC output profile (class `prtr`, CMYK) to embed as the intent's
    /// DestOutputProfile (rule PX-02), e.g. the plant's WAN-IFRAnewspaper26v5.icc; `None`
    /// relies on the registered name alone.
    pub output_profile: Option<&'a [u8]>,
    /// The PDF/X flavour claimed.
    pub standard: Standard,
}

impl DocMeta<'_> {
    /// Metadata with a title and a date and no embedded profile.
    pub fn new(title: impl Into<String>, date: (u16, u8, u8)) -> DocMeta<'static> {
        DocMeta {
            title: title.into(),
            date,
            output_profile: None,
            standard: Standard::X1a2001,
        }
    }

    /// Checks the profile is an ICC output profile for CMYK, and X-4 has one (PX-02).
    pub(crate) fn check(&self) -> Result<(), PdfError> {
        match self.output_profile {
            Some(icc) => check_profile(icc).map_err(|why| PdfError::Profile(why.to_string())),
            None if self.standard == Standard::X4 => Err(PdfError::X4NeedsProfile),
            None => Ok(()),
        }
    }

    /// The date as PDF writes it, after checking it is a calendar date.
    pub(crate) fn pdf_date(&self) -> Result<Date, PdfError> {
        let (y, m, d) = self.date;
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
        let days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => 0,
        };
        if y > 9999 || d == 0 || d > days {
            return Err(PdfError::BadDate(y, m, d));
        }
        Ok(Date::new(y)
            .month(m)
            .day(d)
            .hour(0)
            .minute(0)
            .second(0)
            .utc_offset_hour(0))
    }
}

/// The page boxes in PDF space, [llx lly urx ury].
pub(crate) struct PageBoxes {
    /// MediaBox.
    media: Rect,
    /// BleedBox.
    bleed: Rect,
    /// TrimBox.
    trim: Rect,
}

impl PageBoxes {
    /// Converts the boxes and checks TrimBox ⊆ BleedBox ⊆ MediaBox (rule PX-03).
    pub(crate) fn resolve(page: &Page) -> Result<PageBoxes, PdfError> {
        let media =
            crate::geom::Rect::new(Default::default(), Default::default(), page.media.w, page.media.h);
        let all = [media, page.bleed, page.trim];
        if all
            .iter()
            .any(|r| ![r.x.0, r.y.0, r.w.0, r.h.0].iter().all(|v| v.is_finite()))
        {
            return Err(PdfError::Boxes(
                "a box has a coordinate that is not a finite number",
            ));
        }
        if media.w.0 <= 0.0 || media.h.0 <= 0.0 {
            return Err(PdfError::Boxes("the media box is empty"));
        }
        if !media.contains(&page.bleed) {
            return Err(PdfError::Boxes("the bleed box extends past the media box"));
        }
        if !page.bleed.contains(&page.trim) {
            return Err(PdfError::Boxes("the trim box extends past the bleed box"));
        }
        let h = page.media.h.0;
        // Layout rects are top-left + size, y down; PDF rects are two corners, y up.
        let flip = |r: crate::geom::Rect| {
            Rect::new(
                r.x.0 as f32,
                (h - r.bottom().0) as f32,
                r.right().0 as f32,
                (h - r.y.0) as f32,
            )
        };
        Ok(PageBoxes {
            media: flip(media),
            bleed: flip(page.bleed),
            trim: flip(page.trim),
        })
    }

    /// Writes the three boxes to the page dictionary.
    pub(crate) fn write(&self, page: &mut PageWriter<'_>) {
        page.media_box(self.media)
            .bleed_box(self.bleed)
            .trim_box(self.trim);
    }
}

/// Checks an ICC profile's header (ICC.1 §7.2): class `prtr` (output device) and data
/// colour space `CMYK`, as PDF/X requires of a DestOutputProfile (rule PX-02).
pub fn check_profile(icc: &[u8]) -> Result<(), &'static str> {
    if icc.len() < 128 || icc.get(36..40) != Some(&b"acsp"[..]) {
        return Err("not an ICC profile (no 'acsp' signature)");
    }
    if icc.get(12..16) != Some(&b"prtr"[..]) {
        return Err("the profile class is not 'prtr' (output device)");
    }
    if icc.get(16..20) != Some(&b"CMYK"[..]) {
        return Err("the profile's colour space is not CMYK");
    }
    Ok(())
}

/// Writes the graphics states the content streams name; returns (name, ref) pairs.
pub(crate) fn write_ext_gstates(
    chunk: &mut Chunk,
    ids: &mut Ids,
    uses_overprint: bool,
    uses_knockout: bool,
) -> Vec<(String, Ref)> {
    let mut out = Vec::new();
    for (used, name, overprint) in [
        (uses_overprint, GS_OVERPRINT, true),
        (uses_knockout, GS_KNOCKOUT, false),
    ] {
        if !used {
            continue;
        }
        let id = ids.next();
        let mut gs = chunk.ext_graphics(id);
        gs.overprint(overprint).overprint_fill(overprint);
        if overprint {
            // OPM 1: a zero component of a DeviceCMYK colour leaves that ink alone
            // (PDF 1.7 §8.6.7), so black text does not clear C, M, Y under it.
            gs.overprint_mode(OverprintMode::IgnoreZeroChannel);
        }
        gs.finish();
        out.push((name.to_string(), id));
    }
    out
}

/// Writes the catalog with its one PDF/X output intent (rule PX-02), and for PDF/X-4 the
/// XMP metadata stream.
pub(crate) fn write_catalog(
    pdf: &mut Pdf,
    ids: &mut Ids,
    catalog: Ref,
    pages: Ref,
    meta: &DocMeta,
    date: Date,
) {
    let profile = meta.output_profile.map(|data| {
        let id = ids.next();
        // N 4: a CMYK profile; no /Alternate RGB, which PDF/X-1a would reject (PX-05).
        pdf.icc_profile(id, data).n(4);
        id
    });
    let metadata = (meta.standard == Standard::X4).then(|| {
        let id = ids.next();
        let xmp = super::xmp::packet(meta, date);
        // XMP stays uncompressed so that tools which do not parse PDF can still find it.
        pdf.metadata(id, xmp.as_bytes());
        id
    });
    let mut cat = pdf.catalog(catalog);
    cat.pages(pages);
    if let Some(id) = metadata {
        cat.metadata(id);
    }
    let mut intents = cat.output_intents();
    let mut intent = intents.push();
    intent
        .subtype(OutputIntentSubtype::PDFX)
        .output_condition_identifier(TextStr(OUTPUT_CONDITION))
        .registry_name(TextStr(REGISTRY))
        .info(TextStr(OUTPUT_INFO));
    if let Some(id) = profile {
        intent.dest_output_profile(id);
    }
}

/// Writes the Info dictionary with the PDF/X identification (rule PX-01).
pub(crate) fn write_info(pdf: &mut Pdf, id: Ref, meta: &DocMeta, date: Date) {
    let mut info = pdf.document_info(id);
    info.title(TextStr(&meta.title))
        .creator(TextStr("newsprint"))
        .producer(TextStr(PRODUCER))
        .creation_date(date)
        .modified_date(date)
        // PDF/X forbids /Unknown; newsprint does no trapping, the plant's RIP does.
        .trapped(TrappingStatus::NotTrapped);
    info.pair(Name(b"GTS_PDFXVersion"), TextStr(meta.standard.version_key()));
    if meta.standard == Standard::X1a2001 {
        info.pair(Name(b"GTS_PDFXConformance"), TextStr("PDF/X-1a:2001"));
    }
}

/// Info /Producer and XMP pdf:Producer.
pub(crate) const PRODUCER: &str = concat!("newsprint ", env!("CARGO_PKG_VERSION"), " (pdf-writer)");
