//! An edition's files are made from one set of parts: the issue file holds the page files'
//! font subsets and content streams as they are, one subset per face for the whole edition,
//! and two builds of the same input give the same bytes. The report's timings cover every
//! stage and add up.

mod common;

use common::{build_to, sample_with, scratch, tool};
use lopdf::{Document, Object};

/// Every font program (FontFile2/FontFile3 stream, decoded) of a PDF, with its BaseFont.
fn font_programs(pdf: &[u8]) -> Vec<(String, Vec<u8>)> {
    let doc = Document::load_mem(pdf).expect("parses");
    let mut out = Vec::new();
    for obj in doc.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor") {
            continue;
        }
        let name =
            String::from_utf8_lossy(d.get(b"FontName").and_then(Object::as_name).unwrap()).into_owned();
        let file = d
            .get(b"FontFile3")
            .or_else(|_| d.get(b"FontFile2"))
            .and_then(Object::as_reference)
            .unwrap();
        let stream = doc.get_object(file).unwrap().as_stream().unwrap();
        out.push((name, stream.decompressed_content().unwrap()));
    }
    out.sort();
    out
}

/// Each page's decoded content stream, in page order.
fn contents(pdf: &[u8]) -> Vec<Vec<u8>> {
    let doc = Document::load_mem(pdf).expect("parses");
    doc.get_pages()
        .values()
        .map(|&id| doc.get_page_content(id))
        .collect()
}

#[test]
fn the_issue_file_is_the_page_files_put_together() {
    // The sample as page 5 and a page of short stories as page 6.
    let dir = sample_with(
        "edition-parts",
        "[[page]]\nnumber = 6\nsection = \"要闻\"\ncopy = \"second.md\"\n",
    );
    let second = common::root().join("tests/fixtures/layout/many-short.md");
    std::fs::copy(second, dir.join("second.md")).unwrap();
    let out = scratch("edition-parts-out");
    let o = build_to(&dir, &out, &["-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let read = |name: &str| std::fs::read(out.join(name)).unwrap();
    let (p5, p6, issue) = (
        read("cyrb-20220720-05.pdf"),
        read("cyrb-20220720-06.pdf"),
        read("cyrb-20220720.pdf"),
    );

    // One subset per face: the same font programs, byte for byte, in every file.
    let fonts = font_programs(&issue);
    let faces: Vec<&str> = fonts.iter().map(|(n, _)| n.split('+').nth(1).unwrap()).collect();
    let mut distinct = faces.clone();
    distinct.dedup();
    assert_eq!(faces, distinct, "one subset per face in the issue file");
    assert!(fonts.len() >= 3, "{faces:?}");
    for page in [&p5, &p6] {
        for font in font_programs(page) {
            assert!(fonts.contains(&font), "{} is the issue file's subset", font.0);
        }
    }
    // pdffonts lists each font as the pages use it: a face set both across and down (a 竖题)
    // is one program under two encodings, Identity-H and Identity-V.
    let listed = tool("pdffonts", &[out.join("cyrb-20220720.pdf").to_str().unwrap()]);
    let mut names: Vec<&str> = listed
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(|n| n.trim_end_matches("-Identity-H").trim_end_matches("-Identity-V"))
        .collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), fonts.len(), "{listed}");

    // The pages' content streams are the issue's pages, in manifest order.
    let (c5, c6) = (contents(&p5), contents(&p6));
    assert_ne!(c5, c6);
    assert_eq!(contents(&issue), [c5, c6].concat());

    // Text reads back from the issue file as from the page files.
    let text = |path: &str, page: &str| tool("pdftotext", &["-f", page, "-l", page, path, "-"]);
    let issue_path = out.join("cyrb-20220720.pdf");
    assert_eq!(
        text(issue_path.to_str().unwrap(), "2"),
        text(out.join("cyrb-20220720-06.pdf").to_str().unwrap(), "1")
    );

    // Same input, same bytes.
    let again = scratch("edition-parts-again");
    assert_eq!(build_to(&dir, &again, &["-q"]).status.code(), Some(0));
    for name in [
        "cyrb-20220720-05.pdf",
        "cyrb-20220720-06.pdf",
        "cyrb-20220720.pdf",
    ] {
        assert!(
            std::fs::read(again.join(name)).unwrap() == read(name),
            "{name} differs"
        );
    }
}

#[test]
fn timings_cover_every_stage_and_add_up() {
    let out = scratch("timings");
    let o = build_to(&common::root().join("issues/sample"), &out, &["--json"]);
    assert_eq!(o.status.code(), Some(0));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let t = &r["timings"];
    let stages = [
        "read_ms",
        "fonts_ms",
        "layout_ms",
        "proof_ms",
        "pdf_ms",
        "preflight_ms",
        "write_ms",
    ];
    let sum: f64 = stages.iter().map(|s| t[s].as_f64().unwrap()).sum();
    let total = t["total_ms"].as_f64().unwrap();
    // Each stage is measured inside the run, one after the other; 0.01 ms rounding each.
    assert!(sum <= total + 0.1, "{t}");
    for s in ["fonts_ms", "layout_ms", "pdf_ms", "preflight_ms"] {
        assert!(t[s].as_f64().unwrap() > 0.0, "{s}: {t}");
    }
    assert!(t["pdf_parts_ms"].as_f64().unwrap() <= t["pdf_ms"].as_f64().unwrap());
    assert_eq!(t["pages"][0]["page"], 5);
    assert!(t["pages"][0]["layout_ms"].as_f64().unwrap() > 0.0);
    assert!(t["issue"]["preflight_ms"].as_f64().unwrap() > 0.0);
}
