//! Per page: the boxes (PX-03), then the content stream interpreted for colour and
//! overprint (PX-05, PX-09, PX-10, PX-12). Only the operators that matter are tracked:
//! `q`/`Q`, `gs`, the colour operators, `w`, `Tf`, text showing, painting and `Do`.

use super::{Violation, get, v};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// Text below this size in 100 % K must overprint (PX-09, a prac threshold).
const K_TEXT_OVERPRINT_BELOW: f32 = 12.0;
/// Strokes in 100 % K narrower than this must overprint (PX-09).
const K_STROKE_OVERPRINT_BELOW: f32 = 2.0;
/// Text below this size must not use two or more inks (PX-10).
const MULTI_INK_TEXT_BELOW: f32 = 9.0;

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

/// Checks every page.
pub(super) fn check_pages(doc: &Document, out: &mut Vec<Violation>) {
    for (number, id) in doc.get_pages() {
        let Ok(page) = doc.get_dictionary(id) else {
            continue;
        };
        boxes(doc, number, page, out);
        // 256 MiB: far above any newspaper page, low enough to refuse a decompression bomb.
        let bytes = match doc.get_page_content_with_limit(id, 256 << 20) {
            Ok(b) => b,
            Err(e) => {
                out.push(v(
                    "PX-00",
                    format!("page {number}: content stream unreadable: {e}"),
                ));
                continue;
            }
        };
        let ops = match Content::decode(&bytes) {
            Ok(c) => c.operations,
            Err(e) => {
                out.push(v(
                    "PX-00",
                    format!("page {number}: content stream does not parse: {e}"),
                ));
                continue;
            }
        };
        interpret(doc, id, number, &ops, out);
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
fn nums(operands: &[Object]) -> Vec<f32> {
    operands.iter().filter_map(|o| o.as_float().ok()).collect()
}

/// The interpreter proper.
fn interpret(
    doc: &Document,
    page: ObjectId,
    number: u32,
    ops: &[lopdf::content::Operation],
    out: &mut Vec<Violation>,
) {
    let resources = ext_gstates(doc, page);
    let mut s = State {
        fill: [0.0, 0.0, 0.0, 1.0],
        stroke: [0.0, 0.0, 0.0, 1.0],
        width: 1.0,
        ..State::default()
    };
    let mut stack: Vec<State> = Vec::new();
    let at = |what: &str| format!("page {number}: {what}");
    for op in ops {
        let n = nums(&op.operands);
        match op.operator.as_str() {
            "q" => stack.push(s),
            "Q" => s = stack.pop().unwrap_or(s),
            "k" if n.len() == 4 => s.fill = [n[0], n[1], n[2], n[3]],
            "K" if n.len() == 4 => s.stroke = [n[0], n[1], n[2], n[3]],
            "g" if n.len() == 1 => s.fill = [0.0, 0.0, 0.0, 1.0 - n[0]],
            "G" if n.len() == 1 => s.stroke = [0.0, 0.0, 0.0, 1.0 - n[0]],
            "rg" | "RG" => out.push(v("PX-05", at("colour set in DeviceRGB (rg/RG)"))),
            "cs" | "CS" => {
                if let Some(Object::Name(n)) = op.operands.first()
                    && !matches!(n.as_slice(), b"DeviceCMYK" | b"DeviceGray")
                {
                    out.push(v(
                        "PX-05",
                        at(&format!("colour space /{} selected", String::from_utf8_lossy(n))),
                    ));
                }
            }
            "w" if n.len() == 1 => s.width = n[0],
            "Tf" if n.len() == 1 => s.font_size = n[0],
            "gs" => {
                let Some(Object::Name(name)) = op.operands.first() else {
                    continue;
                };
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
                    out.push(v(
                        "PX-00",
                        at(&format!(
                            "graphics state /{} is not in the resources",
                            String::from_utf8_lossy(name)
                        )),
                    ));
                    continue;
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
            "Tj" | "TJ" | "'" | "\"" => text(&s, &at, out),
            "S" | "s" => paint_stroke(&s, &at, out),
            "f" | "F" | "f*" => paint_fill(&s, "area", &at, out),
            "B" | "B*" | "b" | "b*" => {
                paint_fill(&s, "area", &at, out);
                paint_stroke(&s, &at, out);
            }
            "Do" if s.op => out.push(v("PX-12", at("an image or form is drawn with overprint on"))),
            _ => {}
        }
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
fn text(s: &State, at: &dyn Fn(&str) -> String, out: &mut Vec<Violation>) {
    if is_black(s.fill) && s.font_size < K_TEXT_OVERPRINT_BELOW && !(s.op && s.opm == 1) {
        out.push(v(
            "PX-09",
            at(&format!(
                "{} pt black text does not overprint (op, OPM 1)",
                s.font_size
            )),
        ));
    }
    let inks = s.fill.iter().filter(|&&x| x > 0.0).count();
    if inks >= 2 && s.font_size < MULTI_INK_TEXT_BELOW {
        out.push(v(
            "PX-10",
            at(&format!("{} pt text uses {inks} inks", s.font_size)),
        ));
    }
    paint_fill(s, "text", at, out);
}

/// PX-12 for a fill.
fn paint_fill(s: &State, what: &str, at: &dyn Fn(&str) -> String, out: &mut Vec<Violation>) {
    if is_white(s.fill) && s.op {
        out.push(v("PX-12", at(&format!("white {what} is set to overprint"))));
    }
}

/// PX-09 and PX-12 for a stroke.
fn paint_stroke(s: &State, at: &dyn Fn(&str) -> String, out: &mut Vec<Violation>) {
    if is_black(s.stroke) && s.width < K_STROKE_OVERPRINT_BELOW && !(s.op_stroke && s.opm == 1) {
        out.push(v(
            "PX-09",
            at(&format!(
                "{} pt black stroke does not overprint (OP, OPM 1)",
                s.width
            )),
        ));
    }
    if is_white(s.stroke) && s.op_stroke {
        out.push(v("PX-12", at("white stroke is set to overprint")));
    }
}
