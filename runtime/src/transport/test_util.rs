//! Test doubles for code that sends requests through an [`HttpClient`]: a transport that records
//! every request and answers with canned responses, without any network.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use super::{HttpClient, HttpFuture, TransportError, TransportErrorKind};
use crate::http::{HttpRequest, HttpResponse};

type Responder = dyn Fn(&HttpRequest) -> Result<HttpResponse, TransportError> + Send + Sync;

/// An [`HttpClient`] that records requests and answers them from a queue or a function.
///
/// Clones share the recorded requests and the remaining responses.
#[derive(Clone)]
pub struct RecordingTransport {
    shared: Arc<Shared>,
}

struct Shared {
    requests: Mutex<Vec<HttpRequest>>,
    answer: Answer,
}

enum Answer {
    Queue(Mutex<VecDeque<HttpResponse>>),
    Function(Box<Responder>),
}

impl RecordingTransport {
    /// Answers requests with `responses` in order; once they are used up, every further request
    /// fails with [`TransportErrorKind::InvalidRequest`] ("no canned response left").
    pub fn new(responses: impl IntoIterator<Item = HttpResponse>) -> Self {
        Self::with_answer(Answer::Queue(Mutex::new(responses.into_iter().collect())))
    }

    /// Answers each request with what `f` returns for it.
    pub fn with_fn(
        f: impl Fn(&HttpRequest) -> Result<HttpResponse, TransportError> + Send + Sync + 'static,
    ) -> Self {
        Self::with_answer(Answer::Function(Box::new(f)))
    }

    fn with_answer(answer: Answer) -> Self {
        Self {
            shared: Arc::new(Shared {
                requests: Mutex::new(Vec::new()),
                answer,
            }),
        }
    }

    /// Every request sent so far, in order.
    pub fn requests(&self) -> Vec<HttpRequest> {
        lock(&self.shared.requests).clone()
    }

    fn answer(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let result = match &self.shared.answer {
            Answer::Queue(queue) => lock(queue).pop_front().ok_or_else(|| {
                TransportError::new(
                    TransportErrorKind::InvalidRequest,
                    "no canned response left",
                )
            }),
            Answer::Function(f) => f(&request),
        };
        lock(&self.shared.requests).push(request);
        result
    }
}

impl HttpClient for RecordingTransport {
    fn send(&self, request: HttpRequest) -> HttpFuture<'_> {
        let result = self.answer(request);
        Box::pin(async move { result })
    }
}

impl fmt::Debug for RecordingTransport {
    // Recorded requests carry signatures and session tokens, so only their number is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("RecordingTransport");
        debug.field("requests_recorded", &lock(&self.shared.requests).len());
        match &self.shared.answer {
            Answer::Queue(queue) => debug.field("responses_left", &lock(queue).len()),
            Answer::Function(_) => debug.field("responses_left", &"computed by a function"),
        };
        debug.finish()
    }
}

/// A response with `status`, a `Content-Type: text/xml` header and `body`.
pub fn response(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("Content-Type".to_owned(), "text/xml".to_owned())],
        body: body.as_bytes().to_vec(),
    }
}

/// A panic in a test's responder must not turn every later call into a second panic.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
