//! A subset of a CID-keyed CFF font (Adobe TN 5176) for FontFile3 /CIDFontType0C: the
//! chosen glyphs in the chosen order, glyph *i* of the subset being CID *i*, each charstring
//! with its subroutines inlined (TN 5177, Type 2 charstrings).
//!
//! Why not subsetter here: it desubroutinises by decoding every charstring into a list of
//! instructions and encoding it again, after copying out every subroutine of the font; for
//! the CJK body face (31,000 glyphs, 29,600 subroutines) that was a fifth of a page's
//! build. Inlining is done on the bytes instead: at a call, the subroutine number just
//! pushed is taken off the output and the subroutine's bytes, without its `return`, take
//! its place. The program that results draws the same outlines with the same hints.
//!
//! Why inlined and not kept: a 1,000-glyph subset of NotoSerifSC-Regular with its used
//! subroutines kept is larger (311 KB, 269 KB deflated) than with them inlined (294 KB,
//! 242 KB), because most subroutines serve glyphs the page does not set.
//!
//! Whatever this does not expect (a name-keyed font, the arithmetic and storage operators,
//! a subroutine number not pushed as an integer just before its call, a nesting deeper than
//! the format allows) gives `None`, and the caller uses subsetter instead.

use std::collections::BTreeMap;

mod inline;
mod write;

use inline::Inliner;
use write::{index_len, index_len_from_ends, int, int5, push_op, write_index, write_index_from_ends};

/// DICT operators this module reads or rewrites (TN 5176, Tables 9, 10 and 23).
mod op {
    pub const UNIQUE_ID: u16 = 13;
    pub const XUID: u16 = 14;
    pub const CHARSET: u16 = 15;
    pub const ENCODING: u16 = 16;
    pub const CHAR_STRINGS: u16 = 17;
    pub const PRIVATE: u16 = 18;
    pub const SUBRS: u16 = 19;
    pub const CHARSTRING_TYPE: u16 = 0x0c06;
    pub const ROS: u16 = 0x0c1e;
    pub const UID_BASE: u16 = 0x0c23;
    pub const FD_ARRAY: u16 = 0x0c24;
    pub const FD_SELECT: u16 = 0x0c25;
    /// Entries naming strings that the subset keeps: Notice, Copyright, ROS, FontName.
    pub const NAMING: [u16; 4] = [1, 0x0c00, ROS, 0x0c26];
    /// Entries the subset drops: the ids of the whole font do not name a subset, a
    /// CID-keyed font has no Encoding or top-level Private, and version, FullName,
    /// FamilyName, Weight, PostScript, BaseFontName and BaseFontBlend only describe.
    pub const DROPPED: [u16; 12] = [
        UNIQUE_ID, XUID, UID_BASE, ENCODING, PRIVATE, 0, 2, 3, 4, 0x0c15, 0x0c16, 0x0c17,
    ];
}

/// The subset CFF of `cff` holding glyphs `gids` (old ids, in their new order, `.notdef`
/// first), or `None` when the font is not one this module handles.
pub(crate) fn subset(cff: &[u8], gids: &[u16]) -> Option<Vec<u8>> {
    use rayon::prelude::*;
    let font = Font::parse(cff)?;
    // Inlining is most of a CJK face's subset (963 glyphs of the body face on the sample)
    // and each glyph's program stands alone: runs of glyphs go to the rayon pool, each
    // into a buffer of its own, joined in glyph order into the bytes one pass would make.
    let runs = gids
        .par_chunks(GLYPHS_PER_TASK)
        .map(|run| font.inline(run))
        .collect::<Option<Vec<_>>>()?;
    let mut charstrings = Vec::with_capacity(runs.iter().map(|r| r.bytes.len()).sum());
    let mut ends = Vec::with_capacity(gids.len());
    let mut fds = Vec::with_capacity(gids.len());
    for run in runs {
        let base = u32::try_from(charstrings.len()).ok()?;
        charstrings.extend_from_slice(&run.bytes);
        for end in run.ends {
            ends.push(base.checked_add(end)?);
        }
        fds.extend(run.fds);
    }
    font.write(&charstrings, &ends, &fds)
}

