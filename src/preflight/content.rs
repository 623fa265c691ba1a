//! Per page: the boxes (PX-03), then the content stream interpreted for colour and
//! overprint (PX-05, PX-09, PX-10, PX-12). Only the operators that matter are tracked:
//! `q`/`Q`, `gs`, the colour operators, `w`, `Tf`, text showing, painting and `Do`.
//! A form the page draws (a placed ad's artwork) is interpreted too, with its own
//! resources: its colours (PX-05) and its fonts (PX-04) are the page's; its overprint
//! settings are the advertiser's (PX-09 and PX-10 are rules for our own type).

use super::lexer::{self, Operand};
use super::{Violation, get, v};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

/// Text below this size in 100 % K must overprint (PX-09, a prac threshold).
const K_TEXT_OVERPRINT_BELOW: f32 = 12.0;
/// Strokes in 100 % K narrower than this must overprint (PX-09).
const K_STROKE_OVERPRINT_BELOW: f32 = 2.0;
/// Text below this size must not use two or more inks (PX-10).
const MULTI_INK_TEXT_BELOW: f32 = 9.0;
/// Forms inside forms followed at most: deeper nesting is no artwork we place.
const MAX_FORM_DEPTH: usize = 8;
/// Most bytes a form's content may decode to (a placed ad's page is far smaller).
const MAX_FORM_CONTENT: usize = 64 << 20;

/// The graphics state the checks need.
#[derive(Clone, Copy, Default)]
struct State {
    /// Fill colour as CMYK (grey converted to K), or `None` before any is set: black.
    fill: [f32; 4],
    /// Stroke colour as CMYK.
    stroke: [f32; 4],
    /// `op`: fill overprint.
    op: bool,
    /// `OP`: stroke overprint.
    op_stroke: bool,
    /// `OPM`.
    opm: i64,
    /// Line width.
    width: f32,
    /// Font size from `Tf`.
    font_size: f32,
}

/// What a content stream breaks, each `(rule, what)` without the page number: a stream's
/// findings depend on its bytes and its graphics states alone, so they can be kept and
/// reused on any page that has the same.
pub(super) type Findings = Vec<(&'static str, String)>;

/// Checks every page; `cache` (stream key → findings) spares interpreting a stream met
/// before, in this file or another.
pub(super) fn check_pages(doc: &Document, cache: &Mutex<HashMap<u64, Findings>>, out: &mut Vec<Violation>) {
    for (number, id) in doc.get_pages() {
        let Ok(page) = doc.get_dictionary(id) else {
            continue;
        };
        boxes(doc, number, page, out);
        let resources = ext_gstates(doc, id);
        let key = stream_key(doc, id, &resources);
        let cached = cache.lock().ok().and_then(|c| c.get(&key).cloned());
        let findings = match cached {
            Some(f) => f,
            None => {
                let f = page_findings(doc, id, &resources);
                if let Ok(mut c) = cache.lock() {
                    c.insert(key, f.clone());
                }
                f
            }
        };
        out.extend(
            findings
                .into_iter()
                .map(|(rule, what)| v(rule, format!("page {number}: {what}"))),
        );
    }
}

/// The identity of a page's content as far as the checks go: its streams' bytes as
/// stored (still compressed, so nothing is decoded to find a stream met before), their
/// filters, and the graphics states its resources offer.
fn stream_key(doc: &Document, page: ObjectId, resources: &[&Dictionary]) -> u64 {
    let mut h = DefaultHasher::new();
    for id in doc.get_page_contents(page) {
        match doc.get_object(id) {
            Ok(Object::Stream(s)) => {
                s.content.hash(&mut h);
                format!("{:?}", s.dict.get(b"Filter").ok()).hash(&mut h);
            }
            _ => id.hash(&mut h),
        }
    }
    for res in resources {
        format!(
            "{:?}",
            get(doc, res, b"ExtGState").map(|o| resolve_states(doc, o))
        )
        .hash(&mut h);
        // The forms the page draws are judged with it: their bytes as stored, and their
        // resources as written.
        if let Some(Object::Dictionary(xobjects)) = get(doc, res, b"XObject") {
            for (name, o) in xobjects.iter() {
                if let Some(Object::Stream(s)) = doc.dereference(o).ok().map(|(_, o)| o)
                    && is_form(&s.dict)
                {
                    name.hash(&mut h);
                    s.content.hash(&mut h);
                    format!("{:?}", s.dict).hash(&mut h);
                }
            }
        }
    }
    h.finish()
}

/// Whether a stream dictionary is a form XObject's.
fn is_form(d: &Dictionary) -> bool {
    d.get(b"Subtype")
        .and_then(Object::as_name)
        .is_ok_and(|n| n == b"Form")
}

/// A graphics-state dictionary with its entries followed, for the cache key.
fn resolve_states<'a>(doc: &'a Document, states: &'a Object) -> Vec<(&'a [u8], Option<&'a Object>)> {
    let Ok(d) = states.as_dict() else {
        return Vec::new();
    };
    d.iter()
        .map(|(k, o)| (k.as_slice(), doc.dereference(o).ok().map(|(_, o)| o)))
        .collect()
}

