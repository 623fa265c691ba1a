//! Issue 11, point 1: publishing is all or nothing. A failed build leaves the output folder
//! exactly as it was (every file hashed before and after), a killed build leaves for each
//! name the previous file or the new one, two builds never write one folder at once, and
//! editors get their failing pages as drafts, clearly marked, in a folder of their own.

mod common;

use common::{newsprint, root, scratch, snapshot, tool, write};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn names(s: &BTreeMap<String, Vec<u8>>) -> Vec<&str> {
    s.keys().map(String::as_str).collect()
}

/// A two-page edition (pages 5 and 6, a photo on page 6) with issue number `number`.
fn two_pages(dir: &Path, number: u32) {
    let seed = std::fs::read_to_string(root().join("issues/sample/seed-page.md")).expect("seed");
    let first = seed.split("## 创城有我").next().expect("first story");
    write(&dir.join("p5.md"), first);
    write(
        &dir.join("p6.md"),
        format!("{first}\n\n## 照片\n\n![](photo.png)\n\n近日，党员们在小区开展主题党日活动。\n\n张鑫 摄\n"),
    );
    image::RgbImage::from_fn(1600, 1000, |x, y| image::Rgb([(x / 7) as u8, (y / 5) as u8, 90]))
        .save(dir.join("photo.png"))
        .expect("png");
    write(
        &dir.join("edition.toml"),
        format!(
            "[paper]\nname = \"草原日报\"\ncode = \"cyrb\"\n\n[issue]\ndate = \"2022-07-20\"\nnumber = {number}\n\n\
             [[page]]\nnumber = 5\nsection = \"党建\"\ncopy = \"p5.md\"\n\n\
             [[page]]\nnumber = 6\nsection = \"要闻\"\ncopy = \"p6.md\"\n"
        ),
    );
}

fn build(input: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "build",
        input.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
        "-q",
    ];
    args.extend_from_slice(extra);
    newsprint(&args)
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Checks that a build failed with exit 1, saying `says`, and left the output folder `out`
/// exactly as `before`.
fn assert_failed_untouched(o: &std::process::Output, says: &str, out: &Path, before: &Folder, what: &str) {
    assert_eq!(o.status.code(), Some(1), "{}", stderr(o));
    assert!(stderr(o).contains(says), "{}", stderr(o));
    assert!(snapshot(out) == *before, "{what} changed the output folder");
}

const ISSUE: &str = "cyrb-20220720.pdf";
const PAGES: [&str; 2] = ["cyrb-20220720-05.pdf", "cyrb-20220720-06.pdf"];

