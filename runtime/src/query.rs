//! TODO(query): being written.
