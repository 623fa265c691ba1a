//! `newsprint serve PATH`: the editors' live proof in the browser. A local web server
//! (tiny_http, bound to 127.0.0.1 unless `--host` says otherwise) shows every page as a
//! picture drawn by our own proof renderer, its stories and its problems ranked, and keeps
//! them current: copy, manifest and image changes are picked up as `watch` does, only the
//! pages they touch are laid out again, and the open page is told over server-sent events.
//! Everything it serves is built into the binary.
//!
//! Threads: one accepts requests and hands each to a thread of its own (an event stream
//! stays open as long as its browser tab); one waits for file changes and rebuilds. They
//! share the current [`state::Snapshot`] behind a lock, swapped whole on each rebuild.

mod routes;
mod state;

use crate::cli::Ui;
use crate::cli::pipeline;
use newsprint::diag::{Diagnostic, Sources};
use newsprint::shape::FontDb;
use state::Snapshot;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex, RwLock};

/// What `serve` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The edition folder or copy file.
    pub path: PathBuf,
    /// The fonts folder, when not the default.
    pub fonts: Option<PathBuf>,
    /// The address to listen on.
    pub host: String,
    /// The port (0: any free one).
    pub port: u16,
    /// Where `build` writes the PDFs, to link them.
    pub pdf_dir: PathBuf,
}

/// The state the threads share.
pub struct Shared {
    /// The edition as last built.
    pub snapshot: RwLock<Arc<Snapshot>>,
    /// Wakes the event streams when the version changes.
    pub changed: (Mutex<u64>, Condvar),
    /// See [`Options::pdf_dir`].
    pub pdf_dir: PathBuf,
    /// The last pictures drawn, by page key and resolution.
    pictures: Mutex<Vec<(PictureKey, Arc<Vec<u8>>)>>,
}

/// A page picture drawn: the page's key and the resolution.
type PictureKey = (u64, u32);

/// Pictures kept: a few pages at a few zooms.
const PICTURES_KEPT: usize = 12;

impl Shared {
    /// The current snapshot.
    pub fn current(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .map_or_else(|e| e.into_inner().clone(), |s| s.clone())
    }

    /// A picture drawn before.
    pub fn cached(&self, key: PictureKey) -> Option<Arc<Vec<u8>>> {
        let kept = self.pictures.lock().ok()?;
        kept.iter().find(|(k, _)| *k == key).map(|(_, p)| p.clone())
    }

    /// Keeps a picture, forgetting the oldest beyond [`PICTURES_KEPT`].
    pub fn cache(&self, key: PictureKey, png: Arc<Vec<u8>>) {
        if let Ok(mut kept) = self.pictures.lock() {
            kept.retain(|(k, _)| *k != key);
            kept.push((key, png));
            let over = kept.len().saturating_sub(PICTURES_KEPT);
            kept.drain(..over);
        }
    }

    fn publish(&self, next: Snapshot) {
        let version = next.version;
        match self.snapshot.write() {
            Ok(mut s) => *s = Arc::new(next),
            Err(e) => *e.into_inner() = Arc::new(next),
        }
        let (lock, cv) = &self.changed;
        if let Ok(mut v) = lock.lock() {
            *v = version;
        }
        cv.notify_all();
    }
}

/// Serves until the process is stopped (Ctrl-C or SIGTERM end it at once: no state is
/// kept that would need saving); exits 1 when it cannot start.
pub fn serve(ui: &Ui, opts: &Options) -> ExitCode {
    let fail = |d: Diagnostic| {
        ui.printer.print(&Sources::new(), &[d]);
        ExitCode::from(1)
    };
    let (files, _) = match pipeline::open_fonts(opts.fonts.as_deref()) {
        Ok(f) => f,
        Err(d) => return fail(d),
    };
    let db = match pipeline::parse_fonts(&files) {
        Ok(db) => db,
        Err(d) => return fail(d),
    };
    let addr = format!("{}:{}", opts.host, opts.port);
    let server = match tiny_http::Server::http(&addr) {
        Ok(s) => s,
        Err(e) => {
            return fail(Diagnostic::file_error(
                Path::new(&addr),
                format!("cannot listen: {e}"),
            ));
        }
    };
    // Watching starts before the first build, so that an edit made while it runs is seen.
    let changes = match crate::cli::watch::Changes::watch(&opts.path, &[]) {
        Ok(c) => c,
        Err(d) => return fail(d),
    };
    let first = state::rebuild(&opts.path, &db, None);
    report(ui, &first);
    let shared = Shared {
        changed: (Mutex::new(first.version), Condvar::new()),
        snapshot: RwLock::new(Arc::new(first)),
        pdf_dir: opts.pdf_dir.clone(),
        pictures: Mutex::new(Vec::new()),
    };
    let url = match server.server_addr().to_ip() {
        Some(a) => format!("http://{a}/"),
        None => format!("http://{addr}/"),
    };
    // The address goes to stdout, alone on its line, for scripts and tests.
    println!("{url}");
    if !ui.quiet {
        eprintln!("serving {} at {url} (Ctrl-C to stop)", opts.path.display());
    }
    std::thread::scope(|scope| {
        let shared = &shared;
        let db = &db;
        scope.spawn(move || {
            follow_changes(ui, opts, &changes, db, shared);
        });
        for request in server.incoming_requests() {
            scope.spawn(move || routes::handle(request, shared, db));
        }
    });
    ExitCode::SUCCESS
}

/// Rebuilds whenever an input of the edition changes, as `watch` does.
fn follow_changes(
    ui: &Ui,
    opts: &Options,
    changes: &crate::cli::watch::Changes,
    db: &FontDb,
    shared: &Shared,
) {
    loop {
        let inputs = shared.current().inputs.clone();
        let Some(changed) = changes.next(inputs.as_deref()) else {
            return;
        };
        let previous = shared.current();
        let next = state::rebuild(&opts.path, db, Some(&previous));
        if !ui.quiet {
            let name = changed.file_name().map_or_else(
                || changed.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            eprint!("{name} changed: ");
        }
        report(ui, &next);
        shared.publish(next);
    }
}

fn report(ui: &Ui, s: &Snapshot) {
    if ui.quiet {
        return;
    }
    let t = &s.report.totals;
    eprintln!(
        "{} pages ({} laid out afresh), {} errors, {} warnings, {} overflowing ({} ms)",
        t.pages,
        s.view.relaid.len(),
        t.errors,
        t.warnings,
        t.chars_overflowing,
        s.view.build_ms.round()
    );
}
