//! Client-side cost of one STS call, without any network: the fluent builder, awsQuery
//! serialization, SigV4 signing, the orchestrator and XML parsing, through transports that
//! answer at once with a canned response. Also the serializer and parsers alone.
//!
//! `cargo bench -p stsgen-tests --bench call_overhead [-- [--iters N] [--batches N] [FILTER]]`
//!
//! Each benchmark is warmed up, then timed in several batches; the report gives the minimum and
//! the median time per iteration over the batches. `--iters N` fixes the iterations per batch
//! (otherwise a batch is calibrated to last about 20 ms), which keeps runs under callgrind short.
//! Full calls run on a current-thread tokio runtime: the `block_on per call` variant enters the
//! runtime for every call, as a synchronous caller would; all others run the whole batch inside
//! one `block_on`, so they measure the client alone.

use std::error::Error;
use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use sts::operation::assume_role::{AssumeRole, AssumeRoleInput};
use sts::operation::get_caller_identity::GetCallerIdentity;
use sts::types::{PolicyDescriptorType, Tag};
use stsgen_runtime::config::Config;
use stsgen_runtime::credentials::Credentials;
use stsgen_runtime::http::{HttpRequest, HttpResponse};
use stsgen_runtime::retry::RetryConfig;
use stsgen_runtime::transport::test_util::RecordingTransport;
use stsgen_runtime::transport::{HttpClient, HttpFuture};
use stsgen_runtime::Operation;

const GET_CALLER_IDENTITY_RESPONSE: &str = r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>
"#;

const ASSUME_ROLE_RESPONSE: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <SourceIdentity>DevUser123</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/John</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:John</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==</SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>
"#;

const ERROR_RESPONSE: &str = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>MalformedPolicyDocument</Code>
    <Message>The policy document is not valid JSON: unexpected end of input at line 1.</Message>
  </Error>
  <RequestId>9f8e7d6c-5b4a-3210-fedc-ba9876543210</RequestId>
</ErrorResponse>
"#;

const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/demo";
const SESSION_NAME: &str = "bench-session";
const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"ReadBucket","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::example-bucket","arn:aws:s3:::example-bucket/*"]}]}"#;
const POLICY_ARN: &str = "arn:aws:iam::aws:policy/ReadOnlyAccess";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("call_overhead: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let settings = Settings::from_args(std::env::args().skip(1))?;
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    let fixture = Fixture::new()?;
    fixture.check(&runtime)?;

    let replay_gci = fixture.client(Replay::ok(GET_CALLER_IDENTITY_RESPONSE));
    settings.bench(
        "get_caller_identity: full call, replay transport",
        |iters| {
            runtime.block_on(async {
                let start = Instant::now();
                for _ in 0..iters {
                    black_box(replay_gci.get_caller_identity().send().await.is_ok());
                }
                start.elapsed()
            })
        },
    );
    settings.bench(
        "get_caller_identity: full call, replay transport, block_on per call",
        |iters| {
            let start = Instant::now();
            for _ in 0..iters {
                let call = replay_gci.get_caller_identity().send();
                black_box(runtime.block_on(call).is_ok());
            }
            start.elapsed()
        },
    );
    settings.bench(
        "get_caller_identity: full call, RecordingTransport",
        |iters| {
            // A fresh transport per batch: it keeps every request it is sent.
            let client = fixture.client(recording(GET_CALLER_IDENTITY_RESPONSE));
            runtime.block_on(async {
                let start = Instant::now();
                for _ in 0..iters {
                    black_box(client.get_caller_identity().send().await.is_ok());
                }
                start.elapsed()
            })
        },
    );

    let replay_ar = fixture.client(Replay::ok(ASSUME_ROLE_RESPONSE));
    settings.bench("assume_role: full call, replay transport", |iters| {
        runtime.block_on(async {
            let start = Instant::now();
            for _ in 0..iters {
                black_box(fixture.assume_role(&replay_ar).await.is_ok());
            }
            start.elapsed()
        })
    });
    settings.bench("assume_role: full call, RecordingTransport", |iters| {
        let client = fixture.client(recording(ASSUME_ROLE_RESPONSE));
        runtime.block_on(async {
            let start = Instant::now();
            for _ in 0..iters {
                black_box(fixture.assume_role(&client).await.is_ok());
            }
            start.elapsed()
        })
    });

    let input = fixture.assume_role_input()?;
    settings.bench("assume_role: build input (builder only)", |iters| {
        time(iters, || {
            black_box(fixture.assume_role_input().is_ok());
        })
    });
    settings.bench("assume_role: serialize input", |iters| {
        time(iters, || {
            black_box(AssumeRole::serialize(black_box(&input)));
        })
    });
    settings.bench("assume_role: parse_output", |iters| {
        time(iters, || {
            black_box(
                AssumeRole::parse_output(
                    black_box(ASSUME_ROLE_RESPONSE.as_bytes()),
                    black_box(None),
                )
                .is_ok(),
            );
        })
    });
    settings.bench("assume_role: parse_error", |iters| {
        time(iters, || {
            black_box(AssumeRole::parse_error(
                400,
                black_box(Some("9f8e7d6c-5b4a-3210-fedc-ba9876543210")),
                black_box(ERROR_RESPONSE.as_bytes()),
            ));
        })
    });
    settings.bench("get_caller_identity: parse_output", |iters| {
        time(iters, || {
            black_box(
                GetCallerIdentity::parse_output(
                    black_box(GET_CALLER_IDENTITY_RESPONSE.as_bytes()),
                    black_box(None),
                )
                .is_ok(),
            );
        })
    });
    Ok(())
}

