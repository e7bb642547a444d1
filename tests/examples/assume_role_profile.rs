//! Assumes the role of a named profile and prints who the resulting credentials belong to.
//!
//! `cargo run -p stsgen-tests --example assume_role_profile -- PROFILE`
//!
//! The profile (from `~/.aws/config`, or `AWS_CONFIG_FILE`) names a role and where the
//! credentials to assume it come from, for example:
//!
//! ```ini
//! [profile deploy]
//! role_arn = arn:aws:iam::123456789012:role/Deploy
//! source_profile = default
//! role_session_name = deploy-example
//! # mfa_serial = arn:aws:iam::123456789012:mfa/alice   (the code is asked for on stdin)
//! ```
//!
//! Without an argument the profile is `AWS_PROFILE`, else `default`. Region and endpoint come
//! from the usual places (`AWS_REGION`, the profile's `region`, `AWS_ENDPOINT_URL_STS`, ...; see
//! the README). It prints the temporary access key id and its expiry, never the secret key or
//! session token, then the caller identity STS reports for them.

use std::error::Error;
use std::io::{BufRead, Write};
use std::process::ExitCode;

use stsgen_config::ConfigLoader;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("assume_role_profile: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let mut loader = ConfigLoader::new().mfa_token_callback(prompt_for_mfa_code);
    if let Some(profile) = std::env::args().nth(1) {
        loader = loader.profile_name(profile);
    }
    let client = loader
        .load_client()
        .await
        .map_err(|error| format!("loading the configuration failed: {}", error_chain(&error)))?;
    let provider = client
        .config()
        .credentials_provider()
        .ok_or("the configuration has no credentials provider")?;
    let credentials = provider
        .provide_credentials()
        .await
        .map_err(|error| error_chain(&error))?;
    println!(
        "Credentials: {} from the `{}` provider, expiring {}",
        credentials.access_key_id(),
        credentials.provider_name(),
        credentials
            .expiry()
            .map(|expiry| expiry.to_string())
            .unwrap_or_else(|| "never".to_owned())
    );

    let identity = client
        .get_caller_identity()
        .send()
        .await
        .map_err(|error| format!("GetCallerIdentity failed: {}", error_chain(&error)))?;
    println!(
        "Account:     {}",
        identity.account().unwrap_or("(not returned)")
    );
    println!(
        "Arn:         {}",
        identity.arn().unwrap_or("(not returned)")
    );
    println!(
        "UserId:      {}",
        identity.user_id().unwrap_or("(not returned)")
    );
    Ok(())
}

/// Asks on the terminal for the code of the MFA device `serial`.
fn prompt_for_mfa_code(serial: &str) -> Result<String, Box<dyn Error + Send + Sync>> {
    eprint!("MFA code for {serial}: ");
    std::io::stderr().flush()?;
    let mut code = String::new();
    std::io::stdin().lock().read_line(&mut code)?;
    let code = code.trim();
    if code.is_empty() {
        return Err("no MFA code entered".into());
    }
    Ok(code.to_owned())
}

/// The error and its causes as one line, skipping causes its message already quotes.
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
