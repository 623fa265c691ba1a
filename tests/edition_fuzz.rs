//! Issue 11, point 6: a property test over the whole pipeline. Generated editions (manifest,
//! copy, small generated images, ads, odd characters, long paragraphs, edge-case numbers)
//! go through the real binary, `check` then `build`, under a 4 GB address-space limit. Every
//! case ends in exit 0 or 1 (never a panic, an abort, a kill or a hang); a failure says where
//! (`file:line:col: error:`) and leaves the output folder as it was; a success publishes
//! PDFs that qpdf accepts and nothing else. A fixed seed and a bounded number of cases keep
//! it deterministic and quick; `NEWSPRINT_FUZZ_CASES`, `NEWSPRINT_FUZZ_SEED` and `NEWSPRINT_FUZZ_KEEP=DIR` (every
//! case kept there) explore more.

mod common;

use common::{root, run_limited, scratch, snapshot, write};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Output;

/// Cases in the suite: each is a `check`, a `build` and a qpdf run per page, about a second.
const CASES: u32 = 32;
/// Peak resident memory any one run may reach (the "Done when": 1.5 GB).
const PEAK_KIB: i64 = 1536 * 1024;

/// How a generated image file is broken, if it is.
#[derive(Debug, Clone, Copy)]
enum Damage {
    Whole,
    /// Cut to half its length.
    Truncated,
    /// Bytes in its middle overwritten.
    Scribbled,
    /// Zero bytes long.
    Empty,
    /// A PNG under a `.jpg` name.
    Misnamed,
}

/// The encoding of a generated image.
#[derive(Debug, Clone, Copy)]
enum Encoding {
    Png,
    PngGrey,
    PngAlpha,
    Png16,
    Jpeg,
    JpegGrey,
    Tiff,
}

/// An image file the copy or an ad names: `img/N.ext`.
#[derive(Debug, Clone)]
struct Picture {
    encoding: Encoding,
    width: u32,
    height: u32,
    damage: Damage,
}

impl Picture {
    fn name(&self, index: usize) -> String {
        let ext = match (self.damage, self.encoding) {
            (Damage::Misnamed, _) => "jpg",
            (_, Encoding::Jpeg | Encoding::JpegGrey) => "jpg",
            (_, Encoding::Tiff) => "tif",
            _ => "png",
        };
        format!("img/{index}.{ext}")
    }

    fn bytes(&self) -> Vec<u8> {
        use image::{DynamicImage, ImageFormat};
        let (w, h) = (self.width, self.height);
        let rgb = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x * 7 % 251) as u8, (y * 5 % 241) as u8, ((x + y) % 199) as u8])
        });
        let img = match self.encoding {
            Encoding::PngGrey | Encoding::JpegGrey => DynamicImage::ImageRgb8(rgb).grayscale(),
            Encoding::PngAlpha => DynamicImage::ImageRgba8(DynamicImage::ImageRgb8(rgb).to_rgba8()),
            Encoding::Png16 => DynamicImage::ImageRgb16(DynamicImage::ImageRgb8(rgb).to_rgb16()),
            _ => DynamicImage::ImageRgb8(rgb),
        };
        let format = match self.encoding {
            Encoding::Jpeg | Encoding::JpegGrey => ImageFormat::Jpeg,
            Encoding::Tiff => ImageFormat::Tiff,
            _ => ImageFormat::Png,
        };
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, format).expect("encodes");
        let mut bytes = out.into_inner();
        match self.damage {
            Damage::Truncated => bytes.truncate(bytes.len() / 2),
            Damage::Scribbled => {
                let mid = bytes.len() / 2;
                let end = (mid + 64).min(bytes.len());
                bytes[mid..end].iter_mut().for_each(|b| *b ^= 0xA5);
            }
            Damage::Empty => bytes.clear(),
            Damage::Whole | Damage::Misnamed => {}
        }
        bytes
    }
}

/// One block of copy.
#[derive(Debug, Clone)]
enum Block {
    Label(String),
    Headline(String),
    VerticalHeadline(String),
    Byline(String),
    Subhead(String),
    /// A photo story: title, image (an index into the pictures, maybe past the end: a
    /// missing file), caption, credit.
    Photo(String, Option<usize>, String, bool),
    /// An image line inside an article: picture, alt text, credit.
    Image(usize, String, String),
    Brief(String),
    Paragraph(String),
}

