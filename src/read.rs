//! Reading the files an edition names, bounded and contained: the manifest, the copy, the
//! photos, the plant's profile and the ads all come through [`Access::read`].
//!
//! A build runs unattended on whatever a manifest says, so a file is read only when
//! - it resolves, symlinks followed, inside the edition folder or a folder the manifest
//!   declares (`[assets] dirs`): `copy = "../../etc/passwd"` is refused, not typeset;
//! - it is a regular file: a FIFO would block for ever, `/dev/zero` never ends, and a
//!   directory is a mistake;
//! - its size is within the limit for its kind ([`Limits`], `[limits]` in the manifest),
//!   checked before reading and again while reading (a file may grow), and the buffer is
//!   reserved fallibly, so a huge file is an error, never an out-of-memory abort.

use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One mebibyte.
const MIB: u64 = 1 << 20;
/// Largest manifest read, MiB: a manifest is a page list, never this long.
const MANIFEST_MIB: u64 = 4;

/// What a file is read as: it sets the size limit and the words of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `edition.toml`.
    Manifest,
    /// A page's copy.
    Copy,
    /// A photo's image.
    Image,
    /// The plant's ICC output profile.
    Profile,
    /// An ad's file (PDF or image).
    Ad,
    /// The paper's masthead artwork (PDF or image).
    Artwork,
}

impl FileKind {
    /// The noun used in messages.
    pub fn noun(self) -> &'static str {
        match self {
            FileKind::Manifest => "manifest",
            FileKind::Copy => "copy file",
            FileKind::Image => "image",
            FileKind::Profile => "output profile",
            FileKind::Ad => "ad",
            FileKind::Artwork => "artwork",
        }
    }
}

/// Size limits of the files read (`[limits]` in the manifest; every field optional).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest copy file, MiB (default 16: a whole broadsheet page is under 50 KiB).
    pub copy_mib: u64,
    /// All the copy files of an edition together, MiB (default 64): copy stays in memory
    /// for the diagnostics that quote it.
    pub edition_copy_mib: u64,
    /// Largest image or ad file, MiB (default 200).
    pub image_mib: u64,
    /// Largest output profile, MiB (default 32).
    pub profile_mib: u64,
    /// Most pixels in an image, millions (default 50: a 45-megapixel camera's frame). The
    /// decoded image is held in memory several times over while it is converted to ink.
    pub image_megapixels: u64,
    /// Most pixels of all the images on one page, millions (default 150): a page's pictures
    /// stay in memory, converted, until its PDF is written.
    pub page_megapixels: u64,
    /// Most characters in one page's copy (default 500,000: some fifty broadsheet pages).
    /// Every character is shaped and composed before layout knows what fits.
    pub page_chars: u64,
    /// Most stories in one page's copy (default 300; a page holds a few dozen).
    pub page_stories: u64,
    /// Most pages in an edition (default 200). Each page's PDF stays in memory until the
    /// issue PDF is written.
    pub pages: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            copy_mib: 16,
            edition_copy_mib: 64,
            image_mib: 200,
            profile_mib: 32,
            image_megapixels: 50,
            page_megapixels: 150,
            page_chars: 500_000,
            page_stories: 300,
            pages: 200,
        }
    }
}

impl Limits {
    /// Why the limits cannot be used, if they cannot (the field, and why): each is at
    /// least 1 and at most a figure a 2-core build machine with a few GB can still honour
    /// (two pages are laid out at once; `tests/hostile_input.rs` measures the largest).
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        let fields = [
            ("copy_mib", self.copy_mib, 32),
            ("edition_copy_mib", self.edition_copy_mib, 256),
            ("image_mib", self.image_mib, 2048),
            ("profile_mib", self.profile_mib, 256),
            ("image_megapixels", self.image_megapixels, 250),
            ("page_megapixels", self.page_megapixels, 250),
            ("page_chars", self.page_chars, 1_000_000),
            ("page_stories", self.page_stories, 2000),
            ("pages", self.pages, 400),
        ];
        for (name, value, most) in fields {
            if !(1..=most).contains(&value) {
                return Err((name, format!("{name} is {value}; it must be from 1 to {most}")));
            }
        }
        Ok(())
    }

    /// The largest file of a kind, bytes.
    pub fn bytes(&self, kind: FileKind) -> u64 {
        MIB * match kind {
            FileKind::Manifest => MANIFEST_MIB,
            FileKind::Copy => self.copy_mib,
            FileKind::Image | FileKind::Ad | FileKind::Artwork => self.image_mib,
            FileKind::Profile => self.profile_mib,
        }
    }

    /// Most pixels in a decoded image.
    pub fn image_pixels(&self) -> u64 {
        self.image_megapixels * 1_000_000
    }

    /// The most pixels of all the images on one page.
    pub fn page_pixels(&self) -> u64 {
        self.page_megapixels * 1_000_000
    }
}

