//! The `check --format sarif` log: SARIF 2.1.0, in the subset GitHub code scanning reads.
//!
//! One run; the whole catalog in `tool.driver.rules`; one result per finding with `ruleId`,
//! `ruleIndex`, `level`, `message.text`, a physical location (artifact URI relative to
//! `%SRCROOT%`, start line and column in Unicode code points), a logical location (the JSON
//! pointer and the target id) and `partialFingerprints.primaryLocationLineHash`. Files that
//! could not be loaded become `invocations[0].toolExecutionNotifications` and make
//! `executionSuccessful` false.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::json::Writer;
use super::{fingerprint, rule_description, rule_doc, FileResult, VERSION};
use crate::rule::Severity;
use crate::text::Lang;

/// The SARIF 2.1.0 schema the log declares.
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Where to learn about archlint (`tool.driver.informationUri`).
pub const INFORMATION_URI: &str = "https://archlint.dev/";

/// The base id relative artifact URIs are resolved against.
pub const SRCROOT: &str = "%SRCROOT%";

/// The SARIF level of a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Percent-encodes a path for a URI: everything but unreserved characters and `/`.
pub fn encode_path(path: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if is_unreserved(b) || b == b'/' {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xf)] as char);
        }
    }
    out
}

/// Whether `path` starts with a Windows drive, as in `C:/` or `C:\`.
fn drive(path: &str) -> Option<(&str, &str)> {
    let b = path.as_bytes();
    if b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && (b[2] == b'/' || b[2] == b'\\')
    {
        Some((&path[..2], &path[2..]))
    } else {
        None
    }
}

/// The `file:` URI of an absolute path (`/home/x` or `C:\x`), or `None` for a relative one.
pub fn file_uri(path: &str) -> Option<String> {
    if let Some((d, rest)) = drive(path) {
        return Some(format!(
            "file:///{d}{}",
            encode_path(&rest.replace('\\', "/"))
        ));
    }
    if path.starts_with('/') {
        return Some(format!("file://{}", encode_path(path)));
    }
    None
}

/// An artifact's URI and whether it is relative to `%SRCROOT%`.
fn artifact_uri(name: &str) -> (String, bool) {
    if let Some(uri) = file_uri(name) {
        return (uri, false);
    }
    let mut rel = name.replace('\\', "/");
    while let Some(rest) = rel.strip_prefix("./") {
        rel = String::from(rest.trim_start_matches('/'));
    }
    (encode_path(&rel), true)
}

struct Artifacts {
    list: Vec<(String, bool)>,
    by_uri: BTreeMap<String, usize>,
}

impl Artifacts {
    fn index(&mut self, name: &str) -> usize {
        let (uri, rel) = artifact_uri(name);
        if let Some(&i) = self.by_uri.get(&uri) {
            return i;
        }
        let i = self.list.len();
        self.by_uri.insert(uri.clone(), i);
        self.list.push((uri, rel));
        i
    }
}

fn artifact_location(w: &mut Writer, arts: &Artifacts, i: usize) {
    w.key("artifactLocation").begin_object();
    if let Some((uri, rel)) = arts.list.get(i) {
        w.field_str("uri", uri);
        if *rel {
            w.field_str("uriBaseId", SRCROOT);
        }
    }
    w.field_uint("index", i as u64);
    w.end_object();
}

fn region(w: &mut Writer, line: u32, column: u32) {
    if line == 0 {
        return;
    }
    w.key("region").begin_object();
    w.field_uint("startLine", u64::from(line));
    if column > 0 {
        w.field_uint("startColumn", u64::from(column));
    }
    w.end_object();
}

