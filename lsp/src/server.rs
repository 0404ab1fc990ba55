//! The main loop: the protocol's life cycle, the documents, and the requests.
//!
//! Three threads besides this one: the reader (framing, [`crate::transport`]), the writer (one
//! framed message at a time) and the lint worker ([`crate::lint`]). Requests are answered here
//! from the documents' current text and the last lint results, so that a lint in progress
//! never holds a request up.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::sync::Arc;
use std::time::Duration;

use archlint_core::{rules, Lang, RuleMeta};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CompletionOptions, CompletionParams, CompletionResponse,
    Diagnostic, DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, Hover, HoverContents, HoverParams, HoverProviderCapability,
    InitializeResult, MarkupContent, MarkupKind, NumberOrString, Position, PositionEncodingKind,
    Range, SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TextEdit, Uri,
    WorkspaceEdit,
};
use serde_json::Value;

use crate::actions;
use crate::complete::{self, Ids};
use crate::docs::{self, Doc, Docs, Kind};
use crate::lint::{Found, Linted, Shared, Unit, Worker};
use crate::pos::{touches, Encoding, Lines};
use crate::schema::{self, Seg};
use crate::texts;
use crate::transport::{self, Incoming, Reader};
use crate::{uri, Options};

/// What the main loop waits for.
pub enum Event {
    In(Incoming),
    /// The input ended (or could not be read).
    Eof,
    Linted(Linted),
}

/// A unit's findings in one file, and the version of the document they were computed on.
type Results = (Option<i32>, Vec<Found>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Uninitialized,
    Running,
    ShutDown,
}

struct State {
    opts: Arc<Options>,
    out: Sender<String>,
    events: Sender<Event>,
    shared: Shared,
    worker: Option<std::thread::JoinHandle<()>>,
    enc: Encoding,
    phase: Phase,
    /// The editor's language (initializationOptions or workspace configuration).
    lang: Option<Lang>,
    docs: Docs,
    /// The last lint's findings per URI and unit, with the version linted.
    results: HashMap<String, BTreeMap<String, Results>>,
    /// The ids of each design's last parse that succeeded (completion while the text is
    /// broken).
    ids: HashMap<String, Ids>,
    /// The lint unit each open document was last queued under.
    units: HashMap<String, String>,
}

/// Serves until `exit` or the end of the input; the exit status.
pub fn serve(
    input: impl Read + Send + 'static,
    mut output: impl Write + Send + 'static,
    opts: Options,
) -> u8 {
    let (ev_tx, ev_rx) = mpsc::channel::<Event>();
    let (out_tx, out_rx) = mpsc::channel::<String>();
    let writer = std::thread::Builder::new()
        .name("archlint-lsp-writer".into())
        .spawn(move || {
            for s in out_rx {
                if transport::write_frame(&mut output, &s).is_err() {
                    break;
                }
            }
        })
        .ok();
    // A body may hold a whole document, JSON-escaped: up to a few times the design limit.
    let max_body = opts
        .limits
        .max_bytes
        .saturating_mul(4)
        .saturating_add(1 << 20);
    let reader_tx = ev_tx.clone();
    let spawned = std::thread::Builder::new()
        .name("archlint-lsp-reader".into())
        .spawn(move || {
            let mut r = Reader::new(BufReader::with_capacity(1 << 16, input), max_body);
            loop {
                match r.next_message() {
                    Ok(Some(m)) => {
                        if reader_tx.send(Event::In(m)).is_err() {
                            return;
                        }
                    }
                    Ok(None) | Err(_) => {
                        let _ = reader_tx.send(Event::Eof);
                        return;
                    }
                }
            }
        });
    if spawned.is_err() {
        return 1;
    }
    let mut st = State {
        opts: Arc::new(opts),
        out: out_tx,
        events: ev_tx,
        shared: Shared::default(),
        worker: None,
        enc: Encoding::Utf16,
        phase: Phase::Uninitialized,
        lang: None,
        docs: Docs::default(),
        results: HashMap::new(),
        ids: HashMap::new(),
        units: HashMap::new(),
    };
    let status = loop {
        let Ok(ev) = ev_rx.recv() else { break 1 };
        match ev {
            Event::Eof => break if st.phase == Phase::ShutDown { 0 } else { 1 },
            Event::Linted(l) => st.linted(l),
            Event::In(Incoming::Bad { id, code, message }) => {
                st.send_raw(transport::error_text(id, code, &message));
            }
            Event::In(Incoming::Message(Message::Notification(n))) if n.method == "exit" => {
                break if st.phase == Phase::ShutDown { 0 } else { 1 };
            }
            Event::In(Incoming::Message(Message::Request(r))) => st.request(r),
            Event::In(Incoming::Message(Message::Notification(n))) => st.notification(n),
            // The server sends no requests: a response is stray; nothing to do.
            Event::In(Incoming::Message(Message::Response(_))) => {}
        }
    };
    st.shared.stop();
    if let Some(w) = st.worker.take() {
        let _ = w.join();
    }
    drop(st);
    if let Some(w) = writer {
        let _ = w.join();
    }
    status
}

