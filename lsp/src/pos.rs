//! Byte offsets ↔ LSP positions (line, character) in the encoding agreed at `initialize`.

use lsp_types::{Position, Range};

/// How `character` counts: UTF-16 code units (the LSP default) or bytes (`utf-8`, when the
/// client offers it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// The line starts of one text.
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
    enc: Encoding,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str, enc: Encoding) -> Lines<'t> {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines { text, starts, enc }
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The byte range of line `line` (0-based) without its end of line.
    pub fn line_span(&self, line: usize) -> (usize, usize) {
        let Some(&s) = self.starts.get(line) else {
            return (self.text.len(), self.text.len());
        };
        let mut e = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |&n| n - 1);
        if e > s && self.text.as_bytes()[e - 1] == b'\r' {
            e -= 1;
        }
        (s, e)
    }

    /// The position of byte `off` (clamped to the text, moved back to a character boundary).
    pub fn position(&self, off: usize) -> Position {
        let mut off = off.min(self.text.len());
        while !self.text.is_char_boundary(off) {
            off -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= off) - 1;
        let seg = &self.text[self.starts[line]..off];
        let character = match self.enc {
            Encoding::Utf8 => seg.len(),
            Encoding::Utf16 => seg.chars().map(char::len_utf16).sum(),
        };
        Position::new(to_u32(line), to_u32(character))
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end.max(start)))
    }

    /// The byte offset of a position; a position past the end of its line is the end of the
    /// line, past the last line the end of the text.
    pub fn offset(&self, p: Position) -> usize {
        let line = p.line as usize;
        if line >= self.starts.len() {
            return self.text.len();
        }
        let (s, e) = self.line_span(line);
        let want = p.character as usize;
        let mut units = 0;
        for (i, c) in self.text[s..e].char_indices() {
            if units >= want {
                return s + i;
            }
            units += match self.enc {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
        }
        e
    }

    /// The byte offset of a 1-based line and column counted in Unicode scalar values (the
    /// core's and the importer's positions).
    pub fn offset_of_line_col(&self, line: u32, column: u32) -> usize {
        if line == 0 {
            return 0;
        }
        let (s, e) = self.line_span(line as usize - 1);
        let skip = column.saturating_sub(1) as usize;
        self.text[s..e]
            .char_indices()
            .nth(skip)
            .map_or(e, |(i, _)| s + i)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Whether two ranges overlap or touch.
pub fn touches(a: &Range, b: &Range) -> bool {
    !(a.end < b.start || b.end < a.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_utf8_columns() {
        let t = "ab\r\n云𝄞x\nlast";
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let l = Lines::new(t, enc);
            let x = t.find('x').unwrap();
            let p = l.position(x);
            assert_eq!(p.line, 1);
            assert_eq!(
                p.character,
                if enc == Encoding::Utf8 { 7 } else { 3 },
                "{enc:?}"
            );
            assert_eq!(l.offset(p), x);
            // Past the end of a line: its end (before \r\n).
            assert_eq!(l.offset(Position::new(0, 99)), 2);
            assert_eq!(l.offset(Position::new(9, 0)), t.len());
            assert_eq!(l.offset_of_line_col(2, 3), t.find('x').unwrap());
            assert_eq!(l.offset_of_line_col(3, 2), t.len() - 3);
        }
    }
}
