//! Renderers of a laid-out page.

pub mod pdf;
