//! Fixes: edits of the design that make a finding go away (ruff's model).
//!
//! A rule may offer a fix for its findings ([`crate::rule::RuleMeta::fix`]): a list of
//! [`Edit`]s addressed by JSON pointers into the design, each fix marked [`Safety::Safe`]
//! (it changes a setting; nothing is bought or moved) or [`Safety::Unsafe`] (it adds resources
//! or moves them). [`resolve`] turns the edits into byte-range replacements of the original
//! text that keep everything else of it — indentation, key order, the style of its
//! separators — byte-identical. [`fix_text`] applies the fixes of a design round by round:
//! the non-overlapping ones of each round, then a re-lint, until nothing is left to fix or a
//! bound on rounds is reached.
//!
//! Fixes are computed only when asked for ([`fix_for`]); the findings do not carry them, and
//! without the `fixes` feature (the docs widget) no fix code is linked at all.

use alloc::string::String;
use alloc::vec::Vec;

use crate::index::Ctx;
use crate::json::{self, Kind, Value};
use crate::lint::{self, Limits, LintOptions, LoadError};
use crate::output::json::escape_into;
use crate::rule::Finding;
use crate::text::Text;

/// How much a fix changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Safety {
    /// Changes a setting of what is there; nothing is bought, added or moved.
    Safe,
    /// Adds resources or moves them: review before applying.
    Unsafe,
}

impl Safety {
    pub fn name(self) -> &'static str {
        match self {
            Safety::Safe => "safe",
            Safety::Unsafe => "unsafe",
        }
    }
}

/// A JSON value that a fix writes.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Bool(bool),
    Int(i64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    pub fn str(s: &str) -> Json {
        Json::Str(String::from(s))
    }
    /// An object from `(key, value)` pairs, in that order.
    pub fn obj<const N: usize>(members: [(&str, Json); N]) -> Json {
        Json::Obj(
            members
                .into_iter()
                .map(|(k, v)| (String::from(k), v))
                .collect(),
        )
    }
}

/// One change of the design, addressed by RFC 6901 pointers into the original text.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Sets the member named by the pointer's last token of the object the rest of it names:
    /// its value is replaced, or the member is added after the object's last member. When the
    /// rest names an array, the element at that index is replaced in place.
    Set { at: String, value: Json },
    /// Appends an element to the array at the pointer; when the array is absent, the member is
    /// added to its parent object holding just that element.
    Push { array: String, value: Json },
    /// Removes an array element or an object member.
    Remove { at: String },
    /// Renames an object member, keeping its value.
    Rename { at: String, key: String },
}

/// A fix of one finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    pub safety: Safety,
    /// What the fix does, e.g. "set \"autostart\": true on `web-1`".
    pub title: Text,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(title: Text, edits: Vec<Edit>) -> Fix {
        Fix {
            safety: Safety::Safe,
            title,
            edits,
        }
    }
    pub fn unsafe_(title: Text, edits: Vec<Edit>) -> Fix {
        Fix {
            safety: Safety::Unsafe,
            title,
            edits,
        }
    }
}

/// The signature of a rule's fix function.
pub type FixFn = fn(&Ctx<'_>, &Finding) -> Option<Fix>;

/// Replace `start..end` of the text with `text` (byte offsets; `start == end` inserts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub start: u32,
    pub end: u32,
    pub text: String,
}

/// Why a fix could not be turned into text edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResolveError {
    /// A pointer does not name anything in the text (or its parent for `Set` / `Push`).
    Missing,
    /// The pointer names something of the wrong type (a `Push` onto a non-array, ...).
    WrongType,
    /// Two edits of the fix touch the same bytes.
    Overlap,
    /// A rename onto a key the object already has: the fix does not apply to this text.
    Exists,
}

/// The fix a finding's rule offers for it, if any.
#[cfg(feature = "fixes")]
pub fn fix_for(cx: &Ctx<'_>, finding: &Finding) -> Option<Fix> {
    let f = finding.rule.fix?;
    f(cx, finding)
}

/// Without the `fixes` feature (the docs widget) no rule offers a fix.
#[cfg(not(feature = "fixes"))]
pub fn fix_for(_: &Ctx<'_>, _: &Finding) -> Option<Fix> {
    None
}

