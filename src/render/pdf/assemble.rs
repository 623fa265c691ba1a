//! The PDFs of an edition from parts made once. [`prepare`] gathers the glyphs of every
//! page, then subsets and compresses each face, each picture and each page's content
//! stream exactly once, faces beside pages on the rayon pool; [`Parts::document`] then
//! assembles any run of pages (one page, the whole issue) from those bytes, renumbering
//! their objects and compressing nothing again.
//!
//! One subset per face serves every page: a page's file carries the glyphs the whole
//! edition uses of each face it shows. Subsetting costs per glyph and per call, so one call
//! on the union is cheaper than one per page, and the issue file reuses it as it is.

use super::content::{self, Encoded};
use super::doc::{self, PageBoxes};
use super::fonts::{self, EmbeddedFont};
use super::{DocMeta, Fnv, Ids, PdfError, form, image, stream_data};
use crate::layout::Page;
use crate::shape::{FaceId, FontDb};
use pdf_writer::{Chunk, Filter, Finish, Name, Pdf, Ref};
use rayon::prelude::*;

/// Everything the documents of an edition are assembled from.
pub struct Parts {
    /// One subset per face, in face order.
    fonts: Vec<EmbeddedFont>,
    /// One XObject per picture, in first-appearance order, with its resource name.
    images: Vec<(String, Chunk)>,
    /// Each page's stream and boxes, or what kept it from being written.
    pages: Vec<Result<PagePart, PdfError>>,
}

/// One page, ready to be placed in a document.
struct PagePart {
    /// MediaBox, BleedBox, TrimBox.
    boxes: PageBoxes,
    /// The content stream, encoded by [`stream_data`].
    content: Vec<u8>,
    /// The filter that decodes it.
    filter: Option<Filter>,
    /// Whether the stream selects the overprint graphics state.
    uses_overprint: bool,
    /// Whether it selects the knockout graphics state.
    uses_knockout: bool,
    /// The faces it names, ascending.
    faces: Vec<FaceId>,
    /// The pictures it draws, as indices into [`Parts::images`].
    images: Vec<usize>,
}

/// Makes the parts of `pages`. A face that cannot be subset fails them all; a page whose
/// boxes or numbers are unusable fails alone (see [`Parts::document`]).
pub fn prepare(pages: &[&Page], db: &FontDb) -> Result<Parts, PdfError> {
    let set = fonts::collect(pages, db)?;
    let pictures = image::collect(pages);
    let forms = form::collect(pages);
    // The CIDs are fixed by `collect`, so the content streams need not wait for the
    // subsets: the body face (most of the time) is subset beside them.
    let (fonts, (parts, images)) = rayon::join(
        || fonts::embed_all(&set),
        || {
            rayon::join(
                || {
                    pages
                        .par_iter()
                        .with_max_len(1)
                        .map(|p| page_part(p, &set, &pictures, &forms))
                        .collect::<Vec<_>>()
                },
                || pictures.embed_all(),
            )
        },
    );
    // Ads' pages follow the pictures, as the content streams number them.
    let mut images = images;
    images.extend(forms.embed_all()?);
    Ok(Parts {
        fonts: fonts?,
        images,
        pages: parts,
    })
}

/// Encodes and compresses one page's stream.
fn page_part(
    page: &Page,
    set: &fonts::FontSet<'_>,
    pictures: &image::ImageSet,
    forms: &form::FormSet,
) -> Result<PagePart, PdfError> {
    let boxes = PageBoxes::resolve(page)?;
    let Encoded {
        bytes,
        uses_overprint,
        uses_knockout,
        faces,
        images,
    } = content::encode(page, set, pictures, forms)?;
    let (content, filter) = stream_data(&bytes);
    Ok(PagePart {
        boxes,
        content: content.into_owned(),
        filter,
        uses_overprint,
        uses_knockout,
        faces,
        images,
    })
}

impl Parts {
    /// How many pages were prepared.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    /// Whether no page was prepared.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// What keeps page `index` from being written, if anything.
    pub fn page_error(&self, index: usize) -> Option<&PdfError> {
        self.pages.get(index).and_then(|p| p.as_ref().err())
    }

