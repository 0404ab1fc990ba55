//! `text!` for archlint-core: a bilingual message from two format strings, turned at compile
//! time into two templates and one call of the non-generic `Text::fill`.
//!
//! `text!("{n} nodes in `{id}`", "{n} 个节点")` becomes
//! `Text::fill("\u{10} nodes in `\u{11}`\u{f}\u{10} 个节点", &[&n as &dyn Display, &id as &dyn Display])`:
//! one string, the English template, U+000F, the Chinese template (one pointer and length
//! less per call than two strings). Each distinct `{name}` / `{name:spec}` of either string gets
//! one argument slot, written in the templates as the character U+0010 + slot (so at most 16
//! slots; the literals may not contain U+000F..U+001F themselves). `{{` and `}}` become `{` and `}`. An argument with a
//! format spec is passed as `&format_args!("{:spec}", name)`. The text produced is exactly what
//! `format!` gives for the same string. Only inline captured identifiers are accepted (like
//! `format!`'s implicit arguments); positional `{}` / `{0}` are an error.
//!
//! Used through `archlint_core::text!`, which passes `$crate` first: `__text!($crate; en, zh)`.

use proc_macro::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

/// First marker character: slot `i` is written as `char::from(MARK + i)`.
const MARK: u8 = 0x10;
const SLOTS: usize = 16;
/// Between the English and the Chinese template, in the one string passed.
const SEPARATOR: char = '\u{f}';

#[proc_macro]
pub fn text(input: TokenStream) -> TokenStream {
    match expand(input) {
        Ok(ts) => ts,
        Err((msg, span)) => compile_error(&msg, span),
    }
}

type Error = (String, Span);

fn expand(input: TokenStream) -> Result<TokenStream, Error> {
    let tokens = flatten(input);
    let mut it = tokens.into_iter();
    // `$crate ;`
    let krate = match it.next() {
        Some(TokenTree::Ident(i)) => i,
        other => return Err(("expected the crate path".into(), span_of(other.as_ref()))),
    };
    expect_punct(it.next(), ';')?;
    let en = match it.next() {
        Some(TokenTree::Literal(l)) => l,
        other => return Err(("expected a string literal".into(), span_of(other.as_ref()))),
    };
    expect_punct(it.next(), ',')?;
    let zh = match it.next() {
        Some(TokenTree::Literal(l)) => l,
        other => return Err(("expected a string literal".into(), span_of(other.as_ref()))),
    };
    match it.next() {
        None => {}
        Some(TokenTree::Punct(p)) if p.as_char() == ',' && it.clone().next().is_none() => {}
        Some(t) => return Err(("expected two string literals".into(), t.span())),
    }

    let mut slots: Vec<(String, String, Span)> = Vec::new();
    let en_tpl = template(&en, &mut slots)?;
    let zh_tpl = template(&zh, &mut slots)?;

    // $crate::text::Text::fill("EN\u{f}ZH", &[ARGS])
    let mut out = Vec::<TokenTree>::new();
    out.push(TokenTree::Ident(krate));
    path(&mut out, &["text", "Text", "fill"]);
    let mut call = Vec::<TokenTree>::new();
    let mut lit = Literal::string(&format!("{en_tpl}{SEPARATOR}{zh_tpl}"));
    lit.set_span(en.span());
    call.push(TokenTree::Literal(lit));
    call.push(punct(','));
    call.push(punct('&'));
    let mut args = Vec::<TokenTree>::new();
    for (name, spec, span) in &slots {
        args.push(punct('&'));
        // the identifier gets the literal's span, so it resolves where the literal was written
        // (as format!'s inline arguments do), not inside the `text!` macro_rules wrapper
        let ident = Ident::new(name, *span);
        if spec.is_empty() {
            args.push(TokenTree::Ident(ident));
        } else {
            path(&mut args, &["core", "format_args"]);
            args.push(punct('!'));
            let mut inner = Vec::<TokenTree>::new();
            inner.push(TokenTree::Literal(Literal::string(&format!("{{:{spec}}}"))));
            inner.push(punct(','));
            inner.push(TokenTree::Ident(ident));
            args.push(group(Delimiter::Parenthesis, inner));
        }
        args.push(TokenTree::Ident(Ident::new("as", Span::call_site())));
        args.push(punct('&'));
        args.push(TokenTree::Ident(Ident::new("dyn", Span::call_site())));
        path(&mut args, &["core", "fmt", "Display"]);
        args.push(punct(','));
    }
    call.push(group(Delimiter::Bracket, args));
    out.push(group(Delimiter::Parenthesis, call));
    Ok(out.into_iter().collect())
}

