//! What `serve` answers:
//! - `/` the editors' page (built into the binary: no CDN, works offline);
//! - `/api/edition` the pages, stories and problems as the page shows them;
//! - `/api/report` the JSON report (docs/report-schema.md), as `check --json` prints it;
//! - `/page/N.png?w=PX` page N drawn by our proof renderer about PX pixels wide;
//! - `/pdf/NAME` a PDF that `build` wrote for a page of the edition;
//! - `/events` server-sent events: `update` with the new version after each rebuild.

use super::Shared;
use newsprint::proof::{self, ProofOptions};
use newsprint::shape::FontDb;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// The editors' page.
const APP: &str = include_str!("app.html");
/// Resolutions a page picture may be drawn at: below, nothing reads; above, the picture
/// only grows.
const DPI_RANGE: (f32, f32) = (30.0, 300.0);
/// Picture widths are rounded up to a multiple of this, so that nearby window sizes share
/// one drawing.
const WIDTH_STEP: u32 = 100;
/// How often an idle event stream sends a comment, so that a closed tab is noticed.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// Answers one request.
pub fn handle(request: Request, shared: &Shared, db: &FontDb) {
    if request.method() != &Method::Get && request.method() != &Method::Head {
        let _ = request.respond(text(405, "only GET"));
        return;
    }
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let response = match path {
        "/" | "/index.html" => bytes(200, "text/html; charset=utf-8", APP.as_bytes().to_vec()),
        "/api/edition" => json(&shared.current().view.with_pdfs(&shared.pdf_dir)),
        "/api/report" => json(&shared.current().report),
        "/events" => return events(request, shared),
        _ => {
            if let Some(n) = path.strip_prefix("/page/").and_then(|p| p.strip_suffix(".png")) {
                picture(shared, db, n, query)
            } else if let Some(name) = path.strip_prefix("/pdf/") {
                pdf(shared, name)
            } else {
                text(404, "not found")
            }
        }
    };
    let _ = request.respond(response);
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

fn bytes(status: u16, content_type: &str, body: Vec<u8>) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    bytes(status, "text/plain; charset=utf-8", body.as_bytes().to_vec())
}

fn json<T: serde::Serialize>(value: &T) -> Response<std::io::Cursor<Vec<u8>>> {
    match serde_json::to_vec(value) {
        Ok(body) => bytes(200, "application/json", body),
        Err(e) => text(500, &e.to_string()),
    }
}

/// A query parameter's value.
fn param<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A page's picture, about `w` pixels wide, with its problems marked.
fn picture(shared: &Shared, db: &FontDb, number: &str, query: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let snapshot = shared.current();
    let Some(page) = number
        .parse::<u32>()
        .ok()
        .and_then(|n| snapshot.pages.iter().find(|p| p.laid.page.number == n))
    else {
        return text(404, "no such page");
    };
    let want = param(query, "w")
        .and_then(|w| w.parse::<u32>().ok())
        .unwrap_or(1200);
    let width = want.div_ceil(WIDTH_STEP).max(1) * WIDTH_STEP;
    let inches = page.laid.page.media.w.0 as f32 / 72.0;
    let dpi = (width as f32 / inches).clamp(DPI_RANGE.0, DPI_RANGE.1).round();
    let key = (page.key, dpi as u32);
    if let Some(png) = shared.cached(key) {
        return bytes(200, "image/png", png.as_ref().clone());
    }
    let options = ProofOptions { dpi, marks: true };
    match proof::render(&page.laid.page, db, &page.highlights, &options).and_then(|p| proof::encode_png(&p)) {
        Ok(png) => {
            let png = Arc::new(png);
            shared.cache(key, png.clone());
            bytes(200, "image/png", png.as_ref().clone())
        }
        Err(e) => text(500, &e.to_string()),
    }
}

/// A PDF `build` wrote for a page of the edition; nothing else of the folder is served.
fn pdf(shared: &Shared, name: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let snapshot = shared.current();
    if !snapshot.report.pages.iter().any(|p| p.pdf == name) {
        return text(404, "not a page of this edition");
    }
    match std::fs::read(shared.pdf_dir.join(name)) {
        Ok(body) => bytes(200, "application/pdf", body),
        Err(_) => text(404, "no PDF: run newsprint build"),
    }
}

/// Holds the request open and sends `update` with the version after every rebuild.
fn events(request: Request, shared: &Shared) {
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                Connection: keep-alive\r\n\r\n";
    let (lock, cv) = &shared.changed;
    let mut seen = match lock.lock() {
        Ok(v) => *v,
        Err(_) => return,
    };
    if write!(out, "{head}retry: 500\nevent: update\ndata: {seen}\n\n")
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    loop {
        let Ok(guard) = lock.lock() else { return };
        let Ok((guard, _)) = cv.wait_timeout_while(guard, KEEPALIVE, |v| *v == seen) else {
            return;
        };
        let now = *guard;
        drop(guard);
        let sent = if now == seen {
            out.write_all(b": still here\n\n")
        } else {
            seen = now;
            write!(out, "event: update\ndata: {now}\n\n")
        };
        if sent.and_then(|()| out.flush()).is_err() {
            return;
        }
    }
}
