//! Baselines: `check --write-baseline FILE` records the current findings; `--baseline FILE`
//! reports only the findings not in it; the recorded findings that are gone are "fixed", and
//! `--prune-baseline` rewrites the file without them.
//!
//! The file (JSON):
//!
//! ```json
//! { "archlint_baseline": 1, "archlint_version": "0.1.0",
//!   "findings": [ { "file": "designs/a.json", "rule": "HA001", "target": "web-1",
//!                   "fingerprint": "0123456789abcdef", "message": "…" } ] }
//! ```
//!
//! A finding matches an entry with the same file (relative to the baseline's directory), rule,
//! target and content fingerprint (`archlint_core::output::fingerprint`, the one SARIF's
//! `partialFingerprints` carries: moving a node in the file keeps it); each entry matches one
//! finding. `message` is for the reader only. Format 1 is read whatever archlint version wrote
//! it; another format is refused with the reason. Entries for rules this archlint does not know
//! (from a newer one) are kept and never reported as fixed.

use std::path::{Path, PathBuf};

use archlint_core::json::{self, Kind, Value};
use archlint_core::output::json::Writer;
use archlint_core::output::{fingerprint, VERSION};
use archlint_core::text::LineIndex;
use archlint_core::{rules, Finding, Lang, Report, Text};

/// The baseline format this archlint writes and reads.
pub const FORMAT: u64 = 1;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub file: String,
    pub rule: String,
    pub target: Option<String>,
    pub fingerprint: String,
    pub message: String,
}

impl Entry {
    fn key(&self) -> (&str, &str, Option<&str>, &str) {
        (
            &self.file,
            &self.rule,
            self.target.as_deref(),
            &self.fingerprint,
        )
    }
}

/// A baseline file that was read.
#[derive(Debug, Clone)]
pub struct Baseline {
    pub path: PathBuf,
    /// Its directory, absolute: entries' files are relative to it.
    pub dir: PathBuf,
    pub entries: Vec<Entry>,
}

/// A baseline that cannot be used: where and why.
#[derive(Debug, Clone)]
pub struct BaselineError {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: Text,
}

impl BaselineError {
    pub fn line(&self, lang: Lang) -> String {
        crate::text::error_line(
            &crate::text::place(&self.file, self.line, self.column),
            self.message.get(lang),
            lang,
        )
    }
}

fn absolute(p: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    archlint_config::absolute(&cwd, p)
}

