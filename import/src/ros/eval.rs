//! Evaluation of a template's values: parameters, pseudo parameters, conditions and the
//! intrinsic functions, into [`Val`]ues that keep the position where the user wrote them.
//!
//! - A literal keeps its own position; the result of a function (and a parameter's value read
//!   through `Ref`) takes the position of the call: findings point at the property that uses it.
//! - What is known only at deploy is [`V::Unknown`], naming where it would come from:
//!   `Parameters.ZoneId` (a parameter without `Default`), `Fn::GetAZs[0]`, `ALIYUN::Region`,
//!   `Zones.ZoneIds[1]` (an attribute). Unknowns flow through `Fn::Select` (`…[i]`), `Fn::Join`
//!   and `Fn::Sub` (`${…}` in the text) so that two different unknown zones keep two different
//!   names.
//! - `Ref` to a resource, and `Fn::GetAtt` of an attribute that is the resource's own id
//!   (`VSwitchId` of a vSwitch, `AllocationId` of an EIP, `InstanceIds` of an instance group), is
//!   a [`V::Res`] reference to it; a resource with `Count` (or an instance group) is a list of
//!   references to its instances (`Web[0]`, `Web[1]`). `Fn::GetAtt` of a few attributes that
//!   repeat a property (`ZoneId`, `VpcId`, `CidrBlock`, …) reads that property.
//! - Properties are evaluated on demand ([`Eval::prop`]): a property archlint does not read is
//!   never evaluated, and cannot fail the import.
//!
//! Every value visited costs a step ([`MAX_STEPS`]); chains of conditions and of attributes read
//! through are limited ([`MAX_CHAIN`]).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use super::template::{ResDecl, Template};
use super::tree::{Node, NodeV};
use super::{error, MAX_CHAIN, MAX_EVAL_DEPTH, MAX_INSTANCES, MAX_STEPS};
use crate::ent::{Loc, Unresolved};
use crate::{ImportError, SourceFile};

/// An evaluated value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Val {
    pub v: V,
    pub at: Loc,
}

/// The kinds of evaluated value.
#[derive(Debug, Clone, PartialEq)]
pub enum V {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    List(Vec<Val>),
    /// Entries in source order (lookups take the last of a repeated key).
    Map(Vec<(String, Loc, Val)>),
    /// A resource (or one instance of it) of this template, by its key.
    Res(String),
    /// A value known only at deploy, and where it would come from.
    Unknown(String),
    /// `ALIYUN::NoValue`: the property is left out.
    NoValue,
}

impl Val {
    pub fn new(v: V, at: Loc) -> Val {
        Val { v, at }
    }
    /// The member `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Val> {
        match &self.v {
            V::Map(m) => m.iter().rev().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.v {
            V::Str(s) => Some(s),
            _ => None,
        }
    }
    /// The items of a list; any other value is a list of itself.
    pub fn items(&self) -> &[Val] {
        match &self.v {
            V::List(l) => l,
            _ => std::slice::from_ref(self),
        }
    }
}

/// The instance of a resource being evaluated: the value of `ALIYUN::Index`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scope {
    pub index: Option<u64>,
}

/// How many entities a resource becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instances {
    /// One, keyed by the logical id.
    Single,
    /// `count × per` instances keyed `Logical[i]`; instance `i` sees `ALIYUN::Index = i / per`
    /// (`per` is the amount of an instance group, 1 otherwise). `count` is 0 for a resource whose
    /// `Condition` is false.
    Many { count: u64, per: u64 },
}

#[derive(Clone, Copy)]
enum CondState {
    Busy,
    Done(Option<bool>),
}

/// The evaluator of one template.
pub struct Eval<'a> {
    pub t: &'a Template,
    pub file: &'a SourceFile,
    pub file_idx: u32,
    /// Parameter values (positions: the declaration), or unknown.
    params: HashMap<String, Val>,
    /// The region, when a parameter override (`ALIYUN::Region=…`) names it.
    pub region: Option<String>,
    /// Per resource (same order as [`Template::resources`]).
    pub instances: Vec<Instances>,
    /// Whether each resource is created (its `Condition` is not false).
    pub enabled: Vec<bool>,
    /// Unknowns met before any entity is read (`Count`, `Condition`).
    pub early_unresolved: RefCell<Vec<Unresolved>>,
    conds: RefCell<HashMap<String, CondState>>,
    steps: Cell<u64>,
    chain: Cell<u32>,
    /// Current recursion of [`Eval::eval`].
    depth: Cell<u32>,
    /// While `Count` and amounts are read: references to resources are unknown.
    counting: Cell<bool>,
}

/// The instance groups, whose amount is a property.
pub fn is_instance_group(ty: &str) -> bool {
    matches!(
        ty,
        "ALIYUN::ECS::InstanceGroup" | "ALIYUN::ECS::InstanceGroupClone"
    )
}