impl Block {
    fn text(&self, pictures: &[Picture]) -> String {
        let picture = |i: usize| match pictures.get(i) {
            Some(p) => p.name(i),
            None => format!("img/missing-{i}.jpg"),
        };
        match self {
            Block::Label(t) => format!("◎{t}"),
            Block::Headline(t) => format!("# {t}"),
            Block::VerticalHeadline(t) => format!("#| {t}"),
            Block::Byline(t) => format!("□本报记者 {t}"),
            Block::Subhead(t) => format!("## {t}"),
            Block::Photo(title, image, caption, credit) => {
                let mut s = format!("## {title}\n\n");
                if let Some(i) = image {
                    let _ = write!(s, "![]({})\n\n", picture(*i));
                }
                s.push_str(caption);
                if *credit {
                    s.push_str("\n\n张鑫 摄");
                }
                s
            }
            Block::Image(i, alt, credit) => format!("![{alt}]({} \"{credit}\")", picture(*i)),
            Block::Brief(t) => format!("●{t}（李丽娜）"),
            Block::Paragraph(t) => t.clone(),
        }
    }
}

/// A page of copy as a file holds it.
#[derive(Debug, Clone)]
struct Copy {
    blocks: Vec<Block>,
    crlf: bool,
    bom: bool,
}

impl Copy {
    fn text(&self, pictures: &[Picture]) -> String {
        let mut s: String = self
            .blocks
            .iter()
            .map(|b| b.text(pictures))
            .collect::<Vec<_>>()
            .join("\n\n");
        s.push('\n');
        if self.crlf {
            s = s.replace('\n', "\r\n");
        }
        if self.bom {
            s.insert(0, '\u{FEFF}');
        }
        s
    }
}

