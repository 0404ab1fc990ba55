//! The editor's whole state and the reducer every change goes through. Edits change the JSON
//! value, re-serialise and re-lint it ([`Doc::new`]) and push the previous text onto the undo
//! history.

use std::rc::Rc;

use archlint_core::layout::Memory;
use archlint_core::{Lang, Severity};
use serde_json::{json, Value};
use yew::Reducible;

use crate::build::{self, Stamp};
use crate::doc::{self, obj, Doc, Kind, Refused};
use crate::gesture::{self, Drawn, Notice};

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
    /// Deleting these ids takes a container's content with it: delete it too, or keep it?
    DeleteContent(Vec<String>),
    /// A line drawn from an ECS to an RDS: add the ECS to the RDS's whitelist, or just link?
    Whitelist {
        ecs: String,
        rds: String,
    },
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

impl FixReq {
    /// Whether the request may apply a fix of this safety: a safe one always, an unsafe one
    /// once confirmed.
    pub fn allows(&self, s: archlint_core::fix::Safety) -> bool {
        s == archlint_core::fix::Safety::Safe || self.confirmed
    }
}

/// The fixes of a document, in a language: what applying a [`FixReq`] gives. The editor's
/// state applies them ([`Action::Fix`]); [`prepare_fix`] makes the same result ahead of the
/// click.
pub struct Fixing<'a> {
    pub doc: &'a Doc,
    pub lang: Lang,
}

impl Fixing<'_> {
    /// The document `req` gives, or `None` when nothing applies: a fix of one finding, or all
    /// of its rule's to a fixed point (as the CLI).
    pub fn result(&self, req: &FixReq) -> Option<Doc> {
        match self.fixed(req)? {
            Fixed::Both(v, text) => {
                let mut d = Doc::with_text(v, text, self.lang);
                if req.all && d.offers(req) {
                    // The fixes made more of the same: on to a fixed point, as the CLI.
                    d = self.refixed(&d.text, req).unwrap_or(d);
                }
                Some(d)
            }
            Fixed::Value(v) => Some(Doc::new(v, self.lang)),
            Fixed::Text(text) => serde_json::from_str::<Value>(&text)
                .ok()
                .map(|v| Doc::new(v, self.lang)),
        }
    }

    /// The fix(es) of `req` applied: to the value when the fix allows ([`doc::apply_edits`]),
    /// else to the text; `None` when nothing applies.
    fn fixed(&self, req: &FixReq) -> Option<Fixed> {
        use archlint_core::fix;
        let text = self.doc.text.as_str();
        if req.all {
            // Each finding's fix keeps its edits from the lint: when they all set scalars at
            // places apart (one switch on each of 40 servers), they apply at once, to the value
            // and to the text, without the rounds of re-linting (three loads and two lints of
            // the design: a 300-node design's "Fix all" took several frames).
            return self
                .fixed_all_at_once(req)
                .or_else(|| self.rounds(text, req).map(Fixed::Text));
        }
        // One finding, of this very text: its fix was made when the document was linted, with
        // the lint's index (what DF007 and DF009 read: which `ignore` entries matched), and
        // FixInfo keeps its edits. Applying it needs no second index, fix or lint of the design.
        let x = self.doc.fix_of(req).filter(|x| req.allows(x.safety))?;
        if let Some(both) = self.both(&x.edits) {
            return Some(both);
        }
        if let Some(v) = doc::apply_edits(self.doc, &x.edits) {
            return Some(Fixed::Value(v));
        }
        let kept = self.doc.loaded.as_deref()?;
        let edits = fix::resolve(text, &kept.get().tree, &x.edits).ok()?;
        Some(Fixed::Text(fix::apply(text, &edits)))
    }

    /// "Fix all" of a rule in one pass over the kept edits of its findings' fixes (those of the
    /// allowed safety), by [`Fixing::both`]; `None` when that does not apply. The caller
    /// finishes to a fixed point when the result still offers such fixes.
    fn fixed_all_at_once(&self, req: &FixReq) -> Option<Fixed> {
        let mut edits = Vec::new();
        for (f, x) in self.doc.findings.iter().zip(&self.doc.fixes) {
            if let Some(x) = x.as_ref() {
                if f.rule.code == req.code && req.allows(x.safety) {
                    edits.extend(x.edits.iter().cloned());
                }
            }
        }
        self.both(&edits)
    }

    /// Fix edits applied to the value and to the text at once, when they all set scalars and
    /// no two touch the same place: those give, on the editor's text, the value's text, so the
    /// value is not serialised again (about 1 ms of a fix on a 300-node design; tested in
    /// doc.rs for every such fix of the examples). `None` otherwise.
    fn both(&self, edits: &[archlint_core::fix::Edit]) -> Option<Fixed> {
        use archlint_core::fix;
        if edits.is_empty() || !doc::sets_scalars(edits) {
            return None;
        }
        let kept = self.doc.loaded.as_deref()?;
        let text = self.doc.text.as_str();
        let mut resolved = fix::resolve(text, &kept.get().tree, edits).ok()?;
        archlint_core::sort::sort_by(&mut resolved, |a, b| {
            (a.start, a.end).cmp(&(b.start, b.end))
        });
        if resolved.windows(2).any(|w| fix::overlaps(&w[0], &w[1])) {
            return None;
        }
        let v = doc::apply_edits(self.doc, edits)?;
        Some(Fixed::Both(v, fix::apply(text, &resolved)))
    }

    /// The CLI's rounds of "Fix all" from `text` on (the fixes of `req`'s rule and safety
    /// until none is left or they stop changing the text); `None` when nothing applied.
    fn rounds(&self, text: &str, req: &FixReq) -> Option<String> {
        let out = archlint_core::fix::fix_text_with(
            text,
            &archlint_core::Limits::DEFAULT,
            &archlint_core::LintOptions::default(),
            &|f, x| f.rule.code == req.code && req.allows(x.safety),
        )
        .ok()?;
        (out.applied > 0).then_some(out.text)
    }

    /// [`Fixing::rounds`] from `text`, as a document.
    fn refixed(&self, text: &str, req: &FixReq) -> Option<Doc> {
        let v = serde_json::from_str::<Value>(&self.rounds(text, req)?).ok()?;
        Some(Doc::new(v, self.lang))
    }
}

/// What a result was made ahead of its click for.
#[derive(Debug, Clone, PartialEq)]
enum Ahead {
    /// A fix request: the click's request must be this one.
    Fix(FixReq),
    /// An edit of a palette button or a form's field, named by its caller, under the selection
    /// it was made with: the click's edit must make the very value made ahead.
    Edit(String, Option<Sel>),
}

/// A result made ahead of its click, for the document it was made from (in the language of
/// the result, its `scene_lang`).
struct Prepared {
    base: std::rc::Weak<Doc>,
    what: Ahead,
    doc: Doc,
}

thread_local! {
    static PREPARED: std::cell::RefCell<Option<Prepared>> = const { std::cell::RefCell::new(None) };
    /// The editor's state after the last action (what a result may be prepared for).
    static CURRENT: std::cell::RefCell<std::rc::Weak<State>> = const { std::cell::RefCell::new(std::rc::Weak::new()) };
}

impl Prepared {
    /// Made on this very document, in `lang`.
    fn is_on(&self, doc: &Rc<Doc>, lang: Lang) -> bool {
        self.doc.scene_lang == lang && is(&self.base, doc)
    }

    /// Made for `what` on this very document, in `lang`.
    fn is_for(&self, doc: &Rc<Doc>, lang: Lang, what: &Ahead) -> bool {
        self.what == *what && self.is_on(doc, lang)
    }
}

/// Whether `weak` is `doc` (the same document, not an equal one: while a `Weak` lives, its
/// allocation is not reused, so the addresses tell).
fn is(weak: &std::rc::Weak<Doc>, doc: &Rc<Doc>) -> bool {
    std::ptr::eq(weak.as_ptr(), Rc::as_ptr(doc))
}

/// The editor's state now, if there is one.
fn current() -> Option<Rc<State>> {
    CURRENT.with(|c| c.borrow().upgrade())
}

/// Whether `what`'s result on `doc` is made already.
fn is_prepared(doc: &Rc<Doc>, lang: Lang, what: &Ahead) -> bool {
    PREPARED.with(|p| {
        p.borrow()
            .as_ref()
            .is_some_and(|x| x.is_for(doc, lang, what))
    })
}

/// Makes what a safe Fix or "Fix all" button will give while the pointer rests on it or it has
/// the keyboard focus ([`prepare`]): the click then only commits it (a 300-node design's "Fix
/// all" loads, lints and lays out the design again: 3-6 ms of the frame otherwise).
pub fn prepare_fix(lang: Lang, req: FixReq) {
    let what = Ahead::Fix(req.clone());
    prepare(lang, what, 30, move |base| {
        (Fixing { doc: base, lang }).result(&req)
    });
}

/// Makes what an edit will give before it is asked for ([`prepare`]): a palette button the
/// pointer rests on or that has the focus, a form's field being typed in. `what` names the
/// control. The edit is applied to a copy of the editor's state; its click commits the
/// document made only if the click's edit makes the very same value (the document is a
/// function of its value and language), else it makes its own.
pub fn prepare_edit(what: &str, action: Action) {
    edit_ahead(what, action, 30);
}

/// [`prepare_edit`] for a field being typed in, a moment after the last key. Where the design
/// is large enough that making an edit holds the next key up (its last lint and layout took
/// over 20 ms: some 3,000 nodes), only after a longer pause (300 ms), when Enter is near.
pub fn prepare_typed(what: &str, action: Action) {
    let (_, analysis) = crate::doc::TIMES.with(|t| t.get());
    edit_ahead(what, action, if analysis > 20.0 { 300 } else { 30 });
}

fn edit_ahead(what: &str, action: Action, delay_ms: u32) {
    let Some(st) = current() else {
        return;
    };
    let (lang, what) = (st.lang, Ahead::Edit(what.to_string(), st.selected.clone()));
    drop(st);
    prepare(lang, what, delay_ms, move |base| {
        let mut s = (*current()?).clone();
        s.apply(action);
        let made = std::mem::replace(&mut s.doc, base.clone());
        drop(s);
        if Rc::ptr_eq(&made, base) {
            return None;
        }
        Rc::try_unwrap(made).ok()
    });
}

