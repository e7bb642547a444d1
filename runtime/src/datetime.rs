//! TODO(datetime): being written.
