//! Evaluating a Terraform configuration before deploy: variables (defaults, tfvars, `-var`),
//! locals, `count`, `for_each`, references between resources, the functions configurations use,
//! and local modules. What cannot be known before deploy stays [`Val::Unknown`]; nothing is
//! invented.
//!
//! Evaluation is lazy and memoised: a local, a resource or a module output is evaluated when
//! first referenced, so the order of blocks in the files does not matter; a reference back to
//! something still being evaluated is a cycle, reported with its position.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::template::{Element, Template};
use hcl_edit::Span;

use archlint_core::Text;

use super::funcs;
use super::parse::{Attr, Blk};
use super::value::{fmt_num, Val};
use crate::ent::Loc;
use crate::source::{Lines, SourceFile};
use crate::ImportError;

/// Most resource instances a configuration may expand to (`count`, `for_each`).
pub const MAX_INSTANCES: usize = 10_000;
/// Most elements a list built by `range`, a `for` expression or a function may have.
pub const MAX_LIST: usize = 100_000;
/// Deepest chain of references (local → local → …) followed.
pub const MAX_DEPTH: usize = 64;
/// Most expressions evaluated for one configuration: a bound on time and memory whatever the
/// configuration computes (the corpus's largest configuration takes a few thousand).
pub const MAX_STEPS: usize = 2_000_000;
/// Longest string a function may build.
pub const MAX_STRING: usize = 1 << 20;

/// One module of the configuration (the root, or a local module call).
pub struct Module {
    /// `""` for the root, `module.app.` for a call.
    pub prefix: String,
    /// The directory its files are in.
    pub dir: String,
    pub variables: BTreeMap<String, Blk>,
    pub locals: BTreeMap<String, Attr>,
    pub resources: Vec<Blk>,
    pub data: Vec<Blk>,
    pub calls: Vec<Blk>,
    pub outputs: BTreeMap<String, Attr>,
    pub providers: Vec<Blk>,
    /// Values given to its variables: the root's from tfvars and `-var`; a child's from the
    /// call's arguments (evaluated in the parent).
    pub inputs: BTreeMap<String, Val>,
    /// The module that calls this one, and the call's index in its `calls`.
    pub parent: Option<(usize, usize)>,
}

impl Module {
    /// A module with no blocks yet.
    pub fn new(prefix: String, dir: String, parent: Option<(usize, usize)>) -> Module {
        Module {
            prefix,
            dir,
            variables: BTreeMap::new(),
            locals: BTreeMap::new(),
            resources: Vec::new(),
            data: Vec::new(),
            calls: Vec::new(),
            outputs: BTreeMap::new(),
            providers: Vec::new(),
            inputs: BTreeMap::new(),
            parent,
        }
    }
}

/// One instance of a resource block.
#[derive(Debug, Clone)]
pub struct Inst {
    /// Full address: `module.app.alicloud_instance.web[0]`.
    pub addr: String,
    /// The block's address without the instance key.
    pub block: String,
    pub ty: String,
    pub at: Loc,
    pub body: IBody,
    /// The module the instance belongs to.
    pub module: usize,
    /// The provider configuration's region, when known.
    pub region: Option<String>,
}

/// The evaluated body of a resource instance or of one of its nested blocks.
#[derive(Debug, Clone, Default)]
pub struct IBody {
    pub attrs: BTreeMap<String, IAttr>,
    pub blocks: Vec<(String, IBody, Loc)>,
}

/// An evaluated attribute, with the positions of its elements when written literally.
#[derive(Debug, Clone)]
pub struct IAttr {
    pub v: Val,
    pub at: Loc,
    /// For a literal list or object: the position of each element / key.
    pub parts: Vec<(String, Loc)>,
    /// The expression as written, for messages.
    pub text: String,
}

/// Local bindings: `count.index`, `each.key` / `each.value`, `for` variables, a dynamic
/// block's iterator.
#[derive(Clone, Default)]
struct Scope {
    m: usize,
    file: u32,
    count: Option<Val>,
    each: Option<(Val, Val)>,
    vars: Vec<(String, Val)>,
}

pub struct Evaluator<'a> {
    pub files: &'a [SourceFile],
    lines: Vec<Lines<'a>>,
    pub modules: Vec<Module>,
    memo: HashMap<(usize, String), Val>,
    insts: HashMap<(usize, String), Rc<Vec<Inst>>>,
    busy: HashSet<(usize, String)>,
    depth: usize,
    pub instance_count: usize,
    /// Expressions evaluated so far, against [`MAX_STEPS`].
    steps: usize,
    /// Values the evaluator itself found unknown (`count`, `for_each`), for the mapper to
    /// report with the attributes' own.
    pub unknowns: Vec<crate::ent::Unresolved>,
    /// Provider alias (`alicloud.hz` / `alicloud`) → region, per module.
    regions: HashMap<(usize, String), Option<String>>,
}

