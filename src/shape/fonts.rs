//! The font database: faces memory-mapped and parsed once per build, and the map from a
//! typographic role (body, headline, byline …) to a face.
//!
//! Two levels because a parsed face borrows its bytes: [`FontFiles`] owns the mapped files,
//! [`FontDb`] borrows them and holds the parsed faces. Both live for the whole build.

use crate::shape::ShapeError;
use memmap2::Mmap;
use std::fs::File;
use std::path::{Path, PathBuf};

/// Index of a face in a [`FontDb`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct FaceId(pub u16);

/// What a piece of text is for; each role is set in one face (TYPOGRAPHY.md §4.5–4.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Body text: Song (宋体).
    Body,
    /// Main headlines: heavy Hei (黑体).
    Headline,
    /// Headlines of secondary stories: heavy Song (标宋).
    HeadlineSong,
    /// In-text subheads (小标题): bold Hei.
    Subhead,
    /// Bylines, captions, credits: Kai (楷体).
    Kai,
    /// Column labels, brief sources, the running head: bold Hei.
    Label,
}

/// The faces newsprint expects in a fonts folder, by file name, and the roles they serve.
const FACES: &[(&str, &[Role])] = &[
    ("NotoSerifSC-Regular.otf", &[Role::Body]),
    ("NotoSansSC-Black-8105.otf", &[Role::Headline]),
    ("NotoSerifSC-Black-8105.otf", &[Role::HeadlineSong]),
    ("NotoSansSC-Bold-8105.otf", &[Role::Subhead, Role::Label]),
    ("NewsKai-Regular-8105.ttf", &[Role::Kai]),
    ("NotoSerifSC-Bold-8105.otf", &[]),
];

/// The last-resort face: it covers every character of the Noto SC set (fonts/README.md).
const FALLBACK: &str = "NotoSerifSC-Regular.otf";

/// The font files of a build, memory-mapped.
#[derive(Debug)]
pub struct FontFiles {
    files: Vec<(PathBuf, Mmap)>,
}

impl FontFiles {
    /// Maps every face newsprint uses from `dir`. A missing face is an error naming it.
    pub fn open(dir: &Path) -> Result<FontFiles, ShapeError> {
        let mut files = Vec::with_capacity(FACES.len());
        for (name, _) in FACES {
            let path = dir.join(name);
            let file = File::open(&path).map_err(|e| ShapeError::FontMissing {
                path: path.clone(),
                source: e,
            })?;
            // SAFETY: the font files are opened read-only and never written while a build
            // runs; a file truncated underneath us is outside what any font reader can guard.
            #[allow(unsafe_code)]
            let map = unsafe { Mmap::map(&file) }.map_err(|e| ShapeError::FontMissing {
                path: path.clone(),
                source: e,
            })?;
            files.push((path, map));
        }
        Ok(FontFiles { files })
    }

    /// The default fonts folder: `$NEWSPRINT_FONTS`, else `./fonts`, else the one in the
    /// source tree this binary was built from.
    pub fn default_dir() -> PathBuf {
        if let Some(dir) = std::env::var_os("NEWSPRINT_FONTS") {
            return PathBuf::from(dir);
        }
        let local = PathBuf::from("fonts");
        if local.join(FALLBACK).exists() {
            return local;
        }
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")
    }
}

/// One parsed face.
pub struct FaceInfo<'a> {
    /// The file it came from.
    pub path: &'a Path,
    /// The whole font file.
    pub data: &'a [u8],
    /// The parsed face, for shaping and metrics.
    pub face: rustybuzz::Face<'a>,
    /// The PostScript name, for the PDF's BaseFont.
    pub postscript_name: String,
    /// Whether outlines are CFF (else TrueType `glyf`).
    pub is_cff: bool,
}

impl std::fmt::Debug for FaceInfo<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaceInfo").field("path", &self.path).finish()
    }
}

