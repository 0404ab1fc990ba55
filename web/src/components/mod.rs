//! One component per file.

pub mod app;
pub mod canvas;
pub mod coverage;
pub mod dialogs;
pub mod file_menu;
pub mod finding_item;
pub mod findings;
pub mod open;
pub mod palette;
pub mod properties;
pub mod rule_browser;
pub mod search_box;
pub mod toolbar;
pub mod workspace;