/// Glyphs inlined in one task: enough that a task outweighs its scheduling, few enough that
/// a thousand-glyph face spreads over the pool.
const GLYPHS_PER_TASK: usize = 128;

/// A run of glyphs' charstrings, subroutines inlined: their bytes, each glyph's end in them
/// and its font dict.
struct Inlined {
    bytes: Vec<u8>,
    ends: Vec<u32>,
    fds: Vec<u8>,
}

/// An INDEX (TN 5176 §5): `count` objects whose bounds are read from `offsets`.
#[derive(Clone, Copy)]
struct Index<'a> {
    count: usize,
    off_size: usize,
    offsets: &'a [u8],
    /// The byte before the first object: offsets count from 1.
    data: &'a [u8],
}

impl<'a> Index<'a> {
    /// The INDEX at `at`, and the offset just past it.
    fn parse(cff: &'a [u8], at: usize) -> Option<(Index<'a>, usize)> {
        let count = usize::from(u16::from_be_bytes(cff.get(at..at + 2)?.try_into().ok()?));
        if count == 0 {
            let empty = Index {
                count: 0,
                off_size: 1,
                offsets: &[],
                data: &[],
            };
            return Some((empty, at + 2));
        }
        let off_size = usize::from(*cff.get(at + 2)?);
        if !(1..=4).contains(&off_size) {
            return None;
        }
        let offsets_start = at + 3;
        let data_start = offsets_start + (count + 1) * off_size;
        let offsets = cff.get(offsets_start..data_start)?;
        let index = Index {
            count,
            off_size,
            offsets,
            data: cff.get(data_start - 1..)?,
        };
        let end = data_start - 1 + index.offset(count)?;
        cff.get(..end)?;
        Some((index, end))
    }

    /// The `i`th offset.
    fn offset(&self, i: usize) -> Option<usize> {
        let bytes = self.offsets.get(i * self.off_size..(i + 1) * self.off_size)?;
        Some(bytes.iter().fold(0, |v, &b| (v << 8) | usize::from(b)))
    }

    /// The `i`th object.
    fn get(&self, i: usize) -> Option<&'a [u8]> {
        if i >= self.count {
            return None;
        }
        let (start, end) = (self.offset(i)?, self.offset(i + 1)?);
        if start == 0 || end < start {
            return None;
        }
        self.data.get(start..end)
    }

    /// The bias added to a subroutine number (TN 5177 §4.7).
    fn bias(&self) -> i32 {
        match self.count {
            0..1240 => 107,
            1240..33900 => 1131,
            _ => 32768,
        }
    }
}

/// One DICT entry: the operator, its raw bytes (operands and operator) and its integer
/// operands (a real counts as 0; no rewritten operator takes one).
struct Entry<'a> {
    op: u16,
    raw: &'a [u8],
    ints: Vec<i32>,
}

/// The entries of a DICT (TN 5176 §4).
fn dict(data: &[u8]) -> Option<Vec<Entry<'_>>> {
    let mut entries = Vec::new();
    let (mut i, mut start) = (0, 0);
    let mut ints = Vec::new();
    while i < data.len() {
        let b0 = data[i];
        match b0 {
            0..=21 => {
                let op = if b0 == 12 {
                    i += 1;
                    0x0c00 | u16::from(*data.get(i)?)
                } else {
                    u16::from(b0)
                };
                i += 1;
                entries.push(Entry {
                    op,
                    raw: &data[start..i],
                    ints: std::mem::take(&mut ints),
                });
                start = i;
            }
            28 => {
                let v = i16::from_be_bytes(data.get(i + 1..i + 3)?.try_into().ok()?);
                ints.push(i32::from(v));
                i += 3;
            }
            29 => {
                ints.push(i32::from_be_bytes(data.get(i + 1..i + 5)?.try_into().ok()?));
                i += 5;
            }
            30 => {
                // A real: nibbles up to and including an 0xf nibble.
                i += 1;
                loop {
                    let b = *data.get(i)?;
                    i += 1;
                    if b & 0x0f == 0x0f || b >> 4 == 0x0f {
                        break;
                    }
                }
                ints.push(0);
            }
            32..=246 => {
                ints.push(i32::from(b0) - 139);
                i += 1;
            }
            247..=250 => {
                ints.push((i32::from(b0) - 247) * 256 + i32::from(*data.get(i + 1)?) + 108);
                i += 2;
            }
            251..=254 => {
                ints.push(-(i32::from(b0) - 251) * 256 - i32::from(*data.get(i + 1)?) - 108);
                i += 2;
            }
            _ => return None,
        }
    }
    Some(entries)
}

