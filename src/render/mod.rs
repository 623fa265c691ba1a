//! Renderers of a laid-out page.
