//! The open documents: their text, version and what they are.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use crate::pos::{Encoding, Lines};

/// What a document is to archlint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Design,
    Terraform,
    Ros,
    /// Something else (another JSON or YAML file): no diagnostics.
    Other,
}

pub struct Doc {
    pub uri: Uri,
    pub path: Option<PathBuf>,
    pub language_id: String,
    pub version: i32,
    pub text: Arc<String>,
    pub kind: Kind,
}

/// The name a document is known by: its path, else its URI.
pub fn name_of(uri: &Uri, path: Option<&Path>) -> String {
    path.map_or_else(
        || uri.as_str().to_string(),
        |p| p.to_string_lossy().into_owned(),
    )
}

/// A `.tf`, `.tf.json` or `.tfvars` name.
pub fn is_terraform_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".tf")
        || n.ends_with(".tf.json")
        || n.ends_with(".tfvars")
        || n.ends_with(".tfvars.json")
}

/// The `.tf` / `.tf.json` files and the auto-loaded `.tfvars` of a directory, as Terraform
/// reads them (the CLI's rule: `cli/src/source.rs`).
pub fn is_configuration_file(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".tf")
        || n.ends_with(".tf.json")
        || n == "terraform.tfvars"
        || n == "terraform.tfvars.json"
        || n.ends_with(".auto.tfvars")
        || n.ends_with(".auto.tfvars.json")
}

/// What a document is, from its name, language id and text.
pub fn kind_of(name: &str, language_id: &str, text: &str) -> Kind {
    let lower = name.to_ascii_lowercase();
    if is_terraform_name(&lower) || language_id == "terraform" || language_id == "terraform-vars" {
        return Kind::Terraform;
    }
    let yaml = lower.ends_with(".yaml") || lower.ends_with(".yml") || language_id.contains("yaml");
    let json = lower.ends_with(".json") || language_id.starts_with("json");
    if (yaml || json) && archlint_import::looks_like_ros(text) {
        return Kind::Ros;
    }
    if json && has_version_key(text) {
        return Kind::Design;
    }
    Kind::Other
}

/// Whether the top-level object of a JSON text has an `"archlint"` key (looked for without
/// parsing: the first `"archlint"` string at depth 1 followed by a colon).
fn has_version_key(text: &str) -> bool {
    let b = text.as_bytes();
    let mut depth = 0i32;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                let end = i.min(b.len());
                if depth == 1 && &b[start..end] == b"archlint" {
                    let rest = &b[(end + 1).min(b.len())..];
                    if rest.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b':') {
                        return true;
                    }
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    false
}

/// Applies `didChange` content changes to a text: a change with a range replaces that range
/// (positions clamped to the text), one without replaces the whole text.
pub fn apply_changes(text: &mut String, changes: &[TextDocumentContentChangeEvent], enc: Encoding) {
    for c in changes {
        match c.range {
            None => {
                text.clear();
                text.push_str(&c.text);
            }
            Some(r) => {
                let (s, e) = {
                    let lines = Lines::new(text, enc);
                    let s = lines.offset(r.start);
                    let e = lines.offset(r.end).max(s);
                    (s, e)
                };
                text.replace_range(s..e, &c.text);
            }
        }
    }
}

/// The open documents by URI.
#[derive(Default)]
pub struct Docs {
    pub map: BTreeMap<String, Doc>,
}

impl Docs {
    pub fn get(&self, uri: &Uri) -> Option<&Doc> {
        self.map.get(uri.as_str())
    }

    /// The open documents that have a path: they replace the files on disk when a
    /// configuration, its modules, var files or overlay are read.
    pub fn with_paths(&self) -> Vec<(PathBuf, Uri, i32, Arc<String>)> {
        self.map
            .values()
            .filter_map(|d| {
                Some((
                    d.path.clone()?,
                    d.uri.clone(),
                    d.version,
                    Arc::clone(&d.text),
                ))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    #[test]
    fn kinds() {
        assert_eq!(
            kind_of("a.json", "json", r#"{"archlint": 1}"#),
            Kind::Design
        );
        assert_eq!(
            kind_of("a.json", "json", r#"{"nodes": [{"archlint": 1}]}"#),
            Kind::Other
        );
        assert_eq!(
            kind_of("package.json", "json", r#"{"name": "x"}"#),
            Kind::Other
        );
        assert_eq!(kind_of("main.tf", "", ""), Kind::Terraform);
        assert_eq!(kind_of("x.tf.json", "json", "{}"), Kind::Terraform);
        assert_eq!(
            kind_of("s.yaml", "yaml", "ROSTemplateFormatVersion: '2015-09-01'"),
            Kind::Ros
        );
        assert_eq!(kind_of("s.yaml", "yaml", "a: 1"), Kind::Other);
    }

    #[test]
    fn incremental_changes() {
        let mut t = String::from("{\n  \"a\": 1\n}");
        let ch = |sl, sc, el, ec, s: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(sl, sc), Position::new(el, ec))),
            range_length: None,
            text: s.into(),
        };
        apply_changes(
            &mut t,
            &[ch(1, 7, 1, 8, "2"), ch(1, 2, 1, 2, "\"云\": 0, ")],
            Encoding::Utf16,
        );
        assert_eq!(t, "{\n  \"云\": 0, \"a\": 2\n}");
        // Out of range: clamped, never a panic.
        apply_changes(&mut t, &[ch(9, 9, 1, 0, "x")], Encoding::Utf16);
        assert!(t.ends_with("}x"));
    }
}
