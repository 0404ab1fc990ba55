//! The user's files and the map from design pointers back into them.

use std::collections::BTreeMap;

use archlint_core::text::LineIndex;

use crate::ent::Loc;

/// One input file: its path as the user named it and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }
}

/// Byte offsets of a file → [`Loc`] (1-based line, column in Unicode scalars).
pub struct Lines<'a> {
    text: &'a str,
    index: LineIndex,
    file: u32,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str, file: u32) -> Lines<'a> {
        Lines {
            text,
            index: LineIndex::new(text),
            file,
        }
    }
    pub fn loc(&self, offset: usize) -> Loc {
        let off = u32::try_from(offset.min(self.text.len())).unwrap_or(u32::MAX);
        let lc = self.index.line_col(self.text, off);
        Loc {
            file: self.file,
            line: lc.line,
            col: lc.column,
        }
    }
}

/// Design JSON pointer → where the user wrote it. A pointer with no entry of its own takes the
/// position of its nearest ancestor that has one (a field archlint derived sits with the
/// resource it was derived from).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    entries: BTreeMap<String, Loc>,
}

impl SourceMap {
    pub fn insert(&mut self, pointer: String, at: Loc) {
        self.entries.insert(pointer, at);
    }
    pub fn get(&self, pointer: &str) -> Option<Loc> {
        self.entries.get(pointer).copied()
    }
    /// The position of `pointer` or of its nearest ancestor with one.
    pub fn locate(&self, pointer: &str) -> Option<Loc> {
        let mut p = pointer;
        loop {
            if let Some(l) = self.entries.get(p) {
                return Some(*l);
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return None,
            }
        }
    }
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = (&str, Loc)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), *v))
    }
}
