//! Terraform files → blocks and attributes with positions (`.tf` through hcl-edit, `.tf.json`
//! through the core's spanned JSON parser), and `.tfvars` files → values.

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Body, Structure};
use hcl_edit::Span;

use archlint_core::json::{self, Kind as JKind, Value as JValue};
use archlint_core::Text;

use crate::ent::Loc;
use crate::source::{Lines, SourceFile};
use crate::ImportError;

/// Deepest nesting of brackets accepted in a file (the parser recurses on nesting).
pub const MAX_NESTING: usize = 128;

/// An attribute: `name = expr`.
#[derive(Debug, Clone)]
pub struct Attr {
    pub name: String,
    pub expr: Expression,
    /// Where the attribute's name is.
    pub at: Loc,
    /// Where its value is.
    pub val_at: Loc,
}

/// A block: `type "label" … { … }`.
#[derive(Debug, Clone)]
pub struct Blk {
    pub ty: String,
    pub labels: Vec<String>,
    pub attrs: Vec<Attr>,
    pub blocks: Vec<Blk>,
    pub at: Loc,
    pub file: u32,
}

impl Blk {
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

fn err(file: &SourceFile, at: Loc, en: String, zh: String) -> ImportError {
    ImportError::at(file, at.line, at.col, Text { en, zh })
}

/// Refuses text nested deeper than [`MAX_NESTING`] brackets (outside strings and comments),
/// before a recursive parser sees it.
pub fn check_nesting(file: &SourceFile, idx: u32) -> Result<(), ImportError> {
    let b = file.text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    let mut in_str = false;
    while i < b.len() {
        let c = b[i];
        if in_str {
            match c {
                b'\\' => i += 1,
                b'"' => in_str = false,
                b'\n' => in_str = false,
                _ => {}
            }
        } else {
            match c {
                b'"' => in_str = true,
                b'#' => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                }
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                }
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        let at = Lines::new(&file.text, idx).loc(i);
                        return Err(err(
                            file,
                            at,
                            format!("brackets are nested more than {MAX_NESTING} deep"),
                            format!("括号嵌套超过 {MAX_NESTING} 层"),
                        ));
                    }
                }
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        i += 1;
    }
    Ok(())
}

/// Parses a `.tf` file into its top-level blocks and attributes.
pub fn parse_hcl(file: &SourceFile, idx: u32) -> Result<(Vec<Blk>, Vec<Attr>), ImportError> {
    check_nesting(file, idx)?;
    let body = hcl_edit::parser::parse_body(&file.text).map_err(|e| {
        let l = e.location();
        ImportError::at(
            file,
            u32::try_from(l.line()).unwrap_or(u32::MAX),
            u32::try_from(l.column()).unwrap_or(u32::MAX),
            Text {
                en: format!("invalid HCL: {}", e.message()),
                zh: format!("HCL 语法错误：{}", e.message()),
            },
        )
    })?;
    let lines = Lines::new(&file.text, idx);
    Ok(body_items(&body, &lines, idx))
}

fn span_loc(lines: &Lines<'_>, s: Option<std::ops::Range<usize>>) -> Loc {
    s.map_or(Loc::default(), |r| lines.loc(r.start))
}

fn body_items(body: &Body, lines: &Lines<'_>, idx: u32) -> (Vec<Blk>, Vec<Attr>) {
    let mut blocks = Vec::new();
    let mut attrs = Vec::new();
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => attrs.push(Attr {
                name: a.key.as_str().to_string(),
                at: span_loc(lines, a.key.span()),
                val_at: span_loc(lines, a.value.span()),
                expr: a.value.clone(),
            }),
            Structure::Block(b) => {
                let (inner_blocks, inner_attrs) = body_items(&b.body, lines, idx);
                blocks.push(Blk {
                    ty: b.ident.as_str().to_string(),
                    labels: b.labels.iter().map(|l| l.as_str().to_string()).collect(),
                    attrs: inner_attrs,
                    blocks: inner_blocks,
                    at: span_loc(lines, b.ident.span()),
                    file: idx,
                });
            }
        }
    }
    (blocks, attrs)
}