fn parse<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, String> {
    serde_json::from_value(v).map_err(|e| e.to_string())
}

impl State {
    fn send(&self, m: Message) {
        let _ = self.out.send(transport::message_text(&m));
    }

    fn send_raw(&self, s: String) {
        let _ = self.out.send(s);
    }

    fn respond(&self, id: RequestId, result: impl serde::Serialize) {
        self.send(Message::Response(Response::new_ok(id, result)));
    }

    fn fail(&self, id: RequestId, code: ErrorCode, msg: &str) {
        self.send(Message::Response(Response::new_err(
            id,
            code as i32,
            msg.to_string(),
        )));
    }

    fn log(&self, message: String) {
        let n = Notification::new(
            "window/logMessage".into(),
            serde_json::json!({ "type": 3, "message": message }),
        );
        self.send(Message::Notification(n));
    }

    /// The language of the server's answers about a file.
    fn lang_for(&self, path: Option<&Path>) -> Lang {
        self.lang
            .or(self.opts.lang)
            .or_else(|| self.opts.settings(path).ok().and_then(|s| s.lang))
            .unwrap_or(self.opts.env_lang)
    }

    fn request(&mut self, r: Request) {
        let lang = self.lang.or(self.opts.lang).unwrap_or(self.opts.env_lang);
        match self.phase {
            Phase::Uninitialized if r.method != "initialize" => {
                return self.fail(
                    r.id,
                    ErrorCode::ServerNotInitialized,
                    texts::not_initialized(lang),
                );
            }
            Phase::ShutDown => {
                return self.fail(r.id, ErrorCode::InvalidRequest, texts::shutting_down(lang));
            }
            _ => {}
        }
        let id = r.id.clone();
        let method = r.method.clone();
        let result: Result<Value, String> = match method.as_str() {
            "initialize" if self.phase == Phase::Running => {
                return self.fail(
                    id,
                    ErrorCode::InvalidRequest,
                    "initialize was already received",
                );
            }
            "initialize" => Ok(self.initialize(r.params)),
            "shutdown" => {
                self.phase = Phase::ShutDown;
                Ok(Value::Null)
            }
            "textDocument/hover" => parse(r.params).map(|p| to_value(self.hover(p))),
            "textDocument/codeAction" => parse(r.params).map(|p| to_value(self.code_actions(p))),
            "textDocument/completion" => parse(r.params).map(|p| to_value(self.completion(p))),
            "completionItem/resolve" => Ok(r.params),
            _ => {
                return self.fail(
                    id,
                    ErrorCode::MethodNotFound,
                    &texts::unknown_method(&method, lang),
                )
            }
        };
        match result {
            Ok(v) => self.respond(id, v),
            Err(e) => self.fail(
                id,
                ErrorCode::InvalidParams,
                &texts::bad_params(&method, &e, lang),
            ),
        }
    }

