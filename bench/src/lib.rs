//! Measuring code shared by the benchmark binaries (`archlint-bench`, `render`, `report`):
//! a counting global allocator over mimalloc (peak heap), timed runs (min / median), timed
//! child processes with a timeout, and a small SVG line-chart writer ([`chart`]).

pub mod chart;

use std::alloc::{GlobalAlloc, Layout};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Counts live and peak heap bytes, over mimalloc (the CLI's allocator). A binary installs it
/// with `#[global_allocator] static A: archlint_bench::Counting = archlint_bench::Counting;`.
pub struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { mimalloc::MiMalloc.alloc(l) };
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { mimalloc::MiMalloc.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { mimalloc::MiMalloc.realloc(p, l, new) };
        if !q.is_null() {
            if new > l.size() {
                let now = LIVE.fetch_add(new - l.size(), Ordering::Relaxed) + new - l.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(l.size() - new, Ordering::Relaxed);
            }
        }
        q
    }
}

/// Min and median wall time of several runs, and the peak heap of one run.
#[derive(Debug, Clone, Copy)]
pub struct Measured {
    pub min: Duration,
    pub median: Duration,
    /// Heap bytes above the starting point at the peak of the warm-up run; 0 unless the
    /// binary's global allocator is [`Counting`].
    pub peak: usize,
}

/// Runs `f` once (warm-up; its peak heap is recorded) and then `runs` timed times.
pub fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> Measured {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    drop(std::hint::black_box(f()));
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            let r = f();
            let e = t.elapsed();
            drop(std::hint::black_box(r));
            e
        })
        .collect();
    times.sort();
    Measured {
        min: times[0],
        median: times[times.len() / 2],
        peak,
    }
}

/// Milliseconds.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Why a timed process gave no time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcessError {
    /// It could not be started or exited with a failure.
    Failed,
    /// Still running after the timeout (it was killed).
    Timeout,
}

/// Wall time of a process run to completion (stdin, stdout and stderr discarded).
pub fn run_process(cmd: &mut Command, timeout: Duration) -> Result<Duration, ProcessError> {
    let t = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|_| ProcessError::Failed)?;
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(t.elapsed()),
            Ok(Some(_)) | Err(_) => return Err(ProcessError::Failed),
            Ok(None) if t.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ProcessError::Timeout);
            }
            Ok(None) => std::thread::sleep(Duration::from_micros(200)),
        }
    }
}

/// (min, median) over `runs` process runs; the first failure or timeout ends it.
pub fn measure_process(
    runs: usize,
    timeout: Duration,
    mut make: impl FnMut() -> Command,
) -> Result<(Duration, Duration), ProcessError> {
    let mut times = Vec::new();
    for _ in 0..runs.max(1) {
        times.push(run_process(&mut make(), timeout)?);
    }
    times.sort();
    Ok((times[0], times[times.len() / 2]))
}

/// Whether `program ARG` runs and exits successfully (e.g. `dot -V`).
pub fn installed(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Parses node counts from arguments (`10_000` allowed); `default` when there are none.
pub fn sizes(args: &[String], default: &[usize]) -> Vec<usize> {
    let v: Vec<usize> = args
        .iter()
        .filter_map(|a| a.replace('_', "").parse().ok())
        .collect();
    if v.is_empty() {
        default.to_vec()
    } else {
        v
    }
}

/// `doc` with its section `heading` (a `## ` line, up to the next `## ` heading or the end)
/// replaced by `section`, or `section` appended when there is none: how a benchmark writes
/// its part of `docs/performance.md`.
pub fn splice_section(doc: &str, heading: &str, section: &str) -> String {
    let section = section.trim_end();
    let start = doc
        .match_indices(heading)
        .map(|(i, _)| i)
        .find(|&i| i == 0 || doc[..i].ends_with('\n'));
    match start {
        Some(i) => {
            let rest = &doc[i + heading.len()..];
            let end = rest
                .match_indices("\n## ")
                .next()
                .map_or(doc.len(), |(j, _)| i + heading.len() + j + 1);
            let tail = &doc[end..];
            if tail.is_empty() {
                format!("{}{section}\n", &doc[..i])
            } else {
                format!("{}{section}\n\n{tail}", &doc[..i])
            }
        }
        None => {
            let head = doc.trim_end();
            if head.is_empty() {
                format!("{section}\n")
            } else {
                format!("{head}\n\n{section}\n")
            }
        }
    }
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut o = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            o.push(',');
        }
        o.push(c);
    }
    o
}
