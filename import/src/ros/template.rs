//! The sections of a template, checked and indexed, and the check that resources do not refer to
//! each other in a cycle.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::error;
use super::tree::{Node, NodeV};
use crate::ent::Loc;
use crate::{ImportError, SourceFile};

/// A template's sections.
pub struct Template {
    pub root: Rc<Node>,
    /// `Parameters`, in source order.
    pub params: Vec<ParamDecl>,
    pub param_index: HashMap<String, usize>,
    /// `Resources`, in source order (a repeated logical id: the last one).
    pub resources: Vec<ResDecl>,
    pub res_index: HashMap<String, usize>,
    /// `Conditions`: name → expression.
    pub conditions: HashMap<String, Rc<Node>>,
    /// `Mappings`, for `Fn::FindInMap`.
    pub mappings: Option<Rc<Node>>,
    /// `Locals` (a newer section of named values), evaluated like parameters' defaults.
    pub locals: HashMap<String, Rc<Node>>,
}

/// One parameter.
pub struct ParamDecl {
    pub name: String,
    /// Where its name is written.
    pub at: Loc,
    /// `Type` (`String`, `Number`, `CommaDelimitedList`, `Json`, `Boolean`, `ALIYUN::…`).
    pub ty: String,
    pub default: Option<Rc<Node>>,
}

/// One resource.
pub struct ResDecl {
    /// The logical id.
    pub name: String,
    /// Where the logical id is written.
    pub at: Loc,
    pub ty: String,
    pub props: Option<Rc<Node>>,
    /// `Count`, when the resource is repeated.
    pub count: Option<Rc<Node>>,
    /// `Condition`: the condition that decides whether the resource is created.
    pub condition: Option<(String, Loc)>,
    pub depends_on: Option<Rc<Node>>,
}

fn not_a(file: &SourceFile, n: &Node, what: &str, what_zh: &str, want: &str) -> ImportError {
    let (want_en, want_zh) = match want {
        "mapping" => ("a mapping", "映射"),
        _ => ("a string", "字符串"),
    };
    error(
        file,
        n.at,
        format!("{what} must be {want_en}, not {}", n.type_name()),
        format!("{what_zh}必须是{want_zh}，而不是{}", n.type_name_zh()),
    )
}

