//! SigV4 signing.