    fn initialize(&mut self, params: Value) -> Value {
        let encodings = params
            .pointer("/capabilities/general/positionEncodings")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        self.enc = if encodings.iter().any(|e| e.as_str() == Some("utf-8")) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        self.set_lang(params.get("initializationOptions"));
        self.set_coverage(params.get("initializationOptions"));
        let worker = Worker::new(
            Arc::clone(&self.opts),
            self.enc,
            self.out.clone(),
            self.events.clone(),
            self.shared.clone(),
        );
        self.worker = std::thread::Builder::new()
            .name("archlint-lsp-lint".into())
            .spawn(move || worker.run())
            .ok();
        self.phase = Phase::Running;
        let caps = ServerCapabilities {
            position_encoding: Some(match self.enc {
                Encoding::Utf8 => PositionEncodingKind::UTF8,
                Encoding::Utf16 => PositionEncodingKind::UTF16,
            }),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    will_save: None,
                    will_save_wait_until: None,
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(false),
                    })),
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..Default::default()
            })),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec!["\"".into(), ":".into()]),
                ..Default::default()
            }),
            ..Default::default()
        };
        to_value(InitializeResult {
            capabilities: caps,
            server_info: Some(ServerInfo {
                name: "archlint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        })
    }

    /// `lang` from initializationOptions or a configuration change: `en`, `zh`, or `auto` /
    /// absent (the command line's, the project's, the environment's).
    fn set_lang(&mut self, v: Option<&Value>) {
        let l = v
            .and_then(|o| o.get("lang").or_else(|| o.pointer("/archlint/lang")))
            .and_then(Value::as_str);
        self.lang = l.and_then(Lang::parse);
    }

    /// `coverage` from initializationOptions or a configuration change: `false` turns the
    /// coverage diagnostic off; absent, it stays as it is (on at the start).
    fn set_coverage(&mut self, v: Option<&Value>) {
        if let Some(on) = v
            .and_then(|o| {
                o.get("coverage")
                    .or_else(|| o.pointer("/archlint/coverage"))
            })
            .and_then(Value::as_bool)
        {
            self.shared.set_coverage(on);
        }
    }

    fn notification(&mut self, n: Notification) {
        if self.phase != Phase::Running {
            return; // before initialize and after shutdown, notifications are dropped
        }
        let method = n.method.clone();
        let r = match method.as_str() {
            "textDocument/didOpen" => parse(n.params).map(|p| self.did_open(p)),
            "textDocument/didChange" => parse(n.params).map(|p| self.did_change(p)),
            "textDocument/didClose" => parse(n.params).map(|p| self.did_close(p)),
            "textDocument/didSave" => parse(n.params).map(|p| self.did_save(p)),
            "workspace/didChangeConfiguration" => {
                // Only a change that names the language changes it (clients of the pull model
                // send `"settings": null`).
                let settings = n.params.get("settings").cloned();
                let names_lang = settings
                    .as_ref()
                    .and_then(|o| o.get("lang").or_else(|| o.pointer("/archlint/lang")))
                    .is_some_and(Value::is_string);
                if names_lang {
                    self.set_lang(settings.as_ref());
                }
                self.set_coverage(settings.as_ref());
                self.relint_all();
                Ok(())
            }
            _ => Ok(()), // `initialized`, `$/cancelRequest`, `$/setTrace`, unknown: nothing to do
        };
        if let Err(e) = r {
            let lang = self.lang.or(self.opts.lang).unwrap_or(self.opts.env_lang);
            self.log(texts::bad_params(&method, &e, lang));
        }
    }

    fn did_open(&mut self, p: DidOpenTextDocumentParams) {
        let d = p.text_document;
        self.store(d.uri, d.language_id, d.version, d.text);
    }

    fn store(&mut self, uri: Uri, language_id: String, version: i32, text: String) {
        let path = uri::to_path(&uri);
        let name = docs::name_of(&uri, path.as_deref());
        let kind = docs::kind_of(&name, &language_id, &text);
        let key = uri.as_str().to_string();
        self.docs.map.insert(
            key.clone(),
            Doc {
                uri,
                path,
                language_id,
                version,
                text: Arc::new(text),
                kind,
            },
        );
        self.schedule(&key, Duration::ZERO);
    }

    fn did_change(&mut self, p: DidChangeTextDocumentParams) {
        let key = p.text_document.uri.as_str().to_string();
        let version = p.text_document.version;
        let enc = self.enc;
        let Some(doc) = self.docs.map.get_mut(&key) else {
            // A change before the open: usable only if it carries the whole text.
            if let Some(full) = p
                .content_changes
                .iter()
                .rev()
                .find(|c| c.range.is_none())
                .filter(|_| p.content_changes.last().is_some_and(|c| c.range.is_none()))
            {
                let text = full.text.clone();
                self.store(p.text_document.uri, String::new(), version, text);
            } else {
                self.log(format!("didChange for {key}, which is not open: ignored"));
            }
            return;
        };
        if version <= doc.version {
            let msg = format!(
                "didChange for {key} version {version} after version {}: ignored",
                doc.version
            );
            self.log(msg);
            return;
        }
        docs::apply_changes(Arc::make_mut(&mut doc.text), &p.content_changes, enc);
        doc.version = version;
        let name = docs::name_of(&doc.uri, doc.path.as_deref());
        doc.kind = docs::kind_of(&name, &doc.language_id, &doc.text);
        let delay = self.opts.debounce;
        self.schedule(&key, delay);
    }

    fn did_close(&mut self, p: DidCloseTextDocumentParams) {
        let key = p.text_document.uri.as_str().to_string();
        let Some(doc) = self.docs.map.remove(&key) else {
            return;
        };
        self.results.remove(&key);
        self.ids.remove(&key);
        let unit = self.units.remove(&key);
        if let Some(unit) = unit {
            let still_open = self.units.values().any(|u| *u == unit);
            if doc.kind == Kind::Terraform && still_open {
                if let Some(k) = self
                    .units
                    .iter()
                    .find(|(_, u)| **u == unit)
                    .map(|(k, _)| k.clone())
                {
                    self.schedule(&k, Duration::ZERO);
                }
            } else {
                let lang = self.lang;
                self.shared.push(unit, Unit::Close, lang, Duration::ZERO);
            }
        }
    }

    fn did_save(&mut self, _: DidSaveTextDocumentParams) {
        // A saved configuration, overlay, var file or module can change any result (what is
        // open is linted from its buffer; the rest is read from disk).
        self.relint_all();
    }

    fn relint_all(&mut self) {
        let keys: Vec<String> = self.docs.map.keys().cloned().collect();
        for k in keys {
            self.schedule(&k, Duration::ZERO);
        }
    }

    /// Queues the lint of the unit a document belongs to.
    fn schedule(&mut self, key: &str, delay: Duration) {
        let Some(doc) = self.docs.map.get(key) else {
            return;
        };
        let unit_key = match doc.kind {
            Kind::Design => Some((
                key.to_string(),
                Unit::Design {
                    uri: doc.uri.clone(),
                    path: doc.path.clone(),
                    version: doc.version,
                    text: Arc::clone(&doc.text),
                },
            )),
            Kind::Ros => Some((
                key.to_string(),
                Unit::Ros {
                    uri: doc.uri.clone(),
                    path: doc.path.clone(),
                    version: doc.version,
                    text: Arc::clone(&doc.text),
                    open: self.docs.with_paths(),
                },
            )),
            Kind::Terraform => doc
                .path
                .as_ref()
                .and_then(|p| p.parent())
                .map(Path::to_path_buf)
                .map(|dir: PathBuf| {
                    (
                        format!("terraform:{}", dir.display()),
                        Unit::Terraform {
                            dir,
                            open: self.docs.with_paths(),
                        },
                    )
                }),
            Kind::Other => None,
        };
        let lang = self.lang;
        let old = self.units.remove(key);
        match unit_key {
            Some((k, unit)) => {
                if let Some(o) = old.filter(|o| *o != k) {
                    if !self.units.values().any(|u| *u == o) {
                        self.shared.push(o, Unit::Close, lang, Duration::ZERO);
                    }
                }
                self.units.insert(key.to_string(), k.clone());
                self.shared.push(k, unit, lang, delay);
            }
            None => {
                // No longer something archlint reads: clear what it had.
                if let Some(o) = old {
                    if !self.units.values().any(|u| *u == o) {
                        self.shared.push(o, Unit::Close, lang, Duration::ZERO);
                    }
                }
                self.results.remove(key);
            }
        }
    }

    fn linted(&mut self, l: Linted) {
        for u in l.cleared {
            if let Some(m) = self.results.get_mut(u.as_str()) {
                m.remove(&l.key);
            }
        }
        for f in l.files {
            self.results
                .entry(f.uri.as_str().to_string())
                .or_default()
                .insert(l.key.clone(), (f.version, f.found));
        }
    }

    /// The findings last published for a URI (of every unit that reports into it), each with
    /// the document version it was computed on.
    fn found(&self, uri: &Uri) -> impl Iterator<Item = (Option<i32>, &Found)> {
        self.results
            .get(uri.as_str())
            .into_iter()
            .flat_map(|m| m.values())
            .flat_map(|(v, found)| found.iter().map(move |f| (*v, f)))
    }

    /// The document and its text, unless it is over the size limit (then nothing is done
    /// with it but its one diagnostic).
    fn doc(&self, uri: &Uri) -> Option<&Doc> {
        self.docs
            .get(uri)
            .filter(|d| d.text.len() <= self.opts.limits.max_bytes)
    }

    fn hover(&self, p: HoverParams) -> Option<Hover> {
        let pp = p.text_document_position_params;
        let doc = self.doc(&pp.text_document.uri)?;
        let lang = self.lang_for(doc.path.as_deref());
        let lines = Lines::new(&doc.text, self.enc);
        // 1. Findings under the cursor: their rules' documentation.
        {
            let mut seen: Vec<&'static RuleMeta> = Vec::new();
            let mut range: Option<Range> = None;
            for (_, f) in self
                .found(&pp.text_document.uri)
                .filter(|(_, f)| contains(&f.range, pp.position))
            {
                if !seen.contains(&f.rule) {
                    seen.push(f.rule);
                }
                range.get_or_insert(f.range);
            }
            if !seen.is_empty() {
                let docs: Vec<String> = seen
                    .iter()
                    .map(|r| archlint_core::output::rule_doc(r, lang))
                    .collect();
                return Some(markdown(docs.join("\n\n---\n\n"), range));
            }
        }
        // 2. A rule code or name under the cursor (an `ignore` entry's `rule`).
        let off = lines.offset(pp.position);
        let (ws, we) = word_at(&doc.text, off);
        let word = &doc.text[ws..we];
        if let Some(rule) = find_rule(word) {
            let doc_md = archlint_core::output::rule_doc(rule, lang);
            return Some(markdown(doc_md, Some(lines.range(ws, we))));
        }
        // 3. A design key: its description in the schema (English only: the schema is).
        if doc.kind == Kind::Design {
            let place = complete::place(&doc.text, off)?;
            let (s, e) = place.string?;
            if !place.key_position {
                return None;
            }
            let key = doc.text.get(s..e)?.to_string();
            let mut path = place.path.clone();
            path.push(Seg::Key(key.clone()));
            let desc = schema::description(&path)?;
            let md = format!("**{}**\n\n{desc}", texts::field_heading(&key, lang));
            return Some(markdown(md, Some(lines.range(s, e))));
        }
        None
    }

    // lsp-types' `Uri` is a map key in `WorkspaceEdit::changes` by the protocol's design.
    #[allow(clippy::mutable_key_type)]
    fn code_actions(&self, p: CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &p.text_document.uri;
        let Some(doc) = self.doc(uri) else {
            return Vec::new();
        };
        let lang = self.lang_for(doc.path.as_deref());
        // (rule, target) → the diagnostics they answer, in order of appearance.
        let mut wanted: Vec<(&'static RuleMeta, Option<String>, Vec<Diagnostic>)> = Vec::new();
        let mut add =
            |rule: &'static RuleMeta, target: Option<String>, d: Option<Diagnostic>| match wanted
                .iter_mut()
                .find(|(r, t, _)| r.code == rule.code && *t == target)
            {
                Some(w) => w.2.extend(d),
                None => wanted.push((rule, target, d.into_iter().collect())),
            };
        for d in &p.context.diagnostics {
            if d.source.as_deref() != Some("archlint") {
                continue;
            }
            let code = match &d.code {
                Some(NumberOrString::String(c)) => c.as_str(),
                _ => continue,
            };
            let Some(rule) = rules::find(code) else {
                continue;
            };
            let target = d
                .data
                .as_ref()
                .and_then(|v| v.get("target"))
                .and_then(Value::as_str)
                .map(String::from);
            add(rule, target, Some(d.clone()));
        }
        let mut out = Vec::new();
        let here: Vec<(Option<i32>, &Found)> = self
            .found(uri)
            .filter(|(_, f)| touches(&f.range, &p.range))
            .collect();
        for (_, f) in &here {
            add(f.rule, f.target.clone(), None);
        }
        // The rules' fixes, while the text is the one they were computed on.
        let mut titles: Vec<String> = Vec::new();
        for (version, f) in &here {
            let Some(fix) = &f.fix else { continue };
            if *version != Some(doc.version) {
                continue;
            }
            let title = texts::fix_title(fix.title.get(lang), fix.safe, lang);
            if titles.contains(&title) {
                continue;
            }
            titles.push(title.clone());
            let diags: Vec<Diagnostic> = p
                .context
                .diagnostics
                .iter()
                .filter(|d| {
                    d.range == f.range && d.code == Some(NumberOrString::String(f.rule.code.into()))
                })
                .cloned()
                .collect();
            let mut changes = HashMap::new();
            changes.insert(uri.clone(), fix.edits.clone());
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: (!diags.is_empty()).then_some(diags),
                edit: Some(WorkspaceEdit {
                    changes: Some(changes),
                    ..Default::default()
                }),
                is_preferred: Some(fix.safe),
                ..Default::default()
            }));
        }
        if wanted.is_empty() {
            return out;
        }
        let reason = texts::reason_placeholder(lang);
        // Where a waiver is written: the design itself; for an import, the overlay design, else
        // the project configuration.
        let (target_uri, text, in_file, toml): (Uri, Arc<String>, Option<String>, bool) =
            match doc.kind {
                Kind::Design => (doc.uri.clone(), Arc::clone(&doc.text), None, false),
                Kind::Terraform | Kind::Ros => {
                    let dir_or_file = match doc.kind {
                        Kind::Terraform => doc.path.as_deref().and_then(Path::parent),
                        _ => doc.path.as_deref(),
                    };
                    let Ok(settings) = self.opts.settings(dir_or_file) else {
                        return out;
                    };
                    let config = settings.project.as_ref().and_then(|p| p.config.clone());
                    let (file, toml) = match (settings.overlay, config) {
                        (Some(ov), _) => (ov, false),
                        (None, Some(cfg)) => (cfg, true),
                        // Nowhere to write a waiver.
                        (None, None) => return out,
                    };
                    let Some(file_uri) = uri::from_path(&file) else {
                        return out;
                    };
                    let Some(text) = self.text_of(&file_uri, &file) else {
                        return out;
                    };
                    let name = file
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                    (file_uri, text, Some(name), toml)
                }
                Kind::Other => return out,
            };
        let lines = Lines::new(&text, self.enc);
        for (rule, target, diags) in wanted {
            let edit = if toml {
                actions::add_config_waiver(&text, rule.code, target.as_deref(), reason)
            } else {
                match actions::add_waiver(&text, rule.code, target.as_deref(), reason) {
                    Some(e) => e,
                    None => continue,
                }
            };
            let title = match &in_file {
                None => texts::waive_title(rule.code, target.as_deref(), lang),
                Some(f) => texts::waive_overlay_title(rule.code, target.as_deref(), f, lang),
            };
            let mut changes = HashMap::new();
            changes.insert(
                target_uri.clone(),
                vec![TextEdit {
                    range: lines.range(edit.start, edit.end),
                    new_text: edit.text,
                }],
            );
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: (!diags.is_empty()).then_some(diags),
                edit: Some(WorkspaceEdit {
                    changes: Some(changes),
                    ..Default::default()
                }),
                ..Default::default()
            }));
        }
        out
    }

    /// The text of a file: its open buffer, else the file on disk (not over the size limit).
    fn text_of(&self, u: &Uri, path: &Path) -> Option<Arc<String>> {
        if let Some(d) = self.docs.get(u) {
            return Some(Arc::clone(&d.text));
        }
        let m = std::fs::metadata(path).ok()?;
        if m.len() > self.opts.limits.max_bytes as u64 {
            return None;
        }
        std::fs::read_to_string(path).ok().map(Arc::new)
    }

    fn completion(&mut self, p: CompletionParams) -> Option<CompletionResponse> {
        let pp = p.text_document_position;
        let key = pp.text_document.uri.as_str().to_string();
        let doc = self.doc(&pp.text_document.uri)?;
        if doc.kind != Kind::Design {
            return None;
        }
        let lang = self.lang_for(doc.path.as_deref());
        let text = Arc::clone(&doc.text);
        let depth = self.opts.limits.max_depth;
        if let Some(ids) = Ids::of(&text, depth) {
            self.ids.insert(key.clone(), ids);
        }
        let ids = self.ids.get(&key).cloned().unwrap_or_default();
        let lines = Lines::new(&text, self.enc);
        let off = lines.offset(pp.position);
        Some(CompletionResponse::Array(complete::complete(
            &text, off, &ids, &lines, lang,
        )))
    }
}