impl FaceInfo<'_> {
    /// Units per em of the face.
    pub fn upem(&self) -> f64 {
        self.face.units_per_em() as f64
    }

    /// Horizontal advance of a glyph, in em.
    pub fn advance_em(&self, glyph: u16) -> f64 {
        self.face
            .glyph_hor_advance(ttf_parser::GlyphId(glyph))
            .unwrap_or(0) as f64
            / self.upem()
    }

    /// Vertical advance of a glyph, in em: `vmtx`, else the ascender-to-descender height
    /// (as rustybuzz shapes it).
    pub fn vertical_advance_em(&self, glyph: u16) -> f64 {
        let face = &self.face;
        let units = if face.tables().vmtx.is_some() {
            f64::from(face.glyph_ver_advance(ttf_parser::GlyphId(glyph)).unwrap_or(0))
        } else {
            f64::from(face.ascender()) - f64::from(face.descender())
        };
        units / self.upem()
    }

    /// A glyph's vertical origin (the pen of a vertical line: top centre of its cell)
    /// from its horizontal origin, in em, y up: half the advance across, and `VORG`, else
    /// the `vmtx` top side bearing above the outline, else the ascender — the rules
    /// rustybuzz positions vertical glyphs by, so renderers and shaping agree.
    pub fn vertical_origin(&self, glyph: u16) -> (f64, f64) {
        let face = &self.face;
        let gid = ttf_parser::GlyphId(glyph);
        let x = f64::from(face.glyph_hor_advance(gid).unwrap_or(0) / 2);
        let y = if let Some(y) = face.glyph_y_origin(gid) {
            f64::from(y)
        } else if let Some(bb) = face.glyph_bounding_box(gid) {
            if face.tables().vmtx.is_some() {
                f64::from(bb.y_max) + f64::from(face.glyph_ver_side_bearing(gid).unwrap_or(0))
            } else {
                let advance = f64::from(face.ascender()) - f64::from(face.descender());
                let height = f64::from(bb.y_max) - f64::from(bb.y_min);
                f64::from(bb.y_max) + ((advance - height) as i32 >> 1) as f64
            }
        } else {
            f64::from(face.ascender())
        };
        (x / self.upem(), y / self.upem())
    }

    /// Whether the face has a glyph for a character.
    pub fn has_char(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }
}

/// Removable blank of a full-width mark in a face, in em (TYPOGRAPHY.md §2.1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Blank {
    /// Blank on the start side (opening marks).
    pub lead: f64,
    /// Blank on the end side (closing and stop marks).
    pub trail: f64,
}

/// The marks whose blank half compression may remove (§2.1 "opening", "closing", "stop").
const ADJUSTABLE: &str = "“‘（〔［｛〈《「『【〖”’）〕］｝〉》」』】〗、。，．：；！？";

/// The parsed faces of a build and the role map.
#[derive(Debug)]
pub struct FontDb<'a> {
    faces: Vec<FaceInfo<'a>>,
    fallback: FaceId,
    /// Per face, the blanks its `halt` feature removes from each adjustable mark (empty for a
    /// face without `halt`, such as NewsKai).
    blanks: Vec<std::collections::BTreeMap<char, Blank>>,
    /// Per face, the blanks its `vhal` removes in vertical lines, found on first use (only
    /// pages with vertical text ask); `None` for a face without `vhal`.
    vertical_blanks: Vec<std::sync::OnceLock<Option<std::collections::BTreeMap<char, Blank>>>>,
    /// Per face, its shaping plans, made on first use: compiling a plan (looking up the
    /// face's features for the script and language) costs more than shaping a short run.
    plans: Vec<Plans>,
}

/// One face's shaping plans, by [`PlanKey::index`].
#[derive(Default)]
struct Plans([std::sync::OnceLock<rustybuzz::ShapePlan>; 8]);

impl std::fmt::Debug for Plans {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Plans")
    }
}

/// What a shaping plan is for: the direction (horizontal or top to bottom) and the script
/// (Latin or Han), always in zh-Hans and with the face's default features.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PlanKey {
    /// Top to bottom rather than left to right.
    pub(crate) vertical: bool,
    /// Latin script rather than Han.
    pub(crate) latin: bool,
    /// Figures, in the face's half-em forms (`hwid`) where it has them.
    pub(crate) figures: bool,
}