/// Makes `what`'s result for the editor's document in a task of its own `delay_ms` later, by
/// `make` (given that document), unless it is made already. Made once per document and
/// request; dropped when the document changes.
fn prepare(
    lang: Lang,
    what: Ahead,
    delay_ms: u32,
    make: impl FnOnce(&Rc<Doc>) -> Option<Doc> + 'static,
) {
    // The editor's document now (a finding's row keeps the document it was drawn with, which
    // is older when an edit left the row as it was).
    let Some(doc) = current().map(|s| s.doc.clone()) else {
        return;
    };
    if is_prepared(&doc, lang, &what) {
        return;
    }
    let weak = Rc::downgrade(&doc);
    drop(doc);
    let run = move || {
        // Not if the document changed meanwhile (its replacement has its own buttons), nor
        // twice.
        let Some(base) = weak.upgrade() else {
            return;
        };
        if !current().is_some_and(|s| Rc::ptr_eq(&s.doc, &base)) || is_prepared(&base, lang, &what)
        {
            return;
        }
        let made = make(&base);
        // The result took the copy of the value made for the next edit: another one, later.
        crate::doc::prepare_copy(&base);
        if let Some(d) = made {
            PREPARED.with(|p| {
                *p.borrow_mut() = Some(Prepared {
                    base: Rc::downgrade(&base),
                    what,
                    doc: d,
                })
            });
        }
    };
    // One pending at a time: the pointer or the focus on another control replaces it, and the
    // pointer leaving a button before it runs cancels it (passing over a button of a large
    // design does not cost its result).
    #[cfg(target_arch = "wasm32")]
    PENDING.with(|p| *p.borrow_mut() = Some(gloo::timers::callback::Timeout::new(delay_ms, run)));
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = delay_ms;
        run();
    }
}

/// Drops the result [`prepare_fix`] or [`prepare_edit`] was about to make, if it has not
/// started.
pub fn cancel_prepare() {
    #[cfg(target_arch = "wasm32")]
    PENDING.with(|p| drop(p.borrow_mut().take()));
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    static PENDING: std::cell::RefCell<Option<gloo::timers::callback::Timeout>> = const { std::cell::RefCell::new(None) };
}

/// What was made ahead, if `wanted` takes it as made for this click on `doc` (taken either
/// way: whatever was prepared is of the document this action replaces, and a click uses it
/// once). What is not used is freed after the frame, as a replaced document is.
fn take(doc: &Rc<Doc>, lang: Lang, wanted: impl FnOnce(&Prepared) -> bool) -> Option<Doc> {
    let p = PREPARED.with(|p| p.borrow_mut().take())?;
    let used = p.is_on(doc, lang) && wanted(&p);
    PREPARED_USED.with(|u| u.set(used));
    if !used {
        crate::doc::drop_later(p.doc);
        return None;
    }
    Some(p.doc)
}

/// The result [`prepare_fix`] made for `req` on `doc`, if it did.
fn take_prepared(doc: &Rc<Doc>, lang: Lang, req: &FixReq) -> Option<Doc> {
    take(doc, lang, |p| matches!(&p.what, Ahead::Fix(r) if r == req))
}

