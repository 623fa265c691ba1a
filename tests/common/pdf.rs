//! What a page's PDF draws, read back from its content stream and `pdftotext -bbox`: the
//! strokes, fills, images and forms and the words, in points, and the faults a makeup
//! editor marks on the rules (ticks, stubs, double rules, rules through text or beside white).

use super::tool;
use lopdf::content::Content;
use lopdf::{Document, Object};
use std::path::Path;

/// Points per millimetre.
pub const MM: f64 = 72.0 / 25.4;
/// A body line on both formats, points.
pub const PITCH: f64 = 13.5;

/// A straight stroke read back from the PDF, in PDF space (y up).
#[derive(Debug, Clone, Copy)]
pub struct Seg {
    /// Vertical (x fixed) or horizontal (y fixed).
    pub vertical: bool,
    /// The fixed coordinate.
    pub at: f64,
    /// Its extent along the other axis.
    pub from: f64,
    pub to: f64,
    /// Its line width, pt.
    pub width: f64,
}

/// Every straight stroke of the page's own content stream (ads' artwork is in forms).
pub fn strokes(pdf: &Path) -> (Vec<Seg>, f64) {
    let doc = Document::load(pdf).expect("the PDF parses");
    let page = *doc.get_pages().values().next().expect("one page");
    let media = doc
        .get_dictionary(page)
        .and_then(|d| d.get(b"MediaBox"))
        .and_then(Object::as_array)
        .map(|a| a.iter().filter_map(|o| o.as_float().ok()).collect::<Vec<_>>())
        .expect("a MediaBox");
    let content = Content::decode(&doc.get_page_content(page)).expect("content decodes");
    let num = |o: &Object| o.as_float().map(f64::from).unwrap_or(0.0);
    let (mut cur, mut path, mut width) = ((0.0, 0.0), Vec::new(), 1.0);
    let mut out = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "w" => width = num(&op.operands[0]),
            "m" => cur = (num(&op.operands[0]), num(&op.operands[1])),
            "l" => {
                let next = (num(&op.operands[0]), num(&op.operands[1]));
                path.push((cur, next));
                cur = next;
            }
            "S" => {
                for ((x0, y0), (x1, y1)) in path.drain(..) {
                    if (x0 - x1).abs() < 0.01 {
                        out.push(Seg {
                            vertical: true,
                            at: x0,
                            from: y0.min(y1),
                            to: y0.max(y1),
                            width,
                        });
                    } else if (y0 - y1).abs() < 0.01 {
                        out.push(Seg {
                            vertical: false,
                            at: y0,
                            from: x0.min(x1),
                            to: x0.max(x1),
                            width,
                        });
                    }
                }
            }
            "n" | "f" | "B" => path.clear(),
            _ => {}
        }
    }
    (out, f64::from(media[3]))
}

/// Where the page's content stream places each image and form (its unit square, or the
/// form's BBox, through the current matrix), in points from the top-left, in drawing order.
pub fn placed(pdf: &Path) -> Vec<[f64; 4]> {
    let (drawn, height) = super::xobjects_drawn(pdf);
    let num = |o: &Object| o.as_float().map(f64::from).unwrap_or(0.0);
    drawn
        .iter()
        .map(|(dict, ctm)| {
            let bbox = match dict.get(b"BBox").and_then(Object::as_array) {
                Ok(b) => [num(&b[0]), num(&b[1]), num(&b[2]), num(&b[3])],
                Err(_) => [0.0, 0.0, 1.0, 1.0],
            };
            let pts = [(bbox[0], bbox[1]), (bbox[2], bbox[3])]
                .map(|(x, y)| (ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]));
            let (x0, x1) = (pts[0].0.min(pts[1].0), pts[0].0.max(pts[1].0));
            let (y0, y1) = (pts[0].1.min(pts[1].1), pts[0].1.max(pts[1].1));
            [x0, height - y1, x1, height - y0]
        })
        .collect()
}

/// Whether two boxes (x0, y0, x1, y1) overlap by more than a hair.
pub fn overlap(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] < b[2] - 0.1 && b[0] < a[2] - 0.1 && a[1] < b[3] - 0.1 && b[1] < a[3] - 0.1
}

