//! `newsprint watch PATH`: proofs (and PDFs with `--pdf`) rebuilt whenever the copy, the
//! manifest or an image changes. Fonts are opened once; a rebuild reads the copy again and
//! lays out and draws every page (about 0.1 to 0.2 s for a broadsheet page at 72 dpi).

use super::Ui;
use super::files::is_temporary;
use super::pipeline::{self, Plan};
use super::publish::is_bookkeeping;
use newsprint::diag::{Diagnostic, Sources};
use newsprint::proof::ProofOptions;
use newsprint::report::Policy;
use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long to wait for more changes after the first before rebuilding: editors save a
/// file in several writes (temp file, rename, metadata).
const SETTLE: Duration = Duration::from_millis(60);

/// Watches until interrupted; exits 1 only when it cannot start.
pub fn watch(
    ui: &Ui,
    path: &Path,
    fonts: Option<&Path>,
    out: &Path,
    pdf: Option<&Path>,
    dpi: u32,
) -> ExitCode {
    let fail = |d| {
        ui.printer.print(&Sources::new(), &[d]);
        ExitCode::from(1)
    };
    let (files, _) = match pipeline::open_fonts(fonts) {
        Ok(f) => f,
        Err(d) => return fail(d),
    };
    let db = match pipeline::parse_fonts(&files) {
        Ok(db) => db,
        Err(d) => return fail(d),
    };
    let plan = Plan {
        command: "watch",
        pdf_dir: pdf.map(Path::to_path_buf),
        proof_dir: Some(out.to_path_buf()),
        proof: ProofOptions {
            dpi: dpi as f32,
            marks: true,
        },
        policy: Policy::default(),
        issue_pdf: false,
        preflight: false,
        list_files: false,
        progress: false,
        draft: false,
    };
    let rebuild = |why: &str| -> Option<Vec<PathBuf>> {
        let started = Instant::now();
        let report = pipeline::run(path, &db, &plan, &ui.printer);
        if !ui.quiet {
            let t = &report.totals;
            eprintln!(
                "{why}: {} pages, {} errors, {} warnings, {} overflowing; proofs in {} ({} ms)",
                t.pages,
                t.errors,
                t.warnings,
                t.chars_overflowing,
                out.display(),
                started.elapsed().as_millis()
            );
        }
        inputs(path)
    };
    // Our own output must not trigger a rebuild when it lies inside the watched folder.
    // Watching starts before the first build, so that an edit made while it runs is seen.
    let outputs: Vec<&Path> = [Some(out), pdf].into_iter().flatten().collect();
    let changes = match Changes::watch(path, &outputs) {
        Ok(c) => c,
        Err(d) => return fail(d),
    };
    let mut watched = rebuild("built");
    if !ui.quiet {
        eprintln!("watching {} (Ctrl-C to stop)", changes.root.display());
    }
    while let Some(p) = changes.next(watched.as_deref()) {
        let name = p
            .file_name()
            .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
        watched = rebuild(&format!("{name} changed"));
    }
    ExitCode::SUCCESS
}

/// Changes to an edition's files, as they settle: shared by `watch` and `serve`.
pub struct Changes {
    /// The folder watched.
    pub root: PathBuf,
    rx: mpsc::Receiver<notify::Result<notify::Event>>,
    outputs: Vec<PathBuf>,
    // Dropping the watcher ends the events.
    _watcher: notify::RecommendedWatcher,
}

impl Changes {
    /// Starts watching the folder of `path` (the edition folder, or a copy file's folder),
    /// ignoring anything under `outputs`.
    pub fn watch(path: &Path, outputs: &[&Path]) -> Result<Changes, Diagnostic> {
        let (tx, rx) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(tx).map_err(|e| watch_error(path, e))?;
        let (root, mode) = if path.is_dir() {
            (path.to_path_buf(), RecursiveMode::Recursive)
        } else {
            let parent = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            (parent.to_path_buf(), RecursiveMode::NonRecursive)
        };
        let root = std::fs::canonicalize(&root).unwrap_or(root);
        watcher.watch(&root, mode).map_err(|e| watch_error(&root, e))?;
        let outputs = outputs.iter().map(|p| absolute(p)).collect();
        Ok(Changes {
            root,
            rx,
            outputs,
            _watcher: watcher,
        })
    }

