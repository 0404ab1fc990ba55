//! `--jobs N`: work spread over threads, results handed back in input order, so that what
//! is printed is byte-identical whatever N is.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};

/// The default number of jobs: the CPUs this process may use.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Parses `--jobs`: a whole number of at least 1.
pub fn parse_jobs(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "`{s}` is not a number of jobs (a whole number, 1 or more)"
        )),
    }
}

/// Runs `f` on every item on up to `jobs` threads (a shared queue: each thread takes the next
/// item when it is done with one) and calls `each` with the results in the order of `items`,
/// each as soon as it and every result before it are ready. With one job, or one item, it
/// all runs on the calling thread.
pub fn ordered<T, R, F, E>(items: Vec<T>, jobs: usize, f: F, mut each: E)
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
    E: FnMut(R),
{
    let n = items.len();
    let threads = jobs.min(n);
    if threads <= 1 {
        for item in items {
            each(f(item));
        }
        return;
    }
    let queue: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel::<(usize, R)>();
        for _ in 0..threads {
            let tx = tx.clone();
            let (queue, next, f) = (&queue, &next, &f);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(slot) = queue.get(i) else { break };
                let item = slot
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .take();
                let Some(item) = item else { break };
                if tx.send((i, f(item))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        // Results that came early wait here for those before them.
        let mut early: BTreeMap<usize, R> = BTreeMap::new();
        let mut want = 0;
        while want < n {
            let Ok((i, r)) = rx.recv() else {
                // A worker panicked: the scope re-raises its panic when it ends.
                break;
            };
            early.insert(i, r);
            while let Some(r) = early.remove(&want) {
                each(r);
                want += 1;
            }
        }
    });
}

/// `ordered`, collected.
pub fn map<T, R, F>(items: Vec<T>, jobs: usize, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
{
    let mut out = Vec::with_capacity(items.len());
    ordered(items, jobs, f, |r| out.push(r));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn results_come_back_in_input_order_whatever_finishes_first() {
        // Early items take longest: they finish last but are handed back first.
        let items: Vec<u64> = (0..24).collect();
        for jobs in [1, 2, 3, 8, 100] {
            let mut seen = Vec::new();
            ordered(
                items.clone(),
                jobs,
                |i| {
                    std::thread::sleep(Duration::from_millis((24 - i) / 4));
                    i * 10
                },
                |r| seen.push(r),
            );
            assert_eq!(seen, (0..24).map(|i| i * 10).collect::<Vec<_>>(), "{jobs}");
        }
        assert!(map(Vec::<u8>::new(), 4, |x| x).is_empty());
    }

    #[test]
    fn work_runs_on_several_threads() {
        let ids = map((0..8).collect::<Vec<_>>(), 4, |_| {
            std::thread::sleep(Duration::from_millis(20));
            std::thread::current().id()
        });
        let mut distinct = ids.clone();
        distinct.sort_by_key(|t| format!("{t:?}"));
        distinct.dedup();
        assert!(distinct.len() > 1, "{ids:?}");
    }

    #[test]
    fn jobs_flag_is_a_positive_whole_number() {
        assert_eq!(parse_jobs("3"), Ok(3));
        assert!(parse_jobs("0").is_err());
        assert!(parse_jobs("-1").is_err());
        assert!(parse_jobs("two").is_err());
        assert!(default_jobs() >= 1);
    }
}