impl Template {
    /// Checks the template's shape and indexes its sections.
    pub fn read(root: &Rc<Node>, file: &SourceFile) -> Result<Template, ImportError> {
        if root.as_map().is_none() {
            return Err(not_a(file, root, "a ROS template", "ROS 模板", "mapping"));
        }
        let mut t = Template {
            root: root.clone(),
            params: Vec::new(),
            param_index: HashMap::new(),
            resources: Vec::new(),
            res_index: HashMap::new(),
            conditions: HashMap::new(),
            mappings: None,
            locals: HashMap::new(),
        };
        if let Some(ps) = section(root, file, "Parameters", "参数部分（Parameters）")? {
            for e in ps {
                let decl = &e.value;
                if decl.as_map().is_none() {
                    return Err(not_a(
                        file,
                        decl,
                        &format!("parameter {}", e.key),
                        &format!("参数 {} ", e.key),
                        "mapping",
                    ));
                }
                let ty = decl
                    .get("Type")
                    .and_then(|n| n.as_str())
                    .unwrap_or("String")
                    .to_string();
                let default = decl.get("Default").cloned();
                let idx = t.params.len();
                t.param_index.insert(e.key.clone(), idx);
                t.params.push(ParamDecl {
                    name: e.key.clone(),
                    at: e.at,
                    ty,
                    default,
                });
            }
        }
        if let Some(cs) = section(root, file, "Conditions", "条件部分（Conditions）")? {
            for e in cs {
                t.conditions.insert(e.key.clone(), e.value.clone());
            }
        }
        if let Some(ls) = section(root, file, "Locals", "局部变量部分（Locals）")? {
            for e in ls {
                // `Locals: {Name: {Value: …}}`, or the value itself.
                let v = e.value.get("Value").unwrap_or(&e.value).clone();
                t.locals.insert(e.key.clone(), v);
            }
        }
        t.mappings = root.get("Mappings").cloned();
        if let Some(rs) = section(root, file, "Resources", "资源部分（Resources）")? {
            for e in rs {
                let r = &e.value;
                if r.as_map().is_none() {
                    return Err(not_a(
                        file,
                        r,
                        &format!("resource {}", e.key),
                        &format!("资源 {} ", e.key),
                        "mapping",
                    ));
                }
                let ty = match r.get("Type") {
                    Some(n) => match n.as_str() {
                        Some(s) => s.to_string(),
                        None => {
                            return Err(not_a(
                                file,
                                n,
                                &format!("the Type of resource {}", e.key),
                                &format!("资源 {} 的 Type ", e.key),
                                "string",
                            ))
                        }
                    },
                    None => {
                        return Err(error(
                            file,
                            e.at,
                            format!("resource {} has no Type", e.key),
                            format!("资源 {} 缺少 Type", e.key),
                        ))
                    }
                };
                let props = match r.get("Properties") {
                    Some(p) if matches!(p.v, NodeV::Null) => None,
                    Some(p) if p.as_map().is_none() => {
                        return Err(not_a(
                            file,
                            p,
                            &format!("the Properties of resource {}", e.key),
                            &format!("资源 {} 的 Properties ", e.key),
                            "mapping",
                        ))
                    }
                    p => p.cloned(),
                };
                let condition = match r.entry("Condition") {
                    Some(c) => match c.value.as_str() {
                        Some(s) => Some((s.to_string(), c.value.at)),
                        None => {
                            return Err(not_a(
                                file,
                                &c.value,
                                &format!("the Condition of resource {}", e.key),
                                &format!("资源 {} 的 Condition ", e.key),
                                "string",
                            ))
                        }
                    },
                    None => None,
                };
                let decl = ResDecl {
                    name: e.key.clone(),
                    at: e.at,
                    ty,
                    props,
                    count: r.get("Count").cloned(),
                    condition,
                    depends_on: r.get("DependsOn").cloned(),
                };
                match t.res_index.get(&e.key) {
                    Some(&i) => t.resources[i] = decl,
                    None => {
                        t.res_index.insert(e.key.clone(), t.resources.len());
                        t.resources.push(decl);
                    }
                }
            }
        }
        Ok(t)
    }

    /// The resource named `name`.
    pub fn resource(&self, name: &str) -> Option<&ResDecl> {
        self.res_index.get(name).map(|&i| &self.resources[i])
    }

    /// The parameter named `name`.
    pub fn param(&self, name: &str) -> Option<&ParamDecl> {
        self.param_index.get(name).map(|&i| &self.params[i])
    }

    /// The template's `Description`, when it is a literal (the English one of a localized map).
    pub fn description(&self) -> Option<String> {
        let d = self.root.get("Description")?;
        let s = match &d.v {
            NodeV::Str(s) => s.as_str(),
            NodeV::Map(_) => d.get("en").or_else(|| d.get("zh-cn"))?.as_str()?,
            _ => return None,
        };
        let line = s.lines().map(str::trim).find(|l| !l.is_empty())?;
        Some(line.chars().take(120).collect())
    }