/// Why a file was not read: what it was read as, the path as written, and the reason.
/// Messages never quote the file's content.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {} {}: {why}", kind.noun(), path.display())]
pub struct ReadError {
    /// What it was read as.
    pub kind: FileKind,
    /// The path as written (joined to its folder).
    pub path: PathBuf,
    /// The reason.
    pub why: Why,
}

/// The reason a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum Why {
    /// The file does not exist or could not be opened or read.
    #[error("{0}")]
    Io(#[source] std::io::Error),
    /// A FIFO, a device, a socket or a directory.
    #[error("it is {0}, not a regular file")]
    NotRegular(&'static str),
    /// Larger than the limit for its kind.
    #[error("it is {} MiB, above the {} MiB limit", mib(*size), limit / MIB)]
    TooLarge {
        /// Its size, bytes (at least what was read).
        size: u64,
        /// The limit, bytes.
        limit: u64,
    },
    /// It resolves outside the edition folder and every declared folder.
    #[error("it is outside the edition folder")]
    Outside,
    /// The memory for it could not be had.
    #[error("not enough memory for {} MiB", mib(*.0))]
    NoMemory(u64),
}

impl ReadError {
    /// The message without the path, for a diagnostic that names the file already.
    pub fn without_path(&self) -> String {
        format!("cannot read {}: {}", self.kind.noun(), self.why)
    }

    /// What the user can do about it.
    pub fn hint(&self) -> &'static str {
        match self.why {
            Why::Io(_) => "check the path (relative to the file that names it)",
            Why::NotRegular(_) => "name a file, not a folder, pipe or device",
            Why::TooLarge { .. } => "raise the limit in the manifest's [limits] table if the file is right",
            Why::Outside => {
                "move the file into the edition folder, or declare its folder in `[assets] dirs = [\"…\"]`"
            }
            Why::NoMemory(_) => "free memory, or make the file smaller",
        }
    }
}

/// Megabytes with one decimal, for messages.
fn mib(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / MIB as f64)
}

/// Where an edition's files may be read from, and how large they may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// Canonical folders a file must resolve inside (the edition folder first).
    roots: Vec<PathBuf>,
    /// Size limits.
    limits: Limits,
}

impl Access {
    /// Files inside `folder` (the edition folder, or a lone copy file's folder), with the
    /// default limits. A folder that cannot be resolved admits nothing, so every read then
    /// fails with the reason the file itself gives.
    pub fn new(folder: &Path) -> Access {
        Access {
            roots: canonical_folder(folder).into_iter().collect(),
            limits: Limits::default(),
        }
    }