/// Collinear strokes that touch or overlap, merged: a box edge over a column rule is one
/// rule, drawn twice.
pub fn merged(mut segs: Vec<Seg>) -> Vec<Seg> {
    segs.sort_by(|a, b| {
        (a.vertical, a.at, a.from)
            .partial_cmp(&(b.vertical, b.at, b.from))
            .expect("finite")
    });
    let mut out: Vec<Seg> = Vec::new();
    for s in segs {
        match out.last_mut() {
            Some(l) if l.vertical == s.vertical && (l.at - s.at).abs() < 0.01 && s.from <= l.to + 0.01 => {
                l.to = l.to.max(s.to);
            }
            _ => out.push(s),
        }
    }
    out
}

/// Shortest piece of a rule a reader sees beside a label's ground, pt: less is the joint
/// with the rule it meets.
const STUB_SEEN: f64 = 1.0;

/// What is wrong with the rules of the type area: ticks (a rule running up to 3 mm past a
/// rule it meets), near misses (a rule stopping up to 3 mm short of one), stubs (shorter than
/// two body lines, also where a label's white ground leaves a piece of a rule beside it),
/// double rules (parallel, closer than 3 mm, the running head's among them).
pub fn rule_faults(pdf: &Path) -> Vec<String> {
    let (segs, media_h) = strokes(pdf);
    // The running head's rules sit above the type area (30 mm from the top of a broadsheet,
    // 25 mm on a tabloid); they are not page rules.
    let head = if media_h > 1200.0 { 30.0 } else { 25.0 };
    let top = media_h - head * MM + 0.5;
    let (rules, head_rules): (Vec<Seg>, Vec<Seg>) = segs.into_iter().partition(|s| s.vertical || s.at < top);
    let rules = merged(rules);
    let mut faults = Vec::new();
    let mut content: Vec<[f64; 4]> = words(pdf).into_iter().map(|(_, b)| b).collect();
    let boxes: Vec<[f64; 4]> = blocks(pdf).into_iter().chain(placed(pdf)).collect();
    content.extend(&boxes);
    let drawn_in = |b: &[f64; 4]| content.iter().any(|c| overlap(c, b));
    let near = 3.0 * MM;
    // What a reader sees of the horizontal rules: a label's white ground breaks one, and a
    // piece left beside the ground shorter than two lines is a stub.
    let grounds: Vec<[f64; 4]> = blocks(pdf).into_iter().filter(|b| b[3] - b[1] < 12.0).collect();
    for a in rules.iter().filter(|a| !a.vertical) {
        let y = media_h - a.at;
        let mut cuts: Vec<(f64, f64)> = grounds
            .iter()
            .filter(|g| g[1] < y && y < g[3] && g[0] < a.to && a.from < g[2])
            .map(|g| (g[0], g[2]))
            .collect();
        if cuts.is_empty() {
            continue;
        }
        cuts.sort_by(|p, q| p.0.total_cmp(&q.0));
        let mut from = a.from;
        for (x0, x1) in cuts.into_iter().chain(std::iter::once((a.to, a.to))) {
            let piece = x0 - from;
            if piece > STUB_SEEN && piece < 2.0 * PITCH - 0.01 {
                faults.push(format!(
                    "stub beside a label's ground: {from:.1}..{x0:.1} of {a:?}"
                ));
            }
            from = from.max(x1);
        }
    }
    for a in &rules {
        if a.to - a.from < 2.0 * PITCH - 0.01 {
            faults.push(format!("stub {a:?}"));
        }
        // A box edge or module rule just under the running head's rules reads as a third;
        // one drawn on the lower of them is that rule.
        let lowest = head_rules.iter().map(|b| b.at).fold(f64::INFINITY, f64::min);
        for b in head_rules.iter().filter(|b| !a.vertical && b.at == lowest) {
            let overlap = a.to.min(b.to) - a.from.max(b.from);
            if (a.at - b.at).abs() > 0.05 && (b.at - a.at).abs() < near && overlap > near {
                faults.push(format!("double rule {a:?} under the running head's {b:?}"));
            }
        }
        for b in rules.iter().filter(|b| b.vertical != a.vertical) {
            // b crosses a's line where a runs?
            if b.from - 0.01 > a.at || a.at > b.to + 0.01 {
                continue;
            }
            for end in [a.from, a.to] {
                let d = (end - b.at).abs();
                if d <= 0.05 || d > near {
                    continue;
                }
                let inside = a.from + 0.05 < b.at && b.at < a.to - 0.05;
                faults.push(format!(
                    "{} {a:?} against {b:?}",
                    if inside { "tick" } else { "near miss" }
                ));
            }
        }
        for b in rules.iter().filter(|b| b.vertical == a.vertical) {
            let gap = (a.at - b.at).abs();
            let overlap = a.to.min(b.to) - a.from.max(b.from);
            if gap > 0.05 && gap < near && overlap > near && a.at < b.at {
                faults.push(format!("double rule {a:?} and {b:?}"));
            }
        }
        // A horizontal rule with a line of nothing under it and then another rule or the top
        // edge of an ad or photo boxes a pocket of white: a module's foot rule over an empty
        // line, and what stands under that line (at most two lines under it).
        if !a.vertical {
            let top = media_h - a.at;
            let under = rules
                .iter()
                .filter(|b| !b.vertical)
                .map(|b| (media_h - b.at, b.from, b.to))
                .chain(boxes.iter().map(|b| (b[1], b[0], b[2])));
            for (y, x0, x1) in under {
                let (x0, x1) = (x0.max(a.from), x1.min(a.to));
                let between = [x0, top + 0.5, x1, y - 0.5];
                // A rule and what follows it in the next line stand under a line apart; a
                // line or more of white between them is the pocket.
                let gap = y - top;
                if (PITCH - 0.5..=2.0 * PITCH + 0.5).contains(&gap) && x1 - x0 > near && !drawn_in(&between) {
                    faults.push(format!("pocket of white under {a:?}, {:.1} pt deep", y - top));
                }
            }
        }
    }
    faults
}