/// The integer operands of `op` in `entries`.
fn find<'e>(entries: &'e [Entry<'_>], op: u16) -> Option<&'e [i32]> {
    entries.iter().find(|e| e.op == op).map(|e| e.ints.as_slice())
}

/// An offset operand as a slice start, refusing negative values.
fn offset(v: i32) -> Option<usize> {
    usize::try_from(v).ok()
}

/// A Font DICT of the FDArray with its Private DICT and local subroutines.
struct FontDict<'a> {
    entries: Vec<Entry<'a>>,
    private: Vec<Entry<'a>>,
    subrs: Option<Index<'a>>,
}

/// The parts of the source font the subset is made from.
struct Font<'a> {
    names: &'a [u8],
    top: Vec<Entry<'a>>,
    strings: Index<'a>,
    gsubrs: Index<'a>,
    charstrings: Index<'a>,
    fds: Vec<FontDict<'a>>,
    /// FDSelect format 3 as (first glyph, font dict) ranges with the sentinel as the last
    /// `first`, or format 0 as one font dict per glyph.
    fd_select: FdSelect<'a>,
}

/// The FDSelect table (TN 5176 §19).
enum FdSelect<'a> {
    PerGlyph(&'a [u8]),
    Ranges(Vec<(u16, u8)>),
}

