//! Running `newsprint serve` for a test: started on a free port, its address read from
//! stdout, stopped with SIGTERM when the test is done.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long the server may take to lay out its edition and start (generous: the machine
/// is shared).
pub const START: Duration = Duration::from_secs(120);

/// A running server.
pub struct Server {
    /// The process.
    pub child: Child,
    /// `http://127.0.0.1:PORT`, without the final slash.
    pub base: String,
}

impl Server {
    /// Starts `newsprint serve PATH --port 0` with more arguments.
    pub fn start(path: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsprint"))
            .arg("serve")
            .arg(path)
            .args(["--port", "0", "-q"])
            .args(extra)
            .current_dir(super::root())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starts newsprint serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(START).expect("serve prints its address");
        let base = line.trim().trim_end_matches('/').to_string();
        assert!(
            base.starts_with("http://127.0.0.1:"),
            "bound to loopback: {line:?}"
        );
        Server { child, base }
    }

    /// `base` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends SIGTERM; the exit status, if it stopped within `within`.
    pub fn terminate(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = std::time::Instant::now() + within;
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