// ---------------------------------------------------------------------------------------------
// From pointer edits to text edits
// ---------------------------------------------------------------------------------------------

/// Splits a pointer into its parent pointer and its last token (unescaped).
fn split_last(pointer: &str) -> Option<(&str, String)> {
    let i = pointer.rfind('/')?;
    let raw = &pointer[i + 1..];
    let token = if raw.contains('~') {
        crate::text::unescape_pointer_token(raw)
    } else {
        String::from(raw)
    };
    Some((&pointer[..i], token))
}

fn lookup<'v, 'a>(tree: &'v Value<'a>, pointer: &str) -> Option<&'v Value<'a>> {
    let (_, v, whole) = tree.resolve(pointer);
    whole.then_some(v)
}

/// The index of the member named `key` (the last one, as [`Value::get`] reads it).
fn member_index(members: &[json::Member<'_>], key: &str) -> Option<usize> {
    members.iter().rposition(|m| m.key == key)
}

/// Byte offset just past the closing quote of the key that starts at `key_start`.
fn key_end(text: &str, key_start: u32) -> u32 {
    let b = text.as_bytes();
    let mut i = key_start as usize + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i as u32 + 1,
            _ => i += 1,
        }
    }
    b.len() as u32
}

fn slice(text: &str, a: u32, b: u32) -> &str {
    text.get(a as usize..b as usize).unwrap_or("")
}

/// How the text around an insertion point is laid out.
struct Style {
    /// What goes between a `,` and the next element or member: `" "` or `"\n    "`.
    sep: String,
    /// Between a key and its value: `": "` as written in the text.
    colon: String,
    /// Whether new objects and arrays are written over several lines, and with which unit of
    /// indentation.
    pretty: Option<String>,
    /// `{ "a": 1 }` rather than `{"a": 1}` for one-line objects.
    inner_space: bool,
}

/// The whitespace after the last newline of `ws` (the indentation of the next line), with the
/// newline; `ws` itself when it has no newline.
fn normalize_sep(ws: &str) -> String {
    match ws.rfind('\n') {
        Some(i) => {
            let mut s = String::from("\n");
            s.push_str(&ws[i + 1..]);
            s
        }
        None => String::from(if ws.is_empty() { " " } else { ws }),
    }
}

/// The colon style of the nearest object: `": "` by default.
fn colon_of(text: &str, obj: &Value<'_>) -> String {
    if let Some(m) = obj.as_object().and_then(|m| m.first()) {
        let s = slice(text, key_end(text, m.key_start), m.value.start);
        if s.trim() == ":" {
            return String::from(s);
        }
    }
    String::from(": ")
}

/// The layout of a sibling object or array: multi-line with its indentation unit, and whether
/// a one-line sibling puts a space inside its braces.
fn sibling_style(text: &str, sib: Option<&Value<'_>>, own_indent: &str) -> (Option<String>, bool) {
    let Some(v) = sib else {
        return (None, true);
    };
    let body = slice(text, v.start, v.end);
    let first_child_start = match &v.kind {
        Kind::Object(m) => m.first().map(|m| m.key_start),
        Kind::Array(a) => a.first().map(|x| x.start),
        _ => None,
    };
    if body.contains('\n') {
        if let Some(c) = first_child_start {
            let ws = slice(text, v.start + 1, c);
            if let Some(i) = ws.rfind('\n') {
                let child_indent = &ws[i + 1..];
                let unit = child_indent
                    .strip_prefix(own_indent)
                    .filter(|u| !u.is_empty())
                    .unwrap_or("  ");
                return (Some(String::from(unit)), true);
            }
        }
        return (Some(String::from("  ")), true);
    }
    let inner = body.len() > 1 && body.as_bytes()[1] == b' ';
    (None, inner)
}

/// The indentation of the line `offset` is on (its leading spaces and tabs).
fn line_indent(text: &str, offset: u32) -> &str {
    let before = &text[..(offset as usize).min(text.len())];
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    let n = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..n]
}

