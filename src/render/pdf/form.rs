//! PDF artwork (ads) carried over as Form XObjects: the first page of each delivered file,
//! its content and every object its resources reach copied into the output (fonts and
//! images of the ad included), clipped to its TrimBox. Nothing is rasterised.

use super::{Ids, PdfError};
use crate::art::{PdfArt, first_page};
use crate::layout::{Item, Page};
use lopdf::{Document, Object, ObjectId};
use pdf_writer::{Chunk, Finish, Name, Obj, Rect, Ref, Str};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Every PDF page the pages place, in order of first appearance.
pub(crate) struct FormSet {
    used: Vec<(Arc<PdfArt>, String)>,
}

/// Gathers the artwork of all pages.
pub(crate) fn collect(pages: &[&Page]) -> FormSet {
    let mut used: Vec<(Arc<PdfArt>, String)> = Vec::new();
    for item in pages.iter().flat_map(|p| &p.items) {
        let Item::Form(f) = item else { continue };
        if !used.iter().any(|(a, _)| Arc::ptr_eq(a, &f.art)) {
            let name = format!("Fm{}", used.len() + 1);
            used.push((f.art.clone(), name));
        }
    }
    FormSet { used }
}

impl FormSet {
    /// The resource name of a page collected from the pages.
    pub(crate) fn name(&self, art: &Arc<PdfArt>) -> Option<&str> {
        self.used
            .iter()
            .find(|(a, _)| Arc::ptr_eq(a, art))
            .map(|(_, n)| n.as_str())
    }

    /// The index of a page collected from the pages, in first-appearance order.
    pub(crate) fn index(&self, art: &Arc<PdfArt>) -> Option<usize> {
        self.used.iter().position(|(a, _)| Arc::ptr_eq(a, art))
    }

    /// Writes every form, each in a chunk of its own as object 1 followed by what it
    /// reaches; returns (name, chunk) pairs in first-appearance order.
    pub(crate) fn embed_all(&self) -> Result<Vec<(String, Chunk)>, PdfError> {
        self.used
            .iter()
            .map(|(art, name)| {
                let mut chunk = Chunk::new();
                write_form(&mut chunk, &mut Ids::default(), art)?;
                Ok((name.clone(), chunk))
            })
            .collect()
    }
}

/// Most objects carried over from one ad: a delivered ad has a few hundred.
const MAX_OBJECTS: usize = 100_000;

/// Writes one ad's first page as a form; returns its reference.
fn write_form(chunk: &mut Chunk, ids: &mut Ids, art: &PdfArt) -> Result<Ref, PdfError> {
    let bad = |why: String| PdfError::Art {
        path: art.path.clone(),
        why,
    };
    let doc = Document::load_mem(&art.bytes).map_err(|e| bad(e.to_string()))?;
    let page = first_page(&doc).ok_or_else(|| bad("it has no page".into()))?;
    let content = crate::art::page_content(&doc, page).map_err(bad)?;
    let resources = inherited(&doc, page, b"Resources").cloned();
    let mut copier = Copier {
        map: BTreeMap::new(),
        queue: Vec::new(),
    };
    let id = ids.next();
    let data = miniz_oxide::deflate::compress_to_vec_zlib(&content, 6);
    {
        let mut form = chunk.form_xobject(id, &data);
        form.filter(pdf_writer::Filter::FlateDecode);
        let [x0, y0, x1, y1] = art.trim;
        form.bbox(Rect::new(x0 as f32, y0 as f32, x1 as f32, y1 as f32));
        if let Some(res) = &resources {
            copier.write(form.insert(Name(b"Resources")), res, ids);
        }
        form.finish();
    }
    let mut done = 0;
    while let Some((from, to)) = copier.queue.pop() {
        done += 1;
        if done > MAX_OBJECTS {
            return Err(bad("it has too many objects".into()));
        }
        let Ok(obj) = doc.get_object(from) else {
            chunk.indirect(to).primitive(pdf_writer::Null);
            continue;
        };
        match obj {
            Object::Stream(s) => {
                let mut stream = chunk.stream(to, &s.content);
                for (k, v) in s.dict.iter() {
                    // The writer sets the length of what it writes.
                    if k.as_slice() != b"Length" {
                        copier.write(stream.insert(Name(k)), v, ids);
                    }
                }
                stream.finish();
            }
            other => copier.write(chunk.indirect(to), other, ids),
        }
    }
    Ok(id)
}

/// A page attribute, looked up the Pages tree.
fn inherited<'a>(doc: &'a Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut dict = doc.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Ok(v) = dict.get(key) {
            return doc.dereference(v).ok().map(|(_, o)| o);
        }
        let parent = dict.get(b"Parent").ok()?.as_reference().ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// Copies objects from the ad into the output, giving each indirect object a new number
/// once and queueing it to be written.
struct Copier {
    map: BTreeMap<ObjectId, Ref>,
    queue: Vec<(ObjectId, Ref)>,
}

impl Copier {
    fn reference(&mut self, id: ObjectId, ids: &mut Ids) -> Ref {
        if let Some(r) = self.map.get(&id) {
            return *r;
        }
        let r = ids.next();
        self.map.insert(id, r);
        self.queue.push((id, r));
        r
    }

    fn write(&mut self, obj: Obj<'_>, value: &Object, ids: &mut Ids) {
        match value {
            Object::Null => obj.primitive(pdf_writer::Null),
            Object::Boolean(b) => obj.primitive(*b),
            Object::Integer(i) => {
                obj.primitive(i32::try_from(*i).unwrap_or(if *i < 0 { i32::MIN } else { i32::MAX }))
            }
            Object::Real(r) => obj.primitive(*r),
            Object::Name(n) => obj.primitive(Name(n)),
            Object::String(s, _) => obj.primitive(Str(s)),
            Object::Reference(id) => {
                let r = self.reference(*id, ids);
                obj.primitive(r);
            }
            Object::Array(items) => {
                let mut arr = obj.array();
                for v in items {
                    self.write(arr.push(), v, ids);
                }
            }
            Object::Dictionary(d) => {
                let mut dict = obj.dict();
                for (k, v) in d.iter() {
                    // A link up the page tree would drag the ad's whole document along.
                    if k.as_slice() == b"Parent" {
                        continue;
                    }
                    self.write(dict.insert(Name(k)), v, ids);
                }
            }
            // A stream can only be an indirect object; a direct one is written as null.
            Object::Stream(_) => obj.primitive(pdf_writer::Null),
        }
    }
}