#[test]
fn a_failed_build_leaves_the_output_folder_exactly_as_it_was() {
    let dir = scratch("all-or-nothing");
    let input = dir.join("in");
    two_pages(&input, 8123);
    let out = dir.join("out");
    let o = build(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let good = snapshot(&out);
    assert_eq!(
        names(&good),
        [PAGES[0], PAGES[1], ISSUE],
        "only the PDFs: no lock, no staging"
    );

    // Page 6's image goes missing: exit 1, and not a byte changes (page 5 is not rewritten,
    // the two-page issue PDF is not replaced by a one-page one).
    std::fs::remove_file(input.join("photo.png")).expect("remove");
    let o = build(&input, &out, &[]);
    assert_failed_untouched(&o, "photo.png", &out, &good, "a failed build");

    // --strict with warnings, and overflow, the same.
    two_pages(&input, 8123);
    let o = build(&input, &out, &["--strict"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        snapshot(&out) == good,
        "a --strict failure changed the output folder"
    );
    let manifest = std::fs::read_to_string(input.join("edition.toml")).expect("manifest");
    let long = format!(
        "{}\n\n{}",
        std::fs::read_to_string(input.join("p5.md")).expect("p5"),
        "长".repeat(20000)
    );
    write(&input.join("p5.md"), long);
    let o = build(&input, &out, &[]);
    assert_failed_untouched(&o, "overflows by", &out, &good, "an overflowing build");
    write(&input.join("edition.toml"), manifest);

    // A first build that fails leaves no folder at all.
    let fresh = dir.join("fresh");
    let o = build(&input, &fresh, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!fresh.exists(), "{:?}", snapshot(&fresh).keys());
}

/// The corpus page with a PDF ad (8 × 16) in `dir`, the ad's file as `ad` gives it.
fn ad_page(dir: &Path, ad: &[u8]) {
    let src = root().join("tests/corpus/02-half-pdf-ad");
    write(
        &dir.join("page.md"),
        std::fs::read_to_string(src.join("page.md")).expect("page"),
    );
    write(&dir.join("bank.pdf"), ad);
    write(
        &dir.join("edition.toml"),
        "[paper]\nname = \"草原日报\"\ncode = \"cyrb\"\n\n[issue]\ndate = \"2024-11-05\"\nnumber = 1\n\n\
         [[page]]\nnumber = 3\nsection = \"综合\"\ncopy = \"page.md\"\n\n\
         [[page.ad]]\nfile = \"bank.pdf\"\nadvertiser = \"草原银行\"\ncolumns = 8\nlines = 16\n",
    );
}

#[test]
fn a_build_its_preflight_fails_leaves_the_output_folder_exactly_as_it_was() {
    // The files are written into staging while the preflight reads them: one the preflight
    // refuses must not reach the output folder all the same.
    let dir = scratch("preflight-all-or-nothing");
    let (input, out) = (dir.join("in"), dir.join("out"));
    let good = std::fs::read(root().join("tests/corpus/ads/bank-8x16.pdf")).expect("ad");
    ad_page(&input, &good);
    let o = build(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = snapshot(&out);
    assert_eq!(names(&before), ["cyrb-20241105-03.pdf", "cyrb-20241105.pdf"]);

    // `/DeviceRGB cs` in the ad's content passes the check made when the ad is read; the
    // preflight of the page as printed stops it.
    let mut doc = lopdf::Document::load_mem(&good).expect("ad parses");
    let page = *doc.get_pages().values().next().expect("a page");
    let content = doc.get_page_content(page);
    let rgb = [b"/DeviceRGB cs 0 0 1 sc 0 0 10 10 re f\n".to_vec(), content].concat();
    doc.change_page_content(page, rgb).expect("content set");
    let mut bad = Vec::new();
    doc.save_to(&mut bad).expect("saved");
    ad_page(&input, &bad);
    let o = build(&input, &out, &[]);
    assert_failed_untouched(
        &o,
        "preflight PX-05",
        &out,
        &before,
        "a build failed by its preflight",
    );
}

#[test]
fn drafts_are_written_elsewhere_and_marked() {
    let dir = scratch("draft");
    let input = dir.join("in");
    two_pages(&input, 8123);
    std::fs::remove_file(input.join("photo.png")).expect("remove");
    let out = dir.join("out");
    let draft = dir.join("draft");
    let o = newsprint(&[
        "build",
        input.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
        "--draft",
        draft.to_str().expect("utf-8"),
    ]);
    // Page 6 cannot be laid out without its image; page 5 is there, as a draft.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!out.exists(), "the output folder is not touched");
    let page = draft.join(PAGES[0]);
    let info = tool("pdfinfo", &[page.to_str().expect("utf-8")]);
    assert!(info.contains("Title:           草稿 DRAFT 不得付印"), "{info}");
    let text = tool("pdftotext", &[page.to_str().expect("utf-8"), "-"]);
    assert!(
        text.replace(' ', "").contains("草稿DRAFT不得付印"),
        "the slug says so: {text}"
    );
    // The output folder as a draft folder is refused.
    let o = newsprint(&[
        "build",
        input.to_str().expect("utf-8"),
        "-o",
        draft.to_str().expect("utf-8"),
        "--draft",
        draft.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--draft names the output folder"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn leftovers_of_a_killed_build_are_cleared_by_the_next() {
    let dir = scratch("leftovers");
    let out = dir.join("out");
    write(
        &out.join(".newsprint-staging/cyrb-20220720-05.pdf"),
        "half a page",
    );
    write(&out.join(".cyrb-20220720-05.pdf.4242.tmp"), "half a page");
    write(&out.join(".newsprint.lock"), "4242\n");
    let o = build(&root().join("issues/sample"), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        names(&snapshot(&out)),
        ["cyrb-20220720-05.pdf", "cyrb-20220720.pdf"]
    );
}

#[test]
fn a_locked_output_folder_makes_the_second_build_wait_then_fail_naming_the_first() {
    let dir = scratch("lock");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).expect("out");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .open(out.join(".newsprint.lock"))
        .expect("lock file");
    lock.lock().expect("the test holds the lock");
    std::fs::write(out.join(".newsprint.lock"), "31337\n").expect("pid");
    let o = build(&root().join("issues/sample"), &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("output folder is being written by another newsprint process (pid 31337)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(names(&snapshot(&out)), [".newsprint.lock"], "nothing written");
    lock.unlock().expect("unlock");
    drop(lock);
    let o = build(&root().join("issues/sample"), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn two_concurrent_builds_never_mix_their_files() {
    let dir = scratch("concurrent");
    let (a, b) = (dir.join("a"), dir.join("b"));
    two_pages(&a, 1);
    two_pages(&b, 2);
    let (ref_a, ref_b) = (dir.join("ref-a"), dir.join("ref-b"));
    assert_eq!(build(&a, &ref_a, &[]).status.code(), Some(0));
    assert_eq!(build(&b, &ref_b, &[]).status.code(), Some(0));
    let (ref_a, ref_b) = (snapshot(&ref_a), snapshot(&ref_b));
    assert!(ref_a[ISSUE] != ref_b[ISSUE], "the two editions differ");
    let out = dir.join("out");
    let spawn = |input: &Path| {
        Command::new(env!("CARGO_BIN_EXE_newsprint"))
            .args([
                "build",
                input.to_str().expect("utf-8"),
                "-o",
                out.to_str().expect("utf-8"),
                "-q",
            ])
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn")
    };
    let (pa, pb) = (spawn(&a), spawn(&b));
    let (oa, ob) = (
        pa.wait_with_output().expect("a"),
        pb.wait_with_output().expect("b"),
    );
    for o in [&oa, &ob] {
        // Either it built, or it waited and gave way, saying why (a slow machine).
        assert!(
            o.status.code() == Some(0)
                || (o.status.code() == Some(1) && stderr(o).contains("being written by another newsprint")),
            "{:?}: {}",
            o.status,
            stderr(o)
        );
    }
    assert!(oa.status.success() || ob.status.success());
    let got = snapshot(&out);
    assert!(got == ref_a || got == ref_b, "a mixed set: {:?}", names(&got));
}

/// A tiny deterministic generator: random enough for kill times, the same on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_file_or_the_new_one_for_each_name() {
    let dir = scratch("kill");
    let (a, b) = (dir.join("a"), dir.join("b"));
    two_pages(&a, 1);
    two_pages(&b, 2);
    let ref_b_dir = dir.join("ref-b");
    let started = std::time::Instant::now();
    assert_eq!(build(&b, &ref_b_dir, &[]).status.code(), Some(0));
    // Kill times spread over a whole build as this machine runs it now.
    let build_ms = started.elapsed().as_millis() as u64 + 50;
    let ref_b = snapshot(&ref_b_dir);
    let out = dir.join("out");
    assert_eq!(build(&a, &out, &[]).status.code(), Some(0));
    let ref_a = snapshot(&out);
    let mut rng = Lcg(0x5eed);
    for round in 0..8 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsprint"))
            .args([
                "build",
                b.to_str().expect("utf-8"),
                "-o",
                out.to_str().expect("utf-8"),
                "-q",
            ])
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(rng.below(build_ms)));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let got = snapshot(&out);
        for (name, bytes) in &got {
            if name.starts_with('.') {
                continue; // staging and lock: cleared by the next build (checked below)
            }
            assert!(
                ref_a.get(name) == Some(bytes) || ref_b.get(name) == Some(bytes),
                "round {round}: {name} is from no complete build"
            );
        }
        for name in PAGES {
            assert!(got.contains_key(name), "round {round}: {name} is gone");
        }
        issue_matches_its_pages(&got, (&ref_a, &ref_b), &format!("round {round}"));
    }
    // The next complete build leaves the new set and nothing else.
    assert_eq!(build(&b, &out, &[]).status.code(), Some(0));
    assert!(snapshot(&out) == ref_b, "{:?}", names(&snapshot(&out)));
}

/// A folder's files, by name.
type Folder = BTreeMap<String, Vec<u8>>;

/// An issue PDF, when there is one, stands only beside the pages of its own build.
fn issue_matches_its_pages(got: &Folder, (old, new): (&Folder, &Folder), when: &str) {
    for set in [old, new] {
        if got.get(ISSUE) == set.get(ISSUE) {
            for p in PAGES {
                assert!(
                    got.get(p) == set.get(p),
                    "{when}: the issue PDF beside {p} of another build"
                );
            }
        }
    }
}

/// Runs `build` under strace, killed (SIGKILL, before the call runs) at the first `call`
/// whose first path is `path`: the moments between the final renames that random kill
/// times almost never hit.
fn build_killed_at(input: &Path, out: &Path, call: &str, path: &Path) -> std::process::Output {
    Command::new("strace")
        .args(["-f", "-qq", "-o", "/dev/null", "-P"])
        .arg(path)
        .args(["-e", &format!("trace={call}"), "-e"])
        .arg(format!("inject={call}:signal=KILL:when=1"))
        .arg(env!("CARGO_BIN_EXE_newsprint"))
        .args([
            "build",
            input.to_str().expect("utf-8"),
            "-o",
            out.to_str().expect("utf-8"),
            "-q",
        ])
        .output()
        .expect("strace is needed for this test (apt-get install strace)")
}

#[test]
fn a_build_killed_between_its_final_renames_never_leaves_an_issue_pdf_beside_other_pages() {
    let dir = scratch("kill-renames");
    let (a, b) = (dir.join("a"), dir.join("b"));
    two_pages(&a, 1);
    two_pages(&b, 2);
    let out = dir.join("out");
    assert_eq!(build(&b, &out, &[]).status.code(), Some(0));
    let new = snapshot(&out);
    std::fs::remove_dir_all(&out).expect("clear");
    assert_eq!(build(&a, &out, &[]).status.code(), Some(0));
    let old = snapshot(&out);
    let staged = out.join(".newsprint-staging");
    // Each moment of publishing, and what the folder holds if the build dies there: before
    // the old issue PDF goes, before each page's rename, before the new issue PDF's.
    let moments = [
        ("unlink", out.join(ISSUE), [Some(&old), Some(&old), Some(&old)]),
        ("rename", staged.join(PAGES[0]), [Some(&old), Some(&old), None]),
        ("rename", staged.join(PAGES[1]), [Some(&new), Some(&old), None]),
        ("rename", staged.join(ISSUE), [Some(&new), Some(&new), None]),
    ];
    for (call, path, expect) in moments {
        let when = format!("killed at {call} {}", path.display());
        std::fs::remove_dir_all(&out).expect("clear");
        for (name, bytes) in &old {
            write(&out.join(name), bytes);
        }
        let o = build_killed_at(&b, &out, call, &path);
        assert_ne!(o.status.code(), Some(0), "{when}: the build was not killed");
        let got = snapshot(&out);
        for (name, set) in PAGES.iter().chain([&ISSUE]).zip(expect) {
            assert!(
                got.get(*name) == set.and_then(|s| s.get(*name)),
                "{when}: {name} is not what it should be; the folder holds {:?}",
                names(&got)
            );
        }
        issue_matches_its_pages(&got, (&old, &new), &when);
        // The next build leaves the new set, and nothing else.
        assert_eq!(build(&b, &out, &[]).status.code(), Some(0), "{when}");
        assert!(snapshot(&out) == new, "{when}: {:?}", names(&snapshot(&out)));
    }
}
