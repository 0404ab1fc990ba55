//! Reading a design: bounded in size, checked for UTF-8, without a byte-order mark.

use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, Read};

use archlint_core::{LoadError, LoadErrorKind, Text};

/// A load error without a position (the file could not be read at all).
fn unreadable(message: Text) -> LoadError {
    LoadError {
        kind: LoadErrorKind::Syntax,
        line: 0,
        column: 0,
        message,
    }
}

fn too_large(message: Text) -> LoadError {
    LoadError {
        kind: LoadErrorKind::TooLarge,
        line: 1,
        column: 1,
        message,
    }
}

fn io_text(e: &io::Error) -> Text {
    Text {
        en: format!("cannot read the file: {e}"),
        zh: format!("无法读取文件：{e}"),
    }
}

/// Reads at most `max + 1` bytes, so that a too-large input is noticed without reading it all.
fn read_bounded(r: impl Read, max: usize) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    r.take(limit).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Reads standard input (`path` = `-`) or a file, refusing anything over `max` bytes before
/// reading it when its size is known.
pub fn read(path: &OsStr, max: usize) -> Result<String, LoadError> {
    let bytes = if path == "-" {
        let buf = read_bounded(io::stdin().lock(), max).map_err(|e| unreadable(io_text(&e)))?;
        if buf.len() > max {
            return Err(too_large(archlint_core::text!(
                "standard input is larger than the limit of {max} bytes",
                "标准输入超过上限 {max} 字节"
            )));
        }
        buf
    } else {
        crate::watch::note(std::path::Path::new(path));
        let file = File::open(path).map_err(|e| unreadable(io_text(&e)))?;
        let meta = file.metadata().map_err(|e| unreadable(io_text(&e)))?;
        if meta.is_dir() {
            return Err(unreadable(Text::new(
                "cannot read the file: it is a directory",
                "无法读取文件：这是一个目录",
            )));
        }
        let n = meta.len();
        if meta.is_file() && n > u64::try_from(max).unwrap_or(u64::MAX) {
            return Err(too_large(archlint_core::text!(
                "the design is {n} bytes; the limit is {max} bytes",
                "设计文件有 {n} 字节，超过上限 {max} 字节"
            )));
        }
        let buf = read_bounded(file, max).map_err(|e| unreadable(io_text(&e)))?;
        if buf.len() > max {
            return Err(too_large(archlint_core::text!(
                "the design is larger than the limit of {max} bytes",
                "设计文件超过上限 {max} 字节"
            )));
        }
        buf
    };
    decode(bytes)
}

/// UTF-8 text without a leading byte-order mark, or where the first invalid byte is.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, LoadError> {
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    if bom {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let bytes = e.as_bytes();
            let good = e.utf8_error().valid_up_to();
            let prefix = std::str::from_utf8(&bytes[..good]).unwrap_or("");
            let line = prefix.bytes().filter(|&b| b == b'\n').count() + 1;
            let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
            let column = prefix[line_start..].chars().count() + 1;
            let byte = bytes.get(good).copied().unwrap_or(0);
            let offset = good + if bom { 3 } else { 0 };
            Err(LoadError {
                kind: LoadErrorKind::Syntax,
                line: u32::try_from(line).unwrap_or(u32::MAX),
                column: u32::try_from(column).unwrap_or(u32::MAX),
                message: archlint_core::text!(
                    "the file is not UTF-8: byte 0x{byte:02X} at offset {offset} does not belong to a UTF-8 character",
                    "文件不是 UTF-8 编码：偏移 {offset} 处的字节 0x{byte:02X} 不属于任何 UTF-8 字符"
                ),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped_and_bad_bytes_are_located() {
        assert_eq!(decode(b"\xEF\xBB\xBF{}".to_vec()).unwrap(), "{}");
        let e = decode(b"{\n  \"a\xC3\xA9\": \xFF}".to_vec()).unwrap_err();
        assert_eq!((e.line, e.column), (2, 9));
        assert!(
            e.message.en.contains("0xFF at offset 11"),
            "{}",
            e.message.en
        );
        let e = decode(b"\xEF\xBB\xBF\x80".to_vec()).unwrap_err();
        assert_eq!((e.line, e.column), (1, 1));
        assert!(e.message.en.contains("offset 3"));
    }
}
