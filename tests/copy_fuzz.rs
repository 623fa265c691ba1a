//! Issue 6, point 8: no copy makes the reader panic. Property tests feed it arbitrary text
//! and text built from the pieces copy is made of (markers, brackets, image lines, blank
//! lines, BOMs, CR), bounded in cases and time so the suite stays quick.

use newsprint::copy::read_page;
use newsprint::diag::FileId;
use proptest::prelude::*;

/// Pieces that steer the reader into every branch.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# ".to_string()),
        Just("## ".to_string()),
        Just("◎".to_string()),
        Just("□本报记者 ".to_string()),
        Just("●".to_string()),
        Just("■".to_string()),
        Just("（".to_string()),
        Just("）".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("![](".to_string()),
        Just("![](<a b.jpg>)".to_string()),
        Just("张鑫 摄".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("\u{FEFF}".to_string()),
        Just("\t".to_string()),
        Just(" ".to_string()),
        Just("　".to_string()),
        Just(",".to_string()),
        Just("...".to_string()),
        Just("--".to_string()),
        Just("\"".to_string()),
        Just("。".to_string()),
        Just("https://example.com/".to_string()),
        "[\u{4E00}-\u{4E80}]{1,12}",
        "[a-zA-Z0-9]{1,8}",
        "[Ａ-Ｚ０-９]{1,3}",
        any::<char>().prop_map(String::from),
    ]
}

fn copy_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..80).prop_map(|v| v.concat())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 400,
        // A case that takes this long is a failure too: the reader must stay linear-ish.
        timeout: 2_000,
        max_shrink_time: 10_000,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_reader_never_panics_on_copy_like_text(text in copy_text()) {
        if let Ok(page) = read_page(FileId(0), &text) {
            // Every span it hands on lies inside the text, on character boundaries.
            for r in &page.repairs {
                prop_assert!(r.span.end as usize <= text.len());
                prop_assert!(text.is_char_boundary(r.span.start as usize));
            }
            for s in &page.stories {
                prop_assert!(s.span.end as usize <= text.len());
            }
        }
    }

    #[test]
    fn the_reader_never_panics_on_any_text(text in any::<String>()) {
        let _ = read_page(FileId(0), &text);
    }
}

/// Reading and laying out generated copy never panics either (fewer cases: a layout costs
/// milliseconds, not microseconds).
#[test]
fn laying_out_copy_like_text_never_panics() {
    use newsprint::build::{Job, lay_out_page};
    use newsprint::copy::Edition;
    use newsprint::diag::{Source, Sources};
    use newsprint::shape::{FontDb, FontFiles};
    use proptest::test_runner::TestRunner;

    let files = FontFiles::open(&FontFiles::default_dir()).expect("the fonts");
    let db = FontDb::new(&files).expect("the fonts parse");
    let mut runner = TestRunner::new(ProptestConfig {
        cases: 48,
        ..ProptestConfig::default()
    });
    runner
        .run(&copy_text(), |text| {
            let mut sources = Sources::new();
            let file = sources.add(Source::new("fuzz.md", text.clone()));
            let Ok(page) = read_page(file, &text) else {
                return Ok(());
            };
            if page.stories.is_empty() {
                return Ok(());
            }
            let edition = Edition::single(std::path::Path::new("fuzz.md"));
            let spec = edition.pages[0].clone();
            let job = Job {
                sources,
                edition,
                pages: vec![(spec, page)],
                profile: None,
                jumps: Vec::new(),
            };
            // An error (a glyph no font has) is fine; a panic is not.
            let _ = lay_out_page(&job, 0, &db);
            LAID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(())
        })
        .unwrap();
    // Most generated pages reach layout, or the test proves little.
    let laid = LAID.load(std::sync::atomic::Ordering::Relaxed);
    assert!(laid >= 24, "only {laid} of 48 cases were laid out");
}

static LAID: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
