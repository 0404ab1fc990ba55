//! Share links: the design deflated (miniz_oxide) and base64url-encoded in the URL fragment.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// The fragment prefix that marks a shared design.
pub const PREFIX: &str = "#d=";

/// The fragment (with `#d=`) carrying this text.
pub fn encode(text: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// The text a fragment carries, if it is a share link (at most 64 MiB unpacked).
pub fn decode(fragment: &str) -> Option<String> {
    let data = fragment.strip_prefix(PREFIX)?;
    let packed = URL_SAFE_NO_PAD.decode(data.trim()).ok()?;
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, 64 << 20).ok()?;
    String::from_utf8(raw).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trip() {
        let t = include_str!("../../examples/two-region-three-center.json");
        let f = super::encode(t);
        assert!(f.len() < t.len());
        assert_eq!(super::decode(&f).as_deref(), Some(t));
        assert_eq!(super::decode("#d=!!"), None);
        assert_eq!(super::decode("#x"), None);
    }
}
