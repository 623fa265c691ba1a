//! Ads booked on a page (EDITION.md §1): placed first, at their booked size and position;
//! the page's free regions around them, where the editorial copy goes; and their drawing:
//! the artwork, or a placeholder naming the advertiser and the size, labelled `广告`.

use super::furniture::{COLUMN_RULE, Occupancy, module_rule, rule_span, set_line, set_lines};
use super::grid::Grid;
use super::page::{Cells, Cmyk, Fill, Item, Mark, MarkKind, cells_text};
use super::text::emit_line;
use crate::art::Artwork;
use crate::compose::Align;
use crate::copy::AdPosition;
use crate::geom::{Pt, Rect};
use crate::shape::{FontDb, Role, ShapeError};

/// Size of the `广告` label: 小六 (6.5 pt) Hei (TYPOGRAPHY.md §4.7).
const LABEL_SIZE: Pt = Pt(6.5);
/// Size of a placeholder's advertiser and booking.
const PLACEHOLDER_SIZE: Pt = Pt(12.0);

/// An ad booked on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct AdSlot {
    /// Who booked it.
    pub advertiser: String,
    /// Width in columns.
    pub columns: usize,
    /// Height in body lines (rounded up from `height_mm` when booked in millimetres).
    pub lines: usize,
    /// The booked height when given in millimetres.
    pub height_mm: Option<f64>,
    /// Where it sits.
    pub position: AdPosition,
    /// What it prints: its delivered artwork, or (not delivered: no file, or the file is
    /// missing) a placeholder frame.
    pub art: Option<Artwork>,
}

impl AdSlot {
    /// The booked size in points: its columns' span, and its lines (or millimetres).
    pub fn size(&self, grid: &Grid) -> (Pt, Pt) {
        let h = match self.height_mm {
            Some(mm) => Pt::from_mm(mm),
            None => grid.format.pitch * self.lines as f64,
        };
        (grid.span(self.columns), h)
    }

    /// Whether it is booked in an ear (报眼), beside the masthead on the front page.
    pub fn is_ear(&self) -> bool {
        matches!(self.position, AdPosition::EarLeft | AdPosition::EarRight)
    }

    /// Whether it stands on the page's foot (else it hangs from the head).
    fn at_foot(&self) -> bool {
        matches!(
            self.position,
            AdPosition::Bottom | AdPosition::BottomLeft | AdPosition::BottomRight
        )
    }

    /// Its cells on the grid, or why it does not fit the page.
    pub fn cells(&self, grid: &Grid) -> Result<Cells, String> {
        let (cols, lines) = (grid.format.columns, grid.format.lines);
        if self.columns > cols || self.lines + 2 > lines {
            return Err(format!(
                "an ad of {} does not fit a page of {cols} columns and {lines} lines",
                cells_text(&Cells {
                    cols: self.columns,
                    rows: self.lines,
                    ..Cells::default()
                })
            ));
        }
        let col0 = match self.position {
            AdPosition::BottomLeft | AdPosition::EarLeft => 0,
            _ => cols - self.columns,
        };
        let row0 = if self.at_foot() { lines - self.lines } else { 0 };
        Ok(Cells {
            col0,
            cols: self.columns,
            row0,
            rows: self.lines,
        })
    }
}

/// The page's free regions around its ads: the main region (the largest) first, then the
/// others in reading order (the strip under the head, the middle, the strip on the foot,
/// each from the left), every region's height including the separator row under its last
/// modules; and the index of the main region, the only one that may leave space at its
/// foot. `lines` rows plus the page's virtual row.
pub fn free_regions(cols: usize, lines: usize, ads: &[Cells]) -> (Vec<Cells>, usize) {
    let total = lines + 1;
    let (mut top, mut bottom) = (0, total);
    // Full-width bands shorten the page; an ad at the head keeps a separator row under it.
    for a in ads.iter().filter(|a| a.cols == cols) {
        if a.row0 == 0 {
            top = top.max(a.row0 + a.rows + 1);
        } else {
            bottom = bottom.min(a.row0);
        }
    }
    let corners: Vec<&Cells> = ads.iter().filter(|a| a.cols < cols).collect();
    let head: Vec<&Cells> = corners.iter().copied().filter(|a| a.row0 == 0).collect();
    let foot: Vec<&Cells> = corners.iter().copied().filter(|a| a.row0 > 0).collect();
    let head_end = head
        .iter()
        .map(|a| a.row0 + a.rows + 1)
        .max()
        .unwrap_or(top)
        .max(top);
    let foot_start = foot.iter().map(|a| a.row0).min().unwrap_or(bottom).min(bottom);
    let mut out = Vec::new();
    strip(cols, (top, head_end), &head, true, &mut out);
    if foot_start > head_end {
        out.push(Cells {
            col0: 0,
            cols,
            row0: head_end,
            rows: foot_start - head_end,
        });
    }
    strip(cols, (foot_start, bottom), &foot, false, &mut out);
    out.retain(|r| r.rows > 0 && r.cols > 0);
    // The copy goes first into the main region (the largest): the lead belongs there, and
    // the slips beside or under the ads take what comes last in the copy.
    if let Some(main) = (0..out.len()).max_by_key(|&k| (out[k].cols * out[k].rows, std::cmp::Reverse(k))) {
        let m = out.remove(main);
        out.insert(0, m);
    }
    (out, 0)
}