/// The directory of a baseline file, absolute.
pub fn dir_of(path: &Path) -> PathBuf {
    absolute(path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The name a result's file is recorded under: relative to `dir` with `/`, `..` where needed;
/// a name that is no path (standard input) as it is.
pub fn file_key(dir: &Path, name: &str) -> String {
    let p = Path::new(name);
    if name.starts_with('<') || name.is_empty() {
        return name.to_string();
    }
    let abs = absolute(p);
    let a: Vec<_> = abs.components().collect();
    let d: Vec<_> = dir.components().collect();
    let common = a.iter().zip(&d).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return abs.to_string_lossy().replace('\\', "/");
    }
    let mut parts: Vec<String> = vec!["..".into(); d.len() - common];
    parts.extend(
        a[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

impl Baseline {
    /// Reads a baseline file.
    pub fn read(path: &Path) -> Result<Baseline, BaselineError> {
        let name = path.to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).map_err(|e| BaselineError {
            file: name.clone(),
            line: 0,
            column: 0,
            message: Text {
                en: format!("cannot read the baseline: {e}"),
                zh: format!("无法读取基线文件：{e}"),
            },
        })?;
        let entries = parse(&text, &name)?;
        Ok(Baseline {
            path: path.to_path_buf(),
            dir: dir_of(path),
            entries,
        })
    }

    /// Splits a file's findings into the new ones (kept in `report`) and the recorded ones
    /// (removed); returns the indices of the entries they matched. `used` marks entries
    /// already matched (each entry matches one finding).
    pub fn filter(&self, file: &str, report: &mut Report, used: &mut [bool]) -> usize {
        let mut known = 0;
        let fps: Vec<String> = report
            .findings
            .iter()
            .map(|f| fingerprint(f, report))
            .collect();
        let mut keep = Vec::with_capacity(report.findings.len());
        for (f, fp) in std::mem::take(&mut report.findings).into_iter().zip(fps) {
            let hit = self.entries.iter().enumerate().position(|(i, e)| {
                !used[i] && e.key() == (file, f.rule.code, f.target.as_deref(), fp.as_str())
            });
            match hit {
                Some(i) => {
                    used[i] = true;
                    known += 1;
                }
                None => keep.push(f),
            }
        }
        report.findings = keep;
        known
    }
}

/// The entries of a file's findings.
pub fn entries_of(file: &str, report: &Report, findings: &[Finding]) -> Vec<Entry> {
    findings
        .iter()
        .map(|f| Entry {
            file: file.to_string(),
            rule: f.rule.code.to_string(),
            target: f.target.clone(),
            fingerprint: fingerprint(f, report),
            message: f.message.en.clone(),
        })
        .collect()
}

/// Whether an entry names a rule this archlint knows (only those can be "fixed").
pub fn known_rule(e: &Entry) -> bool {
    rules::find(&e.rule).is_some()
}

/// The text of a baseline file holding `entries` (sorted: the file is the same for the same
/// findings).
pub fn write_text(entries: &[Entry]) -> String {
    let mut sorted = entries.to_vec();
    sorted.sort();
    let mut w = Writer::new();
    w.begin_object();
    w.field_uint("archlint_baseline", FORMAT);
    w.field_str("archlint_version", VERSION);
    w.key("findings").begin_array();
    for e in &sorted {
        w.begin_object();
        w.field_str("file", &e.file);
        w.field_str("rule", &e.rule);
        w.field_opt_str("target", e.target.as_deref());
        w.field_str("fingerprint", &e.fingerprint);
        w.field_str("message", &e.message);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.finish()
}

/// Reads the text of a baseline file named `name`.
pub fn parse(text: &str, name: &str) -> Result<Vec<Entry>, BaselineError> {
    let lines = LineIndex::new(text);
    let err = |off: u32, en: String, zh: String| {
        let lc = lines.line_col(text, off);
        BaselineError {
            file: name.to_string(),
            line: lc.line,
            column: lc.column,
            message: Text { en, zh },
        }
    };
    let tree = json::parse(text, 16).map_err(|e| {
        let (en, zh) = e.kind.describe();
        err(
            e.offset,
            format!("the baseline is not valid JSON: {en}"),
            format!("基线文件不是有效的 JSON：{zh}"),
        )
    })?;
    if tree.as_object().is_none() {
        return Err(err(
            tree.start,
            "a baseline is a JSON object (written by --write-baseline)".into(),
            "基线文件应为 JSON 对象（由 --write-baseline 生成）".into(),
        ));
    }
    let written_by = tree
        .get("archlint_version")
        .and_then(Value::as_str)
        .map(str::to_string);
    let format = match tree.get("archlint_baseline") {
        None => {
            return Err(err(
                tree.start,
                "not an archlint baseline: the \"archlint_baseline\" format field is missing"
                    .into(),
                "不是 archlint 基线文件：缺少格式字段 \"archlint_baseline\"".into(),
            ))
        }
        Some(v) => match v.kind {
            Kind::Number(n) if n.integer && n.value >= 1.0 => (n.value as u64, v.start),
            _ => {
                return Err(err(
                    v.start,
                    "\"archlint_baseline\" must be a format number (1)".into(),
                    "\"archlint_baseline\" 应为格式编号（1）".into(),
                ))
            }
        },
    };
    if format.0 != FORMAT {
        let (n, me) = (format.0, VERSION);
        let (by_en, by_zh) = match &written_by {
            Some(v) => (format!("archlint {v}"), format!(" archlint {v} ")),
            None => (
                "an archlint of unknown version".to_string(),
                "未知版本的 archlint ".to_string(),
            ),
        };
        return Err(err(
            format.1,
            format!("the baseline is in format {n}, written by {by_en}; this archlint ({me}) reads format {FORMAT} only: use a newer archlint, or record the findings again with --write-baseline"),
            format!("基线文件为格式 {n}，由{by_zh}生成；本版本 archlint（{me}）只读取格式 {FORMAT}：请使用更新的 archlint，或用 --write-baseline 重新记录"),
        ));
    }
    let Some(list) = tree.get("findings") else {
        return Err(err(
            tree.start,
            "the baseline lacks its \"findings\" array".into(),
            "基线文件缺少 \"findings\" 数组".into(),
        ));
    };
    let Some(items) = list.as_array() else {
        return Err(err(
            list.start,
            "\"findings\" must be an array".into(),
            "\"findings\" 应为数组".into(),
        ));
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if item.as_object().is_none() {
            return Err(err(
                item.start,
                "each entry of \"findings\" is an object".into(),
                "\"findings\" 的每一项都应为对象".into(),
            ));
        }
        let field = |k: &str, required: bool| -> Result<Option<String>, BaselineError> {
            match item.get(k) {
                Some(v) => match (&v.kind, required) {
                    (Kind::String(s), _) => Ok(Some(s.to_string())),
                    (Kind::Null, false) => Ok(None),
                    _ => Err(err(
                        v.start,
                        format!("\"{k}\" of a baseline entry must be a string"),
                        format!("基线条目的 \"{k}\" 应为字符串"),
                    )),
                },
                None if required => Err(err(
                    item.start,
                    format!("a baseline entry lacks \"{k}\""),
                    format!("基线条目缺少 \"{k}\""),
                )),
                None => Ok(None),
            }
        };
        let fp = field("fingerprint", true)?.unwrap_or_default();
        if fp.len() != 16 || !fp.bytes().all(|b| b.is_ascii_hexdigit()) {
            let at = item.get("fingerprint").map_or(item.start, |v| v.start);
            return Err(err(
                at,
                format!("\"{fp}\" is not a fingerprint (16 hexadecimal digits)"),
                format!("\"{fp}\" 不是指纹（16 位十六进制数字）"),
            ));
        }
        out.push(Entry {
            file: field("file", true)?.unwrap_or_default(),
            rule: field("rule", true)?.unwrap_or_default(),
            target: field("target", false)?,
            fingerprint: fp.to_ascii_lowercase(),
            message: field("message", false)?.unwrap_or_default(),
        });
    }
    Ok(out)
}
