//! Fonts in the PDF (TYPOGRAPHY.md §5.4, rule PX-04): every face the page uses becomes a
//! subset, CID-keyed Type0 font with `Identity-H` encoding and a ToUnicode CMap.
//!
//! A face that also sets vertical lines gets a second Type0 font, `Identity-V`, over the
//! same CIDFont, whose /W2 gives each glyph its vertical advance and origin (PDF 1.7
//! §9.7.4.3). Vertical text is written in vertical writing mode, not as upright glyphs placed
//! one by one in a horizontal font, because readers then know the text is vertical: poppler
//! turns a WMode 1 font's lines a quarter turn (TextOutputDev), so `pdftotext` gives a column
//! as one line in reading order, and selection and search in viewers follow the column, where
//! glyphs placed one per `Tm` in Identity-H come out as one line per character.
//!
//! [`collect`] gathers the glyphs of each face and the text each stands for, and fixes the
//! CIDs: subsetter renumbers glyphs, and the new glyph id is the CID (its crate doc, "Notes").
//! The content stream then asks [`UsedFont`] for CIDs and widths; [`write_all`] subsets the
//! faces and writes five objects per face (PDF 1.7 §9.7).

use super::{Ids, PdfError, cff, sfnt, stream_data};
use crate::layout::{Item, Page};
use crate::shape::{FaceId, FaceInfo, FontDb};
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Finish, Name, Rect, Ref, Str};
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use subsetter::GlyphRemapper;

/// PDF glyph space has 1000 units per em (PDF 1.7 §9.2.4); widths and metrics use it.
const GLYPH_SPACE: f64 = 1000.0;
/// The /DW of every CIDFont: the Han em, so most glyphs of a Chinese page need no /W entry.
const DEFAULT_WIDTH: f32 = 1000.0;
/// Longest text, in chars, one ToUnicode entry maps to; a bfchar destination may hold at
/// most 512 bytes (Adobe TN 5411 §1.4.1), and no ligature stands for more than a few chars.
const MAX_CHARS_PER_GLYPH: usize = 64;
/// The vertical metrics PDF assumes for a CID without a /W2 entry: /DW2 [880 −1000]
/// (§9.7.4.3), which is the Han cell of the Noto CJK faces (VORG 880, advance 1000).
const DEFAULT_VERTICAL: (f32, f32) = (880.0, -1000.0);
/// The character collection of Identity-keyed fonts (PDF 1.7 §9.7.3).
const IDENTITY: SystemInfo<'static> = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// One face as used on the page: its glyphs, their CIDs and widths.
pub(crate) struct UsedFont<'f> {
    /// The face.
    info: &'f FaceInfo<'f>,
    /// Its id in the font database.
    face: FaceId,
    /// Resource name in the page's /Font dictionary.
    pub(crate) name: String,
    /// Old glyph id → the text it stands for (first non-empty text seen), in glyph order.
    glyphs: BTreeMap<u16, String>,
    /// Old glyph id → CID (the glyph id in the subset).
    remapper: GlyphRemapper,
    /// Advance of each CID in glyph space, exactly as written to /W.
    widths: Vec<f32>,
    /// Resource name of the vertical (Identity-V) font, when the page sets vertical lines
    /// in this face.
    pub(crate) vertical_name: Option<String>,
    /// Per CID, (vertical advance w1y, origin x, origin y) in glyph space as written to
    /// /W2; empty for a face only set horizontally.
    vertical: Vec<(f32, f32, f32)>,
}

/// Every face the page uses, in face order so output bytes do not depend on item order.
pub(crate) struct FontSet<'f> {
    fonts: BTreeMap<FaceId, UsedFont<'f>>,
}

