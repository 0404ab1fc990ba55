//! The editor's whole state and the reducer every change goes through. Edits change the JSON
//! value, re-serialise and re-lint it ([`Doc::new`]) and push the previous text onto the undo
//! history.

use std::rc::Rc;

use archlint_core::{Lang, Severity};
use serde_json::{json, Value};
use yew::Reducible;

use crate::doc::{self, obj, Doc, Kind, Refused};

/// Most undo steps kept in memory.
pub const UNDO_LIMIT: usize = 200;

/// What is selected on the canvas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sel {
    Id(String),
    Link(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

/// The dialog that is open.
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    None,
    Explain(&'static str),
    Rules,
    Paste,
    Gallery,
    Share(String),
    Ignore {
        rule: &'static str,
        target: Option<String>,
    },
    /// An unsafe fix asks before it adds or moves resources.
    ConfirmFix(FixReq),
}

/// Which fix to apply: the one of a finding (`index` into the findings), or every fix of its
/// rule (`all`); unsafe ones only once the user confirmed.
#[derive(Debug, Clone, PartialEq)]
pub struct FixReq {
    /// Where the finding was when the button was drawn (a hint: a panel item that did not
    /// change is not redrawn, so the finding is found again by code, target and pointer).
    pub index: usize,
    pub code: &'static str,
    pub target: Option<String>,
    pub pointer: String,
    pub all: bool,
    pub confirmed: bool,
}

/// Storage health, as the last autosave found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    Ok,
    /// Saved, but without the undo history (quota).
    Trimmed,
    Full,
    Unavailable,
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub doc: Rc<Doc>,
    pub undo: Vec<Rc<str>>,
    pub redo: Vec<Rc<str>>,
    pub selected: Option<Sel>,
    /// Link mode: the source picked, waiting for a target.
    pub link_from: Option<String>,
    pub lang: Lang,
    pub theme: Theme,
    /// Severities shown in the findings panel: error, warning, info.
    pub show: [bool; 3],
    /// The last refused file.
    pub refused: Option<Refused>,
    /// Terraform or ROS files are being imported (the importer module may be loading).
    pub importing: bool,
    pub dialog: Dialog,
    pub storage: Storage,
    /// Another tab saved this newer design; autosave waits until the user chooses.
    pub conflict: Option<Rc<str>>,
    /// Bumped on every change of the document (autosave watches it).
    pub revision: u64,
    /// Bumped when a finding asks the canvas to scroll to the selection.
    pub reveal: u64,
    /// The revision at which the user allowed overwriting another tab's save.
    pub overwrite_rev: u64,
}

