//! The widget's API, natively: options, render, lint, errors.

use archlint_widget::{lint_text, parse_options, render_and_lint_text, render_text};

const ONE: &str = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
  "nodes": [ { "id": "web-1", "kind": "ecs", "label": "<script>x</script>", "module": "web", "zone": "hz-b" } ] }"#;

#[test]
fn defaults_without_options() {
    for o in [None, Some("null"), Some("{}")] {
        let o = parse_options(o).unwrap();
        assert!(o.render.findings);
        assert_eq!(o.render.lang, archlint_core::Lang::En);
        assert_eq!(o.render.limits, archlint_core::Limits::DEFAULT);
        assert_eq!(o.file, "design.json");
    }
}

#[test]
fn every_option_is_read() {
    let o = parse_options(Some(
        r#"{"lang": "zh-CN", "theme": "dark", "findings": "off", "idPrefix": "w 1<x>",
            "maxBytes": 1000, "maxNodes": 5, "ignore": ["HA001"], "file": "a.json"}"#,
    ))
    .unwrap();
    let r = &o.render;
    assert_eq!(r.lang, archlint_core::Lang::Zh);
    assert_eq!(r.theme, archlint_core::Theme::Dark);
    assert!(!r.findings);
    assert_eq!(r.id_prefix.as_deref(), Some("w1x"));
    assert_eq!((r.limits.max_bytes, r.limits.max_nodes), (1000, 5));
    assert_eq!(r.lint.ignore_codes, ["HA001"]);
    assert_eq!(o.file, "a.json");
    // null means "the default"; booleans work for findings
    let o = parse_options(Some(r#"{"lang": null, "findings": false}"#)).unwrap();
    assert!(!o.render.findings);
}

#[test]
fn limits_only_tighten() {
    let d = archlint_core::Limits::DEFAULT;
    let o = parse_options(Some(r#"{"maxBytes": 1e300, "maxNodes": 999999999999}"#));
    // 1e300 is not written as an integer: refused
    assert_eq!(o.unwrap_err().kind, "options");
    let o = parse_options(Some(
        r#"{"maxBytes": 99999999999999, "maxNodes": 999999999999}"#,
    ))
    .unwrap();
    assert_eq!(o.render.limits.max_bytes, d.max_bytes);
    assert_eq!(o.render.limits.max_nodes, d.max_nodes);
    for bad in [
        r#"{"maxNodes": -1}"#,
        r#"{"maxNodes": 1.5}"#,
        r#"{"maxNodes": "5"}"#,
    ] {
        assert_eq!(
            parse_options(Some(bad)).unwrap_err().kind,
            "options",
            "{bad}"
        );
    }
}

#[test]
fn bad_options_are_errors() {
    for (bad, msg) in [
        (r#"{"max_nodes": 5}"#, "unknown option \"max_nodes\""),
        (r#"{"lang": "fr"}"#, "unknown lang"),
        (r#"{"theme": "blue"}"#, "unknown theme"),
        (r#"{"findings": 1}"#, "option findings"),
        (r#"{"ignore": "HA001"}"#, "option ignore"),
        (r#"[1]"#, "must be an object"),
        (r#"{"#, "not valid JSON"),
    ] {
        let e = parse_options(Some(bad)).unwrap_err();
        assert_eq!((e.kind, e.line, e.column), ("options", 0, 0), "{bad}");
        assert!(e.message.contains(msg), "{bad}: {}", e.message);
    }
}

#[test]
fn render_is_core_svg_with_the_prefix_and_escaped_labels() {
    let o = parse_options(Some(r#"{"idPrefix": "w7"}"#)).unwrap();
    let svg = render_text(ONE, &o).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"w7\""));
    assert!(svg.contains("id=\"w7-n0\""));
    assert!(svg.contains("&lt;script&gt;x&lt;/script&gt;"));
    assert!(!svg.contains("<script"));
    assert_eq!(
        svg,
        archlint_core::render_svg(ONE, &o.render).unwrap(),
        "the widget adds nothing"
    );
}

#[test]
fn lint_is_the_cli_document() {
    let o = parse_options(Some(r#"{"file": "x.json"}"#)).unwrap();
    let doc = lint_text(ONE, &o).unwrap();
    assert!(doc.starts_with("{\n  \"archlint\": 1,\n  \"files\": [\n    {\n      \"file\": \"x.json\",\n      \"findings\": ["));
    assert!(doc.contains("\"rule\": \"HA001\""));
    let o = parse_options(Some(r#"{"ignore": ["HA001"], "lang": "zh"}"#)).unwrap();
    let doc = lint_text(ONE, &o).unwrap();
    assert!(!doc.contains("\"rule\": \"HA001\""));
}

#[test]
fn load_errors_carry_kind_line_and_column_in_the_language() {
    let en = parse_options(None).unwrap();
    let e = render_text("{\n  \"archlint\": 1,\n  x\n}", &en).unwrap_err();
    assert_eq!((e.kind, e.line, e.column), ("syntax", 3, 3));
    assert!(e.message.starts_with("invalid JSON"), "{}", e.message);
    let zh = parse_options(Some(r#"{"lang": "zh"}"#)).unwrap();
    let e = lint_text("{\"archlint\": 2}", &zh).unwrap_err();
    assert_eq!(e.kind, "unsupported-version");
    assert!(e.message.contains("不支持"), "{}", e.message);
    let tight = parse_options(Some(r#"{"maxNodes": 0}"#)).unwrap();
    assert_eq!(render_text(ONE, &tight).unwrap_err().kind, "too-many-nodes");
    let tight = parse_options(Some(r#"{"maxBytes": 10}"#)).unwrap();
    assert_eq!(lint_text(ONE, &tight).unwrap_err().kind, "too-large");
    assert_eq!(render_text("[]", &en).unwrap_err().kind, "not-an-object");
    assert_eq!(render_text("{}", &en).unwrap_err().kind, "missing-version");
}

#[test]
fn render_and_lint_together_gives_the_same_bytes() {
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
    let mut texts = vec![String::from(ONE)];
    for f in ["vpc.json", "broken/bh.json", "broken/ns.json"] {
        texts.push(std::fs::read_to_string(format!("{examples}/{f}")).unwrap());
    }
    for opts in [
        r#"{"idPrefix": "p"}"#,
        r#"{"lang": "zh", "theme": "dark", "ignore": ["BH004"]}"#,
        "{}",
    ] {
        let o = parse_options(Some(opts)).unwrap();
        for t in &texts {
            let (svg, doc) = render_and_lint_text(t, &o).unwrap();
            assert_eq!(svg, render_text(t, &o).unwrap());
            assert_eq!(doc, lint_text(t, &o).unwrap());
        }
    }
    let o = parse_options(None).unwrap();
    let e = render_and_lint_text("{\"archlint\": 1, ]", &o).unwrap_err();
    assert_eq!((e.kind, e.line, e.column), ("syntax", 1, 17));
}

#[test]
fn quoted_is_str_debug() {
    // `quoted` stands in for `{:?}` in the options' error messages
    use archlint_widget::quoted;
    for s in [
        "",
        "max_nodes",
        "it's",
        "a\"b\\c",
        "\0\t\r\n\x07\x7f",
        "中文 lang",
        "e\u{301}",
        "\u{301}x",
        "\u{200b}\u{feff}\u{e000}\u{85}\u{a0}\u{2028}",
        "🦀\u{10ffff}",
    ] {
        assert_eq!(quoted(s), format!("{s:?}"));
    }
    // every character of the BMP and a sample of the others, first, inside and after a quote
    for c in (0..0x11000u32)
        .chain((0x11000..0x110000).step_by(61))
        .filter_map(char::from_u32)
    {
        let s = format!("{c}x{c}'{c}");
        assert_eq!(quoted(&s), format!("{s:?}"), "U+{:04X}", c as u32);
    }
}
