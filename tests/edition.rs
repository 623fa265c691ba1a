//! An edition, not a page (issue 13): the front page with its masthead and teasers, and a
//! lead story continued on page 2 (转版), read back from the PDFs the build writes.

mod common;

use common::{build_to, root, scratch, tool, write};
use std::path::{Path, PathBuf};

const EDITION: &str = "tests/fixtures/edition";

/// Text of a PDF in content order, whitespace removed (columns come out line by line, in the
/// order layout set them).
fn raw_text(pdf: &Path) -> String {
    let t = tool("pdftotext", &["-raw", pdf.to_str().expect("utf-8 path"), "-"]);
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The body of the front page's lead story as the copy has it: its paragraphs and subheads
/// in order, whitespace removed.
fn lead_body() -> String {
    let copy = std::fs::read_to_string(root().join(EDITION).join("page-01.md")).expect("copy");
    let story = copy.split("\n# ").nth(1).expect("the lead story");
    story
        .split("\n\n")
        .skip(3) // headline, subtitle, byline
        .map(|b| b.trim().trim_start_matches("## "))
        .collect::<String>()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Builds the edition into a scratch folder; returns it and the JSON report.
fn build(name: &str) -> (PathBuf, serde_json::Value) {
    let out = scratch(name);
    let run = build_to(&root().join(EDITION), &out, &["--json"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "the edition builds: {stderr}");
    let report = serde_json::from_slice(&run.stdout).expect("a JSON report");
    (out, report)
}

#[test]
fn the_lead_jumps_to_page_two_and_every_character_is_set_once() {
    let (out, report) = build("jump");
    let p1 = raw_text(&out.join("cyrb-20220720-01.pdf"));
    let p2 = raw_text(&out.join("cyrb-20220720-02.pdf"));
    let issue = raw_text(&out.join("cyrb-20220720.pdf"));
    let body = lead_body();
    let chars: Vec<char> = body.chars().collect();
    // The first part: the body from its start, as long as page 1 follows it, then the jump line.
    let opening: String = chars[..30].iter().collect();
    let start = p1.find(&opening).expect("the lead opens on page 1");
    let here: Vec<char> = p1[start..].chars().collect();
    let first = here.iter().zip(&chars).take_while(|(a, b)| a == b).count();
    let after_first: String = here[first..].iter().collect();
    assert!(
        after_first.starts_with("（下转第2版）"),
        "the first part ends with the jump line: …{}",
        after_first.chars().take(20).collect::<String>()
    );
    assert!(
        first >= 1000,
        "page 1 holds most of the lead ({first} characters)"
    );
    // The rest opens page 2's continuation, after its jump headline and the 上接 line.
    let rest: String = chars[first..].iter().collect();
    let head = "草原生态保护修复交出亮眼答卷（上接第1版）";
    let at = p2
        .find(head)
        .expect("the continuation opens with its jump headline and 上接");
    assert!(
        p2[at + head.len()..].starts_with(&rest),
        "page 2 sets the rest ({} characters) right after （上接第1版）",
        rest.chars().count()
    );
    // Once across the issue: the opening and the rest's opening are found once each.
    let rest_opening: String = rest.chars().take(30).collect();
    assert_eq!(issue.matches(&opening).count(), 1);
    assert_eq!(issue.matches(&rest_opening).count(), 1);
    assert_eq!(issue.matches("（下转第2版）").count(), 1);
    assert_eq!(issue.matches("（上接第1版）").count(), 1);
    // The report names the jump with the characters on each side.
    let jumps = report["jumps"].as_array().expect("jumps");
    assert_eq!(jumps.len(), 1, "{jumps:?}");
    let j = &jumps[0];
    assert_eq!((j["from"].as_u64(), j["to"].as_u64()), (Some(1), Some(2)));
    let (a, b) = (
        j["chars_from"].as_u64().unwrap_or(0),
        j["chars_to"].as_u64().unwrap_or(0),
    );
    let set = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count() as u64;
    let lead: String = chars.iter().collect();
    assert_eq!(a + b, set(&lead), "the two parts hold the whole body");
    assert_eq!(b, set(&rest));
    assert!(b >= 100, "page 2 gets a real continuation ({b} characters)");
    let manifest = std::fs::read_to_string(root().join(EDITION).join("edition.toml")).expect("manifest");
    let table = manifest
        .lines()
        .position(|l| l.starts_with("[[page.story]]"))
        .map(|l| l as u64 + 1);
    assert_eq!(
        j["at"]["line"].as_u64(),
        table,
        "the jump is placed on its manifest table"
    );
    // Both pages are laid out whole: nothing overflows, and the first page is full.
    let pages = report["pages"].as_array().expect("pages");
    assert!(pages.iter().all(|p| p["chars_overflowing"] == 0), "{pages:?}");
    let p1 = &pages[0];
    assert!(
        p1["space_left"].is_null() && p1["holes"] == 0,
        "page 1 has no space left and no hole: {} {}",
        p1["space_left"],
        p1["hole_areas"]
    );
    let fill = p1["fill_percent"].as_f64().unwrap_or(0.0);
    assert!(fill >= 99.0, "page 1 is full: {fill} %");
    column_feet_at_the_foot(&out.join("cyrb-20220720-01.pdf"), 6);
}

/// Body lines on the tabloid's grid, points.
const PITCH: f64 = 13.5;

/// Asserts, from the page's text boxes, that every one of its `cols` columns has text down
/// to the foot of the type area: its lowest line is the page's lowest or one line above it
/// (a story's last column a line short is the composer's, not space left).
fn column_feet_at_the_foot(pdf: &Path, cols: usize) {
    let text: Vec<_> = words(pdf)
        .into_iter()
        .filter(|(t, _)| !t.starts_with("责任编辑"))
        .collect();
    // The type area's edges: the stories under the masthead span it.
    let rule = text
        .iter()
        .find(|(t, _)| t.starts_with("国内统一连续出版物号"))
        .map(|(_, b)| b[3])
        .expect("the imprint under the name");
    let body: Vec<_> = text.iter().filter(|(_, b)| b[1] > rule).collect();
    let x0 = body.iter().map(|(_, b)| b[0]).fold(f64::INFINITY, f64::min);
    let x1 = body.iter().map(|(_, b)| b[2]).fold(0.0, f64::max);
    let foot = body.iter().map(|(_, b)| b[3]).fold(0.0, f64::max);
    let width = (x1 - x0) / cols as f64;
    for c in 0..cols {
        let lowest = body
            .iter()
            .filter(|(_, b)| ((b[0] + b[2]) / 2.0 - x0) / width >= c as f64)
            .filter(|(_, b)| ((b[0] + b[2]) / 2.0 - x0) / width < (c + 1) as f64)
            .map(|(_, b)| b[3])
            .fold(0.0, f64::max);
        assert!(
            foot - lowest <= PITCH + 0.5,
            "column {} ends {:.1} pt above the foot of page 1",
            c + 1,
            foot - lowest
        );
    }
}

#[test]
fn the_front_page_carries_the_masthead_the_imprint_and_the_teasers() {
    let (out, _) = build("front");
    let pdf = out.join("cyrb-20220720-01.pdf");
    let p1 = raw_text(&pdf);
    for want in [
        "2022年7月20日星期三",
        "农历壬寅年六月廿二",
        "总第8123期",
        "今日3版",
        "CN15-0001",
        "邮发代号15-1",
        "导读",
        "牧区学校迎来“智慧课堂”（第2版）",
        "（第3版）",
    ] {
        assert!(p1.contains(want), "page 1 has {want}");
    }
    // The masthead replaces the running head: no 报眉 (第1版 + section) on page 1.
    assert!(!p1.contains("第1版要闻"), "page 1 has no running head");
    // The paper's name in display type: its four characters, 1 em each, read from the glyph
    // boxes.
    let name = words(&pdf)
        .into_iter()
        .find(|(t, _)| t == "草原日报")
        .map(|(_, b)| b)
        .expect("the name is one word on page 1");
    let size = (name[2] - name[0]) / 4.0;
    assert!(size >= 48.0, "the name is display type: {size} pt");
    // Inside pages keep the running head.
    let p2 = raw_text(&out.join("cyrb-20220720-02.pdf"));
    assert!(p2.contains("第2版要闻"), "page 2 has its running head");
    assert!(!p2.contains("农历"), "the lunar date is on the front page only");
}

/// The edition's manifest with the jump's page replaced.
fn with_jump(name: &str, continue_on: &str) -> PathBuf {
    let dir = scratch(name);
    for f in ["page-01.md", "page-02.md", "page-03.md"] {
        std::fs::copy(root().join(EDITION).join(f), dir.join(f)).expect("copy");
    }
    let manifest = std::fs::read_to_string(root().join(EDITION).join("edition.toml")).expect("manifest");
    write(
        &dir.join("edition.toml"),
        manifest.replace("continue_on = 2", &format!("continue_on = {continue_on}")),
    );
    dir
}

#[test]
fn a_jump_to_a_missing_same_or_earlier_page_is_an_error_at_its_line() {
    let manifest = std::fs::read_to_string(root().join(EDITION).join("edition.toml")).expect("manifest");
    let line = manifest
        .lines()
        .position(|l| l.starts_with("[[page.story]]"))
        .expect("the story table")
        + 1;
    // The jump from page 3 back to 2 needs a table under page 3.
    let cases = [
        ("missing", "9", "the edition has no page 9 (its pages: 1, 2, 3)"),
        ("same", "1", "continue_on = 1 names this same page"),
    ];
    for (name, page, message) in cases {
        let dir = with_jump(name, page);
        let out = scratch(&format!("{name}-out"));
        let run = build_to(&dir, &out, &[]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("edition.toml:{line}:1: error: ")) && stderr.contains(message),
            "{name}: {stderr}"
        );
        assert!(
            std::fs::read_dir(&out).map_or(0, |d| d.count()) == 0,
            "{name}: nothing is written"
        );
    }
    let dir = scratch("earlier");
    for f in ["page-01.md", "page-02.md", "page-03.md"] {
        std::fs::copy(root().join(EDITION).join(f), dir.join(f)).expect("copy");
    }
    let earlier = format!("{manifest}\n[[page.story]]\nstory = 1\ncontinue_on = 2\n");
    write(&dir.join("edition.toml"), &earlier);
    let at = earlier.lines().count() - 2;
    let run = build_to(&dir, &scratch("earlier-out"), &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "edition.toml:{at}:1: error: continue_on = 2 names an earlier page than this one (3)"
        )),
        "{stderr}"
    );
}

