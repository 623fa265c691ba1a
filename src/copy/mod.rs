//! Reading copy: the manifest, block recognition and repairs.

mod model;

pub use model::*;
