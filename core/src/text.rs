//! Languages, bilingual texts, and turning byte offsets into line:column.

use alloc::string::String;
use alloc::vec::Vec;

/// The language of every human-readable text archlint produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// Parses `en`, `zh` and locale strings such as `zh_CN.UTF-8` or `en-US`.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim();
        let head: String = s
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        match head.as_str() {
            "en" | "c" | "posix" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

/// A text in English and Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    pub en: String,
    pub zh: String,
}

impl Text {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            zh: zh.into(),
        }
    }
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// A static text in English and Chinese.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaticText {
    pub en: &'static str,
    pub zh: &'static str,
}

impl StaticText {
    pub const fn new(en: &'static str, zh: &'static str) -> StaticText {
        StaticText { en, zh }
    }
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

/// Builds a [`Text`] from two format strings sharing the same arguments:
/// `text!("{n} nodes", "{n} 个节点")`.
///
/// The strings take inline captured identifiers only (`{name}`, `{name:spec}`, `{{`, `}}`),
/// and give exactly what `format!` would. The `archlint-macros` proc macro turns them into two
/// templates at compile time and the call into one [`Text::fill`]: much less code per message
/// than two `format!`s.
#[macro_export]
macro_rules! text {
    ($en:literal, $zh:literal $(,)?) => {
        $crate::text::__text!($crate; $en, $zh)
    };
}

#[doc(hidden)]
pub use archlint_macros::text as __text;

impl Text {
    /// The two templates of `text!` (English, U+000F, Chinese) filled in: each character
    /// U+0010 + i of a template is replaced by `args[i]` (`Display`).
    #[doc(hidden)]
    #[inline(never)]
    pub fn fill(templates: &str, args: &[&dyn core::fmt::Display]) -> Text {
        let (en, zh) = templates.split_once('\u{f}').unwrap_or((templates, ""));
        Text {
            en: fill(en, args),
            zh: fill(zh, args),
        }
    }
}

fn fill(template: &str, args: &[&dyn core::fmt::Display]) -> String {
    use core::fmt::Write;
    let mut out = String::with_capacity(template.len() + 8 * args.len());
    let mut rest = template;
    while let Some(at) = rest.find(|c| ('\u{10}'..='\u{1f}').contains(&c)) {
        out.push_str(sub(rest, 0, at));
        let slot = usize::from(rest.as_bytes()[at] - 0x10);
        let _ = write!(out, "{}", args[slot]);
        rest = sub(rest, at + 1, rest.len());
    }
    out.push_str(rest);
    out
}

/// `&s[a..b]`, for positions known to be char boundaries. `str` indexing's panic path
/// (`slice_error_fail`) describes the offending character with `char`'s `Debug`, which links
/// character escaping and Unicode tables (about 1 KB gzip of the docs widget); `str::get` does not.
pub(crate) fn sub(s: &str, a: usize, b: usize) -> &str {
    s.get(a..b).expect("a char boundary")
}

/// The first position of `needle` (not empty) in `hay`: `hay.find(needle)` without the
/// standard library's Two-Way searcher (about 2 KB of WASM), for the few short needles used.
pub(crate) fn find_str(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?).find(|&i| h[i..].starts_with(n))
}

/// `s.replace(from, to)` (`from` not empty), with [`find_str`].
pub(crate) fn replace_str(s: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = find_str(rest, from) {
        out.push_str(sub(rest, 0, i));
        out.push_str(to);
        rest = sub(rest, i + from.len(), rest.len());
    }
    out.push_str(rest);
    out
}

/// A JSON pointer token unescaped: `~1` → `/`, then `~0` → `~` (RFC 6901).
pub(crate) fn unescape_pointer_token(t: &str) -> String {
    replace_str(&replace_str(t, "~1", "/"), "~0", "~")
}

/// Numbers joined by `sep` (`80, 8080`): `ns.iter().map(|n| format!("{n}")).collect::<Vec<_>>()
/// .join(sep)` without the vector (each such collect is a few hundred bytes of WASM).
pub(crate) fn number_list(ns: &[u16], sep: &str) -> String {
    let mut out = String::new();
    for (i, &n) in ns.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        crate::numfmt::uint(&mut out, u64::from(n));
    }
    out
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// Start offsets of every line of a text, for offset → line:column.
///
/// Columns count characters; to keep that cheap on long (minified) lines, the index also keeps
/// the running character count at checkpoints every few KiB, so a column costs at most one
/// checkpoint interval of counting.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<u32>,
    /// (byte offset on a char boundary, characters before it), every ~4 KiB.
    checkpoints: Vec<(u32, u32)>,
}