/// Gathers the glyphs of every text run of every page, checking faces and glyph ids against the database.
pub(crate) fn collect<'f>(pages: &[&Page], db: &'f FontDb<'f>) -> Result<FontSet<'f>, PdfError> {
    let mut fonts: BTreeMap<FaceId, UsedFont<'f>> = BTreeMap::new();
    let runs = pages.iter().flat_map(|page| {
        page.items.iter().enumerate().filter_map(|(i, it)| match it {
            Item::Text(run) => Some((i, run)),
            _ => None,
        })
    });
    for (item, run) in runs {
        let font = match fonts.entry(run.face) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                // FontDb::get panics on a bad id; find it instead, once per face.
                let (_, info) = db
                    .iter()
                    .find(|(id, _)| *id == run.face)
                    .ok_or(PdfError::UnknownFace {
                        item,
                        face: run.face.0,
                    })?;
                e.insert(UsedFont {
                    info,
                    face: run.face,
                    name: format!("F{}", run.face.0),
                    glyphs: BTreeMap::new(),
                    remapper: GlyphRemapper::new(),
                    widths: Vec::new(),
                    vertical_name: None,
                    vertical: Vec::new(),
                })
            }
        };
        if !run.mode.is_horizontal() && font.vertical_name.is_none() {
            font.vertical_name = Some(format!("F{}V", run.face.0));
        }
        let count = font.info.face.number_of_glyphs();
        for glyph in &run.glyphs {
            if glyph.id >= count {
                return Err(PdfError::GlyphOutOfRange {
                    path: font.info.path.to_path_buf(),
                    glyph: glyph.id,
                    count,
                });
            }
            let text = font.glyphs.entry(glyph.id).or_default();
            if text.is_empty() && !glyph.text.is_empty() {
                text.extend(glyph.text.chars().take(MAX_CHARS_PER_GLYPH));
            }
        }
    }
    for font in fonts.values_mut() {
        font.assign_cids();
    }
    Ok(FontSet { fonts })
}

impl<'f> FontSet<'f> {
    /// The font of a face, if the page uses it.
    pub(crate) fn get(&self, face: FaceId) -> Option<&UsedFont<'f>> {
        self.fonts.get(&face)
    }
}