impl<'a> Font<'a> {
    fn parse(cff: &'a [u8]) -> Option<Font<'a>> {
        if *cff.first()? != 1 {
            return None;
        }
        let header = usize::from(*cff.get(2)?);
        let (_, names_end) = Index::parse(cff, header)?;
        let (tops, tops_end) = Index::parse(cff, names_end)?;
        let (strings, strings_end) = Index::parse(cff, tops_end)?;
        let (gsubrs, _) = Index::parse(cff, strings_end)?;
        let top = dict(tops.get(0)?)?;
        find(&top, op::ROS)?;
        if find(&top, op::CHARSTRING_TYPE).is_some_and(|t| t != [2]) {
            return None;
        }
        let at = |o: u16| find(&top, o).and_then(|v| offset(*v.first()?));
        let (charstrings, _) = Index::parse(cff, at(op::CHAR_STRINGS)?)?;
        let (fd_array, _) = Index::parse(cff, at(op::FD_ARRAY)?)?;
        let fds = (0..fd_array.count)
            .map(|i| FontDict::parse(cff, fd_array.get(i)?))
            .collect::<Option<Vec<_>>>()?;
        let fd_select = FdSelect::parse(cff, at(op::FD_SELECT)?, charstrings.count)?;
        Some(Font {
            names: cff.get(header..names_end)?,
            top,
            strings,
            gsubrs,
            charstrings,
            fds,
            fd_select,
        })
    }

    /// The charstrings of old glyph ids `gids`, subroutines inlined.
    fn inline(&self, gids: &[u16]) -> Option<Inlined> {
        let mut run = Inlined {
            bytes: Vec::new(),
            ends: Vec::with_capacity(gids.len()),
            fds: Vec::with_capacity(gids.len()),
        };
        for &gid in gids {
            let fd = self.fd_of(gid)?;
            let locals = self.fds.get(usize::from(fd))?.subrs;
            let code = self.charstrings.get(usize::from(gid))?;
            Inliner::new(&self.gsubrs, locals.as_ref(), &mut run.bytes).run(code, 0)?;
            run.ends.push(u32::try_from(run.bytes.len()).ok()?);
            run.fds.push(fd);
        }
        Some(run)
    }

    /// The font dict of an old glyph id.
    fn fd_of(&self, gid: u16) -> Option<u8> {
        match &self.fd_select {
            FdSelect::PerGlyph(fds) => fds.get(usize::from(gid)).copied(),
            FdSelect::Ranges(ranges) => {
                let i = ranges.partition_point(|&(first, _)| first <= gid);
                // `i` is past the range holding gid; the last entry is the sentinel.
                if i == 0 || i >= ranges.len() {
                    return None;
                }
                Some(ranges[i - 1].1)
            }
        }
    }

    /// Writes the subset: header, Name, Top DICT, String and (empty) Global Subr INDEXes,
    /// charset, FDSelect, CharStrings, FDArray, then the Private DICTs.
    fn write(&self, charstrings: &[u8], ends: &[u32], fds: &[u8]) -> Option<Vec<u8>> {
        // The font dicts the glyphs use, renumbered in their old order.
        let used: BTreeMap<u8, u8> = {
            let mut set: Vec<u8> = fds.to_vec();
            set.sort_unstable();
            set.dedup();
            set.into_iter()
                .enumerate()
                .map(|(new, old)| Some((old, u8::try_from(new).ok()?)))
                .collect::<Option<_>>()?
        };
        let new_fds: Vec<u8> = fds.iter().map(|fd| used[fd]).collect();
        let fd_select = fd_select(&new_fds)?;
        let privates: Vec<Vec<u8>> = used
            .keys()
            .map(|&old| {
                let fd = &self.fds[usize::from(old)];
                fd.private
                    .iter()
                    .filter(|e| e.op != op::SUBRS)
                    .flat_map(|e| e.raw.iter().copied())
                    .collect()
            })
            .collect();
        // The strings the kept entries name, in the order they are met; the Top DICT is
        // written once with zero offsets to meet its strings and learn its length (every
        // offset is a 5-byte integer).
        let mut strings = Strings::new(self.strings);
        let top_len = self.top_dict(&mut strings, [0; 4])?.len();
        let mut fd_dicts = used
            .keys()
            .map(|&old| rewrite(&self.fds[usize::from(old)].entries, &mut strings, |_| None))
            .collect::<Option<Vec<_>>>()?;
        let strings = strings.index()?;

        let n = ends.len();
        let charset_len = if n > 1 { 5 } else { 1 };
        let charset_at = 4 + self.names.len() + index_len(&[top_len])? + strings.len() + 2;
        let fd_select_at = charset_at + charset_len;
        let charstrings_at = fd_select_at + fd_select.len();
        let fd_array_at = charstrings_at + index_len_from_ends(ends)?;
        // Each Font DICT gets its Private entry: two 5-byte integers and the operator.
        let fd_lens: Vec<usize> = fd_dicts.iter().map(|d| d.len() + 11).collect();
        let mut private_at = fd_array_at + index_len(&fd_lens)?;
        for (d, private) in fd_dicts.iter_mut().zip(&privates) {
            int5(d, private.len());
            int5(d, private_at);
            d.push(op::PRIVATE as u8);
            private_at += private.len();
        }

        let mut out = Vec::with_capacity(private_at);
        out.extend_from_slice(&[1, 0, 4, 4]);
        out.extend_from_slice(self.names);
        let mut again = Strings::new(self.strings);
        let top = self.top_dict(
            &mut again,
            [charset_at, fd_select_at, charstrings_at, fd_array_at],
        )?;
        write_index(&mut out, [top.as_slice()])?;
        out.extend_from_slice(&strings);
        out.extend_from_slice(&[0, 0]);
        // charset: glyph i is CID i.
        if n > 1 {
            out.push(2);
            out.extend_from_slice(&1u16.to_be_bytes());
            out.extend_from_slice(&u16::try_from(n - 2).ok()?.to_be_bytes());
        } else {
            out.push(0);
        }
        out.extend_from_slice(&fd_select);
        write_index_from_ends(&mut out, charstrings, ends)?;
        write_index(&mut out, fd_dicts.iter().map(Vec::as_slice))?;
        for private in &privates {
            out.extend_from_slice(private);
        }
        Some(out)
    }

    /// The Top DICT with its offsets set: charset, FDSelect, CharStrings, FDArray.
    fn top_dict(
        &self,
        strings: &mut Strings<'a>,
        [charset, fd_select, charstrings, fd_array]: [usize; 4],
    ) -> Option<Vec<u8>> {
        let mut d = rewrite(&self.top, strings, |op| match op {
            op::CHARSET => Some(charset),
            op::FD_SELECT => Some(fd_select),
            op::CHAR_STRINGS => Some(charstrings),
            op::FD_ARRAY => Some(fd_array),
            _ => None,
        })?;
        if find(&self.top, op::CHARSET).is_none() {
            int5(&mut d, charset);
            push_op(&mut d, op::CHARSET);
        }
        Some(d)
    }
}

/// A DICT rewritten for the subset: the entries `offset` gives a value get it as a 5-byte
/// integer, string ids are renumbered into `strings`, the entries a subset must not carry
/// are dropped, and the rest are copied as they are.
fn rewrite<'a>(
    entries: &[Entry<'a>],
    strings: &mut Strings<'a>,
    offset: impl Fn(u16) -> Option<usize>,
) -> Option<Vec<u8>> {
    let mut d = Vec::new();
    for e in entries {
        if let Some(value) = offset(e.op) {
            int5(&mut d, value);
        } else if op::DROPPED.contains(&e.op) {
            continue;
        } else if op::NAMING.contains(&e.op) {
            // The string operands lead (ROS: registry, ordering, then the supplement).
            let sids = if e.op == op::ROS { 2 } else { 1 };
            if e.ints.len() < sids {
                return None;
            }
            for (k, &v) in e.ints.iter().enumerate() {
                int(&mut d, if k < sids { strings.sid(v)? } else { v });
            }
        } else {
            d.extend_from_slice(e.raw);
            continue;
        }
        push_op(&mut d, e.op);
    }
    Some(d)
}

/// The String INDEX of the subset: the source's strings that kept entries name.
struct Strings<'a> {
    source: Index<'a>,
    kept: Vec<&'a [u8]>,
    /// Old string id → new.
    ids: BTreeMap<i32, i32>,
}