/// The document an edit's value `v` on `doc` gives, if [`prepare_edit`] made it: only for that
/// very value. `Err(v)` when it did not.
fn take_made(doc: &Rc<Doc>, lang: Lang, v: Value) -> Result<Doc, Value> {
    match take(doc, lang, |p| {
        matches!(p.what, Ahead::Edit(..)) && p.doc.value == v
    }) {
        Some(d) => {
            crate::doc::drop_later(v);
            Ok(d)
        }
        None => Err(v),
    }
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
    /// The drawings of the topmost `undo` / `redo` steps (the memory each was drawn with,
    /// `Doc::kept`): undo and redo bring back the very picture. Shorter than their steps
    /// after a restore from storage (which keeps texts only): the older steps are then laid
    /// out keeping the drawing on screen.
    undo_kept: Vec<Rc<Memory>>,
    redo_kept: Vec<Rc<Memory>>,
    pub selected: Option<Sel>,
    /// Link mode: the source picked, waiting for a target.
    pub link_from: Option<String>,
    /// Several things selected at once (shift-click, rubber band): all their ids, the
    /// `selected` one among them (it has the form). Only meaningful while it holds the
    /// selected id (see [`State::selection`]).
    pub multi: Vec<String>,
    /// What Ctrl+C copied: `{ "nodes": [...], "links": [...] }`.
    pub clip: Option<Rc<Value>>,
    /// Why the last drawn line or drop did nothing (until the next gesture or selection).
    pub notice: Option<Notice>,
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
    /// A node to scroll to and give the keyboard focus at the next reveal instead of the
    /// selection: the neighbour of what was just deleted (the selection is then empty).
    pub focus: Option<String>,
    /// Bumped when a node was added: the canvas gives it the keyboard focus after the frame
    /// that shows it, if it is in view.
    pub focus_new: u64,
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
    /// A bastion (`build::add_bastion`).
    AddBastion,
    /// A pattern of the source document, as one undo step (`build::stamp`).
    Stamp(Stamp),
    /// A copy of this ECS in the other zone of its region (`build::duplicate_to_zone`).
    DuplicateToZone(String),
    /// A rule admitting the source (the second) on the group at the pointer (the first), on
    /// the ports guessed from what the source is.
    AddSgRuleFrom(String, String),
    /// Shift-click: adds the id to the selection, or takes it out.
    ToggleSelect(String),
    /// The rubber band: selects these ids (added to the selection with `true`).
    SelectMany(Vec<String>, bool),
    /// Ctrl+C, Ctrl+V, Ctrl+D: the selected nodes (with the links between them).
    Copy,
    Paste,
    Duplicate,
    /// The answer to `Dialog::DeleteContent`: delete `ids`, keeping their content (moved to
    /// sibling containers) or not; one undo step.
    DeleteContent {
        ids: Vec<String>,
        keep: bool,
    },
    AddLink(String, String),
    /// A line drawn from one node (or `internet`) to another: what the format says such a
    /// line means (`gesture::draw`): a backend, a whitelist offer, a connection, a link…
    Draw(String, String),
    /// The answer to the whitelist offer: a link from the ECS to the RDS, with the ECS added to
    /// the whitelist when `whitelist`; one undo step.
    LinkDatabase {
        ecs: String,
        rds: String,
        whitelist: bool,
    },
    /// A node dragged and dropped: into a zone, vSwitch or region (`into`, a placement edit)
    /// and/or next to a sibling (`next_to`: its id, and whether after it), which reorders
    /// `nodes`; one undo step.
    Move {
        id: String,
        into: Option<String>,
        next_to: Option<(String, bool)>,
    },
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
    /// leave the design as it was and show the error. Laid out afresh.
    Open(String),
    /// Lays the design out afresh ("Tidy up"): while the user edits, each layout keeps the
    /// rows and columns of the drawing on screen (`doc::SHOWN`), which leaves room where nodes
    /// were removed and keeps nodes in the rows they had; this lets it go. Not an undo step:
    /// the design does not change.
    Tidy,
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
    /// Scroll to node `id` if it is out of view and give it the keyboard focus, leaving the
    /// selection alone (the arrow keys on the canvas).
    Focus(String),
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
            undo_kept: Vec::new(),
            redo_kept: Vec::new(),
            selected: None,
            link_from: None,
            multi: Vec::new(),
            clip: None,
            notice: None,
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
            focus: None,
            focus_new: 0,
            overwrite_rev: u64::MAX,
        }
    }

    pub fn selected_id(&self) -> Option<&str> {
        match &self.selected {
            Some(Sel::Id(s)) => Some(s),
            _ => None,
        }
    }

    /// The ids selected: several (shift-click, rubber band), or the one selected, or none.
    pub fn selection(&self) -> Vec<String> {
        match self.selected_id() {
            Some(id) if self.multi.len() > 1 && self.multi.iter().any(|m| m == id) => {
                self.multi.clone()
            }
            Some(id) => vec![id.to_string()],
            None => Vec::new(),
        }
    }

    /// Selects `ids` (the last has the form).
    fn select_ids(&mut self, ids: Vec<String>) {
        self.selected = ids.last().cloned().map(Sel::Id);
        self.multi = if ids.len() > 1 { ids } else { Vec::new() };
        self.link_from = None;
    }

    /// Deletes `ids` as one step, unless a container among them holds content: then the
    /// dialog asks whether to delete that content or keep it.
    fn delete_ids(&mut self, ids: Vec<String>) {
        if !build::needs_asking(&self.doc.value, &ids).is_empty() {
            self.dialog = Dialog::DeleteContent(ids);
            return;
        }
        let next = self.neighbour_of(&ids);
        self.edit(|v| build::delete(v, &ids, false));
        self.selected = None;
        self.multi.clear();
        self.focus_on(next);
    }

    /// The node nearest the first of `ids` on the canvas that is not among them: where the
    /// keyboard focus goes when they are deleted.
    fn neighbour_of(&self, ids: &[String]) -> Option<String> {
        let scene = self.doc.scene.as_ref()?;
        let first = ids.first()?;
        crate::components::canvas::nearest(scene, first, |id| !ids.iter().any(|x| x == id))
    }

    /// Gives the keyboard focus to node `id` on the canvas (scrolled into view), without
    /// selecting it.
    fn focus_on(&mut self, id: Option<String>) {
        if let Some(id) = id {
            if doc::locate(&self.doc.value, &id).is_some() {
                self.focus = Some(id);
                self.reveal += 1;
            }
        }
    }

    /// Commits a new document: the current text goes onto the undo history.
    fn commit(&mut self, doc: Doc) {
        if doc.text == self.doc.text {
            return;
        }
        let old = std::mem::replace(&mut self.doc, Rc::new(doc));
        self.undo.push(Rc::from(old.text.as_str()));
        self.undo_kept.push(old.kept.clone());
        doc::retire(old);
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        if self.undo_kept.len() > self.undo.len() {
            self.undo_kept.remove(0);
        }
        self.redo.clear();
        self.redo_kept.clear();
        self.revision += 1;
        self.drop_stale_selection();
    }

    fn edit(&mut self, f: impl FnOnce(&mut Value) -> bool) {
        let mut v = self.doc.value_copy();
        if f(&mut v) {
            let d = take_made(&self.doc, self.lang, v).unwrap_or_else(|v| Doc::new(v, self.lang));
            self.commit(d);
        }
    }

    fn drop_stale_selection(&mut self) {
        let v = &self.doc.value;
        self.multi.retain(|id| doc::locate(v, id).is_some());
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
        let mut node = obj(&fields);
        if kind == "ecs" {
            node = build::join_module(v, node, self.selected_id());
        }
        self.edit(|v| doc::push(v, "", "nodes", node));
        self.selected = Some(Sel::Id(id));
        // The keyboard focus goes to the new node when it is drawn in view, not back to the
        // palette (no scroll: scrolling to a new node out of view doubled the edit's frame).
        self.focus = None;
        self.focus_new += 1;
    }

    /// The fixes of the current document.
    pub fn fixing(&self) -> Fixing<'_> {
        Fixing {
            doc: &self.doc,
            lang: self.lang,
        }
    }

    /// A form's change of a scalar member that is there (a label, a number, a switch), when
    /// its old value is a scalar too: the new text is the old one with that value's span
    /// replaced by the new value as `to_text` writes it (the pretty printer writes a scalar as
    /// the compact one does), so the design is not serialised again (about 1 ms of a 300-node
    /// design's label edit). Returns whether it applied (else the caller edits the value).
    fn set_scalar(&mut self, ptr: &str, val: &Option<Value>) -> bool {
        let Some(new) = val.as_ref().filter(|v| !(v.is_object() || v.is_array())) else {
            return false;
        };
        let Some(old) = self.doc.value.pointer(ptr) else {
            return false;
        };
        if old.is_object() || old.is_array() || old == new {
            return false;
        }
        let Some(kept) = self.doc.loaded.as_deref() else {
            return false;
        };
        let (_, at, whole) = kept.get().tree.resolve(ptr);
        let (start, end) = (at.start as usize, at.end as usize);
        let text = &self.doc.text;
        let Ok(written) = serde_json::to_string(new) else {
            return false;
        };
        if !whole
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            return false;
        }
        let text = format!("{}{written}{}", &text[..start], &text[end..]);
        let mut v = self.doc.value_copy();
        if !doc::set(&mut v, ptr, Some(new.clone())) {
            return false;
        }
        let d = take_made(&self.doc, self.lang, v)
            .unwrap_or_else(|v| Doc::with_text(v, text, self.lang));
        self.commit(d);
        true
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
                if !self.set_scalar(&ptr, &val) {
                    self.edit(|v| doc::set_path(v, &ptr, val));
                }
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
            Action::AddBastion => {
                let sel = self.selected_id().map(String::from);
                let mut id = None;
                self.edit(|v| {
                    id = build::add_bastion(v, sel.as_deref());
                    id.is_some()
                });
                if let Some(id) = id {
                    self.select_ids(vec![id]);
                }
            }
            Action::Stamp(which) => {
                let sel = self.selected_id().map(String::from);
                let lang = self.lang;
                let mut id = None;
                self.edit(|v| {
                    id = build::stamp(v, which, sel.as_deref(), lang);
                    id.is_some()
                });
                if let Some(id) = id {
                    self.select_ids(vec![id]);
                }
            }
            Action::DuplicateToZone(of) => {
                let mut id = None;
                self.edit(|v| {
                    id = build::duplicate_to_zone(v, &of);
                    id.is_some()
                });
                if let Some(id) = id {
                    self.select_ids(vec![id]);
                }
            }
            Action::AddSgRuleFrom(ptr, from) => {
                let ports = build::rule_ports(&self.doc.value, &from);
                let r =
                    json!({ "action": "accept", "protocol": "tcp", "ports": ports, "from": from });
                self.edit(|v| doc::push(v, &ptr, "rules", r));
            }
            Action::ToggleSelect(id) => {
                let mut ids = self.selection();
                match ids.iter().position(|x| *x == id) {
                    Some(i) => {
                        ids.remove(i);
                    }
                    None => ids.push(id),
                }
                self.select_ids(ids);
            }
            Action::SelectMany(ids, add) => {
                let mut all = if add { self.selection() } else { Vec::new() };
                for id in ids {
                    if !all.contains(&id) {
                        all.push(id);
                    }
                }
                self.select_ids(all);
            }
            Action::Copy => {
                if let Some(c) = build::copy(&self.doc.value, &self.selection()) {
                    self.clip = Some(Rc::new(c));
                }
            }
            Action::Paste => {
                let Some(clip) = self.clip.clone() else {
                    return;
                };
                let into = self.selected_id().map(String::from);
                let mut ids = Vec::new();
                self.edit(|v| {
                    ids = build::paste(v, &clip, into.as_deref());
                    !ids.is_empty()
                });
                if !ids.is_empty() {
                    self.select_ids(ids);
                }
            }
            Action::Duplicate => {
                let Some(c) = build::copy(&self.doc.value, &self.selection()) else {
                    return;
                };
                let mut ids = Vec::new();
                self.edit(|v| {
                    ids = build::paste(v, &c, None);
                    !ids.is_empty()
                });
                if !ids.is_empty() {
                    self.select_ids(ids);
                }
            }
            Action::DeleteContent { ids, keep } => {
                self.dialog = Dialog::None;
                let next = self.neighbour_of(&ids);
                self.edit(|v| build::delete(v, &ids, keep));
                self.selected = None;
                self.multi.clear();
                self.focus_on(next);
            }
            Action::AddLink(from, to) => {
                let l = json!({ "from": from, "to": to });
                self.edit(|v| doc::push(v, "", "links", l));
                self.link_from = None;
                self.selected = Some(Sel::Link(self.doc.arr("links").len().saturating_sub(1)));
            }
            Action::LinkFrom(f) => self.link_from = f,
            Action::Draw(from, to) => {
                self.link_from = None;
                self.notice = None;
                let mut out = Drawn::Refused(Notice::NotANode);
                self.edit(|v| {
                    out = gesture::draw(v, &from, &to);
                    matches!(out, Drawn::Edited(_))
                });
                match out {
                    Drawn::Edited(sel) | Drawn::Exists(sel) => self.selected = Some(sel),
                    Drawn::AskWhitelist => {
                        self.dialog = Dialog::Whitelist { ecs: from, rds: to };
                    }
                    Drawn::Refused(n) => self.notice = Some(n),
                }
            }
            Action::LinkDatabase {
                ecs,
                rds,
                whitelist,
            } => {
                self.dialog = Dialog::None;
                let mut out = Drawn::Refused(Notice::NotANode);
                self.edit(|v| {
                    out = gesture::link_database(v, &ecs, &rds, whitelist);
                    matches!(out, Drawn::Edited(_))
                });
                if let Drawn::Edited(sel) | Drawn::Exists(sel) = out {
                    self.selected = Some(sel);
                }
            }
            Action::Move { id, into, next_to } => {
                self.notice = None;
                let mut refused = None;
                self.edit(|v| {
                    let next = next_to.as_ref().map(|(s, after)| (s.as_str(), *after));
                    gesture::move_node(v, &id, into.as_deref(), next).unwrap_or_else(|n| {
                        refused = Some(n);
                        false
                    })
                });
                self.notice = refused;
                self.selected = Some(Sel::Id(id));
            }
            Action::Click(id) => match self.link_from.take() {
                Some(from) if from != id => self.apply(Action::Draw(from, id)),
                Some(_) => {}
                None => self.select_ids(vec![id]),
            },
            Action::Delete(sel) => {
                match sel {
                    Sel::Id(id) => return self.delete_ids(vec![id]),
                    Sel::Link(i) => self.edit(|v| doc::set(v, &format!("/links/{i}"), None)),
                }
                self.selected = None;
            }
            Action::DeleteSelected => {
                let ids = self.selection();
                if ids.len() > 1 {
                    self.delete_ids(ids);
                } else if let Some(s) = self.selected.clone() {
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
                // Prepared while the pointer rested on the button (or it had the focus), if it
                // was, for this very document: else made now.
                let prepared = take_prepared(&self.doc, self.lang, &req);
                let d = prepared.or_else(|| self.fixing().result(&req));
                if let Some(d) = d {
                    self.commit(d);
                }
            }
            Action::Tidy => {
                doc::forget_drawing();
                let d = Doc::with_text(self.doc.value.clone(), self.doc.text.clone(), self.lang);
                let old = std::mem::replace(&mut self.doc, Rc::new(d));
                doc::retire(old);
                self.revision += 1;
            }
            Action::Open(text) => {
                self.importing = false;
                doc::forget_drawing();
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
                doc::forget_drawing();
                if let Ok(d) = Doc::parse(&text, self.lang) {
                    self.doc = Rc::new(d);
                    self.undo = undo.into_iter().map(Rc::from).collect();
                    self.redo = redo.into_iter().map(Rc::from).collect();
                    self.undo_kept.clear();
                    self.redo_kept.clear();
                    self.selected = None;
                    self.revision += 1;
                }
            }
            Action::Undo => self.step(true),
            Action::Redo => self.step(false),
            Action::Select(s) => {
                self.multi.clear();
                self.selected = s;
                self.link_from = None;
                self.notice = None;
            }
            Action::Reveal(s) => {
                self.selected = Some(s);
                self.focus = None;
                self.reveal += 1;
            }
            Action::Focus(id) => self.focus_on(Some(id)),
            Action::Escape => {
                if self.dialog != Dialog::None {
                    self.dialog = Dialog::None;
                } else if self.link_from.is_some() {
                    self.link_from = None;
                } else if self.notice.is_some() {
                    self.notice = None;
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
        let (from, to, from_kept, to_kept) = if back {
            (
                &mut self.undo,
                &mut self.redo,
                &mut self.undo_kept,
                &mut self.redo_kept,
            )
        } else {
            (
                &mut self.redo,
                &mut self.undo,
                &mut self.redo_kept,
                &mut self.undo_kept,
            )
        };
        let Some(text) = from.pop() else {
            return;
        };
        // Drawn as it was (a step older than a restore: keeping the drawing on screen).
        if let Some(kept) = from_kept.pop() {
            doc::show_memory(kept);
        }
        match Doc::parse(&text, self.lang) {
            Ok(d) => {
                let old = std::mem::replace(&mut self.doc, Rc::new(d));
                to.push(Rc::from(old.text.as_str()));
                to_kept.push(old.kept.clone());
                doc::retire(old);
                self.revision += 1;
                self.drop_stale_selection();
            }
            Err(_) => {
                from.clear();
                from_kept.clear();
            }
        }
    }
}

impl Reducible for State {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let t0 = doc::clock();
        let mut s = (*self).clone();
        // Whether this action commits a result made ahead (not whatever a preparation did).
        PREPARED_USED.with(|u| u.set(false));
        s.apply(action);
        // Whatever the action did, the next documents keep the drawing now on screen (also
        // after a refused open, which forgot it).
        doc::show(&s.doc);
        REDUCE_MS.with(|t| t.set(doc::clock() - t0));
        if !Rc::ptr_eq(&s.doc, &self.doc) {
            doc::prepare_copy(&s.doc);
        }
        let s = Rc::new(s);
        CURRENT.with(|c| *c.borrow_mut() = Rc::downgrade(&s));
        s
    }
}

