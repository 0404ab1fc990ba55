//! The Terraform functions configurations use to compute names, zones, addresses and counts.
//! A function of an unknown argument is unknown; a function archlint does not implement is
//! unknown too (never an error: the configuration is valid for Terraform).

use std::collections::BTreeMap;

use super::eval::{INSTANCE_MARK, MAX_LIST, MAX_STRING};
use super::value::{fmt_num, Val};

pub enum FnError {
    /// The result is unknown before deploy (or the function is not one archlint evaluates).
    Unknown,
    /// The result would exceed a limit; the text says what it would be.
    TooLarge(String),
}

type R = Result<Val, FnError>;

fn s(v: &Val) -> Result<String, FnError> {
    v.as_string().ok_or(FnError::Unknown)
}
fn n(v: &Val) -> Result<f64, FnError> {
    v.as_num().ok_or(FnError::Unknown)
}
fn list(v: &Val) -> Result<Vec<Val>, FnError> {
    match v {
        Val::List(l) => Ok(l.clone()),
        Val::Map(m) => Ok(m
            .iter()
            .filter(|(k, _)| *k != INSTANCE_MARK)
            .map(|(_, v)| v.clone())
            .collect()),
        _ => Err(FnError::Unknown),
    }
}
fn map(v: &Val) -> Result<BTreeMap<String, Val>, FnError> {
    match v {
        Val::Map(m) => Ok(m.clone()),
        _ => Err(FnError::Unknown),
    }
}
fn arg(a: &[Val], i: usize) -> Result<&Val, FnError> {
    a.get(i).ok_or(FnError::Unknown)
}
fn check_len(len: usize) -> Result<(), FnError> {
    if len > MAX_LIST {
        Err(FnError::TooLarge(format!("{len} elements")))
    } else {
        Ok(())
    }
}
fn check_str(st: String) -> R {
    if st.len() > MAX_STRING {
        Err(FnError::TooLarge(format!("a string of {} bytes", st.len())))
    } else {
        Ok(Val::Str(st))
    }
}

