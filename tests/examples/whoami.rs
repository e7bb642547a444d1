//! Prints who the configured AWS credentials belong to, using STS `GetCallerIdentity`.
//!
//! `cargo run -p stsgen-tests --example whoami`
//!
//! Reads from the environment:
//! - `AWS_REGION` (or, when unset, `AWS_DEFAULT_REGION`): required;
//! - `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`: required;
//! - `AWS_SESSION_TOKEN`: optional, for temporary credentials;
//! - `AWS_ENDPOINT_URL`: optional, sends the request there instead of the regional STS
//!   endpoint (for example a local moto server, `http://127.0.0.1:5000`).
//!
//! On success it prints the account, ARN and user id. Any missing variable or failed call is
//! reported on stderr with exit code 1. Secret values are never printed: error messages name
//! the variable, not its value.

use std::env::{self, VarError};
use std::error::Error;
use std::process::ExitCode;

use sts::config::{Config, Credentials};
use sts::primitives::RequestId;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("whoami: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let config = config_from_env()?;
    let endpoint = config.endpoint_url().map(str::to_owned);
    let client = sts::Client::new(config);
    let identity = client.get_caller_identity().send().await.map_err(|error| {
        let target = endpoint.as_deref().unwrap_or("the regional STS endpoint");
        let request_id = error
            .request_id()
            .map(|id| format!(" (request id {id})"))
            .unwrap_or_default();
        format!(
            "GetCallerIdentity call to {target} failed{request_id}: {}",
            error_chain(&error)
        )
    })?;
    println!(
        "Account: {}",
        identity.account().unwrap_or("(not returned)")
    );
    println!("Arn:     {}", identity.arn().unwrap_or("(not returned)"));
    println!(
        "UserId:  {}",
        identity.user_id().unwrap_or("(not returned)")
    );
    Ok(())
}

/// Builds the client configuration from the `AWS_*` variables described in the module docs.
fn config_from_env() -> Result<Config, String> {
    let region = match optional_var("AWS_REGION")? {
        Some(region) => region,
        None => optional_var("AWS_DEFAULT_REGION")?
            .ok_or("no region: set AWS_REGION (or AWS_DEFAULT_REGION), for example to us-east-1")?,
    };
    let access_key_id = required_var("AWS_ACCESS_KEY_ID")?;
    let secret_access_key = required_var("AWS_SECRET_ACCESS_KEY")?;
    let session_token = optional_var("AWS_SESSION_TOKEN")?;

    let mut builder = Config::builder()
        .region(region)
        .credentials(Credentials::new(
            access_key_id,
            secret_access_key,
            session_token,
        ));
    if let Some(endpoint) = optional_var("AWS_ENDPOINT_URL")? {
        builder = builder.endpoint_url(endpoint);
    }
    Ok(builder.build())
}

fn required_var(name: &str) -> Result<String, String> {
    optional_var(name)?.ok_or_else(|| format!("{name} is not set"))
}

/// The variable's value; unset and empty both count as absent. The value itself never goes
/// into an error message, since it may be a secret.
fn optional_var(name: &str) -> Result<Option<String>, String> {
    match env::var(name) {
        Ok(value) if value.trim().is_empty() => Ok(None),
        Ok(value) => Ok(Some(value)),
        Err(VarError::NotPresent) => Ok(None),
        Err(VarError::NotUnicode(_)) => Err(format!("{name} is not valid UTF-8")),
    }
}

/// The error and its causes as one line. The SDK's errors already quote their direct cause in
/// their own message, so a cause is only added when it says something new.
fn error_chain(error: &dyn Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}