/// The expression a JSON value stands for in Terraform's JSON syntax: strings are templates
/// (`"${var.x}"`), arrays and objects hold expressions.
fn json_expr(v: &JValue<'_>) -> Result<Expression, ImportError> {
    use hcl_edit::expr::{Array, Object, ObjectKey, ObjectValue};
    Ok(match &v.kind {
        JKind::Null => Expression::null(),
        JKind::Bool(b) => Expression::from(*b),
        JKind::Number(n) => match hcl_edit::Number::from_f64(n.value) {
            Some(num) => Expression::from(num),
            None => Expression::null(),
        },
        JKind::String(s) => {
            if s.contains("${") {
                let quoted = format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
                hcl_edit::parser::parse_expr(&quoted)
                    .unwrap_or_else(|_| Expression::from(s.to_string()))
            } else {
                Expression::from(s.to_string())
            }
        }
        JKind::Array(items) => {
            let mut a = Array::new();
            for it in items {
                a.push(json_expr(it)?);
            }
            Expression::Array(a)
        }
        JKind::Object(members) => {
            let mut o = Object::new();
            for m in members {
                let key = ObjectKey::Expression(Expression::from(m.key.to_string()));
                o.insert(key, ObjectValue::new(json_expr(&m.value)?));
            }
            Expression::Object(o)
        }
    })
}

/// Parses a `.tf.json` file: `{"resource": {"type": {"name": {…}}}, "variable": {…}, …}`.
pub fn parse_json(file: &SourceFile, idx: u32) -> Result<(Vec<Blk>, Vec<Attr>), ImportError> {
    let lines = Lines::new(&file.text, idx);
    let root = json::parse(&file.text, MAX_NESTING as u32).map_err(|e| {
        let at = lines.loc(e.offset as usize);
        let (en, zh) = e.kind.describe();
        err(
            file,
            at,
            format!("invalid JSON: {en}"),
            format!("JSON 无效：{zh}"),
        )
    })?;
    let Some(top) = root.as_object() else {
        return Err(err(
            file,
            lines.loc(root.start as usize),
            "a Terraform JSON file must be an object".into(),
            "Terraform JSON 文件必须是一个对象".into(),
        ));
    };
    // How many labels each block type takes.
    let labels_of = |ty: &str| match ty {
        "resource" | "data" => 2,
        "variable" | "module" | "output" | "provider" => 1,
        _ => 0,
    };
    let mut blocks = Vec::new();
    for m in top {
        let ty = m.key.to_string();
        let n = labels_of(&ty);
        if n == 0 {
            // locals {}, terraform {}, or an unknown top-level key: a block without labels.
            let mut b = Blk {
                ty,
                labels: Vec::new(),
                attrs: Vec::new(),
                blocks: Vec::new(),
                at: lines.loc(m.key_start as usize),
                file: idx,
            };
            for o in objects(&m.value) {
                b.attrs.extend(json_attrs(o, &lines)?);
            }
            blocks.push(b);
            continue;
        }
        collect_labelled(&ty, &m.value, n, Vec::new(), &lines, idx, &mut blocks)?;
    }
    // A `.tf.json` file has no attributes outside blocks.
    Ok((blocks, Vec::new()))
}

fn objects<'v, 'a>(v: &'v JValue<'a>) -> Vec<&'v [json::Member<'a>]> {
    match &v.kind {
        JKind::Object(m) => vec![m.as_slice()],
        JKind::Array(items) => items.iter().filter_map(|i| i.as_object()).collect(),
        _ => Vec::new(),
    }
}

