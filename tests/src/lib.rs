//! Test support for the STS generator's test suites: a local moto server for end-to-end tests
//! and a canned in-process HTTP server for exact wire-level checks.

pub mod canned_server;
pub mod moto;
