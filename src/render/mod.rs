//! Renderers of a laid-out page.

pub mod marks;
pub mod pdf;