impl UsedFont<'_> {
    /// Numbers the glyphs in ascending old-id order (.notdef is CID 0), so CIDs and the
    /// /W array follow the font's own order, and records each CID's width.
    fn assign_cids(&mut self) {
        for &gid in self.glyphs.keys() {
            self.remapper.remap(gid);
        }
        let scale = GLYPH_SPACE / self.info.upem();
        self.widths = self
            .remapper
            .remapped_gids()
            .map(|gid| (self.info.advance_em(gid) * self.info.upem() * scale) as f32)
            .collect();
        if self.vertical_name.is_some() {
            self.vertical = self
                .remapper
                .remapped_gids()
                .map(|gid| {
                    let (vx, vy) = self.info.vertical_origin(gid);
                    let advance = self.info.vertical_advance_em(gid);
                    (
                        (-advance * GLYPH_SPACE) as f32,
                        (vx * GLYPH_SPACE) as f32,
                        (vy * GLYPH_SPACE) as f32,
                    )
                })
                .collect();
        }
    }

    /// (vertical advance, origin y) of a CID in glyph space, as the viewer reads it from
    /// /W2 or /DW2; the advance is negative, downwards.
    pub(crate) fn vertical_metrics(&self, cid: u16) -> (f32, f32) {
        self.vertical
            .get(usize::from(cid))
            .map_or((DEFAULT_VERTICAL.1, DEFAULT_VERTICAL.0), |&(w1, _, vy)| (w1, vy))
    }

    /// The CID of an old glyph id; every glyph of the page was collected, so the fallback
    /// .notdef is never used.
    pub(crate) fn cid(&self, gid: u16) -> u16 {
        debug_assert!(self.remapper.get(gid).is_some(), "glyph {gid} was collected");
        self.remapper.get(gid).unwrap_or(0)
    }

    /// The advance of a CID in glyph space, as the viewer reads it from /W.
    pub(crate) fn width(&self, cid: u16) -> f32 {
        self.widths.get(usize::from(cid)).copied().unwrap_or(0.0)
    }

    /// The font program to embed: for a CFF face the bare CFF table, made by [`cff::subset`]
    /// when it takes the font and by subsetter otherwise; for a TrueType face subsetter's
    /// OpenType file.
    fn subset(&self) -> Result<Vec<u8>, PdfError> {
        if self.info.is_cff {
            let gids: Vec<u16> = self.remapper.remapped_gids().collect();
            let own = sfnt::table(self.info.data, b"CFF ").and_then(|table| cff::subset(table, &gids));
            if let Some(program) = own {
                return Ok(program);
            }
        }
        let file =
            subsetter::subset(self.info.data, 0, &self.remapper).map_err(|source| PdfError::Subset {
                path: self.info.path.to_path_buf(),
                source,
            })?;
        if !self.info.is_cff {
            return Ok(file);
        }
        sfnt::table(&file, b"CFF ")
            .map(<[u8]>::to_vec)
            .ok_or_else(|| PdfError::SubsetNoCff {
                path: self.info.path.to_path_buf(),
            })
    }

    /// Six uppercase letters from a hash of the face and glyph set, so the same page gives
    /// the same name while two different subsets of one face get different names
    /// (PDF 1.7 §9.6.4).
    fn subset_tag(&self) -> String {
        let mut h = super::Fnv::new();
        h.write(self.info.postscript_name.as_bytes());
        for &gid in self.glyphs.keys() {
            h.write(&gid.to_be_bytes());
        }
        let mut v = h.value();
        (0..6)
            .map(|_| {
                let c = char::from(b'A' + (v % 26) as u8);
                v /= 26;
                c
            })
            .collect()
    }

    /// The PostScript name reduced to the characters a name object carries unescaped, so
    /// BaseFont stays readable in every viewer's font list.
    fn base_name(&self) -> String {
        let ps: String = self
            .info
            .postscript_name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .collect();
        format!("{}+{}", self.subset_tag(), ps)
    }

    /// Writes the Type0 font, its CIDFont, descriptor, font file and ToUnicode CMap, and the
    /// vertical Type0 font when the face sets vertical lines; returns the latter's ref.
    fn write(
        &self,
        chunk: &mut Chunk,
        type0: Ref,
        ids: &mut Ids,
        subset: &[u8],
    ) -> Result<Option<Ref>, PdfError> {
        let (cid_ref, descriptor, file, cmap) = (ids.next(), ids.next(), ids.next(), ids.next());
        let base = self.base_name();
        let is_cff = self.info.is_cff;

        // For a CIDFontType0 the Type0 BaseFont should be the CIDFont's name, a hyphen and
        // the CMap name (PDF 1.7 §9.7.6.1); used for TrueType too, as Acrobat does.
        chunk
            .type0_font(type0)
            .base_font(Name(format!("{base}-Identity-H").as_bytes()))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_ref)
            .to_unicode(cmap);

        let mut cid = chunk.cid_font(cid_ref);
        cid.subtype(if is_cff {
            CidFontType::Type0
        } else {
            CidFontType::Type2
        })
        .base_font(Name(base.as_bytes()))
        .system_info(IDENTITY)
        .font_descriptor(descriptor)
        .default_width(DEFAULT_WIDTH);
        if !is_cff {
            // CIDs are subset glyph ids (§9.7.4.2, Table 117).
            cid.cid_to_gid_map_predefined(Name(b"Identity"));
        }
        self.write_widths(&mut cid.widths());
        if !self.vertical.is_empty() {
            self.write_vertical_metrics(&mut cid);
        }
        cid.finish();
        let type0_vertical = self.vertical_name.as_ref().map(|_| {
            let r = ids.next();
            chunk
                .type0_font(r)
                .base_font(Name(format!("{base}-Identity-V").as_bytes()))
                .encoding_predefined(Name(b"Identity-V"))
                .descendant_font(cid_ref)
                .to_unicode(cmap);
            r
        });

        self.write_descriptor(chunk, descriptor, file, &base);

        if is_cff {
            // FontFile3 /CIDFontType0C holds the bare CFF table (§9.9, Table 126).
            let (data, filter) = stream_data(subset);
            let mut s = chunk.stream(file, &data);
            s.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
            if let Some(f) = filter {
                s.filter(f);
            }
        } else {
            // FontFile2 needs /Length1, the decoded length (§9.9, Table 127).
            let (data, filter) = stream_data(subset);
            let mut s = chunk.stream(file, &data);
            s.pair(Name(b"Length1"), i32::try_from(subset.len()).unwrap_or(i32::MAX));
            if let Some(f) = filter {
                s.filter(f);
            }
        }

        self.write_to_unicode(chunk, cmap);
        Ok(type0_vertical)
    }

    /// /W2: `cid cid w1y vx vy` for every CID whose vertical metrics differ from /DW2 and
    /// the default origin x (half its width).
    fn write_vertical_metrics(&self, cid: &mut pdf_writer::writers::CidFont) {
        let mut w2 = cid.insert(Name(b"W2")).array();
        for (i, &(w1, vx, vy)) in self.vertical.iter().enumerate() {
            let c = i as u16;
            if (w1, vy) == (DEFAULT_VERTICAL.1, DEFAULT_VERTICAL.0) && (vx - self.width(c) / 2.0).abs() < 1e-3
            {
                continue;
            }
            w2.item(i32::from(c))
                .item(i32::from(c))
                .item(w1)
                .item(vx)
                .item(vy);
        }
    }

    /// /W: only runs of CIDs whose width differs from /DW (§9.7.4.3).
    fn write_widths(&self, w: &mut pdf_writer::writers::Widths) {
        let mut cid = 0;
        while cid < self.widths.len() {
            if self.widths[cid] == DEFAULT_WIDTH {
                cid += 1;
                continue;
            }
            let start = cid;
            while cid < self.widths.len() && self.widths[cid] != DEFAULT_WIDTH {
                cid += 1;
            }
            // CIDs come from a u16 remapper, so `start` fits.
            w.consecutive(start as u16, self.widths[start..cid].iter().copied());
        }
    }

    /// The descriptor (§9.8): metrics scaled to glyph space from the face's hhea/OS/2/head.
    fn write_descriptor(&self, chunk: &mut Chunk, id: Ref, file: Ref, base: &str) {
        let face = &self.info.face;
        let s = (GLYPH_SPACE / self.info.upem()) as f32;
        let bb = face.global_bounding_box();
        let cap = face.capital_height().unwrap_or(face.ascender());
        // StemV is required but unmeasured in OpenType; Adobe's rule of thumb derives it
        // from the weight class: (weight / 65)² + 50.
        let weight = f32::from(face.weight().to_number());
        let stem_v = (weight / 65.0).powi(2) + 50.0;
        let mut d = chunk.font_descriptor(id);
        d.name(Name(base.as_bytes()))
            // Symbolic: the glyphs lie outside the Adobe standard Latin set (Table 123).
            .flags(FontFlags::SYMBOLIC)
            .bbox(Rect::new(
                f32::from(bb.x_min) * s,
                f32::from(bb.y_min) * s,
                f32::from(bb.x_max) * s,
                f32::from(bb.y_max) * s,
            ))
            .italic_angle(face.italic_angle())
            .ascent(f32::from(face.ascender()) * s)
            .descent(f32::from(face.descender()) * s)
            .cap_height(f32::from(cap) * s)
            .stem_v(stem_v.round());
        if self.info.is_cff {
            d.font_file3(file);
        } else {
            d.font_file2(file);
        }
    }

    /// ToUnicode (§9.10.3): CID → UTF-16BE of the glyph's text; a glyph with no text (the
    /// tail of a cluster) gets no entry, so extraction yields its cluster's text once.
    fn write_to_unicode(&self, chunk: &mut Chunk, id: Ref) {
        let info = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"UCS"),
            supplement: 0,
        };
        let mut cmap = UnicodeCmap::new(Name(b"Adobe-Identity-UCS"), info);
        for (gid, text) in &self.glyphs {
            if !text.is_empty() {
                cmap.pair_with_multiple(self.cid(*gid), text.chars());
            }
        }
        let buf = cmap.finish();
        let (data, filter) = stream_data(buf.as_slice());
        let mut s = chunk.cmap(id, &data);
        s.name(Name(b"Adobe-Identity-UCS")).system_info(info);
        if let Some(f) = filter {
            s.filter(f);
        }
    }
}

