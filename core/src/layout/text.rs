//! Measuring, cleaning and wrapping label text without a font.
//!
//! Widths are in tenths of an em: CJK and fullwidth glyphs count as one em (10), everything
//! else as 0.6 em (6). That is close enough for the sans-serif fonts the SVG asks for.

use alloc::string::String;
use alloc::vec::Vec;

/// The ellipsis appended to cut text.
pub const ELLIPSIS: char = '…';

/// Whether a character is drawn one em wide (CJK, Hangul, fullwidth forms, …).
pub fn is_wide(c: char) -> bool {
    let u = c as u32;
    matches!(u,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// The width of one character, in tenths of an em.
pub fn char_width(c: char) -> u32 {
    // (Below U+1100 nothing is wide: the common case in one comparison.)
    if (c as u32) >= 0x1100 && is_wide(c) {
        10
    } else {
        6
    }
}

/// The width of a text, in tenths of an em.
pub fn text_width(s: &str) -> u32 {
    s.chars().map(char_width).sum()
}

/// Characters never shown: control characters and the bidirectional formatting characters
/// that could reorder what is displayed (U+202A–U+202E, U+2066–U+2069, and the marks), and
/// the two non-characters XML forbids (U+FFFE, U+FFFF).
pub fn is_hidden(c: char) -> bool {
    if matches!(c, ' '..='~') {
        return false;
    }
    c.is_control()
        || matches!(
            c as u32,
            0x202A..=0x202E | 0x2066..=0x2069 | 0x200E | 0x200F | 0x061C | 0xFEFF | 0xFFFE | 0xFFFF
        )
}

/// The text with hidden characters removed (line breaks and tabs become spaces).
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\n' || c == '\r' || c == '\t' {
            out.push(' ');
        } else if !is_hidden(c) {
            out.push(c);
        }
    }
    out
}

/// Cuts a text to one line of at most `max` tenths of an em, ending it with `…` when cut.
pub fn ellipsize(s: &str, max: u32) -> String {
    let mut lines = wrap(s, max, 1);
    lines.pop().unwrap_or_default()
}

fn can_break_after(c: char) -> bool {
    matches!(
        c,
        ' ' | '-' | '_' | '/' | '.' | ',' | ':' | ';' | '，' | '、' | '）' | ')'
    )
}

/// Closing punctuation, which must not start a line (it stays with the text before it).
fn no_line_start(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | ','
            | '.'
            | ':'
            | ';'
            | '!'
            | '?'
            | '）'
            | '】'
            | '」'
            | '』'
            | '》'
            | '〉'
            | '，'
            | '。'
            | '、'
            | '：'
            | '；'
            | '！'
            | '？'
            | '…'
    )
}

/// Opening punctuation, which must not end a line (it goes with the text after it).
fn no_line_end(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '（' | '【' | '「' | '『' | '《' | '〈')
}

/// Wraps a text into at most `max_lines` lines of at most `max` tenths of an em each; the last
/// line ends with `…` when the text does not fit. Hidden characters are removed first.
/// Linear in the length of the text.
pub fn wrap(s: &str, max: u32, max_lines: usize) -> Vec<String> {
    let max = max.max(20);
    let mut lines: Vec<String> = Vec::new();
    if max_lines == 0 {
        return lines;
    }
    // Most labels fit on one line and have no hidden characters: then the line is the text
    // without its spaces at either end (what `wrap_chars` makes of it, without building a
    // cleaned copy and a vector of its characters). Wrapping went from about a fifth of a
    // 300-node design's layout to a few per cent with this.
    let (plain, w) = if s.bytes().all(|b| matches!(b, b' '..=b'~')) {
        // Printable ASCII: every character is visible and narrow.
        (
            true,
            u32::try_from(s.len())
                .unwrap_or(u32::MAX / 6)
                .saturating_mul(6),
        )
    } else {
        let mut w = 0u32;
        let mut plain = true;
        for c in s.chars() {
            if is_hidden(c) {
                plain = false;
                break;
            }
            w = w.saturating_add(char_width(c));
        }
        (plain, w)
    };
    if plain && w <= max {
        let t = s.trim_matches(' ');
        if !t.is_empty() {
            lines.push(String::from(t));
        }
        return lines;
    }
    wrap_chars(s, max, max_lines)
}