impl PlanKey {
    /// The buffer properties of the plan.
    pub(crate) fn properties(self) -> (rustybuzz::Direction, rustybuzz::Script) {
        use rustybuzz::{Direction, script};
        (
            if self.vertical {
                Direction::TopToBottom
            } else {
                Direction::LeftToRight
            },
            if self.latin { script::LATIN } else { script::HAN },
        )
    }

    fn index(self) -> usize {
        usize::from(self.figures) * 4 + usize::from(self.vertical) * 2 + usize::from(self.latin)
    }
}

/// zh-Hans, the language every plan and buffer is set in: it picks the SC punctuation forms.
pub(crate) fn language() -> Option<rustybuzz::Language> {
    "zh-Hans".parse().ok()
}

/// What the face's `halt` feature (half-width alternates, GPOS) removes from each adjustable
/// mark when shaped as Han in zh-Hans: in the Noto SC faces, exactly the blank half of the GB
/// glyph model (TYPOGRAPHY.md §2.1, measured). Taking it from the face, not a table, keeps
/// the trims right for faces whose marks sit elsewhere in the cell.
fn halt_blanks(face: &rustybuzz::Face) -> std::collections::BTreeMap<char, Blank> {
    half_width_blanks(face, false)
}

/// What the face's `vhal` (its `halt` for vertical lines) removes from each adjustable mark
/// set top to bottom: in the Noto SC faces the blank half of `，。、`, the quotes and
/// brackets, and nothing of `：；！？`, which stay a whole em in vertical text (TYPOGRAPHY.md
/// §2.1, CLREQ; measured). `None` when `vhal` changes no mark: the face has none.
fn vhal_blanks(face: &rustybuzz::Face) -> Option<std::collections::BTreeMap<char, Blank>> {
    let blanks = half_width_blanks(face, true);
    (!blanks.is_empty()).then_some(blanks)
}

/// The blanks `halt` (horizontal) or `vhal` (top to bottom) removes from each adjustable
/// mark: the advance it takes off, and of that, how far it moves the mark back (the blank
/// on the start side).
fn half_width_blanks(face: &rustybuzz::Face, vertical: bool) -> std::collections::BTreeMap<char, Blank> {
    use rustybuzz::{Direction, Feature, ShapePlan, UnicodeBuffer, script, ttf_parser::Tag};
    let upem = face.units_per_em() as f64;
    let lang = language();
    let direction = if vertical {
        Direction::TopToBottom
    } else {
        Direction::LeftToRight
    };
    let plan =
        |features: &[Feature]| ShapePlan::new(face, direction, Some(script::HAN), lang.as_ref(), features);
    let tag = Tag::from_bytes(if vertical { b"vhal" } else { b"halt" });
    let (plain, halt) = (plan(&[]), plan(&[Feature::new(tag, 1, ..)]));
    let mut out = std::collections::BTreeMap::new();
    for c in ADJUSTABLE.chars() {
        if face.glyph_index(c).is_none() {
            continue;
        }
        // Advance and offset along the line, in reading direction (down in a vertical one).
        let shape = |plan: &ShapePlan| {
            let mut buf = UnicodeBuffer::new();
            buf.push_str(c.encode_utf8(&mut [0; 4]));
            buf.set_direction(direction);
            buf.set_script(script::HAN);
            if let Some(lang) = lang.clone() {
                buf.set_language(lang);
            }
            let out = rustybuzz::shape_with_plan(face, plan, buf);
            out.glyph_positions().first().map(|p| {
                if vertical {
                    (-p.y_advance as f64 / upem, -p.y_offset as f64 / upem)
                } else {
                    (p.x_advance as f64 / upem, p.x_offset as f64 / upem)
                }
            })
        };
        let (Some((adv0, off0)), Some((adv1, off1))) = (shape(&plain), shape(&halt)) else {
            continue;
        };
        let removed = adv0 - adv1;
        if removed > 0.05 {
            let lead = (off0 - off1).clamp(0.0, removed);
            out.insert(
                c,
                Blank {
                    lead,
                    trail: removed - lead,
                },
            );
        }
    }
    out
}