/// Words on the page with their boxes (pdftotext -bbox), in points from the top-left.
pub fn words(pdf: &Path) -> Vec<(String, [f64; 4])> {
    let html = tool("pdftotext", &["-bbox", pdf.to_str().expect("utf-8"), "-"]);
    let attr = |line: &str, key: &str| -> f64 {
        let at = line.find(&format!("{key}=\"")).expect("attribute") + key.len() + 2;
        line[at..].split('"').next().unwrap_or("0").parse().unwrap_or(0.0)
    };
    html.lines()
        .filter(|l| l.contains("<word "))
        .map(|l| {
            let text = l.split('>').nth(1).unwrap_or("").split('<').next().unwrap_or("");
            (
                text.to_string(),
                [attr(l, "xMin"), attr(l, "yMin"), attr(l, "xMax"), attr(l, "yMax")],
            )
        })
        .collect()
}

/// Filled rectangles and images of the page's own content stream (photos, placeholders,
/// label blocks), as [x0, y0, x1, y1] in points from the top-left.
pub fn blocks(pdf: &Path) -> Vec<[f64; 4]> {
    let doc = Document::load(pdf).expect("the PDF parses");
    let page = *doc.get_pages().values().next().expect("one page");
    let (_, media_h) = strokes(pdf);
    let content = Content::decode(&doc.get_page_content(page)).expect("content decodes");
    let num = |o: &Object| o.as_float().map(f64::from).unwrap_or(0.0);
    let (mut path, mut out, mut cm) = (Vec::new(), Vec::new(), [0.0; 6]);
    for op in &content.operations {
        let v: Vec<f64> = op.operands.iter().map(num).collect();
        match op.operator.as_str() {
            "re" if v.len() == 4 => {
                let (y0, y1) = (media_h - v[1] - v[3].max(0.0), media_h - v[1] - v[3].min(0.0));
                path.push([v[0].min(v[0] + v[2]), y0, v[0].max(v[0] + v[2]), y1]);
            }
            "f" | "f*" => out.append(&mut path),
            "S" | "n" | "B" | "W" => path.clear(),
            "cm" if v.len() == 6 => cm.copy_from_slice(&v),
            // An image fills the unit square of the matrix set for it.
            "Do" => out.push([cm[4], media_h - cm[5] - cm[3], cm[4] + cm[0], media_h - cm[5]]),
            _ => {}
        }
    }
    out
}

/// Vertical rules drawn through text: a stroke crossing a word's box inside it.
pub fn rules_through_text(pdf: &Path) -> Vec<String> {
    let (segs, media_h) = strokes(pdf);
    let mut faults = Vec::new();
    for (w, b) in words(pdf) {
        for s in segs.iter().filter(|s| s.vertical) {
            let (top, foot) = (media_h - s.to, media_h - s.from);
            if b[0] + 1.0 < s.at && s.at < b[2] - 1.0 && top < b[3] - 2.0 && b[1] + 2.0 < foot {
                faults.push(format!("rule at x {:.1} through '{w}' {b:?}", s.at));
            }
        }
    }
    faults
}

