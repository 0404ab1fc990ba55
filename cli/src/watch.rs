//! `--watch`: run `check` or `render` again whenever a file it read changes.
//!
//! Every file the run read (designs, `.tf` files, var files, overlays, the modules a
//! configuration calls) and every directory it listed is recorded while the run goes on
//! (`note`, called where the CLI reads); then those are polled every 200 ms — their size,
//! modification time and, for directories, the names in them — which needs no platform
//! watcher and survives editors that save by writing a new file and renaming it. A burst of
//! writes is waited out (the state must hold still for 150 ms) before the next run. A run
//! that fails (a half-saved file) prints its error and the watch goes on; Ctrl-C ends it with
//! status 0.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use archlint_core::Lang;

use crate::{err_line, OK};

/// How often the files are looked at.
const POLL: Duration = Duration::from_millis(200);
/// How long the files must stay unchanged before the next run starts.
const SETTLE: Duration = Duration::from_millis(150);

/// What the current run has read, while a watch records it, as it was when first read (so a
/// change made while the run goes on is seen by the first look after it).
static READ: Mutex<Option<Snapshot>> = Mutex::new(None);

/// Whether `READ` is recording (a watch is running).
static RECORDING: AtomicBool = AtomicBool::new(false);

/// Set by Ctrl-C.
static STOP: AtomicBool = AtomicBool::new(false);

fn read_log() -> std::sync::MutexGuard<'static, Option<Snapshot>> {
    READ.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Records that the current run read `path` (a file, or a directory it listed). Does nothing
/// unless a watch is recording.
pub fn note(path: &Path) {
    // Without --watch, reading costs no lock.
    if !RECORDING.load(Ordering::Relaxed) {
        return;
    }
    let p = {
        let read = read_log();
        let Some(seen) = read.as_ref() else { return };
        let p = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        if seen.contains_key(&p) {
            return;
        }
        p
    };
    // Looked at outside the lock: the jobs of `check` read in parallel.
    let now = state(&p);
    if let Some(seen) = read_log().as_mut() {
        seen.entry(p).or_insert(now);
    }
}

fn record(on: bool) -> Snapshot {
    let mut read = read_log();
    RECORDING.store(on, Ordering::Relaxed);
    if on {
        *read = Some(Snapshot::new());
        Snapshot::new()
    } else {
        read.take().unwrap_or_default()
    }
}

/// What is looked at of one path.
#[derive(PartialEq, Eq, Debug)]
enum State {
    Missing,
    File {
        len: u64,
        modified: Option<SystemTime>,
    },
    /// A directory: the names in it (a file written in place does not change them; a file
    /// added, removed or renamed does).
    Dir(Vec<OsString>),
}

fn state(p: &Path) -> State {
    match std::fs::metadata(p) {
        Err(_) => State::Missing,
        Ok(m) if m.is_dir() => {
            let mut names: Vec<OsString> = std::fs::read_dir(p)
                .map(|rd| rd.flatten().map(|e| e.file_name()).collect())
                .unwrap_or_default();
            names.sort();
            State::Dir(names)
        }
        Ok(m) => State::File {
            len: m.len(),
            modified: m.modified().ok(),
        },
    }
}

type Snapshot = BTreeMap<PathBuf, State>;

fn snapshot(paths: &Snapshot) -> Snapshot {
    paths.keys().map(|p| (p.clone(), state(p))).collect()
}

#[cfg(unix)]
fn on_ctrl_c() {
    extern "C" fn handler(_: libc::c_int) {
        // A second Ctrl-C while a run is still going ends at once.
        if STOP.swap(true, Ordering::SeqCst) {
            unsafe { libc::_exit(130) };
        }
    }
    let h: extern "C" fn(libc::c_int) = handler;
    // SAFETY: the handler only touches an atomic and calls _exit, both async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, h as libc::sighandler_t);
    }
}

#[cfg(not(unix))]
fn on_ctrl_c() {}

fn stopped() -> bool {
    STOP.load(Ordering::SeqCst)
}

/// The line shown after each run.
fn waiting_line(files: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("archlint：正在监视 {files} 个文件和目录，有改动时重新运行（Ctrl-C 退出）"),
        _ => format!(
            "archlint: watching {files} file(s) and directories; runs again when one changes (Ctrl-C to stop)"
        ),
    }
}

/// A usage error for `--watch` with standard input.
pub fn refuse_stdin(lang: Lang) -> u8 {
    crate::usage_error(
        lang,
        "--watch cannot watch standard input: name the files",
        "--watch 无法监视标准输入：请指定文件",
    )
}

/// `once` itself, or under `--watch` (`on`) run again on every change; standard input cannot
/// be watched.
pub fn maybe(on: bool, inputs: &[OsString], lang: Lang, once: impl FnMut() -> u8) -> u8 {
    let mut once = once;
    if !on {
        return once();
    }
    if inputs.iter().any(|p| p == "-") {
        return refuse_stdin(lang);
    }
    run(lang, once)
}

/// Runs `once` now and again after every change to what it read, until Ctrl-C (status 0).
/// If the first run reads nothing (a usage error before any input), its status is returned.
pub fn run(lang: Lang, mut once: impl FnMut() -> u8) -> u8 {
    on_ctrl_c();
    let tty = io::stdout().is_terminal();
    let mut first = true;
    loop {
        if tty && !first {
            // Clear the screen and go home, as `watch`-style tools do.
            let mut out = io::stdout().lock();
            let _ = out.write_all(b"\x1b[2J\x1b[H");
            let _ = out.flush();
        }
        record(true);
        let status = once();
        // What the run read, as it was when read.
        let mut last = record(false);
        if first && last.is_empty() {
            return status;
        }
        first = false;
        if stopped() {
            return OK;
        }
        err_line(&waiting_line(last.len(), lang));
        // Wait for a change…
        loop {
            std::thread::sleep(POLL);
            if stopped() {
                return OK;
            }
            let now = snapshot(&last);
            if now != last {
                last = now;
                break;
            }
        }
        // …then for the writes to settle.
        loop {
            std::thread::sleep(SETTLE);
            if stopped() {
                return OK;
            }
            let now = snapshot(&last);
            if now == last {
                break;
            }
            last = now;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_see_writes_renames_and_new_files() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.json");
        std::fs::write(&f, "{}").unwrap();
        let s0: Snapshot = [f.clone(), dir.path().to_path_buf()]
            .into_iter()
            .map(|p| {
                let now = state(&p);
                (p, now)
            })
            .collect();
        assert_eq!(s0, snapshot(&s0));
        std::fs::write(&f, "{ }").unwrap();
        let s1 = snapshot(&s0);
        assert_ne!(s0, s1, "a write that changes the size");
        std::fs::write(dir.path().join("b.tf"), "").unwrap();
        assert_ne!(s1, snapshot(&s0), "a file added to a listed directory");
        std::fs::remove_file(&f).unwrap();
        assert_eq!(snapshot(&s0)[&f], State::Missing);
    }

    #[test]
    fn notes_are_kept_only_while_recording() {
        note(Path::new("/nowhere/x.json"));
        record(true);
        note(Path::new("/nowhere/y.json"));
        note(Path::new("/nowhere/y.json"));
        let got = record(false);
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            [Path::new("/nowhere/y.json")]
        );
        assert_eq!(
            got[Path::new("/nowhere/y.json")],
            State::Missing,
            "as when read"
        );
        note(Path::new("/nowhere/z.json"));
        assert!(record(false).is_empty());
    }
}