impl<'a> FontDb<'a> {
    /// Parses every mapped face once.
    pub fn new(files: &'a FontFiles) -> Result<FontDb<'a>, ShapeError> {
        let mut faces = Vec::with_capacity(files.files.len());
        for (path, map) in &files.files {
            let data: &'a [u8] = map;
            let face = rustybuzz::Face::from_slice(data, 0)
                .ok_or_else(|| ShapeError::FontMalformed { path: path.clone() })?;
            let postscript_name = face
                .names()
                .into_iter()
                .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
                .and_then(|n| n.to_string())
                .unwrap_or_else(|| {
                    path.file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default()
                });
            let is_cff = face.tables().cff.is_some();
            faces.push(FaceInfo {
                path,
                data,
                face,
                postscript_name,
                is_cff,
            });
        }
        let fallback = FACES
            .iter()
            .position(|(n, _)| *n == FALLBACK)
            .expect("FALLBACK is listed in FACES");
        // A face's blanks take a few hundred shaping calls: faces side by side.
        let blanks = {
            use rayon::prelude::*;
            faces.par_iter().map(|f| halt_blanks(&f.face)).collect()
        };
        let plans = faces.iter().map(|_| Plans::default()).collect();
        let vertical_blanks = faces.iter().map(|_| std::sync::OnceLock::new()).collect();
        Ok(FontDb {
            faces,
            fallback: FaceId(fallback as u16),
            blanks,
            vertical_blanks,
            plans,
        })
    }

    /// The shaping plan of a face for `key`, compiled on first use and shared after.
    pub(crate) fn plan(&self, face: FaceId, key: PlanKey) -> &rustybuzz::ShapePlan {
        self.plans[face.0 as usize].0[key.index()].get_or_init(|| {
            let (direction, script) = key.properties();
            use rustybuzz::{Feature, ttf_parser::Tag};
            let half_em = [Feature::new(Tag::from_bytes(b"hwid"), 1, ..)];
            rustybuzz::ShapePlan::new(
                &self.get(face).face,
                direction,
                Some(script),
                language().as_ref(),
                if key.figures { &half_em } else { &[] },
            )
        })
    }

    /// The face for a role.
    pub fn role(&self, role: Role) -> FaceId {
        let i = FACES
            .iter()
            .position(|(_, roles)| roles.contains(&role))
            .expect("every role is listed in FACES");
        FaceId(i as u16)
    }

    /// The blank the face's `halt` removes from an adjustable mark, if the face has `halt`.
    pub fn halt_blank(&self, face: FaceId, c: char) -> Option<Blank> {
        self.blanks.get(face.0 as usize)?.get(&c).copied()
    }

    /// The blank the face's `vhal` removes from an adjustable mark in a vertical line: a zero
    /// blank for a mark it leaves whole, `None` when the face has no `vhal`.
    pub fn vhal_blank(&self, face: FaceId, c: char) -> Option<Blank> {
        let blanks = self
            .vertical_blanks
            .get(face.0 as usize)?
            .get_or_init(|| vhal_blanks(&self.get(face).face));
        let none = Blank {
            lead: 0.0,
            trail: 0.0,
        };
        blanks.as_ref().map(|b| b.get(&c).copied().unwrap_or(none))
    }

    /// The last-resort face.
    pub fn fallback(&self) -> FaceId {
        self.fallback
    }

    /// A face by id.
    pub fn get(&self, id: FaceId) -> &FaceInfo<'a> {
        &self.faces[id.0 as usize]
    }

    /// Every face with its id, in a stable order.
    pub fn iter(&self) -> impl Iterator<Item = (FaceId, &FaceInfo<'a>)> {
        self.faces.iter().enumerate().map(|(i, f)| (FaceId(i as u16), f))
    }

    /// The face that sets `c` in `role`: the role's face, else the fallback; `None` when no
    /// face has it.
    pub fn face_for(&self, role: Role, c: char) -> Option<FaceId> {
        let primary = self.role(role);
        if self.get(primary).has_char(c) {
            Some(primary)
        } else if self.get(self.fallback).has_char(c) {
            Some(self.fallback)
        } else {
            None
        }
    }
}
