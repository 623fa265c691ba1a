//! Page layout: grid, story blocks, header.

mod page;

pub use page::*;