#[test]
fn a_continuation_too_long_for_its_page_is_overflow_there() {
    // The lead's body four times over: what page 1 cannot hold is more than a whole page 2,
    // whatever makeup does with page 2's own copy (here the sample's).
    let dir = with_jump("full", "2");
    std::fs::copy(root().join("issues/sample/seed-page.md"), dir.join("page-02.md")).expect("copy");
    let copy = std::fs::read_to_string(dir.join("page-01.md")).expect("copy");
    let (before, after) = copy.split_at(copy.match_indices("\n# ").nth(1).expect("a second story").0);
    let paragraphs: String = before
        .split("\n\n")
        .filter(|b| b.chars().count() > 60 && !b.starts_with('#'))
        .map(|b| format!("\n\n{b}"))
        .collect();
    write(
        &dir.join("page-01.md"),
        format!("{before}{}{after}", paragraphs.repeat(3)),
    );
    let out = scratch("full-out");
    let run = build_to(&dir, &out, &["--json"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).expect("json");
    let pages = report["pages"].as_array().expect("pages");
    assert!(
        pages[1]["chars_overflowing"].as_u64().unwrap_or(0) > 0,
        "{:?}",
        pages[1]
    );
    assert!(
        stderr.contains("(continued from page 1) overflows by"),
        "the overflow names the continuation: {stderr}"
    );
    assert!(
        stderr.contains("page-01.md:"),
        "and points at the story's copy: {stderr}"
    );
}

#[test]
fn check_prints_a_line_per_jump_at_the_character_where_it_is_cut() {
    let run = common::newsprint(&["check", root().join(EDITION).to_str().expect("utf-8")]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    let jumps: Vec<&str> = stderr.lines().filter(|l| l.contains(": jump: ")).collect();
    assert_eq!(jumps.len(), 1, "one jump, one line: {stderr}");
    // The figures are the report's, and the place is the copy's character the continuation
    // starts with.
    let json = common::newsprint(&["check", root().join(EDITION).to_str().expect("utf-8"), "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let j = &report["jumps"][0];
    let want = format!(
        "page-01.md:{}:{}: jump: '草原生态保护修复 交出亮眼答卷' continues from page 1 on page 2 from here: {} characters on page 1, {} characters on page 2",
        j["cut"]["line"], j["cut"]["col"], j["chars_from"], j["chars_to"]
    );
    assert!(jumps[0].ends_with(&want), "{} ≠ …{want}", jumps[0]);
    // The copy from that line and column is what page 2 sets right after （上接第1版）, and
    // the copy before it is what page 1 sets right before （下转第2版）.
    let (line, col) = (
        j["cut"]["line"].as_u64().expect("line") as usize,
        j["cut"]["col"].as_u64().expect("col") as usize,
    );
    let copy = std::fs::read_to_string(root().join(EDITION).join("page-01.md")).expect("copy");
    let text: Vec<char> = copy.lines().nth(line - 1).expect("the line").chars().collect();
    let solid = |cs: &[char]| cs.iter().filter(|c| !c.is_whitespace()).collect::<String>();
    let after = solid(&text[col - 1..]).chars().take(12).collect::<String>();
    let (out, _) = build("check-jump");
    let p2 = raw_text(&out.join("cyrb-20220720-02.pdf"));
    let head = "（上接第1版）";
    let at = p2.find(head).expect("the continuation's head") + head.len();
    assert!(
        p2[at..].starts_with(&after),
        "page 2 goes on from the cut's character: {after} vs {}",
        p2[at..].chars().take(12).collect::<String>()
    );
    let before: String = solid(&text[..col - 1]);
    let tail: String = before
        .chars()
        .skip(before.chars().count().saturating_sub(6))
        .collect();
    let p1 = raw_text(&out.join("cyrb-20220720-01.pdf"));
    assert!(
        p1.contains(&format!("{tail}（下转第2版）")),
        "page 1 ends its part right before the cut: {tail}"
    );
}

/// Every word of page `pdf`'s text with its box (xMin, yMin, xMax, yMax), from
/// `pdftotext -bbox`.
fn words(pdf: &Path) -> Vec<(String, [f64; 4])> {
    let bbox = tool("pdftotext", &["-bbox", pdf.to_str().expect("utf-8"), "-"]);
    bbox.lines()
        .filter(|l| l.trim_start().starts_with("<word "))
        .filter_map(|l| {
            let num = |name: &str| -> Option<f64> {
                let at = l.find(&format!("{name}=\""))? + name.len() + 2;
                l[at..].split('"').next()?.parse().ok()
            };
            let text = l.split('>').nth(1)?.split('<').next()?.to_string();
            Some((text, [num("xMin")?, num("yMin")?, num("xMax")?, num("yMax")?]))
        })
        .collect()
}

/// The edition with `ads` (TOML `[[page.ad]]` tables) booked on its front page.
fn with_front_ads(name: &str, ads: &str) -> (PathBuf, String) {
    let dir = scratch(name);
    for f in ["page-01.md", "page-02.md", "page-03.md"] {
        std::fs::copy(root().join(EDITION).join(f), dir.join(f)).expect("copy");
    }
    let manifest = std::fs::read_to_string(root().join(EDITION).join("edition.toml")).expect("manifest");
    let manifest = manifest.replacen("teasers = true\n", &format!("teasers = true\n{ads}"), 1);
    write(&dir.join("edition.toml"), &manifest);
    (dir, manifest)
}

const EARS: &str = r#"
[[page.ad]]
advertiser = "伊利乳业"
columns = 1
lines = 5
position = "ear-left"

[[page.ad]]
advertiser = "草原银行"
columns = 1
lines = 5
position = "ear-right"
"#;

#[test]
fn the_ears_beside_the_masthead_hold_the_ads_booked_there() {
    let (dir, _) = with_front_ads("ears", EARS);
    let out = scratch("ears-out");
    let run = build_to(&dir, &out, &["--json"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let page = words(&out.join("cyrb-20220720-01.pdf"));
    let find = |w: &str| {
        page.iter()
            .find(|(t, _)| t == w)
            .map(|(_, b)| *b)
            .unwrap_or_else(|| panic!("page 1 has the word {w}"))
    };
    let name = find("草原日报");
    let lunar = find("农历壬寅年六月廿二");
    let imprint = find("国内统一连续出版物号");
    let (left, right) = (find("伊利乳业"), find("草原银行"));
    // Both ears stand in the masthead's rows: level with the name, above the imprint's foot.
    for ear in [left, right] {
        assert!(
            ear[1] >= name[1] && ear[3] <= imprint[3],
            "an ear is beside the name: {ear:?}, name {name:?}"
        );
    }
    // The left ear is left of the name, the right ear right of the data column.
    assert!(left[2] < name[0], "left ear {left:?}, name {name:?}");
    assert!(right[0] > lunar[2], "right ear {right:?}, lunar date {lunar:?}");
    // Each is labelled 广告, and the stories' text starts under the masthead all the same.
    let labels = page
        .iter()
        .filter(|(t, b)| t == "广告" && b[3] <= imprint[3])
        .count();
    assert!(labels >= 2, "both ears are labelled 广告 ({labels})");
    assert!(
        page.iter()
            .filter(|(_, b)| b[1] < imprint[3])
            .all(|(t, _)| !t.contains("草原生态")),
        "no story runs into the masthead"
    );
    // The report lists both bookings on page 1, in booking order, in the first row.
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).expect("json");
    let ads = report["pages"][0]["ads"].as_array().expect("page 1's ads");
    let names: Vec<&str> = ads.iter().filter_map(|a| a["advertiser"].as_str()).collect();
    assert_eq!(names, ["伊利乳业", "草原银行"]);
}

#[test]
fn an_ear_taller_than_the_masthead_is_an_error_at_its_booking() {
    let tall = EARS.replacen(
        "lines = 5\nposition = \"ear-right\"",
        "lines = 30\nposition = \"ear-right\"",
        1,
    );
    let (dir, manifest) = with_front_ads("tall-ear", &tall);
    // The error stands on the booking's `[[page.ad]]` line (1-based: the line above the
    // advertiser's, 0-based).
    let at = manifest
        .lines()
        .position(|l| l == "advertiser = \"草原银行\"")
        .expect("the booking");
    assert_eq!(manifest.lines().nth(at - 1), Some("[[page.ad]]"));
    let out = scratch("tall-ear-out");
    let run = build_to(&dir, &out, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "edition.toml:{at}:1: error: this ear ad (草原银行) is 30 lines tall; the masthead beside it is"
        )),
        "{stderr}"
    );
    assert!(
        std::fs::read_dir(&out).map_or(0, |d| d.count()) == 0,
        "nothing is written"
    );
}

#[test]
fn ears_too_wide_for_the_masthead_data_say_how_much_narrower_they_must_be() {
    // Two 2-column ears leave the data column too little room: the error names what it needs
    // and by how much the ears must narrow, with a column's width to book it by.
    let wide = EARS.replace("columns = 1", "columns = 2");
    let (dir, _) = with_front_ads("wide-ears", &wide);
    let out = scratch("wide-ears-out");
    let run = build_to(&dir, &out, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.contains("error: the ears leave the masthead"))
        .unwrap_or_else(|| panic!("{stderr}"));
    // "… leave the masthead A mm …; its data (…) needs B mm: … must be C mm narrower … (a
    // column and its gutter are D mm)": C is B − A.
    let mm: Vec<f64> = line
        .split(" mm")
        .filter_map(|part| part.rsplit(' ').next()?.parse().ok())
        .collect();
    assert_eq!(mm.len(), 4, "{line}");
    assert!((mm[1] - mm[0] - mm[2]).abs() < 0.11, "{line}");
    assert!(mm[2] > 0.0 && mm[3] > 30.0, "{line}");
    assert!(
        std::fs::read_dir(&out).map_or(0, |d| d.count()) == 0,
        "nothing is written"
    );
}

/// A one-page PDF of `media` (x0, y0, x1, y1) trimmed to `trim`, drawing `content`: a
/// paper's masthead artwork, its name as outlines.
fn artwork_pdf(content: &str, media: [f32; 4], trim: [f32; 4]) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let rect = |r: [f32; 4]| r.iter().map(|&v| Object::Real(v)).collect::<Vec<_>>();
    let mut doc = Document::with_version("1.4");
    let pages = doc.new_object_id();
    let contents = doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages,
        "MediaBox" => rect(media),
        "TrimBox" => rect(trim),
        "Contents" => contents,
        "Resources" => dictionary! {},
    });
    doc.objects.insert(
        pages,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("the artwork PDF");
    bytes
}

/// The edition with `masthead = "<file>"` in its `[paper]` table and the file written; the
/// manifest's text.
fn with_masthead(name: &str, file: &str, bytes: &[u8]) -> (PathBuf, String) {
    let dir = scratch(name);
    for f in ["page-01.md", "page-02.md", "page-03.md"] {
        std::fs::copy(root().join(EDITION).join(f), dir.join(f)).expect("copy");
    }
    write(&dir.join(file), bytes);
    let manifest = std::fs::read_to_string(root().join(EDITION).join("edition.toml")).expect("manifest");
    let manifest = manifest.replacen(
        "postal_code = \"15-1\"\n",
        &format!("postal_code = \"15-1\"\nmasthead = \"{file}\"\n"),
        1,
    );
    write(&dir.join("edition.toml"), &manifest);
    (dir, manifest)
}

/// An XObject the page draws: its subtype, its own size (a form's BBox, an image's pixels)
/// and the rectangle it covers on the page, top-down: x0, top, x1, bottom.
#[derive(Debug)]
struct Drawn {
    subtype: String,
    size: [f64; 2],
    bbox: Option<[f64; 4]>,
    rect: [f64; 4],
}

/// Every XObject page 1 of `pdf` draws, read from its content stream (the transformation
/// matrix tracked through q, Q and cm up to each Do).
fn drawn_xobjects(pdf: &Path) -> Vec<Drawn> {
    use lopdf::Object;
    let (drawn, height) = common::xobjects_drawn(pdf);
    let num = |o: &Object| o.as_float().map(f64::from).unwrap_or(0.0);
    drawn
        .iter()
        .map(|(d, ctm)| {
            let subtype =
                String::from_utf8_lossy(d.get(b"Subtype").and_then(Object::as_name).expect("subtype"))
                    .into_owned();
            let bbox = d
                .get(b"BBox")
                .and_then(Object::as_array)
                .ok()
                .map(|a| [num(&a[0]), num(&a[1]), num(&a[2]), num(&a[3])]);
            let (b, size) = match bbox {
                Some(b) => (b, [b[2] - b[0], b[3] - b[1]]),
                None => {
                    let px = |k: &[u8]| d.get(k).map(num).unwrap_or(0.0);
                    ([0.0, 0.0, 1.0, 1.0], [px(b"Width"), px(b"Height")])
                }
            };
            let at = |x: f64, y: f64| (ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]);
            let (p0, p1) = (at(b[0], b[1]), at(b[2], b[3]));
            Drawn {
                subtype,
                size,
                bbox,
                rect: [
                    p0.0.min(p1.0),
                    height - p0.1.max(p1.1),
                    p0.0.max(p1.0),
                    height - p0.1.min(p1.1),
                ],
            }
        })
        .collect()
}