/// An ad's file.
#[derive(Debug, Clone)]
enum AdFile {
    None,
    /// One of tests/corpus/ads.
    Corpus(&'static str),
    /// A generated picture.
    Picture(usize),
    Missing,
    /// Bytes that start like a PDF and are not one.
    Garbage,
    /// The good PDF ad cut in half.
    CutPdf,
}

/// `[[page.ad]]`.
#[derive(Debug, Clone)]
struct Ad {
    file: AdFile,
    advertiser: String,
    columns: String,
    /// `lines = …` or `height_mm = …`.
    height: (&'static str, String),
    position: String,
}

/// `[[page.story]]`: keys and their TOML values.
#[derive(Debug, Clone)]
struct StoryOverride(Vec<(&'static str, String)>);

/// `[[page]]`.
#[derive(Debug, Clone)]
struct Page {
    number: String,
    section: String,
    copy: Copy,
    format: Option<Vec<(&'static str, String)>>,
    teasers: bool,
    stories: Vec<StoryOverride>,
    ads: Vec<Ad>,
}

/// A whole edition folder, and how it is built.
#[derive(Debug, Clone)]
struct Case {
    name: String,
    code: String,
    date: String,
    number: String,
    front: Option<(String, String)>,
    format: Option<Vec<(&'static str, String)>>,
    limits: Option<Vec<(&'static str, String)>>,
    style: Option<Vec<(&'static str, String)>>,
    pages: Vec<Page>,
    pictures: Vec<Picture>,
    flags: Vec<&'static str>,
    /// Whether the output folder already holds an earlier build's files.
    earlier: bool,
    /// Whether the case may hold wrong values, damaged files and characters no font has.
    hostile: bool,
}

/// A TOML basic string holding `s` exactly.
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn table(out: &mut String, keys: &[(&'static str, String)]) {
    for (k, v) in keys {
        let _ = writeln!(out, "{k} = {v}");
    }
}

impl Case {
    fn manifest(&self) -> String {
        let mut m = String::new();
        let _ = writeln!(
            m,
            "[paper]\nname = {}\ncode = {}",
            toml_str(&self.name),
            self.code
        );
        if let Some((cn, postal)) = &self.front {
            let _ = writeln!(m, "cn = {}\npostal_code = {}", toml_str(cn), toml_str(postal));
        }
        let _ = writeln!(m, "\n[issue]\ndate = {}\nnumber = {}\n", self.date, self.number);
        m.push_str("[assets]\ndirs = [\"img\", \"ads\"]\n\n");
        for (head, keys) in [
            ("[format]", &self.format),
            ("[limits]", &self.limits),
            ("[style]", &self.style),
        ] {
            if let Some(keys) = keys {
                let _ = writeln!(m, "{head}");
                table(&mut m, keys);
                m.push('\n');
            }
        }
        for (i, p) in self.pages.iter().enumerate() {
            let _ = writeln!(
                m,
                "[[page]]\nnumber = {}\nsection = {}\neditor = \"王晓燕\"\ncopy = \"p{i}.md\"",
                p.number,
                toml_str(&p.section)
            );
            // Teasers belong on the front page (the first, numbered 1): a clean case asks there.
            if p.teasers && (self.hostile || (i == 0 && p.number == "1")) {
                m.push_str("teasers = true\n");
            }
            if let Some(f) = &p.format {
                let inline: Vec<String> = f.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                let _ = writeln!(m, "format = {{ {} }}", inline.join(", "));
            }
            m.push('\n');
            for s in &p.stories {
                m.push_str("[[page.story]]\n");
                for (k, v) in &s.0 {
                    if *k != "continue_on" {
                        let _ = writeln!(m, "{k} = {v}");
                        continue;
                    }
                    // A clean case continues a story only on a later page it has.
                    match (v.parse::<usize>().ok(), self.hostile) {
                        (Some(ahead), _) if i + ahead < self.pages.len() => {
                            let _ = writeln!(m, "{k} = {}", self.pages[i + ahead].number);
                        }
                        (_, true) => {
                            let _ = writeln!(m, "{k} = {v}");
                        }
                        _ => {}
                    }
                }
                m.push('\n');
            }
            for ad in &p.ads {
                m.push_str("[[page.ad]]\n");
                let file = match &ad.file {
                    AdFile::None => None,
                    AdFile::Corpus(name) => Some(format!("ads/{name}")),
                    AdFile::Picture(i) => Some(match self.pictures.get(*i) {
                        Some(p) => p.name(*i),
                        None => format!("img/missing-{i}.jpg"),
                    }),
                    AdFile::Missing => Some("ads/not-delivered.pdf".to_string()),
                    AdFile::Garbage => Some("ads/garbage.pdf".to_string()),
                    AdFile::CutPdf => Some("ads/cut.pdf".to_string()),
                };
                if let Some(f) = file {
                    let _ = writeln!(m, "file = {}", toml_str(&f));
                }
                let _ = writeln!(
                    m,
                    "advertiser = {}\ncolumns = {}\n{} = {}\nposition = {}\n",
                    toml_str(&ad.advertiser),
                    ad.columns,
                    ad.height.0,
                    ad.height.1,
                    ad.position
                );
            }
        }
        m
    }

    /// Writes the edition into `dir`.
    fn write_to(&self, dir: &Path) {
        write(&dir.join("edition.toml"), self.manifest());
        for (i, p) in self.pages.iter().enumerate() {
            write(&dir.join(format!("p{i}.md")), p.copy.text(&self.pictures));
        }
        std::fs::create_dir_all(dir.join("img")).expect("img");
        for (i, p) in self.pictures.iter().enumerate() {
            write(&dir.join(p.name(i)), p.bytes());
        }
        let ads = root().join("tests/corpus/ads");
        std::fs::create_dir_all(dir.join("ads")).expect("ads");
        for f in [
            "bank-8x16.pdf",
            "bank-rgb.pdf",
            "bank-noembed.pdf",
            "milk-4x20.jpg",
        ] {
            std::fs::copy(ads.join(f), dir.join("ads").join(f)).expect("corpus ad");
        }
        let good = std::fs::read(ads.join("bank-8x16.pdf")).expect("ad");
        write(&dir.join("ads/cut.pdf"), &good[..good.len() / 2]);
        let mut garbage = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\n".to_vec();
        garbage.extend((0..600u32).map(|i| (i * 131 % 256) as u8));
        write(&dir.join("ads/garbage.pdf"), garbage);
    }
}

/// Sentences of real copy, from the sample page.
fn sentences() -> Vec<String> {
    let seed = std::fs::read_to_string(root().join("issues/sample/seed-page.md")).expect("seed");
    let mut out: Vec<String> = seed
        .lines()
        .filter(|l| l.chars().count() > 40)
        .flat_map(|l| l.split_inclusive('。').map(str::to_string).collect::<Vec<_>>())
        .filter(|s| !s.trim().is_empty())
        .collect();
    out.truncate(60);
    out
}

/// Characters no face has, or copy may not hold (control characters): errors at their place.
const HOSTILE: &[&str] = &[
    "😀",
    "👨\u{200D}👩\u{200D}👧",
    "\u{200D}",
    "\u{FEFF}",
    "\u{202E}",
    "مرحبا",
    "ᠮᠣᠩᠭᠣᠯ",
    "𠀀𪚥",
    "\u{E000}",
    "\u{FFFD}",
    "\u{200B}",
    "\u{2028}",
    "한글",
    "ſ",
    "\u{7}",
    "\u{1B}[31m",
    "\u{0}",
    "\u{7F}",
];

/// Odd characters the fonts have, and edge-case numbers, as copy might carry them.
const ODD: &[&str] = &[
    "e\u{301}",
    "\u{3000}",
    "〇",
    "ｶﾀｶﾅ",
    "\t",
    "ﬁ",
    "Ω",
    "«»",
    "½",
    "™",
    "©",
    "→",
    "①",
    "Ⅻ",
    "㎡",
    "¥",
    "€",
    "°",
    "±",
    "×",
    "√",
    "∞",
    "……",
    "——",
    "《中国》",
    "“",
    "”",
    "「",
    "」",
    "(",
    ")",
    ",",
    ".",
    "...",
    "--",
    "'",
    "\"",
    "０１２３",
    "ＡＢＣ",
    "0",
    "-0",
    "3.14159265358979",
    "1e308",
    "99999999999999999999",
    "24.3万",
    "97.2%",
    "1+5+N",
    "2022年7月20日",
    "1—9月",
    "8～12",
    "12:30",
    "No.1",
    "1/2",
    "−5℃",
    "https://example.com/a/very/long/path?query=1&x=2",
    "newsprint@example.org",
    "GDP",
    "COVID-19",
    "iPhone 15 Pro Max",
    " ",
    "  ",
    "　　",
    "子曰：“学而时习之，不亦说乎？”",
    "【】",
    "〔〕",
    "·",
    "•",
    "／",
    "＼",
    "~",
    "#",
    "*",
    "<b>",
    "&amp;",
    "\\",
    "`",
    "![",
    "](x)",
    "□",
    "◎",
    "●",
    "■",
];

fn text_piece(sentences: Vec<String>, h: bool) -> impl Strategy<Value = String> {
    let long = sentences.concat();
    prop_oneof![
        6 => prop::sample::select(sentences),
        3 => prop::sample::select(ODD).prop_map(str::to_string),
        u32::from(h) => prop::sample::select(HOSTILE).prop_map(str::to_string),
        1 => "[\u{4E00}-\u{9FA5}]{1,30}",
        1 => "[a-zA-Z0-9 .,:/-]{1,40}",
        1 => (200usize..6000).prop_map(move |n| long.chars().cycle().take(n).collect()),
    ]
}

fn text(sentences: Vec<String>, pieces: std::ops::Range<usize>, h: bool) -> impl Strategy<Value = String> {
    prop::collection::vec(text_piece(sentences, h), pieces).prop_map(|v| v.concat())
}

/// A short title (headline, label, subhead, section, advertiser).
fn title(h: bool) -> impl Strategy<Value = String> {
    let h = u32::from(h);
    prop_oneof![
        12 => "[\u{4E00}-\u{9FA5}]{2,12}",
        2 => "[\u{4E00}-\u{9FA5}]{2,6} [\u{4E00}-\u{9FA5}]{2,8}",
        1 => "[\u{4E00}-\u{9FA5}]{30,90}",
        2 => prop::sample::select(ODD).prop_map(|s| format!("标题{s}")),
        h => prop::sample::select(HOSTILE).prop_map(|s| format!("标题{s}")),
        h => Just(String::new()),
    ]
}

fn block(sentences: Vec<String>, pictures: usize, h: bool) -> impl Strategy<Value = Block> {
    // A clean case names only pictures that exist; a hostile one names missing ones too.
    let images = pictures + usize::from(h);
    let any_image = u32::from(images > 0);
    let image = 0..images.max(1);
    prop_oneof![
        1 => title(h).prop_map(Block::Label),
        3 => title(h).prop_map(Block::Headline),
        1 => title(h).prop_map(Block::VerticalHeadline),
        1 => "[\u{4E00}-\u{9FA5}]{2,4}".prop_map(Block::Byline),
        1 => title(h).prop_map(Block::Subhead),
        1 => (
            title(h),
            prop::option::weighted(0.5, image.clone()),
            "[\u{4E00}-\u{9FA5}，]{0,60}。",
            any::<bool>(),
        )
            .prop_map(move |(t, i, c, k)| Block::Photo(t, i.filter(|_| images > 0), c, k)),
        any_image => (image, "[\u{4E00}-\u{9FA5}]{0,20}", "[\u{4E00}-\u{9FA5} ]{0,8}摄")
            .prop_map(|(i, a, c)| Block::Image(i, a, c)),
        1 => text(sentences.clone(), 1..3, h).prop_map(Block::Brief),
        6 => text(sentences, 1..12, h).prop_map(Block::Paragraph),
    ]
}

fn copy(sentences: Vec<String>, pictures: usize, h: bool) -> impl Strategy<Value = Copy> {
    (
        title(h),
        prop::collection::vec(block(sentences, pictures, h), 0..14),
        prop::bool::weighted(0.1),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(head, mut blocks, crlf, bom)| {
            blocks.insert(0, Block::Headline(head));
            Copy { blocks, crlf, bom }
        })
}

/// A count as the manifest might give it: in a hostile case, sometimes at or past an edge, or
/// of the wrong type.
fn count(valid: std::ops::RangeInclusive<i64>, h: bool) -> BoxedStrategy<String> {
    let valid = valid.prop_map(|v| v.to_string());
    if !h {
        return valid.boxed();
    }
    prop_oneof![
        3 => valid,
        1 => prop::sample::select(&[
            "0", "1", "-1", "20", "21", "40", "41", "300", "301", "4294967296",
            "9223372036854775807", "1.5", "\"8\"", "true",
        ][..])
        .prop_map(str::to_string),
    ]
    .boxed()
}

/// A measure (mm or pt) as the manifest might give it.
fn measure(valid: std::ops::Range<f64>, h: bool) -> BoxedStrategy<String> {
    let valid = valid.prop_map(|v| format!("{v:.1}"));
    if !h {
        return valid.boxed();
    }
    prop_oneof![
        3 => valid,
        1 => prop::sample::select(&[
            "4", "4.0", "3.99", "200", "200.01", "50", "49.9", "1200", "1200.5", "0", "-0.0",
            "-1", "nan", "inf", "-inf", "1e308", "5e-324", "\"9\"",
        ][..])
        .prop_map(str::to_string),
    ]
    .boxed()
}

/// One of `valid`, or in a hostile case sometimes `wrong`.
fn word(valid: &'static [&'static str], wrong: &'static str, h: bool) -> BoxedStrategy<String> {
    let valid = prop::sample::select(valid).prop_map(str::to_string);
    if !h {
        return valid.boxed();
    }
    prop_oneof![6 => valid, 1 => Just(wrong.to_string())].boxed()
}

type Keys = Vec<(&'static str, String)>;

fn format_keys(h: bool) -> impl Strategy<Value = Keys> {
    // Figures that fit one another are the editor's to find; a clean case keeps the preset's.
    let p = if h { 0.25 } else { 0.0001 };
    (
        word(&["\"broadsheet\"", "\"tabloid\""], "\"quarto\"", h),
        prop::option::weighted(p, count(1..=10, h).prop_map(|v| ("columns", v))),
        prop::option::weighted(p, count(8..=16, h).prop_map(|v| ("chars", v))),
        prop::option::weighted(p, count(20..=120, h).prop_map(|v| ("lines", v))),
        prop::option::weighted(p, measure(7.5..12.0, h).prop_map(|v| ("body_pt", v))),
        prop::option::weighted(p, measure(200.0..600.0, h).prop_map(|v| ("width_mm", v))),
        prop::option::weighted(p, measure(200.0..800.0, h).prop_map(|v| ("height_mm", v))),
    )
        .prop_map(move |(preset, a, b, c, d, e, f)| {
            let mut keys = vec![("preset", preset)];
            keys.extend([a, b, c, d, e, f].into_iter().flatten().filter(|_| h));
            keys
        })
}

/// A `[[page.story]]` override; `continue_on` is an offset from its page's place in the
/// manifest, made a page number when the manifest is written.
fn story_override(h: bool) -> impl Strategy<Value = StoryOverride> {
    (
        prop_oneof![
            3 => count(1..=if h { 6 } else { 1 }, h).prop_map(|v| ("story", v)),
            u32::from(h) => title(h).prop_map(|t| ("title", toml_str(&t))),
        ],
        prop::option::weighted(0.4, count(1..=8, h).prop_map(|v| ("columns", v))),
        prop::option::weighted(0.2, measure(12.0..60.0, h).prop_map(|v| ("headline_size", v))),
        prop::option::weighted(0.2, count(4..=40, h).prop_map(|v| ("photo_lines", v))),
        prop::option::weighted(0.2, Just(("lead", "true".to_string()))),
        prop::option::weighted(
            0.2,
            (count(1..=6, h), count(1..=60, h)).prop_map(|(c, l)| ("position", format!("[{c}, {l}]"))),
        ),
        prop::option::weighted(0.2, Just(("crop", "true".to_string()))),
        prop::option::weighted(0.2, count(1..=2, h).prop_map(|v| ("continue_on", v))),
        prop::option::weighted(0.1, title(h).prop_map(|t| ("jump_title", toml_str(&t)))),
        prop::option::weighted(0.15, Just(("vertical", "true".to_string()))),
        prop::option::weighted(
            0.1,
            word(&["\"left\"", "\"right\""], "\"up\"", h).prop_map(|v| ("headline_side", v)),
        ),
    )
        .prop_map(|(key, a, b, c, d, e, f, g, h, i, j)| {
            let mut keys = vec![key];
            keys.extend([a, b, c, d, e, f, g, h, i, j].into_iter().flatten());
            StoryOverride(keys)
        })
}

/// An ad booking: in a clean case, a placeholder of any size or a delivered file booked at
/// its own size; in a hostile one, anything.
fn ad(pictures: usize, h: bool) -> BoxedStrategy<Ad> {
    let position = word(
        &[
            "\"bottom\"",
            "\"top\"",
            "\"bottom-left\"",
            "\"bottom-right\"",
            "\"ear-left\"",
            "\"ear-right\"",
        ],
        "\"middle\"",
        h,
    );
    let booking = |file: AdFile, columns: &str, lines: &str| {
        (
            Just(file),
            Just(columns.to_string()),
            Just(("lines", lines.to_string())),
        )
    };
    let placeholder = (
        Just(AdFile::None),
        count(1..=8, h),
        prop_oneof![
            3 => count(4..=40, h).prop_map(|v| ("lines", v)),
            1 => measure(20.0..200.0, h).prop_map(|v| ("height_mm", v)),
        ],
    );
    let file = if h {
        prop_oneof![
            3 => placeholder,
            2 => booking(AdFile::Corpus("bank-8x16.pdf"), "8", "16"),
            1 => booking(AdFile::Corpus("milk-4x20.jpg"), "4", "20"),
            1 => (
                prop_oneof![
                    Just(AdFile::Corpus("bank-rgb.pdf")),
                    Just(AdFile::Corpus("bank-noembed.pdf")),
                    Just(AdFile::Corpus("milk-4x20.jpg")),
                    (0..pictures + 1).prop_map(AdFile::Picture),
                    Just(AdFile::Missing),
                    Just(AdFile::Garbage),
                    Just(AdFile::CutPdf),
                ],
                count(1..=8, h),
                count(4..=40, h).prop_map(|v| ("lines", v)),
            ),
        ]
        .boxed()
    } else {
        prop_oneof![
            3 => placeholder,
            2 => booking(AdFile::Corpus("bank-8x16.pdf"), "8", "16"),
            1 => booking(AdFile::Corpus("milk-4x20.jpg"), "4", "20"),
        ]
        .boxed()
    };
    (file, title(false), position)
        .prop_map(|((file, columns, height), advertiser, position)| Ad {
            file,
            advertiser,
            columns,
            height,
            position,
        })
        .boxed()
}

fn picture(h: bool) -> impl Strategy<Value = Picture> {
    let h = u32::from(h);
    (
        prop::sample::select(
            &[
                Encoding::Png,
                Encoding::PngGrey,
                Encoding::PngAlpha,
                Encoding::Png16,
                Encoding::Jpeg,
                Encoding::Jpeg,
                Encoding::JpegGrey,
                Encoding::Tiff,
            ][..],
        ),
        prop::sample::select(
            &[
                (1, 1),
                (2, 2),
                (1, 900),
                (900, 1),
                (64, 48),
                (300, 200),
                (640, 480),
                (480, 640),
            ][..],
        ),
        prop_oneof![
            4 => Just(Damage::Whole),
            h => Just(Damage::Truncated),
            h => Just(Damage::Scribbled),
            h => Just(Damage::Empty),
            h => Just(Damage::Misnamed),
        ],
    )
        .prop_map(|(encoding, (width, height), damage)| Picture {
            encoding,
            width,
            height,
            damage,
        })
}

fn page(sentences: Vec<String>, pictures: usize, h: bool) -> impl Strategy<Value = Page> {
    (
        title(h),
        copy(sentences, pictures, h),
        prop::option::weighted(0.2, format_keys(h)),
        prop::bool::weighted(0.5),
        prop::collection::vec(story_override(h), 0..3),
        prop::collection::vec(ad(pictures, h), 0..if h { 3 } else { 2 }),
    )
        .prop_map(|(section, copy, format, teasers, stories, ads)| Page {
            number: String::new(),
            section,
            copy,
            format,
            teasers,
            stories,
            ads,
        })
}

/// The edition-wide settings: paper, issue, `[format]`, `[limits]`, `[style]`.
fn settings(h: bool) -> impl Strategy<Value = Case> {
    (
        (
            title(h),
            word(&["\"cyrb\""], "\"a/b\"", h),
            prop_oneof![
                6 => prop::sample::select(&["\"2022-07-20\"", "\"2024-02-29\"", "2024-11-05"][..]),
                u32::from(h) => prop::sample::select(&[
                    "\"2023-02-29\"", "\"1900-01-01\"", "\"2100-12-31\"", "\"1970-01-01\"",
                    "\"0001-01-01\"", "\"9999-12-31\"", "\"2022-13-01\"", "\"2022-7-20\"",
                    "\"20220720\"", "2022-07-20T10:00:00", "\"\"",
                ][..]),
            ]
            .prop_map(str::to_string),
            count(1..=99999, h),
            prop::option::weighted(0.3, ("CN [0-9]{2}-[0-9]{4}", "[0-9]{1,2}-[0-9]{1,3}")),
        ),
        prop::option::weighted(0.2, format_keys(h)),
        prop::option::weighted(
            0.2,
            prop_oneof![
                count(1..=64, h).prop_map(|v| vec![("copy_mib", v)]),
                count(1..=50, h).prop_map(|v| vec![("image_megapixels", v)]),
                count(1..=10, h).prop_map(|v| vec![("image_mib", v)]),
            ],
        )
        .prop_map(move |limits| limits.filter(|_| h)),
        prop::option::weighted(
            0.15,
            prop_oneof![
                word(&["\"basic\"", "\"gb\"", "\"strict\""], "\"loose\"", h)
                    .prop_map(|v| vec![("line_breaking", v)]),
                measure(0.0..0.25, h).prop_map(|v| vec![("han_latin_gap", v)]),
                count(0..=4, h).prop_map(|v| vec![("min_last_line_han", v)]),
                count(1..=4, h).prop_map(|v| vec![("photo_min_columns", v)]),
            ],
        ),
    )
        .prop_map(
            move |((name, code, date, number, front), format, limits, style)| Case {
                name,
                code,
                date,
                number,
                front,
                format,
                limits,
                style,
                pages: Vec::new(),
                pictures: Vec::new(),
                flags: Vec::new(),
                earlier: false,
                hostile: h,
            },
        )
}

/// A whole case. A third are hostile: edge-case and wrong values, damaged and missing files,
/// characters no font has; the rest are editions an editor could send, which may still
/// fail (copy that does not fit, `--strict` with warnings).
fn case() -> impl Strategy<Value = Case> {
    let sentences = sentences();
    (prop::bool::weighted(1.0 / 3.0), 1usize..=3, 0usize..=4).prop_flat_map(move |(h, pages, pictures)| {
        (
            settings(h),
            prop::collection::vec(page(sentences.clone(), pictures, h), pages),
            // Page numbers: consecutive from a first one, or (hostile) anything.
            prop_oneof![Just("1".to_string()), count(2..=20, false)],
            prop::collection::vec(count(1..=24, h), pages),
            prop::collection::vec(picture(h), pictures),
            (
                prop::bool::weighted(if h { 0.5 } else { 0.8 }),
                prop::bool::weighted(0.15),
            )
                .prop_map(|(allow, strict)| {
                    let mut flags = Vec::new();
                    flags.extend(Some("--allow-overflow").filter(|_| allow));
                    flags.extend(Some("--strict").filter(|_| strict));
                    flags
                }),
            any::<bool>(),
        )
            .prop_map(
                move |(mut case, mut pages, first, numbers, pictures, flags, earlier)| {
                    let first: u32 = first.parse().expect("a number");
                    for (i, (p, n)) in pages.iter_mut().zip(numbers).enumerate() {
                        p.number = if h { n } else { (first + i as u32).to_string() };
                    }
                    case.pages = pages;
                    case.pictures = pictures;
                    case.flags = flags;
                    case.earlier = earlier;
                    case
                },
            )
    })
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Whether a diagnostic line says where: `file:line:col: error:`.
fn located(line: &str) -> bool {
    let Some((head, _)) = line.split_once(": error:") else {
        return false;
    };
    let mut parts = head.rsplitn(3, ':');
    let col = parts.next().unwrap_or("");
    let row = parts.next().unwrap_or("");
    let file = parts.next().unwrap_or("");
    !file.is_empty()
        && !row.is_empty()
        && !col.is_empty()
        && row.bytes().all(|b| b.is_ascii_digit())
        && col.bytes().all(|b| b.is_ascii_digit())
}

/// What one run must be, whatever the case: exit 0 or 1; on exit 1, every error line says
/// where, and there is one.
fn judge(what: &str, o: &Output) -> Result<i32, TestCaseError> {
    let err = stderr(o);
    let code = o.status.code();
    prop_assert!(
        matches!(code, Some(0 | 1)),
        "{what}: exit {code:?} (signal {:?}): {err}",
        std::os::unix::process::ExitStatusExt::signal(&o.status)
    );
    prop_assert!(!err.contains("panicked"), "{what}: {err}");
    let errors: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("error:") && !l.starts_with(' '))
        .collect();
    if code == Some(1) {
        prop_assert!(!errors.is_empty(), "{what}: exit 1 without an error line: {err}");
    }
    for l in &errors {
        prop_assert!(located(l), "{what}: an error that does not say where: {l}\n{err}");
    }
    Ok(code.unwrap_or(-1))
}

/// Runs one case: `check`, then `build` into a folder that may hold an earlier build.
fn run_case(case: &Case, dir: &Path) -> Result<(), TestCaseError> {
    let _ = std::fs::remove_dir_all(dir);
    case.write_to(dir);
    let e = dir.to_str().expect("utf-8");
    let mut args = vec!["check", e, "--short"];
    args.extend(&case.flags);
    let checked = judge("check", &run_limited(&args))?;
    let out = dir.join("out");
    if case.earlier {
        write(&out.join("cyrb-20000101-01.pdf"), b"%PDF-1.7 an earlier build\n");
        write(&out.join("cyrb-20000101.pdf"), b"%PDF-1.7 its issue file\n");
        write(&out.join(".hidden"), b"the plant's own file\n");
    }
    let before = snapshot(&out);
    let mut args = vec!["build", e, "-o", out.to_str().expect("utf-8")];
    args.extend(&case.flags);
    let o = run_limited(&args);
    // For exploring: every case kept, numbered, with its flags and what `build` said.
    if let Some(keep) = std::env::var_os("NEWSPRINT_FUZZ_KEEP") {
        let n = SEEN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let to = Path::new(&keep).join(n.to_string());
        case.write_to(&to);
        write(&to.join("flags"), case.flags.join(" "));
        write(&to.join("stderr"), &o.stderr);
    }
    let built = judge("build", &o)?;
    let after = snapshot(&out);
    if built == 1 {
        prop_assert!(before == after, "a failed build changed the output folder");
        prop_assert!(
            case.earlier || !out.exists(),
            "a failed build left a folder behind"
        );
    } else {
        // What was there stays; what is new is a PDF the printer's tools accept, and only that.
        for (name, bytes) in &before {
            prop_assert_eq!(after.get(name), Some(bytes), "{} changed", name);
        }
        let new: Vec<&String> = after.keys().filter(|n| !before.contains_key(*n)).collect();
        prop_assert!(!new.is_empty(), "a good build published nothing");
        // The same input gives the same bytes.
        let again = dir.join("again");
        let mut args = vec!["build", e, "-o", again.to_str().expect("utf-8")];
        args.extend(&case.flags);
        prop_assert_eq!(judge("build again", &run_limited(&args))?, 0);
        let twice = snapshot(&again);
        for name in &new {
            prop_assert!(
                twice.get(*name) == after.get(*name),
                "{} differs between two builds",
                name
            );
        }
        for name in new {
            prop_assert!(
                name.ends_with(".pdf") && !name.starts_with('.'),
                "left behind: {name}"
            );
            let q = std::process::Command::new("qpdf")
                .arg("--check")
                .arg(out.join(name))
                .output()
                .expect("qpdf is needed for this test");
            prop_assert!(
                q.status.success(),
                "qpdf --check {name}: {}",
                String::from_utf8_lossy(&q.stdout)
            );
        }
    }
    // `check` reads and lays out as `build` does: a page it fails, `build` never prints.
    prop_assert!(!(checked == 1 && built == 0), "check failed but build published");
    COUNTS.lock().expect("counts")[built as usize] += 1;
    Ok(())
}

static SEEN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static COUNTS: std::sync::Mutex<[u32; 2]> = std::sync::Mutex::new([0, 0]);

fn env_number(key: &str, default: u64) -> u64 {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn generated_editions_build_cleanly_or_fail_cleanly() {
    let cases = env_number("NEWSPRINT_FUZZ_CASES", u64::from(CASES)) as u32;
    let seed = env_number("NEWSPRINT_FUZZ_SEED", 11);
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 200,
        max_shrink_time: 120_000,
        ..Config::default()
    };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &key));
    let dir = scratch("edition-fuzz");
    let result = runner.run(&case(), |case| run_case(&case, &dir.join("case")));
    if let Err(e) = result {
        panic!("{e}");
    }
    let [built, failed] = *COUNTS.lock().expect("counts");
    // Both outcomes occur, or the generator tests less than it seems.
    assert!(
        built * 5 >= cases && failed * 5 >= cases,
        "{built} built, {failed} failed"
    );
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert!(
        usage.ru_maxrss < PEAK_KIB,
        "a run peaked at {} MiB",
        usage.ru_maxrss / 1024
    );
    let _ = std::fs::remove_dir_all(&dir);
}