pub enum Action {
    /// Sets (`Some`) or removes (`None`) the value at a JSON pointer.
    Set(String, Option<Value>),
    AddRegion,
    AddZone,
    AddVpc,
    AddVswitch(Option<&'static str>),
    AddSg,
    AddSgRule(String),
    AddNode(&'static str),
    AddLink(String, String),
    /// Link mode: pick (or cancel with `None`) the source of a new link.
    LinkFrom(Option<String>),
    /// A click on a node: selects it, or ends a link in link mode.
    Click(String),
    Delete(Sel),
    DeleteSelected,
    Ignore {
        rule: &'static str,
        target: Option<String>,
        reason: String,
    },
    /// Applies a finding's fix, or all fixes of its rule: one undo step.
    Fix(FixReq),
    /// Replaces the design (new, open, paste, example, share link); undoable. Refused texts
    /// leave the design as it was and show the error.
    Open(String),
    /// Files that could not be opened (an import failed): the design stays, the error shows.
    Refuse(Refused),
    /// An import started (`true`) or ended without opening anything (`false`).
    Importing(bool),
    /// Replaces everything from storage (on start); not undoable itself.
    Restore {
        text: String,
        undo: Vec<String>,
        redo: Vec<String>,
    },
    Undo,
    Redo,
    Select(Option<Sel>),
    Reveal(Sel),
    Escape,
    Lang(Lang),
    ToggleTheme,
    Show(Severity, bool),
    Dialog(Dialog),
    DismissRefused,
    Storage(Storage),
    Conflict(Option<Rc<str>>),
    /// The user chose to keep this tab's design over another tab's newer save.
    KeepMine,
}

pub fn sev_index(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

impl State {
    pub fn new(lang: Lang, theme: Theme) -> State {
        State {
            doc: Rc::new(Doc::blank(lang)),
            undo: Vec::new(),
            redo: Vec::new(),
            selected: None,
            link_from: None,
            lang,
            theme,
            show: [true; 3],
            refused: None,
            importing: false,
            dialog: Dialog::None,
            storage: Storage::Ok,
            conflict: None,
            revision: 0,
            reveal: 0,
            overwrite_rev: u64::MAX,
        }
    }

    pub fn selected_id(&self) -> Option<&str> {
        match &self.selected {
            Some(Sel::Id(s)) => Some(s),
            _ => None,
        }
    }

    /// Commits a new document: the current text goes onto the undo history.
    fn commit(&mut self, doc: Doc) {
        if doc.text == self.doc.text {
            return;
        }
        let old = std::mem::replace(&mut self.doc, Rc::new(doc));
        self.undo.push(Rc::from(old.text.as_str()));
        doc::retire(old);
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.revision += 1;
        self.drop_stale_selection();
    }

    fn edit(&mut self, f: impl FnOnce(&mut Value) -> bool) {
        let mut v = self.doc.value.clone();
        if f(&mut v) {
            self.commit(Doc::new(v, self.lang));
        }
    }

    fn drop_stale_selection(&mut self) {
        let keep = match &self.selected {
            Some(Sel::Id(id)) => doc::locate(&self.doc.value, id).is_some(),
            Some(Sel::Link(i)) => *i < self.doc.arr("links").len(),
            None => true,
        };
        if !keep {
            self.selected = None;
        }
    }

    /// The region the new thing goes into: the selection's, else the first.
    fn region_ptr(&self) -> Option<String> {
        let v = &self.doc.value;
        let regions = doc::arr(v, "regions");
        if let Some(id) = self.selected_id() {
            let rid = self.region_of(id);
            if let Some(i) = regions.iter().position(|r| doc::str_of(r, "id") == rid) {
                return Some(format!("/regions/{i}"));
            }
        }
        (!regions.is_empty()).then(|| "/regions/0".to_string())
    }

    /// The region id an id lies in (a region itself, a zone's, a vpc's, a node's placement).
    pub fn region_of(&self, id: &str) -> String {
        region_of(&self.doc.value, id)
    }

    fn add_node(&mut self, kind: &'static str) {
        let v = &self.doc.value;
        let id = doc::fresh_id(v, kind.replace('_', "-").as_str());
        let mut fields: Vec<(&str, Value)> = vec![
            ("id", id.clone().into()),
            ("kind", kind.into()),
            ("label", id.clone().into()),
        ];
        let region = self
            .region_ptr()
            .and_then(|p| v.pointer(&p).cloned())
            .unwrap_or(Value::Null);
        let rid = doc::str_of(&region, "id").to_string();
        match kind {
            "ecs" => {
                // Into the selected zone/vSwitch, else the region's first.
                let sel = self.selected_id().unwrap_or("");
                let placed = match doc::locate(v, sel) {
                    Some((Kind::Zone, _)) => Some(("zone", sel.to_string())),
                    Some((Kind::Vswitch, _)) => Some(("vswitch", sel.to_string())),
                    _ => None,
                };
                let placed = placed.or_else(|| {
                    if doc::str_of(&region, "network") == "vpc" {
                        doc::arr(v, "vpcs")
                            .iter()
                            .filter(|p| doc::str_of(p, "region") == rid)
                            .flat_map(|p| doc::arr(p, "vswitches"))
                            .map(|s| ("vswitch", doc::str_of(s, "id").to_string()))
                            .next()
                    } else {
                        doc::arr(&region, "zones")
                            .first()
                            .map(|z| ("zone", doc::str_of(z, "id").to_string()))
                    }
                });
                if let Some((k, z)) = placed {
                    fields.push((k, z.into()));
                }
                fields.push(("cpu", 2.into()));
                fields.push(("memory_gb", 4.into()));
            }
            "idc" | "dns" => {}
            "eip" => {
                if let Some(sel) = self.selected_id() {
                    if doc::locate(v, sel).map(|l| l.0) == Some(Kind::Node) {
                        fields.push(("attached_to", sel.into()));
                    }
                }
            }
            _ => {
                if !rid.is_empty() {
                    fields.push(("region", rid.into()));
                }
                match kind {
                    "vpn" => fields.push(("type", "ssl".into())),
                    "rds" => fields.push(("engine", "mysql".into())),
                    _ => {}
                }
            }
        }
        let node = obj(&fields);
        self.edit(|v| doc::push(v, "", "nodes", node));
        self.selected = Some(Sel::Id(id));
    }

    /// The design's text with the fix(es) of `req` applied; `None` when nothing applies.
    fn fixed_text(&self, req: &FixReq) -> Option<String> {
        use archlint_core::fix::{self, Safety};
        let text = self.doc.text.as_str();
        let limits = archlint_core::Limits::DEFAULT;
        let ok_safety = |s: Safety| s == Safety::Safe || req.confirmed;
        if req.all {
            let out = fix::fix_text_with(
                text,
                &limits,
                &archlint_core::LintOptions::default(),
                &|f, x| f.rule.code == req.code && ok_safety(x.safety),
            )
            .ok()?;
            return (out.applied > 0).then_some(out.text);
        }
        // One finding: the same finding in a fresh lint of this text (a fix may read what
        // the lint records in the index, e.g. which ignore entries matched).
        let want = self.doc.find_finding(req)?;
        let loaded = archlint_core::load(text, &limits).ok()?;
        let mut cx = archlint_core::index::Ctx::new(&loaded.design);
        let report = archlint_core::lint::lint_with_ctx(
            &loaded,
            &mut cx,
            &archlint_core::LintOptions::default(),
        );
        let f = report.findings.iter().find(|f| {
            f.rule.code == want.rule.code && f.target == want.target && f.pointer == want.pointer
        })?;
        let x = fix::fix_for(&cx, f)?;
        if !ok_safety(x.safety) {
            return None;
        }
        let edits = fix::resolve(text, &loaded.tree, &x.edits).ok()?;
        Some(fix::apply(text, &edits))
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::Set(ptr, val) => {
                let renamed = match (&val, ptr.ends_with("/id"), &self.selected) {
                    (Some(Value::String(new)), true, Some(Sel::Id(old)))
                        if doc::locate(&self.doc.value, old)
                            .is_some_and(|(_, p)| format!("{p}/id") == ptr) =>
                    {
                        Some(new.clone())
                    }
                    _ => None,
                };
                self.edit(|v| doc::set(v, &ptr, val));
                if let Some(new) = renamed {
                    self.selected = Some(Sel::Id(new));
                }
            }
            Action::AddRegion => {
                let id = doc::fresh_id(&self.doc.value, "region");
                let za = format!("{id}-a");
                let zb = format!("{id}-b");
                let r = json!({ "id": id, "label": id, "network": "classic",
                    "zones": [ { "id": za, "label": za }, { "id": zb, "label": zb } ] });
                self.edit(|v| doc::push(v, "", "regions", r));
                self.selected = Some(Sel::Id(id));
            }
            Action::AddZone => {
                let Some(rp) = self.region_ptr() else {
                    return;
                };
                let id = doc::fresh_id(&self.doc.value, "zone");
                let z = json!({ "id": id, "label": id });
                self.edit(|v| doc::push(v, &rp, "zones", z));
                self.selected = Some(Sel::Id(id));
            }
            Action::AddVpc => {
                let Some(rp) = self.region_ptr() else {
                    return;
                };
                let rid = doc::str_of(self.doc.value.pointer(&rp).unwrap_or(&Value::Null), "id")
                    .to_string();
                let id = doc::fresh_id(&self.doc.value, "vpc");
                let n = doc::arr(&self.doc.value, "vpcs").len();
                let p = json!({ "id": id, "label": id, "region": rid,
                    "cidr": format!("10.{}.0.0/16", n % 256), "vswitches": [] });
                self.edit(|v| {
                    doc::set(v, &format!("{rp}/network"), Some("vpc".into()));
                    doc::push(v, "", "vpcs", p)
                });
                self.selected = Some(Sel::Id(id));
            }
            Action::AddVswitch(tier) => {
                let v = &self.doc.value;
                let vpcs = doc::arr(v, "vpcs");
                let sel = self.selected_id().unwrap_or("");
                let vi = vpcs
                    .iter()
                    .position(|p| {
                        doc::str_of(p, "id") == sel
                            || doc::arr(p, "vswitches")
                                .iter()
                                .any(|s| doc::str_of(s, "id") == sel)
                    })
                    .unwrap_or(0);
                let Some(vpc) = vpcs.get(vi) else {
                    return;
                };
                let rid = doc::str_of(vpc, "region");
                let zones: Vec<String> = doc::arr(v, "regions")
                    .iter()
                    .filter(|r| doc::str_of(r, "id") == rid)
                    .flat_map(|r| doc::arr(r, "zones"))
                    .map(|z| doc::str_of(z, "id").to_string())
                    .collect();
                let k = doc::arr(vpc, "vswitches").len();
                let zone = zones
                    .get(k % zones.len().max(1))
                    .cloned()
                    .unwrap_or_default();
                let base = doc::str_of(vpc, "cidr");
                let cidr = subnet(base, k);
                let id = doc::fresh_id(v, "vsw");
                let mut s = obj(&[
                    ("id", id.clone().into()),
                    ("label", id.clone().into()),
                    ("zone", zone.into()),
                    ("cidr", cidr.into()),
                ]);
                if let (Some(t), Value::Object(m)) = (tier, &mut s) {
                    m.insert("tier".into(), t.into());
                }
                self.edit(|v| doc::push(v, &format!("/vpcs/{vi}"), "vswitches", s));
                self.selected = Some(Sel::Id(id));
            }
            Action::AddSg => {
                let id = doc::fresh_id(&self.doc.value, "sg");
                let g = json!({ "id": id, "label": id, "rules": [] });
                self.edit(|v| doc::push(v, "", "security_groups", g));
                self.selected = Some(Sel::Id(id));
            }
            Action::AddSgRule(ptr) => {
                // A harmless start: the group's own members on 443; the user edits it.
                let gid = self
                    .doc
                    .value
                    .pointer(&ptr)
                    .map(|g| doc::str_of(g, "id").to_string())
                    .unwrap_or_default();
                let r = json!({ "action": "accept", "protocol": "tcp", "ports": "443", "from": format!("sg:{gid}") });
                self.edit(|v| doc::push(v, &ptr, "rules", r));
            }
            Action::AddNode(kind) => self.add_node(kind),
            Action::AddLink(from, to) => {
                let l = json!({ "from": from, "to": to });
                self.edit(|v| doc::push(v, "", "links", l));
                self.link_from = None;
                self.selected = Some(Sel::Link(self.doc.arr("links").len().saturating_sub(1)));
            }
            Action::LinkFrom(f) => self.link_from = f,
            Action::Click(id) => match self.link_from.take() {
                Some(from) if from != id => self.apply(Action::AddLink(from, id)),
                Some(_) => {}
                None => self.selected = Some(Sel::Id(id)),
            },
            Action::Delete(sel) => {
                match sel {
                    Sel::Id(id) => self.edit(|v| doc::delete_id(v, &id)),
                    Sel::Link(i) => self.edit(|v| doc::set(v, &format!("/links/{i}"), None)),
                }
                self.selected = None;
            }
            Action::DeleteSelected => {
                if let Some(s) = self.selected.clone() {
                    self.apply(Action::Delete(s));
                }
            }
            Action::Ignore {
                rule,
                target,
                reason,
            } => {
                let mut fields: Vec<(&str, Value)> = vec![("rule", rule.into())];
                if let Some(t) = target {
                    fields.push(("target", t.into()));
                }
                fields.push(("reason", reason.into()));
                let e = obj(&fields);
                self.edit(|v| doc::push(v, "", "ignore", e));
                self.dialog = Dialog::None;
            }
            Action::Fix(req) => {
                self.dialog = Dialog::None;
                if let Some(text) = self.fixed_text(&req) {
                    if let Ok(v) = serde_json::from_str::<Value>(&text) {
                        self.commit(Doc::new(v, self.lang));
                    }
                }
            }
            Action::Open(text) => {
                self.importing = false;
                match Doc::parse(&text, self.lang) {
                    Ok(d) => {
                        self.commit(d);
                        self.selected = None;
                        self.link_from = None;
                        self.refused = None;
                        self.dialog = Dialog::None;
                    }
                    Err(e) => self.refused = Some(e),
                }
            }
            Action::Refuse(r) => {
                self.importing = false;
                self.refused = Some(r);
            }
            Action::Importing(on) => {
                self.importing = on;
                if on {
                    self.refused = None;
                }
            }
            Action::Restore { text, undo, redo } => {
                if let Ok(d) = Doc::parse(&text, self.lang) {
                    self.doc = Rc::new(d);
                    self.undo = undo.into_iter().map(Rc::from).collect();
                    self.redo = redo.into_iter().map(Rc::from).collect();
                    self.selected = None;
                    self.revision += 1;
                }
            }
            Action::Undo => self.step(true),
            Action::Redo => self.step(false),
            Action::Select(s) => {
                self.selected = s;
                self.link_from = None;
            }
            Action::Reveal(s) => {
                self.selected = Some(s);
                self.reveal += 1;
            }
            Action::Escape => {
                if self.dialog != Dialog::None {
                    self.dialog = Dialog::None;
                } else if self.link_from.is_some() {
                    self.link_from = None;
                } else {
                    self.selected = None;
                }
            }
            Action::Lang(l) => self.lang = l,
            Action::ToggleTheme => {
                self.theme = match self.theme {
                    Theme::Light => Theme::Dark,
                    Theme::Dark => Theme::Light,
                }
            }
            Action::Show(s, on) => self.show[sev_index(s)] = on,
            Action::Dialog(d) => self.dialog = d,
            Action::DismissRefused => self.refused = None,
            Action::Storage(s) => self.storage = s,
            Action::Conflict(c) => {
                self.conflict = c.filter(|t| **t != *self.doc.text);
            }
            Action::KeepMine => {
                self.conflict = None;
                self.revision += 1;
                self.overwrite_rev = self.revision;
            }
        }
    }

    /// Undo (`back`) or redo one step.
    fn step(&mut self, back: bool) {
        let (from, to) = if back {
            (&mut self.undo, &mut self.redo)
        } else {
            (&mut self.redo, &mut self.undo)
        };
        let Some(text) = from.pop() else {
            return;
        };
        match Doc::parse(&text, self.lang) {
            Ok(d) => {
                let old = std::mem::replace(&mut self.doc, Rc::new(d));
                to.push(Rc::from(old.text.as_str()));
                doc::retire(old);
                self.revision += 1;
                self.drop_stale_selection();
            }
            Err(_) => from.clear(),
        }
    }
}

impl Reducible for State {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let t0 = doc::clock();
        let mut s = (*self).clone();
        s.apply(action);
        REDUCE_MS.with(|t| t.set(doc::clock() - t0));
        Rc::new(s)
    }
}

thread_local! {
    /// How long the last action took in the reducer, in ms (wasm only; the canvas reports it).
    pub static REDUCE_MS: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// `field` of the object that holds the one at `ptr` (`/regions/1/zones/0` → `/regions/1`).
fn outer_field(v: &Value, ptr: &str, field: &str) -> String {
    let outer = ptr.rsplitn(3, '/').nth(2).unwrap_or("");
    doc::str_of(v.pointer(outer).unwrap_or(&Value::Null), field).to_string()
}

/// The region id an id lies in.
pub fn region_of(v: &Value, id: &str) -> String {
    let Some((kind, ptr)) = doc::locate(v, id) else {
        return String::new();
    };
    let o = v.pointer(&ptr).unwrap_or(&Value::Null);
    match kind {
        Kind::Region => id.to_string(),
        // A zone's region is the region it lies in; a vSwitch's, its VPC's region.
        Kind::Zone => outer_field(v, &ptr, "id"),
        Kind::Vpc => doc::str_of(o, "region").to_string(),
        Kind::Vswitch => outer_field(v, &ptr, "region"),
        Kind::Sg => String::new(),
        Kind::Node => {
            if let Some(r) = doc::field(o, "region").and_then(Value::as_str) {
                return r.to_string();
            }
            for key in ["zone", "vswitch"] {
                if let Some(z) = doc::field(o, key).and_then(Value::as_str) {
                    return region_of(v, z);
                }
            }
            String::new()
        }
    }
}

/// The k-th /24 inside a VPC range like `10.1.0.0/16` (best effort; the user can edit it).
fn subnet(base: &str, k: usize) -> String {
    let ip = base.split('/').next().unwrap_or("10.0.0.0");
    let parts: Vec<u32> = ip.split('.').filter_map(|p| p.parse().ok()).collect();
    if parts.len() == 4 {
        format!(
            "{}.{}.{}.0/24",
            parts[0],
            parts[1],
            (parts[2] + k as u32 + 1) % 256
        )
    } else {
        format!("10.0.{}.0/24", k + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(s: State, a: Action) -> State {
        let mut s = s;
        s.apply(a);
        s
    }

    #[test]
    fn lone_ecs_triggers_ha001_and_undo_removes_it() {
        let s = State::new(Lang::En, Theme::Light);
        let text = include_str!("../../examples/classic-dual-zone.json").to_string();
        let s = reduce(s, Action::Open(text));
        assert!(s.doc.findings.iter().all(|f| f.rule.code != "HA001"));
        let s = reduce(s, Action::AddNode("ecs"));
        let id = s.selected_id().unwrap().to_string();
        assert!(s
            .doc
            .findings
            .iter()
            .any(|f| f.rule.code == "HA001" && f.target.as_deref() == Some(id.as_str())));
        let s = reduce(s, Action::Undo);
        assert!(s.doc.findings.iter().all(|f| f.rule.code != "HA001"));
        let s = reduce(s, Action::Redo);
        assert!(s.doc.findings.iter().any(|f| f.rule.code == "HA001"));
        let s = reduce(s, Action::Select(Some(Sel::Id(id.clone()))));
        let s = reduce(s, Action::DeleteSelected);
        assert!(doc::locate(&s.doc.value, &id).is_none());
    }

    #[test]
    fn a_failed_import_keeps_the_design_and_an_import_is_an_undoable_open() {
        let s = State::new(Lang::En, Theme::Light);
        let before = s.doc.text.clone();
        let s = reduce(s, Action::Importing(true));
        assert!(s.importing);
        let r = crate::import::answer(
            r#"{"error": {"path": "main.tf", "line": 2, "column": 16, "en": "x", "zh": "y"}}"#,
        )
        .unwrap_err();
        let s = reduce(s, Action::Refuse(r));
        assert!(!s.importing);
        assert_eq!(s.doc.text, before);
        assert_eq!(s.refused.as_ref().unwrap().path, "main.tf");
        assert!(s.undo.is_empty());
        let s = reduce(s, Action::Importing(true));
        assert!(s.refused.is_none());
        let design = serde_json::json!({"archlint": 1, "name": "main.tf (Terraform)"});
        let s = reduce(s, Action::Open(design.to_string()));
        assert!(!s.importing);
        assert_eq!(s.doc.name(), "main.tf (Terraform)");
        let s = reduce(s, Action::Undo);
        assert_eq!(s.doc.text, before);
    }

    #[test]
    fn refused_open_keeps_the_design() {
        let s = State::new(Lang::En, Theme::Light);
        let before = s.doc.text.clone();
        let s = reduce(s, Action::Open("{ \"archlint\": 1, ".into()));
        assert_eq!(s.doc.text, before);
        assert!(s.refused.is_some());
        assert!(s.undo.is_empty());
    }

    #[test]
    fn every_palette_entry_adds_something() {
        let mut s = State::new(Lang::En, Theme::Light);
        s.apply(Action::AddRegion);
        s.apply(Action::AddZone);
        s.apply(Action::AddVpc);
        s.apply(Action::AddVswitch(Some("dmz")));
        s.apply(Action::AddSg);
        s.apply(Action::AddSgRule("/security_groups/0".into()));
        for k in archlint_core::model::NodeKind::ALL {
            s.apply(Action::AddNode(k.name()));
        }
        s.apply(Action::LinkFrom(Some("ecs-1".into())));
        s.apply(Action::Click("slb-1".into()));
        assert_eq!(s.doc.arr("links").len(), 1);
        assert_eq!(s.doc.arr("nodes").len(), 11);
        assert_eq!(s.undo.len(), 6 + 11 + 1);
        s.apply(Action::Ignore {
            rule: "HA001",
            target: Some("ecs-1".into()),
            reason: "test".into(),
        });
        assert!(s
            .doc
            .findings
            .iter()
            .all(|f| !(f.rule.code == "HA001" && f.target.as_deref() == Some("ecs-1"))));
    }

    fn req(s: &State, i: usize, all: bool, confirmed: bool) -> FixReq {
        let f = &s.doc.findings[i];
        FixReq {
            index: i,
            code: f.rule.code,
            target: f.target.clone(),
            pointer: f.pointer.clone(),
            all,
            confirmed,
        }
    }

    #[test]
    fn a_fix_is_one_undo_step_and_unsafe_ones_wait_for_confirmation() {
        let text = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
  "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b", "autostart": false },
             { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c", "autostart": false },
             { "id": "solo-1", "kind": "ecs", "module": "solo", "zone": "hz-b" } ] }"#;
        let mut s = State::new(Lang::En, Theme::Light);
        s.apply(Action::Open(text.into()));
        let count = |s: &State| s.doc.findings.iter().filter(|f| f.rule.code == "HA005").count();
        assert_eq!(count(&s), 2);
        let i = s.doc.findings.iter().position(|f| f.rule.code == "HA005").unwrap();
        assert!(s.doc.fixes[i].is_some());
        assert!(s.doc.fixable.contains(&("HA005", 2)));
        let undo = s.undo.len();
        s.apply(Action::Fix(req(&s, i, false, false)));
        assert_eq!(count(&s), 1);
        assert_eq!(s.undo.len(), undo + 1);
        s.apply(Action::Undo);
        assert_eq!(count(&s), 2);
        let i = s.doc.findings.iter().position(|f| f.rule.code == "HA005").unwrap();
        s.apply(Action::Fix(req(&s, i, true, false)));
        assert_eq!(count(&s), 0);
        assert_eq!(s.undo.len(), undo + 1, "fix all is one step too");
        // An unsafe fix is not applied unconfirmed.
        let unsafe_at = s.doc.fixes.iter().position(|x| {
            x.as_ref()
                .is_some_and(|x| x.safety == archlint_core::fix::Safety::Unsafe)
        });
        {
            let i = unsafe_at.expect("HA001 on `solo-1` offers an unsafe fix");
            let before = s.doc.text.clone();
            s.apply(Action::Fix(req(&s, i, false, false)));
            assert_eq!(s.doc.text, before);
            s.apply(Action::Fix(req(&s, i, false, true)));
            assert_ne!(s.doc.text, before);
        }
    }
}
