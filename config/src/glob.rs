//! Path globs of `[[per-path]]` and `[[waiver]]`: `*` and `?` within one path component,
//! `[abc]` / `[a-z]` / `[!a]` classes, `**` for any number of components. A glob without `/`
//! matches the file name in any directory (as in `.gitignore`).

/// A checked glob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    pub text: String,
    /// No `/`: matched against the file name alone.
    basename: bool,
}

impl Glob {
    /// Checks a glob: an error (English, Chinese) for an unclosed `[`.
    pub fn new(text: &str) -> Result<Glob, (String, String)> {
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'[' {
                match b[i + 1..].iter().position(|&c| c == b']') {
                    Some(n) if n > 0 || b.get(i + 2).is_some_and(|&c| c != b']') => i += n + 1,
                    _ => {
                        return Err((
                            format!("the glob `{text}` has a `[` without its `]`"),
                            format!("glob `{text}` 中的 `[` 缺少对应的 `]`"),
                        ))
                    }
                }
            }
            i += 1;
        }
        let t = text.strip_prefix("./").unwrap_or(text);
        Ok(Glob {
            text: t.to_string(),
            basename: !t.contains('/'),
        })
    }

    /// Whether `path` (relative, `/`-separated) matches.
    pub fn matches(&self, path: &str) -> bool {
        let path = path.strip_prefix("./").unwrap_or(path);
        if self.basename {
            let name = path.rsplit('/').next().unwrap_or(path);
            return matches_from(self.text.as_bytes(), name.as_bytes());
        }
        matches_from(self.text.as_bytes(), path.as_bytes())
    }
}

/// Matches a character class starting after `[` in `p`; returns whether `c` is in it and the
/// index in `p` just after the closing `]`.
fn class(p: &[u8], c: u8) -> Option<(bool, usize)> {
    let mut i = 0;
    let negate = matches!(p.first(), Some(b'!' | b'^'));
    if negate {
        i += 1;
    }
    let mut hit = false;
    let mut first = true;
    while i < p.len() {
        if p[i] == b']' && !first {
            return Some((hit != negate, i + 1));
        }
        first = false;
        if i + 2 < p.len() && p[i + 1] == b'-' && p[i + 2] != b']' {
            if p[i] <= c && c <= p[i + 2] {
                hit = true;
            }
            i += 3;
        } else {
            if p[i] == c {
                hit = true;
            }
            i += 1;
        }
    }
    None
}

/// Whether all of `p` matches all of `s`. Failed states are remembered, so that no glob takes
/// more than `p.len() * s.len()` steps (`*a*a*a*b` against a long path would otherwise be
/// exponential).
fn matches_from(p: &[u8], s: &[u8]) -> bool {
    let mut failed = vec![false; (p.len() + 1) * (s.len() + 1)];
    Matcher {
        p,
        s,
        failed: &mut failed,
    }
    .at(0, 0)
}

struct Matcher<'a> {
    p: &'a [u8],
    s: &'a [u8],
    failed: &'a mut [bool],
}

impl Matcher<'_> {
    fn at(&mut self, pi: usize, si: usize) -> bool {
        let slot = pi * (self.s.len() + 1) + si;
        if self.failed[slot] {
            return false;
        }
        let ok = self.step(pi, si);
        if !ok {
            self.failed[slot] = true;
        }
        ok
    }

    fn step(&mut self, pi: usize, si: usize) -> bool {
        let (p, s) = (self.p, self.s);
        if p[pi..].starts_with(b"**") {
            let after = pi + 2;
            if after == p.len() {
                return true;
            }
            if p[after] == b'/' {
                // `**/`: zero or more whole components.
                if self.at(after + 1, si) {
                    return true;
                }
                for (i, &c) in s.iter().enumerate().skip(si) {
                    if c == b'/' && self.at(after + 1, i + 1) {
                        return true;
                    }
                }
                return false;
            }
            // `**x`: like `*`.
            return self.at(pi + 1, si);
        }
        match p.get(pi) {
            None => si == s.len(),
            Some(b'*') => {
                let mut i = si;
                loop {
                    if self.at(pi + 1, i) {
                        return true;
                    }
                    if i == s.len() || s[i] == b'/' {
                        return false;
                    }
                    i += 1;
                }
            }
            Some(b'?') => si < s.len() && s[si] != b'/' && self.at(pi + 1, si + 1),
            Some(b'[') => match s.get(si) {
                Some(&c) if c != b'/' => match class(&p[pi + 1..], c) {
                    Some((true, n)) => self.at(pi + 1 + n, si + 1),
                    _ => false,
                },
                _ => false,
            },
            Some(&c) => s.get(si) == Some(&c) && self.at(pi + 1, si + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(g: &str, p: &str) -> bool {
        Glob::new(g).unwrap().matches(p)
    }

    #[test]
    fn globs() {
        assert!(m("legacy/**", "legacy/a.json"));
        assert!(m("legacy/**", "legacy/x/y/a.json"));
        assert!(!m("legacy/**", "new/legacy/a.json"));
        assert!(m("**/legacy/*.json", "a/b/legacy/x.json"));
        assert!(m("**/legacy/*.json", "legacy/x.json"));
        assert!(!m("legacy/*.json", "legacy/x/y.json"));
        assert!(m("*.json", "deep/down/x.json"));
        assert!(!m("*.json", "deep/down/x.yaml"));
        assert!(m("d?sign-[0-9].json", "design-7.json"));
        assert!(!m("design-[!0-9].json", "design-7.json"));
        assert!(m("./designs/*.json", "designs/a.json"));
        assert!(m("designs/**/*.tf", "designs/prod/main.tf"));
        assert!(Glob::new("a[b").is_err());
        // No exponential backtracking.
        let long = "a".repeat(3000);
        assert!(!m("*a*a*a*a*a*a*a*a*a*a*a*a*b", &long));
    }
}
