//! SigV4 header signing of typical STS POST requests, alone: deriving the signing key every
//! time ([`sign`]) against reusing it from a [`SigningKeyCache`] ([`sign_with_cache`]).
//!
//! `cargo bench -p stsgen-runtime --bench sigv4 [-- [--iters N] [--batches N] [FILTER]]`
//!
//! Signing adds headers to the request, so every iteration signs a fresh clone of it; the
//! `clone request` line is that clone alone, to subtract. Each benchmark is warmed up, then
//! timed in several batches; the report gives the minimum and the median time per iteration.
//! `--iters N` fixes the iterations per batch (otherwise a batch is calibrated to about 20 ms).

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use stsgen_runtime::datetime::DateTime;
use stsgen_runtime::http::HttpRequest;
use stsgen_runtime::sigv4::{
    sign, sign_with_cache, SigningKeyCache, SigningParams, SigningSettings,
};

const GET_CALLER_IDENTITY_BODY: &str = "Action=GetCallerIdentity&Version=2011-06-15";
/// An AssumeRole body with a policy, two tags and one policy ARN (about 600 bytes).
const ASSUME_ROLE_BODY: &str = "Action=AssumeRole&Version=2011-06-15\
    &RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo&RoleSessionName=bench-session\
    &PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess\
    &Policy=%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Sid%22%3A%22ReadBucket\
    %22%2C%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%5B%22s3%3AGetObject%22%2C%22s3%3AListBucket\
    %22%5D%2C%22Resource%22%3A%5B%22arn%3Aaws%3As3%3A%3A%3Aexample-bucket%22%2C%22arn%3Aaws%3As3%3A\
    %3A%3Aexample-bucket%2F%2A%22%5D%7D%5D%7D&DurationSeconds=900\
    &Tags.member.1.Key=Project&Tags.member.1.Value=stsgen\
    &Tags.member.2.Key=Cost%20Center&Tags.member.2.Value=research%2F42";

const ACCESS_KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN: &str = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

fn main() -> ExitCode {
    let settings = match Settings::from_args(std::env::args().skip(1)) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("sigv4: {error}");
            return ExitCode::FAILURE;
        }
    };
    let short = request(GET_CALLER_IDENTITY_BODY);
    let long = request(ASSUME_ROLE_BODY);
    // A fixed time keeps the cached key valid for the whole run.
    let time = DateTime::from_secs(1_700_000_000);
    let params = SigningParams {
        access_key_id: ACCESS_KEY_ID,
        secret_access_key: SECRET_ACCESS_KEY,
        session_token: None,
        region: "us-east-1",
        service: "sts",
        time,
        settings: SigningSettings::default(),
    };
    let with_token = SigningParams {
        session_token: Some(SESSION_TOKEN),
        ..params.clone()
    };
    let cache = SigningKeyCache::new();

    // Both ways of signing must agree before their speed means anything.
    let fresh = sign(&mut short.clone(), &params);
    let cached = sign_with_cache(&mut short.clone(), &params, &cache);
    match (fresh, cached) {
        (Ok(fresh), Ok(cached)) if fresh == cached => {}
        (fresh, cached) => {
            eprintln!("sigv4: sign and sign_with_cache disagree: {fresh:?} / {cached:?}");
            return ExitCode::FAILURE;
        }
    }

    settings.bench("clone request (GetCallerIdentity, baseline)", |iters| {
        time_loop(iters, || {
            black_box(black_box(&short).clone());
        })
    });
    settings.bench("sign, fresh key (GetCallerIdentity)", |iters| {
        time_loop(iters, || {
            let mut request = black_box(&short).clone();
            black_box(sign(&mut request, black_box(&params)).is_ok());
            black_box(request);
        })
    });
    settings.bench("sign_with_cache (GetCallerIdentity)", |iters| {
        time_loop(iters, || {
            let mut request = black_box(&short).clone();
            black_box(sign_with_cache(&mut request, black_box(&params), &cache).is_ok());
            black_box(request);
        })
    });
    settings.bench(
        "sign_with_cache, session token (GetCallerIdentity)",
        |iters| {
            time_loop(iters, || {
                let mut request = black_box(&short).clone();
                black_box(sign_with_cache(&mut request, black_box(&with_token), &cache).is_ok());
                black_box(request);
            })
        },
    );
    settings.bench("sign, fresh key (AssumeRole, ~600 B body)", |iters| {
        time_loop(iters, || {
            let mut request = black_box(&long).clone();
            black_box(sign(&mut request, black_box(&params)).is_ok());
            black_box(request);
        })
    });
    settings.bench("sign_with_cache (AssumeRole, ~600 B body)", |iters| {
        time_loop(iters, || {
            let mut request = black_box(&long).clone();
            black_box(sign_with_cache(&mut request, black_box(&params), &cache).is_ok());
            black_box(request);
        })
    });
    ExitCode::SUCCESS
}

/// The request the STS client sends before signing.
fn request(body: &str) -> HttpRequest {
    HttpRequest {
        method: "POST".to_owned(),
        uri: "https://sts.us-east-1.amazonaws.com/".to_owned(),
        headers: vec![(
            "content-type".to_owned(),
            "application/x-www-form-urlencoded".to_owned(),
        )],
        body: body.as_bytes().to_vec(),
    }
}

/// Runs `f` `iters` times and returns the elapsed time.
fn time_loop(iters: u64, mut f: impl FnMut()) -> Duration {
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

    /// Warms up, times `self.batches` batches of `run(iters)` and prints min and median.
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
            "{name:<55} min {:>8.3} µs  median {:>8.3} µs  ({} x {iters})",
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
