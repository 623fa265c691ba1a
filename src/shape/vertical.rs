//! Glyphs of a vertical line that are not set upright from their vertical origin
//! (TYPOGRAPHY.md §6.1–6.2): marks the face has no vertical form of, turned a quarter
//! clockwise; Latin and figures by the house defaults of §6.2: words turned, single letters,
//! acronyms and single figures upright, two-digit numbers set across the column (纵中横).

use super::fonts::{FaceInfo, PlanKey};
use super::run::{Cluster, ClusterGlyph, shape_with};
use super::{FaceId, FontDb};
use crate::geom::Orientation;

/// How each stretch of Latin letters and figures of `text` stands in a vertical line, as
/// (start, end, orientation) byte ranges in text order; the spaces between two turned words
/// belong to them, so `New York` turns as one.
pub(super) fn latin_settings(text: &str) -> Vec<(usize, usize, Orientation)> {
    let mut words: Vec<(usize, usize, Orientation)> = Vec::new();
    let mut start = None;
    let close = |s: usize, e: usize, out: &mut Vec<(usize, usize, Orientation)>| {
        let orient = latin_orientation(&text[s..e]);
        // Words apart by spaces only turn together, the spaces with them.
        if let Some(last) = out.last_mut()
            && orient == Orientation::Sideways
            && last.2 == Orientation::Sideways
            && text[last.1..s].chars().all(|c| c == ' ')
        {
            last.1 = e;
        } else {
            out.push((s, e, orient));
        }
    };
    for (i, c) in text.char_indices() {
        match (crate::chars::is_latin_script(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                close(s, i, &mut words);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        close(s, text.len(), &mut words);
    }
    words
}

/// The house default for one word of Latin letters or figures in a vertical line
/// (TYPOGRAPHY.md §6.2, CLREQ): a two-digit number 纵中横, a single figure or letter and an
/// acronym (capitals, perhaps with figures: `GDP`, `5G`) upright, one to a cell; a word,
/// a longer number and anything with signs in it (`13.68`, a URL) turned.
fn latin_orientation(word: &str) -> Orientation {
    let n = word.chars().count();
    if word.chars().all(|c| c.is_ascii_digit()) {
        return match n {
            2 => Orientation::Across,
            1 => Orientation::Upright,
            _ => Orientation::Sideways,
        };
    }
    let acronym =
        word.chars().all(|c| c.is_uppercase() || c.is_ascii_digit()) && word.chars().any(char::is_uppercase);
    if n == 1 || acronym {
        Orientation::Upright
    } else {
        Orientation::Sideways
    }
}

/// The face's ideographic em box, (top, bottom) in em above the baseline: the cell of `中`
/// by its vertical metrics (VORG 880 and advance 1000 in Noto CJK, TYPOGRAPHY.md §6.2).
/// Glyphs set as in horizontal text stand in a vertical line's cells by it.
fn em_box(info: &FaceInfo) -> (f64, f64) {
    match info.face.glyph_index('中') {
        Some(g) => {
            let top = info.vertical_origin(g.0).1;
            (top, top - info.vertical_advance_em(g.0))
        }
        None => {
            let upem = info.upem();
            (
                f64::from(info.face.ascender()) / upem,
                f64::from(info.face.descender()) / upem,
            )
        }
    }
}

/// A glyph shaped horizontally: id, x advance, x offset, y offset, in font units.
pub(super) type Horizontal = (u16, f64, f64, f64);

/// Shapes `text` alone in one face, horizontally, as Han.
fn shape_alone(db: &FontDb, face_id: FaceId, text: &str) -> Vec<Horizontal> {
    let shaped = shape_with(db, face_id, text, PlanKey::default());
    shaped
        .glyph_infos()
        .iter()
        .zip(shaped.glyph_positions())
        .map(|(i, p)| {
            (
                i.glyph_id as u16,
                f64::from(p.x_advance),
                f64::from(p.x_offset),
                f64::from(p.y_offset),
            )
        })
        .collect()
}

/// Turns a cluster of marks that turn in vertical lines (dashes, ellipses, brackets) 90°
/// clockwise when the face's `vert` leaves it as it is horizontally: the Noto `-8105` subsets
/// have lost the vertical `——`, and NewsKai has no vertical dash at all, so their `——` would
/// lie across the column and into the next line (TYPOGRAPHY.md §6.1: dashes run along it).
///
/// Turning the face's own glyph, rather than falling back to a face that has a vertical
/// form (the full NotoSerifSC), keeps the mark in its face's weight and design: the one
/// vertical `——` we have is a hairline of the Regular Song, which beside Black Hei or Kai
/// would read as a different mark. Turned glyphs are what Latin words need as well.
pub(super) fn turn_if_no_vertical_form(db: &FontDb, face_id: FaceId, text: &str, cluster: &mut Cluster) {
    // A space has nothing to turn.
    if !text
        .chars()
        .all(|c| crate::chars::turns_in_vertical(c) && !c.is_whitespace())
    {
        return;
    }
    let horizontal = shape_alone(db, face_id, text);
    let same = horizontal.len() == cluster.glyphs.len()
        && horizontal.iter().zip(&cluster.glyphs).all(|(h, v)| h.0 == v.id);
    if !same {
        return;
    }
    let info = db.get(face_id);
    let upem = info.upem();
    // The mark's ink is centred on the column, as the fonts' own vertical forms are; its
    // length is rounded up to whole cells along it, so the grid of the line holds.
    let (lo, hi) = horizontal
        .iter()
        .filter_map(|(id, ..)| info.face.glyph_bounding_box(ttf_parser::GlyphId(*id)))
        .fold((f64::MAX, f64::MIN), |(lo, hi), b| {
            (lo.min(f64::from(b.y_min)), hi.max(f64::from(b.y_max)))
        });
    let centre = if lo <= hi { (lo + hi) / 2.0 / upem } else { 0.0 };
    let length: f64 = horizontal.iter().map(|h| h.1).sum::<f64>() / upem;
    let cells = length.ceil().max(1.0);
    let pad = (cells - length) / 2.0;
    let n = horizontal.len();
    cluster.glyphs = horizontal
        .iter()
        .enumerate()
        .map(|(k, h)| {
            let mut g = sideways(face_id, *h, upem, centre);
            if k == 0 {
                g.inline_offset += pad;
                g.advance += pad;
            }
            if k + 1 == n {
                g.advance += pad;
            }
            g
        })
        .collect();
    cluster.advance = cells;
}

/// A horizontally shaped glyph laid along a vertical line turned 90° clockwise: its
/// baseline runs down the column, `centre` em above it on the column's centre line.
fn sideways(face: FaceId, (id, advance, dx, dy): Horizontal, upem: f64, centre: f64) -> ClusterGlyph {
    ClusterGlyph {
        face,
        id,
        inline_offset: dx / upem,
        // Turned clockwise, the glyph's up points right, the line's cross direction.
        cross_offset: dy / upem - centre,
        advance: advance / upem,
        orient: Orientation::Sideways,
    }
}

/// A glyph of a Latin word shaped horizontally, turned in a vertical line: centred on the
/// column by the face's em box, as the Latin of a CJK face is drawn on it.
pub(super) fn turned_latin(info: &FaceInfo, face: FaceId, glyph: Horizontal) -> ClusterGlyph {
    let (top, bottom) = em_box(info);
    sideways(face, glyph, info.upem(), (top + bottom) / 2.0)
}

/// The cluster of a number set 纵中横 from its figures shaped horizontally (half-em forms):
/// one cell, the figures side by side on a baseline across the column, centred on it, the
/// baseline where the em box puts it below the top of the cell.
pub(super) fn across(
    info: &FaceInfo,
    face: FaceId,
    (start, end): (usize, usize),
    role: super::Role,
    glyphs: &[Horizontal],
) -> Cluster {
    let upem = info.upem();
    let (top, _) = em_box(info);
    let width: f64 = glyphs.iter().map(|g| g.1).sum::<f64>() / upem;
    let mut x = -width / 2.0;
    let n = glyphs.len();
    let placed = glyphs
        .iter()
        .enumerate()
        .map(|(k, &(id, advance, dx, dy))| {
            let g = ClusterGlyph {
                face,
                id,
                inline_offset: top - dy / upem,
                cross_offset: x + dx / upem,
                // The pen stays at the top of the cell until the last figure, which moves it
                // one cell down.
                advance: if k + 1 == n { 1.0 } else { 0.0 },
                orient: Orientation::Across,
            };
            x += advance / upem;
            g
        })
        .collect();
    Cluster {
        start,
        end,
        glyphs: placed,
        advance: 1.0,
        role,
    }
}

#[cfg(test)]
mod tests {
    use super::latin_settings;
    use crate::geom::Orientation::{Across, Sideways, Upright};

    #[test]
    fn house_defaults_for_latin_and_figures_in_vertical_lines() {
        let t = "共14个CCTV记者用English和5G在2022年报道New York的8人";
        let got: Vec<(&str, _)> = latin_settings(t).iter().map(|&(s, e, o)| (&t[s..e], o)).collect();
        assert_eq!(
            got,
            [
                ("14", Across),
                ("CCTV", Upright),
                ("English", Sideways),
                ("5G", Upright),
                ("2022", Sideways),
                ("New York", Sideways),
                ("8", Upright),
            ]
        );
        let t = "增长13.68%，见www.news.cn";
        let got: Vec<(&str, _)> = latin_settings(t).iter().map(|&(s, e, o)| (&t[s..e], o)).collect();
        assert_eq!(got, [("13.68%", Sideways), ("www.news.cn", Sideways)]);
    }
}
