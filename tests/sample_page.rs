//! The sample edition end to end, checked the way a printer and an editor would check it.

mod common;

use common::{is_han, newsprint, root, scratch, tool};
use std::collections::BTreeMap;

fn han_counts(text: &str) -> BTreeMap<char, usize> {
    let mut m = BTreeMap::new();
    for c in text.chars().filter(|&c| is_han(c)) {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}

fn build_sample(name: &str) -> (std::path::PathBuf, serde_json::Value) {
    let out = scratch(name);
    let o = newsprint(&["build", "issues/sample", "-o", out.to_str().unwrap(), "--json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("--json prints one JSON object");
    (out, report)
}

#[test]
fn sample_builds_to_exactly_one_page_with_every_han_character() {
    let (out, report) = build_sample("one-page");
    let files = report["files"].as_array().expect("files array");
    // The page, then the issue.
    assert_eq!(files.len(), 2);
    let pdf = out.join("cyrb-20220720-05.pdf");
    assert_eq!(files[0]["path"].as_str().unwrap(), pdf.to_str().unwrap());
    assert_eq!(files[0]["page"], 5);
    assert_eq!(
        files[1]["path"].as_str().unwrap(),
        out.join("cyrb-20220720.pdf").to_str().unwrap()
    );
    assert_eq!(report["pages"][0]["chars_overflowing"], 0);
    assert_eq!(report["pages"][0]["stories"].as_array().map(Vec::len), Some(9));

    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.trim_end().ends_with(" 1")),
        "{info}"
    );

    // Every Han character of the copy is in the PDF's text; the only others are the running
    // head and footer, which come from the manifest.
    let copy = std::fs::read_to_string(root().join("issues/sample/seed-page.md")).unwrap();
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let want = han_counts(&copy);
    assert_eq!(want.values().sum::<usize>(), 5929, "the sample's own count");
    let got = han_counts(&text);
    for (c, n) in &want {
        assert!(
            got.get(c).copied().unwrap_or(0) >= *n,
            "'{c}' appears {n} times in the copy, fewer in the PDF"
        );
    }
    let furniture = han_counts("草原日报第5版党建2022年7月20日星期三第8123期责任编辑：王晓燕");
    let extra: usize = got.values().sum::<usize>() - want.values().sum::<usize>();
    assert_eq!(
        extra,
        furniture.values().sum::<usize>(),
        "only the masthead and footer add Han characters"
    );
}

#[test]
fn fonts_are_embedded_subset_and_mapped_to_unicode() {
    let (out, _) = build_sample("fonts");
    let pdf = out.join("cyrb-20220720-05.pdf");
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 4, "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "emb sub uni: {row}");
        assert!(cols[0].split('+').next().unwrap().len() == 6, "subset tag: {row}");
    }
    let check = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(check.contains("No syntax or stream encoding errors"), "{check}");
}

#[test]
fn two_builds_are_byte_identical() {
    let (a, _) = build_sample("det-a");
    let (b, _) = build_sample("det-b");
    let name = "cyrb-20220720-05.pdf";
    assert!(std::fs::read(a.join(name)).unwrap() == std::fs::read(b.join(name)).unwrap());
}

#[test]
fn build_prints_each_path_without_json() {
    let out = scratch("paths");
    let o = newsprint(&["build", "issues/sample", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let stdout = String::from_utf8(o.stdout).unwrap();
    let want = [out.join("cyrb-20220720-05.pdf"), out.join("cyrb-20220720.pdf")];
    let want: Vec<&str> = want.iter().map(|p| p.to_str().unwrap()).collect();
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        want,
        "each page, then the issue"
    );
    let stderr = String::from_utf8(o.stderr).unwrap();
    // Each repair is reported with its line: the six joined paragraphs among them.
    assert_eq!(
        stderr.matches("paragraph split mid-sentence joined").count(),
        6,
        "{stderr}"
    );
    assert!(
        stderr.contains("seed-page.md:19:"),
        "the first join is on line 19: {stderr}"
    );
    assert_eq!(stderr.matches("has no image file").count(), 3);
}

#[test]
fn a_single_copy_file_builds_as_one_page() {
    let out = scratch("single");
    let o = newsprint(&["build", "issues/sample/seed-page.md", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let written: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(written.len(), 2, "the page and the issue: {written:?}");
    let mut written = written;
    // `-01.pdf` sorts before `.pdf`: the page comes first.
    written.sort();
    assert!(
        written[0].to_str().unwrap().starts_with("news-")
            && written[0].to_str().unwrap().ends_with("-01.pdf")
    );
}