    /// Also admits files inside `dir` (a declared `[assets]` folder). Errors when the folder
    /// does not exist or is not a folder.
    pub fn allow(&mut self, dir: &Path) -> std::io::Result<()> {
        let canonical = std::fs::canonicalize(dir)?;
        if !canonical.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                "not a folder",
            ));
        }
        self.roots.push(canonical);
        Ok(())
    }

    /// Sets the size limits.
    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }

    /// The size limits.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Reads a whole file of a kind, bounded and contained (see the module doc).
    pub fn read(&self, path: &Path, kind: FileKind) -> Result<Vec<u8>, ReadError> {
        self.read_inner(path, kind).map_err(|why| ReadError {
            kind,
            path: path.to_path_buf(),
            why,
        })
    }

    fn read_inner(&self, path: &Path, kind: FileKind) -> Result<Vec<u8>, Why> {
        let canonical = std::fs::canonicalize(path).map_err(Why::Io)?;
        check_regular(&std::fs::metadata(&canonical).map_err(Why::Io)?)?;
        if !self.roots.iter().any(|r| canonical.starts_with(r)) {
            return Err(Why::Outside);
        }
        let file = open_nonblocking(&canonical).map_err(Why::Io)?;
        // Checked again on the open file: the path may have been swapped since.
        let meta = file.metadata().map_err(Why::Io)?;
        check_regular(&meta)?;
        let limit = self.limits.bytes(kind);
        if meta.len() > limit {
            return Err(Why::TooLarge {
                size: meta.len(),
                limit,
            });
        }
        let mut bytes = Vec::new();
        bytes
            .try_reserve_exact(meta.len() as usize)
            .map_err(|_| Why::NoMemory(meta.len()))?;
        file.take(limit + 1).read_to_end(&mut bytes).map_err(Why::Io)?;
        if bytes.len() as u64 > limit {
            return Err(Why::TooLarge {
                size: bytes.len() as u64,
                limit,
            });
        }
        Ok(bytes)
    }
}

/// The canonical form of a folder; `""` (a bare file name's parent) is the current folder.
fn canonical_folder(folder: &Path) -> Option<PathBuf> {
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    std::fs::canonicalize(folder).ok()
}

/// Refuses anything but a regular file, saying what it is.
fn check_regular(meta: &std::fs::Metadata) -> Result<(), Why> {
    let t = meta.file_type();
    if t.is_file() {
        return Ok(());
    }
    Err(Why::NotRegular(if t.is_dir() {
        "a directory"
    } else {
        special_kind(&t)
    }))
}

#[cfg(unix)]
fn special_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "not a file"
}

/// Opens for reading without blocking: should a FIFO be swapped in after the type check,
/// opening it must not wait for a writer (the open file is checked again).
#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("newsprint-read-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        dir
    }

    #[test]
    fn reads_a_file_inside_and_refuses_one_outside() {
        let dir = scratch("contain");
        let inside = dir.join("edition");
        std::fs::create_dir_all(&inside).expect("folder");
        std::fs::write(inside.join("p.md"), "正文").expect("write");
        std::fs::write(dir.join("secret.md"), "秘密").expect("write");
        let access = Access::new(&inside);
        assert_eq!(
            access.read(&inside.join("p.md"), FileKind::Copy).expect("inside"),
            "正文".as_bytes()
        );
        let escape = inside.join("../secret.md");
        assert!(matches!(
            access.read(&escape, FileKind::Copy),
            Err(ReadError {
                why: Why::Outside,
                ..
            })
        ));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("secret.md"), inside.join("link.md")).expect("symlink");
            assert!(matches!(
                access.read(&inside.join("link.md"), FileKind::Copy),
                Err(ReadError {
                    why: Why::Outside,
                    ..
                })
            ));
        }
        let mut declared = access.clone();
        declared.allow(&dir).expect("a folder");
        assert!(declared.read(&escape, FileKind::Copy).is_ok());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn refuses_directories_and_files_over_the_limit() {
        let dir = scratch("size");
        let access = Access::new(&dir);
        let err = access.read(&dir, FileKind::Copy).expect_err("a directory");
        assert!(
            err.to_string().contains("it is a directory, not a regular file"),
            "{err}"
        );
        let big = File::create(dir.join("big.md")).expect("create");
        big.set_len(17 * MIB).expect("sparse file");
        let err = access
            .read(&dir.join("big.md"), FileKind::Copy)
            .expect_err("too large");
        assert!(
            err.to_string().contains("it is 17.0 MiB, above the 16 MiB limit"),
            "{err}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn limits_are_checked() {
        assert_eq!(Limits::default().check(), Ok(()));
        let zero = Limits {
            copy_mib: 0,
            ..Limits::default()
        };
        assert!(zero.check().is_err());
    }
}
