//! Helpers shared by the integration tests: run the real binary, make scratch folders, call
//! the PDF tools a printer would use.

#![allow(dead_code)]

pub mod serve;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("newsprint-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// Runs `newsprint` with arguments, from the repository root.
pub fn newsprint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsprint"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("runs newsprint")
}

/// Runs an external tool and returns its stdout; panics with its stderr when it fails.
pub fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed for this test (install poppler-utils/qpdf): {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whether a character is a Han ideograph (URO or extension A).
pub fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// Writes a file, creating folders.
pub fn write(path: &Path, text: impl AsRef<[u8]>) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).expect("folder");
    }
    std::fs::write(path, text).expect("write");
}

/// Runs `newsprint build INPUT -o OUT` with more arguments.
pub fn build_to(input: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        input.to_str().expect("utf-8 path"),
        "-o",
        out.to_str().expect("utf-8 path"),
    ];
    args.extend_from_slice(extra);
    newsprint(&args)
}

/// A copy of the sample edition in a scratch folder, with `more` appended to its manifest.
pub fn sample_with(name: &str, more: &str) -> PathBuf {
    let dir = scratch(name);
    for f in ["edition.toml", "seed-page.md"] {
        std::fs::copy(root().join("issues/sample").join(f), dir.join(f)).expect("copy the sample");
    }
    let manifest = std::fs::read_to_string(dir.join("edition.toml")).expect("manifest");
    write(&dir.join("edition.toml"), format!("{manifest}\n{more}"));
    dir
}
