//! TODO(xml): being written.
