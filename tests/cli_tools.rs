//! Issue 6: the editors' and nightly builds' commands (`check`, `proof`, `watch`, `init`,
//! `fonts`), the report every one of them shares, and the CLI's manners (`--quiet`, `-v`,
//! colour, `--help`). Each test runs the real binary.

mod common;

use common::{newsprint, root, scratch, write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

/// Every file under a folder, recursively.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// A copy of the sample edition in a scratch folder.
fn sample_copy(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    for f in ["edition.toml", "seed-page.md"] {
        std::fs::copy(root().join("issues/sample").join(f), dir.join(f)).unwrap();
    }
    dir
}

#[test]
fn check_shows_the_copy_line_with_a_caret_and_a_help_line() {
    let o = newsprint(&["check", "issues/sample"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let e = stderr(&o);
    // rustc style: the message, the place, the copy line, the caret under the repair.
    assert!(
        e.contains("warning: repaired: ',' made '，' (4 times on this line)"),
        "{e}"
    );
    assert!(e.contains("┌─ issues/sample/seed-page.md:9:3"), "{e}");
    assert!(e.contains("9 │ 如今,快递、外卖小哥"), "{e}");
    assert!(e.contains("  │     ^ "), "{e}");
    assert!(
        e.contains("= help: add an image line `![](file.jpg)` to the photo"),
        "{e}"
    );
    assert!(e.contains("checked 1 page: 0 errors,"), "{e}");
    assert!(o.stdout.is_empty(), "check writes nothing on stdout");
}

#[test]
fn check_writes_no_file() {
    let dir = sample_copy("check-writes-nothing");
    let before = files_under(&dir);
    let o = Command::new(env!("CARGO_BIN_EXE_newsprint"))
        .args(["check", "."])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(files_under(&dir), before);
}

#[test]
fn check_strict_makes_warnings_errors_for_nightly_builds() {
    let o = newsprint(&["check", "issues/sample", "--strict", "--short"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("issues/sample/seed-page.md:9:3: error: repaired: ',' made '，'"),
        "{e}"
    );
    assert!(!e.contains("warning:"), "{e}");
}

#[test]
fn check_reports_overflow_as_an_error_with_its_story() {
    let dir = scratch("check-overflow");
    let para = "呼伦贝尔市系统谋划，把建立健全新业态党建工作领导体制作为工作先导，扎实推动新业态、新就业群体党建工作全覆盖。".repeat(40);
    let copy = format!("# 很长的稿件\n\n{}", format!("{para}\n\n").repeat(40));
    write(&dir.join("long.md"), &copy);
    let o = newsprint(&["check", dir.join("long.md").to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("error: story '很长的稿件' overflows by"),
        "{}",
        stderr(&o)
    );
    let r = json(&o);
    assert_eq!(r["status"], "error");
    let story = &r["pages"][0]["stories"][0];
    assert_eq!(story["title"], "很长的稿件");
    assert!(story["chars_overflowing"].as_u64().unwrap() > 0);
    assert!(story["chars_set"].as_u64().unwrap() > 0);
    let o = newsprint(&["check", dir.join("long.md").to_str().unwrap(), "--allow-overflow"]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn the_report_is_one_schema_for_check_build_and_proof() {
    let out = scratch("report-schema");
    let check = json(&newsprint(&["check", "issues/sample", "--json"]));
    let build = json(&newsprint(&[
        "build",
        "issues/sample",
        "--json",
        "-o",
        out.join("pdf").to_str().unwrap(),
    ]));
    let o = newsprint(&[
        "proof",
        "issues/sample",
        "--json",
        "-o",
        out.join("proofs").to_str().unwrap(),
    ]);
    let proof = json(&o);
    let on_disk: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("proofs/report.json")).unwrap()).unwrap();
    for r in [&check, &build, &proof, &on_disk] {
        assert_eq!(r["schema"], "newsprint-report");
        assert_eq!(r["version"], 2);
        assert_eq!(r["status"], "warnings");
        assert_eq!(r["issue"]["paper"], "草原日报");
        assert_eq!(r["issue"]["date"], "2022-07-20");
        let page = &r["pages"][0];
        assert_eq!(page["number"], 5);
        assert_eq!(page["pdf"], "cyrb-20220720-05.pdf");
        assert_eq!(page["stories"].as_array().unwrap().len(), 9);
        assert_eq!(page["chars_overflowing"], 0);
        assert!(page["chars_set"].as_u64().unwrap() > 6000);
        let repair = &page["repairs"][0];
        assert_eq!(repair["kind"], "full-width-punctuation");
        assert_eq!(repair["at"]["line"], 9);
        assert_eq!(repair["at"]["col"], 3);
        assert!(
            page["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .all(|d| d["severity"] == "warning")
        );
        assert!(r["timings"]["total_ms"].as_f64().unwrap() > 0.0);
        assert_eq!(r["totals"]["pages"], 1);
    }
    // The same pages and figures whichever command made the report.
    for key in ["pages", "issue", "totals"] {
        assert_eq!(check[key], build[key], "{key}");
        assert_eq!(check[key], proof[key], "{key}");
    }
    assert!(check["files"].as_array().unwrap().is_empty());
    assert_eq!(build["files"][0]["kind"], "pdf");
    let kinds: Vec<&str> = proof["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["png", "json", "html"]);
    // The schema is documented.
    let doc = std::fs::read_to_string(root().join("docs/report-schema.md")).unwrap();
    for field in [
        "chars_overflowing",
        "repairs",
        "timings",
        "diagnostics",
        "files",
        "version",
    ] {
        assert!(
            doc.contains(&format!("`{field}`")),
            "docs/report-schema.md documents `{field}`"
        );
    }
}

#[test]
fn proof_draws_a_png_per_page_and_a_contact_sheet() {
    let out = scratch("proof");
    let o = newsprint(&[
        "proof",
        "issues/sample",
        "-o",
        out.to_str().unwrap(),
        "--dpi",
        "30",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let png = out.join("cyrb-20220720-05.png");
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).lines().collect::<Vec<_>>(),
        [
            png.to_str().unwrap().to_string(),
            out.join("report.json").display().to_string(),
            out.join("index.html").display().to_string()
        ]
    );
    let p = tiny_skia::Pixmap::load_png(&png).unwrap();
    // 390 × 543 mm at 30 dpi.
    assert_eq!((p.width(), p.height()), (461, 641));
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("<img src=\"cyrb-20220720-05.png\""), "{html}");
    assert!(html.contains("草原日报 2022-07-20 第8123期"));
    assert!(html.contains("“红色动能”激发“新”活力"), "the stories are listed");
    assert!(html.contains("placeholder frame set"), "the warnings are listed");
}

/// Counts pixels close to a colour.
fn count_colour(p: &tiny_skia::Pixmap, rgb: [u8; 3]) -> usize {
    p.pixels()
        .iter()
        .filter(|c| {
            let c = c.demultiply();
            c.red().abs_diff(rgb[0]) < 20 && c.green().abs_diff(rgb[1]) < 20 && c.blue().abs_diff(rgb[2]) < 20
        })
        .count()
}

#[test]
fn proof_marks_overflow_placeholders_and_repairs() {
    let dir = scratch("proof-marks");
    let para = "呼伦贝尔市系统谋划，把建立健全新业态党建工作领导体制作为工作先导。".repeat(40);
    let copy = format!(
        "# 很长的稿件\n\n{}## 图片标题\n\n说明文字。\n\n张三 摄\n\n# 第二篇\n\n修复的段落,逗号是半角的。\n",
        format!("{para}\n\n").repeat(40)
    );
    write(&dir.join("page.md"), &copy);
    let marked = dir.join("marked");
    let plain = dir.join("plain");
    let copy_path = dir.join("page.md");
    let o = newsprint(&[
        "proof",
        copy_path.to_str().unwrap(),
        "-o",
        marked.to_str().unwrap(),
    ]);
    // A proof shows overflow rather than refusing it, and says it is an error, as the
    // build would.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(marked.join("news-20000101-01.png").exists(), "the proof is drawn");
    let o = newsprint(&[
        "proof",
        copy_path.to_str().unwrap(),
        "-o",
        plain.to_str().unwrap(),
        "--no-marks",
        "--allow-overflow",
    ]);
    assert_eq!(o.status.code(), Some(0), "--allow-overflow accepts it");
    let name = "news-20000101-01.png";
    let m = tiny_skia::Pixmap::load_png(marked.join(name)).unwrap();
    let p = tiny_skia::Pixmap::load_png(plain.join(name)).unwrap();
    assert_eq!(count_colour(&p, [220, 30, 30]), 0, "no red without marks");
    assert!(count_colour(&m, [220, 30, 30]) > 500, "overflow drawn in red");
    assert!(
        count_colour(&m, [245, 140, 0]) > 100,
        "placeholder and repair drawn in orange"
    );
}

#[test]
fn build_json_nightly_exit_status() {
    let out = scratch("build-strict");
    let o = newsprint(&[
        "build",
        "issues/sample",
        "-o",
        out.to_str().unwrap(),
        "--strict",
        "--json",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(1), "--strict fails on warnings");
    assert_eq!(json(&o)["status"], "error");
    assert!(
        stderr(&o).contains("error: repaired"),
        "warnings are printed as errors even with -q"
    );
}

#[test]
fn init_makes_an_edition_that_builds_clean_as_it_is() {
    let dir = scratch("init").join("my-issue");
    let o = Command::new(env!("CARGO_BIN_EXE_newsprint"))
        .args(["init", dir.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1714521600")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.join("edition.toml").exists() && dir.join("page-01.md").exists());
    assert!(
        std::fs::read_to_string(dir.join("edition.toml"))
            .unwrap()
            .contains("date = \"2024-05-01\"")
    );
    let o = newsprint(&["check", dir.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    let page = &r["pages"][0];
    assert_eq!(page["chars_overflowing"], 0);
    assert_eq!(
        page["repairs"].as_array().map(Vec::len),
        Some(0),
        "the example copy needs no repair"
    );
    // The example is shorter than a page: the warnings are the space left for the editor's
    // copy and, white being counted where it is drawn, the short column feet of its modules.
    let warnings: Vec<&str> = page["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        warnings.iter().all(|w| w.starts_with("page has ")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.starts_with("page has space left")),
        "{warnings:?}"
    );
    let out = dir.join("output");
    let o = newsprint(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.join("news-20240501-01.pdf").exists());
    let o = newsprint(&[
        "proof",
        dir.to_str().unwrap(),
        "-o",
        dir.join("proofs").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A second init into the same folder refuses to overwrite the editor's work.
    let o = newsprint(&["init", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("error: the folder exists and is not empty"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn fonts_lists_faces_with_roles() {
    let o = newsprint(&["fonts"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(out.lines().count(), 6, "{out}");
    let body = out
        .lines()
        .find(|l| l.contains("NotoSerifSC-Regular.otf"))
        .unwrap();
    assert!(body.ends_with("body, fallback"), "{body}");
    let kai = out
        .lines()
        .find(|l| l.contains("NewsKai-Regular-8105.ttf"))
        .unwrap();
    assert!(kai.ends_with("byline/caption"), "{kai}");
}

#[test]
fn fonts_names_the_characters_no_face_covers() {
    let dir = scratch("fonts-cover");
    write(
        &dir.join("p.md"),
        "# 标题\n\n第一段正文。\n\n第二段有个\u{2A6D6}字，又一个\u{2A6D6}。\n",
    );
    let o = newsprint(&["fonts", dir.join("p.md").to_str().unwrap(), "--color", "never"]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("p.md: 16 distinct characters, 1 not covered"),
        "{out}"
    );
    let e = stderr(&o);
    assert!(e.contains("error: no face has '\u{2A6D6}' (U+2A6D6)"), "{e}");
    assert!(e.contains("p.md:5:6"), "{e}");
    let o = newsprint(&["fonts", "issues/sample"]);
    assert_eq!(o.status.code(), Some(0), "the sample is covered: {}", stderr(&o));
}

#[test]
fn quiet_prints_nothing_when_all_is_well_and_verbose_gives_timings() {
    let out = scratch("quiet");
    let o = newsprint(&["build", "issues/sample", "-o", out.to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty() && o.stderr.is_empty(), "{}", stderr(&o));
    let o = newsprint(&["check", "issues/sample", "-v"]);
    let e = stderr(&o);
    assert!(
        e.contains("time: read ") && e.contains(" layout ") && e.contains(" total "),
        "{e}"
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    // stderr is a pipe here, so `auto` means no colour; NO_COLOR is honoured on terminals.
    let o = Command::new(env!("CARGO_BIN_EXE_newsprint"))
        .args(["check", "issues/sample"])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stderr(&o).contains('\u{1b}'));
    let o = newsprint(&["check", "issues/sample", "--color", "always"]);
    assert!(stderr(&o).contains("\u{1b}["));
    // No progress bar when stderr is not a terminal: nothing but diagnostics.
    let o = newsprint(&["check", "issues/sample", "--short"]);
    assert!(
        stderr(&o)
            .lines()
            .all(|l| l.contains(": warning: ") || l.starts_with("  hint: ") || l.starts_with("checked "))
    );
}

#[test]
fn help_gives_an_example_for_every_command() {
    for cmd in ["build", "check", "proof", "watch", "init", "fonts"] {
        let o = newsprint(&[cmd, "--help"]);
        assert_eq!(o.status.code(), Some(0));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains("Example:\n  newsprint "), "{cmd}: {out}");
    }
    let o = newsprint(&["--help"]);
    let out = String::from_utf8_lossy(&o.stdout);
    for cmd in ["build", "check", "proof", "watch", "init", "fonts"] {
        assert!(out.contains(&format!("  {cmd} ")), "{cmd} listed: {out}");
    }
}

/// Kills the watcher even when an assertion fails.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn modified(p: &Path) -> Option<SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

fn wait_for(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn watch_rebuilds_the_proof_when_the_copy_changes() {
    let dir = sample_copy("watch");
    let proofs = dir.join("proofs");
    let pdfs = dir.join("pdf");
    let _child = Child(
        Command::new(env!("CARGO_BIN_EXE_newsprint"))
            .args(["watch", ".", "-o", "proofs", "--pdf", "pdf"])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starts newsprint watch"),
    );
    let png = proofs.join("cyrb-20220720-05.png");
    let pdf = pdfs.join("cyrb-20220720-05.pdf");
    wait_for("the first proof", || {
        modified(&png).is_some() && modified(&pdf).is_some()
    });
    // Let the watcher start watching, then change the copy.
    std::thread::sleep(Duration::from_millis(300));
    let first = modified(&png).unwrap();
    let copy = dir.join("seed-page.md");
    let text = std::fs::read_to_string(&copy).unwrap();
    std::fs::write(&copy, text.replacen("如今", "现在", 1)).unwrap();
    wait_for("the proof to be rewritten", || {
        modified(&png).is_some_and(|m| m > first)
    });
    wait_for("the PDF to be rewritten", || {
        modified(&pdf).is_some_and(|m| m > first)
    });
    let pdf_text = common::tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(pdf_text.contains("现在"), "the rebuilt PDF has the new copy");
    // A file the edition does not read changes nothing.
    std::thread::sleep(Duration::from_millis(300));
    let second = modified(&png).unwrap();
    std::fs::write(dir.join("notes.txt"), "not copy").unwrap();
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(
        modified(&png),
        Some(second),
        "an unrelated file triggered a rebuild"
    );
}

#[test]
fn progress_is_drawn_on_a_terminal_and_never_in_a_pipe() {
    let dir = scratch("progress");
    std::fs::copy(root().join("issues/sample/seed-page.md"), dir.join("p.md")).unwrap();
    let mut manifest = String::from(
        "[paper]\nname = \"报\"\ncode = \"bao\"\n\n[issue]\ndate = \"2024-01-02\"\nnumber = 1\n",
    );
    // Inside pages (page 1 would be the front page, with less room under its masthead).
    for n in 2..=4 {
        manifest.push_str(&format!(
            "\n[[page]]\nnumber = {n}\nsection = \"要闻\"\ncopy = \"p.md\"\n"
        ));
    }
    write(&dir.join("edition.toml"), manifest);
    let out = dir.join("out");
    let o = newsprint(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!stderr(&o).contains(" 1/3"), "no progress in a pipe");
    // `script` (util-linux) gives the command a terminal; without it this half is skipped.
    let cmd = format!(
        "{} build {} -o {} 2>&1 >/dev/null",
        env!("CARGO_BIN_EXE_newsprint"),
        dir.display(),
        out.display()
    );
    let Ok(o) = Command::new("script").args(["-qc", &cmd, "/dev/null"]).output() else {
        eprintln!("script(1) not found: terminal half skipped");
        return;
    };
    let shown = String::from_utf8_lossy(&o.stdout);
    assert!(shown.contains(" 3/3"), "{shown}");
    let o = Command::new("script")
        .args(["-qc", &format!("{cmd} -q"), "/dev/null"])
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&o.stdout).contains(" 1/3"),
        "--quiet hides progress"
    );
}