#[allow(clippy::too_many_arguments)]
fn collect_labelled(
    ty: &str,
    v: &JValue<'_>,
    remaining: usize,
    labels: Vec<String>,
    lines: &Lines<'_>,
    idx: u32,
    out: &mut Vec<Blk>,
) -> Result<(), ImportError> {
    for members in objects(v) {
        for m in members {
            let mut l = labels.clone();
            l.push(m.key.to_string());
            if remaining > 1 {
                collect_labelled(ty, &m.value, remaining - 1, l, lines, idx, out)?;
            } else {
                for body in objects(&m.value) {
                    let (attrs, blocks) = json_body(body, lines, idx)?;
                    out.push(Blk {
                        ty: ty.to_string(),
                        labels: l.clone(),
                        attrs,
                        blocks,
                        at: lines.loc(m.key_start as usize),
                        file: idx,
                    });
                }
            }
        }
    }
    Ok(())
}

/// Block types whose JSON form is a nested block rather than an attribute.
const NESTED_BLOCKS: &[&str] = &[
    "alb_server_group",
    "backend_servers",
    "certificates",
    "content",
    "data_disks",
    "default_actions",
    "destination",
    "dynamic",
    "forward_group_config",
    "health_check",
    "health_check_config",
    "lifecycle",
    "server_group_servers",
    "server_group_tuples",
    "servers",
    "sticky_session_config",
    "zone_mappings",
];

fn json_body(
    members: &[json::Member<'_>],
    lines: &Lines<'_>,
    idx: u32,
) -> Result<(Vec<Attr>, Vec<Blk>), ImportError> {
    let mut attrs = Vec::new();
    let mut blocks = Vec::new();
    for m in members {
        // A nested block is written as an object or an array of objects; an array of
        // objects is always blocks (attributes hold lists of values), an object only for the
        // block types archlint reads (an object is otherwise a map attribute: `tags`).
        let array_of_objects = m
            .value
            .as_array()
            .is_some_and(|a| !a.is_empty() && a.iter().all(|x| x.as_object().is_some()));
        let object = m.value.as_object().is_some();
        if array_of_objects || (object && NESTED_BLOCKS.contains(&&*m.key)) {
            for o in objects(&m.value) {
                let (a, b) = json_body(o, lines, idx)?;
                blocks.push(Blk {
                    ty: m.key.to_string(),
                    labels: Vec::new(),
                    attrs: a,
                    blocks: b,
                    at: lines.loc(m.key_start as usize),
                    file: idx,
                });
            }
        } else {
            attrs.push(Attr {
                name: m.key.to_string(),
                expr: json_expr(&m.value)?,
                at: lines.loc(m.key_start as usize),
                val_at: lines.loc(m.value.start as usize),
            });
        }
    }
    Ok((attrs, blocks))
}

fn json_attrs(members: &[json::Member<'_>], lines: &Lines<'_>) -> Result<Vec<Attr>, ImportError> {
    members
        .iter()
        .map(|m| {
            Ok(Attr {
                name: m.key.to_string(),
                expr: json_expr(&m.value)?,
                at: lines.loc(m.key_start as usize),
                val_at: lines.loc(m.value.start as usize),
            })
        })
        .collect()
}

/// Parses a variable definitions file (`.tfvars` in HCL, or `.tfvars.json`): its attributes.
pub fn parse_tfvars(file: &SourceFile, idx: u32) -> Result<Vec<Attr>, ImportError> {
    if file.path.to_ascii_lowercase().ends_with(".json") {
        let lines = Lines::new(&file.text, idx);
        let root = json::parse(&file.text, MAX_NESTING as u32).map_err(|e| {
            let at = lines.loc(e.offset as usize);
            let (en, zh) = e.kind.describe();
            err(
                file,
                at,
                format!("invalid JSON: {en}"),
                format!("JSON 无效：{zh}"),
            )
        })?;
        return match root.as_object() {
            Some(m) => json_attrs(m, &lines),
            None => Ok(Vec::new()),
        };
    }
    let (blocks, attrs) = parse_hcl(file, idx)?;
    if let Some(b) = blocks.first() {
        return Err(err(
            file,
            b.at,
            format!(
                "a variable definitions file holds only `name = value` lines, not a `{}` block",
                b.ty
            ),
            format!("变量定义文件只能包含 `名称 = 值`，不能有 `{}` 块", b.ty),
        ));
    }
    Ok(attrs)
}