const CHECKPOINT: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        let mut longest = 0;
        let mut start = 0;
        let bytes = text.as_bytes();
        // Eight bytes at a time: a word with no line break is skipped whole (a line break is
        // one byte in 30 of a pretty-printed design; this pass runs on every edit).
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let mut i = 0;
        while i < bytes.len() {
            if let Some(w) = bytes.get(i..i + 8) {
                let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]])
                    ^ (ONES * u64::from(b'\n'));
                if x.wrapping_sub(ONES) & !x & HIGH == 0 {
                    i += 8;
                    continue;
                }
            }
            let end = (i + 8).min(bytes.len());
            for (k, &b) in bytes[i..end].iter().enumerate() {
                if b == b'\n' {
                    longest = longest.max(i + k - start);
                    start = i + k + 1;
                    starts.push(start as u32);
                }
            }
            i = end;
        }
        longest = longest.max(text.len() - start);
        let mut checkpoints = Vec::new();
        checkpoints.push((0, 0));
        let mut chars = 0u32;
        let mut at = 0usize;
        // Checkpoints only serve lines longer than an interval (a pretty-printed design has
        // none, and counting its characters was a second pass over the text on every edit).
        while longest > CHECKPOINT && at + CHECKPOINT < text.len() {
            let mut next = at + CHECKPOINT;
            while !text.is_char_boundary(next) {
                next += 1;
            }
            chars += count_chars(&bytes[at..next]);
            checkpoints.push((next as u32, chars));
            at = next;
        }
        LineIndex {
            starts,
            checkpoints,
        }
    }
    /// Characters before byte `offset` (a char boundary).
    fn chars_before(&self, text: &str, offset: usize) -> u32 {
        let i = self
            .checkpoints
            .partition_point(|&(b, _)| b as usize <= offset)
            - 1;
        let (b, c) = self.checkpoints[i];
        c + count_chars(&text.as_bytes()[b as usize..offset])
    }
    /// The line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, text: &str, offset: u32) -> LineCol {
        let mut offset = (offset as usize).min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line] as usize;
        let column = if offset - start <= CHECKPOINT {
            count_chars(&text.as_bytes()[start..offset]) + 1
        } else {
            self.chars_before(text, offset) - self.chars_before(text, start) + 1
        };
        LineCol {
            line: line as u32 + 1,
            column,
        }
    }
    /// The byte range of a 1-based line, without its line break.
    pub fn line_range(&self, text: &str, line: u32) -> Option<(usize, usize)> {
        let i = line.checked_sub(1)? as usize;
        let start = *self.starts.get(i)? as usize;
        let mut end = self
            .starts
            .get(i + 1)
            .map(|&s| s as usize - 1)
            .unwrap_or(text.len());
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        Some((start, end))
    }
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

/// Characters in a UTF-8 byte slice: the bytes that are not continuation bytes. (Also instead of
/// `str::chars().count()`, whose unrolled version is 0.9 KB of WASM.)
pub(crate) fn count_chars(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count() as u32
}

/// Edit distance (optimal string alignment), for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let w = b.len() + 1;
    let mut d = alloc::vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // The work is in `Nearest`'s non-generic methods: each caller's iterator type makes an
    // instance of this loop only (the docs widget has four).
    let mut n = Nearest::new(word);
    for c in candidates {
        n.offer(c);
    }
    n.best(word)
}

/// The closest candidate so far (see [`suggest`]).
struct Nearest<'a> {
    lower: String,
    best: Option<(usize, &'a str)>,
}