/// The page's free regions cut the other way: one region per run of columns with the same
/// free rows, from under the ads at its head to the ads on its foot (the main region, the
/// largest, first, then the others from the left); `None` where no ad is narrower than the
/// page. Cut in bands across, a corner ad at the head leaves short slips beside it that
/// only the last stories of the copy may take, and white where none fits (corpus page 09):
/// cut in columns, the copy beside the ad runs down the page as editors set it.
pub fn column_regions(cols: usize, lines: usize, ads: &[Cells]) -> Option<(Vec<Cells>, usize)> {
    if ads.iter().all(|a| a.cols >= cols) {
        return None;
    }
    let total = lines + 1;
    let free = |c: usize| {
        let over = ads.iter().filter(|a| (a.col0..a.col0 + a.cols).contains(&c));
        over.fold((0, total), |(top, bottom), a| match a.row0 {
            0 => (top.max(a.rows + 1), bottom),
            r0 => (top, bottom.min(r0)),
        })
    };
    let mut out: Vec<Cells> = Vec::new();
    for c in 0..cols {
        let (top, bottom) = free(c);
        match out.last_mut() {
            Some(last)
                if last.col0 + last.cols == c && (last.row0, last.row0 + last.rows) == (top, bottom) =>
            {
                last.cols += 1;
            }
            _ if bottom > top => out.push(Cells {
                col0: c,
                cols: 1,
                row0: top,
                rows: bottom - top,
            }),
            _ => {}
        }
    }
    let main = (0..out.len()).max_by_key(|&k| (out[k].cols * out[k].rows, std::cmp::Reverse(k)))?;
    let m = out.remove(main);
    out.insert(0, m);
    Some((out, 0))
}

/// A strip of rows cut into column slices at its ads' edges: under (or over) each ad what
/// the ad leaves of the strip, beside them the whole strip.
fn strip(cols: usize, (a, b): (usize, usize), ads: &[&Cells], head: bool, out: &mut Vec<Cells>) {
    if b <= a {
        return;
    }
    let mut edges: Vec<usize> = vec![0, cols];
    for ad in ads {
        edges.extend([ad.col0, ad.col0 + ad.cols]);
    }
    edges.sort_unstable();
    edges.dedup();
    for w in edges.windows(2) {
        let (c0, c1) = (w[0], w[1]);
        let over = ads.iter().find(|ad| ad.col0 <= c0 && c1 <= ad.col0 + ad.cols);
        let (r0, r1) = match (over, head) {
            (Some(ad), true) => (ad.row0 + ad.rows + 1, b),
            (Some(ad), false) => (a, ad.row0),
            (None, _) => (a, b),
        };
        if r1 > r0 {
            out.push(Cells {
                col0: c0,
                cols: c1 - c0,
                row0: r0,
                rows: r1 - r0,
            });
        }
    }
}

/// Draws an ad in its cells and marks them taken; a placeholder gets a proof mark and the
/// advertiser's name with the size. Its label goes to `labels`, drawn over the page's rules.
pub fn draw(
    db: &FontDb,
    grid: &Grid,
    (slot, cells): (&AdSlot, Cells),
    id: usize,
    occ: &mut Occupancy,
    (items, marks, labels): (&mut Vec<Item>, &mut Vec<Mark>, &mut Vec<Item>),
) -> Result<Rect, ShapeError> {
    let (w, h) = slot.size(grid);
    let x = grid.col_x(cells.col0);
    // A booking in millimetres sits on the foot (or hangs from the head) of its lines.
    let y = if slot.at_foot() {
        grid.row_y(cells.row0 + cells.rows) - h
    } else {
        grid.row_y(cells.row0)
    };
    let rect = Rect::new(x, y, w, h);
    // The label stands above the ad, in the line of white or the rule that parts it from
    // the copy; an ad at the head of the type area has the running head there instead.
    let side = if cells.row0 > 0 {
        LabelSide::Above
    } else {
        LabelSide::Below
    };
    // The rule over (or under) the ad runs on to the gutter's middle, past the ad's edge:
    // the label's ground reaches it there, or the rule's end would stand as a stub.
    let rule_end = rule_span(grid, cells.col0, cells.cols).1;
    draw_art(
        db,
        slot,
        rect,
        (cells.cols, cells.rows),
        (side, rule_end),
        (items, marks, labels),
    )?;
    for r in cells.row0..cells.row0 + cells.rows {
        for c in cells.col0..cells.col0 + cells.cols {
            let i = occ.at(c, r);
            occ.module[i] = Some(usize::MAX - id);
            occ.spanning[i] = true;
            occ.filled[i] = true;
            occ.ad[i] = true;
        }
    }
    // An ad hanging from the head is closed off from the copy under it by a rule.
    let under = cells.row0 + cells.rows;
    if !slot.at_foot() && under + 1 < grid.format.lines {
        module_rule(grid, cells.col0, cells.cols, under, items);
        for c in cells.col0..cells.col0 + cells.cols {
            let i = occ.at(c, under);
            occ.rule[i] = true;
        }
    }
    Ok(rect)
}

