//! The document: the design's JSON value (field order and unknown fields kept), its text, and
//! the findings core reports for that text. Every edit goes through [`Doc::new`].

use std::rc::Rc;

use archlint_core::layout::{LayoutOptions, Memory, Scene};
use archlint_core::{Finding, Lang, Limits, LintOptions, LoadError, Loaded, Severity};
use serde_json::{Map, Value};

/// A design as the editor holds it.
#[derive(Debug, Clone)]
pub struct Doc {
    pub value: Value,
    /// The pretty-printed JSON (what is saved, and what line:column of findings refer to).
    pub text: String,
    pub findings: Vec<Finding>,
    /// Per finding (same index): the fix it offers, if any (safety and what it does).
    pub fixes: Vec<Option<FixInfo>>,
    /// Per rule code: how many findings offer a fix, for "Fix all N".
    pub fixable: Vec<(&'static str, usize)>,
    /// Per rule, whether the design gave it the facts it needs: the findings panel's "checked
    /// N of M rules" and the list of what is missing to check the rest. Made on first use
    /// ([`Doc::coverage`]): the panel asks for it after the edit's frame is painted (0.3–1.4 ms
    /// of a 300-node design's edit, index included, off that frame).
    coverage: std::cell::OnceCell<Rc<archlint_core::coverage::Coverage>>,
    /// The scene core laid out for the text and findings, in `scene_lang` (the canvas draws
    /// it; in another language it lays the design out again).
    pub scene: Option<Rc<Scene>>,
    pub scene_lang: Lang,
    /// What the scene's drawing keeps for the next edit's layout (core's `layout::Memory`):
    /// laid out with the memory of the drawing on screen ([`SHOWN`]), an edit moves no row and
    /// no column it does not have to; the exports and the other language draw with it too.
    pub kept: Rc<Memory>,
    /// The text as core loaded it (tree with spans, model, line index), kept for the Fix
    /// buttons: a fix is made from the model's index and resolved against the tree, and
    /// loading the text again took 1.5–3 ms of a fix's frame on a 300-node design. `None`
    /// when core cannot load the text.
    pub loaded: Option<Rc<Kept>>,
    /// A copy of `value`, made in idle time after the document is drawn ([`prepare_copy`]):
    /// the next edit changes it instead of copying the value on its own frame (a 300-node
    /// design's value took 0.6–0.8 ms to copy in WASM). Taken by [`Doc::value_copy`].
    spare: std::cell::RefCell<Option<Value>>,
}

self_cell::self_cell!(
    /// A text and what core loaded from it (which borrows the text).
    pub struct Kept {
        owner: String,
        #[covariant]
        dependent: Loaded,
    }
);

impl Kept {
    /// Loads `text` (a copy of it is kept).
    pub fn load(text: String) -> Result<Kept, LoadError> {
        Kept::try_new(text, |t| archlint_core::load(t, &Limits::DEFAULT))
    }
    pub fn get(&self) -> &Loaded<'_> {
        self.borrow_dependent()
    }
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Kept({} bytes)", self.borrow_owner().len())
    }
}

impl PartialEq for Doc {
    /// The same text drawn the same way ("Tidy up" changes the drawing, not the text).
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && (Rc::ptr_eq(&self.kept, &other.kept) || self.kept == other.kept)
    }
}

/// What a finding's fix is, as the findings panel shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct FixInfo {
    pub safety: archlint_core::fix::Safety,
    pub title: archlint_core::Text,
    /// The fix's edits, as the rule made them from this document's design (applying the fix
    /// then needs no second index of the design: about 0.5 ms of a fix on a 300-node design).
    pub edits: Vec<archlint_core::fix::Edit>,
}

/// Why a text was refused: the position and cause, in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    /// The file the position is in, for a Terraform or ROS import (a configuration has several
    /// files); empty for a design, whose text is the one opened.
    pub path: String,
    /// 1-based; 0 when the cause has no position.
    pub line: u32,
    pub column: u32,
    pub en: String,
    pub zh: String,
}

impl From<LoadError> for Refused {
    fn from(e: LoadError) -> Refused {
        Refused {
            path: String::new(),
            line: e.line,
            column: e.column,
            en: e.message.en,
            zh: e.message.zh,
        }
    }
}

