//! The server's own texts, in English and Chinese (the findings' come from the core).

use archlint_core::{text, Lang, Text};

pub fn waive_title(code: &str, target: Option<&str>, lang: Lang) -> String {
    let t: Text = match target {
        Some(t) => text!("Waive {code} for {t}", "豁免 {code}（{t}）"),
        None => text!("Waive {code} for the whole design", "对整个设计豁免 {code}"),
    };
    t.get(lang).to_string()
}

pub fn waive_overlay_title(code: &str, target: Option<&str>, file: &str, lang: Lang) -> String {
    let t: Text = match target {
        Some(t) => text!(
            "Waive {code} for {t} (in {file})",
            "豁免 {code}（{t}，写入 {file}）"
        ),
        None => text!(
            "Waive {code} for the whole design (in {file})",
            "对整个设计豁免 {code}（写入 {file}）"
        ),
    };
    t.get(lang).to_string()
}

/// The reason a new waiver starts with, for the user to replace.
pub fn reason_placeholder(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "TODO: why this finding is accepted",
        Lang::Zh => "TODO：说明为何接受此问题",
    }
}

pub fn config_error(path: &str, line: u32, column: u32, msg: &str, lang: Lang) -> String {
    let at = if line == 0 {
        path.to_string()
    } else {
        format!("{path}:{line}:{column}")
    };
    let t: Text = text!(
        "archlint configuration {at}: {msg}",
        "archlint 配置 {at}：{msg}"
    );
    t.get(lang).to_string()
}

pub fn too_large(n: usize, m: usize, lang: Lang) -> String {
    let t: Text = text!(
        "the file is {n} bytes; the limit is {m} bytes",
        "文件有 {n} 字节，超过上限 {m} 字节"
    );
    t.get(lang).to_string()
}

pub fn cannot_read(what: &str, err: &str, lang: Lang) -> String {
    let t: Text = text!("cannot read {what}: {err}", "无法读取 {what}：{err}");
    t.get(lang).to_string()
}

pub fn field_heading(name: &str, lang: Lang) -> String {
    let t: Text = text!("Field `{name}`", "字段 `{name}`");
    t.get(lang).to_string()
}

pub fn not_initialized(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "the server is not initialized: send `initialize` first",
        Lang::Zh => "服务器尚未初始化：请先发送 `initialize`",
    }
}

pub fn shutting_down(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "the server is shutting down: only `exit` is accepted",
        Lang::Zh => "服务器正在关闭：只接受 `exit`",
    }
}

pub fn unknown_method(m: &str, lang: Lang) -> String {
    let t: Text = text!("unknown method `{m}`", "未知方法 `{m}`");
    t.get(lang).to_string()
}

pub fn bad_params(m: &str, e: &str, lang: Lang) -> String {
    let t: Text = text!("invalid parameters of `{m}`: {e}", "`{m}` 的参数无效：{e}");
    t.get(lang).to_string()
}

/// "Fix: set \"autostart\": true on `web-1`" (unsafe fixes say so).
pub fn fix_title(title: &str, safe: bool, lang: Lang) -> String {
    let t: Text = if safe {
        text!("Fix: {title}", "修复：{title}")
    } else {
        text!(
            "Fix (unsafe, review it): {title}",
            "修复（不安全，请复核）：{title}"
        )
    };
    t.get(lang).to_string()
}

pub fn internal_error(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "archlint failed on this file (a bug: please report it with the file); the other files are still checked",
        Lang::Zh => "archlint 处理此文件时出错（这是缺陷，请连同文件一起报告）；其他文件仍会检查",
    }
}