    /// One print PDF of the prepared pages `which`, in that order. Only the objects those
    /// pages use are included; their bytes are copied, never re-encoded. The same parts,
    /// pages and metadata always give the same bytes.
    pub fn document(&self, which: &[usize], meta: &DocMeta) -> Result<Vec<u8>, PdfError> {
        meta.check()?;
        let date = meta.pdf_date()?;
        let pages = which
            .iter()
            .map(|&i| match self.pages.get(i) {
                Some(Ok(p)) => Ok(p),
                Some(Err(e)) => Err(e.clone()),
                None => Err(PdfError::NoPages),
            })
            .collect::<Result<Vec<_>, _>>()?;
        if pages.is_empty() {
            return Err(PdfError::NoPages);
        }

        let mut ids = Ids::default();
        let (catalog, tree, info) = (ids.next(), ids.next(), ids.next());
        let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (ids.next(), ids.next())).collect();
        let mut pdf = Pdf::new();
        let (major, minor) = meta.standard.version();
        pdf.set_version(major, minor);

        // Faces and pictures in a fixed order (face order, first appearance), each once.
        let mut font_refs: Vec<(FaceId, &str, Ref)> = Vec::new();
        for f in &self.fonts {
            if pages.iter().any(|p| p.faces.binary_search(&f.face).is_ok()) {
                let first = take_in(&mut pdf, &mut ids, &f.chunk);
                for (name, local) in &f.names {
                    font_refs.push((f.face, name, moved(first, *local)));
                }
            }
        }
        let mut image_refs: Vec<(usize, &str, Ref)> = Vec::new();
        for (i, (name, chunk)) in self.images.iter().enumerate() {
            if pages.iter().any(|p| p.images.binary_search(&i).is_ok()) {
                let first = take_in(&mut pdf, &mut ids, chunk);
                image_refs.push((i, name, first));
            }
        }
        let gs = doc::write_ext_gstates(
            &mut pdf,
            &mut ids,
            pages.iter().any(|p| p.uses_overprint),
            pages.iter().any(|p| p.uses_knockout),
        );
        doc::write_catalog(&mut pdf, &mut ids, catalog, tree, meta, date);
        pdf.pages(tree)
            .kids(page_ids.iter().map(|(p, _)| *p))
            .count(i32::try_from(pages.len()).unwrap_or(i32::MAX));

        for (&(page_id, content_id), part) in page_ids.iter().zip(&pages) {
            let mut p = pdf.page(page_id);
            p.parent(tree).contents(content_id);
            part.boxes.write(&mut p);
            let mut resources = p.resources();
            let mut font_dict = resources.fonts();
            for (_, name, r) in font_refs
                .iter()
                .filter(|f| part.faces.binary_search(&f.0).is_ok())
            {
                font_dict.pair(Name(name.as_bytes()), *r);
            }
            font_dict.finish();
            if !part.images.is_empty() {
                let mut xo = resources.x_objects();
                for (_, name, r) in image_refs
                    .iter()
                    .filter(|i| part.images.binary_search(&i.0).is_ok())
                {
                    xo.pair(Name(name.as_bytes()), *r);
                }
            }
            if !gs.is_empty() {
                let mut states = resources.ext_g_states();
                for (name, r) in &gs {
                    states.pair(Name(name.as_bytes()), *r);
                }
            }
            resources.finish();
            p.finish();
            let mut stream = pdf.stream(content_id, &part.content);
            if let Some(f) = part.filter {
                stream.filter(f);
            }
            stream.finish();
        }

        doc::write_info(&mut pdf, info, meta, date);
        // The trailer /ID is required by PDF/X (PX-01); a hash of everything written makes
        // it change with the content and nothing else. Both halves are equal: a new file,
        // not an update of an older one (PDF 1.7 §14.4).
        let mut h = Fnv::new();
        h.write(pdf.as_bytes());
        let a = h.value();
        h.write(b"newsprint file id");
        let id = [a.to_be_bytes(), h.value().to_be_bytes()].concat();
        pdf.set_file_id((id.clone(), id));
        Ok(pdf.finish())
    }
}

/// Copies a chunk numbered from 1 into the document under fresh numbers; returns the new
/// number of its object 1.
fn take_in(pdf: &mut Pdf, ids: &mut Ids, chunk: &Chunk) -> Ref {
    let first = Ref::new(ids.next);
    let count = i32::try_from(chunk.refs().len()).unwrap_or(i32::MAX);
    ids.next = ids.next.saturating_add(count);
    chunk.renumber_into(pdf, |old| moved(first, old));
    first
}

/// Where object `local` of a chunk taken in at `first` went.
fn moved(first: Ref, local: Ref) -> Ref {
    Ref::new(first.get() + local.get() - 1)
}
