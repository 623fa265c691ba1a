//! The preflight (TYPOGRAPHY.md §7, PX rules) passes the sample and fails deliberately
//! broken files, one rule each, so a green preflight means something.

mod common;

use common::{newsprint, scratch};
use lopdf::{Document, Object};
use newsprint::preflight::{Expect, Session, Violation, check};

fn sample_pdf(name: &str) -> Vec<u8> {
    let out = scratch(name);
    let o = newsprint(&["build", "issues/sample", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::read(out.join("cyrb-20220720-05.pdf")).unwrap()
}

fn rules(v: &[Violation]) -> Vec<&'static str> {
    let mut r: Vec<_> = v.iter().map(|v| v.rule).collect();
    r.dedup();
    r
}

/// The sample with its page content changed by `edit`, saved again.
fn with_content(pdf: &[u8], edit: impl Fn(Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut doc = Document::load_mem(pdf).unwrap();
    let (_, page) = doc.get_pages().into_iter().next().unwrap();
    let content = doc.get_page_content(page);
    doc.change_page_content(page, edit(content)).unwrap();
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Same-length byte replacement, so the xref offsets stay right.
fn patch(pdf: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let at = pdf
        .windows(from.len())
        .position(|w| w == from)
        .expect("pattern present");
    let mut out = pdf.to_vec();
    out[at..at + to.len()].copy_from_slice(to);
    out
}

#[test]
fn px_sample_page_passes() {
    let pdf = sample_pdf("pf-pass");
    assert_eq!(check(&pdf, &Expect::default()), Vec::new());
}

#[test]
fn px_broken_files_fail_with_their_rule() {
    let pdf = sample_pdf("pf-broken");
    let x1a = Expect::default();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "PX-05",
            with_content(&pdf, |c| [b"1 0 0 rg\n".to_vec(), c].concat()),
        ),
        ("PX-09", patch(&pdf, b"/OPM 1", b"/OPM 0")),
        (
            "PX-01",
            patch(&pdf, b"/GTS_PDFXConformance", b"/GTS_PDFXConformancX"),
        ),
        ("PX-07", patch(&pdf, b"%PDF-1.3", b"%PDF-1.7")),
        ("PX-03", patch(&pdf, b"/TrimBox", b"/TrimBoy")),
        ("PX-02", patch(&pdf, b"/GTS_PDFX", b"/GTS_PDFY")),
        (
            "PX-12",
            with_content(&pdf, |c| {
                [c, b"\n/GSop gs 0 0 0 0 k 0 0 10 10 re f\n".to_vec()].concat()
            }),
        ),
        (
            "PX-10",
            with_content(&pdf, |c| {
                [c, b"\nBT /F0 6 Tf 0.5 0.5 0 0 k <0001> Tj ET\n".to_vec()].concat()
            }),
        ),
        (
            "PX-00",
            with_content(&pdf, |c| {
                [c, b"\n(a string that never ends Tj\n".to_vec()].concat()
            }),
        ),
    ];
    for (rule, broken) in cases {
        let found = check(&broken, &x1a);
        assert!(rules(&found).contains(&rule), "{rule} expected, got {found:?}");
    }
    let found = check(b"%PDF-1.3\nnot a pdf", &x1a);
    assert!(!found.is_empty());
}

#[test]
fn px_06_soft_mask_and_alpha_fail() {
    let pdf = sample_pdf("pf-smask");
    let mut doc = Document::load_mem(&pdf).unwrap();
    let ids: Vec<_> = doc.objects.keys().copied().collect();
    for id in ids {
        if let Ok(Object::Dictionary(d)) = doc.get_object_mut(id)
            && d.get(b"Type").and_then(Object::as_name).ok() == Some(b"ExtGState")
        {
            d.set("ca", Object::Real(0.5));
        }
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    assert!(rules(&check(&out, &Expect::default())).contains(&"PX-06"));
}

#[test]
fn px_a_stream_met_before_is_judged_with_its_own_graphics_states() {
    // A session interprets each stream once; the same stream under other graphics states
    // is another case, and a broken file after a good one is still caught.
    let pdf = sample_pdf("pf-session");
    let session = Session::new(Expect::default());
    assert_eq!(session.check(&pdf), Vec::new());
    assert_eq!(session.check(&pdf), Vec::new());
    let broken = patch(&pdf, b"/OPM 1", b"/OPM 0");
    assert!(rules(&session.check(&broken)).contains(&"PX-09"));
    assert_eq!(session.check(&pdf), Vec::new());
}

/// A corpus page with the PDF ad placed as a form, built.
fn ad_page_pdf(name: &str) -> Vec<u8> {
    let out = scratch(name);
    let o = newsprint(&[
        "build",
        "tests/corpus/02-half-pdf-ad",
        "-o",
        out.to_str().unwrap(),
        "--allow-overflow",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::read(out.join("cyrb-20241105-03.pdf")).unwrap()
}

/// The page with its placed form changed: `content` edits the form's content stream,
/// `doc` the rest of the file.
fn with_form(pdf: &[u8], content: impl Fn(Vec<u8>) -> Vec<u8>, edit: impl Fn(&mut Document)) -> Vec<u8> {
    let mut doc = Document::load_mem(pdf).unwrap();
    let id = doc
        .objects
        .iter()
        .find(|(_, o)| {
            o.as_stream().is_ok_and(|s| {
                s.dict
                    .get(b"Subtype")
                    .and_then(Object::as_name)
                    .is_ok_and(|n| n == b"Form")
            })
        })
        .map(|(id, _)| *id)
        .expect("the ad placed as a form");
    let stream = doc.get_object_mut(id).unwrap().as_stream_mut().unwrap();
    let data = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    stream.dict.remove(b"Filter");
    stream.set_content(content(data));
    edit(&mut doc);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn px_a_placed_ads_form_is_walked_for_colour_and_fonts() {
    let pdf = ad_page_pdf("pf-form");
    let x1a = Expect::default();
    assert_eq!(check(&pdf, &x1a), Vec::new(), "the page with its ad passes");
    // RGB selected by name inside the ad's own content: nothing in any dictionary says so.
    let rgb = with_form(
        &pdf,
        |c| [b"/DeviceRGB cs 0 0 1 sc 0 0 10 10 re f\n".to_vec(), c].concat(),
        |_| {},
    );
    let found = check(&rgb, &x1a);
    assert!(
        found
            .iter()
            .any(|v| v.rule == "PX-05" && v.message.contains("form /Fm1") && v.message.contains("DeviceRGB")),
        "{found:#?}"
    );
    let rg = with_form(&pdf, |c| [b"0.2 0.4 0.9 rg\n".to_vec(), c].concat(), |_| {});
    assert!(
        check(&rg, &x1a)
            .iter()
            .any(|v| v.rule == "PX-05" && v.message.contains("form /Fm1")),
        "rg inside the ad"
    );
    // The ad's font loses its program: the form that shows text in it is named.
    let unembedded = with_form(
        &pdf,
        |c| c,
        |doc| {
            for (_, o) in doc.objects.iter_mut() {
                if let Ok(d) = o.as_dict_mut()
                    && d.get(b"Type")
                        .and_then(Object::as_name)
                        .is_ok_and(|n| n == b"FontDescriptor")
                {
                    for k in [&b"FontFile"[..], b"FontFile2", b"FontFile3"] {
                        d.remove(k);
                    }
                }
            }
        },
    );
    let found = check(&unembedded, &x1a);
    assert!(
        found.iter().any(|v| v.rule == "PX-04"
            && v.message.contains("form /Fm1")
            && v.message.contains("is not embedded")),
        "{found:#?}"
    );
}