/// Calls function `name`.
pub fn call(name: &str, a: Vec<Val>) -> R {
    // `try` returns its first argument that is known; `can` whether its argument is.
    if name == "try" {
        return a
            .into_iter()
            .find(|v| !v.is_unknown())
            .ok_or(FnError::Unknown);
    }
    if name == "coalesce" {
        return a
            .into_iter()
            .find(|v| !matches!(v, Val::Null) && v.as_string().is_none_or(|x| !x.is_empty()))
            .ok_or(FnError::Unknown)
            .and_then(|v| {
                if v.is_unknown() {
                    Err(FnError::Unknown)
                } else {
                    Ok(v)
                }
            });
    }
    // `length` of a list whose elements are unknown is still known.
    if a.iter().any(Val::is_unknown) {
        return Err(FnError::Unknown);
    }
    match name {
        "length" => Ok(Val::Num(match arg(&a, 0)? {
            Val::Str(x) => x.chars().count() as f64,
            v => list(v)?.len() as f64,
        })),
        "element" => {
            let l = list(arg(&a, 0)?)?;
            let i = n(arg(&a, 1)?)?;
            if l.is_empty() || i < 0.0 {
                return Err(FnError::Unknown);
            }
            Ok(l[(i as usize) % l.len()].clone())
        }
        "index" => {
            let l = list(arg(&a, 0)?)?;
            let x = arg(&a, 1)?;
            l.iter()
                .position(|v| v == x)
                .map(|i| Val::Num(i as f64))
                .ok_or(FnError::Unknown)
        }
        "format" => format(&a),
        "formatlist" => {
            let lists: Vec<Option<Vec<Val>>> = a[1..]
                .iter()
                .map(|v| match v {
                    Val::List(l) => Some(l.clone()),
                    _ => None,
                })
                .collect();
            let len = lists.iter().flatten().map(Vec::len).max().unwrap_or(0);
            check_len(len)?;
            let mut out = Vec::with_capacity(len);
            for i in 0..len {
                let mut args = vec![a[0].clone()];
                for (k, l) in lists.iter().enumerate() {
                    args.push(match l {
                        Some(l) => l.get(i).cloned().ok_or(FnError::Unknown)?,
                        None => a[k + 1].clone(),
                    });
                }
                out.push(format(&args)?);
            }
            Ok(Val::List(out))
        }
        "join" => {
            let sep = s(arg(&a, 0)?)?;
            let mut parts = Vec::new();
            for l in &a[1..] {
                for v in list(l)? {
                    parts.push(s(&v)?);
                }
            }
            check_str(parts.join(&sep))
        }
        "split" => {
            let sep = s(arg(&a, 0)?)?;
            let x = s(arg(&a, 1)?)?;
            if sep.is_empty() {
                return Err(FnError::Unknown);
            }
            let parts: Vec<Val> = x.split(sep.as_str()).map(|p| Val::Str(p.into())).collect();
            check_len(parts.len())?;
            Ok(Val::List(parts))
        }
        "concat" => {
            let mut out = Vec::new();
            for l in &a {
                out.extend(list(l)?);
                check_len(out.len())?;
            }
            Ok(Val::List(out))
        }
        "flatten" => {
            fn flat(v: &Val, out: &mut Vec<Val>) {
                match v {
                    Val::List(l) => l.iter().for_each(|x| flat(x, out)),
                    other => out.push(other.clone()),
                }
            }
            let mut out = Vec::new();
            flat(arg(&a, 0)?, &mut out);
            check_len(out.len())?;
            Ok(Val::List(out))
        }
        "distinct" | "toset" => {
            let mut out: Vec<Val> = Vec::new();
            for v in list(arg(&a, 0)?)? {
                if !out.contains(&v) {
                    out.push(v);
                }
            }
            if name == "toset" {
                // Sets of strings iterate in lexical order.
                if out.iter().all(|v| matches!(v, Val::Str(_))) {
                    out.sort_by_key(|x| x.as_string());
                }
            }
            Ok(Val::List(out))
        }
        "tolist" => Ok(Val::List(list(arg(&a, 0)?)?)),
        "tomap" => Ok(Val::Map(map(arg(&a, 0)?)?)),
        "tostring" => Ok(Val::Str(s(arg(&a, 0)?)?)),
        "tonumber" => Ok(Val::Num(n(arg(&a, 0)?)?)),
        "tobool" => arg(&a, 0)?.as_bool().map(Val::Bool).ok_or(FnError::Unknown),
        "lookup" => {
            let m = map(arg(&a, 0)?)?;
            let k = s(arg(&a, 1)?)?;
            m.get(&k)
                .cloned()
                .or_else(|| a.get(2).cloned())
                .ok_or(FnError::Unknown)
        }
        "merge" => {
            let mut out = BTreeMap::new();
            for m in &a {
                if matches!(m, Val::Null) {
                    continue;
                }
                out.extend(map(m)?);
            }
            Ok(Val::Map(out))
        }
        "keys" => Ok(Val::List(
            map(arg(&a, 0)?)?
                .into_keys()
                .filter(|k| k != INSTANCE_MARK)
                .map(Val::Str)
                .collect(),
        )),
        "values" => Ok(Val::List(list(arg(&a, 0)?)?)),
        "zipmap" => {
            let k = list(arg(&a, 0)?)?;
            let v = list(arg(&a, 1)?)?;
            let mut out = BTreeMap::new();
            for (k, v) in k.iter().zip(v) {
                out.insert(s(k)?, v);
            }
            Ok(Val::Map(out))
        }
        "contains" => {
            let l = list(arg(&a, 0)?)?;
            Ok(Val::Bool(l.contains(arg(&a, 1)?)))
        }
        "slice" => {
            let l = list(arg(&a, 0)?)?;
            let (from, to) = (n(arg(&a, 1)?)? as usize, n(arg(&a, 2)?)? as usize);
            if from > to || to > l.len() {
                return Err(FnError::Unknown);
            }
            Ok(Val::List(l[from..to].to_vec()))
        }
        "reverse" => {
            let mut l = list(arg(&a, 0)?)?;
            l.reverse();
            Ok(Val::List(l))
        }
        "compact" => Ok(Val::List(
            list(arg(&a, 0)?)?
                .into_iter()
                .filter(|v| !matches!(v, Val::Null) && v.as_string().is_none_or(|x| !x.is_empty()))
                .collect(),
        )),
        "one" => {
            let l = list(arg(&a, 0)?)?;
            match l.len() {
                0 => Ok(Val::Null),
                1 => Ok(l[0].clone()),
                _ => Err(FnError::Unknown),
            }
        }
        "range" => {
            let nums: Vec<f64> = a.iter().map(n).collect::<Result<_, _>>()?;
            let (start, end, step) = match nums.as_slice() {
                [e] => (0.0, *e, 1.0),
                [s0, e] => (*s0, *e, 1.0),
                [s0, e, st] => (*s0, *e, *st),
                _ => return Err(FnError::Unknown),
            };
            if step == 0.0 || !step.is_finite() || !start.is_finite() || !end.is_finite() {
                return Err(FnError::Unknown);
            }
            let len = ((end - start) / step).ceil().max(0.0);
            if len > MAX_LIST as f64 {
                return Err(FnError::TooLarge(format!("{} elements", fmt_num(len))));
            }
            Ok(Val::List(
                (0..len as usize)
                    .map(|i| Val::Num(start + step * i as f64))
                    .collect(),
            ))
        }
        "min" | "max" => {
            let nums: Vec<f64> = a.iter().map(n).collect::<Result<_, _>>()?;
            let f = if name == "min" { f64::min } else { f64::max };
            nums.into_iter()
                .reduce(f)
                .map(Val::Num)
                .ok_or(FnError::Unknown)
        }
        "sum" => Ok(Val::Num(
            list(arg(&a, 0)?)?.iter().map(n).sum::<Result<f64, _>>()?,
        )),
        "abs" => Ok(Val::Num(n(arg(&a, 0)?)?.abs())),
        "ceil" => Ok(Val::Num(n(arg(&a, 0)?)?.ceil())),
        "floor" => Ok(Val::Num(n(arg(&a, 0)?)?.floor())),
        "parseint" => {
            let x = s(arg(&a, 0)?)?;
            let base = n(arg(&a, 1)?)? as u32;
            if !(2..=36).contains(&base) {
                return Err(FnError::Unknown);
            }
            i64::from_str_radix(&x, base)
                .map(|v| Val::Num(v as f64))
                .map_err(|_| FnError::Unknown)
        }
        "lower" => Ok(Val::Str(s(arg(&a, 0)?)?.to_lowercase())),
        "upper" => Ok(Val::Str(s(arg(&a, 0)?)?.to_uppercase())),
        "trimspace" => Ok(Val::Str(s(arg(&a, 0)?)?.trim().to_string())),
        "trim" => {
            let x = s(arg(&a, 0)?)?;
            let cut = s(arg(&a, 1)?)?;
            Ok(Val::Str(x.trim_matches(|c| cut.contains(c)).to_string()))
        }
        "trimprefix" => {
            let x = s(arg(&a, 0)?)?;
            let p = s(arg(&a, 1)?)?;
            Ok(Val::Str(
                x.strip_prefix(p.as_str()).unwrap_or(&x).to_string(),
            ))
        }
        "trimsuffix" => {
            let x = s(arg(&a, 0)?)?;
            let p = s(arg(&a, 1)?)?;
            Ok(Val::Str(
                x.strip_suffix(p.as_str()).unwrap_or(&x).to_string(),
            ))
        }
        "replace" => {
            let x = s(arg(&a, 0)?)?;
            let from = s(arg(&a, 1)?)?;
            let to = s(arg(&a, 2)?)?;
            // A `/…/` pattern is a regular expression: not evaluated.
            if from.len() > 1 && from.starts_with('/') && from.ends_with('/') || from.is_empty() {
                return Err(FnError::Unknown);
            }
            check_str(x.replace(&from, &to))
        }
        "substr" => {
            let x = s(arg(&a, 0)?)?;
            let off = n(arg(&a, 1)?)?;
            let len = n(arg(&a, 2)?)?;
            if off < 0.0 {
                return Err(FnError::Unknown);
            }
            let it = x.chars().skip(off as usize);
            Ok(Val::Str(if len < 0.0 {
                it.collect()
            } else {
                it.take(len as usize).collect()
            }))
        }
        "startswith" => Ok(Val::Bool(s(arg(&a, 0)?)?.starts_with(&s(arg(&a, 1)?)?))),
        "endswith" => Ok(Val::Bool(s(arg(&a, 0)?)?.ends_with(&s(arg(&a, 1)?)?))),
        "strcontains" => Ok(Val::Bool(s(arg(&a, 0)?)?.contains(&s(arg(&a, 1)?)?))),
        "anytrue" => Ok(Val::Bool(
            list(arg(&a, 0)?)?.iter().any(|v| v.as_bool() == Some(true)),
        )),
        "alltrue" => Ok(Val::Bool(
            list(arg(&a, 0)?)?.iter().all(|v| v.as_bool() == Some(true)),
        )),
        "cidrsubnet" => {
            let prefix = s(arg(&a, 0)?)?;
            let bits = n(arg(&a, 1)?)?;
            let num = n(arg(&a, 2)?)?;
            cidrsubnet(&prefix, bits, num)
                .map(Val::Str)
                .ok_or(FnError::Unknown)
        }
        "cidrhost" => {
            let prefix = s(arg(&a, 0)?)?;
            let host = n(arg(&a, 1)?)?;
            let (ip, len) = parse_cidr(&prefix).ok_or(FnError::Unknown)?;
            let size = 1u64 << (32 - len);
            if host < 0.0 || host as u64 >= size {
                return Err(FnError::Unknown);
            }
            Ok(Val::Str(ipv4(ip + host as u32)))
        }
        _ => Err(FnError::Unknown),
    }
}