/// Whether a fix's edits only set members to scalars (a switch, a number, a name): applied to
/// the editor's text those give the text [`to_text`] writes for the edited value. (A pushed
/// object or array is written by core with short arrays on one line, which `to_text` spreads
/// over lines.)
pub fn sets_scalars(edits: &[archlint_core::fix::Edit]) -> bool {
    use archlint_core::fix::{Edit, Json};
    edits.iter().all(|e| {
        matches!(
            e,
            Edit::Set {
                value: Json::Bool(_) | Json::Int(_) | Json::Str(_),
                ..
            }
        )
    })
}

/// Pretty JSON with two-space indentation, as saved.
pub fn to_text(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| String::from("{}"))
}

impl Doc {
    /// Re-serialises, re-lints and lays out a value (the scene in `lang`), loading the text
    /// once for both. A value that core cannot load (an edit can never make one, but a caller
    /// could) keeps its text and gets no findings and no scene.
    pub fn new(value: Value, lang: Lang) -> Doc {
        let t0 = clock();
        let text = to_text(&value);
        let t1 = clock();
        let doc = Doc::analysed(value, text, lang, None);
        let t2 = clock();
        TIMES.with(|t| t.set((t1 - t0, t2 - t1)));
        doc
    }

    /// A document from a value and its text as [`to_text`] writes it (the caller made both,
    /// e.g. a fix's edits applied to the value and to the text), linted and laid out without
    /// serialising the value again.
    pub fn with_text(value: Value, text: String, lang: Lang) -> Doc {
        debug_assert_eq!(to_text(&value), text);
        let t0 = clock();
        let doc = Doc::analysed(value, text, lang, None);
        TIMES.with(|t| t.set((0.0, clock() - t0)));
        doc
    }

    /// A document from its value and that value's text, linted and laid out; `loaded` is the
    /// text already loaded by the caller, if it was.
    fn analysed(value: Value, text: String, lang: Lang, loaded: Option<Kept>) -> Doc {
        let loaded = match loaded {
            Some(k) => Some(k),
            None => Kept::load(text.clone()).ok(),
        };
        let (findings, fixes, scene, kept) = match &loaded {
            Some(k) => {
                let shown = SHOWN.with(|m| m.borrow().clone());
                let (f, x, s, m) = lint_and_lay_out(k.get(), lang, &shown);
                (f, x, Some(Rc::new(s)), Rc::new(m))
            }
            None => (Vec::new(), Vec::new(), None, Rc::default()),
        };
        let mut fixable: Vec<(&'static str, usize)> = Vec::new();
        for (f, x) in findings.iter().zip(&fixes) {
            if x.is_some() {
                match fixable.iter_mut().find(|(c, _)| *c == f.rule.code) {
                    Some((_, n)) => *n += 1,
                    None => fixable.push((f.rule.code, 1)),
                }
            }
        }
        Doc {
            value,
            text,
            findings,
            fixes,
            fixable,
            coverage: Default::default(),
            scene,
            scene_lang: lang,
            kept,
            loaded: loaded.map(Rc::new),
            spare: Default::default(),
        }
    }

    /// Parses a text the user opened, pasted or dropped. Refused when core cannot load it as
    /// a design (syntax, not an object, missing/unsupported version, limits).
    /// Undo and redo come through here too, with texts the editor wrote: those are loaded
    /// once, for the check and for the lint and layout.
    pub fn parse(text: &str, lang: Lang) -> Result<Doc, Refused> {
        let loaded = Kept::load(text.to_string())?;
        let value: Value = serde_json::from_str(text).map_err(|e| Refused {
            path: String::new(),
            line: e.line() as u32,
            column: e.column() as u32,
            en: format!("invalid JSON: {e}"),
            zh: format!("JSON 无效：{e}"),
        })?;
        let canonical = to_text(&value);
        let same = canonical == text;
        Ok(Doc::analysed(
            value,
            canonical,
            lang,
            same.then_some(loaded),
        ))
    }

    /// The empty design the editor starts from.
    pub fn blank(lang: Lang) -> Doc {
        Doc::new(blank_value(lang), lang)
    }

    /// The finding a fix request is about: at its index if it is still there, else found by
    /// code, target and pointer.
    pub fn find_finding(&self, req: &crate::state::FixReq) -> Option<&Finding> {
        let is = |f: &&Finding| {
            f.rule.code == req.code && f.target == req.target && f.pointer == req.pointer
        };
        self.findings
            .get(req.index)
            .filter(is)
            .or_else(|| self.findings.iter().find(is))
    }

    /// The fix of the finding a request is about.
    pub fn fix_of(&self, req: &crate::state::FixReq) -> Option<&FixInfo> {
        let f = self.find_finding(req)?;
        let i = self.findings.iter().position(|g| std::ptr::eq(g, f))?;
        self.fixes.get(i)?.as_ref()
    }

    /// Whether a finding of `req`'s rule offers a fix that `req` may apply (safe, or any once
    /// confirmed).
    pub fn offers(&self, req: &crate::state::FixReq) -> bool {
        self.findings.iter().zip(&self.fixes).any(|(f, x)| {
            f.rule.code == req.code && x.as_ref().is_some_and(|x| req.allows(x.safety))
        })
    }

    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }

    /// The worst severity and number of findings about each target id.
    pub fn marks(&self) -> std::collections::HashMap<&str, (Severity, usize)> {
        let mut m: std::collections::HashMap<&str, (Severity, usize)> = Default::default();
        for f in &self.findings {
            if let Some(t) = f.target.as_deref() {
                let e = m.entry(t).or_insert((f.severity, 0));
                e.0 = e.0.max(f.severity);
                e.1 += 1;
            }
        }
        m
    }

    /// What the rules could check on this document (core's coverage report), made the first
    /// time it is asked for; an empty report when core cannot load the text.
    pub fn coverage(&self) -> Rc<archlint_core::coverage::Coverage> {
        self.coverage
            .get_or_init(|| {
                Rc::new(match self.loaded.as_deref() {
                    Some(k) => {
                        let design = &k.get().design;
                        let cx = archlint_core::index::Ctx::new(design);
                        archlint_core::coverage::coverage(&cx, &LintOptions::default())
                    }
                    None => Default::default(),
                })
            })
            .clone()
    }

    /// The coverage report if it is made already ([`Doc::coverage`] makes it).
    pub fn coverage_if_made(&self) -> Option<Rc<archlint_core::coverage::Coverage>> {
        self.coverage.get().cloned()
    }

    /// A copy of the value to edit: the one made in idle time if there is one, else made now.
    pub fn value_copy(&self) -> Value {
        self.spare
            .borrow_mut()
            .take()
            .unwrap_or_else(|| self.value.clone())
    }

    /// Makes the copy [`Doc::value_copy`] hands out, if it is not made yet.
    fn fill_spare(&self) {
        let mut spare = self.spare.borrow_mut();
        if spare.is_none() {
            *spare = Some(self.value.clone());
        }
    }

    pub fn arr(&self, key: &str) -> &[Value] {
        arr(&self.value, key)
    }

    /// The design's title.
    pub fn name(&self) -> &str {
        str_of(&self.value, "name")
    }
}

thread_local! {
    /// How long the last [`Doc::new`] took to serialise and to lint + lay out, in ms (wasm
    /// only).
    pub static TIMES: std::cell::Cell<(f64, f64)> = const { std::cell::Cell::new((0.0, 0.0)) };
    /// Documents replaced by an edit (and what else an edit lets go of), freed a moment after
    /// the redraw instead of during it.
    static RETIRED: std::cell::RefCell<Vec<Box<dyn std::any::Any>>> = const { std::cell::RefCell::new(Vec::new()) };
    /// The memory of the drawing on screen: every document made (an edit, a fix, undo, a
    /// result made ahead) is laid out keeping it. The reducer sets it to the current
    /// document's after each action ([`show`]); [`forget_drawing`] empties it, for a design
    /// laid out afresh (opened, new, "Tidy up").
    static SHOWN: std::cell::RefCell<Rc<Memory>> = std::cell::RefCell::new(Rc::default());
}

/// The drawing of `doc` is on screen: the next documents are laid out keeping its memory.
pub fn show(doc: &Doc) {
    show_memory(doc.kept.clone());
}

/// The next documents are laid out keeping `kept` (undo and redo: the step's own drawing).
pub fn show_memory(kept: Rc<Memory>) {
    SHOWN.with(|m| *m.borrow_mut() = kept);
}

/// The next document is laid out afresh (and the reducer then shows its drawing).
pub fn forget_drawing() {
    SHOWN.with(|m| *m.borrow_mut() = Rc::default());
}

/// Lets go of a replaced document. Freeing a large design's value, findings and scene takes
/// a millisecond or two; in the browser that happens in a later task, off the edit's frame.
pub fn retire(doc: Rc<Doc>) {
    drop_later(doc);
}