/// What applying a fix request gives: the design's value (a fix of one finding that only sets
/// and appends, [`doc::apply_edits`]) or its text with the edits applied.
enum Fixed {
    Value(Value),
    /// The value and its text (the fix's edits applied to both).
    Both(Value, String),
    Text(String),
}

thread_local! {
    /// How long the last action took in the reducer, in ms (wasm only; the canvas reports it).
    pub static REDUCE_MS: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
    /// Whether the last edit committed a result made ahead of its click ([`prepare_fix`],
    /// [`prepare_edit`]); the canvas reports it with the timings.
    pub static PREPARED_USED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
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
        doc::show(&s.doc);
        s
    }

    /// Where `id` is drawn on the current canvas.
    fn drawn_at(s: &State, id: &str) -> (i32, i32) {
        let scene = s.doc.scene.as_ref().expect("a scene");
        let n = scene.nodes.iter().find(|n| n.id == id).expect("drawn");
        (n.rect.x, n.rect.y)
    }

    #[test]
    fn an_edit_keeps_the_drawing_until_tidy_up() {
        // The app server is the only node of its row: deleting it leaves an empty row where
        // it was (the database and zone B stay), undo and redo keep the drawing too, and
        // "Tidy up" lays the design out afresh (the database moves up a row), with no undo
        // step. The exports draw what the canvas shows.
        let text = r#"{"archlint":1,"regions":[{"id":"r","network":"classic","zones":[{"id":"za"},{"id":"zb"}]}],
            "nodes":[{"id":"web","kind":"ecs","module":"web","zone":"za"},
                     {"id":"app","kind":"ecs","module":"app","zone":"za"},
                     {"id":"b1","kind":"ecs","module":"b","zone":"zb"},
                     {"id":"db","kind":"rds","region":"r"}],
            "links":[{"from":"internet","to":"web","port":443},{"from":"web","to":"app","port":8080},
                     {"from":"app","to":"db","port":3306},{"from":"internet","to":"b1","port":443}]}"#;
        let s = reduce(
            State::new(Lang::En, Theme::Light),
            Action::Open(text.into()),
        );
        assert!(!s.doc.kept.drifted(), "opened: nothing to tidy");
        let (db, b1) = (drawn_at(&s, "db"), drawn_at(&s, "b1"));
        let s = reduce(s, Action::Select(Some(Sel::Id("app".into()))));
        let s = reduce(s, Action::DeleteSelected);
        assert!(doc::locate(&s.doc.value, "app").is_none());
        assert_eq!((drawn_at(&s, "db"), drawn_at(&s, "b1")), (db, b1), "kept");
        assert!(
            s.doc.kept.drifted(),
            "the kept row is what Tidy up would close"
        );
        let svg = |s: &State| {
            crate::art::export_svg(
                &s.doc.text,
                Lang::En,
                archlint_core::Theme::Light,
                &s.doc.kept,
            )
            .unwrap()
        };
        let canvas_y = |s: &State| {
            let y = drawn_at(s, "db").1;
            assert!(
                svg(s).contains(&format!("y=\"{y}\"")),
                "the export draws the canvas"
            );
            y
        };
        canvas_y(&s);
        let undo = s.undo.len();
        let s = reduce(s, Action::Undo);
        let s = reduce(s, Action::Redo);
        assert_eq!(drawn_at(&s, "db"), db, "undo and redo keep it too");
        let s = reduce(s, Action::Tidy);
        assert_eq!(s.undo.len(), undo, "Tidy up is no undo step");
        assert!(drawn_at(&s, "db").1 < db.1, "afresh the database moves up");
        assert!(!s.doc.kept.drifted());
        assert_eq!(drawn_at(&s, "b1"), b1);
        canvas_y(&s);
        // Undo brings back the very picture of the step (the app server where it was), redo
        // the tidied one.
        let tidied = drawn_at(&s, "db");
        let app = {
            let before = reduce(
                State::new(Lang::En, Theme::Light),
                Action::Open(text.into()),
            );
            drawn_at(&before, "app")
        };
        let s = reduce(s, Action::Undo);
        assert_eq!((drawn_at(&s, "db"), drawn_at(&s, "app")), (db, app));
        let s = reduce(s, Action::Redo);
        assert_eq!(drawn_at(&s, "db"), tidied);
        // Laid out afresh, as an opened design is.
        let fresh = reduce(
            State::new(Lang::En, Theme::Light),
            Action::Open(s.doc.text.clone()),
        );
        assert_eq!(drawn_at(&fresh, "db"), drawn_at(&s, "db"));
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
    fn a_scalar_set_from_a_form_edits_the_text_in_place_as_serialising_would() {
        // Every scalar of every example, changed as a form would (a string with characters
        // JSON escapes, a number, a switch): the document's text is the value's text, and
        // the same as the slow path's.
        fn leaves(v: &Value, at: String, out: &mut Vec<(String, Value)>) {
            match v {
                Value::Object(m) => m.iter().for_each(|(k, x)| {
                    leaves(
                        x,
                        format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                        out,
                    )
                }),
                Value::Array(a) => a
                    .iter()
                    .enumerate()
                    .for_each(|(i, x)| leaves(x, format!("{at}/{i}"), out)),
                Value::String(s) => out.push((at, Value::String(format!("{s} é\"\\\n<\u{7}>")))),
                Value::Number(n) => {
                    out.push((at, serde_json::json!(n.as_f64().unwrap_or(0.0) + 1.5)))
                }
                Value::Bool(b) => out.push((at, Value::Bool(!b))),
                Value::Null => out.push((at, Value::Bool(true))),
            }
        }
        let mut fast = 0;
        for (name, text) in crate::components::dialogs::EXAMPLES.iter().take(6) {
            let mut s = State::new(Lang::En, Theme::Light);
            s.apply(Action::Open((*text).into()));
            let mut all = Vec::new();
            leaves(&s.doc.value, String::new(), &mut all);
            for (ptr, new) in all.into_iter().step_by(7) {
                let mut a = s.clone();
                let applied = a.set_scalar(&ptr, &Some(new.clone()));
                fast += usize::from(applied);
                assert_eq!(a.doc.text, doc::to_text(&a.doc.value), "{name} {ptr}");
                let mut b = s.clone();
                b.edit(|v| doc::set_path(v, &ptr, Some(new.clone())));
                assert_eq!(a.doc.text, b.doc.text, "{name} {ptr}");
                assert_eq!(a.undo.len(), b.undo.len());
            }
        }
        assert!(fast > 50, "{fast}");
    }

    #[test]
    fn fix_all_at_once_gives_what_the_rounds_of_fixes_give() {
        // Every rule with a fix, on every example and on a generated design whose servers do
        // not start at boot: "Fix all" (which applies the kept edits at once when it can) ends
        // where the CLI's rounds of fixing end, in one undo step.
        let mut gen: serde_json::Value =
            serde_json::from_str(&archlint_core::gen::design(150, 3)).unwrap();
        for n in gen["nodes"].as_array_mut().unwrap().iter_mut().step_by(3) {
            if n["kind"] == "ecs" {
                n["autostart"] = serde_json::Value::Bool(false);
            }
        }
        let gen = doc::to_text(&gen);
        let texts = crate::components::dialogs::EXAMPLES
            .iter()
            .map(|(_, t)| *t)
            .chain([gen.as_str()]);
        let (mut at_once, mut cases) = (0, 0);
        for text in texts {
            let mut s = State::new(Lang::En, Theme::Light);
            s.apply(Action::Open(text.into()));
            for confirmed in [false, true] {
                for (code, _) in s.doc.fixable.clone() {
                    let i = s
                        .doc
                        .findings
                        .iter()
                        .position(|f| f.rule.code == code)
                        .unwrap();
                    let r = req(&s, i, true, confirmed);
                    if !s.doc.offers(&r) {
                        continue;
                    }
                    cases += 1;
                    at_once += usize::from(s.fixing().fixed_all_at_once(&r).is_some());
                    let rounds = s.fixing().refixed(&s.doc.text, &r).map(|d| d.text);
                    let mut t = s.clone();
                    let undo = t.undo.len();
                    t.apply(Action::Fix(r));
                    assert_eq!(
                        Some(&t.doc.text),
                        rounds.as_ref(),
                        "fix all {code} (confirmed: {confirmed})"
                    );
                    assert_eq!(t.undo.len(), undo + 1);
                }
            }
        }
        assert!(cases > 20 && at_once >= 5, "{at_once} of {cases} at once");
    }

    /// A fix made ahead of its click (the pointer on the button) is the one the click commits,
    /// gives what the click alone would, and serves that document and request only, once.
    #[test]
    fn a_prepared_fix_is_what_the_click_makes_for_that_document_only() {
        use yew::Reducible;
        let text = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
  "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b", "autostart": false },
             { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c", "autostart": false } ] }"#;
        let s = Rc::new(State::new(Lang::En, Theme::Light)).reduce(Action::Open(text.into()));
        let ha005 = |s: &State| s.doc.findings.iter().position(|f| f.rule.code == "HA005");
        // `s` is the editor's document again (each branch below leaves it for its own).
        let current = |s: &Rc<State>| CURRENT.with(|c| *c.borrow_mut() = Rc::downgrade(s));
        let fix = |r: &FixReq| Ahead::Fix(r.clone());
        for all in [true, false] {
            current(&s);
            let r = req(&s, ha005(&s).unwrap(), all, false);
            let fresh = s.fixing().result(&r).expect("applies");
            prepare_fix(Lang::En, r.clone());
            assert!(is_prepared(&s.doc, Lang::En, &fix(&r)));
            let made = PREPARED.with(|p| p.borrow().as_ref().and_then(|x| x.doc.scene.clone()));
            let fixed = s.clone().reduce(Action::Fix(r.clone()));
            // The click committed the prepared document (its very scene), equal to the fresh one.
            assert!(Rc::ptr_eq(
                fixed.doc.scene.as_ref().unwrap(),
                &made.unwrap()
            ));
            assert_eq!(fixed.doc.text, fresh.text);
            assert_eq!(fixed.doc.findings, fresh.findings);
            assert!(!is_prepared(&s.doc, Lang::En, &fix(&r)), "used once");
        }
        // Prepared for one document, then another edit: the click on the new document makes
        // its own result.
        current(&s);
        let r = req(&s, ha005(&s).unwrap(), true, false);
        prepare_fix(Lang::En, r.clone());
        let made = PREPARED.with(|p| p.borrow().as_ref().and_then(|x| x.doc.scene.clone()));
        let other = s
            .clone()
            .reduce(Action::Set("/name".into(), Some(Value::from("renamed"))));
        let r2 = req(&other, ha005(&other).unwrap(), true, false);
        assert_eq!(r, r2, "the same request, on another document");
        let fixed = other.clone().reduce(Action::Fix(r2.clone()));
        assert!(!Rc::ptr_eq(
            fixed.doc.scene.as_ref().unwrap(),
            &made.unwrap()
        ));
        assert_eq!(fixed.doc.text, other.fixing().result(&r2).unwrap().text);
        assert!(fixed.doc.text.contains("renamed"));
        // A fix is prepared for the editor's document, not for an older one.
        prepare_fix(Lang::En, r.clone());
        assert!(!is_prepared(&s.doc, Lang::En, &fix(&r)));
        let r3 = req(&fixed, 0, false, false);
        prepare_fix(Lang::En, r3.clone());
        assert_eq!(
            is_prepared(&fixed.doc, Lang::En, &fix(&r3)),
            fixed.fixing().result(&r3).is_some()
        );
    }

    /// An edit made ahead (the pointer on a palette button, a field being typed in) is what its
    /// click commits when the click makes the very value made ahead, and only then.
    #[test]
    fn a_prepared_edit_is_used_only_for_the_value_it_was_made_of() {
        use yew::Reducible;
        let text = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
  "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
             { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" } ] }"#;
        let s = Rc::new(State::new(Lang::En, Theme::Light)).reduce(Action::Open(text.into()));
        let made = || PREPARED.with(|p| p.borrow().as_ref().and_then(|x| x.doc.scene.clone()));
        let used = |after: &State, made: Option<Rc<archlint_core::layout::Scene>>| {
            Rc::ptr_eq(after.doc.scene.as_ref().unwrap(), &made.unwrap())
        };
        // The palette's ECS, with zone hz-c selected: the click commits the made document,
        // equal to the one made without preparing.
        let sel = s.reduce(Action::Select(Some(Sel::Id("hz-c".into()))));
        let fresh = {
            let mut t = (*sel).clone();
            t.apply(Action::AddNode("ecs"));
            t.doc
        };
        prepare_edit("add-ecs", Action::AddNode("ecs"));
        let ahead = made();
        assert!(ahead.is_some(), "made ahead");
        let added = sel.clone().reduce(Action::AddNode("ecs"));
        assert!(used(&added, ahead));
        assert_eq!(added.doc.text, fresh.text);
        assert_eq!(added.doc.findings, fresh.findings);
        assert!(added.doc.text.contains(r#""zone": "hz-c""#));
        assert_eq!(added.undo.len(), sel.undo.len() + 1, "one undo step");
        // Made with hz-c selected, clicked with hz-b selected: a value of its own.
        CURRENT.with(|c| *c.borrow_mut() = Rc::downgrade(&sel));
        prepare_edit("add-ecs", Action::AddNode("ecs"));
        let ahead = made();
        let other = sel
            .clone()
            .reduce(Action::Select(Some(Sel::Id("hz-b".into()))));
        let added = other.clone().reduce(Action::AddNode("ecs"));
        assert!(!used(&added, ahead));
        let id = doc::fresh_id(&sel.doc.value, "ecs");
        let placed = added.doc.value["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id.as_str())
            .unwrap();
        assert_eq!(placed["zone"], "hz-b");
        // A field typed in: what it sets is made as typed; Enter with another text makes its own.
        let label = |v: &str| Action::Set("/nodes/0/label".into(), Some(Value::from(v)));
        CURRENT.with(|c| *c.borrow_mut() = Rc::downgrade(&sel));
        prepare_edit("f-label", label("web one"));
        let ahead = made();
        assert!(used(&sel.clone().reduce(label("web one")), ahead));
        CURRENT.with(|c| *c.borrow_mut() = Rc::downgrade(&sel));
        prepare_edit("f-label", label("web on"));
        let ahead = made();
        let set = sel.clone().reduce(label("web one"));
        assert!(!used(&set, ahead));
        assert!(set.doc.text.contains(r#""label": "web one""#));
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
        let count = |s: &State| {
            s.doc
                .findings
                .iter()
                .filter(|f| f.rule.code == "HA005")
                .count()
        };
        assert_eq!(count(&s), 2);
        let i = s
            .doc
            .findings
            .iter()
            .position(|f| f.rule.code == "HA005")
            .unwrap();
        assert!(s.doc.fixes[i].is_some());
        assert!(s.doc.fixable.contains(&("HA005", 2)));
        let undo = s.undo.len();
        s.apply(Action::Fix(req(&s, i, false, false)));
        assert_eq!(count(&s), 1);
        assert_eq!(s.undo.len(), undo + 1);
        s.apply(Action::Undo);
        assert_eq!(count(&s), 2);
        let i = s
            .doc
            .findings
            .iter()
            .position(|f| f.rule.code == "HA005")
            .unwrap();
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

    #[test]
    fn a_fix_of_a_rule_that_reads_the_lint_applies_its_kept_edits() {
        // DF007 reads which `ignore` entries matched in the lint; its fix (remove the entry) is
        // made with the lint's index when the document is analysed, and applied from there.
        let text = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
  "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b", "autostart": true },
             { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c", "autostart": true } ],
  "ignore": [ { "rule": "HA001", "target": "nobody", "reason": "r" } ] }"#;
        let mut s = State::new(Lang::En, Theme::Light);
        s.apply(Action::Open(text.into()));
        let i = s
            .doc
            .findings
            .iter()
            .position(|f| f.rule.code == "DF007")
            .expect("DF007 on the unused ignore entry");
        assert!(s.doc.fixes[i].as_ref().is_some_and(|x| !x.edits.is_empty()));
        s.apply(Action::Fix(req(&s, i, false, false)));
        assert!(s.doc.findings.iter().all(|f| f.rule.code != "DF007"));
        assert!(s.doc.arr("ignore").is_empty(), "{}", s.doc.text);
    }

    /// Two regions: a classic one (SLB, RDS, two web servers) and a VPC one with tiered
    /// vSwitches, VPNs, a leased line and a data centre.
    const DRAWING: &str = r#"{ "archlint": 1,
  "regions": [
    { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] },
    { "id": "sh", "network": "vpc", "zones": [ { "id": "sh-a" }, { "id": "sh-b" }, { "id": "sh-c" } ] } ],
  "vpcs": [ { "id": "vpc-1", "region": "sh", "cidr": "10.0.0.0/16", "vswitches": [
    { "id": "vsw-dmz-a", "zone": "sh-a", "cidr": "10.0.1.0/24", "tier": "dmz" },
    { "id": "vsw-app-a", "zone": "sh-a", "cidr": "10.0.2.0/24", "tier": "intranet" },
    { "id": "vsw-dmz-b", "zone": "sh-b", "cidr": "10.0.3.0/24", "tier": "dmz" },
    { "id": "vsw-app-b", "zone": "sh-b", "cidr": "10.0.4.0/24", "tier": "intranet" } ] } ],
  "nodes": [
    { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" },
    { "id": "app-1", "kind": "ecs", "vswitch": "vsw-app-a" },
    { "id": "win", "kind": "ecs", "os": "windows", "vswitch": "vsw-app-b" },
    { "id": "slb", "kind": "slb", "region": "hz" },
    { "id": "db", "kind": "rds", "region": "hz", "engine": "mysql", "whitelist": ["web-2"] },
    { "id": "vpn-ops", "kind": "vpn", "region": "sh", "type": "ssl", "client_ips": ["10.200.0.0/29"] },
    { "id": "vpn-s2s", "kind": "vpn", "region": "sh", "type": "ipsec" },
    { "id": "line", "kind": "leased_line", "region": "sh", "carrier": "telecom" },
    { "id": "idc", "kind": "idc" } ],
  "links": [] }"#;

    fn drawing() -> State {
        reduce(
            State::new(Lang::En, Theme::Light),
            Action::Open(DRAWING.into()),
        )
    }

    fn has(s: &State, code: &str, target: &str) -> bool {
        s.doc
            .findings
            .iter()
            .any(|f| f.rule.code == code && f.target.as_deref() == Some(target))
    }

    fn node<'a>(s: &'a State, id: &str) -> &'a Value {
        s.doc
            .value
            .pointer(&doc::locate(&s.doc.value, id).unwrap().1)
            .unwrap()
    }

    fn draw(s: State, from: &str, to: &str) -> State {
        reduce(s, Action::Draw(from.into(), to.into()))
    }

    #[test]
    fn a_line_from_an_slb_to_an_ecs_makes_it_a_backend() {
        let s = drawing();
        assert!(has(&s, "LB008", "slb"));
        let undo = s.undo.len();
        let s = draw(s, "slb", "web-1");
        assert_eq!(node(&s, "slb")["backends"], json!(["web-1"]));
        assert!(
            s.doc.arr("links").is_empty(),
            "the backend implies the link"
        );
        assert!(!has(&s, "LB008", "slb"));
        assert_eq!(s.undo.len(), undo + 1);
        assert_eq!(s.selected, Some(Sel::Id("slb".into())));
        // The second backend; drawing it again changes nothing.
        let s = draw(s, "slb", "web-2");
        let s = draw(s, "slb", "web-2");
        assert_eq!(node(&s, "slb")["backends"], json!(["web-1", "web-2"]));
        assert_eq!(s.undo.len(), undo + 2);
        // In link mode (pick the source, click the target) it means the same.
        let s = reduce(s, Action::Undo);
        let s = reduce(s, Action::LinkFrom(Some("slb".into())));
        let s = reduce(s, Action::Click("web-2".into()));
        assert_eq!(node(&s, "slb")["backends"], json!(["web-1", "web-2"]));
        let s = reduce(reduce(s, Action::Undo), Action::Undo);
        assert!(has(&s, "LB008", "slb"));
    }

    #[test]
    fn a_line_from_an_ecs_to_an_rds_offers_the_whitelist() {
        let s = drawing();
        let (text, undo) = (s.doc.text.clone(), s.undo.len());
        let s = draw(s, "web-1", "db");
        assert_eq!(
            s.dialog,
            Dialog::Whitelist {
                ecs: "web-1".into(),
                rds: "db".into()
            }
        );
        assert_eq!(s.doc.text, text, "nothing changes before the answer");
        // Add: the whitelist entry and the link, one step; DB003 does not fire.
        let add = reduce(
            s.clone(),
            Action::LinkDatabase {
                ecs: "web-1".into(),
                rds: "db".into(),
                whitelist: true,
            },
        );
        assert_eq!(add.dialog, Dialog::None);
        assert_eq!(node(&add, "db")["whitelist"], json!(["web-2", "web-1"]));
        assert_eq!(
            add.doc.arr("links"),
            &[json!({ "from": "web-1", "to": "db" })]
        );
        assert_eq!(add.undo.len(), undo + 1);
        assert!(!has(&add, "DB003", "db") && !has(&add, "DB003", "web-1"));
        let back = reduce(add, Action::Undo);
        assert_eq!(back.doc.text, text);
        // Just link: the link alone, and DB003 says the whitelist lacks it.
        let link = reduce(
            s,
            Action::LinkDatabase {
                ecs: "web-1".into(),
                rds: "db".into(),
                whitelist: false,
            },
        );
        assert_eq!(node(&link, "db")["whitelist"], json!(["web-2"]));
        assert_eq!(link.doc.arr("links").len(), 1);
        assert_eq!(link.undo.len(), undo + 1);
        assert!(link.doc.findings.iter().any(|f| f.rule.code == "DB003"));
        // An ECS on the whitelist already: no question, the link.
        let s = draw(drawing(), "web-2", "db");
        assert_eq!(s.dialog, Dialog::None);
        assert_eq!(
            s.doc.arr("links"),
            &[json!({ "from": "web-2", "to": "db" })]
        );
        assert_eq!(s.selected, Some(Sel::Link(0)));
    }

    #[test]
    fn lines_from_and_to_the_internet() {
        let s = drawing();
        let undo = s.undo.len();
        // From the internet: a link whose `from` is `internet`.
        let s = draw(s, "internet", "slb");
        assert_eq!(
            s.doc.arr("links"),
            &[json!({ "from": "internet", "to": "slb" })]
        );
        assert_eq!(s.undo.len(), undo + 1);
        // Picked in link mode it is the same link: selected, not doubled.
        let s = reduce(s, Action::LinkFrom(Some("internet".into())));
        let s = reduce(s, Action::Click("slb".into()));
        assert_eq!(s.doc.arr("links").len(), 1);
        assert_eq!(s.selected, Some(Sel::Link(0)));
        assert_eq!(s.undo.len(), undo + 1);
        // To the internet from an ECS: it must reach the internet itself (NS010 then asks for
        // a way out: it has no bandwidth, EIP or NAT).
        assert!(!has(&s, "NS010", "web-1"));
        let s = draw(s, "web-1", "internet");
        assert_eq!(node(&s, "web-1")["needs_internet"], json!(true));
        assert!(has(&s, "NS010", "web-1"));
        assert_eq!(s.undo.len(), undo + 2);
        // From anything else: refused, with the reason; nothing changes.
        let text = s.doc.text.clone();
        let s = draw(s, "slb", "internet");
        assert_eq!(s.notice, Some(Notice::InternetOnlyFromEcs));
        assert_eq!(s.doc.text, text);
        assert_eq!(s.undo.len(), undo + 2);
        let s = reduce(s, Action::Escape);
        assert_eq!(s.notice, None);
    }

    #[test]
    fn lines_between_vpns_lines_and_data_centres() {
        let s = drawing();
        let undo = s.undo.len();
        // An IPSec VPN or a leased line and a data centre, either way: `connects`, no link.
        let s = draw(s, "vpn-s2s", "idc");
        assert_eq!(node(&s, "vpn-s2s")["connects"], json!("idc"));
        let s = draw(s, "idc", "line");
        assert_eq!(node(&s, "line")["connects"], json!("idc"));
        assert!(s.doc.arr("links").is_empty());
        assert_eq!(s.undo.len(), undo + 2);
        assert_eq!(s.selected, Some(Sel::Id("line".into())));
        // The operators' SSL VPN to a server: a link on its management port.
        let s = draw(s, "vpn-ops", "app-1");
        let s = draw(s, "vpn-ops", "win");
        assert_eq!(
            s.doc.arr("links"),
            &[
                json!({ "from": "vpn-ops", "to": "app-1", "port": 22 }),
                json!({ "from": "vpn-ops", "to": "win", "port": 3389 })
            ]
        );
        // Traffic from the data centre: a link.
        let s = draw(s, "idc", "slb");
        assert_eq!(
            s.doc.arr("links").last(),
            Some(&json!({ "from": "idc", "to": "slb" }))
        );
        assert_eq!(s.undo.len(), undo + 5);
        let s = reduce(s, Action::Undo);
        assert_eq!(s.doc.arr("links").len(), 2);
    }

    /// The zone box a node is drawn in.
    fn drawn_zone(s: &State, id: &str) -> String {
        let scene = s.doc.scene.as_ref().unwrap();
        let n = scene.nodes.iter().find(|n| n.id == id).unwrap();
        let z = &scene.boxes[n.zone_box.unwrap()];
        assert!(z.rect.contains(&n.rect));
        z.id.clone()
    }

    #[test]
    fn a_node_dropped_on_a_zone_or_vswitch_moves_there() {
        let s = drawing();
        let undo = s.undo.len();
        let mv = |s: State, id: &str, into: &str| {
            reduce(
                s,
                Action::Move {
                    id: id.into(),
                    into: Some(into.into()),
                    next_to: None,
                },
            )
        };
        // A classic zone.
        assert_eq!(drawn_zone(&s, "web-1"), "hz-b");
        let s = mv(s, "web-1", "hz-c");
        assert_eq!(node(&s, "web-1")["zone"], json!("hz-c"));
        assert_eq!(drawn_zone(&s, "web-1"), "hz-c");
        assert_eq!(s.undo.len(), undo + 1);
        assert_eq!(s.selected, Some(Sel::Id("web-1".into())));
        // A zone of a VPC region: its vSwitch of the same tier.
        let s = mv(s, "app-1", "sh-b");
        assert_eq!(node(&s, "app-1")["vswitch"], json!("vsw-app-b"));
        assert_eq!(drawn_zone(&s, "app-1"), "sh-b");
        // A vSwitch of another tier.
        let s = mv(s, "app-1", "vsw-dmz-a");
        assert_eq!(node(&s, "app-1")["vswitch"], json!("vsw-dmz-a"));
        // From a classic zone into a vSwitch: the zone goes, the vSwitch says where it is.
        let s = mv(s, "web-2", "vsw-app-a");
        assert_eq!(node(&s, "web-2").get("zone"), None);
        assert_eq!(node(&s, "web-2")["vswitch"], json!("vsw-app-a"));
        assert_eq!(s.undo.len(), undo + 4);
        // A zone with no vSwitch cannot take it: nothing changes, the reason shows.
        let text = s.doc.text.clone();
        let s = mv(s, "app-1", "sh-c");
        assert_eq!(s.doc.text, text);
        assert_eq!(s.notice, Some(Notice::CannotPlace));
        // Where it is already: nothing, and no undo step.
        let s = mv(s, "web-1", "hz-c");
        assert_eq!(s.undo.len(), undo + 4);
        // A region-wide service dropped in another region takes that region.
        let s = mv(s, "slb", "sh-a");
        assert_eq!(node(&s, "slb")["region"], json!("sh"));
        assert_eq!(s.undo.len(), undo + 5);
        let s = reduce(s, Action::Undo);
        assert_eq!(node(&s, "slb")["region"], json!("hz"));
    }

    #[test]
    fn a_node_dropped_beside_a_sibling_reorders_the_nodes() {
        let s = drawing();
        let undo = s.undo.len();
        let ids = |s: &State| -> Vec<String> {
            s.doc
                .arr("nodes")
                .iter()
                .map(|n| doc::str_of(n, "id").to_string())
                .collect()
        };
        let s = reduce(
            s,
            Action::Move {
                id: "web-2".into(),
                into: None,
                next_to: Some(("web-1".into(), false)),
            },
        );
        assert_eq!(&ids(&s)[..3], ["web-2", "web-1", "app-1"]);
        assert_eq!(s.undo.len(), undo + 1);
        // Into another zone and after a sibling there: one step for both.
        let s = reduce(
            s,
            Action::Move {
                id: "web-2".into(),
                into: Some("sh-a".into()),
                next_to: Some(("app-1".into(), true)),
            },
        );
        assert_eq!(&ids(&s)[..3], ["web-1", "app-1", "web-2"]);
        assert_eq!(node(&s, "web-2")["vswitch"], json!("vsw-dmz-a"));
        assert_eq!(s.undo.len(), undo + 2);
        // Where it is already: no step.
        let s = reduce(
            s,
            Action::Move {
                id: "web-2".into(),
                into: None,
                next_to: Some(("app-1".into(), true)),
            },
        );
        assert_eq!(s.undo.len(), undo + 2);
        let s = reduce(s, Action::Undo);
        assert_eq!(&ids(&s)[..3], ["web-2", "web-1", "app-1"]);
    }
}

/// The building blocks through the reducer (`build.rs`): stamps, the bastion, module joining,
/// duplicate into the other zone, multi-select with copy / paste / duplicate / delete, and
/// the choice when a container with content is deleted.
#[cfg(test)]
mod building_blocks {
    use super::*;

    const CLASSIC: &str = include_str!("../../examples/classic-dual-zone.json");
    const VPC: &str = include_str!("../../examples/vpc.json");
    const HIGH: &str = include_str!("../../examples/high-security.json");

    fn opened(text: &str) -> State {
        let mut s = State::new(Lang::En, Theme::Light);
        s.apply(Action::Open(text.into()));
        s
    }

    fn node<'a>(s: &'a State, id: &str) -> &'a Value {
        s.doc
            .arr("nodes")
            .iter()
            .find(|n| doc::str_of(n, "id") == id)
            .unwrap_or_else(|| panic!("no node {id}"))
    }

    fn ids_of(s: &State, kind: &str) -> Vec<String> {
        s.doc
            .arr("nodes")
            .iter()
            .filter(|n| doc::str_of(n, "kind") == kind)
            .map(|n| doc::str_of(n, "id").to_string())
            .collect()
    }

    /// Errors and warnings, as `CODE@target`.
    fn problems(s: &State) -> Vec<String> {
        s.doc
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .map(|f| format!("{}@{}", f.rule.code, f.target.as_deref().unwrap_or("")))
            .collect()
    }

    fn strs(v: &Value) -> Vec<&str> {
        v.as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    #[test]
    fn stamps_build_the_source_documents_patterns_each_one_undo_step() {
        let mut s = State::new(Lang::En, Theme::Light);
        // A two-zone web tier behind an SLB.
        s.apply(Action::Stamp(Stamp::Web));
        assert_eq!(s.undo.len(), 1);
        assert_eq!(s.selected_id(), Some("slb-web"));
        let slb = node(&s, "slb-web");
        assert_eq!(strs(&slb["backends"]), ["web-1", "web-2"]);
        let l = &slb["listeners"][0];
        assert_eq!(
            (l["protocol"].as_str(), l["port"].as_u64()),
            (Some("http"), Some(80))
        );
        assert_eq!(l["health_check"]["path"], "/");
        let zones: Vec<&str> = ["web-1", "web-2"]
            .iter()
            .map(|i| doc::str_of(node(&s, i), "zone"))
            .collect();
        assert_eq!(zones, ["zone-a", "zone-b"]);
        assert_eq!(node(&s, "web-1")["module"], node(&s, "web-2")["module"]);
        let sg = &s.doc.arr("security_groups")[0];
        assert_eq!(sg["rules"][0]["from"], "slb-web");
        assert!(s
            .doc
            .arr("links")
            .iter()
            .any(|l| l["from"] == "internet" && l["to"] == "slb-web"));
        // Only the missing bastion is left to say.
        assert_eq!(problems(&s), ["BH001@"]);
        // The bastion pair with its SSL VPN and groups.
        s.apply(Action::Stamp(Stamp::Bastions));
        assert_eq!(s.undo.len(), 2);
        assert!(problems(&s).is_empty(), "{:?}", problems(&s));
        let bastions: Vec<&Value> = s
            .doc
            .arr("nodes")
            .iter()
            .filter(|n| n["role"] == "bastion")
            .collect();
        assert_eq!(bastions.len(), 2);
        assert_ne!(bastions[0]["zone"], bastions[1]["zone"]);
        let vpn = ids_of(&s, "vpn");
        assert_eq!(vpn, ["vpn-mgmt"]);
        assert_eq!(node(&s, "vpn-mgmt")["type"], "ssl");
        let groups = s.doc.arr("security_groups");
        let bastion_sg = groups.iter().find(|g| g["id"] == "sg-bastion").unwrap();
        assert_eq!(bastion_sg["rules"][0]["from"], "vpn-mgmt");
        assert_eq!(bastion_sg["rules"][0]["ports"], "22");
        let web_sg = groups.iter().find(|g| g["id"] == "sg-web").unwrap();
        assert!(doc::arr(web_sg, "rules")
            .iter()
            .any(|r| r["from"] == "sg:sg-bastion" && r["ports"] == "22"));
        // Stamped again: fresh ids (a module name no id uses: web-2 is a server), nothing
        // taken over, still clean.
        s.apply(Action::Stamp(Stamp::Web));
        assert_eq!(s.selected_id(), Some("slb-web-3"));
        assert_eq!(
            strs(&node(&s, "slb-web-3")["backends"]),
            ["web-3-1", "web-3-2"]
        );
        assert!(problems(&s).is_empty(), "{:?}", problems(&s));
        // A DR copy of the region.
        let before = s.doc.text.clone();
        let production = s
            .doc
            .arr("nodes")
            .iter()
            .filter(|n| n["kind"] == "ecs" && n["role"] == "app")
            .count();
        s.apply(Action::Stamp(Stamp::Dr));
        assert_eq!(s.selected_id(), Some("region-1-dr"));
        let regions = s.doc.arr("regions");
        assert_eq!(regions.len(), 2);
        assert_eq!(regions[1]["role"], "dr");
        assert_eq!(doc::arr(&regions[1], "zones").len(), 2);
        let in_dr = |s: &State, kind: &str| {
            s.doc
                .arr("nodes")
                .iter()
                .filter(|n| {
                    n["kind"] == kind
                        && region_of(&s.doc.value, doc::str_of(n, "id")) == "region-1-dr"
                })
                .count()
        };
        assert_eq!(in_dr(&s, "ecs"), production);
        assert_eq!(in_dr(&s, "slb"), 2);
        assert_eq!(
            strs(&node(&s, "slb-web-dr")["backends"]),
            ["web-1-dr", "web-2-dr"]
        );
        assert_eq!(s.doc.value["dr"], "two-region");
        assert!(s
            .doc
            .arr("nodes")
            .iter()
            .any(|n| n["kind"] == "dns" && n["failover"] == true));
        assert!(problems(&s).is_empty(), "{:?}", problems(&s));
        s.apply(Action::Undo);
        assert_eq!(s.doc.text, before, "the DR copy was one step");
    }

    #[test]
    fn stamps_fit_the_reference_designs_networks() {
        for (name, text) in [("classic", CLASSIC), ("vpc", VPC), ("high-security", HIGH)] {
            let mut s = opened(text);
            assert!(problems(&s).is_empty(), "{name}");
            let mut all = Vec::new();
            for st in [Stamp::Web, Stamp::Bastions, Stamp::Dr] {
                let before: Vec<String> = {
                    let mut ids = Vec::new();
                    doc::each_id(&s.doc.value, |i| ids.push(i.to_string()));
                    ids
                };
                let undo = s.undo.len();
                s.apply(Action::Stamp(st));
                assert_eq!(s.undo.len(), undo + 1, "{name} {st:?}");
                assert!(problems(&s).is_empty(), "{name} {st:?}: {:?}", problems(&s));
                // Every id the stamp wrote is new and unique.
                let mut after = Vec::new();
                doc::each_id(&s.doc.value, |i| after.push(i.to_string()));
                let mut sorted = after.clone();
                sorted.sort();
                sorted.dedup();
                assert_eq!(sorted.len(), after.len(), "{name} {st:?}: a repeated id");
                assert!(after.len() > before.len());
                all.push(after.len() - before.len());
            }
            if name != "classic" {
                // In a VPC the web servers sit on vSwitches of the zones, the high-security
                // design's in the DMZ tier.
                let web = node(&s, "web-2-1");
                let (_, p) = doc::locate(&s.doc.value, doc::str_of(web, "vswitch")).unwrap();
                let vsw = s.doc.value.pointer(&p).unwrap();
                if name == "high-security" {
                    assert_eq!(vsw["tier"], "dmz");
                    let b = s
                        .doc
                        .arr("nodes")
                        .iter()
                        .rev()
                        .find(|n| n["role"] == "bastion")
                        .unwrap();
                    let (_, p) = doc::locate(&s.doc.value, doc::str_of(b, "vswitch")).unwrap();
                    assert_eq!(s.doc.value.pointer(&p).unwrap()["tier"], "management");
                }
            }
        }
        // A VPC region without a VPC: the stamp adds the VPC and a vSwitch per zone.
        let mut s = opened(
            r#"{"archlint": 1, "regions": [{"id": "sh", "network": "vpc", "zones": [{"id": "sh-a"}, {"id": "sh-b"}]}]}"#,
        );
        s.apply(Action::Stamp(Stamp::Web));
        assert_eq!(s.doc.arr("vpcs").len(), 1);
        let sws = doc::arr(&s.doc.arr("vpcs")[0], "vswitches");
        assert_eq!(sws.len(), 2);
        assert_ne!(sws[0]["zone"], sws[1]["zone"]);
        assert_ne!(sws[0]["cidr"], sws[1]["cidr"]);
        assert_eq!(problems(&s), ["BH001@"]);
    }

    #[test]
    fn the_bastion_goes_into_the_management_tier() {
        let mut s = opened(HIGH);
        s.apply(Action::Select(Some(Sel::Id("cn-shenzhen-fin-b".into()))));
        s.apply(Action::AddBastion);
        let id = s.selected_id().unwrap().to_string();
        let b = node(&s, &id);
        assert_eq!(b["role"], "bastion");
        assert_eq!(b["vswitch"], "vsw-mgmt-b");
        assert_eq!(b["public_bandwidth_mbps"], 0);
        assert_eq!(strs(&b["security_groups"]), ["sg-mgmt"]);
        assert!(problems(&s).is_empty(), "{:?}", problems(&s));
        // Classic: the selected zone, else the first.
        let mut s = State::new(Lang::En, Theme::Light);
        s.apply(Action::AddBastion);
        assert_eq!(node(&s, "bastion-1")["zone"], "zone-a");
    }

    #[test]
    fn a_new_ecs_joins_the_module_of_the_selected_or_neighbouring_instance() {
        let mut s = State::new(Lang::En, Theme::Light);
        s.apply(Action::AddNode("ecs"));
        assert_eq!(s.selected_id(), Some("ecs-1"));
        assert!(problems(&s).contains(&"HA001@ecs-1".to_string()));
        // With ecs-1 selected, the next joins its module, in the other zone.
        s.apply(Action::AddNode("ecs"));
        let e2 = node(&s, "ecs-2");
        assert_eq!(e2["module"], "ecs-1");
        assert_eq!(e2["zone"], "zone-b");
        assert!(
            !problems(&s)
                .iter()
                .any(|p| p.starts_with("HA001") || p.starts_with("ZN")),
            "{:?}",
            problems(&s)
        );
        // A zone selected: the instance already there is the neighbour.
        s.apply(Action::Select(Some(Sel::Id("zone-a".into()))));
        s.apply(Action::AddNode("ecs"));
        assert_eq!(node(&s, "ecs-3")["module"], "ecs-1");
        assert_eq!(node(&s, "ecs-3")["zone"], "zone-a");
        // Nothing selected: a module of its own.
        s.apply(Action::Select(None));
        s.apply(Action::AddNode("ecs"));
        assert!(node(&s, "ecs-4").get("module").is_none());
        // The replica takes its neighbour's groups and size.
        let mut s = opened(VPC);
        s.apply(Action::Select(Some(Sel::Id("app-a1".into()))));
        s.apply(Action::AddNode("ecs"));
        let id = s.selected_id().unwrap().to_string();
        let n = node(&s, &id);
        assert_eq!(n["module"], "app");
        assert_eq!(strs(&n["security_groups"]), ["sg-app"]);
        assert_eq!(
            n["vswitch"], "vsw-prod-a",
            "app has one instance per zone: the first"
        );
    }

    #[test]
    fn duplicate_into_the_other_zone() {
        let mut s = opened(CLASSIC);
        let undo = s.undo.len();
        s.apply(Action::DuplicateToZone("app-b1".into()));
        assert_eq!(s.undo.len(), undo + 1);
        // app has one instance per zone: the copy goes to the zone after app-b1's.
        assert_eq!(s.selected_id(), Some("app-c2"));
        let c = node(&s, "app-c2");
        assert_eq!(c["zone"], "cn-hangzhou-fin-c");
        assert_eq!(c["module"], "app");
        assert_eq!(c["security_groups"], node(&s, "app-b1")["security_groups"]);
        assert!(strs(&node(&s, "slb-app")["backends"]).contains(&"app-c2"));
        assert!(strs(&node(&s, "rds-main")["whitelist"]).contains(&"app-c2"));
        assert!(s
            .doc
            .arr("links")
            .iter()
            .any(|l| l["from"] == "app-c2" && l["to"] == "rds-main"));
        // Not the SLB's implied link again.
        assert!(!s.doc.arr("links").iter().any(|l| l["to"] == "app-c2"));
        assert!(problems(&s).is_empty(), "{:?}", problems(&s));
        // In a VPC, onto the other zone's vSwitch.
        let mut s = opened(VPC);
        s.apply(Action::DuplicateToZone("web-b2".into()));
        let id = s.selected_id().unwrap().to_string();
        assert_eq!(id, "web-a3");
        assert_eq!(node(&s, &id)["vswitch"], "vsw-prod-a");
        assert!(problems(&s).is_empty(), "{:?}", problems(&s));
        // A region of one zone has no other zone.
        let mut s = opened(
            r#"{"archlint": 1, "regions": [{"id": "r", "network": "classic", "zones": [{"id": "r-a"}]}],
            "nodes": [{"id": "e", "kind": "ecs", "zone": "r-a"}]}"#,
        );
        assert_eq!(build::other_zone(&s.doc.value, "e"), None);
        let before = s.doc.text.clone();
        s.apply(Action::DuplicateToZone("e".into()));
        assert_eq!(s.doc.text, before);
    }

    #[test]
    fn multi_select_copy_paste_duplicate_and_delete() {
        let mut s = opened(CLASSIC);
        s.apply(Action::Click("app-b1".into()));
        s.apply(Action::ToggleSelect("rds-main".into()));
        assert_eq!(s.selection(), ["app-b1", "rds-main"]);
        assert_eq!(
            s.selected_id(),
            Some("rds-main"),
            "the last one has the form"
        );
        s.apply(Action::ToggleSelect("web-b1".into()));
        s.apply(Action::ToggleSelect("web-b1".into()));
        assert_eq!(s.selection(), ["app-b1", "rds-main"]);
        // Copy, then paste: fresh ids, the link between them follows, one step.
        s.apply(Action::Copy);
        let nodes = s.doc.arr("nodes").len();
        let undo = s.undo.len();
        s.apply(Action::Paste);
        assert_eq!(s.undo.len(), undo + 1);
        assert_eq!(s.doc.arr("nodes").len(), nodes + 2);
        assert_eq!(s.selection(), ["app-b2", "rds-main-2"]);
        assert!(s
            .doc
            .arr("links")
            .iter()
            .any(|l| l["from"] == "app-b2" && l["to"] == "rds-main-2"));
        assert_eq!(
            strs(&node(&s, "rds-main-2")["whitelist"]),
            ["app-b2", "app-c1"]
        );
        assert_eq!(node(&s, "app-b2")["module"], "app");
        // Paste again: other ids again.
        s.apply(Action::Paste);
        assert_eq!(s.selection(), ["app-b3", "rds-main-3"]);
        // Duplicate: a copy of the selection, without the clipboard.
        s.apply(Action::Select(Some(Sel::Id("web-c1".into()))));
        s.apply(Action::Duplicate);
        assert_eq!(s.selection(), ["web-c3"]);
        assert_eq!(node(&s, "web-c3")["zone"], "cn-hangzhou-fin-c");
        // Pasted into a selected zone.
        s.apply(Action::Select(Some(Sel::Id("cn-hangzhou-fin-b".into()))));
        s.apply(Action::Paste);
        assert_eq!(node(&s, "app-b4")["zone"], "cn-hangzhou-fin-b");
        // The rubber band: replaces, or adds with shift.
        s.apply(Action::SelectMany(
            vec!["web-b1".into(), "web-b2".into()],
            false,
        ));
        assert_eq!(s.selection(), ["web-b1", "web-b2"]);
        s.apply(Action::SelectMany(
            vec!["web-c1".into(), "web-b2".into()],
            true,
        ));
        assert_eq!(s.selection(), ["web-b1", "web-b2", "web-c1"]);
        // Delete them all: one step, their references go with them.
        let undo = s.undo.len();
        let before = s.doc.text.clone();
        s.apply(Action::DeleteSelected);
        assert_eq!(s.undo.len(), undo + 1);
        for id in ["web-b1", "web-b2", "web-c1"] {
            assert!(doc::locate(&s.doc.value, id).is_none());
            assert!(
                !s.doc.text.contains(&format!("\"{id}\"")),
                "{id} still referenced"
            );
        }
        assert!(s.selection().is_empty());
        assert!(
            !problems(&s).iter().any(|p| p.starts_with("DF")),
            "{:?}",
            problems(&s)
        );
        s.apply(Action::Undo);
        assert_eq!(s.doc.text, before);
        // A plain click ends the multi-selection.
        s.apply(Action::SelectMany(
            vec!["web-b1".into(), "web-b2".into()],
            false,
        ));
        s.apply(Action::Click("web-b1".into()));
        assert_eq!(s.selection(), ["web-b1"]);
    }

    #[test]
    fn deleting_a_container_with_content_asks_then_deletes_or_keeps() {
        let mut s = opened(CLASSIC);
        // An empty zone goes without asking.
        s.apply(Action::Select(Some(Sel::Id("cn-hangzhou-fin".into()))));
        s.apply(Action::AddZone);
        let zone = s.selected_id().unwrap().to_string();
        s.apply(Action::DeleteSelected);
        assert_eq!(s.dialog, Dialog::None);
        assert!(doc::locate(&s.doc.value, &zone).is_none());
        // A zone with servers asks, and nothing changes yet.
        let before = s.doc.text.clone();
        let undo = s.undo.len();
        s.apply(Action::Select(Some(Sel::Id("cn-hangzhou-fin-b".into()))));
        s.apply(Action::DeleteSelected);
        let ids = vec!["cn-hangzhou-fin-b".to_string()];
        assert_eq!(s.dialog, Dialog::DeleteContent(ids.clone()));
        assert_eq!(s.doc.text, before);
        assert_eq!(
            build::sibling(&s.doc.value, "cn-hangzhou-fin-b", &ids).as_deref(),
            Some("cn-hangzhou-fin-c")
        );
        // Keep: the zone's servers move to the other zone; nothing dangles.
        s.apply(Action::DeleteContent {
            ids: ids.clone(),
            keep: true,
        });
        assert_eq!(s.dialog, Dialog::None);
        assert_eq!(s.undo.len(), undo + 1);
        assert!(doc::locate(&s.doc.value, "cn-hangzhou-fin-b").is_none());
        assert_eq!(node(&s, "web-b1")["zone"], "cn-hangzhou-fin-c");
        assert_eq!(
            s.doc.arr("nodes").len(),
            doc::arr(&Doc::parse(&before, Lang::En).unwrap().value, "nodes").len()
        );
        assert!(
            !problems(&s).iter().any(|p| p.starts_with("DF")),
            "{:?}",
            problems(&s)
        );
        // Delete: the zone's servers go with it, and every reference to them.
        s.apply(Action::Undo);
        assert_eq!(s.doc.text, before);
        s.apply(Action::DeleteContent { ids, keep: false });
        for id in ["bastion-b", "web-b1", "web-b2", "app-b1"] {
            assert!(doc::locate(&s.doc.value, id).is_none(), "{id}");
            assert!(
                !s.doc.text.contains(&format!("\"{id}\"")),
                "{id} still referenced"
            );
        }
        assert!(
            !problems(&s).iter().any(|p| p.starts_with("DF")),
            "{:?}",
            problems(&s)
        );
        // A vSwitch keeps its servers on a vSwitch of the same zone; a VPC its vSwitches in
        // another VPC of the region; without a sibling, "keep" cannot keep.
        let mut s = opened(VPC);
        s.apply(Action::Delete(Sel::Id("vsw-prod-a".into())));
        assert!(matches!(s.dialog, Dialog::DeleteContent(_)));
        s.apply(Action::DeleteContent {
            ids: vec!["vsw-prod-a".into()],
            keep: true,
        });
        assert_eq!(node(&s, "web-a1")["vswitch"], "vsw-mgmt-a");
        assert!(
            !problems(&s)
                .iter()
                .any(|p| p.starts_with("DF") || p.starts_with("ZN")),
            "{:?}",
            problems(&s)
        );
        assert_eq!(
            build::sibling(&s.doc.value, "vpc-prod", &["vpc-prod".into()]),
            None
        );
        // A region with content: another region takes it.
        let mut s = opened(CLASSIC);
        s.apply(Action::Stamp(Stamp::Dr));
        let dr = s.selected_id().unwrap().to_string();
        s.apply(Action::DeleteSelected);
        s.apply(Action::DeleteContent {
            ids: vec![dr.clone()],
            keep: true,
        });
        assert!(doc::locate(&s.doc.value, &dr).is_none());
        assert_eq!(node(&s, "web-b1-dr")["zone"], "cn-hangzhou-fin-b");
        assert_eq!(node(&s, "slb-web-dr")["region"], "cn-hangzhou-fin");
        assert!(
            !problems(&s).iter().any(|p| p.starts_with("DF")),
            "{:?}",
            problems(&s)
        );
    }

    #[test]
    fn a_rule_added_from_its_source_gets_the_ports_that_source_needs() {
        let mut s = opened(CLASSIC);
        let (_, ptr) = doc::locate(&s.doc.value, "sg-app").unwrap();
        s.apply(Action::AddSgRuleFrom(ptr.clone(), "sg:sg-bastion".into()));
        s.apply(Action::AddSgRuleFrom(ptr.clone(), "slb-web".into()));
        s.apply(Action::AddSgRuleFrom(ptr.clone(), "10.1.0.0/16".into()));
        let rules = doc::arr(s.doc.value.pointer(&ptr).unwrap(), "rules");
        let got: Vec<(&str, &str)> = rules
            .iter()
            .rev()
            .take(3)
            .map(|r| (doc::str_of(r, "from"), doc::str_of(r, "ports")))
            .collect();
        assert_eq!(
            got,
            [
                ("10.1.0.0/16", "443"),
                ("slb-web", "80"),
                ("sg:sg-bastion", "22")
            ]
        );
    }
}
