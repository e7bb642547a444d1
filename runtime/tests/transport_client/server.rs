//! A tiny scripted HTTP/1.1 server on 127.0.0.1 for the transport tests: it parses requests
//! (Content-Length bodies), records them, counts accepted connections and answers with whatever
//! raw bytes the test's handler returns, optionally over TLS.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::{JoinHandle, JoinSet};
use tokio_rustls::TlsAcceptor;

/// One request as the server parsed it.
#[derive(Debug, Clone)]
pub struct Received {
    /// 1 for the first accepted connection, 2 for the second, ...
    pub connection: usize,
    /// 0 for the first request on its connection, 1 for the second, ...
    pub index_on_connection: usize,
    pub method: String,
    pub path: String,
    /// Header names lower-cased, in order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(existing, _)| existing == name)
            .map(|(_, value)| value.as_str())
    }
}

/// What the server does with a request.
pub enum Reply {
    /// Writes these bytes and keeps the connection open for more requests.
    Send(Vec<u8>),
    /// Writes these bytes and closes the connection (without saying so in a header).
    SendAndClose(Vec<u8>),
    /// Closes the connection without writing anything.
    Close,
    /// Never answers; keeps the connection open.
    Hang,
}

type Handler = dyn Fn(&Received) -> Reply + Send + Sync;

pub struct TestServer {
    addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
    received: Arc<Mutex<Vec<Received>>>,
    task: JoinHandle<()>,
}

impl TestServer {
    pub async fn start(handler: impl Fn(&Received) -> Reply + Send + Sync + 'static) -> Self {
        Self::start_inner(None, Arc::new(handler)).await
    }

    pub async fn start_tls(
        acceptor: TlsAcceptor,
        handler: impl Fn(&Received) -> Reply + Send + Sync + 'static,
    ) -> Self {
        Self::start_inner(Some(acceptor), Arc::new(handler)).await
    }

    async fn start_inner(tls: Option<TlsAcceptor>, handler: Arc<Handler>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let accepted = Arc::new(AtomicUsize::new(0));
        let received = Arc::new(Mutex::new(Vec::new()));
        let task = tokio::spawn({
            let accepted = Arc::clone(&accepted);
            let received = Arc::clone(&received);
            async move {
                // Owning the connection tasks here means aborting this task stops them too.
                let mut connections = JoinSet::new();
                loop {
                    let Ok((tcp, _)) = listener.accept().await else {
                        return;
                    };
                    let connection = accepted.fetch_add(1, Ordering::SeqCst) + 1;
                    let handler = Arc::clone(&handler);
                    let received = Arc::clone(&received);
                    let tls = tls.clone();
                    connections.spawn(async move {
                        match tls {
                            None => serve(tcp, connection, handler, received).await,
                            Some(acceptor) => {
                                if let Ok(stream) = acceptor.accept(tcp).await {
                                    serve(stream, connection, handler, received).await;
                                }
                            }
                        }
                    });
                }
            }
        });
        Self {
            addr,
            accepted,
            received,
            task,
        }
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn https_url(&self, path: &str) -> String {
        format!("https://{}{path}", self.addr)
    }

    /// How many connections were accepted so far.
    pub fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }

    /// Every request parsed so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A complete `200 OK` response with a Content-Length body.
pub fn ok(body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    connection: usize,
    handler: Arc<Handler>,
    received: Arc<Mutex<Vec<Received>>>,
) {
    let mut buffer = Vec::new();
    for index_on_connection in 0.. {
        let Some(request) =
            read_request(&mut stream, &mut buffer, connection, index_on_connection).await
        else {
            return;
        };
        let reply = handler(&request);
        received.lock().unwrap().push(request);
        match reply {
            Reply::Send(bytes) => {
                if stream.write_all(&bytes).await.is_err() {
                    return;
                }
            }
            Reply::SendAndClose(bytes) => {
                let _ = stream.write_all(&bytes).await;
                let _ = stream.shutdown().await;
                return;
            }
            Reply::Close => {
                let _ = stream.shutdown().await;
                return;
            }
            Reply::Hang => {
                std::future::pending::<()>().await;
            }
        }
    }
}

/// Reads one request; `None` when the client closed the connection or sent garbage.
async fn read_request<S: AsyncRead + Unpin>(
    stream: &mut S,
    buffer: &mut Vec<u8>,
    connection: usize,
    index_on_connection: usize,
) -> Option<Received> {
    let head_end = loop {
        if let Some(pos) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buffer[..head_end - 4].to_vec()).ok()?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let path = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .map(|line| {
            let (name, value) = line.split_once(':').unwrap_or((line, ""));
            (name.trim().to_ascii_lowercase(), value.trim().to_owned())
        })
        .collect();
    let length: usize = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .map_or(0, |(_, value)| value.parse().unwrap_or(0));
    buffer.drain(..head_end);
    while buffer.len() < length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer.drain(..length).collect();
    Some(Received {
        connection,
        index_on_connection,
        method,
        path,
        headers,
        body,
    })
}