/// The box of the first word `w` on page 1 of `pdf`.
fn word_box(pdf: &Path, w: &str) -> [f64; 4] {
    words(pdf)
        .into_iter()
        .find(|(t, _)| t == w)
        .map(|(_, b)| b)
        .unwrap_or_else(|| panic!("page 1 has the word {w}"))
}

/// Builds an edition with masthead artwork, and checks that page 1 draws one `subtype`
/// XObject of `size` where the name in type would stand, at the name's height and the
/// artwork's proportions, and no longer has the name as text there; returns what it draws.
fn masthead_art_in_place_of_the_name(name: &str, file: &str, bytes: &[u8], subtype: &str) -> Drawn {
    let (typeset, _) = build(&format!("{name}-typeset"));
    let name_box = word_box(&typeset.join("cyrb-20220720-01.pdf"), "草原日报");
    let size = (name_box[2] - name_box[0]) / 4.0;
    let (dir, _) = with_masthead(name, file, bytes);
    let out = scratch(&format!("{name}-out"));
    let run = build_to(&dir, &out, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success(),
        "the edition builds (and passes preflight): {stderr}"
    );
    let pdf = out.join("cyrb-20220720-01.pdf");
    let mut drawn: Vec<Drawn> = drawn_xobjects(&pdf)
        .into_iter()
        .filter(|d| d.subtype == subtype)
        .collect();
    assert_eq!(drawn.len(), 1, "page 1 draws the artwork once: {drawn:?}");
    let art = drawn.remove(0);
    let [x0, top, x1, bottom] = art.rect;
    let imprint = word_box(&pdf, "国内统一连续出版物号");
    assert!(
        (x0 - name_box[0]).abs() < 1.0,
        "the artwork starts where the name does: {x0} vs {name_box:?}"
    );
    let middle = |a: f64, b: f64| (a + b) / 2.0;
    assert!(
        (middle(top, bottom) - middle(name_box[1], name_box[3])).abs() < 0.1 * size && bottom < imprint[1],
        "the artwork stands on the name's line, above the imprint: {top}..{bottom}, name {name_box:?}, imprint {imprint:?}"
    );
    assert!(
        ((bottom - top) - 1.1 * size).abs() < 0.5,
        "the artwork is as tall as the name's display type: {} pt for {size} pt type",
        bottom - top
    );
    let aspect = (x1 - x0) / (bottom - top);
    assert!(
        (aspect - art.size[0] / art.size[1]).abs() < 0.01 * aspect,
        "at its own proportions: {aspect} vs {:?}",
        art.size
    );
    let named: Vec<_> = words(&pdf)
        .into_iter()
        .filter(|(t, b)| t.contains("草原日报") && b[1] < imprint[1])
        .collect();
    assert!(
        named.is_empty(),
        "the name is no longer typeset in the masthead: {named:?}"
    );
    // The data beside the name stays.
    let p1 = raw_text(&pdf);
    assert!(
        p1.contains("农历壬寅年六月廿二") && p1.contains("总第8123期"),
        "{p1}"
    );
    art
}

