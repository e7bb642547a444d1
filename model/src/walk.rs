//! Queries over a loaded [`Model`]: look-ups, the service, its operations and its closure.

use std::collections::BTreeSet;

use crate::error::ModelError;
use crate::prelude;
use crate::shape::{Model, Shape, ShapeId, ShapeKind};

impl Model {
    /// The shape with this id, if defined (prelude shapes included).
    pub fn get(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// The shape with this id, or an "unknown shape" error naming it.
    pub fn expect(&self, id: &ShapeId) -> Result<&Shape, ModelError> {
        self.get(id)
            .ok_or_else(|| ModelError::at_shape(id, "unknown shape: the model does not define it"))
    }

    /// The model's single service shape (the prelude defines none).
    ///
    /// Errors when there is no service, or when there are several (naming them all).
    pub fn service(&self) -> Result<&Shape, ModelError> {
        let services: Vec<&Shape> = self
            .shapes
            .values()
            .filter(|shape| matches!(shape.kind, ShapeKind::Service(_)))
            .filter(|shape| !prelude::is_prelude(&shape.id))
            .collect();
        match services.as_slice() {
            [service] => Ok(service),
            [] => Err(ModelError::general("no service shape in the model")),
            several => Err(ModelError::general(format!(
                "expected one service shape, found {}: {}",
                several.len(),
                several
                    .iter()
                    .map(|shape| format!("`{}`", shape.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// Every operation bound to `service`, directly or through its resources (recursively),
    /// each once, sorted by shape id. Empty when `service` is not a service shape.
    pub fn operations(&self, service: &ShapeId) -> Vec<&Shape> {
        let Some(ShapeKind::Service(root)) = self.get(service).map(|shape| &shape.kind) else {
            return Vec::new();
        };
        let mut operations: BTreeSet<&ShapeId> = root.operations.iter().collect();
        let mut seen = BTreeSet::new();
        let mut pending: Vec<&ShapeId> = root.resources.iter().collect();
        while let Some(id) = pending.pop() {
            if !seen.insert(id) {
                continue;
            }
            if let Some(ShapeKind::Resource(resource)) = self.get(id).map(|shape| &shape.kind) {
                operations.extend(&resource.operations);
                pending.extend(&resource.resources);
            }
        }
        operations
            .into_iter()
            .filter_map(|id| self.get(id))
            .filter(|shape| matches!(shape.kind, ShapeKind::Operation(_)))
            .collect()
    }

    /// Every shape reachable from `service`, the service itself included: its operations and
    /// resources, their input, output and errors, service errors, and member targets,
    /// recursively. Sorted by shape id; prelude shapes appear when something targets them.
    pub fn closure(&self, service: &ShapeId) -> Vec<&Shape> {
        let mut seen: BTreeSet<&ShapeId> = BTreeSet::new();
        let mut pending = vec![service];
        while let Some(id) = pending.pop() {
            let Some(shape) = self.get(id) else {
                continue;
            };
            if !seen.insert(&shape.id) {
                continue;
            }
            pending.extend(neighbours(shape));
        }
        seen.into_iter().filter_map(|id| self.get(id)).collect()
    }
}

/// The shapes `shape` refers to directly.
fn neighbours(shape: &Shape) -> Vec<&ShapeId> {
    match &shape.kind {
        ShapeKind::Structure { members } | ShapeKind::Union { members } => {
            members.iter().map(|member| &member.target).collect()
        }
        ShapeKind::List { member, .. } => vec![&member.target],
        ShapeKind::Map { key, value } => vec![&key.target, &value.target],
        ShapeKind::Operation(operation) => operation
            .input
            .iter()
            .chain(&operation.output)
            .chain(&operation.errors)
            .collect(),
        ShapeKind::Service(service) => service
            .operations
            .iter()
            .chain(&service.resources)
            .chain(&service.errors)
            .collect(),
        ShapeKind::Resource(resource) => resource
            .operations
            .iter()
            .chain(&resource.resources)
            .collect(),
        ShapeKind::Simple(_) | ShapeKind::Enum { .. } | ShapeKind::IntEnum { .. } => Vec::new(),
    }
}
