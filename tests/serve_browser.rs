//! `newsprint serve` in a real browser (issue 12): Debian's chromium, headless, driven over
//! the DevTools protocol. The page shows the sample page's picture and its stories by
//! headline; a click on a problem marks it and shows its copy line; an edit of the copy's
//! headline on disk appears in the open page without a reload.
//!
//! `.ci/run` installs chromium. Set NEWSPRINT_SCREENSHOT=docs/serve.png to keep the
//! screenshot the README shows.

mod common;

use common::serve::Server;
use common::{root, scratch, write};
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions, Tab};
use std::ffi::OsStr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
/// Generous: a shared machine, a cold browser.
const WAIT: Duration = Duration::from_secs(90);
const HEADLINE: &str = "“红色动能”激发“新”活力";
const EDITED: &str = "“红色动能”激发“新”活力 改稿";

/// Evaluates a JavaScript expression until it is true, or fails after [`WAIT`].
fn wait_until(tab: &Tab, what: &str, js: &str) {
    let started = Instant::now();
    loop {
        let v = tab.evaluate(js, false).ok().and_then(|r| r.value);
        if v == Some(serde_json::Value::Bool(true)) {
            return;
        }
        assert!(started.elapsed() < WAIT, "waited {WAIT:?} for {what}: {js}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The value of a JavaScript expression, passed as JSON (DevTools gives arrays by
/// reference otherwise).
fn value(tab: &Tab, js: &str) -> serde_json::Value {
    let json = tab
        .evaluate(&format!("JSON.stringify({js})"), false)
        .unwrap_or_else(|e| panic!("{js}: {e}"))
        .value
        .unwrap_or_default();
    serde_json::from_str(json.as_str().unwrap_or("null")).unwrap_or_default()
}

#[test]
fn the_sample_in_chromium_follows_an_edit_live() {
    assert!(
        std::path::Path::new(CHROMIUM).exists(),
        "this test needs Debian's chromium (apt-get install chromium; .ci/run does)"
    );
    let dir = scratch("serve-browser");
    let edition = dir.join("sample");
    std::fs::create_dir_all(&edition).unwrap();
    for f in ["edition.toml", "seed-page.md"] {
        std::fs::copy(root().join("issues/sample").join(f), edition.join(f)).unwrap();
    }
    let server = Server::start(&edition, &[]);
    let profile = dir.join("chromium-profile");
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let browser = Browser::new(LaunchOptions {
        headless: true,
        sandbox: false,
        enable_gpu: false,
        path: Some(PathBuf::from(CHROMIUM)),
        user_data_dir: Some(profile),
        window_size: Some((1400, 1000)),
        idle_browser_timeout: Duration::from_secs(300),
        args,
        ..LaunchOptions::default()
    })
    .expect("chromium starts");
    let tab = browser.new_tab().expect("a tab");
    tab.set_default_timeout(WAIT);
    tab.navigate_to(&server.url("/")).unwrap();
    tab.wait_until_navigated().unwrap();

    // The page's picture, at a size that reads, and its stories by headline.
    wait_until(
        &tab,
        "the page picture",
        "(() => { const i = document.querySelector('section.page .sheet img'); \
         return !!i && i.complete && i.naturalWidth > 0; })()",
    );
    let width = value(
        &tab,
        "document.querySelector('section.page .sheet img').getBoundingClientRect().width",
    );
    assert!(
        width.as_f64().unwrap() > 200.0,
        "the page picture is {width} px wide"
    );
    let titles = value(
        &tab,
        "[...document.querySelectorAll('td.title')].map(e => e.textContent)",
    );
    let titles: Vec<&str> = titles
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t.as_str())
        .collect();
    assert_eq!(titles.len(), 9, "{titles:?}");
    assert!(titles.contains(&HEADLINE), "{titles:?}");

    // The problems: the photos without an image, listed; a click marks one on the page and
    // shows its copy line.
    let problems = value(
        &tab,
        "[...document.querySelectorAll('ol.problems li')].map(e => e.textContent)",
    );
    let problems: Vec<&str> = problems
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t.as_str())
        .collect();
    assert!(
        problems.iter().any(|p| p.contains("has no image file")),
        "{problems:?}"
    );
    let summary = value(
        &tab,
        "document.querySelector('details.repairs summary').textContent",
    );
    assert!(
        summary.as_str().unwrap().contains("校对修复"),
        "repairs folded: {summary}"
    );
    tab.evaluate(
        "[...document.querySelectorAll('ol.problems li')].find(e => e.textContent.includes('has no image file')).click()",
        false,
    )
    .unwrap();
    wait_until(&tab, "the mark", "!!document.querySelector('.sheet .spot')");
    let excerpt = value(&tab, "document.querySelector('pre.excerpt b').textContent");
    assert!(
        excerpt.as_str().unwrap().contains("##"),
        "the photo's copy line: {excerpt}"
    );

    // Keep a screenshot of what the editor sees.
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    write(&dir.join("serve.png"), &png);
    if let Some(keep) = std::env::var_os("NEWSPRINT_SCREENSHOT") {
        std::fs::write(root().join(keep), &png).unwrap();
    }

    // Edit the headline on disk: the open page shows it, without a reload.
    tab.evaluate("window.notReloaded = true", false).unwrap();
    let copy = edition.join("seed-page.md");
    let text = std::fs::read_to_string(&copy).unwrap();
    assert!(text.contains(HEADLINE));
    write(&copy, text.replacen(HEADLINE, EDITED, 1));
    wait_until(
        &tab,
        "the edited headline",
        &format!(
            "[...document.querySelectorAll('td.title')].some(e => e.textContent === {})",
            serde_json::to_string(EDITED).unwrap()
        ),
    );
    assert_eq!(
        value(&tab, "window.notReloaded === true"),
        serde_json::Value::Bool(true)
    );
}