/// [`wrap`] without its fast path (`max` at least 20, `max_lines` at least 1).
fn wrap_chars(s: &str, max: u32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let text = clean(s);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() && lines.len() < max_lines {
        // Skip spaces at the start of a line.
        while i < chars.len() && chars[i] == ' ' {
            i += 1;
        }
        if i >= chars.len() {
            break;
        }
        let start = i;
        let mut w = 0;
        let mut j = i;
        while j < chars.len() && w + char_width(chars[j]) <= max {
            w += char_width(chars[j]);
            j += 1;
        }
        let last = lines.len() + 1 == max_lines;
        if j >= chars.len() {
            let line: String = chars[start..j].iter().collect();
            lines.push(String::from(line.trim_end()));
            break;
        }
        if last {
            // Cut and add the ellipsis.
            let ew = char_width(ELLIPSIS);
            let mut k = j;
            let mut kw = w;
            while k > start && kw + ew > max {
                k -= 1;
                kw -= char_width(chars[k]);
            }
            let mut line: String = chars[start..k].iter().collect();
            while line.ends_with(' ') {
                line.pop();
            }
            line.push(ELLIPSIS);
            lines.push(line);
            return lines;
        }
        // Find a break opportunity in the second half of the line.
        let mut brk = j;
        let half = start + (j - start) / 2;
        // Best: just before an opening bracket, so that the bracketed part stays together —
        // in the second half of the line, or anywhere if the rest then fits on the next line.
        let mut k = j;
        let mut before_bracket = None;
        let mut rest: Option<u32> = None;
        while k > start + 1 {
            if no_line_end(chars[k]) && !no_line_end(chars[k - 1]) {
                let fits = k > half || {
                    let r = *rest
                        .get_or_insert_with(|| chars[k..].iter().map(|&c| char_width(c)).sum());
                    r <= max && lines.len() + 2 <= max_lines
                };
                if fits {
                    before_bracket = Some(k);
                    break;
                }
            }
            if let Some(r) = rest.as_mut() {
                *r += char_width(chars[k - 1]);
            }
            k -= 1;
        }
        let mut k = if let Some(b) = before_bracket {
            brk = b;
            b
        } else {
            j
        };
        while before_bracket.is_none() && k > half.max(start + 1) {
            let prev = chars[k - 1];
            let next = chars[k];
            let opportunity =
                can_break_after(prev) || is_wide(prev) || is_wide(next) || next == ' ';
            if opportunity && !no_line_start(next) && !no_line_end(prev) {
                brk = k;
                break;
            }
            k -= 1;
        }
        let line: String = chars[start..brk].iter().collect();
        lines.push(String::from(line.trim_end()));
        i = brk;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(text_width("ab"), 12);
        assert_eq!(text_width("可用区"), 30);
        assert_eq!(text_width("ＡＢ"), 20);
    }

    #[test]
    fn the_fast_path_wraps_as_the_general_one() {
        let words = [
            "",
            " ",
            "web",
            "server-01",
            "  db  ",
            "a.b/c",
            "x",
            "LONGER_NAME_HERE",
            "应用服务器",
            "（青岛）",
            "a\tb",
            "\u{202E}",
        ];
        for a in words {
            for b in words {
                for c in words {
                    let s = alloc::format!("{a} {b}{c}");
                    for max in [20, 60, 96, 100, 132, 400] {
                        for lines in [1, 2] {
                            assert_eq!(wrap(&s, max, lines), wrap_chars(&s, max, lines), "{s:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn wraps_and_ellipsizes() {
        assert_eq!(wrap("web server", 100, 2), ["web server"]);
        assert_eq!(wrap("web server one two", 60, 2), ["web server", "one two"]);
        let l = wrap("web server one two three", 60, 2);
        assert_eq!(l[0], "web server");
        assert!(l[1].ends_with('…') && text_width(&l[1]) <= 60);
        let l = wrap("华东一杭州金融云可用区B生产区应用服务器集群", 100, 2);
        assert_eq!(l.len(), 2);
        assert!(l[1].ends_with('…'));
        assert!(l.iter().all(|s| text_width(s) <= 100));
        assert_eq!(wrap("a\u{202E}b\u{0007}c", 100, 2), ["abc"]);
        let big = "x".repeat(10_000);
        let l = wrap(&big, 100, 2);
        assert_eq!(l.len(), 2);
        assert!(l.iter().all(|s| text_width(s) <= 100));
        assert_eq!(ellipsize("", 100), "");
        // A closing bracket never starts a line, an opening one never ends it; a bracketed
        // part moves to the next line only when all of it fits there.
        for (label, lines) in [
            ("公网SLB（仅DMZ后端）", ["公网SLB", "（仅DMZ后端）"]),
            ("Web服务器（青岛灾备）1", ["Web服务器", "（青岛灾备）1"]),
            ("业务服务器A1（内网区）", ["业务服务器A1", "（内网区）"]),
            ("堡垒机（杭州可用区B）", ["堡垒机", "（杭州可用区B）"]),
            (
                "堡垒机（杭州可用区B生产区一号机）",
                ["堡垒机（杭州可用区B", "生产区一号机）"],
            ),
        ] {
            assert_eq!(wrap(label, 100, 2), lines, "{label}");
        }
    }
}