/// Decodes and interprets one page's content.
fn page_findings(doc: &Document, id: ObjectId, resources: &[&Dictionary]) -> Findings {
    // 256 MiB: far above any newspaper page, low enough to refuse a decompression bomb.
    match doc.get_page_content_with_limit(id, 256 << 20) {
        Ok(bytes) => interpret(doc, resources, &bytes, None),
        Err(e) => vec![("PX-00", format!("content stream unreadable: {e}"))],
    }
}

/// A box as [llx lly urx ury], normalised.
fn rect(doc: &Document, page: &Dictionary, key: &[u8]) -> Option<[f32; 4]> {
    let Some(Object::Array(a)) = get(doc, page, key) else {
        return None;
    };
    let n: Vec<f32> = a.iter().filter_map(|o| o.as_float().ok()).collect();
    let [a, b, c, d] = n[..] else { return None };
    Some([a.min(c), b.min(d), a.max(c), b.max(d)])
}

/// PX-03: a TrimBox, and MediaBox ⊇ BleedBox ⊇ TrimBox.
fn boxes(doc: &Document, number: u32, page: &Dictionary, out: &mut Vec<Violation>) {
    let inside = |o: [f32; 4], i: [f32; 4]| {
        const EPS: f32 = 0.01;
        i[0] >= o[0] - EPS && i[1] >= o[1] - EPS && i[2] <= o[2] + EPS && i[3] <= o[3] + EPS
    };
    let Some(media) = rect(doc, page, b"MediaBox") else {
        out.push(v("PX-03", format!("page {number} has no MediaBox of its own")));
        return;
    };
    let Some(trim) = rect(doc, page, b"TrimBox") else {
        out.push(v("PX-03", format!("page {number} has no TrimBox")));
        return;
    };
    let bleed = rect(doc, page, b"BleedBox").unwrap_or(media);
    if !inside(media, bleed) {
        out.push(v(
            "PX-03",
            format!("page {number}: the BleedBox extends past the MediaBox"),
        ));
    }
    if !inside(bleed, trim) {
        out.push(v(
            "PX-03",
            format!("page {number}: the TrimBox extends past the BleedBox"),
        ));
    }
}

/// The page's /ExtGState entries, following inheritance through /Parent.
fn ext_gstates(doc: &Document, page: ObjectId) -> Vec<&Dictionary> {
    let Ok((res, ids)) = doc.get_page_resources(page) else {
        return Vec::new();
    };
    res.into_iter()
        .chain(ids.into_iter().filter_map(|id| doc.get_dictionary(id).ok()))
        .collect()
}

/// Numeric operands.
fn nums(operands: &[Operand<'_>]) -> Vec<f32> {
    operands
        .iter()
        .filter_map(|o| match o {
            Operand::Number(n) => Some(*n),
            _ => None,
        })
        .collect()
}

/// A form being interpreted: its name on the page (for messages) and how deep it is.
#[derive(Clone, Copy)]
struct InForm<'a> {
    name: &'a [u8],
    depth: usize,
}