/// Writes a value: on one line, or over several lines indented from `indent` by `unit`.
fn write_json(out: &mut String, v: &Json, st: &Style, indent: &str) {
    match v {
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Int(n) => out.push_str(&alloc::format!("{n}")),
        Json::Str(s) => escape_into(out, s),
        Json::Arr(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            let scalars = items
                .iter()
                .all(|x| !matches!(x, Json::Arr(_) | Json::Obj(_)));
            match &st.pretty {
                Some(unit) if !scalars => {
                    let inner = alloc::format!("{indent}{unit}");
                    out.push('[');
                    for (i, x) in items.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        out.push('\n');
                        out.push_str(&inner);
                        write_json(out, x, st, &inner);
                    }
                    out.push('\n');
                    out.push_str(indent);
                    out.push(']');
                }
                _ => {
                    out.push('[');
                    for (i, x) in items.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        write_json(out, x, st, indent);
                    }
                    out.push(']');
                }
            }
        }
        Json::Obj(members) => {
            if members.is_empty() {
                out.push_str("{}");
                return;
            }
            match &st.pretty {
                Some(unit) => {
                    let inner = alloc::format!("{indent}{unit}");
                    out.push('{');
                    for (i, (k, x)) in members.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        out.push('\n');
                        out.push_str(&inner);
                        escape_into(out, k);
                        out.push_str(&st.colon);
                        write_json(out, x, st, &inner);
                    }
                    out.push('\n');
                    out.push_str(indent);
                    out.push('}');
                }
                None => {
                    out.push('{');
                    if st.inner_space {
                        out.push(' ');
                    }
                    for (i, (k, x)) in members.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        escape_into(out, k);
                        out.push_str(&st.colon);
                        write_json(out, x, st, indent);
                    }
                    if st.inner_space {
                        out.push(' ');
                    }
                    out.push('}');
                }
            }
        }
    }
}

/// Elements or members to add at the end of one container.
struct Insertion<'v, 'a> {
    container: &'v Value<'a>,
    items: Vec<(Option<String>, Json)>,
}

/// Queues `v` (under `key` for objects) to be added at the end of container `c`.
fn add<'v, 'a>(
    inserts: &mut Vec<Insertion<'v, 'a>>,
    c: &'v Value<'a>,
    key: Option<String>,
    v: Json,
) {
    let n = match inserts.iter().position(|i| core::ptr::eq(i.container, c)) {
        Some(n) => n,
        None => {
            inserts.push(Insertion {
                container: c,
                items: Vec::new(),
            });
            inserts.len() - 1
        }
    };
    let ins = &mut inserts[n];
    // Two pushes onto the same absent array become one member holding both.
    if let (Some(k), Json::Arr(more)) = (&key, &v) {
        if let Some((_, Json::Arr(a))) = ins
            .items
            .iter_mut()
            .find(|(kk, _)| kk.as_deref() == Some(k.as_str()))
        {
            a.extend(more.iter().cloned());
            return;
        }
    }
    ins.items.push((key, v));
}