/// Attributes that name the resource itself (its id), beyond the generic `<Type>Id`.
fn is_self_attr(ty: &str, attr: &str) -> bool {
    let last = ty.rsplit("::").next().unwrap_or(ty).to_ascii_lowercase();
    let a = attr.to_ascii_lowercase();
    if a == format!("{last}id") || a == format!("{last}ids") {
        return true;
    }
    matches!(
        (ty, attr),
        (
            "ALIYUN::VPC::EIP" | "ALIYUN::VPC::EIPPro",
            "AllocationId" | "Id"
        ) | (
            "ALIYUN::ECS::InstanceGroup" | "ALIYUN::ECS::InstanceGroupClone",
            "InstanceIds"
        ) | (
            "ALIYUN::ECS::Instance"
                | "ALIYUN::ECS::InstanceClone"
                | "ALIYUN::BastionHost::Instance"
                | "ALIYUN::RDS::DBInstance",
            "InstanceId"
        ) | ("ALIYUN::OSS::Bucket", "Name" | "BucketName")
            | (
                "ALIYUN::VPC::NatGateway",
                "SNatTableId" | "ForwardTableId" | "NatGatewayId"
            )
            | ("ALIYUN::ECS::VPC", "VpcId")
            | ("ALIYUN::ESS::ScalingGroup", "ScalingGroupId")
    )
}

/// Attributes that repeat a property of the same name, read through by `Fn::GetAtt`.
const PROPERTY_ATTRS: &[&str] = &[
    "ZoneId",
    "VpcId",
    "VSwitchId",
    "CidrBlock",
    "MasterZoneId",
    "SlaveZoneId",
];

/// A number as text: integers without a fraction.
pub fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Part of a text being assembled by `Fn::Join` / `Fn::Sub`.
enum Part {
    Text(String),
    Unknown(String),
}

fn parts_to_val(parts: Vec<Part>, at: Loc) -> Val {
    let unknown = parts.iter().any(|p| matches!(p, Part::Unknown(_)));
    let mut s = String::new();
    for p in parts {
        match p {
            Part::Text(t) => s.push_str(&t),
            Part::Unknown(o) if unknown => {
                s.push_str("${");
                s.push_str(&o);
                s.push('}');
            }
            Part::Unknown(_) => {}
        }
    }
    if unknown {
        Val::new(V::Unknown(s), at)
    } else {
        Val::new(V::Str(s), at)
    }
}

fn part_of(v: &Val) -> Part {
    match &v.v {
        V::Str(s) => Part::Text(s.clone()),
        V::Num(x) => Part::Text(fmt_num(*x)),
        V::Bool(b) => Part::Text(b.to_string()),
        V::Null | V::NoValue => Part::Text(String::new()),
        V::Unknown(o) => Part::Unknown(o.clone()),
        V::Res(k) => Part::Unknown(k.clone()),
        V::List(_) | V::Map(_) => Part::Unknown("…".into()),
    }
}

/// The literal value of a node, without evaluating functions (a parameter's `Default`).
fn literal(n: &Node) -> Val {
    let v = match &n.v {
        NodeV::Null => V::Null,
        NodeV::Bool(b) => V::Bool(*b),
        NodeV::Num(x) => V::Num(*x),
        NodeV::Str(s) => V::Str(s.clone()),
        NodeV::List(l) => V::List(l.iter().map(|x| literal(x)).collect()),
        NodeV::Map(m) => V::Map(
            m.iter()
                .map(|e| (e.key.clone(), e.at, literal(&e.value)))
                .collect(),
        ),
    };
    Val::new(v, n.at)
}