/// `format` with the verbs configurations use: `%s`, `%d`, `%v`, `%%`, `%02d`-style widths.
fn format(a: &[Val]) -> R {
    let spec = s(arg(a, 0)?)?;
    let mut out = String::new();
    let mut args = a[1..].iter();
    let mut chars = spec.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut flags = String::new();
        while let Some(&d) = chars.peek() {
            if d.is_ascii_digit() || d == '-' || d == '.' {
                flags.push(d);
                chars.next();
            } else {
                break;
            }
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some('s' | 'v' | 'q') => {
                let v = s(args.next().ok_or(FnError::Unknown)?)?;
                out.push_str(&v);
            }
            Some('d') => {
                let v = n(args.next().ok_or(FnError::Unknown)?)? as i64;
                let width: usize = flags.trim_start_matches('0').parse().unwrap_or(0);
                if flags.starts_with('0') {
                    out.push_str(&format!("{v:0width$}"));
                } else {
                    out.push_str(&format!("{v:width$}"));
                }
            }
            Some('f') => {
                let v = n(args.next().ok_or(FnError::Unknown)?)?;
                out.push_str(&fmt_num(v));
            }
            _ => return Err(FnError::Unknown),
        }
        if out.len() > MAX_STRING {
            return Err(FnError::TooLarge(format!(
                "a string of {} bytes",
                out.len()
            )));
        }
    }
    Ok(Val::Str(out))
}