/// The template of one format string; adds its arguments to `slots`.
fn template(lit: &Literal, slots: &mut Vec<(String, String, Span)>) -> Result<String, Error> {
    let span = lit.span();
    let s = unescape(&lit.to_string())
        .ok_or_else(|| ("expected a string literal".to_string(), span))?;
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{f}'..='\u{1f}' => {
                return Err((
                    "text!: the characters U+000F..U+001F are reserved".into(),
                    span,
                ))
            }
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '}' => return Err(("text!: unmatched `}` (write `}}`)".into(), span)),
            '{' => {
                let mut inner = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => inner.push(c),
                        None => return Err(("text!: unterminated `{`".into(), span)),
                    }
                }
                let (name, spec) = match inner.split_once(':') {
                    Some((n, s)) => (n.trim().to_string(), s.to_string()),
                    None => (inner.trim().to_string(), String::new()),
                };
                let ident_ok = name
                    .chars()
                    .next()
                    .is_some_and(|c| c == '_' || c.is_alphabetic())
                    && name.chars().all(|c| c == '_' || c.is_alphanumeric())
                    && name != "_";
                if !ident_ok {
                    return Err((
                        format!("text!: `{{{inner}}}`: only named arguments (captured identifiers) are supported"),
                        span,
                    ));
                }
                let i = match slots
                    .iter()
                    .position(|(n, sp, _)| *n == name && *sp == spec)
                {
                    Some(i) => i,
                    None => {
                        slots.push((name, spec, span));
                        slots.len() - 1
                    }
                };
                if i >= SLOTS {
                    return Err((
                        format!("text!: more than {SLOTS} different arguments"),
                        span,
                    ));
                }
                out.push(char::from(MARK + i as u8));
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

/// The value of a string literal's source text (`"…"` with escapes, or `r#"…"#`).
fn unescape(src: &str) -> Option<String> {
    if let Some(raw) = src.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw.get(hashes..raw.len() - hashes)?;
        return Some(body.strip_prefix('"')?.strip_suffix('"')?.to_string());
    }
    let body = src.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue; // CRLF in a literal is LF
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '0' => out.push('\0'),
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'x' => {
                let h: String = [chars.next()?, chars.next()?].iter().collect();
                out.push(char::from(u8::from_str_radix(&h, 16).ok()?));
            }
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let mut h = String::new();
                loop {
                    match chars.next()? {
                        '}' => break,
                        '_' => {}
                        c => h.push(c),
                    }
                }
                out.push(char::from_u32(u32::from_str_radix(&h, 16).ok()?)?);
            }
            '\n' | '\r' => {
                // line continuation: skip the following whitespace
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

/// The tokens, with the invisible groups macro_rules may wrap fragments in removed.
fn flatten(input: TokenStream) -> Vec<TokenTree> {
    let mut out = Vec::new();
    for t in input {
        match t {
            TokenTree::Group(g) if g.delimiter() == Delimiter::None => {
                out.extend(flatten(g.stream()))
            }
            t => out.push(t),
        }
    }
    out
}

fn expect_punct(t: Option<TokenTree>, c: char) -> Result<(), Error> {
    match t {
        Some(TokenTree::Punct(p)) if p.as_char() == c => Ok(()),
        other => Err((format!("expected `{c}`"), span_of(other.as_ref()))),
    }
}

fn span_of(t: Option<&TokenTree>) -> Span {
    t.map_or_else(Span::call_site, TokenTree::span)
}

fn punct(c: char) -> TokenTree {
    TokenTree::Punct(Punct::new(c, Spacing::Alone))
}

fn group(d: Delimiter, inner: Vec<TokenTree>) -> TokenTree {
    TokenTree::Group(Group::new(d, inner.into_iter().collect()))
}

/// `::a::b`: an absolute path, or the rest of one after its first segment.
fn path(out: &mut Vec<TokenTree>, segs: &[&str]) {
    for s in segs {
        out.push(TokenTree::Punct(Punct::new(':', Spacing::Joint)));
        out.push(TokenTree::Punct(Punct::new(':', Spacing::Alone)));
        out.push(TokenTree::Ident(Ident::new(s, Span::call_site())));
    }
}

fn compile_error(msg: &str, span: Span) -> TokenStream {
    let mut ts = Vec::<TokenTree>::new();
    path(&mut ts, &["core", "compile_error"]);
    ts.push(punct('!'));
    let mut lit = Literal::string(msg);
    lit.set_span(span);
    ts.push(group(Delimiter::Parenthesis, vec![TokenTree::Literal(lit)]));
    ts.into_iter()
        .map(|mut t| {
            t.set_span(span);
            t
        })
        .collect()
}
