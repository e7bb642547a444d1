//! The single error type of the crate: what went wrong, about which shape, in which file.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::shape::{MemberId, ShapeId};

/// What an error is about: a shape or one of its members.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Subject {
    Shape(String),
    Member(String),
}

/// A model that could not be read, parsed or validated, or a query about a shape it lacks.
///
/// Displayed as `[file: ]shape `ns#Foo`: what is wrong` (or ``member `ns#Foo$bar`: ...`` for
/// member problems, or just the message when no shape is involved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    file: Option<PathBuf>,
    subject: Option<Subject>,
    message: String,
}

impl ModelError {
    /// An error about the model as a whole.
    pub(crate) fn general(message: impl Into<String>) -> ModelError {
        ModelError {
            file: None,
            subject: None,
            message: message.into(),
        }
    }

    /// An error about one shape (`id` may be text that failed to parse as a shape id).
    pub(crate) fn at_shape(id: impl fmt::Display, message: impl Into<String>) -> ModelError {
        ModelError {
            file: None,
            subject: Some(Subject::Shape(id.to_string())),
            message: message.into(),
        }
    }

    /// An error about one member of a shape.
    pub(crate) fn at_member(id: &MemberId, message: impl Into<String>) -> ModelError {
        ModelError {
            file: None,
            subject: Some(Subject::Member(id.to_string())),
            message: message.into(),
        }
    }

    /// An error about a shape id, or about one of its members when `member` is given.
    pub(crate) fn at(id: &ShapeId, member: Option<&str>, message: impl Into<String>) -> ModelError {
        match member {
            Some(member) => ModelError::at_member(
                &MemberId {
                    container: id.clone(),
                    member: member.to_owned(),
                },
                message,
            ),
            None => ModelError::at_shape(id, message),
        }
    }

    /// Records the file the model was read from.
    pub(crate) fn in_file(mut self, path: &Path) -> ModelError {
        self.file = Some(path.to_owned());
        self
    }

    /// The shape id the error is about (a member id `ns#Shape$member` for member problems).
    pub fn shape(&self) -> Option<&str> {
        match &self.subject {
            Some(Subject::Shape(id) | Subject::Member(id)) => Some(id),
            None => None,
        }
    }

    /// What is wrong, without the file and shape prefix.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The model file, when the model was loaded with [`load_file`](crate::load_file).
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}: ", file.display())?;
        }
        match &self.subject {
            Some(Subject::Shape(id)) => write!(f, "shape `{id}`: ")?,
            Some(Subject::Member(id)) => write!(f, "member `{id}`: ")?,
            None => {}
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ModelError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> ShapeId {
        match ShapeId::parse(text) {
            Some(id) => id,
            None => panic!("test shape id `{text}` does not parse"),
        }
    }

    #[test]
    fn general_error_is_just_the_message() {
        let error = ModelError::general("no service shape");
        assert_eq!(error.to_string(), "no service shape");
        assert_eq!(error.shape(), None);
        assert_eq!(error.file(), None);
    }

    #[test]
    fn shape_error_names_the_shape_first() {
        let error = ModelError::at_shape(id("ns#Foo"), "unknown shape type `thing`");
        assert_eq!(
            error.to_string(),
            "shape `ns#Foo`: unknown shape type `thing`"
        );
        assert_eq!(error.shape(), Some("ns#Foo"));
        assert_eq!(error.message(), "unknown shape type `thing`");
    }

    #[test]
    fn member_error_names_the_member_id() {
        let error = ModelError::at(&id("ns#Foo"), Some("bar"), "is wrong");
        assert_eq!(error.to_string(), "member `ns#Foo$bar`: is wrong");
        assert_eq!(error.shape(), Some("ns#Foo$bar"));
    }

    #[test]
    fn file_comes_before_everything() {
        let error = ModelError::at_shape("ns#Foo", "is wrong").in_file(Path::new("dir/m.json"));
        assert_eq!(error.to_string(), "dir/m.json: shape `ns#Foo`: is wrong");
        assert_eq!(error.file(), Some(Path::new("dir/m.json")));
    }
}
