//! An in-process HTTP/1.1 server on 127.0.0.1 that answers every request from a closure and
//! records what it received, for tests that need exact control over responses.
//!
//! It runs on plain threads, so it works the same from synchronous tests and from any async
//! runtime. It understands keep-alive and `Content-Length` request bodies, which is all an
//! HTTP/1.1 client of AWS query services sends.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// How often idle connection threads look at the stop flag.
const STOP_POLL: Duration = Duration::from_millis(50);
/// Requests with larger heads are answered with 431 and the connection is closed.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// A request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedRequest {
    /// The method (`POST`).
    pub method: String,
    /// The request target: path and query (`/?Action=...`).
    pub path: String,
    /// Header names and values as sent, in order.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl ReceivedRequest {
    /// The first value of a header, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(existing, _)| existing.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A canned answer: status code, headers and body. `Content-Length` is added when missing.
pub type CannedResponse = (u16, Vec<(String, String)>, String);

type Responder = dyn Fn(&ReceivedRequest) -> CannedResponse + Send + Sync;

/// A running server; it stops, closing its port and connections, when dropped.
pub struct CannedServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept_thread: Option<JoinHandle<()>>,
}

struct Shared {
    respond: Box<Responder>,
    requests: Mutex<Vec<ReceivedRequest>>,
    connections: AtomicUsize,
    stop: AtomicBool,
    connection_threads: Mutex<Vec<JoinHandle<()>>>,
}

impl CannedServer {
    /// Starts a server on a free port of 127.0.0.1 that answers each request with `respond`.
    ///
    /// # Panics
    ///
    /// When no port can be bound on 127.0.0.1 (test setup cannot go on without it).
    pub fn start(
        respond: impl Fn(&ReceivedRequest) -> CannedResponse + Send + Sync + 'static,
    ) -> CannedServer {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .unwrap_or_else(|err| panic!("CannedServer cannot bind 127.0.0.1: {err}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|err| panic!("CannedServer cannot read its bound address: {err}"));
        let shared = Arc::new(Shared {
            respond: Box::new(respond),
            requests: Mutex::new(Vec::new()),
            connections: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
            connection_threads: Mutex::new(Vec::new()),
        });
        let accept_thread = thread::spawn({
            let shared = Arc::clone(&shared);
            move || accept_loop(&listener, &shared)
        });
        CannedServer {
            addr,
            shared,
            accept_thread: Some(accept_thread),
        }
    }

    /// A server that answers every request with `status` and `body` as `text/xml`.
    pub fn always(status: u16, body: &str) -> CannedServer {
        let body = body.to_owned();
        CannedServer::start(move |_| {
            (
                status,
                vec![("Content-Type".to_owned(), "text/xml".to_owned())],
                body.clone(),
            )
        })
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// How many connections clients have opened so far.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }
}

impl std::fmt::Debug for CannedServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CannedServer")
            .field("addr", &self.addr)
            .field("requests", &lock(&self.shared.requests).len())
            .field("connections", &self.connections())
            .finish()
    }
}

impl Drop for CannedServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop, which is blocked in accept(); failure means it is gone already.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.accept_thread.take() {
            let _ = thread.join();
        }
        let threads = std::mem::take(&mut *lock(&self.shared.connection_threads));
        for thread in threads {
            let _ = thread.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        shared.connections.fetch_add(1, Ordering::SeqCst);
        let thread = thread::spawn({
            let shared = Arc::clone(shared);
            move || {
                // An I/O error ends this connection only; the client sees it closed.
                let _ = serve_connection(stream, &shared);
            }
        });
        lock(&shared.connection_threads).push(thread);
    }
}

fn serve_connection(mut stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.set_read_timeout(Some(STOP_POLL))?;
    stream.set_nodelay(true)?;
    let mut buffer = Vec::new();
    loop {
        let Some(head_len) = read_until_head_end(&mut stream, &mut buffer, shared)? else {
            return Ok(());
        };
        let Some(head) = parse_head(&buffer[..head_len]) else {
            return write_error(&mut stream, 400, "malformed request head");
        };
        if head.chunked {
            return write_error(&mut stream, 501, "chunked request bodies are not supported");
        }
        buffer.drain(..head_len);
        if !fill_to(&mut stream, &mut buffer, head.content_length, shared)? {
            return Ok(());
        }
        let request = ReceivedRequest {
            method: head.method,
            path: head.path,
            headers: head.headers,
            body: buffer.drain(..head.content_length).collect(),
        };
        let close = request
            .header("connection")
            .is_some_and(|value| value.eq_ignore_ascii_case("close"));
        lock(&shared.requests).push(request.clone());
        let (status, headers, body) = (shared.respond)(&request);
        stream.write_all(&render(status, &headers, &body))?;
        if close {
            return Ok(());
        }
    }
}

struct Head {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    content_length: usize,
    chunked: bool,
}

fn parse_head(bytes: &[u8]) -> Option<Head> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut lines = text.trim_end_matches("\r\n").split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let path = request_line.next()?.to_owned();
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let value_of = |wanted: &str| {
        headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
            .map(|(_, value)| value.as_str())
    };
    let content_length = match value_of("content-length") {
        Some(value) => value.parse().ok()?,
        None => 0,
    };
    let chunked = value_of("transfer-encoding").is_some_and(|value| {
        value
            .split(',')
            .any(|coding| coding.trim().eq_ignore_ascii_case("chunked"))
    });
    Some(Head {
        method,
        path,
        headers,
        content_length,
        chunked,
    })
}

/// Reads until `buffer` holds a complete request head; returns its length with the blank line,
/// or `None` when the client closed the connection or the server is stopping.
fn read_until_head_end(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    shared: &Shared,
) -> io::Result<Option<usize>> {
    loop {
        if let Some(pos) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            return Ok(Some(pos + 4));
        }
        if buffer.len() > MAX_HEAD_BYTES {
            write_error(stream, 431, "request head too large")?;
            return Ok(None);
        }
        if !read_more(stream, buffer, shared)? {
            return Ok(None);
        }
    }
}

/// Reads until `buffer` holds at least `len` bytes; false when the peer closed first or the
/// server is stopping.
fn fill_to(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    len: usize,
    shared: &Shared,
) -> io::Result<bool> {
    while buffer.len() < len {
        if !read_more(stream, buffer, shared)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// One read into `buffer`; false at end of stream or when the server is stopping.
fn read_more(stream: &mut TcpStream, buffer: &mut Vec<u8>, shared: &Shared) -> io::Result<bool> {
    let mut chunk = [0u8; 8192];
    loop {
        if shared.stop.load(Ordering::SeqCst) {
            return Ok(false);
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(false),
            Ok(n) => {
                buffer.extend_from_slice(&chunk[..n]);
                return Ok(true);
            }
            Err(err) if matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(err) if err.kind() == ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
}

fn render(status: u16, headers: &[(String, String)], body: &str) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("content-length"))
    {
        out.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    out.push_str("\r\n");
    out.push_str(body);
    out.into_bytes()
}

fn write_error(stream: &mut TcpStream, status: u16, message: &str) -> io::Result<()> {
    let headers = [("Connection".to_owned(), "close".to_owned())];
    stream.write_all(&render(status, &headers, message))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// A responder that panicked must not make every later lock panic too.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