impl<'a> Eval<'a> {
    /// Resolves the parameters (overrides, then `Default`) and the instances of every resource.
    pub fn new(
        t: &'a Template,
        file: &'a SourceFile,
        file_idx: u32,
        overrides: &[(String, String)],
    ) -> Result<Eval<'a>, ImportError> {
        let mut ev = Eval {
            t,
            file,
            file_idx,
            params: HashMap::new(),
            region: None,
            instances: Vec::new(),
            enabled: Vec::new(),
            early_unresolved: RefCell::new(Vec::new()),
            conds: RefCell::new(HashMap::new()),
            steps: Cell::new(0),
            chain: Cell::new(0),
            depth: Cell::new(0),
            counting: Cell::new(false),
        };
        for p in &t.params {
            let given = overrides.iter().rev().find(|(k, _)| *k == p.name);
            let v = match (given, &p.default) {
                (Some((_, s)), _) => ev.typed_override(p.name.as_str(), &p.ty, s, p.at)?,
                (None, Some(d)) => typed_default(&p.ty, literal(d)),
                (None, None) => Val::new(V::Unknown(format!("Parameters.{}", p.name)), p.at),
            };
            ev.params.insert(p.name.clone(), v);
        }
        ev.region = overrides
            .iter()
            .rev()
            .find(|(k, _)| k == "ALIYUN::Region")
            .map(|(_, v)| v.clone());
        ev.count_instances()?;
        Ok(ev)
    }

    /// A parameter override, typed like its parameter.
    fn typed_override(&self, name: &str, ty: &str, s: &str, at: Loc) -> Result<Val, ImportError> {
        let v = match ty {
            "Number" => match s.trim().parse::<f64>() {
                Ok(x) if x.is_finite() => V::Num(x),
                _ => {
                    return Err(error(
                        self.file,
                        at,
                        format!("parameter {name} is a Number; the value given, {s:?}, is not"),
                        format!("参数 {name} 的类型是 Number，给定的值 {s:?} 不是数字"),
                    ))
                }
            },
            "CommaDelimitedList" => V::List(
                s.split(',')
                    .map(|x| Val::new(V::Str(x.trim().to_string()), at))
                    .collect(),
            ),
            "Boolean" if s.eq_ignore_ascii_case("true") => V::Bool(true),
            "Boolean" if s.eq_ignore_ascii_case("false") => V::Bool(false),
            "Json" => match archlint_core::json::parse(s, super::MAX_DEPTH) {
                Ok(j) => {
                    let lines = crate::source::Lines::new(s, self.file_idx);
                    let mut v = literal(&super::tree::from_json(&j, &lines));
                    restamp_in_place(&mut v, at);
                    v.v
                }
                Err(_) => V::Str(s.to_string()),
            },
            _ => V::Str(s.to_string()),
        };
        Ok(Val::new(v, at))
    }

    /// One step of work; refuses to go beyond [`MAX_STEPS`].
    fn step(&self, at: Loc) -> Result<(), ImportError> {
        let n = self.steps.get() + 1;
        self.steps.set(n);
        if n > MAX_STEPS {
            return Err(error(
                self.file,
                at,
                format!(
                    "evaluating the template takes more than {MAX_STEPS} steps (aliases of aliases, or a large Count?)"
                ),
                format!("模板求值超过 {MAX_STEPS} 步（别名层层嵌套，或 Count 过大？）"),
            ));
        }
        Ok(())
    }

    fn unresolved(&self, at: Loc, what: &str, from: &str) {
        self.early_unresolved.borrow_mut().push(Unresolved {
            at,
            what: what.to_string(),
            from: from.to_string(),
        });
    }

    /// Decides, for every resource, whether it is created and how many instances it has.
    fn count_instances(&mut self) -> Result<(), ImportError> {
        let mut total: u64 = 0;
        let t = self.t;
        for r in &t.resources {
            let enabled = match &r.condition {
                Some((c, at)) => match self.condition(c, *at)? {
                    Some(b) => b,
                    None => {
                        self.unresolved(*at, "Condition", c);
                        true
                    }
                },
                None => true,
            };
            self.counting.set(true);
            let count = match &r.count {
                Some(n) => Some((self.amount(n, "Count")?, n.at)),
                None => None,
            };
            let per = if is_instance_group(&r.ty) {
                // MinAmount instances are created for sure; MaxAmount is the ceiling.
                let props = r.props.as_deref();
                let node = ["MinAmount", "MaxAmount"]
                    .into_iter()
                    .find_map(|k| props.and_then(|p| p.get(k)).map(|n| (k, n)));
                match node {
                    Some((k, n)) => Some((self.amount(n, k)?, n.at)),
                    None => Some((1, r.at)),
                }
            } else {
                None
            };
            self.counting.set(false);
            let inst = match (count, per) {
                (None, None) => Instances::Single,
                (c, p) => {
                    let c_n = c.map_or(1, |x| x.0);
                    let p_n = p.map_or(1, |x| x.0);
                    let at = c.or(p).map_or(r.at, |x| x.1);
                    let here = if enabled { c_n.saturating_mul(p_n) } else { 0 };
                    total = total.saturating_add(here);
                    if total > MAX_INSTANCES {
                        return Err(error(
                            self.file,
                            at,
                            format!(
                                "the template expands to more than {MAX_INSTANCES} resource instances (Count, MaxAmount, MinAmount)"
                            ),
                            format!(
                                "模板展开后的资源实例超过 {MAX_INSTANCES} 个（Count、MaxAmount、MinAmount）"
                            ),
                        ));
                    }
                    Instances::Many {
                        count: if enabled { c_n } else { 0 },
                        per: p_n,
                    }
                }
            };
            let inst = if !enabled && inst == Instances::Single {
                Instances::Many { count: 0, per: 1 }
            } else {
                inst
            };
            self.instances.push(inst);
            self.enabled.push(enabled);
        }
        Ok(())
    }

    /// A `Count` / `MinAmount` / `MaxAmount`: a whole number, at most [`MAX_INSTANCES`]; unknown
    /// counts as 1.
    fn amount(&self, n: &Rc<Node>, what: &str) -> Result<u64, ImportError> {
        let v = self.eval(n, Scope::default())?;
        let x = match &v.v {
            V::Num(x) => *x,
            V::Str(s) => match s.trim().parse::<f64>() {
                Ok(x) => x,
                Err(_) => return Err(self.bad_amount(&v, what)),
            },
            V::Unknown(o) => {
                self.unresolved(v.at, what, o);
                return Ok(1);
            }
            _ => return Err(self.bad_amount(&v, what)),
        };
        if !(x >= 0.0 && x.fract() == 0.0) {
            return Err(self.bad_amount(&v, what));
        }
        if x > MAX_INSTANCES as f64 {
            return Err(error(
                self.file,
                v.at,
                format!(
                    "{what} is {}; archlint expands at most {MAX_INSTANCES} resource instances",
                    fmt_num(x)
                ),
                format!(
                    "{what} 为 {}；archlint 最多展开 {MAX_INSTANCES} 个资源实例",
                    fmt_num(x)
                ),
            ));
        }
        Ok(x as u64)
    }

    fn bad_amount(&self, v: &Val, what: &str) -> ImportError {
        error(
            self.file,
            v.at,
            format!("{what} must be a whole number of at least 0"),
            format!("{what} 必须是不小于 0 的整数"),
        )
    }

    /// The keys of a resource's entities and the `ALIYUN::Index` each sees.
    pub fn keys(&self, ri: usize) -> Vec<(String, Scope)> {
        let name = &self.t.resources[ri].name;
        match self.instances.get(ri) {
            Some(Instances::Many { count, per }) => (0..count.saturating_mul(*per))
                .map(|i| {
                    (
                        format!("{name}[{i}]"),
                        Scope {
                            index: Some(i / (*per).max(1)),
                        },
                    )
                })
                .collect(),
            _ => vec![(name.clone(), Scope::default())],
        }
    }

    /// The property `name` of resource `r`, evaluated in scope `sc`; `None` when absent or
    /// `ALIYUN::NoValue`.
    pub fn prop(&self, r: &ResDecl, name: &str, sc: Scope) -> Result<Option<Val>, ImportError> {
        let Some(n) = r.props.as_ref().and_then(|p| p.get(name)) else {
            return Ok(None);
        };
        let v = self.eval(n, sc)?;
        Ok((!matches!(v.v, V::NoValue)).then_some(v))
    }

    /// All the properties of resource `r`, evaluated (an empty mapping when there are none).
    pub fn props(&self, r: &ResDecl, sc: Scope) -> Result<Val, ImportError> {
        match &r.props {
            Some(p) => self.eval(p, sc),
            None => Ok(Val::new(V::Map(Vec::new()), r.at)),
        }
    }

    /// Evaluates a node.
    pub fn eval(&self, n: &Rc<Node>, sc: Scope) -> Result<Val, ImportError> {
        self.step(n.at)?;
        let depth = self.depth.get() + 1;
        if depth > MAX_EVAL_DEPTH {
            return Err(error(
                self.file,
                n.at,
                format!("expressions nest more than {MAX_EVAL_DEPTH} levels deep"),
                format!("表达式嵌套超过 {MAX_EVAL_DEPTH} 层"),
            ));
        }
        self.depth.set(depth);
        let r = self.eval_node(n, sc);
        self.depth.set(depth - 1);
        r
    }

    fn eval_node(&self, n: &Rc<Node>, sc: Scope) -> Result<Val, ImportError> {
        if let Some((f, arg)) = n.as_call() {
            return self.call(f, arg, n.at, sc);
        }
        let v = match &n.v {
            NodeV::Null => V::Null,
            NodeV::Bool(b) => V::Bool(*b),
            NodeV::Num(x) => V::Num(*x),
            NodeV::Str(s) => V::Str(s.clone()),
            NodeV::List(l) => {
                let mut out = Vec::with_capacity(l.len());
                for x in l {
                    let e = self.eval(x, sc)?;
                    if !matches!(e.v, V::NoValue) {
                        out.push(e);
                    }
                }
                V::List(out)
            }
            NodeV::Map(m) => {
                let mut out = Vec::with_capacity(m.len());
                for e in m {
                    let v = self.eval(&e.value, sc)?;
                    if !matches!(v.v, V::NoValue) {
                        out.push((e.key.clone(), e.at, v));
                    }
                }
                V::Map(out)
            }
        };
        Ok(Val::new(v, n.at))
    }

    /// A copy of `v` placed at `at` (all of it), counting the work.
    fn restamp(&self, v: &Val, at: Loc) -> Result<Val, ImportError> {
        self.step(at)?;
        let nv = match &v.v {
            V::List(l) => {
                let mut out = Vec::with_capacity(l.len());
                for x in l {
                    out.push(self.restamp(x, at)?);
                }
                V::List(out)
            }
            V::Map(m) => {
                let mut out = Vec::with_capacity(m.len());
                for (k, _, x) in m {
                    out.push((k.clone(), at, self.restamp(x, at)?));
                }
                V::Map(out)
            }
            other => other.clone(),
        };
        Ok(Val::new(nv, at))
    }

    fn fn_error(&self, at: Loc, f: &str, usage: &str) -> ImportError {
        error(
            self.file,
            at,
            format!("{f} takes {usage}"),
            format!("{f} 的参数应为 {usage}"),
        )
    }

    /// The items of a function's list argument of exactly `n` items.
    fn args<'n>(
        &self,
        arg: &'n Rc<Node>,
        n: usize,
        at: Loc,
        f: &str,
        usage: &str,
    ) -> Result<&'n [Rc<Node>], ImportError> {
        match arg.as_list() {
            Some(l) if l.len() == n => Ok(l),
            _ => Err(self.fn_error(at, f, usage)),
        }
    }

    /// A name given to `Ref` / `Fn::GetAtt` / `Fn::If`: a string, possibly computed.
    fn name_of(&self, n: &Rc<Node>, sc: Scope) -> Result<Option<String>, ImportError> {
        if let Some(s) = n.as_str() {
            return Ok(Some(s.to_string()));
        }
        let v = self.eval(n, sc)?;
        Ok(match v.v {
            V::Str(s) => Some(s),
            _ => None,
        })
    }

    /// A function call. Each function is a method of its own, so that the frame of this one,
    /// on the stack at every level of nesting, stays small.
    fn call(&self, f: &str, arg: &Rc<Node>, at: Loc, sc: Scope) -> Result<Val, ImportError> {
        match f {
            "Ref" => self.ref_call(arg, at, sc),
            "Fn::GetAtt" => self.get_att(arg, at, sc),
            "Fn::Join" => self.join(arg, at, sc),
            "Fn::Sub" => self.sub(arg, at, sc),
            "Fn::Select" => self.select(arg, at, sc),
            "Fn::GetAZs" => self.get_azs(arg, at, sc),
            "Fn::If" => self.if_call(arg, at, sc),
            "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" => {
                let v = match self.boolean_call(f, arg, at, sc)? {
                    Some(b) => V::Bool(b),
                    None => V::Unknown(f.to_string()),
                };
                Ok(Val::new(v, at))
            }
            "Fn::FindInMap" => self.find_in_map(arg, at, sc),
            "Fn::Split" | "Fn::Replace" => self.text_call(f, arg, at, sc),
            "Fn::Str" | "Fn::Length" | "Fn::ListMerge" => self.value_call(f, arg, at, sc),
            // Computed at deploy, or of no use to archlint.
            _ => Ok(Val::new(V::Unknown(f.to_string()), at)),
        }
    }

    /// `Ref name`, the name possibly computed.
    fn ref_call(&self, arg: &Rc<Node>, at: Loc, sc: Scope) -> Result<Val, ImportError> {
        match self.name_of(arg, sc)? {
            Some(name) => self.reference(&name, at, sc),
            None => Err(self.fn_error(at, "Ref", "the name of a parameter or resource")),
        }
    }

    /// `Fn::GetAZs region`: the zones are known only at deploy.
    fn get_azs(&self, arg: &Rc<Node>, at: Loc, sc: Scope) -> Result<Val, ImportError> {
        let region = self.eval(arg, sc)?;
        let origin = match region.as_str() {
            Some(r) if !r.is_empty() && Some(r) != self.region.as_deref() => {
                format!("Fn::GetAZs({r})")
            }
            _ => "Fn::GetAZs".to_string(),
        };
        Ok(Val::new(V::Unknown(origin), at))
    }

    /// `Fn::If [condition, value if true, value if false]`.
    fn if_call(&self, arg: &Rc<Node>, at: Loc, sc: Scope) -> Result<Val, ImportError> {
        const USAGE: &str = "[condition, value if true, value if false]";
        let l = self.args(arg, 3, at, "Fn::If", USAGE)?;
        let Some(c) = self.name_of(&l[0], sc)? else {
            return Err(self.fn_error(at, "Fn::If", USAGE));
        };
        match self.condition(&c, l[0].at)? {
            Some(true) => self.eval(&l[1], sc),
            Some(false) => self.eval(&l[2], sc),
            None => Ok(Val::new(V::Unknown(format!("Conditions.{c}")), at)),
        }
    }

    /// `Fn::Split [delimiter, text]` and `Fn::Replace [{old: new}, text]`.
    fn text_call(&self, f: &str, arg: &Rc<Node>, at: Loc, sc: Scope) -> Result<Val, ImportError> {
        let split = f == "Fn::Split";
        let usage = if split {
            "[delimiter, text]"
        } else {
            "[{old: new}, text]"
        };
        let l = self.args(arg, 2, at, f, usage)?;
        let a = self.eval(&l[0], sc)?;
        let s = self.eval(&l[1], sc)?;
        Ok(match (&a.v, &s.v) {
            (V::Str(d), V::Str(s)) if split && !d.is_empty() => Val::new(
                V::List(
                    s.split(d.as_str())
                        .map(|x| Val::new(V::Str(x.into()), at))
                        .collect(),
                ),
                at,
            ),
            (V::Map(pairs), V::Str(s)) if !split => {
                let mut out = s.clone();
                for (old, _, new) in pairs {
                    if let (false, Part::Text(new)) = (old.is_empty(), part_of(new)) {
                        out = out.replace(old.as_str(), &new);
                    }
                }
                Val::new(V::Str(out), at)
            }
            (_, V::Unknown(o)) => Val::new(V::Unknown(o.clone()), at),
            _ => Val::new(V::Unknown(f.into()), at),
        })
    }

    /// `Fn::Str`, `Fn::Length`, `Fn::ListMerge`.
    fn value_call(&self, f: &str, arg: &Rc<Node>, at: Loc, sc: Scope) -> Result<Val, ImportError> {
        let v = self.eval(arg, sc)?;
        let out = match f {
            "Fn::Str" => return Ok(parts_to_val(vec![part_of(&v)], at)),
            "Fn::Length" => match &v.v {
                V::List(l) => V::Num(l.len() as f64),
                V::Str(s) => V::Num(s.chars().count() as f64),
                V::Map(m) => V::Num(m.len() as f64),
                _ => V::Unknown(f.into()),
            },
            _ => {
                let mut out = Vec::new();
                for l in v.items() {
                    match &l.v {
                        V::List(items) => out.extend(items.iter().cloned()),
                        _ => return Ok(Val::new(V::Unknown(f.into()), at)),
                    }
                }
                V::List(out)
            }
        };
        Ok(Val::new(out, at))
    }

    /// `Ref name`.
    fn reference(&self, name: &str, at: Loc, sc: Scope) -> Result<Val, ImportError> {
        if let Some(v) = self.params.get(name) {
            return self.restamp(v, at);
        }
        if let Some(p) = name.strip_prefix("ALIYUN::") {
            let v = match p {
                "Region" => match &self.region {
                    Some(r) => V::Str(r.clone()),
                    None => V::Unknown(name.to_string()),
                },
                "NoValue" => V::NoValue,
                "Index" => match sc.index {
                    Some(i) => V::Num(i as f64),
                    None => V::Unknown(name.to_string()),
                },
                _ => V::Unknown(name.to_string()),
            };
            return Ok(Val::new(v, at));
        }
        if let Some(&ri) = self.t.res_index.get(name) {
            return Ok(self.resource_ref(ri, at));
        }
        if let Some(n) = self.t.locals.get(name) {
            let v = self.chained(at, || self.eval(n, sc))?;
            return self.restamp(&v, at);
        }
        Err(error(
            self.file,
            at,
            format!(
                "Ref names {name}, which is neither a parameter nor a resource of this template"
            ),
            format!("Ref 引用的 {name} 既不是本模板的参数，也不是资源"),
        ))
    }

    /// A reference to resource `ri`: one, or the list of its instances.
    fn resource_ref(&self, ri: usize, at: Loc) -> Val {
        let name = &self.t.resources[ri].name;
        if self.counting.get() {
            return Val::new(V::Unknown(name.clone()), at);
        }
        match self.instances.get(ri) {
            Some(Instances::Many { .. }) => Val::new(
                V::List(
                    self.keys(ri)
                        .into_iter()
                        .map(|(k, _)| Val::new(V::Res(k), at))
                        .collect(),
                ),
                at,
            ),
            _ => Val::new(V::Res(name.clone()), at),
        }
    }

    /// Runs `f` one link further down a chain (conditions, attributes read through, locals).
    fn chained<T>(
        &self,
        at: Loc,
        f: impl FnOnce() -> Result<T, ImportError>,
    ) -> Result<T, ImportError> {
        let depth = self.chain.get() + 1;
        if depth > MAX_CHAIN {
            return Err(error(
                self.file,
                at,
                format!("references chain more than {MAX_CHAIN} levels deep"),
                format!("引用链超过 {MAX_CHAIN} 层"),
            ));
        }
        self.chain.set(depth);
        let r = f();
        self.chain.set(depth - 1);
        r
    }

    /// `Fn::GetAtt [Resource, Attribute]` or `Resource.Attribute`.
    fn get_att(&self, arg: &Rc<Node>, at: Loc, sc: Scope) -> Result<Val, ImportError> {
        const USAGE: &str = "[resource, attribute]";
        let (res, attr) = match &arg.v {
            NodeV::Str(s) => match s.split_once('.') {
                Some((r, a)) => (r.to_string(), Some(a.to_string())),
                None => return Err(self.fn_error(at, "Fn::GetAtt", USAGE)),
            },
            NodeV::List(l) if l.len() >= 2 => {
                let Some(r) = self.name_of(&l[0], sc)? else {
                    return Err(self.fn_error(at, "Fn::GetAtt", USAGE));
                };
                (r, self.name_of(&l[1], sc)?)
            }
            _ => return Err(self.fn_error(at, "Fn::GetAtt", USAGE)),
        };
        let Some(&ri) = self.t.res_index.get(&res) else {
            return Err(error(
                self.file,
                at,
                format!("Fn::GetAtt names {res}, which is not a resource of this template"),
                format!("Fn::GetAtt 引用的 {res} 不是本模板的资源"),
            ));
        };
        let Some(attr) = attr else {
            return Ok(Val::new(V::Unknown(format!("{res}.?")), at));
        };
        if self.counting.get() {
            return Ok(Val::new(V::Unknown(format!("{res}.{attr}")), at));
        }
        let r = &self.t.resources[ri];
        if is_self_attr(&r.ty, &attr) {
            return Ok(self.resource_ref(ri, at));
        }
        if PROPERTY_ATTRS.contains(&attr.as_str())
            && matches!(self.instances.get(ri), Some(Instances::Single))
        {
            if let Some(n) = r.props.as_ref().and_then(|p| p.get(&attr)) {
                let v = self.chained(at, || self.eval(n, Scope::default()))?;
                return self.restamp(&v, at);
            }
        }
        Ok(Val::new(V::Unknown(format!("{res}.{attr}")), at))
    }

    /// `Fn::Join [delimiter, [values]]`.
    fn join(&self, arg: &Rc<Node>, at: Loc, sc: Scope) -> Result<Val, ImportError> {
        const USAGE: &str = "[delimiter, [values]]";
        let l = self.args(arg, 2, at, "Fn::Join", USAGE)?;
        let d = self.eval(&l[0], sc)?;
        let items = self.eval(&l[1], sc)?;
        let delim = match part_of(&d) {
            Part::Text(t) => t,
            Part::Unknown(o) => return Ok(Val::new(V::Unknown(o), at)),
        };
        let list = match &items.v {
            V::List(l) => l,
            V::Unknown(o) => return Ok(Val::new(V::Unknown(format!("Fn::Join({o})")), at)),
            _ => return Err(self.fn_error(at, "Fn::Join", USAGE)),
        };
        let mut parts = Vec::with_capacity(list.len() * 2);
        for (i, v) in list.iter().enumerate() {
            if i > 0 {
                parts.push(Part::Text(delim.clone()));
            }
            parts.push(part_of(v));
        }
        Ok(parts_to_val(parts, at))
    }

    /// `Fn::Sub text` or `Fn::Sub [text, {name: value}]`.
    fn sub(&self, arg: &Rc<Node>, at: Loc, sc: Scope) -> Result<Val, ImportError> {
        const USAGE: &str = "a text, or [text, {name: value}]";
        let (text_node, vars) = match &arg.v {
            NodeV::List(l) if l.len() == 2 => (&l[0], Some(self.eval(&l[1], sc)?)),
            NodeV::List(l) if l.len() == 1 => (&l[0], None),
            _ => (arg, None),
        };
        let text_v = self.eval(text_node, sc)?;
        let text = match &text_v.v {
            V::Str(s) => s.clone(),
            V::Unknown(o) => return Ok(Val::new(V::Unknown(o.clone()), at)),
            _ => return Err(self.fn_error(at, "Fn::Sub", USAGE)),
        };
        let mut parts = Vec::new();
        let mut rest = text.as_str();
        // Walk the text the way `sub_names` does, replacing each `${…}`.
        while let Some(i) = rest.find("${") {
            parts.push(Part::Text(rest[..i].to_string()));
            let after = &rest[i + 2..];
            let Some(j) = after.find('}') else {
                parts.push(Part::Text(rest[i..].to_string()));
                rest = "";
                break;
            };
            let inner = after[..j].trim();
            if let Some(lit) = inner.strip_prefix('!') {
                parts.push(Part::Text(format!("${{{lit}}}")));
            } else if inner.is_empty() {
                parts.push(Part::Text("${}".into()));
            } else {
                let v = match vars.as_ref().and_then(|m| m.get(inner)) {
                    Some(v) => v.clone(),
                    None => self.sub_name(inner, at, sc)?,
                };
                parts.push(part_of(&v));
            }
            rest = &after[j + 1..];
        }
        parts.push(Part::Text(rest.to_string()));
        Ok(parts_to_val(parts, at))
    }

    /// A `${name}` or `${Resource.Attribute}` of `Fn::Sub`.
    fn sub_name(&self, name: &str, at: Loc, sc: Scope) -> Result<Val, ImportError> {
        if !name.starts_with("ALIYUN::") {
            if let Some((r, a)) = name.split_once('.') {
                if self.t.res_index.contains_key(r) {
                    let arg = Node::new(NodeV::Str(format!("{r}.{a}")), at);
                    return self.get_att(&arg, at, sc);
                }
            }
        }
        self.reference(name, at, sc)
    }

    /// `Fn::Select [index, list]` (or `[key, mapping]`).
    fn select(&self, arg: &Rc<Node>, at: Loc, sc: Scope) -> Result<Val, ImportError> {
        const USAGE: &str = "[index, list]";
        let l = self.args(arg, 2, at, "Fn::Select", USAGE)?;
        let idx = self.eval(&l[0], sc)?;
        let list = self.eval(&l[1], sc)?;
        let index = match &idx.v {
            V::Num(x) => Some(*x),
            V::Str(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        };
        if let (V::Map(_), V::Str(k)) = (&list.v, &idx.v) {
            return match list.get(k) {
                Some(v) => Ok(v.clone()),
                None => Err(error(
                    self.file,
                    at,
                    format!("Fn::Select: the mapping has no key {k}"),
                    format!("Fn::Select：映射中没有键 {k}"),
                )),
            };
        }
        match (&list.v, index) {
            (V::List(items), Some(x)) if x >= 0.0 && x.fract() == 0.0 => {
                match items.get(x as usize) {
                    Some(v) => Ok(v.clone()),
                    None => Err(error(
                        self.file,
                        at,
                        format!(
                            "Fn::Select: index {} is beyond the end of a list of {}",
                            fmt_num(x),
                            items.len()
                        ),
                        format!(
                            "Fn::Select：下标 {} 超出了长度为 {} 的列表",
                            fmt_num(x),
                            items.len()
                        ),
                    )),
                }
            }
            (V::Unknown(o), Some(x)) if x >= 0.0 && x.fract() == 0.0 => {
                Ok(Val::new(V::Unknown(format!("{o}[{}]", fmt_num(x))), at))
            }
            (V::Unknown(o), None) => match &idx.v {
                V::Unknown(i) => Ok(Val::new(V::Unknown(format!("{o}[{i}]")), at)),
                _ => Err(self.fn_error(at, "Fn::Select", USAGE)),
            },
            (V::List(_), None) => match &idx.v {
                V::Unknown(i) => Ok(Val::new(V::Unknown(format!("Fn::Select[{i}]")), at)),
                _ => Err(self.fn_error(at, "Fn::Select", USAGE)),
            },
            _ => Err(self.fn_error(at, "Fn::Select", USAGE)),
        }
    }

    /// `Fn::FindInMap [map, key, key]`.
    fn find_in_map(&self, arg: &Rc<Node>, at: Loc, sc: Scope) -> Result<Val, ImportError> {
        const USAGE: &str = "[map, first key, second key]";
        let l = self.args(arg, 3, at, "Fn::FindInMap", USAGE)?;
        let mut keys = Vec::with_capacity(3);
        for k in l {
            let v = self.eval(k, sc)?;
            match part_of(&v) {
                Part::Text(t) => keys.push(t),
                Part::Unknown(o) => {
                    return Ok(Val::new(V::Unknown(format!("Fn::FindInMap({o})")), at))
                }
            }
        }
        let found = self
            .t
            .mappings
            .as_ref()
            .and_then(|m| m.get(&keys[0]))
            .and_then(|m| m.get(&keys[1]))
            .and_then(|m| m.get(&keys[2]));
        match found {
            Some(n) => {
                let v = self.chained(at, || self.eval(n, sc))?;
                self.restamp(&v, at)
            }
            None => {
                let path = keys.join(".");
                Err(error(
                    self.file,
                    at,
                    format!("Fn::FindInMap: Mappings has no {path}"),
                    format!("Fn::FindInMap：Mappings 中没有 {path}"),
                ))
            }
        }
    }

    /// `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`: `None` when undecidable before deploy.
    fn boolean_call(
        &self,
        f: &str,
        arg: &Rc<Node>,
        at: Loc,
        sc: Scope,
    ) -> Result<Option<bool>, ImportError> {
        match f {
            "Fn::Equals" => {
                let l = self.args(arg, 2, at, f, "[value, value]")?;
                let a = self.eval(&l[0], sc)?;
                let b = self.eval(&l[1], sc)?;
                Ok(match (part_of(&a), part_of(&b)) {
                    (Part::Text(x), Part::Text(y)) => Some(x == y),
                    _ => None,
                })
            }
            "Fn::Not" => {
                let c = match arg.as_list() {
                    Some([c]) => c,
                    Some(_) => return Err(self.fn_error(at, f, "[condition]")),
                    None => arg,
                };
                Ok(self.truth(c, sc)?.map(|b| !b))
            }
            _ => {
                let Some(l) = arg.as_list() else {
                    return Err(self.fn_error(at, f, "[condition, …]"));
                };
                let and = f == "Fn::And";
                let mut unknown = false;
                for c in l {
                    match self.truth(c, sc)? {
                        Some(b) if b != and => return Ok(Some(b)),
                        Some(_) => {}
                        None => unknown = true,
                    }
                }
                Ok(if unknown { None } else { Some(and) })
            }
        }
    }

    /// A condition operand: `{Condition: Name}`, a boolean function, or a boolean value.
    fn truth(&self, n: &Rc<Node>, sc: Scope) -> Result<Option<bool>, ImportError> {
        if let Some([e]) = n.as_map() {
            if e.key == "Condition" {
                if let Some(name) = e.value.as_str() {
                    return self.condition(name, e.value.at);
                }
            }
        }
        let v = self.eval(n, sc)?;
        Ok(match &v.v {
            V::Bool(b) => Some(*b),
            V::Str(s) if s.eq_ignore_ascii_case("true") => Some(true),
            V::Str(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        })
    }

    /// The value of the condition `name` (named at `at`): `None` when undecidable before deploy.
    pub fn condition(&self, name: &str, at: Loc) -> Result<Option<bool>, ImportError> {
        let state = self.conds.borrow().get(name).copied();
        match state {
            Some(CondState::Done(r)) => return Ok(r),
            Some(CondState::Busy) => {
                return Err(error(
                    self.file,
                    at,
                    format!("condition {name} depends on itself"),
                    format!("条件 {name} 依赖于它自身"),
                ))
            }
            None => {}
        }
        let Some(expr) = self.t.conditions.get(name) else {
            return Err(error(
                self.file,
                at,
                format!("there is no condition named {name} in Conditions"),
                format!("Conditions 中没有名为 {name} 的条件"),
            ));
        };
        self.conds
            .borrow_mut()
            .insert(name.to_string(), CondState::Busy);
        let r = self.chained(at, || self.truth(expr, Scope::default()));
        let r = match r {
            Ok(r) => r,
            Err(e) => {
                self.conds.borrow_mut().remove(name);
                return Err(e);
            }
        };
        self.conds
            .borrow_mut()
            .insert(name.to_string(), CondState::Done(r));
        Ok(r)
    }
}

/// A parameter's `Default` typed like its parameter (`Number` `'5'` → 5, `CommaDelimitedList`
/// `'a,b'` → [a, b]).
fn typed_default(ty: &str, v: Val) -> Val {
    let at = v.at;
    match (ty, &v.v) {
        ("Number", V::Str(s)) => match s.trim().parse::<f64>() {
            Ok(x) if x.is_finite() => Val::new(V::Num(x), at),
            _ => v,
        },
        ("CommaDelimitedList", V::Str(s)) => Val::new(
            V::List(
                s.split(',')
                    .map(|x| Val::new(V::Str(x.trim().to_string()), at))
                    .collect(),
            ),
            at,
        ),
        ("Boolean", V::Str(s)) if s.eq_ignore_ascii_case("true") => Val::new(V::Bool(true), at),
        ("Boolean", V::Str(s)) if s.eq_ignore_ascii_case("false") => Val::new(V::Bool(false), at),
        _ => v,
    }
}

fn restamp_in_place(v: &mut Val, at: Loc) {
    v.at = at;
    match &mut v.v {
        V::List(l) => l.iter_mut().for_each(|x| restamp_in_place(x, at)),
        V::Map(m) => m.iter_mut().for_each(|(_, a, x)| {
            *a = at;
            restamp_in_place(x, at)
        }),
        _ => {}
    }
}