/// Turns a fix's edits into text edits on `text` (whose parsed tree is `tree`), sorted by
/// position. Edits that add to the same container are written together, in edit order.
pub fn resolve(
    text: &str,
    tree: &Value<'_>,
    edits: &[Edit],
) -> Result<Vec<TextEdit>, ResolveError> {
    let mut out: Vec<TextEdit> = Vec::new();
    let mut inserts: Vec<Insertion<'_, '_>> = Vec::new();
    // Containers whose only child a `Remove` takes, with the span between their brackets.
    let mut sole: Vec<(*const Value<'_>, (u32, u32))> = Vec::new();
    for e in edits {
        match e {
            Edit::Set { at, value } => {
                let (parent, key) = split_last(at).ok_or(ResolveError::Missing)?;
                let obj = lookup(tree, parent).ok_or(ResolveError::Missing)?;
                // An array element is replaced in place.
                if let Some(items) = obj.as_array() {
                    let v = key
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| items.get(i))
                        .ok_or(ResolveError::Missing)?;
                    let st = style_in(text, obj, v.start);
                    let mut s = String::new();
                    write_json(&mut s, value, &st, line_indent(text, v.start));
                    out.push(TextEdit {
                        start: v.start,
                        end: v.end,
                        text: s,
                    });
                    continue;
                }
                let members = obj.as_object().ok_or(ResolveError::WrongType)?;
                match member_index(members, &key) {
                    Some(i) => {
                        let v = &members[i].value;
                        let st = style_in(text, obj, v.start);
                        let mut s = String::new();
                        write_json(&mut s, value, &st, line_indent(text, v.start));
                        out.push(TextEdit {
                            start: v.start,
                            end: v.end,
                            text: s,
                        });
                    }
                    None => add(&mut inserts, obj, Some(key), value.clone()),
                }
            }
            Edit::Push { array, value } => match lookup(tree, array) {
                Some(arr) => {
                    if arr.as_array().is_none() {
                        return Err(ResolveError::WrongType);
                    }
                    add(&mut inserts, arr, None, value.clone());
                }
                None => {
                    let (parent, key) = split_last(array).ok_or(ResolveError::Missing)?;
                    let obj = lookup(tree, parent).ok_or(ResolveError::Missing)?;
                    if obj.as_object().is_none() {
                        return Err(ResolveError::WrongType);
                    }
                    add(
                        &mut inserts,
                        obj,
                        Some(key),
                        Json::Arr(alloc::vec![value.clone()]),
                    );
                }
            },
            Edit::Remove { at } => {
                let (parent, key) = split_last(at).ok_or(ResolveError::Missing)?;
                let c = lookup(tree, parent).ok_or(ResolveError::Missing)?;
                // (start, end) of every element or member of the container, and which one goes.
                let spans: Vec<(u32, u32)> = match &c.kind {
                    Kind::Array(items) => items.iter().map(|v| (v.start, v.end)).collect(),
                    Kind::Object(m) => m.iter().map(|m| (m.key_start, m.value.end)).collect(),
                    _ => return Err(ResolveError::WrongType),
                };
                let i = match &c.kind {
                    Kind::Array(items) => key.parse::<usize>().ok().filter(|&i| i < items.len()),
                    Kind::Object(m) => member_index(m, &key),
                    _ => None,
                }
                .ok_or(ResolveError::Missing)?;
                let (start, end) = if spans.len() == 1 {
                    // The only child goes: the brackets are emptied (or refilled, when the same
                    // fix adds to the container).
                    sole.push((c as *const Value<'_>, (c.start + 1, c.end - 1)));
                    continue;
                } else if i + 1 < spans.len() {
                    (spans[i].0, spans[i + 1].0)
                } else {
                    (spans[i - 1].1, spans[i].1)
                };
                out.push(TextEdit {
                    start,
                    end,
                    text: String::new(),
                });
            }
            Edit::Rename { at, key } => {
                let (parent, old) = split_last(at).ok_or(ResolveError::Missing)?;
                let obj = lookup(tree, parent).ok_or(ResolveError::Missing)?;
                let members = obj.as_object().ok_or(ResolveError::WrongType)?;
                let i = member_index(members, &old).ok_or(ResolveError::Missing)?;
                if member_index(members, key).is_some() {
                    return Err(ResolveError::Exists);
                }
                let ks = members[i].key_start;
                let mut s = String::new();
                escape_into(&mut s, key);
                out.push(TextEdit {
                    start: ks,
                    end: key_end(text, ks),
                    text: s,
                });
            }
        }
    }
    for ins in &inserts {
        let refill = sole
            .iter()
            .position(|(c, _)| core::ptr::eq(*c, ins.container));
        if let Some(k) = refill {
            sole.remove(k);
        }
        out.push(insertion_edit(text, ins, refill.is_some()));
    }
    for (_, (start, end)) in sole {
        out.push(TextEdit {
            start,
            end,
            text: String::new(),
        });
    }
    crate::sort::sort_by(&mut out, |a, b| (a.start, a.end).cmp(&(b.start, b.end)));
    for w in out.windows(2) {
        if overlaps(&w[0], &w[1]) {
            return Err(ResolveError::Overlap);
        }
    }
    Ok(out)
}

/// Whether two text edits (sorted by start) touch the same bytes. Two insertions at one point
/// overlap too: their order would be a guess.
pub fn overlaps(a: &TextEdit, b: &TextEdit) -> bool {
    b.start < a.end || (a.start == b.start && (a.start == a.end || b.start == b.end))
}

/// The style for writing a value that replaces or joins the children of `container`.
fn style_in(text: &str, container: &Value<'_>, at: u32) -> Style {
    let sib = match &container.kind {
        Kind::Array(items) => items
            .iter()
            .rev()
            .find(|v| matches!(v.kind, Kind::Object(_) | Kind::Array(_))),
        Kind::Object(m) => m
            .iter()
            .rev()
            .map(|m| &m.value)
            .find(|v| matches!(v.kind, Kind::Object(_) | Kind::Array(_))),
        _ => None,
    };
    let (pretty, inner_space) =
        sibling_style(text, sib, line_indent(text, sib.map_or(at, |s| s.start)));
    Style {
        sep: String::from(" "),
        colon: colon_of(text, container_object(container).unwrap_or(container)),
        pretty,
        inner_space,
    }
}

fn container_object<'v, 'a>(c: &'v Value<'a>) -> Option<&'v Value<'a>> {
    match &c.kind {
        Kind::Object(_) => Some(c),
        Kind::Array(items) => items.iter().find(|v| matches!(v.kind, Kind::Object(_))),
        _ => None,
    }
}

/// The edit that adds `ins`'s children after the container's last child, or — when it has
/// none, or `refill` (its only child is removed by the same fix) — inside its brackets.
fn insertion_edit(text: &str, ins: &Insertion<'_, '_>, refill: bool) -> TextEdit {
    let c = ins.container;
    // Where children start: the first child's offset, and the offset after the last one.
    let (first, last_end, prev_gap) = match &c.kind {
        _ if refill => (None, None, None),
        Kind::Array(items) => (
            items.first().map(|v| v.start),
            items.last().map(|v| v.end),
            (items.len() >= 2).then(|| (items[items.len() - 2].end, items[items.len() - 1].start)),
        ),
        Kind::Object(m) => (
            m.first().map(|m| m.key_start),
            m.last().map(|m| m.value.end),
            (m.len() >= 2).then(|| (m[m.len() - 2].value.end, m[m.len() - 1].key_start)),
        ),
        _ => (None, None, None),
    };
    let mut st = style_in(text, c, first.unwrap_or(c.start));
    let mut s = String::new();
    match (first, last_end) {
        (Some(first), Some(end)) => {
            // The separator between the last two children, else between the bracket and the
            // first child.
            let ws = match prev_gap {
                Some((a, b)) => {
                    let g = slice(text, a, b);
                    let g = g.find(',').map_or(g, |i| &g[i + 1..]);
                    String::from(g)
                }
                None => String::from(slice(text, c.start + 1, first)),
            };
            st.sep = normalize_sep(&ws);
            let indent = if st.sep.starts_with('\n') {
                String::from(&st.sep[1..])
            } else {
                String::from(line_indent(text, first))
            };
            for (k, v) in &ins.items {
                s.push(',');
                s.push_str(&st.sep);
                if let Some(k) = k {
                    escape_into(&mut s, k);
                    s.push_str(&st.colon);
                }
                write_json(&mut s, v, &st, &indent);
            }
            TextEdit {
                start: end,
                end,
                text: s,
            }
        }
        _ => {
            // An empty container: write the children inside its brackets.
            st.pretty = None;
            let indent = String::from(line_indent(text, c.start));
            let pad = matches!(c.kind, Kind::Object(_));
            if pad {
                s.push(' ');
            }
            for (i, (k, v)) in ins.items.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                if let Some(k) = k {
                    escape_into(&mut s, k);
                    s.push_str(&st.colon);
                }
                write_json(&mut s, v, &st, &indent);
            }
            if pad {
                s.push(' ');
            }
            TextEdit {
                start: c.start + 1,
                end: c.end.saturating_sub(1).max(c.start + 1),
                text: s,
            }
        }
    }
}

/// Applies sorted, non-overlapping text edits.
pub fn apply(text: &str, edits: &[TextEdit]) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0usize;
    for e in edits {
        let (s, t) = (e.start as usize, e.end as usize);
        if s < at || t > text.len() {
            continue;
        }
        out.push_str(&text[at..s]);
        out.push_str(&e.text);
        at = t;
    }
    out.push_str(&text[at..]);
    out
}