    /// Waits for a change to one of `inputs` (any file when they are not known) and for
    /// the writes that come with it to settle; the path changed, or `None` when watching
    /// has ended.
    pub fn next(&self, inputs: Option<&[PathBuf]>) -> Option<PathBuf> {
        loop {
            let first = self.rx.recv().ok()?;
            let mut changed = relevant(&first, &self.outputs, inputs);
            let deadline = Instant::now() + SETTLE;
            while let Ok(more) = self
                .rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                changed = changed.or_else(|| relevant(&more, &self.outputs, inputs));
            }
            if changed.is_some() {
                return changed;
            }
        }
    }
}

/// `path` made absolute the way the watcher reports it (symlinks resolved), also when it
/// does not exist yet: an output folder the first build is still to create.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let base = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (base.parent(), base.file_name()) {
        (Some(parent), Some(name)) => absolute(parent).join(name),
        _ => base,
    }
}

/// The files a build of `path` reads: the manifest, the copy and the photos' images,
/// canonicalised; `None` when the edition cannot be read (then any change may be the fix).
fn inputs(path: &Path) -> Option<Vec<PathBuf>> {
    let job = newsprint::build::read_job(path).ok()?;
    inputs_of(path, &job)
}

/// The files a job read from `path` needs, canonicalised.
pub fn inputs_of(path: &Path, job: &newsprint::build::Job) -> Option<Vec<PathBuf>> {
    let mut files = vec![if path.is_dir() {
        path.join(newsprint::build::MANIFEST)
    } else {
        path.to_path_buf()
    }];
    for (spec, copy) in &job.pages {
        files.push(spec.copy.clone());
        let dir = spec.copy.parent().unwrap_or(Path::new(""));
        for story in &copy.stories {
            for block in &story.blocks {
                if let newsprint::copy::Block::Photo(p) = block
                    && let Some(image) = &p.image
                {
                    files.push(dir.join(image));
                }
            }
        }
    }
    // A file that does not exist yet (an image still to come) is kept by its name.
    Some(
        files
            .into_iter()
            .map(|f| std::fs::canonicalize(&f).unwrap_or(f))
            .collect(),
    )
}

/// The changed path an event is about, unless it is noise: reads, our temporary files,
/// files in the output folders, or (when the inputs are known) files the build does not
/// read, such as another tool's output in the same folder.
fn relevant(
    event: &notify::Result<notify::Event>,
    outputs: &[PathBuf],
    inputs: Option<&[PathBuf]>,
) -> Option<PathBuf> {
    let event = event.as_ref().ok()?;
    if matches!(event.kind, EventKind::Access(_) | EventKind::Other) {
        return None;
    }
    event
        .paths
        .iter()
        .find(|p| {
            let p = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
            !is_temporary(&p)
                && !is_bookkeeping(&p)
                && !outputs.iter().any(|o| p.starts_with(o))
                && inputs.is_none_or(|i| i.contains(&p) || is_renamed_copy(&p, i))
        })
        .cloned()
}

fn watch_error(path: &Path, e: notify::Error) -> Diagnostic {
    Diagnostic::file_error(path, format!("cannot watch for changes: {e}"))
}

/// Editors that save by writing a new file and renaming it over the old one may report the
/// new name first; a file beside an input whose name holds the input's name counts as it.
fn is_renamed_copy(p: &Path, inputs: &[PathBuf]) -> bool {
    let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    inputs.iter().any(|i| {
        i.parent() == p.parent()
            && i.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| name.contains(n))
    })
}