/// Lets go of `x` (a document, a design's value) in a later task, as [`retire`].
pub fn drop_later<T: 'static>(x: T) {
    #[cfg(target_arch = "wasm32")]
    {
        let first = RETIRED.with(|r| {
            let mut r = r.borrow_mut();
            r.push(Box::new(x));
            r.len() == 1
        });
        if first {
            gloo::timers::callback::Timeout::new(200, || {
                let old = RETIRED.with(|r| std::mem::take(&mut *r.borrow_mut()));
                drop(old);
            })
            .forget();
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    drop(x);
}

/// Has the copy of the document's value that its next edit will change made a moment after it
/// is drawn, in a later task, while the user reads the result (not when it is no longer the
/// editor's document).
pub fn prepare_copy(doc: &Rc<Doc>) {
    #[cfg(target_arch = "wasm32")]
    {
        let weak = Rc::downgrade(doc);
        gloo::timers::callback::Timeout::new(40, move || {
            if let Some(d) = weak.upgrade() {
                d.fill_spare();
            }
        })
        .forget();
    }
    #[cfg(not(target_arch = "wasm32"))]
    doc.fill_spare();
}

#[cfg(target_arch = "wasm32")]
pub fn clock() -> f64 {
    crate::dom::perf_now()
}

#[cfg(not(target_arch = "wasm32"))]
pub fn clock() -> f64 {
    0.0
}

/// The empty design: one classic region with two zones, labelled in the user's language (the
/// ids stay ASCII).
pub fn blank_value(lang: Lang) -> Value {
    let (region, za, zb) = match lang {
        Lang::En => ("Region 1", "Zone A", "Zone B"),
        Lang::Zh => ("地域 1", "可用区 A", "可用区 B"),
    };
    serde_json::json!({
        "archlint": 1,
        "name": "",
        "regions": [
            { "id": "region-1", "label": region, "network": "classic",
              "zones": [ { "id": "zone-a", "label": za }, { "id": "zone-b", "label": zb } ] }
        ],
        "security_groups": [],
        "nodes": [],
        "links": []
    })
}

/// Lints a text and lays it out with the findings, loading and indexing it once.
type Analysis = (Vec<Finding>, Vec<Option<FixInfo>>, Scene);

pub fn analyse(text: &str, lang: Lang) -> Result<Analysis, Refused> {
    let loaded = archlint_core::load(text, &Limits::DEFAULT)?;
    let (findings, fixes, scene, _) = lint_and_lay_out(&loaded, lang, &Memory::default());
    Ok((findings, fixes, scene))
}

/// Lints a loaded design and lays it out with the findings, with one index for both, keeping
/// what `shown` keeps of the drawing on screen; returns the memory of the new drawing too.
fn lint_and_lay_out(
    loaded: &Loaded<'_>,
    lang: Lang,
    shown: &Memory,
) -> (Vec<Finding>, Vec<Option<FixInfo>>, Scene, Memory) {
    let mut cx = archlint_core::index::Ctx::new(&loaded.design);
    let findings =
        archlint_core::lint::lint_with_ctx(loaded, &mut cx, &LintOptions::default()).findings;
    // Which findings offer a fix (the rule's fix function only; the edits are resolved when
    // the user applies it).
    let fixes = findings
        .iter()
        .map(|f| {
            archlint_core::fix::fix_for(&cx, f).map(|x| FixInfo {
                safety: x.safety,
                title: x.title,
                edits: x.edits,
            })
        })
        .collect();
    let opts = LayoutOptions {
        lang,
        findings: true,
    };
    let (scene, kept) =
        archlint_core::layout::layout_keeping(&loaded.design, &cx, &findings, &opts, shown);
    (findings, fixes, scene, kept)
}

/// A member of an object. The design's objects have a handful of members, and going through
/// them beats hashing the key (`serde_json`'s ordered map hashes with SipHash, slow in WASM):
/// the editor looks up thousands of members on every edit of a large design.
pub fn field<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    let o = v.as_object()?;
    if o.len() > 24 {
        return o.get(key);
    }
    o.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
}

pub fn arr<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    field(v, key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

pub fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    field(v, key).and_then(Value::as_str).unwrap_or("")
}

/// What an id names, and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Region,
    Zone,
    Vpc,
    Vswitch,
    Sg,
    Node,
}