/// The values every call is built from.
struct Fixture {
    tags: [Tag; 2],
    policy_arn: PolicyDescriptorType,
}

impl Fixture {
    fn new() -> Result<Self, Box<dyn Error>> {
        Ok(Fixture {
            tags: [
                Tag::builder().key("Project").value("stsgen").build()?,
                Tag::builder()
                    .key("Cost Center")
                    .value("research/42")
                    .build()?,
            ],
            policy_arn: PolicyDescriptorType::builder().arn(POLICY_ARN).build(),
        })
    }

    /// A client with fixed credentials and region, no retries, sending through `transport`.
    fn client(&self, transport: impl HttpClient + 'static) -> sts::Client {
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new(
                "AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                None,
            ))
            .http_client(transport)
            .retry(RetryConfig::disabled())
            .build();
        sts::Client::new(config)
    }

    /// One AssumeRole call with a policy, two tags and one policy ARN, as a caller writes it.
    async fn assume_role(
        &self,
        client: &sts::Client,
    ) -> Result<
        sts::operation::assume_role::AssumeRoleOutput,
        stsgen_runtime::SdkError<sts::operation::assume_role::AssumeRoleError>,
    > {
        client
            .assume_role()
            .role_arn(ROLE_ARN)
            .role_session_name(SESSION_NAME)
            .duration_seconds(900)
            .policy(POLICY)
            .tags(self.tags[0].clone())
            .tags(self.tags[1].clone())
            .policy_arns(self.policy_arn.clone())
            .send()
            .await
    }

    fn assume_role_input(&self) -> Result<AssumeRoleInput, stsgen_runtime::BuildError> {
        AssumeRoleInput::builder()
            .role_arn(ROLE_ARN)
            .role_session_name(SESSION_NAME)
            .duration_seconds(900)
            .policy(POLICY)
            .tags(self.tags[0].clone())
            .tags(self.tags[1].clone())
            .policy_arns(self.policy_arn.clone())
            .build()
    }

    /// Makes sure the benchmarked calls succeed and parse what they should: timing a call that
    /// fails early would report a meaningless number.
    fn check(&self, runtime: &tokio::runtime::Runtime) -> Result<(), Box<dyn Error>> {
        let transport = recording(ASSUME_ROLE_RESPONSE);
        let client = self.client(transport.clone());
        let output = runtime.block_on(self.assume_role(&client))?;
        let user = output
            .assumed_role_user()
            .ok_or("AssumeRole: no AssumedRoleUser parsed")?;
        expect_eq(
            "AssumeRole assumed role ARN",
            user.arn(),
            "arn:aws:sts::123456789012:assumed-role/demo/John",
        )?;
        let requests = transport.requests();
        let request = requests.first().ok_or("AssumeRole: no request was sent")?;
        let body = String::from_utf8_lossy(&request.body);
        for expected in [
            "Policy=",
            "Tags.member.2.Key=Cost%20Center",
            "PolicyArns.member.1.arn=",
        ] {
            if !body.contains(expected) {
                return Err(format!("AssumeRole body lacks `{expected}`: {body}").into());
            }
        }
        if request.header("authorization").is_none() {
            return Err("AssumeRole request was not signed".into());
        }

        let client = self.client(Replay::ok(GET_CALLER_IDENTITY_RESPONSE));
        let output = runtime.block_on(client.get_caller_identity().send())?;
        expect_eq(
            "GetCallerIdentity account",
            output.account().unwrap_or(""),
            "123456789012",
        )?;

        let error = AssumeRole::parse_error(400, None, ERROR_RESPONSE.as_bytes());
        if !error.is_malformed_policy_document_exception() {
            return Err(format!("parse_error gave {error:?}").into());
        }
        Ok(())
    }
}

