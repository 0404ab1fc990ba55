//! Pieces of finding messages shared by several families.

use alloc::string::String;

use crate::cidr::{format_ipv4, AddrSet};

/// At most this many ranges (or ids) are written out in a message.
const SHOWN: usize = 8;

/// A set of addresses for a message: single addresses and `first-last` ranges, comma
/// separated, with `…` when there are more than a few ranges.
pub(crate) fn format_addrs(set: &AddrSet) -> String {
    let mut s = String::new();
    for (k, &(lo, hi)) in set.ranges().iter().enumerate() {
        if k == SHOWN {
            s.push_str(", …");
            break;
        }
        if k > 0 {
            s.push_str(", ");
        }
        s.push_str(&format_ipv4(lo));
        if hi != lo {
            s.push('-');
            s.push_str(&format_ipv4(hi));
        }
    }
    s
}

/// A list of ids for a message: `` `a`, `b` ``, with `…` after a few.
pub(crate) fn format_ids<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let mut s = String::new();
    for (k, id) in ids.into_iter().enumerate() {
        if k == SHOWN {
            s.push_str(", …");
            break;
        }
        if k > 0 {
            s.push_str(", ");
        }
        s.push('`');
        s.push_str(id);
        s.push('`');
    }
    s
}

/// Ids in backticks, joined by `sep` (`", "` in English, `"、"` in Chinese).
pub(crate) fn quoted<S: AsRef<str>>(ids: &[S], sep: &str) -> String {
    let mut out = String::new();
    for (i, s) in ids.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push('`');
        out.push_str(s.as_ref());
        out.push('`');
    }
    out
}
