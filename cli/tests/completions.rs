//! `archlint completions` and `archlint man`: generated from the CLI definition, so every
//! subcommand and flag that `--help` shows must be in them, and the outputs must be valid for
//! their consumers (bash parses and runs the script; groff renders the page).

mod common;

use std::process::{Command, Stdio};

use common::*;

/// Whether a program is on PATH.
fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The subcommands listed by `archlint --help`.
fn subcommands() -> Vec<String> {
    let help = stdout(&run(&["--help"]));
    let mut in_list = false;
    let mut out = Vec::new();
    for line in help.lines() {
        if line.starts_with("Commands:") {
            in_list = true;
            continue;
        }
        if in_list {
            if line.trim().is_empty() {
                break;
            }
            // "  check  Lint designs": a name at two spaces' indent (continuation lines are
            // indented further).
            if let Some(rest) = line.strip_prefix("  ") {
                if !rest.starts_with(' ') {
                    out.push(rest.split_whitespace().next().unwrap().to_string());
                }
            }
        }
    }
    assert!(out.len() >= 8, "subcommands from --help: {out:?}\n{help}");
    out
}

/// The long flags `archlint SUB --help` lists.
fn long_flags(sub: &str) -> Vec<String> {
    let help = stdout(&run(&[sub, "--help"]));
    let mut flags: Vec<String> = help
        .split(|c: char| c.is_whitespace() || c == ',' || c == '[' || c == ']')
        .filter(|w| w.starts_with("--") && w.len() > 2)
        .map(|w| {
            w.trim_end_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .to_string()
        })
        .filter(|w| {
            w[2..]
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
        .collect();
    flags.sort();
    flags.dedup();
    flags
}

#[test]
fn bash_completion_names_every_subcommand_and_flag_and_parses() {
    let out = run(&["completions", "bash"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let script = stdout(&out);
    for sub in subcommands() {
        assert!(script.contains(&sub), "bash completion lacks `{sub}`");
        for flag in long_flags(&sub) {
            assert!(
                script.contains(&flag),
                "bash completion lacks `{sub} {flag}`"
            );
        }
    }
    let dir = files(&[("archlint.bash", script.as_bytes())]);
    let check = Command::new("bash")
        .arg("-n")
        .arg(dir.path().join("archlint.bash"))
        .output()
        .expect("bash runs");
    assert!(
        check.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&check.stderr)
    );
}

/// What bash's completion offers for the words typed so far (the script sourced, its
/// function called as bash's `complete -F` would).
fn complete(script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let line = words.join(" ");
    let prog = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{line}'\nCOMP_POINT={}\n\
         _archlint archlint '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        words
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(" "),
        words.len() - 1,
        line.len(),
        words[words.len() - 1],
        words[words.len().saturating_sub(2)],
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &prog])
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completion_completes() {
    let script = stdout(&run(&["completions", "bash"]));
    let dir = files(&[("archlint.bash", script.as_bytes())]);
    let path = dir.path().join("archlint.bash");
    assert_eq!(complete(&path, &["archlint", "ch"]), ["check"]);
    let subs = complete(&path, &["archlint", ""]);
    for s in ["check", "render", "completions", "man"] {
        assert!(subs.iter().any(|w| w == s), "{subs:?}");
    }
    assert_eq!(
        complete(&path, &["archlint", "check", "--form"]),
        ["--format"]
    );
    let formats = complete(&path, &["archlint", "check", "--format", ""]);
    assert_eq!(formats, ["text", "json", "sarif", "github"]);
    let shells = complete(&path, &["archlint", "completions", ""]);
    for s in ["bash", "zsh", "fish", "powershell", "elvish"] {
        assert!(shells.iter().any(|w| w == s), "{shells:?}");
    }
}

#[test]
fn every_shell_gets_a_script() {
    for (shell, marker) in [
        ("bash", "complete -F _archlint"),
        ("zsh", "#compdef archlint"),
        ("fish", "complete -c archlint"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[archlint]"),
    ] {
        let out = run(&["completions", shell]);
        assert_eq!(code(&out), 0, "{shell}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(text.contains(marker), "{shell} script lacks `{marker}`");
        assert!(
            text.contains("render") && text.contains("format"),
            "{shell}"
        );
    }
    for shell in ["zsh", "fish"] {
        if !have(shell) {
            continue;
        }
        let text = stdout(&run(&["completions", shell]));
        let dir = files(&[("script", text.as_bytes())]);
        let ok = Command::new(shell)
            .arg("-n")
            .arg(dir.path().join("script"))
            .status()
            .unwrap();
        assert!(ok.success(), "{shell} -n rejects its script");
    }
    let bad = run(&["completions", "tcsh"]);
    assert_eq!(code(&bad), 2);
    assert!(stderr(&bad).contains("tcsh"));
}

/// The page rendered to plain text by groff as man(1) would (warnings are errors), or `None` without groff.
fn render_man(page: &[u8]) -> Option<String> {
    if !have("groff") {
        return None;
    }
    let dir = files(&[("page.1", page)]);
    let out = Command::new("groff")
        // -k: through preconv, as man(1) does (help texts have non-ASCII characters).
        .args(["-k", "-man", "-Tutf8", "-ww", "-P-c"])
        .arg(dir.path().join("page.1"))
        .output()
        .expect("groff runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && err.trim().is_empty(),
        "groff: {err}"
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

/// Plain text of rendered roff: groff's backspace overstrikes removed.
fn plain(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c == '\u{8}' {
            out.pop();
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn man_page_lists_every_subcommand_and_renders() {
    let out = run(&["man"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let page = out.stdout;
    let roff = String::from_utf8(page.clone()).unwrap();
    assert!(roff.starts_with(".ie \\n(.g .ds Aq") || roff.contains(".TH archlint 1"));
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS"] {
        assert!(roff.contains(section), "man page lacks {section}");
    }
    // Deterministic: the same bytes twice.
    assert_eq!(run(&["man"]).stdout, page);
    let shown = render_man(&page).map(|t| plain(&t)).unwrap_or(roff);
    for sub in subcommands() {
        assert!(
            shown.contains(&format!("archlint-{sub}(1)")),
            "man page does not list `{sub}`:\n{shown}"
        );
    }
    assert!(shown.contains("--lang"));
}

#[test]
fn man_dir_writes_a_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("man1");
    let out = run(&["man", "--dir", target.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    for sub in subcommands() {
        let p = target.join(format!("archlint-{sub}.1"));
        let page = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        if let Some(text) = render_man(&page) {
            let text = plain(&text);
            for flag in long_flags(&sub) {
                if flag == "--help" || flag == "--version" {
                    continue;
                }
                assert!(text.contains(&flag), "archlint-{sub}(1) lacks {flag}");
            }
        }
    }
    assert!(target.join("archlint.1").is_file());
    // A directory that cannot be made: exit 2 with the path.
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "x").unwrap();
    let bad = run(&["man", "--dir", blocker.join("sub").to_str().unwrap()]);
    assert_eq!(code(&bad), 2);
    assert!(stderr(&bad).contains("cannot write the manual pages"));
}
