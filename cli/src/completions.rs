//! `archlint completions SHELL` and `archlint man`: shell completion scripts (clap_complete)
//! and manual pages (clap_mangen), both generated from the same clap definition as `--help`,
//! so they never fall out of date with the flags.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use archlint_core::Lang;
use clap::{Args, Command};
use clap_complete::Shell;

use crate::{finish_output, OK};

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// Write one page per command (archlint.1, archlint-check.1, …) into this directory
    /// instead of printing archlint(1) on standard output
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The completion script for `shell`, for a binary named `archlint`.
pub fn script(mut cmd: Command, shell: Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    // Generated into memory: clap_complete panics when its writer fails (a closed pipe).
    clap_complete::generate(shell, &mut cmd, "archlint", &mut buf);
    buf
}

pub fn completions(cmd: Command, args: &CompletionsArgs) -> u8 {
    let buf = script(cmd, args.shell);
    let mut out = io::stdout().lock();
    finish_output(out.write_all(&buf).and_then(|()| out.flush()), OK)
}

/// The manual page of `cmd` (roff), with the subcommands it lists.
pub fn page(cmd: Command) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut buf)?;
    Ok(buf)
}

pub fn man(cmd: Command, args: &ManArgs, lang: Lang) -> u8 {
    match &args.dir {
        None => match page(cmd) {
            Ok(buf) => {
                let mut out = io::stdout().lock();
                finish_output(out.write_all(&buf).and_then(|()| out.flush()), OK)
            }
            Err(e) => crate::usage_error(lang, &e.to_string(), &e.to_string()),
        },
        Some(dir) => match write_pages(cmd, dir) {
            Ok(()) => OK,
            Err(e) => {
                let shown = dir.display();
                crate::usage_error(
                    lang,
                    &format!("cannot write the manual pages to {shown}: {e}"),
                    &format!("无法把手册页写入 {shown}：{e}"),
                )
            }
        },
    }
}

/// One page per visible command, named like git's (`archlint-check.1`).
fn write_pages(cmd: Command, dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    clap_mangen::generate_to(cmd, dir)
}
