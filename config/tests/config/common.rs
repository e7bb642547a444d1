//! Helpers shared by the config tests: scratch directories, a fake STS behind the recording
//! transport, form decoding and full error messages.
//!
//! Every test passes an explicit `Env` (with `HOME` pointing into its scratch directory), so
//! neither the process environment nor the developer's `~/.aws` is ever read.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use stsgen_runtime::credentials::{Credentials, CredentialsError};
use stsgen_runtime::datetime::DateTime;
use stsgen_runtime::http::HttpRequest;
use stsgen_runtime::transport::test_util::{response, RecordingTransport};

pub const BASE_KEY: &str = "AKIDBASEEXAMPLE";
pub const BASE_SECRET: &str = "base/secret/wJalrXUtnFEMI/K7MDENGEXAMPLE";
pub const TEMP_SECRET_PREFIX: &str = "temp/secret/";
pub const TEMP_TOKEN_PREFIX: &str = "temp-token-";
/// The fixed start of every test clock: 2023-11-14T22:13:20Z.
pub const START: i64 = 1_700_000_000;

/// A directory under the system temp dir, removed when dropped.
pub struct Scratch {
    pub dir: PathBuf,
}

impl Scratch {
    pub fn new(test: &str) -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "stsgen-config-{}-{}-{test}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch { dir }
    }

    /// Writes `contents` to `name` inside the directory and returns the path as text.
    pub fn write(&self, name: &str, contents: &str) -> String {
        let path = self.dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, contents).unwrap();
        path.to_str().unwrap().to_owned()
    }

    pub fn path(&self, name: &str) -> String {
        self.dir.join(name).to_str().unwrap().to_owned()
    }

    /// An environment whose home is this directory (so `~/.aws` is `<dir>/.aws`), plus `pairs`.
    pub fn env(&self, pairs: &[(&str, &str)]) -> stsgen_runtime::profile::Env {
        let home = self.dir.to_str().unwrap().to_owned();
        let mut all: Vec<(String, String)> = vec![("HOME".to_owned(), home)];
        all.extend(
            pairs
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned())),
        );
        stsgen_runtime::profile::Env::from_pairs(all)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A clock the test moves by hand.
#[derive(Clone)]
pub struct Clock(Arc<AtomicI64>);

impl Clock {
    pub fn new() -> Clock {
        Clock(Arc::new(AtomicI64::new(START)))
    }

    pub fn advance(&self, secs: i64) {
        self.0.fetch_add(secs, Ordering::SeqCst);
    }

    pub fn now(&self) -> DateTime {
        DateTime::from_secs(self.0.load(Ordering::SeqCst))
    }

    pub fn secs(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// A fake STS answering `AssumeRole` and `AssumeRoleWithWebIdentity` with numbered temporary
/// credentials (`ASIATEMP<n>`, expiring `lifetime` seconds after the clock's time), or with
/// a fixed error response when one is set.
#[derive(Clone)]
pub struct FakeSts {
    pub transport: RecordingTransport,
    error: Arc<Mutex<Option<(u16, String)>>>,
}

impl FakeSts {
    pub fn new(clock: &Clock, lifetime: i64) -> FakeSts {
        let calls = Arc::new(AtomicUsize::new(0));
        let error: Arc<Mutex<Option<(u16, String)>>> = Arc::new(Mutex::new(None));
        let clock = clock.clone();
        let failure = error.clone();
        let transport = RecordingTransport::with_fn(move |request: &HttpRequest| {
            if let Some((status, body)) = failure.lock().unwrap().clone() {
                return Ok(response(status, &body));
            }
            let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
            let form = form(request);
            let action = form.get("Action").cloned().unwrap_or_default();
            let role = form.get("RoleArn").cloned().unwrap_or_default();
            let session = form.get("RoleSessionName").cloned().unwrap_or_default();
            let expiration = DateTime::from_secs(clock.secs() + lifetime)
                .fmt(stsgen_runtime::datetime::Format::DateTime);
            Ok(response(
                200,
                &sts_response(&action, n, &role, &session, &expiration),
            ))
        });
        FakeSts { transport, error }
    }

    /// Answers every later request with `status` and `body`.
    pub fn fail_with(&self, status: u16, body: &str) {
        *self.error.lock().unwrap() = Some((status, body.to_owned()));
    }

    /// Answers normally again.
    pub fn recover(&self) {
        *self.error.lock().unwrap() = None;
    }

    pub fn requests(&self) -> Vec<HttpRequest> {
        self.transport.requests()
    }

    /// The decoded form of every request, in order.
    pub fn forms(&self) -> Vec<BTreeMap<String, String>> {
        self.requests().iter().map(form).collect()
    }
}

fn sts_response(action: &str, n: usize, role: &str, session: &str, expiration: &str) -> String {
    let role_name = role.rsplit('/').next().unwrap_or_default();
    format!(
        "<{action}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
         <{action}Result>\
         <Credentials><AccessKeyId>ASIATEMP{n}</AccessKeyId>\
         <SecretAccessKey>{TEMP_SECRET_PREFIX}{n}</SecretAccessKey>\
         <SessionToken>{TEMP_TOKEN_PREFIX}{n}</SessionToken>\
         <Expiration>{expiration}</Expiration></Credentials>\
         <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/{role_name}/{session}</Arn>\
         <AssumedRoleId>AROA{n}:{session}</AssumedRoleId></AssumedRoleUser>\
         </{action}Result>\
         <ResponseMetadata><RequestId>req-{n}</RequestId></ResponseMetadata>\
         </{action}Response>"
    )
}

/// An awsQuery error body.
pub fn error_body(code: &str, message: &str) -> String {
    format!(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
         <Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>\
         <RequestId>err-1</RequestId></ErrorResponse>"
    )
}

/// The request body decoded as a form.
pub fn form(request: &HttpRequest) -> BTreeMap<String, String> {
    let body = String::from_utf8(request.body.clone()).unwrap();
    body.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name), percent_decode(value))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap()
}

/// The access key id in a request's SigV4 credential scope, if signed.
pub fn signing_key(request: &HttpRequest) -> Option<String> {
    let auth = request.header("authorization")?;
    let scope = auth.split("Credential=").nth(1)?;
    Some(scope.split('/').next()?.to_owned())
}

/// The region and service of a request's credential scope, if signed.
pub fn signing_scope(request: &HttpRequest) -> Option<String> {
    let auth = request.header("authorization")?;
    let scope = auth.split("Credential=").nth(1)?.split(',').next()?;
    let parts: Vec<&str> = scope.split('/').collect();
    Some(format!("{}/{}", parts.get(2)?, parts.get(3)?))
}

/// An error and all its sources joined with ": ", as a user printing the chain sees it.
pub fn full_message(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

pub fn ok(result: Result<Credentials, CredentialsError>) -> Credentials {
    match result {
        Ok(credentials) => credentials,
        Err(error) => panic!("expected credentials, got: {}", full_message(&error)),
    }
}

pub fn err(result: Result<Credentials, CredentialsError>) -> CredentialsError {
    match result {
        Ok(credentials) => panic!("expected an error, got {credentials:?}"),
        Err(error) => error,
    }
}

/// Panics if `text` contains any of the secrets the tests use.
pub fn assert_no_secret(text: &str) {
    for secret in [
        BASE_SECRET,
        TEMP_SECRET_PREFIX,
        TEMP_TOKEN_PREFIX,
        "web-identity-jwt",
    ] {
        assert!(!text.contains(secret), "`{secret}` leaked into: {text}");
    }
}