// ---------------------------------------------------------------------------------------------
// The fix loop
// ---------------------------------------------------------------------------------------------

/// At most this many rounds of apply-and-re-lint.
pub const MAX_ROUNDS: u32 = 12;

/// What [`fix_text`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct FixOutcome {
    /// The fixed text (the input when nothing applied).
    pub text: String,
    /// Fixes applied, over all rounds.
    pub applied: usize,
    /// Rounds that applied something.
    pub rounds: u32,
    /// The rule codes of the applied fixes, in order of application.
    pub codes: Vec<&'static str>,
}

/// One finding's fix, resolved against the text it was computed on.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub fix: Fix,
    pub edits: Vec<TextEdit>,
}

/// Every fix the findings of `loaded` offer, resolved; `None` where a finding has none (or its
/// edits do not resolve, which a test of every fix rules out).
pub fn resolve_all(
    loaded: &lint::Loaded<'_>,
    cx: &Ctx<'_>,
    findings: &[Finding],
) -> Vec<Option<Resolved>> {
    findings
        .iter()
        .map(|f| {
            let fix = fix_for(cx, f)?;
            let edits = resolve(loaded.text, &loaded.tree, &fix.edits).ok()?;
            (!edits.is_empty()).then_some(Resolved { fix, edits })
        })
        .collect()
}

