//! One report model (issue 12): whatever the edition and the policy, every view of a run
//! says the same: `check`, `build` and `proof` reports, version 1's `files[]` figures and
//! version 2's `pages[]`, the totals, the exit status, the lines printed on stderr and the
//! contact sheet.

mod common;

use common::{newsprint, sample_with, scratch, write};
use serde_json::Value;
use std::path::Path;

struct Run {
    code: i32,
    report: Value,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let o = newsprint(args);
    Run {
        code: o.status.code().unwrap_or(-1),
        report: serde_json::from_slice(&o.stdout).expect("one JSON report on stdout"),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// A diagnostic as `build` prints it: its line, and the hint on a second.
fn printed(d: &Value) -> String {
    let line = d["rendered"].as_str().unwrap().to_string();
    match d["hint"].as_str() {
        Some(h) => format!("{line}\n  hint: {h}"),
        None => line,
    }
}

/// Counts diagnostics of a severity in the pages and the run's errors.
fn count(report: &Value, severity: &str) -> usize {
    let pages = report["pages"].as_array().unwrap();
    let all = pages
        .iter()
        .flat_map(|p| p["diagnostics"].as_array().unwrap())
        .chain(report["errors"].as_array().unwrap());
    all.filter(|d| d["severity"] == severity).count()
}

fn worst(diagnostics: &[Value]) -> &'static str {
    if diagnostics.iter().any(|d| d["severity"] == "error") {
        "error"
    } else if diagnostics.is_empty() {
        "ok"
    } else {
        "warnings"
    }
}

/// Builds, checks and proofs `input` with `flags`, and checks that every view agrees.
/// Returns the build's report.
fn views_agree(name: &str, input: &Path, flags: &[&str]) -> Value {
    let out = scratch(&format!("views-{name}"));
    let input = input.to_str().unwrap();
    let pdf_dir = out.join("pdf");
    let proof_dir = out.join("proofs");
    fn with<'a>(mut args: Vec<&'a str>, flags: &[&'a str]) -> Vec<&'a str> {
        args.extend_from_slice(flags);
        args
    }
    let build = run(&with(
        vec!["build", input, "-o", pdf_dir.to_str().unwrap(), "--json"],
        flags,
    ));
    let check = run(&with(vec!["check", input, "--json", "--short"], flags));
    let proof = run(&with(
        vec![
            "proof",
            input,
            "-o",
            proof_dir.to_str().unwrap(),
            "--json",
            "--dpi",
            "20",
        ],
        flags,
    ));
    let b = &build.report;
    for (what, r) in [("check", &check), ("proof", &proof)] {
        assert_eq!(
            r.report["pages"], b["pages"],
            "{name}: {what} pages = build pages"
        );
        assert_eq!(r.report["totals"], b["totals"], "{name}: {what} totals");
        assert_eq!(r.report["status"], b["status"], "{name}: {what} status");
        assert_eq!(r.code, build.code, "{name}: {what} exit status");
    }
    // The exit status is the report's.
    assert_eq!(
        build.code == 1,
        b["status"] == "error",
        "{name}: {}",
        build.stderr
    );
    // Totals count what the lists hold, and what was printed.
    assert_eq!(b["totals"]["errors"], count(b, "error"), "{name}");
    assert_eq!(b["totals"]["warnings"], count(b, "warning"), "{name}");
    for r in [&build, &check] {
        let lines = |sev: &str| {
            r.stderr
                .lines()
                .filter(|l| l.contains(&format!(": {sev}: ")))
                .count()
        };
        assert_eq!(
            lines("error"),
            count(b, "error"),
            "{name}: printed errors\n{}",
            r.stderr
        );
        assert_eq!(lines("warning"), count(b, "warning"), "{name}: printed warnings");
    }
    // Each page: its status is its worst diagnostic; version 1's figures are the same
    // figures and the same diagnostics, at the same severity.
    let files = b["files"].as_array().unwrap();
    let mut worst_page = "ok";
    for page in b["pages"].as_array().unwrap() {
        let diagnostics = page["diagnostics"].as_array().unwrap();
        assert_eq!(page["status"], worst(diagnostics), "{name}: page status");
        if page["status"] == "error" || worst_page == "ok" {
            worst_page = page["status"].as_str().unwrap();
        }
        let v1 = files.iter().find(|f| f["file"] == page["pdf"]);
        // A failed build publishes nothing (issue 11): no file, so no version 1 figures.
        if b["status"] == "error" {
            assert!(v1.is_none(), "{name}: a failed build lists no PDF");
            continue;
        }
        let v1 = v1.expect("the page's PDF entry carries its figures");
        assert_eq!(v1["page"], page["number"]);
        assert_eq!(v1["stories"], page["stories"].as_array().unwrap().len());
        for key in [
            "chars_set",
            "chars_overflowing",
            "fill_percent",
            "holes",
            "space_left_lines",
            "collisions",
            "ragged_lines",
            "images",
        ] {
            assert_eq!(v1[key], page[key], "{name}: {key} in files[] and pages[]");
        }
        let v1_warnings: Vec<String> = v1["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap().to_string())
            .collect();
        let v2: Vec<String> = diagnostics.iter().map(printed).collect();
        assert_eq!(
            v1_warnings, v2,
            "{name}: files[].warnings are pages[].diagnostics"
        );
    }
    // The contact sheet: the same counts, each page's colour its status.
    let html = std::fs::read_to_string(proof_dir.join("index.html")).unwrap();
    let t = &b["totals"];
    assert!(
        html.contains(&format!("错误 {}", t["errors"])),
        "{name}: sheet errors\n{html}"
    );
    assert!(
        html.contains(&format!("警告 {}", t["warnings"])),
        "{name}: sheet warnings"
    );
    assert!(
        html.contains(&format!("<p class=\"totals {}\">", b["status"].as_str().unwrap())),
        "{name}: sheet status"
    );
    for page in b["pages"].as_array().unwrap() {
        let section = format!(
            "<section class=\"page {}\" data-page=\"{}\">",
            page["status"].as_str().unwrap(),
            page["number"]
        );
        assert!(html.contains(&section), "{name}: {section}\n{html}");
    }
    assert!(
        !html.contains(">PDF</a>"),
        "proof wrote no PDF, so the sheet links none"
    );
    build.report
}

fn overflowing_copy(dir: &Path) -> std::path::PathBuf {
    let para = "呼伦贝尔市系统谋划，把建立健全新业态党建工作领导体制作为工作先导。".repeat(40);
    let copy = format!(
        "# 很长的稿件\n\n{}## 图片标题\n\n说明文字。\n\n张三 摄\n\n# 第二篇\n\n修复的段落,逗号是半角的。\n",
        format!("{para}\n\n").repeat(30)
    );
    let path = dir.join("page.md");
    write(&path, copy);
    path
}

#[test]
fn overflow_is_an_error_in_every_view_unless_allowed() {
    let dir = scratch("views-overflow-in");
    let copy = overflowing_copy(&dir);
    let r = views_agree("overflow", &copy, &[]);
    assert_eq!(r["status"], "error");
    let overflow = |r: &Value| -> Value {
        r["pages"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["kind"] == "fitting")
            .cloned()
            .expect("the overflow")
    };
    assert_eq!(overflow(&r)["severity"], "error");
    let r = views_agree("overflow-allowed", &copy, &["--allow-overflow"]);
    assert_eq!(r["status"], "warnings");
    assert_eq!(overflow(&r)["severity"], "warning");
}

#[test]
fn strict_makes_every_warning_an_error_in_every_view() {
    let sample = common::root().join("issues/sample");
    let r = views_agree("strict", &sample, &["--strict"]);
    assert_eq!(r["status"], "error");
    assert_eq!(count(&r, "warning"), 0);
    assert!(count(&r, "error") > 300, "every repair is an error");
}

#[test]
fn a_tabloid_sample_with_allowed_overflow_says_warning_everywhere() {
    let dir = sample_with("views-tabloid-in", "format = { preset = \"tabloid\" }\n");
    let r = views_agree("tabloid", &dir, &["--allow-overflow"]);
    assert!(
        r["pages"][0]["chars_overflowing"].as_u64().unwrap() > 0,
        "a tabloid cannot hold it"
    );
    assert_eq!(r["status"], "warnings");
    let v1 = r["files"][0]["warnings"].as_array().unwrap();
    assert!(
        v1.iter().any(|w| w.as_str().unwrap().contains("warning: story")),
        "{v1:?}"
    );
    assert!(
        !v1.iter().any(|w| w.as_str().unwrap().contains("error:")),
        "{v1:?}"
    );
}

#[test]
fn a_missing_image_is_an_error_in_every_view() {
    let dir = scratch("views-missing-in");
    write(
        &dir.join("edition.toml"),
        "[paper]\nname = \"草原日报\"\ncode = \"cyrb\"\n\n[issue]\ndate = \"2022-07-20\"\nnumber = 8123\n\n\
         [[page]]\nnumber = 1\nsection = \"要闻\"\ncopy = \"one.md\"\n\n\
         [[page]]\nnumber = 2\nsection = \"图片\"\ncopy = \"two.md\"\n",
    );
    write(&dir.join("one.md"), "# 第一篇\n\n内容很短，一段而已。\n");
    write(
        &dir.join("two.md"),
        "# 图片新闻\n\n正文一段。\n\n## 无图\n\n![](images/none.jpg)\n\n说明。\n\n张三 摄\n",
    );
    let r = views_agree("missing", &dir, &[]);
    assert_eq!(r["status"], "error");
    let errors = r["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["kind"] == "missing" && e["at"]["file"].as_str().unwrap().ends_with("two.md")),
        "{errors:?}"
    );
}