/// One face written as PDF objects in a chunk of its own, numbered from 1, so any document
/// can take it in by renumbering.
pub(crate) struct EmbeddedFont {
    /// The face.
    pub(crate) face: FaceId,
    /// Resource names in a page's /Font dictionary with the Type0 font each names in
    /// [`Self::chunk`]: the horizontal font, then the vertical one if the face sets any.
    pub(crate) names: Vec<(String, Ref)>,
    /// The Type0 fonts, their CIDFont, descriptor, font file and ToUnicode CMap.
    pub(crate) chunk: Chunk,
}

/// Subsets every face and writes its objects, each face a task on the rayon pool (one CJK
/// face can be most of an export, so faces run beside each other and beside whatever else
/// the caller joins with). Returned in face order.
pub(crate) fn embed_all(set: &FontSet<'_>) -> Result<Vec<EmbeddedFont>, PdfError> {
    use rayon::prelude::*;
    let fonts: Vec<&UsedFont<'_>> = set.fonts.values().collect();
    fonts
        .par_iter()
        .with_max_len(1)
        .map(|font| {
            // A panic inside subsetter is a malformed font, not a reason to abort.
            let subset = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| font.subset()))
                .unwrap_or_else(|_| {
                    Err(PdfError::SubsetPanicked {
                        path: font.info.path.to_path_buf(),
                    })
                })?;
            let mut chunk = Chunk::new();
            let mut ids = Ids::default();
            let type0 = ids.next();
            let vertical = font.write(&mut chunk, type0, &mut ids, &subset)?;
            let mut names = vec![(font.name.clone(), type0)];
            if let (Some(name), Some(r)) = (&font.vertical_name, vertical) {
                names.push((name.clone(), r));
            }
            Ok(EmbeddedFont {
                face: font.face,
                names,
                chunk,
            })
        })
        .collect()
}
