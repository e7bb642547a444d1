//! TODO(error): being written.