/// String ids below this name the standard strings, not the String INDEX (TN 5176, Appendix A).
const STANDARD_STRINGS: i32 = 391;

impl<'a> Strings<'a> {
    fn new(source: Index<'a>) -> Self {
        Strings {
            source,
            kept: Vec::new(),
            ids: BTreeMap::new(),
        }
    }

    /// The new id of old string id `sid`.
    fn sid(&mut self, sid: i32) -> Option<i32> {
        if sid < STANDARD_STRINGS {
            return (sid >= 0).then_some(sid);
        }
        if let Some(&new) = self.ids.get(&sid) {
            return Some(new);
        }
        let string = self.source.get(usize::try_from(sid - STANDARD_STRINGS).ok()?)?;
        let new = STANDARD_STRINGS + i32::try_from(self.kept.len()).ok()?;
        self.kept.push(string);
        self.ids.insert(sid, new);
        Some(new)
    }

    /// The String INDEX.
    fn index(&self) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        write_index(&mut out, self.kept.iter().copied())?;
        Some(out)
    }
}

impl<'a> FontDict<'a> {
    fn parse(cff: &'a [u8], data: &'a [u8]) -> Option<FontDict<'a>> {
        let entries = dict(data)?;
        let (size, at) = match find(&entries, op::PRIVATE)? {
            &[size, at] => (offset(size)?, offset(at)?),
            _ => return None,
        };
        let private = dict(cff.get(at..at.checked_add(size)?)?)?;
        let subrs = match find(&private, op::SUBRS) {
            Some(&[rel]) => Some(Index::parse(cff, at.checked_add(offset(rel)?)?)?.0),
            Some(_) => return None,
            None => None,
        };
        Some(FontDict {
            entries,
            private,
            subrs,
        })
    }
}