fn expect_eq(what: &str, actual: &str, expected: &str) -> Result<(), String> {
    if actual == expected {
        Ok(())
    } else {
        Err(format!("{what}: expected `{expected}`, got `{actual}`"))
    }
}

/// A transport that answers every request with a clone of one response and keeps nothing.
#[derive(Debug)]
struct Replay {
    response: HttpResponse,
}

impl Replay {
    fn ok(body: &str) -> Self {
        Replay {
            response: canned(body),
        }
    }
}

impl HttpClient for Replay {
    fn send(&self, request: HttpRequest) -> HttpFuture<'_> {
        black_box(request);
        Box::pin(std::future::ready(Ok(self.response.clone())))
    }
}

fn recording(body: &'static str) -> RecordingTransport {
    RecordingTransport::with_fn(move |_| Ok(canned(body)))
}

/// A 200 response with the headers STS sends.
fn canned(body: &str) -> HttpResponse {
    HttpResponse {
        status: 200,
        headers: vec![
            (
                "x-amzn-RequestId".to_owned(),
                "01234567-89ab-cdef-0123-456789abcdef".to_owned(),
            ),
            ("Content-Type".to_owned(), "text/xml".to_owned()),
            ("Content-Length".to_owned(), body.len().to_string()),
            (
                "Date".to_owned(),
                "Mon, 01 Jan 2024 00:00:00 GMT".to_owned(),
            ),
        ],
        body: body.as_bytes().to_vec(),
    }
}

/// Runs `f` `iters` times and returns the elapsed time.
fn time(iters: u64, mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..iters {
        f();
    }
    start.elapsed()
}

/// How long and how often to run, from the command line.
struct Settings {
    iters: Option<u64>,
    batches: usize,
    filter: Option<String>,
}

/// A calibrated batch lasts at least this long, so timer resolution does not matter.
const TARGET_BATCH: Duration = Duration::from_millis(20);
const WARM_UP: Duration = Duration::from_millis(200);

impl Settings {
    fn from_args(mut args: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut settings = Settings {
            iters: None,
            batches: 15,
            filter: None,
        };
        while let Some(arg) = args.next() {
            match arg.as_str() {
                // cargo passes `--bench` to every bench binary.
                "--bench" => {}
                "--iters" => settings.iters = Some(positive(&arg, args.next())?),
                "--batches" => {
                    settings.batches = usize::try_from(positive(&arg, args.next())?)
                        .map_err(|_| "--batches is too large".to_owned())?
                }
                flag if flag.starts_with("--") => {
                    return Err(format!(
                        "unknown option `{flag}` (expected --iters N, --batches N or a name filter)"
                    ))
                }
                _ => settings.filter = Some(arg),
            }
        }
        Ok(settings)
    }

    /// Warms up, times `settings.batches` batches of `run(iters)` and prints min and median.
    fn bench(&self, name: &str, mut run: impl FnMut(u64) -> Duration) {
        if self
            .filter
            .as_ref()
            .is_some_and(|filter| !name.contains(filter.as_str()))
        {
            return;
        }
        let iters = match self.iters {
            Some(iters) => {
                run(iters);
                iters
            }
            None => calibrate(&mut run),
        };
        let mut per_iter: Vec<f64> = (0..self.batches)
            .map(|_| run(iters).as_nanos() as f64 / iters as f64)
            .collect();
        per_iter.sort_by(f64::total_cmp);
        let min = per_iter.first().copied().unwrap_or(f64::NAN);
        let median = per_iter
            .get(per_iter.len() / 2)
            .copied()
            .unwrap_or(f64::NAN);
        println!(
            "{name:<70} min {:>8.3} µs  median {:>8.3} µs  ({} x {iters})",
            min / 1000.0,
            median / 1000.0,
            self.batches
        );
    }
}

/// Doubles the batch size until one batch takes `TARGET_BATCH`, running for at least `WARM_UP`.
fn calibrate(run: &mut impl FnMut(u64) -> Duration) -> u64 {
    let start = Instant::now();
    let mut iters = 1;
    loop {
        let elapsed = run(iters);
        if elapsed >= TARGET_BATCH && start.elapsed() >= WARM_UP {
            return iters;
        }
        if elapsed < TARGET_BATCH {
            iters *= 2;
        }
    }
}

fn positive(flag: &str, value: Option<String>) -> Result<u64, String> {
    let value = value.ok_or_else(|| format!("{flag} needs a number"))?;
    match value.parse::<u64>() {
        Ok(number) if number > 0 => Ok(number),
        _ => Err(format!(
            "{flag} needs a positive whole number, got `{value}`"
        )),
    }
}
