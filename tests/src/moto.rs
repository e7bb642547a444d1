//! Runs moto's standalone server (a local fake of AWS) for end-to-end tests.
//!
//! `scripts/install-moto.sh` installs it into `target/moto-venv`. Each [`MotoServer`] is one
//! `moto_server` process on a free port of 127.0.0.1, killed when the value is dropped. The
//! process is started through a small Python wrapper that exits as soon as its standard input
//! closes, and this process holds the other end of that pipe: even a server that is never dropped
//! (the [`MotoServer::shared`] one lives in a static) dies when the test process exits. moto's
//! output goes to `target/moto-logs/moto-PORT.log` and is quoted when startup fails.
//!
//! moto does not check signatures, but it picks the AWS service from the credential scope in the
//! `Authorization` header: an unsigned request ends up at its S3 fake, not STS.

use std::fs::File;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

/// How long moto may take to start answering HTTP (its imports take a second or two).
const STARTUP_TIMEOUT: Duration = Duration::from_secs(20);
const POLL_INTERVAL: Duration = Duration::from_millis(100);
/// Fresh ports are tried again when moto exits at once, e.g. because another process took the
/// port between our probe and moto's bind.
const START_ATTEMPTS: usize = 3;

/// Watches stdin on a daemon thread and exits the whole process at EOF, then runs the
/// `moto_server` console script given as the first argument in this same process, with the
/// remaining arguments.
const WRAPPER: &str = r#"
import os, runpy, sys, threading

def exit_when_parent_goes():
    try:
        while sys.stdin.buffer.read(65536):
            pass
    finally:
        os._exit(0)

threading.Thread(target=exit_when_parent_goes, daemon=True).start()
script = sys.argv[1]
sys.argv = sys.argv[1:]
runpy.run_path(script, run_name="__main__")
"#;

/// A running `moto_server` process.
#[derive(Debug)]
pub struct MotoServer {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl MotoServer {
    /// Starts a new server from the workspace's `target/moto-venv` and waits until it answers.
    pub fn start() -> Result<MotoServer, String> {
        Self::start_from_venv(&default_venv())
    }

    /// Starts a new server from the virtualenv at `venv` and waits until it answers.
    pub fn start_from_venv(venv: &Path) -> Result<MotoServer, String> {
        let python = venv.join("bin").join("python");
        let script = venv.join("bin").join("moto_server");
        if !script.is_file() || !python.is_file() {
            return Err(format!(
                "moto is not installed: run scripts/install-moto.sh (cargo xtask test does this); \
                 looked for {}",
                script.display()
            ));
        }
        let mut last_error = String::new();
        for _ in 0..START_ATTEMPTS {
            match Self::start_once(&python, &script) {
                Ok(server) => return Ok(server),
                Err(err) => last_error = err,
            }
        }
        Err(last_error)
    }

    /// The process-wide server, started on first use and shared by every test in the process.
    ///
    /// # Panics
    ///
    /// When moto cannot be started; every later call panics with the same message.
    pub fn shared() -> &'static MotoServer {
        static SHARED: OnceLock<Result<MotoServer, String>> = OnceLock::new();
        match SHARED.get_or_init(MotoServer::start) {
            Ok(server) => server,
            Err(message) => panic!("{message}"),
        }
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The TCP port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Forgets every resource moto holds (`POST /moto-api/reset`), for tests that need a clean
    /// state on the shared server.
    pub fn reset(&self) -> Result<(), String> {
        let status = http_status(self.port, "POST", "/moto-api/reset")?;
        if status == 200 {
            Ok(())
        } else {
            Err(format!("moto answered the reset with HTTP {status}"))
        }
    }

    fn start_once(python: &Path, script: &Path) -> Result<MotoServer, String> {
        let port = free_port()?;
        let log_dir = target_dir().join("moto-logs");
        std::fs::create_dir_all(&log_dir)
            .map_err(|err| format!("cannot create {}: {err}", log_dir.display()))?;
        prune_stale_logs(&log_dir);
        let log = log_dir.join(format!("moto-{port}.log"));
        let log_file = File::create(&log)
            .map_err(|err| format!("cannot create the moto log file {}: {err}", log.display()))?;
        let log_for_stderr = log_file
            .try_clone()
            .map_err(|err| format!("cannot share the moto log file {}: {err}", log.display()))?;
        let child = Command::new(python)
            .arg("-c")
            .arg(WRAPPER)
            .arg(script)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::piped())
            .stdout(log_file)
            .stderr(log_for_stderr)
            .spawn()
            .map_err(|err| format!("cannot run {}: {err}", python.display()))?;
        let mut server = MotoServer { child, port, log };
        server.wait_until_ready()?;
        Ok(server)
    }

    fn wait_until_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "moto_server exited during startup ({status}); its output:\n{}",
                    self.log_text()
                ));
            }
            if http_status(self.port, "GET", "/moto-api/").is_ok() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "moto_server did not answer HTTP on port {} within {STARTUP_TIMEOUT:?}; its \
                     output:\n{}",
                    self.port,
                    self.log_text()
                ));
            }
            thread::sleep(POLL_INTERVAL);
        }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log)
            .unwrap_or_else(|err| format!("(cannot read {}: {err})", self.log.display()))
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        // Both fail only when the process is already gone, which is the goal anyway.
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

/// `<workspace>/target`, found from this crate's manifest directory.
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("target")
}

/// `<workspace>/target/moto-venv`, where `scripts/install-moto.sh` puts moto.
fn default_venv() -> PathBuf {
    target_dir().join("moto-venv")
}

/// A port that was free a moment ago (the OS picks it; we release it for moto to bind).
fn free_port() -> Result<u16, String> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|err| format!("cannot find a free port on 127.0.0.1: {err}"))
}

/// Sends a bodiless request and returns the response status code.
fn http_status(port: u16, method: &str, path: &str) -> Result<u16, String> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let timeout = Duration::from_secs(2);
    let mut stream = TcpStream::connect_timeout(&addr, timeout)
        .map_err(|err| format!("cannot connect to moto on {addr}: {err}"))?;
    stream
        .set_read_timeout(Some(timeout))
        .map_err(|err| format!("cannot set a read timeout: {err}"))?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\n\
         Connection: close\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|err| format!("cannot send a request to moto on {addr}: {err}"))?;
    let mut head = [0u8; 64];
    let mut filled = 0;
    while filled < 12 {
        let n = stream
            .read(&mut head[filled..])
            .map_err(|err| format!("cannot read moto's response on {addr}: {err}"))?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    // "HTTP/1.1 200 ..." -> the three digits after the first space.
    let text = String::from_utf8_lossy(&head[..filled]);
    text.strip_prefix("HTTP/1.")
        .and_then(|rest| rest.get(2..5))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("moto on {addr} did not answer with an HTTP status line: {text:?}"))
}

/// Removes logs untouched for an hour: the shared server lives in a static and is never
/// dropped, so its log outlives the test run; a live server writes its log on every request.
fn prune_stale_logs(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry
            .metadata()
            .and_then(|meta| meta.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(3600));
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