/// Which edge of an ad its `广告` label stands just outside of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelSide {
    /// Over the upper edge (EDITION.md §1: at the ad's upper edge).
    Above,
    /// Under the lower edge, where nothing but the running head or the masthead is above.
    Below,
}

/// Draws an ad's art (or its placeholder) in `rect`, labelled `广告` just outside it on
/// `side` (into `labels`, which the page draws last: the label's white ground breaks a rule
/// there, up to `rule_end`, where the rule on that side ends); `size` is its booking in
/// columns and lines, named on a placeholder.
pub fn draw_art(
    db: &FontDb,
    slot: &AdSlot,
    rect: Rect,
    size: (usize, usize),
    (side, rule_end): (LabelSide, Pt),
    (items, marks, labels): (&mut Vec<Item>, &mut Vec<Mark>, &mut Vec<Item>),
) -> Result<(), ShapeError> {
    let (x, y, w, h) = (rect.x, rect.y, rect.w, rect.h);
    match &slot.art {
        Some(art) => items.push(Item::artwork(art, rect)),
        None => {
            items.push(Item::Fill(Fill {
                rect,
                color: Cmyk::k(0.08),
            }));
            // On a narrow ad (an ear, one column) the name and the size take several lines.
            let text = format!("{}　广告　{}栏×{}行", slot.advertiser, size.0, size.1);
            let lines = set_lines(db, &text, Role::Label, PLACEHOLDER_SIZE, Align::Center, w)?;
            let step = PLACEHOLDER_SIZE * 1.25;
            let n = lines.len().min((h.0 / step.0).floor().max(1.0) as usize);
            let top = y + (h - step * n as f64) / 2.0;
            for (k, line) in lines.iter().take(n).enumerate() {
                let base = top + step * k as f64 + PLACEHOLDER_SIZE;
                emit_line(line, x, base, PLACEHOLDER_SIZE, Cmyk::k(0.6), items);
            }
            marks.push(Mark {
                rect,
                kind: MarkKind::PlaceholderAd,
                origin: None,
            });
        }
    }
    label(db, rect, (side, rule_end), labels)
}

/// Gap between an ad's edge and its label's white ground.
const LABEL_GAP: Pt = Pt(0.5);

/// `广告` in 小六 Hei on white, flush with the ad's right edge just outside it (Reg2005
/// Art. 38): never over the advertiser's artwork. A rule there is broken by its ground,
/// which runs on to `rule_end` (the column rule in the gutter, which it leaves standing).
fn label(
    db: &FontDb,
    ad: Rect,
    (side, rule_end): (LabelSide, Pt),
    items: &mut Vec<Item>,
) -> Result<(), ShapeError> {
    let Some(line) = set_line(db, "广告", Role::Label, LABEL_SIZE, Align::Left, ad.w)? else {
        return Ok(());
    };
    let pad = Pt(1.5);
    let bw = line.width + pad * 2.0;
    let bh = LABEL_SIZE + pad * 2.0;
    let x = ad.right() - bw;
    let y = match side {
        LabelSide::Above => ad.y - LABEL_GAP - bh,
        LabelSide::Below => ad.bottom() + LABEL_GAP,
    };
    // It stops a rule's width short of the column rule's edge, which stays whole at any
    // resolution a proof is drawn at.
    let ground_right = (rule_end - COLUMN_RULE * 1.5).max(ad.right());
    items.push(Item::Fill(Fill {
        rect: Rect::new(x, y, ground_right - x, bh),
        color: Cmyk::WHITE,
    }));
    emit_line(
        &line,
        x + pad,
        y + pad + LABEL_SIZE * 0.88,
        LABEL_SIZE,
        Cmyk::BLACK,
        items,
    );
    Ok(())
}