impl<'a> FdSelect<'a> {
    fn parse(cff: &'a [u8], at: usize, glyphs: usize) -> Option<FdSelect<'a>> {
        match *cff.get(at)? {
            0 => Some(FdSelect::PerGlyph(cff.get(at + 1..at + 1 + glyphs)?)),
            3 => {
                let n = usize::from(u16::from_be_bytes(cff.get(at + 1..at + 3)?.try_into().ok()?));
                let bytes = cff.get(at + 3..at + 3 + n * 3 + 2)?;
                let mut ranges: Vec<(u16, u8)> = bytes
                    .chunks_exact(3)
                    .map(|r| (u16::from_be_bytes([r[0], r[1]]), r[2]))
                    .collect();
                ranges.push((u16::from_be_bytes([bytes[n * 3], bytes[n * 3 + 1]]), 0));
                ranges
                    .is_sorted_by_key(|r| r.0)
                    .then_some(FdSelect::Ranges(ranges))
            }
            _ => None,
        }
    }
}

/// FDSelect format 3 for the subset's glyphs.
fn fd_select(fds: &[u8]) -> Option<Vec<u8>> {
    let mut ranges: Vec<(u16, u8)> = Vec::new();
    for (gid, &fd) in fds.iter().enumerate() {
        if ranges.last().is_none_or(|r| r.1 != fd) {
            ranges.push((u16::try_from(gid).ok()?, fd));
        }
    }
    let mut out = vec![3];
    out.extend_from_slice(&u16::try_from(ranges.len()).ok()?.to_be_bytes());
    for (first, fd) in ranges {
        out.extend_from_slice(&first.to_be_bytes());
        out.push(fd);
    }
    out.extend_from_slice(&u16::try_from(fds.len()).ok()?.to_be_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records an outline as text, to compare two fonts' drawings of a glyph.
    #[derive(Default)]
    struct Path(String);

    impl ttf_parser::OutlineBuilder for Path {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0 += &format!("M{x} {y}");
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0 += &format!("L{x} {y}");
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0 += &format!("Q{x1} {y1} {x} {y}");
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.0 += &format!("C{x1} {y1} {x2} {y2} {x} {y}");
        }
        fn close(&mut self) {
            self.0 += "Z";
        }
    }

    #[test]
    fn subset_of_the_body_face_draws_every_glyph_as_the_face_does() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/NotoSerifSC-Regular.otf");
        let data = std::fs::read(path).unwrap();
        let face = ttf_parser::Face::parse(&data, 0).unwrap();
        let source = crate::render::pdf::sfnt::table(&data, b"CFF ").unwrap();
        // .notdef, Latin, digits, punctuation and Han from several font dicts, out of order.
        let gids: Vec<u16> = std::iter::once(0)
            .chain(
                "永和九年，岁在癸丑。Newsprint 2026：100% 「中文」"
                    .chars()
                    .filter_map(|c| face.glyph_index(c).map(|g| g.0)),
            )
            .chain([30_000, 17, 5_000])
            .collect();
        let mut seen = std::collections::BTreeSet::new();
        let unique: Vec<u16> = gids.into_iter().filter(|g| seen.insert(*g)).collect();
        let subset = subset(source, &unique).expect("the body face is CID-keyed CFF");
        let original = ttf_parser::cff::Table::parse(source).unwrap();
        let ours = ttf_parser::cff::Table::parse(&subset).unwrap();
        assert_eq!(usize::from(ours.number_of_glyphs()), unique.len());
        for (new, &old) in unique.iter().enumerate() {
            let new = ttf_parser::GlyphId(new as u16);
            // Glyph i of the subset is CID i: the PDF's CIDFontType0 reads the charset.
            assert_eq!(ours.glyph_cid(new), Some(new.0));
            let (mut a, mut b) = (Path::default(), Path::default());
            let drawn = (
                original.outline(ttf_parser::GlyphId(old), &mut a).ok(),
                ours.outline(new, &mut b).ok(),
            );
            assert_eq!(drawn.0, drawn.1, "glyph {old}: bounding box");
            assert_eq!(a.0, b.0, "glyph {old}: outline");
        }
    }

    #[test]
    fn index_round_trips() {
        let mut buf = Vec::new();
        write_index(&mut buf, [&b"ab"[..], b"", b"cde"]).unwrap();
        assert_eq!(buf.len(), index_len(&[2, 0, 3]).unwrap());
        let (i, end) = Index::parse(&buf, 0).unwrap();
        assert_eq!(end, buf.len());
        assert_eq!(
            (i.get(0), i.get(1), i.get(2), i.get(3)),
            (Some(&b"ab"[..]), Some(&b""[..]), Some(&b"cde"[..]), None)
        );
    }
}
