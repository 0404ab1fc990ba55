//! archlint's language server: the Language Server Protocol over standard input and output
//! (`archlint lsp`).
//!
//! - design JSON (a `.json` whose top-level object has the `"archlint"` version key),
//!   Terraform (`.tf`, `.tf.json`, `.tfvars`: the configuration is the file's directory, open
//!   buffers overriding what is on disk) and ROS templates (YAML or JSON naming
//!   `ROSTemplateFormatVersion`);
//! - diagnostics on open and change (the findings, at the range of the JSON value they point
//!   at, or at the line of the `.tf` / `.yaml` file an imported finding comes from);
//! - hover: a rule's documentation on a finding's range or on a rule code, a field's schema
//!   description on a design key;
//! - code actions: "Waive CODE for TARGET" (an `ignore` entry with a reason to edit);
//! - completion: field names and enum values from the design schema, ids in reference
//!   positions;
//! - coverage: when rules lack facts, one information diagnostic (code `coverage`) saying
//!   which and what is missing, each gap a related location (`coverage: false` turns it off).
//!
//! Robustness: malformed framing and payloads are answered with JSON-RPC errors and reading
//! goes on ([`transport`]); linting runs on a worker thread so that requests are answered
//! while it runs, and of several changes queued during a lint only the latest is linted.
//!
//! The project configuration (`archlint.toml`, found by walking up from each file as `archlint
//! check` finds it: `archlint_config`) gives the [`Settings`] of each file it lints; a host may
//! supply its own through [`Options::config`].

#![forbid(unsafe_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use archlint_core::{Date, Lang, Limits, LintOptions, Text};

mod actions;
mod complete;
mod docs;
mod lint;
pub mod pos;
mod schema;
mod server;
mod texts;
pub mod transport;
pub mod uri;

/// The settings in effect for one file.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The project's default language (the editor's `lang` wins over it).
    pub lang: Option<Lang>,
    /// Which rules run.
    pub lint: LintOptions,
    /// Limits on a design; `None`: the server's.
    pub limits: Option<Limits>,
    /// Terraform variables / ROS parameters (`NAME`, `VALUE`), in order.
    pub vars: Vec<(String, String)>,
    /// Terraform `.tfvars` files.
    pub var_files: Vec<PathBuf>,
    /// An overlay design merged into imported designs; waivers of imported findings are
    /// written into its `ignore` array.
    pub overlay: Option<PathBuf>,
    /// The project configuration in effect (rule selection, severities, waivers, profile);
    /// `None`: `lint` alone decides.
    pub project: Option<archlint_config::Settings>,
    /// Today, for the expiry of waivers.
    pub today: Option<Date>,
}

impl Settings {
    /// The settings a project configuration gives.
    pub fn from_project(p: archlint_config::Settings) -> Settings {
        Settings {
            lang: p.lang.as_ref().map(|(l, _)| *l),
            lint: LintOptions::default(),
            limits: None,
            vars: p
                .vars
                .iter()
                .map(|(k, v, _)| (k.clone(), v.clone()))
                .collect(),
            var_files: p.var_files.iter().map(|(f, _)| f.clone()).collect(),
            overlay: p.overlay.as_ref().map(|(f, _)| f.clone()),
            today: archlint_config::today().ok(),
            project: Some(p),
        }
    }
}

/// A project configuration that could not be read: where and why.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based; 0 when there is no position.
    pub line: u32,
    pub column: u32,
    pub message: Text,
}

/// The settings for a file (or a Terraform directory) from the project configuration.
pub type ConfigFn = dyn Fn(&Path) -> Result<Settings, ConfigError> + Send + Sync;

/// How the server is run.
pub struct Options {
    /// `--lang` of the command line.
    pub lang: Option<Lang>,
    /// The language of the environment (LC_ALL / LC_MESSAGES / LANG), the last resort.
    pub env_lang: Lang,
    /// The settings of a file; `None`: from its project configuration (`archlint.toml`).
    pub config: Option<Box<ConfigFn>>,
    /// Limits on a design when the configuration sets none.
    pub limits: Limits,
    /// How long a change waits for the next one before it is linted.
    pub debounce: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            lang: None,
            env_lang: Lang::En,
            config: None,
            limits: Limits::DEFAULT,
            debounce: Duration::from_millis(30),
        }
    }
}

impl Options {
    pub(crate) fn settings(&self, path: Option<&Path>) -> Result<Settings, ConfigError> {
        // A document without a path (an unsaved buffer) is taken to be in the working
        // directory.
        let owned;
        let path = match path {
            Some(p) => p,
            None => {
                owned = std::env::current_dir().unwrap_or_default().join("untitled");
                &owned
            }
        };
        match &self.config {
            Some(f) => f(path),
            None => archlint_config::resolve_config(path)
                .map(Settings::from_project)
                .map_err(|e| ConfigError {
                    path: PathBuf::from(&e.file),
                    line: e.line,
                    column: e.column,
                    message: e.message,
                }),
        }
    }
}

/// Serves the protocol on standard input and output until `exit` or the end of the input.
/// Returns the exit status: 0 after `shutdown` then `exit`, 1 otherwise (as the protocol says).
pub fn run_stdio(opts: Options) -> u8 {
    serve(std::io::stdin(), std::io::stdout(), opts)
}

/// Serves the protocol on a reader and a writer (standard input and output, or pipes in tests).
pub fn serve(
    input: impl Read + Send + 'static,
    output: impl Write + Send + 'static,
    opts: Options,
) -> u8 {
    server::serve(input, output, opts)
}