/// The interpreter proper, over the operators as the lexer meets them; `form` when the
/// stream is a form's (findings then name it, and only PX-05, PX-04 and PX-12 apply).
fn interpret(doc: &Document, resources: &[&Dictionary], data: &[u8], form: Option<InForm<'_>>) -> Findings {
    let mut out = Findings::new();
    let ours = form.is_none();
    let mut s = State {
        fill: [0.0, 0.0, 0.0, 1.0],
        stroke: [0.0, 0.0, 0.0, 1.0],
        width: 1.0,
        ..State::default()
    };
    let mut stack: Vec<State> = Vec::new();
    let read = lexer::for_each_operator(data, |operator, operands| {
        let n = || nums(operands);
        let name = || match operands.first() {
            Some(Operand::Name(n)) => Some(*n),
            _ => None,
        };
        match operator {
            b"q" => stack.push(s),
            b"Q" => s = stack.pop().unwrap_or(s),
            b"k" | b"K" | b"g" | b"G" | b"w" | b"Tf" => {
                let n = n();
                match (operator, n.as_slice()) {
                    (b"k", &[c, m, y, k]) => s.fill = [c, m, y, k],
                    (b"K", &[c, m, y, k]) => s.stroke = [c, m, y, k],
                    (b"g", &[g]) => s.fill = [0.0, 0.0, 0.0, 1.0 - g],
                    (b"G", &[g]) => s.stroke = [0.0, 0.0, 0.0, 1.0 - g],
                    (b"w", &[w]) => s.width = w,
                    (b"Tf", &[size]) => s.font_size = size,
                    _ => {}
                }
                if operator == b"Tf"
                    && !ours
                    && let Some(font) = name()
                {
                    form_font(doc, resources, font, &mut out);
                }
            }
            b"rg" | b"RG" => out.push(("PX-05", "colour set in DeviceRGB (rg/RG)".to_string())),
            b"cs" | b"CS" => {
                if let Some(n) = name()
                    && !matches!(n, b"DeviceCMYK" | b"DeviceGray")
                {
                    out.push((
                        "PX-05",
                        format!("colour space /{} selected", String::from_utf8_lossy(n)),
                    ));
                }
            }
            b"gs" => {
                let Some(name) = name() else {
                    return;
                };
                graphics_state(doc, resources, name, &mut s, &mut out);
            }
            b"Tj" | b"TJ" | b"'" | b"\"" if ours => text(&s, &mut out),
            b"S" | b"s" if ours => paint_stroke(&s, &mut out),
            b"f" | b"F" | b"f*" => paint_fill(&s, "area", &mut out),
            b"B" | b"B*" | b"b" | b"b*" => {
                paint_fill(&s, "area", &mut out);
                if ours {
                    paint_stroke(&s, &mut out);
                }
            }
            b"Do" => {
                if s.op {
                    out.push(("PX-12", "an image or form is drawn with overprint on".to_string()));
                }
                if let Some(name) = name() {
                    out.extend(draw_form(doc, resources, name, form));
                }
            }
            _ => {}
        }
    });
    if let Err(e) = read {
        out.push(("PX-00", format!("content stream does not parse: {e}")));
    }
    match form {
        // Findings in nested forms are named by the outermost, the one the page places.
        Some(f) if f.depth == 0 => out
            .into_iter()
            .map(|(rule, what)| (rule, format!("form /{}: {what}", String::from_utf8_lossy(f.name))))
            .collect(),
        _ => out,
    }
}

/// A resource of a category (`XObject`, `Font`) by name, from the first dictionary that has it.
fn resource<'a>(
    doc: &'a Document,
    resources: &[&'a Dictionary],
    category: &[u8],
    name: &[u8],
) -> Option<&'a Object> {
    resources.iter().find_map(|res| match get(doc, res, category) {
        Some(Object::Dictionary(d)) => get(doc, d, name),
        _ => None,
    })
}

/// `Do` of a form: its content interpreted with its own resources.
fn draw_form(doc: &Document, resources: &[&Dictionary], name: &[u8], outer: Option<InForm<'_>>) -> Findings {
    let Some(Object::Stream(s)) = resource(doc, resources, b"XObject", name) else {
        return Findings::new();
    };
    if !is_form(&s.dict) {
        return Findings::new();
    }
    let depth = outer.map_or(0, |f| f.depth + 1);
    if depth >= MAX_FORM_DEPTH {
        return vec![("PX-00", format!("forms nested deeper than {MAX_FORM_DEPTH}"))];
    }
    let data = match s.decompressed_content_with_limit(MAX_FORM_CONTENT) {
        Ok(d) => d,
        // An unfiltered stream is its own content.
        Err(_) if !s.dict.has(b"Filter") => s.content.clone(),
        Err(e) => {
            return vec![(
                "PX-00",
                format!("form /{} unreadable: {e}", String::from_utf8_lossy(name)),
            )];
        }
    };
    let own: Vec<&Dictionary> = match get(doc, &s.dict, b"Resources") {
        Some(Object::Dictionary(d)) => vec![d],
        // A form without resources uses its page's (PDF 1.7 §7.8.3, deprecated but legal).
        _ => resources.to_vec(),
    };
    let shown = outer.map_or(name, |f| f.name);
    interpret(doc, &own, &data, Some(InForm { name: shown, depth }))
}

