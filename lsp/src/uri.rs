//! `file:` URIs ↔ paths.

use std::path::{Path, PathBuf};

use lsp_types::Uri;

/// The path of a `file:` URI (percent-decoded); `None` for other schemes.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s
        .strip_prefix("file://")
        .or_else(|| s.strip_prefix("FILE://"))?;
    // `file://host/path`: only an empty host or localhost is this machine.
    let path = if rest.starts_with('/') {
        rest
    } else {
        let i = rest.find('/')?;
        if !rest[..i].eq_ignore_ascii_case("localhost") {
            return None;
        }
        &rest[i..]
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let bytes = decode(path)?;
    let s = String::from_utf8(bytes).ok()?;
    // Windows: `/C:/dir` → `C:/dir`.
    let b = s.as_bytes();
    if cfg!(windows) && b.len() >= 3 && b[0] == b'/' && b[2] == b':' {
        return Some(PathBuf::from(&s[1..]));
    }
    Some(PathBuf::from(s))
}

fn decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let h = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(h, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The `file:` URI of an absolute path.
pub fn from_path(path: &Path) -> Option<Uri> {
    let s = path.to_str()?.replace('\\', "/");
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let p = Path::new("/tmp/a dir/云/x#1.tf");
        let u = from_path(p).unwrap();
        assert_eq!(u.as_str(), "file:///tmp/a%20dir/%E4%BA%91/x%231.tf");
        assert_eq!(to_path(&u).unwrap(), p);
        let u: Uri = "file://localhost/etc/x.json".parse().unwrap();
        assert_eq!(to_path(&u).unwrap(), Path::new("/etc/x.json"));
        let u: Uri = "untitled:Untitled-1".parse().unwrap();
        assert!(to_path(&u).is_none());
    }
}