/// `fixes`: the finding's fix as replacements of regions of the original text (an empty
/// deleted region inserts), with a property saying whether it is safe.
fn fixes(w: &mut Writer, arts: &Artifacts, ai: usize, fix: &crate::fix::Offered, lang: Lang) {
    w.key("fixes").begin_array();
    w.begin_object();
    w.key("description").begin_object();
    w.field_str("text", fix.title.get(lang));
    w.end_object();
    w.key("artifactChanges").begin_array();
    w.begin_object();
    artifact_location(w, arts, ai);
    w.key("replacements").begin_array();
    for e in &fix.edits {
        w.begin_object();
        w.key("deletedRegion").begin_object();
        w.field_uint("startLine", u64::from(e.start_at.line));
        w.field_uint("startColumn", u64::from(e.start_at.column));
        w.field_uint("endLine", u64::from(e.end_at.line));
        w.field_uint("endColumn", u64::from(e.end_at.column));
        w.end_object();
        if !e.text.is_empty() {
            w.key("insertedContent").begin_object();
            w.field_str("text", &e.text);
            w.end_object();
        }
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.end_array();
    w.key("properties").begin_object();
    w.field_str("safety", fix.safety.name());
    w.end_object();
    w.end_object();
    w.end_array();
}

/// `suppressions`: the waiver that accepted a finding, its reason as the justification.
fn suppression(w: &mut Writer, s: &crate::lint::Suppressed) {
    w.key("suppressions").begin_array();
    w.begin_object();
    w.field_str(
        "kind",
        match s.kind {
            crate::lint::SuppressionKind::InSource => "inSource",
            crate::lint::SuppressionKind::External => "external",
        },
    );
    w.field_str("status", "accepted");
    w.field_str("justification", &s.reason);
    w.key("properties").begin_object();
    w.field_str("origin", &s.origin);
    if let Some(o) = &s.owner {
        w.field_str("owner", o);
    }
    if let Some(d) = s.expires {
        w.field_str("expires", &format!("{d}"));
    }
    w.end_object();
    w.end_object();
    w.end_array();
}

/// `properties.coverage` of the run: per file that was linted (in the order of the results),
/// its artifact, the counts of rules checked / not applicable / lacking facts, the one-line
/// summary in `lang` and every rule of the run with its state — the members of the JSON
/// document's `"coverage"`, so that a reader of either finds the same. Nothing when no file has
/// a coverage report.
#[cfg(feature = "coverage")]
fn coverage_property<S: AsRef<str>>(
    w: &mut Writer,
    files: &[(S, FileResult)],
    indices: &[usize],
    arts: &Artifacts,
    lang: Lang,
) {
    let covered: Vec<(usize, &crate::coverage::Coverage)> = files
        .iter()
        .zip(indices)
        .filter_map(|((_, r), &ai)| Some((ai, r.as_ref().ok()?.coverage.as_ref()?)))
        .collect();
    if covered.is_empty() {
        return;
    }
    w.key("properties").begin_object();
    w.key("coverage").begin_array();
    for (ai, c) in covered {
        w.begin_object();
        artifact_location(w, arts, ai);
        super::json::coverage_fields(w, c, lang, Some(&c.summary(lang, None)));
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

fn help_label(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "help: ",
        Lang::Zh => "建议：",
    }
}

/// The SARIF log of a `check` run over `files`, texts in `lang`.
///
/// `srcroot` is the absolute URI (ending in `/`) that relative file names are relative to,
/// usually the working directory's `file:` URI; without it `%SRCROOT%` is only described.
pub fn document<S: AsRef<str>>(
    files: &[(S, FileResult)],
    lang: Lang,
    srcroot: Option<&str>,
) -> String {
    let mut arts = Artifacts {
        list: Vec::new(),
        by_uri: BTreeMap::new(),
    };
    let indices: Vec<usize> = files.iter().map(|(n, _)| arts.index(n.as_ref())).collect();
    let rule_index: BTreeMap<&str, usize> = crate::rules::all()
        .enumerate()
        .map(|(i, r)| (r.code, i))
        .collect();

    let mut w = Writer::new();
    w.begin_object();
    w.field_str("$schema", SCHEMA_URI);
    w.field_str("version", "2.1.0");
    w.key("runs").begin_array();
    w.begin_object();

    // tool
    w.key("tool").begin_object();
    w.key("driver").begin_object();
    w.field_str("name", "archlint");
    w.field_str("informationUri", INFORMATION_URI);
    w.field_str("version", VERSION);
    w.field_str("semanticVersion", VERSION);
    w.key("rules").begin_array();
    for r in crate::rules::all() {
        let doc = rule_doc(r, lang);
        w.begin_object();
        w.field_str("id", r.code);
        w.field_str("name", r.name);
        w.key("shortDescription").begin_object();
        w.field_str("text", r.summary.get(lang));
        w.end_object();
        w.key("fullDescription").begin_object();
        w.field_str("text", &rule_description(r, lang));
        w.end_object();
        w.key("help").begin_object();
        w.field_str("text", &doc);
        w.field_str("markdown", &doc);
        w.end_object();
        w.key("defaultConfiguration").begin_object();
        w.field_str("level", level(r.severity));
        w.end_object();
        w.key("properties").begin_object();
        w.key("tags").begin_array().string(r.family()).end_array();
        w.end_object();
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.end_object();

    // invocations
    let failed = files.iter().any(|(_, r)| r.is_err());
    w.key("invocations").begin_array();
    w.begin_object();
    w.key("executionSuccessful").bool(!failed);
    if failed {
        w.key("toolExecutionNotifications").begin_array();
        for ((_, result), &ai) in files.iter().zip(&indices) {
            let Err(e) = result else { continue };
            w.begin_object();
            w.key("locations").begin_array();
            w.begin_object();
            w.key("physicalLocation").begin_object();
            artifact_location(&mut w, &arts, ai);
            region(&mut w, e.line, e.column);
            w.end_object();
            w.end_object();
            w.end_array();
            w.key("message").begin_object();
            w.field_str("text", e.message.get(lang));
            w.end_object();
            w.field_str("level", "error");
            w.end_object();
        }
        w.end_array();
    }
    w.end_object();
    w.end_array();

    // originalUriBaseIds
    w.key("originalUriBaseIds").begin_object();
    w.key(SRCROOT).begin_object();
    match srcroot {
        Some(uri) => {
            w.field_str("uri", uri);
        }
        None => {
            w.key("description").begin_object();
            w.field_str(
                "text",
                match lang {
                    Lang::En => "The directory archlint was run in",
                    Lang::Zh => "运行 archlint 的目录",
                },
            );
            w.end_object();
        }
    }
    w.end_object();
    w.end_object();

    // artifacts
    /// The media type of an input by its name: designs and ROS JSON templates are JSON, ROS
    /// YAML templates YAML (RFC 9512), Terraform files (HCL, which has none registered) text.
    fn mime_type(uri: &str) -> &'static str {
        let lower = uri.to_ascii_lowercase();
        if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            "application/yaml"
        } else if lower.ends_with(".tf") || lower.ends_with(".tfvars") || lower.ends_with(".hcl") {
            "text/plain"
        } else {
            "application/json"
        }
    }
    w.key("artifacts").begin_array();
    for (uri, rel) in &arts.list {
        w.begin_object();
        w.key("location").begin_object();
        w.field_str("uri", uri);
        if *rel {
            w.field_str("uriBaseId", SRCROOT);
        }
        w.end_object();
        w.field_str("mimeType", mime_type(uri));
        w.end_object();
    }
    w.end_array();

    // results
    w.key("results").begin_array();
    for ((_, result), &ai) in files.iter().zip(&indices) {
        let Ok(report) = result else { continue };
        let mut seen: BTreeMap<String, u32> = BTreeMap::new();
        let kept = report
            .findings
            .iter()
            .enumerate()
            .map(|(i, f)| (f, None, report.fixes.get(i).and_then(Option::as_ref)));
        let waived = report
            .suppressed
            .iter()
            .map(|s| (&s.finding, Some(s), None));
        for (f, waiver, fix) in kept.chain(waived) {
            w.begin_object();
            w.field_str("ruleId", f.rule.code);
            if let Some(&i) = rule_index.get(f.rule.code) {
                w.field_uint("ruleIndex", i as u64);
            }
            w.field_str("level", level(f.severity));
            w.key("message").begin_object();
            let text = format!(
                "{}\n{}{}",
                f.message.get(lang),
                help_label(lang),
                f.help.get(lang)
            );
            w.field_str("text", &text);
            w.end_object();
            w.key("locations").begin_array();
            w.begin_object();
            w.key("physicalLocation").begin_object();
            artifact_location(&mut w, &arts, ai);
            region(&mut w, f.line.max(1), f.column.max(1));
            w.end_object();
            w.key("logicalLocations").begin_array();
            w.begin_object();
            if let Some(t) = &f.target {
                w.field_str("name", t);
            }
            w.field_str("fullyQualifiedName", &f.pointer);
            w.field_str("kind", "element");
            w.end_object();
            w.end_array();
            w.end_object();
            w.end_array();
            let fp = fingerprint(f, report);
            let n = seen.entry(fp.clone()).or_insert(0);
            *n += 1;
            w.key("partialFingerprints").begin_object();
            w.field_str("primaryLocationLineHash", &format!("{fp}:{n}"));
            w.end_object();
            if let Some(s) = waiver {
                suppression(&mut w, s);
            }
            if let Some(fix) = fix {
                fixes(&mut w, &arts, ai, fix, lang);
            }
            w.end_object();
        }
    }
    w.end_array();

    // What the rules could check in each file: the text summary's coverage line, the JSON
    // document's "coverage" member.
    #[cfg(feature = "coverage")]
    coverage_property(&mut w, files, &indices, &arts, lang);

    w.field_str("columnKind", "unicodeCodePoints");
    w.field_str(
        "language",
        match lang {
            Lang::En => "en-US",
            Lang::Zh => "zh-CN",
        },
    );
    w.end_object();
    w.end_array();
    w.end_object();
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{check, Limits, LintOptions, LoadError, LoadErrorKind};
    use crate::text::Text;
    use alloc::vec;

    #[test]
    fn uris() {
        assert_eq!(artifact_uri("a.json"), ("a.json".into(), true));
        assert_eq!(artifact_uri("./d/a b.json"), ("d/a%20b.json".into(), true));
        assert_eq!(
            artifact_uri("设计.json"),
            ("%E8%AE%BE%E8%AE%A1.json".into(), true)
        );
        assert_eq!(artifact_uri("<stdin>"), ("%3Cstdin%3E".into(), true));
        assert_eq!(artifact_uri("a:b.json"), ("a%3Ab.json".into(), true));
        assert_eq!(
            artifact_uri("/tmp/x.json"),
            ("file:///tmp/x.json".into(), false)
        );
        assert_eq!(
            artifact_uri("C:\\w\\x y.json"),
            ("file:///C:/w/x%20y.json".into(), false)
        );
    }

    #[test]
    fn fingerprints_are_stable_and_numbered() {
        let text = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
  "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" } ] }"#;
        let r = check(text, &Limits::DEFAULT, &LintOptions::default()).unwrap();
        let ha = r.findings.iter().find(|f| f.rule.code == "HA001").unwrap();
        let fp = fingerprint(ha, &r);
        assert_eq!(fp.len(), 16);
        let mut key = String::from("HA001\0web-1\0/nodes/0");
        assert_eq!(
            fp,
            format!("{:016x}", super::super::fnv1a64(key.as_bytes()))
        );
        key.clear();
        let files = vec![
            ("d/a.json", Ok(r.clone())),
            ("d/a.json", Ok(r)),
            (
                "bad.json",
                Err(LoadError {
                    kind: LoadErrorKind::Syntax,
                    line: 1,
                    column: 3,
                    message: Text::new("invalid JSON", "JSON 无效"),
                }),
            ),
        ];
        let doc = document(&files, Lang::En, Some("file:///w/"));
        assert_eq!(doc, document(&files, Lang::En, Some("file:///w/")));
        assert!(doc.contains(&format!("\"primaryLocationLineHash\": \"{fp}:1\"")));
        assert!(!doc.contains(&format!("\"primaryLocationLineHash\": \"{fp}:2\"")));
        assert!(doc.contains("\"executionSuccessful\": false"));
        assert!(doc.contains("\"uri\": \"file:///w/\""));
        // The same file named twice is one artifact.
        assert_eq!(doc.matches("\"mimeType\"").count(), 2);
        let zh = document(&files, Lang::Zh, None);
        assert!(zh.contains("\"language\": \"zh-CN\"") && zh.contains("建议："));
    }
}