impl<'a> Evaluator<'a> {
    pub fn new(files: &'a [SourceFile], modules: Vec<Module>) -> Evaluator<'a> {
        let lines = files
            .iter()
            .enumerate()
            .map(|(i, f)| Lines::new(&f.text, u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        Evaluator {
            files,
            lines,
            modules,
            memo: HashMap::new(),
            insts: HashMap::new(),
            busy: HashSet::new(),
            depth: 0,
            instance_count: 0,
            steps: 0,
            unknowns: Vec::new(),
            regions: HashMap::new(),
        }
    }

    pub fn error(&self, at: Loc, en: String, zh: String) -> ImportError {
        let path = self
            .files
            .get(at.file as usize)
            .map(|f| f.path.clone())
            .unwrap_or_default();
        ImportError {
            path,
            line: at.line,
            column: at.col,
            message: Text { en, zh },
        }
    }

    /// The position of an expression (or `fallback` when it has none: `.tf.json`).
    pub fn loc_of(&self, file: u32, e: &Expression, fallback: Loc) -> Loc {
        match (e.span(), self.lines.get(file as usize)) {
            (Some(r), Some(l)) => l.loc(r.start),
            _ => fallback,
        }
    }

    /// The text of an expression as written, shortened for messages.
    pub fn text_of(&self, file: u32, e: &Expression) -> String {
        let s = match (e.span(), self.files.get(file as usize)) {
            (Some(r), Some(f)) => f.text.get(r).unwrap_or("").to_string(),
            _ => e.to_string(),
        };
        let s = s.trim();
        match s.char_indices().nth(80) {
            Some((i, _)) => format!("{}…", &s[..i]),
            None => s.to_string(),
        }
    }

    // --- entry points used by the mapper ---------------------------------------------------

    /// Every instance of every resource block of module `m`.
    pub fn instances(&mut self, m: usize, bi: usize) -> Result<Rc<Vec<Inst>>, ImportError> {
        let blk = &self.modules[m].resources[bi];
        let key = format!("{}.{}", blk.labels[0], blk.labels.get(1).map_or("", |s| s));
        self.resource_insts(m, &key)
    }

    /// The region of the provider configuration a resource uses.
    pub fn region_for(
        &mut self,
        m: usize,
        provider: Option<&str>,
    ) -> Result<Option<String>, ImportError> {
        let name = provider.unwrap_or("alicloud").to_string();
        if let Some(r) = self.regions.get(&(m, name.clone())) {
            return Ok(r.clone());
        }
        let mut found: Option<(u32, Expression, Loc)> = None;
        for p in &self.modules[m].providers {
            if p.labels.first().map(String::as_str) != Some("alicloud") {
                continue;
            }
            let alias = p
                .attr("alias")
                .and_then(|a| a.expr.as_str().map(str::to_string));
            let full = match alias {
                Some(a) => format!("alicloud.{a}"),
                None => "alicloud".to_string(),
            };
            if full == name {
                if let Some(r) = p.attr("region") {
                    found = Some((p.file, r.expr.clone(), r.val_at));
                }
            }
        }
        let r = match found {
            Some((file, e, _)) => {
                let sc = Scope {
                    m,
                    file,
                    ..Scope::default()
                };
                self.eval(&sc, &e)?.as_string()
            }
            // A child module without its own provider uses its parent's.
            None => match self.modules[m].parent {
                Some((p, _)) => self.region_for(p, provider)?,
                None => None,
            },
        };
        self.regions.insert((m, name), r.clone());
        Ok(r)
    }

    // --- resources ---------------------------------------------------------------------------

    fn find_resource(&self, m: usize, key: &str) -> Option<usize> {
        self.modules[m].resources.iter().position(|b| {
            b.labels.len() == 2 && key.len() == b.labels[0].len() + 1 + b.labels[1].len() && {
                let (t, n) = key.split_at(b.labels[0].len());
                t == b.labels[0] && n[1..] == b.labels[1]
            }
        })
    }

    fn resource_insts(&mut self, m: usize, key: &str) -> Result<Rc<Vec<Inst>>, ImportError> {
        let mk = (m, format!("resource:{key}"));
        if let Some(v) = self.insts.get(&mk) {
            return Ok(v.clone());
        }
        let Some(bi) = self.find_resource(m, key) else {
            return Ok(Rc::new(Vec::new()));
        };
        let blk = self.modules[m].resources[bi].clone();
        if !self.busy.insert(mk.clone()) {
            return Err(self.error(
                blk.at,
                format!("`{key}` refers to itself through a cycle of references"),
                format!("`{key}` 通过循环引用指向自身"),
            ));
        }
        let r = self.expand(m, &blk);
        self.busy.remove(&mk);
        let v = Rc::new(r?);
        self.insts.insert(mk, v.clone());
        Ok(v)
    }

    /// The instances of a resource block: one, or one per `count` / `for_each` key.
    fn expand(&mut self, m: usize, blk: &Blk) -> Result<Vec<Inst>, ImportError> {
        let prefix = self.modules[m].prefix.clone();
        let block = format!("{prefix}{}.{}", blk.labels[0], blk.labels[1]);
        let base = Scope {
            m,
            file: blk.file,
            ..Scope::default()
        };
        let provider = blk.attr("provider").map(|a| {
            let t = self.text_of(blk.file, &a.expr);
            t.trim_matches('"').to_string()
        });
        let region = self.region_for(m, provider.as_deref())?;
        let mut keys: Vec<(String, Scope)> = Vec::new();
        if let Some(c) = blk.attr("count") {
            let v = self.eval(&base, &c.expr)?;
            let n = match v.as_num() {
                Some(n) if n >= 0.0 && n.fract() == 0.0 => n,
                Some(n) => {
                    return Err(self.error(
                        c.val_at,
                        format!(
                            "`count` is {}: it must be a whole number, 0 or more",
                            fmt_num(n)
                        ),
                        format!("`count` 为 {}：必须是大于或等于 0 的整数", fmt_num(n)),
                    ))
                }
                // Unknown until deploy: how many instances there will be is not invented; the
                // block has none here, and the count is listed as unresolved.
                None if v.is_unknown() => {
                    self.note_unknown(c.val_at, "count", &v);
                    0.0
                }
                None => 0.0,
            };
            if n > MAX_INSTANCES as f64 || self.instance_count + n as usize > MAX_INSTANCES {
                return Err(self.error(
                    c.val_at,
                    format!("`count` is {}: more than the {MAX_INSTANCES} resource instances archlint expands", fmt_num(n)),
                    format!("`count` 为 {}：超过 archlint 可展开的 {MAX_INSTANCES} 个资源实例", fmt_num(n)),
                ));
            }
            for i in 0..n as usize {
                let mut sc = base.clone();
                sc.count = Some(Val::Num(i as f64));
                keys.push((format!("[{i}]"), sc));
            }
        } else if let Some(fe) = blk.attr("for_each") {
            let v = self.eval(&base, &fe.expr)?;
            let items: Vec<(Val, Val)> = match v {
                Val::Map(m) => m.into_iter().map(|(k, v)| (Val::Str(k), v)).collect(),
                Val::List(l) => l.into_iter().map(|v| (v.clone(), v)).collect(),
                // Unknown until deploy: one instance stands for them.
                // Unknown until deploy: no instance is invented (see `count`).
                Val::Unknown(u) => {
                    self.note_unknown(fe.val_at, "for_each", &Val::Unknown(u));
                    Vec::new()
                }
                _ => Vec::new(),
            };
            if self.instance_count + items.len() > MAX_INSTANCES {
                return Err(self.error(
                    fe.val_at,
                    format!("`for_each` has {} keys: more than the {MAX_INSTANCES} resource instances archlint expands", items.len()),
                    format!("`for_each` 有 {} 个键：超过 archlint 可展开的 {MAX_INSTANCES} 个资源实例", items.len()),
                ));
            }
            for (k, v) in items {
                let key = match &k {
                    Val::Unknown(_) => "[?]".to_string(),
                    _ => format!("[{:?}]", k.as_string().unwrap_or_default()),
                };
                let mut sc = base.clone();
                sc.each = Some((k, v));
                keys.push((key, sc));
            }
        } else {
            keys.push((String::new(), base.clone()));
        }
        self.instance_count += keys.len();
        let mut out = Vec::with_capacity(keys.len());
        for (k, sc) in keys {
            let body = self.eval_body(&sc, &blk.attrs, &blk.blocks)?;
            out.push(Inst {
                addr: format!("{block}{k}"),
                block: block.clone(),
                ty: blk.labels[0].clone(),
                at: blk.at,
                body,
                module: m,
                region: region.clone(),
            });
        }
        Ok(out)
    }

    fn eval_body(
        &mut self,
        sc: &Scope,
        attrs: &[Attr],
        blocks: &[Blk],
    ) -> Result<IBody, ImportError> {
        let mut body = IBody::default();
        for a in attrs {
            if matches!(
                a.name.as_str(),
                "count" | "for_each" | "provider" | "depends_on" | "lifecycle"
            ) {
                continue;
            }
            let v = self.eval(sc, &a.expr)?;
            let parts = self.parts(sc.file, &a.expr, a.val_at);
            body.attrs.insert(
                a.name.clone(),
                IAttr {
                    v,
                    at: a.val_at,
                    parts,
                    text: self.text_of(sc.file, &a.expr),
                },
            );
        }
        for b in blocks {
            if b.ty == "lifecycle" {
                continue;
            }
            if b.ty == "dynamic" {
                self.dynamic(sc, b, &mut body)?;
                continue;
            }
            let inner = self.eval_body(sc, &b.attrs, &b.blocks)?;
            body.blocks.push((b.ty.clone(), inner, b.at));
        }
        Ok(body)
    }

    /// `dynamic "name" { for_each = …; iterator = it; content { … } }`.
    fn dynamic(&mut self, sc: &Scope, b: &Blk, body: &mut IBody) -> Result<(), ImportError> {
        let name = b.labels.first().cloned().unwrap_or_default();
        let iter = b
            .attr("iterator")
            .map(|a| self.text_of(sc.file, &a.expr))
            .unwrap_or_else(|| name.clone());
        let Some(fe) = b.attr("for_each") else {
            return Ok(());
        };
        let coll = self.eval(sc, &fe.expr)?;
        let items: Vec<(Val, Val)> = match coll {
            Val::Map(m) => m.into_iter().map(|(k, v)| (Val::Str(k), v)).collect(),
            Val::List(l) => l
                .into_iter()
                .enumerate()
                .map(|(i, v)| (Val::Num(i as f64), v))
                .collect(),
            _ => Vec::new(),
        };
        let Some(content) = b.blocks.iter().find(|c| c.ty == "content") else {
            return Ok(());
        };
        for (k, v) in items {
            let mut inner = sc.clone();
            let mut obj = BTreeMap::new();
            obj.insert("key".to_string(), k);
            obj.insert("value".to_string(), v);
            inner.vars.push((iter.clone(), Val::Map(obj)));
            let ib = self.eval_body(&inner, &content.attrs, &content.blocks)?;
            body.blocks.push((name.clone(), ib, b.at));
        }
        Ok(())
    }

    /// Positions of the elements of a literal list / keys of a literal object.
    fn parts(&self, file: u32, e: &Expression, fallback: Loc) -> Vec<(String, Loc)> {
        match e {
            Expression::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, x)| (i.to_string(), self.loc_of(file, x, fallback)))
                .collect(),
            Expression::Object(o) => o
                .iter()
                .map(|(k, v)| {
                    let name = match k {
                        ObjectKey::Ident(i) => i.as_str().to_string(),
                        ObjectKey::Expression(x) => match x {
                            Expression::String(s) => s.as_str().to_string(),
                            _ => self.text_of(file, x),
                        },
                    };
                    let at = match k {
                        ObjectKey::Ident(i) => self
                            .lines
                            .get(file as usize)
                            .zip(i.span())
                            .map_or(fallback, |(l, r)| l.loc(r.start)),
                        ObjectKey::Expression(x) => self.loc_of(file, x, fallback),
                    };
                    let _ = v;
                    (name, at)
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The value of a resource block as an expression sees it: an instance object, a list of
    /// them (`count`) or a map (`for_each`).
    fn resource_value(&mut self, m: usize, key: &str, at: Loc) -> Result<Val, ImportError> {
        let Some(bi) = self.find_resource(m, key) else {
            return Ok(Val::unknown(format!("{}{key}", self.modules[m].prefix)));
        };
        let has_count = self.modules[m].resources[bi].attr("count").is_some();
        let has_each = self.modules[m].resources[bi].attr("for_each").is_some();
        let insts = self.resource_insts(m, key).map_err(|e| {
            if e.line == 0 {
                self.error(at, e.message.en.clone(), e.message.zh.clone())
            } else {
                e
            }
        })?;
        let obj = |i: &Inst| {
            let mut o: BTreeMap<String, Val> = i
                .body
                .attrs
                .iter()
                .map(|(k, a)| (k.clone(), a.v.clone()))
                .collect();
            o.insert("id".into(), Val::Ref(i.addr.clone()));
            o.insert(INSTANCE_MARK.into(), Val::Str(i.addr.clone()));
            Val::Map(o)
        };
        Ok(if has_count {
            Val::List(insts.iter().map(obj).collect())
        } else if has_each {
            let mut o = BTreeMap::new();
            for i in insts.iter() {
                let k = i
                    .addr
                    .rsplit_once("[\"")
                    .map(|(_, k)| k.trim_end_matches("\"]").to_string())
                    .unwrap_or_default();
                o.insert(k, obj(i));
            }
            Val::Map(o)
        } else {
            insts.first().map_or(Val::Null, obj)
        })
    }

    // --- named values ------------------------------------------------------------------------

    fn variable(&mut self, m: usize, name: &str, at: Loc) -> Result<Val, ImportError> {
        if let Some(v) = self.modules[m].inputs.get(name) {
            return Ok(v.clone());
        }
        let prefix = self.modules[m].prefix.clone();
        let Some(decl) = self.modules[m].variables.get(name).cloned() else {
            return Err(self.error(
                at,
                format!("`var.{name}` is not declared: add a `variable \"{name}\"` block"),
                format!("`var.{name}` 未声明：请添加 `variable \"{name}\"` 块"),
            ));
        };
        match decl.attr("default") {
            Some(d) => {
                let sc = Scope {
                    m,
                    file: decl.file,
                    ..Scope::default()
                };
                self.eval(&sc, &d.expr)
            }
            None => Ok(Val::unknown(format!("{prefix}var.{name}"))),
        }
    }

    fn local(&mut self, m: usize, name: &str, at: Loc) -> Result<Val, ImportError> {
        let key = (m, format!("local.{name}"));
        if let Some(v) = self.memo.get(&key) {
            return Ok(v.clone());
        }
        let Some(a) = self.modules[m].locals.get(name).cloned() else {
            return Err(self.error(
                at,
                format!("`local.{name}` is not defined in any `locals` block"),
                format!("`local.{name}` 未在任何 `locals` 块中定义"),
            ));
        };
        if !self.busy.insert(key.clone()) {
            return Err(self.error(
                a.at,
                format!("`local.{name}` refers to itself through a cycle of references"),
                format!("`local.{name}` 通过循环引用指向自身"),
            ));
        }
        let file = a.at.file;
        let r = self.eval(
            &Scope {
                m,
                file,
                ..Scope::default()
            },
            &a.expr,
        );
        self.busy.remove(&key);
        let v = r?;
        self.memo.insert(key, v.clone());
        Ok(v)
    }

    /// `module.NAME` seen from module `m`: an object of the child's outputs.
    fn module_value(&mut self, m: usize, name: &str, at: Loc) -> Result<Val, ImportError> {
        let child = self.modules.iter().position(|c| {
            c.parent.is_some_and(|(p, ci)| {
                p == m && self.modules[m].calls[ci].labels.first().map(String::as_str) == Some(name)
            })
        });
        let Some(c) = child else {
            return Ok(Val::unknown(format!(
                "{}module.{name}",
                self.modules[m].prefix
            )));
        };
        let key = (c, "outputs".to_string());
        if let Some(v) = self.memo.get(&key) {
            return Ok(v.clone());
        }
        if !self.busy.insert(key.clone()) {
            return Err(self.error(
                at,
                format!("`module.{name}` refers to itself through a cycle of references"),
                format!("`module.{name}` 通过循环引用指向自身"),
            ));
        }
        let outs: Vec<(String, Attr)> = self.modules[c]
            .outputs
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut o = BTreeMap::new();
        let mut res = Ok(());
        for (k, a) in outs {
            let sc = Scope {
                m: c,
                file: a.at.file,
                ..Scope::default()
            };
            match self.eval(&sc, &a.expr) {
                Ok(v) => {
                    o.insert(k, v);
                }
                Err(e) => {
                    res = Err(e);
                    break;
                }
            }
        }
        self.busy.remove(&key);
        res?;
        let v = Val::Map(o);
        self.memo.insert(key, v.clone());
        Ok(v)
    }

    // --- expressions -------------------------------------------------------------------------

    /// Evaluates an expression in module `m` with no local bindings.
    pub fn eval_in(&mut self, m: usize, file: u32, e: &Expression) -> Result<Val, ImportError> {
        let sc = Scope {
            m,
            file,
            ..Scope::default()
        };
        self.eval(&sc, e)
    }

    fn note_unknown(&mut self, at: Loc, what: &str, v: &Val) {
        let from = match v {
            Val::Unknown(u) => u.origin.clone(),
            other => other.describe(),
        };
        self.unknowns.push(crate::ent::Unresolved {
            at,
            what: what.to_string(),
            from,
        });
    }

    fn eval(&mut self, sc: &Scope, e: &Expression) -> Result<Val, ImportError> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            let at = self.loc_of(sc.file, e, Loc::default());
            return Err(self.error(
                at,
                format!("evaluating the configuration takes more than {MAX_STEPS} steps (a `for` or `range` too large?)"),
                format!("求值该配置超过 {MAX_STEPS} 步（`for` 或 `range` 过大？）"),
            ));
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH * 8 {
            self.depth -= 1;
            let at = self.loc_of(sc.file, e, Loc::default());
            return Err(self.error(
                at,
                "the expression is nested too deeply to evaluate".into(),
                "表达式嵌套过深，无法求值".into(),
            ));
        }
        let r = self.eval_inner(sc, e);
        self.depth -= 1;
        r
    }

    fn eval_inner(&mut self, sc: &Scope, e: &Expression) -> Result<Val, ImportError> {
        Ok(match e {
            Expression::Null(_) => Val::Null,
            Expression::Bool(b) => Val::Bool(*b.value()),
            Expression::Number(n) => Val::Num(n.value().as_f64().unwrap_or(0.0)),
            Expression::String(s) => Val::Str(s.value().to_string()),
            Expression::Array(a) => {
                let mut out = Vec::with_capacity(a.len());
                for x in a.iter() {
                    out.push(self.eval(sc, x)?);
                }
                Val::List(out)
            }
            Expression::Object(o) => {
                let mut out = BTreeMap::new();
                for (k, v) in o.iter() {
                    let key = match k {
                        ObjectKey::Ident(i) => i.as_str().to_string(),
                        ObjectKey::Expression(x) => {
                            let kv = self.eval(sc, x)?;
                            match kv.as_string() {
                                Some(s) => s,
                                None => return Ok(Val::opaque(self.text_of(sc.file, x))),
                            }
                        }
                    };
                    out.insert(key, self.eval(sc, v.expr())?);
                }
                Val::Map(out)
            }
            Expression::StringTemplate(t) => self.template(sc, t)?,
            Expression::HeredocTemplate(h) => self.template(sc, &h.template)?,
            Expression::Parenthesis(p) => self.eval(sc, p.inner())?,
            Expression::Variable(v) => self.variable_root(sc, v.as_str(), e)?,
            Expression::Conditional(c) => {
                let cond = self.eval(sc, &c.cond_expr)?;
                match cond.as_bool() {
                    Some(true) => self.eval(sc, &c.true_expr)?,
                    Some(false) => self.eval(sc, &c.false_expr)?,
                    None => {
                        let t = self.eval(sc, &c.true_expr)?;
                        let f = self.eval(sc, &c.false_expr)?;
                        if t == f {
                            t
                        } else {
                            Val::opaque(self.text_of(sc.file, e))
                        }
                    }
                }
            }
            Expression::FuncCall(f) => {
                let name = f.name.name.as_str().to_string();
                // `try` and `can` catch what fails; here only what is unknown.
                let mut args = Vec::with_capacity(f.args.len());
                for a in f.args.iter() {
                    args.push(self.eval(sc, a)?);
                }
                if f.args.expand_final() {
                    if let Some(Val::List(last)) = args.pop() {
                        args.extend(last);
                    }
                }
                let at = self.loc_of(sc.file, e, Loc::default());
                match funcs::call(&name, args) {
                    Ok(v) => v,
                    Err(funcs::FnError::Unknown) => Val::opaque(self.text_of(sc.file, e)),
                    Err(funcs::FnError::TooLarge(what)) => {
                        return Err(self.error(
                            at,
                            format!("`{name}` would build {what}: more than archlint evaluates"),
                            format!("`{name}` 将生成 {what}：超出 archlint 的求值上限"),
                        ))
                    }
                }
            }
            Expression::Traversal(t) => self.traversal(sc, &t.expr, &t.operators, e)?,
            Expression::UnaryOp(u) => {
                let v = self.eval(sc, &u.expr)?;
                match (u.operator.value(), v) {
                    (UnaryOperator::Neg, Val::Num(n)) => Val::Num(-n),
                    (UnaryOperator::Not, v) if v.as_bool().is_some() => {
                        Val::Bool(!v.as_bool().unwrap_or(false))
                    }
                    _ => Val::opaque(self.text_of(sc.file, e)),
                }
            }
            Expression::BinaryOp(b) => {
                let l = self.eval(sc, &b.lhs_expr)?;
                let r = self.eval(sc, &b.rhs_expr)?;
                binary(*b.operator.value(), l, r)
                    .unwrap_or_else(|| Val::opaque(self.text_of(sc.file, e)))
            }
            Expression::ForExpr(f) => self.for_expr(sc, f, e)?,
        })
    }

    fn template(&mut self, sc: &Scope, t: &Template) -> Result<Val, ImportError> {
        let elems: Vec<&Element> = t.iter().collect();
        if let [Element::Interpolation(i)] = elems.as_slice() {
            return self.eval(sc, &i.expr);
        }
        let mut s = String::new();
        for el in elems {
            match el {
                Element::Literal(l) => s.push_str(l.value()),
                Element::Interpolation(i) => {
                    let v = self.eval(sc, &i.expr)?;
                    match v.as_string() {
                        Some(x) => s.push_str(&x),
                        None => {
                            let origin = match &v {
                                Val::Unknown(u) => u.origin.clone(),
                                other => other.describe(),
                            };
                            return Ok(Val::opaque(origin));
                        }
                    }
                }
                Element::Directive(_) => return Ok(Val::opaque("a template directive")),
            }
            if s.len() > MAX_STRING {
                return Ok(Val::opaque("a very long string"));
            }
        }
        Ok(Val::Str(s))
    }

    /// A bare identifier: `count`, `each`, a `for` variable, or the root of a reference.
    fn variable_root(
        &mut self,
        sc: &Scope,
        name: &str,
        e: &Expression,
    ) -> Result<Val, ImportError> {
        if let Some((_, v)) = sc.vars.iter().rev().find(|(n, _)| n == name) {
            return Ok(v.clone());
        }
        let at = self.loc_of(sc.file, e, Loc::default());
        match name {
            "count" => Ok(match &sc.count {
                Some(i) => Val::Map(BTreeMap::from([("index".to_string(), i.clone())])),
                None => Val::opaque("count"),
            }),
            "each" => Ok(match &sc.each {
                Some((k, v)) => Val::Map(BTreeMap::from([
                    ("key".to_string(), k.clone()),
                    ("value".to_string(), v.clone()),
                ])),
                None => Val::opaque("each"),
            }),
            "path" => Ok(Val::Map(BTreeMap::from([
                (
                    "module".to_string(),
                    Val::Str(self.modules[sc.m].dir.clone()),
                ),
                ("root".to_string(), Val::Str(self.modules[0].dir.clone())),
                ("cwd".to_string(), Val::Str(self.modules[0].dir.clone())),
            ]))),
            "terraform" => Ok(Val::Map(BTreeMap::from([(
                "workspace".to_string(),
                Val::Str("default".into()),
            )]))),
            "self" => Ok(Val::opaque("self")),
            // `var`, `local`, `data`, `module` and resource types need an attribute after them.
            _ => {
                let _ = at;
                Ok(Val::opaque(name.to_string()))
            }
        }
    }

    fn traversal(
        &mut self,
        sc: &Scope,
        root: &Expression,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        whole: &Expression,
    ) -> Result<Val, ImportError> {
        let at = self.loc_of(sc.file, whole, Loc::default());
        let attr_name = |i: usize| -> Option<String> {
            match ops.get(i).map(|o| o.value()) {
                Some(TraversalOperator::GetAttr(a)) => Some(a.as_str().to_string()),
                _ => None,
            }
        };
        // Resolve the named-value root and how many operators it consumed.
        let (mut v, used) = match root {
            Expression::Variable(id) if sc.vars.iter().all(|(n, _)| n != id.as_str()) => {
                let name = id.as_str();
                match name {
                    "var" => match attr_name(0) {
                        Some(n) => (self.variable(sc.m, &n, at)?, 1),
                        None => (Val::opaque("var"), 0),
                    },
                    "local" => match attr_name(0) {
                        Some(n) => (self.local(sc.m, &n, at)?, 1),
                        None => (Val::opaque("local"), 0),
                    },
                    "data" => match (attr_name(0), attr_name(1)) {
                        (Some(t), Some(n)) => (
                            Val::unknown(format!("{}data.{t}.{n}", self.modules[sc.m].prefix)),
                            2,
                        ),
                        _ => (Val::opaque("data"), 0),
                    },
                    "module" => match attr_name(0) {
                        Some(n) => (self.module_value(sc.m, &n, at)?, 1),
                        None => (Val::opaque("module"), 0),
                    },
                    "count" | "each" | "path" | "terraform" | "self" => {
                        (self.variable_root(sc, name, root)?, 0)
                    }
                    ty if ty.contains('_') => match attr_name(0) {
                        Some(n) => (self.resource_value(sc.m, &format!("{ty}.{n}"), at)?, 1),
                        None => (Val::opaque(ty.to_string()), 0),
                    },
                    other => (Val::opaque(other.to_string()), 0),
                }
            }
            _ => (self.eval(sc, root)?, 0),
        };
        let mut i = used;
        while i < ops.len() {
            match ops[i].value() {
                TraversalOperator::GetAttr(a) => v = get_attr(&v, a.as_str()),
                TraversalOperator::Index(ix) => {
                    let k = self.eval(sc, ix)?;
                    v = v.index(&k);
                }
                TraversalOperator::LegacyIndex(n) => v = v.index(&Val::Num(*n.value() as f64)),
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let full = matches!(ops[i].value(), TraversalOperator::FullSplat(_));
                    let items = match v {
                        Val::List(l) => l,
                        Val::Null => Vec::new(),
                        Val::Unknown(u) => return Ok(Val::Unknown(u)),
                        other => vec![other],
                    };
                    // Apply the following attribute accesses (all operators for a full splat)
                    // to each element.
                    let mut j = i + 1;
                    while j < ops.len()
                        && (full || matches!(ops[j].value(), TraversalOperator::GetAttr(_)))
                    {
                        j += 1;
                    }
                    let mut out = Vec::with_capacity(items.len());
                    for mut it in items {
                        for op in &ops[i + 1..j] {
                            it = match op.value() {
                                TraversalOperator::GetAttr(a) => get_attr(&it, a.as_str()),
                                TraversalOperator::Index(ix) => {
                                    let k = self.eval(sc, ix)?;
                                    it.index(&k)
                                }
                                TraversalOperator::LegacyIndex(n) => {
                                    it.index(&Val::Num(*n.value() as f64))
                                }
                                _ => it,
                            };
                        }
                        out.push(it);
                    }
                    v = Val::List(out);
                    i = j;
                    continue;
                }
            }
            i += 1;
        }
        Ok(v)
    }

    fn for_expr(
        &mut self,
        sc: &Scope,
        f: &hcl_edit::expr::ForExpr,
        whole: &Expression,
    ) -> Result<Val, ImportError> {
        let coll = self.eval(sc, &f.intro.collection_expr)?;
        let items: Vec<(Val, Val)> = match coll {
            Val::List(l) => l
                .into_iter()
                .enumerate()
                .map(|(i, v)| (Val::Num(i as f64), v))
                .collect(),
            Val::Map(m) => m
                .into_iter()
                .filter(|(k, _)| k != INSTANCE_MARK)
                .map(|(k, v)| (Val::Str(k), v))
                .collect(),
            Val::Unknown(_) => return Ok(Val::opaque(self.text_of(sc.file, whole))),
            _ => Vec::new(),
        };
        let kv = f.intro.key_var.as_ref().map(|k| k.as_str().to_string());
        let vv = f.intro.value_var.as_str().to_string();
        let mut list = Vec::new();
        let mut map: BTreeMap<String, Val> = BTreeMap::new();
        for (k, v) in items {
            let mut inner = sc.clone();
            match &kv {
                Some(kn) => {
                    inner.vars.push((kn.clone(), k));
                    inner.vars.push((vv.clone(), v));
                }
                None => inner.vars.push((vv.clone(), v)),
            }
            if let Some(c) = &f.cond {
                match self.eval(&inner, &c.expr)?.as_bool() {
                    Some(true) => {}
                    Some(false) => continue,
                    None => return Ok(Val::opaque(self.text_of(sc.file, whole))),
                }
            }
            let val = self.eval(&inner, &f.value_expr)?;
            match &f.key_expr {
                Some(ke) => {
                    let Some(key) = self.eval(&inner, ke)?.as_string() else {
                        return Ok(Val::opaque(self.text_of(sc.file, whole)));
                    };
                    if f.grouping {
                        match map.entry(key).or_insert_with(|| Val::List(Vec::new())) {
                            Val::List(l) => l.push(val),
                            other => *other = Val::List(vec![val]),
                        }
                    } else {
                        map.insert(key, val);
                    }
                }
                None => list.push(val),
            }
            if list.len() + map.len() > MAX_LIST {
                let at = self.loc_of(sc.file, whole, Loc::default());
                return Err(self.error(
                    at,
                    format!("the `for` expression builds more than {MAX_LIST} elements"),
                    format!("`for` 表达式生成超过 {MAX_LIST} 个元素"),
                ));
            }
        }
        Ok(if f.key_expr.is_some() {
            Val::Map(map)
        } else {
            Val::List(list)
        })
    }
}

/// Key under which a resource instance object carries its address, so that an attribute the
/// configuration does not set (`private_ip`) reads as unknown rather than null.
pub const INSTANCE_MARK: &str = "\u{0}address";

fn get_attr(v: &Val, name: &str) -> Val {
    if let Val::Map(m) = v {
        if let Some(x) = m.get(name) {
            return x.clone();
        }
        if let Some(Val::Str(addr)) = m.get(INSTANCE_MARK) {
            // An identifying attribute the configuration does not set (`snat_table_ids`,
            // `allocation_id`) still names the resource; anything else is known at deploy.
            if name.ends_with("_id") || name.ends_with("_ids") {
                return Val::Ref(addr.clone());
            }
            return Val::opaque(format!("{addr}.{name}"));
        }
        return Val::Null;
    }
    v.attr(name)
}

fn binary(op: BinaryOperator, l: Val, r: Val) -> Option<Val> {
    use BinaryOperator as B;
    if l.is_unknown() || r.is_unknown() {
        return None;
    }
    Some(match op {
        B::Eq => Val::Bool(loose_eq(&l, &r)),
        B::NotEq => Val::Bool(!loose_eq(&l, &r)),
        B::And => Val::Bool(l.as_bool()? && r.as_bool()?),
        B::Or => Val::Bool(l.as_bool()? || r.as_bool()?),
        _ => {
            let (a, b) = (l.as_num()?, r.as_num()?);
            match op {
                B::Plus => Val::Num(a + b),
                B::Minus => Val::Num(a - b),
                B::Mul => Val::Num(a * b),
                B::Div if b != 0.0 => Val::Num(a / b),
                B::Mod if b != 0.0 => Val::Num(a % b),
                B::Less => Val::Bool(a < b),
                B::LessEq => Val::Bool(a <= b),
                B::Greater => Val::Bool(a > b),
                B::GreaterEq => Val::Bool(a >= b),
                _ => return None,
            }
        }
    })
}

fn loose_eq(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::Num(x), Val::Num(y)) => x == y,
        _ => a == b,
    }
}
