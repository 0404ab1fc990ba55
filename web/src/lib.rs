//! The archlint browser design editor: a Yew app over the design's JSON, linted live by
//! archlint-core. The modules other than `components` and `dom` are plain Rust and tested
//! natively.

pub mod ahead;
pub mod art;
pub mod build;
pub mod components;
pub mod doc;
pub mod dom;
pub mod gesture;
pub mod i18n;
pub mod import;
pub mod schema;
pub mod search;
pub mod share;
pub mod state;
pub mod storage;