fn parse_cidr(s: &str) -> Option<(u32, u32)> {
    let (ip, len) = s.split_once('/')?;
    let len: u32 = len.parse().ok()?;
    if len > 32 {
        return None;
    }
    let mut v = 0u32;
    let mut parts = 0;
    for p in ip.split('.') {
        v = (v << 8) | p.parse::<u8>().ok()? as u32;
        parts += 1;
    }
    if parts != 4 {
        return None;
    }
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    Some((v & mask, len))
}

fn ipv4(v: u32) -> String {
    format!(
        "{}.{}.{}.{}",
        v >> 24,
        (v >> 16) & 255,
        (v >> 8) & 255,
        v & 255
    )
}

fn cidrsubnet(prefix: &str, bits: f64, num: f64) -> Option<String> {
    let (ip, len) = parse_cidr(prefix)?;
    if bits < 0.0 || num < 0.0 {
        return None;
    }
    let new = len + bits as u32;
    if new > 32 || num >= 2f64.powi(bits as i32) {
        return None;
    }
    let shifted = (num as u64) << (32 - new);
    Some(format!("{}/{new}", ipv4(ip | shifted as u32)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(x: &str) -> Val {
        Val::Str(x.into())
    }

    #[test]
    fn cidr_functions() {
        assert_eq!(
            cidrsubnet("10.0.0.0/16", 8.0, 2.0).as_deref(),
            Some("10.0.2.0/24")
        );
        assert_eq!(
            cidrsubnet("172.16.0.0/12", 4.0, 15.0).as_deref(),
            Some("172.31.0.0/16")
        );
        assert_eq!(cidrsubnet("10.0.0.0/30", 8.0, 0.0), None);
        assert!(matches!(
            call("cidrhost", vec![st("10.0.1.0/24"), Val::Num(5.0)]),
            Ok(Val::Str(s)) if s == "10.0.1.5"
        ));
    }

    #[test]
    fn format_and_collections() {
        let v = call("format", vec![st("web-%02d-%s"), Val::Num(3.0), st("a")]);
        assert!(matches!(v, Ok(Val::Str(s)) if s == "web-03-a"));
        let l = Val::List(vec![st("a"), st("b")]);
        assert!(
            matches!(call("element", vec![l.clone(), Val::Num(3.0)]), Ok(Val::Str(s)) if s == "b")
        );
        assert!(matches!(call("length", vec![l.clone()]), Ok(Val::Num(n)) if n == 2.0));
        assert!(matches!(call("join", vec![st(","), l]), Ok(Val::Str(s)) if s == "a,b"));
        assert!(matches!(
            call("range", vec![Val::Num(1e9)]),
            Err(FnError::TooLarge(_))
        ));
        assert!(matches!(
            call("length", vec![Val::unknown("var.x")]),
            Err(FnError::Unknown)
        ));
        assert!(matches!(call("nosuchfn", vec![]), Err(FnError::Unknown)));
    }
}
