//! Tests of `stsgen-config` with isolated environments and files: settings precedence, the
//! loader, and the credential providers against a fake STS (the recording transport).

mod common;
mod credentials;
mod loader;
mod settings;