/// The pointer and kind of the object with this id.
pub fn locate(v: &Value, id: &str) -> Option<(Kind, String)> {
    let has = |o: &Value| field(o, "id").and_then(Value::as_str) == Some(id);
    for (i, n) in arr(v, "nodes").iter().enumerate() {
        if has(n) {
            return Some((Kind::Node, format!("/nodes/{i}")));
        }
    }
    for (i, r) in arr(v, "regions").iter().enumerate() {
        if has(r) {
            return Some((Kind::Region, format!("/regions/{i}")));
        }
        for (j, z) in arr(r, "zones").iter().enumerate() {
            if has(z) {
                return Some((Kind::Zone, format!("/regions/{i}/zones/{j}")));
            }
        }
    }
    for (i, p) in arr(v, "vpcs").iter().enumerate() {
        if has(p) {
            return Some((Kind::Vpc, format!("/vpcs/{i}")));
        }
        for (j, s) in arr(p, "vswitches").iter().enumerate() {
            if has(s) {
                return Some((Kind::Vswitch, format!("/vpcs/{i}/vswitches/{j}")));
            }
        }
    }
    for (i, g) in arr(v, "security_groups").iter().enumerate() {
        if has(g) {
            return Some((Kind::Sg, format!("/security_groups/{i}")));
        }
    }
    None
}

/// Calls `f` with every id of the document: regions, zones, VPCs, vSwitches, security
/// groups and nodes.
pub fn each_id<'a>(v: &'a Value, mut f: impl FnMut(&'a str)) {
    let mut id = |o: &'a Value| {
        if let Some(s) = field(o, "id").and_then(Value::as_str) {
            f(s);
        }
    };
    for r in arr(v, "regions") {
        id(r);
        arr(r, "zones").iter().for_each(&mut id);
    }
    for p in arr(v, "vpcs") {
        id(p);
        arr(p, "vswitches").iter().for_each(&mut id);
    }
    arr(v, "security_groups").iter().for_each(&mut id);
    arr(v, "nodes").iter().for_each(&mut id);
}

/// `prefix-N` with the smallest N ≥ 1 not used as an id.
pub fn fresh_id(v: &Value, prefix: &str) -> String {
    // The numbers already taken after `prefix-` (without copying every id of the design);
    // only the canonical spelling counts: "ecs-01" does not take "ecs-1".
    let mut taken = archlint_core::index::Map::<u64, ()>::default();
    each_id(v, |id| {
        let n = id
            .strip_prefix(prefix)
            .and_then(|r| r.strip_prefix('-'))
            .and_then(|r| r.parse::<u64>().ok().filter(|n| n.to_string() == r));
        if let Some(n) = n {
            taken.insert(n, ());
        }
    });
    let n = (1..).find(|n| !taken.contains_key(n)).unwrap_or(1);
    format!("{prefix}-{n}")
}

fn unescape(tok: &str) -> String {
    tok.replace("~1", "/").replace("~0", "~")
}

/// Splits a pointer into its parent and last token.
fn split(ptr: &str) -> Option<(&str, String)> {
    let i = ptr.rfind('/')?;
    Some((&ptr[..i], unescape(&ptr[i + 1..])))
}

