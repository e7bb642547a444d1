//! Prints who the configured AWS credentials belong to, using STS `GetCallerIdentity`.
//!
//! `cargo run -p stsgen-tests --example whoami`
//!
//! Configuration comes from where the AWS CLI finds it (`stsgen_config::from_env`; see the
//! README's "Configuration and credentials"): the region from `AWS_REGION`,
//! `AWS_DEFAULT_REGION` or the profile's `region`; the endpoint from `AWS_ENDPOINT_URL_STS`,
//! `AWS_ENDPOINT_URL` or the profile (for example a local moto server,
//! `http://127.0.0.1:5000`); credentials from `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` /
//! `AWS_SESSION_TOKEN`, else the profile `AWS_PROFILE` (or `default`) of `~/.aws/config` and
//! `~/.aws/credentials`, including assume-role profiles, else web identity variables.
//!
//! On success it prints the account, ARN and user id. A configuration problem or failed call is
//! reported on stderr with exit code 1. Secret values are never printed: error messages name
//! the variable, file or profile, not the secret.

use std::error::Error;
use std::process::ExitCode;

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
    let config = stsgen_config::from_env()
        .await
        .map_err(|error| format!("loading the configuration failed: {}", error_chain(&error)))?;
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

/// The error and its causes as one line. The SDK's errors already quote their direct cause in
/// their own message, so a cause is only added when it says something new.
fn error_chain(error: &(dyn Error + 'static)) -> String {
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
