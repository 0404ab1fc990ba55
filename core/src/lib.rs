//! archlint core: loads a cloud-architecture design, lints it against the facts and practices
//! of a financial cloud, and lays it out and draws it.
//!
//! No I/O happens here: text goes in; findings, SVG and DOT text come out. The crate is
//! `#![no_std]` with `alloc` so that the same code runs natively, in the browser editor and in
//! the docs widget.

#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod cidr;
pub mod gen;
pub mod index;
pub mod json;
pub mod lint;
pub mod model;
pub mod net;
pub mod output;
pub mod rule;
pub mod rules;
pub mod text;

pub use lint::{check, lint, load, Limits, LintOptions, LoadError, LoadErrorKind, Loaded, Report};
pub use rule::{Finding, RuleMeta, Severity};
pub use text::{Lang, Text};

/// The JSON Schema (draft 2020-12) of the design format, version 1 (`archlint schema`).
pub const SCHEMA: &str = include_str!("../schema/design.schema.json");
