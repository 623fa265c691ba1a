//! Helpers shared by the integration tests: run the real binary, make scratch folders, call
//! the PDF tools a printer would use.

#![allow(dead_code)]

pub mod pdf;
pub mod serve;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty scratch folder for one test. A failing test's folder stays to be looked
/// at; the folders of test processes that have ended are swept first.
pub fn scratch(name: &str) -> PathBuf {
    sweep_ended();
    let dir = std::env::temp_dir().join(format!("newsprint-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// Removes, once per test process, the scratch folders of test processes that have ended:
/// nothing else removes them, and on a machine that runs the suite all day they filled the
/// disk (30,000 folders). Only where `/proc` says which processes live.
fn sweep_ended() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if !Path::new("/proc/self").exists() {
            return;
        }
        let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let pid = name
                .to_str()
                .and_then(|n| n.strip_prefix("newsprint-test-"))
                .and_then(|rest| rest.split('-').next())
                .and_then(|p| p.parse::<u32>().ok());
            if let Some(pid) = pid
                && pid != std::process::id()
                && !Path::new(&format!("/proc/{pid}")).exists()
            {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    });
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

/// Address space a build may use, KiB (`ulimit -v`): 4 GB.
pub const ADDRESS_SPACE_KIB: u64 = 4 * 1024 * 1024;
/// Long enough for a loaded 2-core machine; a hang is what it catches.
pub const TIMEOUT: Duration = Duration::from_secs(180);

/// Runs `newsprint ARGS` under the address-space limit; panics on a timeout.
pub fn run_limited(args: &[&str]) -> Output {
    let mut script = format!("ulimit -v {ADDRESS_SPACE_KIB} && exec \"$0\"");
    for i in 1..=args.len() {
        script.push_str(&format!(" \"${i}\""));
    }
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_newsprint"))
        .args(args)
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs newsprint");
    // Drain both pipes while it runs: a build with many warnings fills a pipe's buffer, and
    // a child blocked on a full pipe would look like a hang.
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            let err = stderr.join().expect("stderr");
            panic!(
                "newsprint {args:?} still running after {TIMEOUT:?}: {}",
                String::from_utf8_lossy(&err)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().expect("stdout"),
        stderr: stderr.join().expect("stderr"),
    }
}

/// Every entry of a folder, dotfiles and subfolders included, by name → bytes (a folder's
/// bytes are empty).
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let bytes = if e.path().is_dir() {
            Vec::new()
        } else {
            std::fs::read(e.path()).expect("read")
        };
        out.insert(name, bytes);
    }
    out
}

/// Each XObject page 1 of `pdf` draws, in drawing order: its stream dictionary and the
/// transformation matrix at its `Do` (tracked through q, Q and cm), with the page's height.
pub fn xobjects_drawn(pdf: &Path) -> (Vec<(lopdf::Dictionary, [f64; 6])>, f64) {
    use lopdf::{Document, Object, content::Content};
    let doc = Document::load(pdf).expect("the PDF parses");
    let page = *doc.get_pages().values().next().expect("a page");
    let dict = doc.get_dictionary(page).expect("page");
    let height = dict
        .get(b"MediaBox")
        .and_then(Object::as_array)
        .map(|a| a[3].as_float().unwrap_or(0.0) as f64)
        .expect("a MediaBox");
    let (res, _) = doc.get_page_resources(page).expect("resources");
    let xobjects = res
        .and_then(|r| r.get(b"XObject").ok())
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok().cloned());
    let num = |o: &Object| o.as_float().map(f64::from).unwrap_or(0.0);
    let content = Content::decode(&doc.get_page_content(page)).expect("content decodes");
    let (mut ctm, mut stack) = ([1.0, 0.0, 0.0, 1.0, 0.0, 0.0], Vec::new());
    let mut out = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or(ctm),
            "cm" => {
                let m: Vec<f64> = op.operands.iter().map(num).collect();
                let c = ctm;
                ctm = [
                    m[0] * c[0] + m[1] * c[2],
                    m[0] * c[1] + m[1] * c[3],
                    m[2] * c[0] + m[3] * c[2],
                    m[2] * c[1] + m[3] * c[3],
                    m[4] * c[0] + m[5] * c[2] + c[4],
                    m[4] * c[1] + m[5] * c[3] + c[5],
                ];
            }
            "Do" => {
                let name = op.operands[0].as_name().expect("a name");
                let x = xobjects
                    .as_ref()
                    .and_then(|x| x.get(name).ok())
                    .expect("the XObject is in the page's resources");
                let stream = doc
                    .dereference(x)
                    .expect("resolves")
                    .1
                    .as_stream()
                    .expect("a stream");
                out.push((stream.dict.clone(), ctm));
            }
            _ => {}
        }
    }
    (out, height)
}
