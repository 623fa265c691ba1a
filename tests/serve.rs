//! `newsprint serve` (issue 12), over HTTP: its routes, its live updates by server-sent
//! events (only the pages touched laid out again), a broken manifest shown to the browser,
//! and SIGTERM.

mod common;

use common::serve::Server;
use common::{newsprint, root, scratch, write};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a change may take to reach an event stream (the machine is shared; the issue
/// asks for well under a second on a one-page change, which the browser test shows).
const UPDATE: Duration = Duration::from_secs(60);

fn get(url: &str) -> (u16, String, Vec<u8>) {
    match ureq::get(url).call() {
        Ok(r) => {
            let status = r.status();
            let kind = r.content_type().to_string();
            let mut body = Vec::new();
            r.into_reader().read_to_end(&mut body).unwrap();
            (status, kind, body)
        }
        Err(ureq::Error::Status(code, r)) => (code, r.content_type().to_string(), Vec::new()),
        Err(e) => panic!("{url}: {e}"),
    }
}

fn get_json(url: &str) -> Value {
    let (status, kind, body) = get(url);
    assert_eq!((status, kind.as_str()), (200, "application/json"), "{url}");
    serde_json::from_slice(&body).unwrap()
}

/// A copy of the sample edition with a second page, so that a change to one page can be
/// seen to leave the other alone.
fn two_page_edition(name: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::copy(
        root().join("issues/sample/seed-page.md"),
        dir.join("seed-page.md"),
    )
    .unwrap();
    let manifest = std::fs::read_to_string(root().join("issues/sample/edition.toml")).unwrap();
    write(
        &dir.join("edition.toml"),
        format!("{manifest}\n[[page]]\nnumber = 6\nsection = \"要闻\"\ncopy = \"six.md\"\n"),
    );
    write(&dir.join("six.md"), "# 第六版的稿件\n\n一段正文，内容很短。\n");
    dir
}

/// An open `/events` stream.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(server: &Server) -> Events {
        let addr = server.base.trim_start_matches("http://");
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(UPDATE)).unwrap();
        write!(
            s,
            "GET /events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(s);
        let mut head = String::new();
        while reader.read_line(&mut head).unwrap() > 2 {
            if head.ends_with("\r\n\r\n") {
                break;
            }
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(
            head.to_lowercase().contains("content-type: text/event-stream"),
            "{head}"
        );
        Events { reader }
    }

    /// The data of the next `update` event.
    fn next_update(&mut self) -> u64 {
        let mut event = String::new();
        // Keep-alive comments reset the socket's timeout, so the wait has its own deadline.
        let deadline = std::time::Instant::now() + UPDATE;
        loop {
            assert!(
                std::time::Instant::now() < deadline,
                "no update within {UPDATE:?}"
            );
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("an event in time");
            assert!(n > 0, "the stream stays open");
            if let Some(name) = line.strip_prefix("event:") {
                event = name.trim().to_string();
            } else if let Some(data) = line.strip_prefix("data:")
                && event == "update"
            {
                return data.trim().parse().unwrap();
            }
        }
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} in {}", path.display());
    write(path, text.replacen(from, to, 1));
}