/// Sets (`Some`) or removes (`None`) the member or element at `ptr`. Setting a missing member
/// of an object appends it; an index one past the end of an array appends. Returns whether
/// anything changed.
pub fn set(v: &mut Value, ptr: &str, new: Option<Value>) -> bool {
    let Some((parent, last)) = split(ptr) else {
        return false;
    };
    let Some(p) = v.pointer_mut(parent) else {
        return false;
    };
    match (p, new) {
        (Value::Object(m), Some(n)) => {
            if m.get(&last) == Some(&n) {
                return false;
            }
            m.insert(last, n);
            true
        }
        (Value::Object(m), None) => m.shift_remove(&last).is_some(),
        (Value::Array(a), new) => {
            let Ok(i) = last.parse::<usize>() else {
                return false;
            };
            match new {
                Some(n) if i < a.len() => {
                    a[i] = n;
                    true
                }
                Some(n) if i == a.len() => {
                    a.push(n);
                    true
                }
                None if i < a.len() => {
                    a.remove(i);
                    true
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// [`set`] for the forms' nested fields: setting a value whose parents are missing creates
/// them (an object, or an array when the next token is an index: `/nodes/3/peer/vendor`
/// creates `peer`); removing the last member of an object that is itself a member (a `peer`,
/// a `health_check`) removes that object too, so that clearing every field of it leaves the
/// design as if it had never been set. Array items are never removed that way.
pub fn set_path(v: &mut Value, ptr: &str, new: Option<Value>) -> bool {
    let Some((parent, last)) = split(ptr) else {
        return false;
    };
    if v.pointer(parent).is_none() {
        let Some(n) = new else {
            return false;
        };
        let fresh = if last.parse::<usize>().is_ok() {
            Value::Array(vec![n])
        } else {
            obj(&[(last.as_str(), n)])
        };
        return set_path(v, parent, Some(fresh));
    }
    let removing = new.is_none();
    let changed = set(v, ptr, new);
    if changed && removing && !parent.is_empty() {
        let emptied = v
            .pointer(parent)
            .and_then(Value::as_object)
            .is_some_and(|m| m.is_empty());
        let in_object = split(parent)
            .and_then(|(pp, _)| v.pointer(pp))
            .is_some_and(Value::is_object);
        if emptied && in_object {
            set(v, parent, None);
        }
    }
    changed
}

/// Appends to the array member `key` of the object at `ptr` (creating the array).
pub fn push(v: &mut Value, ptr: &str, key: &str, item: Value) -> bool {
    let Some(Value::Object(m)) = v.pointer_mut(ptr) else {
        return false;
    };
    let e = m
        .entry(key.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if !e.is_array() {
        *e = Value::Array(Vec::new());
    }
    if let Value::Array(a) = e {
        a.push(item);
    }
    true
}

/// Removes the object with this id and the references that would only dangle: links to and
/// from a node, a node's place in `backends`/`whitelist`, the node named by another's
/// `attached_to`/`replica_of`/`replicates_to`/`connects`, the security-group rules admitting
/// the node (or, for a group, those admitting `sg:<id>`), a security group's place in the
/// nodes' `security_groups`.
pub fn delete_id(v: &mut Value, id: &str) -> bool {
    let Some((kind, ptr)) = locate(v, id) else {
        return false;
    };
    set(v, &ptr, None);
    let drop_from = |a: &mut Value| {
        if let Value::Array(items) = a {
            items.retain(|x| x.as_str() != Some(id));
        }
    };
    match kind {
        Kind::Node => {
            if let Some(Value::Array(links)) = v.get_mut("links") {
                links.retain(|l| str_of(l, "from") != id && str_of(l, "to") != id);
            }
            if let Some(Value::Array(nodes)) = v.get_mut("nodes") {
                for n in nodes {
                    for key in ["backends", "whitelist"] {
                        if let Some(a) = n.get_mut(key) {
                            drop_from(a);
                        }
                    }
                    if let Value::Object(m) = n {
                        for key in ["attached_to", "replica_of", "replicates_to", "connects"] {
                            if m.get(key).and_then(Value::as_str) == Some(id) {
                                m.shift_remove(key);
                            }
                        }
                    }
                }
            }
            drop_rules_from(v, id);
        }
        Kind::Sg => {
            drop_rules_from(v, &format!("sg:{id}"));
            if let Some(Value::Array(nodes)) = v.get_mut("nodes") {
                for n in nodes {
                    if let Some(a) = n.get_mut("security_groups") {
                        drop_from(a);
                    }
                }
            }
        }
        _ => {}
    }
    true
}

/// Removes the security-group rules whose source is `from`.
fn drop_rules_from(v: &mut Value, from: &str) {
    if let Some(Value::Array(groups)) = v.get_mut("security_groups") {
        for g in groups {
            if let Some(Value::Array(rules)) = g.get_mut("rules") {
                rules.retain(|r| str_of(r, "from") != from);
            }
        }
    }
}

/// A new object `{ "id": id, ... }` with fields in the given order.
pub fn obj(fields: &[(&str, Value)]) -> Value {
    let mut m = Map::new();
    for (k, v) in fields {
        m.insert((*k).to_string(), v.clone());
    }
    Value::Object(m)
}

/// A fix's edits applied to the design's value instead of its text, when every edit sets a
/// member (or an array element) or appends an element — what most fixes do. The editor's text
/// is the value's canonical JSON, so this gives the value that applying the edits to the text
/// and parsing it gives (a test compares the two for every such fix of the examples), without
/// the parse (1–2 ms of a fix on a 300-node design). `None` for a fix that removes or renames
/// (whose pointers into the original the text edits resolve all at once), or whose pointers
/// do not resolve: the caller then edits the text.
pub fn apply_edits(doc: &Doc, edits: &[archlint_core::fix::Edit]) -> Option<Value> {
    use archlint_core::fix::Edit;
    if edits
        .iter()
        .any(|e| matches!(e, Edit::Remove { .. } | Edit::Rename { .. }))
    {
        return None;
    }
    let mut out = doc.value_copy();
    for e in edits {
        match e {
            Edit::Set { at, value } => {
                let (parent, token) = split_pointer(at)?;
                match out.pointer_mut(parent)? {
                    Value::Object(m) => {
                        m.insert(token, json_value(value));
                    }
                    Value::Array(a) => {
                        *a.get_mut(token.parse::<usize>().ok()?)? = json_value(value)
                    }
                    _ => return None,
                }
            }
            Edit::Push { array, value } => match out.pointer_mut(array) {
                Some(Value::Array(a)) => a.push(json_value(value)),
                Some(_) => return None,
                None => {
                    let (parent, token) = split_pointer(array)?;
                    let m = out.pointer_mut(parent)?.as_object_mut()?;
                    m.insert(token, Value::Array(vec![json_value(value)]));
                }
            },
            Edit::Remove { .. } | Edit::Rename { .. } => return None,
        }
    }
    Some(out)
}

/// A pointer's parent pointer and its last token, unescaped (`~1` is `/`, `~0` is `~`).
fn split_pointer(p: &str) -> Option<(&str, String)> {
    let i = p.rfind('/')?;
    Some((&p[..i], p[i + 1..].replace("~1", "/").replace("~0", "~")))
}

fn json_value(j: &archlint_core::fix::Json) -> Value {
    use archlint_core::fix::Json;
    match j {
        Json::Bool(b) => Value::Bool(*b),
        Json::Int(i) => Value::from(*i),
        Json::Str(s) => Value::String(s.clone()),
        Json::Arr(a) => Value::Array(a.iter().map(json_value).collect()),
        Json::Obj(members) => {
            let mut m = Map::new();
            for (k, v) in members {
                m.insert(k.clone(), json_value(v));
            }
            Value::Object(m)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLASSIC: &str = include_str!("../../examples/classic-dual-zone.json");

    #[test]
    fn fix_edits_on_the_value_give_what_the_text_edits_give() {
        use archlint_core::fix;
        let (mut same, mut text_only, mut scalars) = (0, 0, 0);
        for (name, text) in crate::components::dialogs::EXAMPLES {
            let d = Doc::parse(text, Lang::En).unwrap();
            let kept = d.loaded.as_deref().unwrap();
            let cx = archlint_core::index::Ctx::new(&kept.get().design);
            for (k, f) in d.findings.iter().enumerate() {
                let Some(x) = fix::fix_for(&cx, f) else {
                    continue;
                };
                // Every other fix edits the copy made in idle time, the others a copy made then.
                if k % 2 == 0 {
                    d.fill_spare();
                }
                let by_value = apply_edits(&d, &x.edits);
                let fixed_text = fix::resolve(&d.text, &kept.get().tree, &x.edits)
                    .ok()
                    .map(|e| fix::apply(&d.text, &e));
                let by_text = fixed_text
                    .as_ref()
                    .map(|t| serde_json::from_str::<Value>(t).unwrap());
                // The text edits of a canonical text give the value's canonical text: the
                // editor takes that text instead of serialising the value again.
                if let (Some(v), Some(t)) = (&by_value, &fixed_text) {
                    if sets_scalars(&x.edits) {
                        assert_eq!(&to_text(v), t, "{name}: {} {:?}", f.rule.code, x.edits);
                        scalars += 1;
                    }
                }
                match by_value {
                    Some(v) => {
                        assert_eq!(
                            Some(&v),
                            by_text.as_ref(),
                            "{name}: {} {:?}",
                            f.rule.code,
                            x.edits
                        );
                        // The same text, too (key order kept).
                        assert_eq!(
                            to_text(&v),
                            to_text(by_text.as_ref().unwrap()),
                            "{name}: {}",
                            f.rule.code
                        );
                        same += 1;
                    }
                    None => text_only += 1,
                }
            }
        }
        assert!(
            same >= 40,
            "{same} fixes by value, {text_only} by text only"
        );
        assert!(scalars >= 20, "{scalars} fixes set scalars only");
    }

    #[test]
    fn examples_load_and_lint_clean() {
        let d = Doc::parse(CLASSIC, Lang::En).unwrap();
        assert!(
            d.findings.iter().all(|f| f.severity == Severity::Info),
            "{:?}",
            d.findings
        );
    }

    #[test]
    fn order_and_unknown_fields_are_kept() {
        let d = Doc::parse(
            r#"{"archlint":1,"zzz":1,"regions":[],"aaa":{"b":1,"a":2}}"#,
            Lang::En,
        )
        .unwrap();
        assert!(d.text.find("zzz").unwrap() < d.text.find("regions").unwrap());
        assert!(d.text.find("\"b\"").unwrap() < d.text.find("\"a\"").unwrap());
    }

    #[test]
    fn invalid_text_is_refused_with_position() {
        let e = Doc::parse("{\"archlint\": 1,\n  \"regions\": [,]}", Lang::En).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.column > 1);
        assert!(Doc::parse("[1]", Lang::En).is_err());
        assert!(Doc::parse("{\"regions\":[]}", Lang::En).is_err());
    }

    #[test]
    fn set_push_delete() {
        let mut v = Doc::parse(CLASSIC, Lang::En).unwrap().value;
        let (k, p) = locate(&v, "web-b1").unwrap();
        assert_eq!(k, Kind::Node);
        assert!(set(&mut v, &format!("{p}/cpu"), Some(4.into())));
        assert_eq!(v.pointer(&format!("{p}/cpu")), Some(&Value::from(4)));
        assert!(set(&mut v, &format!("{p}/cpu"), None));
        assert!(v.pointer(&format!("{p}/cpu")).is_none());
        let links = arr(&v, "links").len();
        assert!(delete_id(&mut v, "web-b1"));
        assert!(locate(&v, "web-b1").is_none());
        assert!(arr(&v, "links").len() < links);
        assert!(!to_text(&v).contains("\"web-b1\""));
        assert_eq!(fresh_id(&v, "ecs"), "ecs-1");
        // The smallest free number, whatever kind of thing holds the others; "ecs-01" and
        // "ecs-x" take none.
        let taken = serde_json::json!({
            "regions": [{"id": "ecs-2", "zones": [{"id": "ecs-01"}]}],
            "vpcs": [{"id": "v", "vswitches": [{"id": "ecs-x"}]}],
            "security_groups": [{"id": "ecs-3"}],
            "nodes": [{"id": "ecs-1"}, {"id": "ecs-5"}]
        });
        assert_eq!(fresh_id(&taken, "ecs"), "ecs-4");
        assert_eq!(fresh_id(&taken, "ec"), "ec-1");
        assert!(push(&mut v, "", "ignore", obj(&[("rule", "HA001".into())])));
        assert_eq!(arr(&v, "ignore").len(), 1);
    }

    #[test]
    fn nested_fields_are_created_and_emptied_objects_removed() {
        let mut v =
            serde_json::json!({"nodes": [{"id": "v", "kind": "vpn"}, {"id": "s", "kind": "slb"}]});
        assert!(set_path(
            &mut v,
            "/nodes/0/peer/vendor",
            Some("Juniper".into())
        ));
        assert_eq!(
            v["nodes"][0]["peer"],
            serde_json::json!({"vendor": "Juniper"})
        );
        assert!(set_path(
            &mut v,
            "/nodes/0/peer/behind_nat",
            Some(false.into())
        ));
        assert!(set_path(&mut v, "/nodes/0/peer/vendor", None));
        assert!(set_path(&mut v, "/nodes/0/peer/behind_nat", None));
        assert!(v["nodes"][0].get("peer").is_none(), "{v}");
        // A list is created with its first item; deeper objects too.
        assert!(set_path(
            &mut v,
            "/nodes/1/listeners/0",
            Some(serde_json::json!({"port": 80}))
        ));
        assert!(set_path(
            &mut v,
            "/nodes/1/listeners/0/health_check/path",
            Some("/".into())
        ));
        assert_eq!(
            v["nodes"][1]["listeners"],
            serde_json::json!([{"port": 80, "health_check": {"path": "/"}}])
        );
        // An array item that empties stays (removing it would shift its siblings).
        assert!(set_path(&mut v, "/nodes/1/listeners/0/port", None));
        assert!(set_path(
            &mut v,
            "/nodes/1/listeners/0/health_check/path",
            None
        ));
        assert_eq!(v["nodes"][1]["listeners"], serde_json::json!([{}]));
        assert!(!set_path(&mut v, "/nodes/1/nothing/here", None));
    }
}