/// A text edit with the line:column of its ends (1-based, columns in characters), as the
/// JSON and SARIF outputs write it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedEdit {
    pub start: u32,
    pub end: u32,
    pub start_at: crate::text::LineCol,
    pub end_at: crate::text::LineCol,
    pub text: String,
}

/// The fix a finding offers, placed in the text: what the outputs carry.
#[derive(Debug, Clone, PartialEq)]
pub struct Offered {
    pub safety: Safety,
    pub title: Text,
    pub edits: Vec<PlacedEdit>,
}

/// The fixes of `report`'s findings, index for index, into `report.fixes`.
pub fn offer(loaded: &lint::Loaded<'_>, cx: &Ctx<'_>, report: &mut lint::Report) {
    report.fixes = resolve_all(loaded, cx, &report.findings)
        .into_iter()
        .map(|r| {
            let r = r?;
            let at = |o: u32| loaded.lines.line_col(loaded.text, o);
            Some(Offered {
                safety: r.fix.safety,
                title: r.fix.title,
                edits: r
                    .edits
                    .into_iter()
                    .map(|e| PlacedEdit {
                        start: e.start,
                        end: e.end,
                        start_at: at(e.start),
                        end_at: at(e.end),
                        text: e.text,
                    })
                    .collect(),
            })
        })
        .collect();
}

/// Applies the fixes of `text`'s findings — the safe ones, and the unsafe ones too when
/// `unsafe_too` — round by round until none is left or [`MAX_ROUNDS`] is reached. In each
/// round the fixes whose edits overlap an earlier one's wait for the next round. A round whose
/// result does not load as a design is discarded and ends the loop.
pub fn fix_text(
    text: &str,
    limits: &Limits,
    opts: &LintOptions,
    unsafe_too: bool,
) -> Result<FixOutcome, LoadError> {
    fix_text_with(text, limits, opts, &|_, fix| {
        fix.safety == Safety::Safe || unsafe_too
    })
}