    /// Refuses resources that refer to each other in a cycle (`Ref`, `Fn::GetAtt`, `${…}` in
    /// `Fn::Sub`, `DependsOn`), as ROS does: the error is at the reference that closes it.
    pub fn check_cycles(&self, file: &SourceFile) -> Result<(), ImportError> {
        let n = self.resources.len();
        let mut edges: Vec<Vec<(usize, Loc)>> = vec![Vec::new(); n];
        for (i, r) in self.resources.iter().enumerate() {
            let mut found = Vec::new();
            let mut seen = HashSet::new();
            for node in [&r.props, &r.count, &r.depends_on].into_iter().flatten() {
                self.refs_in(node, &mut seen, &mut found);
            }
            if let Some(d) = &r.depends_on {
                let names: Vec<&Rc<Node>> = match &d.v {
                    NodeV::List(l) => l.iter().collect(),
                    _ => vec![d],
                };
                for nm in names {
                    if let Some(s) = nm.as_str() {
                        found.push((s.to_string(), nm.at));
                    }
                }
            }
            for (name, at) in found {
                if let Some(&j) = self.res_index.get(&name) {
                    edges[i].push((j, at));
                }
            }
        }
        // Iterative depth-first search: 0 unvisited, 1 on the path, 2 done.
        let mut color = vec![0u8; n];
        for start in 0..n {
            if color[start] != 0 {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            color[start] = 1;
            while let Some(&mut (u, ref mut next)) = stack.last_mut() {
                if let Some(&(v, at)) = edges[u].get(*next) {
                    *next += 1;
                    match color[v] {
                        0 => {
                            color[v] = 1;
                            stack.push((v, 0));
                        }
                        1 => {
                            let from = stack.iter().position(|&(w, _)| w == v).unwrap_or(0);
                            let mut path: Vec<&str> = stack[from..]
                                .iter()
                                .map(|&(w, _)| self.resources[w].name.as_str())
                                .collect();
                            path.push(self.resources[v].name.as_str());
                            let path = path.join(" → ");
                            return Err(error(
                                file,
                                at,
                                format!("cyclic reference between resources: {path}"),
                                format!("资源之间存在循环引用：{path}"),
                            ));
                        }
                        _ => {}
                    }
                } else {
                    color[u] = 2;
                    stack.pop();
                }
            }
        }
        Ok(())
    }

    /// The names a value refers to (each shared node visited once).
    fn refs_in(
        &self,
        root: &Rc<Node>,
        seen: &mut HashSet<*const Node>,
        out: &mut Vec<(String, Loc)>,
    ) {
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            if !seen.insert(Rc::as_ptr(n)) {
                continue;
            }
            if let Some((f, arg)) = n.as_call() {
                match f {
                    "Ref" => {
                        if let Some(s) = arg.as_str() {
                            out.push((s.to_string(), n.at));
                        }
                    }
                    "Fn::GetAtt" => {
                        let name = match &arg.v {
                            NodeV::Str(s) => s.split('.').next().map(str::to_string),
                            NodeV::List(l) => {
                                l.first().and_then(|x| x.as_str()).map(str::to_string)
                            }
                            _ => None,
                        };
                        if let Some(s) = name {
                            out.push((s, n.at));
                        }
                    }
                    "Fn::Sub" => {
                        let text = match &arg.v {
                            NodeV::Str(s) => Some(s.as_str()),
                            NodeV::List(l) => l.first().and_then(|x| x.as_str()),
                            _ => None,
                        };
                        if let Some(text) = text {
                            for name in sub_names(text) {
                                let base = name.split('.').next().unwrap_or(name);
                                out.push((base.to_string(), n.at));
                            }
                        }
                    }
                    _ => {}
                }
            }
            match &n.v {
                NodeV::List(l) => stack.extend(l.iter()),
                NodeV::Map(m) => stack.extend(m.iter().map(|e| &e.value)),
                _ => {}
            }
        }
    }
}

/// The `Resources` / `Parameters` / … section named `name`, which must be a mapping if present.
fn section<'a>(
    root: &'a Node,
    file: &SourceFile,
    name: &str,
    name_zh: &str,
) -> Result<Option<&'a [super::tree::Entry]>, ImportError> {
    match root.get(name) {
        None => Ok(None),
        Some(n) if matches!(n.v, NodeV::Null) => Ok(None),
        Some(n) => match n.as_map() {
            Some(m) => Ok(Some(m)),
            None => Err(not_a(
                file,
                n,
                &format!("the {name} section"),
                name_zh,
                "mapping",
            )),
        },
    }
}

/// The names in the `${…}` of an `Fn::Sub` text (not `${!…}`, which is literal).
pub fn sub_names(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        let after = &rest[i + 2..];
        let Some(j) = after.find('}') else { break };
        let name = after[..j].trim();
        if !name.starts_with('!') && !name.is_empty() {
            out.push(name);
        }
        rest = &after[j + 1..];
    }
    out
}
