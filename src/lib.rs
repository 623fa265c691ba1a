//! newsprint: a typesetting pipeline for Chinese newspapers.
//!
//! Stages, data flowing one way:
//! [`copy`] (read and repair copy) → [`shape`] (fonts, rustybuzz runs) → [`compose`] (lines:
//! breaking, compression, justification) → [`layout`] (page grid, story blocks, header) →
//! [`render`] (PDF). The [`build`] module runs them for an edition.

#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod art;
pub mod booking;
pub mod build;
pub mod chars;
pub mod compose;
pub mod copy;
pub mod diag;
pub mod geom;
pub mod layout;
pub mod preflight;
pub mod proof;
pub mod raster;
pub mod read;
pub mod render;
pub mod report;
pub mod shape;
pub mod style;
pub mod teasers;