/// [`fix_text`] with the fixes to apply chosen by `select` (the editor's "Fix" of one finding,
/// "Fix all" of one rule).
pub fn fix_text_with(
    text: &str,
    limits: &Limits,
    opts: &LintOptions,
    select: &dyn Fn(&Finding, &Fix) -> bool,
) -> Result<FixOutcome, LoadError> {
    let mut cur = String::from(text);
    let mut outcome = FixOutcome {
        text: String::new(),
        applied: 0,
        rounds: 0,
        codes: Vec::new(),
    };
    // Fail on a text that does not load at all, as linting it would.
    lint::load(text, limits)?;
    while outcome.rounds < MAX_ROUNDS {
        let next = {
            let Ok(loaded) = lint::load(&cur, limits) else {
                break;
            };
            let mut cx = Ctx::new(&loaded.design);
            let report = lint::lint_with_ctx(&loaded, &mut cx, opts);
            let mut chosen: Vec<TextEdit> = Vec::new();
            let mut codes: Vec<&'static str> = Vec::new();
            for (f, r) in report
                .findings
                .iter()
                .zip(resolve_all(&loaded, &cx, &report.findings))
            {
                let Some(r) = r else { continue };
                if !select(f, &r.fix) {
                    continue;
                }
                let clash = r.edits.iter().any(|e| {
                    chosen.iter().any(|c| {
                        let (a, b) = if (c.start, c.end) <= (e.start, e.end) {
                            (c, e)
                        } else {
                            (e, c)
                        };
                        overlaps(a, b)
                    })
                });
                if clash {
                    continue;
                }
                chosen.extend(r.edits);
                codes.push(f.rule.code);
            }
            if chosen.is_empty() {
                break;
            }
            crate::sort::sort_by(&mut chosen, |a, b| (a.start, a.end).cmp(&(b.start, b.end)));
            let next = apply(&cur, &chosen);
            if next == cur || lint::load(&next, limits).is_err() {
                break;
            }
            outcome.applied += codes.len();
            outcome.codes.extend(codes);
            next
        };
        cur = next;
        outcome.rounds += 1;
    }
    outcome.text = cur;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn run(text: &str, edits: &[Edit]) -> String {
        let tree = json::parse(text, 64).unwrap();
        let e = resolve(text, &tree, edits).unwrap();
        let out = apply(text, &e);
        json::parse(&out, 64).expect("fixed text parses");
        out
    }

    #[test]
    fn set_replaces_a_value_in_place() {
        let t = "{\n  \"a\": false,\n  \"b\": 1\n}\n";
        let out = run(
            t,
            &[Edit::Set {
                at: "/a".into(),
                value: Json::Bool(true),
            }],
        );
        assert_eq!(out, "{\n  \"a\": true,\n  \"b\": 1\n}\n");
    }

    #[test]
    fn set_adds_a_member_in_the_objects_style() {
        let t = "{\n    \"a\": 1,\n    \"b\": 2\n}";
        let out = run(
            t,
            &[Edit::Set {
                at: "/c".into(),
                value: Json::Int(3),
            }],
        );
        assert_eq!(out, "{\n    \"a\": 1,\n    \"b\": 2,\n    \"c\": 3\n}");
        let t = "{ \"id\": \"x\", \"kind\": \"ecs\" }";
        let out = run(
            t,
            &[Edit::Set {
                at: "/zone".into(),
                value: Json::str("z"),
            }],
        );
        assert_eq!(out, "{ \"id\": \"x\", \"kind\": \"ecs\", \"zone\": \"z\" }");
        let t = "{\"a\":1}";
        let out = run(
            t,
            &[Edit::Set {
                at: "/b".into(),
                value: Json::Int(2),
            }],
        );
        assert_eq!(out, "{\"a\":1, \"b\":2}");
    }

    #[test]
    fn set_into_an_empty_object() {
        let out = run(
            "{ \"o\": {} }",
            &[Edit::Set {
                at: "/o/k".into(),
                value: Json::Int(1),
            }],
        );
        assert_eq!(out, "{ \"o\": { \"k\": 1 } }");
    }

    #[test]
    fn push_appends_like_the_siblings() {
        let t = "{\n  \"nodes\": [\n    { \"id\": \"a\" },\n    { \"id\": \"b\" }\n  ]\n}";
        let out = run(
            t,
            &[Edit::Push {
                array: "/nodes".into(),
                value: Json::obj([("id", Json::str("c")), ("kind", Json::str("ecs"))]),
            }],
        );
        assert_eq!(
            out,
            "{\n  \"nodes\": [\n    { \"id\": \"a\" },\n    { \"id\": \"b\" },\n    { \"id\": \"c\", \"kind\": \"ecs\" }\n  ]\n}"
        );
    }

    #[test]
    fn push_writes_pretty_objects_among_pretty_siblings() {
        let t = "{\n  \"nodes\": [\n    {\n      \"id\": \"a\"\n    }\n  ]\n}";
        let out = run(
            t,
            &[Edit::Push {
                array: "/nodes".into(),
                value: Json::obj([
                    ("id", Json::str("b")),
                    ("tags", Json::Arr(vec![Json::str("x")])),
                ]),
            }],
        );
        assert_eq!(
            out,
            "{\n  \"nodes\": [\n    {\n      \"id\": \"a\"\n    },\n    {\n      \"id\": \"b\",\n      \"tags\": [\"x\"]\n    }\n  ]\n}"
        );
    }

    #[test]
    fn push_onto_an_absent_array_adds_the_member_once() {
        let t = "{ \"id\": \"s\" }";
        let out = run(
            t,
            &[
                Edit::Push {
                    array: "/backends".into(),
                    value: Json::str("a"),
                },
                Edit::Push {
                    array: "/backends".into(),
                    value: Json::str("b"),
                },
            ],
        );
        assert_eq!(out, "{ \"id\": \"s\", \"backends\": [\"a\", \"b\"] }");
    }

    #[test]
    fn push_onto_an_empty_array() {
        let out = run(
            "{ \"a\": [] }",
            &[Edit::Push {
                array: "/a".into(),
                value: Json::Int(1),
            }],
        );
        assert_eq!(out, "{ \"a\": [1] }");
    }

    #[test]
    fn remove_takes_the_separator_with_it() {
        let t = "[1, 2, 3]";
        assert_eq!(run(t, &[Edit::Remove { at: "/0".into() }]), "[2, 3]");
        assert_eq!(run(t, &[Edit::Remove { at: "/1".into() }]), "[1, 3]");
        assert_eq!(run(t, &[Edit::Remove { at: "/2".into() }]), "[1, 2]");
        assert_eq!(run("[1]", &[Edit::Remove { at: "/0".into() }]), "[]");
        let t = "{\n  \"a\": 1,\n  \"b\": 2\n}";
        assert_eq!(
            run(t, &[Edit::Remove { at: "/b".into() }]),
            "{\n  \"a\": 1\n}"
        );
        assert_eq!(
            run(t, &[Edit::Remove { at: "/a".into() }]),
            "{\n  \"b\": 2\n}"
        );
    }

    #[test]
    fn removing_the_only_element_and_adding_one_refills_the_brackets() {
        for t in ["{ \"a\": [\"x\"] }", "{ \"a\": [ \"x\" ] }"] {
            let out = run(
                t,
                &[
                    Edit::Remove { at: "/a/0".into() },
                    Edit::Push {
                        array: "/a".into(),
                        value: Json::str("y"),
                    },
                ],
            );
            assert_eq!(out, "{ \"a\": [\"y\"] }", "{t}");
        }
    }

    #[test]
    fn set_replaces_an_array_element_in_place() {
        let out = run(
            "[1, 2, 3]",
            &[Edit::Set {
                at: "/1".into(),
                value: Json::str("b"),
            }],
        );
        assert_eq!(out, "[1, \"b\", 3]");
    }

    #[test]
    fn rename_keeps_the_value() {
        let t = "{ \"zonee\": \"z\", \"b\": 1 }";
        let out = run(
            t,
            &[Edit::Rename {
                at: "/zonee".into(),
                key: "zone".into(),
            }],
        );
        assert_eq!(out, "{ \"zone\": \"z\", \"b\": 1 }");
    }

    #[test]
    fn strings_are_escaped_and_pointers_unescaped() {
        let t = "{ \"a/b\": 1 }";
        let out = run(
            t,
            &[Edit::Set {
                at: "/a~1b".into(),
                value: Json::str("q\"\\\n"),
            }],
        );
        assert_eq!(out, "{ \"a/b\": \"q\\\"\\\\\\n\" }");
    }

    #[test]
    fn missing_places_and_overlaps_are_errors() {
        let t = "{ \"a\": [1] }";
        let tree = json::parse(t, 64).unwrap();
        assert_eq!(
            resolve(t, &tree, &[Edit::Remove { at: "/x/0".into() }]),
            Err(ResolveError::Missing)
        );
        assert_eq!(
            resolve(
                t,
                &tree,
                &[Edit::Push {
                    array: "/a/0".into(),
                    value: Json::Int(1)
                }]
            ),
            Err(ResolveError::WrongType)
        );
        assert_eq!(
            resolve(
                t,
                &tree,
                &[
                    Edit::Set {
                        at: "/a".into(),
                        value: Json::Int(1)
                    },
                    Edit::Remove { at: "/a/0".into() }
                ]
            ),
            Err(ResolveError::Overlap)
        );
    }
}