/// The paper's name as a masthead: red (M100 Y100) outlines on a 300 × 80 pt trim, with a
/// bleed of 5 pt all round.
const MASTHEAD_OUTLINES: &str = "0 1 1 0 k 10 12 60 60 re f 80 12 60 60 re f 150 12 60 60 re f 220 12 60 60 re f\n0 0 0 1 K 2 w 5 8 m 305 8 l S";

#[test]
fn a_pdf_masthead_is_placed_as_vector_where_the_name_goes() {
    let pdf = artwork_pdf(
        MASTHEAD_OUTLINES,
        [0.0, 0.0, 310.0, 90.0],
        [5.0, 5.0, 305.0, 85.0],
    );
    let art = masthead_art_in_place_of_the_name("masthead-pdf", "masthead.pdf", &pdf, "Form");
    // The form is the artwork's page trimmed to its TrimBox: 300 × 80 pt.
    assert_eq!(art.bbox, Some([5.0, 5.0, 305.0, 85.0]), "{art:?}");
}

#[test]
fn a_picture_masthead_is_placed_where_the_name_goes() {
    let mut png = Vec::new();
    image::RgbImage::from_pixel(600, 160, image::Rgb([200, 20, 30]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("a PNG");
    let art = masthead_art_in_place_of_the_name("masthead-png", "masthead.png", &png, "Image");
    assert_eq!(art.size, [600.0, 160.0], "{art:?}");
}

#[test]
fn an_rgb_pdf_masthead_is_an_error_at_its_manifest_line() {
    let rgb = MASTHEAD_OUTLINES.replace("0 1 1 0 k", "0.9 0.1 0.1 rg");
    let pdf = artwork_pdf(&rgb, [0.0, 0.0, 310.0, 90.0], [5.0, 5.0, 305.0, 85.0]);
    let (dir, manifest) = with_masthead("masthead-rgb", "masthead-rgb.pdf", &pdf);
    let line = manifest
        .lines()
        .position(|l| l.starts_with("masthead = "))
        .expect("the masthead line")
        + 1;
    let out = scratch("masthead-rgb-out");
    let run = build_to(&dir, &out, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("edition.toml:{line}:"))
            && stderr.contains("error: masthead artwork: ")
            && stderr.contains("masthead-rgb.pdf uses RGB colour (the `rg` operator)"),
        "{stderr}"
    );
    assert!(
        std::fs::read_dir(&out).map_or(0, |d| d.count()) == 0,
        "nothing is written"
    );
}