impl<'a> Nearest<'a> {
    fn new(word: &str) -> Nearest<'a> {
        Nearest {
            lower: word.to_ascii_lowercase(),
            best: None,
        }
    }

    #[inline(never)]
    fn offer(&mut self, c: &'a str) {
        let d = if c.eq_ignore_ascii_case(&self.lower) {
            0
        } else {
            edit_distance(&self.lower, &c.to_ascii_lowercase())
        };
        // ties go to the smaller candidate, so the answer does not depend on the order given
        if self
            .best
            .is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc))
        {
            self.best = Some((d, c));
        }
    }

    #[inline(never)]
    fn best(&self, word: &str) -> Option<&'a str> {
        let limit =
            (count_chars(word.as_bytes()) as usize / 3).max(1) + usize::from(word.len() > 6);
        self.best.filter(|&(d, _)| d <= limit).map(|(_, c)| c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_columns_count_chars() {
        let t = "ab\n中文x\r\nz";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_col(t, 0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(t, 3), LineCol { line: 2, column: 1 });
        let x = t.find('x').unwrap() as u32;
        assert_eq!(idx.line_col(t, x), LineCol { line: 2, column: 3 });
        assert_eq!(idx.line_range(t, 2), Some((3, 10)));
        assert_eq!(idx.line_col(t, 999), LineCol { line: 3, column: 2 });
    }

    #[test]
    fn long_lines_use_checkpoints() {
        let mut t = std::string::String::new();
        for i in 0..5000 {
            t.push_str(if i % 3 == 0 { "中" } else { "ab" });
        }
        t.push('\n');
        t.push('x');
        let idx = LineIndex::new(&t);
        for off in (0..t.len()).step_by(997).chain([t.len() - 2, t.len()]) {
            let mut o = off;
            while !t.is_char_boundary(o) {
                o -= 1;
            }
            let expect = t[..o].rsplit('\n').next().unwrap().chars().count() as u32 + 1;
            assert_eq!(idx.line_col(&t, off as u32).column, expect, "offset {off}");
        }
        assert_eq!(
            idx.line_col(&t, t.len() as u32),
            LineCol { line: 2, column: 2 }
        );
    }

    #[test]
    fn text_is_format() {
        use std::format;
        let (id, n, byte, x) = ("a`b{}", 3usize, 0xabu8, 2.5f64);
        let t = crate::text!(
            "{id} {{literal}} {n} {id}{n:>4} 0x{byte:02X} {x:?}}}",
            "{n}个 {{}}\u{4e2d}\"\
             {id} 0x{byte:02x}{x}"
        );
        assert_eq!(
            t.en,
            format!("{id} {{literal}} {n} {id}{n:>4} 0x{byte:02X} {x:?}}}")
        );
        assert_eq!(t.zh, format!("{n}个 {{}}\u{4e2d}\"{id} 0x{byte:02x}{x}"));
        let t = crate::text!("plain", r#"raw "{{}}""#,);
        assert_eq!((t.en.as_str(), t.zh.as_str()), ("plain", r#"raw "{}""#));
    }

    #[test]
    fn find_and_replace_like_std() {
        let cases = [
            "",
            "a",
            "~",
            "~0~1",
            "~01",
            "~~11",
            "a~1b~0c~",
            "中国移动 mobile",
            "x, y, z",
            ", ,,",
        ];
        for hay in cases {
            for needle in ["~1", "~0", "mobile", "移动", ", ", "a", "z"] {
                assert_eq!(find_str(hay, needle), hay.find(needle), "{hay} {needle}");
                assert_eq!(replace_str(hay, needle, "/"), hay.replace(needle, "/"));
            }
            let parts: Vec<&str> = hay.split(',').collect();
            let want: Vec<String> = parts.iter().map(|p| std::format!("`{p}`")).collect();
            assert_eq!(crate::rules::helpers::quoted(&parts, "、"), want.join("、"));
            let owned: Vec<String> = parts.iter().map(|p| String::from(*p)).collect();
            assert_eq!(crate::rules::helpers::quoted(&owned, ", "), want.join(", "));
            for (a, b) in [(0, hay.len()), (0, 0), (hay.len(), hay.len())] {
                assert_eq!(sub(hay, a, b), &hay[a..b]);
            }
            assert_eq!(
                unescape_pointer_token(hay),
                hay.replace("~1", "/").replace("~0", "~")
            );
        }
        for ports in [&[][..], &[80], &[0, 22, 443, 8080, 65535]] {
            for sep in [", ", "/", "、"] {
                let want: Vec<String> = ports.iter().map(|p| std::format!("{p}")).collect();
                assert_eq!(number_list(ports, sep), want.join(sep));
            }
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            suggest("securty_groups", ["security_groups", "nodes"]),
            Some("security_groups")
        );
        assert_eq!(suggest("zoen", ["zone", "role"]), Some("zone"));
        assert_eq!(suggest("Region", ["region"]), Some("region"));
        assert_eq!(suggest("colour", ["zone", "cpu"]), None);
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("C.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("fr_FR"), None);
    }
}