/// PX-04: a font a form shows text in is embedded.
fn form_font(doc: &Document, resources: &[&Dictionary], name: &[u8], out: &mut Findings) {
    let Some(Object::Dictionary(font)) = resource(doc, resources, b"Font", name) else {
        return;
    };
    if !super::objects::font_embedded(doc, font) {
        let base = get(doc, font, b"BaseFont")
            .and_then(|o| o.as_name().ok())
            .map_or_else(
                || String::from_utf8_lossy(name).into_owned(),
                |n| String::from_utf8_lossy(n).into_owned(),
            );
        out.push(("PX-04", format!("font {base} is not embedded")));
    }
}

/// `gs`: the overprint settings of a named graphics state.
fn graphics_state(doc: &Document, resources: &[&Dictionary], name: &[u8], s: &mut State, out: &mut Findings) {
    let gs = resources.iter().find_map(|res| {
        let Some(Object::Dictionary(states)) = get(doc, res, b"ExtGState") else {
            return None;
        };
        match get(doc, states, name) {
            Some(Object::Dictionary(d)) => Some(d),
            _ => None,
        }
    });
    let Some(gs) = gs else {
        out.push((
            "PX-00",
            format!(
                "graphics state /{} is not in the resources",
                String::from_utf8_lossy(name)
            ),
        ));
        return;
    };
    if let Ok(Object::Boolean(b)) = gs.get(b"OP") {
        s.op_stroke = *b;
        // /op defaults to /OP (PDF 1.7 Table 58).
        if !gs.has(b"op") {
            s.op = *b;
        }
    }
    if let Ok(Object::Boolean(b)) = gs.get(b"op") {
        s.op = *b;
    }
    if let Ok(m) = gs.get(b"OPM").and_then(Object::as_i64) {
        s.opm = m;
    }
}

/// 100 % K and nothing else.
fn is_black(c: [f32; 4]) -> bool {
    c[0] == 0.0 && c[1] == 0.0 && c[2] == 0.0 && c[3] >= 1.0
}

/// No ink at all: paper white.
fn is_white(c: [f32; 4]) -> bool {
    c.iter().all(|&x| x <= 0.0)
}

/// PX-09, PX-10, PX-12 for text.
fn text(s: &State, out: &mut Findings) {
    if is_black(s.fill) && s.font_size < K_TEXT_OVERPRINT_BELOW && !(s.op && s.opm == 1) {
        out.push((
            "PX-09",
            format!("{} pt black text does not overprint (op, OPM 1)", s.font_size),
        ));
    }
    let inks = s.fill.iter().filter(|&&x| x > 0.0).count();
    if inks >= 2 && s.font_size < MULTI_INK_TEXT_BELOW {
        out.push(("PX-10", format!("{} pt text uses {inks} inks", s.font_size)));
    }
    paint_fill(s, "text", out);
}

/// PX-12 for a fill.
fn paint_fill(s: &State, what: &str, out: &mut Findings) {
    if is_white(s.fill) && s.op {
        out.push(("PX-12", format!("white {what} is set to overprint")));
    }
}

/// PX-09 and PX-12 for a stroke.
fn paint_stroke(s: &State, out: &mut Findings) {
    if is_black(s.stroke) && s.width < K_STROKE_OVERPRINT_BELOW && !(s.op_stroke && s.opm == 1) {
        out.push((
            "PX-09",
            format!("{} pt black stroke does not overprint (OP, OPM 1)", s.width),
        ));
    }
    if is_white(s.stroke) && s.op_stroke {
        out.push(("PX-12", "white stroke is set to overprint".to_string()));
    }
}