fn to_value(v: impl serde::Serialize) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn contains(r: &Range, p: Position) -> bool {
    r.start <= p && p <= r.end
}

fn markdown(value: String, range: Option<Range>) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range,
    }
}

/// The word (letters, digits, `-`, `_`) around byte `off`.
fn word_at(text: &str, off: usize) -> (usize, usize) {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let mut off = off.min(text.len());
    while !text.is_char_boundary(off) {
        off -= 1;
    }
    let s = text[..off]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(off, |(i, _)| i);
    let e = text[off..]
        .char_indices()
        .find(|(_, c)| !is_word(*c))
        .map_or(text.len(), |(i, _)| off + i);
    (s, e)
}

/// A rule by its code (`HA001`) or name (`single-instance-module`).
fn find_rule(word: &str) -> Option<&'static RuleMeta> {
    if word.len() < 5 {
        return None;
    }
    rules::find(word).or_else(|| rules::all().find(|r| r.name == word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        let t = r#"{"rule": "HA001"}"#;
        let at = t.find("A0").unwrap();
        let (s, e) = word_at(t, at);
        assert_eq!(&t[s..e], "HA001");
        assert!(find_rule("HA001").is_some());
        assert!(find_rule("single-instance-module").is_some());
        assert!(find_rule("rule").is_none());
    }
}
