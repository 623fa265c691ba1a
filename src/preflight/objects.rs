//! Checks on every object of the file, wherever it is used: colour spaces (PX-05),
//! transparency (PX-06), banned features (PX-07) and fonts (PX-04).

use super::{Expect, Violation, get, name, v};
use lopdf::{Dictionary, Document, Object, ObjectId};

/// Colour spaces PDF/X-1a forbids (TYPOGRAPHY.md §5.1, PX-05).
const BANNED_SPACES: [&[u8]; 5] = [b"DeviceRGB", b"CalRGB", b"Lab", b"ICCBased", b"CalGray"];
/// Filters PDF/X-1a:2001 forbids (PX-07).
const BANNED_FILTERS: [&[u8]; 3] = [b"LZWDecode", b"JPXDecode", b"JBIG2Decode"];

/// Checks every indirect object.
pub(super) fn check(doc: &Document, expect: &Expect, out: &mut Vec<Violation>) {
    for (&id, obj) in &doc.objects {
        let dict = match obj {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        if !expect.x4 {
            colour_spaces(id, obj, out);
        }
        let ty = dict.get(b"Type").and_then(Object::as_name).ok();
        let subtype = dict.get(b"Subtype").and_then(Object::as_name).ok();
        match (ty, subtype) {
            (Some(b"ExtGState"), _) => ext_gstate(id, dict, expect, out),
            (_, Some(b"Image")) => image(doc, id, dict, expect, out),
            (Some(b"Font"), Some(b"Type0")) => type0(doc, id, dict, out),
            (Some(b"Font"), Some(b"Type1" | b"TrueType" | b"MMType1")) if !has_font_file(doc, dict) => {
                out.push(v("PX-04", format!("font {} is not embedded", obj_name(id))));
            }
            (Some(b"Annot"), _) => out.push(v("PX-07", format!("annotation {} on a page", obj_name(id)))),
            (_, Some(b"PS")) => out.push(v("PX-07", format!("PostScript XObject {}", obj_name(id)))),
            _ => {}
        }
        if name(doc, dict, b"S") == Some(b"JavaScript") || dict.has(b"JS") {
            out.push(v("PX-07", format!("JavaScript in {}", obj_name(id))));
        }
        if dict.has(b"AA") {
            out.push(v(
                "PX-07",
                format!("additional actions (/AA) in {}", obj_name(id)),
            ));
        }
    }
}

/// `12 0 R` for messages.
fn obj_name(id: ObjectId) -> String {
    format!("object {} {}", id.0, id.1)
}

/// PX-05: any banned colour space name anywhere in the object (resources, images,
/// shadings, inline in arrays).
fn colour_spaces(id: ObjectId, obj: &Object, out: &mut Vec<Violation>) {
    fn walk(o: &Object, found: &mut Option<Vec<u8>>) {
        match o {
            Object::Name(n) if BANNED_SPACES.contains(&n.as_slice()) => *found = Some(n.clone()),
            Object::Array(a) => a.iter().for_each(|o| walk(o, found)),
            Object::Dictionary(d) => d.iter().for_each(|(_, o)| walk(o, found)),
            Object::Stream(s) => s.dict.iter().for_each(|(_, o)| walk(o, found)),
            _ => {}
        }
    }
    let mut found = None;
    walk(obj, &mut found);
    if let Some(n) = found {
        out.push(v(
            "PX-05",
            format!(
                "{} names the colour space /{}",
                obj_name(id),
                String::from_utf8_lossy(&n)
            ),
        ));
    }
}

/// PX-06: no soft mask, constant alpha 1, blend mode Normal or Compatible; PX-07: no
/// transfer functions.
fn ext_gstate(id: ObjectId, d: &Dictionary, expect: &Expect, out: &mut Vec<Violation>) {
    if expect.x4 {
        return;
    }
    if let Ok(m) = d.get(b"SMask")
        && m.as_name().ok() != Some(b"None")
    {
        out.push(v(
            "PX-06",
            format!("graphics state {} has a soft mask", obj_name(id)),
        ));
    }
    for key in [&b"CA"[..], b"ca"] {
        if let Ok(a) = d.get(key).and_then(Object::as_float)
            && a < 1.0
        {
            out.push(v(
                "PX-06",
                format!("graphics state {} has alpha {a}", obj_name(id)),
            ));
        }
    }
    if let Ok(bm) = d.get(b"BM").and_then(Object::as_name)
        && !matches!(bm, b"Normal" | b"Compatible")
    {
        out.push(v(
            "PX-06",
            format!("graphics state {} has a blend mode", obj_name(id)),
        ));
    }
    if d.has(b"TR") || d.has(b"TR2") {
        out.push(v(
            "PX-07",
            format!("graphics state {} has a transfer function", obj_name(id)),
        ));
    }
}

/// PX-05, PX-06, PX-07 for an image XObject.
fn image(doc: &Document, id: ObjectId, d: &Dictionary, expect: &Expect, out: &mut Vec<Violation>) {
    if d.has(b"SMask") && !expect.x4 {
        out.push(v("PX-06", format!("image {} has a soft mask", obj_name(id))));
    }
    let is_mask = matches!(d.get(b"ImageMask"), Ok(Object::Boolean(true)));
    match name(doc, d, b"ColorSpace") {
        Some(b"DeviceCMYK" | b"DeviceGray") => {}
        None if is_mask => {}
        _ if expect.x4 => {}
        _ => out.push(v(
            "PX-05",
            format!("image {} is not DeviceCMYK or DeviceGray", obj_name(id)),
        )),
    }
    let filters: Vec<&[u8]> = match get(doc, d, b"Filter") {
        Some(Object::Name(n)) => vec![n.as_slice()],
        Some(Object::Array(a)) => a.iter().filter_map(|o| o.as_name().ok()).collect(),
        _ => Vec::new(),
    };
    if !expect.x4
        && let Some(f) = filters.iter().find(|f| BANNED_FILTERS.contains(f))
    {
        out.push(v(
            "PX-07",
            format!("image {} uses /{}", obj_name(id), String::from_utf8_lossy(f)),
        ));
    }
}

/// PX-04: a Type0 font has a ToUnicode CMap and an embedded descendant.
fn type0(doc: &Document, id: ObjectId, d: &Dictionary, out: &mut Vec<Violation>) {
    let base = name(doc, d, b"BaseFont").map(|n| String::from_utf8_lossy(n).into_owned());
    let label = base.unwrap_or_else(|| obj_name(id));
    if !matches!(get(doc, d, b"ToUnicode"), Some(Object::Stream(_))) {
        out.push(v("PX-04", format!("font {label} has no ToUnicode CMap")));
    }
    let descendant = match get(doc, d, b"DescendantFonts") {
        Some(Object::Array(a)) => a
            .first()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok()),
        _ => None,
    };
    if !descendant.is_some_and(|cid| has_font_file(doc, cid)) {
        out.push(v("PX-04", format!("font {label} is not embedded")));
    }
}

/// Whether a font carries its program: a simple font in its descriptor, a Type 0 font in its
/// descendant; a Type 3 font's glyphs are drawn by the file itself.
pub(super) fn font_embedded(doc: &Document, font: &Dictionary) -> bool {
    match name(doc, font, b"Subtype") {
        Some(b"Type3") => true,
        Some(b"Type0") => match get(doc, font, b"DescendantFonts") {
            Some(Object::Array(a)) => a
                .first()
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_dict().ok())
                .is_some_and(|cid| has_font_file(doc, cid)),
            _ => false,
        },
        _ => has_font_file(doc, font),
    }
}

/// Whether a font's descriptor holds a font program.
fn has_font_file(doc: &Document, font: &Dictionary) -> bool {
    let Some(Object::Dictionary(fd)) = get(doc, font, b"FontDescriptor") else {
        return false;
    };
    [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
        .iter()
        .any(|k| matches!(get(doc, fd, k), Some(Object::Stream(_))))
}