#[test]
fn serve_answers_its_routes_from_the_one_report() {
    let dir = scratch("serve-routes");
    let pdf = dir.join("pdf");
    let mut server = Server::start(Path::new("issues/sample"), &["--pdf", pdf.to_str().unwrap()]);

    // The page: Chinese, everything from the binary (no address elsewhere), live by SSE.
    let (status, kind, body) = get(&server.url("/"));
    assert_eq!((status, kind.as_str()), (200, "text/html"));
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains("<html lang=\"zh\">") && html.contains("校样"));
    assert!(html.contains("new EventSource(\"/events\")"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "nothing from a CDN"
    );

    // The edition: the sample page, its stories by headline, its problems ranked, its
    // repairs grouped by paragraph.
    let view = get_json(&server.url("/api/edition"));
    assert_eq!(view["title"], "草原日报 2022-07-20 第8123期");
    let page = &view["pages"][0];
    assert_eq!(page["number"], 5);
    let titles: Vec<&str> = page["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 9);
    assert!(titles.contains(&"“红色动能”激发“新”活力"), "{titles:?}");
    for s in page["stories"].as_array().unwrap() {
        let r = s["rect"].as_array().expect("each story is found on the page");
        assert!(
            r[2].as_f64().unwrap() > 50.0 && r[3].as_f64().unwrap() > 10.0,
            "{s}"
        );
    }
    let problems = page["problems"].as_array().unwrap();
    let missing: Vec<&Value> = problems.iter().filter(|p| p["kind"] == "missing").collect();
    assert!(!missing.is_empty(), "the sample's photos have no image");
    for p in &missing {
        assert!(p["message"].as_str().unwrap().contains("has no image file"));
        assert!(p["rect"].is_array(), "a missing photo is marked on the page: {p}");
        let x = &p["excerpt"];
        let line = p["at"]["line"].as_u64().unwrap();
        assert_eq!(x["line"], line);
        assert!(
            x["lines"].as_array().unwrap().len() >= 3,
            "its copy line with context"
        );
    }
    assert!(
        problems.iter().all(|p| p["kind"] != "repair"),
        "repairs are folded away"
    );
    let ranks: Vec<u8> = problems
        .iter()
        .map(|p| u8::from(p["severity"] == "warning"))
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "errors first");
    let repairs = page["repairs"].as_array().unwrap();
    let repaired: u64 = repairs.iter().map(|g| g["count"].as_u64().unwrap()).sum();
    assert_eq!(repaired, view["totals"]["repairs"].as_u64().unwrap());
    assert!(
        repairs.len() * 3 < repaired as usize,
        "{} groups of {repaired}",
        repairs.len()
    );
    assert!(
        repairs.iter().all(|g| g["rect"].is_array()),
        "each repaired paragraph is found"
    );

    // The report is the one `check --json` prints: the same pages, figures and problems.
    let report = get_json(&server.url("/api/report"));
    let o = newsprint(&["check", "issues/sample", "--json", "-q"]);
    let check: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["schema"], "newsprint-report");
    assert_eq!(report["pages"], check["pages"], "serve and check say the same");
    assert_eq!(report["totals"], check["totals"]);
    assert_eq!(page["figures"]["chars_set"], check["pages"][0]["chars_set"]);

    // The page's picture, by our own renderer, as wide as asked.
    let (status, kind, png) = get(&server.url("/page/5.png?w=1000"));
    assert_eq!((status, kind.as_str()), (200, "image/png"));
    let picture = image::load_from_memory(&png).unwrap();
    assert!((950..=1050).contains(&picture.width()), "{}", picture.width());
    assert_eq!(get(&server.url("/page/9.png")).0, 404);

    // PDFs: linked once `build` has written them, and only the edition's.
    assert!(page["pdf"].is_null(), "no PDF before a build");
    assert_eq!(get(&server.url("/pdf/cyrb-20220720-05.pdf")).0, 404);
    let o = newsprint(&["build", "issues/sample", "-o", pdf.to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(0));
    let view = get_json(&server.url("/api/edition"));
    assert_eq!(view["pages"][0]["pdf"], "/pdf/cyrb-20220720-05.pdf");
    let (status, kind, body) = get(&server.url("/pdf/cyrb-20220720-05.pdf"));
    assert_eq!((status, kind.as_str()), (200, "application/pdf"));
    assert!(body.starts_with(b"%PDF-"));
    assert_eq!(get(&server.url("/pdf/..%2FCargo.toml")).0, 404);
    assert_eq!(get(&server.url("/nothing")).0, 404);

    // SIGTERM stops it at once.
    let status = server.terminate(Duration::from_secs(10));
    assert!(status.is_some(), "serve stops on SIGTERM");
}

#[test]
fn serve_follows_edits_page_by_page_and_shows_a_broken_manifest() {
    let dir = two_page_edition("serve-live");
    let server = Server::start(&dir, &[]);
    let mut events = Events::open(&server);
    let first = events.next_update();
    let view = get_json(&server.url("/api/edition"));
    assert_eq!(view["version"], first);
    assert_eq!(view["pages"].as_array().unwrap().len(), 2);
    let key5 = view["pages"][0]["key"].clone();

    // A change to page 6's copy lays out page 6 only; page 5 keeps its picture.
    edit(&dir.join("six.md"), "第六版的稿件", "第六版改过的稿件");
    let second = events.next_update();
    assert!(second > first);
    let view = get_json(&server.url("/api/edition"));
    assert_eq!(view["version"], second);
    assert_eq!(view["relaid"], serde_json::json!([6]), "only the page changed");
    assert_eq!(view["pages"][0]["key"], key5);
    assert_eq!(view["pages"][1]["stories"][0]["title"], "第六版改过的稿件");

    // A broken manifest is shown to the browser, not only in the terminal.
    write(&dir.join("edition.toml"), "[paper\nname = \n");
    let third = events.next_update();
    let view = get_json(&server.url("/api/edition"));
    assert_eq!(view["version"], third);
    assert_eq!(view["status"], "error");
    let errors = view["errors"].as_array().unwrap();
    assert!(!errors.is_empty());
    assert!(
        errors[0]["rendered"]
            .as_str()
            .unwrap()
            .contains("edition.toml:1:"),
        "{errors:?}"
    );
    assert!(errors[0]["excerpt"]["lines"].is_array(), "with its line");
}
