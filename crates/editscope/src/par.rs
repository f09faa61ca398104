//! Work on several threads with the order of a sequential loop: [`map`] and [`jobs`].

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The number [`set_jobs`] set (0: none).
static JOBS: AtomicUsize = AtomicUsize::new(0);

/// Sets the number of threads [`jobs`] answers when not given one (a front end's `--jobs`),
/// for the whole process: the checks and the reading of git's blobs alike.
pub fn set_jobs(n: usize) {
    JOBS.store(n, Ordering::Relaxed);
}

/// The variable that sets how many threads a check uses ([`jobs`]).
pub const JOBS_ENV: &str = "EDITSCOPE_JOBS";

/// How many threads to use: `explicit` when given, else the number [`set_jobs`] set, else
/// `$EDITSCOPE_JOBS`, else the available parallelism; at least 1.
pub fn jobs(explicit: Option<usize>) -> usize {
    explicit
        .or_else(|| Some(JOBS.load(Ordering::Relaxed)).filter(|n| *n > 0))
        .or_else(|| std::env::var(JOBS_ENV).ok()?.trim().parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1)
}

/// `items.iter().map(f).collect()`, on up to `jobs` threads (the caller's among them): each
/// thread takes the next item not yet taken, and the results come back in the items'
/// order, whatever order they were made in. Where a thread cannot be started, the others
/// (at least the caller's) do its share.
pub fn map<T: Sync, R: Send>(items: &[T], jobs: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let jobs = jobs.clamp(1, items.len().max(1));
    if jobs == 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<R>>> = Mutex::new(items.iter().map(|_| None).collect());
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(item) = items.get(i) else { break };
        let r = f(item);
        done.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(r);
    };
    std::thread::scope(|s| {
        for _ in 1..jobs {
            let _ = std::thread::Builder::new()
                .name("editscope-job".into())
                .spawn_scoped(s, work);
        }
        work();
    });
    done.into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .map(|r| r.expect("every item is taken by one thread, which stores its result"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_items_order_whatever_the_threads() {
        let items: Vec<u64> = (0..200).collect();
        let slow = |x: &u64| {
            // Uneven work so that threads finish out of order.
            std::thread::sleep(std::time::Duration::from_micros((x % 7) * 50));
            x * 3
        };
        let one = map(&items, 1, slow);
        for jobs in [2, 3, 8, 1000] {
            assert_eq!(map(&items, jobs, slow), one);
        }
        assert_eq!(map(&[] as &[u64], 4, slow), Vec::<u64>::new());
        assert!(jobs(Some(0)) >= 1);
        assert_eq!(jobs(Some(3)), 3);
    }
}
