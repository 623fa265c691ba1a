//! Publishing a build all or nothing. A plant's hot folder prints whatever PDF appears in
//! it, so the output folder must only ever hold files a complete, successful build wrote.
//!
//! - [`OutputLock`]: one build at a time per output folder (`.newsprint.lock`, an advisory
//!   lock the kernel drops when its process dies, holding the process id for messages).
//! - [`Staging`]: every file is written into `.newsprint-staging/` inside the output folder
//!   (same file system, so a rename is atomic) and preflighted there; only when the build
//!   succeeds is each file renamed into place, the old issue PDF removed first and the new
//!   one renamed last, so an issue PDF never stands beside pages of another build. A failed
//!   build removes its staging folder and leaves the output folder exactly as it was; a
//!   killed build leaves staging behind, and the next build (holding the lock) clears it.

use newsprint::diag::Diagnostic;
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The lock file's name inside the output folder.
const LOCK_NAME: &str = ".newsprint.lock";
/// The staging folder's name inside the output folder.
const STAGING_NAME: &str = ".newsprint-staging";
/// How long a build waits for another one writing the same folder before it gives up.
const LOCK_WAIT: Duration = Duration::from_secs(5);
/// How often it looks again meanwhile.
const LOCK_POLL: Duration = Duration::from_millis(50);

/// The output folder, locked for this build. Dropping it removes the lock file and, when
/// this build created the folder and left nothing in it, the folder too.
#[derive(Debug)]
pub struct OutputLock {
    dir: PathBuf,
    file: File,
    created_dir: bool,
}

impl OutputLock {
    /// Creates the folder if needed and locks it, waiting up to [`LOCK_WAIT`] for another
    /// build to finish; the error names the other process.
    pub fn acquire(dir: &Path) -> Result<OutputLock, Diagnostic> {
        let created_dir = !dir.exists();
        std::fs::create_dir_all(dir)
            .map_err(|e| Diagnostic::file_error(dir, format!("cannot create output folder: {e}")))?;
        let path = dir.join(LOCK_NAME);
        let started = Instant::now();
        loop {
            let mut file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| Diagnostic::file_error(&path, format!("cannot create lock file: {e}")))?;
            match file.try_lock() {
                Ok(()) => {
                    // The holder before us removes the file as it finishes: a lock on a file
                    // no longer at `path` locks nothing, so open the new one and lock again.
                    if !same_file(&file, &path) {
                        continue;
                    }
                    let _ = file.set_len(0);
                    let _ = writeln!(file, "{}", std::process::id());
                    let _ = file.flush();
                    return Ok(OutputLock {
                        dir: dir.to_path_buf(),
                        file,
                        created_dir,
                    });
                }
                Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(LOCK_POLL);
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = file.rewind();
                    let _ = file.read_to_string(&mut holder);
                    let holder = holder.trim();
                    let who = if holder.is_empty() {
                        "another newsprint process".to_string()
                    } else {
                        format!("another newsprint process (pid {holder})")
                    };
                    return Err(Diagnostic::file_error(
                        dir,
                        format!(
                            "output folder is being written by {who}; waited {} s",
                            LOCK_WAIT.as_secs()
                        ),
                    )
                    .with_hint("let the other build finish, or build into another folder with -o"));
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(Diagnostic::file_error(
                        &path,
                        format!("cannot lock the output folder: {e}"),
                    ));
                }
            }
        }
    }

    /// The locked folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still held, so no other build can have locked this file meanwhile.
        let _ = std::fs::remove_file(self.dir.join(LOCK_NAME));
        let _ = self.file.unlock();
        if self.created_dir {
            // Only succeeds when empty: a failed first build leaves no folder behind.
            let _ = std::fs::remove_dir(&self.dir);
        }
    }
}

/// Whether the open `file` is the one now at `path`.
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}

/// The files of one build, written into the staging folder of a locked output folder.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    /// Final names, in the order they are to be published.
    staged: Vec<String>,
    /// The issue PDF's name, published after them.
    index: Option<String>,
}

impl Staging {
    /// Clears what killed builds left (a staging folder, `.NAME.PID.tmp` files of older
    /// versions) and makes an empty staging folder.
    pub fn begin(lock: &OutputLock) -> Result<Staging, Diagnostic> {
        let out = lock.dir().to_path_buf();
        clear_leftovers(&out);
        let dir = out.join(STAGING_NAME);
        std::fs::create_dir(&dir)
            .map_err(|e| Diagnostic::file_error(&dir, format!("cannot create staging folder: {e}")))?;
        Ok(Staging {
            dir,
            out,
            staged: Vec::new(),
            index: None,
        })
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where a file of this name is published.
    pub fn target(&self, name: &str) -> PathBuf {
        self.out.join(name)
    }

    /// Records a file already written into staging at [`Staging::path`].
    pub fn add(&mut self, name: &str) {
        self.staged.push(name.to_string());
    }

    /// Records the set's index (the issue PDF), written into staging like the others: it
    /// must never stand beside pages of another build (see [`Staging::publish`]).
    pub fn add_index(&mut self, name: &str) {
        self.index = Some(name.to_string());
    }

    /// Moves every staged file into the output folder, in staging order, the index last,
    /// and removes the staging folder. The index's old version goes before any page is
    /// renamed and the new one comes after them all: a build killed in between leaves no
    /// issue PDF (and each page old or new), never one beside pages it does not hold. Each
    /// step reaches the disk before the next, so a power cut keeps that order too.
    pub fn publish(self) -> Result<Vec<PathBuf>, Diagnostic> {
        let sync = || {
            if let Ok(d) = File::open(&self.out) {
                let _ = d.sync_all();
            }
        };
        let mut published = Vec::with_capacity(self.staged.len());
        let rename = |name: &String, published: &mut Vec<PathBuf>| {
            let (from, to) = (self.dir.join(name), self.out.join(name));
            std::fs::rename(&from, &to)
                .map_err(|e| Diagnostic::file_error(&to, format!("cannot publish: {e}")))?;
            published.push(to);
            Ok::<(), Diagnostic>(())
        };
        if let Some(index) = &self.index {
            let old = self.out.join(index);
            match std::fs::remove_file(&old) {
                Ok(()) => sync(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Diagnostic::file_error(&old, format!("cannot replace: {e}"))),
            }
        }
        for name in &self.staged {
            rename(name, &mut published)?;
        }
        if let Some(index) = &self.index {
            sync();
            rename(index, &mut published)?;
        }
        // The renames reach the disk before the build says it is done.
        sync();
        let _ = std::fs::remove_dir_all(&self.dir);
        Ok(published)
    }

    /// Drops everything staged: the output folder is left as it was.
    pub fn discard(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Removes the staging folder and temporary files a killed build left in `out`.
fn clear_leftovers(out: &Path) {
    let _ = std::fs::remove_dir_all(out.join(STAGING_NAME));
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for e in entries.flatten() {
        if super::files::is_temporary(&e.path()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Whether a path is the lock file or inside a staging folder (so `watch` ignores it).
pub fn is_bookkeeping(path: &Path) -> bool {
    path.components().any(|c| {
        let c = c.as_os_str();
        c == STAGING_NAME || c == LOCK_NAME
    })
}