/// Column rules (the thin gutter rules, not a box's frame) running beside white: three
/// lines or more along a rule with nothing drawn on one side of it up to the next vertical
/// rule or the page's edge (no word, photo, placeholder, ad or rule). A rule parts two
/// columns of content; beside the space left it runs into nothing. Each run is given with
/// the line of the type area it starts on (from 0).
pub fn rules_beside_white(pdf: &Path) -> Vec<(usize, f64, String)> {
    let (segs, media_h) = strokes(pdf);
    let rules: Vec<Seg> = merged(
        segs.iter()
            .copied()
            .filter(|s| s.vertical && s.width < 0.45)
            .collect(),
    );
    let mut content: Vec<[f64; 4]> = words(pdf).into_iter().map(|(_, b)| b).collect();
    let boxes: Vec<[f64; 4]> = blocks(pdf).into_iter().chain(placed(pdf)).collect();
    content.extend(&boxes);
    // Horizontal rules count as drawn: a module's foot rule beside a column rule.
    content.extend(
        segs.iter()
            .filter(|s| !s.vertical)
            .map(|s| [s.from, media_h - s.at - 0.5, s.to, media_h - s.at + 0.5]),
    );
    let verticals = merged(segs.iter().copied().filter(|s| s.vertical).collect());
    // The type area's head: where the highest column rule starts.
    let area_top = rules.iter().map(|r| media_h - r.to).fold(f64::MAX, f64::min);
    let mut faults = Vec::new();
    for r in &rules {
        let (top, foot) = (media_h - r.to, media_h - r.from);
        for side in ["left", "right"] {
            let (mut run, mut y) = (0, top);
            while y + PITCH <= foot + 0.01 {
                // The next vertical rule on that side along this line, else the page's edge.
                let along = |s: &&Seg| s.from < media_h - y - 1.0 && media_h - y - PITCH + 1.0 < s.to;
                let band = if side == "left" {
                    let x0 = verticals
                        .iter()
                        .filter(along)
                        .map(|s| s.at)
                        .filter(|&x| x < r.at - 1.0)
                        .fold(0.0, f64::max);
                    [x0, y, r.at - 0.5, y + PITCH]
                } else {
                    let x1 = verticals
                        .iter()
                        .filter(along)
                        .map(|s| s.at)
                        .filter(|&x| x > r.at + 1.0)
                        .fold(f64::MAX, f64::min);
                    [r.at + 0.5, y, x1, y + PITCH]
                };
                if content.iter().any(|b| overlap(b, &band)) {
                    run = 0;
                } else {
                    run += 1;
                    if run == 3 {
                        let from = y - 2.0 * PITCH;
                        faults.push((
                            ((from - area_top) / PITCH).round() as usize,
                            r.at,
                            format!(
                                "rule at x {:.1} ({top:.1}..{foot:.1}) beside white on its {side} from y {from:.1}",
                                r.at
                            ),
                        ));
                    }
                }
                y += PITCH;
            }
        }
    }
    faults
}

/// The grid of a page read from its height (broadsheet or tabloid): the type area's left
/// and top edges, a column's width and a gutter, points.
pub fn grid_of(media_h: f64) -> (f64, f64, f64, f64) {
    let (trim_w, head, cols, chars) = if media_h > 1200.0 {
        (390.0, 30.0, 8.0, 13.0)
    } else {
        (271.0, 25.0, 6.0, 12.0)
    };
    let (col, gutter) = (9.0 * chars, 9.0);
    let width = cols * col + (cols - 1.0) * gutter;
    ((trim_w * MM - width) / 2.0, head * MM, col, gutter)
}

/// What a page draws, as boxes from the top-left: words, fills, images, forms, strokes.
pub fn drawn(pdf: &Path) -> Vec<[f64; 4]> {
    let (segs, media_h) = strokes(pdf);
    let mut content: Vec<[f64; 4]> = words(pdf).into_iter().map(|(_, b)| b).collect();
    let boxes: Vec<[f64; 4]> = blocks(pdf).into_iter().chain(placed(pdf)).collect();
    content.extend(&boxes);
    content.extend(segs.iter().map(|s| {
        if s.vertical {
            [s.at - 0.5, media_h - s.to, s.at + 0.5, media_h - s.from]
        } else {
            [s.from, media_h - s.at - 0.5, s.to, media_h - s.at + 0.5]
        }
    }));
    content
}
