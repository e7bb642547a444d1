//! `HttpsClient` against scripted HTTP/1.1 and HTTPS servers on 127.0.0.1.

mod http;
mod server;
mod tls;
